// SQL for unit grid cells: the filtered GeoJSON list and one cell with its patroller and case counts.
import type pg from 'pg';
import { openCaseSql } from '../cases/queries.ts';
import type { BboxValue } from '../contracts/formats.ts';
import type { GridCellDetail, GridClass } from '../contracts/grid.ts';
import { COORD_DECIMALS, Filters, featureCollectionSql } from '../sql.ts';

export interface GridCellFilter {
  bbox?: BboxValue;
  streetId?: number;
  class?: GridClass;
}

export async function gridCellCollection(db: pg.Pool, filter: GridCellFilter): Promise<string> {
  const f = new Filters();
  if (filter.bbox)
    f.where(
      `st_intersects(g.geom, st_makeenvelope(${f.bind(filter.bbox[0])}, ${f.bind(filter.bbox[1])}, ${f.bind(filter.bbox[2])}, ${f.bind(filter.bbox[3])}, 4326))`,
    );
  if (filter.streetId !== undefined) f.where(`g.street_id = ${f.bind(filter.streetId)}`);
  if (filter.class) f.where(`g.class = ${f.bind(filter.class)}`);
  const { rows } = await db.query<{ body: string }>(
    featureCollectionSql(`
    select g.id, st_asgeojson(g.geom, ${COORD_DECIMALS})::json as geometry,
           json_build_object('id', g.id, 'code', g.code, 'class', g.class, 'communityCode', c.code,
                             'streetCode', s.code, 'areaM2', round(g.area_m2)) as properties
      from grid_cell g
      join admin_area c on c.id = g.community_id
      join admin_area s on s.id = g.street_id
     ${f.sql}`),
    f.params,
  );
  return rows[0]!.body;
}

export async function gridCellByCode(db: pg.Pool, code: string, withPhones: boolean): Promise<GridCellDetail | null> {
  const { rows } = await db.query<GridCellDetail>(
    `
    select g.id, g.code, g.class, round(g.area_m2) as "areaM2",
           json_build_object('code', c.code, 'name', c.name, 'nameEn', c.name_en) as community,
           json_build_object('code', s.code, 'name', s.name, 'nameEn', s.name_en) as street,
           case when p.id is null then null
                else json_strip_nulls(json_build_object('name', case when $2 then p.name else '网格员' end, 'phone', case when $2 then p.phone end)) end as patroller,
           (select count(*) from cases k where k.grid_cell_id = g.id and ${openCaseSql('k')}) as "openCases",
           (select count(*) from cases k where k.grid_cell_id = g.id and k.reported_at >= now() - interval '30 days') as "casesLast30Days",
           st_asgeojson(g.geom, ${COORD_DECIMALS})::json as geometry
      from grid_cell g
      join admin_area c on c.id = g.community_id
      join admin_area s on s.id = g.street_id
      left join person p on p.id = g.patroller_id
     where g.code = $1`,
    [code, withPhones],
  );
  return rows[0] ?? null;
}
