// Alarms as rules: a sensor's hysteresis (raised at value ≥ alarmAbove, cleared at value ≤ clearBelow,
// schema 001), a crowd area's share of capacity, which alarms open a case and under which category,
// and how long a sensor may stay silent before it counts as offline. The seed replays its readings
// through the same rules, so seeded states and live intake agree.
import type { SensorKind } from '../contracts/constants.ts';

/** Replays readings through a sensor's hysteresis. Null thresholds never alarm. */
export class Hysteresis {
  alarm: boolean;
  episodes = 0;
  constructor(
    private readonly alarmAbove: number | null,
    private readonly clearBelow: number | null,
    inAlarm = false,
  ) {
    this.alarm = inAlarm;
  }
  push(value: number): boolean {
    if (this.alarmAbove === null) return false;
    if (!this.alarm && value >= this.alarmAbove) {
      this.alarm = true;
      this.episodes++;
    } else if (this.alarm && value <= (this.clearBelow ?? this.alarmAbove)) {
      this.alarm = false;
    }
    return this.alarm;
  }
}

export interface AlarmChange {
  type: 'raised' | 'cleared';
  at: Date;
  value: number;
  /** On 'cleared': the highest value of the episode it ends (among these readings). */
  peak?: number;
}

export interface Replayed {
  changes: AlarmChange[];
  inAlarm: boolean;
  /** Highest value seen in the episode still open at the end, if any. */
  peak: number | null;
}

/** Feeds readings (in time order) through the hysteresis from its current state. */
export function replay(
  alarmAbove: number | null,
  clearBelow: number | null,
  inAlarm: boolean,
  readings: readonly { at: Date; value: number }[],
): Replayed {
  const h = new Hysteresis(alarmAbove, clearBelow, inAlarm);
  const changes: AlarmChange[] = [];
  let peak: number | null = null;
  for (const r of readings) {
    const was = h.alarm;
    const now = h.push(r.value);
    if (!was && now) {
      changes.push({ type: 'raised', at: r.at, value: r.value });
      peak = r.value;
    } else if (was && !now) {
      changes.push({ type: 'cleared', at: r.at, value: r.value, ...(peak === null ? {} : { peak }) });
      peak = null;
    } else if (now) {
      peak = Math.max(peak ?? r.value, r.value);
    }
  }
  return { changes, inAlarm: h.alarm, peak };
}

/**
 * Alarms that are city-management cases, and their category: standing water on a road (道路积水),
 * a displaced manhole cover (污水井盖, as the seeded history files them), snow and ice (道路积雪结冰).
 * A rain-gauge or air-quality alarm is a warning, not a case: the cases come from its effects.
 */
export const CASE_CATEGORY_OF_ALARM: Partial<Record<string, string>> = {
  waterlogging: '20405',
  manhole_cover: '10102',
  snow_gauge: '20406',
};

/** How often each kind reports (minutes); silent for three intervals = offline. */
export const REPORT_EVERY_MIN: Record<SensorKind, number> = {
  rain_gauge: 5,
  snow_gauge: 60,
  waterlogging: 5,
  manhole_cover: 60,
  concentrator: 60,
  crowd_counter: 5,
  air_quality: 60,
};
export const OFFLINE_AFTER_INTERVALS = 3;

/** A crowd alarm clears once the share falls this far below the share that raised it. */
export const CROWD_CLEAR_MARGIN = 0.1;
