-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-47.sql: server migration 47 (#20), beside SQLite's
-- migration 47 (kefu-schema.c, empty there): the cohorts and exam
-- assignments that any person could still read in psql.
--
-- Every Kefu role may SELECT every table but the guarded ones
-- (kefu-server-rights.sql), so until now an agent signed in to psql read
-- every cohort with its schedule, who is in which cohort (and who is a
-- new hire), each cohort's costs and savings and its follow-ups, and
-- which paper is assigned to whom until when. Kefu itself shows:
--  * a trainee their own cohorts (the training view's "My Courses",
--    kefu_cohorts_of_member()), their own papers and assignment windows
--    (kefu_training_exams (store, me), kefu_exam_take_notices(),
--    kefu_draw_paper() for their attempt), and the names of the cohorts
--    on their certificates;
--  * the whole of it to those who see training results (trainer,
--    supervisor, manager, administrator: the training view's trainer
--    pane, the cohort's plan and its evaluation, kefu_cohort_report());
--  * every desk whether a person is a new hire who still needs a
--    certificate (the urgent tickets' second check,
--    kefu_certification_pending()).
-- Row-level security now says the same, with the people of migration 42
-- (kefu_sees_training_results(), kefu_sees_training_of(): one's own, the
-- right, or whom one may see in People, such as a staff group's leader
-- their members):
--  * cohort_members and exam_assignments: the rows of the people whose
--    training one sees;
--  * cohorts: those one sees a member of; cohort_sessions: the sessions
--    of the cohorts one sees;
--  * cohort_ledger (the costs and savings of a cohort's evaluation) and
--    cohort_checkpoints (its follow-ups): only those who see training
--    results;
--  * all written only by those who run training (KEFU_PERMISSION_TRAIN:
--    trainer, supervisor, administrator), as the grants already say;
--  * enrolments, the view schema 17 left of the old table (cohorts and
--    their members), now reads as its reader (security_invoker): the
--    same rows as the tables, where before it showed everyone's;
--  * cohort_new_hires, a view of who is in a new hire's cohort (no
--    cohort, no dates), read by every desk for the certificate gate. It
--    is the tables' owner's, whom the policies do not bind.
-- The tables' owner (server init, `kefu-cli migrate`, the sample data,
-- the test harness) is not bound by the policies; the SECURITY DEFINER
-- functions that read these tables (kefu_draw_paper() and
-- kefu_submit_attempt() read the attempt's assignment) run as kefu_owner
-- and see what the person who called them sees (kefu_my_user_id() is the
-- session's person), which is their own assignment, or any for a key
-- reader.
-- kefu-server-migration: 47

-- Whether the caller runs training (KEFU_PERMISSION_TRAIN: kefu-user.c).
-- Called as (SELECT …) in the policies: once per query.
CREATE OR REPLACE FUNCTION kefu_runs_training () RETURNS boolean
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN kefu_in_group (ARRAY['kefu_trainer', 'kefu_supervisor', 'kefu_admin']);
END
$$;

-- The people whose training a caller who does not see training results
-- sees (kefu_sees_training_of() for them): themselves and the members
-- of the staff groups they lead. Asked as an uncorrelated IN (SELECT …):
-- once per query, not once per row (a trainee's cohort list counts every
-- member).
CREATE OR REPLACE FUNCTION kefu_training_people () RETURNS SETOF bigint
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  me bigint := kefu_my_user_id ();
BEGIN
  IF me IS NULL THEN
    RETURN;
  END IF;
  RETURN NEXT me;
  RETURN QUERY SELECT DISTINCT m.user_id FROM staff_groups g JOIN staff_group_members m ON m.group_id = g.id
               WHERE g.leader_id = me AND m.user_id <> me;
END
$$;

-- who is in which cohort, and which paper is assigned to whom: by person
ALTER TABLE cohort_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY kefu_training ON cohort_members
  USING ((SELECT kefu_sees_training_results ()) OR user_id IN (SELECT kefu_training_people ()))
  WITH CHECK ((SELECT kefu_runs_training ()));
ALTER TABLE exam_assignments ENABLE ROW LEVEL SECURITY;
CREATE POLICY kefu_training ON exam_assignments
  USING ((SELECT kefu_sees_training_results ()) OR user_id IN (SELECT kefu_training_people ()))
  WITH CHECK ((SELECT kefu_runs_training ()));

-- a cohort: seen with a member one sees (cohort_members' policy applies
-- in the subquery); its sessions with it
ALTER TABLE cohorts ENABLE ROW LEVEL SECURITY;
CREATE POLICY kefu_training ON cohorts
  USING ((SELECT kefu_sees_training_results ())
         OR EXISTS (SELECT 1 FROM cohort_members m WHERE m.cohort_id = cohorts.id))
  WITH CHECK ((SELECT kefu_runs_training ()));
ALTER TABLE cohort_sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY kefu_training ON cohort_sessions
  USING ((SELECT kefu_sees_training_results ())
         OR EXISTS (SELECT 1 FROM cohorts c WHERE c.id = cohort_sessions.cohort_id))
  WITH CHECK ((SELECT kefu_runs_training ()));

-- a cohort's costs, savings and follow-ups: its evaluation's
ALTER TABLE cohort_ledger ENABLE ROW LEVEL SECURITY;
CREATE POLICY kefu_training ON cohort_ledger
  USING ((SELECT kefu_sees_training_results ()))
  WITH CHECK ((SELECT kefu_runs_training ()));
ALTER TABLE cohort_checkpoints ENABLE ROW LEVEL SECURITY;
CREATE POLICY kefu_training ON cohort_checkpoints
  USING ((SELECT kefu_sees_training_results ()))
  WITH CHECK ((SELECT kefu_runs_training ()));

-- Who is a new hire, for every desk's certificate gate on urgent tickets
-- (kefu_certification_pending() asks it of the ticket's logger and of
-- the checker): without the cohort.
CREATE VIEW cohort_new_hires AS
  SELECT DISTINCT user_id FROM cohort_members WHERE tier = 'new_hire';

-- the old enrolments, as the person reading them sees the tables (it was
-- the owner's view, which the policies do not bind)
ALTER VIEW enrolments SET (security_invoker = true);
