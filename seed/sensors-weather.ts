// The seeded year's weather calendar (Beijing days with a summer storm or a winter snowfall), one
// source for everything weather-driven: case bursts (cases.ts) and the sensors' readings (readings.ts).
import { beijing, beijingDayStart, DAY } from '../server/domain/beijing.ts';
import type { Rng } from './rng.ts';

export interface WeatherCalendar {
  /** Start (UTC ms) of Beijing day 0; day 364 is the anchor's own day. */
  start: number;
  storms: Set<number>;
  snows: Set<number>;
}

/**
 * 365 Beijing days ending with the anchor's day: storms on ~9% of July–August days (Beijing's
 * rainy season, 七下八上), snow on ~4% of December–February days. `weather` must be the
 * 'cases.weather' stream: the draws are the ones cases.ts makes, so both agree day by day.
 * When the last week falls in the rainy season and drew no storm, the day before the anchor's
 * gets one: a week of July readings without a storm would not look like Beijing.
 */
export function weatherCalendar(weather: Rng, anchor: number): WeatherCalendar {
  const start = beijingDayStart(anchor) - 364 * DAY;
  const storms = new Set<number>();
  const snows = new Set<number>();
  for (let d = 0; d < 365; d++) {
    const { month } = beijing(start + d * DAY);
    if ((month === 7 || month === 8) && weather.chance(0.09)) storms.add(d);
    if ((month === 12 || month <= 2) && weather.chance(0.04)) snows.add(d);
  }
  const lastWeek = [357, 358, 359, 360, 361, 362, 363];
  const rainy = lastWeek.every((d) => [7, 8].includes(beijing(start + d * DAY).month));
  if (rainy && !lastWeek.some((d) => storms.has(d))) storms.add(363);
  return { start, storms, snows };
}
