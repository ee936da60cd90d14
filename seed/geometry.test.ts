// The default seed's space, checked in PostGIS: real streets and communities, a unit grid that
// tiles the core area exactly, and 2,435 alleys inside their streets, each with a chief.

import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../server/db/pool.ts';
import { fullDatabaseUrl } from '../test/db.ts';
import { loadRealCommunities, loadRealStreets } from './geo.ts';

let db: pg.Pool;
beforeAll(() => {
  db = createPool(fullDatabaseUrl(), 2);
});
afterAll(() => db.end());

const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows[0]!;

describe('admin areas', () => {
  it('has the two districts, each the union of its streets', async () => {
    const { rows } = await db.query<{ code: string; name: string; streets: number; diff_m2: number }>(`
      select d.code, d.name, count(s.id)::int as streets,
             st_area(st_symDifference(d.geom, st_union(s.geom))::geography) as diff_m2
        from admin_area d join admin_area s on s.parent_id = d.id
       where d.level = 'district' group by d.id order by d.code`);
    expect(rows.map((r) => [r.code, r.name, r.streets])).toEqual([
      ['110101', '东城区', 17],
      ['110102', '西城区', 15],
    ]);
    for (const r of rows) expect(r.diff_m2).toBeLessThan(1);
  });

  it('has the 32 real street polygons of ../shared/data (within a centimetre)', async () => {
    const real = loadRealStreets();
    const { rows } = await db.query<{ code: string; name: string; hausdorff_m: number; area_ratio: number }>(
      `
      select a.code, a.name,
             st_hausdorffDistance(st_transform(a.geom, 32650), st_transform(st_setsrid(st_geomFromGeoJSON(r.geom), 4326), 32650)) as hausdorff_m,
             a.area_m2 / st_area(st_setsrid(st_geomFromGeoJSON(r.geom), 4326)::geography) as area_ratio
        from admin_area a join json_to_recordset($1::json) as r(code text, geom text) on r.code = a.code
       where a.level = 'street' order by a.code`,
      [JSON.stringify(real.map((s) => ({ code: s.code, geom: JSON.stringify(s.geometry) })))],
    );
    expect(rows.map((r) => [r.code, r.name])).toEqual(real.map((s) => [s.code, s.name]));
    for (const r of rows) {
      expect(r.hausdorff_m, r.name).toBeLessThan(0.02);
      expect(Math.abs(r.area_ratio - 1), r.name).toBeLessThan(1e-4);
    }
  });

  it('has the 443 real communities by code and name, each inside its own street', async () => {
    const real = loadRealCommunities();
    const { rows } = await db.query<{ code: string; name: string; street: string; inside: boolean }>(`
      select c.code, c.name, s.code as street, st_within(c.geom, s.geom) as inside
        from admin_area c join admin_area s on s.id = c.parent_id where c.level = 'community' order by c.code`);
    expect(rows.map((r) => [r.code, r.name, r.street])).toEqual(real.map((c) => [c.code, c.name, c.streetCode]));
    expect(rows.filter((r) => !r.inside)).toEqual([]);
  });

  it('partitions each street among its communities with no gap and no overlap', async () => {
    const r = await one<{ gap_m2: number; overlaps: number }>(`
      select (select sum(st_area(st_difference(s.geom, u.geom)::geography)) from admin_area s
                join (select parent_id, st_union(geom) as geom from admin_area where level = 'community' group by parent_id) u
                  on u.parent_id = s.id) as gap_m2,
             (select count(*)::int from admin_area a join admin_area b
                on a.level = 'community' and b.level = 'community' and a.id < b.id
               and a.geom && b.geom and st_relate(a.geom, b.geom, '2********')) as overlaps`);
    expect(r.gap_m2).toBeLessThan(1);
    expect(r.overlaps).toBe(0);
  });
});

describe('unit grid (万米单元网格)', () => {
  it('has about 9,000 cells of about one hectare', async () => {
    const r = await one<{ n: number; median: number; small: number; large: number }>(`
      select count(*)::int as n, percentile_cont(0.5) within group (order by area_m2) as median,
             count(*) filter (where area_m2 < 2500)::int as small, count(*) filter (where area_m2 > 20000)::int as large
        from grid_cell`);
    expect(r.n).toBeGreaterThan(8_500);
    expect(r.n).toBeLessThan(10_000);
    expect(r.median).toBeGreaterThan(8_000);
    expect(r.median).toBeLessThan(12_000);
    expect(r.small).toBe(0);
    expect(r.large).toBe(0);
  });

  it('covers the core area: the union of cells is within 1% of the streets’ union', async () => {
    const r = await one<{ cells: number; streets: number }>(`
      select (select st_area(st_union(geom)::geography) from grid_cell) as cells,
             (select st_area(st_union(geom)::geography) from admin_area where level = 'street') as streets`);
    expect(Math.abs(r.cells / r.streets - 1)).toBeLessThan(0.01);
  });

  it('has zero pairwise overlap area between cells', async () => {
    const r = await one<{ pairs: number; overlap_m2: number }>(`
      select count(*)::int as pairs, coalesce(sum(st_area(st_intersection(a.geom, b.geom)::geography)), 0) as overlap_m2
        from grid_cell a join grid_cell b on a.id < b.id and a.geom && b.geom and st_intersects(a.geom, b.geom)`);
    expect(r.pairs).toBeGreaterThan(20_000); // neighbours touch along their edges…
    expect(r.overlap_m2).toBe(0); // …and never overlap
  });

  it('codes each cell with its community code and a two-digit sequence, inside that community', async () => {
    const r = await one<{ bad_code: number; outside: number; classes: string[] }>(`
      select count(*) filter (where g.code !~ ('^' || c.code || '[0-9]{2}$'))::int as bad_code,
             count(*) filter (where not st_within(g.geom, c.geom))::int as outside,
             array_agg(distinct g.class order by g.class) as classes
        from grid_cell g join admin_area c on c.id = g.community_id`);
    expect(r.bad_code).toBe(0);
    expect(r.outside).toBe(0);
    expect(r.classes).toEqual(['crowded', 'key_content', 'key_control', 'ordinary']);
  });
});

describe('alleys (背街小巷)', () => {
  it('has 2,435 alleys, 1,430 of them in Xicheng', async () => {
    const { rows } = await db.query<{ district: string; n: number }>(`
      select d.code as district, count(*)::int as n from alley a
        join admin_area s on s.id = a.street_id join admin_area d on d.id = s.parent_id group by d.code order by d.code`);
    expect(rows).toEqual([
      { district: '110101', n: 1005 },
      { district: '110102', n: 1430 },
    ]);
  });

  it('keeps every alley inside its street, off the water and the palaces', async () => {
    const r = await one<{ outside: number; in_water: number; in_parks: number }>(`
      select (select count(*)::int from alley a join admin_area s on s.id = a.street_id where not st_within(a.geom, s.geom)) as outside,
             (select count(*)::int from alley a join basemap_water w on st_intersects(a.geom, w.geom)) as in_water,
             (select count(*)::int from alley a join basemap_green g on st_intersects(a.geom, g.geom)) as in_parks`);
    expect(r).toEqual({ outside: 0, in_water: 0, in_parks: 0 });
  });

  it('gives each alley a chief (2,432 chiefs in all) and one to three stewards', async () => {
    const r = await one<{ without_chief: number; chiefs: number; not_chief_role: number; min_stewards: number; max_stewards: number }>(`
      select count(*) filter (where p.id is null)::int as without_chief, count(distinct a.chief_id)::int as chiefs,
             count(*) filter (where p.role <> 'alley_chief')::int as not_chief_role,
             min(s.n)::int as min_stewards, max(s.n)::int as max_stewards
        from alley a left join person p on p.id = a.chief_id
        left join (select alley_id, count(*) as n from alley_steward group by alley_id) s on s.alley_id = a.id`);
    expect(r).toEqual({ without_chief: 0, chiefs: 2432, not_chief_role: 0, min_stewards: 1, max_stewards: 3 });
  });

  it('lies on the real fishbone: the 东四 头条…十四条 run east–west, 南锣鼓巷 north–south', async () => {
    const { rows } = await db.query<{ name: string; ew: number }>(
      `select name, abs(sin(st_azimuth(st_startPoint(geom_3857), st_endPoint(geom_3857))))::float8 as ew
         from alley where name_source = 'osm' and (name ~ '^东四.+条$' or name = '南锣鼓巷') order by name`,
    );
    const tiao = rows.filter((r) => r.name !== '南锣鼓巷');
    expect(tiao.length).toBeGreaterThanOrEqual(10);
    for (const r of tiao) expect(r.ew, r.name).toBeGreaterThan(0.95);
    expect(rows.find((r) => r.name === '南锣鼓巷')!.ew).toBeLessThan(0.2);
  });

  it('has unique names within a street and a unique QR slug each', async () => {
    const r = await one<{ dup_names: number; dup_slugs: number }>(`
      select (select count(*)::int from (select street_id, name from alley group by 1, 2 having count(*) > 1) x) as dup_names,
             (select count(*)::int from (select qr_slug from alley group by 1 having count(*) > 1) y) as dup_slugs`);
    expect(r).toEqual({ dup_names: 0, dup_slugs: 0 });
  });
});

describe('basemap', () => {
  it('has the 2nd Ring Road, Chang’an Avenue, the Shichahai lakes, parks and courtyard houses', async () => {
    const { rows: roads } = await db.query<{ name: string }>(`select name from basemap_road where class in ('ring', 'arterial')`);
    expect(roads.map((r) => r.name)).toEqual(expect.arrayContaining(['东长安街', '西长安街']));
    const { rows: water } = await db.query<{ name: string }>('select name from basemap_water');
    expect(water.map((r) => r.name)).toEqual(expect.arrayContaining(['前海', '后海', '西海']));
    const r = await one<{ parks: number; courtyards: number; towers: number; overlapping: number }>(`
      select (select count(*)::int from basemap_green) as parks,
             (select count(*)::int from basemap_building where kind = 'courtyard') as courtyards,
             (select count(*)::int from basemap_building where height > 40) as towers,
             (select count(*)::int from basemap_building b join alley a on st_intersects(a.geom, b.geom) where b.osm_way_id is null) as overlapping`);
    expect(r.parks).toBeGreaterThan(10);
    // ~7,300 at default scale: courtyards line the real lanes and yield to the footways and service lanes OSM
    // has through the blocks (the synthetic lanes of old gave ~12,000)
    expect(r.courtyards).toBeGreaterThan(6_000);
    expect(r.towers).toBeGreaterThan(50);
    expect(r.overlapping).toBe(0);
  });
});
