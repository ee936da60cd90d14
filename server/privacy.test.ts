// Visitors (the demo role: delegations, the tour) see nothing personal, anywhere (issue 15 item 4): every GET
// route of the API, as the OpenAPI document lists it, is called as a visitor with real parameters of the seeded
// city, and no answer holds a phone-like string or the name of a seeded person other than an alley chief (whose
// name is printed on the public sign at the alley's mouth).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/app.ts';
import { query } from '../test/db.ts';
import { PHONES, personalNames, strings } from '../test/personal.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** Streams and the field terminal's own reads are not visitors' pages. */
const SKIPPED = new Set(['/api/live']);

describe('what visitors see', () => {
  it('no GET route answers a visitor with a phone number or the name of anyone but an alley chief', async () => {
    const [sample] = await query<Record<string, string>>(
      t.url,
      `select (select code from cases order by id limit 1) as "case",
              (select code from admin_area where level = 'street' order by code limit 1) as area,
              (select code from grid_cell order by id limit 1) as cell,
              (select qr_slug from alley order by id limit 1) as alley,
              (select code from crowd_area order by id limit 1) as crowd,
              (select code from sensor order by id limit 1) as sensor,
              (select code from incident order by id limit 1) as incident,
              coalesce((select id::text from patrol_plan order by id limit 1), '1') as plan`,
    );
    const personal = await personalNames(t.url);
    expect(personal.size).toBeGreaterThan(100);

    await t.app.ready();
    const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const paths = Object.keys(spec.paths).filter((p) => p.startsWith('/api/') && spec.paths[p]!.get && !SKIPPED.has(p));
    expect(paths.length).toBeGreaterThan(25);
    const param = (path: string) => {
      if (path.startsWith('/api/cases/')) return sample!.case;
      if (path.startsWith('/api/areas/')) return sample!.area;
      if (path.startsWith('/api/grid-cells/')) return sample!.cell;
      if (path.startsWith('/api/alleys/')) return sample!.alley;
      if (path.startsWith('/api/crowds/')) return sample!.crowd;
      if (path.startsWith('/api/sensors/')) return sample!.sensor;
      if (path.startsWith('/api/incidents/')) return sample!.incident;
      if (path.startsWith('/api/patrol-plans/')) return sample!.plan;
      throw new Error(`no sample value for ${path}: add one to the privacy test`);
    };
    const answered: string[] = [];
    for (const path of paths) {
      const url = path.replace(/\{[^}]+\}/g, () => param(path)!);
      const res = await t.get(url, 'demo');
      if (res.statusCode !== 200) continue;
      answered.push(path);
      for (const phone of PHONES) expect(res.body, url).not.toMatch(phone);
      if (!res.headers['content-type']?.toString().includes('json')) continue;
      const names = strings(res.json()).filter((s) => personal.has(s));
      expect(names, url).toEqual([]);
    }
    // the visitor's pages are there: the wall's figures, the map's objects, the incidents
    expect(answered).toEqual(expect.arrayContaining(['/api/cockpit/summary', '/api/alleys/{idOrSlug}', '/api/incidents/{code}/units']));
  });
});
