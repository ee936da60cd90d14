// The incident log's history (应急事件台账): the seeded year's worst underpass flooding and its biggest
// crowd at Shichahai, each commanded as the product would — the incident at the peak, an instruction
// four minutes later to the two nearest units of the right kind and the nearest alley chief, each
// addressee delivered, acknowledged, on its way along the road graph (its route as the wall draws it,
// eight positions reported along it, arriving after its travel time) and done, the incident closed — so
// the log, the replay's moving units and the tour have something to show on a fresh start. Synthetic,
// like the readings they follow.
import { along, length, lineString } from '@turf/turf';
import { SPEED_KMH } from '../server/emergency/queries.ts';
import { type Candidate, routes, travelTimes } from '../server/emergency/routing.ts';
import type { Generator, SeedContext } from './context.ts';

const round = (x: number) => Math.round(x * 1e6) / 1e6;

interface Spec {
  /** Finds the moment and place ($1: the seed's anchor; the story must end before it): one row (at, lng, lat, name,
   *  real: whether the peak reached the alarm level) or none. */
  peak: string;
  kind: 'waterlogging' | 'crowd_surge';
  severity: number;
  title: string;
  /** the title when the week's peak stayed below the alarm level (a dry week): the story is a drill (演练) */
  drill: string;
  unitKind: string;
  text: string;
  done: string;
}

const SPECS: Spec[] = [
  {
    peak: `select r.at, st_x(s.geom) as lng, st_y(s.geom) as lat, s.name, coalesce(r.value >= s.alarm_above, false) as real
             from sensor_reading r join sensor s on s.id = r.sensor_id
            where s.kind = 'waterlogging' and r.at <= $1::timestamptz - interval '2 hours' order by r.value desc, r.at limit 1`,
    kind: 'waterlogging',
    severity: 3,
    title: '积水险情',
    drill: '积水应急演练',
    unitKind: 'pump_truck',
    text: '立即赶赴现场抽排积水，设置警示围挡，到场后回报',
    done: '积水已抽排，道路恢复通行',
  },
  {
    peak: `select n.at, st_x(st_pointOnSurface(c.geom)) as lng, st_y(st_pointOnSurface(c.geom)) as lat, c.name,
                  n.count >= c.capacity * coalesce(c.alarm_share, 0.85) as real
             from crowd_count n join crowd_area c on c.id = n.crowd_area_id
            where c.code = 'shichahai' and n.at <= $1::timestamptz - interval '2 hours' order by n.count desc, n.at limit 1`,
    kind: 'crowd_surge',
    severity: 2,
    title: '人流聚集',
    drill: '人流疏导演练',
    unitKind: 'patrol_car',
    text: '立即赶赴现场疏导人流，实施单向通行，防止踩踏',
    done: '人流已疏导，秩序正常',
  },
];

/** Minutes after the incident opened: the instruction, then each addressee's steps, then the close. */
const SENT = 4;
const STEPS = { delivered: 0.5, acknowledged: 2, done: 45 };
/** Positions reported on the way, evenly along the road route (the field terminal reports as it moves). */
const ON_THE_WAY = 8;
/** The drive or walk takes its travel time along the road graph, within these minutes. */
const TRAVEL_MIN = { least: 1.5, most: 30 };
const CLOSED = 80;
const COMMANDER = '区领导';

async function seedIncident(ctx: SeedContext, spec: Spec): Promise<void> {
  const {
    rows: [peak],
  } = await ctx.db.query<{ at: Date; lng: number; lat: number; name: string; real: boolean }>(spec.peak, [ctx.anchor]);
  if (!peak) return; // a city seeded without readings has no history to command
  const minutes = (m: number) => new Date(peak.at.getTime() + m * 60_000);
  const {
    rows: [incident],
  } = await ctx.db.query<{ id: number }>(
    `
    with day as (select to_char($1::timestamptz at time zone 'Asia/Shanghai', 'YYYYMMDD') as d)
    insert into incident (code, kind, title, severity, status, location, radius_m, zone, commander, opened_at, closed_at)
    select 'YJ' || day.d || lpad((select count(*) + 1 from incident where code like 'YJ' || day.d || '%')::text, 3, '0'),
           $2, $3, $4, 'closed', st_setSRID(st_makePoint($5, $6), 4326), 300,
           st_buffer(st_setSRID(st_makePoint($5, $6), 4326)::geography, 300, 'quad_segs=16')::geometry, $7, $1, $8
      from day returning id`,
    [
      peak.at,
      spec.kind,
      `${peak.name}${peak.real ? spec.title : spec.drill}`,
      spec.severity,
      peak.lng,
      peak.lat,
      COMMANDER,
      minutes(CLOSED),
    ],
  );
  const id = incident!.id;
  const {
    rows: [instruction],
  } = await ctx.db.query<{ id: number }>(
    'insert into instruction (incident_id, text, issued_by, issued_at) values ($1, $2, $3, $4) returning id',
    [id, spec.text, COMMANDER, minutes(SENT)],
  );
  // the two nearest units of the kind and the nearest alley chief, from where they are parked
  const { rows: chosen } = await ctx.db.query<{
    unit: number | null;
    person: number | null;
    ref: string;
    actor: string;
    lng: number;
    lat: number;
  }>(
    `
    with here as (select st_setSRID(st_makePoint($1, $2), 4326)::geography as g)
    (select u.id as unit, null::int as person, 'unit:' || u.code as ref, u.name as actor, st_x(u.position) as lng, st_y(u.position) as lat
       from resource_unit u, here where u.kind = $3 and u.position is not null order by u.position::geography <-> here.g limit 2)
    union all
    (select null, p.id, 'person:' || p.id, p.name, st_x(p.position), st_y(p.position)
       from person p, here where p.role = 'alley_chief' and p.position is not null order by p.position::geography <-> here.g limit 1)`,
    [peak.lng, peak.lat, spec.unitKind],
  );
  const targets: ((typeof chosen)[number] & { id: number })[] = [];
  // the addressees answer one after another, not in the same second
  const lag = (i: number) => i * 0.4;
  for (const [i, c] of chosen.entries()) {
    const {
      rows: [t],
    } = await ctx.db.query<{ id: number }>(
      `
      insert into instruction_target (instruction_id, unit_id, person_id, status, delivered_at, acknowledged_at, done_at, note, position)
      values ($1, $2, $3, 'done', $4, $5, $6, $7, st_setSRID(st_makePoint($8, $9), 4326)) returning id`,
      [
        instruction!.id,
        c.unit,
        c.person,
        minutes(SENT + STEPS.delivered + lag(i)),
        minutes(SENT + STEPS.acknowledged + lag(i)),
        minutes(SENT + STEPS.done + lag(i)),
        spec.done,
        peak.lng,
        peak.lat,
      ],
    );
    targets.push({ ...c, id: t!.id });
  }

  // each addressee goes by the road graph (vehicles the legal directions, the chief on foot), as the wall ranks them
  const candidates: Candidate[] = targets.map((t) => ({
    ref: t.ref,
    foot: t.person !== null,
    lng: t.lng,
    lat: t.lat,
    speed: (SPEED_KMH[t.person !== null ? 'alley_chief' : (spec.unitKind as keyof typeof SPEED_KMH)] * 1000) / 3600,
  }));
  const travel = await travelTimes(ctx.db, peak, candidates);
  const lines = await routes(
    ctx.db,
    peak,
    travel.flatMap((t, k) => (t.node === null ? [] : [{ node: t.node, foot: candidates[k]!.foot }])),
  );

  const events: [Date, string, string, object][] = [
    [peak.at, 'opened', COMMANDER, { severity: spec.severity, radiusM: 300 }],
    [minutes(SENT), 'instruction.sent', COMMANDER, { instruction: instruction!.id, text: spec.text, targets: targets.map((t) => t.ref) }],
  ];
  targets.forEach((t, i) => {
    const road = travel[i]!.node === null ? undefined : lines.get(`${candidates[i]!.foot}:${travel[i]!.node}`);
    const route = lineString([[t.lng, t.lat], ...(road ?? []), [peak.lng, peak.lat]]);
    const metres = length(route, { units: 'meters' });
    const minutesOnTheWay = Math.min(Math.max(travel[i]!.travelS / 60, TRAVEL_MIN.least), TRAVEL_MIN.most);
    const step = (kind: string, m: number, extra: object) =>
      events.push([
        minutes(SENT + m + lag(i)),
        `instruction.${kind}`,
        t.actor,
        { instruction: instruction!.id, target: t.id, ref: t.ref, ...extra },
      ]);
    step('delivered', STEPS.delivered, {});
    step('acknowledged', STEPS.acknowledged, { lng: t.lng, lat: t.lat });
    for (let k = 1; k <= ON_THE_WAY; k++) {
      const share = k / (ON_THE_WAY + 1);
      const [lng, lat] = along(route, metres * share, { units: 'meters' }).geometry.coordinates as [number, number];
      step('progress', STEPS.acknowledged + minutesOnTheWay * share, { lng: round(lng), lat: round(lat), note: '正在赶赴现场' });
    }
    step('progress', STEPS.acknowledged + minutesOnTheWay, { lng: peak.lng, lat: peak.lat, note: '已到达现场' });
    step('done', STEPS.done, { lng: peak.lng, lat: peak.lat, note: spec.done });
  });
  events.push([minutes(CLOSED), 'closed', COMMANDER, {}]);
  await ctx.db.query(
    `
    insert into incident_event (incident_id, at, kind, actor, payload)
    select $1, e.at, e.kind, e.actor, e.payload from unnest($2::timestamptz[], $3::text[], $4::text[], $5::jsonb[]) as e(at, kind, actor, payload)`,
    [id, events.map((e) => e[0]), events.map((e) => e[1]), events.map((e) => e[2]), events.map((e) => JSON.stringify(e[3]))],
  );
}

const generator: Generator = {
  name: 'incidents',
  async run(ctx: SeedContext) {
    const step = ctx.progress.step('incident log', SPECS.length);
    for (const spec of SPECS) {
      await seedIncident(ctx, spec);
      step.tick();
    }
    step.done();
  },
};

export default generator;
