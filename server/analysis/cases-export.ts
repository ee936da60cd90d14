// The cases behind an analysis as a file (GET /api/analysis/cases): the same filters and study area as the
// hot spots, streamed from a database cursor page by page, so a year of the city's cases (~420,000 rows,
// ~100 MB of CSV) never sits whole in the server's memory. No reporter names or phones: the planner
// analyses places and problems, not people.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import { ANALYSTS } from '../auth/roles.ts';
import { CaseExportQuery } from '../contracts/analysis.ts';
import { ErrorBody } from '../contracts/common.ts';
import { csvField, type Scope, scopeOf } from './queries.ts';
import { caseScopeSql } from './tables.ts';

export const CASE_EXPORT_COLUMNS = [
  'code',
  'reportedAt',
  'source',
  'categoryCode',
  'category',
  'stage',
  'streetCode',
  'street',
  'communityCode',
  'community',
  'gridCode',
  'alley',
  'lng',
  'lat',
  'closedAt',
  'description',
] as const;

/** Rows fetched from the cursor at a time: a page of CSV is ~1.2 MB. */
const PAGE = 5000;

type ExportRow = Record<(typeof CASE_EXPORT_COLUMNS)[number], string | number | null>;

/** The scope's cases in report order, a page at a time, inside one read-only snapshot. */
async function* casePages(db: pg.Pool, scope: Scope): AsyncGenerator<ExportRow[]> {
  const { sql, params } = caseScopeSql(scope);
  const client = await db.connect();
  let open = false;
  try {
    await client.query('begin isolation level repeatable read read only');
    open = true;
    await client.query(
      `declare case_export no scroll cursor for
       select c.code, to_char(c.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') as "reportedAt",
              c.source, c.category_code as "categoryCode", k.name as category, c.stage,
              s.code as "streetCode", s.name as street, m.code as "communityCode", m.name as community,
              g.code as "gridCode", a.name as alley,
              round(st_x(c.geom)::numeric, 6)::float8 as lng, round(st_y(c.geom)::numeric, 6)::float8 as lat,
              to_char(c.closed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') as "closedAt",
              c.description
         from cases c
         join category k on k.code = c.category_code
         join admin_area s on s.id = c.street_id
         join admin_area m on m.id = c.community_id
         join grid_cell g on g.id = c.grid_cell_id
         left join alley a on a.id = c.alley_id
        where ${sql}
        order by c.reported_at, c.id`,
      params,
    );
    for (;;) {
      const { rows } = await client.query<ExportRow>(`fetch ${PAGE} from case_export`);
      if (rows.length === 0) break;
      yield rows;
      if (rows.length < PAGE) break;
    }
  } finally {
    // also when the download is abandoned: the stream's return() lands here
    if (open) await client.query('rollback').catch(() => {});
    client.release();
  }
}

async function* csvOf(pages: AsyncGenerator<ExportRow[]>): AsyncGenerator<string> {
  yield `\uFEFF${CASE_EXPORT_COLUMNS.join(',')}\r\n`;
  for await (const rows of pages) {
    let buf = '';
    for (const r of rows) buf += `${CASE_EXPORT_COLUMNS.map((c) => csvField(r[c])).join(',')}\r\n`;
    yield buf;
  }
}

async function* geojsonOf(pages: AsyncGenerator<ExportRow[]>, meta: object): AsyncGenerator<string> {
  yield `{"type":"FeatureCollection","meta":${JSON.stringify(meta)},"features":[`;
  let first = true;
  for await (const rows of pages) {
    let buf = '';
    for (const { lng, lat, ...properties } of rows) {
      buf += `${first ? '' : ','}${JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [lng, lat] }, properties })}`;
      first = false;
    }
    yield buf;
  }
  yield ']}';
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/analysis/cases',
    {
      config: { roles: ANALYSTS },
      schema: {
        tags: ['analysis'],
        summary: 'The cases behind an analysis, as CSV or GeoJSON, streamed',
        description:
          'The same filters and study area as the hot spots (from/to Beijing days, category, source, stage, street, community); ' +
          'in report order; no reporter names or phones. Streamed from a database cursor: a year of cases is never held whole in memory.',
        querystring: CaseExportQuery,
        response: { 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const q = request.query;
      // the scope is checked before the first byte, so a bad filter is still a 400 with its message
      const scope = await scopeOf(app.db, q);
      const name = `cases-${scope.from}-${scope.to}`;
      const raw: FastifyReply = reply; // a stream, not the schema's JSON
      if (q.format === 'geojson') {
        const meta = { from: scope.from, to: scope.to, computedAt: new Date().toISOString(), crs: 'WGS84 (EPSG:4326)' };
        void raw
          .type('application/geo+json')
          .header('content-disposition', `attachment; filename="${name}.geojson"`)
          .send(Readable.from(geojsonOf(casePages(app.db, scope), meta)));
        return reply;
      }
      void raw
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(Readable.from(csvOf(casePages(app.db, scope))));
      return reply;
    },
  );
};

export default routes;
