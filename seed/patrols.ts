// Patrol logs (全程留痕) for ctx.scale.patrolDays before the anchor: grid patrollers walking the
// cells of their beat, two rounds on working days and one at weekends, each visit a GPS track
// around the inside of the cell; alley chiefs walking each of their alleys twice a day. A patrol
// counts as issues found the cases its walker reported on that beat (cells, alleys) near its time.

import { beijing, beijingDayStart, DAY, HOUR, MINUTE } from '../server/domain/beijing.ts';
import { withDeferredForeignKeys, withDeferredIndexes } from './bulk.ts';
import type { Generator, SeedContext } from './context.ts';
import { ewkt } from './copy.ts';
import { toLngLat, toXY, type XY } from './geo.ts';
import type { Rng } from './rng.ts';

/** GPS fixes every this many metres along a walk. */
const FIX_SPACING_M = 30;
/** Phone GPS error in the open lanes of the old city (σ, metres; capped at 2.5 σ). */
const GPS_SIGMA_M = 1;
/** Walking speed while inspecting, m/s. */
const PATROL_SPEED = 1.0;
/** Share of a chief's walks or a patroller's days missed (leave, meetings, the weather). */
const MISSED = 0.03;

/** Walks a path from `fromM` metres along it for `lengthM` metres (wrapping around a closed
 *  ring): a GPS fix at every corner, so the track never cuts one, and every FIX_SPACING_M between. */
export function walk(path: readonly XY[], fromM: number, lengthM: number, closed: boolean, rng: Rng): XY[] {
  const cum = [0];
  for (let i = 1; i < path.length; i++) cum.push(cum[i - 1]! + Math.hypot(path[i]![0] - path[i - 1]![0], path[i]![1] - path[i - 1]![1]));
  const total = cum[cum.length - 1]!;
  const at = (m: number): XY => {
    const d = closed ? ((m % total) + total) % total : Math.min(Math.max(m, 0), total);
    let i = 1;
    while (i < cum.length - 1 && cum[i]! < d) i++;
    const f = cum[i]! > cum[i - 1]! ? (d - cum[i - 1]!) / (cum[i]! - cum[i - 1]!) : 0;
    return [path[i - 1]![0] + (path[i]![0] - path[i - 1]![0]) * f, path[i - 1]![1] + (path[i]![1] - path[i - 1]![1]) * f];
  };
  const end = fromM + lengthM;
  const stops = [fromM, end];
  for (let m = fromM + FIX_SPACING_M; m < end; m += FIX_SPACING_M) stops.push(m);
  for (let lap = closed ? Math.floor(fromM / total) : 0; lap * total < end; lap++) {
    for (const c of cum) if (c + lap * total > fromM && c + lap * total < end) stops.push(c + lap * total);
    if (!closed) break;
  }
  stops.sort((x, y) => x - y);
  const jitter = () => Math.max(-2.5, Math.min(2.5, rng.normal())) * GPS_SIGMA_M;
  return stops
    .filter((m, i) => i === 0 || m - stops[i - 1]! > 0.5)
    .map((m) => {
      const [x, y] = at(m);
      return [x + jitter(), y + jitter()] as XY;
    });
}

const length = (path: readonly XY[]) => path.slice(1).reduce((s, p, i) => s + Math.hypot(p[0] - path[i]![0], p[1] - path[i]![1]), 0);

type PatrolRow = [person: number, alley: number | null, cell: number | null, startedAt: string, endedAt: string, track: string];

const generator: Generator = {
  name: 'patrols',
  async run(ctx: SeedContext) {
    const { db } = ctx;
    const rng = ctx.rng('patrols');
    const to = ctx.anchor.getTime();
    const from = to - ctx.scale.patrolDays * DAY;
    const days: number[] = [];
    for (let d = beijingDayStart(from); d < to; d += DAY) days.push(d);

    // each cell's inside edge, 8 m in from its boundary, so that a track stays inside its cell
    // (in Web Mercator: 8 m is 8 / cos(latitude) units there)
    const cells = (
      await db.query<{ id: number; patroller_id: number; ring: string | null }>(`
      select g.id, g.patroller_id,
             (select st_asGeoJSON(st_transform(st_exteriorRing(d.geom), 4326), 7)
                from st_dump(st_buffer(g.geom_3857, -8 / cos(radians(st_y(st_centroid(g.geom)))))) d
               order by st_area(d.geom) desc limit 1) as ring
        from grid_cell g where g.patroller_id is not null order by g.patroller_id, g.code`)
    ).rows;
    const alleys = (
      await db.query<{ id: number; chief_id: number; line: string }>(`
      select id, chief_id, st_asGeoJSON(geom, 7) as line from alley order by chief_id, id`)
    ).rows;
    const beats = new Map<number, { id: number; ring: XY[] }[]>();
    for (const c of cells) {
      if (!c.ring) continue; // a sliver narrower than 16 m: nothing to walk around
      const ring = (JSON.parse(c.ring) as { coordinates: [number, number][] }).coordinates.map((p) => toXY(p));
      if (!beats.has(c.patroller_id)) beats.set(c.patroller_id, []);
      beats.get(c.patroller_id)!.push({ id: c.id, ring });
    }
    const step = ctx.progress.step('patrols', beats.size + alleys.length);

    // whole seconds, rounded down so that a walk ending just before the anchor stays before it
    const iso = (t: number) => new Date(Math.floor(t / 1000) * 1000).toISOString();
    function* rows(): IterableIterator<PatrolRow> {
      const line = (xy: XY[]) => ewkt.line(xy.map((p) => toLngLat(p)));
      // grid patrollers: the beat's cells in order, one visit each, per round
      for (const [patroller, beat] of beats) {
        patrolDays: for (const day of days) {
          if (rng.chance(MISSED)) continue;
          const { dow } = beijing(day + 12 * HOUR);
          const rounds = dow === 0 || dow === 6 ? [9] : [8.5, 14];
          for (const startHour of rounds) {
            let t = day + (startHour + rng.range(0, 0.5)) * HOUR;
            for (const cell of beat) {
              const perimeter = length(cell.ring);
              const walked = perimeter * rng.range(0.7, 1);
              const ended = t + (walked / PATROL_SPEED) * 1000 + rng.range(5, 15) * MINUTE;
              if (ended >= to) break patrolDays; // the rest of the round lies after the anchor
              if (t >= from)
                yield [patroller, null, cell.id, iso(t), iso(ended), line(walk(cell.ring, rng.range(0, perimeter), walked, true, rng))];
              t = ended + rng.range(3, 8) * MINUTE;
            }
          }
        }
        step.tick();
      }
    }
    function* chiefRows(): IterableIterator<PatrolRow> {
      // alley chiefs: a morning and an evening walk along each of their alleys (at least twice a day)
      for (const alley of alleys) {
        const path = (JSON.parse(alley.line) as { coordinates: [number, number][] }).coordinates.map((p) => toXY(p));
        const len = length(path);
        for (const day of days) {
          for (const [lo, hi] of [
            [7.5, 10.5],
            [15.5, 19],
          ] as const) {
            if (rng.chance(MISSED)) continue;
            const t = day + rng.range(lo, hi) * HOUR;
            const ended = t + (len / (PATROL_SPEED * 0.9)) * 1000 + rng.range(5, 20) * MINUTE;
            if (t < from || ended >= to) continue;
            const forward = rng.chance(0.5);
            const fixes = walk(forward ? path : [...path].reverse(), 0, len, false, rng);
            yield [alley.chief_id, alley.id, null, iso(t), iso(ended), ewkt.line(fixes.map((p) => toLngLat(p)))];
          }
        }
        step.tick();
      }
    }
    const columns = ['person_id', 'alley_id', 'grid_cell_id', 'started_at', 'ended_at', 'track'];
    // bulk load: indexes and foreign keys are built and checked once, after the rows are in
    await withDeferredForeignKeys(db, ['patrol_log'], () =>
      withDeferredIndexes(db, ['patrol_log'], async () => {
        await ctx.copy('patrol_log', columns, rows());
        await ctx.copy('patrol_log', columns, chiefRows());
      }),
    );

    // the cases each walker reported on the beat, credited to their patrol nearest in time
    await db.query(
      `
      with credited as (
        select (select p.id from patrol_log p
                 where p.person_id = coalesce(g.patroller_id, a.chief_id)
                   and (p.grid_cell_id = c.grid_cell_id and c.source = 'grid_patrol' or p.alley_id = c.alley_id and c.source = 'alley_chief')
                   and p.started_at between c.reported_at - interval '12 hours' and c.reported_at + interval '12 hours'
                 order by abs(extract(epoch from p.started_at - c.reported_at)) limit 1) as patrol_id
          from cases c
          left join grid_cell g on g.id = c.grid_cell_id and c.source = 'grid_patrol'
          left join alley a on a.id = c.alley_id and c.source = 'alley_chief'
         where c.source in ('grid_patrol', 'alley_chief') and c.reported_at >= $1 and c.reported_at < $2)
      update patrol_log p set issues_found = n.found
        from (select patrol_id, count(*)::smallint as found from credited where patrol_id is not null group by patrol_id) n
       where p.id = n.patrol_id`,
      [new Date(from), new Date(to)],
    );
    // a walker's last known position is where their latest patrol ended, unless a later fix exists
    await db.query(`
      update person u set position = st_endPoint(l.track), position_at = l.ended_at
        from (select distinct on (person_id) person_id, track, ended_at from patrol_log order by person_id, ended_at desc, id desc) l
       where u.id = l.person_id and (u.position_at is null or u.position_at < l.ended_at)`);
    step.done();
  },
};
export default generator;
