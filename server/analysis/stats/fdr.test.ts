// Benjamini–Hochberg against the paper's own worked example and esda's `fdr` cut-off convention.
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, bhThresholds } from './fdr.ts';

// Benjamini & Hochberg (1995), J. R. Statist. Soc. B 57(1), §4.1: the 15 p-values of Neuhaus et al.'s
// thrombolysis trial. At q = 0.05 the procedure rejects the four smallest (p ≤ 0.0095); the Bonferroni
// bound 0.05/15 rejects only three.
const NEUHAUS = [0.0201, 0.0001, 0.324, 0.0004, 0.759, 0.0019, 0.0278, 0.0095, 0.5719, 0.0298, 0.0344, 0.6528, 0.0459, 0.4262, 1.0];

describe('Benjamini–Hochberg', () => {
  it('rejects the four hypotheses the 1995 paper rejects at q = 0.05', () => {
    const r = benjaminiHochberg(NEUHAUS, 0.05);
    expect(r.tests).toBe(15);
    expect(r.count).toBe(4);
    expect(r.threshold).toBeCloseTo((4 * 0.05) / 15, 15); // esda returns k·α/m, not p(k)
    const rejected = NEUHAUS.filter((_, i) => r.significant[i] === 1).sort((a, b) => a - b);
    expect(rejected).toEqual([0.0001, 0.0004, 0.0019, 0.0095]);
    expect(NEUHAUS.filter((p) => p <= 0.05 / 15)).toHaveLength(3); // Bonferroni, for contrast
  });

  it('gives the cut-offs esda.fdr gives for other levels, and α/m when nothing passes', () => {
    // values from esda/util.py fdr run on the same p-values
    expect(benjaminiHochberg(NEUHAUS, 0.1).threshold).toBeCloseTo(0.06, 15);
    expect(benjaminiHochberg(NEUHAUS, 0.1).count).toBe(9);
    const none = benjaminiHochberg(NEUHAUS, 0.001);
    expect(none.count).toBe(0);
    expect(none.threshold).toBeCloseTo(0.001 / 15, 18);
  });

  it('rejects on equality, as the paper states p(k) ≤ k·α/m', () => {
    expect(benjaminiHochberg([0.01, 0.5], 0.02).count).toBe(1); // p(1) = 1·0.02/2 exactly
  });

  it('ignores untestable cells: NaN neither counts as a test nor becomes significant', () => {
    const withGaps = [...NEUHAUS, Number.NaN, Number.NaN];
    const r = benjaminiHochberg(withGaps, 0.05);
    expect(r.tests).toBe(15);
    expect(r.count).toBe(4);
    expect(r.significant[15]).toBe(0);
    expect(benjaminiHochberg([Number.NaN], 0.05).count).toBe(0);
    expect(benjaminiHochberg([], 0.05).count).toBe(0);
  });

  it('computes several levels from one pass, nested as ArcGIS needs them for 90/95/99%', () => {
    const { thresholds } = bhThresholds(NEUHAUS, [0.1, 0.05, 0.01]);
    expect(thresholds[0]).toBeCloseTo(0.06, 15);
    expect(thresholds[1]).toBeCloseTo(0.2 / 15, 15);
    expect(thresholds[2]).toBeCloseTo(0.03 / 15, 15); // three pass at 1%: 0.0019 ≤ 3·0.01/15
    expect(thresholds[0]!).toBeGreaterThanOrEqual(thresholds[1]!);
    expect(thresholds[1]!).toBeGreaterThanOrEqual(thresholds[2]!);
    expect(() => bhThresholds(NEUHAUS, [0])).toThrow(RangeError);
  });
});
