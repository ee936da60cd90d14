// Reading bench/live's streams cheaply. At 200 clients × 1,000 cases/s the clients read 200,000 events a
// second; parsing each as a browser's EventSource does (a line parser, JSON.parse, Date.parse) costs more CPU
// than the server spends sending them, so the load generator would measure itself. A tally takes from each
// frame only what the figures need: its id (in order, never repeated) and its outbox time.

/** Latency histogram: bucket i counts deliveries that took i ms (the last bucket: that long or more). */
export const HISTOGRAM_MS = 30_000;

/** What all the streams of one thread received. */
export class Tally {
  readonly histogram = new Uint32Array(HISTOGRAM_MS + 1);
  delivered = 0;
  /** Events that arrived with an id at or below one the same stream already had. */
  outOfOrder = 0;
  resets = 0;
  /** The last whole second and zone read, as bytes and as milliseconds. */
  private second = Buffer.alloc(0);
  private secondMs = 0;

  /**
   * Milliseconds since the epoch of an outbox time as PostgreSQL writes it (2026-05-03T17:39:54.123456+08:00),
   * read from buf[from, to). Events come in time order, so the whole seconds and the zone are parsed once a
   * second (compared byte by byte, no string made), the fraction by hand.
   */
  parseTime(buf: Uint8Array, from: number, to: number): number {
    let i = from + 19;
    let frac = 0;
    let scale = 1000;
    if (buf[i] === 46 /* . */) {
      for (i++; i < to; i++) {
        const d = buf[i]! - 48;
        if (!(d >= 0 && d <= 9)) break;
        scale /= 10;
        frac += d * scale;
      }
    }
    const key = this.second;
    let same = key.length === 19 + (to - i);
    for (let k = 0; same && k < 19; k++) same = key[k] === buf[from + k];
    for (let k = 19; same && k < key.length; k++) same = key[k] === buf[i + k - 19];
    if (!same) {
      this.second = Buffer.concat([buf.subarray(from, from + 19), buf.subarray(i, to)]);
      this.secondMs = Date.parse(this.second.toString('latin1'));
    }
    return this.secondMs + frac;
  }

  /** A reader for one stream's bytes (the HTTP body, chunking already removed). */
  stream(): (chunk: Buffer, now: number) => void {
    let rest: Buffer | null = null;
    const last = { id: 0 };
    return (chunk, now) => {
      let from = 0;
      if (rest) {
        // Finish the frame cut by the chunk's edge with a small copy, then read the chunk where it lies.
        const straddles = rest[rest.length - 1] === 0x0a && chunk[0] === 0x0a; // the \n\n itself is cut
        const k = straddles ? 0 : chunk.indexOf(FRAME_END);
        if (k < 0) {
          rest = Buffer.concat([rest, chunk]);
          return;
        }
        from = straddles ? 1 : k + FRAME_END.length;
        this.frames(Buffer.concat([rest, chunk.subarray(0, from)]), 0, now, last);
        rest = null;
      }
      const pos = this.frames(chunk, from, now, last);
      if (pos < chunk.length) rest = chunk.subarray(pos);
    };
  }

  /** Tallies the whole frames in buf from `pos`; returns where the first incomplete one begins. */
  private frames(buf: Buffer, pos: number, now: number, last: { id: number }): number {
    for (;;) {
      const end = buf.indexOf(FRAME_END, pos);
      if (end < 0) return pos;
      if (startsWith(buf, pos, end, ID)) {
        let id = 0;
        let i = pos + ID.length;
        for (let d = buf[i]! - 48; d >= 0 && d <= 9; d = buf[++i]! - 48) id = id * 10 + d;
        if (id <= last.id) this.outOfOrder++;
        last.id = Math.max(last.id, id);
        // The data line is {"id":<id>,"at":"…",…}: the event's time starts at a known offset.
        // (Another key order is searched for.)
        let from = i + DATA_ID.length + (i - pos - ID.length) + AT.length;
        if (!startsWith(buf, from - AT.length, end, AT)) from = buf.indexOf(AT_KEY, i) + AT_KEY.length;
        let to = from;
        while (to < end && buf[to] !== 0x22) to++;
        if (from >= AT_KEY.length && to > from && to < end) {
          const ms = now - this.parseTime(buf, from, to);
          this.histogram[Math.max(0, Math.min(HISTOGRAM_MS, Math.round(ms)))]!++;
          this.delivered++;
        }
      } else if (startsWith(buf, pos, end, RESET)) {
        this.resets++;
      }
      pos = end + FRAME_END.length;
    }
  }
}

/** Whether the frame buf[pos, end) begins with `prefix`. */
function startsWith(buf: Buffer, pos: number, end: number, prefix: Buffer): boolean {
  if (end - pos < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (buf[pos + k] !== prefix[k]) return false;
  return true;
}

const FRAME_END = Buffer.from('\n\n');
const ID = Buffer.from('id: ');
const DATA_ID = Buffer.from('\ndata: {"id":');
const AT = Buffer.from(',"at":"');
const AT_KEY = AT.subarray(1);
const RESET = Buffer.from('event: reset');
