// `npm test [-- vitest args]`: provisions PostGIS and Chromium the same way `npm start` does,
// seeds two fresh databases for this run — the default-scale city (read by the seed, tile and
// browser tests) and a small template that tests clone for a database of their own — builds the
// web app, runs every vitest suite (unit, integration, browser) and drops the databases.
// XIUHUA_TEST_REUSE=<name> keeps and reuses that run's databases between runs (development only;
// give each developer working in parallel a different name).
// `-- --no-lint` skips biome and `-- --no-typecheck` skips tsc (both run by default, as in CI).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Progress } from '../seed/context.ts';
import { loadConfig } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { createClient } from '../server/db/pool.ts';
import { CHROMIUM_PATH } from '../test/browser.ts';
import { buildWeb } from './build.ts';
import { aptInstall, dropDatabase, ensureDatabase, ensureLocalCluster, ProvisionError } from './cluster.ts';
import { onShutdown, runMain } from './lifecycle.ts';
import { silentProgress, terminalProgress } from './progress.ts';
import { seedIfEmpty } from './seeding.ts';

const log = (m: string) => console.log(`[xiuhua] ${m}`);

/** Chromium for the browser tests and a CJK font so Chinese text renders (not tofu). */
function ensureChromium(): void {
  const missing = [
    existsSync(CHROMIUM_PATH) ? null : 'chromium',
    existsSync('/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc') ? null : 'fonts-wqy-zenhei',
  ].filter((p): p is string => p !== null);
  if (!missing.length) return;
  if (process.getuid?.() !== 0) {
    throw new ProvisionError(`browser tests need Debian packages: sudo apt-get install -y ${missing.join(' ')}`);
  }
  aptInstall(missing);
}

/** The admin URL for the server that will hold the test databases. */
async function testServer(): Promise<{ adminUrl: string; urlFor: (db: string) => string }> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const u = new URL(given);
    const urlFor = (db: string) => {
      const v = new URL(given);
      v.pathname = `/${db}`;
      return v.toString();
    };
    u.pathname = '/postgres';
    return { adminUrl: u.toString(), urlFor };
  }
  const cluster = await ensureLocalCluster();
  return { adminUrl: cluster.adminUrl, urlFor: cluster.urlFor };
}

/** Migrates and seeds a test database; a reused one that is already seeded is kept as it is. */
async function prepareSeeded(url: string, scale: string, seed: number, progress: Progress): Promise<void> {
  await migrate(url, () => {});
  await seedIfEmpty(url, { seed, scale, progress, log });
}

/** Formatting and lint rules (biome.json) over the tree as it stands, committed or not: a finding
 *  fails the run in seconds, before any database is seeded. */
function lint(): void {
  console.log('[xiuhua] formatting and lint (biome ci) …');
  const result = spawnSync(process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'ci', '--colors=off', '.'], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new ProvisionError(`formatting or lint failed (npx biome check --write . fixes what it can):\n${result.stdout}${result.stderr}`);
  }
}

/** The whole tree through the TypeScript compiler (tsx and vite strip types without checking them). */
function typecheck(): void {
  console.log('[xiuhua] type-checking (tsc --noEmit) …');
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'], { encoding: 'utf8' });
  if (result.status !== 0) throw new ProvisionError(`the type check failed:\n${result.stdout}${result.stderr}`);
}

runMain(async () => {
  const reuseName = process.env.XIUHUA_TEST_REUSE ?? '';
  if (reuseName && !/^[a-z0-9]{1,12}$/.test(reuseName))
    throw new ProvisionError('XIUHUA_TEST_REUSE must be 1–12 lowercase letters or digits');
  const reuse = reuseName !== '';
  const run = reuse ? `dev${reuseName}` : `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const names = { full: `xt_${run}_full`, template: `xt_${run}_tpl` };
  const config = loadConfig();

  if (!process.argv.includes('--no-lint')) lint();
  ensureChromium();
  const server = await testServer();
  if (!reuse) {
    onShutdown(async () => {
      for (const name of Object.values(names)) await dropDatabase(server.adminUrl, name).catch(() => {});
      // databases cloned from the template by tests that were interrupted
      const admin = createClient(server.adminUrl);
      await admin.connect();
      const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [`xt_${run}_%`]);
      await admin.end();
      for (const r of rows) await dropDatabase(server.adminUrl, r.datname).catch(() => {});
    });
  }
  for (const name of Object.values(names)) await ensureDatabase(server.adminUrl, name);

  const vitestArgs = process.argv.slice(2).filter((a) => a !== '--no-lint' && a !== '--no-typecheck');
  const onlyUnit = vitestArgs.includes('--unit');
  // the small template seeds alongside the full city (separate backends; the second core is free)
  const template = prepareSeeded(server.urlFor(names.template), 'small', config.seed, silentProgress);
  template.catch(() => {}); // reported by the `await` below, not as an unhandled rejection meanwhile
  if (!onlyUnit) {
    await prepareSeeded(server.urlFor(names.full), process.env.XIUHUA_TEST_SCALE ?? 'default', config.seed, terminalProgress());
    await buildWeb({ force: !reuse });
    if (!process.argv.includes('--no-typecheck')) typecheck();
  }
  await template;

  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...vitestArgs.filter((a) => a !== '--unit')], {
      stdio: 'inherit',
      env: {
        ...process.env,
        XIUHUA_TEST_RUN: run,
        XIUHUA_TEST_ADMIN_URL: server.adminUrl,
        XIUHUA_TEST_FULL_URL: server.urlFor(names.full),
        XIUHUA_TEST_TEMPLATE: names.template,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      },
    });
    onShutdown(() => {
      child.kill('SIGTERM');
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new ProvisionError(`tests failed (vitest exit ${code})`);
  log('all tests passed');
});
