// Cases (案件): the list with its filters and keyset pagination, and one case with its trail (全程留痕).
import { type Static, Type } from 'typebox';
import { Bbox, IsoDateOrDateTime, StreetCode } from './common.ts';
import { CASE_SOURCES, DEPARTMENT_STATUSES, REJECT_REASONS, SATISFACTIONS, CASE_STAGES as STAGES } from './constants.ts';

export { CASE_SOURCES, CASE_STAGES, type CaseSource, type CaseStage, FINISHED_STAGES, SATISFACTIONS } from './constants.ts';

/** "a" or "a,b,c" where each item is one of `values`. */
const listOf = (values: readonly string[], what: string) => {
  const one = `(${values.join('|')})`;
  return Type.String({
    pattern: `^${one}(,${one})*$`,
    description: `one ${what} or several separated by commas: ${values.join(', ')}`,
    errorMessage: `must be one or more of ${values.join(', ')}, separated by commas`,
  });
};

/** Stages as a filter: the case's stage now (the case list, the case tiles and the planner's analyses). */
export const StageList = listOf(STAGES, 'stage');

export const CaseListQuery = Type.Object(
  {
    from: Type.Optional(IsoDateOrDateTime('reported at or after this time')),
    to: Type.Optional(IsoDateOrDateTime('reported before this time; a date alone includes that whole day')),
    category: Type.Optional(
      Type.String({
        pattern: '^[12][0-9]{2}([0-9]{2})?$',
        description: 'a 5-digit category code (e.g. 10101) or a 3-digit kind + main class prefix (e.g. 205)',
        errorMessage:
          'must be a 5-digit category code such as 10101 or a 3-digit prefix such as 205 (1 = component, 2 = event, then the main class)',
      }),
    ),
    source: Type.Optional(listOf(CASE_SOURCES, 'source')),
    stage: Type.Optional(StageList),
    street: Type.Optional(StreetCode),
    bbox: Type.Optional(Bbox),
    overdue: Type.Optional(Type.Boolean({ description: 'true: only open cases past their deadline (超期); false: only the others' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'cases per page, 1–500' }),
    cursor: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{1,64}$',
        description: 'nextCursor from the previous page',
        errorMessage: 'must be the nextCursor value of a previous page',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;

export const CaseSummary = Type.Object({
  code: Type.String(),
  source: Type.Enum(CASE_SOURCES),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  categoryNameEn: Type.String(),
  stage: Type.Enum(STAGES),
  priority: Type.Integer({ minimum: 1, maximum: 3, description: '1 = most urgent' }),
  reportedAt: Type.String({ format: 'date-time' }),
  deadline: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  overdue: Type.Boolean({ description: 'still open and past its deadline' }),
  streetCode: Type.String(),
  streetName: Type.String(),
  streetNameEn: Type.Union([Type.String(), Type.Null()]),
  gridCode: Type.String(),
  alleyName: Type.Union([Type.String(), Type.Null()]),
  lng: Type.Number(),
  lat: Type.Number(),
});
export type CaseSummary = Static<typeof CaseSummary>;

export const CasePage = Type.Object({
  items: Type.Array(CaseSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as cursor for the next page; null on the last page' }),
});
export type CasePage = Static<typeof CasePage>;

export const CaseParams = Type.Object({
  code: Type.String({
    pattern: '^[A-Za-z0-9-]{1,40}$',
    description: 'the case code',
    errorMessage: 'must be a case code (letters, digits and hyphens)',
  }),
});
export type CaseParams = Static<typeof CaseParams>;

const Ts = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const TrailEntry = Type.Object({
  action: Type.String(),
  fromStage: Type.Union([Type.String(), Type.Null()]),
  toStage: Type.String(),
  actor: Type.String(),
  department: Type.Union([Type.String(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type TrailEntry = Static<typeof TrailEntry>;

export const CaseDetail = Type.Object({
  ...CaseSummary.properties,
  description: Type.String(),
  reporter: Type.Optional(
    Type.Object(
      {
        name: Type.Union([Type.String(), Type.Null()]),
        phone: Type.Union([Type.String(), Type.Null()]),
      },
      { description: 'personal data: only for leader, commander, dispatcher and field roles' },
    ),
  ),
  departments: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      status: Type.Enum(DEPARTMENT_STATUSES),
    }),
  ),
  rejectReason: Type.Union([Type.Enum(REJECT_REASONS), Type.Null()]),
  reworkCount: Type.Integer(),
  supervised: Type.Boolean(),
  urgeCount: Type.Integer(),
  satisfaction: Type.Union([Type.Enum(SATISFACTIONS), Type.Null()]),
  acceptedAt: Ts,
  filedAt: Ts,
  dispatchedAt: Ts,
  handledAt: Ts,
  closedAt: Ts,
  evaluatedAt: Ts,
  trail: Type.Array(TrailEntry),
});
export type CaseDetail = Static<typeof CaseDetail>;
