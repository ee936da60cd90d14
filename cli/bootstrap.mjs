// Entry point behind `npm start` / `npm test` / `npm run …`: plain JavaScript so it runs before
// any dependency exists. It installs npm dependencies when they are missing or stale, then hands
// over to the TypeScript command in cli/ through tsx.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const commands = ['start', 'test', 'seed', 'simulate', 'db', 'bench'];
const [command, ...rest] = process.argv.slice(2);

if (!commands.includes(command)) {
  console.error(`usage: node cli/bootstrap.mjs <${commands.join('|')}> [options]`);
  process.exit(2);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Xiuhua needs Node.js ≥ 20.19 (this is ${process.versions.node}).`);
  process.exit(1);
}

/** npm writes node_modules/.package-lock.json on every install; older than the lock file = stale. */
function dependenciesStale() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed) || !existsSync(join(root, 'node_modules', 'tsx'))) return true;
  const lock = join(root, 'package-lock.json');
  return existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs + 1000;
}

if (dependenciesStale()) {
  const hasLock = existsSync(join(root, 'package-lock.json'));
  const args = hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  console.log(`[xiuhua] installing npm dependencies (npm ${args[0]}) …`);
  const r = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[xiuhua] npm install failed; see the output above.');
    process.exit(r.status ?? 1);
  }
}

// Run the TypeScript command with tsx's loader; forward signals so Ctrl-C reaches it once.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli', `${command}.ts`), ...rest], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, XIUHUA_VERSION: pkg.version },
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
// A Ctrl-C in a terminal reaches the whole process group, so the child may see a signal twice;
// cli/lifecycle.ts treats repeats within a moment as one.
const signalNumbers = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
child.on('exit', (code, signal) => {
  process.exit(signal ? 128 + (signalNumbers[signal] ?? 1) : (code ?? 1));
});
