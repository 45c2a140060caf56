/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-calendar.h — working time: weekly hours, days off and make-up days
 *
 * Pure arithmetic, no I/O (kefu-calendar-store.c loads and saves). Times
 * are Unix seconds; days and hours are in the calendar's time zone (the
 * local one unless set). China's public holidays move working days (调休):
 * a calendar is weekly hours plus a list of off days and of make-up
 * working days, which take a normal weekday's hours.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KEFU_CALENDAR_ERROR (kefu_calendar_error_quark ())

typedef enum {
  KEFU_CALENDAR_ERROR_HOURS,     /* a weekly-hours text that cannot be read */
  KEFU_CALENDAR_ERROR_FILE,      /* a holiday file that cannot be read */
} KefuCalendarError;

typedef struct _KefuCalendar KefuCalendar;

GQuark        kefu_calendar_error_quark     (void);

KefuCalendar *kefu_calendar_new_always      (void);
KefuCalendar *kefu_calendar_new             (const char   *hours,
                                             GError      **error);
void          kefu_calendar_free            (KefuCalendar *self);
void          kefu_calendar_set_time_zone   (KefuCalendar *self,
                                             GTimeZone    *tz);
gboolean      kefu_calendar_is_always       (KefuCalendar *self);

/* @date is "YYYY-MM-DD"; @off_day FALSE marks a make-up working day. */
gboolean      kefu_calendar_set_day         (KefuCalendar *self,
                                             const char   *date,
                                             gboolean      off_day);
gboolean      kefu_calendar_is_working_day  (KefuCalendar *self,
                                             int           year,
                                             int           month,
                                             int           day);

gint64        kefu_calendar_add_minutes     (KefuCalendar *self,
                                             gint64        start,
                                             gint64        minutes);
gint64        kefu_calendar_add_seconds     (KefuCalendar *self,
                                             gint64        start,
                                             gint64        seconds);
gint64        kefu_calendar_seconds_between (KefuCalendar *self,
                                             gint64        from,
                                             gint64        to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuCalendar, kefu_calendar_free)

G_END_DECLS
