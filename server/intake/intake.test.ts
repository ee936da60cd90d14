// Case intake as a reporting client sees it: PostGIS places each case, retries with the same key never
// make a second case, a point outside the city is refused by name, Open311 clients round-trip, a new case
// shows in the next tile fetch of every server process, and a 2xx survives dropped connections.
import { VectorTile } from '@mapbox/vector-tile';
import type { LightMyRequestResponse } from 'fastify';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { query } from '../../test/db.ts';
import { tileOf } from '../../tiles/cache.ts';
import { type App, buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Role } from '../contracts/common.ts';

let t: TestApp;
let inside!: { lng: number; lat: number; gridCode: string; streetCode: string; communityCode: string };
let onAlley!: { lng: number; lat: number; name: string };

beforeAll(async () => {
  t = await buildTestApp({ database: 'fresh' });
  // Independent truth: a point inside a known grid cell, and the middle of a known alley.
  inside = (
    await query<typeof inside>(
      t.url,
      `
    select round(st_x(p)::numeric, 6)::float8 as lng, round(st_y(p)::numeric, 6)::float8 as lat, g.code as "gridCode",
           s.code as "streetCode", m.code as "communityCode"
      from grid_cell g join admin_area s on s.id = g.street_id join admin_area m on m.id = g.community_id,
           st_pointOnSurface(g.geom) p
     where not exists (select 1 from alley a where st_dwithin(a.geom::geography, p::geography, 30))
     order by g.id limit 1`,
    )
  )[0]!;
  onAlley = (
    await query<typeof onAlley>(
      t.url,
      `
    select st_x(m) as lng, st_y(m) as lat, a.name from alley a, st_lineInterpolatePoint(a.geom, 0.5) m
     order by a.id limit 1`,
    )
  )[0]!;
});
afterAll(() => t.close());

async function post(url: string, body: unknown, role: Role = 'dispatcher', headers: Record<string, string> = {}, app: App = t.app) {
  const authorization = `Bearer ${await t.token(role)}`;
  return app.inject({ method: 'POST', url, payload: body as object, headers: { authorization, ...headers } });
}

const report = (over: Record<string, unknown> = {}) => ({
  source: 'hotline',
  categoryCode: '20101',
  description: '路边堆放建筑垃圾',
  lng: inside.lng,
  lat: inside.lat,
  ...over,
});

const json = <T>(res: LightMyRequestResponse) => res.json<T>();
const countCases = async (where: string, params: unknown[]) =>
  (await query<{ n: number }>(t.url, `select count(*)::int as n from cases where ${where}`, params))[0]!.n;

describe('case intake', () => {
  it('places a reported case in its grid cell, community and street, and records who reported it', async () => {
    const res = await post('/api/cases', report());
    expect(res.statusCode, res.body).toBe(201);
    const receipt = json<{ code: string; gridCode: string; streetCode: string; communityCode: string; stage: string }>(res);
    expect(res.headers.location).toBe(`/api/cases/${receipt.code}`);
    expect(receipt).toMatchObject({
      gridCode: inside.gridCode,
      streetCode: inside.streetCode,
      communityCode: inside.communityCode,
      stage: 'reported',
    });
    expect(receipt.code).toMatch(/^AJ\d{8}\d{5,}$/);

    const detail = await t.get(`/api/cases/${receipt.code}`, 'dispatcher');
    expect(detail.json().trail).toEqual([expect.objectContaining({ action: 'report', toStage: 'reported', actor: 'test dispatcher' })]);
    const [event] = await query<{ kind: string; payload: { code: string; gridCode: string } }>(
      t.url,
      `select kind, payload from live_event where payload->>'code' = $1`,
      [receipt.code],
    );
    expect(event).toMatchObject({ kind: 'case.created', payload: { code: receipt.code, gridCode: inside.gridCode } });
  });

  it('names the alley when the case lies on one', async () => {
    const res = await post('/api/cases', report({ lng: onAlley.lng, lat: onAlley.lat, source: 'alley_chief' }), 'field');
    expect(res.statusCode, res.body).toBe(201);
    expect(json<{ alleyName: string }>(res).alleyName).toBe(onAlley.name);
  });

  it('never makes a second case for the same idempotency key, even when retries race', async () => {
    const key = 'hotline-call-20261123-0001';
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post('/api/cases', report(), 'dispatcher', { 'idempotency-key': key })),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((r) => json<{ code: string }>(r).code)).size).toBe(1);
    expect(await countCases('idempotency_key = $1', [key])).toBe(1);

    const changed = await post('/api/cases', report({ description: '另一件事' }), 'dispatcher', { 'idempotency-key': key });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().message).toMatch(/already made case AJ\d+ with different content/);
  });

  it('takes a batch all or nothing, and a resent batch creates only what is missing', async () => {
    const cases = [0, 1, 2].map((i) => report({ idempotencyKey: `batch-a-${i}`, description: `井盖缺失 ${i}` }));
    const first = await post('/api/cases/batch', { cases: cases.slice(0, 2) });
    expect(first.statusCode, first.body).toBe(201);
    expect(json<{ created: number }>(first).created).toBe(2);
    const again = await post('/api/cases/batch', { cases });
    const body = json<{ created: number; existing: number; items: { code: string; created: boolean }[] }>(again);
    expect(body).toMatchObject({ created: 1, existing: 2 });
    expect(body.items.map((i) => i.created)).toEqual([false, false, true]);
    expect(body.items.slice(0, 2).map((i) => i.code)).toEqual(json<{ items: { code: string }[] }>(first).items.map((i) => i.code));
    expect(await countCases(`idempotency_key like 'batch-a-%'`, [])).toBe(3);
  });

  it('numbers a day’s cases on from the codes it already holds, then from its counter, never twice', async () => {
    // A seeded day with no counter yet: its first intake starts after the seeded codes.
    const [day] = await query<{ day: string; last: number; at: string }>(
      t.url,
      `select substr(code, 3, 8) as day, max(substr(code, 11)::int)::int as last, to_json(min(reported_at))#>>'{}' as at
         from cases where code like 'AJ%' group by 1
       having to_date(substr(code, 3, 8), 'YYYYMMDD') not in (select day from case_code_day)
        order by 1 desc limit 1`,
    );
    expect(day).toBeDefined();
    const codes: string[] = [];
    for (const n of [2, 1]) {
      const res = await post('/api/cases/batch', {
        cases: Array.from({ length: n }, (_, i) => report({ reportedAt: day!.at, description: `编号 ${n} ${i}` })),
      });
      expect(res.statusCode, res.body).toBe(201);
      codes.push(...json<{ items: { code: string }[] }>(res).items.map((i) => i.code));
    }
    const next = (k: number) => `AJ${day!.day}${String(day!.last + k).padStart(5, '0')}`;
    expect(codes).toEqual([next(1), next(2), next(3)]);
  });

  it('refuses a point outside the managed area with 422 naming it, and stores nothing of that batch', async () => {
    const single = await post('/api/cases', report({ lng: 116.2, lat: 39.8 }));
    expect(single.statusCode).toBe(422);
    expect(single.json().message).toMatch(/outside the managed area.*the case at \(116\.2, 39\.8\)/);

    const batch = await post('/api/cases/batch', {
      cases: [report({ idempotencyKey: 'outside-0' }), report({ idempotencyKey: 'outside-1', lng: 116.5, lat: 40 })],
    });
    expect(batch.statusCode).toBe(422);
    expect(batch.json().message).toMatch(/cases\[1\] at \(116\.5, 40\)/);
    expect(await countCases(`idempotency_key like 'outside-%'`, [])).toBe(0);
  });

  it('answers bad input with a message that says what was wrong', async () => {
    const cases: [unknown, RegExp][] = [
      [report({ categoryCode: '29999' }), /no category has code 29999/],
      [report({ categoryCode: 'abc' }), /categoryCode' must be a 5-digit category code/],
      [report({ source: 'sensor' }), /source' must be one of/],
      [report({ lng: 'east' }), /lng' must be a number/],
      [report({ reportedAt: new Date(Date.now() + 86_400_000).toISOString() }), /is in the future/],
      [{ ...report(), colour: 'red' }, /'colour' is not known/],
    ];
    for (const [body, message] of cases) {
      const res = await post('/api/cases', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().message).toMatch(message);
    }
    const repeated = await post('/api/cases/batch', { cases: [report({ idempotencyKey: 'k' }), report({ idempotencyKey: 'k' })] });
    expect(repeated.json().message).toMatch(/cases\[1\] repeats the idempotency key of cases\[0\]/);
    const empty = await post('/api/cases/batch', { cases: [] });
    expect(empty.statusCode).toBe(400);
  });

  it('lets reporters report and nobody else', async () => {
    for (const role of ['planner', 'demo'] as const) {
      const res = await post('/api/cases', report(), role);
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toMatch(/serves the roles leader, commander, dispatcher, field/);
    }
  });
});

describe('Open311 GeoReport v2', () => {
  it('lists our categories as services', async () => {
    const res = await t.get('/open311/v2/services.json');
    const services = json<{ service_code: string; service_name: string; group: string }[]>(res);
    const [{ n }] = (await query<{ n: number }>(t.url, 'select count(*)::int as n from category')) as [{ n: number }];
    expect(services).toHaveLength(n);
    expect(services.find((s) => s.service_code === '20101')).toMatchObject({ type: 'realtime', metadata: false });
    const en = json<{ service_name: string }[]>(await t.get('/open311/v2/services.json?locale=en'));
    expect(en[0]!.service_name).toMatch(/^[\x20-\x7e]+$/);
  });

  it('round-trips a form-encoded request posted with an api_key', async () => {
    const form = new URLSearchParams({
      api_key: await t.token('field'),
      service_code: '10101',
      lat: String(inside.lat),
      long: String(inside.lng),
      description: '井盖破损',
      first_name: '小明',
      last_name: '王',
      phone: '13800000000',
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const [{ service_request_id: id }] = json<{ service_request_id: string }[]>(res) as [{ service_request_id: string }];

    const back = json<Record<string, unknown>[]>(await t.get(`/open311/v2/requests/${id}.json`, 'demo'));
    expect(back).toEqual([
      expect.objectContaining({
        service_request_id: id,
        status: 'open',
        service_code: '10101',
        description: '井盖破损',
        lat: inside.lat,
        long: inside.lng,
        address_id: inside.gridCode,
      }),
    ]);
    expect(JSON.stringify(back)).not.toContain('13800000000');
    const listed = json<{ service_request_id: string }[]>(
      await t.get(`/open311/v2/requests.json?service_request_id=${id}&status=open`, 'demo'),
    );
    expect(listed.map((r) => r.service_request_id)).toEqual([id]);
    const [stored] = await query<{ source: string; reporter_name: string }>(
      t.url,
      'select source, reporter_name from cases where code = $1',
      [id],
    );
    expect(stored).toEqual({ source: 'public_app', reporter_name: '王小明' });
  });

  it('answers errors in the standard shape', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: { service_code: '10101', lat: 1, long: 1, description: 'x' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual([{ code: 401, description: expect.stringMatching(/token as api_key/) }]);
    const bad = await t.get('/open311/v2/requests.json?status=pending', 'demo');
    expect(bad.json()).toEqual([{ code: 400, description: expect.stringMatching(/status' must be open, closed/) }]);
    const xml = await t.get('/open311/v2/requests/AJ1.xml', 'demo');
    expect(xml.json()[0].description).toMatch(/only the JSON format/);
    expect((await t.get('/open311/v2/requests/AJ1.json', 'demo')).statusCode).toBe(404);
  });
});

describe('a new case on the map', () => {
  it('appears in the next fetch of its tile in this and a second server process', async () => {
    const other = await buildApp({ config: { ...loadConfig(t.url), logLevel: 'silent', poolSize: 2 } });
    try {
      const [x, y] = tileOf(inside.lng, inside.lat, 16);
      const path = `/tiles/cases/16/${x}/${y}.mvt`;
      const codes = async (app: App) => {
        const res = await app.inject({ method: 'GET', url: path });
        const layer = res.statusCode === 200 ? new VectorTile(new PbfReader(res.rawPayload)).layers.cases : undefined;
        return layer ? Array.from({ length: layer.length }, (_, i) => String(layer.feature(i).properties.code)) : [];
      };
      await codes(t.app);
      await codes(other); // both caches warm
      const res = await post('/api/cases', report({ description: '新案件上图' }));
      const { code } = json<{ code: string }>(res);
      for (const app of [t.app, other]) {
        await expect.poll(() => codes(app), { timeout: 2000, interval: 50 }).toContain(code);
      }
    } finally {
      await other.close();
    }
  });
});

describe('nothing accepted is lost', () => {
  it('keeps every case whose batch got a 2xx while the database drops connections, and recovers', async () => {
    const receipts: string[] = [];
    const statuses: number[] = [];
    // Every other batch arrives while the server's database sessions are killed over and over, so
    // both outcomes happen however fast the machine is: those batches meet dropped connections,
    // the ones between them meet a pool that has to find its feet again.
    const killWhile = async <T>(work: Promise<T>): Promise<T> => {
      let done = false;
      const killer = (async () => {
        while (!done) {
          await query(
            t.url,
            `select pg_terminate_backend(pid) from pg_stat_activity
                               where datname = current_database() and application_name = 'xiuhua-server'`,
          );
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      try {
        return await work;
      } finally {
        done = true;
        await killer;
      }
    };
    for (let b = 0; b < 40; b++) {
      const cases = Array.from({ length: 20 }, (_, i) => report({ idempotencyKey: `drop-${b}-${i}` }));
      const sent = post('/api/cases/batch', { cases });
      const res = b % 2 === 0 ? await killWhile(sent) : await sent;
      statuses.push(res.statusCode);
      if (res.statusCode < 300) receipts.push(...json<{ items: { code: string }[] }>(res).items.map((i) => i.code));
    }
    // Both outcomes happened: some batches hit a dropped connection, some were accepted.
    expect(
      statuses.some((s) => s === 503),
      `statuses ${statuses.join(',')}`,
    ).toBe(true);
    expect(receipts.length, `statuses ${statuses.join(',')}`).toBeGreaterThan(0);
    expect(
      statuses.every((s) => s < 300 || s === 503),
      `statuses ${statuses.join(',')}`,
    ).toBe(true);
    expect(await countCases('code = any($1::text[])', [receipts])).toBe(receipts.length);
    // The same app, without a restart, takes the next case.
    const after = await post('/api/cases', report({ idempotencyKey: 'after-the-storm' }));
    expect(after.statusCode).toBe(201);
  });
});
