/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-query.h — the store's one small query layer (not an ORM)
 *
 * What every SQL module of the core does with the database, written once:
 * prepare (numbered parameters), bind, step, read columns, run to the
 * end, run once per id, read a list to pick from, and one style of
 * transaction. For the core's own modules only (like kefu-store-private.h).
 *
 * Parameters are numbered and written once in the text: `?1`, `?2`…
 * (a parameter used twice is the same number twice, never a second `?`;
 * kefu_query_prepare() refuses a bare `?` with a critical).
 * That is what a PostgreSQL engine (#20) translates to `$1`, `$2` at
 * prepare time, so no domain module writes either engine's spelling.
 *
 * A KefuQuery is the store's cached statement: preparing the same text
 * again returns the same query, reset. On a file it IS the sqlite3_stmt,
 * so a module not yet converted may still call sqlite3_* on it (and works
 * on files only); on a server (#20: kefu_store_is_server()) it is the
 * engine's statement and only these functions may touch it. When every
 * module is converted the type becomes opaque and such calls stop
 * compiling.
 *
 * On a server the text is SQLite's, rewritten once at prepare
 * (kefu_query_sql_for_server(): INSERT OR IGNORE, `IS ?N`, group_concat);
 * anything else must be written so both engines read it the same (a
 * number column compared with `<> 0` rather than used as a truth value,
 * `sum(CASE WHEN … THEN 1 ELSE 0 END)` rather than `sum(a = b)`, an alias
 * on every sub-select in FROM). kefu_query_last_id() is the identity the
 * last INSERT drew (lastval()).
 *
 * Errors (KEFU_STORE_ERROR, kefu-store.h) come in a few kinds a caller
 * can act on:
 *   KEFU_STORE_ERROR_RETRY     another connection holds the write lock
 *                              past the busy timeout (SQLite's BUSY or
 *                              LOCKED; PostgreSQL's serialization failure
 *                              and deadlock): nothing was written, the same
 *                              work may be tried again;
 *   KEFU_STORE_ERROR_CONFLICT  a UNIQUE or PRIMARY KEY constraint: a row
 *                              with the same key exists already;
 *   KEFU_STORE_ERROR_INVALID   another constraint (CHECK, NOT NULL,
 *                              FOREIGN KEY, a trigger's RAISE);
 *   others                     as kefu_store_set_error() maps them
 *                              (KEFU_STORE_ERROR_SQL when nothing fits).
 * The message names what the statement was doing ("Could not change
 * “tickets”: …"), read from its text.
 *
 * Transactions: one style. A write opens with BEGIN IMMEDIATE (it takes
 * the write lock at once, so SQLite's busy handler waits for another
 * writer; a deferred BEGIN or a top-level SAVEPOINT would take it at the
 * first write and fail at once with SQLITE_BUSY). Savepoints exist only
 * inside it: kefu_transaction_begin() inside an open transaction is a
 * savepoint, whose rollback keeps what the outer transaction wrote.
 *
 *   g_autoptr(KefuTransaction) tx = kefu_transaction_begin (store, error);
 *   if (tx == NULL || !write_this (store, error) || !write_that (store, error))
 *     return FALSE;                  // rolled back when tx goes out of scope
 *   return kefu_transaction_commit (tx, error);
 *
 * Code that keeps its begin … end in one function without the auto
 * pointer uses kefu_store_begin() and kefu_store_finish (store, ok, error).
 * Reading several statements from one snapshot is the only other kind:
 * kefu_store_begin_read() … kefu_store_end_read().
 */
#pragma once

#include <gio/gio.h>

#include "kefu-store.h"

G_BEGIN_DECLS

typedef struct sqlite3_stmt KefuQuery;

/* What kefu_query_step() met. */
typedef enum {
  KEFU_QUERY_FAILED = -1,   /* @error is set */
  KEFU_QUERY_DONE   = 0,    /* no more rows */
  KEFU_QUERY_ROW    = 1,    /* a row to read */
} KefuQueryStep;

/* The cached query for @sql, reset and unbound. Keep it in a
 * KEFU_AUTO_QUERY variable: it is reset and unbound again when the
 * variable goes out of scope, so the next user finds it clean. */
KefuQuery     *kefu_query_prepare        (KefuStore    *store,
                                          const char   *sql,
                                          GError      **error);
void           kefu_query_reset          (KefuQuery    *query);

static inline void
kefu_query_autoreset (KefuQuery **query)
{
  if (*query != NULL)
    kefu_query_reset (*query);
}
#define KEFU_AUTO_QUERY __attribute__((cleanup (kefu_query_autoreset))) KefuQuery

/* Binding; @n counts from 1 (`?1`). Text is copied. */
void           kefu_query_bind_int       (KefuQuery    *query,
                                          int           n,
                                          gint64        value);
void           kefu_query_bind_double    (KefuQuery    *query,
                                          int           n,
                                          double        value);
/* NULL binds SQL NULL; "" is an empty string. */
void           kefu_query_bind_text      (KefuQuery    *query,
                                          int           n,
                                          const char   *text);
/* NULL and "" both bind SQL NULL (an optional field left empty). */
void           kefu_query_bind_text_or_null (KefuQuery *query,
                                          int           n,
                                          const char   *text);
/* An id, or SQL NULL when @id <= 0 (no row). */
void           kefu_query_bind_id        (KefuQuery    *query,
                                          int           n,
                                          gint64        id);
void           kefu_query_bind_null      (KefuQuery    *query,
                                          int           n);
/* The bytes of @data (copied), or an empty blob for NULL. */
void           kefu_query_bind_bytes     (KefuQuery    *query,
                                          int           n,
                                          GBytes       *data);

/* One step: KEFU_QUERY_ROW (read it with kefu_query_get_*), DONE, or
 * FAILED with @error set and mapped as above:
 *
 *   KefuQueryStep rc;
 *   while ((rc = kefu_query_step (store, q, error)) == KEFU_QUERY_ROW)
 *     …;
 *   if (rc == KEFU_QUERY_FAILED)
 *     return FALSE;
 */
KefuQueryStep  kefu_query_step           (KefuStore    *store,
                                          KefuQuery    *query,
                                          GError      **error);
/* Steps to the end (any rows are passed over), then resets the query
 * keeping its bindings, so it can run again with some of them changed. */
gboolean       kefu_query_run            (KefuStore    *store,
                                          KefuQuery    *query,
                                          GError      **error);

/* For a query that gives one row or none: one step, TRUE with the row to
 * read. Without a row FALSE, @error set either way: the step's failure
 * (as above), or, when there was simply no row, @code with the message
 * made from @format (a translated sentence naming what is missing):
 *
 *   if (!kefu_query_step_one (store, q, error, KEFU_STORE_ERROR_NOT_FOUND,
 *                             _("Team %lld no longer exists."), (long long) id))
 *     return NULL;
 */
gboolean       kefu_query_step_one       (KefuStore    *store,
                                          KefuQuery    *query,
                                          GError      **error,
                                          int           code,
                                          const char   *format,
                                          ...) G_GNUC_PRINTF (5, 6);

/* Columns of the current row, counted from 0. */
gint64         kefu_query_get_int        (KefuQuery    *query,
                                          int           col);
double         kefu_query_get_double     (KefuQuery    *query,
                                          int           col);
/* NULL for SQL NULL; valid until the next step or reset. */
const char    *kefu_query_get_text       (KefuQuery    *query,
                                          int           col);
gboolean       kefu_query_is_null        (KefuQuery    *query,
                                          int           col);
/* A blob column's bytes (a copy; empty for NULL). */
GBytes        *kefu_query_get_bytes      (KefuQuery    *query,
                                          int           col);
/* How many columns each row of @query has. */
int            kefu_query_column_count   (KefuQuery    *query);

/* The rowid (SQLite) of the last row this connection inserted, and the
 * rows the last statement changed. */
gint64         kefu_query_last_id        (KefuStore    *store);
gint64         kefu_query_changes        (KefuStore    *store);

/* Prepares @sql, binds ?1 = @a and (when the text has it) ?2 = @b, and
 * runs it to the end. */
gboolean       kefu_query_exec           (KefuStore    *store,
                                          const char   *sql,
                                          gint64        a,
                                          gint64        b,
                                          GError      **error);
/* Runs @sql once per id of @ids with ?1 = the id; stops at the first
 * failure (inside the caller's transaction, which then rolls back). */
gboolean       kefu_query_run_with_ids   (KefuStore    *store,
                                          const char   *sql,
                                          const gint64 *ids,
                                          gsize         n_ids,
                                          GError      **error);
/* A list to pick from: a GListStore of KefuChoice, one per row of @sql,
 * whose columns are the id, the name and (optionally) a detail. When the
 * text has a parameter, ?1 = @param. */
GListStore    *kefu_query_list_choices   (KefuStore    *store,
                                          const char   *sql,
                                          gint64        param,
                                          GError      **error);

/* The text a statement runs as on a server (PostgreSQL): what the
 * dialect rewrites, listed in kefu-query.c. Exposed for the tests. */
char          *kefu_query_sql_for_server (const char  *sql);
/* The same for a script of statements without parameters (what
 * kefu_store_exec() runs), each rewritten alone. */
char          *kefu_query_script_for_server (const char *script);

/* Transactions -------------------------------------------------------- */

typedef struct _KefuTransaction KefuTransaction;

/* BEGIN IMMEDIATE, or, inside an open transaction, a savepoint of it. */
KefuTransaction *kefu_transaction_begin  (KefuStore       *store,
                                          GError         **error);
/* COMMIT (or RELEASE of the savepoint). Whether or not it succeeds, the
 * transaction is over: a failed commit was rolled back. */
gboolean       kefu_transaction_commit   (KefuTransaction *tx,
                                          GError         **error);
/* Ends @tx as kefu_store_finish() ends kefu_store_begin()'s: commits when
 * @ok, rolls back at once otherwise; TRUE only when @ok and the commit
 * succeeded. @tx is over either way (free it, or let g_autoptr do it). */
gboolean       kefu_transaction_end      (KefuTransaction *tx,
                                          gboolean         ok,
                                          GError         **error);
/* Rolls back what was not committed (a savepoint: only its own writes),
 * and frees. */
void           kefu_transaction_free     (KefuTransaction *tx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuTransaction, kefu_transaction_free)

/* Ends the transaction kefu_store_begin() opened: commits when @ok, rolls
 * back otherwise; TRUE only when @ok and the commit succeeded. */
gboolean       kefu_store_finish         (KefuStore       *store,
                                          gboolean         ok,
                                          GError         **error);
/* A read snapshot: every statement until kefu_store_end_read() sees the
 * same data, and no write lock is taken (a deferred BEGIN; WAL readers
 * never wait). Nothing may be written in it. */
gboolean       kefu_store_begin_read     (KefuStore       *store,
                                          GError         **error);
void           kefu_store_end_read       (KefuStore       *store);
/* Whether a transaction is open on @store's connection. */
gboolean       kefu_store_in_transaction (KefuStore       *store);

G_END_DECLS
