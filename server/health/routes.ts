// GET /health: is the database reachable and at the migration this code expects? For operators and probes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Health } from '../contracts/meta.ts';
import { migrationStatus } from '../db/migrate.ts';

// A probe must get an answer quickly even when connecting to the database hangs.
const CHECK_TIMEOUT_MS = 3000;

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', {
    config: { roles: 'public' },
    schema: {
      tags: ['meta'],
      summary: 'Database reachable and migrations current → 200; otherwise 503 with the reason',
      response: { 200: Health, 503: Health },
    },
  }, async (_request, reply) => {
    let migrations: { current: number; expected: number };
    try {
      migrations = await within(CHECK_TIMEOUT_MS, migrationStatus(app.db));
    } catch (err) {
      return reply.status(503).send({
        status: 'unavailable' as const, database: 'unreachable' as const,
        reason: `the database does not answer: ${(err as Error).message}`,
      });
    }
    if (migrations.current !== migrations.expected) {
      return reply.status(503).send({
        status: 'unavailable' as const, database: 'ok' as const, migrations,
        reason: migrations.current < migrations.expected
          ? `the database is at migration ${migrations.current} but this server needs ${migrations.expected}: run \`npm start\` (it migrates) or \`npm run db\``
          : `the database is at migration ${migrations.current}, newer than this server (${migrations.expected}): update the server`,
      });
    }
    return { status: 'ok' as const, database: 'ok' as const, migrations };
  });
};

export default routes;
