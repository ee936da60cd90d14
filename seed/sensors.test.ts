// The seeded sensing network, crowds and patrols, checked in PostGIS: the sources' inventory device
// for device, the manhole pilot in one community, readings and crowd counts over the whole window,
// statuses that follow the readings, and patrol tracks that stay inside the core area.

import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../server/db/pool.ts';
import { REPORT_EVERY_MIN } from '../server/domain/alarms.ts';
import { beijingDayStart } from '../server/domain/beijing.ts';
import { fullDatabaseUrl } from '../test/db.ts';
import { parseScale, type Scale } from './context.ts';
import { KEY_AREAS, stationAreas } from './crowds.ts';
import { INVENTORY, MANHOLE_COMMUNITY, SENSOR_SPECS } from './sensors.ts';

let db: pg.Pool;
let scale: Scale;
let anchor: Date;
beforeAll(async () => {
  db = createPool(fullDatabaseUrl(), 2);
  const run = (
    await db.query<{ scale: string; anchor: Date }>(
      'select scale, anchor from seed_run where finished_at is not null order by id desc limit 1',
    )
  ).rows[0]!;
  scale = parseScale(run.scale);
  anchor = run.anchor;
});
afterAll(() => db.end());

const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows[0]!;
const MINUTE = 60_000;
const DAY = 86_400_000;

describe('sensors', () => {
  it('has exactly the inventory of the sources: 37 rain, 3 snow, 11 waterlogging, 500 covers + 6 concentrators, ~10 air', async () => {
    const { rows } = await db.query<{ kind: string; n: number }>('select kind, count(*)::int as n from sensor group by kind');
    expect(Object.fromEntries(rows.map((r) => [r.kind, r.n]))).toEqual({
      rain_gauge: 37,
      snow_gauge: 3,
      waterlogging: 11,
      manhole_cover: 500,
      concentrator: 6,
      air_quality: 10,
      crowd_counter: INVENTORY.crowd_counter,
    });
  });

  it('places every device in a grid cell, with its community, street and district', async () => {
    const r = await one<{ unplaced: number; outside: number }>(`
      select count(*) filter (where s.grid_cell_id is null or s.community_id is null or s.street_id is null
                                 or s.district_id is null)::int as unplaced,
             count(*) filter (where not st_covers(g.geom, s.geom))::int as outside
        from sensor s left join grid_cell g on g.id = s.grid_cell_id`);
    expect(r).toEqual({ unplaced: 0, outside: 0 });
  });

  it('puts all 506 manhole-cover devices in Xijiaominxiang community, each cover reporting to one of its concentrators', async () => {
    const { rows } = await db.query<{ community: string; n: number }>(`
      select c.name as community, count(*)::int as n from sensor s join admin_area c on c.id = s.community_id
       where s.kind in ('manhole_cover', 'concentrator') group by c.name`);
    expect(rows).toEqual([{ community: MANHOLE_COMMUNITY, n: 506 }]);
    const r = await one<{ orphans: number; used: number }>(`
      select count(*) filter (where d.id is null or d.kind <> 'concentrator')::int as orphans, count(distinct d.id)::int as used
        from sensor s left join sensor d on d.id = s.concentrator_id where s.kind = 'manhole_cover'`);
    expect(r).toEqual({ orphans: 0, used: 6 });
  });

  it('has crowd counters only in Xidan, Financial Street and Shichahai, each inside its area', async () => {
    const { rows } = await db.query<{ code: string; n: number; inside: boolean }>(`
      select a.code, count(*)::int as n, bool_and(st_covers(a.geom, s.geom)) as inside
        from sensor s join crowd_area a on a.id = s.crowd_area_id where s.kind = 'crowd_counter' group by a.code order by a.code`);
    expect(rows.map((r) => r.code)).toEqual(['jinrongjie', 'shichahai', 'xidan']);
    expect(rows.every((r) => r.n > 0 && r.inside)).toBe(true);
  });

  it('gives each kind its unit and alarm thresholds', async () => {
    const { rows } = await db.query<{ kind: keyof typeof SENSOR_SPECS; unit: string; above: number | null; below: number | null }>(`
      select distinct kind, unit, alarm_above as above, clear_below as below from sensor order by kind`);
    expect(rows).toHaveLength(7);
    for (const r of rows) {
      const spec = SENSOR_SPECS[r.kind];
      expect([r.unit, r.above, r.below], r.kind).toEqual([spec.unit, spec.alarmAbove, spec.clearBelow]);
    }
  });
});

describe('readings', () => {
  it('covers readingDays before the anchor for every regular sensor, up to the anchor and not past it', async () => {
    const { rows } = await db.query<{ kind: keyof typeof SENSOR_SPECS; first: Date; last: Date; sensors: number; total: number }>(`
      select s.kind, min(r.at) as first, max(r.at) as last, count(distinct r.sensor_id)::int as sensors, count(*)::int as total
        from sensor_reading r join sensor s on s.id = r.sensor_id group by s.kind`);
    expect(rows).toHaveLength(7);
    const from = anchor.getTime() - scale.readingDays * DAY;
    for (const r of rows) {
      const every = REPORT_EVERY_MIN[r.kind] * MINUTE;
      expect(r.first.getTime(), r.kind).toBeGreaterThanOrEqual(from);
      expect(r.first.getTime(), r.kind).toBeLessThan(from + every);
      expect(r.last.getTime(), r.kind).toBeLessThan(anchor.getTime());
      expect(r.last.getTime(), r.kind).toBeGreaterThanOrEqual(anchor.getTime() - every);
      expect(r.sensors, r.kind).toBe(INVENTORY[r.kind]);
    }
  });

  it('has a crowd count every 5 minutes for every crowd area, with flows that add up', async () => {
    const r = await one<{ areas: number; min_rows: number; max_rows: number; unbalanced: number }>(`
      select count(distinct crowd_area_id)::int as areas, min(n)::int as min_rows, max(n)::int as max_rows,
             (select count(*)::int from (select count - lag(count) over w as delta, inflow - outflow as net
                                           from crowd_count window w as (partition by crowd_area_id order by at)) x
               where x.delta <> x.net) as unbalanced
        from (select crowd_area_id, count(*) as n from crowd_count group by crowd_area_id) c`);
    expect(r.areas).toBe(KEY_AREAS.length + stationAreas().length);
    expect(r.min_rows).toBe(r.max_rows);
    expect(r.min_rows).toBe(scale.readingDays * 288);
    expect(r.unbalanced).toBe(0);
  });

  it('pushes a key area past its alarm share of capacity at some point in a week', async () => {
    if (scale.readingDays < 7) return; // a single day need not hold a weekend evening
    const r = await one<{ over: number }>(`
      select count(*)::int as over from crowd_count c join crowd_area a on a.id = c.crowd_area_id
       where a.kind = 'key_area' and c.count > a.capacity * coalesce(a.alarm_share, 0.85)`);
    expect(r.over).toBeGreaterThan(0);
  });

  it('keeps each sensor status consistent with its last reading and thresholds', async () => {
    const { rows } = await db.query<{
      kind: string;
      status: string;
      last_value: number;
      alarm_above: number | null;
      clear_below: number | null;
      value: number;
    }>(`
      select s.kind, s.status, s.last_value, s.alarm_above, s.clear_below,
             (select value from sensor_reading r where r.sensor_id = s.id order by at desc limit 1) as value
        from sensor s`);
    for (const r of rows) {
      expect(r.value).toBe(r.last_value);
      if (r.status === 'alarm') expect(r.last_value).toBeGreaterThan(r.clear_below!);
      if (r.status === 'normal' && r.alarm_above !== null) expect(r.last_value).toBeLessThan(r.alarm_above);
    }
    const covers = rows.filter((r) => r.kind === 'manhole_cover');
    expect(covers.filter((r) => r.status === 'alarm').length).toBeGreaterThan(0);
    expect(covers.filter((r) => r.status === 'offline').length).toBeGreaterThan(0);
    expect(covers.filter((r) => r.status === 'normal').length).toBeGreaterThan(480);
  });
});

describe('crowd areas', () => {
  it('puts the key areas at their real places, as valid polygons inside the core area, with capacity', async () => {
    const { rows } = await db.query<{ code: string; inside: boolean; capacity: number }>(`
      with core as (select st_union(geom) as geom from admin_area where level = 'district')
      select a.code, st_isValid(a.geom) and st_covers(core.geom, a.geom) as inside, a.capacity
        from crowd_area a, core where a.kind = 'key_area' order by a.id`);
    expect(rows.map((r) => r.code)).toEqual(KEY_AREAS.map((a) => a.code));
    expect(rows.every((r) => r.inside && r.capacity > 0)).toBe(true);
    const xidan = await one<{ street: string }>(`
      select s.name as street from crowd_area a join admin_area s on s.level = 'street' and st_covers(s.geom, st_centroid(a.geom))
       where a.code = 'xidan'`);
    expect(xidan.street).toBe('西长安街街道');
  });

  it('makes the grid cells under a crowd area crowded places (unless they are key control zones)', async () => {
    const r = await one<{ ordinary: number }>(`
      select count(*)::int as ordinary from grid_cell g
       where g.class not in ('crowded', 'key_control') and exists (select 1 from crowd_area a where st_intersects(a.geom, g.geom))`);
    expect(r.ordinary).toBe(0);
  });
});

describe('patrols', () => {
  it('logs grid patrollers around their own cells and chiefs along their own alleys over patrolDays', async () => {
    const r = await one<{
      cell_walks: number;
      foreign_cells: number;
      alley_walks: number;
      foreign_alleys: number;
      first: Date;
      last: Date;
    }>(`
      select count(*) filter (where l.grid_cell_id is not null)::int as cell_walks,
             count(*) filter (where l.grid_cell_id is not null and g.patroller_id <> l.person_id)::int as foreign_cells,
             count(*) filter (where l.alley_id is not null)::int as alley_walks,
             count(*) filter (where l.alley_id is not null and a.chief_id <> l.person_id)::int as foreign_alleys,
             min(l.started_at) as first, max(l.ended_at) as last
        from patrol_log l left join grid_cell g on g.id = l.grid_cell_id left join alley a on a.id = l.alley_id`);
    expect(r.foreign_cells).toBe(0);
    expect(r.foreign_alleys).toBe(0);
    expect(r.cell_walks).toBeGreaterThan(1000);
    expect(r.alley_walks).toBeGreaterThan(1000);
    expect(r.first.getTime()).toBeGreaterThanOrEqual(anchor.getTime() - scale.patrolDays * DAY);
    expect(r.last.getTime()).toBeLessThan(anchor.getTime());
  });

  it('walks each alley twice on most full days (chiefs patrol at least twice a day)', async () => {
    if (scale.patrolDays < 2) return; // a one-day window holds no full day
    const yesterday = beijingDayStart(anchor.getTime()) - DAY;
    const r = await one<{ share: number }>(
      `
      select avg((count(l.id) >= 2)::int) over ()::float8 as share
        from alley a left join patrol_log l on l.alley_id = a.id and l.started_at >= $1 and l.started_at < $2
       group by a.id limit 1`,
      [new Date(yesterday), new Date(yesterday + DAY)],
    );
    expect(r.share).toBeGreaterThan(0.9);
  });

  it('has valid tracks that stay inside the core area and inside their grid cell', async () => {
    const r = await one<{ invalid: number; outside_core: number; outside_cell: number; untracked: number }>(`
      with core as (select st_union(geom) as geom from admin_area where level = 'district')
      select count(*) filter (where not st_isValid(l.track) or st_numPoints(l.track) < 2)::int as invalid,
             count(*) filter (where not st_covers(core.geom, l.track))::int as outside_core,
             count(*) filter (where g.id is not null and not st_covers(g.geom, l.track))::int as outside_cell,
             count(*) filter (where l.track is null)::int as untracked
        from patrol_log l cross join core left join grid_cell g on g.id = l.grid_cell_id`);
    expect(r).toEqual({ invalid: 0, outside_core: 0, outside_cell: 0, untracked: 0 });
  });
});
