// The Fastify app factory: one plugin per concern, registered in the order the data flows —
// database, roles, docs, then each feature's routes, then the web app and its fallback.

import { constants as zlib } from 'node:zlib';
import compress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type pg from 'pg';
import tileRoutes from '../tiles/routes.ts';
import alleyRoutes from './alleys/routes.ts';
import analysisRoutes from './analysis/routes.ts';
import areaRoutes from './areas/routes.ts';
import auth from './auth/plugin.ts';
import authRoutes from './auth/routes.ts';
import caseActionRoutes from './cases/actions.ts';
import caseRoutes from './cases/routes.ts';
import cockpitRoutes from './cockpit/routes.ts';
import type { Config } from './config.ts';
import { ajvFormats } from './contracts/formats.ts';
import crowdRoutes from './crowds/routes.ts';
import directoryRoutes from './directory/routes.ts';
import emergencyRoutes from './emergency/routes.ts';
import { errorHandler, frameworkErrors } from './errors.ts';
import gridRoutes from './grid/routes.ts';
import healthRoutes from './health/routes.ts';
import open311Routes from './intake/open311.ts';
import intakeRoutes from './intake/routes.ts';
import kpiRoutes from './kpi/routes.ts';
import liveRoutes from './live/routes.ts';
import { loggerOptions, RequestLog } from './logging.ts';
import metaRoutes, { serverVersion } from './meta/routes.ts';
import { webDist } from './paths.ts';
import database from './plugins/database.ts';
import docs from './plugins/docs.ts';
import replayRoutes from './replay/routes.ts';
import sensorRoutes from './sensors/routes.ts';
import web from './web/static.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface BuildOptions {
  config: Config;
  /** A pool owned by the caller (left open on close); otherwise one is made from config.databaseUrl. */
  pool?: pg.Pool;
  /** The built web app's folder; defaults to dist/web. */
  webRoot?: string;
  /** A fixed token secret instead of the one shared through app_setting (tests on read-only databases). */
  tokenSecret?: Buffer;
  /** Where log lines go instead of stdout (tests read them; a pretty format is then not used). */
  logStream?: { write(line: string): void };
}

export async function buildApp(opts: BuildOptions): Promise<App> {
  const { config } = opts;
  const app = Fastify({
    // readable lines on a terminal, JSON otherwise; requests one line each at debug (server/logging.ts)
    logger: opts.logStream
      ? { ...loggerOptions(config.logLevel, 'json'), stream: opts.logStream }
      : loggerOptions(config.logLevel, config.logFormat),
    logController: new RequestLog(),
    ajv: {
      customOptions: {
        // An unknown query parameter is a 400, not silently ignored: a misspelt filter must not
        // quietly return the whole city.
        removeAdditional: false,
        formats: ajvFormats,
        keywords: ['errorMessage'],
        // parentSchema in errors lets server/errors.ts use the schema's own errorMessage.
        verbose: true,
      },
    },
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(errorHandler);

  await app.register(database, { url: config.databaseUrl, poolSize: config.poolSize, pool: opts.pool });
  await app.register(auth, { secret: opts.tokenSecret });
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    // Brotli's default quality (11) costs seconds on a city's GeoJSON; 5 is near gzip speed and smaller.
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } },
  });
  await app.register(docs, { version: serverVersion() });

  await app.register(healthRoutes);
  await app.register(metaRoutes);
  await app.register(authRoutes);
  await app.register(areaRoutes);
  await app.register(gridRoutes);
  await app.register(alleyRoutes);
  await app.register(directoryRoutes);
  await app.register(caseRoutes);
  await app.register(caseActionRoutes);
  await app.register(intakeRoutes);
  await app.register(open311Routes);
  await app.register(sensorRoutes);
  await app.register(crowdRoutes, { crowdAlarmShare: config.crowdAlarmShare });
  await app.register(kpiRoutes, { config });
  await app.register(cockpitRoutes);
  await app.register(emergencyRoutes);
  await app.register(analysisRoutes);
  await app.register(replayRoutes);
  await app.register(liveRoutes, { databaseUrl: config.databaseUrl });
  await app.register(tileRoutes, { databaseUrl: config.databaseUrl, cacheBytes: config.tileCacheBytes });

  await app.register(web, { root: opts.webRoot ?? webDist });
  await app.ready();
  return app;
}
