// Synthetic building footprints for the offline basemap: courtyard houses (四合院, a footprint with
// its yard as a hole) lining both sides of the east–west lanes, and apartment slabs, office towers
// and public buildings on the blocks away from the lanes. Candidates are laid out in Node (a
// spatial hash keeps them apart) and PostGIS keeps those inside the buildable area of a street and off
// the real OSM roads and lanes (each kept clear by half a carriageway of its class).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realDataDir } from '../server/paths.ts';
import type { Generator, SeedContext } from './context.ts';
import { OLD_CITY_WKT } from './data/basemap.ts';
import { toLngLat, toXY, type XY } from './geo.ts';
import type { Rng } from './rng.ts';

/** Places whose blocks are office towers (金融街, 西单, 王府井, 建国门, 北京站). */
const BUSINESS_CENTRES: { at: [number, number]; radiusM: number }[] = [
  { at: [116.3575, 39.915], radiusM: 900 },
  { at: [116.372, 39.9095], radiusM: 500 },
  { at: [116.406, 39.912], radiusM: 550 },
  { at: [116.429, 39.9072], radiusM: 600 },
];

type Box = [number, number, number, number]; // minX, minY, maxX, maxY in metres

/** Grid buckets of 50 m: constant-time "is anything already here?" for a few hundred thousand boxes. */
class SpatialHash {
  private cells = new Map<string, Box[]>();
  private keys(b: Box): string[] {
    const out: string[] = [];
    for (let i = Math.floor(b[0] / 50); i <= Math.floor(b[2] / 50); i++) {
      for (let j = Math.floor(b[1] / 50); j <= Math.floor(b[3] / 50); j++) out.push(`${i},${j}`);
    }
    return out;
  }
  overlaps(b: Box, gap = 0): boolean {
    const g: Box = [b[0] - gap, b[1] - gap, b[2] + gap, b[3] + gap];
    return this.keys(g).some((k) => (this.cells.get(k) ?? []).some((o) => o[0] < g[2] && o[2] > g[0] && o[1] < g[3] && o[3] > g[1]));
  }
  add(b: Box): void {
    for (const k of this.keys(b)) this.cells.set(k, [...(this.cells.get(k) ?? []), b]);
  }
}

function ringWkt(points: XY[]): string {
  return `(${[...points, points[0]!]
    .map((p) =>
      toLngLat(p)
        .map((v) => v.toFixed(7))
        .join(' '),
    )
    .join(',')})`;
}

function rect([x0, y0, x1, y1]: Box): XY[] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

interface Footprint {
  kind: 'courtyard' | 'residential' | 'office' | 'public';
  height: number;
  wkt: string;
}

/** A courtyard house: the compound's outline with its yard as a hole. */
function courtyard(rng: Rng, box: Box): Footprint {
  const inset = rng.range(4.5, 6.5);
  const yard: Box = [box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset];
  return {
    kind: 'courtyard',
    height: Number(rng.range(4, 7).toFixed(1)),
    wkt: `SRID=4326;POLYGON(${ringWkt(rect(box))},${ringWkt(rect(yard).reverse())})`,
  };
}

/** Buildings this far (m) inside the street edge, which is usually a road. */
const EDGE_MARGIN_M = 15;

const generator: Generator = {
  name: 'buildings',
  async run(ctx: SeedContext) {
    // Where buildings may go: each street 15 m inside its edge (usually a road), off the water and the parks;
    // the real roads and lanes are kept clear below, each by half a carriageway of its class.
    await ctx.db.query(
      `create temp table seed_buildable on commit drop as
      with blocked as (
        select st_union(g) as g from (
          select st_buffer(geom::geography, 12)::geometry as g from basemap_water
          union all select geom from basemap_green) b)
      select s.id as street_id, st_difference(st_buffer(s.geom::geography, -$1::float8)::geometry, blocked.g) as geom
        from admin_area s, blocked
       where s.level = 'street'`,
      [EDGE_MARGIN_M],
    );
    await ctx.db.query('create index on seed_buildable using gist (geom)');
    const rng = ctx.rng('buildings');
    const keep = ctx.scale.buildingShare;
    const taken = new SpatialHash();
    const footprints: Footprint[] = [];
    const place = (f: Footprint, box: Box) => {
      taken.add(box);
      if (keep >= 1 || rng() < keep) footprints.push(f);
    };

    // Courtyards line the alleys and the old city's other real lanes and local streets; every lane's vertices
    // block a 6 m box around them.
    const { rows: alleys } = await ctx.db.query<{ geom: string }>(
      `select geom from (
         select 0 as k, id, st_asGeoJSON(geom, 7) as geom from alley
         union all
         select 1, r.id, st_asGeoJSON(r.geom, 7) from basemap_road r
          where r.class in ('local', 'lane') and st_length(r.geom::geography) >= 40
            and st_within(r.geom, st_geomFromText($1, 4326))) l
        order by k, id`,
      [OLD_CITY_WKT],
    );
    const lanes = alleys.map((a) => (JSON.parse(a.geom) as { coordinates: [number, number][] }).coordinates.map(toXY));
    const laneHash = new SpatialHash();
    for (const lane of lanes) {
      for (let i = 0; i < lane.length - 1; i++) {
        const [a, b] = [lane[i]!, lane[i + 1]!];
        laneHash.add([Math.min(a[0], b[0]) - 4, Math.min(a[1], b[1]) - 4, Math.max(a[0], b[0]) + 4, Math.max(a[1], b[1]) + 4]);
      }
    }
    const step = ctx.progress.step('buildings', lanes.length + 1);

    // Courtyard houses along both sides of east–west lanes, gates on the lane.
    for (const lane of lanes) {
      const [first, last] = [lane[0]!, lane[lane.length - 1]!];
      if (Math.abs(last[0] - first[0]) < Math.abs(last[1] - first[1])) {
        step.tick();
        continue;
      }
      const [x0, x1] = [Math.min(first[0], last[0]), Math.max(first[0], last[0])];
      for (let x = x0 + rng.range(2, 8); x < x1 - 14; ) {
        const width = rng.range(16, 28);
        const y = lane.reduce((best, p) => (Math.abs(p[0] - x) < Math.abs(best[0] - x) ? p : best))[1];
        for (const side of [1, -1]) {
          const depth = rng.range(22, 30);
          const near = y + side * rng.range(5, 7);
          const box: Box = side > 0 ? [x, near, x + width, near + depth] : [x, near - depth, x + width, near];
          if (!taken.overlaps(box, 1.5) && !laneHash.overlaps(box)) place(courtyard(rng, box), box);
        }
        x += width + rng.range(0.5, 3);
      }
      step.tick();
    }

    // Blocks away from the lanes: south-facing slabs, towers near business centres, some public buildings.
    const { rows: ext } = await ctx.db.query<{ x0: number; y0: number; x1: number; y1: number }>(
      `select st_xmin(e) as x0, st_ymin(e) as y0, st_xmax(e) as x1, st_ymax(e) as y1
         from (select st_extent(geom) as e from admin_area where level = 'district') d`,
    );
    const [sx, sy] = toXY([ext[0]!.x0, ext[0]!.y0]);
    const [ex, ey] = toXY([ext[0]!.x1, ext[0]!.y1]);
    const centres = BUSINESS_CENTRES.map((c) => ({ xy: toXY(c.at), r: c.radiusM }));
    for (let y = sy; y < ey; y += rng.range(42, 58)) {
      for (let x = sx; x < ex; x += rng.range(55, 80)) {
        const business = centres.some((c) => Math.hypot(c.xy[0] - x, c.xy[1] - y) < c.r);
        const isPublic = !business && rng.chance(0.06);
        const [w, d] = business
          ? [rng.range(30, 60), rng.range(25, 45)]
          : isPublic
            ? [rng.range(40, 70), rng.range(25, 40)]
            : [rng.range(40, 75), rng.range(11, 15)];
        const box: Box = [x + rng.range(0, 8), y + rng.range(0, 8), 0, 0];
        box[2] = box[0] + w;
        box[3] = box[1] + d;
        if (taken.overlaps(box, 8) || laneHash.overlaps(box, 12)) continue;
        const height = business ? rng.range(40, 120) : isPublic ? rng.range(12, 24) : rng.range(18, 48);
        place(
          {
            kind: business ? 'office' : isPublic ? 'public' : 'residential',
            height: Number(height.toFixed(1)),
            wkt: `SRID=4326;POLYGON(${ringWkt(rect(box))})`,
          },
          box,
        );
      }
    }

    await ctx.db.query('create temp table seed_building (kind text, height real, geom geometry(Polygon, 4326)) on commit drop');
    await ctx.copy(
      'seed_building',
      ['kind', 'height', 'geom'],
      footprints.map((f) => [f.kind, f.height, f.wkt]),
    );
    // The north strip's real footprints first (OSM 2015); OSM gives no height: 18 m, about six storeys.
    const strip = JSON.parse(readFileSync(join(realDataDir, 'core_north_strip_osm2015_region5.geojson'), 'utf8')) as {
      features: { geometry: { type: string }; properties: Record<string, string | number | undefined> }[];
    };
    const real = strip.features
      .filter((f) => f.properties.building && f.geometry.type === 'Polygon')
      .map((f) => {
        const b = String(f.properties.building);
        const kind = b === 'commercial' ? 'office' : b === 'train_station' || f.properties.name ? 'public' : 'residential';
        return [f.properties.osm_way_id, kind, kind === 'public' ? 12 : 18, JSON.stringify(f.geometry)];
      });
    await ctx.db.query(
      `insert into basemap_building (osm_way_id, kind, height, geom)
       select (w->>0)::bigint, w->>1, (w->>2)::real, g.geom
         from jsonb_array_elements($1::jsonb) with ordinality as a(w, n),
              lateral (select (st_dump(st_makeValid(st_setSRID(st_geomFromGeoJSON(w->>3), 4326)))).geom) g
        where st_geometryType(g.geom) = 'ST_Polygon'
          and exists (select 1 from admin_area d where d.level = 'district' and st_within(g.geom, d.geom))
        order by a.n`,
      [JSON.stringify(real)],
    );
    await ctx.db.query(`insert into basemap_building (kind, height, geom)
      select b.kind, b.height, b.geom from seed_building b
       where exists (select 1 from seed_buildable a where st_within(b.geom, a.geom))
         and not exists (select 1 from basemap_building o where o.osm_way_id is not null and st_intersects(o.geom, b.geom))
         -- the widest clearance first (the index serves a constant distance), then the road's own
         and not exists (select 1 from basemap_road r, lateral (select st_transform(b.geom, 3857) as g, cos(radians(st_y(st_centroid(b.geom)))) as k) m
               where st_dwithin(r.geom_3857, m.g, 14 / 0.76)
                 and st_dwithin(r.geom_3857, m.g,
                     (case r.class when 'ring' then 14 when 'arterial' then 12 when 'secondary' then 8 when 'local' then 4
                                   when 'lane' then 3 else 1.5 end) / m.k))`);
    step.done();
  },
};
export default generator;
