/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-sla.c — kefu-cli calendar (working calendars and holidays)
 * and kefu-cli sla (the SLA check, its alerts and notifications)
 */
#include "config.h"

#include "kefu-cli-private.h"
#include "kefu-engine.h"

/* Options of the form --name VALUE, each at most once; the rest positional. */
gboolean
take_options (int          argc,
              char       **argv,
              const char  *command,
              const char **names,
              const char **values,
              GPtrArray   *positional)
{
  for (int i = 1; i < argc; i++)
    {
      gboolean known = FALSE;

      for (guint n = 0; names[n] != NULL; n++)
        if (g_str_equal (argv[i], names[n]))
          {
            if (i + 1 >= argc)
              {
                g_printerr (_("%s: %s needs a value.\n"), command, argv[i]);
                return FALSE;
              }
            values[n] = argv[++i];
            known = TRUE;
          }
      if (known)
        continue;
      if (g_str_has_prefix (argv[i], "--"))
        {
          g_printerr (_("%s: unknown option “%s”.\n"), command, argv[i]);
          return FALSE;
        }
      g_ptr_array_add (positional, argv[i]);
    }
  return TRUE;
}

int
cmd_calendar (const char  *db_path,
              int          argc,
              char       **argv)
{
  static const char *names[] = { "--name", "--hours", "--year", NULL };
  const char *values[3] = { NULL, NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (argc > 1 && g_str_equal (argv[1], "--help"))
    {
      g_print ("%s\n%s\n", _("Usage: kefu-cli [--db FILE] calendar import FILE [--name NAME] [--hours HOURS]"),
               _("       kefu-cli [--db FILE] calendar show NAME --year YYYY"));
      return 0;
    }
  if (!take_options (argc, argv, "calendar", names, values, args))
    return 2;

  if (args->len == 2 && g_str_equal (args->pdata[0], "import"))
    {
      /* a data name, not a UI string: the same in every language */
      const char *name = values[0] != NULL ? values[0] : "工作日";
      g_autoptr(GArray) days = kefu_holidays_read (args->pdata[1], &error);
      guint years = 0, off = 0;

      if (days == NULL)
        return fail_with (error);
      store = open_store_as (db_path, "calendar");
      if (store == NULL)
        return 1;
      if (!kefu_calendar_store_import (store, name, values[1], days, &years, &error))
        return fail_with (error);
      for (guint i = 0; i < days->len; i++)
        off += g_array_index (days, KefuHoliday, i).off_day;
      g_print (_("Calendar “%s”: %u days off and %u make-up working days imported for %u year(s).\n"),
               name, off, days->len - off, years);
      return 0;
    }
  if (args->len == 2 && g_str_equal (args->pdata[0], "show") && values[2] != NULL)
    {
      guint64 year;
      g_autofree char *hours = NULL;
      g_autoptr(GArray) days = NULL;

      if (!parse_uint (values[2], 9999, &year) || year < 1900)
        {
          g_printerr (_("calendar: --year takes a year such as 2025, not “%s”.\n"), values[2]);
          return 2;
        }
      store = open_store_to_read (db_path);
      if (store == NULL)
        return 1;
      hours = kefu_calendar_store_hours (store, args->pdata[1], &error);
      if (error == NULL)
        days = kefu_calendar_store_days (store, args->pdata[1], year, &error);
      if (error != NULL)
        return fail_with (error);
      g_print (_("Calendar “%s”, %u: %s\n"), (const char *) args->pdata[1], (guint) year,
               hours != NULL ? hours : _("around the clock"));
      for (guint i = 0; i < days->len; i++)
        {
          KefuHoliday *h = &g_array_index (days, KefuHoliday, i);
          g_print ("%s  %s  %s\n", h->date, h->off_day ? _("day off") : _("make-up working day"),
                   h->name != NULL ? h->name : "");
        }
      if (days->len == 0)
        g_print ("%s\n", _("No days off or make-up days recorded for that year."));
      return 0;
    }
  g_printerr ("%s\n", _("Usage: kefu-cli [--db FILE] calendar import FILE [--name NAME] [--hours HOURS] | calendar show NAME --year YYYY"));
  return 2;
}

gboolean
parse_local_time (const char *text,
                  gint64     *unix_utc)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi;

  if (sscanf (text, "%4d-%2d-%2d %2d:%2d", &y, &mo, &d, &h, &mi) != 5 || !g_date_valid_dmy (d, mo, y) ||
      h > 23 || mi > 59 || (dt = g_date_time_new (tz, y, mo, d, h, mi, 0)) == NULL)
    return FALSE;
  *unix_utc = g_date_time_to_unix (dt);
  return TRUE;
}

char *
local_time (gint64 unix_utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_utc);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

/* One desktop notification, straight through the notification server's
 * D-Bus interface (org.freedesktop.Notifications.Notify, what libnotify
 * sends): kefu-cli does not load libnotify and GdkPixbuf for it. */
static gboolean
notify (GDBusConnection  *bus,
        const char       *title,
        const char       *body,
        gboolean          urgent,
        GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder hints;

  g_variant_builder_init (&hints, G_VARIANT_TYPE_VARDICT);
  /* 2 critical, 1 normal */
  g_variant_builder_add (&hints, "{sv}", "urgency", g_variant_new_byte (urgent ? 2 : 1));
  g_variant_builder_add (&hints, "{sv}", "desktop-entry", g_variant_new_string (APP_ID));
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                                       "org.freedesktop.Notifications", "Notify",
                                       g_variant_new ("(susssasa{sv}i)", "Kefu", 0, APP_ID, title, body,
                                                      NULL, &hints, -1),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, error);
  return reply != NULL;
}

/* Desktop notifications for new alerts; more than five at once become one
 * summary. Without a notification server, says so once and goes on. */
static void
notify_alerts (GPtrArray *alerts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  gboolean ok = TRUE;

  if (alerts->len == 0)
    return;
  /* one per ticket, the worst first: a level 1 breach is never 74th of 75 */
  tickets = kefu_sla_alerts_by_ticket (alerts);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    ok = FALSE;
  else if (tickets->len > 5)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service-level alert",
                                                             "%u service-level alerts", alerts->len), alerts->len);
      GString *body = g_string_new (NULL);
      gboolean urgent = FALSE;

      for (guint i = 0; i < tickets->len; i++)
        {
          KefuSlaAlert *a = tickets->pdata[i];
          urgent |= a->level < 3;
          if (i < 3)
            {
              g_autofree char *line = NULL;
              g_autofree char *heading = kefu_sla_alert_text (a, &line);

              g_string_append_printf (body, "%s%s %s", i ? "\n" : "", a->number, line);
            }
        }
      if (tickets->len > 3)
        g_string_append (body, "\n…");
      ok = notify (bus, title, body->str, urgent, &error);
      g_string_free (body, TRUE);
    }
  else
    for (guint i = 0; ok && i < tickets->len; i++)
      {
        KefuSlaAlert *a = tickets->pdata[i];
        g_autofree char *body = NULL;
        g_autofree char *title = kefu_sla_alert_text (a, &body);

        ok = notify (bus, title, body, a->level < 3, &error);
      }
  if (!ok)
    g_printerr (_("No desktop notification could be shown (%s); the alerts are listed above.\n"),
                error != NULL ? error->message : _("no notification server"));
  if (bus != NULL)
    g_dbus_connection_flush_sync (bus, NULL, NULL);
}

static void
print_alerts (GPtrArray *alerts,
              gboolean   json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < alerts->len; i++)
        {
          KefuSlaAlert *a = alerts->pdata[i];
          g_autofree char *due = local_time (a->due_at);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "number");
          json_builder_add_string_value (b, a->number);
          json_builder_set_member_name (b, "location");
          json_builder_add_string_value (b, a->location);
          json_builder_set_member_name (b, "level");
          json_builder_add_int_value (b, a->level);
          json_builder_set_member_name (b, "clock");
          json_builder_add_string_value (b, kefu_clock_code (a->clock));
          json_builder_set_member_name (b, "state");
          json_builder_add_string_value (b, kefu_threshold_code (a->threshold));
          json_builder_set_member_name (b, "due_at");
          json_builder_add_string_value (b, due);
          json_builder_set_member_name (b, "late_minutes");
          json_builder_add_int_value (b, a->late_seconds / 60);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return;
    }
  {
    /* one line per ticket, its worst clock, the worst first */
    g_autoptr(GPtrArray) tickets = kefu_sla_alerts_by_ticket (alerts);

    for (guint i = 0; i < tickets->len; i++)
      {
        KefuSlaAlert *a = tickets->pdata[i];
        g_autofree char *body = NULL;
        g_autofree char *title = kefu_sla_alert_text (a, &body);
        g_print ("%s\t%s\t%s\n", a->number, kefu_threshold_code (a->threshold), body);
      }
  }
  if (alerts->len == 0)
    g_print ("%s\n", _("No ticket is in warning or breach."));
}

static int
sla_check (const char  *db_path,
           int          argc,
           char       **argv)
{
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE, notify = FALSE;
  gint64 now = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (g_str_equal (argv[i], "--notify"))
        notify = TRUE;
      else if (g_str_equal (argv[i], "--now") && i + 1 < argc)
        {
          if (!parse_local_time (argv[++i], &now))
            {
              g_printerr (_("sla: --now takes a local time like “2025-01-24 17:55”, not “%s”.\n"), argv[i]);
              return 2;
            }
        }
      else if (!g_str_equal (argv[i], "check"))
        {
          g_printerr (_("sla: unknown option “%s”.\n"), argv[i]);
          return 2;
        }
    }
  /* --notify at another time than now records alerts at that time: an
   * administrator's act, on the record (kefu_auth_set_clock) */
  if (notify && now > 0)
    store = open_store_as (db_path, "sla");
  else
    store = notify ? open_store (db_path) : open_store_to_read (db_path);
  if (store == NULL)
    return 1;
  /* one checker per center: a second one at the same moment (two timers,
   * a run by hand) leaves the work to the first (#20) */
  if (notify)
    {
      gboolean taken = FALSE;

      if (!kefu_sla_checker_lock (store, &taken, &error))
        return fail_with (error);
      if (!taken)
        {
          /* (a server as described, never its connection string's password) */
          g_autofree char *where = kefu_store_is_server (store) ? kefu_engine_describe_spec (db_path)
                                                                 : g_strdup (kefu_store_get_path (store));

          g_printerr (_("Another SLA checker is running on “%s” now: this one did nothing (that one records "
                        "and tells what is due).\n"), where);
          return 0;
        }
    }
  if (now > 0 && notify && !kefu_auth_set_clock (store, now, &error))
    return fail_with (error);
  if (now > 0)
    kefu_store_set_now (store, now);
  now = kefu_store_now (store);
  /* --notify records each threshold once and tells the desktop of new ones;
   * without it, a look at everything in warning or breach now */
  if (notify)
    {
      g_autoptr(GPtrArray) recorded = NULL;

      alerts = kefu_sla_notify (store, now, NULL, &recorded, &error);
      /* a pass that failed part-way has recorded some alerts as told: tell them */
      if (alerts == NULL && recorded != NULL && recorded->len > 0)
        {
          print_alerts (recorded, json);
          if (!kefu_store_is_server (store))
            notify_alerts (recorded);
        }
    }
  else
    alerts = kefu_sla_states (store, now, &error);
  if (alerts == NULL)
    return fail_with (error);
  print_alerts (alerts, json);
  /* on a server the checker runs on the server's host, where nobody reads
   * a desktop: each desk tells its own person (kefu_sla_unseen) */
  if (notify && !kefu_store_is_server (store))
    notify_alerts (alerts);
  return 0;
}

int
cmd_sla (const char  *db_path,
         int          argc,
         char       **argv)
{
  static const char *names[] = { "--calendar", "--start", "--minutes", NULL };
  const char *values[3] = { NULL, NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *text = NULL;
  guint64 minutes;
  gint64 start_unix = 0, due_at;

  if (argc > 1 && g_str_equal (argv[1], "--help"))
    {
      g_print ("%s\n", _("Usage: kefu-cli [--db FILE] sla due --calendar NAME --start \"YYYY-MM-DD HH:MM\" --minutes N"));
      return 0;
    }
  if (argc > 1 && g_str_equal (argv[1], "check"))
    return sla_check (db_path, argc, argv);
  if (!take_options (argc, argv, "sla", names, values, args))
    return 2;
  if (args->len != 1 || !g_str_equal (args->pdata[0], "due") || values[0] == NULL || values[1] == NULL || values[2] == NULL)
    {
      g_printerr ("%s\n", _("Usage: kefu-cli [--db FILE] sla due --calendar NAME --start \"YYYY-MM-DD HH:MM\" --minutes N"));
      return 2;
    }
  if (!parse_local_time (values[1], &start_unix) || (start = g_date_time_new_from_unix_local (start_unix)) == NULL)
    {
      g_printerr (_("sla: --start takes a local time like “2025-01-24 17:55”, not “%s”.\n"), values[1]);
      return 2;
    }
  if (!parse_uint (values[2], 10 * 366 * 24 * 60, &minutes))
    {
      g_printerr (_("sla: --minutes takes a whole number of working minutes, not “%s”.\n"), values[2]);
      return 2;
    }
  store = open_store_to_read (db_path);
  if (store == NULL)
    return 1;
  calendar = kefu_calendar_store_load (store, values[0], &error);
  if (calendar == NULL)
    return fail_with (error);
  due_at = kefu_calendar_add_minutes (calendar, g_date_time_to_unix (start), minutes);
  /* A calendar without that much working time (every day off) has no end. */
  if (due_at == G_MAXINT64 || (due = g_date_time_new_from_unix_local (due_at)) == NULL)
    {
      g_printerr (_("sla: the calendar “%s” has not that much working time in the ten years after %s.\n"),
                  values[0], values[1]);
      return 1;
    }
  text = g_date_time_format (due, "%Y-%m-%d %H:%M");
  g_print ("%s\n", text);
  return 0;
}
