/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam-admin.c — key corrections, voided attempts, copies and
 * make-up papers (see the header) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-exam-admin.h"
#include "kefu-training-private.h"

/* Correcting a key ---------------------------------------------------------- */

/* The key as a trainer reads and types it: "A、C", 对/错 as "true"/"false",
 * a short answer's accepted answers one a line; NULL for a written answer. */
char *
kefu_question_key_text (const KefuQuestion *q)
{
  switch (q->type)
    {
    case KEFU_QUESTION_SINGLE_CHOICE:
    case KEFU_QUESTION_MULTIPLE_CHOICE:
      {
        g_autofree char *letters = kefu_question_right_letters (q);
        GString *s = g_string_new (NULL);
        for (const char *p = letters; *p != '\0'; p++)
          g_string_append_printf (s, "%s%c", s->len > 0 ? "、" : "", *p);
        return g_string_free (s, FALSE);
      }
    case KEFU_QUESTION_TRUE_FALSE:
      return g_strdup (q->answer_true ? "true" : "false");
    case KEFU_QUESTION_SHORT_ANSWER:
      {
        g_autoptr(GPtrArray) v = g_ptr_array_new ();
        for (guint i = 0; i < q->options->len; i++)
          g_ptr_array_add (v, q->options->pdata[i]);
        g_ptr_array_add (v, NULL);
        return g_strjoinv ("\n", (char **) v->pdata);
      }
    case KEFU_QUESTION_CASE_ANALYSIS:
    case KEFU_QUESTION_WRITTEN:
    case KEFU_QUESTION_N_TYPES:
    default:
      return NULL;
    }
}

/* Sets @key on @q (see kefu_question_key_text() for the forms). */
static gboolean
apply_key (KefuQuestion  *q,
           const char    *key,
           GError       **error)
{
  switch (q->type)
    {
    case KEFU_QUESTION_SINGLE_CHOICE:
    case KEFU_QUESTION_MULTIPLE_CHOICE:
      if (!kefu_question_set_right_letters (q, key))
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       _("The key “%s” names a choice the question does not have (it has %u)."), key,
                       q->options->len);
          return FALSE;
        }
      break;
    case KEFU_QUESTION_TRUE_FALSE:
      {
        g_autofree char *canonical = kefu_answer_canonical (q, key, error);
        if (canonical == NULL)
          return FALSE;
        if (*canonical == '\0')
          {
            g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                         _("The key of a true/false question is 对 (true) or 错 (false)."));
            return FALSE;
          }
        q->answer_true = g_str_equal (canonical, "true");
      }
      break;
    case KEFU_QUESTION_SHORT_ANSWER:
      {
        g_auto(GStrv) lines = g_strsplit (key, "\n", -1);
        g_ptr_array_set_size (q->options, 0);
        g_array_set_size (q->weights, 0);
        g_ptr_array_set_size (q->feedback, 0);
        for (guint i = 0; lines[i] != NULL; i++)
          {
            g_strstrip (lines[i]);
            if (*lines[i] != '\0')
              kefu_question_add_option (q, lines[i], 100, "");
          }
      }
      break;
    case KEFU_QUESTION_CASE_ANALYSIS:
    case KEFU_QUESTION_WRITTEN:
    case KEFU_QUESTION_N_TYPES:
    default:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A written answer has no key: correct its grade by grading it again."));
      return FALSE;
    }
  return kefu_question_validate (q, error);
}

static double
attempt_score (KefuStore *store,
               gint64     attempt_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT COALESCE(SUM(score), 0) FROM attempt_answers WHERE attempt_id = ?1", NULL);

  if (stmt == NULL)
    return 0;
  kefu_query_bind_int (stmt, 1, attempt_id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW ? kefu_query_get_double (stmt, 0) : 0;
}

/* Re-marks the answers to the versions @ids of one question; inside the
 * caller's transaction. */
static gboolean
remark (KefuStore          *store,
        GArray             *ids,
        gint64              correction_id,
        KefuKeyCorrection  *result,
        GError            **error)
{
  KEFU_AUTO_QUERY *rows = kefu_query_prepare (store,
    "SELECT x.attempt_id, x.position, x.answer, x.score, COALESCE(x.max_score, q.points), e.scoring "
    "FROM attempt_answers x JOIN attempts a ON a.id = x.attempt_id JOIN exams e ON e.id = a.exam_id "
    "JOIN questions q ON q.id = x.question_id "
    "WHERE x.question_id = ?1 AND a.state IN ('submitted', 'graded') ORDER BY x.attempt_id, x.position", error);
  KEFU_AUTO_QUERY *update = kefu_query_prepare (store,
    "UPDATE attempt_answers SET score = ?1, correct = ?2 WHERE attempt_id = ?3 AND position = ?4", error);
  KEFU_AUTO_QUERY *change = kefu_query_prepare (store,
    "INSERT INTO score_changes (attempt_id, position, kind, old_score, new_score, correction_id, changed_by, changed_at) "
    "VALUES (?1, ?2, 'key', ?3, ?4, ?5, ?6, ?7)", error);
  KEFU_AUTO_QUERY *totals = kefu_query_prepare (store,
    "UPDATE score_changes SET old_attempt_score = ?2, new_attempt_score = ?3 WHERE correction_id = ?4 AND attempt_id = ?1",
    error);
  KEFU_AUTO_QUERY *attempt = kefu_query_prepare (store,
    "UPDATE attempts SET score = (SELECT SUM(score) FROM attempt_answers WHERE attempt_id = ?1), "
    "  passed = CASE WHEN state = 'graded' THEN (SELECT CASE WHEN 100.0 * SUM(x.score) / MAX(SUM(x.max_score), 1e-9) "
    "    >= (SELECT e.pass_mark FROM exams e WHERE e.id = attempts.exam_id) - 1e-9 THEN 1 ELSE 0 END "
    "    FROM attempt_answers x WHERE x.attempt_id = ?1) "
    "    ELSE passed END "
    "WHERE id = ?1 RETURNING COALESCE(passed, 0)", error);
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) passed_before = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;

  if (rows == NULL || update == NULL || change == NULL || totals == NULL || attempt == NULL)
    return FALSE;
  for (guint v = 0; v < ids->len; v++)
    {
      gint64 qid = g_array_index (ids, gint64, v);
      g_autoptr(KefuQuestion) q = kefu_question_load (store, qid, error);
      int rc;

      if (q == NULL)
        return FALSE;
      kefu_query_reset (rows);
      kefu_query_bind_int (rows, 1, qid);
      while ((rc = kefu_query_step (store, rows, error)) == KEFU_QUERY_ROW)
        {
          gint64 attempt_id = kefu_query_get_int (rows, 0);
          guint position = (int) kefu_query_get_int (rows, 1);
          const char *answer = kefu_query_get_text (rows, 2);
          gboolean had = !kefu_query_is_null (rows, 3);
          double old = kefu_query_get_double (rows, 3), max = kefu_query_get_double (rows, 4), score;
          KefuScoring scoring = g_strcmp0 (kefu_query_get_text (rows, 5), "all_or_nothing") == 0
                                ? KEFU_SCORING_ALL_OR_NOTHING : KEFU_SCORING_PARTIAL;
          gboolean correct = FALSE;

          score = kefu_question_score (q, answer, scoring, &correct);
          if (isnan (score))
            continue;
          score = score * max / MAX (q->points, 1e-9);
          result->n_answers++;
          if (had && fabs (score - old) < 1e-9)
            continue;
          if (!g_hash_table_contains (before, &attempt_id))
            {
              KEFU_AUTO_QUERY *info = kefu_query_prepare (store,
                "SELECT COALESCE(passed, 0) FROM attempts WHERE id = ?1", error);
              double *total = g_new (double, 1);

              if (info == NULL)
                {
                  g_free (total);
                  return FALSE;
                }
              *total = attempt_score (store, attempt_id);
              g_hash_table_insert (before, g_memdup2 (&attempt_id, sizeof attempt_id), total);
              kefu_query_bind_int (info, 1, attempt_id);
              g_hash_table_insert (passed_before, g_memdup2 (&attempt_id, sizeof attempt_id),
                                   GINT_TO_POINTER (kefu_query_step (store, info, NULL) == KEFU_QUERY_ROW && (int) kefu_query_get_int (info, 0)));
            }
          kefu_query_reset (update);
          kefu_query_bind_double (update, 1, score);
          kefu_query_bind_int (update, 2, correct);
          kefu_query_bind_int (update, 3, attempt_id);
          kefu_query_bind_int (update, 4, position);
          kefu_query_reset (change);
          kefu_query_bind_int (change, 1, attempt_id);
          kefu_query_bind_int (change, 2, position);
          if (had)
            kefu_query_bind_double (change, 3, old);
          else
            kefu_query_bind_null (change, 3);
          kefu_query_bind_double (change, 4, score);
          kefu_query_bind_int (change, 5, correction_id);
          kefu_query_bind_id (change, 6, kefu_store_get_actor (store));
          kefu_query_bind_int (change, 7, kefu_store_now (store));
          if (!kefu_query_run (store, update, error) || !kefu_query_run (store, change, error))
            return FALSE;
          result->n_changed++;
        }
      if (rc == KEFU_QUERY_FAILED)
        return FALSE;
    }

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 attempt_id = *(gint64 *) key;
      gboolean was = GPOINTER_TO_INT (g_hash_table_lookup (passed_before, &attempt_id)), now;

      kefu_query_reset (attempt);
      kefu_query_bind_int (attempt, 1, attempt_id);
      if (kefu_query_step (store, attempt, error) != KEFU_QUERY_ROW)
        {
          return FALSE;
        }
      now = (int) kefu_query_get_int (attempt, 0);
      kefu_query_reset (attempt);
      kefu_query_reset (totals);
      kefu_query_bind_int (totals, 1, attempt_id);
      kefu_query_bind_double (totals, 2, *(double *) value);
      kefu_query_bind_double (totals, 3, attempt_score (store, attempt_id));
      kefu_query_bind_int (totals, 4, correction_id);
      if (!kefu_query_run (store, totals, error))
        return FALSE;
      result->n_attempts++;
      if (!was != !now)
        result->n_pass_changed++;
    }
  return TRUE;
}

/* Fixes the key of question @question_id (any version: every version with
 * the same wrong key is fixed) and re-marks the attempts that answered it.
 * @key as kefu_question_key_text() gives it; @reason is required. */
gboolean
kefu_question_correct_key (KefuStore          *store,
                           gint64              question_id,
                           const char         *key,
                           const char         *reason,
                           KefuKeyCorrection  *result,
                           GError            **error)
{
  g_autoptr(KefuQuestion) q = NULL;
  g_autofree char *old_key = NULL, *new_key = NULL, *old_answer = NULL, *detail = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  KefuKeyCorrection local = { 0 };
  KEFU_AUTO_QUERY *family = NULL;
  KEFU_AUTO_QUERY *record = NULL;
  gint64 correction_id;

  if (result == NULL)
    result = &local;
  memset (result, 0, sizeof *result);
  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return FALSE;
  if (*trimmed == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Say why the key is corrected: the reason is kept with the change."));
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  if ((q = kefu_question_load (store, question_id, error)) == NULL)
    goto fail;
  old_key = kefu_question_key_text (q);
  if (!apply_key (q, key != NULL ? key : "", error))
    {
      g_prefix_error (error, _("Question %lld: "), (long long) question_id);
      goto fail;
    }
  new_key = kefu_question_key_text (q);
  if (g_strcmp0 (old_key, new_key) == 0 && !kefu_question_has_weights (q))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Question %lld already has the key “%s”: nothing to correct."), (long long) question_id, new_key);
      goto fail;
    }

  /* the versions with the same text of choices and the same wrong key */
  family = kefu_query_prepare (store,
    "SELECT q.id FROM questions q, questions f WHERE f.id = ?1 "
    "AND COALESCE(q.family_id, q.id) = COALESCE(f.family_id, f.id) AND q.type = f.type "
    "AND q.answer = f.answer AND COALESCE(q.options, '') = COALESCE(f.options, '') "
    "AND COALESCE(q.option_weights, '') = COALESCE(f.option_weights, '') ORDER BY q.id", error);
  if (family == NULL)
    goto fail;
  kefu_query_bind_int (family, 1, question_id);
  while (kefu_query_step (store, family, NULL) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (family, 0);
      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(KefuQuestion) v = kefu_question_load (store, g_array_index (ids, gint64, i), error);
      if (v == NULL || !apply_key (v, key, error) || !kefu_question_overwrite (store, v, error))
        goto fail;
    }
  result->n_versions = ids->len;

  record = kefu_query_prepare (store,
    "INSERT INTO key_corrections (question_id, old_key, new_key, reason, corrected_by, corrected_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (record == NULL)
    goto fail;
  kefu_query_bind_int (record, 1, question_id);
  kefu_query_bind_text (record, 2, old_key);
  kefu_query_bind_text (record, 3, new_key);
  kefu_query_bind_text (record, 4, trimmed);
  kefu_query_bind_id (record, 5, kefu_store_get_actor (store));
  kefu_query_bind_int (record, 6, kefu_store_now (store));
  if (!kefu_query_run (store, record, error))
    goto fail;
  correction_id = kefu_query_last_id (store);
  if (!remark (store, ids, correction_id, result, error))
    goto fail;
  {
    KEFU_AUTO_QUERY *count = kefu_query_prepare (store, "UPDATE key_corrections SET n_attempts = ?1 WHERE id = ?2", error);
    if (count == NULL)
      goto fail;
    kefu_query_bind_int (count, 1, result->n_attempts);
    kefu_query_bind_int (count, 2, correction_id);
    if (!kefu_query_run (store, count, error))
      goto fail;
  }
  detail = g_strdup_printf ("%s → %s: %s", old_key, new_key, trimmed);
  if (!kefu_audit_append (store, kefu_store_get_actor (store), "question.correct-key", "questions", question_id, detail,
                          error))
    goto fail;
  return kefu_store_commit (store, error);

fail:
  kefu_store_rollback (store);
  memset (result, 0, sizeof *result);
  return FALSE;
}

/* Voiding ------------------------------------------------------------------ */

gboolean
kefu_attempt_void (KefuStore   *store,
                   gint64       attempt_id,
                   const char  *reason,
                   GError     **error)
{
  g_auto(KefuAttemptInfo) info = { 0 };
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return FALSE;
  if (*trimmed == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Say why the attempt is voided: the reason is kept with it."));
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  if (!kefu_attempt_get_info (store, attempt_id, &info, error))
    goto fail;
  if (info.state == KEFU_ATTEMPT_VOIDED)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Attempt %lld is voided already."),
                   (long long) attempt_id);
      goto fail;
    }
  stmt = kefu_query_prepare (store,
    "UPDATE attempts SET state = 'voided', voided_at = ?1, voided_by = ?2, void_reason = ?3, "
    "submitted_at = COALESCE(submitted_at, ?1) WHERE id = ?4", error);
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_int (stmt, 1, kefu_store_now (store));
  kefu_query_bind_id (stmt, 2, kefu_store_get_actor (store));
  kefu_query_bind_text (stmt, 3, trimmed);
  kefu_query_bind_int (stmt, 4, attempt_id);
  if (!kefu_query_run (store, stmt, error) ||
      !kefu_audit_append (store, kefu_store_get_actor (store), "attempt.void", "attempts", attempt_id, trimmed, error))
    goto fail;
  return kefu_store_commit (store, error);

fail:
  kefu_store_rollback (store);
  return FALSE;
}

/* History ------------------------------------------------------------------ */

void
kefu_score_change_free (KefuScoreChange *change)
{
  if (change == NULL)
    return;
  g_free (change->reason);
  g_free (change->changed_by);
  g_free (change);
}

/* Every change of the attempt's recorded scores, oldest first. */
GPtrArray *
kefu_attempt_score_changes (KefuStore  *store,
                            gint64      attempt_id,
                            GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT s.position, s.kind, s.old_score, s.new_score, COALESCE(s.old_attempt_score, 0), "
    "COALESCE(s.new_attempt_score, 0), COALESCE(k.reason, s.reason), COALESCE(u.name, '?'), s.changed_at "
    "FROM score_changes s LEFT JOIN key_corrections k ON k.id = s.correction_id "
    "LEFT JOIN users u ON u.id = s.changed_by WHERE s.attempt_id = ?1 ORDER BY s.id", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_score_change_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, attempt_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuScoreChange *c = g_new0 (KefuScoreChange, 1);

      c->attempt_id = attempt_id;
      c->position = (int) kefu_query_get_int (stmt, 0);
      c->kind = g_strcmp0 (kefu_query_get_text (stmt, 1), "key") == 0 ? KEFU_SCORE_CHANGE_KEY : KEFU_SCORE_CHANGE_REGRADE;
      c->old_score = kefu_query_is_null (stmt, 2) ? NAN : kefu_query_get_double (stmt, 2);
      c->new_score = kefu_query_get_double (stmt, 3);
      c->old_attempt_score = kefu_query_get_double (stmt, 4);
      c->new_attempt_score = kefu_query_get_double (stmt, 5);
      c->reason = g_strdup (kefu_query_get_text (stmt, 6));
      c->changed_by = g_strdup (kefu_query_get_text (stmt, 7));
      c->changed_at = kefu_query_get_int (stmt, 8);
      g_ptr_array_add (list, c);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

/* Copies and make-ups ------------------------------------------------------ */

static gint64
copy_locked (KefuStore   *store,
             gint64       exam_id,
             const char  *name,
             gint64       makeup_of,
             GError     **error)
{
  g_auto(KefuExamSettings) s = { 0 };
  KEFU_AUTO_QUERY *items = NULL;
  KEFU_AUTO_QUERY *link = NULL;
  gint64 id;

  if (!kefu_exam_load (store, exam_id, &s, error))
    return -1;
  if (name != NULL && *name != '\0')
    {
      g_free (s.name);
      s.name = g_strstrip (g_strdup (name));
    }
  else
    {
      g_autofree char *old = g_steal_pointer (&s.name);
      /* Translators: the name of a copied paper */
      s.name = g_strdup_printf (_("%s (copy)"), old);
    }
  s.paper_seed = 0;   /* its own printed versions */
  if ((id = kefu_exam_create (store, &s, error)) <= 0)
    return -1;
  items = kefu_query_prepare (store,
    "INSERT INTO exam_items (exam_id, position, question_id, draw_module, draw_count, draw_min_difficulty, "
    "draw_bank_id, draw_category, draw_type, draw_max_difficulty) "
    "SELECT ?1, position, question_id, draw_module, draw_count, draw_min_difficulty, draw_bank_id, draw_category, "
    "draw_type, draw_max_difficulty FROM exam_items WHERE exam_id = ?2", error);
  if (items == NULL)
    return -1;
  kefu_query_bind_int (items, 1, id);
  kefu_query_bind_int (items, 2, exam_id);
  if (!kefu_query_run (store, items, error))
    return -1;
  link = kefu_query_prepare (store, "UPDATE exams SET makeup_of = ?1 WHERE id = ?2", error);
  if (link == NULL)
    return -1;
  kefu_query_bind_id (link, 1, makeup_of);
  kefu_query_bind_int (link, 2, id);
  if (!kefu_query_run (store, link, error))
    return -1;
  return id;
}

/* A new draft like paper @exam_id, named @name (NULL: "… (copy)"). */
gint64
kefu_exam_copy (KefuStore   *store,
                gint64       exam_id,
                const char  *name,
                GError     **error)
{
  gint64 id;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || !kefu_store_begin (store, error))
    return -1;
  id = copy_locked (store, exam_id, name, 0, error);
  if (id <= 0 || !kefu_audit_append (store, kefu_store_get_actor (store), "exam.copy", "exams", id, NULL, error))
    {
      kefu_store_rollback (store);
      return -1;
    }
  return kefu_store_commit (store, error) ? id : -1;
}

/* The make-up paper (补考) for @exam_id, published and assigned from
 * @opens_at to @closes_at to those who failed it or missed it. */
gint64
kefu_exam_make_up (KefuStore   *store,
                   gint64       exam_id,
                   gint64       opens_at,
                   gint64       closes_at,
                   guint       *n_assigned,
                   GError     **error)
{
  g_auto(KefuExamSettings) s = { 0 };
  g_autoptr(GArray) people = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *name = NULL;
  KEFU_AUTO_QUERY *who = NULL;
  gint64 id;
  KefuQueryStep rc;

  if (n_assigned != NULL)
    *n_assigned = 0;
  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || !kefu_exam_load (store, exam_id, &s, error))
    return -1;
  if (s.state == KEFU_EXAM_DRAFT)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The paper “%s” is a draft: nobody has sat it, so there is nothing to make up."), s.name);
      return -1;
    }
  if (closes_at <= opens_at)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The make-up paper must close after it opens."));
      return -1;
    }
  if (!kefu_store_begin (store, error))
    return -1;
  /* those assigned, or who sat it; without a pass and with nothing waiting */
  who = kefu_query_prepare (store,
    "SELECT p.user_id FROM (SELECT user_id FROM exam_assignments WHERE exam_id = ?1 "
    "  UNION SELECT user_id FROM attempts WHERE exam_id = ?1 AND state <> 'voided') p "
    "JOIN users u ON u.id = p.user_id WHERE u.active <> 0 "
    "AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.exam_id = ?1 AND a.user_id = p.user_id "
    "  AND (a.state IN ('in_progress', 'submitted') OR (a.state = 'graded' AND a.passed <> 0))) "
    "ORDER BY p.user_id", error);
  if (who == NULL)
    goto fail;
  kefu_query_bind_int (who, 1, exam_id);
  while ((rc = kefu_query_step (store, who, error)) == KEFU_QUERY_ROW)
    {
      gint64 user = kefu_query_get_int (who, 0);
      g_array_append_val (people, user);
    }
  if (rc == KEFU_QUERY_FAILED)
    goto fail;
  if (people->len == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Nobody needs a make-up of “%s”: everyone it was set for passed it or still waits for grading."),
                   s.name);
      goto fail;
    }
  /* Translators: the name of a make-up paper (补考) */
  name = g_strdup_printf (_("%s (make-up)"), s.name);
  if ((id = copy_locked (store, exam_id, name, exam_id, error)) <= 0 ||
      !kefu_exam_publish_locked (store, id, error))
    goto fail;
  for (guint i = 0; i < people->len; i++)
    if (!kefu_exam_assign (store, id, g_array_index (people, gint64, i), opens_at, closes_at, error))
      goto fail;
  if (!kefu_audit_append (store, kefu_store_get_actor (store), "exam.make-up", "exams", id, NULL, error) ||
      !kefu_store_commit (store, error))
    goto fail;
  if (n_assigned != NULL)
    *n_assigned = people->len;
  return id;

fail:
  kefu_store_rollback (store);
  return -1;
}

/* The paper @exam_id makes up for, or 0. */
gint64
kefu_exam_makeup_of (KefuStore *store,
                     gint64     exam_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT COALESCE(makeup_of, 0) FROM exams WHERE id = ?1", NULL);

  if (stmt == NULL)
    return 0;
  kefu_query_bind_int (stmt, 1, exam_id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW ? kefu_query_get_int (stmt, 0) : 0;
}

/* The attempts at a paper that were submitted, graded or voided (gint64
 * ids), in the order they were started. */
GArray *
kefu_exam_attempt_ids (KefuStore  *store,
                       gint64      exam_id,
                       GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT id FROM attempts WHERE exam_id = ?1 AND state <> 'in_progress' ORDER BY started_at, id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (stmt == NULL)
    return NULL;
  if (!kefu_auth_require (store, KEFU_PERMISSION_SEE_TRAINING_RESULTS, error))
    return NULL;
  kefu_query_bind_int (stmt, 1, exam_id);
  while (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);
      g_array_append_val (ids, id);
    }
  return g_steal_pointer (&ids);
}

/* "Voided by 赵老师 on 2026-12-01 09:00: reason", or NULL when not voided. */
char *
kefu_attempt_void_note (KefuStore *store,
                        gint64     attempt_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT COALESCE(u.name, '?'), a.voided_at, COALESCE(a.void_reason, '') FROM attempts a "
    "LEFT JOIN users u ON u.id = a.voided_by WHERE a.id = ?1 AND a.state = 'voided'", NULL);
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *when = NULL;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, attempt_id);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    return NULL;
  dt = g_date_time_new_from_unix_local (kefu_query_get_int (stmt, 1));
  when = dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("?");
  /* Translators: who voided an attempt, when, and why */
  return g_strdup_printf (_("Voided by %s on %s: %s"), kefu_query_get_text (stmt, 0), when, kefu_query_get_text (stmt, 2));
}
