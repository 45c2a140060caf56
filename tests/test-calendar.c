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
  return g_test_run ();
}
