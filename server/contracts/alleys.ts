// Alleys (背街小巷) with their chief, stewards and the 十有十无 checklist.
import { type Static, Type } from 'typebox';
import { Bbox, CodeName, FeatureCollection, type FeatureCollectionOf, Geometry, NamedPerson, StreetCode } from './common.ts';

export const AlleyProperties = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  streetCode: Type.String(),
  lengthM: Type.Number(),
  score: Type.Integer({ minimum: 0, maximum: 20, description: 'how many of the 十有十无 items hold' }),
  chiefName: Type.String({ description: 'the alley chief (街巷长), as on the public sign' }),
  qrSlug: Type.String(),
});
export type AlleyProperties = Static<typeof AlleyProperties>;

export const AlleyListQuery = Type.Object(
  {
    street: Type.Optional(StreetCode),
    bbox: Type.Optional(Bbox),
  },
  { additionalProperties: false },
);
export type AlleyListQuery = Static<typeof AlleyListQuery>;

export const AlleyCollection = FeatureCollection(AlleyProperties);
export type AlleyCollection = FeatureCollectionOf<AlleyProperties>;

export const AlleyParams = Type.Object({
  idOrSlug: Type.String({
    pattern: '^[a-z0-9-]{1,80}$',
    description: "the alley's numeric id or its QR slug",
    errorMessage: "must be an alley's numeric id or its QR slug (lowercase letters, digits and hyphens)",
  }),
});
export type AlleyParams = Static<typeof AlleyParams>;

export const ChecklistItem = Type.Object({
  key: Type.String({ description: 'an item key from server/domain/checklist.ts' }),
  holds: Type.Boolean(),
});
export type ChecklistItem = Static<typeof ChecklistItem>;

export const AlleyDetail = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  street: CodeName,
  community: Type.Union([CodeName, Type.Null()]),
  lengthM: Type.Number(),
  chief: NamedPerson,
  stewards: Type.Array(NamedPerson),
  checklist: Type.Object({
    haves: Type.Array(ChecklistItem, { description: '十有: the ten haves, in checklist order' }),
    nones: Type.Array(ChecklistItem, { description: '十无: the ten nones, in checklist order' }),
    score: Type.Integer({ minimum: 0, maximum: 20 }),
    inspectedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  }),
  story: Type.Union([Type.String(), Type.Null()]),
  qrSlug: Type.String(),
  geometry: Geometry,
});
export type AlleyDetail = Static<typeof AlleyDetail>;
