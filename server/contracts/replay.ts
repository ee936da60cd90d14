// The replay (时光回放): one time window of the city's past as Apache Arrow IPC, columnar, for deck.gl.
//
// The answer (`application/vnd.apache.arrow.stream`) is several Arrow IPC *streams* one after another, one per
// table, each with its own schema and `name` in the schema's metadata; apache-arrow reads them with
// `for (const reader of RecordBatchReader.readAll(bytes)) new Table(reader.readAll())` (or `[...reader]`).
// Times are **milliseconds since the window's `from`** as Float64 (`t`; negative before `from`, NaN when
// none): exact, and a client hands deck.gl's DataFilterExtension `Float32Array.from(t, (x) => x / 1000)`
// (seconds since `from`, float32 exact to ~0.25 s over 31 days). Positions are Float32 WGS84 degrees (~1 m).
// Stages, sources, sensor kinds and incident kinds are Int8 indexes into the lists below (also sent in
// each table's metadata); categories are their 5-digit code as Int32 (20501). Nothing personal is sent:
// no reporter, phone, contact, actor, note, or a staff member's name or position.
import { type Static, Type } from 'typebox';
import { IsoDateOrDateTime } from './common.ts';
import { CASE_SOURCES, CASE_STAGES, INCIDENT_KINDS, SENSOR_KINDS } from './constants.ts';

export const REPLAY_CONTENT_TYPE = 'application/vnd.apache.arrow.stream';
/** The longest window one request may ask for. */
export const REPLAY_MAX_DAYS = 31;
/** A window that ended this long before now is immutable (cached for a year); a later one is revalidated. */
export const REPLAY_SETTLED_MS = 60 * 60_000;

/** The tables of an answer, in the order they are sent. */
export const REPLAY_TABLES = [
  'window',
  'open',
  'caseEvents',
  'sensors',
  'readings',
  'crowdAreas',
  'crowdCounts',
  'incidents',
  'incidentEvents',
] as const;
export type ReplayTable = (typeof REPLAY_TABLES)[number];

/** What a client may leave out with `tables`: the groups of tables (window is always sent). */
export const REPLAY_GROUPS = ['cases', 'sensors', 'crowds', 'incidents'] as const;
export type ReplayGroup = (typeof REPLAY_GROUPS)[number];

/** Int8 codes: the index into these lists. */
export const REPLAY_CODES = {
  stage: CASE_STAGES,
  source: CASE_SOURCES,
  sensorKind: SENSOR_KINDS,
  incidentKind: INCIDENT_KINDS,
} as const;

/** Each table's columns, for the API documentation and the client. */
export const REPLAY_COLUMNS: Record<ReplayTable, Record<string, string>> = {
  window: {
    fromMs: 'Float64: `from` in ms since the Unix epoch (the zero of every `t`)',
    toMs: 'Float64: `to` in ms since the Unix epoch (the window is [from, to))',
    reportedToday: 'Int32: cases reported from the Beijing midnight before `from` up to `from` (for "today\'s cases" as of the clock)',
  },
  open: {
    id: 'Int32: case id (the key of caseEvents.case)',
    reported: 'Float64: report time, ms since `from` (≤ 0)',
    stage: 'Int8: stage as of `from` (index into stage)',
    lng: 'Float32',
    lat: 'Float32',
    category: 'Int32: 5-digit category code',
    cell: 'Int32: unit-grid cell id',
    source: 'Int8: index into source',
    priority: 'Int8: 1 (highest) … 3',
    deadline: 'Float64: deadline, ms since `from` (NaN when not filed)',
  },
  caseEvents: {
    t: 'Float64: ms since `from`, in time order',
    case: 'Int32: case id',
    stage: 'Int8: the stage after the event (index into stage); urges keep it',
    action: 'Dictionary<Utf8>: report, accept, file, dispatch, part_handle, handle, verify, close, evaluate, urge, …',
    lng: 'Float32',
    lat: 'Float32',
    category: 'Int32',
    cell: 'Int32',
    source: 'Int8',
    priority: 'Int8',
    deadline: 'Float64: the case deadline, ms since `from` (NaN when none)',
  },
  sensors: {
    id: 'Int32: sensor id',
    kind: 'Int8: index into sensorKind',
    lng: 'Float32',
    lat: 'Float32',
    value: 'Float32: the last reading before `from` (NaN when none)',
    alarm: 'Bool: in an alarm episode at `from`',
  },
  readings: { t: 'Float64', sensor: 'Int32', value: 'Float32', alarm: 'Bool: in an alarm episode at that reading' },
  crowdAreas: {
    id: 'Int32',
    lng: 'Float32',
    lat: 'Float32',
    capacity: 'Int32',
    count: 'Int32: the last count before `from` (-1 when none)',
  },
  crowdCounts: { t: 'Float64', area: 'Int32', count: 'Int32' },
  incidents: {
    id: 'Int32',
    code: 'Utf8',
    title: 'Utf8',
    kind: 'Int8: index into incidentKind',
    severity: 'Int8: 1 (特别重大) … 4 (一般)',
    lng: 'Float32',
    lat: 'Float32',
    radius: 'Float32: metres (NaN for a drawn zone)',
    opened: 'Float64: ms since `from`',
    closed: 'Float64: ms since `from` (NaN while open)',
  },
  incidentEvents: {
    t: 'Float64',
    incident: 'Int32',
    kind: 'Dictionary<Utf8>: opened, instruction.sent, instruction.delivered, instruction.acknowledged, instruction.progress, instruction.done, closed, …',
    unit: "Dictionary<Utf8>: the resource unit's code (pump truck, crew) the step is about; null for people and for the incident itself",
    lng: "Float32: the unit's position at the step (NaN for people: their positions are not replayed)",
    lat: 'Float32',
  },
};

export const ReplayQuery = Type.Object(
  {
    from: IsoDateOrDateTime('start of the window (included); must lie within the recorded history'),
    to: IsoDateOrDateTime(
      `end of the window (excluded; a date alone includes that whole day); after \`from\`, at most ${REPLAY_MAX_DAYS} days later, not in the future`,
    ),
    tables: Type.Optional(
      Type.String({
        pattern: '^(cases|sensors|crowds|incidents)(,(cases|sensors|crowds|incidents))*$',
        description: 'the groups to send, comma-separated: cases, sensors, crowds, incidents (default: all)',
        errorMessage: 'must be groups from cases, sensors, crowds, incidents, separated by commas',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ReplayQuery = Static<typeof ReplayQuery>;

export const ReplayActivityQuery = Type.Object(
  { from: ReplayQuery.properties.from, to: ReplayQuery.properties.to },
  { additionalProperties: false },
);
export type ReplayActivityQuery = Static<typeof ReplayActivityQuery>;

export const ReplayActivity = Type.Object({
  hours: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time', description: 'the hour’s start' }),
      reports: Type.Integer({ minimum: 0 }),
    }),
    { description: 'every hour of the window (whole hours from the one holding `from`), with the cases reported in it' },
  ),
  incidents: Type.Array(
    Type.Object({
      code: Type.String(),
      title: Type.String(),
      kind: Type.String(),
      openedAt: Type.String({ format: 'date-time' }),
    }),
    { description: 'the incidents opened in the window, in time order' },
  ),
});
export type ReplayActivity = Static<typeof ReplayActivity>;
