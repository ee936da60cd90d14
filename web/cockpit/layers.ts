// The cockpit's own deck.gl layers over the city's tile layers: the live case heatmap, the case
// points of a close view, pulsing alarms, and the crowd-flow layer (key areas sized and coloured by
// their count against capacity, with animated flows in from the nearest subway stations).
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';
import { TripsLayer } from '@deck.gl/geo-layers';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { distance } from '@turf/turf';
import type { HeatPoints } from '../../server/contracts/index.ts';
import type { TileProperties } from '../../tiles/layers.ts';
import type { Alarm, CrowdArea } from '../api/cockpit.ts';
import type { TileSources } from '../api/tiles.ts';
import { LOCAL_IDEOGRAPH_FONTS } from '../map/basemap.ts';
import { HEAT_RAMP } from '../map/colors.ts';
import { type TileEvents, tiles } from '../map/layers.ts';
import type { DataTileLayer } from '../map/tileVersions.ts';

export const COCKPIT_LAYER_IDS = {
  heat: 'heat',
  cases: 'cases' satisfies DataTileLayer,
  alarms: 'alarms',
  crowds: 'crowds',
  flows: 'crowd-flows',
  crowdLabels: 'crowd-labels',
} as const;
/** The layer toggles, named like the layers they show (tile layers by their registry name). */
export type Toggle = 'heat' | 'grid' | 'alleys' | 'sensors' | 'crowds' | 'cases';
export const TOGGLES: readonly Toggle[] = ['heat', 'grid', 'alleys', 'sensors', 'crowds', 'cases'];

/** One loop of the flow animation, in animation-clock units (ms). */
export const FLOW_LOOP_MS = 4000;
const FLOW_STATIONS = 3;

type Point = HeatPoints['points'][number];
export type CaseTileProps = TileProperties<'cases'>;

export interface Flow {
  area: string;
  path: [number, number][];
  timestamps: number[];
  inflow: number;
  alarm: boolean;
}

/** Paths from each key area's nearest stations into it, with timestamps for one animation loop. */
export function crowdFlows(areas: readonly CrowdArea[]): Flow[] {
  const stations = areas.filter((a) => a.kind === 'station');
  const flows: Flow[] = [];
  for (const area of areas) {
    if (area.kind === 'station') continue;
    const nearest = stations
      .map((s) => ({ s, d: distance([s.lng, s.lat], [area.lng, area.lat]) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, FLOW_STATIONS);
    for (const { s } of nearest) {
      flows.push({
        area: area.code,
        path: [
          [s.lng, s.lat],
          [area.lng, area.lat],
        ],
        timestamps: [0, FLOW_LOOP_MS * 0.8],
        inflow: area.inflow ?? 0,
        alarm: area.alarm,
      });
    }
  }
  return flows;
}

export interface CockpitLayerData {
  heat: Point[] | undefined;
  alarms: Alarm[] | undefined;
  crowds: CrowdArea[] | undefined;
  flows: Flow[];
}

/** Layers that do not move by themselves: rebuilt when their data or the toggles change. */
export function cockpitLayers(
  data: CockpitLayerData,
  sources: TileSources,
  show: Record<Toggle, boolean>,
  scale: number,
  events: TileEvents,
  locale: string,
  casesVersion = 0,
): Layer[] {
  const layers: Layer[] = [];
  layers.push(
    new HeatmapLayer<Point>({
      id: COCKPIT_LAYER_IDS.heat,
      data: data.heat ?? [],
      visible: show.heat,
      getPosition: (d) => [d[0], d[1]],
      getWeight: (d) => 4 - d[2], // priority 1 (most urgent) weighs three times a routine case
      radiusPixels: 22 * scale,
      intensity: 1,
      threshold: 0.04,
      colorRange: HEAT_RAMP,
      aggregation: 'SUM',
    }),
  );
  layers.push(
    tiles<CaseTileProps>(
      'cases',
      sources.cases,
      events,
      {
        visible: show.cases,
        pointType: 'circle',
        getFillColor: (f: { properties: CaseTileProps }) => (f.properties.priority === 1 ? [239, 68, 68, 235] : [250, 204, 21, 220]),
        getLineColor: [8, 17, 31, 255],
        getPointRadius: 4 * scale,
        pointRadiusUnits: 'pixels',
        lineWidthMinPixels: 1,
        pickable: true,
        // from the layer's minzoom only: a zoomed-out view would ask for thousands of point tiles, and the
        // heatmap already shows where the cases are
        extent: undefined,
      },
      casesVersion,
    ),
  );
  if (data.crowds) {
    const areas = data.crowds.filter((a) => a.kind !== 'station');
    layers.push(
      new ScatterplotLayer<CrowdArea>({
        id: COCKPIT_LAYER_IDS.crowds,
        data: areas,
        visible: show.crowds,
        getPosition: (a) => [a.lng, a.lat],
        getRadius: (a) => 80 + 260 * Math.min(1.2, a.share ?? 0),
        radiusUnits: 'meters',
        radiusMinPixels: 8 * scale,
        getFillColor: (a) =>
          a.alarm ? [239, 68, 68, 110] : (a.share ?? 0) >= a.alarmShare - 0.1 ? [245, 166, 35, 100] : [46, 204, 113, 80],
        getLineColor: (a) => (a.alarm ? [255, 120, 120, 255] : [200, 255, 220, 200]),
        stroked: true,
        lineWidthMinPixels: 1.5 * scale,
        pickable: true,
        updateTriggers: { getRadius: data.crowds, getFillColor: data.crowds },
      }),
    );
    layers.push(
      new TextLayer<CrowdArea>({
        id: COCKPIT_LAYER_IDS.crowdLabels,
        data: areas,
        visible: show.crowds,
        getPosition: (a) => [a.lng, a.lat],
        getText: (a) => `${locale === 'en' && a.nameEn ? a.nameEn : a.name} ${a.count === null ? '' : a.count.toLocaleString(locale)}`,
        getSize: 13 * scale,
        getColor: [240, 246, 255, 255],
        fontFamily: LOCAL_IDEOGRAPH_FONTS,
        characterSet: 'auto',
        outlineWidth: 2,
        outlineColor: [5, 11, 22, 255],
        fontSettings: { sdf: true },
        getPixelOffset: [0, -18 * scale],
        updateTriggers: { getText: [data.crowds, locale] },
      }),
    );
  }
  return layers;
}

/** Layers that move with the clock: the crowd flows and the alarm pulse. */
export function animatedLayers(data: CockpitLayerData, show: Record<Toggle, boolean>, scale: number, clock: number): Layer[] {
  const phase = (clock % 1500) / 1500;
  return [
    new TripsLayer<Flow>({
      id: COCKPIT_LAYER_IDS.flows,
      data: data.flows,
      visible: show.crowds,
      getPath: (f) => f.path,
      getTimestamps: (f) => f.timestamps,
      getColor: (f) => (f.alarm ? [255, 99, 99] : [125, 211, 252]),
      getWidth: (f) => 2 + Math.min(6, f.inflow / 400),
      widthUnits: 'pixels',
      widthScale: scale,
      capRounded: true,
      trailLength: FLOW_LOOP_MS * 0.35,
      currentTime: clock % FLOW_LOOP_MS,
      fadeTrail: true,
    }),
    new ScatterplotLayer<Alarm>({
      id: COCKPIT_LAYER_IDS.alarms,
      data: data.alarms ?? [],
      visible: show.sensors,
      getPosition: (a) => [a.lng, a.lat],
      getRadius: (6 + 18 * phase) * scale,
      radiusUnits: 'pixels',
      filled: false,
      stroked: true,
      getLineColor: [255, 72, 72, Math.round(255 * (1 - phase))],
      lineWidthMinPixels: 2 * scale,
      pickable: true,
      updateTriggers: { getRadius: phase, getLineColor: phase },
    }),
  ];
}
