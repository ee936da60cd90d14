// Emerging hot spots: every ArcGIS category from hand-made series of Gi_Bin values and trends, the edges
// (exactly 90%, runs of one, untestable bins), and planted truth through the whole pipeline — a cluster that
// grows week over week is intensifying, one that appears in the last week only is new.
import { describe, expect, it } from 'vitest';
import {
  classifyEmerging,
  EMERGING_CATEGORIES,
  EMERGING_UNTESTABLE,
  type EmergingCategory,
  emergingCategory,
  emergingHotSpots,
  type Trend,
} from './emerging.ts';
import { poisson, seededRandom } from './fixtures/random.ts';
import { mannKendall } from './mannkendall.ts';
import { neighbourLists, queenLattice, weightsFromLists } from './weights.ts';

const N = Number.NaN;
const zeros = (k: number) => new Array<number>(k).fill(0);
const rep = (v: number, k: number) => new Array<number>(k).fill(v);
const up: Trend = { tau: 0.8, p: 0.001 };
const down: Trend = { tau: -0.7, p: 0.004 };
const flat: Trend = { tau: 0.1, p: 0.6 };

// [bins oldest → newest, trend of the z-scores, expected category]
const TABLE: Array<[string, number[], Trend | null, EmergingCategory]> = [
  ['never significant', zeros(10), flat, 'no-pattern'],
  ['hot for the first time in the final bin', [...zeros(9), 2], null, 'new-hot'],
  ['cold for the first time in the final bin', [...zeros(9), -1], null, 'new-cold'],
  ['an unbroken final run of hot bins, nothing before', [...zeros(7), 1, 2, 3], up, 'consecutive-hot'],
  ['an unbroken final run of cold bins, nothing before', [...zeros(8), -2, -2], null, 'consecutive-cold'],
  ['80% hot as one final run is still consecutive', [0, 0, ...rep(2, 8)], up, 'consecutive-hot'],
  ['hot in every bin and heating up', [1, 1, 2, 2, 2, 3, 3, 3, 3, 3], up, 'intensifying-hot'],
  ['cold in every bin and cooling further', rep(-2, 10), down, 'intensifying-cold'],
  ['hot in every bin, no trend', rep(2, 10), flat, 'persistent-hot'],
  ['hot in exactly 90% of the bins including the last, no trend', [0, ...rep(2, 9)], flat, 'persistent-hot'],
  ['cold in every bin, no trend', rep(-3, 10), null, 'persistent-cold'],
  ['hot in every bin and cooling down', rep(3, 10), down, 'diminishing-hot'],
  ['cold in every bin and warming up', rep(-1, 10), up, 'diminishing-cold'],
  ['hot now, cold before', [-2, 0, 2, ...zeros(6), 1], null, 'oscillating-hot'],
  ['a final hot run after an earlier cold spot', [-1, ...zeros(7), 2, 2], up, 'oscillating-hot'],
  ['cold now, hot before', [2, ...zeros(8), -1], null, 'oscillating-cold'],
  ['hot for 90% of the bins but not in the last', [...rep(2, 9), 0], down, 'historical-hot'],
  ['cold for 90% of the bins but not in the last', [...rep(-2, 9), 0], null, 'historical-cold'],
  ['hot now and on and off before, never cold', [2, 0, 0, 2, ...zeros(5), 1], null, 'sporadic-hot'],
  ['a final hot run with an earlier hot bin is sporadic, not consecutive', [1, ...zeros(7), 2, 2], null, 'sporadic-hot'],
  ['cold now and on and off before, never hot', [-1, 0, -1, ...zeros(6), -2], null, 'sporadic-cold'],
  ['hot only in the middle: ArcGIS Pro gives no pattern', [0, 2, 2, ...zeros(7)], null, 'no-pattern'],
  ['90% hot then cold in the last bin: oscillating cold comes first, as in sfdep', [...rep(2, 9), -1], null, 'oscillating-cold'],
  ['untestable bins count as not significant', [N, N, ...zeros(7), 2], null, 'new-hot'],
];

describe('emerging hot-spot categories', () => {
  it.each(TABLE)('%s', (_, bins, trend, expected) => {
    expect(classifyEmerging(bins, trend)).toBe(expected);
  });

  it('covers every category in the table', () => {
    expect(new Set(TABLE.map((row) => row[3]))).toEqual(new Set(EMERGING_CATEGORIES));
  });

  it('is null for a cell untestable in every bin, not "no pattern"', () => {
    expect(classifyEmerging([N, N, N], null)).toBeNull();
    expect(emergingCategory(EMERGING_UNTESTABLE)).toBeNull();
  });

  it('counts only bins at the chosen confidence, and only trends at the chosen α', () => {
    expect(classifyEmerging([...zeros(9), 1], null, { minLevel: 2 })).toBe('no-pattern');
    expect(classifyEmerging([...zeros(9), 2], null, { minLevel: 2 })).toBe('new-hot');
    expect(classifyEmerging(rep(2, 10), { tau: 0.5, p: 0.03 })).toBe('intensifying-hot');
    expect(classifyEmerging(rep(2, 10), { tau: 0.5, p: 0.03 }, { trendAlpha: 0.01 })).toBe('persistent-hot');
  });
});

describe('emerging hot spots on a planted space–time cube', () => {
  const size = 30;
  const cells = size * size;
  const weeks = 12;
  const block = (r0: number, c0: number) => [0, 1, 2].flatMap((dr) => [0, 1, 2].map((dc) => (r0 + dr) * size + c0 + dc));
  const growing = block(3, 3);
  const appearing = block(3, 22);
  const steady = block(22, 3);
  const faded = block(22, 22);
  const quiet = 15 * size + 15;

  // Gi* measures clustering relative to the whole area, so each scenario gets its own cube: a cluster alone
  // in the area soon dominates its variance and its z-score saturates however much it grows; beside another
  // busy place (the steady cluster, as a city has) its growth shows — while that place's z trends down.
  function cube(seed: number, plant: (t: number, add: (cellsOf: number[], lambda: number) => void) => void): Float64Array {
    const random = seededRandom(seed);
    const x = new Float64Array(weeks * cells);
    for (let t = 0; t < weeks; t++) {
      for (let i = 0; i < cells; i++) x[t * cells + i] = poisson(random, 2);
      plant(t, (cellsOf, lambda) => {
        for (const i of cellsOf) x[t * cells + i]! += poisson(random, lambda);
      });
    }
    return x;
  }
  const share = (r: { category: Uint8Array }, cellsOf: number[], category: EmergingCategory) =>
    cellsOf.filter((i) => emergingCategory(r.category[i]!) === category).length / cellsOf.length;

  it.each([1, 2, 3])('finds a cluster growing week over week intensifying, one of the last week new (seed %i)', (seed) => {
    const x = cube(seed, (t, add) => {
      add(growing, 12 + 3 * t);
      add(steady, 20);
      if (t === weeks - 1) add(appearing, 20);
    });
    const r = emergingHotSpots(x, weeks, queenLattice(size, size));
    expect(share(r, growing, 'intensifying-hot')).toBeGreaterThanOrEqual(0.9);
    expect(share(r, appearing, 'new-hot')).toBeGreaterThanOrEqual(0.9);
    expect(emergingCategory(r.category[quiet]!)).toBe('no-pattern');
    // the trend is Mann–Kendall on the cell's own Gi* z-scores
    const centre = growing[4]!;
    const z = Array.from({ length: weeks }, (_, t) => r.giZ[t * cells + centre]!);
    expect(r.trendTau[centre]).toBeCloseTo(mannKendall(z)!.tau, 12);
    expect(r.trendP[centre]).toBeLessThanOrEqual(0.05);
    expect(r.hotBins[centre]).toBe(weeks);
    expect(r.perBin).toHaveLength(weeks);
  });

  it.each([1, 2, 3])('finds a steady cluster persistent (seed %i): hot every week, no trend', (seed) => {
    const r = emergingHotSpots(
      cube(seed, (_, add) => add(steady, 20)),
      weeks,
      queenLattice(size, size),
    );
    // every cell is hot in every week; whether that is "persistent" is then Mann–Kendall's call, which at
    // α = 0.05 raises a false trend on about one trendless cell in twenty — so most, not all, are persistent
    for (const i of steady) expect(r.hotBins[i]).toBe(weeks);
    for (const i of steady) expect(emergingCategory(r.category[i]!)).toMatch(/^(persistent|intensifying|diminishing)-hot$/);
    expect(share(r, steady, 'persistent-hot')).toBeGreaterThanOrEqual(2 / 3);
    expect(emergingCategory(r.category[quiet]!)).toBe('no-pattern');
  });

  it.each([1, 2, 3])('finds a cluster gone in the last week historical (seed %i)', (seed) => {
    const r = emergingHotSpots(
      cube(seed, (t, add) => t < weeks - 1 && add(faded, 20)),
      weeks,
      queenLattice(size, size),
    );
    expect(share(r, faded, 'historical-hot')).toBeGreaterThanOrEqual(0.9);
  });

  it('leaves an island untestable and a week without variance out of the trend', () => {
    const lists = [...neighbourLists(queenLattice(6, 6)), []];
    const w = weightsFromLists(lists);
    const n = w.n;
    const random = seededRandom(9);
    const x = new Float64Array(4 * n);
    for (let t = 0; t < 4; t++) for (let i = 0; i < n; i++) x[t * n + i] = t === 1 ? 5 : poisson(random, 3);
    const r = emergingHotSpots(x, 4, w);
    expect(r.category[36]).toBe(EMERGING_UNTESTABLE);
    expect(r.perBin[1]!.untestable).toBe('no-variance');
    expect(Number.isNaN(r.giZ[1 * n + 0]!)).toBe(true);
    // three testable weeks are enough for a trend; the flat week is not one of them
    const z = [0, 2, 3].map((t) => r.giZ[t * n + 0]!);
    expect(r.trendTau[0]).toBeCloseTo(mannKendall(z)!.tau, 12);
  });

  it('rejects a cube that does not match its bins and cells', () => {
    expect(() => emergingHotSpots(new Float64Array(10), 3, queenLattice(2, 2))).toThrow(RangeError);
  });
});
