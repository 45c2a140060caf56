/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-board-widgets.h — the dispatch board's card and lane as types
 *
 * Each knows what it shows (the board's KefuBoardCard or KefuBoardLane,
 * borrowed from the KefuBoard it was made from and valid while that board
 * is shown), so the board finds a card's job or a lane's technician
 * without object data.
 */
#pragma once

#include <gtk/gtk.h>

#include "kefu-dispatch.h"

G_BEGIN_DECLS

/* A job's card: holds its menu button (what takes the focus and anchors
 * popovers) and the clock badge on it. */
#define KEFU_TYPE_BOARD_CARD_WIDGET (kefu_board_card_widget_get_type ())
G_DECLARE_FINAL_TYPE (KefuBoardCardWidget, kefu_board_card_widget, KEFU, BOARD_CARD_WIDGET, GtkWidget)

GtkWidget           *kefu_board_card_widget_new          (const KefuBoardCard *card,
                                                          GtkWidget           *button,
                                                          GtkWidget           *badge);
const KefuBoardCard *kefu_board_card_widget_get_card     (KefuBoardCardWidget *self);
GtkWidget           *kefu_board_card_widget_get_button   (KefuBoardCardWidget *self);
void                 kefu_board_card_widget_update_badge (KefuBoardCardWidget *self,
                                                          gint64               now);

/* A technician's lane: their header and day, with the text the board's
 * search matches (name and team, with their pinyin). */
#define KEFU_TYPE_BOARD_LANE_ROW (kefu_board_lane_row_get_type ())
G_DECLARE_FINAL_TYPE (KefuBoardLaneRow, kefu_board_lane_row, KEFU, BOARD_LANE_ROW, GtkBox)

GtkWidget           *kefu_board_lane_row_new        (const KefuBoardLane *lane);
const KefuBoardLane *kefu_board_lane_row_get_lane   (KefuBoardLaneRow    *self);
const char          *kefu_board_lane_row_get_search (KefuBoardLaneRow    *self);
/* The technician of the lane @widget is in; 0 outside any lane (the
 * unassigned jobs). */
gint64               kefu_board_lane_technician_of  (GtkWidget           *widget);

/* A team's title over its lanes ("contractor", "suspended" said), with
 * the text the board's search matches (the team's name, with its pinyin). */
#define KEFU_TYPE_BOARD_TEAM_TITLE (kefu_board_team_title_get_type ())
G_DECLARE_FINAL_TYPE (KefuBoardTeamTitle, kefu_board_team_title, KEFU, BOARD_TEAM_TITLE, GtkBox)

GtkWidget           *kefu_board_team_title_new        (const KefuBoardLane *lane);
const char          *kefu_board_team_title_get_search (KefuBoardTeamTitle  *self);

/* A technician in the "Assign to…" list, with the text its search matches. */
#define KEFU_TYPE_BOARD_PICK_ROW (kefu_board_pick_row_get_type ())
G_DECLARE_FINAL_TYPE (KefuBoardPickRow, kefu_board_pick_row, KEFU, BOARD_PICK_ROW, GtkListBoxRow)

GtkWidget           *kefu_board_pick_row_new        (const KefuBoardLane *lane);
gint64               kefu_board_pick_row_get_technician (KefuBoardPickRow *self);
const char          *kefu_board_pick_row_get_search (KefuBoardPickRow    *self);

G_END_DECLS
