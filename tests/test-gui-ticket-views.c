/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-ticket-views.c — the window as a user drives it, under Xvfb:
 * the saved views of the ticket list and their filters
 *
 * Runs once in English and once in zh_CN (see meson.build) and leaves a
 * screenshot of every page in $KEFU_SCREENSHOT_DIR (or _build/screenshots).
 */
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "kefu-test-locks.h"
#include "kefu-test-mock.h"
#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-test-gui-window.h"

static gboolean
counts_shown (gpointer data)
{
  GtkWidget *views = child (data, KEFU_TYPE_TICKETS_VIEW, "views_list");
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (views), 0));
  GtkWidget *count = gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));

  return *gtk_label_get_text (GTK_LABEL (count)) != '\0';
}

static gboolean
count_is_expected (gpointer data)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (data)), g_object_get_data (data, "kefu-test-expected")) == 0;
}

/* The shortcut of the saved views' list for @key: what that key does there. */
static void
press_in_views (GtkWidget       *view,
                guint            key,
                GdkModifierType  mods)
{
  GtkWidget *views = child (view, KEFU_TYPE_TICKETS_VIEW, "views_list");
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (views);
  g_autofree char *wanted = gtk_accelerator_name (key, mods);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++)
        {
          g_autoptr(GtkShortcut) s = g_list_model_get_item (G_LIST_MODEL (c), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (s));

          if (g_strcmp0 (trigger, wanted) == 0 || g_str_has_prefix (trigger, wanted) ||
              (strstr (trigger, "|") != NULL && strstr (trigger, wanted) != NULL))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (s), 0, views,
                                                           gtk_shortcut_get_arguments (s)));
              return;
            }
        }
    }
  g_error ("no shortcut %s on the saved views", wanted);
}

static GtkWidget *
user_view_row (GtkWidget *view,
               guint      i)
{
  GtkWidget *views = child (view, KEFU_TYPE_TICKETS_VIEW, "views_list");

  return GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (views), KEFU_N_VIEWS + i));
}

static const char *
user_view_name (GtkWidget *view,
                guint      i)
{
  GtkWidget *row = user_view_row (view, i);

  g_assert_nonnull (row);
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)))));
}

/* Waits until user view @i's sidebar count is the list's count now. */
static void
assert_user_view_count (GtkWidget *view,
                        guint      i)
{
  GtkWidget *count = find_named (user_view_row (view, i), "view-count");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view))));

  g_object_set_data_full (G_OBJECT (count), "kefu-test-expected", g_strdup_printf ("%u", n), g_free);
  g_assert_true (wait_for (count_is_expected, count, 30));
}

static void
choose_row (GtkWidget     *view,
            GtkListBoxRow *row)
{
  gtk_list_box_select_row (GTK_LIST_BOX (child (view, KEFU_TYPE_TICKETS_VIEW, "views_list")), row);
  wait_ms (50);
  g_assert_true (wait_for (list_idle, view, 30));
}

static GtkWidget *
popover_control (GtkWidget  *view,
                 const char *name)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (child (view, KEFU_TYPE_TICKETS_VIEW, "filter_button"));
  GtkPopover *popover = gtk_menu_button_get_popover (button);
  GtkWidget *control;

  /* opened and closed, as a person picks: the buildings, teams and
   * agents to pick from are read when the filters are first shown */
  gtk_menu_button_popup (button);
  gtk_menu_button_popdown (button);
  control = find_named (GTK_WIDGET (popover), name);

  g_assert_nonnull (control);
  return control;
}

/* Types @name into the open name dialog; whether it would be taken. */
static gboolean
type_view_name (AdwMessageDialog *dialog,
                const char       *response,
                const char       *name)
{
  GtkWidget *problem = find_named (GTK_WIDGET (dialog), "view-name-problem");
  gboolean enabled;

  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (dialog), "view-name-entry")), name);
  enabled = adw_message_dialog_get_response_enabled (dialog, response);
  /* refused: said why, in the user's language; accepted: nothing said */
  g_assert_true (gtk_widget_get_visible (problem) == !enabled);
  if (!enabled)
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (problem)), !=, "");
  return enabled;
}

static void
exec_sql (const char *path,
          const char *sql)
{
  kefu_test_other_exec_script (path, sql);
}

/* A user saves the list as they filtered it, finds it again after a
 * restart with its count, renames, updates and deletes it (and undoes
 * that) from the keyboard; a view whose agent left still opens and says
 * what it left out. */
static void
test_user_views (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *view, *level, *agent, *dialog;
  KefuTicketList *list;
  g_autofree char *agent_name = NULL;
  g_autofree char *sql = NULL;
  const char *name = "1栋急修";
  guint n;

  open_window (f);
  sign_in (f, "chenjing");
  view = kefu_window_get_tickets_view (f->window);
  g_assert_true (wait_for (list_loaded, view, 30));
  list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view));
  g_assert_null (user_view_row (view, 0));

  /* the buildings to filter by are read when the filters are first shown,
   * not before the list's first frame */
  {
    GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (child (view, KEFU_TYPE_TICKETS_VIEW, "filter_button")));
    GtkDropDown *building = GTK_DROP_DOWN (find_named (GTK_WIDGET (popover), "building-filter"));

    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (building)), ==, 1);   /* "Any" */
    level = popover_control (view, "level-filter");
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (building)), >, 1);
  }

  /* open tickets of urgency 2 in the first building */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (level), 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (popover_control (view, "building-filter")), 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (view, KEFU_TYPE_TICKETS_VIEW, "status_dropdown")), 1);
  wait_ms (50);
  g_assert_true (wait_for (list_idle, view, 30));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, >, 0);

  /* Ctrl+Shift+S: a built-in view's name and an empty one are refused, saying why */
  g_assert_true (gtk_widget_activate_action (view, "tickets.save-view", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  g_assert_false (type_view_name (ADW_MESSAGE_DIALOG (dialog), "save", kefu_saved_view_label (KEFU_VIEW_OVERDUE)));
  save_screenshot (dialog, "tickets-save-view-refused");
  g_assert_false (type_view_name (ADW_MESSAGE_DIALOG (dialog), "save", "   "));
  g_assert_true (type_view_name (ADW_MESSAGE_DIALOG (dialog), "save", name));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  wait_ms (100);
  sql = g_strdup_printf ("SELECT count(*) FROM user_views WHERE name = '%s' AND level = 2 AND status = 'open' "
                         "AND building_id > 0 AND user_id = (SELECT id FROM users WHERE login = 'chenjing')", name);
  g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, 1);
  g_assert_cmpstr (user_view_name (view, 0), ==, name);
  assert_user_view_count (view, 0);

  /* the same name again is refused */
  g_assert_true (gtk_widget_activate_action (view, "tickets.save-view", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_false (type_view_name (ADW_MESSAGE_DIALOG (dialog), "save", name));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  wait_ms (50);

  /* the window closed and opened again: the view is there with its count,
   * and opens as saved */
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  wait_ms (50);
  open_window (f);
  sign_in (f, "chenjing");
  view = kefu_window_get_tickets_view (f->window);
  g_assert_true (wait_for (list_loaded, view, 30));
  list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, n);   /* All Tickets */
  g_assert_cmpstr (user_view_name (view, 0), ==, name);
  {
    GtkWidget *count = find_named (user_view_row (view, 0), "view-count");
    g_object_set_data_full (G_OBJECT (count), "kefu-test-expected", g_strdup_printf ("%u", n), g_free);
    g_assert_true (wait_for (count_is_expected, count, 30));
  }
  choose_row (view, GTK_LIST_BOX_ROW (user_view_row (view, 0)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  level = popover_control (view, "level-filter");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (level)), ==, 2);
  g_assert_true (gtk_widget_get_visible (find_named (view, "filter-chips")));
  g_assert_false (gtk_widget_get_visible (find_named (user_view_row (view, 0), "view-changed")));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_cmpint (kefu_ticket_get_level (t), ==, 2);
      g_assert_true (kefu_status_is_open (kefu_ticket_get_status (t)));
    }
  save_screenshot (GTK_WIDGET (f->window), "tickets-my-view");

  /* another user sees none of it */
  sign_in (f, "liuyang");
  g_assert_null (user_view_row (view, 0));
  sign_in (f, "chenjing");
  g_assert_cmpstr (user_view_name (view, 0), ==, name);
  choose_row (view, GTK_LIST_BOX_ROW (user_view_row (view, 0)));

  /* F2 renames the chosen view */
  press_in_views (view, GDK_KEY_F2, 0);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_false (type_view_name (ADW_MESSAGE_DIALOG (dialog), "rename", ""));
  g_assert_true (type_view_name (ADW_MESSAGE_DIALOG (dialog), "rename", "1栋二级"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  wait_ms (100);
  g_assert_cmpstr (user_view_name (view, 0), ==, "1栋二级");
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM user_views WHERE name = '1栋二级'"), ==, 1);

  /* updated with the filters as they are now: another agent's tickets, any urgency */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (level), 0);
  agent = popover_control (view, "agent-filter");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (agent), 2);
  agent_name = g_strdup (kefu_choice_get_name (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (agent))));
  wait_ms (50);
  g_assert_true (wait_for (list_idle, view, 30));
  /* the row says its filters are no longer what it saved, until updated */
  g_assert_true (gtk_widget_get_visible (find_named (user_view_row (view, 0), "view-changed")));
  g_assert_true (gtk_widget_activate_action (view, "tickets.update-view", "x", (gint64) 0));
  g_assert_false (gtk_widget_get_visible (find_named (user_view_row (view, 0), "view-changed")));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT level FROM user_views"), ==, 0);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT agent_id FROM user_views"), >, 0);
  assert_user_view_count (view, 0);

  /* the agent leaves: the view still opens, without them, and says so */
  exec_sql (f->path, "UPDATE users SET active = 0 WHERE id = (SELECT agent_id FROM user_views)");
  choose_row (view, gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (view, KEFU_TYPE_TICKETS_VIEW, "views_list")), KEFU_VIEW_ALL));
  g_assert_false (gtk_widget_get_visible (find_named (view, "view-dropped")));
  choose_row (view, GTK_LIST_BOX_ROW (user_view_row (view, 0)));
  g_assert_true (gtk_widget_get_visible (find_named (view, "view-dropped")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_named (view, "view-dropped"))), agent_name));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (popover_control (view, "agent-filter"))), ==, 0);
  assert_user_view_count (view, 0);
  save_screenshot (GTK_WIDGET (f->window), "tickets-my-view-dropped");

  /* Delete deletes it, All Tickets is chosen; Undo brings it back */
  /* Shift+F10 opens the chosen view's menu, as its ⋮ button does */
  {
    GtkWidget *menu = find_named (user_view_row (view, 0), "view-menu");
    GtkPopover *popover;

    press_in_views (view, GDK_KEY_F10, GDK_SHIFT_MASK);
    wait_ms (50);
    popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu));
    g_assert_true (popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover)));
    gtk_popover_popdown (popover);
  }
  press_in_views (view, GDK_KEY_Delete, 0);
  wait_ms (50);
  g_assert_null (user_view_row (view, 0));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM user_views"), ==, 0);
  g_assert_false (gtk_widget_get_visible (find_named (view, "view-dropped")));
  {
    GtkWidget *undo = find_descendant (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, _("_Undo"));

    g_assert_nonnull (undo);
    save_screenshot (GTK_WIDGET (f->window), "tickets-my-view-deleted");
    g_signal_emit_by_name (undo, "clicked");
    wait_ms (100);
  }
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM user_views WHERE name = '1栋二级'"), ==, 1);
  g_assert_cmpstr (user_view_name (view, 0), ==, "1栋二级");
  g_assert_true (wait_for (list_idle, view, 30));
  assert_user_view_count (view, 0);
}

/* Each saved view shows what it says, and its count matches the list. */
static void
test_saved_views_and_filters (Fixture       *f,
                              gconstpointer  data)
{
  GtkWidget *view, *views;
  KefuTicketList *list;
  g_autoptr(KefuUser) me = NULL;
  g_autoptr(GError) error = NULL;

  open_window (f);
  sign_in (f, "chenjing");
  me = g_object_ref (kefu_window_get_user (f->window));
  view = kefu_window_get_tickets_view (f->window);
  views = child (view, KEFU_TYPE_TICKETS_VIEW, "views_list");
  g_assert_true (wait_for (list_loaded, view, 30));
  g_assert_true (wait_for (counts_shown, view, 30));
  list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view));

  for (KefuSavedView v = 0; v < KEFU_N_VIEWS; v++)
    {
      GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (views), v));
      GtkWidget *count = gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
      g_autofree char *expected = NULL;
      guint n;

      /* time passes at the desk between two views (an hour each): "Overdue"
       * and "Due Soon" move with the clock, and their counts with them */
      kefu_store_set_now (kefu_window_get_store (f->window), kefu_store_now (kefu_window_get_store (f->window)) + 3600);
      kefu_tickets_view_set_saved_view (KEFU_TICKETS_VIEW (view), v);
      wait_ms (50);
      g_assert_true (wait_for (list_idle, view, 30));
      n = g_list_model_get_n_items (G_LIST_MODEL (list));
      expected = g_strdup_printf ("%u", n);
      g_object_set_data_full (G_OBJECT (count), "kefu-test-expected", g_strdup (expected), g_free);
      g_assert_true (wait_for (count_is_expected, count, 30));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, expected);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(KefuTicket) t = g_list_model_get_item (G_LIST_MODEL (list), i);
          const char *status = kefu_ticket_get_status (t);

          if (v == KEFU_VIEW_MY_OPEN)
            {
              g_assert_true (kefu_status_is_open (status));
              g_assert_cmpstr (kefu_ticket_get_agent_name (t), ==, kefu_user_get_name (me));
            }
          else if (v == KEFU_VIEW_AWAITING_FOLLOW_UP)
            g_assert_cmpstr (status, ==, "resolved");
          else if (v == KEFU_VIEW_FLAGGED)
            {
              g_assert_true (kefu_ticket_get_flagged (t));
              g_assert_true (kefu_status_is_open (status));
            }
        }
      if (v == KEFU_VIEW_AWAITING_FOLLOW_UP)
        {
          g_assert_cmpuint (n, >, 0);
          save_screenshot (GTK_WIDGET (f->window), "tickets-follow-up-queue");
        }
    }

  /* Clicking a header sorts by it, in SQL, both ways. */
  {
    GtkColumnView *cv = GTK_COLUMN_VIEW (child (view, KEFU_TYPE_TICKETS_VIEW, "column_view"));
    GtkColumnViewColumn *level_column = g_list_model_get_item (gtk_column_view_get_columns (cv), 3);
    GtkSortType orders[2] = { GTK_SORT_ASCENDING, GTK_SORT_DESCENDING };

    kefu_tickets_view_set_saved_view (KEFU_TICKETS_VIEW (view), KEFU_VIEW_ALL);
    for (guint o = 0; o < 2; o++)
      {
        g_autoptr(KefuTicket) first = NULL;
        g_autoptr(KefuTicket) last = NULL;

        gtk_column_view_sort_by_column (cv, level_column, orders[o]);
        wait_ms (50);
        g_assert_true (wait_for (list_idle, view, 30));
        first = g_list_model_get_item (G_LIST_MODEL (list), 0);
        last = g_list_model_get_item (G_LIST_MODEL (list), g_list_model_get_n_items (G_LIST_MODEL (list)) - 1);
        g_assert_cmpstr (kefu_ticket_list_get_query (list)->sort, ==, "level");
        if (orders[o] == GTK_SORT_ASCENDING)
          g_assert_cmpint (kefu_ticket_get_level (first), <, kefu_ticket_get_level (last));
        else
          g_assert_cmpint (kefu_ticket_get_level (first), >, kefu_ticket_get_level (last));
      }
    gtk_column_view_sort_by_column (cv, NULL, GTK_SORT_ASCENDING);
    g_object_unref (level_column);
  }

  /* The urgency filter of the filter popover, on top of all tickets. */
  kefu_tickets_view_set_saved_view (KEFU_TICKETS_VIEW (view), KEFU_VIEW_ALL);
  {
    GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (child (view, KEFU_TYPE_TICKETS_VIEW, "filter_button")));
    GtkWidget *level = find_named (GTK_WIDGET (popover), "level-filter");
    guint n;

    g_assert_nonnull (level);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (level), 2);
    wait_ms (50);
    g_assert_true (wait_for (list_idle, view, 30));
    n = g_list_model_get_n_items (G_LIST_MODEL (list));
    g_assert_cmpuint (n, >, 0);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(KefuTicket) t = g_list_model_get_item (G_LIST_MODEL (list), i);
        g_assert_cmpint (kefu_ticket_get_level (t), ==, 2);
      }
    g_assert_cmpint (n, ==, kefu_desk_count_tickets (kefu_window_get_store (f->window),
                                                     &(KefuTicketQuery) { .level = 2 }, &error));

    /* Exporting writes exactly the tickets of the list, header first; it
     * carries owners' phones: not an agent's to take, a supervisor's. */
    {
      g_autofree char *csv = kefu_test_path (&f->dir, "level2.csv");
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;
      gint64 end;

      /* in full: not an agent's to take */
      kefu_window_export (f->window, csv, TRUE);
      wait_ms (1000);
      g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL));
      sign_in (f, "xuqiang");
      g_assert_true (wait_for (list_loaded, view, 30));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (level), 0);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (level), 2);
      wait_ms (50);
      g_assert_true (wait_for (list_idle, view, 30));
      list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
      end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
      kefu_window_export (f->window, csv, FALSE);
      while (!g_file_test (csv, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, FALSE);
      wait_ms (100);
      g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
      g_strchomp (contents);
      lines = g_strsplit (contents, "\r\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, n + 1);
      g_assert_true (g_str_has_prefix (lines[0], "\xEF\xBB\xBFnumber,"));
      for (guint i = 1; lines[i] != NULL; i++)
        {
          g_auto(GStrv) cols = g_strsplit (lines[i], ",", -1);
          g_assert_cmpstr (cols[5], ==, "2");   /* level */
        }
    }
  }
}

/* Awaiting Follow-up lists the longest waiting first (resolved the
 * earliest); a filter set in one view shows as a chip in the next, where
 * it still narrows the list, and its chip's button clears it. */
static void
test_views_order_and_filter_chips (Fixture       *f,
                                   gconstpointer  data)
{
  GtkWidget *view, *chips, *kind, *chip, *clear;
  KefuTicketList *list;
  gint64 previous = 0;
  guint n, all_follow_ups;
  g_autofree char *chip_text = NULL;

  open_window (f);
  sign_in (f, "chenjing");
  view = kefu_window_get_tickets_view (f->window);
  g_assert_true (wait_for (list_loaded, view, 30));
  list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view));
  chips = find_named (view, "filter-chips");
  g_assert_nonnull (chips);
  g_assert_false (gtk_widget_get_visible (chips));

  kefu_tickets_view_set_saved_view (KEFU_TICKETS_VIEW (view), KEFU_VIEW_AWAITING_FOLLOW_UP);
  wait_ms (50);
  g_assert_true (wait_for (list_idle, view, 30));
  all_follow_ups = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (all_follow_ups, >, 2);
  for (guint i = 0; i < all_follow_ups; i++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *sql = g_strdup_printf ("SELECT resolved_at FROM tickets WHERE id = %" G_GINT64_FORMAT,
                                              kefu_ticket_get_id (t));
      gint64 resolved = kefu_test_scalar (f->path, sql);

      g_assert_cmpint (resolved, >, 0);
      g_assert_cmpint (resolved, >=, previous);
      previous = resolved;
    }

  /* Kind: Repair, set in All Tickets … */
  kefu_tickets_view_set_saved_view (KEFU_TICKETS_VIEW (view), KEFU_VIEW_ALL);
  kind = find_named (view, "kind-filter");
  g_assert_nonnull (kind);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kind), 1);
  wait_ms (50);
  g_assert_true (wait_for (list_idle, view, 30));
  g_assert_true (gtk_widget_get_visible (chips));
  chip_text = g_strdup_printf (_("%s: %s"), _("Kind"), kefu_code_label (KEFU_CODES_KIND, "repair"));
  g_assert_true (shows_text (chips, chip_text));

  /* … is shown in Awaiting Follow-up, where it narrows the list */
  kefu_tickets_view_set_saved_view (KEFU_TICKETS_VIEW (view), KEFU_VIEW_AWAITING_FOLLOW_UP);
  wait_ms (50);
  g_assert_true (wait_for (list_idle, view, 30));
  g_assert_true (gtk_widget_get_visible (chips));
  g_assert_true (shows_text (chips, chip_text));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, <, all_follow_ups);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_cmpstr (kefu_ticket_get_kind (t), ==, "repair");
    }
  save_screenshot (GTK_WIDGET (f->window), "tickets-filter-chip");

  /* its button clears it: the whole view again, no chip */
  chip = gtk_widget_get_first_child (chips);
  g_assert_nonnull (chip);
  clear = find_descendant (chip, GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (clear);
  g_signal_emit_by_name (clear, "clicked");
  wait_ms (50);
  g_assert_true (wait_for (list_idle, view, 30));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (kind)), ==, 0);
  g_assert_false (gtk_widget_get_visible (chips));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, all_follow_ups);

  /* the description line: asked for, and while searching */
  {
    GtkWidget *toggle = find_named (view, "descriptions-toggle");
    GtkWidget *column_view = child (view, KEFU_TYPE_TICKETS_VIEW, "column_view");
    g_autoptr(KefuTicket) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_auto(GStrv) lines = g_strsplit (kefu_ticket_get_description (first), "\n", 2);
    g_autofree char *two = g_strdup_printf ("%s\n%s", kefu_ticket_get_location (first), lines[0]);

    g_assert_nonnull (toggle);
    g_assert_false (shows_text (column_view, two));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (toggle), TRUE);
    wait_ms (100);
    g_assert_true (wait_for (list_idle, view, 30));
    wait_ms (200);
    g_assert_true (shows_text (column_view, two));
    save_screenshot (GTK_WIDGET (f->window), "tickets-descriptions");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (toggle), FALSE);
    wait_ms (100);
    g_assert_true (wait_for (list_idle, view, 30));
    wait_ms (200);
    g_assert_false (shows_text (column_view, two));
    /* a search shows why each row matched */
    gtk_editable_set_text (GTK_EDITABLE (child (view, KEFU_TYPE_TICKETS_VIEW, "search_entry")), kefu_ticket_get_number (first));
    wait_ms (400);
    g_assert_true (wait_for (list_idle, view, 30));
    wait_ms (200);
    g_assert_true (shows_text (column_view, two));
  }
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;

#define GUI_ADD(path, n, func) g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_setup, func, fixture_teardown)
  GUI_ADD ("/gui/tickets/saved-views-and-filters", 1500, test_saved_views_and_filters);
  GUI_ADD ("/gui/tickets/user-views-save-restart-rename-update-delete", 600, test_user_views);
  GUI_ADD ("/gui/tickets/follow-up-order-and-filter-chips", 600, test_views_order_and_filter_chips);
#undef GUI_ADD

  return g_test_run ();
}
