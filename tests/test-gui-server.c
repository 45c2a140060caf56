/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-server.c — the window on a database server (#20), under Xvfb:
 * `kefu --db URI` shows the server's sign-in page (login and password),
 * a wrong password is refused in words and without freezing the window,
 * the right one signs the person in as their PostgreSQL role, the ticket
 * list shows the server's tickets, and an agent logs a ticket through the
 * intake dialog. The dashboard (as a supervisor's, a trainer's and a
 * one-estate supervisor's role) and the people (managed by an
 * administrator) run there; training has a test of its own
 * (test-gui-server-training).
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
#include "kefu-test-gui-server.h"
#include "kefu-server-people.h"
#include "kefu-people-window.h"
#include "kefu-server-people-window.h"

typedef struct {
  Fixture     gui;
  char       *spec;    /* the server's database, without credentials */
  KefuStore  *owner;   /* the tables' owner (the test harness) */
  char       *agent;   /* the agent's login: a role of the cluster, named per process */
  GPtrArray  *roles;   /* the other logins a test made, dropped at teardown */
} ServerFixture;

static void
server_setup (ServerFixture *f,
              gconstpointer  data)
{
  g_autofree char *sql = NULL;

  if ((f->owner = kefu_test_server_owner (&f->gui.dir, data, kefu_test_fill_sample_by_hand, &f->spec)) == NULL)
    return;
  f->agent = g_strdup_printf ("gui_agent_%d", (int) getpid ());
  f->roles = g_ptr_array_new_with_free_func (g_free);
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
  g_ptr_array_add (f->roles, g_strdup (f->agent));
  g_ptr_array_add (f->roles, NULL);
  kefu_test_drop_roles (g_getenv ("KEFU_TEST_PG"), (const char * const *) f->roles->pdata);
  g_clear_pointer (&f->roles, g_ptr_array_unref);
  g_free (f->agent);
  kefu_test_dir_teardown (&f->gui.dir, data);
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
  g_assert_true (wait_for (kefu_test_sign_in_done, page, 30));
  g_assert_true (wait_for (kefu_test_at_main_page, f->gui.window, 30));
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

  /* the dashboard runs on a server too, as the agent's role; so does
   * training (a paper sat there: test-gui-server-training) */
  kefu_window_set_view (f->gui.window, "dashboard");
  g_assert_true (wait_for (dashboard_loaded, kefu_window_get_view (f->gui.window, "dashboard"), 60));
  g_assert_true (gtk_widget_get_mapped (kefu_window_get_view (f->gui.window, "dashboard")));
  kefu_window_set_view (f->gui.window, "training");
  wait_ms (100);
  save_screenshot (GTK_WIDGET (f->gui.window), "server-training");
  kefu_window_set_view (f->gui.window, "tickets");

  /* locked, the desk asks the same person's password again */
  kefu_window_lock (f->gui.window);
  g_assert_cmpstr (kefu_window_get_page (f->gui.window), ==, "server-sign-in");
  kefu_server_sign_in_submit (page, f->agent, "desk-password-1");
  g_assert_true (wait_for (kefu_test_at_main_page, f->gui.window, 30));
  g_assert_true (kefu_window_get_store (f->gui.window) == store);
}

/* A moment in the desk's zone (the tests run in Asia/Shanghai) */
static gint64
local_at (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = g_date_time_new (tz, y, mo, d, h, mi, 0);

  return g_date_time_to_unix (dt);
}

/* A person of the center made by the administrator's function (as the
 * tables' owner, who runs it here), dropped at teardown; their login */
static char *
make_person (ServerFixture *f,
             const char    *what,
             const char    *name,
             const char    *role,
             const char    *estates)
{
  char *login = g_strdup_printf ("gui_%s_%d", what, (int) getpid ());
  g_autofree char *sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '%s', '%s', 'desk-password-1', %s)",
                                          login, name, role, estates);

  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), >, 0);
  g_ptr_array_add (f->roles, g_strdup (login));
  return login;
}

/* A new window on the server, @login signed in with @password */
static void
sign_in_with (ServerFixture *f,
              const char    *login,
              const char    *password)
{
  if (f->gui.window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->gui.window));
      wait_ms (100);
    }
  f->gui.window = kefu_test_server_window (f->spec, login, password);
}

/* … with the password make_person() gives */
static void
sign_in_as (ServerFixture *f,
            const char    *login)
{
  sign_in_with (f, login, "desk-password-1");
}

/* Two estates of the test's own, and five tickets in March 2024 (a month
 * the sample does not reach): three in the east estate, two in the west */
static void
add_march_tickets (ServerFixture *f)
{
  static const struct {
    int estate, day, hour;
    const char *channel, *kind, *subtype, *status;
    gint64 response_after, resolved_after;
    int satisfaction;
  } rows[] = {
    { 9001, 4, 9, "phone", "repair", "plumbing_electrical", "closed", 10 * 60, 5 * 3600, 5 },
    { 9001, 5, 10, "wechat", "complaint", "noise", "dispatched", 30 * 60, 0, 0 },
    { 9001, 12, 14, "phone", "inquiry", "fees", "new", 0, 0, 0 },
    { 9002, 6, 11, "app", "repair", "elevator", "resolved", 5 * 60, 2 * 3600, 0 },
    { 9002, 20, 16, "phone", "complaint", "noise", "closed", 20 * 60, 40 * 3600, 3 },
  };

  kefu_test_store_exec (f->owner,
                        "INSERT INTO estates (id, name, created_at) VALUES (9001, '测试东苑', 0), (9002, '测试西苑', 0);"
                        "INSERT INTO buildings (id, estate_id, name) VALUES (9101, 9001, '东1栋'), (9102, 9002, '西1栋');"
                        "INSERT INTO units (id, building_id, name) VALUES (9201, 9101, '101'), (9202, 9102, '202')");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gint64 created = local_at (2024, 3, rows[i].day, rows[i].hour, 0);
      gboolean closed = g_str_equal (rows[i].status, "closed");
      g_autofree char *response = rows[i].response_after > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, created + rows[i].response_after)
                                                             : g_strdup ("NULL");
      g_autofree char *resolved = rows[i].resolved_after > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, created + rows[i].resolved_after)
                                                             : g_strdup ("NULL");
      g_autofree char *closed_at = closed ? g_strdup_printf ("%" G_GINT64_FORMAT, created + rows[i].resolved_after + 3600)
                                          : g_strdup ("NULL");
      g_autofree char *rating = rows[i].satisfaction > 0 ? g_strdup_printf ("%d", rows[i].satisfaction) : g_strdup ("NULL");
      g_autofree char *sql = g_strdup_printf (
          "INSERT INTO tickets (number, channel, kind, subtype, level, estate_id, building_id, unit_id, location, "
          "description, status, created_at, first_response_at, resolved_at, closed_at, satisfaction, followed_up_at, "
          "reopen_count, response_due_at, resolution_due_at, updated_at) "
          "VALUES ('20240300-%04u', '%s', '%s', '%s', 3, %d, %d, %d, '测试', '看板测试', '%s', %" G_GINT64_FORMAT ", "
          "%s, %s, %s, %s, %s, 0, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
          i + 1, rows[i].channel, rows[i].kind, rows[i].subtype, rows[i].estate, rows[i].estate + 100,
          rows[i].estate + 200, rows[i].status, created, response, resolved, closed_at, rating, closed_at,
          created + 15 * 60, created + 24 * 3600, created);

      kefu_test_store_exec (f->owner, sql);
    }
}

/* The dashboard of the person signed in, on March 2024: every tile shows
 * the core's figure computed by @core for the same month; the number of
 * tickets is @tickets. Its view. */
static GtkWidget *
dashboard_shows (ServerFixture *f,
                 KefuStore     *core,
                 double         tickets)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiReport) report = NULL;
  GtkWidget *view;
  gint64 from, to;

  view = kefu_window_get_view (f->gui.window, "dashboard");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->gui.window), "win.view", "s", "dashboard"));
  kefu_dashboard_view_set_period (KEFU_DASHBOARD_VIEW (view), KEFU_PERIOD_MONTH, local_at (2024, 3, 15, 12, 0));
  g_assert_true (wait_for (dashboard_loaded, view, 60));
  g_assert_true (gtk_widget_get_mapped (view));
  kefu_dashboard_view_get_range (KEFU_DASHBOARD_VIEW (view), &from, &to);
  g_assert_cmpint (from, ==, local_at (2024, 3, 1, 0, 0));
  g_assert_cmpint (to, ==, local_at (2024, 4, 1, 0, 0));
  report = kefu_kpi_compute (core, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (report->value[KEFU_KPI_TICKETS], ==, tickets);
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      g_autofree char *shown = kefu_dashboard_view_get_tile_text (KEFU_DASHBOARD_VIEW (view), k);
      g_autofree char *expected = kefu_kpi_format (k, report->value[k]);

      g_assert_cmpstr (shown, ==, expected);
    }
  return view;
}

/* Saves through the file chooser that @action_name opens on @widget, as
 * @name in the test's folder; the file's path once written */
static void
assert_file_starts (const char *path,
                    const char *magic,
                    gsize       length)
{
  g_autofree char *contents = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size, >, length);
  g_assert_true (memcmp (contents, magic, length) == 0);
}

/* The dashboard on a server, as each person's own role (#20): a
 * supervisor bound to one estate sees that estate's tickets only, and
 * does not spoil the center's roll-up for the others; a trainer, who may
 * not write the roll-up, sees the figures read from the tickets; a
 * supervisor of every estate sees all five, the same figures as the core
 * computes, exports a chart (PNG and PDF) and the month's report. */
static void
test_supervisor_dashboard (ServerFixture *f,
                           gconstpointer  data)
{
  g_autofree char *east = NULL, *trainer = NULL, *chief = NULL;
  g_autofree char *png = NULL, *pdf = NULL, *report = NULL;
  GtkWidget *view;
  KefuChartView *trend;

  if (f->owner == NULL)
    return;
  add_march_tickets (f);
  east = make_person (f, "east", "东区主管", "supervisor", "ARRAY[9001]::bigint[]");
  trainer = make_person (f, "trainer", "培训师小林", "trainer", "NULL");
  chief = make_person (f, "chief", "客服经理", "supervisor", "NULL");
  /* the roll-up has the five tickets' days to recompute */
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM kpi_dirty"), >, 0);

  /* the east estate's supervisor: three tickets, as the server's policies show them */
  sign_in_as (f, east);
  g_assert_cmpstr (kefu_user_get_role (kefu_window_get_user (f->gui.window)), ==, "supervisor");
  dashboard_shows (f, kefu_window_get_store (f->gui.window), 3);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM tickets WHERE estate_id = 9001"), ==, 3);
  save_screenshot (GTK_WIDGET (f->gui.window), "server-dashboard-one-estate");

  /* a trainer, who may read the reports but not write the roll-up: the figures all the same */
  sign_in_as (f, trainer);
  dashboard_shows (f, f->owner, 5);

  /* the center's supervisor: all five, the figures the core computes as the owner */
  sign_in_as (f, chief);
  view = dashboard_shows (f, f->owner, 5);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM kpi_dirty"), ==, 0);
  save_screenshot (GTK_WIDGET (f->gui.window), "server-dashboard");

  /* a chart exported, as PNG and PDF, and the month's report */
  trend = kefu_dashboard_view_get_chart (KEFU_DASHBOARD_VIEW (view), KEFU_REPORT_CHART_TREND);
  g_assert_nonnull (kefu_chart_view_get_chart (trend));
  png = kefu_test_save_through_chooser (f->gui.dir.dir, GTK_WIDGET (trend), "chart.export", g_variant_new_string ("png"), "trend.png");
  assert_file_starts (png, "\x89PNG", 4);
  pdf = kefu_test_save_through_chooser (f->gui.dir.dir, GTK_WIDGET (trend), "chart.export", g_variant_new_string ("pdf"), "trend.pdf");
  assert_file_starts (pdf, "%PDF", 4);
  report = kefu_test_save_through_chooser (f->gui.dir.dir, view, "dashboard.export-report", g_variant_new_string ("pdf"), "report.pdf");
  assert_file_starts (report, "%PDF", 4);
}

static GtkWidget *
window_titled (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (w) && g_strcmp0 (gtk_window_get_title (GTK_WINDOW (w)), title) == 0)
        return w;
    }
  return NULL;
}

/* The People window of the person signed in, opened from the menu */
static KefuServerPeopleWindow *
open_people (ServerFixture *f)
{
  GtkWidget *people;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->gui.window), "win.people", NULL));
  people = find_toplevel (KEFU_TYPE_SERVER_PEOPLE_WINDOW);
  g_assert_nonnull (people);
  g_assert_cmpuint (kefu_server_people_window_get_n_people (KEFU_SERVER_PEOPLE_WINDOW (people)), ==,
                    kefu_test_store_scalar (f->owner, "SELECT count(*) FROM users"));
  return KEFU_SERVER_PEOPLE_WINDOW (people);
}

/* People on a server (#20): an administrator adds a person with a
 * password through the window, who can then sign in as their role;
 * gives them a role and an estate, switches them off (they can no
 * longer sign in); an agent sees who works there but is offered none of
 * it, and the server refuses them in words. No PIN anywhere. */
static void
test_admin_manages_people (ServerFixture *f,
                           gconstpointer  data)
{
  g_autofree char *admin = NULL, *newcomer = NULL, *nope = NULL, *sql = NULL, *shown = NULL;
  g_autofree char *estate_name = NULL;
  g_autoptr(GError) error = NULL;
  KefuServerPeopleWindow *people;
  GtkWidget *dialog, *row;
  gint64 estate;
  guint role_index = 0;

  if (f->owner == NULL)
    return;
  admin = make_person (f, "admin", "系统管理员老陈", "admin", "NULL");
  newcomer = g_strdup_printf ("gui_new_%d", (int) getpid ());
  g_ptr_array_add (f->roles, g_strdup (newcomer));
  nope = g_strdup_printf ("gui_nope_%d", (int) getpid ());
  g_ptr_array_add (f->roles, g_strdup (nope));

  /* the administrator: the list, and Add Person */
  sign_in_as (f, admin);
  people = open_people (f);
  g_assert_true (gtk_widget_get_visible (child (people, KEFU_TYPE_SERVER_PEOPLE_WINDOW, "add_button")));
  /* a password is the server's: no PIN is offered */
  gtk_widget_activate_action (GTK_WIDGET (f->gui.window), "win.change-pin", NULL);
  wait_ms (200);
  g_assert_null (find_toplevel (KEFU_TYPE_PIN_DIALOG));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (people), "people.add", NULL));
  dialog = window_titled (_("Add Person"));
  g_assert_nonnull (dialog);
  g_assert_null (kefu_test_find_row (dialog, _("PIN")));
  gtk_editable_set_text (GTK_EDITABLE (kefu_test_find_row (dialog, _("Login"))), newcomer);
  gtk_editable_set_text (GTK_EDITABLE (kefu_test_find_row (dialog, _("Full name"))), "新来的小吴");
  gtk_editable_set_text (GTK_EDITABLE (kefu_test_find_row (dialog, _("Password"))), "welcome-2024");
  gtk_editable_set_text (GTK_EDITABLE (kefu_test_find_row (dialog, _("Password again"))), "welcome-2024");
  adw_combo_row_set_selected (ADW_COMBO_ROW (kefu_test_find_row (dialog, _("Role"))), role_index);   /* an agent */
  save_screenshot (dialog, "server-people-add");
  g_signal_emit_by_name (find_descendant (dialog, GTK_TYPE_BUTTON, _("_Add")), "clicked");
  for (int i = 0; i < 100 && window_titled (_("Add Person")) != NULL; i++)
    wait_ms (50);
  g_assert_null (window_titled (_("Add Person")));
  sql = g_strdup_printf ("SELECT count(*) FROM users WHERE login = '%s' AND role = 'agent' AND active = 1", newcomer);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  g_free (sql);
  /* kept as a SCRAM verifier: the password itself never went to the server */
  sql = g_strdup_printf ("SELECT count(*) FROM pg_authid WHERE rolname = '%s' AND rolpassword LIKE 'SCRAM-SHA-256$4096:%%'",
                         newcomer);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  shown = kefu_server_people_window_describe (people, newcomer);
  g_assert_nonnull (strstr (shown, "新来的小吴"));
  g_assert_nonnull (strstr (shown, kefu_code_label (KEFU_CODES_ROLE, "agent")));
  g_clear_pointer (&shown, g_free);
  save_screenshot (GTK_WIDGET (people), "server-people");

  /* a dispatcher now, working for one estate */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (people), "people.set-role", "(ss)", newcomer, "dispatcher"));
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM users WHERE login = '%s' AND role = 'dispatcher'", newcomer);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  estate = kefu_test_store_scalar (f->owner, "SELECT id FROM estates ORDER BY name, id LIMIT 1");
  estate_name = kefu_test_store_text (f->owner, "SELECT name FROM estates ORDER BY name, id LIMIT 1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (people), "people.estates", "s", newcomer));
  {
    g_autofree char *title = g_strdup_printf (_("Estates of %s"), newcomer);

    dialog = window_titled (title);
    g_assert_nonnull (dialog);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (find_descendant (kefu_test_find_row (dialog, _("Every estate")),
                                                                    GTK_TYPE_CHECK_BUTTON, NULL)), FALSE);
    row = kefu_test_find_row (dialog, estate_name);
    g_assert_nonnull (row);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (find_descendant (row, GTK_TYPE_CHECK_BUTTON, NULL)), TRUE);
    save_screenshot (dialog, "server-people-estates");
    g_signal_emit_by_name (find_descendant (dialog, GTK_TYPE_BUTTON, _("_Save")), "clicked");
    for (int i = 0; i < 100 && window_titled (title) != NULL; i++)
      wait_ms (50);
    g_assert_null (window_titled (title));
  }
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM kefu_person_estates WHERE login = '%s' AND estate_id = %" G_GINT64_FORMAT,
                         newcomer, estate);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM kefu_person_estates WHERE login = '%s'", newcomer);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);

  /* the newcomer forgot their password: the administrator gives a new one */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (people), "people.password", "s", newcomer));
  {
    g_autofree char *title = g_strdup_printf (_("New Password for “%s”"), newcomer);
    GtkWidget *first, *second;

    dialog = window_titled (title);
    g_assert_nonnull (dialog);
    first = find_descendant (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);
    g_assert_nonnull (first);
    second = gtk_widget_get_next_sibling (first);
    g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (second));
    gtk_editable_set_text (GTK_EDITABLE (first), "forgot-it-2025");
    gtk_editable_set_text (GTK_EDITABLE (second), "forgot-it-2025");
    save_screenshot (dialog, "server-people-new-password");
    g_signal_emit_by_name (find_descendant (dialog, GTK_TYPE_BUTTON, _("_Set Password")), "clicked");
    for (int i = 0; i < 100 && window_titled (title) != NULL; i++)
      wait_ms (50);
    g_assert_null (window_titled (title));
  }
  {
    g_autoptr(KefuStore) old_password = kefu_store_open_as (f->spec, newcomer, "welcome-2024", &error);

    g_assert_null (old_password);
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SIGN_IN);
    g_clear_error (&error);
  }

  /* the administrator may not switch themselves off: said, nothing changed */
  g_assert_false (kefu_server_person_set_active (kefu_window_get_store (f->gui.window), admin, FALSE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* the newcomer signs in with the password they were given, as a dispatcher */
  sign_in_with (f, newcomer, "forgot-it-2025");
  g_assert_cmpstr (kefu_user_get_role (kefu_window_get_user (f->gui.window)), ==, "dispatcher");

  /* an agent: the list, no Add, no changes; the server refuses them in words */
  sign_in_as (f, f->agent);
  people = open_people (f);
  g_assert_false (gtk_widget_get_visible (child (people, KEFU_TYPE_SERVER_PEOPLE_WINDOW, "add_button")));
  gtk_widget_activate_action (GTK_WIDGET (people), "people.add", NULL);   /* (off: a shortcut opens nothing) */
  wait_ms (100);
  g_assert_null (window_titled (_("Add Person")));
  g_assert_null (find_descendant (GTK_WIDGET (people), GTK_TYPE_MENU_BUTTON, NULL));
  save_screenshot (GTK_WIDGET (people), "server-people-agent");
  g_assert_cmpint (kefu_server_person_create (kefu_window_get_store (f->gui.window), nope, "冒名者", "admin",
                                              "sneaky-password", NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, kefu_permission_refusal (KEFU_PERMISSION_MANAGE_USERS));
  if (g_str_equal (lang_tag (), "zh_CN"))
    g_assert_nonnull (strstr (error->message, "管理员"));
  g_clear_error (&error);
  g_assert_false (kefu_server_person_set_active (kefu_window_get_store (f->gui.window), newcomer, FALSE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM pg_roles WHERE rolname = '%s'", nope);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 0);
  gtk_window_destroy (GTK_WINDOW (people));

  /* switched off by the administrator, the newcomer can no longer sign in */
  sign_in_as (f, admin);
  people = open_people (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (people), "people.set-active", "(sb)", newcomer, FALSE));
  shown = kefu_server_people_window_describe (people, newcomer);
  {
    g_autofree char *off = g_strdup_printf (_("%s · %s · switched off"), newcomer, kefu_code_label (KEFU_CODES_ROLE, "dispatcher"));

    g_assert_nonnull (strstr (shown, off));
  }
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM users WHERE login = '%s' AND active = 0", newcomer);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  gtk_window_destroy (GTK_WINDOW (people));
  gtk_window_destroy (GTK_WINDOW (f->gui.window));
  wait_ms (100);
  f->gui.window = kefu_window_new (NULL);
  kefu_window_open_database (f->gui.window, f->spec);
  gtk_window_present (GTK_WINDOW (f->gui.window));
  {
    KefuServerSignIn *page = kefu_window_get_server_sign_in (f->gui.window);

    kefu_server_sign_in_submit (page, newcomer, "welcome-2024");
    g_assert_true (wait_for (kefu_test_sign_in_done, page, 60));
    g_assert_cmpstr (kefu_window_get_page (f->gui.window), ==, "server-sign-in");
    g_assert_nonnull (kefu_server_sign_in_get_message (page));
  }
}

/* What the People window shows of @login, for wait_for() */
typedef struct {
  KefuServerPeopleWindow *window;
  const char             *login;
  const char             *text;   /* what the row must say */
} Shown;

static gboolean
row_says (gpointer data)
{
  Shown *s = data;
  g_autofree char *shown = kefu_server_people_window_describe (s->window, s->login);

  return strstr (shown, s->text) != NULL;
}

/* The check button of the estates dialog's row titled @title */
static gboolean
ticked (GtkWidget  *dialog,
        const char *title)
{
  GtkWidget *row = kefu_test_find_row (dialog, title);

  g_assert_nonnull (row);
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (find_descendant (row, GTK_TYPE_CHECK_BUTTON, NULL)));
}

/* The People window on a server is live and shows what the server keeps
 * (#20): the estates dialog ticks the person's current estates (every
 * estate, or theirs); a person another desk adds, and one it switches
 * off, appear in the open window without anyone reloading it (the store
 * watch's "people" topic); the profiles open from it, read as the
 * signed-in person's role. */
static void
test_people_live_and_estates (ServerFixture *f,
                              gconstpointer  data)
{
  g_autofree char *admin = NULL, *east_only = NULL, *late = NULL, *sql = NULL, *title = NULL;
  g_autofree char *east = NULL, *west = NULL;
  KefuServerPeopleWindow *people;
  GtkWidget *dialog;
  guint before;

  if (f->owner == NULL)
    return;
  kefu_test_store_exec (f->owner, "INSERT INTO estates (name, created_at) VALUES ('测试东苑', 0), ('测试西苑', 0)");
  east = g_strdup ("测试东苑");
  west = g_strdup ("测试西苑");
  admin = make_person (f, "admin", "系统管理员老陈", "admin", "NULL");
  east_only = make_person (f, "east", "东苑客服小钱", "agent",
                           "ARRAY[(SELECT id FROM estates WHERE name = '测试东苑')]::bigint[]");

  sign_in_as (f, admin);
  people = open_people (f);
  /* every estate: ticked, the estates below it off */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (people), "people.estates", "s", f->agent));
  title = g_strdup_printf (_("Estates of %s"), f->agent);
  dialog = window_titled (title);
  g_assert_nonnull (dialog);
  g_assert_true (ticked (dialog, _("Every estate")));
  g_assert_false (ticked (dialog, east));
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* one estate: that one ticked, and not every estate */
  g_free (title);
  title = g_strdup_printf (_("Estates of %s"), east_only);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (people), "people.estates", "s", east_only));
  dialog = window_titled (title);
  g_assert_nonnull (dialog);
  g_assert_false (ticked (dialog, _("Every estate")));
  g_assert_true (ticked (dialog, east));
  g_assert_false (ticked (dialog, west));
  g_assert_true (gtk_widget_get_sensitive (find_descendant (kefu_test_find_row (dialog, west), GTK_TYPE_CHECK_BUTTON, NULL)));
  save_screenshot (dialog, "server-people-estates-current");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* another desk adds a person: the open window lists them */
  before = kefu_server_people_window_get_n_people (people);
  late = make_person (f, "late", "新同事小孙", "agent", "NULL");
  {
    Shown s = { people, late, "新同事小孙" };

    g_assert_true (wait_for (row_says, &s, 10));
  }
  g_assert_cmpuint (kefu_server_people_window_get_n_people (people), ==, before + 1);
  /* … and switches them off */
  sql = g_strdup_printf ("SELECT 1 FROM (SELECT kefu_set_person_active ('%s', false)) x", late);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  {
    g_autofree char *off = g_strdup_printf (_("%s · %s · switched off"), late, kefu_code_label (KEFU_CODES_ROLE, "agent"));
    Shown s = { people, late, off };

    g_assert_true (wait_for (row_says, &s, 10));
  }
  gtk_window_destroy (GTK_WINDOW (people));

  /* an agent opens their own profile from the People window */
  sign_in_as (f, east_only);
  people = open_people (f);
  g_assert_true (gtk_widget_get_visible (child (people, KEFU_TYPE_SERVER_PEOPLE_WINDOW, "profiles_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (people), "people.profiles", NULL));
  {
    GtkWidget *profile = find_toplevel (KEFU_TYPE_PEOPLE_WINDOW);

    g_assert_nonnull (profile);
    g_assert_nonnull (kefu_people_window_get_profile (KEFU_PEOPLE_WINDOW (profile)));
    save_screenshot (profile, "server-people-profile");
    gtk_window_destroy (GTK_WINDOW (profile));
  }
  gtk_window_destroy (GTK_WINDOW (people));
}

static void
type_row (GtkWidget  *list,
          int         index,
          const char *text)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);

  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
signs_in (ServerFixture *f,
          const char    *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open_as (f->spec, f->agent, password, &error);

  g_assert_true (store != NULL || g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SIGN_IN));
  return store != NULL;
}

/* On a server a person changes their password (the desk's PIN has no use
 * there): the menu's Change Your Password… asks the current one first */
static void
test_change_password (ServerFixture *f,
                      gconstpointer  data)
{
  GtkWidget *dialog, *list;

  if (f->owner == NULL)
    return;
  sign_in_as (f, f->agent);
  /* the PIN's action is off: no dialog */
  gtk_widget_activate_action (GTK_WIDGET (f->gui.window), "win.change-pin", NULL);
  wait_ms (100);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  /* a wrong current password changes nothing */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->gui.window), "win.change-password", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  list = find_descendant (dialog, GTK_TYPE_LIST_BOX, NULL);
  type_row (list, 0, "not-my-password");
  type_row (list, 1, "my-new-password-2");
  type_row (list, 2, "my-new-password-2");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "change");
  wait_ms (200);
  g_assert_true (signs_in (f, "desk-password-1"));
  g_assert_false (signs_in (f, "my-new-password-2"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->gui.window), "win.change-password", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  list = find_descendant (dialog, GTK_TYPE_LIST_BOX, NULL);
  type_row (list, 0, "desk-password-1");
  type_row (list, 1, "my-new-password-2");
  type_row (list, 2, "my-new-password-2");
  wait_ms (100);
  save_screenshot (dialog, "server-change-password");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "change");
  wait_ms (200);
  g_assert_false (signs_in (f, "desk-password-1"));
  g_assert_true (signs_in (f, "my-new-password-2"));
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM audit_log WHERE action = 'password_changed'"),
                   ==, 1);
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;
  g_test_add ("/gui/server/sign-in-and-log-a-ticket", ServerFixture, NULL, server_setup,
              test_sign_in_and_log_a_ticket, server_teardown);
  g_test_add ("/gui/server/supervisor-dashboard", ServerFixture, NULL, server_setup,
              test_supervisor_dashboard, server_teardown);
  g_test_add ("/gui/server/change-password", ServerFixture, NULL, server_setup, test_change_password, server_teardown);
  g_test_add ("/gui/server/admin-manages-people", ServerFixture, NULL, server_setup,
              test_admin_manages_people, server_teardown);
  g_test_add ("/gui/server/people-live-and-estates", ServerFixture, NULL, server_setup,
              test_people_live_and_estates, server_teardown);
  return g_test_run ();
}
