-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-27.sql: server migration 27 (#20), after the baseline
-- kefu-schema-pg.sql (26). SQLite's migration 27 is empty: these are the
-- triggers SQLite has had since its migrations 9 and 14 (kefu-schema.c)
-- and the timeline's audit trigger each SQLite connection makes
-- (kefu-audit.c), written in PL/pgSQL with the same effect.
-- kefu-cli migrate sets kefu.loading while it copies a desk's rows: the
-- copied KPI bookkeeping and audit entries are taken as they are.
-- kefu-server-migration: 27

CREATE OR REPLACE FUNCTION kefu_loading () RETURNS boolean
  LANGUAGE sql STABLE AS $$ SELECT coalesce (current_setting ('kefu.loading', true), '') = 'on' $$;

-- The audit log and the timeline are append-only ------------------------------

CREATE OR REPLACE FUNCTION kefu_audit_log_frozen () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: its entries cannot be %',
    CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'removed' END
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION kefu_audit_log_frozen ();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION kefu_audit_log_frozen ();

-- an owner's erasure while it runs rewrites the notes that name them; a
-- sample load that did not finish takes its rows out again
CREATE OR REPLACE FUNCTION kefu_ticket_events_frozen () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NOT EXISTS (SELECT 1 FROM owner_erasures WHERE state = 'running') THEN
    RAISE EXCEPTION 'ticket_events is append-only: the timeline cannot be changed'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM settings WHERE key = 'demo_loading') THEN
    RAISE EXCEPTION 'ticket_events is append-only: the timeline cannot be removed'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION kefu_ticket_events_frozen ();
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION kefu_ticket_events_frozen ();

-- Each timeline event is audited by its id (kefu-audit.c's
-- kefu_audit_ticket_event), the chain continued as kefu_audit_append()
-- does. SECURITY DEFINER: no desk role may write audit_log itself.
CREATE OR REPLACE FUNCTION kefu_audit_ticket_event () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  n bigint;
  prev text;
BEGIN
  PERFORM pg_advisory_xact_lock (hashtext ('kefu audit_log'));
  SELECT coalesce (max (a.id), 0) + 1 INTO n FROM audit_log a;
  SELECT a.hash INTO prev FROM audit_log a ORDER BY a.id DESC LIMIT 1;
  INSERT INTO audit_log (id, at, user_id, action, subject_table, subject_id, detail, hash)
  VALUES (n, NEW.at, NEW.user_id, 'ticket_' || NEW.kind, 'tickets', NEW.ticket_id, 'event=' || NEW.id,
          kefu_audit_hash (prev, n, NEW.at, NEW.user_id, 'ticket_' || NEW.kind, 'tickets', NEW.ticket_id,
                           'event=' || NEW.id));
  RETURN NULL;
END
$$;
CREATE TRIGGER kefu_audit_ticket_event AFTER INSERT ON ticket_events
  FOR EACH ROW WHEN (NOT kefu_loading ()) EXECUTE FUNCTION kefu_audit_ticket_event ();

-- The KPI roll-up's bookkeeping: the days to recompute ------------------------

CREATE OR REPLACE FUNCTION kefu_kpi_mark_ticket () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO kpi_dirty (utc_day) VALUES (OLD.created_at / 86400) ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO kpi_dirty (utc_day) VALUES (NEW.created_at / 86400) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER kpi_ticket_insert AFTER INSERT ON tickets
  FOR EACH ROW WHEN (NOT kefu_loading ()) EXECUTE FUNCTION kefu_kpi_mark_ticket ();
CREATE TRIGGER kpi_ticket_delete AFTER DELETE ON tickets
  FOR EACH ROW WHEN (NOT kefu_loading ()) EXECUTE FUNCTION kefu_kpi_mark_ticket ();
CREATE TRIGGER kpi_ticket_update AFTER UPDATE OF
    created_at, channel, kind, subtype, level, building_id, unit_id, status, agent_id, first_response_at,
    resolved_at, closed_at, cancelled_at, satisfaction, followed_up_at, reopen_count, sla_policy_id,
    response_due_at, resolution_due_at ON tickets
  FOR EACH ROW WHEN (NOT kefu_loading () AND (
    OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.channel IS DISTINCT FROM NEW.channel
    OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.subtype IS DISTINCT FROM NEW.subtype
    OR OLD.level IS DISTINCT FROM NEW.level OR OLD.building_id IS DISTINCT FROM NEW.building_id
    OR OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.agent_id IS DISTINCT FROM NEW.agent_id OR OLD.first_response_at IS DISTINCT FROM NEW.first_response_at
    OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
    OR OLD.cancelled_at IS DISTINCT FROM NEW.cancelled_at OR OLD.satisfaction IS DISTINCT FROM NEW.satisfaction
    OR OLD.followed_up_at IS DISTINCT FROM NEW.followed_up_at OR OLD.reopen_count IS DISTINCT FROM NEW.reopen_count
    OR OLD.sla_policy_id IS DISTINCT FROM NEW.sla_policy_id
    OR OLD.response_due_at IS DISTINCT FROM NEW.response_due_at
    OR OLD.resolution_due_at IS DISTINCT FROM NEW.resolution_due_at))
  EXECUTE FUNCTION kefu_kpi_mark_ticket ();

-- a complaint that comes, goes or moves changes whether the complaints of
-- the 30 days before it from the same unit count as repeated
CREATE OR REPLACE FUNCTION kefu_kpi_mark_repeats (r tickets) RETURNS void LANGUAGE sql AS $$
  INSERT INTO kpi_dirty (utc_day)
    SELECT p.created_at / 86400 FROM tickets p
    WHERE r.kind = 'complaint' AND p.unit_id = r.unit_id AND p.kind = 'complaint'
      AND p.subtype IS NOT DISTINCT FROM r.subtype AND p.created_at >= r.created_at - 30 * 86400
      AND p.created_at <= r.created_at
  ON CONFLICT DO NOTHING
$$;
CREATE OR REPLACE FUNCTION kefu_kpi_mark_complaint () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM kefu_kpi_mark_repeats (OLD);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM kefu_kpi_mark_repeats (NEW);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER kpi_complaint_insert AFTER INSERT ON tickets
  FOR EACH ROW WHEN (NOT kefu_loading () AND NEW.kind = 'complaint' AND NEW.unit_id IS NOT NULL)
  EXECUTE FUNCTION kefu_kpi_mark_complaint ();
CREATE TRIGGER kpi_complaint_delete AFTER DELETE ON tickets
  FOR EACH ROW WHEN (NOT kefu_loading () AND OLD.kind = 'complaint' AND OLD.unit_id IS NOT NULL)
  EXECUTE FUNCTION kefu_kpi_mark_complaint ();
CREATE TRIGGER kpi_complaint_update AFTER UPDATE OF kind, unit_id, subtype, created_at ON tickets
  FOR EACH ROW WHEN (NOT kefu_loading () AND (OLD.kind = 'complaint' OR NEW.kind = 'complaint')
    AND (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
         OR OLD.subtype IS DISTINCT FROM NEW.subtype OR OLD.created_at IS DISTINCT FROM NEW.created_at))
  EXECUTE FUNCTION kefu_kpi_mark_complaint ();

-- tickets without stored due moments are judged by today's policies
CREATE OR REPLACE FUNCTION kefu_kpi_mark_policy_days () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty (utc_day) SELECT day / 86400 FROM kpi_daily WHERE policy_dependent > 0
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER kpi_policy_insert AFTER INSERT ON sla_policies
  FOR EACH ROW WHEN (NOT kefu_loading ()) EXECUTE FUNCTION kefu_kpi_mark_policy_days ();
CREATE TRIGGER kpi_policy_delete AFTER DELETE ON sla_policies
  FOR EACH ROW WHEN (NOT kefu_loading ()) EXECUTE FUNCTION kefu_kpi_mark_policy_days ();
CREATE TRIGGER kpi_policy_update AFTER UPDATE OF active, kind, level, channel, response_min, resolution_min
  ON sla_policies FOR EACH ROW WHEN (NOT kefu_loading ()) EXECUTE FUNCTION kefu_kpi_mark_policy_days ();
