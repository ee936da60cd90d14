// Worker entry for the benchmarks' TypeScript workers (workerData.entry: the module's URL): worker threads
// do not inherit tsx's loader, so register it here.

import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
