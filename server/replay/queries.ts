// The replay's window of the past, read as columns (server/replay/columns.ts) and written as Arrow IPC
// streams, one per table (the layout is documented in server/contracts/replay.ts). Only what the wall
// draws: never a reporter, a phone, an actor, a note, or a person's name or position.
import { Utf8, vectorFromArray } from 'apache-arrow';
import type pg from 'pg';
import { CASE_SOURCES, CASE_STAGES, FINISHED_STAGES, INCIDENT_KINDS, SENSOR_KINDS } from '../contracts/constants.ts';
import type { ReplayActivity, ReplayGroup } from '../contracts/replay.ts';
import { beijingDayStart } from '../domain/beijing.ts';
import { ACTIONS, NOTES } from '../domain/caseflow.ts';
import { aggregates, decode, dictionary, ipcTable, type Kind, vector } from './columns.ts';

/** Every action a trail may hold; the Int8 code of caseEvents.action is its index here. */
export const CASE_ACTIONS: readonly string[] = [...Object.keys(ACTIONS), ...NOTES];

const codes = (list: readonly string[]) => JSON.stringify(list);

type Columns = Record<string, [Kind, string]>;

/** Runs `select <aggregates> from (<rows>) r` and decodes each column. */
async function columns(db: pg.Pool, cols: Columns, rows: string, params: unknown[]) {
  const client = await db.connect();
  let row: Record<string, Buffer> | undefined;
  try {
    // the answer's queries run side by side: on a few cores, parallel workers for each one only queue
    await client.query('begin read only');
    await client.query('set local max_parallel_workers_per_gather = 0');
    row = (await client.query<Record<string, Buffer>>(`select ${aggregates(cols)} from (${rows}) r`, params)).rows[0];
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  return Object.fromEntries(Object.entries(cols).map(([name, [kind]]) => [name, decode(kind, row![name]!)]));
}

// ms since the window's start ($1), exact in float8
const ms = (expr: string) => `extract(epoch from (${expr}) - $1::timestamptz) * 1000`;
const msOrNaN = (expr: string) => `coalesce(${ms(expr)}, 'NaN'::float8)`;

const STAGE_INDEX = `array_position(${sqlArray(CASE_STAGES)}, %s) - 1`;
const SOURCE_INDEX = `array_position(${sqlArray(CASE_SOURCES)}, c.source) - 1`;
const stageIndex = (expr: string) => STAGE_INDEX.replace('%s', expr);

function sqlArray(list: readonly string[]): string {
  return `array[${list.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}

export interface Window {
  from: Date;
  to: Date;
  groups: readonly ReplayGroup[];
}

/** The answer's bytes: each table's IPC stream, one after another. */
export async function replay(db: pg.Pool, w: Window): Promise<{ body: Buffer; events: number }> {
  const p = [w.from, w.to];
  const has = (g: ReplayGroup) => w.groups.includes(g);
  const parts: Uint8Array[] = [];
  let events = 0;

  const [reportedToday, open, caseEvents, sensors, readings, areas, counts, incidents, incidentEvents] = await Promise.all([
    has('cases')
      ? db.query<{ n: number }>(
          'select count(*)::int as n from cases where reported_at >= $1::timestamptz and reported_at < $2::timestamptz',
          [new Date(beijingDayStart(w.from.getTime())), w.from],
        )
      : undefined,
    has('cases') ? openAtFrom(db, w.from) : undefined,
    has('cases') ? caseEventsOf(db, w) : undefined,
    has('sensors')
      ? columns(
          db,
          {
            id: ['i32', 'r.id'],
            kind: ['i8', `array_position(${sqlArray(SENSOR_KINDS)}, r.kind) - 1`],
            lng: ['f32', 'st_x(r.geom)'],
            lat: ['f32', 'st_y(r.geom)'],
            value: ['f32', "coalesce(r.value, 'NaN')"],
            alarm: ['i8', 'r.alarm::int'],
          },
          `select s.id, s.kind, s.geom, last.value,
                  exists (select 1 from sensor_alarm a where a.sensor_id = s.id and a.raised_at < $1::timestamptz
                             and (a.cleared_at is null or a.cleared_at >= $1::timestamptz)) as alarm
             from sensor s
             left join lateral (select value from sensor_reading x where x.sensor_id = s.id and x.at < $1::timestamptz
                                 order by x.at desc limit 1) last on true
            where $2::timestamptz is not null
            order by s.id`,
          p,
        )
      : undefined,
    has('sensors')
      ? columns(
          db,
          {
            t: ['f64', ms('r.at')],
            sensor: ['i32', 'r.sensor_id'],
            value: ['f32', 'r.value'],
            alarm: ['i8', 'r.alarm::int'],
          },
          `select x.at, x.sensor_id, x.value, a.id is not null as alarm
             from sensor_reading x
             left join sensor_alarm a on a.sensor_id = x.sensor_id and a.raised_at <= x.at and (a.cleared_at is null or a.cleared_at > x.at)
            where x.at >= $1::timestamptz and x.at < $2::timestamptz
            order by x.at, x.sensor_id`,
          p,
        )
      : undefined,
    has('crowds')
      ? columns(
          db,
          {
            id: ['i32', 'r.id'],
            lng: ['f32', 'st_x(r.p)'],
            lat: ['f32', 'st_y(r.p)'],
            capacity: ['i32', 'r.capacity'],
            count: ['i32', 'coalesce(r.count, -1)'],
          },
          `select a.id, st_pointOnSurface(a.geom) as p, a.capacity, last.count
             from crowd_area a
             left join lateral (select count from crowd_count n where n.crowd_area_id = a.id and n.at < $1::timestamptz
                                 order by n.at desc limit 1) last on true
            where $2::timestamptz is not null
            order by a.id`,
          p,
        )
      : undefined,
    has('crowds')
      ? columns(
          db,
          { t: ['f64', ms('r.at')], area: ['i32', 'r.crowd_area_id'], count: ['i32', 'r.count'] },
          `select at, crowd_area_id, count from crowd_count
            where at >= $1::timestamptz and at < $2::timestamptz order by at, crowd_area_id`,
          p,
        )
      : undefined,
    has('incidents')
      ? db.query<{
          id: number;
          code: string;
          title: string;
          kind: string;
          severity: number;
          lng: number;
          lat: number;
          radius: number | null;
          opened: number;
          closed: number | null;
        }>(
          `select id::int, code, title, kind, severity, st_x(location) as lng, st_y(location) as lat, radius_m as radius,
                  ${ms('opened_at')} as opened, ${ms('closed_at')} as closed
             from incident
            where opened_at < $2::timestamptz and (closed_at is null or closed_at >= $1::timestamptz)
            order by opened_at, id`,
          p,
        )
      : undefined,
    has('incidents')
      ? db.query<{ t: number; incident: number; kind: string; unit: string | null; lng: number | null; lat: number | null }>(
          `select ${ms('e.at')} as t, e.incident_id::int as incident, e.kind,
                  case when e.payload->>'ref' like 'unit:%' then substr(e.payload->>'ref', 6) end as unit,
                  case when e.payload->>'ref' like 'unit:%' then (e.payload->>'lng')::float8 end as lng,
                  case when e.payload->>'ref' like 'unit:%' then (e.payload->>'lat')::float8 end as lat
             from incident_event e
            where e.at >= $1::timestamptz and e.at < $2::timestamptz
            order by e.at, e.id`,
          p,
        )
      : undefined,
  ]);

  parts.push(
    ipcTable(
      'window',
      {
        fromMs: vector(new Float64Array([w.from.getTime()])),
        toMs: vector(new Float64Array([w.to.getTime()])),
        reportedToday: vector(new Int32Array([reportedToday?.rows[0]?.n ?? 0])),
      },
      {
        from: w.from.toISOString(),
        to: w.to.toISOString(),
        time: 'ms since from (Float64)',
        groups: w.groups.join(','),
        stage: codes(CASE_STAGES),
        source: codes(CASE_SOURCES),
        sensorKind: codes(SENSOR_KINDS),
        incidentKind: codes(INCIDENT_KINDS),
      },
    ),
  );
  if (open && caseEvents) {
    const { action, ...rest } = caseEvents;
    parts.push(ipcTable('open', mapVectors(open), { stage: codes(CASE_STAGES), source: codes(CASE_SOURCES) }));
    parts.push(
      ipcTable(
        'caseEvents',
        { ...mapVectors(rest), action: dictionary(0, action as Int8Array, CASE_ACTIONS) },
        { stage: codes(CASE_STAGES), source: codes(CASE_SOURCES) },
      ),
    );
    events += caseEvents.t!.length;
  }
  if (sensors && readings) {
    parts.push(ipcTable('sensors', mapVectors(sensors, ['alarm']), { sensorKind: codes(SENSOR_KINDS) }));
    parts.push(ipcTable('readings', mapVectors(readings, ['alarm'])));
    events += readings.t!.length;
  }
  if (areas && counts) {
    parts.push(ipcTable('crowdAreas', mapVectors(areas)));
    parts.push(ipcTable('crowdCounts', mapVectors(counts)));
    events += counts.t!.length;
  }
  if (incidents && incidentEvents) {
    const list = incidents.rows;
    const nan = (x: number | null) => (x === null ? Number.NaN : x);
    parts.push(
      ipcTable(
        'incidents',
        {
          id: vector(Int32Array.from(list, (r) => r.id)),
          code: vectorFromArray(
            list.map((r) => r.code),
            new Utf8(),
          ),
          title: vectorFromArray(
            list.map((r) => r.title),
            new Utf8(),
          ),
          kind: vector(Int8Array.from(list, (r) => INCIDENT_KINDS.indexOf(r.kind as (typeof INCIDENT_KINDS)[number]))),
          severity: vector(Int8Array.from(list, (r) => r.severity)),
          lng: vector(Float32Array.from(list, (r) => r.lng)),
          lat: vector(Float32Array.from(list, (r) => r.lat)),
          radius: vector(Float32Array.from(list, (r) => nan(r.radius))),
          opened: vector(Float64Array.from(list, (r) => r.opened)),
          closed: vector(Float64Array.from(list, (r) => nan(r.closed))),
        },
        { incidentKind: codes(INCIDENT_KINDS) },
      ),
    );
    const ev = incidentEvents.rows;
    const kinds = [...new Set(ev.map((e) => e.kind))];
    const units = [...new Set(ev.flatMap((e) => (e.unit ? [e.unit] : [])))];
    parts.push(
      ipcTable('incidentEvents', {
        t: vector(Float64Array.from(ev, (e) => e.t)),
        incident: vector(Int32Array.from(ev, (e) => e.incident)),
        kind: dictionary(
          0,
          Int8Array.from(ev, (e) => kinds.indexOf(e.kind)),
          kinds,
        ),
        unit: dictionary(
          1,
          Int8Array.from(ev, (e) => (e.unit ? units.indexOf(e.unit) : -1)),
          units,
        ),
        lng: vector(Float32Array.from(ev, (e) => nan(e.lng))),
        lat: vector(Float32Array.from(ev, (e) => nan(e.lat))),
      }),
    );
    events += ev.length;
  }
  return { body: Buffer.concat(parts), events };
}

type TypedColumns = Record<string, Float64Array | Float32Array | Int32Array | Int8Array>;

/** What each event carries of its case (drawn where the case is). */
const CASE_ATTRIBUTES: Columns = {
  lng: ['f32', 'st_x(r.geom)'],
  lat: ['f32', 'st_y(r.geom)'],
  category: ['i32', 'r.category_code::int'],
  cell: ['i32', 'r.grid_cell_id'],
  source: ['i8', 'r.source_index'],
  priority: ['i8', 'r.priority'],
  deadline: ['f64', msOrNaN('r.deadline')],
};

/**
 * The window's trail events, each with its case's position and attributes. The events come by time alone
 * (migration 140's index) and their cases by id afterwards: joining in SQL hashed the whole cases table.
 */
async function caseEventsOf(db: pg.Pool, w: Window): Promise<TypedColumns> {
  const events = await columns(
    db,
    {
      t: ['f64', ms('r.at')],
      case: ['i32', 'r.case_id'],
      stage: ['i8', stageIndex('r.to_stage')],
      action: ['i8', `coalesce(array_position(${sqlArray(CASE_ACTIONS)}, r.action) - 1, -1)`],
    },
    `select at, case_id, to_stage, action from case_event
      where at >= $1::timestamptz and at < $2::timestamptz
      order by at, id`,
    [w.from, w.to],
  );
  const ids = [...new Set(events.case as Int32Array)].sort((a, b) => a - b);
  const attrs = await columns(
    db,
    { id: ['i32', 'r.id'], ...CASE_ATTRIBUTES },
    `select c.id, c.geom, c.category_code, c.grid_cell_id, ${SOURCE_INDEX} as source_index, c.priority, c.deadline
       from cases c where c.id = any ($2::int[]) order by c.id`,
    [w.from, ids],
  );
  const at = new Map<number, number>();
  for (const [i, id] of (attrs.id as Int32Array).entries()) at.set(id, i);
  const cases = events.case as Int32Array;
  const row = Int32Array.from(cases, (id) => at.get(id)!);
  const out: TypedColumns = { ...events };
  for (const name of Object.keys(CASE_ATTRIBUTES)) {
    const from = attrs[name]!;
    const to = new (from.constructor as new (n: number) => typeof from)(cases.length);
    for (let i = 0; i < row.length; i++) to[i] = from[row[i]!]!;
    out[name] = to;
  }
  return out;
}

/** Typed arrays as vectors; `bytes` columns (0/1 flags sent as i8) become Uint8. */
function mapVectors(cols: Record<string, Float64Array | Float32Array | Int32Array | Int8Array>, bytes: string[] = []) {
  return Object.fromEntries(
    Object.entries(cols).map(([k, v]) => [k, vector(bytes.includes(k) ? new Uint8Array(v.buffer, v.byteOffset, v.length) : v)]),
  );
}

/**
 * The cases open at `from`, with their stage as of `from` (their last trail event before it). Candidates
 * through migration 140's indexes: a case not rejected reported before `from` and not closed before it
 * (closed_at is the first closing; a closed case only moves on to evaluated), and a rejected one whose
 * reject event is at or after `from`; the last event then decides (a case reworked … is still open).
 */
function openAtFrom(db: pg.Pool, from: Date) {
  return columns(
    db,
    {
      id: ['i32', 'r.id'],
      reported: ['f64', ms('r.reported_at')],
      stage: ['i8', stageIndex('r.stage')],
      lng: ['f32', 'st_x(r.geom)'],
      lat: ['f32', 'st_y(r.geom)'],
      category: ['i32', 'r.category_code::int'],
      cell: ['i32', 'r.grid_cell_id'],
      source: ['i8', 'r.source_index'],
      priority: ['i8', 'r.priority'],
      // the deadline is fixed when the case is filed: none before that
      deadline: ['f64', `case when r.stage in ('reported', 'accepted') then 'NaN'::float8 else ${msOrNaN('r.deadline')} end`],
    },
    `select c.id, c.reported_at, last.to_stage as stage, c.geom, c.category_code, c.grid_cell_id, ${SOURCE_INDEX} as source_index,
            c.priority, c.deadline
       from (select c.id from cases c
              where tstzrange(c.reported_at, coalesce(c.closed_at, 'infinity'), '(]') @> $1::timestamptz and c.stage <> 'rejected'
             union all
             select r.case_id from case_event r join cases c on c.id = r.case_id
              where r.action = 'reject' and r.at >= $1::timestamptz and c.reported_at < $1::timestamptz) open
       join cases c using (id)
       cross join lateral (select e.to_stage from case_event e where e.case_id = c.id and e.at < $1::timestamptz
                            order by e.at desc, e.id desc limit 1) last
      where last.to_stage <> all (${sqlArray(FINISHED_STAGES)})
      order by c.id`,
    [from],
  );
}

/** The window at a glance: reports per hour (every hour, empty ones too) and the incidents opened in it. */
export async function replayActivity(db: pg.Pool, from: Date, to: Date): Promise<ReplayActivity> {
  const [hours, incidents] = await Promise.all([
    db.query<{ at: string; reports: number }>(
      `select to_json(h.at)#>>'{}' as at, count(c.id)::int as reports
         from generate_series(date_trunc('hour', $1::timestamptz), $2::timestamptz - interval '1 microsecond', interval '1 hour') as h(at)
         left join cases c on c.reported_at >= greatest(h.at, $1::timestamptz) and c.reported_at < least(h.at + interval '1 hour', $2::timestamptz)
        group by h.at order by h.at`,
      [from, to],
    ),
    db.query<ReplayActivity['incidents'][number]>(
      `select code, title, kind, to_json(opened_at)#>>'{}' as "openedAt" from incident
        where opened_at >= $1 and opened_at < $2 order by opened_at, id`,
      [from, to],
    ),
  ]);
  return { hours: hours.rows, incidents: incidents.rows };
}
