// Districts, streets and communities. Streets are the 32 real polygons; a district is the union of
// its streets; the 443 real communities get synthetic polygons that partition their street: the
// Voronoi regions (in metres) of their real centre points where known, and of relaxed sites for
// the others.
import type { Generator, SeedContext } from './context.ts';
import { contains, loadRealCommunities, loadRealStreets, type RealStreet, samplePoints, toXY, type XY } from './geo.ts';
import { romanize } from './names.ts';
import { partitionRegions } from './partition.ts';

export const DISTRICTS = [
  { code: '110101', name: '东城区', nameEn: 'Dongcheng District' },
  { code: '110102', name: '西城区', nameEn: 'Xicheng District' },
] as const;

/** Real centre points closer than this to an earlier site are treated as unknown (relaxed). */
const MIN_SITE_SPACING_M = 60;

/**
 * Sites for a street's communities: known centres stay put; the others start at the sample
 * farthest from every site so far and then move to the centroid of the samples nearest to them
 * (Lloyd's relaxation), which spreads them over the parts of the street no known centre covers.
 */
export function communitySites(
  street: RealStreet,
  communities: { code: string; centre: [number, number] | null }[],
  samples: [number, number][],
): Map<string, [number, number]> {
  const sampleXY = samples.map(toXY);
  const sites: { code: string; xy: XY; fixed: boolean; lngLat: [number, number] }[] = [];
  const free: string[] = [];
  for (const c of communities) {
    const xy = c.centre && contains(street.geometry, c.centre) ? toXY(c.centre) : null;
    if (xy && sites.every((s) => Math.hypot(s.xy[0] - xy[0], s.xy[1] - xy[1]) >= MIN_SITE_SPACING_M)) {
      sites.push({ code: c.code, xy, fixed: true, lngLat: c.centre! });
    } else {
      free.push(c.code);
    }
  }
  const nearestDistance = (p: XY) => sites.reduce((d, s) => Math.min(d, Math.hypot(s.xy[0] - p[0], s.xy[1] - p[1])), Infinity);
  for (const code of free) {
    let best = 0;
    for (let i = 1; i < sampleXY.length; i++) if (nearestDistance(sampleXY[i]!) > nearestDistance(sampleXY[best]!)) best = i;
    sites.push({ code, xy: sampleXY[best]!, fixed: false, lngLat: samples[best]! });
  }
  for (let iteration = 0; iteration < 12 && free.length; iteration++) {
    const sum = sites.map(() => ({ x: 0, y: 0, lng: 0, lat: 0, n: 0 }));
    sampleXY.forEach((p, i) => {
      let k = 0;
      let d = Infinity;
      sites.forEach((s, j) => {
        const dj = (s.xy[0] - p[0]) ** 2 + (s.xy[1] - p[1]) ** 2;
        if (dj < d) [d, k] = [dj, j];
      });
      const acc = sum[k]!;
      acc.x += p[0];
      acc.y += p[1];
      acc.lng += samples[i]![0];
      acc.lat += samples[i]![1];
      acc.n++;
    });
    sites.forEach((s, j) => {
      const acc = sum[j]!;
      if (s.fixed || acc.n === 0) return;
      s.xy = [acc.x / acc.n, acc.y / acc.n];
      s.lngLat = [acc.lng / acc.n, acc.lat / acc.n];
    });
  }
  return new Map(sites.map((s) => [s.code, s.lngLat]));
}

const generator: Generator = {
  name: 'areas',
  async run(ctx: SeedContext) {
    const streets = loadRealStreets();
    const communities = loadRealCommunities();
    const step = ctx.progress.step('areas', streets.length + 2);

    await ctx.db.query(
      `create temp table seed_street on commit drop as
      select code, name, name_en, district_code,
             st_multi(st_reducePrecision(st_setsrid(st_geomfromgeojson(geom), 4326), 1e-7)) as geom
        from json_to_recordset($1::json) as x(code text, name text, name_en text, district_code text, geom text)`,
      [
        JSON.stringify(
          streets.map((s) => ({
            code: s.code,
            name: s.name,
            name_en: romanize(s.name),
            district_code: s.code.slice(0, 6),
            geom: JSON.stringify(s.geometry),
          })),
        ),
      ],
    );

    await ctx.db.query(
      `insert into admin_area (level, code, name, name_en, geom, label_point)
      select 'district', d.code, d.name, d.name_en, u.geom, st_pointOnSurface(u.geom)
        from json_to_recordset($1::json) as d(code text, name text, name_en text)
        cross join lateral (select st_multi(st_union(geom)) as geom from seed_street where district_code = d.code) u
       order by d.code`,
      [JSON.stringify(DISTRICTS.map((d) => ({ code: d.code, name: d.name, name_en: d.nameEn })))],
    );
    await ctx.db.query(`insert into admin_area (level, code, name, name_en, parent_id, geom, label_point)
      select 'street', s.code, s.name, s.name_en, d.id, s.geom, st_pointOnSurface(s.geom)
        from seed_street s join admin_area d on d.code = s.district_code
       order by s.code`);
    step.tick(2);

    const rng = ctx.rng('areas.communities');
    const sites: { code: string; street_code: string; name: string; name_en: string; lng: number; lat: number; real: boolean }[] = [];
    for (const street of streets) {
      const own = communities.filter((c) => c.streetCode === street.code);
      const samples = samplePoints(street.geometry, Math.max(400, own.length * 80), rng);
      const placed = communitySites(street, own, samples);
      for (const c of own) {
        const [lng, lat] = placed.get(c.code)!;
        sites.push({
          code: c.code,
          street_code: street.code,
          name: c.name,
          name_en: romanize(c.name),
          lng,
          lat,
          real: c.centre !== null && c.centre[0] === lng && c.centre[1] === lat,
        });
      }
      step.tick();
    }

    await ctx.db.query(
      `create temp table seed_site on commit drop as
      select x.*, st_setsrid(st_makepoint(lng, lat), 4326) as pt
        from json_to_recordset($1::json) as x(code text, street_code text, name text, name_en text, lng float8, lat float8, real boolean)`,
      [JSON.stringify(sites)],
    );
    await partitionRegions(ctx, {
      regions: `select id, geom from admin_area where level = 'street'`,
      sites: `select s.code as site, r.id as region, s.pt from seed_site s join admin_area r on r.code = s.street_code and r.level = 'street'`,
      into: 'seed_community_face',
      minPartM2: 5_000,
    });
    await ctx.db.query(`insert into admin_area (level, code, name, name_en, parent_id, geom, label_point)
      select 'community', s.code, s.name, s.name_en, f.region, st_multi(st_union(f.face)), case when s.real then s.pt end
        from seed_community_face f join seed_site s on s.code = f.site
       group by s.code, s.name, s.name_en, f.region, s.real, s.pt
       order by s.code`);
    step.done();
  },
};
export default generator;
