/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-board.c — every open job and every technician of the day
 *
 * One lane per technician, grouped by team, with the Unassigned column
 * first. A card is a job; drag it onto a lane to assign or reassign it,
 * within its lane to reorder; the card's menu does the same by keyboard
 * ("Assign to…" with a search) and records what a technician phones in.
 * Every move is one transaction in the core with an event in the ticket's
 * timeline, and the toast's Undo takes it back. The board's data is read
 * on a worker thread; the badges count down every 30 seconds.
 *
 * The board shows one day (the arrows, Today, or the calendar under the
 * date): each lane has that day's time axis (kefu-day-timeline.c) with the
 * technician's shifts and the jobs booked that day as blocks at their time;
 * the other jobs stay cards in the lane's order. "Set Appointment…" on a
 * card's menu books or moves it, and its toast's Undo puts it back.
 *
 * Every change goes through kefu_dispatch_board_write(): while another program holds
 * the database's write lock the board's bar says it waits, the change is
 * tried again until it is saved (kefu-write.h), and the next change waits
 * for it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-board-widgets.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-dispatch.h"
#include "kefu-day-timeline.h"
#include "kefu-dispatch-board.h"
#include "kefu-dispatch-board-private.h"
#include "kefu-dispatch-settings.h"
#include "kefu-enums.h"
#include "kefu-gui-util.h"
#include "kefu-loader.h"
#include "kefu-view.h"
#include "kefu-ticket-dialogs.h"
#include "kefu-write.h"


static void kefu_dispatch_board_view_init (KefuViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KefuDispatchBoard, kefu_dispatch_board, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (KEFU_TYPE_VIEW, kefu_dispatch_board_view_init))

enum {
  OPEN_TICKET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_board (KefuDispatchBoard *self);
static void update_now (KefuDispatchBoard *self);

void
kefu_dispatch_board_toast (KefuDispatchBoard *self,
                           const char        *text,
                           gboolean           with_undo)
{
  AdwToast *t = adw_toast_new (text);

  if (with_undo)
    {
      adw_toast_set_button_label (t, _("_Undo"));
      adw_toast_set_action_name (t, "board.undo");
    }
  adw_toast_set_timeout (t, 6);
  /* in front of any toast still shown (an error is never queued behind) */
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

const KefuBoardLane *
kefu_dispatch_board_find_lane (KefuDispatchBoard *self,
                               gint64             technician_id)
{
  for (guint i = 0; self->board != NULL && i < self->board->lanes->len; i++)
    {
      KefuBoardLane *lane = self->board->lanes->pdata[i];
      if (lane->technician_id == technician_id)
        return lane;
    }
  return NULL;
}

const KefuBoardCard *
kefu_dispatch_board_find_card (KefuDispatchBoard *self,
                               gint64             ticket_id)
{
  for (guint i = 0; self->board != NULL && i < self->board->cards->len; i++)
    {
      KefuBoardCard *card = self->board->cards->pdata[i];
      if (card->ticket_id == ticket_id)
        return card;
    }
  return NULL;
}

/* Building the lanes -------------------------------------------------------- */

static gboolean
refresh_badges_cb (gpointer data)
{
  KefuDispatchBoard *self = data;

  gint64 now = self->store != NULL ? kefu_store_now (self->store) : 0;

  for (guint i = 0; now > 0 && self->badges != NULL && i < self->badges->len; i++)
    kefu_board_card_widget_update_badge (self->badges->pdata[i], now);
  if (self->timelines != NULL && self->store != NULL)
    update_now (self);
  return G_SOURCE_CONTINUE;
}

static GMenuModel *
card_menu (const KefuBoardCard *card)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) reports = g_menu_new ();
  static const struct { const char *status; const char *label; } steps[] = {
    { "accepted", N_("Technician _Accepted") },
    { "on_site", N_("Technician _Arrived") },
    { "resolved", N_("Technician _Finished") },
  };
  g_autoptr(GMenuItem) assign = g_menu_item_new (_("Assign _To…"), NULL);
  g_autoptr(GMenuItem) book = g_menu_item_new (_("Set A_ppointment…"), NULL);
  g_autoptr(GMenuItem) open = g_menu_item_new (_("_Open Ticket"), NULL);

  g_menu_item_set_action_and_target_value (assign, "board.assign-to", g_variant_new_int64 (card->ticket_id));
  g_menu_append_item (menu, assign);
  g_menu_item_set_action_and_target_value (book, "board.set-appointment", g_variant_new_int64 (card->ticket_id));
  /* a job begun on site is past booking */
  if (g_strcmp0 (card->status, "on_site") != 0)
    g_menu_append_item (menu, book);
  for (guint i = 0; card->technician_id > 0 && i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(steps[i].label), NULL);
      g_menu_item_set_action_and_target_value (item, "board.report",
                                               g_variant_new ("(xs)", card->ticket_id, steps[i].status));
      g_menu_append_item (reports, item);
    }
  if (card->technician_id > 0)
    g_menu_append_section (menu, NULL, G_MENU_MODEL (reports));
  g_menu_item_set_action_and_target_value (open, "board.open-ticket", g_variant_new_int64 (card->ticket_id));
  g_menu_append_item (menu, open);
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

/* The card's menu is made when first opened: 2,000 menus made up front,
 * each watching its actions, took minutes to show. */
static void
card_popup_cb (GtkMenuButton *button,
               gpointer       data)
{
  g_autoptr(GMenuModel) menu = card_menu (data);

  gtk_menu_button_set_menu_model (button, menu);
}

static GtkWidget *
make_card (KefuDispatchBoard   *self,
           const KefuBoardCard *card)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *number = gtk_label_new (card->number);
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *location = gtk_label_new (card->location);
  g_autofree char *what = g_strdup_printf ("%s · %s", kefu_code_label (KEFU_CODES_KIND, card->kind),
                                           card->subtype != NULL ? kefu_code_label (KEFU_CODES_SUBTYPE, card->subtype) : "");
  GtkWidget *kind = gtk_label_new (what);
  GtkDragSource *drag = gtk_drag_source_new ();
  g_autofree char *accessible = NULL;
  GtkWidget *widget;

  gtk_widget_add_css_class (button, "board-card");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (number, "ticket-number");
  gtk_widget_add_css_class (number, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_widget_set_hexpand (number, TRUE);
  gtk_widget_add_css_class (badge, "status-badge");
  gtk_box_append (GTK_BOX (top), number);
  gtk_box_append (GTK_BOX (top), badge);
  gtk_label_set_xalign (GTK_LABEL (location), 0);
  gtk_label_set_ellipsize (GTK_LABEL (location), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (location), 18);
  gtk_label_set_xalign (GTK_LABEL (kind), 0);
  gtk_widget_add_css_class (kind, "caption");
  if (card->level < 3)
    {
      g_autofree char *css = g_strdup_printf ("level-%d", card->level);
      gtk_widget_add_css_class (kind, css);
    }
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), location);
  gtk_box_append (GTK_BOX (box), kind);
  if (card->appointment_at > 0)
    {
      gboolean that_day = kefu_board_card_span (self->board, card, NULL);
      /* Translators: a strftime format: an appointment's date and time on another day than the board's */
      g_autofree char *at = kefu_format_time (card->appointment_at, that_day ? "%H:%M" : C_("board card", "%m-%d %H:%M"));
      /* Translators: on a board card: the appointment agreed with the owner */
      g_autofree char *text = g_strdup_printf (_("Appointment %s"), at);
      GtkWidget *appointment = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (appointment), 0);
      gtk_widget_add_css_class (appointment, "caption");
      gtk_widget_add_css_class (appointment, "accent");
      gtk_box_append (GTK_BOX (box), appointment);
    }
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), box);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), card_popup_cb, (gpointer) card, NULL);
  gtk_menu_button_set_always_show_arrow (GTK_MENU_BUTTON (button), FALSE);
  accessible = g_strdup_printf ("%s, %s, %s, %s", card->number, card->location, what,
                                kefu_code_label (KEFU_CODES_LEVEL, card->level == 1 ? "1" : card->level == 2 ? "2" : "3"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_set_tooltip_text (button, accessible);

  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (kefu_dispatch_board_card_drag_prepare_cb), (gpointer) card);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (kefu_dispatch_board_card_drag_begin_cb), button);
  g_signal_connect (drag, "drag-end", G_CALLBACK (kefu_dispatch_board_card_drag_end_cb), self);
  gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (drag));
  widget = kefu_board_card_widget_new (card, button, badge);
  g_ptr_array_add (self->badges, widget);
  kefu_board_card_widget_update_badge (KEFU_BOARD_CARD_WIDGET (widget), kefu_store_now (self->store));
  return widget;
}

static GtkWidget *
make_lane_cards (KefuDispatchBoard *self,
                 gint64             technician_id)
{
  GtkWidget *flow = gtk_flow_box_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 12);
  gtk_widget_set_hexpand (flow, TRUE);
  gtk_widget_set_size_request (flow, -1, 64);
  gtk_widget_add_css_class (flow, "board-lane-cards");
  g_signal_connect (drop, "drop", G_CALLBACK (kefu_dispatch_board_lane_drop_cb), flow);
  gtk_widget_add_controller (flow, GTK_EVENT_CONTROLLER (drop));
  g_hash_table_insert (self->lanes, GSIZE_TO_POINTER (technician_id), flow);
  return flow;
}

static gboolean
board_is_today (KefuDispatchBoard *self)
{
  gint64 now = kefu_store_now (self->store);

  return self->board != NULL && now >= self->board->day_start && now < self->board->day_end;
}

/* Greyed: off now on today's board; on another day, no shift that day. */
static gboolean
lane_is_off (KefuDispatchBoard   *self,
             const KefuBoardLane *lane)
{
  if (board_is_today (self))
    return lane->status == KEFU_TECHNICIAN_OFF;
  return lane->shifts == NULL || lane->shifts->len == 0;
}

static void block_activated_cb (KefuDayTimeline *timeline,
                                gint64           ticket_id,
                                gpointer         data);

static gboolean
timeline_drop_cb (GtkDropTarget   *target,
                  const GValue    *value,
                  double           x,
                  double           y,
                  KefuDayTimeline *timeline)
{
  KefuDispatchBoard *self = KEFU_DISPATCH_BOARD (gtk_widget_get_ancestor (GTK_WIDGET (timeline), KEFU_TYPE_DISPATCH_BOARD));
  gint64 technician_id = kefu_board_lane_technician_of (GTK_WIDGET (timeline));

  if (!G_VALUE_HOLDS_INT64 (value))
    return FALSE;
  return kefu_dispatch_board_assign (self, g_value_get_int64 (value), technician_id, 0);
}

/* The lane's day: its time axis (shifts, the jobs booked that day), then
 * the other jobs as cards. */
static GtkWidget *
make_lane_day (KefuDispatchBoard   *self,
               const KefuBoardLane *lane)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *timeline = kefu_day_timeline_new (FALSE);
  GtkWidget *cards = make_lane_cards (self, lane->technician_id);
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);

  kefu_day_timeline_set_range (KEFU_DAY_TIMELINE (timeline), self->board->day_start, self->axis_from, self->axis_to);
  kefu_day_timeline_set_now (KEFU_DAY_TIMELINE (timeline), kefu_store_now (self->store));
  kefu_day_timeline_set_lane (KEFU_DAY_TIMELINE (timeline), lane);
  g_signal_connect (timeline, "block-activated", G_CALLBACK (block_activated_cb), self);
  g_signal_connect (drop, "drop", G_CALLBACK (timeline_drop_cb), timeline);
  gtk_widget_add_controller (timeline, GTK_EVENT_CONTROLLER (drop));
  g_hash_table_insert (self->timelines, GSIZE_TO_POINTER (lane->technician_id), timeline);
  /* the axis takes drops, so an empty lane need not be tall */
  gtk_widget_set_size_request (cards, -1, -1);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_box_append (GTK_BOX (box), timeline);
  gtk_box_append (GTK_BOX (box), cards);
  return box;
}

static GtkWidget *
make_lane (KefuDispatchBoard   *self,
           const KefuBoardLane *lane)
{
  GtkWidget *row = kefu_board_lane_row_new (lane);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (lane->technician_name);
  /* at a job after hours is not on shift: said, and not counted on shift */
  const char *state = lane->status != KEFU_TECHNICIAN_ON_SITE ? kefu_technician_status_label (lane->status)
                    : lane->on_shift ? _("On site, on shift") : _("On site, off shift");
  GtkWidget *status = gtk_label_new (state);
  g_autofree char *load_text = NULL;
  g_autofree char *pace_text = NULL;
  GtkWidget *load, *pace = NULL;

  load_text = g_strdup_printf (ngettext ("%u open job", "%u open jobs", lane->open_jobs), lane->open_jobs);
  load = gtk_label_new (load_text);
  if (lane->mean_finish_minutes >= 0)
    {
      /* Translators: a lane's workload, under its open jobs: mean minutes from dispatch to finished */
      pace_text = g_strdup_printf (_("%.0f min to finish this week"), lane->mean_finish_minutes);
      pace = gtk_label_new (pace_text);
    }
  /* exactly 200 px wide, so every lane's time axis lines up with the hours
   * above: the labels are ellipsized, with the whole in the tooltip */
  gtk_widget_set_size_request (header, 200, -1);
  {
    GtkWidget *labels[] = { name, status, load, pace };

    for (guint i = 0; i < G_N_ELEMENTS (labels) && labels[i] != NULL; i++)
      {
        gtk_label_set_ellipsize (GTK_LABEL (labels[i]), PANGO_ELLIPSIZE_END);
        gtk_label_set_max_width_chars (GTK_LABEL (labels[i]), 1);
      }
  }
  {
    g_autofree char *whole = g_strdup_printf ("%s · %s · %s%s%s", lane->technician_name, state,
                                              load_text, pace_text != NULL ? " · " : "", pace_text != NULL ? pace_text : "");
    gtk_widget_set_tooltip_text (header, whole);
  }
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_add_css_class (status, lane->status == KEFU_TECHNICIAN_ON_SITE ? "accent" :
                                    lane->status == KEFU_TECHNICIAN_ON_SHIFT ? "success" : "dim-label");
  gtk_label_set_xalign (GTK_LABEL (load), 0);
  gtk_widget_add_css_class (load, "caption");
  gtk_widget_add_css_class (load, "dim-label");
  gtk_box_append (GTK_BOX (header), name);
  gtk_box_append (GTK_BOX (header), status);
  gtk_box_append (GTK_BOX (header), load);
  if (pace != NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (pace), 0);
      gtk_widget_add_css_class (pace, "caption");
      gtk_widget_add_css_class (pace, "dim-label");
      gtk_box_append (GTK_BOX (header), pace);
    }
  gtk_box_append (GTK_BOX (row), header);
  gtk_box_append (GTK_BOX (row), make_lane_day (self, lane));
  gtk_widget_add_css_class (row, "board-lane");
  if (lane_is_off (self, lane))
    gtk_widget_add_css_class (row, "board-lane-off");
  return row;
}

static void
clear_lanes (KefuDispatchBoard *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lanes_box))) != NULL)
    gtk_box_remove (self->lanes_box, child);
  g_ptr_array_set_size (self->badges, 0);
  g_hash_table_remove_all (self->lanes);
  g_hash_table_remove_all (self->timelines);
  self->no_match = NULL;
}

/* Shows the lanes whose technician or team matches the search (as written,
 * or in pinyin: "lishifu", "lsf"), each team's title while one of its
 * lanes shows, and says so when none does. */
static void
apply_filter (KefuDispatchBoard *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  GtkWidget *content = gtk_widget_get_first_child (GTK_WIDGET (self->lanes_box));
  GtkWidget *title = NULL;
  gboolean title_matches = FALSE, any_lane = FALSE, any_shown = FALSE, searching;
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  searching = *trimmed != '\0';
  for (GtkWidget *row = content != NULL ? gtk_widget_get_first_child (content) : NULL; row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      gboolean is_lane = KEFU_IS_BOARD_LANE_ROW (row);
      const char *haystack = is_lane ? kefu_board_lane_row_get_search (KEFU_BOARD_LANE_ROW (row))
                           : KEFU_IS_BOARD_TEAM_TITLE (row) ? kefu_board_team_title_get_search (KEFU_BOARD_TEAM_TITLE (row))
                           : NULL;
      gboolean matches;

      if (haystack == NULL)
        continue;
      matches = kefu_dispatch_search_matches (haystack, trimmed);
      if (!is_lane)
        {
          /* a team's title: shown with its lanes; a team found by name shows them all */
          title = row;
          title_matches = matches;
          gtk_widget_set_visible (row, !searching || matches);
          continue;
        }
      any_lane = TRUE;
      matches = matches || title_matches;
      gtk_widget_set_visible (row, matches);
      if (matches)
        {
          any_shown = TRUE;
          if (title != NULL)
            gtk_widget_set_visible (title, TRUE);
        }
    }
  if (self->no_match != NULL)
    {
      gtk_widget_set_visible (self->no_match, searching && any_lane && !any_shown);
      if (searching)
        {
          /* Translators: on the dispatch board, when the technician search finds nobody */
          g_autofree char *said = g_strdup_printf (_("No technician or team matches “%s”. Names can be typed in "
                                                     "pinyin too (lishifu, lsf)."), trimmed);
          gtk_label_set_text (GTK_LABEL (self->no_match), said);
        }
    }
}

static void
filter_changed_cb (KefuDispatchBoard *self,
                   GtkSearchEntry    *entry)
{
  apply_filter (self);
}

/* The day ------------------------------------------------------------------ */

static char *
format_span (const KefuMinuteSpan *span)
{
  return g_strdup_printf ("%02d:%02d–%02d:%02d", span->from_min / 60, span->from_min % 60,
                          span->to_min / 60, span->to_min % 60);
}

/* Why an appointment is marked, said as the dispatcher would. */
static char *
conflict_reason (KefuDispatchBoard   *self,
                 const KefuBoardCard *card)
{
  g_autoptr(GString) why = g_string_new (NULL);

  if (card->conflicts & KEFU_APPOINTMENT_OVERLAPS)
    {
      const KefuBoardCard *other = kefu_dispatch_board_find_card (self, card->overlaps_with);
      KefuMinuteSpan span;

      if (other != NULL && kefu_board_card_span (self->board, other, &span))
        {
          g_autofree char *when = format_span (&span);
          /* Translators: why an appointment is marked: the other ticket's number, its time */
          g_string_append_printf (why, _("Overlaps %s (%s)"), other->number, when);
        }
      else
        g_string_append (why, _("Overlaps another appointment of the same technician"));
    }
  if (card->conflicts & KEFU_APPOINTMENT_OFF_SHIFT)
    {
      const KefuBoardLane *lane = kefu_dispatch_board_find_lane (self, card->technician_id);
      g_autoptr(GString) shifts = g_string_new (NULL);

      for (guint i = 0; lane != NULL && lane->shifts != NULL && i < lane->shifts->len; i++)
        {
          g_autofree char *span = format_span (&g_array_index (lane->shifts, KefuMinuteSpan, i));
          g_string_append_printf (shifts, "%s%s", i > 0 ? ", " : "", span);
        }
      if (why->len > 0)
        g_string_append_c (why, '\n');
      if (shifts->len > 0)
        /* Translators: why an appointment is marked: the technician, their shifts that day */
        g_string_append_printf (why, _("Outside %s’s shift that day (%s)"), lane->technician_name, shifts->str);
      else
        /* Translators: why an appointment is marked: the technician */
        g_string_append_printf (why, _("%s is not on shift that day"), lane != NULL ? lane->technician_name : "");
    }
  return why->len > 0 ? g_strdup (why->str) : NULL;
}

/* The axis above the lanes and the calendar follow the board's day. */
static void
show_day (KefuDispatchBoard *self)
{
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (self->board->day_start);

  /* once for the board: every lane's axis has the same hours */
  kefu_day_timeline_range_for_board (self->board, &self->axis_from, &self->axis_to);
  kefu_day_timeline_set_range (KEFU_DAY_TIMELINE (self->axis), self->board->day_start, self->axis_from, self->axis_to);
  kefu_day_timeline_set_now (KEFU_DAY_TIMELINE (self->axis), kefu_store_now (self->store));
  g_signal_handlers_block_matched (self->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_calendar_select_day (self->calendar, day);
  g_signal_handlers_unblock_matched (self->calendar, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
update_now (KefuDispatchBoard *self)
{
  GHashTableIter iter;
  gpointer timeline;
  gint64 now = kefu_store_now (self->store);

  kefu_day_timeline_set_now (KEFU_DAY_TIMELINE (self->axis), now);
  g_hash_table_iter_init (&iter, self->timelines);
  while (g_hash_table_iter_next (&iter, NULL, &timeline))
    kefu_day_timeline_set_now (timeline, now);
}

static gint64
days_from_today (KefuDispatchBoard *self,
                 GDateTime         *day)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (self->store));
  GDate a, b;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_dmy (&a, g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  g_date_set_dmy (&b, g_date_time_get_day_of_month (day), g_date_time_get_month (day), g_date_time_get_year (day));
  return g_date_days_between (&a, &b);
}

void
kefu_dispatch_board_set_day (KefuDispatchBoard *self,
                             GDateTime         *day)
{
  g_return_if_fail (KEFU_IS_DISPATCH_BOARD (self));
  g_return_if_fail (day != NULL);
  self->day_offset = days_from_today (self, day);
  kefu_dispatch_board_reload (self);
}

gint64
kefu_dispatch_board_get_day_start (KefuDispatchBoard *self)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_BOARD (self), 0);
  return self->board != NULL ? self->board->day_start : 0;
}

static void
calendar_day_selected_cb (KefuDispatchBoard *self,
                          GtkCalendar       *calendar)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);

  gtk_popover_popdown (self->day_popover);
  kefu_dispatch_board_set_day (self, day);
}

KefuDayTimeline *
kefu_dispatch_board_get_timeline (KefuDispatchBoard *self,
                                  gint64             technician_id)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_BOARD (self), NULL);
  return g_hash_table_lookup (self->timelines, GSIZE_TO_POINTER (technician_id));
}

static gboolean
unparent_idle_cb (gpointer data)
{
  g_autoptr(GtkWidget) popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  return G_SOURCE_REMOVE;
}

/* The menu activates its item after it closes: it must still be in the
 * board then, for the item's board.* action to be found. */
static void
block_menu_closed_cb (GtkPopover *popover)
{
  g_idle_add (unparent_idle_cb, g_object_ref (popover));
}

/* A block on a lane's axis: the card's menu, pointing at it. */
static void
block_activated_cb (KefuDayTimeline *timeline,
                    gint64           ticket_id,
                    gpointer         data)
{
  KefuDispatchBoard *self = data;
  const KefuBoardCard *card = kefu_dispatch_board_find_card (self, ticket_id);
  g_autoptr(GMenuModel) menu = NULL;
  GtkWidget *popover;
  GdkRectangle area;

  if (card == NULL || !kefu_day_timeline_get_block_area (timeline, ticket_id, &area))
    return;
  menu = card_menu (card);
  popover = gtk_popover_menu_new_from_model (menu);
  gtk_widget_set_parent (popover, GTK_WIDGET (timeline));
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &area);
  g_signal_connect (popover, "closed", G_CALLBACK (block_menu_closed_cb), NULL);
  kefu_dispatch_board_popup_in_view (self, GTK_WIDGET (timeline), GTK_POPOVER (popover), NULL);
}

/* Appointments ------------------------------------------------------------- */

static const int window_minutes[] = { 30, 60, 90, 120, 180, 240 };

gboolean
kefu_dispatch_board_set_appointment (KefuDispatchBoard *self,
                                     gint64             ticket_id,
                                     gint64             at,
                                     int                minutes)
{
  const KefuBoardCard *card = kefu_dispatch_board_find_card (self, ticket_id);
  BoardWrite *w;

  g_return_val_if_fail (KEFU_IS_DISPATCH_BOARD (self), FALSE);
  w = kefu_dispatch_board_write_new (self, BOARD_APPOINTMENT, ticket_id);
  w->at = at;
  w->minutes = at > 0 ? minutes : 0;
  w->before_at = card != NULL ? card->appointment_at : 0;
  w->before_minutes = card != NULL && card->appointment_at > 0 ? card->appointment_minutes : 0;
  return kefu_dispatch_board_write (self, w);
}

static void
board_restore_appointment_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  KefuDispatchBoard *self = KEFU_DISPATCH_BOARD (widget);
  BoardWrite *w;
  gint64 ticket_id;

  g_variant_get (parameter, "(xxi)", &ticket_id, NULL, NULL);
  w = kefu_dispatch_board_write_new (self, BOARD_RESTORE_APPOINTMENT, ticket_id);
  g_variant_get (parameter, "(xxi)", NULL, &w->at, &w->minutes);
  kefu_dispatch_board_write (self, w);
}

/* The appointment dialog's fields (the widgets are the dialog's). */
typedef struct {
  GWeakRef       board;
  gint64         ticket_id;
  GtkCalendar   *calendar;
  GtkSpinButton *hour;
  GtkSpinButton *minute;
  GtkDropDown   *window;
} AppointmentForm;

static void
appointment_form_free (gpointer  data,
                       GClosure *closure)
{
  AppointmentForm *form = data;

  g_weak_ref_clear (&form->board);
  g_free (form);
}

static void
appointment_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         AppointmentForm  *form)
{
  g_autoptr(KefuDispatchBoard) self = g_weak_ref_get (&form->board);
  gint64 ticket_id = form->ticket_id;
  GtkCalendar *calendar = form->calendar;
  GtkSpinButton *hour = form->hour;
  GtkSpinButton *minute = form->minute;
  GtkDropDown *window = form->window;

  if (self == NULL)
    return;   /* the board went away meanwhile */
  if (g_str_equal (response, "set"))
    {
      g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
      g_autoptr(GDateTime) when = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                                         g_date_time_get_day_of_month (day),
                                                         gtk_spin_button_get_value_as_int (hour),
                                                         gtk_spin_button_get_value_as_int (minute), 0);
      guint w = MIN (gtk_drop_down_get_selected (window), G_N_ELEMENTS (window_minutes) - 1);

      kefu_dispatch_board_set_appointment (self, ticket_id, g_date_time_to_unix (when), window_minutes[w]);
    }
  else if (g_str_equal (response, "remove"))
    kefu_dispatch_board_set_appointment (self, ticket_id, 0, 0);
}

static GtkWidget *
labelled (const char *text,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_size_request (label, 80, -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

/* "09", not "9" */
static gboolean
two_digits_cb (GtkSpinButton *spin)
{
  char text[16];

  g_snprintf (text, sizeof text, "%02d", gtk_spin_button_get_value_as_int (spin));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* "Set Appointment…": the day, the time and the window agreed with the owner. */
void
kefu_dispatch_board_edit_appointment (KefuDispatchBoard *self,
                                      gint64             ticket_id)
{
  const KefuBoardCard *card = kefu_dispatch_board_find_card (self, ticket_id);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GtkStringList) windows = gtk_string_list_new (NULL);
  g_autofree char *body = NULL;
  GtkWidget *dialog, *box, *calendar, *hour, *minute, *time, *window;
  int minutes;

  g_return_if_fail (KEFU_IS_DISPATCH_BOARD (self));
  if (card == NULL)
    return;
  if (card->appointment_at > 0)
    start = g_date_time_new_from_unix_local (card->appointment_at);
  else if (board_is_today (self))
    {
      /* the next whole hour */
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (self->store) + 3600);
      start = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                     g_date_time_get_day_of_month (now), g_date_time_get_hour (now), 0, 0);
    }
  else
    {
      g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (self->board->day_start);
      start = g_date_time_add_hours (day, 9);
    }
  minutes = card->appointment_at > 0 ? card->appointment_minutes : KEFU_APPOINTMENT_DEFAULT_MINUTES;

  /* Translators: the Set Appointment dialog's text: ticket number, location */
  body = g_strdup_printf (_("%s · %s: the time agreed with the owner. The job is placed at that time on its technician’s day."),
                          card->number, card->location);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Set Appointment"), body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  calendar = gtk_calendar_new ();
  gtk_calendar_select_day (GTK_CALENDAR (calendar), start);
  gtk_widget_set_name (calendar, "appointment-day");
  hour = gtk_spin_button_new_with_range (0, 23, 1);
  minute = gtk_spin_button_new_with_range (0, 55, 5);
  gtk_widget_set_name (hour, "appointment-hour");
  gtk_widget_set_name (minute, "appointment-minute");
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (hour), TRUE);
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (minute), TRUE);
  g_signal_connect (hour, "output", G_CALLBACK (two_digits_cb), NULL);
  g_signal_connect (minute, "output", G_CALLBACK (two_digits_cb), NULL);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (hour), g_date_time_get_hour (start));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (minute), g_date_time_get_minute (start) / 5 * 5);
  gtk_accessible_update_property (GTK_ACCESSIBLE (minute), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Minute"), -1);
  time = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_append (GTK_BOX (time), hour);
  gtk_box_append (GTK_BOX (time), gtk_label_new (":"));
  gtk_box_append (GTK_BOX (time), minute);
  for (guint i = 0; i < G_N_ELEMENTS (window_minutes); i++)
    {
      g_autofree char *label = window_minutes[i] % 60 == 0
        ? g_strdup_printf (ngettext ("%d hour", "%d hours", window_minutes[i] / 60), window_minutes[i] / 60)
        : g_strdup_printf (ngettext ("%d minute", "%d minutes", window_minutes[i]), window_minutes[i]);
      gtk_string_list_append (windows, label);
    }
  window = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (windows)), NULL);
  gtk_widget_set_name (window, "appointment-window");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (window), 1);
  for (guint i = 0; i < G_N_ELEMENTS (window_minutes); i++)
    if (window_minutes[i] == minutes)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (window), i);
  gtk_box_append (GTK_BOX (box), calendar);
  gtk_box_append (GTK_BOX (box), labelled (_("_Time"), time));
  gtk_box_append (GTK_BOX (box), labelled (_("_Window"), window));
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (card->appointment_at > 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "remove", _("_Remove Appointment"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "set", _("_Set"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "set");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  {
    AppointmentForm *form = g_new0 (AppointmentForm, 1);

    g_weak_ref_init (&form->board, self);
    form->ticket_id = ticket_id;
    form->calendar = GTK_CALENDAR (calendar);
    form->hour = GTK_SPIN_BUTTON (hour);
    form->minute = GTK_SPIN_BUTTON (minute);
    form->window = GTK_DROP_DOWN (window);
    g_signal_connect_data (dialog, "response", G_CALLBACK (appointment_response_cb), form, appointment_form_free, 0);
  }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
board_set_appointment_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  kefu_dispatch_board_edit_appointment (KEFU_DISPATCH_BOARD (widget), g_variant_get_int64 (parameter));
}

/* The board ---------------------------------------------------------------- */

static void
show_board (KefuDispatchBoard *self)
{
  GtkWidget *unassigned_title, *unassigned;
  const char *team = NULL;
  guint n_unassigned = 0, n_jobs = 0, n_on = 0;
  g_autofree char *summary = NULL;
  g_autofree char *day = NULL;
  GtkWidget *content;

  clear_lanes (self);
  if (self->board == NULL)
    return;
  /* built off the window and added at the end: a card added to a shown
   * lane restyles the board, which at 2,000 cards took minutes */
  content = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  day = kefu_format_time (self->board->day_start, C_("board day", "%A %Y-%m-%d"));
  gtk_label_set_text (self->day_label, day);
  show_day (self);

  /* the Unassigned column first: levels 1 and 2 first, then oldest */
  unassigned_title = gtk_label_new (_("Unassigned"));
  gtk_label_set_xalign (GTK_LABEL (unassigned_title), 0);
  gtk_widget_add_css_class (unassigned_title, "title-4");
  gtk_box_append (GTK_BOX (content), unassigned_title);
  unassigned = make_lane_cards (self, 0);
  gtk_widget_add_css_class (unassigned, "board-unassigned");
  gtk_box_append (GTK_BOX (content), unassigned);
  self->no_match = gtk_label_new (NULL);
  gtk_widget_set_name (self->no_match, "board-no-match");
  gtk_label_set_wrap (GTK_LABEL (self->no_match), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->no_match), 0);
  gtk_widget_set_margin_top (self->no_match, 12);
  gtk_widget_add_css_class (self->no_match, "dim-label");
  gtk_widget_set_visible (self->no_match, FALSE);
  gtk_box_append (GTK_BOX (content), self->no_match);

  for (guint i = 0; i < self->board->lanes->len; i++)
    {
      KefuBoardLane *lane = self->board->lanes->pdata[i];

      if (g_strcmp0 (team, lane->team_name) != 0)
        {
          gtk_box_append (GTK_BOX (content), kefu_board_team_title_new (lane));
          team = lane->team_name;
        }
      gtk_box_append (GTK_BOX (content), make_lane (self, lane));
      /* on shift now, whether or not at a job (one on site after hours is not) */
      n_on += lane->on_shift;
    }

  for (guint i = 0; i < self->board->cards->len; i++)
    {
      KefuBoardCard *card = self->board->cards->pdata[i];
      GtkFlowBox *flow = g_hash_table_lookup (self->lanes, GSIZE_TO_POINTER (card->technician_id));
      KefuDayTimeline *timeline = g_hash_table_lookup (self->timelines, GSIZE_TO_POINTER (card->technician_id));
      KefuMinuteSpan span;

      if (timeline != NULL && kefu_board_card_span (self->board, card, &span))
        {
          g_autofree char *why = conflict_reason (self, card);
          kefu_day_timeline_add_block (timeline, card, &span, why);
        }
      else
        {
          if (flow == NULL)
            flow = g_hash_table_lookup (self->lanes, GSIZE_TO_POINTER (0));
          gtk_flow_box_append (flow, make_card (self, card));
        }
      n_jobs++;
      n_unassigned += card->technician_id == 0;
    }
  if (n_unassigned == 0)
    {
      GtkWidget *empty = gtk_label_new (n_jobs == 0 ? _("No open jobs: new tickets appear here as they come in.")
                                                    : _("Every open job has a technician."));
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_flow_box_append (GTK_FLOW_BOX (unassigned), empty);
    }
  /* Translators: the board's summary: open jobs, unassigned, technicians on shift */
  summary = g_strdup_printf (_("%u open jobs · %u unassigned · %u of %u technicians on shift"),
                             n_jobs, n_unassigned, n_on, self->board->lanes->len);
  gtk_label_set_text (self->summary_label, summary);
  gtk_box_append (self->lanes_box, content);
  g_object_unref (content);
  apply_filter (self);
}

/* Loading ----------------------------------------------------------------- */

typedef struct {
  gint64     at;
  KefuBoard *board;
} Loading;

static void
loading_free (Loading *l)
{
  g_clear_pointer (&l->board, kefu_board_free);
  g_free (l);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loading, loading_free)

static gboolean
load_thread (KefuStore     *reader,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Loading *l = data;

  l->board = kefu_dispatch_load_board (reader, l->at, error);
  return l->board != NULL;
}

static GtkAdjustment *
lanes_adjustment (KefuDispatchBoard *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->lanes_box), GTK_TYPE_SCROLLED_WINDOW);

  return scrolled != NULL ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)) : NULL;
}

/* The new lanes get their height at the next layout: the position is put
 * back each time the adjustment's range changes until it fits, and given
 * up once the dispatcher scrolls themselves. */
static void
keep_scroll_changed_cb (GtkAdjustment     *adjustment,
                        KefuDispatchBoard *self)
{
  if (self->keep_scroll < 0)
    return;
  gtk_adjustment_set_value (adjustment, self->keep_scroll);
  if (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) >= self->keep_scroll)
    self->keep_scroll = -1;
}

static void
keep_scroll_begin (KefuDispatchBoard *self,
                   gboolean           same_day)
{
  GtkAdjustment *adjustment = lanes_adjustment (self);

  self->keep_scroll = same_day && adjustment != NULL ? gtk_adjustment_get_value (adjustment) : -1;
  if (self->keep_scroll <= 0)
    self->keep_scroll = -1;
}

static gboolean
keep_scroll_timeout_cb (gpointer data)
{
  KefuDispatchBoard *self = data;

  self->keep_scroll = -1;
  self->keep_scroll_timeout = 0;
  return G_SOURCE_REMOVE;
}

static void
keep_scroll_end (KefuDispatchBoard *self)
{
  GtkAdjustment *adjustment = lanes_adjustment (self);

  if (adjustment != NULL && self->keep_scroll >= 0)
    keep_scroll_changed_cb (adjustment, self);
  /* lanes that came out shorter: not held at their end afterwards */
  g_clear_handle_id (&self->keep_scroll_timeout, g_source_remove);
  if (self->keep_scroll >= 0)
    self->keep_scroll_timeout = g_timeout_add (1000, keep_scroll_timeout_cb, self);
}

/* The job whose card has the keyboard focus (0: none), and whether the
 * focus is in the lanes at all. */
static gint64
focused_ticket (KefuDispatchBoard *self,
                gboolean          *in_lanes)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *card;

  /* (none: it was in a card's popover, closed) */
  /* a card's popover closed is no longer in the window, focus or not */
  if (focus != NULL && gtk_widget_get_root (focus) != root)
    focus = NULL;
  *in_lanes = root != NULL && (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->lanes_box)));
  if (!*in_lanes)
    return 0;
  if (focus == NULL)
    return self->moved_ticket;
  card = gtk_widget_get_ancestor (focus, KEFU_TYPE_BOARD_CARD_WIDGET);
  return card != NULL ? kefu_board_card_widget_get_card (KEFU_BOARD_CARD_WIDGET (card))->ticket_id : 0;
}

/* The lanes were built anew under the keyboard focus: it goes to the same
 * job's card where it is now (or the search), without scrolling there,
 * not to whatever GTK finds first (which scrolled the board to its top). */
static void
refocus (KefuDispatchBoard *self,
         gint64             ticket_id)
{
  GtkWidget *viewport = gtk_widget_get_parent (GTK_WIDGET (self->lanes_box));
  GtkWidget *card = ticket_id > 0 ? kefu_dispatch_board_find_card_widget (self, ticket_id) : NULL;
  gboolean scrolls = GTK_IS_VIEWPORT (viewport) && gtk_viewport_get_scroll_to_focus (GTK_VIEWPORT (viewport));

  if (scrolls)
    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), FALSE);
  if (card == NULL || !gtk_widget_grab_focus (card))
    gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
  if (scrolls)
    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), TRUE);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KefuDispatchBoard *self = KEFU_DISPATCH_BOARD (object);
  g_autoptr(Loading) l = NULL;
  g_autoptr(GError) error = NULL;
  gboolean in_lanes = FALSE;
  gint64 focused;

  l = kefu_loader_load_finish (result, kefu_dispatch_board_reload, &error);
  if (l == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_spinner_stop (self->spinner);
          kefu_dispatch_board_toast (self, error->message, FALSE);
        }
      return;
    }
  gtk_spinner_stop (self->spinner);
  /* the same day read again (after a move): the dispatcher stays where
   * they were in the lanes, not back at the top */
  keep_scroll_begin (self, self->board != NULL && self->board->day_start == l->board->day_start);
  focused = focused_ticket (self, &in_lanes);
  clear_lanes (self);
  g_clear_pointer (&self->board, kefu_board_free);
  self->board = g_steal_pointer (&l->board);
  show_board (self);
  if (in_lanes)
    refocus (self, focused);
  keep_scroll_end (self);
  kefu_view_emit_loaded (KEFU_VIEW (self));
}

void
kefu_dispatch_board_reload (KefuDispatchBoard *self)
{
  Loading *l;

  g_return_if_fail (KEFU_IS_DISPATCH_BOARD (self));
  if (self->store == NULL)
    return;
  g_signal_handlers_block_matched (self->auto_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_switch_set_active (self->auto_switch, kefu_dispatch_get_auto (self->store));
  g_signal_handlers_unblock_matched (self->auto_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  l = g_new0 (Loading, 1);
  l->at = kefu_store_now (self->store) + self->day_offset * 86400;
  gtk_spinner_start (self->spinner);
  kefu_loader_load_async (self->loading, self, self->store, load_thread, l, (GDestroyNotify) loading_free,
                          kefu_dispatch_board_reload, loaded_cb, NULL);
}

/* The dispatcher is in the middle of something on a card: dragging it,
 * or in a popover (a card's menu) they opened on the board. */
static gboolean
dispatcher_busy (KefuDispatchBoard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *popover = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) : NULL;

  return self->dragging ||
         (popover != NULL && gtk_widget_get_visible (popover) && gtk_widget_is_ancestor (popover, GTK_WIDGET (self)));
}

static gboolean
refresh_later_cb (gpointer data)
{
  KefuDispatchBoard *self = data;

  if (dispatcher_busy (self))
    return G_SOURCE_CONTINUE;
  self->refresh_timeout = 0;
  kefu_dispatch_board_reload (self);
  return G_SOURCE_REMOVE;
}

void
kefu_dispatch_board_refresh (KefuDispatchBoard *self)
{
  g_return_if_fail (KEFU_IS_DISPATCH_BOARD (self));
  if (self->store == NULL || self->refresh_timeout != 0)
    return;
  /* a newer read supersedes one under way (KefuLoader) */
  if (!dispatcher_busy (self))
    kefu_dispatch_board_reload (self);
  else
    self->refresh_timeout = g_timeout_add (300, refresh_later_cb, self);
}

gboolean
kefu_dispatch_board_is_loading (KefuDispatchBoard *self)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_BOARD (self), FALSE);
  return kefu_loader_is_loading (self->loading);
}

void
kefu_dispatch_board_set_store (KefuDispatchBoard *self,
                               KefuStore         *store)
{
  g_return_if_fail (KEFU_IS_DISPATCH_BOARD (self));
  g_set_object (&self->store, store);
  kefu_dispatch_board_reload (self);
}

GArray *
kefu_dispatch_board_get_lane (KefuDispatchBoard *self,
                              gint64             technician_id)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; self->board != NULL && i < self->board->cards->len; i++)
    {
      KefuBoardCard *card = self->board->cards->pdata[i];
      if (card->technician_id == technician_id)
        g_array_append_val (ids, card->ticket_id);
    }
  return ids;
}

static void
auto_switched_cb (KefuDispatchBoard *self,
                  GParamSpec        *pspec,
                  GtkSwitch         *sw)
{
  BoardWrite *w = kefu_dispatch_board_write_new (self, BOARD_AUTO, 0);

  w->on = gtk_switch_get_active (sw);
  if (!kefu_dispatch_board_write (self, w))
    {
      g_signal_handlers_block_by_func (sw, auto_switched_cb, self);
      gtk_switch_set_active (sw, kefu_dispatch_get_auto (self->store));
      g_signal_handlers_unblock_by_func (sw, auto_switched_cb, self);
    }
}

static void
board_run_rules_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KefuDispatchBoard *self = KEFU_DISPATCH_BOARD (widget);

  kefu_dispatch_board_write (self, kefu_dispatch_board_write_new (self, BOARD_RUN, 0));
}

/* Shifts and leave change who is on shift: the board is read again when
 * the settings close. */
static gboolean
settings_closed_cb (GtkWindow         *settings,
                    KefuDispatchBoard *self)
{
  kefu_dispatch_board_reload (self);
  return FALSE;
}

static void
board_settings_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KefuDispatchBoard *self = KEFU_DISPATCH_BOARD (widget);
  GtkWidget *settings = kefu_dispatch_settings_new (self->store);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (settings), GTK_WINDOW (root));
  g_signal_connect_object (settings, "close-request", G_CALLBACK (settings_closed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (settings));
}

static void
shift_day (KefuDispatchBoard *self,
           int                days)
{
  self->day_offset = days == 0 ? 0 : self->day_offset + days;
  kefu_dispatch_board_reload (self);
}

static void
board_previous_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  shift_day (KEFU_DISPATCH_BOARD (widget), -1);
}

static void
board_next_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  shift_day (KEFU_DISPATCH_BOARD (widget), +1);
}

static void
board_today_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  shift_day (KEFU_DISPATCH_BOARD (widget), 0);
}

static void
board_refresh_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_board_reload (KEFU_DISPATCH_BOARD (widget));
}

/* GObject --------------------------------------------------------------- */

static void
kefu_dispatch_board_dispose (GObject *object)
{
  KefuDispatchBoard *self = (KefuDispatchBoard *)object;

  if (self->loading != NULL)
    kefu_loader_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_handle_id (&self->clock_timeout, g_source_remove);
  g_clear_handle_id (&self->keep_scroll_timeout, g_source_remove);
  g_clear_handle_id (&self->refresh_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_DISPATCH_BOARD);
  kefu_widget_unparent_children (GTK_WIDGET (self));
  g_clear_pointer (&self->badges, g_ptr_array_unref);
  g_clear_pointer (&self->lanes, g_hash_table_unref);
  g_clear_pointer (&self->timelines, g_hash_table_unref);
  g_clear_pointer (&self->board, kefu_board_free);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_dispatch_board_parent_class)->dispose (object);
}

static void
kefu_dispatch_board_class_init (KefuDispatchBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_dispatch_board_dispose;

  signals[OPEN_TICKET] = g_signal_new ("open-ticket", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (KEFU_TYPE_WAIT_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-dispatch-board.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KefuDispatchBoard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KefuDispatchBoard, wait_bar);
  gtk_widget_class_bind_template_child (widget_class, KefuDispatchBoard, day_label);
  gtk_widget_class_bind_template_child (widget_class, KefuDispatchBoard, day_popover);
  gtk_widget_class_bind_template_child (widget_class, KefuDispatchBoard, calendar);
  gtk_widget_class_bind_template_child (widget_class, KefuDispatchBoard, axis_box);
  gtk_widget_class_bind_template_child (widget_class, KefuDispatchBoard, auto_switch);
  gtk_widget_class_bind_template_child (widget_class, KefuDispatchBoard, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, KefuDispatchBoard, lanes_box);
  gtk_widget_class_bind_template_child (widget_class, KefuDispatchBoard, spinner);
  gtk_widget_class_bind_template_child (widget_class, KefuDispatchBoard, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, auto_switched_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_day_selected_cb);

  gtk_widget_class_install_action (widget_class, "board.undo", NULL, kefu_dispatch_board_undo_cb);
  gtk_widget_class_install_action (widget_class, "board.report", "(xs)", kefu_dispatch_board_report_cb);
  gtk_widget_class_install_action (widget_class, "board.assign-to", "x", kefu_dispatch_board_assign_to_cb);
  gtk_widget_class_install_action (widget_class, "board.open-ticket", "x", kefu_dispatch_board_open_ticket_cb);
  gtk_widget_class_install_action (widget_class, "board.set-appointment", "x", board_set_appointment_cb);
  gtk_widget_class_install_action (widget_class, "board.restore-appointment", "(xxi)", board_restore_appointment_cb);
  gtk_widget_class_install_action (widget_class, "board.run-rules", NULL, board_run_rules_cb);
  gtk_widget_class_install_action (widget_class, "board.settings", NULL, board_settings_cb);
  gtk_widget_class_install_action (widget_class, "board.previous-day", NULL, board_previous_cb);
  gtk_widget_class_install_action (widget_class, "board.next-day", NULL, board_next_cb);
  gtk_widget_class_install_action (widget_class, "board.today", NULL, board_today_cb);
  gtk_widget_class_install_action (widget_class, "board.refresh", NULL, board_refresh_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "board.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "board.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "board.next-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "board.refresh", NULL);
}

static void
kefu_dispatch_board_init (KefuDispatchBoard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = kefu_loader_new ();
  self->badges = g_ptr_array_new ();
  self->lanes = g_hash_table_new (NULL, NULL);
  self->timelines = g_hash_table_new (NULL, NULL);
  self->axis = kefu_day_timeline_new (TRUE);
  gtk_box_append (self->axis_box, self->axis);
  self->clock_timeout = g_timeout_add_seconds (30, refresh_badges_cb, self);
  self->keep_scroll = -1;
  g_signal_connect_object (lanes_adjustment (self), "changed", G_CALLBACK (keep_scroll_changed_cb), self, 0);
}

/* KefuView ---------------------------------------------------------------- */

static void
view_set_store (KefuView  *view,
                KefuStore *store,
                KefuUser  *user)
{
  kefu_dispatch_board_set_store ((KefuDispatchBoard *) view, store);
}

static void
view_reload (KefuView *view)
{
  kefu_dispatch_board_reload ((KefuDispatchBoard *) view);
}

static gboolean
view_is_loading (KefuView *view)
{
  return kefu_dispatch_board_is_loading ((KefuDispatchBoard *) view);
}

static void
kefu_dispatch_board_view_init (KefuViewInterface *iface)
{
  iface->set_store = view_set_store;
  iface->reload = view_reload;
  iface->is_loading = view_is_loading;
}
