// The planner's analyses: the scope of a request (days, filters, study area) read from the query string,
// counts per cell from case_rollup, the stored queen weights, and the statistics of ./stats applied to them.
import type pg from 'pg';
import { caseFilterFrom } from '../cases/filter.ts';
import type { AnalysisMeta, EmergingResult, HotspotQuery, HotspotResult, QuadrantResult } from '../contracts/analysis.ts';
import { beijingDate, beijingDayStart, DAY } from '../domain/beijing.ts';
import { badRequest, queryParameter } from '../errors.ts';
import {
  emergingCategory,
  emergingHotSpots,
  giClass,
  giStar,
  localMoran,
  MIN_NEIGHBOURHOOD_CASES,
  moranClass,
  sparseCells,
  type Weights,
  weightsFromPairs,
} from './stats/index.ts';

export const WEIGHTS_TEXT = 'queen contiguity (binary, self included)';
export const WEIGHTS_ZH = 'Queen 邻接（二元权重，含自身）';
const MORAN_WEIGHTS_TEXT = 'queen contiguity (row-standardised, self excluded)';
const MORAN_WEIGHTS_ZH = 'Queen 邻接（行标准化，不含自身）';
export const NO_WEIGHTS_ZH = '无';
export const ALPHA = 0.05;
/** The longest range an analysis takes when `from` is not given. */
const DEFAULT_DAYS = 365;

// --- the cells and their weights -------------------------------------------------------------------

export interface CellSet {
  /** grid_cell ids in index order (the order of every values array) */
  ids: Int32Array;
  codes: string[];
  streetIds: Int32Array;
  communityIds: Int32Array;
  indexOf: Map<number, number>;
  weights: Weights;
  fingerprint: string;
}

const cellSets = new WeakMap<pg.Pool, CellSet>();

/**
 * The grid cells and their queen weights, cached per pool and read again when grid_cell_neighbour changed
 * (the database's trigger refreshes it when cells change; the fingerprint is one cheap aggregate).
 */
export async function cellSet(db: pg.Pool): Promise<CellSet> {
  const {
    rows: [f],
  } = await db.query<{ f: string }>(`
    select (select count(*) from grid_cell)::text || ':' || count(*)::text || ':' || coalesce(sum(cell_id::bigint * 100003 + neighbour_id), 0)::text as f
      from grid_cell_neighbour`);
  const cached = cellSets.get(db);
  if (cached && cached.fingerprint === f!.f) return cached;
  const { rows } = await db.query<{ id: number; code: string; street_id: number; community_id: number }>(
    'select id, code, street_id, community_id from grid_cell order by id',
  );
  const ids = Int32Array.from(rows, (r) => r.id);
  const indexOf = new Map<number, number>();
  for (const [i, r] of rows.entries()) indexOf.set(r.id, i);
  const { rows: pairs } = await db.query<{ a: number[]; b: number[] }>(
    'select array_agg(cell_id) as a, array_agg(neighbour_id) as b from grid_cell_neighbour where cell_id < neighbour_id',
  );
  const a = (pairs[0]?.a ?? []).map((id) => indexOf.get(id)!);
  const b = (pairs[0]?.b ?? []).map((id) => indexOf.get(id)!);
  const set: CellSet = {
    ids,
    codes: rows.map((r) => r.code),
    indexOf,
    streetIds: Int32Array.from(rows, (r) => r.street_id),
    communityIds: Int32Array.from(rows, (r) => r.community_id),
    weights: weightsFromPairs(rows.length, a, b),
    fingerprint: f!.f,
  };
  cellSets.set(db, set);
  return set;
}

// --- the scope of a request ------------------------------------------------------------------------

type ScopeQuery = Pick<HotspotQuery, 'from' | 'to' | 'category' | 'source' | 'stage' | 'street' | 'community'>;

export interface Scope {
  /** first Beijing day counted, and the day after the last (YYYY-MM-DD) */
  from: string;
  to: string;
  days: number;
  category?: string;
  sources?: string[];
  /** the cases' stage now (any of these) */
  stages?: string[];
  /** 1 for the cells in the study area (the street's or community's cells; all without either) */
  valid: Uint8Array | null;
  cells: CellSet;
  /** the study area's street and community (admin_area ids), when the query named them */
  streetId?: number;
  communityId?: number;
}

/** A Beijing midnight as its date; another instant is a 400: the rollup counts whole days. */
function dayOf(at: Date, text: string, name: 'from' | 'to'): string {
  if (beijingDayStart(+at) !== +at) {
    throw badRequest(`${queryParameter(name)} (${text}) must be a date or a Beijing midnight: the analyses count whole days`);
  }
  return beijingDate(at);
}

export const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
export const dateOfNumber = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

/** The request's days, filters and study area; unknown street, community or category, and bad ranges, are 400s. */
export async function scopeOf(db: pg.Pool, q: ScopeQuery, now = new Date()): Promise<Scope> {
  const filter = await caseFilterFrom(db, q); // reads the case filter's fields; the study area's community is ours
  const today = beijingDate(now);
  const {
    rows: [span],
  } = await db.query<{ first: string | null }>(`select to_char(min(day), 'YYYY-MM-DD') as first from case_rollup`);
  const first = span?.first ?? today;
  const to = filter.to ? dayOf(filter.to, q.to!, 'to') : dateOfNumber(dayNumber(today) + 1);
  const from = filter.from
    ? dayOf(filter.from, q.from!, 'from')
    : dateOfNumber(Math.max(dayNumber(to) - DEFAULT_DAYS, Math.min(dayNumber(first), dayNumber(to) - 1)));
  const days = dayNumber(to) - dayNumber(from);
  if (days <= 0) throw badRequest(`${queryParameter('from')} (${from}) must be before ${queryParameter('to')} (${q.to ?? to})`);
  const recorded = dayNumber(today) + 1 - dayNumber(first);
  if (days > recorded) {
    throw badRequest(
      `${queryParameter('from')}: the range of ${days} days is longer than the recorded data (${recorded} days since ${first}); choose a shorter range`,
    );
  }
  const cells = await cellSet(db);
  let valid: Uint8Array | null = null;
  let communityId: number | undefined;
  if (filter.streetId !== undefined || q.community) {
    if (q.community) {
      const { rows } = await db.query<{ id: number }>(`select id from admin_area where level = 'community' and code = $1`, [q.community]);
      if (!rows[0])
        throw badRequest(
          `${queryParameter('community')} must be the code of one of the core area's communities; no community has code ${q.community}`,
        );
      communityId = rows[0].id;
    }
    valid = new Uint8Array(cells.ids.length);
    for (let i = 0; i < valid.length; i++) {
      valid[i] =
        (filter.streetId === undefined || cells.streetIds[i] === filter.streetId) &&
        (communityId === undefined || cells.communityIds[i] === communityId)
          ? 1
          : 0;
    }
  }
  return {
    from,
    to,
    days,
    category: filter.category,
    sources: filter.sources,
    stages: filter.stages,
    valid,
    cells,
    streetId: filter.streetId,
    communityId,
  };
}

/** The rollup's rows of the scope as SQL over case_rollup r, its parameters from $1. */
export function rollupWhere(scope: Pick<Scope, 'from' | 'to' | 'category' | 'sources' | 'stages'>): { sql: string; params: unknown[] } {
  const params: unknown[] = [scope.from, scope.to];
  const where = ['r.day >= $1::date', 'r.day < $2::date'];
  const bind = (v: unknown) => `$${params.push(v)}`;
  if (scope.category) {
    where.push(
      scope.category.length === 5
        ? `r.category_code = ${bind(scope.category)}`
        : `r.category_code >= ${bind(scope.category)} and r.category_code < ${bind(String(Number(scope.category) + 1))}`,
    );
  }
  if (scope.sources?.length) where.push(`r.source = any(${bind(scope.sources)}::text[])`);
  if (scope.stages?.length) where.push(`r.stage = any(${bind(scope.stages)}::text[])`);
  return { sql: where.join(' and '), params };
}

/** Cases per cell (index order) over the scope; cells outside the study area stay 0. */
export async function countsOf(db: pg.Pool, scope: Scope): Promise<{ counts: Float64Array; cases: number }> {
  const { sql, params } = rollupWhere(scope);
  const { rows } = await db.query<{ id: number; n: number }>(
    `select r.grid_cell_id as id, sum(r.n)::int as n from case_rollup r where ${sql} group by 1`,
    params,
  );
  const counts = new Float64Array(scope.cells.ids.length);
  let cases = 0;
  for (const r of rows) {
    const i = scope.cells.indexOf.get(r.id);
    if (i === undefined || (scope.valid && !scope.valid[i])) continue;
    counts[i] = r.n;
    cases += r.n;
  }
  return { counts, cases };
}

const inArea = (scope: Scope) => {
  const out: number[] = [];
  for (let i = 0; i < scope.cells.ids.length; i++) if (!scope.valid || scope.valid[i]) out.push(i);
  return out;
};
const finite = (x: number) => (Number.isFinite(x) ? x : null);

// --- hot spots -------------------------------------------------------------------------------------

type Untestable = HotspotResult['items'][number]['untestable'];

/** Why a cell has no class: the whole area, its neighbours, or too few cases (sparse); null when tested. */
function whyUntestable(z: number, area: string | null, sparse: number): Untestable {
  if (area) return 'study-area';
  if (!Number.isFinite(z)) return 'no-neighbours';
  return sparse ? 'too-few-cases' : null;
}

export async function hotspots(db: pg.Pool, scope: Scope, method: 'gistar' | 'moran'): Promise<HotspotResult> {
  const { counts, cases } = await countsOf(db, scope);
  const { cells } = scope;
  const sparse = sparseCells(counts, cells.weights, scope.valid);
  const base = {
    alpha: ALPHA,
    fdr: true,
    from: scope.from,
    to: scope.to,
    cases,
    minCases: MIN_NEIGHBOURHOOD_CASES,
    computedAt: new Date().toISOString(),
  };
  const area = inArea(scope);
  if (method === 'gistar') {
    const r = giStar(counts, cells.weights, { valid: scope.valid });
    const items = area.map((i) => {
      const untestable = whyUntestable(r.z[i]!, r.untestable, sparse[i]!);
      return {
        code: cells.codes[i]!,
        count: counts[i]!,
        z: finite(r.z[i]!),
        p: finite(r.p[i]!),
        significant: untestable === null && r.significant[i] === 1,
        class: untestable === null ? giClass(r.bin[i]!) : null,
        untestable,
      };
    });
    const tooFewCases = items.filter((c) => c.untestable === 'too-few-cases').length;
    const meta: AnalysisMeta = {
      ...base,
      method: 'Getis–Ord Gi* (analytic z, Benjamini–Hochberg FDR per confidence level)',
      methodZh: 'Getis–Ord Gi* 热点分析（解析 z 值，按置信水平做 Benjamini–Hochberg 错误发现率校正）',
      weightsZh: WEIGHTS_ZH,
      weights: WEIGHTS_TEXT,
      cells: r.cells,
      tested: r.tested - tooFewCases,
      tooFewCases,
      untestable: r.untestable,
    };
    return { meta, items };
  }
  const r = localMoran(counts, cells.weights, { valid: scope.valid, alpha: ALPHA });
  const items = area.map((i) => {
    const untestable = whyUntestable(r.z[i]!, r.untestable, sparse[i]!);
    return {
      code: cells.codes[i]!,
      count: counts[i]!,
      z: finite(r.z[i]!),
      p: finite(r.p[i]!),
      significant: untestable === null && r.cluster[i]! >= 1 && r.cluster[i]! <= 4,
      class: untestable === null ? moranClass(r.cluster[i]!) : null,
      untestable,
    };
  });
  const tooFewCases = items.filter((c) => c.untestable === 'too-few-cases').length;
  const meta: AnalysisMeta = {
    ...base,
    method: "Local Moran's I (conditional randomisation, analytic moments, Benjamini–Hochberg FDR)",
    methodZh: '局部 Moran’s I 聚类与异常值分析（条件随机化，解析矩，Benjamini–Hochberg 错误发现率校正）',
    weightsZh: MORAN_WEIGHTS_ZH,
    weights: MORAN_WEIGHTS_TEXT,
    cells: r.cells,
    tested: r.tested - tooFewCases,
    tooFewCases,
    untestable: r.untestable,
  };
  return { meta, items };
}

// --- emerging hot spots ----------------------------------------------------------------------------

export async function emerging(db: pg.Pool, scope: Scope): Promise<EmergingResult> {
  // whole weeks ending at `to`; the days before the first whole week are left out (meta.from says so)
  const weeks = Math.floor(scope.days / 7);
  if (weeks < 2)
    throw badRequest(`${queryParameter('from')}: emerging hot spots need a range of at least two weeks; this one has ${scope.days} days`);
  const start = dateOfNumber(dayNumber(scope.to) - 7 * weeks);
  const weekly: Scope = { ...scope, from: start, days: 7 * weeks };
  const { sql, params } = rollupWhere(weekly);
  const { rows } = await db.query<{ id: number; w: number; n: number }>(
    `select r.grid_cell_id as id, (r.day - $1::date) / 7 as w, sum(r.n)::int as n from case_rollup r where ${sql} group by 1, 2`,
    params,
  );
  const { cells } = scope;
  const n = cells.ids.length;
  const cube = new Float64Array(weeks * n);
  const counts = new Float64Array(n);
  let cases = 0;
  for (const r of rows) {
    const i = cells.indexOf.get(r.id);
    if (i === undefined || (scope.valid && !scope.valid[i])) continue;
    cube[r.w * n + i] = r.n;
    counts[i]! += r.n;
    cases += r.n;
  }
  const e = emergingHotSpots(cube, weeks, cells.weights, { valid: scope.valid });
  const area = inArea(scope);
  const areaUntestable = e.perBin.every((b) => b.untestable) ? e.perBin[0]!.untestable : null;
  // too few cases over the whole range: no category (a trend of empty weeks is no pattern, not a cold spot)
  const sparse = sparseCells(counts, cells.weights, scope.valid);
  const items = area.map((i) => {
    const category = emergingCategory(e.category[i]!);
    const untestable: Untestable = areaUntestable ? 'study-area' : category === null ? 'no-neighbours' : sparse[i] ? 'too-few-cases' : null;
    return {
      code: cells.codes[i]!,
      count: counts[i]!,
      category: untestable === null ? category : null,
      hotWeeks: e.hotBins[i]!,
      coldWeeks: e.coldBins[i]!,
      trendTau: finite(e.trendTau[i]!),
      trendP: finite(e.trendP[i]!),
      untestable,
    };
  });
  const tested = items.filter((c) => c.category !== null).length;
  return {
    meta: {
      method: "emerging hot spots: Gi* with FDR per weekly bin, Mann–Kendall trend of each cell's z-scores, ArcGIS's categories",
      methodZh: '时空热点趋势：逐周 Gi*（错误发现率校正），各网格 z 值的 Mann–Kendall 趋势检验，ArcGIS 分类',
      weightsZh: WEIGHTS_ZH,
      weights: WEIGHTS_TEXT,
      alpha: ALPHA,
      fdr: true,
      from: start,
      to: scope.to,
      cells: area.length,
      tested,
      cases,
      untestable: areaUntestable,
      tooFewCases: items.filter((c) => c.untestable === 'too-few-cases').length,
      minCases: MIN_NEIGHBOURHOOD_CASES,
      computedAt: new Date().toISOString(),
      weeks: Array.from({ length: weeks }, (_, t) => dateOfNumber(dayNumber(start) + 7 * t)),
    },
    items,
  };
}

// --- 热线+网格: hotline against grid patrol ---------------------------------------------------------

/**
 * The threshold above which a count is "high": the median, or the upper quartile, of the counts (zeros
 * included), by linear interpolation between order statistics (Excel's QUARTILE.INC, numpy's default).
 */
export function splitThreshold(values: ArrayLike<number>, split: 'median' | 'q3'): number {
  const v = Float64Array.from(values).sort();
  if (v.length === 0) return 0;
  const h = (v.length - 1) * (split === 'median' ? 0.5 : 0.75);
  const lo = Math.floor(h);
  return v[lo]! + (h - lo) * ((v[Math.min(lo + 1, v.length - 1)] ?? v[lo]!) - v[lo]!);
}

type QuadrantName = QuadrantResult['cells'][number]['quadrant'];
const quadrantOf = (hotline: number, patrol: number, t: { hotline: number; patrol: number }): QuadrantName =>
  hotline > t.hotline ? (patrol > t.patrol ? 'both-high' : 'blind-spot') : patrol > t.patrol ? 'patrol-high' : 'both-low';

export async function quadrant(db: pg.Pool, scope: Scope, split: 'median' | 'q3'): Promise<QuadrantResult> {
  const { sql, params } = rollupWhere({ ...scope, sources: ['hotline', 'grid_patrol'] });
  const { rows } = await db.query<{ id: number; h: number; p: number }>(
    `select r.grid_cell_id as id, (sum(r.n) filter (where r.source = 'hotline'))::int as h,
            (sum(r.n) filter (where r.source = 'grid_patrol'))::int as p
       from case_rollup r where ${sql} group by 1`,
    params,
  );
  const { cells } = scope;
  const n = cells.ids.length;
  const hot = new Float64Array(n);
  const pat = new Float64Array(n);
  let cases = 0;
  for (const r of rows) {
    const i = cells.indexOf.get(r.id);
    if (i === undefined || (scope.valid && !scope.valid[i])) continue;
    hot[i] = r.h ?? 0;
    pat[i] = r.p ?? 0;
    cases += hot[i]! + pat[i]!;
  }
  const area = inArea(scope);
  const cellT = {
    hotline: splitThreshold(
      area.map((i) => hot[i]!),
      split,
    ),
    patrol: splitThreshold(
      area.map((i) => pat[i]!),
      split,
    ),
  };
  const cellRows = area.map((i) => ({
    code: cells.codes[i]!,
    hotline: hot[i]!,
    patrol: pat[i]!,
    quadrant: quadrantOf(hot[i]!, pat[i]!, cellT),
  }));

  const byCommunity = new Map<number, { hotline: number; patrol: number }>();
  for (const i of area) {
    const c = byCommunity.get(cells.communityIds[i]!) ?? { hotline: 0, patrol: 0 };
    c.hotline += hot[i]!;
    c.patrol += pat[i]!;
    byCommunity.set(cells.communityIds[i]!, c);
  }
  const { rows: names } = await db.query<{ id: number; code: string; name: string; name_en: string | null }>(
    'select id, code, name, name_en from admin_area where id = any($1::int[]) order by code',
    [[...byCommunity.keys()]],
  );
  const values = [...byCommunity.values()];
  const communityT = {
    hotline: splitThreshold(
      values.map((c) => c.hotline),
      split,
    ),
    patrol: splitThreshold(
      values.map((c) => c.patrol),
      split,
    ),
  };
  const communities = names.map((a) => {
    const c = byCommunity.get(a.id)!;
    return {
      code: a.code,
      name: a.name,
      nameEn: a.name_en,
      hotline: c.hotline,
      patrol: c.patrol,
      quadrant: quadrantOf(c.hotline, c.patrol, communityT),
    };
  });

  const blindSpots = await blindSpotsOf(
    db,
    scope,
    cellRows.filter((c) => c.quadrant === 'blind-spot'),
  );

  return {
    meta: {
      method: `hotline + grid patrol model: hotline (12345) against grid-patrol counts per cell and per community, each split at its ${split === 'median' ? 'median' : 'upper quartile'} (zeros included)`,
      methodZh: `热线+网格：各网格、各社区的 12345 热线案件数与网格巡查案件数，各按${split === 'median' ? '中位数' : '上四分位数'}划分（含零值）`,
      weightsZh: NO_WEIGHTS_ZH,
      weights: 'none',
      alpha: null,
      fdr: false,
      split,
      from: scope.from,
      to: scope.to,
      cells: area.length,
      cases,
      thresholds: { cells: cellT, communities: communityT },
      computedAt: new Date().toISOString(),
    },
    cells: cellRows,
    communities,
    blindSpots,
  };
}

type BlindStreet = QuadrantResult['blindSpots'][number];
type SubclassCount = BlindStreet['topSubclasses'][number];

/** The three largest counts, ties by code. */
const top3 = (counts: Map<string, number>, names: Map<string, { name: string; name_en: string }>): SubclassCount[] =>
  [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([code, count]) => ({ code, name: names.get(code)?.name ?? code, nameEn: names.get(code)?.name_en ?? code, count }));

/**
 * The blind-spot cells by street: each with its patroller (grid_cell.patroller_id, the beat the seed and the
 * directory assign), the hotline's top sub-classes there (from the rollup, same days and category filter), and
 * the alleys crossing it — what a patrol plan adds to the patroller's rounds.
 */
async function blindSpotsOf(
  db: pg.Pool,
  scope: Scope,
  blind: Array<{ code: string; hotline: number; patrol: number }>,
): Promise<BlindStreet[]> {
  if (!blind.length) return [];
  const codes = blind.map((c) => c.code);
  const indexOfCode = new Map(scope.cells.codes.map((c, i) => [c, i]));
  const ids = codes.map((c) => scope.cells.ids[indexOfCode.get(c)!]!);
  const { sql, params } = rollupWhere({ ...scope, sources: ['hotline'] });
  params.push(ids);
  // four independent reads, side by side: the cells' places and patrollers, the hotline's sub-classes in
  // them, the category names, the alleys crossing them
  const [{ rows: places }, { rows: subs }, { rows: categoryNames }, { rows: alleys }] = await Promise.all([
    db.query<{
      code: string;
      id: number;
      community_code: string;
      street_code: string;
      street_name: string;
      street_name_en: string | null;
      patroller_id: number | null;
      patroller: string | null;
    }>(
      `
    select g.code, g.id, m.code as community_code, s.code as street_code, s.name as street_name, s.name_en as street_name_en,
           p.id as patroller_id, p.name as patroller
      from grid_cell g join admin_area s on s.id = g.street_id join admin_area m on m.id = g.community_id
      left join person p on p.id = g.patroller_id
     where g.id = any($1::int[])`,
      [ids],
    ),
    db.query<{ id: number; category: string; n: number }>(
      // a hash join against the cells, not `= any(array)`: that tests every rollup row against every cell
      `select r.grid_cell_id as id, r.category_code as category, sum(r.n)::int as n
         from case_rollup r join unnest($${params.length}::int[]) as b(id) on b.id = r.grid_cell_id
        where ${sql} group by 1, 2`,
      params,
    ),
    db.query<{ code: string; name: string; name_en: string }>('select code, name, name_en from category'),
    db.query<{ code: string; id: number; name: string }>(
      `select g.code, a.id, a.name from grid_cell g join alley a on st_intersects(a.geom, g.geom)
        where g.id = any($1::int[]) order by g.code, a.name, a.id`,
      [ids],
    ),
  ]);
  const placeOf = new Map(places.map((p) => [p.code, p]));
  const names = new Map(categoryNames.map((c) => [c.code, c]));
  const subsOf = new Map<number, Map<string, number>>();
  for (const r of subs) {
    const m = subsOf.get(r.id) ?? new Map<string, number>();
    m.set(r.category, r.n);
    subsOf.set(r.id, m);
  }
  const alleysOf = new Map<string, Array<{ id: number; name: string }>>();
  for (const a of alleys) alleysOf.set(a.code, [...(alleysOf.get(a.code) ?? []), { id: a.id, name: a.name }]);

  const streets = new Map<string, BlindStreet & { subs: Map<string, number> }>();
  for (const c of blind) {
    const p = placeOf.get(c.code)!;
    const s = streets.get(p.street_code) ?? {
      streetCode: p.street_code,
      streetName: p.street_name,
      streetNameEn: p.street_name_en,
      hotline: 0,
      topSubclasses: [],
      cells: [],
      subs: new Map<string, number>(),
    };
    const cellSubs = subsOf.get(p.id) ?? new Map<string, number>();
    for (const [k, n] of cellSubs) s.subs.set(k, (s.subs.get(k) ?? 0) + n);
    s.cells.push({
      code: c.code,
      communityCode: p.community_code,
      hotline: c.hotline,
      patrol: c.patrol,
      patrollerId: p.patroller_id,
      patroller: p.patroller,
      topSubclasses: top3(cellSubs, names),
      alleys: alleysOf.get(c.code) ?? [],
    });
    s.hotline += c.hotline;
    streets.set(p.street_code, s);
  }
  return [...streets.values()]
    .sort((a, b) => b.hotline - a.hotline || a.streetCode.localeCompare(b.streetCode))
    .map(({ subs: streetSubs, ...s }) => ({
      ...s,
      topSubclasses: top3(streetSubs, names),
      cells: s.cells.sort((a, b) => b.hotline - a.hotline || a.code.localeCompare(b.code)),
    }));
}

// --- exports ---------------------------------------------------------------------------------------

export const csvField = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** Rows as CSV with a UTF-8 BOM (Excel then reads Chinese text correctly), yielded in chunks. */
export function* csvChunks(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): Generator<string> {
  let buf = `\uFEFF${columns.join(',')}\r\n`;
  for (const row of rows) {
    buf += `${columns.map((c) => csvField(row[c])).join(',')}\r\n`;
    if (buf.length > 64_000) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/** Cell results as a GeoJSON FeatureCollection (WGS84 polygons), geometries read page by page. */
export async function* geojsonChunks(
  db: pg.Pool,
  rows: ReadonlyArray<Record<string, unknown> & { code: string }>,
  meta: unknown,
): AsyncGenerator<string> {
  yield `{"type":"FeatureCollection","meta":${JSON.stringify(meta)},"features":[`;
  const PAGE = 2000;
  for (let k = 0; k < rows.length; k += PAGE) {
    const page = rows.slice(k, k + PAGE);
    const { rows: geoms } = await db.query<{ code: string; g: string }>(
      'select code, st_asGeoJSON(geom, 7) as g from grid_cell where code = any($1::text[])',
      [page.map((r) => r.code)],
    );
    const geomOf = new Map(geoms.map((g) => [g.code, g.g]));
    yield page
      .map(
        (r, j) =>
          `${k + j > 0 ? ',' : ''}{"type":"Feature","id":${JSON.stringify(r.code)},"geometry":${geomOf.get(r.code) ?? 'null'},"properties":${JSON.stringify(r)}}`,
      )
      .join('');
  }
  yield ']}';
}
