// Worker entry for the benchmarks' TypeScript workers (workerData.entry: the module's URL): worker threads
// do not inherit tsx's loader, so register it here.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
