// Unit grid cells (单元网格): the cells of responsibility every case is located in.
import { type Static, Type } from 'typebox';
import { Bbox, CodeName, FeatureCollection, type FeatureCollectionOf, Geometry, GridCellCode, NamedPerson, StreetCode } from './common.ts';
import { GRID_CLASSES } from './constants.ts';

export { GRID_CLASSES };
export const GridClass = Type.Enum(GRID_CLASSES);
export type GridClass = Static<typeof GridClass>;

export const GridCellProperties = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  class: GridClass,
  communityCode: Type.String(),
  streetCode: Type.String(),
  areaM2: Type.Number(),
});
export type GridCellProperties = Static<typeof GridCellProperties>;

export const GridCellListQuery = Type.Object(
  {
    bbox: Type.Optional(Bbox),
    street: Type.Optional(StreetCode),
    class: Type.Optional(GridClass),
  },
  { additionalProperties: false },
);
export type GridCellListQuery = Static<typeof GridCellListQuery>;

export const GridCellCollection = FeatureCollection(GridCellProperties);
export type GridCellCollection = FeatureCollectionOf<GridCellProperties>;

export const GridCellParams = Type.Object({ code: GridCellCode });
export type GridCellParams = Static<typeof GridCellParams>;

export const GridCellDetail = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  class: GridClass,
  community: CodeName,
  street: CodeName,
  areaM2: Type.Number(),
  patroller: Type.Union([NamedPerson, Type.Null()]),
  openCases: Type.Integer({ description: 'cases in this cell not yet closed, evaluated or rejected' }),
  casesLast30Days: Type.Integer({ description: 'cases reported in this cell in the last 30 days' }),
  geometry: Geometry,
});
export type GridCellDetail = Static<typeof GridCellDetail>;
