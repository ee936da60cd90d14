// The standard normal distribution's tails, to double precision, for the p-values of Gi*, Local Moran's I
// and Mann–Kendall. No npm package is needed for three functions: erfc is summed from its two classic
// expansions (Abramowitz & Stegun 7.1.6 for small x, the Laplace continued fraction 7.1.14 for large x),
// which avoids tables of magic coefficients and keeps the relative error near 1e-15 — small p-values stay
// exact enough for the Benjamini–Hochberg ranks, where they matter most.

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
// Below it erfc ≥ 0.034, so 1 − erf loses under two digits; above it the continued fraction converges in
// under a hundred steps.
const SERIES_LIMIT = 1.5;

/** The complementary error function erfc(x) = 1 − erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < SERIES_LIMIT) return 1 - erfSeries(x);
  return erfcContinuedFraction(x);
}

// erf(x) = 2/√π · e^(−x²) · Σ_k 2^k x^(2k+1) / (1·3·5···(2k+1)): every term positive, so no cancellation.
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k < 200; k++) {
    term *= (2 * x2) / (2 * k + 1);
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

// erfc(x) = e^(−x²)/√π · 1 / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated by modified Lentz.
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

/** Φ(z), the standard normal cumulative distribution. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** 1 − Φ(z), computed without cancellation for large z. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Two-sided p-value of a z-score: P(|Z| ≥ |z|). NaN stays NaN. */
export function twoSidedP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}
