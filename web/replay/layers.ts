// The map in replay: the cases as stage segments filtered by time on the GPU (DataFilterExtension over the
// columns as binary attributes: the clock moves only the filter range), the heatmap of the hours before the
// clock, sensors with their readings and alarms, crowd areas by count. No unit trips: the answer carries a
// unit's position only at its incident steps, not its drive, so there is nothing to draw a trip along.
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';
import { DataFilterExtension } from '@deck.gl/extensions';
import { ScatterplotLayer } from '@deck.gl/layers';
import { HEAT_RAMP } from '../map/colors.ts';
import { type ChunkFrame, type CrowdAt, crowdsAt, filterRange, heatAt, type SensorAt, sensorsAt } from './frame.ts';

export const REPLAY_LAYER_IDS = {
  cases: 'replay-cases',
  heat: 'replay-heat',
  sensors: 'replay-sensors',
  crowds: 'replay-crowds',
} as const;

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
