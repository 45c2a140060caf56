/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-attempt.c — answers and attempts (see kefu-exam.h)
 *
 * How an answer is normalised and scored against its question, and an
 * attempt's life: started on the paper's layout for the trainee,
 * answers saved durably one by one, submitted (by the trainee or the
 * clock), graded by hand where the paper has written answers, and paper
 * sheets keyed in with the sitting's date. The papers themselves (draw
 * rules, checking, publishing, assigning, the layout) are in kefu-exam.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-exam.h"
#include "kefu-practice.h"
#include "kefu-training-private.h"

/* Answers ----------------------------------------------------------------- */

/* Trimmed, whitespace runs as one space, NFKC (full-width letters, digits
 * and spaces become half-width), case-folded. */
char *
kefu_answer_normalize (const char *text)
{
  g_autofree char *nfkc = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *folded = g_utf8_casefold (nfkc != NULL ? nfkc : "", -1);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
parse_true_false (const char *text,
                  gboolean   *value)
{
  static const char *const yes[] = { "true", "t", "对", "正确", "√", "是", NULL };
  static const char *const no[] = { "false", "f", "错", "错误", "×", "否", NULL };
  g_autofree char *key = kefu_answer_normalize (text);

  if (g_strv_contains (yes, key))
    *value = TRUE;
  else if (g_strv_contains (no, key))
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* An answer in its stored form: choice letters upper-case, sorted, each
 * once; "true"/"false"; text trimmed. NULL with @error when it cannot be
 * an answer to @q (a letter that is not a choice…). "" stays "". */
char *
kefu_answer_canonical (const KefuQuestion  *q,
                       const char          *answer,
                       GError             **error)
{
  gboolean chosen[26] = { FALSE };
  GString *s;
  guint n = 0;

  if (answer == NULL || *answer == '\0')
    return g_strdup ("");
  switch (q->type)
    {
    case KEFU_QUESTION_SINGLE_CHOICE:
    case KEFU_QUESTION_MULTIPLE_CHOICE:
      for (const char *p = answer; *p != '\0'; p++)
        {
          char c = g_ascii_toupper (*p);
          if (c == ',' || c == ' ' || c == ';')
            continue;
          if (c < 'A' || (guint) (c - 'A') >= MIN (q->options->len, 26))
            {
              g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                           _("“%s” is not a choice of this question (A–%c)."), answer,
                           'A' + MIN (q->options->len, 26) - 1);
              return NULL;
            }
          n += !chosen[c - 'A'];
          chosen[c - 'A'] = TRUE;
        }
      if (q->type == KEFU_QUESTION_SINGLE_CHOICE && n > 1)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       _("A single-choice question takes one choice, not “%s”."), answer);
          return NULL;
        }
      s = g_string_new (NULL);
      for (guint i = 0; i < 26; i++)
        if (chosen[i])
          g_string_append_c (s, 'A' + i);
      return g_string_free (s, FALSE);
    case KEFU_QUESTION_TRUE_FALSE:
      {
        gboolean value;
        if (!parse_true_false (answer, &value))
          {
            g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                         _("“%s” is neither true nor false."), answer);
            return NULL;
          }
        return g_strdup (value ? "true" : "false");
      }
    case KEFU_QUESTION_SHORT_ANSWER:
    case KEFU_QUESTION_CASE_ANALYSIS:
    case KEFU_QUESTION_WRITTEN:
      return g_strstrip (g_strdup (answer));
    case KEFU_QUESTION_N_TYPES:
    default:
      g_assert_not_reached ();
    }
}

/* The score of @answer (stored form) out of q->points; NAN for a case
 * analysis, which a trainer grades. */
double
kefu_question_score (const KefuQuestion *q,
                     const char         *answer,
                     KefuScoring         scoring,
                     gboolean           *correct)
{
  double score = 0;
  gboolean right = FALSE;

  if (answer == NULL)
    answer = "";
  switch (q->type)
    {
    case KEFU_QUESTION_SINGLE_CHOICE:
      /* as Moodle: the chosen choice's weight (~%50% gives half), never below 0 */
      if (strlen (answer) == 1 && (guint) (answer[0] - 'A') < q->options->len)
        {
          double w = kefu_question_weight (q, answer[0] - 'A');
          right = w >= 100 - 1e-9;
          score = CLAMP (w, 0, 100) / 100.0 * q->points;
        }
      break;
    case KEFU_QUESTION_MULTIPLE_CHOICE:
      {
        gboolean chosen[26] = { FALSE };
        double sum = 0;

        right = *answer != '\0';
        for (const char *p = answer; *p != '\0'; p++)
          if (*p >= 'A' && (guint) (*p - 'A') < MIN (q->options->len, 26))
            chosen[*p - 'A'] = TRUE;
        for (guint i = 0; i < MIN (q->options->len, 26); i++)
          {
            double w = kefu_question_weight (q, i);
            if (chosen[i])
              sum += w;
            if (chosen[i] != (w > 0))
              right = FALSE;
          }
        if (scoring == KEFU_SCORING_ALL_OR_NOTHING)
          score = right ? q->points : 0;
        else
          score = CLAMP (sum, 0, 100) / 100.0 * q->points;
        right = right || score >= q->points - 1e-9;
      }
      break;
    case KEFU_QUESTION_TRUE_FALSE:
      right = g_str_equal (answer, q->answer_true ? "true" : "false");
      score = right ? q->points : 0;
      break;
    case KEFU_QUESTION_SHORT_ANSWER:
      {
        g_autofree char *given = kefu_answer_normalize (answer);
        double best = 0;

        for (guint i = 0; *given != '\0' && i < q->options->len; i++)
          {
            g_autofree char *accepted = kefu_answer_normalize (q->options->pdata[i]);
            if (g_str_equal (given, accepted))
              best = MAX (best, kefu_question_weight (q, i));
          }
        score = CLAMP (best, 0, 100) / 100.0 * q->points;
        right = best >= 100 - 1e-9;
      }
      break;
    case KEFU_QUESTION_CASE_ANALYSIS:
    case KEFU_QUESTION_WRITTEN:
      if (correct != NULL)
        *correct = FALSE;
      /* nothing written scores nothing: no trainer needed for that */
      {
        g_autofree char *given = kefu_answer_normalize (answer);
        return *given == '\0' ? 0 : NAN;
      }
    case KEFU_QUESTION_N_TYPES:
    default:
      g_assert_not_reached ();
    }
  if (correct != NULL)
    *correct = right;
  return score;
}

static gboolean
is_choice (const KefuAttemptItem *item)
{
  return item->question->type == KEFU_QUESTION_SINGLE_CHOICE ||
         item->question->type == KEFU_QUESTION_MULTIPLE_CHOICE;
}

/* The letters the trainee saw ("A" = the first choice shown) → the
 * question's own letters; other answers pass unchanged. NULL for a letter
 * that was not shown. */
char *
kefu_attempt_item_from_shown (const KefuAttemptItem *item,
                              const char            *shown)
{
  GString *s;

  if (!is_choice (item) || shown == NULL)
    return g_strdup (shown);
  s = g_string_new (NULL);
  for (const char *p = shown; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);
      if (c == ',' || c == ' ' || c == ';')
        continue;
      if (c < 'A' || (guint) (c - 'A') >= item->option_order->len)
        {
          g_string_free (s, TRUE);
          return NULL;
        }
      g_string_append_c (s, 'A' + g_array_index (item->option_order, guint, c - 'A'));
    }
  return g_string_free (s, FALSE);
}

/* The other way: the question's letters → the letters shown, sorted. */
char *
kefu_attempt_item_to_shown (const KefuAttemptItem *item,
                            const char            *answer)
{
  GString *s;

  if (!is_choice (item) || answer == NULL)
    return g_strdup (answer);
  s = g_string_new (NULL);
  for (guint k = 0; k < item->option_order->len; k++)
    if (strchr (answer, 'A' + g_array_index (item->option_order, guint, k)) != NULL)
      g_string_append_c (s, 'A' + k);
  return g_string_free (s, FALSE);
}

/* Attempts ---------------------------------------------------------------- */

static char *
format_order (GArray *order)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < order->len; i++)
    g_string_append_printf (s, "%s%u", i ? "," : "", g_array_index (order, guint, i));
  return g_string_free (s, FALSE);
}

static gint64
count_attempts (KefuStore  *store,
                gint64      exam_id,
                gint64      user_id,
                const char *extra)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM attempts WHERE exam_id = ?1 AND user_id = ?2 "
                                          "AND state <> 'voided'%s", extra);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, NULL);

  if (stmt == NULL)
    return -1;
  kefu_query_bind_int (stmt, 1, exam_id);
  kefu_query_bind_int (stmt, 2, user_id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW ? kefu_query_get_int (stmt, 0) : -1;
}

static gint64
insert_attempt (KefuStore               *store,
                gint64                   exam_id,
                gint64                   user_id,
                const KefuExamSettings  *settings,
                guint32                  seed,
                const char              *paper_version,
                GPtrArray               *items,
                GError                 **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  KEFU_AUTO_QUERY *answer = NULL;
  gint64 now = kefu_store_now (store), attempts, id;

  if (count_attempts (store, exam_id, user_id, " AND state = 'in_progress'") > 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("An attempt at the paper “%s” is already in progress: resume it."), settings->name);
      return -1;
    }
  attempts = count_attempts (store, exam_id, user_id, "");
  if (settings->attempts_allowed > 0 && attempts >= settings->attempts_allowed)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   g_dngettext (GETTEXT_PACKAGE, "The paper “%s” allows %d attempt, and it has been used.",
                                "The paper “%s” allows %d attempts, and all have been used.",
                                settings->attempts_allowed),
                   settings->name, settings->attempts_allowed);
      return -1;
    }
  stmt = kefu_query_prepare (store,
    "INSERT INTO attempts (exam_id, user_id, state, seed, started_at, deadline_at, paper_version) "
    "VALUES (?1, ?2, 'in_progress', ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return -1;
  kefu_query_bind_int (stmt, 1, exam_id);
  kefu_query_bind_int (stmt, 2, user_id);
  kefu_query_bind_int (stmt, 3, seed);
  kefu_query_bind_int (stmt, 4, now);
  if (settings->time_limit_min > 0 && paper_version == NULL)
    kefu_query_bind_int (stmt, 5, now + settings->time_limit_min * (gint64) 60);
  else
    kefu_query_bind_null (stmt, 5);
  kefu_query_bind_text_or_null (stmt, 6, paper_version);
  if (!kefu_query_run (store, stmt, error))
    return -1;
  id = kefu_query_last_id (store);
  /* a trainee's paper on a server: the server draws its questions
   * (kefu_draw_paper(), server migration 36), so that no desk chooses
   * them; a printed version's sheet keeps the version's own rows */
  if (items == NULL)
    return kefu_query_exec (store, "SELECT kefu_draw_paper (?1)", id, 0, error) ? id : -1;

  answer = kefu_query_prepare (store,
    "INSERT INTO attempt_answers (attempt_id, position, question_id, option_order, max_score) VALUES (?1, ?2, ?3, ?4, ?5)",
    error);
  if (answer == NULL)
    return -1;
  for (guint i = 0; i < items->len; i++)
    {
      KefuAttemptItem *item = items->pdata[i];
      g_autofree char *order = format_order (item->option_order);

      kefu_query_reset (answer);
      kefu_query_bind_int (answer, 1, id);
      kefu_query_bind_int (answer, 2, item->position);
      kefu_query_bind_int (answer, 3, item->question->id);
      kefu_query_bind_text_or_null (answer, 4, order);
      kefu_query_bind_double (answer, 5, item->max_score);
      if (!kefu_query_run (store, answer, error))
        return -1;
    }
  return id;
}

/* Starts @user_id's attempt at a paper, laid out from @seed (0: a random
 * one; on a server the server draws it at random, and @seed is only
 * recorded). Refused when the attempts allowed are used up or another attempt
 * is in progress (kefu_attempt_find_open() finds it to resume). */
gint64
kefu_attempt_start (KefuStore  *store,
                    gint64      exam_id,
                    gint64      user_id,
                    guint32     seed,
                    GError    **error)
{
  g_auto(KefuExamSettings) settings = { 0 };
  g_autoptr(GPtrArray) items = NULL;
  gint64 id;

  if (seed == 0)
    seed = g_random_int () | 1;
  if (!kefu_store_begin (store, error))
    return -1;
  if (!kefu_exam_may_start (store, exam_id, user_id, error) ||
      !kefu_exam_load (store, exam_id, &settings, error) ||
      (!kefu_store_is_server (store) && (items = kefu_exam_layout (store, exam_id, seed, seed, error)) == NULL) ||
      (id = insert_attempt (store, exam_id, user_id, &settings, seed, NULL, items, error)) <= 0)
    {
      kefu_store_rollback (store);
      return -1;
    }
  if (!kefu_store_commit (store, error))
    return -1;
  return id;
}

/* How many attempts @user_id has made at a paper (in progress included). */
gint64
kefu_attempts_count (KefuStore *store,
                     gint64     exam_id,
                     gint64     user_id)
{
  return count_attempts (store, exam_id, user_id, "");
}

/* The attempt in progress of @user_id at a paper, or 0. */
gint64
kefu_attempt_find_open (KefuStore  *store,
                        gint64      exam_id,
                        gint64      user_id,
                        GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT id FROM attempts WHERE exam_id = ?1 AND user_id = ?2 AND state = 'in_progress' ORDER BY id DESC LIMIT 1",
    error);

  if (stmt == NULL)
    return -1;
  kefu_query_bind_int (stmt, 1, exam_id);
  kefu_query_bind_int (stmt, 2, user_id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW ? kefu_query_get_int (stmt, 0) : 0;
}

gboolean
kefu_attempt_get_info (KefuStore        *store,
                       gint64            attempt_id,
                       KefuAttemptInfo  *info,
                       GError          **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT a.exam_id, a.user_id, a.state, a.seed, a.paper_version, a.started_at, COALESCE(a.deadline_at, 0), "
    "COALESCE(a.submitted_at, 0), "
    "(SELECT COALESCE(SUM(score), 0) FROM attempt_answers WHERE attempt_id = a.id), "
    "(SELECT COALESCE(SUM(COALESCE(max_score, q.points)), 0) FROM attempt_answers x JOIN questions q ON q.id = x.question_id "
    "  WHERE x.attempt_id = a.id), "
    "COALESCE(a.passed, 0), "
    "(SELECT count(*) FROM attempt_answers WHERE attempt_id = a.id AND score IS NULL) "
    "FROM attempts a WHERE a.id = ?1", error);
  const char *state;

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, attempt_id);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no attempt %lld."),
                   (long long) attempt_id);
      return FALSE;
    }
  memset (info, 0, sizeof *info);
  info->id = attempt_id;
  info->exam_id = kefu_query_get_int (stmt, 0);
  info->user_id = kefu_query_get_int (stmt, 1);
  state = kefu_query_get_text (stmt, 2);
  info->state = g_strcmp0 (state, "graded") == 0 ? KEFU_ATTEMPT_GRADED
                : g_strcmp0 (state, "submitted") == 0 ? KEFU_ATTEMPT_SUBMITTED
                : g_strcmp0 (state, "voided") == 0 ? KEFU_ATTEMPT_VOIDED : KEFU_ATTEMPT_IN_PROGRESS;
  info->seed = (guint32) kefu_query_get_int (stmt, 3);
  info->paper_version = g_strdup (kefu_query_get_text (stmt, 4));
  info->started_at = kefu_query_get_int (stmt, 5);
  info->deadline_at = kefu_query_get_int (stmt, 6);
  info->submitted_at = kefu_query_get_int (stmt, 7);
  info->score = kefu_query_get_double (stmt, 8);
  info->max_score = kefu_query_get_double (stmt, 9);
  info->percent = info->max_score > 0 ? 100.0 * info->score / info->max_score : 0;
  info->passed = (int) kefu_query_get_int (stmt, 10);
  info->n_ungraded = info->state == KEFU_ATTEMPT_IN_PROGRESS ? 0 : (int) kefu_query_get_int (stmt, 11);
  return TRUE;
}

/* The attempt's questions as they were given, with the answers so far. */
GPtrArray *
kefu_attempt_items (KefuStore  *store,
                    gint64      attempt_id,
                    GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT position, question_id, option_order, answer, flagged, score, COALESCE(max_score, -1), correct, comment "
    "FROM attempt_answers WHERE attempt_id = ?1 ORDER BY position", error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_attempt_item_free);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, attempt_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuAttemptItem *item = g_new0 (KefuAttemptItem, 1);
      const char *order = kefu_query_get_text (stmt, 2);
      gint64 qid = kefu_query_get_int (stmt, 1);

      item->position = (int) kefu_query_get_int (stmt, 0);
      item->option_order = g_array_new (FALSE, FALSE, sizeof (guint));
      if (order != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (order, ",", -1);
          for (guint i = 0; parts[i] != NULL; i++)
            {
              guint o = (guint) g_ascii_strtoull (parts[i], NULL, 10);
              g_array_append_val (item->option_order, o);
            }
        }
      item->answer = g_strdup (kefu_query_get_text (stmt, 3));
      item->flagged = (int) kefu_query_get_int (stmt, 4);
      item->graded = !kefu_query_is_null (stmt, 5);
      item->score = kefu_query_get_double (stmt, 5);
      item->max_score = kefu_query_get_double (stmt, 6);
      item->correct = (int) kefu_query_get_int (stmt, 7);
      item->comment = g_strdup (kefu_query_get_text (stmt, 8));
      g_ptr_array_add (items, item);
      g_array_append_val (rows, qid);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  kefu_query_reset (stmt);
  for (guint i = 0; i < items->len; i++)
    {
      KefuAttemptItem *item = items->pdata[i];

      item->question = kefu_question_load (store, g_array_index (rows, gint64, i), error);
      if (item->question == NULL)
        return NULL;
      if (item->max_score < 0)
        item->max_score = item->question->points;
      /* rows from before the layout was stored: the question's own order */
      if (item->option_order->len == 0 && item->question->type != KEFU_QUESTION_SHORT_ANSWER)
        for (guint k = 0; k < item->question->options->len; k++)
          g_array_append_val (item->option_order, k);
    }
  return g_steal_pointer (&items);
}

static gboolean
require_in_progress (KefuStore        *store,
                     gint64            attempt_id,
                     KefuAttemptInfo  *info,
                     GError          **error)
{
  if (!kefu_attempt_get_info (store, attempt_id, info, error))
    return FALSE;
  if (info->state != KEFU_ATTEMPT_IN_PROGRESS)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The attempt has been submitted; its answers can no longer change."));
      return FALSE;
    }
  return TRUE;
}

static KefuQuestion *
question_at (KefuStore  *store,
             gint64      attempt_id,
             guint       position,
             GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT question_id FROM attempt_answers WHERE attempt_id = ?1 AND position = ?2", error);
  gint64 qid;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, attempt_id);
  kefu_query_bind_int (stmt, 2, position);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("The attempt has no question %u."), position);
      return NULL;
    }
  qid = kefu_query_get_int (stmt, 0);
  kefu_query_reset (stmt);
  return kefu_question_load (store, qid, error);
}

/* Saves the answer to question @position (the question's own letters, see
 * kefu_attempt_item_from_shown()), durably, in its own transaction; NULL
 * or "" clears it. Refused once submitted or after the deadline. */
gboolean
kefu_attempt_save_answer (KefuStore   *store,
                          gint64       attempt_id,
                          guint        position,
                          const char  *answer,
                          GError     **error)
{
  g_auto(KefuAttemptInfo) info = { 0 };
  g_autoptr(KefuQuestion) q = NULL;
  g_autofree char *canonical = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!kefu_store_begin (store, error))
    return FALSE;
  if (!require_in_progress (store, attempt_id, &info, error) ||
      (q = question_at (store, attempt_id, position, error)) == NULL ||
      (canonical = kefu_answer_canonical (q, answer, error)) == NULL)
    goto fail;
  if (info.deadline_at > 0 && kefu_store_now (store) > info.deadline_at)
    {
      /* what was saved in time is graded; this answer came too late */
      kefu_store_rollback (store);
      if (!kefu_attempt_submit (store, attempt_id, error))
        return FALSE;
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Time is up: the answer was not saved, and the attempt was submitted."));
      return FALSE;
    }
  stmt = kefu_query_prepare (store,
    "UPDATE attempt_answers SET answer = ?1, answered_at = ?2 WHERE attempt_id = ?3 AND position = ?4", error);
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_text_or_null (stmt, 1, canonical);
  if (*canonical != '\0')
    kefu_query_bind_int (stmt, 2, kefu_store_now (store));
  else
    kefu_query_bind_null (stmt, 2);
  kefu_query_bind_int (stmt, 3, attempt_id);
  kefu_query_bind_int (stmt, 4, position);
  if (!kefu_query_run (store, stmt, error))
    goto fail;
  return kefu_store_commit (store, error);

fail:
  kefu_store_rollback (store);
  return FALSE;
}

gboolean
kefu_attempt_set_flagged (KefuStore  *store,
                          gint64      attempt_id,
                          guint       position,
                          gboolean    flagged,
                          GError    **error)
{
  g_auto(KefuAttemptInfo) info = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!require_in_progress (store, attempt_id, &info, error))
    return FALSE;
  stmt = kefu_query_prepare (store,
    "UPDATE attempt_answers SET flagged = ?1 WHERE attempt_id = ?2 AND position = ?3", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, !!flagged);
  kefu_query_bind_int (stmt, 2, attempt_id);
  kefu_query_bind_int (stmt, 3, position);
  return kefu_query_run (store, stmt, error);
}

/* Seconds left at @now (never below 0); -1 when the paper has no time
 * limit, or on error. */
gint64
kefu_attempt_remaining_seconds (KefuStore  *store,
                                gint64      attempt_id,
                                gint64      now,
                                GError    **error)
{
  g_auto(KefuAttemptInfo) info = { 0 };

  if (!kefu_attempt_get_info (store, attempt_id, &info, error) || info.deadline_at == 0)
    return -1;
  if (info.state != KEFU_ATTEMPT_IN_PROGRESS)
    return 0;
  return MAX (info.deadline_at - now, 0);
}

static gboolean
finish_if_graded (KefuStore  *store,
                  gint64      attempt_id,
                  GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "UPDATE attempts SET state = 'graded', graded_at = ?2, "
    "  score = (SELECT SUM(score) FROM attempt_answers WHERE attempt_id = ?1), "
    "  max_score = (SELECT SUM(max_score) FROM attempt_answers WHERE attempt_id = ?1), "
    "  passed = (SELECT CASE WHEN 100.0 * SUM(x.score) / MAX(SUM(x.max_score), 1e-9) "
    "                   >= (SELECT e.pass_mark FROM exams e WHERE e.id = attempts.exam_id) - 1e-9 THEN 1 ELSE 0 END "
    "            FROM attempt_answers x WHERE x.attempt_id = ?1) "
    "WHERE id = ?1 AND state <> 'in_progress' "
    "AND NOT EXISTS (SELECT 1 FROM attempt_answers WHERE attempt_id = ?1 AND score IS NULL)", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, attempt_id);
  kefu_query_bind_int (stmt, 2, kefu_store_now (store));
  return kefu_query_run (store, stmt, error);
}

/* Grades every objective answer, queues the wrong ones for re-practice and
 * marks the attempt submitted (graded when nothing waits for a trainer).
 * Runs inside the caller's transaction. */
static gboolean
submit_locked (KefuStore  *store,
               gint64      attempt_id,
               GError    **error)
{
  g_auto(KefuAttemptInfo) info = { 0 };
  g_auto(KefuExamSettings) settings = { 0 };
  g_autoptr(GPtrArray) items = NULL;
  KEFU_AUTO_QUERY *grade = NULL;
  KEFU_AUTO_QUERY *mark = NULL;
  gint64 now = kefu_store_now (store);

  if (!require_in_progress (store, attempt_id, &info, error))
    return FALSE;
  /* on a server the server grades, against keys the trainee's role cannot
   * read, at its own clock (kefu_submit_attempt() in
   * kefu-server-rights.sql: this rule, written for PostgreSQL) */
  if (kefu_store_is_server (store))
    return kefu_query_exec (store, "SELECT kefu_submit_attempt (?1, ?2)", attempt_id, now, error);
  if (!kefu_exam_load (store, info.exam_id, &settings, error) ||
      (items = kefu_attempt_items (store, attempt_id, error)) == NULL)
    return FALSE;
  grade = kefu_query_prepare (store,
    "UPDATE attempt_answers SET score = ?1, correct = ?2 WHERE attempt_id = ?3 AND position = ?4", error);
  if (grade == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      KefuAttemptItem *item = items->pdata[i];
      gboolean correct = FALSE;
      double score = kefu_question_score (item->question, item->answer, settings.scoring, &correct);

      if (isnan (score))
        continue;
      score = score * item->max_score / MAX (item->question->points, 1e-9);
      kefu_query_reset (grade);
      kefu_query_bind_double (grade, 1, score);
      kefu_query_bind_int (grade, 2, correct);
      kefu_query_bind_int (grade, 3, attempt_id);
      kefu_query_bind_int (grade, 4, item->position);
      if (!kefu_query_run (store, grade, error))
        return FALSE;
      if (!correct && !kefu_practice_record (store, info.user_id, item->question->id, FALSE, now, error))
        return FALSE;
    }
  mark = kefu_query_prepare (store,
    "UPDATE attempts SET state = 'submitted', submitted_at = ?1, "
    "  score = (SELECT COALESCE(SUM(score), 0) FROM attempt_answers WHERE attempt_id = ?3), "
    "  max_score = (SELECT SUM(max_score) FROM attempt_answers WHERE attempt_id = ?3) "
    "WHERE id = ?3", error);
  if (mark == NULL)
    return FALSE;
  kefu_query_bind_int (mark, 1, now);
  kefu_query_bind_int (mark, 3, attempt_id);
  if (!kefu_query_run (store, mark, error))
    return FALSE;
  return finish_if_graded (store, attempt_id, error);
}

gboolean
kefu_attempt_submit (KefuStore  *store,
                     gint64      attempt_id,
                     GError    **error)
{
  if (!kefu_store_begin (store, error))
    return FALSE;
  if (!submit_locked (store, attempt_id, error))
    {
      kefu_store_rollback (store);
      return FALSE;
    }
  return kefu_store_commit (store, error);
}

/* What the exam screen's timer calls (and what runs on resume): submits
 * the attempt when its time is up. *submitted says whether it did. */
gboolean
kefu_attempt_check_time (KefuStore  *store,
                         gint64      attempt_id,
                         gint64      now,
                         gboolean   *submitted,
                         GError    **error)
{
  g_auto(KefuAttemptInfo) info = { 0 };

  *submitted = FALSE;
  if (!kefu_attempt_get_info (store, attempt_id, &info, error))
    return FALSE;
  if (info.state != KEFU_ATTEMPT_IN_PROGRESS || info.deadline_at == 0 || now < info.deadline_at)
    return TRUE;
  if (!kefu_attempt_submit (store, attempt_id, error))
    return FALSE;
  *submitted = TRUE;
  return TRUE;
}

/* A trainer's grade for a written answer (case analysis), 0 … its points.
 * The attempt is graded once no answer waits. */
gboolean
kefu_attempt_grade (KefuStore   *store,
                    gint64       attempt_id,
                    guint        position,
                    double       score,
                    const char  *comment,
                    GError     **error)
{
  g_auto(KefuAttemptInfo) info = { 0 };
  g_autoptr(GPtrArray) items = NULL;
  KefuAttemptItem *item = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 grader;

  /* a trainer at the desk, or one who just confirmed with their PIN (taken
   * once the write lock is held: a wait for it keeps the confirmation) */
  if (!kefu_store_require_actor (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  if ((grader = kefu_auth_person_for (store, KEFU_PERMISSION_GRADE, error)) <= 0)
    goto fail;
  if (!kefu_attempt_get_info (store, attempt_id, &info, error) ||
      (items = kefu_attempt_items (store, attempt_id, error)) == NULL)
    goto fail;
  if (info.state == KEFU_ATTEMPT_IN_PROGRESS || info.state == KEFU_ATTEMPT_VOIDED)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   info.state == KEFU_ATTEMPT_VOIDED ? _("The attempt has been voided: it is not graded.")
                                                     : _("The attempt is still in progress; grade it once it is submitted."));
      goto fail;
    }
  for (guint i = 0; i < items->len; i++)
    if (((KefuAttemptItem *) items->pdata[i])->position == position)
      item = items->pdata[i];
  if (item == NULL || !kefu_question_type_is_written (item->question->type))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Question %u of the attempt is not a written answer to grade."), position);
      goto fail;
    }
  if (!(score >= 0) || score > item->max_score + 1e-9)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The grade must be from 0 to %g points, not %g."), item->max_score, score);
      goto fail;
    }
  /* a grade given before is corrected: the change is kept */
  if (item->graded && kefu_question_type_is_written (item->question->type) && fabs (item->score - score) > 1e-9)
    {
      KEFU_AUTO_QUERY *change = kefu_query_prepare (store,
        "INSERT INTO score_changes (attempt_id, position, kind, old_score, new_score, old_attempt_score, "
        "new_attempt_score, changed_by, changed_at) VALUES (?1, ?2, 'regrade', ?3, ?4, ?5, ?6, ?7, ?8)", error);
      if (change == NULL)
        goto fail;
      kefu_query_bind_int (change, 1, attempt_id);
      kefu_query_bind_int (change, 2, position);
      kefu_query_bind_double (change, 3, item->score);
      kefu_query_bind_double (change, 4, score);
      kefu_query_bind_double (change, 5, info.score);
      kefu_query_bind_double (change, 6, info.score - item->score + score);
      kefu_query_bind_int (change, 7, grader);
      kefu_query_bind_int (change, 8, kefu_store_now (store));
      if (!kefu_query_run (store, change, error) ||
          !kefu_audit_append (store, grader, "attempt.regrade", "attempts", attempt_id, NULL, error))
        goto fail;
    }
  stmt = kefu_query_prepare (store,
    "UPDATE attempt_answers SET score = ?1, correct = ?2, graded_by = ?3, comment = ?4 WHERE attempt_id = ?5 AND position = ?6",
    error);
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_double (stmt, 1, score);
  kefu_query_bind_int (stmt, 2, score >= item->max_score - 1e-9);
  kefu_query_bind_int (stmt, 3, grader);
  kefu_query_bind_text_or_null (stmt, 4, comment);
  kefu_query_bind_int (stmt, 5, attempt_id);
  kefu_query_bind_int (stmt, 6, position);
  if (!kefu_query_run (store, stmt, error) ||
      !kefu_query_exec (store, "UPDATE attempts SET score = (SELECT SUM(score) FROM attempt_answers WHERE attempt_id = ?1) "
                               "WHERE id = ?1", attempt_id, 0, error) ||
      !finish_if_graded (store, attempt_id, error))
    goto fail;
  return kefu_store_commit (store, error);

fail:
  kefu_store_rollback (store);
  return FALSE;
}

/* The trainer's marking list: submitted attempts (gint64 ids, oldest
 * first) with written answers still to grade; @exam_id 0 for every paper. */
GArray *
kefu_attempts_awaiting_grading (KefuStore  *store,
                                gint64      exam_id,
                                GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT id FROM attempts WHERE state = 'submitted' AND (?1 = 0 OR exam_id = ?1) ORDER BY submitted_at, id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, exam_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&ids);
}

/* The sheet keyed before: a counted (not voided) attempt at the same paper
 * and printed version by the same trainee; 0 when there is none. The
 * message names when it was keyed, by whom and when it was sat. */
static gint64
find_keyed_sheet (KefuStore   *store,
                  gint64       exam_id,
                  gint64       user_id,
                  const char  *label,
                  const char  *exam_name,
                  char       **message)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT a.id, COALESCE(a.keyed_at, a.submitted_at, a.started_at), COALESCE(k.name, ''), "
    "  COALESCE(a.submitted_at, a.started_at), COALESCE(t.name, '') "
    "FROM attempts a LEFT JOIN users k ON k.id = a.keyed_by LEFT JOIN users t ON t.id = a.user_id "
    "WHERE a.exam_id = ?1 AND a.user_id = ?2 AND a.paper_version = ?3 AND a.state <> 'voided' "
    "ORDER BY a.id DESC LIMIT 1", NULL);
  gint64 id;

  if (stmt == NULL)
    return 0;
  kefu_query_bind_int (stmt, 1, exam_id);
  kefu_query_bind_int (stmt, 2, user_id);
  kefu_query_bind_text (stmt, 3, label);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    return 0;
  id = kefu_query_get_int (stmt, 0);
  if (message != NULL)
    {
      g_autofree char *keyed = kefu_training_format_moment (kefu_query_get_int (stmt, 1));
      g_autofree char *sat = kefu_training_format_moment (kefu_query_get_int (stmt, 3));
      const char *by = kefu_query_get_text (stmt, 2);

      *message = *by != '\0'
        /* Translators: a paper answer sheet keyed in twice; the 1st %s is the trainee, the 3rd the paper */
        ? g_strdup_printf (_("The sheet of %s, version %s of “%s”, was keyed in already on %s by %s (sat %s, attempt %lld). "
                             "Replace it, or void that attempt first."),
                           kefu_query_get_text (stmt, 4), label, exam_name, keyed, by, sat, (long long) id)
        : g_strdup_printf (_("The sheet of %s, version %s of “%s”, was keyed in already on %s (sat %s, attempt %lld). "
                             "Replace it, or void that attempt first."),
                           kefu_query_get_text (stmt, 4), label, exam_name, keyed, sat, (long long) id);
    }
  return id;
}

/* The sheet @user_id already has for version @label of the paper, or 0;
 * @message (may be NULL) says when and by whom it was keyed. */
gint64
kefu_attempt_find_keyed (KefuStore   *store,
                         gint64       exam_id,
                         gint64       user_id,
                         const char  *label,
                         char       **message)
{
  g_auto(KefuExamSettings) settings = { 0 };

  if (message != NULL)
    *message = NULL;
  if (label == NULL || !kefu_exam_load (store, exam_id, &settings, NULL))
    return 0;
  return find_keyed_sheet (store, exam_id, user_id, label, settings.name, message);
}

/* When the paper opened to @user_id: their assignment's opening, else its
 * publication; 0 when unknown. */
static gint64
paper_opened_for (KefuStore *store,
                  gint64     exam_id,
                  gint64     user_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT COALESCE((SELECT opens_at FROM exam_assignments WHERE exam_id = ?1 AND user_id = ?2), "
    "                (SELECT published_at FROM exams WHERE id = ?1), 0)", NULL);

  if (stmt == NULL)
    return 0;
  kefu_query_bind_int (stmt, 1, exam_id);
  kefu_query_bind_int (stmt, 2, user_id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW ? kefu_query_get_int (stmt, 0) : 0;
}

/* A paper exam keyed in afterwards: @shown_answers (NULL-terminated, one
 * per question of printed version @label, "" for none) are the letters
 * ticked on the answer sheet, or 对/错, or the text written. The attempt
 * is recorded and graded like one taken at the desk, as sat at @sat_at
 * (the sitting, entered by the trainer: not in the future by the store's
 * clock, not before the paper opened to the trainee), keyed now by the
 * acting user. A second sheet of the same trainee, paper and version is
 * refused (KEFU_STORE_ERROR_CONFLICT, naming the first keying) unless
 * @replace: the earlier attempt is then voided, on the record, in the same
 * transaction. */
gint64
kefu_attempt_key_in_sheet (KefuStore          *store,
                           gint64              exam_id,
                           gint64              user_id,
                           const char         *label,
                           gint64              sat_at,
                           gboolean            replace,
                           const char * const *shown_answers,
                           GError            **error)
{
  g_auto(KefuExamSettings) settings = { 0 };
  g_autoptr(GPtrArray) items = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 id = -1, earlier, opened, now = kefu_store_now (store);
  g_autofree char *message = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || !kefu_store_begin (store, error))
    return -1;
  if (!kefu_exam_load (store, exam_id, &settings, error) ||
      (items = kefu_exam_paper_version (store, exam_id, label, error)) == NULL)
    goto fail;
  if (settings.state == KEFU_EXAM_DRAFT)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The paper “%s” is a draft: publish it before keying in its sheets."), settings.name);
      goto fail;
    }
  if (sat_at > now)
    {
      g_autofree char *when = kefu_training_format_moment (sat_at);
      g_autofree char *clock = kefu_training_format_moment (now);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The sitting’s date %s is in the future (it is %s now): enter when the sheet was filled in."),
                   when, clock);
      goto fail;
    }
  opened = paper_opened_for (store, exam_id, user_id);
  if (sat_at < opened)
    {
      g_autofree char *when = kefu_training_format_moment (sat_at);
      g_autofree char *open = kefu_training_format_moment (opened);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The sitting’s date %s is before the paper “%s” opened (%s)."), when, settings.name, open);
      goto fail;
    }
  if (g_strv_length ((char **) shown_answers) != items->len)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Version %s of the paper has %u questions, but %u answers were keyed in."),
                   label, items->len, g_strv_length ((char **) shown_answers));
      goto fail;
    }
  earlier = find_keyed_sheet (store, exam_id, user_id, label, settings.name, &message);
  if (earlier > 0 && !replace)
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT, message);
      goto fail;
    }
  if (earlier > 0)
    {
      g_autofree char *keyed = kefu_training_format_moment (now);
      /* Translators: the reason recorded with an attempt replaced by a sheet keyed again */
      g_autofree char *reason = g_strdup_printf (_("Replaced by the sheet keyed in again on %s."), keyed);
      KEFU_AUTO_QUERY *void_stmt = kefu_query_prepare (store,
        "UPDATE attempts SET state = 'voided', voided_at = ?1, voided_by = ?2, void_reason = ?3, "
        "submitted_at = COALESCE(submitted_at, ?1) WHERE id = ?4", error);

      if (void_stmt == NULL)
        goto fail;
      kefu_query_bind_int (void_stmt, 1, now);
      kefu_query_bind_id (void_stmt, 2, kefu_store_get_actor (store));
      kefu_query_bind_text (void_stmt, 3, reason);
      kefu_query_bind_int (void_stmt, 4, earlier);
      if (!kefu_query_run (store, void_stmt, error) ||
          !kefu_audit_append (store, kefu_store_get_actor (store), "attempt.void", "attempts", earlier, reason, error))
        goto fail;
    }
  id = insert_attempt (store, exam_id, user_id, &settings,
                       settings.paper_seed + (guint32) (label[0] - 'A') * 7919u, label, items, error);
  if (id <= 0)
    goto fail;
  stmt = kefu_query_prepare (store,
    "UPDATE attempt_answers SET answer = ?1, answered_at = ?2 WHERE attempt_id = ?3 AND position = ?4", error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < items->len; i++)
    {
      KefuAttemptItem *item = items->pdata[i];
      g_autofree char *own = kefu_attempt_item_from_shown (item, shown_answers[i]);
      g_autofree char *canonical = NULL;

      if (own == NULL)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       _("Answer %u: “%s” is not a choice of that question."), i + 1, shown_answers[i]);
          goto fail;
        }
      canonical = kefu_answer_canonical (item->question, own, error);
      if (canonical == NULL)
        {
          g_prefix_error (error, _("Answer %u: "), i + 1);
          goto fail;
        }
      kefu_query_reset (stmt);
      kefu_query_bind_text_or_null (stmt, 1, canonical);
      kefu_query_bind_int (stmt, 2, sat_at);
      kefu_query_bind_int (stmt, 3, id);
      kefu_query_bind_int (stmt, 4, item->position);
      if (!kefu_query_run (store, stmt, error))
        goto fail;
    }
  if (!submit_locked (store, id, error))
    goto fail;
  /* the sitting's moment, not the keying's */
  {
    KEFU_AUTO_QUERY *when = kefu_query_prepare (store,
      "UPDATE attempts SET started_at = ?1, submitted_at = ?1, keyed_at = ?2, keyed_by = ?3 WHERE id = ?4", error);

    if (when == NULL)
      goto fail;
    kefu_query_bind_int (when, 1, sat_at);
    kefu_query_bind_int (when, 2, now);
    kefu_query_bind_id (when, 3, kefu_store_get_actor (store));
    kefu_query_bind_int (when, 4, id);
    if (!kefu_query_run (store, when, error))
      goto fail;
  }
  if (!kefu_store_commit (store, error))
    return -1;
  return id;

fail:
  kefu_store_rollback (store);
  return -1;
}

/* As kefu_attempt_key_in_sheet(), sat at the store's clock, refusing a
 * sheet keyed before. */
gint64
kefu_attempt_key_in (KefuStore          *store,
                     gint64              exam_id,
                     gint64              user_id,
                     const char         *label,
                     const char * const *shown_answers,
                     GError            **error)
{
  return kefu_attempt_key_in_sheet (store, exam_id, user_id, label, kefu_store_now (store), FALSE,
                                    shown_answers, error);
}
