// Case intake over HTTP: one case (POST /api/cases) or a batch (POST /api/cases/batch), each
// all-or-nothing in one transaction that commits before the answer, so a 2xx means the case is stored.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { viewerOf } from '../auth/plugin.ts';
import { ACTORS } from '../auth/roles.ts';
import { ErrorBody } from '../contracts/common.ts';
import { BatchReceipt, CaseBatch, CaseReceipt, IdempotencyHeader, NewCase } from '../contracts/intake.ts';
import { inTransaction } from '../db/transaction.ts';
import { badRequest } from '../errors.ts';
import { intakeCases, reserveCaseNumbers, singleItem } from './cases.ts';

/** Who reports cases (ACTORS): hotline operators (dispatcher), patrollers, chiefs and stewards (field), and leaders. */

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/cases',
    {
      config: { roles: ACTORS },
      schema: {
        tags: ['intake'],
        summary: 'Report one case; PostGIS places it in its grid cell, alley, community and street',
        description:
          'An Idempotency-Key header (or idempotencyKey in the body) makes retries safe: the same key ' +
          'answers 200 with the case it already made. 201 with a Location header for a new case; 422 when the point ' +
          'lies outside the managed area.',
        headers: IdempotencyHeader,
        body: NewCase,
        response: { 200: CaseReceipt, 201: CaseReceipt, 400: ErrorBody, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const headerKey = request.headers['idempotency-key'];
      const bodyKey = request.body.idempotencyKey;
      if (headerKey !== undefined && bodyKey !== undefined && headerKey !== bodyKey) {
        throw badRequest(`header 'Idempotency-Key' (${headerKey}) and body field 'idempotencyKey' (${bodyKey}) differ; send one`);
      }
      const item = { ...request.body, idempotencyKey: bodyKey ?? headerKey };
      const viewer = viewerOf(request);
      const now = new Date();
      const reserved = await reserveCaseNumbers(app.db, [item], now);
      const result = await inTransaction(app.db, (db) => intakeCases(db, [item], viewer, { name: singleItem, now, reserved }));
      const receipt = result.receipts[0]!;
      void reply.header('location', `/api/cases/${receipt.code}`).status(receipt.created ? 201 : 200);
      return receipt;
    },
  );

  app.post(
    '/api/cases/batch',
    {
      config: { roles: ACTORS },
      schema: {
        tags: ['intake'],
        summary: 'Report up to 1,000 cases at once, all or none',
        description:
          'Each case may carry an idempotencyKey; a resent batch creates only the cases not yet made ' +
          '(the others answer created: false). Any invalid case rejects the whole batch with a message naming it.',
        body: CaseBatch,
        response: { 200: BatchReceipt, 201: BatchReceipt, 400: ErrorBody, 409: ErrorBody, 422: ErrorBody },
      },
      bodyLimit: 4 * 1024 * 1024,
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const now = new Date();
      const reserved = await reserveCaseNumbers(app.db, request.body.cases, now);
      const result = await inTransaction(app.db, (db) => intakeCases(db, request.body.cases, viewer, { now, reserved }));
      void reply.status(result.created > 0 ? 201 : 200);
      return { created: result.created, existing: result.existing, items: result.receipts };
    },
  );
};

export default routes;
