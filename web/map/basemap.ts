// The basemap style, built in code: a dark ground and nothing fetched — no sources, glyphs or
// sprites, so the map draws air-gapped. The tiles issue replaces it with /styles/dark.json.
import type { StyleSpecification } from 'maplibre-gl';

/** The capital core area (the extent of Dongcheng + Xicheng's real street polygons): the map's first view. */
export const CORE_AREA_BOUNDS: [[number, number], [number, number]] = [[116.3147, 39.8566], [116.4447, 39.9727]];

/** Must match --map-ground in theme.css: the e2e test counts pixels that differ from it. */
export const MAP_GROUND = '#08111f';

export function basemapStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'xiuhua-dark',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': MAP_GROUND } }],
  };
}
