// The alleys on the real OSM lanes (issue 14 item 2), checked on a seeded city.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../server/db/pool.ts';
import { realDataDir } from '../server/paths.ts';
import { freshDatabase, query, type TestDatabase } from '../test/db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db?.drop());

describe('alleys on the real lanes', () => {
  it('are 2,435, 1,430 in Xicheng, each within one street and with a chief', async () => {
    const rows = await query<{ district: string; n: number; outside: number; chiefless: number }>(
      db.url,
      `select d.code as district, count(*)::int as n,
              count(*) filter (where not st_within(a.geom, s.geom))::int as outside,
              count(*) filter (where p.id is null or p.role <> 'alley_chief')::int as chiefless
         from alley a join admin_area s on s.id = a.street_id join admin_area d on d.id = s.parent_id
         left join person p on p.id = a.chief_id group by 1 order by 1`,
    );
    expect(rows).toEqual([
      { district: '110101', n: 1005, outside: 0, chiefless: 0 },
      { district: '110102', n: 1430, outside: 0, chiefless: 0 },
    ]);
  });

  it('carry at least 400 real OSM names, the Chinese one marked as reconstructed where OSM has only pinyin', async () => {
    const [r] = await query<{ osm: number; pinyin: number; bad: number }>(
      db.url,
      `select count(*) filter (where name_source = 'osm')::int as osm,
              count(*) filter (where name_source = 'osm-pinyin' and name_zh_reconstructed and name_en ~ '^[A-Za-z]')::int as pinyin,
              count(*) filter (where name_source <> 'generated' and name !~ '[一-龥]')::int as bad
         from alley`,
    );
    expect(r!.osm + r!.pinyin).toBeGreaterThanOrEqual(400);
    expect(r!.osm).toBeGreaterThan(0);
    expect(r!.bad).toBe(0);
  });

  it('lie on the OSM lanes: every alley within a metre of the ways of the two OSM files', async () => {
    const ways = ['core_roads_osm2013.geojson', 'core_extra_ways_sparsetaxi.geojson'].flatMap((f) =>
      (JSON.parse(readFileSync(join(realDataDir, f), 'utf8')) as { features: { geometry: unknown }[] }).features.map((x) => x.geometry),
    );
    const client = createClient(db.url);
    await client.connect();
    try {
      await client.query(
        'create temp table way as select st_setSRID(st_geomFromGeoJSON(g::text), 4326) as g from jsonb_array_elements($1::jsonb) g',
        [JSON.stringify(ways)],
      );
      await client.query('create index on way using gist (g)');
      const { rows } = await client.query<{ n: number; off: number }>(
        `select count(*)::int as n, count(*) filter (where not st_covers(
                  (select st_buffer(st_collect(w.g)::geography, 1)::geometry from way w where st_intersects(w.g, st_expand(a.geom, 0.0002))), a.geom))::int as off
           from alley a`,
      );
      expect(rows[0]).toEqual({ n: 2435, off: 0 });
    } finally {
      await client.end();
    }
  });
});
