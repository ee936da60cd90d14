// Emergency command in SQL: opening an incident (from an alarm or a point on the map) with its impact
// zone, what the zone holds, the nearest units by PostGIS distance, and instructions whose every
// addressee moves sent → delivered → acknowledged → done, each step on the incident's timeline and
// on the live stream (published in the same transaction).
import type pg from 'pg';
import { openCaseSql } from '../cases/queries.ts';
import type { Impact, Incident, IncidentCreate, IncidentDetail, Instruction, NearUnit, TargetStatus } from '../contracts/emergency.ts';
import { badRequest, conflict, HttpError, notFound } from '../errors.ts';
import { publish } from '../live/outbox.ts';
import { sensorStatusSql } from '../sensors/status.ts';
import { routes, travelTimes } from './routing.ts';

export const DEFAULT_RADIUS_M = 300;
/** City speeds, km/h: the legs to and from the road graph, and the straight-line fallback off it. */
export const SPEED_KMH: Record<NearUnit['kind'], number> = {
  pump_truck: 20,
  repair_crew: 20,
  patrol_car: 20,
  rescue_team: 20,
  grid_patroller: 4.5,
  alley_chief: 4.5,
};
/** Kinds that go on foot (the foot graph, both ways); the others drive (legal directions only). */
const ON_FOOT = new Set<NearUnit['kind']>(['grid_patroller', 'alley_chief']);
/** Field units whose last position is older than this are not offered as "nearest". */
const POSITION_FRESH_HOURS = 24;

const TITLES: Record<string, string> = {
  waterlogging: '积水险情',
  crowd_surge: '人流聚集',
  manhole_cover: '井盖位移',
  fire: '火情',
  other: '突发事件',
};

const INCIDENT_COLUMNS = `i.code, i.kind, i.title, i.severity, i.status,
  round(st_x(i.location)::numeric, 6)::float8 as lng, round(st_y(i.location)::numeric, 6)::float8 as lat,
  i.radius_m as "radiusM", st_asGeoJSON(i.zone, 6)::json as zone, s.code as sensor, ca.code as "crowdArea",
  i.commander, to_json(i.opened_at)#>>'{}' as "openedAt", to_json(i.closed_at)#>>'{}' as "closedAt"`;
const INCIDENT_JOINS = `left join sensor_alarm sa on sa.id = i.sensor_alarm_id left join sensor s on s.id = sa.sensor_id
  left join crowd_alarm cal on cal.id = i.crowd_alarm_id left join crowd_area ca on ca.id = cal.crowd_area_id`;

async function timeline(db: pg.ClientBase, incidentId: number, kind: string, actor: string, payload: Record<string, unknown>) {
  await db.query('insert into incident_event (incident_id, kind, actor, payload) values ($1, $2, $3, $4)', [
    incidentId,
    kind,
    actor,
    JSON.stringify(payload),
  ]);
}

/** Opens an incident; raised again from the same alarm it answers the one already open (`created` false). */
export async function openIncident(
  db: pg.ClientBase,
  input: IncidentCreate,
  commander: string,
): Promise<{ incident: Incident; created: boolean }> {
  let kind = input.kind;
  let point: [number, number] | null = input.lng !== undefined && input.lat !== undefined ? [input.lng, input.lat] : null;
  let sensorAlarmId: number | null = null;
  let crowdAlarmId: number | null = null;
  let title = input.title;
  if (input.sensor) {
    const {
      rows: [a],
    } = await db.query<{ id: number; kind: string; name: string; lng: number; lat: number; incident: string | null }>(
      `
      select sa.id, s.kind, s.name, st_x(s.geom) as lng, st_y(s.geom) as lat, i.code as incident
        from sensor s join sensor_alarm sa on sa.sensor_id = s.id and sa.cleared_at is null
        left join incident i on i.sensor_alarm_id = sa.id
       where s.code = $1`,
      [input.sensor],
    );
    if (!a) throw conflict(`sensor ${input.sensor} has no open alarm to raise an incident from`);
    if (a.incident) return { incident: (await incidentByCode(db, a.incident))!, created: false };
    sensorAlarmId = a.id;
    kind ??= a.kind === 'manhole_cover' ? 'manhole_cover' : a.kind === 'waterlogging' || a.kind === 'rain_gauge' ? 'waterlogging' : 'other';
    point ??= [a.lng, a.lat];
    title ??= `${a.name}${TITLES[kind]}`;
  } else if (input.crowdArea) {
    const {
      rows: [a],
    } = await db.query<{ id: number; name: string; lng: number; lat: number; incident: string | null }>(
      `
      select x.id, c.name, st_x(st_pointOnSurface(c.geom)) as lng, st_y(st_pointOnSurface(c.geom)) as lat, i.code as incident
        from crowd_area c join crowd_alarm x on x.crowd_area_id = c.id and x.cleared_at is null
        left join incident i on i.crowd_alarm_id = x.id
       where c.code = $1`,
      [input.crowdArea],
    );
    if (!a) throw conflict(`crowd area ${input.crowdArea} has no open alarm to raise an incident from`);
    if (a.incident) return { incident: (await incidentByCode(db, a.incident))!, created: false };
    crowdAlarmId = a.id;
    kind ??= 'crowd_surge';
    point ??= [a.lng, a.lat];
    title ??= `${a.name}${TITLES[kind]}`;
  }
  if (!point && input.zone) {
    const {
      rows: [c],
    } = await db.query<{ lng: number; lat: number }>(
      'select st_x(p) as lng, st_y(p) as lat from st_pointOnSurface(st_setSRID(st_geomFromGeoJSON($1), 4326)) p',
      [JSON.stringify(input.zone)],
    );
    point = [c!.lng, c!.lat];
  }
  if (!point) throw badRequest('say where: lng and lat, a zone polygon, a sensor with an open alarm, or a crowd area with an open alarm');
  kind ??= 'other';
  title ??= TITLES[kind]!;
  const radius = input.zone ? null : (input.radiusM ?? DEFAULT_RADIUS_M);

  const {
    rows: [inside],
  } = await db.query<{ ok: boolean }>(
    `select exists (select 1 from admin_area where level = 'district' and st_covers(geom, st_setSRID(st_makePoint($1, $2), 4326))) as ok`,
    point,
  );
  if (!inside!.ok) throw new HttpError(422, `the point ${point[0]}, ${point[1]} is outside the managed area (东城区, 西城区)`);

  await db.query(`select pg_advisory_xact_lock(hashtext('incident_code'))`);
  const {
    rows: [made],
  } = await db.query<{ id: number; code: string }>(
    `
    with day as (select to_char(now() at time zone 'Asia/Shanghai', 'YYYYMMDD') as d)
    insert into incident (code, kind, title, severity, location, radius_m, zone, sensor_alarm_id, crowd_alarm_id, commander)
    select 'YJ' || day.d || lpad((select count(*) + 1 from incident where code like 'YJ' || day.d || '%')::text, 3, '0'),
           $1, $2, $3, st_setSRID(st_makePoint($4, $5), 4326), $6::float8,
           case when $7::text is null then st_buffer(st_setSRID(st_makePoint($4, $5), 4326)::geography, $6::float8, 'quad_segs=16')::geometry
                else st_setSRID(st_geomFromGeoJSON($7), 4326) end,
           $8, $9, $10
      from day returning id, code`,
    [
      kind,
      title,
      input.severity,
      point[0],
      point[1],
      radius,
      input.zone ? JSON.stringify(input.zone) : null,
      sensorAlarmId,
      crowdAlarmId,
      commander,
    ],
  );
  await timeline(db, made!.id, 'opened', commander, {
    severity: input.severity,
    radiusM: radius,
    sensor: input.sensor ?? null,
    crowdArea: input.crowdArea ?? null,
  });
  const incident = (await incidentByCode(db, made!.code))!;
  await publish(db, [
    {
      kind: 'incident.opened',
      payload: {
        code: incident.code,
        kind: incident.kind,
        title: incident.title,
        severity: incident.severity,
        lng: incident.lng,
        lat: incident.lat,
        at: incident.openedAt,
      },
    },
  ]);
  return { incident, created: true };
}

export async function incidentByCode(db: pg.ClientBase | pg.Pool, code: string): Promise<Incident | null> {
  const {
    rows: [row],
  } = await db.query<Incident>(`select ${INCIDENT_COLUMNS} from incident i ${INCIDENT_JOINS} where i.code = $1`, [code]);
  return row ?? null;
}

export async function incidentDetail(db: pg.Pool, code: string): Promise<IncidentDetail> {
  const incident = await incidentByCode(db, code);
  if (!incident) throw notFound(`no incident with code ${code}`);
  const { rows } = await db.query<IncidentDetail['timeline'][number]>(
    `
    select to_json(e.at)#>>'{}' as at, e.kind, e.actor, e.payload from incident_event e join incident i on i.id = e.incident_id
     where i.code = $1 order by e.at, e.id`,
    [code],
  );
  return { ...incident, timeline: rows };
}

export async function listIncidents(db: pg.Pool, status?: 'open' | 'closed'): Promise<Incident[]> {
  const { rows } = await db.query<Incident>(
    `select ${INCIDENT_COLUMNS} from incident i ${INCIDENT_JOINS}
     where $1::text is null or i.status = $1 order by i.opened_at desc limit 200`,
    [status ?? null],
  );
  return rows;
}

export async function closeIncident(db: pg.ClientBase, code: string, actor: string): Promise<Incident> {
  const {
    rows: [row],
  } = await db.query<{ id: number; status: string }>('select id, status from incident where code = $1 for update', [code]);
  if (!row) throw notFound(`no incident with code ${code}`);
  if (row.status === 'closed') throw conflict(`incident ${code} is already closed`);
  await db.query(`update incident set status = 'closed', closed_at = now() where id = $1`, [row.id]);
  await timeline(db, row.id, 'closed', actor, {});
  const incident = (await incidentByCode(db, code))!;
  await publish(db, [
    {
      kind: 'incident.closed',
      payload: {
        code,
        kind: incident.kind,
        title: incident.title,
        severity: incident.severity,
        lng: incident.lng,
        lat: incident.lat,
        at: incident.closedAt!,
      },
    },
  ]);
  return incident;
}

/** What the impact zone holds: cells, alleys (and their chiefs), sensors, crowd areas, open cases. */
export async function impactOf(db: pg.Pool, code: string): Promise<Impact> {
  const {
    rows: [z],
  } = await db.query<{ id: number }>('select id from incident where code = $1', [code]);
  if (!z) throw notFound(`no incident with code ${code}`);
  const zone = '(select zone from incident where id = $1)';
  const [cells, alleys, sensors, crowdAreas, openCases] = await Promise.all([
    db.query(`select g.code, g.class from grid_cell g where st_intersects(g.geom, ${zone}) order by g.code`, [z.id]),
    db.query(
      `select a.qr_slug as slug, a.name, p.name as chief, p.id as "chiefId" from alley a left join person p on p.id = a.chief_id
               where st_intersects(a.geom, ${zone}) order by a.name, a.id`,
      [z.id],
    ),
    db.query(
      `select s.code, s.kind, s.name, ${sensorStatusSql('s')} as status, s.last_value as "lastValue" from sensor s
               where st_intersects(s.geom, ${zone}) order by s.code`,
      [z.id],
    ),
    db.query(
      `select c.code, c.name, (select n.count from crowd_count n where n.crowd_area_id = c.id order by n.at desc limit 1) as count, c.capacity
                from crowd_area c where st_intersects(c.geom, ${zone}) order by c.code`,
      [z.id],
    ),
    db.query(
      `select c.code, k.name as "categoryName", c.stage, c.priority from cases c join category k on k.code = c.category_code
               where st_intersects(c.geom, ${zone}) and ${openCaseSql('c')} order by c.priority, c.reported_at desc limit 500`,
      [z.id],
    ),
  ]);
  const chiefs = new Map<number, { id: number; name: string; alleys: string[] }>();
  for (const a of alleys.rows as { name: string; chief: string | null; chiefId: number | null }[]) {
    if (a.chiefId === null) continue;
    const c = chiefs.get(a.chiefId) ?? { id: a.chiefId, name: a.chief!, alleys: [] };
    c.alleys.push(a.name);
    chiefs.set(a.chiefId, c);
  }
  return {
    cells: cells.rows,
    alleys: alleys.rows.map(({ slug, name, chief }) => ({ slug, name, chief })),
    chiefs: [...chiefs.values()].sort((a, b) => a.id - b.id),
    sensors: sensors.rows,
    crowdAreas: crowdAreas.rows,
    openCases: openCases.rows,
  };
}

/** The nearest units that can answer — available resource units, and patrollers and chiefs with a fresh
 * position — ranked by travel time along the road graph (server/emergency/routing.ts), each with its route. */
/** The nearest units; `people: false` (visitors) leaves out patrollers and alley chiefs, whose names and live
 *  positions are personal data. */
export async function nearestUnits(
  db: pg.Pool,
  code: string,
  limit: number,
  kind?: NearUnit['kind'],
  { people = true }: { people?: boolean } = {},
): Promise<NearUnit[]> {
  const {
    rows: [i],
  } = await db.query<{ id: number; lng: number; lat: number }>(
    'select id, st_x(location) as lng, st_y(location) as lat from incident where code = $1',
    [code],
  );
  if (!i) throw notFound(`no incident with code ${code}`);
  const { rows } = await db.query<Omit<NearUnit, 'distanceM' | 'etaMin' | 'routing' | 'travelS' | 'routeM' | 'route'>>(
    `
    with units as (
      select 'unit:' || u.code as ref, u.kind, u.name, d.name as department, u.position, u.position_at
        from resource_unit u join department d on d.id = u.department_id
       where u.status = 'available' and u.position is not null
      union all
      select 'person:' || p.id, case p.role when 'grid_patroller' then 'grid_patroller' else 'alley_chief' end, p.name, p.organisation, p.position, p.position_at
        from person p
       where $2 and p.role in ('grid_patroller', 'alley_chief') and p.position is not null
         and p.position_at > now() - interval '${POSITION_FRESH_HOURS} hours')
    select ref, kind, name, department, round(st_x(position)::numeric, 6)::float8 as lng, round(st_y(position)::numeric, 6)::float8 as lat,
           to_json(position_at)#>>'{}' as "positionAt"
      from units
     where $1::text is null or kind = $1`,
    [kind ?? null, people],
  );
  const scene = { lng: i.lng, lat: i.lat };
  const candidates = rows.map((u) => ({
    ref: u.ref,
    foot: ON_FOOT.has(u.kind),
    lng: u.lng,
    lat: u.lat,
    speed: (SPEED_KMH[u.kind] * 1000) / 3600,
  }));
  const travel = await travelTimes(db, scene, candidates);
  const ranked = rows
    .map((u, k) => ({ u, c: candidates[k]!, t: travel[k]! }))
    .sort((a, b) => a.t.travelS - b.t.travelS || (a.u.ref < b.u.ref ? -1 : a.u.ref > b.u.ref ? 1 : 0))
    .slice(0, limit);
  const lines = await routes(
    db,
    scene,
    ranked.flatMap(({ c, t }) => (t.node === null ? [] : [{ node: t.node, foot: c.foot }])),
  );
  return ranked.map(({ u, c, t }) => {
    const road = t.node === null ? undefined : lines.get(`${c.foot}:${t.node}`);
    const route: [number, number][] = [[u.lng, u.lat], ...(road ?? []), [scene.lng, scene.lat]];
    return {
      ...u,
      distanceM: Math.round(t.distanceM * 10) / 10,
      routing: t.routing,
      travelS: Math.round(t.travelS * 10) / 10,
      etaMin: Math.ceil(t.travelS / 60),
      routeM: Math.round(lineMetres(route)),
      route,
    };
  });
}

/** Metres along [lng, lat] points (equirectangular at the core area's latitude: < 0.1% off over a few km). */
function lineMetres(points: readonly [number, number][]): number {
  let m = 0;
  for (let k = 1; k < points.length; k++) {
    const [x0, y0] = points[k - 1]!;
    const [x1, y1] = points[k]!;
    const dx = (x1 - x0) * Math.cos((((y0 + y1) / 2) * Math.PI) / 180) * 111_320;
    const dy = (y1 - y0) * 110_574;
    m += Math.hypot(dx, dy);
  }
  return m;
}

const TARGET_NAME = `coalesce(u.name, p.name, d.name)`;
const TARGET_REF = `coalesce('unit:' || u.code, 'person:' || p.id, 'department:' || d.code)`;

/** An instruction as a visitor may see it: people addressed by role only, with no position, and the issuer as
 *  the command centre. */
export function forVisitors(n: Instruction): Instruction {
  return {
    ...n,
    issuedBy: '指挥中心',
    targets: n.targets.map((t) => (t.ref.startsWith('person:') ? { ...t, name: '现场人员', note: null, lng: null, lat: null } : t)),
  };
}

/** An incident's timeline as a visitor may see it: a patroller's or chief's steps by role only (现场人员), with no
 *  position or note, as in forVisitors; vehicles, crews and the command keep theirs. */
export function timelineForVisitors(detail: IncidentDetail): IncidentDetail {
  return {
    ...detail,
    timeline: detail.timeline.map((e) => {
      if (typeof e.payload.ref !== 'string' || !e.payload.ref.startsWith('person:')) return e;
      const { lng: _lng, lat: _lat, note: _note, ...rest } = e.payload;
      return { ...e, actor: '现场人员', payload: rest };
    }),
  };
}

export async function instructionsOf(db: pg.ClientBase | pg.Pool, where: string, params: unknown[]): Promise<Instruction[]> {
  const { rows } = await db.query<Instruction>(
    `
    select n.id::int, i.code as incident, n.text, n.issued_by as "issuedBy", to_json(n.issued_at)#>>'{}' as "issuedAt",
           json_agg(json_build_object('id', t.id, 'ref', ${TARGET_REF}, 'name', ${TARGET_NAME}, 'status', t.status,
             'deliveredAt', to_json(t.delivered_at)#>>'{}', 'acknowledgedAt', to_json(t.acknowledged_at)#>>'{}', 'doneAt', to_json(t.done_at)#>>'{}',
             'secondsToAcknowledge', round(extract(epoch from t.acknowledged_at - n.issued_at)::numeric, 1), 'note', t.note,
             'lng', round(st_x(coalesce(u.position, p.position, t.position))::numeric, 6), 'lat', round(st_y(coalesce(u.position, p.position, t.position))::numeric, 6)) order by t.id) as targets
      from instruction n join incident i on i.id = n.incident_id join instruction_target t on t.instruction_id = n.id
      left join resource_unit u on u.id = t.unit_id left join person p on p.id = t.person_id left join department d on d.id = t.department_id
     where ${where}
     group by n.id, i.code order by n.issued_at desc, n.id desc`,
    params,
  );
  return rows;
}

export async function sendInstruction(
  db: pg.ClientBase,
  code: string,
  text: string,
  refs: readonly string[],
  issuedBy: string,
): Promise<Instruction> {
  const {
    rows: [inc],
  } = await db.query<{ id: number; status: string }>('select id, status from incident where code = $1', [code]);
  if (!inc) throw notFound(`no incident with code ${code}`);
  if (inc.status !== 'open') throw conflict(`incident ${code} is closed: instructions go to open incidents`);
  const unique = [...new Set(refs)];
  const resolved: { ref: string; unit: number | null; person: number | null; department: number | null }[] = [];
  for (const ref of unique) {
    const [type, key] = ref.split(':') as [string, string];
    const sql =
      type === 'unit'
        ? 'select id from resource_unit where code = $1'
        : type === 'person'
          ? `select id from person where id = $1::int and role in ('grid_patroller', 'alley_chief', 'steward', 'department_officer')`
          : 'select id from department where code = $1';
    const {
      rows: [row],
    } = await db.query<{ id: number }>(sql, [key]);
    if (!row) throw badRequest(`targets: no ${type === 'person' ? 'field person' : type} ${key}`);
    resolved.push({
      ref,
      unit: type === 'unit' ? row.id : null,
      person: type === 'person' ? row.id : null,
      department: type === 'department' ? row.id : null,
    });
  }
  const {
    rows: [n],
  } = await db.query<{ id: number; at: string }>(
    `insert into instruction (incident_id, text, issued_by) values ($1, $2, $3) returning id::int, to_json(issued_at)#>>'{}' as at`,
    [inc.id, text, issuedBy],
  );
  const { rows: targets } = await db.query<{ id: number; n: number }>(
    `
    insert into instruction_target (instruction_id, unit_id, person_id, department_id)
    select $1, t.unit, t.person, t.department from jsonb_to_recordset($2::jsonb) as t(unit int, person int, department int)
    returning id::int`,
    [n!.id, JSON.stringify(resolved)],
  );
  await timeline(db, inc.id, 'instruction.sent', issuedBy, { instruction: n!.id, text, targets: unique });
  await publish(db, [
    {
      kind: 'instruction.sent',
      payload: {
        incident: code,
        instruction: n!.id,
        text,
        at: n!.at,
        targets: targets.map((t, k) => ({ id: t.id, ref: resolved[k]!.ref })),
      },
    },
  ]);
  return (await instructionsOf(db, 'n.id = $1', [n!.id]))[0]!;
}

const ORDER: TargetStatus[] = ['sent', 'delivered', 'acknowledged', 'done'];

/** The unit or person addressed is where it reported from. */
async function moveAddressee(
  db: pg.ClientBase,
  t: { unit: number | null; person: number | null },
  at: { lng: number; lat: number } | undefined,
): Promise<void> {
  if (!at) return;
  if (t.unit !== null)
    await db.query('update resource_unit set position = st_setSRID(st_makePoint($2, $3), 4326), position_at = now() where id = $1', [
      t.unit,
      at.lng,
      at.lat,
    ]);
  if (t.person !== null)
    await db.query('update person set position = st_setSRID(st_makePoint($2, $3), 4326), position_at = now() where id = $1', [
      t.person,
      at.lng,
      at.lat,
    ]);
}

/** An addressee reports: delivered (the field page has it), acknowledged, or done — never backwards; the
 * same state again with a position or a note is a progress report (the unit on its way). */
export async function updateTarget(
  db: pg.ClientBase,
  id: number,
  status: 'delivered' | 'acknowledged' | 'done',
  actor: string,
  at?: { lng: number; lat: number },
  note?: string,
): Promise<Instruction> {
  const {
    rows: [t],
  } = await db.query<{
    status: TargetStatus;
    instruction: number;
    incident: number;
    code: string;
    ref: string;
    unit: number | null;
    person: number | null;
  }>(
    `
    select t.status, t.instruction_id::int as instruction, n.incident_id::int as incident, i.code, ${TARGET_REF} as ref, t.unit_id as unit, t.person_id as person
      from instruction_target t join instruction n on n.id = t.instruction_id join incident i on i.id = n.incident_id
      left join resource_unit u on u.id = t.unit_id left join person p on p.id = t.person_id left join department d on d.id = t.department_id
     where t.id = $1 for update of t`,
    [id],
  );
  if (!t) throw notFound(`no instruction addressee ${id}`);
  if (ORDER.indexOf(status) < ORDER.indexOf(t.status))
    throw conflict(`addressee ${id} is already ${t.status}; it cannot go back to ${status}`);
  // the same state again is a progress report when it brings a position or a note, else a retry
  const progress = status === t.status;
  if (progress && (status === 'done' || (!at && note === undefined))) return (await instructionsOf(db, 'n.id = $1', [t.instruction]))[0]!;
  // reaching a later state fills the earlier ones it skipped (acknowledged implies delivered)
  await db.query(
    `
    update instruction_target set status = $2,
      delivered_at = coalesce(delivered_at, now()),
      acknowledged_at = case when $2 in ('acknowledged', 'done') then coalesce(acknowledged_at, now()) end,
      done_at = case when $2 = 'done' then now() end,
      note = coalesce($3, note),
      position = coalesce(st_setSRID(st_makePoint($4, $5), 4326), position)
     where id = $1`,
    [id, status, note ?? null, at?.lng ?? null, at?.lat ?? null],
  );
  await moveAddressee(db, t, at);
  if (!progress && status !== 'delivered' && t.unit !== null) {
    await db.query(`update resource_unit set status = $2 where id = $1`, [t.unit, status === 'done' ? 'available' : 'busy']);
  }
  await timeline(db, t.incident, `instruction.${progress ? 'progress' : status}`, actor, {
    instruction: t.instruction,
    target: id,
    ref: t.ref,
    note: note ?? null,
    lng: at?.lng ?? null,
    lat: at?.lat ?? null,
  });
  await publish(db, [
    {
      kind: 'instruction.status',
      payload: {
        incident: t.code,
        instruction: t.instruction,
        target: id,
        ref: t.ref,
        status,
        at: new Date().toISOString(),
        lng: at?.lng ?? null,
        lat: at?.lat ?? null,
      },
    },
  ]);
  return (await instructionsOf(db, 'n.id = $1', [t.instruction]))[0]!;
}

/** Instructions a terminal still shows: those of open incidents, and the last day's of closed ones. */
const CURRENT = `(i.status = 'open' or n.issued_at > now() - interval '1 day')`;

/** What a unit (or a person) in the field has been told lately, newest first. */
export async function fieldInstructions(db: pg.Pool, ref: string): Promise<Instruction[]> {
  const [type, key] = ref.split(':') as [string, string];
  if (type === 'unit')
    return instructionsOf(
      db,
      `${CURRENT} and n.id in (select t2.instruction_id from instruction_target t2 join resource_unit u2 on u2.id = t2.unit_id where u2.code = $1)`,
      [key],
    );
  return instructionsOf(db, `${CURRENT} and n.id in (select t2.instruction_id from instruction_target t2 where t2.person_id = $1::int)`, [
    key,
  ]);
}
