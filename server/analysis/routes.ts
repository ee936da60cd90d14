// The planner's analysis routes: hot spots (Gi* or Local Moran's I), emerging hot spots and the 热线+网格
// quadrant model, each as JSON, CSV (with BOM) or GeoJSON, streamed.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ANALYSTS } from '../auth/roles.ts';
import {
  DrilldownQuery,
  DrilldownResult,
  EmergingQuery,
  EmergingResult,
  HotspotQuery,
  HotspotResult,
  QuadrantQuery,
  QuadrantResult,
  RecurringQuery,
  RecurringResult,
  SeasonalQuery,
  SeasonalResult,
  TopProblemsQuery,
  TopProblemsResult,
} from '../contracts/analysis.ts';
import { ErrorBody } from '../contracts/common.ts';
import caseExportRoutes from './cases-export.ts';
import { DRILL_COLUMNS, drillCsvRows, drilldown } from './drilldown.ts';
import planRoutes from './plans.ts';
import { csvChunks, emerging, geojsonChunks, hotspots, quadrant, scopeOf } from './queries.ts';
import { RECURRING_COLUMNS, recurring, seasonal, seasonalCsv, TOP_PROBLEM_COLUMNS, topProblems } from './tables.ts';

const FILTERS = 'from/to (Beijing days), category (sub-class or main-class prefix), source, street, community (the study area)';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(planRoutes);
  await app.register(caseExportRoutes);

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
          ['code', 'count', 'z', 'p', 'significant', 'class', 'untestable'],
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
          ['code', 'count', 'category', 'hotWeeks', 'coldWeeks', 'trendTau', 'trendP', 'untestable'],
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

  /** A table as CSV (UTF-8 with BOM), streamed. */
  const csv = (reply: FastifyReply, name: string, rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]) => {
    void reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(Readable.from(csvChunks(rows, columns)));
    return reply;
  };

  app.get(
    '/api/analysis/top-problems',
    {
      config: { roles: ANALYSTS },
      schema: {
        tags: ['analysis'],
        summary:
          'What residents complain about most: sub-class × street counts over the range, with the change against the previous period',
        description: `The previous period has the range's length and ends where it begins. Filters: ${FILTERS}.`,
        querystring: TopProblemsQuery,
        response: { 200: TopProblemsResult, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const result = await topProblems(app.db, await scopeOf(app.db, q), q.limit ?? 20);
      if (q.format === 'csv') return csv(reply, `top-problems-${result.meta.from}-${result.meta.to}`, result.items, TOP_PROBLEM_COLUMNS);
      return result;
    },
  );

  app.get(
    '/api/analysis/seasonal',
    {
      config: { roles: ANALYSTS },
      schema: {
        tags: ['analysis'],
        summary: 'Seasonality and rhythm: a category × month table and a weekday × hour table (Beijing time)',
        description: `Months and hours in Beijing time. format=csv exports one table: table=month (default) or table=hour. Filters: ${FILTERS}.`,
        querystring: SeasonalQuery,
        response: { 200: SeasonalResult, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const result = await seasonal(app.db, await scopeOf(app.db, q), q.by ?? 'main');
      if (q.format === 'csv') {
        const table = q.table ?? 'month';
        const { rows, columns } = seasonalCsv(result, table);
        return csv(reply, `seasonal-${table}-${result.meta.from}-${result.meta.to}`, rows, columns);
      }
      return result;
    },
  );

  app.get(
    '/api/analysis/recurring',
    {
      config: { roles: ANALYSTS },
      schema: {
        tags: ['analysis'],
        summary: 'Recurring places (反复发生): the same sub-class at the same cell or alley at least n times within `days` days',
        description: `Defaults n=3, days=30; each place lists its case codes. Filters: ${FILTERS}.`,
        querystring: RecurringQuery,
        response: { 200: RecurringResult, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const result = await recurring(app.db, await scopeOf(app.db, q), q.n ?? 3, q.days ?? 30, q.limit ?? 500);
      if (q.format === 'csv') {
        return csv(
          reply,
          `recurring-${result.meta.n}-in-${result.meta.days}d-${result.meta.from}-${result.meta.to}`,
          result.items.map((r) => ({ ...r, caseCodes: r.caseCodes.join(' ') })),
          RECURRING_COLUMNS,
        );
      }
      return result;
    },
  );

  app.get(
    '/api/analysis/drilldown',
    {
      config: { roles: ANALYSTS },
      schema: {
        tags: ['analysis'],
        summary:
          'Drill-down core area → district → street → community → grid cell: case counts, closed-loop rates and where cases were resolved',
        description:
          "The chosen area (level + id, its code) and its children one level down, each with the cases reported in the range, the KPI ranking's " +
          'rates (response, resolution, satisfaction, closure, on-time) and the shares of closed cases resolved by community-, street-, district- ' +
          'and city-level departments (大事不出街镇、小事不出社区); a breadcrumb back up. Filters: from/to, category, source.',
        querystring: DrilldownQuery,
        response: { 200: DrilldownResult, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const level = q.level ?? 'core';
      const result = await drilldown(app.db, await scopeOf(app.db, q), level, q.id);
      if (q.format === 'csv') {
        return csv(
          reply,
          `drilldown-${result.area.id}-${result.meta.from}-${result.meta.to}`,
          drillCsvRows(result.children),
          DRILL_COLUMNS,
        );
      }
      return result;
    },
  );
};

export default routes;
