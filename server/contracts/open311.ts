// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): services are our case categories,
// service requests are our cases. Field names are the standard's, so existing civic clients work.
import { type Static, Type } from 'typebox';
import { IsoDateOrDateTime } from './common.ts';
import { IdempotencyKey } from './intake.ts';

export const JURISDICTION = 'beijing-core';

const JurisdictionId = Type.Optional(
  Type.String({
    description: `the jurisdiction served here: ${JURISDICTION}`,
    errorMessage: `must be ${JURISDICTION}, the only jurisdiction this server serves`,
    pattern: `^${JURISDICTION}$`,
  }),
);
const ApiKey = Type.Optional(Type.String({ description: 'a Xiuhua token (POST /api/auth/login), instead of the Authorization header' }));
const Locale = Type.Optional(Type.String({ pattern: '^(zh|en)([-_][A-Za-z]{2})?$', errorMessage: 'must be zh, en, zh-CN or en-US' }));

export const ServicesQuery = Type.Object({ jurisdiction_id: JurisdictionId, locale: Locale }, { additionalProperties: false });
export type ServicesQuery = Static<typeof ServicesQuery>;

export const Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.Literal('realtime'),
  keywords: Type.String(),
  group: Type.String(),
});
export type Service = Static<typeof Service>;
export const ServiceList = Type.Array(Service);
export type ServiceList = Static<typeof ServiceList>;

export const ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Type.Unknown()),
});
export type ServiceDefinition = Static<typeof ServiceDefinition>;

export const FileParams = Type.Object({
  file: Type.String({
    pattern: '^[A-Za-z0-9_-]{1,40}\\.json$',
    description: '<id>.json',
    errorMessage: 'must be <id>.json: only the JSON format is served',
  }),
});
export type FileParams = Static<typeof FileParams>;

export const NewRequest = Type.Object(
  {
    jurisdiction_id: JurisdictionId,
    api_key: ApiKey,
    service_code: Type.String({ pattern: '^[12][0-9]{4}$', errorMessage: 'must be a service_code from services.json (5 digits)' }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    long: Type.Number({ minimum: -180, maximum: 180 }),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    address_string: Type.Optional(Type.String({ maxLength: 300 })),
    email: Type.Optional(Type.String({ maxLength: 200 })),
    device_id: Type.Optional(Type.String({ maxLength: 100 })),
    account_id: Type.Optional(Type.String({ maxLength: 100 })),
    first_name: Type.Optional(Type.String({ maxLength: 50 })),
    last_name: Type.Optional(Type.String({ maxLength: 50 })),
    phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{3,20}$', errorMessage: 'must be a phone number (digits, +, - and spaces)' })),
    media_url: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type NewRequest = Static<typeof NewRequest>;

export const RequestReceipt = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    service_notice: Type.String(),
    account_id: Type.Union([Type.String(), Type.Null()]),
  }),
);
export type RequestReceipt = Static<typeof RequestReceipt>;

export const RequestsQuery = Type.Object(
  {
    jurisdiction_id: JurisdictionId,
    api_key: ApiKey,
    service_request_id: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9-]{1,40}(,[A-Za-z0-9-]{1,40}){0,99}$',
        errorMessage: 'must be one or more (up to 100) request ids separated by commas',
      }),
    ),
    service_code: Type.Optional(
      Type.String({
        pattern: '^[12][0-9]{4}(,[12][0-9]{4})*$',
        errorMessage: 'must be one or more 5-digit service codes separated by commas',
      }),
    ),
    start_date: Type.Optional(IsoDateOrDateTime('requested at or after')),
    end_date: Type.Optional(IsoDateOrDateTime('requested before')),
    status: Type.Optional(
      Type.String({ pattern: '^(open|closed)(,(open|closed))?$', errorMessage: 'must be open, closed or open,closed' }),
    ),
  },
  { additionalProperties: false },
);
export type RequestsQuery = Static<typeof RequestsQuery>;

export const ServiceRequest = Type.Object({
  service_request_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Type.String(),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Type.String(),
  service_notice: Type.String(),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Type.Union([Type.String(), Type.Null()]),
  address: Type.String(),
  address_id: Type.String({ description: 'the unit grid cell code' }),
  zipcode: Type.Null(),
  lat: Type.Number(),
  long: Type.Number(),
  media_url: Type.Null(),
});
export type ServiceRequest = Static<typeof ServiceRequest>;
export const ServiceRequestList = Type.Array(ServiceRequest);
export type ServiceRequestList = Static<typeof ServiceRequestList>;

/** Open311 errors: a list of {code, description}. */
export const Open311Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));
export type Open311Errors = Static<typeof Open311Errors>;

export const Open311Headers = Type.Object({ 'idempotency-key': Type.Optional(IdempotencyKey) });
export type Open311Headers = Static<typeof Open311Headers>;
