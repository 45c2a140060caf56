/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-tickets.c — the window as a user drives it, under Xvfb:
 * the ticket list, its detail, intake and the lifecycle steps
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
  g_autofree char *key = NULL;
  g_autofree char *by_key = NULL;
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
  /* the intake's own key (#20), saved with the ticket */
  key = g_strdup (kefu_intake_dialog_get_client_key (KEFU_INTAKE_DIALOG (dialog)));
  g_assert_cmpuint (strlen (key), ==, 36);
  g_assert_true (gtk_widget_activate_action (dialog, "intake.save", NULL));

  /* The new ticket is selected, owned by the agent who took the call. */
  g_assert_true (wait_for (selected_is_not_loading, view, 30));
  ticket = kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail));
  number = g_strdup (kefu_ticket_get_number (ticket));
  by_key = g_strdup_printf ("SELECT count(*) FROM tickets WHERE client_key = '%s' AND number = '%s'", key, number);
  g_assert_cmpint (kefu_test_scalar (f->path, by_key), ==, 1);
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

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;

#define GUI_ADD(path, n, func) g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_setup, func, fixture_teardown)
  GUI_ADD ("/gui/tickets/second-person-pin-in-place", 200, test_second_person_in_place);
  GUI_ADD ("/gui/tickets/select-shows-detail", 1500, test_select_shows_detail);
  GUI_ADD ("/gui/tickets/search-and-filter", 1500, test_search_filters_list);
  GUI_ADD ("/gui/tickets/intake-to-closure", 600, test_intake_to_closure);
  GUI_ADD ("/gui/tickets/step-buttons-stay-after-each-step", 300, test_step_buttons_stay);
  GUI_ADD ("/gui/tickets/intake-keys-and-unit-history", 300, test_intake_keys_and_unit_history);
  GUI_ADD ("/gui/tickets/save-waits-for-lock", 300, test_save_waits_for_lock);
  GUI_ADD ("/gui/tickets/scrolls-to-the-end", 1500, test_scrolls_to_the_end);
  GUI_ADD ("/gui/tickets/columns-fit-1200-and-1366", 300, test_columns_fit_narrow_windows);
#undef GUI_ADD

  return g_test_run ();
}
