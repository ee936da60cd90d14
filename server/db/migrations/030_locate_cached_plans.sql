-- Locating a point runs for every inserted case and sensor: as PL/pgSQL its two queries are planned
-- once per session and cached, where the SQL-language version was re-planned on every call (~4x slower
-- per insert). Same contract as 001: the lowest-id cell that covers the point, the nearest alley within 12 m.
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
    select a.id into alley_id
      from alley a
     where st_dwithin(a.geom_3857, st_transform(p, 3857), 12 / cos(radians(st_y(p))))
     order by a.geom_3857 <-> st_transform(p, 3857)
     limit 1;
  end if;
end $$;
