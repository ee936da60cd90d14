// The selection a URL names, and the URL a selection writes.
import { describe, expect, it } from 'vitest';
import { parseSelection, sameSelection, withSelection } from './selection.ts';

describe('selection in the URL', () => {
  it('names an alley by id or QR slug, or a grid cell by its 14-digit code', () => {
    expect(parseSelection('?alley=a110101001-0001')).toEqual({ kind: 'alley', idOrSlug: 'a110101001-0001' });
    expect(parseSelection('?alley=42')).toEqual({ kind: 'alley', idOrSlug: '42' });
    expect(parseSelection('?cell=11010100100101')).toEqual({ kind: 'cell', code: '11010100100101' });
  });

  it('names a case or a sensor by its code', () => {
    expect(parseSelection('?case=AJ2026112301339')).toEqual({ kind: 'case', code: 'AJ2026112301339' });
    expect(parseSelection('?sensor=WL-0012')).toEqual({ kind: 'sensor', code: 'WL-0012' });
    expect(withSelection('?mode=emergency&cell=11010100100101', { kind: 'case', code: 'AJ1' })).toBe('?mode=emergency&case=AJ1');
    expect(parseSelection('?case=a%20b')).toBeNull();
  });

  it('ignores values the API would refuse', () => {
    expect(parseSelection('?alley=Robert%27);DROP')).toBeNull();
    expect(parseSelection('?cell=1101')).toBeNull();
    expect(parseSelection('')).toBeNull();
  });

  it('writes one selection and keeps other parameters', () => {
    expect(withSelection('?lang=en&cell=11010100100101', { kind: 'alley', idOrSlug: '7' })).toBe('?lang=en&alley=7');
    expect(withSelection('?alley=7', null)).toBe('');
    expect(parseSelection(withSelection('', { kind: 'cell', code: '11010200100101' }))).toEqual({ kind: 'cell', code: '11010200100101' });
  });

  it('compares selections by what they name', () => {
    expect(sameSelection({ kind: 'cell', code: '1' }, { kind: 'cell', code: '1' })).toBe(true);
    expect(sameSelection({ kind: 'cell', code: '1' }, { kind: 'alley', idOrSlug: '1' })).toBe(false);
    expect(sameSelection({ kind: 'case', code: 'AJ1' }, { kind: 'sensor', code: 'AJ1' })).toBe(false);
    expect(sameSelection(null, null)).toBe(true);
  });
});
