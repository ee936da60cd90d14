// Deadlines in clock and working time (Beijing, Monday–Friday 09:00–18:00).
import { describe, expect, it } from 'vitest';
import { deadlineFrom } from './worktime.ts';

const at = (s: string) => new Date(s);

describe('deadlines', () => {
  it('counts clock hours and days straight through nights and weekends', () => {
    expect(deadlineFrom(at('2026-11-20T17:00:00+08:00'), 4, 'hour')).toEqual(at('2026-11-20T21:00:00+08:00'));
    expect(deadlineFrom(at('2026-11-20T17:00:00+08:00'), 7, 'day')).toEqual(at('2026-11-27T17:00:00+08:00'));
  });

  it('stops the clock outside working hours', () => {
    // Friday 17:00 + 2 working hours → Monday 10:00
    expect(deadlineFrom(at('2026-11-20T17:00:00+08:00'), 2, 'working_hour')).toEqual(at('2026-11-23T10:00:00+08:00'));
    // reported Saturday night: the clock starts Monday 09:00
    expect(deadlineFrom(at('2026-11-21T22:00:00+08:00'), 4, 'working_hour')).toEqual(at('2026-11-23T13:00:00+08:00'));
    // Wednesday 08:00 + 1 working day → Wednesday 18:00
    expect(deadlineFrom(at('2026-11-18T08:00:00+08:00'), 1, 'working_day')).toEqual(at('2026-11-18T18:00:00+08:00'));
    // Thursday 12:00 + 3 working days → Tuesday 12:00
    expect(deadlineFrom(at('2026-11-19T12:00:00+08:00'), 3, 'working_day')).toEqual(at('2026-11-24T12:00:00+08:00'));
  });

  it('refuses a non-positive limit', () => {
    expect(() => deadlineFrom(at('2026-11-20T09:00:00+08:00'), 0, 'hour')).toThrow(/positive/);
  });
});
