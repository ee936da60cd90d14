// bench/emergency: the nearest units ranked by travel time along the road graph with their routes, over the
// in-process app (app.inject: server time, no network) on the seeded city: GET /api/incidents/:code/units
// for 40 units (every kind: vehicles on the directed graph, patrollers and chiefs on foot), at each seeded
// incident's scene, median of `runs` requests after one warm-up. Read-only.

import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import type { NearUnit } from '../server/contracts/emergency.ts';

export interface EmergencyBenchOptions {
  databaseUrl: string;
  runs: number;
  log(line: string): void;
}

export interface EmergencyBenchResult {
  runs: number;
  graph: { nodes: number; edges: number; km: number };
  scenes: { incident: string; p50Ms: number; maxMs: number; units: number; road: number; routePoints: number }[];
}

export const UNITS_TARGET_MS = 300;

export async function benchEmergency(opts: EmergencyBenchOptions): Promise<EmergencyBenchResult> {
  const app = await buildApp({ config: { ...loadConfig(opts.databaseUrl), logLevel: 'warn', poolSize: 4 } });
  try {
    const { token } = await app.auth.issue({ id: 0, username: 'bench', role: 'commander', displayName: 'bench' });
    const {
      rows: [graph],
    } = await app.db.query<{ nodes: number; edges: number; km: number }>(
      `select (select count(*)::int from road_node) as nodes, (select count(*)::int from road_edge) as edges,
              (select round(sum(length_m) / 1000)::int from road_edge) as km`,
    );
    const { rows: incidents } = await app.db.query<{ code: string }>('select code from incident order by opened_at, code limit 5');
    if (incidents.length === 0) throw new Error('no incident in the database: seed it first');
    const scenes: EmergencyBenchResult['scenes'] = [];
    for (const { code } of incidents) {
      const url = `/api/incidents/${code}/units?limit=40`;
      const times: number[] = [];
      let last: NearUnit[] = [];
      for (let k = 0; k <= opts.runs; k++) {
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (k > 0) times.push(ms);
        last = res.json<NearUnit[]>();
      }
      times.sort((a, b) => a - b);
      const s = {
        incident: code,
        p50Ms: Math.round(times[Math.floor((times.length - 1) / 2)]!),
        maxMs: Math.round(times.at(-1)!),
        units: last.length,
        road: last.filter((u) => u.routing === 'road').length,
        routePoints: last.reduce((a, u) => a + u.route.length, 0),
      };
      opts.log(`${code}: p50 ${s.p50Ms} ms (max ${s.maxMs}), ${s.units} units, ${s.road} by road`);
      scenes.push(s);
    }
    return { runs: opts.runs, graph: graph!, scenes };
  } finally {
    await app.close();
  }
}

export function printEmergency(r: EmergencyBenchResult): void {
  console.log(`\nroad graph: ${r.graph.nodes} nodes, ${r.graph.edges} edges, ${r.graph.km} km`);
  console.log(`nearest units with routes (40 units), server time, median of ${r.runs} requests after a warm-up:`);
  for (const s of r.scenes)
    console.log(
      `  ${s.incident}: p50 ${String(s.p50Ms).padStart(4)} ms, max ${String(s.maxMs).padStart(4)} ms — ${s.units} units, ${s.road} by road, ` +
        `${s.routePoints} route points — target ≤ ${UNITS_TARGET_MS} ms: ${s.p50Ms <= UNITS_TARGET_MS ? 'ok' : 'MISSED'}`,
    );
}
