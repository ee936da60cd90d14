// Alleys through the API: one alley by id and by QR slug with its chief, stewards and 十有十无
// checklist, the list by street and box, and named mistakes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { TEN_HAVES, TEN_NONES } from '../domain/checklist.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const sql = async <R extends Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.app.db.query<R>(text, params)).rows;

describe('GET /api/alleys/:idOrSlug', () => {
  it('finds the same alley by id and by QR slug, with its chief, stewards and checklist', async () => {
    const [alley] = await sql<{
      id: number;
      slug: string;
      name: string;
      chief: string;
      chiefPhone: string;
      stewards: number;
      holds: number;
    }>(`
      select a.id, a.qr_slug as slug, a.name, p.name as chief, p.phone as "chiefPhone",
             (select count(*) from alley_steward s where s.alley_id = a.id) as stewards,
             (select count(*) filter (where v) from unnest(a.ten_haves || a.ten_nones) v) as holds
        from alley a join person p on p.id = a.chief_id
       order by a.id desc limit 1`);
    const byId = await t.get(`/api/alleys/${alley!.id}`, 'leader');
    const bySlug = await t.get(`/api/alleys/${alley!.slug}`, 'leader');
    expect(byId.statusCode).toBe(200);
    expect(bySlug.json()).toEqual(byId.json());
    const a = byId.json();
    expect(a).toMatchObject({
      id: alley!.id,
      name: alley!.name,
      qrSlug: alley!.slug,
      chief: { name: alley!.chief, phone: alley!.chiefPhone },
    });
    expect(a.stewards).toHaveLength(alley!.stewards);
    expect(a.stewards.length).toBeGreaterThanOrEqual(1);
    expect(a.checklist.haves.map((i: { key: string }) => i.key)).toEqual(TEN_HAVES.map((i) => i.key));
    expect(a.checklist.nones.map((i: { key: string }) => i.key)).toEqual(TEN_NONES.map((i) => i.key));
    const holding = [...a.checklist.haves, ...a.checklist.nones].filter((i: { holds: boolean }) => i.holds).length;
    expect(a.checklist.score).toBe(holding);
    expect(a.checklist.score).toBe(alley!.holds);
    expect(a.geometry.type).toMatch(/LineString$/);
    expect(a.street.code).toMatch(/^\d{9}$/);
  });

  it('answers an unknown alley with 404 naming it and a malformed one with a 400 naming the parameter', async () => {
    for (const missing of ['99999999', 'no-such-alley']) {
      const res = await t.get(`/api/alleys/${missing}`, 'leader');
      expect(res.statusCode).toBe(404);
      expect(res.json().message).toBe(`no alley with id or QR slug ${missing}`);
    }
    const malformed = await t.get(`/api/alleys/${encodeURIComponent('Nanluoguxiang!')}`, 'leader');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().message).toMatch(/^path parameter 'idOrSlug' must be an alley's numeric id or its QR slug/);
  });
});

describe('GET /api/alleys', () => {
  it("lists a street's alleys with their score and chief", async () => {
    const res = await t.get('/api/alleys?street=110102001', 'demo');
    expect(res.statusCode).toBe(200);
    const features = res.json().features as {
      id: number;
      properties: { id: number; name: string; streetCode: string; score: number; chiefName: string; lengthM: number };
    }[];
    const truth = await sql<{ id: number; name: string; score: number; chief: string }>(`
      select a.id, a.name, p.name as chief, (select count(*) filter (where v) from unnest(a.ten_haves || a.ten_nones) v) as score
        from alley a join person p on p.id = a.chief_id join admin_area s on s.id = a.street_id
       where s.code = '110102001' order by a.id`);
    expect(truth.length).toBeGreaterThan(0);
    expect(features.map((f) => [f.id, f.properties.name, f.properties.score, f.properties.chiefName])).toEqual(
      truth.map((r) => [r.id, r.name, r.score, r.chief]),
    );
    for (const f of features) {
      expect(f.properties.streetCode).toBe('110102001');
      expect(f.properties.lengthM).toBeGreaterThan(0);
    }
  });

  it('lists exactly the alleys crossing a box', async () => {
    const box = [116.39, 39.93, 116.41, 39.94];
    const listed = ((await t.get(`/api/alleys?bbox=${box.join(',')}`, 'planner')).json().features as { id: number }[]).map((f) => f.id);
    const crossing = (
      await sql<{ id: number }>(`select id from alley where st_intersects(geom, st_makeenvelope($1, $2, $3, $4, 4326)) order by id`, box)
    ).map((r) => r.id);
    expect(crossing.length).toBeGreaterThan(0);
    expect(listed).toEqual(crossing);
  });

  it('counts 2,435 alleys in the core area, 1,430 of them in Xicheng', async () => {
    const all = (await t.get('/api/alleys', 'demo')).json().features as { properties: { streetCode: string } }[];
    expect(all).toHaveLength(2435);
    expect(all.filter((f) => f.properties.streetCode.startsWith('110102'))).toHaveLength(1430);
  });
});
