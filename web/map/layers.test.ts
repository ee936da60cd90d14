// The layer stack the map draws from the server's tiles.
import { describe, expect, it } from 'vitest';
import { LAYER_BY_NAME } from '../../tiles/layers.ts';
import { tileJson } from '../../tiles/routes.ts';
import type { TileSources } from '../api/tiles.ts';
import { cityLayers, LAYER_IDS } from './layers.ts';
import { DATA_TILE_LAYERS } from './tileVersions.ts';

// the TileJSON the server answers, as from a page at its own origin
const sources = Object.fromEntries(DATA_TILE_LAYERS.map((name) => [name, tileJson(LAYER_BY_NAME.get(name)!, '')])) as TileSources;

const square = {
  type: 'Polygon',
  coordinates: [
    [
      [116.39, 39.91],
      [116.4, 39.91],
      [116.4, 39.92],
      [116.39, 39.91],
    ],
  ],
};

describe('the city layer stack', () => {
  it('draws cells under the selection halo, the halo under the alleys, sensors on top', () => {
    expect(cityLayers(square, sources, { scale: 1 }).map((l) => l.id)).toEqual([
      LAYER_IDS.grid,
      LAYER_IDS.selection,
      LAYER_IDS.alleys,
      LAYER_IDS.sensors,
    ]);
    expect(cityLayers(null, sources, { scale: 1 }).map((l) => l.id)).toEqual([LAYER_IDS.grid, LAYER_IDS.alleys, LAYER_IDS.sensors]);
  });

  it('asks only our own origin for tiles, with a bundled worker rather than a CDN one', () => {
    for (const layer of cityLayers(null, sources, { scale: 1 })) {
      const props = layer.props as unknown as { data: { tiles: string[] }; loadOptions: { mvt: { workerUrl: string } } };
      expect(props.data.tiles).toEqual([`/tiles/${layer.id}/{z}/{x}/{y}.mvt`]);
      expect(props.loadOptions.mvt.workerUrl).not.toMatch(/^https?:/);
    }
  });

  it("widens lines with the wall's scale", () => {
    const [cells] = cityLayers(null, sources, { scale: 2 });
    expect((cells!.props as unknown as { getLineWidth: number }).getLineWidth).toBeCloseTo(1.2);
  });
});
