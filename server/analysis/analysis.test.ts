// The planner's analyses on planted truth, through the intake and the rollup: a compact cluster of cases is a
// significant hot spot and nothing far from it is; a cluster growing week over week is intensifying;
// hotline-only cases where no patrol reports put their cell among the blind spots. Plus exports, bad input
// and who may ask. Each scenario uses a category of its own whose seeded cases this test's database drops,
// so the city around it cannot decide the outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';
import { beijingDate, DAY } from '../domain/beijing.ts';
import { seededRandom } from './stats/fixtures/random.ts';

interface Cell {
  code: string;
  class: string | null;
  untestable: string | null;
  significant: boolean;
  count: number;
  z: number | null;
}

let t: TestApp;
let categories: string[];
let neighbours: Map<string, string[]>;
let point: Map<string, { lng: number; lat: number }>;
const today = beijingDate(Date.now());
const tomorrow = beijingDate(Date.now() + DAY);
const daysAgo = (d: number) => beijingDate(Date.now() - d * DAY);

async function intake(cases: object[]): Promise<void> {
  const token = await t.token('dispatcher');
  for (let k = 0; k < cases.length; k += 1000) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cases/batch',
      headers: { authorization: `Bearer ${token}` },
      payload: { cases: cases.slice(k, k + 1000) },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
}
const plant = (code: string, n: number, categoryCode: string, at: number, source = 'hotline') =>
  Array.from({ length: n }, (_, i) => ({
    source,
    categoryCode,
    description: `planted ${code} ${i}`,
    ...point.get(code)!,
    reportedAt: new Date(at - i * 60_000).toISOString(),
  }));

/** `n` hotline cases planted in `cell` `daysBack` days ago, the first `accepted` of them accepted since. */
async function plantWithAccepted(cell: string, n: number, accepted: number, category: string, daysBack: number): Promise<void> {
  await intake(plant(cell, n, category, Date.now() - daysBack * DAY));
  await query(
    t.url,
    `update cases set stage = 'accepted', accepted_at = reported_at + interval '5 minutes'
      where id in (select id from cases where category_code = $1 and description like $2 order by id limit $3)`,
    [category, `planted ${cell} %`, accepted],
  );
}

/** Graph distance (in cells) from any of `from` over the queen weights. */
function distances(from: string[]): Map<string, number> {
  const d = new Map(from.map((c) => [c, 0]));
  let frontier = from;
  for (let k = 1; frontier.length; k++) {
    const next: string[] = [];
    for (const c of frontier)
      for (const m of neighbours.get(c) ?? [])
        if (!d.has(m)) {
          d.set(m, k);
          next.push(m);
        }
    frontier = next;
  }
  return d;
}

/** A cell with at least 6 neighbours, all in its street, with those neighbours: a compact block. */
async function blocks(): Promise<Array<{ street: string; block: string[] }>> {
  const rows = await query<{ code: string; street: string; ns: string[] }>(
    t.url,
    `
    select g.code, s.code as street, array_agg(h.code order by h.code) as ns
      from grid_cell g join admin_area s on s.id = g.street_id
      join grid_cell_neighbour n on n.cell_id = g.id join grid_cell h on h.id = n.neighbour_id
     group by g.code, g.street_id, s.code having count(*) >= 6 and bool_and(h.street_id = g.street_id)
     order by g.code`,
  );
  return rows.map((r) => ({ street: r.street, block: [r.code, ...r.ns] }));
}

beforeAll(async () => {
  t = await buildTestApp({ database: 'fresh' });
  // three little-used categories, emptied in this database of its own: the planted cases are then alone
  categories = (
    await query<{ code: string }>(
      t.url,
      `
    select c.code from category c left join cases k on k.category_code = c.code group by c.code order by count(k.id), c.code limit 4`,
    )
  ).map((r) => r.code);
  const gone = 'select id from cases where category_code = any($1::text[])';
  await query(t.url, `update sensor_alarm set case_id = null where case_id in (${gone})`, [categories]);
  await query(t.url, `delete from case_event where case_id in (${gone})`, [categories]);
  await query(t.url, `delete from case_department where case_id in (${gone})`, [categories]);
  await query(t.url, 'delete from cases where category_code = any($1::text[])', [categories]);
  const pairs = await query<{ a: string; b: string }>(
    t.url,
    `
    select g.code as a, h.code as b from grid_cell_neighbour n join grid_cell g on g.id = n.cell_id join grid_cell h on h.id = n.neighbour_id`,
  );
  neighbours = new Map();
  for (const p of pairs) neighbours.set(p.a, [...(neighbours.get(p.a) ?? []), p.b]);
  const pts = await query<{ code: string; lng: number; lat: number }>(
    t.url,
    `
    select code, st_x(p) as lng, st_y(p) as lat from (select code, st_pointOnSurface(geom) as p from grid_cell) x`,
  );
  point = new Map(pts.map((p) => [p.code, { lng: Number(p.lng.toFixed(7)), lat: Number(p.lat.toFixed(7)) }]));
}, 120_000);
afterAll(() => t?.close());

describe('hot spots on planted truth', () => {
  it('finds a compact cluster of cases hot (Gi*) and HH (Moran), and nothing significant farther than two cells away', async () => {
    const category = categories[0]!;
    const { block } = (await blocks())[40]!;
    await intake(block.flatMap((c) => plant(c, 20, category, Date.now() - 3 * DAY)));

    const res = await t.get(`/api/analysis/hotspots?from=${daysAgo(14)}&to=${today}&category=${category}`, 'planner');
    expect(res.statusCode, res.body).toBe(200);
    const { meta, items } = res.json<{ meta: Record<string, unknown>; items: Cell[] }>();
    expect(meta).toMatchObject({
      weights: 'queen contiguity (binary, self included)',
      alpha: 0.05,
      fdr: true,
      cases: 20 * block.length,
      cells: point.size,
    });
    expect(items).toHaveLength(point.size); // zero-count cells included
    const byCode = new Map(items.map((c) => [c.code, c]));
    for (const c of block) expect(byCode.get(c)!.count).toBe(20);
    expect(block.filter((c) => byCode.get(c)!.class?.startsWith('hot-')).length / block.length).toBeGreaterThanOrEqual(0.9);
    const d = distances(block);
    const far = items.filter((c) => (d.get(c.code) ?? Infinity) > 2);
    expect(far.length).toBeGreaterThan(100);
    expect(far.filter((c) => c.class !== 'not-significant' && c.class !== null)).toEqual([]);
    // the empty city around the cluster has too few cases to test: shown as such, never as cold
    const sparse = items.filter((c) => c.untestable === 'too-few-cases');
    expect(sparse.length).toBeGreaterThan(far.length / 2);
    expect(sparse.every((c) => c.class === null && !c.significant)).toBe(true);
    expect(items.filter((c) => c.class?.startsWith('cold'))).toEqual([]);
    expect(meta).toMatchObject({ tooFewCases: sparse.length, minCases: 3, tested: items.filter((c) => c.class !== null).length });
    for (const c of block) expect(byCode.get(c)!.untestable).toBeNull();

    const moran = (await t.get(`/api/analysis/hotspots?from=${daysAgo(14)}&to=${today}&category=${category}&method=moran`, 'leader')).json<{
      items: Cell[];
    }>();
    const m = new Map(moran.items.map((c) => [c.code, c]));
    expect(block.filter((c) => m.get(c)!.class === 'HH').length / block.length).toBeGreaterThanOrEqual(0.9);
    expect(moran.items.filter((c) => (d.get(c.code) ?? Infinity) > 2 && c.significant)).toEqual([]);

    // exports: the same rows as CSV (with BOM) and as GeoJSON polygons
    const csv = await t.get(`/api/analysis/hotspots?from=${daysAgo(14)}&to=${today}&category=${category}&format=csv`, 'planner');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.startsWith('\uFEFFcode,count,z,p,significant,class,untestable\r\n')).toBe(true);
    const lines = csv.body.trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(items.length);
    const centre = lines.find((l) => l.startsWith(`${block[0]},`))!.split(',');
    expect(centre.slice(0, 2)).toEqual([block[0], '20']);
    expect(centre[5]).toBe(byCode.get(block[0]!)!.class);
    const geo = await t.get(`/api/analysis/hotspots?from=${daysAgo(14)}&to=${today}&category=${category}&format=geojson`, 'planner');
    const fc = geo.json<{ features: Array<{ id: string; geometry: { type: string; coordinates: number[][][] }; properties: Cell }> }>();
    expect(fc.features).toHaveLength(items.length);
    const f = fc.features.find((x) => x.id === block[0])!;
    expect(f.geometry.type).toBe('Polygon');
    expect(f.properties.class).toBe(byCode.get(block[0]!)!.class);
    const [lng, lat] = f.geometry.coordinates[0]![0]!;
    expect(lng).toBeGreaterThan(116); // WGS84 degrees, not metres
    expect(lat).toBeLessThan(41);
  });
});

describe('uniform noise', () => {
  it('leaves at most 1% of cells significant after FDR when cases fall on cells uniformly at random (fixed seed)', async () => {
    const category = categories[3]!;
    const random = seededRandom(20261203);
    const codes = [...point.keys()];
    const perCell = 3;
    const cases = Array.from({ length: perCell * codes.length }, (_, k) => ({
      source: 'hotline',
      categoryCode: category,
      description: `uniform ${k}`,
      ...point.get(codes[Math.floor(random() * codes.length)]!)!,
      reportedAt: new Date(Date.now() - (1 + Math.floor(random() * 10)) * DAY).toISOString(),
    }));
    await intake(cases);
    for (const method of ['gistar', 'moran']) {
      const res = await t.get(`/api/analysis/hotspots?from=${daysAgo(14)}&to=${today}&category=${category}&method=${method}`, 'planner');
      expect(res.statusCode, res.body).toBe(200);
      const { meta, items } = res.json<{ meta: { cases: number; tested: number; tooFewCases: number }; items: Cell[] }>();
      expect(meta.cases).toBe(cases.length);
      expect(meta.tested).toBeGreaterThan(0.95 * items.length); // ~27 cases expected per neighbourhood: all testable
      const significant = items.filter((c) => c.significant).length;
      expect(significant, `${method}: ${significant} of ${items.length} significant`).toBeLessThanOrEqual(0.01 * items.length);
    }
  }, 120_000);
});

describe('emerging hot spots on planted truth', () => {
  it('finds a cluster growing week over week beside a steady one intensifying', async () => {
    const category = categories[1]!;
    const all = await blocks();
    // two blocks of one street well apart
    let pair: { growing: (typeof all)[number]; steady: (typeof all)[number] } | undefined;
    for (const growing of all.slice(10)) {
      const others = all.filter((b) => b.street === growing.street && b !== growing);
      if (!others.length) continue;
      const d = distances(growing.block);
      const steady = others.find((b) => b.block.every((c) => (d.get(c) ?? 0) > 3));
      if (steady) {
        pair = { growing, steady };
        break;
      }
    }
    expect(pair, 'two blocks in one street').toBeDefined();
    const { growing, steady } = pair!;
    const streetCells = (
      await query<{ code: string }>(
        t.url,
        `
      select g.code from grid_cell g join admin_area s on s.id = g.street_id where s.code = $1`,
        [growing.street],
      )
    ).map((r) => r.code);
    const weeks = 10;
    const end = Date.parse(`${tomorrow}T00:00:00+08:00`);
    const cases: object[] = [];
    for (let w = 0; w < weeks; w++) {
      const at = end - (weeks - w) * 7 * DAY + 3 * DAY;
      for (const c of streetCells) cases.push(...plant(c, 1, category, at, 'grid_patrol')); // a quiet background
      for (const c of growing.block) cases.push(...plant(c, 6 + 3 * w, category, at));
      for (const c of steady.block) cases.push(...plant(c, 20, category, at));
    }
    await intake(cases);
    const res = await t.get(
      `/api/analysis/emerging?from=${beijingDate(end - weeks * 7 * DAY)}&to=${today}&category=${category}&street=${growing.street}`,
      'planner',
    );
    expect(res.statusCode, res.body).toBe(200);
    const { meta, items } = res.json<{
      meta: { weeks: string[]; cells: number; cases: number };
      items: Array<{ code: string; category: string | null; hotWeeks: number }>;
    }>();
    expect(meta.weeks).toHaveLength(weeks);
    expect(meta.cells).toBe(streetCells.length);
    expect(meta.cases).toBe(cases.length);
    const byCode = new Map(items.map((c) => [c.code, c]));
    expect(
      growing.block.filter((c) => byCode.get(c)!.category === 'intensifying-hot').length / growing.block.length,
    ).toBeGreaterThanOrEqual(0.9);
    expect(byCode.get(growing.block[0]!)!.hotWeeks).toBe(weeks);
  });
});

describe('热线+网格 quadrant', () => {
  it("puts a cell with hotline cases and no patrol reports among its street's blind spots", async () => {
    const category = categories[2]!;
    const all = await blocks();
    const blind = all[20]!.block[0]!;
    const busy = all.at(-1)!.block[0]!; // another district: another community
    await intake([
      ...plant(blind, 6, category, Date.now() - 2 * DAY, 'hotline'),
      ...plant(busy, 4, category, Date.now() - 2 * DAY, 'hotline'),
      ...plant(busy, 5, category, Date.now() - 2 * DAY, 'grid_patrol'),
    ]);
    for (const split of ['median', 'q3']) {
      const res = await t.get(`/api/analysis/quadrant?from=${daysAgo(10)}&to=${today}&category=${category}&split=${split}`, 'planner');
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json<{
        meta: { cases: number; thresholds: { cells: { hotline: number } } };
        cells: Array<{ code: string; quadrant: string; hotline: number; patrol: number }>;
        communities: Array<{ quadrant: string }>;
        blindSpots: Array<{ streetCode: string; cells: Array<{ code: string; hotline: number; patrol: number }> }>;
      }>();
      expect(r.meta.cases).toBe(15);
      const cells = new Map(r.cells.map((c) => [c.code, c]));
      expect(cells.get(blind)).toMatchObject({ hotline: 6, patrol: 0, quadrant: 'blind-spot' });
      expect(cells.get(busy)).toMatchObject({ hotline: 4, patrol: 5, quadrant: 'both-high' });
      const street = r.blindSpots.find((s) => s.streetCode === all[20]!.street)!;
      expect(street.cells.map((c) => c.code)).toContain(blind);
      expect(r.blindSpots.flatMap((s) => s.cells.map((c) => c.code))).not.toContain(busy);
      expect(r.communities.map((c) => c.quadrant)).toContain('blind-spot');
    }
    // the blind spot's community, patroller and the hotline's sub-classes there
    const [owner] = await query<{ community: string; patroller_id: number; patroller: string }>(
      t.url,
      `select m.code as community, p.id as patroller_id, p.name as patroller
         from grid_cell g join admin_area m on m.id = g.community_id join person p on p.id = g.patroller_id where g.code = $1`,
      [blind],
    );
    const res = await t.get(`/api/analysis/quadrant?from=${daysAgo(10)}&to=${today}&category=${category}`, 'planner');
    const r = res.json<{
      meta: Record<string, unknown>;
      communities: Array<{ code: string; hotline: number; patrol: number; quadrant: string }>;
      blindSpots: Array<{
        streetCode: string;
        hotline: number;
        topSubclasses: Array<{ code: string; count: number; name: string }>;
        cells: Array<{
          code: string;
          communityCode: string;
          patrollerId: number | null;
          patroller: string | null;
          topSubclasses: unknown[];
        }>;
      }>;
    }>();
    expect(r.meta).toMatchObject({ weights: 'none', alpha: null, fdr: false, cases: 15 });
    expect(r.meta.methodZh).toMatch(/^热线\+网格/);
    expect(r.meta.method).toMatch(/^hotline \+ grid patrol/);
    expect(r.communities.find((c) => c.code === owner!.community)).toMatchObject({ hotline: 6, patrol: 0, quadrant: 'blind-spot' });
    const street = r.blindSpots.find((s) => s.streetCode === all[20]!.street)!;
    expect(street.topSubclasses[0]).toMatchObject({ code: category, count: street.hotline });
    const cell = street.cells.find((c) => c.code === blind)!;
    expect(cell).toMatchObject({
      communityCode: owner!.community,
      patrollerId: owner!.patroller_id,
      patroller: owner!.patroller,
      topSubclasses: [expect.objectContaining({ code: category, count: 6 })],
    });
    // without a category filter the sub-classes are the hotline's top three over the whole city's cases there
    const wide = (await t.get(`/api/analysis/quadrant?from=${daysAgo(60)}&to=${today}`, 'planner')).json<typeof r>();
    for (const s of wide.blindSpots.slice(0, 3)) {
      expect(s.topSubclasses.length).toBeGreaterThan(0);
      expect(s.topSubclasses.length).toBeLessThanOrEqual(3);
      const counts = s.topSubclasses.map((x) => x.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    }
  });
});

describe('the stage filter', () => {
  it('counts the cases now at the chosen stages, in the rollup-read analyses and the case-read drill-down alike', async () => {
    const category = categories[0]!;
    const cell = [...point.keys()][100]!;
    // 100 days back, a range no other scenario here reads; three of the eight accepted since: the rollup
    // moves their count to the new stage
    await plantWithAccepted(cell, 8, 3, category, 100);
    const range = `from=${daysAgo(102)}&to=${daysAgo(98)}&category=${category}`;
    for (const [stage, n] of [
      ['accepted', 3],
      ['reported', 5],
      ['accepted,reported', 8],
      ['closed,evaluated', 0],
    ] as const) {
      const hot = (await t.get(`/api/analysis/hotspots?${range}&stage=${stage}`, 'planner')).json<{
        meta: { cases: number };
        items: Cell[];
      }>();
      expect(hot.meta.cases, stage).toBe(n);
      expect(hot.items.find((c) => c.code === cell)?.count ?? 0, stage).toBe(n);
      const drill = await t.get(`/api/analysis/drilldown?${range}&stage=${stage}&level=cell&id=${cell}`, 'planner');
      expect(drill.statusCode, drill.body).toBe(200);
      expect(drill.json<{ area: { cases: number } }>().area.cases, stage).toBe(n);
    }
  });
});

describe('the cases behind an analysis, as a file', () => {
  const csvRows = (text: string) => {
    expect(text.startsWith('\uFEFF')).toBe(true); // Excel reads the Chinese text as UTF-8
    const [header, ...lines] = text.slice(1).trimEnd().split('\r\n');
    return { columns: header!.split(','), lines };
  };

  it('exports exactly the filtered cases, with the stage filter, as CSV and GeoJSON', async () => {
    const category = categories[0]!;
    const cell = [...point.keys()][200]!;
    // 120 days back, a range no other scenario here reads; two of the six accepted since
    await plantWithAccepted(cell, 6, 2, category, 120);
    const range = `from=${daysAgo(122)}&to=${daysAgo(118)}&category=${category}`;
    const truth = await query<{ code: string; stage: string }>(
      t.url,
      `select code, stage from cases where category_code = $1 and reported_at >= $2::date::timestamp at time zone 'Asia/Shanghai'
          and reported_at < ($3::date + 1)::timestamp at time zone 'Asia/Shanghai' order by reported_at, id`,
      [category, daysAgo(122), daysAgo(118)],
    );
    expect(truth.map((r) => r.stage).sort()).toEqual(['accepted', 'accepted', 'reported', 'reported', 'reported', 'reported']);
    const all = await t.get(`/api/analysis/cases?${range}`, 'planner');
    expect(all.statusCode, all.body).toBe(200);
    expect(all.headers['content-disposition']).toMatch(/attachment; filename="cases-.*\.csv"/);
    const { columns, lines } = csvRows(all.body);
    expect(columns).toEqual(expect.arrayContaining(['code', 'reportedAt', 'stage', 'gridCode', 'lng', 'lat']));
    expect(columns.join(',')).not.toMatch(/reporter|phone/);
    const code = columns.indexOf('code');
    expect(lines.map((l) => l.split(',')[code])).toEqual(truth.map((r) => r.code));

    const accepted = csvRows((await t.get(`/api/analysis/cases?${range}&stage=accepted`, 'planner')).body).lines;
    expect(accepted.map((l) => l.split(',')[code])).toEqual(truth.filter((r) => r.stage === 'accepted').map((r) => r.code));

    const geo = (await t.get(`/api/analysis/cases?${range}&format=geojson`, 'planner')).json<{
      features: Array<{ geometry: { type: string; coordinates: number[] }; properties: { code: string } }>;
    }>();
    expect(geo.features.map((f) => f.properties.code)).toEqual(truth.map((r) => r.code));
    expect(geo.features[0]!.geometry.type).toBe('Point');
  });

  it('streams a year of cases page by page over HTTP, and a bad filter is still a 400 that names it', async () => {
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const token = await t.token('planner');
    const res = await fetch(`${base}/api/analysis/cases?from=${daysAgo(364)}&to=${today}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull(); // not buffered to learn its length
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // keep the BOM: the file's first character
    for await (const chunk of res.body!) {
      chunks++;
      text += decoder.decode(chunk, { stream: true });
    }
    const [{ n }] = (await query<{ n: number }>(
      t.url,
      `select count(*)::int as n from cases where reported_at >= $1::date::timestamp at time zone 'Asia/Shanghai' and reported_at < ($2::date + 1)::timestamp at time zone 'Asia/Shanghai'`,
      [daysAgo(364), today],
    )) as [{ n: number }];
    expect(n).toBeGreaterThan(5000); // more than one page of the cursor
    expect(csvRows(text).lines.length).toBe(n);
    expect(chunks).toBeGreaterThan(1);

    const bad = await t.get('/api/analysis/cases?stage=lost', 'planner');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/stage/);
    expect((await t.get('/api/analysis/cases', 'demo')).statusCode).toBe(403);
  });
});

describe('analysis input and roles', () => {
  it.each([
    ['category=29999', /query parameter 'category'.*29999/],
    ['street=110102999', /query parameter 'street'.*110102999/],
    ['community=110102999999', /query parameter 'community'/],
    [`from=${today}&to=${daysAgo(3)}`, /query parameter 'from'.*must be before/],
    [`from=${daysAgo(2)}&to=${daysAgo(2)}T00:00:00%2B08:00`, /query parameter 'from'.*must be before/],
    ['from=1990-01-01', /query parameter 'from'.*longer than the recorded data/],
    ['from=2026-01-01T10:00:00%2B08:00', /query parameter 'from'.*whole days/],
    ['method=kriging', /method/],
    ['stage=lost', /stage.*reported, accepted/],
  ])('answers %s with a 400 naming the parameter', async (qs, message) => {
    for (const path of ['hotspots', 'emerging', 'quadrant']) {
      if (path === 'quadrant' && qs.startsWith('method')) continue;
      const res = await t.get(`/api/analysis/${path}?${qs}`, 'planner');
      expect(res.statusCode, `${path}?${qs}: ${res.body.slice(0, 300)}`).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(message);
    }
  });

  it('serves planners and leaders; visitors and dispatchers get a 403 that says why', async () => {
    for (const role of ['demo', 'dispatcher'] as const) {
      const res = await t.get('/api/analysis/hotspots', role);
      expect(res.statusCode).toBe(403);
      expect(res.json<{ message: string }>().message).toMatch(/leader, planner/);
    }
    expect((await t.get('/api/analysis/quadrant', 'leader')).statusCode).toBe(200);
    expect((await t.get('/api/analysis/emerging', 'planner')).statusCode).toBe(200);
  });
});
