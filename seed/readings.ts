// The sensors' and crowd areas' recent history: ctx.scale.readingDays before the anchor of rain
// (a moving summer storm cell on the calendar's storm days, sparse light rain otherwise), snow depth,
// underpass water depth filling from the rain, manhole-cover tilt with a few displaced covers and
// dead batteries, hourly PM2.5, and 5-minute crowd counts with their daily and weekly rhythm.
// Rows go in time order (then sensor), which keeps the BRIN indexes on `at` tight. Each sensor's
// status, last value and last reading time are then set by replaying its readings.
import { OFFLINE_AFTER_INTERVALS, REPORT_EVERY_MIN } from '../server/domain/alarms.ts';
import { beijing, beijingDate, beijingDayStart, DAY, HOUR, MINUTE } from '../server/domain/beijing.ts';
import { withDeferredForeignKeys } from './bulk.ts';
import type { Generator, SeedContext } from './context.ts';
import { KEY_AREAS } from './crowds.ts';
import { toXY, type XY } from './geo.ts';
import type { SensorKind } from './sensors.ts';
import { nearest } from './sensors-place.ts';
import {
  CROWD_RHYTHMS,
  crowdFlows,
  crowdShare,
  drawStorm,
  Hysteresis,
  lightRain,
  regionalPm25,
  type Storm,
  stormIntensity,
  TippingBucket,
  waterloggingStep,
} from './sensors-series.ts';
import { weatherCalendar } from './sensors-weather.ts';

const STEP_MIN = 5;
const STEP = STEP_MIN * MINUTE;

/** Chance that a day of this month (1–12) brings light rain, outside storms and snowfalls. */
const RAIN_DAY = [0, 0.03, 0.08, 0.14, 0.18, 0.26, 0.3, 0.28, 0.2, 0.13, 0.07, 0.02];

/** Displaced or lifted covers per day among the 500 (vehicles, theft, works). */
const COVER_INCIDENTS_PER_DAY = 0.8;
/** Covers whose battery dies during the window (they fall silent). */
const DEAD_COVERS = 3;

interface SensorInfo {
  id: number;
  kind: SensorKind;
  code: string;
  xy: XY;
  crowdAreaId: number | null;
  concentratorId: number | null;
  alarmAbove: number | null;
  clearBelow: number | null;
}

interface Area {
  id: number;
  code: string;
  kind: 'key_area' | 'station';
  capacity: number;
}

/** Readings of many sensors, kept as parallel arrays and emitted in (time, sensor) order. */
class Readings {
  readonly at: number[] = [];
  readonly sensor: number[] = [];
  readonly value: number[] = [];
  push(at: number, sensor: number, value: number) {
    this.at.push(at);
    this.sensor.push(sensor);
    this.value.push(Math.round(value * 10) / 10);
  }
  order(): Uint32Array {
    const idx = Uint32Array.from(this.at.keys());
    return idx.sort((a, b) => this.at[a]! - this.at[b]! || this.sensor[a]! - this.sensor[b]!);
  }
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const wholeSecond = (t: number) => Math.round(t / 1000) * 1000;

/** Every Beijing day overlapping [from, to): its start and its index in the weather calendar. */
function daysOf(from: number, to: number, calendarStart: number): { start: number; index: number; key: string }[] {
  const out = [];
  for (let d = beijingDayStart(from); d < to; d += DAY) {
    out.push({ start: d, index: Math.round((d - calendarStart) / DAY), key: beijingDate(d) });
  }
  return out;
}

const generator: Generator = {
  name: 'readings',
  async run(ctx: SeedContext) {
    const { db } = ctx;
    const to = ctx.anchor.getTime();
    const from = to - ctx.scale.readingDays * DAY;
    const first = Math.ceil(from / STEP) * STEP;
    const steps = Array.from({ length: Math.ceil((to - first) / STEP) }, (_, i) => first + i * STEP);
    const firstHour = Math.ceil(from / HOUR) * HOUR;
    const hours = Array.from({ length: Math.ceil((to - firstHour) / HOUR) }, (_, i) => firstHour + i * HOUR);

    const sensors = (
      await db.query<{
        id: number;
        kind: SensorKind;
        code: string;
        lng: number;
        lat: number;
        crowd_area_id: number | null;
        concentrator_id: number | null;
        alarm_above: number | null;
        clear_below: number | null;
      }>(`
      select id, kind, code, st_x(geom) as lng, st_y(geom) as lat, crowd_area_id, concentrator_id, alarm_above, clear_below
        from sensor order by id`)
    ).rows.map(
      (r): SensorInfo => ({
        id: r.id,
        kind: r.kind,
        code: r.code,
        xy: toXY([r.lng, r.lat]),
        crowdAreaId: r.crowd_area_id,
        concentratorId: r.concentrator_id,
        alarmAbove: r.alarm_above,
        clearBelow: r.clear_below,
      }),
    );
    const ofKind = (k: SensorKind) => sensors.filter((s) => s.kind === k);
    const areas = (await db.query<Area>(`select id, code, kind, capacity from crowd_area order by id`)).rows;
    const readings = new Readings();

    // ---- weather: which days rain or snow, and how ----
    const calendar = weatherCalendar(ctx.rng('cases.weather'), to);
    const days = daysOf(from - 10 * DAY, to, calendar.start); // snow lying from the days before counts
    const storms: Storm[] = [];
    const showers: { start: number; mmH: number[]; gaugeFactor: number[] }[] = [];
    const snowfalls: { start: number; hours: number; cm: number }[] = [];
    const rainGauges = ofKind('rain_gauge');
    for (const day of days) {
      const rng = ctx.rng(`readings.weather.${day.key}`);
      const { month } = beijing(day.start + 12 * HOUR);
      if (calendar.storms.has(day.index)) storms.push(drawStorm(rng, day.start));
      else if (calendar.snows.has(day.index)) {
        snowfalls.push({ start: day.start + rng.range(0, 18) * HOUR, hours: rng.int(4, 10), cm: rng.range(2, 9) });
      } else if (rng.chance(RAIN_DAY[month - 1]!)) {
        const n = rng.int(36, 96);
        showers.push({
          start: day.start + rng.range(0, 20) * HOUR,
          mmH: lightRain(rng, n),
          gaugeFactor: rainGauges.map(() => rng.range(0.7, 1.3)),
        });
      }
    }

    // ---- rain gauges (5 min) and the city's mean rain, which keeps people indoors ----
    const step = ctx.progress.step('readings', 6);
    const rainAt = new Map<number, Float64Array>(); // sensor id → mm per step
    const cityRainMmH = new Float64Array(steps.length);
    for (const [g, gauge] of rainGauges.entries()) {
      const bucket = new TippingBucket();
      const mm = new Float64Array(steps.length);
      steps.forEach((t, i) => {
        let mmH = 0;
        for (const s of storms) mmH += stormIntensity(s, gauge.xy, t);
        for (const s of showers) {
          const k = Math.floor((t - s.start) / STEP);
          if (k >= 0 && k < s.mmH.length) mmH += s.mmH[k]! * s.gaugeFactor[g]!;
        }
        cityRainMmH[i]! += mmH / rainGauges.length;
        mm[i] = bucket.report((mmH * STEP_MIN) / 60);
        readings.push(t, gauge.id, mm[i]!);
      });
      rainAt.set(gauge.id, mm);
    }
    step.tick();

    // ---- waterlogging: each underpass fills from the rain at its nearest gauge ----
    const wlRng = ctx.rng('readings.waterlogging');
    for (const site of ofKind('waterlogging')) {
      const exposure = wlRng.range(0.8, 1.7);
      const rain =
        rainAt.get(
          rainGauges[
            nearest(
              rainGauges.map((g) => g.xy),
              site.xy,
            )
          ]!.id,
        ) ?? new Float64Array(steps.length);
      let depth = 0;
      steps.forEach((t, i) => {
        depth = waterloggingStep(depth, rain[i]!, exposure, STEP_MIN);
        // the ultrasonic gauge jitters by a few millimetres over a dry sump
        readings.push(t, site.id, Math.max(0, depth + 0.15 * wlRng.normal()));
      });
    }

    // ---- snow gauges (hourly): snowfall accumulates, compacts and melts in the midday sun ----
    const snowRng = ctx.rng('readings.snow');
    for (const gauge of ofKind('snow_gauge')) {
      const factor = snowRng.range(0.8, 1.2);
      let depth = 0;
      for (let t = beijingDayStart(from - 10 * DAY); t < to; t += HOUR) {
        for (const s of snowfalls) if (t >= s.start && t < s.start + s.hours * HOUR) depth += (s.cm / s.hours) * factor;
        const { hour } = beijing(t);
        depth = Math.max(0, depth * 0.995 - (hour >= 10 && hour < 16 ? 0.08 : 0));
        if (t >= firstHour) readings.push(t, gauge.id, depth);
      }
    }
    step.tick();

    // ---- air quality (hourly PM2.5): one regional level, each station a little off it ----
    const airRng = ctx.rng('readings.air');
    const regional = regionalPm25(airRng, firstHour, hours.length);
    for (const station of ofKind('air_quality')) {
      const local = airRng.range(0.9, 1.12);
      hours.forEach((t, i) => {
        readings.push(t, station.id, Math.round(regional[i]! * local * Math.exp(0.08 * airRng.normal())));
      });
    }
    step.tick();

    // ---- manhole covers: hourly heartbeats at each cover's own minute, a few displaced covers
    // reported at once and again when reset, and a few batteries that die ----
    const coverRng = ctx.rng('readings.manhole');
    const covers = ofKind('manhole_cover');
    const incidents = Math.max(1, Math.round(ctx.scale.readingDays * COVER_INCIDENTS_PER_DAY + coverRng.normal()));
    const tilted = new Map<number, { from: number; until: number; angle: number }>();
    for (let n = 0; n < incidents; n++) {
      const cover = coverRng.pick(covers);
      // the latest incident is still open at the anchor: the crew is on its way
      const start = wholeSecond(n === 0 ? to - coverRng.range(0.5, 5) * HOUR : coverRng.range(from, to - 6 * HOUR));
      const until = n === 0 ? Infinity : wholeSecond(start + coverRng.range(1.5, 20) * HOUR);
      if (!tilted.has(cover.id)) tilted.set(cover.id, { from: start, until, angle: coverRng.range(20, 75) });
    }
    const dead = new Map<number, number>();
    for (let n = 0; n < DEAD_COVERS; n++) {
      const cover = coverRng.pick(covers);
      if (!tilted.has(cover.id)) dead.set(cover.id, coverRng.range(from, to - 4 * HOUR));
    }
    const heardAt = new Map<number, Set<number>>(); // hour → covers heard in it
    for (const cover of covers) {
      const rest = coverRng.range(0.2, 2.5);
      const minute = coverRng.int(0, 59) * MINUTE;
      const tilt = tilted.get(cover.id);
      const silentFrom = dead.get(cover.id) ?? Infinity;
      const tiltAt = (t: number) =>
        tilt && t >= tilt.from && t < tilt.until ? tilt.angle + coverRng.range(-2, 2) : rest + Math.abs(0.15 * coverRng.normal());
      for (const h of [firstHour - HOUR, ...hours]) {
        const t = h + minute;
        if (t < from || t >= to || t >= silentFrom) continue;
        readings.push(t, cover.id, tiltAt(t));
        if (!heardAt.has(h)) heardAt.set(h, new Set());
        heardAt.get(h)!.add(cover.id);
      }
      if (tilt) {
        readings.push(tilt.from, cover.id, tilt.angle);
        if (tilt.until < to) readings.push(tilt.until, cover.id, rest);
      }
    }
    // concentrators report at the top of the hour how many of their covers they heard in the last one
    for (const dc of ofKind('concentrator')) {
      const mine = covers.filter((c) => c.concentratorId === dc.id).map((c) => c.id);
      for (const h of hours) {
        const heard = heardAt.get(h - HOUR);
        readings.push(h, dc.id, heard ? mine.filter((id) => heard.has(id)).length : mine.length);
      }
    }
    step.tick();

    // ---- crowds: every area's count, inflow and outflow; the counters see a share of their area ----
    const crowdRows: (string | number)[][] = [];
    const counters = ofKind('crowd_counter');
    const iso = steps.map((t) => new Date(t).toISOString());
    for (const area of areas) {
      const rng = ctx.rng(`readings.crowd.${area.code}`);
      const rhythm = CROWD_RHYTHMS[KEY_AREAS.find((a) => a.code === area.code)?.rhythm ?? 'station'];
      const outdoor = area.kind === 'key_area' && rhythm !== CROWD_RHYTHMS.shopping && rhythm !== CROWD_RHYTHMS.office;
      const dayFactor = new Map(days.map((d) => [d.start, 1 + 0.06 * rng.normal()]));
      const mine = counters.filter((c) => c.crowdAreaId === area.id);
      const seen = mine.map(() => rng.range(0.5, 1.5));
      const seenSum = seen.reduce((a, b) => a + b, 0);
      const counterShare = seen.map((w) => (0.7 * w) / seenSum);
      let noise = 0;
      let previous = -1;
      steps.forEach((t, i) => {
        noise = 0.9 * noise + 0.025 * rng.normal();
        const rainy = outdoor ? 1 / (1 + 0.25 * cityRainMmH[i]!) : 1;
        const share = crowdShare(rhythm, t) * dayFactor.get(beijingDayStart(t))! * (1 + noise) * rainy;
        const count = Math.max(0, Math.round(area.capacity * share));
        const { inflow, outflow } = crowdFlows(previous < 0 ? count : previous, count, STEP_MIN, rhythm.dwellMin, rng);
        crowdRows.push([area.id, iso[i]!, count, inflow, outflow]);
        previous = count;
        mine.forEach((c, k) => {
          readings.push(t, c.id, Math.max(0, Math.round(count * counterShare[k]! * (1 + 0.05 * rng.normal()))));
        });
      });
    }
    // time order across areas, as the live feed would have written them
    crowdRows.sort((a, b) => (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : (a[0] as number) - (b[0] as number)));
    // bulk load: foreign keys are checked once, after the rows are in
    await withDeferredForeignKeys(db, ['crowd_count'], () =>
      ctx.copy('crowd_count', ['crowd_area_id', 'at', 'count', 'inflow', 'outflow'], crowdRows),
    );
    step.tick();

    // ---- write the readings, then each sensor's state at the anchor ----
    const order = readings.order();
    const isoCache = new Map<number, string>();
    const isoOf = (t: number) => {
      let iso = isoCache.get(t);
      if (iso === undefined) {
        iso = new Date(t).toISOString();
        isoCache.set(t, iso);
      }
      return iso;
    };
    await withDeferredForeignKeys(db, ['sensor_reading'], () =>
      ctx.copy(
        'sensor_reading',
        ['sensor_id', 'at', 'value'],
        (function* () {
          let previous = -1;
          for (const i of order) {
            // an event reading that lands on a heartbeat's instant is the same message
            if (previous >= 0 && readings.at[i] === readings.at[previous] && readings.sensor[i] === readings.sensor[previous]) continue;
            previous = i;
            yield [readings.sensor[i]!, isoOf(readings.at[i]!), readings.value[i]!];
          }
        })(),
      ),
    );
    const state = new Map(sensors.map((s) => [s.id, { h: new Hysteresis(s.alarmAbove, s.clearBelow), last: NaN, at: -Infinity }]));
    for (const i of order) {
      const s = state.get(readings.sensor[i]!)!;
      s.h.push(readings.value[i]!);
      s.last = readings.value[i]!;
      s.at = readings.at[i]!;
    }
    const updates = sensors.map((s) => {
      const st = state.get(s.id)!;
      const silent = to - st.at > OFFLINE_AFTER_INTERVALS * REPORT_EVERY_MIN[s.kind] * MINUTE;
      return {
        id: s.id,
        status: silent ? 'offline' : st.h.alarm ? 'alarm' : 'normal',
        value: Number.isNaN(st.last) ? null : round1(st.last),
        at: Number.isFinite(st.at) ? new Date(st.at).toISOString() : null,
      };
    });
    await db.query(
      `update sensor s set status = u.status, last_value = u.value, last_reading_at = u.at
      from json_to_recordset($1::json) as u(id int, status text, value float8, at timestamptz) where s.id = u.id`,
      [JSON.stringify(updates)],
    );
    step.done();
  },
};
export default generator;
