// The monthly KPIs as a leader reads the ranking: every figure of a street equals an independent count
// on the seeded city, the ranking follows the composite score, and only leaders may change the weights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';

let t: TestApp;
let month: string;
beforeAll(async () => {
  t = await buildTestApp();
  // the last full month of the seeded history
  month = (
    await query<{ m: string }>(
      t.url,
      `select to_char(date_trunc('month', max(reported_at)) - interval '1 month', 'YYYY-MM') as m from cases`,
    )
  )[0]!.m;
});
afterAll(() => t.close());

interface Row {
  code: string;
  rank: number;
  score: number;
  received: number;
  responseRate: number;
  resolutionRate: number;
  satisfactionRate: number;
  due: number;
  closureRate: number;
  onTimeRate: number;
  reworkRate: number;
  overdue: number;
  supervised: number;
}

describe('KPIs', () => {
  it('gives a street the figures an independent count finds', async () => {
    const res = await t.get(`/api/kpi/streets?month=${month}`, 'leader');
    expect(res.statusCode, res.body).toBe(200);
    const { items, weights } = res.json<{ items: Row[]; weights: { response: number; resolution: number; satisfaction: number } }>();
    expect(items).toHaveLength(32);
    const street = items.find((i) => i.received > 0)!;
    // Independently: the response from the trail (first answer within two hours), the rest from the columns.
    const [truth] = await query<Record<string, number>>(
      t.url,
      `
      with c as (select c.* from cases c join admin_area s on s.id = c.street_id
                  where s.code = $1 and to_char(c.reported_at, 'YYYY-MM') = $2),
           answered as (select distinct e.case_id from case_event e join c on c.id = e.case_id
                         where e.action in ('accept', 'reject') and (e.action = 'reject' or e.at <= c.reported_at + interval '2 hours'))
      select (select count(*) from c)::int as received,
             (select count(*) from answered)::float8 / (select count(*) from c) as response,
             (select count(*) filter (where closed_at is not null)::float8 / count(*) from c where filed_at is not null) as resolution,
             (select count(*) filter (where satisfaction <> 'unsatisfied')::float8 / count(*) from c where satisfaction is not null) as satisfaction,
             (select count(*) from c where rework_count > 0)::float8 / (select count(*) from c where dispatched_at is not null) as rework,
             (select count(*) from c where supervised)::int as supervised`,
      [street.code, month],
    );
    const [due] = await query<Record<string, number>>(
      t.url,
      `
      select count(*)::int as due, count(*) filter (where closed_at <= deadline)::int as on_time,
             count(*) filter (where closed_at is not null)::int as closed
        from cases c join admin_area s on s.id = c.street_id
       where s.code = $1 and to_char(c.deadline, 'YYYY-MM') = $2 and c.deadline < now()`,
      [street.code, month],
    );
    expect(street.received).toBe(truth!.received);
    expect(street.responseRate).toBeCloseTo(truth!.response!, 3);
    expect(street.resolutionRate).toBeCloseTo(truth!.resolution!, 3);
    expect(street.satisfactionRate).toBeCloseTo(truth!.satisfaction!, 3);
    expect(street.reworkRate).toBeCloseTo(truth!.rework!, 3);
    expect(street.supervised).toBe(truth!.supervised);
    expect(street.due).toBe(due!.due);
    expect(street.closureRate).toBeCloseTo(due!.closed! / due!.due!, 3);
    expect(street.onTimeRate).toBeCloseTo(due!.on_time! / due!.due!, 3);
    expect(street.overdue).toBe(due!.due! - due!.on_time!);
    const expected =
      100 *
      (weights.response * street.responseRate +
        weights.resolution * street.resolutionRate +
        weights.satisfaction * street.satisfactionRate);
    expect(street.score).toBeCloseTo(expected, 0);
  });

  it('ranks the streets by score, and the two districts too', async () => {
    const { items } = (await t.get(`/api/kpi/streets?month=${month}`, 'planner')).json<{ items: Row[] }>();
    for (let i = 1; i < items.length; i++) {
      expect(items[i]!.score).toBeLessThanOrEqual(items[i - 1]!.score);
      expect(items[i]!.rank).toBeGreaterThanOrEqual(items[i - 1]!.rank);
    }
    expect(items[0]!.rank).toBe(1);
    const districts = (await t.get(`/api/kpi/districts?month=${month}`, 'leader')).json<{ items: Row[] }>().items;
    expect(districts.map((d) => d.code).sort()).toEqual(['110101', '110102']);
    expect(districts.reduce((n, d) => n + d.received, 0)).toBe(items.reduce((n, s) => n + s.received, 0));
  });

  it('counts every dispatch of the month once among the departments', async () => {
    const { items } = (await t.get(`/api/kpi/departments?month=${month}`, 'leader')).json<{
      items: { dispatched: number; handled: number; returned: number; open: number }[];
    }>();
    const [{ n }] = (await query<{ n: number }>(
      t.url,
      `select count(*)::int as n from case_department where to_char(assigned_at, 'YYYY-MM') = $1`,
      [month],
    )) as [{ n: number }];
    expect(items.reduce((s, d) => s + d.dispatched, 0)).toBe(n);
    for (const d of items) expect(d.handled + d.returned + d.open).toBe(d.dispatched);
  });

  it('refuses a bad month; shows visitors the published ranking but not the departments', async () => {
    const bad = await t.get('/api/kpi/streets?month=2026-13', 'leader');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/month' must be a month such as 2026-07/);
    expect((await t.get('/api/kpi/streets', 'demo')).statusCode).toBe(200);
    expect((await t.get('/api/kpi/departments', 'demo')).statusCode).toBe(403);
  });
});

describe('KPI weights', () => {
  it('lets a leader change the weights, validated, and the scores follow', async () => {
    const f = await buildTestApp({ database: 'fresh' });
    try {
      const put = (body: unknown, role: 'leader' | 'planner') =>
        f
          .token(role)
          .then((tk) =>
            f.app.inject({ method: 'PUT', url: '/api/kpi/weights', payload: body as object, headers: { authorization: `Bearer ${tk}` } }),
          );
      expect((await put({ response: 0.2, resolution: 0.4, satisfaction: 0.4 }, 'planner')).statusCode).toBe(403);
      const bad = await put({ response: 0.5, resolution: 0.4, satisfaction: 0.3 }, 'leader');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/must sum to 1; .* = 1\.2/);
      const ok = await put({ response: 0.2, resolution: 0.4, satisfaction: 0.4 }, 'leader');
      expect(ok.json()).toEqual({ response: 0.2, resolution: 0.4, satisfaction: 0.4 });
      const [{ m }] = (await query<{ m: string }>(
        f.url,
        `select to_char(date_trunc('month', max(reported_at)) - interval '1 month', 'YYYY-MM') as m from cases`,
      )) as [{ m: string }];
      const page = (await f.get(`/api/kpi/streets?month=${m}`, 'leader')).json<{ weights: unknown; items: Row[] }>();
      expect(page.weights).toEqual({ response: 0.2, resolution: 0.4, satisfaction: 0.4 });
      const s = page.items.find((i) => i.satisfactionRate !== null && i.responseRate !== null)!;
      expect(s.score).toBeCloseTo(100 * (0.2 * s.responseRate + 0.4 * s.resolutionRate + 0.4 * s.satisfactionRate), 0);
    } finally {
      await f.close();
    }
  });
});
