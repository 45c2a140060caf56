-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-44.sql: server migration 44 (#20), beside SQLite's
-- migration 44 (kefu-schema.c, empty there): the dispatch board's week
-- at 1,000,000 tickets.
--
-- Each lane of the board shows the jobs its technician finished this week
-- and their mean time from dispatch to finish (kefu_dispatch_load_board).
-- At 1,000,000 tickets a week holds some 19,000 resolved tickets; read
-- through tickets_resolved their rows were fetched one by one from the
-- table, 14 ms warm of the board's 22.7. An index that holds what the
-- week's figures read (and estate_id, for row-level security) answers them
-- from the index alone: 3.5–4 ms. A resolved ticket seldom changes again,
-- so its pages stay all-visible and the scan stays index-only.
-- kefu-server-migration: 44

CREATE INDEX IF NOT EXISTS tickets_resolved_work ON tickets (resolved_at)
  INCLUDE (technician_id, dispatched_at, estate_id)
  WHERE resolved_at IS NOT NULL AND technician_id IS NOT NULL AND dispatched_at IS NOT NULL;
