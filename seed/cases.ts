// A year of cases with a real shape: daily and weekly rhythm, seasons (summer noise and vendors,
// July–August storms and waterlogging, winter heating), hotspots, ~42% on back alleys, and a full
// trail per case that follows the loop in server/domain/caseflow.ts — most closed and evaluated,
// some rejected, returned, reworked, overdue and urged; those near the anchor still open.
// The database places each case (grid cell, alley, community, street) from its point.

import type { Polygon } from 'geojson';
import { beijing, beijingDateCompact, DAY, HOUR, MINUTE } from '../server/domain/beijing.ts';
import { ACTIONS, type Action, NOTES, type NoteAction, type Stage } from '../server/domain/caseflow.ts';
import { deadlineFrom } from '../server/domain/worktime.ts';
import {
  type AlleyLine,
  alleyChance,
  alleyLine,
  CELL_CLASS_WEIGHT,
  type CellShape,
  cellShape,
  cumulative,
  failsVerification,
  HOURLY,
  MISDISPATCH_KINDS,
  MONTHLY,
  type OtherSource,
  OUTCOMES,
  otherSource,
  pickCumulative,
  pointInCell,
  pointOnAlley,
  priorityOf,
  rejectReason,
  satisfactionOf,
  seasonFactor,
  WEEKLY,
} from './behaviour.ts';
import { withDeferredForeignKeys, withDeferredIndexes } from './bulk.ts';
import type { Generator, SeedContext, Step } from './context.ts';
import type { CopyValue } from './copy.ts';
import { ewkt } from './copy.ts';
import { CATEGORIES, type CategorySpec } from './data/categories.ts';
import { personName, phoneNumber } from './names.ts';
import type { Rng } from './rng.ts';
import { weatherCalendar } from './sensors-weather.ts';

// Rhythms, sources, points and the loop's outcome rates are the city's behaviour (behaviour.ts), which
// the simulator shares; this file turns them into a year of rows.
type Source = 'hotline' | 'sensor' | OtherSource;
/** Case points are stored with this many decimals (ewkt.point, ~1 cm). */
const COORDINATE_DECIMALS = 7;

const SENSOR_CATEGORY: Record<string, string> = { manhole_cover: '10102', waterlogging: '20405' };

interface Cell extends CellShape {
  id: number;
  streetId: number;
  districtId: number;
}
interface Alley extends AlleyLine {
  id: number;
  streetId: number;
  districtId: number;
  name: string;
  chief: Person;
  stewards: Person[];
}
interface Person {
  id: number;
  name: string;
}
interface Department {
  id: number;
  name: string;
  kind: string;
  districtId: number | null;
  streetId: number | null;
  officers: Person[];
}
interface Sensor {
  id: number;
  kind: string;
  lng: number;
  lat: number;
  streetId: number;
  districtId: number;
}

interface World {
  cells: Cell[];
  cellCumulative: Float64Array;
  alleys: Alley[];
  alleyCumulative: Float64Array;
  patrollerOfCell: Map<number, Person>;
  cellStreet: Map<number, number>;
  departments: Department[];
  dispatchers: Map<number, Person[]>;
  sensors: Sensor[];
}

async function loadWorld(ctx: SeedContext): Promise<World> {
  const { db } = ctx;
  const hot = ctx.rng('cases.hotspots');
  const cellRows = (
    await db.query<{ id: number; street_id: number; district_id: number; class: string; g: string }>(
      `select id, street_id, district_id, class, st_asGeoJSON(geom, 15) as g from grid_cell order by id`,
    )
  ).rows;
  const cells: Cell[] = [];
  const cellWeights: number[] = [];
  const cellStreet = new Map<number, number>();
  for (const r of cellRows) {
    cells.push({ id: r.id, streetId: r.street_id, districtId: r.district_id, ...cellShape(JSON.parse(r.g) as Polygon) });
    cellStreet.set(r.id, r.street_id);
    // hotspots: a heavy-tailed per-cell propensity, so a few cells collect many complaints
    cellWeights.push((CELL_CLASS_WEIGHT[r.class] ?? 1) * Math.exp(0.9 * hot.normal()));
  }
  const people = new Map(
    (
      await db.query<{ id: number; name: string }>(
        `select id, name from person where role in ('alley_chief', 'steward', 'grid_patroller', 'dispatcher', 'department_officer')`,
      )
    ).rows.map((p) => [p.id, p]),
  );
  const stewards = new Map<number, Person[]>();
  for (const s of (
    await db.query<{ alley_id: number; person_id: number }>('select alley_id, person_id from alley_steward order by alley_id, person_id')
  ).rows) {
    const list = stewards.get(s.alley_id) ?? [];
    list.push(people.get(s.person_id)!);
    stewards.set(s.alley_id, list);
  }
  const alleyRows = (
    await db.query<{ id: number; street_id: number; district_id: number; name: string; chief_id: number; g: string; length_m: number }>(
      `select a.id, a.street_id, s.parent_id as district_id, a.name, a.chief_id, st_asGeoJSON(a.geom, 7) as g, a.length_m
       from alley a join admin_area s on s.id = a.street_id order by a.id`,
    )
  ).rows;
  const alleys: Alley[] = [];
  const alleyWeights: number[] = [];
  for (const r of alleyRows) {
    alleys.push({
      id: r.id,
      streetId: r.street_id,
      districtId: r.district_id,
      name: r.name,
      chief: people.get(r.chief_id)!,
      stewards: stewards.get(r.id) ?? [],
      ...alleyLine((JSON.parse(r.g) as { coordinates: [number, number][] }).coordinates),
    });
    alleyWeights.push(r.length_m * Math.exp(0.7 * hot.normal()));
  }
  const patrollerOfCell = new Map<number, Person>();
  for (const r of (
    await db.query<{ id: number; patroller_id: number }>('select id, patroller_id from grid_cell where patroller_id is not null')
  ).rows) {
    patrollerOfCell.set(r.id, people.get(r.patroller_id)!);
  }
  const departments = (
    await db.query<{ id: number; name: string; kind: string; district_id: number | null; street_id: number | null }>(
      'select id, name, kind, district_id, street_id from department order by id',
    )
  ).rows.map((d) => ({ id: d.id, name: d.name, kind: d.kind, districtId: d.district_id, streetId: d.street_id, officers: [] as Person[] }));
  for (const o of (
    await db.query<{ id: number; department_id: number }>(
      `select id, department_id from person where role = 'department_officer' order by id`,
    )
  ).rows) {
    departments.find((d) => d.id === o.department_id)!.officers.push(people.get(o.id)!);
  }
  const dispatchers = new Map<number, Person[]>();
  for (const d of (
    await db.query<{ id: number; district_id: number }>(
      `select p.id, a.id as district_id from person p join admin_area a on a.level = 'district'
      and p.organisation like a.name || '%' where p.role = 'dispatcher' order by p.id`,
    )
  ).rows) {
    const list = dispatchers.get(d.district_id) ?? [];
    list.push(people.get(d.id)!);
    dispatchers.set(d.district_id, list);
  }
  const sensors = (
    await db.query<{ id: number; kind: string; lng: number; lat: number; street_id: number; district_id: number }>(
      `select id, kind, st_x(geom) as lng, st_y(geom) as lat, street_id, district_id from sensor
      where kind = any($1) and street_id is not null order by id`,
      [Object.keys(SENSOR_CATEGORY)],
    )
  ).rows.map((s) => ({ id: s.id, kind: s.kind, lng: s.lng, lat: s.lat, streetId: s.street_id, districtId: s.district_id }));
  return {
    cells,
    cellCumulative: cumulative(cellWeights),
    alleys,
    alleyCumulative: cumulative(alleyWeights),
    patrollerOfCell,
    cellStreet,
    departments,
    dispatchers,
    sensors,
  };
}

interface TrailEvent {
  action: Action | NoteAction;
  from: Stage | null;
  to: Stage;
  at: number;
  actor: Person | string;
  department?: number;
  note?: string;
}

interface CaseRow {
  id: number;
  code: string;
  source: Source;
  category: CategorySpec;
  description: string;
  lng: number;
  lat: number;
  priority: number;
  reporterName: string | null;
  reporterPhone: string | null;
  sensorId: number | null;
  events: TrailEvent[];
  departments: { id: number; status: 'assigned' | 'returned' | 'handled'; assignedAt: number; finishedAt: number | null }[];
  deadline: number | null;
  reworks: number;
  urges: number;
  supervised: boolean;
  satisfaction: string | null;
  rejectReason: string | null;
}

const DETAILS: Record<string, string[]> = {
  '101': ['井盖破损', '井盖缺失，存在安全隐患', '井盖移位', '设施损坏'],
  '102': ['设施损坏', '设施倾斜', '缺失'],
  '103': ['破损', '满溢', '脏污'],
  '104': ['枝干断裂', '缺株', '病虫害', '遮挡交通'],
  '105': ['墙体开裂', '屋面漏雨'],
  '106': ['设施损坏', '无法使用'],
  '201': ['影响环境', '群众反映强烈', '多次反映未解决'],
  '202': ['影响市容'],
  '203': ['夜间施工扰民', '未采取防尘措施', '影响通行'],
  '204': ['影响通行，存在安全隐患', '请尽快处置'],
  '205': ['影响通行', '居民反映强烈', '早晚高峰尤为严重'],
  '206': ['居民多次来电反映', '影响正常生活', '请相关部门尽快解决'],
};
const SOURCE_PHRASE: Record<Source, string> = {
  hotline: '市民来电反映：',
  grid_patrol: '网格员巡查发现：',
  alley_chief: '街巷长巡查发现：',
  steward: '小巷管家报告：',
  public_app: '市民随手拍：',
  sensor: '传感器报警：',
  social_media: '网络舆情：',
};

function describe(c: CategorySpec, source: Source, place: string, rng: Rng): string {
  const details = DETAILS[c.code.slice(0, 3)] ?? ['请尽快处理'];
  return `${SOURCE_PHRASE[source]}${place}${c.name}问题，${rng.pick(details)}。`;
}

/** Builds one case's trail from its report time; steps at or after the anchor have not happened yet,
 *  so the case stays in the stage it had reached. */
function liveCase(
  w: World,
  rng: Rng,
  row: CaseRow,
  t0: number,
  anchor: number,
  streetId: number,
  districtId: number,
  cellId: number | null,
  reporter: Person | string,
): void {
  const c = row.category;
  const events = row.events;
  let stage: Stage | null = null;
  const dispatcher = rng.pick(w.dispatchers.get(districtId) ?? [...w.dispatchers.values()][0]!);
  /** Records the step if it has happened by the anchor; false when it (and all after it) lie in the future. */
  const step = (action: Action, at: number, actor: Person | string, department?: number, note?: string): boolean => {
    if (at >= anchor) return false;
    const to = ACTIONS[action].to as Stage;
    events.push({ action, from: stage, to, at, actor, department, note });
    stage = to;
    return true;
  };
  step('report', t0, reporter);
  let t = t0 + rng.range(1, c.urgency === 'danger' ? 8 : 30) * MINUTE;
  const reason = rejectReason(rng);
  if (reason) {
    if (step('reject', t, dispatcher, undefined, reason === 'duplicate' ? '重复上报，已合并' : '不属于受理范围')) row.rejectReason = reason;
    return;
  }
  if (!step('accept', t, dispatcher)) return;
  t += rng.range(2, 25) * MINUTE;
  if (!step('file', t, dispatcher, undefined, `${c.name}，时限${c.limit}${unitName(c.unit)}`)) return;
  const deadline = deadlineFrom(new Date(t), c.limit, c.unit).getTime();
  row.deadline = deadline;
  // the responsible department: the street's office, the district's bureau or the city utility
  const responsible = departmentFor(w, c.department, streetId, districtId, rng);
  t += rng.range(3, c.urgency === 'danger' ? 15 : 50) * MINUTE;
  if (rng.chance(OUTCOMES.misdispatch)) {
    // 退单: first sent to the wrong department, which returns it
    const wrong = departmentFor(w, rng.pick(MISDISPATCH_KINDS), streetId, districtId, rng);
    if (wrong.id !== responsible.id) {
      if (!step('dispatch', t, dispatcher, wrong.id, wrong.name)) return;
      const dept = { id: wrong.id, status: 'assigned' as 'assigned' | 'returned', assignedAt: t, finishedAt: null as number | null };
      row.departments.push(dept);
      t += rng.range(0.5, 6) * HOUR;
      if (!step('return', t, rng.pick(wrong.officers), wrong.id, '非本单位职责，申请退回')) return;
      dept.status = 'returned';
      dept.finishedAt = t;
      t += rng.range(5, 40) * MINUTE;
    }
  }
  const assigned = [responsible];
  if (rng.chance(OUTCOMES.split)) {
    // 多头派单: the street office coordinates alongside the responsible department
    const office = departmentFor(w, 'street_office', streetId, districtId, rng);
    if (office.id !== responsible.id) assigned.push(office);
  }
  if (!step('dispatch', t, dispatcher, responsible.id, assigned.map((d) => d.name).join('、'))) return;
  const current = assigned.map((d) => ({
    id: d.id,
    status: 'assigned' as 'assigned' | 'handled',
    assignedAt: t,
    finishedAt: null as number | null,
  }));
  row.departments.push(...current);
  // handling time as a share of the time left until the deadline; ~8% overrun, ~1.5% drag on
  const window = Math.max(deadline - t, 30 * MINUTE);
  const overrun = rng();
  const share =
    overrun < 0.015 ? rng.range(3, 25) : overrun < 0.09 ? rng.range(1.05, 3) : Math.min(0.98, 0.15 + 0.35 * Math.exp(0.5 * rng.normal()));
  let handledAt = t + window * share;
  const officer = rng.pick(responsible.officers);
  const verifier = (cellId !== null ? w.patrollerOfCell.get(cellId) : undefined) ?? dispatcher;
  const extra: TrailEvent[] = [];
  let closedAt = Infinity;
  let firstHandledAt = Infinity;
  for (let round = 0; ; round++) {
    if (!step('handle', handledAt, officer, responsible.id, round === 0 ? '已处置完毕' : '已按核查意见返工')) break;
    firstHandledAt = Math.min(firstHandledAt, handledAt);
    for (const d of current) {
      d.status = 'handled';
      d.finishedAt = handledAt;
    }
    const verifyAt = handledAt + rng.range(0.3, c.urgency === 'danger' ? 2 : 8) * HOUR;
    if (failsVerification(rng, round)) {
      if (!step('rework', verifyAt, verifier, responsible.id, '核查未通过，退回重新处置')) break;
      for (const d of current) {
        d.status = 'assigned';
        d.finishedAt = null;
      }
      row.reworks++;
      if (row.reworks === 3) {
        // 三次核查未通过 → 督办
        row.supervised = true;
        extra.push({
          action: 'supervise',
          from: null,
          to: 'dispatched',
          at: verifyAt + 1,
          actor: dispatcher,
          note: '三次核查未通过，转督办',
        });
      }
      handledAt = verifyAt + window * rng.range(0.1, 0.6);
      continue;
    }
    if (!step('close', verifyAt, verifier, undefined, '核查通过，结案')) break;
    closedAt = verifyAt;
    const evaluateAt = verifyAt + rng.range(20, 72) * HOUR;
    let satisfaction: string | null = null;
    if (row.source === 'hotline') {
      satisfaction = satisfactionOf(rng, handledAt > deadline || row.reworks > 0);
    }
    if (
      step(
        'evaluate',
        evaluateAt,
        row.source === 'hotline' ? '12345回访' : '考核系统',
        undefined,
        satisfaction ? satisfactionNote(satisfaction) : undefined,
      )
    )
      row.satisfaction = satisfaction;
    break;
  }
  // 催办 a day after the deadline and then monthly while still unhandled; 督办 a week past the deadline
  const stillOpenUntil = Math.min(firstHandledAt, closedAt, anchor);
  for (let at = deadline + DAY; at < stillOpenUntil; at += 30 * DAY) {
    extra.push({ action: 'urge', from: null, to: 'dispatched', at, actor: dispatcher, note: '超期催办' });
    row.urges++;
  }
  if (!row.supervised && deadline + 7 * DAY < stillOpenUntil) {
    row.supervised = true;
    extra.push({ action: 'supervise', from: null, to: 'dispatched', at: deadline + 7 * DAY, actor: dispatcher, note: '超期七日，转督办' });
  }
  const notes = extra.filter((e) => e.at < anchor);
  if (notes.length) {
    // fold urges into the trail at their time; they keep whatever stage the case is in then
    const all = [...events, ...notes].sort((a, b) => a.at - b.at);
    let s: Stage | null = null;
    for (const e of all) {
      if (isNote(e)) {
        e.from = s;
        e.to = s!;
      } else s = e.to;
    }
    events.splice(0, events.length, ...all);
  }
}

/** Urges and supervision orders keep the case in its stage (caseflow's NOTES). */
function isNote(e: TrailEvent): boolean {
  return (NOTES as readonly string[]).includes(e.action);
}

function unitName(unit: string): string {
  return { hour: '小时', working_hour: '工作小时', day: '天', working_day: '工作日' }[unit] ?? unit;
}
function satisfactionNote(s: string): string {
  return { satisfied: '回访：满意', basically_satisfied: '回访：基本满意', unsatisfied: '回访：不满意' }[s]!;
}

function departmentFor(w: World, kind: string, streetId: number, districtId: number, rng: Rng): Department {
  const candidates = w.departments.filter((d) => d.kind === kind && d.officers.length > 0);
  return (
    candidates.find((d) => d.streetId === streetId) ??
    candidates.find((d) => d.streetId === null && d.districtId === districtId) ??
    candidates.find((d) => d.districtId === null) ??
    rng.pick(w.departments.filter((d) => d.streetId === streetId && d.officers.length > 0))
  );
}

const generator: Generator = {
  name: 'cases',
  async run(ctx: SeedContext) {
    const tables = ['cases', 'case_event', 'case_department'];
    // The analysis rollup (migration 090) is kept by a statement trigger that upserts every insert's cases
    // into case_rollup; at this scale its key (day × cell × sub-class × source × stage) is nearly one row per case, so
    // each 40,000-case batch upserted ~40,000 rows, each checked against grid_cell and the primary key. During
    // the bulk load the trigger is off, and the rollup is built once at the end by the same GROUP BY with its
    // foreign key, primary key and cell index added afterwards (one validation pass and sorted index builds) — measured
    // here on the default city: ~18 s of trigger work, 16 s for the build with its keys in place, 5 s without.
    // All in the seed's one transaction: a failed seed rolls the ALTERs back too. rollup.test.ts checks the
    // result equals a GROUP BY over the cases. The queen weights need no such care: the grid's cells arrive in
    // one INSERT, which the neighbour trigger answers with one set-based pass (~1.3 s).
    await ctx.db.query('alter table cases disable trigger cases_rollup_insert');
    await withDeferredForeignKeys(ctx.db, tables, () => withDeferredIndexes(ctx.db, tables, () => generate(ctx)));
    await ctx.db.query('alter table cases enable trigger cases_rollup_insert');
    await withDeferredForeignKeys(ctx.db, ['case_rollup'], () =>
      withDeferredIndexes(ctx.db, ['case_rollup'], async () => {
        await ctx.db.query('delete from case_rollup');
        await ctx.db.query('alter table case_rollup drop constraint case_rollup_pkey');
        await ctx.db.query(`insert into case_rollup (day, grid_cell_id, category_code, source, stage, n)
        select (reported_at at time zone 'Asia/Shanghai')::date, grid_cell_id, category_code, source, stage, count(*)
          from cases group by 1, 2, 3, 4, 5`);
        await ctx.db.query(
          'alter table case_rollup add constraint case_rollup_pkey primary key (day, grid_cell_id, category_code, source, stage)',
        );
      }),
    );
  },
};

async function generate(ctx: SeedContext): Promise<void> {
  const w = await loadWorld(ctx);
  const rng = ctx.rng('cases');
  const anchor = ctx.anchor.getTime();
  const total = ctx.scale.cases;
  const step = ctx.progress.step('cases', total);

  // storm and snow days: the same calendar the rain gauges and snow gauges record (sensors-weather.ts);
  // its 365 Beijing days start at `start`, the last one (today) running up to the anchor
  const weather = ctx.rng('cases.weather');
  const { start, storms, snows } = weatherCalendar(weather, anchor);
  // cases per day: month × weekday × a little noise, storms and snow adding their own cases
  const dayWeights = Array.from({ length: 365 }, (_, d) => {
    const l = beijing(start + d * DAY + 12 * HOUR);
    return MONTHLY[l.month - 1]! * WEEKLY[l.dow]! * weather.range(0.88, 1.12) * (storms.has(d) ? 1.6 : snows.has(d) ? 1.25 : 1);
  });
  const sum = dayWeights.reduce((a, b) => a + b, 0);
  const hourCum = cumulative(HOURLY);

  let id = 0;
  let carry = 0;
  let pending: CaseRow[] = [];
  const ids = { event: 0 };
  const flush = async () => {
    if (pending.length) await writeCases(ctx, pending, step, ids);
    pending = [];
  };
  for (let d = 0; d < 365; d++) {
    const exact = (total * dayWeights[d]!) / sum + carry;
    const n = Math.round(exact);
    carry = exact - n;
    const dayStart = start + d * DAY;
    const storm = storms.has(d);
    const snow = snows.has(d);
    const weights = CATEGORIES.map((c) => c.weight * seasonFactor(c, dayStart + 12 * HOUR, storm, snow));
    const catCum = cumulative(weights);
    const times = Array.from({ length: n }, () => {
      // the last (partial) day: draw again until the time has passed; give up to uniform
      for (let tries = 0; tries < 50; tries++) {
        const t = dayStart + pickCumulative(hourCum, rng) * HOUR + rng() * HOUR;
        if (t < anchor) return t;
      }
      return dayStart + rng() * (anchor - dayStart);
    }).sort((a, b) => a - b);
    const dateText = beijingDateCompact(dayStart);
    let seq = 0;
    for (const t0 of times) {
      let category = CATEGORIES[pickCumulative(catCum, rng)]!;
      let source: Source;
      let lng: number;
      let lat: number;
      let streetId: number;
      let districtId: number;
      let cellId: number | null = null;
      let sensorId: number | null = null;
      let reporter: Person | string;
      let place = '';
      let reporterName: string | null = null;
      let reporterPhone: string | null = null;
      const sensorCase = w.sensors.length > 0 && rng.chance(storm ? 0.03 : 0.006);
      if (sensorCase) {
        const s = rng.pick(w.sensors);
        category = CATEGORIES.find((c) => c.code === SENSOR_CATEGORY[s.kind])!;
        source = 'sensor';
        [lng, lat] = [s.lng, s.lat];
        streetId = s.streetId;
        districtId = s.districtId;
        sensorId = s.id;
        reporter = '物联网感知平台';
      } else {
        const hotline = rng.chance(category.hotline);
        const onAlley = rng.chance(alleyChance(category));
        if (onAlley) {
          const a = w.alleys[pickCumulative(w.alleyCumulative, rng)]!;
          [lng, lat] = pointOnAlley(a, rng);
          streetId = a.streetId;
          districtId = a.districtId;
          place = a.name;
          source = hotline ? 'hotline' : otherSource(rng, true);
          reporter = source === 'alley_chief' ? a.chief : source === 'steward' && a.stewards.length ? rng.pick(a.stewards) : '';
          if (source === 'steward' && !a.stewards.length) {
            source = 'alley_chief';
            reporter = a.chief;
          }
        } else {
          const c = w.cells[pickCumulative(w.cellCumulative, rng)]!;
          [lng, lat] = pointInCell(c, rng, COORDINATE_DECIMALS);
          streetId = c.streetId;
          districtId = c.districtId;
          cellId = c.id;
          source = hotline ? 'hotline' : otherSource(rng, false);
          reporter = '';
        }
        if (source === 'grid_patrol') reporter = (cellId !== null ? w.patrollerOfCell.get(cellId) : undefined) ?? '网格巡查';
        if (source === 'hotline' || source === 'public_app') {
          reporterName = personName(rng);
          reporterPhone = phoneNumber(rng);
          reporter = source === 'hotline' ? '12345热线' : '随手拍用户';
        }
        if (source === 'social_media') reporter = '网络舆情监测';
      }
      const row: CaseRow = {
        id: ++id,
        code: `AJ${dateText}${String(++seq).padStart(5, '0')}`,
        source,
        category,
        description: describe(category, source, place, rng),
        lng,
        lat,
        priority: priorityOf(category.urgency),
        reporterName,
        reporterPhone,
        sensorId,
        events: [],
        departments: [],
        deadline: null,
        reworks: 0,
        urges: 0,
        supervised: false,
        satisfaction: null,
        rejectReason: null,
      };
      liveCase(w, rng, row, t0, anchor, streetId, districtId, cellId, reporter);
      pending.push(row);
    }
    if (pending.length >= 40_000) await flush();
  }
  await flush();
  await ctx.db.query(`select setval(pg_get_serial_sequence('cases', 'id'), greatest((select max(id) from cases), 1))`);
  await ctx.db.query(`select setval(pg_get_serial_sequence('case_event', 'id'), greatest((select max(id) from case_event), 1))`);
  step.done();
}

const CASE_COLUMNS = [
  'id',
  'code',
  'source',
  'category_code',
  'description',
  'geom',
  'priority',
  'reporter_name',
  'reporter_phone',
  'stage',
  'reject_reason',
  'deadline',
  'rework_count',
  'supervised',
  'urge_count',
  'satisfaction',
  'sensor_id',
  'reported_at',
  'accepted_at',
  'filed_at',
  'dispatched_at',
  'handled_at',
  'closed_at',
  'evaluated_at',
  'updated_at',
];

async function writeCases(ctx: SeedContext, rows: CaseRow[], step: Step, ids: { event: number }): Promise<void> {
  const iso = (t: number | null | undefined) => (t === null || t === undefined ? null : new Date(t).toISOString());
  const firstAt = (r: CaseRow, stage: Stage) => iso(r.events.find((e) => e.to === stage && !isNote(e))?.at);
  // Cases go through a staging table and one set-based insert that places them with xh_locate (the
  // same function the row trigger uses for live intake), which is several times faster than 40,000
  // trigger calls.
  await ctx.db.query(`create temp table if not exists seed_case_stage as
    select ${CASE_COLUMNS.join(', ')} from cases with no data`);
  await ctx.db.query('truncate seed_case_stage');
  await ctx.copy(
    'seed_case_stage',
    CASE_COLUMNS,
    (function* () {
      for (const r of rows) {
        const last = r.events.at(-1)!;
        const lastStage = r.events.findLast((e) => !isNote(e))!.to;
        yield [
          r.id,
          r.code,
          r.source,
          r.category.code,
          r.description,
          ewkt.point(r.lng, r.lat),
          r.priority,
          r.reporterName,
          r.reporterPhone,
          lastStage,
          r.rejectReason,
          iso(r.deadline),
          r.reworks,
          r.supervised,
          r.urges,
          r.satisfaction,
          r.sensorId,
          iso(r.events[0]!.at),
          firstAt(r, 'accepted'),
          firstAt(r, 'filed'),
          firstAt(r, 'dispatched'),
          iso(r.events.findLast((e) => e.action === 'handle')?.at),
          firstAt(r, 'closed'),
          firstAt(r, 'evaluated'),
          iso(last.at),
        ] as CopyValue[];
        step.tick();
      }
    })(),
  );
  await ctx.db.query('alter table cases disable trigger cases_locate');
  await ctx.db.query(`insert into cases (${CASE_COLUMNS.join(', ')}, grid_cell_id, community_id, street_id, district_id, alley_id)
    select s.*, l.grid_cell_id, l.community_id, l.street_id, l.district_id, l.alley_id
      from seed_case_stage s cross join lateral xh_locate(s.geom) l`);
  await ctx.db.query('alter table cases enable trigger cases_locate');
  await ctx.copy(
    'case_event',
    ['id', 'case_id', 'action', 'from_stage', 'to_stage', 'actor_id', 'actor', 'department_id', 'at', 'note'],
    (function* () {
      for (const r of rows) {
        for (const e of r.events) {
          const actor = typeof e.actor === 'string' ? { id: null, name: e.actor || '市民' } : e.actor;
          yield [++ids.event, r.id, e.action, e.from, e.to, actor.id, actor.name, e.department ?? null, iso(e.at), e.note ?? null];
        }
      }
    })(),
  );
  await ctx.copy(
    'case_department',
    ['case_id', 'department_id', 'status', 'assigned_at', 'finished_at'],
    (function* () {
      for (const r of rows) {
        const seen = new Set<number>();
        // a department that returned the case and was later assigned again keeps its latest status
        for (const d of [...r.departments].reverse()) {
          if (seen.has(d.id)) continue;
          seen.add(d.id);
          yield [r.id, d.id, d.status, iso(d.assignedAt), iso(d.finishedAt)];
        }
      }
    })(),
  );
}

export default generator;
