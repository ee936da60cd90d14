// What the side panel shows, kept in the URL (?alley=<id or QR slug>, ?cell=<14-digit code>,
// ?case=<code> or ?sensor=<code>) so a
// view can be linked, reloaded or put on the wall as it is, and the back button closes the panel.
import { useCallback } from 'react';
import { navigate, useSearch } from './url.ts';

export type Selection =
  | { kind: 'alley'; idOrSlug: string }
  | { kind: 'cell'; code: string }
  | { kind: 'case'; code: string }
  | { kind: 'sensor'; code: string };

// The same shapes the API accepts; anything else in the URL is ignored rather than sent.
const ALLEY = /^[a-z0-9-]{1,80}$/;
const CELL = /^[0-9]{14}$/;
const CODE = /^[A-Za-z0-9-]{1,40}$/;

export function parseSelection(search: string): Selection | null {
  const params = new URLSearchParams(search);
  const alley = params.get('alley');
  if (alley !== null && ALLEY.test(alley)) return { kind: 'alley', idOrSlug: alley };
  const cell = params.get('cell');
  if (cell !== null && CELL.test(cell)) return { kind: 'cell', code: cell };
  for (const kind of ['case', 'sensor'] as const) {
    const code = params.get(kind);
    if (code !== null && CODE.test(code)) return { kind, code };
  }
  return null;
}

/** The search string for `selection`, keeping any other parameters of `search`. */
export function withSelection(search: string, selection: Selection | null): string {
  const params = new URLSearchParams(search);
  params.delete('alley');
  params.delete('cell');
  params.delete('case');
  params.delete('sensor');
  if (selection?.kind === 'alley') params.set('alley', selection.idOrSlug);
  else if (selection) params.set(selection.kind, selection.code);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function sameSelection(a: Selection | null, b: Selection | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'alley' && b.kind === 'alley') return a.idOrSlug === b.idOrSlug;
  if (a.kind === 'alley' || b.kind === 'alley') return false;
  return a.kind === b.kind && a.code === b.code;
}

let cached: { search: string; selection: Selection | null } = { search: '', selection: null };

/** The parsed selection, the same object while the search string is unchanged. */
function current(search: string): Selection | null {
  if (search !== cached.search) cached = { search, selection: parseSelection(search) };
  return cached.selection;
}

export function useSelection(): [Selection | null, (next: Selection | null) => void] {
  const selection = useSearch(current);
  const select = useCallback((next: Selection | null) => {
    if (!sameSelection(current(window.location.search), next)) navigate(withSelection(window.location.search, next));
  }, []);
  return [selection, select];
}
