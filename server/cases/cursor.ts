// Keyset pagination cursors for the case list: the last row's (reported_at, id), opaque to clients.
// reported_at travels as integer microseconds since the epoch so no precision is lost on the way.

export interface CaseCursor {
  reportedUs: number;
  id: number;
}

export function encodeCursor(c: CaseCursor): string {
  return Buffer.from(`${c.reportedUs}:${c.id}`).toString('base64url');
}

/** The cursor, or null when the text is not one this API issued. */
export function decodeCursor(text: string): CaseCursor | null {
  const m = /^(-?\d{1,16}):(\d{1,16})$/.exec(Buffer.from(text, 'base64url').toString('latin1'));
  if (!m) return null;
  const c = { reportedUs: Number(m[1]), id: Number(m[2]) };
  return Number.isSafeInteger(c.reportedUs) && Number.isSafeInteger(c.id) ? c : null;
}
