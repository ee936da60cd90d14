// The delegation tour (参观调研) at /demo, as data: one entry per scene, played in this order and looped.
// A command centre re-orders, re-times or re-words the tour here, with no other code to touch:
// - camera: where the map looks (WGS84 centre, zoom, pitch and bearing in degrees);
// - layers: the map layers the scene shows (the cockpit's toggles); in a replay scene the past's own
//   layers are drawn instead (heat, cases, sensors, crowds);
// - caption: a title and one or two sentences, in Chinese and in English, shown large over the map;
// - durationS: how long the scene stays before the next (a presenter moves on earlier with → or PageDown);
// - replay: the named moment of the recorded history to replay (GET /api/replay/moments: storm, flood,
//   crowd, monday) and its speed — the wall shows the past, with the replay banner, for the scene's duration;
// - alley: an alley opened in the side panel, by its name, looked for around `near`;
// - case: a case opened with its trail (the closed loop), the newest in that stage around `near`;
// - focus: a cockpit panel the caption talks about, outlined while the scene is on.
// Facts in captions come from the sources (../shared/DOMAIN.md); the live figures are the panels' own.
import type { Toggle } from '../cockpit/layers.ts';

export type TourLocale = 'zh-CN' | 'en';
export type TourPanel = 'figures' | 'ranking' | 'rates' | 'water' | 'crowds' | 'feed';

export interface TourScene {
  /** a stable name, for links and tests (?scene=N is its position, 1-based) */
  id: string;
  camera: { center: [number, number]; zoom: number; pitch?: number; bearing?: number };
  layers: Toggle[];
  /** tilt the map and raise the buildings */
  buildings?: boolean;
  caption: Record<TourLocale, { title: string; body: string }>;
  durationS: number;
  replay?: { moment: 'storm' | 'flood' | 'crowd' | 'monday'; speed: number };
  alley?: { name: string; near: [number, number] };
  case?: { stage: 'closed' | 'evaluated'; near: [number, number] };
  focus?: TourPanel;
}

export const SCENES: TourScene[] = [
  {
    id: 'core-area',
    camera: { center: [116.395, 39.913], zoom: 12.3 },
    layers: ['heat', 'sensors', 'crowds'],
    caption: {
      'zh-CN': {
        title: '首都功能核心区 · 一屏观全城',
        body: '东城、西城两区，92.5 平方公里，32 个街道、443 个社区。上方是此刻的城市体征：今日案件、在办、超期、告警。',
      },
      en: {
        title: 'The capital’s core area on one screen',
        body: 'Dongcheng and Xicheng: 92.5 km², 32 streets, 443 communities. Above, the city’s vital signs right now: cases today, open, overdue, alarms.',
      },
    },
    durationS: 20,
    focus: 'figures',
  },
  {
    id: 'unit-grid',
    camera: { center: [116.4032, 39.9375], zoom: 15.6, pitch: 30 },
    layers: ['grid', 'cases'],
    caption: {
      'zh-CN': {
        title: '万米单元网格 · 管理落到每一格',
        body: '全区划为约一万平方米一格的单元网格，网格员巡查上报；颜色越深，格内在办案件越多。这里是交道口、南锣鼓巷一带的社区。',
      },
      en: {
        title: 'The ten-thousand-square-metre unit grid',
        body: 'The city is divided into cells of about 10,000 m², each walked by a grid patroller; the darker the cell, the more open cases in it. Here: the communities around Nanluoguxiang.',
      },
    },
    durationS: 20,
  },
  {
    id: 'alley',
    camera: { center: [116.4158, 39.917], zoom: 16.2, pitch: 40, bearing: -12 },
    layers: ['alleys', 'cases'],
    buildings: true,
    alley: { name: '史家胡同', near: [116.4158, 39.917] },
    caption: {
      'zh-CN': {
        title: '街巷长制 · 像绣花一样精细',
        body: '每条胡同都有街巷长和志愿者（小巷管家），门口公示牌上有他们的名字；“十有十无”逐项检查，这条胡同的得分、问题与故事都在右侧。',
      },
      en: {
        title: 'Alley chiefs: management as fine as embroidery',
        body: 'Every hutong has an alley chief and volunteer stewards, named on the sign at its entrance, and is checked against the “ten haves, ten nones”. This alley’s score, issues and story are on the right.',
      },
    },
    durationS: 25,
  },
  {
    id: 'closed-loop',
    camera: { center: [116.41, 39.925], zoom: 15.2 },
    layers: ['cases', 'grid'],
    case: { stage: 'evaluated', near: [116.41, 39.925] },
    caption: {
      'zh-CN': {
        title: '闭环管理 · 一件案子的一生',
        body: '上报、受理、立案、派遣、处置、核查、结案、评价：每一步都有时间、有部门、有时限。右侧是一件真实案件走完的全程。',
      },
      en: {
        title: 'The closed loop: one case’s life',
        body: 'Reported, accepted, filed, dispatched, handled, verified, closed, evaluated: each step timed, owned and on a deadline. On the right, a real case’s whole trail.',
      },
    },
    durationS: 25,
  },
  {
    id: 'storm',
    camera: { center: [116.392, 39.912], zoom: 12.6 },
    layers: ['heat', 'cases', 'sensors'],
    replay: { moment: 'storm', speed: 3600 },
    caption: {
      'zh-CN': {
        title: '时光回放 · 全年最强降雨日',
        body: '以 3600 倍速重放那一天：道路积水、设施损坏的上报随雨势涌来，每一件都按时限受理、派遣、处置。',
      },
      en: {
        title: 'Replay: the year’s wettest day',
        body: 'That day again at 3600×: reports of flooded roads and broken facilities pour in with the rain, each accepted, dispatched and handled on its deadline.',
      },
    },
    durationS: 25,
  },
  {
    id: 'flood',
    camera: { center: [116.392, 39.912], zoom: 13.4 },
    layers: ['heat', 'cases', 'sensors'],
    replay: { moment: 'flood', speed: 60 },
    caption: {
      'zh-CN': {
        title: '应急指挥 · 一键启动',
        body: '以 60 倍速重放一次积水处置：指挥中心一键启动应急，抽水车接令、确认，沿道路赶赴下穿桥现场；地图下方是积水监测。',
      },
      en: {
        title: 'Emergency command in one click',
        body: 'An underpass flood response again at 60×: the command centre raises the incident in one click, and pump trucks are sent, acknowledge and drive to the scene along the roads; the water gauges are below the map.',
      },
    },
    durationS: 40,
    focus: 'water',
  },
  {
    id: 'shichahai',
    camera: { center: [116.3885, 39.9395], zoom: 14.8, pitch: 35 },
    layers: ['crowds', 'heat'],
    replay: { moment: 'crowd', speed: 600 },
    caption: {
      'zh-CN': {
        title: '什刹海 · 节假日客流',
        body: '景区客流按分钟汇聚：接近承载量时预警，超过时启动限流与单向通行。这是历史上客流最多的一天。',
      },
      en: {
        title: 'Shichahai on a holiday',
        body: 'Visitor counts arrive minute by minute: a warning near capacity, one-way walking and entry limits beyond it. This is the busiest day on record.',
      },
    },
    durationS: 30,
    focus: 'crowds',
  },
  {
    id: 'ranking',
    camera: { center: [116.395, 39.913], zoom: 12.3 },
    layers: ['grid'],
    caption: {
      'zh-CN': {
        title: '月度排名 · 以考促管',
        body: '32 个街道按结案率、按期率、满意度等指标每月排名、公开通报；右侧是本月的名次。',
      },
      en: {
        title: 'The monthly street ranking',
        body: 'The 32 streets are ranked every month on closure, timeliness and residents’ satisfaction, and the ranking is published. This month’s places are on the right.',
      },
    },
    durationS: 20,
    focus: 'ranking',
  },
];
