-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-49.sql: server migration 49 (#20), beside SQLite's
-- migration 49 (kefu-schema.c, empty there): an owner's erasure request
-- is committed on its own before the erasure, as in a file
-- (kefu_owner_erase() in kefu-privacy.c): an erasure that fails or is cut
-- off still leaves its request recorded ('requested') and audited.
-- * kefu_erase_owner_request (owner) checks what kefu_erase_owner() of
--   migration 45 checked (KF030 not a manager or an administrator, KF031
--   no such owner, KF032 erased already), records the request and its
--   audit entry, and returns its id: the desk commits that transaction.
-- * kefu_erase_owner (owner, marker, erased_name, request) then carries
--   out that request (still 'requested', of that owner: KF033 otherwise)
--   in the caller's transaction, as migration 45's did.
-- * kefu_erase_owner (owner, marker, erased_name) of migration 45 is now
--   both in one transaction (for a call by hand; the desk makes two).
-- Who may call them is in kefu-server-rights.sql.
-- kefu-server-migration: 49

CREATE OR REPLACE FUNCTION kefu_erase_owner_request (owner bigint) RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  request bigint;
BEGIN
  IF NOT kefu_in_group (ARRAY['kefu_manager', 'kefu_admin']) THEN
    RAISE EXCEPTION 'only a manager or an administrator may erase an owner' USING ERRCODE = 'KF030';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM owners o WHERE o.id = owner) THEN
    RAISE EXCEPTION 'no owner %', owner USING ERRCODE = 'KF031', DETAIL = coalesce (owner::text, '');
  END IF;
  IF EXISTS (SELECT 1 FROM owner_erasures e WHERE e.owner_id = owner AND e.state = 'done') THEN
    RAISE EXCEPTION 'owner % was erased already', owner USING ERRCODE = 'KF032', DETAIL = owner::text;
  END IF;
  INSERT INTO owner_erasures (owner_id, requested_at, requested_by, state)
  VALUES (owner, floor (extract (epoch FROM now ()))::bigint, kefu_my_user_id (), 'requested')
  RETURNING id INTO request;
  PERFORM kefu_audit_append ('erase_owner_request', 'owners', owner, 'erasure=' || request);
  RETURN request;
END
$$;

-- @request: kefu_erase_owner_request()'s id, committed. The rest as in
-- migration 45: @marker replaces what is erased in the texts, @erased_name
-- the owner's name; one row: the erasure's id (@request), the owner's
-- tickets, the texts rewritten, the attachments removed, and the ids of
-- every ticket touched (the desk indexes them again).
CREATE OR REPLACE FUNCTION kefu_erase_owner (owner bigint, marker text, erased_name text, request bigint,
                                             OUT erasure_id bigint, OUT tickets bigint, OUT texts bigint,
                                             OUT attachments bigint, OUT ticket_ids bigint[])
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  who_name text;
  who_phone text;
  digits text;
  forms text[] := '{}';
  form text;
  own bigint[];
  found_ids bigint[];
  col text;
  n bigint;
BEGIN
  IF NOT kefu_in_group (ARRAY['kefu_manager', 'kefu_admin']) THEN
    RAISE EXCEPTION 'only a manager or an administrator may erase an owner' USING ERRCODE = 'KF030';
  END IF;
  SELECT o.name, o.phone INTO who_name, who_phone FROM owners o WHERE o.id = owner;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no owner %', owner USING ERRCODE = 'KF031', DETAIL = coalesce (owner::text, '');
  END IF;
  IF EXISTS (SELECT 1 FROM owner_erasures e WHERE e.owner_id = owner AND e.state = 'done') THEN
    RAISE EXCEPTION 'owner % was erased already', owner USING ERRCODE = 'KF032', DETAIL = owner::text;
  END IF;
  IF marker IS NULL OR marker = '' OR erased_name IS NULL OR erased_name = '' THEN
    RAISE EXCEPTION 'an erasure needs its marker and the erased owner''s name' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- the request, recorded and committed before: still to be carried out
  UPDATE owner_erasures e SET state = 'running'
    WHERE e.id = request AND e.owner_id = owner AND e.state = 'requested'
    RETURNING e.id INTO erasure_id;
  IF erasure_id IS NULL THEN
    RAISE EXCEPTION 'no erasure request % waiting for owner %', request, owner
      USING ERRCODE = 'KF033', DETAIL = coalesce (request::text, '');
  END IF;

  -- the forms the phone is written in (phone_forms() in kefu-privacy.c)
  digits := regexp_replace (coalesce (who_phone, ''), '[^0-9]', '', 'g');
  IF length (digits) >= 5 THEN
    forms := ARRAY[digits];
    IF length (digits) = 11 THEN
      forms := forms || (substr (digits, 1, 3) || '-' || substr (digits, 4, 4) || '-' || substr (digits, 8, 4))
                     || (substr (digits, 1, 3) || ' ' || substr (digits, 4, 4) || ' ' || substr (digits, 8, 4));
    END IF;
    IF who_phone <> digits THEN
      forms := forms || who_phone;
    END IF;
  END IF;

  -- the owner's tickets, and those that copied their phone; then those
  -- whose texts or timeline hold the phone (a file finds them through its
  -- index; here they are read, which finds the same and no fewer)
  SELECT coalesce (array_agg (t.id), '{}') INTO own FROM tickets t
    WHERE t.owner_id = owner OR (who_phone IS NOT NULL AND t.contact_phone = who_phone);
  SELECT coalesce (array_agg (t.id), '{}') INTO found_ids FROM tickets t
    WHERE cardinality (forms) > 0 AND NOT t.id = ANY (own)
      AND (EXISTS (SELECT 1 FROM unnest (forms) f
                   WHERE strpos (concat_ws (E'\n', t.location, t.contact_name, t.description, t.followup_comment,
                                            t.hold_reason, t.cancel_reason, t.work_done, t.materials), f) > 0)
           OR EXISTS (SELECT 1 FROM ticket_events e, unnest (forms) f
                      WHERE e.ticket_id = t.id AND strpos (e.body, f) > 0));

  -- their name in their own tickets' texts (a one-character name would
  -- take characters out of other words); their phone wherever it is
  texts := 0;
  IF who_name IS NOT NULL AND char_length (who_name) >= 2 THEN
    forms := ARRAY[who_name] || forms;
  END IF;
  FOREACH form IN ARRAY forms LOOP
    FOREACH col IN ARRAY ARRAY['description', 'followup_comment', 'hold_reason', 'cancel_reason', 'work_done',
                               'materials'] LOOP
      EXECUTE format ('UPDATE tickets SET %1$I = replace (%1$I, $1, $2) WHERE id = ANY ($3) AND strpos (%1$I, $1) > 0',
                      col)
        USING form, marker, CASE WHEN form = who_name THEN own ELSE own || found_ids END;
      GET DIAGNOSTICS n = ROW_COUNT;
      texts := texts + n;
    END LOOP;
    UPDATE ticket_events SET body = replace (body, form, marker)
      WHERE ticket_id = ANY (CASE WHEN form = who_name THEN own ELSE own || found_ids END) AND strpos (body, form) > 0;
    GET DIAGNOSTICS n = ROW_COUNT;
    texts := texts + n;
  END LOOP;

  UPDATE tickets SET contact_name = NULL, contact_phone = NULL WHERE id = ANY (own);
  DELETE FROM ticket_attachments WHERE ticket_id = ANY (own);
  GET DIAGNOSTICS attachments = ROW_COUNT;
  UPDATE owners SET name = erased_name, phone = NULL, note = NULL, preferred_channel = NULL,
                    name_pinyin = NULL, name_initials = NULL WHERE id = owner;
  DELETE FROM owner_tags WHERE owner_id = owner;
  DELETE FROM owner_units WHERE owner_id = owner;

  -- the search index: emptied, the desk writes each row again
  ticket_ids := ARRAY (SELECT DISTINCT unnest (own || found_ids) ORDER BY 1);
  UPDATE ticket_search SET body = '' WHERE id = ANY (ticket_ids);
  tickets := cardinality (own);

  UPDATE owner_erasures SET state = 'done', completed_at = floor (extract (epoch FROM now ()))::bigint
    WHERE id = erasure_id;
  PERFORM kefu_audit_append ('erase_owner_done', 'owners', owner,
                             format ('erasure=%s tickets=%s texts=%s attachments=%s', erasure_id, tickets, texts,
                                     attachments));
END
$$;

-- Both in one transaction, as migration 45 made it (a call by hand)
CREATE OR REPLACE FUNCTION kefu_erase_owner (owner bigint, marker text, erased_name text,
                                             OUT erasure_id bigint, OUT tickets bigint, OUT texts bigint,
                                             OUT attachments bigint, OUT ticket_ids bigint[])
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF marker IS NULL OR marker = '' OR erased_name IS NULL OR erased_name = '' THEN
    RAISE EXCEPTION 'an erasure needs its marker and the erased owner''s name' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT e.erasure_id, e.tickets, e.texts, e.attachments, e.ticket_ids
    INTO erasure_id, tickets, texts, attachments, ticket_ids
    FROM kefu_erase_owner (owner, marker, erased_name, kefu_erase_owner_request (owner)) e;
END
$$;
