// Routes for administrative areas: all of one level as GeoJSON, or one area with its counts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EVERYONE } from '../auth/roles.ts';
import { AreaCollection, AreaDetail, AreaListQuery, AreaParams } from '../contracts/areas.ts';
import { ErrorBody } from '../contracts/common.ts';
import { notFound } from '../errors.ts';
import { sendJsonText } from '../sql.ts';
import { areaByCode, areaCollection } from './queries.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/areas',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['areas'],
        summary: 'Districts, streets and communities as a GeoJSON FeatureCollection (outlines simplified by ~1 m)',
        querystring: AreaListQuery,
        response: { 200: AreaCollection, 400: ErrorBody },
      },
    },
    async (request, reply) => {
      return sendJsonText(reply, await areaCollection(app.db, request.query.level));
    },
  );

  app.get(
    '/api/areas/:code',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['areas'],
        summary: 'One district, street or community with its full outline and counts',
        params: AreaParams,
        response: { 200: AreaDetail, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const area = await areaByCode(app.db, request.params.code);
      if (!area) throw notFound(`no district, street or community with code ${request.params.code}`);
      return area;
    },
  );
};

export default routes;
