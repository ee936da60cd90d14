// bench/cockpit: what a leader's browser pays for the cockpit. Builds nothing: it measures the built
// web app (dist/web) served by an in-process server on the given database.
//   size      the JavaScript and CSS the cockpit loads before it is usable, raw and gzip-compressed;
//   usable    navigation start → every panel answered, the basemap style loaded and the grid and alley
//             layers' first tiles in (performance mark 'cockpit-usable'); then → every tile in view
//             drawn ('xh:map-drawn'), in headless Chromium on localhost (software WebGL);
//   breakdown where that time goes: the page's milestones (web/shared/perf.ts marks), its requests by
//             kind (resource timing), the main thread's busy time by activity (a Chromium trace), every
//             deck.gl frame, and one frame of each map layer drawn alone at the first view;
//   memory    the page's JS heap after a forced GC at 1 minute and at `minutes` of live updates from
//             the city simulator running at `speed`× (so the stream carries many events a second);
//             with minutes = 0 only the heap at usable is read (no simulator).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { loadConfig } from '../server/config.ts';
import type { TokenAnswer } from '../server/contracts/index.ts';
import { webDist } from '../server/paths.ts';
import { startServer } from '../server/serve.ts';
import { Simulator } from '../sim/simulator.ts';
import { heapAfterGc, launchBrowser } from '../test/browser.ts';

export interface CockpitBenchOptions {
  databaseUrl: string;
  /** Minutes of live updates before the last memory reading (the first is at 1 minute); 0 skips them. */
  minutes: number;
  /** Simulator speed: simulated minutes per real minute. */
  speed: number;
  viewport?: { width: number; height: number };
  /** Also write the Chromium trace there (open it in DevTools' Performance panel). */
  tracePath?: string;
  log(line: string): void;
}

/** Milliseconds from navigation start; null when the page never got there. */
export interface Milestone {
  what: string;
  atMs: number | null;
}
export interface RequestKind {
  what: string;
  count: number;
  kb: number;
  firstStartMs: number;
  lastEndMs: number;
  sumMs: number;
}
export interface MainThread {
  what: string;
  ms: number;
}
export interface LayerFrame {
  layer: string;
  ms: number;
}

export interface CockpitBreakdown {
  milestones: Milestone[];
  requests: RequestKind[];
  /** The renderer's main thread from navigation start to the map drawn, by activity (self time). */
  mainThread: MainThread[];
  /** The GPU process's busy time in the same span (software WebGL draws there). */
  gpuMs: number;
  deckFrames: { count: number; sumMs: number; maxMs: number };
  /** One frame of each layer drawn alone, finished on the (software) GPU, at the first view. */
  layerFrames: LayerFrame[];
}

export interface CockpitBenchResult {
  js: { files: number; bytes: number; gzipBytes: number };
  css: { bytes: number; gzipBytes: number };
  usableMs: number;
  drawnMs: number;
  breakdown: CockpitBreakdown;
  heapMb: { at1: number; atEnd: number; minutes: number };
  events: { cases: number; feedItems: number };
  viewport: string;
}

const TRACE_CATEGORIES = [
  ...(process.env.XH_GPU_TRACE
    ? [
        'gpu.service',
        'disabled-by-default-gpu.decoder',
        'disabled-by-default-gpu.service',
        'gpu.decoder',
        'gpu.angle',
        'disabled-by-default-gpu.angle',
      ]
    : []),
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'gpu',
  'toplevel',
];

export async function benchCockpit(opts: CockpitBenchOptions): Promise<CockpitBenchResult> {
  statSync(join(webDist, 'index.html')); // the web app must be built (npm run build)
  const config = { ...loadConfig(opts.databaseUrl), host: '127.0.0.1', port: 0, logLevel: 'warn', simulate: false };
  const server = await startServer(config);
  const browser = await launchBrowser();
  const viewport = opts.viewport ?? { width: 1920, height: 1080 };
  let sim: Simulator | null = null;
  try {
    const { token, role, displayName, expiresAt } = (await (
      await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'leader', password: 'xiuhua-leader' }),
      })
    ).json()) as TokenAnswer & { role: string; displayName: string; expiresAt: string };
    const context = await browser.newContext({ viewport, locale: 'zh-CN', reducedMotion: 'reduce' });
    // signed in before the page loads, so navigation start → usable is the cockpit's own time
    await context.addInitScript(
      (s) => sessionStorage.setItem('xiuhua.session', s),
      JSON.stringify({ token, role, displayName, expiresAt }),
    );
    // tsx (which runs the bench) names functions with an `__name` helper the page does not have
    await context.addInitScript('globalThis.__name = (f) => f;');
    const page = await context.newPage();
    const scripts = new Map<string, number>();
    const styles = new Map<string, number>();
    page.on('response', async (r) => {
      const path = new URL(r.url()).pathname;
      if (!path.startsWith('/assets/')) return;
      const file = join(webDist, path);
      const size = (() => {
        try {
          return statSync(file).size;
        } catch {
          return 0;
        }
      })();
      if (path.endsWith('.js') && !path.includes('worker')) scripts.set(file, size);
      if (path.endsWith('.css')) styles.set(file, size);
    });
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.goto(server.url);
    await page.locator('.cockpit[data-state="ready"]').waitFor({ timeout: 300_000 });
    const usableMs = await page.evaluate(() => performance.getEntriesByName('cockpit-usable')[0]!.startTime);
    opts.log(`usable after ${Math.round(usableMs)} ms`);
    await page.locator('.map[data-state="ready"]').waitFor({ timeout: 300_000 });
    const drawnMs = await page.evaluate(() => performance.getEntriesByName('xh:map-drawn')[0]!.startTime);
    opts.log(`map drawn after ${Math.round(drawnMs)} ms`);
    const traceBytes = await browser.stopTracing();
    if (opts.tracePath) writeFileSync(opts.tracePath, traceBytes);
    const trace = JSON.parse(traceBytes.toString('utf8')) as { traceEvents: TraceEvent[] };
    const breakdown = { ...(await pageBreakdown(page)), ...threadTimes(trace.traceEvents, drawnMs), layerFrames: await layerFrames(page) };
    printBreakdown(breakdown, usableMs, drawnMs, opts.log);

    const gz = (files: Map<string, number>) => [...files.keys()].reduce((a, f) => a + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    const sum = (files: Map<string, number>) => [...files.values()].reduce((a, b) => a + b, 0);
    const js = { files: scripts.size, bytes: sum(scripts), gzipBytes: gz(scripts) };
    const css = { bytes: sum(styles), gzipBytes: gz(styles) };
    const result = {
      js,
      css,
      usableMs: Math.round(usableMs),
      drawnMs: Math.round(drawnMs),
      breakdown,
      viewport: `${viewport.width}×${viewport.height}`,
    };
    const cdp = await context.newCDPSession(page);
    const heap = () => heapAfterGc(cdp);
    if (opts.minutes <= 0) {
      const now = round(await heap());
      return { ...result, heapMb: { at1: now, atEnd: now, minutes: 0 }, events: { cases: 0, feedItems: 0 } };
    }

    sim = new Simulator({ baseUrl: server.url, scenario: 'normal', speed: opts.speed, log: () => {} });
    await sim.start();
    const started = Date.now();
    // the memory readings are taken at minutes on the clock: waiting for the clock is the measurement
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
      ...result,
      heapMb: { at1: round(at1), atEnd: round(atEnd), minutes: opts.minutes },
      events: { cases: sim.stats.reported, feedItems },
    };
  } finally {
    await sim?.stop();
    await browser.close();
    await server.close();
  }
}

/** The page's own account: its milestones, its requests by kind and its deck.gl frames. */
async function pageBreakdown(page: Page): Promise<Pick<CockpitBreakdown, 'milestones' | 'requests' | 'deckFrames'>> {
  return page.evaluate(() => {
    const mark = (name: string) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const entryJs = resources.find((r) => /\/assets\/index-[^/]+\.js$/.test(r.name));
    const cockpitJs = resources.find((r) => /\/assets\/CockpitMode-[^/]+\.js$/.test(r.name));
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const milestones = [
      ['HTML received', nav?.responseEnd ?? null],
      ['entry script received', entryJs?.responseEnd ?? null],
      ['entry script run (React starts)', mark('xh:app-start')],
      ['map chunk received', cockpitJs?.responseEnd ?? null],
      ['map chunk run', mark('xh:cockpit-module')],
      ['cockpit first rendered', mark('xh:cockpit-mount')],
      ['map created', mark('xh:map-created')],
      ['basemap style loaded', mark('xh:style-loaded')],
      ['first deck.gl frame', mark('xh:deck-first-frame')],
      ['first grid tile in', mark('xh:tiles-first:grid')],
      ['first alley tile in', mark('xh:tiles-first:alleys')],
      ['every panel answered', mark('xh:panels-answered')],
      ['usable (cockpit-usable)', mark('cockpit-usable')],
      ['basemap drawn (maplibre load)', mark('xh:map-load')],
      ['every grid tile in view in', mark('xh:tiles-loaded:grid')],
      ['every alley tile in view in', mark('xh:tiles-loaded:alleys')],
      ['map drawn (every layer)', mark('xh:map-drawn')],
      ['basemap idle', mark('xh:map-idle')],
    ].map(([what, at]) => ({ what: what as string, atMs: at === null ? null : Math.round(at as number) }));
    const kinds: [string, RegExp][] = [
      ['scripts and styles', /\/assets\/.*\.(js|mjs|css)$/],
      ['API reads', /\/api\/(?!live)/],
      ['basemap style and TileJSON', /\/(styles\/.*|tiles\/[a-z_]+)\.json$/],
      ...['basemap', 'admin', 'grid', 'alleys', 'sensors', 'cases'].map((l): [string, RegExp] => [
        `${l} tiles`,
        new RegExp(`/tiles/${l}/`),
      ]),
    ];
    const requests = kinds
      .map(([what, re]) => {
        const hits = resources.filter((r) => re.test(new URL(r.name).pathname));
        return {
          what,
          count: hits.length,
          kb: Math.round(hits.reduce((a, r) => a + r.transferSize, 0) / 1024),
          firstStartMs: Math.round(Math.min(...hits.map((r) => r.startTime))),
          lastEndMs: Math.round(Math.max(...hits.map((r) => r.responseEnd))),
          sumMs: Math.round(hits.reduce((a, r) => a + r.duration, 0)),
        };
      })
      .filter((k) => k.count > 0);
    const frames = performance.getEntriesByName('xh:deck-frame', 'measure');
    return {
      milestones,
      requests,
      deckFrames: {
        count: frames.length,
        sumMs: Math.round(frames.reduce((a, f) => a + f.duration, 0)),
        maxMs: Math.round(Math.max(0, ...frames.map((f) => f.duration))),
      },
    };
  });
}

/** Each deck.gl layer drawn alone (and the basemap), one frame each, waited for on the GPU. */
async function layerFrames(page: Page): Promise<LayerFrame[]> {
  return page.evaluate(() => {
    type DeckLayer = { id: string; props: { visible?: boolean }; clone(p: object): DeckLayer };
    const el = document.querySelector('.map-canvas') as unknown as {
      deckLayers: DeckLayer[];
      deckOverlay: { setProps(p: object): void; _deck: { redraw(reason: string): void; device: { gl: WebGL2RenderingContext } } };
      maplibreMap: { redraw(): void; painter: { context: { gl: WebGL2RenderingContext } } };
    };
    const deck = el.deckOverlay._deck;
    const all = el.deckLayers;
    const time = (draw: () => void, gl: WebGL2RenderingContext) => {
      const t = performance.now();
      draw();
      gl.finish();
      return Math.round(performance.now() - t);
    };
    const frames: { layer: string; ms: number }[] = [];
    const basemap = () => el.maplibreMap.redraw();
    time(basemap, el.maplibreMap.painter.context.gl); // warm
    frames.push({ layer: 'basemap (maplibre)', ms: time(basemap, el.maplibreMap.painter.context.gl) });
    for (const layer of all.filter((l) => l.props.visible !== false)) {
      el.deckOverlay.setProps({ layers: all.map((l) => l.clone({ visible: l.id === layer.id && l.props.visible !== false })) });
      time(() => deck.redraw('bench'), deck.device.gl); // the first draw after a change also uploads
      frames.push({ layer: layer.id, ms: time(() => deck.redraw('bench'), deck.device.gl) });
    }
    el.deckOverlay.setProps({ layers: all });
    frames.push({ layer: 'all deck.gl layers', ms: time(() => deck.redraw('bench'), deck.device.gl) });
    return frames;
  });
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat: string;
  args?: { name?: string; data?: { frame?: string } };
}

// The renderer main thread's self time by activity; the nesting of complete events gives self time.
const ACTIVITY: [RegExp, string][] = [
  [
    /^(v8\.compile|v8\.compileModule|V8\.CompileCode|v8\.parseOnBackground|V8\.ParseFunction|V8\.CompileLazy|CompileScript|v8\.produceCache|v8\.produceModuleCache)/i,
    'script parse and compile',
  ],
  [/GC|gc$/, 'garbage collection'],
  [/^(ParseHTML|ParseAuthorStyleSheet)$/, 'HTML and CSS parsing'],
  [
    /^(Layout|UpdateLayoutTree|RecalculateStyles|UpdateLayerTree|Paint|PaintImage|PrePaint|Layerize|CompositeLayers|Commit|HitTest)$/,
    'style, layout and paint',
  ],
  [/^(WebGL|GPUTask|.*Flush|.*glFinish|CommandBuffer|.*WaitForToken|.*WaitForGetOffset|.*Readback)/i, 'waiting for WebGL (GPU process)'],
];

function threadTimes(events: TraceEvent[], untilMs: number): Pick<CockpitBreakdown, 'mainThread' | 'gpuMs'> {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const nav = events.find((e) => e.name === 'navigationStart' && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
  if (!nav) return { mainThread: [], gpuMs: 0 };
  const main = `${nav.pid}:${nav.tid}`;
  const end = nav.ts + untilMs * 1000;
  const complete = (key: string) =>
    events
      .filter((e) => e.ph === 'X' && e.dur !== undefined && `${e.pid}:${e.tid}` === key && e.ts >= nav.ts && e.ts < end)
      .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; child: number }[] = [];
  const close = (upTo: number) => {
    while (stack.length && stack.at(-1)!.e.ts + stack.at(-1)!.e.dur! <= upTo) {
      const top = stack.pop()!;
      self.set(top.e.name, (self.get(top.e.name) ?? 0) + top.e.dur! - top.child);
    }
  };
  for (const e of complete(main)) {
    close(e.ts);
    if (stack.length) stack.at(-1)!.child += e.dur!;
    stack.push({ e, child: 0 });
  }
  close(Infinity);
  const by = new Map<string, number>();
  for (const [name, us] of self) {
    if (name === 'ThreadControllerImpl::RunTask' || name === 'RunTask' || name === 'TaskQueueManager::ProcessTaskFromWorkQueue') {
      by.set('other (inside tasks)', (by.get('other (inside tasks)') ?? 0) + us);
      continue;
    }
    const activity =
      ACTIVITY.find(([re]) => re.test(name))?.[1] ??
      (/^(EvaluateScript|v8\.evaluateModule|v8\.run|FunctionCall|V8\.Execute|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks|v8\.callFunction|XHRReadyStateChange|ResourceReceiveResponse|ResourceFinish)$/.test(
        name,
      )
        ? 'JavaScript (React, deck.gl, maplibre, echarts)'
        : `other: ${name}`);
    by.set(activity, (by.get(activity) ?? 0) + us);
  }
  const ranked = [...by].map(([what, us]) => ({ what, ms: Math.round(us / 1000) })).sort((a, b) => b.ms - a.ms);
  const major = ranked.filter((r) => !r.what.startsWith('other: ') || r.ms >= 200);
  const rest = ranked.filter((r) => !major.includes(r)).reduce((a, r) => a + r.ms, 0);
  const gpuThreads = [...names].filter(([, n]) => n === 'CrGpuMain' || n === 'VizCompositorThread').map(([k]) => k);
  const gpuMs = Math.round(gpuThreads.reduce((a, k) => a + tops(complete(k)), 0) / 1000);
  return { mainThread: [...major, ...(rest ? [{ what: 'other (small)', ms: rest }] : [])], gpuMs };
}

/** Busy time of a thread: the sum of its top-level events. */
function tops(events: TraceEvent[]): number {
  let busy = 0;
  let until = 0;
  for (const e of events) {
    if (e.ts >= until) {
      busy += e.dur!;
      until = e.ts + e.dur!;
    }
  }
  return busy;
}

function printBreakdown(b: CockpitBreakdown, usableMs: number, drawnMs: number, log: (line: string) => void): void {
  const ms = (x: number | null) => (x === null ? '—' : `${x.toLocaleString('en')} ms`);
  log(`where the time goes (ms from navigation start; usable ${ms(Math.round(usableMs))}, drawn ${ms(Math.round(drawnMs))}):`);
  log('| milestone | at |');
  log('|---|---|');
  for (const m of b.milestones) log(`| ${m.what} | ${ms(m.atMs)} |`);
  log('| requests | count | KB | first start → last end | sum of durations |');
  log('|---|---|---|---|---|');
  for (const r of b.requests) log(`| ${r.what} | ${r.count} | ${r.kb} | ${ms(r.firstStartMs)} → ${ms(r.lastEndMs)} | ${ms(r.sumMs)} |`);
  log(`| main thread until drawn | ms |`);
  log('|---|---|');
  for (const t of b.mainThread) log(`| ${t.what} | ${ms(t.ms)} |`);
  log(`| GPU process busy (software WebGL) | ${ms(b.gpuMs)} |`);
  log(`| deck.gl frames until drawn | ${b.deckFrames.count} frames, ${ms(b.deckFrames.sumMs)} in all, longest ${ms(b.deckFrames.maxMs)} |`);
  log('| one frame of a layer alone (first view) | ms |');
  log('|---|---|');
  for (const f of b.layerFrames) log(`| ${f.layer} | ${ms(f.ms)} |`);
}

const round = (x: number) => Math.round(x * 10) / 10;
