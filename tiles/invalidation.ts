// Keeps every process's tile cache fresh: LISTEN on the database's xiuhua_tiles channel (filled by the
// statement triggers of migration 031) and drop the cached tiles of each layer that depends on the
// changed table, inside the changed box. A dedicated connection, re-established if the database
// restarts; while it is down nothing can be trusted, so the whole cache is dropped on reconnect.
import { type Listener, listen } from '../server/db/listen.ts';
import type { TileCache } from './cache.ts';
import { LAYERS } from './layers.ts';

export const TILE_CHANNEL = 'xiuhua_tiles';

interface Change {
  table: string;
  bbox: [number, number, number, number];
}

/** The listener: `listening()` is true while changes are heard — only then may cached tiles be served. */
export type Invalidation = Listener;

export function applyChange(cache: TileCache, change: Change): number {
  let dropped = 0;
  for (const layer of LAYERS) {
    if (layer.dependsOn.includes(change.table)) dropped += cache.invalidateBox(layer.name, change.bbox, 0, 22);
  }
  return dropped;
}

export function listenForChanges(url: string, cache: TileCache, log: { warn(o: object, m: string): void }): Invalidation {
  return listen({
    url,
    channel: TILE_CHANNEL,
    applicationName: 'xiuhua-tiles-listen',
    log,
    onNotify(payload) {
      try {
        applyChange(cache, JSON.parse(payload) as Change);
      } catch (err) {
        log.warn({ err, payload }, 'bad tile invalidation message');
      }
    },
    // anything may have changed while we were not listening
    onListening() {
      for (const layer of LAYERS) cache.invalidateLayer(layer.name);
    },
  });
}
