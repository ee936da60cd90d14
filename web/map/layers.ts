// The city's deck.gl layers over the basemap, drawn from the server's vector tiles (bottom to top: grid
// cells, the selected feature's halo, alleys, sensors). Layer ids are the names the rest of the app
// uses for the same things; boundaries and labels come with the basemap style.

import type { Layer } from '@deck.gl/core';
import { MVTLayer } from '@deck.gl/geo-layers';
import { GeoJsonLayer } from '@deck.gl/layers';
import mvtWorkerUrl from '@loaders.gl/mvt/mvt-worker.js?url';
import type { Feature, Geometry as GeoJsonGeometry } from 'geojson';
import type { Geometry } from '../../server/contracts/index.ts';
import { gridCellFill, openCasesFill, type Rgba, SENSOR_COLORS, scoreColor } from './colors.ts';
import type { TileVersions } from './tileVersions.ts';

export const LAYER_IDS = {
  cells: 'cells',
  alleys: 'alleys',
  sensors: 'sensors',
  selection: 'selection',
} as const;

/** Properties of the grid, alleys and sensors tiles (tiles/layers.ts). */
export interface CellTileProps {
  code: string;
  class: string;
  open_cases: number;
  cases_30d: number;
}
export interface AlleyTileProps {
  name: string;
  score: number;
  chief: string;
  open_cases: number;
  slug: string;
}
export interface SensorTileProps {
  code: string;
  kind: string;
  name: string;
  status: string;
  last_value: number;
  unit: string;
}

export interface LayerStyle {
  /** Multiplies pixel widths: 1 on a laptop, 2 on a 4K wall (see useUiScale). */
  scale: number;
  /** Which of the tile layers are shown (all by default). */
  show?: Partial<Record<'cells' | 'alleys' | 'sensors', boolean>>;
  /** Grid cells by management class (default) or by their open cases (the cockpit). */
  cellColour?: 'class' | 'open';
  /** The layers' data versions (./tileVersions.ts): a new one reloads that layer's tiles in view. */
  versions?: TileVersions;
}

export interface TileEvents {
  /** A tile of the layer has arrived (parsed, not yet drawn). */
  onTile?(layerId: string): void;
  /** Every tile in view has loaded (the map reports ready after drawing them). */
  onLoaded?(layerId: string): void;
  onError?(error: Error): void;
}

const HIGHLIGHT: Rgba = [255, 255, 255, 90];

/** The tiles' extent (the core area with a margin). With it, a view zoomed out below a layer's minZoom
 *  still draws that layer from its minZoom tiles, instead of nothing (the wall's whole-city view). */
const EXTENT: [number, number, number, number] = [116.3, 39.84, 116.46, 39.99];

// deck.gl would fetch its MVT worker from a public CDN; ours is bundled and served by our origin.
const LOAD_OPTIONS = { mvt: { workerUrl: mvtWorkerUrl } };

export function tiles<P>(
  id: string,
  layer: string,
  minZoom: number,
  maxZoom: number,
  events: TileEvents,
  props: Record<string, unknown>,
  version = 0,
): Layer {
  return new MVTLayer<P>({
    id,
    data: `/tiles/${layer}/{z}/{x}/{y}.mvt`,
    minZoom,
    maxZoom,
    extent: EXTENT,
    loadOptions: LOAD_OPTIONS,
    onTileLoad: () => events.onTile?.(id),
    onViewportLoad: () => events.onLoaded?.(id),
    onTileError: (err: unknown) => events.onError?.(err instanceof Error ? err : new Error(String(err))),
    ...props,
    // a new version reloads the tiles in view, the old ones drawn until the new arrive
    updateTriggers: { ...(props.updateTriggers as Record<string, unknown> | undefined), getTileData: version },
  });
}

type F<P> = Feature<GeoJsonGeometry, P>;

export function cityLayers(
  selection: Geometry | null | undefined,
  { scale, show = {}, cellColour = 'class', versions }: LayerStyle,
  events: TileEvents = {},
): Layer[] {
  const layers: Layer[] = [
    tiles<CellTileProps>(
      LAYER_IDS.cells,
      'grid',
      12,
      18,
      events,
      {
        visible: show.cells ?? true,
        filled: true,
        stroked: true,
        getFillColor:
          cellColour === 'open'
            ? (f: F<CellTileProps>) => openCasesFill(f.properties.open_cases)
            : (f: F<CellTileProps>) => gridCellFill(f.properties.class as Parameters<typeof gridCellFill>[0]),
        updateTriggers: { getFillColor: cellColour },
        getLineColor: [110, 160, 210, 70],
        getLineWidth: 0.6 * scale,
        lineWidthUnits: 'pixels',
        pickable: true,
        autoHighlight: true,
        uniqueIdProperty: 'code',
        highlightColor: HIGHLIGHT,
      },
      versions?.grid,
    ),
  ];
  if (selection) {
    // A white halo under the alleys: the selected alley keeps its score colour inside it, and a
    // selected cell's outline shows between the alleys that cross it.
    layers.push(
      new GeoJsonLayer({
        id: LAYER_IDS.selection,
        data: { type: 'Feature', geometry: selection as unknown as GeoJsonGeometry, properties: {} },
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
      }),
    );
  }
  layers.push(
    tiles<AlleyTileProps>(
      LAYER_IDS.alleys,
      'alleys',
      11,
      18,
      events,
      {
        visible: show.alleys ?? true,
        stroked: true,
        getLineColor: (f: F<AlleyTileProps>) => [...scoreColor(f.properties.score), 235],
        // Metres, so alleys widen as one zooms into a street, but never thinner than a visible stroke.
        getLineWidth: 6,
        lineWidthUnits: 'meters',
        lineWidthMinPixels: 1.6 * scale,
        lineWidthMaxPixels: 14 * scale,
        lineCapRounded: true,
        lineJointRounded: true,
        pickable: true,
        autoHighlight: true,
        uniqueIdProperty: 'slug',
        highlightColor: [255, 255, 255, 220],
      },
      versions?.alleys,
    ),
    tiles<SensorTileProps>(
      LAYER_IDS.sensors,
      'sensors',
      10,
      20,
      events,
      {
        visible: show.sensors ?? true,
        pointType: 'circle',
        getFillColor: (f: F<SensorTileProps>) => [
          ...SENSOR_COLORS[f.properties.status === 'alarm' ? 'alarm' : f.properties.status === 'offline' ? 'offline' : 'normal'],
        ],
        getLineColor: [8, 17, 31, 255],
        getPointRadius: (f: F<SensorTileProps>) => (f.properties.status === 'alarm' ? 7 : 4) * scale,
        pointRadiusUnits: 'pixels',
        lineWidthMinPixels: 1,
        pickable: true,
      },
      versions?.sensors,
    ),
  );
  return layers;
}
