-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-42.sql: server migration 42 (#20), beside SQLite's
-- migration 42 (kefu-schema.c, empty there): the training results that
-- any person could still read, and some change, in psql.
--
-- Every Kefu role may SELECT every table but the guarded ones
-- (kefu-server-rights.sql), so until now an agent signed in to psql read
-- everyone's practical-assessment scores, raters and decisions, cohort
-- observations, certificates, attendance, score changes, reaction
-- evaluations and practice cards, and could write anyone's practice
-- cards, exam notices, saved ticket views and evaluations. Kefu itself
-- shows a person's training results to that person and to the roles
-- with KEFU_PERMISSION_SEE_TRAINING_RESULTS (trainer, supervisor,
-- manager, administrator; kefu-user.c), as the attempts' policy does,
-- and a person's development to whom People shows it
-- (kefu_may_see_person()). Row-level security now says the same:
--  * assessments (by trainee) and the rows hanging off an assessment
--    (criteria, scores, panel, external raters and their scores,
--    decisions, score history), cohort_observations, certificates,
--    session_attendance and training_evaluations (by person): read by
--    the person, those who see training results, and whoever may see the
--    person in People; score_changes with their attempt (its policy: the
--    trainee's own, or those who see training results);
--    written only by those who see training results (the grants already
--    leave writing to trainers, supervisors, managers and
--    administrators), and a person's own reaction evaluation by them;
--    certificate_validity shows every desk who holds a certificate when
--    (the desk's gate on urgent tickets), without the scores;
--  * practice_queue and exam_notices: one's own cards and notices, and
--    everyone's for those who see training results (a trainer's new
--    version of a question moves everyone's cards);
--  * user_views: one's own saved views only.
-- The tables' owner (server init, `kefu-cli migrate`, the test harness)
-- is not bound by the policies. The helpers are PL/pgSQL so that this
-- file runs before the rights file on a new server: the functions they
-- call (kefu_my_user_id(), kefu_in_group(), kefu_may_see_person()) are
-- the rights file's, looked up when a policy runs.
-- kefu-server-migration: 42

-- Whether the caller sees everyone's training results
-- (KEFU_PERMISSION_SEE_TRAINING_RESULTS). Called as (SELECT …) in the
-- policies: once per query.
CREATE OR REPLACE FUNCTION kefu_sees_training_results () RETURNS boolean
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN kefu_in_group (ARRAY['kefu_trainer', 'kefu_supervisor', 'kefu_manager', 'kefu_admin']);
END
$$;

-- Whether @person is the caller
CREATE OR REPLACE FUNCTION kefu_is_me (person bigint) RETURNS boolean
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN person IS NOT NULL AND person = kefu_my_user_id ();
END
$$;

-- Whether the caller sees @person's training results: their own, with
-- the right, or someone they may see in People (a staff group's leader)
CREATE OR REPLACE FUNCTION kefu_sees_training_of (person bigint) RETURNS boolean
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN person IS NOT NULL
         AND (person = kefu_my_user_id () OR kefu_sees_training_results () OR kefu_may_see_person (person));
END
$$;

-- Practical assessments: by trainee, and what hangs off one with it
ALTER TABLE assessments ENABLE ROW LEVEL SECURITY;
CREATE POLICY kefu_training ON assessments
  USING ((SELECT kefu_sees_training_results ()) OR kefu_sees_training_of (trainee_id))
  WITH CHECK ((SELECT kefu_sees_training_results ()));

DO $$
DECLARE
  tab text;
BEGIN
  FOREACH tab IN ARRAY ARRAY['assessment_criteria', 'assessment_scores', 'assessment_panel',
                             'assessment_external_raters', 'assessment_external_scores', 'assessment_decisions',
                             'assessment_score_history'] LOOP
    EXECUTE format ('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tab);
    EXECUTE format ('CREATE POLICY kefu_training ON %I '
                    'USING (EXISTS (SELECT 1 FROM assessments a WHERE a.id = assessment_id)) '
                    'WITH CHECK ((SELECT kefu_sees_training_results ()) '
                    '            AND EXISTS (SELECT 1 FROM assessments a WHERE a.id = assessment_id))', tab);
  END LOOP;
  -- a person's own rows, written by those who see training results
  FOREACH tab IN ARRAY ARRAY['cohort_observations', 'certificates', 'session_attendance'] LOOP
    EXECUTE format ('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tab);
    EXECUTE format ('CREATE POLICY kefu_training ON %I '
                    'USING ((SELECT kefu_sees_training_results ()) OR kefu_sees_training_of (user_id)) '
                    'WITH CHECK ((SELECT kefu_sees_training_results ()))', tab);
  END LOOP;
END
$$;

-- Who holds a certificate when, without the scores: the desk's gate on
-- urgent tickets' second check asks it of other people (the ticket's
-- logger, the certified checkers: kefu-certificate.c), so every role
-- reads it. The view is the tables' owner's, whom the policies do not
-- bind.
CREATE VIEW certificate_validity AS
  SELECT user_id, tier, issued_at, expires_at FROM certificates;

-- a reaction evaluation: the person's own, or keyed in by those who see results
ALTER TABLE training_evaluations ENABLE ROW LEVEL SECURITY;
CREATE POLICY kefu_training ON training_evaluations
  USING ((SELECT kefu_sees_training_results ()) OR kefu_sees_training_of (user_id))
  WITH CHECK ((SELECT kefu_sees_training_results ()) OR kefu_is_me (user_id));

-- a regrade or key correction of an attempt: seen with the attempt
-- (its own policy: the trainee's, or those who see results)
ALTER TABLE score_changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY kefu_training ON score_changes
  USING (EXISTS (SELECT 1 FROM attempts a WHERE a.id = attempt_id))
  WITH CHECK ((SELECT kefu_sees_training_results ()));

-- one's own practice cards and exam notices (kefu_submit_attempt() and
-- kefu_sees_key() read and write the cards as kefu_owner for the person
-- signed in, whose rows these are)
ALTER TABLE practice_queue ENABLE ROW LEVEL SECURITY;
CREATE POLICY kefu_training ON practice_queue
  USING ((SELECT kefu_sees_training_results ()) OR kefu_is_me (user_id))
  WITH CHECK ((SELECT kefu_sees_training_results ()) OR kefu_is_me (user_id));
ALTER TABLE exam_notices ENABLE ROW LEVEL SECURITY;
CREATE POLICY kefu_training ON exam_notices
  USING ((SELECT kefu_sees_training_results ()) OR kefu_is_me (user_id))
  WITH CHECK ((SELECT kefu_sees_training_results ()) OR kefu_is_me (user_id));

-- one's own saved ticket views
ALTER TABLE user_views ENABLE ROW LEVEL SECURITY;
CREATE POLICY kefu_own ON user_views
  USING (kefu_is_me (user_id))
  WITH CHECK (kefu_is_me (user_id));
