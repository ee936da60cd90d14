// What each analysis paints on a grid cell: its class, the colour for that class, and the legend's
// order. Untestable cells (too few cases) get a class of their own, never a cold colour. Pure.
import type { EmergingResult, HotspotResult, QuadrantResult } from '../api/analysis.ts';
import type { Analysis } from './view.ts';

export type Rgba = [number, number, number, number];

/** The class a cell shows; 'too-few' when the analysis could not test it. */
export type CellClass = string;
export const TOO_FEW = 'too-few';

// ArcGIS's hot-spot ramp (red hot, blue cold; darker = more confident)
export const GISTAR_CLASSES = ['hot-99', 'hot-95', 'hot-90', 'not-significant', 'cold-90', 'cold-95', 'cold-99', TOO_FEW] as const;
export const MORAN_CLASSES = ['HH', 'HL', 'LH', 'LL', 'not-significant', TOO_FEW] as const;
export const QUADRANT_CLASSES = ['both-high', 'blind-spot', 'patrol-high', 'both-low'] as const;
export const EMERGING_CLASSES = [
  'new-hot',
  'consecutive-hot',
  'intensifying-hot',
  'persistent-hot',
  'diminishing-hot',
  'sporadic-hot',
  'oscillating-hot',
  'historical-hot',
  'new-cold',
  'consecutive-cold',
  'intensifying-cold',
  'persistent-cold',
  'diminishing-cold',
  'sporadic-cold',
  'oscillating-cold',
  'historical-cold',
  'no-pattern',
  TOO_FEW,
] as const;

const COLOURS: Record<string, Rgba> = {
  'hot-99': [215, 25, 28, 210],
  'hot-95': [240, 100, 70, 190],
  'hot-90': [250, 170, 130, 170],
  'not-significant': [200, 200, 200, 40],
  'cold-90': [150, 190, 225, 170],
  'cold-95': [80, 140, 200, 190],
  'cold-99': [30, 85, 170, 210],
  [TOO_FEW]: [140, 120, 170, 90],
  HH: [215, 25, 28, 210],
  LL: [30, 85, 170, 210],
  HL: [245, 150, 150, 190],
  LH: [140, 180, 230, 190],
  'both-high': [215, 25, 28, 200],
  'blind-spot': [245, 140, 20, 220],
  'patrol-high': [40, 150, 120, 170],
  'both-low': [200, 200, 200, 50],
  'new-hot': [255, 60, 60, 220],
  'consecutive-hot': [230, 80, 50, 210],
  'intensifying-hot': [180, 0, 30, 230],
  'persistent-hot': [200, 60, 60, 200],
  'diminishing-hot': [240, 140, 120, 190],
  'sporadic-hot': [250, 180, 90, 190],
  'oscillating-hot': [230, 120, 180, 190],
  'historical-hot': [200, 170, 150, 170],
  'new-cold': [60, 120, 255, 220],
  'consecutive-cold': [60, 110, 220, 210],
  'intensifying-cold': [20, 50, 160, 230],
  'persistent-cold': [60, 90, 180, 200],
  'diminishing-cold': [130, 160, 230, 190],
  'sporadic-cold': [110, 190, 230, 190],
  'oscillating-cold': [150, 120, 230, 190],
  'historical-cold': [160, 170, 200, 170],
  'no-pattern': [200, 200, 200, 40],
};
const NONE: Rgba = [0, 0, 0, 0];

export const classColour = (cls: CellClass | undefined): Rgba => (cls ? (COLOURS[cls] ?? NONE) : NONE);

export const classesOf = (analysis: Analysis): readonly string[] =>
  analysis === 'gistar'
    ? GISTAR_CLASSES
    : analysis === 'moran'
      ? MORAN_CLASSES
      : analysis === 'emerging'
        ? EMERGING_CLASSES
        : QUADRANT_CLASSES;

/** Whether a class marks a hot cell (the map's "hot cells"). */
export const isHot = (cls: CellClass) => cls.startsWith('hot-') || cls === 'HH' || cls.endsWith('-hot');

type Answer = HotspotResult | EmergingResult | QuadrantResult;

/** Each cell's class in an answer; cells outside the study area are absent (drawn without fill). */
export function cellClasses(analysis: Analysis, answer: Answer | undefined): Map<string, CellClass> {
  const out = new Map<string, CellClass>();
  if (!answer) return out;
  if (analysis === 'quadrant') {
    for (const c of (answer as QuadrantResult).cells) out.set(c.code, c.quadrant);
  } else if (analysis === 'emerging') {
    for (const c of (answer as EmergingResult).items) out.set(c.code, c.category ?? TOO_FEW);
  } else {
    for (const c of (answer as HotspotResult).items) out.set(c.code, c.untestable || c.class === null ? TOO_FEW : c.class);
  }
  return out;
}

/** How many cells fall in each class. */
export function classCounts(classes: ReadonlyMap<string, CellClass>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cls of classes.values()) out[cls] = (out[cls] ?? 0) + 1;
  return out;
}
