-- The basemap's roads are the real OpenStreetMap ways (issue 14 item 1; seed/data/core_roads_osm2013.geojson
-- and the footways and pedestrian streets of core_extra_ways_sparsetaxi.geojson, © OpenStreetMap contributors,
-- ODbL 1.0, snapshot of about 2013). `class` stays the tiles' zoom class (ring/arterial at every zoom, then
-- secondary, local, lane, path as the map closes in); `highway` keeps OSM's own class, `osm_file`/`osm_index`
-- name the way it came from (a MultiLineString way is stored as its parts, one row each), `oneway` as OSM has it.
alter table basemap_road drop constraint basemap_road_class_check;
alter table basemap_road add constraint basemap_road_class_check
  check (class in ('ring', 'arterial', 'secondary', 'local', 'lane', 'path'));
alter table basemap_road add column highway text;
alter table basemap_road add column oneway boolean not null default false;
alter table basemap_road add column osm_file text;
alter table basemap_road add column osm_index int;
-- Buildings: the north strip's real OSM footprints carry their way id; generated ones have none.
alter table basemap_building add column osm_way_id bigint;
