-- The rollup read by cell: the 热线+网格 blind spots ask for the hotline's sub-classes in a few hundred cells
-- over a year, which a scan of the day-first primary key answers by reading every row of the range (~130 ms
-- at default scale); this index answers it with one short range per cell (~20 ms), index-only. Its cost on
-- intake is one more btree entry per rollup key an intake batch touches (about one per case).
create index case_rollup_cell on case_rollup (grid_cell_id, source, day) include (category_code, n);
