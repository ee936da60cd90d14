// Each tile layer's data version. The server drops a stale tile when the city changes, but a layer
// whose tiles are already on the wall never asks again: the live stream's events say which layers
// moved, the layer's version goes up, and deck.gl reloads the tiles in view (the server answers 304
// for those unchanged, by ETag). At most one reload per layer per TILE_REFRESH_MS, however many
// events arrive; the first of a quiet spell goes out after TILE_SETTLE_MS.
import { useEffect, useSyncExternalStore } from 'react';
import type { LiveEvent } from '../../server/live/events.ts';

/** The tile layers (names of the server's registry, tiles/layers.ts) whose data the city changes. */
export type DataTileLayer = 'grid' | 'alleys' | 'sensors' | 'cases';
export const DATA_TILE_LAYERS: readonly DataTileLayer[] = ['grid', 'alleys', 'sensors', 'cases'];
export type TileVersions = Readonly<Record<DataTileLayer, number>>;

/** At most one reload of a layer's tiles per this many ms. */
export const TILE_REFRESH_MS = 3_000;
/** The first reload waits this long: the rest of a burst (a batch intake) joins it, and every
 *  server process has heard the change (its tile cache listens on its own connection). */
export const TILE_SETTLE_MS = 250;
/** Without any event, tiles are asked again this often: a sensor falls silent (offline), a case
 *  leaves the last 30 days, and no write announces it (the server's cache lets such tiles expire). */
export const TILE_SLIDE_MS = 60_000;

/** The layers whose tiles an event makes stale. */
export function layersTouchedBy(event: LiveEvent): DataTileLayer[] {
  switch (event.kind) {
    case 'case.created':
      return ['grid', 'alleys', 'cases'];
    case 'case.stage':
      // urge and supervise keep the stage: the open counts and the points' stage stay as they are
      return event.payload.fromStage === event.payload.toStage ? [] : ['grid', 'alleys', 'cases'];
    case 'alarm.raised':
    case 'alarm.cleared':
      return ['sensors'];
    default:
      return [];
  }
}

export interface VersionStore {
  get(): TileVersions;
  subscribe(listener: () => void): () => void;
  /** The layer's data moved: a new version soon, within the per-layer limit. */
  touch(layer: DataTileLayer): void;
  stop(): void;
}

/** A store of versions; `now` and the timer are the environment's unless a test passes its own. */
export function versionStore(now: () => number = () => Date.now()): VersionStore {
  let versions: TileVersions = { grid: 0, alleys: 0, sensors: 0, cases: 0 };
  const listeners = new Set<() => void>();
  const lastAt = new Map<DataTileLayer, number>();
  const timers = new Map<DataTileLayer, ReturnType<typeof setTimeout>>();
  return {
    get: () => versions,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    touch(layer) {
      if (timers.has(layer)) return; // a reload is already due: it will read the change too
      const last = lastAt.get(layer);
      const wait = Math.max(TILE_SETTLE_MS, last === undefined ? 0 : last + TILE_REFRESH_MS - now());
      timers.set(
        layer,
        setTimeout(() => {
          timers.delete(layer);
          lastAt.set(layer, now());
          versions = { ...versions, [layer]: versions[layer] + 1 };
          for (const listener of listeners) listener();
        }, wait),
      );
    },
    stop() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** The page's versions, fed by the live stream. */
export const tileVersions = versionStore();

/** The versions, for a page that draws the tile layers (and keeps them sliding while it does). */
export function useTileVersions(): TileVersions {
  useEffect(() => {
    const timer = setInterval(() => {
      for (const layer of DATA_TILE_LAYERS) tileVersions.touch(layer);
    }, TILE_SLIDE_MS);
    return () => clearInterval(timer);
  }, []);
  return useSyncExternalStore(tileVersions.subscribe, tileVersions.get);
}
