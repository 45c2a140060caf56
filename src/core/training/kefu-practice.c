/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-practice.c — the Leitner scheduler of re-practice (see the header) */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-exam.h"
#include "kefu-practice.h"
#include "kefu-questions.h"
#include "kefu-training-private.h"

#define DAY ((gint64) 24 * 3600)

static const guint intervals[KEFU_PRACTICE_N_BOXES] = { 1, 2, 4, 8, 16 };

/* Days until a question in @box (1…5) is due again. */
guint
kefu_practice_interval_days (guint box)
{
  g_return_val_if_fail (box >= 1 && box <= KEFU_PRACTICE_N_BOXES, 0);
  return intervals[box - 1];
}

gboolean
kefu_practice_get_card (KefuStore         *store,
                        gint64             user_id,
                        gint64             question_id,
                        KefuPracticeCard  *card,
                        GError           **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT box, due_at FROM practice_queue WHERE user_id = ?1 AND question_id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, user_id);
  kefu_query_bind_int (stmt, 2, question_id);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    return FALSE;
  card->question_id = question_id;
  card->box = (int) kefu_query_get_int (stmt, 0);
  card->due_at = kefu_query_get_int (stmt, 1);
  return TRUE;
}

/* An answer of @user_id to @question_id at @now: wrong puts it in box 1
 * (due tomorrow); right moves a queued question one box on, or out of the
 * queue from the last box. A right answer to a question not in the queue
 * changes nothing. Works inside a caller's transaction or alone. */
gboolean
kefu_practice_record (KefuStore  *store,
                      gint64      user_id,
                      gint64      question_id,
                      gboolean    correct,
                      gint64      now,
                      GError    **error)
{
  KefuPracticeCard card;
  KEFU_AUTO_QUERY *stmt = NULL;
  gboolean queued, ok;

  if (!kefu_training_savepoint (store, error))
    return FALSE;
  queued = kefu_practice_get_card (store, user_id, question_id, &card, NULL);
  if (!correct)
    {
      stmt = kefu_query_prepare (store,
        "INSERT INTO practice_queue (user_id, question_id, box, due_at, added_at, reviewed_at) "
        "VALUES (?1, ?2, 1, ?3, ?4, ?4) "
        "ON CONFLICT (user_id, question_id) DO UPDATE SET box = 1, due_at = ?3, reviewed_at = ?4", error);
      ok = stmt != NULL;
      if (ok)
        {
          kefu_query_bind_int (stmt, 1, user_id);
          kefu_query_bind_int (stmt, 2, question_id);
          kefu_query_bind_int (stmt, 3, now + kefu_practice_interval_days (1) * DAY);
          kefu_query_bind_int (stmt, 4, now);
          ok = kefu_query_run (store, stmt, error);
        }
    }
  else if (!queued)
    ok = TRUE;
  else if (card.box >= KEFU_PRACTICE_N_BOXES)
    {
      stmt = kefu_query_prepare (store, "DELETE FROM practice_queue WHERE user_id = ?1 AND question_id = ?2", error);
      ok = stmt != NULL;
      if (ok)
        {
          kefu_query_bind_int (stmt, 1, user_id);
          kefu_query_bind_int (stmt, 2, question_id);
          ok = kefu_query_run (store, stmt, error);
        }
    }
  else
    {
      stmt = kefu_query_prepare (store,
        "UPDATE practice_queue SET box = ?1, due_at = ?2, reviewed_at = ?3 WHERE user_id = ?4 AND question_id = ?5",
        error);
      ok = stmt != NULL;
      if (ok)
        {
          kefu_query_bind_int (stmt, 1, card.box + 1);
          kefu_query_bind_int (stmt, 2, now + kefu_practice_interval_days (card.box + 1) * DAY);
          kefu_query_bind_int (stmt, 3, now);
          kefu_query_bind_int (stmt, 4, user_id);
          kefu_query_bind_int (stmt, 5, question_id);
          ok = kefu_query_run (store, stmt, error);
        }
    }
  return kefu_training_release (store, ok, error);
}

/* Today's session: the questions due by @now, longest overdue first. */
GArray *
kefu_practice_due (KefuStore  *store,
                   gint64      user_id,
                   gint64      now,
                   GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT question_id, box, due_at FROM practice_queue WHERE user_id = ?1 AND due_at <= ?2 "
    "ORDER BY due_at, question_id", error);
  g_autoptr(GArray) cards = g_array_new (FALSE, FALSE, sizeof (KefuPracticeCard));
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, user_id);
  kefu_query_bind_int (stmt, 2, now);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuPracticeCard card = { kefu_query_get_int (stmt, 0), (int) kefu_query_get_int (stmt, 1),
                                kefu_query_get_int (stmt, 2) };
      g_array_append_val (cards, card);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&cards);
}

/* Grades an answer given in the practice session (all-or-nothing) and
 * moves the question between boxes. Case analyses cannot be practised
 * alone: they are refused. */
gboolean
kefu_practice_answer (KefuStore   *store,
                      gint64       user_id,
                      gint64       question_id,
                      const char  *answer,
                      gint64       now,
                      gboolean    *correct,
                      GError     **error)
{
  g_autoptr(KefuQuestion) q = kefu_question_load (store, question_id, error);
  g_autofree char *canonical = NULL;

  if (q == NULL)
    return FALSE;
  if (kefu_question_type_is_written (q->type))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A case analysis is graded by a trainer; it cannot be practised alone."));
      return FALSE;
    }
  canonical = kefu_answer_canonical (q, answer, error);
  if (canonical == NULL)
    return FALSE;
  kefu_question_score (q, canonical, KEFU_SCORING_ALL_OR_NOTHING, correct);
  return kefu_practice_record (store, user_id, question_id, *correct, now, error);
}
