// Makes the city: runs one generator per kind of thing, in dependency order, in one transaction,
// so a failed or interrupted seed leaves an empty database that the next start seeds again.
import type pg from 'pg';
import { type Generator, makeContext, type Progress, type Scale } from './context.ts';

/** Order matters: each generator may read what the ones before it wrote. */
async function generators(): Promise<Generator[]> {
  const all = [
    'areas',
    'grid',
    'people',
    'basemap',
    'alleys',
    'buildings',
    'crowds',
    'classes',
    'sensors',
    'categories',
    'cases',
    'readings',
    'patrols',
    'units',
    'roadgraph',
    'incidents',
  ];
  // For developing one generator: XIUHUA_SEED_ONLY=areas,grid runs just those (in the order above).
  const only = process.env.XIUHUA_SEED_ONLY?.split(',').map((s) => s.trim());
  const names = only ? all.filter((n) => only.includes(n)) : all;
  // Node resolves these imports, not vite: the comment keeps vitest's transform from warning about them.
  const mods = await Promise.all(names.map((n) => import(/* @vite-ignore */ `./${n}.ts`) as Promise<{ default: Generator }>));
  return mods.map((m) => m.default);
}

export interface SeedOptions {
  seed: number;
  scale: Scale;
  anchor: Date;
  progress: Progress;
  log?: (msg: string) => void;
}

/** True when the database holds a finished seed. */
export async function isSeeded(db: pg.ClientBase | pg.Pool): Promise<boolean> {
  const { rows } = await db.query('select 1 from seed_run where finished_at is not null limit 1');
  return rows.length > 0;
}

export async function seedCity(db: pg.ClientBase, opts: SeedOptions): Promise<Record<string, number>> {
  const log = opts.log ?? (() => {});
  const ctx = makeContext(db, opts.seed, opts.scale, opts.anchor, opts.progress, log);
  await db.query('begin');
  try {
    // The seed is trusted, bulk data: skip per-row synchronous flushes; the commit is still durable.
    await db.query('set local synchronous_commit = off');
    const { rows } = await db.query<{ id: number }>('insert into seed_run (seed, scale, anchor) values ($1, $2, $3) returning id', [
      opts.seed,
      opts.scale.name,
      opts.anchor,
    ]);
    for (const g of await generators()) {
      const t0 = Date.now();
      await g.run(ctx);
      log(`seed: ${g.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    const counts = await tableCounts(db);
    await db.query('update seed_run set finished_at = now(), counts = $2 where id = $1', [rows[0]!.id, counts]);
    await db.query('commit');
    await db.query('analyze');
    return counts;
  } catch (err) {
    await db.query('rollback');
    throw err;
  }
}

const COUNTED = [
  'admin_area',
  'grid_cell',
  'alley',
  'alley_steward',
  'person',
  'department',
  'account',
  'crowd_area',
  'crowd_count',
  'sensor',
  'sensor_reading',
  'category',
  'cases',
  'case_department',
  'case_event',
  'patrol_log',
  'resource_unit',
  'incident',
  'basemap_road',
  'basemap_building',
  'basemap_water',
  'basemap_green',
  'basemap_place',
];

export async function tableCounts(db: pg.ClientBase): Promise<Record<string, number>> {
  const sql = COUNTED.map((t) => `select '${t}' as t, count(*)::int as n from ${t}`).join(' union all ');
  const { rows } = await db.query<{ t: string; n: number }>(sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
