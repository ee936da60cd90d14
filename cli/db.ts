// `npm run db [-- url|psql|stop]`: start (or reuse) the project database and print how to reach it.
import { spawnSync } from 'node:child_process';
import { migrate } from '../server/db/migrate.ts';
import { provideDatabase, redact } from './cluster.ts';
import { runMain } from './lifecycle.ts';

runMain(async () => {
  const action = process.argv[2] ?? 'url';
  const { url, cluster } = await provideDatabase();
  if (action === 'stop') {
    if (!cluster) throw new Error('DATABASE_URL is set: that database is not ours to stop.');
    cluster.stop();
    console.log('[xiuhua] cluster stopped');
    return;
  }
  await migrate(url);
  if (action === 'psql') {
    spawnSync('psql', [url], { stdio: 'inherit' });
  } else {
    console.log(action === 'url-secret' ? url : redact(url));
  }
});
