// Handling deadlines (处置时限): time limits count clock hours/days or working hours/days.
// Working time is Monday–Friday 09:00–18:00 Beijing time (UTC+8 all year, no daylight saving);
// public holidays and make-up working days are not modelled (a known simplification, see README).
import { DAY, HOUR, BEIJING_OFFSET_MS as OFFSET } from './beijing.ts';

export type LimitUnit = 'hour' | 'working_hour' | 'day' | 'working_day';

const WORK_START_H = 9;
const WORK_END_H = 18;
export const WORKING_HOURS_PER_DAY = WORK_END_H - WORK_START_H;

function isWorkingDay(localDayStart: number): boolean {
  const dow = new Date(localDayStart).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** Adds `hours` of working time to `start`: the clock only runs inside working hours. */
function addWorkingHours(start: Date, hours: number): Date {
  let local = start.getTime() + OFFSET; // Beijing wall-clock time, expressed as a UTC instant
  let remaining = hours * HOUR;
  for (let guard = 0; guard < 10_000; guard++) {
    const dayStart = Math.floor(local / DAY) * DAY;
    const open = dayStart + WORK_START_H * HOUR;
    const close = dayStart + WORK_END_H * HOUR;
    if (!isWorkingDay(dayStart) || local >= close) {
      local = dayStart + DAY + WORK_START_H * HOUR;
      continue;
    }
    if (local < open) local = open;
    const available = close - local;
    if (remaining <= available) return new Date(local + remaining - OFFSET);
    remaining -= available;
    local = dayStart + DAY + WORK_START_H * HOUR;
  }
  throw new Error(`working-time limit of ${hours} h is out of range`);
}

/** The moment a case filed at `start` with this time limit falls due. */
export function deadlineFrom(start: Date, limit: number, unit: LimitUnit): Date {
  if (!(limit > 0)) throw new Error(`time limit must be positive, got ${limit}`);
  switch (unit) {
    case 'hour':
      return new Date(start.getTime() + limit * HOUR);
    case 'day':
      return new Date(start.getTime() + limit * DAY);
    case 'working_hour':
      return addWorkingHours(start, limit);
    case 'working_day':
      return addWorkingHours(start, limit * WORKING_HOURS_PER_DAY);
  }
}
