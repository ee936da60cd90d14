// A user's mistake is never a 500: odd, hostile and malformed requests across the API all get a 4xx
// with our error body and a message saying what was wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const GETS: [url: string, status: number, says: RegExp][] = [
  ['/api/cases/%zz', 400, /URL path is not valid/],
  ['/api/alleys/%E0%A4%A', 400, /URL path is not valid/],
  ['/api/cases?from=2026-06-01&from=2026-06-02', 400, /query parameter 'from'/],
  ['/api/cases?limit=1.5', 400, /query parameter 'limit' must be a whole number/],
  ['/api/cases?limit=-1', 400, /query parameter 'limit' must be at least 1/],
  ['/api/cases?limit=', 400, /query parameter 'limit'/],
  [`/api/cases?category=${'1'.repeat(5000)}`, 400, /query parameter 'category'/],
  ["/api/cases?street=110102001'--", 400, /query parameter 'street'/],
  ['/api/cases?source=', 400, /query parameter 'source'/],
  ['/api/cases?stage=,', 400, /query parameter 'stage'/],
  [`/api/cases?cursor=${'A'.repeat(64)}`, 400, /query parameter 'cursor'/],
  [`/api/cases?cursor=${'A'.repeat(65)}`, 400, /query parameter 'cursor'/],
  [`/api/cases/${'A'.repeat(41)}`, 400, /path parameter 'code'/],
  ['/api/areas?level[]=street', 400, /query parameter 'level\[\]' is not known/],
  ['/api/areas?level=street&level=district', 400, /query parameter 'level'/],
  ['/api/grid-cells?bbox=NaN,0,1,1', 400, /query parameter 'bbox'/],
  ['/api/grid-cells?bbox=116.3,39.9,116.4,39.95&bbox=1', 400, /query parameter 'bbox'/],
  ['/api/grid-cells/%F0%9F%8F%AE', 400, /path parameter 'code'/],
  ['/api/alleys/0', 404, /no alley with id or QR slug 0/],
  ['/api/alleys/999999999999', 404, /no alley/],
  ['/api/areas/110102001001999', 400, /path parameter 'code'/],
  ['/api/nowhere', 404, /no route GET \/api\/nowhere/],
];

describe('bad input never reaches a 500', () => {
  for (const [url, status, says] of GETS) {
    it(`GET ${url.slice(0, 60)} → ${status}`, async () => {
      const res = await t.get(url, 'dispatcher');
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode']);
      expect(body.statusCode).toBe(status);
      expect(body.message).toMatch(says);
    });
  }

  it('answers a broken or wrongly typed body with 400, an oversized one with 413', async () => {
    const post = (payload: string, type = 'application/json') =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload, headers: { 'content-type': type } });
    for (const payload of ['[]', 'null', '"leader"', '{"username":', '{"username":"a","password":"b","role":"leader"}']) {
      const res = await post(payload);
      expect(res.statusCode, payload).toBe(400);
      expect(res.json().message, payload).toMatch(/body/);
    }
    expect((await post('username=leader', 'application/x-www-form-urlencoded')).statusCode).toBe(415);
    expect((await post(JSON.stringify({ username: 'x', password: 'y'.repeat(2_000_000) }))).statusCode).toBe(413);
  });

  it('answers a time window far outside the seeded year with an empty page, not an error', async () => {
    for (const q of ['from=0001-01-01&to=9999-12-31&limit=1', 'to=1970-01-01', 'from=2026-06-01T08:30:00%2B14:00&limit=1']) {
      expect((await t.get(`/api/cases?${q}`, 'planner')).statusCode, q).toBe(200);
    }
  });
});
