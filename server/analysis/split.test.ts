// The 热线+网格 split: where "high" begins is the median or the upper quartile of the counts, zeros included,
// interpolated between order statistics as Excel's QUARTILE.INC and numpy's default do.
import { describe, expect, it } from 'vitest';
import { splitThreshold } from './queries.ts';

describe('quadrant split thresholds', () => {
  it('are the median and the upper quartile, interpolated like QUARTILE.INC', () => {
    // numpy.percentile([7, 1, 3, 5], [50, 75]) = [4.0, 5.5]
    expect(splitThreshold([7, 1, 3, 5], 'median')).toBe(4);
    expect(splitThreshold([7, 1, 3, 5], 'q3')).toBe(5.5);
    // odd length: the middle value and the value three quarters along
    expect(splitThreshold([0, 0, 0, 2, 9], 'median')).toBe(0);
    expect(splitThreshold([0, 0, 0, 2, 9], 'q3')).toBe(2);
    expect(splitThreshold([4], 'q3')).toBe(4);
    expect(splitThreshold([], 'median')).toBe(0);
  });
});
