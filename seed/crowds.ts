// Crowded places (人员密集场所): the key areas whose crowds the command centre watches — Xidan,
// Financial Street and Shichahai (the three the sources name), Wangfujing, Qianmen–Dashilan,
// Nanluoguxiang and Tiananmen Square — at their real locations, and every subway station.
// Capacities are synthetic, in the order of the instantaneous limits Beijing publishes for scenic areas.
import type { Generator, SeedContext } from './context.ts';
import { ewkt } from './copy.ts';
import { loadSubwayStops, toLngLat, toXY } from './geo.ts';
import { romanize } from './names.ts';
import type { CrowdRhythmName } from './sensors-series.ts';

type LngLat = [number, number];

export interface KeyAreaDef {
  code: string;
  name: string;
  nameEn: string;
  ring: LngLat[];
  capacity: number;
  /** Alarm share when it differs from the server's default (XIUHUA_CROWD_ALARM_SHARE). */
  alarmShare?: number;
  rhythm: CrowdRhythmName;
  /** Crowd counters (people-counting cameras) installed at its entrances; the three areas of the sources. */
  counters: number;
}

function box(w: number, s: number, e: number, n: number): LngLat[] {
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}

export const KEY_AREAS: KeyAreaDef[] = [
  {
    code: 'xidan',
    name: '西单商业区',
    nameEn: 'Xidan shopping district',
    ring: box(116.3665, 39.9066, 116.3772, 39.9152),
    capacity: 60_000,
    rhythm: 'shopping',
    counters: 4,
  },
  {
    code: 'jinrongjie',
    name: '金融街',
    nameEn: 'Financial Street',
    ring: box(116.353, 39.9078, 116.3625, 39.9212),
    capacity: 80_000,
    rhythm: 'office',
    counters: 4,
  },
  {
    code: 'shichahai',
    name: '什刹海',
    nameEn: 'Shichahai',
    // the three lakes and their shores, from 西海 in the north-west to 前海's south end at 地安门西大街
    ring: [
      [116.3694, 39.944],
      [116.37, 39.9498],
      [116.375, 39.95],
      [116.38, 39.9452],
      [116.387, 39.9408],
      [116.3912, 39.9392],
      [116.391, 39.9318],
      [116.3846, 39.9312],
      [116.3834, 39.9362],
      [116.379, 39.939],
      [116.3736, 39.942],
      [116.3694, 39.944],
    ],
    capacity: 50_000,
    rhythm: 'nightlife',
    counters: 6,
  },
  {
    code: 'wangfujing',
    name: '王府井商业街',
    nameEn: 'Wangfujing shopping street',
    ring: box(116.4028, 39.9078, 116.4092, 39.9178),
    capacity: 70_000,
    rhythm: 'shopping',
    counters: 0,
  },
  {
    code: 'qianmen',
    name: '前门大栅栏',
    nameEn: 'Qianmen–Dashilar',
    ring: box(116.3868, 39.8905, 116.3966, 39.8986),
    capacity: 45_000,
    rhythm: 'sightseeing',
    counters: 0,
  },
  {
    code: 'nanluoguxiang',
    name: '南锣鼓巷',
    nameEn: 'Nanluoguxiang',
    ring: box(116.3975, 39.9328, 116.4007, 39.941),
    // a 786 m lane 8 m wide: it is closed to inflow earlier than the open areas
    capacity: 15_000,
    alarmShare: 0.8,
    rhythm: 'nightlife',
    counters: 0,
  },
  {
    code: 'tiananmen',
    name: '天安门广场',
    nameEn: 'Tiananmen Square',
    ring: box(116.3884, 39.8992, 116.3948, 39.908),
    capacity: 120_000,
    rhythm: 'square',
    counters: 0,
  },
];

/** Capacity of a subway station's concourse and entrances; interchanges hold more. */
const STATION_CAPACITY = 2_500;
const INTERCHANGE_CAPACITY = 5_000;
const STATION_RADIUS_M = 60;

export interface StationArea {
  code: string;
  name: string;
  nameEn: string;
  centre: LngLat;
  interchange: boolean;
}

/** One crowd area per station name; a name with several station nodes is an interchange. */
export function stationAreas(): StationArea[] {
  const byName = new Map<string, { stops: LngLat[]; id: string }>();
  for (const s of loadSubwayStops()) {
    if (s.locationType !== 1) continue;
    const name = s.name.replace(/\(.*\)$/, '');
    const entry = byName.get(name) ?? { stops: [], id: s.id };
    entry.stops.push(s.lngLat);
    byName.set(name, entry);
  }
  return [...byName]
    .map(
      ([name, e]): StationArea => ({
        code: `station-${e.id}`,
        name: `${name}地铁站`,
        nameEn: `${romanize(name)} Station`,
        centre: [e.stops.reduce((a, p) => a + p[0], 0) / e.stops.length, e.stops.reduce((a, p) => a + p[1], 0) / e.stops.length],
        interchange: e.stops.length > 1,
      }),
    )
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** A 24-gon of the given radius around a point, in WGS84. */
export function circle(centre: LngLat, radiusM: number, sides = 24): LngLat[] {
  const [cx, cy] = toXY(centre);
  const ring = Array.from({ length: sides }, (_, i) => {
    const a = (2 * Math.PI * i) / sides;
    return toLngLat([cx + radiusM * Math.cos(a), cy + radiusM * Math.sin(a)]);
  });
  return [...ring, ring[0]!];
}

const generator: Generator = {
  name: 'crowds',
  async run(ctx: SeedContext) {
    const step = ctx.progress.step('crowd areas', 1);
    const rows = [
      ...KEY_AREAS.map((a) => [a.code, a.name, a.nameEn, 'key_area', ewkt.polygon(a.ring), a.capacity, a.alarmShare ?? null]),
      ...stationAreas().map((s) => [
        s.code,
        s.name,
        s.nameEn,
        'station',
        ewkt.polygon(circle(s.centre, STATION_RADIUS_M)),
        s.interchange ? INTERCHANGE_CAPACITY : STATION_CAPACITY,
        null,
      ]),
    ];
    await ctx.copy('crowd_area', ['code', 'name', 'name_en', 'kind', 'geom', 'capacity', 'alarm_share'], rows);
    step.done();
  },
};
export default generator;
