// Bodies of the loop's actions (POST /api/cases/:code/<action>): each names only what its step needs.
import { type Static, type TSchema, Type } from 'typebox';
import { REJECT_REASONS, SATISFACTIONS } from './constants.ts';

const Note = Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'what the actor says about this step' }));
const DepartmentCode = Type.String({ minLength: 1, maxLength: 40, description: 'a department code (GET /api/departments)' });
const strict = (props: Record<string, TSchema>) => Type.Object(props, { additionalProperties: false });

export const ACTION_BODIES = {
  accept: strict({ note: Note }),
  reject: strict({
    reason: Type.Enum(REJECT_REASONS, { description: "duplicate report, or not the city's to handle" }),
    note: Note,
  }),
  file: strict({
    categoryCode: Type.Optional(
      Type.String({
        pattern: '^[12][0-9]{4}$',
        errorMessage: 'must be a 5-digit category code such as 10101',
        description: 'the category the desk files it under (default: as reported); its time limit sets the deadline',
      }),
    ),
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 3, description: '1 = most urgent' })),
    note: Note,
  }),
  dispatch: strict({
    departments: Type.Array(DepartmentCode, { minItems: 1, maxItems: 5, description: 'one department, or several at once (多头派单)' }),
    note: Note,
  }),
  return: strict({
    department: DepartmentCode,
    note: Type.String({ minLength: 1, maxLength: 500, description: "why it is not this department's job" }),
  }),
  handle: strict({ department: DepartmentCode, note: Note }),
  verify: strict({ passed: Type.Boolean({ description: 'true closes the case; false sends it back for rework (返工)' }), note: Note }),
  evaluate: strict({
    satisfaction: Type.Optional(Type.Enum(SATISFACTIONS, { description: 'the call-back answer; required for hotline cases' })),
    note: Note,
  }),
  urge: strict({ note: Note }),
  supervise: strict({ note: Note }),
} as const;

/** The body each action takes, e.g. `ActionBody<'dispatch'>`. */
export type ActionBody<A extends keyof typeof ACTION_BODIES> = Static<(typeof ACTION_BODIES)[A]>;
