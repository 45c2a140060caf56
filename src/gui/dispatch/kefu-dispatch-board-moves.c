/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-board-moves.c — the board's moves: assign, reorder,
 * report, book or restore an appointment, automatic dispatch; each one
 * write through board_write() (waiting for another program's lock), with a
 * toast whose Undo takes it back; and dragging a card onto a lane
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-dispatch-board-private.h"
#include "kefu-view.h"

static void
board_write_free (gpointer data)
{
  BoardWrite *w = data;

  g_free (w->number);
  g_free (w->text);
  g_clear_pointer (&w->decisions, g_ptr_array_unref);
  g_free (w);
}

BoardWrite *
kefu_dispatch_board_write_new (KefuDispatchBoard *self,
                               BoardWriteKind     kind,
                               gint64             ticket_id)
{
  BoardWrite *w = g_new0 (BoardWrite, 1);
  const KefuBoardCard *card = kefu_dispatch_board_find_card (self, ticket_id);

  w->self = self;
  w->kind = kind;
  w->ticket_id = ticket_id;
  w->number = g_strdup (card != NULL ? card->number : "");
  w->version = card != NULL ? card->version : 0;
  return w;
}

static gboolean
board_write_cb (KefuStore  *store,
                gpointer    data,
                GError    **error)
{
  BoardWrite *w = data;
  gint64 undone = 0;

  switch (w->kind)
    {
    case BOARD_MOVE:
      {
        gboolean ok;

        /* on the card as shown: a job another dispatcher took meanwhile
         * is not taken from them (refused, naming who and when) */
        kefu_store_expect_version (store, w->ticket_id, w->version);
        ok = w->reorder ? kefu_dispatch_reorder (store, w->ticket_id, w->position, error)
                        : kefu_dispatch_assign (store, w->ticket_id, w->technician_id, w->position, error);
        kefu_store_expect_version (store, 0, 0);
        return ok;
      }
    case BOARD_UNDO:
      if (kefu_dispatch_undo (store, &undone, error))
        return TRUE;
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Nothing to undo."));
      return FALSE;
    case BOARD_REPORT:
      return kefu_dispatch_report (store, w->ticket_id, w->text, error);
    case BOARD_APPOINTMENT:
    case BOARD_RESTORE_APPOINTMENT:
      return kefu_dispatch_set_appointment_window (store, w->ticket_id, w->at, w->minutes, error);
    case BOARD_AUTO:
      return kefu_dispatch_set_auto (store, w->on, error);
    case BOARD_RUN:
    default:
      /* (a run stopped by the lock half way is run again: what it
       * dispatched has left the queue) */
      g_clear_pointer (&w->decisions, g_ptr_array_unref);
      w->decisions = kefu_dispatch_run (store, 0, TRUE, error);
      return w->decisions != NULL;
    }
}

static void
board_write_done_cb (KefuWriteOutcome  outcome,
                     const GError     *error,
                     gpointer          data)
{
  BoardWrite *w = data;
  KefuDispatchBoard *self = w->self;
  g_autofree char *text = NULL;

  if (outcome != KEFU_WRITE_DONE)
    {
      if (w->failed != NULL)
        *w->failed = TRUE;
      if (outcome == KEFU_WRITE_FAILED)
        kefu_dispatch_board_toast (self, error->message, FALSE);
      /* someone else's change: the board shows it */
      if (outcome == KEFU_WRITE_FAILED && g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_STALE))
        kefu_view_reload (KEFU_VIEW (self));
      if (w->kind == BOARD_AUTO)
        {
          g_signal_handlers_block_matched (self->auto_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
          gtk_switch_set_active (self->auto_switch, kefu_dispatch_get_auto (self->store));
          g_signal_handlers_unblock_matched (self->auto_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
        }
      return;
    }
  switch (w->kind)
    {
    case BOARD_MOVE:
      self->moved_ticket = w->ticket_id;
      if (w->reorder)
        /* Translators: a toast after a card was moved within its lane */
        text = g_strdup_printf (_("%s moved to place %d"), w->number, w->shown_position);
      else
        /* Translators: a toast: ticket number, technician */
        text = g_strdup_printf (_("%s assigned to %s"), w->number, w->text);
      kefu_dispatch_board_toast (self, text, TRUE);
      break;
    case BOARD_UNDO:
      kefu_dispatch_board_toast (self, _("Move undone"), FALSE);
      break;
    case BOARD_REPORT:
      /* Translators: a toast: ticket number, its new status */
      text = g_strdup_printf (_("%s: %s"), w->number, kefu_code_label (KEFU_CODES_STATUS, w->text));
      kefu_dispatch_board_toast (self, text, FALSE);
      break;
    case BOARD_APPOINTMENT:
      {
        AdwToast *t;

        if (w->at > 0)
          {
            g_autofree char *when = kefu_format_time (w->at, C_("board toast", "%m-%d %H:%M"));
            /* Translators: a toast: ticket number, the appointment's date and time */
            text = g_strdup_printf (_("%s booked for %s"), w->number, when);
          }
        else
          /* Translators: a toast: ticket number */
          text = g_strdup_printf (_("%s: appointment removed"), w->number);
        t = adw_toast_new (text);
        adw_toast_set_button_label (t, _("_Undo"));
        adw_toast_set_action_name (t, "board.restore-appointment");
        adw_toast_set_action_target_value (t, g_variant_new ("(xxi)", w->ticket_id, w->before_at, w->before_minutes));
        adw_toast_set_timeout (t, 6);
        adw_toast_overlay_add_toast (self->toast_overlay, t);
      }
      break;
    case BOARD_RESTORE_APPOINTMENT:
      kefu_dispatch_board_toast (self, w->at > 0 ? _("Appointment put back") : _("Appointment removed again"), FALSE);
      break;
    case BOARD_AUTO:
      kefu_dispatch_board_toast (self, w->on ? _("New tickets are dispatched by the rules as they come")
                         : _("New tickets wait in the Unassigned column"), FALSE);
      return;
    case BOARD_RUN:
    default:
      {
        guint applied = 0;

        for (guint i = 0; i < w->decisions->len; i++)
          applied += ((KefuDispatchDecision *) w->decisions->pdata[i])->applied;
        text = g_strdup_printf (ngettext ("The rules dispatched %u of %u unassigned job", "The rules dispatched %u of %u unassigned jobs",
                                          w->decisions->len), applied, w->decisions->len);
        kefu_dispatch_board_toast (self, text, FALSE);
      }
      break;
    }
  kefu_dispatch_board_reload (self);
}

/* Saves @w now or once another program lets go of the database; FALSE
 * (and @w freed) when it was refused, or a change still waits. */
gboolean
kefu_dispatch_board_write (KefuDispatchBoard *self,
                           BoardWrite        *w)
{
  gboolean failed = FALSE;

  if (kefu_wait_bar_is_waiting (self->wait_bar))
    {
      kefu_dispatch_board_toast (self, _("The last change is not saved yet: another program is writing to the database."), FALSE);
      board_write_free (w);
      return FALSE;
    }
  w->failed = &failed;
  kefu_write_run (self->store, self->wait_bar, board_write_cb, board_write_done_cb, w, board_write_free);
  /* still waiting: @w lives on, without the flag */
  if (kefu_wait_bar_is_waiting (self->wait_bar))
    w->failed = NULL;
  return !failed;
}

gboolean
kefu_dispatch_board_assign (KefuDispatchBoard *self,
                            gint64             ticket_id,
                            gint64             technician_id,
                            int                position)
{
  const KefuBoardCard *card = kefu_dispatch_board_find_card (self, ticket_id);
  const KefuBoardLane *lane = kefu_dispatch_board_find_lane (self, technician_id);
  BoardWrite *w;

  g_return_val_if_fail (KEFU_IS_DISPATCH_BOARD (self), FALSE);
  if (technician_id <= 0 || lane == NULL)
    {
      kefu_dispatch_board_toast (self, _("A job goes back to the Unassigned column only by cancelling its dispatch on the Tickets view."), FALSE);
      return FALSE;
    }
  w = kefu_dispatch_board_write_new (self, BOARD_MOVE, ticket_id);
  w->technician_id = technician_id;
  w->reorder = card != NULL && card->technician_id == technician_id;
  w->position = position;
  w->shown_position = position > 0 ? position : (int) lane->open_jobs;
  w->text = g_strdup (lane->technician_name);
  return kefu_dispatch_board_write (self, w);
}

gboolean
kefu_dispatch_board_undo (KefuDispatchBoard *self)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_BOARD (self), FALSE);
  return kefu_dispatch_board_write (self, kefu_dispatch_board_write_new (self, BOARD_UNDO, 0));
}

void
kefu_dispatch_board_undo_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  kefu_dispatch_board_undo (KEFU_DISPATCH_BOARD (widget));
}

void
kefu_dispatch_board_report (KefuDispatchBoard *self,
                            gint64             ticket_id,
                            const char        *status)
{
  BoardWrite *w = kefu_dispatch_board_write_new (self, BOARD_REPORT, ticket_id);

  w->text = g_strdup (status);
  kefu_dispatch_board_write (self, w);
}

/* "Technician Finished": the work done, as the ticket's Resolve asks it */
typedef struct {
  KefuDispatchBoard *self;   /* weak */
  gint64             ticket_id;
  char              *number;
} Finish;

static void
finish_free (gpointer data)
{
  Finish *f = data;

  g_clear_weak_pointer (&f->self);
  g_free (f->number);
  g_free (f);
}

static gboolean
finish_save_cb (KefuStore        *store,
                const char       *work_done,
                const char       *materials,
                const KefuPhoto  *photos,
                guint             n_photos,
                gpointer          user_data,
                GError          **error)
{
  Finish *f = user_data;

  return kefu_desk_resolve (store, f->ticket_id, work_done, materials, photos, n_photos, error);
}

static void
finish_saved_cb (gpointer user_data)
{
  Finish *f = user_data;
  g_autofree char *text = NULL;

  if (f->self == NULL)
    return;
  /* Translators: a toast: ticket number, its new status */
  text = g_strdup_printf (_("%s: %s"), f->number, kefu_code_label (KEFU_CODES_STATUS, "resolved"));
  kefu_dispatch_board_toast (f->self, text, FALSE);
  kefu_dispatch_board_reload (f->self);
}

void
kefu_dispatch_board_report_cb (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  KefuDispatchBoard *self = KEFU_DISPATCH_BOARD (widget);
  gint64 ticket_id;
  const char *status;

  g_variant_get (parameter, "(x&s)", &ticket_id, &status);
  if (g_str_equal (status, "resolved"))
    {
      const KefuBoardCard *card = kefu_dispatch_board_find_card (self, ticket_id);
      Finish *f = g_new0 (Finish, 1);
      g_autofree char *heading = NULL;

      g_set_weak_pointer (&f->self, self);
      f->ticket_id = ticket_id;
      f->number = g_strdup (card != NULL ? card->number : "");
      /* Translators: the heading of the work-done form opened from the board: the ticket's number */
      heading = g_strdup_printf (_("Resolve %s"), f->number);
      kefu_ask_resolve (widget, self->store, heading, finish_save_cb, finish_saved_cb, f, finish_free);
      return;
    }
  kefu_dispatch_board_report (self, ticket_id, status);
}

void
kefu_dispatch_board_open_ticket_cb (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  g_signal_emit_by_name (widget, "open-ticket", g_variant_get_int64 (parameter));
}

/* "Assign to…": a popover with the technicians, searchable */

static gboolean
technician_filter_func (GtkListBoxRow *row,
                        gpointer       data)
{
  GtkEditable *entry = data;

  return kefu_dispatch_search_matches (kefu_board_pick_row_get_search (KEFU_BOARD_PICK_ROW (row)), gtk_editable_get_text (entry));
}

static void
assign_search_changed_cb (GtkSearchEntry *entry,
                          GtkListBox     *list)
{
  gtk_list_box_invalidate_filter (list);
}

/* The "Assign to…" popover's job (the popover lives inside the board). */
typedef struct {
  KefuDispatchBoard *board;
  GtkPopover        *popover;
  gint64             ticket_id;
} AssignPick;

static void
assign_row_activated_cb (GtkListBox    *list,
                         GtkListBoxRow *row,
                         AssignPick    *pick)
{
  gint64 technician_id = kefu_board_pick_row_get_technician (KEFU_BOARD_PICK_ROW (row));

  gtk_popover_popdown (pick->popover);
  kefu_dispatch_board_assign (pick->board, pick->ticket_id, technician_id, 0);
}

static void
assign_search_activate_cb (GtkSearchEntry *entry,
                           GtkListBox     *list)
{
  /* Enter takes the first technician the search leaves */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row))
      {
        g_signal_emit_by_name (list, "row-activated", row);
        return;
      }
}

GtkWidget *
kefu_dispatch_board_find_card_widget (KefuDispatchBoard *self,
                                      gint64             ticket_id)
{
  for (guint i = 0; self->badges != NULL && i < self->badges->len; i++)
    {
      KefuBoardCardWidget *card = self->badges->pdata[i];
      if (kefu_board_card_widget_get_card (card)->ticket_id == ticket_id)
        return kefu_board_card_widget_get_button (card);
    }
  return NULL;
}

/* What a popover about @ticket_id points from: its card, or its block on
 * its lane's time axis (then @area is set). */
static GtkWidget *
card_anchor (KefuDispatchBoard *self,
             gint64             ticket_id,
             GdkRectangle      *area,
             gboolean          *has_area)
{
  GtkWidget *card = kefu_dispatch_board_find_card_widget (self, ticket_id);
  GHashTableIter iter;
  gpointer timeline;

  *has_area = FALSE;
  if (card != NULL)
    return card;
  g_hash_table_iter_init (&iter, self->timelines);
  while (g_hash_table_iter_next (&iter, NULL, &timeline))
    if (kefu_day_timeline_get_block_area (timeline, ticket_id, area))
      {
        *has_area = TRUE;
        return timeline;
      }
  return NULL;
}

/* By keyboard a card may be out of sight: a popover from it must not be,
 * so the card comes to the middle. With @room, a card in the lower half
 * does too, leaving a tall popover room below it. Returns whether it
 * scrolled. */
static gboolean
scroll_into_view (KefuDispatchBoard *self,
                  GtkWidget         *widget,
                  gboolean           room)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->lanes_box), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double top, page;

  if (scrolled == NULL || !gtk_widget_compute_bounds (widget, GTK_WIDGET (self->lanes_box), &bounds))
    return FALSE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  top = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (bounds.origin.y >= top && bounds.origin.y + bounds.size.height <= top + (room ? page / 2 : page))
    return FALSE;
  gtk_adjustment_set_value (adjustment, bounds.origin.y + bounds.size.height / 2 - page / 2);
  return TRUE;
}

/* A popover waiting for its anchor's place (kefu_dispatch_board_popup_in_view ()). */
typedef struct {
  KefuDispatchBoard *board;
  GtkPopover        *popover;   /* a reference */
  GtkWidget         *focus;
  gboolean           placed;
} PendingPopup;

static void
popup_after_layout_cb (GdkFrameClock *clock,
                       PendingPopup  *p)
{
  GtkWidget *anchor = gtk_widget_get_parent (GTK_WIDGET (p->popover));

  if (anchor != NULL && !p->placed)
    {
      /* the anchor has its place now: into view, and up after that layout */
      p->placed = TRUE;
      if (scroll_into_view (p->board, anchor, p->focus != NULL))
        {
          gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
          return;
        }
    }
  g_signal_handlers_disconnect_by_func (clock, popup_after_layout_cb, p);
  if (anchor != NULL)
    {
      gtk_popover_popup (p->popover);
      if (p->focus != NULL)
        gtk_widget_grab_focus (p->focus);
    }
  g_object_unref (p->popover);
  g_free (p);
}

/* Pops @popover up from @anchor after the next layout, with @anchor
 * scrolled into view: a card or block just made has no place yet, and a
 * popover placed from an anchor off the screen finds no monitor. */
void
kefu_dispatch_board_popup_in_view (KefuDispatchBoard *self,
                                   GtkWidget         *anchor,
                                   GtkPopover        *popover,
                                   GtkWidget         *focus)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (anchor);

  if (clock == NULL)
    {
      gtk_popover_popup (popover);
      return;
    }
  {
    PendingPopup *p = g_new0 (PendingPopup, 1);

    p->board = self;
    p->popover = g_object_ref (popover);
    p->focus = focus;
    g_signal_connect_after (clock, "layout", G_CALLBACK (popup_after_layout_cb), p);
  }
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

void
kefu_dispatch_board_assign_to (KefuDispatchBoard *self,
                               gint64             ticket_id)
{
  GdkRectangle area;
  gboolean has_area;
  GtkWidget *anchor = card_anchor (self, ticket_id, &area, &has_area);
  GtkWidget *popover, *box, *entry, *scroll, *list;

  g_return_if_fail (KEFU_IS_DISPATCH_BOARD (self));
  if (anchor == NULL || self->board == NULL)
    return;
  popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_search_entry_new ();
  scroll = gtk_scrolled_window_new ();
  list = gtk_list_box_new ();
  gtk_widget_set_size_request (scroll, 280, 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), list);
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), technician_filter_func, entry, NULL);
  {
    GtkWidget *none = gtk_label_new (_("No technician matches"));

    gtk_widget_add_css_class (none, "dim-label");
    gtk_widget_set_margin_top (none, 12);
    gtk_list_box_set_placeholder (GTK_LIST_BOX (list), none);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Technician"), -1);
  for (guint i = 0; i < self->board->lanes->len; i++)
    {
      KefuBoardLane *lane = self->board->lanes->pdata[i];
      GtkWidget *row = kefu_board_pick_row_new (lane);
      g_autofree char *text = g_strdup_printf ("%s · %s · %s", lane->technician_name, lane->team_name,
                                               kefu_technician_status_label (lane->status));
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_top (label, 4);
      gtk_widget_set_margin_bottom (label, 4);
      if (lane->status == KEFU_TECHNICIAN_OFF || lane->suspended)
        gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  g_signal_connect (entry, "search-changed", G_CALLBACK (assign_search_changed_cb), list);
  g_signal_connect (entry, "activate", G_CALLBACK (assign_search_activate_cb), list);
  {
    AssignPick *pick = g_new0 (AssignPick, 1);

    pick->board = self;
    pick->popover = GTK_POPOVER (popover);
    pick->ticket_id = ticket_id;
    g_signal_connect_data (list, "row-activated", G_CALLBACK (assign_row_activated_cb), pick,
                           (GClosureNotify) (void (*) (void)) g_free, 0);
  }
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), scroll);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_widget_set_parent (popover, anchor);
  if (has_area)
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), &area);
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  kefu_dispatch_board_popup_in_view (self, anchor, GTK_POPOVER (popover), entry);
}

void
kefu_dispatch_board_assign_to_cb (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  kefu_dispatch_board_assign_to (KEFU_DISPATCH_BOARD (widget), g_variant_get_int64 (parameter));
}

/* Drag and drop ------------------------------------------------------------- */

GdkContentProvider *
kefu_dispatch_board_card_drag_prepare_cb (GtkDragSource *source,
                                          double         x,
                                          double         y,
                                          gpointer       data)
{
  const KefuBoardCard *card = data;
  GValue value = G_VALUE_INIT;
  GdkContentProvider *provider;

  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, card->ticket_id);
  provider = gdk_content_provider_new_for_value (&value);
  g_value_unset (&value);
  return provider;
}

void
kefu_dispatch_board_card_drag_begin_cb (GtkDragSource *source,
                                        GdkDrag       *drag,
                                        GtkWidget     *card)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (card);
  GtkWidget *board = gtk_widget_get_ancestor (card, KEFU_TYPE_DISPATCH_BOARD);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
  if (board != NULL)
    KEFU_DISPATCH_BOARD (board)->dragging = TRUE;
}

void
kefu_dispatch_board_card_drag_end_cb (GtkDragSource     *source,
                                      GdkDrag           *drag,
                                      gboolean           delete_data,
                                      KefuDispatchBoard *self)
{
  self->dragging = FALSE;
}

gboolean
kefu_dispatch_board_lane_drop_cb (GtkDropTarget *target,
                                  const GValue  *value,
                                  double         x,
                                  double         y,
                                  GtkFlowBox    *flow)
{
  KefuDispatchBoard *self = KEFU_DISPATCH_BOARD (gtk_widget_get_ancestor (GTK_WIDGET (flow), KEFU_TYPE_DISPATCH_BOARD));
  gint64 technician_id = kefu_board_lane_technician_of (GTK_WIDGET (flow));
  GtkFlowBoxChild *under = gtk_flow_box_get_child_at_pos (flow, (int) x, (int) y);
  int position = under != NULL ? gtk_flow_box_child_get_index (under) + 1 : 0;

  if (!G_VALUE_HOLDS_INT64 (value))
    return FALSE;
  return kefu_dispatch_board_assign (self, g_value_get_int64 (value), technician_id, position);
}
