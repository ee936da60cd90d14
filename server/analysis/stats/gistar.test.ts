// Gi* hot spots as an analyst would check them: the z-scores esda publishes, GeoDa's G* on a lattice with a
// planted hot block, the exact permutation moments the analytic z stands for, the FDR-corrected classes, and
// planted truth — a compact cluster comes out hot and nothing far from it does; uniform noise comes out
// (almost) empty after FDR, as it does not without FDR.
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './fdr.ts';
import { geodaLocalGStar } from './fixtures/geoda.ts';
import { poisson, seededRandom, uniformCounts } from './fixtures/random.ts';
import { giClass, giStar, giStarCore } from './gistar.ts';
import { cardinality, neighbourLists, queenLattice, weightsFromLists } from './weights.ts';

const small = { minCells: 0 }; // fixtures below ArcGIS's 30-cell minimum

describe('Gi* z-scores', () => {
  it('equal the values esda documents for G_Local(transform="B", star=True)', () => {
    // esda/getisord.py docstring: six points, DistanceBand(threshold=15), y = [2, 3, 3.2, 5, 8, 7]
    const points = [
      [10, 10],
      [20, 10],
      [40, 10],
      [15, 20],
      [30, 20],
      [30, 30],
    ] as const;
    const lists = points.map((a, i) => points.flatMap((b, j) => (i !== j && Math.hypot(a[0] - b[0], a[1] - b[1]) <= 15 ? [j] : [])));
    const r = giStar([2, 3, 3.2, 5, 8, 7], weightsFromLists(lists), small);
    const esda = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331];
    esda.forEach((z, i) => {
      expect(r.z[i]).toBeCloseTo(z, 7);
    });
  });

  it('match GeoDa’s G* and the analytic z computed by hand on a 7×7 lattice with a planted hot block', async () => {
    const rows = 7;
    const w = queenLattice(rows, rows);
    const x = [
      1, 0, 2, 1, 0, 1, 2, 0, 1, 1, 2, 1, 0, 1, 2, 1, 9, 8, 9, 1, 0, 1, 2, 8, 12, 9, 0, 1, 0, 1, 9, 10, 8, 2, 1, 1, 0, 1, 2, 1, 1, 0, 2, 1,
      0, 1, 0, 2, 1,
    ];
    const r = giStar(x, w, small);
    const oracle = await geodaLocalGStar(x, neighbourLists(w));
    const n = x.length;
    const total = x.reduce((a, b) => a + b, 0);
    const mean = total / n;
    const s = Math.sqrt(x.reduce((a, b) => a + b * b, 0) / n - mean * mean);
    for (let i = 0; i < n; i++) {
      const wi = cardinality(w, i) + 1;
      // GeoDa's G* weighs the cell and its neighbours 1/W_i each, so it is our binary Gi* divided by W_i
      expect(r.g[i]! / wi).toBeCloseTo(oracle.lisa[i]!, 12);
      // esda's moments, written out independently: E = W/n, V = W(n−W)/(n−1)/n² · s²/x̄²
      const expected = wi / n;
      const variance = ((wi * (n - wi)) / (n - 1) / (n * n)) * ((s * s) / (mean * mean));
      expect(r.z[i]).toBeCloseTo((r.g[i]! - expected) / Math.sqrt(variance), 9);
    }
    // the planted block is the hot spot: its centre cell has the largest z
    expect(Math.max(...r.z)).toBe(r.z[3 * rows + 3]);
    expect(r.bin[3 * rows + 3]).toBeGreaterThan(0);
  });

  it('are the exact mean and variance of the neighbourhood sum over every permutation of the values', () => {
    // 2×4 lattice, all 8! = 40,320 arrangements of the values: the analytic z is (S − E[S]) / √Var[S]
    const w = queenLattice(2, 4);
    const x = [4, 0, 1, 7, 2, 2, 5, 1];
    const r = giStar(x, w, small);
    const lists = neighbourLists(w).map((l, i) => [i, ...l]);
    const sum = new Float64Array(8);
    const sumSq = new Float64Array(8);
    let count = 0;
    for (const perm of permutations(x)) {
      count++;
      lists.forEach((cells, i) => {
        let s = 0;
        for (const c of cells) s += perm[c]!;
        sum[i]! += s;
        sumSq[i]! += s * s;
      });
    }
    expect(count).toBe(40320);
    lists.forEach((cells, i) => {
      const mean = sum[i]! / count;
      const variance = sumSq[i]! / count - mean * mean;
      const observed = cells.reduce((a, c) => a + x[c]!, 0);
      expect(r.z[i]).toBeCloseTo((observed - mean) / Math.sqrt(variance), 9);
    });
  });
});

describe('Gi_Bin classes', () => {
  const lattice = queenLattice(20, 20);
  const random = seededRandom(42);
  const x = Array.from({ length: 400 }, () => poisson(random, 2));
  for (const i of [210, 211, 212, 230, 231, 232]) x[i]! += 12;

  it('put each cell at the highest level whose FDR cut-off its p-value passes, signed by z', () => {
    const r = giStar(x, lattice);
    expect(r.fdr).toBe(true);
    // each level's cut-off is BH's at that level's α over all tested cells
    expect(r.thresholds.p95).toBe(benjaminiHochberg(r.p, 0.05).threshold);
    expect(r.thresholds.p90).toBe(benjaminiHochberg(r.p, 0.1).threshold);
    expect(r.thresholds.p99).toBe(benjaminiHochberg(r.p, 0.01).threshold);
    for (let i = 0; i < 400; i++) {
      const p = r.p[i]!;
      const level = p <= r.thresholds.p99 ? 3 : p <= r.thresholds.p95 ? 2 : p <= r.thresholds.p90 ? 1 : 0;
      expect(r.bin[i]).toBe(level === 0 ? 0 : Math.sign(r.z[i]!) * level);
      expect(r.significant[i]).toBe(level >= 2 ? 1 : 0);
    }
    expect(r.bin.filter((b) => b === 3).length).toBeGreaterThan(0);
    expect(giClass(r.bin[211]!)).toBe('hot-99');
  });

  it('come out the same when p is skipped where it cannot matter (the emerging analysis’ shortcut)', () => {
    const exact = giStar(x, lattice);
    const quick = giStarCore(x, lattice, {}, false);
    expect(Array.from(quick.bin)).toEqual(Array.from(exact.bin));
    expect(quick.thresholds).toEqual(exact.thresholds);
    expect(Array.from(quick.z)).toEqual(Array.from(exact.z));
  });

  it('use the nominal 0.10/0.05/0.01 without FDR, and FDR only ever removes significance', () => {
    const plain = giStar(x, lattice, { fdr: false });
    const corrected = giStar(x, lattice);
    expect(plain.thresholds).toEqual({ p90: 0.1, p95: 0.05, p99: 0.01 });
    for (let i = 0; i < 400; i++) {
      expect(Math.abs(corrected.bin[i]!)).toBeLessThanOrEqual(Math.abs(plain.bin[i]!));
      expect(plain.z[i]).toBe(corrected.z[i]);
    }
  });
});

describe('cells too poor to test', () => {
  it('are null, not 0 or cold: an island, a study area without variance, one below 30 cells', () => {
    const lattice = queenLattice(6, 6);
    const x = Array.from({ length: 36 }, (_, i) => (i * 7) % 5);

    const withIsland = giStar([...x, 3], weightsFromLists([...neighbourLists(lattice), []]));
    expect(withIsland.z[36]).toBeNaN();
    expect(withIsland.bin[36]).toBeNaN();
    expect(giClass(withIsland.bin[36]!)).toBeNull();
    expect(withIsland.bin[36]! < 0 || withIsland.bin[36] === 0).toBe(false);
    expect(withIsland.tested).toBe(36);

    const flat = giStar(new Array(36).fill(4), lattice);
    expect(flat.untestable).toBe('no-variance');
    expect(flat.tested).toBe(0);
    expect(Array.from(flat.bin).every(Number.isNaN)).toBe(true);

    const tiny = giStar(x.slice(0, 25), queenLattice(5, 5));
    expect(tiny.untestable).toBe('too-few-cells');
    expect(Array.from(tiny.bin).every(Number.isNaN)).toBe(true);
    expect(giStar(x.slice(0, 25), queenLattice(5, 5), { minCells: 25 }).untestable).toBeNull();
  });

  it('follow minNeighbours, and cells outside the study area are neither counted nor neighbours', () => {
    const lattice = queenLattice(6, 6);
    const x = Array.from({ length: 36 }, (_, i) => (i * 7) % 5);
    const corners = giStar(x, lattice, { minNeighbours: 4 });
    expect(corners.bin[0]).toBeNaN(); // a corner has 3
    expect(corners.bin[1]).not.toBeNaN();

    // leaving the last row out equals analysing the 5×6 lattice alone
    const valid = Array.from({ length: 36 }, (_, i) => (i < 30 ? 1 : 0));
    const masked = giStar(x, lattice, { valid, minCells: 0 });
    const alone = giStar(x.slice(0, 30), queenLattice(5, 6), { minCells: 0 });
    expect(masked.cells).toBe(30);
    for (let i = 0; i < 30; i++) expect(masked.z[i]).toBeCloseTo(alone.z[i]!, 12);
    for (let i = 30; i < 36; i++) expect(masked.z[i]).toBeNaN();
  });
});

describe('planted truth on a 40×40 lattice', () => {
  const size = 40;
  const lattice = queenLattice(size, size);
  const seeds = [1, 2, 3, 4, 5];

  it.each(seeds)('a compact cluster (seed %i) comes out hot, and nothing farther than two cells away is significant', (seed) => {
    const random = seededRandom(seed);
    const x = Array.from({ length: size * size }, () => poisson(random, 2));
    const planted: number[] = [];
    for (let r = 18; r <= 20; r++) for (let c = 10; c <= 12; c++) planted.push(r * size + c);
    for (const i of planted) x[i]! += poisson(random, 25);
    const res = giStar(x, lattice);
    const hot = planted.filter((i) => res.bin[i]! >= 1);
    expect(hot.length / planted.length).toBeGreaterThanOrEqual(0.9);
    const far = (i: number) => planted.every((j) => chebyshev(i, j, size) > 2);
    const farSignificant = Array.from(res.bin).flatMap((b, i) => (far(i) && b !== 0 ? [i] : []));
    expect(farSignificant).toEqual([]);
  });

  it.each(seeds)('uniformly random counts (seed %i) leave at most 1% of cells significant after FDR', (seed) => {
    const x = uniformCounts(seededRandom(seed), size * size, 4800);
    const corrected = giStar(x, lattice);
    const share = (r: { bin: Float32Array }) => r.bin.filter((b) => b !== 0).length / (size * size);
    expect(share(corrected)).toBeLessThanOrEqual(0.01);
    // the same noise without FDR shows "hot spots": the correction is what keeps them off the map
    expect(share(giStar(x, lattice, { fdr: false }))).toBeGreaterThan(0.05);
  });
});

function chebyshev(i: number, j: number, cols: number): number {
  return Math.max(Math.abs(Math.floor(i / cols) - Math.floor(j / cols)), Math.abs((i % cols) - (j % cols)));
}

/** Every permutation of the values (Heap's algorithm), yielding the same array mutated in place. */
function* permutations(values: readonly number[]): Generator<number[]> {
  const a = [...values];
  const c = new Array(a.length).fill(0);
  yield a;
  let i = 0;
  while (i < a.length) {
    if (c[i] < i) {
      const k = i % 2 === 0 ? 0 : c[i];
      [a[k], a[i]] = [a[i]!, a[k]!];
      yield a;
      c[i]++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
}
