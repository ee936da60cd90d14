// Crowd counts in: stored once per (area, time); each area's newest counts replayed as shares of its
// capacity through a hysteresis (raised at its alarm share, cleared 10 points below), crowd alarm
// episodes opened and closed, crowd.count and crowd.alarm.* published.
import type pg from 'pg';
import type { CountBatch } from '../contracts/sensors.ts';
import { CROWD_CLEAR_MARGIN, replay } from '../domain/alarms.ts';
import { badRequest } from '../errors.ts';
import type { LiveEvent } from '../live/events.ts';
import { publish } from '../live/outbox.ts';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

interface AreaRow {
  id: number;
  code: string;
  capacity: number;
  alarm_share: number | null;
  last_at: Date | null;
}
export interface CrowdNotice {
  area: string;
  change: 'raised' | 'cleared';
  at: string;
  share: number;
}

export async function takeCounts(
  db: pg.ClientBase,
  batch: CountBatch['counts'],
  defaultAlarmShare: number,
  now = new Date(),
): Promise<{ stored: number; duplicates: number; alarms: CrowdNotice[] }> {
  batch.forEach((c, i) => {
    if (Date.parse(c.at) > now.getTime() + FUTURE_TOLERANCE_MS) throw badRequest(`counts[${i}]: at ${c.at} is in the future`);
  });
  const codes = [...new Set(batch.map((c) => c.area))];
  const { rows: areas } = await db.query<AreaRow>(
    `
    select a.id, a.code, a.capacity, a.alarm_share,
           (select max(n.at) from crowd_count n where n.crowd_area_id = a.id) as last_at
      from crowd_area a where a.code = any($1::text[]) order by a.id for update`,
    [codes],
  );
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const unknown = batch.findIndex((c) => !byCode.has(c.area));
  if (unknown >= 0) throw badRequest(`counts[${unknown}]: no crowd area has code ${batch[unknown]!.area}`);

  const { rows: stored } = await db.query<{ crowd_area_id: number; at: Date; count: number; inflow: number; outflow: number }>(
    `
    insert into crowd_count (crowd_area_id, at, count, inflow, outflow)
    select * from unnest($1::int[], $2::timestamptz[], $3::int[], $4::int[], $5::int[])
    on conflict do nothing
    returning crowd_area_id, at, count, inflow, outflow`,
    [
      batch.map((c) => byCode.get(c.area)!.id),
      batch.map((c) => c.at),
      batch.map((c) => c.count),
      batch.map((c) => c.inflow),
      batch.map((c) => c.outflow),
    ],
  );

  const { rows: open } = await db.query<{ id: number; crowd_area_id: number }>(
    'select id, crowd_area_id from crowd_alarm where crowd_area_id = any($1::int[]) and cleared_at is null',
    [areas.map((a) => a.id)],
  );
  const events: LiveEvent[] = [];
  const notices: CrowdNotice[] = [];
  for (const a of areas) {
    const fresh = stored
      .filter((r) => r.crowd_area_id === a.id && (!a.last_at || r.at > a.last_at))
      .sort((x, y) => x.at.getTime() - y.at.getTime());
    if (fresh.length === 0) continue;
    const alarmShare = a.alarm_share ?? defaultAlarmShare;
    let episode = open.find((e) => e.crowd_area_id === a.id)?.id;
    const shares = fresh.map((r) => ({ at: r.at, value: r.count / a.capacity }));
    const result = replay(alarmShare, alarmShare - CROWD_CLEAR_MARGIN, episode !== undefined, shares);
    for (const change of result.changes) {
      const at = change.at.toISOString();
      const count = fresh.find((r) => r.at.getTime() === change.at.getTime())!.count;
      if (change.type === 'raised') {
        const { rows } = await db.query<{ id: number }>(
          `
          insert into crowd_alarm (crowd_area_id, raised_at, raised_share, peak_count) values ($1, $2, $3, $4) returning id`,
          [a.id, change.at, change.value, count],
        );
        episode = rows[0]!.id;
      } else if (episode !== undefined) {
        await db.query('update crowd_alarm set cleared_at = $2, peak_count = greatest(peak_count, $3) where id = $1', [
          episode,
          change.at,
          Math.round((change.peak ?? 0) * a.capacity),
        ]);
        episode = undefined;
      }
      notices.push({ area: a.code, change: change.type, at, share: round3(change.value) });
      events.push({
        kind: change.type === 'raised' ? 'crowd.alarm.raised' : 'crowd.alarm.cleared',
        payload: { areaCode: a.code, count, capacity: a.capacity, share: round3(change.value), at, caseCode: null },
      });
    }
    if (episode !== undefined && result.peak !== null) {
      await db.query('update crowd_alarm set peak_count = greatest(peak_count, $2) where id = $1', [
        episode,
        Math.round(result.peak * a.capacity),
      ]);
    }
    const last = fresh[fresh.length - 1]!;
    events.push({
      kind: 'crowd.count',
      payload: {
        areaCode: a.code,
        count: last.count,
        inflow: last.inflow,
        outflow: last.outflow,
        capacity: a.capacity,
        at: last.at.toISOString(),
      },
    });
  }
  await publish(db, events);
  return { stored: stored.length, duplicates: batch.length - stored.length, alarms: notices };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
