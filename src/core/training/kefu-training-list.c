/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-list.c — what the training screens list */
#include "config.h"

#include "kefu-assessment.h"
#include "kefu-auth.h"
#include "kefu-questions.h"
#include "kefu-training-list.h"
#include "kefu-training-private.h"

static void
bank_free (KefuBankSummary *b)
{
  g_free (b->name);
  g_free (b);
}

static void
exam_free (KefuExamSummary *e)
{
  g_free (e->name);
  g_free (e);
}

static void
attempt_free (KefuAttemptSummary *a)
{
  g_free (a->exam_name);
  g_free (a);
}

static void
assessment_free (KefuAssessmentSummary *a)
{
  g_free (a->scenario);
  g_free (a->trainee);
  g_free (a->status);
  g_free (a);
}

/* Every bank, by name, with its current questions counted per type. */
GPtrArray *
kefu_training_banks (KefuStore  *store,
                     GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT b.id, b.name, q.type, count(q.id) FROM question_banks b "
    "LEFT JOIN questions q ON q.bank_id = b.id AND q.retired = 0 "
    "GROUP BY b.id, q.type ORDER BY b.name, b.id", error);
  g_autoptr(GPtrArray) banks = g_ptr_array_new_with_free_func ((GDestroyNotify) bank_free);
  KefuBankSummary *bank = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);
      KefuQuestionType type;

      if (bank == NULL || bank->id != id)
        {
          bank = g_new0 (KefuBankSummary, 1);
          bank->id = id;
          bank->name = g_strdup (kefu_query_get_text (stmt, 1));
          g_ptr_array_add (banks, bank);
        }
      if (kefu_query_get_text (stmt, 2) != NULL && kefu_question_type_parse (kefu_query_get_text (stmt, 2), &type))
        {
          bank->counts[type] += (int) kefu_query_get_int (stmt, 3);
          bank->total += (int) kefu_query_get_int (stmt, 3);
        }
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&banks);
}

/* Every paper, newest first. With @user_id, the papers open to that user
 * (published, and open to all or assigned to them and not yet closed) and
 * the counts are theirs: their attempts, their attempt in progress and
 * their best graded result; with 0, every paper with everyone's graded
 * attempts and how many passed (an attempt waiting for a trainer counts
 * in neither: a pass rate or best score is of finished grading only). */
GPtrArray *
kefu_training_exams (KefuStore  *store,
                     gint64      user_id,
                     GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT e.id, e.name, e.pass_mark, COALESCE(e.time_limit_min, 0), e.attempts_allowed, "
    "  (SELECT COALESCE(SUM(CASE WHEN i.question_id IS NOT NULL THEN 1 ELSE COALESCE(i.draw_count, 0) END), 0) "
    "     FROM exam_items i WHERE i.exam_id = e.id), "
    "  (SELECT count(*) FROM attempts a WHERE a.exam_id = e.id AND "
    "     (CASE WHEN ?1 > 0 THEN a.user_id = ?1 AND a.state <> 'voided' ELSE a.state = 'graded' END)), "
    "  (SELECT count(*) FROM attempts a WHERE a.exam_id = e.id AND a.state = 'graded' AND a.passed = 1 "
    "     AND (?1 = 0 OR a.user_id = ?1)), "
    "  (SELECT a.id FROM attempts a WHERE a.exam_id = e.id AND a.user_id = ?1 AND a.state = 'in_progress' "
    "     ORDER BY a.id DESC LIMIT 1), "
    "  (SELECT COALESCE(a.deadline_at, 0) FROM attempts a WHERE a.exam_id = e.id AND a.user_id = ?1 "
    "     AND a.state = 'in_progress' ORDER BY a.id DESC LIMIT 1), "
    "  (SELECT MAX(100.0 * a.score / a.max_score) FROM attempts a WHERE a.exam_id = e.id AND a.user_id = ?1 "
    "     AND a.state = 'graded' AND a.max_score > 0), "
    "  e.state, "
    "  CASE WHEN ?1 > 0 THEN (SELECT x.opens_at FROM exam_assignments x WHERE x.exam_id = e.id AND x.user_id = ?1) "
    "       ELSE (SELECT MIN(x.opens_at) FROM exam_assignments x WHERE x.exam_id = e.id) END, "
    "  CASE WHEN ?1 > 0 THEN (SELECT x.closes_at FROM exam_assignments x WHERE x.exam_id = e.id AND x.user_id = ?1) "
    "       ELSE (SELECT MAX(x.closes_at) FROM exam_assignments x WHERE x.exam_id = e.id) END, "
    "  (SELECT count(*) FROM exam_assignments x WHERE x.exam_id = e.id), COALESCE(e.makeup_of, 0) "
    "FROM exams e "
    /* a trainee's list: published, and open to all or assigned to them and not yet closed */
    "WHERE ?1 = 0 OR (e.state = 'published' AND (e.open_to_all = 1 OR EXISTS (SELECT 1 FROM exam_assignments x "
    "  WHERE x.exam_id = e.id AND x.user_id = ?1 AND x.closes_at > ?2))) "
    "ORDER BY e.created_at DESC, e.id DESC", error);
  g_autoptr(GPtrArray) exams = g_ptr_array_new_with_free_func ((GDestroyNotify) exam_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, user_id);
  kefu_query_bind_int (stmt, 2, kefu_store_now (store));
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuExamSummary *e = g_new0 (KefuExamSummary, 1);
      const char *state = kefu_query_get_text (stmt, 11);

      e->id = kefu_query_get_int (stmt, 0);
      e->name = g_strdup (kefu_query_get_text (stmt, 1));
      e->pass_mark = kefu_query_get_double (stmt, 2);
      e->time_limit_min = (int) kefu_query_get_int (stmt, 3);
      e->attempts_allowed = (int) kefu_query_get_int (stmt, 4);
      e->n_questions = (int) kefu_query_get_int (stmt, 5);
      e->n_attempts = (int) kefu_query_get_int (stmt, 6);
      e->n_passed = (int) kefu_query_get_int (stmt, 7);
      e->open_attempt_id = kefu_query_get_int (stmt, 8);
      e->open_deadline_at = kefu_query_get_int (stmt, 9);
      e->best_percent = kefu_query_is_null (stmt, 10) ? -1 : kefu_query_get_double (stmt, 10);
      e->state = g_strcmp0 (state, "draft") == 0 ? KEFU_EXAM_DRAFT
                 : g_strcmp0 (state, "withdrawn") == 0 ? KEFU_EXAM_WITHDRAWN : KEFU_EXAM_PUBLISHED;
      e->opens_at = kefu_query_get_int (stmt, 12);
      e->closes_at = kefu_query_get_int (stmt, 13);
      e->n_assigned = (int) kefu_query_get_int (stmt, 14);
      e->makeup_of = kefu_query_get_int (stmt, 15);
      g_ptr_array_add (exams, e);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&exams);
}

/* Whether the user of kefu_training_exams() may start a new attempt. */
gboolean
kefu_exam_summary_can_start (const KefuExamSummary *exam)
{
  return exam->open_attempt_id == 0 && exam->n_questions > 0 &&
         (exam->attempts_allowed <= 0 || (int) exam->n_attempts < exam->attempts_allowed);
}

/* @user_id's submitted and graded attempts, newest first. */
GPtrArray *
kefu_training_attempts (KefuStore  *store,
                        gint64      user_id,
                        GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT a.id, a.exam_id, e.name, a.state, a.started_at, COALESCE(a.submitted_at, 0), "
    "  CASE WHEN a.max_score > 0 THEN 100.0 * a.score / a.max_score ELSE 0 END, COALESCE(a.passed, 0) "
    "FROM attempts a JOIN exams e ON e.id = a.exam_id "
    "WHERE a.user_id = ?1 AND a.state IN ('submitted', 'graded') ORDER BY a.started_at DESC, a.id DESC", error);
  g_autoptr(GPtrArray) attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) attempt_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (user_id != kefu_store_get_actor (store) && !kefu_auth_require (store, KEFU_PERMISSION_SEE_TRAINING_RESULTS, error))
    return NULL;
  kefu_query_bind_int (stmt, 1, user_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuAttemptSummary *a = g_new0 (KefuAttemptSummary, 1);
      const char *state = kefu_query_get_text (stmt, 3);

      a->attempt_id = kefu_query_get_int (stmt, 0);
      a->exam_id = kefu_query_get_int (stmt, 1);
      a->exam_name = g_strdup (kefu_query_get_text (stmt, 2));
      a->state = g_strcmp0 (state, "graded") == 0 ? KEFU_ATTEMPT_GRADED : KEFU_ATTEMPT_SUBMITTED;
      a->started_at = kefu_query_get_int (stmt, 4);
      a->submitted_at = kefu_query_get_int (stmt, 5);
      a->percent = kefu_query_get_double (stmt, 6);
      a->passed = (int) kefu_query_get_int (stmt, 7);
      g_ptr_array_add (attempts, a);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&attempts);
}

/* Every practical assessment, the latest first, with how many raters
 * have scored it and its status (kefu_assessment_status). */
GPtrArray *
kefu_training_assessments (KefuStore  *store,
                           GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT a.id, a.scenario, a.trainee_id, u.name, a.held_at, "
    "  (SELECT count(DISTINCT s.rater_id) FROM assessment_scores s WHERE s.assessment_id = a.id) "
    "FROM assessments a JOIN users u ON u.id = a.trainee_id ORDER BY a.held_at DESC, a.id DESC", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) assessment_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuAssessmentSummary *a = g_new0 (KefuAssessmentSummary, 1);

      a->id = kefu_query_get_int (stmt, 0);
      a->scenario = g_strdup (kefu_query_get_text (stmt, 1));
      a->trainee_id = kefu_query_get_int (stmt, 2);
      a->trainee = g_strdup (kefu_query_get_text (stmt, 3));
      a->held_at = kefu_query_get_int (stmt, 4);
      a->n_raters = (int) kefu_query_get_int (stmt, 5);
      g_ptr_array_add (list, a);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  /* final or provisional, and why (the list is gated by its callers) */
  for (guint i = 0; i < list->len; i++)
    {
      KefuAssessmentSummary *a = list->pdata[i];
      g_auto(KefuAssessmentResult) result = { 0 };

      if (kefu_assessment_result_listed (store, a->id, &result, NULL))
        {
          a->status = kefu_assessment_status (&result);
          a->provisional = result.provisional;
        }
    }
  return g_steal_pointer (&list);
}
