// The replay clock: the instant of the past the wall shows, advanced by `speed` replay-ms per wall-ms from
// the moment play was pressed, and never past the recorded history (the clock stops at its end).

export interface Bounds {
  first: number;
  last: number;
}

export interface Running {
  /** the replay clock when play was pressed */
  from: number;
  /** the wall clock (performance.now()) then */
  wallAt: number;
  speed: number;
}

export const clamp = (ms: number, b: Bounds) => Math.min(Math.max(ms, b.first), b.last);

/** The replay clock at wall time `now` while running, within the history. */
export function clockAt(run: Running, now: number, bounds: Bounds): number {
  return clamp(run.from + Math.max(0, now - run.wallAt) * run.speed, bounds);
}

/** One step: a minute of the past at 1×–60×, ten minutes at 600×, an hour at 3600× and above. */
export function stepOf(speed: number): number {
  return speed >= 3600 ? 3_600_000 : speed >= 600 ? 600_000 : 60_000;
}

export function stepped(clock: number, speed: number, direction: 1 | -1, bounds: Bounds): number {
  return clamp(clock + direction * stepOf(speed), bounds);
}

/** A datetime-local input's value (Beijing wall time, the city's) for an instant, and back. */
const BEIJING_MS = 8 * 3_600_000;
export function toLocalInput(ms: number): string {
  return new Date(ms + BEIJING_MS).toISOString().slice(0, 16);
}
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const ms = Date.parse(`${value}:00Z`);
  return Number.isFinite(ms) ? ms - BEIJING_MS : null;
}
