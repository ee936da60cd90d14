// Drill-down (core area → district → street → community → grid cell): the chosen area's children with their
// case counts, the closed loop's rates — read through the KPI module's own SQL (server/kpi/queries.ts), so a
// rate means here exactly what it means in the monthly ranking — and where the closed cases were resolved
// (大事不出街镇、小事不出社区): the share whose highest-level handling department served a community, a
// street, a district or the whole city. A breadcrumb leads back up.
import type pg from 'pg';
import { caseFilterSql } from '../cases/filter.ts';
import type { DRILL_LEVELS, DrilldownResult } from '../contracts/analysis.ts';
import { beijingMidnight } from '../domain/beijing.ts';
import { badRequest, queryParameter } from '../errors.ts';
import { dueSql, RATE_COLUMNS, receivedSql } from '../kpi/queries.ts';
import { NO_WEIGHTS_ZH, type Scope } from './queries.ts';

type Level = (typeof DRILL_LEVELS)[number];
type Row = DrilldownResult['area'];
type Crumb = DrilldownResult['breadcrumb'][number];

export const CORE = { level: 'core' as const, id: 'core', name: '首都功能核心区', nameEn: 'Capital core area' };

const CHILD: Record<Level, Level | null> = { core: 'district', district: 'street', street: 'community', community: 'cell', cell: null };
/** The cases' column naming each level's area. */
const COLUMN: Record<Exclude<Level, 'core'>, string> = {
  district: 'c.district_id',
  street: 'c.street_id',
  community: 'c.community_id',
  cell: 'c.grid_cell_id',
};
const CODE_LENGTH: Record<Exclude<Level, 'core'>, number> = { district: 6, street: 9, community: 12, cell: 14 };

interface Area {
  level: Level;
  /** admin_area or grid_cell id; 0 for the core area */
  key: number;
  id: string;
  name: string;
  nameEn: string | null;
}

/** The chosen area and its ancestors, from the core area down; an unknown or mismatched id is a 400. */
async function breadcrumbOf(db: pg.Pool, level: Level, id: string | undefined): Promise<Area[]> {
  const core: Area = { ...CORE, key: 0 };
  if (level === 'core') return [core];
  if (id === undefined) throw badRequest(`${queryParameter('id')} is needed for level=${level}: the ${level}'s code`);
  if (id.length !== CODE_LENGTH[level]) {
    throw badRequest(`${queryParameter('id')} (${id}) must be a ${level}'s ${CODE_LENGTH[level]}-digit code for level=${level}`);
  }
  const areas = async (ids: number[]) =>
    (
      await db.query<{ id: number; level: Level; code: string; name: string; name_en: string | null }>(
        'select id, level, code, name, name_en from admin_area where id = any($1::int[]) order by length(code)',
        [ids],
      )
    ).rows.map((a): Area => ({ level: a.level, key: a.id, id: a.code, name: a.name, nameEn: a.name_en }));
  if (level === 'cell') {
    const { rows } = await db.query<{ id: number; community_id: number; street_id: number; district_id: number }>(
      'select id, community_id, street_id, district_id from grid_cell where code = $1',
      [id],
    );
    const g = rows[0];
    if (!g) throw badRequest(`${queryParameter('id')}: no grid cell has code ${id}`);
    return [core, ...(await areas([g.district_id, g.street_id, g.community_id])), { level, key: g.id, id, name: id, nameEn: null }];
  }
  const { rows } = await db.query<{ id: number; path: number[] }>(
    `with recursive up as (
       select id, parent_id, array[id] as path from admin_area where code = $1 and level = $2
       union all
       select a.id, a.parent_id, a.id || up.path from admin_area a join up on a.id = up.parent_id)
     select id, path from up where parent_id is null`,
    [id, level],
  );
  if (!rows[0]) throw badRequest(`${queryParameter('id')}: no ${level} has code ${id}`);
  return [core, ...(await areas(rows[0].path))];
}

/** The children of an area as Areas (cells by code, admin areas by code). */
async function childrenOf(db: pg.Pool, area: Area): Promise<Area[]> {
  const child = CHILD[area.level];
  if (child === null) return [];
  if (child === 'cell') {
    const { rows } = await db.query<{ id: number; code: string }>('select id, code from grid_cell where community_id = $1 order by code', [
      area.key,
    ]);
    return rows.map((g) => ({ level: 'cell', key: g.id, id: g.code, name: g.code, nameEn: null }));
  }
  const { rows } = await db.query<{ id: number; code: string; name: string; name_en: string | null }>(
    area.level === 'core'
      ? `select id, code, name, name_en from admin_area where level = 'district' order by code`
      : 'select id, code, name, name_en from admin_area where parent_id = $1 order by code',
    area.level === 'core' ? [] : [area.key],
  );
  return rows.map((a) => ({ level: child, key: a.id, id: a.code, name: a.name, nameEn: a.name_en }));
}

type Rates = Pick<Row, 'cases' | 'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'closureRate' | 'onTimeRate'>;
const noRates: Rates = { cases: 0, responseRate: null, resolutionRate: null, satisfactionRate: null, closureRate: null, onTimeRate: null };

/**
 * The KPI module's counts and rates grouped by `group`. Its SQL takes the period as $1, $2 and groups by an
 * expression; the analysis filters (category, sources, the chosen area) go into that expression — a case
 * outside them falls into the null group, which is dropped — so the rates are the KPI's, unchanged.
 */
async function kpiRates(db: pg.Pool, scope: Scope, group: string, where: { sql: string; params: unknown[] }) {
  const grouped = `(case when ${where.sql} then ${group} end)`;
  const { rows } = await db.query<Rates & { area: number }>(
    `
    with received as (${receivedSql(grouped)}),
    due as (${dueSql(grouped)}),
    areas as (select area from received union select area from due)
    select a.area, coalesce(r.received, 0)::int as cases, ${RATE_COLUMNS}
      from areas a left join received r on r.area = a.area left join due d on d.area = a.area
     where a.area is not null`,
    [beijingMidnight(scope.from), beijingMidnight(scope.to), ...where.params],
  );
  return new Map(rows.map(({ area, ...r }) => [Number(area), r]));
}

const LEVELS = ['community', 'street', 'district', 'city'] as const;

/** Closed cases of the period by area and by the level of the highest-level department that handled them. */
async function resolvedAt(db: pg.Pool, scope: Scope, group: string, where: { sql: string; params: unknown[] }) {
  const { rows } = await db.query<{ area: number; level: number; n: number }>(
    `
    select area, level, count(*)::int as n from (
      select ${group} as area,
             max(case when d.community_id is not null then 1 when d.street_id is not null then 2
                      when d.district_id is not null then 3 else 4 end) as level
        from cases c join case_department cd on cd.case_id = c.id and cd.status = 'handled'
        join department d on d.id = cd.department_id
       where c.reported_at >= $1 and c.reported_at < $2 and c.closed_at is not null and ${where.sql}
       group by c.id, 1) x
     group by 1, 2`,
    [beijingMidnight(scope.from), beijingMidnight(scope.to), ...where.params],
  );
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const counts = out.get(Number(r.area)) ?? [0, 0, 0, 0];
    counts[r.level - 1] = r.n;
    out.set(Number(r.area), counts);
  }
  return out;
}

const share = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 10_000) / 10_000 : null);

function row(area: Area, rates: Rates | undefined, closed: number[] | undefined): Row {
  const c = closed ?? [0, 0, 0, 0];
  const total = c.reduce((a, b) => a + b, 0);
  return {
    level: area.level,
    id: area.id,
    name: area.name,
    nameEn: area.nameEn,
    ...(rates ?? noRates),
    closed: total,
    resolvedAt: Object.fromEntries(LEVELS.map((l, i) => [l, share(c[i]!, total)])) as Row['resolvedAt'],
  };
}

export async function drilldown(db: pg.Pool, scope: Scope, level: Level, id: string | undefined): Promise<DrilldownResult> {
  const trail = await breadcrumbOf(db, level, id);
  const area = trail.at(-1)!;
  const children = await childrenOf(db, area);
  // the filters (the scope's category, sources and stages) and the chosen area, as a condition from $3
  const f = caseFilterSql({ category: scope.category, sources: scope.sources as never, stages: scope.stages as never }, 'c', 3);
  const conditions = [f.sql];
  const params = [...f.params];
  if (area.level !== 'core') conditions.push(`${COLUMN[area.level]} = $${3 + params.push(area.key) - 1}::int`);
  const where = { sql: conditions.join(' and '), params };

  const childLevel = CHILD[area.level];
  const column = childLevel === null ? null : COLUMN[childLevel as Exclude<Level, 'core'>];
  // the area's own row and its children's: four independent passes, run side by side
  const [own, ownClosed, rates, closed] = await Promise.all([
    kpiRates(db, scope, '0', where),
    resolvedAt(db, scope, '0', where),
    column === null ? new Map<number, Rates>() : kpiRates(db, scope, column, where),
    column === null ? new Map<number, number[]>() : resolvedAt(db, scope, column, where),
  ]);
  const childRows = children
    .map((a) => row(a, rates.get(a.key), closed.get(a.key)))
    .sort((a, b) => b.cases - a.cases || a.id.localeCompare(b.id));
  const self = row(area, own.get(0), ownClosed.get(0));
  const {
    rows: [cells],
  } = await db.query<{ n: number }>(
    `select count(*)::int as n from grid_cell g ${area.level === 'core' ? '' : `where g.${area.level === 'cell' ? 'id' : `${area.level}_id`} = $1`}`,
    area.level === 'core' ? [] : [area.key],
  );
  return {
    meta: {
      method:
        'cases reported in the range per area; closed-loop rates as the monthly KPI ranking defines them; resolved at the level of the highest-level department that handled each closed case',
      methodZh: '各区域所选时段上报的案件；闭环各率口径同月度考核排名；就地解决按处置该结案案件的最高层级部门统计',
      weights: 'none',
      weightsZh: NO_WEIGHTS_ZH,
      alpha: null,
      fdr: false,
      from: scope.from,
      to: scope.to,
      cells: cells!.n,
      cases: self.cases,
      computedAt: new Date().toISOString(),
      rates:
        'server/kpi/queries.ts: response = answered within 2 h ÷ received; resolution = closed ÷ filed; satisfaction = (basically) satisfied ÷ rated; closure and on-time = closed (by the deadline) ÷ cases due in the range',
    },
    area: self,
    breadcrumb: trail.map(({ level: l, id: i, name, nameEn }): Crumb => ({ level: l, id: i, name, nameEn })),
    childLevel,
    children: childRows,
  };
}

export const DRILL_COLUMNS = [
  'level',
  'id',
  'name',
  'nameEn',
  'cases',
  'responseRate',
  'resolutionRate',
  'satisfactionRate',
  'closureRate',
  'onTimeRate',
  'closed',
  'resolvedCommunity',
  'resolvedStreet',
  'resolvedDistrict',
  'resolvedCity',
] as const;

export const drillCsvRows = (rows: Row[]) =>
  rows.map(({ resolvedAt: r, ...rest }) => ({
    ...rest,
    resolvedCommunity: r.community,
    resolvedStreet: r.street,
    resolvedDistrict: r.district,
    resolvedCity: r.city,
  }));
