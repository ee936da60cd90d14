// The case filter, once: read from a query string (caseFilterOf, caseFilterFrom) and translated to SQL
// (caseFilterSql) for every reader of cases — the case list, the case tiles and the analysis routes.
import type pg from 'pg';
import { streetIdByCode } from '../areas/queries.ts';
import type { CaseListQuery, CaseSource, CaseStage } from '../contracts/cases.ts';
import { type BboxValue, instantOf, isDateOnly, parseBbox } from '../contracts/formats.ts';
import { badRequest, queryParameter } from '../errors.ts';
import { overdueCaseSql } from './queries.ts';

export interface CaseFilter {
  from?: Date;
  to?: Date;
  /** exact 5-digit code, or a 3-digit kind + main-class prefix */
  category?: string;
  sources?: CaseSource[];
  stages?: CaseStage[];
  streetId?: number;
  bbox?: BboxValue;
  /** open and past the deadline (true), or not (false) */
  overdue?: boolean;
}

export type CaseFilterQuery = Pick<CaseListQuery, 'from' | 'to' | 'category' | 'source' | 'stage' | 'street' | 'bbox' | 'overdue'>;

/** Comma lists without repeats, sorted so that equal filters look equal (cache keys). */
const list = <T extends string>(text: string | undefined): T[] | undefined =>
  text === undefined ? undefined : ([...new Set(text.split(','))].sort() as T[]);

/** The filter of an already schema-validated query string, without the checks that need the database. */
export function caseFilterOf(q: CaseFilterQuery): CaseFilter {
  const filter: CaseFilter = {
    from: q.from === undefined ? undefined : instantOf(q.from),
    // a date alone includes that whole day
    to: q.to === undefined ? undefined : instantOf(q.to, isDateOnly(q.to)),
    category: q.category,
    sources: list<CaseSource>(q.source),
    stages: list<CaseStage>(q.stage),
    bbox: q.bbox === undefined ? undefined : (parseBbox(q.bbox) ?? undefined),
    overdue: q.overdue,
  };
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw badRequest(`${queryParameter('from')} (${q.from}) must be before ${queryParameter('to')} (${q.to})`);
  }
  return filter;
}

/** The filter of a query string with the street resolved and the category checked: an unknown street or
 *  category is the user's mistake (a 400 naming it), not an empty answer. Every route that filters cases
 *  reads its filter here. */
export async function caseFilterFrom(db: pg.Pool, q: CaseFilterQuery): Promise<CaseFilter> {
  const filter = caseFilterOf(q);
  if (q.street) filter.streetId = await streetIdByCode(db, q.street, queryParameter('street'));
  if (q.category && !(await categoryExists(db, q.category))) {
    throw badRequest(
      q.category.length === 5
        ? `${queryParameter('category')} must be a known category code; no category has code ${q.category}`
        : `${queryParameter('category')} must be a known prefix; no category code starts with ${q.category}`,
    );
  }
  return filter;
}

/** Does any category match this code or prefix? */
async function categoryExists(db: pg.Pool, codeOrPrefix: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from category where code like $1 limit 1', [`${codeOrPrefix}%`]);
  return rows.length > 0;
}

export interface SqlFragment {
  /** conditions joined by `and`; `true` without any */
  sql: string;
  /** the values of $firstParam, $firstParam + 1, … in order */
  params: unknown[];
}

/**
 * The filter as one SQL condition over the cases table aliased `alias`, its values as bind parameters
 * numbered from `firstParam` (so that it slots into a statement that binds its own parameters first).
 * Only the conditions the filter has are written, each in the form its index serves: a category prefix
 * as a code range, one source or stage as `=` (the (column, reported_at) indexes then yield rows in
 * time order). The text depends only on which conditions are present, never on their values, so it can
 * name a prepared statement. A new condition (community, department…) is one more line here.
 */
export function caseFilterSql(filter: CaseFilter, alias = 'c', firstParam = 1): SqlFragment {
  const params: unknown[] = [];
  const bind = (value: unknown) => `$${firstParam + params.push(value) - 1}`;
  const c = alias;
  const oneOf = (column: string, values: readonly string[]) =>
    values.length === 1 ? `${c}.${column} = ${bind(values[0])}` : `${c}.${column} = any(${bind(values)}::text[])`;
  const where: string[] = [];
  if (filter.from) where.push(`${c}.reported_at >= ${bind(filter.from)}::timestamptz`);
  if (filter.to) where.push(`${c}.reported_at < ${bind(filter.to)}::timestamptz`);
  if (filter.category) {
    // A prefix as a range of 5-digit codes ('205' → ['205', '206')): the btree on
    // (category_code, reported_at) serves it under any collation, where LIKE would need C.
    where.push(
      filter.category.length === 5
        ? `${c}.category_code = ${bind(filter.category)}`
        : `${c}.category_code >= ${bind(filter.category)} and ${c}.category_code < ${bind(String(Number(filter.category) + 1))}`,
    );
  }
  if (filter.sources?.length) where.push(oneOf('source', filter.sources));
  if (filter.stages?.length) where.push(oneOf('stage', filter.stages));
  if (filter.streetId !== undefined) where.push(`${c}.street_id = ${bind(filter.streetId)}::int`);
  if (filter.overdue !== undefined) where.push(`${filter.overdue ? '' : 'not '}${overdueCaseSql(c)}`);
  if (filter.bbox) {
    const [x0, y0, x1, y1] = filter.bbox;
    where.push(
      `st_intersects(${c}.geom, st_makeEnvelope(${bind(x0)}::float8, ${bind(y0)}::float8, ${bind(x1)}::float8, ${bind(y1)}::float8, 4326))`,
    );
  }
  return { sql: where.length ? where.join(' and ') : 'true', params };
}
