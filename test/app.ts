// Builds the Fastify app for a test on a real, seeded PostGIS: the shared read-only city
// (`full`) or a fresh clone of the small template that the test may change (`fresh`).
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { type App, type BuildOptions, buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import type { Role } from '../server/contracts/common.ts';
import { freshDatabase, fullDatabaseUrl, type TestDatabase } from './db.ts';

export interface TestApp {
  app: App;
  /** The database's URL (a fresh one is dropped on close). */
  url: string;
  /** A signed token for a role, without an account row. */
  token(role: Role): Promise<string>;
  /** GET as a role (or anonymously), via app.inject. */
  get(url: string, role?: Role): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions extends Partial<Omit<BuildOptions, 'config'>> {
  /** 'full': the shared default-scale city, read-only; 'fresh': a clone of the small template. */
  database?: 'full' | 'fresh';
}

export async function buildTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const { database = 'full', ...buildOptions } = opts;
  const fresh: TestDatabase | undefined = database === 'fresh' ? await freshDatabase() : undefined;
  const url = fresh?.url ?? fullDatabaseUrl();
  const config = { ...loadConfig(url), logLevel: process.env.LOG_LEVEL ?? 'silent', poolSize: 4 };
  // The shared city is read-only: its tokens are signed with a secret that never reaches app_setting.
  const tokenSecret = fresh ? undefined : randomBytes(32);
  let app: App;
  try {
    app = await buildApp({ config, tokenSecret, ...buildOptions });
  } catch (err) {
    await fresh?.drop();
    throw err;
  }
  const token = async (role: Role) => (await app.auth.issue({ id: 0, username: `test-${role}`, role, displayName: `test ${role}` })).token;
  return {
    app,
    url,
    token,
    async get(path, role) {
      const headers = role ? { authorization: `Bearer ${await token(role)}` } : {};
      return app.inject({ method: 'GET', url: path, headers });
    },
    async close() {
      await app.close();
      await fresh?.drop();
    },
  };
}
