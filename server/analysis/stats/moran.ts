// Local Moran's I (Anselin 1995, LISA): does a cell resemble its neighbours (HH high among high, LL low among
// low) or stand out against them (HL, LH)? Row-standardised weights (each neighbour 1/k, no self), the cell
// values centred on the study area's mean. Follows pysal/esda `esda/moran.py` Moran_Local:
//   I_i = (n − 1) · d_i · Σ_j w_ij d_j / Σ_j d_j²        (d = x − x̄; esda's Is, equal to GeoDa's LISA value)
// Inference is conditional randomisation — the cell keeps its value, the other n − 1 values are shuffled
// over the other cells — which is what GeoDa's and esda's permutation p-values test; we use its analytic
// moments instead of drawing permutations (Sokal, Oden & Thomson 1998, eqs. A7–A8; esda's EIc/VIc), with
// z the standardised values (m2 = 1), w_i = Σ_j w_ij = 1 and w_i(2) = Σ_j w_ij² = 1/k_i:
//   E = −z_i² w_i / (n − 1)
//   V = z_i² · n/(n − 2) · (w_i(2) − w_i²/(n − 1)) · (1 − z_i²/(n − 1))
// These are the moments of Anselin's I_i = z_i Σ w_ij z_j; ours is (n−1)/n times it, so z is computed on
// Anselin's scale and is the same either way. Why not the total-randomisation moments (esda's EI/VI)? Their
// normal approximation is badly anti-conservative on skewed counts: on uniform random counts over a 40×40
// lattice they left 1–2% of cells "significant" even after FDR, the conditional ones none. Deterministic
// and fast, so the FDR gets exact small p-values that 999 permutations could not give (their floor, 0.001,
// passes BH only when ≥ m·0.001/α cells share it).
// p two-sided; a cell is in a cluster when p ≤ α, or ≤ the Benjamini–Hochberg cut-off at α with FDR (the
// default). Quadrants as esda: "high" means above the mean (d > 0), lag likewise; codes follow GeoDa's
// numbering. A cell whose value is the mean has I = 0 whatever its neighbours: tested, p = 1. Untestable
// cells (fewer than `minNeighbours` neighbours in the study area, at least 1) and untestable areas (too few
// cells, no variance) get code UNTESTABLE and NaN statistics, never LL.
import { type AreaUntestable, areaMoments, type StudyAreaOptions } from './area.ts';
import { benjaminiHochberg } from './fdr.ts';
import { twoSidedP } from './normal.ts';
import type { Weights } from './weights.ts';

/** Cluster codes (GeoDa's numbering): 0 not significant, 1 HH, 2 LL, 3 LH, 4 HL, 5 untestable. */
export const MORAN = { NOT_SIGNIFICANT: 0, HH: 1, LL: 2, LH: 3, HL: 4, UNTESTABLE: 5 } as const;
export type MoranClass = 'HH' | 'LL' | 'LH' | 'HL' | 'not-significant';
const CLASS_NAMES: ReadonlyArray<MoranClass | null> = ['not-significant', 'HH', 'LL', 'LH', 'HL', null];

export interface LocalMoranOptions extends StudyAreaOptions {
  /** Significance level. Default 0.05. */
  alpha?: number;
  /** Benjamini–Hochberg FDR at α. Default true. */
  fdr?: boolean;
}

export interface LocalMoranResult {
  cells: number;
  tested: number;
  mean: number;
  /** Population standard deviation over the study area. */
  sd: number;
  /** Standardised values (x − x̄)/sd: the Moran scatterplot's x. */
  std: Float64Array;
  /** Row-standardised spatial lag of `std`: the scatterplot's y. */
  lag: Float64Array;
  /** Local Moran's I, esda's Is (= GeoDa's LISA value). */
  I: Float64Array;
  z: Float64Array;
  p: Float64Array;
  /** The quadrant of every tested cell (HH/LL/LH/HL codes), UNTESTABLE elsewhere. */
  quadrant: Uint8Array;
  /** The quadrant where significant, NOT_SIGNIFICANT where not, UNTESTABLE where untestable. */
  cluster: Uint8Array;
  /** The p cut-off applied: α, or BH's at α with FDR. */
  threshold: number;
  alpha: number;
  fdr: boolean;
  untestable: AreaUntestable;
}

export function localMoran(values: ArrayLike<number>, w: Weights, options: LocalMoranOptions = {}): LocalMoranResult {
  const { n, offsets, neighbours } = w;
  if (values.length !== n) throw new RangeError(`localMoran: ${values.length} values for ${n} cells`);
  const valid = options.valid ?? null;
  if (valid && valid.length !== n) throw new RangeError('localMoran: valid mask length differs from the cells');
  const minNeighbours = Math.max(1, options.minNeighbours ?? 1); // row-standardising needs a neighbour
  const minCells = options.minCells ?? 30;
  const alpha = options.alpha ?? 0.05;
  const fdr = options.fdr ?? true;

  const { cells, mean, sd } = areaMoments(values, valid);
  const std = new Float64Array(n).fill(Number.NaN);
  const lag = new Float64Array(n).fill(Number.NaN);
  const I = new Float64Array(n).fill(Number.NaN);
  const z = new Float64Array(n).fill(Number.NaN);
  const p = new Float64Array(n).fill(Number.NaN);
  const quadrant = new Uint8Array(n).fill(MORAN.UNTESTABLE);
  const cluster = new Uint8Array(n).fill(MORAN.UNTESTABLE);
  const untestable: AreaUntestable = cells < minCells || cells < 3 ? 'too-few-cells' : sd > 0 ? null : 'no-variance';
  if (untestable) return { cells, tested: 0, mean, sd, std, lag, I, z, p, quadrant, cluster, threshold: alpha, alpha, fdr, untestable };

  for (let i = 0; i < n; i++) if (!valid || valid[i]) std[i] = (values[i]! - mean) / sd;
  const m = cells;

  let tested = 0;
  for (let i = 0; i < n; i++) {
    if (valid && !valid[i]) continue;
    let sum = 0;
    let k = 0;
    for (let e = offsets[i]!, end = offsets[i + 1]!; e < end; e++) {
      const j = neighbours[e]!;
      if (valid && !valid[j]) continue;
      sum += std[j]!;
      k++;
    }
    if (k < minNeighbours) continue;
    const li = sum / k;
    const si = std[i]!;
    lag[i] = li;
    const anselin = si * li; // z_i Σ w_ij z_j, Anselin's I with m2 = 1
    I[i] = ((m - 1) / m) * anselin;
    const si2 = si * si;
    const expected = -si2 / (m - 1);
    const variance = ((si2 * m) / (m - 2)) * (1 / k - 1 / (m - 1)) * (1 - si2 / (m - 1));
    quadrant[i] = si > 0 ? (li > 0 ? MORAN.HH : MORAN.HL) : li > 0 ? MORAN.LH : MORAN.LL;
    // no variance: the cell sits at the mean (I = 0 always) or the others are all equal — no evidence either way
    z[i] = variance > 0 ? (anselin - expected) / Math.sqrt(variance) : 0;
    p[i] = twoSidedP(z[i]!);
    tested++;
  }

  const threshold = fdr ? benjaminiHochberg(p, alpha).threshold : alpha;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(p[i]!)) {
      quadrant[i] = MORAN.UNTESTABLE;
      continue;
    }
    cluster[i] = p[i]! <= threshold ? quadrant[i]! : MORAN.NOT_SIGNIFICANT;
  }
  return { cells, tested, mean, sd, std, lag, I, z, p, quadrant, cluster, threshold, alpha, fdr, untestable };
}

/** The class name of a cluster code, or null for untestable. */
export function moranClass(code: number): MoranClass | null {
  return CLASS_NAMES[code] ?? null;
}
