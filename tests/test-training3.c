/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-training3.c — training II, looking after what was made: the
 * question list of a bank (search, filters, edit, retire), correcting a
 * wrong key and re-marking, withdrawing, copying and making up papers,
 * voided attempts and the history of grade corrections. */
#include "config.h"

#include <math.h>
#include <sqlite3.h>

#include "kefu-desk.h"
#include "kefu-exam-admin.h"
#include "kefu-test-training.h"
#include "kefu-test-util.h"
#include "kefu-training-list.h"

#define DAY ((gint64) 86400)
#define T0 ((gint64) 1764547200)   /* 2025-12-01 00:00 UTC */

typedef KefuTestTraining Fixture;

/* the trainer, 4 trainees and the bank 客服基础 (kefu-test-training.h) */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kefu_test_training_setup (f, data, T0, 4, "客服基础");
}

#define fixture_teardown kefu_test_training_teardown

/* every case on a SQLite file and on the server (#20) */
#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)

#define add_single kefu_test_training_add_single

static gint64
add_tf (Fixture    *f,
        const char *stem,
        double      points)
{
  g_autoptr(KefuQuestion) q = kefu_question_new (KEFU_QUESTION_TRUE_FALSE);
  g_autoptr(GError) error = NULL;

  q->bank_id = f->bank;
  q->stem = g_strdup (stem);
  q->answer_true = TRUE;
  q->points = points;
  q->category = g_strdup ("沟通技巧");
  q->module = g_strdup ("communication");
  kefu_question_insert (f->store, q, &error);
  g_assert_no_error (error);
  return q->id;
}

static gint64
add_written (Fixture *f,
             double   points)
{
  g_autoptr(KefuQuestion) q = kefu_question_new (KEFU_QUESTION_WRITTEN);
  g_autoptr(GError) error = NULL;

  q->bank_id = f->bank;
  q->stem = g_strdup ("简述首问负责制。");
  q->rubric = g_strdup ("负责到底");
  q->points = points;
  kefu_question_insert (f->store, q, &error);
  g_assert_no_error (error);
  return q->id;
}

/* A published paper of @ids in this order, assigned to every trainee for a week. */
static gint64
paper (Fixture     *f,
       const char  *name,
       int          attempts,
       const gint64 *ids,
       guint        n)
{
  g_auto(KefuExamSettings) s = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  kefu_exam_settings_init (&s);
  s.name = g_strdup (name);
  s.attempts_allowed = attempts;
  s.shuffle_questions = FALSE;
  s.shuffle_options = FALSE;
  id = kefu_exam_create (f->store, &s, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    g_assert_true (kefu_exam_add_question (f->store, id, ids[i], &error));
  g_assert_true (kefu_exam_publish (f->store, id, &error));
  for (guint i = 0; i < f->n_trainees; i++)
    g_assert_true (kefu_exam_assign (f->store, id, f->trainee[i], T0, T0 + 7 * DAY, &error));
  g_assert_no_error (error);
  return id;
}

/* @trainee sits @exam answering @answers (one per question, NULL-ended). */
static gint64
sit (Fixture            *f,
     gint64              exam,
     gint64              trainee,
     const char * const *answers)
{
  g_autoptr(GError) error = NULL;
  gint64 attempt = kefu_attempt_start (f->store, exam, trainee, 1, &error);

  g_assert_no_error (error);
  for (guint i = 0; answers[i] != NULL; i++)
    g_assert_true (kefu_attempt_save_answer (f->store, attempt, i + 1, answers[i], &error));
  g_assert_true (kefu_attempt_submit (f->store, attempt, &error));
  g_assert_no_error (error);
  return attempt;
}

static KefuAttemptInfo
info_of (Fixture *f,
         gint64   attempt)
{
  KefuAttemptInfo info = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (kefu_attempt_get_info (f->store, attempt, &info, &error));
  g_clear_pointer (&info.paper_version, g_free);
  return info;
}

static gboolean
listed_for (Fixture *f,
            gint64   user,
            gint64   exam)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kefu_training_exams (f->store, user, &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    found |= ((KefuExamSummary *) list->pdata[i])->id == exam;
  return found;
}

/* 1. The question list ------------------------------------------------------ */

static guint
n_found (Fixture                  *f,
         const KefuQuestionFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kefu_bank_search (f->store, f->bank, filter, &error);

  g_assert_no_error (error);
  return list->len;
}

static void
test_question_list (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 ring = add_single (f, "座机来电应在响铃几声内接听？", "B", "服务礼仪", 2);
  gint64 tf = add_tf (f, "回访时应确认问题是否解决。", 1);
  gint64 written = add_written (f, 10);
  KefuQuestionFilter all = { NULL, -1, NULL, NULL, FALSE };
  KefuQuestionFilter text = { "响铃", -1, NULL, NULL, FALSE };
  KefuQuestionFilter option = { "10声内", -1, NULL, NULL, FALSE };
  KefuQuestionFilter tfs = { NULL, KEFU_QUESTION_TRUE_FALSE, NULL, NULL, FALSE };
  KefuQuestionFilter category = { NULL, -1, "服务礼仪", NULL, FALSE };
  KefuQuestionFilter module = { NULL, -1, NULL, "communication", FALSE };
  KefuQuestionFilter retired = { NULL, -1, NULL, NULL, TRUE };
  const char *answers[] = { "C", NULL };
  g_autoptr(KefuQuestion) edit = NULL;
  g_autoptr(GPtrArray) items = NULL, found = NULL, categories = NULL;
  gint64 exam, attempt;

  g_assert_cmpuint (n_found (f, &all), ==, 3);
  g_assert_cmpuint (n_found (f, &text), ==, 1);
  g_assert_cmpuint (n_found (f, &option), ==, 1);   /* the choices are searched too */
  g_assert_cmpuint (n_found (f, &tfs), ==, 1);
  g_assert_cmpuint (n_found (f, &category), ==, 1);
  g_assert_cmpuint (n_found (f, &module), ==, 1);
  categories = kefu_bank_categories (f->store, f->bank, &error);
  g_assert_cmpuint (categories->len, ==, 2);
  g_assert_cmpstr (categories->pdata[0], ==, "服务礼仪");

  /* used, then edited: the list shows the new version only */
  exam = paper (f, "礼仪小测", 1, &ring, 1);
  attempt = sit (f, exam, f->trainee[0], answers);
  edit = kefu_question_load (f->store, ring, &error);
  g_free (edit->stem);
  edit->stem = g_strdup ("座机来电，应在响铃几声内接听？");
  g_assert_cmpint (kefu_question_save (f->store, edit, &error), >, ring);
  found = kefu_bank_search (f->store, f->bank, &text, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((KefuQuestion *) found->pdata[0])->version, ==, 2);

  /* retired: out of the list, still in the attempt that used it */
  g_assert_true (kefu_question_retire (f->store, edit->id, &error));
  g_assert_true (kefu_question_retire (f->store, tf, &error));
  g_assert_cmpuint (n_found (f, &all), ==, 1);
  g_assert_cmpuint (n_found (f, &retired), ==, 3);   /* the newest versions, retired ones last */
  items = kefu_attempt_items (f->store, attempt, &error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (((KefuAttemptItem *) items->pdata[0])->question->stem, ==, "座机来电应在响铃几声内接听？");
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'question.retire'"), ==, 2);
  /* and back */
  g_assert_true (kefu_question_unretire (f->store, tf, &error));
  g_assert_cmpuint (n_found (f, &all), ==, 2);
  (void) written;
}

/* 2. Correcting a key ------------------------------------------------------- */

static void
test_correct_key_remarks (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* the key says B; the right answer is C */
  gint64 ring = add_single (f, "座机来电应在响铃几声内接听？", "B", "服务礼仪", 8);
  gint64 tf = add_tf (f, "回访时应确认问题是否解决。", 2);
  gint64 ids[] = { ring, tf };
  gint64 exam = paper (f, "礼仪小测", 1, ids, 2);
  const char *said_b[] = { "B", "true", NULL }, *said_c[] = { "C", "true", NULL };
  gint64 b = sit (f, exam, f->trainee[0], said_b), c = sit (f, exam, f->trainee[1], said_c), other;
  KefuAttemptInfo info;
  KefuKeyCorrection result;
  g_autoptr(KefuQuestion) edit = NULL, fixed = NULL;
  g_autoptr(GPtrArray) history = NULL;
  KefuScoreChange *change;

  info = info_of (f, b);
  g_assert_cmpfloat (info.score, ==, 10);
  g_assert_true (info.passed);
  info = info_of (f, c);
  g_assert_cmpfloat (info.score, ==, 2);
  g_assert_false (info.passed);

  /* a content edit meanwhile makes version 2, with the same wrong key */
  edit = kefu_question_load (f->store, ring, &error);
  g_free (edit->explanation);
  edit->explanation = g_strdup ("《服务规范》：三声内接听。");
  g_assert_cmpint (kefu_question_save (f->store, edit, &error), >, ring);
  g_assert_cmpint (edit->version, ==, 2);

  /* no reason, or no change, or a choice it lacks: refused */
  g_assert_false (kefu_question_correct_key (f->store, edit->id, "C", "  ", &result, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kefu_question_correct_key (f->store, edit->id, "B", "复核", &result, &error));
  g_assert_nonnull (strstr (error->message, "already"));
  g_clear_error (&error);
  g_assert_false (kefu_question_correct_key (f->store, edit->id, "F", "复核", &result, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM key_corrections"), ==, 0);

  /* corrected on the current version: both versions fixed, both attempts re-marked */
  kefu_question_correct_key (f->store, edit->id, "C", "标准答案印错，应为C", &result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_versions, ==, 2);
  g_assert_cmpuint (result.n_answers, ==, 2);
  g_assert_cmpuint (result.n_changed, ==, 2);
  g_assert_cmpuint (result.n_attempts, ==, 2);
  g_assert_cmpuint (result.n_pass_changed, ==, 2);
  info = info_of (f, b);
  g_assert_cmpfloat (info.score, ==, 2);
  g_assert_false (info.passed);
  info = info_of (f, c);
  g_assert_cmpfloat (info.score, ==, 10);
  g_assert_true (info.passed);
  fixed = kefu_question_load (f->store, ring, &error);
  {
    g_autofree char *key = kefu_question_right_letters (fixed);
    g_assert_cmpstr (key, ==, "C");
  }
  g_assert_cmpint (fixed->version, ==, 1);   /* the key changed in place, the text did not */

  /* on the record: the correction and each score */
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM key_corrections WHERE old_key = 'B' "
                                              "AND new_key = 'C' AND n_attempts = 2 AND corrected_by IS NOT NULL"), ==, 1);
  history = kefu_attempt_score_changes (f->store, b, &error);
  g_assert_cmpuint (history->len, ==, 1);
  change = history->pdata[0];
  g_assert_cmpint (change->kind, ==, KEFU_SCORE_CHANGE_KEY);
  g_assert_cmpuint (change->position, ==, 1);
  g_assert_cmpfloat (change->old_score, ==, 8);
  g_assert_cmpfloat (change->new_score, ==, 0);
  g_assert_cmpfloat (change->old_attempt_score, ==, 10);
  g_assert_cmpfloat (change->new_attempt_score, ==, 2);
  g_assert_cmpstr (change->reason, ==, "标准答案印错，应为C");
  g_assert_cmpstr (change->changed_by, ==, "赵老师");
  g_assert_cmpint (change->changed_at, ==, T0);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'question.correct-key'"), ==, 1);

  /* an attempt from now on is marked with the right key */
  other = sit (f, exam, f->trainee[2], said_c);
  info = info_of (f, other);
  g_assert_cmpfloat (info.score, ==, 10);

  /* a written answer has no key */
  {
    gint64 w = add_written (f, 10);
    g_assert_false (kefu_question_correct_key (f->store, w, "A", "复核", &result, &error));
    g_assert_nonnull (strstr (error->message, "grading it again"));
    g_clear_error (&error);
  }
  /* a trainee may not */
  kefu_store_set_actor (f->store, f->trainee[3]);
  g_assert_false (kefu_question_correct_key (f->store, ring, "D", "我觉得", &result, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
}

/* A true/false and a fill-in key, and the all-or-nothing rule. */
static void
test_correct_key_other_types (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 tf = add_tf (f, "投诉必须当天办结。", 2);   /* keyed 对, should be 错 */
  g_autoptr(KefuQuestion) fill = kefu_question_new (KEFU_QUESTION_SHORT_ANSWER);
  gint64 ids[2];
  const char *answers[] = { "false", "一一九", NULL };
  gint64 exam, attempt;
  KefuAttemptInfo info;
  KefuKeyCorrection result;

  fill->bank_id = f->bank;
  fill->stem = g_strdup ("火警电话是____。");
  kefu_question_add_option (fill, "119", 100, "");
  fill->points = 3;
  kefu_question_insert (f->store, fill, &error);
  g_assert_no_error (error);
  ids[0] = tf;
  ids[1] = fill->id;
  exam = paper (f, "应急小测", 1, ids, 2);
  attempt = sit (f, exam, f->trainee[0], answers);
  info = info_of (f, attempt);
  g_assert_cmpfloat (info.score, ==, 0);

  g_assert_true (kefu_question_correct_key (f->store, tf, "错", "办结时限按类别", &result, &error));
  g_assert_no_error (error);
  info = info_of (f, attempt);
  g_assert_cmpfloat (info.score, ==, 2);
  g_assert_true (kefu_question_correct_key (f->store, fill->id, "119\n一一九", "汉字写法也算", &result, &error));
  g_assert_no_error (error);
  info = info_of (f, attempt);
  g_assert_cmpfloat (info.score, ==, 5);
  g_assert_true (info.passed);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM score_changes WHERE kind = 'key'"), ==, 2);
}

/* 3. Papers: withdraw, copy, make-up ---------------------------------------- */

static void
test_paper_withdraw_copy (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 tf = add_tf (f, "回访时应确认问题是否解决。", 2);
  gint64 ring = add_single (f, "座机来电应在响铃几声内接听？", "B", "服务礼仪", 2);
  gint64 ids[] = { tf, ring };
  gint64 unsat = paper (f, "未考", 1, ids, 2), sat = paper (f, "已考", 1, ids, 2), copy;
  const char *answers[] = { "true", "B", NULL };
  g_auto(KefuExamSettings) s = { 0 };
  g_autoptr(GPtrArray) layout = NULL;

  /* nobody sat it: withdrawn, and gone from My Exams */
  g_assert_true (listed_for (f, f->trainee[0], unsat));
  g_assert_true (kefu_exam_withdraw (f->store, unsat, &error));
  g_assert_no_error (error);
  g_assert_false (listed_for (f, f->trainee[0], unsat));
  g_assert_false (kefu_exam_withdraw (f->store, unsat, &error));
  g_assert_nonnull (strstr (error->message, "already"));
  g_clear_error (&error);

  /* someone sat it: refused, saying why */
  sit (f, sat, f->trainee[0], answers);
  g_assert_false (kefu_exam_withdraw (f->store, sat, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cannot be withdrawn: 1 attempt"));
  g_clear_error (&error);
  g_assert_true (listed_for (f, f->trainee[1], sat));

  /* a copy is a draft with the same settings and questions */
  copy = kefu_exam_copy (f->store, sat, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_exam_load (f->store, copy, &s, &error));
  g_assert_cmpstr (s.name, ==, "已考 (copy)");
  g_assert_cmpint (s.state, ==, KEFU_EXAM_DRAFT);
  g_assert_cmpint (s.attempts_allowed, ==, 1);
  g_assert_false (s.shuffle_questions);
  layout = kefu_exam_layout (f->store, copy, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layout->len, ==, 2);
  g_assert_cmpint (((KefuAttemptItem *) layout->pdata[1])->question->id, ==, ring);
  g_assert_false (listed_for (f, f->trainee[1], copy));   /* a draft: nobody sees it */
  g_assert_cmpint (kefu_exam_makeup_of (f->store, copy), ==, 0);
}

static void
test_paper_make_up (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 tf = add_tf (f, "回访时应确认问题是否解决。", 2);
  gint64 w = add_written (f, 8);
  gint64 ids[] = { tf, w };
  gint64 exam = paper (f, "首问负责", 1, ids, 2), makeup, none;
  const char *good[] = { "true", "负责到底，全程跟进。", NULL };
  const char *poor[] = { "false", "不清楚", NULL };
  gint64 failed, passed, waiting;
  guint n = 0;
  g_auto(KefuExamSettings) s = { 0 };

  failed = sit (f, exam, f->trainee[0], poor);
  passed = sit (f, exam, f->trainee[1], good);
  waiting = sit (f, exam, f->trainee[2], good);
  /* trainee 4 never sat it */
  g_assert_true (kefu_attempt_grade (f->store, failed, 2, 1, NULL, &error));
  g_assert_true (kefu_attempt_grade (f->store, passed, 2, 8, NULL, &error));
  g_assert_no_error (error);
  (void) waiting;

  g_assert_cmpint (kefu_exam_make_up (f->store, exam, T0 + 8 * DAY, T0 + 8 * DAY, &n, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  makeup = kefu_exam_make_up (f->store, exam, T0 + 8 * DAY, T0 + 15 * DAY, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpint (makeup, >, 0);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (kefu_exam_makeup_of (f->store, makeup), ==, exam);
  g_assert_true (kefu_exam_load (f->store, makeup, &s, &error));
  g_assert_cmpstr (s.name, ==, "首问负责 (make-up)");
  g_assert_cmpint (s.state, ==, KEFU_EXAM_PUBLISHED);
  /* the one who failed and the one who missed it; not who passed or waits */
  g_assert_true (listed_for (f, f->trainee[0], makeup));
  g_assert_false (listed_for (f, f->trainee[1], makeup));
  g_assert_false (listed_for (f, f->trainee[2], makeup));
  g_assert_true (listed_for (f, f->trainee[3], makeup));
  kefu_store_set_now (f->store, T0 + 9 * DAY);
  g_assert_cmpint (kefu_attempt_start (f->store, makeup, f->trainee[0], 1, &error), >, 0);
  g_assert_no_error (error);

  /* everyone passed: nothing to make up, and it says so */
  kefu_store_set_now (f->store, T0);
  {
    const char *answers[] = { "true", NULL };
    none = paper (f, "全过", 1, &tf, 1);
    for (guint i = 0; i < f->n_trainees; i++)
      sit (f, none, f->trainee[i], answers);
    g_assert_cmpint (kefu_exam_make_up (f->store, none, T0 + DAY, T0 + 2 * DAY, &n, &error), <, 0);
    g_assert_nonnull (strstr (error->message, "Nobody needs a make-up"));
    g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM exams WHERE makeup_of IS NOT NULL"), ==, 1);
  }
}

/* 4. Voiding an attempt ----------------------------------------------------- */

static void
test_void_attempt (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 tf = add_tf (f, "回访时应确认问题是否解决。", 2);
  gint64 exam = paper (f, "一次机会", 1, &tf, 1), wrong, again;
  const char *answers[] = { "false", NULL };
  g_autoptr(GPtrArray) results = NULL;
  KefuAttemptInfo info;

  wrong = sit (f, exam, f->trainee[0], answers);
  g_assert_cmpint (kefu_attempt_start (f->store, exam, f->trainee[0], 2, &error), <, 0);
  g_assert_nonnull (strstr (error->message, "has been used"));
  g_clear_error (&error);

  g_assert_false (kefu_attempt_void (f->store, wrong, "", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, f->trainee[0]);
  g_assert_false (kefu_attempt_void (f->store, wrong, "我想重考", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, f->trainer);
  g_assert_true (kefu_attempt_void (f->store, wrong, "同事代为登录作答", &error));
  g_assert_no_error (error);
  info = info_of (f, wrong);
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_VOIDED);
  g_assert_false (kefu_attempt_void (f->store, wrong, "再来一次", &error));
  g_assert_nonnull (strstr (error->message, "already"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM attempts WHERE void_reason = '同事代为登录作答' "
                                              "AND voided_at IS NOT NULL AND voided_by IS NOT NULL"), ==, 1);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'attempt.void'"), ==, 1);

  /* it no longer counts: gone from the results, the attempt is theirs again */
  results = kefu_training_attempts (f->store, f->trainee[0], &error);
  g_assert_cmpuint (results->len, ==, 0);
  g_assert_cmpint (kefu_attempts_count (f->store, exam, f->trainee[0]), ==, 0);
  g_assert_false (kefu_attempt_grade (f->store, wrong, 1, 2, NULL, &error));
  g_clear_error (&error);
  again = kefu_attempt_start (f->store, exam, f->trainee[0], 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, >, 0);
}

/* 5. Grade corrections -------------------------------------------------------- */

static void
test_grade_correction_history (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 tf = add_tf (f, "回访时应确认问题是否解决。", 2);
  gint64 w = add_written (f, 8);
  gint64 ids[] = { tf, w };
  gint64 exam = paper (f, "首问负责", 1, ids, 2), attempt;
  const char *answers[] = { "true", "负责到底。", NULL };
  g_autoptr(GPtrArray) history = NULL;
  KefuScoreChange *change;
  KefuAttemptInfo info;

  attempt = sit (f, exam, f->trainee[0], answers);
  g_assert_true (kefu_attempt_grade (f->store, attempt, 2, 4, NULL, &error));
  info = info_of (f, attempt);
  g_assert_false (info.passed);
  history = kefu_attempt_score_changes (f->store, attempt, &error);
  g_assert_cmpuint (history->len, ==, 0);   /* a first grade is no correction */
  g_clear_pointer (&history, g_ptr_array_unref);

  kefu_store_set_now (f->store, T0 + DAY);
  g_assert_true (kefu_attempt_grade (f->store, attempt, 2, 7, "复核后补分", &error));
  g_assert_no_error (error);
  info = info_of (f, attempt);
  g_assert_cmpfloat (info.score, ==, 9);
  g_assert_true (info.passed);
  history = kefu_attempt_score_changes (f->store, attempt, &error);
  g_assert_cmpuint (history->len, ==, 1);
  change = history->pdata[0];
  g_assert_cmpint (change->kind, ==, KEFU_SCORE_CHANGE_REGRADE);
  g_assert_cmpfloat (change->old_score, ==, 4);
  g_assert_cmpfloat (change->new_score, ==, 7);
  g_assert_cmpfloat (change->old_attempt_score, ==, 6);
  g_assert_cmpfloat (change->new_attempt_score, ==, 9);
  g_assert_cmpstr (change->changed_by, ==, "赵老师");
  g_assert_cmpint (change->changed_at, ==, T0 + DAY);
  /* the same grade again changes nothing */
  g_assert_true (kefu_attempt_grade (f->store, attempt, 2, 7, "复核后补分", &error));
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM score_changes"), ==, 1);
}


/* 6. kefu-cli ------------------------------------------------------------------ */

static void
test_cli (KefuTestDir   *f,
          gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "demo.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  g_autofree char *o4 = NULL, *e4 = NULL, *o5 = NULL, *e5 = NULL, *o6 = NULL, *e6 = NULL;
  g_autofree char *attempt = NULL, *question = NULL, *key_sql = NULL;
  const char *when = "2026-11-25 10:00:00";
  g_autofree char *faketime = g_find_program_in_path ("faketime");
  gint64 n_single, exam;
  g_autofree char *exam_text = NULL;

  if (faketime == NULL || g_getenv ("KEFU_CLI") == NULL)
    {
      g_test_skip ("needs faketime and kefu-cli");
      return;
    }
  g_assert_cmpint (kefu_test_run_cli (when, NULL, &o1, &e1, "--db", path, "init", "--demo", "300", "--now",
                                      "2026-11-25 10:00", NULL), ==, 0);
  n_single = kefu_test_scalar (path, "SELECT count(*) FROM questions WHERE type = 'single_choice' AND NOT retired");
  /* the list, by type: one line per question and the count */
  {
    int status = kefu_test_run_cli (when, "1234\n", &o2, &e2, "--db", path, "--as", "guohong", "questions", "list",
                                    "--bank", "客服中心综合题库", "--type", "single_choice", NULL);

    /* what kefu-cli said, should it ever fail (it did once under ASan on a loaded machine) */
    if (status != 0)
      g_test_message ("kefu-cli questions list exited %d: %s", status, e2 != NULL ? e2 : "");
    g_assert_cmpint (status, ==, 0);
  }
  {
    g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT " questions\n", n_single);
    g_assert_true (g_str_has_suffix (o2, count));
  }

  /* a key corrected from the command line; a reason is required */
  question = g_strdup_printf ("%" G_GINT64_FORMAT, kefu_test_scalar (path,
    "SELECT x.question_id FROM attempt_answers x JOIN questions q ON q.id = x.question_id "
    "WHERE q.type = 'true_false' GROUP BY x.question_id ORDER BY count(*) DESC LIMIT 1"));
  g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o3, &e3, "--db", path, "--as", "guohong", "questions",
                                      "correct-key", question, "错", NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "reason"));
  key_sql = g_strdup_printf ("SELECT answer = 'true' FROM questions WHERE id = %s", question);
  {
    const char *fixed = kefu_test_scalar (path, key_sql) ? "错" : "对";
    g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o4, &e4, "--db", path, "--as", "guohong", "questions",
                                        "correct-key", question, fixed, "--reason", "教材更新", NULL), ==, 0);
    g_assert_nonnull (strstr (o4, "Key corrected"));
  }
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM key_corrections WHERE reason = '教材更新'"), ==, 1);

  /* withdrawing the sample's paper is refused: people sat it */
  exam = kefu_test_scalar (path, "SELECT exam_id FROM attempts GROUP BY exam_id ORDER BY count(*) DESC LIMIT 1");
  exam_text = g_strdup_printf ("%" G_GINT64_FORMAT, exam);
  g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o5, &e5, "--db", path, "--as", "guohong", "exam", "withdraw",
                                      exam_text, NULL), ==, 1);
  g_assert_nonnull (strstr (e5, "cannot be withdrawn"));

  /* an attempt voided, with its reason */
  attempt = g_strdup_printf ("%" G_GINT64_FORMAT, kefu_test_scalar (path, "SELECT min(id) FROM attempts WHERE state = 'graded'"));
  g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o6, &e6, "--db", path, "--as", "guohong", "exam", "void", attempt,
                                      "--reason", "考场座位号登记错误", NULL), ==, 0);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM attempts WHERE state = 'voided' "
                                           "AND void_reason = '考场座位号登记错误'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/core/training3/questions/list-search-edit-retire", test_question_list);
  ADD ("/core/training3/key/correct-and-remark", test_correct_key_remarks);
  ADD ("/core/training3/key/true-false-and-fill-in", test_correct_key_other_types);
  ADD ("/core/training3/paper/withdraw-and-copy", test_paper_withdraw_copy);
  ADD ("/core/training3/paper/make-up", test_paper_make_up);
  ADD ("/core/training3/attempt/void", test_void_attempt);
  ADD ("/core/training3/grading/correction-history", test_grade_correction_history);
  g_test_add ("/core/training3/cli", KefuTestDir, NULL, kefu_test_dir_setup, test_cli, kefu_test_dir_teardown);
  return g_test_run ();
}
