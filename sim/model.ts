// The simulated city's behaviour as pure functions of simulated time: how many cases arrive (the
// seeded history's daily and weekly rhythm), how long each step of the loop takes, how often a case
// is rejected, split, returned or reworked, and the scenarios' weather and crowds.
import { HOURLY, OTHER_SOURCES, WEEKLY } from '../seed/cases.ts';
import { CATEGORIES } from '../seed/data/categories.ts';
import { KEY_AREAS } from '../seed/crowds.ts';
import type { Rng } from '../seed/rng.ts';
import { CROWD_RHYTHMS, crowdShare, type Storm } from '../seed/sensors-series.ts';
import { beijing, HOUR, MINUTE } from '../server/domain/beijing.ts';

export const SCENARIOS = ['normal', 'rainstorm', 'holiday'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** The core area's intake: about 420,000 cases a year (the seeded history's default scale). */
export const CASES_PER_DAY = 1150;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const HOURLY_MEAN = mean(HOURLY);
const WEEKLY_MEAN = mean(WEEKLY);

/** Expected new cases per simulated hour at instant t (UTC ms), by Beijing hour and weekday. */
export function caseRatePerHour(t: number): number {
  const { hour, dow } = beijing(t);
  const h = Math.floor(hour);
  const f = hour - h;
  const shape = HOURLY[h]! * (1 - f) + HOURLY[(h + 1) % 24]! * f;
  return (CASES_PER_DAY / 24) * (shape / HOURLY_MEAN) * (WEEKLY[dow]! / WEEKLY_MEAN);
}

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

/** The category of a new case, by the seeded year's relative frequencies. */
export function pickCategory(rng: Rng): (typeof CATEGORIES)[number] {
  return CATEGORIES[rng.weighted(CATEGORIES.map((c) => c.weight))]!;
}

/** How a case of this category was found: the hotline by its share, else patrol, chiefs, stewards, app … */
export function pickSource(rng: Rng, category: (typeof CATEGORIES)[number]): string {
  if (rng.chance(category.hotline)) return 'hotline';
  return OTHER_SOURCES[rng.weighted(OTHER_SOURCES.map((s) => s[1]))]![0];
}

/** Steps a simulated desk or crew takes, and the simulated minutes each usually takes (min, max). */
export const STEP_MINUTES = {
  accept: [2, 20],     // 受理: the desk reads and accepts or rejects
  file: [5, 40],       // 立案
  dispatch: [5, 30],   // 派遣 (and re-dispatch after a return)
  handle: [40, 600],   // 处置: scaled down for urgent categories
  verify: [20, 120],   // 核查 by the patroller
  evaluate: [120, 1440], // 考核 / 12345 call-back
} as const;
export type Step = keyof typeof STEP_MINUTES;

/** How long a step takes, in simulated minutes; urgent cases are handled faster. */
export function stepMinutes(step: Step, rng: Rng, urgency = 'routine'): number {
  const [lo, hi] = STEP_MINUTES[step];
  const scale = step === 'handle' ? ({ danger: 0.15, same_day: 0.4, routine: 1, complex: 1.6 } as Record<string, number>)[urgency] ?? 1 : 1;
  return rng.range(lo, hi) * scale;
}

/** Outcomes, as shares (the seeded history has the same shape; DOMAIN.md: ~97% resolution). */
export const OUTCOMES = {
  reject: 0.05,          // of reports: duplicate or out of scope
  rejectDuplicate: 0.7,  // of rejections
  split: 0.12,           // of dispatches: two departments at once (多头派单)
  returned: 0.06,        // of a department's dispatches: returned as not its job (退单)
  reworkFail: 0.1,       // of verifications: not passed → rework (返工)
  urge: 0.3,             // of overdue cases seen by a leader in a pass: urged (催办)
  satisfaction: [0.84, 0.11, 0.05] as const, // satisfied, basically, unsatisfied (hotline call-back)
};

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
