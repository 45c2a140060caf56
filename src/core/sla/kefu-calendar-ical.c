/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-calendar-ical.c — an iCalendar file's events with libical, the
 * module "ical" (see kefu-calendar-ical.h) */
#include "config.h"

#include <libical/ical.h>

#include "kefu-calendar-ical.h"

static void
event_clear (gpointer data)
{
  g_free (((KefuIcalEvent *) data)->summary);
}

static GArray *
events (const char *text)
{
  icalcomponent *cal = icalparser_parse_string (text);
  GArray *out;

  if (cal == NULL)
    return NULL;
  out = g_array_new (FALSE, TRUE, sizeof (KefuIcalEvent));
  g_array_set_clear_func (out, event_clear);
  for (icalcomponent *ev = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT);
       ev != NULL; ev = icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT))
    {
      struct icaltimetype start = icalcomponent_get_dtstart (ev);
      struct icaltimetype end = icalcomponent_get_dtend (ev);
      KefuIcalEvent e = {
        .has_start = !icaltime_is_null_time (start),
        .start_year = start.year, .start_month = start.month, .start_day = start.day,
        .has_end = !icaltime_is_null_time (end),
        .end_year = end.year, .end_month = end.month, .end_day = end.day,
        .end_is_date = end.is_date,
        .summary = g_strdup (icalcomponent_get_summary (ev)),
      };

      g_array_append_val (out, e);
    }
  icalcomponent_free (cal);
  return out;
}

static const KefuIcalModule ical_module = {
  .info = { KEFU_MODULE_ABI, "ical" },
  .events = events,
};

const KefuModuleInfo *
kefu_module_info (void)
{
  return &ical_module.info;
}
