// A wall draws all day: the per-frame spans must not pile up in the browser's User Timing buffer.
import { describe, expect, it } from 'vitest';
import { SPANS_KEPT, span } from './perf.ts';

describe('perf spans', () => {
  it('keeps the first SPANS_KEPT spans of a name and drops the rest', () => {
    for (let i = 0; i < SPANS_KEPT + 500; i++) span('test-frame', performance.now());
    expect(performance.getEntriesByName('xh:test-frame', 'measure')).toHaveLength(SPANS_KEPT);
    span('other-frame', performance.now());
    expect(performance.getEntriesByName('xh:other-frame', 'measure')).toHaveLength(1);
  });
});
