-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-41.sql: server migration 41 (#20), beside SQLite's
-- migration 41 (kefu-schema.c, empty there): a timeline event's audit
-- entry is appended at the commit.
--
-- The audit log is one hash chain: each entry's hash covers the one
-- before, so entries are appended one at a time under a transaction-long
-- advisory lock (kefu_audit_ticket_event(), migration 27). Its trigger
-- ran when the event was inserted, so a desk held the chain's lock for
-- the rest of its transaction: the ticket's update, the notifications,
-- the round trips to the desk and the commit. Every other desk's event
-- waited behind it. The 50-desk load run logged waits of 54–1,082 ms on
-- it. As a deferred constraint trigger the same function runs at the
-- commit, so the lock is held only for the append and the commit itself.
-- The WHEN condition is still tested as the row goes in (a bulk load's
-- rows stay unaudited, as before); entries take their ids in commit
-- order, which is the chain's order.
DROP TRIGGER kefu_audit_ticket_event ON ticket_events;
CREATE CONSTRAINT TRIGGER kefu_audit_ticket_event AFTER INSERT ON ticket_events
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NOT kefu_loading ()) EXECUTE FUNCTION kefu_audit_ticket_event ();
