-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-36.sql: server migration 36 (#20), beside SQLite's migration
-- 36 (kefu-schema.c, empty there): what a trainee's and a peer's desk
-- wrote itself, written by the server.
-- * kefu_draw_paper(attempt): the questions of an attempt's paper, drawn
--   by the server at random (random(), never the desk's seed) from each
--   draw rule's pool, as kefu_exam_layout() lays a paper out on a file:
--   the fixed questions, then each rule's count from its bank, module,
--   category, type and difficulties, not retired, no family twice; the
--   order and the choices shuffled when the paper says so; each worth
--   the paper's points for its type or the question's own. Before, the
--   trainee's desk drew them and wrote the rows, so a trainee in psql
--   could choose the easy questions of a rule (kefu_on_paper() checked
--   only that a question could have been drawn). The trainee may no
--   longer insert paper rows (kefu-server-rights.sql); desks of schema 35
--   and older, which did, are refused by this version.
-- * kefu_review_peer_answer(round, peer, five scores): a peer's 360°
--   answer added to the round's totals and marked answered, once; nobody
--   writes review_peer_totals or review_peers.answered directly.
-- kefu-server-migration: 36

CREATE OR REPLACE FUNCTION kefu_draw_paper (attempt bigint) RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  a attempts%ROWTYPE;
  e exams%ROWTYPE;
  i record;
  taken bigint[];
  ids bigint[] := '{}';
  drawn bigint[];
BEGIN
  SELECT * INTO a FROM attempts WHERE id = attempt FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no attempt %', attempt USING ERRCODE = 'no_data_found';
  END IF;
  IF a.user_id IS DISTINCT FROM kefu_my_user_id () AND NOT kefu_reads_keys () THEN
    RAISE EXCEPTION 'attempt % is not yours', attempt USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF a.state <> 'in_progress' THEN
    RAISE EXCEPTION 'attempt % has been handed in already', attempt USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF EXISTS (SELECT 1 FROM attempt_answers x WHERE x.attempt_id = a.id) THEN
    RAISE EXCEPTION 'the paper of attempt % has been drawn already', attempt USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO e FROM exams WHERE id = a.exam_id;
  -- a trainee's attempts inserted past the desk: no second paper in
  -- progress, none beyond the attempts allowed
  IF NOT kefu_reads_keys () THEN
    IF EXISTS (SELECT 1 FROM attempts o WHERE o.exam_id = a.exam_id AND o.user_id = a.user_id AND o.id <> a.id
                                          AND o.state = 'in_progress') THEN
      RAISE EXCEPTION 'an attempt at the paper "%" is already in progress', e.name USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF e.attempts_allowed > 0 AND (SELECT count (*) FROM attempts o WHERE o.exam_id = a.exam_id
                                     AND o.user_id = a.user_id AND o.state <> 'voided') > e.attempts_allowed THEN
      RAISE EXCEPTION 'the paper "%" allows % attempts', e.name, e.attempts_allowed
        USING ERRCODE = 'insufficient_privilege';
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
        i.draw_count, cardinality (drawn) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    ids := ids || drawn;
    taken := taken || ARRAY (SELECT coalesce (q.family_id, q.id) FROM questions q WHERE q.id = ANY (drawn));
  END LOOP;
  IF cardinality (ids) = 0 THEN
    RAISE EXCEPTION 'the paper "%" has no questions', e.name USING ERRCODE = 'invalid_parameter_value';
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
      RAISE EXCEPTION 'a review score is from 0 to 100, not %', s USING ERRCODE = 'invalid_parameter_value';
    END IF;
  END LOOP;
  UPDATE review_peers SET answered = 1 WHERE round_id = round AND peer_id = me AND answered = 0;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'you are not a peer of review round % who has yet to answer', round
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO review_peer_totals (round_id, item, total, answers)
  SELECT round, v.item, v.score, 1
  FROM (VALUES ('results', results), ('team_management', team_management), ('communication', communication),
               ('emergency', emergency), ('service_quality', service_quality)) AS v (item, score)
  ON CONFLICT (round_id, item) DO UPDATE SET total = review_peer_totals.total + excluded.total,
                                             answers = review_peer_totals.answers + 1;
END
$$;
