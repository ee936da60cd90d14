// Open311 GeoReport v2 over our cases: services = categories, requests = cases. Civic reporting
// clients POST a request (form-encoded or JSON) and GET it back; errors use the standard's shape.

import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError } from 'fastify';
import { viewerOf } from '../auth/plugin.ts';
import { ACTORS, EVERYONE } from '../auth/roles.ts';
import { FINISHED_STAGES } from '../contracts/cases.ts';
import { instantOf, isDateOnly } from '../contracts/formats.ts';
import {
  FileParams,
  NewRequest,
  Open311Errors,
  Open311Headers,
  RequestReceipt,
  RequestsQuery,
  type RequestsQuery as RequestsQueryT,
  ServiceDefinition,
  ServiceList,
  ServiceRequestList,
  ServicesQuery,
} from '../contracts/open311.ts';
import { inTransaction } from '../db/transaction.ts';
import { answerFor, badRequest, notFound } from '../errors.ts';
import { Filters } from '../sql.ts';
import { intakeCases, reserveCaseNumbers, singleItem } from './cases.ts';

const BASE = '/open311/v2';
const MAX_REQUESTS = 1000;
const DEFAULT_WINDOW_DAYS = 90; // the standard's default when no dates or ids are given

/** `<id>.json` → id; the standard's other format, XML, is not served. */
function idOf(file: string): string {
  return file.slice(0, -'.json'.length);
}

const closed = FINISHED_STAGES.map((s) => `'${s}'`).join(', ');

function requestsSql(q: RequestsQueryT, codes?: string[]): { sql: string; params: unknown[] } {
  const f = new Filters();
  const ids = codes ?? q.service_request_id?.split(',');
  if (ids) f.where(`c.code = any(${f.bind(ids)}::text[])`);
  if (q.service_code) f.where(`c.category_code = any(${f.bind(q.service_code.split(','))}::text[])`);
  const from = q.start_date ? instantOf(q.start_date) : undefined;
  const to = q.end_date ? instantOf(q.end_date, isDateOnly(q.end_date)) : undefined;
  if (from && to && from >= to)
    throw badRequest(`query parameter 'start_date' (${q.start_date}) must be before 'end_date' (${q.end_date})`);
  if (!ids && !from && !to) f.where(`c.reported_at >= now() - interval '${DEFAULT_WINDOW_DAYS} days'`);
  if (from) f.where(`c.reported_at >= ${f.bind(from)}`);
  if (to) f.where(`c.reported_at < ${f.bind(to)}`);
  const statuses = new Set(q.status?.split(','));
  if (statuses.size === 1) f.where(statuses.has('open') ? `c.stage not in (${closed})` : `c.stage in (${closed})`);
  const sql = `
    select c.code as service_request_id,
           case when c.stage in (${closed}) then 'closed' else 'open' end as status,
           c.stage || coalesce(' (' || c.reject_reason || ')', '') as status_notes,
           k.name as service_name, c.category_code as service_code, c.description,
           coalesce((select string_agg(d.name, '、' order by d.name) from case_department cd
                       join department d on d.id = cd.department_id where cd.case_id = c.id), '') as agency_responsible,
           '' as service_notice,
           to_json(c.reported_at)#>>'{}' as requested_datetime, to_json(c.updated_at)#>>'{}' as updated_datetime,
           to_json(c.deadline)#>>'{}' as expected_datetime,
           concat_ws(' ', s.name, a.name) as address, g.code as address_id, null as zipcode,
           round(st_y(c.geom)::numeric, 6) as lat, round(st_x(c.geom)::numeric, 6) as long, null as media_url
      from cases c
      join category k on k.code = c.category_code
      join admin_area s on s.id = c.street_id
      join grid_cell g on g.id = c.grid_cell_id
      left join alley a on a.id = c.alley_id
      ${f.sql}
     order by c.reported_at desc, c.id desc
     limit ${MAX_REQUESTS}`;
  return { sql, params: f.params };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  // The standard's error shape, [{code, description}], for every error of this scope (validation,
  // auth and our own alike), with the same status and message as everywhere else.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { statusCode, message, headers } = answerFor(err, request);
    void reply
      .status(statusCode)
      .headers(headers)
      .send([{ code: statusCode, description: message }]);
  });

  const errors = { 400: Open311Errors, 401: Open311Errors, 403: Open311Errors, 404: Open311Errors, 409: Open311Errors, 422: Open311Errors };

  app.get(
    `${BASE}/services.json`,
    {
      config: { roles: 'public' },
      schema: {
        tags: ['open311'],
        summary: 'Open311 services: the case categories (GB/T 30428 shape) with their groups',
        querystring: ServicesQuery,
        response: { 200: ServiceList, 400: Open311Errors },
      },
    },
    async (request) => {
      const en = request.query.locale?.startsWith('en') ?? false;
      const { rows } = await app.db.query(
        `select code as service_code, ${en ? 'name_en' : 'name'} as service_name,
              concat_ws(' · ', ${en ? 'main_name_en' : 'main_name'}, ${en ? 'name_en' : 'name'}) as description,
              false as metadata, 'realtime' as type, kind as keywords, ${en ? 'main_name_en' : 'main_name'} as "group"
         from category order by code`,
      );
      return rows;
    },
  );

  app.get(
    `${BASE}/services/:file`,
    {
      config: { roles: 'public' },
      schema: {
        tags: ['open311'],
        summary: 'Open311 service definition (our services have no extra attributes)',
        params: FileParams,
        querystring: ServicesQuery,
        response: { 200: ServiceDefinition, ...errors },
      },
    },
    async (request) => {
      const code = idOf(request.params.file);
      const { rows } = await app.db.query('select 1 from category where code = $1', [code]);
      if (rows.length === 0) throw notFound(`no service has code ${code}; GET ${BASE}/services.json lists them`);
      return { service_code: code, attributes: [] };
    },
  );

  app.post(
    `${BASE}/requests.json`,
    {
      config: { roles: ACTORS, apiKeyField: 'api_key' },
      schema: {
        tags: ['open311'],
        summary: 'Open311: submit a service request (a case from the public app)',
        description: 'Form-encoded or JSON. api_key is a Xiuhua token. An Idempotency-Key header makes retries safe.',
        headers: Open311Headers,
        body: NewRequest,
        response: { 201: RequestReceipt, ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const reporterName = [b.last_name, b.first_name].filter(Boolean).join('') || undefined; // Chinese order
      const item = {
        source: 'public_app' as const,
        categoryCode: b.service_code,
        description: b.description,
        lng: b.long,
        lat: b.lat,
        reporterName,
        reporterPhone: b.phone,
        idempotencyKey: request.headers['idempotency-key'],
      };
      const now = new Date();
      const reserved = await reserveCaseNumbers(app.db, [item], now);
      const result = await inTransaction(app.db, (db) => intakeCases(db, [item], viewerOf(request), { name: singleItem, now, reserved }));
      const receipt = result.receipts[0]!;
      void reply.status(201);
      return [
        {
          service_request_id: receipt.code,
          service_notice: `placed in grid cell ${receipt.gridCode}, ${receipt.streetName}`,
          account_id: b.account_id ?? null,
        },
      ];
    },
  );

  app.get(
    `${BASE}/requests.json`,
    {
      config: { roles: EVERYONE, apiKeyField: 'api_key' },
      schema: {
        tags: ['open311'],
        summary: `Open311: service requests, newest first (at most ${MAX_REQUESTS}; default the last ${DEFAULT_WINDOW_DAYS} days)`,
        querystring: RequestsQuery,
        response: { 200: ServiceRequestList, ...errors },
      },
    },
    async (request) => {
      const { sql, params } = requestsSql(request.query);
      return (await app.db.query(sql, params)).rows;
    },
  );

  app.get(
    `${BASE}/requests/:file`,
    {
      config: { roles: EVERYONE, apiKeyField: 'api_key' },
      schema: {
        tags: ['open311'],
        summary: 'Open311: one service request',
        params: FileParams,
        querystring: RequestsQuery,
        response: { 200: ServiceRequestList, ...errors },
      },
    },
    async (request) => {
      const id = idOf(request.params.file);
      const { sql, params } = requestsSql(request.query, [id]);
      const { rows } = await app.db.query(sql, params);
      if (rows.length === 0) throw notFound(`no service request has id ${id}`);
      return rows;
    },
  );
};

export default routes;
