/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-desk-lifecycle.c — logging tickets and moving them through their lifecycle
 *
 * Each operation is one transaction that checks the rule (kefu-lifecycle.c),
 * updates the ticket and its milestones, writes the timeline event under
 * the acting user, and keeps the search index current.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-enums.h"
#include "kefu-certificate.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-desk-lifecycle-private.h"
#include "kefu-ticket-seen.h"
#include "kefu-search.h"
#include "kefu-sla.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

#define add_event kefu_intake_add_event

/* The first response of a step taken at @NOW: a call, a dispatch or a
 * status change answers levels 2 and 3; level 1's is its emergency plan
 * (kefu_desk_start_plan). */
#define KEFU_RESPONSE_AT(NOW) \
  "CASE WHEN level = 1 THEN first_response_at ELSE coalesce(first_response_at, " NOW ") END"

gboolean
kefu_intake_add_event (KefuStore   *store,
                       gint64       ticket_id,
                       gint64       at,
                       const char  *kind,
                       const char  *from,
                       const char  *to,
                       const char  *body,
                       GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "INSERT INTO ticket_events (ticket_id, at, user_id, kind, from_status, to_status, body) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, ticket_id);
  kefu_query_bind_int (stmt, 2, at);
  kefu_query_bind_id (stmt, 3, kefu_store_get_actor (store));
  kefu_query_bind_text (stmt, 4, kind);
  kefu_query_bind_text_or_null (stmt, 5, from);
  kefu_query_bind_text_or_null (stmt, 6, to);
  kefu_query_bind_text_or_null (stmt, 7, body);
  return kefu_query_run (store, stmt, error);
}

/* The ticket's state as the rules need it. */
void
kefu_ticket_state_clear (KefuTicketState *s)
{
  g_clear_pointer (&s->number, g_free);
  g_clear_pointer (&s->status, g_free);
  g_clear_pointer (&s->held_from, g_free);
  g_clear_pointer (&s->technician_name, g_free);
}

gboolean
kefu_ticket_read_state (KefuStore       *store,
                        gint64           ticket_id,
                        KefuTicketState *s,
                        GError         **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT t.number, t.status, t.held_from, t.level, t.created_by, t.verified_by, "
      "       coalesce(t.team_id, 0), coalesce(t.technician_id, 0), tc.name, "
      "       t.dispatched_at, t.accepted_at, t.first_response_at, t.on_hold_since "
      "FROM tickets t LEFT JOIN technicians tc ON tc.id = t.technician_id WHERE t.id = ?1", error);
  KefuQueryStep rc;

  /* the version the user saw, first (a stale one is refused) */
  if (stmt == NULL || !kefu_ticket_check_seen (store, ticket_id, error))
    return FALSE;
  kefu_query_bind_int (stmt, 1, ticket_id);
  rc = kefu_query_step (store, stmt, error);
  if (rc != KEFU_QUERY_ROW)
    {
      if (rc == KEFU_QUERY_DONE)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                     _("Ticket %lld no longer exists."), (long long) ticket_id);
      return FALSE;
    }
  s->number = g_strdup (kefu_query_get_text (stmt, 0));
  s->status = g_strdup (kefu_query_get_text (stmt, 1));
  s->held_from = g_strdup (kefu_query_get_text (stmt, 2));
  s->level = kefu_query_get_int (stmt, 3);
  s->created_by = kefu_query_get_int (stmt, 4);
  s->verified_by = kefu_query_get_int (stmt, 5);
  s->team_id = kefu_query_get_int (stmt, 6);
  s->technician_id = kefu_query_get_int (stmt, 7);
  s->technician_name = g_strdup (kefu_query_get_text (stmt, 8));
  s->dispatched_at = kefu_query_get_int (stmt, 9);
  s->accepted_at = kefu_query_get_int (stmt, 10);
  s->first_response_at = kefu_query_get_int (stmt, 11);
  s->on_hold_since = kefu_query_get_int (stmt, 12);
  return TRUE;
}

static gboolean
illegal_move (const KefuTicketState *s,
              const char  *to,
              GError     **error)
{
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
               _("Ticket %s is “%s” and cannot become “%s”."), s->number,
               kefu_code_label (KEFU_CODES_STATUS, s->status), kefu_code_label (KEFU_CODES_STATUS, to));
  return FALSE;
}

/* One statement per milestone column keeps the SQL fixed and cached. */
static gboolean
set_status (KefuStore   *store,
            gint64       ticket_id,
            const char  *status,
            const char  *milestone,   /* column to stamp with now, or NULL */
            gint64       now,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE tickets SET status = ?1, updated_at = ?2, "
                                          "first_response_at = " KEFU_RESPONSE_AT ("?2") "%s%s%s "
                                          "WHERE id = ?3",
                                          milestone ? ", " : "", milestone ? milestone : "",
                                          milestone ? " = ?2" : "");
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, status);
  kefu_query_bind_int (stmt, 2, now);
  kefu_query_bind_int (stmt, 3, ticket_id);
  return kefu_query_run (store, stmt, error);
}

static gboolean
finish (KefuStore  *store,
        gboolean    ok,
        GError    **error)
{
  if (!ok)
    {
      kefu_store_rollback (store);
      return FALSE;
    }
  return kefu_store_commit (store, error);
}

/* @error: the owner's phone could not be read (a server away, #20): the
 * contact is then counted missing, and the caller who saves says why */
static KefuFacts
draft_missing (KefuStore              *store,
               const KefuTicketDraft  *d,
               GError                **error)
{
  KefuFacts missing = 0;
  gboolean common = d->unit_id <= 0 && d->common_area != NULL && *d->common_area != '\0';
  g_autofree char *desc = g_strstrip (g_strdup (d->description != NULL ? d->description : ""));
  g_autofree char *phone = g_strstrip (g_strdup (d->contact_phone != NULL ? d->contact_phone : ""));

  if (d->building_id <= 0 && !common)
    missing |= KEFU_FACT_ADDRESS;
  if (d->unit_id <= 0 && !common)
    missing |= KEFU_FACT_UNIT;
  if (*desc == '\0')
    missing |= KEFU_FACT_NEED;
  if (d->level < 1 || d->level > 3)
    missing |= KEFU_FACT_URGENCY;
  if (*phone == '\0' && d->owner_id > 0)
    {
      /* (masked on a server signed in as a person, #20: as telling) */
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, kefu_store_masks_phones (store)
                                                           ? "SELECT nullif(phone, '') FROM owners_masked WHERE id = ?1"
                                                           : "SELECT phone FROM owners WHERE id = ?1", error);
      if (stmt != NULL)
        {
          kefu_query_bind_int (stmt, 1, d->owner_id);
          if (kefu_query_step (store, stmt, error) == KEFU_QUERY_ROW && kefu_query_get_text (stmt, 0) != NULL)
            {
              g_free (phone);
              phone = g_strdup (kefu_query_get_text (stmt, 0));
            }
        }
    }
  if (*phone == '\0')
    missing |= KEFU_FACT_CONTACT;
  return missing;
}

KefuFacts
kefu_draft_missing_facts (KefuStore             *store,
                          const KefuTicketDraft *d)
{
  return draft_missing (store, d, NULL);
}

/* GD + the local date + the day's sequence: GD202611250007. On a file,
 * the day's highest + 1 (one writer at a time); on a server the day's
 * counter row (kefu_next_ticket_number(), server migration 30), locked
 * until this transaction ends: desks saving at once, or seeing other
 * estates' tickets not at all, never take the same number. */
static char *
next_number (KefuStore  *store,
             gint64      now,
             GError    **error)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *prefix = g_date_time_format (local, "GD%Y%m%d");
  KEFU_AUTO_QUERY *stmt = NULL;
  guint64 seq = 0;

  if (kefu_store_is_server (store))
    {
      stmt = kefu_query_prepare (store, "SELECT kefu_next_ticket_number(?1)", error);
      if (stmt == NULL)
        return NULL;
      kefu_query_bind_text (stmt, 1, prefix);
      switch (kefu_query_step (store, stmt, error))
        {
        case KEFU_QUERY_ROW:
          return g_strdup (kefu_query_get_text (stmt, 0));
        case KEFU_QUERY_DONE:
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL,
                       "kefu_next_ticket_number(%s) gave no number", prefix);
          return NULL;
        default:
          return NULL;
        }
    }
  stmt = kefu_query_prepare (store, "SELECT max(number) FROM tickets WHERE substr(number, 1, 10) = ?1", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_text (stmt, 1, prefix);
  if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW && kefu_query_get_text (stmt, 0) != NULL)
    g_ascii_string_to_unsigned (kefu_query_get_text (stmt, 0) + 10, 10, 0, G_MAXUINT32, &seq, NULL);
  return g_strdup_printf ("%s%04u", prefix, (guint) seq + 1);
}

static char *
location_text (KefuStore             *store,
               const KefuTicketDraft *d)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *building = NULL;
  g_autofree char *unit = NULL;

  if (d->building_id > 0)
    {
      stmt = kefu_query_prepare (store, "SELECT name FROM buildings WHERE id = ?1", NULL);
      kefu_query_bind_int (stmt, 1, d->building_id);
      if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
        building = g_strdup (kefu_query_get_text (stmt, 0));
      kefu_query_reset (stmt);
    }
  if (d->unit_id > 0)
    {
      KEFU_AUTO_QUERY *u = kefu_query_prepare (store, "SELECT name FROM units WHERE id = ?1", NULL);
      kefu_query_bind_int (u, 1, d->unit_id);
      if (kefu_query_step (store, u, NULL) == KEFU_QUERY_ROW)
        unit = g_strdup (kefu_query_get_text (u, 0));
      return g_strconcat (building ? building : "", unit ? unit : "", NULL);
    }
  if (building != NULL)
    return g_strdup_printf ("%s %s", building, d->common_area);
  return g_strdup (d->common_area);
}

static gint64
estate_of (KefuStore *store,
           gint64     building_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT coalesce((SELECT estate_id FROM buildings WHERE id = ?1), (SELECT min(id) FROM estates))", NULL);

  if (stmt == NULL)
    return 0;
  kefu_query_bind_int (stmt, 1, building_id);
  if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    return kefu_query_get_int (stmt, 0);
  return 0;
}

/* The ticket an intake's client key saved (schema 31): its id, 0 when
 * none (or none the user may see, on a server), -1 with @error */
static gint64
ticket_by_key (KefuStore   *store,
               const char  *key,
               GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT id FROM tickets WHERE client_key = ?1", error);

  if (stmt == NULL)
    return -1;
  kefu_query_bind_text (stmt, 1, key);
  switch (kefu_query_step (store, stmt, error))
    {
    case KEFU_QUERY_ROW:
      return kefu_query_get_int (stmt, 0);
    case KEFU_QUERY_DONE:
      return 0;
    default:
      return -1;
    }
}

/* Logs a new ticket. The acting user becomes its first-contact agent
 * (首问负责制) for its whole life; it is flagged when its words run high. */
gint64
kefu_desk_create_ticket (KefuStore             *store,
                         const KefuTicketDraft *d,
                         GError               **error)
{
  return kefu_desk_create_ticket_keyed (store, d, NULL, error);
}

/* With @client_key (#20), the intake's own key: the ticket it saved
 * already, when one did, else a new one keeping the key. Both in one
 * transaction: the look-up, and an INSERT that does nothing when the key
 * is taken meanwhile (a try still under way on the server when its
 * answer was lost); then this transaction is taken back whole, the
 * day's number it drew with it, and the ticket of the key is returned. */
gint64
kefu_desk_create_ticket_keyed (KefuStore             *store,
                               const KefuTicketDraft *d,
                               const char            *client_key,
                               GError               **error)
{
  KefuFacts missing;
  g_autofree char *number = NULL;
  g_autofree char *location = NULL;
  g_autofree char *emotion = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *description = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 now = kefu_store_now (store);
  gint64 id = 0;

  if (!kefu_store_require_actor (store, error))
    return 0;
  if (!kefu_code_is_valid (KEFU_CODES_CHANNEL, d->channel) || !kefu_code_is_valid (KEFU_CODES_KIND, d->kind) ||
      (d->subtype != NULL && !kefu_code_is_valid (KEFU_CODES_SUBTYPE, d->subtype)))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Choose the channel and the kind of request."));
      return 0;
    }
  {
    GError *lookup = NULL;

    missing = draft_missing (store, d, &lookup);
    if (lookup != NULL)
      {
        g_propagate_error (error, lookup);
        return 0;
      }
  }
  if (missing != 0)
    {
      g_autofree char *list = kefu_facts_describe_missing (missing);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The ticket cannot be saved without the five facts; missing: %s."), list);
      return 0;
    }

  if (client_key != NULL && *client_key == '\0')
    client_key = NULL;
  if (!kefu_store_begin (store, error))
    return 0;
  if (client_key != NULL)
    {
      /* saved by an earlier try whose answer never came: that ticket */
      id = ticket_by_key (store, client_key, error);
      if (id < 0)
        goto fail;
      if (id > 0)
        {
          kefu_store_rollback (store);
          return id;
        }
    }
  number = next_number (store, now, error);
  if (number == NULL)
    goto fail;
  location = location_text (store, d);
  emotion = kefu_intake_get_emotion_words (store);
  phone = g_strstrip (g_strdup (d->contact_phone != NULL ? d->contact_phone : ""));
  description = g_strstrip (g_strdup (d->description));

  /* the contact's phone, or the owner's on file; a server signed in as
   * a person may not read that (#20): the ticket then shows the owner's,
   * masked, and reveals only a number typed for it */
#define INSERT_TICKET_SQL(owner_phone) \
      "INSERT INTO tickets (number, channel, kind, subtype, level, estate_id, building_id, unit_id, location, " \
      "owner_id, contact_name, contact_phone, description, status, agent_id, created_by, created_at, " \
      "flagged, linked_to, updated_at, client_key) " \
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, " \
      "        coalesce(?12, " owner_phone "), ?13, 'new', ?14, ?14, ?15, ?16, ?17, ?15, ?18) " \
      "ON CONFLICT (client_key) WHERE client_key IS NOT NULL DO NOTHING"
  stmt = kefu_query_prepare (store, kefu_store_masks_phones (store)
                                      ? INSERT_TICKET_SQL ("CAST(NULL AS text)")
                                      : INSERT_TICKET_SQL ("(SELECT phone FROM owners WHERE id = ?10)"), error);
#undef INSERT_TICKET_SQL
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_text (stmt, 1, number);
  kefu_query_bind_text (stmt, 2, d->channel);
  kefu_query_bind_text (stmt, 3, d->kind);
  kefu_query_bind_text_or_null (stmt, 4, d->subtype);
  kefu_query_bind_int (stmt, 5, d->level);
  kefu_query_bind_id (stmt, 6, estate_of (store, d->building_id));
  kefu_query_bind_id (stmt, 7, d->building_id);
  kefu_query_bind_id (stmt, 8, d->unit_id);
  kefu_query_bind_text (stmt, 9, location);
  kefu_query_bind_id (stmt, 10, d->owner_id);
  kefu_query_bind_text_or_null (stmt, 11, d->contact_name);
  kefu_query_bind_text_or_null (stmt, 12, phone);
  kefu_query_bind_text (stmt, 13, description);
  kefu_query_bind_int (stmt, 14, kefu_store_get_actor (store));
  kefu_query_bind_int (stmt, 15, now);
  kefu_query_bind_int (stmt, 16, kefu_text_has_emotion (d->description, emotion));
  kefu_query_bind_id (stmt, 17, d->link_to);
  kefu_query_bind_text_or_null (stmt, 18, client_key);
  if (!kefu_query_run (store, stmt, error))
    goto fail;
  if (client_key != NULL && kefu_query_changes (store) == 0)
    {
      /* another try of this intake committed it meanwhile */
      kefu_store_rollback (store);
      id = ticket_by_key (store, client_key, error);
      if (id == 0)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT,
                     _("This ticket was saved already, as a ticket you may not see (another estate’s): "
                       "it was not saved again."));
      return MAX (id, 0);
    }
  id = kefu_query_last_id (store);

  if (!add_event (store, id, now, "created", NULL, "new", NULL, error))
    goto fail;
  if (d->link_to > 0)
    {
      g_autoptr(KefuTicket) other = kefu_desk_get_ticket (store, d->link_to, error);
      g_autofree char *body = NULL;

      if (other == NULL)
        goto fail;
      /* a finished ticket is reopened, not repeated */
      if (!kefu_status_is_open (kefu_ticket_get_status (other)))
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       _("Ticket %s is “%s”: only an open ticket takes a repeat; reopen it instead."),
                       kefu_ticket_get_number (other), kefu_code_label (KEFU_CODES_STATUS, kefu_ticket_get_status (other)));
          goto fail;
        }
      body = g_strdup_printf (_("Repeats %s"), kefu_ticket_get_number (other));
      if (!add_event (store, id, now, "link", NULL, NULL, body, error))
        goto fail;
    }
  if (!kefu_search_index_ticket (store, id, error) || !kefu_sla_update_ticket (store, id, error))
    goto fail;
  if (!kefu_store_commit (store, error))
    return 0;
  /* Right after it is saved, the rules dispatch it (when the center has
   * automatic dispatch on); the ticket stands whatever they decide. */
  kefu_dispatch_on_intake (store, id);
  return id;

fail:
  kefu_store_rollback (store);
  return 0;
}

/* 工单双人复核: a second person confirms the five facts of an urgent ticket.
 * The checker is the signed-in user, or a colleague who has just confirmed
 * with their own PIN at the same desk (kefu_auth_confirm); never the agent
 * who logged the ticket. */
gboolean
kefu_desk_verify (KefuStore  *store,
                  gint64      ticket_id,
                  GError    **error)
{
  g_auto(KefuTicketState) s = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 now = kefu_store_now (store);
  gint64 checker;
  gboolean ok;

  if (!kefu_store_require_actor (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  /* taken once the write lock is held: a desk that waits for another
   * program's lock (kefu-write.h) keeps its colleague's confirmation */
  checker = kefu_auth_person_for (store, KEFU_PERMISSION_VERIFY, error);
  if (checker <= 0)
    {
      kefu_store_rollback (store);
      return FALSE;
    }
  ok = kefu_ticket_read_state (store, ticket_id, &s, error);
  if (ok && s.created_by == checker)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("The second check of ticket %s must be made by someone other than the agent who logged it."),
                   s.number);
      ok = FALSE;
    }
  if (ok && s.verified_by > 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s has already been verified."), s.number);
      ok = FALSE;
    }
  /* a new hire's urgent ticket waits for a certified agent (kefu-certificate.h) */
  if (ok)
    ok = kefu_certification_check (store, s.number, s.level, s.created_by, checker, error);
  if (ok)
    {
      stmt = kefu_query_prepare (store, "UPDATE tickets SET verified_by = ?1, verified_at = ?2, updated_at = ?3 WHERE id = ?4", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, checker);
      kefu_query_bind_int (stmt, 2, now);
      kefu_query_bind_int (stmt, 3, now);
      kefu_query_bind_int (stmt, 4, ticket_id);
      ok = kefu_query_run (store, stmt, error);
    }
  /* the timeline names the checker, not whoever is signed in at the desk:
   * the event is written under the checker (the timeline is append-only) */
  if (ok)
    {
      gint64 actor = kefu_store_get_actor (store);

      kefu_store_set_actor (store, checker);
      ok = add_event (store, ticket_id, now, "verify", NULL, NULL,
                      _("Address, unit, need, urgency and contact confirmed"), error);
      kefu_store_set_actor (store, actor);
      if (ok && checker != actor)
        ok = kefu_auth_audit (store, checker, "second_check", "tickets", ticket_id, NULL, error);
    }
  if (!finish (store, ok, error))
    return FALSE;
  /* An urgent ticket waited for this check: now the rules may dispatch it. */
  kefu_dispatch_on_intake (store, ticket_id);
  return TRUE;
}

/* Assigns a team (and technician): new or reopened → dispatched; a
 * dispatched ticket is reassigned. Level 1 and 2 need the second check. */
gboolean
kefu_desk_dispatch (KefuStore   *store,
                    gint64       ticket_id,
                    gint64       team_id,
                    gint64       technician_id,
                    const char  *reason,
                    GError     **error)
{
  if (!kefu_store_require_actor (store, error))
    return FALSE;
  if (team_id <= 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Choose the team to dispatch to."));
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  return finish (store, kefu_intake_dispatch_locked (store, ticket_id, team_id, technician_id, reason, error), error);
}

/* The dispatch itself, inside the caller's transaction (the board records
 * its move for undo in the same one). */
gboolean
kefu_intake_dispatch_locked (KefuStore   *store,
                             gint64       ticket_id,
                             gint64       team_id,
                             gint64       technician_id,
                             const char  *reason,
                             GError     **error)
{
  g_auto(KefuTicketState) s = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  KEFU_AUTO_QUERY *names = NULL;
  g_autofree char *body = NULL;
  gint64 now = kefu_store_now (store);
  gboolean reassign;
  gboolean ok;

  if (team_id <= 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Choose the team to dispatch to."));
      return FALSE;
    }
  ok = kefu_ticket_read_state (store, ticket_id, &s, error);
  reassign = ok && (g_str_equal (s.status, "dispatched") || g_str_equal (s.status, "accepted"));
  if (ok && !reassign && !kefu_lifecycle_can_move (s.status, "dispatched"))
    ok = illegal_move (&s, "dispatched", error);
  if (ok && s.level < 3 && s.verified_by <= 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is level %d: a second person must verify its five facts before it is dispatched."),
                   s.number, s.level);
      ok = FALSE;
    }
  if (ok)
    {
      names = kefu_query_prepare (store,
          "SELECT tm.name, tc.name, CASE WHEN EXISTS (SELECT 1 FROM technician_teams x WHERE x.technician_id = ?2 "
          "AND x.team_id = ?1) THEN ?1 ELSE tc.team_id END FROM teams tm LEFT JOIN technicians tc ON tc.id = ?2 WHERE tm.id = ?1",
          error);
      ok = names != NULL;
    }
  if (ok)
    {
      kefu_query_bind_int (names, 1, team_id);
      kefu_query_bind_int (names, 2, technician_id);
      if (kefu_query_step (store, names, NULL) != KEFU_QUERY_ROW ||
          (technician_id > 0 && kefu_query_get_int (names, 2) != team_id))
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       _("The technician is not a member of that team."));
          ok = FALSE;
        }
      else if (technician_id > 0)
        body = g_strdup_printf ("%s · %s%s%s", kefu_query_get_text (names, 0), kefu_query_get_text (names, 1),
                                reason ? " — " : "", reason ? reason : "");
      else
        body = g_strdup_printf ("%s%s%s", kefu_query_get_text (names, 0), reason ? " — " : "", reason ? reason : "");
    }
  if (ok)
    {
      stmt = kefu_query_prepare (store,
          "UPDATE tickets SET team_id = ?1, technician_id = ?2, updated_at = ?3, "
          "board_position = CASE WHEN technician_id IS ?2 THEN board_position END, "
          "first_response_at = " KEFU_RESPONSE_AT ("?3") ", status = ?4, "
          "dispatched_at = CASE WHEN ?5 <> 0 THEN dispatched_at ELSE ?3 END, "
          "accepted_at = CASE WHEN ?4 = 'dispatched' THEN NULL ELSE accepted_at END "
          "WHERE id = ?6", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      /* Someone else must accept it again; the same technician keeps it. */
      const char *to = reassign && s.technician_id == technician_id ? s.status : "dispatched";

      kefu_query_bind_int (stmt, 1, team_id);
      kefu_query_bind_id (stmt, 2, technician_id);
      kefu_query_bind_int (stmt, 3, now);
      kefu_query_bind_text (stmt, 4, to);
      kefu_query_bind_int (stmt, 5, reassign);
      kefu_query_bind_int (stmt, 6, ticket_id);
      ok = kefu_query_run (store, stmt, error) &&
           add_event (store, ticket_id, now, "assign", NULL, NULL, body, error) &&
           (g_str_equal (to, s.status) || add_event (store, ticket_id, now, "status", s.status, to, NULL, error)) &&
           kefu_sla_record_missed (store, ticket_id, error) &&
           kefu_sla_update_ticket (store, ticket_id, error);
    }
  return ok;
}

static const char *
milestone_for (const char *to)
{
  if (g_str_equal (to, "accepted")) return "accepted_at";
  if (g_str_equal (to, "on_site")) return "arrived_at";
  if (g_str_equal (to, "resolved")) return "resolved_at";
  if (g_str_equal (to, "closed")) return "closed_at";
  if (g_str_equal (to, "cancelled")) return "cancelled_at";
  return NULL;
}

/* Any other move of the lifecycle; on hold and cancelled need a reason. */
gboolean
kefu_desk_move (KefuStore   *store,
                gint64       ticket_id,
                const char  *to,
                const char  *reason,
                GError     **error)
{
  g_auto(KefuTicketState) s = { 0 };
  g_autofree char *why = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  gint64 now = kefu_store_now (store);
  gint64 approver = 0;
  gboolean ok;

  if (!kefu_store_require_actor (store, error))
    return FALSE;
  if (!kefu_code_is_valid (KEFU_CODES_STATUS, to))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("“%s” is not a status."), to);
      return FALSE;
    }
  if (kefu_lifecycle_needs_reason (to) && *why == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Say why the ticket is “%s”."), kefu_code_label (KEFU_CODES_STATUS, to));
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  /* a supervisor (or above) cancels, or approves with their PIN at the desk
   * (taken once the write lock is held, like the second check's) */
  if (g_str_equal (to, "cancelled") && (approver = kefu_auth_person_for (store, KEFU_PERMISSION_CANCEL_TICKETS, error)) <= 0)
    {
      kefu_store_rollback (store);
      return FALSE;
    }
  ok = kefu_ticket_read_state (store, ticket_id, &s, error);
  /* Only resuming returns a ticket to "dispatched"; otherwise dispatch it to a team. */
  if (ok && g_str_equal (to, "dispatched") && !g_str_equal (s.status, "on_hold"))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is dispatched by choosing a team, not by a status change."), s.number);
      ok = FALSE;
    }
  if (ok && (!kefu_lifecycle_can_move (s.status, to) ||
             /* resuming goes back where the ticket was; use kefu_desk_resume */
             (g_str_equal (s.status, "on_hold") && g_strcmp0 (s.held_from, to) != 0 && !g_str_equal (to, "cancelled"))))
    ok = illegal_move (&s, to, error);
  if (ok && g_str_equal (to, "closed"))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is closed by its follow-up call: record the owner’s rating."), s.number);
      ok = FALSE;
    }
  if (ok)
    ok = set_status (store, ticket_id, to, milestone_for (to), now, error);
  if (ok && g_str_equal (to, "on_hold"))
    {
      KEFU_AUTO_QUERY *hold = kefu_query_prepare (store,
          "UPDATE tickets SET held_from = ?1, on_hold_since = ?2, hold_reason = ?3 WHERE id = ?4", error);
      ok = hold != NULL;
      if (ok)
        {
          kefu_query_bind_text (hold, 1, s.status);
          kefu_query_bind_int (hold, 2, now);
          kefu_query_bind_text (hold, 3, why);
          kefu_query_bind_int (hold, 4, ticket_id);
          ok = kefu_query_run (store, hold, error);
        }
    }
  if (ok && g_str_equal (s.status, "on_hold"))
    {
      /* the clocks stood still: credit the working time on hold */
      KEFU_AUTO_QUERY *resume = kefu_query_prepare (store,
          "UPDATE tickets SET on_hold_since = NULL, held_from = NULL WHERE id = ?1", error);
      ok = resume != NULL && kefu_sla_credit_pause (store, ticket_id, s.on_hold_since, now, error);
      if (ok)
        {
          kefu_query_bind_int (resume, 1, ticket_id);
          ok = kefu_query_run (store, resume, error);
        }
    }
  if (ok && g_str_equal (to, "cancelled"))
    {
      KEFU_AUTO_QUERY *cancel = kefu_query_prepare (store, "UPDATE tickets SET cancel_reason = ?1 WHERE id = ?2", error);
      ok = cancel != NULL;
      if (ok)
        {
          kefu_query_bind_text (cancel, 1, why);
          kefu_query_bind_int (cancel, 2, ticket_id);
          ok = kefu_query_run (store, cancel, error) &&
               (approver == kefu_store_get_actor (store) ||
                kefu_auth_audit (store, approver, "approve_cancel", "tickets", ticket_id, NULL, error));
        }
    }
  if (ok && g_str_equal (to, "reopened"))
    {
      KEFU_AUTO_QUERY *reopen = kefu_query_prepare (store,
          "UPDATE tickets SET reopen_count = reopen_count + 1, resolved_at = NULL, closed_at = NULL, "
          "followup_tries = 0, followup_retry_at = NULL, unreachable = 0 WHERE id = ?1", error);
      ok = reopen != NULL;
      if (ok)
        {
          kefu_query_bind_int (reopen, 1, ticket_id);
          ok = kefu_query_run (store, reopen, error);
        }
    }
  if (ok)
    ok = add_event (store, ticket_id, now, "status", s.status, to, *why ? why : NULL, error) &&
         kefu_sla_record_missed (store, ticket_id, error) &&
         kefu_sla_update_ticket (store, ticket_id, error);
  return finish (store, ok, error);
}

/* Takes a ticket off hold, back to the state it was held in; the time on
 * hold is added to paused_seconds. */
gboolean
kefu_desk_resume (KefuStore  *store,
                  gint64      ticket_id,
                  GError    **error)
{
  g_auto(KefuTicketState) s = { 0 };

  if (!kefu_store_begin (store, error))
    return FALSE;
  if (!kefu_ticket_read_state (store, ticket_id, &s, error))
    return finish (store, FALSE, error);
  kefu_store_rollback (store);
  if (!g_str_equal (s.status, "on_hold") || s.held_from == NULL)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is not on hold."), s.number);
      return FALSE;
    }
  return kefu_desk_move (store, ticket_id, s.held_from, NULL, error);
}

/* One follow-up call in the ticket's history: @satisfaction 0 when the
 * owner was not reached. */
static gboolean
add_follow_up (KefuStore  *store,
               gint64      ticket_id,
               gint64      at,
               int         satisfaction,
               gboolean    solved,
               GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "INSERT INTO followups (ticket_id, at, user_id, reached, satisfaction, solved) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, ticket_id);
  kefu_query_bind_int (stmt, 2, at);
  kefu_query_bind_id (stmt, 3, kefu_store_get_actor (store));
  kefu_query_bind_int (stmt, 4, satisfaction > 0);
  if (satisfaction > 0)
    {
      kefu_query_bind_int (stmt, 5, satisfaction);
      kefu_query_bind_int (stmt, 6, !!solved);
    }
  return kefu_query_run (store, stmt, error);
}

/* Resolving says what was done: the work (required), the materials used
 * and photos, in one transaction with the status change. */
gboolean
kefu_desk_resolve (KefuStore        *store,
                   gint64            ticket_id,
                   const char       *work_done,
                   const char       *materials,
                   const KefuPhoto  *photos,
                   guint             n_photos,
                   GError          **error)
{
  g_auto(KefuTicketState) s = { 0 };
  g_autofree char *work = g_strstrip (g_strdup (work_done != NULL ? work_done : ""));
  g_autofree char *used = g_strstrip (g_strdup (materials != NULL ? materials : ""));
  g_autoptr(GString) body = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 now = kefu_store_now (store);
  gboolean ok;

  if (!kefu_store_require_actor (store, error))
    return FALSE;
  if (*work == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Say what was done to resolve the ticket."));
      return FALSE;
    }
  for (guint i = 0; i < n_photos; i++)
    {
      gsize size = photos[i].data != NULL ? g_bytes_get_size (photos[i].data) : 0;

      if (size > KEFU_ATTACHMENT_MAX_BYTES)
        {
          g_autofree char *have = g_format_size (size);
          g_autofree char *max = g_format_size (KEFU_ATTACHMENT_MAX_BYTES);
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       _("“%s” is %s; attachments may be at most %s."), photos[i].name, have, max);
          return FALSE;
        }
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  ok = kefu_ticket_read_state (store, ticket_id, &s, error);
  /* a ticket on hold is resumed first (its clocks are credited then) */
  if (ok && (!kefu_lifecycle_can_move (s.status, "resolved") || g_str_equal (s.status, "on_hold")))
    ok = illegal_move (&s, "resolved", error);
  if (ok)
    ok = set_status (store, ticket_id, "resolved", "resolved_at", now, error);
  if (ok)
    {
      stmt = kefu_query_prepare (store, "UPDATE tickets SET work_done = ?1, materials = ?2 WHERE id = ?3", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      kefu_query_bind_text (stmt, 1, work);
      kefu_query_bind_text_or_null (stmt, 2, *used != '\0' ? used : NULL);
      kefu_query_bind_int (stmt, 3, ticket_id);
      ok = kefu_query_run (store, stmt, error);
    }
  for (guint i = 0; ok && i < n_photos; i++)
    {
      KEFU_AUTO_QUERY *photo = kefu_query_prepare (store,
          "INSERT INTO ticket_attachments (ticket_id, name, mime_type, data, user_id, created_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      g_autofree char *attached = NULL;

      ok = photo != NULL;
      if (!ok)
        break;
      kefu_query_bind_int (photo, 1, ticket_id);
      kefu_query_bind_text (photo, 2, photos[i].name);
      kefu_query_bind_text_or_null (photo, 3, photos[i].mime_type);
      kefu_query_bind_bytes (photo, 4, photos[i].data);
      kefu_query_bind_int (photo, 5, kefu_store_get_actor (store));
      kefu_query_bind_int (photo, 6, now);
      attached = g_strdup_printf (_("Attached %s"), photos[i].name);
      ok = kefu_query_run (store, photo, error) && add_event (store, ticket_id, now, "note", NULL, NULL, attached, error);
    }
  if (ok)
    {
      /* Translators: the work a technician did, in a ticket's timeline */
      body = g_string_new (NULL);
      g_string_printf (body, _("Work done: %s"), work);
      if (*used != '\0')
        {
          g_string_append_c (body, '\n');
          /* Translators: the materials a technician used, in a ticket's timeline */
          g_string_append_printf (body, _("Materials used: %s"), used);
        }
      ok = add_event (store, ticket_id, now, "status", s.status, "resolved", body->str, error) &&
           kefu_search_index_ticket (store, ticket_id, error) &&
           kefu_sla_record_missed (store, ticket_id, error) &&
           kefu_sla_update_ticket (store, ticket_id, error);
    }
  return finish (store, ok, error);
}

char *
kefu_desk_get_work_done (KefuStore   *store,
                         gint64       ticket_id,
                         char       **materials)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT work_done, materials FROM tickets WHERE id = ?1", NULL);
  char *work = NULL;

  if (materials != NULL)
    *materials = NULL;
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, ticket_id);
  if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    {
      work = g_strdup (kefu_query_get_text (stmt, 0));
      if (materials != NULL)
        *materials = g_strdup (kefu_query_get_text (stmt, 1));
    }
  return work;
}

/* 回访 not answered: the try is kept and the next one scheduled a day
 * later; the third closes the ticket as unreachable (the follow-up rate
 * counts it apart). */
gboolean
kefu_desk_follow_up_unreachable (KefuStore   *store,
                                 gint64       ticket_id,
                                 const char  *note,
                                 GError     **error)
{
  g_auto(KefuTicketState) s = { 0 };
  g_autofree char *text = g_strstrip (g_strdup (note != NULL ? note : ""));
  g_autofree char *body = NULL;
  KEFU_AUTO_QUERY *tries = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 now = kefu_store_now (store);
  gint64 retry_at = now + KEFU_FOLLOW_UP_RETRY_HOURS * 3600;
  int tried = 0;
  gboolean last;
  gboolean ok;

  if (!kefu_store_require_actor (store, error))
    return FALSE;
  if (!kefu_store_begin (store, error))
    return FALSE;
  ok = kefu_ticket_read_state (store, ticket_id, &s, error);
  if (ok && !g_str_equal (s.status, "resolved"))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is “%s”: only resolved tickets are called back."),
                   s.number, kefu_code_label (KEFU_CODES_STATUS, s.status));
      ok = FALSE;
    }
  if (ok)
    {
      tries = kefu_query_prepare (store, "SELECT followup_tries FROM tickets WHERE id = ?1", error);
      ok = tries != NULL;
    }
  if (ok)
    {
      KefuQueryStep rc;

      kefu_query_bind_int (tries, 1, ticket_id);
      rc = kefu_query_step (store, tries, error);
      if (rc == KEFU_QUERY_DONE)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                     _("Ticket %lld no longer exists."), (long long) ticket_id);
      ok = rc == KEFU_QUERY_ROW;
      tried = ok ? (int) kefu_query_get_int (tries, 0) + 1 : 0;
    }
  last = tried >= KEFU_FOLLOW_UP_TRIES;
  if (ok)
    {
      stmt = kefu_query_prepare (store,
          "UPDATE tickets SET followup_tries = ?1, updated_at = ?2, "
          "followup_retry_at = CASE WHEN ?3 <> 0 THEN NULL ELSE ?4 END, unreachable = ?3, "
          "status = CASE WHEN ?3 <> 0 THEN 'closed' ELSE status END, "
          "closed_at = CASE WHEN ?3 <> 0 THEN ?2 ELSE closed_at END WHERE id = ?5", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      g_autofree char *when = kefu_format_time (retry_at, "%Y-%m-%d %H:%M");

      kefu_query_bind_int (stmt, 1, tried);
      kefu_query_bind_int (stmt, 2, now);
      kefu_query_bind_int (stmt, 3, last);
      kefu_query_bind_int (stmt, 4, retry_at);
      kefu_query_bind_int (stmt, 5, ticket_id);
      body = last ? g_strdup_printf (_("Owner not reached (try %d of %d): closed as unreachable"), tried, KEFU_FOLLOW_UP_TRIES)
                  : g_strdup_printf (_("Owner not reached (try %d of %d); next try from %s"), tried, KEFU_FOLLOW_UP_TRIES, when);
      if (*text != '\0')
        {
          char *with = g_strdup_printf ("%s — %s", body, text);
          g_free (body);
          body = with;
        }
      ok = kefu_query_run (store, stmt, error) &&
           add_follow_up (store, ticket_id, now, 0, FALSE, error) &&
           add_event (store, ticket_id, now, "followup", NULL, NULL, body, error) &&
           (!last || add_event (store, ticket_id, now, "status", "resolved", "closed", NULL, error)) &&
           kefu_sla_record_missed (store, ticket_id, error) &&
           kefu_sla_update_ticket (store, ticket_id, error);
    }
  return finish (store, ok, error);
}

guint
kefu_desk_get_follow_up_tries (KefuStore  *store,
                               gint64      ticket_id,
                               gint64     *retry_at,
                               gboolean   *unreachable)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT followup_tries, coalesce(followup_retry_at, 0), unreachable FROM tickets WHERE id = ?1", NULL);
  guint n = 0;

  if (retry_at != NULL)
    *retry_at = 0;
  if (unreachable != NULL)
    *unreachable = FALSE;
  if (stmt == NULL)
    return 0;
  kefu_query_bind_int (stmt, 1, ticket_id);
  if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    {
      n = (guint) kefu_query_get_int (stmt, 0);
      if (retry_at != NULL)
        *retry_at = kefu_query_get_int (stmt, 1);
      if (unreachable != NULL)
        *unreachable = kefu_query_get_int (stmt, 2) != 0;
    }
  return n;
}

/* Every rating the owner gave, oldest first (int 1–5). */
GArray *
kefu_desk_list_ratings (KefuStore   *store,
                        gint64       ticket_id,
                        GError     **error)
{
  g_autoptr(GArray) ratings = g_array_new (FALSE, FALSE, sizeof (int));
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT satisfaction FROM followups WHERE ticket_id = ?1 AND reached <> 0 ORDER BY at, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, ticket_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      int r = kefu_query_get_int (stmt, 0);
      g_array_append_val (ratings, r);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&ratings);
}

/* 回访: the owner's rating closes the ticket, or — rated 2 or less, or
 * not solved — reopens it as a repeat. */
gboolean
kefu_desk_follow_up (KefuStore   *store,
                     gint64       ticket_id,
                     int          satisfaction,
                     gboolean     solved,
                     const char  *comment,
                     GError     **error)
{
  g_auto(KefuTicketState) s = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = g_strstrip (g_strdup (comment != NULL ? comment : ""));
  gint64 now = kefu_store_now (store);
  gboolean reopen = satisfaction <= 2 || !solved;
  const char *to = reopen ? "reopened" : "closed";
  gboolean ok;

  if (!kefu_store_require_actor (store, error))
    return FALSE;
  if (satisfaction < 1 || satisfaction > 5)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The rating must be from 1 to 5, not %d."), satisfaction);
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  ok = kefu_ticket_read_state (store, ticket_id, &s, error);
  if (ok && !g_str_equal (s.status, "resolved"))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is “%s”: only resolved tickets are called back."),
                   s.number, kefu_code_label (KEFU_CODES_STATUS, s.status));
      ok = FALSE;
    }
  if (ok)
    {
      /* the ticket keeps the final rating; every one is kept in followups */
      stmt = kefu_query_prepare (store,
          "UPDATE tickets SET satisfaction = ?1, followup_comment = ?2, followed_up_at = ?3, updated_at = ?3, "
          "status = ?4, closed_at = CASE WHEN ?5 <> 0 THEN NULL ELSE ?3 END, "
          "resolved_at = CASE WHEN ?5 <> 0 THEN NULL ELSE resolved_at END, "
          "followup_tries = 0, followup_retry_at = NULL, unreachable = 0, "
          "reopen_count = reopen_count + ?5 WHERE id = ?6", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, satisfaction);
      kefu_query_bind_text_or_null (stmt, 2, text);
      kefu_query_bind_int (stmt, 3, now);
      kefu_query_bind_text (stmt, 4, to);
      kefu_query_bind_int (stmt, 5, reopen);
      kefu_query_bind_int (stmt, 6, ticket_id);
      body = solved ? g_strdup_printf (_("Rating %d of 5"), satisfaction)
                    : g_strdup_printf (_("Rating %d of 5; not solved"), satisfaction);
      if (*text != '\0')
        {
          char *with = g_strdup_printf ("%s — %s", body, text);
          g_free (body);
          body = with;
        }
      ok = kefu_query_run (store, stmt, error) &&
           add_follow_up (store, ticket_id, now, satisfaction, solved, error) &&
           add_event (store, ticket_id, now, "followup", NULL, NULL, body, error) &&
           add_event (store, ticket_id, now, "status", "resolved", to, NULL, error) &&
           kefu_search_index_ticket (store, ticket_id, error) &&
           kefu_sla_record_missed (store, ticket_id, error) &&
           kefu_sla_update_ticket (store, ticket_id, error);
    }
  return finish (store, ok, error);
}

gboolean
kefu_desk_log_call (KefuStore   *store,
                    gint64       ticket_id,
                    const char  *summary,
                    GError     **error)
{
  g_auto(KefuTicketState) s = { 0 };
  g_autofree char *text = g_strstrip (g_strdup (summary != NULL ? summary : ""));
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 now = kefu_store_now (store);
  gboolean ok;

  if (!kefu_store_require_actor (store, error))
    return FALSE;
  if (*text == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Say what the call was about."));
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  ok = kefu_ticket_read_state (store, ticket_id, &s, error);
  if (ok)
    {
      stmt = kefu_query_prepare (store,
          "UPDATE tickets SET first_response_at = " KEFU_RESPONSE_AT ("?1") ", updated_at = ?1 WHERE id = ?2", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, now);
      kefu_query_bind_int (stmt, 2, ticket_id);
      ok = kefu_query_run (store, stmt, error) &&
           add_event (store, ticket_id, now, "call", NULL, NULL, text, error) &&
           kefu_search_index_ticket (store, ticket_id, error) &&
           kefu_sla_record_missed (store, ticket_id, error) &&
           kefu_sla_update_ticket (store, ticket_id, error);
    }
  return finish (store, ok, error);
}

const char * const *
kefu_emergency_plan_steps (void)
{
  static const char *steps[] = {
    N_("Call 119 (fire) or 120 (ambulance) as the incident needs"),
    N_("Send security to the scene and keep the area clear"),
    N_("Inform the family of those involved"),
    NULL
  };
  return steps;
}

gboolean
kefu_desk_start_plan (KefuStore  *store,
                      gint64      ticket_id,
                      GError    **error)
{
  g_auto(KefuTicketState) s = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autoptr(GString) body = g_string_new (_("Emergency plan started"));
  const char * const *steps = kefu_emergency_plan_steps ();
  gint64 now = kefu_store_now (store);
  gboolean ok;

  if (!kefu_store_require_actor (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  ok = kefu_ticket_read_state (store, ticket_id, &s, error);
  if (ok && s.level != 1)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is level %d: the emergency plan is started for level 1 only."), s.number, s.level);
      ok = FALSE;
    }
  if (ok && !kefu_status_is_open (s.status))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is “%s”: its emergency plan can no longer be started."),
                   s.number, kefu_code_label (KEFU_CODES_STATUS, s.status));
      ok = FALSE;
    }
  if (ok)
    {
      stmt = kefu_query_prepare (store,
          "UPDATE tickets SET plan_started_at = ?1, first_response_at = coalesce(first_response_at, ?1), "
          "updated_at = ?1 WHERE id = ?2 AND plan_started_at IS NULL", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, now);
      kefu_query_bind_int (stmt, 2, ticket_id);
      ok = kefu_query_run (store, stmt, error);
    }
  if (ok && kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The emergency plan of ticket %s has already been started."), s.number);
      ok = FALSE;
    }
  for (guint i = 0; steps[i] != NULL; i++)
    g_string_append_printf (body, "\n· %s", _(steps[i]));
  if (ok)
    ok = add_event (store, ticket_id, now, "note", NULL, NULL, body->str, error) &&
         kefu_sla_record_missed (store, ticket_id, error) &&
         kefu_sla_update_ticket (store, ticket_id, error);
  return finish (store, ok, error);
}

/* Empty or blank: the field's name, for the error. */
static const char *
missing_field (const char *cause,
               const char *actions,
               const char *prevention)
{
  struct { const char *text; const char *name; } fields[] = {
    { cause, N_("Cause") }, { actions, N_("What was done") }, { prevention, N_("Prevention") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *t = g_strstrip (g_strdup (fields[i].text != NULL ? fields[i].text : ""));
      if (*t == '\0')
        return _(fields[i].name);
    }
  return NULL;
}

gboolean
kefu_desk_file_review (KefuStore   *store,
                       gint64       ticket_id,
                       const char  *cause,
                       const char  *actions,
                       const char  *prevention,
                       GError     **error)
{
  g_auto(KefuTicketState) s = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *c = g_strstrip (g_strdup (cause != NULL ? cause : ""));
  g_autofree char *a = g_strstrip (g_strdup (actions != NULL ? actions : ""));
  g_autofree char *p = g_strstrip (g_strdup (prevention != NULL ? prevention : ""));
  g_autofree char *body = NULL;
  const char *missing = missing_field (c, a, p);
  gint64 now = kefu_store_now (store);
  gboolean ok;

  if (!kefu_store_require_actor (store, error))
    return FALSE;
  if (missing != NULL)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The incident review report needs “%s”."), missing);
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  ok = kefu_ticket_read_state (store, ticket_id, &s, error);
  if (ok && s.level != 2)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is level %d: an incident review report is filed for level 2 only."), s.number, s.level);
      ok = FALSE;
    }
  if (ok && g_str_equal (s.status, "cancelled"))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is cancelled: it has no incident review report."), s.number);
      ok = FALSE;
    }
  if (ok)
    {
      stmt = kefu_query_prepare (store,
          "INSERT INTO incident_reviews (ticket_id, filed_at, filed_by, cause, actions, prevention) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, ticket_id);
      kefu_query_bind_int (stmt, 2, now);
      kefu_query_bind_int (stmt, 3, kefu_store_get_actor (store));
      kefu_query_bind_text (stmt, 4, c);
      kefu_query_bind_text (stmt, 5, a);
      kefu_query_bind_text (stmt, 6, p);
      ok = kefu_query_run (store, stmt, error);
    }
  if (ok && kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The incident review report of ticket %s has already been filed."), s.number);
      ok = FALSE;
    }
  if (ok)
    {
      /* Translators: the timeline's entry: cause, what was done, prevention */
      body = g_strdup_printf (_("Incident review report filed\nCause: %s\nWhat was done: %s\nPrevention: %s"), c, a, p);
      ok = add_event (store, ticket_id, now, "note", NULL, NULL, body, error) &&
           kefu_sla_record_missed (store, ticket_id, error) &&
           kefu_sla_update_ticket (store, ticket_id, error);
    }
  return finish (store, ok, error);
}

/* Marks @ticket_id as a repeat of @to_ticket_id (the first report). */
gboolean
kefu_desk_link (KefuStore  *store,
                gint64      ticket_id,
                gint64      to_ticket_id,
                GError    **error)
{
  g_auto(KefuTicketState) s = { 0 };
  g_auto(KefuTicketState) other = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *body = NULL;
  gint64 now = kefu_store_now (store);
  gboolean ok;

  if (!kefu_store_require_actor (store, error))
    return FALSE;
  if (ticket_id == to_ticket_id)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("A ticket cannot repeat itself."));
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  ok = kefu_ticket_read_state (store, ticket_id, &s, error) && kefu_ticket_read_state (store, to_ticket_id, &other, error);
  if (ok)
    {
      stmt = kefu_query_prepare (store,
          "UPDATE tickets SET linked_to = coalesce((SELECT linked_to FROM tickets WHERE id = ?1), ?1), "
          "updated_at = ?2 WHERE id = ?3", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, to_ticket_id);
      kefu_query_bind_int (stmt, 2, now);
      kefu_query_bind_int (stmt, 3, ticket_id);
      body = g_strdup_printf (_("Repeats %s"), other.number);
      ok = kefu_query_run (store, stmt, error) &&
           add_event (store, ticket_id, now, "link", NULL, NULL, body, error);
    }
  return finish (store, ok, error);
}

GArray *
kefu_desk_find_related (KefuStore   *store,
                        gint64       unit_id,
                        const char  *location,
                        const char  *subtype,
                        int          days,
                        GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT id FROM tickets WHERE (?1 > 0 AND unit_id = ?1 OR ?1 <= 0 AND unit_id IS NULL AND location = ?2) "
      "AND coalesce(subtype, '') = coalesce(?3, '') "
      "AND (status NOT IN ('resolved', 'closed', 'cancelled') OR created_at >= ?4) "
      "ORDER BY created_at DESC LIMIT 20", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, unit_id);
  kefu_query_bind_text_or_null (stmt, 2, location);
  kefu_query_bind_text_or_null (stmt, 3, subtype);
  kefu_query_bind_int (stmt, 4, kefu_store_now (store) - (gint64) MAX (days, 0) * 86400);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&ids);
}

/* The history shown at intake: every open ticket at @unit_id or by
 * @owner_id, then the @recent latest finished ones, newest first —
 * whoever the owner of a ticket at the unit was (a tenant, a family
 * member, the owner before). */
GArray *
kefu_desk_unit_history (KefuStore   *store,
                        gint64       unit_id,
                        gint64       owner_id,
                        guint        recent,
                        GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT id, status IN ('resolved', 'closed', 'cancelled') FROM tickets "
      "WHERE (?1 > 0 AND unit_id = ?1) OR (?2 > 0 AND owner_id = ?2) "
      "ORDER BY 2, created_at DESC, id DESC", error);
  guint finished = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, unit_id);
  kefu_query_bind_int (stmt, 2, owner_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);

      if ((int) kefu_query_get_int (stmt, 1) && finished++ >= recent)
        break;
      g_array_append_val (ids, id);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&ids);
}

/* How many reports a fault has: the first report and every repeat linked to it. */
guint
kefu_desk_count_linked (KefuStore *store,
                        gint64     ticket_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT count(*) FROM tickets WHERE id = ?1 OR linked_to = ?1 "
      "OR linked_to = (SELECT linked_to FROM tickets WHERE id = ?1) "
      "OR id = (SELECT linked_to FROM tickets WHERE id = ?1)", NULL);

  if (stmt == NULL)
    return 0;
  kefu_query_bind_int (stmt, 1, ticket_id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW ? (guint) kefu_query_get_int (stmt, 0) : 0;
}

/* Settings ------------------------------------------------------------------ */

int
kefu_intake_get_related_days (KefuStore *store)
{
  g_autofree char *value = kefu_store_get_setting (store, "related_days");
  guint64 days;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, 365, &days, NULL))
    return (int) days;
  return KEFU_DEFAULT_RELATED_DAYS;
}

char *
kefu_intake_get_emotion_words (KefuStore *store)
{
  char *value = kefu_store_get_setting (store, "emotion_words");

  return value != NULL ? value : g_strdup (KEFU_DEFAULT_EMOTION_WORDS);
}

static gboolean
may_configure (KefuStore  *store,
               GError    **error)
{
  g_autoptr(KefuUser) user = NULL;

  if (kefu_store_get_actor (store) > 0)
    user = kefu_desk_get_user (store, kefu_store_get_actor (store), NULL);
  if (!kefu_user_can (user, KEFU_PERMISSION_EDIT_SLA))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("Only supervisors, managers and administrators may change the service center’s settings."));
      return FALSE;
    }
  return TRUE;
}

/* A setting and its audit entry (the key, not the value), in one transaction. */
static gboolean
set_audited (KefuStore   *store,
             const char  *key,
             const char  *value,
             GError     **error)
{
  g_autofree char *detail = g_strdup_printf ("key=%s", key);
  g_autoptr(KefuTransaction) tx = kefu_transaction_begin (store, error);

  return tx != NULL &&
         kefu_store_set_setting (store, key, value, error) &&
         kefu_audit_append (store, kefu_store_get_actor (store), "set_setting", "settings", 0, detail, error) &&
         kefu_transaction_commit (tx, error);
}

gboolean
kefu_intake_set_related_days (KefuStore  *store,
                              int         days,
                              GError    **error)
{
  g_autofree char *value = NULL;

  if (!may_configure (store, error))
    return FALSE;
  if (days < 1 || days > 365)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Look back from 1 to 365 days, not %d."), days);
      return FALSE;
    }
  value = g_strdup_printf ("%d", days);
  return set_audited (store, "related_days", value, error);
}

/* A comma-separated list (，、 or newlines also separate); blanks dropped. */
gboolean
kefu_intake_set_emotion_words (KefuStore   *store,
                               const char  *words,
                               GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  if (!may_configure (store, error))
    return FALSE;
  parts = g_strsplit_set (words != NULL ? words : "", ",，、\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_ptr_array_add (kept, parts[i]);
  g_ptr_array_add (kept, NULL);
  joined = g_strjoinv (",", (char **) kept->pdata);
  return set_audited (store, "emotion_words", joined, error);
}
