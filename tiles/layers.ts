// Every vector-tile layer, defined once: its SQL (PostGIS → MVT in one statement), its fields and its
// zoom range. Adding a layer means adding one entry here. Conventions for the SQL: $1 = z, $2 = x,
// $3 = y, further parameters are the layer's filters in the order `filterParams` returns them;
// geometry comes from the stored EPSG:3857 column (no per-row transform), simplified to a tenth
// of a tile pixel at that zoom; the feature id is ST_AsMVT's id argument.

import { openCaseSql, type CaseFilter } from '../server/cases/queries.ts';

export type FieldType = 'String' | 'Number' | 'Boolean';

export interface TileLayer {
  name: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  /** MVT layer name → its fields (for TileJSON's vector_layers). */
  vectorLayers: Record<string, Record<string, FieldType>>;
  /** The statement; it must return one bytea column named `mvt`. */
  sql: string;
  /** Tables whose changes make this layer's tiles stale (tiles/invalidation.ts). */
  dependsOn: string[];
  /** True for layers that accept the case filters. */
  filtered?: boolean;
}

const EXTENT = 4096;
/** Simplification tolerance in 3857 metres: a quarter of one MVT unit at zoom $1. */
const TOLERANCE = `(40075016.685578 / 2 ^ $1::int / ${EXTENT} / 4)`;
const ENVELOPE = 'st_tileEnvelope($1::int, $2::int, $3::int)';
const geom = (column: string, buffer = 64) =>
  `st_asMVTGeom(st_simplifyPreserveTopology(${column}, ${TOLERANCE}), ${ENVELOPE}, ${EXTENT}, ${buffer}, true)`;
const pointGeom = (column: string) => `st_asMVTGeom(${column}, ${ENVELOPE}, ${EXTENT}, 64, true)`;

/** Zoom from which single cases are drawn; below it they are counted per bin. */
export const CASE_POINT_MINZOOM = 15;
/** Bins per tile side for aggregated cases (64 → bins of 4 px on a 256 px tile). */
const CASE_BINS = 64;

// The case filter as SQL over `c` (cases), parameters $4..$8; null means "no filter".
const CASE_WHERE = `($4::timestamptz is null or c.reported_at >= $4::timestamptz)
  and ($5::timestamptz is null or c.reported_at < $5::timestamptz)
  and ($6::text is null or c.category_code like $6::text || '%')
  and ($7::text[] is null or c.source = any($7::text[]))
  and ($8::text[] is null or c.stage = any($8::text[]))`;
const OPEN = openCaseSql('c');

/** Open cases and cases of the last 30 days of the `table` features in the tile, per `key` column: one
 *  pass over the few rows the open-stage and reported_at indexes find, instead of two counts per feature
 *  (a feature's cases may lie outside the tile: a cell or alley crossing its edge). */
const RECENT_COUNTS = (key: string, table: string) => `select c.${key} as key, (count(*) filter (where ${OPEN}))::int as open_cases,
    (count(*) filter (where c.reported_at >= now() - interval '30 days'))::int as cases_30d
  from cases c
  where (${OPEN} or c.reported_at >= now() - interval '30 days')
    and c.${key} in (select f.id from ${table} f where f.geom_3857 && ${ENVELOPE})
  group by 1`;

export const LAYERS: TileLayer[] = [
  {
    name: 'admin',
    description: 'districts, streets (z ≥ 9) and communities (z ≥ 12)',
    minzoom: 8,
    maxzoom: 16,
    vectorLayers: { admin: { code: 'String', name: 'String', name_en: 'String', level: 'String' } },
    sql: `select st_asMVT(t, 'admin', ${EXTENT}, 'geom', 'id') as mvt from (
      select a.id, a.code, a.name, a.name_en, a.level, ${geom('a.geom_3857', 8)} as geom
        from admin_area a
       where a.geom_3857 && ${ENVELOPE}
         and (a.level = 'district' or (a.level = 'street' and $1 >= 9) or (a.level = 'community' and $1 >= 12))) t`,
    dependsOn: ['admin_area'],
  },
  {
    name: 'grid',
    description: 'unit-grid cells with their class, open cases now and cases in the last 30 days',
    minzoom: 12,
    maxzoom: 18,
    vectorLayers: { grid: { code: 'String', class: 'String', open_cases: 'Number', cases_30d: 'Number' } },
    sql: `select st_asMVT(t, 'grid', ${EXTENT}, 'geom', 'id') as mvt from (
      select g.id, g.code, g.class, coalesce(k.open_cases, 0) as open_cases, coalesce(k.cases_30d, 0) as cases_30d,
             ${geom('g.geom_3857', 8)} as geom
        from grid_cell g
        left join (${RECENT_COUNTS('grid_cell_id', 'grid_cell')}) k on k.key = g.id
       where g.geom_3857 && ${ENVELOPE}) t`,
    dependsOn: ['grid_cell', 'cases'],
  },
  {
    name: 'alleys',
    description: 'back alleys with their name, 十有十无 score (0–20), chief (name only) and open cases',
    minzoom: 11,
    maxzoom: 18,
    vectorLayers: { alleys: { name: 'String', score: 'Number', chief: 'String', open_cases: 'Number', slug: 'String' } },
    sql: `select st_asMVT(t, 'alleys', ${EXTENT}, 'geom', 'id') as mvt from (
      select a.id, a.name, a.qr_slug as slug, p.name as chief,
             (select count(*) filter (where h) from unnest(a.ten_haves || a.ten_nones) h)::int as score,
             coalesce(k.open_cases, 0) as open_cases, ${geom('a.geom_3857')} as geom
        from alley a join person p on p.id = a.chief_id
        left join (${RECENT_COUNTS('alley_id', 'alley')}) k on k.key = a.id
       where a.geom_3857 && ${ENVELOPE}) t`,
    dependsOn: ['alley', 'cases'],
  },
  {
    name: 'sensors',
    description: 'sensors with kind, status (normal / alarm / offline) and last value',
    minzoom: 10,
    maxzoom: 20,
    vectorLayers: { sensors: { code: 'String', kind: 'String', name: 'String', status: 'String', last_value: 'Number', unit: 'String' } },
    sql: `select st_asMVT(t, 'sensors', ${EXTENT}, 'geom', 'id') as mvt from (
      select s.id, s.code, s.kind, s.name, s.status, s.last_value, s.unit, ${pointGeom('s.geom_3857')} as geom
        from sensor s
       where s.geom_3857 && ${ENVELOPE}
         -- the 500 manhole covers of one community only from z14, where they separate
         and (s.kind not in ('manhole_cover') or $1 >= 14)) t`,
    dependsOn: ['sensor'],
  },
  {
    name: 'cases',
    description: `cases: single points from z${CASE_POINT_MINZOOM}, counted per ${CASE_BINS}×${CASE_BINS} bin below; filterable`,
    minzoom: 8,
    maxzoom: 20,
    vectorLayers: {
      cases: { code: 'String', category: 'String', source: 'String', stage: 'String', priority: 'Number', overdue: 'Boolean' },
      case_bins: { count: 'Number', open: 'Number' },
    },
    filtered: true,
    sql: `select case when $1 >= ${CASE_POINT_MINZOOM} then (
        select st_asMVT(t, 'cases', ${EXTENT}, 'geom', 'id') from (
          select c.id, c.code, c.category_code as category, c.source, c.stage, c.priority,
                 (${OPEN} and c.deadline < now()) as overdue, ${pointGeom('c.geom_3857')} as geom
            from cases c
           where c.geom_3857 && ${ENVELOPE} and ${CASE_WHERE}) t)
      else (
        select st_asMVT(t, 'case_bins', ${EXTENT}, 'geom') from (
          select count(*)::int as count, (count(*) filter (where ${OPEN}))::int as open,
                 st_asMVTGeom(st_centroid(st_collect(c.geom_3857)), ${ENVELOPE}, ${EXTENT}, 0, true) as geom
            from cases c
           where c.geom_3857 && ${ENVELOPE} and ${CASE_WHERE}
           group by floor((st_x(c.geom_3857) - st_xmin(${ENVELOPE})) / (st_xmax(${ENVELOPE}) - st_xmin(${ENVELOPE})) * ${CASE_BINS}),
                    floor((st_y(c.geom_3857) - st_ymin(${ENVELOPE})) / (st_ymax(${ENVELOPE}) - st_ymin(${ENVELOPE})) * ${CASE_BINS})) t)
      end as mvt`,
    dependsOn: ['cases'],
  },
  {
    name: 'crowds',
    description: 'crowd areas with their capacity and latest count',
    minzoom: 10,
    maxzoom: 18,
    vectorLayers: { crowds: { code: 'String', name: 'String', kind: 'String', capacity: 'Number', count: 'Number', share: 'Number' } },
    sql: `select st_asMVT(t, 'crowds', ${EXTENT}, 'geom', 'id') as mvt from (
      select a.id, a.code, a.name, a.kind, a.capacity, n.count,
             round((n.count::numeric / a.capacity), 3)::float8 as share, ${geom('a.geom_3857', 16)} as geom
        from crowd_area a
        left join lateral (select k.count from crowd_count k where k.crowd_area_id = a.id order by k.at desc limit 1) n on true
       where a.geom_3857 && ${ENVELOPE}) t`,
    dependsOn: ['crowd_area', 'crowd_count'],
  },
  {
    name: 'basemap',
    description: 'the offline basemap: roads, buildings (z ≥ 14), water, green and place labels',
    minzoom: 8,
    maxzoom: 18,
    vectorLayers: {
      water: { name: 'String' },
      green: { name: 'String', kind: 'String' },
      roads: { name: 'String', name_en: 'String', class: 'String' },
      buildings: { kind: 'String', height: 'Number' },
      places: { name: 'String', name_en: 'String', kind: 'String', rank: 'Number' },
    },
    sql: `select
      (select coalesce(st_asMVT(t, 'water', ${EXTENT}, 'geom', 'id'), '') from (
        select w.id, w.name, ${geom('w.geom_3857', 16)} as geom from basemap_water w where w.geom_3857 && ${ENVELOPE}) t)
      || (select coalesce(st_asMVT(t, 'green', ${EXTENT}, 'geom', 'id'), '') from (
        select g.id, g.name, g.kind, ${geom('g.geom_3857', 16)} as geom from basemap_green g where g.geom_3857 && ${ENVELOPE}) t)
      || (select coalesce(st_asMVT(t, 'roads', ${EXTENT}, 'geom', 'id'), '') from (
        select r.id, r.name, r.name_en, r.class, ${geom('r.geom_3857')} as geom from basemap_road r
         where r.geom_3857 && ${ENVELOPE} and (r.class in ('ring', 'arterial') or $1 >= 12)) t)
      || (select coalesce(st_asMVT(t, 'buildings', ${EXTENT}, 'geom', 'id'), '') from (
        select b.id, b.kind, b.height, ${geom('b.geom_3857', 4)} as geom from basemap_building b
         where $1 >= 14 and b.geom_3857 && ${ENVELOPE}) t)
      || (select coalesce(st_asMVT(t, 'places', ${EXTENT}, 'geom', 'id'), '') from (
        select p.id, p.name, p.name_en, p.kind, p.rank, ${pointGeom('p.geom_3857')} as geom from basemap_place p
         where p.geom_3857 && ${ENVELOPE}
           and (p.kind = 'district' or (p.kind in ('street', 'landmark') and $1 >= 12) or $1 >= 14)) t) as mvt`,
    dependsOn: ['basemap_water', 'basemap_green', 'basemap_road', 'basemap_building', 'basemap_place'],
  },
];

export const LAYER_BY_NAME = new Map(LAYERS.map((l) => [l.name, l]));

/** The SQL parameters of a tile request, in the order the layer's statement expects them. */
export function tileParams(layer: TileLayer, z: number, x: number, y: number, filter: CaseFilter = {}): unknown[] {
  const base = [z, x, y];
  if (!layer.filtered) return base;
  return [...base, filter.from?.toISOString() ?? null, filter.to?.toISOString() ?? null, filter.category ?? null,
    filter.sources?.length ? filter.sources : null, filter.stages?.length ? filter.stages : null];
}
