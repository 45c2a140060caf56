/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-contractors.c — contractor scores, suspension and reinstatement */
#include "config.h"

#include "kefu-dispatch-private.h"

/* Contractors --------------------------------------------------------------- */

void
kefu_contractor_score_free (KefuContractorScore *s)
{
  if (s == NULL)
    return;
  g_free (s->team_name);
  g_free (s->month);
  g_free (s->reason);
  g_free (s);
}

static gboolean
month_bounds (const char  *month,
              gint64      *start,
              gint64      *end)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) next = NULL;
  int y, m;
  char extra;

  if (month == NULL || sscanf (month, "%4d-%2d%c", &y, &m, &extra) != 2 || strlen (month) != 7 ||
      m < 1 || m > 12 || y < 1900)
    return FALSE;
  first = g_date_time_new_local (y, m, 1, 0, 0, 0);
  if (first == NULL)
    return FALSE;
  next = g_date_time_add_months (first, 1);
  *start = g_date_time_to_unix (first);
  *end = g_date_time_to_unix (next);
  return TRUE;
}

/* The parts of the score, each 0–100, and the weighted whole (see the header). */
static int
score_parts (KefuContractorScore *s,
             double              *speed,
             double              *rework,
             double              *ratings)
{
  double sum = 0, weights = 0;

  *speed = s->response_minutes < 0 ? -1 : CLAMP ((150.0 - s->response_minutes) / 120.0 * 100.0, 0.0, 100.0);
  *rework = MAX (0.0, 100.0 * (1.0 - s->rework_rate / 0.25));
  *ratings = s->satisfaction < 0 ? -1 : CLAMP ((s->satisfaction - 1.0) / 4.0 * 100.0, 0.0, 100.0);
  if (*speed >= 0)
    sum += 0.3 * *speed, weights += 0.3;
  sum += 0.4 * *rework, weights += 0.4;
  if (*ratings >= 0)
    sum += 0.3 * *ratings, weights += 0.3;
  return (int) lround (sum / weights);
}

GPtrArray *
kefu_dispatch_score_contractors (KefuStore   *store,
                                 const char  *month,
                                 GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autoptr(GPtrArray) scores = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_contractor_score_free);
  KEFU_AUTO_QUERY *stmt = NULL;
  KEFU_AUTO_QUERY *save = NULL;
  KEFU_AUTO_QUERY *suspend = NULL;
  gint64 start, end;
  gboolean ok;
  KefuQueryStep rc = KEFU_QUERY_DONE;

  if (!month_bounds (month, &start, &end))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Give the month as YYYY-MM, such as 2026-10, not “%s”."), month ? month : "");
      return NULL;
    }
  if (!kefu_dispatch_may_dispatch (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return NULL;
  stmt = kefu_query_prepare (store,
      "SELECT tm.id, tm.name, tm.suspended, count(t.id), "
      "       avg(CASE WHEN t.arrived_at >= t.dispatched_at THEN (t.arrived_at - t.dispatched_at) / 60.0 END), "
      "       avg(CASE WHEN t.reopen_count > 0 THEN 1.0 ELSE 0.0 END), avg(t.satisfaction) "
      "FROM teams tm LEFT JOIN tickets t ON t.team_id = tm.id AND t.dispatched_at >= ?1 AND t.dispatched_at < ?2 "
      "  AND t.status != 'cancelled' "
      "WHERE tm.is_contractor <> 0 GROUP BY tm.id ORDER BY tm.id", error);
  save = kefu_query_prepare (store,
      "INSERT INTO contractor_scores (team_id, month, jobs, response_minutes, rework_rate, satisfaction, score, computed_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (team_id, month) DO UPDATE SET jobs = excluded.jobs, "
      "response_minutes = excluded.response_minutes, rework_rate = excluded.rework_rate, "
      "satisfaction = excluded.satisfaction, score = excluded.score, computed_at = excluded.computed_at", error);
  /* once only: another scoring of the same moment (on a server, it waits
   * for this one's row lock, then finds the team suspended) changes and
   * audits nothing; a team suspended already keeps its reason */
  suspend = kefu_query_prepare (store, "UPDATE teams SET suspended = 1, suspended_reason = ?1 "
                                       "WHERE id = ?2 AND suspended = 0", error);
  ok = stmt != NULL && save != NULL && suspend != NULL;
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, start);
      kefu_query_bind_int (stmt, 2, end);
    }
  while (ok && (rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuContractorScore *s = g_new0 (KefuContractorScore, 1);
      gboolean was_suspended = kefu_query_get_int (stmt, 2) != 0;
      double speed = -1, rework = -1, ratings = -1;

      g_ptr_array_add (scores, s);
      s->team_id = kefu_query_get_int (stmt, 0);
      s->team_name = g_strdup (kefu_query_get_text (stmt, 1));
      s->month = g_strdup (month);
      s->jobs = kefu_query_get_int (stmt, 3);
      s->response_minutes = kefu_query_is_null (stmt, 4) ? -1 : kefu_query_get_double (stmt, 4);
      s->rework_rate = kefu_query_get_double (stmt, 5);
      s->satisfaction = kefu_query_is_null (stmt, 6) ? -1 : kefu_query_get_double (stmt, 6);
      s->score = s->jobs > 0 ? score_parts (s, &speed, &rework, &ratings) : -1;

      kefu_query_bind_int (save, 1, s->team_id);
      kefu_query_bind_text (save, 2, month);
      kefu_query_bind_int (save, 3, s->jobs);
      if (s->response_minutes >= 0) kefu_query_bind_double (save, 4, s->response_minutes); else kefu_query_bind_null (save, 4);
      if (s->jobs > 0) kefu_query_bind_double (save, 5, s->rework_rate); else kefu_query_bind_null (save, 5);
      if (s->satisfaction >= 0) kefu_query_bind_double (save, 6, s->satisfaction); else kefu_query_bind_null (save, 6);
      if (s->score >= 0) kefu_query_bind_int (save, 7, s->score); else kefu_query_bind_null (save, 7);
      kefu_query_bind_int (save, 8, kefu_store_now (store));
      ok = kefu_query_run (store, save, error);
      if (ok && s->score >= 0 && s->score < KEFU_CONTRACTOR_MIN_SCORE)
        {
          g_autofree char *weakest = NULL;

          if (speed >= 0 && speed <= rework && (ratings < 0 || speed <= ratings))
            weakest = g_strdup_printf (_("on site %.0f min after dispatch on average"), s->response_minutes);
          else if (ratings >= 0 && ratings < rework)
            weakest = g_strdup_printf (_("owner satisfaction %.1f of 5"), s->satisfaction);
          else
            weakest = g_strdup_printf (_("rework rate %.0f%%"), s->rework_rate * 100);
          /* Translators: "2026-10 score 72: rework rate 18%" */
          s->reason = g_strdup_printf (_("%s score %d: %s"), month, s->score, weakest);
          if (!was_suspended)
            {
              kefu_query_bind_text (suspend, 1, s->reason);
              kefu_query_bind_int (suspend, 2, s->team_id);
              ok = kefu_query_run (store, suspend, error);
              s->suspended = ok && kefu_query_changes (store) > 0;
              if (s->suspended)
                ok = kefu_dispatch_audit (store, "suspend_team", "teams", s->team_id, s->reason, error);
            }
        }
    }
  if (ok && rc == KEFU_QUERY_FAILED)
    ok = FALSE;
  if (!kefu_transaction_end (tx, ok, error))
    return NULL;
  return g_steal_pointer (&scores);
}

gboolean
kefu_dispatch_reinstate_team (KefuStore  *store,
                              gint64      team_id,
                              GError    **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  stmt = kefu_query_prepare (store, "UPDATE teams SET suspended = 0, suspended_reason = NULL WHERE id = ?1 AND suspended <> 0",
                             error);
  ok = stmt != NULL;
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, team_id);
      ok = kefu_query_run (store, stmt, error);
    }
  if (ok && kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("That team is not suspended."));
      ok = FALSE;
    }
  if (ok)
    ok = kefu_dispatch_audit (store, "reinstate_team", "teams", team_id, NULL, error);
  return kefu_transaction_end (tx, ok, error);
}
