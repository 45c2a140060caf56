/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-store.h — checks read and written through the store's query
 * layer (kefu-query.h), so a check written once runs on a SQLite file or
 * on a PostgreSQL server (#19, #20)
 *
 * Parameters are numbered as in the core (`?1`, `?2`…) and given after
 * the text, in order, as KEFU_TEST_INT (v) or KEFU_TEST_TEXT (s):
 *
 *   g_assert_cmpint (kefu_test_int (store, "SELECT count(*) FROM tickets WHERE description = ?1",
 *                                   KEFU_TEST_TEXT (typed)), ==, 2);
 *
 * What a check reads must not come from the connection that wrote it
 * when the test is about what reached the database: then it reads
 * through kefu_test_other_store() — a store of its own on the same file
 * or connection string, what another program opening the database sees.
 * kefu_test_scalar() (kefu-test-util.h) is that for one number.
 *
 * A statement that fails is the test's failure (g_error naming the SQL).
 */
#pragma once

#include <glib.h>

#include "kefu-query.h"
#include "kefu-store.h"
#include "kefu-store-private.h"   /* kefu_store_exec(): a script, on either engine */

typedef struct {
  char        kind;    /* 'i', 't', or 0 after the last */
  gint64      i;
  const char *s;
} KefuTestArg;

#define KEFU_TEST_INT(v)  ((KefuTestArg) { 'i', (v), NULL })
#define KEFU_TEST_TEXT(v) ((KefuTestArg) { 't', 0, (v) })
/* the list the macros below build: a first element that is not a
 * parameter (so an empty list still compiles), the parameters, the end */
#define KEFU_TEST_ARGS_(...) ((const KefuTestArg[]) { { 'i', 0, NULL }, ##__VA_ARGS__, { 0, 0, NULL } }) + 1

/* A connection of its own to the database @store (or @path_or_conninfo)
 * is on: what another program sees and writes. It neither migrates nor
 * rebuilds anything as it opens (KEFU_STORE_OPEN_READER), and may write. */
static inline KefuStore *
kefu_test_other_store_for (const char *path_or_conninfo)
{
  g_autoptr(GError) error = NULL;
  KefuStore *other = kefu_store_open (path_or_conninfo, KEFU_STORE_OPEN_READER, &error);

  if (other == NULL)
    g_error ("a second connection to %s: %s", path_or_conninfo, error->message);
  return other;
}

static inline KefuQuery *
kefu_test_query_args (KefuStore         *store,
                      const char        *sql,
                      const KefuTestArg *args)
{
  g_autoptr(GError) error = NULL;
  KefuQuery *query = kefu_query_prepare (store, sql, &error);

  if (query == NULL)
    g_error ("%s: %s", sql, error->message);
  for (int n = 0; args[n].kind != 0; n++)
    {
      if (args[n].kind == 't')
        kefu_query_bind_text (query, n + 1, args[n].s);
      else
        kefu_query_bind_int (query, n + 1, args[n].i);
    }
  return query;
}
/* The query for @sql with its parameters bound, for a test that reads
 * several rows or columns: keep it in a KEFU_AUTO_QUERY variable and step
 * it with kefu_test_step(). */
#define kefu_test_query(store, sql, ...) kefu_test_query_args ((store), (sql), KEFU_TEST_ARGS_ (__VA_ARGS__))

/* One step of @query (prepared from @sql, named if it fails): TRUE with a
 * row to read, FALSE when there are no more. */
static inline gboolean
kefu_test_step (KefuStore  *store,
                const char *sql,
                KefuQuery  *query)
{
  g_autoptr(GError) error = NULL;
  KefuQueryStep rc = kefu_query_step (store, query, &error);

  if (rc == KEFU_QUERY_FAILED)
    g_error ("%s: %s", sql, error->message);
  return rc == KEFU_QUERY_ROW;
}

/* The first column of the first row as a number: 0 for NULL, -1 when
 * there is no row. */
static inline gint64
kefu_test_int_args (KefuStore         *store,
                    const char        *sql,
                    const KefuTestArg *args)
{
  KEFU_AUTO_QUERY *query = kefu_test_query_args (store, sql, args);

  return kefu_test_step (store, sql, query) ? kefu_query_get_int (query, 0) : -1;
}
#define kefu_test_int(store, sql, ...) kefu_test_int_args ((store), (sql), KEFU_TEST_ARGS_ (__VA_ARGS__))

/* The same for a query that must give a row: none fails the test. */
static inline gint64
kefu_test_row_int_args (KefuStore         *store,
                        const char        *sql,
                        const KefuTestArg *args)
{
  KEFU_AUTO_QUERY *query = kefu_test_query_args (store, sql, args);

  if (!kefu_test_step (store, sql, query))
    g_error ("%s: no row", sql);
  return kefu_query_get_int (query, 0);
}
#define kefu_test_row_int(store, sql, ...) kefu_test_row_int_args ((store), (sql), KEFU_TEST_ARGS_ (__VA_ARGS__))

static inline double
kefu_test_double_args (KefuStore         *store,
                       const char        *sql,
                       const KefuTestArg *args)
{
  KEFU_AUTO_QUERY *query = kefu_test_query_args (store, sql, args);

  return kefu_test_step (store, sql, query) ? kefu_query_get_double (query, 0) : -1;
}
#define kefu_test_double(store, sql, ...) kefu_test_double_args ((store), (sql), KEFU_TEST_ARGS_ (__VA_ARGS__))

/* The first column of the first row as text (free it): NULL for SQL NULL
 * or when there is no row. */
static inline char *
kefu_test_text_args (KefuStore         *store,
                     const char        *sql,
                     const KefuTestArg *args)
{
  KEFU_AUTO_QUERY *query = kefu_test_query_args (store, sql, args);

  return kefu_test_step (store, sql, query) ? g_strdup (kefu_query_get_text (query, 0)) : NULL;
}
#define kefu_test_text(store, sql, ...) kefu_test_text_args ((store), (sql), KEFU_TEST_ARGS_ (__VA_ARGS__))

/* The same for a query that must give a row: none fails the test. */
static inline char *
kefu_test_row_text_args (KefuStore         *store,
                         const char        *sql,
                         const KefuTestArg *args)
{
  KEFU_AUTO_QUERY *query = kefu_test_query_args (store, sql, args);

  if (!kefu_test_step (store, sql, query))
    g_error ("%s: no row", sql);
  return g_strdup (kefu_query_get_text (query, 0));
}
#define kefu_test_row_text(store, sql, ...) kefu_test_row_text_args ((store), (sql), KEFU_TEST_ARGS_ (__VA_ARGS__))

/* Runs one statement to the end; a failure fails the test. */
static inline void
kefu_test_exec_args (KefuStore         *store,
                     const char        *sql,
                     const KefuTestArg *args)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *query = kefu_test_query_args (store, sql, args);

  if (!kefu_query_run (store, query, &error))
    g_error ("%s: %s", sql, error->message);
}
#define kefu_test_exec(store, sql, ...) kefu_test_exec_args ((store), (sql), KEFU_TEST_ARGS_ (__VA_ARGS__))

/* Runs one statement and returns whether it succeeded, @error set when
 * not (a check that a write is refused). */
static inline gboolean
kefu_test_try_exec_args (KefuStore         *store,
                         const char        *sql,
                         const KefuTestArg *args,
                         GError           **error)
{
  KEFU_AUTO_QUERY *query = kefu_test_query_args (store, sql, args);

  return kefu_query_run (store, query, error);
}
#define kefu_test_try_exec(store, sql, error, ...) \
  kefu_test_try_exec_args ((store), (sql), KEFU_TEST_ARGS_ (__VA_ARGS__), (error))

/* Several statements, `;` between them, without parameters (set-up data
 * a test builds, a trigger it adds): run as a script on @store's engine
 * (kefu_store_exec); a failure fails the test. */
static inline void
kefu_test_exec_script (KefuStore  *store,
                       const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!kefu_store_exec (store, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

/* How many rows of @table meet @where (NULL: all of them). */
static inline gint64
kefu_test_count_args (KefuStore         *store,
                      const char        *table,
                      const char        *where,
                      const KefuTestArg *args)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s%s%s", table,
                                          where != NULL ? " WHERE " : "", where != NULL ? where : "");

  return kefu_test_int_args (store, sql, args);
}
#define kefu_test_count(store, table, where, ...) \
  kefu_test_count_args ((store), (table), (where), KEFU_TEST_ARGS_ (__VA_ARGS__))

/* kefu_test_int() through a connection of its own to @path_or_conninfo. */
static inline gint64
kefu_test_other_int_args (const char        *path_or_conninfo,
                          const char        *sql,
                          const KefuTestArg *args)
{
  g_autoptr(KefuStore) other = kefu_test_other_store_for (path_or_conninfo);

  return kefu_test_int_args (other, sql, args);
}
#define kefu_test_other_int(path, sql, ...) kefu_test_other_int_args ((path), (sql), KEFU_TEST_ARGS_ (__VA_ARGS__))

/* kefu_test_text() through a connection of its own. */
static inline char *
kefu_test_other_text_args (const char        *path_or_conninfo,
                           const char        *sql,
                           const KefuTestArg *args)
{
  g_autoptr(KefuStore) other = kefu_test_other_store_for (path_or_conninfo);

  return kefu_test_text_args (other, sql, args);
}
#define kefu_test_other_text(path, sql, ...) kefu_test_other_text_args ((path), (sql), KEFU_TEST_ARGS_ (__VA_ARGS__))

static inline char *
kefu_test_other_row_text_args (const char        *path_or_conninfo,
                               const char        *sql,
                               const KefuTestArg *args)
{
  g_autoptr(KefuStore) other = kefu_test_other_store_for (path_or_conninfo);

  return kefu_test_row_text_args (other, sql, args);
}
#define kefu_test_other_row_text(path, sql, ...) \
  kefu_test_other_row_text_args ((path), (sql), KEFU_TEST_ARGS_ (__VA_ARGS__))

/* kefu_test_exec() by another program: a connection of its own, which
 * waits for the write lock as the store does. */
static inline void
kefu_test_other_exec_args (const char        *path_or_conninfo,
                           const char        *sql,
                           const KefuTestArg *args)
{
  g_autoptr(KefuStore) other = kefu_test_other_store_for (path_or_conninfo);

  kefu_test_exec_args (other, sql, args);
}
#define kefu_test_other_exec(path, sql, ...) kefu_test_other_exec_args ((path), (sql), KEFU_TEST_ARGS_ (__VA_ARGS__))

/* kefu_test_exec_script() by another program. */
static inline void
kefu_test_other_exec_script (const char *path_or_conninfo,
                             const char *sql)
{
  g_autoptr(KefuStore) other = kefu_test_other_store_for (path_or_conninfo);

  kefu_test_exec_script (other, sql);
}
