// Sensor readings and crowd counts coming in from the IoT platform, and what the cockpit reads back.
import { type Static, Type } from 'typebox';
import { IsoDateOrDateTime } from './common.ts';
import { SENSOR_KINDS, SENSOR_STATUSES } from './constants.ts';

const At = Type.String({ format: 'date-time', description: 'when it was measured (ISO date-time)' });

export const MAX_READINGS = 5000;
export const ReadingBatch = Type.Object(
  {
    readings: Type.Array(
      Type.Object(
        {
          sensor: Type.String({ minLength: 1, maxLength: 40, description: 'the sensor code' }),
          at: At,
          value: Type.Number(),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_READINGS },
    ),
  },
  { additionalProperties: false },
);
export type ReadingBatch = Static<typeof ReadingBatch>;

export const AlarmNotice = Type.Object({
  sensor: Type.String(),
  change: Type.Union([Type.Literal('raised'), Type.Literal('cleared')]),
  at: Type.String(),
  value: Type.Number(),
  caseCode: Type.Union([Type.String(), Type.Null()]),
});
export type AlarmNotice = Static<typeof AlarmNotice>;

export const ReadingReceipt = Type.Object({
  stored: Type.Integer({ description: 'readings new to the database' }),
  duplicates: Type.Integer({ description: 'readings already stored (same sensor and time): ignored' }),
  alarms: Type.Array(AlarmNotice),
});
export type ReadingReceipt = Static<typeof ReadingReceipt>;

export const MAX_COUNTS = 1000;
export const CountBatch = Type.Object(
  {
    counts: Type.Array(
      Type.Object(
        {
          area: Type.String({ minLength: 1, maxLength: 40, description: 'the crowd area code' }),
          at: At,
          count: Type.Integer({ minimum: 0 }),
          inflow: Type.Integer({ minimum: 0 }),
          outflow: Type.Integer({ minimum: 0 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_COUNTS },
    ),
  },
  { additionalProperties: false },
);
export type CountBatch = Static<typeof CountBatch>;

export const CountReceipt = Type.Object({
  stored: Type.Integer(),
  duplicates: Type.Integer(),
  alarms: Type.Array(Type.Object({ area: Type.String(), change: Type.String(), at: Type.String(), share: Type.Number() })),
});
export type CountReceipt = Static<typeof CountReceipt>;

export { SENSOR_KINDS, SENSOR_STATUSES, type SensorKind, type SensorStatus } from './constants.ts';

export const SensorQuery = Type.Object(
  {
    kind: Type.Optional(Type.Enum(SENSOR_KINDS)),
    status: Type.Optional(Type.Enum(SENSOR_STATUSES)),
  },
  { additionalProperties: false },
);
export type SensorQuery = Static<typeof SensorQuery>;

export const Sensor = Type.Object({
  code: Type.String(),
  kind: Type.Enum(SENSOR_KINDS),
  name: Type.String(),
  lng: Type.Number(),
  lat: Type.Number(),
  status: Type.Enum(SENSOR_STATUSES, { description: 'offline when silent for three reporting intervals' }),
  lastValue: Type.Union([Type.Number(), Type.Null()]),
  lastReadingAt: Type.Union([Type.String(), Type.Null()]),
  unit: Type.String(),
  alarmAbove: Type.Union([Type.Number(), Type.Null()]),
  clearBelow: Type.Union([Type.Number(), Type.Null()]),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  streetCode: Type.Union([Type.String(), Type.Null()]),
});
export type Sensor = Static<typeof Sensor>;

export const SeriesQuery = Type.Object(
  {
    from: Type.Optional(IsoDateOrDateTime('from (default: 24 hours ago)')),
    to: Type.Optional(IsoDateOrDateTime('before (default: now)')),
  },
  { additionalProperties: false },
);
export type SeriesQuery = Static<typeof SeriesQuery>;

export const Series = Type.Array(Type.Object({ at: Type.String(), value: Type.Number() }));
export type Series = Static<typeof Series>;

export const AlarmQuery = Type.Object(
  {
    open: Type.Optional(Type.Boolean({ description: 'true: only alarms still raised' })),
    from: Type.Optional(IsoDateOrDateTime('raised at or after')),
    to: Type.Optional(IsoDateOrDateTime('raised before')),
  },
  { additionalProperties: false },
);
export type AlarmQuery = Static<typeof AlarmQuery>;

export const Alarm = Type.Object({
  sensor: Type.String(),
  kind: Type.Enum(SENSOR_KINDS),
  name: Type.String(),
  lng: Type.Number(),
  lat: Type.Number(),
  raisedAt: Type.String(),
  clearedAt: Type.Union([Type.String(), Type.Null()]),
  raisedValue: Type.Number(),
  peakValue: Type.Number(),
  unit: Type.String(),
  caseCode: Type.Union([Type.String(), Type.Null()]),
});
export type Alarm = Static<typeof Alarm>;

export const CrowdArea = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  capacity: Type.Integer(),
  alarmShare: Type.Number(),
  count: Type.Union([Type.Integer(), Type.Null()]),
  inflow: Type.Union([Type.Integer(), Type.Null()]),
  outflow: Type.Union([Type.Integer(), Type.Null()]),
  at: Type.Union([Type.String(), Type.Null()]),
  share: Type.Union([Type.Number(), Type.Null()]),
  alarm: Type.Boolean(),
  lng: Type.Number(),
  lat: Type.Number(),
});
export type CrowdArea = Static<typeof CrowdArea>;

export const CountSeries = Type.Array(
  Type.Object({ at: Type.String(), count: Type.Integer(), inflow: Type.Integer(), outflow: Type.Integer() }),
);
export type CountSeries = Static<typeof CountSeries>;
