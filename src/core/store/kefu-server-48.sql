-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-48.sql: server migration 48 (#20), beside SQLite's
-- migration 48 (kefu-schema.c, empty there): the dispatch board's cards
-- at 1,000,000 tickets.
--
-- The board reads every open job (kefu_dispatch_load_board: some 10,000
-- at 1,000,000 tickets) with 17 of the ticket's columns. Through
-- tickets_status the rows were fetched from some 500 pages of the table,
-- each row taken apart up to its last column wanted; an index that holds
-- exactly those columns of the open tickets alone (and estate_id, for
-- row-level security) answers from the index: the statement alone went
-- from 24–31 ms to 10–18 ms on the shared machine under load (COPY to
-- /dev/null, alternating). It holds open tickets only, so it stays small;
-- a change to an open ticket's columns here is written to it too. On a
-- file the same index did not help (SQLite's look-ups by row id are cheap):
-- none there.
-- kefu-server-migration: 48

CREATE INDEX IF NOT EXISTS tickets_board ON tickets (status)
  INCLUDE (id, number, location, kind, subtype, level, flagged, created_at, appointment_at,
           appointment_minutes, team_id, next_due_at, next_warn_at, version, board_position,
           technician_id, estate_id)
  WHERE status IN ('new', 'reopened', 'dispatched', 'accepted', 'on_site', 'on_hold');
