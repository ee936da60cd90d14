// bench/live's stream clients, run in worker threads so that reading 200 clients' events does not share
// the server's event loop: each thread's latencies go into one 1-ms histogram. They read the raw HTTP
// stream (node:http removes the chunking natively) and tally frames cheaply (bench/live-tally.ts).
import { request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { Tally } from './live-tally.ts';
import { threadCpuMs } from './machine.ts';

export interface ClientsInput {
  base: string;
  token: string;
  clients: number;
}

/** A worker's tally, sent when asked to finish. */
export interface ClientsDone {
  type: 'done';
  delivered: number;
  /** Events that arrived with an id at or below one the same client already had. */
  outOfOrder: number;
  resets: number;
  histogram: Uint32Array;
  /** This thread's CPU time from all streams open to finish, or null without /proc/thread-self. */
  cpuMs: number | null;
}

const { base, token, clients } = workerData as ClientsInput;
const tally = new Tally();

/** One stream, tallied as its bytes arrive. */
function openClient(): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const url = new URL('/api/live?kinds=case.created', base);
    const req = request(url, { agent: false, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`GET /api/live answered ${res.statusCode}`));
        res.resume();
        return;
      }
      const read = tally.stream();
      res.on('data', (chunk: Buffer) => read(chunk, Date.now()));
      res.on('error', () => {}); // destroyed by close()
      resolve(() => req.destroy());
    });
    req.on('error', reject);
    req.end();
  });
}

const closers = await Promise.all(Array.from({ length: clients }, openClient));
const cpuAtOpen = threadCpuMs();
parentPort!.postMessage({ type: 'open' });
parentPort!.on('message', (msg: { type: string }) => {
  if (msg.type === 'count') parentPort!.postMessage({ type: 'count', delivered: tally.delivered });
  if (msg.type === 'finish') {
    const cpuAtEnd = threadCpuMs();
    for (const close of closers) close();
    const done: ClientsDone = {
      type: 'done',
      delivered: tally.delivered,
      outOfOrder: tally.outOfOrder,
      resets: tally.resets,
      histogram: tally.histogram,
      cpuMs: cpuAtOpen !== null && cpuAtEnd !== null ? cpuAtEnd - cpuAtOpen : null,
    };
    parentPort!.postMessage(done);
  }
});
