// Top problems, the seasonal tables and recurring places on planted truth: cases of categories this test's
// database empties first, sent through the intake at known places and Beijing times, so every count is known.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';
import { beijingDate, DAY } from '../domain/beijing.ts';

let t: TestApp;
let categories: string[];
let cells: Array<{ code: string; street: string; lng: number; lat: number }>;
let alley: { id: number; lng: number; lat: number };
const today = beijingDate(Date.now());
const daysAgo = (d: number) => beijingDate(Date.now() - d * DAY);
/** An instant `d` Beijing days ago at hh:mm Beijing time. */
const at = (d: number, hh: number, mm = 0) => `${daysAgo(d)}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`;
/** ISO weekday (1 = Monday) of the Beijing day `d` days ago. */
const isoDow = (d: number) => ((new Date(`${daysAgo(d)}T12:00:00+08:00`).getUTCDay() + 6) % 7) + 1;

async function intake(cases: object[]): Promise<void> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/cases/batch',
    headers: { authorization: `Bearer ${await t.token('dispatcher')}` },
    payload: { cases },
  });
  expect(res.statusCode, res.body).toBe(201);
}
const plant = (where: { lng: number; lat: number }, categoryCode: string, reportedAt: string, tag: string, source = 'hotline') => ({
  source,
  categoryCode,
  description: `planted ${tag}`,
  lng: where.lng,
  lat: where.lat,
  reportedAt,
});
const codesOf = async (tag: string) =>
  (
    await query<{ code: string }>(t.url, 'select code from cases where description = $1 order by reported_at, code', [`planted ${tag}`])
  ).map((r) => r.code);

beforeAll(async () => {
  t = await buildTestApp({ database: 'fresh' });
  categories = (
    await query<{ code: string }>(
      t.url,
      'select c.code from category c left join cases k on k.category_code = c.code group by c.code order by count(k.id), c.code limit 3',
    )
  ).map((r) => r.code);
  const gone = 'select id from cases where category_code = any($1::text[])';
  await query(t.url, `update sensor_alarm set case_id = null where case_id in (${gone})`, [categories]);
  await query(t.url, `delete from case_event where case_id in (${gone})`, [categories]);
  await query(t.url, `delete from case_department where case_id in (${gone})`, [categories]);
  await query(t.url, 'delete from cases where category_code = any($1::text[])', [categories]);
  // cells far from any alley (so their cases count for the cell), one per street, and an alley's midpoint
  cells = (
    await query<{ code: string; street: string; lng: number; lat: number }>(
      t.url,
      `select distinct on (g.street_id) g.code, s.code as street, st_x(p) as lng, st_y(p) as lat
         from grid_cell g join admin_area s on s.id = g.street_id, st_pointOnSurface(g.geom) p
        where not exists (select 1 from alley a where st_dwithin(a.geom_3857, st_transform(p, 3857), 40))
        order by g.street_id, g.code`,
    )
  ).map((c) => ({ ...c, lng: Number(c.lng.toFixed(7)), lat: Number(c.lat.toFixed(7)) }));
  const [a] = await query<{ id: number; lng: number; lat: number }>(
    t.url,
    `select id, st_x(p) as lng, st_y(p) as lat from (select id, st_lineInterpolatePoint(geom, 0.5) as p from alley order by id limit 1) x`,
  );
  alley = { id: a!.id, lng: Number(a!.lng.toFixed(7)), lat: Number(a!.lat.toFixed(7)) };
}, 120_000);
afterAll(() => t?.close());

describe('top problems', () => {
  it('ranks sub-class × street by the range and states the change against the previous period of equal length', async () => {
    const category = categories[0]!;
    const [s, u] = [cells[0]!, cells[1]!];
    await intake([
      ...Array.from({ length: 10 }, (_, i) => plant(s, category, at(1 + (i % 5), 10, i), 'top-now')),
      ...Array.from({ length: 4 }, (_, i) => plant(s, category, at(8 + i, 10, i), 'top-before')),
      ...Array.from({ length: 3 }, (_, i) => plant(u, category, at(2, 11, i), 'top-other')),
      plant(u, category, at(20, 11), 'top-old'), // before both periods
    ]);
    const res = await t.get(`/api/analysis/top-problems?from=${daysAgo(6)}&to=${today}&category=${category}`, 'planner');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<{
      meta: Record<string, unknown>;
      items: Array<{
        rank: number;
        categoryCode: string;
        streetCode: string;
        count: number;
        previous: number;
        change: number;
        changeRate: number | null;
      }>;
    }>();
    expect(r.meta).toMatchObject({
      from: daysAgo(6),
      previousFrom: daysAgo(13),
      previousTo: daysAgo(6),
      cases: 13,
      weights: 'none',
      alpha: null,
    });
    expect(r.items).toEqual([
      expect.objectContaining({
        rank: 1,
        categoryCode: category,
        streetCode: s.street,
        count: 10,
        previous: 4,
        change: 6,
        changeRate: 1.5,
      }),
      expect.objectContaining({
        rank: 2,
        categoryCode: category,
        streetCode: u.street,
        count: 3,
        previous: 0,
        change: 3,
        changeRate: null,
      }),
    ]);
    // a street filter keeps its rows only; limit cuts the list
    const one = (
      await t.get(`/api/analysis/top-problems?from=${daysAgo(6)}&to=${today}&category=${category}&street=${u.street}`, 'leader')
    ).json<typeof r>();
    expect(one.items.map((i) => [i.streetCode, i.count])).toEqual([[u.street, 3]]);
    const all = (await t.get(`/api/analysis/top-problems?from=${daysAgo(6)}&to=${today}&limit=5`, 'planner')).json<typeof r>();
    expect(all.items).toHaveLength(5);
    expect(all.items.map((i) => i.count)).toEqual([...all.items.map((i) => i.count)].sort((a, b) => b - a));

    const csv = await t.get(`/api/analysis/top-problems?from=${daysAgo(6)}&to=${today}&category=${category}&format=csv`, 'planner');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      '\uFEFFrank,categoryCode,categoryName,categoryNameEn,streetCode,streetName,streetNameEn,count,previous,change,changeRate',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]!.split(',').slice(-4)).toEqual(['10', '4', '6', '1.5']);
  });
});

describe('seasonal tables', () => {
  it('counts cases per category × Beijing month and per weekday × Beijing hour', async () => {
    const category = categories[1]!;
    const c = cells[2]!;
    // 5 cases at 23:30 Beijing (15:30 UTC: another hour, and near midnight, another day in UTC) 3 days ago,
    // 2 at 00:15 Beijing 40 days ago (the previous UTC day)
    await intake([
      ...Array.from({ length: 5 }, (_, i) => plant(c, category, at(3, 23, 30 + i), 'season-late')),
      ...Array.from({ length: 2 }, (_, i) => plant(c, category, at(40, 0, 15 + i), 'season-early')),
    ]);
    const res = await t.get(`/api/analysis/seasonal?from=${daysAgo(60)}&to=${today}&category=${category}&by=sub`, 'planner');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<{
      meta: { cases: number };
      months: string[];
      byMonth: Array<{ code: string; counts: number[]; total: number }>;
      byHour: { weekdays: string[]; counts: number[][] };
    }>();
    expect(r.meta.cases).toBe(7);
    expect(r.months[0]).toBe(daysAgo(60).slice(0, 7));
    expect(r.months.at(-1)).toBe(today.slice(0, 7));
    expect(r.byMonth).toHaveLength(1);
    const row = r.byMonth[0]!;
    expect(row).toMatchObject({ code: category, total: 7 });
    expect(row.counts[r.months.indexOf(daysAgo(3).slice(0, 7))]).toBe(daysAgo(3).slice(0, 7) === daysAgo(40).slice(0, 7) ? 7 : 5);
    expect(row.counts[r.months.indexOf(daysAgo(40).slice(0, 7))]).toBeGreaterThanOrEqual(2);
    expect(r.byHour.weekdays).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(r.byHour.counts).toHaveLength(7);
    const expected = Array.from({ length: 7 }, () => new Array(24).fill(0));
    expected[isoDow(3) - 1]![23] += 5;
    expected[isoDow(40) - 1]![0] += 2;
    expect(r.byHour.counts).toEqual(expected);
    // main classes: the sub-class's 3-digit prefix
    const main = (await t.get(`/api/analysis/seasonal?from=${daysAgo(60)}&to=${today}&category=${category}`, 'planner')).json<typeof r>();
    expect(main.byMonth.map((m) => [m.code, m.total])).toEqual([[category.slice(0, 3), 7]]);

    const hours = await t.get(
      `/api/analysis/seasonal?from=${daysAgo(60)}&to=${today}&category=${category}&format=csv&table=hour`,
      'planner',
    );
    const lines = hours.body.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(`\uFEFFweekday,${Array.from({ length: 24 }, (_, h) => `h${String(h).padStart(2, '0')}`).join(',')}`);
    expect(lines.slice(1).map((l) => l.split(',').slice(1).map(Number))).toEqual(expected);
    const months = await t.get(`/api/analysis/seasonal?from=${daysAgo(60)}&to=${today}&category=${category}&by=sub&format=csv`, 'planner');
    const m = months.body.split('\r\n').filter(Boolean);
    expect(m[0]).toBe(`\uFEFFcode,name,nameEn,${r.months.join(',')},total`);
    expect(m[1]!.split(',').at(-1)).toBe('7');
  });
});

describe('recurring places', () => {
  it('finds the same sub-class at one cell or alley n times within `days` days and lists its cases', async () => {
    const category = categories[2]!;
    const [dense, spread] = [cells[3]!, cells[4]!];
    await intake([
      ...[2, 5, 9].map((d, i) => plant(dense, category, at(d, 9, i), 'rec-dense')),
      ...[5, 45, 85].map((d, i) => plant(spread, category, at(d, 9, i), 'rec-spread')),
      ...[1, 2, 3, 4].map((d, i) => plant(alley, category, at(d, 15, i), 'rec-alley', 'alley_chief')),
      ...[1, 2].map((d, i) => plant(cells[5]!, category, at(d, 9, i), 'rec-twice')),
    ]);
    const res = await t.get(`/api/analysis/recurring?from=${daysAgo(100)}&to=${today}&category=${category}`, 'planner');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<{
      meta: { n: number; days: number; places: number; cases: number };
      items: Array<{ kind: string; place: string; cases: number; maxWithin: number; caseCodes: string[]; categoryCode: string }>;
    }>();
    expect(r.meta).toMatchObject({ n: 3, days: 30, places: 2, cases: 7 });
    expect(r.items).toEqual([
      expect.objectContaining({ kind: 'alley', place: String(alley.id), cases: 4, maxWithin: 4, caseCodes: await codesOf('rec-alley') }),
      expect.objectContaining({ kind: 'cell', place: dense.code, cases: 3, maxWithin: 3, caseCodes: await codesOf('rec-dense') }),
    ]);
    // a wider window finds the spread-out cell; a higher n drops the three-case places
    const wide = (await t.get(`/api/analysis/recurring?from=${daysAgo(100)}&to=${today}&category=${category}&days=90`, 'planner')).json<
      typeof r
    >();
    expect(wide.items.map((i) => i.place)).toContain(spread.code);
    expect(wide.items.find((i) => i.place === spread.code)!.caseCodes).toEqual(await codesOf('rec-spread'));
    const four = (await t.get(`/api/analysis/recurring?from=${daysAgo(100)}&to=${today}&category=${category}&n=4`, 'planner')).json<
      typeof r
    >();
    expect(four.items.map((i) => i.kind)).toEqual(['alley']);
    const csv = await t.get(`/api/analysis/recurring?from=${daysAgo(100)}&to=${today}&category=${category}&format=csv`, 'planner');
    const lines = csv.body.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      '\uFEFFkind,place,placeName,cellCode,streetCode,streetName,categoryCode,categoryName,cases,maxWithin,first,last,caseCodes',
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]!.split(',').at(-1)).toBe((await codesOf('rec-dense')).join(' '));
  });
});

describe('input and roles', () => {
  it.each([
    ['top-problems', 'limit=0', /query parameter 'limit'/],
    ['top-problems', 'category=29999', /query parameter 'category'.*29999/],
    ['top-problems', `from=${today}&to=${daysAgo(3)}`, /query parameter 'from'.*must be before/],
    ['seasonal', 'by=week', /query parameter 'by'/],
    ['seasonal', 'table=day', /query parameter 'table'/],
    ['seasonal', 'street=110102999', /query parameter 'street'.*110102999/],
    ['seasonal', 'from=1990-01-01', /query parameter 'from'.*longer than the recorded data/],
    ['recurring', 'n=1', /query parameter 'n'/],
    ['recurring', 'n=three', /query parameter 'n'/],
    ['recurring', 'days=0', /query parameter 'days'/],
    ['recurring', 'community=110102999999', /query parameter 'community'/],
    ['recurring', 'format=geojson', /query parameter 'format'/],
  ])('%s?%s is a 400 naming the parameter', async (path, qs, message) => {
    const res = await t.get(`/api/analysis/${path}?${qs}`, 'planner');
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(message);
  });

  it('keeps visitors and dispatchers out', async () => {
    for (const path of ['top-problems', 'seasonal', 'recurring']) {
      for (const role of ['demo', 'dispatcher'] as const) expect((await t.get(`/api/analysis/${path}`, role)).statusCode).toBe(403);
      expect((await t.get(`/api/analysis/${path}`, 'leader')).statusCode).toBe(200);
    }
  });
});
