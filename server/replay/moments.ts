// The replay's named moments (时光回放的"名场面"), found in the recorded history rather than written down:
// the seed's time anchor moves with the date, so a date in the code would point at nothing a month later.
// Also the history's bounds, which the wall's replay clock must stay within.

import type pg from 'pg';
import { type Static, Type } from 'typebox';
import { Timestamp } from '../contracts/common.ts';

export const REPLAY_MOMENTS = ['storm', 'flood', 'crowd', 'monday'] as const;
export type ReplayMomentName = (typeof REPLAY_MOMENTS)[number];

export const ReplayMoments = Type.Object({
  first: Timestamp,
  last: Timestamp,
  moments: Type.Array(
    Type.Object({
      name: Type.Enum(REPLAY_MOMENTS),
      at: Timestamp,
      description: Type.String(),
      place: Type.Optional(
        Type.Object(
          { lng: Type.Number(), lat: Type.Number() },
          { description: 'where it happened, for moments at one place (the flood incident, Shichahai)' },
        ),
      ),
    }),
  ),
});
export type ReplayMoments = Static<typeof ReplayMoments>;

// storm: the Beijing day with the most road-waterlogging reports (category 20405: the seed multiplies them on
// its storm days), starting two hours before that day's busiest hour of them.
// flood: the most severe waterlogging incident commanded (the newest of them), 20 minutes before it was raised:
//   the readings rising to the alarm, the incident, its units sent, acknowledging and on their way.
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
flood as (
  select opened_at - interval '20 minutes' as at, array[st_x(location), st_y(location)] as place from incident
   where kind = 'waterlogging' order by severity desc, opened_at desc limit 1),
crowd as (
  select n.at - interval '1 hour' as at, array[st_x(st_pointOnSurface(a.geom)), st_y(st_pointOnSurface(a.geom))] as place
    from crowd_count n join crowd_area a on a.id = n.crowd_area_id
   where a.code = 'shichahai' order by n.count desc, n.at limit 1),
monday as (
  select (date_trunc('week', (b.last at time zone 'Asia/Shanghai') - interval '14 days') + interval '8 hours')
           at time zone 'Asia/Shanghai' as at from bounds b)
select b.first, b.last, (select at from storm) as storm, (select at from flood) as flood, (select at from crowd) as crowd,
       (select at from monday) as monday, (select place from flood) as flood_place, (select place from crowd) as crowd_place
  from bounds b`;

const DESCRIPTIONS: Record<ReplayMomentName, string> = {
  storm: 'the year’s worst rainstorm: the day with the most road-waterlogging reports, two hours before its busiest hour',
  flood: 'an underpass flooding commanded: 20 minutes before the incident was raised, its units sent and on their way',
  crowd: 'the biggest crowd counted at Shichahai, an hour before its peak',
  monday: 'an ordinary Monday morning (08:00, two weeks before the newest record)',
};

/** The history's bounds and the named moments in it (a moment the data lacks is left out); null with no history. */
export async function replayMoments(db: pg.Pool): Promise<ReplayMoments | null> {
  const { rows } = await db.query<Record<'first' | 'last' | ReplayMomentName, Date | null> & Record<string, unknown>>(SQL);
  const row = rows[0];
  if (!row?.first || !row.last) return null;
  const first = row.first.getTime();
  const last = row.last.getTime();
  const moments = REPLAY_MOMENTS.flatMap((name) => {
    const at = row[name];
    if (!at) return [];
    // a moment is a start: keep it inside the history
    const clamped = Math.min(Math.max(at.getTime(), first), last);
    const place = row[`${name}_place`] as [number, number] | null | undefined;
    return [
      {
        name,
        at: new Date(clamped).toISOString(),
        description: DESCRIPTIONS[name],
        ...(place ? { place: { lng: place[0], lat: place[1] } } : {}),
      },
    ];
  });
  return { first: row.first.toISOString(), last: row.last.toISOString(), moments };
}
