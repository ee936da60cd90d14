// Administrative areas through the API: the real 2 districts, 32 streets and 443 communities as
// GeoJSON, one area with counts that agree with PostGIS, and named mistakes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { projectRoot } from '../paths.ts';

interface AreaFeature {
  type: 'Feature';
  id: number;
  geometry: { type: string; coordinates: unknown[] };
  properties: { id: number; code: string; name: string; nameEn: string | null; level: string; parentCode: string | null; areaM2: number };
}

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const realStreets = (
  JSON.parse(readFileSync(join(projectRoot, 'seed/data/core_area_streets.geojson'), 'utf8')) as {
    features: { properties: { adcode9: string; name: string } }[];
  }
).features.map((f) => f.properties);
const realCommunityCodes = readFileSync(join(projectRoot, 'seed/data/core_area_communities.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',')[0]!);

async function level(name: string): Promise<AreaFeature[]> {
  const res = await t.get(`/api/areas?level=${name}`, 'demo');
  expect(res.statusCode).toBe(200);
  const fc = res.json();
  expect(fc.type).toBe('FeatureCollection');
  return fc.features;
}

describe('GET /api/areas', () => {
  it('lists the two districts of the capital core area', async () => {
    const districts = await level('district');
    expect(districts.map((f) => [f.properties.code, f.properties.name]).sort()).toEqual([
      ['110101', '东城区'],
      ['110102', '西城区'],
    ]);
    for (const d of districts) {
      expect(d.properties.parentCode).toBeNull();
      expect(['Polygon', 'MultiPolygon']).toContain(d.geometry.type);
    }
  });

  it('lists the 32 real streets by code and name, each inside its district', async () => {
    const streets = await level('street');
    expect(streets).toHaveLength(32);
    const byCode = new Map(streets.map((f) => [f.properties.code, f.properties]));
    for (const real of realStreets) {
      expect(byCode.get(real.adcode9)?.name, real.adcode9).toBe(real.name);
      expect(byCode.get(real.adcode9)?.parentCode).toBe(real.adcode9.slice(0, 6));
    }
  });

  it('lists the 443 real communities by code, each under its street', async () => {
    const communities = await level('community');
    expect(communities.map((f) => f.properties.code).sort()).toEqual([...realCommunityCodes].sort());
    for (const c of communities) expect(c.properties.parentCode).toBe(c.properties.code.slice(0, 9));
  });

  it('gives every feature its id, and every level at once without a filter', async () => {
    const res = await t.get('/api/areas', 'planner');
    const all = res.json().features as AreaFeature[];
    expect(all).toHaveLength(2 + 32 + 443);
    for (const f of all) expect(f.id).toBe(f.properties.id);
    // areas in square metres, as PostGIS measures them on the spheroid
    const [sum] = (await t.app.db.query<{ m2: number }>(`select round(sum(area_m2)) as m2 from admin_area where level = 'street'`)).rows;
    const streets = all.filter((f) => f.properties.level === 'street').reduce((s, f) => s + f.properties.areaM2, 0);
    expect(Math.abs(streets - sum!.m2)).toBeLessThanOrEqual(32); // each rounded to the square metre
  });

  it('answers an unknown level with a 400 naming the parameter and its values', async () => {
    const res = await t.get('/api/areas?level=city', 'leader');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe("query parameter 'level' must be one of district, street, community, got 'city'");
  });
});

describe('GET /api/areas/:code', () => {
  it('shows a street with its full outline and counts that agree with PostGIS', async () => {
    const code = '110102001';
    const res = await t.get(`/api/areas/${code}`, 'leader');
    expect(res.statusCode).toBe(200);
    const area = res.json();
    expect(area).toMatchObject({ code, level: 'street', parentCode: '110102' });
    const [truth] = (
      await t.app.db.query<{ cells: number; alleys: number; open: number }>(
        `
      select (select count(*) from grid_cell g where st_within(st_pointonsurface(g.geom), s.geom)) as cells,
             (select count(*) from alley l where l.street_id = s.id) as alleys,
             (select count(*) from cases c where st_intersects(c.geom, s.geom) and c.stage not in ('closed', 'evaluated', 'rejected')) as open
        from admin_area s where s.code = $1`,
        [code],
      )
    ).rows;
    expect(area.counts).toEqual({ gridCells: truth!.cells, alleys: truth!.alleys, openCases: truth!.open });
    expect(area.counts.gridCells).toBeGreaterThan(0);
  });

  it('counts a district as the sum of its streets', async () => {
    const district = (await t.get('/api/areas/110101', 'leader')).json();
    const streets = (await level('street')).filter((f) => f.properties.parentCode === '110101');
    let cells = 0;
    let alleys = 0;
    for (const s of streets) {
      const detail = (await t.get(`/api/areas/${s.properties.code}`, 'leader')).json();
      cells += detail.counts.gridCells;
      alleys += detail.counts.alleys;
    }
    expect([district.counts.gridCells, district.counts.alleys]).toEqual([cells, alleys]);
  });

  it('answers an unknown code with 404 and a malformed one with a 400 naming the parameter', async () => {
    const unknown = await t.get('/api/areas/110102999', 'leader');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain('110102999');
    const malformed = await t.get('/api/areas/xicheng', 'leader');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().message).toMatch(
      /^path parameter 'code' must be a district \(6 digits\), street \(9 digits\) or community \(12 digits\) code, got 'xicheng'$/,
    );
  });
});
