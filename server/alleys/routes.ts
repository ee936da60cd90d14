// Routes for alleys: a GeoJSON list (by street or box) and one alley by id or QR slug.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { streetIdByCode } from '../areas/queries.ts';
import { viewerOf } from '../auth/plugin.ts';
import { EVERYONE, seesStaffPhones } from '../auth/roles.ts';
import { AlleyCollection, AlleyDetail, AlleyListQuery, AlleyParams } from '../contracts/alleys.ts';
import { ErrorBody } from '../contracts/common.ts';
import { parseBbox } from '../contracts/formats.ts';
import { notFound, queryParameter } from '../errors.ts';
import { sendJsonText } from '../sql.ts';
import { alleyByIdOrSlug, alleyCollection } from './queries.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/alleys',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['alleys'],
        summary: 'Alleys as a GeoJSON FeatureCollection of centre lines, optionally in one street or box',
        querystring: AlleyListQuery,
        response: { 200: AlleyCollection, 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const body = await alleyCollection(app.db, {
        bbox: q.bbox ? parseBbox(q.bbox)! : undefined,
        streetId: q.street ? await streetIdByCode(app.db, q.street, queryParameter('street')) : undefined,
      });
      return sendJsonText(reply, body);
    },
  );

  app.get(
    '/api/alleys/:idOrSlug',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['alleys'],
        summary: 'One alley by id or QR slug: chief, stewards, the 十有十无 checklist and its story',
        params: AlleyParams,
        response: { 200: AlleyDetail, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const alley = await alleyByIdOrSlug(app.db, request.params.idOrSlug, seesStaffPhones(viewerOf(request).role));
      if (!alley) throw notFound(`no alley with id or QR slug ${request.params.idOrSlug}`);
      return alley;
    },
  );
};

export default routes;
