-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-34.sql: server migration 34 (#20), beside SQLite's migration
-- 34 (kefu-schema.c, empty there): a search's first page in creation
-- order from one function, in one round trip.
-- Before, the first page was kefu_search_ticket_ids() (every hit), then
-- each hit's ticket looked up again for its creation time, sorted, and
-- the first 64 kept. kefu_search_first_ids() gives the page itself: the
-- ids (that the caller may see) matching @expr, newest first (or oldest
-- first), at most @max_rows, the same rows as the start of the whole
-- result in that order (created_at, then id: a total order). The hits
-- come through the GIN index, each joined with its ticket (under the
-- caller's row-level security, as kefu_search_ticket_ids() does), which
-- gives its creation time at once; the top @max_rows are sorted there.
-- (Walking the creation-time index instead, testing each ticket's row of
-- the index until the page is full, was tried: at 100,000 tickets on the
-- shared 2-core machine it cost more than it saved, a rare word's walk
-- all lost: README, Performance.)
-- kefu-server-migration: 34

-- (@expr is read by kefu_search_parse(), in kefu-server-rights.sql.)
CREATE FUNCTION kefu_search_first_ids (expr text, newest_first boolean, max_rows integer)
  RETURNS SETOF bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  q record;
BEGIN
  IF expr IS NULL OR btrim (expr) = '' OR max_rows IS NULL OR max_rows <= 0 THEN
    RETURN;
  END IF;
  q := kefu_search_parse (expr);
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
