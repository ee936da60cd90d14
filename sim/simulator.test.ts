// The simulator against a real server and database, through the public API only: cases arrive and
// move through the loop by the desk's and crews' hands, the rainstorm floods an underpass into an
// alarm and a sensor case, and the holiday crowd at Shichahai raises a crowd alarm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { freshDatabase, query, type TestDatabase } from '../test/db.ts';
import type { Scenario } from './model.ts';
import { Simulator } from './simulator.ts';

interface Running {
  db: TestDatabase;
  app: App;
  sim: Simulator;
  startedAt: Date;
}
const running: Running[] = [];

async function simulate(scenario: Scenario, speed: number): Promise<Running> {
  const db = await freshDatabase();
  const app = await buildApp({ config: { ...loadConfig(db.url), logLevel: 'silent', poolSize: 6 } });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const startedAt = new Date();
  const sim = new Simulator({ baseUrl: base, scenario, speed, seed: 11, tickMs: 200 });
  const r = { db, app, sim, startedAt };
  running.push(r);
  await sim.start();
  return r;
}

afterAll(async () => {
  for (const r of running) {
    await r.sim.stop();
    await r.app.close();
    await r.db.drop();
  }
});

const one = async <T>(r: Running, sql: string, params: unknown[] = []) => (await query<T>(r.db.url, sql, params))[0]!;

describe('city simulator', () => {
  let storm: Running;
  beforeAll(async () => {
    storm = await simulate('rainstorm', 600);
  });

  it('reports cases and moves them through the loop by the desk and the crews', async () => {
    const progress = () =>
      one<{ reported: number; moved: number; handled: number }>(
        storm,
        `
      select count(*) filter (where e.action = 'report')::int as reported,
             count(*) filter (where e.action in ('accept', 'reject'))::int as moved,
             count(*) filter (where e.action = 'handle')::int as handled
        from case_event e join cases c on c.id = e.case_id where e.at >= $1`,
        [storm.startedAt],
      );
    // wait for every kind of event: on a busy machine the desk can move seeded cases before the first report
    await expect.poll(progress, { timeout: 45_000, interval: 500 }).toEqual({
      reported: expect.toSatisfy((n: number) => n > 0),
      moved: expect.toSatisfy((n: number) => n > 0),
      handled: expect.toSatisfy((n: number) => n > 0),
    });
    const { reported } = await progress();
    expect(reported).toBeGreaterThan(0);
    expect(storm.sim.stats.errors).toBe(0);
  }, 60_000);

  it('floods an underpass in the rainstorm: the alarm raises one sensor case', async () => {
    const alarms = () =>
      one<{ alarms: number; cases: number }>(
        storm,
        `
      select (select count(*)::int from sensor_alarm a join sensor s on s.id = a.sensor_id
               where s.kind = 'waterlogging' and a.raised_at >= $1) as alarms,
             (select count(*)::int from cases c join sensor s on s.id = c.sensor_id
               where s.kind = 'waterlogging' and c.source = 'sensor' and c.reported_at >= $1) as cases`,
        [storm.startedAt],
      );
    await expect.poll(async () => (await alarms()).alarms, { timeout: 45_000, interval: 500 }).toBeGreaterThan(0);
    const { alarms: n, cases } = await alarms();
    expect(cases).toBe(n);
  }, 60_000);

  it('plays the emergency story on the flood: incident, pump trucks instructed, acknowledged and on the move', async () => {
    // the flood's own story only: a crowd alarm open in the seeded city starts a crowd story (patrol cars) beside it
    const story = () =>
      one<{ incidents: number; trucks: number; acknowledged: number; moved: number; progress: number }>(
        storm,
        `
      with flood as (select id from incident where sensor_alarm_id is not null and opened_at >= $1),
           sent as (select t.*, u.kind, u.position_at from instruction_target t join instruction n on n.id = t.instruction_id
                      join resource_unit u on u.id = t.unit_id where n.incident_id in (select id from flood))
      select (select count(*)::int from flood) as incidents,
             (select count(*)::int from sent where kind = 'pump_truck') as trucks,
             (select count(*)::int from sent where acknowledged_at >= $1) as acknowledged,
             (select count(*)::int from sent where position_at >= $1) as moved,
             (select count(*)::int from incident_event e where e.kind = 'instruction.progress' and e.at >= $1
                 and e.incident_id in (select id from flood)) as progress`,
        [storm.startedAt],
      );
    await expect.poll(async () => (await story()).progress, { timeout: 50_000, interval: 500 }).toBeGreaterThan(0);
    const s = await story();
    expect(s.incidents).toBeGreaterThan(0);
    expect(s.trucks).toBeGreaterThan(0);
    expect(s.acknowledged).toBeGreaterThan(0);
    expect(s.moved).toBeGreaterThan(0);
    // every incident came from an alarm the storm raised, one per alarm
    const { dup } = await one<{ dup: number }>(
      storm,
      'select count(*)::int - count(distinct sensor_alarm_id)::int as dup from incident where sensor_alarm_id is not null',
    );
    expect(dup).toBe(0);
    expect(storm.sim.stats.errors).toBe(0);
  }, 60_000);

  it('fills Shichahai on a holiday until the crowd alarm is raised', async () => {
    const holiday = await simulate('holiday', 600);
    const raised = () =>
      one<{ n: number }>(
        holiday,
        `
      select count(*)::int as n from crowd_alarm a join crowd_area c on c.id = a.crowd_area_id
       where c.code = 'shichahai' and a.raised_at >= $1`,
        [holiday.startedAt],
      );
    await expect.poll(async () => (await raised()).n, { timeout: 45_000, interval: 500 }).toBe(1);
  }, 60_000);
});
