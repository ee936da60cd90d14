// Where devices go, as pure functions in the local metric plane: an even network of gauges
// (farthest-point sampling), covers along the lanes they sit in, and the radio cells of the
// concentrators that collect the covers' messages (k-means).
import type { XY } from './geo.ts';
import type { Rng } from './rng.ts';

const dist2 = (a: XY, b: XY) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;

/** k of the candidates, each as far as possible from those already chosen: an even network
 *  like a meteorological bureau's, starting from candidates[first]. Returns candidate indexes. */
export function farthestPoints(candidates: readonly XY[], k: number, first: number): number[] {
  if (k > candidates.length) throw new Error(`cannot choose ${k} of ${candidates.length} candidates`);
  const chosen = [first];
  const nearest = candidates.map((c) => dist2(c, candidates[first]!));
  while (chosen.length < k) {
    let best = 0;
    for (let i = 1; i < nearest.length; i++) if (nearest[i]! > nearest[best]!) best = i;
    chosen.push(best);
    const b = candidates[best]!;
    for (let i = 0; i < nearest.length; i++) nearest[i] = Math.min(nearest[i]!, dist2(candidates[i]!, b));
  }
  return chosen;
}

/** n points spread along polylines at even spacing with a little jitter along and across the
 *  line (a cover sits in the lane, not on its centre line). */
export function pointsAlong(lines: readonly XY[][], n: number, rng: Rng, acrossM = 2.5): XY[] {
  const segments: { a: XY; b: XY; len: number }[] = [];
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const len = Math.sqrt(dist2(line[i - 1]!, line[i]!));
      if (len > 0) segments.push({ a: line[i - 1]!, b: line[i]!, len });
    }
  }
  const total = segments.reduce((s, g) => s + g.len, 0);
  if (n === 0 || total === 0) return [];
  const spacing = total / n;
  const out: XY[] = [];
  let seg = 0;
  let before = 0; // length of the segments before `seg`
  for (let i = 0; i < n; i++) {
    const at = Math.min(total - 1e-6, (i + 0.5 + rng.range(-0.3, 0.3)) * spacing);
    while (before + segments[seg]!.len < at) before += segments[seg++]!.len;
    const { a, b, len } = segments[seg]!;
    const f = (at - before) / len;
    const off = rng.range(-acrossM, acrossM);
    const [nx, ny] = [-(b[1] - a[1]) / len, (b[0] - a[0]) / len];
    out.push([a[0] + (b[0] - a[0]) * f + nx * off, a[1] + (b[1] - a[1]) * f + ny * off]);
  }
  return out;
}

/** Lloyd's k-means from a farthest-point start: deterministic for the same points. Returns each
 *  point's cluster and the cluster centres. */
export function kMeans(points: readonly XY[], k: number, iterations = 20): { cluster: number[]; centres: XY[] } {
  const centres: XY[] = farthestPoints(points, k, 0).map((i) => [...points[i]!] as XY);
  const cluster = new Array<number>(points.length).fill(0);
  for (let it = 0; it < iterations; it++) {
    points.forEach((p, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (dist2(p, centres[c]!) < dist2(p, centres[best]!)) best = c;
      cluster[i] = best;
    });
    for (let c = 0; c < k; c++) {
      const members = points.filter((_, i) => cluster[i] === c);
      if (members.length === 0) continue;
      centres[c] = [members.reduce((s, p) => s + p[0], 0) / members.length, members.reduce((s, p) => s + p[1], 0) / members.length];
    }
  }
  return { cluster, centres };
}

/** Index of the point nearest to p. */
export function nearest(points: readonly XY[], p: XY): number {
  let best = 0;
  for (let i = 1; i < points.length; i++) if (dist2(points[i]!, p) < dist2(points[best]!, p)) best = i;
  return best;
}
