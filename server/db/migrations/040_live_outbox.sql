-- The live stream's outbox, and the counter that numbers new cases.
--
-- Every change the cockpit shows live (case created / stage changed, alarm raised / cleared, crowd
-- count, KPI changed) is written to live_event in the same transaction as the change itself, so an
-- event exists exactly when its change was committed. Each server process LISTENs on channel
-- xiuhua_live and reads the rows after the last one it saw; a reconnecting client sends the last id
-- it received and is replayed from the table, so no process memory is needed and nothing is missed.
create table live_event (
  id      bigint generated always as identity primary key,
  at      timestamptz not null default clock_timestamp(),
  kind    text not null,
  payload jsonb not null
);
create index live_event_at on live_event using brin (at);

-- Case codes are AJ + Beijing date + a 5-digit number within the day (AJ2026112300042), as in
-- the seeded history. One row per day, incremented under its row lock.
create table case_code_day (
  day  date primary key,
  last int not null check (last >= 0)
);
