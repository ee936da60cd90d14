// The normal tails against reference values (scipy.special.erfc, itself Cody's algorithm) and the textbook
// critical values: relative error ≤ 1e-13 from the centre to the far tail where Gi* p-values live.
import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalSf, twoSidedP } from './normal.ts';

const ERFC: Array<[number, number]> = [
  [0, 1.0],
  [0.1, 0.8875370839817152],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028516],
  [1.4999, 0.033906748337704726],
  [1.5, 0.03389485352468927],
  [1.5001, 0.0338829622795825],
  [2, 0.004677734981047266],
  [2.4999, 0.0004071699003334512],
  [2.5, 0.00040695201744495886],
  [2.5001, 0.0004067342434706796],
  [3, 2.2090496998585445e-5],
  [4, 1.541725790028002e-8],
  [5, 1.5374597944280347e-12],
  [6, 2.1519736712498913e-17],
  [8, 1.1224297172982928e-29],
  [10, 2.0884875837625446e-45],
  [15, 7.212994172451209e-100],
  [20, 5.395865611607901e-176],
  [26, 5.663192408856145e-296],
];

describe('erfc', () => {
  it.each(ERFC)('erfc(%d) equals the reference to 1e-13 relative', (x, want) => {
    expect(Math.abs(erfc(x) - want) / want).toBeLessThan(1e-13);
  });

  it('is 2 − erfc(−x) for negative x, and NaN for NaN', () => {
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028516, 15);
    expect(erfc(Number.NaN)).toBeNaN();
  });
});

describe('the standard normal', () => {
  it('puts the textbook critical values at 90, 95 and 99% two-sided confidence', () => {
    expect(twoSidedP(1.6448536269514722)).toBeCloseTo(0.1, 14);
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedP(2.5758293035489004)).toBeCloseTo(0.01, 14);
    expect(twoSidedP(-1.959963984540054)).toBeCloseTo(0.05, 14);
  });

  it('has Φ(0) = ½, Φ + sf = 1, and a far tail without cancellation', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.3) + normalSf(1.3)).toBeCloseTo(1, 15);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(Math.abs(normalSf(8) - 6.22096057427174e-16) / 6.22096057427174e-16).toBeLessThan(1e-12);
    expect(Math.abs(normalSf(37) - 5.7255712225239266e-300) / 5.7255712225239266e-300).toBeLessThan(1e-11);
    expect(twoSidedP(0)).toBe(1);
    expect(twoSidedP(Number.NaN)).toBeNaN();
  });
});
