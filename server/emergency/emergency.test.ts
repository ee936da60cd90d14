// Emergency command through the API on a fresh city: an incident raised from a flooding underpass's
// alarm (once per alarm); its impact zone's contents against PostGIS asked independently (distance on
// the ellipsoid, not the zone polygon); the nearest units ranked by travel time along the road graph as an
// independent pgr_dijkstraCost ranks them, the legal way round a one-way street, the straight-line fallback;
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

  it('ranks the nearest units by travel time along the road graph, as an independent pgr_dijkstraCost ranks them', async () => {
    const trucks = (await send('GET', `/api/incidents/${incident.code}/units?kind=pump_truck&limit=3`, 'commander')).json<NearUnit[]>();
    expect(trucks).toHaveLength(3);
    expect(trucks.every((u) => u.routing === 'road')).toBe(true);
    // independently: every available pump truck's nearest vehicle node, many-to-one costs on the forward
    // graph to the scene's nearest node, plus the two legs to and from the graph at 20 km/h
    const truth = await query<{ ref: string; s: number }>(
      t.url,
      `
      with scene as (select n.id, st_distance(n.geom::geography, st_setSRID(st_makePoint($1, $2), 4326)::geography) as off
                       from road_node n where n.car order by n.geom <-> st_setSRID(st_makePoint($1, $2), 4326) limit 1),
      u as (select 'unit:' || r.code as ref, n.id as node, st_distance(n.geom::geography, r.position::geography) as off
              from resource_unit r cross join lateral (select id, geom from road_node where car order by geom <-> r.position limit 1) n
             where r.kind = 'pump_truck' and r.status = 'available' and r.position is not null),
      c as (select end_vid, start_vid, agg_cost from pgr_dijkstraCost(
              'select id, source, target, cost_s as cost, reverse_cost_s as reverse_cost from road_edge',
              (select array_agg(distinct node) from u where node <> (select id from scene)), (select id from scene), true))
      select u.ref, coalesce(c.agg_cost, 0) + (u.off + scene.off) / (20 / 3.6) as s
        from u cross join scene left join c on c.start_vid = u.node
       order by s, u.ref limit 3`,
      [incident.lng, incident.lat],
    );
    expect(trucks.map((u) => u.ref)).toEqual(truth.map((r) => r.ref));
    trucks.forEach((u, k) => {
      expect(u.travelS).toBeCloseTo(truth[k]!.s, 0);
      expect(u.etaMin).toBe(Math.ceil(u.travelS / 60));
    });
    // the route runs from the unit to the scene, through the nodes it snapped to
    for (const u of trucks) {
      expect(u.route[0]).toEqual([u.lng, u.lat]);
      expect(u.route.at(-1)).toEqual([incident.lng, incident.lat]);
      const [ends] = await query<{ a: number; b: number }>(
        t.url,
        `select st_distance(st_setSRID(st_makePoint($1, $2), 4326)::geography, (select geom from road_node where car order by geom <-> st_setSRID(st_makePoint($5, $6), 4326) limit 1)::geography) as a,
                st_distance(st_setSRID(st_makePoint($3, $4), 4326)::geography, (select geom from road_node where car order by geom <-> st_setSRID(st_makePoint($7, $8), 4326) limit 1)::geography) as b`,
        [...u.route[1]!, ...u.route.at(-2)!, u.lng, u.lat, incident.lng, incident.lat],
      );
      expect(ends!.a).toBeLessThan(3);
      expect(ends!.b).toBeLessThan(3);
      expect(u.routeM).toBeGreaterThanOrEqual(u.distanceM - 1);
    }
    const all = (await send('GET', `/api/incidents/${incident.code}/units?limit=10`, 'commander')).json<NearUnit[]>();
    expect(all).toHaveLength(10);
    for (let k = 1; k < all.length; k++) expect(all[k]!.travelS).toBeGreaterThanOrEqual(all[k - 1]!.travelS);
  });

  it('ranks a unit across a one-way street by the legal route, not the short illegal one', async () => {
    // a one-way edge inside the core area whose legal way back round the block is ≥ 3× its own cost
    const [e] = await query<{ id: number; from: [number, number]; to: [number, number]; cost: number; legal: number }>(
      t.url,
      `
      with cand as (
        select e.id, e.source, e.target, e.cost_s from road_edge e join road_node s on s.id = e.source join road_node g on g.id = e.target
         where e.oneway and e.cost_s > 0 and e.length_m between 80 and 300 and s.car and g.car
           and st_covers((select st_union(geom) from admin_area where level = 'district'), e.geom)
         order by e.id limit 60)
      select c.id, array[st_x(s.geom), st_y(s.geom)] as "from", array[st_x(g.geom), st_y(g.geom)] as "to", c.cost_s as cost, d.agg_cost as legal
        from cand c join road_node s on s.id = c.source join road_node g on g.id = c.target
        cross join lateral pgr_dijkstraCost('select id, source, target, cost_s as cost, reverse_cost_s as reverse_cost from road_edge', c.target, c.source, true) d
       where d.agg_cost >= 3 * c.cost_s
       order by c.id limit 1`,
    );
    expect(e, 'a one-way edge with a detour').toBeDefined();
    const [truck] = await query<{ code: string }>(
      t.url,
      `select code from resource_unit where kind = 'pump_truck' and status = 'available' order by code limit 1`,
    );
    // the truck stands at the edge's end (downstream), the scene at its start: legally it drives round the block
    await query(t.url, 'update resource_unit set position = st_setSRID(st_makePoint($1, $2), 4326) where code = $3', [
      ...e!.to,
      truck!.code,
    ]);
    const res = await send('POST', '/api/incidents', 'commander', { lng: e!.from[0], lat: e!.from[1], severity: 3 });
    expect(res.statusCode, res.body).toBe(201);
    const scene = res.json<Incident>();
    const units = (await send('GET', `/api/incidents/${scene.code}/units?kind=pump_truck&limit=50`, 'commander')).json<NearUnit[]>();
    const mine = units.find((u) => u.ref === `unit:${truck!.code}`)!;
    expect(mine.routing).toBe('road');
    expect(mine.travelS).toBeGreaterThanOrEqual(e!.legal - 0.5);
    expect(mine.travelS).toBeGreaterThan(2.5 * e!.cost);
    expect(mine.routeM).toBeGreaterThan(2 * mine.distanceM);
    await send('POST', `/api/incidents/${scene.code}/close`, 'commander');
  });

  it('keeps the straight line, labelled, for a unit off the road graph', async () => {
    const [truck] = await query<{ code: string }>(
      t.url,
      `select code from resource_unit where kind = 'repair_crew' and status = 'available' order by code limit 1`,
    );
    // far outside the graph's extent (an old position report from out of town)
    await query(t.url, 'update resource_unit set position = st_setSRID(st_makePoint(116.60, 40.10), 4326) where code = $1', [truck!.code]);
    const units = (await send('GET', `/api/incidents/${incident.code}/units?kind=repair_crew&limit=50`, 'commander')).json<NearUnit[]>();
    const off = units.find((u) => u.ref === `unit:${truck!.code}`)!;
    expect(off).toMatchObject({
      routing: 'straight',
      route: [
        [116.6, 40.1],
        [incident.lng, incident.lat],
      ],
    });
    expect(off.travelS).toBeCloseTo(off.distanceM / (20 / 3.6), 0);
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

  it('shows visitors the units and instructions without any patroller’s or chief’s name or position', async () => {
    const staff = (await send('GET', `/api/incidents/${incident.code}/units?limit=40`, 'leader')).json<NearUnit[]>();
    const person = staff.find((u) => u.ref.startsWith('person:'))!;
    expect(person).toBeDefined();
    const sent = await send('POST', `/api/incidents/${incident.code}/instructions`, 'leader', { text: '到场协助', targets: [person.ref] });
    expect(sent.statusCode).toBe(201);

    const seen = (await send('GET', `/api/incidents/${incident.code}/units?limit=40`, 'demo')).json<NearUnit[]>();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((u) => u.ref.startsWith('person:'))).toEqual([]);
    const patrollers = await send('GET', `/api/incidents/${incident.code}/units?kind=grid_patroller`, 'demo');
    expect(patrollers.json()).toEqual([]);

    const asLeader = (await send('GET', `/api/incidents/${incident.code}/instructions`, 'leader')).json<Instruction[]>();
    const asVisitor = (await send('GET', `/api/incidents/${incident.code}/instructions`, 'demo')).json<Instruction[]>();
    const target = (list: Instruction[]) => list.flatMap((n) => n.targets).find((x) => x.ref === person.ref)!;
    expect(target(asLeader).name).toBe(person.name);
    expect(target(asVisitor)).toMatchObject({ name: '现场人员', lng: null, lat: null });
    const body = JSON.stringify(asVisitor);
    expect(body).not.toContain(person.name);
    for (const n of asVisitor) expect(n.issuedBy).toBe('指挥中心');

    // the person answers from where they are: the leader's timeline has it, the visitor's only that someone did
    const answered = await send('POST', `/api/field/targets/${target(asLeader).id}`, 'field', {
      status: 'acknowledged',
      lng: person.lng,
      lat: person.lat,
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const steps = async (role: Role) =>
      (await send('GET', `/api/incidents/${incident.code}`, role))
        .json<IncidentDetail>()
        .timeline.filter((e) => e.payload.ref === person.ref);
    const led = await steps('leader');
    expect(led.at(-1)).toMatchObject({ kind: 'instruction.acknowledged', payload: { lng: person.lng, lat: person.lat } });
    const visited = await steps('demo');
    expect(visited.map((e) => e.kind)).toEqual(led.map((e) => e.kind));
    for (const e of visited) {
      expect(e.actor).toBe('现场人员');
      expect(e.payload).not.toHaveProperty('lng');
    }
    expect(JSON.stringify((await send('GET', `/api/incidents/${incident.code}`, 'demo')).json())).not.toContain(person.name);
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
