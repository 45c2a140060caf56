/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-calendar-ical.h — reading an iCalendar file's events with libical
 * (kefu-calendar-ical.c), the module "ical" (kefu-module.h) that
 * kefu-calendar-store.c loads on the first .ics file it reads */
#pragma once

#include "kefu-module.h"

G_BEGIN_DECLS

/* One VEVENT: its DTSTART's and DTEND's dates as written (not checked),
 * and its SUMMARY */
typedef struct {
  gboolean  has_start;
  int       start_year, start_month, start_day;
  gboolean  has_end;
  int       end_year, end_month, end_day;
  gboolean  end_is_date;   /* DTEND is a date, not a time of day */
  char     *summary;       /* NULL when the event has none */
} KefuIcalEvent;

typedef struct {
  KefuModuleInfo info;
  /* The VEVENTs of @text in file order (a GArray of KefuIcalEvent, which
   * frees their summaries); NULL when @text is not an iCalendar file. */
  GArray *(*events) (const char *text);
} KefuIcalModule;

G_END_DECLS
