// The "must show" for the API, on the seeded city: health, a malformed filter named in a 400,
// an unknown case as 404, a case with its trail in order, and no phone number ever reaching the demo role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** An 11-digit mainland mobile number standing alone (grid codes are 14 digits, case codes carry letters). */
const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

describe('API on the seeded city', () => {
  it('reports health with the database reachable and migrations current', async () => {
    const res = await t.get('/health');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.migrations.current).toBe(body.migrations.expected);
  });

  it('answers a malformed date filter with a 400 that names the parameter', async () => {
    const res = await t.get('/api/cases?from=yesterday', 'leader');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/\bfrom\b/);
    const inverted = await t.get('/api/cases?from=2026-06-02&to=2026-06-01', 'leader');
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().message).toMatch(/from.*to/);
  });

  it('answers an unknown case with a 404 naming it', async () => {
    const res = await t.get('/api/cases/AJ2000010100001', 'leader');
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain('AJ2000010100001');
  });

  it('filters cases and returns one with its trail in time order', async () => {
    const page = await t.get('/api/cases?stage=evaluated&source=hotline&limit=5', 'dispatcher');
    expect(page.statusCode).toBe(200);
    const items = page.json().items as { code: string; stage: string; source: string }[];
    expect(items).toHaveLength(5);
    for (const c of items) expect([c.stage, c.source]).toEqual(['evaluated', 'hotline']);
    const detail = (await t.get(`/api/cases/${items[0]!.code}`, 'dispatcher')).json();
    const times = detail.trail.map((e: { at: string }) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(detail.trail[0].action).toBe('report');
    expect(detail.trail.at(-1).toStage).toBe('evaluated');
    expect(detail.reporter?.phone).toMatch(PHONE);
  });

  it('never sends a phone number or reporter contact to the demo role', async () => {
    const page = (await t.get('/api/cases?source=hotline&limit=20', 'demo')).json();
    const codes = page.items.map((c: { code: string }) => c.code) as string[];
    const [alley] = (await t.get('/api/alleys?street=110102001', 'demo')).json().features;
    const [cell] = (await t.get('/api/grid-cells?street=110102001', 'demo')).json().features;
    const urls = [
      '/api/cases?source=hotline&limit=20',
      ...codes.slice(0, 5).map((c) => `/api/cases/${c}`),
      `/api/alleys/${alley.properties.id}`,
      `/api/grid-cells/${cell.properties.code}`,
      '/api/areas/110102001',
      '/api/meta',
    ];
    for (const url of urls) {
      const res = await t.get(url, 'demo');
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(PHONE);
      expect(res.body, url).not.toMatch(/"(phone|reporter)"/);
    }
    // the same alley shows its chief's phone to staff
    expect((await t.get(`/api/alleys/${alley.properties.id}`, 'leader')).body).toMatch(PHONE);
  });

  it('refuses a request without a token and a role a route does not serve', async () => {
    expect((await t.get('/api/cases')).statusCode).toBe(401);
  });
});
