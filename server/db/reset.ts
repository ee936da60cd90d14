// Empties every data table (not the migration record): used by `seed --force` and tests.
import type pg from 'pg';

export async function emptyDatabase(db: pg.ClientBase): Promise<void> {
  const { rows } = await db.query<{ t: string }>(
    `select quote_ident(tablename) as t from pg_tables
      where schemaname = 'public' and tablename not in ('schema_migration', 'spatial_ref_sys')`,
  );
  if (rows.length) await db.query(`truncate ${rows.map((r) => r.t).join(', ')} restart identity cascade`);
}
