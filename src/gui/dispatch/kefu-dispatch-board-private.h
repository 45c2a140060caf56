/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-board-private.h — what the board's two files share: its
 * fields, and the functions each calls in the other (kefu-dispatch-board.c:
 * the lanes, the day, appointments and loading; kefu-dispatch-board-moves.c:
 * every move as one write with its toast and Undo, and drag and drop) */
#pragma once

#include <adwaita.h>

#include "kefu-board-widgets.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-dispatch.h"
#include "kefu-day-timeline.h"
#include "kefu-dispatch-board.h"
#include "kefu-dispatch-settings.h"
#include "kefu-enums.h"
#include "kefu-gui-util.h"
#include "kefu-loader.h"
#include "kefu-view.h"
#include "kefu-ticket-dialogs.h"
#include "kefu-write.h"

G_BEGIN_DECLS


typedef enum {
  BOARD_MOVE, BOARD_UNDO, BOARD_REPORT, BOARD_APPOINTMENT, BOARD_RESTORE_APPOINTMENT, BOARD_AUTO, BOARD_RUN,
} BoardWriteKind;

/* One change of the board, saved now or once the lock is let go. */
typedef struct {
  KefuDispatchBoard *self;   /* not referenced: the board's own wait bar holds the change */
  BoardWriteKind     kind;
  gint64             ticket_id;
  gint64             technician_id;
  int                position;
  int                shown_position;
  gboolean           reorder;
  gboolean           on;
  gint64             at, before_at;
  int                minutes, before_minutes;
  char              *number;
  char              *text;      /* technician's name, or the status reported */
  GPtrArray         *decisions;
  gboolean          *failed;    /* set while kefu_dispatch_board_write() runs its first try */
  gint64             version;     /* the card's ticket version shown (kefu-ticket-seen.h) */
} BoardWrite;

struct _KefuDispatchBoard
{
  GtkWidget        parent_instance;

  KefuStore       *store;
  KefuBoard       *board;
  gint64           day_offset;     /* days from today */
  KefuLoader      *loading;
  guint            clock_timeout;
  GPtrArray       *badges;         /* the cards (KefuBoardCardWidget), for the countdown */
  GHashTable      *lanes;          /* technician id → GtkFlowBox (0: Unassigned) */
  GHashTable      *timelines;      /* technician id → KefuDayTimeline */
  GtkWidget       *axis;           /* KefuDayTimeline: the hours above the lanes */
  int              axis_from;      /* the part of the day drawn, in minutes */
  int              axis_to;
  GtkWidget       *no_match;       /* "No technician or team matches …", in the lanes */
  double           keep_scroll;    /* the lanes' scroll position to keep across a reload; < 0: none */
  guint            keep_scroll_timeout;
  gint64           moved_ticket;   /* the job of the last move saved */
  gboolean         dragging;       /* a card is being dragged */
  guint            refresh_timeout;/* another desk's change, read once the dispatcher is done */

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  KefuWaitBar     *wait_bar;
  GtkLabel        *day_label;
  GtkPopover      *day_popover;
  GtkCalendar     *calendar;
  GtkBox          *axis_box;
  GtkSwitch       *auto_switch;
  GtkSearchEntry  *filter_entry;
  GtkBox          *lanes_box;
  GtkSpinner      *spinner;
  GtkLabel        *summary_label;
};

void kefu_dispatch_board_assign_to_cb (GtkWidget *widget, const char *action_name, GVariant *parameter);
void kefu_dispatch_board_open_ticket_cb (GtkWidget *widget, const char *action_name, GVariant *parameter);
void kefu_dispatch_board_report_cb (GtkWidget *widget, const char *action_name, GVariant *parameter);
void kefu_dispatch_board_undo_cb (GtkWidget *widget, const char *action_name, GVariant *parameter);
gboolean kefu_dispatch_board_write (KefuDispatchBoard *self, BoardWrite *w);
BoardWrite *kefu_dispatch_board_write_new (KefuDispatchBoard *self, BoardWriteKind kind, gint64 ticket_id);
void kefu_dispatch_board_card_drag_begin_cb (GtkDragSource *source, GdkDrag *drag, GtkWidget *card);
void kefu_dispatch_board_card_drag_end_cb (GtkDragSource *source, GdkDrag *drag, gboolean delete_data, KefuDispatchBoard *self);
GdkContentProvider *kefu_dispatch_board_card_drag_prepare_cb (GtkDragSource *source, double x, double y, gpointer data);
const KefuBoardCard *kefu_dispatch_board_find_card (KefuDispatchBoard *self, gint64 ticket_id);
GtkWidget *kefu_dispatch_board_find_card_widget (KefuDispatchBoard *self, gint64 ticket_id);
const KefuBoardLane *kefu_dispatch_board_find_lane (KefuDispatchBoard *self, gint64 technician_id);
gboolean kefu_dispatch_board_lane_drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, GtkFlowBox *flow);
void kefu_dispatch_board_popup_in_view (KefuDispatchBoard *self, GtkWidget *anchor, GtkPopover *popover, GtkWidget *focus);
void kefu_dispatch_board_report (KefuDispatchBoard *self, gint64 ticket_id, const char *status);
void kefu_dispatch_board_toast (KefuDispatchBoard *self, const char *text, gboolean with_undo);

G_END_DECLS
