-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-35.sql: server migration 35 (#20), the twin of SQLite's
-- migration 35 (kefu-schema.c): what an administrator, a trainer or a
-- supervisor changes besides tickets, the board and the people list is
-- live at the other desks too.
--
--  * people: a person's goals (people_goals) join the users' changes
--    (NOTIFY 'people:USER_ID'); a person's estates (kefu_person_estates,
--    made by kefu-server-rights.sql, which also gives it its trigger)
--    send 'people:'.
--  * settings, a new topic: the center's settings (the settings table:
--    appraisal grade thresholds, intake words, related days…), the SLA
--    policies, the calendars and their days off, the radar's capability
--    sources. One NOTIFY 'settings:' per statement (a calendar's import
--    of a year's days is one), and PostgreSQL folds a transaction's
--    identical ones into one.
--  * store_changes may hold the topic (kefu-cli migrate copies a file's
--    rows, which now include it).
-- kefu-server-migration: 35

ALTER TABLE store_changes DROP CONSTRAINT IF EXISTS store_changes_topic_check;
ALTER TABLE store_changes ADD CONSTRAINT store_changes_topic_check
  CHECK (topic IN ('tickets','board','people','settings'));

CREATE OR REPLACE FUNCTION kefu_notify_topic() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kefu_changes', TG_ARGV[0] || ':');
  RETURN NULL;
END $$;

CREATE TRIGGER people_goals_changed AFTER INSERT OR UPDATE OR DELETE ON people_goals
  FOR EACH ROW EXECUTE FUNCTION kefu_notify_change('people', 'user_id');
CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE OR DELETE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION kefu_notify_topic('settings');
CREATE TRIGGER sla_policies_changed AFTER INSERT OR UPDATE OR DELETE ON sla_policies
  FOR EACH STATEMENT EXECUTE FUNCTION kefu_notify_topic('settings');
CREATE TRIGGER calendars_changed AFTER INSERT OR UPDATE OR DELETE ON calendars
  FOR EACH STATEMENT EXECUTE FUNCTION kefu_notify_topic('settings');
CREATE TRIGGER calendar_days_changed AFTER INSERT OR UPDATE OR DELETE ON calendar_days
  FOR EACH STATEMENT EXECUTE FUNCTION kefu_notify_topic('settings');
CREATE TRIGGER capability_sources_changed AFTER INSERT OR UPDATE OR DELETE ON capability_sources
  FOR EACH STATEMENT EXECUTE FUNCTION kefu_notify_topic('settings');
