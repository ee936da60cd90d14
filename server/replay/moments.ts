// The replay's named moments (时光回放的"名场面"), found in the recorded history rather than written down:
// the seed's time anchor moves with the date, so a date in the code would point at nothing a month later.
// Also the history's bounds, which the wall's replay clock must stay within.

import type pg from 'pg';
import { type Static, Type } from 'typebox';
import { Timestamp } from '../contracts/common.ts';

export const REPLAY_MOMENTS = ['storm', 'crowd', 'monday'] as const;
export type ReplayMomentName = (typeof REPLAY_MOMENTS)[number];

export const ReplayMoments = Type.Object({
  first: Timestamp,
  last: Timestamp,
  moments: Type.Array(
    Type.Object({
      name: Type.Enum(REPLAY_MOMENTS),
      at: Timestamp,
      description: Type.String(),
    }),
  ),
});
export type ReplayMoments = Static<typeof ReplayMoments>;

// storm: the Beijing day with the most road-waterlogging reports (category 20405: the seed multiplies them on
// its storm days), starting two hours before that day's busiest hour of them.
// crowd: the largest count ever at Shichahai, an hour before it.
// monday: 08:00 Beijing on the Monday two weeks before the newest report, an ordinary week.
// last: the newest recorded thing (report, trail step, reading or count), never after now.
const SQL = `
with bounds as (
  select min(reported_at) as first,
         least(now(), greatest((select max(at) from case_event), (select max(at) from sensor_reading),
                               (select max(at) from crowd_count))) as last
    from cases),
storm_day as (
  select (reported_at at time zone 'Asia/Shanghai')::date as day from cases where category_code = '20405'
   group by 1 order by count(*) desc, 1 limit 1),
storm as (
  select date_trunc('hour', c.reported_at) - interval '2 hours' as at from cases c, storm_day d
   where c.category_code = '20405' and (c.reported_at at time zone 'Asia/Shanghai')::date = d.day
   group by 1 order by count(*) desc, 1 limit 1),
crowd as (
  select n.at - interval '1 hour' as at from crowd_count n join crowd_area a on a.id = n.crowd_area_id
   where a.code = 'shichahai' order by n.count desc, n.at limit 1),
monday as (
  select (date_trunc('week', (b.last at time zone 'Asia/Shanghai') - interval '14 days') + interval '8 hours')
           at time zone 'Asia/Shanghai' as at from bounds b)
select b.first, b.last, (select at from storm) as storm, (select at from crowd) as crowd, (select at from monday) as monday
  from bounds b`;

const DESCRIPTIONS: Record<ReplayMomentName, string> = {
  storm: 'the year’s worst rainstorm: the day with the most road-waterlogging reports, two hours before its busiest hour',
  crowd: 'the biggest crowd counted at Shichahai, an hour before its peak',
  monday: 'an ordinary Monday morning (08:00, two weeks before the newest record)',
};

/** The history's bounds and the named moments in it (a moment the data lacks is left out); null with no history. */
export async function replayMoments(db: pg.Pool): Promise<ReplayMoments | null> {
  const { rows } = await db.query<Record<'first' | 'last' | ReplayMomentName, Date | null>>(SQL);
  const row = rows[0];
  if (!row?.first || !row.last) return null;
  const first = row.first.getTime();
  const last = row.last.getTime();
  const moments = REPLAY_MOMENTS.flatMap((name) => {
    const at = row[name];
    if (!at) return [];
    // a moment is a start: keep it inside the history
    const clamped = Math.min(Math.max(at.getTime(), first), last);
    return [{ name, at: new Date(clamped).toISOString(), description: DESCRIPTIONS[name] }];
  });
  return { first: row.first.toISOString(), last: row.last.toISOString(), moments };
}
