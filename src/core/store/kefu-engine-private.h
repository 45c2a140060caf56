/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-engine-private.h — what an engine (kefu-engine-sqlite.c,
 * kefu-engine-pg.c) implements for kefu-engine.c */
#pragma once

#include "kefu-engine.h"
#include "kefu-module.h"

G_BEGIN_DECLS

typedef struct {
  KefuEngineKind  kind;
  const char     *begin_sql;     /* the outermost BEGIN */
  void            (*free)          (KefuEngine *engine);
  gboolean        (*exec)          (KefuEngine *engine, const char *sql, GError **error);
  KefuEngineStmt *(*prepare)       (KefuEngine *engine, const char *sql, int n_params, GError **error);
  void            (*stmt_free)     (KefuEngineStmt *stmt);
  void            (*stmt_reset)    (KefuEngineStmt *stmt);
  void            (*bind_int)      (KefuEngineStmt *stmt, int n, gint64 value);
  void            (*bind_double)   (KefuEngineStmt *stmt, int n, double value);
  void            (*bind_text)     (KefuEngineStmt *stmt, int n, const char *text);
  void            (*bind_null)     (KefuEngineStmt *stmt, int n);
  void            (*bind_blob)     (KefuEngineStmt *stmt, int n, GBytes *bytes);
  KefuQueryStep   (*step)          (KefuEngineStmt *stmt, GError **error);
  int             (*column_count)  (KefuEngineStmt *stmt);
  const char     *(*column_name)   (KefuEngineStmt *stmt, int col);
  gint64          (*get_int)       (KefuEngineStmt *stmt, int col);
  double          (*get_double)    (KefuEngineStmt *stmt, int col);
  const char     *(*get_text)      (KefuEngineStmt *stmt, int col);
  gboolean        (*is_null)       (KefuEngineStmt *stmt, int col);
  GBytes         *(*get_blob)      (KefuEngineStmt *stmt, int col);
  gboolean        (*in_transaction) (KefuEngine *engine);
  gint64          (*changes)       (KefuEngine *engine);
  gint64          (*server_now)    (KefuEngine *engine, GError **error);
  /* PostgreSQL only (NULL on SQLite): LISTEN/NOTIFY for KefuStoreWatch */
  int             (*socket)        (KefuEngine *engine);
  GPtrArray      *(*take_notifies) (KefuEngine *engine, const char *channel, int ignore_pid,
                                    GError **error);
  gboolean        (*reconnect)     (KefuEngine *engine, GError **error);
  void            (*adopt)         (KefuEngine *engine, KefuEngine *fresh);
  gboolean        (*is_lost)       (KefuEngine *engine);
  guint           (*generation)    (KefuEngine *engine);
  void            (*lose_commit_reply) (KefuEngine *engine);   /* tests only */
  guint           (*prepared_count) (KefuEngine *engine);      /* tests only */
  char           *(*option)        (KefuEngine *engine, const char *keyword);
  /* PostgreSQL only (NULL on SQLite): COPY … FROM STDIN, for migrate */
  gboolean        (*copy_begin)    (KefuEngine *engine, const char *sql, GError **error);
  gboolean        (*copy_put)      (KefuEngine *engine, const char *data, gsize len, GError **error);
  gboolean        (*copy_end)      (KefuEngine *engine, GError **error);
} KefuEngineClass;

struct _KefuEngine {
  const KefuEngineClass *klass;
  int                    depth;   /* open transaction + savepoints */
  gboolean               statement_rollback;   /* kefu_engine_set_statement_rollback() */
  /* PostgreSQL: kefu_engine_pg_set_reconnect_by_caller() */
  gboolean               reconnect_by_caller;
  gboolean               held_offline;   /* kefu_engine_pg_set_offline() */
  GCallback              lost_func;
  gpointer               lost_data;
};

struct _KefuEngineStmt {
  KefuEngine *engine;
  int         n_params;
};

/* Sets @error to @code with the engine's @detail, naming what the
 * statement @sql was doing. */
void        kefu_engine_set_error (GError     **error,
                                   int          code,
                                   const char  *sql,
                                   const char  *detail);

/* Sets @error to the translated refusal a Kefu server function raised
 * with SQLSTATE @sqlstate (KFnnn) and the values of its @detail; FALSE
 * (nothing set) for any other SQLSTATE. */
gboolean    kefu_engine_set_server_refusal (GError     **error,
                                            const char  *sqlstate,
                                            const char  *detail);
/* Whether @error is one of those refusals (its kind, and its sentence as
 * the current language words it, values in their places) */
gboolean    kefu_engine_is_server_refusal  (const GError *error);

KefuEngine *kefu_engine_sqlite_new (const char  *path,
                                    gboolean     create,
                                    GError     **error);
void        kefu_engine_sqlite_set_busy_timeout (KefuEngine *engine,
                                                 int         milliseconds);

/* The table of the "pg" module (kefu-engine-pg.c, kefu-module.h): the
 * PostgreSQL engine, with libpq, loaded on the first connection. */
typedef struct {
  KefuModuleInfo  info;
  KefuEngine     *(*connect)       (const char *conninfo, GError **error);
  char           *(*describe_spec) (const char *db);
} KefuEnginePgModule;

G_END_DECLS
