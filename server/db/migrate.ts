// Forward-only SQL migrations: server/db/migrations/NNN_name.sql, applied in order, each once,
// recorded with a checksum in schema_migration. Several processes may start at once: an
// advisory lock makes one of them apply and the others wait.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrationsDir } from '../paths.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const LOCK_KEY = 0x58_48_4d_47; // "XHMG"

export function loadMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 3)),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex').slice(0, 16),
      };
    });
}

export class MigrationError extends Error {}

/** Applies every pending migration; returns the names applied. */
export async function migrate(url: string, log: (msg: string) => void = (m) => console.log(`[xiuhua] ${m}`)): Promise<string[]> {
  const migrations = loadMigrations();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`create table if not exists schema_migration (
      version int primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`);
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
      'select version, name, checksum from schema_migration order by version',
    );
    const done = new Map(rows.map((r) => [r.version, r]));
    for (const m of migrations) {
      const prior = done.get(m.version);
      if (prior) {
        if (prior.checksum !== m.checksum) {
          throw new MigrationError(
            `migration ${m.name} was changed after it was applied (checksum ${prior.checksum} → ${m.checksum}); ` +
              'migrations are forward-only: add a new one instead.',
          );
        }
        continue;
      }
      log(`migrating: ${m.name}`);
      await client.query('begin');
      try {
        await client.query(m.sql);
        await client.query('insert into schema_migration (version, name, checksum) values ($1, $2, $3)', [m.version, m.name, m.checksum]);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback');
        throw new MigrationError(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    await client.end();
  }
  return applied;
}

/** For /health: is the database at the newest migration this code knows? */
let newestKnown: number | undefined;
export async function migrationStatus(db: pg.Pool | pg.Client): Promise<{ current: number; expected: number }> {
  newestKnown ??= Math.max(0, ...loadMigrations().map((m) => m.version));
  const expected = newestKnown;
  const { rows } = await db.query<{ v: number | null }>('select max(version) as v from schema_migration');
  return { current: rows[0]?.v ?? 0, expected };
}
