// The loop's KPIs, defined once. For a Beijing calendar month and each street (or district):
//   received          cases reported in the month;
//   response rate     (响应率) share of them answered within 2 hours: accepted, or rejected with a reason;
//   resolution rate   (解决率) share of the filed ones that are closed;
//   satisfaction rate (满意率) satisfied + basically satisfied, of those with a call-back answer
//                     (Beijing 12345's definition: 参评中满意与基本满意之和);
//   due               filed cases whose deadline fell in the month (up to now);
//   closure rate      closed ÷ due, on-time rate closed by the deadline ÷ due (the digital city-
//                     management indicators, DOMAIN.md); overdue = due − closed on time;
//   rework rate       dispatched cases sent back for rework at least once;
//   score             100 × (w_response·response + w_resolution·resolution + w_satisfaction·satisfaction),
//                     the monthly ranking's composite (weights configurable; default 30/35/35 as one
//                     county publishes them — DOMAIN.md: "weights vary by place"); without call-back
//                     answers in the month, the other two weights are rescaled.
import type pg from 'pg';
import type { Config } from '../config.ts';
import type { KpiWeights } from '../contracts/kpi.ts';
import { monthBounds } from '../domain/beijing.ts';
import { badRequest } from '../errors.ts';

export const RESPONSE_HOURS = 2;
const WEIGHTS_KEY = 'kpi.weights';

export async function kpiWeights(db: pg.Pool, config: Pick<Config, 'kpiWeights'>): Promise<KpiWeights> {
  const {
    rows: [row],
  } = await db.query<{ value: KpiWeights }>('select value from app_setting where key = $1', [WEIGHTS_KEY]);
  if (row) return row.value;
  const { response, resolution, satisfaction } = config.kpiWeights;
  const sum = response + resolution + satisfaction;
  return { response: response / sum, resolution: resolution / sum, satisfaction: satisfaction / sum };
}

export async function saveKpiWeights(db: pg.Pool, w: KpiWeights): Promise<void> {
  const sum = w.response + w.resolution + w.satisfaction;
  if (Math.abs(sum - 1) > 0.001) {
    throw badRequest(
      `the weights must sum to 1; response ${w.response} + resolution ${w.resolution} + satisfaction ${w.satisfaction} = ${round(sum)}`,
    );
  }
  await db.query(
    `insert into app_setting (key, value) values ($1, $2)
                  on conflict (key) do update set value = excluded.value`,
    [WEIGHTS_KEY, JSON.stringify(w)],
  );
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const rate = (num: string, den: string) => `case when ${den} > 0 then round(${num}::numeric / ${den}, 4)::float8 end`;

/** Counts behind the rates, of cases reported in [$1, $2), grouped by `group` (a column, or a constant). */
export const receivedSql = (group: string) => `
      select ${group} as area, count(*)::int as received,
             count(*) filter (where c.stage = 'rejected' or c.accepted_at <= c.reported_at + interval '${RESPONSE_HOURS} hours')::int as responded,
             count(*) filter (where c.filed_at is not null)::int as filed,
             count(*) filter (where c.filed_at is not null and c.closed_at is not null)::int as resolved,
             count(*) filter (where c.satisfaction is not null)::int as rated,
             count(*) filter (where c.satisfaction in ('satisfied', 'basically_satisfied'))::int as satisfied,
             count(*) filter (where c.dispatched_at is not null)::int as dispatched,
             count(*) filter (where c.rework_count > 0)::int as reworked,
             count(*) filter (where c.supervised)::int as supervised
        from cases c where c.reported_at >= $1 and c.reported_at < $2 group by 1`;

/** Counts behind closure and on-time, of cases whose deadline fell in [$1, min($2, now)). */
export const dueSql = (group: string) => `
      select ${group} as area, count(*)::int as due,
             count(*) filter (where c.closed_at is not null)::int as closed,
             count(*) filter (where c.closed_at <= c.deadline)::int as on_time
        from cases c where c.deadline >= $1 and c.deadline < least($2, now()) group by 1`;

export const RATE_COLUMNS = `
             ${rate('r.responded', 'r.received')} as "responseRate",
             ${rate('r.resolved', 'r.filed')} as "resolutionRate",
             ${rate('r.satisfied', 'r.rated')} as "satisfactionRate",
             ${rate('d.closed', 'd.due')} as "closureRate",
             ${rate('d.on_time', 'd.due')} as "onTimeRate"`;

/** KPIs of every street or district for a month, ranked by the composite score. */
export async function areaKpis(db: pg.Pool, level: 'street' | 'district', month: string, w: KpiWeights) {
  const { start, stop } = monthBounds(month);
  const column = level === 'street' ? 'c.street_id' : 'c.district_id';
  const { rows } = await db.query(
    `
    with received as (${receivedSql(column)}),
    due as (${dueSql(column)}),
    rates as (
      select a.code, a.name, a.name_en as "nameEn", coalesce(r.received, 0) as received, ${RATE_COLUMNS},
             coalesce(d.due, 0) as due,
             ${rate('r.reworked', 'r.dispatched')} as "reworkRate",
             coalesce(d.due - d.on_time, 0) as overdue, coalesce(r.supervised, 0) as supervised
        from admin_area a left join received r on r.area = a.id left join due d on d.area = a.id
       where a.level = $3)
    select *, rank() over (order by score desc nulls last)::int as rank
      -- a month without call-back answers is scored on the other two rates, their weights rescaled
      from (select rates.*, round((100 * ($4 * "responseRate" + $5 * "resolutionRate" + $6 * coalesce("satisfactionRate", 0))
                                   / ($4 + $5 + case when "satisfactionRate" is null then 0 else $6 end))::numeric, 2)::float8 as score
              from rates) x
     order by rank, code`,
    [start, stop, level, w.response, w.resolution, w.satisfaction],
  );
  return rows;
}

/** The same rates for the whole city in a month (the cockpit's gauges). */
export async function cityKpis(db: pg.Pool, month: string) {
  const { start, stop } = monthBounds(month);
  const {
    rows: [row],
  } = await db.query(
    `
    with received as (${receivedSql('1')}), due as (${dueSql('1')})
    select coalesce(r.received, 0) as received, ${RATE_COLUMNS}
      from (select 1 as area) one left join received r using (area) left join due d using (area)`,
    [start, stop],
  );
  return row as {
    received: number;
    responseRate: number | null;
    resolutionRate: number | null;
    satisfactionRate: number | null;
    closureRate: number | null;
    onTimeRate: number | null;
  };
}

/** Each department's dispatches in a month: handled, returned, still open, on time, reworked. */
export async function departmentKpis(db: pg.Pool, month: string) {
  const { start, stop } = monthBounds(month);
  const { rows } = await db.query(
    `
    select d.code, d.name, d.kind,
           count(cd.case_id)::int as dispatched,
           count(*) filter (where cd.status = 'handled')::int as handled,
           count(*) filter (where cd.status = 'returned')::int as returned,
           count(*) filter (where cd.status = 'assigned')::int as open,
           ${rate("count(*) filter (where cd.status = 'handled' and cd.finished_at <= c.deadline)", "count(*) filter (where cd.status = 'handled')")} as "onTimeRate",
           ${rate('count(*) filter (where c.rework_count > 0)', 'count(cd.case_id)')} as "reworkRate"
      from department d
      left join case_department cd on cd.department_id = d.id and cd.assigned_at >= $1 and cd.assigned_at < $2
      left join cases c on c.id = cd.case_id
     group by d.id order by dispatched desc, d.code`,
    [start, stop],
  );
  return rows;
}
