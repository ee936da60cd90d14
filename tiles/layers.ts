// Every vector-tile layer, defined once: its name (the URL's, the cache's and the web's layer id), its SQL
// (PostGIS → MVT in one statement), its fields and its zoom range; the router, TileJSON, the cache, the
// invalidation and the benchmark all read this list. Adding a layer means adding one entry here.
// Conventions for the SQL: $1 = z, $2 = x, $3 = y; a filtered layer's condition binds $4 onwards
// (server/cases/filter.ts, the case list's own translator); geometry comes from the stored EPSG:3857
// column (no per-row transform), simplified to a tenth of a tile pixel at that zoom; the feature id
// is ST_AsMVT's id argument.
import { createHash } from 'node:crypto';
import { type CaseFilter, caseFilterSql } from '../server/cases/filter.ts';
import { openCaseSql, overdueCaseSql } from '../server/cases/queries.ts';
import { sensorStatusSql } from '../server/sensors/status.ts';

export type FieldType = 'String' | 'Number' | 'Boolean';

export interface VectorLayer {
  fields: Readonly<Record<string, FieldType>>;
  /** from this zoom on, when later than the layer's minzoom (TileJSON's vector_layers) */
  minzoom?: number;
}

export interface TileLayer {
  name: string;
  description: string;
  /** the zooms with tiles of their own; clients overzoom past maxzoom */
  minzoom: number;
  maxzoom: number;
  /** MVT layer name → its fields (TileJSON's vector_layers). */
  vectorLayers: Readonly<Record<string, VectorLayer>>;
  /** The statement; it must return one bytea column named `mvt`. A layer that takes the case filters
   *  gives a function of the filter's condition over `c` instead (see tileStatement). */
  sql: string | ((caseWhere: string) => string);
  /** Tables whose changes make this layer's tiles stale (tiles/invalidation.ts). */
  dependsOn: readonly string[];
  /** Seconds a cached tile may be served without a change notice, for layers whose SQL reads the clock:
   *  a sensor falls silent, a deadline passes, a case leaves the last 30 days, and no write announces it. */
  staleAfterS?: number;
}

const EXTENT = 4096;
/** Simplification tolerance in 3857 metres: a quarter of one MVT unit at zoom $1. */
const TOLERANCE = `(40075016.685578 / 2 ^ $1::int / ${EXTENT} / 4)`;
const ENVELOPE = 'st_tileEnvelope($1::int, $2::int, $3::int)';
const geom = (column: string, buffer = 64) =>
  `st_asMVTGeom(st_simplifyPreserveTopology(${column}, ${TOLERANCE}), ${ENVELOPE}, ${EXTENT}, ${buffer}, true)`;
const pointGeom = (column: string) => `st_asMVTGeom(${column}, ${ENVELOPE}, ${EXTENT}, 64, true)`;

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

const DEFINITIONS = [
  {
    name: 'admin',
    description: 'districts, streets (z ≥ 9) and communities (z ≥ 12)',
    minzoom: 8,
    maxzoom: 16,
    vectorLayers: { admin: { fields: { code: 'String', name: 'String', name_en: 'String', level: 'String' } } },
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
    vectorLayers: { grid: { fields: { code: 'String', class: 'String', open_cases: 'Number', cases_30d: 'Number' } } },
    sql: `select st_asMVT(t, 'grid', ${EXTENT}, 'geom', 'id') as mvt from (
      select g.id, g.code, g.class, coalesce(k.open_cases, 0) as open_cases, coalesce(k.cases_30d, 0) as cases_30d,
             ${geom('g.geom_3857', 8)} as geom
        from grid_cell g
        left join (${RECENT_COUNTS('grid_cell_id', 'grid_cell')}) k on k.key = g.id
       where g.geom_3857 && ${ENVELOPE}) t`,
    dependsOn: ['grid_cell', 'cases'],
    staleAfterS: 300,
  },
  {
    name: 'alleys',
    description: 'back alleys with their name, 十有十无 score (0–20), chief (name only) and open cases',
    minzoom: 11,
    maxzoom: 18,
    vectorLayers: { alleys: { fields: { name: 'String', score: 'Number', chief: 'String', open_cases: 'Number', slug: 'String' } } },
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
    description: 'sensors with kind, status (normal / alarm / offline: silent for three reporting intervals) and last value',
    minzoom: 10,
    maxzoom: 20,
    vectorLayers: {
      sensors: { fields: { code: 'String', kind: 'String', name: 'String', status: 'String', last_value: 'Number', unit: 'String' } },
    },
    sql: `select st_asMVT(t, 'sensors', ${EXTENT}, 'geom', 'id') as mvt from (
      select s.id, s.code, s.kind, s.name, ${sensorStatusSql('s')} as status, s.last_value, s.unit, ${pointGeom('s.geom_3857')} as geom
        from sensor s
       where s.geom_3857 && ${ENVELOPE}
         -- the 500 manhole covers of one community only from z14, where they separate
         and (s.kind not in ('manhole_cover') or $1 >= 14)) t`,
    dependsOn: ['sensor'],
    staleAfterS: 60,
  },
  {
    name: 'cases',
    description: 'single cases with category, source, stage, priority and overdue; filtered like the case list',
    // below z15 a tile holds tens of thousands of cases: the wall draws them as a heatmap (/api/cockpit/heat)
    minzoom: 15,
    maxzoom: 20,
    vectorLayers: {
      cases: { fields: { code: 'String', category: 'String', source: 'String', stage: 'String', priority: 'Number', overdue: 'Boolean' } },
    },
    sql: (caseWhere) => `select st_asMVT(t, 'cases', ${EXTENT}, 'geom', 'id') as mvt from (
      select c.id, c.code, c.category_code as category, c.source, c.stage, c.priority,
             ${overdueCaseSql('c')} as overdue, ${pointGeom('c.geom_3857')} as geom
        from cases c
       -- && alone compares float4 boxes, a metre loose at these coordinates: st_intersects puts a case in
       -- the tiles that hold it, so that the tiles over an area draw the cases the list gives for it
       where c.geom_3857 && ${ENVELOPE} and st_intersects(c.geom_3857, ${ENVELOPE}) and ${caseWhere}) t`,
    dependsOn: ['cases'],
    staleAfterS: 60,
  },
  {
    name: 'basemap',
    description:
      'the offline basemap: OSM roads (secondary z ≥ 12, local z ≥ 13, lanes and paths z ≥ 15), buildings (z ≥ 14), water, green and place labels',
    minzoom: 8,
    maxzoom: 18,
    vectorLayers: {
      water: { fields: { name: 'String' } },
      green: { fields: { name: 'String', kind: 'String' } },
      roads: { fields: { name: 'String', name_en: 'String', class: 'String' } },
      buildings: { fields: { kind: 'String', height: 'Number' }, minzoom: 14 },
      places: { fields: { name: 'String', name_en: 'String', kind: 'String', rank: 'Number' } },
    },
    sql: `select
      (select coalesce(st_asMVT(t, 'water', ${EXTENT}, 'geom', 'id'), '') from (
        select w.id, w.name, ${geom('w.geom_3857', 16)} as geom from basemap_water w where w.geom_3857 && ${ENVELOPE}) t)
      || (select coalesce(st_asMVT(t, 'green', ${EXTENT}, 'geom', 'id'), '') from (
        select g.id, g.name, g.kind, ${geom('g.geom_3857', 16)} as geom from basemap_green g where g.geom_3857 && ${ENVELOPE}) t)
      || (select coalesce(st_asMVT(t, 'roads', ${EXTENT}, 'geom', 'id'), '') from (
        select r.id, r.name, r.name_en, r.class, ${geom('r.geom_3857')} as geom from basemap_road r
         -- zoom classes: the real network holds ~6,000 ways, a third of them service lanes and footways
         where r.geom_3857 && ${ENVELOPE}
           and (r.class in ('ring', 'arterial') or (r.class = 'secondary' and $1 >= 12) or (r.class = 'local' and $1 >= 13)
                or $1 >= 15)) t)
      || (select coalesce(st_asMVT(t, 'buildings', ${EXTENT}, 'geom', 'id'), '') from (
        select b.id, b.kind, b.height, ${geom('b.geom_3857', 4)} as geom from basemap_building b
         where $1 >= 14 and b.geom_3857 && ${ENVELOPE}) t)
      || (select coalesce(st_asMVT(t, 'places', ${EXTENT}, 'geom', 'id'), '') from (
        select p.id, p.name, p.name_en, p.kind, p.rank, ${pointGeom('p.geom_3857')} as geom from basemap_place p
         where p.geom_3857 && ${ENVELOPE}
           and (p.kind = 'district' or (p.kind in ('street', 'landmark') and $1 >= 12) or $1 >= 14)) t) as mvt`,
    dependsOn: ['basemap_water', 'basemap_green', 'basemap_road', 'basemap_building', 'basemap_place'],
  },
] as const satisfies readonly TileLayer[];

export const LAYERS: readonly TileLayer[] = DEFINITIONS;
export const LAYER_BY_NAME: ReadonlyMap<string, TileLayer> = new Map(LAYERS.map((l) => [l.name, l]));
/** The layers' names: the tile URL's, the web's layer ids, toggles and URL parameters. */
export type TileLayerName = (typeof DEFINITIONS)[number]['name'];

type FieldValue<T> = T extends 'String' ? string : T extends 'Number' ? number : T extends 'Boolean' ? boolean : never;
type VectorLayersOf<N extends TileLayerName> = Extract<(typeof DEFINITIONS)[number], { name: N }>['vectorLayers'];
/** A decoded feature's properties in MVT layer `V` of tile layer `N` (by default the one named like it), as
 *  the web reads them. A value that is null in the database is absent from the feature. */
export type TileProperties<
  N extends TileLayerName,
  V extends keyof VectorLayersOf<N> = N & keyof VectorLayersOf<N>,
> = VectorLayersOf<N>[V] extends { fields: infer F } ? { -readonly [K in keyof F]: FieldValue<F[K]> } : never;

export const isFiltered = (layer: TileLayer): boolean => typeof layer.sql === 'function';

/** Prepared statements of the filtered layers, one per shape of filter (which conditions it has). */
const statementNames = new Map<string, string>();

/** The statement of one tile: text, bind values and a prepared-statement name. A filtered layer's text
 *  depends on which conditions the filter has (never on their values), and so does its name. */
export function tileStatement(
  layer: TileLayer,
  z: number,
  x: number,
  y: number,
  filter: CaseFilter = {},
): { name: string; text: string; values: unknown[] } {
  if (typeof layer.sql === 'string') return { name: `tile_${layer.name}`, text: layer.sql, values: [z, x, y] };
  const where = caseFilterSql(filter, 'c', 4);
  let name = statementNames.get(`${layer.name}:${where.sql}`);
  if (!name) {
    name = `tile_${layer.name}_${createHash('sha1').update(where.sql).digest('hex').slice(0, 12)}`;
    statementNames.set(`${layer.name}:${where.sql}`, name);
  }
  return { name, text: layer.sql(where.sql), values: [z, x, y, ...where.params] };
}
