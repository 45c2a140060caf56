-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-38.sql: server migration 38 (#20), beside SQLite's
-- migration 38 (kefu-schema.c, empty there): a search's first page found
-- by walking the newest tickets when the word is common, without the
-- planner's guess.
--
-- kefu_search_first_ids() of migration 34 left the plan to PostgreSQL,
-- which guesses how many tickets hold every token of a phrase as if the
-- tokens were independent: for 电梯困人 (the bigrams 电梯 梯困 困人, which
-- always come together) it guessed 41 of the 15,729 hits at 1,000,000
-- tickets and read every hit's row of the index and its ticket before
-- sorting them (1.8 s under load), while for 漏水 it walked the newest
-- tickets and stopped after 2,586 (0.1 s). Now the function walks itself:
-- the newest (or oldest) tickets in chunks of 512 through the creation
-- time index (tickets(created_at, id): made here, read without the
-- table), each chunk's rows of the search index looked up by id, until
-- the page is full; after each chunk, if the hits so far say the page
-- would need more than 8,192 tickets walked (a rare word: a phone's
-- digits), or 8,192 have been walked, the rest is the search index's own
-- way (the hits, each with its time, the top sorted: migration 34's
-- function, renamed kefu_search_first_ids_sorted()). Either way the same
-- rows in the same order (created_at, then id: a total order): a page
-- filled by the walk holds the newest hits, as every ticket not yet
-- walked is older.
-- kefu-server-migration: 38

CREATE INDEX IF NOT EXISTS tickets_created_id ON tickets (created_at, id);
DROP INDEX IF EXISTS tickets_created;

-- migration 34's function, kept for the rare words under a name of its own
ALTER FUNCTION kefu_search_first_ids (text, boolean, integer) RENAME TO kefu_search_first_ids_sorted;

CREATE FUNCTION kefu_search_first_ids (expr text, newest_first boolean, max_rows integer)
  RETURNS SETOF bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  q record;
  chunk bigint[];
  times bigint[];
  found bigint[];
  hits bigint[] := '{}';
  walked integer := 0;
  n integer;
  -- the last ticket walked: none yet, so every ticket comes after it
  last_at bigint := CASE WHEN newest_first THEN 9223372036854775807 ELSE -9223372036854775808 END;
  last_id bigint := CASE WHEN newest_first THEN 9223372036854775807 ELSE -9223372036854775808 END;
BEGIN
  IF expr IS NULL OR btrim (expr) = '' OR max_rows IS NULL OR max_rows <= 0 THEN
    RETURN;
  END IF;
  q := kefu_search_parse (expr);
  LOOP
    -- the next chunk of tickets in the page's order, after the last one
    IF newest_first THEN
      SELECT array_agg (w.id ORDER BY w.created_at DESC, w.id DESC), array_agg (w.created_at ORDER BY w.created_at DESC, w.id DESC)
        INTO chunk, times
        FROM (SELECT t.id, t.created_at FROM tickets t WHERE (t.created_at, t.id) < (last_at, last_id)
               ORDER BY t.created_at DESC, t.id DESC LIMIT 512) w;
    ELSE
      SELECT array_agg (w.id ORDER BY w.created_at, w.id), array_agg (w.created_at ORDER BY w.created_at, w.id)
        INTO chunk, times
        FROM (SELECT t.id, t.created_at FROM tickets t WHERE (t.created_at, t.id) > (last_at, last_id)
               ORDER BY t.created_at, t.id LIMIT 512) w;
    END IF;
    n := coalesce (cardinality (chunk), 0);
    IF n > 0 THEN
      SELECT array_agg (u.id ORDER BY u.n) INTO found
        FROM unnest (chunk) WITH ORDINALITY AS u (id, n)
        JOIN ticket_search s ON s.id = u.id
       WHERE string_to_array (s.body, ' ') @> q.required
         AND (' ' || s.body || ' ') LIKE ALL (q.patterns);
      hits := hits || coalesce (found, '{}');
      walked := walked + n;
      last_at := times[n];
      last_id := chunk[n];
    END IF;
    -- the page is full, or every ticket was walked: the hits are the page
    IF cardinality (hits) >= max_rows OR n < 512 THEN
      RETURN QUERY SELECT u.id FROM unnest (hits[1:max_rows]) WITH ORDINALITY AS u (id, n) ORDER BY u.n;
      RETURN;
    END IF;
    -- the hits so far say the page needs more than 8,192 tickets walked
    EXIT WHEN walked >= 8192 OR max_rows::bigint * walked > 8192::bigint * cardinality (hits);
  END LOOP;
  -- a rare word: the search index's way
  RETURN QUERY SELECT f FROM kefu_search_first_ids_sorted (expr, newest_first, max_rows) f;
END
$$;
