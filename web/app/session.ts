// Who is signed in: the token and role, kept in sessionStorage (gone when the tab closes) and
// observable from React. Clearing it (sign-out, or any 401) sends the user back to the login.
import { useSyncExternalStore } from 'react';
import type { Role } from '../../server/contracts/index.ts';

export interface Session {
  token: string;
  role: Role;
  displayName: string;
  expiresAt: string;
}

const STORAGE_KEY = 'xiuhua.session';
/** The wall's own session while the tour has it (参观模式): the leader takes the wall back with it. */
const HANDED_OVER_KEY = 'xiuhua.session.handedOver';
const listeners = new Set<() => void>();

function isSession(v: unknown): v is Session {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return typeof s.token === 'string' && typeof s.role === 'string' && typeof s.displayName === 'string' && typeof s.expiresAt === 'string';
}

function load(key = STORAGE_KEY): Session | null {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    // An expired token would only earn a 401: start at the login instead.
    return isSession(parsed) && Date.parse(parsed.expiresAt) > Date.now() ? parsed : null;
  } catch {
    return null;
  }
}

let current: Session | null = load();

function publish(next: Session | null): void {
  current = next;
  try {
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage blocked: the session lives in memory for this page */
  }
  for (const listener of listeners) listener();
}

export const session = {
  get: (): Session | null => current,
  start: (next: Session): void => publish(next),
  end: (): void => {
    if (current) publish(null);
  },
  /** The tour takes the wall: `visitor` becomes the session, the one signed in now is kept to take back. */
  handOver(visitor: Session): void {
    if (current && current.role !== 'demo') {
      try {
        sessionStorage.setItem(HANDED_OVER_KEY, JSON.stringify(current));
      } catch {
        /* storage blocked: the leader signs in again */
      }
    }
    publish(visitor);
  },
  /** Whether a signed-in user handed the wall to the tour (and can take it back, while unexpired). */
  handedOver: (): boolean => load(HANDED_OVER_KEY) !== null,
  /** The leader takes the wall back: the kept session again, the visitor's gone. False when none is kept. */
  takeBack(): boolean {
    const kept = load(HANDED_OVER_KEY);
    try {
      sessionStorage.removeItem(HANDED_OVER_KEY);
    } catch {
      /* nothing kept */
    }
    if (!kept) return false;
    publish(kept);
    return true;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useSession(): Session | null {
  return useSyncExternalStore(session.subscribe, session.get);
}
