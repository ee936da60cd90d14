// Partitions polygons into Voronoi regions of sites with *exactly* shared edges, as a planar
// arrangement: all region boundaries and Voronoi lines are noded together once and polygonised,
// and each face goes to the nearest site (in metres) of the region that holds it. Clipping each
// Voronoi cell separately would leave centimetre slivers where neighbours overlap; faces of one
// arrangement cannot overlap, so unions of them tile their region with zero overlap area.
import type { SeedContext } from './context.ts';

export interface PartitionSpec {
  /** SQL returning (id int, geom geometry(4326)): the polygons to split; they must not overlap. */
  regions: string;
  /** SQL returning (site text, region int, pt geometry(Point, 4326)): the sites inside each region. */
  sites: string;
  /** Temp table to create with (site text, region int, face geometry(Polygon, 4326)). */
  into: string;
  /** A site's piece smaller than this (m²), or not its largest, joins a neighbour (see below). */
  minPartM2: number;
}

export async function partitionRegions(ctx: SeedContext, spec: PartitionSpec): Promise<void> {
  const db = ctx.db;
  await db.query(`create temp table seed_p_region on commit drop as ${spec.regions}`);
  await db.query(`create temp table seed_p_site on commit drop as
    select site, region, pt, st_transform(pt, 32650) as pt_m from (${spec.sites}) s`);
  await db.query('create index on seed_p_site (region)');
  await db.query('create index on seed_p_region using gist (geom)');
  // Voronoi lines are computed in UTM 50N metres per region and kept a little beyond the
  // region (≈25 m) so they cross its boundary: noding then splits faces cleanly, and the
  // overshooting stubs are dangles that polygonising drops.
  await db.query(`create temp table ${spec.into} on commit drop as
    with lines as (
      select st_boundary(geom) as g from seed_p_region
      union all
      select st_intersection(
               st_transform(st_voronoiLines(st_collect(s.pt_m), 0, st_transform(r.geom, 32650)), 4326),
               st_buffer(r.geom, 0.0003))
        from seed_p_region r join seed_p_site s on s.region = r.id
       group by r.id, r.geom
      having count(*) > 1),
    faces as (
      select (st_dump(st_polygonize(g))).geom as face from (select st_union(g) as g from lines) noded),
    located as (
      select f.face, st_pointOnSurface(f.face) as p from faces f)
    select (select s.site from seed_p_site s where s.region = r.id
             order by s.pt_m <-> st_transform(l.p, 32650), s.site limit 1) as site,
           r.id as region, l.face
      from located l join seed_p_region r on st_intersects(r.geom, l.p)`);
  await db.query('drop table seed_p_region, seed_p_site');

  // A concave region can cut a Voronoi region in two, and a site near an edge can get a sliver.
  // Such a piece (not its site's largest, or smaller than minPartM2) is handed to the site in the
  // same region it shares the longest edge with; an island with no such neighbour stays.
  // Handing a piece over can leave a new small piece behind it: repeat until none moves.
  for (let pass = 0; pass < 5; pass++) {
    await db.query(`create temp table seed_p_piece as
      select site, region, geom, area, row_number() over (partition by site order by area desc) as rank
        from (select site, region, d.geom, st_area(d.geom::geography) as area
                from (select site, region, st_union(face) as g from ${spec.into} group by site, region) u,
                     lateral st_dump(u.g) d) x`);
    const moved = await db.query(
      `with small as (
        select p.geom, (select h.site from seed_p_piece h
                         where h.region = p.region and h.site <> p.site and h.rank = 1 and h.area >= $1
                           and st_intersects(h.geom, p.geom) and st_length(st_intersection(h.geom, p.geom)) > 0
                         order by st_length(st_intersection(h.geom, p.geom)) desc, h.site limit 1) as host
          from seed_p_piece p where p.rank > 1 or p.area < $1)
      update ${spec.into} f set site = small.host
        from small where small.host is not null and st_covers(small.geom, st_pointOnSurface(f.face))`,
      [spec.minPartM2],
    );
    await db.query('drop table seed_p_piece');
    if (!moved.rowCount) break;
  }
}
