// Drill-down: the core area's districts down to one community's cells, each level's counts adding up, the
// rates equal to the monthly KPI ranking's for the same month (one definition), a breadcrumb back up, and
// where cases were resolved on planted truth: four closed cases handled by a community unit, a street office,
// a district bureau (with the street office) and a city utility.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';
import { beijingDate, DAY } from '../domain/beijing.ts';

interface Row {
  level: string;
  id: string;
  name: string;
  nameEn: string | null;
  cases: number;
  closed: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  closureRate: number | null;
  onTimeRate: number | null;
  resolvedAt: Record<'community' | 'street' | 'district' | 'city', number | null>;
}
interface Drill {
  meta: { cases: number; cells: number; from: string; to: string; method: string };
  area: Row;
  breadcrumb: Array<{ level: string; id: string; name: string; nameEn: string | null }>;
  childLevel: string | null;
  children: Row[];
}

let t: TestApp;
const today = beijingDate(Date.now());
const daysAgo = (d: number) => beijingDate(Date.now() - d * DAY);
const drill = async (qs: string) => {
  const res = await t.get(`/api/analysis/drilldown?${qs}`, 'planner');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Drill>();
};

beforeAll(async () => {
  t = await buildTestApp({ database: 'fresh' });
}, 120_000);
afterAll(() => t?.close());

describe('drill-down', () => {
  it('goes from the core area to a grid cell, the children adding up to their parent, with a breadcrumb back', async () => {
    const range = `from=${daysAgo(90)}&to=${today}`;
    const core = await drill(range);
    expect(core.area).toMatchObject({ level: 'core', id: 'core', name: '首都功能核心区', nameEn: 'Capital core area' });
    expect(core.breadcrumb.map((b) => b.level)).toEqual(['core']);
    expect(core.childLevel).toBe('district');
    expect(core.children.map((c) => c.id).sort()).toEqual(['110101', '110102']);
    expect(core.children.reduce((a, c) => a + c.cases, 0)).toBe(core.area.cases);
    expect(core.meta.cases).toBe(core.area.cases);
    expect(core.area.cases).toBeGreaterThan(0);

    let parent = core;
    for (const level of ['district', 'street', 'community', 'cell']) {
      const next = parent.children.find((c) => c.cases > 0)!;
      const d = await drill(`${range}&level=${level}&id=${next.id}`);
      expect(d.area).toEqual(next); // the same row seen from above and from itself
      expect(d.breadcrumb.map((b) => b.level)).toEqual([...parent.breadcrumb.map((b) => b.level), level]);
      expect(d.breadcrumb.slice(0, -1)).toEqual(parent.breadcrumb);
      expect(d.breadcrumb.at(-1)).toMatchObject({ id: next.id, name: next.name });
      if (level !== 'cell') {
        expect(d.children.length).toBeGreaterThan(0);
        expect(d.children.reduce((a, c) => a + c.cases, 0)).toBe(d.area.cases);
        expect(d.children.every((c) => c.id.startsWith(next.id))).toBe(true);
      } else {
        expect(d.childLevel).toBeNull();
        expect(d.children).toEqual([]);
        expect(d.meta.cells).toBe(1);
      }
      if (level === 'street') expect(d.breadcrumb[1]!.nameEn).toMatch(/Dongcheng|Xicheng/);
      parent = d;
    }
  });

  it("states each street's rates exactly as the monthly KPI ranking does", async () => {
    const month = beijingDate(Date.now() - 40 * DAY).slice(0, 7);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const kpi = (await t.get(`/api/kpi/streets?month=${month}`, 'planner')).json<{
      items: Array<Record<string, unknown> & { code: string }>;
    }>();
    for (const district of ['110101', '110102']) {
      const d = await drill(`from=${month}-01&to=${last}&level=district&id=${district}`);
      for (const s of d.children) {
        const k = kpi.items.find((i) => i.code === s.id)!;
        expect(s).toMatchObject({
          cases: k.received,
          responseRate: k.responseRate,
          resolutionRate: k.resolutionRate,
          satisfactionRate: k.satisfactionRate,
          closureRate: k.closureRate,
          onTimeRate: k.onTimeRate,
        });
      }
    }
  });

  it('shares the closed cases by the level of the department that resolved them (大事不出街镇、小事不出社区)', async () => {
    // a category of its own, emptied, and four cases in one cell of one community
    const [{ code: category }] = (await query<{ code: string }>(
      t.url,
      'select c.code from category c left join cases k on k.category_code = c.code group by c.code order by count(k.id), c.code limit 1',
    )) as [{ code: string }];
    const gone = 'select id from cases where category_code = $1';
    await query(t.url, `update sensor_alarm set case_id = null where case_id in (${gone})`, [category]);
    await query(t.url, `delete from case_event where case_id in (${gone})`, [category]);
    await query(t.url, `delete from case_department where case_id in (${gone})`, [category]);
    await query(t.url, 'delete from cases where category_code = $1', [category]);
    const [cell] = await query<{
      code: string;
      community: string;
      community_id: number;
      street_id: number;
      district_id: number;
      lng: number;
      lat: number;
    }>(
      t.url,
      `select g.code, m.code as community, g.community_id, g.street_id, g.district_id, st_x(p) as lng, st_y(p) as lat
         from grid_cell g join admin_area m on m.id = g.community_id, st_pointOnSurface(g.geom) p order by g.code limit 1`,
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cases/batch',
      headers: { authorization: `Bearer ${await t.token('dispatcher')}` },
      payload: {
        cases: [0, 1, 2, 3, 4].map((i) => ({
          source: 'hotline',
          categoryCode: category,
          description: `resolved-at ${i}`,
          lng: Number(cell!.lng.toFixed(7)),
          lat: Number(cell!.lat.toFixed(7)),
          reportedAt: new Date(Date.now() - (3 + i) * DAY).toISOString(),
        })),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const [{ id: unit }] = (await query<{ id: number }>(
      t.url,
      `insert into department (code, name, name_en, kind, district_id, street_id, community_id)
       values ('test-community-unit', '社区服务站', 'Community service station', 'street_office', $1, $2, $3) returning id`,
      [cell!.district_id, cell!.street_id, cell!.community_id],
    )) as [{ id: number }];
    const [{ id: office }] = (await query<{ id: number }>(
      t.url,
      `select id from department where street_id = $1 and community_id is null`,
      [cell!.street_id],
    )) as [{ id: number }];
    const [{ id: bureau }] = (await query<{ id: number }>(
      t.url,
      `select id from department where district_id = $1 and street_id is null limit 1`,
      [cell!.district_id],
    )) as [{ id: number }];
    const [{ id: utility }] = (await query<{ id: number }>(t.url, 'select id from department where district_id is null limit 1')) as [
      { id: number },
    ];
    const handledBy = [[unit], [office], [bureau, office], [utility]];
    const cases = await query<{ id: number }>(t.url, `select id from cases where description like 'resolved-at %' order by description`);
    for (const [i, depts] of handledBy.entries()) {
      await query(
        t.url,
        `update cases set stage = 'closed', accepted_at = reported_at, filed_at = reported_at, dispatched_at = reported_at,
                          handled_at = reported_at + interval '1 hour', closed_at = reported_at + interval '2 hours' where id = $1`,
        [cases[i]!.id],
      );
      for (const d of depts) {
        await query(
          t.url,
          `insert into case_department (case_id, department_id, status, assigned_at, finished_at)
           select id, $2, 'handled', reported_at, reported_at + interval '1 hour' from cases where id = $1`,
          [cases[i]!.id, d],
        );
      }
    }
    // the fifth case stays open: not among the closed ones
    const d = await drill(`from=${daysAgo(30)}&to=${today}&category=${category}&level=community&id=${cell!.community}`);
    expect(d.area).toMatchObject({ cases: 5, closed: 4, resolvedAt: { community: 0.25, street: 0.25, district: 0.25, city: 0.25 } });
    expect(d.children.find((c) => c.id === cell!.code)).toMatchObject({ cases: 5, closed: 4, resolvedAt: d.area.resolvedAt });
    const street = await drill(`from=${daysAgo(30)}&to=${today}&category=${category}&level=street&id=${cell!.community.slice(0, 9)}`);
    expect(street.area.resolvedAt).toEqual(d.area.resolvedAt);

    const csv = await t.get(
      `/api/analysis/drilldown?from=${daysAgo(30)}&to=${today}&category=${category}&level=community&id=${cell!.community}&format=csv`,
      'planner',
    );
    const lines = csv.body.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      '\uFEFFlevel,id,name,nameEn,cases,responseRate,resolutionRate,satisfactionRate,closureRate,onTimeRate,closed,resolvedCommunity,resolvedStreet,resolvedDistrict,resolvedCity',
    );
    expect(lines).toHaveLength(1 + d.children.length);
    expect(
      lines
        .find((l) => l.startsWith(`cell,${cell!.code},`))!
        .split(',')
        .slice(-5),
    ).toEqual(['4', '0.25', '0.25', '0.25', '0.25']);
  });

  it.each([
    ['level=street', /query parameter 'id'.*needed/],
    ['level=street&id=110102', /query parameter 'id'.*9-digit/],
    ['level=community&id=110102999999', /query parameter 'id'.*no community has code 110102999999/],
    ['level=cell&id=11010299999999', /query parameter 'id'.*no grid cell/],
    ['level=planet', /query parameter 'level'/],
    ['id=abc', /query parameter 'id'/],
    ['category=29999', /query parameter 'category'/],
    [`from=${today}&to=${daysAgo(2)}`, /query parameter 'from'/],
  ])('answers %s with a 400 naming the parameter', async (qs, message) => {
    const res = await t.get(`/api/analysis/drilldown?${qs}`, 'planner');
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(message);
  });

  it('keeps visitors and dispatchers out', async () => {
    for (const role of ['demo', 'dispatcher'] as const) expect((await t.get('/api/analysis/drilldown', role)).statusCode).toBe(403);
  });
});
