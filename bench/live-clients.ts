// bench/live's stream clients, run in a worker thread so that parsing 200 clients' events does not
// share the server's event loop: each client's latencies go into one 1-ms histogram.
import { parentPort, workerData } from 'node:worker_threads';
import { openStream, type StreamClient } from '../test/sse.ts';

export interface ClientsInput {
  base: string;
  token: string;
  clients: number;
}

/** Latency histogram: bucket i counts deliveries that took i ms (the last bucket: that long or more). */
export const HISTOGRAM_MS = 30_000;

const { base, token, clients } = workerData as ClientsInput;
const histogram = new Uint32Array(HISTOGRAM_MS + 1);
let delivered = 0;
const streams: StreamClient[] = [];
for (let i = 0; i < clients; i++) {
  const s = openStream(base, token, { kinds: 'case.created' });
  s.onMessage = (m) => {
    histogram[Math.max(0, Math.min(HISTOGRAM_MS, Date.now() - Date.parse(m.at)))]!++;
    delivered++;
    s.messages.length = 0;
  };
  streams.push(s);
}
await Promise.all(streams.map((s) => s.opened));
parentPort!.postMessage({ type: 'open' });
parentPort!.on('message', (msg: { type: string }) => {
  if (msg.type === 'count') parentPort!.postMessage({ type: 'count', delivered });
  if (msg.type === 'finish') {
    for (const s of streams) s.close();
    parentPort!.postMessage({ type: 'done', delivered, histogram });
  }
});
