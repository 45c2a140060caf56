/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-gui-server.h — what the GUI tests on a database server share:
 * the sample they fill the server with (30 tickets at TEST_NOW, dispatched
 * by hand so the test decides who gets what), the waits on the server's
 * sign-in page and the window's main page, and dropping the cluster roles a
 * test made for its people, the owner's store and a preferences row.
 */
#pragma once

#include <adwaita.h>

#include "kefu-demo.h"
#include "kefu-dispatch.h"
#include "kefu-engine.h"
#include "kefu-server-sign-in.h"
#include "kefu-window.h"
#include "kefu-test-engines.h"
#include "kefu-test-gui.h"
#include "kefu-test-util.h"

/* The tables' owner's store on the test server (in @dir, a new folder),
 * filled by @fill (or not: NULL); NULL, the test skipped, without one. */
static inline KefuStore *
kefu_test_server_owner (KefuTestDir   *dir,
                        gconstpointer  data,
                        KefuTestFill   fill,
                        char         **spec)
{
  if (g_getenv ("KEFU_TEST_PG") == NULL || *g_getenv ("KEFU_TEST_PG") == '\0')
    {
      kefu_test_pg_skip (data);
      return NULL;
    }
  kefu_test_dir_setup (dir, data);
  return kefu_test_engine_open (dir, &kefu_test_on_server, fill, spec);
}

/* The preferences row titled @title under @widget, or NULL */
static inline GtkWidget *
kefu_test_find_row (GtkWidget  *widget,
                    const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = kefu_test_find_row (c, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

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

/* wait_for() condition: the window hears other desks (its watch's LISTEN
 * is made in a worker thread after signing in) */
static inline gboolean
kefu_test_live_listening (gpointer window)
{
  KefuStoreWatch *watch = kefu_window_get_store_watch (window);

  return watch != NULL && kefu_store_watch_is_listening (watch);
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

/* Activates @action_name on @widget, which asks for a file to save, and
 * saves as @name in @folder through the chooser; waits for the file. Its
 * path. */
static inline char *
kefu_test_save_through_chooser (const char *folder_path,
                                GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter,
                                const char *name)
{
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (folder_path, name, NULL);
  GtkWidget *dialog = NULL;

  g_assert_true (gtk_widget_activate_action_variant (widget, action_name, parameter));
  for (int i = 0; i < 250 && dialog == NULL; i++)
    if ((dialog = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG)) == NULL)
      wait_ms (20);
  g_assert_nonnull (dialog);
  wait_ms (300);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, &error));
  g_assert_no_error (error);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  wait_ms (300);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  for (int i = 0; i < 600 && !g_file_test (path, G_FILE_TEST_EXISTS); i++)
    wait_ms (50);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  wait_ms (300);   /* written to the end */
  return path;
}

/* A window on the server @spec, signed in through its sign-in page as
 * @login with @password; fails the test if the person is not signed in. */
static inline KefuWindow *
kefu_test_server_window (const char *spec,
                         const char *login,
                         const char *password)
{
  KefuWindow *window = kefu_window_new (NULL);
  KefuServerSignIn *page;

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 860);
  kefu_window_open_database (window, spec);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (kefu_window_get_page (window), ==, "server-sign-in");
  page = kefu_window_get_server_sign_in (window);
  kefu_server_sign_in_submit (page, login, password);
  g_assert_true (wait_for (kefu_test_sign_in_done, page, 30));
  if (!wait_for (kefu_test_at_main_page, window, 30))
    g_error ("%s was not signed in: %s", login, kefu_server_sign_in_get_message (page));
  g_assert_cmpstr (kefu_store_get_person (kefu_window_get_store (window)), ==, login);
  return window;
}
