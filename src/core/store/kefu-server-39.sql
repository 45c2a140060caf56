-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-39.sql: server migration 39 (#20), beside SQLite's migration
-- 39 (kefu-schema.c, empty there): the server's own refusals, in words a
-- desk translates, and a paper drawn only while it is open.
-- * kefu_draw_paper(attempt) refuses a paper that is not published, not
--   assigned to the attempt's trainee, or outside the assignment's window
--   (opens_at ≤ now < closes_at), as the desk does (kefu_exam_may_start()),
--   by the server's clock, the clock of record. Before, only the desk
--   checked, so a trainee in psql could draw a closed paper. The tables'
--   owner (the core suites' harness, `kefu-cli --now`, whose clock may be
--   pinned) is held to the attempt's own start instead.
-- * kefu_draw_paper() and kefu_review_peer_answer() raise their refusals
--   with SQLSTATE KF001–KF014 and the values in DETAIL, one a line (a
--   moment as "@seconds"); the desk shows each as its own translated
--   message (kefu_engine_set_server_refusal() in kefu-engine.c), psql the
--   English one as before.
-- kefu-server-migration: 39

CREATE OR REPLACE FUNCTION kefu_draw_paper (attempt bigint) RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  a attempts%ROWTYPE;
  e exams%ROWTYPE;
  i record;
  taken bigint[];
  ids bigint[] := '{}';
  drawn bigint[];
  w exam_assignments%ROWTYPE;
  now_ bigint;
BEGIN
  SELECT * INTO a FROM attempts WHERE id = attempt FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no attempt %', attempt USING ERRCODE = 'KF001', DETAIL = attempt::text;
  END IF;
  now_ := CASE WHEN pg_has_role (session_user, (SELECT c.relowner FROM pg_class c
                                                WHERE c.oid = 'public.attempts'::regclass), 'USAGE')
               THEN a.started_at ELSE floor (extract (epoch FROM now ()))::bigint END;
  SELECT * INTO e FROM exams WHERE id = a.exam_id;
  IF a.user_id IS DISTINCT FROM kefu_my_user_id () AND NOT kefu_reads_keys () THEN
    RAISE EXCEPTION 'attempt % is not yours', attempt
      USING ERRCODE = 'KF002', DETAIL = concat_ws (E'\n', attempt, e.name);
  END IF;
  IF a.state <> 'in_progress' THEN
    RAISE EXCEPTION 'attempt % has been handed in already', attempt USING ERRCODE = 'KF003', DETAIL = e.name;
  END IF;
  IF EXISTS (SELECT 1 FROM attempt_answers x WHERE x.attempt_id = a.id) THEN
    RAISE EXCEPTION 'the paper of attempt % has been drawn already', attempt USING ERRCODE = 'KF004', DETAIL = e.name;
  END IF;
  -- whether the paper may be sat now, as kefu_exam_may_start(): by the
  -- server's clock; the tables' owner's (maybe pinned) clock is the
  -- attempt's start
  IF e.state <> 'published' THEN
    RAISE EXCEPTION 'the paper "%" is not published', e.name USING ERRCODE = 'KF012', DETAIL = e.name;
  END IF;
  IF e.open_to_all = 0 THEN
    SELECT * INTO w FROM exam_assignments x WHERE x.exam_id = a.exam_id AND x.user_id = a.user_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'the paper "%" is not assigned to the attempt''s trainee', e.name
        USING ERRCODE = 'KF009', DETAIL = e.name;
    END IF;
    IF now_ < w.opens_at THEN
      RAISE EXCEPTION 'the paper "%" opens at %', e.name, to_timestamp (w.opens_at)
        USING ERRCODE = 'KF010', DETAIL = concat_ws (E'\n', e.name, '@' || w.opens_at);
    END IF;
    IF now_ >= w.closes_at THEN
      RAISE EXCEPTION 'the paper "%" closed at %', e.name, to_timestamp (w.closes_at)
        USING ERRCODE = 'KF011', DETAIL = concat_ws (E'\n', e.name, '@' || w.closes_at);
    END IF;
  END IF;
  -- a trainee's attempts inserted past the desk: no second paper in
  -- progress, none beyond the attempts allowed
  IF NOT kefu_reads_keys () THEN
    IF EXISTS (SELECT 1 FROM attempts o WHERE o.exam_id = a.exam_id AND o.user_id = a.user_id AND o.id <> a.id
                                          AND o.state = 'in_progress') THEN
      RAISE EXCEPTION 'an attempt at the paper "%" is already in progress', e.name USING ERRCODE = 'KF005', DETAIL = e.name;
    END IF;
    IF e.attempts_allowed > 0 AND (SELECT count (*) FROM attempts o WHERE o.exam_id = a.exam_id
                                     AND o.user_id = a.user_id AND o.state <> 'voided') > e.attempts_allowed THEN
      RAISE EXCEPTION 'the paper "%" allows % attempts', e.name, e.attempts_allowed
        USING ERRCODE = 'KF006', DETAIL = concat_ws (E'\n', e.name, e.attempts_allowed);
    END IF;
  END IF;

  -- the fixed questions first, so that no draw repeats one
  taken := ARRAY (SELECT DISTINCT coalesce (q.family_id, q.id) FROM exam_items x JOIN questions q ON q.id = x.question_id
                  WHERE x.exam_id = a.exam_id);
  FOR i IN SELECT * FROM exam_items x WHERE x.exam_id = a.exam_id ORDER BY x.position LOOP
    IF i.question_id IS NOT NULL THEN
      ids := ids || i.question_id;
      CONTINUE;
    END IF;
    drawn := ARRAY (
      SELECT p.id FROM (
        SELECT DISTINCT ON (coalesce (q.family_id, q.id)) q.id
        FROM questions q
        WHERE q.retired = 0
          AND (coalesce (i.draw_bank_id, 0) = 0 OR q.bank_id = i.draw_bank_id)
          AND (nullif (i.draw_module, '') IS NULL OR q.module = i.draw_module)
          AND (nullif (i.draw_category, '') IS NULL OR q.category = i.draw_category)
          AND (nullif (i.draw_type, '') IS NULL OR q.type = i.draw_type)
          AND q.difficulty BETWEEN CASE WHEN coalesce (i.draw_min_difficulty, 0) > 0 THEN i.draw_min_difficulty ELSE 1 END
                               AND CASE WHEN coalesce (i.draw_max_difficulty, 0) > 0 THEN i.draw_max_difficulty ELSE 5 END
          AND NOT coalesce (q.family_id, q.id) = ANY (taken)
        ORDER BY coalesce (q.family_id, q.id), random ()) p
      ORDER BY random () LIMIT greatest (coalesce (i.draw_count, 0), 0));
    IF cardinality (drawn) < coalesce (i.draw_count, 0) THEN
      RAISE EXCEPTION 'a draw rule of the paper asks for % questions but only % are left to draw',
        i.draw_count, cardinality (drawn)
        USING ERRCODE = 'KF007', DETAIL = concat_ws (E'\n', e.name, i.draw_count, cardinality (drawn));
    END IF;
    ids := ids || drawn;
    taken := taken || ARRAY (SELECT coalesce (q.family_id, q.id) FROM questions q WHERE q.id = ANY (drawn));
  END LOOP;
  IF cardinality (ids) = 0 THEN
    RAISE EXCEPTION 'the paper "%" has no questions', e.name USING ERRCODE = 'KF008', DETAIL = e.name;
  END IF;
  IF e.shuffle_questions <> 0 THEN
    ids := ARRAY (SELECT x FROM unnest (ids) x ORDER BY random ());
  END IF;

  INSERT INTO attempt_answers (attempt_id, position, question_id, option_order, max_score)
  SELECT a.id, o.n, q.id,
         (SELECT string_agg (k::text, ',' ORDER BY CASE WHEN e.shuffle_options <> 0 THEN random () ELSE k END)
          FROM generate_series (0, CASE WHEN q.type IN ('single_choice', 'multiple_choice')
                                             AND coalesce (q.options, '') <> ''
                                        THEN cardinality (string_to_array (q.options, E'\n')) ELSE 0 END - 1) k),
         coalesce ((SELECT nullif (split_part (tp, '=', 2), '')::double precision
                    FROM unnest (string_to_array (e.type_points, ',')) tp
                    WHERE split_part (tp, '=', 1) = q.type AND split_part (tp, '=', 2) ~ '^[0-9.]+$'
                      AND split_part (tp, '=', 2)::double precision > 0
                    LIMIT 1), q.points)
  FROM unnest (ids) WITH ORDINALITY AS o (id, n) JOIN questions q ON q.id = o.id;
  RETURN cardinality (ids);
END
$$;

-- A peer's 360° answer: only a peer asked who has not answered yet, each
-- score 0–100, added to the round's totals per item; who gave what is
-- never stored. @peer is read from the tables' owner only (the core
-- suites' harness, which signs in nobody); anyone else answers as
-- themselves.
CREATE OR REPLACE FUNCTION kefu_review_peer_answer (round bigint, peer bigint, results double precision,
                                                    team_management double precision, communication double precision,
                                                    emergency double precision, service_quality double precision)
  RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  me bigint := CASE WHEN pg_has_role (session_user, (SELECT c.relowner FROM pg_class c
                                                     WHERE c.oid = 'public.review_rounds'::regclass), 'USAGE')
                    THEN peer ELSE kefu_my_user_id () END;
  s double precision;
BEGIN
  FOREACH s IN ARRAY ARRAY[results, team_management, communication, emergency, service_quality] LOOP
    IF s IS NULL OR s < 0 OR s > 100 THEN
      RAISE EXCEPTION 'a review score is from 0 to 100, not %', s USING ERRCODE = 'KF013', DETAIL = coalesce (s::text, '');
    END IF;
  END LOOP;
  UPDATE review_peers SET answered = 1 WHERE round_id = round AND peer_id = me AND answered = 0;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'you are not a peer of review round % who has yet to answer', round
      USING ERRCODE = 'KF014', DETAIL = round::text;
  END IF;
  INSERT INTO review_peer_totals (round_id, item, total, answers)
  SELECT round, v.item, v.score, 1
  FROM (VALUES ('results', results), ('team_management', team_management), ('communication', communication),
               ('emergency', emergency), ('service_quality', service_quality)) AS v (item, score)
  ON CONFLICT (round_id, item) DO UPDATE SET total = review_peer_totals.total + excluded.total,
                                             answers = review_peer_totals.answers + 1;
END
$$;
