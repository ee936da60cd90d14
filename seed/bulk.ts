// Bulk loading helpers: building secondary indexes once after a load is several times faster than
// maintaining them row by row, and the database is the same afterwards.
import type pg from 'pg';

/** Drops the plain (non-unique, non-constraint) indexes of `tables`, runs `load`, then recreates them
 *  from their saved definitions. Meant for the seed's single transaction: a failure rolls it all back. */
export async function withDeferredIndexes<T>(db: pg.ClientBase, tables: string[], load: () => Promise<T>): Promise<T> {
  const { rows } = await db.query<{ name: string; def: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i
      where i.indrelid = any($1::regclass[]) and not i.indisunique and not i.indisprimary
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const r of rows) await db.query(`drop index ${r.name}`);
  const result = await load();
  for (const r of rows) await db.query(r.def);
  return result;
}

/** Drops the foreign keys declared on `tables`, runs `load`, then adds them back: one set-based
 *  validation per key instead of a lookup per row per key (cases have seven). Same transaction caveat. */
export async function withDeferredForeignKeys<T>(db: pg.ClientBase, tables: string[], load: () => Promise<T>): Promise<T> {
  const { rows } = await db.query<{ table: string; name: string; def: string }>(
    `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
       from pg_constraint where contype = 'f' and conrelid = any($1::regclass[]) order by oid`,
    [tables],
  );
  for (const r of rows) await db.query(`alter table ${r.table} drop constraint ${r.name}`);
  const result = await load();
  for (const r of rows) await db.query(`alter table ${r.table} add constraint ${r.name} ${r.def}`);
  return result;
}
