// Shared plumbing for the CLI commands: run an async main, print errors plainly, shut down once.
import { ProvisionError } from './cluster.ts';

type Cleanup = () => Promise<void> | void;
const cleanups: Cleanup[] = [];
let stopping = false;
let firstSignalAt = 0;

/** Registers work to do on Ctrl-C / SIGTERM or normal exit, run in reverse order. */
export function onShutdown(fn: Cleanup): void {
  cleanups.push(fn);
}

async function shutdown(code: number): Promise<never> {
  stopping = true;
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (err) {
      console.error('[xiuhua] during shutdown:', err instanceof Error ? err.message : err);
    }
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // A terminal's Ctrl-C reaches both the npm wrapper and us: repeats within 2 s are the same one.
    const now = Date.now();
    if (stopping) {
      if (now - firstSignalAt > 2000) {
        console.error('[xiuhua] forced exit');
        process.exit(130);
      }
      return;
    }
    firstSignalAt = now;
    console.log(`\n[xiuhua] ${signal}: stopping …`);
    void shutdown(0);
  });
}

/** Runs a command's main; a ProvisionError prints as a message, anything else with its stack. */
export function runMain(main: () => Promise<undefined | 'keep-running'>): void {
  main().then(
    (result) => {
      if (result !== 'keep-running') void shutdown(0);
    },
    (err) => {
      if (err instanceof ProvisionError) console.error(`[xiuhua] ${err.message}`);
      else console.error(err);
      void shutdown(1);
    },
  );
}
