-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-34.sql: server migration 34 (#20), beside SQLite's migration
-- 34 (kefu-schema.c, empty there): a search's first page in creation
-- order from one function, in one round trip.
-- Before, the first page was kefu_search_ticket_ids() (every hit), then
-- each hit's ticket looked up again for its creation time, sorted, and
-- the first 64 kept. kefu_search_first_ids() gives the page itself: the
-- ids (that the caller may see) matching @expr, newest first (or oldest
-- first), at most @max_rows, the same rows as the start of the whole
-- result in that order (created_at, then id: a total order).
-- Two ways to it, chosen as it goes:
--   - a search with many hits: walk the tickets in that order through
--     the creation-time index and test each one's tokens (its row of
--     ticket_search by the primary key), stopping at @max_rows hits; the
--     walk is cut at 50 rows a hit wanted (a hit in 50 tickets, 2 %);
--   - otherwise (the page not full after the walk): every hit through
--     the GIN index, joined with its ticket for its creation time, sorted,
--     the first @max_rows kept; the walk's few thousand rows are lost.
-- Both see the tickets under the caller's row-level security, as
-- kefu_search_ticket_ids() does.
-- kefu-server-migration: 34

-- @expr as kefu_search_ticket_ids() reads it (kefu-server-rights.sql): the
-- whole tokens every hit holds, and the LIKE patterns its body (between
-- spaces) must match for phrases and prefixes
CREATE FUNCTION kefu_search_parse (expr text, OUT required text[], OUT patterns text[])
  LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
DECLARE
  part text;
  m text[];
  toks text[];
  pat text;
BEGIN
  required := '{}';
  patterns := '{}';
  FOREACH part IN ARRAY regexp_split_to_array (expr, ' AND ') LOOP
    m := regexp_match (part, '^"([^"]*)"( \*)?$');
    IF m IS NULL THEN
      RAISE EXCEPTION 'not a Kefu search expression: %', expr USING ERRCODE = 'invalid_parameter_value';
    END IF;
    toks := string_to_array (m[1], ' ');
    pat := '% ' || replace (replace (replace (m[1], '\', '\\'), '%', '\%'), '_', '\_');
    IF m[2] IS NULL THEN
      required := required || toks;
      IF array_length (toks, 1) > 1 THEN
        patterns := patterns || (pat || ' %');
      END IF;
    ELSE
      required := required || toks[1:array_length (toks, 1) - 1];
      patterns := patterns || (pat || '%');
    END IF;
  END LOOP;
END
$$;

CREATE FUNCTION kefu_search_first_ids (expr text, newest_first boolean, max_rows integer)
  RETURNS SETOF bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  q record;
  walk integer;
  page bigint[];
BEGIN
  IF expr IS NULL OR btrim (expr) = '' OR max_rows IS NULL OR max_rows <= 0 THEN
    RETURN;
  END IF;
  q := kefu_search_parse (expr);
  walk := max_rows * 50;
  -- the walk: the newest (oldest) @walk tickets in order, each tested
  -- by its own row of the index (LATERAL … OFFSET 0: one look-up by the
  -- primary key a ticket, in order, stopping at the page; joined plainly,
  -- the planner finds every hit through the GIN index and sorts them)
  IF newest_first THEN
    SELECT array_agg (w.id) INTO page FROM (
      SELECT w.id FROM (SELECT t.id, t.created_at FROM tickets t ORDER BY t.created_at DESC, t.id DESC LIMIT walk) w
        CROSS JOIN LATERAL (SELECT s.body FROM ticket_search s WHERE s.id = w.id OFFSET 0) s
       WHERE string_to_array (s.body, ' ') @> q.required
         AND (' ' || s.body || ' ') LIKE ALL (q.patterns)
       ORDER BY w.created_at DESC, w.id DESC LIMIT max_rows) w;
  ELSE
    SELECT array_agg (w.id) INTO page FROM (
      SELECT w.id FROM (SELECT t.id, t.created_at FROM tickets t ORDER BY t.created_at, t.id LIMIT walk) w
        CROSS JOIN LATERAL (SELECT s.body FROM ticket_search s WHERE s.id = w.id OFFSET 0) s
       WHERE string_to_array (s.body, ' ') @> q.required
         AND (' ' || s.body || ' ') LIKE ALL (q.patterns)
       ORDER BY w.created_at, w.id LIMIT max_rows) w;
  END IF;
  -- a full page
  IF coalesce (cardinality (page), 0) >= max_rows THEN
    RETURN QUERY SELECT unnest (coalesce (page, '{}'));
    RETURN;
  END IF;
  -- every hit through the index, sorted
  IF newest_first THEN
    RETURN QUERY
      SELECT s.id FROM ticket_search s JOIN tickets t ON t.id = s.id
       WHERE string_to_array (s.body, ' ') @> q.required
         AND (' ' || s.body || ' ') LIKE ALL (q.patterns)
       ORDER BY t.created_at DESC, t.id DESC LIMIT max_rows;
  ELSE
    RETURN QUERY
      SELECT s.id FROM ticket_search s JOIN tickets t ON t.id = s.id
       WHERE string_to_array (s.body, ' ') @> q.required
         AND (' ' || s.body || ' ') LIKE ALL (q.patterns)
       ORDER BY t.created_at, t.id LIMIT max_rows;
  END IF;
END
$$;
