/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-query.c — the store's one small query layer (kefu-query.h) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-choice.h"
#include "kefu-engine.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

/* Server mode (#20): on a store opened on a server, a KefuQuery is the
 * engine's statement (KefuEngineStmt), and each function below hands it
 * to the engine; on a file it is SQLite's own statement, called directly
 * as before (the same statements, no extra step on the desk's hot path).
 * Which is which: the queries of every server store of the process are
 * in one set, looked up only while the process has a server open
 * (n_server_queries > 0), so a desk on a file pays one atomic read. */
static int         n_server_queries;   /* atomic */
static GMutex      server_mutex;
static GHashTable *server_queries;      /* KefuEngineStmt * set, under server_mutex */

static inline KefuEngineStmt *
server_query (KefuQuery *query)
{
  gboolean found;

  if (G_LIKELY (g_atomic_int_get (&n_server_queries) == 0))
    return NULL;
  g_mutex_lock (&server_mutex);
  found = server_queries != NULL && g_hash_table_contains (server_queries, query);
  g_mutex_unlock (&server_mutex);
  return found ? (KefuEngineStmt *) query : NULL;
}

void
kefu_query_forget (gpointer query)
{
  g_mutex_lock (&server_mutex);
  if (server_queries != NULL && g_hash_table_remove (server_queries, query))
    g_atomic_int_dec_and_test (&n_server_queries);
  g_mutex_unlock (&server_mutex);
  kefu_engine_stmt_free (query);
}

/* The dialect: what PostgreSQL spells differently, rewritten once when a
 * statement is prepared on the server (the text stays SQLite's in the
 * modules, written once). Only what the modules on the server use:
 *   INSERT OR IGNORE INTO …        → INSERT INTO … ON CONFLICT DO NOTHING
 *   x IS ?N / x IS NOT ?N          → IS [NOT] DISTINCT FROM (SQLite's IS
 *                                    compares with NULL as a value)
 *   group_concat(x) / (x, sep)     → string_agg((x)::text, ',' / sep)
 * Outside quotes only. */
static gboolean
word_at (const char *p,
         const char *start,
         const char *word)
{
  gsize len = strlen (word);

  return g_ascii_strncasecmp (p, word, len) == 0 &&
         (p == start || !(g_ascii_isalnum (p[-1]) || p[-1] == '_')) &&
         !(g_ascii_isalnum (p[len]) || p[len] == '_');
}

/* Rules by pattern (each only where its word occurs):
 *   the search index: SQLite's FTS5 table ticket_search (rowid, body) is
 *   on the server a plain table (id, body) whose MATCH is the function
 *   kefu_search_ticket_ids() (kefu-server-rights.sql: the same
 *   expression, the same ids):
 *     SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?N
 *                                → SELECT kefu_search_ticket_ids (?N)
 *     FROM ticket_search WHERE ticket_search MATCH ?N
 *                                → FROM kefu_search_ticket_ids (?N) AS ticket_search
 *     ticket_search's rowid      → id
 *   local weekday and hour of a moment (the session's TimeZone is the
 *   desk's: kefu-engine-pg.c):
 *     strftime('%w', x, 'unixepoch', 'localtime') → extract (dow …), '%H' → hour
 *   SQLite's index hints (INDEXED BY name, NOT INDEXED) go: the server's
 *   planner chooses
 *   SQLite's CAST of a text to INTEGER reads its leading digits (0 when
 *   none), where PostgreSQL's refuses anything else:
 *     CAST(column AS INTEGER)    → coalesce (substring (…) ::bigint, 0) */
typedef struct {
  const char *word;
  const char *pattern;
  const char *replacement;
  GRegex     *regex;
} Rule;

static Rule rules[] = {
  { "ticket_search", "SELECT\\s+rowid\\s+FROM\\s+ticket_search\\s+WHERE\\s+ticket_search\\s+MATCH\\s+(\\?\\d+)",
    "SELECT kefu_search_ticket_ids (\\1)", NULL },
  { "ticket_search", "FROM\\s+ticket_search\\s+WHERE\\s+ticket_search\\s+MATCH\\s+(\\?\\d+)",
    "FROM kefu_search_ticket_ids (\\1) AS ticket_search", NULL },
  { "ticket_search", "(INSERT\\s+INTO\\s+ticket_search\\s*\\(\\s*)rowid\\b", "\\1id", NULL },
  { "ticket_search", "(ticket_search\\s+WHERE\\s+)rowid\\b", "\\1id", NULL },
  { "strftime", "strftime\\('%w',\\s*([\\w.]+),\\s*'unixepoch',\\s*'localtime'\\)",
    "extract (dow FROM to_timestamp (\\1))", NULL },
  { "strftime", "strftime\\('%H',\\s*([\\w.]+),\\s*'unixepoch',\\s*'localtime'\\)",
    "extract (hour FROM to_timestamp (\\1))", NULL },
  { "INDEXED", "\\s+INDEXED\\s+BY\\s+\\w+", "", NULL },
  { "INDEXED", "\\s+NOT\\s+INDEXED\\b", "", NULL },
  { "AS INTEGER", "CAST\\(\\s*([A-Za-z_][\\w.]*)\\s+AS\\s+INTEGER\\s*\\)",
    "coalesce (substring ((\\1)::text FROM '^\\\\s*[-+]?[0-9]+')::bigint, 0)", NULL },
};

static char *
rules_for_server (const char *sql)
{
  static gsize ready;
  char *text = g_strdup (sql);

  if (g_once_init_enter (&ready))
    {
      for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
        rules[i].regex = g_regex_new (rules[i].pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&ready, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      char *next;

      if (strstr (sql, rules[i].word) == NULL)
        continue;
      next = g_regex_replace (rules[i].regex, text, -1, 0, rules[i].replacement, 0, NULL);
      if (next != NULL)
        {
          g_free (text);
          text = next;
        }
    }
  return text;
}

static char *dialect_for_server (const char *sql);

/* Whether the parenthesis that ends before @p's closing one has a comma
 * of its own (not inside a nested call or quotes) */
static gboolean
has_top_level_comma (const char *p)
{
  int depth = 0;
  char quote = 0;

  for (; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '\'' || *p == '"')
        quote = *p;
      else if (*p == '(')
        depth++;
      else if (*p == ')' && depth-- == 0)
        return FALSE;
      else if (*p == ',' && depth == 0)
        return TRUE;
    }
  return FALSE;
}

char *
kefu_query_sql_for_server (const char *sql)
{
  g_autofree char *searched = rules_for_server (sql);

  return dialect_for_server (searched);
}

char *
kefu_query_script_for_server (const char *script)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *start = script;
  char quote = 0;

  /* statement by statement: split at each ; outside quotes (the store's
   * scripts have no $$ bodies) */
  if (g_ascii_strncasecmp (script, "PRAGMA", 6) == 0 && strchr (script, ';') == NULL)
    return g_strdup ("");
  for (const char *p = script;; p++)
    {
      if (*p != '\0' && quote != 0)
        {
          if (*p == quote)
            quote = 0;
          continue;
        }
      if (*p == '\'' || *p == '"')
        {
          quote = *p;
          continue;
        }
      if (*p == ';' || *p == '\0')
        {
          g_autofree char *one = g_strndup (start, p - start);

          /* a PRAGMA tunes SQLite's connection: nothing to do on a server */
          if (*g_strstrip (one) != '\0' && g_ascii_strncasecmp (one, "PRAGMA", 6) != 0)
            {
              g_autofree char *server = kefu_query_sql_for_server (one);

              g_string_append_printf (out, "%s;\n", server);
            }
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
dialect_for_server (const char *sql)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (sql) + 32);
  gboolean or_ignore = FALSE;
  char quote = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
          g_string_append_c (out, *p);
          continue;
        }
      if (*p == '\'' || *p == '"')
        {
          quote = *p;
          g_string_append_c (out, *p);
          continue;
        }
      if (word_at (p, sql, "INSERT") && g_ascii_strncasecmp (p, "INSERT OR IGNORE ", 17) == 0)
        {
          g_string_append (out, "INSERT ");
          p += 16;
          or_ignore = TRUE;
          continue;
        }
      if (word_at (p, sql, "IS"))
        {
          const char *q = p + 2;
          gboolean not = FALSE;

          while (*q == ' ')
            q++;
          if (word_at (q, sql, "NOT"))
            {
              not = TRUE;
              q += 3;
              while (*q == ' ')
                q++;
            }
          if (*q == '?')
            {
              g_string_append (out, not ? "IS DISTINCT FROM " : "IS NOT DISTINCT FROM ");
              p = q - 1;
              continue;
            }
        }
      /* SQLite's LIKE ignores the case of ASCII letters */
      if (word_at (p, sql, "LIKE"))
        {
          g_string_append (out, "ILIKE");
          p += 3;
          continue;
        }
      if (word_at (p, sql, "instr") && p[5] == '(')
        {
          g_string_append (out, "strpos");
          p += 4;
          continue;
        }
      /* min(a, b) and max(a, b) of two values (not the aggregates) */
      if ((word_at (p, sql, "min") || word_at (p, sql, "max")) && p[3] == '(' && has_top_level_comma (p + 4))
        {
          g_string_append (out, g_ascii_tolower (p[1]) == 'i' ? "least" : "greatest");
          p += 2;
          continue;
        }
      if (word_at (p, sql, "group_concat") && p[12] == '(')
        {
          const char *q = p + 13;
          int depth = 0;
          const char *comma = NULL;
          char inner_quote = 0;

          for (; *q != '\0'; q++)
            {
              if (inner_quote != 0)
                {
                  if (*q == inner_quote)
                    inner_quote = 0;
                }
              else if (*q == '\'' || *q == '"')
                inner_quote = *q;
              else if (*q == '(')
                depth++;
              else if (*q == ')' && depth-- == 0)
                break;
              else if (*q == ',' && depth == 0 && comma == NULL)
                comma = q;
            }
          if (*q == ')')
            {
              g_autofree char *arg = g_strndup (p + 13, (comma != NULL ? comma : q) - (p + 13));
              g_autofree char *inner = dialect_for_server (arg);
              g_autofree char *sep = comma != NULL ? g_strndup (comma + 1, q - comma - 1) : g_strdup ("','");

              g_string_append_printf (out, "string_agg((%s)::text, %s)", inner, sep);
              p = q;
              continue;
            }
        }
      g_string_append_c (out, *p);
    }
  if (or_ignore)
    {
      while (out->len > 0 && (out->str[out->len - 1] == ';' || g_ascii_isspace (out->str[out->len - 1])))
        g_string_truncate (out, out->len - 1);
      g_string_append (out, " ON CONFLICT DO NOTHING");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static KefuQuery *
prepare_on_server (KefuStore   *store,
                   KefuEngine  *engine,
                   const char  *sql,
                   GError     **error)
{
  GHashTable *cache = kefu_store_get_server_statements (store);
  KefuEngineStmt *stmt = g_hash_table_lookup (cache, sql);
  g_autofree char *text = NULL;

  if (stmt != NULL)
    return (KefuQuery *) stmt;
  text = kefu_query_sql_for_server (sql);
  stmt = kefu_engine_prepare (engine, text, error);
  if (stmt == NULL)
    return NULL;
  g_mutex_lock (&server_mutex);
  if (server_queries == NULL)
    server_queries = g_hash_table_new (NULL, NULL);
  g_hash_table_add (server_queries, stmt);
  g_atomic_int_inc (&n_server_queries);
  g_mutex_unlock (&server_mutex);
  g_hash_table_insert (cache, g_strdup (sql), stmt);
  return (KefuQuery *) stmt;
}

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
  if (G_UNLIKELY (kefu_store_get_engine (store) != NULL))
    stmt = prepare_on_server (store, kefu_store_get_engine (store), sql, error);
  else
    stmt = kefu_store_prepare (store, sql, error);

  if (stmt != NULL)
    kefu_query_reset (stmt);
  return stmt;
}

void
kefu_query_reset (KefuQuery *query)
{
  KefuEngineStmt *s = server_query (query);

  if (s != NULL)
    {
      kefu_engine_stmt_reset (s);
      kefu_engine_clear_bindings (s);
      return;
    }
  sqlite3_reset (query);
  sqlite3_clear_bindings (query);
}

void
kefu_query_bind_int (KefuQuery *query,
                     int        n,
                     gint64     value)
{
  KefuEngineStmt *s = server_query (query);

  if (s != NULL)
    {
      if (n >= 1 && n <= kefu_engine_param_count (s))
        kefu_engine_bind_int (s, n, value);
      return;
    }
  sqlite3_bind_int64 (query, n, value);
}

void
kefu_query_bind_double (KefuQuery *query,
                        int        n,
                        double     value)
{
  KefuEngineStmt *s = server_query (query);

  if (s != NULL)
    {
      if (n >= 1 && n <= kefu_engine_param_count (s))
        kefu_engine_bind_double (s, n, value);
      return;
    }
  sqlite3_bind_double (query, n, value);
}

void
kefu_query_bind_text (KefuQuery  *query,
                      int         n,
                      const char *text)
{
  KefuEngineStmt *s = server_query (query);

  if (s != NULL)
    {
      if (n >= 1 && n <= kefu_engine_param_count (s))
        kefu_engine_bind_text (s, n, text);
      return;
    }
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
  if (server_query (query) != NULL)
    {
      kefu_query_bind_text (query, n, text != NULL && *text != '\0' ? text : NULL);
      return;
    }
  kefu_bind_text_or_null (query, n, text);
}

void
kefu_query_bind_id (KefuQuery *query,
                    int        n,
                    gint64     id)
{
  if (server_query (query) != NULL)
    {
      if (id > 0)
        kefu_query_bind_int (query, n, id);
      else
        kefu_query_bind_null (query, n);
      return;
    }
  kefu_bind_id_or_null (query, n, id);
}

void
kefu_query_bind_null (KefuQuery *query,
                      int        n)
{
  KefuEngineStmt *s = server_query (query);

  if (s != NULL)
    {
      if (n >= 1 && n <= kefu_engine_param_count (s))
        kefu_engine_bind_null (s, n);
      return;
    }
  sqlite3_bind_null (query, n);
}

void
kefu_query_bind_bytes (KefuQuery *query,
                       int        n,
                       GBytes    *data)
{
  gsize size = data != NULL ? g_bytes_get_size (data) : 0;
  KefuEngineStmt *s = server_query (query);

  if (s != NULL)
    {
      g_autoptr(GBytes) empty = data == NULL ? g_bytes_new (NULL, 0) : NULL;

      if (n >= 1 && n <= kefu_engine_param_count (s))
        kefu_engine_bind_blob (s, n, data != NULL ? data : empty);
      return;
    }
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
  KefuEngineStmt *s = server_query (query);
  int rc;

  /* the engine's message names the statement already */
  if (s != NULL)
    return kefu_engine_step (s, error);
  rc = sqlite3_step (query);
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
  if (server_query (query) != NULL)
    kefu_engine_stmt_reset ((KefuEngineStmt *) query);
  else
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
  KefuEngineStmt *s = server_query (query);

  if (s != NULL)
    return kefu_engine_get_int (s, col);
  return sqlite3_column_int64 (query, col);
}

double
kefu_query_get_double (KefuQuery *query,
                       int        col)
{
  KefuEngineStmt *s = server_query (query);

  if (s != NULL)
    return kefu_engine_get_double (s, col);
  return sqlite3_column_double (query, col);
}

const char *
kefu_query_get_text (KefuQuery *query,
                     int        col)
{
  KefuEngineStmt *s = server_query (query);

  if (s != NULL)
    return kefu_engine_get_text (s, col);
  return kefu_column_text (query, col);
}

gboolean
kefu_query_is_null (KefuQuery *query,
                    int        col)
{
  KefuEngineStmt *s = server_query (query);

  if (s != NULL)
    return kefu_engine_is_null (s, col);
  return sqlite3_column_type (query, col) == SQLITE_NULL;
}

GBytes *
kefu_query_get_bytes (KefuQuery *query,
                      int        col)
{
  KefuEngineStmt *s = server_query (query);
  const void *data;

  if (s != NULL)
    {
      GBytes *bytes = kefu_engine_get_blob (s, col);
      return bytes != NULL ? bytes : g_bytes_new (NULL, 0);
    }
  /* sqlite3_column_blob before sqlite3_column_bytes, as SQLite asks */
  data = sqlite3_column_blob (query, col);
  return g_bytes_new (data, sqlite3_column_bytes (query, col));
}

int
kefu_query_column_count (KefuQuery *query)
{
  KefuEngineStmt *s = server_query (query);

  /* the server tells once the statement ran: after its first step */
  if (s != NULL)
    return kefu_engine_column_count (s);
  return sqlite3_column_count (query);
}

gint64
kefu_query_last_id (KefuStore *store)
{
  KefuEngine *engine = kefu_store_get_engine (store);

  if (engine != NULL)
    {
      gint64 id = 0;

      /* the identity sequence the last INSERT of this connection drew from */
      if (!kefu_engine_scalar (engine, "SELECT lastval()", 0, &id, NULL))
        return 0;
      return id;
    }
  return sqlite3_last_insert_rowid (kefu_store_get_db (store));
}

gint64
kefu_query_changes (KefuStore *store)
{
  KefuEngine *engine = kefu_store_get_engine (store);

  if (engine != NULL)
    return kefu_engine_changes (engine);
  return sqlite3_changes64 (kefu_store_get_db (store));
}

static int
param_count (KefuQuery *query)
{
  KefuEngineStmt *s = server_query (query);

  return s != NULL ? kefu_engine_param_count (s) : sqlite3_bind_parameter_count (query);
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
  if (param_count (q) >= 2)
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
  int detail = -1;
  KefuQueryStep rc;

  if (q == NULL)
    return NULL;
  if (param_count (q) > 0)
    kefu_query_bind_int (q, 1, param);
  while ((rc = kefu_query_step (store, q, error)) == KEFU_QUERY_ROW)
    {
      g_autoptr(KefuChoice) c = NULL;

      if (detail < 0)
        detail = kefu_query_column_count (q) > 2;
      c = kefu_choice_new (kefu_query_get_int (q, 0), kefu_query_get_text (q, 1),
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
  KefuEngine *engine = kefu_store_get_engine (store);

  if (engine != NULL)
    return kefu_engine_in_transaction (engine);
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
        kefu_store_exec (tx->store, sql, NULL);
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
  /* the server: one snapshot for every statement, as SQLite's deferred
   * read transaction gives */
  return kefu_store_exec (store,
                          kefu_store_get_engine (store) != NULL ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                                                : "BEGIN DEFERRED",
                          error);
}

void
kefu_store_end_read (KefuStore *store)
{
  /* nothing was written: COMMIT only releases the snapshot (and keeps
   * what a caller's mistake wrote rather than dropping it silently) */
  if (kefu_store_in_transaction (store) && !kefu_store_exec (store, "COMMIT", NULL))
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
