-- The crowds tile layer is gone (the cockpit draws crowd areas from /api/crowds): a crowd count no
-- longer makes any tile stale, so it stops announcing itself on xiuhua_tiles.
drop trigger crowd_count_tiles on crowd_count;
