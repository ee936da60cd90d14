// Case intake (发现上报): validates a batch, honours idempotency keys, numbers the new cases, lets
// PostGIS place them (grid cell, alley, community, street: the trigger in migration 001), writes
// the trail's first step and publishes case.created — all inside the caller's transaction.
import type pg from 'pg';
import type { CaseSource } from '../contracts/cases.ts';
import type { CaseReceipt, NewCase } from '../contracts/intake.ts';
import { beijingDateCompact } from '../domain/beijing.ts';
import { badRequest, conflict, HttpError } from '../errors.ts';
import type { CaseCreated } from '../live/events.ts';
import { publish } from '../live/outbox.ts';

/** A case to take in: what a client reports, or what the sensor intake raises (source 'sensor'). */
export interface IntakeItem extends Omit<NewCase, 'source'> {
  source: CaseSource;
  sensorId?: number;
}

/** Who reports: the signed-in account (its person, when it has one, becomes the trail's actor_id). */
export interface Reporter {
  accountId: number;
  displayName: string;
}

export interface IntakeResult {
  receipts: CaseReceipt[];
  created: number;
  existing: number;
}

/** How items are named in messages: "cases[3]" in a batch (the JSON path, counted from 0), "the case" alone. */
export type ItemName = (index: number) => string;
export const batchItem: ItemName = (i) => `cases[${i}]`;
export const singleItem: ItemName = () => 'the case';

const FUTURE_TOLERANCE_MS = 5 * 60_000; // clocks of phones and call-centre PCs drift a little

export function caseCode(day: string, n: number): string {
  return `AJ${day}${String(n).padStart(5, '0')}`;
}

interface Prepared extends IntakeItem {
  index: number;
  at: Date;
}

function prepare(items: readonly IntakeItem[], name: ItemName, now: Date): Prepared[] {
  const keys = new Map<string, number>();
  return items.map((item, index) => {
    const at = item.reportedAt ? new Date(item.reportedAt) : now;
    if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw badRequest(`${name(index)}: reportedAt ${item.reportedAt} is in the future`);
    }
    if (item.idempotencyKey !== undefined) {
      const first = keys.get(item.idempotencyKey);
      if (first !== undefined) {
        throw badRequest(
          `${name(index)} repeats the idempotency key of ${name(first)} (${item.idempotencyKey}); one key stands for one case`,
        );
      }
      keys.set(item.idempotencyKey, index);
    }
    return { ...item, index, at };
  });
}

async function checkCategories(db: pg.ClientBase, items: readonly Prepared[], name: ItemName): Promise<void> {
  const codes = [...new Set(items.map((i) => i.categoryCode))];
  const { rows } = await db.query<{ code: string }>('select code from category where code = any($1::text[])', [codes]);
  const known = new Set(rows.map((r) => r.code));
  const bad = items.find((i) => !known.has(i.categoryCode));
  if (bad) throw badRequest(`${name(bad.index)}: no category has code ${bad.categoryCode} (GET /open311/v2/services.json lists them)`);
}

const RECEIPT_COLUMNS = `
  c.code, c.idempotency_key as "idempotencyKey", c.stage, to_json(c.reported_at) as "reportedAt",
  g.code as "gridCode", m.code as "communityCode", s.code as "streetCode", s.name as "streetName",
  a.name as "alleyName", round(st_x(c.geom)::numeric, 6) as lng, round(st_y(c.geom)::numeric, 6) as lat,
  c.source, c.category_code as "categoryCode", c.description`;
const RECEIPT_JOINS = `
  join grid_cell g on g.id = c.grid_cell_id
  join admin_area m on m.id = c.community_id
  join admin_area s on s.id = c.street_id
  left join alley a on a.id = c.alley_id`;

interface ReceiptRow extends Omit<CaseReceipt, 'created'> {
  source: string;
  categoryCode: string;
  description: string;
}

/** The same key with different content is a client bug, not a retry: say so instead of guessing. */
function sameReport(row: ReceiptRow, item: Prepared): boolean {
  const near = (a: number, b: number) => Math.abs(a - b) < 5e-7;
  return (
    row.source === item.source &&
    row.categoryCode === item.categoryCode &&
    row.description === item.description &&
    near(row.lng, item.lng) &&
    near(row.lat, item.lat)
  );
}

async function existingByKey(db: pg.ClientBase, keys: string[]): Promise<Map<string, ReceiptRow>> {
  if (keys.length === 0) return new Map();
  const { rows } = await db.query<ReceiptRow>(
    `select ${RECEIPT_COLUMNS} from cases c ${RECEIPT_JOINS} where c.idempotency_key = any($1::text[])`,
    [keys],
  );
  return new Map(rows.map((r) => [r.idempotencyKey!, r]));
}

export interface IntakeOptions {
  /** How messages name an item (default: cases[i]). */
  name?: ItemName;
  now?: Date;
  /** Numbers reserved beforehand with reserveCaseNumbers; without them they are reserved inside. */
  reserved?: Map<string, number>;
}

/**
 * Reserves case numbers for a batch, before its transaction (and with no connection of the caller
 * held, or a full pool could wait on itself): inside it, concurrent intakes would queue behind one
 * day's counter row until each commits. A rolled-back intake leaves a harmless gap in the numbers.
 * Returns, per Beijing day, the first of enough numbers for every item of that day.
 */
export async function reserveCaseNumbers(pool: pg.Pool, items: readonly IntakeItem[], now: Date): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const day = beijingDateCompact(item.reportedAt ? new Date(item.reportedAt) : now);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const firsts = new Map<string, number>();
  for (const [day, count] of counts) firsts.set(day, await reserveNumbers(pool, day, count));
  return firsts;
}

/** Reserves `count` consecutive numbers in a Beijing day's sequence; returns the first. */
async function reserveNumbers(db: pg.ClientBase | pg.Pool, day: string, count: number): Promise<number> {
  // The first reservation of a day starts after any code already used that day (the seeded history
  // reaches up to its anchor, which may be today); that scan of the day's codes runs only when the day
  // has no counter yet (an InitPlan is evaluated on first use, and the insert then has no row to use it
  // for). It used to run on every reservation, a LIKE over every case: 140 ms of a batch's database time.
  const { rows } = await db.query<{ last: number }>(
    `with bumped as (
       update case_code_day set last = last + $2 where day = to_date($1, 'YYYYMMDD') returning last
     ), started as (
       insert into case_code_day as d (day, last)
       select to_date($1, 'YYYYMMDD'),
              (select coalesce(max(substr(code, 11)::int), 0) from cases where code like 'AJ' || $1 || '%') + $2
        where not exists (select from bumped)
       on conflict (day) do update set last = d.last + $2
       returning last
     )
     select last from bumped union all select last from started`,
    [day, count],
  );
  return rows[0]!.last - count + 1;
}

/** Which items lie outside every grid cell, for a 422 that names them. */
async function outsideItems(db: pg.ClientBase, items: readonly Prepared[]): Promise<Prepared[]> {
  const { rows } = await db.query<{ i: number }>(
    `select t.i from unnest($1::float8[], $2::float8[]) with ordinality as t(lng, lat, i)
      where (xh_locate(st_setsrid(st_point(t.lng, t.lat), 4326))).grid_cell_id is null`,
    [items.map((i) => i.lng), items.map((i) => i.lat)],
  );
  return rows.map((r) => items[r.i - 1]!);
}

function outsideError(outside: readonly Prepared[], name: ItemName): HttpError {
  const shown = outside
    .slice(0, 5)
    .map((i) => `${name(i.index)} at (${i.lng}, ${i.lat})`)
    .join('; ');
  const more = outside.length > 5 ? ` and ${outside.length - 5} more` : '';
  return new HttpError(422, `outside the managed area (Dongcheng and Xicheng grid cells): ${shown}${more}`);
}

/**
 * Takes in a batch, all or nothing, inside the caller's transaction. Items whose idempotency key
 * already made a case get that case's receipt (created: false); the rest become new cases in stage
 * 'reported' and are announced as case.created.
 */
export async function intakeCases(
  db: pg.ClientBase,
  items: readonly IntakeItem[],
  reporter: Reporter,
  opts: IntakeOptions = {},
): Promise<IntakeResult> {
  const { name = batchItem, now = new Date() } = opts;
  const prepared = prepare(items, name, now);
  await checkCategories(db, prepared, name);

  const receipts: (CaseReceipt | undefined)[] = new Array(prepared.length);
  const known = await existingByKey(
    db,
    prepared.flatMap((i) => i.idempotencyKey ?? []),
  );
  const resolveExisting = (item: Prepared, row: ReceiptRow) => {
    if (!sameReport(row, item)) {
      throw conflict(
        `${name(item.index)}: idempotency key ${item.idempotencyKey} already made case ${row.code} with different content; use a new key for a new case`,
      );
    }
    receipts[item.index] = receiptOf(row, false);
  };
  for (const item of prepared) {
    const row = item.idempotencyKey === undefined ? undefined : known.get(item.idempotencyKey);
    if (row) resolveExisting(item, row);
  }
  const fresh = prepared.filter((i) => receipts[i.index] === undefined);

  let created = 0;
  if (fresh.length > 0) {
    const codes = new Map<number, string>();
    const byDay = new Map<string, Prepared[]>();
    for (const item of fresh) {
      const day = beijingDateCompact(item.at);
      const group = byDay.get(day);
      if (group) group.push(item);
      else byDay.set(day, [item]);
    }
    for (const [day, group] of byDay) {
      const first = opts.reserved?.get(day) ?? (await reserveNumbers(db, day, group.length));
      group.forEach((item, k) => {
        codes.set(item.index, caseCode(day, first + k));
      });
    }

    const rows = fresh.map((i) => ({
      code: codes.get(i.index),
      source: i.source,
      category_code: i.categoryCode,
      description: i.description,
      lng: i.lng,
      lat: i.lat,
      priority: i.priority ?? 3,
      reporter_name: i.reporterName ?? null,
      reporter_phone: i.reporterPhone ?? null,
      reported_at: i.at.toISOString(),
      idempotency_key: i.idempotencyKey ?? null,
      sensor_id: i.sensorId ?? null,
    }));
    await db.query('savepoint intake');
    let made: (ReceiptRow & { id: number })[];
    try {
      // One statement: insert (grid_cell_id … district_id are placeholders: the before-insert trigger
      // places every case), write the trail's first step, and read the receipts with their places.
      ({ rows: made } = await db.query<ReceiptRow & { id: number }>(
        `with made as (
           insert into cases (code, source, category_code, description, geom, priority, reporter_name, reporter_phone,
                              reported_at, idempotency_key, sensor_id, grid_cell_id, community_id, street_id, district_id)
           select r.code, r.source, r.category_code, r.description, st_setsrid(st_point(r.lng, r.lat), 4326), r.priority,
                  r.reporter_name, r.reporter_phone, r.reported_at, r.idempotency_key, r.sensor_id, 0, 0, 0, 0
             from jsonb_to_recordset($1::jsonb) as r(code text, source text, category_code text, description text,
                  lng float8, lat float8, priority int, reporter_name text, reporter_phone text, reported_at timestamptz,
                  idempotency_key text, sensor_id int)
           on conflict (idempotency_key) do nothing
           returning *
         ), trail as (
           insert into case_event (case_id, action, from_stage, to_stage, actor_id, actor, at)
           select id, 'report', null, 'reported', (select person_id from account where id = $2), $3, reported_at from made
         )
         select c.id, ${RECEIPT_COLUMNS} from made c ${RECEIPT_JOINS}`,
        [JSON.stringify(rows), reporter.accountId, reporter.displayName],
      ));
    } catch (err) {
      if ((err as { code?: string }).code !== 'XH422') throw err;
      await db.query('rollback to savepoint intake');
      throw outsideError(await outsideItems(db, fresh), name);
    }
    await db.query('release savepoint intake');
    created = made.length;

    const priorityOf = new Map(rows.map((r) => [r.code!, r.priority]));
    const madeByCode = new Map(made.map((r) => [r.code, r]));
    for (const item of fresh) {
      const row = madeByCode.get(codes.get(item.index)!);
      if (row) receipts[item.index] = receiptOf(row, true);
    }
    // Lost a race: another request with the same key committed first (the unique index made us wait).
    const raced = fresh.filter((i) => !madeByCode.has(codes.get(i.index)!));
    if (raced.length > 0) {
      const winners = await existingByKey(
        db,
        raced.map((i) => i.idempotencyKey!),
      );
      for (const item of raced) resolveExisting(item, winners.get(item.idempotencyKey!)!);
    }

    await publish(
      db,
      made.map(
        (r): CaseCreated => ({
          kind: 'case.created',
          payload: {
            code: r.code,
            source: r.source as CaseSource,
            categoryCode: r.categoryCode,
            stage: 'reported',
            priority: priorityOf.get(r.code) ?? 3,
            lng: r.lng,
            lat: r.lat,
            streetCode: r.streetCode,
            gridCode: r.gridCode,
            reportedAt: r.reportedAt,
          },
        }),
      ),
    );
  }
  return { receipts: receipts as CaseReceipt[], created, existing: prepared.length - created };
}

function receiptOf(row: ReceiptRow, created: boolean): CaseReceipt {
  return {
    code: row.code,
    created,
    idempotencyKey: row.idempotencyKey,
    stage: row.stage,
    reportedAt: row.reportedAt,
    gridCode: row.gridCode,
    communityCode: row.communityCode,
    streetCode: row.streetCode,
    streetName: row.streetName,
    alleyName: row.alleyName,
    lng: row.lng,
    lat: row.lat,
  };
}
