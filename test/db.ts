// Databases for tests. `npm test` seeds two per run: the default-scale city (shared, read-only)
// and a small template that a test clones when it needs a database of its own to change.
import { randomBytes } from 'node:crypto';
import { createClient } from '../server/db/pool.ts';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests with \`npm test\`, which provisions PostGIS`);
  return v;
}

/** The default-scale seeded city of this test run. Do not modify it. */
export function fullDatabaseUrl(): string {
  return env('XIUHUA_TEST_FULL_URL');
}

function urlFor(database: string): string {
  const u = new URL(env('XIUHUA_TEST_ADMIN_URL'));
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new database cloned from the small seeded template: cheap (a file copy), isolated. */
export async function freshDatabase(): Promise<TestDatabase> {
  const name = `xt_${env('XIUHUA_TEST_RUN')}_${randomBytes(4).toString('hex')}`;
  const admin = createClient(env('XIUHUA_TEST_ADMIN_URL'));
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${env('XIUHUA_TEST_TEMPLATE')}`);
  } finally {
    await admin.end();
  }
  return handle(name);
}

/** An empty, migrated database (for seeding tests). */
export async function emptyMigratedDatabase(): Promise<TestDatabase> {
  const { migrate } = await import('../server/db/migrate.ts');
  const name = `xt_${env('XIUHUA_TEST_RUN')}_${randomBytes(4).toString('hex')}`;
  const admin = createClient(env('XIUHUA_TEST_ADMIN_URL'));
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  await migrate(urlFor(name), () => {});
  return handle(name);
}

function handle(name: string): TestDatabase {
  return {
    name,
    url: urlFor(name),
    async drop() {
      const admin = createClient(env('XIUHUA_TEST_ADMIN_URL'));
      await admin.connect();
      try {
        await admin.query(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** One query on its own short-lived connection: for a test's independent look at the database. */
export async function query<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const db = createClient(url);
  await db.connect();
  try {
    return (await db.query(text, params)).rows as T[];
  } finally {
    await db.end();
  }
}
