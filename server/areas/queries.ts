// SQL for administrative areas: the GeoJSON list, one area with its counts, and street lookups.
import type pg from 'pg';
import { openCaseSql } from '../cases/queries.ts';
import type { AreaDetail, AreaLevel } from '../contracts/areas.ts';
import { badRequest } from '../errors.ts';
import { COORD_DECIMALS, featureCollectionSql } from '../sql.ts';

// Outlines in the list are simplified by ~1 m: invisible on a city map, a fraction of the
// vertices. One area by code keeps its full geometry.
const LIST_SIMPLIFY_DEGREES = 0.00001;

export async function areaCollection(db: pg.Pool, level: AreaLevel | undefined): Promise<string> {
  const { rows } = await db.query<{ body: string }>(
    featureCollectionSql(`
    select a.id,
           st_asgeojson(st_simplifypreservetopology(a.geom, $2), ${COORD_DECIMALS})::json as geometry,
           json_build_object('id', a.id, 'code', a.code, 'name', a.name, 'nameEn', a.name_en, 'level', a.level,
                             'parentCode', p.code, 'areaM2', round(a.area_m2)) as properties
      from admin_area a
      left join admin_area p on p.id = a.parent_id
     where $1::text is null or a.level = $1`),
    [level ?? null, LIST_SIMPLIFY_DEGREES],
  );
  return rows[0]!.body;
}

export async function areaByCode(db: pg.Pool, code: string): Promise<AreaDetail | null> {
  const { rows } = await db.query<AreaDetail>(
    `
    select a.id, a.code, a.name, a.name_en as "nameEn", a.level, p.code as "parentCode", round(a.area_m2) as "areaM2",
           st_asgeojson(a.geom, ${COORD_DECIMALS})::json as geometry,
           json_build_object(
             'gridCells', (select count(*) from grid_cell g
                            where a.id = case a.level when 'district' then g.district_id when 'street' then g.street_id
                                                      else g.community_id end),
             'alleys', (select count(*) from alley l
                         where case a.level when 'district' then l.street_id in (select s.id from admin_area s where s.parent_id = a.id)
                                            when 'street' then l.street_id = a.id
                                            else l.community_id = a.id end),
             'openCases', (select count(*) from cases c
                            where ${openCaseSql('c')}
                              and a.id = case a.level when 'district' then c.district_id when 'street' then c.street_id
                                                      else c.community_id end)
           ) as counts
      from admin_area a
      left join admin_area p on p.id = a.parent_id
     where a.code = $1`,
    [code],
  );
  return rows[0] ?? null;
}

/** A street's id from its 9-digit code; an unknown code is the user's mistake in `parameter`. */
export async function streetIdByCode(db: pg.Pool, code: string, parameter: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`select id from admin_area where level = 'street' and code = $1`, [code]);
  if (!rows[0]) throw badRequest(`${parameter} must be the code of one of the core area's streets; no street has code ${code}`);
  return rows[0].id;
}
