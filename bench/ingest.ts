// bench/ingest: cases per second through the batch intake API (HTTP, validation, idempotency keys,
// PostGIS placement, trail, outbox) against raw COPY of the same rows into the same table.
// The bench's cases are removed afterwards, so it can run against the project's database.
import { randomBytes } from 'node:crypto';
import { copyRows, ewkt } from '../seed/copy.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createPool } from '../server/db/pool.ts';

export interface IngestOptions {
  databaseUrl: string;
  /** Cases per phase (API, then COPY). */
  cases: number;
  /** Cases per batch request. */
  batch: number;
  /** Batch requests in flight at once. */
  concurrency: number;
  log?: (line: string) => void;
}

export interface IngestResult {
  cases: number;
  batch: number;
  concurrency: number;
  apiSeconds: number;
  apiPerSecond: number;
  copySeconds: number;
  copyPerSecond: number;
  /** API throughput as a share of COPY's. */
  apiShareOfCopy: number;
  /** Where one insert of `triggers.cases` cases spends its time (EXPLAIN ANALYZE, rolled back). */
  triggers: InsertCost;
  batchLatencyMs: { p50: number; p95: number };
}

export interface InsertCost {
  cases: number;
  /** The whole statement, triggers included. */
  totalMs: number;
  /** Each trigger's time (row triggers summed over their calls; foreign-key checks under their constraint's name). */
  byTrigger: { name: string; ms: number }[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

export async function benchIngest(opts: IngestOptions): Promise<IngestResult> {
  const log = opts.log ?? (() => {});
  const run = randomBytes(4).toString('hex');
  const tag = `bench-ingest:${run}:`;
  const pool = createPool(opts.databaseUrl, 2, 'xiuhua-bench');
  const app = await buildApp({ config: { ...loadConfig(opts.databaseUrl), logLevel: 'warn', poolSize: opts.concurrency + 2 } });
  try {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const { token } = await app.auth.issue({ id: 0, username: 'bench', role: 'dispatcher', displayName: 'bench' });
    // Points spread over the city: one inside each grid cell.
    const { rows: points } = await pool.query<{ lng: number; lat: number }>(
      'select st_x(p) as lng, st_y(p) as lat from grid_cell g, st_pointOnSurface(g.geom) p order by g.id',
    );
    const { rows: categories } = await pool.query<{ code: string }>('select code from category order by code');
    const make = (i: number) => {
      const p = points[i % points.length]!;
      return {
        source: 'hotline',
        categoryCode: categories[i % categories.length]!.code,
        description: `压测案件 ${i}`,
        lng: p.lng,
        lat: p.lat,
      };
    };

    // (1) the batch API, `concurrency` requests in flight
    log(`ingest: ${opts.cases} cases through POST /api/cases/batch, ${opts.batch} per request, ${opts.concurrency} in flight`);
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        for (;;) {
          const first = next;
          if (first >= opts.cases) return;
          next += opts.batch;
          const cases = Array.from({ length: Math.min(opts.batch, opts.cases - first) }, (_, k) => ({
            ...make(first + k),
            idempotencyKey: `${tag}${first + k}`,
          }));
          const started = performance.now();
          const res = await fetch(`${base}/api/cases/batch`, {
            method: 'POST',
            body: JSON.stringify({ cases }),
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          });
          if (res.status !== 201) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
          await res.arrayBuffer();
          latencies.push(performance.now() - started);
        }
      }),
    );
    const apiSeconds = (performance.now() - t0) / 1000;

    // (2) raw COPY of the same number of rows into the same table (its triggers place each case)
    log(`ingest: ${opts.cases} cases by COPY into cases`);
    const db = await pool.connect();
    let copySeconds: number;
    try {
      const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      const now = new Date();
      const t1 = performance.now();
      await copyRows(
        db,
        'cases',
        [
          'code',
          'source',
          'category_code',
          'description',
          'geom',
          'reported_at',
          'idempotency_key',
          'grid_cell_id',
          'community_id',
          'street_id',
          'district_id',
        ],
        (function* () {
          for (let i = 0; i < opts.cases; i++) {
            const c = make(i);
            yield [
              `BENCH${run}${day}${i}`,
              c.source,
              c.categoryCode,
              c.description,
              ewkt.point(c.lng, c.lat),
              now,
              `${tag}copy:${i}`,
              0,
              0,
              0,
              0,
            ];
          }
        })(),
      );
      copySeconds = (performance.now() - t1) / 1000;
    } finally {
      db.release();
    }

    // (3) what one insert's triggers cost: placement, the planner's rollup, the tile cache, the foreign keys
    log('ingest: one insert of the same cases under EXPLAIN ANALYZE, rolled back');
    const triggers = await insertCost(pool, Math.min(opts.cases, 5000), make);

    const sorted = latencies.sort((a, b) => a - b);
    const apiPerSecond = opts.cases / apiSeconds;
    const copyPerSecond = opts.cases / copySeconds;
    return {
      cases: opts.cases,
      batch: opts.batch,
      concurrency: opts.concurrency,
      apiSeconds,
      apiPerSecond,
      copySeconds,
      copyPerSecond,
      apiShareOfCopy: apiPerSecond / copyPerSecond,
      triggers,
      batchLatencyMs: { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) },
    };
  } finally {
    await app.close();
    await removeBenchCases(pool, tag).catch((err: unknown) => log(`ingest: cleaning up failed: ${String(err)}`));
    await pool.end();
  }
}

/**
 * Inserts `n` cases the way the intake does (placeholders the placement trigger fills) under EXPLAIN ANALYZE
 * in a transaction that is rolled back, and reads each trigger's time from the plan: the rollup's upkeep is
 * stated as measured on the same rows, not guessed from two throughput runs on a shared machine.
 */
async function insertCost(
  pool: ReturnType<typeof createPool>,
  n: number,
  make: (i: number) => { source: string; categoryCode: string; description: string; lng: number; lat: number },
): Promise<InsertCost> {
  const rows = Array.from({ length: n }, (_, i) => make(i));
  const run = randomBytes(4).toString('hex');
  const db = await pool.connect();
  try {
    await db.query('begin');
    const { rows: plan } = await db.query<{
      'QUERY PLAN': [{ 'Execution Time': number; Triggers?: { 'Trigger Name': string; 'Constraint Name'?: string; Time: number }[] }];
    }>(
      `explain (analyze, format json)
       insert into cases (code, source, category_code, description, geom, reported_at, grid_cell_id, community_id, street_id, district_id)
       select 'BENCHX' || $1 || i, s, c, d, st_setsrid(st_point(x, y), 4326), now(), 0, 0, 0, 0
         from unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[]) with ordinality as t(s, c, d, x, y, i)`,
      [
        run,
        rows.map((r) => r.source),
        rows.map((r) => r.categoryCode),
        rows.map((r) => r.description),
        rows.map((r) => r.lng),
        rows.map((r) => r.lat),
      ],
    );
    const top = plan[0]!['QUERY PLAN'][0];
    return {
      cases: n,
      totalMs: top['Execution Time'],
      byTrigger: (top.Triggers ?? [])
        .map((t) => ({ name: t['Constraint Name'] ?? t['Trigger Name'], ms: t.Time }))
        .sort((a, b) => b.ms - a.ms),
    };
  } finally {
    await db.query('rollback').catch(() => {});
    db.release();
  }
}

/** Deletes the bench's cases with their trail and events, and tells the servers to drop those tiles. */
export async function removeBenchCases(pool: ReturnType<typeof createPool>, tag: string): Promise<void> {
  const db = await pool.connect();
  try {
    await db.query('begin');
    await db.query(
      `create temp table bench_case on commit drop as
                      select id, code from cases where idempotency_key like $1 || '%'`,
      [tag],
    );
    await db.query("delete from live_event where payload->>'code' in (select code from bench_case)");
    await db.query('delete from case_event where case_id in (select id from bench_case)');
    await db.query('delete from cases where id in (select id from bench_case)');
    // Cases are never deleted in the product, so no trigger announces it: say so for the whole city.
    await db.query(`select pg_notify('xiuhua_tiles', json_build_object('table', 'cases',
                      'bbox', json_build_array(st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e)))::text)
                      from (select st_extent(geom) as e from grid_cell) x`);
    await db.query('commit');
  } catch (err) {
    await db.query('rollback').catch(() => {});
    throw err;
  } finally {
    db.release();
  }
}
