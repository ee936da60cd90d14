// The city's deck.gl layers over the basemap, drawn from the server's vector tiles (bottom to top: grid
// cells, the selected feature's halo, alleys, sensors). Layer ids are the names the rest of the app
// uses for the same things; boundaries and labels come with the basemap style.

import type { Layer } from '@deck.gl/core';
import { MVTLayer } from '@deck.gl/geo-layers';
import { GeoJsonLayer } from '@deck.gl/layers';
import mvtWorkerUrl from '@loaders.gl/mvt/mvt-worker.js?url';
import type { Feature, Geometry as GeoJsonGeometry } from 'geojson';
import type { Geometry } from '../../server/contracts/index.ts';
import type { TileProperties } from '../../tiles/layers.ts';
import type { TileJson, TileSources } from '../api/tiles.ts';
import { gridCellFill, openCasesFill, type Rgba, SENSOR_COLORS, scoreColor } from './colors.ts';
import { LAYER_IDS } from './layerIds.ts';
import type { DataTileLayer, TileVersions } from './tileVersions.ts';

export { LAYER_IDS };

/** A decoded feature's properties, as the server's tile registry declares them. */
export type GridTileProps = TileProperties<'grid'>;
export type AlleyTileProps = TileProperties<'alleys'>;
export type SensorTileProps = TileProperties<'sensors'>;

export interface LayerStyle {
  /** Multiplies pixel widths: 1 on a laptop, 2 on a 4K wall (see useUiScale). */
  scale: number;
  /** Which of the tile layers are shown (all by default). */
  show?: Partial<Record<'grid' | 'alleys' | 'sensors', boolean>>;
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

// deck.gl would fetch its MVT worker from a public CDN; ours is bundled and served by our origin.
const LOAD_OPTIONS = { mvt: { workerUrl: mvtWorkerUrl } };

/** A tile layer drawn from its TileJSON: the tile URL and zoom range as the server announces them, and its
 *  bounds as the extent, so that a view zoomed out below the layer's minzoom still draws it from its
 *  minzoom tiles instead of nothing (the wall's whole-city view); `props.extent: undefined` opts out. */
export function tiles<P>(name: DataTileLayer, source: TileJson, events: TileEvents, props: Record<string, unknown>, version = 0): Layer {
  return new MVTLayer<P>({
    id: name,
    // deck.gl reads a TileJSON object itself (tiles, minzoom, maxzoom); its typings only admit URL forms
    data: source as never,
    extent: source.bounds as [number, number, number, number],
    loadOptions: LOAD_OPTIONS,
    onTileLoad: () => events.onTile?.(name),
    onViewportLoad: () => events.onLoaded?.(name),
    onTileError: (err: unknown) => events.onError?.(err instanceof Error ? err : new Error(String(err))),
    ...props,
    // a new version reloads the tiles in view, the old ones drawn until the new arrive
    updateTriggers: { ...(props.updateTriggers as Record<string, unknown> | undefined), getTileData: version },
  });
}

type F<P> = Feature<GeoJsonGeometry, P>;

export function cityLayers(
  selection: Geometry | null | undefined,
  sources: TileSources,
  { scale, show = {}, cellColour = 'class', versions }: LayerStyle,
  events: TileEvents = {},
): Layer[] {
  const layers: Layer[] = [
    tiles<GridTileProps>(
      LAYER_IDS.grid,
      sources.grid,
      events,
      {
        visible: show.grid ?? true,
        filled: true,
        stroked: true,
        getFillColor:
          cellColour === 'open'
            ? (f: F<GridTileProps>) => openCasesFill(f.properties.open_cases)
            : (f: F<GridTileProps>) => gridCellFill(f.properties.class as Parameters<typeof gridCellFill>[0]),
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
      sources.alleys,
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
      sources.sensors,
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
