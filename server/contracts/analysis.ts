// The planner's analyses (分析研判): hot spots, emerging hot spots and the 热线+网格 quadrant model.
import { type Static, Type } from 'typebox';
import { StageList } from './cases.ts';
import { IsoDateOrDateTime, StreetCode } from './common.ts';

const filters = {
  from: Type.Optional(
    IsoDateOrDateTime(
      'first Beijing day counted (a date-time must be a Beijing midnight); default: a year before `to`, or the first recorded day',
    ),
  ),
  to: Type.Optional(IsoDateOrDateTime('end of the range; a date alone includes that whole day; default: today (Beijing) included')),
  category: Type.Optional(
    Type.String({
      pattern: '^[12][0-9]{2}([0-9]{2})?$',
      description: 'a 5-digit sub-class code, or a 3-digit kind + main-class prefix (205 = street order events)',
      errorMessage: 'must be a 5-digit category code such as 20501 or a 3-digit main-class prefix such as 205',
    }),
  ),
  source: Type.Optional(
    Type.String({
      pattern:
        '^(hotline|grid_patrol|alley_chief|steward|public_app|sensor|social_media)(,(hotline|grid_patrol|alley_chief|steward|public_app|sensor|social_media))*$',
      description: 'one source or a comma list: hotline, grid_patrol, alley_chief, steward, public_app, sensor, social_media',
      errorMessage:
        'must be sources from hotline, grid_patrol, alley_chief, steward, public_app, sensor, social_media, separated by commas',
    }),
  ),
  // the cases now at one of these stages, as the case list's filter of the same name
  stage: Type.Optional(StageList),
  street: Type.Optional(StreetCode),
  community: Type.Optional(
    Type.String({
      pattern: '^[0-9]{12}$',
      description: "a community's 12-digit code: the study area becomes that community's cells",
      errorMessage: "must be a community's 12-digit code, e.g. 110102001001",
    }),
  ),
};

const format = Type.Optional(
  Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('geojson')], {
    description: 'json (default), csv (UTF-8 with BOM, for Excel) or geojson (cell polygons in WGS84); both streamed',
  }),
);

export const HotspotQuery = Type.Object(
  {
    ...filters,
    method: Type.Optional(
      Type.Union([Type.Literal('gistar'), Type.Literal('moran')], {
        description: "gistar: Getis–Ord Gi* (default); moran: Local Moran's I",
      }),
    ),
    format,
  },
  { additionalProperties: false },
);
export type HotspotQuery = Static<typeof HotspotQuery>;

export const EmergingQuery = Type.Object({ ...filters, format }, { additionalProperties: false });

/** The cases behind an analysis, as a file: the same filters and study area. */
export const CaseExportQuery = Type.Object(
  {
    ...filters,
    format: Type.Optional(
      Type.Union([Type.Literal('csv'), Type.Literal('geojson')], {
        description: 'csv (default; UTF-8 with BOM, for Excel) or geojson (points in WGS84); both streamed from a database cursor',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CaseExportQuery = Static<typeof CaseExportQuery>;
export type EmergingQuery = Static<typeof EmergingQuery>;

// the two sources are the model itself: no source filter
const { source: _source, ...quadrantFilters } = filters;
export const QuadrantQuery = Type.Object(
  {
    ...quadrantFilters,
    split: Type.Optional(
      Type.Union([Type.Literal('median'), Type.Literal('q3')], {
        description:
          'where "high" begins for each source: above its median (default) or above its upper quartile over the cells (or communities)',
      }),
    ),
    format,
  },
  { additionalProperties: false },
);
export type QuadrantQuery = Static<typeof QuadrantQuery>;

const Num = Type.Union([Type.Number(), Type.Null()]);

/** What every analysis states about itself (issue 13: method, weights, α, cells, cases, when). */
export const AnalysisMeta = Type.Object({
  method: Type.String(),
  weights: Type.String(),
  methodZh: Type.String({ description: 'the method in Chinese, as the zh-CN page shows it' }),
  weightsZh: Type.String({ description: 'the weights in Chinese' }),
  alpha: Type.Number(),
  fdr: Type.Boolean(),
  from: Type.String({ description: 'first Beijing day counted' }),
  to: Type.String({ description: 'the Beijing day after the last one counted' }),
  cells: Type.Integer({ description: 'cells in the study area' }),
  tested: Type.Integer({ description: 'cells with a statistic; the others are untestable (null), never cold' }),
  cases: Type.Integer(),
  untestable: Type.Union([Type.String(), Type.Null()], { description: 'why the whole area could not be tested' }),
  tooFewCases: Type.Integer({ description: 'cells left untested for want of cases (see minCases): shown as such, never as cold' }),
  minCases: Type.Integer({
    description:
      'a cell is tested when its neighbourhood (itself and its queen neighbours) holds or is expected to hold at least this many cases',
  }),
  computedAt: Type.String({ format: 'date-time' }),
});
export type AnalysisMeta = Static<typeof AnalysisMeta>;

const Untestable = Type.Union([Type.Literal('too-few-cases'), Type.Literal('no-neighbours'), Type.Literal('study-area'), Type.Null()], {
  description:
    'why the cell has no class: too-few-cases (its neighbourhood holds and is expected to hold fewer than minCases cases), no-neighbours (none in the study area, or its neighbourhood is the whole area), study-area (the whole area is untestable: meta.untestable); null when tested',
});

export const HotspotCell = Type.Object({
  code: Type.String(),
  count: Type.Integer(),
  z: Num,
  p: Num,
  significant: Type.Boolean({ description: 'significant at α = 0.05 after the FDR correction' }),
  class: Type.Union([Type.String(), Type.Null()], {
    description:
      'gistar: hot-99, hot-95, hot-90, not-significant, cold-90, cold-95, cold-99; moran: HH, LL, HL, LH, not-significant; null when untestable',
  }),
  untestable: Untestable,
});
export const HotspotResult = Type.Object({ meta: AnalysisMeta, items: Type.Array(HotspotCell) });
export type HotspotResult = Static<typeof HotspotResult>;

export const EmergingCell = Type.Object({
  code: Type.String(),
  count: Type.Integer(),
  category: Type.Union([Type.String(), Type.Null()], {
    description: "ArcGIS's category (new-hot, intensifying-hot, …, no-pattern); null when untestable in every week",
  }),
  hotWeeks: Type.Integer(),
  coldWeeks: Type.Integer(),
  trendTau: Num,
  trendP: Num,
  untestable: Untestable,
});
export const EmergingResult = Type.Object({
  meta: Type.Intersect([AnalysisMeta, Type.Object({ weeks: Type.Array(Type.String(), { description: "each weekly bin's first day" }) })]),
  items: Type.Array(EmergingCell),
});
export type EmergingResult = Static<typeof EmergingResult>;

export const QUADRANTS = ['both-high', 'blind-spot', 'patrol-high', 'both-low'] as const;
const Quadrant = Type.Enum(QUADRANTS, {
  description: 'both-high: focus of active governance; blind-spot: hotline high, patrol low (strengthen patrol); patrol-high; both-low',
});
const QuadrantRow = Type.Object({ code: Type.String(), hotline: Type.Integer(), patrol: Type.Integer(), quadrant: Quadrant });
const SubclassCount = Type.Object({
  code: Type.String({ description: 'the 5-digit sub-class code' }),
  name: Type.String(),
  nameEn: Type.String(),
  count: Type.Integer(),
});

/** What a descriptive analysis (no significance test) states about itself: the same fields as AnalysisMeta. */
export const DescriptiveMeta = Type.Object({
  method: Type.String(),
  weights: Type.String({ description: "'none' where no spatial weights enter the result" }),
  methodZh: Type.String({ description: 'the method in Chinese, as the zh-CN page shows it' }),
  weightsZh: Type.String({ description: 'the weights in Chinese' }),
  alpha: Type.Union([Type.Number(), Type.Null()], { description: 'null: no significance test' }),
  fdr: Type.Boolean(),
  from: Type.String({ description: 'first Beijing day counted' }),
  to: Type.String({ description: 'the Beijing day after the last one counted' }),
  cells: Type.Integer({ description: 'cells in the study area' }),
  cases: Type.Integer({ description: 'cases counted' }),
  computedAt: Type.String({ format: 'date-time' }),
});
export type DescriptiveMeta = Static<typeof DescriptiveMeta>;

export const QuadrantResult = Type.Object({
  meta: Type.Intersect([
    DescriptiveMeta,
    Type.Object({
      split: Type.String(),
      thresholds: Type.Object(
        {
          cells: Type.Object({ hotline: Type.Number(), patrol: Type.Number() }),
          communities: Type.Object({ hotline: Type.Number(), patrol: Type.Number() }),
        },
        { description: '"high" means a count strictly above the threshold' },
      ),
    }),
  ]),
  cells: Type.Array(QuadrantRow),
  communities: Type.Array(
    Type.Intersect([QuadrantRow, Type.Object({ name: Type.String(), nameEn: Type.Union([Type.String(), Type.Null()]) })]),
  ),
  blindSpots: Type.Array(
    Type.Object({
      streetCode: Type.String(),
      streetName: Type.String(),
      streetNameEn: Type.Union([Type.String(), Type.Null()]),
      hotline: Type.Integer({ description: "hotline cases in the street's blind-spot cells" }),
      topSubclasses: Type.Array(SubclassCount, { description: "the hotline's three most frequent sub-classes over these cells" }),
      cells: Type.Array(
        Type.Object({
          code: Type.String(),
          communityCode: Type.String(),
          hotline: Type.Integer(),
          patrol: Type.Integer(),
          patrollerId: Type.Union([Type.Integer(), Type.Null()], {
            description: "the cell's grid patroller (person id), whose beat it is",
          }),
          patroller: Type.Union([Type.String(), Type.Null()]),
          topSubclasses: Type.Array(SubclassCount, { description: "the hotline's three most frequent sub-classes in the cell" }),
          alleys: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }), {
            description: 'back alleys crossing the cell: candidates for a patrol plan',
          }),
        }),
      ),
    }),
    { description: 'blind-spot cells by street, the most hotline cases first' },
  ),
});
export type QuadrantResult = Static<typeof QuadrantResult>;

// --- patrol plans: the blind spots turned into next week's rounds -----------------------------------

export const PatrolPlanBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'what the plan is called, e.g. 什刹海 补巡 12月第2周' }),
    weekStart: Type.String({
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
      description: 'the Monday (Beijing calendar) of the week the plan is for, e.g. 2026-12-07',
      errorMessage: 'must be a date such as 2026-12-07 (a Monday)',
    }),
    items: Type.Array(
      Type.Object(
        {
          patrollerId: Type.Integer({ minimum: 1, description: "a grid patroller's person id" }),
          cellCodes: Type.Array(Type.String({ pattern: '^[0-9]{14}$', errorMessage: "must be a grid cell's 14-digit code" }), {
            maxItems: 500,
            uniqueItems: true,
            description: 'unit-grid cells to add to the patroller’s rounds',
          }),
          alleyIds: Type.Array(Type.Integer({ minimum: 1 }), {
            maxItems: 500,
            uniqueItems: true,
            description: 'back alleys (alley ids) to add',
          }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 2000, description: 'one entry per patroller' },
    ),
  },
  { additionalProperties: false },
);
export type PatrolPlanBody = Static<typeof PatrolPlanBody>;

export const PatrolPlanSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  weekStart: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  patrollers: Type.Integer(),
  cells: Type.Integer(),
  alleys: Type.Integer(),
});
export type PatrolPlanSummary = Static<typeof PatrolPlanSummary>;
export const PatrolPlanList = Type.Object({ items: Type.Array(PatrolPlanSummary) });
export type PatrolPlanList = Static<typeof PatrolPlanList>;

export const PatrolPlan = Type.Intersect([
  PatrolPlanSummary,
  Type.Object({
    items: Type.Array(
      Type.Object({
        patrollerId: Type.Integer(),
        patroller: Type.String(),
        organisation: Type.String(),
        streetCode: Type.Union([Type.String(), Type.Null()]),
        streetName: Type.Union([Type.String(), Type.Null()]),
        cells: Type.Array(Type.Object({ code: Type.String(), communityCode: Type.String(), communityName: Type.String() })),
        alleys: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), streetName: Type.String() })),
      }),
    ),
  }),
]);
export type PatrolPlan = Static<typeof PatrolPlan>;

export const PatrolPlanParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'the plan id' }) });
export const PatrolPlanQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('csv')], {
        description: 'json (default) or csv: one row per patroller and place, UTF-8 with BOM',
      }),
    ),
  },
  { additionalProperties: false },
);

// --- what residents complain about most, and when ---------------------------------------------------

const tableFormat = Type.Optional(
  Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'json (default) or csv (UTF-8 with BOM, for Excel)' }),
);

export const TopProblemsQuery = Type.Object(
  {
    ...filters,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'how many sub-class × street rows (default 20)' })),
    format: tableFormat,
  },
  { additionalProperties: false },
);
export type TopProblemsQuery = Static<typeof TopProblemsQuery>;

export const TopProblemsResult = Type.Object({
  meta: Type.Intersect([
    DescriptiveMeta,
    Type.Object({
      previousFrom: Type.String({ description: 'the previous period of equal length: its first day' }),
      previousTo: Type.String({ description: 'the day after its last (= from)' }),
      previousComplete: Type.Boolean({ description: 'false when the previous period begins before the first recorded day' }),
    }),
  ]),
  items: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      categoryCode: Type.String(),
      categoryName: Type.String(),
      categoryNameEn: Type.String(),
      streetCode: Type.String(),
      streetName: Type.String(),
      streetNameEn: Type.Union([Type.String(), Type.Null()]),
      count: Type.Integer({ description: 'cases in the range' }),
      previous: Type.Integer({ description: 'cases in the previous period of equal length' }),
      change: Type.Integer({ description: 'count − previous' }),
      changeRate: Type.Union([Type.Number(), Type.Null()], { description: '(count − previous) ÷ previous; null when previous is 0' }),
    }),
  ),
});
export type TopProblemsResult = Static<typeof TopProblemsResult>;

export const SeasonalQuery = Type.Object(
  {
    ...filters,
    by: Type.Optional(
      Type.Union([Type.Literal('main'), Type.Literal('sub')], {
        description: 'rows of the month table: main classes (default) or sub-classes',
      }),
    ),
    table: Type.Optional(
      Type.Union([Type.Literal('month'), Type.Literal('hour')], {
        description: 'for format=csv: the category × month table (default) or weekday × hour',
      }),
    ),
    format: tableFormat,
  },
  { additionalProperties: false },
);
export type SeasonalQuery = Static<typeof SeasonalQuery>;

export const SeasonalResult = Type.Object({
  meta: DescriptiveMeta,
  months: Type.Array(Type.String(), { description: 'the Beijing months of the range (YYYY-MM), the columns of byMonth' }),
  byMonth: Type.Array(
    Type.Object({
      code: Type.String({ description: '3-digit main class (kind + main) or 5-digit sub-class' }),
      name: Type.String(),
      nameEn: Type.String(),
      counts: Type.Array(Type.Integer(), { description: 'one per month' }),
      total: Type.Integer(),
    }),
    { description: 'the most cases first' },
  ),
  byHour: Type.Object({
    weekdays: Type.Array(Type.String(), { description: 'Mon … Sun (ISO order), the rows of counts' }),
    counts: Type.Array(Type.Array(Type.Integer()), { description: '7 rows × 24 Beijing hours' }),
  }),
});
export type SeasonalResult = Static<typeof SeasonalResult>;

export const RecurringQuery = Type.Object(
  {
    ...filters,
    n: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000, description: 'at least this many cases … (default 3)' })),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: '… within this many days (default 30)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, description: 'how many places (default 500)' })),
    format: tableFormat,
  },
  { additionalProperties: false },
);
export type RecurringQuery = Static<typeof RecurringQuery>;

export const RecurringResult = Type.Object({
  meta: Type.Intersect([
    DescriptiveMeta,
    Type.Object({
      n: Type.Integer(),
      days: Type.Integer(),
      places: Type.Integer({ description: 'recurring places found (before limit)' }),
    }),
  ]),
  items: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('alley'), Type.Literal('cell')], {
        description: 'cases on an alley count for the alley; the others for their grid cell',
      }),
      place: Type.String({ description: "the cell's code or the alley's id" }),
      placeName: Type.String(),
      cellCode: Type.String({ description: 'the cell of the latest case' }),
      streetCode: Type.String(),
      streetName: Type.String(),
      categoryCode: Type.String(),
      categoryName: Type.String(),
      categoryNameEn: Type.String(),
      cases: Type.Integer({ description: 'cases of this sub-class at this place in the range' }),
      maxWithin: Type.Integer({ description: 'the most of them within any window of `days` days' }),
      first: Type.String({ format: 'date-time' }),
      last: Type.String({ format: 'date-time' }),
      caseCodes: Type.Array(Type.String(), { description: 'every case of the place in the range, oldest first' }),
    }),
  ),
});
export type RecurringResult = Static<typeof RecurringResult>;

// --- drill-down --------------------------------------------------------------------------------------

export const DRILL_LEVELS = ['core', 'district', 'street', 'community', 'cell'] as const;
const { street: _street, community: _community, ...drillFilters } = filters;
export const DrilldownQuery = Type.Object(
  {
    level: Type.Optional(
      Type.Enum(DRILL_LEVELS, { description: 'the chosen area: core (the whole core area, default), district, street, community or cell' }),
    ),
    id: Type.Optional(
      Type.String({
        pattern: '^[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?$',
        description: "the area's code (district 6 digits, street 9, community 12, cell 14); not for core",
        errorMessage: 'must be a district (6 digits), street (9), community (12) or grid cell (14) code',
      }),
    ),
    ...drillFilters,
    format: tableFormat,
  },
  { additionalProperties: false },
);
export type DrilldownQuery = Static<typeof DrilldownQuery>;

const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const DrillRow = Type.Object({
  level: Type.Enum(DRILL_LEVELS),
  id: Type.String({ description: 'the code' }),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  cases: Type.Integer({ description: 'cases reported in the range (the KPI "received")' }),
  responseRate: Share,
  resolutionRate: Share,
  satisfactionRate: Share,
  closureRate: Share,
  onTimeRate: Share,
  closed: Type.Integer({ description: 'cases of the range closed so far' }),
  resolvedAt: Type.Object(
    {
      community: Share,
      street: Share,
      district: Share,
      city: Share,
    },
    {
      description:
        "大事不出街镇、小事不出社区: of the closed cases, the share whose highest-level handling department was a community's, a street's, a district's or a city-wide one",
    },
  ),
});
export const DrilldownResult = Type.Object({
  meta: Type.Intersect([DescriptiveMeta, Type.Object({ rates: Type.String({ description: 'where the rates are defined' }) })]),
  area: DrillRow,
  breadcrumb: Type.Array(
    Type.Object({
      level: Type.Enum(DRILL_LEVELS),
      id: Type.String(),
      name: Type.String(),
      nameEn: Type.Union([Type.String(), Type.Null()]),
    }),
    {
      description: 'from the core area down to the chosen area (included)',
    },
  ),
  childLevel: Type.Union([Type.Enum(DRILL_LEVELS), Type.Null()]),
  children: Type.Array(DrillRow, { description: 'the areas one level down, the most cases first' }),
});
export type DrilldownResult = Static<typeof DrilldownResult>;
