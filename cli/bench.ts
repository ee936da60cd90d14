// `npm run bench -- tiles|ingest|live|cockpit|wall|analysis|emergency|replay [options]`: the speed goals, measured on the project database
// (or DATABASE_URL) with the server built in-process. Prints figures; --json <file> also saves them.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchAnalysis, printAnalysis } from '../bench/analysis.ts';
import { benchCockpit } from '../bench/cockpit.ts';
import { benchEmergency, printEmergency } from '../bench/emergency.ts';
import { benchIngest } from '../bench/ingest.ts';
import { benchLive } from '../bench/live.ts';
import { type LoadGeneratorCpu, printMachine, watchMachine } from '../bench/machine.ts';
import { benchReplay, printReplay } from '../bench/replay.ts';
import { benchTiles, printTiles } from '../bench/tiles.ts';
import { benchTour, printTour } from '../bench/tour.ts';
import { benchWall, printWall } from '../bench/wall.ts';
import { loadConfig } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { buildWeb } from './build.ts';
import { provideDatabase, redact } from './cluster.ts';
import { runMain } from './lifecycle.ts';
import { terminalProgress } from './progress.ts';
import { seedIfEmpty } from './seeding.ts';

const USAGE = `usage: npm run bench -- <tiles|ingest|live|cockpit|wall|analysis|emergency|replay|tour> [options]
  tiles   --per-zoom 12 --seconds 5 --connections 32     (a) SQL, (b) server uncached, (c) cached; largest tiles
  ingest  --cases 20000 --batch 500 --concurrency 4      batch API vs COPY into cases
  live    --clients 200 --rate 1000 --seconds 10         committed → delivered latency on GET /api/live
  cockpit --minutes 10 --speed 60                        JS size, time until usable, heap at 1 min vs --minutes of live updates
  live    --threads 2                                    worker threads the stream clients are spread over
  wall    --samples 12                                   a case reported → in the wall's live feed, heatmap and grid cell (Chromium)
  analysis --runs 9                                      planner analyses' server time: Gi* for a year, emerging over 52 weeks, quadrant
  emergency --runs 9                                     nearest 40 units by travel time along the road graph, with routes
  replay  --runs 9                                       GET /api/replay server time for the last day and week, bytes per event
  tour    --minutes 30 --pace 1                          the delegation tour (/demo) looping in Chromium: JS heap after each loop
  common  --json <file>                                  also write the figures as JSON (with the machine report)
Every benchmark also prints the machine's state: load average before and after, how busy the CPUs were and by
whom (this bench, its database, everything else, the busiest other processes), and its load generator's CPU.`;

const log = (m: string) => console.log(`[xiuhua] ${m}`);

const OPTIONS = {
  'per-zoom': { type: 'string', default: '12' },
  seconds: { type: 'string' },
  connections: { type: 'string', default: '32' },
  cases: { type: 'string', default: '20000' },
  batch: { type: 'string', default: '500' },
  concurrency: { type: 'string', default: '4' },
  clients: { type: 'string', default: '200' },
  rate: { type: 'string', default: '1000' },
  json: { type: 'string' },
  minutes: { type: 'string' },
  runs: { type: 'string', default: '9' },
  speed: { type: 'string', default: '60' },
  threads: { type: 'string', default: '2' },
  samples: { type: 'string', default: '12' },
  pace: { type: 'string', default: '1' },
} as const;

/** A numeric option's value (or `fallback`), refused unless positive. */
type NumberOption = (name: keyof typeof OPTIONS, fallback?: string, orZero?: 'or zero') => number;

runMain(async () => {
  const [what, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({ args: rest, options: OPTIONS });
  const n: NumberOption = (name, fallback, orZero) => {
    const v = Number(values[name] ?? fallback);
    if (!(v > 0 || (orZero && v === 0)))
      throw new Error(`--${name} must be a positive number${orZero ? ' or 0' : ''}, got ${String(values[name])}`);
    return v;
  };
  if (!['tiles', 'ingest', 'live', 'cockpit', 'wall', 'analysis', 'emergency', 'replay', 'tour'].includes(what ?? '')) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const { url } = await provideDatabase();
  log(`database: ${redact(url)}`);
  await migrate(url);
  const config = loadConfig(url);
  await seedIfEmpty(url, { seed: config.seed, scale: config.seedScale, progress: terminalProgress(), log });

  if (what === 'cockpit' || what === 'wall' || what === 'tour') await buildWeb();

  // The machine is watched from just before the measuring starts (after provisioning, seeding and the build)
  // and reported after the figures, also when the bench fails.
  const machine = await watchMachine({ databaseUrl: url });
  log(
    `load average now ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')}; measuring`,
  );
  let measured: Measured | undefined;
  try {
    measured = await measure(what!, url, n);
  } finally {
    const report = machine.report(measured?.loadGenerator);
    console.log('');
    printMachine(report);
    if (values.json && measured) writeFileSync(values.json, JSON.stringify({ ...measured.result, machine: report }, null, 2));
  }
});

interface Measured {
  result: object;
  loadGenerator: LoadGeneratorCpu | null;
}

/** Runs one bench and prints its figures. */
async function measure(what: string, url: string, n: NumberOption): Promise<Measured> {
  if (what === 'tiles') {
    const r = await benchTiles({
      databaseUrl: url,
      zooms: [10, 11, 12, 13, 14, 15, 16],
      perZoom: n('per-zoom'),
      seconds: n('seconds', '5'),
      connections: n('connections'),
      log,
    });
    printTiles(r);
    return { result: r, loadGenerator: r.cached.loadGenerator };
  }
  if (what === 'ingest') {
    const r = await benchIngest({ databaseUrl: url, cases: n('cases'), batch: n('batch'), concurrency: n('concurrency'), log });
    console.log(
      `\nbatch API: ${Math.round(r.apiPerSecond)} cases/s (${r.cases} cases, ${r.batch} per request, ${r.concurrency} in flight; ` +
        `batch p50 ${Math.round(r.batchLatencyMs.p50)} ms, p95 ${Math.round(r.batchLatencyMs.p95)} ms) — target ≥ 5,000: ${r.apiPerSecond >= 5000 ? 'ok' : 'MISSED'}`,
    );
    console.log(
      `COPY:      ${Math.round(r.copyPerSecond)} cases/s — the API reaches ${Math.round(100 * r.apiShareOfCopy)}% of it (target ≥ 30%: ${r.apiShareOfCopy >= 0.3 ? 'ok' : 'MISSED'})`,
    );
    const t = r.triggers;
    const us = (ms: number) => `${Math.round((1000 * ms) / t.cases)} µs`;
    const share = (ms: number) => `${Math.round((100 * ms) / t.totalMs)}%`;
    const rollup = t.byTrigger.filter((x) => x.name.startsWith('cases_rollup')).reduce((a, x) => a + x.ms, 0);
    console.log(
      `one insert of ${t.cases} cases (EXPLAIN ANALYZE, rolled back): ${us(t.totalMs)} per case; the planner's rollup upkeep ${us(rollup)} (${share(rollup)})`,
    );
    console.log(`  by trigger: ${t.byTrigger.map((x) => `${x.name} ${us(x.ms)}`).join(', ')}`);
    // The batch sender runs on the server's event loop: its (small) CPU is not told apart.
    return { result: r, loadGenerator: null };
  }
  if (what === 'analysis') {
    const r = await benchAnalysis({ databaseUrl: url, runs: n('runs'), log });
    printAnalysis(r);
    return { result: r, loadGenerator: null };
  }
  if (what === 'emergency') {
    const r = await benchEmergency({ databaseUrl: url, runs: n('runs'), log });
    printEmergency(r);
    return { result: r, loadGenerator: null };
  }
  if (what === 'replay') {
    const r = await benchReplay({ databaseUrl: url, runs: n('runs'), log });
    printReplay(r);
    return { result: r, loadGenerator: null };
  }
  if (what === 'tour') {
    const r = await benchTour({ databaseUrl: url, minutes: n('minutes', '30'), pace: n('pace'), log });
    printTour(r);
    // Chromium is a child process: its CPU is in "this bench's processes".
    return { result: r, loadGenerator: null };
  }
  if (what === 'wall') {
    const r = await benchWall({ databaseUrl: url, cases: n('samples'), log });
    printWall(r);
    // Chromium is a child process: its CPU is in "this bench's processes".
    return { result: r, loadGenerator: null };
  }
  if (what === 'cockpit') {
    const r = await benchCockpit({ databaseUrl: url, minutes: n('minutes', '10', 'or zero'), speed: n('speed'), log });
    const kb = (b: number) => `${Math.round(b / 1024)} KB`;
    console.log(
      `\ninitial JS: ${r.js.files} files, ${kb(r.js.bytes)} (${kb(r.js.gzipBytes)} gzip); CSS ${kb(r.css.bytes)} (${kb(r.css.gzipBytes)} gzip)`,
    );
    console.log(
      `usable after ${r.usableMs} ms (navigation start → every panel answered, the basemap style and the first grid and alley tiles in), ` +
        `every layer drawn after ${r.drawnMs} ms (${r.viewport}, software WebGL)`,
    );
    if (r.heapMb.minutes > 0)
      console.log(
        `JS heap: ${r.heapMb.at1} MB after 1 min, ${r.heapMb.atEnd} MB after ${r.heapMb.minutes} min of live updates (${r.events.cases} cases reported by the simulator)`,
      );
    else console.log(`JS heap: ${r.heapMb.atEnd} MB when usable (--minutes 0: no live updates)`);
    // Chromium is a child process: its CPU is in "this bench's processes".
    return { result: r, loadGenerator: null };
  }
  const r = await benchLive({
    databaseUrl: url,
    clients: n('clients'),
    rate: n('rate'),
    seconds: n('seconds', '10'),
    threads: n('threads'),
    log,
  });
  const ok = r.latencyMs.p99 <= 500 && r.refused === 0 && r.delivered === r.expected;
  console.log(
    `\n${r.clients} clients, ${r.rate} cases/s for ${r.seconds} s (sent in ${(r.sendMs / 1000).toFixed(1)} s` +
      `${r.refused ? `, ${r.refused} cases REFUSED with 503: intake fell behind` : ''}): ${r.delivered} of ${r.expected} deliveries` +
      `${r.outOfOrder ? ` (${r.outOfOrder} OUT OF ORDER)` : ''}; committed → delivered ` +
      `p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms — target p99 ≤ 500 ms: ${ok ? 'ok' : 'MISSED'}`,
  );
  console.log(
    `  of which committed → read by the server (commit, NOTIFY, outbox read): p50 ${r.readMs.p50} ms, p95 ${r.readMs.p95} ms, p99 ${r.readMs.p99} ms`,
  );
  const s = (x: number | null) => (x === null ? 'unknown' : `${(x / 1000).toFixed(1)} s`);
  console.log(
    `CPU over the ${(r.cpu.wallMs / 1000).toFixed(1)} s of streaming: server process ${s(r.cpu.serverMs)}, ` +
      `stream clients ${s(r.cpu.loadGeneratorMs)} (${r.cpu.threads} worker threads)`,
  );
  return {
    result: r,
    loadGenerator:
      r.cpu.loadGeneratorMs === null
        ? null
        : { what: `${r.clients} stream clients in ${r.cpu.threads} worker threads`, cpuMs: r.cpu.loadGeneratorMs, wallMs: r.cpu.wallMs },
  };
}
