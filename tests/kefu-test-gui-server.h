/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-gui-server.h — what the GUI tests on a database server share:
 * the sample they fill the server with (30 tickets at TEST_NOW, dispatched
 * by hand so the test decides who gets what), the waits on the server's
 * sign-in page and the window's main page, and dropping the cluster roles a
 * test made for its people.
 */
#pragma once

#include <adwaita.h>

#include "kefu-demo.h"
#include "kefu-dispatch.h"
#include "kefu-engine.h"
#include "kefu-server-sign-in.h"
#include "kefu-window.h"
#include "kefu-test-engines.h"
#include "kefu-test-util.h"

/* 30 tickets over 5 days before TEST_NOW, with automatic dispatch off. */
static inline void
kefu_test_fill_sample_by_hand (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { 30, 5, TEST_NOW, NULL };

  kefu_store_set_now (store, TEST_NOW);
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  kefu_store_set_actor (store, kefu_test_store_scalar (store, "SELECT id FROM users WHERE login = 'huangwei'"));
  g_assert_true (kefu_dispatch_set_auto (store, FALSE, &error));
  g_assert_no_error (error);
  kefu_store_set_actor (store, 0);
}

/* wait_for() conditions: the sign-in page has finished trying; the window
 * shows its main page (signed in). */
static inline gboolean
kefu_test_sign_in_done (gpointer page)
{
  return !kefu_server_sign_in_is_busy (page);
}

static inline gboolean
kefu_test_at_main_page (gpointer window)
{
  return g_strcmp0 (kefu_window_get_page (window), "main") == 0;
}

/* Drops the cluster roles named in LOGINS (NULL-terminated), connected as
 * the cluster's administrator ADMIN_SPEC. */
static inline void
kefu_test_drop_roles (const char         *admin_spec,
                      const char * const *logins)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngine) admin = kefu_engine_connect_pg (admin_spec, &error);

  g_assert_no_error (error);
  for (guint i = 0; logins[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP ROLE IF EXISTS %s", logins[i]);

      g_assert_true (kefu_engine_exec (admin, sql, &error));
      g_assert_no_error (error);
    }
}
