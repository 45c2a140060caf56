/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-engine.h — the seam between the store and a database engine (#20)
 *
 * Two engines: SQLite (a file; today's store) and PostgreSQL through
 * libpq (a server). A KefuEngine is one connection, used from one thread.
 * What it offers is what the query layer (kefu-query.h) needs of an
 * engine, and no more: run a script, prepare a statement with numbered
 * parameters (`?1`, `?2`…: the PostgreSQL engine writes them `$1`, `$2`),
 * bind text, whole numbers, real numbers and NULL, step through rows and
 * read their columns, and transactions with savepoints inside.
 *
 * Errors are KEFU_STORE_ERROR with the kinds of kefu-query.h, the same on
 * both engines: RETRY (SQLite BUSY/LOCKED; PostgreSQL serialization
 * failure 40001, deadlock 40P01, lock not available 55P03), CONFLICT (a
 * unique key: SQLite CONSTRAINT_UNIQUE/PRIMARYKEY, PostgreSQL 23505),
 * INVALID (another constraint: PostgreSQL class 23), PERMISSION
 * (PostgreSQL 42501), OPEN (cannot connect), SQL (anything else).
 *
 * In progress: the store (kefu-store.c) still holds its own sqlite3
 * connection; the domain modules do not see this seam yet. What uses it
 * now: `kefu-cli server init` and `kefu-cli migrate`.
 */
#pragma once

#include <gio/gio.h>

#include "kefu-query.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_ENGINE_SQLITE,
  KEFU_ENGINE_POSTGRES,
} KefuEngineKind;

typedef struct _KefuEngine     KefuEngine;
typedef struct _KefuEngineStmt KefuEngineStmt;

/* Whether --db / KEFU_DB names a database server rather than a file: a
 * libpq URI (postgresql://…, postgres://…) or a key=value connection
 * string (service=NAME, host=… dbname=…). Such a text is never a file
 * name; kefu_store_open() refuses it until the store runs on a server. */
gboolean        kefu_engine_is_server_spec  (const char      *db);
/* The server a spec names, for messages: the spec without its password. */
char           *kefu_engine_describe_spec   (const char      *db);

/* @spec signed in as @login with @password (held in the result: keep
 * it in memory only, wipe it when done). */
char           *kefu_engine_spec_with_login (const char      *spec,
                                             const char      *login,
                                             const char      *password);

KefuEngine     *kefu_engine_open_sqlite     (const char      *path,
                                             gboolean         create,
                                             GError         **error);
KefuEngine     *kefu_engine_connect_pg      (const char      *conninfo,
                                             GError         **error);
void            kefu_engine_free            (KefuEngine      *engine);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuEngine, kefu_engine_free)

KefuEngineKind  kefu_engine_get_kind        (KefuEngine      *engine);

/* Runs one or more statements without parameters or rows to read. */
gboolean        kefu_engine_exec            (KefuEngine      *engine,
                                             const char      *sql,
                                             GError         **error);

/* A statement with numbered parameters `?N` (a `?` inside quotes is
 * text, not a parameter). Free it before its engine. */
KefuEngineStmt *kefu_engine_prepare         (KefuEngine      *engine,
                                             const char      *sql,
                                             GError         **error);
void            kefu_engine_stmt_free       (KefuEngineStmt  *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuEngineStmt, kefu_engine_stmt_free)
/* Back to before the first step, keeping the bindings. */
void            kefu_engine_stmt_reset      (KefuEngineStmt  *stmt);

void            kefu_engine_bind_int        (KefuEngineStmt  *stmt,
                                             int              n,
                                             gint64           value);
void            kefu_engine_bind_double     (KefuEngineStmt  *stmt,
                                             int              n,
                                             double           value);
/* NULL binds SQL NULL. Text is copied. */
void            kefu_engine_bind_text       (KefuEngineStmt  *stmt,
                                             int              n,
                                             const char      *text);
void            kefu_engine_bind_null       (KefuEngineStmt  *stmt,
                                             int              n);
/* Bytes (SQLite BLOB, PostgreSQL bytea); NULL binds SQL NULL. */
void            kefu_engine_bind_blob       (KefuEngineStmt  *stmt,
                                             int              n,
                                             GBytes          *bytes);

KefuQueryStep   kefu_engine_step            (KefuEngineStmt  *stmt,
                                             GError         **error);
int             kefu_engine_column_count    (KefuEngineStmt  *stmt);
const char     *kefu_engine_column_name     (KefuEngineStmt  *stmt,
                                             int              col);
gint64          kefu_engine_get_int         (KefuEngineStmt  *stmt,
                                             int              col);
double          kefu_engine_get_double      (KefuEngineStmt  *stmt,
                                             int              col);
/* NULL for SQL NULL; valid until the next step or reset. Every column
 * reads as text (a number in its shortest decimal form). */
const char     *kefu_engine_get_text        (KefuEngineStmt  *stmt,
                                             int              col);
gboolean        kefu_engine_is_null         (KefuEngineStmt  *stmt,
                                             int              col);
/* A BLOB / bytea column's bytes; NULL for SQL NULL. */
GBytes         *kefu_engine_get_blob        (KefuEngineStmt  *stmt,
                                             int              col);

/* One whole number from @sql (no parameters); @fallback when no row. */
gboolean        kefu_engine_scalar          (KefuEngine      *engine,
                                             const char      *sql,
                                             gint64           fallback,
                                             gint64          *out,
                                             GError         **error);

/* BEGIN (SQLite: BEGIN IMMEDIATE) or, inside an open transaction, a
 * savepoint of it; commit ends the innermost (COMMIT or RELEASE);
 * rollback undoes the innermost (ROLLBACK, or ROLLBACK TO and RELEASE:
 * what the outer one wrote stays). */
gboolean        kefu_engine_begin           (KefuEngine      *engine,
                                             GError         **error);
gboolean        kefu_engine_commit          (KefuEngine      *engine,
                                             GError         **error);
void            kefu_engine_rollback        (KefuEngine      *engine);
int             kefu_engine_depth           (KefuEngine      *engine);
/* Whether the connection is inside a transaction (however it was begun;
 * PostgreSQL: also one a failed statement aborted, still to roll back). */
gboolean        kefu_engine_in_transaction  (KefuEngine      *engine);
/* The rows the last INSERT, UPDATE or DELETE changed. */
gint64          kefu_engine_changes         (KefuEngine      *engine);
/* The server's clock, seconds since the epoch (PostgreSQL: now(), the
 * start of the current transaction); -1 with @error when unreachable.
 * SQLite: the system's clock. */
gint64          kefu_engine_now             (KefuEngine      *engine,
                                             GError         **error);
/* The highest ?N of @stmt's text. */
int             kefu_engine_param_count     (KefuEngineStmt  *stmt);
/* Every parameter back to SQL NULL. */
void            kefu_engine_clear_bindings  (KefuEngineStmt  *stmt);

/* PostgreSQL: whether a statement that fails inside a transaction undoes
 * only itself and leaves the transaction open, as SQLite does (each runs
 * under a savepoint of its own: two more round trips). A store's engine
 * has it; `server init` and `migrate` run without. SQLite: always. */
void            kefu_engine_set_statement_rollback (KefuEngine *engine,
                                             gboolean         enabled);

/* SQLite only: how long a statement waits for another writer's lock. */
void            kefu_engine_set_busy_timeout (KefuEngine     *engine,
                                             int              milliseconds);

/* PostgreSQL only (LISTEN/NOTIFY, for KefuStoreWatch): the connection's
 * socket, to wait on in a GSource (-1 on SQLite); and, reading only what
 * the socket holds (PQconsumeInput: never waits), the payloads of the
 * notifications of @channel that arrived, oldest first (maybe none),
 * leaving out those the server process @ignore_pid sent (0: none; the
 * desk's own connection, pg_backend_pid()); NULL with @error when the
 * connection is lost. */
int             kefu_engine_pg_socket       (KefuEngine     *engine);
GPtrArray      *kefu_engine_pg_take_notifies (KefuEngine    *engine,
                                             const char     *channel,
                                             int             ignore_pid,
                                             GError        **error);

/* PostgreSQL only: a lost connection (the server restarted or stopped,
 * the network went) is KEFU_STORE_ERROR_OFFLINE at once, and the next
 * call reconnects by itself (PQreset: the first try at once, then not
 * more often than every 1, 2, 4… up to 30 seconds, each call before then
 * refused at once), setting the session up again (encoding, time zone).
 * A transaction that was open when the connection went is over, nothing
 * of it written: every statement of it is refused until its ROLLBACK (or
 * its COMMIT, refused), so its rest never runs on the new connection as
 * if it were whole; a COMMIT whose answer was lost is reported as such
 * (the server may have kept it). Statements are sent with their text
 * each time (PQexecParams), so nothing needs preparing again; session
 * state of one's own (LISTEN, advisory locks) is gone: see the
 * generation. kefu_engine_pg_reconnect() tries now, whatever the wait;
 * the generation is raised by every reconnection (0 on SQLite). */
gboolean        kefu_engine_pg_reconnect    (KefuEngine     *engine,
                                             GError        **error);
/* A caller that must not wait for a connection (a window's main thread:
 * a host that drops packets holds a connect until connect_timeout):
 * with @by_caller, a lost connection is not tried again by the next call,
 * which is refused at once (KEFU_STORE_ERROR_OFFLINE); the caller connects
 * anew where it may wait (kefu_engine_connect_pg() in a worker thread)
 * and hands the new connection over with kefu_engine_pg_adopt().
 * @lost_func (may be NULL) is called, in the thread that met it, when a
 * call finds the connection lost. */
void            kefu_engine_pg_set_reconnect_by_caller (KefuEngine *engine,
                                                        gboolean    by_caller,
                                                        void      (*lost_func) (gpointer data),
                                                        gpointer    data);
/* A caller's word that the server is away (its own connection to it, or
 * another's, went): until kefu_engine_pg_adopt(), every call is refused at
 * once (KEFU_STORE_ERROR_OFFLINE), even where the connection does not know
 * yet (a host gone silent would hold a query until TCP gives up). */
void            kefu_engine_pg_set_offline  (KefuEngine     *engine);
/* Whether a call would be refused as above: set offline, or reconnected
 * only by its caller and its connection lost. FALSE on SQLite. */
gboolean        kefu_engine_pg_is_offline   (KefuEngine     *engine);
/* Takes @fresh's connection (kefu_engine_connect_pg() to the same
 * server) for @engine's own, which goes, with @fresh; the generation is
 * raised as by a reconnection. Not while a transaction is open. */
void            kefu_engine_pg_adopt        (KefuEngine     *engine,
                                             KefuEngine     *fresh);
guint           kefu_engine_pg_generation   (KefuEngine     *engine);

/* For tests only (#20): the next COMMIT of a transaction of @engine that
 * wrote something (a read's own BEGIN … COMMIT goes through) is sent and run by
 * the server, but its answer is lost on the way: the connection is shut
 * before the answer is read (after the server, having committed, closed
 * its end), so the caller gets the KEFU_STORE_ERROR_OFFLINE of a COMMIT
 * whose answer was lost although everything was kept, and the next call
 * reconnects. FALSE on SQLite (a file's commit has no answer to lose). */
gboolean        kefu_engine_pg_lose_next_commit_reply (KefuEngine *engine);

/* For tests only (#20): how many statements @engine has prepared on its
 * connections since it was made (a statement run a second time on a
 * connection is prepared there; 0 on SQLite) */
guint           kefu_engine_pg_prepared_count (KefuEngine *engine);

/* PostgreSQL only (#20): a connection setting (libpq's keyword) as the
 * connection uses it: what its spec, the environment or its service set,
 * else Kefu's (connect_timeout 10 s, keepalives and tcp_user_timeout so
 * a host gone silent fails a query within seconds), else libpq's; NULL
 * if none (and on SQLite). */
char           *kefu_engine_pg_option       (KefuEngine     *engine,
                                             const char     *keyword);

/* PostgreSQL only (`kefu-cli migrate`): COPY … FROM STDIN. @sql is the
 * COPY statement (text format); then the rows, in as many pieces as
 * wanted (each piece whole lines or not: the server joins them), then
 * kefu_engine_copy_end() sends the end and returns the server's verdict
 * (a row it refused fails the whole COPY, with its error kind). On
 * SQLite, or with @error set, FALSE. */
gboolean        kefu_engine_copy_begin      (KefuEngine     *engine,
                                             const char     *sql,
                                             GError        **error);
gboolean        kefu_engine_copy_put        (KefuEngine     *engine,
                                             const char     *data,
                                             gsize           len,
                                             GError        **error);
gboolean        kefu_engine_copy_end        (KefuEngine     *engine,
                                             GError        **error);

/* `?N` → `$N` outside quotes and comments; NULL (with @error) for a bare
 * `?` or a number out of range. *@n_params gets the highest N. */
char           *kefu_engine_translate_params (const char     *sql,
                                             int             *n_params,
                                             GError         **error);

G_END_DECLS
