// The replay in the address (?replay=<ISO start>&speed=600[&t=<ISO clock>]): a wall can be sent straight
// to a moment of the past by a link. With `t` the replay stands paused at that clock; without, it plays
// from the start. Anything that does not parse is no replay at all: the wall stays live, with no error.

export const SPEEDS = [1, 10, 60, 600, 3600] as const;
export const DEFAULT_SPEED = 600;
/** A typed speed above a day per second would skip whole chunks between frames. */
export const MAX_SPEED = 86_400;
export const REPLAY_PARAMS = ['replay', 'speed', 't'] as const;

export interface ReplayParams {
  /** ms since the epoch */
  start: number;
  speed: number;
  /** the paused clock, or null while playing */
  clock: number | null;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO instant with its zone, as ms; null for anything else. */
export function parseInstant(text: string | null): number | null {
  if (text === null || !ISO.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

export function parseSpeed(text: string | null): number | null {
  if (text === null) return DEFAULT_SPEED;
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const speed = Number(text);
  return speed > 0 && speed <= MAX_SPEED ? speed : null;
}

/** The replay a search string asks for, or null (live) when it asks for none or for one that does not parse. */
export function parseReplay(search: string): ReplayParams | null {
  const params = new URLSearchParams(search);
  if (!params.has('replay')) return null;
  const start = parseInstant(params.get('replay'));
  const speed = parseSpeed(params.get('speed'));
  const t = params.get('t');
  const clock = t === null ? null : parseInstant(t);
  if (start === null || speed === null || (t !== null && clock === null)) return null;
  return { start, speed, clock };
}

/** `search` with the replay's parameters set (or, with null, removed), other parameters kept. */
export function withReplay(search: string, replay: ReplayParams | null): string {
  const params = new URLSearchParams(search);
  for (const name of REPLAY_PARAMS) params.delete(name);
  if (replay) {
    params.set('replay', new Date(replay.start).toISOString());
    params.set('speed', String(replay.speed));
    if (replay.clock !== null) params.set('t', new Date(replay.clock).toISOString());
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Identity-stable key of a parse (useSearch needs equal results for an unchanged search). */
export function replayKey(search: string): string {
  const r = parseReplay(search);
  return r ? `${r.start}|${r.speed}|${r.clock ?? ''}` : '';
}

export function fromKey(key: string): ReplayParams | null {
  if (!key) return null;
  const [start, speed, clock] = key.split('|');
  return { start: Number(start), speed: Number(speed), clock: clock ? Number(clock) : null };
}
