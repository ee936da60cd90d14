// Keyset cursors: what the API issues it reads back exactly; anything else is not a cursor.
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';

describe('case list cursors', () => {
  it('round-trips a row key to the microsecond', () => {
    const key = { reportedUs: 1_795_446_800_123_456, id: 420_000 };
    const text = encodeCursor(key);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(key);
  });

  it('reads anything it did not issue as no cursor', () => {
    for (const text of [
      '',
      'abc',
      Buffer.from('12:x').toString('base64url'),
      Buffer.from('1:2:3').toString('base64url'),
      Buffer.from('99999999999999999:1').toString('base64url'),
    ]) {
      expect(decodeCursor(text), text).toBeNull();
    }
  });
});
