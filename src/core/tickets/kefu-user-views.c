/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-user-views.c — the views each user saves for themselves
 *
 * One row of user_views (schema v23) per view. Every read and write names
 * the user: another user's view is not found, whatever its id.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-query.h"
#include "kefu-user-views.h"

static const char *const base_codes[KEFU_N_VIEWS] = {
  [KEFU_VIEW_ALL] = "all",
  [KEFU_VIEW_MY_OPEN] = "my_open",
  [KEFU_VIEW_AWAITING_FOLLOW_UP] = "follow_up",
  [KEFU_VIEW_DUE_SOON] = "due_soon",
  [KEFU_VIEW_OVERDUE] = "overdue",
  [KEFU_VIEW_FLAGGED] = "flagged",
  [KEFU_VIEW_RECURRING] = "recurring",
};

const char *
kefu_saved_view_code (KefuSavedView view)
{
  g_return_val_if_fail (view < KEFU_N_VIEWS, NULL);
  return base_codes[view];
}

gboolean
kefu_saved_view_from_code (const char    *code,
                           KefuSavedView *view)
{
  for (KefuSavedView v = 0; v < KEFU_N_VIEWS; v++)
    if (g_strcmp0 (code, base_codes[v]) == 0)
      {
        *view = v;
        return TRUE;
      }
  return FALSE;
}

KefuUserView *
kefu_user_view_new (void)
{
  return g_new0 (KefuUserView, 1);
}

KefuUserView *
kefu_user_view_copy (const KefuUserView *view)
{
  KefuUserView *copy = g_new (KefuUserView, 1);

  *copy = *view;
  copy->name = g_strdup (view->name);
  copy->search = g_strdup (view->search);
  copy->status = g_strdup (view->status);
  copy->kind = g_strdup (view->kind);
  copy->channel = g_strdup (view->channel);
  copy->building_name = g_strdup (view->building_name);
  copy->team_name = g_strdup (view->team_name);
  copy->agent_name = g_strdup (view->agent_name);
  copy->sort = g_strdup (view->sort);
  return copy;
}

void
kefu_user_view_free (KefuUserView *view)
{
  if (view == NULL)
    return;
  g_free (view->name);
  g_free (view->search);
  g_free (view->status);
  g_free (view->kind);
  g_free (view->channel);
  g_free (view->building_name);
  g_free (view->team_name);
  g_free (view->agent_name);
  g_free (view->sort);
  g_free (view);
}

/* An empty text is no filter. */
static char *
dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

#define COLUMNS "id, user_id, name, base, search, status, kind, channel, level, building_id, building_name, " \
                "team_id, team_name, agent_id, agent_name, from_day, to_day, sort, ascending"

static KefuUserView *
read_row (KefuQuery *q)
{
  KefuUserView *v = kefu_user_view_new ();
  int c = 0;

  v->id = kefu_query_get_int (q, c++);
  v->user_id = kefu_query_get_int (q, c++);
  v->name = g_strdup (kefu_query_get_text (q, c++));
  if (!kefu_saved_view_from_code (kefu_query_get_text (q, c++), &v->base))
    v->base = KEFU_VIEW_ALL;   /* a base this build does not know: all tickets, narrowed */
  v->search = dup_or_null (kefu_query_get_text (q, c++));
  v->status = dup_or_null (kefu_query_get_text (q, c++));
  v->kind = dup_or_null (kefu_query_get_text (q, c++));
  v->channel = dup_or_null (kefu_query_get_text (q, c++));
  v->level = kefu_query_get_int (q, c++);
  v->building_id = kefu_query_get_int (q, c++);
  v->building_name = dup_or_null (kefu_query_get_text (q, c++));
  v->team_id = kefu_query_get_int (q, c++);
  v->team_name = dup_or_null (kefu_query_get_text (q, c++));
  v->agent_id = kefu_query_get_int (q, c++);
  v->agent_name = dup_or_null (kefu_query_get_text (q, c++));
  v->from_day = kefu_query_get_int (q, c++);
  v->to_day = kefu_query_get_int (q, c++);
  v->sort = dup_or_null (kefu_query_get_text (q, c++));
  v->ascending = kefu_query_get_int (q, c++) != 0;
  return v;
}

GPtrArray *
kefu_user_view_list (KefuStore  *store,
                     gint64      user_id,
                     GError    **error)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT " COLUMNS " FROM user_views WHERE user_id = ?1 ORDER BY name, id", error);
  g_autoptr(GPtrArray) views = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_user_view_free);
  KefuQueryStep rc;

  if (q == NULL)
    return NULL;
  kefu_query_bind_int (q, 1, user_id);
  while ((rc = kefu_query_step (store, q, error)) == KEFU_QUERY_ROW)
    g_ptr_array_add (views, read_row (q));
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&views);
}

KefuUserView *
kefu_user_view_get (KefuStore  *store,
                    gint64      user_id,
                    gint64      view_id,
                    GError    **error)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT " COLUMNS " FROM user_views WHERE id = ?1 AND user_id = ?2", error);
  KefuQueryStep rc;

  if (q == NULL)
    return NULL;
  kefu_query_bind_int (q, 1, view_id);
  kefu_query_bind_int (q, 2, user_id);
  rc = kefu_query_step (store, q, error);
  if (rc == KEFU_QUERY_ROW)
    return read_row (q);
  if (rc == KEFU_QUERY_DONE)
    g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("This view no longer exists."));
  return NULL;
}

gboolean
kefu_user_view_check_name (KefuStore   *store,
                           gint64       user_id,
                           const char  *name,
                           gint64       except_id,
                           GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *folded = NULL;
  KEFU_AUTO_QUERY *q = NULL;
  KefuQueryStep rc;

  if (*trimmed == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("A view needs a name."));
      return FALSE;
    }
  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("A view’s name must be valid text."));
      return FALSE;
    }
  if (g_utf8_strlen (trimmed, -1) > KEFU_USER_VIEW_NAME_MAX)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "A view’s name has at most %d character.",
                                "A view’s name has at most %d characters.", KEFU_USER_VIEW_NAME_MAX),
                   KEFU_USER_VIEW_NAME_MAX);
      return FALSE;
    }
  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("A view’s name is one line, without tabs or control characters."));
        return FALSE;
      }
  folded = g_utf8_casefold (trimmed, -1);
  for (KefuSavedView v = 0; v < KEFU_N_VIEWS; v++)
    {
      g_autofree char *builtin = g_utf8_casefold (kefu_saved_view_label (v), -1);

      if (g_str_equal (folded, builtin))
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT,
                       _("“%s” is the name of a built-in view; choose another."), trimmed);
          return FALSE;
        }
    }
  q = kefu_query_prepare (store, "SELECT 1 FROM user_views WHERE user_id = ?1 AND lower(name) = lower(?2) AND id <> ?3", error);
  if (q == NULL)
    return FALSE;
  kefu_query_bind_int (q, 1, user_id);
  kefu_query_bind_text (q, 2, trimmed);
  kefu_query_bind_int (q, 3, except_id);
  rc = kefu_query_step (store, q, error);
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  if (rc == KEFU_QUERY_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT,
                   _("You already have a view named “%s”."), trimmed);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_fields (const KefuUserView  *view,
              GError             **error)
{
  if (view->base >= KEFU_N_VIEWS || view->level < 0 || view->level > 3)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The view’s filters cannot be saved: they name an unknown view or urgency."));
      return FALSE;
    }
  if (view->from_day > 0 && view->to_day > 0 && view->to_day < view->from_day)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The view’s filters cannot be saved: the last day comes before the first."));
      return FALSE;
    }
  return TRUE;
}

gboolean
kefu_user_view_save (KefuStore     *store,
                     KefuUserView  *view,
                     GError       **error)
{
  g_autofree char *name = g_strstrip (g_strdup (view->name != NULL ? view->name : ""));
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *q = NULL;
  gint64 now = kefu_store_now (store);
  int n = 1;

  g_return_val_if_fail (view->user_id > 0, FALSE);

  if (!check_fields (view, error))
    return FALSE;
  tx = kefu_transaction_begin (store, error);
  if (tx == NULL || !kefu_user_view_check_name (store, view->user_id, name, view->id, error))
    return FALSE;
  if (view->id == 0)
    q = kefu_query_prepare (store,
                            "INSERT INTO user_views (name, base, search, status, kind, channel, level, building_id,"
                            " building_name, team_id, team_name, agent_id, agent_name, from_day, to_day, sort, ascending,"
                            " updated_at, user_id, created_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?18)",
                            error);
  else
    q = kefu_query_prepare (store,
                            "UPDATE user_views SET name = ?1, base = ?2, search = ?3, status = ?4, kind = ?5, channel = ?6,"
                            " level = ?7, building_id = ?8, building_name = ?9, team_id = ?10, team_name = ?11,"
                            " agent_id = ?12, agent_name = ?13, from_day = ?14, to_day = ?15, sort = ?16, ascending = ?17,"
                            " updated_at = ?18 WHERE user_id = ?19 AND id = ?20",
                            error);
  if (q == NULL)
    return FALSE;
  kefu_query_bind_text (q, n++, name);
  kefu_query_bind_text (q, n++, base_codes[view->base]);
  kefu_query_bind_text_or_null (q, n++, view->search);
  kefu_query_bind_text_or_null (q, n++, view->status);
  kefu_query_bind_text_or_null (q, n++, view->kind);
  kefu_query_bind_text_or_null (q, n++, view->channel);
  kefu_query_bind_int (q, n++, view->level);
  kefu_query_bind_id (q, n++, view->building_id);
  kefu_query_bind_text_or_null (q, n++, view->building_id > 0 ? view->building_name : NULL);
  kefu_query_bind_id (q, n++, view->team_id);
  kefu_query_bind_text_or_null (q, n++, view->team_id > 0 ? view->team_name : NULL);
  kefu_query_bind_id (q, n++, view->agent_id);
  kefu_query_bind_text_or_null (q, n++, view->agent_id > 0 ? view->agent_name : NULL);
  kefu_query_bind_id (q, n++, view->from_day);
  kefu_query_bind_id (q, n++, view->to_day);
  kefu_query_bind_text_or_null (q, n++, view->sort);
  kefu_query_bind_int (q, n++, view->sort != NULL && view->ascending);
  kefu_query_bind_int (q, n++, now);
  kefu_query_bind_int (q, n++, view->user_id);
  if (view->id != 0)
    kefu_query_bind_int (q, n++, view->id);
  if (!kefu_query_run (store, q, error))
    return FALSE;
  if (view->id != 0 && kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("This view no longer exists."));
      return FALSE;
    }
  if (!kefu_transaction_commit (g_steal_pointer (&tx), error))
    return FALSE;
  if (view->id == 0)
    view->id = kefu_query_last_id (store);
  g_free (view->name);
  view->name = g_steal_pointer (&name);
  return TRUE;
}

gboolean
kefu_user_view_rename (KefuStore   *store,
                       gint64       user_id,
                       gint64       view_id,
                       const char  *name,
                       GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autoptr(KefuTransaction) tx = kefu_transaction_begin (store, error);
  KEFU_AUTO_QUERY *q = NULL;

  if (tx == NULL || !kefu_user_view_check_name (store, user_id, trimmed, view_id, error))
    return FALSE;
  q = kefu_query_prepare (store, "UPDATE user_views SET name = ?1, updated_at = ?2 WHERE id = ?3 AND user_id = ?4", error);
  if (q == NULL)
    return FALSE;
  kefu_query_bind_text (q, 1, trimmed);
  kefu_query_bind_int (q, 2, kefu_store_now (store));
  kefu_query_bind_int (q, 3, view_id);
  kefu_query_bind_int (q, 4, user_id);
  if (!kefu_query_run (store, q, error))
    return FALSE;
  if (kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("This view no longer exists."));
      return FALSE;
    }
  return kefu_transaction_commit (g_steal_pointer (&tx), error);
}

gboolean
kefu_user_view_delete (KefuStore   *store,
                       gint64       user_id,
                       gint64       view_id,
                       GError     **error)
{
  g_autoptr(KefuTransaction) tx = kefu_transaction_begin (store, error);

  if (tx == NULL || !kefu_query_exec (store, "DELETE FROM user_views WHERE id = ?1 AND user_id = ?2", view_id, user_id, error))
    return FALSE;
  if (kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("This view no longer exists."));
      return FALSE;
    }
  return kefu_transaction_commit (g_steal_pointer (&tx), error);
}

/* Whether the row @sql finds (?1 = @id) is there; a failed read counts as
 * there, so a locked database never empties a filter. */
static gboolean
still_there (KefuStore  *store,
             const char *sql,
             gint64      id)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, &error);
  KefuQueryStep rc;

  if (q == NULL)
    return TRUE;
  kefu_query_bind_int (q, 1, id);
  rc = kefu_query_step (store, q, &error);
  return rc != KEFU_QUERY_DONE;
}

static void
note_dropped (GString    *dropped,
              const char *what,
              const char *name,
              gint64      id)
{
  g_autofree char *fallback = g_strdup_printf ("#%" G_GINT64_FORMAT, id);

  if (dropped->len > 0)
    /* Translators: between the items of a list in a sentence */
    g_string_append (dropped, C_("list separator", ", "));
  /* Translators: a filter chip above the tickets: the filter, its value, e.g. "Kind: Repair" */
  g_string_append_printf (dropped, _("%s: %s"), what, name != NULL ? name : fallback);
}

void
kefu_user_view_apply (KefuStore          *store,
                      const KefuUserView *view,
                      KefuTicketQuery    *query,
                      char              **dropped)
{
  g_autoptr(GString) gone = g_string_new (NULL);

  memset (query, 0, sizeof *query);
  kefu_saved_view_apply (view->base, view->user_id, query);
  query->search = view->search;
  if (view->status != NULL)
    query->status = view->status;
  query->kind = view->kind;
  query->channel = view->channel;
  query->level = view->level;
  if (view->building_id > 0)
    {
      if (still_there (store, "SELECT 1 FROM buildings WHERE id = ?1", view->building_id))
        query->building_id = view->building_id;
      else
        note_dropped (gone, _("Building"), view->building_name, view->building_id);
    }
  if (view->team_id > 0)
    {
      if (still_there (store, "SELECT 1 FROM teams WHERE id = ?1", view->team_id))
        query->team_id = view->team_id;
      else
        note_dropped (gone, _("Team"), view->team_name, view->team_id);
    }
  if (view->agent_id > 0)
    {
      /* the agents the list's filter offers: active ones */
      if (still_there (store, "SELECT 1 FROM users WHERE id = ?1 AND role = 'agent' AND active <> 0", view->agent_id))
        query->agent_id = view->agent_id;
      else
        note_dropped (gone, _("First-contact agent"), view->agent_name, view->agent_id);
    }
  query->from = view->from_day;
  query->to = view->to_day > 0 ? view->to_day + 24 * 3600 : 0;   /* the last day is included */
  if (view->sort != NULL)
    {
      query->sort = view->sort;
      query->ascending = view->ascending;
    }
  if (dropped != NULL)
    /* Translators: under a saved view's filters; %s lists them, e.g. "Building: 9栋, Team: 电梯组" */
    *dropped = gone->len > 0 ? g_strdup_printf (_("Left out, no longer there: %s"), gone->str) : NULL;
}
