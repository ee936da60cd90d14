// Sign-in tokens: valid only as signed, with this secret, until they expire.
import { describe, expect, it } from 'vitest';
import { signToken, type TokenPayload, verifyToken } from './tokens.ts';

const secret = Buffer.alloc(32, 1);
const now = Date.UTC(2026, 5, 1);
const payload: TokenPayload = { sub: 7, username: 'dispatcher', role: 'dispatcher', name: '调度员', exp: now / 1000 + 3600 };

describe('tokens', () => {
  it('verifies what it signed', () => {
    expect(verifyToken(signToken(payload, secret), secret, now)).toEqual({ ok: true, payload });
  });

  it('refuses another secret, an edited payload and garbage', () => {
    const token = signToken(payload, secret);
    expect(verifyToken(token, Buffer.alloc(32, 2), now)).toMatchObject({ ok: false, reason: 'signature' });
    const [, sig] = token.split('.');
    const edited = Buffer.from(JSON.stringify({ ...payload, role: 'leader' })).toString('base64url');
    expect(verifyToken(`${edited}.${sig}`, secret, now)).toMatchObject({ ok: false, reason: 'signature' });
    for (const junk of ['', 'a', 'a.b.c', '.x', 'x.']) expect(verifyToken(junk, secret, now).ok).toBe(false);
  });

  it('refuses a signed payload that is not a token (unknown role)', () => {
    const token = signToken({ ...payload, role: 'mayor' as TokenPayload['role'] }, secret);
    expect(verifyToken(token, secret, now)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('expires at exp and says when', () => {
    const token = signToken(payload, secret);
    expect(verifyToken(token, secret, payload.exp * 1000 - 1).ok).toBe(true);
    expect(verifyToken(token, secret, payload.exp * 1000)).toEqual({
      ok: false,
      reason: 'expired',
      expiredAt: new Date(payload.exp * 1000),
    });
  });
});
