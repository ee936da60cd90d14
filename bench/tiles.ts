// bench/tiles: a fixed set of tiles over the core area at z10–z16 for every layer, measured three ways:
// (a) the tile SQL through pg directly (prepared, one connection), (b) the server with its cache off,
// one request at a time over HTTP, (c) the server with a warm cache under autocannon load. Also the
// largest tile per layer and zoom. Targets (issue 3): (b) ≤ 1.10 × (a) at p50; (c) ≥ 5,000 tiles/s.

import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createClient } from '../server/db/pool.ts';
import { tileOf } from '../tiles/cache.ts';
import { LAYERS, tileStatement } from '../tiles/layers.ts';
import { CORE_BOUNDS } from '../tiles/routes.ts';
import type { LoadGeneratorCpu } from './machine.ts';
import type { TilesLoadInput, TilesLoadResult } from './tiles-load.ts';

export interface TileBenchOptions {
  databaseUrl: string;
  zooms: number[];
  /** At most this many tiles per zoom (spread evenly over the core area). */
  perZoom: number;
  /** Seconds of autocannon load for (c). */
  seconds: number;
  connections: number;
  log?: (line: string) => void;
}

export interface LayerFigures {
  layer: string;
  tiles: number;
  sqlP50: number;
  sqlP95: number;
  serverP50: number;
  serverP95: number;
  /** (b) ÷ (a) at p50. */
  ratio: number;
  /** Largest tile per zoom: raw and gzip bytes. */
  largest: Record<number, { bytes: number; gzip: number }>;
}

export interface TileBenchResult {
  layers: LayerFigures[];
  cached: {
    tilesPerSecond: number;
    requests: number;
    errors: number;
    p50: number;
    p99: number;
    connections: number;
    seconds: number;
    /** autocannon's own CPU time (null without /proc/thread-self). */
    loadGenerator: LoadGeneratorCpu | null;
  };
  largestBytes: number;
}

/** The fixed tile set: at each zoom the `perZoom` tiles nearest the city centre (天安门), where a
 *  wall's view sits and tiles are fullest. */
export const CENTRE: [number, number] = [116.3975, 39.9087];
export function tileSet(zooms: readonly number[], perZoom: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const z of zooms) {
    const [cx, cy] = tileOf(CENTRE[0], CENTRE[1], z);
    const [x0, y1] = tileOf(CORE_BOUNDS[0], CORE_BOUNDS[1], z);
    const [x1, y0] = tileOf(CORE_BOUNDS[2], CORE_BOUNDS[3], z);
    const all: [number, number, number][] = [];
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) all.push([z, x, y]);
    all.sort((a, b) => (a[1] - cx) ** 2 + (a[2] - cy) ** 2 - ((b[1] - cx) ** 2 + (b[2] - cy) ** 2) || a[1] - b[1] || a[2] - b[2]);
    out.push(...all.slice(0, perZoom));
  }
  return out;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};
const r2 = (x: number) => Math.round(x * 100) / 100;

export async function benchTiles(opts: TileBenchOptions): Promise<TileBenchResult> {
  const log = opts.log ?? (() => {});
  const set = tileSet(opts.zooms, opts.perZoom);
  const config = { ...loadConfig(opts.databaseUrl), logLevel: 'warn', poolSize: 8 };
  const uncached = await buildApp({ config: { ...config, tileCacheBytes: 0 } });
  const cachedApp = await buildApp({ config });
  const db = createClient(opts.databaseUrl, 'xiuhua-bench');
  await db.connect();
  try {
    const base = await uncached.listen({ host: '127.0.0.1', port: 0 });
    const cachedBase = await cachedApp.listen({ host: '127.0.0.1', port: 0 });
    const layers: LayerFigures[] = [];
    const urls: string[] = [];
    for (const layer of LAYERS) {
      const tiles = set.filter(([z]) => z >= layer.minzoom && z <= layer.maxzoom);
      if (tiles.length === 0) continue;
      log(`tiles: ${layer.name}: ${tiles.length} tiles, SQL then server`);
      const sql: number[] = [];
      const server: number[] = [];
      const largest: LayerFigures['largest'] = {};
      // One untimed pass first: plans prepared and pages in memory for both paths alike.
      for (const [z, x, y] of tiles) {
        await db.query({ ...tileStatement(layer, z, x, y), name: `bench_${layer.name}` });
        await (await fetch(`${base}/tiles/${layer.name}/${z}/${x}/${y}.mvt`, { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer();
      }
      for (const [z, x, y] of tiles) {
        let t = performance.now();
        const { rows } = await db.query<{ mvt: Buffer | null }>({ ...tileStatement(layer, z, x, y), name: `bench_${layer.name}` });
        sql.push(performance.now() - t);
        const body = rows[0]?.mvt ?? Buffer.alloc(0);
        if (body.length > (largest[z]?.bytes ?? -1)) largest[z] = { bytes: body.length, gzip: body.length ? gzipSync(body).length : 0 };

        const url = `/tiles/${layer.name}/${z}/${x}/${y}.mvt`;
        urls.push(url);
        t = performance.now();
        const res = await fetch(`${base}${url}`, { headers: { 'accept-encoding': 'gzip' } });
        await res.arrayBuffer();
        server.push(performance.now() - t);
        if (res.status !== 200 && res.status !== 204) throw new Error(`${url} answered ${res.status}`);
      }
      const [sqlP50, serverP50] = [percentile(sql, 0.5), percentile(server, 0.5)];
      layers.push({
        layer: layer.name,
        tiles: tiles.length,
        sqlP50: r2(sqlP50),
        sqlP95: r2(percentile(sql, 0.95)),
        serverP50: r2(serverP50),
        serverP95: r2(percentile(server, 0.95)),
        ratio: r2(serverP50 / sqlP50),
        largest,
      });
    }

    log(
      `tiles: (c) warming the cache with ${urls.length} tiles, then ${opts.seconds} s of autocannon with ${opts.connections} connections`,
    );
    for (const url of urls) await (await fetch(`${cachedBase}${url}`, { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer();
    const load = await new Promise<TilesLoadResult>((resolve, reject) => {
      const entry = new URL('./tiles-load.ts', import.meta.url).href; // run by bench/ts-worker.mjs
      const worker = new Worker(new URL('./ts-worker.mjs', import.meta.url), {
        workerData: {
          entry,
          url: cachedBase,
          connections: opts.connections,
          seconds: opts.seconds,
          paths: urls,
        } satisfies TilesLoadInput & { entry: string },
      });
      worker.once('message', (m: TilesLoadResult) => {
        resolve(m);
        void worker.terminate();
      });
      worker.once('error', reject);
    });
    const largestBytes = Math.max(...layers.flatMap((l) => Object.values(l.largest).map((t) => t.bytes)));
    return {
      layers,
      cached: {
        tilesPerSecond: Math.round(load.average),
        requests: load.total,
        errors: load.errors,
        p50: load.p50,
        p99: load.p99,
        connections: opts.connections,
        seconds: opts.seconds,
        loadGenerator:
          load.cpuMs === null
            ? null
            : { what: `autocannon, ${opts.connections} connections`, cpuMs: Math.round(load.cpuMs), wallMs: Math.round(load.wallMs) },
      },
      largestBytes,
    };
  } finally {
    await db.end();
    await uncached.close();
    await cachedApp.close();
  }
}

/** The figures as tables for a terminal. */
export function printTiles(r: TileBenchResult, print: (line: string) => void = console.log): void {
  print('\n(a) SQL through pg vs (b) server, cache off — milliseconds per tile');
  console.table(
    r.layers.map((l) => ({
      layer: l.layer,
      tiles: l.tiles,
      'a p50': l.sqlP50,
      'a p95': l.sqlP95,
      'b p50': l.serverP50,
      'b p95': l.serverP95,
      'b/a p50': l.ratio,
      target: l.ratio <= 1.1 ? 'ok (≤ 1.10)' : 'MISSED (> 1.10)',
    })),
  );
  print('largest tile per layer and zoom (KB raw / gzip)');
  const zooms = [...new Set(r.layers.flatMap((l) => Object.keys(l.largest).map(Number)))].sort((a, b) => a - b);
  console.table(
    r.layers.map((l) =>
      Object.fromEntries([
        ['layer', l.layer],
        ...zooms.map((z) => [
          `z${z}`,
          l.largest[z] ? `${(l.largest[z].bytes / 1024).toFixed(0)} / ${(l.largest[z].gzip / 1024).toFixed(0)}` : '',
        ]),
      ]),
    ),
  );
  print(
    `(c) server, warm cache: ${r.cached.tilesPerSecond} tiles/s (${r.cached.connections} connections, ${r.cached.seconds} s, ` +
      `p50 ${r.cached.p50} ms, p99 ${r.cached.p99} ms, ${r.cached.errors} errors) — target ≥ 5,000: ${r.cached.tilesPerSecond >= 5000 ? 'ok' : 'MISSED'}`,
  );
  print(`largest tile of all: ${(r.largestBytes / 1024).toFixed(0)} KB (limit 500 KB)`);
}
