// Routes for reading cases: the filtered list with keyset pagination, and one case with its trail.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { viewerOf } from '../auth/plugin.ts';
import { EVERYONE, seesReporter, seesStaffPositions } from '../auth/roles.ts';
import { CaseDetail, CaseListQuery, CasePage, CaseParams } from '../contracts/cases.ts';
import { ErrorBody } from '../contracts/common.ts';
import { badRequest, notFound, queryParameter } from '../errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { caseFilterFrom } from './filter.ts';
import { caseByCode, listCases } from './queries.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cases',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['cases'],
        summary: 'Cases, newest first, filtered by time, category, source, stage, street and box; keyset-paginated',
        querystring: CaseListQuery,
        response: { 200: CasePage, 400: ErrorBody },
      },
    },
    async (request) => {
      const q = request.query;
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
      if (after === null) throw badRequest(`${queryParameter('cursor')} must be the nextCursor value of a previous page`);
      const filter = await caseFilterFrom(app.db, q);
      const page = await listCases(app.db, filter, q.limit, after);
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/api/cases/:code',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['cases'],
        summary: 'One case: its location, stage, departments and full trail (全程留痕)',
        params: CaseParams,
        response: { 200: CaseDetail, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const found = await caseByCode(app.db, request.params.code, {
        reporter: seesReporter(viewerOf(request).role),
        staff: seesStaffPositions(viewerOf(request).role),
      });
      if (!found) throw notFound(`no case with code ${request.params.code}`);
      return found;
    },
  );
};

export default routes;
