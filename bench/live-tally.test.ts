// bench/live's cheap stream reader counts what an EventSource would: every event once, in order, with its
// latency from the outbox time, however the bytes are split into chunks.
import { describe, expect, it } from 'vitest';
import { Tally } from './live-tally.ts';

const frame = (id: number, at: string) =>
  `id: ${id}\ndata: ${JSON.stringify({ id, at, kind: 'case.created', payload: { code: `AJ${id}`, at: '1999-01-01T00:00:00+08:00' } })}\n\n`;

const parse = (tally: Tally, s: string) => tally.parseTime(Buffer.from(`"${s}"`), 1, s.length + 1);

describe('bench/live tally', () => {
  it('reads outbox times as Date.parse does, with 0 to 6 fraction digits and any zone', () => {
    const tally = new Tally();
    for (const s of [
      '2026-05-03T17:39:54+08:00',
      '2026-05-03T17:39:54.1+08:00',
      '2026-05-03T17:39:54.123+08:00',
      '2026-05-03T17:39:55.5+08:00',
      '2026-05-03T09:39:55.25Z',
      '2026-05-03T17:39:55.25+08:00',
    ]) {
      expect(parse(tally, s), s).toBe(Date.parse(s));
    }
    expect(parse(tally, '2026-05-03T17:39:54.123456+08:00')).toBeCloseTo(Date.parse('2026-05-03T17:39:54.123+08:00') + 0.456, 6);
  });

  it('counts every event once with its latency, however the stream is cut into chunks', () => {
    const at = '2026-05-03T17:39:54.100+08:00';
    const sent = Date.parse(at);
    const bytes = Buffer.from(`retry: 1000\n\n: ping\n\n${frame(7, at)}${frame(8, at)}event: reset\ndata: {}\n\n${frame(9, at)}`);
    for (const size of [1, 3, 17, bytes.length]) {
      const tally = new Tally();
      const read = tally.stream();
      for (let i = 0; i < bytes.length; i += size) read(bytes.subarray(i, i + size), sent + 25);
      expect({ delivered: tally.delivered, resets: tally.resets, outOfOrder: tally.outOfOrder }).toEqual({
        delivered: 3,
        resets: 1,
        outOfOrder: 0,
      });
      expect(tally.histogram[25]).toBe(3);
    }
  });

  it('counts an event whose id is not above the last one as out of order', () => {
    const at = '2026-05-03T17:39:54+08:00';
    const tally = new Tally();
    const read = tally.stream();
    read(Buffer.from(frame(5, at) + frame(6, at) + frame(6, at) + frame(4, at)), Date.parse(at));
    expect(tally.outOfOrder).toBe(2);
    expect(tally.delivered).toBe(4);
  });

  it('finds the outbox time whatever the order of the keys', () => {
    const at = '2026-05-03T17:39:54.5+08:00';
    const tally = new Tally();
    const read = tally.stream();
    read(Buffer.from(`id: 12\ndata: ${JSON.stringify({ kind: 'case.created', at, id: 12 })}\n\n`), Date.parse(at) + 40);
    expect(tally.delivered).toBe(1);
    expect(tally.histogram[40]).toBe(1);
  });
});
