// Travel times along the road graph (road_edge / road_node, seed/roadgraph.ts) with pgRouting: every
// candidate unit snaps to its nearest node of its mode's graph (vehicles: legal directions; on foot:
// both ways, no motorways), and one Dijkstra from the scene over the *reversed* graph gives every
// unit's cost to the scene at once (many-to-one as one search); the routes of the chosen units come
// from one more Dijkstra, their edges merged into one line each. A unit further than OFF_GRAPH_M from
// the graph keeps the straight-line estimate, labelled as such.
import type pg from 'pg';

/** A unit or a scene this far from its mode's graph is off it: the straight line stands in. */
export const OFF_GRAPH_M = 400;

/** Vehicles along legal directions, reversed (source ↔ target) so one search from the scene answers all. */
const CAR_REVERSED =
  'select id, target as source, source as target, cost_s as cost, reverse_cost_s as reverse_cost from road_edge where cost_s > 0 or reverse_cost_s > 0';
const FOOT = 'select id, source, target, foot_s as cost, foot_s as reverse_cost from road_edge where foot_s > 0';

export interface Candidate {
  ref: string;
  foot: boolean;
  lng: number;
  lat: number;
  /** The kind's city speed, m/s: the legs to and from the graph and the straight-line fallback. */
  speed: number;
}

export interface Travel {
  routing: 'road' | 'straight';
  travelS: number;
  distanceM: number;
  node: number | null;
}

interface Snap {
  node: number | null;
  offM: number;
}

const SNAP_SQL = `
  select s.k, n.id as node, st_distance(n.geom::geography, s.p::geography) as "offM"
    from (select k, st_setSRID(st_makePoint(lng, lat), 4326) as p, foot from jsonb_to_recordset($1::jsonb) as t(k int, lng float8, lat float8, foot boolean)) s
    cross join lateral (select id, geom from road_node where case when s.foot then foot else car end order by geom <-> s.p limit 1) n`;

async function snap(db: pg.Pool | pg.ClientBase, points: { lng: number; lat: number; foot: boolean }[]): Promise<Snap[]> {
  const { rows } = await db.query<{ k: number; node: number; offM: number }>(SNAP_SQL, [
    JSON.stringify(points.map((p, k) => ({ k, ...p }))),
  ]);
  const out: Snap[] = points.map(() => ({ node: null, offM: Infinity }));
  for (const r of rows) out[r.k] = r.offM <= OFF_GRAPH_M ? { node: r.node, offM: r.offM } : { node: null, offM: r.offM };
  return out;
}

/** Cost in seconds from each node to the scene's node (one search per mode). */
async function costs(
  db: pg.Pool | pg.ClientBase,
  sql: string,
  scene: number,
  nodes: number[],
  directed: boolean,
): Promise<Map<number, number>> {
  const m = new Map<number, number>([[scene, 0]]);
  const targets = [...new Set(nodes)].filter((n) => n !== scene);
  if (targets.length === 0) return m;
  const { rows } = await db.query<{ node: number; cost: number }>(
    'select end_vid::int as node, agg_cost as cost from pgr_dijkstraCost($1, $2::bigint, $3::bigint[], $4)',
    [sql, scene, targets, directed],
  );
  for (const r of rows) m.set(r.node, r.cost);
  return m;
}

export interface Scene {
  lng: number;
  lat: number;
}

/** Seconds to the scene for every candidate, by road where both ends are on the graph and a path exists. */
export async function travelTimes(db: pg.Pool | pg.ClientBase, scene: Scene, units: readonly Candidate[]): Promise<Travel[]> {
  const [sceneCar, sceneFoot, ...snaps] = await snap(db, [
    { ...scene, foot: false },
    { ...scene, foot: true },
    ...units.map((u) => ({ lng: u.lng, lat: u.lat, foot: u.foot })),
  ]);
  const nodesOf = (foot: boolean) => units.flatMap((u, k) => (u.foot === foot && snaps[k]!.node !== null ? [snaps[k]!.node!] : []));
  const [car, foot] = await Promise.all([
    sceneCar!.node === null ? new Map<number, number>() : costs(db, CAR_REVERSED, sceneCar!.node, nodesOf(false), true),
    sceneFoot!.node === null ? new Map<number, number>() : costs(db, FOOT, sceneFoot!.node, nodesOf(true), false),
  ]);
  const straight = await straightLines(db, scene, units);
  return units.map((u, k) => {
    const s = snaps[k]!;
    const end = u.foot ? sceneFoot! : sceneCar!;
    const graph = s.node === null ? undefined : (u.foot ? foot : car).get(s.node);
    if (graph === undefined || end.node === null)
      return { routing: 'straight', travelS: straight[k]! / u.speed, distanceM: straight[k]!, node: null };
    return { routing: 'road', travelS: graph + (s.offM + end.offM) / u.speed, distanceM: straight[k]!, node: s.node };
  });
}

async function straightLines(db: pg.Pool | pg.ClientBase, scene: Scene, units: readonly Candidate[]): Promise<number[]> {
  const { rows } = await db.query<{ d: number[] }>(
    `select coalesce(array_agg(st_distance(st_setSRID(st_makePoint(t.lng, t.lat), 4326)::geography,
                                 st_setSRID(st_makePoint($2, $3), 4326)::geography) order by t.k), '{}') as d
       from jsonb_to_recordset($1::jsonb) as t(k int, lng float8, lat float8)`,
    [JSON.stringify(units.map((u, k) => ({ k, lng: u.lng, lat: u.lat }))), scene.lng, scene.lat],
  );
  return rows[0]!.d;
}

/** The road routes (node → scene node) of the given nodes, as [lng, lat] lines, one search per mode. */
export async function routes(
  db: pg.Pool | pg.ClientBase,
  scene: Scene,
  wanted: { node: number; foot: boolean }[],
): Promise<Map<string, [number, number][]>> {
  const out = new Map<string, [number, number][]>();
  const [sceneCar, sceneFoot] = await snap(db, [
    { ...scene, foot: false },
    { ...scene, foot: true },
  ]);
  const run = async (foot: boolean) => {
    const start = (foot ? sceneFoot : sceneCar)!.node;
    const nodes = [...new Set(wanted.filter((w) => w.foot === foot).map((w) => w.node))].filter((n) => n !== start);
    if (start === null) return;
    if (wanted.some((w) => w.foot === foot && w.node === start)) {
      const { rows } = await db.query<{ x: number; y: number }>('select st_x(geom) as x, st_y(geom) as y from road_node where id = $1', [
        start,
      ]);
      out.set(`${foot}:${start}`, [[rows[0]!.x, rows[0]!.y]]);
    }
    if (nodes.length === 0) return;
    // the search runs scene → unit over the reversed (or undirected) graph; each edge is oriented the way
    // the search crossed it, the pieces joined, and the whole line reversed to run unit → scene
    const { rows } = await db.query<{ node: number; line: [number, number][] }>(
      `
      with p as (select end_vid::int as node, path_seq, d.node as at, edge from pgr_dijkstra($1, $2::bigint, $3::bigint[], $4) d where edge > 0)
      select p.node, (st_asGeoJSON(st_reverse(st_makeLine(case when e.source = p.at then e.geom else st_reverse(e.geom) end order by p.path_seq)), 6)::json)->'coordinates' as line
        from p join road_edge e on e.id = p.edge group by p.node`,
      [foot ? FOOT : CAR_REVERSED, start, nodes, !foot],
    );
    for (const r of rows) out.set(`${foot}:${r.node}`, r.line);
  };
  await Promise.all([run(false), run(true)]);
  return out;
}
