// The rollup every analysis reads (day × cell × sub-class × source × stage): after intake, stage changes, moves and deletions it still equals a
// GROUP BY over the cases, and the stored queen weights are the cells that touch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ database: 'fresh' });
});
afterAll(() => t?.close());

const DIFF = `
  with truth as (
    select (reported_at at time zone 'Asia/Shanghai')::date as day, grid_cell_id, category_code, source, stage, count(*)::int as n
      from cases group by 1, 2, 3, 4, 5)
  select count(*)::int as n from (
    (select * from truth except select day, grid_cell_id, category_code, source, stage, n from case_rollup)
    union all
    (select day, grid_cell_id, category_code, source, stage, n from case_rollup except select * from truth)) d`;

describe('case rollup', () => {
  it('was filled for the seeded cases', async () => {
    const [{ n }] = (await query<{ n: number }>(t.url, 'select coalesce(sum(n), 0)::int as n from case_rollup')) as [{ n: number }];
    const [{ cases }] = (await query<{ cases: number }>(t.url, 'select count(*)::int as cases from cases')) as [{ cases: number }];
    expect(cases).toBeGreaterThan(0);
    expect(n).toBe(cases);
    expect((await query<{ n: number }>(t.url, DIFF))[0]!.n).toBe(0);
  });

  it('equals a GROUP BY over the cases after a burst of intake, changes of every keyed column and deletions', async () => {
    const cells = await query<{ lng: number; lat: number }>(
      t.url,
      `
      select st_x(p) as lng, st_y(p) as lat from (select st_pointOnSurface(geom) as p from grid_cell order by id limit 40) x`,
    );
    const cases = Array.from({ length: 300 }, (_, i) => ({
      source: i % 3 === 0 ? 'hotline' : 'grid_patrol',
      categoryCode: i % 2 ? '20101' : '10101',
      description: `burst ${i}`,
      lng: cells[i % cells.length]!.lng,
      lat: cells[i % cells.length]!.lat,
      reportedAt: new Date(Date.now() - (i % 10) * 86_400_000).toISOString(),
    }));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cases/batch',
      headers: { authorization: `Bearer ${await t.token('dispatcher')}` },
      payload: { cases },
    });
    expect(res.statusCode, res.body).toBe(201);
    // concurrent single intakes on the same keys
    await Promise.all(
      cases.slice(0, 8).map(async (c) => {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/cases',
          headers: { authorization: `Bearer ${await t.token('dispatcher')}` },
          payload: c,
        });
        expect(r.statusCode, r.body).toBe(201);
      }),
    );
    expect((await query<{ n: number }>(t.url, DIFF))[0]!.n).toBe(0);
    // a change no key sees, a stage change (a keyed column since the planner filters by stage), each other
    // keyed column changing, then deletions
    await query(t.url, `update cases set priority = 1 where description like 'burst %'`);
    expect((await query<{ n: number }>(t.url, DIFF))[0]!.n).toBe(0);
    await query(t.url, `update cases set stage = 'accepted', accepted_at = now() where description like 'burst %' and stage = 'reported'`);
    expect((await query<{ n: number }>(t.url, DIFF))[0]!.n).toBe(0);
    await query(t.url, `update cases set category_code = '10101' where description like 'burst 1%'`);
    await query(t.url, `update cases set source = 'steward' where description like 'burst 2%'`);
    await query(t.url, `update cases set reported_at = reported_at - interval '3 days' where description like 'burst 3%'`);
    await query(
      t.url,
      `update cases set geom = (select st_pointOnSurface(geom) from grid_cell order by id desc limit 1)
                         where description like 'burst 4%'`,
    );
    await query(t.url, `delete from case_event where case_id in (select id from cases where description like 'burst 5%')`);
    await query(t.url, `delete from cases where description like 'burst 5%'`);
    expect((await query<{ n: number }>(t.url, DIFF))[0]!.n).toBe(0);
    const [{ zeros }] = (await query<{ zeros: number }>(t.url, 'select count(*)::int as zeros from case_rollup where n <= 0')) as [
      { zeros: number },
    ];
    expect(zeros).toBe(0);
  });
});

describe("the default-scale city's rollup", () => {
  it('equals a GROUP BY over its cases after the seed (which builds it in one pass, the trigger off)', async () => {
    const full = await buildTestApp();
    try {
      const [{ n, cases }] = (await query<{ n: number; cases: number }>(
        full.url,
        'select (select coalesce(sum(n), 0) from case_rollup)::int as n, (select count(*) from cases)::int as cases',
      )) as [{ n: number; cases: number }];
      expect(cases).toBeGreaterThan(100_000);
      expect(n).toBe(cases);
      expect((await query<{ n: number }>(full.url, DIFF))[0]!.n).toBe(0);
      // and the trigger is back on for live intake
      const [{ enabled }] = (await query<{ enabled: string }>(
        full.url,
        `select tgenabled as enabled from pg_trigger where tgname = 'cases_rollup_insert'`,
      )) as [{ enabled: string }];
      expect(enabled).toBe('O');
    } finally {
      await full.close();
    }
  });
});

describe('queen weights', () => {
  it('pair every cell with the cells it touches, both ways, and are refreshed when a cell moves', async () => {
    const [{ missing, extra, oneway }] = (await query<{ missing: number; extra: number; oneway: number }>(
      t.url,
      `
      select (select count(*) from grid_cell g join grid_cell h on h.id <> g.id and st_touches(g.geom, h.geom)
               where not exists (select 1 from grid_cell_neighbour n where n.cell_id = g.id and n.neighbour_id = h.id))::int as missing,
             (select count(*) from grid_cell_neighbour n join grid_cell g on g.id = n.cell_id join grid_cell h on h.id = n.neighbour_id
               where st_distance(g.geom, h.geom) > 1e-7)::int as extra,
             (select count(*) from grid_cell_neighbour n
               where not exists (select 1 from grid_cell_neighbour m where m.cell_id = n.neighbour_id and m.neighbour_id = n.cell_id))::int as oneway`,
    )) as [never];
    expect({ missing, extra, oneway }).toEqual({ missing: 0, extra: 0, oneway: 0 });
    const [{ pairs }] = (await query<{ pairs: number }>(t.url, 'select count(*)::int as pairs from grid_cell_neighbour')) as [
      { pairs: number },
    ];
    expect(pairs).toBeGreaterThan(0);
    // shrink a cell to a speck in its middle: it touches nothing any more
    const [cell] = await query<{ id: number }>(
      t.url,
      `
      select cell_id as id from grid_cell_neighbour group by cell_id order by count(*) desc limit 1`,
    );
    await query(t.url, `update grid_cell set geom = st_buffer(st_pointOnSurface(geom), 1e-6, 2) where id = $1`, [cell!.id]);
    const [{ left }] = (await query<{ left: number }>(
      t.url,
      `
      select count(*)::int as left from grid_cell_neighbour where cell_id = $1 or neighbour_id = $1`,
      [cell!.id],
    )) as [{ left: number }];
    expect(left).toBe(0);
  });
});
