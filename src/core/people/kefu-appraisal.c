/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-appraisal.c — the per-agent appraisal (考核) for a quarter or a year
 *
 * An agent's appraisal percent is the mean of the dashboard's rate KPIs
 * over the tickets they own (kefu_appraisal_kpis(), satisfaction as its
 * score out of 100), leaving out those without data. Graded by the
 * thresholds kept in settings: 优秀 ≥ 95, 良好 ≥ 90, 一般 ≥ 85, 需改进
 * below 80; the seed names nothing between 80 and 85: 一般, with a note.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-people-private.h"
#include "kefu-query.h"

static const struct { const char *code; const char *label; } grades[] = {
  [KEFU_GRADE_EXCELLENT] = { "excellent", N_("Excellent") },
  [KEFU_GRADE_GOOD] = { "good", N_("Good") },
  [KEFU_GRADE_FAIR] = { "fair", N_("Fair") },
  [KEFU_GRADE_NEEDS_IMPROVEMENT] = { "needs_improvement", N_("Needs improvement") },
  [KEFU_GRADE_NONE] = { "none", N_("Not graded") },
};

const char *
kefu_grade_code (KefuGrade grade)
{
  g_return_val_if_fail (grade <= KEFU_GRADE_NONE, NULL);
  return grades[grade].code;
}

const char *
kefu_grade_label (KefuGrade grade)
{
  g_return_val_if_fail (grade <= KEFU_GRADE_NONE, NULL);
  return _(grades[grade].label);
}

KefuGrade
kefu_grade_for (const KefuGradeThresholds *t,
                double                     percent,
                gboolean                  *noted)
{
  if (noted != NULL)
    *noted = FALSE;
  if (isnan (percent))
    return KEFU_GRADE_NONE;
  if (percent >= t->excellent)
    return KEFU_GRADE_EXCELLENT;
  if (percent >= t->good)
    return KEFU_GRADE_GOOD;
  if (percent >= t->fair)
    return KEFU_GRADE_FAIR;
  if (percent >= t->needs_improvement_below)
    {
      if (noted != NULL)
        *noted = TRUE;
      return KEFU_GRADE_FAIR;
    }
  return KEFU_GRADE_NEEDS_IMPROVEMENT;
}

static const char *const threshold_keys[] = {
  "appraisal_excellent_min", "appraisal_good_min", "appraisal_fair_min", "appraisal_needs_improvement_below",
};

void
kefu_appraisal_get_thresholds (KefuStore           *store,
                               KefuGradeThresholds *t)
{
  double *fields[] = { &t->excellent, &t->good, &t->fair, &t->needs_improvement_below };
  static const double defaults[] = { 95, 90, 85, 80 };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = kefu_store_get_setting (store, threshold_keys[i]);
      char *end = NULL;
      double v = value != NULL ? g_ascii_strtod (value, &end) : NAN;

      *fields[i] = value != NULL && end != value && *end == '\0' && v >= 0 && v <= 100 ? v : defaults[i];
    }
}

gboolean
kefu_appraisal_set_thresholds (KefuStore                 *store,
                               const KefuGradeThresholds *t,
                               GError                   **error)
{
  const double values[] = { t->excellent, t->good, t->fair, t->needs_improvement_below };
  g_autofree char *detail = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_EDIT_SLA, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (!(values[i] >= 0 && values[i] <= 100))
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("An appraisal threshold is a percentage from 0 to 100, not %g (%s)."), values[i], threshold_keys[i]);
        return FALSE;
      }
  if (!(t->excellent >= t->good && t->good >= t->fair && t->fair >= t->needs_improvement_below))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The appraisal thresholds must not rise from one grade to the next: excellent %g ≥ good %g ≥ "
                     "fair %g ≥ needs improvement below %g."),
                   t->excellent, t->good, t->fair, t->needs_improvement_below);
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (!kefu_store_set_setting (store, threshold_keys[i], g_ascii_dtostr (buf, sizeof buf, values[i]), error))
        goto fail;
    }
  detail = g_strdup_printf ("excellent=%g good=%g fair=%g needs_improvement_below=%g",
                            t->excellent, t->good, t->fair, t->needs_improvement_below);
  if (!kefu_audit_append (store, kefu_store_get_actor (store), "appraisal_thresholds", "settings", 0, detail, error) ||
      !kefu_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kefu_store_rollback (store);
  return FALSE;
}

static const KefuKpi appraisal_kpis[] = {
  KEFU_KPI_ON_TIME_RESPONSE_RATE, KEFU_KPI_ON_TIME_RESOLUTION_RATE, KEFU_KPI_COMPLAINT_CLOSURE_RATE,
  KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE, KEFU_KPI_SATISFACTION, KEFU_KPI_FOLLOW_UP_RATE,
};

const KefuKpi *
kefu_appraisal_kpis (guint *n)
{
  *n = G_N_ELEMENTS (appraisal_kpis);
  return appraisal_kpis;
}

void
kefu_appraisal_free (KefuAppraisal *a)
{
  if (a == NULL)
    return;
  g_free (a->login);
  g_free (a->name);
  g_clear_pointer (&a->kpi, kefu_kpi_report_free);
  g_free (a);
}

static KefuAppraisal *
appraise (KefuStore                 *store,
          gint64                     user_id,
          gint64                     from,
          gint64                     to,
          const KefuGradeThresholds *t,
          GError                   **error)
{
  g_autoptr(KefuAppraisal) a = g_new0 (KefuAppraisal, 1);
  double sum = 0;

  a->user_id = user_id;
  if (!kefu_people_load_user (store, user_id, &a->login, &a->name, NULL, error))
    return NULL;
  a->kpi = kefu_kpi_compute_agent (store, user_id, from, to, error);
  if (a->kpi == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (appraisal_kpis); i++)
    {
      double v = kefu_people_kpi_percent (a->kpi, appraisal_kpis[i]);
      if (!isnan (v))
        {
          sum += v;
          a->n_used++;
        }
    }
  a->percent = a->n_used > 0 ? sum / a->n_used : NAN;
  a->grade = kefu_grade_for (t, a->percent, &a->noted);
  return g_steal_pointer (&a);
}

static char *
period_detail (gint64 from,
               gint64 to)
{
  return g_strdup_printf ("from=%" G_GINT64_FORMAT " to=%" G_GINT64_FORMAT, from, to);
}

KefuAppraisal *
kefu_appraisal_compute_one (KefuStore  *store,
                            gint64      user_id,
                            gint64      from,
                            gint64      to,
                            GError    **error)
{
  g_autofree char *detail = period_detail (from, to);
  KefuGradeThresholds t;

  if (!kefu_people_load_user (store, user_id, NULL, NULL, NULL, error) ||
      !kefu_people_check_access (store, user_id, "appraisal_viewed", detail, error))
    return NULL;
  kefu_appraisal_get_thresholds (store, &t);
  return appraise (store, user_id, from, to, &t, error);
}

static int
by_percent (gconstpointer pa,
            gconstpointer pb)
{
  const KefuAppraisal *a = *(KefuAppraisal * const *) pa, *b = *(KefuAppraisal * const *) pb;

  if (isnan (a->percent) != isnan (b->percent))
    return isnan (a->percent) ? 1 : -1;
  if (!isnan (a->percent) && a->percent != b->percent)
    return a->percent > b->percent ? -1 : 1;
  return a->user_id < b->user_id ? -1 : a->user_id > b->user_id;
}

GPtrArray *
kefu_appraisal_compute (KefuStore  *store,
                        gint64      from,
                        gint64      to,
                        GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_appraisal_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *detail = period_detail (from, to);
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuGradeThresholds t;
  gboolean everyone;
  int rc;

  if (to <= from)
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                           _("An appraisal’s period must end after it starts."));
      return NULL;
    }
  if (!kefu_people_check_access (store, 0, "appraisal_viewed", detail, error))
    return NULL;
  everyone = kefu_people_sees_everyone (store);
  stmt = kefu_query_prepare (store, "SELECT id FROM users WHERE role = 'agent' AND active = 1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);
      if (everyone || kefu_people_may_see (store, id))   /* a supervisor: their team */
        g_array_append_val (ids, id);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  kefu_query_reset (stmt);
  kefu_appraisal_get_thresholds (store, &t);
  for (guint i = 0; i < ids->len; i++)
    {
      KefuAppraisal *a = appraise (store, g_array_index (ids, gint64, i), from, to, &t, error);
      if (a == NULL)
        return NULL;
      g_ptr_array_add (list, a);
    }
  g_ptr_array_sort (list, by_percent);
  return g_steal_pointer (&list);
}

char *
kefu_appraisals_to_json (GPtrArray *appraisals,
                         gint64     from,
                         gint64     to)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "from");
  json_builder_add_int_value (b, from);
  json_builder_set_member_name (b, "to");
  json_builder_add_int_value (b, to);
  json_builder_set_member_name (b, "agents");
  json_builder_begin_array (b);
  for (guint i = 0; i < appraisals->len; i++)
    {
      KefuAppraisal *a = appraisals->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "login");
      json_builder_add_string_value (b, a->login);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, a->name);
      kefu_people_json_number (b, "percent", a->percent);
      json_builder_set_member_name (b, "grade");
      json_builder_add_string_value (b, kefu_grade_code (a->grade));
      json_builder_set_member_name (b, "noted");
      json_builder_add_boolean_value (b, a->noted);
      json_builder_set_member_name (b, "kpis_used");
      json_builder_add_int_value (b, a->n_used);
      json_builder_set_member_name (b, "kpi");
      json_builder_begin_object (b);
      for (guint k = 0; k < G_N_ELEMENTS (appraisal_kpis); k++)
        kefu_people_json_number (b, kefu_kpi_info (appraisal_kpis[k])->key, a->kpi->value[appraisal_kpis[k]]);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return kefu_people_json_text (b);
}
