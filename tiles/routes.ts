// HTTP for vector tiles: GET /tiles/{layer}/{z}/{x}/{y}.mvt (cached, ETag/304, gzip), TileJSON 3.0 at
// /tiles/{layer}.json and the basemap styles at /styles/{dark|light}.json. Tiles carry no personal
// data (chiefs by name only), so they are public like the page that draws them.
import { gzip } from 'node:zlib';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { caseFilterFrom, caseFilterOf } from '../server/cases/filter.ts';
import { CaseListQuery } from '../server/contracts/cases.ts';
import { ErrorBody } from '../server/contracts/common.ts';
import { CORE_AREA_EXTENT } from '../server/contracts/constants.ts';
import { badRequest, notFound } from '../server/errors.ts';
import { TileCache } from './cache.ts';
import { listenForChanges } from './invalidation.ts';
import { isFiltered, LAYER_BY_NAME, LAYERS, type TileLayer, tileStatement } from './layers.ts';
import { basemapStyle, STYLE_NAMES } from './styles.ts';

export interface TileOptions {
  databaseUrl: string;
  /** Byte budget of the in-memory tile cache; 0 = no caching. */
  cacheBytes?: number;
}

const TileParams = Type.Object({
  layer: Type.String({ pattern: '^[a-z_]{1,32}$', errorMessage: `must be a layer name: ${LAYERS.map((l) => l.name).join(', ')}` }),
  z: Type.Integer({ minimum: 0, maximum: 22, errorMessage: 'must be a zoom level from 0 to 22' }),
  x: Type.Integer({ minimum: 0, errorMessage: 'must be a tile column, 0 to 2^z − 1' }),
  tile: Type.String({ pattern: '^[0-9]{1,7}\\.mvt$', errorMessage: 'must be <row>.mvt, the tile row 0 to 2^z − 1' }),
});
const q = CaseListQuery.properties;
/** The case list's filters, less the ones a tile sets itself (its box) or has no use for (paging). */
const TileQuery = Type.Object(
  {
    from: q.from,
    to: q.to,
    category: q.category,
    source: q.source,
    stage: q.stage,
    street: q.street,
    overdue: q.overdue,
  },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox<TileOptions> = async (app, opts) => {
  const cacheBytes = opts.cacheBytes ?? 256 * 1024 * 1024;
  const cache = new TileCache(Math.max(1, cacheBytes));
  const invalidation = listenForChanges(opts.databaseUrl, cache, app.log);
  app.addHook('onClose', () => invalidation.close());
  // Startup does not wait for the listener (the server must come up, and say so on /health, even
  // when the database is down); until it listens, tiles are served fresh and not cached.

  app.get(
    '/tiles/:layer/:z/:x/:tile',
    {
      config: { roles: 'public' },
      schema: {
        tags: ['tiles'],
        summary: 'One Mapbox Vector Tile of a layer; case tiles take the case filters',
        params: TileParams,
        querystring: TileQuery,
        response: {
          200: Type.Unknown({ description: 'application/vnd.mapbox-vector-tile (gzip when accepted)' }),
          204: Type.Null({ description: 'the tile is empty' }),
          304: Type.Null({ description: 'unchanged since the ETag sent in If-None-Match' }),
          400: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { layer: name, z, x } = request.params;
      const y = Number(request.params.tile.slice(0, -4));
      const layer = LAYER_BY_NAME.get(name);
      if (!layer) throw notFound(`no tile layer "${name}"; layers: ${LAYERS.map((l) => l.name).join(', ')}`);
      const max = 2 ** z - 1;
      if (x > max || y > max) throw badRequest(`tile ${z}/${x}/${y} does not exist: at zoom ${z}, x and y run from 0 to ${max}`);
      const query = request.query;
      if (!isFiltered(layer) && Object.keys(query).length) {
        throw badRequest(`layer "${name}" takes no query parameters; only cases tiles are filtered`);
      }
      const key = `${name}/${z}/${x}/${y}?${isFiltered(layer) ? filterKey(query) : ''}`;
      const cacheable = cacheBytes > 0 && invalidation.listening();
      let tile = cacheable ? cache.get(key) : undefined;
      if (!tile) {
        // the street looked up and the category checked on a miss only: a cached tile costs no query
        const filter = isFiltered(layer) ? await caseFilterFrom(app.db, query) : {};
        const { rows } = await app.db.query<{ mvt: Buffer | null }>(tileStatement(layer, z, x, y, filter));
        const body = rows[0]?.mvt ?? Buffer.alloc(0);
        tile = { body, gzip: null, etag: TileCache.etagOf(body) };
        if (cacheable) {
          cache.set(key, tile, layer.staleAfterS);
          // Compressed off the request path (zlib's thread pool): this answer goes out raw, the next gzipped.
          const cached = tile;
          if (body.length > 0)
            gzip(body, { level: 6 }, (err, zipped) => {
              if (!err) cached.gzip = zipped;
            });
        }
      }
      // revalidate every time: a 304 is cheap and a changed tile shows at once
      reply.header('cache-control', 'no-cache').header('etag', tile.etag).header('vary', 'accept-encoding');
      if (request.headers['if-none-match'] === tile.etag) return reply.code(304).send(null);
      if (tile.body.length === 0) return reply.code(204).send(null);
      reply.type('application/vnd.mapbox-vector-tile');
      if (tile.gzip && /\bgzip\b/.test(request.headers['accept-encoding'] ?? ''))
        return reply.header('content-encoding', 'gzip').send(tile.gzip);
      return reply.send(tile.body);
    },
  );

  app.get(
    '/tiles/:file',
    {
      config: { roles: 'public' },
      schema: {
        tags: ['tiles'],
        summary: 'TileJSON 3.0 for a layer',
        params: Type.Object({ file: Type.String({ pattern: '^[a-z_]{1,32}\\.json$', errorMessage: 'must be <layer>.json' }) }),
        response: { 200: Type.Unknown({ description: 'TileJSON 3.0.0' }), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const name = request.params.file.slice(0, -5);
      const layer = LAYER_BY_NAME.get(name);
      if (!layer) throw notFound(`no tile layer "${name}"; layers: ${LAYERS.map((l) => l.name).join(', ')}`);
      return tileJson(layer, originOf(request));
    },
  );

  app.get(
    '/styles/:file',
    {
      config: { roles: 'public' },
      schema: {
        tags: ['tiles'],
        summary: 'maplibre style of the offline basemap: dark (the video wall) or light (the desk)',
        params: Type.Object({
          file: Type.String({
            pattern: '^[a-z]{1,16}\\.json$',
            errorMessage: `must be one of ${STYLE_NAMES.map((n) => `${n}.json`).join(', ')}`,
          }),
        }),
        response: { 200: Type.Unknown({ description: 'maplibre style specification v8' }), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const name = request.params.file.slice(0, -5);
      if (!(STYLE_NAMES as readonly string[]).includes(name)) throw notFound(`no style "${name}"; styles: ${STYLE_NAMES.join(', ')}`);
      return basemapStyle(name as (typeof STYLE_NAMES)[number], originOf(request));
    },
  );
};

/** Equal filters give equal keys: lists sorted and deduplicated, dates as instants. */
function filterKey(query: Parameters<typeof caseFilterOf>[0]): string {
  return JSON.stringify({ ...caseFilterOf(query), street: query.street });
}

function originOf(request: { protocol: string; host: string }): string {
  return `${request.protocol}://${request.host}`;
}

/** Bounds (WGS84) announced in TileJSON: the core area's extent, which holds every layer's data, rounded
 *  outward to 0.01° (a margin of up to ~1 km): [116.31, 39.85, 116.45, 39.98]. */
export const CORE_BOUNDS: readonly [number, number, number, number] = (() => {
  const [w, s, e, n] = CORE_AREA_EXTENT;
  const down = (v: number) => Math.floor(v * 100) / 100;
  const up = (v: number) => Math.ceil(v * 100) / 100;
  return [down(w), down(s), up(e), up(n)];
})();

/** TileJSON 3.0, generated from the layer's definition: the web reads its zoom range and bounds here. */
export function tileJson(layer: TileLayer, origin: string) {
  return {
    tilejson: '3.0.0',
    name: layer.name,
    description: layer.description,
    scheme: 'xyz',
    tiles: [`${origin}/tiles/${layer.name}/{z}/{x}/{y}.mvt`],
    minzoom: layer.minzoom,
    maxzoom: layer.maxzoom,
    bounds: [...CORE_BOUNDS],
    center: [116.39, 39.915, Math.min(layer.maxzoom, Math.max(layer.minzoom, 12))],
    vector_layers: Object.entries(layer.vectorLayers).map(([id, v]) => ({
      id,
      fields: v.fields,
      minzoom: v.minzoom ?? layer.minzoom,
      maxzoom: layer.maxzoom,
      description: layer.description,
    })),
  };
}

export default routes;
