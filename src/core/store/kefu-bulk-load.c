/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bulk-load.c — writing many tickets at once: what each row would
 * check, checked once for all of them
 *
 * Row by row, two things cost most of an INSERT into tickets beyond the
 * row itself (callgrind, a 5,000-row import):
 *
 *  - the CHECK constraints with IN lists (channel, kind, sub-type,
 *    status; an event's kind): SQLite evaluates each with a temporary
 *    b-tree built for that row, about half of the INSERT;
 *  - the roll-up's insert triggers (schema v9), which mark the row's day
 *    and, for a complaint, the days of the complaints it repeats;
 *  - (cheaper, off with them) the order mark's trigger (schema v37),
 *    whose mark the end sets again over the new rows in one query.
 *
 * Between kefu_bulk_load_begin() and kefu_bulk_load_end(), inside the
 * caller's transaction, this connection skips both; the end checks every
 * new row against the same CHECKs in one query (kefu_schema_bulk_check_sql)
 * and marks the same days in two (kefu_kpi_mark_new_tickets). A row that
 * breaks a CHECK fails the load, as it failed the INSERT before, and the
 * caller rolls back. Foreign keys, NOT NULL and UNIQUE are still checked
 * row by row. Other connections are not affected: they cannot write
 * while the load holds the write lock.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-kpi-private.h"
#include "kefu-query.h"
#include "kefu-schema.h"
#include "kefu-store-private.h"

static gint64
next_id (KefuStore   *store,
         const char  *sql,
         GError     **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      kefu_store_set_error (store, rc, error);
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0) + 1;
}

static void
set_row_checks (KefuStore *store,
                gboolean   on)
{
  sqlite3 *db = kefu_store_get_db (store);

  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on ? 1 : 0, NULL);
  sqlite3_exec (db, on ? "PRAGMA ignore_check_constraints = OFF" : "PRAGMA ignore_check_constraints = ON",
                NULL, NULL, NULL);
}

/* Call inside the load's transaction, before its first ticket. */
gboolean
kefu_bulk_load_begin (KefuStore     *store,
                      KefuBulkLoad  *load,
                      GError       **error)
{
  load->store = store;
  load->active = FALSE;
  /* a server checks and marks each row as it goes in (its triggers,
   * server migration 27): nothing to skip, nothing SQLite's to touch */
  if (kefu_store_is_server (store))
    return TRUE;
  g_return_val_if_fail (sqlite3_get_autocommit (kefu_store_get_db (store)) == 0, FALSE);
  if (!kefu_store_get_bulk_load_enabled (store))
    return TRUE;
  /* no ticket written in the load has an id below these: new rows get
   * the next id after the largest */
  if ((load->first_ticket = next_id (store, "SELECT coalesce(max(id), 0) FROM tickets", error)) == 0 ||
      (load->first_event = next_id (store, "SELECT coalesce(max(id), 0) FROM ticket_events", error)) == 0)
    return FALSE;
  set_row_checks (store, FALSE);
  load->active = TRUE;
  return TRUE;
}

/* Checks and marks what the rows skipped; on failure the caller rolls
 * back. Either way the connection checks row by row again. */
gboolean
kefu_bulk_load_end (KefuBulkLoad  *load,
                    GError       **error)
{
  KefuStore *store = load->store;
  gint64 bad;

  if (!load->active)
    return TRUE;
  kefu_bulk_load_abort (load);

  {
    KEFU_AUTO_STMT *check = kefu_store_prepare (store, kefu_schema_bulk_check_sql (), error);
    int rc;

    if (check == NULL)
      return FALSE;
    sqlite3_bind_int64 (check, 1, load->first_ticket);
    sqlite3_bind_int64 (check, 2, load->first_event);
    rc = sqlite3_step (check);
    if (rc != SQLITE_ROW)
      {
        kefu_store_set_error (store, rc, error);
        return FALSE;
      }
    bad = sqlite3_column_int64 (check, 0);
  }
  if (bad > 0)
    {
      /* the message an INSERT that broke one gave */
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The change was refused by the database “%s”: %s."),
                   kefu_store_get_path (store), "CHECK constraint failed");
      return FALSE;
    }
  /* the order mark (schema v37), whose triggers were off too: raised
   * over the new rows that come in creation order after it */
  {
    KEFU_AUTO_STMT *mark = kefu_store_prepare (store, kefu_schema_order_mark_sql (FALSE), error);
    int rc;

    if (mark == NULL)
      return FALSE;
    sqlite3_bind_int64 (mark, 1, load->first_ticket - 1);
    rc = sqlite3_step (mark);
    if (rc != SQLITE_DONE)
      {
        kefu_store_set_error (store, rc, error);
        return FALSE;
      }
  }
  /* the tickets' topic, counted once for the load (the row triggers were off) */
  if (!kefu_store_exec (store, "UPDATE store_changes SET seq = seq + 1 WHERE topic = 'tickets'", error))
    return FALSE;
  return kefu_kpi_mark_new_tickets (store, load->first_ticket, error);
}

/* Back to row-by-row checks without checking the load (it is being
 * rolled back). */
void
kefu_bulk_load_abort (KefuBulkLoad *load)
{
  if (!load->active)
    return;
  set_row_checks (load->store, TRUE);
  load->active = FALSE;
}

/* Rows written as one set ------------------------------------------------ */

/* Row by row, each INSERT is its own statement: SQLite opens the table's
 * and each index's cursor, takes a statement savepoint, checks and
 * closes them again for every row, about 1.5-2 µs a row here beside
 * the row's own work (147,000 sample events: 0.43-0.62 s row by row
 * against 0.21-0.26 s as INSERT … SELECT of 1,000 rows a statement,
 * measured with the sqlite3 library alone). During a bulk load the rows
 * of a table are kept here and written by one INSERT … SELECT from the
 * eponymous virtual table kefu_rows(), which hands them to SQLite as
 * they were given: the same rows, in the same order, with the same ids.
 * Outside a bulk load (a server, a test that turns bulk loads off) each
 * row is inserted as it is ended. */

#define ROWS_MAX_COLUMNS 40   /* a ticket's 36 and its id */
#define ROWS_PER_SET     4096
#define ROWS_POINTER     "kefu_rows"

static guint rows_per_set = ROWS_PER_SET;

/* Tests: sets of @n rows (0: the usual 4,096), so that a small load
 * crosses the sets' edges */
void
kefu_bulk_rows_set_size_for_tests (guint n)
{
  rows_per_set = n > 0 ? n : ROWS_PER_SET;
}

typedef struct {
  gboolean   is_text;
  gboolean   is_null;
  gint64     i;
  const char *s;   /* in the rows' string chunk */
} RowValue;

struct _KefuBulkRows {
  KefuBulkLoad *load;
  KefuBulkLoad  own;             /* (kefu_bulk_rows_new_sets) */
  char         *insert_values;   /* INSERT … VALUES (?1 …): row by row */
  char         *insert_select;   /* INSERT … SELECT … FROM kefu_rows(?1) */
  char         *table;
  guint         n_columns;       /* with the id's, for keyed rows */
  gboolean      keyed;           /* column 0 is the id, given here */
  gint64        next_id;         /* a keyed set's next row's */
  KefuBulkRows *before;          /* flushed before these (their parent rows) */
  guint         filled;          /* values of the row being given */
  GArray       *values;          /* RowValue, n_columns a row */
  GStringChunk *strings;
};

/* the virtual table: one pass over the rows bound to its hidden argument */
typedef struct {
  sqlite3_vtab_cursor  base;
  KefuBulkRows        *rows;
  guint                row;
} RowsCursor;

static int
rows_connect (sqlite3             *db,
              void                *aux,
              int                  argc,
              const char * const  *argv,
              sqlite3_vtab       **vtab,
              char               **err)
{
  GString *decl = g_string_new ("CREATE TABLE x(");
  int rc;

  for (guint c = 0; c < ROWS_MAX_COLUMNS; c++)
    g_string_append_printf (decl, "c%u, ", c);
  g_string_append (decl, "source HIDDEN)");
  rc = sqlite3_declare_vtab (db, decl->str);
  g_string_free (decl, TRUE);
  if (rc != SQLITE_OK)
    return rc;
  *vtab = sqlite3_malloc (sizeof **vtab);
  if (*vtab == NULL)
    return SQLITE_NOMEM;
  memset (*vtab, 0, sizeof **vtab);
  return SQLITE_OK;
}

static int
rows_disconnect (sqlite3_vtab *vtab)
{
  sqlite3_free (vtab);
  return SQLITE_OK;
}

/* only with its source given: kefu_rows(?1) */
static int
rows_best_index (sqlite3_vtab       *vtab,
                 sqlite3_index_info *info)
{
  for (int i = 0; i < info->nConstraint; i++)
    if (info->aConstraint[i].iColumn == ROWS_MAX_COLUMNS &&
        info->aConstraint[i].op == SQLITE_INDEX_CONSTRAINT_EQ && info->aConstraint[i].usable)
      {
        info->aConstraintUsage[i].argvIndex = 1;
        info->aConstraintUsage[i].omit = 1;
        info->estimatedCost = 1;
        info->estimatedRows = ROWS_PER_SET;
        return SQLITE_OK;
      }
  return SQLITE_CONSTRAINT;
}

static int
rows_open (sqlite3_vtab         *vtab,
           sqlite3_vtab_cursor **cursor)
{
  RowsCursor *c = sqlite3_malloc (sizeof *c);

  if (c == NULL)
    return SQLITE_NOMEM;
  memset (c, 0, sizeof *c);
  *cursor = &c->base;
  return SQLITE_OK;
}

static int
rows_close (sqlite3_vtab_cursor *cursor)
{
  sqlite3_free (cursor);
  return SQLITE_OK;
}

static int
rows_filter (sqlite3_vtab_cursor  *cursor,
             int                   index,
             const char           *index_str,
             int                   argc,
             sqlite3_value       **argv)
{
  RowsCursor *c = (RowsCursor *) cursor;

  c->rows = argc > 0 ? sqlite3_value_pointer (argv[0], ROWS_POINTER) : NULL;
  c->row = 0;
  return SQLITE_OK;
}

static guint
rows_count (const KefuBulkRows *rows)
{
  return rows->values->len / rows->n_columns;
}

static int
rows_next (sqlite3_vtab_cursor *cursor)
{
  ((RowsCursor *) cursor)->row++;
  return SQLITE_OK;
}

static int
rows_eof (sqlite3_vtab_cursor *cursor)
{
  RowsCursor *c = (RowsCursor *) cursor;

  return c->rows == NULL || c->row >= rows_count (c->rows);
}

static int
rows_column (sqlite3_vtab_cursor *cursor,
             sqlite3_context     *context,
             int                  column)
{
  RowsCursor *c = (RowsCursor *) cursor;
  const RowValue *v;

  if (column < 0 || (guint) column >= c->rows->n_columns)
    {
      sqlite3_result_null (context);
      return SQLITE_OK;
    }
  v = &g_array_index (c->rows->values, RowValue, c->row * c->rows->n_columns + column);
  if (v->is_null)
    sqlite3_result_null (context);
  else if (v->is_text)
    sqlite3_result_text (context, v->s, -1, SQLITE_STATIC);
  else
    sqlite3_result_int64 (context, v->i);
  return SQLITE_OK;
}

static int
rows_rowid (sqlite3_vtab_cursor *cursor,
            sqlite3_int64       *rowid)
{
  *rowid = ((RowsCursor *) cursor)->row;
  return SQLITE_OK;
}

static const sqlite3_module rows_module = {
  .iVersion = 0,
  .xConnect = rows_connect,
  .xBestIndex = rows_best_index,
  .xDisconnect = rows_disconnect,
  .xOpen = rows_open,
  .xClose = rows_close,
  .xFilter = rows_filter,
  .xNext = rows_next,
  .xEof = rows_eof,
  .xColumn = rows_column,
  .xRowid = rows_rowid,
};

static KefuBulkRows *
rows_new (KefuBulkLoad *load,
          const char   *table,
          const char   *columns,
          guint         n_columns,
          gboolean      keyed)
{
  KefuBulkRows *rows = g_new0 (KefuBulkRows, 1);
  GString *params = g_string_new (NULL);
  GString *select = g_string_new (NULL);
  guint first = keyed ? 1 : 0;

  g_return_val_if_fail (n_columns > 0 && n_columns + first <= ROWS_MAX_COLUMNS, NULL);
  /* row by row the id is SQLite's (the next after the largest), as a
   * set's are made here */
  for (guint c = 0; c < n_columns; c++)
    g_string_append_printf (params, "%s?%u", c ? ", " : "", c + 1);
  for (guint c = 0; c < n_columns + first; c++)
    g_string_append_printf (select, "%sc%u", c ? ", " : "", c);
  rows->load = load;
  rows->keyed = keyed;
  rows->table = g_strdup (table);
  rows->n_columns = n_columns + first;
  rows->insert_values = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", table, columns, params->str);
  rows->insert_select = g_strdup_printf ("INSERT INTO %s (%s%s) SELECT %s FROM kefu_rows(?1)",
                                         table, keyed ? "id, " : "", columns, select->str);
  rows->values = g_array_sized_new (FALSE, FALSE, sizeof (RowValue), rows->n_columns * 256);
  rows->strings = g_string_chunk_new (4096);
  g_string_free (params, TRUE);
  g_string_free (select, TRUE);
  return rows;
}

/* @table's @columns (@n_columns of them, comma-separated, at most 40),
 * written during @load */
KefuBulkRows *
kefu_bulk_rows_new (KefuBulkLoad *load,
                    const char   *table,
                    const char   *columns,
                    guint         n_columns)
{
  return rows_new (load, table, columns, n_columns, FALSE);
}

/* The same for a table whose INTEGER PRIMARY KEY "id" the rows do not
 * give: during the load each row gets the id SQLite would have given it
 * row by row (the next after the largest), told by
 * kefu_bulk_rows_end_keyed_row(), so rows of other tables can refer to
 * it before the set is written. */
KefuBulkRows *
kefu_bulk_rows_new_keyed (KefuBulkLoad *load,
                          const char   *table,
                          const char   *columns,
                          guint         n_columns)
{
  return rows_new (load, table, columns, n_columns, TRUE);
}

/* Rows always written as sets, outside any bulk load (with the checks
 * and triggers the connection has): for a table nothing refers to
 * while the sets are given, such as the search index rebuilt. Not on a
 * server, nor with bulk loads turned off: there each row is inserted
 * when it is ended. */
KefuBulkRows *
kefu_bulk_rows_new_sets (KefuStore  *store,
                         const char *table,
                         const char *columns,
                         guint       n_columns)
{
  KefuBulkRows *rows = rows_new (NULL, table, columns, n_columns, FALSE);

  rows->own.store = store;
  rows->own.active = !kefu_store_is_server (store) && kefu_store_get_bulk_load_enabled (store);
  rows->load = &rows->own;
  return rows;
}

/* @rows (of rows that refer to @parent's) are written after the rows
 * of @parent given before them: flushing @rows flushes @parent first. */
void
kefu_bulk_rows_set_parent (KefuBulkRows *rows,
                           KefuBulkRows *parent)
{
  rows->before = parent;
}

static void
add_value (KefuBulkRows   *rows,
           const RowValue *v)
{
  /* a keyed row's id first, set when the row is ended */
  if (rows->keyed && rows->filled == 0)
    {
      RowValue id = { FALSE, FALSE, 0, NULL };

      g_array_append_vals (rows->values, &id, 1);
      rows->filled++;
    }
  g_return_if_fail (rows->filled < rows->n_columns);
  g_array_append_vals (rows->values, v, 1);
  rows->filled++;
}

void
kefu_bulk_rows_int (KefuBulkRows *rows,
                    gint64        value)
{
  RowValue v = { FALSE, FALSE, value, NULL };
  add_value (rows, &v);
}

/* an id, or NULL when it is 0 or less (kefu_query_bind_id) */
void
kefu_bulk_rows_id (KefuBulkRows *rows,
                   gint64        id)
{
  RowValue v = { FALSE, id <= 0, id, NULL };
  add_value (rows, &v);
}

/* text; NULL gives NULL (kefu_query_bind_text) */
void
kefu_bulk_rows_text (KefuBulkRows *rows,
                     const char   *text)
{
  RowValue v = { TRUE, text == NULL, 0, text != NULL ? g_string_chunk_insert (rows->strings, text) : NULL };
  add_value (rows, &v);
}

/* text, or NULL when it is NULL or empty (kefu_query_bind_text_or_null) */
void
kefu_bulk_rows_text_or_null (KefuBulkRows *rows,
                             const char   *text)
{
  kefu_bulk_rows_text (rows, text != NULL && *text != '\0' ? text : NULL);
}

/* the last row, now, with one INSERT of its own */
static gboolean
insert_last_row (KefuBulkRows  *rows,
                 GError       **error)
{
  KefuStore *store = rows->load->store;
  KefuQuery *stmt = kefu_query_prepare (store, rows->insert_values, error);
  guint first = rows->values->len - rows->n_columns;
  guint skip = rows->keyed ? 1 : 0;   /* the id is SQLite's */
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  for (guint c = skip; c < rows->n_columns; c++)
    {
      const RowValue *v = &g_array_index (rows->values, RowValue, first + c);
      int p = (int) (c - skip + 1);

      if (v->is_null)
        kefu_query_bind_null (stmt, p);
      else if (v->is_text)
        kefu_query_bind_text (stmt, p, v->s);
      else
        kefu_query_bind_int (stmt, p, v->i);
    }
  ok = kefu_query_run (store, stmt, error);
  kefu_query_reset (stmt);
  g_array_set_size (rows->values, 0);
  g_string_chunk_clear (rows->strings);
  return ok;
}

/* The row's values are all given: inserted now outside a bulk load, kept
 * (and written with the set when it is full) during one. */
gboolean
kefu_bulk_rows_end_row (KefuBulkRows  *rows,
                        GError       **error)
{
  g_return_val_if_fail (rows->filled == rows->n_columns, FALSE);
  rows->filled = 0;
  if (!rows->load->active)
    {
      /* (rows kept before the load ended go first) */
      if (rows->values->len > rows->n_columns)
        {
          g_autoptr(GArray) last = g_array_new (FALSE, FALSE, sizeof (RowValue));

          g_array_append_vals (last, &g_array_index (rows->values, RowValue, rows->values->len - rows->n_columns),
                               rows->n_columns);
          g_array_set_size (rows->values, rows->values->len - rows->n_columns);
          if (!kefu_bulk_rows_flush (rows, error))
            return FALSE;
          g_array_append_vals (rows->values, last->data, last->len);
        }
      return insert_last_row (rows, error);
    }
  if (rows_count (rows) >= rows_per_set)
    return kefu_bulk_rows_flush (rows, error);
  return TRUE;
}

/* Ends a row of kefu_bulk_rows_new_keyed(): @id is its id, the one it
 * has (outside a bulk load) or will have when its set is written. */
gboolean
kefu_bulk_rows_end_keyed_row (KefuBulkRows  *rows,
                              gint64        *id,
                              GError       **error)
{
  RowValue *v;

  g_return_val_if_fail (rows->keyed && rows->filled == rows->n_columns, FALSE);
  *id = 0;
  if (!rows->load->active)
    {
      if (!kefu_bulk_rows_end_row (rows, error))
        return FALSE;
      *id = kefu_query_last_id (rows->load->store);
      return *id != 0;
    }
  /* the first row of a set: the next id after the largest written (the
   * rows before it are all written), as SQLite gives it row by row */
  if (rows->values->len == rows->n_columns)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(id), 0) FROM %s", rows->table);

      if ((rows->next_id = next_id (rows->load->store, sql, error)) == 0)
        return FALSE;
    }
  v = &g_array_index (rows->values, RowValue, rows->values->len - rows->n_columns);
  v->i = *id = rows->next_id++;
  return kefu_bulk_rows_end_row (rows, error);
}

/* Writes the rows kept, in the order given, with one statement. Call
 * before the load's end (kefu_bulk_load_end checks them). */
gboolean
kefu_bulk_rows_flush (KefuBulkRows  *rows,
                      GError       **error)
{
  KefuStore *store = rows->load->store;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (rows->filled == 0, FALSE);
  if (rows->before != NULL && !kefu_bulk_rows_flush (rows->before, error))
    return FALSE;
  if (rows->values->len == 0)
    return TRUE;
  db = kefu_store_get_db (store);
  {
    KEFU_AUTO_STMT *stmt = NULL;

    /* registered on this connection the first time (once: registering
     * it again would drop the statements that use it) */
    if (g_object_get_data (G_OBJECT (store), "kefu-rows-db") != db)
      {
        if (sqlite3_create_module_v2 (db, "kefu_rows", &rows_module, NULL, NULL) != SQLITE_OK)
          {
            kefu_store_set_error (store, sqlite3_errcode (db), error);
            return FALSE;
          }
        g_object_set_data (G_OBJECT (store), "kefu-rows-db", db);
      }
    stmt = kefu_store_prepare (store, rows->insert_select, error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_pointer (stmt, 1, rows, ROWS_POINTER, NULL);
    rc = sqlite3_step (stmt);
    sqlite3_bind_null (stmt, 1);
    if (rc != SQLITE_DONE)
      {
        kefu_store_set_error (store, rc, error);
        return FALSE;
      }
  }
  g_array_set_size (rows->values, 0);
  g_string_chunk_clear (rows->strings);
  return TRUE;
}

/* Frees @rows; rows still kept are dropped (flush first) */
void
kefu_bulk_rows_free (KefuBulkRows *rows)
{
  if (rows == NULL)
    return;
  g_free (rows->insert_values);
  g_free (rows->insert_select);
  g_free (rows->table);
  g_array_unref (rows->values);
  g_string_chunk_free (rows->strings);
  g_free (rows);
}
