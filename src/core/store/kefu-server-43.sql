-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-43.sql: server migration 43 (#20), beside SQLite's
-- migration 43 (kefu-schema.c, empty there): the server's remaining
-- refusals in words a desk translates.
-- * The append-only triggers of migration 27 refuse with SQLSTATE KF028
--   (the audit log) and KF029 (a ticket's timeline) instead of
--   integrity_constraint_violation; the desk shows each as its own
--   translated message (kefu_engine_set_server_refusal() in
--   kefu-engine.c), psql the English one as before. Same functions
--   otherwise.
-- * The functions of kefu-server-rights.sql (people, passwords, the SLA
--   checker, phones, the search index, handing in a paper) raise KF001,
--   KF015–KF027 there: that file is run again by every init and by the
--   upgrade to this version, so they are not repeated here.
-- Left in English: kefu_audit_append()'s "needs an action",
-- kefu_search_parse()'s "not a Kefu search expression" and
-- kefu_next_ticket_number()'s prefix (migration 30): the desk always
-- passes what they check; only a hand-written call meets them.
-- kefu-server-migration: 43

CREATE OR REPLACE FUNCTION kefu_audit_log_frozen () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: its entries cannot be %',
    CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'removed' END
    USING ERRCODE = 'KF028';
END
$$;

-- an owner's erasure while it runs rewrites the notes that name them; a
-- sample load that did not finish takes its rows out again
CREATE OR REPLACE FUNCTION kefu_ticket_events_frozen () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NOT EXISTS (SELECT 1 FROM owner_erasures WHERE state = 'running') THEN
    RAISE EXCEPTION 'ticket_events is append-only: the timeline cannot be changed'
      USING ERRCODE = 'KF029';
  END IF;
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM settings WHERE key = 'demo_loading') THEN
    RAISE EXCEPTION 'ticket_events is append-only: the timeline cannot be removed'
      USING ERRCODE = 'KF029';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
