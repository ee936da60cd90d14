// OpenAPI generated from the route schemas, and Swagger UI at /docs served from our own origin
// (the bundled assets; no CDN, no web fonts, no online validator badge).

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { publicScope } from '../auth/plugin.ts';

/** Drops our validation-only annotations (errorMessage) from the published schemas. */
function stripAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripAnnotations);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'errorMessage')
        .map(([k, v]) => [k, stripAnnotations(v)]),
    );
  }
  return value;
}

/**
 * Swagger UI's own default policy allows https: everywhere and upgrades requests to https, which
 * breaks /docs on an intranet served over plain http; ours allows our origin only. Swagger UI sets
 * inline styles as it draws, hence 'unsafe-inline' for styles (never for scripts).
 */
const DOCS_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
].join('; ');

async function docs(app: FastifyInstance, opts: { version: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Xiuhua 绣花 API',
        description: "Grid-based city management for Beijing's capital core area. Errors answer `{statusCode, error, message}`.",
        version: opts.version,
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'POST /api/auth/login or /api/auth/demo' } },
      },
      tags: [
        { name: 'auth', description: 'sign-in and roles' },
        { name: 'meta', description: 'health, version and data sources' },
        { name: 'areas', description: 'districts, streets and communities' },
        { name: 'grid', description: 'unit grid cells (单元网格)' },
        { name: 'alleys', description: 'alleys (背街小巷), chiefs, stewards and the 十有十无 checklist' },
        { name: 'cases', description: 'cases (案件) and their trails' },
      ],
    },
    transform: ({ schema, url }) => ({ schema: stripAnnotations(schema) as typeof schema, url }),
  });
  await app.register(
    publicScope('the API documentation', async (scope) => {
      await scope.register(swaggerUi, {
        routePrefix: '/docs',
        staticCSP: DOCS_CSP,
        uiConfig: { validatorUrl: null, deepLinking: true, tryItOutEnabled: false },
      });
    }),
  );
}

export default fp(docs, { name: 'xiuhua-docs', dependencies: ['xiuhua-auth'] });
