// Where things live on disk, resolved once from this file's location.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const webDist = join(projectRoot, 'dist', 'web');
export const migrationsDir = join(projectRoot, 'server', 'db', 'migrations');
export const realDataDir = join(projectRoot, 'seed', 'data');
