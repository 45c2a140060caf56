/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-window.c — the window as a user drives it, under Xvfb:
 * opening, welcome, sign-in, locking, error pages, screenshots, reliability
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
#include <sqlite3.h>   /* only for the damaged page: see test_damaged_file_found */

#include "kefu-test-locks.h"
#include "kefu-test-mock.h"
#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-test-gui-window.h"

static gboolean
page_is_sign_in (gpointer data)
{
  return g_strcmp0 (kefu_window_get_page (data), "sign-in") == 0;
}

/* A new database: the administrator is created with a password and gets a
 * one-time recovery code; then signs in with the password (a wrong one is
 * refused and audited). */
static void
test_new_database_welcome_start_empty (Fixture       *f,
                                       gconstpointer  data)
{
  GtkWidget *chooser, *welcome;
  GListModel *users;
  g_autoptr(KefuUser) admin = NULL;
  const char *code, *error_text;

  open_window (f);
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "welcome");
  save_screenshot (GTK_WIDGET (f->window), "welcome");

  welcome = kefu_window_get_welcome_page (f->window);
  g_assert_true (gtk_widget_activate_action (welcome, "welcome.start-empty", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (welcome, KEFU_TYPE_WELCOME_PAGE, "stack"))), ==, "admin");
  /* a password too short, then two that differ: refused, nothing created */
  gtk_editable_set_text (GTK_EDITABLE (child (welcome, KEFU_TYPE_WELCOME_PAGE, "password_row")), "short");
  gtk_editable_set_text (GTK_EDITABLE (child (welcome, KEFU_TYPE_WELCOME_PAGE, "again_row")), "short");
  g_assert_true (gtk_widget_activate_action (welcome, "welcome.create-admin", NULL));
  g_assert_true (gtk_widget_get_visible (child (welcome, KEFU_TYPE_WELCOME_PAGE, "admin_error_label")));
  gtk_editable_set_text (GTK_EDITABLE (child (welcome, KEFU_TYPE_WELCOME_PAGE, "password_row")), "物业客服台2026");
  gtk_editable_set_text (GTK_EDITABLE (child (welcome, KEFU_TYPE_WELCOME_PAGE, "again_row")), "物业客服台2025");
  g_assert_true (gtk_widget_activate_action (welcome, "welcome.create-admin", NULL));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM users"), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (child (welcome, KEFU_TYPE_WELCOME_PAGE, "again_row")), "物业客服台2026");
  save_screenshot (GTK_WIDGET (f->window), "welcome-administrator");
  g_assert_true (gtk_widget_activate_action (welcome, "welcome.create-admin", NULL));

  /* the recovery code, shown once; only its hash is kept */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (welcome, KEFU_TYPE_WELCOME_PAGE, "stack"))), ==, "code");
  code = gtk_label_get_text (GTK_LABEL (child (welcome, KEFU_TYPE_WELCOME_PAGE, "code_label")));
  g_assert_true (g_regex_match_simple ("^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$", code, 0, 0));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM users WHERE recovery_hash LIKE '$argon2id$%' "
                                              "AND pin_hash LIKE '$argon2id$%'"), ==, 1);
  save_screenshot (GTK_WIDGET (f->window), "welcome-recovery-code");
  g_assert_true (gtk_widget_activate_action (welcome, "welcome.done", NULL));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (welcome, KEFU_TYPE_WELCOME_PAGE, "code_label"))), ==, "");

  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "sign-in");
  chooser = child (f->window, KEFU_TYPE_WINDOW, "user_chooser");
  users = kefu_user_chooser_get_users (KEFU_USER_CHOOSER (chooser));
  g_assert_cmpuint (g_list_model_get_n_items (users), ==, 1);
  admin = g_list_model_get_item (users, 0);
  g_assert_cmpstr (kefu_user_get_role (admin), ==, "admin");
  g_assert_cmpstr (kefu_user_get_name (admin), ==, kefu_code_label (KEFU_CODES_ROLE, "admin"));
  /* not the sample: no PIN is printed */
  g_assert_false (gtk_widget_get_visible (child (chooser, KEFU_TYPE_USER_CHOOSER, "sample_label")));

  /* pick, PIN, Enter: a wrong password is refused and counted */
  pick_user (chooser, "admin");
  g_assert_true (gtk_widget_get_visible (child (chooser, KEFU_TYPE_USER_CHOOSER, "recover_button")));
  type_pin (chooser, "物业客服台2025");
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "sign-in");
  g_assert_null (kefu_window_get_user (f->window));
  error_text = gtk_label_get_text (GTK_LABEL (child (chooser, KEFU_TYPE_USER_CHOOSER, "error_label")));
  g_assert_true (gtk_widget_get_visible (child (chooser, KEFU_TYPE_USER_CHOOSER, "error_label")));
  g_assert_nonnull (strstr (error_text, kefu_user_get_name (admin)));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT failed_tries FROM users"), ==, 1);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'"), ==, 1);
  save_screenshot (GTK_WIDGET (f->window), "sign-in-pin");
  type_pin (chooser, "物业客服台2026");
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "main");
  g_assert_cmpint (kefu_user_get_id (kefu_window_get_user (f->window)), ==, kefu_user_get_id (admin));
  g_assert_cmpint (kefu_store_get_actor (kefu_window_get_store (f->window)), ==, kefu_user_get_id (admin));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT failed_tries FROM users"), ==, 0);

  /* The empty desk says what to do. */
  g_assert_true (wait_for (list_idle, kefu_window_get_tickets_view (f->window), 10));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (kefu_window_get_tickets_view (f->window),
                                                                        KEFU_TYPE_TICKETS_VIEW, "list_stack"))), ==, "empty");
  save_screenshot (GTK_WIDGET (f->window), "tickets-empty");
}

static void
test_welcome_loads_sample (Fixture       *f,
                           gconstpointer  data)
{
  GtkWidget *chooser;
  g_autoptr(GError) error = NULL;

  open_window (f);
  g_assert_true (gtk_widget_activate_action (kefu_window_get_welcome_page (f->window),
                                             "welcome.load-sample", NULL));
  /* Busy, with progress shown, but the window keeps drawing. */
  g_assert_true (gtk_widget_get_visible (child (kefu_window_get_welcome_page (f->window),
                                                KEFU_TYPE_WELCOME_PAGE, "progress_box")));
  g_assert_true (wait_for (page_is_sign_in, f->window, 120));
  chooser = child (f->window, KEFU_TYPE_WINDOW, "user_chooser");
  g_assert_cmpuint (g_list_model_get_n_items (kefu_user_chooser_get_users (KEFU_USER_CHOOSER (chooser))), >=, 10);
  g_assert_cmpint (kefu_store_count_rows (kefu_window_get_store (f->window), "tickets", &error), ==,
                   KEFU_DEMO_DEFAULT_TICKETS);
  /* the sample says its PIN, here only */
  g_assert_true (gtk_widget_get_visible (child (chooser, KEFU_TYPE_USER_CHOOSER, "sample_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (chooser, KEFU_TYPE_USER_CHOOSER, "sample_label"))),
                            KEFU_DEMO_PIN));
  save_screenshot (GTK_WIDGET (f->window), "sign-in");
}

static void
test_not_a_database_shows_error (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *after = NULL;
  const char *description;

  g_assert_true (g_file_set_contents (f->path, "PK\x03\x04 a spreadsheet, not a database", -1, NULL));
  open_window (f);
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "error");
  description = adw_status_page_get_description (ADW_STATUS_PAGE (child (f->window, KEFU_TYPE_WINDOW, "error_page")));
  g_assert_nonnull (strstr (description, f->path));
  g_assert_true (g_file_get_contents (f->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "PK\x03\x04 a spreadsheet, not a database");
  save_screenshot (GTK_WIDGET (f->window), "error");
}

/* Ctrl+L locks the desk: the views and the windows opened from them are
 * covered, nothing can be done; service-level alerts still come, without
 * the place. The same PIN unlocks it as it was; a wrong one does not;
 * someone else's takes the desk over and the previous user's windows go.
 * It also locks itself after the idle time. */
static void
test_lock (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  gboolean mocked = kefu_test_mock_clear (bus);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;
  GtkWidget *chooser, *intake;
  gint64 now;

  /* an entrapment in the garage, logged at 17:55; it is 17:56 */
  store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_actor (store, kefu_test_scalar (f->path, "SELECT id FROM users WHERE login = 'chenjing'"));
  {
    KefuTicketDraft d = { "phone", "repair", "elevator", 2, 0, 0, "地下车库", 0, NULL, "13800000000", "电梯困人，有老人被困", 0 };
    kefu_store_set_now (store, local_unix (2025, 1, 24, 17, 55));
    g_assert_cmpint (kefu_desk_create_ticket (store, &d, &error), >, 0);
  }
  f->now = local_unix (2025, 1, 24, 17, 56);

  open_window (f);
  sign_in (f, "chenjing");
  chooser = child (f->window, KEFU_TYPE_WINDOW, "user_chooser");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-ticket", NULL));
  intake = find_toplevel (KEFU_TYPE_INTAKE_DIALOG);
  g_assert_nonnull (intake);
  g_object_ref (intake);

  g_assert_true (press_shortcut (GTK_WIDGET (f->window), GDK_KEY_l, GDK_CONTROL_MASK));
  g_assert_true (kefu_window_is_locked (f->window));
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "sign-in");
  g_assert_false (gtk_widget_get_visible (intake));
  g_assert_true (gtk_widget_get_visible (child (chooser, KEFU_TYPE_USER_CHOOSER, "locked_label")));
  g_assert_cmpstr (kefu_user_get_login (kefu_user_chooser_get_picked (KEFU_USER_CHOOSER (chooser))), ==, "chenjing");
  /* nothing of the desk can be reached: not a new ticket, not an export */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-ticket", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dashboard");
  g_assert_null (find_toplevel (KEFU_TYPE_INTAKE_DIALOG));
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "sign-in");

  /* 18:06: the response and the progress update are late; shown masked */
  kefu_store_set_now (kefu_window_get_store (f->window), local_unix (2025, 1, 24, 18, 6));
  /* (a check still running from the sign-in is let finish) */
  for (int i = 0; i < 200 && kefu_user_chooser_get_n_alerts (KEFU_USER_CHOOSER (chooser)) < 2; i++)
    {
      kefu_window_check_clocks (f->window);
      wait_ms (50);
    }
  g_assert_cmpuint (kefu_user_chooser_get_n_alerts (KEFU_USER_CHOOSER (chooser)), ==, 2);
  g_assert_false (shows_text (chooser, "地下车库"));
  {
    GtkWidget *list = child (chooser, KEFU_TYPE_USER_CHOOSER, "alerts_list");
    for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
      {
        const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
        g_assert_null (strstr (title, "地下车库"));
        g_assert_nonnull (strstr (title, kefu_code_label (KEFU_CODES_LEVEL, "2")));
      }
  }
  if (mocked)
    {
      g_autoptr(GPtrArray) calls = kefu_test_mock_notify_calls (bus);

      g_assert_cmpuint (calls->len, ==, 2);
      for (guint i = 0; i < calls->len; i++)
        {
          g_autofree char *body = arg_string (calls->pdata[i], 4);
          g_assert_null (strstr (body, "地下车库"));
        }
    }
  save_screenshot (GTK_WIDGET (f->window), "locked");

  /* a wrong PIN does not unlock */
  type_pin (chooser, "0000");
  g_assert_true (kefu_window_is_locked (f->window));
  g_assert_false (gtk_widget_get_visible (intake));
  /* hers does, as she left it */
  type_pin (chooser, KEFU_DEMO_PIN);
  g_assert_false (kefu_window_is_locked (f->window));
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "main");
  g_assert_true (gtk_widget_get_visible (intake));
  g_assert_cmpstr (kefu_user_get_login (kefu_window_get_user (f->window)), ==, "chenjing");
  g_assert_cmpuint (kefu_user_chooser_get_n_alerts (KEFU_USER_CHOOSER (chooser)), ==, 0);

  /* idle: five minutes without a key or a click lock it; four do not */
  kefu_window_set_idle_minutes (f->window, 5);
  now = g_get_monotonic_time ();
  kefu_window_set_last_activity (f->window, now - 4 * 60 * G_USEC_PER_SEC);
  g_assert_false (kefu_window_check_idle (f->window));
  g_assert_false (kefu_window_is_locked (f->window));
  kefu_window_set_last_activity (f->window, now - 6 * 60 * G_USEC_PER_SEC);
  g_assert_true (kefu_window_check_idle (f->window));
  g_assert_true (kefu_window_is_locked (f->window));

  /* someone else's PIN takes the desk: her intake form goes */
  pick_user (chooser, "liuyang");
  type_pin (chooser, KEFU_DEMO_PIN);
  g_assert_false (kefu_window_is_locked (f->window));
  g_assert_cmpstr (kefu_user_get_login (kefu_window_get_user (f->window)), ==, "liuyang");
  g_assert_cmpint (kefu_store_get_actor (kefu_window_get_store (f->window)), ==,
                   kefu_test_scalar (f->path, "SELECT id FROM users WHERE login = 'liuyang'"));
  g_assert_null (find_toplevel (KEFU_TYPE_INTAKE_DIALOG));
  g_object_unref (intake);
}

/* A main view built already: its page holds it. */
static gboolean
view_built (Fixture    *f,
            const char *name)
{
  GtkWidget *stack = child (f->window, KEFU_TYPE_WINDOW, "view_stack");
  GtkWidget *page = adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), name);

  /* the dashboard's and training's bin stands in a stack beside their
   * "not on a database server yet" page */
  if (GTK_IS_STACK (page))
    page = gtk_stack_get_child_by_name (GTK_STACK (page), "view");
  return adw_bin_get_child (ADW_BIN (page)) != NULL;
}

static void
test_views_and_screenshots (Fixture       *f,
                            gconstpointer  data)
{
  static const char *views[] = { "dispatch", "dashboard", "training", "tickets" };
  GtkWidget *stack;

  open_window (f);
  save_screenshot (GTK_WIDGET (f->window), "sign-in-list");
  /* the sign-in page is drawn without the views it hides; signing in
   * builds the one shown (the tickets), the others when first shown */
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    g_assert_false (view_built (f, views[i]));
  /* nor the pages not shown (the welcome page, a server's sign-in) nor
   * the keyboard shortcuts window */
  g_assert_null (adw_bin_get_child (ADW_BIN (child (f->window, KEFU_TYPE_WINDOW, "welcome_bin"))));
  g_assert_null (adw_bin_get_child (ADW_BIN (child (f->window, KEFU_TYPE_WINDOW, "server_sign_in_bin"))));
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window)));
  /* nor the main menu's popover, made when first opened, with its items */
  {
    GtkMenuButton *menu = GTK_MENU_BUTTON (child (f->window, KEFU_TYPE_WINDOW, "primary_button"));

    g_assert_null (gtk_menu_button_get_popover (menu));
    gtk_menu_button_popup (menu);
    g_assert_nonnull (gtk_menu_button_get_popover (menu));
    g_assert_nonnull (gtk_menu_button_get_menu_model (menu));
    g_assert_cmpint (g_menu_model_get_n_items (gtk_menu_button_get_menu_model (menu)), ==, 3);
    gtk_menu_button_popdown (menu);
  }
  sign_in (f, "xuqiang");
  g_assert_true (view_built (f, "tickets"));
  g_assert_false (view_built (f, "dispatch"));
  g_assert_false (view_built (f, "dashboard"));
  g_assert_false (view_built (f, "training"));
  g_assert_true (wait_for (list_loaded, kefu_window_get_tickets_view (f->window), 30));
  /* the list shows no ticket yet: the ticket's pane is not built either */
  g_assert_false (KEFU_IS_TICKET_DETAIL (adw_bin_get_child (ADW_BIN (child (kefu_window_get_tickets_view (f->window),
                                                                            KEFU_TYPE_TICKETS_VIEW, "detail_bin")))));
  stack = child (f->window, KEFU_TYPE_WINDOW, "view_stack");

  /* Ctrl+? (the menu's Keyboard Shortcuts) builds the shortcuts window when first asked for */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL));
  {
    GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window));

    g_assert_nonnull (overlay);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (f->window));
    gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL));
    g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window)) == overlay);
    gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  }

  /* Alt+1…4 and the view switcher use the same action. */
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", views[i]));
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, views[i]);
      save_screenshot (GTK_WIDGET (f->window), views[i]);
      g_assert_true (view_built (f, views[i]));
    }

  /* Switching user locks the desk: the next person picks themselves and types their PIN. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.switch-user", NULL));
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "sign-in");
  g_assert_true (kefu_window_is_locked (f->window));
  {
    GtkWidget *chooser = child (f->window, KEFU_TYPE_WINDOW, "user_chooser");

    pick_user (chooser, "chenjing");
    type_pin (chooser, KEFU_DEMO_PIN);
    g_assert_cmpstr (kefu_window_get_page (f->window), ==, "main");
    g_assert_false (kefu_window_is_locked (f->window));
    g_assert_cmpstr (kefu_user_get_login (kefu_window_get_user (f->window)), ==, "chenjing");
    g_assert_cmpint (kefu_store_get_actor (kefu_window_get_store (f->window)), ==,
                     kefu_test_scalar (f->path, "SELECT id FROM users WHERE login = 'chenjing'"));
  }
}

/* The README's pictures of the desk, on a 1366×768 screen: the tickets
 * with one chosen, the new-ticket form, the dispatch board, the
 * dashboard's tiles and its charts (readme-*.png in the screenshots;
 * data/screenshots/ holds the Chinese ones). Each page is checked to be
 * on show before it is taken. */
static void
test_readme_screenshots (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *view, *stack, *dialog, *dashboard, *board;
  gint64 rated = kefu_test_scalar (f->path, "SELECT id FROM tickets WHERE status = 'closed' AND satisfaction >= 4 "
                                            "ORDER BY created_at DESC LIMIT 1");

  f->width = 1366;
  f->height = 768;
  open_window (f);
  sign_in (f, "xuqiang");
  view = kefu_window_get_tickets_view (f->window);
  stack = child (f->window, KEFU_TYPE_WINDOW, "view_stack");
  g_assert_true (wait_for (list_loaded, view, 30));
  g_assert_cmpint (rated, >, 0);
  show_ticket (f, view, rated);
  g_assert_cmpint (kefu_ticket_get_id (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view))))), ==, rated);
  save_screenshot (GTK_WIDGET (f->window), "readme-tickets");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-ticket", NULL));
  dialog = find_toplevel (KEFU_TYPE_INTAKE_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_search")), "3栋502");
  wait_ms (400);
  {
    GtkWidget *results = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_results");
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (results), 0));

    g_assert_nonnull (row);
    g_signal_emit_by_name (results, "row-activated", row);
  }
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "subtype_row")), 1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "description_view"))),
                            "卫生间天花板漏水，怀疑楼上水管破裂", -1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "level3")), TRUE);
  g_assert_true (gtk_widget_is_sensitive (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "save_button")));
  /* shown from its top, as the agent sees it after picking the level */
  {
    GtkWidget *search = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_search");
    GtkWidget *scrolled = gtk_widget_get_ancestor (search, GTK_TYPE_SCROLLED_WINDOW);

    gtk_widget_grab_focus (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "level3"));
    wait_ms (100);
    if (scrolled != NULL)
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), 0);
  }
  save_screenshot (dialog, "readme-intake");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_ms (100);

  board = kefu_window_get_view (f->window, "dispatch");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dispatch"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "dispatch");
  g_assert_true (wait_for (board_loaded, board, 30));
  save_screenshot (GTK_WIDGET (f->window), "readme-dispatch");

  dashboard = kefu_window_get_view (f->window, "dashboard");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dashboard"));
  kefu_dashboard_view_set_period (KEFU_DASHBOARD_VIEW (dashboard), KEFU_PERIOD_LAST_12_MONTHS, TEST_NOW);
  g_assert_true (wait_for (dashboard_loaded, dashboard, 30));
  save_screenshot (GTK_WIDGET (f->window), "readme-kpis");
  {
    GtkWidget *share = GTK_WIDGET (kefu_dashboard_view_get_chart (KEFU_DASHBOARD_VIEW (dashboard), KEFU_REPORT_CHART_KIND_SHARE));
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (share, GTK_TYPE_SCROLLED_WINDOW)));
    graphene_point_t top;

    /* scrolled to the share chart's row */
    g_assert_true (gtk_widget_compute_point (share, gtk_widget_get_ancestor (share, GTK_TYPE_VIEWPORT),
                                             &GRAPHENE_POINT_INIT (0, 0), &top));
    gtk_adjustment_set_value (adj, top.y - 60);
    save_screenshot (GTK_WIDGET (f->window), "readme-dashboard");
    gtk_adjustment_set_value (adj, 0);
  }
}

/* The file chooser that @action_name on @widget opens: its folder set to
 * the database's own (GTK lists it, and reads what it cannot name: the
 * -wal and -shm), then closed. The window's locks are still there. */
static void
visit_folder_in_chooser (Fixture    *f,
                         GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  g_autoptr(GFile) folder = g_file_new_for_path (f->dir.dir);
  g_autoptr(GFile) shown = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog = NULL;

  if (action_name != NULL)
    g_assert_true (gtk_widget_activate_action_variant (widget, action_name, parameter));
  else
    g_signal_emit_by_name (widget, "clicked");
  for (int i = 0; i < 250 && dialog == NULL; i++)
    if ((dialog = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG)) == NULL)
      wait_ms (20);
  if (dialog == NULL)
    g_error ("%s opened no file chooser", action_name != NULL ? action_name : gtk_button_get_label (GTK_BUTTON (widget)));
  wait_ms (300);   /* shown and settled in its own first folder */
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, &error));
  g_assert_no_error (error);
  wait_ms (800);
  shown = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (dialog));
  if (!g_file_equal (shown, folder)) g_error ("shown %s want %s", g_file_peek_path (shown), g_file_peek_path (folder));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  for (int i = 0; i < 250 && find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL; i++)
    wait_ms (20);
  g_assert_null (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  if (!kefu_test_locks_held (f->path))
    g_error ("the database's locks were lost after the chooser of %s", action_name != NULL ? action_name : "a button");
}

/* Every file chooser of the app, on the database's own folder, then the
 * sqlite3 shell and kefu-cli opening and closing the file: the window's
 * locks and its WAL stay, and what it saves afterwards survives a crash. */
static void
test_file_choosers_keep_locks (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *crash_dir = kefu_test_path (&f->dir, "after-the-crash");
  g_autofree char *crash_db = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) photo = g_bytes_new_static ("\xff\xd8\xff\xe0 not much of a photo", 24);
  GtkWidget *view, *detail, *import, *prefs, *holidays, *dashboard, *chart, *training;
  KefuStore *store;
  gint64 ticket, attachment, bank, exam;
  ino_t wal_inode;

  open_window (f);
  sign_in (f, "admin");
  store = kefu_window_get_store (f->window);
  view = kefu_window_get_tickets_view (f->window);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  g_assert_true (wait_for (list_loaded, view, 30));
  ticket = kefu_test_scalar (f->path, "SELECT max(id) FROM tickets");
  attachment = kefu_desk_add_attachment (store, ticket, "照片.jpg", "image/jpeg", photo, &error);
  g_assert_no_error (error);
  bank = kefu_test_scalar (f->path, "SELECT min(id) FROM question_banks");
  exam = kefu_test_scalar (f->path, "SELECT min(id) FROM exams");
  g_assert_cmpint (bank, >, 0);
  g_assert_cmpint (exam, >, 0);
  kefu_tickets_view_show_ticket (KEFU_TICKETS_VIEW (view), ticket);
  g_assert_true (wait_for (selected_is_not_loading, view, 30));
  g_assert_true (kefu_test_locks_held (f->path));
  wal_inode = kefu_test_inode (wal);

  /* the window's: export, open another database, import */
  visit_folder_in_chooser (f, GTK_WIDGET (f->window), "win.export", NULL);
  visit_folder_in_chooser (f, GTK_WIDGET (f->window), "win.open-database", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import", NULL));
  import = find_toplevel (KEFU_TYPE_IMPORT_WINDOW);
  g_assert_nonnull (import);
  visit_folder_in_chooser (f, import, "import.choose", NULL);
  gtk_window_destroy (GTK_WINDOW (import));
  /* a ticket's attachments */
  visit_folder_in_chooser (f, detail, "ticket.attach", NULL);
  visit_folder_in_chooser (f, detail, "ticket.save-attachment", g_variant_new_int64 (attachment));
  /* Preferences: public holidays */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  holidays = find_descendant (prefs, GTK_TYPE_BUTTON, _("Import Holidays…"));
  g_assert_nonnull (holidays);
  visit_folder_in_chooser (f, holidays, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (prefs));
  /* the dashboard's monthly report and a chart */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dashboard"));
  dashboard = kefu_window_get_view (f->window, "dashboard");
  g_assert_true (wait_for (dashboard_loaded, dashboard, 30));
  visit_folder_in_chooser (f, dashboard, "dashboard.export-report", g_variant_new_string ("pdf"));
  chart = GTK_WIDGET (kefu_dashboard_view_get_chart (KEFU_DASHBOARD_VIEW (dashboard), KEFU_REPORT_CHART_TREND));
  visit_folder_in_chooser (f, chart, "chart.export", g_variant_new_string ("png"));
  /* training: import and export questions, print a paper */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "training"));
  training = kefu_window_get_training_view (f->window);
  g_assert_true (kefu_training_view_can_manage (KEFU_TRAINING_VIEW (training)));
  visit_folder_in_chooser (f, training, "training.import", NULL);
  visit_folder_in_chooser (f, training, "training.export", g_variant_new_int64 (bank));
  visit_folder_in_chooser (f, training, "training.print", g_variant_new_int64 (exam));

  /* other programs open and close the file: the last one out would
   * checkpoint and delete the WAL if the window held no lock (kefu-cli
   * check: a command that needs no PIN) */
  g_assert_cmpint (kefu_test_shell_scalar (f->path, "SELECT count(*) FROM ticket_attachments"), ==, 1);
  g_assert_cmpint (kefu_test_run (&out, &err, g_getenv ("KEFU_CLI"), "--db", f->path, "check", NULL), ==, 0);
  g_assert_true (kefu_test_locks_held (f->path));
  g_assert_cmpuint (kefu_test_inode (wal), ==, wal_inode);

  /* the window saves; then the process dies (what a kill -9 leaves) */
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("现场-%d.jpg", i);
      g_assert_cmpint (kefu_desk_add_attachment (store, ticket, name, "image/jpeg", photo, &error), >, 0);
      g_assert_no_error (error);
    }
  g_assert_null (kefu_window_get_problem (f->window, "file"));
  crash_db = kefu_test_crash_copy (f->path, crash_dir);
  g_assert_cmpint (kefu_test_shell_scalar (crash_db, "SELECT count(*) FROM ticket_attachments"), ==, 6);
  g_assert_true (kefu_test_shell_integrity_ok (crash_db));
}

/* The check itself failed (not only the recording of a check that was
 * already running when the table went: that desk tells its level 1 and 2
 * breaches, so it has some to record, and fails first at that). */
static gboolean
has_problem_sla (gpointer data)
{
  const char *problem = kefu_window_get_problem (data, "sla");
  g_autofree char *prefix = g_strdup (_("The service-level check failed: %s"));

  *strstr (prefix, "%s") = '\0';
  return problem != NULL && g_str_has_prefix (problem, prefix);
}

static gboolean
has_no_problem_sla (gpointer data)
{
  return kefu_window_get_problem (data, "sla") == NULL;
}

/* Asks for a check of the clocks until @done (one may be running). */
static gboolean
check_clocks_until (Fixture   *f,
                    gboolean (*done) (gpointer))
{
  for (int i = 0; i < 300; i++)
    {
      kefu_window_check_clocks (f->window);
      wait_ms (100);
      if (done (f->window))
        return TRUE;
    }
  return FALSE;
}

/* Signing in checks the clocks once the view it shows is drawn, not
 * before (a worker's query would share the CPU with that first frame):
 * a window signed in before it is shown has not checked them; shown, it
 * does (the service levels' table gone, so the check is seen to fail). */
static void
test_clocks_checked_after_first_frame (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(KefuStore) other = NULL;
  g_autoptr(KefuUser) user = NULL;
  g_autoptr(GError) error = NULL;

  f->window = kefu_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 860);
  kefu_test_window_open_at (f->window, f->path, TEST_NOW);
  other = kefu_test_other_store_for (f->path);
  kefu_test_exec (other, "ALTER TABLE sla_policies RENAME TO sla_policies_away");
  user = kefu_desk_find_user (kefu_window_get_store (f->window), "chenjing", &error);
  g_assert_no_error (error);
  kefu_window_sign_in (f->window, user);
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "main");
  wait_ms (300);
  g_assert_null (kefu_window_get_problem (f->window, "sla"));

  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (has_problem_sla, f->window, 30));
  kefu_test_exec (other, "ALTER TABLE sla_policies_away RENAME TO sla_policies");
}

/* What fails in the background reaches the window above its pages, and
 * stays there whatever toasts come: the service-level watcher (and goes
 * when the clocks are watched again), an automatic dispatch, a WAL that
 * another program removed (after which nothing is saved). */
static void
test_background_problems (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *sla_prefix = NULL;
  g_autoptr(GError) error = NULL;
  const char *sla, *file;
  char *cut;
  g_autoptr(KefuStore) other = NULL;

  open_window (f);
  sign_in (f, "chenjing");
  g_assert_null (kefu_window_get_problem (f->window, "sla"));

  /* the service levels' table is gone: the watcher's check fails */
  other = kefu_test_other_store_for (f->path);
  kefu_test_exec (other, "ALTER TABLE sla_policies RENAME TO sla_policies_away");
  g_assert_true (check_clocks_until (f, has_problem_sla));
  sla = kefu_window_get_problem (f->window, "sla");
  sla_prefix = g_strdup (_("The service-level check failed: %s"));
  cut = strstr (sla_prefix, "%s");
  *cut = '\0';
  g_assert_true (g_str_has_prefix (sla, sla_prefix));
  g_assert_nonnull (strstr (sla, "sla_policies"));
  /* a toast does not hide it */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toast", "s", "一条提示");
  wait_ms (200);
  g_assert_true (shows_text (GTK_WIDGET (f->window), sla));
  save_screenshot (GTK_WIDGET (f->window), "background-problem");

  /* the table is back: the next check clears it */
  kefu_test_exec (other, "ALTER TABLE sla_policies_away RENAME TO sla_policies");
  g_clear_object (&other);
  g_assert_true (check_clocks_until (f, has_no_problem_sla));

  /* an automatic dispatch that failed, reported by the core */
  kefu_store_report_problem (kefu_window_get_store (f->window), "dispatch", "GD-1: 派单失败");
  g_assert_cmpstr (kefu_window_get_problem (f->window, "dispatch"), ==, "GD-1: 派单失败");
  g_assert_true (shows_text (GTK_WIDGET (f->window), "GD-1: 派单失败"));

  /* another program removed the WAL: the window says so, nothing is saved */
  g_assert_cmpint (g_unlink (wal), ==, 0);
  kefu_window_check_file (f->window);
  file = kefu_window_get_problem (f->window, "file");
  g_assert_nonnull (file);
  g_assert_nonnull (strstr (file, f->path));
  g_assert_true (shows_text (GTK_WIDGET (f->window), file));
  g_assert_false (kefu_store_set_setting (kefu_window_get_store (f->window), "after", "1", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_REPLACED);
}

/* A damaged file: the check the window runs after opening finds it, and
 * the window leads to the latest backup; nothing is saved to it.
 * SQLite-specific: the page is found with SQLite's dbstat and damaged in
 * the file, through a plain sqlite3 connection. */
static void
test_damaged_file_found (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *file;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 page, page_size;
  FILE *fp;

  /* the first leaf of the owners table made unreadable */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT min(pageno), (SELECT page_size FROM pragma_page_size) FROM dbstat "
                                           "WHERE name = 'owners' AND pagetype = 'leaf'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page = sqlite3_column_int64 (stmt, 0);
  page_size = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  fp = fopen (f->path, "r+b");
  g_assert_nonnull (fp);
  g_assert_cmpint (fseeko (fp, (page - 1) * page_size, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc (0x0b, fp), ==, 0x0b);
  g_assert_cmpint (fclose (fp), ==, 0);

  open_window (f);
  for (int i = 0; i < 300 && kefu_window_get_problem (f->window, "file") == NULL; i++)
    wait_ms (50);
  file = kefu_window_get_problem (f->window, "file");
  g_assert_nonnull (file);
  g_assert_nonnull (strstr (file, f->path));
  g_assert_true (kefu_store_is_damaged (kefu_window_get_store (f->window)));
  g_assert_false (kefu_store_set_setting (kefu_window_get_store (f->window), "after", "1", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT);
  g_assert_cmpstr (kefu_window_get_problem (f->window, "file"), ==, file);
}

static void
test_dark_style (Fixture       *f,
                 gconstpointer  data)
{
  open_window (f);
  sign_in (f, "chenjing");
  g_assert_true (wait_for (list_loaded, kefu_window_get_tickets_view (f->window), 30));
  kefu_tickets_view_select (KEFU_TICKETS_VIEW (kefu_window_get_tickets_view (f->window)), 3);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  save_screenshot (GTK_WIDGET (f->window), "tickets-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* Started while another program holds the lock of a file it must migrate,
 * the window says it waits, offers Try Again, and opens by itself once
 * the other program lets go. */
static gboolean
not_waiting_for_database (gpointer data)
{
  return !kefu_window_is_waiting_for_database (data);
}

static void
test_open_waits_for_writer (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) old = kefu_store_open_at_version (f->path, KEFU_SCHEMA_VERSION - 1, &error);
  GtkWidget *error_page;

  g_assert_no_error (error);
  /* a desk of the version before holds the write lock (a second store
   * opens only a file at this version, so it is that desk's own store) */
  g_assert_true (kefu_store_begin (old, &error));
  g_assert_no_error (error);
  kefu_test_exec (old, "INSERT OR REPLACE INTO settings (key, value) VALUES ('other_program', 'was here')");

  open_window (f);
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "error");
  g_assert_true (kefu_window_is_waiting_for_database (f->window));
  error_page = child (f->window, KEFU_TYPE_WINDOW, "error_page");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (error_page)),
                            _("Another program is writing to the database; waiting… (retrying)")));
  g_assert_true (gtk_widget_get_visible (child (f->window, KEFU_TYPE_WINDOW, "retry_button")));
  save_screenshot (GTK_WIDGET (f->window), "open-waiting");
  /* still waiting a while later: nothing gave up */
  wait_ms (1500);
  g_assert_true (kefu_window_is_waiting_for_database (f->window));

  g_assert_true (kefu_store_commit (old, &error));
  g_assert_no_error (error);
  g_clear_object (&old);
  g_assert_true (wait_for (not_waiting_for_database, f->window, 20));
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "welcome");
  g_assert_cmpint (kefu_test_scalar (f->path, "PRAGMA user_version"), ==, KEFU_SCHEMA_VERSION);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM settings WHERE key = 'other_program'"), ==, 1);
}

/* Try Again on the error page opens the same file anew, once it is fixed. */
static void
test_error_page_try_again (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;

  g_assert_true (g_file_set_contents (f->path, "not a database at all", -1, NULL));
  open_window (f);
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "error");
  g_assert_false (kefu_window_is_waiting_for_database (f->window));

  /* the administrator puts a good file in its place */
  g_assert_cmpint (g_unlink (f->path), ==, 0);
  store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.retry-open", NULL));
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "welcome");
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;

#define GUI_ADD(path, n, func) g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_setup, func, fixture_teardown)
  GUI_ADD ("/gui/window/new-database-welcome-start-empty", 0, test_new_database_welcome_start_empty);
  GUI_ADD ("/gui/window/welcome-loads-sample", 0, test_welcome_loads_sample);
  GUI_ADD ("/gui/window/not-a-database-shows-error", 0, test_not_a_database_shows_error);
  GUI_ADD ("/gui/window/lock-ctrl-l-idle-masked-alerts", 200, test_lock);
  GUI_ADD ("/gui/window/open-waits-for-writer", 0, test_open_waits_for_writer);
  GUI_ADD ("/gui/window/error-page-try-again", 0, test_error_page_try_again);
  GUI_ADD ("/gui/window/views-and-screenshots", 1500, test_views_and_screenshots);
  GUI_ADD ("/gui/window/readme-screenshots-1366", 1500, test_readme_screenshots);
  GUI_ADD ("/gui/window/dark-style", 400, test_dark_style);
  GUI_ADD ("/gui/reliability/file-choosers-keep-the-locks", 300, test_file_choosers_keep_locks);
  GUI_ADD ("/gui/reliability/background-problems-in-the-window", 200, test_background_problems);
  GUI_ADD ("/gui/window/clocks-checked-after-first-frame", 200, test_clocks_checked_after_first_frame);
  GUI_ADD ("/gui/reliability/damaged-file-found-after-opening", 200, test_damaged_file_found);
#undef GUI_ADD

  return g_test_run ();
}
