// The page's address as the one store of what is shown (the mode, the incident, the drawer): every
// change goes through `navigate`, one history entry each, and every reader hears it — including the
// back button's.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
// the back button's, and those the router (wouter) dispatches when it moves between pages
const HISTORY_EVENTS = ['popstate', 'pushState', 'replaceState'] as const;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  for (const name of HISTORY_EVENTS) window.addEventListener(name, listener);
  return () => {
    listeners.delete(listener);
    for (const name of HISTORY_EVENTS) window.removeEventListener(name, listener);
  };
}

/** `search` with `name` set to `value`, or removed when null; other parameters kept. */
export function withParam(search: string, name: string, value: string | null): string {
  const params = new URLSearchParams(search);
  if (value === null) params.delete(name);
  else params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Goes to this search string (a new history entry), unless it is the current one. */
export function navigate(search: string): void {
  if (search === window.location.search) return;
  window.history.pushState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
  for (const listener of listeners) listener();
}

/** Like navigate, without a history entry: a page that moves on by itself (the tour) leaves no trail of them. */
export function replaceSearch(search: string): void {
  if (search === window.location.search) return;
  window.history.replaceState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
  for (const listener of listeners) listener();
}

/** What `read` makes of the current search string, re-read on every navigation. `read` must give
 * equal-by-identity results for an unchanged search (return primitives, or cache). */
export function useSearch<T>(read: (search: string) => T): T {
  return useSyncExternalStore(subscribe, () => read(window.location.search));
}
