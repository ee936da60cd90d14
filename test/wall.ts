// What the cockpit's page holds, read in the page without waiting for animation frames (software
// WebGL may take seconds to draw a frame that a GPU draws in milliseconds): when a case reached the
// live feed, when the heatmap's data first held its point, and when the grid layer's tiles first
// held a cell with its open case. The browser test (e2e/cockpit.test.ts) asserts that each happens;
// the wall bench (bench/wall.ts) measures how long each takes. Each resolves with the page's clock
// (Date.now(), the same machine's clock as the caller's) and rejects on timeout, so a missing event
// can never pass as a fast one.
import type { Page } from 'playwright-core';
import { LAYER_IDS } from '../web/map/layerIds.ts';

/** When the live feed first listed the case (the page stamps each item on arrival). */
export async function feedArrival(page: Page, code: string, timeout: number): Promise<number> {
  const handle = await page.waitForFunction(
    (c) => {
      const item = document.querySelector<HTMLElement>(`[data-testid="live-feed"] li:has([data-code="${c}"])`);
      return item ? Number(item.dataset.receivedAt) : false;
    },
    code,
    { polling: 100, timeout },
  );
  return (await handle.jsonValue()) as number;
}

/** When the layers handed to deck.gl first had the heatmap hold a point at lng/lat. */
export async function heatArrival(page: Page, lng: number, lat: number, timeout: number): Promise<number> {
  const handle = await page.waitForFunction(
    ([x, y]) => {
      const map = document.querySelector('.map-canvas') as HTMLElement & {
        deckLayers?: { id: string; props: { data: number[][] } }[];
        deckLayersAt?: number;
      };
      const inHeat = map.deckLayers
        ?.find((l) => l.id === 'heat')
        ?.props.data.some((p) => Math.abs(p[0]! - (x as number)) < 1e-5 && Math.abs(p[1]! - (y as number)) < 1e-5);
      return inHeat ? map.deckLayersAt! : false;
    },
    [lng, lat] as const,
    { polling: 100, timeout },
  );
  return (await handle.jsonValue()) as number;
}

/** When the grid layer's tiles in view (what it draws on the next frame) first held the cell with at
 *  least `open` open cases. Read from the layer, not by picking: a pick waits for software WebGL to
 *  finish every frame queued before it. */
export async function gridHolds(page: Page, cellCode: string, open: number, timeout: number): Promise<number> {
  const handle = await page.waitForFunction(
    ([code, least, layerId]) => {
      type Tile = { dataInWGS84: { properties: { code: string; open_cases: number } }[] | null; _contentWGS84?: unknown };
      const el = document.querySelector('.map-canvas') as unknown as {
        deckOverlay: {
          _deck: { layerManager: { getLayers(o: object): { id: string; state: { tileset?: { selectedTiles?: Tile[] } } }[] } };
        };
      };
      const layer = el.deckOverlay._deck.layerManager.getLayers({ layerIds: [layerId] }).find((l) => l.id === layerId);
      // deck.gl caches a tile's WGS84 features on first read and keeps the cache when the tile reloads:
      // drop it so the features are those of the content the tile holds now
      const p = layer?.state.tileset?.selectedTiles
        ?.flatMap((t) => {
          t._contentWGS84 = undefined;
          return t.dataInWGS84 ?? [];
        })
        .find((f) => f.properties.code === code)?.properties;
      return p !== undefined && p.open_cases >= (least as number) ? Date.now() : false;
    },
    [cellCode, open, LAYER_IDS.grid] as const,
    { polling: 250, timeout },
  );
  return (await handle.jsonValue()) as number;
}

/** Centres the cockpit's map on lng/lat at `zoom` at once (no flight). */
export async function jumpTo(page: Page, lng: number, lat: number, zoom: number): Promise<void> {
  await page.evaluate(
    ([x, y, z]) => {
      const map = (document.querySelector('.map-canvas') as unknown as { maplibreMap: { jumpTo(o: object): void } }).maplibreMap;
      map.jumpTo({ center: [x, y], zoom: z });
    },
    [lng, lat, zoom] as const,
  );
}
