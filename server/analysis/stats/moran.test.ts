// Local Moran's I against GeoDa's LISA on a lattice with a planted block and an outlier, its analytic z
// against the exact moments under conditional permutation, and planted truth: a cluster is HH, an empty
// cell inside it is LH, uniform noise is (almost) empty after FDR.
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './fdr.ts';
import { geodaLocalMoran } from './fixtures/geoda.ts';
import { poisson, seededRandom, uniformCounts } from './fixtures/random.ts';
import { localMoran, MORAN, moranClass } from './moran.ts';
import { neighbourLists, queenLattice, weightsFromLists } from './weights.ts';

const small = { minCells: 0 };

describe('Local Moran’s I', () => {
  it('equals GeoDa’s LISA values, lags and quadrants on a 7×7 lattice with a planted hot block', async () => {
    const rows = 7;
    const w = queenLattice(rows, rows);
    const x = [
      1, 0, 2, 1, 0, 1, 2, 0, 1, 1, 2, 1, 0, 1, 2, 1, 9, 8, 9, 1, 0, 1, 2, 8, 12, 9, 0, 1, 0, 1, 9, 10, 8, 2, 1, 1, 0, 1, 2, 1, 1, 11, 2, 1,
      0, 1, 0, 2, 1,
    ];
    const r = localMoran(x, w, small);
    const oracle = await geodaLocalMoran(x, neighbourLists(w));
    const n = x.length;
    for (let i = 0; i < n; i++) {
      expect(r.I[i]).toBeCloseTo(oracle.lisa[i]!, 12);
      // GeoDa standardises with the sample s.d., we with the population s.d. (as esda)
      expect(r.lag[i]! * Math.sqrt((n - 1) / n)).toBeCloseTo(oracle.lag[i]!, 12);
      // GeoDa labels only its (permutation-)significant cells; where it does, the quadrant is ours
      if (oracle.clusters[i]! >= 1 && oracle.clusters[i]! <= 4) expect(r.quadrant[i]).toBe(oracle.clusters[i]);
    }
    expect(oracle.clusters.filter((c) => c >= 1 && c <= 4).length).toBeGreaterThan(0);
    expect(moranClass(r.quadrant[3 * rows + 3]!)).toBe('HH');
    expect(moranClass(r.quadrant[5 * rows + 6]!)).toBe('HL'); // the lone 11 among low neighbours
  });

  it('has z-scores that are the exact moments of I when the other cells’ values are shuffled', () => {
    // conditional randomisation on a 2×4 lattice: each cell keeps its value, the other seven take all 7! orders
    const w = queenLattice(2, 4);
    const x = [4, 0, 1, 7, 2, 2, 5, 1];
    const r = localMoran(x, w, small);
    const lists = neighbourLists(w);
    const observed = localIs(x, lists);
    for (let i = 0; i < 8; i++) {
      expect(r.I[i]).toBeCloseTo(observed[i]!, 12);
      const others = x.filter((_, j) => j !== i);
      let count = 0;
      let sum = 0;
      let sumSq = 0;
      for (const perm of permutations(others)) {
        const arranged = [...perm.slice(0, i), x[i]!, ...perm.slice(i)];
        const Ii = localIs(arranged, lists)[i]!;
        count++;
        sum += Ii;
        sumSq += Ii * Ii;
      }
      expect(count).toBe(5040);
      const mean = sum / count;
      const variance = sumSq / count - mean * mean;
      expect(r.z[i]).toBeCloseTo((observed[i]! - mean) / Math.sqrt(variance), 9);
    }
  });

  it('tests a cell at the mean and finds nothing: I = 0, p = 1', () => {
    const x: number[] = Array.from({ length: 36 }, (_, i) => (i % 2 === 0 ? 1 : 3)); // mean 2, no cell at it
    x[14] = 2;
    x[15] = 2;
    const r = localMoran(x, queenLattice(6, 6));
    expect(r.I[14]).toBe(0);
    expect(r.p[14]).toBe(1);
    expect(r.cluster[14]).toBe(MORAN.NOT_SIGNIFICANT);
  });

  it('marks clusters where p passes the FDR cut-off at α, and the quadrant elsewhere stays visible', () => {
    const w = queenLattice(20, 20);
    const random = seededRandom(7);
    const x = Array.from({ length: 400 }, () => poisson(random, 3));
    for (const i of [42, 43, 44, 62, 63, 64, 82, 83, 84]) x[i]! += 15;
    const r = localMoran(x, w);
    expect(r.threshold).toBe(benjaminiHochberg(r.p, 0.05).threshold);
    for (let i = 0; i < 400; i++) {
      expect(r.cluster[i]).toBe(r.p[i]! <= r.threshold ? r.quadrant[i] : MORAN.NOT_SIGNIFICANT);
      expect(r.quadrant[i]).toBeGreaterThanOrEqual(MORAN.HH);
      expect(r.quadrant[i]).toBeLessThanOrEqual(MORAN.HL);
    }
    expect(r.cluster[63]).toBe(MORAN.HH);
    const nominal = localMoran(x, w, { fdr: false, alpha: 0.05 });
    expect(nominal.threshold).toBe(0.05);
    expect(nominal.cluster.filter((c) => c !== 0).length).toBeGreaterThanOrEqual(r.cluster.filter((c) => c !== 0).length);
  });

  it('leaves islands, flat areas and tiny areas untestable, never LL', () => {
    const lattice = queenLattice(6, 6);
    const x = Array.from({ length: 36 }, (_, i) => (i * 7) % 5);
    const withIsland = localMoran([...x, 3], weightsFromLists([...neighbourLists(lattice), []]));
    expect(withIsland.cluster[36]).toBe(MORAN.UNTESTABLE);
    expect(moranClass(withIsland.cluster[36]!)).toBeNull();
    expect(withIsland.I[36]).toBeNaN();
    expect(withIsland.tested).toBe(36);

    const flat = localMoran(new Array(36).fill(2), lattice);
    expect(flat.untestable).toBe('no-variance');
    expect(Array.from(flat.cluster).every((c) => c === MORAN.UNTESTABLE)).toBe(true);
    expect(localMoran(x.slice(0, 25), queenLattice(5, 5)).untestable).toBe('too-few-cells');
  });
});

describe('planted truth on a 40×40 lattice', () => {
  const size = 40;
  const lattice = queenLattice(size, size);

  it.each([1, 2, 3])('a compact cluster (seed %i) is HH and an empty cell inside it is LH', (seed) => {
    const random = seededRandom(seed);
    const x = Array.from({ length: size * size }, () => poisson(random, 2));
    const hole = 19 * size + 11;
    const planted: number[] = [];
    for (let r = 18; r <= 21; r++) for (let c = 10; c <= 13; c++) if (r * size + c !== hole) planted.push(r * size + c);
    for (const i of planted) x[i]! += poisson(random, 25);
    x[hole] = 0;
    const r = localMoran(x, lattice);
    const hh = planted.filter((i) => r.cluster[i] === MORAN.HH);
    expect(hh.length / planted.length).toBeGreaterThanOrEqual(0.9);
    expect(r.cluster[hole]).toBe(MORAN.LH);
  });

  it.each([1, 2, 3, 4, 5])('uniformly random counts (seed %i) leave at most 1% of cells significant after FDR', (seed) => {
    const x = uniformCounts(seededRandom(seed), size * size, 4800);
    const share = (fdr: boolean) => localMoran(x, lattice, { fdr }).cluster.filter((c) => c !== 0).length / (size * size);
    expect(share(true)).toBeLessThanOrEqual(0.01);
    expect(share(false)).toBeGreaterThan(0.01); // without the correction, noise shows up as clusters
  });
});

/** Local Moran's I as esda computes Is: (n − 1) d_i Σ_j w_ij d_j / Σ d², row-standardised weights. */
function localIs(x: readonly number[], lists: number[][]): number[] {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const d = x.map((v) => v - mean);
  const ss = d.reduce((a, b) => a + b * b, 0);
  return d.map((di, i) => ((n - 1) * di * lists[i]!.reduce((a, j) => a + d[j]!, 0)) / lists[i]!.length / ss);
}

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
