// Bulk loading with COPY … FROM STDIN (text format): how the seed writes millions of rows fast.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null | undefined | Date | readonly boolean[];

/** One field in COPY text format: \N for null, backslash escapes for the special characters. */
export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot COPY non-finite number ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `{${v.map((b) => (b ? 't' : 'f')).join(',')}}`;
  return (v as string).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Streams rows into `table (columns)`; rows may be any (lazy) iterable. Returns the row count. */
export async function copyRows(
  db: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
  onRows?: (n: number) => void,
): Promise<number> {
  let count = 0;
  function* chunks(): Generator<string> {
    let buf = '';
    let inChunk = 0;
    for (const row of rows) {
      buf += `${row.map(copyField).join('\t')}\n`;
      count++;
      if (++inChunk === 2000) {
        yield buf;
        onRows?.(inChunk);
        buf = '';
        inChunk = 0;
      }
    }
    if (buf) {
      yield buf;
      onRows?.(inChunk);
    }
  }
  const sink = db.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  await pipeline(Readable.from(chunks()), sink);
  return count;
}

/** WKT helpers for COPY into geometry columns (EWKT with the SRID). */
export const ewkt = {
  point: (lng: number, lat: number) => `SRID=4326;POINT(${lng.toFixed(7)} ${lat.toFixed(7)})`,
  line: (coords: readonly (readonly [number, number])[]) =>
    `SRID=4326;LINESTRING(${coords.map(([x, y]) => `${x.toFixed(7)} ${y.toFixed(7)}`).join(',')})`,
  polygon: (ring: readonly (readonly [number, number])[]) =>
    `SRID=4326;POLYGON((${ring.map(([x, y]) => `${x.toFixed(7)} ${y.toFixed(7)}`).join(',')}))`,
};
