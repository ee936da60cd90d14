// Routes for reading cases: the filtered list with keyset pagination, and one case with its trail.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaseDetail, CaseListQuery, CasePage, CaseParams } from '../contracts/cases.ts';
import { ErrorBody } from '../contracts/common.ts';
import { parseBbox } from '../contracts/formats.ts';
import { EVERYONE, seesReporter } from '../auth/roles.ts';
import { viewerOf } from '../auth/plugin.ts';
import { streetIdByCode } from '../areas/queries.ts';
import { badRequest, notFound, queryParameter } from '../errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { caseFilterOf } from './filter.ts';
import { caseByCode, categoryExists, listCases, type CaseFilter } from './queries.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/cases', {
    config: { roles: EVERYONE },
    schema: {
      tags: ['cases'],
      summary: 'Cases, newest first, filtered by time, category, source, stage, street and box; keyset-paginated',
      querystring: CaseListQuery,
      response: { 200: CasePage, 400: ErrorBody },
    },
  }, async (request) => {
    const q = request.query;
    const filter: CaseFilter = { ...caseFilterOf(q), bbox: q.bbox ? parseBbox(q.bbox)! : undefined, overdue: q.overdue };
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    if (after === null) throw badRequest(`${queryParameter('cursor')} must be the nextCursor value of a previous page`);
    if (q.street) filter.streetId = await streetIdByCode(app.db, q.street, queryParameter('street'));
    if (q.category && !(await categoryExists(app.db, q.category))) {
      throw badRequest(q.category.length === 5
        ? `${queryParameter('category')} must be a known category code; no category has code ${q.category}`
        : `${queryParameter('category')} must be a known prefix; no category code starts with ${q.category}`);
    }
    const page = await listCases(app.db, filter, q.limit, after);
    return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  app.get('/api/cases/:code', {
    config: { roles: EVERYONE },
    schema: {
      tags: ['cases'],
      summary: 'One case: its location, stage, departments and full trail (全程留痕)',
      params: CaseParams,
      response: { 200: CaseDetail, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const found = await caseByCode(app.db, request.params.code, { reporter: seesReporter(viewerOf(request).role) });
    if (!found) throw notFound(`no case with code ${request.params.code}`);
    return found;
  });
};

export default routes;
