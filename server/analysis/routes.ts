// The planner's analysis routes: hot spots (Gi* or Local Moran's I), emerging hot spots and the 热线+网格
// quadrant model, each as JSON, CSV (with BOM) or GeoJSON, streamed.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ANALYSTS } from '../auth/roles.ts';
import { EmergingQuery, EmergingResult, HotspotQuery, HotspotResult, QuadrantQuery, QuadrantResult } from '../contracts/analysis.ts';
import { ErrorBody } from '../contracts/common.ts';
import planRoutes from './plans.ts';
import { csvChunks, emerging, geojsonChunks, hotspots, quadrant, scopeOf } from './queries.ts';

const FILTERS = 'from/to (Beijing days), category (sub-class or main-class prefix), source, street, community (the study area)';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(planRoutes);

  /** Streams cell rows as CSV or GeoJSON when asked for (true), or leaves the JSON answer to the caller (false). */
  const streamed = (
    reply: FastifyReply,
    format: string | undefined,
    name: string,
    rows: Array<Record<string, unknown> & { code: string }>,
    columns: readonly string[],
    meta: unknown,
  ): boolean => {
    if (format === 'csv') {
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(Readable.from(csvChunks(rows, columns)));
      return true;
    }
    if (format === 'geojson') {
      void reply
        .type('application/geo+json')
        .header('content-disposition', `attachment; filename="${name}.geojson"`)
        .send(Readable.from(geojsonChunks(app.db, rows, meta)));
      return true;
    }
    return false;
  };

  app.get(
    '/api/analysis/hotspots',
    {
      config: { roles: ANALYSTS },
      schema: {
        tags: ['analysis'],
        summary:
          "Hot spots over the unit-grid cells: Getis–Ord Gi* (hot/cold at 99/95/90%) or Local Moran's I (HH/LL/HL/LH), FDR-corrected",
        description: `Counts per cell from the case rollup (cells without cases count 0), binary queen-contiguity weights. Filters: ${FILTERS}.`,
        querystring: HotspotQuery,
        response: { 200: HotspotResult, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const method = q.method ?? 'gistar';
      const result = await hotspots(app.db, await scopeOf(app.db, q), method);
      if (
        streamed(
          reply,
          q.format,
          `hotspots-${method}-${result.meta.from}-${result.meta.to}`,
          result.items,
          ['code', 'count', 'z', 'p', 'significant', 'class'],
          result.meta,
        )
      )
        return reply;
      return result;
    },
  );

  app.get(
    '/api/analysis/emerging',
    {
      config: { roles: ANALYSTS },
      schema: {
        tags: ['analysis'],
        summary:
          "Emerging hot spots: Gi* per weekly bin, the Mann–Kendall trend per cell, ArcGIS's categories (new, consecutive, intensifying, …)",
        description: `Whole weeks ending at \`to\`. Filters: ${FILTERS}.`,
        querystring: EmergingQuery,
        response: { 200: EmergingResult, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const result = await emerging(app.db, await scopeOf(app.db, q));
      if (
        streamed(
          reply,
          q.format,
          `emerging-${result.meta.from}-${result.meta.to}`,
          result.items,
          ['code', 'count', 'category', 'hotWeeks', 'coldWeeks', 'trendTau', 'trendP'],
          result.meta,
        )
      )
        return reply;
      return result;
    },
  );

  app.get(
    '/api/analysis/quadrant',
    {
      config: { roles: ANALYSTS },
      schema: {
        tags: ['analysis'],
        summary:
          '热线+网格: hotline against grid-patrol counts per cell and community, the four quadrants, the patrol blind spots by street',
        description:
          "A count is high when it is strictly above its source's median (split=median, default) or upper quartile " +
          "(split=q3) over the study area's cells (communities: over the communities), zero counts included. " +
          'both-high: focus of active governance; blind-spot: hotline high, patrol low — strengthen patrol.',
        querystring: QuadrantQuery,
        response: { 200: QuadrantResult, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const split = q.split ?? 'median';
      const result = await quadrant(app.db, await scopeOf(app.db, q), split);
      if (
        streamed(
          reply,
          q.format,
          `quadrant-${split}-${result.meta.from}-${result.meta.to}`,
          result.cells,
          ['code', 'hotline', 'patrol', 'quadrant'],
          result.meta,
        )
      )
        return reply;
      return result;
    },
  );
};

export default routes;
