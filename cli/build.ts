// Builds the web app with Vite when its sources are newer than the last build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, webDist } from '../server/paths.ts';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export async function buildWeb({ force = false } = {}): Promise<void> {
  const marker = join(webDist, 'index.html');
  const sources = Math.max(
    newestMtime(join(projectRoot, 'web')),
    statSync(join(projectRoot, 'vite.config.ts')).mtimeMs,
    statSync(join(projectRoot, 'package-lock.json')).mtimeMs,
  );
  if (!force && existsSync(marker) && statSync(marker).mtimeMs > sources) return;
  console.log('[xiuhua] building the web app (vite build) …');
  const r = spawnSync(process.execPath, [join(projectRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('vite build failed; see the output above');
}
