// Unit grid cells through the API: one cell by its 14-digit code with what PostGIS knows about it,
// the list filtered by street, class and box, and named mistakes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';

interface CellFeature {
  id: number;
  geometry: { type: string; coordinates: number[][][] };
  properties: { id: number; code: string; class: string; communityCode: string; streetCode: string; areaM2: number };
}

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const sql = async <R extends Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.app.db.query<R>(text, params)).rows;

describe('GET /api/grid-cells/:code', () => {
  it('shows the cell with its community, street, patroller and case counts', async () => {
    // the cell with the most open cases, so the counts are not trivially zero
    const [cell] = await sql<{ code: string; open: number; recent: number; community: string; street: string }>(`
      with busiest as (
        select g.id, g.code, g.geom, count(*) as open
          from cases k join grid_cell g on st_contains(g.geom, k.geom)
         where k.stage not in ('closed', 'evaluated', 'rejected')
         group by g.id order by open desc, g.code limit 1)
      select b.code, b.open, c.code as community, s.code as street,
             (select count(*) from cases k where st_contains(b.geom, k.geom) and k.reported_at >= now() - interval '30 days') as recent
        from busiest b
        join admin_area c on c.level = 'community' and st_within(st_pointonsurface(b.geom), c.geom)
        join admin_area s on s.level = 'street' and st_within(st_pointonsurface(b.geom), s.geom)`);
    const res = await t.get(`/api/grid-cells/${cell!.code}`, 'leader');
    expect(res.statusCode).toBe(200);
    const detail = res.json();
    expect(detail).toMatchObject({ code: cell!.code, openCases: cell!.open, casesLast30Days: cell!.recent });
    expect(detail.community.code).toBe(cell!.community);
    expect(detail.street.code).toBe(cell!.street);
    expect(detail.code.startsWith(detail.community.code)).toBe(true); // district + street + community + sequence
    expect(detail.geometry.type).toBe('Polygon');
    expect(detail.areaM2).toBeGreaterThan(1000);
  });

  it("shows staff the patroller's phone", async () => {
    const [cell] = await sql<{ code: string; name: string; phone: string }>(`
      select g.code, p.name, p.phone from grid_cell g join person p on p.id = g.patroller_id where p.phone is not null limit 1`);
    expect(cell, 'a seeded cell with a patroller').toBeDefined();
    const detail = (await t.get(`/api/grid-cells/${cell!.code}`, 'dispatcher')).json();
    expect(detail.patroller).toEqual({ name: cell!.name, phone: cell!.phone });
  });

  it('answers an unknown cell with 404 and a malformed code with a 400 naming the parameter', async () => {
    const unknown = await t.get('/api/grid-cells/11010200100199', 'leader');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('no grid cell with code 11010200100199');
    const malformed = await t.get('/api/grid-cells/1101020010', 'leader');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().message).toBe(
      "path parameter 'code' must be a grid cell's 14-digit code, e.g. 11010200100101, got '1101020010'",
    );
  });
});

describe('GET /api/grid-cells', () => {
  it("lists a street's cells: the same set PostGIS holds for it", async () => {
    const res = await t.get('/api/grid-cells?street=110101001', 'demo');
    expect(res.statusCode).toBe(200);
    const features = res.json().features as CellFeature[];
    const codes = (
      await sql<{ code: string }>(`
      select g.code from grid_cell g join admin_area s on s.id = g.street_id where s.code = '110101001' order by g.code`)
    ).map((r) => r.code);
    expect(features.map((f) => f.properties.code).sort()).toEqual(codes);
    for (const f of features) {
      expect(f.properties.streetCode).toBe('110101001');
      expect(f.id).toBe(f.properties.id);
    }
  });

  it('lists the cells of one class', async () => {
    const features = (await t.get('/api/grid-cells?class=crowded', 'planner')).json().features as CellFeature[];
    const [{ n }] = (await sql<{ n: number }>(`select count(*) as n from grid_cell where class = 'crowded'`)) as [{ n: number }];
    expect(features).toHaveLength(n);
    expect(n).toBeGreaterThan(0);
    expect(new Set(features.map((f) => f.properties.class))).toEqual(new Set(['crowded']));
  });

  it('lists exactly the cells touching a box', async () => {
    const box = [116.395, 39.925, 116.405, 39.93];
    const features = (await t.get(`/api/grid-cells?bbox=${box.join(',')}`, 'planner')).json().features as CellFeature[];
    const codes = (
      await sql<{ code: string }>(
        `
      select code from grid_cell where st_intersects(geom, st_makeenvelope($1, $2, $3, $4, 4326)) order by code`,
        box,
      )
    ).map((r) => r.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(features.map((f) => f.properties.code).sort()).toEqual(codes);
  });

  it('answers mistakes with a 400 naming the parameter', async () => {
    for (const [query, says] of [
      ['street=110102999', "query parameter 'street' must be the code of one of the core area's streets; no street has code 110102999"],
      ['class=busy', "query parameter 'class' must be one of key_control, key_content, crowded, ordinary, got 'busy'"],
      ['bbox=a,b,c,d', "query parameter 'bbox' must be minLng,minLat,maxLng,maxLat"],
      ['streets=110102001', "query parameter 'streets' is not known to this route; it takes bbox, street, class"],
    ] as const) {
      const res = await t.get(`/api/grid-cells?${query}`, 'leader');
      expect(res.statusCode, query).toBe(400);
      expect(res.json().message, query).toContain(says);
    }
  });
});
