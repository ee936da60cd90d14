// Worker entry for bench/live-clients.ts: worker threads do not inherit tsx's loader, so register it here.
import { register } from 'tsx/esm/api';

register();
await import('./live-clients.ts');
