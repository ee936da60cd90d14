// The map's colour language: grid cells by class, alleys by their 十有十无 score. Pure, so the
// legend and the layers cannot disagree.
import type { GridClass } from '../../server/contracts/index.ts';

// Mutable tuples because deck.gl's Color type is; treat them as constants.
export type Rgb = [number, number, number];
export type Rgba = [number, number, number, number];

/** Classes in the order the legend lists them: most tightly managed first. */
export const GRID_CLASS_ORDER: readonly GridClass[] = ['key_control', 'key_content', 'crowded', 'ordinary'];

// Cool and pink hues only: red, amber and green belong to the alley score drawn on top of them.
export const GRID_CLASS_COLORS: Readonly<Record<GridClass, Rgb>> = {
  key_control: [236, 72, 153],
  key_content: [45, 175, 190],
  crowded: [167, 139, 250],
  ordinary: [37, 99, 160],
};

// Ordinary cells are most of the city: kept quiet so the managed classes stand out.
const FILL_ALPHA: Readonly<Record<GridClass, number>> = { key_control: 150, key_content: 95, crowded: 150, ordinary: 55 };

export function gridCellFill(cls: GridClass): Rgba {
  const [r, g, b] = GRID_CLASS_COLORS[cls];
  return [r, g, b, FILL_ALPHA[cls]];
}

/** Open-case buckets for grid cells on the cockpit: none, 1–2, 3–4, 5 or more. Cool to hot pink, so
 *  the alley score (red–amber–green) drawn on top stays readable. */
export const OPEN_CASE_STOPS: readonly (readonly [min: number, color: Rgba])[] = [
  [0, [37, 99, 160, 45]],
  [1, [99, 102, 241, 110]],
  [3, [168, 85, 247, 150]],
  [5, [236, 72, 153, 185]],
];

export function openCasesFill(open: number): Rgba {
  let color = OPEN_CASE_STOPS[0]![1];
  for (const [min, c] of OPEN_CASE_STOPS) if (open >= min) color = c;
  return [...color];
}

/** The case heatmap's colours, from a few cases to the densest. */
export const HEAT_RAMP: Rgb[] = [
  [30, 64, 175],
  [56, 189, 248],
  [250, 204, 21],
  [249, 115, 22],
  [239, 68, 68],
  [255, 240, 240],
];
export const heatGradient = (): string => `linear-gradient(to right, ${HEAT_RAMP.map((c) => css(c)).join(', ')})`;

/** Administrative boundaries: districts warm and strong, streets bright, communities faint. */
export const BOUNDARY_COLORS = {
  districts: [255, 214, 120, 255],
  streets: [120, 220, 255, 220],
  communities: [150, 190, 230, 110],
} as const satisfies Record<string, Rgba>;

/**
 * Score stops: seeded and real alleys mostly score 10–20 (few are far below the standard), so
 * the ramp spends its range there — red below 12, amber mid-way, green only at the full standard.
 */
export const SCORE_STOPS: readonly (readonly [score: number, color: Rgb])[] = [
  [0, [214, 40, 57]],
  [12, [214, 40, 57]],
  [16, [247, 181, 56]],
  [19, [163, 214, 92]],
  [20, [46, 204, 113]],
];

export function scoreColor(score: number): Rgb {
  const s = Math.min(20, Math.max(0, score));
  for (let i = 1; i < SCORE_STOPS.length; i++) {
    const [hi, hiColor] = SCORE_STOPS[i]!;
    if (s <= hi) {
      const [lo, loColor] = SCORE_STOPS[i - 1]!;
      const f = hi === lo ? 1 : (s - lo) / (hi - lo);
      const mix = (k: 0 | 1 | 2) => Math.round(loColor[k] + (hiColor[k] - loColor[k]) * f);
      return [mix(0), mix(1), mix(2)];
    }
  }
  return [...SCORE_STOPS[SCORE_STOPS.length - 1]![1]];
}

export const css = ([r, g, b]: Rgb | Rgba, alpha = 1): string => `rgba(${r}, ${g}, ${b}, ${alpha})`;

/** A CSS gradient for the legend that follows the same stops as the map. */
export function scoreGradient(): string {
  const stops = SCORE_STOPS.map(([score, color]) => `${css(color)} ${(score / 20) * 100}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** Sensors by state: alarms in signal red, offline grey, normal in the theme's cyan. */
export const SENSOR_COLORS = {
  normal: [64, 200, 230, 230],
  alarm: [255, 72, 72, 255],
  offline: [120, 130, 145, 200],
} as const satisfies Record<string, Rgba>;
