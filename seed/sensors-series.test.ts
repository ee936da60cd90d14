// The models behind the seeded sensor and crowd series, and the placement and walking helpers:
// pure functions checked against what a duty officer would expect to see.
import { describe, expect, it } from 'vitest';
import { beijing, HOUR, MINUTE } from '../server/domain/beijing.ts';
import type { XY } from './geo.ts';
import { walk } from './patrols.ts';
import { createRng } from './rng.ts';
import { farthestPoints, kMeans, nearest, pointsAlong } from './sensors-place.ts';
import {
  CROWD_RHYTHMS,
  crowdFlows,
  crowdShare,
  drawStorm,
  Hysteresis,
  regionalPm25,
  stormIntensity,
  sunriseHour,
  TippingBucket,
  waterloggingStep,
} from './sensors-series.ts';
import { weatherCalendar } from './sensors-weather.ts';

/** A Beijing wall-clock time as UTC ms. */
const bj = (iso: string) => new Date(`${iso}+08:00`).getTime();

describe('crowd rhythms', () => {
  it('fills Financial Street on a working day and empties it at the weekend', () => {
    const tuesdayNoon = crowdShare(CROWD_RHYTHMS.office, bj('2026-11-17T12:00:00'));
    const sundayNoon = crowdShare(CROWD_RHYTHMS.office, bj('2026-11-22T12:00:00'));
    expect(tuesdayNoon).toBeGreaterThan(0.6);
    expect(sundayNoon).toBeLessThan(0.2);
  });

  it('makes Shichahai busiest on weekend evenings', () => {
    const saturdayEvening = crowdShare(CROWD_RHYTHMS.nightlife, bj('2026-11-21T20:00:00'));
    const tuesdayEvening = crowdShare(CROWD_RHYTHMS.nightlife, bj('2026-11-17T20:00:00'));
    const saturdayMorning = crowdShare(CROWD_RHYTHMS.nightlife, bj('2026-11-21T08:00:00'));
    expect(saturdayEvening).toBeGreaterThan(0.8);
    expect(saturdayEvening).toBeGreaterThan(tuesdayEvening + 0.2);
    expect(saturdayEvening).toBeGreaterThan(saturdayMorning * 5);
  });

  it('closes the subway at night and peaks at the rush hours', () => {
    expect(crowdShare(CROWD_RHYTHMS.station, bj('2026-11-17T02:00:00'))).toBe(0);
    expect(crowdShare(CROWD_RHYTHMS.station, bj('2026-11-17T08:00:00'))).toBeGreaterThan(
      crowdShare(CROWD_RHYTHMS.station, bj('2026-11-17T11:00:00')) * 2,
    );
  });

  it('gathers a crowd on Tiananmen Square for the flag raising at sunrise', () => {
    const sunrise = sunriseHour(beijing(bj('2026-11-17T12:00:00')).dayOfYear);
    expect(sunrise).toBeGreaterThan(6.8);
    expect(sunrise).toBeLessThan(7.4);
    const at = bj('2026-11-17T00:00:00') + sunrise * HOUR;
    expect(crowdShare(CROWD_RHYTHMS.square, at)).toBeGreaterThan(crowdShare(CROWD_RHYTHMS.square, at - 2 * HOUR) + 0.25);
    expect(sunriseHour(beijing(bj('2026-06-21T12:00:00')).dayOfYear)).toBeLessThan(5);
  });

  it('balances every step: previous + inflow − outflow = count, flows never negative', () => {
    const rng = createRng(1, 'flows');
    let previous = 1000;
    for (const count of [1200, 900, 0, 0, 50, 3000, 2999]) {
      const { inflow, outflow } = crowdFlows(previous, count, 5, 90, rng);
      expect(previous + inflow - outflow).toBe(count);
      expect(inflow).toBeGreaterThanOrEqual(0);
      expect(outflow).toBeGreaterThanOrEqual(0);
      previous = count;
    }
  });
});

describe('rain, underpasses and air', () => {
  it('rains hardest where and when the storm centre passes', () => {
    const storm = drawStorm(createRng(7, 'storm'), bj('2026-07-20T00:00:00'));
    const mid = storm.start + (storm.durationMin / 2) * MINUTE;
    const atPass = stormIntensity(storm, storm.pass, mid);
    expect(atPass).toBeCloseTo(storm.peakMmH, 6);
    expect(stormIntensity(storm, [storm.pass[0] + 20_000, storm.pass[1] + 20_000], mid)).toBeLessThan(atPass / 100);
    expect(stormIntensity(storm, storm.pass, storm.start - MINUTE)).toBe(0);
    expect(stormIntensity(storm, storm.pass, storm.start + (storm.durationMin + 1) * MINUTE)).toBe(0);
  });

  it('reports rain in whole 0.1 mm tips and loses none of it', () => {
    const bucket = new TippingBucket();
    const reported = [0.04, 0.04, 0.04, 0.25, 0.0].map((mm) => bucket.report(mm));
    expect(reported).toEqual([0, 0, 0.1, 0.2, 0]);
    expect(bucket.report(0.03)).toBe(0.1); // 0.40 fell in all and 0.40 tipped: the carry made the last tip
  });

  it('floods an underpass in a downpour and pumps it dry afterwards', () => {
    let depth = 0;
    for (let i = 0; i < 12; i++) depth = waterloggingStep(depth, 6, 1.2, 5); // an hour at 72 mm/h
    expect(depth).toBeGreaterThan(15);
    for (let i = 0; i < 12; i++) depth = waterloggingStep(depth, 0.5, 1.2, 5); // drizzle: the drains cope
    const draining = depth;
    for (let i = 0; i < 48; i++) depth = waterloggingStep(depth, 0, 1.2, 5);
    expect(draining).toBeGreaterThan(depth);
    expect(depth).toBe(0);
  });

  it('gives PM2.5 a night-time high and an afternoon low on average', () => {
    const from = bj('2026-10-01T00:00:00');
    const series = regionalPm25(createRng(3, 'air'), from, 24 * 120);
    const meanAt = (hour: number) => series.filter((_, i) => i % 24 === hour).reduce((a, b) => a + b, 0) / 120;
    expect(meanAt(1)).toBeGreaterThan(meanAt(14) * 1.3);
    expect(Math.min(...series)).toBeGreaterThan(0);
  });
});

describe('alarms', () => {
  it('raises at the alarm threshold and clears only at the clear threshold', () => {
    const h = new Hysteresis(15, 5);
    expect([3, 15, 10, 6, 5, 14, 20].map((v) => h.push(v))).toEqual([false, true, true, true, false, false, true]);
    expect(h.episodes).toBe(2);
  });

  it('never alarms without thresholds', () => {
    const h = new Hysteresis(null, null);
    expect([0, 1e9].map((v) => h.push(v))).toEqual([false, false]);
  });
});

describe('weather calendar', () => {
  it('agrees with itself for the same stream and gives a July week its storm', () => {
    const anchor = bj('2026-07-25T10:00:00');
    const a = weatherCalendar(createRng(5, 'cases.weather'), anchor);
    const b = weatherCalendar(createRng(5, 'cases.weather'), anchor);
    expect([...a.storms]).toEqual([...b.storms]);
    expect([357, 358, 359, 360, 361, 362, 363].some((d) => a.storms.has(d))).toBe(true);
    for (const d of a.storms) expect([7, 8]).toContain(beijing(a.start + d * 86_400_000).month);
    for (const d of a.snows) expect([12, 1, 2]).toContain(beijing(a.start + d * 86_400_000).month);
  });
});

describe('placement', () => {
  const square: XY[] = Array.from({ length: 400 }, (_, i) => [(i % 20) * 10, Math.floor(i / 20) * 10]);

  it('spreads gauges to the corners first', () => {
    const chosen = farthestPoints(square, 4, 0).map((i) => square[i]);
    expect(chosen).toEqual(
      expect.arrayContaining([
        [0, 0],
        [190, 190],
        [190, 0],
        [0, 190],
      ]),
    );
  });

  it('splits two separated clusters of covers between two concentrators', () => {
    const points: XY[] = [
      [0, 0],
      [5, 0],
      [0, 5],
      [500, 500],
      [505, 500],
      [500, 505],
    ];
    const { cluster, centres } = kMeans(points, 2);
    expect(cluster.slice(0, 3).every((c) => c === cluster[0])).toBe(true);
    expect(cluster.slice(3).every((c) => c === cluster[3] && c !== cluster[0])).toBe(true);
    expect(nearest(centres, [2, 2])).toBe(cluster[0]);
  });

  it('places covers along a lane within a few metres of it', () => {
    const lane: XY[] = [
      [0, 0],
      [300, 0],
    ];
    const covers = pointsAlong([lane], 10, createRng(1, 'covers'));
    expect(covers).toHaveLength(10);
    for (const [x, y] of covers) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(300);
      expect(Math.abs(y)).toBeLessThanOrEqual(2.5);
    }
  });

  it('walks round a cell through every corner it passes', () => {
    const ring: XY[] = [
      [0, 0],
      [100, 0],
      [100, 100],
      [0, 100],
      [0, 0],
    ];
    const track = walk(ring, 50, 400, true, createRng(2, 'walk'));
    for (const corner of [
      [100, 0],
      [100, 100],
      [0, 100],
      [0, 0],
    ] as XY[]) {
      expect(track.some(([x, y]) => Math.hypot(x - corner[0], y - corner[1]) <= 2.5 * Math.SQRT2)).toBe(true);
    }
    const [x0, y0] = track[0]!;
    const [x1, y1] = track[track.length - 1]!;
    expect(Math.hypot(x0 - 50, y0)).toBeLessThan(4);
    expect(Math.hypot(x1 - 50, y1)).toBeLessThan(4); // a full lap ends where it began
  });
});
