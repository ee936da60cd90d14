// The one snapping rule (migration 120): a point within xh_alley_snap_m() metres of an alley's centre
// line is on that alley, farther away it is on none; xh_locate (cases, sensors) answers the same alley.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, query, type TestDatabase } from '../../test/db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db?.drop());

// An alley with no other alley within 60 m of its middle, and points 3 m and 30 m off its middle,
// square to the lane there.
const PROBES = `
  with mid as (
    select a.id, st_lineInterpolatePoint(a.geom, 0.5) as m, st_lineInterpolatePoint(a.geom, 0.52) as n
      from alley a
     where a.length_m > 100
       and not exists (select 1 from alley b where b.id <> a.id
                          and st_dwithin(b.geom::geography, st_lineInterpolatePoint(a.geom, 0.5)::geography, 60))
     order by a.id limit 20),
  probe as (
    select id, st_project(m::geography, d, st_azimuth(m::geography, n::geography) + pi() / 2)::geometry as p, d
      from mid, unnest(array[3, 30]::float8[]) d)
  select id, d, xh_alley_at(p) as at, (xh_locate(p)).alley_id as located,
         st_distance(p::geography, (select geom from alley where alley.id = probe.id)::geography) as metres
    from probe order by id, d`;

describe('xh_alley_at', () => {
  it('puts a point 3 m from a lane on that alley and one 30 m away on none, as xh_locate does', async () => {
    const rows = await query<{ id: number; d: number; at: number | null; located: number | null; metres: number }>(db.url, PROBES);
    expect(rows.length).toBeGreaterThanOrEqual(20);
    for (const r of rows) {
      if (r.d === 3) {
        expect(r.metres).toBeLessThanOrEqual(3.01);
        expect(r.at).toBe(r.id);
      } else {
        // square to the middle of a lane that bends nowhere near as much as to come back within 12 m
        if (r.metres < 25) continue;
        expect(r.at).toBeNull();
      }
      expect(r.located).toBe(r.at);
    }
    expect(rows.filter((r) => r.d === 30 && r.metres >= 25).length).toBeGreaterThanOrEqual(10);
  });

  it('states its distance once: 12 m', async () => {
    const [r] = await query<{ m: number }>(db.url, 'select xh_alley_snap_m() as m');
    expect(r!.m).toBe(12);
  });
});
