// deck.gl layer ids, in a module of their own so that code outside the bundle (the browser tests' and the
// benches' page probes, run by plain Node) can name the layers without importing deck.gl's worker URLs.
import type { DataTileLayer } from './tileVersions.ts';

/** deck.gl layer ids: a tile layer's id is its name in the server's registry (tiles/layers.ts), the tile
 *  URL's and the layer toggle's. */
export const LAYER_IDS = {
  grid: 'grid',
  alleys: 'alleys',
  sensors: 'sensors',
  selection: 'selection',
} as const satisfies Record<string, DataTileLayer | 'selection'>;
