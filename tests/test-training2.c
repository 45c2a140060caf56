/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-training2.c — training II: question banks a trainer looks after
 * (create, rename, delete, import into one, the same file twice), the
 * written type and the template's messages, the category → module
 * mapping, Moodle parity, papers checked, published and assigned, and
 * grading that counts only what is finished. */
#include "config.h"

#include <math.h>

#include "kefu-desk.h"
#include "kefu-exam.h"
#include "kefu-exam-admin.h"
#include "kefu-gift.h"
#include "kefu-question-csv.h"
#include "kefu-question-io.h"
#include "kefu-test-training.h"
#include "kefu-test-util.h"
#include "kefu-training-list.h"

#define DAY ((gint64) 86400)
#define T0 ((gint64) 1764547200)   /* 2025-12-01 00:00 UTC */

typedef KefuTestTraining Fixture;

/* the trainer, 4 trainees (kefu-test-training.h) */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kefu_test_training_setup (f, data, T0, 4, NULL);
}

#define fixture_teardown kefu_test_training_teardown

/* every case on a SQLite file and on the server (#20); FILE_ONLY: a
 * SQLite file's own migration */
#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)
#define FILE_ONLY(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  char *path = kefu_test_path (&f->dir, name);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static gint64
add_tf (Fixture    *f,
        gint64      bank,
        const char *stem,
        double      points)
{
  g_autoptr(KefuQuestion) q = kefu_question_new (KEFU_QUESTION_TRUE_FALSE);
  g_autoptr(GError) error = NULL;
  gint64 id;

  q->bank_id = bank;
  q->stem = g_strdup (stem);
  q->answer_true = TRUE;
  q->points = points;
  id = kefu_question_insert (f->store, q, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
bank_count (Fixture *f,
            gint64   bank)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM questions WHERE bank_id = %" G_GINT64_FORMAT, bank);
  return kefu_test_store_scalar (f->store, sql);
}

/* 1. Banks ------------------------------------------------------------------ */

static void
test_bank_create_rename_delete (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 etiquette, law, used, exam;
  g_autofree char *name = NULL;
  g_auto(KefuExamSettings) s = { 0 };

  etiquette = kefu_bank_create (f->store, "  礼仪题库 ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (etiquette, >, 0);
  name = kefu_bank_name (f->store, etiquette, &error);
  g_assert_cmpstr (name, ==, "礼仪题库");   /* trimmed */
  /* the same name twice, or none, is refused with the reason */
  g_assert_cmpint (kefu_bank_create (f->store, "礼仪题库", &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "礼仪题库"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_bank_create (f->store, "", &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  law = kefu_bank_create (f->store, "法律题库", &error);
  g_assert_no_error (error);
  g_assert_true (kefu_bank_rename (f->store, law, "法律实务题库", &error));
  g_assert_no_error (error);
  g_assert_cmpint (kefu_bank_find (f->store, "法律实务题库", NULL), ==, law);
  g_assert_cmpint (kefu_bank_find (f->store, "法律题库", NULL), <, 0);
  g_assert_false (kefu_bank_rename (f->store, law, "礼仪题库", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'bank.rename' "
                                              "AND detail = '法律题库 → 法律实务题库'"), ==, 1);

  /* a bank whose questions are on a paper stays, and says why */
  used = add_tf (f, etiquette, "接听电话应先问好。", 1);
  add_tf (f, law, "物业费纠纷适用民法典。", 1);
  kefu_exam_settings_init (&s);
  s.name = g_strdup ("礼仪测验");
  exam = kefu_exam_create (f->store, &s, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_exam_add_question (f->store, exam, used, &error));
  g_assert_false (kefu_bank_delete (f->store, etiquette, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "礼仪题库"));
  g_assert_nonnull (strstr (error->message, "1 papers"));
  g_clear_error (&error);
  g_assert_cmpint (bank_count (f, etiquette), ==, 1);

  /* an unused bank goes with its questions */
  g_assert_true (kefu_bank_delete (f->store, law, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bank_count (f, law), ==, 0);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM question_banks"), ==, 1);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'bank.delete'"), ==, 1);

  /* an agent may not touch banks */
  kefu_store_set_actor (f->store, f->trainee[0]);
  g_assert_cmpint (kefu_bank_create (f->store, "我的题库", &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
}

static const char bank_csv[] =
  "题型,题干,选项A,选项B,选项C,选项D,答案,解析,分值,难度,分类\r\n"
  "单选题,座机来电应在响铃几声内接听？,1声内,3声内,5声内,10声内,B,,2,1,服务礼仪\r\n"
  "多选题,电梯困人时，下列做法正确的有：,安抚被困人员,通知维保单位,自行撬门,每5分钟通报进展,A、B、D,,3,3,应急处理\r\n"
  "判断题,回访时应确认问题是否解决。,,,,,对,,2,易,沟通技巧\r\n"
  "填空题,火警电话是____。,,,,,119,,1,2,应急处理\r\n";

/* The same file twice: nothing doubles, each question is reported. */
static void
test_import_same_file_twice (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "题库.csv", bank_csv);
  g_autoptr(KefuQuestionImport) first = NULL, second = NULL, again = NULL;
  gint64 chosen = kefu_bank_create (f->store, "客服基础", &error);

  g_assert_no_error (error);
  first = kefu_questions_import_into (f->store, path, KEFU_QUESTION_FORMAT_AUTO, chosen, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->bank_id, ==, chosen);
  g_assert_cmpuint (kefu_question_import_total (first), ==, 4);
  g_assert_cmpuint (first->duplicates->len, ==, 0);
  g_assert_cmpint (bank_count (f, chosen), ==, 4);

  second = kefu_questions_import_into (f->store, path, KEFU_QUESTION_FORMAT_AUTO, chosen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_question_import_total (second), ==, 0);
  g_assert_cmpuint (second->skipped->len, ==, 0);
  g_assert_cmpuint (second->duplicates->len, ==, 4);
  g_assert_cmpuint (g_array_index (second->duplicates, KefuQuestionSkip, 0).line, ==, 2);
  g_assert_nonnull (strstr (g_array_index (second->duplicates, KefuQuestionSkip, 0).reason, "客服基础"));
  g_assert_cmpint (bank_count (f, chosen), ==, 4);

  /* another bank is another bank: there they are new */
  again = kefu_questions_import_file (f->store, path, KEFU_QUESTION_FORMAT_AUTO, "新员工题库", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_question_import_total (again), ==, 4);
  g_assert_cmpint (again->bank_id, !=, chosen);
}

static void
test_import_twice_in_one_file (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "twice.gift",
                                      "接听电话应先问好。{T}\n\n"
                                      "回访应在24小时内完成。{T}\n\n"
                                      "接听电话应先问好。{T}\n");
  g_autoptr(KefuQuestionImport) import = kefu_questions_import_file (f->store, path, KEFU_QUESTION_FORMAT_AUTO,
                                                                     "礼仪", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (kefu_question_import_total (import), ==, 2);
  g_assert_cmpuint (import->duplicates->len, ==, 1);
  g_assert_cmpuint (g_array_index (import->duplicates, KefuQuestionSkip, 0).line, ==, 5);
  g_assert_nonnull (strstr (g_array_index (import->duplicates, KefuQuestionSkip, 0).reason, "line 1"));
}

/* 2. Chinese names, the template's messages, the module mapping ------------ */

static const char written_csv[] =
  "题型,题干,选项A,选项B,选项C,选项D,答案,解析,分值,难度,分类\r\n"
  "填空题,火警电话是____。,,,,,119|幺幺九,,1,2,应急处理\r\n"
  "简答题,简述首问负责制的要求。,,,,,首位接待人员负责到底，跟踪到办结；不得推诿。,,5,3,服务礼仪\r\n"
  "案例分析题,业主投诉楼上漏水三次未解决，请写出处理步骤。,,,,,安抚业主 3分；说明时限 3分,,10,4,法律法规\r\n"
  "多选题,电梯困人时，下列做法正确的有：,安抚被困人员,通知维保单位,自行撬门,每5分钟通报进展,A、B、D,,3,3,物业费收缴\r\n";

static void
test_csv_written_fill_in_and_mapping (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "written.csv", written_csv);
  g_autofree char *again = write_file (f, "again.csv",
                                       "题型,题干,答案,分类\r\n判断题,物业费可以因服务瑕疵全部拒交。,错,物业费收缴\r\n");
  g_autoptr(KefuQuestionImport) import = NULL, second = NULL;
  g_autoptr(GPtrArray) bank = NULL, bank2 = NULL;
  KefuQuestion *fill, *written, *ca, *mc;

  import = kefu_questions_import_file (f->store, path, KEFU_QUESTION_FORMAT_AUTO, "客服题库", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->skipped->len, ==, 0);
  g_assert_cmpuint (kefu_question_import_total (import), ==, 4);
  bank = kefu_bank_questions (f->store, import->bank_id, &error);
  fill = bank->pdata[0];
  written = bank->pdata[1];
  ca = bank->pdata[2];
  mc = bank->pdata[3];

  /* 填空题 is marked against its accepted answers; 简答题 is written, by hand */
  g_assert_cmpint (fill->type, ==, KEFU_QUESTION_SHORT_ANSWER);
  g_assert_cmpuint (fill->options->len, ==, 2);
  g_assert_cmpint (written->type, ==, KEFU_QUESTION_WRITTEN);
  g_assert_cmpstr (written->rubric, ==, "首位接待人员负责到底，跟踪到办结；不得推诿。");
  g_assert_true (kefu_question_type_is_written (written->type));
  g_assert_true (isnan (kefu_question_score (written, "负责到底", KEFU_SCORING_PARTIAL, NULL)));
  g_assert_cmpint (ca->type, ==, KEFU_QUESTION_CASE_ANALYSIS);
  /* 法律法规 is 法律实务 by the shipped mapping */
  g_assert_cmpstr (ca->module, ==, "law");
  /* "A、B、D": the usual list separator */
  g_assert_cmpint (mc->type, ==, KEFU_QUESTION_MULTIPLE_CHOICE);
  {
    g_autofree char *letters = kefu_question_right_letters (mc);
    g_assert_cmpstr (letters, ==, "ABD");
  }
  /* a category with no module is kept and said, never dropped silently */
  g_assert_null (mc->module);
  g_assert_cmpstr (mc->category, ==, "物业费收缴");
  g_assert_cmpuint (import->notes->len, ==, 1);
  g_assert_cmpuint (g_array_index (import->notes, KefuQuestionSkip, 0).line, ==, 5);
  g_assert_nonnull (strstr (g_array_index (import->notes, KefuQuestionSkip, 0).reason, "物业费收缴"));

  /* the trainer maps it; the next import takes the module */
  g_assert_false (kefu_module_alias_set (f->store, "物业费收缴", "会计", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kefu_module_alias_set (f->store, "物业费收缴", "法律实务", &error));
  g_assert_no_error (error);
  second = kefu_questions_import_file (f->store, again, KEFU_QUESTION_FORMAT_AUTO, "客服题库", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->notes->len, ==, 0);
  bank2 = kefu_bank_questions (f->store, second->bank_id, &error);
  g_assert_cmpstr (((KefuQuestion *) bank2->pdata[4])->module, ==, "law");
  {
    g_autoptr(GPtrArray) aliases = kefu_module_aliases (f->store, &error);
    gboolean found = FALSE;
    for (guint i = 0; i < aliases->len; i++)
      found |= g_str_equal (aliases->pdata[i], "物业费收缴=law");
    g_assert_true (found);
  }
}

/* Every problem of a row is named, and an empty answer cell says so. */
static void
test_csv_row_names_every_problem (void)
{
  g_autoptr(GArray) skipped = kefu_question_skips_new ();
  g_autoptr(GError) error = NULL;
  const char *text = "题型,题干,选项A,选项B,答案,分值,难度\r\n"
                     "单选题,,甲,乙,,两分,很难\r\n"
                     "判断题,回访要及时。,,,,,\r\n"
                     "填空题,火警电话是____。,,,,,\r\n"
                     "多选题,选出正确的,甲,乙,A、C,,\r\n";
  g_autoptr(GPtrArray) list = kefu_question_csv_parse (text, strlen (text), "x.csv", skipped, &error);
  const char *first;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpuint (skipped->len, ==, 4);
  first = g_array_index (skipped, KefuQuestionSkip, 0).reason;
  g_assert_nonnull (strstr (first, "题干"));
  g_assert_nonnull (strstr (first, "“两分”"));
  g_assert_nonnull (strstr (first, "“很难”"));
  g_assert_nonnull (strstr (first, "the answer (答案) is empty"));
  g_assert_nonnull (strstr (g_array_index (skipped, KefuQuestionSkip, 1).reason, "the answer (答案) is empty: give 对 or 错"));
  g_assert_nonnull (strstr (g_array_index (skipped, KefuQuestionSkip, 2).reason, "the answer (答案) is empty"));
  g_assert_nonnull (strstr (g_array_index (skipped, KefuQuestionSkip, 2).reason, "填空题"));
  /* C is not a choice of two: said with the letters there are */
  g_assert_nonnull (strstr (g_array_index (skipped, KefuQuestionSkip, 3).reason, "“A、C” is not letters of the choices (A–B)"));
}

/* The migration moves questions that came from 简答题 rows (stored as
 * short answers before) to the written type; fill-ins stay. */
static void
test_migration_moves_written (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (&f->dir, "old.db");
  g_autoptr(KefuStore) now = NULL;
  g_autoptr(KefuStore) other = NULL;

  {
    g_autoptr(KefuStore) old = kefu_store_open_at_version (path, 17, &error); /* v17: before training II (migration 18) */
    g_assert_no_error (error);
    /* what a desk of that version wrote */
    kefu_test_exec (old, "INSERT INTO question_banks (id, name, created_at) VALUES (1, '旧题库', 0)");
    kefu_test_exec (old,
      "INSERT INTO questions (bank_id, type, stem, answer, created_at) VALUES "
      "  (1, 'short_answer', '简述首问负责制的要求。', '首位接待人员负责到底，跟踪到办结。', 0),"
      "  (1, 'short_answer', '火警电话是____。', '119', 0),"
      "  (1, 'short_answer', '报修电话是多少？', ?1, 0),"
      "  (1, 'short_answer', '我国的消防日是哪天？', '11月9日', 0)",
      KEFU_TEST_TEXT ("400\n四零零"));
  }

  now = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM questions WHERE type = 'written'"), ==, 1);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM questions WHERE type = 'written' AND stem LIKE '简述%'"), ==, 1);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM questions WHERE type = 'short_answer'"), ==, 3);
  /* the type list now takes it, and still refuses what is not a type */
  other = kefu_test_other_store_for (path);
  kefu_test_exec (other, "INSERT INTO questions (bank_id, type, stem, answer, created_at) "
                         "VALUES (1, 'written', '新题', '', 0)");
  g_assert_false (kefu_test_try_exec (other, "INSERT INTO questions (bank_id, type, stem, answer, created_at) "
                                             "VALUES (1, 'essay', '新题', '', 0)", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&other);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), ==, 0);
  /* existing papers stay as they were: published, open to all */
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM training_module_aliases WHERE category = '法律法规' AND module = 'law'"), ==, 1);
}

/* 3. Moodle parity ------------------------------------------------------- */

static KefuQuestion *
gift_one (const char *text)
{
  g_autoptr(GArray) skipped = kefu_question_skips_new ();
  g_autoptr(GPtrArray) list = kefu_gift_parse (text, skipped);

  g_assert_cmpuint (skipped->len, ==, 0);
  g_assert_cmpuint (list->len, ==, 1);
  return kefu_question_copy (list->pdata[0]);
}

static void
test_gift_markup_as_plain_text (void)
{
  g_autoptr(KefuQuestion) html = gift_one ("[html]<p>电梯困人时，<b>首先</b>应当&nbsp;做什么？</p>{=安抚被困人员 ~<i>撬门</i>}");
  g_autoptr(KefuQuestion) md = gift_one ("[markdown]**火警**时拨打 `119`，见[预案](http://example.invalid)。{T}");
  g_autoptr(KefuQuestion) auto_html = gift_one ("回访<br>要及时&amp;礼貌。{T}");
  g_autoptr(KefuQuestion) plain = gift_one ("[plain]温度<5度时<要>防冻。{T}");

  g_assert_cmpstr (html->stem, ==, "电梯困人时，首先应当 做什么？");
  g_assert_cmpstr (html->options->pdata[1], ==, "撬门");
  g_assert_cmpstr (md->stem, ==, "火警时拨打 119，见预案。");
  g_assert_cmpstr (auto_html->stem, ==, "回访\n要及时&礼貌。");
  g_assert_cmpstr (plain->stem, ==, "温度<5度时<要>防冻。");
}

static void
test_gift_missing_word_keeps_spaces (void)
{
  g_autoptr(KefuQuestion) en = gift_one ("Moodle costs {~lots of money =nothing ~a small amount} to download.");
  g_autoptr(KefuQuestion) zh = gift_one ("客服中心实行{=首问负责制 ~轮流负责制}，直至办结。");
  g_autoptr(KefuQuestion) md = gift_one ("[markdown]The **fire** number is {=119 ~110} today.");

  g_assert_cmpstr (en->stem, ==, "Moodle costs _____ to download.");
  g_assert_cmpstr (zh->stem, ==, "客服中心实行_____，直至办结。");
  g_assert_cmpstr (md->stem, ==, "The fire number is _____ today.");
}

static void
test_gift_written_round_trip (void)
{
  g_autoptr(KefuQuestion) q = kefu_question_new (KEFU_QUESTION_WRITTEN);
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GArray) skipped = kefu_question_skips_new ();
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *text = NULL;

  q->stem = g_strdup ("简述首问负责制的要求。");
  q->rubric = g_strdup ("负责到底 3分\n跟踪办结 2分");
  q->points = 5;
  g_ptr_array_add (list, q);
  text = kefu_gift_write (list);
  back = kefu_gift_parse (text, skipped);
  g_assert_cmpuint (back->len, ==, 1);
  g_assert_cmpint (((KefuQuestion *) back->pdata[0])->type, ==, KEFU_QUESTION_WRITTEN);
  g_assert_true (kefu_question_equal (q, back->pdata[0]));
}

static void
test_single_choice_partial_credit_in_attempt (Fixture       *f,
                                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "partial.gift",
                                      "// kefu: points=4\n首问负责人是谁？{=受理的员工 ~%50%客服主管 ~维修师傅}\n");
  g_autoptr(KefuQuestionImport) import = kefu_questions_import_file (f->store, path, KEFU_QUESTION_FORMAT_AUTO,
                                                                     "部分得分", &error);
  g_auto(KefuExamSettings) s = { 0 };
  g_auto(KefuAttemptInfo) info = { 0 };
  gint64 exam, attempt, qid;

  g_assert_no_error (error);
  qid = kefu_test_store_scalar (f->store, "SELECT max(id) FROM questions");
  kefu_exam_settings_init (&s);
  s.name = g_strdup ("部分得分测验");
  s.shuffle_options = FALSE;
  s.pass_mark = 40;
  exam = kefu_exam_create (f->store, &s, &error);
  g_assert_true (kefu_exam_add_question (f->store, exam, qid, &error));
  g_assert_true (kefu_exam_publish (f->store, exam, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_exam_assign (f->store, exam, f->trainee[0], T0, T0 + 7 * DAY, &error));
  attempt = kefu_attempt_start (f->store, exam, f->trainee[0], 3, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_attempt_save_answer (f->store, attempt, 1, "B", &error));
  g_assert_true (kefu_attempt_submit (f->store, attempt, &error));
  g_assert_true (kefu_attempt_get_info (f->store, attempt, &info, &error));
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_GRADED);
  g_assert_cmpfloat (info.score, ==, 2);
  g_assert_cmpfloat (info.max_score, ==, 4);
  g_assert_true (info.passed);
}

/* 4. Papers ------------------------------------------------------------- */

static gint64
new_paper (Fixture    *f,
           const char *name)
{
  g_auto(KefuExamSettings) s = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  kefu_exam_settings_init (&s);
  s.name = g_strdup (name);
  s.attempts_allowed = 2;
  s.shuffle_questions = FALSE;
  s.shuffle_options = FALSE;
  id = kefu_exam_create (f->store, &s, &error);
  g_assert_no_error (error);
  return id;
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

/* Two rules drawing 6 each from the same 7 questions: each alone is
 * fine, the paper is not, and publishing says why. */
static void
test_paper_checked_as_a_whole (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 bank = kefu_bank_create (f->store, "七题", &error);
  gint64 exam = new_paper (f, "重叠抽题");
  KefuDrawRule six = { bank, NULL, NULL, KEFU_QUESTION_TRUE_FALSE, 0, 0, 6 };
  KefuDrawRule one = { bank, NULL, NULL, -1, 0, 0, 1 };
  gint64 fixed = 0;

  for (int i = 0; i < 7; i++)
    {
      g_autofree char *stem = g_strdup_printf ("判断题%d", i + 1);
      gint64 id = add_tf (f, bank, stem, 1);
      if (i == 0)
        fixed = id;
    }
  g_assert_true (kefu_exam_add_draw (f->store, exam, &six, &error));
  g_assert_true (kefu_exam_add_draw (f->store, exam, &six, &error));
  g_assert_no_error (error);
  g_assert_false (kefu_exam_publish (f->store, exam, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "ask for 12 questions in all, but only 7 different questions"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM exams WHERE state = 'draft'"), ==, 1);

  /* a fixed question is not drawn again: 1 fixed + 6 + 1 of 7 is too many as well */
  {
    gint64 other = new_paper (f, "固定加抽题");
    g_assert_true (kefu_exam_add_question (f->store, other, fixed, &error));
    g_assert_true (kefu_exam_add_draw (f->store, other, &six, &error));
    g_assert_true (kefu_exam_check (f->store, other, &error));
    g_assert_true (kefu_exam_add_draw (f->store, other, &one, &error));
    g_assert_false (kefu_exam_check (f->store, other, &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  /* an empty paper cannot be published either */
  g_assert_false (kefu_exam_publish (f->store, new_paper (f, "空卷"), &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "has no questions"));
}

/* A draft until published; then only those assigned see it and may
 * start it, between its opening and closing; it no longer changes. */
static void
test_paper_draft_published_assigned (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 bank = kefu_bank_create (f->store, "礼仪", &error);
  gint64 q = add_tf (f, bank, "接听电话应先问好。", 1);
  gint64 exam = new_paper (f, "礼仪周测");
  gint64 attempt;

  g_assert_true (kefu_exam_add_question (f->store, exam, q, &error));
  g_assert_false (listed_for (f, f->trainee[0], exam));
  g_assert_true (listed_for (f, 0, exam));   /* the trainer's list has drafts */
  g_assert_cmpint (kefu_attempt_start (f->store, exam, f->trainee[0], 1, &error), <, 0);
  g_assert_nonnull (strstr (error->message, "is a draft"));
  g_clear_error (&error);
  {
    const char *sheet[] = { "对", NULL };
    g_assert_cmpint (kefu_attempt_key_in (f->store, exam, f->trainee[0], "A", sheet, &error), <, 0);
    g_assert_nonnull (strstr (error->message, "draft"));
    g_clear_error (&error);
  }

  g_assert_true (kefu_exam_publish (f->store, exam, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'exam.publish'"), ==, 1);
  /* no longer changes */
  g_assert_false (kefu_exam_add_question (f->store, exam, q, &error));
  g_assert_nonnull (strstr (error->message, "no longer a draft"));
  g_clear_error (&error);
  /* published but assigned to nobody: in nobody's My Exams */
  g_assert_false (listed_for (f, f->trainee[0], exam));
  g_assert_cmpint (kefu_attempt_start (f->store, exam, f->trainee[0], 1, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  /* one week from tomorrow 09:00 (UTC+8 in the fixture's eyes: store clock only) */
  g_assert_false (kefu_exam_assign (f->store, exam, f->trainee[0], T0 + DAY, T0 + DAY, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kefu_exam_assign (f->store, exam, f->trainee[0], T0 + DAY, T0 + 8 * DAY, &error));
  g_assert_true (listed_for (f, f->trainee[0], exam));
  g_assert_false (listed_for (f, f->trainee[1], exam));
  /* not yet open */
  g_assert_cmpint (kefu_attempt_start (f->store, exam, f->trainee[0], 1, &error), <, 0);
  g_assert_nonnull (strstr (error->message, "opens at"));
  g_clear_error (&error);
  /* open */
  kefu_store_set_now (f->store, T0 + 2 * DAY);
  attempt = kefu_attempt_start (f->store, exam, f->trainee[0], 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (attempt, >, 0);
  g_assert_true (kefu_attempt_submit (f->store, attempt, &error));
  /* someone else may not */
  g_assert_cmpint (kefu_attempt_start (f->store, exam, f->trainee[1], 1, &error), <, 0);
  g_assert_nonnull (strstr (error->message, "not assigned to you"));
  g_clear_error (&error);
  /* closed: gone from My Exams, and no new attempt */
  kefu_store_set_now (f->store, T0 + 8 * DAY);
  g_assert_false (listed_for (f, f->trainee[0], exam));
  g_assert_cmpint (kefu_attempt_start (f->store, exam, f->trainee[0], 2, &error), <, 0);
  g_assert_nonnull (strstr (error->message, "closed at"));
  g_clear_error (&error);
  /* sat: it cannot be withdrawn (test-training3 has more) */
  kefu_store_set_now (f->store, T0 + 2 * DAY);
  g_assert_false (kefu_exam_withdraw (f->store, exam, &error));
  g_assert_nonnull (strstr (error->message, "cannot be withdrawn"));
  g_clear_error (&error);
  /* the attempt voided, withdrawn: no attempt even when open */
  g_assert_true (kefu_attempt_void (f->store, attempt, "试卷有误", &error));
  g_assert_true (kefu_exam_withdraw (f->store, exam, &error));
  g_assert_false (listed_for (f, f->trainee[0], exam));
  g_assert_cmpint (kefu_attempt_start (f->store, exam, f->trainee[0], 2, &error), <, 0);
  g_assert_nonnull (strstr (error->message, "withdrawn"));
}

/* Points per type: every question of a type counts the same on the paper. */
static void
test_paper_points_per_type (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "mix.csv", bank_csv);
  g_autoptr(KefuQuestionImport) import = kefu_questions_import_file (f->store, path, KEFU_QUESTION_FORMAT_AUTO,
                                                                     "混合", &error);
  g_auto(KefuExamSettings) s = { 0 }, back = { 0 };
  g_autoptr(GPtrArray) layout = NULL;
  KefuDrawRule all = { import->bank_id, NULL, NULL, -1, 0, 0, 4 };
  gint64 exam;
  double total = 0;

  kefu_exam_settings_init (&s);
  s.name = g_strdup ("按题型计分");
  s.type_points[KEFU_QUESTION_SINGLE_CHOICE] = 5;
  s.type_points[KEFU_QUESTION_TRUE_FALSE] = 0.5;
  exam = kefu_exam_create (f->store, &s, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_exam_add_draw (f->store, exam, &all, &error));
  g_assert_true (kefu_exam_load (f->store, exam, &back, &error));
  g_assert_cmpfloat (back.type_points[KEFU_QUESTION_SINGLE_CHOICE], ==, 5);
  g_assert_cmpfloat (back.type_points[KEFU_QUESTION_MULTIPLE_CHOICE], ==, 0);
  g_assert_cmpint (back.state, ==, KEFU_EXAM_DRAFT);
  layout = kefu_exam_layout (f->store, exam, 1, 1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < layout->len; i++)
    total += ((KefuAttemptItem *) layout->pdata[i])->max_score;
  /* 5 (single, was 2) + 3 (multiple, its own) + 0.5 (true/false, was 2) + 1 (fill-in, its own) */
  g_assert_cmpfloat (total, ==, 9.5);
}

/* 5. Grading counts only what is finished ------------------------------- */

static void
test_grading_blank_and_unfinished (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 bank = kefu_bank_create (f->store, "案例", &error);
  g_autoptr(KefuQuestion) written = kefu_question_new (KEFU_QUESTION_WRITTEN);
  gint64 tf = add_tf (f, bank, "回访应在24小时内完成。", 2);
  gint64 exam = new_paper (f, "案例小测");
  gint64 blank, waiting;
  g_auto(KefuAttemptInfo) info = { 0 };
  g_autoptr(GPtrArray) mine = NULL, all = NULL;
  KefuExamSummary *e = NULL;

  written->bank_id = bank;
  written->stem = g_strdup ("简述首问负责制。");
  written->rubric = g_strdup ("负责到底");
  written->points = 10;
  g_assert_cmpint (kefu_question_insert (f->store, written, &error), >, 0);
  g_assert_true (kefu_exam_add_question (f->store, exam, tf, &error));
  g_assert_true (kefu_exam_add_question (f->store, exam, written->id, &error));
  g_assert_true (kefu_exam_publish (f->store, exam, &error));
  g_assert_true (kefu_exam_assign (f->store, exam, f->trainee[0], T0, T0 + 7 * DAY, &error));
  g_assert_true (kefu_exam_assign (f->store, exam, f->trainee[1], T0, T0 + 7 * DAY, &error));

  /* nothing written: 0 at once, the attempt is graded without a trainer */
  blank = kefu_attempt_start (f->store, exam, f->trainee[0], 1, &error);
  g_assert_true (kefu_attempt_save_answer (f->store, blank, 1, "true", &error));
  g_assert_true (kefu_attempt_save_answer (f->store, blank, 2, "   ", &error));
  g_assert_true (kefu_attempt_submit (f->store, blank, &error));
  g_assert_true (kefu_attempt_get_info (f->store, blank, &info, &error));
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_GRADED);
  g_assert_cmpfloat (info.score, ==, 2);
  g_assert_cmpfloat (info.max_score, ==, 12);
  g_assert_false (info.passed);
  kefu_attempt_info_clear (&info);
  {
    g_autoptr(GArray) waiting_list = kefu_attempts_awaiting_grading (f->store, exam, &error);
    g_assert_cmpuint (waiting_list->len, ==, 0);
  }

  /* something written waits: no best score, no pass rate from it yet */
  waiting = kefu_attempt_start (f->store, exam, f->trainee[1], 1, &error);
  g_assert_true (kefu_attempt_save_answer (f->store, waiting, 1, "true", &error));
  g_assert_true (kefu_attempt_save_answer (f->store, waiting, 2, "接待人员负责到底。", &error));
  g_assert_true (kefu_attempt_submit (f->store, waiting, &error));
  g_assert_true (kefu_attempt_get_info (f->store, waiting, &info, &error));
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_SUBMITTED);
  g_assert_cmpuint (info.n_ungraded, ==, 1);
  mine = kefu_training_exams (f->store, f->trainee[1], &error);
  g_assert_cmpuint (mine->len, ==, 1);
  g_assert_cmpfloat (((KefuExamSummary *) mine->pdata[0])->best_percent, ==, -1);   /* not "最好成绩 17%" */
  all = kefu_training_exams (f->store, 0, &error);
  for (guint i = 0; i < all->len; i++)
    if (((KefuExamSummary *) all->pdata[i])->id == exam)
      e = all->pdata[i];
  g_assert_nonnull (e);
  g_assert_cmpuint (e->n_attempts, ==, 1);   /* the graded one only */
  g_assert_cmpuint (e->n_passed, ==, 0);

  /* graded by hand against the rubric: now it counts */
  g_assert_true (kefu_attempt_grade (f->store, waiting, 2, 9, "要点齐全", &error));
  g_assert_no_error (error);
  g_clear_pointer (&mine, g_ptr_array_unref);
  mine = kefu_training_exams (f->store, f->trainee[1], &error);
  g_assert_cmpfloat (fabs (((KefuExamSummary *) mine->pdata[0])->best_percent - 100.0 * 11 / 12), <, 1e-9);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/core/training2/bank/create-rename-delete", test_bank_create_rename_delete);
  ADD ("/core/training2/import/same-file-twice-not-doubled", test_import_same_file_twice);
  ADD ("/core/training2/import/same-question-twice-in-a-file", test_import_twice_in_one_file);
  /* the shipped category → module mapping (SQLite migration 18's rows) is
   * not seeded by `server init`, and `migrate` wants empty tables: not yet
   * on a server (README ▸ Many desks ▸ Training on the server) */
  FILE_ONLY ("/core/training2/csv/written-fill-in-and-module-mapping", test_csv_written_fill_in_and_mapping);
  g_test_add_func ("/core/training2/csv/row-names-every-problem", test_csv_row_names_every_problem);
  FILE_ONLY ("/core/training2/migration/short-answers-from-written-rows", test_migration_moves_written);
  g_test_add_func ("/core/training2/gift/markup-as-plain-text", test_gift_markup_as_plain_text);
  g_test_add_func ("/core/training2/gift/missing-word-keeps-spaces", test_gift_missing_word_keeps_spaces);
  g_test_add_func ("/core/training2/gift/written-round-trip", test_gift_written_round_trip);
  ADD ("/core/training2/scoring/single-choice-partial-credit", test_single_choice_partial_credit_in_attempt);
  ADD ("/core/training2/paper/checked-as-a-whole", test_paper_checked_as_a_whole);
  ADD ("/core/training2/paper/draft-published-assigned", test_paper_draft_published_assigned);
  ADD ("/core/training2/paper/points-per-type", test_paper_points_per_type);
  ADD ("/core/training2/grading/blank-and-unfinished", test_grading_blank_and_unfinished);

  return g_test_run ();
}
