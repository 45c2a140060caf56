/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-schedule.c — moving a cohort's plan: what its Gantt edits
 *
 * See kefu-cohort-schedule.h.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-auth.h"
#include "kefu-cohort-schedule.h"
#include "kefu-training-private.h"

static char *
day (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);
  return g_date_time_format (dt, "%Y-%m-%d");
}

static char *
moment (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

static gboolean
refuse (GError     **error,
        const char  *message)
{
  g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, message);
  return FALSE;
}

/* The cohort's name and dates. */
static gboolean
read_cohort (KefuStore  *store,
             gint64      cohort_id,
             char      **name,
             gint64     *starts_at,
             gint64     *ends_at,
             GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT name, starts_at, ends_at FROM cohorts WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, cohort_id);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no %s %lld."), _("cohort"),
                   (long long) cohort_id);
      return FALSE;
    }
  *name = g_strdup (kefu_query_get_text (stmt, 0));
  *starts_at = kefu_query_get_int (stmt, 1);
  *ends_at = kefu_query_get_int (stmt, 2);
  return TRUE;
}

/* A session from @start to @end must lie within the cohort's dates. */
static gboolean
check_session (const char  *topic,
               gint64       start,
               gint64       end,
               const char  *cohort,
               gint64       cohort_start,
               gint64       cohort_end,
               GError     **error)
{
  g_autofree char *when = moment (start);
  g_autofree char *message = NULL;

  if (end <= start)
    {
      message = g_strdup_printf (_("The session “%s” on %s would end before it starts."), topic, when);
      return refuse (error, message);
    }
  if (end - start > 24 * 3600)
    {
      message = g_strdup_printf (_("The session “%s” on %s would last more than 24 hours."), topic, when);
      return refuse (error, message);
    }
  if (start < cohort_start || end > cohort_end)
    {
      g_autofree char *from = day (cohort_start);
      g_autofree char *to = day (cohort_end - 1);
      message = g_strdup_printf (_("The session “%s” on %s would fall outside the dates of “%s” (%s to %s)."), topic, when,
                                 cohort, from, to);
      return refuse (error, message);
    }
  return TRUE;
}

gboolean
kefu_cohort_reschedule (KefuStore   *store,
                        gint64       cohort_id,
                        gint64       starts_at,
                        gint64       ends_at,
                        gboolean     move_sessions,
                        GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *detail = NULL;
  gint64 old_start, old_end, shift;
  gboolean ok = TRUE;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !read_cohort (store, cohort_id, &name, &old_start, &old_end, error))
    return FALSE;
  if (ends_at <= starts_at)
    {
      g_autofree char *from = day (starts_at);
      g_autofree char *to = day (ends_at - 1);
      g_autofree char *message = g_strdup_printf (_("The cohort “%s” must end after it starts (it would start %s and end %s)."),
                                                  name, from, to);
      return refuse (error, message);
    }
  shift = move_sessions ? starts_at - old_start : 0;
  if (!kefu_training_savepoint (store, error))
    return FALSE;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
        "SELECT id, coalesce(topic, ''), starts_at, hours FROM cohort_sessions WHERE cohort_id = ?1 ORDER BY starts_at, id", error);
    KEFU_AUTO_QUERY *move = kefu_query_prepare (store, "UPDATE cohort_sessions SET starts_at = starts_at + ?1 WHERE cohort_id = ?2",
                                               error);

    ok = stmt != NULL && move != NULL;
    if (ok)
      {
        kefu_query_bind_int (stmt, 1, cohort_id);
        while (ok && kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
          {
            gint64 start = kefu_query_get_int (stmt, 2) + shift;
            gint64 end = start + (gint64) (kefu_query_get_double (stmt, 3) * 3600 + 0.5);
            ok = check_session (kefu_query_get_text (stmt, 1), start, end, name, starts_at, ends_at, error);
          }
      }
    if (ok && shift != 0)
      {
        kefu_query_bind_int (move, 1, shift);
        kefu_query_bind_int (move, 2, cohort_id);
        ok = kefu_query_run (store, move, error);
      }
  }
  if (ok)
    {
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "UPDATE cohorts SET starts_at = ?1, ends_at = ?2 WHERE id = ?3", error);
      ok = stmt != NULL;
      if (ok)
        {
          kefu_query_bind_int (stmt, 1, starts_at);
          kefu_query_bind_int (stmt, 2, ends_at);
          kefu_query_bind_int (stmt, 3, cohort_id);
          ok = kefu_query_run (store, stmt, error);
        }
    }
  if (ok)
    {
      g_autofree char *from = day (starts_at);
      g_autofree char *to = day (ends_at - 1);
      detail = g_strdup_printf ("%s: %s – %s%s", name, from, to, shift != 0 ? " (sessions moved)" : "");
      ok = kefu_auth_audit (store, kefu_store_get_actor (store), "reschedule_cohort", "cohorts", cohort_id, detail, error);
    }
  return kefu_training_release (store, ok, error) && ok;
}

gboolean
kefu_session_reschedule (KefuStore   *store,
                         gint64       session_id,
                         gint64       starts_at,
                         gint64       ends_at,
                         GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *detail = NULL;
  gint64 cohort_id, cohort_start, cohort_end;
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return FALSE;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT cohort_id, coalesce(topic, '') FROM cohort_sessions WHERE id = ?1",
                                               error);
    if (stmt == NULL)
      return FALSE;
    kefu_query_bind_int (stmt, 1, session_id);
    if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no %s %lld."), _("session"),
                     (long long) session_id);
        return FALSE;
      }
    cohort_id = kefu_query_get_int (stmt, 0);
    topic = g_strdup (kefu_query_get_text (stmt, 1));
  }
  if (!read_cohort (store, cohort_id, &name, &cohort_start, &cohort_end, error) ||
      !check_session (topic, starts_at, ends_at, name, cohort_start, cohort_end, error) ||
      !kefu_training_savepoint (store, error))
    return FALSE;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "UPDATE cohort_sessions SET starts_at = ?1, hours = ?2 WHERE id = ?3", error);
    ok = stmt != NULL;
    if (ok)
      {
        kefu_query_bind_int (stmt, 1, starts_at);
        kefu_query_bind_double (stmt, 2, (ends_at - starts_at) / 3600.0);
        kefu_query_bind_int (stmt, 3, session_id);
        ok = kefu_query_run (store, stmt, error);
      }
  }
  if (ok)
    {
      g_autofree char *when = moment (starts_at);
      detail = g_strdup_printf ("%s: %s, %.2f h", topic, when, (ends_at - starts_at) / 3600.0);
      ok = kefu_auth_audit (store, kefu_store_get_actor (store), "reschedule_session", "cohorts", cohort_id, detail, error);
    }
  return kefu_training_release (store, ok, error) && ok;
}
