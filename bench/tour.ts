// bench/tour: the delegation tour (/demo) left running in headless Chromium (software WebGL) on the given
// database, for `minutes`: the page's JS heap after a forced GC each time the tour comes round to its first
// scene again and has settled there (the least of three readings). A wall runs the tour all day; the goal is a flat heap after the first loop (≤ 10% growth by the
// end), i.e. nothing kept per scene, per replay chunk or per loop.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../server/config.ts';
import { webDist } from '../server/paths.ts';
import { startServer } from '../server/serve.ts';
import { heapAfterGc, launchBrowser } from '../test/browser.ts';
import { SCENES } from '../web/tour/scenes.ts';

export interface TourBenchOptions {
  databaseUrl: string;
  minutes: number;
  /** the tour's own ?pace (1: as the wall plays it) */
  pace: number;
  viewport?: { width: number; height: number };
  log(line: string): void;
}

export interface TourBenchResult {
  minutes: number;
  pace: number;
  viewport: string;
  /** seconds one loop takes at this pace */
  loopS: number;
  /** heap (MB, after GC) at the end of each loop, the first one first */
  loopsMb: number[];
  /** growth from the end of the first loop to the end of the last, percent */
  growthPct: number | null;
  /** the least-squares trend over the loops after the first, MB per loop */
  slopeMbPerLoop: number | null;
}

/** The goal: the heap after the last loop at most this much above the first loop's. */
export const TOUR_HEAP_GROWTH_PCT = 10;

export async function benchTour(opts: TourBenchOptions): Promise<TourBenchResult> {
  statSync(join(webDist, 'index.html')); // the web app must be built (npm run build)
  const config = { ...loadConfig(opts.databaseUrl), host: '127.0.0.1', port: 0, logLevel: 'warn', simulate: false };
  const server = await startServer(config);
  const browser = await launchBrowser();
  const viewport = opts.viewport ?? { width: 1920, height: 1080 };
  const loopS = SCENES.reduce((s, x) => s + x.durationS, 0) / opts.pace;
  try {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const heap = () => heapAfterGc(cdp);
    await page.goto(`${server.url}/demo${opts.pace === 1 ? '' : `?pace=${opts.pace}`}`);
    await page.getByTestId('tour').waitFor({ timeout: 120_000 });
    const first = SCENES[0]!.id;
    const loopsMb: number[] = [];
    const until = Date.now() + opts.minutes * 60_000;
    while (Date.now() < until) {
      // round to the last scene, then back to the first: one loop
      await page.locator(`[data-testid="tour"][data-scene="${SCENES.at(-1)!.id}"]`).waitFor({ timeout: loopS * 3000 + 120_000 });
      await page.locator(`[data-testid="tour"][data-scene="${first}"]`).waitFor({ timeout: loopS * 3000 + 120_000 });
      // the first scene settled (its camera flown, its data in), then the least of three readings a second
      // apart: one reading right at the scene change caught tiles and chunks in flight (±10 MB)
      await page.locator('.cockpit[data-state="ready"]').waitFor({ timeout: 120_000 });
      const readings: number[] = [];
      for (let k = 0; k < 3; k++) {
        await page.waitForTimeout(1000);
        readings.push(await heap());
      }
      const mb = Math.min(...readings);
      loopsMb.push(Math.round(mb * 10) / 10);
      opts.log(`loop ${loopsMb.length}: JS heap ${mb.toFixed(1)} MB after GC (least of ${readings.map((r) => r.toFixed(1)).join(', ')})`);
    }
    const [a, z] = [loopsMb[0], loopsMb.at(-1)];
    return {
      minutes: opts.minutes,
      pace: opts.pace,
      viewport: `${viewport.width}×${viewport.height}`,
      loopS,
      loopsMb,
      growthPct: a !== undefined && z !== undefined && loopsMb.length >= 2 ? Math.round(((z - a) / a) * 1000) / 10 : null,
      slopeMbPerLoop: slope(loopsMb.slice(1)),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Least-squares slope of values against their index; null for fewer than three. */
function slope(ys: number[]): number | null {
  if (ys.length < 3) return null;
  const mx = (ys.length - 1) / 2;
  const my = ys.reduce((a, y) => a + y, 0) / ys.length;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return Math.round((num / den) * 100) / 100;
}

export function printTour(r: TourBenchResult): void {
  console.log(
    `\ntour: ${r.loopsMb.length} loops of ${r.loopS.toFixed(0)} s in ${r.minutes} min (${r.viewport}, pace ${r.pace}, software WebGL)`,
  );
  console.log(`JS heap after GC at the end of each loop: ${r.loopsMb.join(', ')} MB`);
  console.log(
    r.growthPct === null
      ? 'growth: needs two loops (run longer, or with --pace)'
      : `growth after the first loop: ${r.growthPct}% (goal ≤ ${TOUR_HEAP_GROWTH_PCT}%)` +
          (r.slopeMbPerLoop === null ? '' : `; trend over the later loops ${r.slopeMbPerLoop} MB per loop`),
  );
}
