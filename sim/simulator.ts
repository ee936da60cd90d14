// The city simulator: reporters (hotline, patrollers, chiefs, stewards, the public app), the dispatch
// desk, department crews and verifiers moving cases through the loop with realistic delays, and
// rain gauges, underpasses and crowd areas reporting, and the emergency story on their alarms
// (sim/command.ts) — all through the public HTTP API, in simulated
// time that runs `speed` times faster than the clock (the records themselves carry real times).
import type { FeatureCollection, LineString, MultiPolygon, Polygon } from 'geojson';
import {
  type AlleyLine,
  alleyChance,
  alleyLine,
  CELL_CLASS_WEIGHT,
  type CellShape,
  caseRatePerHour,
  cellShape,
  cumulative,
  failsVerification,
  MISDISPATCH_KINDS,
  OUTCOMES,
  otherSource,
  pickCumulative,
  pointInCell,
  pointOnAlley,
  priorityOf,
  rejectReason,
  satisfactionOf,
} from '../seed/behaviour.ts';
import { toXY } from '../seed/geo.ts';
import { createRng, type Rng } from '../seed/rng.ts';
import { crowdFlows, type Storm, stormIntensity, TippingBucket, waterloggingStep } from '../seed/sensors-series.ts';
import type { AlleyProperties } from '../server/contracts/alleys.ts';
import type { CaseDetail, CaseSummary } from '../server/contracts/cases.ts';
import type { Category, Department } from '../server/contracts/directory.ts';
import type { GridCellProperties } from '../server/contracts/grid.ts';
import { HOUR, MINUTE } from '../server/domain/beijing.ts';
import { ApiError, Session } from './api.ts';
import { EmergencyStory } from './command.ts';
import { crowdShareAt, pickCategory, poisson, type Scenario, type Step, scenarioStorm, stepMinutes, URGE_SHARE } from './model.ts';

export interface SimulatorOptions {
  baseUrl: string;
  scenario: Scenario;
  /** Simulated minutes per real minute. */
  speed: number;
  seed?: number;
  /** Real milliseconds between ticks. */
  tickMs?: number;
  /** Password of the seeded accounts the simulator signs in with: xiuhua-<username> by default. */
  password?: (username: string) => string;
  log?: (line: string) => void;
}

export interface SimulatorStats {
  simulatedHours: number;
  reported: number;
  actions: Record<string, number>;
  readings: number;
  crowdCounts: number;
  errors: number;
}

interface SensorInfo {
  code: string;
  kind: string;
  lng: number;
  lat: number;
}
interface CrowdInfo {
  code: string;
  kind?: string;
  capacity: number;
  count?: number | null;
}

/** Which step acts on a case in each stage. */
const STEP_OF_STAGE: Record<string, Step> = {
  reported: 'accept',
  accepted: 'file',
  filed: 'dispatch',
  returned: 'dispatch',
  dispatched: 'handle',
  handled: 'verify',
  closed: 'evaluate',
};
const SENSOR_STEP_MIN = 5;
const MAX_ACTIONS_PER_TICK = 60;

export class Simulator {
  readonly stats: SimulatorStats = { simulatedHours: 0, reported: 0, actions: {}, readings: 0, crowdCounts: 0, errors: 0 };
  private readonly rng: Rng;
  private readonly log: (line: string) => void;
  private desk!: Session;
  private crew!: Session;
  private leader!: Session;
  private command!: EmergencyStory;
  private categories = new Map<string, Category>();
  private departments: Department[] = [];
  private alleys: AlleyLine[] = [];
  private alleyCumulative: Float64Array = new Float64Array();
  private cells: CellShape[] = [];
  private cellCumulative: Float64Array = new Float64Array();
  private sensors: SensorInfo[] = [];
  private crowds: CrowdInfo[] = [];
  /** When each case we have seen is due for its next step (simulated ms), by code and stage. */
  private due = new Map<string, { stage: string; at: number }>();
  private buckets = new Map<string, TippingBucket>();
  private depths = new Map<string, number>();
  private crowdCount = new Map<string, number>();
  private storm: Storm | null = null;
  private simStart = 0;
  private realStart = 0;
  private lastSim = 0;
  private lastSensors = 0;
  private lastUrge = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly opts: SimulatorOptions) {
    this.rng = createRng(opts.seed ?? Date.now() % 2 ** 31, 'simulator');
    this.log = opts.log ?? (() => {});
  }

  /** Simulated now. */
  now(): number {
    return this.simStart + (Date.now() - this.realStart) * this.opts.speed;
  }

  async start(): Promise<void> {
    const password = this.opts.password ?? ((u: string) => `xiuhua-${u}`);
    const base = this.opts.baseUrl;
    const login = (username: string) => Session.login(base, username, password(username));
    [this.desk, this.crew, this.leader] = await Promise.all([login('dispatcher'), login('field'), login('leader')]);
    const [categories, departments, alleys, cells, sensors, crowds] = await Promise.all([
      this.desk.get<Category[]>('/api/categories'),
      this.desk.get<Department[]>('/api/departments'),
      this.desk.get<FeatureCollection<LineString, AlleyProperties>>('/api/alleys'),
      this.desk.get<FeatureCollection<Polygon | MultiPolygon, GridCellProperties>>('/api/grid-cells'),
      this.desk.get<SensorInfo[]>('/api/sensors').catch(() => [] as SensorInfo[]),
      this.desk.get<CrowdInfo[]>('/api/crowds').catch(() => [] as CrowdInfo[]),
    ]);
    this.categories = new Map(categories.map((c) => [c.code, c]));
    this.departments = departments;
    // where cases happen, as in the seeded year: alleys by length, cells by class (the seed's per-cell
    // hotspots are its own draw and not in the API)
    const lines = alleys.features.filter((f) => f.geometry.coordinates.length > 1);
    this.alleys = lines.map((f) => alleyLine(f.geometry.coordinates));
    this.alleyCumulative = cumulative(lines.map((f) => f.properties.lengthM));
    this.cells = cells.features.map((f) => cellShape(f.geometry));
    this.cellCumulative = cumulative(cells.features.map((f) => CELL_CLASS_WEIGHT[f.properties.class] ?? 1));
    this.sensors = sensors.filter((s) => s.kind === 'rain_gauge' || s.kind === 'waterlogging');
    this.crowds = crowds;
    this.command = new EmergencyStory(this.leader, this.crew, this.rng, (action) => this.count(action));
    this.realStart = Date.now();
    this.simStart = this.realStart;
    this.lastSim = this.simStart;
    this.lastSensors = this.simStart - SENSOR_STEP_MIN * MINUTE;
    if (this.opts.scenario === 'rainstorm') this.storm = scenarioStorm(this.simStart);
    this.log(`simulator: ${this.opts.scenario} scenario at ${this.opts.speed}× against ${base}`);
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: unknown) => {
          this.stats.errors++;
          this.log(`simulator: ${err instanceof Error ? err.message : String(err)}`);
        })
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.opts.tickMs ?? 1000);
  }

  /** One line for the log: simulated time, reports, actions by kind, readings, errors. */
  summary(): string {
    const s = this.stats;
    const actions =
      Object.entries(s.actions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none';
    return (
      `${s.simulatedHours.toFixed(1)} simulated hours, ${s.reported} cases reported; actions: ${actions}; ` +
      `${s.readings} sensor readings, ${s.crowdCounts} crowd counts, ${s.errors} errors`
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One step of simulated time: new reports, the loop's work that is due, sensor and crowd readings. */
  async tick(): Promise<void> {
    const now = this.now();
    const dt = now - this.lastSim;
    this.lastSim = now;
    this.stats.simulatedHours = (now - this.simStart) / HOUR;
    await this.report(now, dt);
    await this.work(now);
    if (now - this.lastSensors >= SENSOR_STEP_MIN * MINUTE) {
      const steps = Math.min(12, Math.floor((now - this.lastSensors) / (SENSOR_STEP_MIN * MINUTE)));
      this.lastSensors += steps * SENSOR_STEP_MIN * MINUTE;
      await this.measure(now, steps * SENSOR_STEP_MIN);
      await this.command.watch(now);
    }
    await this.command.tick(now);
    if (now - this.lastUrge >= HOUR) {
      this.lastUrge = now;
      await this.urgeOverdue();
    }
  }

  // ---- reports ------------------------------------------------------------------------------

  private async report(now: number, dt: number): Promise<void> {
    const n = Math.min(500, poisson(this.rng, caseRatePerHour(now) * (dt / HOUR)));
    if (n === 0) return;
    const cases = Array.from({ length: n }, () => this.newCase(now));
    const result = await this.desk.post<{ created: number }>('/api/cases/batch', { cases });
    this.stats.reported += result.created;
  }

  /** A report drawn as the seeded year draws them (seed/cases.ts): category, hotline or not, alley or cell, point, finder. */
  private newCase(now: number) {
    const rng = this.rng;
    const spec = pickCategory(rng, now, this.storm !== null);
    const hotline = rng.chance(spec.hotline);
    const onAlley = this.alleys.length > 0 && (this.cells.length === 0 || rng.chance(alleyChance(spec)));
    const [lng, lat] = onAlley
      ? pointOnAlley(this.alleys[pickCumulative(this.alleyCumulative, rng)]!, rng)
      : pointInCell(this.cells[pickCumulative(this.cellCumulative, rng)]!, rng, 6, 2e-5);
    const source = hotline ? 'hotline' : otherSource(rng, onAlley);
    const place = onAlley ? '胡同内' : '网格内';
    return {
      source,
      categoryCode: spec.code,
      description: `${place}${spec.name}（模拟上报）`,
      lng: round6(lng),
      lat: round6(lat),
      priority: priorityOf(spec.urgency),
    };
  }

  // ---- the loop -----------------------------------------------------------------------------

  private async work(now: number): Promise<void> {
    let budget = MAX_ACTIONS_PER_TICK;
    for (const stage of Object.keys(STEP_OF_STAGE)) {
      const { items } = await this.desk.get<{ items: CaseSummary[] }>(`/api/cases?stage=${stage}&limit=100`);
      for (const c of items) {
        const seen = this.due.get(c.code);
        if (!seen || seen.stage !== c.stage) {
          const urgency = this.categories.get(c.categoryCode)?.urgency;
          this.due.set(c.code, { stage: c.stage, at: now + stepMinutes(STEP_OF_STAGE[stage]!, this.rng, urgency) * MINUTE });
          continue;
        }
        if (seen.at > now || budget <= 0) continue;
        budget--;
        try {
          await this.act(c);
          this.due.delete(c.code); // seen again in its new stage next tick, with a new delay
        } catch (err) {
          this.due.delete(c.code);
          if (err instanceof ApiError && err.status === 409) continue; // moved by someone else meanwhile
          throw err;
        }
      }
    }
    if (this.due.size > 20_000) this.due.clear(); // forget cases that left the newest pages
  }

  private count(action: string): void {
    this.stats.actions[action] = (this.stats.actions[action] ?? 0) + 1;
  }

  /** One step on a case, with the seeded year's outcome rates (seed/behaviour.ts OUTCOMES). */
  private async act(c: CaseSummary): Promise<void> {
    const path = `/api/cases/${c.code}`;
    switch (c.stage) {
      case 'reported': {
        const reason = rejectReason(this.rng);
        if (reason) {
          await this.desk.post(`${path}/reject`, { reason, note: reason === 'duplicate' ? '重复上报' : '不属于受理范围' });
          return this.count('reject');
        }
        await this.desk.post(`${path}/accept`, {});
        return this.count('accept');
      }
      case 'accepted':
        await this.desk.post(`${path}/file`, {});
        return this.count('file');
      case 'filed':
      case 'returned': {
        const detail = await this.desk.get<CaseDetail>(path);
        const tried = new Set(detail.departments.map((d) => d.code));
        const wrong = c.stage === 'filed' && this.rng.chance(OUTCOMES.misdispatch) ? this.wrongDepartment(detail) : null;
        if (wrong) {
          await this.desk.post(`${path}/dispatch`, { departments: [wrong] });
          return this.count('dispatch');
        }
        const kind = this.categories.get(detail.categoryCode)?.departmentKind;
        const departments = this.nearest(detail, (d) => d.kind === kind, 1, c.stage === 'returned' ? tried : new Set());
        const split = this.rng.chance(OUTCOMES.split);
        if (split) departments.push(...this.nearest(detail, (d) => d.kind === 'street_office', 1, new Set(departments)));
        await this.desk.post(`${path}/dispatch`, { departments, note: departments.length > 1 ? '多头派单' : undefined });
        return this.count(c.stage === 'returned' ? 'redispatch' : 'dispatch');
      }
      case 'dispatched': {
        const detail = await this.crew.get<CaseDetail>(path);
        const assigned = detail.departments.filter((d) => d.status === 'assigned');
        const returnedBefore = detail.departments.some((d) => d.status === 'returned');
        for (const d of assigned) {
          // a department sent a case alone that is not its kind of job returns it (once per case, as in the seed)
          if (assigned.length === 1 && !returnedBefore && this.notItsJob(detail, d.code)) {
            await this.crew.post(`${path}/return`, { department: d.code, note: '非本部门职责，申请退单' });
            this.count('return');
          } else {
            await this.crew.post(`${path}/handle`, { department: d.code, note: '已处置完毕，现场已恢复' });
            this.count('handle');
          }
        }
        return;
      }
      case 'handled': {
        const detail = await this.desk.get<CaseDetail>(path);
        const passed = !failsVerification(this.rng, detail.reworkCount);
        await this.desk.post(`${path}/verify`, { passed, note: passed ? '核查通过' : '现场未整改到位' });
        return this.count(passed ? 'close' : 'rework');
      }
      case 'closed': {
        let satisfaction: string | undefined;
        if (c.source === 'hotline') {
          const detail = await this.desk.get<CaseDetail>(path);
          const late =
            detail.reworkCount > 0 ||
            (detail.deadline !== null && detail.handledAt !== null && Date.parse(detail.handledAt) > Date.parse(detail.deadline));
          satisfaction = satisfactionOf(this.rng, late);
        }
        await this.desk.post(`${path}/evaluate`, satisfaction ? { satisfaction } : {});
        return this.count('evaluate');
      }
    }
  }

  /** Rank of a department for a case: the street's own, then the district's, then the city's. */
  private rank(d: Department, c: CaseDetail): number {
    return d.streetCode === c.streetCode ? 0 : d.districtCode === c.streetCode.slice(0, 6) ? 1 : 2;
  }

  /** Up to n departments that fit, nearest first (any department when none fits). */
  private nearest(c: CaseDetail, fits: (d: Department) => boolean, n: number, exclude: Set<string>): string[] {
    const open = this.departments.filter((d) => !exclude.has(d.code));
    const fit = open.filter(fits);
    const pool = (fit.length ? fit : open).sort((a, b) => this.rank(a, c) - this.rank(b, c));
    if (!pool.length) return [];
    const best = pool.filter((d) => this.rank(d, c) === this.rank(pool[0]!, c));
    const chosen = this.rng.shuffle([...best]).slice(0, n);
    if (chosen.length < n) chosen.push(...pool.filter((d) => !chosen.includes(d)).slice(0, n - chosen.length));
    return chosen.map((d) => d.code);
  }

  /** A department of one of the kinds cases are wrongly sent to, other than the right kind; null when there is none. */
  private wrongDepartment(c: CaseDetail): string | null {
    const right = this.categories.get(c.categoryCode)?.departmentKind;
    const kind = this.rng.pick(MISDISPATCH_KINDS);
    if (kind === right) return null;
    const fit = this.departments.filter((d) => d.kind === kind);
    return fit.length ? (this.nearest(c, (d) => d.kind === kind, 1, new Set())[0] ?? null) : null;
  }

  /** True when the department is not of the kind the case's category needs, and one of that kind exists. */
  private notItsJob(c: CaseDetail, code: string): boolean {
    const right = this.categories.get(c.categoryCode)?.departmentKind;
    const dept = this.departments.find((d) => d.code === code);
    return !!dept && dept.kind !== right && this.departments.some((d) => d.kind === right);
  }

  private async urgeOverdue(): Promise<void> {
    let items: CaseSummary[];
    try {
      ({ items } = await this.leader.get<{ items: CaseSummary[] }>('/api/cases?overdue=true&limit=20'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) return; // this server has no overdue filter
      throw err;
    }
    for (const c of items) {
      if (!this.rng.chance(URGE_SHARE)) continue;
      await this.leader.post(`/api/cases/${c.code}/urge`, { note: '已超期，请加快处置' }).catch((err: unknown) => {
        if (!(err instanceof ApiError && err.status === 409)) throw err;
      });
      this.count('urge');
    }
  }

  // ---- sensors and crowds -----------------------------------------------------------------------

  /** One reading per sensor and one count per area for the last `stepMin` simulated minutes. */
  private async measure(now: number, stepMin: number): Promise<void> {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const readings = this.sensors.map((s) => ({ sensor: s.code, at, value: this.sensorValue(s, now, stepMin) }));
    if (readings.length) {
      await this.crew.post('/api/sensors/readings', { readings });
      this.stats.readings += readings.length;
    }
    const counts = this.crowds.map((a) => {
      const share = crowdShareAt(a.code, a.kind ?? 'station', now, this.opts.scenario, this.simStart);
      const count = Math.max(0, Math.round(a.capacity * share * (1 + 0.03 * this.rng.normal())));
      const previous = this.crowdCount.get(a.code) ?? a.count ?? count;
      this.crowdCount.set(a.code, count);
      return { area: a.code, at, count, ...crowdFlows(previous, count, stepMin, 60, this.rng) };
    });
    if (counts.length) {
      await this.crew.post('/api/crowds/counts', { counts });
      this.stats.crowdCounts += counts.length;
    }
  }

  private sensorValue(s: SensorInfo, now: number, stepMin: number): number {
    const mmH = this.storm ? stormIntensity(this.storm, toXY([s.lng, s.lat]), now) : 0;
    const rainMm = (mmH * stepMin) / 60;
    if (s.kind === 'rain_gauge') {
      let bucket = this.buckets.get(s.code);
      if (!bucket) {
        bucket = new TippingBucket();
        this.buckets.set(s.code, bucket);
      }
      return bucket.report(rainMm);
    }
    // Underpasses differ in how much water they collect: a stable property of each site.
    const exposure = 1 + (hash(s.code) % 30) / 10;
    const depth = waterloggingStep(this.depths.get(s.code) ?? 0, rainMm, exposure, stepMin);
    this.depths.set(s.code, depth);
    return Math.round(depth * 10) / 10;
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h;
}
