// The tile layers' TileJSON (/tiles/<layer>.json, generated from the server's registry in
// tiles/layers.ts): the map takes each layer's tile URL, zoom range and bounds from here instead of
// retyping them. Fixed while the page is open.
import { useQuery } from '@tanstack/react-query';
import type { tileJson } from '../../tiles/routes.ts';
import { DATA_TILE_LAYERS, type DataTileLayer } from '../map/tileVersions.ts';
import { api } from './client.ts';

export type TileJson = ReturnType<typeof tileJson>;
export type TileSources = Readonly<Record<DataTileLayer, TileJson>>;

export const TILE_SOURCES_KEY = ['tiles', 'tilejson'] as const;

/** Every data layer's TileJSON, asked side by side; undefined until all have answered. */
export function useTileSources() {
  return useQuery({
    queryKey: TILE_SOURCES_KEY,
    queryFn: async ({ signal }) => {
      const answers = await Promise.all(DATA_TILE_LAYERS.map((name) => api<TileJson>(`/tiles/${name}.json`, { signal })));
      return Object.fromEntries(DATA_TILE_LAYERS.map((name, i) => [name, answers[i]!])) as TileSources;
    },
    staleTime: Infinity,
    gcTime: Infinity,
  });
}
