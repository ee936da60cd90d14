// bench/tiles' load generator: autocannon in a worker thread of its own, so that its CPU time can be told
// apart from the server's (the two share the machine's cores) and the load does not share the server's event loop.

import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import { threadCpuMs } from './machine.ts';

export interface TilesLoadInput {
  url: string;
  connections: number;
  seconds: number;
  paths: string[];
}

export interface TilesLoadResult {
  average: number;
  total: number;
  errors: number;
  p50: number;
  p99: number;
  cpuMs: number | null;
  wallMs: number;
}

const input = workerData as TilesLoadInput;
const cpuAtStart = threadCpuMs();
const start = performance.now();
const options: autocannon.Options = {
  url: input.url,
  connections: input.connections,
  duration: input.seconds,
  headers: { 'accept-encoding': 'gzip' },
  requests: input.paths.map((path) => ({ method: 'GET' as const, path })),
};
// Outside the main thread autocannon behaves as one of its own workers and leaves its result raw: its
// documented aggregateResult (missing from @types/autocannon) decodes the latencies, and the rate is
// the completed requests over the run's duration (the per-second samples only reach a main thread).
interface Raw {
  totalCompletedRequests: number;
  duration: number;
  errors: number;
  non2xx: number;
}
const { aggregateResult } = autocannon as unknown as { aggregateResult(raw: unknown[], o: autocannon.Options): autocannon.Result };
const raw = (await autocannon(options)) as unknown as Raw;
const load = aggregateResult([raw], options);
const cpuAtEnd = threadCpuMs();
parentPort!.postMessage({
  average: raw.totalCompletedRequests / raw.duration,
  total: raw.totalCompletedRequests,
  errors: raw.errors + raw.non2xx,
  p50: load.latency.p50,
  p99: load.latency.p99,
  wallMs: performance.now() - start,
  cpuMs: cpuAtStart !== null && cpuAtEnd !== null ? cpuAtEnd - cpuAtStart : null,
} satisfies TilesLoadResult);
