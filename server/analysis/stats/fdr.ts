// Benjamini–Hochberg false-discovery-rate control (Benjamini & Hochberg 1995), the correction ArcGIS's
// Hot Spot Analysis applies with its FDR option and its Optimized Hot Spot Analysis always applies.
// With m tests and p-values sorted p(1) ≤ … ≤ p(m), find the largest k with p(k) ≤ k·α/m and reject the
// k smallest. We return the cut-off k·α/m, exactly like pysal/esda `esda/util.py` `fdr` (which also
// returns α/m, the Bonferroni bound, when nothing is rejected); a test is significant when p ≤ cut-off,
// and that set is precisely BH's rejected set. One deliberate difference from esda: the comparison is
// p(k) ≤ k·α/m as the paper states it, where esda uses a strict <; they differ only on exact ties.
// NaN p-values (untestable cells) are not tests: they neither count in m nor become significant.

export interface FdrResult {
  /** The p-value cut-off: p ≤ threshold is significant. α/m when nothing is. */
  threshold: number;
  /** 1 where significant. */
  significant: Uint8Array;
  /** How many are significant. */
  count: number;
  /** Number of tests (finite p-values). */
  tests: number;
}

export function benjaminiHochberg(p: ArrayLike<number>, alpha = 0.05): FdrResult {
  const { tests, thresholds } = bhThresholds(p, [alpha]);
  const threshold = thresholds[0]!;
  const significant = new Uint8Array(p.length);
  let count = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i]! <= threshold) {
      significant[i] = 1;
      count++;
    }
  }
  return { threshold, significant, count, tests };
}

/**
 * The BH cut-offs for several α at once over the same p-values, with one partial sort: only p ≤ max α can
 * ever pass (k·α/m ≤ α), and their ranks among all m tests are their ranks among themselves.
 */
export function bhThresholds(p: ArrayLike<number>, alphas: readonly number[]): { tests: number; thresholds: number[] } {
  let maxAlpha = 0;
  for (const a of alphas) {
    if (!(a > 0 && a < 1)) throw new RangeError(`alpha ${a} is not in (0, 1)`);
    if (a > maxAlpha) maxAlpha = a;
  }
  let tests = 0;
  let candidates = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (Number.isNaN(v)) continue;
    tests++;
    if (v <= maxAlpha) candidates++;
  }
  const small = new Float64Array(candidates);
  let c = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v <= maxAlpha) small[c++] = v;
  }
  small.sort();
  const thresholds = alphas.map((alpha) => {
    if (tests === 0) return alpha; // nothing to test; any cut-off rejects nothing
    for (let k = candidates; k >= 1; k--) {
      const cut = (k * alpha) / tests;
      if (small[k - 1]! <= cut) return cut;
    }
    return alpha / tests;
  });
  return { tests, thresholds };
}
