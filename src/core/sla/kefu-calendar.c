/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-calendar.c — working time: weekly hours, days off and make-up days
 *
 * Weekly hours read like "Mon-Fri 08:30-12:00,13:30-18:00; Sat 09:00-12:00".
 * Adding N working minutes to a moment walks day by day through the
 * working intervals, so a start outside working time begins at the next
 * working moment; nights, lunch breaks, weekends and holidays are skipped.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "kefu-calendar.h"

#define MAX_DAYS (366 * 10)    /* never walk further than ten years */

typedef struct {
  int start;   /* minutes after midnight */
  int end;
} Interval;

struct _KefuCalendar
{
  gboolean    always;
  GArray     *week[8];        /* ISO weekday 1 (Monday) … 7 → Interval */
  GHashTable *days;           /* "YYYY-MM-DD" → 1 off day, 2 make-up working day */
  GTimeZone  *tz;
};

G_DEFINE_QUARK (kefu-calendar-error-quark, kefu_calendar_error)

enum { DAY_OFF = 1, DAY_MAKE_UP = 2 };

static KefuCalendar *
calendar_alloc (void)
{
  KefuCalendar *self = g_new0 (KefuCalendar, 1);

  for (int d = 1; d <= 7; d++)
    self->week[d] = g_array_new (FALSE, FALSE, sizeof (Interval));
  self->days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tz = g_time_zone_new_local ();
  return self;
}

void
kefu_calendar_free (KefuCalendar *self)
{
  if (self == NULL)
    return;
  for (int d = 1; d <= 7; d++)
    g_array_unref (self->week[d]);
  g_hash_table_unref (self->days);
  g_time_zone_unref (self->tz);
  g_free (self);
}

/* Around the clock: every minute counts, holidays included. */
KefuCalendar *
kefu_calendar_new_always (void)
{
  KefuCalendar *self = calendar_alloc ();

  self->always = TRUE;
  for (int d = 1; d <= 7; d++)
    {
      Interval all = { 0, 24 * 60 };
      g_array_append_val (self->week[d], all);
    }
  return self;
}

gboolean
kefu_calendar_is_always (KefuCalendar *self)
{
  return self->always;
}

void
kefu_calendar_set_time_zone (KefuCalendar *self,
                             GTimeZone    *tz)
{
  g_time_zone_unref (self->tz);
  self->tz = g_time_zone_ref (tz);
}

static int
parse_weekday (const char *s)
{
  static const char *names[] = { NULL, "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

  for (int d = 1; d <= 7; d++)
    if (g_ascii_strncasecmp (s, names[d], 3) == 0 && strlen (s) == 3)
      return d;
  return 0;
}

static gboolean
parse_time (const char *s,
            int        *minutes)
{
  guint64 h, m;
  g_auto(GStrv) parts = g_strsplit (s, ":", -1);

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, 24, &h, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, 59, &m, NULL) ||
      (h == 24 && m != 0))
    return FALSE;
  *minutes = (int) (h * 60 + m);
  return TRUE;
}

static gboolean
hours_error (const char  *hours,
             const char  *part,
             GError     **error)
{
  g_set_error (error, KEFU_CALENDAR_ERROR, KEFU_CALENDAR_ERROR_HOURS,
               _("The working hours “%s” cannot be read at “%s”: write them like "
                 "“Mon-Fri 08:30-12:00,13:30-18:00; Sat 09:00-12:00”."),
               hours, part);
  return FALSE;
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  return ((const Interval *) a)->start - ((const Interval *) b)->start;
}

KefuCalendar *
kefu_calendar_new (const char  *hours,
                   GError     **error)
{
  g_autoptr(KefuCalendar) self = calendar_alloc ();
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (hours != NULL, NULL);

  groups = g_strsplit (hours, ";", -1);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      char *group = g_strstrip (groups[g]);
      g_auto(GStrv) words = NULL;
      gboolean days[8] = { FALSE };
      g_auto(GStrv) day_parts = NULL;
      g_auto(GStrv) ranges = NULL;

      if (*group == '\0')
        continue;
      words = g_strsplit_set (group, " \t", 2);
      if (g_strv_length (words) != 2)
        return hours_error (hours, group, error), NULL;

      day_parts = g_strsplit (words[0], ",", -1);
      for (guint i = 0; day_parts[i] != NULL; i++)
        {
          g_auto(GStrv) span = g_strsplit (day_parts[i], "-", 2);
          int from = parse_weekday (span[0]);
          int to = span[1] != NULL ? parse_weekday (span[1]) : from;

          if (from == 0 || to == 0 || to < from)
            return hours_error (hours, day_parts[i], error), NULL;
          for (int d = from; d <= to; d++)
            days[d] = TRUE;
        }

      ranges = g_strsplit (g_strstrip (words[1]), ",", -1);
      for (guint i = 0; ranges[i] != NULL; i++)
        {
          g_auto(GStrv) ends = g_strsplit (g_strstrip (ranges[i]), "-", 2);
          Interval iv;

          if (g_strv_length (ends) != 2 || !parse_time (g_strstrip (ends[0]), &iv.start) ||
              !parse_time (g_strstrip (ends[1]), &iv.end) || iv.end <= iv.start)
            return hours_error (hours, ranges[i], error), NULL;
          for (int d = 1; d <= 7; d++)
            if (days[d])
              g_array_append_val (self->week[d], iv);
        }
    }

  for (int d = 1; d <= 7; d++)
    {
      g_array_sort (self->week[d], compare_intervals);
      for (guint i = 1; i < self->week[d]->len; i++)
        if (g_array_index (self->week[d], Interval, i).start < g_array_index (self->week[d], Interval, i - 1).end)
          return hours_error (hours, _("overlapping hours"), error), NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
kefu_calendar_set_day (KefuCalendar *self,
                       const char   *date,
                       gboolean      off_day)
{
  int y, m, d;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_hash_table_insert (self->days, g_strdup_printf ("%04d-%02d-%02d", y, m, d),
                       GINT_TO_POINTER (off_day ? DAY_OFF : DAY_MAKE_UP));
  return TRUE;
}

/* The first weekday with hours: what a make-up working day works. */
static GArray *
normal_weekday (KefuCalendar *self)
{
  for (int d = 1; d <= 5; d++)
    if (self->week[d]->len > 0)
      return self->week[d];
  return self->week[1];
}

static GArray *
intervals_of (KefuCalendar *self,
              GDate        *date)
{
  char key[16];
  int mark;

  if (self->always)
    return self->week[1];
  g_snprintf (key, sizeof key, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
  mark = GPOINTER_TO_INT (g_hash_table_lookup (self->days, key));
  if (mark == DAY_OFF)
    return NULL;
  if (mark == DAY_MAKE_UP)
    return normal_weekday (self);
  return self->week[g_date_get_weekday (date)];
}

gboolean
kefu_calendar_is_working_day (KefuCalendar *self,
                              int           year,
                              int           month,
                              int           day)
{
  g_autoptr(GDate) date = g_date_new_dmy (day, month, year);
  GArray *iv = intervals_of (self, date);

  return iv != NULL && iv->len > 0;
}

/* Unix seconds of @minutes after midnight of @date in the calendar's zone. */
static gint64
moment (KefuCalendar *self,
        GDate        *date,
        int           minutes)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (self->tz, g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);
  g_autoptr(GDateTime) at = g_date_time_add_minutes (midnight, minutes);

  return g_date_time_to_unix (at);
}

static GDate *
date_of (KefuCalendar *self,
         gint64        t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->tz);

  return g_date_new_dmy (g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                         g_date_time_get_year (local));
}

gint64
kefu_calendar_add_minutes (KefuCalendar *self,
                           gint64        start,
                           gint64        minutes)
{
  return kefu_calendar_add_seconds (self, start, MAX (minutes, 0) * 60);
}

/* The moment @seconds of working time after @start; with 0, the next
 * working moment at or after @start. */
gint64
kefu_calendar_add_seconds (KefuCalendar *self,
                           gint64        start,
                           gint64        seconds)
{
  g_autoptr(GDate) date = NULL;
  gint64 remaining = MAX (seconds, 0);
  gint64 t = start;

  if (self->always)
    return start + remaining;

  date = date_of (self, start);
  for (int n = 0; n < MAX_DAYS; n++, g_date_add_days (date, 1))
    {
      GArray *iv = intervals_of (self, date);

      for (guint i = 0; iv != NULL && i < iv->len; i++)
        {
          gint64 is = moment (self, date, g_array_index (iv, Interval, i).start);
          gint64 ie = moment (self, date, g_array_index (iv, Interval, i).end);
          gint64 begin = MAX (t, is);

          if (begin >= ie)
            continue;
          if (remaining <= ie - begin)
            return begin + remaining;
          remaining -= ie - begin;
          t = ie;
        }
    }
  return G_MAXINT64;   /* a calendar without working time */
}

/* Working seconds in [@from, @to): the elapsed time of a clock, and the
 * paused time credited back. */
gint64
kefu_calendar_seconds_between (KefuCalendar *self,
                               gint64        from,
                               gint64        to)
{
  g_autoptr(GDate) date = NULL;
  gint64 total = 0;

  if (to <= from)
    return 0;
  if (self->always)
    return to - from;

  date = date_of (self, from);
  for (int n = 0; n < MAX_DAYS; n++, g_date_add_days (date, 1))
    {
      GArray *iv = intervals_of (self, date);

      if (moment (self, date, 0) >= to)
        break;
      for (guint i = 0; iv != NULL && i < iv->len; i++)
        {
          gint64 is = moment (self, date, g_array_index (iv, Interval, i).start);
          gint64 ie = moment (self, date, g_array_index (iv, Interval, i).end);
          gint64 a = MAX (from, is), b = MIN (to, ie);

          if (b > a)
            total += b - a;
        }
    }
  return total;
}
