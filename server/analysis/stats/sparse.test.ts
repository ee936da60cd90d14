// Cells with too few cases to test: an empty corner of a sparse area is "too few cases", not cold; an empty
// cell where many cases were expected stays testable (a real cold spot); a cluster is testable.
import { describe, expect, it } from 'vitest';
import { MIN_NEIGHBOURHOOD_CASES, sparseCells } from './index.ts';
import { queenLattice } from './weights.ts';

const size = 10;
const w = queenLattice(size, size);
const at = (r: number, c: number) => r * size + c;

describe('cells with too few cases to test', () => {
  it('are those whose neighbourhood holds, and would be expected to hold, fewer than 3 cases', () => {
    expect(MIN_NEIGHBOURHOOD_CASES).toBe(3);
    // 60 cases in 100 cells: mean 0.6; a corner's neighbourhood (4 cells) expects 2.4, an edge's (6) 3.6, an inner one's (9) 5.4
    const x = new Float64Array(size * size);
    x[at(5, 5)] = 20;
    x[at(5, 6)] = 20;
    x[at(6, 5)] = 20;
    const sparse = sparseCells(x, w, null);
    expect(sparse[at(5, 5)]).toBe(0);
    expect(sparse[at(0, 0)]).toBe(1);
    expect(sparse[at(9, 9)]).toBe(1);
    expect(sparse[at(0, 5)]).toBe(0);
    expect(sparse[at(2, 2)]).toBe(0);
    expect([...sparse].reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('leave a cell testable once its neighbourhood holds 3 cases, however sparse the area', () => {
    const x = new Float64Array(size * size);
    x[at(4, 4)] = 2;
    x[at(4, 5)] = 1;
    const sparse = sparseCells(x, w, null);
    expect(sparse[at(4, 4)]).toBe(0); // 2 + 1
    expect(sparse[at(3, 5)]).toBe(0); // sees both
    expect(sparse[at(4, 6)]).toBe(1); // sees only 1
    expect(sparse[at(0, 0)]).toBe(1);
  });

  it('count only the study area', () => {
    const x = new Float64Array(size * size).fill(1);
    const valid = new Uint8Array(size * size);
    valid[at(0, 0)] = 1;
    valid[at(0, 1)] = 1;
    const sparse = sparseCells(x, w, valid);
    expect(sparse[at(0, 0)]).toBe(1); // 2 cases in a 2-cell area, expected 2
    expect(sparse[at(5, 5)]).toBe(0); // outside the area: not flagged
  });
});
