// GET /health as an operator's probe sees it: ok on a current database, 503 with the reason when
// the database is behind the code, never migrated, or unreachable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { loadMigrations } from '../db/migrate.ts';
import { createPool } from '../db/pool.ts';

const newest = Math.max(...loadMigrations().map((m) => m.version));

describe('GET /health', () => {
  it('is ok when the database answers and has every migration', async () => {
    const t = await buildTestApp();
    try {
      const res = await t.get('/health');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', database: 'ok', migrations: { current: newest, expected: newest } });
    } finally {
      await t.close();
    }
  });

  describe('on a database of our own', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp({ database: 'fresh' });
    });
    afterAll(() => t?.close());

    it('answers 503 naming both migrations when the database is behind the code', async () => {
      await t.app.db.query('delete from schema_migration where version = $1', [newest]);
      const res = await t.get('/health');
      expect(res.statusCode).toBe(503);
      const body = res.json();
      expect(body.status).toBe('unavailable');
      expect(body.database).toBe('ok');
      expect(body.migrations.expected).toBe(newest);
      expect(body.migrations.current).toBeLessThan(newest);
      expect(body.reason).toContain(`needs ${newest}`);
    });

    it('answers 503 at migration 0 when the database was never migrated', async () => {
      await t.app.db.query('drop table schema_migration');
      const res = await t.get('/health');
      expect(res.statusCode).toBe(503);
      expect(res.json().migrations).toEqual({ current: 0, expected: newest });
      expect(res.json().reason).toMatch(/at migration 0 but this server needs/);
    });
  });

  it('answers 503 saying the database does not answer when it is unreachable', async () => {
    // nothing listens on port 1: connecting fails at once
    const unreachable = createPool('postgresql://xiuhua@127.0.0.1:1/xiuhua', 1);
    const t = await buildTestApp({ pool: unreachable });
    try {
      const res = await t.get('/health');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
      expect(res.json().reason).toMatch(/^the database does not answer: /);
      // the API says so too, as a 503 rather than a 500
      const api = await t.get('/api/areas?level=district', 'leader');
      expect(api.statusCode).toBe(503);
      expect(api.json().message).toMatch(/database is unavailable/);
    } finally {
      await t.close();
      await unreachable.end();
    }
  });
});
