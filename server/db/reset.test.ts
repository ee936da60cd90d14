// `npm run seed -- --force` empties a seeded city before seeding it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, query, type TestDatabase } from '../../test/db.ts';
import { createClient } from './pool.ts';
import { emptyDatabase } from './reset.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db?.drop());

describe('emptyDatabase', () => {
  it('empties a seeded city, its rollup included, and keeps the migration record', async () => {
    const [before] = await query<{ cases: number; rollup: number }>(
      db.url,
      'select (select count(*)::int from cases) as cases, (select count(*)::int from case_rollup) as rollup',
    );
    expect(before!.cases).toBeGreaterThan(0);
    expect(before!.rollup).toBeGreaterThan(0);
    const client = createClient(db.url);
    await client.connect();
    try {
      await emptyDatabase(client);
    } finally {
      await client.end();
    }
    const [after] = await query<{ cases: number; rollup: number; alleys: number; seeds: number; migrations: number }>(
      db.url,
      `select (select count(*)::int from cases) as cases, (select count(*)::int from case_rollup) as rollup,
              (select count(*)::int from alley) as alleys, (select count(*)::int from seed_run) as seeds,
              (select count(*)::int from schema_migration) as migrations`,
    );
    expect(after).toMatchObject({ cases: 0, rollup: 0, alleys: 0, seeds: 0 });
    expect(after!.migrations).toBeGreaterThan(10);
  });
});
