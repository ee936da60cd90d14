// The simulator's own model: draws have the right means, and the scenarios reach the alarms they are
// meant to raise (the intake rhythm it shares with the seed is tested in seed/behaviour.test.ts).
import { describe, expect, it } from 'vitest';
import { createRng } from '../seed/rng.ts';
import { stormIntensity } from '../seed/sensors-series.ts';
import { HOUR, MINUTE } from '../server/domain/beijing.ts';
import { crowdShareAt, poisson, scenarioStorm } from './model.ts';

describe('simulator model', () => {
  it('draws Poisson counts with the asked mean', () => {
    const rng = createRng(7, 'poisson');
    for (const lambda of [0.3, 4, 60]) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += poisson(rng, lambda);
      expect(sum / 20_000).toBeCloseTo(lambda, lambda < 1 ? 1 : 0);
    }
  });

  it('fills Shichahai past its alarm share within two hours of a holiday, not on a normal afternoon', () => {
    const start = Date.parse('2026-11-24T13:00:00+08:00');
    expect(crowdShareAt('shichahai', 'key_area', start + 2 * HOUR, 'holiday', start)).toBeGreaterThan(0.8);
    expect(crowdShareAt('shichahai', 'key_area', start + 2 * HOUR, 'normal', start)).toBeLessThan(0.8);
  });

  it('rains hard enough in the rainstorm for a gauge in the centre to pass its 4 mm / 5 min alarm', () => {
    const start = Date.parse('2026-07-20T15:00:00+08:00');
    const storm = scenarioStorm(start);
    let peak = 0;
    for (let t = start; t < start + 4 * HOUR; t += 5 * MINUTE) peak = Math.max(peak, (stormIntensity(storm, [0, 0], t) * 5) / 60);
    expect(peak).toBeGreaterThan(4);
    expect(stormIntensity(storm, [0, 0], start)).toBe(0);
  });
});
