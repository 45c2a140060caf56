/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-day-timeline.h — one technician's day on the board's time axis */
#pragma once

#include <gtk/gtk.h>

#include "kefu-dispatch.h"

G_BEGIN_DECLS

#define KEFU_TYPE_DAY_TIMELINE (kefu_day_timeline_get_type ())
G_DECLARE_FINAL_TYPE (KefuDayTimeline, kefu_day_timeline, KEFU, DAY_TIMELINE, GtkWidget)

/* A lane's strip (shifts as a band, appointments as blocks), or with
 * @ruler the axis above the lanes (the hours). */
GtkWidget  *kefu_day_timeline_new             (gboolean               ruler);
/* The day shown (its local midnight) and the part of it drawn, in minutes. */
void        kefu_day_timeline_set_range       (KefuDayTimeline       *self,
                                               gint64                 day_start,
                                               int                    from_min,
                                               int                    to_min);
/* Where "now" is drawn; outside the day, no line. */
void        kefu_day_timeline_set_now         (KefuDayTimeline       *self,
                                               gint64                 now);
void        kefu_day_timeline_set_lane        (KefuDayTimeline       *self,
                                               const KefuBoardLane   *lane);
/* @why: the translated reason the appointment is marked, or NULL. */
void        kefu_day_timeline_add_block       (KefuDayTimeline       *self,
                                               const KefuBoardCard   *card,
                                               const KefuMinuteSpan  *span,
                                               const char            *why);

guint       kefu_day_timeline_get_n_blocks    (KefuDayTimeline       *self);
/* The ticket whose block covers @minute of the day (the first if several), or 0. */
gint64      kefu_day_timeline_get_block_at    (KefuDayTimeline       *self,
                                               int                    minute);
gboolean    kefu_day_timeline_get_block_area  (KefuDayTimeline       *self,
                                               gint64                 ticket_id,
                                               GdkRectangle          *area);
/* What the block's tooltip says ("KF… · 3栋502 · 15:00–16:30"), or NULL. */
char       *kefu_day_timeline_describe_block  (KefuDayTimeline       *self,
                                               gint64                 ticket_id);

/* Geometry, without a display: the x of @minute in a strip @width wide
 * showing [@from_min, @to_min), and the part of the board's day worth
 * drawing: 07:00–22:00, widened to whole hours to take in, with an hour
 * around them, the starts and ends of the day's shifts (not midnight: a
 * night shift does not stretch it) and the day's appointments. */
double      kefu_day_timeline_x_for_minute    (int                    from_min,
                                               int                    to_min,
                                               double                 width,
                                               int                    minute);
void        kefu_day_timeline_range_for_board (const KefuBoard       *board,
                                               int                   *from_min,
                                               int                   *to_min);

G_END_DECLS
