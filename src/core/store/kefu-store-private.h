/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-store-private.h — for the core's own SQL modules only */
#pragma once

#include <sqlite3.h>

#include "kefu-engine.h"
#include "kefu-store.h"

G_BEGIN_DECLS

sqlite3      *kefu_store_get_db      (KefuStore   *self);
sqlite3_stmt *kefu_store_prepare     (KefuStore   *self,
                                      const char  *sql,
                                      GError     **error);
gboolean      kefu_store_exec        (KefuStore   *self,
                                      const char  *sql,
                                      GError     **error);
void          kefu_store_set_error   (KefuStore   *self,
                                      int          rc,
                                      GError     **error);
gboolean      kefu_store_require_actor (KefuStore *self,
                                        GError   **error);

/* Server mode (#20), for the query layer (kefu-query.c) */
KefuEngine   *kefu_store_get_engine  (KefuStore   *self);
GHashTable   *kefu_store_get_server_statements (KefuStore *self);
/* The server's spec as given (NULL for a file), for a second connection */
const char   *kefu_store_get_conninfo (KefuStore   *self);
gboolean      kefu_store_signed_in_with (KefuStore  *self,
                                         const char *password);
void          kefu_store_set_password (KefuStore   *self,
                                       const char  *password);
/* A query on the server is no more (its store's cache is freed). */
void          kefu_query_forget      (gpointer     query);
void          kefu_store_ensure_sodium (void);   /* kefu-auth.c */

/* The settings that mark an offline copy of a server */
#define KEFU_OFFLINE_COPY_OF "offline_copy_of"
#define KEFU_OFFLINE_COPY_AT "offline_copy_at"

/* Many tickets at once, in the caller's transaction: CHECK constraints
 * and the roll-up's triggers once for all rows at the end instead of per
 * row (kefu-bulk-load.c). */
typedef struct {
  KefuStore *store;
  gint64     first_ticket;   /* the first new ticket's id */
  gint64     first_event;
  gboolean   active;
} KefuBulkLoad;

gboolean      kefu_bulk_load_begin   (KefuStore    *store,
                                      KefuBulkLoad *load,
                                      GError      **error);
gboolean      kefu_bulk_load_end     (KefuBulkLoad *load,
                                      GError      **error);
void          kefu_bulk_load_abort   (KefuBulkLoad *load);

/* Rows of one table given during a bulk load and written as a set (one
 * INSERT … SELECT for up to 4,096 rows), in the order given, with the
 * same ids as row by row; outside a bulk load (a server, bulk loads
 * turned off) each row is inserted when it is ended. Give a row's values
 * in the columns' order, end it, and flush before kefu_bulk_load_end.
 * Keyed rows (tickets) are given their ids here; rows that refer to
 * them name them their parent, so the parents' set is written first. */
typedef struct _KefuBulkRows KefuBulkRows;

KefuBulkRows *kefu_bulk_rows_new          (KefuBulkLoad  *load,
                                           const char    *table,
                                           const char    *columns,
                                           guint          n_columns);
KefuBulkRows *kefu_bulk_rows_new_keyed    (KefuBulkLoad  *load,
                                           const char    *table,
                                           const char    *columns,
                                           guint          n_columns);
KefuBulkRows *kefu_bulk_rows_new_sets     (KefuStore     *store,
                                           const char    *table,
                                           const char    *columns,
                                           guint          n_columns);
void          kefu_bulk_rows_set_parent   (KefuBulkRows  *rows,
                                           KefuBulkRows  *parent);
void          kefu_bulk_rows_int          (KefuBulkRows  *rows,
                                           gint64         value);
void          kefu_bulk_rows_id           (KefuBulkRows  *rows,
                                           gint64         id);
void          kefu_bulk_rows_text         (KefuBulkRows  *rows,
                                           const char    *text);
void          kefu_bulk_rows_text_or_null (KefuBulkRows  *rows,
                                           const char    *text);
gboolean      kefu_bulk_rows_end_row      (KefuBulkRows  *rows,
                                           GError       **error);
gboolean      kefu_bulk_rows_end_keyed_row (KefuBulkRows *rows,
                                           gint64        *id,
                                           GError       **error);
gboolean      kefu_bulk_rows_flush        (KefuBulkRows  *rows,
                                           GError       **error);
void          kefu_bulk_rows_free         (KefuBulkRows  *rows);
void          kefu_bulk_rows_set_size_for_tests (guint     n);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuBulkRows, kefu_bulk_rows_free)
/* Tests: FALSE makes this store's bulk loads check and mark row by row,
 * as without a bulk load (a property of the store, not of the process) */
void          kefu_store_set_bulk_load_enabled (KefuStore *store,
                                                gboolean   enabled);
gboolean      kefu_store_get_bulk_load_enabled (KefuStore *store);

/* A cached statement that resets itself when it goes out of scope. */
static inline void
kefu_stmt_autoreset (sqlite3_stmt **stmt)
{
  if (*stmt != NULL)
    {
      sqlite3_reset (*stmt);
      sqlite3_clear_bindings (*stmt);
    }
}
#define KEFU_AUTO_STMT __attribute__((cleanup (kefu_stmt_autoreset))) sqlite3_stmt

static inline const char *
kefu_column_text (sqlite3_stmt *stmt,
                  int           col)
{
  const unsigned char *t = sqlite3_column_text (stmt, col);
  return t != NULL ? (const char *) t : NULL;
}

static inline void
kefu_bind_text_or_null (sqlite3_stmt *stmt,
                        int           idx,
                        const char   *text)
{
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, idx, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, idx);
}

static inline void
kefu_bind_id_or_null (sqlite3_stmt *stmt,
                      int           idx,
                      gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, idx, id);
  else
    sqlite3_bind_null (stmt, idx);
}

G_END_DECLS
