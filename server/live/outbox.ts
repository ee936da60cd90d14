// Writing live events: in the caller's transaction, so an event is published exactly when the
// change it describes commits (the transactional outbox). Readers: server/live/stream.ts.
import type pg from 'pg';
import type { LiveEvent } from './events.ts';

export const LIVE_CHANNEL = 'xiuhua_live';

/**
 * Append events to the outbox and wake every server process. Call it inside the transaction that
 * makes the change, as its last statement before COMMIT: the transaction-scoped advisory lock makes
 * publishers commit in id order, so a reader that has seen id N can never later find an id below N
 * appear (the classic outbox gap), and resuming "after N" is exact.
 */
export async function publish(db: pg.ClientBase, events: readonly LiveEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.query(`select pg_advisory_xact_lock(hashtext('${LIVE_CHANNEL}'))`);
  await db.query(
    `insert into live_event (kind, payload)
     select e->>'kind', e->'payload' from jsonb_array_elements($1::jsonb) with ordinality as t(e, n) order by n`,
    [JSON.stringify(events)],
  );
  await db.query(`select pg_notify('${LIVE_CHANNEL}', '')`);
}
