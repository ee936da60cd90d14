// The connection pool as `app.db`: created from the config (or handed in), closed with the app.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { createPool } from '../db/pool.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: pg.Pool;
  }
}

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  /** A pool owned by the caller: used as is and left open when the app closes. */
  pool?: pg.Pool;
  /** Upper bound for any one API query; beyond it the user gets a 503 asking for a narrower filter. */
  statementTimeoutMs?: number;
}

async function database(app: FastifyInstance, opts: DatabaseOptions): Promise<void> {
  const pool = opts.pool ?? createPool(opts.url, opts.poolSize, 'xiuhua-server', { statement_timeout: opts.statementTimeoutMs ?? 20_000 });
  if (!opts.pool)
    app.addHook('onClose', async () => {
      await pool.end();
    });
  // An idle client that loses its connection (database restart) must not crash the process.
  pool.on('error', (err) => app.log.warn({ err }, 'idle database connection lost'));
  app.decorate('db', pool);
}

export default fp(database, { name: 'xiuhua-database' });
