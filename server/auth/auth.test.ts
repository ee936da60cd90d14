// Signing in as the seeded accounts: tokens that work on every route and every server process on the
// database, and 401s that say what to do.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { ROLES } from '../contracts/common.ts';
import { signToken } from './tokens.ts';

const secret = randomBytes(32);
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ tokenSecret: secret });
});
afterAll(() => t.close());

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });

describe('POST /api/auth/login', () => {
  it('signs in every seeded account with its role, and the token says who it is', async () => {
    for (const role of ROLES) {
      const res = await login(role, `xiuhua-${role}`);
      expect(res.statusCode, role).toBe(200);
      const answer = res.json();
      expect(answer.role).toBe(role);
      expect(answer.displayName).toBeTruthy();
      expect(Date.parse(answer.expiresAt)).toBeGreaterThan(Date.now());
      const who = await me(answer.token);
      expect(who.statusCode).toBe(200);
      expect(who.json()).toMatchObject({ username: role, role, displayName: answer.displayName });
    }
  });

  it('answers a wrong password and an unknown user alike: 401 "wrong username or password"', async () => {
    for (const [username, password] of [
      ['leader', 'xiuhua-planner'],
      ['nobody', 'xiuhua-nobody'],
    ]) {
      const res = await login(username!, password!);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'wrong username or password' });
    }
  });

  it('answers a missing field or a body that is not JSON with a 400 saying so', async () => {
    const missing = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leader' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toBe("body field 'password' is required");
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().message).toMatch(/not valid JSON/);
  });
});

describe('POST /api/auth/demo', () => {
  it('gives anyone a demo token that opens the read APIs', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/demo' });
    expect(res.statusCode).toBe(200);
    const { token, role } = res.json();
    expect(role).toBe('demo');
    const cases = await t.app.inject({ method: 'GET', url: '/api/cases?limit=1', headers: { authorization: `Bearer ${token}` } });
    expect(cases.statusCode).toBe(200);
  });
});

describe('tokens', () => {
  it('refuses a request without a token, saying how to get one', async () => {
    const res = await t.get('/api/cases');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json().message).toMatch(/POST \/api\/auth\/login.*POST \/api\/auth\/demo/);
  });

  it('refuses a tampered, a foreign and an expired token, and a header that is not Bearer', async () => {
    const { token } = (await login('planner', 'xiuhua-planner')).json();
    const [body, sig] = token.split('.');
    const promoted = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), role: 'leader' })).toString(
      'base64url',
    );
    expect((await me(`${promoted}.${sig}`)).json().message).toMatch(/^the token is not valid/);
    const foreign = signToken({ sub: 1, username: 'leader', role: 'leader', name: 'x', exp: Date.now() / 1000 + 60 }, randomBytes(32));
    expect((await me(foreign)).statusCode).toBe(401);
    const expired = signToken({ sub: 1, username: 'leader', role: 'leader', name: 'x', exp: Math.floor(Date.now() / 1000) - 60 }, secret);
    const res = await me(expired);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/^the token expired at \d{4}-/);
    const basic = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Basic bGVhZGVyOng=' } });
    expect(basic.statusCode).toBe(401);
    expect(basic.json().message).toBe('the Authorization header must be "Bearer <token>"');
  });
});

describe('several server processes on one database', () => {
  it("accept each other's tokens (the secret lives in the database)", async () => {
    const a = await buildTestApp({ database: 'fresh' });
    const second = await buildApp({ config: { ...loadConfig(a.url), logLevel: 'silent', poolSize: 2 } });
    try {
      const { token } = (
        await a.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'field', password: 'xiuhua-field' } })
      ).json();
      const res = await second.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      expect(res.json().role).toBe('field');
    } finally {
      await second.close();
      await a.close();
    }
  });
});
