// Stateless sign-in tokens: base64url(JSON payload) "." base64url(HMAC-SHA256(payload, secret)).
// Any server process holding the shared secret can verify a token without a session store.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from '../contracts/common.ts';
import { ROLES } from '../contracts/common.ts';

export interface TokenPayload {
  /** account id (0 for a demo token issued without an account row) */
  sub: number;
  username: string;
  role: Role;
  name: string;
  /** expiry, seconds since the epoch */
  exp: number;
}

export type Verified = { ok: true; payload: TokenPayload } | { ok: false; reason: 'malformed' | 'signature' | 'expired'; expiredAt?: Date };

function mac(body: string, secret: Buffer): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function signToken(payload: TokenPayload, secret: Buffer): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body, secret).toString('base64url')}`;
}

function isPayload(v: unknown): v is TokenPayload {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    Number.isInteger(p.sub) &&
    typeof p.username === 'string' &&
    typeof p.name === 'string' &&
    Number.isFinite(p.exp) &&
    (ROLES as readonly unknown[]).includes(p.role)
  );
}

export function verifyToken(token: string, secret: Buffer, now = Date.now()): Verified {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const [body, sig] = parts as [string, string];
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(body, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isPayload(payload)) return { ok: false, reason: 'malformed' };
  if (payload.exp * 1000 <= now) return { ok: false, reason: 'expired', expiredAt: new Date(payload.exp * 1000) };
  return { ok: true, payload };
}
