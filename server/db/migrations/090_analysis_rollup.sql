-- The planner's counts and neighbourhoods, kept by the database so no analysis recomputes them per request.
--
-- case_rollup: cases per (Beijing day, grid cell, category sub-class, source), maintained in the same
-- transaction as every insert, update and delete of cases by statement-level triggers with transition
-- tables: a batch of 1,000 intakes (or the seed's one bulk insert) costs one grouped upsert, not 1,000.
-- Updates only touch the rollup when a keyed column changed (stage changes, the common update, cost one
-- join of the changed rows and nothing else). Rows are upserted in key order so that concurrent intake
-- transactions lock them in the same order and cannot deadlock; a key whose count falls to 0 is deleted.
create table case_rollup (
  day           date not null,
  grid_cell_id  int not null references grid_cell (id) on delete cascade,
  category_code text not null,
  source        text not null,
  n             int not null check (n > 0),
  -- day first: every analysis reads a day range over all cells
  primary key (day, grid_cell_id, category_code, source)
);

create function xh_rollup_insert() returns trigger language plpgsql as $$
begin
  insert into case_rollup (day, grid_cell_id, category_code, source, n)
  select (reported_at at time zone 'Asia/Shanghai')::date, grid_cell_id, category_code, source, count(*)
    from new_cases group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (day, grid_cell_id, category_code, source) do update set n = case_rollup.n + excluded.n;
  return null;
end $$;

create function xh_rollup_delete() returns trigger language plpgsql as $$
begin
  with gone as (
    select (reported_at at time zone 'Asia/Shanghai')::date as day, grid_cell_id, category_code, source, count(*)::int as n
      from old_cases group by 1, 2, 3, 4),
  cut as (
    update case_rollup r set n = r.n - g.n from gone g
     where r.day = g.day and r.grid_cell_id = g.grid_cell_id and r.category_code = g.category_code and r.source = g.source
       and r.n > g.n
    returning r.day)
  delete from case_rollup r using gone g
   where r.day = g.day and r.grid_cell_id = g.grid_cell_id and r.category_code = g.category_code and r.source = g.source
     and r.n <= g.n;
  return null;
end $$;

create function xh_rollup_update() returns trigger language plpgsql as $$
begin
  -- only rows whose key moved count; most updates (stage, deadline, satisfaction) leave the rollup alone.
  -- Each key's net change is either positive (upserted) or negative (decremented, or deleted at 0): the
  -- three writes touch disjoint rows, so one statement does them.
  with moved as (
    select o.reported_at as o_at, o.grid_cell_id as o_cell, o.category_code as o_cat, o.source as o_src,
           w.reported_at as w_at, w.grid_cell_id as w_cell, w.category_code as w_cat, w.source as w_src
      from old_cases o join new_cases w on w.id = o.id
     where (o.reported_at, o.grid_cell_id, o.category_code, o.source) is distinct from (w.reported_at, w.grid_cell_id, w.category_code, w.source)),
  delta as (
    select day, grid_cell_id, category_code, source, sum(n)::int as n from (
      select (o_at at time zone 'Asia/Shanghai')::date as day, o_cell as grid_cell_id, o_cat as category_code, o_src as source, -1 as n from moved
      union all
      select (w_at at time zone 'Asia/Shanghai')::date, w_cell, w_cat, w_src, 1 from moved) d
     group by 1, 2, 3, 4 having sum(n) <> 0),
  added as (
    insert into case_rollup (day, grid_cell_id, category_code, source, n)
    select day, grid_cell_id, category_code, source, n from delta where n > 0 order by 1, 2, 3, 4
    on conflict (day, grid_cell_id, category_code, source) do update set n = case_rollup.n + excluded.n
    returning 1),
  cut as (
    update case_rollup r set n = r.n + d.n from delta d
     where d.n < 0 and r.day = d.day and r.grid_cell_id = d.grid_cell_id and r.category_code = d.category_code
       and r.source = d.source and r.n + d.n > 0
    returning 1)
  delete from case_rollup r using delta d
   where d.n < 0 and r.day = d.day and r.grid_cell_id = d.grid_cell_id and r.category_code = d.category_code
     and r.source = d.source and r.n + d.n <= 0;
  return null;
end $$;

create function xh_rollup_truncate() returns trigger language plpgsql as $$
begin
  truncate case_rollup;
  return null;
end $$;

create trigger cases_rollup_insert after insert on cases
  referencing new table as new_cases for each statement execute function xh_rollup_insert();
create trigger cases_rollup_update after update on cases
  referencing old table as old_cases new table as new_cases for each statement execute function xh_rollup_update();
create trigger cases_rollup_delete after delete on cases
  referencing old table as old_cases for each statement execute function xh_rollup_delete();
create trigger cases_rollup_truncate after truncate on cases
  for each statement execute function xh_rollup_truncate();

insert into case_rollup (day, grid_cell_id, category_code, source, n)
select (reported_at at time zone 'Asia/Shanghai')::date, grid_cell_id, category_code, source, count(*)
  from cases group by 1, 2, 3, 4;

-- Queen contiguity of the unit grid: cells sharing an edge or a corner, both directions stored, the cell
-- itself not (Gi* adds it). Cells partition each community exactly, but their stored vertices are rounded,
-- so "touching" is taken within 1e-7° (about 1 cm) rather than ST_Touches' exact test, which a rounding gap
-- would break. Kept current by a statement trigger on grid_cell: the changed cells' pairs are dropped and
-- found again through the GIST index; the seed's one insert of every cell computes them all at once.
create table grid_cell_neighbour (
  cell_id      int not null references grid_cell (id) on delete cascade,
  neighbour_id int not null references grid_cell (id) on delete cascade,
  primary key (cell_id, neighbour_id),
  check (cell_id <> neighbour_id)
);

create function xh_neighbours_of(ids int[]) returns void language sql as $$
  delete from grid_cell_neighbour where cell_id = any(ids) or neighbour_id = any(ids);
  insert into grid_cell_neighbour (cell_id, neighbour_id)
  select distinct x.a, x.b from (
    select g.id as a, h.id as b from grid_cell g join grid_cell h on h.id <> g.id and st_dwithin(h.geom, g.geom, 1e-7)
     where g.id = any(ids)
    union all
    select h.id, g.id from grid_cell g join grid_cell h on h.id <> g.id and st_dwithin(h.geom, g.geom, 1e-7)
     where g.id = any(ids)) x
  on conflict do nothing;
$$;

create function xh_neighbours_insert() returns trigger language plpgsql as $$
begin
  perform xh_neighbours_of(array(select id from new_cells));
  return null;
end $$;

create function xh_neighbours_update() returns trigger language plpgsql as $$
declare
  moved int[];
begin
  -- class and patroller updates are common and change no neighbourhood
  select array_agg(w.id) into moved from new_cells w join old_cells o on o.id = w.id
   where not st_equals(o.geom, w.geom);
  if moved is not null then
    perform xh_neighbours_of(moved);
  end if;
  return null;
end $$;

create trigger grid_cell_neighbours_insert after insert on grid_cell
  referencing new table as new_cells for each statement execute function xh_neighbours_insert();
create trigger grid_cell_neighbours_update after update on grid_cell
  referencing old table as old_cells new table as new_cells for each statement execute function xh_neighbours_update();
-- a deleted cell's pairs go by the foreign keys' cascade

select xh_neighbours_of(array(select id from grid_cell));
