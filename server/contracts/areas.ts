// Administrative areas: districts (区), streets (街道) and communities (社区).
import { type Static, Type } from 'typebox';
import { AreaCode, FeatureCollection, type FeatureCollectionOf, Geometry } from './common.ts';
import { AREA_LEVELS } from './constants.ts';

export { AREA_LEVELS };
export const AreaLevel = Type.Enum(AREA_LEVELS);
export type AreaLevel = Static<typeof AreaLevel>;

export const AreaProperties = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  level: AreaLevel,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  areaM2: Type.Number(),
});
export type AreaProperties = Static<typeof AreaProperties>;

export const AreaListQuery = Type.Object(
  {
    level: Type.Optional(AreaLevel),
  },
  { additionalProperties: false },
);
export type AreaListQuery = Static<typeof AreaListQuery>;

export const AreaCollection = FeatureCollection(AreaProperties);
export type AreaCollection = FeatureCollectionOf<AreaProperties>;

export const AreaParams = Type.Object({ code: AreaCode });
export type AreaParams = Static<typeof AreaParams>;

export const AreaDetail = Type.Object({
  ...AreaProperties.properties,
  geometry: Geometry,
  counts: Type.Object({
    gridCells: Type.Integer(),
    alleys: Type.Integer(),
    openCases: Type.Integer({ description: 'cases not yet closed, evaluated or rejected' }),
  }),
});
export type AreaDetail = Static<typeof AreaDetail>;
