// The case list and one case, against the seeded city: every filter returns exactly the cases the same
// question asked in SQL returns, pages follow one another without gaps or overlaps, mistakes are named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import type { Role } from '../contracts/common.ts';

interface Summary {
  code: string;
  source: string;
  categoryCode: string;
  stage: string;
  reportedAt: string;
  deadline: string | null;
  overdue: boolean;
  streetCode: string;
  gridCode: string;
  lng: number;
  lat: number;
}

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const sql = async <R extends Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.app.db.query<R>(text, params)).rows;

/** Every case the API lists for a query, following nextCursor to the end; also how many pages it took. */
async function walk(app: TestApp, query: string, limit = 17, role: Role = 'dispatcher') {
  const items: Summary[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url: string = `/api/cases?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await app.get(url, role);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    const page = res.json() as { items: Summary[]; nextCursor: string | null };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { items, codes: items.map((c) => c.code), pages };
}

/** The time of the n-th newest case matching a condition: a window holding about n of them at any scale. */
async function nthNewestAt(where: string, params: unknown[] = [], n = 40): Promise<string> {
  const [row] = await sql<{ at: string }>(
    `
    select to_json(c.reported_at) #>> '{}' as at from cases c where ${where}
     order by c.reported_at desc, c.id desc offset $${params.length + 1} limit 1`,
    [...params, n - 1],
  );
  expect(row, `no cases where ${where}`).toBeDefined();
  return row!.at;
}

/** The codes SQL gives for a condition, newest first. */
async function truth(where: string, params: unknown[]): Promise<string[]> {
  return (await sql<{ code: string }>(`select c.code from cases c where ${where} order by c.reported_at desc, c.id desc`, params)).map(
    (r) => r.code,
  );
}

describe('GET /api/cases filters', () => {
  it('returns exactly the cases reported in a time window, newest first, over several pages', async () => {
    // a window that ends before the newest cases: both ends matter
    const from = await nthNewestAt('true', [], 70);
    const to = await nthNewestAt('true', [], 10);
    const { items, codes, pages } = await walk(t, `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(codes).toEqual(await truth('c.reported_at >= $1 and c.reported_at < $2', [from, to]));
    expect(pages).toBeGreaterThan(1);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of items) {
      expect(Date.parse(c.reportedAt)).toBeGreaterThanOrEqual(Date.parse(from));
      expect(Date.parse(c.reportedAt)).toBeLessThan(Date.parse(to));
      expect(c.reportedAt).toMatch(/\+08:00$/); // Beijing time, as the city reads it
    }
  });

  it('takes a date alone as a whole Beijing day, for both ends of the window', async () => {
    const [{ day }] = (await sql<{ day: string }>(
      `select to_char(max(reported_at) - interval '2 days', 'YYYY-MM-DD') as day from cases`,
    )) as [{ day: string }];
    const { codes, items } = await walk(t, `from=${day}&to=${day}`, 200);
    expect(codes).toEqual(await truth(`(c.reported_at at time zone 'Asia/Shanghai')::date = $1::date`, [day]));
    expect(codes.length).toBeGreaterThan(0);
    for (const c of items) expect(c.reportedAt.slice(0, 10)).toBe(day);
  });

  it('filters by one source or several', async () => {
    const from = await nthNewestAt(`c.source in ('hotline', 'public_app')`);
    const { codes, items } = await walk(t, `source=hotline,public_app&from=${encodeURIComponent(from)}`);
    expect(codes).toEqual(await truth(`c.source in ('hotline', 'public_app') and c.reported_at >= $1`, [from]));
    expect(new Set(items.map((c) => c.source))).toEqual(new Set(['hotline', 'public_app']));
  });

  it('filters by stage', async () => {
    const [a, b] = (await sql<{ stage: string }>(`select stage from cases group by stage order by count(*) desc limit 2`)).map(
      (r) => r.stage,
    );
    const from = await nthNewestAt(`c.stage in ($1, $2)`, [a, b]);
    const { codes, items } = await walk(t, `stage=${a},${b}&from=${encodeURIComponent(from)}`);
    expect(codes).toEqual(await truth(`c.stage in ($2, $3) and c.reported_at >= $1`, [from, a, b]));
    for (const c of items) expect([a, b]).toContain(c.stage);
  });

  it('filters by a category code and by a kind + main class prefix', async () => {
    const [{ code }] = (await sql<{ code: string }>(
      `select category_code as code from cases group by 1 order by count(*) desc limit 1`,
    )) as [{ code: string }];
    let from = await nthNewestAt(`c.category_code = $1`, [code]);
    const exact = await walk(t, `category=${code}&from=${encodeURIComponent(from)}`);
    expect(exact.codes).toEqual(await truth(`c.category_code = $2 and c.reported_at >= $1`, [from, code]));
    for (const c of exact.items) expect(c.categoryCode).toBe(code);

    const prefix = code.slice(0, 3);
    from = await nthNewestAt(`left(c.category_code, 3) = $1`, [prefix]);
    const main = await walk(t, `category=${prefix}&from=${encodeURIComponent(from)}`);
    expect(main.codes).toEqual(await truth(`left(c.category_code, 3) = $2 and c.reported_at >= $1`, [from, prefix]));
    expect(new Set(main.items.map((c) => c.categoryCode.slice(0, 3)))).toEqual(new Set([prefix]));
  });

  it('filters by street', async () => {
    const [{ street }] = (await sql<{ street: string }>(`
      select s.code as street from cases c join admin_area s on s.id = c.street_id group by 1 order by count(*) desc limit 1`)) as [
      { street: string },
    ];
    const where = `c.street_id = (select id from admin_area where code = $1)`;
    const from = await nthNewestAt(where, [street]);
    const { codes, items } = await walk(t, `street=${street}&from=${encodeURIComponent(from)}`);
    expect(codes).toEqual(await truth(`${where} and c.reported_at >= $2`, [street, from]));
    for (const c of items) expect(c.streetCode).toBe(street);
  });

  it('filters by a bounding box', async () => {
    // a box of about 1.5 × 1.1 km around the busiest grid cell
    const [cell] = await sql<{ x: number; y: number }>(`
      select st_x(st_centroid(g.geom)) as x, st_y(st_centroid(g.geom)) as y
        from cases c join grid_cell g on g.id = c.grid_cell_id group by g.id order by count(*) desc limit 1`);
    const box = [cell!.x - 0.009, cell!.y - 0.005, cell!.x + 0.009, cell!.y + 0.005].map((v) => v.toFixed(6));
    const inBox = `st_x(c.geom) between $1 and $3 and st_y(c.geom) between $2 and $4`;
    const from = await nthNewestAt(inBox, box.map(Number));
    const { codes, items } = await walk(t, `bbox=${box.join(',')}&from=${encodeURIComponent(from)}`);
    expect(codes).toEqual(await truth(`${inBox} and c.reported_at >= $5`, [...box.map(Number), from]));
    for (const c of items) {
      expect(c.lng).toBeGreaterThanOrEqual(Number(box[0]));
      expect(c.lng).toBeLessThanOrEqual(Number(box[2]));
      expect(c.lat).toBeGreaterThanOrEqual(Number(box[1]));
      expect(c.lat).toBeLessThanOrEqual(Number(box[3]));
    }
  });

  it('combines filters: every condition holds at once', async () => {
    const [{ street, prefix }] = (await sql<{ street: string; prefix: string }>(`
      select s.code as street, left(c.category_code, 3) as prefix
        from cases c join admin_area s on s.id = c.street_id
       where c.source = 'hotline' group by 1, 2 order by count(*) desc limit 1`)) as [{ street: string; prefix: string }];
    const where = `c.source = 'hotline' and left(c.category_code, 3) = $1 and c.street_id = (select id from admin_area where code = $2)`;
    const from = await nthNewestAt(where, [prefix, street], 20);
    const { codes } = await walk(t, `source=hotline&category=${prefix}&street=${street}&from=${encodeURIComponent(from)}`, 7);
    expect(codes).toEqual(await truth(`${where} and c.reported_at >= $3`, [prefix, street, from]));
  });
});

describe('GET /api/cases paging', () => {
  it('pages newest first without overlap, the same pages on every fetch', async () => {
    const a = await t.get('/api/cases?limit=30', 'leader');
    const b = await t.get('/api/cases?limit=30', 'leader');
    expect(a.json().items.map((c: Summary) => c.code)).toEqual(b.json().items.map((c: Summary) => c.code));
    const page1 = a.json() as { items: Summary[]; nextCursor: string };
    const page2 = (await t.get(`/api/cases?limit=30&cursor=${page1.nextCursor}`, 'leader')).json() as { items: Summary[] };
    const both = [...page1.items, ...page2.items].map((c) => c.code);
    expect(both).toEqual(
      (await sql<{ code: string }>(`select code from cases order by reported_at desc, id desc limit 60`)).map((r) => r.code),
    );
  });

  it('ends with nextCursor null on the last page', async () => {
    const from = await nthNewestAt('true', [], 5);
    const res = (await t.get(`/api/cases?from=${encodeURIComponent(from)}&limit=500`, 'leader')).json();
    expect(res.items.length).toBeGreaterThanOrEqual(5);
    expect(res.nextCursor).toBeNull();
  });
});

describe('GET /api/cases/:code', () => {
  it('shows a case with its departments and its trail in time order, from report to its stage', async () => {
    const [row] = await sql<{ code: string; stage: string }>(`
      select c.code, c.stage from cases c
       where c.source = 'hotline' and c.stage = 'evaluated' and exists (select 1 from case_department d where d.case_id = c.id)
       order by c.reported_at desc limit 1`);
    const res = await t.get(`/api/cases/${row!.code}`, 'dispatcher');
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.code).toBe(row!.code);
    const times = c.trail.map((e: { at: string }) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(c.trail[0]).toMatchObject({ action: 'report', fromStage: null });
    expect(c.trail.at(-1).toStage).toBe(c.stage);
    // each step starts where the previous one ended
    for (let i = 1; i < c.trail.length; i++) {
      if (c.trail[i].fromStage !== null) expect(c.trail[i].fromStage, JSON.stringify(c.trail[i])).toBe(c.trail[i - 1].toStage);
    }
    const [{ events }] = (await sql<{ events: number }>(
      `select count(*) as events from case_event e join cases c on c.id = e.case_id where c.code = $1`,
      [row!.code],
    )) as [{ events: number }];
    expect(c.trail).toHaveLength(events);
    expect(c.departments.length).toBeGreaterThan(0);
    expect(c.satisfaction).not.toBeNull(); // a hotline case is evaluated by a call-back
  });

  it('shows the reporter to those who act on the case, never to planners or visitors', async () => {
    const [row] = await sql<{ code: string }>(`select code from cases where reporter_phone is not null order by reported_at desc limit 1`);
    for (const role of ['leader', 'commander', 'dispatcher', 'field'] as const) {
      expect((await t.get(`/api/cases/${row!.code}`, role)).json().reporter?.phone, role).toMatch(/^1\d{10}$/);
    }
    for (const role of ['planner', 'demo'] as const) {
      const res = await t.get(`/api/cases/${row!.code}`, role);
      expect(res.statusCode).toBe(200);
      expect(res.json(), role).not.toHaveProperty('reporter');
    }
  });

  it('answers an unknown case with 404 naming it, and a malformed code with 400', async () => {
    const res = await t.get('/api/cases/AJ1999010100001', 'leader');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'no case with code AJ1999010100001' });
    const bad = await t.get(`/api/cases/${encodeURIComponent('AJ 1;drop')}`, 'leader');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/path parameter 'code'/);
  });
});

describe('GET /api/cases answers mistakes with a 400 naming the parameter', () => {
  const cases: [query: string, parameter: string, says: RegExp][] = [
    ['from=yesterday', 'from', /ISO date or date-time.*got 'yesterday'/],
    ['to=2026-02-30', 'to', /ISO date/],
    ['from=2026-06-01T25:00', 'from', /ISO date/],
    ['from=2026-06-02&to=2026-06-01', 'from', /must be before query parameter 'to'/],
    ['category=199', 'category', /no category code starts with 199/],
    ['category=999', 'category', /3-digit prefix.*got '999'/],
    ['category=10', 'category', /5-digit category code/],
    ['source=hotline,fax', 'source', /hotline, grid_patrol/],
    ['stage=open', 'stage', /reported, accepted/],
    ['street=110102999', 'street', /no street has code 110102999/],
    ['street=xicheng', 'street', /9-digit code/],
    ['bbox=116.4,39.9,116.3,39.95', 'bbox', /min < max/],
    ['bbox=116.4,39.9', 'bbox', /four WGS84 numbers/],
    ['limit=0', 'limit', /at least 1/],
    ['limit=501', 'limit', /at most 500/],
    ['limit=ten', 'limit', /whole number/],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor', /nextCursor/],
    ['sort=oldest', 'sort', /not known to this route; it takes from, to, category/],
  ];
  for (const [query, parameter, says] of cases) {
    it(`${query} → 400 naming ${parameter}`, async () => {
      const res = await t.get(`/api/cases?${query}`, 'leader');
      expect(res.statusCode, res.body).toBe(400);
      const body = res.json();
      expect(body.error).toBe('Bad Request');
      expect(body.message).toContain(`query parameter '${parameter}'`);
      expect(body.message).toMatch(says);
    });
  }
});

describe('cases written after the seed (a database of our own)', () => {
  let own: TestApp;
  beforeAll(async () => {
    own = await buildTestApp({ database: 'fresh' });
  });
  afterAll(() => own?.close());

  const q = async <R extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await own.app.db.query<R>(text, params)).rows;

  /** A case reported at a point, placed by the database; returns its code. */
  async function report(code: string, lng: number, lat: number, fields: { stage?: string; deadline?: string; reportedAt?: string } = {}) {
    await q(
      `insert into cases (code, source, category_code, description, geom, stage, deadline, reported_at)
             values ($1, 'grid_patrol', (select min(code) from category), 'test case', st_setsrid(st_point($2, $3), 4326),
                     $4, $5, coalesce($6::timestamptz, now()))`,
      [code, lng, lat, fields.stage ?? 'reported', fields.deadline ?? null, fields.reportedAt ?? null],
    );
    return code;
  }

  it('keeps the next page stable when a new case arrives between pages', async () => {
    const page1 = (await own.get('/api/cases?limit=10', 'dispatcher')).json() as { items: Summary[]; nextCursor: string };
    const expected = (await q<{ code: string }>(`select code from cases order by reported_at desc, id desc offset 10 limit 10`)).map(
      (r) => r.code,
    );
    const [cell] = await q<{ x: number; y: number }>(
      `select st_x(st_pointonsurface(geom)) as x, st_y(st_pointonsurface(geom)) as y from grid_cell limit 1`,
    );
    await report('TEST-NEWEST', cell!.x, cell!.y);
    const page2 = (await own.get(`/api/cases?limit=10&cursor=${page1.nextCursor}`, 'dispatcher')).json() as { items: Summary[] };
    expect(page2.items.map((c) => c.code)).toEqual(expected);
    expect((await own.get('/api/cases?limit=1', 'dispatcher')).json().items[0].code).toBe('TEST-NEWEST');
  });

  it('places a case in the grid cell and street that contain its point', async () => {
    const [cell] = await q<{ code: string; street: string; x: number; y: number }>(`
      select g.code, s.code as street, st_x(st_pointonsurface(g.geom)) as x, st_y(st_pointonsurface(g.geom)) as y
        from grid_cell g join admin_area s on s.id = g.street_id order by g.code desc limit 1`);
    await report('TEST-PLACED', cell!.x, cell!.y);
    const c = (await own.get('/api/cases/TEST-PLACED', 'leader')).json();
    expect([c.gridCode, c.streetCode]).toEqual([cell!.code, cell!.street]);
    expect(c.lng).toBeCloseTo(cell!.x, 6);
  });

  it('marks an open case past its deadline overdue, and a closed one not', async () => {
    const [cell] = await q<{ x: number; y: number }>(
      `select st_x(st_pointonsurface(geom)) as x, st_y(st_pointonsurface(geom)) as y from grid_cell limit 1`,
    );
    const past = new Date(Date.now() - 3_600_000).toISOString();
    await report('TEST-LATE', cell!.x, cell!.y, { stage: 'dispatched', deadline: past });
    await report('TEST-DONE', cell!.x, cell!.y, { stage: 'closed', deadline: past });
    expect((await own.get('/api/cases/TEST-LATE', 'leader')).json().overdue).toBe(true);
    expect((await own.get('/api/cases/TEST-DONE', 'leader')).json().overdue).toBe(false);
  });

  it('orders the trail by time, whatever order its events were written in', async () => {
    const [cell] = await q<{ x: number; y: number }>(
      `select st_x(st_pointonsurface(geom)) as x, st_y(st_pointonsurface(geom)) as y from grid_cell limit 1`,
    );
    await report('TEST-TRAIL', cell!.x, cell!.y, { stage: 'filed', reportedAt: '2026-03-01T09:00:00+08:00' });
    const events = [
      ['file', 'accepted', 'filed', '09:20'],
      ['report', null, 'reported', '09:00'],
      ['accept', 'reported', 'accepted', '09:05'],
    ] as const;
    for (const [action, from, to, at] of events) {
      await q(
        `insert into case_event (case_id, action, from_stage, to_stage, actor, at)
               values ((select id from cases where code = 'TEST-TRAIL'), $1, $2, $3, 'tester', $4)`,
        [action, from, to, `2026-03-01T${at}:00+08:00`],
      );
    }
    const c = (await own.get('/api/cases/TEST-TRAIL', 'leader')).json();
    expect(c.trail.map((e: { action: string }) => e.action)).toEqual(['report', 'accept', 'file']);
    expect(c.trail[2].at).toBe('2026-03-01T09:20:00+08:00');
  });
});
