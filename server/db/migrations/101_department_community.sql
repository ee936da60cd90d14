-- Where cases are resolved (大事不出街镇、小事不出社区): a department's level is the smallest area it serves.
-- Districts' bureaus name their district, street offices their street as well; a community-level unit
-- (社区居委会 / 社区服务站 taking dispatches) names its community too. The drill-down reads the level as:
-- community_id set → community, else street_id → street, else district_id → district, else city-wide.
alter table department add column community_id int references admin_area (id);
alter table department add constraint department_community_has_street check (community_id is null or street_id is not null);
