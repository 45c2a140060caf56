/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-pg.h — a database of its own on the throwaway PostgreSQL
 * cluster (tests/kefu-pg-cluster.sh, started by build-aux/kefu test,
 * which sets KEFU_TEST_PG to its connection string) */
#pragma once

#include <glib.h>
#include <string.h>
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
