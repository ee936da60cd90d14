// The physics and rhythms behind the seeded time series, as pure functions: how a storm cell rains
// on a gauge, how an underpass fills and drains, how PM2.5 swings over a day, how many people a
// crowd area holds at a given Beijing hour, and the hysteresis that turns readings into alarms.
import { beijing, HOUR, MINUTE } from '../server/domain/beijing.ts';
import type { XY } from './geo.ts';
import type { Rng } from './rng.ts';

/** Linear interpolation in a table of 24 hourly values (index = Beijing hour), wrapping at midnight. */
export function hourly(table: readonly number[], hour: number): number {
  const h0 = Math.floor(hour) % 24;
  const f = hour - Math.floor(hour);
  return table[h0]! * (1 - f) + table[(h0 + 1) % 24]! * f;
}

// ---- crowds ----------------------------------------------------------------------------------

/** How a crowd area fills over the day: share of capacity by Beijing hour, working day and weekend. */
export interface CrowdRhythm {
  weekday: readonly number[];
  weekend: readonly number[];
  /** Mean stay in minutes: sets how many of those present leave in five minutes. */
  dwellMin: number;
  /** Crowd at national flag raising (Tiananmen Square, at sunrise), as a share of capacity. */
  sunrisePeak?: number;
}

export const CROWD_RHYTHMS = {
  // shopping streets: open 10:00–22:00, afternoon and after-dinner peaks, weekends fuller
  shopping: {
    weekday: [
      0.03, 0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.04, 0.08, 0.14, 0.24, 0.32, 0.36, 0.38, 0.42, 0.45, 0.44, 0.42, 0.44, 0.47, 0.44, 0.32,
      0.16, 0.07,
    ],
    weekend: [
      0.05, 0.03, 0.02, 0.01, 0.01, 0.01, 0.02, 0.04, 0.09, 0.18, 0.34, 0.5, 0.58, 0.63, 0.7, 0.74, 0.72, 0.68, 0.7, 0.76, 0.7, 0.5, 0.25,
      0.1,
    ],
    dwellMin: 90,
  },
  // offices: full from nine to six on working days, a lunch-time bulge, empty at weekends
  office: {
    weekday: [
      0.02, 0.02, 0.02, 0.02, 0.02, 0.03, 0.05, 0.16, 0.48, 0.66, 0.69, 0.7, 0.73, 0.71, 0.7, 0.69, 0.67, 0.62, 0.44, 0.25, 0.16, 0.1, 0.06,
      0.03,
    ],
    weekend: [
      0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.03, 0.04, 0.07, 0.1, 0.12, 0.13, 0.13, 0.13, 0.13, 0.12, 0.11, 0.09, 0.07, 0.05, 0.04, 0.03,
      0.02, 0.02,
    ],
    dwellMin: 240,
  },
  // lakes, bars and hutong lanes: slow mornings, a long evening (什刹海's bars), weekend crowds
  nightlife: {
    weekday: [
      0.1, 0.06, 0.03, 0.02, 0.01, 0.02, 0.05, 0.08, 0.1, 0.16, 0.22, 0.28, 0.32, 0.35, 0.38, 0.4, 0.42, 0.45, 0.5, 0.55, 0.57, 0.52, 0.38,
      0.2,
    ],
    weekend: [
      0.16, 0.09, 0.05, 0.03, 0.02, 0.03, 0.06, 0.1, 0.15, 0.25, 0.38, 0.5, 0.58, 0.63, 0.68, 0.7, 0.71, 0.73, 0.78, 0.84, 0.86, 0.78, 0.56,
      0.3,
    ],
    dwellMin: 100,
  },
  // sightseeing streets: daytime tourists, a lighter evening
  sightseeing: {
    weekday: [
      0.03, 0.02, 0.01, 0.01, 0.01, 0.02, 0.04, 0.1, 0.2, 0.32, 0.42, 0.48, 0.5, 0.52, 0.52, 0.5, 0.46, 0.4, 0.38, 0.38, 0.32, 0.2, 0.1,
      0.05,
    ],
    weekend: [
      0.05, 0.03, 0.02, 0.01, 0.01, 0.02, 0.05, 0.14, 0.3, 0.48, 0.64, 0.72, 0.76, 0.78, 0.78, 0.75, 0.68, 0.58, 0.55, 0.54, 0.46, 0.3,
      0.14, 0.07,
    ],
    dwellMin: 110,
  },
  // the square: visitors by reservation in the day, closed at night, the flag raising at dawn
  square: {
    weekday: [
      0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.04, 0.1, 0.24, 0.36, 0.42, 0.44, 0.44, 0.44, 0.42, 0.4, 0.34, 0.22, 0.1, 0.06, 0.04, 0.03, 0.02,
      0.01,
    ],
    weekend: [
      0.01, 0.01, 0.01, 0.01, 0.01, 0.03, 0.06, 0.16, 0.36, 0.54, 0.64, 0.68, 0.68, 0.67, 0.64, 0.6, 0.5, 0.32, 0.14, 0.08, 0.05, 0.04,
      0.02, 0.01,
    ],
    dwellMin: 70,
    sunrisePeak: 0.32,
  },
  // subway stations: commuter peaks on working days; closed from about 23:30 to 5:00
  station: {
    weekday: [
      0.02, 0, 0, 0, 0, 0.02, 0.2, 0.58, 0.72, 0.44, 0.26, 0.22, 0.24, 0.22, 0.22, 0.26, 0.36, 0.58, 0.7, 0.46, 0.3, 0.22, 0.14, 0.06,
    ],
    weekend: [
      0.02, 0, 0, 0, 0, 0.01, 0.08, 0.16, 0.24, 0.3, 0.34, 0.36, 0.36, 0.36, 0.36, 0.36, 0.36, 0.36, 0.34, 0.3, 0.24, 0.18, 0.1, 0.04,
    ],
    dwellMin: 6,
  },
} as const satisfies Record<string, CrowdRhythm>;
export type CrowdRhythmName = keyof typeof CROWD_RHYTHMS;

/** Beijing sunrise (local hours) by day of year: about 4:46 in June, 7:33 in late December. */
export function sunriseHour(dayOfYear: number): number {
  return 6.16 + 1.37 * Math.cos((2 * Math.PI * (dayOfYear + 10)) / 365);
}

/** Expected share of capacity present at instant t (UTC ms). Friday evenings count as weekend. */
export function crowdShare(rhythm: CrowdRhythm, t: number): number {
  const { hour, dow, dayOfYear } = beijing(t);
  const weekend = dow === 0 || dow === 6 || (dow === 5 && hour >= 17);
  let share = hourly(weekend ? rhythm.weekend : rhythm.weekday, hour);
  if (rhythm.sunrisePeak) {
    const fromSunrise = hour - sunriseHour(dayOfYear);
    share += rhythm.sunrisePeak * Math.exp(-0.5 * (fromSunrise / 0.3) ** 2) * (weekend ? 1.3 : 1);
  }
  return share;
}

/** People entering and leaving in one step so that previous + inflow − outflow = count exactly. */
export function crowdFlows(
  previous: number,
  count: number,
  stepMin: number,
  dwellMin: number,
  rng: Rng,
): { inflow: number; outflow: number } {
  const leaving = previous * (1 - Math.exp(-stepMin / dwellMin)) * (1 + 0.08 * rng.normal());
  let outflow = Math.max(0, Math.round(leaving));
  let inflow = count - previous + outflow;
  if (inflow < 0) {
    outflow -= inflow;
    inflow = 0;
  }
  return { inflow, outflow };
}

// ---- rain, snow and waterlogging ---------------------------------------------------------------

/** A storm system crossing the city (Beijing's summer storms come in from the west and north-west
 *  and, slowed against the mountains, rain for an hour or two at any one place). */
export interface Storm {
  /** When it starts and how long it lives (its rain rises and falls over that time). */
  start: number;
  durationMin: number;
  /** Peak intensity at the centre, mm/h. */
  peakMmH: number;
  /** Where the centre is at mid-life, metres in the local plane (seed/geo.ts), and its velocity in m/s. */
  pass: XY;
  velocity: XY;
  /** Radius (1 σ) of the rain field, metres. */
  radiusM: number;
}

export function drawStorm(rng: Rng, dayStart: number): Storm {
  const speed = rng.range(2.5, 5);
  const heading = rng.range(-0.5, 0.25); // radians from due east, negative = towards the south-east
  return {
    start: dayStart + rng.range(13, 20) * HOUR, // afternoon and evening convection
    durationMin: rng.range(150, 300),
    peakMmH: rng.range(50, 90),
    pass: [rng.range(-4_000, 4_000), rng.range(-4_000, 4_000)],
    velocity: [speed * Math.cos(heading), speed * Math.sin(heading)],
    radiusM: rng.range(5_000, 8_000),
  };
}

/** Rain intensity (mm/h) of a storm at point p and instant t: a Gaussian field on a moving centre,
 *  its strength rising and falling as a sin² over the storm's life. */
export function stormIntensity(s: Storm, p: XY, t: number): number {
  const age = (t - s.start) / MINUTE;
  if (age < 0 || age > s.durationMin) return 0;
  const sec = (age - s.durationMin / 2) * 60;
  const cx = s.pass[0] + s.velocity[0] * sec;
  const cy = s.pass[1] + s.velocity[1] * sec;
  const d2 = (p[0] - cx) ** 2 + (p[1] - cy) ** 2;
  const envelope = Math.sin((Math.PI * age) / s.durationMin) ** 2;
  return s.peakMmH * envelope * Math.exp(-d2 / (2 * s.radiusM ** 2));
}

/** A tipping-bucket gauge reports whole tips of 0.1 mm; what has not tipped yet carries over. */
export class TippingBucket {
  private carry = 0;
  constructor(private readonly tipMm = 0.1) {}
  /** Rain that fell in the interval (mm) → rain reported (mm, a multiple of the tip). */
  report(mm: number): number {
    this.carry += mm;
    const tips = Math.floor(this.carry / this.tipMm + 1e-9);
    this.carry -= tips * this.tipMm;
    return Math.round(tips * this.tipMm * 10) / 10;
  }
}

/** An underpass as a reservoir: rain beyond what the drains take fills it, the pumps empty it.
 *  Depth in cm; rain in mm per step; `exposure` is how much the site collects (catchment ÷ sump). */
export function waterloggingStep(depthCm: number, rainMm: number, exposure: number, stepMin: number): number {
  const drainMm = 0.9 * (stepMin / 5); // ~11 mm/h goes down the drains before water stands
  const inflow = Math.max(0, rainMm - drainMm) * exposure;
  const pumped = 1.6 * (stepMin / 5) + depthCm * 0.04;
  return Math.max(0, depthCm + inflow - pumped);
}

/** Hours of a light, stratiform rain: intensities (mm/h) per 5-minute step. */
export function lightRain(rng: Rng, steps: number): number[] {
  const peak = rng.range(0.6, 3.5);
  return Array.from({ length: steps }, (_, i) => peak * Math.sin((Math.PI * (i + 0.5)) / steps) * rng.range(0.5, 1.5));
}

// ---- air quality -------------------------------------------------------------------------------

/** Monthly mean PM2.5 in the core area (µg/m³), the shape of recent Beijing years. */
const PM25_MONTHLY = [48, 45, 42, 38, 32, 30, 30, 26, 25, 33, 42, 45];

/** Boundary-layer cycle: PM2.5 builds up in the calm night and mixes out in the afternoon. */
const PM25_DIURNAL = [
  1.22, 1.24, 1.22, 1.18, 1.12, 1.06, 1.02, 1.0, 0.98, 0.94, 0.88, 0.82, 0.78, 0.75, 0.74, 0.76, 0.82, 0.9, 1.0, 1.08, 1.14, 1.18, 1.21,
  1.22,
];

/** The city-wide PM2.5 level, hour by hour from `from`: a slowly wandering log-level, a diurnal
 *  cycle, and in the heating season stagnant episodes that build over two or three days and are
 *  swept away within hours by a north wind. */
export function regionalPm25(rng: Rng, from: number, hours: number): number[] {
  const out: number[] = [];
  let drift = 0;
  let episode = 0;
  let building = false;
  for (let i = 0; i < hours; i++) {
    const t = from + i * HOUR;
    const { month, hour } = beijing(t);
    const heating = month >= 11 || month <= 3;
    if (!building && rng.chance(heating ? 0.012 : 0.002)) building = true;
    if (building) {
      episode += rng.range(0.015, 0.04);
      if (episode > 1.6 || rng.chance(0.006)) building = false;
    } else if (episode > 0) {
      episode = Math.max(0, episode - rng.range(0.15, 0.3)); // the north wind
    }
    drift = 0.96 * drift + 0.08 * rng.normal();
    out.push(PM25_MONTHLY[month - 1]! * Math.exp(drift + episode) * hourly(PM25_DIURNAL, hour));
  }
  return out;
}

// ---- alarms ------------------------------------------------------------------------------------

/** The server's hysteresis rule (server/domain/alarms.ts), re-exported for the generators. */
export { Hysteresis } from '../server/domain/alarms.ts';
