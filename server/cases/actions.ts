// POST /api/cases/:code/<action>: the loop's steps over HTTP, one route per action with its own body,
// answered with the case as it now stands (stage, departments, trail).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { viewerOf } from '../auth/plugin.ts';
import { COMMANDERS, CREWS, DESK, seesReporter } from '../auth/roles.ts';
import { ACTION_BODIES } from '../contracts/actions.ts';
import { CaseDetail, CaseParams } from '../contracts/cases.ts';
import { ErrorBody, type Role } from '../contracts/common.ts';
import { inTransaction } from '../db/transaction.ts';
import { notFound } from '../errors.ts';
import { caseByCode } from './queries.ts';
import { applyAction, WORKFLOW_ACTIONS, type WorkflowAction, type WorkflowInput } from './workflow.ts';

/** Who may take each step: the dispatch desk runs the loop, crews act for their departments, leaders urge. */
export const ACTION_ROLES: Record<WorkflowAction, readonly Role[]> = {
  accept: DESK,
  reject: DESK,
  file: DESK,
  dispatch: DESK,
  verify: DESK,
  evaluate: DESK,
  handle: CREWS,
  return: CREWS,
  urge: COMMANDERS,
  supervise: COMMANDERS,
};

const SUMMARIES: Record<WorkflowAction, string> = {
  accept: '受理: accept a reported case',
  reject: '不予受理: reject a report (duplicate or out of scope)',
  file: '立案: file the case under a category; its time limit sets the deadline',
  dispatch: '派遣: dispatch to one or several departments (多头派单), also again after a return',
  return: '退单: a department returns a wrong dispatch, saying why',
  handle: '处置反馈: a department reports the case handled',
  verify: '核查: pass closes the case; fail sends it back for rework (the third failure puts it under supervision)',
  evaluate: '考核/回访: evaluate a closed case (call-back satisfaction for hotline cases)',
  urge: '催办: urge an open case',
  supervise: '督办: put an open case under supervision',
};

const routes: FastifyPluginAsyncTypebox = async (app) => {
  for (const action of WORKFLOW_ACTIONS) {
    app.post(
      `/api/cases/:code/${action}`,
      {
        config: { roles: ACTION_ROLES[action] },
        schema: {
          tags: ['loop'],
          summary: SUMMARIES[action],
          description: "An action the case's stage does not allow answers 409 naming the actions it allows.",
          params: CaseParams,
          body: ACTION_BODIES[action],
          response: { 200: CaseDetail, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => {
        const viewer = viewerOf(request);
        const { code } = request.params;
        await inTransaction(app.db, (db) => applyAction(db, code, action, request.body as WorkflowInput, viewer));
        const found = await caseByCode(app.db, code, { reporter: seesReporter(viewer.role) });
        if (!found) throw notFound(`no case with code ${code}`);
        return found;
      },
    );
  }
};

export default routes;
