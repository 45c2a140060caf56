/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-calendar-store.h — calendars in the database, and holiday files */
#pragma once

#include "kefu-calendar.h"
#include "kefu-store.h"

G_BEGIN_DECLS

typedef struct {
  char     date[11];      /* YYYY-MM-DD */
  gboolean off_day;       /* FALSE: a make-up working day (调休上班) */
  char    *name;          /* 春节, 国庆节… */
} KefuHoliday;

/* What one holiday file may hold: dates in these years, this many marked
 * days (three years' worth), lines this long (an iCalendar line, with its
 * folded continuation lines), files this big. Anything beyond is refused
 * before it is parsed or stored, with the line (or entry) that says it. */
#define KEFU_HOLIDAYS_MIN_YEAR  2000
#define KEFU_HOLIDAYS_MAX_YEAR  2100
#define KEFU_HOLIDAYS_MAX_DAYS  (3 * 366)
#define KEFU_HOLIDAYS_MAX_LINE  (64 * 1024)
#define KEFU_HOLIDAYS_MAX_FILE  (16 * 1024 * 1024)

/* holiday-cn's YEAR.json, or an iCalendar file (YEAR.ics and others):
 * all-day events whose summary starts with 上班 (or says 补班) are make-up
 * working days, the others days off. Sorted by date. */
GArray       *kefu_holidays_read           (const char  *path,
                                            GError     **error);
void          kefu_holidays_free           (GArray      *days);

#define KEFU_DEFAULT_BUSINESS_HOURS "Mon-Fri 09:00-18:00"

gboolean      kefu_calendar_store_import   (KefuStore   *store,
                                            const char  *name,
                                            const char  *hours,
                                            GArray      *days,
                                            guint       *n_years,
                                            GError     **error);
KefuCalendar *kefu_calendar_store_load     (KefuStore   *store,
                                            const char  *name,
                                            GError     **error);
char         *kefu_calendar_store_hours    (KefuStore   *store,
                                            const char  *name,
                                            GError     **error);
GArray       *kefu_calendar_store_days     (KefuStore   *store,
                                            const char  *name,
                                            int          year,
                                            GError     **error);

G_END_DECLS
