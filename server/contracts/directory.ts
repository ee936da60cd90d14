// The loop's reference data: case categories (with their time limits and the kind of department
// that handles them) and the departments cases are dispatched to.
import { type Static, Type } from 'typebox';

export const Category = Type.Object({
  code: Type.String(),
  kind: Type.Union([Type.Literal('component'), Type.Literal('event')]),
  mainName: Type.String(),
  mainNameEn: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  urgency: Type.String({ description: 'danger, same_day, routine or complex' }),
  timeLimit: Type.Number(),
  timeLimitUnit: Type.String({ description: 'hour, working_hour, day or working_day' }),
  departmentKind: Type.String({ description: 'the kind of department that handles it' }),
});
export type Category = Static<typeof Category>;

export const Department = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  districtCode: Type.Union([Type.String(), Type.Null()]),
  streetCode: Type.Union([Type.String(), Type.Null()]),
});
export type Department = Static<typeof Department>;
