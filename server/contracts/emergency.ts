// Emergency command (应急指挥): incidents, what their impact zone holds, the nearest units, and
// leaders' instructions with each addressee's delivery state.
import { type Static, Type } from 'typebox';
import { Geometry, NullableTimestamp, Timestamp } from './common.ts';
import { INCIDENT_KINDS, INCIDENT_STATUSES, TARGET_STATUSES, UNIT_KINDS } from './constants.ts';

export { INCIDENT_KINDS, TARGET_STATUSES, type TargetStatus, UNIT_KINDS } from './constants.ts';

const Code = Type.String({ pattern: '^[A-Za-z0-9-]{1,40}$', errorMessage: 'must be a code (letters, digits and hyphens)' });
export const IncidentParams = Type.Object({ code: Code });
export type IncidentParams = Static<typeof IncidentParams>;

export const IncidentCreate = Type.Object(
  {
    kind: Type.Optional(Type.Enum(INCIDENT_KINDS)),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    severity: Type.Integer({ minimum: 1, maximum: 4, default: 3, description: '1 = 特别重大 (most severe) … 4 = 一般' }),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    radiusM: Type.Optional(
      Type.Number({ minimum: 20, maximum: 5000, description: 'impact zone: this radius around the point (default 300 m)' }),
    ),
    zone: Type.Optional(
      Type.Object(
        {
          type: Type.Literal('Polygon'),
          coordinates: Type.Array(Type.Array(Type.Tuple([Type.Number(), Type.Number()]), { minItems: 4 }), { minItems: 1, maxItems: 1 }),
        },
        { description: 'impact zone drawn as a polygon (instead of a radius)' },
      ),
    ),
    sensor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: "raise from this sensor's open alarm (location, kind and title from it)" }),
    ),
    crowdArea: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: "raise from this crowd area's open alarm" })),
  },
  { additionalProperties: false },
);
export type IncidentCreate = Static<typeof IncidentCreate>;

export const TimelineEntry = Type.Object({
  at: Timestamp,
  kind: Type.String(),
  actor: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
});
export type TimelineEntry = Static<typeof TimelineEntry>;

export const Incident = Type.Object({
  code: Type.String(),
  kind: Type.Enum(INCIDENT_KINDS),
  title: Type.String(),
  severity: Type.Integer(),
  status: Type.Enum(INCIDENT_STATUSES),
  lng: Type.Number(),
  lat: Type.Number(),
  radiusM: Type.Union([Type.Number(), Type.Null()]),
  zone: Geometry,
  sensor: Type.Union([Type.String(), Type.Null()]),
  crowdArea: Type.Union([Type.String(), Type.Null()]),
  commander: Type.String(),
  openedAt: Timestamp,
  closedAt: NullableTimestamp,
});
export type Incident = Static<typeof Incident>;
export const IncidentDetail = Type.Object({ ...Incident.properties, timeline: Type.Array(TimelineEntry) });
export type IncidentDetail = Static<typeof IncidentDetail>;

export const IncidentList = Type.Object({ status: Type.Optional(Type.Enum(INCIDENT_STATUSES)) }, { additionalProperties: false });
export type IncidentList = Static<typeof IncidentList>;

export const Impact = Type.Object({
  cells: Type.Array(Type.Object({ code: Type.String(), class: Type.String() })),
  alleys: Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), chief: Type.Union([Type.String(), Type.Null()]) })),
  chiefs: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), alleys: Type.Array(Type.String()) }), {
    description: 'the alley chiefs responsible (街巷长), with their alleys in the zone',
  }),
  sensors: Type.Array(
    Type.Object({
      code: Type.String(),
      kind: Type.String(),
      name: Type.String(),
      status: Type.String(),
      lastValue: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
  crowdAreas: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), count: Type.Union([Type.Integer(), Type.Null()]), capacity: Type.Integer() }),
  ),
  openCases: Type.Array(Type.Object({ code: Type.String(), categoryName: Type.String(), stage: Type.String(), priority: Type.Integer() })),
});
export type Impact = Static<typeof Impact>;

export const NearestQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 12 }),
    kind: Type.Optional(Type.Enum(UNIT_KINDS)),
  },
  { additionalProperties: false },
);
export type NearestQuery = Static<typeof NearestQuery>;

export const NearUnit = Type.Object({
  ref: Type.String({ description: 'unit:<code> or person:<id>: how an instruction addresses it' }),
  kind: Type.Enum(UNIT_KINDS),
  name: Type.String(),
  department: Type.Union([Type.String(), Type.Null()]),
  lng: Type.Number(),
  lat: Type.Number(),
  positionAt: NullableTimestamp,
  distanceM: Type.Number({ description: 'straight-line distance on the ellipsoid (PostGIS geography)' }),
  routing: Type.Union([Type.Literal('road'), Type.Literal('straight')], {
    description:
      "road: travel time along the road graph (pgRouting, vehicles legal directions only, on foot both ways); straight: the unit is off the graph, so the straight line at the kind's city speed (fallback)",
  }),
  travelS: Type.Number({
    description:
      "seconds to the scene: the road graph's cost from the unit's nearest node to the scene's, plus both short legs to and from the graph at the kind's city speed; or the straight-line estimate",
  }),
  routeM: Type.Number({ description: 'length of the route drawn (road or straight line), metres' }),
  etaMin: Type.Number({ description: 'travelS in minutes, rounded up' }),
  route: Type.Array(Type.Tuple([Type.Number(), Type.Number()]), {
    description: 'the route from the unit to the scene as [lng, lat] points: unit → graph → … → graph → scene',
  }),
});
export type NearUnit = Static<typeof NearUnit>;

export const InstructionCreate = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 500 }),
    targets: Type.Array(
      Type.String({
        pattern: '^(unit:[A-Za-z0-9-]{1,40}|person:[0-9]{1,9}|department:[A-Za-z0-9-]{1,40})$',
        errorMessage: 'must be unit:<code>, person:<id> or department:<code>',
      }),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);
export type InstructionCreate = Static<typeof InstructionCreate>;

export const InstructionTarget = Type.Object({
  id: Type.Integer(),
  ref: Type.String(),
  name: Type.String(),
  status: Type.Enum(TARGET_STATUSES),
  deliveredAt: NullableTimestamp,
  acknowledgedAt: NullableTimestamp,
  doneAt: NullableTimestamp,
  secondsToAcknowledge: Type.Union([Type.Number(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  lng: Type.Union([Type.Number(), Type.Null()], { description: 'where the addressee is now (its last reported position)' }),
  lat: Type.Union([Type.Number(), Type.Null()]),
});
export type InstructionTarget = Static<typeof InstructionTarget>;
export const Instruction = Type.Object({
  id: Type.Integer(),
  incident: Type.String(),
  text: Type.String(),
  issuedBy: Type.String(),
  issuedAt: Timestamp,
  targets: Type.Array(InstructionTarget),
});
export type Instruction = Static<typeof Instruction>;

export const FieldQuery = Type.Object(
  {
    unit: Type.String({ pattern: '^(unit:[A-Za-z0-9-]{1,40}|person:[0-9]{1,9})$', errorMessage: 'must be unit:<code> or person:<id>' }),
  },
  { additionalProperties: false },
);
export type FieldQuery = Static<typeof FieldQuery>;

export const TargetParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export type TargetParams = Static<typeof TargetParams>;
export const TargetUpdate = Type.Object(
  {
    status: Type.Enum(['delivered', 'acknowledged', 'done']),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  },
  { additionalProperties: false },
);
export type TargetUpdate = Static<typeof TargetUpdate>;
