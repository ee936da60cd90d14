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
