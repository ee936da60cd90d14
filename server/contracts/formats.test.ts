// The parameter formats users type: ISO dates and date-times read as Beijing time, bounding boxes.
import { describe, expect, it } from 'vitest';
import { instantOf, isDateOrDateTime, parseBbox } from './formats.ts';

describe('isDateOrDateTime', () => {
  it.each([
    '2026-06-01',
    '2024-02-29',
    '2026-06-01T08:30',
    '2026-06-01T08:30:15',
    '2026-06-01 08:30:15.123456',
    '2026-06-01T08:30:00Z',
    '2026-06-01T08:30:00+08:00',
    '2026-06-01T08:30:00-0330',
  ])('accepts %s', (text) => {
    expect(isDateOrDateTime(text)).toBe(true);
  });
  it.each([
    'yesterday',
    '',
    '2026-6-1',
    '2026-02-29',
    '2026-13-01',
    '2026-06-31',
    '2026-06-01T24:00',
    '2026-06-01T08:60',
    '2026-06-01T08:30:00+15:00',
    '2026-06-01T08:30:00.1234567',
    '20260601',
    '2026-06-01T',
  ])('refuses %s', (text) => {
    expect(isDateOrDateTime(text)).toBe(false);
  });
});

describe('instantOf', () => {
  it('reads a date as the start of that day in Beijing, or the start of the next with endOfDay', () => {
    expect(instantOf('2026-06-01').toISOString()).toBe('2026-05-31T16:00:00.000Z');
    expect(instantOf('2026-06-30', true).toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(instantOf('2026-12-31', true).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('reads a date-time without an offset as Beijing wall-clock time, and honours a given offset', () => {
    expect(instantOf('2026-06-01T08:30').toISOString()).toBe('2026-06-01T00:30:00.000Z');
    expect(instantOf('2026-06-01 08:30:00').toISOString()).toBe('2026-06-01T00:30:00.000Z');
    expect(instantOf('2026-06-01T08:30:00Z').toISOString()).toBe('2026-06-01T08:30:00.000Z');
    expect(instantOf('2026-06-01T08:30:00-0330').toISOString()).toBe('2026-06-01T12:00:00.000Z');
    // endOfDay only ever applies to a date alone
    expect(instantOf('2026-06-01T08:30', true).toISOString()).toBe('2026-06-01T00:30:00.000Z');
  });
});

describe('parseBbox', () => {
  it('reads four numbers as minLng,minLat,maxLng,maxLat', () => {
    expect(parseBbox('116.35,39.90,116.40,39.94')).toEqual([116.35, 39.9, 116.4, 39.94]);
    expect(parseBbox(' -1.5, -2 ,3,4')).toEqual([-1.5, -2, 3, 4]);
  });
  it.each([
    '116.35,39.90,116.40',
    '116.40,39.90,116.35,39.94',
    '116.35,39.94,116.40,39.90',
    '116.35,39.90,116.35,39.94',
    'a,b,c,d',
    '1e2,0,1e3,1',
    '-181,0,0,1',
    '0,-91,1,0',
    '116.35,39.90,116.40,39.94,1',
    '',
  ])('refuses %s', (text) => {
    expect(parseBbox(text)).toBeNull();
  });
});
