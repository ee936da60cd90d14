// An underpass flooding now, for tests: three readings after the seeded history, the last past the
// waterlogging alarm level, for the first underpass sensor not already in alarm.
import { query } from './db.ts';

export async function floodingReadings(
  databaseUrl: string,
): Promise<{ sensor: string; readings: { sensor: string; at: string; value: number }[] }> {
  const [s] = await query<{ code: string }>(
    databaseUrl,
    `select code from sensor where kind = 'waterlogging' and status <> 'alarm' order by code limit 1`,
  );
  const [run] = await query<{ anchor: Date }>(databaseUrl, 'select anchor from seed_run order by id desc limit 1');
  if (!s || !run) throw new Error('the test database has no underpass sensor out of alarm, or no seed run');
  const now = Date.now();
  // spaced so all three fall after the seed's anchor, however recently it was seeded
  const step = Math.min(60_000, Math.floor((now - run.anchor.getTime()) / 4));
  return {
    sensor: s.code,
    readings: [3, 18, 26].map((value, i) => ({ sensor: s.code, at: new Date(now - (2 - i) * step).toISOString(), value })),
  };
}
