// Emergency command over HTTP. Leaders and commanders open and close incidents and issue
// instructions; every staff role may follow them; field units read what they were told and report
// delivered / acknowledged / done with their position.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { viewerOf } from '../auth/plugin.ts';
import { COMMANDERS, EVERYONE, FIELD_REPORTERS, seesStaffPositions } from '../auth/roles.ts';
import { ErrorBody } from '../contracts/common.ts';
import {
  FieldQuery,
  Impact,
  Incident,
  IncidentCreate,
  IncidentDetail,
  IncidentList,
  IncidentParams,
  Instruction,
  InstructionCreate,
  NearestQuery,
  NearUnit,
  TargetParams,
  TargetUpdate,
} from '../contracts/emergency.ts';
import { inTransaction } from '../db/transaction.ts';
import { badRequest } from '../errors.ts';
import {
  closeIncident,
  fieldInstructions,
  forVisitors,
  impactOf,
  incidentDetail,
  instructionsOf,
  listIncidents,
  nearestUnits,
  openIncident,
  sendInstruction,
  timelineForVisitors,
  updateTarget,
} from './queries.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/incidents',
    {
      config: { roles: COMMANDERS },
      schema: {
        tags: ['emergency'],
        summary: 'Open an incident from an alarm (sensor or crowd area) or a point on the map, with its impact zone',
        body: IncidentCreate,
        response: { 200: Incident, 201: Incident, 400: ErrorBody, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const { incident, created } = await inTransaction(app.db, (db) => openIncident(db, request.body, viewer.displayName));
      return reply.code(created ? 201 : 200).send(incident);
    },
  );

  // Reading command mode is open to every role, visitors' demo included (a delegation is shown it):
  // units, alley chiefs and leaders appear by name as on the public signs, never with a phone.
  app.get(
    '/api/incidents',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['emergency'],
        summary: 'Incidents, newest first',
        querystring: IncidentList,
        response: { 200: Type.Array(Incident), 400: ErrorBody },
      },
    },
    async (request) => listIncidents(app.db, request.query.status),
  );

  app.get(
    '/api/incidents/:code',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['emergency'],
        summary: 'One incident with its timeline (for the log and the replay)',
        params: IncidentParams,
        response: { 200: IncidentDetail, 404: ErrorBody },
      },
    },
    async (request) => {
      const detail = await incidentDetail(app.db, request.params.code);
      return seesStaffPositions(viewerOf(request).role) ? detail : timelineForVisitors(detail);
    },
  );

  app.get(
    '/api/incidents/:code/impact',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['emergency'],
        summary: 'What the impact zone holds: grid cells, alleys and their chiefs, sensors, crowd areas, open cases',
        params: IncidentParams,
        response: { 200: Impact, 404: ErrorBody },
      },
    },
    async (request) => impactOf(app.db, request.params.code),
  );

  app.get(
    '/api/incidents/:code/units',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['emergency'],
        summary:
          'The nearest available units (resources, patrollers, alley chiefs) by travel time along the road graph, with each route (straight line, labelled, when off the graph)',
        params: IncidentParams,
        querystring: NearestQuery,
        response: { 200: Type.Array(NearUnit), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) =>
      nearestUnits(app.db, request.params.code, request.query.limit, request.query.kind, {
        people: seesStaffPositions(viewerOf(request).role),
      }),
  );

  app.post(
    '/api/incidents/:code/close',
    {
      config: { roles: COMMANDERS },
      schema: {
        tags: ['emergency'],
        summary: 'Close the incident (it stays in the log)',
        params: IncidentParams,
        response: { 200: Incident, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => inTransaction(app.db, (db) => closeIncident(db, request.params.code, viewerOf(request).displayName)),
  );

  app.get(
    '/api/incidents/:code/instructions',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['emergency'],
        summary: "The incident's instructions with each addressee's state and time to acknowledge",
        params: IncidentParams,
        response: { 200: Type.Array(Instruction), 404: ErrorBody },
      },
    },
    async (request) => {
      const all = await instructionsOf(app.db, 'i.code = $1', [request.params.code]);
      return seesStaffPositions(viewerOf(request).role) ? all : all.map(forVisitors);
    },
  );

  app.post(
    '/api/incidents/:code/instructions',
    {
      config: { roles: COMMANDERS },
      schema: {
        tags: ['emergency'],
        summary: 'Issue an instruction (领导指令) to units, people or departments: it reaches their field pages live',
        params: IncidentParams,
        body: InstructionCreate,
        response: { 201: Instruction, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const made = await inTransaction(app.db, (db) =>
        sendInstruction(db, request.params.code, request.body.text, request.body.targets, viewer.displayName),
      );
      return reply.code(201).send(made);
    },
  );

  app.get(
    '/api/field/instructions',
    {
      config: { roles: FIELD_REPORTERS },
      schema: {
        tags: ['emergency'],
        summary: "What a unit or person in the field has been told: open incidents' instructions and the last day's",
        querystring: FieldQuery,
        response: { 200: Type.Array(Instruction), 400: ErrorBody },
      },
    },
    async (request) => fieldInstructions(app.db, request.query.unit),
  );

  app.post(
    '/api/field/targets/:id',
    {
      config: { roles: FIELD_REPORTERS },
      schema: {
        tags: ['emergency'],
        summary: 'An addressee reports: delivered, acknowledged or done, with its position',
        params: TargetParams,
        body: TargetUpdate,
        response: { 200: Instruction, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const { status, note, lng, lat } = request.body;
      if ((lng === undefined) !== (lat === undefined)) throw badRequest('give both lng and lat, or neither');
      return inTransaction(app.db, (db) =>
        updateTarget(
          db,
          request.params.id,
          status,
          viewerOf(request).displayName,
          lng !== undefined && lat !== undefined ? { lng, lat } : undefined,
          note,
        ),
      );
    },
  );
};

export default routes;
