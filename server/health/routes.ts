// GET /health: is the database reachable and at the migration this code expects? For operators and probes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { Health } from '../contracts/meta.ts';
import { loadMigrations, migrationStatus } from '../db/migrate.ts';

// A probe must get an answer quickly even when connecting to the database hangs.
const CHECK_TIMEOUT_MS = 3000;
const UNDEFINED_TABLE = '42P01';

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The migration status; a reachable database that was never migrated is at migration 0. */
async function migrations(db: pg.Pool): Promise<{ current: number; expected: number }> {
  try {
    return await migrationStatus(db);
  } catch (err) {
    if ((err as { code?: unknown }).code !== UNDEFINED_TABLE) throw err;
    return { current: 0, expected: Math.max(0, ...loadMigrations().map((m) => m.version)) };
  }
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      config: { roles: 'public' },
      schema: {
        tags: ['meta'],
        summary: 'Database reachable and migrations current → 200; otherwise 503 with the reason',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      let status: { current: number; expected: number };
      try {
        status = await within(CHECK_TIMEOUT_MS, migrations(app.db));
      } catch (err) {
        return reply.status(503).send({
          status: 'unavailable' as const,
          database: 'unreachable' as const,
          reason: `the database does not answer: ${(err as Error).message}`,
        });
      }
      if (status.current !== status.expected) {
        return reply.status(503).send({
          status: 'unavailable' as const,
          database: 'ok' as const,
          migrations: status,
          reason:
            status.current < status.expected
              ? `the database is at migration ${status.current} but this server needs ${status.expected}: run \`npm start\` (it migrates) or \`npm run db\``
              : `the database is at migration ${status.current}, newer than this server (${status.expected}): update the server`,
        });
      }
      return { status: 'ok' as const, database: 'ok' as const, migrations: status };
    },
  );
};

export default routes;
