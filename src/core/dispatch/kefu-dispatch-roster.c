/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-roster.c — who works when and where: shifts and their exceptions,
 * the technician search, technicians and teams */
#include "config.h"

#include "kefu-dispatch-private.h"

/* Shifts -------------------------------------------------------------------- */

const char *
kefu_technician_status_label (KefuTechnicianStatus status)
{
  switch (status)
    {
    case KEFU_TECHNICIAN_ON_SHIFT: return _("On shift");
    case KEFU_TECHNICIAN_ON_SITE: return _("On site");
    case KEFU_TECHNICIAN_OFF: default: return _("Off");
    }
}

void
kefu_dispatch_local_moment (gint64       at,
                            LocalMoment *m)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                                         g_date_time_get_day_of_month (dt), 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);
  g_autoptr(GDateTime) monday = g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (dt));

  m->weekday = g_date_time_get_day_of_week (dt);
  m->minute = g_date_time_get_hour (dt) * 60 + g_date_time_get_minute (dt);
  g_snprintf (m->date, sizeof m->date, "%04d-%02d-%02d", g_date_time_get_year (dt), g_date_time_get_month (dt),
              g_date_time_get_day_of_month (dt));
  m->day_start = g_date_time_to_unix (midnight);
  m->day_end = g_date_time_to_unix (next);
  m->week_start = g_date_time_to_unix (monday);
}

enum { BY_WEEKLY = 1, BY_LEAVE = 2, BY_EXTRA = 4 };

/* The set of technician ids on shift at @at: one query over the weekly
 * shifts of that weekday (and the night before's running past midnight)
 * and that date's exceptions. @only, when > 0, limits it to one technician. */
GHashTable *
kefu_dispatch_load_on_shift (KefuStore  *store,
                             gint64      at,
                             gint64      only,
                             GError    **error)
{
  g_autoptr(GHashTable) flags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTable *on = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT technician_id, 0, start_min, end_min FROM shifts WHERE weekday = ?1 AND (?4 <= 0 OR technician_id = ?4) "
      "UNION ALL SELECT technician_id, 1, start_min, end_min FROM shifts "
      "  WHERE weekday = ?2 AND end_min < start_min AND (?4 <= 0 OR technician_id = ?4) "
      "UNION ALL SELECT technician_id, CASE kind WHEN 'leave' THEN 2 ELSE 3 END, start_min, end_min "
      "  FROM shift_exceptions WHERE date = ?3 AND (?4 <= 0 OR technician_id = ?4)", error);
  LocalMoment m;
  GHashTableIter iter;
  gpointer key, value;
  KefuQueryStep rc;

  if (stmt == NULL)
    {
      g_hash_table_unref (on);
      return NULL;
    }
  kefu_dispatch_local_moment (at, &m);
  kefu_query_bind_int (stmt, 1, m.weekday);
  kefu_query_bind_int (stmt, 2, m.weekday == 1 ? 7 : m.weekday - 1);
  kefu_query_bind_text (stmt, 3, m.date);
  kefu_query_bind_int (stmt, 4, only);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 tech = kefu_query_get_int (stmt, 0);
      int kind = kefu_query_get_int (stmt, 1);
      gboolean whole_day = kefu_query_is_null (stmt, 2) || kefu_query_is_null (stmt, 3);
      int start = kefu_query_get_int (stmt, 2), end = kefu_query_get_int (stmt, 3);
      gboolean covers;
      guint bit;

      switch (kind)
        {
        case ROW_WEEKLY:
          covers = start < end ? m.minute >= start && m.minute < end : m.minute >= start;
          bit = BY_WEEKLY;
          break;
        case ROW_OVERNIGHT:
          covers = m.minute < end;
          bit = BY_WEEKLY;
          break;
        default:
          covers = whole_day || (m.minute >= start && m.minute < end);
          bit = kind == ROW_LEAVE ? BY_LEAVE : BY_EXTRA;
          break;
        }
      if (covers)
        {
          gint64 *k = g_memdup2 (&tech, sizeof tech);
          guint old = GPOINTER_TO_UINT (g_hash_table_lookup (flags, &tech));
          g_hash_table_replace (flags, k, GUINT_TO_POINTER (old | bit));
        }
    }
  if (rc == KEFU_QUERY_FAILED)
    {
      g_hash_table_unref (on);
      return NULL;
    }
  /* leave removes the weekly shift; an extra shift adds time even then */
  g_hash_table_iter_init (&iter, flags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint f = GPOINTER_TO_UINT (value);
      if ((f & BY_EXTRA) || ((f & BY_WEEKLY) && !(f & BY_LEAVE)))
        g_hash_table_add (on, g_memdup2 (key, sizeof (gint64)));
    }
  return on;
}

gboolean
kefu_dispatch_is_on_shift (KefuStore  *store,
                           gint64      technician_id,
                           gint64      at,
                           GError    **error)
{
  g_autoptr(GHashTable) on = kefu_dispatch_load_on_shift (store, at > 0 ? at : kefu_store_now (store), technician_id, error);

  return on != NULL && g_hash_table_contains (on, &technician_id);
}

void
kefu_team_member_free (KefuTeamMember *member)
{
  if (member == NULL)
    return;
  g_free (member->name);
  g_free (member);
}

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const KefuTeamMember *x = *(KefuTeamMember * const *) a;
  const KefuTeamMember *y = *(KefuTeamMember * const *) b;

  if (x->on_shift != y->on_shift)
    return x->on_shift ? -1 : 1;
  if (x->open_jobs != y->open_jobs)
    return x->open_jobs < y->open_jobs ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

GPtrArray *
kefu_dispatch_list_team_members (KefuStore  *store,
                                 gint64      team_id,
                                 gint64      at,
                                 GError    **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_team_member_free);
  g_autoptr(GHashTable) on = kefu_dispatch_load_on_shift (store, at > 0 ? at : kefu_store_now (store), 0, error);
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep rc;

  if (on == NULL)
    return NULL;
  stmt = kefu_query_prepare (store,
      "SELECT tc.id, tc.name, coalesce(o.n, 0), coalesce(o.on_site, 0) FROM technicians tc "
      "LEFT JOIN (SELECT technician_id, count(*) AS n, sum(status = 'on_site') AS on_site FROM tickets "
      "           WHERE status IN (" ASSIGNED_STATES ") AND technician_id IS NOT NULL GROUP BY technician_id) o "
      "  ON o.technician_id = tc.id "
      "WHERE tc.active <> 0 AND (tc.team_id = ?1 OR tc.id IN (SELECT technician_id FROM technician_teams WHERE team_id = ?1))",
      error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, team_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuTeamMember *m = g_new0 (KefuTeamMember, 1);

      m->id = kefu_query_get_int (stmt, 0);
      m->name = g_strdup (kefu_query_get_text (stmt, 1));
      m->open_jobs = kefu_query_get_int (stmt, 2);
      m->on_shift = g_hash_table_contains (on, &m->id);
      m->status = kefu_query_get_int (stmt, 3) > 0 ? KEFU_TECHNICIAN_ON_SITE
                : m->on_shift ? KEFU_TECHNICIAN_ON_SHIFT : KEFU_TECHNICIAN_OFF;
      g_ptr_array_add (members, m);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  g_ptr_array_sort (members, compare_members);
  return g_steal_pointer (&members);
}

char *
kefu_team_member_describe (const KefuTeamMember *member)
{
  g_autofree char *jobs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open job", "%u open jobs", member->open_jobs),
                                           member->open_jobs);
  const char *state;

  if (member->status == KEFU_TECHNICIAN_ON_SITE)
    state = member->on_shift ? _("On site, on shift") : _("On site, off shift");
  else
    state = kefu_technician_status_label (member->status);
  /* Translators: a technician in the Dispatch dialog: name, state, open jobs,
   * e.g. "李师傅 · On shift · 2 open jobs" */
  return g_strdup_printf (_("%s · %s · %s"), member->name, state, jobs);
}

/* The search ------------------------------------------------------------------ */

static void
append_search_forms (GString    *out,
                     const char *name)
{
  g_autofree char *lower = NULL;
  g_autofree char *full = NULL;
  g_autofree char *initials = NULL;

  if (name == NULL || *name == '\0')
    return;
  lower = g_utf8_strdown (name, -1);
  full = kefu_pinyin (name, FALSE);
  initials = kefu_pinyin (name, TRUE);
  g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "", lower);
  if (full != NULL && *full != '\0')
    g_string_append_printf (out, "\n%s", full);
  if (initials != NULL && *initials != '\0')
    g_string_append_printf (out, "\n%s", initials);
}

char *
kefu_dispatch_search_text (const char *technician,
                           const char *team)
{
  GString *out = g_string_new (NULL);

  append_search_forms (out, technician);
  append_search_forms (out, team);
  return g_string_free (out, FALSE);
}

gboolean
kefu_dispatch_search_matches (const char *haystack,
                              const char *text)
{
  g_autofree char *needle = NULL;
  g_autoptr(GString) key = g_string_new (NULL);

  if (text == NULL)
    return TRUE;
  needle = g_utf8_strdown (text, -1);
  g_strstrip (needle);
  if (*needle == '\0')
    return TRUE;
  if (haystack == NULL)
    return FALSE;
  if (strstr (haystack, needle) != NULL)
    return TRUE;
  /* "li shi fu", "LSF": pinyin as typed, without spaces */
  return kefu_pinyin_query (needle, key) && strstr (haystack, key->str) != NULL;
}

/* Technicians' settings ------------------------------------------------------ */

/* Runs @sql once, binding the arguments in order by @types: 'x' a gint64
 * (0 or less binds NULL), 'i' an int, 's' a string (NULL or empty binds
 * NULL). With @out, the first column of the first row (0 without a row). */
static gboolean
run_va (KefuStore   *store,
        GError     **error,
        gint64      *out,
        const char  *sql,
        const char  *types,
        va_list      args)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);
  KefuQueryStep rc;

  if (stmt == NULL)
    return FALSE;
  for (int i = 0; types[i] != '\0'; i++)
    {
      switch (types[i])
        {
        case 'x': kefu_query_bind_id (stmt, i + 1, va_arg (args, gint64)); break;
        case 'i': kefu_query_bind_int (stmt, i + 1, va_arg (args, int)); break;
        case 's': kefu_query_bind_text_or_null (stmt, i + 1, va_arg (args, const char *)); break;
        default: g_assert_not_reached ();
        }
    }
  rc = kefu_query_step (store, stmt, error);
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  if (out != NULL)
    *out = rc == KEFU_QUERY_ROW ? kefu_query_get_int (stmt, 0) : 0;
  return TRUE;
}

static gboolean
run (KefuStore   *store,
     GError     **error,
     const char  *sql,
     const char  *types,
     ...)
{
  va_list args;
  gboolean ok;

  va_start (args, types);
  ok = run_va (store, error, NULL, sql, types, args);
  va_end (args);
  return ok;
}

/* -1 on an error */
static gint64
query_int (KefuStore   *store,
           GError     **error,
           const char  *sql,
           const char  *types,
           ...)
{
  va_list args;
  gint64 value = 0;
  gboolean ok;

  va_start (args, types);
  ok = run_va (store, error, &value, sql, types, args);
  va_end (args);
  return ok ? value : -1;
}

/* The technician's name, or NULL with an error when there is none. */
static char *
technician_name (KefuStore  *store,
                 gint64      technician_id,
                 GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT name FROM technicians WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, technician_id);
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND, _("Technician %lld no longer exists."),
                            (long long) technician_id))
    return NULL;
  return g_strdup (kefu_query_get_text (stmt, 0));
}

char *
kefu_dispatch_team_name (KefuStore  *store,
                         gint64      team_id,
                         GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT name FROM teams WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, team_id);
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND, _("Team %lld no longer exists."),
                            (long long) team_id))
    return NULL;
  return g_strdup (kefu_query_get_text (stmt, 0));
}

static const char *
weekday_label (int weekday)
{
  static const char *names[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                                 N_("Saturday"), N_("Sunday") };
  return weekday >= 1 && weekday <= 7 ? _(names[weekday - 1]) : "?";
}

/* "08:00–12:00", for messages and the audit log */
static char *
format_span (int from_min,
             int to_min)
{
  g_autofree char *a = kefu_dispatch_format_minute (from_min);
  g_autofree char *b = kefu_dispatch_format_minute (to_min);

  return g_strdup_printf ("%s–%s", a, b);
}

/* "2026-12-01", or NULL with an error */
static char *
canonical_date (const char  *date,
                GError     **error)
{
  int y = 0, m = 0, d = 0;

  if (date == NULL || sscanf (date, "%d-%d-%d", &y, &m, &d) != 3 || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31
      || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Leave or extra shift: “%s” is not a date like 2026-12-01."),
                   date != NULL ? date : "");
      return NULL;
    }
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* A comma list of valid sub-type codes, each once; or NULL with an error
 * naming the unknown one (in a technician's @skills or a team's sub-types). */
static char *
clean_subtypes (const char  *codes,
                gboolean     skills,
                GError     **error)
{
  g_auto(GStrv) items = g_strsplit_set (codes != NULL ? codes : "", ",，、 ", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GString *clean = g_string_new (NULL);

  for (guint i = 0; items[i] != NULL; i++)
    {

      if (*items[i] == '\0')
        continue;
      if (!kefu_code_is_valid (KEFU_CODES_SUBTYPE, items[i]))
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       skills ? _("Technician's skills: “%s” is not a ticket sub-type code.")
                              : _("Team's sub-types: “%s” is not a ticket sub-type code."), items[i]);
          g_string_free (clean, TRUE);
          return NULL;
        }
      if (!g_hash_table_add (seen, items[i]))
        continue;
      g_string_append_printf (clean, "%s%s", clean->len > 0 ? "," : "", items[i]);
    }
  return g_string_free (clean, FALSE);
}

void
kefu_shift_exception_free (KefuShiftException *x)
{
  if (x == NULL)
    return;
  g_free (x->date);
  g_free (x->kind);
  g_free (x->note);
  g_free (x);
}

void
kefu_technician_schedule_free (KefuTechnicianSchedule *s)
{
  if (s == NULL)
    return;
  g_free (s->name);
  g_free (s->team_name);
  g_free (s->phone);
  g_free (s->skills);
  g_clear_pointer (&s->other_teams, g_array_unref);
  g_clear_pointer (&s->buildings, g_array_unref);
  g_clear_pointer (&s->shifts, g_array_unref);
  g_clear_pointer (&s->exceptions, g_ptr_array_unref);
  g_free (s);
}

GPtrArray *
kefu_dispatch_list_schedules (KefuStore   *store,
                              const char  *from_date,
                              GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_technician_schedule_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  KEFU_AUTO_QUERY *techs = kefu_query_prepare (store,
      "SELECT tc.id, tc.name, tc.team_id, tm.name, tc.phone, tc.skills, tc.active FROM technicians tc "
      "JOIN teams tm ON tm.id = tc.team_id ORDER BY tc.active = 0, tm.is_contractor, tm.id, tc.id", error);
  KEFU_AUTO_QUERY *shifts = NULL;
  KEFU_AUTO_QUERY *links = NULL;
  KEFU_AUTO_QUERY *exceptions = NULL;
  KefuQueryStep rc;

  if (techs == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, techs, error)) == KEFU_QUERY_ROW)
    {
      KefuTechnicianSchedule *s = g_new0 (KefuTechnicianSchedule, 1);

      s->id = kefu_query_get_int (techs, 0);
      s->name = g_strdup (kefu_query_get_text (techs, 1));
      s->team_id = kefu_query_get_int (techs, 2);
      s->team_name = g_strdup (kefu_query_get_text (techs, 3));
      s->phone = g_strdup (kefu_query_get_text (techs, 4));
      s->skills = g_strdup (kefu_query_get_text (techs, 5));
      s->active = kefu_query_get_int (techs, 6) != 0;
      for (int d = 0; d < 7; d++)
        s->shift_from[d] = s->shift_to[d] = -1;
      s->other_teams = g_array_new (FALSE, FALSE, sizeof (gint64));
      s->buildings = g_array_new (FALSE, FALSE, sizeof (gint64));
      s->shifts = g_array_new (FALSE, FALSE, sizeof (KefuShift));
      s->exceptions = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_shift_exception_free);
      g_ptr_array_add (list, s);
      g_hash_table_insert (by_id, &s->id, s);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;

  shifts = kefu_query_prepare (store,
      "SELECT technician_id, id, weekday, start_min, end_min FROM shifts ORDER BY weekday, start_min, id", error);
  if (shifts == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, shifts, error)) == KEFU_QUERY_ROW)
    {
      gint64 tech = kefu_query_get_int (shifts, 0);
      KefuTechnicianSchedule *s = g_hash_table_lookup (by_id, &tech);
      KefuShift shift;

      shift.id = kefu_query_get_int (shifts, 1);
      shift.weekday = kefu_query_get_int (shifts, 2);
      shift.from_min = kefu_query_get_int (shifts, 3);
      shift.to_min = kefu_query_get_int (shifts, 4);
      if (s == NULL || shift.weekday < 1 || shift.weekday > 7)
        continue;
      g_array_append_val (s->shifts, shift);
      if (s->shift_from[shift.weekday - 1] < 0)
        {
          s->shift_from[shift.weekday - 1] = shift.from_min;
          s->shift_to[shift.weekday - 1] = shift.to_min;
        }
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;

  /* 0: another team; 1: a building */
  links = kefu_query_prepare (store,
      "SELECT technician_id, 0, x.team_id FROM technician_teams x JOIN teams tm ON tm.id = x.team_id "
      "UNION ALL SELECT technician_id, 1, building_id FROM technician_buildings ORDER BY 2, 3", error);
  if (links == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, links, error)) == KEFU_QUERY_ROW)
    {
      gint64 tech = kefu_query_get_int (links, 0);
      gint64 id = kefu_query_get_int (links, 2);
      KefuTechnicianSchedule *s = g_hash_table_lookup (by_id, &tech);

      if (s != NULL)
        g_array_append_val (kefu_query_get_int (links, 1) == 0 ? s->other_teams : s->buildings, id);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;

  exceptions = kefu_query_prepare (store,
      "SELECT id, technician_id, date, kind, start_min, end_min, note, coalesce(swap_id, 0) FROM shift_exceptions "
      "WHERE date >= ?1 ORDER BY date, coalesce(start_min, -1), id", error);
  if (exceptions == NULL)
    return NULL;
  kefu_query_bind_text (exceptions, 1, from_date != NULL ? from_date : "");
  while ((rc = kefu_query_step (store, exceptions, error)) == KEFU_QUERY_ROW)
    {
      gint64 tech = kefu_query_get_int (exceptions, 1);
      KefuTechnicianSchedule *s = g_hash_table_lookup (by_id, &tech);
      KefuShiftException *x;
      gboolean whole_day = kefu_query_is_null (exceptions, 4) || kefu_query_is_null (exceptions, 5);

      if (s == NULL)
        continue;
      x = g_new0 (KefuShiftException, 1);
      x->id = kefu_query_get_int (exceptions, 0);
      x->date = g_strdup (kefu_query_get_text (exceptions, 2));
      x->kind = g_strdup (kefu_query_get_text (exceptions, 3));
      x->from_min = whole_day ? -1 : kefu_query_get_int (exceptions, 4);
      x->to_min = whole_day ? -1 : kefu_query_get_int (exceptions, 5);
      x->note = g_strdup (kefu_query_get_text (exceptions, 6));
      x->swap_id = kefu_query_get_int (exceptions, 7);
      g_ptr_array_add (s->exceptions, x);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

static gboolean
check_times (int          from_min,
             int          to_min,
             gboolean     may_wrap,
             GError     **error)
{
  if (from_min < 0 || from_min > 1440 || to_min < 0 || to_min > 1440 || from_min == to_min
      || (!may_wrap && to_min < from_min) || (may_wrap && from_min == 1440))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   may_wrap ? _("Shift times: the start and the end must be different times of day between 00:00 and 24:00.")
                            : _("Exception times: the end must come after the start, between 00:00 and 24:00."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_weekday (int      weekday,
               GError **error)
{
  if (weekday < 1 || weekday > 7)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Shift: weekday %d is not between 1 (Monday) and 7 (Sunday)."),
                   weekday);
      return FALSE;
    }
  return TRUE;
}

gboolean
kefu_dispatch_set_shift (KefuStore   *store,
                         gint64       technician_id,
                         int          weekday,
                         int          from_min,
                         int          to_min,
                         GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *name = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || !check_weekday (weekday, error))
    return FALSE;
  if (from_min >= 0 && !check_times (from_min, to_min, TRUE, error))
    return FALSE;
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  ok = (name = technician_name (store, technician_id, error)) != NULL
       && run (store, error, "DELETE FROM shifts WHERE technician_id = ?1 AND weekday = ?2", "xi", technician_id, weekday)
       && (from_min < 0
           || run (store, error, "INSERT INTO shifts (technician_id, weekday, start_min, end_min) VALUES (?1, ?2, ?3, ?4)", "xiii",
                   technician_id, weekday, from_min, to_min));
  if (ok)
    {
      g_autofree char *span = from_min >= 0 ? format_span (from_min, to_min) : g_strdup ("off");
      detail = g_strdup_printf ("%s: weekday %d %s", name, weekday, span);
      ok = kefu_dispatch_audit (store, "set_shift", "technicians", technician_id, detail, error);
    }
  return kefu_transaction_end (tx, ok, error);
}

/* A shift on the week's line of minutes, Monday 00:00 = 0. */
#define WEEK_MINUTES (7 * 1440)

static void
week_span (int  weekday,
           int  from_min,
           int  to_min,
           int *start,
           int *end)
{
  *start = (weekday - 1) * 1440 + from_min;
  *end = (weekday - 1) * 1440 + (to_min > from_min ? to_min : 1440 + to_min);
}

gint64
kefu_dispatch_add_shift (KefuStore   *store,
                         gint64       technician_id,
                         int          weekday,
                         int          from_min,
                         int          to_min,
                         GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *others = NULL;
  g_autofree char *name = NULL;
  gint64 id = 0;
  int start, end;
  KefuQueryStep rc;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || !check_weekday (weekday, error) || !check_times (from_min, to_min, TRUE, error))
    return 0;
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return 0;
  ok = (name = technician_name (store, technician_id, error)) != NULL
       && (others = kefu_query_prepare (store, "SELECT weekday, start_min, end_min FROM shifts WHERE technician_id = ?1", error)) != NULL;
  week_span (weekday, from_min, to_min, &start, &end);
  if (ok)
    {
      kefu_query_bind_int (others, 1, technician_id);
      while (ok && (rc = kefu_query_step (store, others, error)) == KEFU_QUERY_ROW)
        {
          int day = kefu_query_get_int (others, 0), s = kefu_query_get_int (others, 1), e = kefu_query_get_int (others, 2);
          int o_start, o_end;

          week_span (day, s, e, &o_start, &o_end);
          /* the week wraps: Sunday night runs into Monday morning */
          for (int k = -1; k <= 1; k++)
            if (start < o_end + k * WEEK_MINUTES && o_start + k * WEEK_MINUTES < end)
              {
                g_autofree char *mine = format_span (from_min, to_min);
                g_autofree char *theirs = format_span (s, e);

                g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                             _("The shift %s on %s overlaps %s’s shift %s on %s."),
                             mine, weekday_label (weekday), name, theirs, weekday_label (day));
                ok = FALSE;
                break;
              }
        }
      if (ok && rc == KEFU_QUERY_FAILED)
        ok = FALSE;
    }
  if (ok)
    ok = run (store, error, "INSERT INTO shifts (technician_id, weekday, start_min, end_min) VALUES (?1, ?2, ?3, ?4)", "xiii",
              technician_id, weekday, from_min, to_min);
  if (ok)
    {
      g_autofree char *span = format_span (from_min, to_min);
      g_autofree char *detail = g_strdup_printf ("%s: weekday %d %s", name, weekday, span);

      id = kefu_query_last_id (store);
      ok = kefu_dispatch_audit (store, "add_shift", "technicians", technician_id, detail, error);
    }
  if (!kefu_transaction_end (tx, ok, error))
    return 0;
  return id;
}

gboolean
kefu_dispatch_remove_shift (KefuStore  *store,
                            gint64      shift_id,
                            GError    **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *detail = NULL;
  gint64 technician_id = 0;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  stmt = kefu_query_prepare (store,
      "SELECT s.technician_id, tc.name, s.weekday, s.start_min, s.end_min FROM shifts s "
      "JOIN technicians tc ON tc.id = s.technician_id WHERE s.id = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, shift_id);
      ok = kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND, _("This shift no longer exists."));
      if (ok)
        {
          g_autofree char *span = format_span (kefu_query_get_int (stmt, 3), kefu_query_get_int (stmt, 4));

          technician_id = kefu_query_get_int (stmt, 0);
          detail = g_strdup_printf ("%s: weekday %d %s", kefu_query_get_text (stmt, 1), (int) kefu_query_get_int (stmt, 2), span);
        }
    }
  ok = ok && run (store, error, "DELETE FROM shifts WHERE id = ?1", "x", shift_id)
       && kefu_dispatch_audit (store, "remove_shift", "technicians", technician_id, detail, error);
  return kefu_transaction_end (tx, ok, error);
}

static gint64
insert_exception (KefuStore   *store,
                  gint64       technician_id,
                  const char  *date,
                  const char  *kind,
                  int          from_min,
                  int          to_min,
                  const char  *note,
                  gint64       swap_id,
                  GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "INSERT INTO shift_exceptions (technician_id, date, kind, start_min, end_min, note, swap_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      error);

  if (stmt == NULL)
    return 0;
  kefu_query_bind_int (stmt, 1, technician_id);
  kefu_query_bind_text (stmt, 2, date);
  kefu_query_bind_text (stmt, 3, kind);
  if (from_min >= 0)
    {
      kefu_query_bind_int (stmt, 4, from_min);
      kefu_query_bind_int (stmt, 5, to_min);
    }
  else
    {
      kefu_query_bind_null (stmt, 4);
      kefu_query_bind_null (stmt, 5);
    }
  kefu_query_bind_text_or_null (stmt, 6, note);
  kefu_query_bind_id (stmt, 7, swap_id);
  if (!kefu_query_run (store, stmt, error))
    return 0;
  return kefu_query_last_id (store);
}

gint64
kefu_dispatch_add_exception (KefuStore   *store,
                             gint64       technician_id,
                             const char  *date,
                             const char  *kind,
                             int          from_min,
                             int          to_min,
                             const char  *note,
                             GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *clean_note = g_strstrip (g_strdup (note != NULL ? note : ""));
  g_autofree char *canonical = NULL;
  g_autofree char *name = NULL;
  gint64 id = 0;

  if (!kefu_dispatch_may_dispatch (store, error))
    return 0;
  if ((canonical = canonical_date (date, error)) == NULL)
    return 0;
  if (g_strcmp0 (kind, "leave") != 0 && g_strcmp0 (kind, "extra") != 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Shift exception: the kind must be leave or extra shift."));
      return 0;
    }
  if (from_min >= 0 && !check_times (from_min, to_min, FALSE, error))
    return 0;
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return 0;
  if ((name = technician_name (store, technician_id, error)) != NULL
      && (id = insert_exception (store, technician_id, canonical, kind, from_min, to_min, clean_note, 0, error)) > 0)
    {
      g_autofree char *span = from_min >= 0 ? format_span (from_min, to_min) : g_strdup ("whole day");
      g_autofree char *detail = g_strdup_printf ("%s: %s %s %s%s%s", name, kind, canonical, span,
                                                 *clean_note != '\0' ? " · " : "", clean_note);

      if (!kefu_dispatch_audit (store, "add_exception", "technicians", technician_id, detail, error))
        id = 0;
    }
  if (!kefu_transaction_end (tx, id > 0, error))
    return 0;
  return id;
}

gboolean
kefu_dispatch_remove_exception (KefuStore   *store,
                                gint64       exception_id,
                                GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *detail = NULL;
  gint64 technician_id = 0, swap_id = 0;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  stmt = kefu_query_prepare (store,
      "SELECT x.technician_id, tc.name, x.kind, x.date, coalesce(x.swap_id, 0) FROM shift_exceptions x "
      "JOIN technicians tc ON tc.id = x.technician_id WHERE x.id = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, exception_id);
      ok = kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND,
                                _("This leave or extra shift no longer exists."));
      if (ok)
        {
          technician_id = kefu_query_get_int (stmt, 0);
          swap_id = kefu_query_get_int (stmt, 4);
          detail = g_strdup_printf ("%s: %s %s%s", kefu_query_get_text (stmt, 1),
                                    swap_id > 0 ? "swap" : kefu_query_get_text (stmt, 2), kefu_query_get_text (stmt, 3),
                                    swap_id > 0 ? " (the whole swap)" : "");
        }
    }
  /* a swap goes as one: the leave and the extra shifts it linked */
  ok = ok && run (store, error, "DELETE FROM shift_exceptions WHERE id = ?1 OR swap_id = ?2", "xx", exception_id, swap_id);
  return kefu_transaction_end (tx,
                            ok && kefu_dispatch_audit (store, swap_id > 0 ? "remove_swap" : "remove_exception",
                                                       "technicians", technician_id, detail, error),
                            error);
}

/* The date after @date ("YYYY-MM-DD", valid) */
static char *
next_date (const char *date)
{
  int y, m, d;
  g_autoptr(GDate) day = NULL;
  char buf[11];

  sscanf (date, "%d-%d-%d", &y, &m, &d);
  day = g_date_new_dmy (d, m, y);
  g_date_add_days (day, 1);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", day);
  return g_strdup (buf);
}

gint64
kefu_dispatch_swap_shift (KefuStore   *store,
                          gint64       technician_id,
                          gint64       with_id,
                          const char  *date,
                          GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *shifts = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *tomorrow = NULL;
  g_autofree char *name = NULL;
  g_autofree char *with = NULL;
  g_autofree char *note_a = NULL;
  g_autofree char *note_b = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (int));
  gint64 swap_id = 0;
  gboolean ok;
  int y, m, d, weekday;
  KefuQueryStep rc;

  if (!kefu_dispatch_may_dispatch (store, error) || (canonical = canonical_date (date, error)) == NULL)
    return 0;
  if (technician_id == with_id)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Swap shift: choose another technician to work the shift."));
      return 0;
    }
  sscanf (canonical, "%d-%d-%d", &y, &m, &d);
  {
    g_autoptr(GDate) day = g_date_new_dmy (d, m, y);
    weekday = g_date_get_weekday (day);   /* G_DATE_MONDAY = 1 … G_DATE_SUNDAY = 7 */
  }
  tomorrow = next_date (canonical);
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return 0;
  ok = (name = technician_name (store, technician_id, error)) != NULL
       && (with = technician_name (store, with_id, error)) != NULL;
  if (ok && query_int (store, error, "SELECT active FROM technicians WHERE id = ?1", "x", with_id) != 1)
    {
      g_clear_error (error);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Swap shift: %s is deactivated."), with);
      ok = FALSE;
    }
  if (ok)
    {
      shifts = kefu_query_prepare (store,
          "SELECT start_min, end_min FROM shifts WHERE technician_id = ?1 AND weekday = ?2 ORDER BY start_min", error);
      ok = shifts != NULL;
    }
  if (ok)
    {
      kefu_query_bind_int (shifts, 1, technician_id);
      kefu_query_bind_int (shifts, 2, weekday);
      while ((rc = kefu_query_step (store, shifts, error)) == KEFU_QUERY_ROW)
        {
          int s = kefu_query_get_int (shifts, 0), e = kefu_query_get_int (shifts, 1);
          g_array_append_val (spans, s);
          g_array_append_val (spans, e);
        }
      if (rc == KEFU_QUERY_FAILED)
        ok = FALSE;
      else if (spans->len == 0)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Swap shift: %s has no shift on %s (%s) to swap."),
                       name, canonical, weekday_label (weekday));
          ok = FALSE;
        }
    }
  /* Translators: the note on both sides of a swapped shift (调班); %s is the other technician */
  note_a = g_strdup_printf (_("Shift swap with %s"), with);
  note_b = g_strdup_printf (_("Shift swap with %s"), name);
  for (guint i = 0; ok && i < spans->len; i += 2)
    {
      int s = g_array_index (spans, int, i), e = g_array_index (spans, int, i + 1);
      /* a shift past midnight is the evening of the date and the morning after */
      struct { const char *date; int from, to; } pieces[2] = {
        { canonical, s, e > s ? e : 1440 },
        { tomorrow, 0, e > s ? 0 : e },
      };

      for (guint p = 0; ok && p < G_N_ELEMENTS (pieces); p++)
        {
          gint64 leave, extra;

          if (pieces[p].to <= pieces[p].from)
            continue;
          leave = insert_exception (store, technician_id, pieces[p].date, "leave", pieces[p].from, pieces[p].to, note_a, swap_id, error);
          if (leave > 0 && swap_id == 0)
            {
              swap_id = leave;
              ok = run (store, error, "UPDATE shift_exceptions SET swap_id = ?1 WHERE id = ?1", "x", swap_id);
            }
          extra = insert_exception (store, with_id, pieces[p].date, "extra", pieces[p].from, pieces[p].to, note_b, swap_id, error);
          ok = ok && leave > 0 && extra > 0;
        }
    }
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("%s → %s: %s", name, with, canonical);
      ok = kefu_dispatch_audit (store, "swap_shift", "technicians", technician_id, detail, error);
    }
  if (!kefu_transaction_end (tx, ok, error))
    return 0;
  return swap_id;
}

gboolean
kefu_dispatch_update_technician (KefuStore   *store,
                                 gint64       technician_id,
                                 const char  *phone,
                                 const char  *skills,
                                 GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *clean_phone = g_strstrip (g_strdup (phone != NULL ? phone : ""));
  g_autofree char *name = NULL;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (clean = clean_subtypes (skills, TRUE, error)) == NULL)
    return FALSE;
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  ok = (name = technician_name (store, technician_id, error)) != NULL
       && run (store, error, "UPDATE technicians SET phone = ?1, skills = coalesce(?2, '') WHERE id = ?3", "ssx",
               clean_phone, clean, technician_id);
  if (ok)
    {
      /* the phone number itself stays out of the audit log */
      g_autofree char *detail = g_strdup_printf ("%s: phone %s, skills %s", name, *clean_phone ? "set" : "-",
                                                 *clean ? clean : "-");
      ok = kefu_dispatch_audit (store, "update_technician", "technicians", technician_id, detail, error);
    }
  return kefu_transaction_end (tx, ok, error);
}

/* The name trimmed, or NULL with an error when it is empty. */
static char *
clean_name (const char  *name,
            const char  *empty_message,
            GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*clean == '\0')
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, empty_message);
      return NULL;
    }
  return g_steal_pointer (&clean);
}

gint64
kefu_dispatch_add_technician (KefuStore   *store,
                              const char  *name,
                              const char  *phone,
                              gint64       team_id,
                              GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *clean_phone = g_strstrip (g_strdup (phone != NULL ? phone : ""));
  g_autofree char *team = NULL;
  gint64 id = 0;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (clean = clean_name (name, _("Give the technician a name."), error)) == NULL)
    return 0;
  if (team_id <= 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Choose the technician’s team."));
      return 0;
    }
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return 0;
  ok = (team = kefu_dispatch_team_name (store, team_id, error)) != NULL
       && run (store, error, "INSERT INTO technicians (name, phone, team_id) VALUES (?1, ?2, ?3)", "ssx", clean, clean_phone, team_id);
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("%s, %s", clean, team);

      id = kefu_query_last_id (store);
      ok = kefu_dispatch_audit (store, "add_technician", "technicians", id, detail, error);
    }
  if (!kefu_transaction_end (tx, ok, error))
    return 0;
  return id;
}

gboolean
kefu_dispatch_rename_technician (KefuStore   *store,
                                 gint64       technician_id,
                                 const char  *name,
                                 GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *old = NULL;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (clean = clean_name (name, _("Give the technician a name."), error)) == NULL)
    return FALSE;
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  ok = (old = technician_name (store, technician_id, error)) != NULL
       && run (store, error, "UPDATE technicians SET name = ?1 WHERE id = ?2", "sx", clean, technician_id);
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("%s → %s", old, clean);
      ok = kefu_dispatch_audit (store, "rename_technician", "technicians", technician_id, detail, error);
    }
  return kefu_transaction_end (tx, ok, error);
}

gboolean
kefu_dispatch_set_technician_active (KefuStore  *store,
                                     gint64      technician_id,
                                     gboolean    active,
                                     GError    **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *name = NULL;
  gint64 open = 0;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  ok = (name = technician_name (store, technician_id, error)) != NULL;
  if (ok && !active)
    {
      open = query_int (store, error, "SELECT count(*) FROM tickets WHERE technician_id = ?1 AND status IN (" ASSIGNED_STATES ")",
                        "x", technician_id);
      ok = open >= 0;
      if (open > 0)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE, "%s still has %u open job: give it to someone else on the board first.",
                                    "%s still has %u open jobs: give them to someone else on the board first.", (gulong) open),
                       name, (guint) open);
          ok = FALSE;
        }
    }
  ok = ok && run (store, error, "UPDATE technicians SET active = ?1 WHERE id = ?2", "ix", active != 0, technician_id)
       && kefu_dispatch_audit (store, active ? "activate_technician" : "deactivate_technician", "technicians", technician_id, name, error);
  return kefu_transaction_end (tx, ok, error);
}

gboolean
kefu_dispatch_set_technician_teams (KefuStore     *store,
                                    gint64         technician_id,
                                    gint64         team_id,
                                    const gint64  *other_teams,
                                    guint          n_other_teams,
                                    GError       **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  ok = (name = technician_name (store, technician_id, error)) != NULL;
  if (ok)
    {
      g_autofree char *primary = kefu_dispatch_team_name (store, team_id, error);

      ok = primary != NULL;
      if (ok)
        g_string_printf (detail, "%s: %s", name, primary);
    }
  ok = ok && run (store, error, "UPDATE technicians SET team_id = ?1 WHERE id = ?2", "xx", team_id, technician_id)
       && run (store, error, "DELETE FROM technician_teams WHERE technician_id = ?1", "x", technician_id);
  for (guint i = 0; ok && i < n_other_teams; i++)
    {
      g_autofree char *other = NULL;

      if (other_teams[i] == team_id)
        continue;
      ok = (other = kefu_dispatch_team_name (store, other_teams[i], error)) != NULL
           && run (store, error, "INSERT OR IGNORE INTO technician_teams (technician_id, team_id) VALUES (?1, ?2)", "xx",
                   technician_id, other_teams[i]);
      if (ok)
        g_string_append_printf (detail, ", %s", other);
    }
  ok = ok && kefu_dispatch_audit (store, "set_technician_teams", "technicians", technician_id, detail->str, error);
  return kefu_transaction_end (tx, ok, error);
}

gboolean
kefu_dispatch_set_technician_buildings (KefuStore     *store,
                                        gint64         technician_id,
                                        const gint64  *buildings,
                                        guint          n_buildings,
                                        GError       **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  ok = (name = technician_name (store, technician_id, error)) != NULL
       && run (store, error, "DELETE FROM technician_buildings WHERE technician_id = ?1", "x", technician_id);
  if (ok)
    g_string_printf (detail, "%s:", name);
  for (guint i = 0; ok && i < n_buildings; i++)
    {
      KEFU_AUTO_QUERY *building = kefu_query_prepare (store, "SELECT name FROM buildings WHERE id = ?1", error);

      ok = building != NULL;
      if (ok)
        {
          kefu_query_bind_int (building, 1, buildings[i]);
          if (!kefu_query_step_one (store, building, error, KEFU_STORE_ERROR_NOT_FOUND,
                                    _("Building %lld no longer exists."), (long long) buildings[i]))
            ok = FALSE;
          else
            g_string_append_printf (detail, " %s", kefu_query_get_text (building, 0));
        }
      ok = ok && run (store, error, "INSERT OR IGNORE INTO technician_buildings (technician_id, building_id) VALUES (?1, ?2)", "xx",
                      technician_id, buildings[i]);
    }
  ok = ok && kefu_dispatch_audit (store, "set_technician_buildings", "technicians", technician_id, detail->str, error);
  return kefu_transaction_end (tx, ok, error);
}

GListStore *
kefu_dispatch_list_buildings (KefuStore  *store,
                              GError    **error)
{
  g_autoptr(GListStore) list = g_list_store_new (KEFU_TYPE_CHOICE);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT b.id, b.name, e.name FROM buildings b JOIN estates e ON e.id = b.estate_id "
      "ORDER BY e.id, CAST(b.name AS INTEGER), b.name, b.id", error);
  KefuQueryStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      g_autoptr(KefuChoice) c = kefu_choice_new (kefu_query_get_int (stmt, 0), kefu_query_get_text (stmt, 1),
                                                 kefu_query_get_text (stmt, 2));
      g_list_store_append (list, c);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

/* Teams ---------------------------------------------------------------------- */

void
kefu_team_free (KefuTeam *team)
{
  if (team == NULL)
    return;
  g_free (team->name);
  g_free (team->subtypes);
  g_free (team->suspended_reason);
  g_free (team);
}

GPtrArray *
kefu_dispatch_list_teams (KefuStore  *store,
                          GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_team_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT tm.id, tm.name, tm.subtypes, tm.is_contractor, tm.suspended, tm.suspended_reason, "
      "  (SELECT count(*) FROM technicians tc WHERE tc.active <> 0 AND (tc.team_id = tm.id "
      "     OR tc.id IN (SELECT technician_id FROM technician_teams x WHERE x.team_id = tm.id))), "
      "  (SELECT count(*) FROM tickets t WHERE t.team_id = tm.id AND t.status IN (" KEFU_OPEN_STATUSES ")) "
      "FROM teams tm ORDER BY tm.is_contractor, tm.id", error);
  KefuQueryStep rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuTeam *t = g_new0 (KefuTeam, 1);

      t->id = kefu_query_get_int (stmt, 0);
      t->name = g_strdup (kefu_query_get_text (stmt, 1));
      t->subtypes = g_strdup (kefu_query_get_text (stmt, 2) != NULL ? kefu_query_get_text (stmt, 2) : "");
      t->contractor = kefu_query_get_int (stmt, 3) != 0;
      t->suspended = kefu_query_get_int (stmt, 4) != 0;
      t->suspended_reason = g_strdup (kefu_query_get_text (stmt, 5));
      t->technicians = kefu_query_get_int (stmt, 6);
      t->open_tickets = kefu_query_get_int (stmt, 7);
      g_ptr_array_add (list, t);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

/* A team's name must be unique; @except is the team being renamed. */
static gboolean
check_team_name (KefuStore   *store,
                 const char  *name,
                 gint64       except,
                 GError     **error)
{
  gint64 other = query_int (store, error, "SELECT id FROM teams WHERE name = ?1 AND id IS NOT ?2", "sx", name, except);

  if (other > 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("There is already a team called “%s”."), name);
      return FALSE;
    }
  return other == 0;
}

gint64
kefu_dispatch_add_team (KefuStore   *store,
                        const char  *name,
                        const char  *subtypes,
                        gboolean     contractor,
                        GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *codes = NULL;
  gint64 id = 0;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (clean = clean_name (name, _("Give the team a name."), error)) == NULL
      || (codes = clean_subtypes (subtypes, FALSE, error)) == NULL)
    return 0;
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return 0;
  ok = check_team_name (store, clean, 0, error)
       && run (store, error, "INSERT INTO teams (name, subtypes, is_contractor) VALUES (?1, coalesce(?2, ''), ?3)", "ssi",
               clean, codes, contractor != 0);
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("%s: %s%s", clean, *codes ? codes : "-", contractor ? ", contractor" : "");

      id = kefu_query_last_id (store);
      ok = kefu_dispatch_audit (store, "add_team", "teams", id, detail, error);
    }
  if (!kefu_transaction_end (tx, ok, error))
    return 0;
  return id;
}

gboolean
kefu_dispatch_update_team (KefuStore   *store,
                           gint64       team_id,
                           const char  *name,
                           const char  *subtypes,
                           gboolean     contractor,
                           GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *old = NULL;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (clean = clean_name (name, _("Give the team a name."), error)) == NULL
      || (codes = clean_subtypes (subtypes, FALSE, error)) == NULL)
    return FALSE;
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  ok = (old = kefu_dispatch_team_name (store, team_id, error)) != NULL
       && check_team_name (store, clean, team_id, error)
       && run (store, error, "UPDATE teams SET name = ?1, subtypes = coalesce(?2, ''), is_contractor = ?3 WHERE id = ?4", "ssix",
               clean, codes, contractor != 0, team_id);
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("%s%s%s: %s%s", old, g_strcmp0 (old, clean) != 0 ? " → " : "",
                                                 g_strcmp0 (old, clean) != 0 ? clean : "", *codes ? codes : "-",
                                                 contractor ? ", contractor" : "");
      ok = kefu_dispatch_audit (store, "update_team", "teams", team_id, detail, error);
    }
  return kefu_transaction_end (tx, ok, error);
}

gboolean
kefu_dispatch_delete_team (KefuStore  *store,
                           gint64      team_id,
                           GError    **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *name = NULL;
  gint64 n;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  ok = (name = kefu_dispatch_team_name (store, team_id, error)) != NULL;
  /* each reason it must stay, in the order a dispatcher would clear them */
  if (ok && (n = query_int (store, error,
                            "SELECT count(*) FROM technicians tc WHERE tc.team_id = ?1 "
                            "OR (tc.active <> 0 AND tc.id IN (SELECT technician_id FROM technician_teams WHERE team_id = ?1))",
                            "x", team_id)) != 0)
    {
      if (n > 0)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE, "%s still has %u technician: move them to another team first.",
                                  "%s still has %u technicians: move them to another team first.", (gulong) n),
                     name, (guint) n);
      ok = FALSE;
    }
  if (ok && (n = query_int (store, error, "SELECT count(*) FROM tickets WHERE team_id = ?1 AND status IN (" KEFU_OPEN_STATUSES ")",
                            "x", team_id)) != 0)
    {
      if (n > 0)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE, "%s has %u open ticket: finish it or give it to another team first.",
                                  "%s has %u open tickets: finish them or give them to another team first.", (gulong) n),
                     name, (guint) n);
      ok = FALSE;
    }
  if (ok && (n = query_int (store, error, "SELECT count(*) FROM dispatch_rules WHERE team_id = ?1", "x", team_id)) != 0)
    {
      if (n > 0)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE, "%u dispatch rule sends jobs to %s: change or delete it first.",
                                  "%u dispatch rules send jobs to %s: change or delete them first.", (gulong) n),
                     (guint) n, name);
      ok = FALSE;
    }
  if (ok && (n = query_int (store, error,
                            "SELECT (SELECT count(*) FROM tickets WHERE team_id = ?1) "
                            "+ (SELECT count(*) FROM dispatch_moves WHERE from_team_id = ?1 OR to_team_id = ?1)",
                            "x", team_id)) != 0)
    {
      if (n > 0)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("%s handled past tickets, and their history names it: it cannot be deleted. Rename it instead."), name);
      ok = FALSE;
    }
  ok = ok && run (store, error, "DELETE FROM teams WHERE id = ?1", "x", team_id)
       && kefu_dispatch_audit (store, "delete_team", "teams", team_id, name, error);
  return kefu_transaction_end (tx, ok, error);
}
