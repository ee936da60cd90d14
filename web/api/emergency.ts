// Emergency command's reads and writes. The live stream (web/shared/live.ts) refreshes them at once on
// incident and instruction events: a command room waits for nobody's timer.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Department } from '../../server/contracts/directory.ts';
import type {
  Impact,
  Incident,
  IncidentCreate,
  IncidentDetail,
  Instruction,
  NearUnit,
  TargetStatus,
} from '../../server/contracts/emergency.ts';

export type UnitKind = NearUnit['kind'];

import { api } from './client.ts';

export const EMERGENCY_KEYS = {
  incidents: ['incidents'] as const,
  incident: (code: string) => ['incident', code] as const,
  impact: (code: string) => ['incident', code, 'impact'] as const,
  units: (code: string) => ['incident', code, 'units'] as const,
  instructions: (code: string) => ['incident', code, 'instructions'] as const,
  field: (ref: string) => ['field', ref] as const,
};

export const useIncidents = () =>
  useQuery({
    queryKey: EMERGENCY_KEYS.incidents,
    queryFn: ({ signal }) => api<Incident[]>('/api/incidents', { signal }),
    staleTime: Infinity,
  });

const byCode =
  <T>(key: (c: string) => readonly unknown[], path: (c: string) => string) =>
  (code: string | null) =>
    useQuery({
      queryKey: key(code ?? ''),
      queryFn: ({ signal }) => api<T>(path(code!), { signal }),
      enabled: code !== null,
      staleTime: Infinity,
    });

export const useIncident = byCode<IncidentDetail>(EMERGENCY_KEYS.incident, (c) => `/api/incidents/${encodeURIComponent(c)}`);
export const useImpact = byCode<Impact>(EMERGENCY_KEYS.impact, (c) => `/api/incidents/${encodeURIComponent(c)}/impact`);
/** The nearest available units, of one kind or of all. */
export const useUnits = (code: string | null, kind: UnitKind | null = null) =>
  useQuery({
    queryKey: [...EMERGENCY_KEYS.units(code ?? ''), kind ?? 'all'],
    queryFn: ({ signal }) =>
      api<NearUnit[]>(`/api/incidents/${encodeURIComponent(code!)}/units?limit=12${kind ? `&kind=${kind}` : ''}`, { signal }),
    enabled: code !== null,
    staleTime: Infinity,
  });
export const useInstructions = byCode<Instruction[]>(
  EMERGENCY_KEYS.instructions,
  (c) => `/api/incidents/${encodeURIComponent(c)}/instructions`,
);

export function useOpenIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Omit<IncidentCreate, 'severity'> & { severity?: number }) =>
      api<Incident>('/api/incidents', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: EMERGENCY_KEYS.incidents }),
  });
}

export function useSendInstruction(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { text: string; targets: string[] }) =>
      api<Instruction>(`/api/incidents/${encodeURIComponent(code)}/instructions`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: EMERGENCY_KEYS.instructions(code) }),
  });
}

export function useCloseIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<Incident>(`/api/incidents/${encodeURIComponent(code)}/close`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: EMERGENCY_KEYS.incidents }),
  });
}

/** Departments an instruction may address as a whole (their officers receive it). */
export const useDepartments = () =>
  useQuery({ queryKey: ['departments'], queryFn: ({ signal }) => api<Department[]>('/api/departments', { signal }), staleTime: Infinity });

/** A field unit's instructions (the field terminal); the live stream invalidates them as they move. */
export const useFieldOrders = (unit: string) =>
  useQuery({
    queryKey: EMERGENCY_KEYS.field(unit),
    queryFn: ({ signal }) => api<Instruction[]>(`/api/field/instructions?unit=${encodeURIComponent(unit)}`, { signal }),
    staleTime: Infinity,
  });

export interface FieldReport {
  id: number;
  status: Exclude<TargetStatus, 'sent'>;
  note?: string;
}

/** A unit reports on one of its instructions: delivered, acknowledged, done (with a note), each with
 *  where the unit is when `locate` can tell. */
export function useFieldReport(unit: string, locate: () => Promise<{ lng: number; lat: number } | undefined>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, status, note }: FieldReport) =>
      api<Instruction>(`/api/field/targets/${id}`, { method: 'POST', body: { status, ...(note ? { note } : {}), ...(await locate()) } }),
    onSuccess: () => client.invalidateQueries({ queryKey: EMERGENCY_KEYS.field(unit) }),
  });
}
