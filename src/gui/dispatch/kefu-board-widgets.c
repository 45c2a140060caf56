/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-board-widgets.c — the dispatch board's card and lane (see the header) */

#include "config.h"

#include <glib/gi18n.h>

#include "kefu-board-widgets.h"
#include "kefu-gui-util.h"
#include "kefu-ticket.h"

/* Card ---------------------------------------------------------------------- */

struct _KefuBoardCardWidget
{
  GtkWidget            parent_instance;
  const KefuBoardCard *card;
  GtkWidget           *button;
  GtkWidget           *badge;
};

G_DEFINE_FINAL_TYPE (KefuBoardCardWidget, kefu_board_card_widget, GTK_TYPE_WIDGET)

static void
kefu_board_card_widget_dispose (GObject *object)
{
  KefuBoardCardWidget *self = KEFU_BOARD_CARD_WIDGET (object);

  g_clear_pointer (&self->button, gtk_widget_unparent);
  self->badge = NULL;
  self->card = NULL;
  G_OBJECT_CLASS (kefu_board_card_widget_parent_class)->dispose (object);
}

static void
kefu_board_card_widget_class_init (KefuBoardCardWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_board_card_widget_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kefu_board_card_widget_init (KefuBoardCardWidget *self)
{
}

/* @button: the card's menu button, with @badge (the clock's label)
 * somewhere in it. */
GtkWidget *
kefu_board_card_widget_new (const KefuBoardCard *card,
                            GtkWidget           *button,
                            GtkWidget           *badge)
{
  KefuBoardCardWidget *self = g_object_new (KEFU_TYPE_BOARD_CARD_WIDGET, NULL);

  g_return_val_if_fail (card != NULL, NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (button) && gtk_widget_get_parent (button) == NULL, NULL);
  g_return_val_if_fail (gtk_widget_is_ancestor (badge, button), NULL);
  self->card = card;
  self->button = button;
  self->badge = badge;
  gtk_widget_set_parent (button, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}

const KefuBoardCard *
kefu_board_card_widget_get_card (KefuBoardCardWidget *self)
{
  g_return_val_if_fail (KEFU_IS_BOARD_CARD_WIDGET (self), NULL);
  return self->card;
}

GtkWidget *
kefu_board_card_widget_get_button (KefuBoardCardWidget *self)
{
  g_return_val_if_fail (KEFU_IS_BOARD_CARD_WIDGET (self), NULL);
  return self->button;
}

/* The badge says where the job's next deadline stands at @now. */
void
kefu_board_card_widget_update_badge (KefuBoardCardWidget *self,
                                     gint64               now)
{
  g_autofree char *text = NULL;
  KefuClockState state;

  g_return_if_fail (KEFU_IS_BOARD_CARD_WIDGET (self));
  if (self->card == NULL || self->badge == NULL)
    return;
  state = kefu_clock_state_at (self->card->next_due_at, self->card->next_warn_at, now, &text);
  kefu_show_clock_state (self->badge, state, text);
}

/* Lane ---------------------------------------------------------------------- */

struct _KefuBoardLaneRow
{
  GtkBox               parent_instance;
  const KefuBoardLane *lane;
  char                *search;
};

G_DEFINE_FINAL_TYPE (KefuBoardLaneRow, kefu_board_lane_row, GTK_TYPE_BOX)

static void
kefu_board_lane_row_finalize (GObject *object)
{
  KefuBoardLaneRow *self = KEFU_BOARD_LANE_ROW (object);

  g_free (self->search);
  G_OBJECT_CLASS (kefu_board_lane_row_parent_class)->finalize (object);
}

static void
kefu_board_lane_row_class_init (KefuBoardLaneRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_board_lane_row_finalize;
}

static void
kefu_board_lane_row_init (KefuBoardLaneRow *self)
{
}

/* An empty horizontal row for @lane's header and day. */
GtkWidget *
kefu_board_lane_row_new (const KefuBoardLane *lane)
{
  KefuBoardLaneRow *self;

  g_return_val_if_fail (lane != NULL, NULL);
  self = g_object_new (KEFU_TYPE_BOARD_LANE_ROW,
                       "orientation", GTK_ORIENTATION_HORIZONTAL,
                       "spacing", 12,
                       NULL);
  self->lane = lane;
  self->search = kefu_dispatch_search_text (lane->technician_name, lane->team_name);
  return GTK_WIDGET (self);
}

const KefuBoardLane *
kefu_board_lane_row_get_lane (KefuBoardLaneRow *self)
{
  g_return_val_if_fail (KEFU_IS_BOARD_LANE_ROW (self), NULL);
  return self->lane;
}

const char *
kefu_board_lane_row_get_search (KefuBoardLaneRow *self)
{
  g_return_val_if_fail (KEFU_IS_BOARD_LANE_ROW (self), NULL);
  return self->search;
}

gint64
kefu_board_lane_technician_of (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, KEFU_TYPE_BOARD_LANE_ROW);

  return row != NULL ? KEFU_BOARD_LANE_ROW (row)->lane->technician_id : 0;
}

/* Team title ---------------------------------------------------------------- */

struct _KefuBoardTeamTitle
{
  GtkBox  parent_instance;
  char   *search;
};

G_DEFINE_FINAL_TYPE (KefuBoardTeamTitle, kefu_board_team_title, GTK_TYPE_BOX)

static void
kefu_board_team_title_finalize (GObject *object)
{
  KefuBoardTeamTitle *self = KEFU_BOARD_TEAM_TITLE (object);

  g_free (self->search);
  G_OBJECT_CLASS (kefu_board_team_title_parent_class)->finalize (object);
}

static void
kefu_board_team_title_class_init (KefuBoardTeamTitleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_board_team_title_finalize;
}

static void
kefu_board_team_title_init (KefuBoardTeamTitle *self)
{
}

/* The title of @lane's team (the first lane of the team on the board) */
GtkWidget *
kefu_board_team_title_new (const KefuBoardLane *lane)
{
  KefuBoardTeamTitle *self;
  g_autoptr(GString) title = NULL;
  GtkWidget *label;

  g_return_val_if_fail (lane != NULL, NULL);
  self = g_object_new (KEFU_TYPE_BOARD_TEAM_TITLE, NULL);
  title = g_string_new (lane->team_name);
  if (lane->contractor)
    g_string_append_printf (title, " · %s", _("contractor"));
  if (lane->suspended)
    g_string_append_printf (title, " · %s", _("suspended: skipped by automatic dispatch"));
  label = gtk_label_new (title->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "title-4");
  if (lane->suspended)
    gtk_widget_add_css_class (label, "error");
  gtk_widget_set_margin_top (GTK_WIDGET (self), 12);
  gtk_box_append (GTK_BOX (self), label);
  self->search = kefu_dispatch_search_text (NULL, lane->team_name);
  return GTK_WIDGET (self);
}

const char *
kefu_board_team_title_get_search (KefuBoardTeamTitle *self)
{
  g_return_val_if_fail (KEFU_IS_BOARD_TEAM_TITLE (self), NULL);
  return self->search;
}

/* Pick row ------------------------------------------------------------------ */

struct _KefuBoardPickRow
{
  GtkListBoxRow  parent_instance;
  gint64         technician_id;
  char          *search;
};

G_DEFINE_FINAL_TYPE (KefuBoardPickRow, kefu_board_pick_row, GTK_TYPE_LIST_BOX_ROW)

static void
kefu_board_pick_row_finalize (GObject *object)
{
  KefuBoardPickRow *self = KEFU_BOARD_PICK_ROW (object);

  g_free (self->search);
  G_OBJECT_CLASS (kefu_board_pick_row_parent_class)->finalize (object);
}

static void
kefu_board_pick_row_class_init (KefuBoardPickRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_board_pick_row_finalize;
}

static void
kefu_board_pick_row_init (KefuBoardPickRow *self)
{
}

/* An empty row for @lane's technician (the caller sets its child). */
GtkWidget *
kefu_board_pick_row_new (const KefuBoardLane *lane)
{
  KefuBoardPickRow *self;

  g_return_val_if_fail (lane != NULL, NULL);
  self = g_object_new (KEFU_TYPE_BOARD_PICK_ROW, NULL);
  self->technician_id = lane->technician_id;
  self->search = kefu_dispatch_search_text (lane->technician_name, lane->team_name);
  return GTK_WIDGET (self);
}

gint64
kefu_board_pick_row_get_technician (KefuBoardPickRow *self)
{
  g_return_val_if_fail (KEFU_IS_BOARD_PICK_ROW (self), 0);
  return self->technician_id;
}

const char *
kefu_board_pick_row_get_search (KefuBoardPickRow *self)
{
  g_return_val_if_fail (KEFU_IS_BOARD_PICK_ROW (self), NULL);
  return self->search;
}
