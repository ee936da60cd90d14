// The case filters shared by the case list and the case tiles: time window, category, sources, stages,
// read from an already schema-validated query string.
import type { CaseListQuery, CaseSource, CaseStage } from '../contracts/cases.ts';
import { instantOf, isDateOnly } from '../contracts/formats.ts';
import { badRequest, queryParameter } from '../errors.ts';
import type { CaseFilter } from './queries.ts';

export type CaseFilterQuery = Pick<CaseListQuery, 'from' | 'to' | 'category' | 'source' | 'stage'>;

/** Comma lists without repeats, sorted so that equal filters look equal (cache keys). */
const list = <T extends string>(text: string | undefined): T[] | undefined =>
  text === undefined ? undefined : [...new Set(text.split(','))].sort() as T[];

export function caseFilterOf(q: CaseFilterQuery): CaseFilter {
  const filter: CaseFilter = {
    from: q.from === undefined ? undefined : instantOf(q.from),
    // a date alone includes that whole day
    to: q.to === undefined ? undefined : instantOf(q.to, isDateOnly(q.to)),
    category: q.category,
    sources: list<CaseSource>(q.source),
    stages: list<CaseStage>(q.stage),
  };
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw badRequest(`${queryParameter('from')} (${q.from}) must be before ${queryParameter('to')} (${q.to})`);
  }
  return filter;
}
