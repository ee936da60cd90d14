// `npm start`: provides PostGIS (DATABASE_URL or the project cluster), migrates, seeds an empty
// database, builds the web app when its sources changed, serves it and prints the URL.
// Ctrl-C stops the server and, if this command started it, the project cluster.

import { loadConfig } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { startServer } from '../server/serve.ts';
import { SCENARIOS, type Scenario } from '../sim/model.ts';
import { Simulator } from '../sim/simulator.ts';
import { buildWeb } from './build.ts';
import { provideDatabase, redact } from './cluster.ts';
import { onShutdown, runMain } from './lifecycle.ts';
import { terminalProgress } from './progress.ts';
import { seedIfEmpty } from './seeding.ts';

const log = (m: string) => console.log(`[xiuhua] ${m}`);

runMain(async () => {
  const { url, cluster } = await provideDatabase();
  if (cluster?.startedNow && process.env.XIUHUA_KEEP_DB !== '1') {
    onShutdown(() => {
      cluster.stop();
      log('project database stopped');
    });
  }
  log(`database: ${redact(url)}`);
  await migrate(url);
  const config = loadConfig(url);
  await seedIfEmpty(url, { seed: config.seed, scale: config.seedScale, progress: terminalProgress(), log });
  await buildWeb();
  const server = await startServer(config);
  onShutdown(() => server.close());
  console.log(`\n  绣花 Xiuhua is running at ${server.url}\n`);
  console.log('  Sign in as leader / xiuhua-leader (also commander, planner, dispatcher, field: xiuhua-<name>),');
  console.log(`  or choose 参观演示 (visitor demo). API docs: ${server.url}/docs   Ctrl-C stops.\n`);
  if (config.simulate) await startSimulator(server.url);
  return 'keep-running';
});

/** The city simulator runs by default so the cockpit is alive; XIUHUA_SIMULATE=0 switches it off. */
async function startSimulator(url: string): Promise<void> {
  const scenario = (process.env.XIUHUA_SIM_SCENARIO ?? 'normal') as Scenario;
  if (!SCENARIOS.includes(scenario)) throw new Error(`XIUHUA_SIM_SCENARIO must be one of ${SCENARIOS.join(', ')}`);
  const speed = Number(process.env.XIUHUA_SIM_SPEED ?? 30);
  const sim = new Simulator({ baseUrl: url, scenario, speed, log });
  try {
    await sim.start();
  } catch (err) {
    log(`simulator not started: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  log(`simulator: ${scenario} at ${speed}× (XIUHUA_SIMULATE=0 switches it off; npm run simulate -- --help for scenarios)`);
  onShutdown(() => sim.stop());
}
