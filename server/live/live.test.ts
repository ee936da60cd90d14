// The live stream as a cockpit on the wall sees it: events made through one server process arrive
// from another, in commit order with no gaps, and a client that reconnects is replayed what it missed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, query, type TestDatabase } from '../../test/db.ts';
import { floodingReadings } from '../../test/flood.ts';
import { openStream, type StreamClient } from '../../test/sse.ts';
import { type App, buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Role } from '../contracts/common.ts';

let db: TestDatabase;
const apps: { app: App; base: string }[] = [];
let point: { lng: number; lat: number };
const streams: StreamClient[] = [];

beforeAll(async () => {
  db = await freshDatabase();
  for (let i = 0; i < 2; i++) {
    const app = await buildApp({ config: { ...loadConfig(db.url), logLevel: 'silent', poolSize: 4 } });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    await app.live.start(db.url);
    apps.push({ app, base });
  }
  point = (
    await query<{ lng: number; lat: number }>(
      db.url,
      'select st_x(p) as lng, st_y(p) as lat from grid_cell g, st_pointOnSurface(g.geom) p order by g.id limit 1',
    )
  )[0]!;
});
afterAll(async () => {
  for (const s of streams) s.close();
  for (const { app } of apps) await app.close();
  await db?.drop();
});

const token = (role: Role, app = apps[0]!.app) =>
  app.auth.issue({ id: 0, username: `test-${role}`, role, displayName: `test ${role}` }).then((t) => t.token);

async function stream(on: number, opts: Parameters<typeof openStream>[2] = {}, role: Role = 'demo'): Promise<StreamClient> {
  const s = openStream(apps[on]!.base, await token(role), opts);
  streams.push(s);
  const res = await s.opened;
  expect(res.status).toBe(200);
  return s;
}

async function report(on: number, n: number, tag: string): Promise<string[]> {
  const cases = Array.from({ length: n }, (_, i) => ({
    source: 'grid_patrol',
    categoryCode: '20101',
    description: `${tag} ${i}`,
    lng: point.lng,
    lat: point.lat,
  }));
  const res = await fetch(new URL('/api/cases/batch', apps[on]!.base), {
    method: 'POST',
    body: JSON.stringify({ cases }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('field')}` },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { items: { code: string }[] }).items.map((i) => i.code);
}

const codesIn = (s: StreamClient) => s.messages.filter((m) => m.kind === 'case.created').map((m) => String(m.payload.code));
const latestId = async () => (await query<{ id: number }>(db.url, 'select coalesce(max(id), 0)::int as id from live_event'))[0]!.id;

describe('live stream', () => {
  it('delivers a case created through one process from the other process', async () => {
    const onB = await stream(1);
    const [code] = await report(0, 1, '跨进程');
    await expect.poll(() => codesIn(onB), { timeout: 2000, interval: 20 }).toContain(code);
    const m = onB.messages.find((x) => x.payload.code === code)!;
    expect(m).toMatchObject({ kind: 'case.created', payload: { stage: 'reported', source: 'grid_patrol' } });
  });

  it('delivers every event in commit order with no gaps while both processes take reports at once', async () => {
    const start = await latestId();
    const watcher = await stream(0, { since: start });
    await Promise.all(Array.from({ length: 16 }, (_, i) => report(i % 2, 5, `并发 ${i}`)));
    const end = await latestId();
    await expect.poll(() => watcher.messages.at(-1)?.id, { timeout: 2000, interval: 20 }).toBe(end);
    const ids = watcher.messages.map((m) => m.id);
    expect(ids).toEqual(Array.from({ length: end - start }, (_, i) => start + 1 + i));
  });

  it('replays what a reconnecting client missed, then goes on live, without duplicates', async () => {
    const first = await stream(0);
    await report(1, 3, '断线前');
    await expect.poll(() => first.messages.length, { timeout: 2000, interval: 20 }).toBe(3);
    const lastSeen = first.messages.at(-1)!.id;
    first.close();

    const missed = await report(0, 4, '断线中');
    const again = await stream(1, { lastEventId: lastSeen });
    const later = await report(0, 2, '重连后');
    await expect.poll(() => codesIn(again), { timeout: 2000, interval: 20 }).toEqual([...missed, ...later]);
    expect(again.messages[0]!.id).toBe(lastSeen + 1);
  });

  it('goes on delivering after the database drops every session of the process (listener and outbox reader too)', async () => {
    const watcher = await stream(1);
    const [before] = await report(0, 1, '断库前');
    await expect.poll(() => codesIn(watcher), { timeout: 2000, interval: 20 }).toContain(before);
    await query(
      db.url,
      `select pg_terminate_backend(pid) from pg_stat_activity
                          where datname = current_database() and pid <> pg_backend_pid()`,
    );
    // The first report may meet a dropped pool connection; the stream must pick up whatever commits next.
    let after: string | undefined;
    await expect
      .poll(
        async () => {
          after ??= await report(0, 1, '断库后').then(
            ([c]) => c,
            () => undefined,
          );
          return after !== undefined && codesIn(watcher).includes(after);
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBe(true);
  });

  it('sends only the kinds asked for', async () => {
    const onlyKpi = await stream(0, { kinds: 'kpi.changed' });
    const all = await stream(0);
    const [code] = await report(1, 1, '过滤');
    await expect.poll(() => codesIn(all), { timeout: 2000, interval: 20 }).toContain(code);
    expect(onlyKpi.messages).toEqual([]);
  });

  it('tells a client whose last id this database never issued to start over', async () => {
    const stale = await stream(0, { since: (await latestId()) + 1000 });
    await expect.poll(() => stale.resets.length, { timeout: 2000, interval: 20 }).toBe(1);
  });

  it('tells visitors that a person answers an instruction, but not who or where; the leader sees both', async () => {
    const call = async <T>(role: Role, url: string, body?: unknown): Promise<T> => {
      const res = await apps[0]!.app.inject({
        method: body === undefined ? 'GET' : 'POST',
        url,
        payload: body as object,
        headers: { authorization: `Bearer ${await token(role)}` },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json<T>();
    };
    const visitor = await stream(1, { kinds: 'instruction.sent,instruction.status' });
    const leader = await stream(1, { kinds: 'instruction.sent,instruction.status' }, 'leader');
    const { sensor, readings } = await floodingReadings(db.url);
    await call('field', '/api/sensors/readings', { readings });
    const incident = await call<{ code: string }>('leader', '/api/incidents', { sensor, severity: 3 });
    const units = await call<{ ref: string }[]>('leader', `/api/incidents/${incident.code}/units?limit=40`);
    const person = units.find((u) => u.ref.startsWith('person:'))!.ref;
    const sent = await call<{ targets: { id: number; ref: string }[] }>('leader', `/api/incidents/${incident.code}/instructions`, {
      text: '到场协助',
      targets: [person],
    });
    const at = { lng: point.lng, lat: point.lat };
    await call('field', `/api/field/targets/${sent.targets[0]!.id}`, { status: 'acknowledged', ...at });

    await expect.poll(() => leader.messages.length, { timeout: 5000, interval: 20 }).toBe(2);
    await expect.poll(() => visitor.messages.length, { timeout: 5000, interval: 20 }).toBe(2);
    const [lSent, lStatus] = leader.messages;
    expect(lSent!.payload.targets).toEqual([{ id: sent.targets[0]!.id, ref: person }]);
    expect(lStatus!.payload).toMatchObject({ ref: person, status: 'acknowledged', ...at });
    const [vSent, vStatus] = visitor.messages;
    expect(vSent!.payload.targets).toEqual([{ id: sent.targets[0]!.id, ref: 'person' }]);
    expect(vStatus!.payload).toMatchObject({ ref: 'person', status: 'acknowledged', lng: null, lat: null });
    expect(JSON.stringify(visitor.messages)).not.toContain(person);
    expect(visitor.messages.every((m) => !('frame' in m))).toBe(true);
  });

  it('refuses bad parameters with a message', async () => {
    const auth = { authorization: `Bearer ${await token('demo')}` };
    const bad = await apps[0]!.app.inject({ method: 'GET', url: '/api/live?kinds=case.deleted', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/kinds' must be one or more of case\.created/);
    const badId = await apps[0]!.app.inject({ method: 'GET', url: '/api/live', headers: { ...auth, 'last-event-id': 'abc' } });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().message).toMatch(/last-event-id' must be the id of an event/);
  });
});
