/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-engines.h — one test case on both engines (#20): a store on a
 * SQLite file, and again on a database of its own on the throwaway
 * PostgreSQL cluster (kefu-test-pg.h), with the same data.
 *
 *   KEFU_TEST_ADD_ENGINES ("/core/desk/intake", Fixture, setup, test_intake, teardown);
 *
 * adds "/core/desk/intake" on a file and "/pg/core/desk/intake" on the
 * server; without a test cluster the server's case is a skip that says
 * why. The fixture's setup opens its store with kefu_test_engine_open()
 * and reads and writes through the store only (kefu_test_store_scalar(),
 * kefu_test_store_exec()), never sqlite3 on a file. */
#pragma once

#include "kefu-query.h"
#include "kefu-server.h"
#include "kefu-store.h"
#include "kefu-store-private.h"
#include "kefu-store-watch.h"
#include "kefu-test-pg.h"
#include "kefu-test-util.h"

typedef struct {
  gboolean server;
} KefuTestEngine;

static const KefuTestEngine kefu_test_on_file = { FALSE };
static const KefuTestEngine kefu_test_on_server = { TRUE };

static inline gboolean
kefu_test_engine_is_server (gconstpointer data)
{
  return data != NULL && ((const KefuTestEngine *) data)->server;
}

static inline void
kefu_test_pg_skip (gconstpointer data)
{
  g_test_skip ("no PostgreSQL test cluster: KEFU_TEST_PG is not set (build-aux/kefu test starts one "
               "when PostgreSQL's server programs are installed)");
}

#define KEFU_TEST_ADD_ENGINES(path, Fixture, setup, func, teardown) \
  G_STMT_START { \
    g_test_add (path, Fixture, &kefu_test_on_file, setup, func, teardown); \
    if (g_getenv ("KEFU_TEST_PG") != NULL && *g_getenv ("KEFU_TEST_PG") != '\0') \
      g_test_add ("/pg" path, Fixture, &kefu_test_on_server, setup, func, teardown); \
    else \
      g_test_add_data_func ("/pg" path, NULL, kefu_test_pg_skip); \
  } G_STMT_END

/* What fills a new store with a case's data (a sample, hand-made rows) */
typedef void (*KefuTestFill) (KefuStore *store);

/* The server's databases filled once per fill function, copied for each
 * case (CREATE DATABASE … TEMPLATE) and dropped when the test ends. */
typedef struct {
  KefuTestFill  fill;
  char         *conninfo;
} KefuTestTemplate;

static GArray *kefu_test_templates;

static inline void
kefu_test_drop_templates (void)
{
  for (guint i = 0; kefu_test_templates != NULL && i < kefu_test_templates->len; i++)
    kefu_test_pg_drop (g_array_index (kefu_test_templates, KefuTestTemplate, i).conninfo);
}

/* A database filled by @fill: the sample is made on a SQLite file (the
 * generator's own path) and copied to the server by `migrate`, as a
 * desk's history moves to a server. */
static inline const char *
kefu_test_template (KefuTestDir  *dir,
                    KefuTestFill  fill)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (dir, "template.db");
  KefuTestTemplate t = { fill, NULL };
  gboolean created = FALSE;

  for (guint i = 0; kefu_test_templates != NULL && i < kefu_test_templates->len; i++)
    if (g_array_index (kefu_test_templates, KefuTestTemplate, i).fill == fill)
      return g_array_index (kefu_test_templates, KefuTestTemplate, i).conninfo;
  t.conninfo = kefu_test_pg_create ();
  g_assert_nonnull (t.conninfo);
  g_assert_true (kefu_server_init (t.conninfo, &created, &error));
  g_assert_no_error (error);
  if (fill != NULL)
    {
      KefuStore *file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);

      g_assert_no_error (error);
      fill (file);
      g_object_unref (file);
      g_assert_true (kefu_server_migrate (path, t.conninfo, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  if (kefu_test_templates == NULL)
    {
      kefu_test_templates = g_array_new (FALSE, FALSE, sizeof (KefuTestTemplate));
      atexit (kefu_test_drop_templates);
    }
  g_array_append_val (kefu_test_templates, t);
  return t.conninfo;
}

/* A store on the engine @data names, filled by @fill (may be NULL): on a
 * file "kefu.db" in @dir; on the server a new database copied from the
 * fill's template. *@spec gets what kefu_store_open() took (to open it
 * again), freed by kefu_test_engine_close(). */
static inline KefuStore *
kefu_test_engine_open (KefuTestDir   *dir,
                       gconstpointer  data,
                       KefuTestFill   fill,
                       char         **spec)
{
  g_autoptr(GError) error = NULL;
  KefuStore *store;

  if (!kefu_test_engine_is_server (data))
    {
      *spec = kefu_test_path (dir, "kefu.db");
      store = kefu_store_open (*spec, KEFU_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      if (fill != NULL)
        fill (store);
      return store;
    }
  {
    const char *tmpl = kefu_test_template (dir, fill);
    const char *tmpl_name = g_strrstr (tmpl, " dbname=") + strlen (" dbname=");
    g_autoptr(KefuEngine) admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);
    g_autofree char *name = NULL;
    g_autofree char *sql = NULL;
    static int counter;

    g_assert_no_error (error);
    name = g_strdup_printf ("kefu_case_%d_c%d", (int) getpid (), ++counter);
    sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", name, tmpl_name);
    g_assert_true (kefu_engine_exec (admin, sql, &error));
    g_assert_no_error (error);
    *spec = g_strdup_printf ("%s dbname=%s", g_getenv ("KEFU_TEST_PG"), name);
  }
  store = kefu_store_open (*spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_store_is_server (store));
  return store;
}

/* After the store is closed: the server's database is dropped. */
static inline void
kefu_test_engine_close (gconstpointer   data,
                        char          **spec)
{
  if (kefu_test_engine_is_server (data))
    kefu_test_pg_drop (*spec);
  g_clear_pointer (spec, g_free);
}

/* @sql prepared and stepped once through the store: the query, on its
 * row (TRUE) or done (FALSE); a failure ends the test */
static inline gboolean
kefu_test_store_step (KefuStore   *store,
                      const char  *sql,
                      KefuQuery  **query)
{
  g_autoptr(GError) error = NULL;
  KefuQueryStep rc;

  *query = kefu_query_prepare (store, sql, &error);
  if (*query == NULL)
    g_error ("%s: %s", sql, error->message);
  rc = kefu_query_step (store, *query, &error);
  if (rc == KEFU_QUERY_FAILED)
    g_error ("%s: %s", sql, error->message);
  return rc == KEFU_QUERY_ROW;
}

/* One number from a query through the store (-1 without a row, 0 for NULL) */
static inline gint64
kefu_test_store_scalar (KefuStore  *store,
                        const char *sql)
{
  KEFU_AUTO_QUERY *q = NULL;

  return kefu_test_store_step (store, sql, &q) ? kefu_query_get_int (q, 0) : -1;
}

/* The same, the statement written as printf() would */
static inline gint64 kefu_test_store_scalarf (KefuStore  *store,
                                              const char *format,
                                              ...) G_GNUC_PRINTF (2, 3);

static inline gint64
kefu_test_store_scalarf (KefuStore  *store,
                         const char *format,
                         ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return kefu_test_store_scalar (store, sql);
}

/* The text of one value (NULL without a row or for SQL NULL) */
static inline char *
kefu_test_store_text (KefuStore  *store,
                      const char *sql)
{
  KEFU_AUTO_QUERY *q = NULL;

  return kefu_test_store_step (store, sql, &q) ? g_strdup (kefu_query_get_text (q, 0)) : NULL;
}

/* Statements without parameters or rows, as another program would run
 * them (outside the store's transactions) */
static inline void
kefu_test_store_exec (KefuStore  *store,
                      const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!kefu_store_exec (store, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

/* After rows inserted by hand with their ids: on the server each table's
 * identity moved past them (as `migrate` does), so the store's own next
 * row does not draw an id already taken; nothing on a file. */
static inline void
kefu_test_store_ids_caught_up (KefuStore *store)
{
  if (!kefu_store_is_server (store))
    return;
  kefu_test_store_exec (store,
      "DO $$ DECLARE r record; BEGIN "
      "FOR r IN SELECT table_name AS t, column_name AS c FROM information_schema.columns "
      "WHERE table_schema = 'public' AND is_identity = 'YES' LOOP "
      "EXECUTE format ('SELECT setval (pg_get_serial_sequence (%L, %L), "
      "coalesce ((SELECT max (%I) FROM %I), 0) + 1, false)', quote_ident (r.t), r.c, r.c, r.t); "
      "END LOOP; END $$");
}

/* Runs the default main context until @watch hears its store (a server's
 * LISTEN is made in a worker thread: what is committed before it is not
 * heard); a failure guard, not a timing: 30 s. */
static inline void
kefu_test_watch_listening (KefuStoreWatch *watch)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!kefu_store_watch_is_listening (watch) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (kefu_store_watch_is_listening (watch));
}
