// The cockpit's figures against PostgreSQL counted independently: today's cases by source and main
// class, open / overdue / supervised, this month's city rates, the 30-day trend, and the heatmap's
// points (a case reported through the API is among them at once); a bad window is named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';
import type { CockpitSummary, HeatPoints } from '../contracts/cockpit.ts';

// Read-only checks on the default-scale city (no test writes cases there); the new case in a fresh copy.
let t: TestApp;
let f: TestApp;
beforeAll(async () => {
  [t, f] = await Promise.all([buildTestApp(), buildTestApp({ database: 'fresh' })]);
});
afterAll(async () => {
  await Promise.all([t.close(), f.close()]);
});

const count = async (sql: string, params: unknown[] = []) => (await query<{ n: number }>(t.url, sql, params))[0]!.n;
const MIDNIGHT = `(date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')`;

describe('cockpit summary', () => {
  it("counts today's cases by source and main class from Beijing midnight", async () => {
    const s = (await t.get('/api/cockpit/summary', 'demo')).json<CockpitSummary>();
    const bySource = await query<{ source: string; n: number }>(
      t.url,
      `select source, count(*)::int as n from cases where reported_at >= ${MIDNIGHT} group by 1`,
    );
    const expected = Object.fromEntries(bySource.map((r) => [r.source, r.n]));
    expect(Object.fromEntries(s.today.bySource.filter((r) => r.count > 0).map((r) => [r.source, r.count]))).toEqual(expected);
    expect(s.today.bySource).toHaveLength(7);
    expect(s.today.total).toBe(bySource.reduce((a, r) => a + r.n, 0));
    expect(s.today.date).toBe(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));

    const classes = await query<{ code: string; n: number }>(
      t.url,
      `
      select substr(category_code, 1, 3) as code, count(*)::int as n from cases where reported_at >= ${MIDNIGHT}
       group by 1 order by n desc, code limit 8`,
    );
    expect(s.today.byCategory.map((c) => [c.code, c.count])).toEqual(classes.map((c) => [c.code, c.n]));
    expect(s.today.byCategory.every((c) => c.name.length > 0 && /^[A-Z]/.test(c.nameEn))).toBe(true);
  });

  it("counts open, overdue and supervised cases, and the month's city-wide rates", async () => {
    const s = (await t.get('/api/cockpit/summary', 'leader')).json<CockpitSummary>();
    const open = `stage not in ('closed', 'evaluated', 'rejected')`;
    expect(s.open).toEqual({
      total: await count(`select count(*)::int as n from cases where ${open}`),
      overdue: await count(`select count(*)::int as n from cases where ${open} and deadline < now()`),
      supervised: await count(`select count(*)::int as n from cases where ${open} and supervised`),
    });
    expect(s.open.overdue).toBeGreaterThan(0);

    const monthStart = `(date_trunc('month', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')`;
    const [due] = await query<{ due: number; closed: number; onTime: number }>(
      t.url,
      `
      select count(*)::int as due, count(closed_at)::int as closed, count(*) filter (where closed_at <= deadline)::int as "onTime"
        from cases where deadline >= ${monthStart} and deadline < now()`,
    );
    expect(s.month.closureRate).toBeCloseTo(due!.closed / due!.due, 4);
    expect(s.month.onTimeRate).toBeCloseTo(due!.onTime / due!.due, 4);
    const [rated] = await query<{ rated: number; satisfied: number; received: number }>(
      t.url,
      `
      select count(satisfaction)::int as rated, count(*) filter (where satisfaction in ('satisfied', 'basically_satisfied'))::int as satisfied,
             count(*)::int as received
        from cases where reported_at >= ${monthStart}`,
    );
    expect(s.month.received).toBe(rated!.received);
    expect(s.month.satisfactionRate).toBeCloseTo(rated!.satisfied / rated!.rated, 4);
  });

  it('gives 30 days of reported and closed cases, ending today', async () => {
    const s = (await t.get('/api/cockpit/summary', 'leader')).json<CockpitSummary>();
    expect(s.trend).toHaveLength(30);
    expect(s.trend.at(-1)!.day).toBe(s.today.date);
    expect(s.trend.at(-1)!.reported).toBe(s.today.total);
    // the busiest day and the one before it (a test database may have been seeded days ago)
    const busiest = s.trend.reduce((a, b, i) => (b.reported > s.trend[a]!.reported ? i : a), 0);
    expect(s.trend[busiest]!.reported).toBeGreaterThan(0);
    for (const entry of [s.trend[busiest]!, s.trend[Math.max(0, busiest - 1)]!]) {
      const day = `(('${entry.day}'::date)::timestamp at time zone 'Asia/Shanghai')`;
      expect(entry.reported, entry.day).toBe(
        await count(`select count(*)::int as n from cases where reported_at >= ${day} and reported_at < ${day} + interval '1 day'`),
      );
      expect(entry.closed, entry.day).toBe(
        await count(`select count(*)::int as n from cases where closed_at >= ${day} and closed_at < ${day} + interval '1 day'`),
      );
    }
  });
});

describe('heatmap points', () => {
  it('holds every case of the window, and a new case at once', async () => {
    const heat = (await t.get('/api/cockpit/heat?window=7d', 'demo')).json<HeatPoints>();
    expect(heat.points.length).toBe(await count(`select count(*)::int as n from cases where reported_at >= now() - interval '7 days'`));
    expect(heat.points.length).toBeGreaterThan(0);
    const day = (await t.get('/api/cockpit/heat', 'demo')).json<HeatPoints>();
    expect(day.window).toBe('24h');
    expect(day.points.length).toBeLessThanOrEqual(heat.points.length);
  });

  it('takes in a case reported through the API at once', async () => {
    const before = (await f.get('/api/cockpit/heat', 'demo')).json<HeatPoints>();
    const created = await f.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { authorization: `Bearer ${await f.token('dispatcher')}` },
      payload: {
        source: 'hotline',
        categoryCode: '20101',
        lng: 116.39712,
        lat: 39.91801,
        description: '路边堆放建筑垃圾',
        idempotencyKey: `cockpit-heat-${Date.now()}`,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const after = (await f.get('/api/cockpit/heat', 'demo')).json<HeatPoints>();
    expect(after.points.length).toBe(before.points.length + 1);
    expect(after.points.at(-1)).toEqual([116.39712, 39.91801, 3]);
  });

  it('names a bad window', async () => {
    const res = await t.get('/api/cockpit/heat?window=1y', 'leader');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/window/);
    expect((await t.app.inject({ method: 'GET', url: '/api/cockpit/summary' })).statusCode).toBe(401);
  });
});
