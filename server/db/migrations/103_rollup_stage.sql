-- The planner filters by stage (issue 13: "…source, stage, street/community"): the case's stage now, as the
-- case list's `stage` filter means it. The stage joins the rollup's key, so a stage change moves one count
-- from one key to another in the update trigger (one grouped upsert and decrement per statement, as for a
-- moved case). At default scale the rollup already holds about one row per case, so the extra key column
-- adds almost no rows; the by-cell index carries the stage so the blind spots' reads stay index-only.
drop index case_rollup_cell;
truncate case_rollup;
alter table case_rollup drop constraint case_rollup_pkey;
alter table case_rollup add column stage text not null;
alter table case_rollup add constraint case_rollup_pkey primary key (day, grid_cell_id, category_code, source, stage);
create index case_rollup_cell on case_rollup (grid_cell_id, source, day) include (category_code, stage, n);

create or replace function xh_rollup_insert() returns trigger language plpgsql as $$
begin
  insert into case_rollup (day, grid_cell_id, category_code, source, stage, n)
  select (reported_at at time zone 'Asia/Shanghai')::date, grid_cell_id, category_code, source, stage, count(*)
    from new_cases group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (day, grid_cell_id, category_code, source, stage) do update set n = case_rollup.n + excluded.n;
  return null;
end $$;

create or replace function xh_rollup_delete() returns trigger language plpgsql as $$
begin
  with gone as (
    select (reported_at at time zone 'Asia/Shanghai')::date as day, grid_cell_id, category_code, source, stage, count(*)::int as n
      from old_cases group by 1, 2, 3, 4, 5),
  cut as (
    update case_rollup r set n = r.n - g.n from gone g
     where r.day = g.day and r.grid_cell_id = g.grid_cell_id and r.category_code = g.category_code and r.source = g.source
       and r.stage = g.stage and r.n > g.n
    returning r.day)
  delete from case_rollup r using gone g
   where r.day = g.day and r.grid_cell_id = g.grid_cell_id and r.category_code = g.category_code and r.source = g.source
     and r.stage = g.stage and r.n <= g.n;
  return null;
end $$;

create or replace function xh_rollup_update() returns trigger language plpgsql as $$
begin
  -- only rows whose key moved count: a stage change now does (one count moves between two keys); deadline,
  -- satisfaction and the other columns leave the rollup alone. Each key's net change is either positive
  -- (upserted) or negative (decremented, or deleted at 0): the three writes touch disjoint rows.
  with moved as (
    select o.reported_at as o_at, o.grid_cell_id as o_cell, o.category_code as o_cat, o.source as o_src, o.stage as o_stage,
           w.reported_at as w_at, w.grid_cell_id as w_cell, w.category_code as w_cat, w.source as w_src, w.stage as w_stage
      from old_cases o join new_cases w on w.id = o.id
     where (o.reported_at, o.grid_cell_id, o.category_code, o.source, o.stage)
           is distinct from (w.reported_at, w.grid_cell_id, w.category_code, w.source, w.stage)),
  delta as (
    select day, grid_cell_id, category_code, source, stage, sum(n)::int as n from (
      select (o_at at time zone 'Asia/Shanghai')::date as day, o_cell as grid_cell_id, o_cat as category_code, o_src as source,
             o_stage as stage, -1 as n from moved
      union all
      select (w_at at time zone 'Asia/Shanghai')::date, w_cell, w_cat, w_src, w_stage, 1 from moved) d
     group by 1, 2, 3, 4, 5 having sum(n) <> 0),
  added as (
    insert into case_rollup (day, grid_cell_id, category_code, source, stage, n)
    select day, grid_cell_id, category_code, source, stage, n from delta where n > 0 order by 1, 2, 3, 4, 5
    on conflict (day, grid_cell_id, category_code, source, stage) do update set n = case_rollup.n + excluded.n
    returning 1),
  cut as (
    update case_rollup r set n = r.n + d.n from delta d
     where d.n < 0 and r.day = d.day and r.grid_cell_id = d.grid_cell_id and r.category_code = d.category_code
       and r.source = d.source and r.stage = d.stage and r.n + d.n > 0
    returning 1)
  delete from case_rollup r using delta d
   where d.n < 0 and r.day = d.day and r.grid_cell_id = d.grid_cell_id and r.category_code = d.category_code
     and r.source = d.source and r.stage = d.stage and r.n + d.n <= 0;
  return null;
end $$;

insert into case_rollup (day, grid_cell_id, category_code, source, stage, n)
select (reported_at at time zone 'Asia/Shanghai')::date, grid_cell_id, category_code, source, stage, count(*)
  from cases group by 1, 2, 3, 4, 5;
