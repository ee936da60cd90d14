// The default seed's year of cases, checked in PostGIS: volume, placement by the database, trails that
// follow the loop, and the shape a planner expects — rhythm, seasons, alleys, outcomes.

import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../server/db/pool.ts';
import { ACTIONS, NOTES, OPEN_STAGES } from '../server/domain/caseflow.ts';
import { fullDatabaseUrl } from '../test/db.ts';

let db: pg.Pool;
beforeAll(() => {
  db = createPool(fullDatabaseUrl(), 2);
});
afterAll(() => db.end());

const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows[0]!;

describe('seeded cases', () => {
  it('holds at least 400,000 cases over one year', async () => {
    const r = await one<{ n: number; days: number }>(
      `select count(*)::int as n, extract(epoch from max(reported_at) - min(reported_at)) / 86400 as days from cases`,
    );
    expect(r.n).toBeGreaterThanOrEqual(400_000);
    expect(r.days).toBeGreaterThan(360);
    expect(r.days).toBeLessThanOrEqual(366);
  });

  it('places every case in exactly one grid cell, with the street and community of that cell', async () => {
    const r = await one<{ outside: number; inside_other: number; wrong_admin: number }>(`
      select count(*) filter (where not st_covers(g.geom, c.geom))::int as outside,
             count(*) filter (where exists (select 1 from grid_cell o where o.id <> g.id and st_contains(o.geom, c.geom)))::int as inside_other,
             count(*) filter (where c.community_id <> g.community_id or c.street_id <> g.street_id)::int as wrong_admin
        from cases c join grid_cell g on g.id = c.grid_cell_id`);
    expect(r).toEqual({ outside: 0, inside_other: 0, wrong_admin: 0 });
  });

  // 12 m is measured in Web Mercator scaled at the point: within 1% of the geodesic distance
  it('puts about 42% of cases on back alleys, each within 12 m of its alley', async () => {
    const r = await one<{ share: number; far: number }>(`
      select avg((c.alley_id is not null)::int)::float8 as share,
             count(*) filter (where st_distance(c.geom::geography, a.geom::geography) > 12.1)::int as far
        from cases c left join alley a on a.id = c.alley_id`);
    expect(r.share).toBeGreaterThan(0.39);
    expect(r.share).toBeLessThan(0.45);
    expect(r.far).toBe(0);
  });

  it("gives every case a trail that starts with the report and follows the loop to the case's stage", async () => {
    const moves = [
      ...Object.entries(ACTIONS).flatMap(([action, rule]) => rule.from.map((from) => ({ action, from, to: rule.to }))),
      ...NOTES.flatMap((action) => OPEN_STAGES.map((s) => ({ action, from: s, to: s }))),
    ];
    const r = await one<{ bad_moves: number; broken_chain: number; wrong_final: number; no_trail: number; time_reversed: number }>(
      `
      with e as (
        select e.*, lag(e.to_stage) over w as prev_stage, row_number() over w as n,
               lag(e.at) over w as prev_at, last_value(e.to_stage) over (w rows between unbounded preceding and unbounded following) as final
          from case_event e window w as (partition by e.case_id order by e.at, e.id))
      select count(*) filter (where m.action is null)::int as bad_moves,
             count(*) filter (where e.from_stage is distinct from e.prev_stage)::int as broken_chain,
             count(*) filter (where e.n = 1 and e.action = 'report' and e.final <> c.stage)::int as wrong_final,
             (select count(*)::int from cases c2 where not exists (select 1 from case_event x where x.case_id = c2.id and x.action = 'report')) as no_trail,
             count(*) filter (where e.at < e.prev_at)::int as time_reversed
        from e join cases c on c.id = e.case_id
        left join json_to_recordset($1::json) as m(action text, "from" text, "to" text)
          on m.action = e.action and m."from" is not distinct from e.from_stage and m."to" = e.to_stage`,
      [JSON.stringify(moves)],
    );
    expect(r).toEqual({ bad_moves: 0, broken_chain: 0, wrong_final: 0, no_trail: 0, time_reversed: 0 });
  });

  it('has outcomes like a working city: most closed, some rejected, overdue, reworked, returned and urged', async () => {
    const r = await one<Record<string, number>>(`
      select avg((stage in ('closed', 'evaluated'))::int)::float8 as closed,
             avg((stage = 'rejected')::int)::float8 as rejected,
             count(*) filter (where stage not in ('closed', 'evaluated', 'rejected') and deadline < now())::int as open_overdue,
             avg((handled_at > deadline)::int)::float8 as handled_late,
             count(*) filter (where rework_count > 0)::int as reworked,
             count(*) filter (where urge_count > 0)::int as urged,
             (select count(*)::int from case_department where status = 'returned') as returned,
             (select count(*)::int from (select case_id from case_department group by 1 having count(*) > 1) x) as multi_dispatch
        from cases`);
    expect(r.closed).toBeGreaterThan(0.9);
    expect(r.rejected).toBeGreaterThan(0.01);
    expect(r.rejected).toBeLessThan(0.08);
    expect(r.open_overdue).toBeGreaterThan(100);
    expect(r.handled_late).toBeGreaterThan(0.03);
    expect(r.handled_late).toBeLessThan(0.2);
    for (const k of ['reworked', 'urged', 'returned', 'multi_dispatch']) expect(r[k], k).toBeGreaterThan(100);
  });

  it('follows the daily and weekly rhythm', async () => {
    const r = await one<{ morning: number; night: number; weekday: number; sunday: number }>(`
      select count(*) filter (where extract(hour from reported_at) between 9 and 10)::float8 / 2 as morning,
             count(*) filter (where extract(hour from reported_at) between 2 and 3)::float8 / 2 as night,
             count(*) filter (where extract(isodow from reported_at) between 1 and 5)::float8 / 5 as weekday,
             count(*) filter (where extract(isodow from reported_at) = 7)::float8 as sunday
        from cases`);
    expect(r.morning / r.night).toBeGreaterThan(8);
    expect(r.weekday / r.sunday).toBeGreaterThan(1.15);
  });

  it('has seasons: winter heating complaints, summer storms and noise', async () => {
    const { rows } = await db.query<{ code: string; winter: number; summer: number }>(`
      select category_code as code,
             count(*) filter (where extract(month from reported_at) in (12, 1))::int as winter,
             count(*) filter (where extract(month from reported_at) in (7, 8))::int as summer
        from cases where category_code in ('20601', '20405', '20602', '20406') group by 1`);
    const by = Object.fromEntries(rows.map((x) => [x.code, x]));
    expect(by['20601']!.winter).toBeGreaterThan(20 * by['20601']!.summer); // 供暖不热
    expect(by['20405']!.summer).toBeGreaterThan(5 * by['20405']!.winter); // 道路积水
    expect(by['20602']!.summer).toBeGreaterThan(2 * by['20602']!.winter); // 社会生活噪声
    expect(by['20406']!.winter).toBeGreaterThan(3 * by['20406']!.summer); // 道路积雪结冰
  });

  it('mixes components and events from every source, with hotline call-backs mostly satisfied', async () => {
    const { rows } = await db.query<{ source: string; n: number }>('select source, count(*)::int as n from cases group by 1');
    const sources = Object.fromEntries(rows.map((x) => [x.source, x.n]));
    for (const s of ['hotline', 'grid_patrol', 'alley_chief', 'steward', 'public_app', 'social_media'])
      expect(sources[s], s).toBeGreaterThan(1000);
    const kinds = await one<{ component: number; event: number }>(`
      select avg((k.kind = 'component')::int)::float8 as component, avg((k.kind = 'event')::int)::float8 as event
        from cases c join category k on k.code = c.category_code`);
    expect(kinds.component).toBeGreaterThan(0.2);
    expect(kinds.event).toBeGreaterThan(0.4);
    const sat = await one<{ rate: number; missing: number; elsewhere: number }>(`
      select avg((satisfaction in ('satisfied', 'basically_satisfied'))::int) filter (where satisfaction is not null)::float8 as rate,
             count(*) filter (where source = 'hotline' and stage = 'evaluated' and satisfaction is null)::int as missing,
             count(*) filter (where source <> 'hotline' and satisfaction is not null)::int as elsewhere
        from cases`);
    expect(sat.rate).toBeGreaterThan(0.9);
    expect(sat.rate).toBeLessThan(0.995);
    expect(sat.missing).toBe(0);
    expect(sat.elsewhere).toBe(0);
  });

  it('gives hotline and app cases a reporter contact and patrol cases none', async () => {
    const r = await one<{ hotline_missing: number; patrol_with: number }>(`
      select count(*) filter (where source in ('hotline', 'public_app') and (reporter_phone is null or reporter_name is null))::int as hotline_missing,
             count(*) filter (where source in ('grid_patrol', 'alley_chief', 'steward') and reporter_phone is not null)::int as patrol_with
        from cases`);
    expect(r).toEqual({ hotline_missing: 0, patrol_with: 0 });
  });
});
