// One replay chunk's answer (Arrow IPC, server/contracts/replay.ts) made into what the wall draws, and the
// city as of a clock inside it. The cases are drawn as stage segments: one row per (case, stage) with the
// interval it held that stage, so the map's DataFilterExtension shows the rows whose interval holds the
// clock and moving the clock changes only the filter's uniforms. A finished stage (closed, evaluated,
// rejected) holds for LINGER_MS and the case then leaves the map.
import { RecordBatchReader, Table } from 'apache-arrow';
import { CASE_STAGES, FINISHED_STAGES } from '../../server/contracts/constants.ts';
import { type Chunk, HEAT_MS, LINGER_MS } from './chunks.ts';

const FINISHED = new Set<number>(FINISHED_STAGES.map((s) => CASE_STAGES.indexOf(s)));
const UNFILED = new Set<number>(['reported', 'accepted'].map((s) => CASE_STAGES.indexOf(s as (typeof CASE_STAGES)[number])));

/** Stage colours on the dark wall: new (amber) → dispatched (blue) → handled (violet) → closed (green), rejected grey. */
export const STAGE_RGBA: Record<(typeof CASE_STAGES)[number], [number, number, number, number]> = {
  reported: [250, 204, 21, 230],
  accepted: [251, 146, 60, 230],
  rejected: [148, 163, 184, 200],
  filed: [244, 114, 182, 230],
  dispatched: [56, 189, 248, 230],
  returned: [239, 68, 68, 235],
  handled: [167, 139, 250, 230],
  closed: [74, 222, 128, 220],
  evaluated: [45, 212, 191, 220],
};

/** "Since ever" and "until further notice" in ms: finite, inside the filter's outer bounds (the GPU compares
 *  both ends of each range, and an infinite value would fall outside them). */
const EVER_MS = 1e11;
const BOUND_S = 1e9;

export interface Segments {
  length: number;
  /** per row: the case id, its stage (index into CASE_STAGES), its case's deadline (ms since epoch, NaN) */
  cases: Int32Array;
  stages: Int8Array;
  deadlines: Float64Array;
  /** [start, end) of each row in seconds since the chunk's `from`, as the GPU filter takes them (x2 per row) */
  spans: Float32Array;
  positions: Float32Array;
  colors: Uint8Array;
}

export interface ChunkFrame {
  chunk: Chunk;
  /** the request's `from` in ms since the epoch: the zero of every relative time */
  zero: number;
  reportedBeforeZero: number;
  segments: Segments;
  /** report times (ms since the epoch) and positions, in time order */
  reports: { t: Float64Array; positions: Float32Array };
  sensors: { id: Int32Array; kind: Int8Array; positions: Float32Array; value: Float32Array; alarm: Uint8Array };
  readings: { t: Float64Array; sensor: Int32Array; value: Float32Array; alarm: Uint8Array };
  crowdAreas: { id: Int32Array; positions: Float32Array; capacity: Int32Array; count: Int32Array };
  crowdCounts: { t: Float64Array; area: Int32Array; count: Int32Array };
  incidents: { code: string; title: string; opened: number; closed: number; lng: number; lat: number; radius: number }[];
  /** each unit's way to an incident, from the positions it reported at its steps (ms since the epoch) */
  trips: Trip[];
}

/** A unit (pump truck, crew) on its way to an incident: the positions it reported, in time order. */
export interface Trip {
  unit: string;
  incident: number;
  path: [number, number][];
  /** ms since the epoch, one per point */
  times: number[];
}

type Columns = Record<string, ArrayLike<unknown>>;

/** Every table of an answer by name, each column as its typed array (dictionaries as their words). */
export function readTables(bytes: Uint8Array): Map<string, Columns> {
  const out = new Map<string, Columns>();
  for (const reader of RecordBatchReader.readAll(bytes)) {
    const table = new Table(reader.readAll());
    const columns: Columns = {};
    for (const field of table.schema.fields) columns[field.name] = table.getChild(field.name)!.toArray() as ArrayLike<unknown>;
    out.set(reader.schema.metadata.get('name')!, columns);
  }
  return out;
}

const interleave = (lng: ArrayLike<number>, lat: ArrayLike<number>) => {
  const out = new Float32Array(lng.length * 2);
  for (let i = 0; i < lng.length; i++) {
    out[2 * i] = lng[i]!;
    out[2 * i + 1] = lat[i]!;
  }
  return out;
};
const shift = (t: ArrayLike<number>, zero: number) => Float64Array.from(t as ArrayLike<number>, (x) => x + zero);

export interface CaseRows {
  /** open at `from`: stage as of then */
  open: { id: ArrayLike<number>; stage: ArrayLike<number>; lng: ArrayLike<number>; lat: ArrayLike<number>; deadline: ArrayLike<number> };
  /** trail events in time order, ms since `from` */
  events: {
    t: ArrayLike<number>;
    case: ArrayLike<number>;
    stage: ArrayLike<number>;
    lng: ArrayLike<number>;
    lat: ArrayLike<number>;
    deadline: ArrayLike<number>;
  };
}

/**
 * The stage segments of a window's cases. A case open at `from` starts there in its stage; each event ends
 * its case's current segment and starts one in the event's stage (an urge keeps the stage: no new row).
 * The last segment of a case runs on unless its stage is finished, which ends LINGER_MS later.
 */
export function segmentsOf({ open, events }: CaseRows, zero: number): Segments {
  type Row = { id: number; stage: number; start: number; end: number; lng: number; lat: number; deadline: number };
  const rows: Row[] = [];
  const current = new Map<number, Row>();
  const begin = (id: number, stage: number, start: number, lng: number, lat: number, deadline: number) => {
    const row: Row = { id, stage, start, end: EVER_MS, lng, lat, deadline };
    rows.push(row);
    current.set(id, row);
  };
  for (let i = 0; i < open.id.length; i++) begin(open.id[i]!, open.stage[i]!, -EVER_MS, open.lng[i]!, open.lat[i]!, open.deadline[i]!);
  for (let i = 0; i < events.t.length; i++) {
    const id = events.case[i]!;
    const stage = events.stage[i]!;
    const t = events.t[i]!;
    const was = current.get(id);
    if (was && was.stage === stage && !FINISHED.has(stage)) continue;
    if (was) was.end = Math.min(was.end, t);
    begin(id, stage, t, events.lng[i]!, events.lat[i]!, events.deadline[i]!);
  }
  for (const row of current.values()) if (FINISHED.has(row.stage)) row.end = row.start + LINGER_MS;
  const n = rows.length;
  const out: Segments = {
    length: n,
    cases: new Int32Array(n),
    stages: new Int8Array(n),
    deadlines: new Float64Array(n),
    spans: new Float32Array(2 * n),
    positions: new Float32Array(2 * n),
    colors: new Uint8Array(4 * n),
  };
  for (const [i, r] of rows.entries()) {
    // a finished stage followed by another event within the linger still ends at that event
    if (FINISHED.has(r.stage) && r.end > r.start + LINGER_MS) r.end = r.start + LINGER_MS;
    out.cases[i] = r.id;
    out.stages[i] = r.stage;
    out.deadlines[i] = r.deadline + zero;
    out.spans[2 * i] = r.start / 1000;
    out.spans[2 * i + 1] = r.end / 1000;
    out.positions[2 * i] = r.lng;
    out.positions[2 * i + 1] = r.lat;
    out.colors.set(STAGE_RGBA[CASE_STAGES[r.stage]!], 4 * i);
  }
  return out;
}

/** A chunk's answer as its frame. */
export function frameOf(chunk: Chunk, bytes: Uint8Array): ChunkFrame {
  const tables = readTables(bytes);
  const get = (name: string) => tables.get(name) ?? {};
  const win = get('window');
  const zero = (win.fromMs as Float64Array)[0]!;
  const open = get('open') as CaseRows['open'] & Columns;
  const events = get('caseEvents') as CaseRows['events'] & Columns & { action: ArrayLike<string | null> };
  const segments = segmentsOf({ open, events }, zero);
  const reportIdx: number[] = [];
  for (let i = 0; i < (events.t?.length ?? 0); i++) if (events.action[i] === 'report') reportIdx.push(i);
  const sensors = get('sensors') as Record<string, ArrayLike<number>>;
  const readings = get('readings') as Record<string, ArrayLike<number>>;
  const areas = get('crowdAreas') as Record<string, ArrayLike<number>>;
  const counts = get('crowdCounts') as Record<string, ArrayLike<number>>;
  const incidents = get('incidents') as Record<string, ArrayLike<unknown>>;
  const steps = get('incidentEvents') as Record<string, ArrayLike<unknown>>;
  return {
    chunk,
    zero,
    reportedBeforeZero: (win.reportedToday as Int32Array)?.[0] ?? 0,
    segments,
    reports: {
      t: Float64Array.from(reportIdx, (i) => events.t[i]! + zero),
      positions: interleave(
        reportIdx.map((i) => events.lng[i]!),
        reportIdx.map((i) => events.lat[i]!),
      ),
    },
    sensors: {
      id: Int32Array.from(sensors.id ?? []),
      kind: Int8Array.from(sensors.kind ?? []),
      positions: interleave(sensors.lng ?? [], sensors.lat ?? []),
      value: Float32Array.from(sensors.value ?? []),
      alarm: Uint8Array.from(sensors.alarm ?? []),
    },
    readings: {
      t: shift(readings.t ?? [], zero),
      sensor: Int32Array.from(readings.sensor ?? []),
      value: Float32Array.from(readings.value ?? []),
      alarm: Uint8Array.from(readings.alarm ?? []),
    },
    crowdAreas: {
      id: Int32Array.from(areas.id ?? []),
      positions: interleave(areas.lng ?? [], areas.lat ?? []),
      capacity: Int32Array.from(areas.capacity ?? []),
      count: Int32Array.from(areas.count ?? []),
    },
    crowdCounts: { t: shift(counts.t ?? [], zero), area: Int32Array.from(counts.area ?? []), count: Int32Array.from(counts.count ?? []) },
    incidents: Array.from({ length: incidents.id?.length ?? 0 }, (_, i) => ({
      code: String(incidents.code![i]),
      title: String(incidents.title![i]),
      opened: (incidents.opened![i] as number) + zero,
      // NaN while open: until further notice
      closed: Number.isNaN(incidents.closed![i] as number) ? Number.POSITIVE_INFINITY : (incidents.closed![i] as number) + zero,
      lng: incidents.lng![i] as number,
      lat: incidents.lat![i] as number,
      radius: Number.isNaN(incidents.radius![i] as number) ? 300 : (incidents.radius![i] as number),
    })),
    trips: tripsOf(steps, zero),
  };
}

/** The incident steps with a unit and a position, grouped by (incident, unit) into trips; the steps come in time order. */
export function tripsOf(steps: Record<string, ArrayLike<unknown>>, zero: number): Trip[] {
  const trips = new Map<string, Trip>();
  for (let i = 0; i < (steps.t?.length ?? 0); i++) {
    const unit = steps.unit![i] as string | null;
    const lng = steps.lng![i] as number;
    const lat = steps.lat![i] as number;
    if (!unit || !Number.isFinite(lng) || !Number.isFinite(lat)) continue;
    const incident = steps.incident![i] as number;
    const key = `${incident}:${unit}`;
    const trip = trips.get(key) ?? { unit, incident, path: [], times: [] };
    trips.set(key, trip);
    const last = trip.path.at(-1);
    // a step that stays put (done where it arrived) adds no way
    if (last && last[0] === lng && last[1] === lat) continue;
    trip.path.push([lng, lat]);
    trip.times.push((steps.t![i] as number) + zero);
  }
  return [...trips.values()].filter((t) => t.path.length >= 2);
}

/** Where each unit on a trip is at `clock` (between its reported positions, linearly), while the trip has begun and
 *  for `linger` ms after it ended; the units not yet on their way are left out. */
export function unitsAt(frame: ChunkFrame, clock: number, linger: number): { unit: string; lng: number; lat: number; moving: boolean }[] {
  const out: { unit: string; lng: number; lat: number; moving: boolean }[] = [];
  for (const trip of frame.trips) {
    const first = trip.times[0]!;
    const last = trip.times.at(-1)!;
    if (clock < first || clock > last + linger) continue;
    let k = 1;
    while (k < trip.times.length - 1 && trip.times[k]! < clock) k++;
    const [t0, t1] = [trip.times[k - 1]!, trip.times[k]!];
    const f = clock >= last ? 1 : Math.min(1, Math.max(0, (clock - t0) / (t1 - t0 || 1)));
    const [a, b] = [trip.path[k - 1]!, trip.path[k]!];
    out.push({ unit: trip.unit, lng: a[0] + (b[0] - a[0]) * f, lat: a[1] + (b[1] - a[1]) * f, moving: clock < last });
  }
  return out;
}

/** The GPU filter's range for a clock: rows with start ≤ clock < end (end is inclusive on the GPU: a hair before). */
export function filterRange(frame: ChunkFrame, clock: number): [[number, number], [number, number]] {
  const s = (clock - frame.zero) / 1000;
  return [
    [-BOUND_S, s],
    [s + 1e-3, BOUND_S],
  ];
}

/** Rows the filter shows at `clock`, computed as the GPU does (for the figures and for tests). */
export function visibleRows(frame: ChunkFrame, clock: number): number[] {
  const [[a0, a1], [b0, b1]] = filterRange(frame, clock);
  const { spans, length } = frame.segments;
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    const start = spans[2 * i]!;
    const end = spans[2 * i + 1]!;
    if (start >= a0 && start <= a1 && end >= b0 && end <= b1) out.push(i);
  }
  return out;
}

const BEIJING_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const beijingDayStart = (t: number) => Math.floor((t + BEIJING_MS) / DAY_MS) * DAY_MS - BEIJING_MS;

export interface Figures {
  today: number;
  open: number;
  overdue: number;
}

/** The headline figures as of the clock: cases reported since Beijing midnight, open, and open past their deadline (once filed). */
export function figuresAt(frame: ChunkFrame, clock: number): Figures {
  const day = beijingDayStart(clock);
  let today = day <= frame.zero ? frame.reportedBeforeZero : 0;
  for (const t of frame.reports.t) if (t >= Math.max(day, frame.zero) && t < clock) today++;
  let open = 0;
  let overdue = 0;
  const { stages, deadlines } = frame.segments;
  for (const i of visibleRows(frame, clock)) {
    const stage = stages[i]!;
    if (FINISHED.has(stage)) continue;
    open++;
    if (!UNFILED.has(stage) && deadlines[i]! < clock) overdue++;
  }
  return { today, open, overdue };
}

/** The heatmap's points: cases reported in the HEAT_MS before the clock, as [lng, lat] pairs. */
export function heatAt(frame: ChunkFrame, clock: number): [number, number][] {
  const out: [number, number][] = [];
  const { t, positions } = frame.reports;
  for (let i = 0; i < t.length; i++) if (t[i]! < clock && t[i]! >= clock - HEAT_MS) out.push([positions[2 * i]!, positions[2 * i + 1]!]);
  return out;
}

/** The latest value at the clock of each key, from a starting value and time-ordered updates. */
function latest(
  ids: Int32Array,
  start: ArrayLike<number>,
  t: Float64Array,
  key: Int32Array,
  value: ArrayLike<number>,
  clock: number,
): Float64Array {
  const at = new Map<number, number>();
  for (const [i, id] of ids.entries()) at.set(id, i);
  const out = Float64Array.from(start);
  for (let i = 0; i < t.length && t[i]! < clock; i++) {
    const j = at.get(key[i]!);
    if (j !== undefined) out[j] = value[i]!;
  }
  return out;
}

export interface SensorAt {
  lng: number;
  lat: number;
  kind: number;
  value: number;
  alarm: boolean;
}
export interface CrowdAt {
  lng: number;
  lat: number;
  count: number;
  share: number;
}

/** Each sensor's last reading and alarm flag before the clock. */
export function sensorsAt(frame: ChunkFrame, clock: number): SensorAt[] {
  const s = frame.sensors;
  const r = frame.readings;
  const value = latest(s.id, s.value, r.t, r.sensor, r.value, clock);
  const alarm = latest(s.id, s.alarm, r.t, r.sensor, r.alarm, clock);
  return Array.from(s.id, (_, i) => ({
    lng: s.positions[2 * i]!,
    lat: s.positions[2 * i + 1]!,
    kind: s.kind[i]!,
    value: value[i]!,
    alarm: alarm[i] === 1,
  }));
}

/** Each crowd area's last count before the clock (-1 when none) and its share of capacity. */
export function crowdsAt(frame: ChunkFrame, clock: number): CrowdAt[] {
  const a = frame.crowdAreas;
  const c = frame.crowdCounts;
  const count = latest(a.id, a.count, c.t, c.area, c.count, clock);
  return Array.from(a.id, (_, i) => ({
    lng: a.positions[2 * i]!,
    lat: a.positions[2 * i + 1]!,
    count: count[i]!,
    share: count[i]! < 0 ? 0 : count[i]! / Math.max(1, a.capacity[i]!),
  }));
}

/** Reports per hour over the frame's clocks (for the timeline strip): [hour start ms, count]. */
export function hourlyReports(frame: ChunkFrame): [number, number][] {
  const { start, end } = frame.chunk;
  const bins = new Map<number, number>();
  for (let h = start; h < end; h += 3_600_000) bins.set(h, 0);
  for (const t of frame.reports.t) {
    if (t < start || t >= end) continue;
    const h = Math.floor(t / 3_600_000) * 3_600_000;
    bins.set(h, (bins.get(h) ?? 0) + 1);
  }
  return [...bins];
}
