// The live stream's events: what the cockpit, the field page and the simulator receive. Names and
// phones never appear here; the one personal item is where a patroller or alley chief answering an
// instruction is (person:<id> and a position), which visitors get without (forVisitors).
import type { CaseSource, CaseStage } from '../contracts/cases.ts';

export interface CaseCreated {
  kind: 'case.created';
  payload: {
    code: string;
    source: CaseSource;
    categoryCode: string;
    stage: CaseStage;
    priority: number;
    lng: number;
    lat: number;
    streetCode: string;
    gridCode: string;
    reportedAt: string;
  };
}

/** A loop transition (accept … evaluate) or a note that keeps the stage (urge 催办, supervise 督办). */
export interface CaseStageChanged {
  kind: 'case.stage';
  payload: {
    code: string;
    action: string;
    fromStage: CaseStage | null;
    toStage: CaseStage;
    at: string;
    streetCode: string;
    lng: number;
    lat: number;
    departmentCodes?: string[];
  };
}

export interface AlarmChanged {
  kind: 'alarm.raised' | 'alarm.cleared';
  payload: { sensorCode: string; sensorKind: string; value: number; at: string; lng: number; lat: number; caseCode: string | null };
}

export interface CrowdCount {
  kind: 'crowd.count';
  payload: { areaCode: string; count: number; inflow: number; outflow: number; capacity: number; at: string };
}

export interface CrowdAlarmChanged {
  kind: 'crowd.alarm.raised' | 'crowd.alarm.cleared';
  payload: { areaCode: string; count: number; capacity: number; share: number; at: string; caseCode: string | null };
}

/** Something that changes the KPIs moved: the cockpit refetches the named month's figures. */
export interface KpiChanged {
  kind: 'kpi.changed';
  payload: { month: string; streetCodes: string[] };
}

/** An incident opened or closed (emergency command). */
export interface IncidentChanged {
  kind: 'incident.opened' | 'incident.closed';
  payload: { code: string; kind: string; title: string; severity: number; lng: number; lat: number; at: string };
}

/** An instruction sent: its addressees (unit:<code>, person:<id>, department:<code>) and their target ids. */
export interface InstructionSent {
  kind: 'instruction.sent';
  payload: { incident: string; instruction: number; text: string; at: string; targets: { id: number; ref: string }[] };
}

/** One addressee's instruction moved: delivered, acknowledged or done (with where it was). */
export interface InstructionStatus {
  kind: 'instruction.status';
  payload: {
    incident: string;
    instruction: number;
    target: number;
    ref: string;
    status: string;
    at: string;
    lng: number | null;
    lat: number | null;
  };
}

export type LiveEvent =
  | CaseCreated
  | CaseStageChanged
  | AlarmChanged
  | CrowdCount
  | CrowdAlarmChanged
  | KpiChanged
  | IncidentChanged
  | InstructionSent
  | InstructionStatus;
export type LiveEventKind = LiveEvent['kind'];

/** The ref a visitor sees for a person addressed by an instruction: no id to follow from event to event. */
export const VISITOR_PERSON_REF = 'person';

/**
 * An event as a visitor (the demo role) may receive it: a person addressed by an instruction is `person`
 * with no position, as the emergency routes show them (server/emergency/queries.ts forVisitors); vehicles,
 * crews and departments stay as they are.
 */
export function forVisitors<E extends { kind: string; payload: unknown }>(e: E): E {
  if (e.kind === 'instruction.status') {
    const p = e.payload as InstructionStatus['payload'];
    if (p.ref.startsWith('person:')) return { ...e, payload: { ...p, ref: VISITOR_PERSON_REF, lng: null, lat: null } };
  } else if (e.kind === 'instruction.sent') {
    const p = e.payload as InstructionSent['payload'];
    if (p.targets.some((t) => t.ref.startsWith('person:')))
      return {
        ...e,
        payload: { ...p, targets: p.targets.map((t) => (t.ref.startsWith('person:') ? { ...t, ref: VISITOR_PERSON_REF } : t)) },
      };
  }
  return e;
}
