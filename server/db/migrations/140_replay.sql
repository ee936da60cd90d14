-- The replay (GET /api/replay, server/replay/): a window's case events by time, and the cases open at the
-- window's start found without reading the year. A case not rejected is open at t when reported_at < t ≤
-- closed_at (closed_at is its first closing; after it only evaluation follows); a rejected case was open
-- from its report up to its reject event, found by that event's time.
create index case_event_at on case_event (at);
create index case_event_reject_at on case_event (at) include (case_id) where action = 'reject';
create index cases_replay_span on cases using gist (tstzrange(reported_at, coalesce(closed_at, 'infinity'), '(]'))
  where stage <> 'rejected';
