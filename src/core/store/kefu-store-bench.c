/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-store-bench.c — what kefu-cli bench measures of SQLite itself
 * (see kefu-store-bench.h) */
#include "config.h"

#include <sqlite3.h>

#include "kefu-store-bench.h"
#include "kefu-store-private.h"

gboolean
kefu_store_bench_naive_query (KefuStore   *store,
                              const char  *sql,
                              const char  *text,
                              gint64       offset,
                              guint       *rows,
                              GError     **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int index;
  guint n = 0;

  g_return_val_if_fail (KEFU_IS_STORE (store), FALSE);
  g_return_val_if_fail (!kefu_store_is_server (store), FALSE);
  *rows = 0;
  db = kefu_store_get_db (store);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL, sqlite3_errmsg (db));
      return FALSE;
    }
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  if ((index = sqlite3_bind_parameter_index (stmt, ":offset")) > 0)
    sqlite3_bind_int64 (stmt, index, offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    n++;
  sqlite3_finalize (stmt);
  *rows = n;
  return TRUE;
}

const char *
kefu_store_bench_sqlite_version (void)
{
  return sqlite3_libversion ();
}
