// Schemas shared by every route: roles, the error body, GeoJSON, and the parameter formats
// (ISO dates, bounding boxes, area codes) with the wording a user sees when one is wrong.
import { type Static, type TSchema, Type } from 'typebox';
import { ROLES } from './constants.ts';

export { ROLES };
export const Role = Type.Enum(ROLES);
export type Role = Static<typeof Role>;

/** Every error answer: `message` says what was wrong in words a user can act on. */
export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String({ description: 'the HTTP reason phrase' }),
  message: Type.String({ description: 'what was wrong, naming the parameter' }),
});
export type ErrorBody = Static<typeof ErrorBody>;

// --- parameter formats: validated by Ajv with the functions in server/contracts/formats.ts ----------

// `errorMessage` replaces the generic validation message for its schema (see server/errors.ts).

export const IsoDateOrDateTime = (description: string) =>
  Type.String({
    format: 'date-or-date-time',
    description: `${description}; an ISO date (2025-06-01) or date-time (2025-06-01T08:30:00+08:00, Beijing time if no offset)`,
    errorMessage: 'must be an ISO date or date-time, e.g. 2025-06-01 or 2025-06-01T08:30:00+08:00',
  });

export const Bbox = Type.String({
  format: 'bbox',
  description: 'minLng,minLat,maxLng,maxLat in WGS84 degrees',
  errorMessage: 'must be minLng,minLat,maxLng,maxLat: four WGS84 numbers with min < max, longitudes within ±180 and latitudes within ±90',
  examples: ['116.35,39.90,116.40,39.94'],
});
export type Bbox = Static<typeof Bbox>;

export const StreetCode = Type.String({
  pattern: '^[0-9]{9}$',
  description: "a street's 9-digit code, e.g. 110102001",
  errorMessage: "must be a street's 9-digit code, e.g. 110102001",
});
export type StreetCode = Static<typeof StreetCode>;

export const AreaCode = Type.String({
  pattern: '^[0-9]{6}([0-9]{3}){0,2}$',
  description: 'a district (6 digits), street (9) or community (12) code',
  errorMessage: 'must be a district (6 digits), street (9 digits) or community (12 digits) code',
});
export type AreaCode = Static<typeof AreaCode>;

export const GridCellCode = Type.String({
  pattern: '^[0-9]{14}$',
  description: "a unit grid cell's 14-digit code: district (6) + street (3) + community (3) + sequence (2)",
  errorMessage: "must be a grid cell's 14-digit code, e.g. 11010200100101",
});
export type GridCellCode = Static<typeof GridCellCode>;

// --- GeoJSON ------------------------------------------------------------------------------------------

/** A GeoJSON geometry in WGS84, coordinates rounded to 6 decimals (~0.1 m). */
export const Geometry = Type.Object(
  {
    type: Type.String({ examples: ['MultiPolygon', 'Polygon', 'LineString', 'Point'] }),
    coordinates: Type.Array(Type.Unknown()),
  },
  { description: 'GeoJSON geometry, WGS84 (EPSG:4326), 6 decimals' },
);
export type Geometry = Static<typeof Geometry>;

export const FeatureCollection = <P extends TSchema>(properties: P) =>
  Type.Object({
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Type.Integer(),
        geometry: Geometry,
        properties,
      }),
    ),
  });
export interface FeatureCollectionOf<P> {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id: number; geometry: Geometry; properties: P }[];
}

export const CodeName = Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.Union([Type.String(), Type.Null()]) });
export type CodeName = Static<typeof CodeName>;

/** Someone named on a sign or a roster; phone only for roles allowed to see personal data. */
export const NamedPerson = Type.Object({
  name: Type.String(),
  phone: Type.Optional(Type.String({ description: 'personal data: never sent to the demo role' })),
});
export type NamedPerson = Static<typeof NamedPerson>;

export const Timestamp = Type.String({ format: 'date-time' });
export type Timestamp = Static<typeof Timestamp>;
export const NullableTimestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
export type NullableTimestamp = Static<typeof NullableTimestamp>;
