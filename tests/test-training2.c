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
#include "kefu-gift.h"
#include "kefu-question-csv.h"
#include "kefu-question-io.h"
#include "kefu-test-util.h"
#include "kefu-training-list.h"

#define DAY ((gint64) 86400)
#define T0 ((gint64) 1764547200)   /* 2025-12-01 00:00 UTC */

typedef struct {
  KefuTestDir  dir;
  char        *path;
  KefuStore   *store;
  gint64       trainer;
  gint64       trainee[4];
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kefu_test_dir_setup (&f->dir, data);
  f->path = kefu_test_path (&f->dir, "kefu.db");
  f->store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (f->store, T0);
  f->trainer = kefu_desk_add_user (f->store, "zhaolaoshi", "赵老师", "trainer", NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (f->trainee); i++)
    {
      g_autofree char *login = g_strdup_printf ("xueyuan%u", i + 1);
      g_autofree char *name = g_strdup_printf ("学员%u", i + 1);
      f->trainee[i] = kefu_desk_add_user (f->store, login, name, "agent", NULL, &error);
      g_assert_no_error (error);
    }
  kefu_store_set_actor (f->store, f->trainer);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
  kefu_test_dir_teardown (&f->dir, data);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

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
  return kefu_test_scalar (f->path, sql);
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
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action = 'bank.rename' "
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
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM question_banks"), ==, 1);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action = 'bank.delete'"), ==, 1);

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/core/training2/bank/create-rename-delete", test_bank_create_rename_delete);
  ADD ("/core/training2/import/same-file-twice-not-doubled", test_import_same_file_twice);
  ADD ("/core/training2/import/same-question-twice-in-a-file", test_import_twice_in_one_file);

  return g_test_run ();
}
