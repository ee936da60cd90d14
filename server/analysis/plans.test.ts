// Patrol plans: a planner saves the blind spots as next week's rounds, finds the plan again, exports it as CSV
// for Excel; unknown patrollers, cells and alleys are 400s naming the field; visitors may not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';

let t: TestApp;
let patroller: { id: number; name: string; cells: string[] };
let other: { id: number; name: string };
let alley: { id: number; name: string };
let chief: number;

const post = async (payload: object, role: 'planner' | 'leader' | 'demo' | 'dispatcher' = 'planner') =>
  t.app.inject({ method: 'POST', url: '/api/patrol-plans', headers: { authorization: `Bearer ${await t.token(role)}` }, payload });

beforeAll(async () => {
  t = await buildTestApp({ database: 'fresh' });
  const rows = await query<{ id: number; name: string; cells: string[] }>(
    t.url,
    `select p.id, p.name, array_agg(g.code order by g.code) as cells from person p join grid_cell g on g.patroller_id = p.id
      where p.role = 'grid_patroller' group by p.id order by p.id limit 2`,
  );
  patroller = rows[0]!;
  other = rows[1]!;
  alley = (await query<{ id: number; name: string }>(t.url, 'select id, name from alley order by id limit 1'))[0]!;
  [{ id: chief }] = (await query<{ id: number }>(t.url, `select id from person where role = 'alley_chief' limit 1`)) as [{ id: number }];
});
afterAll(() => t?.close());

describe('patrol plans', () => {
  it('saves a plan, lists it, answers it by id and exports it as CSV with BOM', async () => {
    const extra = patroller.cells.slice(0, 2);
    const res = await post({
      name: '补巡 · 第49周',
      weekStart: '2026-11-30',
      items: [
        { patrollerId: patroller.id, cellCodes: extra, alleyIds: [alley.id] },
        { patrollerId: other.id, cellCodes: patroller.cells.slice(0, 1), alleyIds: [] },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json<{
      id: number;
      name: string;
      weekStart: string;
      createdBy: string;
      cells: number;
      alleys: number;
      patrollers: number;
      items: Array<{ patrollerId: number; patroller: string; cells: Array<{ code: string }>; alleys: Array<{ id: number; name: string }> }>;
    }>();
    expect(res.headers.location).toBe(`/api/patrol-plans/${plan.id}`);
    expect(plan).toMatchObject({
      name: '补巡 · 第49周',
      weekStart: '2026-11-30',
      createdBy: 'test-planner',
      patrollers: 2,
      cells: extra.length + 1,
      alleys: 1,
    });
    const mine = plan.items.find((i) => i.patrollerId === patroller.id)!;
    expect(mine.patroller).toBe(patroller.name);
    expect(mine.cells.map((c) => c.code)).toEqual(extra);
    expect(mine.alleys).toEqual([expect.objectContaining({ id: alley.id, name: alley.name })]);

    const list = (await t.get('/api/patrol-plans', 'leader')).json<{ items: Array<{ id: number; cells: number }> }>();
    expect(list.items.find((p) => p.id === plan.id)).toMatchObject({ cells: extra.length + 1 });
    const again = await t.get(`/api/patrol-plans/${plan.id}`, 'planner');
    expect(again.json()).toEqual(plan);

    const csv = await t.get(`/api/patrol-plans/${plan.id}?format=csv`, 'planner');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.startsWith('\uFEFFplan,weekStart,patrollerId,patroller,organisation,street,kind,place,placeName\r\n')).toBe(true);
    const lines = csv.body.trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(extra.length + 2);
    expect(lines.filter((l) => l.includes(`,${patroller.id},`) && l.includes(',cell,')).map((l) => l.split(',')[7])).toEqual(extra);
    expect(lines.some((l) => l.includes(',alley,') && l.includes(`,${alley.id},`) && l.includes(alley.name))).toBe(true);
  });

  it.each([
    [{ weekStart: '2026-12-01' }, /body field 'weekStart'.*Monday/],
    [{ weekStart: '2026-02-30' }, /body field 'weekStart'/],
    [{ weekStart: 'next week' }, /weekStart/],
    [{ name: '' }, /name/],
    [{ items: [] }, /items/],
    [{ items: [{ patrollerId: 99_999_999, cellCodes: [], alleyIds: [1] }] }, /body field 'items.0.patrollerId'.*99999999/],
    [{ items: 'chief' }, /items/],
    [{ items: [{ patrollerId: 0, cellCodes: ['11010200100101'], alleyIds: [] }] }, /patrollerId/],
    [{ items: [{ patrollerId: 'x', cellCodes: ['1'], alleyIds: [] }] }, /items/],
    [{ extra: true }, /extra/],
  ])('answers %j with a 400 naming the field', async (change, message) => {
    const res = await post({
      name: 'plan',
      weekStart: '2026-11-30',
      items: [{ patrollerId: patroller.id, cellCodes: patroller.cells.slice(0, 1), alleyIds: [] }],
      ...change,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(message);
  });

  it('names the unknown cell, the unknown alley and a person who is not a patroller', async () => {
    const base = { name: 'plan', weekStart: '2026-11-30' };
    let res = await post({
      ...base,
      items: [{ patrollerId: patroller.id, cellCodes: [patroller.cells[0], '99999999999999'], alleyIds: [] }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(/body field 'items.0.cellCodes.1'.*99999999999999/);
    res = await post({ ...base, items: [{ patrollerId: patroller.id, cellCodes: [], alleyIds: [alley.id, 88_888_888] }] });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(/body field 'items.0.alleyIds.1'.*88888888/);
    res = await post({ ...base, items: [{ patrollerId: chief, cellCodes: patroller.cells.slice(0, 1), alleyIds: [] }] });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(/body field 'items.0.patrollerId'.*alley_chief, not a grid patroller/);
    const before = (await t.get('/api/patrol-plans', 'planner')).json<{ items: unknown[] }>().items.length;
    res = await post({
      ...base,
      items: [
        { patrollerId: patroller.id, cellCodes: patroller.cells.slice(0, 1), alleyIds: [] },
        { patrollerId: other.id, cellCodes: ['99999999999999'], alleyIds: [] },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect((await t.get('/api/patrol-plans', 'planner')).json<{ items: unknown[] }>().items).toHaveLength(before); // nothing half-saved
  });

  it('answers an unknown plan with a 404 and keeps visitors and dispatchers out', async () => {
    expect((await t.get('/api/patrol-plans/99999', 'planner')).statusCode).toBe(404);
    expect((await t.get('/api/patrol-plans/abc', 'planner')).statusCode).toBe(400);
    for (const role of ['demo', 'dispatcher'] as const) {
      expect((await t.get('/api/patrol-plans', role)).statusCode).toBe(403);
      const res = await post(
        { name: 'x', weekStart: '2026-11-30', items: [{ patrollerId: patroller.id, cellCodes: [], alleyIds: [alley.id] }] },
        role,
      );
      expect(res.statusCode).toBe(403);
    }
  });
});
