// `npm run seed -- [--seed N] [--scale small|default|10M] [--anchor ISO-time] [--force]`
// Seeds the city into the project database (or DATABASE_URL). --force empties it first.
import { parseArgs } from 'node:util';
import { defaultAnchor, parseScale } from '../seed/context.ts';
import { isSeeded, seedCity } from '../seed/index.ts';
import { loadConfig } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { createClient } from '../server/db/pool.ts';
import { emptyDatabase } from '../server/db/reset.ts';
import { provideDatabase, redact } from './cluster.ts';
import { runMain } from './lifecycle.ts';
import { terminalProgress } from './progress.ts';

runMain(async () => {
  const config = loadConfig();
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: String(config.seed) },
      scale: { type: 'string', default: config.seedScale },
      anchor: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const scale = parseScale(values.scale!);
  const anchor = values.anchor ? new Date(values.anchor) : defaultAnchor();
  if (Number.isNaN(anchor.getTime())) throw new Error(`--anchor must be an ISO time, got ${values.anchor}`);

  const { url } = await provideDatabase();
  await migrate(url);
  const db = createClient(url, 'xiuhua-seed');
  await db.connect();
  try {
    if (await isSeeded(db)) {
      if (!values.force) {
        console.log(`[xiuhua] ${redact(url)} is already seeded; use --force to empty it and seed again.`);
        return;
      }
      await emptyDatabase(db);
    }
    console.log(
      `[xiuhua] seeding seed=${seed} scale=${scale.name} (${scale.cases.toLocaleString('en')} cases) anchor=${anchor.toISOString()}`,
    );
    const t0 = Date.now();
    const counts = await seedCity(db, { seed, scale, anchor, progress: terminalProgress(), log: (m) => console.log(`[xiuhua] ${m}`) });
    console.log(`[xiuhua] seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s:`, counts);
  } finally {
    await db.end();
  }
});
