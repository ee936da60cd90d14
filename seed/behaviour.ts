// How the city behaves, as one model the seeded year (seed/cases.ts) and the live simulator (sim/)
// both draw from: when cases arrive (hourly, weekly, monthly rhythm and the seasons), how they are
// found (hotline or patrol, chief, steward, app …), where (on an alley or in a grid cell, and the point),
// and how the loop treats them (rejected, sent to the wrong department and returned, dispatched to
// several, reworked, and how the caller rates it). The seeded year's KPIs come out of these rates, so
// a simulated hour looks like an hour of the seeded year.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { CaseSource } from '../server/contracts/constants.ts';
import { beijing } from '../server/domain/beijing.ts';
import { CATEGORIES, type CategorySpec, type Urgency } from './data/categories.ts';
import { bbox, contains, toLngLat, toXY, type XY } from './geo.ts';
import type { Rng } from './rng.ts';

// --- when ---------------------------------------------------------------------------------------

/** Relative case intake by hour of day (Beijing time). */
export const HOURLY = [
  0.2, 0.12, 0.08, 0.06, 0.06, 0.1, 0.3, 0.7, 1.2, 1.5, 1.5, 1.3, 1.0, 1.2, 1.4, 1.4, 1.3, 1.1, 0.9, 0.8, 0.7, 0.6, 0.45, 0.3,
];
/** Relative case intake by weekday, Sunday first. */
export const WEEKLY = [0.78, 1.05, 1.02, 1.0, 1.0, 1.03, 0.82];
/** Overall intake by month (summer busiest; the Spring Festival in February quietest). */
export const MONTHLY = [0.95, 0.78, 0.95, 1.0, 1.05, 1.12, 1.18, 1.16, 1.02, 0.95, 1.0, 1.04];

/** The core area's intake: about 420,000 cases a year (the seeded history's default scale). */
export const CASES_PER_DAY = 1150;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const HOURLY_MEAN = mean(HOURLY);
const WEEKLY_MEAN = mean(WEEKLY);
const MONTHLY_MEAN = mean(MONTHLY);

/**
 * Expected new cases per hour at instant t (ms), by Beijing month, weekday and hour: the rate the
 * seeded year's day counts (month × weekday) and report times (hour) draw from, hours interpolated.
 */
export function caseRatePerHour(t: number): number {
  const { month, hour, dow } = beijing(t);
  const h = Math.floor(hour);
  const f = hour - h;
  const shape = HOURLY[h]! * (1 - f) + HOURLY[(h + 1) % 24]! * f;
  return (CASES_PER_DAY / 24) * (shape / HOURLY_MEAN) * (WEEKLY[dow]! / WEEKLY_MEAN) * (MONTHLY[month - 1]! / MONTHLY_MEAN);
}

function inHeatingSeason(month: number, day: number): boolean {
  // 15 November to 15 March
  return month === 12 || month <= 2 || (month === 11 && day >= 15) || (month === 3 && day <= 15);
}

/** How much more (or less) often than on average a category is reported at t: summer, rain, heating season. */
export function seasonFactor(c: CategorySpec, t: number, storm: boolean, snow: boolean): number {
  const { month, day } = beijing(t);
  const heating = inHeatingSeason(month, day);
  switch (c.season) {
    case 'summer':
      return [0.5, 0.5, 0.7, 0.9, 1.3, 1.9, 2.2, 2.1, 1.4, 0.9, 0.6, 0.5][month - 1]! * (storm ? 1.3 : 1);
    case 'rain':
      return [0.15, 0.15, 0.2, 0.3, 0.5, 1.2, 3, 3, 1.1, 0.4, 0.2, 0.15][month - 1]! * (storm ? 20 : 1);
    case 'winter':
      if (c.code === '20601') return heating ? (month === 11 || month === 12 ? 3.4 : 2.4) : 0.03;
      return (heating ? 2.2 : 0.5) * (snow ? 6 : 1);
    default:
      return 1;
  }
}

// --- how it is found and where --------------------------------------------------------------------

/** Sources other than the hotline, with their relative weights; chiefs and stewards report on alleys. */
export const OTHER_SOURCES = [
  ['grid_patrol', 0.58],
  ['public_app', 0.17],
  ['alley_chief', 0.12],
  ['steward', 0.09],
  ['social_media', 0.04],
] as const satisfies readonly (readonly [CaseSource, number])[];
export type OtherSource = (typeof OTHER_SOURCES)[number][0];
/** Chiefs and stewards report only what happens on their alleys. */
const CELL_SOURCES = OTHER_SOURCES.filter((s) => s[0] !== 'alley_chief' && s[0] !== 'steward');

/** Who found a case that did not come through the hotline (draw `rng.chance(category.hotline)` first). */
export function otherSource(rng: Rng, onAlley: boolean): OtherSource {
  const sources = onAlley ? OTHER_SOURCES : CELL_SOURCES;
  return sources[rng.weighted(sources.map((s) => s[1]))]![0];
}

/** Target share of cases on back alleys (DOMAIN.md: 41.9%). Points are drawn on alleys for a bit
 *  less than this because some of the cases drawn in a cell also land within 12 m of an alley. */
const ALLEY_SHARE = 0.42;
const ALLEY_MEAN = CATEGORIES.reduce((s, c) => s + c.weight * c.alley, 0) / CATEGORIES.reduce((s, c) => s + c.weight, 0);
const ALLEY_SCALE = (ALLEY_SHARE - 0.12) / ALLEY_MEAN;

/** The chance that a case of this category happens on a back alley rather than elsewhere in a grid cell. */
export function alleyChance(c: CategorySpec): number {
  return Math.min(0.95, c.alley * ALLEY_SCALE);
}

/** Relative weight of a grid cell of each class for where cases happen (the seed adds per-cell hotspots). */
export const CELL_CLASS_WEIGHT: Record<string, number> = { crowded: 3, key_content: 1.6, ordinary: 1, key_control: 0.3 };

/** 1 = most urgent: dangers first, same-day cases next, the rest routine. */
export function priorityOf(urgency: Urgency | string | undefined): 1 | 2 | 3 {
  return urgency === 'danger' ? 1 : urgency === 'same_day' ? 2 : 3;
}

/** Running sums of weights, for pickCumulative. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

/** An index drawn in proportion to its weight (binary search in a cumulative table). */
export function pickCumulative(cum: Float64Array, rng: Rng): number {
  const x = rng() * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** An alley's centre line in the local metric plane, ready for pointOnAlley. */
export interface AlleyLine {
  xy: XY[];
  lengths: number[];
}
export function alleyLine(coordinates: readonly Position[]): AlleyLine {
  const xy = coordinates.map((p) => toXY(p));
  return { xy, lengths: xy.slice(1).map((p, i) => Math.hypot(p[0] - xy[i]![0], p[1] - xy[i]![1])) };
}

/** A point on the alley (a random spot along its centre line, up to 4 m to either side). */
export function pointOnAlley(a: AlleyLine, rng: Rng): [number, number] {
  const total = a.lengths.reduce((s, l) => s + l, 0);
  let at = rng() * total;
  let i = 0;
  while (i < a.lengths.length - 1 && at > a.lengths[i]!) at -= a.lengths[i++]!;
  const [x0, y0] = a.xy[i]!;
  const [x1, y1] = a.xy[i + 1]!;
  const len = a.lengths[i]! || 1;
  const f = Math.min(1, at / len);
  const side = rng.range(-4, 4);
  return toLngLat([x0 + (x1 - x0) * f - ((y1 - y0) / len) * side, y0 + (y1 - y0) * f + ((x1 - x0) / len) * side]);
}

/** A grid cell's outline with its bounding box, ready for pointInCell. */
export interface CellShape {
  polygon: Polygon | MultiPolygon;
  box: [number, number, number, number];
}
export function cellShape(polygon: Polygon | MultiPolygon): CellShape {
  return { polygon, box: bbox(polygon) };
}

/**
 * A point uniformly inside the cell (rejection sampling in its bounding box), rounded to `decimals` as
 * it will be stored or sent: the rounded point must still lie inside, or a point a centimetre from the
 * managed area's edge could round out of every cell (the database then refuses the case). With a
 * `margin` (degrees) the point also keeps that far from the edge, for outlines that were themselves
 * rounded (the API sends 6 decimals).
 */
export function pointInCell(c: CellShape, rng: Rng, decimals: number, margin = 0): [number, number] {
  const [minX, minY, maxX, maxY] = c.box;
  const inside = ([x, y]: [number, number]) =>
    contains(c.polygon, [x, y]) &&
    (margin === 0 ||
      [
        [x - margin, y],
        [x + margin, y],
        [x, y - margin],
        [x, y + margin],
      ].every((q) => contains(c.polygon, q)));
  for (let i = 0; i < 200; i++) {
    const p: [number, number] = [Number(rng.range(minX, maxX).toFixed(decimals)), Number(rng.range(minY, maxY).toFixed(decimals))];
    if (inside(p)) return p;
  }
  throw new Error('could not place a point in the grid cell');
}

// --- how the loop treats it ----------------------------------------------------------------------

/** The loop's outcomes as shares; DOMAIN.md: ~97% resolution. */
export const OUTCOMES = {
  /** of reports: rejected (不予受理) … */
  reject: 0.035,
  /** … of which duplicates (the rest out of scope) */
  rejectDuplicate: 0.7,
  /** of filed cases: first dispatched to a department that is not the right one, which returns it (退单) */
  misdispatch: 0.03,
  /** of dispatches to the right department: the street office coordinates alongside (多头派单) */
  split: 0.05,
  /** of verifications, by how many reworks came before (0, 1, 2): not passed → rework (返工); never a fourth */
  rework: [0.06, 0.2, 0.3],
  /** hotline call-back (回访): shares satisfied / basically satisfied / unsatisfied, on time or late or reworked */
  satisfaction: { onTime: [0.9, 0.07, 0.03], late: [0.7, 0.15, 0.15] },
} as const;

/** The kinds of department a case is wrongly dispatched to. */
export const MISDISPATCH_KINDS = ['enforcement', 'sanitation', 'street_office'] as const;

export type RejectReason = 'duplicate' | 'out_of_scope';
/** Whether the desk rejects a report, and why; null when it accepts. */
export function rejectReason(rng: Rng): RejectReason | null {
  if (!rng.chance(OUTCOMES.reject)) return null;
  return rng.chance(OUTCOMES.rejectDuplicate) ? 'duplicate' : 'out_of_scope';
}

/** Whether a verification after `reworks` earlier reworks fails and sends the case back. */
export function failsVerification(rng: Rng, reworks: number): boolean {
  return reworks < OUTCOMES.rework.length && rng.chance(OUTCOMES.rework[reworks]!);
}

export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
/** The hotline caller's answer at the call-back: less satisfied when handled late or reworked. */
export function satisfactionOf(rng: Rng, late: boolean): Satisfaction {
  const [satisfied, basically] = late ? OUTCOMES.satisfaction.late : OUTCOMES.satisfaction.onTime;
  const u = rng();
  return u < satisfied ? 'satisfied' : u < satisfied + basically ? 'basically_satisfied' : 'unsatisfied';
}
