/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui.c — the window as a user drives it, under Xvfb
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
#include "kefu-dispatch.h"
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
#include "kefu-test-locks.h"
#include "kefu-test-mock.h"
#include "kefu-test-gui.h"
#include "kefu-test-util.h"
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

static void
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

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kefu_test_dir_setup (&f->dir, data);
  f->path = kefu_test_path (&f->dir, "kefu.db");
  if (GPOINTER_TO_UINT (data) > 0)
    make_demo (f->path, GPOINTER_TO_UINT (data));
}

static void
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

static void
open_window (Fixture *f)
{
  f->window = kefu_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), f->width > 0 ? f->width : 1400, f->height > 0 ? f->height : 860);
  kefu_test_window_open_at (f->window, f->path, f->now > 0 ? f->now : TEST_NOW);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
sign_in (Fixture    *f,
         const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) user = kefu_desk_find_user (kefu_window_get_store (f->window), login, &error);

  g_assert_no_error (error);
  kefu_window_sign_in (f->window, user);
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "main");
}

static gboolean
page_is_sign_in (gpointer data)
{
  return g_strcmp0 (kefu_window_get_page (data), "sign-in") == 0;
}

static gboolean
list_loaded (gpointer data)
{
  KefuTicketList *list = kefu_tickets_view_get_list (data);
  return list != NULL && !kefu_ticket_list_get_loading (list) &&
         g_list_model_get_n_items (G_LIST_MODEL (list)) > 0;
}

static gboolean
list_idle (gpointer data)
{
  return !kefu_ticket_list_get_loading (kefu_tickets_view_get_list (data));
}

static gboolean
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

/* Scrolling to the bottom shows the oldest ticket: the list reaches every row. */
static void
test_scrolls_to_the_end (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *view, *column_view;
  GtkAdjustment *adj;
  KefuTicketList *list;
  g_autoptr(KefuTicket) first = NULL;
  g_autoptr(KefuTicket) last = NULL;
  guint n;

  open_window (f);
  sign_in (f, "chenjing");
  view = kefu_window_get_tickets_view (f->window);
  g_assert_true (wait_for (list_loaded, view, 30));
  list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  last = g_list_model_get_item (G_LIST_MODEL (list), n - 1);
  column_view = child (view, KEFU_TYPE_TICKETS_VIEW, "column_view");
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (column_view));
  /* laid out: every row has room in the scrollable height (slow under sanitizers) */
  for (int i = 0; i < 200 && gtk_adjustment_get_upper (adj) <= n * 20.0; i++)
    wait_ms (50);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, n * 20.0);
  g_assert_true (shows_text (column_view, kefu_ticket_get_number (first)));
  g_assert_false (shows_text (column_view, kefu_ticket_get_number (last)));
  for (int i = 0; i < 50 && !shows_text (column_view, kefu_ticket_get_number (last)); i++)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
      wait_ms (50);
    }
  g_assert_true (shows_text (column_view, kefu_ticket_get_number (last)));
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >=,
                     gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1);
}

static GtkWidget *find_toplevel (GType type);

/* The mapped label showing @text under @widget, or NULL. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label (c, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the column titled @title is shown whole inside @scrolled's
 * width: mapped, allocated and not scrolled off to the side. */
static gboolean
column_in_view (GtkWidget  *scrolled,
                const char *title)
{
  GtkWidget *label = find_label (scrolled, title);
  graphene_rect_t bounds;

  if (label == NULL || !gtk_widget_compute_bounds (label, scrolled, &bounds))
    return FALSE;
  g_test_message ("column “%s”: x %.0f, width %.0f of %d", title, bounds.origin.x, bounds.size.width,
                  gtk_widget_get_width (scrolled));
  return bounds.size.width > 0 && bounds.origin.x >= 0 &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (scrolled) + 0.5;
}

/* On a 1200×768 and a 1366×768 screen, in English and Chinese, the list
 * shows its time limit (SLA), agent, status, level, location and number
 * without scrolling sideways; the creation time, owner and kind make
 * room first and come back in a wide window. */
static void
test_columns_fit_narrow_windows (Fixture       *f,
                                 gconstpointer  data)
{
  static const char *needed[] = { "Time Limit", "Agent", "Status", "Level", "Location", "Number" };
  static const int widths[] = { 1200, 1366 };
  GtkWidget *view, *column_view, *scrolled;
  GtkAdjustment *adj;

  /* the desk opens on the screen it has */
  f->width = widths[0];
  f->height = 768;
  open_window (f);
  sign_in (f, "chenjing");
  view = kefu_window_get_tickets_view (f->window);
  g_assert_true (wait_for (list_loaded, view, 30));
  column_view = child (view, KEFU_TYPE_TICKETS_VIEW, "column_view");
  scrolled = gtk_widget_get_parent (column_view);
  adj = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (column_view));

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autofree char *name = g_strdup_printf ("tickets-%d", widths[w]);

      /* (the window's size counts its frame: its inside is a little narrower) */
      gtk_window_set_default_size (GTK_WINDOW (f->window), widths[w], 768);
      for (int i = 0; i < 40 && ABS (gtk_widget_get_width (GTK_WIDGET (f->window)) - widths[w]) > 20; i++)
        wait_ms (50);
      wait_ms (300);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, widths[w]);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), >=, widths[w] - 20);
      g_test_message ("%d px: the list is %d px wide, its columns %.0f px", widths[w],
                      gtk_widget_get_width (scrolled), gtk_adjustment_get_upper (adj));
      for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
        {
          const char *title = g_dpgettext2 (NULL, "column", needed[i]);
          if (!column_in_view (scrolled, title))
            g_error ("at %d px the column “%s” is not in view", widths[w], title);
        }
      /* nothing is left to scroll to sideways, and the columns fill the
       * list to its end (no strip where no row reaches) */
      g_assert_cmpfloat (gtk_adjustment_get_upper (adj), <=, gtk_adjustment_get_page_size (adj) + 0.5);
      g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >=, gtk_adjustment_get_page_size (adj) - 0.5);
      /* a row's time limit and agent are drawn too */
      {
        g_autoptr(KefuTicket) first = g_list_model_get_item (G_LIST_MODEL (kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view))), 0);
        const char *agent = kefu_ticket_get_agent_name (first);

        if (agent != NULL && *agent != '\0')
          g_assert_nonnull (find_label (column_view, agent));
      }
      save_screenshot (GTK_WIDGET (f->window), name);
    }
  /* a wide window shows every column again */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1600, 900);
  for (int i = 0; i < 40 && gtk_widget_get_width (GTK_WIDGET (f->window)) < 1580; i++)
    wait_ms (50);
  wait_ms (300);
  g_assert_true (column_in_view (scrolled, g_dpgettext2 (NULL, "column", "Created")));
  g_assert_true (column_in_view (scrolled, g_dpgettext2 (NULL, "column", "Owner")));
  g_assert_true (column_in_view (scrolled, g_dpgettext2 (NULL, "column", "Kind")));
}

/* Types @pin on the sign-in page for the person picked and presses Enter. */
static void
type_pin (GtkWidget  *chooser,
          const char *pin)
{
  GtkWidget *row = child (chooser, KEFU_TYPE_USER_CHOOSER, "pin_row");

  gtk_editable_set_text (GTK_EDITABLE (row), pin);
  g_signal_emit_by_name (row, "entry-activated");
}

/* Picks @login on the sign-in page (a click on their row). */
static void
pick_user (GtkWidget  *chooser,
           const char *login)
{
  GListModel *users = kefu_user_chooser_get_users (KEFU_USER_CHOOSER (chooser));
  GtkListBox *list = GTK_LIST_BOX (child (chooser, KEFU_TYPE_USER_CHOOSER, "list"));

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

  welcome = child (f->window, KEFU_TYPE_WINDOW, "welcome_page");
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
  g_assert_true (gtk_widget_activate_action (child (f->window, KEFU_TYPE_WINDOW, "welcome_page"),
                                             "welcome.load-sample", NULL));
  /* Busy, with progress shown, but the window keeps drawing. */
  g_assert_true (gtk_widget_get_visible (child (child (f->window, KEFU_TYPE_WINDOW, "welcome_page"),
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

static gboolean
phone_masked (gpointer detail)
{
  return strstr (gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "owner_value"))), "****") != NULL;
}

static void
test_select_shows_detail (Fixture       *f,
                          gconstpointer  data)
{
  GtkWidget *view, *detail;
  KefuTicketList *list;
  g_autoptr(KefuTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;
  const char *owner_text;
  GtkWidget *timeline, *row;
  int n_rows = 0;

  open_window (f);
  g_assert_cmpstr (kefu_window_get_page (f->window), ==, "sign-in");
  sign_in (f, "xuqiang");
  view = kefu_window_get_tickets_view (f->window);
  g_assert_true (wait_for (list_loaded, view, 30));
  list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, GPOINTER_TO_UINT (data));

  /* Nothing selected yet: the pane says what to do. */
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (detail, KEFU_TYPE_TICKET_DETAIL, "stack"))), ==, "empty");

  /* Pick a closed ticket with a full story. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (G_LIST_MODEL (list), i);
      if (g_str_equal (kefu_ticket_get_status (t), "closed") && kefu_ticket_get_technician_name (t) != NULL)
        {
          kefu_tickets_view_select (KEFU_TICKETS_VIEW (view), i);
          ticket = g_steal_pointer (&t);
          break;
        }
    }
  g_assert_nonnull (ticket);
  g_assert_true (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail)) == ticket);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (detail, KEFU_TYPE_TICKET_DETAIL, "stack"))), ==, "ticket");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "number_label"))), ==,
                   kefu_ticket_get_number (ticket));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "status_label"))), ==,
                   kefu_code_label (KEFU_CODES_STATUS, "closed"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "description_label"))), ==,
                   kefu_ticket_get_description (ticket));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "location_value"))), ==,
                   kefu_ticket_get_location (ticket));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "assignee_value"))),
                            kefu_ticket_get_technician_name (ticket)));

  /* The phone is masked until a supervisor reveals it (the key of the list: Ctrl+Shift+P);
   * the ticket is not theirs, so they say why; the reveal and the reason are audited,
   * and the number masks itself again after its time. */
  owner_text = gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "owner_value")));
  g_assert_nonnull (strstr (owner_text, "****"));
  g_assert_null (strstr (owner_text, kefu_ticket_get_contact_phone (ticket)));
  g_assert_true (gtk_widget_get_visible (child (detail, KEFU_TYPE_TICKET_DETAIL, "reveal_button")));
  kefu_ticket_detail_set_reveal_seconds (1);
  {
    GtkWidget *dialog;

    g_assert_true (gtk_widget_activate_action (view, "tickets.reveal-phone", NULL));
    dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
    gtk_editable_set_text (GTK_EDITABLE (find_descendant (dialog, GTK_TYPE_ENTRY, NULL)), "回访业主");
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
    /* the dialog closes itself once the reveal is recorded */
    g_assert_null (dialog);
  }
  owner_text = gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "owner_value")));
  g_assert_nonnull (strstr (owner_text, kefu_ticket_get_contact_phone (ticket)));
  g_assert_false (gtk_widget_get_visible (child (detail, KEFU_TYPE_TICKET_DETAIL, "reveal_button")));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action = 'reveal_phone' "
                                              "AND detail = 'reason=回访业主' "
                                              "AND user_id = (SELECT id FROM users WHERE login = 'xuqiang')"), ==, 1);
  /* (a whole-second timer: within two seconds) */
  g_assert_true (wait_for (phone_masked, detail, 5));
  owner_text = gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "owner_value")));
  g_assert_nonnull (strstr (owner_text, "****"));
  g_assert_null (strstr (owner_text, kefu_ticket_get_contact_phone (ticket)));
  g_assert_true (gtk_widget_get_visible (child (detail, KEFU_TYPE_TICKET_DETAIL, "reveal_button")));
  kefu_ticket_detail_set_reveal_seconds (60);

  /* The timeline tells the whole story, created to closed. */
  timeline = child (detail, KEFU_TYPE_TICKET_DETAIL, "timeline_list");
  for (row = gtk_widget_get_first_child (timeline); row != NULL; row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpint (n_rows, >=, 5);
  row = gtk_widget_get_first_child (timeline);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   kefu_code_label (KEFU_CODES_EVENT, "created") );

  save_screenshot (GTK_WIDGET (f->window), "tickets");

  /* The owner's history: every ticket they filed. */
  {
    GtkWidget *owner;
    KefuTicketQuery q = { .owner_id = kefu_ticket_get_owner_id (ticket) };

    g_assert_true (gtk_widget_activate_action (detail, "detail.show-owner", NULL));
    owner = find_toplevel (KEFU_TYPE_OWNER_WINDOW);
    g_assert_nonnull (owner);
    g_assert_cmpint (kefu_owner_window_get_n_tickets (KEFU_OWNER_WINDOW (owner)), ==,
                     kefu_desk_count_tickets (kefu_window_get_store (f->window), &q, &error));
    g_assert_cmpint (kefu_owner_window_get_n_tickets (KEFU_OWNER_WINDOW (owner)), >=, 1);
    save_screenshot (owner, "owner");
    gtk_window_destroy (GTK_WINDOW (owner));
  }
}

static void
test_search_filters_list (Fixture       *f,
                          gconstpointer  data)
{
  GtkWidget *view, *entry, *dropdown, *count;
  KefuTicketList *list;
  guint n;
  g_autofree char *expected = NULL;

  open_window (f);
  sign_in (f, "chenjing");
  view = kefu_window_get_tickets_view (f->window);
  g_assert_true (wait_for (list_loaded, view, 30));
  list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view));

  /* Ctrl+F's action puts the cursor in the search entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  entry = child (view, KEFU_TYPE_TICKETS_VIEW, "search_entry");
  g_assert_true (gtk_widget_has_focus (entry) || gtk_widget_is_focus (gtk_root_get_focus (GTK_ROOT (f->window))));

  gtk_editable_set_text (GTK_EDITABLE (entry), "漏水");
  wait_ms (400);   /* the entry's own search delay */
  g_assert_true (wait_for (list_idle, view, 30));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, GPOINTER_TO_UINT (data));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_nonnull (strstr (kefu_ticket_get_description (t), "漏水"));
    }
  count = child (view, KEFU_TYPE_TICKETS_VIEW, "count_label");
  expected = g_strdup_printf ("%u", n);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (count)), expected));
  save_screenshot (GTK_WIDGET (f->window), "tickets-search");

  /* A search that finds nothing says so and suggests what to try. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "没有这样的工单");
  wait_ms (400);
  g_assert_true (wait_for (list_idle, view, 30));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (view, KEFU_TYPE_TICKETS_VIEW, "list_stack"))), ==, "empty");

  /* The status filter narrows to open tickets. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  dropdown = child (view, KEFU_TYPE_TICKETS_VIEW, "status_dropdown");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  wait_ms (400);
  g_assert_true (wait_for (list_idle, view, 30));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_true (kefu_status_is_open (kefu_ticket_get_status (t)));
    }
}

static GtkWidget *
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

static gboolean
selected_is_not_loading (gpointer data)
{
  return list_idle (data) &&
         kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (kefu_tickets_view_get_detail (data))) != NULL;
}

/* Each step reloads the list; the user waits for it as they would. */
static void
settle (GtkWidget *view)
{
  wait_ms (100);
  g_assert_true (wait_for (selected_is_not_loading, view, 30));
  wait_ms (50);
}

/* Answers the message dialog that @action opened, after @prepare fills it. */
static void
answer_dialog (GtkWidget  *detail,
               const char *action,
               const char *text,
               const char *toggle_label)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (detail, action, NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (find_descendant (dialog, GTK_TYPE_ENTRY, NULL)), text);
  if (toggle_label != NULL)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_descendant (dialog, GTK_TYPE_TOGGLE_BUTTON, toggle_label)), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  /* the dialog closes itself once the answer is saved */
  g_assert_null (dialog);
}

static const char *
shown_status (GtkWidget *detail)
{
  return kefu_ticket_get_status (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail)));
}

/* The agent takes a call, finds the owner, logs, dispatches, holds,
 * resolves, calls back and closes, through the same actions as the keys. */
static void
test_intake_to_closure (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *view, *detail, *dialog, *owner_results, *row, *missing;
  GtkTextBuffer *buffer;
  KefuTicket *ticket;
  g_autofree char *number = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) events = NULL;
  g_autoptr(KefuTicketEvent) last = NULL;

  open_window (f);
  sign_in (f, "chenjing");
  view = kefu_window_get_tickets_view (f->window);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  g_assert_true (wait_for (list_loaded, view, 30));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-ticket", NULL));
  dialog = find_toplevel (KEFU_TYPE_INTAKE_DIALOG);
  g_assert_nonnull (dialog);
  missing = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "missing_label");
  g_assert_false (gtk_widget_is_sensitive (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "save_button")));

  /* The owner, by the unit they call about. */
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_search")), "3栋502");
  wait_ms (400);
  owner_results = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_results");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (owner_results), 0));
  g_assert_nonnull (row);
  g_signal_emit_by_name (owner_results, "row-activated", row);
  g_assert_true (gtk_widget_get_visible (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (missing)), kefu_fact_label (KEFU_FACT_NEED)));

  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "subtype_row")), 1);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "description_view")));
  gtk_text_buffer_set_text (buffer, "卫生间天花板漏水，这不是我的事", -1);
  /* The taboo phrase is pointed out; the urgency is still to choose. */
  g_assert_true (gtk_widget_get_visible (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "advice_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (missing)), kefu_fact_label (KEFU_FACT_URGENCY)));
  gtk_text_buffer_set_text (buffer, "卫生间天花板漏水，怀疑楼上水管破裂", -1);
  g_assert_false (gtk_widget_get_visible (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "advice_label")));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "level3")), TRUE);
  g_assert_true (gtk_widget_is_sensitive (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "save_button")));
  save_screenshot (dialog, "intake");
  g_assert_true (gtk_widget_activate_action (dialog, "intake.save", NULL));

  /* The new ticket is selected, owned by the agent who took the call. */
  g_assert_true (wait_for (selected_is_not_loading, view, 30));
  ticket = kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail));
  number = g_strdup (kefu_ticket_get_number (ticket));
  g_assert_cmpstr (kefu_ticket_get_status (ticket), ==, "new");
  g_assert_cmpstr (kefu_ticket_get_location (ticket), ==, "3栋502");
  g_assert_cmpstr (kefu_ticket_get_agent_name (ticket), ==, "陈静");
  /* its service-level clocks run: response and resolution at least */
  g_assert_true (gtk_widget_get_visible (child (detail, KEFU_TYPE_TICKET_DETAIL, "sla_group")));
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (detail, KEFU_TYPE_TICKET_DETAIL, "sla_list")), 1));
  g_assert_cmpint (kefu_ticket_get_clock_state (ticket, kefu_store_now (kefu_window_get_store (f->window)), NULL), ==, KEFU_CLOCK_STATE_OK);

  answer_dialog (detail, "ticket.call", "已致电业主，约下午两点上门", NULL);
  settle (view);
  answer_dialog (detail, "ticket.dispatch", NULL, NULL);
  settle (view);
  g_assert_cmpstr (shown_status (detail), ==, "dispatched");
  g_assert_true (gtk_widget_activate_action (detail, "ticket.move", "s", "accepted"));
  settle (view);
  g_assert_true (gtk_widget_activate_action (detail, "ticket.move", "s", "on_site"));
  settle (view);
  answer_dialog (detail, "ticket.hold", "等待配件到货", NULL);
  settle (view);
  g_assert_cmpstr (shown_status (detail), ==, "on_hold");
  g_assert_true (gtk_widget_activate_action (detail, "ticket.resume", NULL));
  settle (view);
  g_assert_cmpstr (shown_status (detail), ==, "on_site");
  answer_dialog (detail, "ticket.resolve", "更换破裂的水管接头", NULL);
  settle (view);
  g_assert_cmpstr (shown_status (detail), ==, "resolved");
  save_screenshot (GTK_WIDGET (f->window), "tickets-resolved");
  answer_dialog (detail, "ticket.follow-up", "师傅很专业", "5 ★");
  settle (view);
  g_assert_cmpstr (shown_status (detail), ==, "closed");
  /* every clock was met: answered, on site and resolved at once */
  {
    GtkWidget *first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (detail, KEFU_TYPE_TICKET_DETAIL, "sla_list")), 0));

    g_assert_nonnull (first);
    g_assert_cmpint (g_ascii_strcasecmp (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)),
                                         kefu_clock_label (KEFU_CLOCK_RESPONSE)), ==, 0);
  }
  g_assert_cmpint (kefu_ticket_get_clock_state (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail)),
                                                kefu_store_now (kefu_window_get_store (f->window)), NULL), ==, KEFU_CLOCK_STATE_NONE);
  g_assert_cmpstr (kefu_ticket_get_number (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail))), ==, number);

  /* The timeline tells the whole story, under the agent's name. */
  events = kefu_desk_list_events (kefu_window_get_store (f->window),
                                  kefu_ticket_get_id (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail))), &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 11);
  last = g_list_model_get_item (G_LIST_MODEL (events), 10);
  g_assert_cmpstr (kefu_ticket_event_get_to_status (last), ==, "closed");
  g_assert_cmpstr (kefu_ticket_event_get_user_name (last), ==, "陈静");
  g_assert_cmpint (kefu_desk_count_tickets (kefu_window_get_store (f->window),
                                            &(KefuTicketQuery) { .search = number }, &error), ==, 1);
}

/* The step button labelled @label (its translated, underlined text) if
 * the pane offers it: a button inside one of the flow box's wrappers. */
static GtkWidget *
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

/* Every wrapper of the step buttons holds its button, shown and usable. */
static void
assert_steps_whole (GtkWidget *detail)
{
  GtkWidget *box = child (detail, KEFU_TYPE_TICKET_DETAIL, "actions_box");
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL; c = gtk_widget_get_next_sibling (c), n++)
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (c));

      g_assert_nonnull (button);
      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_true (gtk_widget_is_sensitive (button));
      /* rooted in the window: its Alt+letter works */
      g_assert_true (gtk_widget_get_root (button) == gtk_widget_get_root (detail));
    }
  g_assert_cmpuint (n, >, 0);
}

typedef struct { GtkWidget *detail; const char *status; } StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *w = data;
  KefuTicket *t = kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (w->detail));
  return t != NULL && g_strcmp0 (kefu_ticket_get_status (t), w->status) == 0;
}

/* A step may wait for another program's write lock (the wait bar): the
 * user waits until the pane shows the new status. */
static void
wait_status (GtkWidget  *view,
             GtkWidget  *detail,
             const char *status)
{
  StatusWait w = { detail, status };

  settle (view);
  g_assert_true (wait_for (status_is, &w, 30));
  settle (view);
  g_assert_cmpstr (shown_status (detail), ==, status);
}

/* Presses @button the way GTK delivers the event: every widget from
 * @through (the clicked button itself, or the focused widget a key press
 * goes through) up to the window is held until the event ends. */
static void
press_step (GtkWidget *button,
            GtkWidget *through)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func (g_object_unref);

  for (GtkWidget *w = through; w != NULL; w = gtk_widget_get_parent (w))
    g_ptr_array_add (chain, g_object_ref (w));
  g_assert_true (gtk_widget_mnemonic_activate (button, FALSE));
}

/* After each step the next one's button is there, shown and usable (its
 * wrapper was emptied first: a Gtk-CRITICAL from gtk_widget_set_parent,
 * fatal in GTest, lost it until the ticket was chosen again); another
 * ticket opens at the top of the pane. */
static void
test_step_buttons_stay (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *view, *detail, *button, *reassign;
  GtkAdjustment *adj;
  gint64 id = kefu_test_scalar (f->path, "SELECT id FROM tickets WHERE status = 'dispatched' ORDER BY id LIMIT 1");
  gint64 other = kefu_test_scalar (f->path, "SELECT id FROM tickets WHERE status = 'closed' ORDER BY id LIMIT 1");

  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (other, >, 0);
  open_window (f);
  sign_in (f, "chenjing");
  view = kefu_window_get_tickets_view (f->window);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  g_assert_true (wait_for (list_loaded, view, 30));
  kefu_tickets_view_show_ticket (KEFU_TICKETS_VIEW (view), id);
  settle (view);
  g_assert_cmpstr (shown_status (detail), ==, "dispatched");
  assert_steps_whole (detail);

  /* Alt+A with the focus on Reassign…, a button the next status keeps */
  reassign = step_button (detail, "Reassi_gn…");
  g_assert_nonnull (reassign);
  gtk_widget_grab_focus (reassign);
  button = step_button (detail, "_Accepted");
  g_assert_nonnull (button);
  press_step (button, reassign);
  wait_status (view, detail, "accepted");
  assert_steps_whole (detail);
  g_assert_nonnull (step_button (detail, "Reassi_gn…"));

  /* a click on the primary button; the next primary one is there */
  button = step_button (detail, "On _Site");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
  gtk_widget_grab_focus (button);
  press_step (button, button);
  wait_status (view, detail, "on_site");
  assert_steps_whole (detail);
  g_assert_nonnull (step_button (detail, "_Resolved…"));
  /* Resolving asks what was done, with what, and for photos */
  {
    GtkWidget *dialog, *work, *materials;
    g_autoptr(GBytes) photo = g_bytes_new_static ("\xff\xd8\xff\xe0 photo", 10);
    g_autofree char *saved_work = NULL;
    g_autofree char *saved_materials = NULL;

    g_assert_true (gtk_widget_activate_action (detail, "ticket.resolve", NULL));
    dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
    work = find_descendant (dialog, GTK_TYPE_ENTRY, NULL);
    materials = find_descendant (gtk_widget_get_next_sibling (work), GTK_TYPE_ENTRY, NULL);
    g_assert_nonnull (materials);
    gtk_editable_set_text (GTK_EDITABLE (work), "更换角阀，试水无渗漏");
    gtk_editable_set_text (GTK_EDITABLE (materials), "角阀 1 个");
    kefu_ask_resolve_add_photo (dialog, "换阀后.jpg", "image/jpeg", photo);
    g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
    save_screenshot (dialog, "resolve");
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
    g_assert_null (dialog);
    wait_status (view, detail, "resolved");
    saved_work = kefu_desk_get_work_done (kefu_window_get_store (f->window), id, &saved_materials);
    g_assert_cmpstr (saved_work, ==, "更换角阀，试水无渗漏");
    g_assert_cmpstr (saved_materials, ==, "角阀 1 个");
    g_assert_true (gtk_widget_get_visible (child (detail, KEFU_TYPE_TICKET_DETAIL, "attachments_group")));
    assert_steps_whole (detail);
  }

  /* The owner does not answer: the next try is scheduled, the pane says so */
  {
    GtkWidget *dialog;
    GtkWidget *row = child (detail, KEFU_TYPE_TICKET_DETAIL, "satisfaction_row");
    const char *text;

    g_assert_true (gtk_widget_activate_action (detail, "ticket.follow-up", NULL));
    dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "unreachable"));
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "unreachable");
    g_assert_null (dialog);
    settle (view);
    g_assert_cmpstr (shown_status (detail), ==, "resolved");
    g_assert_cmpuint (kefu_desk_get_follow_up_tries (kefu_window_get_store (f->window), id, NULL, NULL), ==, 1);
    g_assert_true (gtk_widget_get_visible (row));
    text = gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "satisfaction_value")));
    g_assert_nonnull (strstr (text, "1"));
    g_assert_nonnull (strstr (text, "3"));
    assert_steps_whole (detail);
    g_assert_nonnull (step_button (detail, "_Follow-up Call…"));
    save_screenshot (GTK_WIDGET (f->window), "tickets-follow-up-not-reached");
  }

  /* scrolled down, then another ticket: it starts at its top */
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (detail, KEFU_TYPE_TICKET_DETAIL, "scroller")));
  for (int i = 0; i < 100 && gtk_adjustment_get_upper (adj) <= gtk_adjustment_get_page_size (adj) + 50; i++)
    wait_ms (50);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, gtk_adjustment_get_page_size (adj) + 50);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 0);
  kefu_tickets_view_show_ticket (KEFU_TICKETS_VIEW (view), other);
  settle (view);
  g_assert_cmpint (kefu_ticket_get_id (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail))), ==, other);
  wait_ms (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
}

/* The capture-phase key handler of the new-ticket window. */
static gboolean
press_key (GtkWidget       *window,
           guint            keyval,
           GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c) && gtk_event_controller_get_propagation_phase (c) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
          return handled;
        }
    }
  g_error ("the window has no capture-phase key controller");
  return FALSE;
}

static void
assert_no_digit_mnemonic (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    {
      guint key = gtk_label_get_mnemonic_keyval (GTK_LABEL (widget));
      g_assert_false (key >= GDK_KEY_0 && key <= GDK_KEY_9);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    assert_no_digit_mnemonic (c);
}

/* Intake shows every ticket at the unit, whoever reported it; only open
 * ones can be linked. Ctrl+Enter saves from the description, Escape closes
 * from the owner search, and Alt+1…3 (the main window's views) change no
 * field. */
static void
test_intake_keys_and_unit_history (Fixture       *f,
                                   gconstpointer  data)
{
  GtkWidget *view, *dialog, *results, *history, *description, *related;
  KefuStore *store;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTicket) theirs = NULL;
  gint64 unit, building, other, theirs_id;
  gboolean found = FALSE;
  guint before;

  open_window (f);
  sign_in (f, "chenjing");
  view = kefu_window_get_tickets_view (f->window);
  g_assert_true (wait_for (list_loaded, view, 30));
  store = kefu_window_get_store (f->window);
  unit = kefu_test_scalar (f->path, "SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id "
                                    "WHERE b.name = '3栋' AND u.name = '502'");
  building = kefu_test_scalar (f->path, "SELECT id FROM buildings WHERE name = '3栋'");
  other = kefu_test_scalar (f->path, "SELECT min(id) FROM owners WHERE id NOT IN "
                                     "(SELECT owner_id FROM owner_units WHERE unit_id = (SELECT u.id FROM units u "
                                     "JOIN buildings b ON b.id = u.building_id WHERE b.name = '3栋' AND u.name = '502'))");
  /* a tenant's report at 3栋502, not under the owner's name; then closed */
  {
    KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 3, building, unit, NULL, other,
                          "租客", "13800001111", "阳台地漏返水", 0 };
    theirs_id = kefu_desk_create_ticket (store, &d, &error);
    g_assert_no_error (error);
    g_assert_true (kefu_desk_resolve (store, theirs_id, "疏通地漏", NULL, NULL, 0, &error));
    g_assert_true (kefu_desk_follow_up (store, theirs_id, 5, TRUE, NULL, &error));
    theirs = kefu_desk_get_ticket (store, theirs_id, &error);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-ticket", NULL));
  dialog = find_toplevel (KEFU_TYPE_INTAKE_DIALOG);
  g_assert_nonnull (dialog);
  assert_no_digit_mnemonic (dialog);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_search")), "3栋502");
  wait_ms (400);
  results = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_results");
  g_signal_emit_by_name (results, "row-activated", gtk_list_box_get_row_at_index (GTK_LIST_BOX (results), 0));

  /* the unit's history has the other person's ticket */
  history = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "history_list");
  g_assert_true (gtk_widget_get_visible (history));
  for (int i = 0; gtk_list_box_get_row_at_index (GTK_LIST_BOX (history), i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (history), i);
      found |= g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), kefu_ticket_get_number (theirs));
    }
  g_assert_true (found);

  /* the same fault: the closed ticket is shown, without a link to tick */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "subtype_row")), 1);
  related = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "related_list");
  found = FALSE;
  for (int i = 0; gtk_list_box_get_row_at_index (GTK_LIST_BOX (related), i) != NULL; i++)
    {
      GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (related), i));
      if (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), kefu_ticket_get_number (theirs)))
        {
          g_assert_null (find_descendant (row, GTK_TYPE_CHECK_BUTTON, NULL));
          found = TRUE;
        }
    }
  g_assert_true (found);
  save_screenshot (dialog, "intake-unit-history");

  /* in the description: Alt+1 is a view shortcut, not the urgency */
  description = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "description_view");
  gtk_widget_grab_focus (description);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (description)), "卫生间天花板漏水", -1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "level3")), TRUE);
  g_assert_true (press_key (dialog, GDK_KEY_1, GDK_ALT_MASK));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "level3"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "level1"))));
  /* a plain Enter is the text view's new line */
  g_assert_false (press_key (dialog, GDK_KEY_Return, 0));

  /* Ctrl+Enter in the description saves */
  before = kefu_test_scalar (f->path, "SELECT count(*) FROM tickets");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (press_key (dialog, GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_null (dialog);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM tickets"), ==, before + 1);
  settle (view);

  /* Escape closes, with the focus in the owner search */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-ticket", NULL));
  dialog = find_toplevel (KEFU_TYPE_INTAKE_DIALOG);
  g_assert_nonnull (dialog);
  gtk_widget_grab_focus (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_search"));
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_search")), "王");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (press_key (dialog, GDK_KEY_Escape, 0));
  wait_ms (50);
  g_assert_null (dialog);
}

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
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (child (view, KEFU_TYPE_TICKETS_VIEW, "filter_button")));
  GtkWidget *control = find_named (GTK_WIDGET (popover), name);

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

  /* open tickets of urgency 2 in the first building */
  level = popover_control (view, "level-filter");
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

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
owner_window_gone (gpointer data)
{
  return find_toplevel (KEFU_TYPE_OWNER_WINDOW) == NULL;
}

static gboolean
status_says_verified (gpointer data)
{
  GtkWidget *label = child (data, KEFU_TYPE_AUDIT_WINDOW, "status_label");
  return gtk_widget_has_css_class (label, "success") || gtk_widget_has_css_class (label, "error");
}

/* Privacy at the desk: full exports only for those who may, the audit log
 * for supervisors, with its filters, and an owner's erasure by a manager. */
static void
test_privacy_desk (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *agent_csv = kefu_test_path (&f->dir, "agent.csv");
  g_autofree char *full_csv = kefu_test_path (&f->dir, "full.csv");
  g_autoptr(GError) error = NULL;
  GtkWidget *view, *detail, *audit, *owner, *dialog;
  GListModel *entries;
  KefuTicketList *list;
  gint64 owner_id = 0;

  open_window (f);

  /* an agent: no audit log in the menu; a full export is refused by the core */
  sign_in (f, "chenjing");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.audit", NULL);
  wait_ms (50);
  g_assert_null (find_toplevel (KEFU_TYPE_AUDIT_WINDOW));
  g_assert_true (kefu_audit_window_new (GTK_WINDOW (f->window), kefu_window_get_store (f->window), &error) == NULL);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  view = kefu_window_get_tickets_view (f->window);
  g_assert_true (wait_for (list_loaded, view, 30));

  /* what a caller said is shown as text: no markup, the number in it masked */
  {
    KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 3, 0, 0, NULL, 0, "路人", "13800001111",
                          "<b>粗体</b> & <i>回电</i> 13912345678", 0 };
    gint64 id;

    d.building_id = kefu_test_scalar (f->path, "SELECT id FROM buildings WHERE name = '3栋'");
    d.unit_id = kefu_test_scalar (f->path, "SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id "
                                           "WHERE b.name = '3栋' AND u.name = '502'");
    id = kefu_desk_create_ticket (kefu_window_get_store (f->window), &d, &error);
    g_assert_no_error (error);
    kefu_tickets_view_show_ticket (KEFU_TICKETS_VIEW (view), id);
    detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
    g_assert_true (wait_for (list_loaded, view, 30));
    settle (view);
    g_assert_cmpint (kefu_ticket_get_id (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail))), ==, id);
    g_assert_false (gtk_label_get_use_markup (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "description_label"))));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "description_label"))), ==,
                     "<b>粗体</b> & <i>回电</i> 139****5678");
    /* the agent's own ticket: the number at once, no reason asked */
    g_assert_true (gtk_widget_activate_action (view, "tickets.reveal-phone", NULL));
    g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "owner_value"))),
                              "13800001111"));
    g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action = 'reveal_phone' AND detail IS NULL"), ==, 1);
  }
  kefu_window_export (f->window, agent_csv, TRUE);
  wait_ms (1000);
  g_assert_false (g_file_test (agent_csv, G_FILE_TEST_EXISTS));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action = 'export_tickets_full'"), ==, 0);

  /* a supervisor, signed in with her PIN: a full export, audited under her name */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.switch-user", NULL));
  {
    GtkWidget *chooser = child (f->window, KEFU_TYPE_WINDOW, "user_chooser");

    pick_user (chooser, "xuqiang");
    type_pin (chooser, KEFU_DEMO_PIN);
    g_assert_cmpstr (kefu_window_get_page (f->window), ==, "main");
  }
  g_assert_true (wait_for (list_loaded, view, 30));
  kefu_window_export (f->window, full_csv, TRUE);
  g_assert_true (wait_for (file_exists, full_csv, 30));
  wait_ms (200);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action = 'export_tickets_full' "
                                              "AND user_id = (SELECT id FROM users WHERE login = 'xuqiang')"), ==, 1);
  /* her sign-in is an entry of the log, under her id */
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action = 'sign_in' "
                                              "AND user_id = (SELECT id FROM users WHERE login = 'xuqiang')"), ==, 1);

  /* the audit log: every entry, then only the full exports, then a bad day */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.audit", NULL));
  audit = find_toplevel (KEFU_TYPE_AUDIT_WINDOW);
  g_assert_nonnull (audit);
  entries = kefu_audit_window_get_entries (KEFU_AUDIT_WINDOW (audit));
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log"));
  {
    GtkDropDown *actions = GTK_DROP_DOWN (child (audit, KEFU_TYPE_AUDIT_WINDOW, "action_dropdown"));
    GListModel *labels = gtk_drop_down_get_model (actions);
    g_autoptr(KefuAuditEntry) first = NULL;
    guint found = G_MAXUINT;

    for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), kefu_audit_action_label ("export_tickets_full")))
        found = i;
    g_assert_cmpuint (found, !=, G_MAXUINT);
    gtk_drop_down_set_selected (actions, found);
    entries = kefu_audit_window_get_entries (KEFU_AUDIT_WINDOW (audit));
    g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 1);
    first = g_list_model_get_item (entries, 0);
    g_assert_cmpstr (kefu_audit_entry_get_action (first), ==, "export_tickets_full");
    g_assert_cmpstr (kefu_audit_entry_get_user_name (first), ==, "许强");
    save_screenshot (audit, "audit-log");
    gtk_drop_down_set_selected (actions, 0);
  }
  gtk_editable_set_text (GTK_EDITABLE (child (audit, KEFU_TYPE_AUDIT_WINDOW, "from_entry")), "2026-13-01");
  g_signal_emit_by_name (child (audit, KEFU_TYPE_AUDIT_WINDOW, "from_entry"), "activate");
  g_assert_true (gtk_widget_get_visible (child (audit, KEFU_TYPE_AUDIT_WINDOW, "status_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (audit, KEFU_TYPE_AUDIT_WINDOW, "status_label"))), "2026-13-01"));
  gtk_editable_set_text (GTK_EDITABLE (child (audit, KEFU_TYPE_AUDIT_WINDOW, "from_entry")), "");
  g_signal_emit_by_name (child (audit, KEFU_TYPE_AUDIT_WINDOW, "from_entry"), "activate");
  g_assert_true (gtk_widget_activate_action (audit, "audit.verify", NULL));
  g_assert_true (wait_for (status_says_verified, audit, 30));
  g_assert_true (gtk_widget_has_css_class (child (audit, KEFU_TYPE_AUDIT_WINDOW, "status_label"), "success"));
  gtk_window_destroy (GTK_WINDOW (audit));

  /* the supervisor may not erase an owner: no button */
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)) && owner_id == 0; i++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (G_LIST_MODEL (list), i);
      if (kefu_ticket_get_owner_id (t) > 0)
        {
          kefu_tickets_view_select (KEFU_TICKETS_VIEW (view), i);
          owner_id = kefu_ticket_get_owner_id (t);
        }
    }
  g_assert_cmpint (owner_id, >, 0);
  g_assert_true (gtk_widget_activate_action (detail, "detail.show-owner", NULL));
  owner = find_toplevel (KEFU_TYPE_OWNER_WINDOW);
  g_assert_false (gtk_widget_get_visible (child (owner, KEFU_TYPE_OWNER_WINDOW, "erase_button")));
  gtk_window_destroy (GTK_WINDOW (owner));

  /* a manager carries out the owner's erasure request, after a confirmation */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.switch-user", NULL));
  sign_in (f, "zhengjun");
  g_assert_true (wait_for (list_loaded, view, 30));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (G_LIST_MODEL (list), i);
      if (kefu_ticket_get_owner_id (t) == owner_id)
        {
          kefu_tickets_view_select (KEFU_TICKETS_VIEW (view), i);
          break;
        }
    }
  settle (view);
  g_assert_true (gtk_widget_activate_action (detail, "detail.show-owner", NULL));
  owner = find_toplevel (KEFU_TYPE_OWNER_WINDOW);
  g_assert_true (gtk_widget_get_visible (child (owner, KEFU_TYPE_OWNER_WINDOW, "erase_button")));
  /* cancelled first: nothing happens */
  g_assert_true (gtk_widget_activate_action (owner, "owner.erase", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM owner_erasures"), ==, 0);
  g_assert_true (gtk_widget_activate_action (owner, "owner.erase", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  save_screenshot (dialog, "erase-owner");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "erase");
  g_assert_true (wait_for (owner_window_gone, NULL, 10));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM owners WHERE id = %" G_GINT64_FORMAT " AND phone IS NULL "
                                            "AND id IN (SELECT owner_id FROM owner_erasures WHERE state = 'done')", owner_id);
    g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, 1);
  }
  /* the detail shows what is left: the erased owner, no number to reveal */
  settle (view);
  g_assert_false (gtk_widget_get_visible (child (detail, KEFU_TYPE_TICKET_DETAIL, "reveal_button")));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "owner_value"))), "*"));
}

static gboolean
import_idle (gpointer data)
{
  return !gtk_widget_get_visible (child (data, KEFU_TYPE_IMPORT_WINDOW, "progress_bar")) &&
         gtk_widget_get_visible (child (data, KEFU_TYPE_IMPORT_WINDOW, "preview_group"));
}

/* Moving in from a spreadsheet: the preview names the bad row; the good
 * rows go in, the bad one stays out. */
static void
test_import_preview (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *csv = kefu_test_path (&f->dir, "去年工单.csv");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *problems, *row;
  gint64 before, after;
  g_autofree char *where = g_strdup_printf (_("Line %u, column “%s”"), 4, "级别");

  g_assert_true (g_file_set_contents (csv,
    "\xEF\xBB\xBF工单号,创建时间,渠道,类型,级别,楼栋,房号,描述,业主姓名,业主电话,状态,关闭时间\r\n"
    "OLD-0001,2025-07-01 09:00,电话,报修,3,3栋,502,厨房漏水,王芳,13800001111,已关闭,2025-07-01 17:00\r\n"
    "OLD-0002,2025-07-02 10:30,微信,投诉,3,5栋,1201,楼上噪音,李强,13800002222,已关闭,2025-07-03 09:00\r\n"
    "OLD-0003,2025-07-03 11:00,电话,报修,5,3栋,502,又漏水了,王芳,13800001111,已关闭,2025-07-03 16:00\r\n"
    "OLD-0004,2025-07-04 08:15,APP,咨询,3,1栋,101,停车费怎么交,赵敏,13800003333,已关闭,2025-07-04 08:30\r\n", -1, NULL));

  open_window (f);
  sign_in (f, "chenjing");
  g_assert_true (wait_for (list_loaded, kefu_window_get_tickets_view (f->window), 30));
  before = kefu_store_count_rows (kefu_window_get_store (f->window), "tickets", &error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import", NULL));
  window = find_toplevel (KEFU_TYPE_IMPORT_WINDOW);
  g_assert_nonnull (window);
  kefu_import_window_set_file (KEFU_IMPORT_WINDOW (window), file);
  g_assert_true (wait_for (import_idle, window, 30));

  /* The bad row is named by line and column; nothing is written yet. */
  problems = child (window, KEFU_TYPE_IMPORT_WINDOW, "problems_list");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (problems), 0));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, where);
  g_assert_false (gtk_widget_is_sensitive (child (window, KEFU_TYPE_IMPORT_WINDOW, "import_button")));
  g_assert_true (gtk_widget_get_visible (child (window, KEFU_TYPE_IMPORT_WINDOW, "skip_button")));
  g_assert_cmpint (kefu_store_count_rows (kefu_window_get_store (f->window), "tickets", &error), ==, before);
  save_screenshot (window, "import-preview");

  g_assert_true (gtk_widget_activate_action (window, "import.run", "b", TRUE));
  g_assert_true (wait_for (import_idle, window, 30));
  after = kefu_store_count_rows (kefu_window_get_store (f->window), "tickets", &error);
  g_assert_cmpint (after, ==, before + 3);
  g_assert_cmpint (kefu_desk_find_ticket (kefu_window_get_store (f->window), "OLD-0003"), ==, 0);
  g_assert_cmpint (kefu_desk_find_ticket (kefu_window_get_store (f->window), "OLD-0004"), >, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gint64
local_unix (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (y, mo, d, h, mi, 0);
  return g_date_time_to_unix (dt);
}

static char *
arg_string (GVariant *args,
            guint     index)
{
  g_autoptr(GVariant) boxed = g_variant_get_child_value (args, index);
  g_autoptr(GVariant) value = g_variant_get_variant (boxed);
  return g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ? g_variant_dup_string (value, NULL) : NULL;
}

/* A breached clock raises exactly one desktop notification on the agent's
 * desk; its "Open Ticket" action brings the window to that ticket. */
static void
test_sla_notification (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuUser) agent = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(KefuTicket) ticket = NULL;
  GtkWidget *view, *detail;
  gint64 id, end;

  if (!kefu_test_mock_clear (bus))
    {
      g_test_skip ("no mocked notification daemon on the session bus (build-aux/kefu test starts one)");
      return;
    }

  /* An entrapment logged by 陈静 at 17:55; it is now 18:06, no response yet. */
  store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  agent = kefu_desk_find_user (store, "chenjing", &error);
  kefu_store_set_actor (store, kefu_user_get_id (agent));
  {
    KefuTicketQuery q = { .status = "open" };
    g_autoptr(GArray) any = kefu_desk_query_ticket_ids (store, &q, NULL, &error);
    g_autoptr(KefuTicket) model = kefu_desk_get_ticket (store, g_array_index (any, gint64, 0), &error);
    KefuTicketDraft d = { "phone", "repair", "elevator", 2, 0, 0, "地下车库", kefu_ticket_get_owner_id (model),
                          NULL, "13800000000", "电梯困人，有老人被困", 0 };
    KefuTicketDraft *dp = &d;

    kefu_store_set_now (store, local_unix (2025, 1, 24, 17, 55));
    id = kefu_desk_create_ticket (store, dp, &error);
    g_assert_no_error (error);
  }
  ticket = kefu_desk_get_ticket (store, id, &error);
  kefu_store_set_now (store, local_unix (2025, 1, 24, 18, 6));
  f->now = local_unix (2025, 1, 24, 18, 6);

  open_window (f);
  sign_in (f, "chenjing");
  view = kefu_window_get_tickets_view (f->window);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  do
    {
      g_clear_pointer (&calls, g_ptr_array_unref);
      wait_ms (100);
      calls = kefu_test_mock_notify_calls (bus);
    }
  while (calls->len < 2 && g_get_monotonic_time () < end);

  /* for her: an entrapment's response (talk to those trapped at once: due
   * 17:56) and its update (every 5 minutes: due 18:00) are overdue;
   * escalations are for managers */
  g_assert_cmpuint (calls->len, ==, 2);
  summary = arg_string (calls->pdata[0], 3);
  expected = g_strdup_printf (_("Ticket %s is overdue"), kefu_ticket_get_number (ticket));
  g_assert_cmpstr (summary, ==, expected);
  {
    g_autofree char *second = arg_string (calls->pdata[1], 3);
    g_autofree char *body0 = arg_string (calls->pdata[0], 4);
    g_autofree char *body1 = arg_string (calls->pdata[1], 4);
    g_autofree char *ten = kefu_format_duration (10 * 60);
    g_autofree char *six = kefu_format_duration (6 * 60);
    g_autofree char *late0 = g_strdup_printf (_("%s: the %s is %s late."), "地下车库", kefu_clock_label (KEFU_CLOCK_RESPONSE), ten);
    g_autofree char *late1 = g_strdup_printf (_("%s: the %s is %s late."), "地下车库", kefu_clock_label (KEFU_CLOCK_UPDATE), six);

    g_assert_cmpstr (second, ==, expected);
    g_assert_cmpstr (body0, ==, late0);
    g_assert_cmpstr (body1, ==, late1);
  }
  {
    g_autoptr(GVariant) actions_b = g_variant_get_child_value (calls->pdata[0], 5);
    g_autoptr(GVariant) actions = g_variant_get_variant (actions_b);
    g_autoptr(GVariant) hints_b = g_variant_get_child_value (calls->pdata[0], 6);
    g_autoptr(GVariant) hints = g_variant_get_variant (hints_b);
    g_autofree const char **list = g_variant_get_strv (actions, NULL);
    guchar urgency = 0;

    g_assert_true (g_strv_contains (list, "open"));
    g_assert_true (g_strv_contains (list, "ack"));
    g_assert_true (g_variant_lookup (hints, "urgency", "y", &urgency));
    g_assert_cmpint (urgency, ==, 2);   /* critical: level 2 */
  }

  /* A second check shows nothing new: once per clock and threshold. */
  kefu_window_check_clocks (f->window);
  wait_ms (500);
  g_clear_pointer (&calls, g_ptr_array_unref);
  calls = kefu_test_mock_notify_calls (bus);
  g_assert_cmpuint (calls->len, ==, 2);

  /* The user clicks "Open Ticket" (the server says which notification). */
  for (guint32 n = 1; n <= 300; n++)
    {
      GVariantBuilder args;

      g_variant_builder_init (&args, G_VARIANT_TYPE ("av"));
      g_variant_builder_add (&args, "v", g_variant_new_uint32 (n));
      g_variant_builder_add (&args, "v", g_variant_new_string ("open"));
      g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                                   "org.freedesktop.DBus.Mock", "EmitSignal",
                                   g_variant_new ("(sssav)", "org.freedesktop.Notifications", "ActionInvoked", "us", &args),
                                   NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
    }
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail)) == NULL ||
          kefu_ticket_get_id (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail))) != id) &&
         g_get_monotonic_time () < end)
    wait_ms (50);
  g_assert_nonnull (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail)));
  g_assert_cmpint (kefu_ticket_get_id (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail))), ==, id);
}

static gboolean
shows_ticket (gpointer data)
{
  GtkWidget *detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (g_object_get_data (data, "view")));
  KefuTicket *t = kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail));

  return t != NULL && kefu_ticket_get_id (t) == (gint64) GPOINTER_TO_SIZE (g_object_get_data (data, "id"));
}

static void
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

/* The urgent levels at the desk. A level 1 on-site breach of 陈静's ticket
 * reaches 刘洋, signed in at another desk; a new level 1 ticket offers
 * "Start Emergency Plan" before its second check, and starting it shows the
 * plan's checklist and answers the ticket; a level 2 incident's review
 * report is filed through its short form. */
static void
test_urgent_levels_at_the_desk (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuUser) agent = NULL;
  g_autoptr(KefuTicket) fire_ticket = NULL;
  GtkWidget *view, *detail, *dialog;
  gint64 fire, fresh, outage, trapped, owner, end;
  gboolean mocked = kefu_test_mock_clear (bus);

  store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  agent = kefu_desk_find_user (store, "chenjing", &error);
  kefu_store_set_actor (store, kefu_user_get_id (agent));
  {
    KefuTicketQuery q = { .status = "open" };
    g_autoptr(GArray) any = kefu_desk_query_ticket_ids (store, &q, NULL, &error);
    g_autoptr(KefuTicket) model = kefu_desk_get_ticket (store, g_array_index (any, gint64, 0), &error);
    KefuTicketDraft d = { "phone", "repair", "fire", 1, 0, 0, "地下车库", 0, NULL, "13800000000",
                          "地下车库电动车起火，有人受伤", 0 };
    KefuTicketDraft d2 = d, d3 = d, d4 = d;
    gint64 team = kefu_test_scalar (f->path, "SELECT id FROM teams WHERE name = '特种设备组'");
    gint64 tech = kefu_test_scalar (f->path, "SELECT min(id) FROM technicians WHERE team_id = "
                                             "(SELECT id FROM teams WHERE name = '特种设备组')");

    owner = kefu_ticket_get_owner_id (model);
    d.owner_id = d2.owner_id = d3.owner_id = d4.owner_id = owner;
    /* at 03:00 a fire; the plan at once, checked and dispatched at 03:02: on site due 03:07 */
    kefu_store_set_now (store, local_unix (2025, 1, 26, 3, 0));
    fire = kefu_desk_create_ticket (store, &d, &error);
    g_assert_no_error (error);
    g_assert_true (kefu_desk_start_plan (store, fire, &error));
    kefu_store_set_actor (store, kefu_test_scalar (f->path, "SELECT id FROM users WHERE login = 'xuqiang'"));
    g_assert_true (kefu_desk_verify (store, fire, &error));
    kefu_store_set_now (store, local_unix (2025, 1, 26, 3, 2));
    g_assert_true (kefu_desk_dispatch (store, fire, team, tech, NULL, &error));
    g_assert_no_error (error);
    kefu_store_set_actor (store, kefu_user_get_id (agent));
    /* 03:08:30: another fire, just logged (its plan is due 03:09:30) */
    kefu_store_set_now (store, local_unix (2025, 1, 26, 3, 8) + 30);
    d2.description = "3栋配电房冒烟";
    fresh = kefu_desk_create_ticket (store, &d2, &error);
    g_assert_no_error (error);
    d3.level = 2;
    d3.subtype = "plumbing_electrical";
    d3.description = "地下车库爆管，大面积停水";
    outage = kefu_desk_create_ticket (store, &d3, &error);
    g_assert_no_error (error);
    /* and an elevator entrapment, on its own clocks */
    d4.level = 2;
    d4.subtype = "elevator";
    d4.common_area = "2号电梯";
    d4.description = "7栋2号电梯停在8楼和9楼之间，两人被困";
    trapped = kefu_desk_create_ticket (store, &d4, &error);
    g_assert_no_error (error);
  }
  fire_ticket = kefu_desk_get_ticket (store, fire, &error);
  /* 03:09: the fire's arrival is 2 minutes late (escalation at 03:09:30 is the manager's) */
  f->now = local_unix (2025, 1, 26, 3, 9);

  open_window (f);
  sign_in (f, "liuyang");
  view = kefu_window_get_tickets_view (f->window);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  g_assert_true (wait_for (list_loaded, view, 30));

  if (mocked)
    {
      g_autofree char *expected = g_strdup_printf (_("Ticket %s is overdue"), kefu_ticket_get_number (fire_ticket));
      g_autofree char *two = kefu_format_duration (2 * 60);
      g_autofree char *late = g_strdup_printf (_("%s: the %s is %s late."), "地下车库", kefu_clock_label (KEFU_CLOCK_ONSITE), two);
      g_autofree char *summary = NULL;
      g_autofree char *body = NULL;

      end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      do
        {
          g_clear_pointer (&calls, g_ptr_array_unref);
          wait_ms (100);
          calls = kefu_test_mock_notify_calls (bus);
        }
      while (calls->len < 1 && g_get_monotonic_time () < end);
      /* not her ticket: told all the same, and only the breach */
      g_assert_cmpuint (calls->len, ==, 1);
      summary = arg_string (calls->pdata[0], 3);
      body = arg_string (calls->pdata[0], 4);
      g_assert_cmpstr (summary, ==, expected);
      g_assert_cmpstr (body, ==, late);
    }
  else
    g_test_message ("no mocked notification daemon: the breach for every desk is checked in core");

  /* the new fire: the plan is its first step, before the second check */
  show_ticket (f, view, fresh);
  g_assert_nonnull (step_button (detail, "Start Emergency _Plan"));
  g_assert_nonnull (step_button (detail, "_Verify"));
  g_assert_null (step_button (detail, "File Review Re_port…"));
  save_screenshot (GTK_WIDGET (f->window), "level1-before-plan");
  g_assert_true (gtk_widget_activate_action (detail, "ticket.start-plan", NULL));
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) == NULL && g_get_monotonic_time () < end)
    wait_ms (50);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_widget_get_name (dialog), ==, "kefu-plan-checklist");
  {
    const char *body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
    const char * const *steps = kefu_emergency_plan_steps ();

    for (guint i = 0; steps[i] != NULL; i++)
      g_assert_nonnull (strstr (body, _(steps[i])));
    g_assert_nonnull (strstr (body, "119"));
    g_assert_nonnull (strstr (body, "120"));
  }
  save_screenshot (dialog, "level1-plan-checklist");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (GTK_WINDOW (dialog));   /* its Close button, or Escape */
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (dialog != NULL && g_get_monotonic_time () < end)
    wait_ms (50);
  g_assert_null (dialog);
  settle (view);
  {
    KefuTicket *t = kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail));
    GtkWidget *first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (detail, KEFU_TYPE_TICKET_DETAIL, "sla_list")), 0));

    g_assert_cmpint (kefu_ticket_get_id (t), ==, fresh);
    g_assert_cmpint (kefu_ticket_get_plan_started_at (t), ==, f->now);
    g_assert_cmpint (kefu_ticket_get_milestone (t, KEFU_TICKET_FIRST_RESPONSE), ==, f->now);
    g_assert_null (step_button (detail, "Start Emergency _Plan"));     /* once */
    g_assert_nonnull (step_button (detail, "_Verify"));
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, _("Start of the emergency plan"));
  }
  save_screenshot (GTK_WIDGET (f->window), "level1-plan-started");

  /* the outage: its review report, through the short form */
  show_ticket (f, view, outage);
  g_assert_nonnull (step_button (detail, "File Review Re_port…"));
  g_assert_null (step_button (detail, "Start Emergency _Plan"));
  g_assert_true (gtk_widget_activate_action (detail, "ticket.review", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  {
    const char *texts[] = { "主管道老化爆裂", "03:20关阀，06:30恢复供水", "更换老旧管段，每季度巡检" };
    guint n = 0;
    GtkWidget *entries[3] = { NULL };

    for (GtkWidget *w = find_descendant (dialog, GTK_TYPE_ENTRY, NULL); w != NULL && n < 3; )
      {
        entries[n++] = w;
        /* the next entry in the form: the siblings after this one */
        w = gtk_widget_get_next_sibling (w);
        while (w != NULL && !GTK_IS_ENTRY (w))
          w = gtk_widget_get_next_sibling (w);
      }
    g_assert_cmpuint (n, ==, 3);
    gtk_editable_set_text (GTK_EDITABLE (entries[0]), texts[0]);
    gtk_editable_set_text (GTK_EDITABLE (entries[1]), texts[1]);
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
    gtk_editable_set_text (GTK_EDITABLE (entries[2]), texts[2]);
    g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
  }
  save_screenshot (dialog, "level2-review-report");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (dialog != NULL && g_get_monotonic_time () < end)
    wait_ms (50);
  g_assert_null (dialog);
  settle (view);
  g_assert_cmpint (kefu_ticket_get_review_filed_at (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail))), ==, f->now);
  g_assert_null (step_button (detail, "File Review Re_port…"));
  /* the outage's clocks are the usual ones; the entrapment's say what
   * they are for */
  g_assert_false (shows_text (child (detail, KEFU_TYPE_TICKET_DETAIL, "sla_list"), _("Talk to those trapped")));
  show_ticket (f, view, trapped);
  {
    GtkListBox *clocks = GTK_LIST_BOX (child (detail, KEFU_TYPE_TICKET_DETAIL, "sla_list"));
    const char *first = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (clocks, 0)));
    gboolean updates = FALSE;

    g_assert_cmpstr (first, ==, _("Talk to those trapped"));
    for (int i = 1; gtk_list_box_get_row_at_index (clocks, i) != NULL; i++)
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (clocks, i);
        if (ADW_IS_PREFERENCES_ROW (row))
          updates |= g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), _("Updates to those trapped")) == 0;
      }
    g_assert_true (updates);
  }
  save_screenshot (GTK_WIDGET (f->window), "level2-entrapment-clocks");
}

static GtkWidget *
find_expander_titled (GtkWidget  *widget,
                      const char *prefix)
{
  if (ADW_IS_EXPANDER_ROW (widget) &&
      g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), prefix))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_expander_titled (c, prefix);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A supervisor changes the level-2 response target; an agent only sees it. */
static void
test_preferences_service_levels (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *json = g_test_build_filename (G_TEST_DIST, "data", "2025.json", NULL);
  g_autoptr(GArray) days = kefu_holidays_read (json, NULL);   /* tests/data, through G_TEST_SRCDIR */
  g_autoptr(GError) error = NULL;
  GtkWidget *prefs, *level2, *spin, *save, *year;
  gint64 versions;

  g_assert_nonnull (days);
  open_window (f);
  sign_in (f, "xuqiang");
  g_assert_true (kefu_calendar_store_import (kefu_window_get_store (f->window), "工作日", NULL, days, NULL, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), NULL);
  level2 = find_expander_titled (prefs, "二级响应");
  g_assert_nonnull (level2);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (level2), TRUE);
  spin = find_descendant (level2, GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_true (gtk_widget_is_sensitive (spin));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 3);
  save = find_descendant (level2, GTK_TYPE_BUTTON, _("_Save Policy"));
  g_assert_nonnull (save);
  versions = kefu_store_count_rows (kefu_window_get_store (f->window), "sla_policies", &error);
  g_signal_emit_by_name (save, "clicked");
  g_assert_cmpint (kefu_store_count_rows (kefu_window_get_store (f->window), "sla_policies", &error), ==, versions + 1);
  save_screenshot (prefs, "preferences-service-levels");

  year = find_descendant (prefs, GTK_TYPE_BUTTON, _("Year View"));
  g_assert_nonnull (year);
  g_signal_emit_by_name (year, "clicked");
  wait_ms (100);
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* an agent sees the targets but cannot change them */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.switch-user", NULL));
  sign_in (f, "chenjing");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  level2 = find_expander_titled (prefs, "二级响应");
  spin = find_descendant (level2, GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_false (gtk_widget_is_sensitive (spin));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 3);
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* A key binding of @widget's class, run as if the keys were pressed. */
static gboolean
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

/* The second check at an agent's desk: 陈静 logged the urgent ticket and
 * stays signed in; 刘洋 types his PIN in place (a wrong one first) and the
 * check is his. A trainer's desk may not cancel: a supervisor approves
 * with her PIN. Exports are hidden from a trainer. */
static void
test_second_person_in_place (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view, *detail, *pin_dialog;
  KefuStore *store;
  gint64 id;

  open_window (f);
  sign_in (f, "chenjing");
  store = kefu_window_get_store (f->window);
  {
    KefuTicketDraft d = { "phone", "repair", "elevator", 2, 0, 0, "地下车库", 0, NULL, "13800000000", "电梯困人，有老人被困", 0 };
    id = kefu_desk_create_ticket (store, &d, &error);
    g_assert_no_error (error);
  }
  view = kefu_window_get_tickets_view (f->window);
  kefu_tickets_view_show_ticket (KEFU_TICKETS_VIEW (view), id);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  for (int i = 0; i < 200 && (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail)) == NULL ||
                              kefu_ticket_get_id (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail))) != id); i++)
    wait_ms (50);

  g_assert_true (gtk_widget_activate_action (detail, "ticket.verify", NULL));
  pin_dialog = find_toplevel (KEFU_TYPE_PIN_DIALOG);
  g_assert_nonnull (pin_dialog);
  /* not her: the agent who logged it is not among those asked */
  g_assert_false (kefu_pin_dialog_select (KEFU_PIN_DIALOG (pin_dialog), "chenjing"));
  g_assert_false (kefu_pin_dialog_select (KEFU_PIN_DIALOG (pin_dialog), "guohong"));
  g_assert_true (kefu_pin_dialog_select (KEFU_PIN_DIALOG (pin_dialog), "liuyang"));
  gtk_editable_set_text (GTK_EDITABLE (child (pin_dialog, KEFU_TYPE_PIN_DIALOG, "pin_row")), "9999");
  g_assert_true (gtk_widget_activate_action (pin_dialog, "pin.confirm", NULL));
  g_assert_true (gtk_widget_get_visible (child (pin_dialog, KEFU_TYPE_PIN_DIALOG, "error_label")));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT verified_by IS NULL FROM tickets WHERE id = (SELECT max(id) FROM tickets)"), ==, 1);
  save_screenshot (pin_dialog, "second-check-pin");
  gtk_editable_set_text (GTK_EDITABLE (child (pin_dialog, KEFU_TYPE_PIN_DIALOG, "pin_row")), KEFU_DEMO_PIN);
  g_assert_true (gtk_widget_activate_action (pin_dialog, "pin.confirm", NULL));
  wait_ms (50);
  g_assert_null (find_toplevel (KEFU_TYPE_PIN_DIALOG));
  /* the pane saves its steps as soon as the database lets it (kefu-write.h) */
  for (int i = 0; i < 100 && kefu_test_scalar (f->path, "SELECT verified_by IS NULL FROM tickets WHERE id = "
                                                         "(SELECT max(id) FROM tickets)") == 1; i++)
    wait_ms (50);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT verified_by FROM tickets WHERE id = (SELECT max(id) FROM tickets)"), ==,
                   kefu_test_scalar (f->path, "SELECT id FROM users WHERE login = 'liuyang'"));
  /* still her desk */
  g_assert_cmpstr (kefu_user_get_login (kefu_window_get_user (f->window)), ==, "chenjing");
  g_assert_cmpint (kefu_store_get_actor (store), ==, kefu_test_scalar (f->path, "SELECT id FROM users WHERE login = 'chenjing'"));

  /* an agent's or a trainer's desk cannot export owners' data (Ctrl+Shift+E
   * does nothing); a supervisor's opens the file chooser */
  press_shortcut (GTK_WIDGET (f->window), GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  wait_ms (100);
  g_assert_null (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL));
  sign_in (f, "guohong");
  press_shortcut (GTK_WIDGET (f->window), GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  wait_ms (100);
  g_assert_null (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL));
  sign_in (f, "xuqiang");
  g_assert_true (press_shortcut (GTK_WIDGET (f->window), GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  {
    GtkWidget *chooser = NULL;

    for (int i = 0; i < 100 && (chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG)) == NULL; i++)
      wait_ms (50);
    g_assert_nonnull (chooser);
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
    wait_ms (100);
  }
}

static void
test_views_and_screenshots (Fixture       *f,
                            gconstpointer  data)
{
  static const char *views[] = { "dispatch", "dashboard", "training", "tickets" };
  GtkWidget *stack;

  open_window (f);
  save_screenshot (GTK_WIDGET (f->window), "sign-in-list");
  sign_in (f, "xuqiang");
  g_assert_true (wait_for (list_loaded, kefu_window_get_tickets_view (f->window), 30));
  stack = child (f->window, KEFU_TYPE_WINDOW, "view_stack");

  /* Alt+1…4 and the view switcher use the same action. */
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", views[i]));
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, views[i]);
      save_screenshot (GTK_WIDGET (f->window), views[i]);
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

static gboolean dashboard_loaded (gpointer data);
static gboolean board_loaded (gpointer data);

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

  board = child (f->window, KEFU_TYPE_WINDOW, "dispatch_board");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dispatch"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "dispatch");
  g_assert_true (wait_for (board_loaded, board, 30));
  save_screenshot (GTK_WIDGET (f->window), "readme-dispatch");

  dashboard = child (f->window, KEFU_TYPE_WINDOW, "dashboard_view");
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

static gboolean
dashboard_loaded (gpointer data)
{
  return !kefu_dashboard_view_is_loading (data);
}

/* The supervisor's dashboard shows the core's figures for the period; a
 * chart's mark lists exactly its tickets on the Tickets view. */
static void
test_dashboard (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiReport) report = NULL;
  GtkWidget *stack, *view, *tickets;
  gint64 from, to;

  open_window (f);
  sign_in (f, "xuqiang");
  stack = child (f->window, KEFU_TYPE_WINDOW, "view_stack");
  view = child (f->window, KEFU_TYPE_WINDOW, "dashboard_view");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dashboard"));
  kefu_dashboard_view_set_period (KEFU_DASHBOARD_VIEW (view), KEFU_PERIOD_LAST_12_MONTHS, TEST_NOW);
  g_assert_true (wait_for (dashboard_loaded, view, 30));

  kefu_dashboard_view_get_range (KEFU_DASHBOARD_VIEW (view), &from, &to);
  report = kefu_kpi_compute (kefu_window_get_store (f->window), from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (report->value[KEFU_KPI_TICKETS], >, 1000);
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      g_autofree char *shown = kefu_dashboard_view_get_tile_text (KEFU_DASHBOARD_VIEW (view), k);
      g_autofree char *expected = kefu_kpi_format (k, report->value[k]);
      g_assert_cmpstr (shown, ==, expected);
    }
  save_screenshot (GTK_WIDGET (f->window), "dashboard");
  {
    GtkWidget *trend = GTK_WIDGET (kefu_dashboard_view_get_chart (KEFU_DASHBOARD_VIEW (view), KEFU_REPORT_CHART_TREND));
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (trend, GTK_TYPE_SCROLLED_WINDOW)));
    static const char *names[] = { "dashboard-charts-1", "dashboard-charts-2", "dashboard-charts-3" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        gtk_adjustment_set_value (adj, 400 + i * 640.0);
        save_screenshot (GTK_WIDGET (f->window), names[i]);
      }
    gtk_adjustment_set_value (adj, 0);
  }

  /* printing: the period's report, page by page (to a file here) */
  {
    g_autofree char *pdf = kefu_test_path (&f->dir, "printed.pdf");
    g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
    g_autofree char *out = NULL;
    const char *argv[] = { pdfinfo, pdf, NULL };

    g_assert_true (kefu_dashboard_view_print_to_file (KEFU_DASHBOARD_VIEW (view), pdf, &error));
    g_assert_no_error (error);
    g_assert_nonnull (pdfinfo);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, NULL, NULL));
    g_assert_true (g_regex_match_simple ("Pages:\\s+[6-9]", out, 0, 0));
  }

  /* the previous twelve months and back: the figures follow */
  g_assert_true (gtk_widget_activate_action (view, "dashboard.previous", NULL));
  g_assert_true (wait_for (dashboard_loaded, view, 30));
  {
    g_autofree char *shown = kefu_dashboard_view_get_tile_text (KEFU_DASHBOARD_VIEW (view), KEFU_KPI_TICKETS);
    gint64 before_from, before_to;

    kefu_dashboard_view_get_range (KEFU_DASHBOARD_VIEW (view), &before_from, &before_to);
    g_assert_cmpint (before_to, ==, from);
    g_assert_cmpint (g_ascii_strtoll (shown, NULL, 10), <, report->value[KEFU_KPI_TICKETS]);
  }
  g_assert_true (gtk_widget_activate_action (view, "dashboard.next", NULL));
  g_assert_true (wait_for (dashboard_loaded, view, 30));

  /* the tickets behind a mark: the donut's largest slice, clicked */
  {
    g_autoptr(KefuKpiTable) share = kefu_kpi_share (kefu_window_get_store (f->window), from, to, KEFU_KPI_BY_KIND, &error);
    KefuChartView *donut = kefu_dashboard_view_get_chart (KEFU_DASHBOARD_VIEW (view), KEFU_REPORT_CHART_KIND_SHARE);
    KefuTicketList *list;

    g_assert_nonnull (kefu_chart_view_get_chart (donut));
    g_signal_emit_by_name (donut, "mark-activated", 0, 0, -1);
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "tickets");
    tickets = kefu_window_get_tickets_view (f->window);
    list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (tickets));
    g_assert_true (wait_for (list_loaded, tickets, 30));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, (guint) share->values[0][0]);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <, 1500);
    save_screenshot (GTK_WIDGET (f->window), "dashboard-drill-down");
    /* "Show All Tickets" leaves the dashboard's selection */
    g_signal_emit_by_name (find_descendant (tickets, GTK_TYPE_BUTTON, _("_Show All Tickets")), "clicked");
    g_assert_true (wait_for (list_loaded, tickets, 30));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1500);
  }
}

/* The report's month: a picker in the save dialog, on the last whole month
 * by the store's clock (October when the clock says 25 November), whatever
 * period the dashboard shows; the report menu's mnemonics are unique. */
static void
test_dashboard_report_month (Fixture       *f,
                             gconstpointer  data)
{
  GtkWidget *view, *dialog = NULL, *menu_button;
  GMenuModel *menu;
  g_autofree char *name = NULL;
  g_autofree char *expected = kefu_report_default_month (TEST_NOW);
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_labels = 0;

  g_assert_cmpstr (expected, ==, "2026-10");
  open_window (f);
  sign_in (f, "xuqiang");
  view = child (f->window, KEFU_TYPE_WINDOW, "dashboard_view");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dashboard"));
  kefu_dashboard_view_set_period (KEFU_DASHBOARD_VIEW (view), KEFU_PERIOD_YEAR, TEST_NOW);
  g_assert_true (wait_for (dashboard_loaded, view, 30));

  g_assert_true (gtk_widget_activate_action (view, "dashboard.export-report", "s", "pdf"));
  for (int i = 0; i < 250 && dialog == NULL; i++)
    if ((dialog = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG)) == NULL)
      wait_ms (20);
  g_assert_nonnull (dialog);
  wait_ms (300);
  g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "month"), ==, expected);
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (dialog));
  g_assert_nonnull (strstr (name, expected));
  save_screenshot (dialog, "report-month-picker");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  for (int i = 0; i < 250 && find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL; i++)
    wait_ms (20);

  /* one mnemonic per item of the report menu, and the menu button's own */
  menu_button = find_descendant (view, GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (menu_button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (menu);
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);
      GMenuModel *items = section != NULL ? section : g_object_ref (menu);

      for (int i = 0; i < g_menu_model_get_n_items (items); i++)
        {
          g_autofree char *label = NULL;
          const char *under;
          g_autofree char *key = NULL;

          if (!g_menu_model_get_item_attribute (items, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
            continue;
          under = strchr (label, '_');
          if (under == NULL)
            g_error ("“%s” has no mnemonic", label);
          key = g_utf8_strdown (under + 1, g_utf8_next_char (under + 1) - (under + 1));
          if (g_hash_table_contains (keys, key))
            g_error ("“%s” repeats the mnemonic %s", label, key);
          g_hash_table_add (keys, g_steal_pointer (&key));
          n_labels++;
        }
      g_object_unref (items);
      if (section == NULL)
        break;
    }
  g_assert_cmpuint (n_labels, ==, 3);
}

static gboolean
board_loaded (gpointer data)
{
  return !kefu_dispatch_board_is_loading (data);
}

static gboolean
lane_has (KefuDispatchBoard *board,
          gint64             technician_id,
          gint64             ticket_id)
{
  g_autoptr(GArray) ids = kefu_dispatch_board_get_lane (board, technician_id);

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == ticket_id)
      return TRUE;
  return FALSE;
}

/* The dispatcher's board: a job moved to another technician lands in
 * that lane with a reassignment in the timeline, and Undo takes it back;
 * "Assign to…" does the same by keyboard. */
static void
test_dispatch_board (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuBoard) model = NULL;
  KefuDispatchBoard *board;
  KefuBoardCard *card = NULL;
  KefuBoardLane *other = NULL;
  gint64 events_before;

  open_window (f);
  sign_in (f, "huangwei");
  board = KEFU_DISPATCH_BOARD (child (f->window, KEFU_TYPE_WINDOW, "dispatch_board"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dispatch"));
  g_assert_true (wait_for (board_loaded, board, 30));
  save_screenshot (GTK_WIDGET (f->window), "dispatch-board");

  /* a job on someone's lane, and another technician of the same team on shift */
  model = kefu_dispatch_load_board (kefu_window_get_store (f->window), 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < model->cards->len && other == NULL; i++)
    {
      KefuBoardCard *c = model->cards->pdata[i];
      gint64 team = 0;

      /* a job not yet started can go to someone else */
      if (c->technician_id == 0 || g_strcmp0 (c->status, "dispatched") != 0)
        continue;
      for (guint j = 0; j < model->lanes->len; j++)
        if (((KefuBoardLane *) model->lanes->pdata[j])->technician_id == c->technician_id)
          team = ((KefuBoardLane *) model->lanes->pdata[j])->team_id;
      for (guint j = 0; j < model->lanes->len; j++)
        {
          KefuBoardLane *l = model->lanes->pdata[j];
          if (l->team_id == team && l->technician_id != c->technician_id && !l->suspended)
            {
              card = c;
              other = l;
              break;
            }
        }
    }
  g_assert_nonnull (card);
  g_assert_true (lane_has (board, card->technician_id, card->ticket_id));
  events_before = kefu_test_scalar (f->path, "SELECT count(*) FROM ticket_events");

  /* the drop of a card on another lane */
  g_assert_true (kefu_dispatch_board_assign (board, card->ticket_id, other->technician_id, 1));
  g_assert_true (wait_for (board_loaded, board, 30));
  g_assert_true (lane_has (board, other->technician_id, card->ticket_id));
  g_assert_false (lane_has (board, card->technician_id, card->ticket_id));
  {
    g_autoptr(GArray) lane = kefu_dispatch_board_get_lane (board, other->technician_id);
    g_assert_cmpint (g_array_index (lane, gint64, 0), ==, card->ticket_id);   /* dropped in first place */
  }
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM ticket_events"), >, events_before);

  /* Undo (the toast's button, Ctrl+Z) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.undo", NULL));
  g_assert_true (wait_for (board_loaded, board, 30));
  g_assert_true (lane_has (board, card->technician_id, card->ticket_id));
  g_assert_false (lane_has (board, other->technician_id, card->ticket_id));

  /* by keyboard: the card's "Assign to…", a search, Enter (on the board as shown) */
  wait_ms (200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.assign-to", "x", card->ticket_id));
  wait_ms (200);   /* the card is scrolled into view first */
  {
    GtkWidget *popover = NULL;
    GtkWidget *entry;

    /* the popover is parented to the card */
    popover = gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_TYPE_POPOVER);
    g_assert_nonnull (popover);
    entry = find_descendant (popover, GTK_TYPE_SEARCH_ENTRY, NULL);
    gtk_editable_set_text (GTK_EDITABLE (entry), other->technician_name);
    wait_ms (300);
    g_signal_emit_by_name (entry, "activate");
  }
  g_assert_true (wait_for (board_loaded, board, 30));
  g_assert_true (lane_has (board, other->technician_id, card->ticket_id));
  save_screenshot (GTK_WIDGET (f->window), "dispatch-board-moved");

  /* the technician calls in done: the card's "Technician Finished" asks
   * for the work done, the materials and photos, as Resolve does */
  {
    gint64 id = card->ticket_id;
    g_autofree char *materials = NULL;
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM ticket_attachments "
                                            "WHERE name = '门机.png' AND ticket_id = %" G_GINT64_FORMAT, id);
    g_autofree char *work = NULL;
    g_autoptr(GBytes) photo = g_bytes_new_static ("\x89PNG\r\n\x1a\n", 8);
    GtkWidget *dialog = NULL, *entries[2] = { NULL };
    guint n = 0;
    gint64 end;

    /* accepted, then on site, as the technician phones in */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.report", "(xs)", id, "accepted"));
    g_assert_true (wait_for (board_loaded, board, 30));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.report", "(xs)", id, "on_site"));
    g_assert_true (wait_for (board_loaded, board, 30));
    g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.report", "(xs)", id, "resolved"));
    end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    while ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) == NULL && g_get_monotonic_time () < end)
      wait_ms (50);
    g_assert_nonnull (dialog);
    /* nothing is saved by opening it */
    {
      g_autoptr(KefuTicket) t = kefu_desk_get_ticket (kefu_window_get_store (f->window), id, NULL);
      g_assert_cmpstr (kefu_ticket_get_status (t), !=, "resolved");
    }
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
    for (GtkWidget *w = find_descendant (dialog, GTK_TYPE_ENTRY, NULL); w != NULL && n < 2; )
      {
        entries[n++] = w;
        w = gtk_widget_get_next_sibling (w);
        while (w != NULL && !GTK_IS_ENTRY (w))
          w = gtk_widget_get_next_sibling (w);
      }
    g_assert_cmpuint (n, ==, 2);
    gtk_editable_set_text (GTK_EDITABLE (entries[0]), "更换电梯门机皮带，试运行正常");
    gtk_editable_set_text (GTK_EDITABLE (entries[1]), "门机皮带 1 条");
    kefu_ask_resolve_add_photo (dialog, "门机.png", "image/png", photo);
    g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
    save_screenshot (dialog, "dispatch-board-finished");
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
    end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    while (dialog != NULL && g_get_monotonic_time () < end)
      wait_ms (50);
    g_assert_null (dialog);
    g_assert_true (wait_for (board_loaded, board, 30));
    {
      g_autoptr(KefuTicket) t = kefu_desk_get_ticket (kefu_window_get_store (f->window), id, NULL);
      g_assert_cmpstr (kefu_ticket_get_status (t), ==, "resolved");
    }
    work = kefu_desk_get_work_done (kefu_window_get_store (f->window), id, &materials);
    g_assert_cmpstr (work, ==, "更换电梯门机皮带，试运行正常");
    g_assert_cmpstr (materials, ==, "门机皮带 1 条");
    g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, 1);
    /* done: off the technician's lane */
    g_assert_false (lane_has (board, other->technician_id, id));
  }
}

/* The lane rows of the board shown, by technician. */
static GtkWidget *
lane_row (KefuDispatchBoard *board,
          gint64             technician_id)
{
  GtkWidget *content = gtk_widget_get_first_child (child (board, KEFU_TYPE_DISPATCH_BOARD, "lanes_box"));

  for (GtkWidget *row = gtk_widget_get_first_child (content); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      const KefuBoardLane *lane = KEFU_IS_BOARD_LANE_ROW (row) ? kefu_board_lane_row_get_lane (KEFU_BOARD_LANE_ROW (row)) : NULL;
      if (lane != NULL && lane->technician_id == technician_id)
        return row;
    }
  return NULL;
}

/* At 03:40 on a Sunday the dispatcher opens the board on a 1366×768
 * screen: it fits; "on shift" counts those on shift (not those still at a
 * job); the search finds a technician typed in pinyin and says when
 * nobody matches; a job moved to another lane leaves the lanes scrolled
 * where they were. */
static void
test_dispatch_board_night (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuBoard) model = NULL;
  KefuDispatchBoard *board;
  KefuStore *store;
  GtkWidget *summary, *filter, *no_match, *scrolled;
  GtkAdjustment *adjustment;
  KefuBoardCard *card = NULL;
  KefuBoardLane *target = NULL, *named = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *initials = NULL;
  guint on_shift = 0, on_site_off = 0;
  int min_width = 0;
  double before;

  /* Sunday 2026-11-29 03:40 in Shenzhen (TEST_NOW is Wednesday 10:00) */
  f->now = TEST_NOW + 4 * 24 * 3600 - 6 * 3600 - 20 * 60;
  open_window (f);
  sign_in (f, "huangwei");
  store = kefu_window_get_store (f->window);
  board = KEFU_DISPATCH_BOARD (child (f->window, KEFU_TYPE_WINDOW, "dispatch_board"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dispatch"));
  g_assert_true (wait_for (board_loaded, board, 30));
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (kefu_store_now (store));
    g_assert_cmpint (g_date_time_get_day_of_week (dt), ==, 7);
    g_assert_cmpint (g_date_time_get_hour (dt), ==, 3);
  }

  /* a 1366-pixel-wide screen holds the window with the board shown */
  gtk_widget_measure (GTK_WIDGET (f->window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("the window with the board needs %d px", min_width);
  g_assert_cmpint (min_width, <=, 1366);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 768);
  wait_ms (300);
  save_screenshot (GTK_WIDGET (f->window), "dispatch-board-1366");

  /* on shift: whoever's shifts cover 03:40, counted apart from who is at a job */
  model = kefu_dispatch_load_board (store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < model->lanes->len; i++)
    {
      KefuBoardLane *l = model->lanes->pdata[i];
      gboolean on = kefu_dispatch_is_on_shift (store, l->technician_id, 0, &error);

      g_assert_no_error (error);
      on_shift += on;
      on_site_off += !on && l->status == KEFU_TECHNICIAN_ON_SITE;
    }
  g_test_message ("%u on shift, %u on site off shift", on_shift, on_site_off);
  g_assert_cmpuint (on_shift, >, 0);   /* the night cover */
  summary = child (board, KEFU_TYPE_DISPATCH_BOARD, "summary_label");
  {
    guint unassigned = 0;

    for (guint i = 0; i < model->cards->len; i++)
      unassigned += ((KefuBoardCard *) model->cards->pdata[i])->technician_id == 0;
    expected = g_strdup_printf (_("%u open jobs · %u unassigned · %u of %u technicians on shift"),
                                model->cards->len, unassigned, on_shift, model->lanes->len);
  }
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (summary)), ==, expected);

  /* the search: a technician by the initials of their pinyin */
  named = model->lanes->pdata[model->lanes->len / 2];
  initials = kefu_pinyin (named->technician_name, TRUE);
  filter = child (board, KEFU_TYPE_DISPATCH_BOARD, "filter_entry");
  no_match = find_named (GTK_WIDGET (board), "board-no-match");
  g_assert_nonnull (no_match);
  gtk_editable_set_text (GTK_EDITABLE (filter), initials);
  wait_ms (400);
  g_assert_true (gtk_widget_get_visible (lane_row (board, named->technician_id)));
  g_assert_false (gtk_widget_get_visible (no_match));
  gtk_editable_set_text (GTK_EDITABLE (filter), "xqzv");
  wait_ms (400);
  g_assert_false (gtk_widget_get_visible (lane_row (board, named->technician_id)));
  g_assert_true (gtk_widget_get_visible (no_match));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (no_match)), "xqzv"));
  save_screenshot (GTK_WIDGET (f->window), "dispatch-board-no-match");
  gtk_editable_set_text (GTK_EDITABLE (filter), "");
  wait_ms (400);
  g_assert_true (gtk_widget_get_visible (lane_row (board, named->technician_id)));
  g_assert_false (gtk_widget_get_visible (no_match));

  /* moving a job keeps the lanes where the dispatcher had scrolled them */
  for (guint i = model->cards->len; i > 0 && card == NULL; i--)
    {
      KefuBoardCard *c = model->cards->pdata[i - 1];

      if (c->technician_id == 0 || g_strcmp0 (c->status, "dispatched") != 0)
        continue;
      for (guint j = 0; j < model->lanes->len; j++)
        {
          KefuBoardLane *l = model->lanes->pdata[j];
          if (l->team_id == c->team_id && l->technician_id != c->technician_id && !l->suspended)
            {
              card = c;
              target = l;
              break;
            }
        }
    }
  g_assert_nonnull (card);
  scrolled = gtk_widget_get_ancestor (child (board, KEFU_TYPE_DISPATCH_BOARD, "lanes_box"), GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment), >, 400);
  gtk_adjustment_set_value (adjustment, 400);
  wait_ms (200);
  /* by keyboard: the card's "Assign to…" (the card comes into view), the
   * technician's name, Enter */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.assign-to", "x", card->ticket_id));
  wait_ms (300);
  before = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (before, >, 0);
  {
    GtkWidget *popover = gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_TYPE_POPOVER);
    GtkWidget *entry;

    g_assert_nonnull (popover);
    entry = find_descendant (popover, GTK_TYPE_SEARCH_ENTRY, NULL);
    gtk_editable_set_text (GTK_EDITABLE (entry), target->technician_name);
    wait_ms (300);
    g_signal_emit_by_name (entry, "activate");
  }
  g_assert_true (wait_for (board_loaded, board, 30));
  wait_ms (400);
  g_assert_true (lane_has (board, target->technician_id, card->ticket_id));
  g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adjustment) - before), <, 1);

  /* with automatic dispatch on, a complaint about the bins at this hour
   * finds nobody of 保洁 on shift: the toast says so and why */
  {
    KefuTicketDraft draft = { "phone", "complaint", "environment", 3, 0, 0, "大堂", 0, "业主", "13800000000",
                              "垃圾桶满了没人清理，气味很大", 0 };
    g_autoptr(KefuTicket) t = NULL;
    g_autofree char *note = NULL;
    g_autofree char *toast = NULL;
    g_autofree char *sql = NULL;
    gint64 id;

    g_assert_true (kefu_dispatch_set_auto (store, TRUE, &error));
    draft.building_id = kefu_test_scalar (f->path, "SELECT min(id) FROM buildings");
    id = kefu_desk_create_ticket (store, &draft, &error);
    g_assert_no_error (error);
    t = kefu_desk_get_ticket (store, id, &error);
    g_assert_cmpstr (kefu_ticket_get_status (t), ==, "new");
    sql = g_strdup_printf ("SELECT count(*) FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT
                           " AND kind = 'note' AND user_id IS NULL AND body LIKE '%%保洁%%'", id);
    g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, 1);
    {
      g_autoptr(KefuDispatchDecision) d = kefu_dispatch_decide (store, id, 0, &error);
      g_assert_cmpint (d->outcome, ==, KEFU_DISPATCH_NO_TECHNICIAN);
      toast = g_strdup_printf (_("%s is not dispatched: %s"), kefu_ticket_get_number (t), d->reason);
    }
    wait_ms (300);
    g_assert_true (shows_text (GTK_WIDGET (f->window), toast));
    save_screenshot (GTK_WIDGET (f->window), "dispatch-unassigned-toast");
  }
}

/* The agent dispatches an elevator job by hand: the dialog proposes what
 * the rules would choose, says why, and lists each technician's state now
 * (those on shift first, the ones off marked) and open jobs. */
static void
test_dispatch_dialog_proposes (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuDispatchDecision) d = NULL;
  g_autoptr(KefuTicket) saved = NULL;
  g_autofree char *expected = NULL;
  KefuTicketDraft draft = { "phone", "repair", "elevator", 3, 0, 0, "电梯", 0, "业主", "13800000000",
                            "电梯按钮失灵，按了没反应", 0 };
  GtkWidget *view, *detail, *dialog, *reason, *team, *technician;
  KefuStore *store;
  GListModel *techs;
  KefuChoice *chosen;
  gboolean seen_off = FALSE;
  gint64 id;

  open_window (f);
  sign_in (f, "chenjing");
  store = kefu_window_get_store (f->window);
  view = kefu_window_get_tickets_view (f->window);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  g_assert_true (wait_for (list_loaded, view, 30));
  draft.building_id = kefu_test_scalar (f->path, "SELECT min(id) FROM buildings");
  id = kefu_desk_create_ticket (store, &draft, &error);
  g_assert_no_error (error);
  kefu_tickets_view_show_ticket (KEFU_TICKETS_VIEW (view), id);
  settle (view);
  g_assert_cmpint (kefu_ticket_get_id (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail))), ==, id);

  d = kefu_dispatch_decide (store, id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (d->outcome, ==, KEFU_DISPATCH_ASSIGN);
  g_assert_cmpstr (d->team_name, ==, "特种设备组");

  g_assert_true (gtk_widget_activate_action (detail, "ticket.dispatch", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  reason = find_named (dialog, "dispatch-reason");
  g_assert_nonnull (reason);
  expected = g_strdup_printf (_("Proposed by the rules: %s"), d->reason);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (reason)), ==, expected);
  team = gtk_widget_get_next_sibling (reason);
  technician = gtk_widget_get_next_sibling (team);
  g_assert_cmpint (kefu_choice_get_id (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (team))), ==, d->team_id);
  chosen = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (technician));
  g_assert_cmpint (kefu_choice_get_id (chosen), ==, d->technician_id);
  g_assert_true (kefu_dispatch_is_on_shift (store, d->technician_id, 0, &error));
  g_assert_nonnull (strstr (kefu_choice_get_name (chosen), _("On shift")));
  /* after "anyone in the team": those on shift, then those off, marked so */
  techs = gtk_drop_down_get_model (GTK_DROP_DOWN (technician));
  for (guint i = 1; i < g_list_model_get_n_items (techs); i++)
    {
      g_autoptr(KefuChoice) c = g_list_model_get_item (techs, i);
      gboolean on = kefu_dispatch_is_on_shift (store, kefu_choice_get_id (c), 0, &error);

      g_assert_cmpint (on, ==, g_strcmp0 (kefu_choice_get_detail (c), "on-shift") == 0);
      if (!on)
        {
          seen_off = TRUE;
          g_assert_nonnull (strstr (kefu_choice_get_name (c), kefu_technician_status_label (KEFU_TECHNICIAN_OFF)));
        }
      else
        g_assert_false (seen_off);
    }
  g_assert_true (seen_off);   /* the afternoon shift is off at 10:00 */
  save_screenshot (dialog, "dispatch-dialog");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  g_assert_null (dialog);
  saved = kefu_desk_get_ticket (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kefu_ticket_get_status (saved), ==, "dispatched");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT technician_id FROM tickets WHERE id = %" G_GINT64_FORMAT, id);
    g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, d->technician_id);
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

/* A lane whose technician works the whole of @from–@to on the board's day,
 * and one of its jobs without an appointment. */
static gboolean
find_free_job (KefuBoard      *model,
               int             from,
               int             to,
               KefuBoardLane **lane,
               KefuBoardCard **card)
{
  for (guint i = 0; i < model->cards->len; i++)
    {
      KefuBoardCard *c = model->cards->pdata[i];

      /* booked for later: a job not yet begun on site */
      if (c->technician_id == 0 || c->appointment_at > 0 || g_strcmp0 (c->status, "on_site") == 0)
        continue;
      for (guint j = 0; j < model->lanes->len; j++)
        {
          KefuBoardLane *l = model->lanes->pdata[j];

          if (l->technician_id != c->technician_id)
            continue;
          for (guint k = 0; k < l->shifts->len; k++)
            {
              KefuMinuteSpan *s = &g_array_index (l->shifts, KefuMinuteSpan, k);
              if (s->from_min <= from && to <= s->to_min)
                {
                  *lane = l;
                  *card = c;
                  return TRUE;
                }
            }
        }
    }
  return FALSE;
}

/* The dispatcher books a job for 14:30 with the owner through the card's
 * "Set Appointment…": the job sits at 14:30 on its technician's time axis
 * for 90 minutes; a second job booked over it marks both and says why;
 * the next day's board is that day's; the toast's Undo takes the booking
 * back. */
static void
test_dispatch_time_axis (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuBoard) model = NULL;
  g_autoptr(GDateTime) today = NULL;
  KefuDispatchBoard *board;
  KefuDayTimeline *timeline;
  KefuBoardLane *lane = NULL;
  KefuBoardCard *card = NULL;
  KefuBoardCard *second = NULL;
  GtkWidget *dialog;
  gint64 day_start;

  open_window (f);
  sign_in (f, "huangwei");
  board = KEFU_DISPATCH_BOARD (child (f->window, KEFU_TYPE_WINDOW, "dispatch_board"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dispatch"));
  g_assert_true (wait_for (board_loaded, board, 30));
  day_start = kefu_dispatch_board_get_day_start (board);
  today = g_date_time_new_from_unix_local (day_start);
  g_assert_cmpint (g_date_time_get_day_of_month (today), ==, 25);

  model = kefu_dispatch_load_board (kefu_window_get_store (f->window), 0, &error);
  g_assert_no_error (error);
  g_assert_true (find_free_job (model, 14 * 60, 16 * 60 + 30, &lane, &card));

  /* Set Appointment…: today, 14:30, a window of 1½ hours */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.set-appointment", "x", card->ticket_id));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  gtk_calendar_select_day (GTK_CALENDAR (find_named (dialog, "appointment-day")), today);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (dialog, "appointment-hour")), 14);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (dialog, "appointment-minute")), 30);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (dialog, "appointment-window")), 2);
  save_screenshot (dialog, "dispatch-set-appointment");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "set");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_for (board_loaded, board, 30));

  timeline = kefu_dispatch_board_get_timeline (board, lane->technician_id);
  g_assert_nonnull (timeline);
  g_assert_cmpint (kefu_day_timeline_get_block_at (timeline, 14 * 60 + 30), ==, card->ticket_id);
  g_assert_cmpint (kefu_day_timeline_get_block_at (timeline, 15 * 60 + 59), ==, card->ticket_id);
  g_assert_cmpint (kefu_day_timeline_get_block_at (timeline, 16 * 60), !=, card->ticket_id);
  g_assert_cmpint (kefu_day_timeline_get_block_at (timeline, 14 * 60 + 29), !=, card->ticket_id);
  {
    g_autofree char *tip = kefu_day_timeline_describe_block (timeline, card->ticket_id);
    g_assert_nonnull (strstr (tip, card->number));
    g_assert_nonnull (strstr (tip, card->location));
    g_assert_nonnull (strstr (tip, "14:30–16:00"));
    g_assert_null (strchr (tip, '\n'));                 /* within the shift, nothing marked */
  }
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT appointment_minutes FROM tickets WHERE appointment_at IS NOT NULL"), ==, 90);

  /* a click on the block gives the card's menu; its items still reach the
   * board once it has closed, as a menu closes before running its item */
  g_signal_emit_by_name (timeline, "block-activated", card->ticket_id);
  wait_ms (200);
  {
    GtkWidget *menu = find_descendant (GTK_WIDGET (timeline), GTK_TYPE_POPOVER_MENU, NULL);

    g_assert_nonnull (menu);
    gtk_popover_popdown (GTK_POPOVER (menu));
    g_assert_true (gtk_widget_activate_action (menu, "board.set-appointment", "x", card->ticket_id));
    dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
    gtk_window_destroy (GTK_WINDOW (dialog));
    wait_ms (50);
  }

  /* a second job of the same technician booked at 15:00 overlaps it: both marked, saying with which */
  for (guint i = 0; i < model->cards->len && second == NULL; i++)
    {
      KefuBoardCard *c = model->cards->pdata[i];
      if (c->technician_id == lane->technician_id && c != card && c->appointment_at == 0 &&
          g_strcmp0 (c->status, "on_site") != 0)
        second = c;
    }
  if (second != NULL)
    {
      g_autofree char *tip = NULL;
      g_autofree char *other_tip = NULL;

      g_assert_true (kefu_dispatch_board_set_appointment (board, second->ticket_id, day_start + 15 * 3600, 60));
      g_assert_true (wait_for (board_loaded, board, 30));
      timeline = kefu_dispatch_board_get_timeline (board, lane->technician_id);
      g_assert_cmpuint (kefu_day_timeline_get_n_blocks (timeline), >=, 2);
      tip = kefu_day_timeline_describe_block (timeline, card->ticket_id);
      other_tip = kefu_day_timeline_describe_block (timeline, second->ticket_id);
      g_assert_nonnull (strstr (strchr (tip, '\n'), second->number));
      g_assert_nonnull (strstr (strchr (other_tip, '\n'), card->number));
      save_screenshot (GTK_WIDGET (f->window), "dispatch-time-axis");
      /* its toast's Undo: no appointment again */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.restore-appointment", "(xxi)",
                                                 second->ticket_id, (gint64) 0, 0));
      g_assert_true (wait_for (board_loaded, board, 30));
      timeline = kefu_dispatch_board_get_timeline (board, lane->technician_id);
      g_assert_cmpint (kefu_day_timeline_get_block_at (timeline, 16 * 60 + 30), !=, second->ticket_id);
      g_free (tip);
      tip = kefu_day_timeline_describe_block (timeline, card->ticket_id);
      g_assert_null (strchr (tip, '\n'));
    }

  /* the next day: that day's board, where the job booked today is no block */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.next-day", NULL));
  g_assert_true (wait_for (board_loaded, board, 30));
  g_assert_cmpint (kefu_dispatch_board_get_day_start (board), ==, day_start + 24 * 3600);
  {
    g_autofree char *expected = kefu_format_time (day_start + 24 * 3600, C_("board day", "%A %Y-%m-%d"));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (board, KEFU_TYPE_DISPATCH_BOARD, "day_label"))), ==, expected);
  }
  timeline = kefu_dispatch_board_get_timeline (board, lane->technician_id);
  g_assert_cmpint (kefu_day_timeline_get_block_at (timeline, 15 * 60), !=, card->ticket_id);
  g_assert_true (lane_has (board, lane->technician_id, card->ticket_id));

  /* back to today through the calendar under the date */
  gtk_calendar_select_day (GTK_CALENDAR (child (board, KEFU_TYPE_DISPATCH_BOARD, "calendar")), today);
  g_assert_true (wait_for (board_loaded, board, 30));
  g_assert_cmpint (kefu_dispatch_board_get_day_start (board), ==, day_start);
  timeline = kefu_dispatch_board_get_timeline (board, lane->technician_id);
  g_assert_cmpint (kefu_day_timeline_get_block_at (timeline, 15 * 60), ==, card->ticket_id);

}

/* The toplevel window holding a widget named @name (a dialog of the settings). */
static GtkWidget *
toplevel_with (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);
      if (gtk_widget_get_visible (w) && find_named (w, name) != NULL)
        return w;
    }
  return NULL;
}

/* A rule's Active switch, named after the rule */
static GtkWidget *
switch_of_rule (GtkWidget *widget,
                gint64     rule_id)
{
  g_autofree char *name = g_strdup_printf ("rule-active-%" G_GINT64_FORMAT, rule_id);
  GtkWidget *found = find_named (widget, name);

  return GTK_IS_SWITCH (found) ? found : NULL;
}

static guint
code_index (KefuCodeList  list,
            const char   *code)
{
  guint n = 0;
  const KefuCode *codes = kefu_codes (list, &n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (codes[i].code, code) == 0)
      return i + 1;   /* after "Any" */
  g_assert_not_reached ();
  return 0;
}

/* The dispatcher opens Settings… from the board, adds a night rule for
 * elevators through the dialog, moves it up, turns it off with its switch,
 * and gives a technician a day of leave; each lands in the database. */
static void
test_dispatch_settings (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) teams = NULL;
  g_autoptr(GPtrArray) schedules = NULL;
  g_autoptr(KefuChoice) team = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *date = NULL;
  KefuDispatchBoard *board;
  KefuTechnicianSchedule *tech;
  GtkWidget *settings, *dialog, *sw;
  gint64 n_rules, rule_id;

  open_window (f);
  sign_in (f, "huangwei");
  board = KEFU_DISPATCH_BOARD (child (f->window, KEFU_TYPE_WINDOW, "dispatch_board"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dispatch"));
  g_assert_true (wait_for (board_loaded, board, 30));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.settings", NULL));
  settings = find_toplevel (KEFU_TYPE_DISPATCH_SETTINGS);
  g_assert_nonnull (settings);
  n_rules = kefu_test_scalar (f->path, "SELECT count(*) FROM dispatch_rules");
  g_assert_cmpint (n_rules, >, 0);   /* the sample has rules; the new one goes last */

  /* Add Rule…: the dialog's widgets, then Save */
  g_assert_true (gtk_widget_activate_action (settings, "settings.add-rule", NULL));
  dialog = toplevel_with ("rule-name");
  g_assert_nonnull (dialog);
  teams = kefu_desk_list_teams (kefu_window_get_store (f->window), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (teams)), >=, 2);
  team = g_list_model_get_item (G_LIST_MODEL (teams), 1);
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "rule-name")), "夜间电梯");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (dialog, "rule-kind")), code_index (KEFU_CODES_KIND, "repair"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (dialog, "rule-subtype")), code_index (KEFU_CODES_SUBTYPE, "elevator"));
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "rule-from")), "22:00");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "rule-to")), "08:00");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (dialog, "rule-team")), 1);
  save_screenshot (dialog, "dispatch-settings-rule");
  g_signal_emit_by_name (find_descendant (dialog, GTK_TYPE_BUTTON, _("_Save")), "clicked");
  wait_ms (100);
  g_assert_null (toplevel_with ("rule-name"));    /* saved, the dialog closed */
  sql = g_strdup_printf ("SELECT id FROM dispatch_rules WHERE name = '夜间电梯' AND kind = 'repair' AND subtype = 'elevator' "
                         "AND level IS NULL AND building_id IS NULL AND channel IS NULL AND from_min = 1320 AND to_min = 480 "
                         "AND team_id = %" G_GINT64_FORMAT " AND active AND position = %" G_GINT64_FORMAT,
                         kefu_choice_get_id (team), n_rules + 1);
  rule_id = kefu_test_scalar (f->path, sql);
  g_assert_cmpint (rule_id, >, 0);

  /* Move Up: one place earlier, the rule it passed one later */
  g_assert_true (gtk_widget_activate_action (settings, "settings.rule-up", "x", rule_id));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT position FROM dispatch_rules WHERE id = %" G_GINT64_FORMAT, rule_id);
  g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, n_rules);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(DISTINCT position) FROM dispatch_rules"), ==, n_rules + 1);

  /* its switch turns it off */
  sw = switch_of_rule (settings, rule_id);
  g_assert_nonnull (sw);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
  wait_ms (100);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT active FROM dispatch_rules WHERE id = %" G_GINT64_FORMAT, rule_id);
  g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, 0);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (switch_of_rule (settings, rule_id))));
  save_screenshot (settings, "dispatch-settings-rules");

  /* Add Leave… for a technician: the whole of the proposed day (tomorrow) */
  schedules = kefu_dispatch_list_schedules (kefu_window_get_store (f->window), "", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schedules->len, >, 0);
  tech = schedules->pdata[0];
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (settings), "technicians");
  g_assert_true (gtk_widget_activate_action (settings, "settings.add-leave", "x", tech->id));
  dialog = toplevel_with ("leave-date");
  g_assert_nonnull (dialog);
  date = g_strdup (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, "leave-date"))));
  g_assert_cmpuint (strlen (date), ==, 10);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_named (dialog, "leave-whole-day"))));
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "leave-note")), "年假");
  g_signal_emit_by_name (find_descendant (dialog, GTK_TYPE_BUTTON, _("_Save")), "clicked");
  wait_ms (100);
  g_assert_null (toplevel_with ("leave-date"));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM shift_exceptions WHERE technician_id = %" G_GINT64_FORMAT " AND date = '%s' "
                         "AND kind = 'leave' AND start_min IS NULL AND end_min IS NULL AND note = '年假'", tech->id, date);
  g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, 1);
  save_screenshot (settings, "dispatch-settings-technicians");
  gtk_window_destroy (GTK_WINDOW (settings));
}

/* The preferences row titled @title under @widget */
static GtkWidget *
row_titled (GtkWidget  *widget,
            const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = row_titled (c, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
green_team_listed (gpointer settings)
{
  return row_titled (settings, "绿化组") != NULL;
}

static gboolean
new_technician_listed (gpointer settings)
{
  return row_titled (settings, "何师傅") != NULL;
}

static void
click_save (GtkWidget *dialog)
{
  g_signal_emit_by_name (find_descendant (dialog, GTK_TYPE_BUTTON, _("_Save")), "clicked");
  wait_ms (100);
}

static void
add_shift_through_dialog (GtkWidget  *settings,
                          gint64      technician_id,
                          guint       weekday_index,
                          const char *from,
                          const char *to)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (settings, "settings.add-shift", "x", technician_id));
  dialog = toplevel_with ("shift-weekday");
  g_assert_nonnull (dialog);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (dialog, "shift-weekday")), weekday_index);
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "shift-from")), from);
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "shift-to")), to);
  click_save (dialog);
}

/* Through the settings' own actions and dialogs the dispatcher adds a team
 * 绿化组 covering 环境卫生 (ticked by its name), a technician of it with two
 * shifts on Mondays (an overlapping third is refused in the dialog) and the
 * skill ticked by its name; the core then sees all of it. */
static void
test_dispatch_settings_people (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) teams = NULL;
  g_autoptr(GPtrArray) schedules = NULL;
  g_autoptr(GListStore) team_choices = NULL;
  g_autoptr(GDateTime) monday_10 = g_date_time_new_local (2026, 11, 23, 10, 0, 0);
  g_autofree char *sql = NULL;
  KefuStore *store;
  KefuDispatchBoard *board;
  KefuTechnicianSchedule *tech = NULL;
  const KefuTeam *team = NULL;
  GtkWidget *settings, *dialog, *message;
  guint team_index = G_MAXUINT;
  gint64 tech_id;

  open_window (f);
  sign_in (f, "huangwei");
  store = kefu_window_get_store (f->window);
  board = KEFU_DISPATCH_BOARD (child (f->window, KEFU_TYPE_WINDOW, "dispatch_board"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dispatch"));
  g_assert_true (wait_for (board_loaded, board, 30));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.settings", NULL));
  settings = find_toplevel (KEFU_TYPE_DISPATCH_SETTINGS);
  g_assert_nonnull (settings);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (settings), "teams");

  /* Add Team…: a name, one sub-type ticked by its Chinese name */
  g_assert_true (gtk_widget_activate_action (settings, "settings.add-team", NULL));
  dialog = toplevel_with ("team-name");
  g_assert_nonnull (dialog);
  g_assert_nonnull (row_titled (dialog, kefu_code_label (KEFU_CODES_SUBTYPE, "environment")));
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "team-name")), "绿化组");
  gtk_widget_activate (row_titled (dialog, kefu_code_label (KEFU_CODES_SUBTYPE, "environment")));   /* Enter on the row */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_named (dialog, "subtype-environment"))));
  save_screenshot (dialog, "dispatch-settings-team");
  click_save (dialog);
  g_assert_null (toplevel_with ("team-name"));
  teams = kefu_dispatch_list_teams (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < teams->len; i++)
    if (g_strcmp0 (((KefuTeam *) teams->pdata[i])->name, "绿化组") == 0)
      team = teams->pdata[i];
  g_assert_nonnull (team);
  g_assert_cmpstr (team->subtypes, ==, "environment");
  g_assert_false (team->contractor);
  g_assert_true (wait_for (green_team_listed, settings, 10));    /* listed on the Teams page */
  save_screenshot (settings, "dispatch-settings-teams");

  /* Add Technician…: name, phone and that team */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (settings), "technicians");
  g_assert_true (gtk_widget_activate_action (settings, "settings.add-technician", NULL));
  dialog = toplevel_with ("new-technician-name");
  g_assert_nonnull (dialog);
  team_choices = kefu_desk_list_teams (store, &error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (team_choices)); i++)
    {
      g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (team_choices), i);
      if (kefu_choice_get_id (c) == team->id)
        team_index = i;
    }
  g_assert_cmpuint (team_index, !=, G_MAXUINT);
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "new-technician-name")), "何师傅");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "new-technician-phone")), "13700001234");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (dialog, "new-technician-team")), team_index);
  click_save (dialog);
  g_assert_null (toplevel_with ("new-technician-name"));
  sql = g_strdup_printf ("SELECT id FROM technicians WHERE name = '何师傅' AND phone = '13700001234' AND active "
                         "AND team_id = %" G_GINT64_FORMAT, team->id);
  tech_id = kefu_test_scalar (f->path, sql);
  g_assert_cmpint (tech_id, >, 0);

  /* Add Shift… twice on Monday; an overlapping third stays in its dialog, saying why */
  add_shift_through_dialog (settings, tech_id, 0, "08:00", "12:00");
  g_assert_null (toplevel_with ("shift-weekday"));
  add_shift_through_dialog (settings, tech_id, 0, "14:00", "18:00");
  g_assert_null (toplevel_with ("shift-weekday"));
  add_shift_through_dialog (settings, tech_id, 0, "11:00", "15:00");
  dialog = toplevel_with ("shift-weekday");
  g_assert_nonnull (dialog);
  message = find_named (dialog, "message");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "08:00–12:00"));
  save_screenshot (dialog, "dispatch-settings-shift-overlap");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Skills…: ticked by name */
  g_assert_true (gtk_widget_activate_action (settings, "settings.technician-skills", "x", tech_id));
  dialog = toplevel_with ("subtype-environment");
  g_assert_nonnull (dialog);
  gtk_widget_activate (row_titled (dialog, kefu_code_label (KEFU_CODES_SUBTYPE, "environment")));   /* Enter on the row */
  click_save (dialog);
  g_assert_null (toplevel_with ("subtype-environment"));

  /* what the core sees */
  schedules = kefu_dispatch_list_schedules (store, "", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < schedules->len; i++)
    if (((KefuTechnicianSchedule *) schedules->pdata[i])->id == tech_id)
      tech = schedules->pdata[i];
  g_assert_nonnull (tech);
  g_assert_cmpint (tech->team_id, ==, team->id);
  g_assert_cmpstr (tech->skills, ==, "environment");
  g_assert_cmpuint (tech->shifts->len, ==, 2);
  g_assert_cmpint (g_array_index (tech->shifts, KefuShift, 0).weekday, ==, 1);
  g_assert_cmpint (g_array_index (tech->shifts, KefuShift, 0).from_min, ==, 480);
  g_assert_cmpint (g_array_index (tech->shifts, KefuShift, 0).to_min, ==, 720);
  g_assert_cmpint (g_array_index (tech->shifts, KefuShift, 1).weekday, ==, 1);
  g_assert_cmpint (g_array_index (tech->shifts, KefuShift, 1).from_min, ==, 840);
  g_assert_cmpint (g_array_index (tech->shifts, KefuShift, 1).to_min, ==, 1080);
  g_assert_true (kefu_dispatch_is_on_shift (store, tech_id, g_date_time_to_unix (monday_10), &error));
  g_assert_false (kefu_dispatch_is_on_shift (store, tech_id, g_date_time_to_unix (monday_10) + 3 * 3600, &error));
  g_assert_true (kefu_dispatch_is_on_shift (store, tech_id, g_date_time_to_unix (monday_10) + 5 * 3600, &error));
  g_assert_no_error (error);
  /* the technician's row shows them */
  g_assert_true (wait_for (new_technician_listed, settings, 10));
  save_screenshot (settings, "dispatch-settings-people");
  gtk_window_destroy (GTK_WINDOW (settings));
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
  dashboard = child (f->window, KEFU_TYPE_WINDOW, "dashboard_view");
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

/* ---- charts ---------------------------------------------------------------- */

typedef struct {
  int series, category, row;
  int n;
} Activated;

static void
mark_activated_cb (KefuChartView *view,
                   int            series,
                   int            category,
                   int            row,
                   Activated     *a)
{
  a->series = series;
  a->category = category;
  a->row = row;
  a->n++;
}

static gboolean
chart_drawn (gpointer data)
{
  return kefu_chart_get_n_marks (data) > 0;
}

static void
test_chart_view_keyboard_and_style (void)
{
  static const char *const months[] = { "1月", "2月", "3月", NULL };
  static const double repair[] = { 250, 231, 280 };
  static const double complaint[] = { 42, 38, 45 };
  g_autoptr(KefuChart) chart = kefu_chart_new (KEFU_CHART_STACKED_BARS, "各月工单");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view;
  Activated activated = { 0 };
  KefuChartHit hit;
  double x, y, w, h;
  g_autofree char *tip = NULL;
  g_autofree char *expected_tip = NULL;

  kefu_chart_set_categories (chart, months);
  kefu_chart_add_series (chart, "报修", repair, 3);
  kefu_chart_add_series (chart, "投诉", complaint, 3);
  view = kefu_chart_view_new (chart);
  g_signal_connect (view, "mark-activated", G_CALLBACK (mark_activated_cb), &activated);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 400);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (chart_drawn, chart, 10));

  /* Focused: Home, Right twice, Enter (the keys' actions). */
  gtk_widget_grab_focus (view);
  wait_ms (50);
  gtk_widget_activate_action (view, "chart.move-mark", "i", G_MININT32);
  g_assert_cmpint (kefu_chart_view_get_focus_mark (KEFU_CHART_VIEW (view)), ==, 0);
  for (int i = 0; i < 2; i++)
    gtk_widget_activate_action (view, "chart.move-mark", "i", 1);
  g_assert_cmpint (kefu_chart_view_get_focus_mark (KEFU_CHART_VIEW (view)), ==, 2);
  gtk_widget_activate_action (view, "chart.activate-mark", NULL);
  g_assert_cmpint (activated.n, ==, 1);
  /* Marks go bar by bar, bottom up: the third is February's repairs. */
  g_assert_cmpint (activated.series, ==, 0);
  g_assert_cmpint (activated.category, ==, 1);
  g_assert_cmpint (activated.row, ==, -1);
  /* Up from February's repairs: February's complaints above them; Down
   * comes back; nothing is below the bottom segment. */
  gtk_widget_activate_action (view, "chart.move-mark-vertically", "i", -1);
  g_assert_cmpint (kefu_chart_view_get_focus_mark (KEFU_CHART_VIEW (view)), ==, 3);
  gtk_widget_activate_action (view, "chart.move-mark-vertically", "i", 1);
  g_assert_cmpint (kefu_chart_view_get_focus_mark (KEFU_CHART_VIEW (view)), ==, 2);
  gtk_widget_activate_action (view, "chart.move-mark-vertically", "i", 1);
  g_assert_cmpint (kefu_chart_view_get_focus_mark (KEFU_CHART_VIEW (view)), ==, 2);
  /* Past the end stays on the last; Home goes back to the first. */
  for (int i = 0; i < 10; i++)
    gtk_widget_activate_action (view, "chart.move-mark", "i", 1);
  g_assert_cmpint (kefu_chart_view_get_focus_mark (KEFU_CHART_VIEW (view)), ==, 5);
  gtk_widget_activate_action (view, "chart.move-mark", "i", G_MININT32);
  g_assert_cmpint (kefu_chart_view_get_focus_mark (KEFU_CHART_VIEW (view)), ==, 0);

  /* Hovering February's complaints: their exact count and the total;
   * nothing over the title. */
  g_assert_true (kefu_chart_get_mark (chart, 3, NULL, &x, &y, &w, &h));
  g_assert_true (kefu_chart_hit (chart, x + w / 2, y + h / 2, &hit));
  g_assert_cmpint (hit.series, ==, 1);
  g_assert_cmpint (hit.category, ==, 1);
  tip = kefu_chart_view_get_tooltip_at (KEFU_CHART_VIEW (view), x + w / 2, y + h / 2);
  expected_tip = g_strdup_printf ("2月\n%s\n%s", "投诉: 38", "Total: 269");
  if (g_str_has_prefix (lang_tag (), "zh"))
    g_assert_nonnull (strstr (tip, "38"));
  else
    g_assert_cmpstr (tip, ==, expected_tip);
  g_assert_null (kefu_chart_view_get_tooltip_at (KEFU_CHART_VIEW (view), 4, 4));
  save_screenshot (view, "chart");

  /* Dark style: dark colours. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_ms (50);
  g_assert_true (kefu_chart_get_dark (chart));
  save_screenshot (view, "chart-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  wait_ms (50);
  g_assert_false (kefu_chart_get_dark (chart));

  gtk_window_destroy (GTK_WINDOW (window));
}


/* Another program takes the database's write lock and keeps it (a
 * transaction of its own connection: BEGIN IMMEDIATE, and a write). */
static KefuStore *
hold_write_lock (const char *path)
{
  g_autoptr(GError) error = NULL;
  KefuStore *other = kefu_test_other_store_for (path);

  g_assert_true (kefu_store_begin (other, &error));
  g_assert_no_error (error);
  kefu_test_exec (other, "INSERT OR REPLACE INTO settings (key, value) VALUES ('other_program', 'was here')");
  return other;
}

static void
release_write_lock (KefuStore *other)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kefu_store_commit (other, &error));
  g_assert_no_error (error);
  g_object_unref (other);
}

static gboolean
intake_gone (gpointer data)
{
  return find_toplevel (KEFU_TYPE_INTAKE_DIALOG) == NULL;
}

static gboolean
message_dialog_gone (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

static gboolean
tried_again (gpointer data)
{
  return kefu_wait_bar_get_tries (data) >= 3;
}

static char *
buffer_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* A save that meets another program's write lock keeps the dialog and what
 * was typed, says it waits, tries again, can be stopped without losing
 * anything, and saves exactly once when the lock is let go. Errors are
 * shown at once, even in front of an alert that waits to be dismissed. */
static void
test_save_waits_for_lock (Fixture       *f,
                          gconstpointer  data)
{
  static const char *description = "地下车库B2入口闸机抬杆失灵，车辆排队";
  static const char *note = "业主来电催促，已再次联系工程部";
  GtkWidget *view, *detail, *dialog, *owner_results, *row, *desc_view, *bar, *entry, *overlay;
  g_autofree char *typed = NULL;
  g_autofree char *sql = NULL;
  KefuStore *other;
  gint64 tickets_before, notes_before, ticket_id;
  AdwToast *alert;

  open_window (f);
  sign_in (f, "chenjing");
  view = kefu_window_get_tickets_view (f->window);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  g_assert_true (wait_for (list_loaded, view, 30));
  tickets_before = kefu_test_scalar (f->path, "SELECT count(*) FROM tickets");

  /* A new ticket, typed in full. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-ticket", NULL));
  dialog = find_toplevel (KEFU_TYPE_INTAKE_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_search")), "3栋502");
  wait_ms (400);
  owner_results = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_results");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (owner_results), 0));
  g_assert_nonnull (row);
  g_signal_emit_by_name (owner_results, "row-activated", row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "subtype_row")), 1);
  desc_view = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "description_view");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (desc_view)), description, -1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "level3")), TRUE);
  g_assert_true (gtk_widget_is_sensitive (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "save_button")));
  bar = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "wait_bar");
  g_assert_false (gtk_widget_get_visible (bar));

  /* Another program writes; the agent saves. */
  other = hold_write_lock (f->path);
  g_assert_true (gtk_widget_activate_action (dialog, "intake.save", NULL));
  g_assert_true (find_toplevel (KEFU_TYPE_INTAKE_DIALOG) == dialog);
  g_assert_true (kefu_intake_dialog_is_waiting (KEFU_INTAKE_DIALOG (dialog)));
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_true (shows_text (bar, _("Another program is writing to the database; waiting… (retrying)")));
  g_assert_false (gtk_widget_is_sensitive (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "save_button")));
  /* it tries again, and the window answers meanwhile */
  g_assert_true (wait_for (tried_again, bar, 10));
  g_assert_true (kefu_intake_dialog_is_waiting (KEFU_INTAKE_DIALOG (dialog)));
  save_screenshot (dialog, "intake-waiting");

  /* Escape stops the wait; everything typed stays, nothing is saved. */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (find_toplevel (KEFU_TYPE_INTAKE_DIALOG) == dialog);
  g_assert_false (kefu_intake_dialog_is_waiting (KEFU_INTAKE_DIALOG (dialog)));
  g_assert_false (gtk_widget_get_visible (bar));
  typed = buffer_text (desc_view);
  g_assert_cmpstr (typed, ==, description);
  g_assert_true (gtk_widget_is_sensitive (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "save_button")));

  /* Saved again, it waits again; once the other program lets go, the
   * ticket is saved, once, and shown. */
  g_assert_true (gtk_widget_activate_action (dialog, "intake.save", NULL));
  g_assert_true (kefu_intake_dialog_is_waiting (KEFU_INTAKE_DIALOG (dialog)));
  wait_ms (300);
  g_assert_true (kefu_intake_dialog_is_waiting (KEFU_INTAKE_DIALOG (dialog)));
  release_write_lock (other);
  g_assert_true (wait_for (intake_gone, NULL, 10));
  sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE description = '%s'", description);
  g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, 1);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM tickets"), ==, tickets_before + 1);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM settings WHERE key = 'other_program'"), ==, 1);
  g_assert_true (wait_for (selected_is_not_loading, view, 30));
  g_assert_cmpstr (kefu_ticket_get_description (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail))), ==, description);
  ticket_id = kefu_ticket_get_id (kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail)));

  /* A note on it meets the lock too: the dialog stays with the note;
   * Cancel stops the wait and keeps the note; Add Note again waits, and
   * the note is saved once when the lock goes. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT " AND kind = 'note'", ticket_id);
  notes_before = kefu_test_scalar (f->path, sql);
  g_assert_true (gtk_widget_activate_action (detail, "ticket.note", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  entry = find_descendant (dialog, GTK_TYPE_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), note);
  bar = find_descendant (dialog, KEFU_TYPE_WAIT_BAR, NULL);
  g_assert_nonnull (bar);
  other = hold_write_lock (f->path);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  g_assert_true (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == dialog);
  g_assert_true (kefu_wait_bar_is_waiting (KEFU_WAIT_BAR (bar)));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
  save_screenshot (dialog, "note-waiting");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_true (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == dialog);
  g_assert_false (kefu_wait_bar_is_waiting (KEFU_WAIT_BAR (bar)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, note);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
  g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, notes_before);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  g_assert_true (kefu_wait_bar_is_waiting (KEFU_WAIT_BAR (bar)));
  release_write_lock (other);
  g_assert_true (wait_for (message_dialog_gone, NULL, 10));
  g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, notes_before + 1);

  /* An error toast shows at once, in front of an alert left to dismiss. */
  overlay = child (f->window, KEFU_TYPE_WINDOW, "toast_overlay");
  alert = adw_toast_new ("Ticket 20261125-0001: the response is overdue");
  adw_toast_set_timeout (alert, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), alert);
  wait_ms (200);
  /* (the alert shows, or waits behind the watcher's own) */
  g_assert_false (shows_text (overlay, "The disk holding the database is full."));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toast", "s", "The disk holding the database is full."));
  wait_ms (200);
  g_assert_true (shows_text (overlay, "The disk holding the database is full."));
}

/* One text from a query, through a connection of its own */
static char *
db_text (const char *path,
         const char *sql)
{
  return kefu_test_other_text (path, sql);
}

static gboolean
settings_not_waiting (gpointer data)
{
  return !kefu_dispatch_settings_is_waiting (data);
}

typedef struct {
  GtkWidget *settings;
  gint64     rule_id;
} RuleSwitch;

/* The rule's switch is shown on */
static gboolean
rule_switch_shows_active (gpointer data)
{
  RuleSwitch *r = data;
  GtkWidget *sw = switch_of_rule (r->settings, r->rule_id);

  return sw != NULL && gtk_switch_get_active (GTK_SWITCH (sw));
}

static gboolean
preferences_not_waiting (gpointer data)
{
  return !kefu_preferences_window_is_waiting (data);
}

static gboolean
rule_dialog_gone (gpointer data)
{
  return toplevel_with ("rule-name") == NULL;
}

/* Stop Waiting, as the user clicks it on @bar */
static void
click_stop_waiting (GtkWidget *bar)
{
  GtkWidget *stop = find_descendant (bar, GTK_TYPE_BUTTON, _("_Stop Waiting"));

  g_assert_nonnull (stop);
  g_assert_true (gtk_widget_is_sensitive (stop));
  g_signal_emit_by_name (stop, "clicked");
}

/* Preferences: a change that meets another program's write lock keeps the
 * window and what was typed, says it waits and tries again; Stop Waiting
 * or closing the window leave it as it was with nothing saved; once the
 * lock is let go it is saved, once. */
static void
test_preferences_wait_for_lock (Fixture       *f,
                                gconstpointer  data)
{
  static const char *typed = "太离谱， 物业经理、曝光";
  g_autofree char *words_before = NULL;
  GtkWidget *prefs, *row, *bar, *level2, *spin, *save;
  KefuStore *other;
  gint64 audits_before, versions;

  open_window (f);
  sign_in (f, "xuqiang");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), NULL);
  bar = find_descendant (prefs, KEFU_TYPE_WAIT_BAR, NULL);
  g_assert_nonnull (bar);
  g_assert_false (gtk_widget_get_visible (bar));
  row = child (prefs, KEFU_TYPE_PREFERENCES_WINDOW, "emotion_row");
  g_assert_true (gtk_widget_is_sensitive (row));
  words_before = db_text (f->path, "SELECT value FROM settings WHERE key = 'emotion_words'");
  audits_before = kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE detail = 'key=emotion_words'");

  /* another program writes; the supervisor applies new words */
  gtk_editable_set_text (GTK_EDITABLE (row), typed);
  other = hold_write_lock (f->path);
  g_signal_emit_by_name (row, "apply");
  g_assert_true (find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW) == prefs);
  g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_true (shows_text (bar, _("Another program is writing to the database; waiting… (retrying)")));
  g_assert_false (gtk_widget_is_sensitive (row));        /* read-only: what is shown is what is saved */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, typed);
  g_assert_true (wait_for (tried_again, bar, 10));
  g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  save_screenshot (prefs, "preferences-waiting");

  /* Stop Waiting: the words stay typed, nothing is saved */
  click_stop_waiting (bar);
  g_assert_false (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_true (gtk_widget_is_sensitive (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, typed);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE detail = 'key=emotion_words'"), ==,
                   audits_before);

  /* applied again, it waits; the lock let go, it is saved once, as the core keeps it */
  g_signal_emit_by_name (row, "apply");
  g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  wait_ms (300);
  g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  release_write_lock (other);
  g_assert_true (wait_for (preferences_not_waiting, prefs, 10));
  g_assert_false (gtk_widget_get_visible (bar));
  wait_ms (200);
  {
    g_autofree char *words = db_text (f->path, "SELECT value FROM settings WHERE key = 'emotion_words'");

    g_assert_cmpstr (words, ==, "太离谱,物业经理,曝光");
    g_assert_cmpstr (words, !=, words_before);
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "太离谱,物业经理,曝光");
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE detail = 'key=emotion_words'"), ==,
                   audits_before + 1);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM settings WHERE key = 'other_program'"), ==, 1);

  /* A policy's new target meets the lock: closing the window stops the
   * wait and keeps the window with the target typed; saved again, it is
   * saved once, a new version, when the lock goes. */
  level2 = find_expander_titled (prefs, "二级响应");
  g_assert_nonnull (level2);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (level2), TRUE);
  spin = find_descendant (level2, GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 4);
  save = find_descendant (level2, GTK_TYPE_BUTTON, _("_Save Policy"));
  g_assert_nonnull (save);
  versions = kefu_test_scalar (f->path, "SELECT count(*) FROM sla_policies");
  other = hold_write_lock (f->path);
  g_signal_emit_by_name (save, "clicked");
  g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_false (gtk_widget_is_sensitive (spin));
  g_assert_true (wait_for (tried_again, bar, 10));
  gtk_window_close (GTK_WINDOW (prefs));
  g_assert_true (find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW) == prefs);
  g_assert_false (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 4);
  g_assert_true (gtk_widget_is_sensitive (spin));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM sla_policies"), ==, versions);
  g_signal_emit_by_name (save, "clicked");
  g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM sla_policies"), ==, versions);
  release_write_lock (other);
  g_assert_true (wait_for (preferences_not_waiting, prefs, 10));
  wait_ms (300);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM sla_policies"), ==, versions + 1);
  /* the new version is the level-2 policy's, with the target typed */
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM sla_policies WHERE name LIKE '二级响应%' AND active"), ==, 1);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT response_min FROM sla_policies WHERE name LIKE '二级响应%' AND active "
                                              "AND id = (SELECT max(id) FROM sla_policies)"), ==, 4);

  /* A holiday file: read off the GUI thread, then its days wait for the
   * lock like any change, and are imported once when it goes. */
  {
    g_autofree char *json = g_test_build_filename (G_TEST_DIST, "data", "2025.json", NULL);
    g_autoptr(GArray) days = kefu_holidays_read (json, NULL);
    const char *imports = "SELECT count(*) FROM audit_log WHERE action = 'import_calendar'";
    const char *days_2025 = "SELECT count(*) FROM calendar_days d JOIN calendars c ON c.id = d.calendar_id "
                            "WHERE c.name = '工作日' AND d.date LIKE '2025-%'";
    gint64 imports_before = kefu_test_scalar (f->path, imports);

    g_assert_nonnull (days);
    g_assert_cmpint (kefu_test_scalar (f->path, days_2025), ==, 0);
    other = hold_write_lock (f->path);
    kefu_preferences_window_import_holidays (KEFU_PREFERENCES_WINDOW (prefs), "工作日", json);
    g_assert_true (wait_for (tried_again, bar, 10));
    g_assert_true (kefu_preferences_window_is_waiting (KEFU_PREFERENCES_WINDOW (prefs)));
    g_assert_cmpint (kefu_test_scalar (f->path, imports), ==, imports_before);
    release_write_lock (other);
    g_assert_true (wait_for (preferences_not_waiting, prefs, 10));
    wait_ms (200);
    g_assert_cmpint (kefu_test_scalar (f->path, imports), ==, imports_before + 1);
    g_assert_cmpint (kefu_test_scalar (f->path, days_2025), ==, days->len);
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* Dispatch Settings: a dialog's save that meets the lock keeps the dialog
 * and what was typed under its own wait bar; Cancel or Stop Waiting leave
 * it with nothing saved; when the lock goes it is saved once and the
 * dialog closes. A change made on the window (a rule's switch) waits under
 * the window's bar. */
static void
test_dispatch_settings_wait_for_lock (Fixture       *f,
                                      gconstpointer  data)
{
  static const char *name = "夜间电梯（等待）";
  g_autofree char *sql = NULL;
  KefuDispatchBoard *board;
  GtkWidget *settings, *dialog, *bar, *window_bar, *sw, *form_row;
  KefuStore *other;
  gint64 n_rules, n_teams, rule_id;

  open_window (f);
  sign_in (f, "huangwei");
  board = KEFU_DISPATCH_BOARD (child (f->window, KEFU_TYPE_WINDOW, "dispatch_board"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "s", "dispatch"));
  g_assert_true (wait_for (board_loaded, board, 30));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.settings", NULL));
  settings = find_toplevel (KEFU_TYPE_DISPATCH_SETTINGS);
  g_assert_nonnull (settings);
  n_rules = kefu_test_scalar (f->path, "SELECT count(*) FROM dispatch_rules");
  n_teams = kefu_test_scalar (f->path, "SELECT count(*) FROM teams");

  /* Add Rule…, typed in full; another program writes; Save */
  g_assert_true (gtk_widget_activate_action (settings, "settings.add-rule", NULL));
  dialog = toplevel_with ("rule-name");
  g_assert_nonnull (dialog);
  form_row = find_named (dialog, "rule-name");
  gtk_editable_set_text (GTK_EDITABLE (form_row), name);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (dialog, "rule-subtype")), code_index (KEFU_CODES_SUBTYPE, "elevator"));
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "rule-from")), "22:00");
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "rule-to")), "08:00");
  bar = find_descendant (dialog, KEFU_TYPE_WAIT_BAR, NULL);
  g_assert_nonnull (bar);
  g_assert_false (gtk_widget_get_visible (bar));
  other = hold_write_lock (f->path);
  click_save (dialog);
  g_assert_true (toplevel_with ("rule-name") == dialog);
  g_assert_true (kefu_wait_bar_is_waiting (KEFU_WAIT_BAR (bar)));
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_true (shows_text (bar, _("Another program is writing to the database; waiting… (retrying)")));
  g_assert_false (gtk_widget_is_sensitive (find_descendant (dialog, GTK_TYPE_BUTTON, _("_Save"))));
  g_assert_false (gtk_widget_is_sensitive (form_row));
  g_assert_true (wait_for (tried_again, bar, 10));
  save_screenshot (dialog, "dispatch-settings-rule-waiting");

  /* Cancel stops the wait: the dialog stays with everything typed */
  g_signal_emit_by_name (find_descendant (dialog, GTK_TYPE_BUTTON, _("_Cancel")), "clicked");
  g_assert_true (toplevel_with ("rule-name") == dialog);
  g_assert_false (kefu_wait_bar_is_waiting (KEFU_WAIT_BAR (bar)));
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_row)), ==, name);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, "rule-from"))), ==, "22:00");
  g_assert_true (gtk_widget_is_sensitive (find_descendant (dialog, GTK_TYPE_BUTTON, _("_Save"))));
  g_assert_true (gtk_widget_is_sensitive (form_row));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM dispatch_rules"), ==, n_rules);

  /* Save again: it waits; once the lock goes the rule is saved, once */
  click_save (dialog);
  g_assert_true (kefu_wait_bar_is_waiting (KEFU_WAIT_BAR (bar)));
  wait_ms (300);
  g_assert_true (toplevel_with ("rule-name") == dialog);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM dispatch_rules"), ==, n_rules);
  release_write_lock (other);
  g_assert_true (wait_for (rule_dialog_gone, NULL, 10));
  wait_ms (200);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM dispatch_rules"), ==, n_rules + 1);
  sql = g_strdup_printf ("SELECT id FROM dispatch_rules WHERE name = '%s' AND subtype = 'elevator' AND from_min = 1320 "
                         "AND to_min = 480 AND active", name);
  rule_id = kefu_test_scalar (f->path, sql);
  g_assert_cmpint (rule_id, >, 0);

  /* its switch, turned off while another program writes: the window's bar
   * waits; Stop Waiting shows it on again (nothing saved); turned off
   * again, it is saved when the lock goes */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT active FROM dispatch_rules WHERE id = %" G_GINT64_FORMAT, rule_id);
  window_bar = find_descendant (settings, KEFU_TYPE_WAIT_BAR, NULL);
  g_assert_nonnull (window_bar);
  sw = switch_of_rule (settings, rule_id);
  g_assert_nonnull (sw);
  other = hold_write_lock (f->path);
  gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
  g_assert_true (kefu_dispatch_settings_is_waiting (KEFU_DISPATCH_SETTINGS (settings)));
  g_assert_true (gtk_widget_get_visible (window_bar));
  g_assert_true (wait_for (tried_again, window_bar, 10));
  g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, 1);
  click_stop_waiting (window_bar);
  g_assert_false (kefu_dispatch_settings_is_waiting (KEFU_DISPATCH_SETTINGS (settings)));
  g_assert_true (wait_for (rule_switch_shows_active, &(RuleSwitch) { settings, rule_id }, 10));
  g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, 1);
  gtk_switch_set_active (GTK_SWITCH (switch_of_rule (settings, rule_id)), FALSE);
  g_assert_true (kefu_dispatch_settings_is_waiting (KEFU_DISPATCH_SETTINGS (settings)));
  release_write_lock (other);
  g_assert_true (wait_for (settings_not_waiting, settings, 10));
  g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, 0);
  wait_ms (100);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (switch_of_rule (settings, rule_id))));

  /* Add Team…: Stop Waiting on the dialog's bar leaves it with the name
   * typed; closed then, nothing was ever saved */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (settings), "teams");
  g_assert_true (gtk_widget_activate_action (settings, "settings.add-team", NULL));
  dialog = toplevel_with ("team-name");
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "team-name")), "等待组");
  bar = find_descendant (dialog, KEFU_TYPE_WAIT_BAR, NULL);
  other = hold_write_lock (f->path);
  click_save (dialog);
  g_assert_true (kefu_wait_bar_is_waiting (KEFU_WAIT_BAR (bar)));
  /* Escape stops the wait too, and keeps the dialog */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (toplevel_with ("team-name") == dialog);
  g_assert_false (kefu_wait_bar_is_waiting (KEFU_WAIT_BAR (bar)));
  click_save (dialog);
  g_assert_true (kefu_wait_bar_is_waiting (KEFU_WAIT_BAR (bar)));
  click_stop_waiting (bar);
  g_assert_true (toplevel_with ("team-name") == dialog);
  g_assert_false (kefu_wait_bar_is_waiting (KEFU_WAIT_BAR (bar)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, "team-name"))), ==, "等待组");
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM teams"), ==, n_teams);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_ms (100);
  g_assert_null (toplevel_with ("team-name"));
  release_write_lock (other);
  wait_ms (300);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM teams"), ==, n_teams);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM teams WHERE name = '等待组'"), ==, 0);
  gtk_window_destroy (GTK_WINDOW (settings));
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

/* Backups --------------------------------------------------------------------- */

static gboolean
runner_idle (gpointer data)
{
  return !kefu_backup_runner_is_running (data);
}

static GtkWidget *
find_row_with_subtitle (GtkWidget  *widget,
                        const char *part)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));
      if (subtitle != NULL && strstr (subtitle, part) != NULL)
        return widget;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row_with_subtitle (c, part);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label_starting (GtkWidget  *widget,
                     const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label_starting (c, prefix);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
flag_cb (GtkWidget *widget,
         gboolean  *flag)
{
  *flag = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
window_signed_out (gpointer data)
{
  GtkWidget *w = find_toplevel (KEFU_TYPE_WINDOW);
  return w != NULL && g_strcmp0 (kefu_window_get_page (KEFU_WINDOW (w)), "sign-in") == 0;
}

/* Preferences ▸ Backups ▸ Back Up Now makes a checked backup, listed on the
 * page; Restore… puts it back after a confirmation, keeping the data of
 * the moment aside, and the window reopens the database. */
static void
test_preferences_backups (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir.dir, "second-disk", "kefu-backups", NULL);
  g_autofree char *verify = g_build_filename (f->dir.dir, "verify.db", NULL);
  g_autofree char *name = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *prefs, *button, *row, *dialog;
  KefuBackupRunner *runner;
  KefuRestore *checked;
  gboolean destroyed = FALSE;

  open_window (f);
  sign_in (f, "admin");
  g_assert_true (kefu_backup_set_folder (kefu_window_get_store (f->window), folder, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "backups");
  g_assert_nonnull (find_row_with_subtitle (prefs, folder));

  button = find_descendant (prefs, GTK_TYPE_BUTTON, _("_Back Up Now"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  runner = kefu_window_get_backups (f->window);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (kefu_backup_runner_is_running (runner));
  g_assert_false (gtk_widget_is_sensitive (button));   /* one at a time */
  g_assert_true (wait_for (runner_idle, runner, 120));
  g_assert_true (gtk_widget_is_sensitive (button));

  /* one file, that passes the checks of a restore */
  files = kefu_backup_list (folder, f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  checked = kefu_restore_prepare (((KefuBackupFile *) files->pdata[0])->path, verify, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_restore_get_schema_version (checked), ==, KEFU_SCHEMA_VERSION);
  kefu_restore_free (checked);
  /* listed on the page */
  name = g_strdup (((KefuBackupFile *) files->pdata[0])->name);
  row = find_row_with_subtitle (prefs, name);
  g_assert_nonnull (row);
  save_screenshot (prefs, "preferences-backups");

  /* a change after the backup, then Restore… */
  g_assert_true (kefu_store_set_setting (kefu_window_get_store (f->window), "test_marker", "after the backup", &error));
  button = find_descendant (row, GTK_TYPE_BUTTON, _("_Restore…"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "kefu.db.before-restore-"));
  save_screenshot (dialog, "preferences-backups-restore");
  g_signal_connect (f->window, "destroy", G_CALLBACK (flag_cb), &destroyed);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  g_assert_true (wait_for (flag_set, &destroyed, 120));
  f->window = KEFU_WINDOW (find_toplevel (KEFU_TYPE_WINDOW));
  g_assert_nonnull (f->window);
  g_assert_true (wait_for (window_signed_out, NULL, 60));
  g_assert_null (find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW));

  /* the backup's data, and the data of the moment beside it; the same clock */
  g_assert_true (kefu_store_has_fixed_now (kefu_window_get_store (f->window)));
  g_assert_cmpint (kefu_store_now (kefu_window_get_store (f->window)), ==, TEST_NOW);
  marker = kefu_store_get_setting (kefu_window_get_store (f->window), "test_marker");
  g_assert_null (marker);
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir.dir, 0, NULL);
    const char *entry;

    /* (its audit anchor went aside with it, kefu-audit.h) */
    while ((entry = g_dir_read_name (dir)) != NULL)
      if (g_str_has_prefix (entry, "kefu.db.before-restore-") && !g_str_has_suffix (entry, ".audit-anchor"))
        {
          g_assert_null (aside);
          aside = g_build_filename (f->dir.dir, entry, NULL);
        }
  }
  g_assert_nonnull (aside);
  g_assert_cmpint (kefu_test_scalar (aside, "SELECT count(*) FROM settings WHERE value = 'after the backup'"), ==, 1);
  g_assert_nonnull (find_label_starting (GTK_WIDGET (f->window), _("The backup was restored.")));

  /* a supervisor may back up, not restore or move the folder */
  sign_in (f, "xuqiang");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_widget_is_sensitive (find_descendant (prefs, GTK_TYPE_BUTTON, _("_Back Up Now"))));
  g_assert_false (gtk_widget_is_sensitive (find_descendant (prefs, GTK_TYPE_BUTTON, _("_Restore…"))));
  g_assert_false (gtk_widget_is_sensitive (find_descendant (prefs, GTK_TYPE_BUTTON, _("_Change…"))));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static gboolean
has_backup (gpointer data)
{
  const char * const *args = data;
  g_autoptr(GPtrArray) files = kefu_backup_list (args[0], args[1], NULL);
  return files != NULL && files->len > 0;
}

static gboolean
shows_backup_failure (gpointer data)
{
  return find_label_starting (data, _("The automatic backup failed")) != NULL;
}

/* The window backs up by itself after its first frame; when that fails,
 * the window says so. */
static void
test_automatic_backups (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir.dir, "backups", NULL);
  g_autofree char *blocker = g_build_filename (f->dir.dir, "unplugged-disk", NULL);
  g_autofree char *gone = g_build_filename (blocker, "kefu-backups", NULL);
  const char *args[] = { folder, f->path };
  g_autoptr(GError) error = NULL;
  GtkWidget *prefs;

  {
    g_autoptr(KefuStore) store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    /* the administrator's choice, made earlier */
    kefu_store_set_actor (store, kefu_test_scalar (f->path, "SELECT id FROM users WHERE role = 'admin' LIMIT 1"));
    g_assert_true (kefu_backup_set_folder (store, folder, &error));
  }
  f->window = kefu_window_new (NULL);
  kefu_window_set_auto_backup (f->window, TRUE);
  kefu_test_window_open_at (f->window, f->path, TEST_NOW);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (has_backup, args, 120));
  g_assert_true (wait_for (runner_idle, kefu_window_get_backups (f->window), 60));
  {
    /* named by the store's clock */
    g_autoptr(GPtrArray) files = kefu_backup_list (folder, f->path, NULL);
    g_assert_cmpint (((KefuBackupFile *) files->pdata[0])->time, ==, TEST_NOW);
  }
  g_assert_false (shows_backup_failure (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;

  /* the folder's disk is gone */
  g_assert_true (g_file_set_contents (blocker, "not a folder", -1, NULL));
  {
    g_autoptr(KefuStore) store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_true (kefu_store_set_setting (store, "backup_folder", gone, &error));
  }
  f->window = kefu_window_new (NULL);
  kefu_window_set_auto_backup (f->window, TRUE);
  kefu_test_window_open_at (f->window, f->path, TEST_NOW);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (shows_backup_failure, f->window, 120));
  save_screenshot (GTK_WIDGET (f->window), "automatic-backup-failed");

  /* the toast's button leads to why, on the Backups page */
  sign_in (f, "admin");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.backup-preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (prefs)), ==, "backups");
  {
    g_auto(GStrv) parts = g_strsplit (_("The last backup failed: %s"), "%s", 2);
    GtkWidget *row = find_row_with_subtitle (prefs, parts[0]);

    g_assert_nonnull (row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), blocker));
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* The capability profile: an agent sees her own (no person list, not
 * audited); a supervisor picks another person, which is audited. */
static void
test_people_profile (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  const KefuProfile *p;
  gint64 chenjing, zhangmin;

  open_window (f);
  sign_in (f, "chenjing");
  chenjing = kefu_test_scalar (f->path, "SELECT id FROM users WHERE login = 'chenjing'");
  zhangmin = kefu_test_scalar (f->path, "SELECT id FROM users WHERE login = 'zhangmin'");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.people", NULL));
  window = find_toplevel (KEFU_TYPE_PEOPLE_WINDOW);
  g_assert_nonnull (window);
  p = kefu_people_window_get_profile (KEFU_PEOPLE_WINDOW (window));
  g_assert_cmpint (p->user_id, ==, chenjing);
  g_assert_false (gtk_widget_get_visible (child (window, KEFU_TYPE_PEOPLE_WINDOW, "person_dropdown")));
  /* the label shows each family's score as the core computed it */
  {
    const char *text = gtk_label_get_text (GTK_LABEL (child (window, KEFU_TYPE_PEOPLE_WINDOW, "details_label")));
    g_autofree char *line = isnan (p->radar[KEFU_CAPABILITY_COMMUNICATION].score) ? NULL
      : g_strdup_printf ("%s  %.1f", kefu_capability_label (KEFU_CAPABILITY_COMMUNICATION),
                         p->radar[KEFU_CAPABILITY_COMMUNICATION].score);
    g_assert_nonnull (strstr (text, kefu_capability_label (KEFU_CAPABILITY_PROBLEM_SOLVING)));
    if (line != NULL)
      g_assert_nonnull (strstr (text, line));
  }
  g_assert_false (kefu_people_window_show_person (KEFU_PEOPLE_WINDOW (window), zhangmin, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  save_screenshot (window, "people-profile-agent");
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action = 'profile_viewed'"), ==, 0);

  sign_in (f, "xuqiang");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.people", NULL));
  window = find_toplevel (KEFU_TYPE_PEOPLE_WINDOW);
  g_assert_true (gtk_widget_get_visible (child (window, KEFU_TYPE_PEOPLE_WINDOW, "person_dropdown")));
  /* each person as name and role: "陈静 (Service agent)", in Chinese with
   * full-width brackets "陈静（客服专员）" */
  {
    GListModel *people = gtk_drop_down_get_model (GTK_DROP_DOWN (child (window, KEFU_TYPE_PEOPLE_WINDOW, "person_dropdown")));
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (people); i++)
      {
        g_autoptr(GtkStringObject) item = g_list_model_get_item (people, i);
        const char *text = gtk_string_object_get_string (item);

        if (g_str_equal (lang_tag (), "zh_CN"))
          {
            g_assert_null (strchr (text, '('));
            g_assert_null (strchr (text, ')'));
            g_assert_nonnull (strstr (text, "（"));
            g_assert_true (g_str_has_suffix (text, "）"));
          }
        found |= g_str_has_prefix (text, "陈静");
      }
    g_assert_true (found);
  }
  g_assert_true (kefu_people_window_show_person (KEFU_PEOPLE_WINDOW (window), chenjing, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kefu_people_window_get_profile (KEFU_PEOPLE_WINDOW (window))->user_id, ==, chenjing);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action = 'profile_viewed' "
                                              "AND user_id = (SELECT id FROM users WHERE login = 'xuqiang')"), ==, 1);
  save_screenshot (window, "people-profile");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  setlocale (LC_ALL, "");
  kefu_i18n_init ();
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_message ("no display: the GUI tests need one (build-aux/kefu test runs them under Xvfb)");
      return 77;
    }
  adw_init ();
  kefu_load_style ();
  /* Screenshots show settled pages, not a cross-fade half way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define GUI_ADD(path, n, func) g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_setup, func, fixture_teardown)
  GUI_ADD ("/gui/window/new-database-welcome-start-empty", 0, test_new_database_welcome_start_empty);
  GUI_ADD ("/gui/window/welcome-loads-sample", 0, test_welcome_loads_sample);
  GUI_ADD ("/gui/window/not-a-database-shows-error", 0, test_not_a_database_shows_error);
  GUI_ADD ("/gui/window/lock-ctrl-l-idle-masked-alerts", 200, test_lock);
  GUI_ADD ("/gui/tickets/second-person-pin-in-place", 200, test_second_person_in_place);
  GUI_ADD ("/gui/tickets/select-shows-detail", 1500, test_select_shows_detail);
  GUI_ADD ("/gui/tickets/search-and-filter", 1500, test_search_filters_list);
  GUI_ADD ("/gui/tickets/intake-to-closure", 600, test_intake_to_closure);
  GUI_ADD ("/gui/tickets/step-buttons-stay-after-each-step", 300, test_step_buttons_stay);
  GUI_ADD ("/gui/tickets/intake-keys-and-unit-history", 300, test_intake_keys_and_unit_history);
  GUI_ADD ("/gui/tickets/save-waits-for-lock", 300, test_save_waits_for_lock);
  GUI_ADD ("/gui/preferences/save-waits-for-lock", 100, test_preferences_wait_for_lock);
  GUI_ADD ("/gui/dispatch/settings-save-waits-for-lock", 300, test_dispatch_settings_wait_for_lock);
  GUI_ADD ("/gui/window/open-waits-for-writer", 0, test_open_waits_for_writer);
  GUI_ADD ("/gui/window/error-page-try-again", 0, test_error_page_try_again);
  GUI_ADD ("/gui/tickets/saved-views-and-filters", 1500, test_saved_views_and_filters);
  GUI_ADD ("/gui/tickets/user-views-save-restart-rename-update-delete", 600, test_user_views);
  GUI_ADD ("/gui/tickets/follow-up-order-and-filter-chips", 600, test_views_order_and_filter_chips);
  GUI_ADD ("/gui/privacy/exports-audit-log-erasure", 300, test_privacy_desk);
  GUI_ADD ("/gui/people/profile-radar", 300, test_people_profile);
  GUI_ADD ("/gui/import/preview-then-good-rows", 300, test_import_preview);
  GUI_ADD ("/gui/sla/notification-opens-ticket", 200, test_sla_notification);
  GUI_ADD ("/gui/sla/urgent-levels-at-the-desk", 200, test_urgent_levels_at_the_desk);
  GUI_ADD ("/gui/preferences/service-levels", 100, test_preferences_service_levels);
  GUI_ADD ("/gui/tickets/scrolls-to-the-end", 1500, test_scrolls_to_the_end);
  GUI_ADD ("/gui/tickets/columns-fit-1200-and-1366", 300, test_columns_fit_narrow_windows);
  GUI_ADD ("/gui/window/views-and-screenshots", 1500, test_views_and_screenshots);
  GUI_ADD ("/gui/window/readme-screenshots-1366", 1500, test_readme_screenshots);
  GUI_ADD ("/gui/window/dark-style", 400, test_dark_style);
  GUI_ADD ("/gui/dashboard/figures-and-drill-down", 1500, test_dashboard);
  GUI_ADD ("/gui/dashboard/report-month-picker-and-mnemonics", 300, test_dashboard_report_month);
  GUI_ADD ("/gui/dispatch/board-assign-undo-keyboard", 600, test_dispatch_board);
  GUI_ADD ("/gui/dispatch/board-night-fits-counts-search-scroll", 600, test_dispatch_board_night);
  GUI_ADD ("/gui/dispatch/dialog-proposes-the-rules-choice", 200, test_dispatch_dialog_proposes);
  GUI_ADD ("/gui/dispatch/settings-rules-and-leave", 600, test_dispatch_settings);
  GUI_ADD ("/gui/dispatch/settings-team-technician-shifts", 300, test_dispatch_settings_people);
  GUI_ADD ("/gui/dispatch/appointment-on-the-time-axis-and-days", 600, test_dispatch_time_axis);
  GUI_ADD ("/gui/reliability/file-choosers-keep-the-locks", 300, test_file_choosers_keep_locks);
  GUI_ADD ("/gui/reliability/background-problems-in-the-window", 200, test_background_problems);
  GUI_ADD ("/gui/reliability/damaged-file-found-after-opening", 200, test_damaged_file_found);
  GUI_ADD ("/gui/preferences/backups-back-up-now-and-restore", 100, test_preferences_backups);
  GUI_ADD ("/gui/window/automatic-backups-and-failure", 50, test_automatic_backups);
#undef GUI_ADD
  g_test_add_func ("/gui/charts/keyboard-activates-and-follows-style", test_chart_view_keyboard_and_style);

  return g_test_run ();
}
