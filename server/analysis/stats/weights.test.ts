// The weights contract: binary, symmetric, no self-neighbour, sorted rows — whatever order or duplication
// the pairs arrive in from PostGIS.
import { describe, expect, it } from 'vitest';
import { cardinality, neighbourLists, queenLattice, weightsFromLists, weightsFromPairs, weightsProblem } from './weights.ts';

describe('queen lattice', () => {
  it('gives corners 3, edges 5 and inner cells 8 neighbours, sharing an edge or a corner', () => {
    const w = queenLattice(3, 4);
    expect(w.n).toBe(12);
    expect(weightsProblem(w)).toBeNull();
    expect(cardinality(w, 0)).toBe(3);
    expect(cardinality(w, 1)).toBe(5);
    expect(cardinality(w, 5)).toBe(8);
    expect(neighbourLists(w)[5]).toEqual([0, 1, 2, 4, 6, 8, 9, 10]);
    expect(neighbourLists(w)[11]).toEqual([6, 7, 10]);
  });

  it('handles a single row and a single cell', () => {
    expect(neighbourLists(queenLattice(1, 3))).toEqual([[1], [0, 2], [1]]);
    expect(neighbourLists(queenLattice(1, 1))).toEqual([[]]);
  });
});

describe('weights from pairs', () => {
  it('symmetrises one-directional pairs and drops duplicates and self-pairs', () => {
    const w = weightsFromPairs(4, [0, 1, 1, 2, 3, 0], [1, 0, 2, 2, 1, 1]);
    expect(weightsProblem(w)).toBeNull();
    expect(neighbourLists(w)).toEqual([[1], [0, 2, 3], [1], [1]]);
  });

  it('keeps an island with no neighbours', () => {
    const w = weightsFromLists([[1], [0], []]);
    expect(cardinality(w, 2)).toBe(0);
    expect(weightsProblem(w)).toBeNull();
  });

  it('equals the lattice when given the lattice as pairs in any order', () => {
    const lattice = queenLattice(5, 5);
    // one direction only (the larger index first), last cell first
    const pairs = neighbourLists(lattice)
      .flatMap((list, i) => list.filter((j) => j > i).map((j) => [j, i]))
      .reverse();
    const w = weightsFromPairs(
      25,
      pairs.map((p) => p[0]!),
      pairs.map((p) => p[1]!),
    );
    expect(Array.from(w.offsets)).toEqual(Array.from(lattice.offsets));
    expect(Array.from(w.neighbours)).toEqual(Array.from(lattice.neighbours));
  });

  it('rejects indices outside the cells', () => {
    expect(() => weightsFromPairs(2, [0], [2])).toThrow(RangeError);
    expect(() => weightsFromPairs(2, [0, 1], [1])).toThrow(RangeError);
  });

  it('names what is wrong with hand-made weights', () => {
    const asymmetric = { n: 2, offsets: Int32Array.from([0, 1, 1]), neighbours: Int32Array.from([1]) };
    expect(weightsProblem(asymmetric)).toMatch(/not the reverse/);
    const selfish = { n: 1, offsets: Int32Array.from([0, 1]), neighbours: Int32Array.from([0]) };
    expect(weightsProblem(selfish)).toMatch(/own neighbour/);
  });
});
