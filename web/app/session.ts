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
const listeners = new Set<() => void>();

function isSession(v: unknown): v is Session {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return typeof s.token === 'string' && typeof s.role === 'string' && typeof s.displayName === 'string' && typeof s.expiresAt === 'string';
}

function load(): Session | null {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
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
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useSession(): Session | null {
  return useSyncExternalStore(session.subscribe, session.get);
}
