// The closed loop's transitions (闭环流转), in one module: each request action is checked against the
// loop in server/domain/caseflow.ts under a row lock, applied to the case and its departments, written
// to the trail with actor, time and note, and published to the live stream — one transaction.
import type pg from 'pg';
import { ACTIONS, type Action, nextStage, OPEN_STAGES, type Stage, SUPERVISE_AFTER_REWORKS } from '../domain/caseflow.ts';
import { deadlineFrom, type LimitUnit } from '../domain/worktime.ts';
import { badRequest, conflict, HttpError, notFound } from '../errors.ts';
import type { LiveEvent } from '../live/events.ts';
import { publish } from '../live/outbox.ts';

/** What a user asks for: the loop's steps as a desk, crew or leader names them. */
export const WORKFLOW_ACTIONS = [
  'accept',
  'reject',
  'file',
  'dispatch',
  'return',
  'handle',
  'verify',
  'evaluate',
  'urge',
  'supervise',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

export interface WorkflowInput {
  note?: string;
  reason?: 'duplicate' | 'out_of_scope';
  categoryCode?: string;
  priority?: number;
  departments?: string[];
  department?: string;
  passed?: boolean;
  satisfaction?: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
}

export interface WorkflowActor {
  accountId: number;
  displayName: string;
}

/** The request actions possible in a stage, derived from the loop's table (verify = close or rework). */
export function allowedActions(stage: Stage): WorkflowAction[] {
  const fromLoop = (Object.keys(ACTIONS) as Action[])
    .filter((a) => nextStage(stage, a) !== null)
    .map((a): WorkflowAction | null => (a === 'close' || a === 'rework' ? 'verify' : a === 'report' ? null : (a as WorkflowAction)));
  const notes: WorkflowAction[] = OPEN_STAGES.includes(stage) ? ['urge', 'supervise'] : [];
  return [...new Set([...fromLoop, ...notes].filter((a): a is WorkflowAction => a !== null))];
}

const PAST: Record<WorkflowAction, string> = {
  accept: 'accepted',
  reject: 'rejected',
  file: 'filed',
  dispatch: 'dispatched',
  return: 'returned',
  handle: 'handled',
  verify: 'verified',
  evaluate: 'evaluated',
  urge: 'urged',
  supervise: 'put under supervision',
};

interface LockedCase {
  id: number;
  code: string;
  stage: Stage;
  source: string;
  category_code: string;
  rework_count: number;
  supervised: boolean;
  street_code: string;
  lng: number;
  lat: number;
}

interface Step {
  action: string;
  from: Stage;
  to: Stage;
  departmentId?: number;
  note?: string;
  actor?: string;
}

interface DepartmentRow {
  id: number;
  code: string;
  status: string;
}

/**
 * Applies one action to the case `code` inside the caller's transaction. Throws 404 for an unknown
 * case, 409 naming the allowed actions for an illegal move, 400 for unknown departments or categories.
 */
export async function applyAction(
  db: pg.ClientBase,
  code: string,
  action: WorkflowAction,
  input: WorkflowInput,
  actor: WorkflowActor,
): Promise<void> {
  const {
    rows: [c],
  } = await db.query<LockedCase>(
    `
    select c.id, c.code, c.stage, c.source, c.category_code, c.rework_count, c.supervised, s.code as street_code,
           st_x(c.geom) as lng, st_y(c.geom) as lat
      from cases c join admin_area s on s.id = c.street_id
     where c.code = $1 for update of c`,
    [code],
  );
  if (!c) throw notFound(`no case with code ${code}`);
  const allowed = allowedActions(c.stage);
  if (!allowed.includes(action)) {
    const hint = allowed.length ? `allowed now: ${allowed.join(', ')}` : 'it is finished: no action is allowed';
    throw conflict(`case ${code} is ${c.stage}; it cannot be ${PAST[action]}; ${hint}`);
  }

  const steps: Step[] = [];
  const set: string[] = ['updated_at = now()'];
  const params: unknown[] = [c.id];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const move = (a: Action, extra: Omit<Step, 'action' | 'from' | 'to'> = {}) => {
    const to = nextStage(c.stage, a)!;
    steps.push({ action: a, from: c.stage, to, ...extra });
    c.stage = to;
    set.push(`stage = ${bind(to)}`);
  };
  const note = (a: string, extra: Omit<Step, 'action' | 'from' | 'to'> = {}) =>
    steps.push({ action: a, from: c.stage, to: c.stage, ...extra });

  switch (action) {
    case 'accept':
      move('accept', { note: input.note });
      set.push('accepted_at = coalesce(accepted_at, now())');
      break;
    case 'reject':
      if (!input.reason) throw badRequest("body field 'reason' is required to reject a case: duplicate or out_of_scope");
      move('reject', { note: input.note ?? (input.reason === 'duplicate' ? '重复上报' : '不属于受理范围') });
      set.push(`reject_reason = ${bind(input.reason)}`);
      break;
    case 'file': {
      const category = input.categoryCode ?? c.category_code;
      const {
        rows: [k],
      } = await db.query<{ time_limit: number; time_limit_unit: LimitUnit }>(
        'select time_limit, time_limit_unit from category where code = $1',
        [category],
      );
      if (!k) throw badRequest(`body field 'categoryCode': no category has code ${category}`);
      move('file', { note: input.note });
      const now = (await db.query<{ now: Date }>('select now() as now')).rows[0]!.now; // the transaction's time
      set.push(
        `category_code = ${bind(category)}`,
        `deadline = ${bind(deadlineFrom(now, k.time_limit, k.time_limit_unit))}`,
        'filed_at = coalesce(filed_at, now())',
      );
      if (input.priority !== undefined) set.push(`priority = ${bind(input.priority)}`);
      break;
    }
    case 'dispatch': {
      const departments = await departmentIds(db, input.departments ?? []);
      if (departments.length === 0) throw badRequest("body field 'departments' must name at least one department");
      move('dispatch', { note: input.note ?? departments.map((d) => d.code).join('、') });
      await db.query(
        `
        insert into case_department (case_id, department_id, status, assigned_at)
        select $1, unnest($2::int[]), 'assigned', now()
        on conflict (case_id, department_id) do update set status = 'assigned', assigned_at = now(), finished_at = null`,
        [c.id, departments.map((d) => d.id)],
      );
      set.push('dispatched_at = coalesce(dispatched_at, now())');
      break;
    }
    case 'handle':
    case 'return': {
      if (!input.department)
        throw badRequest(
          `body field 'department' is required: the department that ${action === 'handle' ? 'handled' : 'returns'} the case`,
        );
      const [dept] = await departmentIds(db, [input.department]);
      const { rows: assignment } = await db.query<DepartmentRow>(
        `
        select d.id, d.code, cd.status from case_department cd join department d on d.id = cd.department_id
         where cd.case_id = $1 for update of cd`,
        [c.id],
      );
      const mine = assignment.find((a) => a.id === dept!.id);
      if (mine?.status !== 'assigned') {
        const working = assignment.filter((a) => a.status === 'assigned').map((a) => a.code);
        throw conflict(
          `department ${input.department} is not working on case ${code}${mine ? ` (it has ${mine.status} it)` : ''}; ` +
            `departments assigned now: ${working.join(', ') || 'none'}`,
        );
      }
      if (action === 'return' && !input.note)
        throw badRequest("body field 'note' is required to return a case: say why it is not this department's job");
      await db.query(`update case_department set status = $3, finished_at = now() where case_id = $1 and department_id = $2`, [
        c.id,
        dept!.id,
        action === 'handle' ? 'handled' : 'returned',
      ]);
      mine.status = action === 'handle' ? 'handled' : 'returned';
      const stillAssigned = assignment.some((a) => a.status === 'assigned');
      const anyHandled = assignment.some((a) => a.status === 'handled');
      const who = { departmentId: dept!.id, note: input.note };
      if (stillAssigned) {
        note(action === 'handle' ? 'part_handle' : 'part_return', who);
      } else if (anyHandled) {
        if (action === 'return') note('part_return', who);
        move('handle', action === 'handle' ? who : { note: 'all departments still working on it have handled it', actor: '系统' });
        set.push('handled_at = now()');
      } else {
        move('return', who);
      }
      break;
    }
    case 'verify':
      if (input.passed === undefined)
        throw badRequest("body field 'passed' is required: true closes the case, false sends it back for rework");
      if (input.passed) {
        move('close', { note: input.note ?? '核查通过' });
        set.push('closed_at = now()');
      } else {
        move('rework', { note: input.note ?? '核查未通过，返工' });
        const reworks = c.rework_count + 1;
        set.push(`rework_count = ${bind(reworks)}`);
        // The departments that handled it do it again.
        await db.query(`update case_department set status = 'assigned', finished_at = null where case_id = $1 and status = 'handled'`, [
          c.id,
        ]);
        if (reworks >= SUPERVISE_AFTER_REWORKS && !c.supervised) {
          note('supervise', { note: `第${reworks}次核查未通过，转督办`, actor: '系统' });
          set.push('supervised = true');
        }
      }
      break;
    case 'evaluate':
      if (c.source === 'hotline' && !input.satisfaction) {
        throw badRequest(
          "body field 'satisfaction' is required for a hotline case: the caller's answer at the call-back (satisfied, basically_satisfied, unsatisfied)",
        );
      }
      move('evaluate', { note: input.note });
      set.push('evaluated_at = now()');
      if (input.satisfaction) set.push(`satisfaction = ${bind(input.satisfaction)}`);
      break;
    case 'urge':
      note('urge', { note: input.note ?? '催办' });
      set.push('urge_count = urge_count + 1');
      break;
    case 'supervise':
      if (c.supervised) throw conflict(`case ${code} is already under supervision`);
      note('supervise', { note: input.note ?? '督办' });
      set.push('supervised = true');
      break;
  }

  await db.query(`update cases set ${set.join(', ')} where id = $1`, params);
  const { rows: events } = await db.query<{ at: string }>(
    `
    insert into case_event (case_id, action, from_stage, to_stage, actor_id, actor, department_id, at, note)
    select $1, e->>'action', e->>'from_stage', e->>'to_stage',
           case when e->>'actor' is null then (select person_id from account where id = $2) end,
           coalesce(e->>'actor', $3), (e->>'department_id')::int, now(), e->>'note'
      from jsonb_array_elements($4::jsonb) with ordinality as t(e, n)
     order by n
    returning to_json(at)#>>'{}' as at`,
    [
      c.id,
      actor.accountId,
      actor.displayName,
      JSON.stringify(
        steps.map((s) => ({
          action: s.action,
          from_stage: s.from,
          to_stage: s.to,
          actor: s.actor ?? null,
          department_id: s.departmentId ?? null,
          note: s.note ?? null,
        })),
      ),
    ],
  );
  const at = events[0]!.at;
  const live: LiveEvent[] = steps.map((s) => ({
    kind: 'case.stage',
    payload: { code, action: s.action, fromStage: s.from, toStage: s.to, at, streetCode: c.street_code, lng: c.lng, lat: c.lat },
  }));
  if (action !== 'urge') live.push({ kind: 'kpi.changed', payload: { month: at.slice(0, 7), streetCodes: [c.street_code] } });
  await publish(db, live);
}

async function departmentIds(db: pg.ClientBase, codes: readonly string[]): Promise<DepartmentRow[]> {
  const unique = [...new Set(codes)];
  const { rows } = await db.query<DepartmentRow>("select id, code, '' as status from department where code = any($1::text[])", [unique]);
  const unknown = unique.filter((code) => !rows.some((r) => r.code === code));
  if (unknown.length) throw new HttpError(400, `no department has code ${unknown.join(', ')} (GET /api/departments lists them)`);
  return rows;
}
