/* SPDX-License-Identifier: GPL-3.0-or-later */
/* crash-exam-answerer.c — a trainee answering an exam, for test-crash
 *
 * Usage: crash-exam-answerer DB TRAINER TRAINEE ROUNDS
 *
 * Opens the paper "crash test" (created by TRAINER the first time: 20
 * questions drawn from every bank, no time limit), resumes TRAINEE's
 * attempt at it or starts one, then answers its questions one by one,
 * through kefu_attempt_save_answer() as the exam window does, ROUNDS times
 * over (0: until killed). Around each answer it prints, flushed:
 *   saving POSITION ANSWER    before the save starts
 *   saved POSITION ANSWER     once the save has committed
 * ANSWER is what the database holds for it (kefu_answer_canonical()).
 * Another round gives other answers, so every save changes something.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "kefu-desk.h"
#include "kefu-exam.h"
#include "kefu-user.h"

#define PAPER "crash test"

static gint64
user_id (KefuStore  *store,
         const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) user = kefu_desk_find_user (store, login, &error);

  if (user == NULL)
    g_error ("no user %s: %s", login, error != NULL ? error->message : "?");
  return kefu_user_get_id (user);
}

static gint64
paper (KefuStore *store,
       gint64     trainer,
       gint64     trainee)
{
  g_autoptr(GError) error = NULL;
  g_auto(KefuExamSettings) settings = { 0 };
  KefuDrawRule rule = { 0, NULL, NULL, -1, 0, 0, 20 };
  gint64 id = kefu_exam_find (store, PAPER, NULL);

  if (id > 0)
    return id;
  kefu_store_set_actor (store, trainer);
  kefu_exam_settings_init (&settings);
  settings.name = g_strdup (PAPER);
  settings.attempts_allowed = 0;
  settings.time_limit_min = 0;
  id = kefu_exam_create (store, &settings, &error);
  /* published and open to the trainee whatever the clock says */
  if (id <= 0 || !kefu_exam_add_draw (store, id, &rule, &error) || !kefu_exam_publish (store, id, &error) ||
      !kefu_exam_assign (store, id, trainee, 0, G_MAXINT64 / 2, &error))
    g_error ("cannot create the paper: %s", error->message);
  return id;
}

/* The answer of round @round to @item, as given at the desk. */
static char *
answer_for (const KefuAttemptItem *item,
            guint                  round)
{
  const KefuQuestion *q = item->question;
  guint n = q->options != NULL ? q->options->len : 0;

  switch (q->type)
    {
    case KEFU_QUESTION_SINGLE_CHOICE:
      return g_strdup_printf ("%c", 'A' + (round + item->position) % MAX (n, 1));
    case KEFU_QUESTION_MULTIPLE_CHOICE:
      {
        guint a = (round + item->position) % MAX (n, 2), b = (a + 1) % MAX (n, 2);
        return g_strdup_printf ("%c%c", 'A' + MIN (a, b), 'A' + MAX (a, b));
      }
    case KEFU_QUESTION_TRUE_FALSE:
      return g_strdup ((round + item->position) % 2 ? "true" : "false");
    default:
      return g_strdup_printf ("round %u answer %u", round, item->position);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 trainer, trainee, exam, attempt;
  guint rounds;

  if (argc != 5)
    {
      fprintf (stderr, "Usage: %s DB TRAINER TRAINEE ROUNDS\n", argv[0]);
      return 2;
    }
  rounds = atoi (argv[4]);
  store = kefu_store_open (argv[1], KEFU_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  trainer = user_id (store, argv[2]);
  trainee = user_id (store, argv[3]);
  exam = paper (store, trainer, trainee);
  kefu_store_set_actor (store, trainee);
  attempt = kefu_attempt_find_open (store, exam, trainee, &error);
  if (attempt <= 0)
    attempt = kefu_attempt_start (store, exam, trainee, 2026, &error);
  if (attempt <= 0)
    g_error ("cannot start an attempt: %s", error != NULL ? error->message : "?");
  items = kefu_attempt_items (store, attempt, &error);
  if (items == NULL || items->len == 0)
    g_error ("the attempt has no questions: %s", error != NULL ? error->message : "?");
  printf ("attempt %" G_GINT64_FORMAT "\n", attempt);
  fflush (stdout);

  for (guint round = 1; rounds == 0 || round <= rounds; round++)
    for (guint i = 0; i < items->len; i++)
      {
        const KefuAttemptItem *item = items->pdata[i];
        g_autofree char *given = answer_for (item, round);
        g_autofree char *stored = kefu_answer_canonical (item->question, given, &error);

        if (stored == NULL)
          g_error ("answer %s to question %u: %s", given, item->position, error->message);
        printf ("saving %u %s\n", item->position, stored);
        fflush (stdout);
        if (!kefu_attempt_save_answer (store, attempt, item->position, given, &error))
          g_error ("cannot save answer %u: %s", item->position, error->message);
        printf ("saved %u %s\n", item->position, stored);
        fflush (stdout);
      }
  return 0;
}
