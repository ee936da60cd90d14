// The map in replay: the cases as stage segments filtered by time on the GPU (DataFilterExtension over the
// columns as binary attributes: the clock moves only the filter range), the heatmap of the hours before the
// clock, sensors with their readings and alarms, crowd areas by count, the incidents open at the clock with
// their zone, and the units on their way to them as TripsLayer trails along the positions they reported (the
// clock moves the layer's currentTime, not its buffers) with each unit's head where it is.
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';
import { DataFilterExtension } from '@deck.gl/extensions';
import { TripsLayer } from '@deck.gl/geo-layers';
import { ScatterplotLayer } from '@deck.gl/layers';
import { HEAT_RAMP } from '../map/colors.ts';
import { type ChunkFrame, type CrowdAt, crowdsAt, filterRange, heatAt, type SensorAt, sensorsAt, type Trip, unitsAt } from './frame.ts';

export const REPLAY_LAYER_IDS = {
  cases: 'replay-cases',
  heat: 'replay-heat',
  sensors: 'replay-sensors',
  crowds: 'replay-crowds',
  incidents: 'replay-incidents',
  trips: 'replay-trips',
  units: 'replay-units',
} as const;

/** How much of a unit's way stays drawn behind it, and how long it stays at the scene once arrived. */
const TRAIL_S = 15 * 60;
const AT_SCENE_MS = 60 * 60_000;

const timeFilter = new DataFilterExtension({ filterSize: 2 });

/** The replay's layers at `clock`; `slow` is the clock rounded for the CPU-side layers (heat, sensors, crowds). */
export function replayLayers(frame: ChunkFrame, clock: number, slow: number, scale: number): Layer[] {
  const s = frame.segments;
  return [
    new HeatmapLayer<[number, number]>({
      id: REPLAY_LAYER_IDS.heat,
      data: heatAt(frame, slow),
      getPosition: (d) => d,
      radiusPixels: 22 * scale,
      threshold: 0.04,
      colorRange: HEAT_RAMP,
      aggregation: 'SUM',
    }),
    new ScatterplotLayer({
      id: REPLAY_LAYER_IDS.cases,
      // the chunk's columns as they are: one upload per chunk
      data: {
        length: s.length,
        segments: s,
        attributes: {
          getPosition: { value: s.positions, size: 2 },
          getFillColor: { value: s.colors, size: 4, normalized: true },
          getFilterValue: { value: s.spans, size: 2 },
        },
      },
      getRadius: 3.5 * scale,
      radiusUnits: 'pixels',
      extensions: [timeFilter],
      filterRange: filterRange(frame, clock),
    } as never),
    new ScatterplotLayer<SensorAt>({
      id: REPLAY_LAYER_IDS.sensors,
      data: sensorsAt(frame, slow),
      getPosition: (d) => [d.lng, d.lat],
      getRadius: (d) => (d.alarm ? 9 : 4) * scale,
      radiusUnits: 'pixels',
      getFillColor: (d) => (d.alarm ? [239, 68, 68, 240] : [125, 211, 252, 200]),
      stroked: true,
      getLineColor: [8, 17, 31, 255],
      lineWidthMinPixels: 1,
    }),
    new ScatterplotLayer({
      id: REPLAY_LAYER_IDS.incidents,
      data: frame.incidents.filter((i) => i.opened <= slow && slow < i.closed),
      getPosition: (d: ChunkFrame['incidents'][number]) => [d.lng, d.lat],
      getRadius: (d: ChunkFrame['incidents'][number]) => d.radius,
      radiusUnits: 'meters',
      radiusMinPixels: 10 * scale,
      getFillColor: [239, 68, 68, 40],
      stroked: true,
      getLineColor: [248, 113, 113, 230],
      lineWidthMinPixels: 2 * scale,
    }),
    new TripsLayer<Trip>({
      id: REPLAY_LAYER_IDS.trips,
      data: frame.trips,
      getPath: (d) => d.path,
      // seconds since the chunk's zero: well inside float32 on the GPU
      getTimestamps: (d) => d.times.map((t) => (t - frame.zero) / 1000),
      currentTime: (clock - frame.zero) / 1000,
      trailLength: TRAIL_S,
      fadeTrail: true,
      getColor: [251, 191, 36],
      widthUnits: 'pixels',
      getWidth: 4 * scale,
      capRounded: true,
      jointRounded: true,
    }),
    new ScatterplotLayer({
      id: REPLAY_LAYER_IDS.units,
      // a handful of units: at the clock itself, so each head leads its trail
      data: unitsAt(frame, clock, AT_SCENE_MS),
      getPosition: (d: { lng: number; lat: number }) => [d.lng, d.lat],
      getRadius: 6 * scale,
      radiusUnits: 'pixels',
      getFillColor: (d: { moving: boolean }) => (d.moving ? [251, 191, 36, 255] : [52, 211, 153, 255]),
      stroked: true,
      getLineColor: [8, 17, 31, 255],
      lineWidthMinPixels: 1.5,
    }),
    new ScatterplotLayer<CrowdAt>({
      id: REPLAY_LAYER_IDS.crowds,
      data: crowdsAt(frame, slow),
      getPosition: (d) => [d.lng, d.lat],
      getRadius: (d) => 80 + 260 * Math.min(1.2, d.share),
      radiusUnits: 'meters',
      radiusMinPixels: 8 * scale,
      getFillColor: (d) => (d.share >= 0.9 ? [239, 68, 68, 110] : d.share >= 0.7 ? [245, 166, 35, 100] : [46, 204, 113, 80]),
      stroked: true,
      getLineColor: [200, 255, 220, 200],
      lineWidthMinPixels: 1.5 * scale,
    }),
  ];
}
