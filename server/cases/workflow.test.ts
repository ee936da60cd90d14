// The closed loop over HTTP, walked as a dispatch desk, department crews and leaders would: every path
// (reject; split dispatch, return and re-dispatch; rework three times into supervision; urge; overdue;
// close and evaluate), illegal moves answered 409 with what is allowed, and each step in the trail and
// on the live stream.

import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';
import type { CaseDetail } from '../contracts/cases.ts';
import type { Role } from '../contracts/common.ts';
import type { Department } from '../contracts/directory.ts';
import { trailError } from '../domain/caseflow.ts';
import { deadlineFrom, type LimitUnit } from '../domain/worktime.ts';

let t: TestApp;
let point: { lng: number; lat: number };
let depts: Department[];

beforeAll(async () => {
  t = await buildTestApp({ database: 'fresh' });
  point = (
    await query<{ lng: number; lat: number }>(
      t.url,
      'select st_x(p) as lng, st_y(p) as lat from grid_cell g, st_pointOnSurface(g.geom) p order by g.id limit 1',
    )
  )[0]!;
  depts = (await t.get('/api/departments', 'dispatcher')).json<Department[]>();
});
afterAll(() => t.close());

async function post(url: string, body: unknown, role: Role): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url, payload: body as object, headers: { authorization: `Bearer ${await t.token(role)}` } });
}

async function report(source = 'hotline', categoryCode = '20101'): Promise<string> {
  const res = await post('/api/cases', { source, categoryCode, description: '流程测试', lng: point.lng, lat: point.lat }, 'dispatcher');
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ code: string }>().code;
}

/** Takes a step and expects it to succeed; returns the case as it now stands. */
async function step(code: string, action: string, body: unknown = {}, role: Role = 'dispatcher'): Promise<CaseDetail> {
  const res = await post(`/api/cases/${code}/${action}`, body, role);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json<CaseDetail>();
}

const stagesOf = (c: CaseDetail) => c.trail.map((e) => `${e.action}:${e.toStage}`);
const validTrail = (c: CaseDetail) => trailError(c.trail.map((e) => ({ action: e.action, fromStage: e.fromStage, toStage: e.toStage })));

describe('the closed loop', () => {
  it('rejects a duplicate report, after which nothing more can happen to it', async () => {
    const code = await report();
    const c = await step(code, 'reject', { reason: 'duplicate' });
    expect(c.stage).toBe('rejected');
    expect((await query<{ r: string }>(t.url, 'select reject_reason as r from cases where code = $1', [code]))[0]!.r).toBe('duplicate');
    const again = await post(`/api/cases/${code}/accept`, {}, 'dispatcher');
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe(`case ${code} is rejected; it cannot be accepted; it is finished: no action is allowed`);
  });

  it("files with the category's deadline, takes a return, re-dispatches to two departments, closes and evaluates", async () => {
    const code = await report('hotline', '20101');
    await step(code, 'accept');
    const filed = await step(code, 'file', { note: '立案' });
    const [k] = await query<{ limit: number; unit: LimitUnit; filed: Date }>(
      t.url,
      `
      select k.time_limit as limit, k.time_limit_unit as unit, c.filed_at as filed
        from cases c join category k on k.code = c.category_code where c.code = $1`,
      [code],
    );
    expect(new Date(filed.deadline!).getTime()).toBe(deadlineFrom(k!.filed, k!.limit, k!.unit).getTime());

    const [a, b, d] = depts;
    await step(code, 'dispatch', { departments: [a!.code] });
    const returned = await step(code, 'return', { department: a!.code, note: '非本部门职责' }, 'field');
    expect(returned.stage).toBe('returned');

    const split = await step(code, 'dispatch', { departments: [b!.code, d!.code], note: '多头派单' });
    expect(
      split.departments
        .filter((x) => x.status === 'assigned')
        .map((x) => x.code)
        .sort(),
    ).toEqual([b!.code, d!.code].sort());
    const half = await step(code, 'handle', { department: b!.code, note: '已清理' }, 'field');
    expect(half.stage).toBe('dispatched'); // the other department is still at work
    const done = await step(code, 'handle', { department: d!.code, note: '已修复' }, 'field');
    expect(done.stage).toBe('handled');

    const closed = await step(code, 'verify', { passed: true });
    expect(closed.stage).toBe('closed');
    const noAnswer = await post(`/api/cases/${code}/evaluate`, {}, 'dispatcher');
    expect(noAnswer.statusCode).toBe(400);
    expect(noAnswer.json().message).toMatch(/'satisfaction' is required for a hotline case/);
    const evaluated = await step(code, 'evaluate', { satisfaction: 'satisfied' });
    expect(evaluated).toMatchObject({ stage: 'evaluated', satisfaction: 'satisfied' });

    expect(stagesOf(evaluated)).toEqual([
      'report:reported',
      'accept:accepted',
      'file:filed',
      'dispatch:dispatched',
      'return:returned',
      'dispatch:dispatched',
      'part_handle:dispatched',
      'handle:handled',
      'close:closed',
      'evaluate:evaluated',
    ]);
    expect(validTrail(evaluated)).toBeNull();
    expect(evaluated.trail.find((e) => e.action === 'return')).toMatchObject({
      actor: 'test field',
      department: a!.name,
      note: '非本部门职责',
    });

    const events = await query<{ kind: string; action: string }>(
      t.url,
      `
      select kind, payload->>'action' as action from live_event where payload->>'code' = $1 and kind = 'case.stage' order by id`,
      [code],
    );
    expect(events.map((e) => e.action)).toEqual(evaluated.trail.slice(1).map((e) => e.action));
  });

  it('puts a case under supervision when verification fails the third time', async () => {
    const code = await report('grid_patrol');
    await step(code, 'accept');
    await step(code, 'file');
    const [a] = depts;
    await step(code, 'dispatch', { departments: [a!.code] });
    let c: CaseDetail | undefined;
    for (let i = 1; i <= 3; i++) {
      await step(code, 'handle', { department: a!.code }, 'field');
      c = await step(code, 'verify', { passed: false, note: `第${i}次未通过` });
      expect(c).toMatchObject({ stage: 'dispatched', reworkCount: i, supervised: i >= 3 });
    }
    expect(c!.trail.at(-1)).toMatchObject({ action: 'supervise', actor: '系统' });
    expect(validTrail(c!)).toBeNull();
    await step(code, 'handle', { department: a!.code }, 'field');
    const closed = await step(code, 'verify', { passed: true });
    expect(closed).toMatchObject({ stage: 'closed', reworkCount: 3, supervised: true });
    // A patrol case needs no call-back answer.
    expect((await step(code, 'evaluate')).stage).toBe('evaluated');
  });

  it('counts urges, and finds overdue cases', async () => {
    const code = await report('public_app');
    await step(code, 'accept');
    await step(code, 'file');
    await step(code, 'urge', { note: '请尽快处理' }, 'leader');
    const urged = await step(code, 'urge', {}, 'commander');
    expect(urged.urgeCount).toBe(2);

    const listed = async (overdue: boolean) =>
      (await t.get(`/api/cases?overdue=${overdue}&stage=filed&limit=500`, 'leader')).json<{ items: { code: string; overdue: boolean }[] }>()
        .items;
    expect((await listed(true)).map((c) => c.code)).not.toContain(code);
    // Time passes: the deadline is behind us.
    await query(t.url, `update cases set deadline = now() - interval '1 hour' where code = $1`, [code]);
    expect((await listed(true)).find((c) => c.code === code)).toMatchObject({ overdue: true });
    expect((await listed(false)).map((c) => c.code)).not.toContain(code);
  });

  it('answers an illegal move with 409 naming the allowed actions, and wrong departments plainly', async () => {
    const code = await report();
    const early = await post(`/api/cases/${code}/handle`, { department: depts[0]!.code }, 'field');
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe(`case ${code} is reported; it cannot be handled; allowed now: accept, reject, urge, supervise`);

    await step(code, 'accept');
    await step(code, 'file');
    await step(code, 'dispatch', { departments: [depts[0]!.code] });
    const stranger = await post(`/api/cases/${code}/handle`, { department: depts[1]!.code }, 'field');
    expect(stranger.statusCode).toBe(409);
    expect(stranger.json().message).toBe(
      `department ${depts[1]!.code} is not working on case ${code}; departments assigned now: ${depts[0]!.code}`,
    );

    const unknown = await post(`/api/cases/${code}/handle`, { department: 'NOPE' }, 'field');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/no department has code NOPE/);
    const noReason = await post(`/api/cases/${code}/return`, { department: depts[0]!.code }, 'field');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toMatch(/'note' is required/);
    expect((await post('/api/cases/AJ0000/accept', {}, 'dispatcher')).statusCode).toBe(404);
  });

  it('lets each role take only its own steps', async () => {
    const code = await report();
    for (const [action, role] of [
      ['accept', 'field'],
      ['accept', 'planner'],
      ['urge', 'dispatcher'],
      ['handle', 'dispatcher'],
      ['accept', 'demo'],
    ] as const) {
      const res = await post(`/api/cases/${code}/${action}`, action === 'handle' ? { department: depts[0]!.code } : {}, role);
      expect(res.statusCode, `${role} ${action}`).toBe(403);
      expect(res.json().message).toMatch(/serves the roles/);
    }
    expect((await step(code, 'accept', {}, 'leader')).stage).toBe('accepted');
  });
});
