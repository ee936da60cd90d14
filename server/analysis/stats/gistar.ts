// Getis–Ord Gi* hot spots: for each cell, is the sum over the cell and its neighbours higher (hot) or lower
// (cold) than the study area's mean would give by chance? Follows pysal/esda `esda/getisord.py` G_Local with
// transform='B', star=True (binary weights, the cell itself weighted 1) and ArcGIS's Hot Spot Analysis:
//   Gi*  = Σ_j w_ij x_j / Σ_j x_j                     (the statistic, esda's Gs)
//   z_i  = (Σ_j w_ij x_j − x̄ W_i) / (S √((n W_i − W_i²)/(n − 1)))
// with W_i = 1 + number of neighbours, x̄ the mean and S the population standard deviation over the n cells
// of the study area. That is esda's (Gs − EGs)/√VGs rearranged so it never divides by x̄ (an all-zero area
// is simply untestable); it is also ArcGIS's published formula for binary weights, whose Σ w² = W_i.
// p-values are two-sided from the normal. Gi_Bin classes ±3/±2/±1 mean 99/95/90% confidence. With FDR (the
// default, as Optimized Hot Spot Analysis always applies it) each level's p cut-off is Benjamini–Hochberg's
// at that level's α — 0.01, 0.05, 0.10 — over all tested cells, so the 95% class is exactly the set BH
// rejects at α = 0.05; without FDR the cut-offs are the nominal α themselves.
// A cell is untestable — z, p and bin NaN, never 0 or cold — when it has fewer than `minNeighbours`
// neighbours in the study area or its neighbourhood is the whole area; the whole area is untestable when it
// has fewer than `minCells` cells (ArcGIS requires 30) or no variance (every cell has the same count).
import { type AreaUntestable, areaMoments, type StudyAreaOptions } from './area.ts';
import { bhThresholds } from './fdr.ts';
import { twoSidedP } from './normal.ts';
import type { Weights } from './weights.ts';

/** Gi_Bin: +3/+2/+1 hot at 99/95/90% confidence, 0 not significant, negatives cold; NaN untestable. */
export type GiBin = -3 | -2 | -1 | 0 | 1 | 2 | 3;
export type GiClass = 'hot-99' | 'hot-95' | 'hot-90' | 'not-significant' | 'cold-90' | 'cold-95' | 'cold-99';

/** The confidence levels of Gi_Bin 1, 2, 3 and their α. */
export const GI_LEVELS = [
  { bin: 1, confidence: 90, alpha: 0.1 },
  { bin: 2, confidence: 95, alpha: 0.05 },
  { bin: 3, confidence: 99, alpha: 0.01 },
] as const;

export interface GiStarOptions extends StudyAreaOptions {
  /** Benjamini–Hochberg FDR correction of the three confidence levels. Default true. */
  fdr?: boolean;
}

export interface GiStarResult {
  /** Cells in the study area. */
  cells: number;
  /** Cells with a z-score (the FDR's number of tests). */
  tested: number;
  mean: number;
  /** Population standard deviation over the study area. */
  sd: number;
  /** The Gi* statistic (esda's Gs); NaN outside the study area or when the area sums to 0. */
  g: Float64Array;
  z: Float64Array;
  p: Float64Array;
  /** Gi_Bin per cell, NaN where untestable — so `bin > 0`, `bin < 0` and `bin === 0` are all false there. */
  bin: Float32Array;
  /** 1 where significant at 95% confidence (|bin| ≥ 2): BH-rejected at α = 0.05 when FDR is on. */
  significant: Uint8Array;
  /** The p cut-offs applied for the 90, 95 and 99% classes. */
  thresholds: { p90: number; p95: number; p99: number };
  fdr: boolean;
  untestable: AreaUntestable;
}

export function giStar(values: ArrayLike<number>, w: Weights, options: GiStarOptions = {}): GiStarResult {
  return giStarCore(values, w, options, true);
}

// |z| below which p > 0.10: such a cell is in no Gi_Bin class and can never pass a BH cut-off (≤ α).
const Z_90 = 1.6448536269514722;

/**
 * Gi* with `exactP` false computes p only where it can matter for a class (|z| ≥ Z_90) and writes 1 for the
 * others — the same bins and cut-offs at a fraction of the cost; for callers that keep only the bins.
 */
export function giStarCore(values: ArrayLike<number>, w: Weights, options: GiStarOptions, exactP: boolean): GiStarResult {
  const { n, offsets, neighbours } = w;
  if (values.length !== n) throw new RangeError(`giStar: ${values.length} values for ${n} cells`);
  const valid = options.valid ?? null;
  if (valid && valid.length !== n) throw new RangeError('giStar: valid mask length differs from the cells');
  const minNeighbours = options.minNeighbours ?? 1;
  const minCells = options.minCells ?? 30;
  const fdr = options.fdr ?? true;

  const { cells, total, mean, sd } = areaMoments(values, valid);
  const g = new Float64Array(n).fill(Number.NaN);
  const z = new Float64Array(n).fill(Number.NaN);
  const p = new Float64Array(n).fill(Number.NaN);
  const bin = new Float32Array(n).fill(Number.NaN);
  const significant = new Uint8Array(n);
  const untestable: AreaUntestable = cells < minCells || cells < 2 ? 'too-few-cells' : sd > 0 ? null : 'no-variance';

  let tested = 0;
  for (let i = 0; i < n; i++) {
    if (valid && !valid[i]) continue;
    let sum = values[i]!;
    let k = 0;
    for (let e = offsets[i]!, end = offsets[i + 1]!; e < end; e++) {
      const j = neighbours[e]!;
      if (valid && !valid[j]) continue;
      sum += values[j]!;
      k++;
    }
    g[i] = total !== 0 ? sum / total : Number.NaN;
    if (untestable || k < minNeighbours) continue;
    const wi = k + 1;
    const spread = (cells * wi - wi * wi) / (cells - 1);
    if (!(spread > 0)) continue; // the neighbourhood is the whole area: no variation possible
    const zi = (sum - mean * wi) / (sd * Math.sqrt(spread));
    z[i] = zi;
    p[i] = exactP || Math.abs(zi) >= Z_90 ? twoSidedP(zi) : 1;
    tested++;
  }

  const alphas = GI_LEVELS.map((l) => l.alpha);
  const cut = fdr ? bhThresholds(p, alphas).thresholds : alphas;
  const [p90, p95, p99] = cut as [number, number, number];
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    if (Number.isNaN(pi)) continue;
    const level = pi <= p99 ? 3 : pi <= p95 ? 2 : pi <= p90 ? 1 : 0;
    bin[i] = level === 0 ? 0 : z[i]! > 0 ? level : -level;
    if (level >= 2) significant[i] = 1;
  }
  return { cells, tested, mean, sd, g, z, p, bin, significant, thresholds: { p90, p95, p99 }, fdr, untestable };
}

/** The class name of a Gi_Bin, or null where the cell was untestable. */
export function giClass(bin: number): GiClass | null {
  switch (bin) {
    case 3:
      return 'hot-99';
    case 2:
      return 'hot-95';
    case 1:
      return 'hot-90';
    case 0:
      return 'not-significant';
    case -1:
      return 'cold-90';
    case -2:
      return 'cold-95';
    case -3:
      return 'cold-99';
    default:
      return null;
  }
}
