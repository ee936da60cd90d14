// bench/live: how long a committed case takes to reach the wall. N stream clients listen on
// GET /api/live while cases arrive through the batch API at a fixed rate; latency is measured from
// the event's outbox time (written in the committing transaction) to its arrival at each client.
import { randomBytes } from 'node:crypto';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createPool } from '../server/db/pool.ts';
import { Worker } from 'node:worker_threads';
import type { ClientsInput } from './live-clients.ts';
import { removeBenchCases } from './ingest.ts';

export interface LiveOptions {
  databaseUrl: string;
  clients: number;
  /** Cases per second sent through the batch API. */
  rate: number;
  seconds: number;
  log?: (line: string) => void;
}

export interface LiveResult {
  clients: number;
  rate: number;
  seconds: number;
  sent: number;
  delivered: number;
  expected: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

const TICK_MS = 100;

/** p50/p95/p99/max from a 1-ms histogram. */
function percentiles(histogram: Uint32Array, total: number): LiveResult['latencyMs'] {
  const at = (p: number) => {
    let seen = 0;
    for (let ms = 0; ms < histogram.length; ms++) {
      seen += histogram[ms]!;
      if (seen > p * total) return ms;
    }
    return NaN;
  };
  let max = NaN;
  for (let ms = histogram.length - 1; ms >= 0; ms--) if (histogram[ms]) { max = ms; break; }
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max };
}

export async function benchLive(opts: LiveOptions): Promise<LiveResult> {
  const log = opts.log ?? (() => {});
  const tag = `bench-live:${randomBytes(4).toString('hex')}:`;
  const pool = createPool(opts.databaseUrl, 2, 'xiuhua-bench');
  const app = await buildApp({ config: { ...loadConfig(opts.databaseUrl), logLevel: 'warn', poolSize: 8 } });
  let stopWorker: (() => Promise<{ delivered: number; histogram: Uint32Array }>) | undefined;
  try {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    await app.live.start(opts.databaseUrl);
    const demo = (await app.auth.issue({ id: 0, username: 'bench', role: 'demo', displayName: 'bench' })).token;
    const field = (await app.auth.issue({ id: 0, username: 'bench', role: 'field', displayName: 'bench' })).token;
    const { rows: points } = await pool.query<{ lng: number; lat: number }>(
      'select st_x(p) as lng, st_y(p) as lat from grid_cell g, st_pointOnSurface(g.geom) p order by g.id');

    log(`live: opening ${opts.clients} stream clients (in a worker thread)`);
    const worker = new Worker(new URL('./live-clients.mjs', import.meta.url), {
      workerData: { base, token: demo, clients: opts.clients } satisfies ClientsInput,
    });
    const reply = <T>(type: string) => new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== type) return;
        worker.off('message', onMessage);
        resolve(m as T);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    await reply('open');
    stopWorker = async () => {
      const done = reply<{ delivered: number; histogram: Uint32Array }>('done');
      worker.postMessage({ type: 'finish' });
      const result = await done;
      await worker.terminate();
      return result;
    };

    log(`live: ${opts.rate} cases/s for ${opts.seconds} s`);
    const perTick = Math.max(1, Math.round((opts.rate * TICK_MS) / 1000));
    const ticks = Math.round((opts.seconds * 1000) / TICK_MS);
    let sent = 0;
    const start = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let t = 0; t < ticks; t++) {
      const cases = Array.from({ length: perTick }, (_, k) => {
        const p = points[(sent + k) % points.length]!;
        return { source: 'grid_patrol', categoryCode: '20101', description: '实时压测', lng: p.lng, lat: p.lat, idempotencyKey: `${tag}${sent + k}` };
      });
      sent += perTick;
      inFlight.push(fetch(`${base}/api/cases/batch`, {
        method: 'POST', body: JSON.stringify({ cases }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${field}` },
      }).then(async (res) => {
        if (res.status !== 201) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }));
      const wait = start + (t + 1) * TICK_MS - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(inFlight);
    const expected = sent * opts.clients;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const { delivered } = await (async () => { worker.postMessage({ type: 'count' }); return reply<{ delivered: number }>('count'); })();
      if (delivered >= expected) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const { delivered, histogram } = await stopWorker();
    stopWorker = undefined;
    return {
      clients: opts.clients, rate: opts.rate, seconds: opts.seconds, sent, delivered, expected,
      latencyMs: percentiles(histogram, delivered),
    };
  } finally {
    await stopWorker?.();
    await app.close();
    await removeBenchCases(pool, tag).catch((err: unknown) => log(`live: cleaning up failed: ${String(err)}`));
    await pool.end();
  }
}
