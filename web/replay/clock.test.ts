// The replay clock: speed × wall time from play, steps by speed, never outside the recorded history;
// the date-time picker speaks Beijing wall time.
import { describe, expect, it } from 'vitest';
import { clockAt, fromLocalInput, stepOf, stepped, toLocalInput } from './clock.ts';

const bounds = { first: 1_000_000, last: 10_000_000 };

describe('replay clock', () => {
  it('advances speed replay-ms per wall-ms from the moment play was pressed', () => {
    const run = { from: 2_000_000, wallAt: 500, speed: 600 };
    expect(clockAt(run, 500, bounds)).toBe(2_000_000);
    expect(clockAt(run, 1500, bounds)).toBe(2_600_000);
    expect(clockAt(run, 400, bounds)).toBe(2_000_000); // a wall clock before play: no running backwards
  });

  it('stops at the end of the history and never starts before it', () => {
    expect(clockAt({ from: 9_000_000, wallAt: 0, speed: 3600 }, 10_000, bounds)).toBe(10_000_000);
    expect(clockAt({ from: 0, wallAt: 0, speed: 1 }, 0, bounds)).toBe(1_000_000);
  });

  it('steps a minute, ten minutes or an hour by speed, within the history', () => {
    expect([1, 10, 60, 600, 3600, 7200].map(stepOf)).toEqual([60_000, 60_000, 60_000, 600_000, 3_600_000, 3_600_000]);
    expect(stepped(5_000_000, 600, 1, bounds)).toBe(5_600_000);
    expect(stepped(5_000_000, 600, -1, bounds)).toBe(4_400_000);
    expect(stepped(9_900_000, 3600, 1, bounds)).toBe(10_000_000);
    expect(stepped(1_100_000, 3600, -1, bounds)).toBe(1_000_000);
  });

  it('shows and reads the picker in Beijing time', () => {
    const at = Date.parse('2026-07-21T06:00:00Z');
    expect(toLocalInput(at)).toBe('2026-07-21T14:00');
    expect(fromLocalInput('2026-07-21T14:00')).toBe(at);
    expect(fromLocalInput('2026-07-21')).toBeNull();
    expect(fromLocalInput('')).toBeNull();
  });
});
