// Beijing time, once: the city's calendar (days, months, hours, weekdays) for the server, the seed and
// the simulator. Beijing has kept UTC+8 all year since 1991 (no daylight saving), so local time is a
// fixed shift and every helper here is plain arithmetic. SQL sessions use the same zone by name
// (server/db/pool.ts sets CITY_TIME_ZONE), so "today" means the same day in TypeScript and in SQL.
export { CITY_TIME_ZONE } from '../contracts/constants.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Beijing wall-clock time minus UTC, in milliseconds. */
export const BEIJING_OFFSET_MS = 8 * HOUR;
/** The same offset as ISO 8601 writes it: a time without an offset in our API is a Beijing time. */
export const BEIJING_OFFSET = '+08:00';

export interface BeijingFields {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0 = 1 January */
  dayOfYear: number;
  /** hour of the day with its fraction, 0 ≤ hour < 24 (minutes included, seconds not) */
  hour: number;
  /** 0 = Sunday … 6 = Saturday */
  dow: number;
}

/** Beijing calendar fields of an instant (ms since the epoch). */
export function beijing(t: number): BeijingFields {
  const d = new Date(t + BEIJING_OFFSET_MS);
  const dayOfYear = Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    dayOfYear,
    hour: d.getUTCHours() + d.getUTCMinutes() / 60,
    dow: d.getUTCDay(),
  };
}

/** Start (ms since the epoch) of the Beijing day holding t: Beijing midnight at or before t. */
export function beijingDayStart(t: number): number {
  return Math.floor((t + BEIJING_OFFSET_MS) / DAY) * DAY - BEIJING_OFFSET_MS;
}

/** The Beijing calendar date of an instant, 2026-11-23. */
export function beijingDate(at: Date | number): string {
  return new Date(+at + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Beijing calendar date as case codes number it, 20261123. */
export function beijingDateCompact(at: Date | number): string {
  return beijingDate(at).replaceAll('-', '');
}

/** The Beijing calendar month of an instant, 2026-11. */
export function beijingMonth(at: Date | number): string {
  return beijingDate(at).slice(0, 7);
}

/** A Beijing month (2026-11) as the instants it starts and the next one starts. */
export function monthBounds(month: string): { start: Date; stop: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: new Date(Date.UTC(y, m - 1, 1) - BEIJING_OFFSET_MS), stop: new Date(Date.UTC(y, m, 1) - BEIJING_OFFSET_MS) };
}

/** The instant a Beijing date (2026-11-23) begins. */
export function beijingMidnight(date: string): Date {
  return new Date(`${date}T00:00:00${BEIJING_OFFSET}`);
}
