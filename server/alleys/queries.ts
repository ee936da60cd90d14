// SQL for alleys: the GeoJSON list and one alley with its chief, stewards and 十有十无 checklist.
import type pg from 'pg';
import type { AlleyDetail } from '../contracts/alleys.ts';
import type { BboxValue } from '../contracts/formats.ts';
import { checklistScore, TEN_HAVES, TEN_NONES } from '../domain/checklist.ts';
import { COORD_DECIMALS, Filters, featureCollectionSql } from '../sql.ts';

export interface AlleyFilter {
  bbox?: BboxValue;
  streetId?: number;
}

const SCORE_SQL = `(select count(*) filter (where v) from unnest(a.ten_haves || a.ten_nones) v)::int`;

export async function alleyCollection(db: pg.Pool, filter: AlleyFilter): Promise<string> {
  const f = new Filters();
  if (filter.bbox)
    f.where(
      `st_intersects(a.geom, st_makeenvelope(${f.bind(filter.bbox[0])}, ${f.bind(filter.bbox[1])}, ${f.bind(filter.bbox[2])}, ${f.bind(filter.bbox[3])}, 4326))`,
    );
  if (filter.streetId !== undefined) f.where(`a.street_id = ${f.bind(filter.streetId)}`);
  const { rows } = await db.query<{ body: string }>(
    featureCollectionSql(`
    select a.id, st_asgeojson(a.geom, ${COORD_DECIMALS})::json as geometry,
           json_build_object('id', a.id, 'name', a.name, 'streetCode', s.code, 'lengthM', round(a.length_m::numeric, 1),
                             'score', ${SCORE_SQL}, 'chiefName', chief.name, 'qrSlug', a.qr_slug) as properties
      from alley a
      join admin_area s on s.id = a.street_id
      join person chief on chief.id = a.chief_id
     ${f.sql}`),
    f.params,
  );
  return rows[0]!.body;
}

interface AlleyRow extends Omit<AlleyDetail, 'checklist'> {
  tenHaves: boolean[];
  tenNones: boolean[];
  inspectedAt: Date | null;
}

/** By numeric id or QR slug: "42" is tried as an id first, then as a slug. */
export async function alleyByIdOrSlug(db: pg.Pool, idOrSlug: string, withPhones: boolean): Promise<AlleyDetail | null> {
  const asId = /^\d{1,9}$/.test(idOrSlug) ? Number(idOrSlug) : null;
  const { rows } = await db.query<AlleyRow>(
    `
    select a.id, a.name, round(a.length_m::numeric, 1) as "lengthM", a.story, a.qr_slug as "qrSlug",
           json_build_object('code', s.code, 'name', s.name, 'nameEn', s.name_en) as street,
           case when c.id is null then null else json_build_object('code', c.code, 'name', c.name, 'nameEn', c.name_en) end as community,
           json_strip_nulls(json_build_object('name', chief.name, 'phone', case when $3 then chief.phone end)) as chief,
           coalesce((select json_agg(json_strip_nulls(json_build_object('name', case when $3 then p.name else '小巷管家' end, 'phone', case when $3 then p.phone end))
                                     order by st.since, p.id)
                       from alley_steward st join person p on p.id = st.person_id
                      where st.alley_id = a.id), '[]'::json) as stewards,
           a.ten_haves as "tenHaves", a.ten_nones as "tenNones", a.inspected_at as "inspectedAt",
           st_asgeojson(a.geom, ${COORD_DECIMALS})::json as geometry
      from alley a
      join admin_area s on s.id = a.street_id
      left join admin_area c on c.id = a.community_id
      join person chief on chief.id = a.chief_id
     where a.id = $1 or a.qr_slug = $2
     order by (a.id = $1) desc nulls last
     limit 1`,
    [asId, idOrSlug, withPhones],
  );
  const row = rows[0];
  if (!row) return null;
  const { tenHaves, tenNones, inspectedAt, ...alley } = row;
  return {
    ...alley,
    checklist: {
      haves: TEN_HAVES.map((item, i) => ({ key: item.key, holds: tenHaves[i] === true })),
      nones: TEN_NONES.map((item, i) => ({ key: item.key, holds: tenNones[i] === true })),
      score: checklistScore(tenHaves, tenNones),
      inspectedAt: inspectedAt?.toISOString() ?? null,
    },
  };
}
