// Every read the web app makes, as @tanstack/react-query hooks over the API contract's types.
import { useMutation, useQuery } from '@tanstack/react-query';
import type { AlleyDetail, GridCellDetail, LoginBody, Me, Meta, TokenAnswer } from '../../server/contracts/index.ts';
import { api } from './client.ts';

/** Reference data that does not change while a page is open (the map's geometry comes as vector tiles). */
const STATIC = { staleTime: Infinity, gcTime: Infinity } as const;

export function useMeta() {
  return useQuery({ queryKey: ['meta'], queryFn: ({ signal }) => api<Meta>('/api/meta', { signal }), ...STATIC });
}

/**
 * Who the server says we are. Asked once on entry (and every few minutes): the map's tiles are
 * public, so without it a token the server no longer accepts would go unnoticed until a panel opens.
 */
export function useMe(enabled: boolean) {
  return useQuery({
    queryKey: ['me'],
    queryFn: ({ signal }) => api<Me>('/api/auth/me', { signal }),
    enabled,
    staleTime: 5 * 60_000,
    refetchInterval: 5 * 60_000,
  });
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
