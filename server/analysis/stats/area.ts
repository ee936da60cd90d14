// The study area both local statistics share: which cells take part, when a cell or the whole area is too
// poor to test, and the area's mean and standard deviation.

export interface StudyAreaOptions {
  /** 1 for cells in the study area; others are left out entirely (not counted, not neighbours). Default: all. */
  valid?: ArrayLike<number> | null;
  /** Cells with fewer neighbours in the study area are untestable. Default 1 (islands are untestable). */
  minNeighbours?: number;
  /** A study area with fewer cells is untestable. Default 30, ArcGIS's minimum for hot-spot analysis. */
  minCells?: number;
}

/** Why the whole study area could not be tested, or null. */
export type AreaUntestable = 'too-few-cells' | 'no-variance' | null;

/** Mean and population standard deviation over the study area, two-pass so equal values give exactly 0. */
export function areaMoments(values: ArrayLike<number>, valid: ArrayLike<number> | null) {
  let cells = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    if (valid && !valid[i]) continue;
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`value of cell ${i} is not a finite number`);
    cells++;
    total += v;
  }
  const mean = cells > 0 ? total / cells : Number.NaN;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    if (valid && !valid[i]) continue;
    const d = values[i]! - mean;
    ss += d * d;
  }
  return { cells, total, mean, sd: cells > 0 ? Math.sqrt(ss / cells) : Number.NaN };
}

/** The fewest cases a neighbourhood must hold, or be expected to hold, for its cell to be tested. */
export const MIN_NEIGHBOURHOOD_CASES = 3;

/**
 * 1 where a cell has too few cases to test: its neighbourhood (the cell and its neighbours in the study area,
 * Gi*'s star neighbourhood) holds fewer than `minCases` cases AND would be expected to hold fewer than
 * `minCases` (the area's mean × the neighbourhood's size). Were counts Poisson with a mean below 3, even an
 * empty neighbourhood would turn up with a chance above 5% (e^−3 ≈ 0.05), so such a cell can be neither a
 * cold spot nor a trustworthy hot one; the routes show it as "too few cases", never as cold. A cell whose
 * neighbourhood is expected to hold many cases but holds none stays testable: that is a real cold spot.
 */
export function sparseCells(
  values: ArrayLike<number>,
  w: { n: number; offsets: Int32Array; neighbours: Int32Array },
  valid: ArrayLike<number> | null,
  minCases = MIN_NEIGHBOURHOOD_CASES,
): Uint8Array {
  const { mean } = areaMoments(values, valid);
  const out = new Uint8Array(w.n);
  for (let i = 0; i < w.n; i++) {
    if (valid && !valid[i]) continue;
    let sum = values[i]!;
    let size = 1;
    for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) {
      const j = w.neighbours[k]!;
      if (valid && !valid[j]) continue;
      sum += values[j]!;
      size++;
    }
    out[i] = sum < minCases && mean * size < minCases ? 1 : 0;
  }
  return out;
}
