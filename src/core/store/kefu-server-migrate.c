/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-server-migrate.c — `kefu-cli migrate --from FILE --to URI`: a desk's
 * whole SQLite file onto a PostgreSQL server, every table counted and
 * checksummed on both sides (#20)
 *
 * Into a server by COPY … FROM STDIN (one pass over each table of the
 * file, summed as it goes), its foreign keys taken off during the copy
 * and put back after it (each checked by one query over the whole table,
 * as pg_restore does) and its triggers of its own held (the rows come
 * as they are); then every table read back through a cursor. Into a file
 * (the reverse) by one prepared INSERT a row.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kefu-schema.h"
#include "kefu-server.h"
#include "kefu-store-private.h"

typedef enum { COL_INT, COL_REAL, COL_TEXT, COL_BLOB } ColType;

typedef struct {
  char    *name;
  ColType  type;
  gboolean notnull;
} Column;

static void
column_clear (gpointer data)
{
  g_free (((Column *) data)->name);
}

/* The tables `server init` fills on a new server as SQLite's migrations
 * fill a new file (the capability radar's sources, kefu-server-rights.sql;
 * the training categories' modules, kefu-server-32.sql): the file's own
 * rows replace them. */
static const char * const init_filled_tables[] = { "capability_sources", "training_module_aliases", NULL };

/* The tables neither copy takes: the CLI's sign-in sessions (each a
 * token's hash, for one desk's operating-system user, kefu-session.c)
 * belong to the file or server where they were made; a desk signs in
 * again on the other side. Each is reported with the rows left behind
 * (KefuMigratedTable.copied FALSE), outside the count and checksum
 * check. */
static const char * const not_copied_tables[] = { "cli_sessions", NULL };

/* The store's tables that are copied (a NULL-terminated array of
 * kefu_store_table_names()' strings) */
static GPtrArray *
copied_tables (void)
{
  const char * const *tables = kefu_store_table_names ();
  GPtrArray *copied = g_ptr_array_new ();

  for (guint t = 0; tables[t] != NULL; t++)
    if (!g_strv_contains (not_copied_tables, tables[t]))
      g_ptr_array_add (copied, (gpointer) tables[t]);
  g_ptr_array_add (copied, NULL);
  return copied;
}

/* Tells @func of each table not copied, with its rows in @src */
static gboolean
report_not_copied (KefuEngine       *src,
                   KefuMigrateFunc   func,
                   gpointer          user_data,
                   GError          **error)
{
  for (guint t = 0; func != NULL && not_copied_tables[t] != NULL; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", not_copied_tables[t]);
      KefuMigratedTable report = { not_copied_tables[t], 0, NULL, FALSE };

      if (!kefu_engine_scalar (src, sql, 0, &report.rows, error))
        return FALSE;
      if (func != NULL)
        func (&report, user_data);
    }
  return TRUE;
}

/* The file's columns of @table, by their declared type (SQLite's
 * affinity rules, simplified to Kefu's schema) */
static GArray *
read_columns (KefuEngine  *src,
              const char  *table,
              GError     **error)
{
  g_autoptr(GArray) cols = g_array_new (FALSE, TRUE, sizeof (Column));
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(\"%s\")", table);
  g_autoptr(KefuEngineStmt) st = NULL;
  KefuQueryStep rc;

  g_array_set_clear_func (cols, column_clear);
  if (g_str_equal (table, "ticket_search"))
    {
      /* FTS5: its rowid is the server's id */
      Column id = { g_strdup ("rowid"), COL_INT, FALSE }, body = { g_strdup ("body"), COL_TEXT, FALSE };
      g_array_append_val (cols, id);
      g_array_append_val (cols, body);
      return g_steal_pointer (&cols);
    }
  st = kefu_engine_prepare (src, sql, error);
  if (st == NULL)
    return NULL;
  while ((rc = kefu_engine_step (st, error)) == KEFU_QUERY_ROW)
    {
      g_autofree char *type = g_ascii_strup (kefu_engine_get_text (st, 2) != NULL ? kefu_engine_get_text (st, 2) : "", -1);
      Column c = { g_strdup (kefu_engine_get_text (st, 1)), COL_TEXT, kefu_engine_get_int (st, 3) != 0 };

      if (strstr (type, "INT") != NULL)
        c.type = COL_INT;
      else if (strstr (type, "REAL") != NULL || strstr (type, "DOUB") != NULL || strstr (type, "FLOA") != NULL)
        c.type = COL_REAL;
      else if (strstr (type, "BLOB") != NULL)
        c.type = COL_BLOB;
      g_array_append_val (cols, c);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&cols);
}

/* The select list for @cols; the server names SQLite's rowid "id" */
static char *
select_sql (const char *table,
            GArray     *cols,
            gboolean    server)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");

  for (guint i = 0; i < cols->len; i++)
    {
      const char *name = g_array_index (cols, Column, i).name;
      g_string_append_printf (sql, "%s\"%s\"", i ? ", " : "",
                              server && g_str_equal (name, "rowid") ? "id" : name);
    }
  g_string_append_printf (sql, " FROM \"%s\"", table);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* What a person signed in to the server (#20) reads of @table, as the
 * select list for @cols: a column their role may not read is the masked
 * view's (the phones: owners_masked, tickets_masked) or empty (NULL, or ''
 * where the file wants a value: e.g. users' PIN hashes); a table they read
 * nothing of (the audit log for an agent) or whose text the server keeps
 * to itself (the search index's bodies) gives no rows. Row-level security
 * leaves out the estates they do not serve. NULL with @error set when the
 * server cannot say. */
static char *
person_select_sql (KefuEngine  *src,
                   const char  *table,
                   GArray      *cols,
                   GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(KefuEngineStmt) st = kefu_engine_prepare (src,
      "SELECT has_column_privilege (?1, ?2, 'SELECT')::int", error);
  guint readable = 0;

  if (st == NULL)
    return NULL;
  for (guint i = 0; i < cols->len; i++)
    {
      const Column *c = &g_array_index (cols, Column, i);
      const char *name = g_str_equal (c->name, "rowid") ? "id" : c->name;
      gboolean may;

      kefu_engine_stmt_reset (st);
      kefu_engine_bind_text (st, 1, table);
      kefu_engine_bind_text (st, 2, name);
      if (kefu_engine_step (st, error) != KEFU_QUERY_ROW)
        return NULL;
      may = kefu_engine_get_int (st, 0) != 0;
      /* (to the end of its one row) */
      if (kefu_engine_step (st, error) == KEFU_QUERY_FAILED)
        return NULL;
      if (i > 0)
        g_string_append (sql, ", ");
      if (may)
        {
          g_string_append_printf (sql, "t.\"%s\"", name);
          readable++;
        }
      else if (g_str_equal (table, "owners") && g_str_equal (name, "phone"))
        g_string_append (sql, "(SELECT m.phone FROM owners_masked m WHERE m.id = t.id)");
      else if (g_str_equal (table, "tickets") && g_str_equal (name, "contact_phone"))
        g_string_append (sql, "(SELECT m.contact_phone FROM tickets_masked m WHERE m.id = t.id)");
      else if (c->notnull)
        g_string_append (sql, c->type == COL_INT || c->type == COL_REAL ? "0" : "''");
      else
        g_string_append (sql, "NULL");
    }
  /* (a table named at all needs a privilege on it) */
  if (readable == 0)
    g_string_append (sql, " WHERE false");
  else
    g_string_append_printf (sql, " FROM \"%s\" t%s", table, g_str_equal (table, "ticket_search") ? " WHERE false" : "");
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* An order-free checksum: two 64-bit sums of each row's SHA-256 */
typedef struct {
  guint64 a, b;
} Sum;

static void
sum_row (Sum            *sum,
         KefuEngineStmt *st,
         GArray         *cols)
{
  g_autoptr(GChecksum) row = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  guint64 a = 0, b = 0;

  for (guint i = 0; i < cols->len; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE + 32];

      if (kefu_engine_is_null (st, i))
        g_checksum_update (row, (const guchar *) "\\N", 3);   /* with its NUL: no text is this */
      else
        switch (g_array_index (cols, Column, i).type)
          {
          case COL_INT:
            g_snprintf (buf, sizeof buf, "i%" G_GINT64_FORMAT, kefu_engine_get_int (st, i));
            g_checksum_update (row, (const guchar *) buf, strlen (buf) + 1);
            break;
          case COL_REAL:
            buf[0] = 'r';
            g_ascii_dtostr (buf + 1, sizeof buf - 1, kefu_engine_get_double (st, i));
            g_checksum_update (row, (const guchar *) buf, strlen (buf) + 1);
            break;
          case COL_BLOB:
            {
              g_autoptr(GBytes) bytes = kefu_engine_get_blob (st, i);
              gsize n = 0;
              gconstpointer data = g_bytes_get_data (bytes, &n);
              g_snprintf (buf, sizeof buf, "b%" G_GSIZE_FORMAT ":", n);
              g_checksum_update (row, (const guchar *) buf, strlen (buf));
              g_checksum_update (row, data, n);
            }
            break;
          case COL_TEXT:
          default:
            {
              const char *text = kefu_engine_get_text (st, i);
              g_checksum_update (row, (const guchar *) "t", 1);
              g_checksum_update (row, (const guchar *) text, strlen (text) + 1);
            }
            break;
          }
    }
  g_checksum_get_digest (row, digest, &len);
  for (int i = 0; i < 8; i++)
    {
      a = (a << 8) | digest[i];
      b = (b << 8) | digest[8 + i];
    }
  sum->a += a;
  sum->b += b;
}

/* Every row of @sql through @engine, to @func. On a server through a
 * cursor, 10,000 rows a fetch (a whole table's result in memory would be
 * gigabytes at a million tickets): inside the caller's transaction. */
typedef gboolean (*RowFunc) (KefuEngineStmt *st, gpointer data, GError **error);

static gboolean
each_row (KefuEngine  *engine,
          const char  *sql,
          RowFunc      func,
          gpointer     data,
          GError     **error)
{
  gboolean server = kefu_engine_get_kind (engine) == KEFU_ENGINE_POSTGRES;
  g_autofree char *declare = server ? g_strdup_printf ("DECLARE kefu_scan NO SCROLL CURSOR FOR %s", sql) : NULL;
  g_autoptr(KefuEngineStmt) st = NULL;
  gboolean ok = TRUE;

  if (declare != NULL && !kefu_engine_exec (engine, declare, error))
    return FALSE;
  st = kefu_engine_prepare (engine, server ? "FETCH 10000 FROM kefu_scan" : sql, error);
  if (st == NULL)
    return FALSE;
  for (;;)
    {
      KefuQueryStep rc;
      gint64 fetched = 0;

      while ((rc = kefu_engine_step (st, error)) == KEFU_QUERY_ROW)
        {
          fetched++;
          if (!func (st, data, error))
            {
              ok = FALSE;
              break;
            }
        }
      if (!ok || rc == KEFU_QUERY_FAILED)
        {
          ok = FALSE;
          break;
        }
      if (!server || fetched == 0)
        break;
      kefu_engine_stmt_reset (st);
    }
  g_clear_pointer (&st, kefu_engine_stmt_free);
  if (server && ok)
    ok = kefu_engine_exec (engine, "CLOSE kefu_scan", error);
  return ok;
}

typedef struct {
  GArray  *cols;
  gint64   rows;
  Sum      sum;
  /* a copy: into a file row by row, or into a server by COPY */
  KefuEngineStmt *insert;
  KefuEngine     *copy_to;
  GString        *copy_data;
} Pass;

static gboolean
count_row (KefuEngineStmt  *st,
           gpointer         data,
           GError         **error)
{
  Pass *pass = data;

  sum_row (&pass->sum, st, pass->cols);
  pass->rows++;
  return TRUE;
}

/* Reads every row of @table through @engine: count and checksum */
static gboolean
scan (KefuEngine  *engine,
      const char  *table,
      GArray      *cols,
      gint64      *rows,
      Sum         *sum,
      GError     **error)
{
  g_autofree char *sql = select_sql (table, cols, kefu_engine_get_kind (engine) == KEFU_ENGINE_POSTGRES);
  Pass pass = { cols, 0, { 0, 0 }, NULL, NULL, NULL };
  gboolean ok = each_row (engine, sql, count_row, &pass, error);

  *rows = pass.rows;
  *sum = pass.sum;
  return ok;
}

/* One value in COPY's text format: \N for NULL, a backslash, tab, newline
 * or carriage return escaped; bytes as bytea's hex input (\\x…) */
static void
append_copy_value (GString        *out,
                   KefuEngineStmt *st,
                   int             i,
                   ColType         type)
{
  static const char hex[] = "0123456789abcdef";

  if (kefu_engine_is_null (st, i))
    {
      g_string_append (out, "\\N");
      return;
    }
  switch (type)
    {
    case COL_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, kefu_engine_get_int (st, i));
      break;
    case COL_REAL:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append (out, g_ascii_dtostr (buf, sizeof buf, kefu_engine_get_double (st, i)));
      }
      break;
    case COL_BLOB:
      {
        g_autoptr(GBytes) bytes = kefu_engine_get_blob (st, i);
        gsize n = 0;
        const guint8 *b = g_bytes_get_data (bytes, &n);

        g_string_append (out, "\\\\x");
        for (gsize k = 0; k < n; k++)
          {
            g_string_append_c (out, hex[b[k] >> 4]);
            g_string_append_c (out, hex[b[k] & 15]);
          }
      }
      break;
    case COL_TEXT:
    default:
      for (const char *c = kefu_engine_get_text (st, i); *c != '\0'; c++)
        switch (*c)
          {
          case '\\': g_string_append (out, "\\\\"); break;
          case '\t': g_string_append (out, "\\t"); break;
          case '\n': g_string_append (out, "\\n"); break;
          case '\r': g_string_append (out, "\\r"); break;
          default: g_string_append_c (out, *c); break;
          }
      break;
    }
}

/* A row of the source: counted and summed, and copied */
static gboolean
copy_row (KefuEngineStmt  *from,
          gpointer         data,
          GError         **error)
{
  Pass *pass = data;
  GArray *cols = pass->cols;

  sum_row (&pass->sum, from, cols);
  pass->rows++;
  if (pass->copy_data != NULL)
    {
      for (guint i = 0; i < cols->len; i++)
        {
          if (i > 0)
            g_string_append_c (pass->copy_data, '\t');
          append_copy_value (pass->copy_data, from, (int) i, g_array_index (cols, Column, i).type);
        }
      g_string_append_c (pass->copy_data, '\n');
      /* a megabyte at a time */
      if (pass->copy_data->len >= 1 << 20)
        {
          if (!kefu_engine_copy_put (pass->copy_to, pass->copy_data->str, pass->copy_data->len, error))
            return FALSE;
          g_string_truncate (pass->copy_data, 0);
        }
      return TRUE;
    }

  /* before binding: SQLite binds nothing to a statement stepped and not reset */
  kefu_engine_stmt_reset (pass->insert);
  for (guint i = 0; i < cols->len; i++)
    {
      int n = (int) i + 1;

      if (kefu_engine_is_null (from, i))
        kefu_engine_bind_null (pass->insert, n);
      else
        switch (g_array_index (cols, Column, i).type)
          {
          case COL_INT:
            kefu_engine_bind_int (pass->insert, n, kefu_engine_get_int (from, i));
            break;
          case COL_REAL:
            kefu_engine_bind_double (pass->insert, n, kefu_engine_get_double (from, i));
            break;
          case COL_BLOB:
            {
              g_autoptr(GBytes) bytes = kefu_engine_get_blob (from, i);
              kefu_engine_bind_blob (pass->insert, n, bytes);
            }
            break;
          case COL_TEXT:
          default:
            kefu_engine_bind_text (pass->insert, n, kefu_engine_get_text (from, i));
            break;
          }
    }
  return kefu_engine_step (pass->insert, error) != KEFU_QUERY_FAILED;
}

/* Copies every row of @table from @src to @dst in one pass over @src,
 * counting and summing them: into a server by COPY … FROM STDIN, into a
 * file by one prepared INSERT a row. */
static gboolean
copy_table (KefuEngine  *src,
            KefuEngine  *dst,
            const char  *table,
            GArray      *cols,
            gboolean     person,
            gint64      *rows,
            Sum         *sum,
            GError     **error)
{
  g_autofree char *select = person ? person_select_sql (src, table, cols, error)
                                   : select_sql (table, cols, kefu_engine_get_kind (src) == KEFU_ENGINE_POSTGRES);
  gboolean to_server = kefu_engine_get_kind (dst) == KEFU_ENGINE_POSTGRES;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) statement = g_string_new (NULL);
  g_autoptr(KefuEngineStmt) insert = NULL;
  g_autoptr(GString) copy_data = NULL;
  Pass pass = { cols, 0, { 0, 0 }, NULL, NULL, NULL };
  gboolean ok;

  if (select == NULL)
    return FALSE;

  for (guint i = 0; i < cols->len; i++)
    {
      const char *name = g_array_index (cols, Column, i).name;
      g_string_append_printf (names, "%s\"%s\"", i ? ", " : "", to_server && g_str_equal (name, "rowid") ? "id" : name);
    }
  if (to_server)
    {
      g_string_printf (statement, "COPY \"%s\" (%s) FROM STDIN", table, names->str);
      if (!kefu_engine_copy_begin (dst, statement->str, error))
        return FALSE;
      copy_data = g_string_sized_new ((1 << 20) + 65536);
      pass.copy_to = dst;
      pass.copy_data = copy_data;
    }
  else
    {
      g_string_printf (statement, "INSERT INTO \"%s\" (%s) VALUES (", table, names->str);
      for (guint i = 0; i < cols->len; i++)
        g_string_append_printf (statement, "%s?%u", i ? ", " : "", i + 1);
      g_string_append (statement, ")");
      insert = kefu_engine_prepare (dst, statement->str, error);
      if (insert == NULL)
        return FALSE;
      pass.insert = insert;
    }
  ok = each_row (src, select, copy_row, &pass, error);
  if (to_server)
    {
      /* the rest, and the end: the server's verdict on the whole COPY
       * (after a failure too, to leave the COPY state) */
      g_autoptr(GError) end_error = NULL;

      if (ok && !kefu_engine_copy_put (dst, copy_data->str, copy_data->len, error))
        ok = FALSE;
      if (!kefu_engine_copy_end (dst, ok ? error : &end_error))
        ok = FALSE;
    }
  *rows = pass.rows;
  *sum = pass.sum;
  return ok;
}

/* Identity columns go on after the ids copied */
static gboolean
move_identities (KefuEngine  *dst,
                 GError     **error)
{
  g_autoptr(KefuEngineStmt) st = kefu_engine_prepare (dst,
      "SELECT table_name, column_name FROM information_schema.columns "
      "WHERE table_schema = 'public' AND is_identity = 'YES'", error);
  g_autoptr(GPtrArray) sqls = g_ptr_array_new_with_free_func (g_free);
  KefuQueryStep rc;

  if (st == NULL)
    return FALSE;
  while ((rc = kefu_engine_step (st, error)) == KEFU_QUERY_ROW)
    {
      const char *t = kefu_engine_get_text (st, 0), *c = kefu_engine_get_text (st, 1);
      g_ptr_array_add (sqls, g_strdup_printf ("SELECT setval(pg_get_serial_sequence('\"%s\"', '%s'), "
                                              "COALESCE((SELECT max(\"%s\") FROM \"%s\"), 0) + 1, false)",
                                              t, c, c, t));
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  for (guint i = 0; i < sqls->len; i++)
    if (!kefu_engine_exec (dst, sqls->pdata[i], error))
      return FALSE;
  /* and each day's ticket numbers after the copied ones (server
   * migration 30) */
  return kefu_engine_exec (dst,
      "INSERT INTO kefu_ticket_numbers (day, last) "
      "SELECT substr(number, 1, 10), max(substr(number, 11)::bigint) FROM tickets "
      " WHERE number ~ '^GD[0-9]{9,18}$' GROUP BY 1 "
      "ON CONFLICT (day) DO UPDATE SET last = greatest(kefu_ticket_numbers.last, excluded.last)", error);
}

/* Runs each of @sqls in order */
static gboolean
exec_all (KefuEngine  *engine,
          GPtrArray   *sqls,
          GError     **error)
{
  for (guint i = 0; i < sqls->len; i++)
    if (!kefu_engine_exec (engine, sqls->pdata[i], error))
      return FALSE;
  return TRUE;
}

/* Two statements from each row of @sql: the first column's run now (all
 * of them), the second's kept for later, returned in order */
static GPtrArray *
run_and_keep (KefuEngine  *dst,
              const char  *sql,
              GError     **error)
{
  g_autoptr(GPtrArray) now = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) later = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KefuEngineStmt) st = kefu_engine_prepare (dst, sql, error);
  KefuQueryStep rc;

  if (st == NULL)
    return NULL;
  while ((rc = kefu_engine_step (st, error)) == KEFU_QUERY_ROW)
    {
      g_ptr_array_add (now, g_strdup (kefu_engine_get_text (st, 0)));
      g_ptr_array_add (later, g_strdup (kefu_engine_get_text (st, 1)));
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  g_clear_pointer (&st, kefu_engine_stmt_free);
  if (!exec_all (dst, now, error))
    return NULL;
  return g_steal_pointer (&later);
}

/* The server's foreign keys come off for the copy (a deferred check is
 * one query a row at the commit; ADD CONSTRAINT checks a whole table in
 * one join): returns the statements that put them back, each checking
 * every row. */
static GPtrArray *
take_off_foreign_keys (KefuEngine  *dst,
                       GError     **error)
{
  return run_and_keep (dst,
      "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname), "
      "       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) "
      "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
      "WHERE c.contype = 'f' AND n.nspname = 'public' ORDER BY c.oid", error);
}

/* Kefu's own triggers (NOTIFY to desks, the audit chain, the KPI
 * roll-up's marks: kefu-server-27/28.sql) are held while the rows go in
 * as they are; returns the statements that enable them again. */
static GPtrArray *
hold_triggers (KefuEngine  *dst,
               GError     **error)
{
  return run_and_keep (dst,
      "SELECT format('ALTER TABLE %s DISABLE TRIGGER %I', t.tgrelid::regclass, t.tgname), "
      "       format('ALTER TABLE %s ENABLE TRIGGER %I', t.tgrelid::regclass, t.tgname) "
      "FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
      "WHERE NOT t.tgisinternal AND t.tgenabled = 'O' AND n.nspname = 'public' ORDER BY t.oid", error);
}

/* Connects to the server at @conninfo and checks that its schema is this
 * Kefu's; @to_file: the copy goes from the server into a file (a server
 * without a schema has nothing to copy), else into the server. */
static KefuEngine *
connect_at_our_schema (const char  *conninfo,
                       gboolean     to_file,
                       GError     **error)
{
  g_autoptr(KefuEngine) server = kefu_engine_connect_pg (conninfo, error);
  int version;

  if (server == NULL || (version = kefu_server_schema_version (server, error)) < 0)
    return NULL;
  if (version != KEFU_SCHEMA_VERSION)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   version != 0
                   ? _("The server has Kefu’s schema version %d and this Kefu’s is %d: both must be the same.")
                   : to_file
                   ? _("The server has no Kefu schema yet (version %d; this Kefu’s is %d): there is nothing to copy.")
                   : _("The server has no Kefu schema yet (version %d; this Kefu’s is %d): run “kefu-cli server init URI” first."),
                   version, KEFU_SCHEMA_VERSION);
      return NULL;
    }
  return g_steal_pointer (&server);
}

/* Copies @table's rows from @src into @dst (emptied first with
 * @clear_first), and keeps the source's row count and checksum in @rows
 * and @sums for read_back(). */
static gboolean
copy_one (KefuEngine  *src,
          KefuEngine  *dst,
          const char  *table,
          GArray      *cols,
          gboolean     person,
          gboolean     clear_first,
          GArray      *rows,
          GArray      *sums,
          GError     **error)
{
  g_autofree char *clear = clear_first ? g_strdup_printf ("DELETE FROM \"%s\"", table) : NULL;
  gint64 n = 0;
  Sum sum;

  if ((clear != NULL && !kefu_engine_exec (dst, clear, error))
      || !copy_table (src, dst, table, cols, person, &n, &sum, error))
    {
      g_prefix_error (error, _("Copying “%s”: "), table);
      return FALSE;
    }
  g_array_append_val (rows, n);
  g_array_append_val (sums, sum);
  return TRUE;
}

/* Reads every table back from @dst, as the next program will, and
 * compares its rows and checksum with what was copied (@rows, @sums);
 * each table that matches is reported to @func. @to_server says which
 * way the copy went, for the message of a table that differs. */
static gboolean
read_back (KefuEngine          *dst,
           const char * const  *tables,
           GPtrArray           *all_cols,
           GArray              *rows,
           GArray              *sums,
           gboolean             to_server,
           KefuMigrateFunc      func,
           gpointer             user_data,
           GError             **error)
{
  for (guint t = 0; tables[t] != NULL; t++)
    {
      KefuMigratedTable report = { tables[t], 0, NULL, TRUE };
      Sum want = g_array_index (sums, Sum, t), got;
      gint64 n = 0;
      g_autofree char *checksum = NULL;

      if (!scan (dst, tables[t], all_cols->pdata[t], &n, &got, error))
        return FALSE;
      if (n != g_array_index (rows, gint64, t) || got.a != want.a || got.b != want.b)
        {
          if (to_server)
            g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                         _("Table “%s” differs on the server after copying (%lld rows in the file, "
                           "%lld on the server, or their contents): nothing was committed."),
                         tables[t], (long long) g_array_index (rows, gint64, t), (long long) n);
          else
            g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                         _("Table “%s” differs in the file after copying (%lld rows on the server, "
                           "%lld in the file, or their contents): the file was removed."),
                         tables[t], (long long) g_array_index (rows, gint64, t), (long long) n);
          return FALSE;
        }
      checksum = g_strdup_printf ("%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x", want.a, want.b);
      report.rows = n;
      report.checksum = checksum;
      if (func != NULL)
        func (&report, user_data);
    }
  return TRUE;
}

gboolean
kefu_server_migrate (const char       *path,
                     const char       *conninfo,
                     KefuMigrateFunc   func,
                     gpointer          user_data,
                     GError          **error)
{
  g_autoptr(KefuEngine) src = NULL;
  g_autoptr(KefuEngine) dst = NULL;
  g_autoptr(GPtrArray) copied = copied_tables ();
  const char * const *tables = (const char * const *) copied->pdata;
  gint64 file_version = 0;
  g_autoptr(GPtrArray) all_cols = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) file_rows = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) file_sums = g_array_new (FALSE, TRUE, sizeof (Sum));
  g_autoptr(GPtrArray) foreign_keys = NULL;
  g_autoptr(GPtrArray) triggers = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("There is no database file “%s”."), path);
      return FALSE;
    }
  src = kefu_engine_open_sqlite (path, FALSE, error);
  if (src == NULL || !kefu_engine_scalar (src, "PRAGMA user_version", 0, &file_version, error))
    return FALSE;
  if (file_version != KEFU_SCHEMA_VERSION)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NEWER_SCHEMA,
                   _("The file “%s” has Kefu’s schema version %d and this Kefu’s is %d: open it once with "
                     "this Kefu (kefu-cli --db FILE check) to bring it up to date, then migrate it."),
                   path, (int) file_version, KEFU_SCHEMA_VERSION);
      return FALSE;
    }

  dst = connect_at_our_schema (conninfo, FALSE, error);
  if (dst == NULL)
    return FALSE;

  /* one snapshot of the file; one transaction on the server */
  if (!kefu_engine_exec (src, "BEGIN", error))
    return FALSE;
  if (!kefu_engine_begin (dst, error)
      || !kefu_engine_exec (dst, "SET CONSTRAINTS ALL DEFERRED", error)
      /* the rows come as they are: the server's triggers (kefu-server-27.sql)
       * add no KPI bookkeeping or audit entries of their own */
      || !kefu_engine_exec (dst, "SET LOCAL kefu.loading = 'on'", error))
    goto fail;
  foreign_keys = take_off_foreign_keys (dst, error);
  triggers = foreign_keys != NULL ? hold_triggers (dst, error) : NULL;
  if (triggers == NULL)
    {
      g_prefix_error (error, _("Preparing the server for the copy (as the owner of Kefu’s tables): "));
      goto fail;
    }

  for (guint t = 0; tables[t] != NULL; t++)
    {
      g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", tables[t]);
      gboolean init_filled = g_strv_contains (init_filled_tables, tables[t]);
      gint64 already = 0;
      GArray *cols;

      if (!init_filled && !kefu_engine_scalar (dst, count_sql, 0, &already, error))
        goto fail;
      if (already > 0)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT,
                       _("The server has data already (table “%s” has %lld rows): "
                         "migrate copies a file into an empty server. Nothing was copied."),
                       tables[t], (long long) already);
          goto fail;
        }
      cols = read_columns (src, tables[t], error);
      if (cols == NULL)
        goto fail;
      g_ptr_array_add (all_cols, cols);
      if (!copy_one (src, dst, tables[t], cols, FALSE, init_filled, file_rows, file_sums, error))
        goto fail;
    }
  if (!exec_all (dst, triggers, error))
    goto fail;
  /* every row checked against its foreign keys, a table at a time */
  if (!exec_all (dst, foreign_keys, error))
    {
      g_prefix_error (error, _("Rows of the file point to rows that are not there; nothing was committed: "));
      goto fail;
    }
  if (!move_identities (dst, error))
    goto fail;

  /* read back from the server, as a desk will */
  if (!read_back (dst, tables, all_cols, file_rows, file_sums, TRUE, func, user_data, error) ||
      !report_not_copied (src, func, user_data, error))
    goto fail;
  kefu_engine_exec (src, "COMMIT", NULL);
  if (!kefu_engine_commit (dst, error))
    return FALSE;
  /* the planner's statistics of the new rows, for the first desks */
  kefu_engine_exec (dst, "ANALYZE", NULL);
  return TRUE;

fail:
  kefu_engine_exec (src, "ROLLBACK", NULL);
  return FALSE;
}

/* The reverse copy ---------------------------------------------------------- */

static void
remove_file (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* The file's triggers, dropped while the server's rows go in (they would
 * add rows of their own: the KPI roll-up's marks), made again after */
static GPtrArray *
drop_triggers (KefuEngine  *dst,
               GError     **error)
{
  g_autoptr(GPtrArray) sqls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KefuEngineStmt) st = kefu_engine_prepare (dst,
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL ORDER BY rowid", error);
  KefuQueryStep rc;

  if (st == NULL)
    return NULL;
  while ((rc = kefu_engine_step (st, error)) == KEFU_QUERY_ROW)
    {
      g_ptr_array_add (names, g_strdup_printf ("DROP TRIGGER \"%s\"", kefu_engine_get_text (st, 0)));
      g_ptr_array_add (sqls, g_strdup (kefu_engine_get_text (st, 1)));
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  for (guint i = 0; i < names->len; i++)
    if (!kefu_engine_exec (dst, names->pdata[i], error))
      return NULL;
  return g_steal_pointer (&sqls);
}

/* Each table's copy and check, to a progress bar */
typedef struct {
  KefuMigrateFunc   func;
  gpointer          user_data;
  KefuProgressFunc  progress;
  gpointer          progress_data;
  guint             n_tables;
  guint             done;
} Steps;

static void
checked_cb (const KefuMigratedTable *table,
            gpointer                 data)
{
  Steps *steps = data;

  if (steps->func != NULL)
    steps->func (table, steps->user_data);
  steps->done++;
  if (steps->progress != NULL)
    steps->progress (0.8 + 0.2 * steps->done / MAX (steps->n_tables, 1), _("Checking the copy…"), steps->progress_data);
}

static gboolean copy_to_file (KefuEngine  *src,
                              gboolean     person,
                              const char  *where,
                              const char  *path,
                              Steps       *steps,
                              GError     **error);

gboolean
kefu_server_copy_to_file (const char       *conninfo,
                          const char       *path,
                          KefuMigrateFunc   func,
                          gpointer          user_data,
                          GError          **error)
{
  g_autoptr(KefuEngine) src = NULL;
  g_autofree char *where = kefu_engine_describe_spec (conninfo);
  Steps steps = { func, user_data, NULL, NULL, 0, 0 };

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT,
                   _("“%s” exists already: an offline copy is written to a new file. Nothing was changed."), path);
      return FALSE;
    }
  src = connect_at_our_schema (conninfo, TRUE, error);
  if (src == NULL)
    return FALSE;
  return copy_to_file (src, FALSE, where, path, &steps, error);
}

gboolean
kefu_server_copy_store_to_file (KefuStore         *server,
                                const char        *path,
                                KefuProgressFunc   progress,
                                gpointer           user_data,
                                GError           **error)
{
  KefuEngine *src;
  Steps steps = { NULL, NULL, progress, user_data, 0, 0 };
  int version;

  g_return_val_if_fail (KEFU_IS_STORE (server) && kefu_store_is_server (server), FALSE);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT,
                   _("“%s” exists already: an offline copy is written to a new file. Nothing was changed."), path);
      return FALSE;
    }
  src = kefu_store_get_engine (server);
  if ((version = kefu_server_schema_version (src, error)) < 0)
    return FALSE;
  if (version != KEFU_SCHEMA_VERSION)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The server has Kefu’s schema version %d and this Kefu’s is %d: both must be the same."),
                   version, KEFU_SCHEMA_VERSION);
      return FALSE;
    }
  return copy_to_file (src, kefu_store_get_person (server) != NULL, kefu_store_get_path (server), path, &steps, error);
}

/* Rows of @dst that point to rows not there: the reference is emptied
 * where it may be (a ticket linked to another estate's keeps itself, not
 * the link), else the row goes (and so on, until none points nowhere) */
static gboolean
drop_dangling (KefuEngine  *dst,
               GError     **error)
{
  for (guint round = 0; round < 16; round++)
    {
      g_autoptr(GPtrArray) fixes = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(KefuEngineStmt) st = kefu_engine_prepare (dst,
          "SELECT c.\"table\", c.rowid, f.\"from\", i.\"notnull\" FROM pragma_foreign_key_check c "
          "JOIN pragma_foreign_key_list (c.\"table\") f ON f.id = c.fkid "
          "JOIN pragma_table_info (c.\"table\") i ON i.name = f.\"from\" WHERE c.rowid IS NOT NULL", error);
      KefuQueryStep rc;

      if (st == NULL)
        return FALSE;
      while ((rc = kefu_engine_step (st, error)) == KEFU_QUERY_ROW)
        {
          const char *table = kefu_engine_get_text (st, 0);
          gint64 rowid = kefu_engine_get_int (st, 1);

          if (kefu_engine_get_int (st, 3) == 0)
            g_ptr_array_add (fixes, g_strdup_printf ("UPDATE \"%s\" SET \"%s\" = NULL WHERE rowid = %" G_GINT64_FORMAT,
                                                     table, kefu_engine_get_text (st, 2), rowid));
          else
            g_ptr_array_add (fixes, g_strdup_printf ("DELETE FROM \"%s\" WHERE rowid = %" G_GINT64_FORMAT, table, rowid));
        }
      if (rc == KEFU_QUERY_FAILED)
        return FALSE;
      if (fixes->len == 0)
        return TRUE;
      for (guint i = 0; i < fixes->len; i++)
        if (!kefu_engine_exec (dst, fixes->pdata[i], error))
          return FALSE;
    }
  return TRUE;
}

/* (@src is the caller's; @where names the server without a password) */
static gboolean
copy_to_file (KefuEngine  *src,
              gboolean     person,
              const char  *where,
              const char  *path,
              Steps       *steps,
              GError     **error)
{
  g_autoptr(KefuEngine) dst = NULL;
  g_autoptr(GPtrArray) triggers = NULL;
  g_autoptr(GPtrArray) all_cols = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) server_rows = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) server_sums = g_array_new (FALSE, TRUE, sizeof (Sum));
  g_autofree char *at_text = NULL;
  g_autoptr(GPtrArray) copied = copied_tables ();
  const char * const *tables = (const char * const *) copied->pdata;
  gint64 at, bad = 0;

  steps->n_tables = g_strv_length ((char **) tables);

  /* a new file at this Kefu's schema, emptied below */
  {
    g_autoptr(KefuStore) fresh = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, error);

    if (fresh == NULL)
      {
        remove_file (path);
        return FALSE;
      }
  }
  dst = kefu_engine_open_sqlite (path, FALSE, error);
  if (dst == NULL)
    goto fail;
  /* the server's rows are whole already; checked once at the end */
  if (!kefu_engine_exec (dst, "PRAGMA foreign_keys = OFF", error) ||
      !kefu_engine_exec (dst, "BEGIN IMMEDIATE", error))
    goto fail;
  /* one snapshot of the server, and its clock: the copy's moment */
  if (!kefu_engine_exec (src, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    goto fail;
  at = kefu_engine_now (src, error);
  if (at < 0)
    goto fail;
  triggers = drop_triggers (dst, error);
  if (triggers == NULL)
    goto fail;

  for (guint t = 0; tables[t] != NULL; t++)
    {
      GArray *cols = read_columns (dst, tables[t], error);

      if (cols == NULL)
        goto fail;
      g_ptr_array_add (all_cols, cols);
      if (!copy_one (src, dst, tables[t], cols, person, TRUE, server_rows, server_sums, error))
        goto fail;
      if (steps->progress != NULL)
        steps->progress (0.8 * (t + 1) / MAX (steps->n_tables, 1), _("Copying from the server…"), steps->progress_data);
    }
  for (guint i = 0; i < triggers->len; i++)
    if (!kefu_engine_exec (dst, triggers->pdata[i], error))
      goto fail;

  /* read back from the file, as Kefu will */
  if (!read_back (dst, tables, all_cols, server_rows, server_sums, FALSE, checked_cb, steps, error) ||
      !report_not_copied (src, steps->func, steps->user_data, error))
    goto fail;
  /* a person's copy: what points to rows their role does not see
   * (another estate's ticket, another person's attempt) is left out */
  if (person && !drop_dangling (dst, error))
    goto fail;
  /* the order mark (schema v37; a server keeps none): the copied tickets
   * went in with the triggers dropped, so their order is checked here */
  if (!kefu_engine_exec (dst, kefu_schema_order_mark_sql (TRUE), error))
    goto fail;
  if (!kefu_engine_scalar (dst, "SELECT count(*) FROM pragma_foreign_key_check", 0, &bad, error))
    goto fail;
  if (bad > 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                   _("%lld rows copied from the server point to rows that are not there: the file was removed."),
                   (long long) bad);
      goto fail;
    }

  /* a person's copy: the server keeps its search index's text to itself
   * (it holds the phones their role may not read), so the file builds its
   * own from the rows copied, as any file's (kefu_search_rebuild(), which
   * the store's open runs on an index marked stale), before the mark
   * below makes the file read-only */
  if (person)
    {
      g_autoptr(KefuStore) file = NULL;

      if (!kefu_engine_exec (dst, "INSERT OR REPLACE INTO settings (key, value) VALUES ('search_index_stale', '1')",
                             error) ||
          !kefu_engine_exec (dst, "COMMIT", error))
        goto fail;
      if (steps->progress != NULL)
        steps->progress (1.0, _("Building the copy’s search index…"), steps->progress_data);
      file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, error);
      if (file == NULL)
        goto fail;
      g_clear_object (&file);
      if (!kefu_engine_exec (dst, "BEGIN IMMEDIATE", error))
        goto fail;
    }

  /* the mark that makes it an offline copy (kefu-store.c opens it read-only) */
  at_text = g_strdup_printf ("%" G_GINT64_FORMAT, at);
  {
    g_autoptr(KefuEngineStmt) mark = kefu_engine_prepare (dst,
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2), (?3, ?4)", error);

    if (mark == NULL)
      goto fail;
    kefu_engine_bind_text (mark, 1, KEFU_OFFLINE_COPY_OF);
    kefu_engine_bind_text (mark, 2, where);
    kefu_engine_bind_text (mark, 3, KEFU_OFFLINE_COPY_AT);
    kefu_engine_bind_text (mark, 4, at_text);
    if (kefu_engine_step (mark, error) == KEFU_QUERY_FAILED)
      goto fail;
  }
  if (!kefu_engine_exec (dst, "COMMIT", error))
    goto fail;
  kefu_engine_exec (src, "COMMIT", NULL);
  return TRUE;

fail:
  if (src != NULL && kefu_engine_in_transaction (src))
    kefu_engine_exec (src, "ROLLBACK", NULL);
  g_clear_pointer (&dst, kefu_engine_free);
  remove_file (path);
  return FALSE;
}
