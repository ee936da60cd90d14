// The mode a URL names, and the URL a mode writes.
import { describe, expect, it } from 'vitest';
import { parseMode, withMode } from './mode.ts';
import { withParam } from './url.ts';

describe('cockpit mode in the URL', () => {
  it('is emergency only when the URL says so', () => {
    expect(parseMode('?mode=emergency')).toBe('emergency');
    expect(parseMode('?mode=other')).toBe('normal');
    expect(parseMode('')).toBe('normal');
  });

  it('keeps the other parameters when switching', () => {
    expect(withMode('?cell=11010100100101', 'emergency')).toBe('?cell=11010100100101&mode=emergency');
    expect(withMode('?mode=emergency&cell=1', 'normal')).toBe('?cell=1');
    expect(withMode('?mode=emergency', 'normal')).toBe('');
  });

  it('sets and removes one parameter', () => {
    expect(withParam('?mode=emergency', 'incident', 'YJ20261123001')).toBe('?mode=emergency&incident=YJ20261123001');
    expect(withParam('?mode=emergency&incident=YJ1', 'incident', null)).toBe('?mode=emergency');
  });
});
