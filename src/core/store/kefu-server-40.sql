-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-40.sql: server migration 40 (#20), beside SQLite's
-- migration 40 (kefu-schema.c, empty there): the sidebar's counts at
-- 1,000,000 tickets, each through an index that holds what it reads.
--
-- Measured at 1,000,000 tickets (10,036 open) under load, EXPLAIN
-- (ANALYZE, BUFFERS):
--  * "My open tickets" (the open statuses, one agent): the planner ANDed
--    the status index (10,036 rows) with the agent's (125,398: every
--    ticket the agent ever took), 342 ms. The open tickets by agent, a
--    partial index of the open statuses spelled as the count spells them
--    (KEFU_OPEN_STATUSES), read alone: 1,267 entries, 0.6 ms. It holds
--    flagged for "Flagged" (open and flagged: its entries, not the
--    table's rows) and estate_id, so that row-level security (the
--    tickets' kefu_estates policy) reads it without the table too.
--  * "Overdue" and "Due soon": the running clocks' index now holds the
--    columns their counts test (status, next_warn_at) and estate_id.
--  * "Recurring": the linked index holds estate_id, so that the groups of
--    repeats (kefu_desk_count_tickets) are counted from it under
--    row-level security as well as by the tables' owner.
-- kefu-server-migration: 40

CREATE INDEX IF NOT EXISTS tickets_open_agent ON tickets (agent_id) INCLUDE (flagged, estate_id)
  WHERE status IN ('new', 'dispatched', 'accepted', 'on_site', 'on_hold', 'reopened');

DROP INDEX IF EXISTS tickets_next_due;
CREATE INDEX tickets_next_due ON tickets (next_due_at) INCLUDE (next_warn_at, status, estate_id)
  WHERE next_due_at IS NOT NULL;

DROP INDEX IF EXISTS tickets_linked;
CREATE INDEX tickets_linked ON tickets (linked_to) INCLUDE (estate_id) WHERE linked_to IS NOT NULL;
