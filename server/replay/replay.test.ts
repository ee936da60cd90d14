// The replay on the seeded city: at three instants (one at the seeded storm's flooding incident, one on a
// Monday morning, one in the spring) the cases the answer draws — open at the window's start, plus every case
// with an event since — and each one's stage as of the instant, rebuilt from the Arrow answer alone, equal an
// independent query over the trail (case_event); bad windows are 400s naming the parameter; visitors may read
// it and find no phone or person's name in it; a settled window is immutable and revalidates to 304.
import { RecordBatchReader, Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';
import { floodingReadings } from '../../test/flood.ts';
import { CASE_STAGES } from '../contracts/constants.ts';
import { REPLAY_CONTENT_TYPE, REPLAY_TABLES } from '../contracts/replay.ts';
import { HOUR } from '../domain/beijing.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
}, 120_000);
afterAll(() => t?.close());

/** Every table of an answer by its name. */
function decode(body: Buffer): Map<string, Table> {
  const tables = new Map<string, Table>();
  for (const reader of RecordBatchReader.readAll(body)) tables.set(reader.schema.metadata.get('name')!, new Table(reader.readAll()));
  return tables;
}

const iso = (d: Date) => d.toISOString();

async function fetchWindow(from: Date, to: Date) {
  return fetchWindowOf(t, from, to);
}

async function fetchWindowOf(app: TestApp, from: Date, to: Date) {
  const res = await app.get(`/api/replay?from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}`, 'demo');
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe(REPLAY_CONTENT_TYPE);
  return { res, tables: decode(res.rawPayload) };
}

/** Each case drawn at `instant` and its stage, from the answer alone: open at `from`, then the events up to the instant. */
function rebuild(tables: Map<string, Table>, from: Date, instant: Date): Map<number, string> {
  const stages = new Map<number, string>();
  const open = tables.get('open')!;
  const ids = open.getChild('id')!.toArray() as Int32Array;
  const openStage = open.getChild('stage')!.toArray() as Int8Array;
  for (const [i, id] of ids.entries()) stages.set(id, CASE_STAGES[openStage[i]!]!);
  const events = tables.get('caseEvents')!;
  const tt = events.getChild('t')!.toArray() as Float64Array;
  const cs = events.getChild('case')!.toArray() as Int32Array;
  const st = events.getChild('stage')!.toArray() as Int8Array;
  const until = instant.getTime() - from.getTime();
  for (let i = 0; i < tt.length; i++) {
    if (i > 0) expect(tt[i]!).toBeGreaterThanOrEqual(tt[i - 1]!); // in time order
    if (tt[i]! > until) break;
    stages.set(cs[i]!, CASE_STAGES[st[i]!]!);
  }
  return stages;
}

/** The same from the trail by SQL, without the server's indexes or cases.closed_at. */
async function oracle(from: Date, instant: Date): Promise<Map<number, string>> {
  const rows = await query<{ id: string; stage: string }>(
    t.url,
    `with drawn as (
       select s.case_id from (select distinct on (case_id) case_id, to_stage from case_event where at < $1
                               order by case_id, at desc, id desc) s
        where s.to_stage not in ('closed', 'evaluated', 'rejected')
       union
       select case_id from case_event where at >= $1 and at <= $2)
     select d.case_id as id,
            (select to_stage from case_event e where e.case_id = d.case_id and e.at <= $2 order by e.at desc, e.id desc limit 1) as stage
       from drawn d`,
    [from, instant],
  );
  return new Map(rows.map((r) => [Number(r.id), r.stage]));
}

describe('GET /api/replay', () => {
  it('rebuilds, at three instants (one in the seeded storm), the cases drawn and each one’s stage as the trail in case_event has them', async () => {
    // the storm: the day with the most road-waterlogging cases (the seed multiplies them twentyfold on its
    // calendar's storm days, seed/behaviour.ts), in the afternoon; the seeded readings cover only the last week
    const [storm] = await query<{ at: Date }>(
      t.url,
      `select ((reported_at at time zone 'Asia/Shanghai')::date + interval '16 hours') at time zone 'Asia/Shanghai' as at
         from cases where category_code = '20405' group by 1 order by count(*) desc limit 1`,
    );
    const [normal] = await query<{ n: number }>(t.url, "select (count(*) / 365)::int as n from cases where category_code = '20405'");
    const [onStorm] = await query<{ n: number }>(
      t.url,
      `select count(*)::int as n from cases where category_code = '20405' and reported_at >= $1::timestamptz - interval '16 hours'
          and reported_at < $1::timestamptz + interval '8 hours'`,
      [storm!.at],
    );
    expect(onStorm!.n, 'the storm day floods').toBeGreaterThan(10 * normal!.n);
    const [monday] = await query<{ at: Date }>(
      t.url,
      `select (date_trunc('week', (now() at time zone 'Asia/Shanghai') - interval '14 days') + interval '9 hours 30 minutes')
                at time zone 'Asia/Shanghai' as at`,
    );
    const [spring] = await query<{ at: Date }>(t.url, "select min(reported_at) + interval '120 days 14 hours' as at from cases");
    const instants = [storm!.at, monday!.at, spring!.at];

    for (const instant of instants) {
      const from = new Date(instant.getTime() - 10 * HOUR);
      const to = new Date(instant.getTime() + HOUR);
      const { tables } = await fetchWindow(from, to);
      expect([...tables.keys()]).toEqual([...REPLAY_TABLES]);
      const drawn = rebuild(tables, from, instant);
      const expected = await oracle(from, instant);
      expect(drawn.size, `cases drawn at ${iso(instant)}`).toBe(expected.size);
      expect(drawn.size).toBeGreaterThan(1000);
      const wrong = [...expected].filter(([id, stage]) => drawn.get(id) !== stage);
      expect(wrong.slice(0, 5), `cases whose stage differs at ${iso(instant)}`).toEqual([]);
      // the cases reported by the instant within the window: the report events drawn
      const [reported] = await query<{ n: number }>(
        t.url,
        'select count(*)::int as n from cases where reported_at >= $1 and reported_at <= $2',
        [from, instant],
      );
      const ev = tables.get('caseEvents')!;
      const actions = ev.getChild('action')!.toArray() as string[];
      const times = ev.getChild('t')!.toArray() as Float64Array;
      const until = instant.getTime() - from.getTime();
      expect(actions.filter((a, i) => a === 'report' && times[i]! <= until).length).toBe(reported!.n);
    }
  }, 180_000);

  it('sends readings with their alarm flags, crowd counts and an incident’s timeline without its people', async () => {
    // a city of its own where an underpass floods now (test/flood.ts)
    const f = await buildTestApp({ database: 'fresh' });
    try {
      const { sensor, readings: planted } = await floodingReadings(f.url);
      const post = await f.app.inject({
        method: 'POST',
        url: '/api/sensors/readings',
        headers: { authorization: `Bearer ${await f.token('field')}` },
        payload: { readings: planted },
      });
      expect(post.statusCode, post.body).toBeLessThan(300);
      const from = new Date(Date.now() - 6 * HOUR);
      const to = new Date();
      const res = await f.get(`/api/replay?from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}`, 'demo');
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const tables = decode(res.rawPayload);
      const [counts] = await query<{ readings: number; alarms: number; crowd: number }>(
        f.url,
        `select (select count(*)::int from sensor_reading where at >= $1 and at < $2) as readings,
                (select count(*)::int from sensor_reading x where at >= $1 and at < $2 and exists
                   (select 1 from sensor_alarm a where a.sensor_id = x.sensor_id and a.raised_at <= x.at
                       and (a.cleared_at is null or a.cleared_at > x.at))) as alarms,
                (select count(*)::int from crowd_count where at >= $1 and at < $2) as crowd`,
        [from, to],
      );
      const readings = tables.get('readings')!;
      expect(readings.numRows).toBe(counts!.readings);
      const alarm = readings.getChild('alarm')!.toArray() as Uint8Array;
      expect(alarm.reduce((a, x) => a + x, 0)).toBe(counts!.alarms);
      // the planted reading past the alarm level is flagged
      const [id] = await query<{ id: number }>(f.url, 'select id from sensor where code = $1', [sensor]);
      const sensors = readings.getChild('sensor')!.toArray() as Int32Array;
      const values = readings.getChild('value')!.toArray() as Float32Array;
      const flagged = [...sensors.keys()].filter((i) => sensors[i] === id!.id && alarm[i] === 1).map((i) => values[i]);
      expect(flagged).toContain(26);
      expect(tables.get('crowdCounts')!.numRows).toBe(counts!.crowd);
      // the seeded incidents (in the last week) have timelines with units; the replay carries no person
      const week = await fetchWindowOf(f, new Date(Date.now() - 7 * 24 * HOUR + HOUR), new Date());
      const events = week.tables.get('incidentEvents')!;
      const [n] = await query<{ n: number }>(f.url, 'select count(*)::int as n from incident_event where at >= $1', [
        new Date(Date.now() - 7 * 24 * HOUR + HOUR),
      ]);
      expect(events.numRows).toBe(n!.n);
      const units = (events.getChild('unit')!.toArray() as (string | null)[]).filter(Boolean);
      expect(units.length).toBeGreaterThan(0);

      // nothing personal: no phone, no actor's name (a unit's code is not a person), no reporter
      for (const body of [res.rawPayload, week.res.rawPayload]) {
        const text = body.toString('utf8');
        expect(text).not.toMatch(/1[3-9]\d{9}/);
        expect(text).not.toMatch(/1\d{2}0000\d{4}/);
        const actors = await query<{ actor: string }>(f.url, 'select distinct actor from incident_event');
        for (const { actor } of actors) expect(text.includes(actor), actor).toBe(false);
        const names = await query<{ name: string }>(
          f.url,
          "select distinct reporter_name as name from cases where reported_at >= now() - interval '7 days' and reporter_name is not null limit 50",
        );
        for (const { name } of names) expect(text.includes(name), name).toBe(false);
      }
    } finally {
      await f.close();
    }
  }, 120_000);

  it('answers a settled window as immutable with an ETag, and 304 when asked again with it', async () => {
    const [day] = await query<{ at: Date }>(t.url, "select date_trunc('day', now()) - interval '3 days' as at");
    const url = `/api/replay?from=${encodeURIComponent(iso(day!.at))}&to=${encodeURIComponent(iso(new Date(day!.at.getTime() + HOUR)))}&tables=cases`;
    const token = await t.token('demo');
    const first = await t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toContain('immutable');
    const again = await t.app.inject({ url, headers: { authorization: `Bearer ${token}`, 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect([...decode(first.rawPayload).keys()]).toEqual(['window', 'open', 'caseEvents']);
  });

  it('refuses bad windows with a 400 naming the parameter, and anonymous callers', async () => {
    const [first] = await query<{ at: Date }>(t.url, 'select min(reported_at) as at from cases');
    const day = (d: Date, days: number) => encodeURIComponent(iso(new Date(d.getTime() + days * 24 * HOUR)));
    const base = first!.at;
    const cases: [string, string][] = [
      [`from=${day(base, 10)}&to=${day(base, 10)}`, "query parameter 'to'"], // from ≥ to
      [`from=${day(base, 12)}&to=${day(base, 10)}`, "query parameter 'to'"],
      [`from=${day(base, 10)}&to=${day(base, 42)}`, "query parameter 'to'"], // 32 days
      [`from=${day(base, -400)}&to=${day(base, -399)}`, "query parameter 'from'"], // before the data
      [`from=${day(new Date(), -1)}&to=${day(new Date(), 2)}`, "query parameter 'to'"], // into the future
      [`from=yesterday&to=${day(base, 10)}`, "query parameter 'from'"],
      [`to=${day(base, 10)}`, "query parameter 'from'"],
      [`from=${day(base, 10)}&to=${day(base, 11)}&tables=people`, "query parameter 'tables'"],
    ];
    for (const [qs, named] of cases) {
      const res = await t.get(`/api/replay?${qs}`, 'demo');
      expect(res.statusCode, qs).toBe(400);
      expect(res.json<{ message: string }>().message, qs).toContain(named);
      // the timeline strip's window is checked the same way (it has no tables)
      if (qs.includes('tables=')) continue;
      const strip = await t.get(`/api/replay/activity?${qs}`, 'demo');
      expect(strip.statusCode, qs).toBe(400);
      expect(strip.json<{ message: string }>().message, qs).toContain(named);
    }
    expect((await t.get(`/api/replay?from=${day(base, 10)}&to=${day(base, 11)}`)).statusCode).toBe(401);
  });

  it('gives the timeline strip every hour of a window with its reports, and the incidents opened in it', async () => {
    // a day around the seeded flood incident, starting at half past an hour
    const [flood] = await query<{ at: Date; code: string }>(
      t.url,
      "select opened_at as at, code from incident where kind = 'waterlogging' order by opened_at limit 1",
    );
    const from = new Date(Math.floor(flood!.at.getTime() / HOUR) * HOUR - 12 * HOUR + HOUR / 2);
    const to = new Date(from.getTime() + 24 * HOUR);
    const res = await t.get(`/api/replay/activity?from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}`, 'demo');
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<{ hours: { at: string; reports: number }[]; incidents: { code: string; openedAt: string }[] }>();
    expect(answer.hours).toHaveLength(25); // the half hours at both ends count as hours of their own
    const expected = await query<{ at: Date; n: number }>(
      t.url,
      `select date_trunc('hour', reported_at) as at, count(*)::int as n from cases
        where reported_at >= $1 and reported_at < $2 group by 1 order by 1`,
      [from, to],
    );
    const counts = new Map(expected.map((r) => [r.at.getTime(), r.n]));
    expect(answer.hours.map((h) => [Date.parse(h.at), h.reports])).toEqual(
      answer.hours.map((h) => [Date.parse(h.at), counts.get(Date.parse(h.at)) ?? 0]),
    );
    expect(answer.hours.reduce((n, h) => n + h.reports, 0)).toBe(expected.reduce((n, r) => n + r.n, 0));
    expect(answer.hours.reduce((n, h) => n + h.reports, 0)).toBeGreaterThan(0);
    expect(answer.incidents.map((i) => i.code)).toContain(flood!.code);
  });
});
