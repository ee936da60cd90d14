// The planner's reads (分析研判): the analysis routes as react-query hooks keyed by their query string,
// the reference lists the filter bar offers, patrol plans, and downloads of the routes' own exports
// (CSV / GeoJSON) carrying the session's bearer token.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DrilldownResult,
  EmergingResult,
  HotspotResult,
  PatrolPlanBody,
  PatrolPlanList,
  PatrolPlanSummary,
  QuadrantResult,
  RecurringResult,
  SeasonalResult,
  TopProblemsResult,
} from '../../server/contracts/analysis.ts';
import type { AreaCollection } from '../../server/contracts/areas.ts';
import type { Category } from '../../server/contracts/directory.ts';
import { session } from '../app/session.ts';
import { ApiError, api } from './client.ts';

export type {
  DrilldownResult,
  EmergingResult,
  HotspotResult,
  PatrolPlanBody,
  QuadrantResult,
  RecurringResult,
  SeasonalResult,
  TopProblemsResult,
};

/** The filters every analysis route takes (server/contracts/analysis.ts), as query-string values. */
export interface AnalysisFilters {
  from?: string;
  to?: string;
  category?: string;
  source?: string;
  /** the cases' stage now: one stage or a comma list */
  stage?: string;
  street?: string;
  community?: string;
}

/** `path?filters&extra` with empty values left out, in a fixed order (the cache key and the export link agree). */
export function analysisUrl(path: string, filters: AnalysisFilters, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export const ANALYSIS_KEY = ['analysis'] as const;

/** An analysis answer by its URL (one of the builders below), kept on screen while the next one computes:
 *  `isPlaceholderData` says the answer shown is the previous URL's. */
export function useAnalysis<T>(url: string, enabled = true) {
  return useQuery({
    queryKey: [...ANALYSIS_KEY, url],
    queryFn: ({ signal }) => api<T>(url, { signal }),
    enabled,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
    // a 4xx names a bad parameter: asking again would not change the answer
    retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
  });
}

export const ANALYSIS_PATHS = {
  hotspots: '/api/analysis/hotspots',
  emerging: '/api/analysis/emerging',
  quadrant: '/api/analysis/quadrant',
  topProblems: '/api/analysis/top-problems',
  seasonal: '/api/analysis/seasonal',
  recurring: '/api/analysis/recurring',
  drilldown: '/api/analysis/drilldown',
  cases: '/api/analysis/cases',
  patrolPlans: '/api/patrol-plans',
} as const;

export const hotspotsUrl = (f: AnalysisFilters, method: 'gistar' | 'moran') => analysisUrl(ANALYSIS_PATHS.hotspots, f, { method });
export const emergingUrl = (f: AnalysisFilters) => analysisUrl(ANALYSIS_PATHS.emerging, f);
/** The quadrant model has no source filter: its two sources are the model. */
export const quadrantUrl = (f: AnalysisFilters, split: 'median' | 'q3') => {
  const { source: _source, ...rest } = f;
  return analysisUrl(ANALYSIS_PATHS.quadrant, rest, { split });
};
export const topProblemsUrl = (f: AnalysisFilters) => analysisUrl(ANALYSIS_PATHS.topProblems, f, { limit: 50 });
export const seasonalUrl = (f: AnalysisFilters, by: 'main' | 'sub') => analysisUrl(ANALYSIS_PATHS.seasonal, f, { by });
export const recurringUrl = (f: AnalysisFilters, n: number, days: number) =>
  analysisUrl(ANALYSIS_PATHS.recurring, f, { n, days, limit: 200 });
/** The drill-down takes no street or community: the chosen area is its own (level + id). */
export const drilldownUrl = (f: AnalysisFilters, level: string, id: string | undefined) => {
  const { street: _s, community: _c, ...rest } = f;
  return analysisUrl(ANALYSIS_PATHS.drilldown, rest, { level, id });
};

/** The cases behind the filters as a file (CSV, or GeoJSON points), streamed by the server. */
export const casesExportUrl = (f: AnalysisFilters, format: 'csv' | 'geojson') => analysisUrl(ANALYSIS_PATHS.cases, f, { format });

/** The same answer as a file: `url` with format=csv|geojson (and any extra, e.g. table=hour). */
export const exportUrl = (url: string, format: 'csv' | 'geojson', extra: Record<string, string> = {}) => {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  params.set('format', format);
  return `${path}?${params}`;
};

// --- reference lists for the filter bar ---------------------------------------------------------------

const STATIC = { staleTime: Infinity, gcTime: Infinity } as const;

export const useCategories = (enabled = true) =>
  useQuery({ queryKey: ['categories'], queryFn: ({ signal }) => api<Category[]>('/api/categories', { signal }), enabled, ...STATIC });

export interface AreaName {
  code: string;
  name: string;
  nameEn: string | null;
  parentCode: string | null;
}
const names = (c: AreaCollection): AreaName[] =>
  c.features
    .map(({ properties: p }) => ({ code: p.code, name: p.name, nameEn: p.nameEn, parentCode: p.parentCode }))
    .sort((a, b) => a.code.localeCompare(b.code));

export const useStreets = (enabled = true) =>
  useQuery({
    queryKey: ['areas', 'street', 'names'],
    queryFn: async ({ signal }) => names(await api<AreaCollection>('/api/areas?level=street', { signal })),
    enabled,
    ...STATIC,
  });

/** Communities are asked for only once a street is chosen (443 outlines the filter bar would not need otherwise). */
export const useCommunities = (enabled: boolean) =>
  useQuery({
    queryKey: ['areas', 'community', 'names'],
    queryFn: async ({ signal }) => names(await api<AreaCollection>('/api/areas?level=community', { signal })),
    enabled,
    ...STATIC,
  });

// --- patrol plans -------------------------------------------------------------------------------------

export const PLANS_KEY = ['patrol-plans'] as const;

export const usePatrolPlans = (enabled = true) =>
  useQuery({
    queryKey: PLANS_KEY,
    queryFn: ({ signal }) => api<PatrolPlanList>(ANALYSIS_PATHS.patrolPlans, { signal }),
    enabled,
    staleTime: 60_000,
  });

export function useSavePatrolPlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PatrolPlanBody) => api<PatrolPlanSummary>(ANALYSIS_PATHS.patrolPlans, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: PLANS_KEY }),
  });
}

// --- downloads ----------------------------------------------------------------------------------------

/** The file name the server gave (content-disposition), or the fallback. */
export function attachmentName(disposition: string | null, fallback: string): string {
  const m = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  return m ? decodeURIComponent(m[1]!) : fallback;
}

/** Downloads an export: an <a download> cannot send the bearer token, so the file is fetched, held as a
 *  Blob and saved through an object URL under the server's file name. */
export async function download(url: string, fallbackName: string): Promise<void> {
  const token = session.get()?.token;
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as { message?: unknown } | null;
    if (response.status === 401 && token) session.end();
    throw new ApiError(response.status, typeof answer?.message === 'string' ? answer.message : response.statusText);
  }
  const blob = await response.blob();
  saveBlob(blob, attachmentName(response.headers.get('content-disposition'), fallbackName));
}

/** Saves a Blob or data URL under a file name through a transient link. */
export function saveBlob(data: Blob | string, name: string): void {
  const href = typeof data === 'string' ? data : URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // the browser has taken the file once the click's task is over
  if (typeof data !== 'string') setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
