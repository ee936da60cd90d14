// Patrol plans (巡查计划): the planner turns the 热线+网格 blind spots into next week's rounds — cells and
// alleys added to each grid patroller's beat — saves them, lists them and exports one as CSV (with BOM).
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import { viewerOf } from '../auth/plugin.ts';
import { ANALYSTS } from '../auth/roles.ts';
import {
  PatrolPlan,
  PatrolPlanBody,
  PatrolPlanList,
  PatrolPlanParams,
  PatrolPlanQuery,
  type PatrolPlanSummary,
} from '../contracts/analysis.ts';
import { ErrorBody } from '../contracts/common.ts';
import { badRequest, notFound } from '../errors.ts';
import { csvChunks } from './queries.ts';

const field = (path: string) => `body field '${path}'`;

/** Checks the body against the directory: every patroller a grid patroller, every cell and alley known. */
async function resolveItems(db: pg.Pool | pg.PoolClient, body: PatrolPlanBody) {
  const { weekStart } = body;
  const day = new Date(`${weekStart}T00:00:00Z`);
  if (Number.isNaN(+day) || day.toISOString().slice(0, 10) !== weekStart) {
    throw badRequest(`${field('weekStart')} (${weekStart}) is not a calendar date`);
  }
  if (day.getUTCDay() !== 1) throw badRequest(`${field('weekStart')} (${weekStart}) must be a Monday: plans are for a whole week`);
  const seen = new Set<number>();
  for (const [i, item] of body.items.entries()) {
    if (seen.has(item.patrollerId)) {
      throw badRequest(`${field(`items.${i}.patrollerId`)}: patroller ${item.patrollerId} appears twice; give each patroller one entry`);
    }
    seen.add(item.patrollerId);
    if (!item.cellCodes.length && !item.alleyIds.length) {
      throw badRequest(`${field(`items.${i}`)}: patroller ${item.patrollerId} has neither cells nor alleys to add`);
    }
  }
  const patrollerIds = body.items.map((it) => it.patrollerId);
  const { rows: people } = await db.query<{ id: number; role: string }>('select id, role from person where id = any($1::int[])', [
    patrollerIds,
  ]);
  const roleOf = new Map(people.map((p) => [p.id, p.role]));
  for (const [i, item] of body.items.entries()) {
    const role = roleOf.get(item.patrollerId);
    if (role !== 'grid_patroller') {
      throw badRequest(
        `${field(`items.${i}.patrollerId`)}: ${role ? `person ${item.patrollerId} is a ${role}, not a grid patroller` : `no grid patroller has id ${item.patrollerId}`}`,
      );
    }
  }
  const codes = [...new Set(body.items.flatMap((it) => it.cellCodes))];
  const { rows: cells } = await db.query<{ id: number; code: string }>('select id, code from grid_cell where code = any($1::text[])', [
    codes,
  ]);
  const cellId = new Map(cells.map((c) => [c.code, c.id]));
  const alleyIds = [...new Set(body.items.flatMap((it) => it.alleyIds))];
  const { rows: alleys } = await db.query<{ id: number }>('select id from alley where id = any($1::int[])', [alleyIds]);
  const alleyKnown = new Set(alleys.map((a) => a.id));
  for (const [i, item] of body.items.entries()) {
    for (const [j, code] of item.cellCodes.entries()) {
      if (!cellId.has(code)) throw badRequest(`${field(`items.${i}.cellCodes.${j}`)}: no grid cell has code ${code}`);
    }
    for (const [j, id] of item.alleyIds.entries()) {
      if (!alleyKnown.has(id)) throw badRequest(`${field(`items.${i}.alleyIds.${j}`)}: no alley has id ${id}`);
    }
  }
  return body.items.flatMap((it) => [
    ...it.cellCodes.map((c) => ({ patroller: it.patrollerId, cell: cellId.get(c)!, alley: null })),
    ...it.alleyIds.map((a) => ({ patroller: it.patrollerId, cell: null, alley: a })),
  ]);
}

const SUMMARY = `
  select p.id, p.name, to_char(p.week_start, 'YYYY-MM-DD') as "weekStart", p.created_by as "createdBy",
         to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
         count(distinct i.patroller_id)::int as patrollers,
         count(i.grid_cell_id)::int as cells, count(i.alley_id)::int as alleys
    from patrol_plan p left join patrol_plan_item i on i.plan_id = p.id`;

export async function createPlan(db: pg.Pool, body: PatrolPlanBody, createdBy: string): Promise<number> {
  const items = await resolveItems(db, body);
  const client = await db.connect();
  try {
    await client.query('begin');
    const {
      rows: [plan],
    } = await client.query<{ id: number }>('insert into patrol_plan (name, week_start, created_by) values ($1, $2, $3) returning id', [
      body.name.trim() || body.name,
      body.weekStart,
      createdBy,
    ]);
    await client.query(
      `insert into patrol_plan_item (plan_id, patroller_id, grid_cell_id, alley_id)
       select $1, * from unnest($2::int[], $3::int[], $4::int[])`,
      [plan!.id, items.map((i) => i.patroller), items.map((i) => i.cell), items.map((i) => i.alley)],
    );
    await client.query('commit');
    return plan!.id;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export async function listPlans(db: pg.Pool): Promise<PatrolPlanSummary[]> {
  const { rows } = await db.query<PatrolPlanSummary>(`${SUMMARY} group by p.id order by p.week_start desc, p.id desc`);
  return rows;
}

export async function planById(db: pg.Pool, id: number): Promise<PatrolPlan> {
  const { rows } = await db.query<PatrolPlanSummary>(`${SUMMARY} where p.id = $1 group by p.id`, [id]);
  if (!rows[0]) throw notFound(`no patrol plan has id ${id}`);
  const { rows: items } = await db.query<{
    patroller_id: number;
    patroller: string;
    organisation: string;
    street_code: string | null;
    street_name: string | null;
    cell_code: string | null;
    community_code: string | null;
    community_name: string | null;
    alley_id: number | null;
    alley_name: string | null;
    alley_street: string | null;
  }>(
    `
    select i.patroller_id, p.name as patroller, p.organisation, s.code as street_code, s.name as street_name,
           g.code as cell_code, m.code as community_code, m.name as community_name,
           a.id as alley_id, a.name as alley_name, t.name as alley_street
      from patrol_plan_item i join person p on p.id = i.patroller_id left join admin_area s on s.id = p.street_id
      left join grid_cell g on g.id = i.grid_cell_id left join admin_area m on m.id = g.community_id
      left join alley a on a.id = i.alley_id left join admin_area t on t.id = a.street_id
     where i.plan_id = $1
     order by s.code nulls last, p.name, i.patroller_id, g.code nulls last, a.name, a.id`,
    [id],
  );
  const byPatroller = new Map<number, PatrolPlan['items'][number]>();
  for (const r of items) {
    const e = byPatroller.get(r.patroller_id) ?? {
      patrollerId: r.patroller_id,
      patroller: r.patroller,
      organisation: r.organisation,
      streetCode: r.street_code,
      streetName: r.street_name,
      cells: [],
      alleys: [],
    };
    if (r.cell_code) e.cells.push({ code: r.cell_code, communityCode: r.community_code!, communityName: r.community_name! });
    if (r.alley_id !== null) e.alleys.push({ id: r.alley_id, name: r.alley_name!, streetName: r.alley_street! });
    byPatroller.set(r.patroller_id, e);
  }
  return { ...rows[0], items: [...byPatroller.values()] };
}

/** One CSV row per patroller and place: what each patroller adds to their rounds that week. */
export function planCsvRows(plan: PatrolPlan): Array<Record<string, unknown>> {
  return plan.items.flatMap((it) => {
    const who = {
      plan: plan.name,
      weekStart: plan.weekStart,
      patrollerId: it.patrollerId,
      patroller: it.patroller,
      organisation: it.organisation,
      street: it.streetName,
    };
    return [
      ...it.cells.map((c) => ({ ...who, kind: 'cell', place: c.code, placeName: c.communityName })),
      ...it.alleys.map((a) => ({ ...who, kind: 'alley', place: a.id, placeName: `${a.streetName} ${a.name}` })),
    ];
  });
}
export const PLAN_CSV_COLUMNS = ['plan', 'weekStart', 'patrollerId', 'patroller', 'organisation', 'street', 'kind', 'place', 'placeName'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/patrol-plans',
    {
      config: { roles: ANALYSTS },
      schema: {
        tags: ['analysis'],
        summary: "Save a patrol plan: cells and alleys to add to each grid patroller's rounds in a week",
        description:
          'Every patroller must be a grid patroller, every cell code and alley id known (a 400 names the first that is not); weekStart is a Monday.',
        body: PatrolPlanBody,
        response: { 201: PatrolPlan, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const id = await createPlan(app.db, request.body, viewerOf(request).username);
      return reply
        .code(201)
        .header('location', `/api/patrol-plans/${id}`)
        .send(await planById(app.db, id));
    },
  );

  app.get(
    '/api/patrol-plans',
    {
      config: { roles: ANALYSTS },
      schema: {
        tags: ['analysis'],
        summary: 'The saved patrol plans, the latest week first',
        response: { 200: PatrolPlanList, 403: ErrorBody },
      },
    },
    async () => ({ items: await listPlans(app.db) }),
  );

  app.get(
    '/api/patrol-plans/:id',
    {
      config: { roles: ANALYSTS },
      schema: {
        tags: ['analysis'],
        summary: 'One patrol plan by patroller, as JSON or as CSV (UTF-8 with BOM, one row per patroller and place)',
        params: PatrolPlanParams,
        querystring: PatrolPlanQuery,
        response: { 200: PatrolPlan, 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const plan = await planById(app.db, request.params.id);
      if (request.query.format === 'csv') {
        void (reply as FastifyReply)
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="patrol-plan-${plan.id}-${plan.weekStart}.csv"`)
          .send(Readable.from(csvChunks(planCsvRows(plan), PLAN_CSV_COLUMNS)));
        return reply;
      }
      return plan;
    },
  );
};

export default routes;
