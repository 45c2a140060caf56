/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-gui-window.h — the fixture and helpers the window tests share
 * (test-gui-window.c, test-gui-tickets.c, test-gui-ticket-views.c,
 * test-gui-dispatch.c, test-gui-desk.c, test-gui-preferences.c)
 *
 * Each test gets a database of its own, with the demo service center of
 * as many tickets as its registration says (none: a new file). Include it
 * after kefu-test-gui.h and kefu-test-util.h.
 */
#pragma once

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kefu-application.h"
#include "kefu-auth.h"
#include "kefu-audit.h"
#include "kefu-audit-window.h"
#include "kefu-backup.h"
#include "kefu-backup-runner.h"
#include "kefu-dashboard-view.h"
#include "kefu-demo.h"
#include "kefu-choice.h"
#include "kefu-dispatch-board.h"
#include "kefu-dispatch-settings.h"
#include "kefu-dispatch.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-intake-dialog.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-kpi.h"
#include "kefu-kpi-charts.h"
#include "kefu-import-window.h"
#include "kefu-lifecycle.h"
#include "kefu-owner-window.h"
#include "kefu-people-window.h"
#include "kefu-pin-dialog.h"
#include "kefu-calendar-store.h"
#include "kefu-chart-view.h"
#include "kefu-preferences-window.h"
#include "kefu-pinyin.h"
#include "kefu-report.h"
#include "kefu-sla.h"
#include "kefu-board-widgets.h"
#include "kefu-ticket-detail.h"
#include "kefu-ticket-dialogs.h"
#include "kefu-tickets-view.h"
#include "kefu-training-view.h"
#include "kefu-user-chooser.h"
#include "kefu-welcome-page.h"
#include "kefu-window.h"
#include "kefu-write.h"

typedef struct {
  KefuTestDir  dir;
  char        *path;
  KefuWindow  *window;
  gint64       now;     /* the clock the window opens on; 0: TEST_NOW */
  int          width;   /* the window's size when it opens; 0: 1400×860 */
  int          height;
} Fixture;

static inline void
make_demo (const char *path,
           guint       n_tickets)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  KefuDemoOptions options = { n_tickets, 5, TEST_NOW };

  g_assert_no_error (error);
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* the desk's tests dispatch by hand, whatever the time of day: rules off */
  kefu_store_set_actor (store, kefu_test_scalar (path, "SELECT id FROM users WHERE login = 'huangwei'"));
  g_assert_true (kefu_dispatch_set_auto (store, FALSE, &error));
  kefu_store_set_actor (store, 0);
}

static inline void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kefu_test_dir_setup (&f->dir, data);
  f->path = kefu_test_path (&f->dir, "kefu.db");
  if (GPOINTER_TO_UINT (data) > 0)
    make_demo (f->path, GPOINTER_TO_UINT (data));
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

static inline void
open_window (Fixture *f)
{
  f->window = kefu_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), f->width > 0 ? f->width : 1400, f->height > 0 ? f->height : 860);
  kefu_test_window_open_at (f->window, f->path, f->now > 0 ? f->now : TEST_NOW);
  gtk_window_present (GTK_WINDOW (f->window));
}

static inline void
sign_in (Fixture    *f,
         const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) user = kefu_desk_find_user (kefu_window_get_store (f->window), login, &error);

  g_assert_no_error (error);
  kefu_window_sign_in (f->window, user);
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "main");
}

static inline gboolean
list_loaded (gpointer data)
{
  KefuTicketList *list = kefu_tickets_view_get_list (data);
  return list != NULL && !kefu_ticket_list_get_loading (list) &&
         g_list_model_get_n_items (G_LIST_MODEL (list)) > 0;
}

static inline gboolean
list_idle (gpointer data)
{
  return !kefu_ticket_list_get_loading (kefu_tickets_view_get_list (data));
}

static inline gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text))
      return TRUE;
  return FALSE;
}

/* Types @pin on the sign-in page for the person picked and presses Enter. */
static inline void
type_pin (GtkWidget  *chooser,
          const char *pin)
{
  GtkWidget *row = child (chooser, KEFU_TYPE_USER_CHOOSER, "pin_row");

  gtk_editable_set_text (GTK_EDITABLE (row), pin);
  g_signal_emit_by_name (row, "entry-activated");
}

/* Picks @login on the sign-in page (a click on their row). */
/* The sign-in page has a row for everyone (those below the first screen's
 * come a frame after it is drawn). */
static inline gboolean
all_rows_made (gpointer chooser)
{
  return kefu_user_chooser_get_n_rows (chooser) ==
         g_list_model_get_n_items (kefu_user_chooser_get_users (chooser));
}

static inline void
pick_user (GtkWidget  *chooser,
           const char *login)
{
  GListModel *users = kefu_user_chooser_get_users (KEFU_USER_CHOOSER (chooser));
  GtkListBox *list = GTK_LIST_BOX (child (chooser, KEFU_TYPE_USER_CHOOSER, "list"));

  g_assert_true (wait_for (all_rows_made, chooser, 10));

  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (users, i);
      if (g_str_equal (kefu_user_get_login (u), login))
        {
          g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, i));
          g_assert_true (kefu_user_chooser_get_picked (KEFU_USER_CHOOSER (chooser)) == u);
          return;
        }
    }
  g_error ("no user %s on the sign-in page", login);
}

static inline GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline gboolean
selected_is_not_loading (gpointer data)
{
  return list_idle (data) &&
         kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (kefu_tickets_view_get_detail (data))) != NULL;
}

/* Each step reloads the list; the user waits for it as they would. */
static inline void
settle (GtkWidget *view)
{
  wait_ms (100);
  g_assert_true (wait_for (selected_is_not_loading, view, 30));
  wait_ms (50);
}

/* The step button labelled @label (its translated, underlined text) if
 * the pane offers it: a button inside one of the flow box's wrappers. */
static inline GtkWidget *
step_button (GtkWidget  *detail,
             const char *label)
{
  GtkWidget *box = child (detail, KEFU_TYPE_TICKET_DETAIL, "actions_box");

  for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (c));

      if (button != NULL && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), _(label)) == 0)
        return button;
    }
  return NULL;
}

static inline gint64
local_unix (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (y, mo, d, h, mi, 0);
  return g_date_time_to_unix (dt);
}

static inline char *
arg_string (GVariant *args,
            guint     index)
{
  g_autoptr(GVariant) boxed = g_variant_get_child_value (args, index);
  g_autoptr(GVariant) value = g_variant_get_variant (boxed);
  return g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ? g_variant_dup_string (value, NULL) : NULL;
}

static inline gboolean
shows_ticket (gpointer data)
{
  GtkWidget *detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (g_object_get_data (data, "view")));
  KefuTicket *t = kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail));

  return t != NULL && kefu_ticket_get_id (t) == (gint64) GPOINTER_TO_SIZE (g_object_get_data (data, "id"));
}

static inline void
show_ticket (Fixture   *f,
             GtkWidget *view,
             gint64     id)
{
  kefu_tickets_view_show_ticket (KEFU_TICKETS_VIEW (view), id);
  g_object_set_data (G_OBJECT (f->window), "view", view);
  g_object_set_data (G_OBJECT (f->window), "id", GSIZE_TO_POINTER (id));
  g_assert_true (wait_for (shows_ticket, f->window, 30));
  settle (view);
}

/* A key binding of @widget's class, run as if the keys were pressed. */
static inline gboolean
press_shortcut (GtkWidget       *widget,
                guint            keyval,
                GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, modifiers);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (c)); k++)
        {
          g_autoptr(GtkShortcut) s = g_list_model_get_item (G_LIST_MODEL (c), k);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (s), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (s), GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                 gtk_shortcut_get_arguments (s));
        }
    }
  return FALSE;
}

static inline gboolean
dashboard_loaded (gpointer data)
{
  return !kefu_dashboard_view_is_loading (data);
}

static inline gboolean
board_loaded (gpointer data)
{
  return !kefu_dispatch_board_is_loading (data);
}


/* Another program takes the database's write lock and keeps it (a
 * transaction of its own connection: BEGIN IMMEDIATE, and a write). */
static inline KefuStore *
hold_write_lock (const char *path)
{
  g_autoptr(GError) error = NULL;
  KefuStore *other = kefu_test_other_store_for (path);

  g_assert_true (kefu_store_begin (other, &error));
  g_assert_no_error (error);
  kefu_test_exec (other, "INSERT OR REPLACE INTO settings (key, value) VALUES ('other_program', 'was here')");
  return other;
}

static inline void
release_write_lock (KefuStore *other)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kefu_store_commit (other, &error));
  g_assert_no_error (error);
  g_object_unref (other);
}

static inline gboolean
tried_again (gpointer data)
{
  return kefu_wait_bar_get_tries (data) >= 3;
}

/* Stop Waiting, as the user clicks it on @bar */
static inline void
click_stop_waiting (GtkWidget *bar)
{
  GtkWidget *stop = find_descendant (bar, GTK_TYPE_BUTTON, _("_Stop Waiting"));

  g_assert_nonnull (stop);
  g_assert_true (gtk_widget_is_sensitive (stop));
  g_signal_emit_by_name (stop, "clicked");
}

