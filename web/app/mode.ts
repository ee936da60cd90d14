// The cockpit's mode, kept in the URL (?mode=emergency) so the wall can be put straight into
// emergency command (应急指挥模式) by its address, and the back button returns to normal.
import { useCallback, useSyncExternalStore } from 'react';

export type Mode = 'normal' | 'emergency';

export function parseMode(search: string): Mode {
  return new URLSearchParams(search).get('mode') === 'emergency' ? 'emergency' : 'normal';
}

export function withMode(search: string, mode: Mode): string {
  const params = new URLSearchParams(search);
  if (mode === 'emergency') params.set('mode', 'emergency');
  else params.delete('mode');
  const text = params.toString();
  return text ? `?${text}` : '';
}

const listeners = new Set<() => void>();
const current = () => parseMode(window.location.search);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function useMode(): [Mode, (next: Mode) => void] {
  const mode = useSyncExternalStore(subscribe, current);
  const setMode = useCallback((next: Mode) => {
    if (current() === next) return;
    window.history.pushState(null, '', `${window.location.pathname}${withMode(window.location.search, next)}${window.location.hash}`);
    for (const listener of listeners) listener();
  }, []);
  return [mode, setMode];
}
