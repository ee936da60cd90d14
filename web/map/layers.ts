// The city's deck.gl layers, built by small functions from query results (bottom to top: grid
// cells, community, street and district boundaries, the selected feature's halo, alleys). Layer ids are
// the names the rest of the app (and the tiles issue) uses for the same things.
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { Feature, FeatureCollection, Geometry as GeoJsonGeometry } from 'geojson';
import type {
  AlleyCollection, AlleyProperties, AreaCollection, AreaProperties, Geometry, GridCellCollection, GridCellProperties,
} from '../../server/contracts/index.ts';
import { BOUNDARY_COLORS, gridCellFill, scoreColor, type Rgba } from './colors.ts';

export const LAYER_IDS = {
  cells: 'cells',
  communities: 'communities',
  streets: 'streets',
  districts: 'districts',
  alleys: 'alleys',
  selection: 'selection',
} as const;

export interface CityData {
  districts?: AreaCollection;
  streets?: AreaCollection;
  communities?: AreaCollection;
  cells?: GridCellCollection;
  alleys?: AlleyCollection;
  /** The geometry of the feature whose panel is open. */
  selection?: Geometry | null;
}

export interface LayerStyle {
  /** Multiplies pixel widths: 1 on a laptop, 2 on a 4K wall (see useUiScale). */
  scale: number;
}

// The API's GeoJSON is typed loosely (coordinates: unknown[]); the server guarantees valid GeoJSON.
const asGeoJson = <P>(fc: { features: { geometry: Geometry; properties: P }[] }) => fc as unknown as FeatureCollection<GeoJsonGeometry, P>;

const HIGHLIGHT: Rgba = [255, 255, 255, 90];

function boundaryLayer(id: keyof typeof BOUNDARY_COLORS, data: AreaCollection, width: number): Layer {
  return new GeoJsonLayer<AreaProperties>({
    id,
    data: asGeoJson(data),
    filled: false,
    stroked: true,
    getLineColor: [...BOUNDARY_COLORS[id]],
    getLineWidth: width,
    lineWidthUnits: 'pixels',
    lineJointRounded: true,
    pickable: false,
  });
}

export function cityLayers(data: CityData, { scale }: LayerStyle): Layer[] {
  const layers: Layer[] = [];
  if (data.cells) {
    layers.push(new GeoJsonLayer<GridCellProperties>({
      id: LAYER_IDS.cells,
      data: asGeoJson(data.cells),
      filled: true,
      stroked: true,
      getFillColor: (f: Feature<GeoJsonGeometry, GridCellProperties>) => gridCellFill(f.properties.class),
      getLineColor: [110, 160, 210, 70],
      getLineWidth: 0.6 * scale,
      lineWidthUnits: 'pixels',
      pickable: true,
      autoHighlight: true,
      highlightColor: HIGHLIGHT,
    }));
  }
  if (data.communities) layers.push(boundaryLayer(LAYER_IDS.communities, data.communities, 1 * scale));
  if (data.streets) layers.push(boundaryLayer(LAYER_IDS.streets, data.streets, 1.8 * scale));
  if (data.districts) layers.push(boundaryLayer(LAYER_IDS.districts, data.districts, 3 * scale));
  if (data.selection) {
    // A white halo under the alleys: the selected alley keeps its score colour inside it, and a
    // selected cell's outline shows between the alleys that cross it.
    layers.push(new GeoJsonLayer({
      id: LAYER_IDS.selection,
      data: { type: 'Feature', geometry: data.selection as unknown as GeoJsonGeometry, properties: {} },
      filled: false,
      stroked: true,
      getLineColor: [255, 255, 255, 230],
      getLineWidth: 16,
      lineWidthUnits: 'meters',
      lineWidthMinPixels: 4 * scale,
      lineWidthMaxPixels: 22 * scale,
      lineCapRounded: true,
      lineJointRounded: true,
      pickable: false,
    }));
  }
  if (data.alleys) {
    layers.push(new GeoJsonLayer<AlleyProperties>({
      id: LAYER_IDS.alleys,
      data: asGeoJson(data.alleys),
      stroked: true,
      getLineColor: (f: Feature<GeoJsonGeometry, AlleyProperties>) => [...scoreColor(f.properties.score), 235],
      // Metres, so alleys widen as one zooms into a street, but never thinner than a visible stroke.
      getLineWidth: 6,
      lineWidthUnits: 'meters',
      lineWidthMinPixels: 1.6 * scale,
      lineWidthMaxPixels: 14 * scale,
      lineCapRounded: true,
      lineJointRounded: true,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 220],
    }));
  }
  return layers;
}
