// The core area's 2,435 alleys (背街小巷; 1,430 in Xicheng, 1,005 in Dongcheng) with their chiefs,
// stewards and 十有十无 checklist. Real alley lines are not available, so they are generated inside
// the real streets with hutong geometry: east–west lanes stacked about 70 m apart between
// north–south local streets, a few north–south connectors and diagonal 斜街, most of them inside
// the 2nd Ring where the old city's hutongs are. Lanes keep clear of main roads, water and palaces.

import { booleanWithin } from '@turf/turf';
import type { Generator, SeedContext } from './context.ts';
import { ewkt } from './copy.ts';
import { type Area, bbox, contains, toLngLat, toXY, type XY } from './geo.ts';
import { alleyName, alleySlug, personName, phoneNumber, seriesBase } from './names.ts';
import type { Rng } from './rng.ts';

export const ALLEYS_PER_DISTRICT: Record<string, number> = { '110102': 1430, '110101': 1005 };
/** Chiefs in the core area: 2,432 for 2,435 alleys, so three chiefs look after two alleys each. */
const SHARED_CHIEFS = 3;
/** Lanes this far (m) inside the street edge, which is usually a road. */
const EDGE_MARGIN_M = 15;

interface StreetPlan {
  id: number;
  code: string;
  name: string;
  districtCode: string;
  /** Where lanes may go: the street minus margins, main roads, water and palaces. */
  allowed: Area;
  /** Share of the allowed area inside the 2nd Ring (the old city). */
  oldCityShare: number;
  allowedM2: number;
  /** Community polygons for naming a lane's community and its stewards' organisation. */
  communities: { id: number; name: string; geom: Area }[];
}

interface Lane {
  path: XY[];
  kind: 'ew' | 'ns' | 'diagonal';
  /** Corridor index and row index of an east–west lane: consecutive rows form 条 series. */
  corridor?: number;
  row?: number;
}

/** Splits a count over weights by largest remainder: the parts always sum to the total. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const short = total - parts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < short; k++) parts[order[k]![1]]! += 1;
  return parts;
}

/** A lane from (x0, y) to (x1, y) that wanders a few metres and sometimes jogs, like a hutong. */
function wanderingLane(rng: Rng, x0: number, x1: number, y: number): XY[] {
  const n = Math.max(3, Math.round((x1 - x0) / 60));
  const path: XY[] = [];
  let dy = 0;
  for (let i = 0; i <= n; i++) {
    const x = x0 + ((x1 - x0) * i) / n;
    if (i > 0 && i < n) dy += rng.chance(0.12) ? rng.range(-14, 14) : rng.range(-2.5, 2.5);
    path.push([x, y + dy]);
  }
  return path;
}

/** The longest stretch of a path whose sample points (every ~5 m) all lie in the allowed area. */
function longestInside(path: XY[], inside: (p: XY) => boolean, minLength: number): XY[] | null {
  const dense: XY[] = [];
  for (let i = 0; i < path.length - 1; i++) {
    const [a, b] = [path[i]!, path[i + 1]!];
    const steps = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 5));
    for (let k = 0; k < steps; k++) dense.push([a[0] + ((b[0] - a[0]) * k) / steps, a[1] + ((b[1] - a[1]) * k) / steps]);
  }
  dense.push(path[path.length - 1]!);
  let best: [number, number] = [0, -1];
  let start = -1;
  dense.forEach((p, i) => {
    if (inside(p)) {
      if (start < 0) start = i;
      if (i - start > best[1] - best[0]) best = [start, i];
    } else {
      start = -1;
    }
  });
  if ((best[1] - best[0]) * 5 < minLength) return null;
  // keep the original vertices within the stretch, plus its two ends
  const [s, e] = [dense[best[0]]!, dense[best[1]]!];
  const isEW = Math.abs(e[0] - s[0]) >= Math.abs(e[1] - s[1]);
  const within = (p: XY) =>
    isEW ? p[0] > Math.min(s[0], e[0]) && p[0] < Math.max(s[0], e[0]) : p[1] > Math.min(s[1], e[1]) && p[1] < Math.max(s[1], e[1]);
  return [s, ...path.filter(within), e];
}

/** Candidate lanes for one street at a given density (spacing in metres). */
function candidateLanes(rng: Rng, plan: StreetPlan, rowSpacing: number, corridorSpacing: [number, number]): Lane[] {
  const [minLng, minLat, maxLng, maxLat] = bbox(plan.allowed);
  const [x0, y0] = toXY([minLng, minLat]);
  const [x1, y1] = toXY([maxLng, maxLat]);
  const inside = (p: XY) => contains(plan.allowed, toLngLat(p));
  const lanes: Lane[] = [];
  const corridors: number[] = [x0 + rng.range(10, corridorSpacing[0] / 2)];
  while (corridors[corridors.length - 1]! < x1) corridors.push(corridors[corridors.length - 1]! + rng.range(...corridorSpacing));
  for (let c = 0; c < corridors.length - 1; c++) {
    const [left, right] = [corridors[c]! + 12, corridors[c + 1]! - 12];
    let row = 0;
    for (let y = y0 + rng.range(15, rowSpacing); y < y1; y += rowSpacing * rng.range(0.85, 1.15), row++) {
      const path = longestInside(wanderingLane(rng, left, right, y), inside, 90);
      if (path) lanes.push({ path, kind: 'ew', corridor: c, row });
      // a north–south connector between this row and the next, now and then
      if (rng.chance(0.14)) {
        const x = rng.range(left + 40, right - 40);
        const len = rowSpacing * rng.int(1, 3);
        const ns = longestInside(
          [
            [x, y + 8],
            [x + rng.range(-6, 6), y + len / 2],
            [x + rng.range(-6, 6), y + len - 8],
          ],
          inside,
          60,
        );
        if (ns) lanes.push({ path: ns, kind: 'ns' });
      }
    }
  }
  return lanes;
}

/** A few diagonal 斜街 per old-city street, crossing the grid of lanes at 20–35°. */
function diagonalLanes(rng: Rng, plan: StreetPlan, count: number): Lane[] {
  const inside = (p: XY) => contains(plan.allowed, toLngLat(p));
  const [minLng, minLat, maxLng, maxLat] = bbox(plan.allowed);
  const out: Lane[] = [];
  for (let tries = 0; out.length < count && tries < 60; tries++) {
    const c = toXY([rng.range(minLng, maxLng), rng.range(minLat, maxLat)]);
    const angle = ((rng.chance(0.5) ? 1 : -1) * rng.range(20, 35) * Math.PI) / 180;
    const half = rng.range(120, 220);
    const [dx, dy] = [Math.cos(angle) * half, Math.sin(angle) * half];
    const path = longestInside(
      [
        [c[0] - dx, c[1] - dy],
        [c[0], c[1] + rng.range(-5, 5)],
        [c[0] + dx, c[1] + dy],
      ],
      inside,
      150,
    );
    if (path) out.push({ path, kind: 'diagonal' });
  }
  return out;
}

function selectLanes(rng: Rng, plan: StreetPlan, count: number): Lane[] {
  const oldCity = plan.oldCityShare > 0.5;
  // Start dense enough for the street's quota; loosen only if a street cannot hold it.
  for (const scale of [1, 0.85, 0.72, 0.6, 0.5]) {
    const rows = (oldCity ? 72 : 105) * scale;
    const corridor: [number, number] = oldCity ? [230 * scale, 400 * scale] : [280 * scale, 480 * scale];
    // a candidate that touches the street's edge (a thin neck of the polygon) is dropped, for any seed
    const inside = (l: Lane) => booleanWithin({ type: 'LineString', coordinates: l.path.map(toLngLat) }, plan.allowed);
    const grid = candidateLanes(rng, plan, rows, corridor).filter(inside);
    if (grid.length < count) continue;
    // diagonals cross the grid of lanes, as 烟袋斜街 and 杨梅竹斜街 do
    const diagonals = (oldCity && count > 40 ? diagonalLanes(rng, plan, 2) : []).filter(inside);
    // Prefer long east–west lanes (the hutong pattern); connectors fill in.
    const ew = rng.shuffle(grid.filter((l) => l.kind === 'ew'));
    const ns = rng.shuffle(grid.filter((l) => l.kind === 'ns'));
    const chosenDiagonals = diagonals.slice(0, Math.floor(count / 40));
    const nsShare = Math.min(ns.length, Math.round(count * 0.12));
    const ewCount = Math.min(ew.length, count - chosenDiagonals.length - nsShare);
    const chosen = [...chosenDiagonals, ...ew.slice(0, ewCount), ...ns.slice(0, count - chosenDiagonals.length - ewCount)];
    if (chosen.length === count) return chosen;
  }
  throw new Error(`alleys: street ${plan.name} cannot hold ${count} lanes`);
}

/** Names unique within the street; runs of consecutive rows in one corridor become 头条, 二条 … */
function nameLanes(rng: Rng, lanes: Lane[]): string[] {
  const used = new Set<string>();
  const names = new Array<string>(lanes.length);
  const byCorridor = new Map<number, number[]>();
  lanes.forEach((l, i) => {
    if (l.kind === 'ew') byCorridor.set(l.corridor!, [...(byCorridor.get(l.corridor!) ?? []), i]);
  });
  for (const indices of [...byCorridor.values()]) {
    if (indices.length < 4 || !rng.chance(0.22)) continue;
    // north to south, as Beijing numbers its 条
    indices.sort((a, b) => lanes[b]!.row! - lanes[a]!.row!);
    const run = indices.slice(0, Math.min(10, indices.length));
    for (let attempt = 0; attempt < 10; attempt++) {
      const base = seriesBase(rng);
      const series = run.map((_, k) => alleyName(rng, { series: { base, index: k } }));
      if (series.every((n) => !used.has(n))) {
        run.forEach((i, k) => {
          names[i] = series[k]!;
          used.add(series[k]!);
        });
        break;
      }
    }
  }
  lanes.forEach((lane, i) => {
    if (names[i]) return;
    for (let attempt = 0; ; attempt++) {
      let name = alleyName(rng, { diagonal: lane.kind === 'diagonal' });
      if (attempt > 30) name = name.replace(/(胡同|巷|斜街|夹道)$/, `${attempt}号$1`);
      if (!used.has(name)) {
        used.add(name);
        names[i] = name;
        return;
      }
    }
  });
  return names;
}

const ERAS = ['元代', '明代', '明代', '清代', '清代', '民国时期'];
const ORIGINS = [
  '因胡同内曾有一座砖塔而得名',
  '因明代在此设官办仓库而得名',
  '旧时为手工作坊聚集之地',
  '因胡同口古井而得名',
  '清代属正黄旗驻地',
  '旧时为骡马交易之所',
  '因胡同走向曲折而得名',
  '旧时为书院与会馆所在地',
];
const FACTS = [
  '胡同内保存有{n}座传统四合院',
  '2018年完成环境整治，达到“十有”标准',
  '居民自治理事会每月召开一次议事会',
  '胡同口设有街巷长公示牌',
  '胡同内有百年老槐树{n}株',
  '曾有多位文化名人在此居住',
  '近年完成架空线入地和路面修缮',
];

function story(rng: Rng, name: string): string {
  const fact = rng.pick(FACTS).replace('{n}', String(rng.int(2, 12)));
  return `${name}形成于${rng.pick(ERAS)}，${rng.pick(ORIGINS)}。${fact}。（合成数据）`;
}

/** 十有十无: by end-2018, 1,167 of Xicheng's 1,430 alleys met the ten haves and 93 all twenty. */
function checklist(rng: Rng): { haves: boolean[]; nones: boolean[] } {
  const haves = rng.chance(0.82) ? Array(10).fill(true) : Array.from({ length: 10 }, () => rng.chance(0.7));
  const nones = rng.chance(0.065) ? Array(10).fill(true) : Array.from({ length: 10 }, () => rng.chance(0.72));
  return { haves, nones };
}

const generator: Generator = {
  name: 'alleys',
  async run(ctx: SeedContext) {
    const db = ctx.db;
    // Where lanes and buildings may go: each street minus its edge margin, main roads, water and
    // parks. Kept for the transaction: seed/buildings.ts places courtyards and blocks in it too.
    await db.query(
      `create temp table seed_buildable on commit drop as
      with blocked as (
        select st_union(g) as g from (
          select st_buffer(geom::geography, case class when 'ring' then 45 when 'arterial' then 35 else 22 end)::geometry as g
            from basemap_road
          union all select st_buffer(geom::geography, 12)::geometry from basemap_water
          union all select geom from basemap_green) b)
      select s.id as street_id, st_difference(st_buffer(s.geom::geography, -$1::float8)::geometry, blocked.g) as geom
        from admin_area s, blocked
       where s.level = 'street'`,
      [EDGE_MARGIN_M],
    );
    await db.query('create index on seed_buildable using gist (geom)');
    const { rows: streets } = await db.query<{
      id: number;
      code: string;
      name: string;
      district_code: string;
      allowed: string;
      allowed_m2: number;
      old_city_share: number;
    }>(`
      with ring as (select st_makePolygon(geom) as g from basemap_road where class = 'ring')
      select s.id, s.code, s.name, d.code as district_code, st_asGeoJSON(b.geom, 7) as allowed,
             st_area(b.geom::geography) as allowed_m2,
             coalesce(st_area(st_intersection(b.geom, ring.g)::geography), 0) / nullif(st_area(b.geom::geography), 0) as old_city_share
        from seed_buildable b join admin_area s on s.id = b.street_id join admin_area d on d.id = s.parent_id, ring
       order by s.code`);
    const { rows: communities } = await db.query<{ id: number; parent_id: number; name: string; geom: string }>(
      `select id, parent_id, name, st_asGeoJSON(geom, 7) as geom from admin_area where level = 'community' order by code`,
    );

    const plans: StreetPlan[] = streets.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      districtCode: s.district_code,
      allowed: JSON.parse(s.allowed) as Area,
      allowedM2: s.allowed_m2,
      oldCityShare: s.old_city_share ?? 0,
      communities: communities
        .filter((c) => c.parent_id === s.id)
        .map((c) => ({ id: c.id, name: c.name, geom: JSON.parse(c.geom) as Area })),
    }));
    // Hutongs crowd the old city: an old-city hectare counts four times one outside the ring.
    const quota = new Map<string, number>();
    for (const [district, total] of Object.entries(ALLEYS_PER_DISTRICT)) {
      const own = plans.filter((p) => p.districtCode === district);
      apportion(
        total,
        own.map((p) => p.allowedM2 * (0.25 + 0.75 * p.oldCityShare)),
      ).forEach((n, i) => {
        quota.set(own[i]!.code, n);
      });
    }

    const rng = ctx.rng('alleys');
    const step = ctx.progress.step('alleys', plans.length);
    const alleys: { street: StreetPlan; name: string; lngLat: [number, number][]; community: number | null }[] = [];
    for (const plan of plans) {
      const lanes = selectLanes(rng, plan, quota.get(plan.code)!);
      // north to south, west to east: alley numbers read like a map
      lanes.sort((a, b) => b.path[0]![1] - a.path[0]![1] || a.path[0]![0] - b.path[0]![0]);
      const names = nameLanes(rng, lanes);
      lanes.forEach((lane, i) => {
        const lngLat = lane.path.map(toLngLat);
        if (!booleanWithin({ type: 'LineString', coordinates: lngLat }, plan.allowed)) {
          throw new Error(`alleys: generated lane ${names[i]} leaves ${plan.name}`);
        }
        const mid = lngLat[Math.floor(lngLat.length / 2)]!;
        const community = plan.communities.find((c) => contains(c.geom, mid))?.id ?? null;
        alleys.push({ street: plan, name: names[i]!, lngLat, community });
      });
      step.tick();
    }
    step.done();

    // Chiefs are street-office cadres; stewards are resident volunteers of the alley's community.
    const people = ctx.rng('alleys.people');
    const firstPersonId = (await db.query<{ n: number }>('select coalesce(max(id), 0) + 1 as n from person')).rows[0]!.n;
    let nextPerson = firstPersonId;
    const personRows: (string | number | null)[][] = [];
    const chiefOf: number[] = [];
    const stewardRows: (string | number)[][] = [];
    const anchor = ctx.anchor.getTime();
    alleys.forEach((alley, i) => {
      // the last SHARED_CHIEFS alleys share the chief of the alley before them (same street)
      const shares = i >= alleys.length - SHARED_CHIEFS && alleys[i - 1]?.street === alley.street;
      if (shares) {
        chiefOf.push(chiefOf[i - 1]!);
      } else {
        const at = alley.lngLat[people.int(0, alley.lngLat.length - 1)]!;
        personRows.push([
          nextPerson,
          'alley_chief',
          personName(people),
          phoneNumber(people),
          `${alley.street.name}办事处`,
          alley.street.id,
          ewkt.point(at[0], at[1]),
          new Date(anchor - people.int(2, 600) * 60_000).toISOString(),
        ]);
        chiefOf.push(nextPerson++);
      }
      const community = alley.street.communities.find((c) => c.id === alley.community);
      const stewards = [1, 2, 3][people.weighted([0.6, 0.3, 0.1])]!;
      for (let k = 0; k < stewards; k++) {
        personRows.push([
          nextPerson,
          'steward',
          personName(people),
          phoneNumber(people),
          `${(community?.name ?? alley.street.name).replace('居委会', '')}居民志愿者`,
          alley.street.id,
          null,
          null,
        ]);
        stewardRows.push([i + 1, nextPerson++, `${people.int(2017, 2025)}-${String(people.int(1, 12)).padStart(2, '0')}-01`]);
      }
    });
    await ctx.copy('person', ['id', 'role', 'name', 'phone', 'organisation', 'street_id', 'position', 'position_at'], personRows);
    await db.query(`select setval(pg_get_serial_sequence('person', 'id'), (select max(id) from person))`);

    const alleyIdBase = (await db.query<{ n: number }>('select coalesce(max(id), 0) as n from alley')).rows[0]!.n;
    const check = ctx.rng('alleys.checklist');
    const slugCount = new Map<string, number>();
    await ctx.copy(
      'alley',
      ['id', 'name', 'street_id', 'community_id', 'geom', 'chief_id', 'ten_haves', 'ten_nones', 'inspected_at', 'story', 'qr_slug'],
      alleys.map((a, i) => {
        const { haves, nones } = checklist(check);
        const n = (slugCount.get(a.street.code) ?? 0) + 1;
        slugCount.set(a.street.code, n);
        return [
          alleyIdBase + i + 1,
          a.name,
          a.street.id,
          a.community,
          ewkt.line(a.lngLat),
          chiefOf[i]!,
          haves,
          nones,
          new Date(anchor - check.int(1, 45) * 86_400_000 - check.int(0, 36_000) * 1000).toISOString(),
          story(check, a.name),
          alleySlug(a.street.code, n),
        ];
      }),
    );
    await ctx.copy(
      'alley_steward',
      ['alley_id', 'person_id', 'since'],
      stewardRows.map(([alley, person, since]) => [alleyIdBase + (alley as number), person, since]),
    );
    await db.query(`select setval(pg_get_serial_sequence('alley', 'id'), (select max(id) from alley))`);

    const outside = await db.query<{ n: number }>(`select count(*)::int as n from alley a join admin_area s on s.id = a.street_id
      where not st_within(a.geom, s.geom)`);
    if (outside.rows[0]!.n) throw new Error(`alleys: ${outside.rows[0]!.n} alleys leave their street`);
  },
};
export default generator;
