// What residents complain about most, and when (算出百姓吐槽最集中的民生问题; 季节性、规律性问题): the top
// sub-class × street problems against the previous period, the category × month and weekday × hour tables,
// and the recurring places (反复发生) — all over the same scope (days, filters, study area) as the hot spots.
import type pg from 'pg';
import { caseFilterSql } from '../cases/filter.ts';
import type { DescriptiveMeta, RecurringResult, SeasonalResult, TopProblemsResult } from '../contracts/analysis.ts';
import { beijingMidnight } from '../domain/beijing.ts';
import { dateOfNumber, dayNumber, NO_WEIGHTS_ZH, rollupWhere, type Scope } from './queries.ts';

/** The study area as a condition over grid_cell g (for rollup rows joined to their cell), binding into `params`. */
function cellAreaSql(scope: Scope, params: unknown[], g = 'g'): string {
  const where: string[] = [];
  if (scope.streetId !== undefined) where.push(`${g}.street_id = $${params.push(scope.streetId)}::int`);
  if (scope.communityId !== undefined) where.push(`${g}.community_id = $${params.push(scope.communityId)}::int`);
  return where.length ? ` and ${where.join(' and ')}` : '';
}

/** The scope as a condition over the cases table c (raw cases: hours, case codes), its values from $1. */
export function caseScopeSql(scope: Scope, alias = 'c'): { sql: string; params: unknown[] } {
  const f = caseFilterSql(
    {
      from: beijingMidnight(scope.from),
      to: beijingMidnight(scope.to),
      category: scope.category,
      sources: scope.sources as never,
      stages: scope.stages as never,
      streetId: scope.streetId,
    },
    alias,
  );
  if (scope.communityId === undefined) return f;
  return { sql: `${f.sql} and ${alias}.community_id = $${f.params.push(scope.communityId)}::int`, params: f.params };
}

function cellsIn(scope: Scope): number {
  if (!scope.valid) return scope.cells.ids.length;
  let n = 0;
  for (const v of scope.valid) n += v;
  return n;
}

const baseMeta = (scope: Scope, [method, methodZh]: [string, string], cases: number, from = scope.from): DescriptiveMeta => ({
  method,
  methodZh,
  weights: 'none',
  weightsZh: NO_WEIGHTS_ZH,
  alpha: null,
  fdr: false,
  from,
  to: scope.to,
  cells: cellsIn(scope),
  cases,
  computedAt: new Date().toISOString(),
});

// --- top problems ------------------------------------------------------------------------------------

export async function topProblems(db: pg.Pool, scope: Scope, limit: number): Promise<TopProblemsResult> {
  const previousFrom = dateOfNumber(dayNumber(scope.from) - scope.days);
  // one pass over the rollup from the previous period's first day to the range's end
  const { sql, params } = rollupWhere({ ...scope, from: previousFrom });
  const split = `$${params.push(scope.from)}::date`;
  const area = cellAreaSql(scope, params);
  const { rows } = await db.query<{
    code: string;
    name: string;
    name_en: string;
    street_code: string;
    street_name: string;
    street_name_en: string | null;
    n: number;
    prev: number;
  }>(
    `
    with counts as (
      select r.category_code as code, g.street_id,
             coalesce(sum(r.n) filter (where r.day >= ${split}), 0)::int as n,
             coalesce(sum(r.n) filter (where r.day < ${split}), 0)::int as prev
        from case_rollup r join grid_cell g on g.id = r.grid_cell_id
       where ${sql}${area}
       group by 1, 2)
    select c.code, k.name, k.name_en, s.code as street_code, s.name as street_name, s.name_en as street_name_en, c.n, c.prev
      from counts c join category k on k.code = c.code join admin_area s on s.id = c.street_id
     where c.n > 0
     order by c.n desc, c.n - c.prev desc, c.code, s.code`,
    params,
  );
  const {
    rows: [first],
  } = await db.query<{ first: string | null }>(`select to_char(min(day), 'YYYY-MM-DD') as first from case_rollup`);
  const cases = rows.reduce((a, r) => a + r.n, 0);
  return {
    meta: {
      ...baseMeta(
        scope,
        [
          'cases per sub-class × street over the range, against the previous period of equal length (case rollup)',
          '各小类 × 街道在所选时段的案件数，与等长的上一时段相比（案件汇总表）',
        ],
        cases,
      ),
      previousFrom,
      previousTo: scope.from,
      previousComplete: first?.first !== null && first?.first !== undefined && first.first <= previousFrom,
    },
    items: rows.slice(0, limit).map((r, i) => ({
      rank: i + 1,
      categoryCode: r.code,
      categoryName: r.name,
      categoryNameEn: r.name_en,
      streetCode: r.street_code,
      streetName: r.street_name,
      streetNameEn: r.street_name_en,
      count: r.n,
      previous: r.prev,
      change: r.n - r.prev,
      changeRate: r.prev > 0 ? Math.round(((r.n - r.prev) / r.prev) * 10_000) / 10_000 : null,
    })),
  };
}

export const TOP_PROBLEM_COLUMNS = [
  'rank',
  'categoryCode',
  'categoryName',
  'categoryNameEn',
  'streetCode',
  'streetName',
  'streetNameEn',
  'count',
  'previous',
  'change',
  'changeRate',
] as const;

// --- seasonal and weekly rhythm ----------------------------------------------------------------------

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export async function seasonal(db: pg.Pool, scope: Scope, by: 'main' | 'sub'): Promise<SeasonalResult> {
  const { sql, params } = rollupWhere(scope);
  const area = cellAreaSql(scope, params);
  const width = by === 'main' ? 3 : 5;
  const { rows } = await db.query<{ code: string; month: string; n: number }>(
    `
    select left(r.category_code, ${width}) as code, to_char(r.day, 'YYYY-MM') as month, sum(r.n)::int as n
      from case_rollup r${area ? ' join grid_cell g on g.id = r.grid_cell_id' : ''}
     where ${sql}${area}
     group by 1, 2`,
    params,
  );
  const { rows: names } = await db.query<{ code: string; name: string; name_en: string }>(
    by === 'main'
      ? `select distinct on (left(code, 3)) left(code, 3) as code, main_name as name, main_name_en as name_en from category order by left(code, 3)`
      : 'select code, name, name_en from category',
  );
  const nameOf = new Map(names.map((n) => [n.code, n]));
  const months: string[] = [];
  for (let m = scope.from.slice(0, 7); m < scope.to.slice(0, 7) || (m === scope.to.slice(0, 7) && !scope.to.endsWith('-01')); ) {
    months.push(m);
    const [y, mo] = m.split('-').map(Number) as [number, number];
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  }
  const column = new Map(months.map((m, i) => [m, i]));
  const table = new Map<string, number[]>();
  for (const r of rows) {
    const counts = table.get(r.code) ?? new Array<number>(months.length).fill(0);
    counts[column.get(r.month)!]! += r.n;
    table.set(r.code, counts);
  }
  const byMonth = [...table]
    .map(([code, counts]) => ({
      code,
      name: nameOf.get(code)?.name ?? code,
      nameEn: nameOf.get(code)?.name_en ?? code,
      counts,
      total: counts.reduce((a, b) => a + b, 0),
    }))
    .sort((a, b) => b.total - a.total || a.code.localeCompare(b.code));

  // The hour of day is not in the rollup, and a rollup with the hour would not pay: keyed by hour × cell ×
  // sub-class × source it would hold about as many rows as there are cases (a year: ~420k cases over
  // 24 × 9,216 × ~60 × 7 keys), doubling the intake's writes while saving no reading. So the weekday ×
  // hour table reads the cases themselves, one aggregate pass over the range (reported_at index for short
  // ranges, a sequential scan for a year) and only the columns it groups by; its cost grows with the range's
  // cases, not with the cells.
  // Beijing has kept UTC+8 without daylight saving since 1991, so the Beijing hour is integer arithmetic on
  // the epoch (half the time of two AT TIME ZONE conversions per case); 1970-01-01 was a Thursday (ISO 4).
  const c = caseScopeSql(scope);
  const { rows: hours } = await db.query<{ d: number; h: number; n: number }>(
    `
    select ((h / 24 + 3) % 7 + 1)::int as d, (h % 24)::int as h, count(*)::int as n
      from (select (floor(extract(epoch from c.reported_at))::bigint + 28800) / 3600 as h from cases c where ${c.sql}) x
     group by 1, 2`,
    c.params,
  );
  const counts = WEEKDAYS.map(() => new Array<number>(24).fill(0));
  for (const r of hours) counts[r.d - 1]![r.h] = r.n;
  const cases = byMonth.reduce((a, r) => a + r.total, 0);
  return {
    meta: baseMeta(
      scope,
      [
        `cases per ${by === 'main' ? 'main class' : 'sub-class'} × Beijing month (case rollup) and per weekday × Beijing hour (cases)`,
        `各${by === 'main' ? '大类' : '小类'} × 月份（北京时间，案件汇总表），星期 × 小时（北京时间，案件明细）的案件数`,
      ],
      cases,
    ),
    months,
    byMonth,
    byHour: { weekdays: [...WEEKDAYS], counts },
  };
}

/** The seasonal tables as CSV rows: the month table (a column per month) or the weekday × hour table. */
export function seasonalCsv(result: SeasonalResult, table: 'month' | 'hour'): { rows: Array<Record<string, unknown>>; columns: string[] } {
  if (table === 'hour') {
    const hours = Array.from({ length: 24 }, (_, h) => `h${String(h).padStart(2, '0')}`);
    return {
      columns: ['weekday', ...hours],
      rows: result.byHour.weekdays.map((d, i) => ({
        weekday: d,
        ...Object.fromEntries(hours.map((h, k) => [h, result.byHour.counts[i]![k]])),
      })),
    };
  }
  return {
    columns: ['code', 'name', 'nameEn', ...result.months, 'total'],
    rows: result.byMonth.map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: r.nameEn,
      ...Object.fromEntries(result.months.map((m, i) => [m, r.counts[i]])),
      total: r.total,
    })),
  };
}

// --- recurring places --------------------------------------------------------------------------------

/**
 * The same sub-class at the same place at least `n` times within `days` days (反复发生). A case on an alley
 * counts for the alley, any other for its grid cell. For each case, a window function counts the cases of
 * its place and sub-class in the `days` days up to it; a place recurs when that count reaches `n`.
 */
export async function recurring(db: pg.Pool, scope: Scope, n: number, days: number, limit: number): Promise<RecurringResult> {
  const c = caseScopeSql(scope);
  const params = [...c.params, `${days} days`, n];
  const { rows } = await db.query<{
    alley_id: number | null;
    cell_code: string;
    place_cell: string | null;
    alley_name: string | null;
    community_name: string;
    street_code: string;
    street_name: string;
    category_code: string;
    category_name: string;
    category_name_en: string;
    cases: number;
    max_within: number;
    first: Date;
    last: Date;
    codes: string[];
    places: number;
    total: number;
  }>(
    `
    with c as (
      select c.code, c.category_code, c.reported_at, c.alley_id, c.grid_cell_id,
             case when c.alley_id is null then c.grid_cell_id end as place_cell,
             count(*) over (partition by c.category_code, c.alley_id, case when c.alley_id is null then c.grid_cell_id end
                            order by c.reported_at range between $${params.length - 1}::interval preceding and current row) as within
        from cases c where ${c.sql}),
    places as (
      select category_code, alley_id, place_cell, count(*)::int as cases, max(within)::int as max_within,
             min(reported_at) as first, max(reported_at) as last,
             array_agg(code order by reported_at, code) as codes,
             (array_agg(grid_cell_id order by reported_at desc))[1] as last_cell
        from c group by 1, 2, 3 having max(within) >= $${params.length}::int)
    select p.alley_id, g.code as cell_code, pc.code as place_cell, a.name as alley_name, m.name as community_name,
           s.code as street_code, s.name as street_name, p.category_code, k.name as category_name, k.name_en as category_name_en,
           p.cases, p.max_within, p.first, p.last, p.codes, count(*) over ()::int as places, (sum(p.cases) over ())::int as total
      from places p join grid_cell g on g.id = p.last_cell join admin_area m on m.id = g.community_id
      join admin_area s on s.id = coalesce((select street_id from alley where id = p.alley_id), g.street_id)
      join category k on k.code = p.category_code
      left join alley a on a.id = p.alley_id left join grid_cell pc on pc.id = p.place_cell
     order by p.max_within desc, p.cases desc, p.last desc, p.category_code, p.alley_id nulls last, pc.code
     limit ${limit}`,
    params,
  );
  const cases = rows[0]?.total ?? 0;
  return {
    meta: {
      ...baseMeta(
        scope,
        [
          `places where one sub-class was reported at least ${n} times within ${days} days (cases)`,
          `同一小类在 ${days} 天内至少上报 ${n} 次的网格或街巷（案件明细）`,
        ],
        cases,
      ),
      n,
      days,
      places: rows[0]?.places ?? 0,
    },
    items: rows.map((r) => ({
      kind: r.alley_id !== null ? ('alley' as const) : ('cell' as const),
      place: r.alley_id !== null ? String(r.alley_id) : r.place_cell!,
      placeName: r.alley_id !== null ? r.alley_name! : `${r.community_name} ${r.place_cell}`,
      cellCode: r.cell_code,
      streetCode: r.street_code,
      streetName: r.street_name,
      categoryCode: r.category_code,
      categoryName: r.category_name,
      categoryNameEn: r.category_name_en,
      cases: r.cases,
      maxWithin: r.max_within,
      first: r.first.toISOString(),
      last: r.last.toISOString(),
      caseCodes: r.codes,
    })),
  };
}

export const RECURRING_COLUMNS = [
  'kind',
  'place',
  'placeName',
  'cellCode',
  'streetCode',
  'streetName',
  'categoryCode',
  'categoryName',
  'cases',
  'maxWithin',
  'first',
  'last',
  'caseCodes',
] as const;
