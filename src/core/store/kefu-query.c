/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-query.c — the store's one small query layer (kefu-query.h) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-choice.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

/* Whether @sql has a `?` without its number, outside quotes. */
static gboolean
has_bare_parameter (const char *sql)
{
  char quote = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '\'' || *p == '"')
        quote = *p;
      else if (*p == '?' && !g_ascii_isdigit (p[1]))
        return TRUE;
    }
  return FALSE;
}

KefuQuery *
kefu_query_prepare (KefuStore   *store,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt;

  /* a programming error, caught by any test that runs the statement */
  if (has_bare_parameter (sql))
    {
      g_critical ("%s: parameters are numbered (?1, ?2…), never a bare ?: %s", G_STRFUNC, sql);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL, "Unnumbered parameter in: %s", sql);
      return NULL;
    }
  stmt = kefu_store_prepare (store, sql, error);

  if (stmt != NULL)
    kefu_query_reset (stmt);
  return stmt;
}

void
kefu_query_reset (KefuQuery *query)
{
  sqlite3_reset (query);
  sqlite3_clear_bindings (query);
}

void
kefu_query_bind_int (KefuQuery *query,
                     int        n,
                     gint64     value)
{
  sqlite3_bind_int64 (query, n, value);
}

void
kefu_query_bind_double (KefuQuery *query,
                        int        n,
                        double     value)
{
  sqlite3_bind_double (query, n, value);
}

void
kefu_query_bind_text (KefuQuery  *query,
                      int         n,
                      const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (query, n, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (query, n);
}

void
kefu_query_bind_text_or_null (KefuQuery  *query,
                              int         n,
                              const char *text)
{
  kefu_bind_text_or_null (query, n, text);
}

void
kefu_query_bind_id (KefuQuery *query,
                    int        n,
                    gint64     id)
{
  kefu_bind_id_or_null (query, n, id);
}

void
kefu_query_bind_null (KefuQuery *query,
                      int        n)
{
  sqlite3_bind_null (query, n);
}

void
kefu_query_bind_bytes (KefuQuery *query,
                       int        n,
                       GBytes    *data)
{
  gsize size = data != NULL ? g_bytes_get_size (data) : 0;

  sqlite3_bind_blob64 (query, n, size > 0 ? g_bytes_get_data (data, NULL) : "", size, SQLITE_TRANSIENT);
}

/* The next word of @p (a name, unquoted), moving past it; NULL at the
 * end or before anything else. */
static char *
next_word (const char **p)
{
  const char *start = *p, *end;

  while (g_ascii_isspace (*start) || *start == '"' || *start == '`' || *start == '[')
    start++;
  for (end = start; g_ascii_isalnum (*end) || *end == '_'; end++)
    ;
  *p = end;
  return end > start ? g_strndup (start, end - start) : NULL;
}

/* The table after the first whole word @keyword of @sql. */
static char *
table_after (const char *sql,
             const char *keyword)
{
  gsize len = strlen (keyword);

  for (const char *p = sql; *p != '\0'; p++)
    if (g_ascii_strncasecmp (p, keyword, len) == 0 &&
        (p == sql || !(g_ascii_isalnum (p[-1]) || p[-1] == '_')) &&
        g_ascii_isspace (p[len]))
      {
        p += len;
        return next_word (&p);
      }
  return NULL;
}

/* "Could not change “tickets”: " before @error's message, from what the
 * statement's text says it does. */
static void
name_purpose (KefuQuery  *query,
              GError    **error)
{
  const char *sql = sqlite3_sql (query);
  g_autofree char *verb = NULL;
  g_autofree char *table = NULL;

  if (error == NULL || *error == NULL || sql == NULL)
    return;
  verb = next_word (&sql);
  if (verb == NULL)
    return;
  if (g_ascii_strcasecmp (verb, "INSERT") == 0 || g_ascii_strcasecmp (verb, "REPLACE") == 0)
    {
      if ((table = table_after (sql, "INTO")) != NULL)
        g_prefix_error (error, _("Could not add to “%s”: "), table);
    }
  else if (g_ascii_strcasecmp (verb, "UPDATE") == 0)
    {
      table = next_word (&sql);
      if (table != NULL && g_ascii_strcasecmp (table, "OR") == 0)
        {
          g_free (next_word (&sql));   /* UPDATE OR action table */
          g_free (table);
          table = next_word (&sql);
        }
      if (table != NULL)
        g_prefix_error (error, _("Could not change “%s”: "), table);
    }
  else if (g_ascii_strcasecmp (verb, "DELETE") == 0)
    {
      if ((table = table_after (sql, "FROM")) != NULL)
        g_prefix_error (error, _("Could not remove from “%s”: "), table);
    }
  else if ((table = table_after (sql, "FROM")) != NULL)
    g_prefix_error (error, _("Could not read “%s”: "), table);
}

KefuQueryStep
kefu_query_step (KefuStore  *store,
                 KefuQuery  *query,
                 GError    **error)
{
  int rc = sqlite3_step (query);

  if (rc == SQLITE_ROW)
    return KEFU_QUERY_ROW;
  if (rc == SQLITE_DONE)
    return KEFU_QUERY_DONE;
  kefu_store_set_error (store, sqlite3_extended_errcode (sqlite3_db_handle (query)), error);
  name_purpose (query, error);
  sqlite3_reset (query);
  return KEFU_QUERY_FAILED;
}

gboolean
kefu_query_run (KefuStore  *store,
                KefuQuery  *query,
                GError    **error)
{
  KefuQueryStep rc;

  while ((rc = kefu_query_step (store, query, error)) == KEFU_QUERY_ROW)
    ;
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  sqlite3_reset (query);
  return TRUE;
}

gboolean
kefu_query_step_one (KefuStore   *store,
                     KefuQuery   *query,
                     GError     **error,
                     int          code,
                     const char  *format,
                     ...)
{
  KefuQueryStep rc = kefu_query_step (store, query, error);
  va_list args;

  if (rc == KEFU_QUERY_ROW)
    return TRUE;
  if (rc == KEFU_QUERY_DONE && error != NULL)
    {
      va_start (args, format);
      g_propagate_error (error, g_error_new_valist (KEFU_STORE_ERROR, code, format, args));
      va_end (args);
    }
  return FALSE;
}

gint64
kefu_query_get_int (KefuQuery *query,
                    int        col)
{
  return sqlite3_column_int64 (query, col);
}

double
kefu_query_get_double (KefuQuery *query,
                       int        col)
{
  return sqlite3_column_double (query, col);
}

const char *
kefu_query_get_text (KefuQuery *query,
                     int        col)
{
  return kefu_column_text (query, col);
}

gboolean
kefu_query_is_null (KefuQuery *query,
                    int        col)
{
  return sqlite3_column_type (query, col) == SQLITE_NULL;
}

GBytes *
kefu_query_get_bytes (KefuQuery *query,
                      int        col)
{
  /* sqlite3_column_blob before sqlite3_column_bytes, as SQLite asks */
  const void *data = sqlite3_column_blob (query, col);

  return g_bytes_new (data, sqlite3_column_bytes (query, col));
}

int
kefu_query_column_count (KefuQuery *query)
{
  return sqlite3_column_count (query);
}

gint64
kefu_query_last_id (KefuStore *store)
{
  return sqlite3_last_insert_rowid (kefu_store_get_db (store));
}

gint64
kefu_query_changes (KefuStore *store)
{
  return sqlite3_changes64 (kefu_store_get_db (store));
}

gboolean
kefu_query_exec (KefuStore   *store,
                 const char  *sql,
                 gint64       a,
                 gint64       b,
                 GError     **error)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, error);

  if (q == NULL)
    return FALSE;
  kefu_query_bind_int (q, 1, a);
  if (sqlite3_bind_parameter_count (q) >= 2)
    kefu_query_bind_int (q, 2, b);
  return kefu_query_run (store, q, error);
}

gboolean
kefu_query_run_with_ids (KefuStore     *store,
                         const char    *sql,
                         const gint64  *ids,
                         gsize          n_ids,
                         GError       **error)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, error);

  if (q == NULL)
    return FALSE;
  for (gsize i = 0; i < n_ids; i++)
    {
      kefu_query_bind_int (q, 1, ids[i]);
      if (!kefu_query_run (store, q, error))
        return FALSE;
    }
  return TRUE;
}

GListStore *
kefu_query_list_choices (KefuStore   *store,
                         const char  *sql,
                         gint64       param,
                         GError     **error)
{
  g_autoptr(GListStore) list = g_list_store_new (KEFU_TYPE_CHOICE);
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, error);
  gboolean detail;
  KefuQueryStep rc;

  if (q == NULL)
    return NULL;
  if (sqlite3_bind_parameter_count (q) > 0)
    kefu_query_bind_int (q, 1, param);
  detail = sqlite3_column_count (q) > 2;
  while ((rc = kefu_query_step (store, q, error)) == KEFU_QUERY_ROW)
    {
      g_autoptr(KefuChoice) c = kefu_choice_new (kefu_query_get_int (q, 0), kefu_query_get_text (q, 1),
                                                 detail ? kefu_query_get_text (q, 2) : NULL);
      g_list_store_append (list, c);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

/* Transactions ---------------------------------------------------------- */

struct _KefuTransaction
{
  KefuStore *store;
  char      *savepoint;   /* NULL: the top-level transaction */
  gboolean   over;
};

gboolean
kefu_store_in_transaction (KefuStore *store)
{
  return sqlite3_get_autocommit (kefu_store_get_db (store)) == 0;
}

KefuTransaction *
kefu_transaction_begin (KefuStore  *store,
                        GError    **error)
{
  KefuTransaction *tx = g_new0 (KefuTransaction, 1);

  if (kefu_store_in_transaction (store))
    {
      g_autofree char *sql = NULL;

      /* named after the struct: unique while it lives */
      tx->savepoint = g_strdup_printf ("kefu_tx_%" G_GUINTPTR_FORMAT, (guintptr) tx);
      sql = g_strdup_printf ("SAVEPOINT %s", tx->savepoint);
      if (!kefu_store_exec (store, sql, error))
        goto fail;
    }
  else if (!kefu_store_begin (store, error))
    goto fail;
  tx->store = g_object_ref (store);
  return tx;

fail:
  g_free (tx->savepoint);
  g_free (tx);
  return NULL;
}

static void
roll_back (KefuTransaction *tx)
{
  if (tx->savepoint != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("ROLLBACK TO %s; RELEASE %s", tx->savepoint, tx->savepoint);
      /* a failed statement may have ended the whole transaction already */
      if (kefu_store_in_transaction (tx->store))
        sqlite3_exec (kefu_store_get_db (tx->store), sql, NULL, NULL, NULL);
    }
  else
    kefu_store_rollback (tx->store);
}

gboolean
kefu_transaction_commit (KefuTransaction  *tx,
                         GError          **error)
{
  gboolean ok;

  g_return_val_if_fail (tx != NULL && !tx->over, FALSE);
  tx->over = TRUE;
  if (tx->savepoint == NULL)
    return kefu_store_commit (tx->store, error);
  {
    g_autofree char *sql = g_strdup_printf ("RELEASE %s", tx->savepoint);
    ok = kefu_store_exec (tx->store, sql, error);
  }
  if (!ok)
    roll_back (tx);
  return ok;
}

gboolean
kefu_transaction_end (KefuTransaction  *tx,
                      gboolean          ok,
                      GError          **error)
{
  g_return_val_if_fail (tx != NULL && !tx->over, FALSE);
  if (ok)
    return kefu_transaction_commit (tx, error);
  tx->over = TRUE;
  roll_back (tx);
  return FALSE;
}

void
kefu_transaction_free (KefuTransaction *tx)
{
  if (tx == NULL)
    return;
  if (!tx->over)
    roll_back (tx);
  g_object_unref (tx->store);
  g_free (tx->savepoint);
  g_free (tx);
}

gboolean
kefu_store_begin_read (KefuStore  *store,
                       GError    **error)
{
  return kefu_store_exec (store, "BEGIN DEFERRED", error);
}

void
kefu_store_end_read (KefuStore *store)
{
  /* nothing was written: COMMIT only releases the snapshot (and keeps
   * what a caller's mistake wrote rather than dropping it silently) */
  if (kefu_store_in_transaction (store) &&
      sqlite3_exec (kefu_store_get_db (store), "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    kefu_store_rollback (store);
}

gboolean
kefu_store_finish (KefuStore  *store,
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
