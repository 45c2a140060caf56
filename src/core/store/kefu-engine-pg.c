/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-engine-pg.c — the PostgreSQL engine behind kefu-engine.h (libpq),
 * built as the module "pg" (kefu-module.h)
 *
 * A statement runs with PQexecParams at its first step (text parameters;
 * whole and real numbers are sent typed as int8 and float8, text as
 * "unknown" so the server infers its type from where it is used), and its
 * rows are read from the result. Results are read whole (PQexecParams
 * returns once every row has come; no single-row mode, which would hand
 * each row on as it comes, in a result of its own, but a sorted result
 * comes only after its sort anyway): where only a first page is wanted,
 * the query asks the server for that many rows (LIMIT: kefu-desk.c's
 * first page).
 *
 * Prepared statements (#20): a statement the query layer runs a second
 * time on a connection (the same SQL with the same parameter types) is
 * prepared there (PQprepare, once) and from then on run with
 * PQexecPrepared, so the server parses and analyses it once per
 * connection and may keep its plan. Only reads and row writes (SELECT,
 * WITH, INSERT, UPDATE, DELETE, VALUES) are prepared; scripts (pg_exec:
 * DDL, migrations) never are, and one that changes the schema (CREATE,
 * ALTER, DROP) forgets the connection's prepared statements, as does a
 * new or reset connection. A prepared statement the server no longer
 * knows or whose result changed shape under it ("cached plan must not
 * change result type", after another connection's DDL) is prepared again
 * and run once more where that is safe (outside a transaction, or under
 * the statement's own savepoint). A connection keeps at most
 * PREPARED_MAX of them (the oldest is let go).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include "kefu-engine-private.h"

/* pg_type.h's OIDs (stable since PostgreSQL 7) */
#define INT8OID   20
#define INT2OID   21
#define INT4OID   23
#define FLOAT8OID 701
#define BOOLOID   16
#define BYTEAOID  17

#define PREPARED_MAX 256   /* prepared statements a connection keeps */
#define SEEN_MAX     1024  /* statements seen once, remembered */

static gint next_name;   /* of the next prepared statement (atomic) */

typedef struct {
  KefuEngine  parent;
  PGconn     *conn;
  gint64      changes;   /* of the last INSERT, UPDATE or DELETE */
  char       *where;     /* the server, for messages (without a password) */
  /* a lost connection (kefu-engine.h): the transaction status before the
   * command under way; whether a transaction went with the connection
   * (refused until its ROLLBACK); when to try again (monotonic µs) and
   * the wait after the next failed try */
  PGTransactionStatusType before;
  gboolean    lost_in_tx;
  gint64      retry_at;
  gint64      delay;
  guint       generation;
  gboolean    lose_commit_reply;   /* kefu_engine_pg_lose_next_commit_reply() */
  /* the statements prepared on this connection (see "Prepared statements"
   * below): the statement's key (its SQL and parameter types) → its name
   * on the server; the keys run once, not yet prepared (a set); the
   * prepared names, oldest first (for letting go) */
  GHashTable *prepared;
  GHashTable *seen;
  GQueue      prepared_order;
  guint       prepared_total;   /* statements prepared since the start (tests) */
} PgEngine;

typedef struct {
  KefuEngineStmt  parent;
  char           *sql;      /* with $N */
  char          **values;   /* n_params, NULL = SQL NULL */
  Oid            *types;
  PGresult       *result;   /* after the first step */
  int             row;
} PgStmt;

/* The error kinds of kefu-engine.h from a SQLSTATE */
static int
map_sqlstate (const char *state)
{
  if (state == NULL)
    return KEFU_STORE_ERROR_SQL;
  if (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0 || strcmp (state, "55P03") == 0)
    return KEFU_STORE_ERROR_RETRY;
  if (strcmp (state, "23505") == 0)
    return KEFU_STORE_ERROR_CONFLICT;
  if (g_str_has_prefix (state, "23"))
    return KEFU_STORE_ERROR_INVALID;
  if (strcmp (state, "42501") == 0)
    return KEFU_STORE_ERROR_PERMISSION;
  if (g_str_has_prefix (state, "08"))
    return KEFU_STORE_ERROR_OPEN;
  return KEFU_STORE_ERROR_SQL;
}

static gboolean
starts_with_word (const char *sql,
                  const char *word)
{
  while (sql != NULL && g_ascii_isspace (*sql))
    sql++;
  return sql != NULL && g_ascii_strncasecmp (sql, word, strlen (word)) == 0
         && !g_ascii_isalnum (sql[strlen (word)]) && sql[strlen (word)] != '_';
}

/* ROLLBACK, not ROLLBACK TO a savepoint */
static gboolean
is_plain_rollback (const char *sql)
{
  const char *p = sql;

  if (!starts_with_word (sql, "ROLLBACK") && !starts_with_word (sql, "ABORT"))
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;
  while (g_ascii_isalpha (*p))
    p++;
  while (g_ascii_isspace (*p))
    p++;
  return !starts_with_word (p, "TO");
}

static gboolean
is_commit (const char *sql)
{
  return starts_with_word (sql, "COMMIT") || starts_with_word (sql, "END");
}

/* libpq's message on one line */
static char *
one_line (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text != NULL ? text : "", " \t\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
set_lost_error (PgEngine    *self,
                const char  *text,
                GError     **error)
{
  g_autofree char *detail = one_line (text);

  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE,
               _("The connection to the database server “%s” is lost (%s): the change under way was not saved. "
                 "Kefu reconnects by itself at the next try."),
               self->where, detail);
}

/* The connection went while running @sql: what became of the
 * transaction, in @error (KEFU_STORE_ERROR_OFFLINE) */
static void
note_lost (PgEngine    *self,
           const char  *sql,
           const char  *detail,
           GError     **error)
{
  gboolean in_tx = self->before == PQTRANS_INTRANS || self->before == PQTRANS_INERROR;

  self->retry_at = 0;   /* the first try at the next call */
  if (self->parent.lost_func != NULL)
    ((void (*) (gpointer)) self->parent.lost_func) (self->parent.lost_data);
  if (in_tx && is_commit (sql) && self->before == PQTRANS_INTRANS)
    {
      g_autofree char *line = one_line (detail);

      /* its answer was lost: the server may have committed it */
      self->lost_in_tx = FALSE;
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE,
                   _("The connection to the database server “%s” was lost while a change was being committed "
                     "(%s): the server may have kept it or not. Look before doing it again; Kefu reconnects "
                     "by itself."),
                   self->where, line);
      return;
    }
  self->lost_in_tx = in_tx && !is_plain_rollback (sql);
  set_lost_error (self, detail, error);
}

/* FALSE with @error set unless @res is a success */
static gboolean
check_result (PgEngine    *self,
              PGresult    *res,
              const char  *sql,
              GError     **error)
{
  ExecStatusType st = res != NULL ? PQresultStatus (res) : PGRES_FATAL_ERROR;
  const char *primary;
  g_autofree char *detail = NULL;

  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY)
    return TRUE;
  primary = res != NULL ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  detail = g_strstrip (g_strdup (primary != NULL ? primary : PQerrorMessage (self->conn)));
  if (PQstatus (self->conn) == CONNECTION_BAD)
    note_lost (self, sql, detail, error);
  /* a Kefu function's own refusal (SQLSTATE KFnnn): translated */
  else if (res != NULL && kefu_engine_set_server_refusal (error, PQresultErrorField (res, PG_DIAG_SQLSTATE),
                                                          PQresultErrorField (res, PG_DIAG_MESSAGE_DETAIL)))
    ;
  else
    kefu_engine_set_error (error,
                           map_sqlstate (res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL),
                           sql, detail);
  return FALSE;
}

static void
pg_free (KefuEngine *engine)
{
  PgEngine *self = (PgEngine *) engine;

  PQfinish (self->conn);
  g_clear_pointer (&self->prepared, g_hash_table_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_queue_clear_full (&self->prepared_order, g_free);
  g_free (self->where);
  g_free (self);
}

static void setup_session (PGconn *conn);
static void forget_prepared (PgEngine *self, gboolean on_server);
static gboolean changes_schema (const char *sql);

/* PQreset, unless the last try was too recent (@anyway: try now) */
static gboolean
reconnect (PgEngine  *self,
           gboolean   anyway,
           GError   **error)
{
  gint64 t = g_get_monotonic_time ();

  if (!anyway && t < self->retry_at)
    {
      g_autofree char *detail = g_strstrip (g_strdup (PQerrorMessage (self->conn)));

      set_lost_error (self, detail, error);
      return FALSE;
    }
  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *detail = g_strstrip (g_strdup (PQerrorMessage (self->conn)));

      self->delay = self->delay == 0 ? G_USEC_PER_SEC : MIN (self->delay * 2, 30 * G_USEC_PER_SEC);
      self->retry_at = t + self->delay;
      set_lost_error (self, detail, error);
      return FALSE;
    }
  g_debug ("PostgreSQL: reconnected to %s", self->where);
  self->delay = 0;
  self->retry_at = 0;
  self->lost_in_tx = FALSE;
  self->generation++;
  forget_prepared (self, FALSE);   /* a new session has none */
  setup_session (self->conn);
  return TRUE;
}

/* Before a command @sql: TRUE to send it. A lost connection is tried
 * again (reconnect()), unless a transaction went with it: then nothing
 * runs until its ROLLBACK (*@skip: nothing to send, done). */
static gboolean
ensure_connected (PgEngine    *self,
                  const char  *sql,
                  gboolean    *skip,
                  GError     **error)
{
  *skip = FALSE;
  /* the server is away, by the caller's word (kefu_engine_pg_set_offline):
   * nothing is sent (a silent host would hold it); a ROLLBACK is done, its
   * transaction went with the connection its caller gives up */
  if (self->parent.held_offline)
    {
      if (sql != NULL && starts_with_word (sql, "ROLLBACK"))
        {
          *skip = TRUE;
          return TRUE;
        }
      set_lost_error (self, _("Kefu is looking for the server"), error);
      return FALSE;
    }
  if (PQstatus (self->conn) == CONNECTION_OK)
    {
      self->before = PQtransactionStatus (self->conn);
      return TRUE;
    }
  /* a transaction on a lost connection is over: rolling it back is done */
  if (sql != NULL && starts_with_word (sql, "ROLLBACK"))
    {
      if (is_plain_rollback (sql))
        self->lost_in_tx = FALSE;
      *skip = TRUE;
      return TRUE;
    }
  if (self->lost_in_tx)
    {
      g_autofree char *detail = g_strstrip (g_strdup (PQerrorMessage (self->conn)));

      /* its COMMIT ends it, unsaved */
      if (sql != NULL && is_commit (sql))
        self->lost_in_tx = FALSE;
      set_lost_error (self, detail, error);
      return FALSE;
    }
  /* its caller connects anew where it may wait (kefu_engine_pg_adopt) */
  if (self->parent.reconnect_by_caller)
    {
      g_autofree char *detail = g_strstrip (g_strdup (PQerrorMessage (self->conn)));

      set_lost_error (self, detail, error);
      return FALSE;
    }
  if (!reconnect (self, FALSE, error))
    return FALSE;
  self->before = PQtransactionStatus (self->conn);
  return TRUE;
}

static gboolean quick_exec (PgEngine *self, const char *sql);

/* Whether @sql begins or ends a transaction or a savepoint itself */
static gboolean
is_transaction_control (const char *sql)
{
  static const char * const words[] = { "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END", "START" };

  while (g_ascii_isspace (*sql))
    sql++;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_ascii_strncasecmp (sql, words[i], strlen (words[i])) == 0)
      return TRUE;
  return FALSE;
}

/* The test hook (kefu_engine_pg_lose_next_commit_reply()): @sql (a
 * COMMIT) goes out and the connection's sending side is shut; the server
 * runs it, answers, reads the end and closes; what it answered is read
 * off the socket and dropped, so libpq finds only the closed connection,
 * as when the network went after the server committed. */
static gboolean
lose_reply (PgEngine    *self,
            const char  *sql,
            GError     **error)
{
  int fd = PQsocket (self->conn);
  char buf[4096];
  ssize_t n;
  PGresult *res, *first = NULL;
  gboolean ok;

  if (!PQsendQuery (self->conn, sql))
    return check_result (self, NULL, sql, error);
  while (PQflush (self->conn) > 0)
    ;
  shutdown (fd, SHUT_WR);
  /* (libpq's socket does not block: wait for each piece) */
  for (;;)
    {
      struct pollfd p = { fd, POLLIN, 0 };

      n = recv (fd, buf, sizeof buf, 0);
      if (n > 0 || (n < 0 && errno == EINTR))
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && (poll (&p, 1, -1) >= 0 || errno == EINTR))
        continue;
      break;
    }
  while ((res = PQgetResult (self->conn)) != NULL)
    {
      if (first == NULL)
        first = res;
      else
        PQclear (res);
      if (PQstatus (self->conn) == CONNECTION_BAD)
        break;
    }
  ok = check_result (self, first, sql, error);
  PQclear (first);
  return ok;
}

/* Whether the open transaction wrote anything (it has a transaction id:
 * a read's own BEGIN … COMMIT has none) */
static gboolean
transaction_wrote (PgEngine *self)
{
  PGresult *res = PQexec (self->conn, "SELECT txid_current_if_assigned() IS NOT NULL");
  gboolean wrote = PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1
                   && g_str_equal (PQgetvalue (res, 0, 0), "t");

  PQclear (res);
  return wrote;
}

static void
pg_lose_commit_reply (KefuEngine *engine)
{
  ((PgEngine *) engine)->lose_commit_reply = TRUE;
}

static gboolean
pg_exec (KefuEngine  *engine,
         const char  *sql,
         GError     **error)
{
  PgEngine *self = (PgEngine *) engine;
  gboolean guarded, ok, skip;
  PGresult *res;

  if (!ensure_connected (self, sql, &skip, error))
    return FALSE;
  if (skip)
    return TRUE;
  if (self->lose_commit_reply && is_commit (sql) && PQtransactionStatus (self->conn) == PQTRANS_INTRANS
      && transaction_wrote (self))
    {
      self->lose_commit_reply = FALSE;
      return lose_reply (self, sql, error);
    }
  /* a script inside a transaction: taken back whole when it fails, the
   * transaction going on (as pg_step does for one statement) */
  guarded = engine->statement_rollback && PQtransactionStatus (self->conn) == PQTRANS_INTRANS
            && !is_transaction_control (sql) && quick_exec (self, "SAVEPOINT kefu_stmt");
  res = PQexec (self->conn, sql);
  ok = check_result (self, res, sql, error);

  PQclear (res);
  /* a schema change: what was prepared may change shape */
  if (ok && self->prepared != NULL && g_hash_table_size (self->prepared) > 0 && changes_schema (sql))
    forget_prepared (self, TRUE);
  if (guarded)
    quick_exec (self, ok ? "RELEASE SAVEPOINT kefu_stmt" : "ROLLBACK TO SAVEPOINT kefu_stmt; RELEASE SAVEPOINT kefu_stmt");
  return ok;
}

static KefuEngineStmt *
pg_prepare (KefuEngine  *engine,
            const char  *sql,
            int          n_params,
            GError     **error)
{
  PgStmt *s = g_new0 (PgStmt, 1);

  s->sql = g_strdup (sql);
  s->values = g_new0 (char *, MAX (n_params, 1));
  s->types = g_new0 (Oid, MAX (n_params, 1));
  s->row = -1;
  return &s->parent;
}

static void
pg_stmt_reset (KefuEngineStmt *stmt)
{
  PgStmt *s = (PgStmt *) stmt;

  g_clear_pointer (&s->result, PQclear);
  s->row = -1;
}

static void
pg_stmt_free (KefuEngineStmt *stmt)
{
  PgStmt *s = (PgStmt *) stmt;

  pg_stmt_reset (stmt);
  for (int i = 0; i < stmt->n_params; i++)
    g_free (s->values[i]);
  g_free (s->values);
  g_free (s->types);
  g_free (s->sql);
  g_free (s);
}

static void
set_param (KefuEngineStmt *stmt,
           int             n,
           char           *value,
           Oid             type)
{
  PgStmt *s = (PgStmt *) stmt;

  g_free (s->values[n - 1]);
  s->values[n - 1] = value;
  s->types[n - 1] = type;
}

static void
pg_bind_int (KefuEngineStmt *stmt, int n, gint64 value)
{
  set_param (stmt, n, g_strdup_printf ("%" G_GINT64_FORMAT, value), INT8OID);
}

static void
pg_bind_double (KefuEngineStmt *stmt, int n, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  set_param (stmt, n, g_strdup (g_ascii_dtostr (buf, sizeof buf, value)), FLOAT8OID);
}

static void
pg_bind_text (KefuEngineStmt *stmt, int n, const char *text)
{
  set_param (stmt, n, g_strdup (text), 0);
}

static void
pg_bind_null (KefuEngineStmt *stmt, int n)
{
  set_param (stmt, n, NULL, 0);
}

/* bytea's hex input form: \\x then two digits a byte */
static void
pg_bind_blob (KefuEngineStmt *stmt, int n, GBytes *bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GString *hex = g_string_sized_new (2 + 2 * len + 1);

  g_string_append (hex, "\\x");
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  set_param (stmt, n, g_string_free (hex, FALSE), BYTEAOID);
}

/* A statement of the engine's own (no rows, no parameters); FALSE when
 * it failed (logged: the statement it guards reports its own error). */
static gboolean
quick_exec (PgEngine   *self,
            const char *sql)
{
  PGresult *res = PQexec (self->conn, sql);
  gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK;

  if (!ok)
    g_debug ("%s: %s", sql, PQerrorMessage (self->conn));
  PQclear (res);
  return ok;
}

/* Forgets the connection's prepared statements; @on_server: lets them go
 * on the server too (DEALLOCATE ALL; not inside a failed transaction,
 * where nothing runs: they stay until the session ends, unnamed here) */
static void
forget_prepared (PgEngine *self,
                 gboolean  on_server)
{
  if (self->prepared == NULL || g_hash_table_size (self->prepared) == 0)
    return;
  if (on_server && PQstatus (self->conn) == CONNECTION_OK
      && PQtransactionStatus (self->conn) != PQTRANS_INERROR)
    quick_exec (self, "DEALLOCATE ALL");
  g_hash_table_remove_all (self->prepared);
  g_hash_table_remove_all (self->seen);
  g_queue_clear_full (&self->prepared_order, g_free);
  g_queue_init (&self->prepared_order);
}

/* Whether the script @sql changes the schema (its statements prepared
 * before may change shape) */
static gboolean
changes_schema (const char *sql)
{
  static const char * const words[] = { "CREATE", "ALTER", "DROP" };
  g_autofree char *up = g_ascii_strup (sql, -1);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    for (const char *p = strstr (up, words[i]); p != NULL; p = strstr (p + 1, words[i]))
      if ((p == up || !(g_ascii_isalnum (p[-1]) || p[-1] == '_'))
          && !(g_ascii_isalnum (p[strlen (words[i])]) || p[strlen (words[i])] == '_'))
        return TRUE;
  return FALSE;
}

/* Whether @sql is a statement worth preparing: a read or a row write */
static gboolean
is_preparable (const char *sql)
{
  static const char * const words[] = { "SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "VALUES" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (starts_with_word (sql, words[i]))
      return TRUE;
  return FALSE;
}

/* The key of @s on its connection: its SQL and its parameters' types
 * (a parameter bound NULL once and a number the next time is sent as
 * another type, so as another prepared statement) */
static char *
prepared_key (PgStmt *s)
{
  GString *key = g_string_new (s->sql);

  g_string_append_c (key, '\0');
  for (int i = 0; i < s->parent.n_params; i++)
    g_string_append_printf (key, "%u,", s->types[i]);
  /* (the \0 keeps the SQL and the types apart) */
  return g_string_free (key, FALSE);
}

static guint
key_hash (gconstpointer key)
{
  const char *k = key;
  const char *types = k + strlen (k) + 1;

  return g_str_hash (k) * 31 + g_str_hash (types);
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  const char *x = a, *y = b;

  return strcmp (x, y) == 0 && strcmp (x + strlen (x) + 1, y + strlen (y) + 1) == 0;
}

/* Forgets the prepared statement named @name (gone or stale); @on_server:
 * lets it go there too */
static void
drop_prepared (PgEngine   *self,
               const char *name,
               gboolean    on_server)
{
  g_autofree char *owned = g_strdup (name);
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, self->prepared);
  while (g_hash_table_iter_next (&iter, &k, &v))
    if (strcmp (v, owned) == 0)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
  for (GList *l = self->prepared_order.head; l != NULL; l = l->next)
    if (strcmp (l->data, owned) == 0)
      {
        g_free (l->data);
        g_queue_delete_link (&self->prepared_order, l);
        break;
      }
  if (on_server && PQtransactionStatus (self->conn) != PQTRANS_INERROR)
    {
      g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", owned);

      quick_exec (self, sql);
    }
}

/* The name @s is prepared under on its connection, preparing it now if
 * it ran there before; NULL: run it unprepared (its first run, or not a
 * statement worth it). When the prepare itself fails, NULL with its
 * result in *@failed (the statement's error, as its run would give). */
static const char *
prepared_name (PgEngine  *self,
               PgStmt    *s,
               PGresult **failed)
{
  g_autofree char *key = NULL;
  const char *name;
  char buf[32];
  PGresult *res;

  *failed = NULL;
  if (!is_preparable (s->sql) || PQtransactionStatus (self->conn) == PQTRANS_INERROR)
    return NULL;
  if (self->prepared == NULL)
    {
      self->prepared = g_hash_table_new_full (key_hash, key_equal, g_free, g_free);
      self->seen = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
    }
  key = prepared_key (s);
  name = g_hash_table_lookup (self->prepared, key);
  if (name != NULL)
    return name;
  /* one-off statements (values written into the SQL) are never prepared */
  if (!g_hash_table_contains (self->seen, key))
    return NULL;
  if (g_hash_table_size (self->prepared) >= PREPARED_MAX)
    drop_prepared (self, g_queue_peek_head (&self->prepared_order), TRUE);
  /* (unique in the process: a connection taken over from another
   * engine, kefu_engine_pg_adopt(), may hold that one's names) */
  g_snprintf (buf, sizeof buf, "kefu_%u", (guint) g_atomic_int_add (&next_name, 1) + 1);
  res = PQprepare (self->conn, buf, s->sql, s->parent.n_params, s->types);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      *failed = res;
      return NULL;
    }
  PQclear (res);
  g_hash_table_remove (self->seen, key);
  self->prepared_total++;
  g_queue_push_tail (&self->prepared_order, g_strdup (buf));
  g_hash_table_insert (self->prepared, g_steal_pointer (&key), g_strdup (buf));
  return g_queue_peek_tail (&self->prepared_order);
}

/* @s ran unprepared and well: its next run on this connection prepares it */
static void
note_seen (PgEngine *self,
           PgStmt   *s)
{
  if (self->seen == NULL || !is_preparable (s->sql))
    return;   /* (made by prepared_name(), which a preparable statement passed) */
  if (g_hash_table_size (self->seen) >= SEEN_MAX)
    g_hash_table_remove_all (self->seen);
  g_hash_table_add (self->seen, prepared_key (s));
}

/* Whether @res says the prepared statement that ran is gone or stale
 * (prepared again, it runs) */
static gboolean
is_stale_prepared (PGresult *res)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;

  if (state == NULL)
    return FALSE;
  /* invalid_sql_statement_name: "prepared statement … does not exist";
   * feature_not_supported: "cached plan must not change result type"
   * (the message is in the server's language: the state alone is
   * looked at; a statement that fails so for another reason fails again
   * when run anew, and that is reported) */
  return strcmp (state, "26000") == 0 || strcmp (state, "0A000") == 0;
}

/* Tests: how many statements the engine prepared since its start */
static guint
pg_prepared_count (KefuEngine *engine)
{
  return ((PgEngine *) engine)->prepared_total;
}

static KefuQueryStep
pg_step (KefuEngineStmt  *stmt,
         GError         **error)
{
  PgStmt *s = (PgStmt *) stmt;
  PgEngine *self = (PgEngine *) stmt->engine;

  if (s->result == NULL)
    {
      gboolean skip;

      if (!ensure_connected (self, s->sql, &skip, error))
        return KEFU_QUERY_FAILED;
      if (skip)
        return KEFU_QUERY_DONE;
    }
  if (s->result == NULL)
    {
      /* SQLite undoes only the failed statement and keeps its transaction
       * open; PostgreSQL aborts the whole transaction. Inside one, each
       * statement runs under a savepoint of its own, rolled back alone
       * when it fails, so the domain code's transactions go on as on a
       * file (e.g. after a unique key taken by another desk); a store's
       * engine only (kefu_engine_set_statement_rollback()). */
      gboolean guarded = stmt->engine->statement_rollback
                         && PQtransactionStatus (self->conn) == PQTRANS_INTRANS
                         && quick_exec (self, "SAVEPOINT kefu_stmt");
      gboolean idle = PQtransactionStatus (self->conn) == PQTRANS_IDLE;

      for (int attempt = 0; ; attempt++)
        {
          PGresult *failed = NULL;
          const char *name = prepared_name (self, s, &failed);
          gboolean stale;

          if (failed != NULL)
            s->result = failed;
          else if (name == NULL)
            s->result = PQexecParams (self->conn, s->sql, stmt->n_params, s->types,
                                      (const char * const *) s->values, NULL, NULL, 0);
          else
            s->result = PQexecPrepared (self->conn, name, stmt->n_params,
                                        (const char * const *) s->values, NULL, NULL, 0);
          if (name == NULL && failed == NULL && PQresultStatus (s->result) != PGRES_FATAL_ERROR
              && PQresultStatus (s->result) != PGRES_BAD_RESPONSE)
            note_seen (self, s);
          stale = name != NULL && PQstatus (self->conn) == CONNECTION_OK && is_stale_prepared (s->result);
          if (stale)
            {
              /* let go of it here (and on the server when it is still
               * there, once its failed run is taken back) */
              gboolean exists = strcmp (PQresultErrorField (s->result, PG_DIAG_SQLSTATE), "26000") != 0;

              g_debug ("PostgreSQL: %s: %s", name, PQresultErrorField (s->result, PG_DIAG_MESSAGE_PRIMARY));
              if (attempt == 0 && (guarded || idle))
                {
                  /* once more, prepared again (the failed run took back
                   * only its savepoint, or nothing outside a transaction) */
                  g_clear_pointer (&s->result, PQclear);
                  if (guarded)
                    quick_exec (self, "ROLLBACK TO SAVEPOINT kefu_stmt");
                  drop_prepared (self, name, exists);
                  note_seen (self, s);
                  continue;
                }
              drop_prepared (self, name, FALSE);
            }
          break;
        }
      if (!check_result (self, s->result, s->sql, error))
        {
          if (guarded)
            quick_exec (self, "ROLLBACK TO SAVEPOINT kefu_stmt; RELEASE SAVEPOINT kefu_stmt");
          pg_stmt_reset (stmt);
          return KEFU_QUERY_FAILED;
        }
      if (guarded)
        quick_exec (self, "RELEASE SAVEPOINT kefu_stmt");
      s->row = -1;
      if (*PQcmdTuples (s->result) != '\0' && PQresultStatus (s->result) == PGRES_COMMAND_OK)
        self->changes = g_ascii_strtoll (PQcmdTuples (s->result), NULL, 10);
    }
  if (PQresultStatus (s->result) != PGRES_TUPLES_OK)
    return KEFU_QUERY_DONE;
  if (s->row + 1 >= PQntuples (s->result))
    {
      s->row = PQntuples (s->result);
      return KEFU_QUERY_DONE;
    }
  s->row++;
  return KEFU_QUERY_ROW;
}

static gboolean
has_row (PgStmt *s, int col)
{
  return s->result != NULL && s->row >= 0 && s->row < PQntuples (s->result)
         && col >= 0 && col < PQnfields (s->result);
}

static int
pg_column_count (KefuEngineStmt *stmt)
{
  PgStmt *s = (PgStmt *) stmt;

  return s->result != NULL ? PQnfields (s->result) : 0;
}

static const char *
pg_column_name (KefuEngineStmt *stmt, int col)
{
  PgStmt *s = (PgStmt *) stmt;

  return s->result != NULL && col < PQnfields (s->result) ? PQfname (s->result, col) : NULL;
}

static gboolean
pg_is_null (KefuEngineStmt *stmt, int col)
{
  PgStmt *s = (PgStmt *) stmt;

  return !has_row (s, col) || PQgetisnull (s->result, s->row, col);
}

static const char *
pg_get_text (KefuEngineStmt *stmt, int col)
{
  PgStmt *s = (PgStmt *) stmt;

  return pg_is_null (stmt, col) ? NULL : PQgetvalue (s->result, s->row, col);
}

static gint64
pg_get_int (KefuEngineStmt *stmt, int col)
{
  PgStmt *s = (PgStmt *) stmt;
  const char *text = pg_get_text (stmt, col);
  Oid type;

  if (text == NULL)
    return 0;
  type = PQftype (s->result, col);
  if (type == BOOLOID)
    return text[0] == 't';
  if (type == INT8OID || type == INT4OID || type == INT2OID)
    {
      /* the server's own digits (an optional minus, at most 19 of them:
       * no overflow), read without the general parser (a board reads
       * 120,000 of them) */
      const char *p = text + (text[0] == '-');
      guint64 v = 0;

      while (*p >= '0' && *p <= '9')
        v = v * 10 + (guint64) (*p++ - '0');
      if (*p == '\0' && p != text + (text[0] == '-'))
        return text[0] == '-' ? (gint64) (0 - v) : (gint64) v;
    }
  /* like SQLite: a real number reads as its whole part */
  if (strpbrk (text, ".eE") != NULL)
    return (gint64) g_ascii_strtod (text, NULL);
  return g_ascii_strtoll (text, NULL, 10);
}

static double
pg_get_double (KefuEngineStmt *stmt, int col)
{
  const char *text = pg_get_text (stmt, col);

  return text != NULL ? g_ascii_strtod (text, NULL) : 0.0;
}

static GBytes *
pg_get_blob (KefuEngineStmt *stmt, int col)
{
  const char *text = pg_get_text (stmt, col);
  size_t len = 0;
  unsigned char *raw;
  GBytes *bytes;

  if (text == NULL)
    return NULL;
  raw = PQunescapeBytea ((const unsigned char *) text, &len);
  bytes = g_bytes_new (raw, len);
  PQfreemem (raw);
  return bytes;
}

static gboolean
pg_in_transaction (KefuEngine *engine)
{
  PgEngine *self = (PgEngine *) engine;
  PGTransactionStatusType st = PQtransactionStatus (self->conn);

  /* one that went with the connection is still to be rolled back */
  return st == PQTRANS_INTRANS || st == PQTRANS_INERROR || st == PQTRANS_ACTIVE || self->lost_in_tx;
}

static gint64
pg_changes (KefuEngine *engine)
{
  return ((PgEngine *) engine)->changes;
}

static gint64
pg_now (KefuEngine  *engine,
        GError     **error)
{
  PgEngine *self = (PgEngine *) engine;
  const char *sql = "SELECT floor(extract(epoch FROM now()))::bigint";
  PGresult *res;
  gint64 now = -1;
  gboolean skip;

  if (!ensure_connected (self, sql, &skip, error))
    return -1;
  res = PQexec (self->conn, sql);

  if (check_result (self, res, sql, error) && PQntuples (res) == 1)
    now = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  return now;
}

/* LISTEN/NOTIFY, for KefuStoreWatch (kefu-store-watch.c) ----------------- */

static int
pg_socket (KefuEngine *engine)
{
  return PQsocket (((PgEngine *) engine)->conn);
}

static GPtrArray *
pg_take_notifies (KefuEngine  *engine,
                  const char  *channel,
                  int          ignore_pid,
                  GError     **error)
{
  PgEngine *self = (PgEngine *) engine;
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func (g_free);
  PGnotify *n;

  /* reads what the socket holds, without waiting for more */
  if (!PQconsumeInput (self->conn) || PQstatus (self->conn) == CONNECTION_BAD)
    {
      g_autofree char *detail = g_strstrip (g_strdup (PQerrorMessage (self->conn)));

      self->before = PQTRANS_IDLE;
      note_lost (self, "LISTEN", detail, error);
      return NULL;
    }
  while ((n = PQnotifies (self->conn)) != NULL)
    {
      if (g_strcmp0 (n->relname, channel) == 0 && (ignore_pid == 0 || n->be_pid != ignore_pid))
        g_ptr_array_add (payloads, g_strdup (n->extra != NULL ? n->extra : ""));
      PQfreemem (n);
    }
  return g_steal_pointer (&payloads);
}

static gboolean
pg_reconnect (KefuEngine  *engine,
              GError     **error)
{
  PgEngine *self = (PgEngine *) engine;

  if (PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  return reconnect (self, TRUE, error);
}

static void
pg_adopt (KefuEngine *engine,
          KefuEngine *fresh_engine)
{
  PgEngine *self = (PgEngine *) engine;
  PgEngine *fresh = (PgEngine *) fresh_engine;
  PGconn *old = self->conn;

  /* (the old one goes with @fresh) */
  self->conn = fresh->conn;
  fresh->conn = old;
  g_debug ("PostgreSQL: a new connection to %s", self->where);
  self->delay = 0;
  self->retry_at = 0;
  self->lost_in_tx = FALSE;
  self->parent.held_offline = FALSE;
  self->generation++;
  /* each connection's prepared statements go with it */
  forget_prepared (self, FALSE);
  forget_prepared (fresh, FALSE);
}

static gboolean
pg_is_lost (KefuEngine *engine)
{
  return PQstatus (((PgEngine *) engine)->conn) != CONNECTION_OK;
}

static guint
pg_generation (KefuEngine *engine)
{
  return ((PgEngine *) engine)->generation;
}

/* COPY … FROM STDIN, for kefu-cli migrate ---------------------------------- */

static gboolean
pg_copy_begin (KefuEngine  *engine,
               const char  *sql,
               GError     **error)
{
  PgEngine *self = (PgEngine *) engine;
  PGresult *res = PQexec (self->conn, sql);
  gboolean ok = PQresultStatus (res) == PGRES_COPY_IN;

  if (!ok && check_result (self, res, sql, error))
    kefu_engine_set_error (error, KEFU_STORE_ERROR_SQL, sql, "not a COPY FROM STDIN");
  PQclear (res);
  return ok;
}

static gboolean
pg_copy_put (KefuEngine  *engine,
             const char  *data,
             gsize        len,
             GError     **error)
{
  PgEngine *self = (PgEngine *) engine;

  /* blocking connection: 1 when sent (or queued), -1 on failure */
  while (len > 0)
    {
      int piece = (int) MIN (len, (gsize) G_MAXINT / 2);

      if (PQputCopyData (self->conn, data, piece) != 1)
        {
          g_autofree char *detail = g_strstrip (g_strdup (PQerrorMessage (self->conn)));
          kefu_engine_set_error (error, PQstatus (self->conn) == CONNECTION_BAD ? KEFU_STORE_ERROR_OPEN
                                                                                : KEFU_STORE_ERROR_SQL,
                                 "COPY", detail);
          return FALSE;
        }
      data += piece;
      len -= piece;
    }
  return TRUE;
}

static gboolean
pg_copy_end (KefuEngine  *engine,
             GError     **error)
{
  PgEngine *self = (PgEngine *) engine;
  gboolean ok = TRUE;
  PGresult *res;

  if (PQputCopyEnd (self->conn, NULL) != 1)
    {
      g_autofree char *detail = g_strstrip (g_strdup (PQerrorMessage (self->conn)));
      kefu_engine_set_error (error, KEFU_STORE_ERROR_OPEN, "COPY", detail);
      ok = FALSE;
    }
  /* the COPY's own result, then NULL */
  while ((res = PQgetResult (self->conn)) != NULL)
    {
      if (ok && !check_result (self, res, "COPY", error))
        ok = FALSE;
      else if (ok && *PQcmdTuples (res) != '\0')
        self->changes = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
      PQclear (res);
    }
  return ok;
}

static char *pg_option (KefuEngine *engine, const char *keyword);

static const KefuEngineClass pg_class = {
  .copy_begin = pg_copy_begin,
  .copy_put = pg_copy_put,
  .copy_end = pg_copy_end,
  .reconnect = pg_reconnect,
  .adopt = pg_adopt,
  .is_lost = pg_is_lost,
  .generation = pg_generation,
  .lose_commit_reply = pg_lose_commit_reply,
  .prepared_count = pg_prepared_count,
  .option = pg_option,
  .in_transaction = pg_in_transaction,
  .changes = pg_changes,
  .server_now = pg_now,
  .socket = pg_socket,
  .take_notifies = pg_take_notifies,
  .kind = KEFU_ENGINE_POSTGRES,
  .begin_sql = "BEGIN",
  .free = pg_free,
  .exec = pg_exec,
  .prepare = pg_prepare,
  .stmt_free = pg_stmt_free,
  .stmt_reset = pg_stmt_reset,
  .bind_int = pg_bind_int,
  .bind_double = pg_bind_double,
  .bind_text = pg_bind_text,
  .bind_null = pg_bind_null,
  .bind_blob = pg_bind_blob,
  .step = pg_step,
  .column_count = pg_column_count,
  .column_name = pg_column_name,
  .get_int = pg_get_int,
  .get_double = pg_get_double,
  .get_text = pg_get_text,
  .is_null = pg_is_null,
  .get_blob = pg_get_blob,
};

static char *
pg_describe_spec (const char *db)
{
  g_autoptr(GString) out = g_string_new (NULL);
  PQconninfoOption *opts;
  char *err = NULL;

  opts = PQconninfoParse (db, &err);
  if (opts == NULL)
    {
      PQfreemem (err);
      return g_strdup (_("(a connection string that cannot be read)"));
    }
  for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
    if (o->val != NULL && *o->val != '\0' && strcmp (o->keyword, "password") != 0)
      g_string_append_printf (out, "%s%s=%s", out->len ? " " : "", o->keyword, o->val);
  PQconninfoFree (opts);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The server and database of @conninfo, for a person's message: what
 * pg_describe_spec() says without the user (the login is named apart) */
static char *
server_of (const char *conninfo)
{
  g_autoptr(GString) out = g_string_new (NULL);
  PQconninfoOption *opts = PQconninfoParse (conninfo, NULL);

  if (opts == NULL)
    return g_strdup ("?");
  for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
    if (o->val != NULL && *o->val != '\0' &&
        (strcmp (o->keyword, "host") == 0 || strcmp (o->keyword, "hostaddr") == 0 ||
         strcmp (o->keyword, "port") == 0 || strcmp (o->keyword, "dbname") == 0 ||
         strcmp (o->keyword, "service") == 0))
      g_string_append_printf (out, "%s%s=%s", out->len ? " " : "", o->keyword, o->val);
  PQconninfoFree (opts);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Notices (an IF NOT EXISTS that found the object) are not errors */
static void
quiet_notice (void *arg, const char *message)
{
  g_debug ("PostgreSQL: %s", message);
}

/* What each connection (and reconnection) sets: UTF-8, and local days and
 * hours (SQLite's 'localtime') that are the desk's own */
static void
setup_session (PGconn *conn)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  const char *zone = g_time_zone_get_identifier (tz);
  const char *values[1] = { zone };
  PGresult *res;

  PQsetClientEncoding (conn, "UTF8");
  res = PQexecParams (conn, "SELECT set_config('TimeZone', $1, false)", 1, NULL, values, NULL, NULL, 0);
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    g_debug ("PostgreSQL: the time zone “%s” is unknown to the server: %s", zone, PQerrorMessage (conn));
  PQclear (res);
}

/* What a connection is given unless its spec, the environment or its
 * service (pg_service.conf) says otherwise (#20): a host that stopped
 * answering fails a connect within connect_timeout and a query within
 * seconds (unacknowledged data: tcp_user_timeout; an idle connection's
 * probes: keepalives) instead of waiting for TCP to give up (about 15
 * minutes on Linux). On a Unix socket libpq ignores the TCP ones. */
static const struct {
  const char *keyword;
  const char *env;      /* libpq's environment variable, if any */
  const char *value;
} connect_defaults[] = {
  { "connect_timeout", "PGCONNECT_TIMEOUT", "10" },
  { "keepalives", NULL, "1" },
  { "keepalives_idle", NULL, "5" },
  { "keepalives_interval", NULL, "2" },
  { "keepalives_count", NULL, "3" },
  { "tcp_user_timeout", NULL, "10000" },
};

/* Whether the service @name sets @keyword in one of libpq's service
 * files (the person's, then the system's: libpq reads the second only
 * when the first has no such service) */
static gboolean
service_sets (const char *name,
              const char *keyword)
{
  g_autofree char *user_file = g_getenv ("PGSERVICEFILE") != NULL
                               ? g_strdup (g_getenv ("PGSERVICEFILE"))
                               : g_build_filename (g_get_home_dir (), ".pg_service.conf", NULL);
  g_autofree char *system_file = g_build_filename (g_getenv ("PGSYSCONFDIR") != NULL ? g_getenv ("PGSYSCONFDIR")
                                                                                  : "/etc/postgresql-common",
                                                   "pg_service.conf", NULL);
  const char *files[] = { user_file, system_file };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GKeyFile) file = g_key_file_new ();

      if (!g_key_file_load_from_file (file, files[i], G_KEY_FILE_NONE, NULL) || !g_key_file_has_group (file, name))
        continue;
      return g_key_file_has_key (file, name, keyword, NULL);
    }
  return FALSE;
}

/* Connects to @conninfo with connect_defaults where nothing else sets
 * them: libpq's keywords for PQconnectdbParams(), the whole spec last as
 * its expanded dbname */
static PGconn *
connect_with_defaults (const char       *conninfo,
                       PQconninfoOption *opts)
{
  const char *keywords[G_N_ELEMENTS (connect_defaults) + 2];
  const char *values[G_N_ELEMENTS (connect_defaults) + 2];
  const char *service = g_getenv ("PGSERVICE");
  guint n = 0;

  for (PQconninfoOption *o = opts; o->keyword != NULL; o++)
    if (strcmp (o->keyword, "service") == 0 && o->val != NULL && *o->val != '\0')
      service = o->val;
  for (guint i = 0; i < G_N_ELEMENTS (connect_defaults); i++)
    {
      gboolean set = connect_defaults[i].env != NULL && g_getenv (connect_defaults[i].env) != NULL
                     && *g_getenv (connect_defaults[i].env) != '\0';

      for (PQconninfoOption *o = opts; !set && o->keyword != NULL; o++)
        set = strcmp (o->keyword, connect_defaults[i].keyword) == 0 && o->val != NULL && *o->val != '\0';
      if (!set && service != NULL && *service != '\0')
        set = service_sets (service, connect_defaults[i].keyword);
      if (set)
        continue;
      keywords[n] = connect_defaults[i].keyword;
      values[n++] = connect_defaults[i].value;
    }
  keywords[n] = "dbname";
  values[n++] = conninfo;
  keywords[n] = NULL;
  values[n] = NULL;
  return PQconnectdbParams (keywords, values, 1);
}

/* A connection's setting as libpq uses it (for the tests: the defaults
 * above), NULL if unset */
static char *
pg_option (KefuEngine *engine,
           const char *keyword)
{
  PgEngine *self = (PgEngine *) engine;
  PQconninfoOption *opts = PQconninfo (self->conn);
  char *value = NULL;

  for (PQconninfoOption *o = opts; opts != NULL && o->keyword != NULL; o++)
    if (strcmp (o->keyword, keyword) == 0)
      value = g_strdup (o->val);
  PQconninfoFree (opts);
  return value;
}

static KefuEngine *
pg_connect (const char  *conninfo,
            GError     **error)
{
  PgEngine *self;
  PGconn *conn;
  char *parse_error = NULL;
  PQconninfoOption *opts = PQconninfoParse (conninfo, &parse_error);

  if (opts == NULL)
    {
      g_autofree char *detail = g_strstrip (g_strdup (parse_error != NULL ? parse_error : ""));
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("“%s” is not a PostgreSQL connection string or URI: %s"), conninfo, detail);
      PQfreemem (parse_error);
      return NULL;
    }
  conn = connect_with_defaults (conninfo, opts);
  PQconninfoFree (opts);
  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *where = pg_describe_spec (conninfo);
      g_autofree char *detail = g_strstrip (g_strdup (conn != NULL ? PQerrorMessage (conn) : ""));

      /* a wrong password (or no such person: the server says the same,
       * SQLSTATE 28P01), or none given where one is asked for: the
       * person's to put right, in words of their own language */
      if (conn != NULL && (strstr (detail, "password authentication failed") != NULL ||
                           strstr (detail, "no password supplied") != NULL ||
                           strstr (detail, "28P01") != NULL))
        {
          g_autofree char *server = server_of (conninfo);

          g_debug ("PostgreSQL refused the sign-in: %s", detail);
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SIGN_IN,
                       _("The server “%s” did not accept the login “%s” with this password. "
                         "Check both and try again (after a wrong password the server waits a moment "
                         "before it answers)."),
                       server, PQuser (conn) != NULL ? PQuser (conn) : "");
          PQfinish (conn);
          return NULL;
        }
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("Could not connect to the database server “%s”: %s"), where, detail);
      PQfinish (conn);
      return NULL;
    }
  PQsetNoticeProcessor (conn, quiet_notice, NULL);
  setup_session (conn);
  self = g_new0 (PgEngine, 1);
  self->parent.klass = &pg_class;
  self->conn = conn;
  self->where = pg_describe_spec (conninfo);
  return &self->parent;
}

static const KefuEnginePgModule pg_module = {
  .info = { KEFU_MODULE_ABI, "pg" },
  .connect = pg_connect,
  .describe_spec = pg_describe_spec,
};

const KefuModuleInfo *
kefu_module_info (void)
{
  return &pg_module.info;
}
