// SQL for sign-in: accounts, and the token secret every server process on a database shares.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Role } from '../contracts/common.ts';

export interface AccountRow {
  id: number;
  username: string;
  role: Role;
  displayName: string;
  passwordHash: string;
}

export async function findAccount(db: pg.Pool, username: string): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>(
    `select id, username, role, display_name as "displayName", password_hash as "passwordHash"
       from account where username = $1`,
    [username],
  );
  return rows[0] ?? null;
}

/** The demo account if the seed made one (for its display name); demo tokens work without it. */
export async function findDemoAccount(db: pg.Pool): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>(
    `select id, username, role, display_name as "displayName", password_hash as "passwordHash"
       from account where role = 'demo' order by (username = 'demo') desc, id limit 1`,
  );
  return rows[0] ?? null;
}

/**
 * The HMAC secret, created by whichever process asks first and read back by all: N server
 * processes on one database verify each other's tokens while staying stateless.
 */
export async function tokenSecret(db: pg.Pool): Promise<Buffer> {
  await db.query(
    `insert into app_setting (key, value) values ('token_secret', to_jsonb($1::text))
                  on conflict (key) do nothing`,
    [randomBytes(32).toString('base64url')],
  );
  const { rows } = await db.query<{ value: string }>(`select value #>> '{}' as value from app_setting where key = 'token_secret'`);
  return Buffer.from(rows[0]!.value, 'base64url');
}
