/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam.c — papers: settings, questions and draw rules, checking,
 * publishing, assigning (to people and staff groups), notices, and the
 * layout each version draws (see kefu-exam.h; answers and attempts are in
 * kefu-attempt.c) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-exam.h"
#include "kefu-practice.h"
#include "kefu-training-private.h"

static const char *const scoring_codes[] = { "partial", "all_or_nothing" };
static const char *const review_codes[] = { "score_only", "mistakes", "score_and_answers" };

const char *
kefu_scoring_code (KefuScoring scoring)
{
  g_return_val_if_fail (scoring <= KEFU_SCORING_ALL_OR_NOTHING, NULL);
  return scoring_codes[scoring];
}

const char *
kefu_review_code (KefuReview review)
{
  g_return_val_if_fail (review <= KEFU_REVIEW_FULL, NULL);
  return review_codes[review];
}

void
kefu_exam_settings_init (KefuExamSettings *s)
{
  memset (s, 0, sizeof *s);
  s->pass_mark = 80;
  s->attempts_allowed = 1;
  s->shuffle_questions = TRUE;
  s->shuffle_options = TRUE;
  s->scoring = KEFU_SCORING_PARTIAL;
  s->review = KEFU_REVIEW_FULL;
}

void
kefu_exam_settings_clear (KefuExamSettings *s)
{
  g_clear_pointer (&s->name, g_free);
}

void
kefu_attempt_info_clear (KefuAttemptInfo *info)
{
  g_clear_pointer (&info->paper_version, g_free);
}

void
kefu_attempt_item_free (KefuAttemptItem *item)
{
  if (item == NULL)
    return;
  kefu_question_free (item->question);
  g_array_unref (item->option_order);
  g_free (item->answer);
  g_free (item->comment);
  g_free (item);
}

/* Papers ----------------------------------------------------------------- */

const char *
kefu_exam_state_code (KefuExamState state)
{
  static const char *const codes[] = { "draft", "published", "withdrawn" };
  g_return_val_if_fail (state <= KEFU_EXAM_WITHDRAWN, NULL);
  return codes[state];
}

/* "single_choice=2,case_analysis=10": the paper's points per type */
static char *
format_type_points (const KefuExamSettings *s)
{
  GString *out = g_string_new (NULL);

  for (guint t = 0; t < KEFU_QUESTION_N_TYPES; t++)
    if (s->type_points[t] > 0)
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append_printf (out, "%s%s=%s", out->len ? "," : "", kefu_question_type_code (t),
                                g_ascii_formatd (buf, sizeof buf, "%.10g", s->type_points[t]));
      }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static void
parse_type_points (KefuExamSettings *s,
                   const char       *text)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return;
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *eq = strchr (parts[i], '=');
      KefuQuestionType t;

      if (eq == NULL)
        continue;
      *eq = '\0';
      if (kefu_question_type_parse (parts[i], &t))
        s->type_points[t] = g_ascii_strtod (eq + 1, NULL);
    }
}

static gboolean
require_draft (KefuStore  *store,
               gint64      exam_id,
               GError    **error)
{
  g_auto(KefuExamSettings) s = { 0 };

  if (!kefu_exam_load (store, exam_id, &s, error))
    return FALSE;
  if (s.state != KEFU_EXAM_DRAFT)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The paper “%s” is no longer a draft: its questions and draw rules cannot change."),
                   s.name);
      return FALSE;
    }
  return TRUE;
}

gint64
kefu_exam_create (KefuStore               *store,
                  const KefuExamSettings  *s,
                  GError                 **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  guint32 seed = s->paper_seed != 0 ? s->paper_seed : g_random_int () | 1;
  g_autofree char *type_points = format_type_points (s);

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return -1;
  if (s->name == NULL || *s->name == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("A paper needs a name."));
      return -1;
    }
  for (guint t = 0; t < KEFU_QUESTION_N_TYPES; t++)
    if (s->type_points[t] < 0 || s->type_points[t] > 1000)
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("The points of a question type must be from 0 to 1000, not %g."), s->type_points[t]);
        return -1;
      }
  if (s->pass_mark < 0 || s->pass_mark > 100 || s->time_limit_min < 0 || s->attempts_allowed < 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The paper “%s” needs a pass mark from 0 to 100 and no negative time limit or attempts."),
                   s->name);
      return -1;
    }
  stmt = kefu_query_prepare (store,
    "INSERT INTO exams (name, pass_mark, time_limit_min, attempts_allowed, shuffle_questions, shuffle_options, "
    "scoring, review, created_by, created_at, paper_seed, type_points, state, open_to_all) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'draft', 0)", error);
  if (stmt == NULL)
    return -1;
  kefu_query_bind_text (stmt, 1, s->name);
  kefu_query_bind_double (stmt, 2, s->pass_mark);
  if (s->time_limit_min > 0)
    kefu_query_bind_int (stmt, 3, s->time_limit_min);
  else
    kefu_query_bind_null (stmt, 3);
  kefu_query_bind_int (stmt, 4, s->attempts_allowed);
  kefu_query_bind_int (stmt, 5, s->shuffle_questions);
  kefu_query_bind_int (stmt, 6, s->shuffle_options);
  kefu_query_bind_text (stmt, 7, kefu_scoring_code (s->scoring));
  kefu_query_bind_text (stmt, 8, kefu_review_code (s->review));
  kefu_query_bind_id (stmt, 9, kefu_store_get_actor (store));
  kefu_query_bind_int (stmt, 10, kefu_store_now (store));
  kefu_query_bind_int (stmt, 11, seed);
  kefu_query_bind_text_or_null (stmt, 12, type_points);
  if (!kefu_query_run (store, stmt, error))
    return -1;
  return kefu_query_last_id (store);
}

gboolean
kefu_exam_load (KefuStore         *store,
                gint64             exam_id,
                KefuExamSettings  *s,
                GError           **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT name, pass_mark, COALESCE(time_limit_min, 0), attempts_allowed, shuffle_questions, shuffle_options, "
    "scoring, review, paper_seed, type_points, state, open_to_all FROM exams WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, exam_id);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no paper %lld."),
                   (long long) exam_id);
      return FALSE;
    }
  kefu_exam_settings_init (s);
  s->name = g_strdup (kefu_query_get_text (stmt, 0));
  s->pass_mark = kefu_query_get_double (stmt, 1);
  s->time_limit_min = (int) kefu_query_get_int (stmt, 2);
  s->attempts_allowed = (int) kefu_query_get_int (stmt, 3);
  s->shuffle_questions = (int) kefu_query_get_int (stmt, 4);
  s->shuffle_options = (int) kefu_query_get_int (stmt, 5);
  s->scoring = g_strcmp0 (kefu_query_get_text (stmt, 6), "all_or_nothing") == 0 ? KEFU_SCORING_ALL_OR_NOTHING
                                                                          : KEFU_SCORING_PARTIAL;
  s->review = g_strcmp0 (kefu_query_get_text (stmt, 7), "score_only") == 0 ? KEFU_REVIEW_SCORE_ONLY
              : g_strcmp0 (kefu_query_get_text (stmt, 7), "mistakes") == 0 ? KEFU_REVIEW_MISTAKES
              : KEFU_REVIEW_FULL;
  s->paper_seed = (guint32) kefu_query_get_int (stmt, 8);
  parse_type_points (s, kefu_query_get_text (stmt, 9));
  s->state = g_strcmp0 (kefu_query_get_text (stmt, 10), "draft") == 0 ? KEFU_EXAM_DRAFT
             : g_strcmp0 (kefu_query_get_text (stmt, 10), "withdrawn") == 0 ? KEFU_EXAM_WITHDRAWN : KEFU_EXAM_PUBLISHED;
  s->open_to_all = (int) kefu_query_get_int (stmt, 11);
  return TRUE;
}

/* A paper by its id ("12") or its name; the newest of that name. */
gint64
kefu_exam_find (KefuStore   *store,
                const char  *id_or_name,
                GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT id FROM exams WHERE name = ?1 OR CAST(id AS TEXT) = ?1 ORDER BY name = ?1, id DESC LIMIT 1", error);

  if (stmt == NULL)
    return -1;
  kefu_query_bind_text (stmt, 1, id_or_name);
  if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    return kefu_query_get_int (stmt, 0);
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no paper “%s”."), id_or_name);
  return -1;
}

static int
next_position (KefuStore *store,
               gint64     exam_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT COALESCE(MAX(position), 0) + 1 FROM exam_items WHERE exam_id = ?1", NULL);

  if (stmt == NULL)
    return 1;
  kefu_query_bind_int (stmt, 1, exam_id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW ? (int) kefu_query_get_int (stmt, 0) : 1;
}

gboolean
kefu_exam_add_question (KefuStore  *store,
                        gint64      exam_id,
                        gint64      question_id,
                        GError    **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || !require_draft (store, exam_id, error))
    return FALSE;
  stmt = kefu_query_prepare (store, "INSERT INTO exam_items (exam_id, position, question_id) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, exam_id);
  kefu_query_bind_int (stmt, 2, next_position (store, exam_id));
  kefu_query_bind_int (stmt, 3, question_id);
  return kefu_query_run (store, stmt, error);
}

/* (the casts give PostgreSQL the type of a parameter that may be NULL) */
#define DRAW_WHERE \
  "retired = 0 AND (?1 = 0 OR bank_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR module = ?2) " \
  "AND (CAST(?3 AS TEXT) IS NULL OR category = ?3) " \
  "AND (CAST(?4 AS TEXT) IS NULL OR type = ?4) AND difficulty BETWEEN ?5 AND ?6"

static void
bind_rule (KefuQuery           *stmt,
           const KefuDrawRule *rule)
{
  kefu_query_bind_int (stmt, 1, rule->bank_id);
  kefu_query_bind_text_or_null (stmt, 2, rule->module);
  kefu_query_bind_text_or_null (stmt, 3, rule->category);
  if (rule->type >= 0 && rule->type < KEFU_QUESTION_N_TYPES)
    kefu_query_bind_text (stmt, 4, kefu_question_type_code (rule->type));
  else
    kefu_query_bind_null (stmt, 4);
  kefu_query_bind_int (stmt, 5, rule->min_difficulty > 0 ? rule->min_difficulty : 1);
  kefu_query_bind_int (stmt, 6, rule->max_difficulty > 0 ? rule->max_difficulty : 5);
}

gint64
kefu_draw_rule_n_matching (KefuStore           *store,
                           const KefuDrawRule  *rule,
                           GError             **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT count(*) FROM questions WHERE " DRAW_WHERE, error);

  if (stmt == NULL)
    return -1;
  bind_rule (stmt, rule);
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    {
      return -1;
    }
  return kefu_query_get_int (stmt, 0);
}

/* Adds "count questions from …"; refused when fewer questions match. */
gboolean
kefu_exam_add_draw (KefuStore           *store,
                    gint64               exam_id,
                    const KefuDrawRule  *rule,
                    GError             **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 n;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || !require_draft (store, exam_id, error))
    return FALSE;
  n = kefu_draw_rule_n_matching (store, rule, error);
  if (n < 0)
    return FALSE;
  if (rule->count == 0 || (guint64) n < rule->count)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The draw rule asks for %u questions but only %lld match it."), rule->count, (long long) n);
      return FALSE;
    }
  stmt = kefu_query_prepare (store,
    "INSERT INTO exam_items (exam_id, position, draw_count, draw_bank_id, draw_module, draw_category, draw_type, "
    "draw_min_difficulty, draw_max_difficulty) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, exam_id);
  kefu_query_bind_int (stmt, 2, next_position (store, exam_id));
  kefu_query_bind_int (stmt, 3, rule->count);
  kefu_query_bind_id (stmt, 4, rule->bank_id);
  kefu_query_bind_text_or_null (stmt, 5, rule->module);
  kefu_query_bind_text_or_null (stmt, 6, rule->category);
  if (rule->type >= 0 && rule->type < KEFU_QUESTION_N_TYPES)
    kefu_query_bind_text (stmt, 7, kefu_question_type_code (rule->type));
  else
    kefu_query_bind_null (stmt, 7);
  if (rule->min_difficulty > 0)
    kefu_query_bind_int (stmt, 8, rule->min_difficulty);
  else
    kefu_query_bind_null (stmt, 8);
  if (rule->max_difficulty > 0)
    kefu_query_bind_int (stmt, 9, rule->max_difficulty);
  else
    kefu_query_bind_null (stmt, 9);
  return kefu_query_run (store, stmt, error);
}

/* Checking, publishing, assigning ----------------------------------------- */

typedef struct {
  GArray *candidates;   /* gint64 families a slot may take */
} CheckSlot;

/* Kuhn's augmenting path: can slot @s get a family, moving others? */
static gboolean
augment (GArray     *slots,
         guint       s,
         GHashTable *owner,     /* family → slot index + 1 */
         GHashTable *seen)
{
  GArray *cands = g_array_index (slots, CheckSlot, s).candidates;

  for (guint i = 0; i < cands->len; i++)
    {
      gpointer family = GSIZE_TO_POINTER ((gsize) g_array_index (cands, gint64, i));
      guint other;

      if (g_hash_table_contains (seen, family))
        continue;
      g_hash_table_add (seen, family);
      other = GPOINTER_TO_UINT (g_hash_table_lookup (owner, family));
      if (other == 0 || augment (slots, other - 1, owner, seen))
        {
          g_hash_table_insert (owner, family, GUINT_TO_POINTER (s + 1));
          return TRUE;
        }
    }
  return FALSE;
}

static void
check_slot_clear (gpointer data)
{
  g_clear_pointer (&((CheckSlot *) data)->candidates, g_array_unref);
}

/* The paper as a whole: it has questions, and its draw rules together can
 * be filled with different questions (fixed questions first). A rule
 * alone may find enough and still fail with another drawing from the
 * same questions; the message says how many the rules ask for and how
 * many different ones they can have. */
gboolean
kefu_exam_check (KefuStore  *store,
                 gint64      exam_id,
                 GError    **error)
{
  g_auto(KefuExamSettings) settings = { 0 };
  KEFU_AUTO_QUERY *items = NULL;
  KEFU_AUTO_QUERY *pool = NULL;
  g_autoptr(GHashTable) fixed = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) owner = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) slots = g_array_new (FALSE, TRUE, sizeof (CheckSlot));
  guint n_fixed = 0, n_asked = 0, n_filled = 0, n_rules = 0;
  int rc;

  g_array_set_clear_func (slots, check_slot_clear);
  if (!kefu_exam_load (store, exam_id, &settings, error))
    return FALSE;
  items = kefu_query_prepare (store,
    "SELECT COALESCE(i.question_id, 0), COALESCE(q.family_id, q.id, 0), COALESCE(i.draw_bank_id, 0), i.draw_module, "
    "i.draw_category, i.draw_type, COALESCE(i.draw_min_difficulty, 0), COALESCE(i.draw_max_difficulty, 0), "
    "COALESCE(i.draw_count, 0) FROM exam_items i LEFT JOIN questions q ON q.id = i.question_id "
    "WHERE i.exam_id = ?1 ORDER BY i.position", error);
  pool = kefu_query_prepare (store, "SELECT DISTINCT COALESCE(family_id, id) FROM questions WHERE " DRAW_WHERE, error);
  if (items == NULL || pool == NULL)
    return FALSE;
  kefu_query_bind_int (items, 1, exam_id);
  while ((rc = kefu_query_step (store, items, NULL)) == KEFU_QUERY_ROW)
    if (kefu_query_get_int (items, 0) > 0)
      {
        g_hash_table_add (fixed, GSIZE_TO_POINTER ((gsize) kefu_query_get_int (items, 1)));
        n_fixed++;
      }
  kefu_query_reset (items);
  kefu_query_bind_int (items, 1, exam_id);
  while ((rc = kefu_query_step (store, items, error)) == KEFU_QUERY_ROW)
    {
      KefuDrawRule rule = { 0 };
      KefuQuestionType type;
      CheckSlot slot = { g_array_new (FALSE, FALSE, sizeof (gint64)) };

      if (kefu_query_get_int (items, 0) > 0)
        {
          g_array_unref (slot.candidates);
          continue;
        }
      n_rules++;
      rule.bank_id = kefu_query_get_int (items, 2);
      rule.module = kefu_query_get_text (items, 3);
      rule.category = kefu_query_get_text (items, 4);
      rule.type = kefu_question_type_parse (kefu_query_get_text (items, 5), &type) ? (int) type : -1;
      rule.min_difficulty = (int) kefu_query_get_int (items, 6);
      rule.max_difficulty = (int) kefu_query_get_int (items, 7);
      rule.count = (int) kefu_query_get_int (items, 8);
      kefu_query_reset (pool);
      bind_rule (pool, &rule);
      while (kefu_query_step (store, pool, NULL) == KEFU_QUERY_ROW)
        {
          gint64 family = kefu_query_get_int (pool, 0);
          if (!g_hash_table_contains (fixed, GSIZE_TO_POINTER ((gsize) family)))
            g_array_append_val (slot.candidates, family);
        }
      for (guint k = 0; k < rule.count; k++)
        {
          CheckSlot copy = { g_array_copy (slot.candidates) };
          g_array_append_val (slots, copy);
        }
      n_asked += rule.count;
      g_array_unref (slot.candidates);
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  if (n_fixed + n_asked == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The paper “%s” has no questions: add questions or draw rules first."), settings.name);
      return FALSE;
    }
  for (guint s = 0; s < slots->len; s++)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
      n_filled += augment (slots, s, owner, seen);
    }
  if (n_filled < n_asked)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   /* Translators: paper name, rules, questions asked, different questions available */
                   _("The paper “%s” cannot be drawn: its %u draw rules ask for %u questions in all, but only %u "
                     "different questions match them (besides its fixed questions). Rules drawing from the same "
                     "questions share them: ask for fewer, or widen a rule."),
                   settings.name, n_rules, n_asked, n_filled);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_state (KefuStore     *store,
           gint64         exam_id,
           KefuExamState  state,
           GError       **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "UPDATE exams SET state = ?1, published_at = CASE WHEN ?1 = 'published' THEN ?2 ELSE published_at END "
    "WHERE id = ?3", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, kefu_exam_state_code (state));
  kefu_query_bind_int (stmt, 2, kefu_store_now (store));
  kefu_query_bind_int (stmt, 3, exam_id);
  return kefu_query_run (store, stmt, error) &&
         kefu_audit_append (store, kefu_store_get_actor (store),
                            state == KEFU_EXAM_PUBLISHED ? "exam.publish" : "exam.withdraw", "exams", exam_id, NULL, error);
}

gboolean
kefu_exam_publish_locked (KefuStore  *store,
                          gint64      exam_id,
                          GError    **error)
{
  g_auto(KefuExamSettings) s = { 0 };
  gboolean ok;

  ok = kefu_exam_load (store, exam_id, &s, error);
  if (ok && s.state == KEFU_EXAM_PUBLISHED)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("The paper “%s” is already published."), s.name);
      ok = FALSE;
    }
  return ok && kefu_exam_check (store, exam_id, error) && set_state (store, exam_id, KEFU_EXAM_PUBLISHED, error);
}

/* Checks the draft as a whole (kefu_exam_check()) and publishes it. */
gboolean
kefu_exam_publish (KefuStore  *store,
                   gint64      exam_id,
                   GError    **error)
{
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || !kefu_store_begin (store, error))
    return FALSE;
  ok = kefu_exam_publish_locked (store, exam_id, error);
  if (!ok)
    {
      kefu_store_rollback (store);
      return FALSE;
    }
  return kefu_store_commit (store, error);
}

/* Takes a published paper back before anyone has sat it (voided attempts
 * aside): nobody sees it any more. Refused, with the reason, once someone
 * has: their results stand. */
gboolean
kefu_exam_withdraw (KefuStore  *store,
                    gint64      exam_id,
                    GError    **error)
{
  g_auto(KefuExamSettings) s = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 n = 0;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || !kefu_exam_load (store, exam_id, &s, error))
    return FALSE;
  if (s.state != KEFU_EXAM_PUBLISHED)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   s.state == KEFU_EXAM_DRAFT ? _("The paper “%s” is a draft: there is nothing to withdraw.")
                                              : _("The paper “%s” has been withdrawn already."), s.name);
      return FALSE;
    }
  stmt = kefu_query_prepare (store, "SELECT count(*) FROM attempts WHERE exam_id = ?1 AND state <> 'voided'", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, exam_id);
  if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    n = kefu_query_get_int (stmt, 0);
  if (n > 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The paper “%s” cannot be withdrawn: %lld attempt has been made at it, and its result "
                                "stands. Void a wrong attempt, or let the paper close.",
                                "The paper “%s” cannot be withdrawn: %lld attempts have been made at it, and their "
                                "results stand. Void wrong attempts, or let the paper close.", n),
                   s.name, (long long) n);
      return FALSE;
    }
  return set_state (store, exam_id, KEFU_EXAM_WITHDRAWN, error);
}

/* Opens the paper to @user_id from @opens_at until @closes_at (a second
 * call changes the dates). */
gboolean
kefu_exam_assign (KefuStore  *store,
                  gint64      exam_id,
                  gint64      user_id,
                  gint64      opens_at,
                  gint64      closes_at,
                  GError    **error)
{
  g_auto(KefuExamSettings) s = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || !kefu_exam_load (store, exam_id, &s, error))
    return FALSE;
  if (closes_at <= opens_at)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The paper “%s” must close after it opens."), s.name);
      return FALSE;
    }
  stmt = kefu_query_prepare (store,
    "INSERT INTO exam_assignments (exam_id, user_id, opens_at, closes_at, assigned_by, assigned_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (exam_id, user_id) DO UPDATE SET opens_at = ?3, closes_at = ?4, "
    "assigned_by = ?5, assigned_at = ?6", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, exam_id);
  kefu_query_bind_int (stmt, 2, user_id);
  kefu_query_bind_int (stmt, 3, opens_at);
  kefu_query_bind_int (stmt, 4, closes_at);
  kefu_query_bind_id (stmt, 5, kefu_store_get_actor (store));
  kefu_query_bind_int (stmt, 6, kefu_store_now (store));
  return kefu_query_run (store, stmt, error);
}

/* @t as the desk shows a moment, "2025-12-01 09:30" (local time). */
char *
kefu_training_format_moment (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

/* Assigns the paper to every member of staff group @group_id (班组) from
 * @opens_at to @closes_at, and records the group's assignment; each
 * member's row says which group it came from. People who join the group
 * later get it too while it has not closed, and people who leave lose it
 * unless they have started it (kefu_exam_group_joined(),
 * kefu_exam_group_left()). Call it inside a transaction, as
 * kefu_exam_assign(). A group without members is refused. */
gboolean
kefu_exam_assign_group (KefuStore  *store,
                        gint64      exam_id,
                        gint64      group_id,
                        gint64      opens_at,
                        gint64      closes_at,
                        GError    **error)
{
  KEFU_AUTO_QUERY *group = NULL;
  KEFU_AUTO_QUERY *members = NULL;
  KEFU_AUTO_QUERY *mark = NULL;
  KEFU_AUTO_QUERY *record = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *name = NULL;
  int rc;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return FALSE;
  group = kefu_query_prepare (store, "SELECT name FROM staff_groups WHERE id = ?1", error);
  if (group == NULL)
    return FALSE;
  kefu_query_bind_int (group, 1, group_id);
  if (kefu_query_step (store, group, NULL) != KEFU_QUERY_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no staff group %lld."),
                   (long long) group_id);
      return FALSE;
    }
  name = g_strdup (kefu_query_get_text (group, 0));
  members = kefu_query_prepare (store, "SELECT user_id FROM staff_group_members WHERE group_id = ?1 ORDER BY user_id",
                                error);
  if (members == NULL)
    return FALSE;
  kefu_query_bind_int (members, 1, group_id);
  while ((rc = kefu_query_step (store, members, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (members, 0);
      g_array_append_val (ids, id);
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  if (ids->len == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The staff group “%s” has no members: add people to it before assigning it a paper."), name);
      return FALSE;
    }
  for (guint i = 0; i < ids->len; i++)
    if (!kefu_exam_assign (store, exam_id, g_array_index (ids, gint64, i), opens_at, closes_at, error))
      return FALSE;
  mark = kefu_query_prepare (store,
    "UPDATE exam_assignments SET group_id = ?1 WHERE exam_id = ?2 "
    "AND user_id IN (SELECT user_id FROM staff_group_members WHERE group_id = ?1)", error);
  if (mark == NULL)
    return FALSE;
  kefu_query_bind_int (mark, 1, group_id);
  kefu_query_bind_int (mark, 2, exam_id);
  if (!kefu_query_run (store, mark, error))
    return FALSE;
  record = kefu_query_prepare (store,
    "INSERT INTO exam_group_assignments (exam_id, group_id, opens_at, closes_at, assigned_by, assigned_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (exam_id, group_id) DO UPDATE SET opens_at = ?3, closes_at = ?4, "
    "assigned_by = ?5, assigned_at = ?6", error);
  if (record == NULL)
    return FALSE;
  kefu_query_bind_int (record, 1, exam_id);
  kefu_query_bind_int (record, 2, group_id);
  kefu_query_bind_int (record, 3, opens_at);
  kefu_query_bind_int (record, 4, closes_at);
  kefu_query_bind_id (record, 5, kefu_store_get_actor (store));
  kefu_query_bind_int (record, 6, kefu_store_now (store));
  return kefu_query_run (store, record, error);
}

/* Gives @user_id every paper assigned to a staff group they belong to now
 * that has not closed (open, or opening later) and is not withdrawn, with
 * the group's dates, unless they have the paper already (their own
 * dates stand). At sign-in they are told of it as of any new paper. */
static gboolean
grant_group_papers (KefuStore  *store,
                    gint64      user_id,
                    GError    **error)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store,
    "INSERT INTO exam_assignments (exam_id, user_id, opens_at, closes_at, assigned_by, assigned_at, group_id) "
    "SELECT g.exam_id, ?1, g.opens_at, g.closes_at, g.assigned_by, ?2, g.group_id "
    "FROM exam_group_assignments g JOIN staff_group_members m ON m.group_id = g.group_id AND m.user_id = ?1 "
    "JOIN exams e ON e.id = g.exam_id "
    "WHERE g.closes_at > ?2 AND e.state <> 'withdrawn' "
    "ORDER BY g.assigned_at, g.group_id "
    "ON CONFLICT (exam_id, user_id) DO NOTHING", error);

  if (q == NULL)
    return FALSE;
  kefu_query_bind_int (q, 1, user_id);
  kefu_query_bind_int (q, 2, kefu_store_now (store));
  return kefu_query_run (store, q, error);
}

/* @user_id has just joined staff group @group_id: they get the group's
 * papers that have not closed. Inside the membership's transaction. */
gboolean
kefu_exam_group_joined (KefuStore  *store,
                        gint64      group_id,
                        gint64      user_id,
                        GError    **error)
{
  return grant_group_papers (store, user_id, error);
}

/* @user_id has just left staff group @group_id: the papers they had from
 * it that have not closed are taken back, unless they have started one
 * (an attempt that was not voided: it stays theirs, results and all);
 * one also assigned to another group of theirs stays, with that group's
 * dates. Papers that have closed stay on the record as they were.
 * Inside the membership's transaction. */
gboolean
kefu_exam_group_left (KefuStore  *store,
                      gint64      group_id,
                      gint64      user_id,
                      GError    **error)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store,
    "DELETE FROM exam_assignments WHERE group_id = ?1 AND user_id = ?2 AND closes_at > ?3 "
    "AND NOT EXISTS (SELECT 1 FROM attempts t WHERE t.exam_id = exam_assignments.exam_id "
    "                AND t.user_id = ?2 AND t.state <> 'voided')", error);

  if (q == NULL)
    return FALSE;
  kefu_query_bind_int (q, 1, group_id);
  kefu_query_bind_int (q, 2, user_id);
  kefu_query_bind_int (q, 3, kefu_store_now (store));
  return kefu_query_run (store, q, error) && grant_group_papers (store, user_id, error);
}

/* What @user_id is told when they sign in, each once (recorded now): a
 * paper newly assigned to them that they have not sat, and a paper they
 * have not finished that closes within KEFU_EXAM_DEADLINE_NOTICE seconds.
 * Strings, oldest first; an empty array when there is nothing new. */
GPtrArray *
kefu_exam_take_notices (KefuStore  *store,
                        gint64      user_id,
                        GError    **error)
{
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func (g_free);
  KEFU_AUTO_QUERY *stmt = NULL;
  KEFU_AUTO_QUERY *told = NULL;
  gint64 now = kefu_store_now (store);
  int rc;

  if (!kefu_store_begin (store, error))
    return NULL;
  stmt = kefu_query_prepare (store,
    "SELECT e.id, e.name, a.opens_at, a.closes_at, "
    "  NOT EXISTS (SELECT 1 FROM exam_notices n WHERE n.exam_id = e.id AND n.user_id = a.user_id AND n.kind = 'new'), "
    "  NOT EXISTS (SELECT 1 FROM exam_notices n WHERE n.exam_id = e.id AND n.user_id = a.user_id AND n.kind = 'deadline') "
    "    AND a.opens_at <= ?2 AND a.closes_at - ?2 <= ?3 "
    "FROM exam_assignments a JOIN exams e ON e.id = a.exam_id "
    "WHERE a.user_id = ?1 AND e.state = 'published' AND a.closes_at > ?2 "
    "  AND NOT EXISTS (SELECT 1 FROM attempts t WHERE t.exam_id = e.id AND t.user_id = a.user_id "
    "                  AND t.state IN ('submitted','graded')) "
    "ORDER BY a.closes_at, e.id", error);
  if (stmt == NULL)
    goto fail;
  told = kefu_query_prepare (store,
    "INSERT OR IGNORE INTO exam_notices (exam_id, user_id, kind, told_at) VALUES (?1, ?2, ?3, ?4)", error);
  if (told == NULL)
    goto fail;
  kefu_query_bind_int (stmt, 1, user_id);
  kefu_query_bind_int (stmt, 2, now);
  kefu_query_bind_int (stmt, 3, KEFU_EXAM_DEADLINE_NOTICE);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 exam = kefu_query_get_int (stmt, 0);
      const char *name = kefu_query_get_text (stmt, 1);
      g_autofree char *opens = kefu_training_format_moment (kefu_query_get_int (stmt, 2));
      g_autofree char *closes = kefu_training_format_moment (kefu_query_get_int (stmt, 3));
      gboolean is_new = (int) kefu_query_get_int (stmt, 4), deadline = (int) kefu_query_get_int (stmt, 5);
      const char *kinds[2] = { is_new ? "new" : NULL, deadline ? "deadline" : NULL };

      if (deadline)
        {
          int hours = (int) ((kefu_query_get_int (stmt, 3) - now + 3599) / 3600);
          g_ptr_array_add (notices, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
            "The paper “%s” closes at %s, within %d hour, and you have not finished it.",
            "The paper “%s” closes at %s, within %d hours, and you have not finished it.", hours), name, closes, hours));
        }
      else if (is_new)
        /* Translators: told at sign-in: a paper newly assigned; from, until */
        g_ptr_array_add (notices, g_strdup_printf (_("A new paper for you: “%s”, open from %s until %s, in My Exams."),
                                                   name, opens, closes));
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          if (kinds[k] == NULL)
            continue;
          kefu_query_reset (told);
          kefu_query_bind_int (told, 1, exam);
          kefu_query_bind_int (told, 2, user_id);
          kefu_query_bind_text (told, 3, kinds[k]);
          kefu_query_bind_int (told, 4, now);
          if (!kefu_query_run (store, told, error))
            goto fail;
        }
    }
  if (rc == KEFU_QUERY_FAILED)
    goto fail;
  kefu_query_reset (stmt);
  if (!kefu_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&notices);

fail:
  if (stmt != NULL)
    kefu_query_reset (stmt);
  kefu_store_rollback (store);
  return NULL;
}

/* Whether @user_id may start the paper now: published, and assigned to
 * them and open at the store's clock (or open to all, as papers from
 * before assignments are); FALSE with the reason otherwise. */
gboolean
kefu_exam_may_start (KefuStore  *store,
                     gint64      exam_id,
                     gint64      user_id,
                     GError    **error)
{
  g_auto(KefuExamSettings) s = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 now = kefu_store_now (store), opens, closes;

  if (!kefu_exam_load (store, exam_id, &s, error))
    return FALSE;
  if (s.state != KEFU_EXAM_PUBLISHED)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   s.state == KEFU_EXAM_DRAFT ? _("The paper “%s” is a draft: it can be sat once it is published.")
                                              : _("The paper “%s” has been withdrawn."), s.name);
      return FALSE;
    }
  if (s.open_to_all)
    return TRUE;
  stmt = kefu_query_prepare (store, "SELECT opens_at, closes_at FROM exam_assignments WHERE exam_id = ?1 AND user_id = ?2",
                             error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, exam_id);
  kefu_query_bind_int (stmt, 2, user_id);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION, _("The paper “%s” is not assigned to you."),
                   s.name);
      return FALSE;
    }
  opens = kefu_query_get_int (stmt, 0);
  closes = kefu_query_get_int (stmt, 1);
  if (now < opens || now >= closes)
    {
      g_autofree char *when = kefu_training_format_moment (now < opens ? opens : closes);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   now < opens ? _("The paper “%s” opens at %s.") : _("The paper “%s” closed at %s."), s.name, when);
      return FALSE;
    }
  return TRUE;
}

/* Layout ------------------------------------------------------------------ */

static void
shuffle (GRand  *rand,
         gint64 *v,
         guint   n)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gint64 t = v[i - 1];
      v[i - 1] = v[j];
      v[j] = t;
    }
}

typedef struct {
  gint64       question_id;   /* fixed, or 0 */
  KefuDrawRule rule;
  char        *module, *category, *type;
} Slot;

static gboolean
draw (KefuStore    *store,
      Slot         *slot,
      GRand        *rand,
      GHashTable   *taken,
      GArray       *ids,
      GError      **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT id, COALESCE(family_id, id) FROM questions WHERE " DRAW_WHERE " ORDER BY id", error);
  g_autoptr(GArray) pool = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_rule (stmt, &slot->rule);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);
      if (!g_hash_table_contains (taken, GINT_TO_POINTER (kefu_query_get_int (stmt, 1))))
        g_array_append_val (pool, id);
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  if (pool->len < slot->rule.count)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A draw rule of the paper asks for %u questions but only %u are left to draw."),
                   slot->rule.count, pool->len);
      return FALSE;
    }
  shuffle (rand, (gint64 *) pool->data, pool->len);
  for (guint i = 0; i < slot->rule.count; i++)
    {
      gint64 id = g_array_index (pool, gint64, i);
      g_array_append_val (ids, id);
      n++;
    }
  return n == slot->rule.count;
}

static gint64
family_of (KefuStore *store,
           gint64     id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT COALESCE(family_id, id) FROM questions WHERE id = ?1", NULL);

  if (stmt == NULL)
    return id;
  kefu_query_bind_int (stmt, 1, id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW ? kefu_query_get_int (stmt, 0) : id;
}

static void
slot_clear (gpointer data)
{
  Slot *s = data;
  g_free (s->module);
  g_free (s->category);
  g_free (s->type);
}

/* The questions of one sitting in the order shown, with each question's
 * choice order: the draw comes from @draw_seed, the order of questions
 * and choices from @order_seed (when the paper shuffles them). The same
 * seeds always give the same layout. */
GPtrArray *
kefu_exam_layout (KefuStore  *store,
                  gint64      exam_id,
                  guint32     draw_seed,
                  guint32     order_seed,
                  GError    **error)
{
  g_auto(KefuExamSettings) settings = { 0 };
  g_autoptr(GArray) slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) taken = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_attempt_item_free);
  g_autoptr(GRand) draw_rand = g_rand_new_with_seed (draw_seed);
  g_autoptr(GRand) order_rand = g_rand_new_with_seed (order_seed ^ 0x5bd1e995u);
  KEFU_AUTO_QUERY *stmt = NULL;
  int rc;

  g_array_set_clear_func (slots, slot_clear);
  if (!kefu_exam_load (store, exam_id, &settings, error))
    return NULL;
  stmt = kefu_query_prepare (store,
    "SELECT COALESCE(question_id, 0), COALESCE(draw_bank_id, 0), draw_module, draw_category, draw_type, "
    "COALESCE(draw_min_difficulty, 0), COALESCE(draw_max_difficulty, 0), COALESCE(draw_count, 0) "
    "FROM exam_items WHERE exam_id = ?1 ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, exam_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      Slot s = { kefu_query_get_int (stmt, 0), { 0 }, NULL, NULL, NULL };
      KefuQuestionType type;

      s.rule.bank_id = kefu_query_get_int (stmt, 1);
      s.module = g_strdup (kefu_query_get_text (stmt, 2));
      s.category = g_strdup (kefu_query_get_text (stmt, 3));
      s.type = g_strdup (kefu_query_get_text (stmt, 4));
      s.rule.module = s.module;
      s.rule.category = s.category;
      s.rule.type = kefu_question_type_parse (s.type, &type) ? (int) type : -1;
      s.rule.min_difficulty = (int) kefu_query_get_int (stmt, 5);
      s.rule.max_difficulty = (int) kefu_query_get_int (stmt, 6);
      s.rule.count = (int) kefu_query_get_int (stmt, 7);
      g_array_append_val (slots, s);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  kefu_query_reset (stmt);

  /* fixed questions first, so no draw repeats one */
  for (guint i = 0; i < slots->len; i++)
    {
      Slot *s = &g_array_index (slots, Slot, i);
      if (s->question_id > 0)
        g_hash_table_add (taken, GINT_TO_POINTER (family_of (store, s->question_id)));
    }
  for (guint i = 0; i < slots->len; i++)
    {
      Slot *s = &g_array_index (slots, Slot, i);
      guint first = ids->len;

      if (s->question_id > 0)
        {
          g_array_append_val (ids, s->question_id);
          continue;
        }
      if (!draw (store, s, draw_rand, taken, ids, error))
        return NULL;
      for (guint k = first; k < ids->len; k++)
        g_hash_table_add (taken, GINT_TO_POINTER (family_of (store, g_array_index (ids, gint64, k))));
    }
  if (ids->len == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("The paper “%s” has no questions."),
                   settings.name);
      return NULL;
    }
  if (settings.shuffle_questions)
    shuffle (order_rand, (gint64 *) ids->data, ids->len);

  for (guint i = 0; i < ids->len; i++)
    {
      KefuAttemptItem *item = g_new0 (KefuAttemptItem, 1);
      guint n;

      item->position = i + 1;
      item->option_order = g_array_new (FALSE, FALSE, sizeof (guint));
      g_ptr_array_add (items, item);
      item->question = kefu_question_load (store, g_array_index (ids, gint64, i), error);
      if (item->question == NULL)
        return NULL;
      item->max_score = settings.type_points[item->question->type] > 0 ? settings.type_points[item->question->type]
                                                                       : item->question->points;
      n = item->question->type == KEFU_QUESTION_SHORT_ANSWER ? 0 : item->question->options->len;
      {
        gint64 order[KEFU_QUESTION_MAX_OPTIONS * 4];
        n = MIN (n, G_N_ELEMENTS (order));
        for (guint k = 0; k < n; k++)
          order[k] = k;
        if (settings.shuffle_options)
          shuffle (order_rand, order, n);
        for (guint k = 0; k < n; k++)
          {
            guint o = order[k];
            g_array_append_val (item->option_order, o);
          }
      }
    }
  return g_steal_pointer (&items);
}

/* Printed version "A", "B"…: the same questions (drawn with the paper's
 * seed), each version in its own order. */
GPtrArray *
kefu_exam_paper_version (KefuStore   *store,
                         gint64       exam_id,
                         const char  *label,
                         GError     **error)
{
  g_auto(KefuExamSettings) settings = { 0 };

  if (label == NULL || strlen (label) != 1 || !g_ascii_isupper (label[0]))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A printed version is a capital letter (A, B…), not “%s”."), label != NULL ? label : "");
      return NULL;
    }
  if (!kefu_exam_load (store, exam_id, &settings, error))
    return NULL;
  return kefu_exam_layout (store, exam_id, settings.paper_seed,
                           settings.paper_seed + (guint32) (label[0] - 'A') * 7919u, error);
}
