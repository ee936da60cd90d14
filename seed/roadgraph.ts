// The routing graph (issue 14 item 4): the real OSM ways (core_roads_osm2013 and the walkable ways of
// core_extra_ways_sparsetaxi) noded where they cross or touch, endpoints within ~1 m snapped together,
// into road_node / road_edge for pgRouting, with a travel cost per class (ROAD_SPEED_KMH), one-way
// streets closed backwards for vehicles and foot-only ways closed to them. Deterministic: pure SQL over
// the files in their order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LineString, MultiLineString } from 'geojson';
import { realDataDir } from '../server/paths.ts';
import type { Generator, SeedContext } from './context.ts';

/** Vehicle speeds by OSM class, km/h (central Beijing traffic, not limits); null: closed to vehicles. */
export const ROAD_SPEED_KMH: Record<string, number | null> = {
  motorway: 60,
  motorway_link: 40,
  trunk: 50,
  trunk_link: 30,
  primary: 40,
  primary_link: 30,
  secondary: 35,
  secondary_link: 25,
  tertiary: 30,
  tertiary_link: 20,
  unclassified: 20,
  road: 20,
  access_ramp: 20,
  residential: 15,
  service: 10,
  living_street: 10,
  pedestrian: null,
  footway: null,
  steps: null,
  cycleway: null,
  path: null,
  other: null,
};
/** On foot, km/h, on every way but the motorways; steps slower. */
export const FOOT_KMH = 4.5;
export const STEPS_KMH = 2.5;
const NO_FOOT = new Set(['motorway', 'motorway_link']);
/** Endpoints closer than this (degrees, ~0.85–1.1 m here) are one node; ends this near a way split it. */
const SNAP_DEG = 1e-5;

interface Way {
  geometry: LineString | MultiLineString;
  properties: { highway: string; name: string | null; name_sparsetaxi?: string; oneway: number };
}

function* ways(): IterableIterator<[string, string | null, boolean, string]> {
  for (const file of ['core_roads_osm2013.geojson', 'core_extra_ways_sparsetaxi.geojson']) {
    const fc = JSON.parse(readFileSync(join(realDataDir, file), 'utf8')) as { features: Way[] };
    for (const f of fc.features) {
      const p = f.properties;
      const lines = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const coordinates of lines) {
        if (coordinates.length < 2) continue;
        yield [p.highway, p.name_sparsetaxi ?? p.name, p.oneway === 1, JSON.stringify({ type: 'LineString', coordinates })];
      }
    }
  }
}

const generator: Generator = {
  name: 'roadgraph',
  async run(ctx: SeedContext) {
    const step = ctx.progress.step('road graph', 5);
    const db = ctx.db;
    await db.query(`create temp table rg_in (seq serial, highway text, name text, oneway boolean, gj text) on commit drop`);
    await ctx.copy('rg_in', ['highway', 'name', 'oneway', 'gj'], ways());
    await db.query(`
      create temp table rg_way on commit drop as
      select seq as id, highway, name, oneway, st_setSRID(st_geomFromGeoJSON(gj), 4326) as geom from rg_in order by seq;
      -- 1. endpoints within SNAP_DEG are one point (the cluster's centroid)
      create temp table rg_end on commit drop as
      select id, e, g, st_clusterDBSCAN(g, eps := ${SNAP_DEG}, minpoints := 1) over (order by id, e) as c from (
        select id, 0 as e, st_startPoint(geom) as g from rg_way union all select id, 1, st_endPoint(geom) from rg_way) x;
      create temp table rg_centre on commit drop as select c, st_centroid(st_collect(g)) as g from rg_end group by c;
      update rg_way w set geom = st_setPoint(st_setPoint(w.geom, 0, s.g), st_nPoints(w.geom) - 1, t.g)
        from rg_end es join rg_centre s on s.c = es.c, rg_end et join rg_centre t on t.c = et.c
       where es.id = w.id and es.e = 0 and et.id = w.id and et.e = 1;
      create index on rg_way using gist (geom);
      analyze rg_way;`);
    step.tick();
    // 2. where each way is cut: crossings with other ways, and other ways' ends that touch it mid-way
    await db.query(`
      create temp table rg_x on commit drop as
      select a.id as a, b.id as b, (st_dump(st_collectionExtract(st_intersection(a.geom, b.geom), 1))).geom as g
        from rg_way a join rg_way b on a.id < b.id and st_intersects(a.geom, b.geom);
      create temp table rg_cut on commit drop as select a as id, g from rg_x union all select b, g from rg_x;`);
    await db.query(`
      create index on rg_centre using gist (g);
      analyze rg_centre;
      insert into rg_cut
      select a.id, st_closestPoint(a.geom, e.g)
        from rg_centre e cross join lateral (
          select id, geom from rg_way a where st_dWithin(a.geom, e.g, ${SNAP_DEG})
             and not st_dWithin(st_startPoint(a.geom), e.g, ${SNAP_DEG / 10}) and not st_dWithin(st_endPoint(a.geom), e.g, ${SNAP_DEG / 10})) a;`);
    await db.query(`
      create temp table rg_piece on commit drop as
      select w.id as way, p.path[1] as k, p.geom from rg_way w
        left join (select id, st_collect(g order by st_x(g), st_y(g)) as pts from rg_cut group by id) c on c.id = w.id
        cross join lateral st_dump(case when c.pts is null then w.geom
                                        else st_split(st_snap(w.geom, c.pts, 1e-9), c.pts) end) p
       where st_length(p.geom) > 0;`);
    step.tick();
    // 3. nodes: piece ends within SNAP_DEG of each other
    await db.query(`
      create temp table rg_pend on commit drop as
      select way, k, e, g, st_clusterDBSCAN(g, eps := ${SNAP_DEG}, minpoints := 1) over (order by way, k, e) as c from (
        select way, k, 0 as e, st_startPoint(geom) as g from rg_piece union all select way, k, 1, st_endPoint(geom) from rg_piece) x;
      insert into road_node (id, geom)
      select c + 1, st_centroid(st_collect(g)) from rg_pend group by c order by c;`);
    step.tick();
    const speeds = Object.entries(ROAD_SPEED_KMH)
      .map(([k, v]) => `when '${k}' then ${v ?? 'null'}`)
      .join(' ');
    await db.query(
      `
      insert into road_edge (id, source, target, highway, name, oneway, length_m, cost_s, reverse_cost_s, foot_s, geom)
      select row_number() over (order by p.way, p.k), s.c + 1, t.c + 1, w.highway, w.name, w.oneway, x.len,
             coalesce(x.len / (x.kmh / 3.6), -1),
             case when w.oneway then -1 else coalesce(x.len / (x.kmh / 3.6), -1) end,
             case when w.highway = any($1) then -1 else x.len / ((case when w.highway = 'steps' then ${STEPS_KMH} else ${FOOT_KMH} end) / 3.6) end,
             x.geom
        from rg_piece p join rg_way w on w.id = p.way
        join rg_pend s on s.way = p.way and s.k = p.k and s.e = 0
        join rg_pend t on t.way = p.way and t.k = p.k and t.e = 1
        cross join lateral (select st_setPoint(st_setPoint(p.geom, 0, ns.geom), st_nPoints(p.geom) - 1, nt.geom) as geom
                              from road_node ns, road_node nt where ns.id = s.c + 1 and nt.id = t.c + 1) g
        cross join lateral (select g.geom, st_length(g.geom::geography) as len, (case w.highway ${speeds} else 20 end)::float8 as kmh) x
       where s.c <> t.c
       order by p.way, p.k`,
      [[...NO_FOOT]],
    );
    await db.query('analyze road_edge; analyze road_node');
    step.tick();
    // 4. the parts units and scenes snap to: the vehicles' largest strongly connected part, the walkers' largest part
    await db.query(`
      with comp as (select node, component from pgr_strongComponents(
             'select id, source, target, cost_s as cost, reverse_cost_s as reverse_cost from road_edge where cost_s > 0 or reverse_cost_s > 0')),
           big as (select component from comp group by component order by count(*) desc, component limit 1)
      update road_node n set car = true from comp, big where comp.node = n.id and comp.component = big.component;
      with comp as (select node, component from pgr_connectedComponents(
             'select id, source, target, foot_s as cost, foot_s as reverse_cost from road_edge where foot_s > 0')),
           big as (select component from comp group by component order by count(*) desc, component limit 1)
      update road_node n set foot = true from comp, big where comp.node = n.id and comp.component = big.component;`);
    step.tick();
    step.done();
  },
};

export default generator;
