// The dispatch desk's reference data: every category, with its time limit, can be dispatched to at
// least one department of the kind that handles it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';
import type { Category, Department } from '../contracts/directory.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('directory', () => {
  it('lists every category and gives each a department that can handle it', async () => {
    const categories = (await t.get('/api/categories', 'dispatcher')).json<Category[]>();
    const departments = (await t.get('/api/departments', 'dispatcher')).json<Department[]>();
    const [{ n }] = (await query<{ n: number }>(t.url, 'select count(*)::int as n from category')) as [{ n: number }];
    expect(categories).toHaveLength(n);
    const kinds = new Set(departments.map((d) => d.kind));
    for (const c of categories) {
      expect(kinds, `${c.code} ${c.name} → ${c.departmentKind}`).toContain(c.departmentKind);
      expect(c.timeLimit).toBeGreaterThan(0);
    }
    expect(departments.filter((d) => d.streetCode !== null).length).toBeGreaterThan(0);
  });
});
