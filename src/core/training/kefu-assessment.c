/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-assessment.c — practical assessments scored by several raters */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kefu-auth.h"
#include "kefu-assessment.h"
#include "kefu-training-private.h"

/* data names, the same in every language (as the sample's) */
static const KefuCriterionSpec default_criteria[] = {
  { "流程规范性", 40 },
  { "沟通有效性", 30 },
  { "问题解决效率", 30 },
};

const KefuCriterionSpec *
kefu_assessment_default_criteria (guint *n)
{
  *n = G_N_ELEMENTS (default_criteria);
  return default_criteria;
}

/* A scenario for @trainee_id with its rubric (NULL: the default three);
 * @pass_mark ≤ 0 takes 85. Weights are relative: 40/30/30 or 4/3/3. */
gint64
kefu_assessment_create (KefuStore                *store,
                        const char               *scenario,
                        gint64                    trainee_id,
                        gint64                    held_at,
                        double                    pass_mark,
                        const KefuCriterionSpec  *criteria,
                        guint                     n_criteria,
                        GError                  **error)
{
  KEFU_AUTO_STMT *stmt = NULL;
  KEFU_AUTO_STMT *crit = NULL;
  gint64 id = -1;
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return -1;
  if (criteria == NULL)
    criteria = kefu_assessment_default_criteria (&n_criteria);
  if (scenario == NULL || *scenario == '\0' || n_criteria == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A practical assessment needs a scenario and at least one criterion."));
      return -1;
    }
  for (guint i = 0; i < n_criteria; i++)
    if (!(criteria[i].weight > 0) || criteria[i].name == NULL || *criteria[i].name == '\0')
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("Criterion %u of the assessment needs a name and a weight above 0."), i + 1);
        return -1;
      }
  if (!kefu_training_savepoint (store, error))
    return -1;
  stmt = kefu_store_prepare (store,
    "INSERT INTO assessments (scenario, trainee_id, held_at, pass_mark, created_by) VALUES (?, ?, ?, ?, ?)", error);
  crit = kefu_store_prepare (store,
    "INSERT INTO assessment_criteria (assessment_id, name, weight) VALUES (?, ?, ?)", error);
  ok = stmt != NULL && crit != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, scenario, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, trainee_id);
      sqlite3_bind_int64 (stmt, 3, held_at > 0 ? held_at : kefu_store_now (store));
      sqlite3_bind_double (stmt, 4, pass_mark > 0 ? pass_mark : KEFU_ASSESSMENT_PASS_MARK);
      kefu_bind_id_or_null (stmt, 5, kefu_store_get_actor (store));
      ok = kefu_training_step_done (store, stmt, error);
      id = sqlite3_last_insert_rowid (kefu_store_get_db (store));
    }
  for (guint i = 0; ok && i < n_criteria; i++)
    {
      sqlite3_reset (crit);
      sqlite3_bind_int64 (crit, 1, id);
      sqlite3_bind_text (crit, 2, criteria[i].name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (crit, 3, criteria[i].weight);
      ok = kefu_training_step_done (store, crit, error);
    }
  if (!kefu_training_release (store, ok, error))
    return -1;
  return id;
}

static void
criterion_clear (gpointer data)
{
  g_free (((KefuCriterion *) data)->name);
}

/* The rubric, in the order raters score it. */
GArray *
kefu_assessment_criteria (KefuStore  *store,
                          gint64      assessment_id,
                          GError    **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
    "SELECT id, name, weight FROM assessment_criteria WHERE assessment_id = ? ORDER BY id", error);
  g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (KefuCriterion));
  int rc;

  g_array_set_clear_func (list, criterion_clear);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, assessment_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KefuCriterion c = { sqlite3_column_int64 (stmt, 0), g_strdup (kefu_column_text (stmt, 1)),
                          sqlite3_column_double (stmt, 2) };
      g_array_append_val (list, c);
    }
  if (rc != SQLITE_DONE)
    {
      kefu_store_set_error (store, rc, error);
      return NULL;
    }
  if (list->len == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("There is no practical assessment %lld."), (long long) assessment_id);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* One rater's sheet: a score 0–100 per criterion, in the rubric's order.
 * Scoring again replaces the rater's earlier sheet. */
gboolean
kefu_assessment_score (KefuStore     *store,
                       gint64         assessment_id,
                       gint64         rater_id,
                       const char    *rater_role,
                       const double  *scores,
                       guint          n_scores,
                       GError       **error)
{
  g_autoptr(GArray) criteria = kefu_assessment_criteria (store, assessment_id, error);
  KEFU_AUTO_STMT *stmt = NULL;
  gboolean ok;

  if (criteria == NULL)
    return FALSE;
  /* the rater is a trainer, supervisor or manager, at the desk or vouching
   * for these scores with their PIN there; never the trainee */
  if (!kefu_auth_require_person (store, rater_id, KEFU_PERMISSION_RATE_PRACTICAL, error))
    return FALSE;
  {
    KEFU_AUTO_STMT *trainee = kefu_store_prepare (store, "SELECT trainee_id = ? FROM assessments WHERE id = ?", error);

    if (trainee == NULL)
      return FALSE;
    sqlite3_bind_int64 (trainee, 1, rater_id);
    sqlite3_bind_int64 (trainee, 2, assessment_id);
    if (sqlite3_step (trainee) == SQLITE_ROW && sqlite3_column_int (trainee, 0))
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                     _("Nobody rates their own practical assessment."));
        return FALSE;
      }
  }
  if (n_scores != criteria->len)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The assessment has %u criteria, but %u scores were given."), criteria->len, n_scores);
      return FALSE;
    }
  for (guint i = 0; i < n_scores; i++)
    if (!(scores[i] >= 0 && scores[i] <= 100))
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("The score for “%s” must be from 0 to 100, not %g."),
                     g_array_index (criteria, KefuCriterion, i).name, scores[i]);
        return FALSE;
      }
  if (!kefu_training_savepoint (store, error))
    return FALSE;
  stmt = kefu_store_prepare (store,
    "INSERT INTO assessment_scores (assessment_id, criterion_id, rater_id, rater_role, score, scored_at) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id, criterion_id, rater_id) "
    "DO UPDATE SET rater_role = excluded.rater_role, score = excluded.score, scored_at = excluded.scored_at", error);
  ok = stmt != NULL;
  for (guint i = 0; ok && i < n_scores; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, assessment_id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (criteria, KefuCriterion, i).criterion_id);
      sqlite3_bind_int64 (stmt, 3, rater_id);
      sqlite3_bind_text (stmt, 4, rater_role != NULL ? rater_role : "trainer", -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (stmt, 5, scores[i]);
      sqlite3_bind_int64 (stmt, 6, kefu_store_now (store));
      ok = kefu_training_step_done (store, stmt, error);
    }
  return kefu_training_release (store, ok, error);
}

static void
rater_clear (gpointer data)
{
  g_free (((KefuRaterScore *) data)->role);
}

void
kefu_assessment_result_clear (KefuAssessmentResult *result)
{
  g_clear_pointer (&result->raters, g_array_unref);
}

/* The raters' weighted scores, their mean, spread and the verdict. A
 * rater who has not scored every criterion is counted over the criteria
 * they scored. With no rater yet, n_raters is 0 and nothing passed. */
gboolean
kefu_assessment_result (KefuStore             *store,
                        gint64                 assessment_id,
                        KefuAssessmentResult  *result,
                        GError               **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
    "SELECT s.rater_id, MAX(s.rater_role), SUM(s.score * c.weight) / SUM(c.weight), "
    "  (SELECT pass_mark FROM assessments WHERE id = ?1) "
    "FROM assessment_scores s JOIN assessment_criteria c ON c.id = s.criterion_id "
    "WHERE s.assessment_id = ?1 GROUP BY s.rater_id ORDER BY s.rater_id", error);
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, sum = 0;
  int rc;

  memset (result, 0, sizeof *result);
  if (stmt == NULL)
    return FALSE;
  {
    KEFU_AUTO_STMT *trainee = kefu_store_prepare (store, "SELECT trainee_id FROM assessments WHERE id = ?", error);
    gint64 trainee_id;

    if (trainee == NULL)
      return FALSE;
    sqlite3_bind_int64 (trainee, 1, assessment_id);
    trainee_id = sqlite3_step (trainee) == SQLITE_ROW ? sqlite3_column_int64 (trainee, 0) : 0;
    /* one's own result, or someone whose role may see others' */
    if ((trainee_id == 0 || trainee_id != kefu_store_get_actor (store)) &&
        !kefu_auth_require (store, KEFU_PERMISSION_SEE_TRAINING_RESULTS, error))
      return FALSE;
  }
  result->raters = g_array_new (FALSE, TRUE, sizeof (KefuRaterScore));
  g_array_set_clear_func (result->raters, rater_clear);
  result->pass_mark = KEFU_ASSESSMENT_PASS_MARK;
  sqlite3_bind_int64 (stmt, 1, assessment_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KefuRaterScore r = { sqlite3_column_int64 (stmt, 0), g_strdup (kefu_column_text (stmt, 1)),
                           sqlite3_column_double (stmt, 2) };
      g_array_append_val (result->raters, r);
      result->pass_mark = sqlite3_column_double (stmt, 3);
      sum += r.score;
      lo = MIN (lo, r.score);
      hi = MAX (hi, r.score);
    }
  if (rc != SQLITE_DONE)
    {
      kefu_store_set_error (store, rc, error);
      kefu_assessment_result_clear (result);
      return FALSE;
    }
  result->n_raters = result->raters->len;
  if (result->n_raters > 0)
    {
      result->mean = sum / result->n_raters;
      result->spread = hi - lo;
      result->passed = result->mean >= result->pass_mark - 1e-9;
      result->raters_disagree = result->spread > KEFU_ASSESSMENT_MAX_SPREAD + 1e-9;
    }
  return TRUE;
}
