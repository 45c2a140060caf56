/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-calendar-store.c — calendars in the database, and holiday files */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-calendar-store.h"
#include "kefu-calendar-ical.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

static void
holiday_clear (gpointer data)
{
  g_free (((KefuHoliday *) data)->name);
}

static GArray *
holidays_new (void)
{
  GArray *days = g_array_new (FALSE, TRUE, sizeof (KefuHoliday));

  g_array_set_clear_func (days, holiday_clear);
  return days;
}

void
kefu_holidays_free (GArray *days)
{
  if (days != NULL)
    g_array_unref (days);
}

static void
add_day (GArray     *days,
         GDate      *date,
         gboolean    off,
         const char *name)
{
  KefuHoliday h = { { 0 }, off, g_strdup (name) };

  g_snprintf (h.date, sizeof h.date, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
  g_array_append_val (days, h);
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  return strcmp (((const KefuHoliday *) a)->date, ((const KefuHoliday *) b)->date);
}

static gboolean
file_error (const char  *path,
            const char  *why,
            GError     **error)
{
  /* json-glib quotes the bad token cut at a byte count, maybe inside a
   * character: the message must stay text */
  g_autofree char *readable = g_utf8_make_valid (why, -1);

  g_set_error (error, KEFU_CALENDAR_ERROR, KEFU_CALENDAR_ERROR_FILE,
               _("The holiday file “%s” cannot be read: %s"), path, readable);
  return FALSE;
}

/* A value the file holds that a calendar cannot: refused, with where. */
static gboolean
refuse (const char  *path,
        char        *why,   /* taken */
        GError     **error)
{
  g_set_error (error, KEFU_CALENDAR_ERROR, KEFU_CALENDAR_ERROR_FILE,
               _("The holiday file “%s” was not imported: %s"), path, why);
  g_free (why);
  return FALSE;
}

static gboolean
year_in_range (int year)
{
  return year >= KEFU_HOLIDAYS_MIN_YEAR && year <= KEFU_HOLIDAYS_MAX_YEAR;
}

/* "a control character (U+0007) at character 3", or NULL */
static char *
control_in (const char *text)
{
  glong at = 0;
  gunichar c = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      at++;
      c = g_utf8_get_char (p);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return g_strdup_printf (_("a control character (U+%04X) at character %ld"), (guint) c, at);
    }
  return NULL;
}

static gboolean
too_many_days (const char  *path,
               char        *where,   /* taken */
               GError     **error)
{
  gboolean ok = refuse (path,
                        g_strdup_printf (_("%s: the file marks more than %u days; import at most three years at a time"),
                                         where, (guint) KEFU_HOLIDAYS_MAX_DAYS), error);

  g_free (where);   /* taken: it leaked (found by fuzz-ics) */
  return ok;
}

/* The string of member @name of @o, NULL when it has none or another kind */
static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static gboolean
read_json (const char  *path,
           const char  *text,
           gsize        len,
           GArray      *days,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  JsonNode *root, *list_node;
  JsonArray *list;

  if (!json_parser_load_from_data (parser, text, len, &local))
    return file_error (path, local->message, error);
  root = json_parser_get_root (parser);
  list_node = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_object_get_member (json_node_get_object (root), "days") : NULL;
  if (list_node == NULL || !JSON_NODE_HOLDS_ARRAY (list_node))
    return file_error (path, _("it has no “days” list (holiday-cn’s YEAR.json format)"), error);
  list = json_node_get_array (list_node);
  if (json_array_get_length (list) > KEFU_HOLIDAYS_MAX_DAYS)
    return too_many_days (path, g_strdup_printf (_("entry %u"), (guint) KEFU_HOLIDAYS_MAX_DAYS + 1), error);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *date = string_member (o, "date");
      const char *name = string_member (o, "name");
      JsonNode *off = o != NULL ? json_object_get_member (o, "isOffDay") : NULL;
      g_autofree char *control = control_in (name);
      int y, m, d;
      g_autoptr(GDate) gd = NULL;

      if (date == NULL || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y) ||
          off == NULL || !JSON_NODE_HOLDS_VALUE (off) || json_node_get_value_type (off) != G_TYPE_BOOLEAN)
        {
          g_autofree char *why = g_strdup_printf (_("entry %u has no valid “date” and “isOffDay”"), i + 1);
          return file_error (path, why, error);
        }
      if (!year_in_range (y))
        return refuse (path, g_strdup_printf (_("entry %u, “date” %s: the year %d is outside the years a calendar holds (%d–%d)"),
                                              i + 1, date, y, KEFU_HOLIDAYS_MIN_YEAR, KEFU_HOLIDAYS_MAX_YEAR), error);
      if (control != NULL)
        return refuse (path, g_strdup_printf (_("entry %u, “name”: %s"), i + 1, control), error);
      gd = g_date_new_dmy (d, m, y);
      add_day (days, gd, json_node_get_boolean (off), name);
    }
  return TRUE;
}

/* Where an iCalendar file's events are: the lines of each VEVENT's BEGIN,
 * DTSTART, DTEND and SUMMARY, in file order (libical keeps no lines). */
typedef struct {
  guint begin, dtstart, dtend, summary;
} EventLines;

static gboolean
property_is (const char *line,
             gsize       len,
             const char *name)
{
  gsize n = strlen (name);

  return len > n && g_ascii_strncasecmp (line, name, n) == 0 && (line[n] == ':' || line[n] == ';');
}

/* One pass over the text, before libical sees it: no logical line (a line
 * with its folded continuation lines) longer than KEFU_HOLIDAYS_MAX_LINE,
 * and where each event is. Linear in the size of the file. */
static gboolean
scan_ics (const char  *path,
          const char  *text,
          gsize        len,
          guint        first_line,
          GArray      *events,
          GError     **error)
{
  const char *p = text, *end = text + len;
  gsize logical = 0;
  guint line = first_line - 1, logical_line = 0;
  gboolean in_event = FALSE;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *e = nl != NULL ? nl : end;
      gsize n = e - p;

      line++;
      if (n > 0 && e[-1] == '\r')
        n--;
      if (n > 0 && (*p == ' ' || *p == '\t'))
        logical += n - 1;   /* folded: continues the line before */
      else
        {
          logical = n;
          logical_line = line;
          if (property_is (p, n, "BEGIN") && n == strlen ("BEGIN:VEVENT") &&
              g_ascii_strncasecmp (p, "BEGIN:VEVENT", n) == 0)
            {
              EventLines ev = { line, 0, 0, 0 };
              g_array_append_val (events, ev);
              in_event = TRUE;
            }
          else if (property_is (p, n, "END") && g_ascii_strncasecmp (p, "END:VEVENT", strlen ("END:VEVENT")) == 0)
            in_event = FALSE;
          else if (in_event && property_is (p, n, "DTSTART"))
            g_array_index (events, EventLines, events->len - 1).dtstart = line;
          else if (in_event && property_is (p, n, "DTEND"))
            g_array_index (events, EventLines, events->len - 1).dtend = line;
          else if (in_event && property_is (p, n, "SUMMARY"))
            g_array_index (events, EventLines, events->len - 1).summary = line;
        }
      if (logical > KEFU_HOLIDAYS_MAX_LINE)
        return refuse (path, g_strdup_printf (_("line %u is longer than %u KiB; no iCalendar line needs that"),
                                              logical_line, (guint) KEFU_HOLIDAYS_MAX_LINE / 1024), error);
      p = nl != NULL ? nl + 1 : end;
    }
  return TRUE;
}

static gboolean
read_ics (const char  *path,
          const char  *text,
          gsize        len,
          guint        first_line,
          GArray      *days,
          GError     **error)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (EventLines));
  g_autoptr(GArray) parsed = NULL;
  const KefuIcalModule *ical;
  guint events = 0, n_days = 0;

  if (!scan_ics (path, text, len, first_line, lines, error))
    return FALSE;
  ical = kefu_module_get ("ical", error);
  if (ical == NULL)
    return FALSE;
  parsed = ical->events (text);
  if (parsed == NULL)
    return file_error (path, _("it is not an iCalendar file"), error);
  for (guint seen = 0; seen < parsed->len; seen++)
    {
      const KefuIcalEvent *ev = &g_array_index (parsed, KefuIcalEvent, seen);
      /* the lines of this event, when libical and the scan agree on the events */
      EventLines at = seen < lines->len ? g_array_index (lines, EventLines, seen) : (EventLines) { 0, 0, 0, 0 };
      const char *summary = ev->summary;
      gboolean work = summary != NULL && (g_str_has_prefix (summary, "上班") || strstr (summary, "补班") != NULL);
      g_autoptr(GDate) from = NULL;
      g_autoptr(GDate) until = NULL;
      g_autofree char *name = NULL;
      g_autofree char *control = control_in (summary);
      int span;

      if (!ev->has_start || !g_date_valid_dmy (ev->start_day, ev->start_month, ev->start_year))
        continue;
      if (!year_in_range (ev->start_year))
        return refuse (path, g_strdup_printf (_("line %u, DTSTART: the year %d is outside the years a calendar holds (%d–%d)"),
                                              at.dtstart, ev->start_year, KEFU_HOLIDAYS_MIN_YEAR, KEFU_HOLIDAYS_MAX_YEAR), error);
      if (ev->has_end && !year_in_range (ev->end_year))
        return refuse (path, g_strdup_printf (_("line %u, DTEND: the year %d is outside the years a calendar holds (%d–%d)"),
                                              at.dtend, ev->end_year, KEFU_HOLIDAYS_MIN_YEAR, KEFU_HOLIDAYS_MAX_YEAR), error);
      if (control != NULL)
        return refuse (path, g_strdup_printf (_("line %u, SUMMARY: %s"), at.summary, control), error);
      from = g_date_new_dmy (ev->start_day, ev->start_month, ev->start_year);
      until = g_date_copy (from);
      if (ev->has_end && g_date_valid_dmy (ev->end_day, ev->end_month, ev->end_year))
        {
          g_date_set_dmy (until, ev->end_day, ev->end_month, ev->end_year);
          if (!ev->end_is_date)
            g_date_add_days (until, 1);   /* a timed event covers its last day */
        }
      if (g_date_compare (until, from) <= 0)
        g_date_add_days (until, 1);        /* DTEND is exclusive for all-day events */
      /* counted before a day is added: a century-long event is not walked */
      span = g_date_days_between (from, until);
      if (span > (int) (KEFU_HOLIDAYS_MAX_DAYS - n_days))
        return too_many_days (path, g_strdup_printf (_("line %u"), at.begin), error);
      n_days += span;
      if (summary != NULL)
        {
          /* "春节 假期 第1天/共8天" → 春节 */
          const char *space = strchr (summary, ' ');
          name = space != NULL ? g_strndup (summary, space - summary) : g_strdup (summary);
        }
      for (; g_date_compare (from, until) < 0; g_date_add_days (from, 1))
        add_day (days, from, !work, name);
      events++;
    }
  if (events == 0)
    return file_error (path, _("it has no events"), error);
  return TRUE;
}

/* The line of @p in @text, from 1 */
static guint
line_at (const char *text,
         const char *p)
{
  guint line = 1;

  for (const char *c = text; c < p; c++)
    line += *c == '\n';
  return line;
}

GArray *
kefu_holidays_read (const char  *path,
                    GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GArray) days = holidays_new ();
  const char *p;
  gsize len;
  GStatBuf st;

  /* Holiday files are a few kilobytes a year: a huge one is not read. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > KEFU_HOLIDAYS_MAX_FILE)
    {
      refuse (path, g_strdup_printf (_("it is larger than %u MB"), (guint) KEFU_HOLIDAYS_MAX_FILE / (1024 * 1024)), error);
      return NULL;
    }
  if (!g_file_get_contents (path, &text, &len, &local))
    {
      file_error (path, local->message, error);
      return NULL;
    }
  if (!g_utf8_validate (text, len, NULL))
    {
      file_error (path, _("it is not UTF-8 text"), error);
      return NULL;
    }
  p = text;
  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '{' ? !read_json (path, p, len - (p - text), days, error)
                : g_str_has_prefix (p, "BEGIN:VCALENDAR") ? !read_ics (path, p, len - (p - text), line_at (text, p), days, error)
                                                           : !file_error (path, _("it is neither holiday-cn JSON nor iCalendar"), error))
    return NULL;
  g_array_sort (days, compare_days);
  return g_steal_pointer (&days);
}

static gint64
calendar_id (KefuStore   *store,
             const char  *name,
             GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT id FROM calendars WHERE name = ?1", error);

  if (stmt == NULL)
    return -1;
  kefu_query_bind_text (stmt, 1, name);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW ? kefu_query_get_int (stmt, 0) : 0;
}

/* Creates the calendar if needed (with @hours, or business hours), and
 * replaces the marked days of every year the file covers. */
gboolean
kefu_calendar_store_import (KefuStore   *store,
                            const char  *name,
                            const char  *hours,
                            GArray      *days,
                            guint       *n_years,
                            GError     **error)
{
  g_autoptr(GHashTable) years = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(KefuCalendar) check = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 id;

  g_return_val_if_fail (days != NULL, FALSE);
  if (!kefu_auth_require (store, KEFU_PERMISSION_EDIT_SLA, error))
    return FALSE;
  if (hours != NULL && (check = kefu_calendar_new (hours, error)) == NULL)
    return FALSE;
  /* the bounds of a holiday file, whoever built @days */
  if (days->len > KEFU_HOLIDAYS_MAX_DAYS)
    {
      g_set_error (error, KEFU_CALENDAR_ERROR, KEFU_CALENDAR_ERROR_FILE,
                   _("%u days are too many for one import: import at most three years at a time."), days->len);
      return FALSE;
    }
  for (guint i = 0; i < days->len; i++)
    {
      const char *date = g_array_index (days, KefuHoliday, i).date;
      int y = atoi (date);

      if (!year_in_range (y) || strlen (date) != 10)
        {
          g_set_error (error, KEFU_CALENDAR_ERROR, KEFU_CALENDAR_ERROR_FILE,
                       _("The day “%s” is outside the years a calendar holds (%d–%d)."), date,
                       KEFU_HOLIDAYS_MIN_YEAR, KEFU_HOLIDAYS_MAX_YEAR);
          return FALSE;
        }
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  id = calendar_id (store, name, error);
  if (id < 0)
    goto fail;
  if (id == 0)
    {
      stmt = kefu_query_prepare (store, "INSERT INTO calendars (name, around_the_clock, hours) VALUES (?1, 0, ?2)", error);
      if (stmt == NULL)
        goto fail;
      kefu_query_bind_text (stmt, 1, name);
      kefu_query_bind_text (stmt, 2, hours != NULL ? hours : KEFU_DEFAULT_BUSINESS_HOURS);
      if (!kefu_query_run (store, stmt, error))
        goto fail;
      id = kefu_query_last_id (store);
    }
  else if (hours != NULL)
    {
      KEFU_AUTO_QUERY *upd = kefu_query_prepare (store, "UPDATE calendars SET hours = ?1, around_the_clock = 0 WHERE id = ?2", error);
      if (upd == NULL)
        goto fail;
      kefu_query_bind_text (upd, 1, hours);
      kefu_query_bind_int (upd, 2, id);
      if (!kefu_query_run (store, upd, error))
        goto fail;
    }

  for (guint i = 0; i < days->len; i++)
    {
      char year[5];
      g_strlcpy (year, g_array_index (days, KefuHoliday, i).date, sizeof year);
      if (!g_hash_table_contains (years, year))
        {
          KEFU_AUTO_QUERY *del = kefu_query_prepare (store,
              "DELETE FROM calendar_days WHERE calendar_id = ?1 AND substr(date, 1, 4) = ?2", error);
          if (del == NULL)
            goto fail;
          kefu_query_bind_int (del, 1, id);
          kefu_query_bind_text (del, 2, year);
          if (!kefu_query_run (store, del, error))
            goto fail;
          g_hash_table_add (years, g_strdup (year));
        }
    }
  for (guint i = 0; i < days->len; i++)
    {
      KefuHoliday *h = &g_array_index (days, KefuHoliday, i);
      KEFU_AUTO_QUERY *ins = kefu_query_prepare (store,
          "INSERT INTO calendar_days (calendar_id, date, is_off_day, name) VALUES (?1, ?2, ?3, ?4) "
          "ON CONFLICT (calendar_id, date) DO UPDATE SET is_off_day = excluded.is_off_day, name = excluded.name", error);
      if (ins == NULL)
        goto fail;
      kefu_query_bind_int (ins, 1, id);
      kefu_query_bind_text (ins, 2, h->date);
      kefu_query_bind_int (ins, 3, h->off_day);
      kefu_query_bind_text_or_null (ins, 4, h->name);
      if (!kefu_query_run (store, ins, error))
        goto fail;
    }
  if (n_years != NULL)
    *n_years = g_hash_table_size (years);
  {
    g_autofree char *detail = g_strdup_printf ("days=%u", days->len);

    if (!kefu_audit_append (store, kefu_store_get_actor (store), "import_calendar", "calendars", id, detail, error))
      goto fail;
  }
  return kefu_store_commit (store, error);

fail:
  kefu_store_rollback (store);
  return FALSE;
}

char *
kefu_calendar_store_hours (KefuStore   *store,
                           const char  *name,
                           GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT hours, around_the_clock FROM calendars WHERE name = ?1", error);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_text (stmt, 1, name);
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND, _("There is no calendar named “%s”."), name))
    return NULL;
  return (int) kefu_query_get_int (stmt, 1) ? NULL : g_strdup (kefu_query_get_text (stmt, 0));
}

KefuCalendar *
kefu_calendar_store_load (KefuStore   *store,
                          const char  *name,
                          GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *hours = kefu_calendar_store_hours (store, name, &local);
  g_autoptr(KefuCalendar) cal = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  int rc;

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (hours == NULL)
    return kefu_calendar_new_always ();
  cal = kefu_calendar_new (hours, error);
  if (cal == NULL)
    return NULL;
  stmt = kefu_query_prepare (store,
      "SELECT d.date, d.is_off_day FROM calendar_days d JOIN calendars c ON c.id = d.calendar_id WHERE c.name = ?1", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_text (stmt, 1, name);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    kefu_calendar_set_day (cal, kefu_query_get_text (stmt, 0), (int) kefu_query_get_int (stmt, 1));
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&cal);
}

GArray *
kefu_calendar_store_days (KefuStore   *store,
                          const char  *name,
                          int          year,
                          GError     **error)
{
  g_autoptr(GArray) days = holidays_new ();
  g_autofree char *y = g_strdup_printf ("%04d", year);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT d.date, d.is_off_day, d.name FROM calendar_days d JOIN calendars c ON c.id = d.calendar_id "
      "WHERE c.name = ?1 AND substr(d.date, 1, 4) = ?2 ORDER BY d.date", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_text (stmt, 1, name);
  kefu_query_bind_text (stmt, 2, y);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuHoliday h = { { 0 }, (int) kefu_query_get_int (stmt, 1), g_strdup (kefu_query_get_text (stmt, 2)) };
      g_strlcpy (h.date, kefu_query_get_text (stmt, 0), sizeof h.date);
      g_array_append_val (days, h);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&days);
}
