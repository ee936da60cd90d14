// Keeps every process's tile cache fresh: LISTEN on the database's xiuhua_tiles channel (filled by the
// statement triggers of migration 031) and drop the cached tiles of each layer that depends on the
// changed table, inside the changed box. A dedicated connection, re-established if the database
// restarts; while it is down nothing can be trusted, so the whole cache is dropped on reconnect.
import type pg from 'pg';
import { createClient } from '../server/db/pool.ts';
import type { TileCache } from './cache.ts';
import { LAYERS } from './layers.ts';

export const TILE_CHANNEL = 'xiuhua_tiles';

interface Change {
  table: string;
  bbox: [number, number, number, number];
}

export interface Invalidation {
  /** Resolves once the listener is connected (so a change made after it is seen). */
  ready: Promise<void>;
  /** True while changes are being heard: only then may cached tiles be served. */
  listening(): boolean;
  close(): Promise<void>;
}

export function applyChange(cache: TileCache, change: Change): number {
  let dropped = 0;
  for (const layer of LAYERS) {
    if (layer.dependsOn.includes(change.table)) dropped += cache.invalidateBox(layer.name, change.bbox, 0, 22);
  }
  return dropped;
}

export function listenForChanges(url: string, cache: TileCache, log: { warn(o: object, m: string): void }): Invalidation {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => { markReady = resolve; });

  const connect = async (): Promise<void> => {
    const c = createClient(url, 'xiuhua-tiles-listen');
    c.on('notification', (msg) => {
      if (msg.channel !== TILE_CHANNEL || !msg.payload) return;
      try {
        applyChange(cache, JSON.parse(msg.payload) as Change);
      } catch (err) {
        log.warn({ err, payload: msg.payload }, 'bad tile invalidation message');
      }
    });
    c.on('error', (err) => {
      log.warn({ err }, 'tile invalidation listener lost its connection; reconnecting');
      c.end().catch(() => {});
      schedule();
    });
    try {
      await c.connect();
      await c.query(`listen ${TILE_CHANNEL}`);
      client = c;
      // anything may have changed while we were not listening
      for (const layer of LAYERS) cache.invalidateLayer(layer.name);
      markReady();
    } catch (err) {
      log.warn({ err }, 'tile invalidation listener cannot connect; retrying');
      c.end().catch(() => {});
      schedule();
    }
  };
  const schedule = () => {
    client = null;
    if (!closed && !retry) retry = setTimeout(() => { retry = undefined; void connect(); }, 1000);
  };
  void connect();
  return {
    ready,
    listening: () => client !== null,
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
