// The unit grid (万米单元网格): every community tiled by cells of about one hectare with no gaps
// or overlaps. Sites are k-means centres of points spread evenly over the community (so cells
// come out of similar size), cells are their Voronoi regions taken from one exact partition
// (seed/partition.ts), which also hands slivers and split-off pieces to a neighbour. Codes follow GB/T 30428's
// shape: the 12-digit community code + a 2-digit sequence numbered from the north-west.
import type { Generator, SeedContext } from './context.ts';
import { partitionRegions } from './partition.ts';

/** Target cell area (m²) and the most cells a community may have (two code digits). */
const CELL_AREA_M2 = 10_000;
const MAX_CELLS = 95;
/** Sample points per cell fed to k-means: enough for even cells, few enough to stay fast. */
const SAMPLES_PER_CELL = 24;

const generator: Generator = {
  name: 'grid',
  async run(ctx: SeedContext) {
    const db = ctx.db;
    const step = ctx.progress.step('grid cells', 4);
    // k-means in UTM metres; ST_GeneratePoints with a seed is deterministic.
    await db.query(
      `create temp table seed_cell_site on commit drop as
      with c as (
        select id, geom, greatest(1, least($2, round(area_m2 / $1)))::int as n from admin_area where level = 'community'),
      pts as (
        select c.id, c.n, (st_dump(st_generatePoints(st_transform(c.geom, 32650), c.n * $3, $4 + c.id))).geom as p from c),
      clustered as (
        select id, p, st_clusterKMeans(p, n) over (partition by id) as k from pts)
      select id as community_id, k, st_transform(st_centroid(st_collect(p)), 4326) as pt
        from clustered group by id, k`,
      [CELL_AREA_M2, MAX_CELLS, SAMPLES_PER_CELL, ctx.seed % 1_000_000],
    );
    step.tick();

    await partitionRegions(ctx, {
      regions: `select id, geom from admin_area where level = 'community'`,
      sites: `select community_id || ':' || k as site, community_id as region, pt from seed_cell_site`,
      into: 'seed_cell_face',
      minPartM2: 2_500,
    });
    step.tick();

    // Normally one polygon per site; an island the partition could not attach becomes its own cell.
    await db.query(`create temp table seed_cell on commit drop as
      select region as community_id, d.geom
        from (select region, site, st_union(face) as g from seed_cell_face group by region, site) u,
             lateral st_dump(u.g) d`);
    step.tick();

    const bad = await db.query<{ n: number }>(`select count(*)::int as n from seed_cell where geometryType(geom) <> 'POLYGON'`);
    if (bad.rows[0]!.n > 0) throw new Error(`grid: ${bad.rows[0]!.n} cells are not single polygons`);

    await db.query(`insert into grid_cell (code, class, community_id, street_id, district_id, geom)
      select c.code || lpad(row_number() over (partition by c.id
                 order by round(st_y(st_centroid(g.geom))::numeric, 4) desc, st_x(st_centroid(g.geom)))::text, 2, '0'),
             'ordinary', c.id, s.id, s.parent_id, g.geom
        from seed_cell g join admin_area c on c.id = g.community_id join admin_area s on s.id = c.parent_id
       order by c.code, 1`);
    const over = await db.query<{ n: number }>(`select count(*)::int as n from grid_cell where length(code) <> 14`);
    if (over.rows[0]!.n > 0) throw new Error('grid: a community has more than 99 cells');

    // Each level becomes exactly the union of the level below, so a cell lies within its community,
    // street and district to the last bit: noding the arrangement moved boundary vertices by
    // ~1e-15° (far below a millimetre) and added some along shared edges.
    await db.query(`update admin_area a set geom = u.geom
      from (select community_id as id, st_multi(st_union(geom)) as geom from grid_cell group by community_id) u
     where a.id = u.id`);
    for (const childLevel of ['community', 'street']) {
      await db.query(
        `update admin_area a set geom = u.geom
        from (select parent_id as id, st_multi(st_union(geom)) as geom from admin_area where level = $1 group by parent_id) u
       where a.id = u.id`,
        [childLevel],
      );
    }
    step.done();
  },
};
export default generator;
