// What the leader cockpit (领导驾驶舱) reads besides the KPI ranking, sensors and crowds: the city's
// figures at a glance in one answer, and the case points behind the live heatmap.
import { type Static, Type } from 'typebox';
import { CASE_SOURCES, COCKPIT_WINDOWS, type CockpitWindow } from './constants.ts';

export { COCKPIT_WINDOWS, type CockpitWindow };
export const WINDOW_HOURS: Record<CockpitWindow, number> = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 };

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);

export const CockpitSummary = Type.Object({
  at: Type.String({ format: 'date-time', description: 'when these figures were read' }),
  today: Type.Object({
    date: Type.String({ description: 'the Beijing calendar day, e.g. 2026-11-23' }),
    total: Type.Integer({ description: 'cases reported since Beijing midnight' }),
    bySource: Type.Array(Type.Object({ source: Type.Enum(CASE_SOURCES), count: Type.Integer() }), {
      description: 'every source, most first',
    }),
    byCategory: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), count: Type.Integer() }), {
      description: 'the eight commonest main classes (大类), most first',
    }),
  }),
  open: Type.Object({
    total: Type.Integer({ description: 'cases not yet closed, rejected or cancelled' }),
    overdue: Type.Integer({ description: 'open cases past their deadline (超期)' }),
    supervised: Type.Integer({ description: 'open cases under supervision (督办)' }),
  }),
  month: Type.Object(
    {
      month: Type.String(),
      received: Type.Integer(),
      responseRate: Rate,
      resolutionRate: Rate,
      satisfactionRate: Rate,
      closureRate: Rate,
      onTimeRate: Rate,
    },
    { description: 'the whole city this Beijing month, defined as the street ranking defines them (server/kpi/queries.ts)' },
  ),
  trend: Type.Array(Type.Object({ day: Type.String(), reported: Type.Integer(), closed: Type.Integer() }), {
    description: 'the last 30 Beijing days, oldest first, today included',
  }),
});
export type CockpitSummary = Static<typeof CockpitSummary>;

export const HeatQuery = Type.Object(
  {
    window: Type.Enum(COCKPIT_WINDOWS, { default: '24h', description: 'cases reported in the last 24 hours, 7 days or 30 days' }),
  },
  { additionalProperties: false },
);
export type HeatQuery = Static<typeof HeatQuery>;

export const HeatPoints = Type.Object({
  window: Type.Enum(COCKPIT_WINDOWS),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  points: Type.Array(Type.Tuple([Type.Number(), Type.Number(), Type.Integer()]), {
    description: '[lng, lat, priority] of every case reported in the window (1 = most urgent)',
  }),
});
export type HeatPoints = Static<typeof HeatPoints>;
