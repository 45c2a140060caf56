/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-sqlite.h — for the suites about SQLite itself (store, backup,
 * crash, faults): a file read through a plain read-only sqlite3
 * connection, which changes nothing in it (kefu_test_scalar() opens a
 * store, which may switch a copy's journal to WAL and checkpoints a WAL
 * when it closes last). */
#pragma once

#include <glib.h>
#include <sqlite3.h>

/* One number from a query on the file at @db_path: 0 for NULL, -1 when
 * there is no row. */
static inline gint64
kefu_test_file_scalar (const char *db_path,
                       const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}
