// bench/live: how long a committed case takes to reach the wall. N stream clients listen on
// GET /api/live while cases arrive through the batch API at a fixed rate; latency is measured from
// the event's outbox time (written in the committing transaction) to its arrival at each client.
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createPool } from '../server/db/pool.ts';
import { removeBenchCases } from './ingest.ts';
import type { ClientsDone, ClientsInput } from './live-clients.ts';
import { HISTOGRAM_MS } from './live-tally.ts';

export interface LiveOptions {
  databaseUrl: string;
  clients: number;
  /** Cases per second sent through the batch API. */
  rate: number;
  seconds: number;
  /** Worker threads the clients are spread over (default 2: one per core of the machine class). */
  threads?: number;
  log?: (line: string) => void;
}

export interface LiveResult {
  clients: number;
  rate: number;
  seconds: number;
  /** Cases the server acknowledged (201). */
  sent: number;
  /**
   * Cases in batches the server refused with 503 (its pool waited 10 s for a connection: the database could
   * not take the rate on this machine at this moment). Not counted in `expected`.
   */
  refused: number;
  /** How long sending `seconds` worth of batches took until the last was answered (longer: intake fell behind). */
  sendMs: number;
  delivered: number;
  expected: number;
  /** Events a client received with an id at or below one it already had (must be 0). */
  outOfOrder: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /**
   * The first leg alone: outbox time → the server's hub has read the event (commit, NOTIFY, the outbox read).
   * The rest of latencyMs is the fan-out to the clients and their reading.
   */
  readMs: { p50: number; p95: number; p99: number; max: number };
  /**
   * CPU time from all streams open until the last delivery: the server process's main thread and pool
   * (the app, intake and fan-out, plus the few batch requests this bench sends) and the stream clients'
   * worker threads (null without /proc/thread-self).
   */
  cpu: { wallMs: number; serverMs: number | null; loadGeneratorMs: number | null; threads: number };
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
  for (let ms = histogram.length - 1; ms >= 0; ms--)
    if (histogram[ms]) {
      max = ms;
      break;
    }
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max };
}

/** The stream clients, spread over worker threads. */
class Clients {
  private constructor(private readonly workers: Worker[]) {}

  static async open(input: ClientsInput, threads: number): Promise<Clients> {
    const n = Math.max(1, Math.min(threads, input.clients));
    const entry = new URL('./live-clients.ts', import.meta.url).href; // run by bench/ts-worker.mjs
    const workers = Array.from(
      { length: n },
      (_, k) =>
        new Worker(new URL('./ts-worker.mjs', import.meta.url), {
          workerData: {
            ...input,
            entry,
            clients: Math.floor(input.clients / n) + (k < input.clients % n ? 1 : 0),
          } satisfies ClientsInput & { entry: string },
        }),
    );
    const clients = new Clients(workers);
    try {
      await clients.ask('open');
    } catch (err) {
      await clients.terminate();
      throw err;
    }
    return clients;
  }

  /** Sends `type` to every worker and waits for each one's answer of that type. */
  private ask<T>(type: string, answer = type): Promise<T[]> {
    return Promise.all(
      this.workers.map(
        (w) =>
          new Promise<T>((resolve, reject) => {
            const onMessage = (m: { type: string }) => {
              if (m.type !== answer) return;
              w.off('message', onMessage);
              resolve(m as T);
            };
            w.on('message', onMessage);
            w.once('error', reject);
            if (type !== 'open') w.postMessage({ type });
          }),
      ),
    );
  }

  async delivered(): Promise<number> {
    return (await this.ask<{ delivered: number }>('count')).reduce((sum, r) => sum + r.delivered, 0);
  }

  /** Closes every stream and sums the workers' tallies. */
  async finish(): Promise<Omit<ClientsDone, 'type'>> {
    const all = await this.ask<ClientsDone>('finish', 'done');
    await this.terminate();
    const histogram = new Uint32Array(all[0]!.histogram.length);
    for (const r of all) for (let i = 0; i < histogram.length; i++) histogram[i]! += r.histogram[i]!;
    const sum = (f: (r: ClientsDone) => number) => all.reduce((s, r) => s + f(r), 0);
    return {
      delivered: sum((r) => r.delivered),
      outOfOrder: sum((r) => r.outOfOrder),
      resets: sum((r) => r.resets),
      histogram,
      cpuMs: all.every((r) => r.cpuMs !== null) ? sum((r) => r.cpuMs!) : null,
    };
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export async function benchLive(opts: LiveOptions): Promise<LiveResult> {
  const log = opts.log ?? (() => {});
  const threads = opts.threads ?? 2;
  const tag = `bench-live:${randomBytes(4).toString('hex')}:`;
  const pool = createPool(opts.databaseUrl, 2, 'xiuhua-bench');
  const app = await buildApp({ config: { ...loadConfig(opts.databaseUrl), logLevel: 'warn', poolSize: 8 } });
  let clients: Clients | undefined;
  try {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    await app.live.start(opts.databaseUrl);
    const demo = (await app.auth.issue({ id: 0, username: 'bench', role: 'demo', displayName: 'bench' })).token;
    const field = (await app.auth.issue({ id: 0, username: 'bench', role: 'field', displayName: 'bench' })).token;
    const { rows: points } = await pool.query<{ lng: number; lat: number }>(
      'select st_x(p) as lng, st_y(p) as lat from grid_cell g, st_pointOnSurface(g.geom) p order by g.id',
    );

    log(`live: opening ${opts.clients} stream clients (in ${Math.min(threads, opts.clients)} worker threads)`);
    clients = await Clients.open({ base, token: demo, clients: opts.clients }, threads);

    // In-process, beside the stream clients: when the hub read each of the bench's events.
    const readHistogram = new Uint32Array(HISTOGRAM_MS + 1);
    let read = 0;
    const unsubscribe = app.live.subscribe({
      deliver(batch) {
        const now = Date.now();
        for (const e of batch.events) {
          if (e.kind !== 'case.created') continue;
          readHistogram[Math.max(0, Math.min(HISTOGRAM_MS, Math.round(now - Date.parse(e.at))))]!++;
          read++;
        }
      },
    });

    log(`live: ${opts.rate} cases/s for ${opts.seconds} s`);
    const perTick = Math.max(1, Math.round((opts.rate * TICK_MS) / 1000));
    const ticks = Math.round((opts.seconds * 1000) / TICK_MS);
    let made = 0;
    let sent = 0;
    let refused = 0;
    const cpuAtStart = process.cpuUsage();
    const start = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let t = 0; t < ticks; t++) {
      const cases = Array.from({ length: perTick }, (_, k) => {
        const p = points[(made + k) % points.length]!;
        return {
          source: 'grid_patrol',
          categoryCode: '20101',
          description: '实时压测',
          lng: p.lng,
          lat: p.lat,
          idempotencyKey: `${tag}${made + k}`,
        };
      });
      made += perTick;
      inFlight.push(
        fetch(`${base}/api/cases/batch`, {
          method: 'POST',
          body: JSON.stringify({ cases }),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${field}` },
        }).then(async (res) => {
          if (res.status === 503) refused += cases.length;
          else if (res.status !== 201) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
          else sent += cases.length;
          await res.arrayBuffer();
        }),
      );
      const wait = start + (t + 1) * TICK_MS - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(inFlight);
    const sendMs = performance.now() - start;
    if (refused) log(`live: the server refused ${refused} cases (503): intake fell behind on this machine`);
    const expected = sent * opts.clients;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if ((await clients.delivered()) >= expected) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const wallMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuAtStart);
    unsubscribe();
    const done = await clients.finish();
    clients = undefined;
    const processMs = (cpu.user + cpu.system) / 1000;
    return {
      clients: opts.clients,
      rate: opts.rate,
      seconds: opts.seconds,
      sent,
      refused,
      sendMs: Math.round(sendMs),
      delivered: done.delivered,
      expected,
      outOfOrder: done.outOfOrder,
      latencyMs: percentiles(done.histogram, done.delivered),
      readMs: percentiles(readHistogram, read),
      cpu: {
        wallMs: Math.round(wallMs),
        threads: Math.min(threads, opts.clients),
        loadGeneratorMs: done.cpuMs === null ? null : Math.round(done.cpuMs),
        serverMs: done.cpuMs === null ? null : Math.round(processMs - done.cpuMs),
      },
    };
  } finally {
    await clients?.terminate();
    await app.close();
    await removeBenchCases(pool, tag).catch((err: unknown) => log(`live: cleaning up failed: ${String(err)}`));
    await pool.end();
  }
}
