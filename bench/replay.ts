// bench/replay: GET /api/replay over the in-process app (app.inject: server time, no network) on the seeded
// city — the last whole Beijing day and the last whole week before today, every table (cases open at the
// start, case events, readings, crowd counts, incidents), median of `runs` requests after one warm-up, with
// the answer's bytes, its events and bytes per event. Read-only. The seeded readings cover only the last
// week, so these windows are the richest the seed has.
import { RecordBatchReader, Table } from 'apache-arrow';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { beijingDayStart, DAY } from '../server/domain/beijing.ts';

export interface ReplayBenchOptions {
  databaseUrl: string;
  runs: number;
  log(line: string): void;
}

export interface ReplayWindowFigures {
  window: 'day' | 'week';
  from: string;
  to: string;
  p50Ms: number;
  maxMs: number;
  bytes: number;
  events: number;
  bytesPerEvent: number;
  rows: Record<string, number>;
}

export interface ReplayBenchResult {
  runs: number;
  windows: ReplayWindowFigures[];
}

export const REPLAY_TARGET_MS = { day: 100, week: 600 } as const;

export async function benchReplay(opts: ReplayBenchOptions): Promise<ReplayBenchResult> {
  const app = await buildApp({ config: { ...loadConfig(opts.databaseUrl), logLevel: 'warn', poolSize: 4 } });
  try {
    const { token } = await app.auth.issue({ id: 0, username: 'bench', role: 'demo', displayName: 'bench' });
    const today = beijingDayStart(Date.now());
    const windows: ReplayWindowFigures[] = [];
    for (const [window, days] of [
      ['day', 1],
      ['week', 7],
    ] as const) {
      const from = new Date(today - days * DAY).toISOString();
      const to = new Date(today).toISOString();
      const url = `/api/replay?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
      const times: number[] = [];
      let body: Buffer = Buffer.alloc(0);
      let events = 0;
      for (let k = 0; k <= opts.runs; k++) {
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (k > 0) times.push(ms);
        body = res.rawPayload;
        events = Number(res.headers['x-replay-events']);
      }
      times.sort((a, b) => a - b);
      const rows: Record<string, number> = {};
      for (const reader of RecordBatchReader.readAll(body)) rows[reader.schema.metadata.get('name')!] = new Table(reader.readAll()).numRows;
      const f: ReplayWindowFigures = {
        window,
        from,
        to,
        p50Ms: Math.round(times[Math.floor((times.length - 1) / 2)]!),
        maxMs: Math.round(times.at(-1)!),
        bytes: body.length,
        events,
        bytesPerEvent: Math.round((10 * body.length) / Math.max(1, events)) / 10,
        rows,
      };
      opts.log(`${window}: p50 ${f.p50Ms} ms (max ${f.maxMs}), ${f.events} events, ${f.bytes} bytes`);
      windows.push(f);
    }
    return { runs: opts.runs, windows };
  } finally {
    await app.close();
  }
}

export function printReplay(r: ReplayBenchResult): void {
  console.log(`\nreplay windows (every table), server time, median of ${r.runs} requests after a warm-up:`);
  for (const w of r.windows) {
    const target = REPLAY_TARGET_MS[w.window];
    console.log(
      `  one ${w.window} (${w.from} → ${w.to}): p50 ${w.p50Ms} ms, max ${w.maxMs} ms — target ≤ ${target} ms: ${w.p50Ms <= target ? 'ok' : 'MISSED'}`,
    );
    console.log(
      `    ${w.events} events, ${(w.bytes / 1e6).toFixed(2)} MB, ${w.bytesPerEvent} bytes per event (cases open at the start included in the bytes); ` +
        `rows: ${Object.entries(w.rows)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    );
  }
}
