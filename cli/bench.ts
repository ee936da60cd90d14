// `npm run bench -- tiles|ingest|live|cockpit [options]`: the speed goals, measured on the project database
// (or DATABASE_URL) with the server built in-process. Prints figures; --json <file> also saves them.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchCockpit } from '../bench/cockpit.ts';
import { benchIngest } from '../bench/ingest.ts';
import { benchLive } from '../bench/live.ts';
import { benchTiles, printTiles } from '../bench/tiles.ts';
import { provideDatabase, redact } from './cluster.ts';
import { migrate } from '../server/db/migrate.ts';
import { buildWeb } from './build.ts';
import { runMain } from './lifecycle.ts';
import { seedIfEmpty } from './seeding.ts';
import { loadConfig } from '../server/config.ts';
import { terminalProgress } from './progress.ts';

const USAGE = `usage: npm run bench -- <tiles|ingest|live|cockpit> [options]
  tiles   --per-zoom 12 --seconds 5 --connections 32     (a) SQL, (b) server uncached, (c) cached; largest tiles
  ingest  --cases 20000 --batch 500 --concurrency 4      batch API vs COPY into cases
  live    --clients 200 --rate 1000 --seconds 10         committed → delivered latency on GET /api/live
  cockpit --minutes 10 --speed 60                        JS size, time until usable, heap at 1 min vs --minutes of live updates
  common  --json <file>                                  also write the figures as JSON`;

const log = (m: string) => console.log(`[xiuhua] ${m}`);

runMain(async () => {
  const [what, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      'per-zoom': { type: 'string', default: '12' }, seconds: { type: 'string' }, connections: { type: 'string', default: '32' },
      cases: { type: 'string', default: '20000' }, batch: { type: 'string', default: '500' }, concurrency: { type: 'string', default: '4' },
      clients: { type: 'string', default: '200' }, rate: { type: 'string', default: '1000' }, json: { type: 'string' },
      minutes: { type: 'string', default: '10' }, speed: { type: 'string', default: '60' },
    },
  });
  const n = (name: keyof typeof values, fallback?: string) => {
    const v = Number(values[name] ?? fallback);
    if (!(v > 0)) throw new Error(`--${name} must be a positive number, got ${String(values[name])}`);
    return v;
  };
  if (!['tiles', 'ingest', 'live', 'cockpit'].includes(what ?? '')) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const { url } = await provideDatabase();
  log(`database: ${redact(url)}`);
  await migrate(url);
  const config = loadConfig(url);
  await seedIfEmpty(url, { seed: config.seed, scale: config.seedScale, progress: terminalProgress(), log });

  let result: unknown;
  if (what === 'tiles') {
    const r = await benchTiles({
      databaseUrl: url, zooms: [10, 11, 12, 13, 14, 15, 16], perZoom: n('per-zoom'), seconds: n('seconds', '5'),
      connections: n('connections'), log,
    });
    printTiles(r);
    result = r;
  } else if (what === 'ingest') {
    const r = await benchIngest({ databaseUrl: url, cases: n('cases'), batch: n('batch'), concurrency: n('concurrency'), log });
    console.log(`\nbatch API: ${Math.round(r.apiPerSecond)} cases/s (${r.cases} cases, ${r.batch} per request, ${r.concurrency} in flight; `
      + `batch p50 ${Math.round(r.batchLatencyMs.p50)} ms, p95 ${Math.round(r.batchLatencyMs.p95)} ms) — target ≥ 5,000: ${r.apiPerSecond >= 5000 ? 'ok' : 'MISSED'}`);
    console.log(`COPY:      ${Math.round(r.copyPerSecond)} cases/s — the API reaches ${Math.round(100 * r.apiShareOfCopy)}% of it (target ≥ 30%: ${r.apiShareOfCopy >= 0.3 ? 'ok' : 'MISSED'})`);
    result = r;
  } else if (what === 'cockpit') {
    await buildWeb();
    const r = await benchCockpit({ databaseUrl: url, minutes: n('minutes'), speed: n('speed'), log });
    const kb = (b: number) => `${Math.round(b / 1024)} KB`;
    console.log(`\ninitial JS: ${r.js.files} files, ${kb(r.js.bytes)} (${kb(r.js.gzipBytes)} gzip); CSS ${kb(r.css.bytes)} (${kb(r.css.gzipBytes)} gzip)`);
    console.log(`usable after ${r.usableMs} ms (navigation start → every panel answered and the map drawn, ${r.viewport}, software WebGL)`);
    console.log(`JS heap: ${r.heapMb.at1} MB after 1 min, ${r.heapMb.atEnd} MB after ${r.heapMb.minutes} min of live updates (${r.events.cases} cases reported by the simulator)`);
    result = r;
  } else {
    const r = await benchLive({ databaseUrl: url, clients: n('clients'), rate: n('rate'), seconds: n('seconds', '10'), log });
    console.log(`\n${r.clients} clients, ${r.rate} cases/s for ${r.seconds} s: ${r.delivered} of ${r.expected} deliveries; committed → delivered `
      + `p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms — target p99 ≤ 500 ms: ${r.latencyMs.p99 <= 500 ? 'ok' : 'MISSED'}`);
    result = r;
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2));
});
