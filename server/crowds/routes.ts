// Crowd areas over HTTP: counts in from the counters (batched, idempotent), and each area's latest
// count against its capacity, and its series, out to the cockpit.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ACTORS, EVERYONE } from '../auth/roles.ts';
import { ErrorBody } from '../contracts/common.ts';
import { instantOf, isDateOnly } from '../contracts/formats.ts';
import { CountBatch, CountReceipt, CountSeries, CrowdArea, SeriesQuery } from '../contracts/sensors.ts';
import { inTransaction } from '../db/transaction.ts';
import { badRequest, notFound } from '../errors.ts';
import { takeCounts } from './intake.ts';

const routes: FastifyPluginAsyncTypebox<{ crowdAlarmShare: number }> = async (app, opts) => {
  app.post(
    '/api/crowds/counts',
    {
      config: { roles: ACTORS }, // the IoT platform's service account, as for sensor readings
      schema: {
        tags: ['crowds'],
        summary: 'Crowd counts per area: stored once per area and time; crowd alarms raised and cleared',
        description:
          `A count above the area's alarm share of its capacity (default ${opts.crowdAlarmShare}, XIUHUA_CROWD_ALARM_SHARE) ` +
          'raises a crowd alarm; it clears 10 points below.',
        body: CountBatch,
        response: { 200: CountReceipt, 400: ErrorBody },
      },
    },
    async (request) => inTransaction(app.db, (db) => takeCounts(db, request.body.counts, opts.crowdAlarmShare)),
  );

  app.get(
    '/api/crowds',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['crowds'],
        summary: 'Crowd areas with their latest count against capacity',
        response: { 200: Type.Array(CrowdArea) },
      },
    },
    async () =>
      (
        await app.db.query(
          `
    select a.code, a.name, a.name_en as "nameEn", a.kind, a.capacity, coalesce(a.alarm_share, $1)::float8 as "alarmShare",
           n.count, n.inflow, n.outflow, to_json(n.at)#>>'{}' as at, round(n.count::numeric / a.capacity, 3)::float8 as share,
           exists (select 1 from crowd_alarm x where x.crowd_area_id = a.id and x.cleared_at is null) as alarm,
           round(st_x(st_centroid(a.geom))::numeric, 6) as lng, round(st_y(st_centroid(a.geom))::numeric, 6) as lat
      from crowd_area a
      left join lateral (select * from crowd_count c where c.crowd_area_id = a.id order by c.at desc limit 1) n on true
     order by a.kind, a.code`,
          [opts.crowdAlarmShare],
        )
      ).rows,
  );

  app.get(
    '/api/crowds/:code/counts',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['crowds'],
        summary: "One area's counts in a window (default: the last 24 hours)",
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        querystring: SeriesQuery,
        response: { 200: CountSeries, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const q = request.query;
      const to = q.to ? instantOf(q.to, isDateOnly(q.to)) : new Date();
      const from = q.from ? instantOf(q.from) : new Date(to.getTime() - 86_400_000);
      if (from >= to) throw badRequest(`query parameter 'from' (${q.from}) must be before 'to' (${q.to ?? 'now'})`);
      const {
        rows: [a],
      } = await app.db.query<{ id: number }>('select id from crowd_area where code = $1', [request.params.code]);
      if (!a) throw notFound(`no crowd area has code ${request.params.code}`);
      return (
        await app.db.query(
          `select to_json(at)#>>'{}' as at, count, inflow, outflow from crowd_count
                                  where crowd_area_id = $1 and at >= $2 and at < $3 order by at`,
          [a.id, from, to],
        )
      ).rows;
    },
  );
};

export default routes;
