// The string formats our parameters use, as pure functions: Ajv validates requests with them and
// the routes parse with them, so "valid" means the same thing in both places.
import { BEIJING_OFFSET, DAY } from '../domain/beijing.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** An ISO 8601 calendar date, or a date-time with optional seconds, fraction and offset. */
export function isDateOrDateTime(text: string): boolean {
  const date = DATE.exec(text);
  if (date) return validDay(Number(date[1]), Number(date[2]), Number(date[3]));
  const dt = DATE_TIME.exec(text);
  if (!dt) return false;
  const [, y, mo, d, h, mi, s = '0', , offset] = dt;
  if (!validDay(Number(y), Number(mo), Number(d))) return false;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return false;
  if (offset && !/^z$/i.test(offset)) {
    const digits = offset.replace(':', '');
    if (Number(digits.slice(1, 3)) > 14 || Number(digits.slice(3, 5)) > 59) return false;
  }
  return true;
}

/** True for a date without a time: "to=2025-06-30" then means up to the end of that day. */
export function isDateOnly(text: string): boolean {
  return DATE.test(text);
}

export type BboxValue = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/** "minLng,minLat,maxLng,maxLat" → numbers, or null when it is not a box on the WGS84 globe. */
export function parseBbox(text: string): BboxValue | null {
  const parts = text.split(',');
  if (parts.length !== 4) return null;
  if (!parts.every((p) => /^\s*-?\d+(\.\d+)?\s*$/.test(p))) return null;
  const [minLng, minLat, maxLng, maxLat] = parts.map(Number) as BboxValue;
  if (minLng < -180 || maxLng > 180 || minLat < -90 || maxLat > 90) return null;
  if (!(minLng < maxLng && minLat < maxLat)) return null;
  return [minLng, minLat, maxLng, maxLat];
}

/** The custom formats, in the shape Ajv's `formats` option takes. */
export const ajvFormats = {
  'date-or-date-time': { type: 'string', validate: isDateOrDateTime },
  bbox: { type: 'string', validate: (text: string) => parseBbox(text) !== null },
} as const;

/**
 * The instant a valid date-or-date-time names; without an offset it is a Beijing wall-clock time. A date alone means its first moment in Beijing,
 * or with `endOfDay` the first moment of the next day (so "to=2025-06-30" includes June 30).
 */
export function instantOf(text: string, endOfDay = false): Date {
  if (isDateOnly(text)) {
    const start = new Date(`${text}T00:00:00${BEIJING_OFFSET}`);
    return endOfDay ? new Date(start.getTime() + DAY) : start;
  }
  let t = text.replace(' ', 'T');
  const offset = /(Z|[+-]\d{2}:?\d{2})$/i.exec(t);
  if (!offset) t += BEIJING_OFFSET;
  else if (!offset[1]!.includes(':') && !/^z$/i.test(offset[1]!)) t = `${t.slice(0, -2)}:${t.slice(-2)}`;
  return new Date(t);
}
