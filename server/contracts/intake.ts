// Case intake (发现上报): one case or a batch, each with an optional idempotency key, answered with
// where PostGIS placed it (grid cell, alley, community, street).
import { type Static, Type } from 'typebox';
import { CASE_SOURCES } from './cases.ts';

export const IdempotencyKey = Type.String({
  pattern: '^[\\x21-\\x7e]{1,100}$',
  description: 'a client-chosen key (1–100 printable ASCII characters); the same key never makes a second case',
  errorMessage: 'must be 1–100 printable ASCII characters without spaces',
});
export type IdempotencyKey = Static<typeof IdempotencyKey>;

export const NewCase = Type.Object(
  {
    source: Type.Enum(
      CASE_SOURCES.filter((s) => s !== 'sensor'),
      {
        description: 'how the case was found; sensor cases are raised by the sensor intake, not reported here',
      },
    ),
    categoryCode: Type.String({
      pattern: '^[12][0-9]{4}$',
      description: 'a 5-digit category code (GET /open311/v2/services.json lists them)',
      errorMessage: 'must be a 5-digit category code such as 10101',
    }),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    lng: Type.Number({ minimum: -180, maximum: 180, description: 'WGS84 longitude' }),
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'WGS84 latitude' }),
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 3, description: '1 = most urgent; default 3' })),
    reportedAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'when the report was made (e.g. the hotline call); default now; not in the future',
      }),
    ),
    reporterName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    reporterPhone: Type.Optional(
      Type.String({
        pattern: '^[0-9+\\- ]{3,20}$',
        errorMessage: 'must be a phone number (digits, +, - and spaces)',
      }),
    ),
    idempotencyKey: Type.Optional(IdempotencyKey),
  },
  { additionalProperties: false },
);
export type NewCase = Static<typeof NewCase>;

export const MAX_BATCH = 1000;

export const CaseBatch = Type.Object(
  {
    cases: Type.Array(NewCase, { minItems: 1, maxItems: MAX_BATCH, description: `1–${MAX_BATCH} cases, taken all or none` }),
  },
  { additionalProperties: false },
);
export type CaseBatch = Static<typeof CaseBatch>;

export const CaseReceipt = Type.Object({
  code: Type.String(),
  created: Type.Boolean({ description: 'false when the idempotency key had already made this case' }),
  idempotencyKey: Type.Union([Type.String(), Type.Null()]),
  stage: Type.String(),
  reportedAt: Type.String({ format: 'date-time' }),
  gridCode: Type.String(),
  communityCode: Type.String(),
  streetCode: Type.String(),
  streetName: Type.String(),
  alleyName: Type.Union([Type.String(), Type.Null()]),
  lng: Type.Number(),
  lat: Type.Number(),
});
export type CaseReceipt = Static<typeof CaseReceipt>;

export const BatchReceipt = Type.Object({
  created: Type.Integer({ description: 'cases made by this request' }),
  existing: Type.Integer({ description: 'cases whose idempotency key had already made them' }),
  items: Type.Array(CaseReceipt, { description: 'one receipt per submitted case, in the order submitted' }),
});
export type BatchReceipt = Static<typeof BatchReceipt>;

export const IdempotencyHeader = Type.Object({
  'idempotency-key': Type.Optional(IdempotencyKey),
});
export type IdempotencyHeader = Static<typeof IdempotencyHeader>;
