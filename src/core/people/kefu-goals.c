/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-goals.c — SMART goals on the dashboard's KPIs
 *
 * Specific and measurable: one KPI of the dashboard over the tickets the
 * person owns. The baseline is measured when the goal is set, over the
 * KEFU_GOAL_BASELINE_DAYS before; progress is the same KPI over the
 * tickets created since, up to now or the deadline: the share of the way
 * from the baseline to the target, 0–1. A goal whose figure meets the
 * target is achieved; one past its deadline that does not is overdue, and
 * the supervisor's list shows it first.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-people-private.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

#define DAY ((gint64) 86400)

void
kefu_goal_free (KefuGoal *g)
{
  if (g == NULL)
    return;
  g_free (g->login);
  g_free (g->name);
  g_free (g->note);
  g_free (g);
}

const char *
kefu_goal_state_code (KefuGoalState state)
{
  static const char *const codes[] = { "open", "achieved", "overdue" };
  g_return_val_if_fail (state <= KEFU_GOAL_OVERDUE, NULL);
  return codes[state];
}

const char *
kefu_goal_state_label (KefuGoalState state)
{
  static const char *const labels[] = { N_("Under way"), N_("Achieved"), N_("Past deadline") };
  g_return_val_if_fail (state <= KEFU_GOAL_OVERDUE, NULL);
  return _(labels[state]);
}

gboolean
kefu_goal_kpi_allowed (KefuKpi kpi)
{
  return kpi < KEFU_N_KPIS && kpi != KEFU_KPI_TICKETS && kpi != KEFU_KPI_BACKLOG;
}

static gboolean
meets (KefuKpi kpi,
       double  value,
       double  target)
{
  if (isnan (value))
    return FALSE;
  return kefu_kpi_info (kpi)->higher_is_better ? value >= target - 1e-9 : value <= target + 1e-9;
}

static gboolean
measure (KefuStore  *store,
         gint64      user_id,
         KefuKpi     kpi,
         gint64      from,
         gint64      to,
         double     *value,
         GError    **error)
{
  g_autoptr(KefuKpiReport) r = NULL;

  *value = NAN;
  if (to <= from)
    return TRUE;
  r = kefu_kpi_compute_agent (store, user_id, from, to, error);
  if (r == NULL)
    return FALSE;
  *value = r->value[kpi];
  return TRUE;
}

/* Where a goal stands at the store's now. */
static gboolean
assess (KefuStore  *store,
        KefuGoal   *g,
        GError    **error)
{
  gint64 now = kefu_store_now (store);

  if (!measure (store, g->user_id, g->kpi, g->start_at, MIN (now, g->deadline), &g->current, error))
    return FALSE;
  if (meets (g->kpi, g->current, g->target))
    g->state = KEFU_GOAL_ACHIEVED;
  else
    g->state = now >= g->deadline ? KEFU_GOAL_OVERDUE : KEFU_GOAL_OPEN;
  if (g->state == KEFU_GOAL_ACHIEVED)
    g->progress = 1;
  else if (isnan (g->current) || isnan (g->baseline) || g->target == g->baseline)
    g->progress = NAN;
  else
    g->progress = CLAMP ((g->current - g->baseline) / (g->target - g->baseline), 0.0, 1.0);
  return TRUE;
}

static gboolean
check_target (KefuKpi      kpi,
              double       target,
              GError     **error)
{
  const KefuKpiInfo *info = kefu_kpi_info (kpi);
  gboolean ok;

  switch (info->format)
    {
    case KEFU_KPI_FORMAT_RATE:
      ok = target >= 0 && target <= 1;
      break;
    case KEFU_KPI_FORMAT_SCORE:
      ok = target >= 0 && target <= 100;
      break;
    case KEFU_KPI_FORMAT_MINUTES:
      ok = target > 0 && target < 100000;
      break;
    case KEFU_KPI_FORMAT_COUNT:
    default:
      ok = FALSE;
      break;
    }
  if (!ok)
    g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                 info->format == KEFU_KPI_FORMAT_RATE ? _("A target for “%s” is a percentage from 0 to 100.")
                 : info->format == KEFU_KPI_FORMAT_SCORE ? _("A target for “%s” is a score from 0 to 100.")
                 : _("A target for “%s” is a number of minutes above 0."),
                 _(info->label));
  return ok;
}

gint64
kefu_goal_add (KefuStore   *store,
               gint64       user_id,
               KefuKpi      kpi,
               double       target,
               gint64       deadline,
               const char  *note,
               GError     **error)
{
  gint64 now = kefu_store_now (store), id;
  g_autofree char *detail = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  double baseline;

  if (!kefu_auth_require (store, KEFU_PERMISSION_DEVELOP_PEOPLE, error) ||
      !kefu_people_load_user (store, user_id, NULL, NULL, NULL, error) ||
      !kefu_people_check_team (store, user_id, "goal_set", error))
    return 0;
  if (!kefu_goal_kpi_allowed (kpi))
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                           _("A goal needs one of the dashboard’s rates, satisfaction or a response time, not a count."));
      return 0;
    }
  if (!check_target (kpi, target, error))
    return 0;
  if (deadline <= now)
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                           _("A goal’s deadline must be in the future."));
      return 0;
    }
  if (note != NULL && (!g_utf8_validate (note, -1, NULL) || g_utf8_strlen (note, -1) > 500))
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                           _("A goal’s note is text of at most 500 characters."));
      return 0;
    }
  if (!measure (store, user_id, kpi, now - KEFU_GOAL_BASELINE_DAYS * DAY, now, &baseline, error))
    return 0;
  if (meets (kpi, baseline, target))
    {
      g_autofree char *b = kefu_kpi_format (kpi, baseline);
      g_autofree char *t = kefu_kpi_format (kpi, target);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The target %s for “%s” is already met: the last %d days stand at %s. Set a better target."),
                   t, _(kefu_kpi_info (kpi)->label), KEFU_GOAL_BASELINE_DAYS, b);
      return 0;
    }
  if (!kefu_store_begin (store, error))
    return 0;
  stmt = kefu_query_prepare (store,
      "INSERT INTO people_goals (user_id, kpi, baseline, baseline_from, baseline_to, target, start_at, deadline, "
      "note, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?7, ?8, ?9, ?5)", error);
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_int (stmt, 1, user_id);
  kefu_query_bind_text (stmt, 2, kefu_kpi_info (kpi)->key);
  if (isnan (baseline))
    kefu_query_bind_null (stmt, 3);
  else
    kefu_query_bind_double (stmt, 3, baseline);
  kefu_query_bind_int (stmt, 4, now - KEFU_GOAL_BASELINE_DAYS * DAY);
  kefu_query_bind_int (stmt, 5, now);
  kefu_query_bind_double (stmt, 6, target);
  kefu_query_bind_int (stmt, 7, deadline);
  kefu_query_bind_text_or_null (stmt, 8, note != NULL && *note != '\0' ? note : NULL);
  kefu_query_bind_int (stmt, 9, kefu_store_get_actor (store));
  if (!kefu_query_run (store, stmt, error))
    goto fail;
  id = kefu_query_last_id (store);
  detail = g_strdup_printf ("user=%" G_GINT64_FORMAT " kpi=%s target=%g deadline=%" G_GINT64_FORMAT,
                            user_id, kefu_kpi_info (kpi)->key, target, deadline);
  if (!kefu_audit_append (store, kefu_store_get_actor (store), "goal_set", "people_goals", id, detail, error) ||
      !kefu_store_commit (store, error))
    goto fail;
  return id;

fail:
  kefu_store_rollback (store);
  return 0;
}

GPtrArray *
kefu_people_goals_of (KefuStore  *store,
                      gint64      user_id,
                      GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_goal_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT g.id, g.user_id, u.login, u.name, g.kpi, g.baseline, g.baseline_from, g.baseline_to, g.target, "
      "g.start_at, g.deadline, g.note FROM people_goals g JOIN users u ON u.id = g.user_id "
      "WHERE ?1 = 0 OR g.user_id = ?1 ORDER BY g.deadline, g.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, user_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      int kpi = kefu_kpi_from_key (kefu_query_get_text (stmt, 4));
      KefuGoal *g;

      if (kpi < 0)
        continue;   /* a KPI this build does not know */
      g = g_new0 (KefuGoal, 1);
      g->id = kefu_query_get_int (stmt, 0);
      g->user_id = kefu_query_get_int (stmt, 1);
      g->login = g_strdup (kefu_query_get_text (stmt, 2));
      g->name = g_strdup (kefu_query_get_text (stmt, 3));
      g->kpi = kpi;
      g->baseline = kefu_query_is_null (stmt, 5) ? NAN : kefu_query_get_double (stmt, 5);
      g->baseline_from = kefu_query_get_int (stmt, 6);
      g->baseline_to = kefu_query_get_int (stmt, 7);
      g->target = kefu_query_get_double (stmt, 8);
      g->start_at = kefu_query_get_int (stmt, 9);
      g->deadline = kefu_query_get_int (stmt, 10);
      g->note = g_strdup (!kefu_query_is_null (stmt, 11) ? kefu_query_get_text (stmt, 11) : NULL);
      g_ptr_array_add (list, g);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  kefu_query_reset (stmt);
  for (guint i = 0; i < list->len; i++)
    if (!assess (store, list->pdata[i], error))
      return NULL;
  return g_steal_pointer (&list);
}

gboolean
kefu_goal_baseline (KefuStore  *store,
                    gint64      user_id,
                    KefuKpi     kpi,
                    double     *value,
                    GError    **error)
{
  gint64 now = kefu_store_now (store);

  *value = NAN;
  if (!kefu_people_load_user (store, user_id, NULL, NULL, NULL, error) ||
      !kefu_people_check_team (store, user_id, "goal_baseline", error))
    return FALSE;
  if (!kefu_goal_kpi_allowed (kpi))
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                           _("A goal needs one of the dashboard’s rates, satisfaction or a response time, not a count."));
      return FALSE;
    }
  return measure (store, user_id, kpi, now - KEFU_GOAL_BASELINE_DAYS * DAY, now, value, error);
}

static gboolean
flagged (KefuStore *store,
         gint64     goal_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT 1 FROM audit_log WHERE action = 'goal_overdue_flagged' AND subject_table = 'people_goals' "
      "AND subject_id = ?1 LIMIT 1", NULL);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, goal_id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW;
}

GPtrArray *
kefu_goal_overdue_for_leader (KefuStore  *store,
                              gboolean    take,
                              GError    **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_goal_free);
  gint64 actor;

  if (!kefu_store_require_actor (store, error))
    return NULL;
  actor = kefu_store_get_actor (store);
  all = kefu_people_goals_of (store, 0, error);
  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      KefuGoal *g = all->pdata[i];

      if (g->state != KEFU_GOAL_OVERDUE || g->user_id == actor || !kefu_people_leads (store, actor, g->user_id))
        continue;
      if (take && flagged (store, g->id))
        continue;
      g_ptr_array_add (out, g_steal_pointer (&all->pdata[i]));
    }
  if (take && out->len > 0)
    {
      if (!kefu_store_begin (store, error))
        return NULL;
      for (guint i = 0; i < out->len; i++)
        {
          KefuGoal *g = out->pdata[i];
          g_autofree char *detail = g_strdup_printf ("user=%" G_GINT64_FORMAT " kpi=%s", g->user_id,
                                                     kefu_kpi_info (g->kpi)->key);

          if (!kefu_audit_append (store, actor, "goal_overdue_flagged", "people_goals", g->id, detail, error))
            {
              kefu_store_rollback (store);
              return NULL;
            }
        }
      if (!kefu_store_commit (store, error))
        {
          kefu_store_rollback (store);
          return NULL;
        }
    }
  return g_steal_pointer (&out);
}

GPtrArray *
kefu_goal_list (KefuStore  *store,
                gint64      user_id,
                GError    **error)
{
  g_autoptr(GPtrArray) goals = NULL;

  if (user_id > 0 && !kefu_people_load_user (store, user_id, NULL, NULL, NULL, error))
    return NULL;
  if (!kefu_people_check_access (store, user_id, "goals_viewed", NULL, error))
    return NULL;
  goals = kefu_people_goals_of (store, user_id, error);
  /* everyone's: a supervisor's team only */
  if (goals != NULL && user_id == 0 && !kefu_people_sees_everyone (store))
    for (guint i = goals->len; i-- > 0;)
      if (!kefu_people_may_see (store, ((KefuGoal *) goals->pdata[i])->user_id))
        g_ptr_array_remove_index (goals, i);
  return g_steal_pointer (&goals);
}

void
kefu_people_goals_json (JsonBuilder *b,
                        GPtrArray   *goals)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < goals->len; i++)
    {
      KefuGoal *g = goals->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, g->id);
      json_builder_set_member_name (b, "login");
      json_builder_add_string_value (b, g->login);
      json_builder_set_member_name (b, "kpi");
      json_builder_add_string_value (b, kefu_kpi_info (g->kpi)->key);
      kefu_people_json_number (b, "baseline", g->baseline);
      kefu_people_json_number (b, "target", g->target);
      kefu_people_json_number (b, "current", g->current);
      kefu_people_json_number (b, "progress", g->progress);
      json_builder_set_member_name (b, "start_at");
      json_builder_add_int_value (b, g->start_at);
      json_builder_set_member_name (b, "deadline");
      json_builder_add_int_value (b, g->deadline);
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, kefu_goal_state_code (g->state));
      if (g->note != NULL)
        {
          json_builder_set_member_name (b, "note");
          json_builder_add_string_value (b, g->note);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}
