/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-server-window.c — the window's file work on a database server
 * (#20), under Xvfb, as an agent signed in with their password: a tickets
 * CSV imported through the Import window (the bad row named by its line,
 * the good rows on the server and in the list, an owner found by the full
 * phone the agent's role may not read), Preferences ▸ Backups saying how
 * the server is backed up and saving an offline copy (read-only, the same
 * ticket count), and two windows of the same person never both restoring
 * the intake draft kept on this computer.
 *
 * Runs once in English and once in zh_CN and leaves screenshots. Skipped
 * without the test cluster (tests/kefu-pg-cluster.sh, KEFU_TEST_PG).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-test-gui-window.h"
#include "kefu-test-engines.h"
#include "kefu-test-gui-server.h"
#include "kefu-desk.h"
#include "kefu-import-window.h"
#include "kefu-intake-dialog.h"
#include "kefu-preferences-window.h"
#include "kefu-server.h"

#define PASSWORD "desk-password-1"

typedef struct {
  Fixture     gui;
  char       *spec;    /* the server's database, without credentials */
  KefuStore  *owner;   /* the tables' owner (the test harness) */
  char       *agent;   /* the agent's login: a role of the cluster, named per process */
  KefuWindow *second;  /* another window of the same person */
} ServerFixture;

static void
server_setup (ServerFixture *f,
              gconstpointer  data)
{
  g_autofree char *sql = NULL;

  if ((f->owner = kefu_test_server_owner (&f->gui.dir, data, kefu_test_fill_sample_by_hand, &f->spec)) == NULL)
    return;
  f->agent = g_strdup_printf ("win_agent_%d", (int) getpid ());
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '前台小周', 'agent', '" PASSWORD "')", f->agent);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), >, 0);
}

static void
server_teardown (ServerFixture *f,
                 gconstpointer  data)
{
  const char *roles[] = { NULL, NULL };

  if (f->owner == NULL)
    return;
  if (f->second != NULL)
    gtk_window_destroy (GTK_WINDOW (f->second));
  f->second = NULL;
  if (f->gui.window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->gui.window));
  f->gui.window = NULL;
  wait_ms (100);
  g_clear_object (&f->owner);
  kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  roles[0] = f->agent;
  kefu_test_drop_roles (g_getenv ("KEFU_TEST_PG"), roles);
  g_free (f->agent);
  kefu_test_dir_teardown (&f->gui.dir, data);
}

static gboolean
import_idle (gpointer data)
{
  return !gtk_widget_get_visible (child (data, KEFU_TYPE_IMPORT_WINDOW, "progress_bar")) &&
         gtk_widget_get_visible (child (data, KEFU_TYPE_IMPORT_WINDOW, "preview_group"));
}

/* Whether the window's list shows a ticket numbered @number */
static gboolean
list_shows (KefuWindow *window,
            const char *number)
{
  GListModel *list = G_LIST_MODEL (kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (kefu_window_get_tickets_view (window))));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (list, i);

      if (g_strcmp0 (kefu_ticket_get_number (t), number) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
list_shows_imported (gpointer window)
{
  return list_shows (window, "SRV-IMP-001") && list_shows (window, "SRV-IMP-003");
}

/* "YYYY-MM-DD HH:MM", @hours before TEST_NOW, in the desk's zone */
static char *
at_hours_before (int hours)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (TEST_NOW - hours * 3600);

  return g_date_time_format (t, "%Y-%m-%d %H:%M");
}

/* An agent imports last month's tickets into the server: the dry run names
 * the bad row by line and column and writes nothing; "Import the Good
 * Rows" puts the two good ones on the server as the agent (an existing
 * owner found by their full phone, which the agent's role cannot read; a
 * new owner made), and the list shows them. */
static void
test_agent_imports_tickets (ServerFixture *f,
                            gconstpointer  data)
{
  g_autofree char *csv = kefu_test_path (&f->gui.dir, "上月工单.csv");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autofree char *estate = NULL, *building = NULL, *unit = NULL, *owner_name = NULL, *owner_phone = NULL;
  g_autofree char *t1 = at_hours_before (72), *t1_closed = at_hours_before (64);
  g_autofree char *t2 = at_hours_before (60), *t3 = at_hours_before (48), *t3_closed = at_hours_before (47);
  g_autofree char *text = NULL, *sql = NULL;
  g_autofree char *where = g_strdup_printf (_("Line %u, column “%s”"), 3, "级别");
  gint64 owner_id, before;
  GtkWidget *window, *problems, *row;

  if (f->owner == NULL)
    return;
  estate = kefu_test_store_text (f->owner, "SELECT e.name FROM units u JOIN buildings b ON b.id = u.building_id "
                                           "JOIN estates e ON e.id = b.estate_id ORDER BY u.id LIMIT 1");
  building = kefu_test_store_text (f->owner, "SELECT b.name FROM units u JOIN buildings b ON b.id = u.building_id "
                                             "ORDER BY u.id LIMIT 1");
  unit = kefu_test_store_text (f->owner, "SELECT name FROM units ORDER BY id LIMIT 1");
  owner_id = kefu_test_store_scalar (f->owner, "SELECT min(id) FROM owners WHERE length(phone) = 11");
  sql = g_strdup_printf ("SELECT name FROM owners WHERE id = %" G_GINT64_FORMAT, owner_id);
  owner_name = kefu_test_store_text (f->owner, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT phone FROM owners WHERE id = %" G_GINT64_FORMAT, owner_id);
  owner_phone = kefu_test_store_text (f->owner, sql);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM owners WHERE phone = '13912340000'"), ==, 0);
  text = g_strdup_printf (
    "工单号,创建时间,渠道,类型,级别,项目,楼栋,房号,描述,业主姓名,业主电话,状态,关闭时间\r\n"
    "SRV-IMP-001,%s,电话,报修,3,%s,%s,%s,服务器导入：厨房漏水,%s,%s,已关闭,%s\r\n"
    "SRV-IMP-002,%s,微信,投诉,5,%s,%s,%s,服务器导入：楼上噪音,%s,%s,已关闭,%s\r\n"
    "SRV-IMP-003,%s,电话,咨询,3,%s,%s,%s,服务器导入：停车费,导入新业主,13912340000,已关闭,%s\r\n",
    t1, estate, building, unit, owner_name, owner_phone, t1_closed,
    t2, estate, building, unit, owner_name, owner_phone, t3,
    t3, estate, building, unit, t3_closed);
  g_assert_true (g_file_set_contents (csv, text, -1, NULL));

  f->gui.window = kefu_test_server_window (f->spec, f->agent, PASSWORD);
  g_assert_true (wait_for (list_loaded, kefu_window_get_tickets_view (f->gui.window), 60));
  before = kefu_test_store_scalar (f->owner, "SELECT count(*) FROM tickets");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->gui.window), "win.import", NULL));
  window = find_toplevel (KEFU_TYPE_IMPORT_WINDOW);
  g_assert_nonnull (window);
  kefu_import_window_set_file (KEFU_IMPORT_WINDOW (window), file);
  g_assert_true (wait_for (import_idle, window, 60));

  /* the bad row by line and column; nothing on the server yet */
  problems = child (window, KEFU_TYPE_IMPORT_WINDOW, "problems_list");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (problems), 0));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, where);
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (problems), 1));
  g_assert_false (gtk_widget_is_sensitive (child (window, KEFU_TYPE_IMPORT_WINDOW, "import_button")));
  g_assert_true (gtk_widget_get_visible (child (window, KEFU_TYPE_IMPORT_WINDOW, "skip_button")));
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM tickets"), ==, before);
  save_screenshot (window, "server-import-preview");

  /* the good rows, as the agent */
  g_assert_true (gtk_widget_activate_action (window, "import.run", "b", TRUE));
  g_assert_true (wait_for (import_idle, window, 60));
  save_screenshot (window, "server-import-done");
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM tickets"), ==, before + 2);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM tickets WHERE number = 'SRV-IMP-002'"), ==, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT owner_id FROM tickets WHERE number = 'SRV-IMP-001'");
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, owner_id);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM owners WHERE phone = '13912340000'"), ==, 1);
  /* the server wrote the import to the log as the agent */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id "
                         "WHERE a.action = 'import_tickets' AND u.login = '%s'", f->agent);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));

  /* and the agent's list shows them */
  g_assert_true (wait_for (list_shows_imported, f->gui.window, 60));
  save_screenshot (GTK_WIDGET (f->gui.window), "server-imported-list");
}

static gboolean
copy_idle (gpointer prefs)
{
  return !gtk_widget_get_visible (child (prefs, KEFU_TYPE_PREFERENCES_WINDOW, "offline_copy_progress")) &&
         gtk_widget_is_sensitive (child (prefs, KEFU_TYPE_PREFERENCES_WINDOW, "offline_copy_button"));
}

/* Preferences ▸ Backups on a server says how the server is backed up,
 * offers no desk backups, and saves an offline copy as the agent: a file
 * that opens read-only with the server's tickets, phones masked. */
static void
test_offline_copy (ServerFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) copy = NULL;
  g_autofree char *path = NULL;
  g_autofree char *phone = NULL;
  GtkWidget *prefs;

  if (f->owner == NULL)
    return;
  f->gui.window = kefu_test_server_window (f->spec, f->agent, PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->gui.window), "win.backup-preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (prefs)), ==, "backups");
  g_assert_true (gtk_widget_get_visible (child (prefs, KEFU_TYPE_PREFERENCES_WINDOW, "server_backup_group")));
  g_assert_false (gtk_widget_get_visible (child (prefs, KEFU_TYPE_PREFERENCES_WINDOW, "backup_group")));
  g_assert_false (gtk_widget_get_visible (child (prefs, KEFU_TYPE_PREFERENCES_WINDOW, "backups_group")));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (
                      child (prefs, KEFU_TYPE_PREFERENCES_WINDOW, "server_backup_group"))), "pg_basebackup"));
  wait_ms (200);
  save_screenshot (prefs, "server-backups");

  path = kefu_test_save_through_chooser (f->gui.dir.dir, prefs, "prefs.save-offline-copy", NULL, "离线副本.db");
  g_assert_true (wait_for (copy_idle, prefs, 120));
  save_screenshot (prefs, "server-offline-copy-saved");

  copy = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_store_is_offline_copy (copy, NULL, NULL));
  g_assert_false (kefu_store_set_setting (copy, "x", "y", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_cmpint (kefu_store_count_rows (copy, "tickets", &error), ==,
                   kefu_test_store_scalar (f->owner, "SELECT count(*) FROM tickets"));
  g_assert_no_error (error);
  g_assert_cmpint (kefu_store_count_rows (copy, "owners", &error), ==,
                   kefu_test_store_scalar (f->owner, "SELECT count(*) FROM owners"));
  /* what the agent may read: phones masked, no audit log */
  phone = kefu_test_store_text (copy, "SELECT phone FROM owners WHERE length(phone) = 11 ORDER BY id LIMIT 1");
  g_assert_nonnull (phone);
  g_assert_nonnull (strstr (phone, "****"));
  g_assert_cmpint (kefu_test_store_scalar (copy, "SELECT count(*) FROM audit_log"), ==, 0);
}

/* A person of one estate copies that estate only: a ticket of theirs
 * linked to another estate's keeps no link into the void, and the copy's
 * rows all point to rows it has. */
static void
test_one_estate_copy (ServerFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) east = NULL;
  g_autoptr(KefuStore) copy = NULL;
  g_autofree char *login = g_strdup_printf ("win_east_%d", (int) getpid ());
  g_autofree char *sql = NULL;
  g_autofree char *path = kefu_test_path (&f->gui.dir, "东苑副本.db");
  const char *roles[] = { login, NULL };

  if (f->owner == NULL)
    return;
  kefu_test_store_exec (f->owner,
                        "INSERT INTO estates (id, name, created_at) VALUES (9001, '测试东苑', 0), (9002, '测试西苑', 0);"
                        "INSERT INTO tickets (id, number, channel, kind, level, estate_id, location, description, status, "
                        "created_at, updated_at) VALUES "
                        "(9902, 'W-1', 'phone', 'repair', 3, 9002, '西苑', '西苑的工单', 'new', 1, 1),"
                        "(9901, 'E-1', 'phone', 'repair', 3, 9001, '东苑', '东苑的工单', 'new', 1, 1);"
                        "UPDATE tickets SET linked_to = 9902 WHERE id = 9901");
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '东苑前台', 'agent', '" PASSWORD "', ARRAY[9001]::bigint[])",
                         login);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), >, 0);
  east = kefu_store_open_as (f->spec, login, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_server_copy_store_to_file (east, path, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&east);
  copy = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_store_is_offline_copy (copy, NULL, NULL));
  g_assert_cmpint (kefu_test_store_scalar (copy, "SELECT count(*) FROM tickets"), ==, 1);
  g_assert_cmpint (kefu_test_store_scalar (copy, "SELECT count(*) FROM tickets WHERE number = 'E-1' AND linked_to IS NULL"),
                   ==, 1);
  g_assert_cmpint (kefu_test_store_scalar (copy, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_clear_object (&copy);
  kefu_test_drop_roles (g_getenv ("KEFU_TEST_PG"), roles);
}

static GtkWidget *
intake_of (KefuWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (KEFU_IS_INTAKE_DIALOG (w) && gtk_window_get_transient_for (w) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WIDGET (w);
    }
  return NULL;
}

static char *
intake_text (GtkWidget *dialog)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (dialog, KEFU_TYPE_INTAKE_DIALOG,
                                                                          "description_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
write_draft (const char *path,
             const char *description)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *dir = g_path_get_dirname (path);

  g_key_file_set_int64 (file, "intake", "kept", TEST_NOW);
  g_key_file_set_string (file, "intake", "description", description);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_key_file_save_to_file (file, path, NULL));
}

static guint
n_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Two windows of the same person on one computer (#20): the intake draft
 * kept on this computer comes back in the first window signed in, never
 * in the second too; once the first lets go of it unsaved, the next
 * window gets it. A claim left by a process that is gone is taken over. */
static void
test_draft_restored_once (ServerFixture *f,
                          gconstpointer  data)
{
  const char *description = "三号楼水管爆裂，草稿只恢复一次";
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *stale = NULL;
  GtkWidget *first;
  pid_t gone;
  int status;

  if (f->owner == NULL)
    return;
  f->gui.window = kefu_test_server_window (f->spec, f->agent, PASSWORD);
  path = kefu_intake_dialog_draft_path (kefu_window_get_store (f->gui.window));
  g_assert_nonnull (path);
  dir = g_path_get_dirname (path);
  g_assert_null (intake_of (f->gui.window));
  gtk_window_destroy (GTK_WINDOW (f->gui.window));
  f->gui.window = NULL;
  wait_ms (100);

  /* kept while the server was away; two windows of the person sign in */
  write_draft (path, description);
  f->gui.window = kefu_test_server_window (f->spec, f->agent, PASSWORD);
  f->second = kefu_test_server_window (f->spec, f->agent, PASSWORD);
  wait_ms (200);
  first = intake_of (f->gui.window);
  g_assert_nonnull (first);
  typed = intake_text (first);
  g_assert_cmpstr (typed, ==, description);
  g_assert_null (intake_of (f->second));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));   /* claimed under another name */
  g_assert_cmpuint (n_files (dir), ==, 1);
  /* the second window's New Ticket is a form of its own, empty */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->second), "win.new-ticket", NULL));
  g_assert_nonnull (intake_of (f->second));
  g_clear_pointer (&typed, g_free);
  typed = intake_text (intake_of (f->second));
  g_assert_cmpstr (typed, ==, "");
  gtk_window_destroy (GTK_WINDOW (intake_of (f->second)));
  save_screenshot (GTK_WIDGET (f->gui.window), "server-draft-restored-once");

  /* the first window's form closed unsaved (kept), the window goes: the
   * draft is the next one's */
  gtk_window_close (GTK_WINDOW (first));
  wait_ms (50);
  g_assert_true (kefu_intake_dialog_is_kept (KEFU_INTAKE_DIALOG (first)));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (f->gui.window));
  f->gui.window = NULL;
  wait_ms (100);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (f->second));
  f->second = NULL;
  wait_ms (100);

  /* a claim whose process is gone (a crash) */
  gone = fork ();
  if (gone == 0)
    _exit (0);
  g_assert_cmpint (waitpid (gone, &status, 0), ==, gone);
  stale = g_strdup_printf ("%.*s.claimed-%d-1.ini", (int) (strlen (path) - strlen (".ini")), path, (int) gone);
  g_assert_cmpint (g_rename (path, stale), ==, 0);
  f->gui.window = kefu_test_server_window (f->spec, f->agent, PASSWORD);
  wait_ms (200);
  first = intake_of (f->gui.window);
  g_assert_nonnull (first);
  g_clear_pointer (&typed, g_free);
  typed = intake_text (first);
  g_assert_cmpstr (typed, ==, description);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (n_files (dir), ==, 1);
  gtk_window_destroy (GTK_WINDOW (first));
  wait_ms (50);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("kefu-server-window-XXXXXX", NULL);
  int status;

  /* the drafts a desk keeps on this computer: this test's own folder */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;
  g_test_add ("/gui/server-window/agent-imports-tickets", ServerFixture, NULL, server_setup,
              test_agent_imports_tickets, server_teardown);
  g_test_add ("/gui/server-window/offline-copy", ServerFixture, NULL, server_setup, test_offline_copy, server_teardown);
  g_test_add ("/gui/server-window/one-estate-copy", ServerFixture, NULL, server_setup, test_one_estate_copy,
              server_teardown);
  g_test_add ("/gui/server-window/draft-restored-once", ServerFixture, NULL, server_setup,
              test_draft_restored_once, server_teardown);
  status = g_test_run ();
  kefu_test_rm_rf (data_home);
  return status;
}
