-- Alleys on the real OpenStreetMap lanes (issue 14 items 2 and 5).
-- Where an alley's name comes from: 'osm' (OSM's Chinese name), 'osm-pinyin' (OSM has only the pinyin
-- name: that is name_en, and the Chinese `name` is reconstructed from it, so name_zh_reconstructed), or
-- 'generated' (an unnamed lane given a name in the real patterns). Synthetic alleys stay 'generated'.
alter table alley add column name_source text not null default 'generated'
  check (name_source in ('osm', 'osm-pinyin', 'generated'));
alter table alley add column name_en text;
alter table alley add column name_zh_reconstructed boolean not null default false;
alter table alley add constraint alley_reconstructed_from_pinyin
  check (not name_zh_reconstructed or name_source = 'osm-pinyin');

-- Snapping (the one rule): a point lies on an alley when the alley's centre line is within
-- xh_alley_snap_m() metres of it (GPS error plus half a lane's width); the nearest such alley wins, the
-- lower id on a tie. Every place that puts a case or a field position on an alley calls xh_alley_at.
create function xh_alley_snap_m() returns double precision language sql immutable parallel safe as $$ select 12::double precision $$;

-- In Web Mercator a metre at latitude φ is 1 / cos φ units: the index on geom_3857 serves the search.
create function xh_alley_at(p geometry) returns int
language plpgsql stable parallel safe as $$
declare
  q geometry := st_transform(p, 3857);
  found int;
begin
  select a.id into found
    from alley a
   where st_dwithin(a.geom_3857, q, xh_alley_snap_m() / cos(radians(st_y(p))))
   order by a.geom_3857 <-> q, a.id
   limit 1;
  return found;
end $$;

-- Same contract as 030 (the lowest-id cell that covers the point), the alley by xh_alley_at.
create or replace function xh_locate(p geometry,
    out grid_cell_id int, out community_id int, out street_id int, out district_id int, out alley_id int)
language plpgsql stable parallel safe as $$
begin
  select g.id, g.community_id, g.street_id, g.district_id
    into grid_cell_id, community_id, street_id, district_id
    from grid_cell g
   where st_covers(g.geom, p)
   order by g.id
   limit 1;
  if grid_cell_id is not null then
    alley_id := xh_alley_at(p);
  end if;
end $$;
