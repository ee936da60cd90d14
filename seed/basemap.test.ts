// The basemap's roads are the real OSM network: every way of the two OSM road files that touches the core
// area is loaded, class by class, with its Chinese name where OSM has one. The truth is read from the files
// here, with turf, not through the seed's own loader.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanIntersects } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../server/db/pool.ts';
import { realDataDir } from '../server/paths.ts';
import { fullDatabaseUrl } from '../test/db.ts';

let db: pg.Pool;
beforeAll(() => {
  db = createPool(fullDatabaseUrl(), 2);
});
afterAll(() => db.end());

const read = <T>(file: string) => JSON.parse(readFileSync(join(realDataDir, file), 'utf8')) as T;
const streets = () => read<FeatureCollection<Polygon | MultiPolygon>>('core_area_streets.geojson').features;

describe('basemap roads from OpenStreetMap', () => {
  it('loads every OSM way inside the core area, by OSM class', async () => {
    const truth: Record<string, number> = {};
    for (const file of ['core_roads_osm2013.geojson', 'core_extra_ways_sparsetaxi.geojson']) {
      for (const f of read<FeatureCollection<LineString | MultiLineString>>(file).features as Feature<LineString | MultiLineString>[]) {
        const overlap = f.properties?.overlap_with_main;
        if (typeof overlap === 'number' && overlap >= 0.5) continue;
        if (!streets().some((s) => booleanIntersects(f, s))) continue;
        const highway = String(f.properties?.highway);
        truth[highway] = (truth[highway] ?? 0) + 1;
      }
    }
    const { rows } = await db.query<{ highway: string; n: number }>(
      `select highway, count(distinct (osm_file, osm_index))::int as n from basemap_road group by 1 order by 1`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.highway, r.n]))).toEqual(truth);
    expect(Object.values(truth).reduce((a, b) => a + b, 0)).toBeGreaterThan(5000);
  });

  it('names the real streets in Chinese with pinyin as the English name', async () => {
    const { rows } = await db.query<{ name: string; name_en: string }>(
      `select name, min(name_en) as name_en from basemap_road where name in ('南锣鼓巷', '大栅栏商业街', '东长安街', '史家胡同') group by 1 order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual(['东长安街', '南锣鼓巷', '史家胡同', '大栅栏商业街'].sort());
    for (const r of rows) expect(r.name_en).toMatch(/^[A-Za-z]/);
    const none = await db.query<{ n: number }>(`select count(*)::int as n from basemap_road where osm_file is null`);
    expect(none.rows[0]!.n).toBe(0);
  });

  it('keeps generated buildings off the real roads and lanes, and has the north strip’s real footprints and parks', async () => {
    const { rows } = await db.query<{ n: number }>(`
      select count(*)::int as n from basemap_building b join basemap_road r
          on st_intersects(r.geom_3857, b.geom_3857) and r.class in ('ring', 'arterial', 'secondary', 'local', 'lane')
       where b.osm_way_id is null`);
    expect(rows[0]!.n).toBe(0);
    const strip = read<FeatureCollection>('core_north_strip_osm2015_region5.geojson').features;
    const real = await db.query<{ n: number }>('select count(distinct osm_way_id)::int as n from basemap_building');
    const inside = strip.filter(
      (f) => f.properties?.building && f.geometry.type === 'Polygon' && streets().some((s) => booleanIntersects(f, s)),
    ).length;
    expect(inside).toBeGreaterThan(10);
    // footprints on a district boundary stay out: the tiles and the buildable area end there
    expect(real.rows[0]!.n).toBeLessThanOrEqual(inside);
    expect(real.rows[0]!.n).toBeGreaterThan(inside * 0.9);
    const parks = await db.query<{ name: string }>(`select name from basemap_green where name in ('地坛公园', '柳荫公园', '青年湖公园')`);
    expect(parks.rows.map((r) => r.name).sort()).toEqual(['地坛公园', '柳荫公园', '青年湖公园'].sort());
  });
});
