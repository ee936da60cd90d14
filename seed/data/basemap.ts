// Hand-placed reference geography for the synthetic basemap, in WGS84. Positions are
// approximations anchored on the real subway stations (OpenStreetMap): lines 1, 2, 4, 5, 7 and 8
// run under Chang'an Avenue, the 2nd Ring and the main avenues. Good for a readable offline map,
// not for surveying; the product says so in its About note.

type LngLat = [number, number];

/** The old city (老城): the line of the Ming city wall, along which the 2nd Ring Road runs — traced
 *  clockwise from 西直门 along the outer edge of the old-city streets (the chamfered north-west corner,
 *  the jog at 西便门). Not drawn (the basemap's roads are OSM's): it only tells old city from new. */
export const OLD_CITY_WALL: LngLat[] = [[116.3495, 39.9400], [116.3505, 39.9430], [116.3550, 39.9450], [116.3654, 39.9474], [116.3877, 39.9478],
  [116.4019, 39.9484], [116.4115, 39.9485], [116.4275, 39.9485], [116.4282, 39.9400], [116.4282, 39.9231],
  [116.4288, 39.9128], [116.4292, 39.9072], [116.4305, 39.9010], [116.4395, 39.8990], [116.4400, 39.8930],
  [116.4385, 39.8800], [116.4370, 39.8710], [116.4167, 39.8714], [116.4015, 39.8711], [116.3930, 39.8706],
  [116.3682, 39.8691], [116.3447, 39.8678], [116.3434, 39.8819], [116.3430, 39.8985], [116.3505, 39.9018],
  [116.3505, 39.9060], [116.3501, 39.9223], [116.3493, 39.9312], [116.3495, 39.9400]];

/** The old city as WKT (SRID 4326). */
export const OLD_CITY_WKT = `POLYGON((${OLD_CITY_WALL.map(([x, y]) => `${x} ${y}`).join(',')}))`;

export interface AreaDef {
  name: string;
  nameEn: string;
  ring: LngLat[];
  holes?: LngLat[][];
}

/** A rectangle as a closed ring (west, south, east, north). */
function box(w: number, s: number, e: number, n: number): LngLat[] {
  return [[w, s], [e, s], [e, n], [w, n], [w, s]];
}

export const WATER: AreaDef[] = [
  { name: '前海', nameEn: 'Qianhai Lake',
    ring: [[116.3858, 39.9322], [116.3893, 39.9328], [116.3894, 39.9362], [116.3880, 39.9386], [116.3862, 39.9384],
      [116.3848, 39.9356], [116.3858, 39.9322]] },
  { name: '后海', nameEn: 'Houhai Lake',
    ring: [[116.3862, 39.9386], [116.3848, 39.9396], [116.3800, 39.9420], [116.3752, 39.9448], [116.3738, 39.9440],
      [116.3760, 39.9416], [116.3812, 39.9392], [116.3850, 39.9380], [116.3862, 39.9386]] },
  { name: '西海', nameEn: 'Xihai Lake',
    ring: [[116.3702, 39.9446], [116.3738, 39.9442], [116.3744, 39.9470], [116.3728, 39.9492], [116.3704, 39.9486],
      [116.3702, 39.9446]] },
  { name: '北海', nameEn: 'Beihai Lake',
    ring: [[116.3796, 39.9244], [116.3860, 39.9244], [116.3872, 39.9268], [116.3866, 39.9305], [116.3820, 39.9312],
      [116.3792, 39.9282], [116.3790, 39.9258], [116.3796, 39.9244]],
    holes: [[[116.3824, 39.9254], [116.3852, 39.9254], [116.3852, 39.9280], [116.3824, 39.9280], [116.3824, 39.9254]]] },
  { name: '中海', nameEn: 'Zhonghai Lake',
    ring: [[116.3790, 39.9112], [116.3832, 39.9112], [116.3838, 39.9222], [116.3796, 39.9224], [116.3790, 39.9112]] },
  { name: '南海', nameEn: 'Nanhai Lake',
    ring: [[116.3792, 39.9074], [116.3840, 39.9074], [116.3842, 39.9108], [116.3794, 39.9108], [116.3792, 39.9074]] },
  { name: '筒子河', nameEn: 'Forbidden City Moat',
    ring: box(116.3858, 39.9124, 116.3966, 39.9221), holes: [box(116.3864, 39.9130, 116.3960, 39.9215)] },
  { name: '北护城河', nameEn: 'North Moat',
    ring: [[116.3654, 39.9478], [116.3877, 39.9482], [116.4275, 39.9489], [116.4275, 39.9492], [116.3877, 39.9485],
      [116.3654, 39.9481], [116.3654, 39.9478]] },
  { name: '南护城河', nameEn: 'South Moat',
    ring: [[116.3447, 39.8670], [116.3930, 39.8698], [116.4370, 39.8702], [116.4370, 39.8705], [116.3930, 39.8701],
      [116.3447, 39.8673], [116.3447, 39.8670]] },
  { name: '陶然亭湖', nameEn: 'Taoranting Lake',
    ring: [[116.3722, 39.8722], [116.3775, 39.8718], [116.3788, 39.8752], [116.3750, 39.8770], [116.3725, 39.8752],
      [116.3722, 39.8722]] },
  { name: '龙潭湖', nameEn: 'Longtan Lake',
    ring: [[116.4290, 39.8732], [116.4352, 39.8728], [116.4358, 39.8782], [116.4318, 39.8800], [116.4288, 39.8772],
      [116.4290, 39.8732]] },
];

export const PARKS: AreaDef[] = [
  { name: '故宫博物院', nameEn: 'The Palace Museum', ring: box(116.3864, 39.9130, 116.3960, 39.9215) },
  { name: '景山公园', nameEn: 'Jingshan Park', ring: box(116.3887, 39.9226, 116.3937, 39.9274) },
  { name: '北海公园', nameEn: 'Beihai Park', ring: box(116.3782, 39.9240, 116.3880, 39.9318) },
  { name: '中山公园', nameEn: 'Zhongshan Park', ring: box(116.3870, 39.9077, 116.3905, 39.9122) },
  { name: '劳动人民文化宫', nameEn: "Working People's Cultural Palace", ring: box(116.3920, 39.9077, 116.3955, 39.9122) },
  { name: '天坛公园', nameEn: 'Temple of Heaven Park', ring: box(116.3952, 39.8732, 116.4140, 39.8880) },
  { name: '先农坛', nameEn: 'Xiannongtan', ring: box(116.3845, 39.8735, 116.3912, 39.8830) },
  { name: '陶然亭公园', nameEn: 'Taoranting Park', ring: box(116.3705, 39.8708, 116.3812, 39.8792) },
  { name: '龙潭公园', nameEn: 'Longtan Park', ring: box(116.4270, 39.8712, 116.4370, 39.8818) },
  { name: '地坛公园', nameEn: 'Ditan Park', ring: box(116.4062, 39.9500, 116.4165, 39.9575) },
  { name: '月坛公园', nameEn: 'Yuetan Park', ring: box(116.3445, 39.9128, 116.3482, 39.9166) },
  { name: '大观园', nameEn: 'Grand View Garden', ring: box(116.3510, 39.8690, 116.3562, 39.8742) },
  { name: '天安门广场', nameEn: 'Tiananmen Square', ring: box(116.3887, 39.8996, 116.3943, 39.9055) },
  { name: '中南海', nameEn: 'Zhongnanhai', ring: box(116.3765, 39.9066, 116.3866, 39.9228) },
];

export interface PlaceDef {
  name: string;
  nameEn: string;
  at: LngLat;
  rank: number;
}

/** Landmarks labelled on the map (rank 1 shows first). */
export const LANDMARKS: PlaceDef[] = [
  { name: '天安门', nameEn: 'Tiananmen', at: [116.3912, 39.9073], rank: 1 },
  { name: '故宫', nameEn: 'Forbidden City', at: [116.3912, 39.9172], rank: 1 },
  { name: '天坛', nameEn: 'Temple of Heaven', at: [116.4066, 39.8822], rank: 1 },
  { name: '景山', nameEn: 'Jingshan', at: [116.3912, 39.9250], rank: 2 },
  { name: '北海', nameEn: 'Beihai', at: [116.3836, 39.9255], rank: 2 },
  { name: '什刹海', nameEn: 'Shichahai', at: [116.3835, 39.9395], rank: 1 },
  { name: '鼓楼', nameEn: 'Drum Tower', at: [116.3904, 39.9403], rank: 2 },
  { name: '钟楼', nameEn: 'Bell Tower', at: [116.3903, 39.9418], rank: 3 },
  { name: '南锣鼓巷', nameEn: 'Nanluoguxiang', at: [116.3990, 39.9370], rank: 2 },
  { name: '雍和宫', nameEn: 'Lama Temple', at: [116.4172, 39.9470], rank: 2 },
  { name: '国子监', nameEn: 'Imperial College', at: [116.4135, 39.9460], rank: 3 },
  { name: '前门', nameEn: 'Qianmen', at: [116.3929, 39.8990], rank: 2 },
  { name: '大栅栏', nameEn: 'Dashilar', at: [116.3905, 39.8955], rank: 2 },
  { name: '王府井', nameEn: 'Wangfujing', at: [116.4060, 39.9120], rank: 2 },
  { name: '西单', nameEn: 'Xidan', at: [116.3720, 39.9095], rank: 2 },
  { name: '金融街', nameEn: 'Financial Street', at: [116.3575, 39.9150], rank: 2 },
  { name: '北京站', nameEn: 'Beijing Railway Station', at: [116.4210, 39.9025], rank: 2 },
  { name: '陶然亭', nameEn: 'Taoranting', at: [116.3758, 39.8745], rank: 3 },
  { name: '地坛', nameEn: 'Ditan', at: [116.4113, 39.9537], rank: 3 },
  { name: '月坛', nameEn: 'Yuetan', at: [116.3463, 39.9147], rank: 3 },
  { name: '恭王府', nameEn: 'Prince Gong Mansion', at: [116.3805, 39.9375], rank: 3 },
  { name: '牛街礼拜寺', nameEn: 'Niujie Mosque', at: [116.3623, 39.8844], rank: 3 },
  { name: '法源寺', nameEn: 'Fayuan Temple', at: [116.3668, 39.8835], rank: 3 },
  { name: '北京动物园', nameEn: 'Beijing Zoo', at: [116.3350, 39.9415], rank: 3 },
  { name: '天桥', nameEn: 'Tianqiao', at: [116.3925, 39.8807], rank: 3 },
  { name: '东交民巷', nameEn: "Dongjiaominxiang", at: [116.4010, 39.9030], rank: 3 },
];

/** Areas with no alleys and no synthetic buildings (palaces, lakes' shores, squares). */
export const NO_BUILD = ['故宫博物院', '景山公园', '北海公园', '中山公园', '劳动人民文化宫', '天坛公园', '先农坛', '陶然亭公园',
  '龙潭公园', '地坛公园', '月坛公园', '大观园', '天安门广场', '中南海'];

/** Key control zones (重点管控区域): the grid cells touching them are classed key_control. */
export const KEY_CONTROL_ZONES: AreaDef[] = [
  { name: '天安门地区', nameEn: 'Tiananmen area', ring: box(116.3860, 39.8990, 116.3970, 39.9090) },
  { name: '中南海周边', nameEn: 'Zhongnanhai surroundings', ring: box(116.3740, 39.9055, 116.3880, 39.9220) },
  { name: '东交民巷使馆区', nameEn: 'Dongjiaominxiang legation quarter', ring: box(116.3960, 39.9010, 116.4090, 39.9055) },
];
