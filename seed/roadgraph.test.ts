// The routing graph on the seeded city: built from every OSM way, noded, one-way streets closed
// backwards, and connected — from the centre (116.397, 39.916) one reaches ≥ 95% of the core area's
// nodes on foot and by vehicle along legal directions.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../server/db/pool.ts';
import { fullDatabaseUrl } from '../test/db.ts';

let db: pg.Pool;
beforeAll(() => {
  db = createPool(fullDatabaseUrl(), 2);
});
afterAll(() => db.end());

const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows[0]!;
const CORE = `(select st_union(geom) from admin_area where level = 'district')`;
const CENTRE = 'st_setSRID(st_makePoint(116.397, 39.916), 4326)';

describe('road graph', () => {
  it('holds the OSM ways noded into edges with lengths, costs and one-way streets closed backwards', async () => {
    const g = await one<{ nodes: number; edges: number; km: number; bad: number; oneway: number; against: number; footOnly: number }>(`
      select (select count(*)::int from road_node) as nodes, (select count(*)::int from road_edge) as edges,
             (select sum(length_m) / 1000 from road_edge)::float8 as km,
             (select count(*)::int from road_edge where length_m <= 0 or source = target) as bad,
             (select count(*)::int from road_edge where oneway) as oneway,
             (select count(*)::int from road_edge where oneway and reverse_cost_s <> -1) as against,
             (select count(*)::int from road_edge where highway in ('footway', 'steps', 'pedestrian') and (cost_s <> -1 or foot_s <= 0)) as "footOnly"`);
    expect(g.nodes).toBeGreaterThan(8000);
    expect(g.edges).toBeGreaterThan(g.nodes);
    // the two files hold ~1,540 km + the extra ways; noding never loses length
    expect(g.km).toBeGreaterThan(1540);
    expect(g.bad).toBe(0);
    expect(g.oneway).toBeGreaterThan(1000);
    expect(g.against).toBe(0);
    expect(g.footOnly).toBe(0);
    // ways that cross mid-way share a node: two crossing avenues of the grid are split where they meet
    const crossing = await one<{ n: number }>(`
      select count(*)::int as n from road_node n
       where (select count(*) from road_edge e where e.source = n.id or e.target = n.id) >= 3`);
    expect(crossing.n).toBeGreaterThan(3000);
  });

  it('is connected: ≥ 95% of the core area’s walkable (drivable) nodes are reachable from the centre, on foot and by vehicle', async () => {
    const foot = await one<{ reached: number; all: number }>(`
      with start as (select id from road_node where foot order by geom <-> ${CENTRE} limit 1),
           reach as (select node from pgr_drivingDistance('select id, source, target, foot_s as cost, foot_s as reverse_cost from road_edge where foot_s > 0',
                        (select id from start), 1e9, false))
      select (select count(*)::int from road_node n join reach r on r.node = n.id where st_covers(${CORE}, n.geom)) as reached,
             (select count(distinct n.id)::int from road_node n join road_edge e on n.id in (e.source, e.target)
               where e.foot_s > 0 and st_covers(${CORE}, n.geom)) as all`);
    expect(foot.reached / foot.all).toBeGreaterThanOrEqual(0.95);
    const car = await one<{ reached: number; all: number }>(`
      with start as (select id from road_node where car order by geom <-> ${CENTRE} limit 1),
           reach as (select node from pgr_drivingDistance('select id, source, target, cost_s as cost, reverse_cost_s as reverse_cost from road_edge where cost_s > 0 or reverse_cost_s > 0',
                        (select id from start), 1e9, true))
      select (select count(*)::int from road_node n join reach r on r.node = n.id where st_covers(${CORE}, n.geom)) as reached,
             (select count(distinct n.id)::int from road_node n join road_edge e on n.id in (e.source, e.target)
               where (e.cost_s > 0 or e.reverse_cost_s > 0) and st_covers(${CORE}, n.geom)) as all`);
    expect(car.reached / car.all).toBeGreaterThanOrEqual(0.95);
    console.log(
      `road graph: on foot ${foot.reached}/${foot.all}, by vehicle ${car.reached}/${car.all} of the core area's nodes from the centre`,
    );
  });
});
