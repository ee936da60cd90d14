// KPIs of the loop per street, district and department and month, the composite score that ranks
// the streets, and its weights.
import { type Static, Type } from 'typebox';

export const Month = Type.String({
  pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$',
  description: 'a Beijing calendar month, e.g. 2026-07 (default: this month)',
  errorMessage: 'must be a month such as 2026-07',
});
export type Month = Static<typeof Month>;
export const KpiQuery = Type.Object({ month: Type.Optional(Month) }, { additionalProperties: false });
export type KpiQuery = Static<typeof KpiQuery>;

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'a share 0–1; null when nothing to count' });

export const KpiWeights = Type.Object(
  {
    response: Type.Number({ minimum: 0, maximum: 1 }),
    resolution: Type.Number({ minimum: 0, maximum: 1 }),
    satisfaction: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false, description: 'shares summing to 1' },
);
export type KpiWeights = Static<typeof KpiWeights>;

export const AreaKpi = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  rank: Type.Integer({ description: '1 = best composite score this month' }),
  score: Type.Union([Type.Number(), Type.Null()], { description: 'composite 0–100: weighted response, resolution and satisfaction rates' }),
  received: Type.Integer({ description: 'cases reported this month' }),
  responseRate: Rate,
  resolutionRate: Rate,
  satisfactionRate: Rate,
  due: Type.Integer({ description: "filed cases whose deadline fell before the month's end (or now)" }),
  closureRate: Rate,
  onTimeRate: Rate,
  reworkRate: Rate,
  overdue: Type.Integer({ description: 'due cases not closed by their deadline' }),
  supervised: Type.Integer(),
});
export type AreaKpi = Static<typeof AreaKpi>;

export const AreaKpiPage = Type.Object({ month: Type.String(), weights: KpiWeights, items: Type.Array(AreaKpi) });
export type AreaKpiPage = Static<typeof AreaKpiPage>;

export const DepartmentKpi = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  dispatched: Type.Integer({ description: 'dispatches to this department this month' }),
  handled: Type.Integer(),
  returned: Type.Integer(),
  open: Type.Integer(),
  onTimeRate: Rate,
  reworkRate: Rate,
});
export type DepartmentKpi = Static<typeof DepartmentKpi>;

export const DepartmentKpiPage = Type.Object({ month: Type.String(), items: Type.Array(DepartmentKpi) });
export type DepartmentKpiPage = Static<typeof DepartmentKpiPage>;
