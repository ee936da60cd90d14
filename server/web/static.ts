// Serves the built web app (dist/web): fingerprinted /assets/* cached for a year, index.html always
// revalidated, and the single-page-app fallback — which never swallows an unknown /api/* route.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { publicScope } from '../auth/plugin.ts';
import { HttpError, notFoundMessage } from '../errors.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Paths the server itself owns: an unknown one is a JSON 404, never the web app's page. */
const SERVER_PATHS = /^\/(api|tiles|styles|docs|health)(\/|$|\?)/;

const NOT_BUILT =
  'The Xiuhua web app has not been built yet.\n\n' +
  'Run `npm run build` (or `npm start`, which builds it), then reload this page.\n' +
  'The API is up: see /docs and /health.\n';

/** A browser navigating to a page of the app (not a missing file, not an API call). */
function isPageRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0]!;
  if (SERVER_PATHS.test(path)) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

export interface WebOptions {
  /** The built app's folder (server/paths.ts webDist). */
  root: string;
}

async function web(app: FastifyInstance, opts: WebOptions): Promise<void> {
  const built = existsSync(join(opts.root, 'index.html'));
  if (built) {
    const assets = `${sep}assets${sep}`;
    await app.register(
      publicScope("the web app's static files", async (scope) => {
        await scope.register(fastifyStatic, {
          root: opts.root,
          prefix: '/',
          cacheControl: false,
          dotfiles: 'ignore',
          setHeaders: (reply, path) => {
            // Vite fingerprints everything under assets/: a changed file gets a new name.
            reply.setHeader('cache-control', path.includes(assets) ? IMMUTABLE : REVALIDATE);
          },
        });
      }),
    );
  } else {
    app.log.warn(`the web app is not built (${opts.root} has no index.html): run npm run build`);
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (!isPageRequest(request)) throw new HttpError(404, notFoundMessage(request));
    if (!built || !existsSync(join(opts.root, 'index.html'))) {
      return reply.status(503).type('text/plain; charset=utf-8').header('cache-control', REVALIDATE).send(NOT_BUILT);
    }
    // Read per request: a rebuild while the server runs is picked up (the file is a few hundred bytes).
    const html = await readFile(join(opts.root, 'index.html'));
    return reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE).send(html);
  });
}

export default fp(web, { name: 'xiuhua-web' });
