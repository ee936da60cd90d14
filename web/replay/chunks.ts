// The replay's chunks: the past is fetched in 6-hour windows on a fixed grid (UTC multiples of six hours,
// so two walls asking about the same hours ask for the same URLs and the settled ones hit the cache), the
// one holding the clock and the next one ahead. Each request starts LOOKBACK before its chunk: the heatmap
// shows the last hours before the clock and a finished case lingers, and both need events from before the
// chunk; the answer also carries what was open at its start, so a chunk alone draws every clock inside it.

export const CHUNK_MS = 6 * 3_600_000;
/** How long a closed (or rejected, or evaluated) case stays on the map in its final colour. */
export const LINGER_MS = 3_600_000;
/** The heatmap's hours before the clock. */
export const HEAT_MS = 6 * 3_600_000;
export const LOOKBACK_MS = Math.max(LINGER_MS, HEAT_MS);

export interface Chunk {
  /** the clocks it draws: [start, end) */
  start: number;
  end: number;
  /** the window it asks the server for: [from, to) */
  from: number;
  to: number;
}

/** The chunk whose clocks hold `clock`; its request ends no later than the history's `last`. */
export function chunkOf(clock: number, last: number): Chunk {
  const start = Math.floor(clock / CHUNK_MS) * CHUNK_MS;
  const end = start + CHUNK_MS;
  // the server answers only the past: the last chunk is cut at the end of the history (+1 ms: the window excludes `to`)
  return { start, end, from: start - LOOKBACK_MS, to: Math.min(end, last + 1) };
}

/** The chunk at the clock and the next one ahead (while there is history ahead). */
export function chunksAround(clock: number, last: number): Chunk[] {
  const here = chunkOf(clock, last);
  return here.end <= last ? [here, chunkOf(here.end, last)] : [here];
}
