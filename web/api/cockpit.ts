// The cockpit's reads as react-query hooks. None of them polls: the live stream (./live.ts) writes
// new cases into the heatmap and the feed as they arrive, and marks the figures stale when the
// city moves, at most once per FIGURES_REFRESH_MS, so a burst of events costs one refetch.
import { useQuery } from '@tanstack/react-query';
import type { CaseDetail, CasePage, CockpitSummary, CockpitWindow, HeatPoints } from '../../server/contracts/index.ts';
import type { AreaKpiPage } from '../../server/contracts/kpi.ts';
import type { Alarm, CrowdArea, Sensor, Series } from '../../server/contracts/sensors.ts';

export type { Alarm, CrowdArea, Sensor };

import { api } from './client.ts';

export const KEYS = {
  summary: ['cockpit', 'summary'] as const,
  heat: (window: CockpitWindow) => ['cockpit', 'heat', window] as const,
  ranking: ['kpi', 'streets'] as const,
  feed: ['cockpit', 'feed'] as const,
  overdue: ['cockpit', 'overdue'] as const,
  water: ['sensors', 'water'] as const,
  alarms: ['alarms', 'open'] as const,
  crowds: ['crowds'] as const,
  case: (code: string) => ['case', code] as const,
  sensor: (code: string) => ['sensor', code] as const,
  sensors: ['sensors', 'all'] as const,
};

/** Kept fresh by the live stream, not by timers. */
const LIVE = { staleTime: Infinity } as const;
export const LIST_LENGTH = 12;

/** Windows slide and days turn even when nothing happens: these are read again this often. */
const SLIDE_MS = 10 * 60_000;

export const useSummary = () =>
  useQuery({
    queryKey: KEYS.summary,
    queryFn: ({ signal }) => api<CockpitSummary>('/api/cockpit/summary', { signal }),
    ...LIVE,
    refetchInterval: SLIDE_MS,
  });

/** The heatmap's points: cases reported in the window, plus those the stream adds (until the next read drops the ones that slid out). */
export const useHeat = (window: CockpitWindow) =>
  useQuery({
    queryKey: KEYS.heat(window),
    queryFn: ({ signal }) => api<HeatPoints>(`/api/cockpit/heat?window=${window}`, { signal }),
    ...LIVE,
    refetchInterval: SLIDE_MS,
  });

export const useRanking = () =>
  useQuery({ queryKey: KEYS.ranking, queryFn: ({ signal }) => api<AreaKpiPage>('/api/kpi/streets', { signal }), ...LIVE });

/** The newest cases, newest first (the live feed's start; the stream prepends to it). */
export const useFeed = () =>
  useQuery({ queryKey: KEYS.feed, queryFn: ({ signal }) => api<CasePage>(`/api/cases?limit=${LIST_LENGTH}`, { signal }), ...LIVE });

export const useOverdue = () =>
  useQuery({
    queryKey: KEYS.overdue,
    queryFn: ({ signal }) => api<CasePage>(`/api/cases?overdue=true&limit=${LIST_LENGTH}`, { signal }),
    ...LIVE,
  });

/** Rain gauges and waterlogging sensors: the flood watch. */
export const useWater = () =>
  useQuery({
    queryKey: KEYS.water,
    queryFn: async ({ signal }) => {
      const [rain, water] = await Promise.all([
        api<Sensor[]>('/api/sensors?kind=rain_gauge', { signal }),
        api<Sensor[]>('/api/sensors?kind=waterlogging', { signal }),
      ]);
      return { rain, water };
    },
    ...LIVE,
  });

export const useOpenAlarms = () =>
  useQuery({ queryKey: KEYS.alarms, queryFn: ({ signal }) => api<Alarm[]>('/api/alarms?open=true', { signal }), ...LIVE });

export const useCrowds = () =>
  useQuery({ queryKey: KEYS.crowds, queryFn: ({ signal }) => api<CrowdArea[]>('/api/crowds', { signal }), ...LIVE });

export const useCase = (code: string | null) =>
  useQuery({
    queryKey: KEYS.case(code ?? ''),
    queryFn: ({ signal }) => api<CaseDetail>(`/api/cases/${encodeURIComponent(code!)}`, { signal }),
    enabled: code !== null,
    staleTime: 10_000,
  });

export const useSensorSeries = (code: string | null) =>
  useQuery({
    queryKey: KEYS.sensor(code ?? ''),
    queryFn: ({ signal }) => api<Series>(`/api/sensors/${encodeURIComponent(code!)}/readings`, { signal }),
    enabled: code !== null,
    staleTime: 30_000,
  });

/** Every sensor's state (the drawer finds its sensor here; one list, usually cached already). */
export const useSensors = () =>
  useQuery({ queryKey: KEYS.sensors, queryFn: ({ signal }) => api<Sensor[]>('/api/sensors', { signal }), staleTime: 30_000 });
