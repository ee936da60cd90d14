// The planner's view as the address holds it (?from&to&range&category&source&stage&street&community&analysis…):
// parsed and written here, so a bookmark or a sent link opens the same analysis. Pure: no React.
import type { AnalysisFilters, DrilldownResult } from '../api/analysis.ts';

export const ANALYSES = ['gistar', 'moran', 'emerging', 'quadrant'] as const;
export type Analysis = (typeof ANALYSES)[number];
export const TABS = ['quadrant', 'top', 'seasonal', 'recurring'] as const;
export type Tab = (typeof TABS)[number];
export const PRESETS = ['7d', '30d', '90d', '365d'] as const;
export type Preset = (typeof PRESETS)[number];
export const SEASONS = ['spring', 'summer', 'autumn', 'winter'] as const;
export type Season = (typeof SEASONS)[number];
export type DrillLevel = DrilldownResult['area']['level'];
/** The drill-down's levels, top down (the contract's DRILL_LEVELS; a runtime copy, as the web may not import it). */
export const DRILL_LEVELS = ['core', 'district', 'street', 'community', 'cell'] as const satisfies readonly DrillLevel[];

export interface PlannerView {
  filters: Required<Pick<AnalysisFilters, 'from' | 'to'>> & AnalysisFilters;
  /** which range control produced from/to: a preset, a month (month:2026-11), a season (season:2026-winter) or custom (null) */
  range: string | null;
  analysis: Analysis;
  split: 'median' | 'q3';
  tab: Tab;
  by: 'main' | 'sub';
  drill: { level: DrillLevel; id?: string };
  /** recurring places: at least n cases within days days */
  recur: { n: number; days: number };
  theme: 'light' | 'dark';
}

const DAY = 86_400_000;
const BEIJING_OFFSET = 8 * 3_600_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The Beijing calendar date of an instant. */
export const beijingDate = (t: number): string => new Date(t + BEIJING_OFFSET).toISOString().slice(0, 10);
const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const lastDayOfMonth = (year: number, month: number): string => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10); // month 1-12

/** The earlier of two ISO dates. */
const earlier = (a: string, b: string): string => (a < b ? a : b);

/** The days a range control stands for, `to` included and never after today. Null for an unknown range. */
export function rangeDays(range: string, now: number): { from: string; to: string } | null {
  const today = beijingDate(now);
  const preset = /^(\d+)d$/.exec(range);
  if (preset && (PRESETS as readonly string[]).includes(range)) return { from: addDays(today, 1 - Number(preset[1])), to: today };
  const month = /^month:(\d{4})-(\d{2})$/.exec(range);
  if (month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    if (m < 1 || m > 12) return null;
    const from = `${month[1]}-${month[2]}-01`;
    const to = lastDayOfMonth(y, m);
    return from > today ? null : { from, to: earlier(to, today) };
  }
  const season = /^season:(\d{4})-(spring|summer|autumn|winter)$/.exec(range);
  if (season) {
    const y = Number(season[1]);
    const start = { spring: 3, summer: 6, autumn: 9, winter: 12 }[season[2] as Season];
    const from = `${y}-${String(start).padStart(2, '0')}-01`;
    // winter YYYY: December YYYY to February YYYY+1
    const to = start === 12 ? lastDayOfMonth(y + 1, 2) : lastDayOfMonth(y, start + 2);
    return from > today ? null : { from, to: earlier(to, today) };
  }
  return null;
}

/** The last `count` months that have begun, newest first (2026-12, 2026-11, …). */
export function recentMonths(now: number, count = 12): string[] {
  const [y, m] = beijingDate(now).split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return d.toISOString().slice(0, 7);
  });
}

/** The last `count` seasons that have begun, newest first, as 2026-winter … */
export function recentSeasons(now: number, count = 4): string[] {
  const [y, m] = beijingDate(now).split('-').map(Number) as [number, number];
  // the season holding today: Jan/Feb belong to the previous year's winter
  let year = m <= 2 ? y - 1 : y;
  let index = m <= 2 ? 3 : m <= 5 ? 0 : m <= 8 ? 1 : m <= 11 ? 2 : 3;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${year}-${SEASONS[index]}`);
    index -= 1;
    if (index < 0) {
      index = 3;
      year -= 1;
    }
  }
  return out;
}

export const DEFAULT_RANGE: Preset = '90d';

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

const bounded = (value: string | null, min: number, max: number, fallback: number): number => {
  const n = value !== null && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return n >= min && n <= max ? n : fallback;
};

/** The view a search string describes; anything missing or malformed takes its default. */
export function parseView(search: string, now: number): PlannerView {
  const p = new URLSearchParams(search);
  const get = (name: string) => p.get(name) || null;
  let range = get('range');
  let from = get('from');
  let to = get('to');
  if (!(from && DATE.test(from) && to && DATE.test(to))) {
    // no explicit days: the range control's, or the default
    const days = (range && rangeDays(range, now)) || rangeDays(DEFAULT_RANGE, now)!;
    if (!range || !rangeDays(range, now)) range = DEFAULT_RANGE;
    from = days.from;
    to = days.to;
  }
  const filters: PlannerView['filters'] = { from, to };
  for (const name of ['category', 'source', 'stage', 'street', 'community'] as const) {
    const v = get(name);
    if (v) filters[name] = v;
  }
  const drillText = get('drill');
  let drill: PlannerView['drill'] = { level: 'core' };
  if (drillText) {
    const [level, id] = drillText.split(':');
    if ((DRILL_LEVELS as readonly string[]).includes(level!) && level !== 'core' && id && /^\d+$/.test(id))
      drill = { level: level as DrillLevel, id };
  }
  return {
    filters,
    range,
    analysis: pick(get('analysis'), ANALYSES, 'gistar'),
    split: pick(get('split'), ['median', 'q3'] as const, 'median'),
    tab: pick(get('tab'), TABS, 'quadrant'),
    by: pick(get('by'), ['main', 'sub'] as const, 'main'),
    drill,
    recur: { n: bounded(get('n'), 2, 50, 3), days: bounded(get('days'), 1, 366, 30) },
    theme: get('theme') === 'dark' ? 'dark' : 'light',
  };
}

/** `search` with each named parameter set, or removed when null or ''; the others kept. */
export function withParams(search: string, patch: Readonly<Record<string, string | null | undefined>>): string {
  const params = new URLSearchParams(search);
  for (const [name, value] of Object.entries(patch)) {
    if (value === null || value === undefined || value === '') params.delete(name);
    else params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The parameters that choose a range control: its days written out as well, so the link keeps them. */
export function rangePatch(range: string, now: number): Record<string, string | null> {
  const days = rangeDays(range, now);
  return days ? { range, from: days.from, to: days.to } : {};
}

/** The drill-down's parameter for an area (core: none). */
export const drillParam = (level: DrillLevel, id?: string): string | null => (level === 'core' || !id ? null : `${level}:${id}`);

/** The Monday (Beijing calendar) after today: the week a patrol plan is for. */
export function nextMonday(now: number): string {
  const today = beijingDate(now);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(today, (8 - weekday) % 7 || 7);
}
