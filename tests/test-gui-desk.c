/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-desk.c — the window as a user drives it, under Xvfb:
 * privacy, import, SLA alerts, people, the dashboard and its charts
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
  view = kefu_window_get_view (f->window, "dashboard");
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
  view = kefu_window_get_view (f->window, "dashboard");
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
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;

#define GUI_ADD(path, n, func) g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_setup, func, fixture_teardown)
  GUI_ADD ("/gui/privacy/exports-audit-log-erasure", 300, test_privacy_desk);
  GUI_ADD ("/gui/people/profile-radar", 300, test_people_profile);
  GUI_ADD ("/gui/import/preview-then-good-rows", 300, test_import_preview);
  GUI_ADD ("/gui/sla/notification-opens-ticket", 200, test_sla_notification);
  GUI_ADD ("/gui/sla/urgent-levels-at-the-desk", 200, test_urgent_levels_at_the_desk);
  GUI_ADD ("/gui/dashboard/figures-and-drill-down", 1500, test_dashboard);
  GUI_ADD ("/gui/dashboard/report-month-picker-and-mnemonics", 300, test_dashboard_report_month);
#undef GUI_ADD
  g_test_add_func ("/gui/charts/keyboard-activates-and-follows-style", test_chart_view_keyboard_and_style);

  return g_test_run ();
}
