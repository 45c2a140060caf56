/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-calendar.c — working-time arithmetic (SLA calendars) */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kefu-calendar.h"
#include "kefu-calendar-store.h"
#include "kefu-desk.h"
#include "kefu-store.h"
#include "kefu-test-util.h"

#define HOURS "Mon-Fri 08:30-12:00,13:30-18:00"

static gint64
at (const char *local)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  int y, mo, d, h, mi;
  g_autoptr(GDateTime) dt = NULL;

  g_assert_cmpint (sscanf (local, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), ==, 5);
  dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
  return g_date_time_to_unix (dt);
}

static char *
fmt (gint64 t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

#define ASSERT_DUE(cal, start, minutes, expected) \
  G_STMT_START { g_autofree char *got = fmt (kefu_calendar_add_minutes (cal, at (start), minutes)); \
                 g_assert_cmpstr (got, ==, expected); } G_STMT_END

/* China's 2025 Spring Festival, as holiday-cn lists it. */
static KefuCalendar *
spring_festival_2025 (void)
{
  g_autoptr(GError) error = NULL;
  KefuCalendar *cal = kefu_calendar_new (HOURS, &error);

  g_assert_no_error (error);
  for (int d = 28; d <= 31; d++)
    {
      g_autofree char *date = g_strdup_printf ("2025-01-%02d", d);
      g_assert_true (kefu_calendar_set_day (cal, date, TRUE));
    }
  for (int d = 1; d <= 4; d++)
    {
      g_autofree char *date = g_strdup_printf ("2025-02-%02d", d);
      g_assert_true (kefu_calendar_set_day (cal, date, TRUE));
    }
  g_assert_true (kefu_calendar_set_day (cal, "2025-01-26", FALSE));   /* Sunday, worked */
  g_assert_true (kefu_calendar_set_day (cal, "2025-02-08", FALSE));   /* Saturday, worked */
  return cal;
}

static void
test_hours_parse (void)
{
  static const char *bad[] = { "Mon-Fri 9-18", "Fri-Mon 09:00-18:00", "Mon-Fri 09:00-12:00,11:00-13:00",
                               "Mon-Fri", "Mon-Fri 18:00-09:00", "Moon 09:00-10:00", "Mon 09:00-24:30" };
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuCalendar) ok = kefu_calendar_new ("Mon-Fri 08:30-12:00,13:30-18:00; Sat 09:00-12:00", &error);

  g_assert_no_error (error);
  g_assert_true (kefu_calendar_is_working_day (ok, 2025, 3, 8));    /* a Saturday */
  g_assert_false (kefu_calendar_is_working_day (ok, 2025, 3, 9));   /* a Sunday */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KefuCalendar) cal = kefu_calendar_new (bad[i], &error);
      g_assert_null (cal);
      g_assert_error (error, KEFU_CALENDAR_ERROR, KEFU_CALENDAR_ERROR_HOURS);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }
  g_assert_false (kefu_calendar_set_day (ok, "2025-02-30", TRUE));
}

static void
test_within_a_day (void)
{
  g_autoptr(KefuCalendar) cal = kefu_calendar_new (HOURS, NULL);

  ASSERT_DUE (cal, "2025-03-03 10:00", 60, "2025-03-03 11:00");      /* inside hours */
  ASSERT_DUE (cal, "2025-03-03 11:30", 60, "2025-03-03 14:00");      /* across lunch */
  ASSERT_DUE (cal, "2025-03-03 12:30", 15, "2025-03-03 13:45");      /* starts in the lunch break */
  ASSERT_DUE (cal, "2025-03-03 07:00", 15, "2025-03-03 08:45");      /* before the day starts */
  ASSERT_DUE (cal, "2025-03-03 19:00", 30, "2025-03-04 09:00");      /* after it ends */
  ASSERT_DUE (cal, "2025-03-03 19:00", 0, "2025-03-04 08:30");       /* zero: the next working moment */
  ASSERT_DUE (cal, "2025-03-03 08:30", 8 * 60, "2025-03-03 18:00");  /* exactly one working day: 3.5 h + 4.5 h */
}

static void
test_weekend (void)
{
  g_autoptr(KefuCalendar) cal = kefu_calendar_new (HOURS, NULL);

  ASSERT_DUE (cal, "2025-03-07 17:30", 60, "2025-03-10 09:00");      /* Friday → Monday */
  ASSERT_DUE (cal, "2025-03-08 10:00", 15, "2025-03-10 08:45");      /* starts on Saturday */
  /* 1 h on Friday, 8 h Monday, 8 h Tuesday, 4 h on Wednesday */
  ASSERT_DUE (cal, "2025-03-07 17:00", 21 * 60, "2025-03-12 14:00");
}

static void
test_spring_festival (void)
{
  g_autoptr(KefuCalendar) cal = spring_festival_2025 ();

  /* 17:55 on the Friday before: 5 minutes that day, the rest on the
   * make-up Sunday, which works a normal weekday's hours. */
  ASSERT_DUE (cal, "2025-01-24 17:55", 60, "2025-01-26 09:25");
  ASSERT_DUE (cal, "2025-01-26 10:00", 30, "2025-01-26 10:30");
  /* The holiday spans two calendar weeks: Monday 27th, then Wednesday 5th. */
  ASSERT_DUE (cal, "2025-01-27 17:00", 120, "2025-02-05 09:30");
  ASSERT_DUE (cal, "2025-01-30 10:00", 0, "2025-02-05 08:30");
  /* The make-up Saturday after it. */
  ASSERT_DUE (cal, "2025-02-07 17:30", 60, "2025-02-08 09:00");
  g_assert_false (kefu_calendar_is_working_day (cal, 2025, 1, 29));
  g_assert_true (kefu_calendar_is_working_day (cal, 2025, 1, 26));
}

static void
test_year_boundary (void)
{
  g_autoptr(KefuCalendar) cal = kefu_calendar_new (HOURS, NULL);

  g_assert_true (kefu_calendar_set_day (cal, "2026-01-01", TRUE));
  ASSERT_DUE (cal, "2025-12-31 17:30", 60, "2026-01-02 09:00");
}

static void
test_seconds_between (void)
{
  g_autoptr(KefuCalendar) cal = spring_festival_2025 ();
  g_autoptr(KefuCalendar) always = kefu_calendar_new_always ();

  /* A pause from Friday 17:00 to Monday 10:00: 1 h on Friday, 1.5 h on Monday. */
  g_assert_cmpint (kefu_calendar_seconds_between (cal, at ("2025-03-07 17:00"), at ("2025-03-10 10:00")), ==, 150 * 60);
  /* Across the holiday, only the working days count. */
  g_assert_cmpint (kefu_calendar_seconds_between (cal, at ("2025-01-24 17:55"), at ("2025-01-26 09:25")), ==, 60 * 60);
  g_assert_cmpint (kefu_calendar_seconds_between (cal, at ("2025-01-28 09:00"), at ("2025-02-04 18:00")), ==, 0);
  g_assert_cmpint (kefu_calendar_seconds_between (cal, at ("2025-03-10 10:00"), at ("2025-03-07 17:00")), ==, 0);
  /* Adding what was paused back is exact: the due moment moves by the working time paused. */
  {
    gint64 due = kefu_calendar_add_minutes (cal, at ("2025-03-07 16:00"), 120);
    gint64 paused = kefu_calendar_seconds_between (cal, at ("2025-03-07 17:00"), at ("2025-03-10 10:00"));
    g_autofree char *credited = fmt (kefu_calendar_add_minutes (cal, due, paused / 60));
    g_autofree char *before = fmt (due);

    g_assert_cmpstr (before, ==, "2025-03-07 18:00");
    g_assert_cmpstr (credited, ==, "2025-03-10 11:00");
  }
  /* Around the clock: every minute, holidays too. */
  g_assert_cmpint (kefu_calendar_seconds_between (always, at ("2025-01-28 09:00"), at ("2025-01-29 09:00")), ==, 86400);
  ASSERT_DUE (always, "2025-01-31 23:50", 15, "2025-02-01 00:05");
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* holiday-cn's JSON and iCalendar files say the same about 2025. */
static void
test_holiday_files (void)
{
  const char *files[] = { "2025.json", "2025.ics" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = fixture (files[f]);
      g_autoptr(GError) error = NULL;
      GArray *days = kefu_holidays_read (path, &error);
      guint off = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (days->len, ==, 11);
      for (guint i = 0; i < days->len; i++)
        off += g_array_index (days, KefuHoliday, i).off_day;
      g_assert_cmpuint (off, ==, 9);
      g_assert_cmpstr (g_array_index (days, KefuHoliday, 0).date, ==, "2025-01-01");
      g_assert_cmpstr (g_array_index (days, KefuHoliday, 1).date, ==, "2025-01-26");
      g_assert_false (g_array_index (days, KefuHoliday, 1).off_day);
      g_assert_cmpstr (g_array_index (days, KefuHoliday, 9).date, ==, "2025-02-04");
      g_assert_cmpstr (g_array_index (days, KefuHoliday, 9).name, ==, "春节");
      kefu_holidays_free (days);
    }
}

static void
test_holiday_files_malformed (KefuTestDir   *f,
                              gconstpointer  data)
{
  const char *bad[] = { "{ \"year\": 2025 }", "{ \"days\": [ { \"date\": \"2025-02-30\", \"isOffDay\": true } ] }",
                        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "日期,是否休息\n", "{ not json" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = kefu_test_path (f, "holidays.txt");
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      g_assert_null (kefu_holidays_read (path, &error));
      g_assert_error (error, KEFU_CALENDAR_ERROR, KEFU_CALENDAR_ERROR_FILE);
      g_assert_nonnull (strstr (error->message, path));
    }
}

/* Imported into a calendar, then re-imported: the year is replaced. */
static void
test_import_and_reimport (KefuTestDir   *f,
                          gconstpointer  data)
{
  g_autofree char *db = kefu_test_path (f, "kefu.db");
  g_autofree char *json = fixture ("2025.json");
  g_autofree char *ics = fixture ("2025.ics");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (db, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GArray) days = kefu_holidays_read (json, &error);
  g_autoptr(GArray) again = kefu_holidays_read (ics, &error);
  g_autoptr(GArray) stored = NULL;
  g_autoptr(KefuCalendar) cal = NULL;
  guint years = 0;

  g_assert_no_error (error);
  /* calendars are a supervisor's (or a manager's, an administrator's) to change */
  g_assert_false (kefu_calendar_store_import (store, "工作日", HOURS, days, &years, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (store, kefu_desk_add_user (store, "chenjing", "陈静", "agent", NULL, &error));
  g_assert_false (kefu_calendar_store_import (store, "工作日", HOURS, days, &years, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (kefu_test_scalar (db, "SELECT count(*) FROM calendar_days"), ==, 0);
  kefu_store_set_actor (store, kefu_desk_add_user (store, "xuqiang", "许强", "supervisor", NULL, &error));
  g_assert_false (kefu_calendar_store_import (store, "工作日", "Mon-Fri 9-18", days, &years, &error));
  g_assert_error (error, KEFU_CALENDAR_ERROR, KEFU_CALENDAR_ERROR_HOURS);
  g_clear_error (&error);
  g_assert_true (kefu_calendar_store_import (store, "工作日", HOURS, days, &years, &error));
  g_assert_cmpuint (years, ==, 1);
  /* a stray day that the next import of 2025 must remove */
  {
    g_autoptr(GArray) extra = kefu_holidays_read (json, NULL);
    g_strlcpy (g_array_index (extra, KefuHoliday, 0).date, "2025-06-01", 11);
    g_array_set_size (extra, 1);
    g_assert_true (kefu_calendar_store_import (store, "工作日", NULL, extra, NULL, &error));
  }
  stored = kefu_calendar_store_days (store, "工作日", 2025, &error);
  g_assert_cmpuint (stored->len, ==, 1);
  g_clear_pointer (&stored, g_array_unref);
  g_assert_true (kefu_calendar_store_import (store, "工作日", NULL, again, NULL, &error));
  stored = kefu_calendar_store_days (store, "工作日", 2025, &error);
  g_assert_cmpuint (stored->len, ==, 11);

  cal = kefu_calendar_store_load (store, "工作日", &error);
  g_assert_no_error (error);
  ASSERT_DUE (cal, "2025-01-24 17:55", 60, "2025-01-26 09:25");
  g_assert_null (kefu_calendar_store_load (store, "没有这个日历", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
}

/* Bounds of a holiday file ---------------------------------------------- */

/* One all-day event from @start to @end (exclusive, YYYYMMDD), its DTSTART
 * on line 5 and its DTEND on line 6, with an optional extra property. */
static char *
ics_event (const char *start,
           const char *end,
           const char *extra)
{
  return g_strdup_printf ("BEGIN:VCALENDAR\r\n"
                          "VERSION:2.0\r\n"
                          "PRODID:-//test//CN\r\n"
                          "BEGIN:VEVENT\r\n"
                          "DTSTART;VALUE=DATE:%s\r\n"
                          "DTEND;VALUE=DATE:%s\r\n"
                          "SUMMARY:国庆节 假期\r\n"
                          "%s"
                          "END:VEVENT\r\n"
                          "END:VCALENDAR\r\n", start, end, extra != NULL ? extra : "");
}

/* Reads @text as a holiday file: the days, or NULL with the message in
 * *@message. */
static GArray *
read_text (KefuTestDir  *f,
           const char   *name,
           const char   *text,
           gssize        len,
           char        **message)
{
  g_autofree char *path = kefu_test_path (f, name);
  g_autoptr(GError) error = NULL;
  GArray *days;

  g_assert_true (g_file_set_contents (path, text, len, NULL));
  days = kefu_holidays_read (path, &error);
  g_assert_true ((days == NULL) == (error != NULL));
  if (error != NULL)
    {
      /* from "imported: " on: what follows “The holiday file “…” was not” */
      const char *tail = strstr (error->message, "imported: ");

      g_assert_error (error, KEFU_CALENDAR_ERROR, KEFU_CALENDAR_ERROR_FILE);
      *message = g_strdup (tail != NULL ? tail : error->message);
    }
  return days;
}

/* The 130 bytes: one event from 1900 to 9999 (2,958,463 days) is
 * refused, naming the line; so are a DTEND and a JSON date out of range. */
static void
test_holidays_years_out_of_range (KefuTestDir   *f,
                                  gconstpointer  data)
{
  g_autofree char *huge = ics_event ("19000101", "99991231", NULL);
  g_autofree char *late_end = ics_event ("20251001", "21010102", NULL);
  g_autofree char *edges = g_strdup_printf ("{ \"days\": [ { \"date\": \"%d-01-01\", \"isOffDay\": true }, "
                                            "{ \"date\": \"%d-12-31\", \"isOffDay\": false } ] }",
                                            KEFU_HOLIDAYS_MIN_YEAR, KEFU_HOLIDAYS_MAX_YEAR);
  const char *json = "{ \"days\": [ { \"date\": \"2025-10-01\", \"isOffDay\": true }, "
                     "{ \"date\": \"1999-10-01\", \"isOffDay\": true } ] }";
  g_autofree char *m1 = NULL, *m2 = NULL, *m3 = NULL, *unused = NULL;
  g_autoptr(GArray) days = NULL;

  g_assert_null (read_text (f, "huge.ics", huge, -1, &m1));
  g_assert_cmpstr (m1, ==, "imported: line 5, DTSTART: the year 1900 is outside the years a calendar holds (2000–2100)");
  g_assert_null (read_text (f, "late.ics", late_end, -1, &m2));
  g_assert_cmpstr (m2, ==, "imported: line 6, DTEND: the year 2101 is outside the years a calendar holds (2000–2100)");
  g_assert_null (read_text (f, "1999.json", json, -1, &m3));
  g_assert_cmpstr (m3, ==, "imported: entry 2, “date” 1999-10-01: the year 1999 is outside the years a calendar holds (2000–2100)");

  days = read_text (f, "edges.json", edges, -1, &unused);
  g_assert_nonnull (days);
  g_assert_cmpuint (days->len, ==, 2);
}

/* At most KEFU_HOLIDAYS_MAX_DAYS (three years) per import, counted before
 * an event's days are walked. */
static void
test_holidays_too_many_days (KefuTestDir   *f,
                             gconstpointer  data)
{
  g_autoptr(GDate) end = g_date_new_dmy (1, 1, 2025);
  char until[9], past[9];
  g_autofree char *most = NULL, *one_more = NULL, *m1 = NULL, *m2 = NULL, *unused = NULL;
  g_autoptr(GString) json = g_string_new ("{ \"days\": [");
  g_autoptr(GDate) d = g_date_new_dmy (1, 1, 2025);
  g_autoptr(GArray) days = NULL;

  g_date_add_days (end, KEFU_HOLIDAYS_MAX_DAYS);
  g_date_strftime (until, sizeof until, "%Y%m%d", end);
  g_date_add_days (end, 1);
  g_date_strftime (past, sizeof past, "%Y%m%d", end);
  most = ics_event ("20250101", until, NULL);
  one_more = ics_event ("20250101", past, NULL);

  days = read_text (f, "most.ics", most, -1, &unused);
  g_assert_nonnull (days);
  g_assert_cmpuint (days->len, ==, KEFU_HOLIDAYS_MAX_DAYS);
  g_assert_null (read_text (f, "more.ics", one_more, -1, &m1));
  g_assert_cmpstr (m1, ==, "imported: line 4: the file marks more than 1098 days; import at most three years at a time");

  for (guint i = 0; i <= KEFU_HOLIDAYS_MAX_DAYS; i++, g_date_add_days (d, 1))
    {
      char date[11];
      g_date_strftime (date, sizeof date, "%Y-%m-%d", d);
      g_string_append_printf (json, "%s { \"date\": \"%s\", \"isOffDay\": true }", i ? "," : "", date);
    }
  g_string_append (json, "] }");
  g_assert_null (read_text (f, "more.json", json->str, json->len, &m2));
  g_assert_cmpstr (m2, ==, "imported: entry 1099: the file marks more than 1098 days; import at most three years at a time");
}

/* iCalendar lines are at most KEFU_HOLIDAYS_MAX_LINE bytes (a folded line
 * counts whole): the longest is read, one byte more is refused with its
 * line before libical parses, and so is a 10 MB line. No timing is
 * asserted: the limit is. */
static void
test_holidays_long_lines (KefuTestDir   *f,
                          gconstpointer  data)
{
  const gsize prefix = strlen ("DESCRIPTION:");
  g_autofree char *fill = g_strnfill (KEFU_HOLIDAYS_MAX_LINE - prefix, 'x');
  g_autofree char *longest = g_strdup_printf ("DESCRIPTION:%s\r\n", fill);
  g_autofree char *too_long = g_strdup_printf ("DESCRIPTION:%sx\r\n", fill);
  g_autofree char *folded = g_strdup_printf ("DESCRIPTION:%s\r\n xx\r\n", fill);
  g_autofree char *ok_file = ics_event ("20251001", "20251008", longest);
  g_autofree char *bad_file = ics_event ("20251001", "20251008", too_long);
  g_autofree char *folded_file = ics_event ("20251001", "20251008", folded);
  g_autofree char *ten_mb_fill = g_strnfill (10 * 1024 * 1024, 'x');
  g_autofree char *ten_mb_line = g_strdup_printf ("DESCRIPTION:%s\r\n", ten_mb_fill);
  g_autofree char *ten_mb = ics_event ("20251001", "20251008", ten_mb_line);
  g_autofree char *m1 = NULL, *m2 = NULL, *m3 = NULL, *unused = NULL;
  g_autoptr(GArray) days = NULL;

  g_assert_cmpuint (KEFU_HOLIDAYS_MAX_LINE, ==, 64 * 1024);
  days = read_text (f, "longest.ics", ok_file, -1, &unused);
  g_assert_nonnull (days);
  g_assert_cmpuint (days->len, ==, 7);
  g_assert_null (read_text (f, "too-long.ics", bad_file, -1, &m1));
  g_assert_cmpstr (m1, ==, "imported: line 8 is longer than 64 KiB; no iCalendar line needs that");
  g_assert_null (read_text (f, "folded.ics", folded_file, -1, &m2));
  g_assert_cmpstr (m2, ==, "imported: line 8 is longer than 64 KiB; no iCalendar line needs that");
  g_assert_null (read_text (f, "ten-mb.ics", ten_mb, -1, &m3));
  g_assert_cmpstr (m3, ==, "imported: line 8 is longer than 64 KiB; no iCalendar line needs that");
}

/* A refused file stores nothing, and the store refuses out-of-bounds days
 * whoever built them. */
static void
test_holidays_refused_stores_nothing (KefuTestDir   *f,
                                      gconstpointer  data)
{
  g_autofree char *db = kefu_test_path (f, "kefu.db");
  g_autofree char *json = fixture ("2025.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (db, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GArray) days = kefu_holidays_read (json, &error);
  g_autoptr(GArray) many = NULL;
  gint64 calendars = kefu_test_scalar (db, "SELECT count(*) FROM calendars");

  g_assert_no_error (error);
  /* calendars are a supervisor's to change (kefu-auth.h) */
  kefu_store_set_actor (store, kefu_desk_add_user (store, "xuqiang", "许强", "supervisor", NULL, &error));
  g_assert_no_error (error);
  g_strlcpy (g_array_index (days, KefuHoliday, 0).date, "1900-01-01", 11);
  g_assert_false (kefu_calendar_store_import (store, "新日历", HOURS, days, NULL, &error));
  g_assert_error (error, KEFU_CALENDAR_ERROR, KEFU_CALENDAR_ERROR_FILE);
  g_clear_error (&error);
  g_assert_false (kefu_calendar_store_import (store, "工作日", HOURS, days, NULL, &error));
  g_assert_error (error, KEFU_CALENDAR_ERROR, KEFU_CALENDAR_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "1900-01-01"));
  g_clear_error (&error);

  many = g_array_new (FALSE, TRUE, sizeof (KefuHoliday));
  g_array_set_size (many, KEFU_HOLIDAYS_MAX_DAYS + 1);
  for (guint i = 0; i < many->len; i++)
    g_strlcpy (g_array_index (many, KefuHoliday, i).date, "2025-10-01", 11);
  g_assert_false (kefu_calendar_store_import (store, "工作日", HOURS, many, NULL, &error));
  g_assert_error (error, KEFU_CALENDAR_ERROR, KEFU_CALENDAR_ERROR_FILE);
  g_clear_error (&error);

  g_assert_cmpint (kefu_test_scalar (db, "SELECT count(*) FROM calendars"), ==, calendars);
  g_assert_cmpint (kefu_test_scalar (db, "SELECT count(*) FROM calendar_days"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/sla/calendar/hours-parse", test_hours_parse);
  g_test_add_func ("/core/sla/calendar/within-a-day", test_within_a_day);
  g_test_add_func ("/core/sla/calendar/weekend", test_weekend);
  g_test_add_func ("/core/sla/calendar/spring-festival-2025", test_spring_festival);
  g_test_add_func ("/core/sla/calendar/year-boundary", test_year_boundary);
  g_test_add_func ("/core/sla/calendar/seconds-between-and-pause-credit", test_seconds_between);
  g_test_add_func ("/core/sla/holidays/holiday-cn-json-and-ics", test_holiday_files);
  KEFU_TEST_ADD ("/core/sla/holidays/malformed", test_holiday_files_malformed);
  KEFU_TEST_ADD ("/core/sla/holidays/import-and-reimport", test_import_and_reimport);
  KEFU_TEST_ADD ("/core/sla/holidays/refuses/years-out-of-range", test_holidays_years_out_of_range);
  KEFU_TEST_ADD ("/core/sla/holidays/refuses/too-many-days", test_holidays_too_many_days);
  KEFU_TEST_ADD ("/core/sla/holidays/refuses/long-lines", test_holidays_long_lines);
  KEFU_TEST_ADD ("/core/sla/holidays/refuses/store-nothing", test_holidays_refused_stores_nothing);
  return g_test_run ();
}
