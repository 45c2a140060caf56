/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-engine.c — what both engines share: telling a server from a file,
 * numbered parameters, transactions and savepoints, errors */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-engine-private.h"

/* key=value: a name of letters and underscores, then '=' */
static gboolean
looks_like_keyword_value (const char *text)
{
  const char *p = text;

  while (*p == ' ' || *p == '\t')
    p++;
  if (!g_ascii_isalpha (*p) && *p != '_')
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '_')
    p++;
  while (*p == ' ' || *p == '\t')
    p++;
  return *p == '=';
}

gboolean
kefu_engine_is_server_spec (const char *db)
{
  if (db == NULL)
    return FALSE;
  /* postgresql:/x too: what a path normalisation leaves of a URI */
  if (g_ascii_strncasecmp (db, "postgresql:", 11) == 0
      || g_ascii_strncasecmp (db, "postgres:", 9) == 0)
    return TRUE;
  return looks_like_keyword_value (db);
}

/* A URI's query value: everything but RFC 3986's unreserved characters
 * percent-encoded */
static void
append_uri_value (GString    *out,
                  const char *value)
{
  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    if (g_ascii_isalnum (*p) || strchr ("-._~", *p) != NULL)
      g_string_append_c (out, *p);
    else
      g_string_append_printf (out, "%%%02X", *p);
}

/* A key=value value: quoted, with \ and ' escaped */
static void
append_quoted_value (GString    *out,
                     const char *value)
{
  g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

/* @spec (a server spec: kefu_engine_is_server_spec()) signed in as
 * @login with @password (#20): the same server, the user and password
 * added after what @spec says (libpq takes the last of a repeated
 * keyword, and a URI's query parameters over its authority). The result
 * holds the password: keep it in memory only, and wipe it when done. */
char *
kefu_engine_spec_with_login (const char *spec,
                             const char *login,
                             const char *password)
{
  GString *out = g_string_new (spec);

  g_return_val_if_fail (spec != NULL && login != NULL, NULL);
  if (g_ascii_strncasecmp (spec, "postgresql:", 11) == 0 || g_ascii_strncasecmp (spec, "postgres:", 9) == 0)
    {
      /* no fragment in a libpq URI; a query may be there already */
      g_string_append_c (out, strchr (spec, '?') != NULL ? '&' : '?');
      g_string_append (out, "user=");
      append_uri_value (out, login);
      if (password != NULL)
        {
          g_string_append (out, "&password=");
          append_uri_value (out, password);
        }
    }
  else
    {
      g_string_append (out, " user=");
      append_quoted_value (out, login);
      if (password != NULL)
        {
          g_string_append (out, " password=");
          append_quoted_value (out, password);
        }
    }
  return g_string_free (out, FALSE);
}

char *
kefu_engine_translate_params (const char  *sql,
                              int         *n_params,
                              GError     **error)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (sql) + 8);
  const char *p = sql;
  int highest = 0;

  while (*p != '\0')
    {
      if (*p == '\'' || *p == '"')
        {
          /* a quoted text or name; a doubled quote stays inside */
          char q = *p;
          const char *start = p++;
          while (*p != '\0' && !(*p == q && p[1] != q))
            p += (*p == q) ? 2 : 1;
          if (*p == q)
            p++;
          g_string_append_len (out, start, p - start);
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          const char *start = p;
          while (*p != '\0' && *p != '\n')
            p++;
          g_string_append_len (out, start, p - start);
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");
          const char *stop = end != NULL ? end + 2 : p + strlen (p);
          g_string_append_len (out, p, stop - p);
          p = stop;
        }
      else if (*p == '?')
        {
          guint64 n = 0;
          const char *digits = ++p;
          while (g_ascii_isdigit (*p) && n <= 32767)
            n = n * 10 + (guint64) (*p++ - '0');
          if (p == digits || n < 1 || n > 32767)
            {
              g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL,
                           _("A statement has a parameter without a number (write ?1, ?2…): %s"), sql);
              return NULL;
            }
          highest = MAX (highest, (int) n);
          g_string_append_printf (out, "$%d", (int) n);
        }
      else
        g_string_append_c (out, *p++);
    }
  if (n_params != NULL)
    *n_params = highest;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
kefu_engine_set_error (GError     **error,
                       int          code,
                       const char  *sql,
                       const char  *detail)
{
  g_autofree char *what = NULL;
  const char *s = sql != NULL ? sql : "";

  while (*s == ' ' || *s == '\n' || *s == '\t')
    s++;
  what = g_utf8_substring (s, 0, MIN (g_utf8_strlen (s, -1), 60));
  g_strdelimit (what, "\n\t", ' ');
  switch (code)
    {
    case KEFU_STORE_ERROR_RETRY:
      g_set_error (error, KEFU_STORE_ERROR, code,
                   _("The database is busy with another change; nothing was written, try again (%s; while running “%s”)."),
                   detail, what);
      break;
    case KEFU_STORE_ERROR_CONFLICT:
      g_set_error (error, KEFU_STORE_ERROR, code,
                   _("A row with the same key exists already (%s; while running “%s”)."), detail, what);
      break;
    case KEFU_STORE_ERROR_PERMISSION:
      g_set_error (error, KEFU_STORE_ERROR, code,
                   _("The database refused this to your account (%s; while running “%s”)."), detail, what);
      break;
    case KEFU_STORE_ERROR_OPEN:
      g_set_error (error, KEFU_STORE_ERROR, code, _("Could not connect to the database: %s"), detail);
      break;
    default:
      g_set_error (error, KEFU_STORE_ERROR, code,
                   _("The database could not run “%s”: %s"), what, detail);
      break;
    }
}

/* The refusals Kefu's own server functions raise (server migration 39):
 * SQLSTATE KFnnn, the message's values in DETAIL one a line (a moment as
 * "@" and its seconds since the epoch, shown in local time), put in the
 * message's {1}, {2}, {3} (not printf: the messages are data). psql shows
 * the server's English message; a desk shows these, translated. */
static const struct {
  const char *state;
  int         code;
  const char *message;   /* {1}, {2}, {3}: the DETAIL's lines */
} server_refusals[] = {
  { "KF001", KEFU_STORE_ERROR_NOT_FOUND, N_("There is no attempt number {1} at a paper on the server.") },
  { "KF002", KEFU_STORE_ERROR_PERMISSION,
    N_("Attempt number {1} at the paper “{2}” is not yours: only its trainee draws its questions.") },
  { "KF003", KEFU_STORE_ERROR_INVALID,
    N_("Your attempt at the paper “{1}” has been handed in already: its questions are not drawn again.") },
  { "KF004", KEFU_STORE_ERROR_INVALID,
    N_("The questions of your attempt at the paper “{1}” have been drawn already.") },
  { "KF005", KEFU_STORE_ERROR_INVALID,
    N_("An attempt at the paper “{1}” is already in progress: resume it.") },
  { "KF006", KEFU_STORE_ERROR_PERMISSION,
    N_("The paper “{1}” allows {2} attempts, and all have been used.") },
  { "KF007", KEFU_STORE_ERROR_INVALID,
    N_("A draw rule of the paper “{1}” asks for {2} questions but only {3} are left to draw: "
       "ask a trainer to add questions to its bank.") },
  { "KF008", KEFU_STORE_ERROR_INVALID, N_("The paper “{1}” has no questions.") },
  { "KF009", KEFU_STORE_ERROR_PERMISSION, N_("The paper “{1}” is not assigned to you.") },
  { "KF010", KEFU_STORE_ERROR_PERMISSION,
    N_("The paper “{1}” opens at {2} by the server’s clock: it cannot be started before.") },
  { "KF011", KEFU_STORE_ERROR_PERMISSION,
    N_("The paper “{1}” closed at {2} by the server’s clock: it can no longer be started.") },
  { "KF012", KEFU_STORE_ERROR_INVALID,
    N_("The paper “{1}” is not published (it is a draft or withdrawn): it cannot be started.") },
  { "KF013", KEFU_STORE_ERROR_INVALID, N_("A 360° review score is from 0 to 100, not {1}.") },
  { "KF014", KEFU_STORE_ERROR_PERMISSION,
    N_("You are not a peer of 360° review round {1} who has yet to answer: a peer answers once, "
       "and only when asked.") },
  /* server migration 43: the functions of kefu-server-rights.sql and the
   * append-only triggers, in the desk's own words where a file refuses
   * the same thing */
  { "KF015", KEFU_STORE_ERROR_PERMISSION, N_("Only an administrator may manage users.") },
  { "KF016", KEFU_STORE_ERROR_NOT_FOUND, N_("There is no Kefu user “{1}” on the server.") },
  { "KF017", KEFU_STORE_ERROR_INVALID, N_("A password needs at least 8 characters.") },
  { "KF018", KEFU_STORE_ERROR_INVALID, N_("“{1}” is not a role of Kefu.") },
  { "KF019", KEFU_STORE_ERROR_INVALID,
    N_("The login “{1}” cannot be used: it needs 1 to 63 characters without spaces, not starting "
       "with kefu_ or pg_.") },
  { "KF020", KEFU_STORE_ERROR_PERMISSION, N_("A person changes only their own password.") },
  { "KF021", KEFU_STORE_ERROR_INVALID, N_("You cannot switch yourself off.") },
  { "KF022", KEFU_STORE_ERROR_CONFLICT,
    N_("The role “{1}” exists already on the server and is not an SLA checker: choose another name.") },
  { "KF023", KEFU_STORE_ERROR_PERMISSION, N_("Your role may not see owners’ full phone numbers.") },
  { "KF024", KEFU_STORE_ERROR_NOT_FOUND, N_("There is no ticket {1} among those you may see.") },
  { "KF025", KEFU_STORE_ERROR_INVALID, N_("Ticket {1} is not yours: say why you need the owner’s phone number.") },
  { "KF026", KEFU_STORE_ERROR_PERMISSION,
    N_("Attempt number {1} at the paper “{2}” is not yours: only its trainee or a trainer hands it in.") },
  { "KF027", KEFU_STORE_ERROR_INVALID, N_("The attempt has been submitted; its answers can no longer change.") },
  { "KF028", KEFU_STORE_ERROR_INVALID,
    N_("The audit log is append-only: its entries cannot be changed or removed.") },
  { "KF029", KEFU_STORE_ERROR_INVALID,
    N_("A ticket’s timeline is append-only: its events cannot be changed or removed.") },
  /* server migration 45: an owner's erasure (kefu_erase_owner()) */
  { "KF030", KEFU_STORE_ERROR_PERMISSION, N_("Only managers and administrators may erase an owner’s personal data.") },
  { "KF031", KEFU_STORE_ERROR_NOT_FOUND, N_("There is no owner {1}.") },
  { "KF032", KEFU_STORE_ERROR_INVALID, N_("Owner {1} was erased already.") },
  { "KF033", KEFU_STORE_ERROR_CONFLICT, N_("Erasure request {1} is not waiting to be carried out (carried out already, or another owner’s).") },
};

gboolean
kefu_engine_set_server_refusal (GError     **error,
                                const char  *sqlstate,
                                const char  *detail)
{
  g_auto(GStrv) lines = NULL;
  char *arg[3] = { NULL, NULL, NULL };
  GString *text;
  guint i;

  if (sqlstate == NULL || strncmp (sqlstate, "KF", 2) != 0)
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (server_refusals); i++)
    if (strcmp (server_refusals[i].state, sqlstate) == 0)
      break;
  if (i == G_N_ELEMENTS (server_refusals))
    return FALSE;
  lines = g_strsplit (detail != NULL ? detail : "", "\n", 4);
  for (guint k = 0; k < G_N_ELEMENTS (arg); k++)
    {
      const char *v = k < g_strv_length (lines) ? lines[k] : "";
      char *end = NULL;
      gint64 t = v[0] == '@' ? g_ascii_strtoll (v + 1, &end, 10) : 0;

      if (end != NULL && *end == '\0' && end != v + 1)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
          arg[k] = dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup (v);
        }
      else
        arg[k] = g_strdup (v);
    }
  text = g_string_new (_(server_refusals[i].message));
  for (guint k = 0; k < G_N_ELEMENTS (arg); k++)
    {
      char mark[] = { '{', (char) ('1' + k), '}', '\0' };

      g_string_replace (text, mark, arg[k], 0);
      g_free (arg[k]);
    }
  g_set_error_literal (error, KEFU_STORE_ERROR, server_refusals[i].code, text->str);
  g_string_free (text, TRUE);
  return TRUE;
}

/* Whether @text reads as @pattern, each {1}, {2}, {3} in it standing for
 * any (maybe empty) text */
static gboolean
reads_as (const char *text,
          const char *pattern)
{
  g_autoptr(GRegex) marks = g_regex_new ("\\{[123]\\}", 0, 0, NULL);
  g_auto(GStrv) pieces = g_regex_split (marks, pattern, 0);
  guint n = g_strv_length (pieces);
  const char *at = text;
  gsize tail;

  if (n == 1)
    return strcmp (text, pattern) == 0;
  if (!g_str_has_prefix (text, pieces[0]))
    return FALSE;
  at += strlen (pieces[0]);
  for (guint k = 1; k + 1 < n; k++)
    {
      const char *found = strstr (at, pieces[k]);

      if (found == NULL)
        return FALSE;
      at = found + strlen (pieces[k]);
    }
  tail = strlen (pieces[n - 1]);
  return strlen (at) >= tail && strcmp (at + strlen (at) - tail, pieces[n - 1]) == 0;
}

gboolean
kefu_engine_is_server_refusal (const GError *error)
{
  if (error == NULL || error->domain != KEFU_STORE_ERROR)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (server_refusals); i++)
    if (server_refusals[i].code == error->code && reads_as (error->message, _(server_refusals[i].message)))
      return TRUE;
  return FALSE;
}

KefuEngine *
kefu_engine_open_sqlite (const char  *path,
                         gboolean     create,
                         GError     **error)
{
  return kefu_engine_sqlite_new (path, create, error);
}

KefuEngine *
kefu_engine_connect_pg (const char  *conninfo,
                        GError     **error)
{
  const KefuEnginePgModule *pg = kefu_module_get ("pg", error);

  return pg != NULL ? pg->connect (conninfo, error) : NULL;
}

char *
kefu_engine_describe_spec (const char *db)
{
  g_autoptr(GError) error = NULL;
  const KefuEnginePgModule *pg = kefu_module_get ("pg", &error);

  if (pg == NULL)
    {
      /* the connection, which needs the module, says why */
      g_debug ("%s", error->message);
      return g_strdup (_("(a database server; Kefu’s PostgreSQL module is missing)"));
    }
  return pg->describe_spec (db);
}

void
kefu_engine_free (KefuEngine *engine)
{
  if (engine == NULL)
    return;
  while (engine->depth > 0)
    kefu_engine_rollback (engine);
  engine->klass->free (engine);
}

KefuEngineKind
kefu_engine_get_kind (KefuEngine *engine)
{
  return engine->klass->kind;
}

gboolean
kefu_engine_exec (KefuEngine  *engine,
                  const char  *sql,
                  GError     **error)
{
  return engine->klass->exec (engine, sql, error);
}

KefuEngineStmt *
kefu_engine_prepare (KefuEngine  *engine,
                     const char  *sql,
                     GError     **error)
{
  int n_params = 0;
  g_autofree char *translated = kefu_engine_translate_params (sql, &n_params, error);
  KefuEngineStmt *stmt;

  if (translated == NULL)
    return NULL;
  /* SQLite reads ?N itself; PostgreSQL is given $N */
  stmt = engine->klass->prepare (engine, engine->klass->kind == KEFU_ENGINE_SQLITE ? sql : translated,
                                 n_params, error);
  if (stmt != NULL)
    {
      stmt->engine = engine;
      stmt->n_params = n_params;
    }
  return stmt;
}

void
kefu_engine_stmt_free (KefuEngineStmt *stmt)
{
  if (stmt != NULL)
    stmt->engine->klass->stmt_free (stmt);
}

void
kefu_engine_stmt_reset (KefuEngineStmt *stmt)
{
  stmt->engine->klass->stmt_reset (stmt);
}

static gboolean
param_ok (KefuEngineStmt *stmt,
          int             n)
{
  if (n < 1 || n > stmt->n_params)
    {
      g_critical ("kefu_engine_bind: no parameter ?%d (the statement has %d)", n, stmt->n_params);
      return FALSE;
    }
  return TRUE;
}

void
kefu_engine_bind_int (KefuEngineStmt *stmt,
                      int             n,
                      gint64          value)
{
  if (param_ok (stmt, n))
    stmt->engine->klass->bind_int (stmt, n, value);
}

void
kefu_engine_bind_double (KefuEngineStmt *stmt,
                         int             n,
                         double          value)
{
  if (param_ok (stmt, n))
    stmt->engine->klass->bind_double (stmt, n, value);
}

void
kefu_engine_bind_text (KefuEngineStmt *stmt,
                       int             n,
                       const char     *text)
{
  if (!param_ok (stmt, n))
    return;
  if (text == NULL)
    stmt->engine->klass->bind_null (stmt, n);
  else
    stmt->engine->klass->bind_text (stmt, n, text);
}

void
kefu_engine_bind_null (KefuEngineStmt *stmt,
                       int             n)
{
  if (param_ok (stmt, n))
    stmt->engine->klass->bind_null (stmt, n);
}

void
kefu_engine_bind_blob (KefuEngineStmt *stmt,
                       int             n,
                       GBytes         *bytes)
{
  if (!param_ok (stmt, n))
    return;
  if (bytes == NULL)
    stmt->engine->klass->bind_null (stmt, n);
  else
    stmt->engine->klass->bind_blob (stmt, n, bytes);
}

GBytes *
kefu_engine_get_blob (KefuEngineStmt *stmt,
                      int             col)
{
  return kefu_engine_is_null (stmt, col) ? NULL : stmt->engine->klass->get_blob (stmt, col);
}

KefuQueryStep
kefu_engine_step (KefuEngineStmt  *stmt,
                  GError         **error)
{
  return stmt->engine->klass->step (stmt, error);
}

int
kefu_engine_column_count (KefuEngineStmt *stmt)
{
  return stmt->engine->klass->column_count (stmt);
}

const char *
kefu_engine_column_name (KefuEngineStmt *stmt,
                         int             col)
{
  return stmt->engine->klass->column_name (stmt, col);
}

gint64
kefu_engine_get_int (KefuEngineStmt *stmt,
                     int             col)
{
  return stmt->engine->klass->get_int (stmt, col);
}

double
kefu_engine_get_double (KefuEngineStmt *stmt,
                        int             col)
{
  return stmt->engine->klass->get_double (stmt, col);
}

const char *
kefu_engine_get_text (KefuEngineStmt *stmt,
                      int             col)
{
  return stmt->engine->klass->get_text (stmt, col);
}

gboolean
kefu_engine_is_null (KefuEngineStmt *stmt,
                     int             col)
{
  return stmt->engine->klass->is_null (stmt, col);
}

gboolean
kefu_engine_scalar (KefuEngine  *engine,
                    const char  *sql,
                    gint64       fallback,
                    gint64      *out,
                    GError     **error)
{
  g_autoptr(KefuEngineStmt) stmt = kefu_engine_prepare (engine, sql, error);
  KefuQueryStep rc;

  if (stmt == NULL)
    return FALSE;
  rc = kefu_engine_step (stmt, error);
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  *out = rc == KEFU_QUERY_ROW && !kefu_engine_is_null (stmt, 0) ? kefu_engine_get_int (stmt, 0) : fallback;
  return TRUE;
}

/* Transactions --------------------------------------------------------- */

gboolean
kefu_engine_begin (KefuEngine  *engine,
                   GError     **error)
{
  g_autofree char *sql = engine->depth == 0 ? g_strdup (engine->klass->begin_sql)
                                            : g_strdup_printf ("SAVEPOINT kefu_sp%d", engine->depth);

  if (!kefu_engine_exec (engine, sql, error))
    return FALSE;
  engine->depth++;
  return TRUE;
}

gboolean
kefu_engine_commit (KefuEngine  *engine,
                    GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (engine->depth > 0, FALSE);
  sql = engine->depth == 1 ? g_strdup ("COMMIT")
                           : g_strdup_printf ("RELEASE SAVEPOINT kefu_sp%d", engine->depth - 1);
  if (!kefu_engine_exec (engine, sql, error))
    {
      /* a failed commit is over: rolled back */
      kefu_engine_rollback (engine);
      return FALSE;
    }
  engine->depth--;
  return TRUE;
}

void
kefu_engine_rollback (KefuEngine *engine)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  g_return_if_fail (engine->depth > 0);
  sql = engine->depth == 1 ? g_strdup ("ROLLBACK")
                           : g_strdup_printf ("ROLLBACK TO SAVEPOINT kefu_sp%d; RELEASE SAVEPOINT kefu_sp%d",
                                              engine->depth - 1, engine->depth - 1);
  if (!kefu_engine_exec (engine, sql, &error))
    g_warning ("rollback: %s", error->message);
  engine->depth--;
}

void
kefu_engine_set_statement_rollback (KefuEngine *engine,
                                    gboolean    enabled)
{
  engine->statement_rollback = enabled;
}

int
kefu_engine_depth (KefuEngine *engine)
{
  return engine->depth;
}

void
kefu_engine_set_busy_timeout (KefuEngine *engine,
                              int         milliseconds)
{
  if (engine->klass->kind == KEFU_ENGINE_SQLITE)
    kefu_engine_sqlite_set_busy_timeout (engine, milliseconds);
}

gboolean
kefu_engine_in_transaction (KefuEngine *engine)
{
  return engine->klass->in_transaction (engine);
}

gint64
kefu_engine_changes (KefuEngine *engine)
{
  return engine->klass->changes (engine);
}

gint64
kefu_engine_now (KefuEngine  *engine,
                 GError     **error)
{
  return engine->klass->server_now (engine, error);
}

int
kefu_engine_param_count (KefuEngineStmt *stmt)
{
  return stmt->n_params;
}

void
kefu_engine_clear_bindings (KefuEngineStmt *stmt)
{
  for (int n = 1; n <= stmt->n_params; n++)
    stmt->engine->klass->bind_null (stmt, n);
}

int
kefu_engine_pg_socket (KefuEngine *engine)
{
  g_return_val_if_fail (engine != NULL, -1);
  if (engine->klass->socket == NULL)
    return -1;
  return engine->klass->socket (engine);
}

GPtrArray *
kefu_engine_pg_take_notifies (KefuEngine  *engine,
                              const char  *channel,
                              int          ignore_pid,
                              GError     **error)
{
  g_return_val_if_fail (engine != NULL && engine->klass->take_notifies != NULL, NULL);
  return engine->klass->take_notifies (engine, channel, ignore_pid, error);
}

gboolean
kefu_engine_pg_reconnect (KefuEngine  *engine,
                          GError     **error)
{
  g_return_val_if_fail (engine != NULL, FALSE);
  if (engine->klass->reconnect == NULL)
    return TRUE;
  return engine->klass->reconnect (engine, error);
}

void
kefu_engine_pg_set_reconnect_by_caller (KefuEngine *engine,
                                        gboolean    by_caller,
                                        void      (*lost_func) (gpointer data),
                                        gpointer    data)
{
  g_return_if_fail (engine != NULL);
  engine->reconnect_by_caller = by_caller;
  engine->lost_func = (GCallback) lost_func;
  engine->lost_data = data;
}

void
kefu_engine_pg_set_offline (KefuEngine *engine)
{
  g_return_if_fail (engine != NULL);
  if (engine->klass->adopt != NULL)
    engine->held_offline = TRUE;
}

gboolean
kefu_engine_pg_is_offline (KefuEngine *engine)
{
  g_return_val_if_fail (engine != NULL, FALSE);
  if (engine->klass->is_lost == NULL)
    return FALSE;
  return engine->held_offline || (engine->reconnect_by_caller && engine->klass->is_lost (engine));
}

void
kefu_engine_pg_adopt (KefuEngine *engine,
                      KefuEngine *fresh)
{
  g_return_if_fail (engine != NULL && fresh != NULL);
  g_return_if_fail (engine->klass == fresh->klass && engine->klass->adopt != NULL);
  g_return_if_fail (engine->depth == 0);
  engine->klass->adopt (engine, fresh);
  kefu_engine_free (fresh);
}

guint
kefu_engine_pg_generation (KefuEngine *engine)
{
  g_return_val_if_fail (engine != NULL, 0);
  return engine->klass->generation != NULL ? engine->klass->generation (engine) : 0;
}

char *
kefu_engine_pg_option (KefuEngine *engine,
                       const char *keyword)
{
  g_return_val_if_fail (engine != NULL, NULL);
  return engine->klass->option != NULL ? engine->klass->option (engine, keyword) : NULL;
}

gboolean
kefu_engine_pg_lose_next_commit_reply (KefuEngine *engine)
{
  g_return_val_if_fail (engine != NULL, FALSE);
  if (engine->klass->lose_commit_reply == NULL)
    return FALSE;
  engine->klass->lose_commit_reply (engine);
  return TRUE;
}

guint
kefu_engine_pg_prepared_count (KefuEngine *engine)
{
  g_return_val_if_fail (engine != NULL, 0);
  return engine->klass->prepared_count != NULL ? engine->klass->prepared_count (engine) : 0;
}

static gboolean
no_copy (KefuEngine  *engine,
         GError     **error)
{
  if (engine->klass->copy_begin != NULL)
    return FALSE;
  g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL,
                       _("COPY is only for a PostgreSQL server."));
  return TRUE;
}

gboolean
kefu_engine_copy_begin (KefuEngine  *engine,
                        const char  *sql,
                        GError     **error)
{
  if (no_copy (engine, error))
    return FALSE;
  return engine->klass->copy_begin (engine, sql, error);
}

gboolean
kefu_engine_copy_put (KefuEngine  *engine,
                      const char  *data,
                      gsize        len,
                      GError     **error)
{
  if (no_copy (engine, error))
    return FALSE;
  return len == 0 || engine->klass->copy_put (engine, data, len, error);
}

gboolean
kefu_engine_copy_end (KefuEngine  *engine,
                      GError     **error)
{
  if (no_copy (engine, error))
    return FALSE;
  return engine->klass->copy_end (engine, error);
}
