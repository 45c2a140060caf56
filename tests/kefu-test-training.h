/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-training.h — the set-up the training core tests share
 *
 * A new database in the test's own folder whose clock stands at @now,
 * the trainer 赵老师 (zhaolaoshi) acting, @n_trainees agents 学员1,
 * 学员2… (xueyuan1, xueyuan2…) and, if @bank is given, a question bank of
 * that name made by the trainer; kefu_test_training_add_single() adds
 * a single-choice question to it.
 */
#pragma once

#include "kefu-desk.h"
#include "kefu-questions.h"
#include "kefu-test-engines.h"
#include "kefu-test-util.h"

#define KEFU_TEST_TRAINEES_MAX 6

typedef struct {
  KefuTestDir  dir;
  char        *path;        /* the file (NULL on the server) */
  char        *spec;        /* what the store was opened on (kefu-test-engines.h) */
  KefuStore   *store;
  gint64       trainer;
  gint64       trainee[KEFU_TEST_TRAINEES_MAX];
  guint        n_trainees;
  gint64       bank;        /* 0 without one */
} KefuTestTraining;

static inline void
kefu_test_training_setup (KefuTestTraining *f,
                          gconstpointer     data,
                          gint64            now,
                          guint             n_trainees,
                          const char       *bank)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (n_trainees, <=, KEFU_TEST_TRAINEES_MAX);
  kefu_test_dir_setup (&f->dir, data);
  /* a suite added with KEFU_TEST_ADD_ENGINES runs on the server too, as
   * the tables' owner; NULL data: a file */
  f->store = kefu_test_engine_open (&f->dir, data, NULL, &f->spec);
  f->path = kefu_test_engine_is_server (data) ? NULL : g_strdup (f->spec);
  kefu_store_set_now (f->store, now);
  f->trainer = kefu_desk_add_user (f->store, "zhaolaoshi", "赵老师", "trainer", NULL, &error);
  g_assert_no_error (error);
  f->n_trainees = n_trainees;
  for (guint i = 0; i < n_trainees; i++)
    {
      g_autofree char *login = g_strdup_printf ("xueyuan%u", i + 1);
      g_autofree char *name = g_strdup_printf ("学员%u", i + 1);
      f->trainee[i] = kefu_desk_add_user (f->store, login, name, "agent", NULL, &error);
      g_assert_no_error (error);
    }
  kefu_store_set_actor (f->store, f->trainer);
  f->bank = 0;
  if (bank != NULL)
    {
      f->bank = kefu_bank_create (f->store, bank, &error);
      g_assert_no_error (error);
    }
}

/* A single-choice question in the fixture's bank: the choices 1声内,
 * 3声内, 5声内 and 10声内, @key the right one(s) ("A"), @category or NULL */
static inline gint64
kefu_test_training_add_single (KefuTestTraining *f,
                               const char       *stem,
                               const char       *key,
                               const char       *category,
                               double            points)
{
  g_autoptr(KefuQuestion) q = kefu_question_new (KEFU_QUESTION_SINGLE_CHOICE);
  g_autoptr(GError) error = NULL;
  const char *options[] = { "1声内", "3声内", "5声内", "10声内" };

  q->bank_id = f->bank;
  q->stem = g_strdup (stem);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    kefu_question_add_option (q, options[i], 0, "");
  g_assert_true (kefu_question_set_right_letters (q, key));
  q->points = points;
  q->category = g_strdup (category);
  kefu_question_insert (f->store, q, &error);
  g_assert_no_error (error);
  return q->id;
}

static inline void
kefu_test_training_teardown (KefuTestTraining *f,
                             gconstpointer     data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->path, g_free);
  kefu_test_engine_close (data, &f->spec);
  kefu_test_dir_teardown (&f->dir, data);
}
