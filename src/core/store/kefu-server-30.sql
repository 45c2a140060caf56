-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-30.sql: server migration 30 (#20), beside SQLite's migration
-- 30 (kefu-schema.c, empty there): a ticket's number on a server.
-- A number is GD + the local date + the day's sequence (GD202612070007).
-- On a file the next one is max(number) + 1 inside the one writer's
-- transaction; on a server two desks saving at once read the same
-- maximum, and a person sees only their estates' tickets (row-level
-- security), so neither may count. The day's counter is one row here:
-- kefu_next_ticket_number() raises it in the desk's transaction (the row
-- stays locked until that commits, so the next desk waits for it and
-- gets the next number), whatever estates the person sees.
-- kefu-server-migration: 30

CREATE TABLE kefu_ticket_numbers (
  day text PRIMARY KEY,          -- GD and the local date: GD20261207
  last bigint NOT NULL           -- the day's highest sequence given
);

-- the days that already have numbers (a server that ran before this)
INSERT INTO kefu_ticket_numbers (day, last)
  SELECT substr(number, 1, 10), max(substr(number, 11)::bigint) FROM tickets
   WHERE number ~ '^GD[0-9]{9,18}$' GROUP BY 1
  ON CONFLICT (day) DO UPDATE SET last = greatest(kefu_ticket_numbers.last, excluded.last);

CREATE OR REPLACE FUNCTION kefu_next_ticket_number (prefix text) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  n bigint;
BEGIN
  IF prefix !~ '^GD[0-9]{8}$' THEN
    RAISE EXCEPTION 'not a day''s ticket-number prefix: %', prefix USING ERRCODE = '22023';
  END IF;
  INSERT INTO kefu_ticket_numbers AS t (day, last) VALUES (prefix, 1)
    ON CONFLICT (day) DO UPDATE SET last = t.last + 1
    RETURNING last INTO n;
  RETURN prefix || CASE WHEN n < 10000 THEN lpad (n::text, 4, '0') ELSE n::text END;
END $$;
