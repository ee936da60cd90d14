// The city's behaviour that the seeded year and the simulator share: the simulator's intake rate adds
// up to the seeded year's volume with its rhythm, the outcome draws come out at the stated rates, and
// the point pickers put points where they say.
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../server/domain/beijing.ts';
import {
  alleyLine,
  CASES_PER_DAY,
  caseRatePerHour,
  cellShape,
  failsVerification,
  OUTCOMES,
  pointInCell,
  pointOnAlley,
  rejectReason,
  satisfactionOf,
} from './behaviour.ts';
import { contains, toXY } from './geo.ts';
import { createRng } from './rng.ts';

describe('the shared behaviour model', () => {
  it("adds up to the seeded year's intake, busier at 10:00 than at 04:00, on weekdays and in July", () => {
    const start = Date.parse('2026-01-01T00:00:00+08:00');
    let total = 0;
    for (let t = start; t < start + 365 * DAY; t += 10 * MINUTE) total += caseRatePerHour(t) / 6;
    expect(total / 365).toBeGreaterThan(CASES_PER_DAY * 0.99);
    expect(total / 365).toBeLessThan(CASES_PER_DAY * 1.01);
    const monday = Date.parse('2026-11-23T00:00:00+08:00');
    expect(caseRatePerHour(monday + 10 * HOUR)).toBeGreaterThan(10 * caseRatePerHour(monday + 4 * HOUR));
    expect(caseRatePerHour(monday + 10 * HOUR)).toBeGreaterThan(caseRatePerHour(monday - DAY + 10 * HOUR)); // Sunday
    expect(caseRatePerHour(Date.parse('2026-07-20T10:00:00+08:00'))).toBeGreaterThan(
      caseRatePerHour(Date.parse('2026-02-16T10:00:00+08:00')),
    );
  });

  it('rejects, reworks and rates at the stated shares', () => {
    const rng = createRng(5, 'outcomes');
    const n = 200_000;
    let rejected = 0;
    let duplicates = 0;
    let firstFails = 0;
    let fourthFails = 0;
    let satisfied = 0;
    for (let i = 0; i < n; i++) {
      const reason = rejectReason(rng);
      if (reason) rejected++;
      if (reason === 'duplicate') duplicates++;
      if (failsVerification(rng, 0)) firstFails++;
      if (failsVerification(rng, 3)) fourthFails++;
      if (satisfactionOf(rng, false) === 'satisfied') satisfied++;
    }
    expect(rejected / n).toBeCloseTo(OUTCOMES.reject, 2);
    expect(duplicates / rejected).toBeCloseTo(OUTCOMES.rejectDuplicate, 1);
    expect(firstFails / n).toBeCloseTo(OUTCOMES.rework[0], 2);
    expect(fourthFails).toBe(0);
    expect(satisfied / n).toBeCloseTo(OUTCOMES.satisfaction.onTime[0], 2);
  });

  it('puts cell points inside the cell and alley points within 4 m of the centre line', () => {
    const rng = createRng(9, 'points');
    const cell = cellShape({
      type: 'Polygon',
      coordinates: [
        [
          [116.39, 39.9],
          [116.4, 39.9],
          [116.39, 39.91],
          [116.39, 39.9],
        ],
      ],
    });
    for (let i = 0; i < 200; i++) {
      const p = pointInCell(cell, rng, 7);
      expect(contains(cell.polygon, p)).toBe(true);
      expect(p[0]).toBe(Number(p[0].toFixed(7)));
    }
    const line = alleyLine([
      [116.39, 39.9],
      [116.395, 39.9],
      [116.395, 39.903],
    ]);
    for (let i = 0; i < 200; i++) {
      const [x, y] = toXY(pointOnAlley(line, rng));
      const [[x0, y0], [x1], [, y2]] = line.xy as [[number, number], [number, number], [number, number]];
      // distance to the L-shaped line: its east-west leg, or its north-south leg at x1
      const d = Math.min(
        x <= x1 ? Math.abs(y - y0) : Infinity,
        y >= y0 && y <= y2 ? Math.abs(x - x1) : Infinity,
        Math.hypot(x - x0, y - y0),
        Math.hypot(x - x1, y - y0),
        Math.hypot(x - x1, y - y2),
      );
      expect(d).toBeLessThanOrEqual(4.01);
    }
  });
});
