/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-server-migrate.c — `kefu-cli migrate --from FILE --to URI`: a desk's
 * whole SQLite file onto a PostgreSQL server, every table counted and
 * checksummed on both sides (#20)
 *
 * Row by row through the engine seam (one statement a row; COPY is for a
 * later step): fine for a desk's file, slow for millions of rows.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kefu-server.h"
#include "kefu-store-private.h"

typedef enum { COL_INT, COL_REAL, COL_TEXT, COL_BLOB } ColType;

typedef struct {
  char    *name;
  ColType  type;
} Column;

static void
column_clear (gpointer data)
{
  g_free (((Column *) data)->name);
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
      Column id = { g_strdup ("rowid"), COL_INT }, body = { g_strdup ("body"), COL_TEXT };
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
      Column c = { g_strdup (kefu_engine_get_text (st, 1)), COL_TEXT };

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
  g_autoptr(KefuEngineStmt) st = kefu_engine_prepare (engine, sql, error);
  KefuQueryStep rc;

  *rows = 0;
  memset (sum, 0, sizeof *sum);
  if (st == NULL)
    return FALSE;
  while ((rc = kefu_engine_step (st, error)) == KEFU_QUERY_ROW)
    {
      sum_row (sum, st, cols);
      (*rows)++;
    }
  return rc == KEFU_QUERY_DONE;
}

static gboolean
copy_table (KefuEngine  *src,
            KefuEngine  *dst,
            const char  *table,
            GArray      *cols,
            GError     **error)
{
  g_autofree char *select = select_sql (table, cols, kefu_engine_get_kind (src) == KEFU_ENGINE_POSTGRES);
  gboolean to_server = kefu_engine_get_kind (dst) == KEFU_ENGINE_POSTGRES;
  g_autoptr(GString) insert = g_string_new (NULL);
  g_autoptr(KefuEngineStmt) from = NULL;
  g_autoptr(KefuEngineStmt) to = NULL;
  KefuQueryStep rc;

  g_string_printf (insert, "INSERT INTO \"%s\" (", table);
  for (guint i = 0; i < cols->len; i++)
    {
      const char *name = g_array_index (cols, Column, i).name;
      g_string_append_printf (insert, "%s\"%s\"", i ? ", " : "", to_server && g_str_equal (name, "rowid") ? "id" : name);
    }
  g_string_append (insert, ") VALUES (");
  for (guint i = 0; i < cols->len; i++)
    g_string_append_printf (insert, "%s?%u", i ? ", " : "", i + 1);
  g_string_append (insert, ")");

  from = kefu_engine_prepare (src, select, error);
  to = from != NULL ? kefu_engine_prepare (dst, insert->str, error) : NULL;
  if (to == NULL)
    return FALSE;
  while ((rc = kefu_engine_step (from, error)) == KEFU_QUERY_ROW)
    {
      /* before binding: SQLite binds nothing to a statement stepped and
       * not reset */
      kefu_engine_stmt_reset (to);
      for (guint i = 0; i < cols->len; i++)
        {
          int n = (int) i + 1;

          if (kefu_engine_is_null (from, i))
            kefu_engine_bind_null (to, n);
          else
            switch (g_array_index (cols, Column, i).type)
              {
              case COL_INT:
                kefu_engine_bind_int (to, n, kefu_engine_get_int (from, i));
                break;
              case COL_REAL:
                kefu_engine_bind_double (to, n, kefu_engine_get_double (from, i));
                break;
              case COL_BLOB:
                {
                  g_autoptr(GBytes) bytes = kefu_engine_get_blob (from, i);
                  kefu_engine_bind_blob (to, n, bytes);
                }
                break;
              case COL_TEXT:
              default:
                kefu_engine_bind_text (to, n, kefu_engine_get_text (from, i));
                break;
              }
        }
      if (kefu_engine_step (to, error) == KEFU_QUERY_FAILED)
        return FALSE;
    }
  return rc == KEFU_QUERY_DONE;
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
  return TRUE;
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
          gboolean     clear_first,
          GArray      *rows,
          GArray      *sums,
          GError     **error)
{
  g_autofree char *clear = clear_first ? g_strdup_printf ("DELETE FROM \"%s\"", table) : NULL;
  gint64 n = 0;
  Sum sum;

  if ((clear != NULL && !kefu_engine_exec (dst, clear, error))
      || !scan (src, table, cols, &n, &sum, error)
      || !copy_table (src, dst, table, cols, error))
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
      KefuMigratedTable report = { tables[t], 0, NULL };
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
  const char * const *tables = kefu_store_table_names ();
  gint64 file_version = 0;
  g_autoptr(GPtrArray) all_cols = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) file_rows = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) file_sums = g_array_new (FALSE, TRUE, sizeof (Sum));

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

  for (guint t = 0; tables[t] != NULL; t++)
    {
      g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", tables[t]);
      gint64 already = 0;
      GArray *cols;

      if (!kefu_engine_scalar (dst, count_sql, 0, &already, error))
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
      if (!copy_one (src, dst, tables[t], cols, FALSE, file_rows, file_sums, error))
        goto fail;
    }
  if (!move_identities (dst, error))
    goto fail;

  /* read back from the server, as a desk will */
  if (!read_back (dst, tables, all_cols, file_rows, file_sums, TRUE, func, user_data, error))
    goto fail;
  kefu_engine_exec (src, "COMMIT", NULL);
  /* the deferred foreign keys are checked here */
  return kefu_engine_commit (dst, error);

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

gboolean
kefu_server_copy_to_file (const char       *conninfo,
                          const char       *path,
                          KefuMigrateFunc   func,
                          gpointer          user_data,
                          GError          **error)
{
  g_autoptr(KefuEngine) src = NULL;
  g_autoptr(KefuEngine) dst = NULL;
  g_autoptr(GPtrArray) triggers = NULL;
  g_autoptr(GPtrArray) all_cols = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) server_rows = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) server_sums = g_array_new (FALSE, TRUE, sizeof (Sum));
  g_autofree char *where = kefu_engine_describe_spec (conninfo);
  g_autofree char *at_text = NULL;
  const char * const *tables = kefu_store_table_names ();
  gint64 at, bad = 0;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT,
                   _("“%s” exists already: an offline copy is written to a new file. Nothing was changed."), path);
      return FALSE;
    }
  src = connect_at_our_schema (conninfo, TRUE, error);
  if (src == NULL)
    return FALSE;

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
      if (!copy_one (src, dst, tables[t], cols, TRUE, server_rows, server_sums, error))
        goto fail;
    }
  for (guint i = 0; i < triggers->len; i++)
    if (!kefu_engine_exec (dst, triggers->pdata[i], error))
      goto fail;

  /* read back from the file, as Kefu will */
  if (!read_back (dst, tables, all_cols, server_rows, server_sums, FALSE, func, user_data, error))
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
