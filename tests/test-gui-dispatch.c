/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-dispatch.c — the window as a user drives it, under Xvfb:
 * the dispatch board, its dialog and its settings
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
  board = KEFU_DISPATCH_BOARD (kefu_window_get_view (f->window, "dispatch"));
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
  board = KEFU_DISPATCH_BOARD (kefu_window_get_view (f->window, "dispatch"));
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
  board = KEFU_DISPATCH_BOARD (kefu_window_get_view (f->window, "dispatch"));
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
  board = KEFU_DISPATCH_BOARD (kefu_window_get_view (f->window, "dispatch"));
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
  board = KEFU_DISPATCH_BOARD (kefu_window_get_view (f->window, "dispatch"));
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
rule_dialog_gone (gpointer data)
{
  return toplevel_with ("rule-name") == NULL;
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
  board = KEFU_DISPATCH_BOARD (kefu_window_get_view (f->window, "dispatch"));
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

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;

#define GUI_ADD(path, n, func) g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_setup, func, fixture_teardown)
  GUI_ADD ("/gui/dispatch/settings-save-waits-for-lock", 300, test_dispatch_settings_wait_for_lock);
  GUI_ADD ("/gui/dispatch/board-assign-undo-keyboard", 600, test_dispatch_board);
  GUI_ADD ("/gui/dispatch/board-night-fits-counts-search-scroll", 600, test_dispatch_board_night);
  GUI_ADD ("/gui/dispatch/dialog-proposes-the-rules-choice", 200, test_dispatch_dialog_proposes);
  GUI_ADD ("/gui/dispatch/settings-rules-and-leave", 600, test_dispatch_settings);
  GUI_ADD ("/gui/dispatch/settings-team-technician-shifts", 300, test_dispatch_settings_people);
  GUI_ADD ("/gui/dispatch/appointment-on-the-time-axis-and-days", 600, test_dispatch_time_axis);
#undef GUI_ADD

  return g_test_run ();
}
