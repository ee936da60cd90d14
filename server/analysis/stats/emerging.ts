// Emerging hot spots (space–time): Gi* with FDR in every time bin, the Mann–Kendall trend of each cell's
// series of Gi* z-scores, and ArcGIS's categories from the two. The categories are ArcGIS Pro's "How Emerging
// Hot Spot Analysis works" definitions as JosiahParry/sfdep encodes them (R/emerging-hostpot-classifications.R,
// including its order of precedence), with these deliberate differences, each closer to ArcGIS's text:
//   - "hot" always means a significant hot bin (sfdep's intensifying counts cold bins toward the 90%);
//   - consecutive needs an unbroken final run of ≥ 2 hot bins with no significant bin before it (sfdep's run
//     may contain cold bins; a run of one is "new");
//   - persistent needs the final bin hot — ArcGIS calls a ≥ 90% hot cell whose final bin is not hot
//     "historical", which sfdep's order would make persistent;
//   - sporadic needs the final bin hot (ArcGIS Pro's current definition; sfdep follows the older one);
//   - historical means the final bin is not a significant hot spot (sfdep tests the sign of its z).
// With T bins, H hot and C cold, in this order (cold: the mirror, hot ↔ cold, increase ↔ decrease):
//   new           the final bin is hot and no other bin is significant
//   consecutive   the final ≥ 2 bins are hot, nothing significant before them, H < 90% of T
//   intensifying  H ≥ 90%, final hot, trend up (Mann–Kendall τ > 0, p ≤ trendAlpha)
//   persistent    H ≥ 90%, final hot, no significant trend
//   diminishing   H ≥ 90%, final hot, trend down
//   oscillating   final hot, some earlier bin cold, H < 90%
//   historical    H ≥ 90%, final not hot
//   sporadic      final hot, earlier hot bins with gaps, never cold, H < 90%
//   no pattern    none of the above
// A bin counts as significant at Gi_Bin ≥ `minLevel` in absolute value (default 1: ArcGIS calls every non-zero
// Gi_Bin a statistically significant hot or cold spot), bins being FDR-corrected per time slice. An
// untestable bin (no variance that week) counts as not significant and its z is left out of the trend; a
// cell untestable in every bin is untestable (null), never "no pattern". Gi* here is spatial within each bin —
// the design — where ArcGIS's tool can also pool neighbouring time steps into the neighbourhood.
import { type GiStarOptions, giStarCore } from './gistar.ts';
import { mannKendallOf } from './mannkendall.ts';
import type { Weights } from './weights.ts';

export const EMERGING_CATEGORIES = [
  'no-pattern',
  'new-hot',
  'consecutive-hot',
  'intensifying-hot',
  'persistent-hot',
  'diminishing-hot',
  'oscillating-hot',
  'historical-hot',
  'sporadic-hot',
  'new-cold',
  'consecutive-cold',
  'intensifying-cold',
  'persistent-cold',
  'diminishing-cold',
  'oscillating-cold',
  'historical-cold',
  'sporadic-cold',
] as const;
export type EmergingCategory = (typeof EMERGING_CATEGORIES)[number];
/** Category code of a cell untestable in every bin. */
export const EMERGING_UNTESTABLE = 255;

export interface EmergingRules {
  /** |Gi_Bin| at which a bin counts as a significant hot/cold spot: 1, 2 or 3 (90/95/99%). Default 1. */
  minLevel?: number;
  /** Mann–Kendall p at or below which the trend is significant. Default 0.05. */
  trendAlpha?: number;
}

export interface Trend {
  tau: number;
  p: number;
}

const code = (c: EmergingCategory) => EMERGING_CATEGORIES.indexOf(c);
const [NEW_HOT, CONSECUTIVE_HOT, INTENSIFYING_HOT, PERSISTENT_HOT, DIMINISHING_HOT, OSCILLATING_HOT, HISTORICAL_HOT, SPORADIC_HOT] = (
  [
    'new-hot',
    'consecutive-hot',
    'intensifying-hot',
    'persistent-hot',
    'diminishing-hot',
    'oscillating-hot',
    'historical-hot',
    'sporadic-hot',
  ] as const
).map(code);
const [NEW_COLD, CONSECUTIVE_COLD, INTENSIFYING_COLD, PERSISTENT_COLD, DIMINISHING_COLD, OSCILLATING_COLD, HISTORICAL_COLD, SPORADIC_COLD] =
  (
    [
      'new-cold',
      'consecutive-cold',
      'intensifying-cold',
      'persistent-cold',
      'diminishing-cold',
      'oscillating-cold',
      'historical-cold',
      'sporadic-cold',
    ] as const
  ).map(code);

/**
 * The category of one cell from its series of Gi_Bin values (oldest first; NaN = untestable bin) and the
 * Mann–Kendall trend of its Gi* z-scores (null when there were too few to test). Null when every bin is NaN.
 */
export function classifyEmerging(bins: ArrayLike<number>, trend: Trend | null, rules: EmergingRules = {}): EmergingCategory | null {
  const c = classifyCode(bins, 0, 1, bins.length, trend, rules.minLevel ?? 1, rules.trendAlpha ?? 0.05);
  return c === EMERGING_UNTESTABLE ? null : EMERGING_CATEGORIES[c]!;
}

// bins of the series are series[start + t·stride], t = 0 .. T−1
function classifyCode(
  series: ArrayLike<number>,
  start: number,
  stride: number,
  T: number,
  trend: Trend | null,
  minLevel: number,
  trendAlpha: number,
): number {
  let tested = 0;
  let hot = 0;
  let cold = 0;
  for (let t = 0; t < T; t++) {
    const b = series[start + t * stride]!;
    if (Number.isNaN(b)) continue;
    tested++;
    if (b >= minLevel) hot++;
    else if (b <= -minLevel) cold++;
  }
  if (tested === 0) return EMERGING_UNTESTABLE;
  const at = (t: number) => series[start + t * stride]!;
  const lastHot = at(T - 1) >= minLevel;
  const lastCold = at(T - 1) <= -minLevel;
  let hotRun = 0;
  while (hotRun < T && at(T - 1 - hotRun) >= minLevel) hotRun++;
  let coldRun = 0;
  while (coldRun < T && at(T - 1 - coldRun) <= -minLevel) coldRun++;
  const significant = hot + cold;
  const mostlyHot = 10 * hot >= 9 * T; // ≥ 90% of the bins, in integers
  const mostlyCold = 10 * cold >= 9 * T;
  const up = trend !== null && trend.p <= trendAlpha && trend.tau > 0;
  const down = trend !== null && trend.p <= trendAlpha && trend.tau < 0;

  // sfdep's order: each pattern hot then cold; the first that holds wins
  if (lastHot && significant === 1) return NEW_HOT!;
  if (lastCold && significant === 1) return NEW_COLD!;
  if (lastHot && !mostlyHot && hotRun >= 2 && significant === hotRun) return CONSECUTIVE_HOT!;
  if (lastCold && !mostlyCold && coldRun >= 2 && significant === coldRun) return CONSECUTIVE_COLD!;
  if (mostlyHot && lastHot && up) return INTENSIFYING_HOT!;
  if (mostlyCold && lastCold && down) return INTENSIFYING_COLD!;
  if (mostlyHot && lastHot && !up && !down) return PERSISTENT_HOT!;
  if (mostlyCold && lastCold && !up && !down) return PERSISTENT_COLD!;
  if (mostlyHot && lastHot && down) return DIMINISHING_HOT!;
  if (mostlyCold && lastCold && up) return DIMINISHING_COLD!;
  if (lastHot && !mostlyHot && cold > 0) return OSCILLATING_HOT!; // the final bin is hot, so the cold ones came before
  if (lastCold && !mostlyCold && hot > 0) return OSCILLATING_COLD!;
  if (mostlyHot && !lastHot) return HISTORICAL_HOT!;
  if (mostlyCold && !lastCold) return HISTORICAL_COLD!;
  if (lastHot && !mostlyHot && cold === 0 && hot >= 2) return SPORADIC_HOT!;
  if (lastCold && !mostlyCold && hot === 0 && cold >= 2) return SPORADIC_COLD!;
  return 0;
}

export interface EmergingOptions extends GiStarOptions, EmergingRules {}

export interface EmergingResult {
  bins: number;
  cells: number;
  /** Index into EMERGING_CATEGORIES per cell, EMERGING_UNTESTABLE where untestable in every bin. */
  category: Uint8Array;
  /** Gi* z-score and Gi_Bin per bin and cell, bin-major like the input: [t·cells + i]; NaN = untestable. */
  giZ: Float32Array;
  giBin: Float32Array;
  /** Mann–Kendall of each cell's z-series; NaN where fewer than 3 bins were testable. */
  trendTau: Float64Array;
  trendZ: Float64Array;
  trendP: Float64Array;
  /** Number of significant hot / cold bins per cell (at `minLevel`). */
  hotBins: Uint16Array;
  coldBins: Uint16Array;
  /** Per bin: cells tested, the FDR cut-offs used, why the whole bin was untestable. */
  perBin: Array<{ tested: number; thresholds: { p90: number; p95: number; p99: number }; untestable: string | null }>;
}

/**
 * Emerging hot-spot analysis over a space–time cube of counts laid out bin-major: cube[t·n + i] is cell i's
 * value in time bin t (oldest bin first), n = w.n.
 */
export function emergingHotSpots(cube: ArrayLike<number>, bins: number, w: Weights, options: EmergingOptions = {}): EmergingResult {
  const n = w.n;
  if (!Number.isInteger(bins) || bins < 1 || cube.length !== bins * n)
    throw new RangeError(`emergingHotSpots: cube of ${cube.length} values is not ${bins} bins × ${n} cells`);
  const minLevel = options.minLevel ?? 1;
  const trendAlpha = options.trendAlpha ?? 0.05;
  const giZ = new Float32Array(bins * n);
  const giBin = new Float32Array(bins * n);
  const perBin: EmergingResult['perBin'] = [];
  for (let t = 0; t < bins; t++) {
    const values = hasSubarray(cube) ? cube.subarray(t * n, (t + 1) * n) : Array.from({ length: n }, (_, i) => cube[t * n + i]!);
    const r = giStarCore(values, w, options, false); // only the bins are kept: skip p where it cannot matter
    giZ.set(r.z, t * n);
    giBin.set(r.bin, t * n);
    perBin.push({ tested: r.tested, thresholds: r.thresholds, untestable: r.untestable });
  }

  const category = new Uint8Array(n);
  const trendTau = new Float64Array(n).fill(Number.NaN);
  const trendZ = new Float64Array(n).fill(Number.NaN);
  const trendP = new Float64Array(n).fill(Number.NaN);
  const hotBins = new Uint16Array(n);
  const coldBins = new Uint16Array(n);
  const series = new Float64Array(bins);
  const scratch = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    let len = 0;
    for (let t = 0; t < bins; t++) {
      const z = giZ[t * n + i]!;
      if (!Number.isNaN(z)) series[len++] = z;
      const b = giBin[t * n + i]!;
      if (b >= minLevel) hotBins[i]!++;
      else if (b <= -minLevel) coldBins[i]!++;
    }
    const mk = mannKendallOf(series, len, scratch);
    if (mk) {
      trendTau[i] = mk.tau;
      trendZ[i] = mk.z;
      trendP[i] = mk.p;
    }
    category[i] = classifyCode(giBin, i, n, bins, mk, minLevel, trendAlpha);
  }
  return { bins, cells: n, category, giZ, giBin, trendTau, trendZ, trendP, hotBins, coldBins, perBin };
}

/** The category name of a code, or null for untestable. */
export function emergingCategory(code: number): EmergingCategory | null {
  return EMERGING_CATEGORIES[code] ?? null;
}

function hasSubarray(a: ArrayLike<number>): a is ArrayLike<number> & { subarray(begin: number, end: number): ArrayLike<number> } {
  return typeof (a as { subarray?: unknown }).subarray === 'function';
}
