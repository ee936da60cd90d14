// Mann–Kendall against pyMannKendall's published worked example (cross-checked there with four R packages)
// and small series whose S, ties and Z can be counted by hand.
import { describe, expect, it } from 'vitest';
import { BOGRA_MANN_KENDALL, BOGRA_RAINFALL } from './fixtures/bogra.ts';
import { mannKendall } from './mannkendall.ts';

describe('Mann–Kendall', () => {
  it('gives pyMannKendall’s S, Var(S), Z, p and τ on 30 years of Bogra rainfall with missing months', () => {
    expect(BOGRA_RAINFALL).toHaveLength(360);
    const r = mannKendall(BOGRA_RAINFALL)!;
    const want = BOGRA_MANN_KENDALL;
    expect(r.n).toBe(want.n);
    expect(r.s).toBe(want.s);
    expect(r.varS).toBeCloseTo(want.varS, 6); // many ties (every dry month is 0 mm): the tie correction matters
    expect(r.z).toBeCloseTo(want.z, 12);
    expect(r.p).toBeCloseTo(want.p, 12);
    expect(r.tau).toBeCloseTo(want.tau, 14);
  });

  it('counts a short series by hand, with and without ties', () => {
    // 1 3 2 5 4: pairs up 8, down 2 → S = 6; Var = 5·4·15/18 = 16.667; Z = 5/√16.667
    const plain = mannKendall([1, 3, 2, 5, 4])!;
    expect(plain.s).toBe(6);
    expect(plain.varS).toBeCloseTo(50 / 3, 12);
    expect(plain.z).toBeCloseTo(5 / Math.sqrt(50 / 3), 12);
    expect(plain.tau).toBeCloseTo(0.6, 12);
    // 2 2 3 1 3: S = +0 +1 −1 +1 | +1 −1 +1 | −1 0 | +1 = 2; ties: two 2s and two 3s → Σ t(t−1)(2t+5) = 18 + 18
    const tied = mannKendall([2, 2, 3, 1, 3])!;
    expect(tied.s).toBe(2);
    expect(tied.varS).toBeCloseTo((5 * 4 * 15 - 36) / 18, 12);
    expect(tied.z).toBeCloseTo(1 / Math.sqrt((300 - 36) / 18), 12);
  });

  it('finds a steady rise significant, a flat series trendless, and too short a series untestable', () => {
    const rising = mannKendall(Array.from({ length: 360 }, (_, i) => i))!;
    expect(rising.s).toBe(64620); // pyMannKendall's TrendData check
    expect(rising.tau).toBe(1);
    expect(rising.p).toBeLessThan(1e-12);
    const falling = mannKendall([5, 4, 3, 2, 1, 0, -1, -2])!;
    expect(falling.z).toBeLessThan(0);
    expect(falling.p).toBeLessThan(0.01);
    const flat = mannKendall(new Array(12).fill(3))!;
    expect(flat).toMatchObject({ s: 0, varS: 0, z: 0, p: 1, tau: 0 });
    expect(mannKendall([1, 2])).toBeNull();
    expect(mannKendall([1, Number.NaN, 2])).toBeNull();
  });
});
