-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-notify.sql: live updates between desks on a Kefu server
-- (#20). Written by hand; `kefu-cli server init` runs it after the rights,
-- in the same transaction, every time (it replaces only what it made).
--
--  * Every change of a watched table sends NOTIFY kefu_changes with the
--    payload 'topic:id' (tickets:123, board:7, people:4) in the changing
--    transaction: PostgreSQL delivers it at the commit, to every desk
--    listening (KefuStoreWatch, kefu-store-watch.c), and drops a
--    transaction's duplicates itself, so a ticket changed by five UPDATEs
--    in one transaction is one notification. The desks coalesce them.
--  * tickets.version is raised by every UPDATE that does not set it: a
--    desk's change names the version its user saw, and a stale one is
--    refused (kefu-ticket-seen.c), as on SQLite (schema v27's trigger).

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

CREATE OR REPLACE TRIGGER tickets_changed AFTER INSERT OR UPDATE OR DELETE ON tickets
  FOR EACH ROW EXECUTE FUNCTION kefu_notify_change('tickets', 'id');
CREATE OR REPLACE TRIGGER technicians_changed AFTER INSERT OR UPDATE OR DELETE ON technicians
  FOR EACH ROW EXECUTE FUNCTION kefu_notify_change('board', 'id');
CREATE OR REPLACE TRIGGER shifts_changed AFTER INSERT OR UPDATE OR DELETE ON shifts
  FOR EACH ROW EXECUTE FUNCTION kefu_notify_change('board', 'technician_id');
CREATE OR REPLACE TRIGGER shift_exceptions_changed AFTER INSERT OR UPDATE OR DELETE ON shift_exceptions
  FOR EACH ROW EXECUTE FUNCTION kefu_notify_change('board', 'technician_id');
CREATE OR REPLACE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION kefu_notify_change('people', 'id');

CREATE OR REPLACE FUNCTION kefu_ticket_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.version = OLD.version THEN
    NEW.version := OLD.version + 1;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER tickets_version BEFORE UPDATE ON tickets
  FOR EACH ROW EXECUTE FUNCTION kefu_ticket_version();
