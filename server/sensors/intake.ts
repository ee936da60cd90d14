// Sensor readings in: stored once per (sensor, time), replayed through each sensor's hysteresis in
// time order, alarm episodes opened and closed, one case per episode for the alarms that are
// city-management cases, the sensor's state updated, and alarm.raised / alarm.cleared published.
import type pg from 'pg';
import type { ReadingBatch } from '../contracts/sensors.ts';
import { CASE_CATEGORY_OF_ALARM, replay } from '../domain/alarms.ts';
import { badRequest } from '../errors.ts';
import { type IntakeItem, intakeCases } from '../intake/cases.ts';
import type { AlarmChanged } from '../live/events.ts';
import { publish } from '../live/outbox.ts';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** The trail's actor for what sensors report. */
export const SENSOR_REPORTER = { accountId: 0, displayName: '物联感知平台' };

interface SensorRow {
  id: number;
  code: string;
  kind: string;
  name: string;
  alarm_above: number | null;
  clear_below: number | null;
  status: string;
  last_reading_at: Date | null;
  last_value: number | null;
  lng: number;
  lat: number;
}
interface Episode {
  id: number;
  sensor_id: number;
  peak_value: number;
}

export interface AlarmNotice {
  sensor: string;
  change: 'raised' | 'cleared';
  at: string;
  value: number;
  caseCode: string | null;
}

export async function takeReadings(
  db: pg.ClientBase,
  batch: ReadingBatch['readings'],
  now = new Date(),
): Promise<{ stored: number; duplicates: number; alarms: AlarmNotice[] }> {
  batch.forEach((r, i) => {
    if (Date.parse(r.at) > now.getTime() + FUTURE_TOLERANCE_MS) throw badRequest(`readings[${i}]: at ${r.at} is in the future`);
  });
  const codes = [...new Set(batch.map((r) => r.sensor))];
  // Lock the sensors in id order: two batches for the same sensors never deadlock, and never
  // replay the same sensor's hysteresis at once.
  const { rows: sensors } = await db.query<SensorRow>(
    `
    select id, code, kind, name, alarm_above, clear_below, status, last_reading_at, last_value, st_x(geom) as lng, st_y(geom) as lat
      from sensor where code = any($1::text[]) order by id for update`,
    [codes],
  );
  const byCode = new Map(sensors.map((s) => [s.code, s]));
  const unknown = batch.findIndex((r) => !byCode.has(r.sensor));
  if (unknown >= 0) throw badRequest(`readings[${unknown}]: no sensor has code ${batch[unknown]!.sensor}`);

  const { rows: stored } = await db.query<{ sensor_id: number; at: Date; value: number }>(
    `
    insert into sensor_reading (sensor_id, at, value)
    select * from unnest($1::int[], $2::timestamptz[], $3::float8[])
    on conflict do nothing
    returning sensor_id, at, value`,
    [batch.map((r) => byCode.get(r.sensor)!.id), batch.map((r) => r.at), batch.map((r) => r.value)],
  );

  const { rows: open } = await db.query<Episode>(
    'select id, sensor_id, peak_value from sensor_alarm where sensor_id = any($1::int[]) and cleared_at is null',
    [sensors.map((s) => s.id)],
  );
  const openBy = new Map(open.map((e) => [e.sensor_id, e]));

  const notices: (AlarmNotice & { sensorId: number })[] = [];
  const newCases: (IntakeItem & { sensorId: number })[] = [];
  for (const s of sensors) {
    // Only readings newer than the sensor's last one move its state; late ones are stored, that is all.
    const fresh = stored
      .filter((r) => r.sensor_id === s.id && (!s.last_reading_at || r.at > s.last_reading_at))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    if (fresh.length === 0) continue;
    let episode = openBy.get(s.id);
    if (!episode && s.status === 'alarm') {
      // In alarm since before episodes were recorded (the seeded week): the episode began then.
      const at = s.last_reading_at ?? fresh[0]!.at;
      const value = s.last_value ?? fresh[0]!.value;
      const { rows } = await db.query<Episode>(
        `
        insert into sensor_alarm (sensor_id, raised_at, raised_value, peak_value) values ($1, $2, $3, $3)
        returning id, sensor_id, peak_value`,
        [s.id, at, value],
      );
      episode = rows[0]!;
    }
    const result = replay(s.alarm_above, s.clear_below, episode !== undefined, fresh);
    for (const change of result.changes) {
      const at = change.at.toISOString();
      if (change.type === 'raised') {
        const { rows } = await db.query<Episode>(
          `
          insert into sensor_alarm (sensor_id, raised_at, raised_value, peak_value) values ($1, $2, $3, $3)
          returning id, sensor_id, peak_value`,
          [s.id, change.at, change.value],
        );
        episode = rows[0]!;
        const category = CASE_CATEGORY_OF_ALARM[s.kind];
        if (category) {
          newCases.push({
            source: 'sensor',
            categoryCode: category,
            sensorId: s.id,
            lng: s.lng,
            lat: s.lat,
            priority: 1,
            reportedAt: at,
            description: `${s.name}报警：读数 ${change.value}${s.alarm_above !== null ? `（报警阈值 ${s.alarm_above}）` : ''}`,
            idempotencyKey: `alarm:${s.code}:${at}`,
          });
        }
      } else if (episode) {
        await db.query('update sensor_alarm set cleared_at = $2, peak_value = greatest(peak_value, $3) where id = $1', [
          episode.id,
          change.at,
          change.peak ?? change.value,
        ]);
        episode = undefined;
      }
      notices.push({ sensorId: s.id, sensor: s.code, change: change.type, at, value: change.value, caseCode: null });
    }
    if (episode && result.peak !== null) {
      await db.query('update sensor_alarm set peak_value = greatest(peak_value, $2) where id = $1', [episode.id, result.peak]);
    }
    const last = fresh[fresh.length - 1]!;
    await db.query(`update sensor set status = $2, last_value = $3, last_reading_at = $4 where id = $1`, [
      s.id,
      result.inAlarm ? 'alarm' : 'normal',
      last.value,
      last.at,
    ]);
  }

  if (newCases.length > 0) {
    const { receipts } = await intakeCases(db, newCases, SENSOR_REPORTER, { now });
    for (const [i, item] of newCases.entries()) {
      const code = receipts[i]!.code;
      await db.query(
        `update sensor_alarm set case_id = (select id from cases where code = $3)
                       where sensor_id = $1 and raised_at = $2`,
        [item.sensorId, item.reportedAt, code],
      );
      const notice = notices.find((n) => n.sensorId === item.sensorId && n.change === 'raised' && n.at === item.reportedAt);
      if (notice) notice.caseCode = code;
    }
  }

  await publish(
    db,
    notices.map((n): AlarmChanged => {
      const s = sensors.find((x) => x.id === n.sensorId)!;
      return {
        kind: n.change === 'raised' ? 'alarm.raised' : 'alarm.cleared',
        payload: { sensorCode: s.code, sensorKind: s.kind, value: n.value, at: n.at, lng: s.lng, lat: s.lat, caseCode: n.caseCode },
      };
    }),
  );
  return {
    stored: stored.length,
    duplicates: batch.length - stored.length,
    alarms: notices.map(({ sensorId: _, ...n }) => n),
  };
}
