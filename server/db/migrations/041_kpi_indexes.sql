-- KPIs count the cases that fell due in a month (closure and on-time rates), and each department's
-- dispatches in a month.
create index cases_deadline on cases (deadline) where deadline is not null;
create index case_department_assigned on case_department (assigned_at);
