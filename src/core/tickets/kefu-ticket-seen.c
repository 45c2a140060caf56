/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ticket-seen.c — refusing a change made on a ticket another desk
 * changed since (#20); see kefu-ticket-seen.h */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-enums.h"
#include "kefu-query.h"
#include "kefu-ticket-seen.h"

gint64
kefu_ticket_read_version (KefuStore  *store,
                          gint64      ticket_id,
                          GError    **error)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT version FROM tickets WHERE id = ?1", error);

  if (q == NULL)
    return -1;
  kefu_query_bind_int (q, 1, ticket_id);
  switch (kefu_query_step (store, q, error))
    {
    case KEFU_QUERY_ROW: return kefu_query_get_int (q, 0);
    case KEFU_QUERY_DONE: return 0;
    default: return -1;
    }
}

/* "14:05" today, "2026-12-06 14:05" another day (the desk's local time) */
static char *
format_moment (KefuStore *store,
               gint64     at)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (at);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (store));

  if (when == NULL || now == NULL)
    return g_strdup ("?");
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, "%H:%M");
  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

/* Who changed the ticket last, what and when: its timeline's newest entry
 * by a person (every change of the row writes one in the same
 * transaction; a note or a call touches the row too). */
static char *
describe_change (KefuStore *store,
                 gint64     ticket_id)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store,
      "SELECT coalesce(u.name, u.login), e.kind, e.to_status, e.at, "
      "       (SELECT tc.name FROM tickets t JOIN technicians tc ON tc.id = t.technician_id WHERE t.id = e.ticket_id) "
      "FROM ticket_events e JOIN users u ON u.id = e.user_id "
      "WHERE e.ticket_id = ?1 ORDER BY e.id DESC LIMIT 1", NULL);
  const char *who, *kind, *to;
  g_autofree char *when = NULL;

  if (q == NULL)
    return NULL;
  kefu_query_bind_int (q, 1, ticket_id);
  if (kefu_query_step (store, q, NULL) != KEFU_QUERY_ROW)
    return NULL;
  who = kefu_query_get_text (q, 0);
  kind = kefu_query_get_text (q, 1);
  to = kefu_query_get_text (q, 2);
  when = format_moment (store, kefu_query_get_int (q, 3));
  /* dispatching is an assignment (its timeline's entry is a status's) */
  if (g_strcmp0 (kind, "status") == 0 && g_strcmp0 (to, "dispatched") == 0)
    kind = "assign";
  if (g_strcmp0 (kind, "status") == 0 && to != NULL)
    /* Translators: 王芳 changed this ticket’s status to “已派单” at 14:05. */
    return g_strdup_printf (_("%s changed this ticket’s status to “%s” at %s."), who,
                            kefu_code_label (KEFU_CODES_STATUS, to), when);
  if (g_strcmp0 (kind, "assign") == 0 && kefu_query_get_text (q, 4) != NULL)
    /* Translators: 王芳 assigned this ticket to 李师傅 at 14:05. */
    return g_strdup_printf (_("%s assigned this ticket to %s at %s."), who, kefu_query_get_text (q, 4), when);
  if (g_strcmp0 (kind, "assign") == 0)
    return g_strdup_printf (_("%s dispatched this ticket at %s."), who, when);
  if (g_strcmp0 (kind, "note") == 0)
    return g_strdup_printf (_("%s added a note to this ticket at %s."), who, when);
  if (g_strcmp0 (kind, "call") == 0)
    return g_strdup_printf (_("%s logged a call on this ticket at %s."), who, when);
  if (g_strcmp0 (kind, "followup") == 0)
    return g_strdup_printf (_("%s recorded this ticket’s follow-up at %s."), who, when);
  /* Translators: 王芳 changed this ticket at 14:05. */
  return g_strdup_printf (_("%s changed this ticket at %s."), who, when);
}

gboolean
kefu_ticket_check_seen (KefuStore  *store,
                        gint64      ticket_id,
                        GError    **error)
{
  KEFU_AUTO_QUERY *q = NULL;
  gint64 seen, now;
  g_autofree char *what = NULL;

  if (!kefu_store_get_expected_version (store, ticket_id, &seen))
    return TRUE;
  /* the server: the row is ours until the commit (READ COMMITTED would
   * otherwise let another desk's change in between) */
  q = kefu_query_prepare (store, kefu_store_is_server (store)
                                   ? "SELECT version, number FROM tickets WHERE id = ?1 FOR UPDATE"
                                   : "SELECT version, number FROM tickets WHERE id = ?1", error);
  if (q == NULL)
    return FALSE;
  kefu_query_bind_int (q, 1, ticket_id);
  if (!kefu_query_step_one (store, q, error, KEFU_STORE_ERROR_NOT_FOUND,
                            _("Ticket %lld no longer exists."), (long long) ticket_id))
    return FALSE;
  now = kefu_query_get_int (q, 0);
  if (now == seen)
    {
      kefu_store_set_version_checked (store);
      return TRUE;
    }
  what = describe_change (store, ticket_id);
  if (what == NULL)
    what = g_strdup (_("Someone else changed this ticket."));
  /* Translators: the first %s names the ticket, the second who changed what
   * and when (a sentence) */
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_STALE,
               _("Ticket %s was changed after you opened it: %s Your change was not saved; "
                 "look at theirs, then save yours again if it still applies."),
               kefu_query_get_text (q, 1), what);
  return FALSE;
}
