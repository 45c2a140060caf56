/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-engine-sqlite.c — the SQLite engine behind kefu-engine.h */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "kefu-engine-private.h"

typedef struct {
  KefuEngine  parent;
  sqlite3    *db;
} SqliteEngine;

typedef struct {
  KefuEngineStmt  parent;
  sqlite3_stmt   *stmt;
  char           *sql;
} SqliteStmt;

static int
map_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return KEFU_STORE_ERROR_RETRY;
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return KEFU_STORE_ERROR_CONFLICT;
      return KEFU_STORE_ERROR_INVALID;
    case SQLITE_CANTOPEN:
      return KEFU_STORE_ERROR_OPEN;
    case SQLITE_NOTADB:
      return KEFU_STORE_ERROR_NOT_A_DATABASE;
    case SQLITE_READONLY:
      return KEFU_STORE_ERROR_READ_ONLY;
    case SQLITE_CORRUPT:
      return KEFU_STORE_ERROR_CORRUPT;
    case SQLITE_FULL:
      return KEFU_STORE_ERROR_FULL;
    default:
      return KEFU_STORE_ERROR_SQL;
    }
}

static void
set_error (SqliteEngine  *self,
           GError       **error,
           const char    *sql)
{
  kefu_engine_set_error (error, map_code (sqlite3_extended_errcode (self->db)), sql,
                         sqlite3_errmsg (self->db));
}

static void
sqlite_free (KefuEngine *engine)
{
  SqliteEngine *self = (SqliteEngine *) engine;

  sqlite3_close_v2 (self->db);
  g_free (self);
}

static gboolean
sqlite_exec (KefuEngine  *engine,
             const char  *sql,
             GError     **error)
{
  SqliteEngine *self = (SqliteEngine *) engine;

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_error (self, error, sql);
      return FALSE;
    }
  return TRUE;
}

static KefuEngineStmt *
sqlite_prepare (KefuEngine  *engine,
                const char  *sql,
                int          n_params,
                GError     **error)
{
  SqliteEngine *self = (SqliteEngine *) engine;
  sqlite3_stmt *stmt = NULL;
  SqliteStmt *s;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_error (self, error, sql);
      return NULL;
    }
  s = g_new0 (SqliteStmt, 1);
  s->stmt = stmt;
  s->sql = g_strdup (sql);
  return &s->parent;
}

static void
sqlite_stmt_free (KefuEngineStmt *stmt)
{
  SqliteStmt *s = (SqliteStmt *) stmt;

  sqlite3_finalize (s->stmt);
  g_free (s->sql);
  g_free (s);
}

static void
sqlite_stmt_reset (KefuEngineStmt *stmt)
{
  sqlite3_reset (((SqliteStmt *) stmt)->stmt);
}

static void
sqlite_bind_int (KefuEngineStmt *stmt, int n, gint64 value)
{
  sqlite3_bind_int64 (((SqliteStmt *) stmt)->stmt, n, value);
}

static void
sqlite_bind_double (KefuEngineStmt *stmt, int n, double value)
{
  sqlite3_bind_double (((SqliteStmt *) stmt)->stmt, n, value);
}

static void
sqlite_bind_text (KefuEngineStmt *stmt, int n, const char *text)
{
  sqlite3_bind_text (((SqliteStmt *) stmt)->stmt, n, text, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_null (KefuEngineStmt *stmt, int n)
{
  sqlite3_bind_null (((SqliteStmt *) stmt)->stmt, n);
}

static void
sqlite_bind_blob (KefuEngineStmt *stmt, int n, GBytes *bytes)
{
  gsize len = 0;
  gconstpointer data = g_bytes_get_data (bytes, &len);

  /* a zero-length blob is still a blob, not NULL */
  sqlite3_bind_blob64 (((SqliteStmt *) stmt)->stmt, n, data != NULL ? data : "", len, SQLITE_TRANSIENT);
}

static GBytes *
sqlite_get_blob (KefuEngineStmt *stmt, int col)
{
  sqlite3_stmt *s = ((SqliteStmt *) stmt)->stmt;
  const void *data = sqlite3_column_blob (s, col);

  return g_bytes_new (data, sqlite3_column_bytes (s, col));
}

static KefuQueryStep
sqlite_step (KefuEngineStmt  *stmt,
             GError         **error)
{
  SqliteStmt *s = (SqliteStmt *) stmt;
  int rc = sqlite3_step (s->stmt);

  if (rc == SQLITE_ROW)
    return KEFU_QUERY_ROW;
  if (rc == SQLITE_DONE)
    return KEFU_QUERY_DONE;
  set_error ((SqliteEngine *) stmt->engine, error, s->sql);
  sqlite3_reset (s->stmt);
  return KEFU_QUERY_FAILED;
}

static int
sqlite_column_count (KefuEngineStmt *stmt)
{
  return sqlite3_column_count (((SqliteStmt *) stmt)->stmt);
}

static const char *
sqlite_column_name (KefuEngineStmt *stmt, int col)
{
  return sqlite3_column_name (((SqliteStmt *) stmt)->stmt, col);
}

static gint64
sqlite_get_int (KefuEngineStmt *stmt, int col)
{
  return sqlite3_column_int64 (((SqliteStmt *) stmt)->stmt, col);
}

static double
sqlite_get_double (KefuEngineStmt *stmt, int col)
{
  return sqlite3_column_double (((SqliteStmt *) stmt)->stmt, col);
}

static const char *
sqlite_get_text (KefuEngineStmt *stmt, int col)
{
  return (const char *) sqlite3_column_text (((SqliteStmt *) stmt)->stmt, col);
}

static gboolean
sqlite_is_null (KefuEngineStmt *stmt, int col)
{
  return sqlite3_column_type (((SqliteStmt *) stmt)->stmt, col) == SQLITE_NULL;
}

static gboolean
sqlite_in_transaction (KefuEngine *engine)
{
  return sqlite3_get_autocommit (((SqliteEngine *) engine)->db) == 0;
}

static gint64
sqlite_changes (KefuEngine *engine)
{
  return sqlite3_changes64 (((SqliteEngine *) engine)->db);
}

static gint64
sqlite_now (KefuEngine  *engine,
            GError     **error)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static const KefuEngineClass sqlite_class = {
  .in_transaction = sqlite_in_transaction,
  .changes = sqlite_changes,
  .server_now = sqlite_now,
  .kind = KEFU_ENGINE_SQLITE,
  /* takes the write lock at once, so the busy handler waits for a writer */
  .begin_sql = "BEGIN IMMEDIATE",
  .free = sqlite_free,
  .exec = sqlite_exec,
  .prepare = sqlite_prepare,
  .stmt_free = sqlite_stmt_free,
  .stmt_reset = sqlite_stmt_reset,
  .bind_int = sqlite_bind_int,
  .bind_double = sqlite_bind_double,
  .bind_text = sqlite_bind_text,
  .bind_null = sqlite_bind_null,
  .bind_blob = sqlite_bind_blob,
  .step = sqlite_step,
  .column_count = sqlite_column_count,
  .column_name = sqlite_column_name,
  .get_int = sqlite_get_int,
  .get_double = sqlite_get_double,
  .get_text = sqlite_get_text,
  .is_null = sqlite_is_null,
  .get_blob = sqlite_get_blob,
};

KefuEngine *
kefu_engine_sqlite_new (const char  *path,
                        gboolean     create,
                        GError     **error)
{
  SqliteEngine *self;
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);

  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"), path,
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (SQLITE_NOMEM));
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 5000);
  sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  self = g_new0 (SqliteEngine, 1);
  self->parent.klass = &sqlite_class;
  self->db = db;
  return &self->parent;
}

void
kefu_engine_sqlite_set_busy_timeout (KefuEngine *engine,
                                     int         milliseconds)
{
  sqlite3_busy_timeout (((SqliteEngine *) engine)->db, milliseconds);
}
