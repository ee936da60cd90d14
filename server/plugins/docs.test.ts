// The API documentation: OpenAPI generated from the routes' own schemas, and Swagger UI at /docs
// served entirely from our origin (the product is air-gapped).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { launchBrowser } from '../../test/browser.ts';
import { loadConfig } from '../config.ts';
import { startServer } from '../serve.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** Any absolute URL to another host: what an air-gapped page must not reference. */
const OUTSIDE = /(https?:)?\/\/(?!localhost|127\.0\.0\.1)[a-z0-9-]+(\.[a-z0-9-]+)+/i;

describe('/docs/json', () => {
  it('is an OpenAPI 3 document listing every API route, with roles and the bearer lock where they apply', async () => {
    const res = await t.get('/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toContain('Xiuhua');
    for (const route of t.app.declaredRoutes) {
      if (!route.url.startsWith('/api/') || route.method === 'HEAD') continue;
      const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${path} in OpenAPI`).toBeDefined();
      if (route.roles === 'public') {
        expect(op.security, path).toBeUndefined();
      } else {
        expect(op.security, path).toEqual([{ bearer: [] }]);
        expect(op.description, path).toContain(`Roles: ${route.roles.join(', ')}.`);
      }
    }
    // our validation-only annotations stay out of the published schemas
    expect(res.body).not.toContain('errorMessage');
  });
});

describe('/docs', () => {
  it('serves Swagger UI with no reference to another host', async () => {
    const page = await t.get('/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).not.toMatch(OUTSIDE);
    const refs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(2);
    for (const ref of refs) expect((await t.get(new URL(ref, 'http://xiuhua.local/docs/').pathname)).statusCode, ref).toBe(200);
  });

  it('draws the API in Chromium with every request to our own origin and no console errors', async () => {
    const server = await startServer({ ...loadConfig(t.url), port: 0, logLevel: 'silent', poolSize: 2 }, { tokenSecret: Buffer.alloc(32) });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/docs`);
      // the title comes from /docs/json: the document was fetched, parsed and drawn
      await page.getByText('Xiuhua 绣花 API').first().waitFor({ timeout: 15_000 });
      await page.getByText('/api/cases/{code}').first().waitFor({ timeout: 15_000 });
      expect(errors).toEqual([]);
      const origin = new URL(server.url).origin;
      const elsewhere = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:'));
      expect(elsewhere).toEqual([]);
      expect(requests.some((u) => u.endsWith('/docs/json'))).toBe(true);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
