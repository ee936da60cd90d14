// The live stream's events: what the cockpit, the field page and the simulator receive. Personal
// data (names, phones) never appears here, so every role may receive every event.
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
