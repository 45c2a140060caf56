/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-gui-training.h — the fixture the training screens' window
 * tests share (test-gui-training.c, test-gui-cohorts.c, test-gui-plan.c)
 *
 * Each test gets the demo service center (300 tickets, 5 days, its clock
 * at TEST_NOW) in a database of its own; open_training() signs a user in
 * to a window showing the training view once it has loaded. Include it
 * after kefu-test-gui.h and kefu-test-util.h.
 */
#pragma once

#include "kefu-cohort-editor.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-training-view.h"
#include "kefu-window.h"

typedef struct {
  KefuTestDir  dir;
  char        *path;
  KefuWindow  *window;
} Fixture;

static inline void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;
  KefuDemoOptions options = { 300, 5, TEST_NOW };

  kefu_test_dir_setup (&f->dir, data);
  f->path = kefu_test_path (&f->dir, "kefu.db");
  store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static inline void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  wait_ms (50);
  g_free (f->path);
  kefu_test_dir_teardown (&f->dir, data);
}

/* The widget named @name under @widget (itself included), or NULL */
static inline GtkWidget *
named (GtkWidget  *widget,
       const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = named (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline guint
count_named (GtkWidget  *widget,
             const char *name)
{
  guint n = g_strcmp0 (gtk_widget_get_name (widget), name) == 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_named (c, name);
  return n;
}

static inline gboolean
message_dialog_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static inline gboolean
editor_shown (gpointer data)
{
  return find_toplevel (KEFU_TYPE_COHORT_EDITOR) != NULL;
}

/* The training view has loaded (and is not importing a bank): its
 * sections are shown (kefu-trainee-pane.c) */
static inline gboolean
view_idle (gpointer data)
{
  return !kefu_training_view_is_loading (data) && !kefu_training_view_is_importing (data) &&
         gtk_widget_get_first_child (child (data, KEFU_TYPE_TRAINING_VIEW, "trainee_pane")) != NULL;
}

/* A new window on the fixture's database, @login signed in, showing the
 * training view once it has loaded */
static inline GtkWidget *
open_training (Fixture    *f,
               const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) user = NULL;
  GtkWidget *view;

  f->window = kefu_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  kefu_test_window_open_at (f->window, f->path, TEST_NOW);
  gtk_window_present (GTK_WINDOW (f->window));
  user = kefu_desk_find_user (kefu_window_get_store (f->window), login, &error);
  g_assert_no_error (error);
  kefu_window_sign_in (f->window, user);
  kefu_window_set_view (f->window, "training");
  view = kefu_window_get_training_view (f->window);
  g_assert_true (wait_for (view_idle, view, 30));
  wait_ms (100);
  return view;
}
