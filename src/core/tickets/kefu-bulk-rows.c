/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bulk-rows.c — many rows of one table in few statements (kefu-bulk-rows.h) */
#include "config.h"

#include "kefu-bulk-rows.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

/* Rows per statement: enough that the statement's own work (opening the
 * table, its indexes, the foreign keys' parents) is shared by many rows,
 * few enough that the statement stays small and quick to prepare (SQLite
 * looks each numbered parameter up in a list of all of them) */
#define MAX_ROWS   64
#define MAX_PARAMS 640

typedef enum { VALUE_NULL, VALUE_INT, VALUE_TEXT } ValueType;

typedef struct {
  ValueType    type;
  gint64       i;
  const char  *s;
} Value;

struct _KefuBulkRows {
  KefuStore     *store;
  char          *head;
  guint          n_columns;
  guint          rows_per_statement;
  GArray        *values;          /* Value, row after row */
  GStringChunk  *texts;           /* the copied texts of the pending rows */
  char         **sql;             /* [k]: the statement for k rows, made when first needed */
};

KefuBulkRows *
kefu_bulk_rows_new (KefuStore  *store,
                    const char *table,
                    const char *columns,
                    guint       n_columns)
{
  KefuBulkRows *rows = g_new0 (KefuBulkRows, 1);
  gboolean server = kefu_store_get_engine (store) != NULL;

  g_return_val_if_fail (n_columns > 0, NULL);
  rows->store = g_object_ref (store);
  rows->n_columns = n_columns;
  /* on a server another connection may draw ids between ours: one a statement */
  rows->rows_per_statement = server ? 1 : CLAMP (MAX_PARAMS / n_columns, 1, MAX_ROWS);
  /* (SQLite keeps a statement journal for a statement of many rows into
   * a table with foreign keys, a copy of each page it changes to undo
   * itself: in memory, kefu_store_init_sqlite()) */
  rows->head = g_strdup_printf ("INSERT INTO %s (%s)", table, columns);
  rows->values = g_array_sized_new (FALSE, FALSE, sizeof (Value), rows->rows_per_statement * n_columns);
  rows->texts = g_string_chunk_new (4096);
  rows->sql = g_new0 (char *, rows->rows_per_statement + 1);
  return rows;
}

void
kefu_bulk_rows_free (KefuBulkRows *rows)
{
  if (rows == NULL)
    return;
  for (guint k = 0; k <= rows->rows_per_statement; k++)
    g_free (rows->sql[k]);
  g_free (rows->sql);
  g_string_chunk_free (rows->texts);
  g_array_unref (rows->values);
  g_free (rows->head);
  g_object_unref (rows->store);
  g_free (rows);
}

static inline void
add (KefuBulkRows *rows,
     ValueType     type,
     gint64        i,
     const char   *s)
{
  Value v = { type, i, s };
  g_array_append_val (rows->values, v);
}

void
kefu_bulk_rows_add_int (KefuBulkRows *rows,
                        gint64        value)
{
  add (rows, VALUE_INT, value, NULL);
}

void
kefu_bulk_rows_add_id (KefuBulkRows *rows,
                       gint64        id)
{
  add (rows, id > 0 ? VALUE_INT : VALUE_NULL, id, NULL);
}

void
kefu_bulk_rows_add_text (KefuBulkRows *rows,
                         const char   *text)
{
  if (text == NULL)
    add (rows, VALUE_NULL, 0, NULL);
  else
    add (rows, VALUE_TEXT, 0, g_string_chunk_insert (rows->texts, text));
}

void
kefu_bulk_rows_add_static (KefuBulkRows *rows,
                           const char   *text)
{
  add (rows, text != NULL ? VALUE_TEXT : VALUE_NULL, 0, text);
}

void
kefu_bulk_rows_add_text_or_null (KefuBulkRows *rows,
                                 const char   *text)
{
  kefu_bulk_rows_add_text (rows, text != NULL && *text != '\0' ? text : NULL);
}

void
kefu_bulk_rows_add_null (KefuBulkRows *rows)
{
  add (rows, VALUE_NULL, 0, NULL);
}

guint
kefu_bulk_rows_per_statement (KefuBulkRows *rows)
{
  return rows->rows_per_statement;
}

guint
kefu_bulk_rows_pending (KefuBulkRows *rows)
{
  return rows->values->len / rows->n_columns;
}

void
kefu_bulk_rows_clear (KefuBulkRows *rows)
{
  g_array_set_size (rows->values, 0);
  g_string_chunk_clear (rows->texts);
}

/* head VALUES (?1, ?2), (?3, ?4) … for @k rows */
static const char *
sql_for (KefuBulkRows *rows,
         guint         k)
{
  if (rows->sql[k] == NULL)
    {
      GString *sql = g_string_new (rows->head);
      guint p = 1;

      g_string_append (sql, " VALUES ");
      for (guint r = 0; r < k; r++)
        {
          g_string_append (sql, r ? ", (" : "(");
          for (guint c = 0; c < rows->n_columns; c++)
            g_string_append_printf (sql, c ? ", ?%u" : "?%u", p++);
          g_string_append_c (sql, ')');
        }
      rows->sql[k] = g_string_free (sql, FALSE);
    }
  return rows->sql[k];
}

/* Writes @k rows from @v with one statement */
static gboolean
write_rows (KefuBulkRows  *rows,
            const Value   *v,
            guint          k,
            GError       **error)
{
  KefuQuery *stmt = kefu_query_prepare (rows->store, sql_for (rows, k), error);
  guint n_values = k * rows->n_columns;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  for (guint p = 0; p < n_values; p++, v++)
    switch (v->type)
      {
      case VALUE_INT:
        kefu_query_bind_int (stmt, p + 1, v->i);
        break;
      case VALUE_TEXT:
        kefu_query_bind_text (stmt, p + 1, v->s);
        break;
      case VALUE_NULL:
      default:
        kefu_query_bind_null (stmt, p + 1);
        break;
      }
  ok = kefu_query_run (rows->store, stmt, error);
  kefu_query_reset (stmt);
  return ok;
}

/* Whole statements of rows_per_statement rows, then (if @all) the rest
 * one row a statement: only two statements to prepare, again after each
 * time SQLite expires them (a bulk load's begin and end do) */
static gboolean
flush (KefuBulkRows  *rows,
       gboolean       all,
       gint64        *first_id,
       GError       **error)
{
  guint n = kefu_bulk_rows_pending (rows);
  guint done = 0;
  const Value *v = (const Value *) (gpointer) rows->values->data;
  gboolean ok = TRUE;

  if (first_id != NULL)
    *first_id = 0;
  while (ok && done < n)
    {
      guint k = n - done >= rows->rows_per_statement ? rows->rows_per_statement : 1;

      if (k == 1 && !all)
        break;
      ok = write_rows (rows, v + (gsize) done * rows->n_columns, k, error);
      /* the rows of one INSERT get consecutive ids, the last one's is known */
      if (ok && done == 0 && first_id != NULL)
        *first_id = kefu_query_last_id (rows->store) - k + 1;
      done += k;
    }
  if (!ok || done == n)
    kefu_bulk_rows_clear (rows);
  else
    g_array_remove_range (rows->values, 0, done * rows->n_columns);
  return ok;
}

gboolean
kefu_bulk_rows_flush (KefuBulkRows  *rows,
                      gint64        *first_id,
                      GError       **error)
{
  return flush (rows, TRUE, first_id, error);
}

gboolean
kefu_bulk_rows_flush_whole (KefuBulkRows  *rows,
                            GError       **error)
{
  return flush (rows, FALSE, NULL, error);
}
