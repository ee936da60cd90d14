// `npm run simulate -- [--url http://127.0.0.1:8080] [--scenario normal|rainstorm|holiday] [--speed 30] [--minutes N]`
// Runs the city simulator against a running Xiuhua server, through its public HTTP API only.
import { parseArgs } from 'node:util';
import { SCENARIOS, type Scenario } from '../sim/model.ts';
import { Simulator } from '../sim/simulator.ts';
import { onShutdown, runMain } from './lifecycle.ts';

const log = (m: string) => console.log(`[xiuhua] ${m}`);

runMain(async () => {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: process.env.XIUHUA_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}` },
      scenario: { type: 'string', default: process.env.XIUHUA_SIM_SCENARIO ?? 'normal' },
      speed: { type: 'string', default: process.env.XIUHUA_SIM_SPEED ?? '30' },
      minutes: { type: 'string' },
    },
  });
  const scenario = values.scenario as Scenario;
  if (!SCENARIOS.includes(scenario)) throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')}, got ${values.scenario}`);
  const speed = Number(values.speed);
  if (!(speed > 0 && speed <= 10_000))
    throw new Error(`--speed must be a number of simulated minutes per real minute (1–10000), got ${values.speed}`);
  const minutes = values.minutes === undefined ? undefined : Number(values.minutes);
  if (minutes !== undefined && !(minutes > 0))
    throw new Error(`--minutes must be a positive number of real minutes, got ${values.minutes}`);

  const sim = new Simulator({ baseUrl: values.url!, scenario, speed, log });
  await sim.start();
  const report = setInterval(() => log(`simulator: ${sim.summary()}`), 60_000);
  onShutdown(async () => {
    clearInterval(report);
    await sim.stop();
    log(`simulator stopped: ${sim.summary()}`);
  });
  if (minutes === undefined) return 'keep-running';
  await new Promise((r) => setTimeout(r, minutes * 60_000));
  clearInterval(report);
  await sim.stop();
  log(`simulator finished: ${sim.summary()}`);
});
