// Columns straight from PostgreSQL: each column of a table comes back as one bytea, the rows' values
// concatenated in network byte order (float8send, int4send, …) by string_agg in C, so a week's
// hundreds of thousands of rows cost no per-row parsing in Node. Here they become typed arrays.
import {
  type Data,
  type DataType,
  Dictionary,
  Field,
  Int8,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';

export type Kind = 'f64' | 'f32' | 'i32' | 'i8';

const SIZE: Record<Kind, number> = { f64: 8, f32: 4, i32: 4, i8: 2 }; // i8 arrives as int2send

/** The SQL expression that sends one value of a kind (i8 goes over the wire as a 2-byte int). */
export function send(kind: Kind, expr: string): string {
  switch (kind) {
    case 'f64':
      return `float8send((${expr})::float8)`;
    case 'f32':
      return `float4send((${expr})::float4)`;
    case 'i32':
      return `int4send((${expr})::int4)`;
    case 'i8':
      return `int2send((${expr})::int2)`;
  }
}

/** `string_agg(<send>, '') as name` for each column: one bytea per column over the subquery's rows, in its order. */
export function aggregates(columns: Record<string, [Kind, string]>): string {
  return Object.entries(columns)
    .map(([name, [kind, expr]]) => `coalesce(string_agg(${send(kind, expr)}, ''), ''::bytea) as "${name}"`)
    .join(',\n       ');
}

/** One bytea column (big-endian values) as a typed array. */
export function decode(kind: Kind, bytes: Buffer): Float64Array | Float32Array | Int32Array | Int8Array {
  const n = bytes.length / SIZE[kind];
  if (kind === 'i8') {
    const out = new Int8Array(n);
    for (let i = 0; i < n; i++) out[i] = bytes.readInt16BE(2 * i);
    return out;
  }
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const view = Buffer.from(copy.buffer, 0, copy.length);
  if (kind === 'f64') {
    view.swap64();
    return new Float64Array(copy.buffer, 0, n);
  }
  view.swap32();
  return kind === 'f32' ? new Float32Array(copy.buffer, 0, n) : new Int32Array(copy.buffer, 0, n);
}

/** A typed array column as an Arrow vector (no copy). */
export function vector(values: Float64Array | Float32Array | Int32Array | Int8Array | Uint8Array): Vector {
  return makeVector(values as Float64Array);
}

/** An Int8 code column shown as a dictionary of words (action names, event kinds); `id` unique within a table. */
export function dictionary(id: number, codes: Int8Array, words: readonly string[], nullCode = -1): Vector {
  const dictionaryVector = vectorFromArray([...words], new Utf8());
  const type = new Dictionary(new Utf8(), new Int8(), id);
  let nullBitmap: Uint8Array | undefined;
  let nullCount = 0;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] === nullCode) {
      nullBitmap ??= new Uint8Array(Math.ceil(codes.length / 8)).fill(0xff);
      nullBitmap[i >> 3]! &= ~(1 << (i & 7));
      nullCount++;
    }
  }
  const safe = nullCount ? codes.map((c) => (c === nullCode ? 0 : c)) : codes;
  return makeVector(
    makeData({ type, length: codes.length, nullCount, nullBitmap, data: safe, dictionary: dictionaryVector }) as Data<DataType>,
  );
}

/** One named table as its own Arrow IPC stream (schema metadata: name, and any codes it uses). */
export function ipcTable(name: string, columns: Record<string, Vector>, metadata: Record<string, string> = {}): Uint8Array {
  const fields = Object.entries(columns).map(([k, v]) => new Field(k, v.type, v.nullCount > 0));
  const length = Object.values(columns)[0]?.length ?? 0;
  const schema = new Schema(fields, new Map([['name', name], ...Object.entries(metadata)]));
  const data = makeData({
    type: new Struct(fields),
    length,
    nullCount: 0,
    children: Object.values(columns).map((v) => v.data[0]!),
  });
  const batch = new RecordBatch(schema, data);
  return tableToIPC(new Table(schema, [batch]), 'stream');
}
