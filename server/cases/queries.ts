// SQL for reading cases: the filtered, keyset-paginated list and one case with its departments and trail.
import type pg from 'pg';
import { FINISHED_STAGES, type CaseDetail, type CaseSource, type CaseStage, type CaseSummary } from '../contracts/cases.ts';
import type { BboxValue } from '../contracts/formats.ts';
import { Filters } from '../sql.ts';
import type { CaseCursor } from './cursor.ts';

/**
 * "Still open" as SQL. Written with literals (they are constants, not user input) so that the
 * planner can use the partial index cases_stage, whose predicate is this same list.
 */
export function openCaseSql(alias: string): string {
  return `${alias}.stage not in (${FINISHED_STAGES.map((s) => `'${s}'`).join(', ')})`;
}

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

// Timestamps leave PostgreSQL as JSON text in the session's Beijing time (…+08:00).
const SUMMARY_COLUMNS = `
  c.code, c.source, c.category_code as "categoryCode", k.name as "categoryName", k.name_en as "categoryNameEn",
  c.stage, c.priority, to_json(c.reported_at) as "reportedAt", to_json(c.deadline) as deadline,
  coalesce(c.deadline < now() and ${openCaseSql('c')}, false) as overdue,
  s.code as "streetCode", s.name as "streetName", s.name_en as "streetNameEn", g.code as "gridCode",
  a.name as "alleyName", round(st_x(c.geom)::numeric, 6) as lng, round(st_y(c.geom)::numeric, 6) as lat`;

const SUMMARY_JOINS = `
  join category k on k.code = c.category_code
  join admin_area s on s.id = c.street_id
  join grid_cell g on g.id = c.grid_cell_id
  left join alley a on a.id = c.alley_id`;

/** Does any category match this code or prefix? (An unknown one is the user's mistake, not an empty list.) */
export async function categoryExists(db: pg.Pool, codeOrPrefix: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from category where code like $1 limit 1', [`${codeOrPrefix}%`]);
  return rows.length > 0;
}

/** `column = $n` for one value (an index on (column, reported_at) then yields rows in order), else `= any`. */
function oneOf(column: string, values: readonly string[], f: Filters): string {
  return values.length === 1 ? `${column} = ${f.bind(values[0])}` : `${column} = any(${f.bind(values)}::text[])`;
}

function filterSql(filter: CaseFilter, f: Filters): void {
  if (filter.from) f.where(`c.reported_at >= ${f.bind(filter.from)}`);
  if (filter.to) f.where(`c.reported_at < ${f.bind(filter.to)}`);
  if (filter.category) {
    // A prefix as a range of 5-digit codes ('205' → ['205', '206')): the btree on
    // (category_code, reported_at) serves it under any collation, where LIKE would need C.
    f.where(filter.category.length === 5
      ? `c.category_code = ${f.bind(filter.category)}`
      : `c.category_code >= ${f.bind(filter.category)} and c.category_code < ${f.bind(String(Number(filter.category) + 1))}`);
  }
  if (filter.sources) f.where(oneOf('c.source', filter.sources, f));
  if (filter.stages) f.where(oneOf('c.stage', filter.stages, f));
  if (filter.streetId !== undefined) f.where(`c.street_id = ${f.bind(filter.streetId)}`);
  if (filter.overdue !== undefined) f.where(`${filter.overdue ? '' : 'not '}coalesce(c.deadline < now() and ${openCaseSql('c')}, false)`);
  if (filter.bbox) {
    const [x0, y0, x1, y1] = filter.bbox;
    f.where(`st_intersects(c.geom, st_makeenvelope(${f.bind(x0)}, ${f.bind(y0)}, ${f.bind(x1)}, ${f.bind(y1)}, 4326))`);
  }
}

export interface CasePageRows {
  items: CaseSummary[];
  /** the last row's key when more rows follow */
  next: CaseCursor | null;
}

/** Newest first (reported_at desc, id desc); `after` continues from a previous page's last row. */
export async function listCases(db: pg.Pool, filter: CaseFilter, limit: number, after?: CaseCursor): Promise<CasePageRows> {
  const f = new Filters();
  filterSql(filter, f);
  if (after) {
    f.where(`(c.reported_at, c.id) < (timestamptz 'epoch' + ${f.bind(after.reportedUs)} * interval '1 microsecond', ${f.bind(after.id)})`);
  }
  const { rows } = await db.query<CaseSummary & { id: number; reportedUs: number }>(`
    select c.id, (extract(epoch from c.reported_at) * 1000000)::int8 as "reportedUs", ${SUMMARY_COLUMNS}
      from cases c ${SUMMARY_JOINS}
     ${f.sql}
     order by c.reported_at desc, c.id desc
     limit ${f.bind(limit + 1)}`, f.params);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(({ id: _id, reportedUs: _us, ...summary }) => summary),
    next: more && last ? { reportedUs: last.reportedUs, id: last.id } : null,
  };
}

export interface CaseVisibility {
  /** include the reporter's name and phone */
  reporter: boolean;
}

export async function caseByCode(db: pg.Pool, code: string, show: CaseVisibility): Promise<CaseDetail | null> {
  const { rows } = await db.query<CaseDetail & { reporterName: string | null; reporterPhone: string | null }>(`
    select ${SUMMARY_COLUMNS}, c.description,
           case when $2 then c.reporter_name end as "reporterName",
           case when $2 then c.reporter_phone end as "reporterPhone",
           c.reject_reason as "rejectReason", c.rework_count as "reworkCount", c.supervised, c.urge_count as "urgeCount",
           c.satisfaction, to_json(c.accepted_at) as "acceptedAt", to_json(c.filed_at) as "filedAt",
           to_json(c.dispatched_at) as "dispatchedAt", to_json(c.handled_at) as "handledAt",
           to_json(c.closed_at) as "closedAt", to_json(c.evaluated_at) as "evaluatedAt",
           coalesce((select json_agg(json_build_object('code', d.code, 'name', d.name, 'status', cd.status)
                                     order by cd.assigned_at, d.code)
                       from case_department cd join department d on d.id = cd.department_id
                      where cd.case_id = c.id), '[]'::json) as departments,
           coalesce((select json_agg(json_build_object('action', e.action, 'fromStage', e.from_stage, 'toStage', e.to_stage,
                                                       'actor', e.actor, 'department', d.name, 'at', e.at, 'note', e.note)
                                     order by e.at, e.id)
                       from case_event e left join department d on d.id = e.department_id
                      where e.case_id = c.id), '[]'::json) as trail
      from cases c ${SUMMARY_JOINS}
     where c.code = $1`, [code, show.reporter]);
  const row = rows[0];
  if (!row) return null;
  const { reporterName, reporterPhone, ...detail } = row;
  return show.reporter && (reporterName !== null || reporterPhone !== null)
    ? { ...detail, reporter: { name: reporterName, phone: reporterPhone } }
    : detail;
}
