// Sensors and crowds as the IoT platform and the wall see them: a flooding underpass raises one alarm
// and one case per episode however many readings it sends, clears, and raises again; resent batches
// and late readings change nothing; a rain alarm is a warning, not a case; a crowd past its share
// raises and clears a crowd alarm; bad input is named; a silent sensor is offline on the map and in
// every answer alike.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';
import { tileOf } from '../../tiles/cache.ts';
import type { Role } from '../contracts/common.ts';

let t: TestApp;
/** End of the seeded history: readings and counts before it are late, after it are news. */
let anchor: number;
beforeAll(async () => {
  t = await buildTestApp({ database: 'fresh' });
  const [run] = await query<{ anchor: Date }>(t.url, 'select anchor from seed_run where finished_at is not null order by id desc limit 1');
  anchor = run!.anchor.getTime();
});
afterAll(() => t.close());

async function post(url: string, body: unknown, role: Role = 'field') {
  return t.app.inject({ method: 'POST', url, payload: body as object, headers: { authorization: `Bearer ${await t.token(role)}` } });
}

/** n times ending now, up to five minutes apart, all after the seeded history (which may have ended
 *  only a minute ago on a freshly seeded database). */
function times(n: number): string[] {
  const now = Date.now();
  const step = Math.min(5 * 60_000, Math.floor((now - anchor) / (n + 1)));
  return Array.from({ length: n }, (_, i) => new Date(now - (n - 1 - i) * step).toISOString());
}

async function quietSensor(kind: string) {
  return (
    await query<{ code: string; grid: string; above: number; below: number }>(
      t.url,
      `
    select s.code, g.code as grid, s.alarm_above as above, s.clear_below as below
      from sensor s join grid_cell g on g.id = s.grid_cell_id
     where s.kind = $1 and s.status <> 'alarm' order by s.code limit 1`,
      [kind],
    )
  )[0]!;
}

describe('sensor intake', () => {
  it('opens one alarm and one case per episode of a flooding underpass', async () => {
    const s = await quietSensor('waterlogging');
    expect([s.above, s.below]).toEqual([15, 5]);
    const values = [3, 8, 16, 20, 25, 12, 4, 6, 18];
    const at = times(values.length);
    const readings = values.map((value, i) => ({ sensor: s.code, at: at[i]!, value }));
    const res = await post('/api/sensors/readings', { readings });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ stored: number; alarms: { change: string; value: number; caseCode: string | null }[] }>();
    expect(body.stored).toBe(9);
    expect(body.alarms.map((a) => `${a.change}@${a.value}`)).toEqual(['raised@16', 'cleared@4', 'raised@18']);

    const episodes = await query<{ raised: number; peak: number; cleared: boolean; source: string; grid: string; priority: number }>(
      t.url,
      `
      select a.raised_value as raised, a.peak_value as peak, a.cleared_at is not null as cleared, c.source, g.code as grid, c.priority
        from sensor_alarm a join sensor s on s.id = a.sensor_id join cases c on c.id = a.case_id join grid_cell g on g.id = c.grid_cell_id
       where s.code = $1 order by a.raised_at`,
      [s.code],
    );
    expect(episodes).toEqual([
      { raised: 16, peak: 25, cleared: true, source: 'sensor', grid: s.grid, priority: 1 },
      { raised: 18, peak: 18, cleared: false, source: 'sensor', grid: s.grid, priority: 1 },
    ]);
    expect(body.alarms.filter((a) => a.change === 'raised').every((a) => a.caseCode !== null)).toBe(true);

    // The same batch again: nothing new, no second case.
    const again = await post('/api/sensors/readings', { readings });
    expect(again.json()).toEqual({ stored: 0, duplicates: 9, alarms: [] });
    const [{ n }] = (await query<{ n: number }>(
      t.url,
      `select count(*)::int as n from cases c join sensor s on s.id = c.sensor_id where s.code = $1 and c.reported_at >= $2`,
      [s.code, at[0]],
    )) as [{ n: number }];
    expect(n).toBe(2);

    // A late reading below the clear level is stored but does not clear the alarm.
    const late = await post('/api/sensors/readings', {
      readings: [{ sensor: s.code, at: new Date(Date.parse(at[0]!) - 60_000).toISOString(), value: 0 }],
    });
    expect(late.json()).toMatchObject({ stored: 1, alarms: [] });
    const [shown] = (await t.get(`/api/sensors?kind=waterlogging`, 'demo'))
      .json<{ code: string; status: string; lastValue: number }[]>()
      .filter((x) => x.code === s.code);
    expect(shown).toMatchObject({ status: 'alarm', lastValue: 18 });
    const open = (await t.get('/api/alarms?open=true', 'demo')).json<{ sensor: string; caseCode: string }[]>();
    expect(open.find((a) => a.sensor === s.code)?.caseCode).toBe(episodes.length ? body.alarms[2]!.caseCode : null);

    const events = await query<{ kind: string }>(t.url, `select kind from live_event where payload->>'sensorCode' = $1 order by id`, [
      s.code,
    ]);
    expect(events.map((e) => e.kind)).toEqual(['alarm.raised', 'alarm.cleared', 'alarm.raised']);
  });

  it('raises a rain alarm as a warning, without a case', async () => {
    const s = await quietSensor('rain_gauge');
    const at = times(2);
    const res = await post('/api/sensors/readings', {
      readings: [
        { sensor: s.code, at: at[0], value: 1 },
        { sensor: s.code, at: at[1], value: 6.2 },
      ],
    });
    expect(res.json().alarms).toEqual([{ sensor: s.code, change: 'raised', at: at[1], value: 6.2, caseCode: null }]);
  });

  it('names what is wrong with a batch', async () => {
    const s = await quietSensor('rain_gauge');
    const cases: [unknown, RegExp][] = [
      [
        {
          readings: [
            { sensor: s.code, at: times(1)[0], value: 1 },
            { sensor: 'NOPE', at: times(1)[0], value: 1 },
          ],
        },
        /readings\[1\]: no sensor has code NOPE/,
      ],
      [
        { readings: [{ sensor: s.code, at: new Date(Date.now() + 3_600_000).toISOString(), value: 1 }] },
        /readings\[0\]: at .* is in the future/,
      ],
      [{ readings: [{ sensor: s.code, at: 'yesterday', value: 1 }] }, /at' must be an ISO date-time/],
      [{ readings: [] }, /at least 1/],
    ];
    for (const [body, message] of cases) {
      const res = await post('/api/sensors/readings', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(message);
    }
    expect((await post('/api/sensors/readings', { readings: [{ sensor: s.code, at: times(1)[0], value: 1 }] }, 'demo')).statusCode).toBe(
      403,
    );
  });
});

describe('sensor status', () => {
  /** The status the map's sensors tile gives a sensor (its z16 tile). */
  async function onTheMap(code: string, lng: number, lat: number): Promise<unknown> {
    const [x, y] = tileOf(lng, lat, 16);
    const res = await t.app.inject({ method: 'GET', url: `/tiles/sensors/16/${x}/${y}.mvt` });
    expect(res.statusCode).toBe(200);
    const layer = new VectorTile(new PbfReader(res.rawPayload)).layers.sensors!;
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      if (f.properties.code === code) return f.properties.status;
    }
    throw new Error(`sensor ${code} is not in its tile ${x}/${y}`);
  }

  async function inTheApi(code: string, kind: string): Promise<unknown> {
    return (await t.get(`/api/sensors?kind=${kind}`, 'demo')).json<{ code: string; status: string }[]>().find((s) => s.code === code)
      ?.status;
  }

  it('shows a silent sensor offline on the map and in the API alike, and normal again once it reports', async () => {
    // a waterlogging gauge (every 5 minutes) last heard an hour ago, its stored state still "normal"
    const [s] = await query<{ code: string; lng: number; lat: number }>(
      t.url,
      `
      update sensor set status = 'normal', last_reading_at = now() - interval '1 hour'
       where code = (select code from sensor where kind = 'waterlogging' and status <> 'alarm' order by code desc limit 1)
      returning code, st_x(geom) as lng, st_y(geom) as lat`,
    );
    expect(await inTheApi(s!.code, 'waterlogging')).toBe('offline');
    expect(await onTheMap(s!.code, s!.lng, s!.lat)).toBe('offline');
    const offline = (await t.get('/api/sensors?status=offline', 'demo')).json<{ code: string }[]>();
    expect(offline.map((x) => x.code)).toContain(s!.code);

    const res = await post('/api/sensors/readings', { readings: [{ sensor: s!.code, at: new Date().toISOString(), value: 1 }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(await inTheApi(s!.code, 'waterlogging')).toBe('normal');
    // the tile cache hears of the reading on its own connection
    await expect.poll(() => onTheMap(s!.code, s!.lng, s!.lat), { timeout: 5000, interval: 100 }).toBe('normal');
  });
});

describe('crowd intake', () => {
  it("raises a crowd alarm past the area's share of capacity and clears it ten points below", async () => {
    const [area] = await query<{ capacity: number; share: number }>(
      t.url,
      `select capacity, alarm_share as share from crowd_area where code = 'nanluoguxiang'`,
    );
    expect(area).toEqual({ capacity: 15_000, share: 0.8 });
    const counts = [10_000, 12_500, 13_000, 11_000, 10_000];
    const at = times(counts.length);
    const res = await post('/api/crowds/counts', {
      counts: counts.map((count, i) => ({ area: 'nanluoguxiang', at: at[i], count, inflow: 500, outflow: 400 })),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().alarms.map((a: { change: string; at: string }) => [a.change, a.at])).toEqual([
      ['raised', at[1]],
      ['cleared', at[4]],
    ]);
    const [episode] = await query<{ peak: number; cleared: boolean }>(
      t.url,
      `
      select peak_count as peak, cleared_at is not null as cleared from crowd_alarm x join crowd_area a on a.id = x.crowd_area_id
       where a.code = 'nanluoguxiang'`,
    );
    expect(episode).toEqual({ peak: 13_000, cleared: true });
    const shown = (await t.get('/api/crowds', 'demo'))
      .json<{ code: string; count: number; share: number; alarm: boolean }[]>()
      .find((a) => a.code === 'nanluoguxiang');
    expect(shown).toMatchObject({ count: 10_000, share: 0.667, alarm: false });
    const bad = await post('/api/crowds/counts', { counts: [{ area: 'nanluoguxiang', at: at[0], count: -1, inflow: 0, outflow: 0 }] });
    expect(bad.json().message).toMatch(/count' must be at least 0/);
  });
});
