// The core area's 2,435 alleys (背街小巷; 1,430 in Xicheng, 1,005 in Dongcheng) on the real OpenStreetMap
// lanes (seed/data/core_roads_osm2013.geojson and core_extra_ways_sparsetaxi.geojson, © OpenStreetMap
// contributors, ODbL 1.0): named hutongs first, then unnamed lanes given names in the real patterns, each
// cut at its street's edge; with their chiefs, stewards and 十有十无 checklist (synthetic).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineSliceAlong, lineString } from '@turf/turf';
import { pinyin } from 'pinyin-pro';
import { realDataDir } from '../server/paths.ts';
import type { Generator, SeedContext } from './context.ts';
import { ewkt } from './copy.ts';
import { OLD_CITY_WKT } from './data/basemap.ts';
import { type Area, contains } from './geo.ts';
import { alleyName, alleySlug, personName, phoneNumber, romanize } from './names.ts';
import type { Rng } from './rng.ts';

export const ALLEYS_PER_DISTRICT: Record<string, number> = { '110102': 1430, '110101': 1005 };
/** Chiefs in the core area: 2,432 for 2,435 alleys, so three chiefs look after two alleys each. */
const SHARED_CHIEFS = 3;

interface Alley {
  street: StreetPlan;
  name: string;
  nameEn: string;
  source: 'osm' | 'osm-pinyin' | 'generated';
  /** The Chinese name read back from OSM's pinyin (OSM has no Chinese name for this lane). */
  reconstructed: boolean;
  lngLat: [number, number][];
  community: number | null;
}

interface StreetPlan {
  id: number;
  code: string;
  name: string;
  districtCode: string;
  /** Community polygons for naming a lane's community and its stewards' organisation. */
  communities: { id: number; name: string; geom: Area }[];
}

// ---- the real lanes (issue 14 item 2) ----
const HUTONG_LIKE = /(胡同|条|巷|斜街)$|\b(Hutong|Xiang|Tiao|Xiejie)\b/i;
const HAN = /\p{Script=Han}/u;
const LANE_HIGHWAYS = new Set(['residential', 'service', 'footway', 'living_street', 'pedestrian', 'unclassified', 'path', 'steps']);
/** Where a district needs more alleys than its lanes give, lanes are halved while each half is this long (m). */
const MIN_SPLIT_M = 90;

const CLASH_PREFIX = ['东', '西', '南', '北', '前', '后', '小', '大', '中'];

/** Where a piece of this length goes in a list sorted longest first. */
function sortedIndex(list: { length_m: number }[], length: number): number {
  let i = 0;
  while (i < list.length && list[i]!.length_m >= length) i++;
  return i;
}

interface OsmLane {
  zh: string | null;
  en: string | null;
  geojson: string;
}

/** Hutong-like named ways (any class below primary) and unnamed lanes, from both OSM files. */
function osmLanes(): OsmLane[] {
  const out: OsmLane[] = [];
  for (const file of ['core_roads_osm2013.geojson', 'core_extra_ways_sparsetaxi.geojson']) {
    const fc = JSON.parse(readFileSync(join(realDataDir, file), 'utf8')) as {
      features: { geometry: unknown; properties: Record<string, unknown> }[];
    };
    for (const f of fc.features) {
      const p = f.properties;
      const highway = String(p.highway ?? '');
      if (typeof p.overlap_with_main === 'number' && p.overlap_with_main >= 0.5) continue;
      if (/^(motorway|trunk|primary)/.test(highway)) continue;
      const names = [p.name, p.name_sparsetaxi].filter((n): n is string => typeof n === 'string' && n.trim() !== '').map((n) => n.trim());
      const hutong = names.some((n) => HUTONG_LIKE.test(n));
      if (!hutong && (names.length > 0 || !LANE_HIGHWAYS.has(highway))) continue;
      out.push({
        zh: hutong ? (names.find((n) => HAN.test(n))?.split(/\s+/)[0] ?? null) : null,
        en: hutong ? (names.find((n) => !HAN.test(n)) ?? null) : null,
        geojson: JSON.stringify(f.geometry),
      });
    }
  }
  return out;
}

/** A Chinese name read back from OSM's pinyin, syllable by syllable, from the characters the real names use. */
function reconstructor(known: string[]): (en: string) => string | null {
  const bySyllable = new Map<string, Map<string, number>>();
  for (const name of known)
    for (const ch of name) {
      if (!HAN.test(ch)) continue;
      const py = pinyin(ch, { toneType: 'none' }).toLowerCase();
      const m = bySyllable.get(py) ?? new Map<string, number>();
      m.set(ch, (m.get(ch) ?? 0) + 1);
      bySyllable.set(py, m);
    }
  const best = new Map([...bySyllable].map(([py, m]) => [py, [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]]));
  const SUFFIX: [RegExp, string][] = [
    [/\s*hutong$/i, '胡同'],
    [/\s*xiejie$/i, '斜街'],
    [/\s*xiang$/i, '巷'],
    [/\s*tiao$/i, '条'],
  ];
  return (en) => {
    let rest = en.trim();
    let suffix = '';
    for (const [re, zh] of SUFFIX)
      if (re.test(rest)) {
        rest = rest.replace(re, '');
        suffix = zh;
        break;
      }
    const letters = rest.toLowerCase().replace(/[^a-z]/g, '');
    let out = '';
    for (let i = 0; i < letters.length; ) {
      let hit = 0;
      for (let len = Math.min(6, letters.length - i); len > 0; len--)
        if (best.has(letters.slice(i, i + len))) {
          hit = len;
          break;
        }
      if (!hit) return null;
      out += best.get(letters.slice(i, i + hit))!;
      i += hit;
    }
    return out ? out + suffix : null;
  };
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
    const { rows: streets } = await db.query<{ id: number; code: string; name: string; district_code: string }>(
      `select s.id, s.code, s.name, d.code as district_code
         from admin_area s join admin_area d on d.id = s.parent_id where s.level = 'street' order by s.code`,
    );
    const { rows: communities } = await db.query<{ id: number; parent_id: number; name: string; geom: string }>(
      `select id, parent_id, name, st_asGeoJSON(geom, 7) as geom from admin_area where level = 'community' order by code`,
    );

    const plans: StreetPlan[] = streets.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      districtCode: s.district_code,
      communities: communities
        .filter((c) => c.parent_id === s.id)
        .map((c) => ({ id: c.id, name: c.name, geom: JSON.parse(c.geom) as Area })),
    }));
    // The real lanes, cut 6 m inside street edges (each within one street, its cases, up to 4 m off the line, inside the grid): named hutongs
    // first, one alley per name and street (its ways merged; the longest connected run if they do not
    // join), then unnamed lanes of 60–1,500 m that do not repeat a named one, old city first, longest first.
    const lanes = osmLanes();
    await db.query('create temp table seed_osm_lane (ord int, zh text, en text, g geometry) on commit drop');
    await db.query(
      `insert into seed_osm_lane select (r->>0)::int, r->>1, r->>2, st_setSRID(st_geomFromGeoJSON(r->>3), 4326)
         from jsonb_array_elements($1::jsonb) r`,
      [JSON.stringify(lanes.map((l, i) => [i, l.zh, l.en, l.geojson]))],
    );
    const { rows: found } = await db.query<{
      street: number;
      district: string;
      zh: string | null;
      en: string | null;
      named: boolean;
      old_city: boolean;
      length_m: number;
      g: string;
    }>(
      `
      with ring as (select st_geomFromText($1, 4326) as g),
      piece as (
        select s.id as street, d.code as district, l.ord, l.zh, l.en,
               (st_dump(st_difference(st_intersection(l.g, st_buffer(s.geom::geography, -6)::geometry),
                  -- paths through parks, the palace and Zhongnanhai are no back alleys
                  -- (kept 3 m off them, so that a lane's end does not touch a park's edge)
                  coalesce((select st_union(st_buffer(gr.geom::geography, 3)::geometry) from basemap_green gr
                             where gr.geom && st_expand(l.g, 0.0001)),
                           'SRID=4326;GEOMETRYCOLLECTION EMPTY'::geometry)))).geom as g
          from seed_osm_lane l join admin_area s on s.level = 'street' and st_intersects(s.geom, l.g)
          join admin_area d on d.id = s.parent_id),
      named as (
        select street, district, max(zh) as zh, max(en) as en,
               (select x.geom from st_dump(st_lineMerge(st_union(p.g))) x order by st_length(x.geom::geography) desc, st_asText(x.geom) limit 1) as g
          from piece p where coalesce(zh, en) is not null and st_geometryType(p.g) = 'ST_LineString'
         group by street, district, coalesce(zh, en)),
      kept as (select * from named where st_length(g::geography) >= 30),
      unnamed as (
        select p.street, p.district, null::text as zh, null::text as en, p.g from piece p
         where coalesce(p.zh, p.en) is null and st_geometryType(p.g) = 'ST_LineString'
           and st_length(p.g::geography) between 60 and 1500
           and not exists (select 1 from kept n where n.street = p.street
                             and st_dwithin(n.g::geography, st_lineInterpolatePoint(p.g, 0.5)::geography, 8)))
      select a.street, a.district, a.zh, a.en, a.zh is not null or a.en is not null as named,
             coalesce(st_within(st_lineInterpolatePoint(a.g, 0.5), ring.g), false) as old_city,
             st_length(a.g::geography) as length_m, st_asGeoJSON(a.g, 7) as g
        from (select * from kept union all select * from unnamed) a cross join ring
       order by named desc, old_city desc, length_m desc, st_asText(a.g)`,
      [OLD_CITY_WKT],
    );
    const planOf = new Map(plans.map((p) => [p.id, p]));
    const reconstruct = reconstructor([
      ...found.flatMap((f) => (f.zh ? [f.zh] : [])),
      ...plans.flatMap((p) => [p.name, ...p.communities.map((c) => c.name)]),
    ]);
    const rng = ctx.rng('alleys');
    const alleys: Alley[] = [];
    const step = ctx.progress.step('alleys', 1);
    for (const [district, total] of Object.entries(ALLEYS_PER_DISTRICT)) {
      const own = found.filter((f) => f.district === district);
      const named = own.filter((f) => f.named);
      const unnamed = own
        .filter((f) => !f.named)
        .map((f) => ({ ...f, path: (JSON.parse(f.g) as { coordinates: [number, number][] }).coordinates }));
      // Too few lanes: the longest unnamed one is cut in two halves, again and again, while a half stays at least
      // MIN_SPLIT_M long (a long lane managed as two alleys, as 东/西 or 前/后 halves of one hutong often are).
      let short = total - named.length - unnamed.length;
      const halved = new Map<number, number>();
      if (short > 0) unnamed.sort((a, b) => b.length_m - a.length_m);
      while (short > 0 && unnamed[0] && unnamed[0].length_m >= 2 * MIN_SPLIT_M) {
        const u = unnamed.shift()!;
        const line = lineString(u.path);
        const half = u.length_m / 2;
        const parts = [lineSliceAlong(line, 0, half, { units: 'meters' }), lineSliceAlong(line, half, u.length_m, { units: 'meters' })];
        for (const part of parts) {
          const piece = { ...u, length_m: half, path: part.geometry.coordinates as [number, number][] };
          unnamed.splice(sortedIndex(unnamed, half), 0, piece);
        }
        short--;
        halved.set(u.street, (halved.get(u.street) ?? 0) + 1);
      }
      const lanesGiven = named.length + unnamed.length - [...halved.values()].reduce((a, b) => a + b, 0);
      const where = [...halved]
        .sort((a, b) => b[1] - a[1])
        .map(([street, n]) => `${planOf.get(street)!.name} ${n}`)
        .join(', ');
      ctx.log(
        `alleys: district ${district}: ${named.length} named and ${lanesGiven - named.length} unnamed real lanes for ${total} alleys` +
          (where ? `; ${total - lanesGiven} more by halving long lanes (${where})` : ''),
      );
      if (named.length + unnamed.length < total)
        ctx.log(`alleys: district ${district} has ${named.length + unnamed.length} real lanes for ${total}`);
      for (const f of named.slice(0, total)) {
        const plan = planOf.get(f.street)!;
        const zh = f.zh ?? reconstruct(f.en!);
        alleys.push({
          street: plan,
          name: zh ?? alleyName(rng),
          nameEn: f.en ?? romanize(f.zh!),
          source: f.zh ? 'osm' : 'osm-pinyin',
          reconstructed: !f.zh,
          lngLat: (JSON.parse(f.g) as { coordinates: [number, number][] }).coordinates,
          community: null,
        });
      }
      for (const u of unnamed.slice(0, Math.max(0, total - named.length)))
        alleys.push({
          street: planOf.get(u.street)!,
          name: '',
          nameEn: '',
          source: 'generated',
          reconstructed: false,
          lngLat: u.path,
          community: null,
        });
    }
    // Names unique within a street. A real name taken there already (a pinyin name read back as a Chinese one
    // the street has) gets 东/西… in front; generated names avoid every real one, so a search for 帽儿胡同
    // finds the real lane only.
    const realNames = new Set(alleys.filter((a) => a.source !== 'generated').map((a) => a.name));
    const used = new Map<number, Set<string>>();
    for (const a of alleys) {
      const u = used.get(a.street.id) ?? new Set<string>();
      used.set(a.street.id, u);
      if (a.source !== 'generated') {
        const real = a.name;
        for (let k = 0; u.has(a.name); k++) a.name = `${CLASH_PREFIX[k % CLASH_PREFIX.length]}${k >= CLASH_PREFIX.length ? k : ''}${real}`;
      } else {
        for (let attempt = 0; !a.name || u.has(a.name) || realNames.has(a.name); attempt++) {
          const base = alleyName(rng);
          a.name = attempt > 30 ? base.replace(/(胡同|巷|斜街|夹道|条)$/, `${attempt}号$1`) : base;
        }
        a.nameEn = romanize(a.name);
      }
      u.add(a.name);
      const mid = a.lngLat[Math.floor(a.lngLat.length / 2)]!;
      a.community = a.street.communities.find((c) => contains(c.geom, mid))?.id ?? null;
    }
    // ids street by street (in each, the named hutongs first): a street's alleys read together, and the last
    // street's last alleys are neighbours for the shared chiefs below
    alleys.sort((a, b) => (a.street.code < b.street.code ? -1 : a.street.code > b.street.code ? 1 : 0));
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
      [
        'id',
        'name',
        'name_en',
        'name_source',
        'name_zh_reconstructed',
        'street_id',
        'community_id',
        'geom',
        'chief_id',
        'ten_haves',
        'ten_nones',
        'inspected_at',
        'story',
        'qr_slug',
      ],
      alleys.map((a, i) => {
        const { haves, nones } = checklist(check);
        const n = (slugCount.get(a.street.code) ?? 0) + 1;
        slugCount.set(a.street.code, n);
        return [
          alleyIdBase + i + 1,
          a.name,
          a.nameEn,
          a.source,
          a.reconstructed,
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
    // the generators after this one join alleys to cells, sensors and cases: give the planner their statistics
    await db.query('analyze alley');

    const outside = await db.query<{ n: number }>(`select count(*)::int as n from alley a join admin_area s on s.id = a.street_id
      where not st_within(a.geom, s.geom)`);
    if (outside.rows[0]!.n) throw new Error(`alleys: ${outside.rows[0]!.n} alleys leave their street`);
  },
};
export default generator;
