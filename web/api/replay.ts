// The replay's reads: the history's bounds and named moments (JSON), and its chunks (Arrow IPC bytes,
// made into frames once per chunk). A chunk is asked for by its fixed grid window, so react-query keeps
// each once and the one ahead of the clock is fetched before the clock reaches it.
import { useQueries, useQuery } from '@tanstack/react-query';
import type { ReplayActivity } from '../../server/contracts/replay.ts';
import type { ReplayMoments } from '../../server/replay/moments.ts';
import { session } from '../app/session.ts';
import { type Chunk, chunksAround } from '../replay/chunks.ts';
import { type ChunkFrame, frameOf } from '../replay/frame.ts';
import { ApiError, api } from './client.ts';

export type { ReplayMoments };

export const useReplayMoments = (enabled: boolean) =>
  useQuery({
    queryKey: ['replay', 'moments'],
    queryFn: ({ signal }) => api<ReplayMoments>('/api/replay/moments', { signal }),
    enabled,
    staleTime: 10 * 60_000,
  });

/** The replay window at a glance (the timeline strip): reports per hour and the incidents opened in it. */
export const useReplayActivity = (from: number | null, to: number | null) =>
  useQuery({
    queryKey: ['replay', 'activity', from, to],
    queryFn: ({ signal }) =>
      api<ReplayActivity>(
        `/api/replay/activity?from=${encodeURIComponent(new Date(from!).toISOString())}&to=${encodeURIComponent(new Date(to!).toISOString())}`,
        { signal },
      ),
    enabled: from !== null && to !== null && to > from,
    staleTime: 10 * 60_000,
  });

async function fetchChunk(chunk: Chunk, signal: AbortSignal): Promise<ChunkFrame> {
  const token = session.get()?.token;
  const url = `/api/replay?from=${encodeURIComponent(new Date(chunk.from).toISOString())}&to=${encodeURIComponent(new Date(chunk.to).toISOString())}`;
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal });
  if (!res.ok) {
    const answer = (await res.json().catch(() => null)) as { message?: unknown } | null;
    throw new ApiError(res.status, typeof answer?.message === 'string' ? answer.message : res.statusText);
  }
  return frameOf(chunk, new Uint8Array(await res.arrayBuffer()));
}

/** The frame holding the clock (undefined while it loads) and the one ahead, fetched together. */
export function useReplayFrames(clock: number | null, last: number | null): { here: ChunkFrame | undefined; loading: boolean } {
  const chunks = clock !== null && last !== null ? chunksAround(clock, last) : [];
  const results = useQueries({
    queries: chunks.map((chunk) => ({
      queryKey: ['replay', 'chunk', chunk.from, chunk.to],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchChunk(chunk, signal),
      staleTime: Infinity,
      gcTime: 5 * 60_000,
    })),
  });
  return { here: results[0]?.data, loading: results[0]?.isPending ?? false };
}
