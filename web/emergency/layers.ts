// Emergency mode's deck.gl layers over the city: the impact zone, the incident (pulsing), the nearest
// available units by kind, and the addressed units at their reported positions with a line to the
// scene, coloured by how far they have got (sent → delivered → acknowledged → done); the nearest units' routes
// along the road graph (a straight-line fallback in grey), the ticked ones bold.

import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, LineLayer, PathLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Feature, Geometry } from 'geojson';
import type { Incident, Instruction, NearUnit, TargetStatus } from '../../server/contracts/emergency.ts';
import { LOCAL_IDEOGRAPH_FONTS } from '../map/basemap.ts';

export const EMERGENCY_LAYER_IDS = {
  zone: 'incident-zone',
  incident: 'incident',
  units: 'near-units',
  engaged: 'engaged-units',
  routes: 'engaged-routes',
  unitRoutes: 'unit-routes',
  labels: 'unit-labels',
} as const;

type Rgb = [number, number, number];
export const UNIT_COLOURS: Record<NearUnit['kind'], Rgb> = {
  pump_truck: [56, 189, 248],
  repair_crew: [250, 204, 21],
  patrol_car: [129, 140, 248],
  rescue_team: [251, 146, 60],
  grid_patroller: [74, 222, 128],
  alley_chief: [45, 212, 191],
};
export const STATUS_COLOURS: Record<TargetStatus, Rgb> = {
  sent: [148, 163, 184],
  delivered: [96, 165, 250],
  acknowledged: [250, 204, 21],
  done: [74, 222, 128],
};

export interface Engaged {
  ref: string;
  name: string;
  status: TargetStatus;
  lng: number;
  lat: number;
}

/** Every addressee with a position, once (its latest instruction's state), newest instruction first. */
export function engagedUnits(instructions: readonly Instruction[] | undefined): Engaged[] {
  const seen = new Map<string, Engaged>();
  for (const n of instructions ?? []) {
    for (const t of n.targets) {
      if (seen.has(t.ref) || t.lng === null || t.lat === null) continue;
      seen.set(t.ref, { ref: t.ref, name: t.name, status: t.status, lng: t.lng, lat: t.lat });
    }
  }
  return [...seen.values()];
}

export interface EmergencyLayerData {
  incident: Incident | undefined;
  units: NearUnit[] | undefined;
  engaged: Engaged[];
  picked: ReadonlySet<string>;
}

/** The zone and the units: rebuilt when their data change. */
export function emergencyLayers(data: EmergencyLayerData, scale: number, locale: string): Layer[] {
  const { incident } = data;
  if (!incident) return [];
  const zone: Feature<Geometry> = { type: 'Feature', geometry: incident.zone as Geometry, properties: {} };
  const engagedRefs = new Set(data.engaged.map((e) => e.ref));
  const free = (data.units ?? []).filter((u) => !engagedRefs.has(u.ref));
  const stack = stackAt(data.engaged);
  return [
    new GeoJsonLayer({
      id: EMERGENCY_LAYER_IDS.zone,
      data: [zone],
      filled: true,
      stroked: true,
      getFillColor: [239, 68, 68, 46],
      getLineColor: [248, 113, 113, 230],
      lineWidthUnits: 'pixels',
      getLineWidth: 2.5 * scale,
      getDashArray: [6, 4],
    }),
    new PathLayer<NearUnit>({
      id: EMERGENCY_LAYER_IDS.unitRoutes,
      data: routesToDraw(free, data.picked),
      getPath: (u) => u.route,
      getColor: (u) => (u.routing === 'road' ? [...UNIT_COLOURS[u.kind], data.picked.has(u.ref) ? 235 : 120] : [148, 163, 184, 170]),
      getWidth: (u) => (data.picked.has(u.ref) ? 4 : 2) * scale,
      widthUnits: 'pixels',
      capRounded: true,
      jointRounded: true,
      updateTriggers: { getColor: [...data.picked], getWidth: [...data.picked] },
    }),
    new LineLayer<Engaged>({
      id: EMERGENCY_LAYER_IDS.routes,
      data: data.engaged.filter((e) => e.status !== 'done'),
      getSourcePosition: (e) => [e.lng, e.lat],
      getTargetPosition: () => [incident.lng, incident.lat],
      getColor: (e) => [...STATUS_COLOURS[e.status], 160],
      getWidth: 2 * scale,
      widthUnits: 'pixels',
      updateTriggers: { getTargetPosition: incident.code },
    }),
    new ScatterplotLayer<NearUnit>({
      id: EMERGENCY_LAYER_IDS.units,
      data: free,
      getPosition: (u) => [u.lng, u.lat],
      getFillColor: (u) => UNIT_COLOURS[u.kind],
      getLineColor: (u) => (data.picked.has(u.ref) ? [255, 255, 255] : [15, 23, 42]),
      getRadius: (u) => (data.picked.has(u.ref) ? 8 : 6) * scale,
      radiusUnits: 'pixels',
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: (u) => (data.picked.has(u.ref) ? 3 : 1.5) * scale,
      pickable: true,
      updateTriggers: { getLineColor: [...data.picked], getRadius: [...data.picked], getLineWidth: [...data.picked] },
    }),
    new ScatterplotLayer<Engaged>({
      id: EMERGENCY_LAYER_IDS.engaged,
      data: data.engaged,
      getPosition: (e) => [e.lng, e.lat],
      getFillColor: (e) => STATUS_COLOURS[e.status],
      getLineColor: [255, 255, 255],
      getRadius: 8 * scale,
      radiusUnits: 'pixels',
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2 * scale,
      pickable: true,
    }),
    new TextLayer<Engaged>({
      id: EMERGENCY_LAYER_IDS.labels,
      data: data.engaged,
      getPosition: (e) => [e.lng, e.lat],
      getText: (e) => e.name,
      getSize: 13 * scale,
      getColor: [241, 245, 249],
      // units together at the scene: their names stacked, not on top of each other
      getPixelOffset: (e) => [0, -(14 + 16 * (stack.get(e.ref) ?? 0)) * scale],
      fontFamily: LOCAL_IDEOGRAPH_FONTS,
      characterSet: 'auto',
      outlineWidth: 3,
      outlineColor: [2, 6, 23],
      fontSettings: { sdf: true },
      updateTriggers: { getText: locale, getPixelOffset: [...stack.entries()].join() },
    }),
  ];
}

/** Routes worth drawing: the ticked units', else the first three of the ranking (a wall of 12 lines is noise). */
export function routesToDraw(units: readonly NearUnit[], picked: ReadonlySet<string>): NearUnit[] {
  const ticked = units.filter((u) => picked.has(u.ref));
  return ticked.length > 0 ? ticked : units.slice(0, 3);
}

/** Addressees at (almost) the same place get 0, 1, 2, … so their labels can be stacked. */
export function stackAt(engaged: readonly Engaged[]): Map<string, number> {
  const stack = new Map<string, number>();
  const taken = new Map<string, number>();
  for (const e of engaged) {
    const spot = `${e.lng.toFixed(4)},${e.lat.toFixed(4)}`; // ~10 m
    const n = taken.get(spot) ?? 0;
    taken.set(spot, n + 1);
    stack.set(e.ref, n);
  }
  return stack;
}

/** The incident's marker: a ring that pulses with the animation clock. */
export function incidentMarker(incident: Incident | undefined, scale: number, clock: number): Layer[] {
  if (!incident) return [];
  const phase = (clock % 1200) / 1200;
  return [
    new ScatterplotLayer<Incident>({
      id: EMERGENCY_LAYER_IDS.incident,
      data: [incident],
      getPosition: (i) => [i.lng, i.lat],
      getRadius: (10 + 26 * phase) * scale,
      radiusUnits: 'pixels',
      filled: true,
      stroked: true,
      getFillColor: [239, 68, 68, Math.round(120 * (1 - phase))],
      getLineColor: [254, 202, 202, Math.round(255 * (1 - phase))],
      lineWidthMinPixels: 3 * scale,
      updateTriggers: { getRadius: phase, getFillColor: phase, getLineColor: phase },
    }),
  ];
}
