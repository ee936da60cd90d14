// Seeds a database that holds no finished seed (npm start, npm test): the one place that times and
// reports a seed run.
import { defaultAnchor, type Progress, parseScale } from '../seed/context.ts';
import { isSeeded, seedCity } from '../seed/index.ts';
import { createClient } from '../server/db/pool.ts';
import { redact } from './cluster.ts';

export async function seedIfEmpty(
  url: string,
  opts: { seed: number; scale: string; progress: Progress; log: (m: string) => void },
): Promise<void> {
  const db = createClient(url, 'xiuhua-seed');
  await db.connect();
  try {
    if (await isSeeded(db)) return;
    const scale = parseScale(opts.scale);
    opts.log(
      `seeding ${redact(url)}: the capital core area, seed ${opts.seed}, scale ${scale.name} (${scale.cases.toLocaleString('en')} cases) …`,
    );
    const t0 = Date.now();
    await seedCity(db, { seed: opts.seed, scale, anchor: defaultAnchor(), progress: opts.progress });
    opts.log(`seeded ${scale.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await db.end();
  }
}
