// The ingest and live benchmarks run end to end on a small city and leave no trace: figures for
// every measure (no timing thresholds here; the README records real runs), every event delivered,
// and the bench's cases removed afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, query, type TestDatabase } from '../test/db.ts';
import { benchIngest } from './ingest.ts';
import { benchLive } from './live.ts';

let db: TestDatabase;
let before: number;
const count = async () => (await query<{ n: number }>(db.url, 'select count(*)::int as n from cases'))[0]!.n;

beforeAll(async () => {
  db = await freshDatabase();
  before = await count();
});
afterAll(() => db?.drop());

describe('benchmarks', () => {
  it('bench/ingest measures the batch API and COPY, then removes its cases', async () => {
    const r = await benchIngest({ databaseUrl: db.url, cases: 600, batch: 100, concurrency: 2 });
    expect(r.apiPerSecond).toBeGreaterThan(0);
    expect(r.copyPerSecond).toBeGreaterThan(0);
    expect(r.apiShareOfCopy).toBeCloseTo(r.apiPerSecond / r.copyPerSecond);
    expect(r.batchLatencyMs.p95).toBeGreaterThanOrEqual(r.batchLatencyMs.p50);
    // the insert's triggers are read from the plan: placement, the rollup, the tiles, the foreign keys by name
    expect(r.triggers.cases).toBe(600);
    const names = r.triggers.byTrigger.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['cases_locate', 'cases_rollup_insert', 'cases_tiles_insert', 'cases_category_code_fkey']),
    );
    expect(r.triggers.byTrigger.reduce((a, t) => a + t.ms, 0)).toBeLessThanOrEqual(r.triggers.totalMs);
    expect(await count()).toBe(before);
  });

  it('bench/live delivers every case to every client and reports latency percentiles', async () => {
    const r = await benchLive({ databaseUrl: db.url, clients: 5, rate: 50, seconds: 1, threads: 2 });
    expect(r.sent).toBe(50);
    expect(r.refused).toBe(0);
    expect(r.delivered).toBe(r.expected);
    expect(r.expected).toBe(250);
    expect(r.outOfOrder).toBe(0);
    // The server read each event before any client had it (1 ms: the read leg drops the outbox time's microseconds).
    expect(r.readMs.p99).toBeLessThanOrEqual(r.latencyMs.p99 + 1);
    expect(r.cpu.loadGeneratorMs).not.toBeNull(); // the stream clients' own CPU, told apart from the server's
    expect(r.latencyMs.p99).toBeGreaterThanOrEqual(r.latencyMs.p50);
    expect(r.latencyMs.max).toBeGreaterThanOrEqual(r.latencyMs.p99);
    expect(await count()).toBe(before);
  });
});
