// The planner's address: presets, months and seasons as Beijing days, and a view surviving a round trip.
import { describe, expect, it } from 'vitest';
import { nextMonday, parseView, rangeDays, rangePatch, recentSeasons, withParams } from './view.ts';

// 2026-12-03 09:00 Beijing (a Thursday)
const NOW = Date.parse('2026-12-03T01:00:00Z');

describe('the planner view', () => {
  it('presets end today (Beijing) and include it', () => {
    expect(rangeDays('7d', NOW)).toEqual({ from: '2026-11-27', to: '2026-12-03' });
    expect(rangeDays('90d', NOW)).toEqual({ from: '2026-09-05', to: '2026-12-03' });
    // 23:30 UTC is already the next Beijing day
    expect(rangeDays('7d', Date.parse('2026-12-03T23:30:00Z'))!.to).toBe('2026-12-04');
  });

  it('a month and a season are their whole days, never past today', () => {
    expect(rangeDays('month:2026-02', NOW)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(rangeDays('month:2026-12', NOW)).toEqual({ from: '2026-12-01', to: '2026-12-03' });
    expect(rangeDays('season:2025-winter', NOW)).toEqual({ from: '2025-12-01', to: '2026-02-28' });
    expect(rangeDays('season:2026-summer', NOW)).toEqual({ from: '2026-06-01', to: '2026-08-31' });
    expect(rangeDays('season:2027-spring', NOW)).toBeNull();
    expect(recentSeasons(NOW, 3)).toEqual(['2026-winter', '2026-autumn', '2026-summer']);
  });

  it('with nothing in the address the view is the last 90 days of hot spots, light', () => {
    const v = parseView('', NOW);
    expect(v.filters).toEqual({ from: '2026-09-05', to: '2026-12-03' });
    expect([v.range, v.analysis, v.tab, v.theme, v.drill.level]).toEqual(['90d', 'gistar', 'quadrant', 'light', 'core']);
  });

  it('every filter and the analysis come back from the address they were written to', () => {
    const search = withParams('', {
      ...rangePatch('30d', NOW),
      category: '205',
      source: 'hotline',
      stage: 'closed,evaluated,rejected',
      street: '110102001',
      analysis: 'emerging',
      drill: 'street:110102001',
      theme: 'dark',
    });
    const v = parseView(search, NOW + 30 * 86_400_000); // read a month later: the days stay as written
    expect(v.filters).toEqual({
      from: '2026-11-04',
      to: '2026-12-03',
      category: '205',
      source: 'hotline',
      stage: 'closed,evaluated,rejected',
      street: '110102001',
    });
    expect([v.analysis, v.theme]).toEqual(['emerging', 'dark']);
    expect(v.drill).toEqual({ level: 'street', id: '110102001' });
  });

  it('malformed values fall back to their defaults', () => {
    const v = parseView('?analysis=kriging&drill=planet:1&n=999&tab=x', NOW);
    expect([v.analysis, v.drill.level, v.recur.n, v.tab]).toEqual(['gistar', 'core', 3, 'quadrant']);
  });

  it("a patrol plan is for the next week's Monday", () => {
    expect(nextMonday(NOW)).toBe('2026-12-07');
    expect(nextMonday(Date.parse('2026-12-07T01:00:00Z'))).toBe('2026-12-14');
  });
});
