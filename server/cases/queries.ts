// SQL for reading cases: the filtered, keyset-paginated list and one case with its departments and trail.
import type pg from 'pg';
import { type CaseDetail, type CaseSummary, FINISHED_STAGES } from '../contracts/cases.ts';
import type { CaseCursor } from './cursor.ts';
import { type CaseFilter, caseFilterSql } from './filter.ts';

/**
 * "Still open" as SQL. Written with literals (they are constants, not user input) so that the
 * planner can use the partial index cases_stage, whose predicate is this same list.
 */
export function openCaseSql(alias: string): string {
  return `${alias}.stage not in (${FINISHED_STAGES.map((s) => `'${s}'`).join(', ')})`;
}

/** "Open and past its deadline" (超期) as SQL: the case list's flag and filter, and the case tiles' `overdue`. */
export function overdueCaseSql(alias: string): string {
  return `coalesce(${alias}.deadline < now() and ${openCaseSql(alias)}, false)`;
}

// Timestamps leave PostgreSQL as JSON text in the session's Beijing time (…+08:00).
const SUMMARY_COLUMNS = `
  c.code, c.source, c.category_code as "categoryCode", k.name as "categoryName", k.name_en as "categoryNameEn",
  c.stage, c.priority, to_json(c.reported_at) as "reportedAt", to_json(c.deadline) as deadline,
  ${overdueCaseSql('c')} as overdue,
  s.code as "streetCode", s.name as "streetName", s.name_en as "streetNameEn", g.code as "gridCode",
  a.name as "alleyName", round(st_x(c.geom)::numeric, 6) as lng, round(st_y(c.geom)::numeric, 6) as lat`;

const SUMMARY_JOINS = `
  join category k on k.code = c.category_code
  join admin_area s on s.id = c.street_id
  join grid_cell g on g.id = c.grid_cell_id
  left join alley a on a.id = c.alley_id`;

export interface CasePageRows {
  items: CaseSummary[];
  /** the last row's key when more rows follow */
  next: CaseCursor | null;
}

/** Newest first (reported_at desc, id desc); `after` continues from a previous page's last row. */
export async function listCases(db: pg.Pool, filter: CaseFilter, limit: number, after?: CaseCursor): Promise<CasePageRows> {
  const where = caseFilterSql(filter, 'c', 1);
  const params = [...where.params];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const keyset = after
    ? `and (c.reported_at, c.id) < (timestamptz 'epoch' + ${bind(after.reportedUs)} * interval '1 microsecond', ${bind(after.id)})`
    : '';
  const { rows } = await db.query<CaseSummary & { id: number; reportedUs: number }>(
    `
    select c.id, (extract(epoch from c.reported_at) * 1000000)::int8 as "reportedUs", ${SUMMARY_COLUMNS}
      from cases c ${SUMMARY_JOINS}
     where ${where.sql} ${keyset}
     order by c.reported_at desc, c.id desc
     limit ${bind(limit + 1)}`,
    params,
  );
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
  /** The names of the staff who acted on the case (visitors see 工作人员; report and evaluation channels stay). */
  staff?: boolean;
}

export async function caseByCode(db: pg.Pool, code: string, show: CaseVisibility): Promise<CaseDetail | null> {
  const { rows } = await db.query<CaseDetail & { reporterName: string | null; reporterPhone: string | null }>(
    `
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
                                                       'actor', case when $3 or e.action in ('report', 'evaluate') then e.actor else '工作人员' end, 'department', d.name, 'at', e.at, 'note', e.note)
                                     order by e.at, e.id)
                       from case_event e left join department d on d.id = e.department_id
                      where e.case_id = c.id), '[]'::json) as trail
      from cases c ${SUMMARY_JOINS}
     where c.code = $1`,
    [code, show.reporter, show.staff ?? true],
  );
  const row = rows[0];
  if (!row) return null;
  const { reporterName, reporterPhone, ...detail } = row;
  return show.reporter && (reporterName !== null || reporterPhone !== null)
    ? { ...detail, reporter: { name: reporterName, phone: reporterPhone } }
    : detail;
}
