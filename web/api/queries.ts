// Every read the web app makes, as @tanstack/react-query hooks over the API contract's types.
import { useMutation, useQuery } from '@tanstack/react-query';
import type {
  AlleyCollection, AlleyDetail, AreaCollection, AreaLevel, GridCellCollection, GridCellDetail, LoginBody, Meta, TokenAnswer,
} from '../../server/contracts/index.ts';
import { api } from './client.ts';

/** The city's geometry does not change while a page is open; live case data will come over the live stream. */
const STATIC = { staleTime: Infinity, gcTime: Infinity } as const;

export function useMeta() {
  return useQuery({ queryKey: ['meta'], queryFn: ({ signal }) => api<Meta>('/api/meta', { signal }), ...STATIC });
}

export function useAreas(level: AreaLevel) {
  return useQuery({
    queryKey: ['areas', level],
    queryFn: ({ signal }) => api<AreaCollection>(`/api/areas?level=${level}`, { signal }),
    ...STATIC,
  });
}

/** All ~9,200 cells at once: ~400 KB compressed, quicker than refetching per viewport. */
export function useGridCells() {
  return useQuery({ queryKey: ['grid-cells'], queryFn: ({ signal }) => api<GridCellCollection>('/api/grid-cells', { signal }), ...STATIC });
}

export function useAlleys() {
  return useQuery({ queryKey: ['alleys'], queryFn: ({ signal }) => api<AlleyCollection>('/api/alleys', { signal }), ...STATIC });
}

export function useGridCell(code: string | null) {
  return useQuery({
    queryKey: ['grid-cell', code],
    queryFn: ({ signal }) => api<GridCellDetail>(`/api/grid-cells/${encodeURIComponent(code!)}`, { signal }),
    enabled: code !== null,
    staleTime: 60_000,
  });
}

export function useAlley(idOrSlug: string | null) {
  return useQuery({
    queryKey: ['alley', idOrSlug],
    queryFn: ({ signal }) => api<AlleyDetail>(`/api/alleys/${encodeURIComponent(idOrSlug!)}`, { signal }),
    enabled: idOrSlug !== null,
    staleTime: 60_000,
  });
}

export function useLogin() {
  return useMutation({ mutationFn: (body: LoginBody) => api<TokenAnswer>('/api/auth/login', { method: 'POST', body }) });
}

export function useDemoLogin() {
  return useMutation({ mutationFn: () => api<TokenAnswer>('/api/auth/demo', { method: 'POST' }) });
}
