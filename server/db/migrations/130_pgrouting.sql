-- The road graph (issue 14 item 4): pgRouting for travel times along the real OSM ways. The seed fills
-- road_node / road_edge (seed/roadgraph.ts); the emergency view's nearest units read them.
do $$
begin
  if not exists (select 1 from pg_available_extensions where name = 'pgrouting') then
    raise exception 'pgRouting is not installed on this PostgreSQL server: install it (Debian: apt-get install postgresql-15-pgrouting) and start again';
  end if;
end $$;
create extension if not exists pgrouting;

-- car / foot: the node lies in the largest strongly connected part of the vehicle graph / the largest
-- connected part of the foot graph; units and scenes snap only to such nodes, so every pair is reachable.
create table road_node (
  id int primary key,
  car boolean not null default false,
  foot boolean not null default false,
  geom geometry(Point, 4326) not null
);
create index road_node_geom on road_node using gist (geom);

-- One edge per noded piece of an OSM way. cost_s / reverse_cost_s: seconds to drive it forward /
-- backward (-1: not allowed, e.g. against a one-way street; foot-only ways are -1 both ways), foot_s:
-- seconds on foot either way (one-way streets do not bind walkers).
create table road_edge (
  id int primary key,
  source int not null references road_node (id),
  target int not null references road_node (id),
  highway text not null,
  name text,
  oneway boolean not null,
  length_m float8 not null,
  cost_s float8 not null,
  reverse_cost_s float8 not null,
  foot_s float8 not null,
  geom geometry(LineString, 4326) not null
);
create index road_edge_geom on road_edge using gist (geom);
create index road_edge_source on road_edge (source);
create index road_edge_target on road_edge (target);
