// Cockpit routes: the figures at a glance and the heatmap's case points. Everyone signed in may read
// them (the demo role too: counts and points carry no personal data).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EVERYONE } from '../auth/roles.ts';
import { CockpitSummary, HeatPoints, HeatQuery } from '../contracts/cockpit.ts';
import { ErrorBody } from '../contracts/common.ts';
import { cockpitSummary, heatPoints } from './queries.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cockpit/summary',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['cockpit'],
        summary:
          "The city at a glance: today's cases by source and main class, open / overdue / supervised, this month's rates, the 30-day trend",
        response: { 200: CockpitSummary },
      },
    },
    async () => cockpitSummary(app.db),
  );

  app.get(
    '/api/cockpit/heat',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['cockpit'],
        summary: 'Every case reported in the window as [lng, lat, priority]: the points behind the live heatmap',
        querystring: HeatQuery,
        response: { 200: HeatPoints, 400: ErrorBody },
      },
    },
    async (request) => heatPoints(app.db, request.query.window),
  );
};

export default routes;
