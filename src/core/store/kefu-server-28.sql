-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-28.sql: server migration 28 (#20), live updates between
-- desks; the twin of SQLite's migration 28 (kefu-schema.c).
--
--  * tickets.version, raised by every UPDATE that does not set it: a
--    desk's change names the version its user saw, and a stale one is
--    refused (kefu-ticket-seen.c), as on SQLite.
--  * store_changes, the table SQLite's watch reads (kefu-store-watch.c):
--    here without rows or triggers (a server's desks hear NOTIFY), kept so
--    both engines have the same tables (kefu-cli migrate copies a file's).
--  * Every change of a watched table sends NOTIFY kefu_changes with the
--    payload 'topic:id' (tickets:123, board:7, people:4) in the changing
--    transaction: PostgreSQL delivers it at the commit, to every desk
--    listening (KefuStoreWatch), and drops a transaction's duplicates
--    itself, so a ticket changed by five UPDATEs in one transaction is one
--    notification. The desks coalesce them.
-- kefu-server-migration: 28

ALTER TABLE tickets ADD COLUMN version bigint NOT NULL DEFAULT 1;

CREATE TABLE store_changes (
  topic text PRIMARY KEY CHECK (topic IN ('tickets','board','people')),
  seq bigint NOT NULL DEFAULT 0,
  last_id bigint
);

CREATE OR REPLACE FUNCTION kefu_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  row_id text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    row_id := to_jsonb(OLD) ->> TG_ARGV[1];
  ELSE
    row_id := to_jsonb(NEW) ->> TG_ARGV[1];
  END IF;
  PERFORM pg_notify('kefu_changes', TG_ARGV[0] || ':' || coalesce(row_id, ''));
  RETURN NULL;
END $$;

CREATE TRIGGER tickets_changed AFTER INSERT OR UPDATE OR DELETE ON tickets
  FOR EACH ROW EXECUTE FUNCTION kefu_notify_change('tickets', 'id');
CREATE TRIGGER technicians_changed AFTER INSERT OR UPDATE OR DELETE ON technicians
  FOR EACH ROW EXECUTE FUNCTION kefu_notify_change('board', 'id');
CREATE TRIGGER shifts_changed AFTER INSERT OR UPDATE OR DELETE ON shifts
  FOR EACH ROW EXECUTE FUNCTION kefu_notify_change('board', 'technician_id');
CREATE TRIGGER shift_exceptions_changed AFTER INSERT OR UPDATE OR DELETE ON shift_exceptions
  FOR EACH ROW EXECUTE FUNCTION kefu_notify_change('board', 'technician_id');
CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION kefu_notify_change('people', 'id');

CREATE OR REPLACE FUNCTION kefu_ticket_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.version = OLD.version THEN
    NEW.version := OLD.version + 1;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER tickets_version BEFORE UPDATE ON tickets
  FOR EACH ROW EXECUTE FUNCTION kefu_ticket_version();
