// Roles on every route: each route declares who it serves (the app refuses to start otherwise), the
// others get 401/403 with a message, and no answer to the demo role ever holds personal data.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/app.ts';
import { fullDatabaseUrl } from '../test/db.ts';
import { LAYERS } from '../tiles/layers.ts';
import auth from './auth/plugin.ts';
import { ROLES, type Role } from './contracts/common.ts';
import { errorHandler } from './errors.ts';
import database from './plugins/database.ts';

/** An 11-digit mainland mobile number standing alone (grid codes have 14 digits, case codes letters). */
const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
/** Keys that carry personal data in any of our answers. */
const PERSONAL_KEY = /"(phone|reporter|reporterName|reporterPhone|contact)"/i;

/** Routes that are public by design. A new public route must be added here on purpose. */
const PUBLIC = [
  /^\/health$/,
  /^\/api\/meta$/,
  /^\/api\/auth\/(login|demo)$/, // probes, About, signing in
  /^\/docs(\/|$)/, // the API documentation
  /^\/tiles\//,
  /^\/styles\//, // map tiles carry no personal data (tiles/routes.ts)
  /^\/open311\/v2\/services/, // Open311 service discovery: the category list, public in the standard
  /^\/\*$/, // the web app's static files
];

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const sql = async <R extends Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.app.db.query<R>(text, params)).rows;

/** A path for a route pattern, with any value in its parameters (roles are checked before validation). */
const anyPath = (url: string) => url.replace(/:[A-Za-z]+/g, 'x').replace(/\*$/, 'x');

describe('every route declares its roles', () => {
  it('has roles on every route: a list of known roles, or public on purpose', () => {
    expect(t.app.declaredRoutes.length).toBeGreaterThan(20);
    for (const route of t.app.declaredRoutes) {
      const label = `${route.method} ${route.url}`;
      if (route.roles === 'public') {
        expect(
          PUBLIC.some((p) => p.test(route.url)),
          `${label} is public but not meant to be`,
        ).toBe(true);
      } else {
        expect(route.roles.length, label).toBeGreaterThan(0);
        for (const role of route.roles) expect(ROLES, label).toContain(role);
      }
    }
  });

  it('refuses to start with a route that declares no roles, naming it', async () => {
    const app = Fastify({ logger: false });
    await app.register(database, { url: fullDatabaseUrl(), poolSize: 1 });
    await app.register(auth, { secret: Buffer.alloc(32) });
    const starting = (async () => {
      await app.register(async (scope) => {
        scope.get('/api/forgotten', async () => ({}));
      });
      await app.ready();
    })();
    await expect(starting).rejects.toThrow(/route GET \/api\/forgotten declares no roles/);
    await app.close().catch(() => {});
  });

  it('answers anonymous requests to every non-public route with 401', async () => {
    for (const route of t.app.declaredRoutes) {
      if (route.roles === 'public' || route.method === 'HEAD') continue;
      const res = await t.app.inject({ method: route.method as 'GET', url: anyPath(route.url) });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('answers every role a route does not list with 403 naming the roles it serves', async () => {
    for (const route of t.app.declaredRoutes) {
      if (route.roles === 'public' || route.method === 'HEAD') continue;
      for (const role of ROLES.filter((r) => !(route.roles as readonly Role[]).includes(r))) {
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: anyPath(route.url),
          headers: { authorization: `Bearer ${await t.token(role)}` },
        });
        expect(res.statusCode, `${role}: ${route.method} ${route.url}`).toBe(403);
        const body = res.json();
        expect(body.message ?? body[0]?.description, 'Open311 routes answer [{code, description}]').toContain(
          `serves the roles ${route.roles.join(', ')}; you are signed in as ${role}`,
        );
      }
    }
  });

  it('serves a restricted route to its roles only (403 for the rest)', async () => {
    const app = Fastify({ logger: false });
    app.setErrorHandler(errorHandler);
    await app.register(database, { url: fullDatabaseUrl(), poolSize: 1 });
    await app.register(auth, { secret: Buffer.alloc(32, 7) });
    await app.register(async (scope) => {
      scope.post('/api/instructions', { config: { roles: ['leader', 'commander'] } }, async () => ({ sent: true }));
    });
    await app.ready();
    try {
      const as = async (role: Role) => {
        const { token } = await app.auth.issue({ id: 0, username: role, role, displayName: role });
        return app.inject({ method: 'POST', url: '/api/instructions', headers: { authorization: `Bearer ${token}` } });
      };
      expect((await as('leader')).statusCode).toBe(200);
      expect((await as('commander')).statusCode).toBe(200);
      for (const role of ['planner', 'dispatcher', 'field', 'demo'] as const) {
        const res = await as(role);
        expect(res.statusCode, role).toBe(403);
        expect(res.json()).toEqual({
          statusCode: 403,
          error: 'Forbidden',
          message: `this route serves the roles leader, commander; you are signed in as ${role}`,
        });
      }
    } finally {
      await app.close();
    }
  });
});

/** Web-mercator tile of a point at a zoom. */
function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
}

/** Requests that exercise every GET route with data worth hiding: the places people and phones live. */
async function samples(): Promise<Map<string, string[]>> {
  const [alley] = await sql<{ id: number; slug: string; x: number; y: number }>(`
    select a.id, a.qr_slug as slug, st_x(st_pointonsurface(a.geom)) as x, st_y(st_pointonsurface(a.geom)) as y
      from alley a join alley_steward s on s.alley_id = a.id order by a.id limit 1`);
  const [cell] = await sql<{ code: string }>(`select code from grid_cell where patroller_id is not null order by code limit 1`);
  const [sensor] = await sql<{ code: string }>(`select code from sensor where kind = 'waterlogging' order by code limit 1`);
  const codes = (
    await sql<{ code: string }>(`
    select code from cases where reporter_phone is not null order by reported_at desc limit 5`)
  ).map((r) => r.code);
  const reported = codes.map((c) => `/api/cases/${c}`);
  const [incident] = await sql<{ code: string; at: Date }>(`select code, opened_at as at from incident order by opened_at limit 1`);
  const commanded = (path: string) => [`/api/incidents/${incident!.code}${path}`];
  const [x, y] = tileOf(alley!.x, alley!.y, 16);
  return new Map([
    ['/api/auth/me', ['/api/auth/me']],
    ['/api/meta', ['/api/meta']],
    ['/health', ['/health']],
    ['/api/areas', ['/api/areas']],
    ['/api/areas/:code', ['/api/areas/110102', '/api/areas/110102001']],
    ['/api/grid-cells', ['/api/grid-cells?street=110102001']],
    ['/api/grid-cells/:code', [`/api/grid-cells/${cell!.code}`]],
    ['/api/alleys', ['/api/alleys']],
    ['/api/alleys/:idOrSlug', [`/api/alleys/${alley!.id}`, `/api/alleys/${alley!.slug}`]],
    ['/api/cases', ['/api/cases?source=hotline&limit=500', '/api/cases?limit=500']],
    ['/api/cases/:code', reported],
    ['/api/categories', ['/api/categories']],
    ['/api/sensors', ['/api/sensors', '/api/sensors?kind=manhole_cover']],
    ['/api/sensors/:code/readings', [`/api/sensors/${sensor!.code}/readings?from=2000-01-01`]],
    ['/api/alarms', ['/api/alarms']],
    ['/api/crowds', ['/api/crowds']],
    ['/api/crowds/:code/counts', ['/api/crowds/shichahai/counts?from=2000-01-01']],
    ['/api/departments', ['/api/departments']],
    ['/api/kpi/streets', ['/api/kpi/streets']],
    ['/api/kpi/districts', ['/api/kpi/districts']],
    ['/api/cockpit/summary', ['/api/cockpit/summary']],
    ['/api/cockpit/heat', ['/api/cockpit/heat?window=30d']],
    ['/api/incidents', ['/api/incidents']],
    ['/api/incidents/:code', commanded('')],
    ['/api/incidents/:code/impact', commanded('/impact')],
    ['/api/incidents/:code/units', commanded('/units?limit=50')],
    ['/api/incidents/:code/instructions', commanded('/instructions')],
    ['/api/replay', [`/api/replay?from=${new Date(incident!.at.getTime() - 6 * 3600_000).toISOString()}&to=${incident!.at.toISOString()}`]],
    ['/api/replay/moments', ['/api/replay/moments']],
    [
      '/api/replay/activity',
      [`/api/replay/activity?from=${new Date(incident!.at.getTime() - 6 * 3600_000).toISOString()}&to=${incident!.at.toISOString()}`],
    ],
    ['/open311/v2/services.json', ['/open311/v2/services.json']],
    ['/open311/v2/services/:file', ['/open311/v2/services/20101.json']],
    ['/open311/v2/requests.json', [`/open311/v2/requests.json?start_date=2000-01-01&service_request_id=${codes.join(',')}`]],
    ['/open311/v2/requests/:file', codes.map((c) => `/open311/v2/requests/${c}.json`)],
    [
      '/tiles/:layer/:z/:x/:tile',
      LAYERS.map(
        (l) => `/tiles/${l.name}/${Math.min(16, l.maxzoom)}/${x >> Math.max(0, 16 - l.maxzoom)}/${y >> Math.max(0, 16 - l.maxzoom)}.mvt`,
      ),
    ],
    ['/tiles/:file', LAYERS.map((l) => `/tiles/${l.name}.json`)],
    ['/styles/:file', ['/styles/dark.json', '/styles/light.json']],
  ]);
}

/**
 * Not walked here: the documentation and the web app's own files (not data), and the live stream,
 * which never ends; its events carry no personal fields by type (server/live/events.ts).
 */
const NOT_DATA = /^\/docs(\/|$)|^\/\*$|^\/api\/live$/;

describe('personal data never reaches the demo role', () => {
  it('walks every GET route as demo and finds no phone number and no personal field', async () => {
    const urls = await samples();
    let walked = 0;
    let staffSawPhones = 0;
    for (const route of t.app.declaredRoutes) {
      if (route.method !== 'GET' || NOT_DATA.test(route.url)) continue;
      if (route.roles !== 'public' && !route.roles.includes('demo')) continue;
      const list = urls.get(route.url);
      expect(list, `add sample requests for GET ${route.url} to this test`).toBeDefined();
      for (const url of list!) {
        const res = await t.get(url, 'demo');
        expect([200, 204], `${url}: ${res.body.slice(0, 200)}`).toContain(res.statusCode);
        const text = res.rawPayload.toString('utf8');
        expect(text, url).not.toMatch(PHONE);
        expect(text, url).not.toMatch(PERSONAL_KEY);
        walked++;
        if (PHONE.test((await t.get(url, 'leader')).rawPayload.toString('utf8'))) staffSawPhones++;
      }
    }
    expect(walked).toBeGreaterThan(15);
    // the same requests do carry phones for staff: the walk looks where they are
    expect(staffSawPhones).toBeGreaterThanOrEqual(3);
  });
});
