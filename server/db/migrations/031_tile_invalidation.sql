-- Live tile invalidation: after each statement that changes what tiles show, announce the bounding
-- box (WGS84) of what changed on channel xiuhua_tiles. Every server process LISTENs and drops its
-- cached tiles in that box (tiles/invalidation.ts), so N processes on one database stay consistent.
-- Statement-level with transition tables: a bulk load sends one notification, not one per row.
create function xh_notify_tiles() returns trigger language plpgsql as $$
declare
  box box2d;
begin
  if tg_table_name = 'cases' then
    -- a case's point, and the grid cell and alley whose counts it changes
    select st_extent(g) into box from (
      select c.geom as g from changed c
      union all select gc.geom from grid_cell gc where gc.id in (select grid_cell_id from changed)
      union all select a.geom from alley a where a.id in (select alley_id from changed where alley_id is not null)) x;
  elsif tg_table_name = 'sensor' then
    select st_extent(s.geom) into box from changed s;
  elsif tg_table_name = 'crowd_count' then
    select st_extent(a.geom) into box from crowd_area a where a.id in (select crowd_area_id from changed);
  end if;
  if box is not null then
    perform pg_notify('xiuhua_tiles', json_build_object('table', tg_table_name,
      'bbox', json_build_array(st_xmin(box), st_ymin(box), st_xmax(box), st_ymax(box)))::text);
  end if;
  return null;
end $$;

create trigger cases_tiles_insert after insert on cases
  referencing new table as changed for each statement execute function xh_notify_tiles();
create trigger cases_tiles_update after update on cases
  referencing new table as changed for each statement execute function xh_notify_tiles();
create trigger sensor_tiles_insert after insert on sensor
  referencing new table as changed for each statement execute function xh_notify_tiles();
create trigger sensor_tiles_update after update on sensor
  referencing new table as changed for each statement execute function xh_notify_tiles();
create trigger crowd_count_tiles after insert on crowd_count
  referencing new table as changed for each statement execute function xh_notify_tiles();
