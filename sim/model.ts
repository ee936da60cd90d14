// What only the simulator adds to the city's behaviour (seed/behaviour.ts: rhythms, sources, points,
// outcome rates, shared with the seeded year): how long each step of the loop takes in simulated time,
// how often a leader urges, and the scenarios' weather and crowds.
import { seasonFactor } from '../seed/behaviour.ts';
import { KEY_AREAS } from '../seed/crowds.ts';
import { CATEGORIES } from '../seed/data/categories.ts';
import type { Rng } from '../seed/rng.ts';
import { CROWD_RHYTHMS, crowdShare, type Storm } from '../seed/sensors-series.ts';
import { HOUR, MINUTE } from '../server/domain/beijing.ts';

export const SCENARIOS = ['normal', 'rainstorm', 'holiday'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** A Poisson draw (Knuth for small means, normal approximation above 30). */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

/** The category of a new case at t, by the seeded year's relative frequencies and seasons (a storm's own cases too). */
export function pickCategory(rng: Rng, t: number, storm: boolean): (typeof CATEGORIES)[number] {
  return CATEGORIES[rng.weighted(CATEGORIES.map((c) => c.weight * seasonFactor(c, t, storm, false)))]!;
}

/** Steps a simulated desk or crew takes, and the simulated minutes each usually takes (min, max). */
export const STEP_MINUTES = {
  accept: [2, 20], // 受理: the desk reads and accepts or rejects
  file: [5, 40], // 立案
  dispatch: [5, 30], // 派遣 (and re-dispatch after a return)
  handle: [40, 600], // 处置: scaled down for urgent categories
  verify: [20, 120], // 核查 by the patroller
  evaluate: [120, 1440], // 考核 / 12345 call-back
} as const;
export type Step = keyof typeof STEP_MINUTES;

/** How long a step takes, in simulated minutes; urgent cases are handled faster. */
export function stepMinutes(step: Step, rng: Rng, urgency = 'routine'): number {
  const [lo, hi] = STEP_MINUTES[step];
  const scale =
    step === 'handle' ? (({ danger: 0.15, same_day: 0.4, routine: 1, complex: 1.6 } as Record<string, number>)[urgency] ?? 1) : 1;
  return rng.range(lo, hi) * scale;
}

/**
 * Of the overdue cases a leader sees in an hourly pass, the share urged (催办). The seeded history
 * urges each a day past its deadline and monthly after; the simulator's leader only samples a page.
 */
export const URGE_SHARE = 0.3;

/** The rainstorm scenario's storm: over the core area from 10 simulated minutes in, for three hours. */
export function scenarioStorm(start: number): Storm {
  return { start: start + 10 * MINUTE, durationMin: 180, peakMmH: 85, pass: [0, 0], velocity: [1.2, -0.4], radiusM: 9_000 };
}

/** Share of capacity present in a crowd area at t; the holiday scenario fills Shichahai past its alarm. */
export function crowdShareAt(areaCode: string, kind: string, t: number, scenario: Scenario, start: number): number {
  const rhythm = CROWD_RHYTHMS[KEY_AREAS.find((a) => a.code === areaCode)?.rhythm ?? (kind === 'station' ? 'station' : 'shopping')];
  let share = crowdShare(rhythm, t);
  if (scenario === 'holiday') {
    if (areaCode === 'shichahai') {
      // a Golden Week afternoon: the lakes fill within two hours and stay over the alarm share
      const since = (t - start) / HOUR;
      share = Math.max(share, Math.min(1.08, 0.45 + 0.35 * since));
    } else if (kind === 'key_area') {
      share *= 1.35;
    }
  }
  return share;
}
