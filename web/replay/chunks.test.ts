// The replay's chunks: a fixed 6-hour grid, each request reaching back for the heatmap and the lingering
// cases, the last one cut at the end of the history, and the next one fetched ahead while there is one.
import { describe, expect, it } from 'vitest';
import { CHUNK_MS, chunkOf, chunksAround, LOOKBACK_MS } from './chunks.ts';

const H = 3_600_000;
const day = Date.parse('2026-07-21T00:00:00Z');

describe('replay chunks', () => {
  it('puts a clock in the 6-hour chunk of the fixed grid that holds it, asking from LOOKBACK before', () => {
    expect(chunkOf(day + 7 * H + 5, day + 100 * H)).toEqual({
      start: day + 6 * H,
      end: day + 12 * H,
      from: day + 6 * H - LOOKBACK_MS,
      to: day + 12 * H,
    });
    // a chunk's own start is inside it, its end is the next one's
    expect(chunkOf(day + 6 * H, day + 100 * H).start).toBe(day + 6 * H);
    expect(chunkOf(day + 12 * H, day + 100 * H).start).toBe(day + 12 * H);
    expect(CHUNK_MS).toBe(6 * H);
  });

  it('cuts the last chunk at the end of the history (the server answers only the past)', () => {
    const last = day + 8 * H + 123;
    expect(chunkOf(day + 7 * H, last).to).toBe(last + 1);
    expect(chunksAround(day + 7 * H, last)).toHaveLength(1);
  });

  it('fetches the next chunk ahead of the clock while the history goes on', () => {
    const around = chunksAround(day + 7 * H, day + 100 * H);
    expect(around.map((c) => c.start)).toEqual([day + 6 * H, day + 12 * H]);
    expect(around[1]!.from).toBe(day + 12 * H - LOOKBACK_MS);
  });
});
