// The cockpit's mode and the incident it commands, kept in the URL (?mode=emergency&incident=YJ…) so
// the wall can be put straight into emergency command (应急指挥模式) by its address, and the back
// button returns to normal.
import { useCallback } from 'react';
import { navigate, useSearch, withParam } from './url.ts';

export type Mode = 'normal' | 'emergency';

export function parseMode(search: string): Mode {
  return new URLSearchParams(search).get('mode') === 'emergency' ? 'emergency' : 'normal';
}

export function withMode(search: string, mode: Mode): string {
  return withParam(search, 'mode', mode === 'emergency' ? 'emergency' : null);
}

export function useMode(): [Mode, (next: Mode) => void] {
  const mode = useSearch(parseMode);
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
  const code = useSearch((search) => {
    const value = new URLSearchParams(search).get('incident');
    return value !== null && INCIDENT.test(value) ? value : null;
  });
  const set = useCallback((next: string | null) => navigate(withParam(window.location.search, 'incident', next)), []);
  return [code, set];
}
