// KPI routes: the monthly ranking of the 32 streets and of the two districts, the departments'
// figures, and the ranking's weights (leaders may change them).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EVERYONE, LEADER_ONLY, STAFF } from '../auth/roles.ts';
import type { Config } from '../config.ts';
import { ErrorBody } from '../contracts/common.ts';
import { AreaKpiPage, DepartmentKpiPage, KpiQuery, KpiWeights } from '../contracts/kpi.ts';
import { beijingMonth } from '../domain/beijing.ts';
import { areaKpis, departmentKpis, kpiWeights, saveKpiWeights } from './queries.ts';

const routes: FastifyPluginAsyncTypebox<{ config: Pick<Config, 'kpiWeights'> }> = async (app, { config }) => {
  for (const level of ['street', 'district'] as const) {
    app.get(
      `/api/kpi/${level}s`,
      {
        // the monthly ranking is published (公开排名): the delegations' demo view shows it too
        config: { roles: EVERYONE },
        schema: {
          tags: ['kpi'],
          summary: `The monthly ranking of the ${level === 'street' ? '32 streets' : 'two districts'}: response, resolution and satisfaction rates, composite score, closure, on-time and rework rates, overdue`,
          querystring: KpiQuery,
          response: { 200: AreaKpiPage, 400: ErrorBody },
        },
      },
      async (request) => {
        const month = request.query.month ?? beijingMonth(new Date());
        const weights = await kpiWeights(app.db, config);
        return { month, weights, items: await areaKpis(app.db, level, month, weights) };
      },
    );
  }

  app.get(
    '/api/kpi/departments',
    {
      config: { roles: STAFF },
      schema: {
        tags: ['kpi'],
        summary: "Each department's dispatches in a month: handled, returned, open, on time, reworked",
        querystring: KpiQuery,
        response: { 200: DepartmentKpiPage, 400: ErrorBody },
      },
    },
    async (request) => {
      const month = request.query.month ?? beijingMonth(new Date());
      return { month, items: await departmentKpis(app.db, month) };
    },
  );

  app.get(
    '/api/kpi/weights',
    {
      config: { roles: STAFF },
      schema: { tags: ['kpi'], summary: "The ranking's weights of the three rates", response: { 200: KpiWeights } },
    },
    async () => kpiWeights(app.db, config),
  );

  app.put(
    '/api/kpi/weights',
    {
      config: { roles: LEADER_ONLY },
      schema: {
        tags: ['kpi'],
        summary: "Change the ranking's weights (shares summing to 1)",
        body: KpiWeights,
        response: { 200: KpiWeights, 400: ErrorBody },
      },
    },
    async (request) => {
      await saveKpiWeights(app.db, request.body);
      return kpiWeights(app.db, config);
    },
  );
};

export default routes;
