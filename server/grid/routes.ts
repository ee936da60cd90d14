// Routes for unit grid cells: a filtered GeoJSON list and one cell by its 14-digit code.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { streetIdByCode } from '../areas/queries.ts';
import { viewerOf } from '../auth/plugin.ts';
import { EVERYONE, seesStaffPhones } from '../auth/roles.ts';
import { ErrorBody } from '../contracts/common.ts';
import { parseBbox } from '../contracts/formats.ts';
import { GridCellCollection, GridCellDetail, GridCellListQuery, GridCellParams } from '../contracts/grid.ts';
import { notFound, queryParameter } from '../errors.ts';
import { sendJsonText } from '../sql.ts';
import { gridCellByCode, gridCellCollection } from './queries.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/grid-cells',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['grid'],
        summary: 'Unit grid cells as a GeoJSON FeatureCollection, optionally within a box, a street or a class',
        querystring: GridCellListQuery,
        response: { 200: GridCellCollection, 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const body = await gridCellCollection(app.db, {
        bbox: q.bbox ? parseBbox(q.bbox)! : undefined,
        streetId: q.street ? await streetIdByCode(app.db, q.street, queryParameter('street')) : undefined,
        class: q.class,
      });
      return sendJsonText(reply, body);
    },
  );

  app.get(
    '/api/grid-cells/:code',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['grid'],
        summary: 'One grid cell: its community, street, patroller, open cases and cases in the last 30 days',
        params: GridCellParams,
        response: { 200: GridCellDetail, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const cell = await gridCellByCode(app.db, request.params.code, seesStaffPhones(viewerOf(request).role));
      if (!cell) throw notFound(`no grid cell with code ${request.params.code}`);
      return cell;
    },
  );
};

export default routes;
