/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-trainers.c — internal trainers' certification screen and yearly
 * evaluation (see kefu-trainers.h) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-people-private.h"
#include "kefu-query.h"
#include "kefu-trainers.h"

static const char *const criteria[KEFU_N_LECTURE_CRITERIA] = {
  N_("Content"), N_("Clarity"), N_("Interaction"), N_("Delivery"),
};

const char *
kefu_lecture_criterion_label (KefuLectureCriterion criterion)
{
  g_return_val_if_fail (criterion < KEFU_N_LECTURE_CRITERIA, NULL);
  return _(criteria[criterion]);
}

static gboolean
in_range (double       value,
          double       max,
          const char  *what,
          GError     **error)
{
  if (value >= 0 && value <= max)
    return TRUE;
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
               _("%s is a figure from 0 to %g, not %g."), what, max, value);
  return FALSE;
}

void
kefu_trainer_screen_free (KefuTrainerScreen *screen)
{
  if (screen == NULL)
    return;
  g_ptr_array_unref (screen->unmet);
  g_free (screen);
}

KefuTrainerScreen *
kefu_trainer_screen (const KefuTrainerCandidate  *c,
                     GError                     **error)
{
  g_autoptr(KefuTrainerScreen) s = g_new0 (KefuTrainerScreen, 1);
  double sum = 0;

  s->unmet = g_ptr_array_new_with_free_func (g_free);
  if (!in_range (c->years, 60, _("Years of service"), error) ||
      !in_range (c->satisfaction, 100, _("Trainees’ satisfaction"), error))
    return NULL;
  for (guint i = 0; i < KEFU_N_LECTURE_CRITERIA; i++)
    {
      g_autofree char *what = g_strdup_printf (_("The trial lecture’s “%s”"), _(criteria[i]));
      if (!in_range (c->lecture[i], 100, what, error))
        return NULL;
      sum += c->lecture[i];
    }
  s->lecture = sum / KEFU_N_LECTURE_CRITERIA;
  if (c->years < KEFU_TRAINER_MIN_YEARS)
    g_ptr_array_add (s->unmet, g_strdup_printf (_("%g years of service, fewer than %g."), c->years,
                                                KEFU_TRAINER_MIN_YEARS));
  if (c->satisfaction < KEFU_TRAINER_MIN_SATISFACTION)
    g_ptr_array_add (s->unmet, g_strdup_printf (_("Trainees’ satisfaction %.1f, below %g."), c->satisfaction,
                                                KEFU_TRAINER_MIN_SATISFACTION));
  if (c->major_complaint)
    g_ptr_array_add (s->unmet, g_strdup (_("A major complaint against them.")));
  if (s->lecture < KEFU_TRAINER_LECTURE_PASS)
    g_ptr_array_add (s->unmet, g_strdup_printf (_("Trial lecture %.1f, below %g."), s->lecture,
                                                KEFU_TRAINER_LECTURE_PASS));
  s->passed = s->unmet->len == 0;
  return g_steal_pointer (&s);
}

double
kefu_trainer_evaluate (const KefuTrainerYear  *y,
                       GError                **error)
{
  if (!in_range (y->satisfaction, 100, _("Satisfaction"), error) ||
      !in_range (y->results, 100, _("Results applied"), error) ||
      !in_range (y->courses, 100, _("New courses"), error) ||
      !in_range (y->contribution, 100, _("Contribution"), error))
    return NAN;
  return 0.4 * y->satisfaction + 0.3 * y->results + 0.2 * y->courses + 0.1 * y->contribution;
}

gboolean
kefu_trainer_satisfaction (KefuStore  *store,
                           gint64      trainer_id,
                           gint64      from,
                           gint64      to,
                           double     *percent,
                           guint      *n,
                           GError    **error)
{
  g_autofree char *detail = g_strdup_printf ("from=%" G_GINT64_FORMAT " to=%" G_GINT64_FORMAT, from, to);
  KEFU_AUTO_QUERY *stmt = NULL;

  *percent = NAN;
  *n = 0;
  if (!kefu_people_load_user (store, trainer_id, NULL, NULL, NULL, error) ||
      !kefu_people_check_access (store, trainer_id, "trainer_satisfaction_viewed", detail, error))
    return FALSE;
  stmt = kefu_query_prepare (store,
      "SELECT count(*), avg(s.trainer) FROM cohort_surveys s JOIN cohorts c ON c.id = s.cohort_id "
      "WHERE c.trainer_id = ?1 AND s.at >= ?2 AND s.at < ?3", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, trainer_id);
  kefu_query_bind_int (stmt, 2, from);
  kefu_query_bind_int (stmt, 3, to);
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    return FALSE;   /* the count always gives a row */
  *n = (guint) kefu_query_get_int (stmt, 0);
  if (*n > 0)
    *percent = kefu_query_get_double (stmt, 1) * 20;
  return TRUE;
}
