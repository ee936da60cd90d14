-- The case list (GET /api/cases) is newest first with optional filters. With only cases_reported_at, a
-- filter on a rare source or category walks the time index backwards through most of the table before
-- it fills a page (114 ms on 420k cases for a filter matching nothing; it grows with the table). These
-- keep every such page an ordered index range scan (≤ 20 ms at the default scale).
create index cases_category_reported on cases (category_code, reported_at);
create index cases_source_reported on cases (source, reported_at);
