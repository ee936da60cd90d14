// What every seed generator receives: the database, deterministic randomness, the scale, the
// anchor time (the seeded year ends there) and a progress reporter.
import type pg from 'pg';
import { type CopyValue, copyRows } from './copy.ts';
import { createRng, type Rng } from './rng.ts';

export interface Scale {
  name: string;
  /** Cases over the seeded year. */
  cases: number;
  /** Days of sensor readings and crowd counts before the anchor. */
  readingDays: number;
  /** Days of patrol logs before the anchor. */
  patrolDays: number;
  /** Share of synthetic buildings kept (1 = all). */
  buildingShare: number;
}

export const SCALES: Record<string, Scale> = {
  // small: the same real geography, little history; seeds in seconds for tests
  small: { name: 'small', cases: 6_000, readingDays: 1, patrolDays: 1, buildingShare: 0.25 },
  default: { name: 'default', cases: 420_000, readingDays: 7, patrolDays: 7, buildingShare: 1 },
};

/** "small" | "default" | a case count such as 10M, 2.5m, 800k or 1000000. */
export function parseScale(text: string): Scale {
  const known = SCALES[text];
  if (known) return known;
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text);
  if (!m) throw new Error(`unknown scale "${text}": use small, default or a case count such as 10M`);
  const factor = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[m[2] as '' | 'k' | 'K' | 'm' | 'M'];
  const cases = Math.round(Number(m[1]) * factor);
  if (cases < 1) throw new Error('scale must be at least 1 case');
  return { ...SCALES.default!, name: text, cases };
}

export interface Step {
  tick(n?: number): void;
  done(): void;
}

export interface Progress {
  step(name: string, total: number): Step;
}

export interface SeedContext {
  db: pg.ClientBase;
  seed: number;
  scale: Scale;
  /** End of the seeded history (exclusive). Same seed + same anchor → same data. */
  anchor: Date;
  rng(stream: string): Rng;
  progress: Progress;
  copy(table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>, step?: Step): Promise<number>;
  log(msg: string): void;
}

export interface Generator {
  name: string;
  run(ctx: SeedContext): Promise<void>;
}

export function makeContext(
  db: pg.ClientBase,
  seed: number,
  scale: Scale,
  anchor: Date,
  progress: Progress,
  log: (msg: string) => void,
): SeedContext {
  return {
    db,
    seed,
    scale,
    anchor,
    progress,
    log,
    rng: (stream) => createRng(seed, stream),
    copy: (table, columns, rows, step) => copyRows(db, table, columns, rows, step ? (n) => step.tick(n) : undefined),
  };
}

/** The seeded year ends at the start of the current minute, so history runs up to "now". */
export function defaultAnchor(): Date {
  const d = new Date();
  d.setSeconds(0, 0);
  return d;
}
