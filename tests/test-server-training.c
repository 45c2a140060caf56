/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-training.c — training on a Kefu server (#20): the answer
 * keys a trainee's role cannot read, grading by the server
 * (kefu_submit_attempt() in kefu-server-rights.sql) with the same results
 * as the desk's own rule on a SQLite file for the same paper and answers,
 * and a trainer editing a bank. The people sign in as the LOGIN roles
 * kefu_create_person() makes. Skipped without the throwaway cluster
 * (tests/kefu-pg-cluster.sh). */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "kefu-auth.h"
#include "kefu-certificate.h"
#include "kefu-cohort.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-exam.h"
#include "kefu-practice.h"
#include "kefu-questions.h"
#include "kefu-training-list.h"
#include "kefu-test-engines.h"

#define DAY ((gint64) 24 * 3600)

static int
kefu_test_compare_strings (const char **a,
                           const char **b)
{
  return strcmp (*a, *b);
}

typedef struct {
  KefuTestDir  dir;
  char        *spec;      /* the server's database, without credentials */
  KefuStore   *owner;     /* the tables' owner (the test harness) */
  char        *trainer;   /* the people's logins (roles are the cluster's: named per process) */
  char        *trainee;
  char        *other;
} Fixture;

/* The paper both engines get: its questions' ids by kind */
typedef struct {
  gint64 single;     /* weighted: B 100, C 50 */
  gint64 multiple;   /* A, C, D right of five */
  gint64 tf;         /* false */
  gint64 short_;     /* "Straße" 100, "ΟΔΟΣ" 100, "街道" 50 */
  gint64 written;
  gint64 exam;
} Paper;

/* The answers of two sittings, in the paper's order (no shuffling) */
static const char *const sittings[][5] = {
  { "C", "AC", "false", "  ＳＴＲＡＳＳＥ ", "" },
  { "B", "ACD", "true", "街道", "先安抚业主，再通知维保单位。" },
};

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *sql = NULL;

  if (g_getenv ("KEFU_TEST_PG") == NULL || *g_getenv ("KEFU_TEST_PG") == '\0')
    {
      kefu_test_pg_skip (data);
      return;
    }
  kefu_test_dir_setup (&f->dir, data);
  f->owner = kefu_test_engine_open (&f->dir, &kefu_test_on_server, NULL, &f->spec);
  f->trainer = g_strdup_printf ("trainer_%d", (int) getpid ());
  f->trainee = g_strdup_printf ("trainee_%d", (int) getpid ());
  f->other = g_strdup_printf ("trainee_b_%d", (int) getpid ());
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '赵老师', 'trainer', 'trainer-password-1') + "
                         "kefu_create_person ('%s', '学员小刘', 'agent', 'trainee-password-1') + "
                         "kefu_create_person ('%s', '学员小赵', 'agent', 'trainee-password-2')",
                         f->trainer, f->trainee, f->other);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), >, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngine) admin = NULL;
  g_autofree char *sql = NULL;

  if (f->owner == NULL)
    return;
  g_clear_object (&f->owner);
  kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  /* the people's roles belong to the cluster: dropped with the case */
  admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("DROP ROLE IF EXISTS %s; DROP ROLE IF EXISTS %s; DROP ROLE IF EXISTS %s",
                         f->trainer, f->trainee, f->other);
  g_assert_true (kefu_engine_exec (admin, sql, &error));
  g_assert_no_error (error);
  g_free (f->trainer);
  g_free (f->trainee);
  g_free (f->other);
  kefu_test_dir_teardown (&f->dir, data);
}

/* The person at the desk: the server's store signed in with their password */
static KefuStore *
sign_in (Fixture    *f,
         const char *login,
         const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open_as (f->spec, login, password, &error);
  g_autoptr(KefuUser) user = NULL;

  g_assert_no_error (error);
  user = kefu_auth_sign_in_server (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  return g_steal_pointer (&store);
}

/* The trainer's paper, the same on either engine: the trainer acting on
 * @store; open to @trainee from a day ago by the store's clock */
static void
build_paper (KefuStore *store,
             gint64     trainee,
             Paper     *p)
{
  g_autoptr(GError) error = NULL;
  g_auto(KefuExamSettings) s = { 0 };
  gint64 bank = kefu_bank_create (store, "客服礼仪", &error);
  gint64 now = kefu_store_now (store);

  g_assert_no_error (error);
  {
    g_autoptr(KefuQuestion) q = kefu_question_new (KEFU_QUESTION_SINGLE_CHOICE);
    q->bank_id = bank;
    q->stem = g_strdup ("来电应在几声内接听？");
    kefu_question_add_option (q, "1声内", 0, "");
    kefu_question_add_option (q, "3声内", 100, "");
    kefu_question_add_option (q, "5声内", 50, "");
    kefu_question_add_option (q, "10声内", 0, "");
    q->explanation = g_strdup ("三声之内接听。");
    q->points = 2;
    p->single = kefu_question_insert (store, q, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(KefuQuestion) q = kefu_question_new (KEFU_QUESTION_MULTIPLE_CHOICE);
    const char *options[] = { "安抚", "争辩", "记录", "回访", "挂断" };
    q->bank_id = bank;
    q->stem = g_strdup ("处理投诉时应当：");
    for (guint i = 0; i < G_N_ELEMENTS (options); i++)
      kefu_question_add_option (q, options[i], 0, "");
    g_assert_true (kefu_question_set_right_letters (q, "ACD"));
    q->points = 3;
    p->multiple = kefu_question_insert (store, q, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(KefuQuestion) q = kefu_question_new (KEFU_QUESTION_TRUE_FALSE);
    q->bank_id = bank;
    q->stem = g_strdup ("业主的电话号码可以告诉维修师傅以外的人。");
    q->answer_true = FALSE;
    q->points = 1;
    p->tf = kefu_question_insert (store, q, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(KefuQuestion) q = kefu_question_new (KEFU_QUESTION_SHORT_ANSWER);
    q->bank_id = bank;
    q->stem = g_strdup ("“街道”的德语？");
    kefu_question_add_option (q, "Straße", 100, "");
    kefu_question_add_option (q, "ΟΔΟΣ", 100, "");
    kefu_question_add_option (q, "街道", 50, "");
    q->points = 2;
    p->short_ = kefu_question_insert (store, q, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(KefuQuestion) q = kefu_question_new (KEFU_QUESTION_CASE_ANALYSIS);
    q->bank_id = bank;
    q->stem = g_strdup ("写出电梯困人的处理步骤。");
    q->rubric = g_strdup ("安抚 2分；通知维保 2分；通报进展 1分");
    q->points = 5;
    p->written = kefu_question_insert (store, q, &error);
    g_assert_no_error (error);
  }
  kefu_exam_settings_init (&s);
  s.name = g_strdup ("礼仪测验");
  s.pass_mark = 60;
  s.attempts_allowed = 3;
  s.shuffle_questions = FALSE;
  s.shuffle_options = FALSE;
  s.review = KEFU_REVIEW_FULL;
  s.paper_seed = 7;
  p->exam = kefu_exam_create (store, &s, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      gint64 q[] = { p->single, p->multiple, p->tf, p->short_, p->written };
      g_assert_true (kefu_exam_add_question (store, p->exam, q[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (kefu_exam_publish (store, p->exam, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_exam_assign (store, p->exam, trainee, now - DAY, now + 30 * DAY, &error));
  g_assert_no_error (error);
}

/* One sitting by the trainee acting on @store: what a trainee and a
 * trainer would read of it afterwards, as text (ids left out) */
static char *
sit (KefuStore          *store,
     gint64              exam,
     gint64              trainee,
     guint32             seed,
     const char * const *answers)
{
  g_autoptr(GError) error = NULL;
  g_auto(KefuAttemptInfo) info = { 0 };
  g_autoptr(GPtrArray) items = NULL;
  GString *out = g_string_new (NULL);
  gint64 attempt = kefu_attempt_start (store, exam, trainee, seed, &error);

  g_assert_no_error (error);
  g_assert_cmpint (attempt, >, 0);
  for (guint i = 0; i < 5; i++)
    {
      kefu_attempt_save_answer (store, attempt, i + 1, answers[i], &error);
      g_assert_no_error (error);
    }
  kefu_attempt_submit (store, attempt, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_attempt_get_info (store, attempt, &info, &error));
  g_assert_no_error (error);
  g_string_append_printf (out, "state %d score %.9g of %.9g passed %d waiting %d;", info.state, info.score,
                          info.max_score, info.passed, info.n_ungraded);
  items = kefu_attempt_items (store, attempt, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      KefuAttemptItem *item = items->pdata[i];
      g_string_append_printf (out, " %d:%s=%s%.9g%s", item->position, item->answer != NULL ? item->answer : "-",
                              item->graded ? "" : "?", item->graded ? item->score : 0, item->correct ? "✓" : "");
    }
  return g_string_free (out, FALSE);
}

/* The trainee's re-practice queue: its questions' stems, in order */
static char *
queue_of (KefuStore *store,
          gint64     trainee)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) due = kefu_practice_due (store, trainee, kefu_store_now (store) + 400 * DAY, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < due->len; i++)
    {
      g_autoptr(KefuQuestion) q = kefu_question_load (store, g_array_index (due, KefuPracticeCard, i).question_id,
                                                      &error);
      g_assert_no_error (error);
      g_ptr_array_add (lines, g_strdup_printf ("%s|%d", q->stem, g_array_index (due, KefuPracticeCard, i).box));
    }
  /* by question: the order of the due moments depends on the clocks' seconds */
  g_ptr_array_sort (lines, (GCompareFunc) kefu_test_compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* A query by the signed-in person that the server must refuse */
static void
assert_refused (KefuStore  *store,
                const char *sql)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, &error);

  if (q != NULL)
    {
      while (kefu_query_step (store, q, &error) == KEFU_QUERY_ROW)
        ;
    }
  if (error == NULL)
    g_error ("%s should have been refused", sql);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
}

/* A trainee on the server takes the paper twice and gets the grades,
 * the re-practice queue and the review the same paper and answers get on a
 * SQLite file, without their role ever reading a key */
static void
test_same_grades (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KefuStore) file = NULL;
  g_autoptr(KefuStore) trainer = NULL;
  g_autoptr(KefuStore) trainee = NULL;
  Paper on_file = { 0 }, on_server = { 0 };
  gint64 file_trainee, server_trainee, server_trainer;
  g_autofree char *sql = NULL;
  char *results[2][G_N_ELEMENTS (sittings)] = { { NULL } };
  char *expected = NULL;

  if (f->owner == NULL)
    return;
  /* the file: the same people, the trainer acting */
  path = kefu_test_path (&f->dir, "desk.db");
  file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_desk_add_user (file, "zhaolaoshi", "赵老师", "trainer", NULL, &error), >, 0);
  file_trainee = kefu_desk_add_user (file, "xiaoliu", "学员小刘", "agent", NULL, &error);
  g_assert_no_error (error);
  kefu_store_set_actor (file, kefu_test_store_scalar (file, "SELECT id FROM users WHERE login = 'zhaolaoshi'"));
  build_paper (file, file_trainee, &on_file);

  /* the server: the trainer signed in builds the same paper */
  trainer = sign_in (f, f->trainer, "trainer-password-1");
  server_trainer = kefu_store_get_actor (trainer);
  sql = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", f->trainee);
  server_trainee = kefu_test_store_scalar (f->owner, sql);
  build_paper (trainer, server_trainee, &on_server);
  g_assert_cmpint (server_trainer, >, 0);

  /* the trainee's role reads no key from questions, nor the corrections' */
  trainee = sign_in (f, f->trainee, "trainee-password-1");
  g_assert_cmpint (kefu_store_get_actor (trainee), ==, server_trainee);
  assert_refused (trainee, "SELECT answer FROM questions");
  assert_refused (trainee, "SELECT * FROM questions");
  assert_refused (trainee, "SELECT option_weights, explanation FROM questions");
  assert_refused (trainee, "SELECT old_key, new_key FROM key_corrections");
  /* the stems and choices, yes; the keys through questions_open, no */
  g_assert_cmpint (kefu_test_store_scalar (trainee, "SELECT count(*) FROM questions WHERE options IS NOT NULL"), ==, 2);
  g_assert_cmpint (kefu_test_store_scalar (trainee, "SELECT count(*) FROM questions_open WHERE answer IS NOT NULL "
                                                    "OR option_weights IS NOT NULL OR explanation IS NOT NULL"), ==, 0);
  {
    g_autoptr(KefuQuestion) q = kefu_question_load (trainee, on_server.single, &error);
    g_autofree char *right = NULL;

    g_assert_no_error (error);
    right = kefu_question_right_letters (q);
    g_assert_cmpstr (right, ==, "");
    g_assert_null (q->explanation);
  }

  /* two sittings on each engine: the same grades */
  for (guint i = 0; i < G_N_ELEMENTS (sittings); i++)
    {
      kefu_store_set_actor (file, file_trainee);
      results[0][i] = sit (file, on_file.exam, file_trainee, 11, sittings[i]);
      results[1][i] = sit (trainee, on_server.exam, server_trainee, 11, sittings[i]);
      g_test_message ("sitting %u on a file: %s", i + 1, results[0][i]);
      g_assert_cmpstr (results[1][i], ==, results[0][i]);
    }
  /* what a trainee checks of the first: C (half of 2 points) + A and C of
   * A, C, D (2 of 3) + false (1) + STRASSE for Straße (2) + an empty case
   * analysis (0) = 6 of 13, graded, not passed (60 %); of the second, the
   * case analysis waits for the trainer */
  expected = g_strdup_printf ("state %d score 6 of 13 passed 0 waiting 0;", KEFU_ATTEMPT_GRADED);
  g_assert_true (g_str_has_prefix (results[1][0], expected));
  g_free (expected);
  expected = g_strdup_printf ("state %d score 6 of 13 passed 0 waiting 1;", KEFU_ATTEMPT_SUBMITTED);
  g_assert_true (g_str_has_prefix (results[1][1], expected));
  {
    g_autofree char *a = queue_of (file, file_trainee);
    g_autofree char *b = queue_of (trainee, server_trainee);
    g_assert_cmpstr (b, ==, a);
    g_assert_cmpstr (a, !=, "");
  }

  /* graded with a full review: now the trainee sees those keys */
  {
    g_autoptr(KefuQuestion) q = kefu_question_load (trainee, on_server.single, &error);
    g_autofree char *right = NULL;

    g_assert_no_error (error);
    right = kefu_question_right_letters (q);
    g_assert_cmpstr (right, ==, "BC");
    g_assert_cmpstr (q->explanation, ==, "三声之内接听。");
  }
  /* and still cannot grade: not a score of their own, nor an attempt
   * started graded, nor another's hand-in */
  assert_refused (trainee, "UPDATE attempt_answers SET score = 5, correct = 1");
  assert_refused (trainee, "UPDATE attempts SET score = 13, passed = 1");
  sql = g_strdup_printf ("INSERT INTO attempts (exam_id, user_id, state, seed, started_at) "
                         "VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'graded', 1, 0)",
                         on_server.exam, server_trainee);
  assert_refused (trainee, sql);
  {
    g_autoptr(KefuStore) other = sign_in (f, f->other, "trainee-password-2");
    g_autofree char *hand_in = NULL;

    /* another trainee sees none of these attempts or answers */
    g_assert_cmpint (kefu_test_store_scalar (other, "SELECT count(*) FROM attempts"), ==, 0);
    g_assert_cmpint (kefu_test_store_scalar (other, "SELECT count(*) FROM attempt_answers"), ==, 0);
    g_assert_cmpint (kefu_test_store_scalar (other, "SELECT count(*) FROM questions_open WHERE answer IS NOT NULL"), ==, 0);
    hand_in = g_strdup_printf ("SELECT kefu_submit_attempt (%" G_GINT64_FORMAT ")",
                               kefu_test_store_scalar (f->owner, "SELECT max(id) FROM attempts"));
    assert_refused (other, hand_in);
  }

  /* the trainer reads the keys and edits the bank */
  g_assert_cmpint (kefu_test_store_scalar (trainer, "SELECT count(*) FROM questions WHERE answer IS NOT NULL"), ==, 5);
  {
    g_autoptr(KefuQuestion) q = kefu_question_load (trainer, on_server.tf, &error);
    gint64 id;

    g_assert_no_error (error);
    g_free (q->stem);
    q->stem = g_strdup ("业主的电话号码不得告诉无关的人。");
    q->answer_true = TRUE;
    id = kefu_question_save (trainer, q, &error);
    g_assert_no_error (error);
    g_assert_cmpint (id, >, 0);
    g_clear_pointer (&q, kefu_question_free);
    q = kefu_question_load (trainer, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (q->stem, ==, "业主的电话号码不得告诉无关的人。");
    g_assert_true (q->answer_true);
  }
  /* a trainee may not */
  assert_refused (trainee, "UPDATE questions SET stem = 'x'");
  for (guint i = 0; i < G_N_ELEMENTS (sittings); i++)
    {
      g_free (results[0][i]);
      g_free (results[1][i]);
    }
}

/* The server's rule and the desk's give every answer the same score and
 * verdict: each question of the paper against answers right, partly
 * right, wrong, empty, in other widths and cases, under both scorings */
static void
test_same_rule (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KefuStore) file = NULL;
  Paper p = { 0 }, ps = { 0 };
  static const char *const answers[] = {
    "", "A", "B", "C", "D", "E", "AB", "AC", "ACD", "ABCD", "ACDE", "CD", "BE",
    "true", "false", "对", "错",
    "Straße", "STRASSE", "strasse", "ＳＴＲＡＳＳＥ", " straße\t", "stras se", "ΟΔΟΣ", "οδος", "οδός", "街道", "街 道",
    "先安抚", "   ",
  };
  guint n = 0;

  if (f->owner == NULL)
    return;
  path = kefu_test_path (&f->dir, "rule.db");
  file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_actor (file, kefu_desk_add_user (file, "zhaolaoshi", "赵老师", "trainer", NULL, &error));
  g_assert_no_error (error);
  build_paper (file, kefu_store_get_actor (file), &p);
  {
    g_autoptr(KefuStore) trainer = sign_in (f, f->trainer, "trainer-password-1");
    build_paper (trainer, kefu_store_get_actor (trainer), &ps);
  }
  for (guint k = 0; k < 5; k++)
    {
      gint64 file_id = ((gint64[]) { p.single, p.multiple, p.tf, p.short_, p.written })[k];
      gint64 server_id = ((gint64[]) { ps.single, ps.multiple, ps.tf, ps.short_, ps.written })[k];
      g_autoptr(KefuQuestion) q = kefu_question_load (file, file_id, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
        for (KefuScoring scoring = KEFU_SCORING_PARTIAL; scoring <= KEFU_SCORING_ALL_OR_NOTHING; scoring++)
          {
            g_autofree char *canonical = kefu_answer_canonical (q, answers[i], NULL);
            g_autofree char *sql = NULL;
            g_autofree char *server = NULL;
            g_autofree char *desk = NULL;
            gboolean correct = FALSE;
            double score;

            if (canonical == NULL)
              continue;   /* not an answer to this question: the desk refuses it before */
            score = kefu_question_score (q, canonical, scoring, &correct);
            desk = isnan (score) ? g_strdup_printf ("-|f") : g_strdup_printf ("%.17g|%s", score, correct ? "t" : "f");
            /* the server's float in full (PostgreSQL prints the shortest
             * text that reads back the same double) */
            sql = g_strdup_printf ("SELECT coalesce (score::text, '-') || '|' || CASE WHEN correct THEN 't' ELSE 'f' END "
                                   "FROM kefu_grade_answer (%" G_GINT64_FORMAT ", '%s', '%s')", server_id, canonical,
                                   kefu_scoring_code (scoring));
            server = kefu_test_store_text (f->owner, sql);
            if (server != NULL && server[0] != '-')
              {
                g_auto(GStrv) parts = g_strsplit (server, "|", 2);
                g_free (server);
                server = g_strdup_printf ("%.17g|%s", g_ascii_strtod (parts[0], NULL), parts[1]);
              }
            if (g_strcmp0 (server, desk) != 0)
              g_error ("question %u (%s), answer “%s” (%s): the desk gives %s, the server %s", k + 1,
                       kefu_question_type_code (q->type), answers[i], kefu_scoring_code (scoring), desk, server);
            n++;
          }
    }
  g_test_message ("%u answers graded alike", n);
  g_assert_cmpuint (n, >, 60);
}

/* What the training view loads and does on a server, as the trainee and
 * as the trainer (kefu-training-view.c's load_thread), then a wrong answer
 * practised again and answered right by the trainee */
static void
test_training_view (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) trainer = NULL;
  g_autoptr(KefuStore) trainee = NULL;
  g_autoptr(GPtrArray) exams = NULL, attempts = NULL, cohorts = NULL, banks = NULL, all = NULL, assessments = NULL;
  g_autoptr(GPtrArray) notices = NULL, every_cohort = NULL;
  g_autoptr(GArray) due = NULL;
  g_autofree char *first = NULL;
  Paper p = { 0 };
  gint64 me;
  gboolean correct = FALSE;

  if (f->owner == NULL)
    return;
  trainer = sign_in (f, f->trainer, "trainer-password-1");
  trainee = sign_in (f, f->trainee, "trainee-password-1");
  me = kefu_store_get_actor (trainee);
  build_paper (trainer, me, &p);

  /* the trainee's side: no certificate to renew (the window's reminder
   * reads certificates and cohorts as their role), told of the new
   * paper, sees it, sits it */
  {
    g_autofree char *reminder = kefu_certificate_reminder (trainee, me);
    g_assert_null (reminder);
  }
  notices = kefu_exam_take_notices (trainee, me, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  exams = kefu_training_exams (trainee, me, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exams->len, ==, 1);
  g_assert_true (kefu_exam_summary_can_start (exams->pdata[0]));
  first = sit (trainee, p.exam, me, 3, sittings[0]);
  attempts = kefu_training_attempts (trainee, me, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attempts->len, ==, 1);
  cohorts = kefu_cohorts_of_member (trainee, me, &error);
  g_assert_no_error (error);
  /* the wrong answers wait a day (the server's clock) */
  due = kefu_practice_due (trainee, me, kefu_store_now (trainee) + 2 * DAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 3);
  /* practised: the single choice answered right now, its key theirs to see */
  g_assert_true (kefu_practice_answer (trainee, me, p.single, "B", kefu_store_now (trainee), &correct, &error));
  g_assert_no_error (error);
  g_assert_true (correct);
  g_assert_true (kefu_practice_answer (trainee, me, p.multiple, "AC", kefu_store_now (trainee), &correct, &error));
  g_assert_no_error (error);
  g_assert_false (correct);

  /* the trainer's side: the banks, every paper, assessments, cohorts */
  banks = kefu_training_banks (trainer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (banks->len, ==, 1);
  all = kefu_training_exams (trainer, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  assessments = kefu_training_assessments (trainer, &error);
  g_assert_no_error (error);
  every_cohort = kefu_cohorts (trainer, &error);
  g_assert_no_error (error);
}

/* A single choice of 2 points in @bank, right answer A */
static gint64
add_single (KefuStore  *store,
            gint64      bank,
            const char *stem)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuQuestion) q = kefu_question_new (KEFU_QUESTION_SINGLE_CHOICE);
  gint64 id;

  q->bank_id = bank;
  q->stem = g_strdup (stem);
  kefu_question_add_option (q, "对", 100, "");
  kefu_question_add_option (q, "错", 0, "");
  q->points = 2;
  id = kefu_question_insert (store, q, &error);
  g_assert_no_error (error);
  return id;
}

/* A trainee's paper on a server is drawn by the server
 * (kefu_draw_paper(), server migration 36): the trainee's role inserts no
 * paper row at all — not a question from elsewhere (one the trainee
 * knows), not a row worth more, not even a row of the paper — and the
 * server draws for their own attempt in progress only, once. */
static void
test_paper_rows (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) trainer = NULL;
  g_autoptr(KefuStore) trainee = NULL;
  g_autoptr(KefuStore) other = NULL;
  g_autofree char *sql = NULL;
  Paper p = { 0 };
  gint64 me, elsewhere, bank, mine, theirs;

  if (f->owner == NULL)
    return;
  trainer = sign_in (f, f->trainer, "trainer-password-1");
  trainee = sign_in (f, f->trainee, "trainee-password-1");
  other = sign_in (f, f->other, "trainee-password-2");
  me = kefu_store_get_actor (trainee);
  build_paper (trainer, me, &p);
  /* a question on no paper, in a bank of its own */
  bank = kefu_bank_create (trainer, "应急", &error);
  g_assert_no_error (error);
  elsewhere = add_single (trainer, bank, "消防通道可以停车吗？");

  /* the desk's start: the server writes the paper's five rows */
  mine = kefu_attempt_start (trainee, p.exam, me, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_store_scalar (trainee, "SELECT count(*) FROM attempt_answers"), ==, 5);

  /* by hand: an attempt of their own (allowed), then its rows: none taken */
  sql = g_strdup_printf ("INSERT INTO attempts (exam_id, user_id, state, seed, started_at) "
                         "VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'in_progress', 1, 0) RETURNING id",
                         p.exam, me);
  theirs = kefu_test_store_scalar (trainee, sql);
  g_assert_cmpint (theirs, >, mine);
#define ROW(attempt, pos, question, points) \
  g_strdup_printf ("INSERT INTO attempt_answers (attempt_id, position, question_id, max_score) VALUES (%" \
                   G_GINT64_FORMAT ", %d, %" G_GINT64_FORMAT ", %g)", (gint64) (attempt), (pos), (gint64) (question), \
                   (double) (points))
  {
    g_autofree char *foreign = ROW (theirs, 1, elsewhere, 2);
    g_autofree char *inflated = ROW (theirs, 1, p.single, 200);
    g_autofree char *right = ROW (theirs, 1, p.single, 2);
    g_autofree char *on_mine = ROW (mine, 6, elsewhere, 2);

    assert_refused (trainee, foreign);
    assert_refused (trainee, inflated);
    assert_refused (trainee, right);
    assert_refused (other, on_mine);
  }
#undef ROW
  /* nor drawn for a second paper in progress, again, or by another trainee */
  sql = (g_free (sql), g_strdup_printf ("SELECT kefu_draw_paper (%" G_GINT64_FORMAT ")", theirs));
  g_assert_false (kefu_store_exec (trainee, sql, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  sql = (g_free (sql), g_strdup_printf ("SELECT kefu_draw_paper (%" G_GINT64_FORMAT ")", mine));
  g_assert_false (kefu_store_exec (trainee, sql, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_refused (other, sql);
  sql = (g_free (sql), g_strdup_printf ("SELECT count(*) FROM attempt_answers WHERE attempt_id = %" G_GINT64_FORMAT,
                                        theirs));
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 0);
  sql = (g_free (sql), g_strdup_printf ("SELECT count(*) FROM attempt_answers WHERE attempt_id = %" G_GINT64_FORMAT,
                                        mine));
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 5);
  sql = (g_free (sql), g_strdup_printf ("SELECT count(*) FROM attempt_answers WHERE question_id = %" G_GINT64_FORMAT,
                                        elsewhere));
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 0);
  g_assert_cmpint (kefu_test_store_scalar (other, "SELECT count(*) FROM attempt_answers"), ==, 0);
}

/* A paper of one fixed question and a draw rule (three single choices of
 * difficulty 1–2 from a bank of six such, beside four of difficulty 5 and
 * the fixed one's own family), 4 points a single choice: each of eight
 * sittings the server draws has the fixed question once and three others
 * of the rule's pool, none twice, each worth 4, their choices a
 * permutation of the question's; the sittings do not all get the same
 * three (56 possible sets: the chance of one set eight times running is
 * 56^-7). */
static void
test_server_draws (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) trainer = NULL;
  g_autoptr(KefuStore) trainee = NULL;
  g_auto(KefuExamSettings) s = { 0 };
  g_autoptr(GHashTable) pool = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 ids[11], me, bank, exam, fixed;
  KefuDrawRule rule = { 0 };

  if (f->owner == NULL)
    return;
  trainer = sign_in (f, f->trainer, "trainer-password-1");
  trainee = sign_in (f, f->trainee, "trainee-password-1");
  me = kefu_store_get_actor (trainee);
  bank = kefu_bank_create (trainer, "抽题库", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *stem = g_strdup_printf ("第%u题：报修电话是多少？", i + 1);
      g_autofree char *sql = NULL;

      ids[i] = add_single (trainer, bank, stem);
      /* 0: the fixed one (easy, in the pool's bank); 1–6 easy; 7–10 hard */
      sql = g_strdup_printf ("UPDATE questions SET difficulty = %d WHERE id = %" G_GINT64_FORMAT,
                             i <= 6 ? 1 + (int) (i % 2) : 5, ids[i]);
      kefu_test_store_exec (f->owner, sql);
      if (i >= 1 && i <= 6)
        g_hash_table_add (pool, &ids[i]);
    }
  fixed = ids[0];
  kefu_exam_settings_init (&s);
  s.name = g_strdup ("服务器抽题");
  s.pass_mark = 60;
  s.attempts_allowed = 0;
  s.type_points[KEFU_QUESTION_SINGLE_CHOICE] = 4;
  exam = kefu_exam_create (trainer, &s, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_exam_add_question (trainer, exam, fixed, &error));
  g_assert_no_error (error);
  rule.bank_id = bank;
  rule.type = KEFU_QUESTION_SINGLE_CHOICE;
  rule.min_difficulty = 1;
  rule.max_difficulty = 2;
  rule.count = 3;
  g_assert_true (kefu_exam_add_draw (trainer, exam, &rule, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_exam_publish (trainer, exam, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_exam_assign (trainer, exam, me, kefu_store_now (trainer) - DAY, kefu_store_now (trainer) + DAY,
                                   &error));
  g_assert_no_error (error);

  for (guint sitting = 0; sitting < 8; sitting++)
    {
      g_autoptr(GArray) drawn = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GString) key = g_string_new (NULL);
      g_autofree char *sql = NULL;
      gint64 attempt = kefu_attempt_start (trainee, exam, me, 7, &error);   /* the same seed every time */
      guint n_fixed = 0;
      int rc;

      g_assert_no_error (error);
      g_assert_cmpint (attempt, >, 0);
      sql = g_strdup_printf ("SELECT question_id, max_score, coalesce (option_order, ''), position FROM attempt_answers "
                             "WHERE attempt_id = %" G_GINT64_FORMAT " ORDER BY question_id", attempt);
      {
        KEFU_AUTO_QUERY *q = kefu_query_prepare (trainee, sql, &error);
        guint positions = 0;

        g_assert_no_error (error);
        while ((rc = kefu_query_step (trainee, q, &error)) == KEFU_QUERY_ROW)
          {
            gint64 id = kefu_query_get_int (q, 0);
            const char *order = kefu_query_get_text (q, 2);

            g_assert_cmpfloat (kefu_query_get_double (q, 1), ==, 4);
            g_assert_true (g_str_equal (order, "0,1") || g_str_equal (order, "1,0"));
            positions |= 1u << kefu_query_get_int (q, 3);
            if (id == fixed)
              n_fixed++;
            else
              {
                g_assert_true (g_hash_table_contains (pool, &id));
                for (guint k = 0; k < drawn->len; k++)
                  g_assert_cmpint (g_array_index (drawn, gint64, k), !=, id);
                g_array_append_val (drawn, id);
                g_string_append_printf (key, "%" G_GINT64_FORMAT ",", id);
              }
          }
        g_assert_cmpint (rc, ==, KEFU_QUERY_DONE);
        g_assert_cmpuint (positions, ==, 0x1e);   /* positions 1 to 4 */
      }
      g_assert_cmpuint (n_fixed, ==, 1);
      g_assert_cmpuint (drawn->len, ==, 3);
      g_hash_table_add (sets, g_string_free (g_steal_pointer (&key), FALSE));
      g_assert_true (kefu_attempt_submit (trainee, attempt, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (g_hash_table_size (sets), >, 1);
}

/* The trainee's own connection drawing a paper past the desk: the
 * server's error for @attempt, or NULL when it drew */
static GError *
draw (KefuStore *store,
      gint64     attempt)
{
  GError *error = NULL;

  if (kefu_query_exec (store, "SELECT kefu_draw_paper (?1)", attempt, 0, &error))
    return NULL;
  g_assert_nonnull (error);
  return error;
}

/* @store's person starts an attempt of their own past the desk (their
 * role may insert one), its start claimed inside any window */
static gint64
insert_attempt (KefuStore *store,
                gint64     exam)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO attempts (exam_id, user_id, state, seed, started_at) VALUES (%"
                                          G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'in_progress', 1, %" G_GINT64_FORMAT ")",
                                          exam, kefu_store_get_actor (store), kefu_store_now (store));
  g_autofree char *last = g_strdup_printf ("SELECT max(id) FROM attempts WHERE user_id = %" G_GINT64_FORMAT,
                                           kefu_store_get_actor (store));

  kefu_test_store_exec (store, sql);
  return kefu_test_store_scalar (store, last);
}

/* @error is of @code and its message says @text and names @what; freed */
static void
assert_says (GError     *error,
             int         code,
             const char *text,
             const char *what)
{
  g_assert_nonnull (error);
  g_assert_error (error, KEFU_STORE_ERROR, code);
  if (strstr (error->message, text) == NULL || strstr (error->message, what) == NULL)
    g_error ("“%s” should say “%s” and name “%s”", error->message, text, what);
  g_error_free (error);
}

/* The server refuses a paper outside its assignment's window by its own
 * clock (kefu_draw_paper(), server migration 39), whatever start the
 * desk claims; and its refusals reach the person as Kefu's own
 * translated messages naming the paper, not the server's English. */
static void
test_window_and_refusals (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) trainer = NULL;
  g_autoptr(KefuStore) trainee = NULL;
  g_autoptr(KefuStore) other = NULL;
  g_autofree char *before = NULL;
  g_auto(KefuExamSettings) s = { 0 };
  g_autofree char *sql = NULL;
  gint64 bank, exam, me, now, attempt;
  GError *e;

  if (f->owner == NULL)
    return;
  trainer = sign_in (f, f->trainer, "trainer-password-1");
  trainee = sign_in (f, f->trainee, "trainee-password-1");
  other = sign_in (f, f->other, "trainee-password-2");
  me = kefu_store_get_actor (trainee);
  now = kefu_store_now (trainer);   /* the server's clock */
  bank = kefu_bank_create (trainer, "窗口题库", &error);
  g_assert_no_error (error);
  kefu_exam_settings_init (&s);
  s.name = g_strdup ("窗口测验");
  s.pass_mark = 60;
  s.attempts_allowed = 0;
  exam = kefu_exam_create (trainer, &s, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_exam_add_question (trainer, exam, add_single (trainer, bank, "报修电话是多少？"), &error));
  g_assert_no_error (error);
  g_assert_true (kefu_exam_publish (trainer, exam, &error));
  g_assert_no_error (error);
  /* open from tomorrow by the server's clock */
  g_assert_true (kefu_exam_assign (trainer, exam, me, now + DAY, now + 2 * DAY, &error));
  g_assert_no_error (error);

  /* the desk refuses it; past the desk, so does the server, though the
   * attempt claims to start inside the window */
  g_assert_cmpint (kefu_attempt_start (trainee, exam, me, 7, &error), ==, -1);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_now (trainee, now + DAY + 3600);
  attempt = insert_attempt (trainee, exam);
  kefu_store_set_now (trainee, 0);
  g_assert_cmpint (attempt, >, 0);
  assert_says (draw (trainee, attempt), KEFU_STORE_ERROR_PERMISSION, "opens at", "窗口测验");
  /* in Chinese, naming the paper and the moment it opens */
  before = g_strdup (setlocale (LC_ALL, NULL));
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    g_error ("no zh_CN.UTF-8 locale (Debian: locales-all)");
  {
    g_autoptr(GDateTime) opens = g_date_time_new_from_unix_local (now + DAY);
    g_autofree char *when = g_date_time_format (opens, "%Y-%m-%d %H:%M");

    e = draw (trainee, attempt);
    g_assert_nonnull (strstr (e->message, when));
    assert_says (e, KEFU_STORE_ERROR_PERMISSION, "开放", "窗口测验");
  }
  /* closed yesterday */
  sql = g_strdup_printf ("UPDATE exam_assignments SET opens_at = %" G_GINT64_FORMAT ", closes_at = %" G_GINT64_FORMAT
                         " WHERE exam_id = %" G_GINT64_FORMAT, now - 2 * DAY, now - DAY, exam);
  kefu_test_store_exec (f->owner, sql);
  assert_says (draw (trainee, attempt), KEFU_STORE_ERROR_PERMISSION, "截止", "窗口测验");
  /* not assigned to the other trainee */
  {
    gint64 theirs = insert_attempt (other, exam);

    assert_says (draw (other, theirs), KEFU_STORE_ERROR_PERMISSION, "没有分配给你", "窗口测验");
    /* nor may anyone draw another's */
    assert_says (draw (other, attempt), KEFU_STORE_ERROR_PERMISSION, "不是你的", "窗口测验");
  }
  /* open: drawn, once */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE exam_assignments SET opens_at = %" G_GINT64_FORMAT ", closes_at = %" G_GINT64_FORMAT
                         " WHERE exam_id = %" G_GINT64_FORMAT, now - DAY, now + DAY, exam);
  kefu_test_store_exec (f->owner, sql);
  g_assert_null (draw (trainee, attempt));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM attempt_answers WHERE attempt_id = %" G_GINT64_FORMAT, attempt);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
  assert_says (draw (trainee, attempt), KEFU_STORE_ERROR_INVALID, "已经抽过题", "窗口测验");
  /* a peer's 360° answer: not asked, and a score out of range */
  {
    KEFU_AUTO_QUERY *q = kefu_query_prepare (trainee, "SELECT kefu_review_peer_answer (?1, 0, ?2, 1, 1, 1, 1)", &error);

    g_assert_no_error (error);
    kefu_query_bind_int (q, 1, 987654);
    kefu_query_bind_double (q, 2, 50);
    g_assert_false (kefu_query_run (trainee, q, &error));
    assert_says (g_steal_pointer (&error), KEFU_STORE_ERROR_PERMISSION, "同事评估人", "987654");
    kefu_query_reset (q);
    kefu_query_bind_int (q, 1, 987654);
    kefu_query_bind_double (q, 2, 101);
    g_assert_false (kefu_query_run (trainee, q, &error));
    assert_says (g_steal_pointer (&error), KEFU_STORE_ERROR_INVALID, "0 到 100", "101");
  }
  setlocale (LC_ALL, before);
  /* and in English again */
  assert_says (draw (trainee, attempt), KEFU_STORE_ERROR_INVALID, "have been drawn already", "窗口测验");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  kefu_i18n_init ();   /* the refusals read in Chinese (window-and-refusals) */
  g_test_add ("/pg/server-training/same-grades", Fixture, NULL, fixture_setup, test_same_grades, fixture_teardown);
  g_test_add ("/pg/server-training/same-rule", Fixture, NULL, fixture_setup, test_same_rule, fixture_teardown);
  g_test_add ("/pg/server-training/training-view", Fixture, NULL, fixture_setup, test_training_view, fixture_teardown);
  g_test_add ("/pg/server-training/paper-rows", Fixture, NULL, fixture_setup, test_paper_rows, fixture_teardown);
  g_test_add ("/pg/server-training/server-draws", Fixture, NULL, fixture_setup, test_server_draws, fixture_teardown);
  g_test_add ("/pg/server-training/window-and-refusals", Fixture, NULL, fixture_setup, test_window_and_refusals,
              fixture_teardown);
  return g_test_run ();
}
