// Emergency command through the API on a fresh city: an incident raised from a flooding underpass's
// alarm (once per alarm); its impact zone's contents against PostGIS asked independently (distance on
// the ellipsoid, not the zone polygon); the nearest units ranked as an independent query ranks them;
// an instruction to two units, delivered, acknowledged and done from the field with positions; and
// who may command (403 for field and demo, with a message), bad input named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';
import { floodingReadings } from '../../test/flood.ts';
import type { Role } from '../contracts/common.ts';
import type { Impact, Incident, IncidentDetail, Instruction, NearUnit } from '../contracts/emergency.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ database: 'fresh' });
});
afterAll(() => t.close());

async function send(method: 'POST' | 'GET', url: string, role: Role, body?: unknown) {
  return t.app.inject({ method, url, payload: body as object, headers: { authorization: `Bearer ${await t.token(role)}` } });
}

/** An underpass sensor flooding now (readings after the seeded history). */
async function floodUnderpass(): Promise<string> {
  const { sensor, readings } = await floodingReadings(t.url);
  const res = await send('POST', '/api/sensors/readings', 'field', { readings });
  expect(res.json().alarms.map((a: { change: string }) => a.change)).toContain('raised');
  return sensor;
}

let incident: Incident;

describe('incidents', () => {
  it('raises an incident from an alarm, once per alarm, with an impact zone around the sensor', async () => {
    const sensor = await floodUnderpass();
    const res = await send('POST', '/api/incidents', 'commander', { sensor, severity: 2 });
    expect(res.statusCode, res.body).toBe(201);
    incident = res.json<Incident>();
    expect(incident).toMatchObject({
      kind: 'waterlogging',
      severity: 2,
      status: 'open',
      sensor,
      radiusM: 300,
      commander: 'test commander',
    });
    expect(incident.code).toMatch(/^YJ\d{8}\d{3}$/);
    const [at] = await query<{ lng: number; lat: number }>(
      t.url,
      'select st_x(geom) as lng, st_y(geom) as lat from sensor where code = $1',
      [sensor],
    );
    expect(incident.lng).toBeCloseTo(at!.lng, 5);
    expect(incident.lat).toBeCloseTo(at!.lat, 5);

    const again = await send('POST', '/api/incidents', 'leader', { sensor, severity: 1 });
    expect(again.statusCode).toBe(200);
    expect(again.json().code).toBe(incident.code);

    const detail = (await send('GET', `/api/incidents/${incident.code}`, 'planner')).json<IncidentDetail>();
    expect(detail.timeline.map((e) => e.kind)).toEqual(['opened']);
    const events = await query<{ kind: string }>(t.url, `select kind from live_event where payload->>'code' = $1`, [incident.code]);
    expect(events.map((e) => e.kind)).toEqual(['incident.opened']);
  });

  it('raises a crowd-surge incident from a crowd alarm at its area, once per alarm', async () => {
    const [area] = await query<{ capacity: number; share: number; at: Date }>(
      t.url,
      `
      select c.capacity, coalesce(c.alarm_share, 1) as share, (select max(n.at) from crowd_count n where n.crowd_area_id = c.id) as at
        from crowd_area c where c.code = 'shichahai'`,
    );
    const at = new Date(Math.max(Date.now(), area!.at.getTime() + 1000)).toISOString(); // after the seeded counts
    const counts = [{ area: 'shichahai', at, count: Math.ceil(area!.capacity * (area!.share + 0.1)), inflow: 900, outflow: 100 }];
    expect((await send('POST', '/api/crowds/counts', 'field', { counts })).statusCode).toBe(200);
    const res = await send('POST', '/api/incidents', 'leader', { crowdArea: 'shichahai' });
    expect(res.statusCode, res.body).toBe(201);
    const surge = res.json<Incident>();
    expect(surge).toMatchObject({ kind: 'crowd_surge', crowdArea: 'shichahai', status: 'open' });
    const [inside] = await query<{ ok: boolean }>(
      t.url,
      `select st_contains(c.geom, st_setSRID(st_makePoint($1, $2), 4326)) as ok from crowd_area c where c.code = 'shichahai'`,
      [surge.lng, surge.lat],
    );
    expect(inside!.ok).toBe(true);
    expect((await send('POST', '/api/incidents', 'commander', { crowdArea: 'shichahai' })).json().code).toBe(surge.code);
    expect((await send('POST', `/api/incidents/${surge.code}/close`, 'leader')).statusCode).toBe(200);
  });

  it('lists what the impact zone holds, as PostGIS finds it within the radius', async () => {
    const impact = (await send('GET', `/api/incidents/${incident.code}/impact`, 'leader')).json<Impact>();
    // Independently: everything within 300 m on the ellipsoid of the point. The zone is a 64-gon
    // inscribed in that circle, so things within a few metres of the rim may fall either way.
    const near = (table: string, key: string, extra = '') =>
      query<{ key: string; d: number }>(
        t.url,
        `
      select ${key} as key, st_distance(x.geom::geography, st_setSRID(st_makePoint($1, $2), 4326)::geography) as d
        from ${table} x where st_dwithin(x.geom::geography, st_setSRID(st_makePoint($1, $2), 4326)::geography, 310) ${extra}`,
        [incident.lng, incident.lat],
      );
    const check = async (got: string[], table: string, key: string, extra = '') => {
      const rows = await near(table, key, extra);
      const sure = rows
        .filter((r) => r.d < 297)
        .map((r) => r.key)
        .sort();
      const maybe = new Set(rows.filter((r) => r.d >= 297).map((r) => r.key));
      expect(got.filter((k) => !maybe.has(k)).sort(), table).toEqual(sure);
      return sure.length;
    };
    expect(
      await check(
        impact.cells.map((c) => c.code),
        'grid_cell',
        'x.code',
      ),
    ).toBeGreaterThan(10);
    await check(
      impact.alleys.map((a) => a.slug),
      'alley',
      'x.qr_slug',
    );
    expect(
      await check(
        impact.sensors.map((s) => s.code),
        'sensor',
        'x.code',
      ),
    ).toBeGreaterThan(0);
    await check(
      impact.crowdAreas.map((c) => c.code),
      'crowd_area',
      'x.code',
    );
    await check(
      impact.openCases.map((c) => c.code),
      'cases',
      'x.code',
      `and x.stage not in ('closed', 'evaluated', 'rejected')`,
    );
    expect(impact.sensors.some((s) => s.code === incident.sensor && s.status === 'alarm')).toBe(true);
    // the chiefs are exactly the chiefs of the listed alleys
    const chiefs = await query<{ id: number }>(t.url, `select distinct chief_id as id from alley where qr_slug = any($1) order by 1`, [
      impact.alleys.map((a) => a.slug),
    ]);
    expect(impact.chiefs.map((c) => c.id)).toEqual(chiefs.map((c) => c.id));
  });

  it('ranks the nearest available units by distance, with a travel estimate', async () => {
    const units = (await send('GET', `/api/incidents/${incident.code}/units?limit=10`, 'commander')).json<NearUnit[]>();
    expect(units).toHaveLength(10);
    const truth = await query<{ ref: string; d: number }>(
      t.url,
      `
      with here as (select st_setSRID(st_makePoint($1, $2), 4326)::geography as g)
      select ref, st_distance(pos::geography, here.g) as d from here, (
        select 'unit:' || code as ref, position as pos from resource_unit where status = 'available' and position is not null
        union all
        select 'person:' || id, position from person where role in ('grid_patroller', 'alley_chief') and position_at > now() - interval '24 hours') u
      order by d, ref limit 10`,
      [incident.lng, incident.lat],
    );
    expect(units.map((u) => u.ref)).toEqual(truth.map((r) => r.ref));
    units.forEach((u, i) => {
      expect(u.distanceM).toBeCloseTo(truth[i]!.d, 0);
    });
    for (const u of units)
      expect(u.etaMin).toBe(Math.ceil(u.distanceM / (((u.kind === 'grid_patroller' || u.kind === 'alley_chief' ? 4.5 : 20) * 1000) / 60)));
    const trucks = (await send('GET', `/api/incidents/${incident.code}/units?kind=pump_truck&limit=3`, 'commander')).json<NearUnit[]>();
    expect(trucks.map((u) => u.kind)).toEqual(['pump_truck', 'pump_truck', 'pump_truck']);
    expect(trucks[0]!.distanceM).toBeLessThanOrEqual(trucks[1]!.distanceM);
  });
});

describe('instructions', () => {
  it('reach the field, are acknowledged and done with positions, and show time to acknowledge', async () => {
    const trucks = (await send('GET', `/api/incidents/${incident.code}/units?kind=pump_truck&limit=2`, 'commander')).json<NearUnit[]>();
    const res = await send('POST', `/api/incidents/${incident.code}/instructions`, 'commander', {
      text: '泵车立即前往下穿桥抽排积水',
      targets: trucks.map((u) => u.ref),
    });
    expect(res.statusCode, res.body).toBe(201);
    const sent = res.json<Instruction>();
    expect(sent.targets.map((x) => [x.ref, x.status])).toEqual(trucks.map((u) => [u.ref, 'sent']));

    const field = (await send('GET', `/api/field/instructions?unit=${trucks[0]!.ref}`, 'field')).json<Instruction[]>();
    expect(field[0]!.text).toBe('泵车立即前往下穿桥抽排积水'); // newest first (the seeded log may hold an older one)
    const target = field[0]!.targets.find((x) => x.ref === trucks[0]!.ref)!;
    for (const status of ['delivered', 'acknowledged', 'acknowledged'] as const) {
      expect((await send('POST', `/api/field/targets/${target.id}`, 'field', { status })).statusCode).toBe(200);
    }
    // on the way: the same state with a position is a progress report; the truck is where it said
    const halfway = { lng: (trucks[0]!.lng + incident.lng) / 2, lat: (trucks[0]!.lat + incident.lat) / 2 };
    const moving = await send('POST', `/api/field/targets/${target.id}`, 'field', { status: 'acknowledged', note: '途中', ...halfway });
    expect(moving.json<Instruction>().targets.find((x) => x.id === target.id)).toMatchObject({
      status: 'acknowledged',
      note: '途中',
      lng: expect.closeTo(halfway.lng, 5),
      lat: expect.closeTo(halfway.lat, 5),
    });
    const [truckNow] = await query<{ lng: number; lat: number }>(
      t.url,
      `select st_x(position) as lng, st_y(position) as lat from resource_unit where 'unit:' || code = $1`,
      [trucks[0]!.ref],
    );
    expect(truckNow).toEqual({ lng: expect.closeTo(halfway.lng, 6), lat: expect.closeTo(halfway.lat, 6) });
    const done = await send('POST', `/api/field/targets/${target.id}`, 'field', {
      status: 'done',
      note: '已到场抽排',
      lng: incident.lng,
      lat: incident.lat,
    });
    expect(done.statusCode, done.body).toBe(200);
    const back = await send('POST', `/api/field/targets/${target.id}`, 'field', { status: 'delivered' });
    expect(back.statusCode).toBe(409);
    expect(back.json().message).toMatch(/already done; it cannot go back to delivered/);

    const [listed] = (await send('GET', `/api/incidents/${incident.code}/instructions`, 'leader')).json<Instruction[]>();
    const mine = listed!.targets.find((x) => x.ref === trucks[0]!.ref)!;
    expect(mine).toMatchObject({ status: 'done', note: '已到场抽排' });
    expect(mine.secondsToAcknowledge).toBeGreaterThanOrEqual(0);
    expect(listed!.targets.find((x) => x.ref === trucks[1]!.ref)!.status).toBe('sent');
    // the truck is where it said it was: now the nearest unit of all
    const [nearest] = (await send('GET', `/api/incidents/${incident.code}/units?limit=1`, 'leader')).json<NearUnit[]>();
    expect(nearest).toMatchObject({ ref: trucks[0]!.ref, distanceM: 0 });

    const timeline = (await send('GET', `/api/incidents/${incident.code}`, 'leader')).json<IncidentDetail>().timeline.map((e) => e.kind);
    expect(timeline).toEqual([
      'opened',
      'instruction.sent',
      'instruction.delivered',
      'instruction.acknowledged',
      'instruction.progress',
      'instruction.done',
    ]);
  });

  it('may be issued only by leaders and commanders', async () => {
    for (const role of ['field', 'demo', 'planner', 'dispatcher'] as const) {
      const res = await send('POST', `/api/incidents/${incident.code}/instructions`, role, { text: '撤离', targets: ['department:x'] });
      expect(res.statusCode, role).toBe(403);
      expect(res.json().message).toMatch(/serves the roles leader, commander/);
    }
    expect((await send('POST', '/api/incidents', 'field', { lng: 116.4, lat: 39.92 })).statusCode).toBe(403);
  });

  it('names bad input', async () => {
    const cases: [string, unknown, number, RegExp][] = [
      ['/api/incidents', { lng: 116.6, lat: 39.8 }, 422, /outside the managed area/],
      ['/api/incidents', { severity: 2 }, 400, /say where/],
      ['/api/incidents', { lng: 116.4, lat: 39.92, severity: 9 }, 400, /severity' must be at most 4/],
      [`/api/incidents/${incident.code}/instructions`, { text: '撤离', targets: ['unit:NOPE'] }, 400, /no unit NOPE/],
      [
        `/api/incidents/${incident.code}/instructions`,
        { text: '撤离', targets: ['truck 1'] },
        400,
        /must be unit:<code>, person:<id> or department:<code>/,
      ],
      ['/api/incidents/NOPE/instructions', { text: '撤离', targets: ['department:x'] }, 404, /no incident with code NOPE/],
    ];
    for (const [url, body, status, message] of cases) {
      const res = await send('POST', url, 'commander', body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBe(status);
      expect(res.json().message).toMatch(message);
    }
    const closed = await send('POST', `/api/incidents/${incident.code}/close`, 'commander');
    expect(closed.json()).toMatchObject({ status: 'closed' });
    const late = await send('POST', `/api/incidents/${incident.code}/instructions`, 'commander', {
      text: '撤离',
      targets: ['department:x'],
    });
    expect(late.statusCode).toBe(409);
    const log = (await send('GET', '/api/incidents?status=closed', 'demo')).json<Incident[]>();
    expect(log.map((i) => i.code)).toContain(incident.code);
  });
});
