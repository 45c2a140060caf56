/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-server.c — the window on a database server (#20), under Xvfb:
 * `kefu --db URI` shows the server's sign-in page (login and password),
 * a wrong password is refused in words and without freezing the window,
 * the right one signs the person in as their PostgreSQL role, the ticket
 * list shows the server's tickets, and an agent logs a ticket through the
 * intake dialog. The views not on a server yet say so.
 *
 * Runs once in English and once in zh_CN and leaves screenshots of the
 * sign-in page and the list. Skipped without the test cluster
 * (tests/kefu-pg-cluster.sh, KEFU_TEST_PG).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-test-gui-window.h"
#include "kefu-test-engines.h"
#include "kefu-server-sign-in.h"

typedef struct {
  Fixture     gui;
  char       *spec;    /* the server's database, without credentials */
  KefuStore  *owner;   /* the tables' owner (the test harness) */
  char       *agent;   /* the agent's login: a role of the cluster, named per process */
} ServerFixture;

static void
fill_sample (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { 30, 5, TEST_NOW, NULL };

  kefu_store_set_now (store, TEST_NOW);
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* dispatched by hand in this test */
  kefu_store_set_actor (store, kefu_test_store_scalar (store, "SELECT id FROM users WHERE login = 'huangwei'"));
  g_assert_true (kefu_dispatch_set_auto (store, FALSE, &error));
  g_assert_no_error (error);
  kefu_store_set_actor (store, 0);
}

static void
server_setup (ServerFixture *f,
              gconstpointer  data)
{
  g_autofree char *sql = NULL;

  if (g_getenv ("KEFU_TEST_PG") == NULL || *g_getenv ("KEFU_TEST_PG") == '\0')
    {
      kefu_test_pg_skip (data);
      return;
    }
  kefu_test_dir_setup (&f->gui.dir, data);
  f->owner = kefu_test_engine_open (&f->gui.dir, &kefu_test_on_server, fill_sample, &f->spec);
  f->agent = g_strdup_printf ("gui_agent_%d", (int) getpid ());
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '前台小周', 'agent', 'desk-password-1')", f->agent);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), >, 0);
}

static void
server_teardown (ServerFixture *f,
                 gconstpointer  data)
{
  if (f->owner == NULL)
    return;
  if (f->gui.window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->gui.window));
  f->gui.window = NULL;
  wait_ms (100);
  g_clear_object (&f->owner);
  kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KefuEngine) admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);
    g_autofree char *sql = g_strdup_printf ("DROP ROLE IF EXISTS %s", f->agent);

    g_assert_no_error (error);
    g_assert_true (kefu_engine_exec (admin, sql, &error));
    g_assert_no_error (error);
  }
  g_free (f->agent);
  kefu_test_dir_teardown (&f->gui.dir, data);
}

static gboolean
not_busy (gpointer data)
{
  return !kefu_server_sign_in_is_busy (data);
}

static gboolean
at_main_page (gpointer data)
{
  return g_strcmp0 (kefu_window_get_page (data), "main") == 0;
}

static void
test_sign_in_and_log_a_ticket (ServerFixture *f,
                               gconstpointer  data)
{
  KefuServerSignIn *page;
  GtkWidget *view, *detail, *dialog, *owner_results, *row;
  GtkTextBuffer *buffer;
  KefuTicket *ticket;
  KefuStore *store;
  g_autofree char *place = NULL;
  g_autofree char *sql = NULL;
  gint64 before;
  guint spins = 0;

  if (f->owner == NULL)
    return;
  f->gui.window = kefu_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->gui.window), 1400, 860);
  /* what `kefu --db URI` does */
  kefu_window_open_database (f->gui.window, f->spec);
  gtk_window_present (GTK_WINDOW (f->gui.window));
  g_assert_cmpstr (kefu_window_get_page (f->gui.window), ==, "server-sign-in");
  g_assert_null (kefu_window_get_store (f->gui.window));
  page = kefu_window_get_server_sign_in (f->gui.window);
  save_screenshot (GTK_WIDGET (f->gui.window), "server-sign-in");

  /* a wrong password: the page stays, says so, and the window keeps
   * answering while the server makes it wait (auth_delay) */
  kefu_server_sign_in_submit (page, f->agent, "not-my-password");
  g_assert_true (kefu_server_sign_in_is_busy (page));
  while (kefu_server_sign_in_is_busy (page) && spins < 600)
    {
      wait_ms (50);
      spins++;
    }
  g_assert_false (kefu_server_sign_in_is_busy (page));
  g_assert_cmpuint (spins, >, 0);   /* the main loop ran while the server checked */
  g_assert_cmpstr (kefu_window_get_page (f->gui.window), ==, "server-sign-in");
  g_assert_nonnull (kefu_server_sign_in_get_message (page));
  g_assert_nonnull (strstr (kefu_server_sign_in_get_message (page), f->agent));
  g_assert_null (strstr (kefu_server_sign_in_get_message (page), "not-my-password"));
  if (g_str_equal (lang_tag (), "zh_CN"))
    g_assert_nonnull (strstr (kefu_server_sign_in_get_message (page), "密码"));
  save_screenshot (GTK_WIDGET (f->gui.window), "server-sign-in-refused");

  /* the right one */
  kefu_server_sign_in_submit (page, f->agent, "desk-password-1");
  g_assert_true (wait_for (not_busy, page, 30));
  g_assert_true (wait_for (at_main_page, f->gui.window, 30));
  store = kefu_window_get_store (f->gui.window);
  g_assert_true (kefu_store_is_server (store));
  g_assert_cmpstr (kefu_store_get_person (store), ==, f->agent);
  g_assert_cmpstr (kefu_user_get_login (kefu_window_get_user (f->gui.window)), ==, f->agent);
  g_assert_cmpstr (kefu_user_get_role (kefu_window_get_user (f->gui.window)), ==, "agent");

  /* the list: the server's tickets */
  view = kefu_window_get_tickets_view (f->gui.window);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  g_assert_true (wait_for (list_loaded, view, 60));
  before = kefu_test_store_scalar (f->owner, "SELECT count(*) FROM tickets");
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view)))), >, 0);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view)))), <=, before);
  save_screenshot (GTK_WIDGET (f->gui.window), "server-tickets");

  /* an agent logs a ticket: the owner found by their unit */
  place = kefu_test_store_text (f->owner, "SELECT b.name || u.name FROM owner_units ou JOIN units u ON u.id = ou.unit_id "
                                          "JOIN buildings b ON b.id = u.building_id ORDER BY ou.owner_id LIMIT 1");
  g_assert_nonnull (place);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->gui.window), "win.new-ticket", NULL));
  dialog = find_toplevel (KEFU_TYPE_INTAKE_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_search")), place);
  owner_results = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_results");
  for (int i = 0; i < 100 && gtk_list_box_get_row_at_index (GTK_LIST_BOX (owner_results), 0) == NULL; i++)
    wait_ms (100);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (owner_results), 0));
  g_assert_nonnull (row);
  g_signal_emit_by_name (owner_results, "row-activated", row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "subtype_row")), 1);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "description_view")));
  gtk_text_buffer_set_text (buffer, "阳台地漏反水，服务器测试", -1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "level3")), TRUE);
  g_assert_true (gtk_widget_is_sensitive (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "save_button")));
  g_assert_true (gtk_widget_activate_action (dialog, "intake.save", NULL));

  /* saved on the server, selected, the agent's own */
  g_assert_true (wait_for (selected_is_not_loading, view, 60));
  ticket = kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail));
  g_assert_cmpstr (kefu_ticket_get_description (ticket), ==, "阳台地漏反水，服务器测试");
  g_assert_cmpstr (kefu_ticket_get_status (ticket), ==, "new");
  g_assert_cmpstr (kefu_ticket_get_location (ticket), ==, place);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM tickets"), ==, before + 1);
  sql = g_strdup_printf ("SELECT count(*) FROM tickets t JOIN users u ON u.id = t.agent_id "
                         "WHERE t.description = '阳台地漏反水，服务器测试' AND u.login = '%s'", f->agent);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  save_screenshot (GTK_WIDGET (f->gui.window), "server-ticket-logged");

  /* the dashboard is not on a server yet: it says so */
  kefu_window_set_view (f->gui.window, "dashboard");
  wait_ms (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->gui.window)));
  save_screenshot (GTK_WIDGET (f->gui.window), "server-dashboard");
  kefu_window_set_view (f->gui.window, "tickets");

  /* locked, the desk asks the same person's password again */
  kefu_window_lock (f->gui.window);
  g_assert_cmpstr (kefu_window_get_page (f->gui.window), ==, "server-sign-in");
  kefu_server_sign_in_submit (page, f->agent, "desk-password-1");
  g_assert_true (wait_for (at_main_page, f->gui.window, 30));
  g_assert_true (kefu_window_get_store (f->gui.window) == store);
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;
  g_test_add ("/gui/server/sign-in-and-log-a-ticket", ServerFixture, NULL, server_setup,
              test_sign_in_and_log_a_ticket, server_teardown);
  return g_test_run ();
}
