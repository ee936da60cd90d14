// Sensors over HTTP: readings in from the IoT platform (batched, idempotent), and the sensors, their
// series and their alarm episodes out to the cockpit.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ACTORS, EVERYONE } from '../auth/roles.ts';
import { ErrorBody } from '../contracts/common.ts';
import { instantOf, isDateOnly } from '../contracts/formats.ts';
import { Alarm, AlarmQuery, ReadingBatch, ReadingReceipt, Sensor, SensorQuery, Series, SeriesQuery } from '../contracts/sensors.ts';
import { inTransaction } from '../db/transaction.ts';
import { badRequest, notFound } from '../errors.ts';
import { Filters } from '../sql.ts';
import { takeReadings } from './intake.ts';
import { sensorStatusSql } from './status.ts';

const SENSOR_COLUMNS = `s.code, s.kind, s.name, round(st_x(s.geom)::numeric, 6) as lng, round(st_y(s.geom)::numeric, 6) as lat,
  ${sensorStatusSql('s')} as status, s.last_value as "lastValue", to_json(s.last_reading_at)#>>'{}' as "lastReadingAt",
  s.unit, s.alarm_above as "alarmAbove", s.clear_below as "clearBelow", g.code as "gridCode", st.code as "streetCode"`;
const SENSOR_JOINS = 'left join grid_cell g on g.id = s.grid_cell_id left join admin_area st on st.id = s.street_id';

function window(q: { from?: string; to?: string }): [Date, Date] {
  const to = q.to ? instantOf(q.to, isDateOnly(q.to)) : new Date();
  const from = q.from ? instantOf(q.from) : new Date(to.getTime() - 86_400_000);
  if (from >= to) throw badRequest(`query parameter 'from' (${q.from}) must be before 'to' (${q.to ?? 'now'})`);
  return [from, to];
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/sensors/readings',
    {
      config: { roles: ACTORS }, // the IoT platform posts with a service account of an acting role
      schema: {
        tags: ['sensors'],
        summary: 'Readings from the IoT platform: stored once per sensor and time; alarms raised and cleared',
        description:
          "All or none. A reading that rises past the sensor's alarm threshold opens an alarm episode; episodes " +
          'of waterlogging, manhole-cover and snow sensors open one case each (source sensor). The same batch sent again changes nothing.',
        body: ReadingBatch,
        response: { 200: ReadingReceipt, 400: ErrorBody },
      },
      bodyLimit: 4 * 1024 * 1024,
    },
    async (request) => inTransaction(app.db, (db) => takeReadings(db, request.body.readings)),
  );

  app.get(
    '/api/sensors',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['sensors'],
        summary: 'Sensors with their state and last reading',
        querystring: SensorQuery,
        response: { 200: Type.Array(Sensor), 400: ErrorBody },
      },
    },
    async (request) => {
      const f = new Filters();
      if (request.query.kind) f.where(`s.kind = ${f.bind(request.query.kind)}`);
      if (request.query.status) f.where(`${sensorStatusSql('s')} = ${f.bind(request.query.status)}`);
      return (await app.db.query(`select ${SENSOR_COLUMNS} from sensor s ${SENSOR_JOINS} ${f.sql} order by s.code`, f.params)).rows;
    },
  );

  app.get(
    '/api/sensors/:code/readings',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['sensors'],
        summary: "One sensor's readings in a window (default: the last 24 hours)",
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        querystring: SeriesQuery,
        response: { 200: Series, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const [from, to] = window(request.query);
      const {
        rows: [s],
      } = await app.db.query<{ id: number }>('select id from sensor where code = $1', [request.params.code]);
      if (!s) throw notFound(`no sensor has code ${request.params.code}`);
      return (
        await app.db.query(
          `select to_json(at)#>>'{}' as at, value from sensor_reading
                                  where sensor_id = $1 and at >= $2 and at < $3 order by at`,
          [s.id, from, to],
        )
      ).rows;
    },
  );

  app.get(
    '/api/alarms',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['sensors'],
        summary: 'Sensor alarm episodes, newest first (at most 500)',
        querystring: AlarmQuery,
        response: { 200: Type.Array(Alarm), 400: ErrorBody },
      },
    },
    async (request) => {
      const q = request.query;
      const f = new Filters();
      if (q.open !== undefined) f.where(q.open ? 'a.cleared_at is null' : 'a.cleared_at is not null');
      if (q.from) f.where(`a.raised_at >= ${f.bind(instantOf(q.from))}`);
      if (q.to) f.where(`a.raised_at < ${f.bind(instantOf(q.to, isDateOnly(q.to)))}`);
      return (
        await app.db.query(
          `
      select s.code as sensor, s.kind, s.name, round(st_x(s.geom)::numeric, 6) as lng, round(st_y(s.geom)::numeric, 6) as lat,
             to_json(a.raised_at)#>>'{}' as "raisedAt", to_json(a.cleared_at)#>>'{}' as "clearedAt",
             a.raised_value as "raisedValue", a.peak_value as "peakValue", s.unit, c.code as "caseCode"
        from sensor_alarm a join sensor s on s.id = a.sensor_id left join cases c on c.id = a.case_id
       ${f.sql} order by a.raised_at desc, a.id desc limit 500`,
          f.params,
        )
      ).rows;
    },
  );
};

export default routes;
