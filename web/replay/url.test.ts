// The replay's address: a deep link parses back to the replay it was made from; anything malformed is live.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEED, fromKey, parseReplay, replayKey, withReplay } from './url.ts';

const START = Date.parse('2026-07-21T06:00:00Z');
const CLOCK = Date.parse('2026-07-21T08:30:00.500Z');

describe('replay URL state', () => {
  it('writes a replay into the address and reads the same replay back, other parameters kept', () => {
    const search = withReplay('?mode=emergency', { start: START, speed: 600, clock: CLOCK });
    expect(search).toBe('?mode=emergency&replay=2026-07-21T06%3A00%3A00.000Z&speed=600&t=2026-07-21T08%3A30%3A00.500Z');
    expect(parseReplay(search)).toEqual({ start: START, speed: 600, clock: CLOCK });
    expect(fromKey(replayKey(search))).toEqual({ start: START, speed: 600, clock: CLOCK });
  });

  // an offset's + arrives encoded (%2B): a bare + in a query is a space
  it('plays (no clock) without t, at the default speed without speed', () => {
    expect(parseReplay('?replay=2026-07-21T06:00:00Z')).toEqual({ start: START, speed: DEFAULT_SPEED, clock: null });
    expect(parseReplay('?replay=2026-07-21T14:00%2B08:00&speed=3600')).toEqual({ start: START, speed: 3600, clock: null });
  });

  it('leaving replay drops every replay parameter and keeps the rest', () => {
    expect(withReplay('?replay=2026-07-21T06:00:00Z&speed=60&t=2026-07-21T07:00:00Z&lang=en', null)).toBe('?lang=en');
    expect(withReplay('?replay=x', null)).toBe('');
  });

  it.each([
    ['', 'no replay'],
    ['?replay=', 'an empty start'],
    ['?replay=yesterday', 'a word'],
    ['?replay=2026-07-21', 'a date without time or zone'],
    ['?replay=2026-07-21T06:00:00', 'a time without zone'],
    ['?replay=2026-13-45T06:00:00Z', 'no such day'],
    ['?replay=2026-07-21T06:00:00Z&speed=0', 'speed 0'],
    ['?replay=2026-07-21T06:00:00Z&speed=-10', 'a negative speed'],
    ['?replay=2026-07-21T06:00:00Z&speed=1e9', 'speed in exponent form'],
    ['?replay=2026-07-21T06:00:00Z&speed=100000', 'a speed over a day a second'],
    ['?replay=2026-07-21T06:00:00Z&t=soon', 'a clock that does not parse'],
  ])('%s (%s) is live', (search) => {
    expect(parseReplay(search)).toBeNull();
    expect(replayKey(search)).toBe('');
  });
});
