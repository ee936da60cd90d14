// The seed is a function of (seed number, anchor time): seeding twice gives identical rows in
// every table, and another seed number gives another city.
import { afterAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../cli/progress.ts';
import { createClient } from '../server/db/pool.ts';
import { emptyMigratedDatabase, type TestDatabase } from '../test/db.ts';
import { parseScale } from './context.ts';
import { seedCity } from './index.ts';

const anchor = new Date('2026-07-15T10:00:00+08:00');
const made: TestDatabase[] = [];
afterAll(async () => {
  for (const d of made) await d.drop();
});

/** md5 of every row of every data table, in a stable order. */
async function fingerprint(seed: number): Promise<Record<string, string>> {
  const target = await emptyMigratedDatabase();
  made.push(target);
  const db = createClient(target.url);
  await db.connect();
  try {
    await seedCity(db, { seed, scale: parseScale('small'), anchor, progress: silentProgress });
    const { rows: tables } = await db.query<{ t: string }>(`
      select tablename as t from pg_tables
       where schemaname = 'public' and tablename not in ('schema_migration', 'spatial_ref_sys', 'seed_run', 'app_setting')
       order by 1`);
    const out: Record<string, string> = {};
    for (const { t } of tables) {
      const { rows } = await db.query<{ h: string | null }>(`select md5(string_agg(x::text, E'\\n' order by x::text)) as h from ${t} x`);
      out[t] = rows[0]!.h ?? 'empty';
    }
    return out;
  } finally {
    await db.end();
  }
}

describe('seed determinism', () => {
  it('gives identical data for the same seed number and anchor, and different data for another seed', async () => {
    // three cities side by side: each seed is one client of its own, and most of its work is the database's
    const [a, b, c] = await Promise.all([fingerprint(7), fingerprint(7), fingerprint(8)]);
    expect(b).toEqual(a);
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['admin_area', 'grid_cell', 'alley', 'cases', 'case_event', 'person']));
    expect(c.alley).not.toEqual(a.alley);
    expect(c.grid_cell).not.toEqual(a.grid_cell);
  }, 300_000);
});
