/* kefu-desk.c — the SQL behind the desk's tickets and users */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-search.h"
#include "kefu-store-private.h"
#include "kefu-ticket-private.h"

#define PAGE_BINDS 64

/* Users ------------------------------------------------------------------ */

static KefuUser *
user_from_row (sqlite3_stmt *stmt)
{
  return kefu_user_new (sqlite3_column_int64 (stmt, 0),
                        kefu_column_text (stmt, 1),
                        kefu_column_text (stmt, 2),
                        kefu_column_text (stmt, 3),
                        kefu_column_text (stmt, 4));
}

#define USER_COLUMNS "id, login, name, role, title"

GListStore *
kefu_desk_list_users (KefuStore  *store,
                      GError    **error)
{
  g_autoptr(GListStore) users = g_list_store_new (KEFU_TYPE_USER);
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "SELECT " USER_COLUMNS " FROM users WHERE active "
      "ORDER BY CASE role WHEN 'agent' THEN 1 WHEN 'dispatcher' THEN 2 WHEN 'supervisor' THEN 3 "
      "WHEN 'trainer' THEN 4 WHEN 'manager' THEN 5 ELSE 6 END, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KefuUser) user = user_from_row (stmt);
      g_list_store_append (users, user);
    }
  if (rc != SQLITE_DONE)
    {
      kefu_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&users);
}

static KefuUser *
get_user_where (KefuStore    *store,
                sqlite3_stmt *stmt,
                GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return user_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                 _("No such user."));
  else
    kefu_store_set_error (store, rc, error);
  return NULL;
}

KefuUser *
kefu_desk_get_user (KefuStore  *store,
                    gint64      id,
                    GError    **error)
{
  static const char sql[] = "SELECT " USER_COLUMNS " FROM users WHERE id = ?";
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return get_user_where (store, stmt, error);
}

KefuUser *
kefu_desk_find_user (KefuStore   *store,
                     const char  *login,
                     GError     **error)
{
  static const char sql[] = "SELECT " USER_COLUMNS " FROM users WHERE login = ?";
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  return get_user_where (store, stmt, error);
}

gint64
kefu_desk_add_user (KefuStore   *store,
                    const char  *login,
                    const char  *name,
                    const char  *role,
                    const char  *title,
                    GError     **error)
{
  KEFU_AUTO_STMT *stmt = NULL;

  if (!kefu_code_is_valid (KEFU_CODES_ROLE, role))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s” is not a role (use agent, dispatcher, supervisor, trainer, manager or admin)."),
                   role);
      return 0;
    }
  stmt = kefu_store_prepare (store,
                             "INSERT INTO users (login, name, role, title, created_at) "
                             "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, role, -1, SQLITE_TRANSIENT);
  kefu_bind_text_or_null (stmt, 4, title);
  sqlite3_bind_int64 (stmt, 5, kefu_store_now ());
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      kefu_store_set_error (store, sqlite3_errcode (kefu_store_get_db (store)), error);
      return 0;
    }
  return sqlite3_last_insert_rowid (kefu_store_get_db (store));
}

/* Tickets ---------------------------------------------------------------- */

#define TICKET_COLUMNS \
  "t.id, t.number, t.channel, t.kind, t.subtype, t.level, t.location, t.owner_id, " \
  "coalesce(o.name, t.contact_name), coalesce(t.contact_phone, o.phone), t.description, t.status, " \
  "u.name, tm.name, tc.name, t.hold_reason, t.cancel_reason, t.followup_comment, " \
  "t.satisfaction, t.reopen_count, t.flagged, " \
  "t.created_at, t.first_response_at, t.dispatched_at, t.accepted_at, t.arrived_at, " \
  "t.resolved_at, t.followed_up_at, t.closed_at, t.cancelled_at "
#define TICKET_JOINS \
  "FROM tickets t LEFT JOIN owners o ON o.id = t.owner_id " \
  "LEFT JOIN users u ON u.id = t.agent_id LEFT JOIN teams tm ON tm.id = t.team_id " \
  "LEFT JOIN technicians tc ON tc.id = t.technician_id "

static KefuTicket *
ticket_from_row (sqlite3_stmt *stmt)
{
  KefuTicket *t = g_object_new (KEFU_TYPE_TICKET, NULL);
  int c = 0;

  t->id = sqlite3_column_int64 (stmt, c++);
  t->number = g_strdup (kefu_column_text (stmt, c++));
  t->channel = g_strdup (kefu_column_text (stmt, c++));
  t->kind = g_strdup (kefu_column_text (stmt, c++));
  t->subtype = g_strdup (kefu_column_text (stmt, c++));
  t->level = sqlite3_column_int (stmt, c++);
  t->location = g_strdup (kefu_column_text (stmt, c++));
  t->owner_id = sqlite3_column_int64 (stmt, c++);
  t->owner_name = g_strdup (kefu_column_text (stmt, c++));
  t->contact_phone = g_strdup (kefu_column_text (stmt, c++));
  t->description = g_strdup (kefu_column_text (stmt, c++));
  t->status = g_strdup (kefu_column_text (stmt, c++));
  t->agent_name = g_strdup (kefu_column_text (stmt, c++));
  t->team_name = g_strdup (kefu_column_text (stmt, c++));
  t->technician_name = g_strdup (kefu_column_text (stmt, c++));
  t->hold_reason = g_strdup (kefu_column_text (stmt, c++));
  t->cancel_reason = g_strdup (kefu_column_text (stmt, c++));
  t->followup_comment = g_strdup (kefu_column_text (stmt, c++));
  t->satisfaction = sqlite3_column_int (stmt, c++);
  t->reopen_count = sqlite3_column_int (stmt, c++);
  t->flagged = sqlite3_column_int (stmt, c++) != 0;
  for (guint m = 0; m < KEFU_TICKET_N_MILESTONES; m++)
    t->milestones[m] = sqlite3_column_int64 (stmt, c++);
  return t;
}

/* The ids of the matching tickets, newest first. Runs on a worker's own
 * connection for large databases; @cancellable stops it between rows. */
GArray *
kefu_desk_query_ticket_ids (KefuStore             *store,
                            const KefuTicketQuery *query,
                            GCancellable          *cancellable,
                            GError               **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) sql = g_string_new ("SELECT t.id FROM tickets t");
  g_autofree char *search = NULL;
  g_autofree char *pattern = NULL;
  const char *status = query != NULL ? query->status : NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean where = FALSE;
  guint n = 0;
  int rc;

  if (query != NULL && query->search != NULL)
    search = g_strstrip (g_strdup (query->search));
  if (search != NULL && *search == '\0')
    g_clear_pointer (&search, g_free);

  if (status != NULL)
    {
      if (g_str_equal (status, "open"))
        g_string_append (sql, " WHERE t.status NOT IN ('resolved','closed','cancelled')");
      else
        g_string_append (sql, " WHERE t.status = ?1");
      where = TRUE;
    }
  if (search != NULL)
    {
      /* The bigram index answers; a query with nothing searchable in it
       * (only punctuation) matches nothing. */
      pattern = kefu_search_match_expr (search);
      g_string_append (sql, where ? " AND " : " WHERE ");
      g_string_append (sql, pattern != NULL
                            ? "t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?2)"
                            : "0");
    }
  g_string_append (sql, " ORDER BY t.created_at DESC, t.id DESC");

  rc = sqlite3_prepare_v2 (kefu_store_get_db (store), sql->str, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      kefu_store_set_error (store, rc, error);
      return NULL;
    }
  if (status != NULL && !g_str_equal (status, "open"))
    sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  if (pattern != NULL)
    sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
      if ((++n & 0xfff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }
  sqlite3_finalize (stmt);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (rc != SQLITE_DONE)
    {
      kefu_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* The tickets with these ids, in the same order (a page of the list). */
GPtrArray *
kefu_desk_load_tickets (KefuStore     *store,
                        const gint64  *ids,
                        guint          n_ids,
                        GError       **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_full (n_ids, g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);

  for (guint start = 0; start < n_ids; start += PAGE_BINDS)
    {
      guint count = MIN (PAGE_BINDS, n_ids - start);
      g_autofree char *sql = NULL;
      GString *s = g_string_new ("SELECT " TICKET_COLUMNS TICKET_JOINS "WHERE t.id IN (");
      KEFU_AUTO_STMT *stmt = NULL;
      int rc;

      for (guint i = 0; i < PAGE_BINDS; i++)
        g_string_append (s, i ? ",?" : "?");
      g_string_append (s, ")");
      sql = g_string_free (s, FALSE);

      stmt = kefu_store_prepare (store, sql, error);
      if (stmt == NULL)
        return NULL;
      for (guint i = 0; i < PAGE_BINDS; i++)
        sqlite3_bind_int64 (stmt, i + 1, ids[start + MIN (i, count - 1)]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          KefuTicket *t = ticket_from_row (stmt);
          g_hash_table_replace (by_id, &t->id, t);
        }
      if (rc != SQLITE_DONE)
        {
          kefu_store_set_error (store, rc, error);
          return NULL;
        }
    }

  for (guint i = 0; i < n_ids; i++)
    {
      KefuTicket *t = g_hash_table_lookup (by_id, &ids[i]);
      if (t == NULL)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                       _("Ticket %lld no longer exists."), (long long) ids[i]);
          return NULL;
        }
      g_ptr_array_add (tickets, g_object_ref (t));
    }
  return g_steal_pointer (&tickets);
}

KefuTicket *
kefu_desk_get_ticket (KefuStore  *store,
                      gint64      id,
                      GError    **error)
{
  g_autoptr(GPtrArray) one = kefu_desk_load_tickets (store, &id, 1, error);

  if (one == NULL)
    return NULL;
  return g_object_ref (g_ptr_array_index (one, 0));
}

gint64
kefu_desk_find_ticket (KefuStore  *store,
                       const char *number)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, "SELECT id FROM tickets WHERE number = ?", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return 0;
}

GListStore *
kefu_desk_list_events (KefuStore  *store,
                       gint64      ticket_id,
                       GError    **error)
{
  g_autoptr(GListStore) events = g_list_store_new (KEFU_TYPE_TICKET_EVENT);
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "SELECT e.at, e.kind, u.name, e.from_status, e.to_status, e.body "
      "FROM ticket_events e LEFT JOIN users u ON u.id = e.user_id "
      "WHERE e.ticket_id = ? ORDER BY e.at, e.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KefuTicketEvent) e =
        kefu_ticket_event_new (sqlite3_column_int64 (stmt, 0),
                               kefu_column_text (stmt, 1), kefu_column_text (stmt, 2),
                               kefu_column_text (stmt, 3), kefu_column_text (stmt, 4),
                               kefu_column_text (stmt, 5));
      g_list_store_append (events, e);
    }
  if (rc != SQLITE_DONE)
    {
      kefu_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&events);
}

static gboolean
insert_event (KefuStore   *store,
              gint64       ticket_id,
              const char  *kind,
              const char  *body,
              GError     **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "INSERT INTO ticket_events (ticket_id, at, user_id, kind, body) VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, kefu_store_now ());
  kefu_bind_id_or_null (stmt, 3, kefu_store_get_actor (store));
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  kefu_bind_text_or_null (stmt, 5, body);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      kefu_store_set_error (store, sqlite3_errcode (kefu_store_get_db (store)), error);
      return FALSE;
    }
  return TRUE;
}

/* A note in the ticket's timeline, by the acting user. */
gboolean
kefu_desk_add_note (KefuStore   *store,
                    gint64       ticket_id,
                    const char  *text,
                    GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  KEFU_AUTO_STMT *touch = NULL;

  if (*trimmed == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("The note is empty."));
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  touch = kefu_store_prepare (store, "UPDATE tickets SET updated_at = ? WHERE id = ?", error);
  if (touch == NULL)
    goto fail;
  sqlite3_bind_int64 (touch, 1, kefu_store_now ());
  sqlite3_bind_int64 (touch, 2, ticket_id);
  if (sqlite3_step (touch) != SQLITE_DONE)
    {
      kefu_store_set_error (store, sqlite3_errcode (kefu_store_get_db (store)), error);
      goto fail;
    }
  if (sqlite3_changes (kefu_store_get_db (store)) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("Ticket %lld no longer exists."), (long long) ticket_id);
      goto fail;
    }
  if (!insert_event (store, ticket_id, "note", trimmed, error) ||
      !kefu_search_index_ticket (store, ticket_id, error))
    goto fail;
  return kefu_store_commit (store, error);

fail:
  kefu_store_rollback (store);
  return FALSE;
}

/* The full phone number of a ticket's contact, for a user whose role may
 * see it; every reveal is written to the audit log first. */
gboolean
kefu_desk_reveal_phone (KefuStore   *store,
                        KefuUser    *user,
                        gint64       ticket_id,
                        char       **phone,
                        GError     **error)
{
  g_autoptr(KefuTicket) ticket = NULL;
  KEFU_AUTO_STMT *stmt = NULL;

  if (!kefu_user_can (user, KEFU_PERMISSION_SEE_PHONE))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("Your role may not see owners’ full phone numbers."));
      return FALSE;
    }
  ticket = kefu_desk_get_ticket (store, ticket_id, error);
  if (ticket == NULL)
    return FALSE;
  stmt = kefu_store_prepare (store,
      "INSERT INTO audit_log (at, user_id, action, subject_table, subject_id, detail) "
      "VALUES (?, ?, 'reveal_phone', 'tickets', ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kefu_store_now ());
  sqlite3_bind_int64 (stmt, 2, kefu_user_get_id (user));
  sqlite3_bind_int64 (stmt, 3, ticket_id);
  sqlite3_bind_text (stmt, 4, kefu_ticket_get_number (ticket), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      kefu_store_set_error (store, sqlite3_errcode (kefu_store_get_db (store)), error);
      return FALSE;
    }
  *phone = g_strdup (kefu_ticket_get_contact_phone (ticket));
  return TRUE;
}
