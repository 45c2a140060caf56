/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-pg.h — a database of its own on the throwaway PostgreSQL
 * cluster (tests/kefu-pg-cluster.sh, started by build-aux/kefu test,
 * which sets KEFU_TEST_PG to its connection string) */
#pragma once

#include <gio/gio.h>
#include <glib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kefu-engine.h"

/* A new, empty database for one test: its connection string, or NULL
 * after g_test_skip() when there is no test cluster. Drop it with
 * kefu_test_pg_drop(). */
static inline char *
kefu_test_pg_create (void)
{
  static int counter;
  const char *base = g_getenv ("KEFU_TEST_PG");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngine) admin = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;

  if (base == NULL || *base == '\0')
    {
      g_test_skip ("no PostgreSQL test cluster: KEFU_TEST_PG is not set (build-aux/kefu test starts one "
                   "when PostgreSQL's server programs are installed)");
      return NULL;
    }
  admin = kefu_engine_connect_pg (base, &error);
  g_assert_no_error (error);
  name = g_strdup_printf ("kefu_case_%d_%d", (int) getpid (), ++counter);
  sql = g_strdup_printf ("CREATE DATABASE %s", name);
  g_assert_true (kefu_engine_exec (admin, sql, &error));
  g_assert_no_error (error);
  /* a later dbname= wins in a key=value connection string */
  return g_strdup_printf ("%s dbname=%s", base, name);
}

static inline void
kefu_test_pg_drop (const char *conninfo)
{
  const char *name = conninfo != NULL ? g_strrstr (conninfo, " dbname=kefu_case_") : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngine) admin = NULL;
  g_autofree char *sql = NULL;

  if (name == NULL)
    return;
  admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name + strlen (" dbname="));
  kefu_engine_exec (admin, sql, &error);
  g_assert_no_error (error);
}

/* A command of tests/kefu-pg-cluster.sh on a cluster of the test's own
 * (start, halt, resume, stop): its exit status (77: none can be made
 * here); @out, if given, gets what it printed. */
static inline int
kefu_test_cluster (const char  *command,
                   const char  *dir,
                   char       **out)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "kefu-pg-cluster.sh", NULL);
  const char *argv[] = { script, command, dir, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL) && WIFEXITED (status) && WEXITSTATUS (status) != 77)
    g_printerr ("%s", err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* Starts a cluster of the test's own: its folder and its connection URI
 * (a NULL-terminated pair), or NULL after g_test_skip() when there is no
 * test cluster or none can be made here. Stop it with
 * kefu_test_cluster ("stop", folder, NULL). */
static inline char **
kefu_test_cluster_start (void)
{
  g_autofree char *started = NULL;
  char **lines;
  int status;

  if (g_getenv ("KEFU_TEST_PG") == NULL || *g_getenv ("KEFU_TEST_PG") == '\0')
    {
      g_test_skip ("no PostgreSQL test cluster: KEFU_TEST_PG is not set");
      return NULL;
    }
  status = kefu_test_cluster ("start", NULL, &started);
  if (status == 77)
    {
      g_test_skip ("the test cluster cannot be made here");
      return NULL;
    }
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (g_strstrip (started), "\n", 2);
  g_assert_nonnull (lines[1]);
  return lines;
}

/* A GSocketService's "incoming" for a host that accepts connections and
 * never answers (a dead server behind a live address, or one whose
 * packets are dropped): each connection it took is kept in @data (a
 * GPtrArray freeing with g_object_unref), held open until the test lets
 * it go. */
static inline gboolean
kefu_test_blackhole_incoming_cb (GSocketService    *service,
                                 GSocketConnection *connection,
                                 GObject           *source,
                                 gpointer           data)
{
  g_ptr_array_add (data, g_object_ref (connection));
  return TRUE;
}
