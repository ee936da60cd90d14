// The Mann–Kendall trend test (Mann 1945, Kendall 1975; the "original test" of Hussain & Mahmud's
// pyMannKendall and of esda/emerging.py `_mann_kendall`): is a series rising or falling more than chance?
//   S      = Σ_{i<j} sign(x_j − x_i)
//   Var(S) = [n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)] / 18      (t: sizes of groups of tied values)
//   Z      = (S − 1)/√Var if S > 0, (S + 1)/√Var if S < 0, else 0   (continuity correction)
//   p      = 2(1 − Φ(|Z|));   τ = S / (n(n−1)/2)         (pyMannKendall's Tau; R's Kendall package
//                                                        reports a tie-adjusted τ — same sign)
// Missing values (NaN) are skipped; fewer than 3 values give no test (null), as in esda. A series with
// every value tied has Var(S) = 0: Z = 0, p = 1, no trend.
import { twoSidedP } from './normal.ts';

export interface MannKendall {
  n: number;
  s: number;
  varS: number;
  z: number;
  p: number;
  tau: number;
}

export function mannKendall(series: ArrayLike<number>): MannKendall | null {
  const values = new Float64Array(series.length);
  let n = 0;
  for (let i = 0; i < series.length; i++) if (!Number.isNaN(series[i]!)) values[n++] = series[i]!;
  return mannKendallOf(values, n, new Float64Array(n));
}

/**
 * The test on values[0 .. n) (no NaN), using `scratch` (length ≥ n) for the tie count — the allocation-free
 * form the emerging-hot-spot loop calls once per cell.
 */
export function mannKendallOf(values: Float64Array, n: number, scratch: Float64Array): MannKendall | null {
  if (n < 3) return null;
  let s = 0;
  let tiedPairs = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = values[i]!;
    for (let j = i + 1; j < n; j++) {
      const d = values[j]! - xi;
      if (d > 0) s++;
      else if (d < 0) s--;
      else tiedPairs++;
    }
  }
  let ties = 0;
  if (tiedPairs > 0) {
    // group sizes t of equal values (continuous z-scores rarely tie, so this sort is rarely needed)
    const sorted = scratch.subarray(0, n);
    sorted.set(values.subarray(0, n));
    sorted.sort();
    for (let i = 0; i < n; ) {
      let j = i + 1;
      while (j < n && sorted[j] === sorted[i]) j++;
      const t = j - i;
      if (t > 1) ties += t * (t - 1) * (2 * t + 5);
      i = j;
    }
  }
  const varS = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  const z = varS > 0 && s !== 0 ? (s > 0 ? s - 1 : s + 1) / Math.sqrt(varS) : 0;
  return { n, s, varS, z, p: twoSidedP(z), tau: s / ((n * (n - 1)) / 2) };
}
