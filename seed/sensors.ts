// The sensing network (物联网感知) of the sources, device for device: 37 rain gauges and 3 snow
// gauges spread evenly over the core area, 11 waterlogging monitors at the underpasses where the
// 2nd Ring and Chang'an Avenue dip, 500 smart manhole covers and their 6 data concentrators in
// Xijiaominxiang (西交民巷) community, crowd counters at the entrances of Xidan, Financial Street and
// Shichahai, and 10 air-quality stations. The database places each device in its grid cell.
import type { Polygon } from 'geojson';
import type pg from 'pg';
import type { SensorKind } from '../server/contracts/constants.ts';
import type { Generator, SeedContext } from './context.ts';
import { ewkt } from './copy.ts';
import { KEY_AREAS } from './crowds.ts';
import { type Area, contains, samplePoints, toLngLat, toXY } from './geo.ts';
import type { Rng } from './rng.ts';
import { farthestPoints, kMeans, nearest, pointsAlong } from './sensors-place.ts';

export type { SensorKind };

export interface SensorKindSpec {
  unit: string;
  /** Hysteresis thresholds (schema 001): raised at value ≥ alarmAbove, cleared at value ≤ clearBelow. */
  alarmAbove: number | null;
  clearBelow: number | null;
  /** Years the devices went in (installed_at is drawn between them). */
  installed: [number, number];
}

/** Each kind's unit and thresholds; how often it reports is the domain's (REPORT_EVERY_MIN, server/domain/alarms.ts). */
export const SENSOR_SPECS: Record<SensorKind, SensorKindSpec> = {
  // rain in the last 5 minutes; 4 mm in 5 minutes ≈ 48 mm/h, a downpour that floods underpasses
  rain_gauge: { unit: 'mm', alarmAbove: 4, clearBelow: 0.5, installed: [2014, 2019] },
  // snow depth; 5 cm on the ground calls out the snow-clearing crews
  snow_gauge: { unit: 'cm', alarmAbove: 5, clearBelow: 2, installed: [2015, 2017] },
  // standing water at the low point; underpasses close to traffic at 27 cm, the alarm comes earlier
  waterlogging: { unit: 'cm', alarmAbove: 15, clearBelow: 5, installed: [2013, 2016] },
  // cover tilt from level: a lifted, displaced or missing cover reads tens of degrees
  manhole_cover: { unit: '°', alarmAbove: 15, clearBelow: 5, installed: [2018, 2019] },
  // covers currently heard by the concentrator
  concentrator: { unit: 'devices', alarmAbove: null, clearBelow: null, installed: [2018, 2018] },
  // people in the counter's field of view; crowd alarms are raised per crowd area (share of capacity)
  crowd_counter: { unit: 'persons', alarmAbove: null, clearBelow: null, installed: [2017, 2019] },
  // hourly PM2.5; 115 µg/m³ is where HJ 633 (China's AQI) starts "moderately polluted"
  air_quality: { unit: 'µg/m³', alarmAbove: 115, clearBelow: 75, installed: [2012, 2015] },
};

/** The inventory the sources give (DOMAIN.md); crowd counters are set per key area in crowds.ts. */
export const INVENTORY = {
  rain_gauge: 37,
  snow_gauge: 3,
  waterlogging: 11,
  manhole_cover: 500,
  concentrator: 6,
  crowd_counter: KEY_AREAS.reduce((s, a) => s + a.counters, 0),
  air_quality: 10,
} satisfies Record<SensorKind, number>;

/** The community that piloted smart manhole covers. */
export const MANHOLE_COMMUNITY = '西交民巷社区居委会';

interface NamedPoint {
  name: string;
  at: [number, number];
}

/** Low points that flood in Beijing's summer storms: the underpasses where the 2nd Ring crosses the
 *  radial roads, and Chang'an Avenue's at 复兴门 and 建国门 (positions as drawn on our basemap). */
const WATERLOGGING_SITES: NamedPoint[] = [
  { name: '西直门桥下', at: [116.3497, 39.9398] },
  { name: '德胜门桥下', at: [116.3758, 39.9474] },
  { name: '安定门桥下', at: [116.4021, 39.9481] },
  { name: '东直门桥下', at: [116.4279, 39.94] },
  { name: '朝阳门桥下', at: [116.428, 39.9231] },
  { name: '建国门桥下', at: [116.4288, 39.9072] },
  { name: '广渠门桥下', at: [116.4396, 39.8925] },
  { name: '永定门桥下', at: [116.393, 39.8709] },
  { name: '广安门桥下', at: [116.3436, 39.8889] },
  { name: '复兴门桥下', at: [116.3508, 39.906] },
  { name: '宣武门路口下穿', at: [116.3681, 39.8984] },
];

/** The national and municipal monitoring stations in or at the edge of the core area. */
const AIR_QUALITY_STATIONS: NamedPoint[] = [
  { name: '东四', at: [116.417, 39.929] },
  { name: '天坛', at: [116.407, 39.886] },
  { name: '官园', at: [116.339, 39.929] },
  { name: '万寿西宫', at: [116.352, 39.878] },
  { name: '前门东大街', at: [116.395, 39.899] },
  { name: '永定门内', at: [116.394, 39.876] },
  { name: '西直门北', at: [116.349, 39.954] },
  { name: '东四十条', at: [116.434, 39.935] },
  { name: '月坛', at: [116.349, 39.913] },
  { name: '什刹海', at: [116.389, 39.941] },
];

/** Utilities owning covers (sub-class = GB/T 30428 component code, as in the category table). */
const COVER_UTILITIES = [
  { sub: '01', name: '上水', weight: 0.2 },
  { sub: '02', name: '污水', weight: 0.25 },
  { sub: '03', name: '雨水', weight: 0.2 },
  { sub: '04', name: '电力', weight: 0.12 },
  { sub: '05', name: '通信', weight: 0.13 },
  { sub: '06', name: '燃气', weight: 0.05 },
  { sub: '07', name: '热力', weight: 0.05 },
];

/** Share of covers along lanes and roads; the rest sit in courtyards and forecourts. */
const COVERS_ON_LANES = 0.8;

interface SensorRow {
  id: number;
  code: string;
  kind: SensorKind;
  name: string;
  at: [number, number];
  crowdAreaId?: number;
  concentratorId?: number;
}

const shortName = (community: string) => community.replace(/(社区)?居委会$/, '');

/** Moves points that fall outside every grid cell a few metres inside the nearest one, so that the
 *  database can place them; points already inside are returned unchanged. */
async function insideManagedArea(db: pg.ClientBase, points: [number, number][]): Promise<[number, number][]> {
  const { rows } = await db.query<{ lng: number; lat: number }>(
    `
    select st_x(q) as lng, st_y(q) as lat
      from unnest($1::float8[], $2::float8[]) with ordinality as u(lng, lat, i),
           st_setsrid(st_makepoint(u.lng, u.lat), 4326) as p,
           lateral (select case when exists (select 1 from grid_cell g where st_covers(g.geom, p)) then p
                     else (select st_lineInterpolatePoint(st_makeLine(e, c),
                                    least(0.5, 5 / greatest(st_distance(e::geography, c::geography), 1)))
                             from grid_cell g, st_closestPoint(g.geom, p) e, st_pointOnSurface(g.geom) c
                            order by g.geom <-> p limit 1) end as q) x
     order by u.i`,
    [points.map((p) => p[0]), points.map((p) => p[1])],
  );
  return rows.map((r) => [r.lng, r.lat]);
}

function installedAt(rng: Rng, kind: SensorKind, anchor: Date): string {
  const [from, to] = SENSOR_SPECS[kind].installed;
  const t = Math.min(Date.UTC(rng.int(from, to), rng.int(0, 11), rng.int(1, 28)), anchor.getTime() - 86_400_000);
  return new Date(t).toISOString().slice(0, 10);
}

const generator: Generator = {
  name: 'sensors',
  async run(ctx: SeedContext) {
    const { db } = ctx;
    const rng = ctx.rng('sensors');
    const step = ctx.progress.step('sensors', 5);
    const sensors: SensorRow[] = [];
    const add = (kind: SensorKind, name: string, at: [number, number], code: string, extra: Partial<SensorRow> = {}) => {
      const row: SensorRow = { id: sensors.length + 1, code, kind, name, at, ...extra };
      sensors.push(row);
      return row;
    };

    // Gauges: centroidal spacing over the grid cells (k-means), each gauge in the cell nearest its
    // centre, as a weather bureau spreads a network evenly over the area it serves.
    const cells = (
      await db.query<{ lng: number; lat: number; community: string }>(`
      select st_x(p) as lng, st_y(p) as lat, c.name as community
        from grid_cell g join admin_area c on c.id = g.community_id, st_pointOnSurface(g.geom) p
       order by g.code`)
    ).rows;
    const cellXY = cells.map((c) => toXY([c.lng, c.lat]));
    const gaugeCells = (k: number) => kMeans(cellXY, k).centres.map((centre) => nearest(cellXY, centre));
    gaugeCells(INVENTORY.rain_gauge).forEach((i, n) => {
      add('rain_gauge', `雨量站·${shortName(cells[i]!.community)}`, [cells[i]!.lng, cells[i]!.lat], `RG-${String(n + 1).padStart(3, '0')}`);
    });
    gaugeCells(INVENTORY.snow_gauge).forEach((i, n) => {
      add(
        'snow_gauge',
        `积雪深度站·${shortName(cells[i]!.community)}`,
        [cells[i]!.lng, cells[i]!.lat],
        `SG-${String(n + 1).padStart(3, '0')}`,
      );
    });
    step.tick();

    const sites = await insideManagedArea(
      db,
      WATERLOGGING_SITES.map((s) => s.at),
    );
    WATERLOGGING_SITES.forEach((s, n) => {
      add('waterlogging', `${s.name}积水监测点`, sites[n]!, `WL-${String(n + 1).padStart(3, '0')}`);
    });
    const stations = await insideManagedArea(
      db,
      AIR_QUALITY_STATIONS.map((s) => s.at),
    );
    AIR_QUALITY_STATIONS.forEach((s, n) => {
      add('air_quality', `${s.name}空气质量监测站`, stations[n]!, `AQ-${String(n + 1).padStart(3, '0')}`);
    });
    step.tick();

    // Crowd counters at spread-out spots of their area (entrances, squares, bridges).
    const areaIds = new Map(
      (await db.query<{ id: number; code: string }>(`select id, code from crowd_area`)).rows.map((r) => [r.code, r.id]),
    );
    for (const area of KEY_AREAS.filter((a) => a.counters > 0)) {
      const crowdAreaId = areaIds.get(area.code);
      if (crowdAreaId === undefined) throw new Error(`crowd area ${area.code} is missing: the crowds generator must run first`);
      const polygon: Polygon = { type: 'Polygon', coordinates: [area.ring] };
      const candidates = samplePoints(polygon, 300, rng);
      const spots = farthestPoints(
        candidates.map((p) => toXY(p)),
        area.counters,
        0,
      ).map((i) => candidates[i]!);
      const inside = await insideManagedArea(db, spots);
      inside.forEach((at, n) => {
        add('crowd_counter', `${area.name}客流计数点${n + 1}`, at, `CC-${area.code}-${String(n + 1).padStart(2, '0')}`, { crowdAreaId });
      });
    }
    step.tick();

    // Manhole covers along the community's lanes and roads, 4 m inside its edge so that every
    // cover is placed in this community; the concentrators sit at the centres of their radio cells.
    const community = (
      await db.query<{ id: number; code: string; inset: string; lanes: string[] }>(
        `
      select c.id, c.code, st_asGeoJSON(inset) as inset,
             array(select st_asGeoJSON(g.geom) from (
                     select (st_dump(st_intersection(a.geom, inset))).geom from alley a where st_intersects(a.geom, inset)
                     union all
                     select (st_dump(st_intersection(r.geom, inset))).geom from basemap_road r where st_intersects(r.geom, inset)) g
                    where st_geometryType(g.geom) = 'ST_LineString' order by st_x(st_startPoint(g.geom)), st_y(st_startPoint(g.geom))) as lanes
        from admin_area c, lateral (select st_buffer(c.geom::geography, -4)::geometry as inset) b
       where c.level = 'community' and c.name = $1`,
        [MANHOLE_COMMUNITY],
      )
    ).rows[0];
    if (!community) throw new Error(`community ${MANHOLE_COMMUNITY} is missing: the areas generator must run first`);
    const inner = JSON.parse(community.inset) as Area;
    const lanes = community.lanes.map((g) => (JSON.parse(g) as { coordinates: [number, number][] }).coordinates.map((p) => toXY(p)));
    const onLanes = lanes.length > 0 ? Math.round(INVENTORY.manhole_cover * COVERS_ON_LANES) : 0;
    const coverXY = pointsAlong(lanes, onLanes, rng).filter((p) => contains(inner, toLngLat(p)));
    const scattered = samplePoints(inner, INVENTORY.manhole_cover, rng).map((p) => toXY(p));
    coverXY.push(...scattered.slice(0, INVENTORY.manhole_cover - coverXY.length));
    if (coverXY.length !== INVENTORY.manhole_cover)
      throw new Error(`placed ${coverXY.length} of ${INVENTORY.manhole_cover} manhole covers`);
    const { cluster, centres } = kMeans(coverXY, INVENTORY.concentrator);
    const concentrators = centres.map((c, n) => {
      // a centre that falls outside the community (a concave edge) moves to its nearest cover
      const at = contains(inner, toLngLat(c)) ? c : coverXY[nearest(coverXY, c)]!;
      return add('concentrator', `西交民巷井盖数据汇聚器${n + 1}`, toLngLat(at), `${community.code}-DC-${n + 1}`);
    });
    const weights = COVER_UTILITIES.map((u) => u.weight);
    const serials = new Map<string, number>();
    coverXY.forEach((p, i) => {
      const u = COVER_UTILITIES[rng.weighted(weights)]!;
      const serial = (serials.get(u.sub) ?? 0) + 1;
      serials.set(u.sub, serial);
      // GB/T 30428 component code: district + main class 01 (public facilities) + sub-class + serial
      add(
        'manhole_cover',
        `${u.name}井盖${String(serial).padStart(3, '0')}`,
        toLngLat(p),
        `${community.code.slice(0, 6)}01${u.sub}${String(serial).padStart(6, '0')}`,
        { concentratorId: concentrators[cluster[i]!]!.id },
      );
    });
    step.tick();

    await ctx.copy(
      'sensor',
      [
        'id',
        'code',
        'kind',
        'name',
        'geom',
        'crowd_area_id',
        'concentrator_id',
        'unit',
        'alarm_above',
        'clear_below',
        'status',
        'installed_at',
      ],
      sensors.map((s) => {
        const spec = SENSOR_SPECS[s.kind];
        return [
          s.id,
          s.code,
          s.kind,
          s.name,
          ewkt.point(...s.at),
          s.crowdAreaId ?? null,
          s.concentratorId ?? null,
          spec.unit,
          spec.alarmAbove,
          spec.clearBelow,
          'normal',
          installedAt(rng, s.kind, ctx.anchor),
        ];
      }),
    );
    await db.query(`select setval(pg_get_serial_sequence('sensor', 'id'), (select max(id) from sensor))`);
    step.done();
  },
};
export default generator;
