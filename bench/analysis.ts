// bench/analysis: what the planner's analyses cost the server at the city's scale, over the in-process app
// (app.inject: server time, no network). Each figure is the median of `runs` requests after one warm-up:
//   hotspots  Gi* over every cell for the last year, unfiltered and with each single filter (a main class,
//             one source, one street, the finished stages), and Local Moran's I unfiltered;
//   emerging  52 weekly bins (the last 364 days);
//   quadrant  hotline against grid patrol over the last year;
//   and, with no target in the issue, the tables (top problems, seasonality, recurring places), the drill-down
//   of the core area, and the year's hot spots exported as CSV and as GeoJSON (the whole streamed body).
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { beijingDate, DAY } from '../server/domain/beijing.ts';

export interface AnalysisBenchOptions {
  databaseUrl: string;
  runs: number;
  log(line: string): void;
}

export interface AnalysisFigure {
  what: string;
  url: string;
  p50Ms: number;
  maxMs: number;
  cells: number;
  cases: number;
}
export interface AnalysisBenchResult {
  runs: number;
  figures: AnalysisFigure[];
}

export async function benchAnalysis(opts: AnalysisBenchOptions): Promise<AnalysisBenchResult> {
  const app = await buildApp({ config: { ...loadConfig(opts.databaseUrl), logLevel: 'warn', poolSize: 4 } });
  try {
    const { token } = await app.auth.issue({ id: 0, username: 'bench', role: 'planner', displayName: 'bench' });
    // a date alone as `to` includes that day: the year is the 365 days up to today, 52 weeks its last 364
    const to = beijingDate(Date.now());
    const year = `from=${beijingDate(Date.now() - 364 * DAY)}&to=${to}`;
    const weeks52 = `from=${beijingDate(Date.now() - 363 * DAY)}&to=${to}`;
    // the busiest main class and street, so the filtered figures are not flattered by an empty filter
    const {
      rows: [busy],
    } = await app.db.query<{ category: string; street: string }>(`
      select (select substr(category_code, 1, 3) from case_rollup group by 1 order by sum(n) desc limit 1) as category,
             (select s.code from cases c join admin_area s on s.id = c.street_id group by s.code order by count(*) desc limit 1) as street`);
    const plan: Array<[string, string]> = [
      ['Gi*, no filter', `/api/analysis/hotspots?${year}`],
      [`Gi*, category ${busy!.category}`, `/api/analysis/hotspots?${year}&category=${busy!.category}`],
      ['Gi*, source hotline', `/api/analysis/hotspots?${year}&source=hotline`],
      [`Gi*, street ${busy!.street}`, `/api/analysis/hotspots?${year}&street=${busy!.street}`],
      ['Gi*, stage finished', `/api/analysis/hotspots?${year}&stage=closed,evaluated,rejected`],
      ["Local Moran's I, no filter", `/api/analysis/hotspots?${year}&method=moran`],
      ['emerging, 52 weekly bins', `/api/analysis/emerging?${weeks52}`],
      ['quadrant, median split', `/api/analysis/quadrant?${year}`],
      ['top problems', `/api/analysis/top-problems?${year}`],
      ['seasonal tables', `/api/analysis/seasonal?${year}`],
      ['recurring places', `/api/analysis/recurring?${year}`],
      ['drill-down, core area', `/api/analysis/drilldown?${year}&level=core`],
      ['Gi* as CSV', `/api/analysis/hotspots?${year}&format=csv`],
      ['Gi* as GeoJSON', `/api/analysis/hotspots?${year}&format=geojson`],
      ["a year's cases as CSV", `/api/analysis/cases?${year}`],
    ];
    const figures: AnalysisFigure[] = [];
    for (const [what, url] of plan) {
      const times: number[] = [];
      let meta = { cells: 0, cases: 0 };
      for (let k = 0; k <= opts.runs; k++) {
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (k > 0) times.push(ms); // the first request warms the caches (weights, plans)
        if (res.headers['content-type']?.toString().startsWith('application/json')) {
          const m = res.json<{ meta?: { cells?: number; cases?: number } }>().meta;
          meta = { cells: m?.cells ?? 0, cases: m?.cases ?? 0 };
        }
      }
      times.sort((a, b) => a - b);
      const fig = {
        what,
        url,
        p50Ms: Math.round(times[Math.floor((times.length - 1) / 2)]!),
        maxMs: Math.round(times.at(-1)!),
        cells: meta.cells,
        cases: meta.cases,
      };
      opts.log(`${what}: p50 ${fig.p50Ms} ms (max ${fig.maxMs}) over ${fig.cells} cells, ${fig.cases} cases`);
      figures.push(fig);
    }
    return { runs: opts.runs, figures };
  } finally {
    await app.close();
  }
}

const TARGETS: Array<[RegExp, number]> = [
  [/^Gi\*,/, 300],
  [/^emerging/, 2000],
  [/^quadrant/, 300],
];

export function printAnalysis(r: AnalysisBenchResult): void {
  console.log(`\nanalysis server time, median of ${r.runs} requests after a warm-up:`);
  for (const f of r.figures) {
    const target = TARGETS.find(([re]) => re.test(f.what))?.[1];
    const verdict = target === undefined ? '' : ` — target ≤ ${target} ms: ${f.p50Ms <= target ? 'ok' : 'MISSED'}`;
    console.log(
      `  ${f.what.padEnd(30)} p50 ${String(f.p50Ms).padStart(5)} ms, max ${String(f.maxMs).padStart(5)} ms${f.cells ? ` (${f.cells} cells, ${f.cases} cases)` : ''}${verdict}`,
    );
  }
}
