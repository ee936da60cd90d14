// The case category table in the shape of GB/T 30428 (a sample, not the full standard): kind digit
// (1 component 部件, 2 event 事件) + 2-digit main class + 2-digit sub-class, each sub-class with its
// urgency, handling time limit and the kind of department that handles it. The seed-only columns
// (weight, season, alley, hotline) shape the synthetic case mix; they are not stored.

export type Urgency = 'danger' | 'same_day' | 'routine' | 'complex';
export type LimitUnit = 'hour' | 'working_hour' | 'day' | 'working_day';
/** When a category peaks: summer (Jun–Aug), rain (Jul–Aug storms), winter (heating season Nov 15–Mar 15). */
export type Season = 'summer' | 'rain' | 'winter' | null;

export interface MainClass {
  kind: 'component' | 'event';
  code: string;
  name: string;
  nameEn: string;
}

export interface CategorySpec {
  /** kind digit + main + sub, e.g. 10101 */
  code: string;
  name: string;
  nameEn: string;
  urgency: Urgency;
  limit: number;
  unit: LimitUnit;
  department: string;
  /** relative frequency over a year */
  weight: number;
  season: Season;
  /** share of this category's cases that happen on a back alley */
  alley: number;
  /** share reported through the 12345 hotline (the rest: patrol, chiefs, stewards, app …) */
  hotline: number;
}

export const MAIN_CLASSES: MainClass[] = [
  { kind: 'component', code: '01', name: '公用设施', nameEn: 'Public facilities' },
  { kind: 'component', code: '02', name: '道路交通', nameEn: 'Roads and traffic' },
  { kind: 'component', code: '03', name: '市容环境', nameEn: 'City appearance' },
  { kind: 'component', code: '04', name: '园林绿化', nameEn: 'Greening' },
  { kind: 'component', code: '05', name: '房屋土地', nameEn: 'Buildings and land' },
  { kind: 'component', code: '06', name: '其他设施', nameEn: 'Other facilities' },
  { kind: 'event', code: '01', name: '市容环境', nameEn: 'City appearance' },
  { kind: 'event', code: '02', name: '宣传广告', nameEn: 'Advertising' },
  { kind: 'event', code: '03', name: '施工管理', nameEn: 'Construction' },
  { kind: 'event', code: '04', name: '突发事件', nameEn: 'Emergencies' },
  { kind: 'event', code: '05', name: '街面秩序', nameEn: 'Street order' },
  { kind: 'event', code: '06', name: '其他事件', nameEn: 'Other events' },
];

type Row = [code: string, name: string, nameEn: string, urgency: Urgency, limit: number, unit: LimitUnit,
  department: string, weight: number, season: Season, alley: number, hotline: number];

const ROWS: Row[] = [
  // 部件 01 公用设施
  ['10101', '上水井盖', 'Water manhole cover', 'danger', 4, 'hour', 'water', 10, null, 0.45, 0.2],
  ['10102', '污水井盖', 'Sewage manhole cover', 'danger', 4, 'hour', 'drainage', 12, null, 0.5, 0.2],
  ['10103', '雨水井盖', 'Rain-water manhole cover', 'danger', 4, 'hour', 'drainage', 9, 'rain', 0.4, 0.2],
  ['10104', '电力井盖', 'Power manhole cover', 'danger', 4, 'hour', 'power', 5, null, 0.3, 0.15],
  ['10105', '通信井盖', 'Telecom manhole cover', 'danger', 4, 'hour', 'telecom', 5, null, 0.3, 0.15],
  ['10106', '燃气井盖', 'Gas manhole cover', 'danger', 2, 'hour', 'gas', 3, null, 0.35, 0.2],
  ['10107', '热力井盖', 'Heating manhole cover', 'danger', 4, 'hour', 'heating', 3, 'winter', 0.3, 0.2],
  ['10108', '消防栓', 'Fire hydrant', 'same_day', 1, 'working_day', 'water', 3, null, 0.4, 0.1],
  ['10109', '路灯', 'Street lamp', 'routine', 3, 'working_day', 'power', 22, 'winter', 0.55, 0.35],
  ['10110', '公共厕所', 'Public toilet', 'same_day', 8, 'working_hour', 'sanitation', 14, 'summer', 0.8, 0.4],
  ['10111', '报刊亭', 'Newsstand', 'routine', 5, 'working_day', 'enforcement', 2, null, 0.1, 0.1],
  // 部件 02 道路交通
  ['10201', '公交站亭', 'Bus shelter', 'routine', 5, 'working_day', 'traffic', 4, null, 0.05, 0.2],
  ['10202', '交通标志牌', 'Traffic sign', 'routine', 3, 'working_day', 'traffic', 6, null, 0.2, 0.15],
  ['10203', '交通信号灯', 'Traffic light', 'danger', 4, 'hour', 'traffic', 5, null, 0.02, 0.4],
  ['10204', '护栏', 'Guardrail', 'routine', 5, 'working_day', 'traffic', 7, null, 0.1, 0.1],
  ['10205', '过街天桥', 'Footbridge', 'routine', 7, 'working_day', 'traffic', 1, null, 0, 0.2],
  ['10206', '地下通道', 'Underpass', 'routine', 5, 'working_day', 'traffic', 1.5, 'rain', 0, 0.3],
  ['10207', '停车设施', 'Parking facility', 'routine', 5, 'working_day', 'traffic', 4, null, 0.35, 0.3],
  // 部件 03 市容环境
  ['10301', '果皮箱', 'Litter bin', 'same_day', 8, 'working_hour', 'sanitation', 14, null, 0.55, 0.1],
  ['10302', '垃圾间(楼)', 'Refuse room', 'same_day', 8, 'working_hour', 'sanitation', 9, 'summer', 0.8, 0.3],
  ['10303', '牌匾标识', 'Shop signboard', 'routine', 5, 'working_day', 'enforcement', 8, null, 0.45, 0.1],
  ['10304', '户外广告', 'Billboard', 'routine', 7, 'working_day', 'enforcement', 3, null, 0.1, 0.1],
  ['10305', '灯箱霓虹灯', 'Light box', 'routine', 5, 'working_day', 'enforcement', 2, null, 0.3, 0.1],
  // 部件 04 园林绿化
  ['10401', '古树名木', 'Ancient or notable tree', 'same_day', 1, 'working_day', 'greening', 2, 'summer', 0.6, 0.2],
  ['10402', '行道树', 'Street tree', 'routine', 3, 'working_day', 'greening', 10, 'summer', 0.45, 0.3],
  ['10403', '绿地', 'Green plot', 'routine', 5, 'working_day', 'greening', 4, 'summer', 0.2, 0.15],
  ['10404', '花架花钵', 'Flower bed', 'routine', 5, 'working_day', 'greening', 3, null, 0.4, 0.05],
  // 部件 05 房屋土地, 06 其他设施
  ['10501', '危旧房屋', 'Dilapidated building', 'complex', 15, 'working_day', 'housing', 3, 'rain', 0.85, 0.5],
  ['10502', '人防工事', 'Air-raid shelter', 'routine', 7, 'working_day', 'housing', 0.5, null, 0.5, 0.2],
  ['10601', '健身设施', 'Fitness equipment', 'routine', 5, 'working_day', 'street_office', 3, null, 0.6, 0.2],
  ['10602', '自行车棚', 'Bicycle shed', 'routine', 5, 'working_day', 'street_office', 2, null, 0.7, 0.1],
  ['10603', '充电设施', 'Charging point', 'routine', 5, 'working_day', 'power', 2, 'winter', 0.7, 0.4],
  // 事件 01 市容环境
  ['20101', '私搭乱建', 'Illegal structure', 'complex', 20, 'working_day', 'enforcement', 16, null, 0.85, 0.45],
  ['20102', '暴露垃圾', 'Exposed refuse', 'same_day', 4, 'working_hour', 'sanitation', 40, 'summer', 0.6, 0.25],
  ['20103', '积存垃圾渣土', 'Piled refuse or spoil', 'same_day', 8, 'working_hour', 'sanitation', 18, null, 0.6, 0.2],
  ['20104', '道路不洁', 'Dirty road', 'same_day', 2, 'working_hour', 'sanitation', 22, null, 0.55, 0.15],
  ['20105', '水域不洁', 'Dirty water surface', 'same_day', 1, 'working_day', 'water', 2, 'summer', 0, 0.2],
  ['20106', '绿地脏乱', 'Messy green plot', 'same_day', 8, 'working_hour', 'greening', 6, 'summer', 0.3, 0.1],
  ['20107', '废弃车辆', 'Abandoned vehicle', 'routine', 5, 'working_day', 'enforcement', 6, null, 0.7, 0.3],
  ['20108', '乱堆物料', 'Piled materials', 'same_day', 1, 'working_day', 'enforcement', 20, null, 0.85, 0.2],
  ['20109', '非法小广告', 'Illegal small ads', 'same_day', 8, 'working_hour', 'enforcement', 14, null, 0.6, 0.05],
  // 事件 02 宣传广告
  ['20201', '违规张贴', 'Illegal posting', 'same_day', 8, 'working_hour', 'enforcement', 6, null, 0.5, 0.05],
  ['20202', '散发广告', 'Leafleting', 'same_day', 4, 'working_hour', 'enforcement', 3, null, 0.2, 0.05],
  // 事件 03 施工管理
  ['20301', '施工噪声', 'Construction noise', 'same_day', 4, 'hour', 'enforcement', 14, 'summer', 0.45, 0.8],
  ['20302', '工地扬尘', 'Site dust', 'same_day', 4, 'hour', 'enforcement', 6, null, 0.3, 0.5],
  ['20303', '道路遗撒', 'Spill on the road', 'same_day', 4, 'hour', 'sanitation', 4, null, 0.1, 0.3],
  ['20304', '违规占道挖掘', 'Unpermitted road digging', 'same_day', 1, 'working_day', 'enforcement', 3, null, 0.4, 0.4],
  // 事件 04 突发事件
  ['20401', '道路塌陷', 'Road collapse', 'danger', 2, 'hour', 'traffic', 1, 'rain', 0.4, 0.6],
  ['20402', '供水管破裂', 'Burst water pipe', 'danger', 2, 'hour', 'water', 3, 'winter', 0.55, 0.6],
  ['20403', '燃气管泄漏', 'Gas leak', 'danger', 1, 'hour', 'gas', 1, 'winter', 0.6, 0.7],
  ['20404', '下水道堵塞', 'Blocked sewer', 'danger', 4, 'hour', 'drainage', 12, 'summer', 0.8, 0.6],
  ['20405', '道路积水', 'Waterlogged road', 'danger', 2, 'hour', 'drainage', 8, 'rain', 0.4, 0.55],
  ['20406', '道路积雪结冰', 'Snow and ice on the road', 'danger', 4, 'hour', 'sanitation', 3, 'winter', 0.6, 0.4],
  // 事件 05 街面秩序
  ['20501', '无照游商', 'Unlicensed street vendor', 'same_day', 2, 'hour', 'enforcement', 16, 'summer', 0.3, 0.3],
  ['20502', '占道经营', 'Occupying the road to trade', 'same_day', 2, 'hour', 'enforcement', 14, 'summer', 0.45, 0.35],
  ['20503', '店外经营', 'Trading outside the shop', 'same_day', 4, 'hour', 'enforcement', 12, 'summer', 0.5, 0.3],
  ['20504', '机动车乱停放', 'Disorderly car parking', 'same_day', 2, 'hour', 'traffic', 22, null, 0.65, 0.6],
  ['20505', '非机动车乱停放', 'Disorderly bicycle parking', 'same_day', 4, 'hour', 'street_office', 14, null, 0.5, 0.3],
  ['20506', '露天烧烤', 'Open-air barbecue', 'same_day', 2, 'hour', 'enforcement', 6, 'summer', 0.55, 0.6],
  // 事件 06 其他事件 (where 12345 complaints cluster)
  ['20601', '供暖不热', 'Insufficient heating', 'same_day', 24, 'hour', 'heating', 26, 'winter', 0.55, 0.97],
  ['20602', '社会生活噪声', 'Neighbourhood noise', 'same_day', 1, 'working_day', 'police', 20, 'summer', 0.6, 0.95],
  ['20603', '物业管理', 'Property management', 'routine', 7, 'day', 'housing', 22, null, 0.3, 0.97],
  ['20604', '停车难', 'Parking shortage', 'complex', 15, 'day', 'street_office', 14, null, 0.7, 0.95],
  ['20605', '垃圾分类', 'Refuse sorting', 'routine', 3, 'working_day', 'sanitation', 10, null, 0.6, 0.7],
  ['20606', '停水', 'Water outage', 'danger', 24, 'hour', 'water', 8, 'summer', 0.6, 0.97],
  ['20607', '停电', 'Power outage', 'danger', 24, 'hour', 'power', 8, 'summer', 0.55, 0.97],
  ['20608', '道路破损', 'Damaged road surface', 'routine', 7, 'day', 'traffic', 12, 'winter', 0.55, 0.6],
];

export const CATEGORIES: CategorySpec[] = ROWS.map(
  ([code, name, nameEn, urgency, limit, unit, department, weight, season, alley, hotline]) =>
    ({ code, name, nameEn, urgency, limit, unit, department, weight, season, alley, hotline }));
