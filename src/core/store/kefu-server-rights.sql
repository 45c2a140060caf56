-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-rights.sql: who may do what on a Kefu server, enforced by
-- PostgreSQL itself (#20). Written by hand (the baseline beside it is
-- generated); `kefu-cli server init` runs it after the baseline and the
-- group roles, in the same transaction, every time (it only replaces what
-- it made), so a second init brings an older server's rights up to date.
--
-- The model, the same as Kefu's own table (kefu-user.c, kefu_role_can):
--  * each person is a LOGIN role (SCRAM password) in one group role:
--    kefu_agent, kefu_dispatcher, kefu_supervisor, kefu_trainer,
--    kefu_manager, kefu_admin; people are made, switched off and moved
--    between groups only through kefu_create_person(),
--    kefu_set_person_active() and kefu_set_person_role(), SECURITY DEFINER
--    functions owned by kefu_owner (NOLOGIN, CREATEROLE; nobody is a
--    member of it), so no Kefu administrator needs CREATEROLE;
--  * the audit log is written only through kefu_audit_append(), which
--    stamps session_user and the server's now() and chains the hash as
--    kefu-audit.c does: no role may INSERT, UPDATE or DELETE audit_log;
--  * nobody reads owners.phone or tickets.contact_phone: the columns are
--    left out of every role's SELECT; owners_masked and tickets_masked
--    show them as 138****5678 (kefu_mask_phone, as kefu-enums.c), and
--    kefu_reveal_phone() gives one full number, audited, to the roles with
--    the right (agent, supervisor, manager, admin);
--  * row-level security by estate: kefu_person_estates says which estates
--    (a service center's estates) a person works for (a row with no
--    estate: all of them); tickets and the rows hanging off a ticket
--    (ticket_events, ticket_attachments, followups, dispatch_moves,
--    sla_notifications, sla_seen, incident_reviews) show only those
--    estates' tickets. Tables' owner (the role that ran server init, and
--    `kefu-cli migrate`) is not bound by it.

-- The helpers run with a fixed search_path; nobody may create objects in
-- public on this database.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Which estates a person works for -----------------------------------------

CREATE TABLE IF NOT EXISTS kefu_person_estates (
  login name NOT NULL,
  estate_id bigint REFERENCES estates(id) ON DELETE CASCADE,   -- NULL: every estate
  UNIQUE NULLS NOT DISTINCT (login, estate_id)
);

-- A person's estates changed: news for the other desks' People windows
-- (#20, NOTIFY 'people:'), from schema 35 on (kefu-server-35.sql makes
-- the trigger's function; a server brought to an older version has none).
DO $$
BEGIN
  IF to_regprocedure ('kefu_notify_topic()') IS NOT NULL THEN
    CREATE OR REPLACE TRIGGER kefu_person_estates_changed
      AFTER INSERT OR UPDATE OR DELETE ON kefu_person_estates
      FOR EACH STATEMENT EXECUTE FUNCTION kefu_notify_topic ('people');
  END IF;
END
$$;

-- The caller's estates, and whether they see them all. Called as
-- (SELECT kefu_my_estates()) in the policies: once per query, not per row.
CREATE OR REPLACE FUNCTION kefu_my_estates () RETURNS bigint[]
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT coalesce (array_agg (estate_id) FILTER (WHERE estate_id IS NOT NULL), '{}')
  FROM kefu_person_estates WHERE login = session_user
$$;

-- The tables' owner (who ran server init and migrate) is not bound by the
-- policies, and sees every estate through the functions too (search).
CREATE OR REPLACE FUNCTION kefu_sees_all_estates () RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM kefu_person_estates WHERE login = session_user AND estate_id IS NULL)
      OR pg_has_role (session_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = 'public.tickets'::regclass),
                      'USAGE')
      -- the center's SLA checker watches every estate's clocks
      OR pg_has_role (session_user, 'kefu_sla_checker', 'MEMBER')
$$;

-- The caller's users row (NULL for a role that is not a Kefu person)
CREATE OR REPLACE FUNCTION kefu_my_user_id () RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id FROM users WHERE login = session_user AND active = 1
$$;

CREATE OR REPLACE FUNCTION kefu_in_group (groups text[]) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM unnest (groups) g
                 WHERE pg_has_role (session_user, g, 'MEMBER'))
$$;

-- Masking, the same as kefu_mask_phone() in kefu-enums.c -------------------

CREATE OR REPLACE FUNCTION kefu_mask_phone (phone text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
  SELECT CASE
    WHEN phone IS NULL OR phone = '' THEN ''
    WHEN length (phone) >= 11 THEN left (phone, 3) || '****' || right (phone, 4)
    WHEN length (phone) > 4 THEN repeat ('*', length (phone) - 4) || right (phone, 4)
    ELSE '****' END
$$;

-- The audit log ------------------------------------------------------------

-- The canonical text and chain hash of kefu-audit.c (kefu_audit_canonical,
-- chain_hash): the same chain on both engines.
CREATE OR REPLACE FUNCTION kefu_audit_hash (prev text, id bigint, at bigint, user_id bigint, action text,
                                            subject_table text, subject_id bigint, detail text)
  RETURNS text LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT encode (sha256 (convert_to (
    coalesce (prev, '') || E'\n'
    || coalesce (id::text, '-') || E'\n' || coalesce (at::text, '-') || E'\n' || coalesce (user_id::text, '-') || E'\n'
    || coalesce (octet_length (action) || ':' || action, '-') || E'\n'
    || coalesce (octet_length (subject_table) || ':' || subject_table, '-') || E'\n'
    || coalesce (subject_id::text, '-') || E'\n'
    || coalesce (octet_length (detail) || ':' || detail, '-') || E'\n', 'UTF8')), 'hex')
$$;

-- One entry by whoever is signed in to the server (session_user), at the
-- server's time; its id. Callers cannot name another author or time.
CREATE OR REPLACE FUNCTION kefu_audit_append (action text, subject_table text DEFAULT NULL,
                                              subject_id bigint DEFAULT NULL, detail text DEFAULT NULL)
  RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  n bigint;
  prev text;
  at_ bigint := floor (extract (epoch FROM now ()))::bigint;
  who bigint := (SELECT u.id FROM users u WHERE u.login = session_user);
BEGIN
  IF action IS NULL OR action = '' THEN
    RAISE EXCEPTION 'an audit entry needs an action' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- one writer at a time: the chain has no forks
  PERFORM pg_advisory_xact_lock (hashtext ('kefu audit_log'));
  SELECT coalesce (max (a.id), 0) + 1 INTO n FROM audit_log a;
  SELECT a.hash INTO prev FROM audit_log a ORDER BY a.id DESC LIMIT 1;
  INSERT INTO audit_log (id, at, user_id, action, subject_table, subject_id, detail, hash)
  VALUES (n, at_, who, action, subject_table, subject_id, detail,
          kefu_audit_hash (prev, n, at_, who, action, subject_table, subject_id, detail));
  RETURN n;
END
$$;

-- Who wrote an entry, by login (audit_log keeps the users id, as on SQLite)
CREATE OR REPLACE VIEW audit_log_by_login AS
  SELECT a.id, a.at, u.login, a.action, a.subject_table, a.subject_id, a.detail, a.hash
  FROM audit_log a LEFT JOIN users u ON u.id = a.user_id;

-- People -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION kefu_group_of (role text) RETURNS text
  LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT CASE WHEN role IN ('agent', 'dispatcher', 'supervisor', 'trainer', 'manager', 'admin')
              THEN 'kefu_' || role END
$$;

CREATE OR REPLACE FUNCTION kefu_require_admin () RETURNS void
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT pg_has_role (session_user, 'kefu_admin', 'MEMBER') THEN
    RAISE EXCEPTION 'only an administrator may manage users' USING ERRCODE = 'KF015';
  END IF;
END
$$;

-- A person who is a Kefu user: never a group role, the owner or anyone
-- else on the cluster
CREATE OR REPLACE FUNCTION kefu_person_id (person text) RETURNS bigint
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  uid bigint := (SELECT id FROM users WHERE login = person);
BEGIN
  IF uid IS NULL OR person LIKE 'kefu\_%' OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = person) THEN
    RAISE EXCEPTION 'no Kefu user named "%"', person USING ERRCODE = 'KF016', DETAIL = coalesce (person, '');
  END IF;
  RETURN uid;
END
$$;

-- A password as a person's role takes it: a SCRAM-SHA-256 verifier made on
-- the desk, or plain text of at least 8 characters
CREATE OR REPLACE FUNCTION kefu_check_password (password text) RETURNS void
  LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
BEGIN
  IF password IS NULL OR (password NOT LIKE 'SCRAM-SHA-256$%' AND length (password) < 8) THEN
    RAISE EXCEPTION 'a password needs at least 8 characters' USING ERRCODE = 'KF017';
  END IF;
END
$$;

-- A new person: a LOGIN role in @role's group, with @password (plain, or
-- better a SCRAM-SHA-256 verifier made on the desk with libpq's
-- PQencryptPasswordConn, so the password never reaches the server), a
-- users row (the one `kefu-cli migrate` copied, if any) and the estates
-- they work for (NULL: all). Its users id.
CREATE OR REPLACE FUNCTION kefu_create_person (person text, full_name text, role text, password text,
                                               estates bigint[] DEFAULT NULL, title text DEFAULT NULL)
  RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  grp text := kefu_group_of (role);
  uid bigint;
BEGIN
  PERFORM kefu_require_admin ();
  IF grp IS NULL THEN
    RAISE EXCEPTION 'no Kefu role "%"', role USING ERRCODE = 'KF018', DETAIL = coalesce (role, '');
  END IF;
  IF person IS NULL OR person !~ '^[^[:space:][:cntrl:]]{1,63}$' OR person LIKE 'kefu\_%' OR person LIKE 'pg\_%' THEN
    RAISE EXCEPTION 'a login name needs 1 to 63 characters, no spaces, not starting with kefu_ or pg_'
      USING ERRCODE = 'KF019', DETAIL = coalesce (person, '');
  END IF;
  PERFORM kefu_check_password (password);
  EXECUTE format ('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', person, password, grp);
  -- a user copied from a desk's file by `kefu-cli migrate` keeps their id
  -- (their tickets and training), now signing in to the server
  UPDATE users u SET name = coalesce (nullif (full_name, ''), u.name), role = kefu_create_person.role,
                     title = coalesce (kefu_create_person.title, u.title), active = 1
  WHERE u.login = person RETURNING id INTO uid;
  IF uid IS NULL THEN
    INSERT INTO users (login, name, role, title, active, created_at)
    VALUES (person, coalesce (nullif (full_name, ''), person), role, title, 1,
            floor (extract (epoch FROM now ()))::bigint)
    RETURNING id INTO uid;
  END IF;
  IF estates IS NULL THEN
    INSERT INTO kefu_person_estates (login, estate_id) VALUES (person, NULL);
  ELSE
    INSERT INTO kefu_person_estates (login, estate_id) SELECT DISTINCT person, e FROM unnest (estates) e;
  END IF;
  PERFORM kefu_audit_append ('user_added', 'users', uid, 'role=' || role);
  RETURN uid;
END
$$;

-- @person's new @password, recorded in the audit log as @action; called
-- only by the two functions below (it is granted to nobody)
CREATE OR REPLACE FUNCTION kefu_put_password (person text, password text, action text) RETURNS void
  LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
DECLARE
  uid bigint := kefu_person_id (person);
BEGIN
  PERFORM kefu_check_password (password);
  EXECUTE format ('ALTER ROLE %I PASSWORD %L', person, password);
  PERFORM kefu_audit_append (action, 'users', uid);
END
$$;

-- An administrator's new password for a person (a forgotten one)
CREATE OR REPLACE FUNCTION kefu_set_person_password (person text, password text) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM kefu_require_admin ();
  PERFORM kefu_put_password (person, password, 'password_reset');
END
$$;

-- A person's own new password: only their own (the desk checked the
-- current one; PostgreSQL lets a role change its own password anyway)
CREATE OR REPLACE FUNCTION kefu_change_own_password (person text, password text) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF person IS DISTINCT FROM session_user::text THEN
    RAISE EXCEPTION 'a person changes only their own password' USING ERRCODE = 'KF020';
  END IF;
  PERFORM kefu_put_password (person, password, 'password_changed');
END
$$;

-- Switches a person off (NOLOGIN, users.active = 0) or on again
CREATE OR REPLACE FUNCTION kefu_set_person_active (person text, enabled boolean) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  uid bigint;
BEGIN
  PERFORM kefu_require_admin ();
  uid := kefu_person_id (person);
  IF NOT enabled AND person = session_user THEN
    RAISE EXCEPTION 'you cannot switch yourself off' USING ERRCODE = 'KF021';
  END IF;
  EXECUTE format ('ALTER ROLE %I %s', person, CASE WHEN enabled THEN 'LOGIN' ELSE 'NOLOGIN' END);
  UPDATE users SET active = CASE WHEN enabled THEN 1 ELSE 0 END WHERE id = uid;
  PERFORM kefu_audit_append (CASE WHEN enabled THEN 'user_enabled' ELSE 'user_disabled' END, 'users', uid, NULL);
END
$$;

-- Moves a person to another role's group
CREATE OR REPLACE FUNCTION kefu_set_person_role (person text, role text) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  uid bigint;
  grp text := kefu_group_of (role);
  g text;
BEGIN
  PERFORM kefu_require_admin ();
  uid := kefu_person_id (person);
  IF grp IS NULL THEN
    RAISE EXCEPTION 'no Kefu role "%"', role USING ERRCODE = 'KF018', DETAIL = coalesce (role, '');
  END IF;
  FOREACH g IN ARRAY ARRAY['kefu_agent', 'kefu_dispatcher', 'kefu_supervisor', 'kefu_trainer', 'kefu_manager', 'kefu_admin'] LOOP
    IF g <> grp AND pg_has_role (person, g, 'MEMBER') THEN
      EXECUTE format ('REVOKE %I FROM %I', g, person);
    END IF;
  END LOOP;
  EXECUTE format ('GRANT %I TO %I', grp, person);
  UPDATE users SET role = kefu_set_person_role.role WHERE id = uid;
  PERFORM kefu_audit_append ('role_changed', 'users', uid, 'role=' || role);
END
$$;

-- Sets the estates a person works for (NULL: all)
CREATE OR REPLACE FUNCTION kefu_set_person_estates (person text, estates bigint[]) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  uid bigint;
BEGIN
  PERFORM kefu_require_admin ();
  uid := kefu_person_id (person);
  DELETE FROM kefu_person_estates WHERE login = person;
  IF estates IS NULL THEN
    INSERT INTO kefu_person_estates (login, estate_id) VALUES (person, NULL);
  ELSE
    INSERT INTO kefu_person_estates (login, estate_id) SELECT DISTINCT person, e FROM unnest (estates) e;
  END IF;
  PERFORM kefu_audit_append ('user_estates', 'users', uid,
                             'estates=' || coalesce (array_to_string (estates, ','), 'all'));
END
$$;

-- The estates a person works for, as kefu_set_person_estates() keeps them
-- (a NULL row: every estate; no row: none), for an administrator's
-- dialog: kefu_person_estates itself is nobody's to read
CREATE OR REPLACE FUNCTION kefu_person_estates_of (person text) RETURNS SETOF bigint
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM kefu_require_admin ();
  RETURN QUERY SELECT pe.estate_id FROM kefu_person_estates pe WHERE pe.login = person
               ORDER BY pe.estate_id NULLS FIRST;
END
$$;

-- The SLA checker ------------------------------------------------------------

-- The LOGIN role of the center's one SLA checker (`kefu-cli server
-- add-checker`, run by the systemd timer of data/systemd on the server's
-- host): a member of kefu_sla_checker only, which reads the clocks and
-- writes the once-only notification record and nothing else (grants
-- below). @password NULL: no password (peer authentication on the
-- server's host, pg_hba.conf `local … peer`); otherwise a SCRAM verifier
-- or at least 8 characters. Run again, it sets the password anew.
-- Administrators only; audited.
CREATE OR REPLACE FUNCTION kefu_create_checker (checker text, password text DEFAULT NULL) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM kefu_require_admin ();
  IF checker IS NULL OR checker !~ '^[^[:space:][:cntrl:]]{1,63}$' OR checker LIKE 'kefu\_%' OR checker LIKE 'pg\_%' THEN
    RAISE EXCEPTION 'a login name needs 1 to 63 characters, no spaces, not starting with kefu_ or pg_'
      USING ERRCODE = 'KF019', DETAIL = coalesce (checker, '');
  END IF;
  IF password IS NOT NULL AND password NOT LIKE 'SCRAM-SHA-256$%' AND length (password) < 8 THEN
    RAISE EXCEPTION 'a password needs at least 8 characters' USING ERRCODE = 'KF017';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = checker) THEN
    -- only a checker already: never a person or another role of the cluster
    IF EXISTS (SELECT 1 FROM users WHERE login = checker)
       OR NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                      JOIN pg_roles r ON r.oid = m.member
                      WHERE g.rolname = 'kefu_sla_checker' AND r.rolname = checker) THEN
      RAISE EXCEPTION 'the role "%" exists already and is not an SLA checker', checker
        USING ERRCODE = 'KF022', DETAIL = checker;
    END IF;
    EXECUTE format ('ALTER ROLE %I LOGIN PASSWORD %L', checker, password);
  ELSE
    EXECUTE format ('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE kefu_sla_checker', checker, password);
  END IF;
  PERFORM kefu_audit_append ('checker_added', NULL, NULL, 'login=' || checker);
END
$$;

-- Phones -------------------------------------------------------------------

-- One ticket's full contact phone, for a role with the right, written to
-- the audit log first (a reason is needed outside one's own tickets), as
-- kefu_desk_reveal_phone() does. Only a ticket the caller may see.
CREATE OR REPLACE FUNCTION kefu_reveal_phone (ticket bigint, reason text DEFAULT NULL) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  t record;
  why text := btrim (coalesce (reason, ''));
BEGIN
  IF NOT kefu_in_group (ARRAY['kefu_agent', 'kefu_supervisor', 'kefu_manager', 'kefu_admin']) THEN
    RAISE EXCEPTION 'your role may not see owners'' full phone numbers' USING ERRCODE = 'KF023';
  END IF;
  -- under the caller's row-level security (this function's owner is bound by it)
  SELECT id, number, agent_id, contact_phone INTO t FROM tickets WHERE id = ticket;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no ticket %', ticket USING ERRCODE = 'KF024', DETAIL = coalesce (ticket::text, '');
  END IF;
  IF why = '' AND t.agent_id IS DISTINCT FROM kefu_my_user_id () THEN
    RAISE EXCEPTION 'ticket % is not yours: say why you need the owner''s phone number', t.number
      USING ERRCODE = 'KF025', DETAIL = coalesce (t.number, '');
  END IF;
  PERFORM kefu_audit_append ('reveal_phone', 'tickets', t.id, CASE WHEN why <> '' THEN 'reason=' || why END);
  RETURN t.contact_phone;
END
$$;

-- The owners whose phone holds @typed (the owner search at intake,
-- kefu_desk_find_owners(), as a file's LIKE '%typed%'), for a desk that
-- reads phones masked: it finds an owner by the whole number a caller
-- gives, and shows the phone masked. Like search, it tells whether some
-- owner has that number; it never gives the number.
CREATE OR REPLACE FUNCTION kefu_owner_ids_by_phone (typed text) RETURNS SETOF bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id FROM owners WHERE coalesce (typed, '') <> '' AND strpos (phone, typed) > 0
$$;

-- Search -------------------------------------------------------------------

-- ticket_search.body holds Kefu's own tokens (kefu_search_tokens(): CJK
-- and digit bigrams, lower-case words, separated by spaces), written
-- through kefu_search_index() below or copied by `kefu-cli migrate`; this
-- GIN index over them as an array answers two-character Chinese queries.
CREATE INDEX IF NOT EXISTS ticket_search_tokens ON ticket_search USING gin (string_to_array (body, ' '));

-- A phone's tokens, as kefu_search_phone_tokens() in kefu-search.c: the
-- bigrams of each run of digits (full-width ones as ASCII) and its last
-- digit alone, nothing else of the phone. "138-1234" → "13 38 8 12 23 34 4"
CREATE OR REPLACE FUNCTION kefu_search_phone_tokens (phone text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
DECLARE
  run text;
  n integer;
  tokens text[] := '{}';
BEGIN
  FOREACH run IN ARRAY regexp_split_to_array (translate (coalesce (phone, ''), '０１２３４５６７８９', '0123456789'),
                                              '[^0-9]+') LOOP
    n := length (run);
    CONTINUE WHEN n = 0;
    FOR i IN 1 .. n - 1 LOOP
      tokens := tokens || substr (run, i, 2);
    END LOOP;
    tokens := tokens || substr (run, n, 1);
  END LOOP;
  RETURN array_to_string (tokens, ' ');
END
$$;

-- One ticket's row of the index, written for a desk (#20). The desk sends
-- the tokens of what it reads (kefu-search.c: before the contact phone,
-- the owner's name, the notes); the phones' tokens come from the tables
-- here, so a desk that sees phones masked still indexes them in full, as
-- a file's index holds them, without reading them. Only a ticket the
-- caller may see (the caller's row-level security binds this function's
-- owner); desks write the index through here only.
CREATE OR REPLACE FUNCTION kefu_search_index (ticket bigint, head text, owner_name text, tail text) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  body text;
BEGIN
  SELECT array_to_string (ARRAY[nullif (head, ''), nullif (kefu_search_phone_tokens (t.contact_phone), ''),
                                nullif (owner_name, ''), nullif (kefu_search_phone_tokens (o.phone), ''),
                                nullif (tail, '')], ' ')
    INTO body
    FROM tickets t LEFT JOIN owners o ON o.id = t.owner_id
    WHERE t.id = ticket;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no ticket %', ticket USING ERRCODE = 'KF024', DETAIL = coalesce (ticket::text, '');
  END IF;
  INSERT INTO ticket_search (id, body) VALUES (ticket, body)
    ON CONFLICT (id) DO UPDATE SET body = excluded.body;
END
$$;

-- @expr as the search functions read it (below; kefu_search_first_ids() of
-- server migration 34): the
-- whole tokens every hit holds, and the LIKE patterns its body (between
-- spaces) must match for phrases and prefixes
CREATE OR REPLACE FUNCTION kefu_search_parse (expr text, OUT required text[], OUT patterns text[])
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

-- The ids of the tickets (that the caller may see) matching @expr, an
-- FTS5 expression from kefu_search_match_expr(): phrases "t1 t2 …" joined
-- by AND, each possibly followed by * (its last token is a prefix). The
-- same rows as SQLite's MATCH over the same tokens: every whole token in
-- the index, then the phrase's tokens next to each other (in the body's
-- order), newest first.
-- A caller who sees every estate reads no ticket (#20): each row of the
-- index is a ticket's on a server (written through kefu_search_index()
-- for a ticket that exists, or copied with its ticket by `kefu-cli
-- migrate`; no desk may delete a ticket), and none is hidden from them.
-- Joined with tickets, as this function runs bound by the caller's
-- row-level security, the planner read the whole table (a hash join
-- beside a scan filtered by the policy): 3,143 hits of 漏水 at 100,000
-- tickets, 5,120 pages of tickets read, 470 ms under load; without it
-- the hits' rows of the index alone. For a caller bound to estates each
-- hit's ticket is looked up by its id under their row-level security
-- (the subquery kept apart by OFFSET 0, so the planner cannot turn it
-- into that scan): work as the hits, not as the table (an agent of one
-- estate counting 漏水 there, pgbench, 4 rounds under load: 153–251 ms
-- joined, 92–180 ms looked up). The body is matched against the
-- patterns only for a phrase or a prefix (a single token's hits need no
-- more than the index's test). Each call is planned for its own words
-- (plan_cache_mode): after five calls in a session PL/pgSQL's cached plan
-- went generic, not knowing the words, and chose to walk the whole index
-- by id (5.4–5.7 s for 漏水 at 1,000,000 tickets, against 60–100 ms
-- planned for the word).
CREATE OR REPLACE FUNCTION kefu_search_ticket_ids (expr text, max_rows integer DEFAULT NULL)
  RETURNS SETOF bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  q record;
BEGIN
  IF expr IS NULL OR btrim (expr) = '' THEN
    RETURN;
  END IF;
  q := kefu_search_parse (expr);
  IF kefu_sees_all_estates () THEN
    RETURN QUERY
      SELECT s.id FROM ticket_search s
      WHERE string_to_array (s.body, ' ') @> q.required
        AND (cardinality (q.patterns) = 0 OR (' ' || s.body || ' ') LIKE ALL (q.patterns))
      ORDER BY s.id DESC
      LIMIT max_rows;
  ELSE
    RETURN QUERY
      SELECT s.id FROM ticket_search s
        CROSS JOIN LATERAL (SELECT 1 FROM tickets t WHERE t.id = s.id OFFSET 0) seen
      WHERE string_to_array (s.body, ' ') @> q.required
        AND (cardinality (q.patterns) = 0 OR (' ' || s.body || ' ') LIKE ALL (q.patterns))
      ORDER BY s.id DESC
      LIMIT max_rows;
  END IF;
END
$$;

-- Ticket numbers -----------------------------------------------------------

-- A number an imported file gives its ticket (kefu-import-tickets.c): the
-- day's counter of server migration 30 (kefu_next_ticket_number()) is
-- raised to it in the import's transaction, so no desk is given it later.
-- Anything but a desk's own form (GD, the day, a sequence) leaves the
-- counters alone.
CREATE OR REPLACE FUNCTION kefu_claim_ticket_number (number text) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF number !~ '^GD[0-9]{9,18}$' THEN
    RETURN;
  END IF;
  INSERT INTO kefu_ticket_numbers AS t (day, last) VALUES (substr (number, 1, 10), substr (number, 11)::bigint)
    ON CONFLICT (day) DO UPDATE SET last = greatest (t.last, excluded.last);
END
$$;

-- Masked views -------------------------------------------------------------

CREATE OR REPLACE VIEW owners_masked AS
  SELECT id, name, kefu_mask_phone (phone) AS phone, preferred_channel, note, created_at, name_pinyin, name_initials
  FROM owners;

-- Tickets with the contact phone masked: the view runs as kefu_owner,
-- which row-level security binds by the caller's estates (session_user)
CREATE OR REPLACE VIEW tickets_masked AS
  SELECT t.id, t.number, t.estate_id, t.contact_name, kefu_mask_phone (t.contact_phone) AS contact_phone,
         kefu_mask_phone (o.phone) AS owner_phone
  FROM tickets t LEFT JOIN owners o ON o.id = t.owner_id;

-- Training: answer keys and grading ------------------------------------------

-- Whether the caller may read every answer key (KEFU_PERMISSION_READ_ANSWER_KEYS:
-- trainers, supervisors, administrators; and the tables' owner)
CREATE OR REPLACE FUNCTION kefu_reads_keys () RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT kefu_in_group (ARRAY['kefu_trainer', 'kefu_supervisor', 'kefu_admin'])
      OR pg_has_role (session_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = 'public.questions'::regclass),
                      'USAGE')
$$;

-- Whether the caller may see @question's key: a key reader; anyone else
-- never while the question is on a paper they have in progress, and
-- otherwise only for a question they practise again (it was wrong on a
-- graded paper) or one of a graded paper of theirs whose review shows the
-- right answers (exams.review 'score_and_answers')
CREATE OR REPLACE FUNCTION kefu_sees_key (question bigint) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT kefu_reads_keys ()
      OR (NOT EXISTS (SELECT 1 FROM attempts a JOIN attempt_answers x ON x.attempt_id = a.id
                      WHERE a.user_id = kefu_my_user_id () AND a.state = 'in_progress' AND x.question_id = kefu_sees_key.question)
          AND (EXISTS (SELECT 1 FROM practice_queue p WHERE p.user_id = kefu_my_user_id () AND p.question_id = kefu_sees_key.question)
               OR EXISTS (SELECT 1 FROM attempts a JOIN attempt_answers x ON x.attempt_id = a.id
                          JOIN exams e ON e.id = a.exam_id
                          WHERE a.user_id = kefu_my_user_id () AND a.state = 'graded'
                            AND e.review = 'score_and_answers' AND x.question_id = kefu_sees_key.question)))
$$;

-- The questions as a person's desk reads them: the key columns (answer,
-- explanation, option_weights, option_feedback) only where kefu_sees_key()
-- says so, NULL elsewhere. Nobody but a key reader may read them from
-- questions itself (column privileges below).
CREATE OR REPLACE VIEW questions_open AS
  SELECT q.id, q.bank_id, q.module, q.type, q.title, q.stem, q.options,
         CASE WHEN k.sees THEN q.answer END AS answer, CASE WHEN k.sees THEN q.explanation END AS explanation,
         q.points, q.difficulty, q.tags, q.version, q.supersedes, q.retired, q.created_at, q.family_id, q.category,
         CASE WHEN k.sees THEN q.option_weights END AS option_weights,
         CASE WHEN k.sees THEN q.option_feedback END AS option_feedback
  FROM questions q CROSS JOIN LATERAL (SELECT kefu_sees_key (q.id) AS sees) k;

-- The grading rule of kefu-attempt.c, the same on both engines (test-server-training):
-- kefu_answer_normalize() as the C one: NFKC, case-folded, trimmed, runs of
-- white space as one space (after NFKC the white space left is ASCII,
-- U+1680 and the line and paragraph separators; GLib's folding of ß and ς
-- beside ICU's lower case)
CREATE OR REPLACE FUNCTION kefu_answer_normalize (answer text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
  SELECT btrim (regexp_replace (
           translate (replace (replace (lower (normalize (coalesce (answer, ''), NFKC) COLLATE "und-x-icu"), 'ß', 'ss'),
                               'ẞ', 'ss'), 'ς', 'σ'),
           '[\t\n\r\f \u1680\u2028\u2029]+', ' ', 'g'), E' \t\n\r\f\u1680\u2028\u2029')
$$;

-- A question's choices (or accepted answers) and their weights, as
-- kefu-questions.c reads a row: option_weights when it has one per
-- choice, else the defaults of the right letters (a single choice: 100
-- or 0; several: 100/k each right one, -100/(n-k) each wrong one), an
-- accepted short answer 100
CREATE OR REPLACE FUNCTION kefu_question_weights (q questions) RETURNS double precision[]
  LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
DECLARE
  texts text[] := CASE WHEN q.type IN ('single_choice', 'multiple_choice') AND coalesce (q.options, '') <> ''
                       THEN string_to_array (q.options, E'\n')
                       WHEN q.type = 'short_answer' AND coalesce (q.answer, '') <> ''
                       THEN string_to_array (q.answer, E'\n') ELSE '{}' END;
  given text[] := CASE WHEN coalesce (q.option_weights, '') <> '' THEN string_to_array (q.option_weights, ',')
                       ELSE '{}' END;
  n integer := coalesce (array_length (texts, 1), 0);
  w double precision[] := '{}';
  right_ boolean[];
  letters text := normalize (coalesce (q.answer, ''), NFKC);
  c text;
  k integer := 0;
  ok boolean := true;
BEGIN
  IF n > 0 AND coalesce (array_length (given, 1), 0) = n THEN
    FOR i IN 1 .. n LOOP
      -- g_ascii_strtod(): a number, else 0
      w := w || CASE WHEN btrim (given[i]) ~ '^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$'
                     THEN btrim (given[i])::double precision ELSE 0 END;
    END LOOP;
    RETURN w;
  END IF;
  IF q.type = 'short_answer' THEN
    RETURN array_fill (100::double precision, ARRAY[n]);
  END IF;
  IF q.type NOT IN ('single_choice', 'multiple_choice') OR n = 0 THEN
    RETURN array_fill (0::double precision, ARRAY[n]);
  END IF;
  n := least (n, 4 * 8);
  right_ := array_fill (false, ARRAY[n]);
  FOREACH c IN ARRAY regexp_split_to_array (letters, '') LOOP
    CONTINUE WHEN c IN (',', ' ', ';', '/', '|', U&'\3001', U&'\FF0C', U&'\FF1B', U&'\3000', '.', U&'\3002');
    IF ascii (c) >= 128 OR upper (c) < 'A' OR upper (c) > 'Z' OR ascii (upper (c)) - 65 >= n THEN
      ok := false;
      EXIT;
    END IF;
    right_[ascii (upper (c)) - 64] := true;
  END LOOP;
  IF NOT ok THEN
    RETURN array_fill (0::double precision, ARRAY[coalesce (array_length (texts, 1), 0)]);
  END IF;
  FOR i IN 1 .. n LOOP
    k := k + right_[i]::integer;
  END LOOP;
  FOR i IN 1 .. n LOOP
    w := w || CASE WHEN q.type <> 'multiple_choice' THEN CASE WHEN right_[i] THEN 100 ELSE 0 END
                   WHEN right_[i] THEN 100.0::double precision / k
                   ELSE -100.0::double precision / (n - k) END;
  END LOOP;
  RETURN w;
END
$$;

-- The score of @answer (its stored form) out of the question's points and
-- whether it is right, as kefu_question_score(); score NULL for a written
-- answer a trainer grades (an empty one scores 0)
CREATE OR REPLACE FUNCTION kefu_question_score (q questions, answer text, all_or_nothing boolean,
                                                OUT score double precision, OUT correct boolean)
  LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
DECLARE
  w double precision[] := kefu_question_weights (q);
  n integer := coalesce (array_length (w, 1), 0);
  texts text[];
  given text;
  best double precision := 0;
  total double precision := 0;
  chosen boolean;
  x double precision;
BEGIN
  answer := coalesce (answer, '');
  score := 0;
  correct := false;
  IF q.type = 'single_choice' THEN
    IF length (answer) = 1 AND ascii (answer) >= 65 AND ascii (answer) - 65 < n THEN
      x := w[ascii (answer) - 64];
      correct := x >= 100 - 1e-9;
      score := greatest (least (x, 100), 0) / 100.0 * q.points;
    END IF;
  ELSIF q.type = 'multiple_choice' THEN
    correct := answer <> '';
    FOR i IN 1 .. least (n, 26) LOOP
      chosen := strpos (answer, chr (64 + i)) > 0;
      IF chosen THEN
        total := total + w[i];
      END IF;
      IF chosen <> (w[i] > 0) THEN
        correct := false;
      END IF;
    END LOOP;
    IF all_or_nothing THEN
      score := CASE WHEN correct THEN q.points ELSE 0 END;
    ELSE
      score := greatest (least (total, 100), 0) / 100.0 * q.points;
    END IF;
    correct := correct OR score >= q.points - 1e-9;
  ELSIF q.type = 'true_false' THEN
    correct := answer = CASE WHEN q.answer = 'true' THEN 'true' ELSE 'false' END;
    score := CASE WHEN correct THEN q.points ELSE 0 END;
  ELSIF q.type = 'short_answer' THEN
    given := kefu_answer_normalize (answer);
    texts := CASE WHEN coalesce (q.answer, '') <> '' THEN string_to_array (q.answer, E'\n') ELSE '{}' END;
    FOR i IN 1 .. CASE WHEN given <> '' THEN coalesce (array_length (texts, 1), 0) ELSE 0 END LOOP
      IF given = kefu_answer_normalize (texts[i]) THEN
        best := greatest (best, w[i]);
      END IF;
    END LOOP;
    score := greatest (least (best, 100), 0) / 100.0 * q.points;
    correct := best >= 100 - 1e-9;
  ELSE
    -- case analysis, written: nothing written scores nothing, else a trainer grades it
    score := CASE WHEN kefu_answer_normalize (answer) = '' THEN 0 END;
  END IF;
END
$$;

-- One question's grade by id (what test-server-training compares with the C rule)
CREATE OR REPLACE FUNCTION kefu_grade_answer (question bigint, answer text, scoring text DEFAULT 'partial',
                                              OUT score double precision, OUT correct boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT (kefu_question_score (q, kefu_grade_answer.answer, kefu_grade_answer.scoring = 'all_or_nothing')).*
  FROM questions q WHERE q.id = kefu_grade_answer.question
$$;

-- A trainee's paper handed in (by the trainee, their desk's clock, or a
-- trainer keying in a sheet): every objective answer graded against the
-- keys the trainee cannot read, the wrong ones queued for re-practice
-- (box 1, due a day later, as kefu_practice_record()), the attempt
-- submitted at the server's time, and graded when no written answer
-- waits for a trainer. Only the attempt's own trainee or a key reader may
-- hand it in, and only once. @at is the clock of the tables' owner (a
-- test's or `kefu-cli --now`'s pinned clock); anyone else's is ignored.
CREATE OR REPLACE FUNCTION kefu_submit_attempt (attempt bigint, at bigint DEFAULT NULL) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  a attempts%ROWTYPE;
  all_or_nothing boolean;
  at_ bigint := CASE WHEN at IS NOT NULL
                          AND pg_has_role (session_user, (SELECT c.relowner FROM pg_class c
                                                          WHERE c.oid = 'public.attempts'::regclass), 'USAGE')
                     THEN at ELSE floor (extract (epoch FROM now ()))::bigint END;
  r record;
  g record;
  s double precision;
BEGIN
  SELECT * INTO a FROM attempts WHERE id = attempt FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no attempt %', attempt USING ERRCODE = 'KF001', DETAIL = coalesce (attempt::text, '');
  END IF;
  IF a.user_id IS DISTINCT FROM kefu_my_user_id () AND NOT kefu_reads_keys () THEN
    RAISE EXCEPTION 'attempt % is not yours to hand in', attempt
      USING ERRCODE = 'KF026', DETAIL = concat_ws (E'\n', attempt, (SELECT e.name FROM exams e WHERE e.id = a.exam_id));
  END IF;
  IF a.state <> 'in_progress' THEN
    RAISE EXCEPTION 'attempt % has been handed in already', attempt USING ERRCODE = 'KF027';
  END IF;
  SELECT e.scoring = 'all_or_nothing' INTO all_or_nothing FROM exams e WHERE e.id = a.exam_id;
  FOR r IN SELECT x.position, x.answer, coalesce (x.max_score, q.points) AS max_score, q
           FROM attempt_answers x JOIN questions q ON q.id = x.question_id
           WHERE x.attempt_id = attempt ORDER BY x.position LOOP
    g := kefu_question_score (r.q, r.answer, all_or_nothing);
    CONTINUE WHEN g.score IS NULL;
    s := g.score * r.max_score / greatest ((r.q).points, 1e-9);
    UPDATE attempt_answers SET score = s, correct = g.correct::integer
    WHERE attempt_id = attempt AND position = r.position;
    IF NOT g.correct THEN
      INSERT INTO practice_queue (user_id, question_id, box, due_at, added_at, reviewed_at)
      VALUES (a.user_id, (r.q).id, 1, at_ + 86400, at_, at_)
      ON CONFLICT (user_id, question_id) DO UPDATE SET box = 1, due_at = excluded.due_at, reviewed_at = excluded.reviewed_at;
    END IF;
  END LOOP;
  UPDATE attempts SET state = 'submitted', submitted_at = at_,
    score = (SELECT coalesce (sum (x.score), 0) FROM attempt_answers x WHERE x.attempt_id = attempt),
    max_score = (SELECT sum (x.max_score) FROM attempt_answers x WHERE x.attempt_id = attempt)
  WHERE id = attempt;
  UPDATE attempts t SET state = 'graded', graded_at = at_,
    score = (SELECT sum (x.score) FROM attempt_answers x WHERE x.attempt_id = attempt),
    max_score = (SELECT sum (x.max_score) FROM attempt_answers x WHERE x.attempt_id = attempt),
    passed = (SELECT (100.0 * sum (x.score) / greatest (sum (x.max_score), 1e-9)
                      >= (SELECT e.pass_mark FROM exams e WHERE e.id = t.exam_id) - 1e-9)::integer
              FROM attempt_answers x WHERE x.attempt_id = attempt)
  WHERE t.id = attempt
    AND NOT EXISTS (SELECT 1 FROM attempt_answers x WHERE x.attempt_id = attempt AND x.score IS NULL);
END
$$;

-- Whether a trainee's desk may lay out @question at @position of @attempt
-- worth @max_score, as kefu_exam_layout() does: a question the paper
-- names, or one its draw rules could draw (the rule's bank, module,
-- category, type and difficulties, not retired), not on the attempt
-- already, at a position of the paper's length, worth what the paper
-- gives its type (or the question's own points). Which of a rule's
-- questions were drawn is the desk's (its seed), not checked here.
CREATE OR REPLACE FUNCTION kefu_on_paper (attempt bigint, question bigint, at_position bigint,
                                          max_score double precision) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM attempts a JOIN exams e ON e.id = a.exam_id, questions q
    WHERE a.id = kefu_on_paper.attempt AND q.id = kefu_on_paper.question
      AND kefu_on_paper.at_position BETWEEN 1
          AND (SELECT coalesce (sum (CASE WHEN i.question_id IS NOT NULL THEN 1 ELSE coalesce (i.draw_count, 0) END), 0)
               FROM exam_items i WHERE i.exam_id = a.exam_id)
      AND abs (kefu_on_paper.max_score
               - coalesce ((SELECT nullif (split_part (tp, '=', 2), '')::double precision
                            FROM unnest (string_to_array (e.type_points, ',')) tp
                            WHERE split_part (tp, '=', 1) = q.type AND split_part (tp, '=', 2) ~ '^[0-9.]+$'
                              AND split_part (tp, '=', 2)::double precision > 0
                            LIMIT 1), q.points)) < 1e-9
      AND NOT EXISTS (SELECT 1 FROM attempt_answers x WHERE x.attempt_id = a.id AND x.question_id = q.id
                      AND x.position <> kefu_on_paper.at_position)
      AND EXISTS (SELECT 1 FROM exam_items i WHERE i.exam_id = a.exam_id
                  AND (i.question_id = q.id
                       OR (i.question_id IS NULL AND q.retired = 0
                           AND (coalesce (i.draw_bank_id, 0) = 0 OR q.bank_id = i.draw_bank_id)
                           AND (nullif (i.draw_module, '') IS NULL OR q.module = i.draw_module)
                           AND (nullif (i.draw_category, '') IS NULL OR q.category = i.draw_category)
                           AND (nullif (i.draw_type, '') IS NULL OR q.type = i.draw_type)
                           AND q.difficulty BETWEEN CASE WHEN coalesce (i.draw_min_difficulty, 0) > 0
                                                         THEN i.draw_min_difficulty ELSE 1 END
                                                AND CASE WHEN coalesce (i.draw_max_difficulty, 0) > 0
                                                         THEN i.draw_max_difficulty ELSE 5 END))))
$$;

-- A trainee's own attempts and answers (a key reader, and those who see
-- the training results, see everyone's): another trainee's right answers
-- would be a key. A trainee starts an attempt of their own, in progress,
-- and writes its answers while it is; only kefu_submit_attempt() (running
-- as kefu_owner) and a key reader grade.
ALTER TABLE attempts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS kefu_own_attempts ON attempts;
CREATE POLICY kefu_own_attempts ON attempts
  USING (user_id = (SELECT kefu_my_user_id ())
         OR (SELECT kefu_in_group (ARRAY['kefu_trainer', 'kefu_supervisor', 'kefu_manager', 'kefu_admin']))
         OR (SELECT kefu_reads_keys ()) OR current_user = 'kefu_owner')
  WITH CHECK ((user_id = (SELECT kefu_my_user_id ()) AND state = 'in_progress' AND score IS NULL AND passed IS NULL)
              OR (SELECT kefu_reads_keys ()) OR current_user = 'kefu_owner');
ALTER TABLE attempt_answers ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS kefu_own_attempts ON attempt_answers;
CREATE POLICY kefu_own_attempts ON attempt_answers
  USING (EXISTS (SELECT 1 FROM attempts a WHERE a.id = attempt_id))
  WITH CHECK ((SELECT kefu_reads_keys ()) OR current_user = 'kefu_owner'
              OR (score IS NULL AND correct IS NULL
                  AND EXISTS (SELECT 1 FROM attempts a WHERE a.id = attempt_id AND a.state = 'in_progress'
                              AND a.user_id = (SELECT kefu_my_user_id ()))));
-- and a new row is one of the paper, as the desk lays it out: no other
-- question, nor other points (an UPDATE may not change these columns, so
-- only an INSERT is checked: a question retired since stays answerable)
DROP POLICY IF EXISTS kefu_on_paper ON attempt_answers;
CREATE POLICY kefu_on_paper ON attempt_answers AS RESTRICTIVE FOR INSERT
  WITH CHECK ((SELECT kefu_reads_keys ()) OR current_user = 'kefu_owner'
              OR kefu_on_paper (attempt_id, question_id, position, max_score));

-- 360° reviews and the trainees' surveys -------------------------------------

-- Whom the caller may see in People (kefu_people_may_see()): themselves,
-- the members of a staff group they lead, everyone for trainers and
-- managers (Kefu's develop_people but supervisors, who see their team)
CREATE OR REPLACE FUNCTION kefu_may_see_person (person bigint) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT person = kefu_my_user_id ()
      OR kefu_in_group (ARRAY['kefu_trainer', 'kefu_manager'])
      OR EXISTS (SELECT 1 FROM staff_groups g JOIN staff_group_members m ON m.group_id = g.id
                 WHERE g.leader_id = kefu_my_user_id () AND m.user_id = person)
$$;

-- whether the caller may see review @round's result (its person's), was
-- asked as its peer, and how many peers have answered (the peers' totals
-- are shown from three answers on, KEFU_REVIEW_MIN_PEERS)
CREATE OR REPLACE FUNCTION kefu_review_sees (round bigint) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM review_rounds r WHERE r.id = round AND kefu_may_see_person (r.user_id))
$$;
CREATE OR REPLACE FUNCTION kefu_review_asked_me (round bigint) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM review_peers p WHERE p.round_id = round AND p.peer_id = kefu_my_user_id ())
$$;
CREATE OR REPLACE FUNCTION kefu_review_person (round bigint) RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.user_id FROM review_rounds r WHERE r.id = round
$$;
CREATE OR REPLACE FUNCTION kefu_review_answered (round bigint) RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT count (*) FROM review_peers p WHERE p.round_id = round AND p.answered <> 0
$$;

-- A round is seen by whoever may see its person and by the peers asked;
-- it is started by a supervisor (their team), trainer or manager, as
-- themselves. The scores of the person (self) and of supervisors are seen
-- with the round's result; each writes only their own, as what they are.
-- The peers' totals are written only by kefu_review_peer_answer() (server
-- migration 36) and read with the result from three answers on; a peer
-- sees that they were asked, not what the others gave.
-- (The policies name the groups: kefu_owner, which runs the SECURITY
-- DEFINER functions that read these tables for a policy, has its own,
-- so that no policy's function calls itself through another.)
ALTER TABLE review_rounds ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS kefu_owner_all ON review_rounds;
CREATE POLICY kefu_owner_all ON review_rounds TO kefu_owner USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS kefu_reviews ON review_rounds;
CREATE POLICY kefu_reviews ON review_rounds FOR SELECT
  TO kefu_agent, kefu_dispatcher, kefu_supervisor, kefu_trainer, kefu_manager, kefu_admin
  USING (kefu_may_see_person (user_id) OR kefu_review_asked_me (id));
DROP POLICY IF EXISTS kefu_reviews_start ON review_rounds;
CREATE POLICY kefu_reviews_start ON review_rounds FOR INSERT
  TO kefu_supervisor, kefu_trainer, kefu_manager
  WITH CHECK (kefu_may_see_person (user_id) AND created_by = kefu_my_user_id ());
ALTER TABLE review_peers ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS kefu_owner_all ON review_peers;
CREATE POLICY kefu_owner_all ON review_peers TO kefu_owner USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS kefu_reviews ON review_peers;
CREATE POLICY kefu_reviews ON review_peers FOR SELECT
  TO kefu_agent, kefu_dispatcher, kefu_supervisor, kefu_trainer, kefu_manager, kefu_admin
  USING (kefu_review_sees (round_id) OR peer_id = kefu_my_user_id ());
DROP POLICY IF EXISTS kefu_reviews_start ON review_peers;
CREATE POLICY kefu_reviews_start ON review_peers FOR INSERT
  TO kefu_supervisor, kefu_trainer, kefu_manager
  WITH CHECK (kefu_review_sees (round_id));
DROP POLICY IF EXISTS kefu_reviews_answer ON review_peers;
ALTER TABLE review_scores ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS kefu_reviews ON review_scores;
CREATE POLICY kefu_reviews ON review_scores FOR SELECT
  TO kefu_agent, kefu_dispatcher, kefu_supervisor, kefu_trainer, kefu_manager, kefu_admin
  USING (kefu_review_sees (round_id));
DROP POLICY IF EXISTS kefu_reviews_answer ON review_scores;
CREATE POLICY kefu_reviews_answer ON review_scores FOR INSERT
  TO kefu_agent, kefu_dispatcher, kefu_supervisor, kefu_trainer, kefu_manager, kefu_admin
  WITH CHECK (rater_id = kefu_my_user_id ()
              AND ((rater_kind = 'self' AND kefu_review_person (round_id) = rater_id)
                   OR (rater_kind = 'supervisor' AND kefu_review_person (round_id) <> rater_id
                       AND kefu_in_group (ARRAY['kefu_supervisor', 'kefu_trainer', 'kefu_manager'])
                       AND kefu_review_sees (round_id))));
DROP POLICY IF EXISTS kefu_reviews_again ON review_scores;
CREATE POLICY kefu_reviews_again ON review_scores FOR UPDATE
  TO kefu_agent, kefu_dispatcher, kefu_supervisor, kefu_trainer, kefu_manager, kefu_admin
  USING (rater_id = kefu_my_user_id ())
  WITH CHECK (rater_id = kefu_my_user_id ());
ALTER TABLE review_peer_totals ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS kefu_owner_all ON review_peer_totals;
CREATE POLICY kefu_owner_all ON review_peer_totals TO kefu_owner USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS kefu_reviews ON review_peer_totals;
CREATE POLICY kefu_reviews ON review_peer_totals FOR SELECT
  TO kefu_agent, kefu_dispatcher, kefu_supervisor, kefu_trainer, kefu_manager, kefu_admin
  USING (kefu_review_sees (round_id) AND kefu_review_answered (round_id) >= 3);
DROP POLICY IF EXISTS kefu_reviews_answer ON review_peer_totals;

-- A person's SMART goals (kefu-goals.c) are seen as their profile is:
-- by themselves and whoever may see them in People (kefu_may_see_person());
-- set by a supervisor for their team, a trainer or a manager
-- (KEFU_PERMISSION_DEVELOP_PEOPLE), as themselves. Kefu changes no goal;
-- an UPDATE stays within whom one may set goals for. Before, every role
-- read every goal (the grant to all tables below).
ALTER TABLE people_goals ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS kefu_goals ON people_goals;
CREATE POLICY kefu_goals ON people_goals FOR SELECT
  TO kefu_agent, kefu_dispatcher, kefu_supervisor, kefu_trainer, kefu_manager, kefu_admin
  USING (kefu_may_see_person (user_id));
DROP POLICY IF EXISTS kefu_goals_set ON people_goals;
CREATE POLICY kefu_goals_set ON people_goals FOR INSERT
  TO kefu_supervisor, kefu_trainer, kefu_manager
  WITH CHECK (kefu_may_see_person (user_id) AND created_by = kefu_my_user_id ());
DROP POLICY IF EXISTS kefu_goals_change ON people_goals;
CREATE POLICY kefu_goals_change ON people_goals FOR UPDATE
  TO kefu_supervisor, kefu_trainer, kefu_manager
  USING (kefu_may_see_person (user_id))
  WITH CHECK (kefu_may_see_person (user_id));

-- The trainees' reaction surveys, the internal trainers' satisfaction
-- (kefu_trainer_satisfaction()): a member answers their own, once a
-- cohort, under their own name; trainers, supervisors and administrators
-- key in paper forms; those who see training results read them all.
ALTER TABLE cohort_surveys ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS kefu_surveys ON cohort_surveys;
CREATE POLICY kefu_surveys ON cohort_surveys
  USING (user_id = kefu_my_user_id ()
         OR kefu_in_group (ARRAY['kefu_trainer', 'kefu_supervisor', 'kefu_manager', 'kefu_admin']))
  WITH CHECK ((user_id = kefu_my_user_id () AND keyed_by IS NULL
               AND EXISTS (SELECT 1 FROM cohort_members m WHERE m.cohort_id = cohort_surveys.cohort_id
                           AND m.user_id = cohort_surveys.user_id))
              OR kefu_in_group (ARRAY['kefu_trainer', 'kefu_supervisor', 'kefu_admin']));

-- The capability radar's shipped sources ------------------------------------

-- What SQLite's migration 20 gives a new file (kefu-schema.c), given to a
-- new server's empty table (a trainer's own sources are never touched;
-- `kefu-cli migrate` replaces these with the file's own).
INSERT INTO capability_sources (kind, key, family)
SELECT v.kind, v.key, v.family FROM (VALUES
  ('module', 'engineering', 'technical'), ('module', 'digital_tools', 'technical'),
  ('module', 'team_management', 'management'), ('module', 'data_analysis', 'management'),
  ('module', 'value_added', 'management'),
  ('module', 'etiquette', 'communication'), ('module', 'communication', 'communication'),
  ('kpi', 'satisfaction', 'communication'), ('practical', '沟通有效性', 'communication'),
  ('module', 'emergency', 'problem_solving'), ('kpi', 'first_contact_resolution_rate', 'problem_solving'),
  ('practical', '问题解决效率', 'problem_solving'),
  ('exams', 'mean_score', 'learning'), ('exams', 'pass_rate', 'learning'),
  ('module', 'law', 'professionalism'), ('kpi', 'on_time_response_rate', 'professionalism'),
  ('kpi', 'follow_up_rate', 'professionalism'), ('practical', '流程规范性', 'professionalism')) AS v (kind, key, family)
WHERE NOT EXISTS (SELECT 1 FROM capability_sources);

-- Row-level security by estate ---------------------------------------------

ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS kefu_estates ON tickets;
CREATE POLICY kefu_estates ON tickets
  USING ((SELECT kefu_sees_all_estates ()) OR estate_id = ANY ((SELECT kefu_my_estates ())::bigint[]))
  WITH CHECK ((SELECT kefu_sees_all_estates ()) OR estate_id = ANY ((SELECT kefu_my_estates ())::bigint[]));

-- the rows of a ticket: seen with their ticket (the subquery on tickets is
-- itself under the policy above)
DO $$
DECLARE
  tab text;
BEGIN
  FOREACH tab IN ARRAY ARRAY['ticket_events', 'ticket_attachments', 'followups', 'dispatch_moves',
                             'sla_notifications', 'sla_seen', 'incident_reviews'] LOOP
    EXECUTE format ('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tab);
    EXECUTE format ('DROP POLICY IF EXISTS kefu_estates ON %I', tab);
    EXECUTE format ('CREATE POLICY kefu_estates ON %I USING (EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_id)) '
                    'WITH CHECK (EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_id))', tab);
  END LOOP;
END
$$;

-- Grants -------------------------------------------------------------------

DO $$
DECLARE
  everyone text[] := ARRAY['kefu_agent', 'kefu_dispatcher', 'kefu_supervisor', 'kefu_trainer', 'kefu_manager', 'kefu_admin'];
  -- roles that take and work tickets
  desk text[] := ARRAY['kefu_agent', 'kefu_dispatcher', 'kefu_supervisor', 'kefu_manager', 'kefu_admin'];
  -- KEFU_PERMISSION_DISPATCH, EDIT_SLA, TRAIN, DEVELOP_PEOPLE, ERASE_OWNER, VIEW_AUDIT (kefu-user.c)
  dispatch text[] := ARRAY['kefu_dispatcher', 'kefu_supervisor', 'kefu_manager', 'kefu_admin'];
  edit_sla text[] := ARRAY['kefu_supervisor', 'kefu_manager', 'kefu_admin'];
  train text[] := ARRAY['kefu_trainer', 'kefu_supervisor', 'kefu_admin'];
  -- (develop_people is not an administrator's: kefu-user.c)
  develop text[] := ARRAY['kefu_supervisor', 'kefu_trainer', 'kefu_manager'];
  erase text[] := ARRAY['kefu_manager', 'kefu_admin'];
  view_audit text[] := ARRAY['kefu_supervisor', 'kefu_admin'];
  -- what each group may write: {groups, tables, privileges}
  tab text;
  g text;
  r record;
BEGIN
  -- nothing by default, then what each may
  FOREACH g IN ARRAY everyone || ARRAY['kefu_owner'] LOOP
    EXECUTE format ('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', g);
    EXECUTE format ('GRANT USAGE ON SCHEMA public TO %I', g);
  END LOOP;
  REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;

  -- reading: every table but the guarded ones
  FOR tab IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v')
               AND c.relname NOT IN ('owners', 'tickets', 'users', 'audit_log', 'audit_log_by_login',
                                     'ticket_search', 'kefu_person_estates', 'cli_sessions',
                                     'questions', 'questions_open', 'key_corrections') LOOP
    EXECUTE format ('GRANT SELECT ON %I TO %s', tab, array_to_string (everyone, ', '));
  END LOOP;
  -- every column but the phones and the secrets
  EXECUTE format ('GRANT SELECT (id, name, preferred_channel, note, created_at, name_pinyin, name_initials) '
                  'ON owners TO %s', array_to_string (everyone, ', '));
  EXECUTE format ('GRANT SELECT (id, login, name, role, title, active, created_at) ON users TO %s',
                  array_to_string (everyone, ', '));
  SELECT string_agg (quote_ident (attname), ', ' ORDER BY attnum) AS cols INTO r
    FROM pg_attribute WHERE attrelid = 'tickets'::regclass AND attnum > 0 AND NOT attisdropped
      AND attname <> 'contact_phone';
  EXECUTE format ('GRANT SELECT (%s) ON tickets TO %s', r.cols, array_to_string (everyone, ', '));
  EXECUTE format ('GRANT SELECT ON audit_log, audit_log_by_login TO %s', array_to_string (view_audit, ', '));
  -- the answer keys: every column of questions but the key's to everyone,
  -- the whole row to the key readers; the others read the keys they may
  -- see through questions_open (kefu_sees_key())
  SELECT string_agg (quote_ident (attname), ', ' ORDER BY attnum) AS cols INTO r
    FROM pg_attribute WHERE attrelid = 'questions'::regclass AND attnum > 0 AND NOT attisdropped
      AND attname NOT IN ('answer', 'explanation', 'option_weights', 'option_feedback');
  EXECUTE format ('GRANT SELECT (%s) ON questions TO %s', r.cols, array_to_string (everyone, ', '));
  EXECUTE format ('GRANT SELECT ON questions, key_corrections TO %s', array_to_string (train, ', '));
  -- the search index: written through kefu_search_index(), read through kefu_search_ticket_ids()
  EXECUTE format ('GRANT SELECT (id) ON ticket_search TO %s', array_to_string (desk, ', '));

  -- writing, by right
  FOR r IN SELECT * FROM (VALUES
      -- everyone: their own views, their training
      (everyone, ARRAY['user_views', 'practice_queue'], 'INSERT, UPDATE, DELETE'),
      (everyone, ARRAY['exam_notices', 'cohort_surveys', 'training_evaluations'], 'INSERT, UPDATE'),
      (train, ARRAY['attempts', 'attempt_answers'], 'INSERT, UPDATE'),
      -- intake and follow-up; the KPI roll-ups follow every ticket change
      (desk, ARRAY['tickets', 'owners', 'followups', 'sla_notifications', 'sla_seen'], 'INSERT, UPDATE'),
      (desk, ARRAY['ticket_events'], 'INSERT'),
      -- the case library: kept by those who train (kefu-cases.c), read by all
      (train, ARRAY['cases'], 'INSERT, UPDATE'),
      (train, ARRAY['case_links'], 'INSERT'),
      (desk, ARRAY['ticket_attachments', 'owner_units', 'owner_tags', 'kpi_daily', 'kpi_daily_by',
                   'kpi_daily_complaints', 'kpi_daily_agents', 'kpi_carry', 'kpi_dirty'], 'INSERT, UPDATE, DELETE'),
      (dispatch, ARRAY['dispatch_moves', 'contractor_scores'], 'INSERT, UPDATE'),
      (dispatch, ARRAY['teams', 'technicians', 'technician_teams', 'technician_buildings', 'shifts',
                       'shift_exceptions', 'dispatch_rules'], 'INSERT, UPDATE, DELETE'),
      (edit_sla, ARRAY['sla_policies', 'estates', 'buildings', 'units', 'common_areas'], 'INSERT, UPDATE'),
      (edit_sla, ARRAY['calendars', 'calendar_days', 'settings'], 'INSERT, UPDATE, DELETE'),
      (edit_sla, ARRAY['incident_reviews'], 'INSERT, UPDATE'),
      (train, ARRAY['question_banks', 'questions', 'training_module_aliases', 'capability_sources', 'cohorts',
                    'cohort_members', 'cohort_sessions', 'cohort_observations', 'session_attendance',
                    'staff_groups', 'staff_group_members'], 'INSERT, UPDATE, DELETE'),
      (train, ARRAY['courses', 'exams', 'exam_items', 'exam_assignments', 'exam_group_assignments', 'assessments',
                    'assessment_criteria', 'assessment_scores', 'key_corrections', 'score_changes', 'certificates',
                    'cohort_ledger', 'cohort_checkpoints'], 'INSERT, UPDATE'),
      -- a practical's scenario criteria, panel, external raters, sheets,
      -- decisions and score history (kefu-assessment.c), by those who
      -- train or rate (a manager rates: KEFU_PERMISSION_RATE_PRACTICAL);
      -- whose rows, the policies of server migration 42
      (train || develop, ARRAY['scenario_criteria'], 'INSERT, UPDATE, DELETE'),
      (train || develop, ARRAY['assessment_panel', 'assessment_external_raters', 'assessment_external_scores',
                    'assessment_decisions', 'assessment_score_history'], 'INSERT, UPDATE'),
      (develop, ARRAY['people_goals', 'assessment_scores'], 'INSERT, UPDATE'),
      -- a 360° round and the peers asked (the peers' answers: kefu_review_peer_answer())
      (develop, ARRAY['review_rounds', 'review_peers'], 'INSERT'),
      (erase, ARRAY['owner_erasures'], 'INSERT, UPDATE')) AS w (groups, tabs, privs) LOOP
    FOREACH tab IN ARRAY r.tabs LOOP
      EXECUTE format ('GRANT %s ON %I TO %s', r.privs, tab, array_to_string (r.groups, ', '));
    END LOOP;
  END LOOP;
  -- a trainee starts an attempt and answers it; the grade is kefu_submit_attempt()'s
  EXECUTE format ('GRANT INSERT (exam_id, user_id, state, seed, started_at, deadline_at, paper_version) ON attempts TO %s',
                  array_to_string (everyone, ', '));
  -- the paper's rows: the server draws them (kefu_draw_paper(), server
  -- migration 36); before it, the desk wrote them (kefu_on_paper())
  IF to_regprocedure ('kefu_draw_paper(bigint)') IS NULL THEN
    EXECUTE format ('GRANT INSERT (attempt_id, position, question_id, option_order, max_score) ON attempt_answers TO %s',
                    array_to_string (everyone, ', '));
  END IF;
  EXECUTE format ('GRANT UPDATE (answer, answered_at, flagged) ON attempt_answers TO %s', array_to_string (everyone, ', '));
  -- one's own 360° scores, as the person or a supervisor (row-level security)
  EXECUTE format ('GRANT INSERT, UPDATE (score) ON review_scores TO %s', array_to_string (everyone, ', '));
  -- a desk reads back the id its INSERT drew (lastval(), kefu_query_last_id()):
  -- SELECT on a sequence allows currval/lastval only, not nextval or setval
  EXECUTE format ('GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO %s', array_to_string (everyone, ', '));
  -- an erasure blanks owners' and tickets' personal columns
  EXECUTE format ('GRANT UPDATE ON owners, tickets TO %s', array_to_string (erase, ', '));

  -- the functions' owner: what they read and write
  GRANT SELECT, INSERT ON audit_log TO kefu_owner;
  GRANT SELECT, INSERT, UPDATE ON users TO kefu_owner;
  GRANT SELECT, INSERT, DELETE ON kefu_person_estates TO kefu_owner;
  GRANT SELECT ON tickets, owners, ticket_search TO kefu_owner;
  GRANT SELECT ON questions, exams, exam_items, exam_assignments TO kefu_owner;   -- kefu_draw_paper()
  GRANT SELECT, UPDATE ON attempts, attempt_answers TO kefu_owner;
  GRANT INSERT ON attempt_answers TO kefu_owner;
  GRANT SELECT ON review_rounds, staff_groups, staff_group_members TO kefu_owner;
  GRANT SELECT, UPDATE ON review_peers TO kefu_owner;
  GRANT SELECT, INSERT, UPDATE ON review_peer_totals TO kefu_owner;
  GRANT SELECT, INSERT, UPDATE ON practice_queue TO kefu_owner;
  GRANT INSERT, UPDATE ON ticket_search TO kefu_owner;
  IF to_regclass ('kefu_ticket_numbers') IS NOT NULL THEN   -- server migration 30
    GRANT SELECT, INSERT, UPDATE ON kefu_ticket_numbers TO kefu_owner;
  END IF;
  -- an owner's erasure (kefu_erase_owner(), server migration 45): the
  -- timeline's rewrite is let through by its trigger for this function only
  IF to_regprocedure ('kefu_erase_owner(bigint,text,text)') IS NOT NULL THEN
    GRANT UPDATE ON owners, tickets TO kefu_owner;
    GRANT SELECT, UPDATE ON ticket_events TO kefu_owner;
    GRANT SELECT, DELETE ON ticket_attachments, owner_tags, owner_units TO kefu_owner;
    GRANT SELECT, INSERT, UPDATE ON owner_erasures TO kefu_owner;
  END IF;

  -- everything the rights file made belongs to kefu_owner
  FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND p.proname LIKE 'kefu\_%' LOOP
    EXECUTE format ('ALTER FUNCTION %s OWNER TO kefu_owner', r.f);
  END LOOP;
  ALTER VIEW owners_masked OWNER TO kefu_owner;
  ALTER VIEW tickets_masked OWNER TO kefu_owner;
  ALTER VIEW audit_log_by_login OWNER TO kefu_owner;
  ALTER VIEW questions_open OWNER TO kefu_owner;
  -- the REVOKE above took back the owner's own rights on these views when
  -- they were already its own (this file run again: every upgrade); as on
  -- a new server, where its first GRANT gives the owner them
  GRANT ALL ON owners_masked, tickets_masked, audit_log_by_login, questions_open TO kefu_owner;
  EXECUTE format ('GRANT SELECT ON questions_open TO %s', array_to_string (everyone, ', '));
  EXECUTE format ('GRANT SELECT ON owners_masked, tickets_masked TO %s', array_to_string (everyone, ', '));

  -- who may call what
  FOREACH g IN ARRAY ARRAY['kefu_audit_append(text,text,bigint,text)', 'kefu_search_ticket_ids(text,integer)',
                           'kefu_reveal_phone(bigint,text)', 'kefu_mask_phone(text)', 'kefu_search_phone_tokens(text)', 'kefu_my_estates()',
                           'kefu_sees_all_estates()', 'kefu_my_user_id()', 'kefu_audit_hash(text,bigint,bigint,bigint,text,text,bigint,text)',
                           'kefu_submit_attempt(bigint,bigint)', 'kefu_reads_keys()', 'kefu_sees_key(bigint)',
                           'kefu_in_group(text[])', 'kefu_answer_normalize(text)',
                           'kefu_on_paper(bigint,bigint,bigint,double precision)',
                           'kefu_change_own_password(text,text)', 'kefu_may_see_person(bigint)',
                           'kefu_review_sees(bigint)', 'kefu_review_asked_me(bigint)', 'kefu_review_person(bigint)',
                           'kefu_review_answered(bigint)'] LOOP
    EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO %s', g, array_to_string (everyone, ', '));
  END LOOP;
  -- what the triggers of server migration 27 call as the person who writes
  FOREACH g IN ARRAY ARRAY['kefu_loading()', 'kefu_kpi_mark_repeats(tickets)'] LOOP
    IF to_regprocedure (g) IS NOT NULL THEN
      EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO %s', g, array_to_string (everyone, ', '));
    END IF;
  END LOOP;
  EXECUTE format ('GRANT EXECUTE ON FUNCTION kefu_grade_answer(bigint,text,text) TO %s', array_to_string (train, ', '));
  FOREACH g IN ARRAY ARRAY['kefu_create_person(text,text,text,text,bigint[],text)', 'kefu_set_person_active(text,boolean)',
                           'kefu_set_person_role(text,text)', 'kefu_set_person_estates(text,bigint[])',
                           'kefu_person_estates_of(text)',
                           'kefu_create_checker(text,text)', 'kefu_set_person_password(text,text)'] LOOP
    EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO kefu_admin', g);
  END LOOP;
  EXECUTE format ('GRANT EXECUTE ON FUNCTION kefu_search_index(bigint,text,text,text), kefu_owner_ids_by_phone(text) '
                  'TO %s', array_to_string (desk, ', '));
  -- the server's draw of a paper and a peer's 360° answer (server migration 36)
  FOREACH g IN ARRAY ARRAY['kefu_draw_paper(bigint)',
                           'kefu_review_peer_answer(bigint,bigint,double precision,double precision,double precision,'
                           'double precision,double precision)'] LOOP
    IF to_regprocedure (g) IS NOT NULL THEN
      EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO %s', g, array_to_string (everyone, ', '));
    END IF;
  END LOOP;
  -- the training tables' policies (server migrations 42 and 47) run them as the reader
  FOREACH g IN ARRAY ARRAY['kefu_sees_training_results()', 'kefu_is_me(bigint)', 'kefu_sees_training_of(bigint)',
                           'kefu_runs_training()', 'kefu_training_people()'] LOOP
    IF to_regprocedure (g) IS NOT NULL THEN
      EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO %s', g, array_to_string (everyone, ', '));
    END IF;
  END LOOP;
  -- an owner's erasure (server migration 45): callable by every role, so
  -- that one without KEFU_PERMISSION_ERASE_OWNER (managers, administrators)
  -- hears why (KF030, the desk's own sentence) rather than "permission denied"
  IF to_regprocedure ('kefu_erase_owner(bigint,text,text)') IS NOT NULL THEN
    EXECUTE format ('GRANT EXECUTE ON FUNCTION kefu_erase_owner(bigint,text,text) TO %s', array_to_string (everyone, ', '));
  END IF;
  -- its request committed first, then carried out (server migration 49)
  IF to_regprocedure ('kefu_erase_owner_request(bigint)') IS NOT NULL THEN
    EXECUTE format ('GRANT EXECUTE ON FUNCTION kefu_erase_owner_request(bigint), '
                    'kefu_erase_owner(bigint,text,text,bigint) TO %s', array_to_string (everyone, ', '));
  END IF;
  -- a search's first page (server migration 34): whoever may search
  IF to_regprocedure ('kefu_search_first_ids(text,boolean,integer)') IS NOT NULL THEN
    EXECUTE format ('GRANT EXECUTE ON FUNCTION kefu_search_first_ids(text,boolean,integer) TO %s',
                    array_to_string (everyone, ', '));
  END IF;
  -- a new ticket's number (server migration 30): every desk that logs tickets
  IF to_regprocedure ('kefu_next_ticket_number(text)') IS NOT NULL THEN
    EXECUTE format ('GRANT EXECUTE ON FUNCTION kefu_next_ticket_number(text) TO %s', array_to_string (desk, ', '));
    -- and an imported file's own numbers (kefu-import-tickets.c)
    EXECUTE format ('GRANT EXECUTE ON FUNCTION kefu_claim_ticket_number(text) TO %s', array_to_string (desk, ', '));
  END IF;

  -- The SLA checker (`kefu-cli sla check --notify`): reads the clocks
  -- (tickets without the contact phone, policies, calendars, the
  -- timeline's calls, review reports, what was notified), writes the
  -- once-only record (sla_notifications), the timeline's sla and
  -- escalation events (each audited by the SECURITY DEFINER trigger of
  -- server migration 27, never by the checker itself), each ticket's due
  -- moments and the KPI roll-up's dirty days their change marks; nothing
  -- else: no phones, no owners, no people, no audit log of its own.
  REVOKE ALL ON ALL TABLES IN SCHEMA public FROM kefu_sla_checker;
  GRANT USAGE ON SCHEMA public TO kefu_sla_checker;
  GRANT SELECT ON kefu_schema_version, settings, sla_policies, calendars, calendar_days, estates,
                  incident_reviews, ticket_events, sla_notifications TO kefu_sla_checker;
  SELECT string_agg (quote_ident (attname), ', ' ORDER BY attnum) AS cols INTO r
    FROM pg_attribute WHERE attrelid = 'tickets'::regclass AND attnum > 0 AND NOT attisdropped
      AND attname <> 'contact_phone';
  EXECUTE format ('GRANT SELECT (%s) ON tickets TO kefu_sla_checker', r.cols);
  GRANT UPDATE (sla_policy_id, response_due_at, onsite_due_at, resolution_due_at, followup_due_at, update_due_at,
                review_due_at, next_due_at, next_alert_at, next_warn_at) ON tickets TO kefu_sla_checker;
  GRANT INSERT, UPDATE (notified_at, acknowledged_by, acknowledged_at) ON sla_notifications TO kefu_sla_checker;
  GRANT INSERT ON ticket_events, kpi_dirty TO kefu_sla_checker;
  FOREACH g IN ARRAY ARRAY['kefu_my_estates()', 'kefu_sees_all_estates()', 'kefu_loading()'] LOOP
    IF to_regprocedure (g) IS NOT NULL THEN
      EXECUTE format ('GRANT EXECUTE ON FUNCTION %s TO kefu_sla_checker', g);
    END IF;
  END LOOP;
END
$$;
