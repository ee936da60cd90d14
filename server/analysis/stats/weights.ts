// Spatial weights as compressed sparse rows: cell i's neighbours are neighbours[offsets[i] .. offsets[i+1]).
// Binary (a neighbour weighs 1), symmetric, without the cell itself (Gi* adds it, Moran's I must not have
// it), each row sorted and free of duplicates. The real weights are queen contiguity computed once in
// PostGIS and arrive as pairs of cell indices; `weightsFromPairs` turns them into this shape.
// `queenLattice` builds the same thing for a regular grid, for tests and fixtures.

export interface Weights {
  /** Number of cells; cells are 0 .. n−1 in the caller's order (the order of the values arrays). */
  readonly n: number;
  /** n + 1 entries; row i spans offsets[i] .. offsets[i+1]. */
  readonly offsets: Int32Array;
  /** Neighbour indices, row by row, ascending within a row. */
  readonly neighbours: Int32Array;
}

/** Number of neighbours of cell i (the cell itself not counted). */
export function cardinality(w: Weights, i: number): number {
  return w.offsets[i + 1]! - w.offsets[i]!;
}

/**
 * Weights from undirected pairs (a[k], b[k]). Either one or both directions may be listed; duplicates and
 * self-pairs are dropped, so whatever the SQL returns, the result is binary and symmetric.
 */
export function weightsFromPairs(n: number, a: ArrayLike<number>, b: ArrayLike<number>): Weights {
  if (a.length !== b.length) throw new RangeError('weightsFromPairs: a and b differ in length');
  const degree = new Int32Array(n + 1);
  for (let k = 0; k < a.length; k++) {
    const i = a[k]!;
    const j = b[k]!;
    checkIndex(i, n);
    checkIndex(j, n);
    if (i === j) continue;
    degree[i]!++;
    degree[j]!++;
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + degree[i]!;
  const fill = start.slice(0, n);
  const raw = new Int32Array(start[n]!);
  for (let k = 0; k < a.length; k++) {
    const i = a[k]!;
    const j = b[k]!;
    if (i === j) continue;
    raw[fill[i]!++] = j;
    raw[fill[j]!++] = i;
  }
  // sort each row, then compact away the duplicates (a pair listed in both directions lands twice)
  const offsets = new Int32Array(n + 1);
  let out = 0;
  for (let i = 0; i < n; i++) {
    const row = raw.subarray(start[i]!, start[i + 1]!);
    row.sort();
    offsets[i] = out;
    let last = -1;
    for (let k = 0; k < row.length; k++) {
      const j = row[k]!;
      if (j !== last) raw[out++] = j;
      last = j;
    }
  }
  offsets[n] = out;
  return { n, offsets, neighbours: raw.slice(0, out) };
}

/** Weights from neighbour lists (lists[i] = neighbours of i), symmetrised like `weightsFromPairs`. */
export function weightsFromLists(lists: ReadonlyArray<ReadonlyArray<number>>): Weights {
  const a: number[] = [];
  const b: number[] = [];
  lists.forEach((list, i) => {
    for (const j of list) {
      a.push(i);
      b.push(j);
    }
  });
  return weightsFromPairs(lists.length, a, b);
}

/**
 * Queen contiguity on a rows × cols lattice (cells sharing an edge or a corner), cell index r·cols + c —
 * the same neighbourhood PostGIS gives unit-grid cells with ST_Touches.
 */
export function queenLattice(rows: number, cols: number): Weights {
  const n = rows * cols;
  const offsets = new Int32Array(n + 1);
  const neighbours = new Int32Array(n * 8);
  let out = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      offsets[r * cols + c] = out;
      for (let dr = -1; dr <= 1; dr++) {
        const rr = r + dr;
        if (rr < 0 || rr >= rows) continue;
        for (let dc = -1; dc <= 1; dc++) {
          const cc = c + dc;
          if ((dr === 0 && dc === 0) || cc < 0 || cc >= cols) continue;
          neighbours[out++] = rr * cols + cc; // ascending: rows then columns
        }
      }
    }
  }
  offsets[n] = out;
  return { n, offsets, neighbours: neighbours.slice(0, out) };
}

/** The neighbour lists, e.g. for an oracle that takes number[][] (GeoDa). */
export function neighbourLists(w: Weights): number[][] {
  const lists: number[][] = [];
  for (let i = 0; i < w.n; i++) lists.push(Array.from(w.neighbours.subarray(w.offsets[i]!, w.offsets[i + 1]!)));
  return lists;
}

/** Why the weights break the contract (sorted, no self, no duplicates, symmetric), or null when they hold. */
export function weightsProblem(w: Weights): string | null {
  const { n, offsets, neighbours } = w;
  if (offsets.length !== n + 1 || offsets[0] !== 0 || offsets[n] !== neighbours.length) return 'offsets do not span the neighbours';
  for (let i = 0; i < n; i++) {
    let last = -1;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const j = neighbours[k]!;
      if (j < 0 || j >= n) return `cell ${i} has neighbour ${j} out of range`;
      if (j === i) return `cell ${i} is its own neighbour`;
      if (j <= last) return `row ${i} is not strictly ascending`;
      last = j;
      if (!hasNeighbour(w, j, i)) return `cell ${i} neighbours ${j} but not the reverse`;
    }
  }
  return null;
}

function hasNeighbour(w: Weights, i: number, j: number): boolean {
  let lo = w.offsets[i]!;
  let hi = w.offsets[i + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = w.neighbours[mid]!;
    if (v === j) return true;
    if (v < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function checkIndex(i: number, n: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`cell index ${i} outside 0..${n - 1}`);
}
