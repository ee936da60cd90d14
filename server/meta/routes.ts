// GET /api/meta: version, the seed that made this city, the SRID and the data sources for the About note.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { Meta } from '../contracts/meta.ts';
import { projectRoot } from '../paths.ts';
import { DATA_SOURCES } from './sources.ts';

/** XIUHUA_VERSION (set by the npm scripts), else package.json's version. */
export function serverVersion(): string {
  if (process.env.XIUHUA_VERSION) return process.env.XIUHUA_VERSION;
  return (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

async function latestSeed(db: pg.Pool): Promise<Meta['seed']> {
  const { rows } = await db.query<NonNullable<Meta['seed']>>(`
    select seed, scale, to_json(anchor) as anchor from seed_run
     where finished_at is not null order by id desc limit 1`);
  return rows[0] ?? null;
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const version = serverVersion();
  app.get(
    '/api/meta',
    {
      config: { roles: 'public' },
      schema: {
        tags: ['meta'],
        summary: 'Version, the seed run that made this city, the SRID, and data sources with their licences',
        response: { 200: Meta },
      },
    },
    async () => ({
      version,
      seed: await latestSeed(app.db),
      srid: 4326 as const,
      dataSources: [...DATA_SOURCES],
    }),
  );
};

export default routes;
