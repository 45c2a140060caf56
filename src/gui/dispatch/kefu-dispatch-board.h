/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-board.h — every open job and every technician of the day */
#pragma once

#include <adwaita.h>

#include "kefu-day-timeline.h"
#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_DISPATCH_BOARD (kefu_dispatch_board_get_type ())
G_DECLARE_FINAL_TYPE (KefuDispatchBoard, kefu_dispatch_board, KEFU, DISPATCH_BOARD, GtkWidget)

void      kefu_dispatch_board_set_store    (KefuDispatchBoard *self,
                                            KefuStore         *store);
/* Reloads on a worker thread; "loaded" is emitted when the lanes are shown. */
void      kefu_dispatch_board_reload       (KefuDispatchBoard *self);
gboolean  kefu_dispatch_board_is_loading   (KefuDispatchBoard *self);
/* Another desk's change (KefuStoreWatch): the board read anew, at once,
 * or when the dispatcher has let go of the card they drag or closed the
 * card's menu they opened. */
void      kefu_dispatch_board_refresh      (KefuDispatchBoard *self);
/* The board's moves, as drag and drop and the card's menu make them. */
gboolean  kefu_dispatch_board_assign       (KefuDispatchBoard *self,
                                            gint64             ticket_id,
                                            gint64             technician_id,
                                            int                position);
gboolean  kefu_dispatch_board_undo         (KefuDispatchBoard *self);
/* For tests: the ticket ids of a lane in order (0 = the Unassigned column). */
GArray   *kefu_dispatch_board_get_lane     (KefuDispatchBoard *self,
                                            gint64             technician_id);
/* Opens the "Assign to…" popover of a card. */
void      kefu_dispatch_board_assign_to    (KefuDispatchBoard *self,
                                            gint64             ticket_id);

/* The day shown (reloads), and its local midnight once loaded. */
void      kefu_dispatch_board_set_day      (KefuDispatchBoard *self,
                                            GDateTime         *day);
gint64    kefu_dispatch_board_get_day_start (KefuDispatchBoard *self);
/* A lane's time axis, for tests; NULL before the board is shown. */
KefuDayTimeline *kefu_dispatch_board_get_timeline (KefuDispatchBoard *self,
                                                   gint64             technician_id);
/* Books, moves (@at > 0, @minutes the window) or removes (@at = 0) a job's
 * appointment, with a toast whose Undo puts the old one back. */
gboolean  kefu_dispatch_board_set_appointment (KefuDispatchBoard *self,
                                               gint64             ticket_id,
                                               gint64             at,
                                               int                minutes);
/* Opens "Set Appointment…" for a card (board.set-appointment). */
void      kefu_dispatch_board_edit_appointment (KefuDispatchBoard *self,
                                                gint64             ticket_id);

G_END_DECLS
