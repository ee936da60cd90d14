// The cockpit's mode and the incident it commands, kept in the URL (?mode=emergency&incident=YJ…) so
// the wall can be put straight into emergency command (应急指挥模式) by its address, and the back
// button returns to normal.
import { useCallback, useSyncExternalStore } from 'react';

export type Mode = 'normal' | 'emergency';

export function parseMode(search: string): Mode {
  return new URLSearchParams(search).get('mode') === 'emergency' ? 'emergency' : 'normal';
}

export function withMode(search: string, mode: Mode): string {
  return withParam(search, 'mode', mode === 'emergency' ? 'emergency' : null);
}

/** `search` with `name` set to `value`, or removed when null; other parameters kept. */
export function withParam(search: string, name: string, value: string | null): string {
  const params = new URLSearchParams(search);
  if (value === null) params.delete(name);
  else params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function navigate(search: string): void {
  if (search === window.location.search || (search === '' && window.location.search === '')) return;
  window.history.pushState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
  for (const listener of listeners) listener();
}

export function useMode(): [Mode, (next: Mode) => void] {
  const mode = useSyncExternalStore(subscribe, () => parseMode(window.location.search));
  const setMode = useCallback((next: Mode) => navigate(withMode(window.location.search, next)), []);
  return [mode, setMode];
}

const INCIDENT = /^[A-Za-z0-9-]{1,40}$/;

/** Into emergency mode on this incident, as one step of the browser's history. */
export function enterEmergency(code: string): void {
  navigate(withParam(withMode(window.location.search, 'emergency'), 'incident', code));
}

/** The incident emergency mode shows (?incident=…), or null to show the newest open one. */
export function useIncidentParam(): [string | null, (code: string | null) => void] {
  const code = useSyncExternalStore(subscribe, () => {
    const value = new URLSearchParams(window.location.search).get('incident');
    return value !== null && INCIDENT.test(value) ? value : null;
  });
  const set = useCallback((next: string | null) => navigate(withParam(window.location.search, 'incident', next)), []);
  return [code, set];
}
