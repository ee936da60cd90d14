// The offline basemap's reference layers: main roads, water, parks and squares, and place labels
// (districts, streets, communities, landmarks, subway stations). Buildings and the local lanes
// come later (seed/buildings.ts, seed/alleys.ts) because they fill the blocks these layers leave.
// The roads are the real OpenStreetMap ways (loadOsmRoads); water and parks are traced, except in the
// north strip, where OSM's own polygons are loaded (loadNorthStrip).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_AREA_EXTENT } from '../server/contracts/constants.ts';
import { realDataDir } from '../server/paths.ts';
import type { Generator, SeedContext } from './context.ts';
import { ewkt } from './copy.ts';
import { type AreaDef, LANDMARKS, PARKS, WATER } from './data/basemap.ts';
import { loadSubwayStops } from './geo.ts';
import { romanize } from './names.ts';

function polygonEwkt(area: AreaDef): string {
  const rings = [area.ring, ...(area.holes ?? [])];
  return `SRID=4326;POLYGON(${rings.map((r) => `(${r.map(([x, y]) => `${x} ${y}`).join(',')})`).join(',')})`;
}

/** The OSM files whose ways are the basemap's roads, in load order. */
export const OSM_ROAD_FILES = ['core_roads_osm2013.geojson', 'core_extra_ways_sparsetaxi.geojson'] as const;

/** OSM `highway` → the tiles' zoom class: ring and arterial at every zoom, secondary from z12, local from z13,
 *  lane and path (service lanes, footways, steps) from z15 (tiles/layers.ts). */
export function roadClass(highway: string): 'ring' | 'arterial' | 'secondary' | 'local' | 'lane' | 'path' {
  if (/^(motorway|trunk)(_link)?$/.test(highway)) return 'ring';
  if (/^primary(_link)?$/.test(highway)) return 'arterial';
  if (/^(secondary|tertiary)(_link)?$/.test(highway)) return 'secondary';
  if (['residential', 'living_street', 'unclassified', 'road', 'access_ramp', 'pedestrian'].includes(highway)) return 'local';
  if (highway === 'service') return 'lane';
  return 'path';
}

const HAN = /\p{Script=Han}/u;

interface OsmWay {
  file: string;
  index: number;
  highway: string;
  name: string | null;
  nameEn: string | null;
  oneway: boolean;
  parts: [number, number][][];
}

/** The ways of the OSM road files: the Chinese name where either name field has one, the pinyin one as the
 *  English name (romanised from the Chinese when OSM has none). The extra file's ways that mostly repeat a way
 *  of the main file (overlap_with_main ≥ 0.5) are left out. */
export function osmWays(): OsmWay[] {
  const out: OsmWay[] = [];
  for (const file of OSM_ROAD_FILES) {
    const fc = JSON.parse(readFileSync(join(realDataDir, file), 'utf8')) as {
      features: {
        geometry: { type: 'LineString' | 'MultiLineString'; coordinates: unknown };
        properties: Record<string, unknown>;
      }[];
    };
    fc.features.forEach((f, index) => {
      const p = f.properties;
      if (typeof p.overlap_with_main === 'number' && p.overlap_with_main >= 0.5) return;
      // a name is Chinese, pinyin, or both ('长巷三条 Changxiang Santiao'): split the Latin tail off
      const names = [p.name, p.name_sparsetaxi]
        .filter((n): n is string => typeof n === 'string' && n.trim() !== '')
        .flatMap((n) => {
          const both = /^(\S*\p{Script=Han}\S*)\s+([^\p{Script=Han}]+)$/u.exec(n.trim());
          return both ? [both[1]!, both[2]!.trim()] : [n.trim()];
        });
      const zh = names.find((n) => HAN.test(n)) ?? null;
      const en = names.find((n) => !HAN.test(n)) ?? (zh ? romanize(zh) : null);
      const parts = (f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates) as [number, number][][];
      out.push({
        file,
        index,
        highway: String(p.highway ?? 'road'),
        name: zh ?? en,
        nameEn: en,
        oneway: p.oneway === 1 || p.oneway === true || p.oneway === 'yes',
        parts: parts.filter((c) => c.length >= 2),
      });
    });
  }
  return out;
}

/** The basemap's roads: the OSM ways that touch the core area, in file order (so ids repeat from seed to seed). */
async function loadOsmRoads(ctx: SeedContext): Promise<void> {
  await ctx.db.query(`create temp table seed_osm_road (ord int, name text, name_en text, class text, highway text, oneway boolean,
      osm_file text, osm_index int, geom geometry(LineString, 4326)) on commit drop`);
  let ord = 0;
  const rows: (string | number | boolean | null)[][] = [];
  for (const w of osmWays()) {
    for (const part of w.parts) {
      rows.push([ord++, w.name, w.nameEn, roadClass(w.highway), w.highway, w.oneway, w.file, w.index, ewkt.line(part)]);
    }
  }
  await ctx.copy('seed_osm_road', ['ord', 'name', 'name_en', 'class', 'highway', 'oneway', 'osm_file', 'osm_index', 'geom'], rows);
  await ctx.db.query(`insert into basemap_road (name, name_en, class, highway, oneway, osm_file, osm_index, geom)
    select r.name, r.name_en, r.class, r.highway, r.oneway, r.osm_file, r.osm_index, r.geom
      from seed_osm_road r
     where exists (select 1 from admin_area d where d.level = 'district' and st_intersects(d.geom, r.geom))
     order by r.ord`);
}

/** The north strip's real polygons (OSM 2015, lat ≥ 39.95, lon ≥ 116.398): its parks (地坛, 柳荫, 青年湖) replace the
 *  traced boxes of the same name, its lawns and pitches are green, its water and canals (the north moat, as
 *  10 m-wide bands where OSM has only the centre line) join the water, all cut to the core area's extent. Its
 *  buildings: seed/buildings.ts. */
async function loadNorthStrip(ctx: SeedContext): Promise<void> {
  const fc = JSON.parse(readFileSync(join(realDataDir, 'core_north_strip_osm2015_region5.geojson'), 'utf8')) as {
    features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, string | number | undefined> }[];
  };
  const water: [string | null, string | null, string][] = [];
  const green: [string | null, string | null, string, string][] = [];
  for (const f of fc.features) {
    const p = f.properties;
    const geojson = JSON.stringify(f.geometry);
    const name = typeof p.name === 'string' ? p.name : null;
    const nameEn = typeof p['name:en'] === 'string' ? p['name:en'] : null;
    if (p.natural === 'water' && f.geometry.type === 'Polygon') water.push([name, nameEn, geojson]);
    else if (p.waterway && f.geometry.type === 'LineString')
      water.push([name ?? (p.waterway === 'canal' ? '护城河' : null), nameEn, geojson]);
    else if (p.leisure === 'park') green.push([name, nameEn, 'park', geojson]);
    else if ((p.landuse === 'grass' || p.leisure === 'pitch') && f.geometry.type === 'Polygon')
      green.push([name, nameEn, 'green', geojson]);
  }
  const realParks = green.filter((g) => g[2] === 'park').map((g) => g[0]);
  await ctx.db.query('delete from basemap_green where name = any($1)', [realParks]);
  await ctx.db.query(
    `insert into basemap_water (name, name_en, geom)
     select w->>0, w->>1, g.geom
       from jsonb_array_elements($1::jsonb) with ordinality as a(w, n),
            lateral (select st_setSRID(st_geomFromGeoJSON(w->>2), 4326) as l) l,
            lateral (select (st_dump(st_intersection(case when st_geometryType(l.l) = 'ST_LineString'
                             then st_buffer(l.l::geography, 5)::geometry else st_makeValid(l.l) end, st_makeEnvelope($2, $3, $4, $5, 4326)))).geom) g
      where st_geometryType(g.geom) = 'ST_Polygon' order by a.n`,
    [JSON.stringify(water), ...CORE_AREA_EXTENT],
  );
  await ctx.db.query(
    `insert into basemap_green (name, name_en, kind, geom)
     select w->>0, w->>1, w->>2, g.geom
       from jsonb_array_elements($1::jsonb) with ordinality as a(w, n),
            lateral (select (st_dump(st_intersection(st_makeValid(st_setSRID(st_geomFromGeoJSON(w->>3), 4326)),
                                                     st_makeEnvelope($2, $3, $4, $5, 4326)))).geom) g
      where st_geometryType(g.geom) = 'ST_Polygon' order by a.n`,
    [JSON.stringify(green), ...CORE_AREA_EXTENT],
  );
}

/** The traced lakes and moats give way to the real lanes: where a lane (any way below a primary road) runs
 *  into the water, the water ends 4 m from it — the shore of 前海 and 后海 follows the lanes around them, and
 *  a lane across the water is a bridge (银锭桥). Slivers under 200 m² left between a lane and the traced
 *  outline are dropped. */
async function shoreWater(ctx: SeedContext): Promise<void> {
  await ctx.db.query(`create temp table seed_water on commit drop as
    select w.id, w.name, w.name_en, (st_dump(st_difference(w.geom, coalesce(
             (select st_union(st_buffer(r.geom::geography, 4)::geometry) from basemap_road r
               where r.class not in ('ring', 'arterial') and st_intersects(r.geom, w.geom)),
             'SRID=4326;GEOMETRYCOLLECTION EMPTY'::geometry)))).*
      from basemap_water w`);
  await ctx.db.query('delete from basemap_water');
  await ctx.db.query(`insert into basemap_water (name, name_en, geom)
    select name, name_en, geom from seed_water
     where st_geometryType(geom) = 'ST_Polygon' and st_area(geom::geography) >= 200 order by id, path`);
}

const generator: Generator = {
  name: 'basemap',
  async run(ctx: SeedContext) {
    const step = ctx.progress.step('basemap', 5);
    await loadOsmRoads(ctx);
    step.tick();
    await ctx.copy(
      'basemap_water',
      ['name', 'name_en', 'geom'],
      WATER.map((w) => [w.name, w.nameEn, polygonEwkt(w)]),
    );
    step.tick();
    await ctx.copy(
      'basemap_green',
      ['name', 'name_en', 'kind', 'geom'],
      PARKS.map((p) => [p.name, p.nameEn, 'park', polygonEwkt(p)]),
    );
    step.tick();
    await loadNorthStrip(ctx);
    await shoreWater(ctx);

    // Subway stations (location_type 1) carry platform duplicates: one label per name.
    const stations = new Map<string, [number, number]>();
    for (const s of loadSubwayStops()) {
      const name = s.name.replace(/\(.*\)$/, '');
      if (s.locationType === 1 && !stations.has(name)) stations.set(name, s.lngLat);
    }
    await ctx.copy(
      'basemap_place',
      ['name', 'name_en', 'kind', 'rank', 'geom'],
      [
        ...LANDMARKS.map((l) => [l.name, l.nameEn, 'landmark', l.rank, ewkt.point(...l.at)] as const),
        ...[...stations].map(([name, at]) => [name, romanize(name), 'station', 3, ewkt.point(...at)] as const),
      ],
    );
    await ctx.db.query(`insert into basemap_place (name, name_en, kind, rank, geom)
      select replace(name, '居委会', ''), name_en, level, case level when 'district' then 1 when 'street' then 2 else 4 end,
             coalesce(label_point, st_pointOnSurface(geom))
        from admin_area order by level, code`);
    step.done();
  },
};
export default generator;
