/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-server-owner.c — the Owner window on a database server (#20),
 * under Xvfb, each person signed in with their password: opened from a
 * ticket's detail pane, it shows the owner's own tickets (not another
 * owner's), with the phone a description quotes masked; a dispatcher
 * (no right to the full phone) sees the number masked in the pane too and
 * no erase button; a manager carries out the owner's erasure request from
 * the window, and the server has it (read back as the tables' owner).
 *
 * The center is built here (an estate, a building, two owners, four
 * tickets logged by an agent on the server), not taken from a sample.
 * The agent keeps a note for the desk on the owner in the window: saved
 * on the server (read back there), shown again when the window reopens;
 * the erasure empties it.
 * Runs once in English and once in zh_CN and leaves screenshots. Skipped
 * without the test cluster (tests/kefu-pg-cluster.sh, KEFU_TEST_PG).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-test-gui-window.h"
#include "kefu-test-engines.h"
#include "kefu-test-gui-server.h"
#include "kefu-privacy.h"

#define PASSWORD "desk-password-1"

typedef struct {
  Fixture     gui;
  char       *spec;        /* the server's database, without credentials */
  KefuStore  *owner;       /* the tables' owner (the test harness) */
  char       *agent;       /* logins: roles of the cluster, named per process */
  char       *dispatcher;
  char       *manager;
  gint64      zhao;        /* the owner the test opens, and their tickets */
  gint64      zhao_tickets[3];
  gint64      qian_ticket; /* another owner's */
} OwnerFixture;

static void
owner_setup (OwnerFixture  *f,
             gconstpointer  data)
{
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) desk = NULL;
  g_autoptr(KefuUser) user = NULL;
  const char *descriptions[] = { "厨房水管漏水", "楼上噪音扰民，业主电话13800000001请回电", "门禁卡失灵" };
  gint64 building, qian;

  if ((f->owner = kefu_test_server_owner (&f->gui.dir, data, NULL, &f->spec)) == NULL)
    return;
  f->agent = g_strdup_printf ("own_agent_%d", (int) getpid ());
  f->dispatcher = g_strdup_printf ("own_dispatcher_%d", (int) getpid ());
  f->manager = g_strdup_printf ("own_manager_%d", (int) getpid ());
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '前台小周', 'agent', '" PASSWORD "') + "
                         "kefu_create_person ('%s', '调度老孙', 'dispatcher', '" PASSWORD "') + "
                         "kefu_create_person ('%s', '经理老郑', 'manager', '" PASSWORD "')",
                         f->agent, f->dispatcher, f->manager);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), >, 0);
  kefu_test_store_exec (f->owner, "INSERT INTO estates (name, created_at) VALUES ('测试东苑', 0)");
  kefu_test_store_exec (f->owner, "INSERT INTO buildings (estate_id, name, floors) "
                                  "SELECT id, '1栋', 18 FROM estates WHERE name = '测试东苑'");
  kefu_test_store_exec (f->owner, "INSERT INTO owners (name, phone, created_at) VALUES ('业主老赵', '13800000001', 0)");
  kefu_test_store_exec (f->owner, "INSERT INTO owners (name, phone, created_at) VALUES ('业主小钱', '13900000002', 0)");
  building = kefu_test_store_scalar (f->owner, "SELECT id FROM buildings WHERE name = '1栋'");
  f->zhao = kefu_test_store_scalar (f->owner, "SELECT id FROM owners WHERE name = '业主老赵'");
  qian = kefu_test_store_scalar (f->owner, "SELECT id FROM owners WHERE name = '业主小钱'");

  /* the agent logs the four at their desk on the server */
  desk = kefu_store_open_as (f->spec, f->agent, PASSWORD, &error);
  g_assert_no_error (error);
  kefu_store_set_now (desk, TEST_NOW);
  user = kefu_auth_sign_in_server (desk, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 3, building, 0, "大堂", i < 3 ? f->zhao : qian,
                            NULL, NULL, i < 3 ? descriptions[i] : "车库灯不亮", 0 };
      gint64 id;

      kefu_store_set_now (desk, TEST_NOW + i * 60);
      id = kefu_desk_create_ticket (desk, &d, &error);
      g_assert_no_error (error);
      if (i < 3)
        f->zhao_tickets[i] = id;
      else
        f->qian_ticket = id;
    }
}

static void
owner_teardown (OwnerFixture  *f,
                gconstpointer  data)
{
  if (f->owner == NULL)
    return;
  while (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL)
    gtk_window_destroy (GTK_WINDOW (find_toplevel (ADW_TYPE_MESSAGE_DIALOG)));
  while (find_toplevel (KEFU_TYPE_OWNER_WINDOW) != NULL)
    gtk_window_destroy (GTK_WINDOW (find_toplevel (KEFU_TYPE_OWNER_WINDOW)));
  if (f->gui.window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->gui.window));
  f->gui.window = NULL;
  wait_ms (100);
  g_clear_object (&f->owner);
  kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  kefu_test_drop_roles (g_getenv ("KEFU_TEST_PG"), (const char *[]) { f->agent, f->dispatcher, f->manager, NULL });
  g_free (f->agent);
  g_free (f->dispatcher);
  g_free (f->manager);
  kefu_test_dir_teardown (&f->gui.dir, data);
}

static gboolean
owner_window_gone (gpointer data)
{
  return find_toplevel (KEFU_TYPE_OWNER_WINDOW) == NULL;
}

/* The rows of the Owner window's ticket list: each ticket's title and
 * subtitle, one line each, in order */
static GPtrArray *
ticket_rows (GtkWidget *window)
{
  GtkWidget *list = child (window, KEFU_TYPE_OWNER_WINDOW, "tickets_list");
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i);

      g_ptr_array_add (rows, g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                              adw_action_row_get_subtitle (ADW_ACTION_ROW (row))));
    }
  return rows;
}

/* Types @text into the entry row @row and presses Enter in it, which
 * applies it (its apply button shown while typing) */
static void
type_and_apply (GtkWidget  *row,
                const char *text)
{
  GtkWidget *entry = find_descendant (row, GTK_TYPE_TEXT, NULL);

  g_assert_nonnull (entry);
  gtk_widget_grab_focus (row);
  wait_ms (50);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (entry, "activate");
  wait_ms (50);
}

/* A ticket's number as the server has it */
static char *
ticket_number (OwnerFixture *f,
               gint64        id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT number FROM tickets WHERE id = %" G_GINT64_FORMAT, id);

  return kefu_test_store_text (f->owner, sql);
}

/* @login's window on the tickets view, showing @id in the detail pane;
 * the Owner window opened from it (its "Owner's history" action) */
static GtkWidget *
open_owner_window (OwnerFixture *f,
                   const char   *login,
                   gint64        id)
{
  GtkWidget *view, *detail, *window;

  f->gui.window = kefu_test_server_window (f->spec, login, PASSWORD);
  kefu_window_set_view (f->gui.window, "tickets");
  view = kefu_window_get_tickets_view (f->gui.window);
  g_assert_true (wait_for (list_loaded, view, 60));
  show_ticket (&f->gui, view, id);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  g_assert_true (gtk_widget_activate_action (detail, "detail.show-owner", NULL));
  window = find_toplevel (KEFU_TYPE_OWNER_WINDOW);
  g_assert_nonnull (window);
  wait_ms (200);
  return window;
}

/* An agent opens 老赵's history from his ticket: his three tickets, newest
 * first, not 小钱's; the phone his description quotes masked; no erase
 * button for an agent */
static void
test_agent_sees_history (OwnerFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *sql = NULL;
  GtkWidget *window, *note;
  const char *title;

  if (f->owner == NULL)
    return;
  window = open_owner_window (f, f->agent, f->zhao_tickets[1]);
  title = adw_window_title_get_title (ADW_WINDOW_TITLE (child (window, KEFU_TYPE_OWNER_WINDOW, "title")));
  g_assert_nonnull (strstr (title, "业主老赵"));
  g_assert_false (gtk_widget_get_visible (child (window, KEFU_TYPE_OWNER_WINDOW, "summary_label")));
  g_assert_cmpuint (kefu_owner_window_get_n_tickets (KEFU_OWNER_WINDOW (window)), ==, 3);
  rows = ticket_rows (window);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *number = ticket_number (f, f->zhao_tickets[2 - i]);

      g_assert_true (g_str_has_prefix (rows->pdata[i], number));
      g_assert_null (strstr (rows->pdata[i], "13800000001"));
    }
  g_assert_nonnull (strstr (rows->pdata[1], "楼上噪音扰民"));
  g_assert_nonnull (strstr (rows->pdata[1], "138****0001"));
  {
    g_autofree char *other = ticket_number (f, f->qian_ticket);

    for (guint i = 0; i < rows->len; i++)
      g_assert_false (g_str_has_prefix (rows->pdata[i], other));
  }
  g_assert_false (gtk_widget_get_visible (child (window, KEFU_TYPE_OWNER_WINDOW, "erase_button")));

  /* a note for the desk, typed and applied: on the server, trimmed */
  note = child (window, KEFU_TYPE_OWNER_WINDOW, "note_row");
  g_assert_true (gtk_widget_is_sensitive (note));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note)), ==, "");
  type_and_apply (note, " 独居老人，来电请说慢些 ");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note)), ==, " 独居老人，来电请说慢些 ");
  g_assert_false (gtk_widget_get_visible (child (window, KEFU_TYPE_OWNER_WINDOW, "summary_label")));
  sql = g_strdup_printf ("SELECT count(*) FROM owners WHERE id = %" G_GINT64_FORMAT " AND note = '独居老人，来电请说慢些'", f->zhao);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.action = 'owner_note' "
                         "AND a.subject_id = %" G_GINT64_FORMAT " AND u.login = '%s'", f->zhao, f->agent);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  wait_ms (100);
  save_screenshot (window, "server-owner-window");
  gtk_window_destroy (GTK_WINDOW (window));

  /* opened again (from another of his tickets): the note as kept */
  show_ticket (&f->gui, kefu_window_get_tickets_view (f->gui.window), f->zhao_tickets[2]);
  g_assert_true (gtk_widget_activate_action (kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (kefu_window_get_tickets_view
                                                                                                (f->gui.window))),
                                             "detail.show-owner", NULL));
  window = find_toplevel (KEFU_TYPE_OWNER_WINDOW);
  g_assert_nonnull (window);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, KEFU_TYPE_OWNER_WINDOW, "note_row"))), ==,
                   "独居老人，来电请说慢些");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A dispatcher may not see an owner's full phone: the pane shows it
 * masked, and the Owner window opens for them with the same history */
static void
test_dispatcher_sees_masked (OwnerFixture  *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *window, *detail;
  const char *shown;

  if (f->owner == NULL)
    return;
  window = open_owner_window (f, f->dispatcher, f->zhao_tickets[0]);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (kefu_window_get_tickets_view (f->gui.window)));
  shown = gtk_label_get_text (GTK_LABEL (child (detail, KEFU_TYPE_TICKET_DETAIL, "owner_value")));
  g_assert_nonnull (strstr (shown, "业主老赵"));
  g_assert_nonnull (strstr (shown, "138****0001"));
  g_assert_null (strstr (shown, "13800000001"));
  g_assert_false (gtk_widget_get_visible (child (window, KEFU_TYPE_OWNER_WINDOW, "summary_label")));
  g_assert_cmpuint (kefu_owner_window_get_n_tickets (KEFU_OWNER_WINDOW (window)), ==, 3);
  rows = ticket_rows (window);
  for (guint i = 0; i < rows->len; i++)
    g_assert_null (strstr (rows->pdata[i], "13800000001"));
  g_assert_false (gtk_widget_get_visible (child (window, KEFU_TYPE_OWNER_WINDOW, "erase_button")));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A manager carries out 老赵's erasure request from the window: asked
 * first (cancelled: nothing), then erased on the server, the window closed */
static void
test_manager_erases (OwnerFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *sql = NULL;
  GtkWidget *window, *dialog;

  if (f->owner == NULL)
    return;
  window = open_owner_window (f, f->manager, f->zhao_tickets[0]);
  g_assert_cmpuint (kefu_owner_window_get_n_tickets (KEFU_OWNER_WINDOW (window)), ==, 3);
  g_assert_true (gtk_widget_get_visible (child (window, KEFU_TYPE_OWNER_WINDOW, "erase_button")));
  type_and_apply (child (window, KEFU_TYPE_OWNER_WINDOW, "note_row"), "住3栋502，白天不在家");
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM owners WHERE note = '住3栋502，白天不在家'"), ==, 1);
  g_assert_true (gtk_widget_activate_action (window, "owner.erase", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM owner_erasures"), ==, 0);

  g_assert_true (gtk_widget_activate_action (window, "owner.erase", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  wait_ms (100);
  save_screenshot (dialog, "server-owner-erase");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "erase");
  g_assert_true (wait_for (owner_window_gone, NULL, 30));
  sql = g_strdup_printf ("SELECT count(*) FROM owners WHERE id = %" G_GINT64_FORMAT " AND phone IS NULL AND note IS NULL "
                         "AND name <> '业主老赵' "
                         "AND id IN (SELECT owner_id FROM owner_erasures WHERE state = 'done')", f->zhao);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE owner_id = %" G_GINT64_FORMAT " AND contact_phone IS NULL "
                         "AND strpos (description, '13800000001') = 0", f->zhao);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 3);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id "
                         "WHERE a.action = 'erase_owner_done' AND u.login = '%s'", f->manager);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  /* 小钱 untouched */
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM owners WHERE name = '业主小钱' "
                                                     "AND phone = '13900000002'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;
  g_test_add ("/gui/server-owner/agent-sees-history", OwnerFixture, NULL, owner_setup, test_agent_sees_history,
              owner_teardown);
  g_test_add ("/gui/server-owner/dispatcher-sees-masked", OwnerFixture, NULL, owner_setup, test_dispatcher_sees_masked,
              owner_teardown);
  g_test_add ("/gui/server-owner/manager-erases", OwnerFixture, NULL, owner_setup, test_manager_erases, owner_teardown);
  return g_test_run ();
}
