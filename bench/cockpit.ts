// bench/cockpit: what a leader's browser pays for the cockpit. Builds nothing: it measures the built
// web app (dist/web) served by an in-process server on the given database.
//   size     the JavaScript and CSS the cockpit loads before it is usable, raw and gzip-compressed;
//   usable   navigation start → every panel answered and the map drawn (performance mark
//            'cockpit-usable'), in headless Chromium on localhost (software WebGL);
//   memory   the page's JS heap after a forced GC at 1 minute and at `minutes` of live updates from
//            the city simulator running at `speed`× (so the stream carries many events a second).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { TokenAnswer } from '../server/contracts/index.ts';
import { loadConfig } from '../server/config.ts';
import { webDist } from '../server/paths.ts';
import { startServer } from '../server/serve.ts';
import { Simulator } from '../sim/simulator.ts';
import { launchBrowser } from '../test/browser.ts';

export interface CockpitBenchOptions {
  databaseUrl: string;
  /** Minutes of live updates before the last memory reading (the first is at 1 minute). */
  minutes: number;
  /** Simulator speed: simulated minutes per real minute. */
  speed: number;
  log(line: string): void;
}

export interface CockpitBenchResult {
  js: { files: number; bytes: number; gzipBytes: number };
  css: { bytes: number; gzipBytes: number };
  usableMs: number;
  heapMb: { at1: number; atEnd: number; minutes: number };
  events: { cases: number; feedItems: number };
  viewport: string;
}

const MB = 1024 * 1024;

export async function benchCockpit(opts: CockpitBenchOptions): Promise<CockpitBenchResult> {
  statSync(join(webDist, 'index.html')); // the web app must be built (npm run build)
  const config = { ...loadConfig(opts.databaseUrl), host: '127.0.0.1', port: 0, logLevel: 'warn', simulate: false };
  const server = await startServer(config);
  const browser = await launchBrowser();
  let sim: Simulator | null = null;
  try {
    const { token, role, displayName, expiresAt } = await (await fetch(`${server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: 'xiuhua-leader' }),
    })).json() as TokenAnswer & { role: string; displayName: string; expiresAt: string };
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', reducedMotion: 'reduce' });
    // signed in before the page loads, so navigation start → usable is the cockpit's own time
    await context.addInitScript((s) => sessionStorage.setItem('xiuhua.session', s), JSON.stringify({ token, role, displayName, expiresAt }));
    const page = await context.newPage();
    const scripts = new Map<string, number>();
    const styles = new Map<string, number>();
    page.on('response', async (r) => {
      const path = new URL(r.url()).pathname;
      if (!path.startsWith('/assets/')) return;
      const file = join(webDist, path);
      const size = (() => { try { return statSync(file).size; } catch { return 0; } })();
      if (path.endsWith('.js') && !path.includes('worker')) scripts.set(file, size);
      if (path.endsWith('.css')) styles.set(file, size);
    });
    await page.goto(server.url);
    await page.locator('.cockpit[data-state="ready"]').waitFor({ timeout: 300_000 });
    const usableMs = await page.evaluate(() => performance.getEntriesByName('cockpit-usable')[0]!.startTime);
    opts.log(`usable after ${Math.round(usableMs)} ms`);
    const gz = (files: Map<string, number>) => [...files.keys()].reduce((a, f) => a + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    const sum = (files: Map<string, number>) => [...files.values()].reduce((a, b) => a + b, 0);
    const js = { files: scripts.size, bytes: sum(scripts), gzipBytes: gz(scripts) };
    const css = { bytes: sum(styles), gzipBytes: gz(styles) };

    sim = new Simulator({ baseUrl: server.url, scenario: 'normal', speed: opts.speed, log: () => {} });
    await sim.start();
    const cdp = await context.newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize / MB;
    };
    const started = Date.now();
    const until = (min: number) => new Promise((r) => setTimeout(r, Math.max(0, started + min * 60_000 - Date.now())));
    await until(1);
    const at1 = await heap();
    opts.log(`heap after 1 min: ${at1.toFixed(1)} MB (${sim.stats.reported} cases reported so far)`);
    for (let m = 2; m <= opts.minutes; m++) {
      await until(m);
      opts.log(`heap after ${m} min: ${(await heap()).toFixed(1)} MB (${sim.stats.reported} cases)`);
    }
    const atEnd = await heap();
    const feedItems = await page.locator('[data-testid="live-feed"] li').count();
    return {
      js, css, usableMs: Math.round(usableMs), heapMb: { at1: round(at1), atEnd: round(atEnd), minutes: opts.minutes },
      events: { cases: sim.stats.reported, feedItems }, viewport: '1920×1080',
    };
  } finally {
    await sim?.stop();
    await browser.close();
    await server.close();
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
