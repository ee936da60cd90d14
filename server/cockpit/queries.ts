// The cockpit's figures at a glance, read in one round of queries: today's cases by source and by
// main class (Beijing day), what is open, overdue and supervised, this month's city-wide rates, and
// the 30-day trend; and the case points behind the live heatmap.
import type pg from 'pg';
import { openCaseSql } from '../cases/queries.ts';
import { CASE_SOURCES, type CaseSource } from '../contracts/cases.ts';
import { type CockpitSummary, type CockpitWindow, type HeatPoints, WINDOW_HOURS } from '../contracts/cockpit.ts';
import { beijingDate, beijingDayStart, beijingMonth, DAY, HOUR } from '../domain/beijing.ts';
import { cityKpis } from '../kpi/queries.ts';

const TREND_DAYS = 30;
const TOP_CATEGORIES = 8;

export async function cockpitSummary(db: pg.Pool, now = new Date()): Promise<CockpitSummary> {
  const start = new Date(beijingDayStart(now.getTime()));
  const date = beijingDate(now);
  const trendFrom = new Date(start.getTime() - (TREND_DAYS - 1) * DAY);
  const month = beijingMonth(now);
  const [sources, categories, open, trend, rates] = await Promise.all([
    db.query<{ source: CaseSource; count: number }>(
      `
      select source, count(*)::int as count from cases where reported_at >= $1 and reported_at <= $2 group by 1`,
      [start, now],
    ),
    db.query<{ code: string; name: string; nameEn: string; count: number }>(
      `
      select left(c.category_code, 3) as code, min(k.main_name) as name, min(k.main_name_en) as "nameEn", count(*)::int as count
        from cases c join category k on k.code = c.category_code
       where c.reported_at >= $1 and c.reported_at <= $2
       group by 1 order by count desc, code limit ${TOP_CATEGORIES}`,
      [start, now],
    ),
    db.query<{ total: number; overdue: number; supervised: number }>(
      `
      select count(*)::int as total,
             count(*) filter (where c.deadline < $1)::int as overdue,
             count(*) filter (where c.supervised)::int as supervised
        from cases c where ${openCaseSql('c')}`,
      [now],
    ),
    // reported and closed per Beijing day; generate_series keeps the days without either
    db.query<{ day: string; reported: number; closed: number }>(
      `
      with days as (select generate_series(0, ${TREND_DAYS - 1}) as i),
      r as (select floor(extract(epoch from reported_at - $1) / 86400)::int as i, count(*)::int as n
              from cases where reported_at >= $1 and reported_at <= $2 group by 1),
      k as (select floor(extract(epoch from closed_at - $1) / 86400)::int as i, count(*)::int as n
              from cases where closed_at >= $1 and closed_at <= $2 group by 1)
      select to_char(($1::timestamptz at time zone 'Asia/Shanghai')::date + days.i, 'YYYY-MM-DD') as day,
             coalesce(r.n, 0) as reported, coalesce(k.n, 0) as closed
        from days left join r using (i) left join k using (i) order by days.i`,
      [trendFrom, now],
    ),
    cityKpis(db, month),
  ]);
  const bySource = new Map<CaseSource, number>(CASE_SOURCES.map((s) => [s, 0]));
  for (const r of sources.rows) bySource.set(r.source, r.count);
  return {
    at: now.toISOString(),
    today: {
      date,
      total: [...bySource.values()].reduce((a, b) => a + b, 0),
      bySource: [...bySource].map(([source, count]) => ({ source, count })).sort((a, b) => b.count - a.count),
      byCategory: categories.rows,
    },
    open: open.rows[0]!,
    month: { month, ...rates },
    trend: trend.rows,
  };
}

export async function heatPoints(db: pg.Pool, window: CockpitWindow, now = new Date()): Promise<HeatPoints> {
  const from = new Date(now.getTime() - WINDOW_HOURS[window] * HOUR);
  // One row of JSON text: 35,000 points for 30 days serialise in PostgreSQL, not row by row in JS.
  const {
    rows: [row],
  } = await db.query<{ points: string }>(
    `
    select coalesce(json_agg(json_build_array(round(st_x(geom)::numeric, 5), round(st_y(geom)::numeric, 5), priority)
                             order by reported_at), '[]')::text as points
      from cases where reported_at >= $1 and reported_at <= $2`,
    [from, now],
  );
  return { window, from: from.toISOString(), to: now.toISOString(), points: JSON.parse(row!.points) as HeatPoints['points'] };
}
