// bench/wall: how long a case reported through the API takes to show on the leader's wall — in the
// live feed, in the heatmap's data and as its grid cell's colour — in headless Chromium on localhost
// (software WebGL), with an in-process server on the given database and every layer of the cockpit on.
// The speed goals (feed and heatmap 2 s, grid cell 5 s) were bounds in the browser test until they
// flaked on a busy CI machine (7.9 s for the grid cell while other tests ran): they are measured here
// instead, where the machine's load is reported beside them (rule 6).
//
// The first case after the wall opens is reported on its own (software WebGL is still drawing the opening
// view then); the percentiles are over the `cases` after it. For each empty grid cell near the middle
// of the core area: the map jumps to the cell at zoom 16 and waits until its tiles hold the cell with no open case; then the dispatch desk reports a
// case inside it, and the three arrivals are read in the page (test/wall.ts: the page's own stamps, not
// animation frames). Cases are `spacingMs` apart, more than the grid tiles' refresh throttle (3 s,
// web/map/tileVersions.ts), so each case's latency is its own and not the throttle's wait for the one
// before. The bench's cases are removed afterwards.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../server/config.ts';
import type { TokenAnswer } from '../server/contracts/index.ts';
import { createPool } from '../server/db/pool.ts';
import { webDist } from '../server/paths.ts';
import { startServer } from '../server/serve.ts';
import { launchBrowser } from '../test/browser.ts';
import { feedArrival, gridHolds, heatArrival, jumpTo } from '../test/wall.ts';
import { removeBenchCases } from './ingest.ts';

export interface WallBenchOptions {
  databaseUrl: string;
  cases: number;
  spacingMs?: number;
  viewport?: { width: number; height: number };
  log(line: string): void;
}

export interface Latency {
  p50: number;
  p95: number;
  max: number;
}

export interface WallBenchResult {
  cases: number;
  viewport: string;
  feedMs: Latency;
  heatMs: Latency;
  gridMs: Latency;
  samples: WallSample[];
  /** The first case after the wall opened, kept out of the percentiles: software WebGL is still
   *  drawing the opening view's tiles then, so it measures start-up, not the wall in service. */
  first: WallSample;
}

export interface WallSample {
  cell: string;
  feedMs: number;
  heatMs: number;
  gridMs: number;
}

/** The speed goals: accepted → on the wall. */
export const WALL_TARGET_MS = { feed: 2000, heat: 2000, grid: 5000 } as const;

const TAG = 'bench-wall-';
const ARRIVAL_TIMEOUT = 120_000;

export async function benchWall(opts: WallBenchOptions): Promise<WallBenchResult> {
  statSync(join(webDist, 'index.html')); // the web app must be built (npm run build)
  const spacingMs = opts.spacingMs ?? 4000;
  const config = { ...loadConfig(opts.databaseUrl), host: '127.0.0.1', port: 0, logLevel: 'warn', simulate: false };
  const server = await startServer(config);
  const pool = createPool(opts.databaseUrl, 2, 'xiuhua-bench-wall');
  const browser = await launchBrowser();
  const viewport = opts.viewport ?? { width: 1920, height: 1080 };
  try {
    const login = async (username: string) =>
      (await (
        await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: `xiuhua-${username}` }),
        })
      ).json()) as TokenAnswer & { role: string; displayName: string; expiresAt: string };
    const leader = await login('leader');
    const desk = await login('dispatcher');
    const context = await browser.newContext({ viewport, locale: 'zh-CN', reducedMotion: 'reduce' });
    await context.addInitScript(
      (s) => sessionStorage.setItem('xiuhua.session', s),
      JSON.stringify({ token: leader.token, role: leader.role, displayName: leader.displayName, expiresAt: leader.expiresAt }),
    );
    // tsx (which runs the bench) names functions with an `__name` helper the page does not have
    await context.addInitScript('globalThis.__name = (f) => f;');
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('.cockpit[data-state="ready"]').waitFor({ timeout: 300_000 });
    await page.locator('.map[data-state="ready"]').waitFor({ timeout: 300_000 });
    opts.log('cockpit drawn; reporting cases');

    const { rows: cells } = await pool.query<{ code: string; lng: number; lat: number }>(
      `select g.code, st_x(p.geom) as lng, st_y(p.geom) as lat
         from grid_cell g cross join lateral (select st_pointOnSurface(g.geom) as geom) p
        where not exists (select 1 from cases c where c.grid_cell_id = g.id)
        order by g.geom <-> st_setSRID(st_point(116.40, 39.92), 4326)
        limit $1`,
      [opts.cases + 1],
    );
    if (cells.length < opts.cases + 1) throw new Error(`only ${cells.length} grid cells without a case; asked for ${opts.cases + 1}`);

    const samples: WallSample[] = [];
    for (const [i, cell] of cells.entries()) {
      await jumpTo(page, cell.lng, cell.lat, 16);
      await gridHolds(page, cell.code, 0, ARRIVAL_TIMEOUT);
      const res = await fetch(`${server.url}/api/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${desk.token}` },
        body: JSON.stringify({
          source: 'hotline',
          categoryCode: '20101',
          lng: cell.lng,
          lat: cell.lat,
          description: '基准测试：上墙延迟',
          idempotencyKey: `${TAG}${Date.now()}-${i}`,
        }),
      });
      const accepted = Date.now();
      if (res.status !== 201) throw new Error(`POST /api/cases: ${res.status} ${await res.text()}`);
      const { code } = (await res.json()) as { code: string };
      const [feedAt, heatAt, gridAt] = await Promise.all([
        feedArrival(page, code, ARRIVAL_TIMEOUT),
        heatArrival(page, cell.lng, cell.lat, ARRIVAL_TIMEOUT),
        gridHolds(page, cell.code, 1, ARRIVAL_TIMEOUT),
      ]);
      const s = { cell: cell.code, feedMs: feedAt - accepted, heatMs: heatAt - accepted, gridMs: gridAt - accepted };
      samples.push(s);
      opts.log(
        `${i === 0 ? 'first (start-up)' : `${i}/${opts.cases}`} ${cell.code}: feed ${s.feedMs} ms, heatmap ${s.heatMs} ms, grid cell ${s.gridMs} ms`,
      );
      // the wait between cases is what the bench sets out to hold (see the header)
      await new Promise((r) => setTimeout(r, Math.max(0, accepted + spacingMs - Date.now())));
    }
    const [first, ...served] = samples as [WallSample, ...WallSample[]];
    const of = (k: 'feedMs' | 'heatMs' | 'gridMs') => latency(served.map((s) => s[k]));
    return {
      cases: served.length,
      viewport: `${viewport.width}×${viewport.height}`,
      feedMs: of('feedMs'),
      heatMs: of('heatMs'),
      gridMs: of('gridMs'),
      samples: served,
      first,
    };
  } finally {
    await browser.close();
    await server.close();
    await removeBenchCases(pool, TAG).catch((err: unknown) => opts.log(`wall: cleaning up failed: ${String(err)}`));
    await pool.end();
  }
}

/** Nearest-rank percentiles of a few samples. */
function latency(ms: number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
}

export function printWall(r: WallBenchResult): void {
  console.log(`\n${r.cases} cases reported through the API, each into an empty grid cell in view (${r.viewport}, software WebGL):`);
  for (const [what, l, target] of [
    ['accepted → in the live feed      ', r.feedMs, WALL_TARGET_MS.feed],
    ["accepted → in the heatmap's data ", r.heatMs, WALL_TARGET_MS.heat],
    ['accepted → grid tiles hold it    ', r.gridMs, WALL_TARGET_MS.grid],
  ] as const)
    console.log(
      `  ${what} p50 ${String(l.p50).padStart(5)} ms, p95 ${String(l.p95).padStart(5)} ms, max ${String(l.max).padStart(5)} ms — target p95 ≤ ${target} ms: ${l.p95 <= target ? 'ok' : 'MISSED'}`,
    );
  const f = r.first;
  console.log(
    `  the first case after the wall opened (start-up, not in the figures above): feed ${f.feedMs} ms, heatmap ${f.heatMs} ms, grid cell ${f.gridMs} ms`,
  );
}
