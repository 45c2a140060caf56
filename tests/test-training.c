/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-training.c — question banks, GIFT and the spreadsheet template,
 * papers and attempts, scoring, re-practice, assessments, item statistics */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kefu-assessment.h"
#include "kefu-desk.h"
#include "kefu-exam.h"
#include "kefu-gift.h"
#include "kefu-item-stats.h"
#include "kefu-practice.h"
#include "kefu-question-csv.h"
#include "kefu-question-io.h"
#include "kefu-test-training.h"
#include "kefu-test-util.h"
#include "kefu-training-list.h"

#define DAY ((gint64) 86400)
#define T0 ((gint64) 1764547200)   /* 2025-12-01 00:00 UTC */

typedef KefuTestTraining Fixture;

/* the trainer, 6 trainees (kefu-test-training.h) */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kefu_test_training_setup (f, data, T0, 6, NULL);
}

#define fixture_teardown kefu_test_training_teardown

/* every case on a SQLite file and on the server (#20) */
#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)

/* Parses GIFT text that must hold exactly one good question. */
static KefuQuestion *
gift_one (const char *text)
{
  g_autoptr(GArray) skipped = kefu_question_skips_new ();
  g_autoptr(GPtrArray) list = kefu_gift_parse (text, skipped);

  for (guint i = 0; i < skipped->len; i++)
    g_test_message ("skipped line %u: %s", g_array_index (skipped, KefuQuestionSkip, i).line,
                    g_array_index (skipped, KefuQuestionSkip, i).reason);
  g_assert_cmpuint (skipped->len, ==, 0);
  g_assert_cmpuint (list->len, ==, 1);
  return kefu_question_copy (list->pdata[0]);
}

static const char *
opt (const KefuQuestion *q,
     guint               i)
{
  return q->options->pdata[i];
}

/* GIFT, one syntax case at a time ----------------------------------------- */

static void
test_gift_single_choice (void)
{
  g_autoptr(KefuQuestion) q = gift_one ("::接听时限::座机来电应在响铃几声内接听？{=3声内 ~1声内 ~5声内}\n");

  g_assert_cmpint (q->type, ==, KEFU_QUESTION_SINGLE_CHOICE);
  g_assert_cmpstr (q->title, ==, "接听时限");
  g_assert_cmpstr (q->stem, ==, "座机来电应在响铃几声内接听？");
  g_assert_cmpuint (q->options->len, ==, 3);
  g_assert_cmpstr (opt (q, 0), ==, "3声内");
  g_assert_cmpstr (opt (q, 2), ==, "5声内");
  g_assert_cmpfloat (kefu_question_weight (q, 0), ==, 100);
  g_assert_cmpfloat (kefu_question_weight (q, 1), ==, 0);
  g_assert_cmpint (q->line, ==, 1);
}

static void
test_gift_partial_and_negative_weights (void)
{
  g_autoptr(KefuQuestion) single = gift_one ("首问负责人是谁？{=受理的员工 ~%50%客服主管 ~维修师傅}");
  g_autoptr(KefuQuestion) multi = gift_one ("电梯困人时应当：{\n"
                                            "  ~%50%安抚被困人员\n"
                                            "  ~%50%通知电梯维保单位\n"
                                            "  ~%-100%自行撬门救人\n"
                                            "}");

  /* "=" plus "~" is single choice, a wrong choice may carry credit */
  g_assert_cmpint (single->type, ==, KEFU_QUESTION_SINGLE_CHOICE);
  g_assert_cmpfloat (kefu_question_weight (single, 1), ==, 50);
  /* no "=" and positive weights: multiple choice, negative weights kept */
  g_assert_cmpint (multi->type, ==, KEFU_QUESTION_MULTIPLE_CHOICE);
  g_assert_cmpuint (multi->options->len, ==, 3);
  g_assert_cmpfloat (kefu_question_weight (multi, 0), ==, 50);
  g_assert_cmpfloat (kefu_question_weight (multi, 2), ==, -100);
  g_assert_cmpstr (opt (multi, 2), ==, "自行撬门救人");
}

static void
test_gift_true_false (void)
{
  g_autoptr(KefuQuestion) t = gift_one ("首问负责制只适用于客服主管。{F}");
  g_autoptr(KefuQuestion) t2 = gift_one ("回访时应确认问题是否解决。{TRUE}");
  g_autoptr(KefuQuestion) t3 = gift_one ("可以对业主说“这不是我的事”。{FALSE#这是禁忌用语。#正确，这是禁忌用语。}");
  g_autoptr(KefuQuestion) t4 = gift_one ("3F倾听包括事实。{T}");

  g_assert_cmpint (t->type, ==, KEFU_QUESTION_TRUE_FALSE);
  g_assert_false (t->answer_true);
  g_assert_true (t2->answer_true);
  g_assert_true (t4->answer_true);
  g_assert_false (t3->answer_true);
  g_assert_cmpuint (t3->feedback->len, ==, 2);
  g_assert_cmpstr (t3->feedback->pdata[0], ==, "这是禁忌用语。");
  g_assert_cmpstr (t3->feedback->pdata[1], ==, "正确，这是禁忌用语。");
}

static void
test_gift_short_answer (void)
{
  g_autoptr(KefuQuestion) q = gift_one ("火警电话是多少？{=119 =火警119 =%50%火警}");

  g_assert_cmpint (q->type, ==, KEFU_QUESTION_SHORT_ANSWER);
  g_assert_cmpuint (q->options->len, ==, 3);
  g_assert_cmpstr (opt (q, 1), ==, "火警119");
  g_assert_cmpfloat (kefu_question_weight (q, 0), ==, 100);
  g_assert_cmpfloat (kefu_question_weight (q, 2), ==, 50);
}

static void
test_gift_feedback (void)
{
  g_autoptr(KefuQuestion) q = gift_one ("投诉应在多久内处理完毕？{\n"
                                        "  =48小时#符合投诉处理时限。\n"
                                        "  ~一周#太慢了。\n"
                                        "  ~一个月\n"
                                        "  ####投诉要求48小时内处理完毕、100%闭环。\n"
                                        "}");

  g_assert_cmpstr (q->feedback->pdata[0], ==, "符合投诉处理时限。");
  g_assert_cmpstr (q->feedback->pdata[1], ==, "太慢了。");
  g_assert_cmpstr (q->feedback->pdata[2], ==, "");
  g_assert_cmpstr (opt (q, 0), ==, "48小时");
  /* general feedback is the explanation (解析) */
  g_assert_cmpstr (q->explanation, ==, "投诉要求48小时内处理完毕、100%闭环。");
}

static void
test_gift_escapes (void)
{
  g_autoptr(KefuQuestion) q = gift_one ("::标题\\:含冒号::1 \\+ 1 \\= ? 写作 \\{x\\} \\~ \\# \\\\ 换行\\n第二行"
                                        "{=a\\=b ~c\\#d ~e\\~f}");

  g_assert_cmpstr (q->title, ==, "标题:含冒号");
  g_assert_cmpstr (q->stem, ==, "1 \\+ 1 = ? 写作 {x} ~ # \\ 换行\n第二行");
  g_assert_cmpstr (opt (q, 0), ==, "a=b");
  g_assert_cmpstr (opt (q, 1), ==, "c#d");
  g_assert_cmpstr (opt (q, 2), ==, "e~f");
}

static void
test_gift_comments (void)
{
  g_autoptr(GArray) skipped = kefu_question_skips_new ();
  g_autoptr(GPtrArray) list = kefu_gift_parse ("// 这一行是注释 {=不是题目}\n"
                                               "// 另一行\n"
                                               "业主来电先做什么？{=问候并自报工号 ~直接问事}\n"
                                               "\n"
                                               "// 结尾注释\n", skipped);

  g_assert_cmpuint (skipped->len, ==, 0);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((KefuQuestion *) list->pdata[0])->stem, ==, "业主来电先做什么？");
  g_assert_cmpuint (((KefuQuestion *) list->pdata[0])->line, ==, 3);
}

static void
test_gift_category (void)
{
  g_autoptr(GArray) skipped = kefu_question_skips_new ();
  g_autoptr(GPtrArray) list = kefu_gift_parse ("$CATEGORY: $course$/top/应急处理\n"
                                               "\n"
                                               "电梯困人属于几级响应？{=二级 ~一级 ~三级}\n"
                                               "\n"
                                               "$CATEGORY: 入职培训/新员工须知\n"
                                               "\n"
                                               "新员工培训几周？{=2周 ~1个月}\n", skipped);
  KefuQuestion *a, *b;

  g_assert_cmpuint (list->len, ==, 2);
  a = list->pdata[0];
  b = list->pdata[1];
  g_assert_cmpstr (a->category, ==, "应急处理");
  g_assert_cmpstr (a->module, ==, "emergency");
  g_assert_cmpstr (b->category, ==, "入职培训/新员工须知");
  g_assert_null (b->module);
}

static void
test_gift_essay_is_case_analysis (void)
{
  g_autoptr(KefuQuestion) q = gift_one ("// kefu-rubric: 安抚业主 3分\n"
                                        "// kefu-rubric: 说明处理时限 3分\n"
                                        "业主投诉楼上漏水三次未解决，请写出你的处理步骤。{}");

  g_assert_cmpint (q->type, ==, KEFU_QUESTION_CASE_ANALYSIS);
  g_assert_cmpuint (q->options->len, ==, 0);
  g_assert_cmpstr (q->rubric, ==, "安抚业主 3分\n说明处理时限 3分");
}

static void
test_gift_missing_word (void)
{
  g_autoptr(KefuQuestion) q = gift_one ("客服中心实行{=首问负责制 ~轮流负责制}，直至办结。");

  g_assert_cmpint (q->type, ==, KEFU_QUESTION_SINGLE_CHOICE);
  g_assert_cmpstr (q->stem, ==, "客服中心实行_____，直至办结。");
}

static void
test_gift_kefu_comments (void)
{
  g_autoptr(KefuQuestion) q = gift_one ("// kefu: points=2.5 difficulty=4 module=law\n"
                                        "// [tag:民法典] [tag:物业费]\n"
                                        "物业费纠纷适用哪部法律？{=民法典 ~刑法}");

  g_assert_cmpfloat (q->points, ==, 2.5);
  g_assert_cmpint (q->difficulty, ==, 4);
  g_assert_cmpstr (q->module, ==, "law");
  g_assert_cmpuint (q->tags->len, ==, 2);
  g_assert_cmpstr (q->tags->pdata[1], ==, "物业费");
}

/* Unsupported and malformed questions are reported with the line they
 * start on and skipped whole; the good ones around them are kept. */
static void
test_gift_skipped_with_lines (void)
{
  static const char text[] =
    "好的单选{=对 ~错}\n"                                   /* 1 */
    "\n"
    "::配对::把设备和班组配对{=电梯 -> 特种设备组 =水管 -> 水电维修组}\n"  /* 3 */
    "\n"
    "楼高多少米？{#30:5}\n"                                 /* 5 */
    "\n"
    "没有答案块的说明文字。\n"                                /* 7 */
    "\n"
    "括号没有关闭{=对 ~错\n"                                 /* 9 */
    "~也不对\n"
    "\n"
    "两个等号{=甲 =乙 ~丙}\n"                                /* 12 */
    "\n"
    "没有对的{~甲 ~乙}\n"                                    /* 14 */
    "\n"
    "// 注释不影响行号\n"
    "最后一题{T}\n";                                        /* 17 */
  g_autoptr(GArray) skipped = kefu_question_skips_new ();
  g_autoptr(GPtrArray) list = kefu_gift_parse (text, skipped);
  static const struct { guint line; const char *words; } expected[] = {
    { 3, "->" }, { 5, "{#" }, { 7, "descriptions" }, { 9, "never closed" }, { 12, "more than one" },
    { 14, "no choice is right" },
  };

  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (((KefuQuestion *) list->pdata[0])->line, ==, 1);
  g_assert_cmpuint (((KefuQuestion *) list->pdata[1])->line, ==, 17);
  g_assert_cmpuint (skipped->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      KefuQuestionSkip *s = &g_array_index (skipped, KefuQuestionSkip, i);
      g_test_message ("line %u: %s", s->line, s->reason);
      g_assert_cmpuint (s->line, ==, expected[i].line);
      g_assert_nonnull (strstr (s->reason, expected[i].words));
    }
}

/* The spreadsheet template ------------------------------------------------ */

static const char template_csv[] =
  "题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,选项G,选项H,答案,解析,分值,难度,分类\r\n"
  "单选题,座机来电应在响铃几声内接听？,1声内,3声内,5声内,10声内,,,,,B,超过3声应先致歉。,2,1,服务礼仪\r\n"
  "多选题,\"电梯困人时，下列做法正确的有：\",安抚被困人员,通知维保单位,自行撬门,每5分钟通报进展,,,,,\"A,B,D\",,3,3,应急处理\r\n"
  "判断题,回访时应确认问题是否解决。,,,,,,,,,对,,2,易,沟通技巧\r\n"
  "填空题,火警电话是多少？,,,,,,,,,119|火警119,,4,2,应急处理\r\n"
  "案例分析题,\"业主投诉楼上漏水三次未解决，\n请写出处理步骤。\",,,,,,,,,\"安抚业主3分\n说明时限3分\",,10,4,应急处理\r\n"
  "连线题,不认识的题型,,,,,,,,,,,,,\r\n"
  "单选题,答案不是选项,甲,乙,,,,,,,E,,2,3,\r\n";

static void
check_template_questions (GPtrArray *list,
                          GArray    *skipped)
{
  KefuQuestion *sc, *mc, *tf, *sa, *ca;

  g_assert_cmpuint (list->len, ==, 5);
  sc = list->pdata[0];
  mc = list->pdata[1];
  tf = list->pdata[2];
  sa = list->pdata[3];
  ca = list->pdata[4];
  g_assert_cmpint (sc->type, ==, KEFU_QUESTION_SINGLE_CHOICE);
  g_assert_cmpfloat (kefu_question_weight (sc, 1), ==, 100);
  g_assert_cmpfloat (sc->points, ==, 2);
  g_assert_cmpstr (sc->module, ==, "etiquette");
  g_assert_cmpstr (sc->explanation, ==, "超过3声应先致歉。");
  g_assert_cmpint (mc->type, ==, KEFU_QUESTION_MULTIPLE_CHOICE);
  /* right letters only: the right share 100, the wrong share −100 */
  g_assert_cmpfloat (fabs (kefu_question_weight (mc, 0) - 100.0 / 3), <, 1e-9);
  g_assert_cmpfloat (kefu_question_weight (mc, 2), ==, -100);
  g_assert_cmpint (tf->type, ==, KEFU_QUESTION_TRUE_FALSE);
  g_assert_true (tf->answer_true);
  g_assert_cmpint (tf->difficulty, ==, 1);
  g_assert_cmpint (sa->type, ==, KEFU_QUESTION_SHORT_ANSWER);
  g_assert_cmpuint (sa->options->len, ==, 2);
  g_assert_cmpstr (opt (sa, 1), ==, "火警119");
  g_assert_cmpint (ca->type, ==, KEFU_QUESTION_CASE_ANALYSIS);
  g_assert_cmpstr (ca->stem, ==, "业主投诉楼上漏水三次未解决，\n请写出处理步骤。");
  g_assert_cmpstr (ca->rubric, ==, "安抚业主3分\n说明时限3分");

  /* the quoted stem spans two lines: the bad rows are lines 9 and 10 */
  g_assert_cmpuint (skipped->len, ==, 2);
  g_assert_cmpuint (g_array_index (skipped, KefuQuestionSkip, 0).line, ==, 9);
  g_assert_nonnull (strstr (g_array_index (skipped, KefuQuestionSkip, 0).reason, "连线题"));
  g_assert_cmpuint (g_array_index (skipped, KefuQuestionSkip, 1).line, ==, 10);
  g_assert_nonnull (strstr (g_array_index (skipped, KefuQuestionSkip, 1).reason, "“E”"));
}

static void
import_template_file (Fixture    *f,
                      const char *name,
                      const char *bytes,
                      gsize       len,
                      const char *encoding)
{
  g_autofree char *path = kefu_test_path (&f->dir, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuQuestionImport) import = NULL;
  g_autoptr(GPtrArray) bank = NULL;

  g_assert_true (g_file_set_contents (path, bytes, len, &error));
  import = kefu_questions_import_file (f->store, path, KEFU_QUESTION_FORMAT_AUTO, "去年题库", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (import->encoding, ==, encoding);
  g_assert_cmpuint (kefu_question_import_total (import), ==, 5);
  g_assert_cmpuint (import->imported[KEFU_QUESTION_MULTIPLE_CHOICE], ==, 1);
  bank = kefu_bank_questions (f->store, import->bank_id, &error);
  g_assert_no_error (error);
  check_template_questions (bank, import->skipped);
}

static void
test_csv_utf8_with_and_without_bom (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *bom = g_strconcat ("\xef\xbb\xbf", template_csv, NULL);

  import_template_file (f, "plain.csv", template_csv, strlen (template_csv), "UTF-8");
  g_clear_object (&f->store);
  {
    g_autofree char *path = kefu_test_path (&f->dir, "second.db");
    g_autoptr(GError) error = NULL;
    f->store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    /* question banks are a trainer's to change */
    kefu_store_set_actor (f->store, kefu_desk_add_user (f->store, "zhaolaoshi", "赵老师", "trainer", NULL, &error));
    g_assert_no_error (error);
  }
  import_template_file (f, "bom.csv", bom, strlen (bom), "UTF-8");
}

static void
test_csv_gb18030 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *gb = g_convert (template_csv, -1, "GB18030", "UTF-8", NULL, &len, &error);

  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (gb, len, NULL));
  import_template_file (f, "gb.csv", gb, len, "GB18030");
}

static void
test_csv_not_a_template (void)
{
  g_autoptr(GArray) skipped = kefu_question_skips_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kefu_question_csv_parse ("工单号,描述\r\nGD1,漏水\r\n", 26, "x.csv", skipped, &error);

  g_assert_null (list);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "题型"));
}

/* Round trips ----------------------------------------------------------- */

static const char rich_gift[] =
  "$CATEGORY: $course$/top/应急处理\n"
  "\n"
  "// kefu: points=2 difficulty=4\n"
  "// [tag:电梯]\n"
  "::困人::电梯困人属于几级响应？{=二级#对。 ~一级 ~%25%三级#不对。####电梯困人为二级响应。}\n"
  "\n"
  "电梯困人时应当：{~%50%安抚被困人员 ~%50%通知维保单位 ~%-100%自行撬门}\n"
  "\n"
  "火警电话？{=119 =%50%火警}\n"
  "\n"
  "$CATEGORY: 沟通技巧\n"
  "\n"
  "可以说“与我无关”。{F#这是禁忌用语。#对。}\n"
  "\n"
  "// kefu-rubric: 安抚 3分\n"
  "// kefu-rubric: 时限 3分\n"
  "写出处理步骤：含特殊字符 \\~ \\= \\# \\{ \\} \\: \\\\。{####参考标准话术。}\n"
  "\n"
  "$CATEGORY:\n"
  "\n"
  "客服中心实行{=首问负责制 ~轮流制}，直至办结。\n";

static GPtrArray *
round_trip (Fixture            *f,
            gint64              bank_id,
            KefuQuestionFormat  format,
            const char         *file,
            const char         *bank2)
{
  g_autofree char *path = kefu_test_path (&f->dir, file);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuQuestionImport) import = NULL;
  guint n = 0;
  GPtrArray *copy;

  g_assert_true (kefu_questions_export_file (f->store, bank_id, format, path, &n, &error));
  g_assert_no_error (error);
  import = kefu_questions_import_file (f->store, path, KEFU_QUESTION_FORMAT_AUTO, bank2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->skipped->len, ==, 0);
  g_assert_cmpuint (kefu_question_import_total (import), ==, n);
  copy = kefu_bank_questions (f->store, import->bank_id, &error);
  g_assert_no_error (error);
  return copy;
}

static void
assert_same_bank (GPtrArray *a,
                  GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      KefuQuestion *x = a->pdata[i], *y = b->pdata[i];
      if (!kefu_question_equal (x, y))
        g_error ("question %u differs: “%s” / “%s”", i + 1, x->stem, y->stem);
    }
}

/* Bad files ------------------------------------------------------------- */

/* @text with every "\n" turned into @line_end */
static char *
with_line_ends (const char *text,
                const char *line_end)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  return g_strjoinv (line_end, lines);
}

/* A GIFT file saved with old Mac line ends (CR only) or Windows ones reads
 * as the same questions, with the same lines, as one with LF. */
static void
test_gift_cr_only_line_ends (Fixture       *f,
                             gconstpointer  data)
{
  static const char *const ends[] = { "\r", "\r\n" };
  g_autoptr(GArray) lf_skipped = kefu_question_skips_new ();
  g_autoptr(GPtrArray) lf = kefu_gift_parse (rich_gift, lf_skipped);

  g_assert_cmpuint (lf->len, ==, 6);
  for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
    {
      g_autofree char *text = with_line_ends (rich_gift, ends[e]);
      g_autofree char *name = g_strdup_printf ("mac-%u.gift", e);
      g_autofree char *bank = g_strdup_printf ("Mac %u", e);
      g_autofree char *path = kefu_test_path (&f->dir, name);
      g_autoptr(GArray) skipped = kefu_question_skips_new ();
      g_autoptr(GPtrArray) list = kefu_gift_parse (text, skipped);
      g_autoptr(KefuQuestionImport) import = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (skipped->len, ==, 0);
      assert_same_bank (lf, list);
      for (guint i = 0; i < lf->len; i++)
        g_assert_cmpuint (((KefuQuestion *) list->pdata[i])->line, ==, ((KefuQuestion *) lf->pdata[i])->line);

      g_assert_true (g_file_set_contents (path, text, -1, &error));
      import = kefu_questions_import_file (f->store, path, KEFU_QUESTION_FORMAT_AUTO, bank, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (kefu_question_import_total (import), ==, 6);
    }
}

/* Nothing to take: every question skipped is a report that writes nothing
 * (not even the bank); no question at all is an error. */
static void
test_import_every_question_skipped (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *csv = kefu_test_path (&f->dir, "bad.csv");
  g_autofree char *gift = kefu_test_path (&f->dir, "comments.gift");
  g_autoptr(KefuQuestionImport) import = NULL;
  g_autoptr(KefuQuestionImport) none = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (csv, "题型,题干,选项A,选项B,答案\r\n"
                                           "连线题,不认识的题型,,,\r\n"
                                           "单选题,答案不是选项,甲,乙,E\r\n", -1, NULL));
  import = kefu_questions_import_file (f->store, csv, KEFU_QUESTION_FORMAT_AUTO, "新题库", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_question_import_total (import), ==, 0);
  g_assert_cmpuint (import->skipped->len, ==, 2);
  g_assert_cmpuint (g_array_index (import->skipped, KefuQuestionSkip, 0).line, ==, 2);
  g_assert_cmpuint (g_array_index (import->skipped, KefuQuestionSkip, 1).line, ==, 3);
  g_assert_cmpint (import->bank_id, ==, 0);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM question_banks"), ==, 0);

  g_assert_true (g_file_set_contents (gift, "// Kefu question bank (GIFT)\n\n// 只有注释\n", -1, NULL));
  none = kefu_questions_import_file (f->store, gift, KEFU_QUESTION_FORMAT_AUTO, "新题库", &error);
  g_assert_null (none);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "has no questions"));
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM question_banks"), ==, 0);
}

/* Control characters and over-long parts skip a question, saying where;
 * the good ones beside them are taken. */
static void
test_import_control_characters_and_lengths (Fixture       *f,
                                            gconstpointer  data)
{
  g_autofree char *csv = kefu_test_path (&f->dir, "bad.csv");
  g_autofree char *gift = kefu_test_path (&f->dir, "bad.gift");
  g_autofree char *long_stem = g_strnfill (5001, 'x');
  g_autofree char *csv_text = g_strdup_printf (
    "题型,题干,选项A,option b,答案,解析\r\n"
    "单选题,座机来电应在响铃几声内接听？,1声内,3\x07声内,B,\r\n"
    "单选题,%s,甲,乙,A,\r\n"
    "判断题,\"回访时\r\n\t应确认问题是否解决。\",,,对,\"解析\r\n第二行\"\r\n", long_stem);
  g_autoptr(KefuQuestionImport) from_csv = NULL;
  g_autoptr(KefuQuestionImport) from_gift = NULL;
  g_autoptr(GError) error = NULL;
  KefuQuestionSkip *s;

  g_assert_true (g_file_set_contents (csv, csv_text, -1, NULL));
  from_csv = kefu_questions_import_file (f->store, csv, KEFU_QUESTION_FORMAT_AUTO, "表格", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_question_import_total (from_csv), ==, 1);   /* tabs and line breaks are fine */
  g_assert_cmpuint (from_csv->skipped->len, ==, 2);
  s = &g_array_index (from_csv->skipped, KefuQuestionSkip, 0);
  g_assert_cmpuint (s->line, ==, 2);
  g_assert_cmpstr (s->reason, ==, "the column “option b” has a control character (U+0007) at character 2");
  s = &g_array_index (from_csv->skipped, KefuQuestionSkip, 1);
  g_assert_cmpuint (s->line, ==, 3);
  g_assert_cmpstr (s->reason, ==, "the question text (题干) has 5001 characters; at most 5000 are taken");

  g_assert_true (g_file_set_contents (gift, "好的单选{=对 ~错}\n"
                                            "\n"
                                            "// [tag:礼\x1b仪]\n"
                                            "带标签的单选{=对 ~错}\n"
                                            "\n"
                                            "电梯困人\x01属于几级响应？{=二级 ~一级}\n", -1, NULL));
  from_gift = kefu_questions_import_file (f->store, gift, KEFU_QUESTION_FORMAT_AUTO, "Moodle", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_question_import_total (from_gift), ==, 1);
  g_assert_cmpuint (from_gift->skipped->len, ==, 2);
  s = &g_array_index (from_gift->skipped, KefuQuestionSkip, 0);
  g_assert_cmpuint (s->line, ==, 4);
  g_assert_cmpstr (s->reason, ==, "a tag (标签) has a control character (U+001B) at character 2");
  s = &g_array_index (from_gift->skipped, KefuQuestionSkip, 1);
  g_assert_cmpuint (s->line, ==, 6);
  g_assert_cmpstr (s->reason, ==, "the question text (题干) has a control character (U+0001) at character 5");
}


/* A question bank export that fails (the disk fills after 64 bytes)
 * leaves the old file as it was and no temporary file. */
static void
test_export_fails_half_way (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *gift = kefu_test_path (&f->dir, "rich.gift");
  g_autofree char *dir = kefu_test_path (&f->dir, "out");
  g_autofree char *old = g_build_filename (dir, "bank.gift", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(KefuQuestionImport) import = NULL;
  g_autoptr(GError) error = NULL;
  struct rlimit saved, small;
  gboolean ok;
  guint n = 0;
  GDir *d;

  g_assert_true (g_file_set_contents (gift, rich_gift, -1, NULL));
  import = kefu_questions_import_file (f->store, gift, KEFU_QUESTION_FORMAT_AUTO, "Moodle", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (old, "// the old bank\n", -1, NULL));

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  small = saved;
  small.rlim_cur = 64;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  ok = kefu_questions_export_file (f->store, import->bank_id, KEFU_QUESTION_FORMAT_GIFT, old, NULL, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);

  g_assert_false (ok);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, old));
  g_assert_true (g_file_get_contents (old, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "// the old bank\n");
  d = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (d) != NULL)
    n++;
  g_dir_close (d);
  g_assert_cmpuint (n, ==, 1);
}

static void
test_round_trip_gift (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (&f->dir, "rich.gift");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuQuestionImport) import = NULL;
  g_autoptr(GPtrArray) original = NULL, copy = NULL;

  g_assert_true (g_file_set_contents (path, rich_gift, -1, &error));
  import = kefu_questions_import_file (f->store, path, KEFU_QUESTION_FORMAT_AUTO, "Moodle", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->skipped->len, ==, 0);
  g_assert_cmpuint (kefu_question_import_total (import), ==, 6);
  original = kefu_bank_questions (f->store, import->bank_id, &error);
  g_assert_cmpstr (((KefuQuestion *) original->pdata[4])->stem, ==, "写出处理步骤：含特殊字符 ~ = # { } : \\。");
  g_assert_null (((KefuQuestion *) original->pdata[5])->category);

  copy = round_trip (f, import->bank_id, KEFU_QUESTION_FORMAT_GIFT, "export.gift", "Moodle 副本");
  assert_same_bank (original, copy);
}

static void
test_round_trip_csv (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (&f->dir, "bank.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuQuestionImport) import = NULL;
  g_autoptr(GPtrArray) original = NULL, copy = NULL, gift_copy = NULL;
  g_autoptr(KefuQuestion) weighted = NULL;

  g_assert_true (g_file_set_contents (path, template_csv, -1, &error));
  import = kefu_questions_import_file (f->store, path, KEFU_QUESTION_FORMAT_AUTO, "表格题库", &error);
  g_assert_no_error (error);
  /* a question with weights that are not the defaults, and tags */
  weighted = kefu_question_new (KEFU_QUESTION_MULTIPLE_CHOICE);
  weighted->bank_id = import->bank_id;
  weighted->stem = g_strdup ("下列属于禁忌用语的有：");
  kefu_question_add_option (weighted, "这不是我的事", 60, NULL);
  kefu_question_add_option (weighted, "与我无关", 40, NULL);
  kefu_question_add_option (weighted, "请稍等，我马上为您处理", -50, NULL);
  g_ptr_array_add (weighted->tags, g_strdup ("话术"));
  g_assert_cmpint (kefu_question_insert (f->store, weighted, &error), >, 0);
  g_assert_no_error (error);

  original = kefu_bank_questions (f->store, import->bank_id, &error);
  g_assert_cmpuint (original->len, ==, 6);
  copy = round_trip (f, import->bank_id, KEFU_QUESTION_FORMAT_CSV, "export.csv", "表格题库 副本");
  assert_same_bank (original, copy);
  /* and through GIFT too */
  gift_copy = round_trip (f, import->bank_id, KEFU_QUESTION_FORMAT_GIFT, "export.gift", "表格题库 GIFT");
  assert_same_bank (original, gift_copy);
}

/* Versions ------------------------------------------------------------ */

static gint64
add_tf (Fixture    *f,
        gint64      bank,
        const char *stem,
        gboolean    answer,
        const char *module,
        int         difficulty)
{
  g_autoptr(KefuQuestion) q = kefu_question_new (KEFU_QUESTION_TRUE_FALSE);
  g_autoptr(GError) error = NULL;
  gint64 id;

  q->bank_id = bank;
  q->stem = g_strdup (stem);
  q->answer_true = answer;
  q->module = g_strdup (module);
  q->difficulty = difficulty;
  id = kefu_question_insert (f->store, q, &error);
  g_assert_no_error (error);
  return id;
}

/* A paper is a draft until published and open only to whom it is
 * assigned (test-training2.c tests that); the tests here sit papers as
 * trainees always could, so each is published and assigned to everyone
 * for a year around the fixture's clock once its questions are in. */
static void
open_paper (Fixture *f,
            gint64   exam)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) users = kefu_desk_list_users (f->store, &error);

  g_assert_true (kefu_exam_publish (f->store, exam, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (users), i);
      g_assert_true (kefu_exam_assign (f->store, exam, kefu_user_get_id (u), T0 - 365 * DAY, T0 + 365 * DAY, &error));
    }
}

static gint64
simple_exam (Fixture    *f,
             const char *name,
             double      pass_mark,
             int         attempts,
             gboolean    shuffle)
{
  g_auto(KefuExamSettings) s = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  kefu_exam_settings_init (&s);
  s.name = g_strdup (name);
  s.pass_mark = pass_mark;
  s.attempts_allowed = attempts;
  s.shuffle_questions = shuffle;
  s.shuffle_options = shuffle;
  s.time_limit_min = 30;
  s.paper_seed = 7;
  id = kefu_exam_create (f->store, &s, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_question_versions (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 bank = kefu_bank_ensure (f->store, "题库", &error);
  gint64 used = add_tf (f, bank, "旧题干：回访应在24小时内完成。", TRUE, NULL, 3);
  gint64 unused = add_tf (f, bank, "没用过的题。", TRUE, NULL, 3);
  gint64 exam = simple_exam (f, "版本测试", 80, 2, FALSE);
  g_autoptr(KefuQuestion) q = NULL, q2 = NULL;
  g_autoptr(GPtrArray) old_items = NULL, new_items = NULL, bank_now = NULL;
  gint64 attempt, attempt2, new_id;

  g_assert_true (kefu_exam_add_question (f->store, exam, used, &error));
  open_paper (f, exam);
  attempt = kefu_attempt_start (f->store, exam, f->trainee[0], 1, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_attempt_save_answer (f->store, attempt, 1, "true", &error));
  g_assert_true (kefu_attempt_submit (f->store, attempt, &error));

  /* An edit of a used question is a new version; the attempt keeps the old. */
  q = kefu_question_load (f->store, used, &error);
  g_free (q->stem);
  q->stem = g_strdup ("新题干：回访应在24小时内完成。");
  new_id = kefu_question_save (f->store, q, &error);
  g_assert_no_error (error);
  g_assert_cmpint (new_id, !=, used);
  g_assert_cmpint (q->version, ==, 2);
  g_assert_cmpint (q->family_id, ==, used);
  g_assert_cmpint (kefu_question_current (f->store, used, &error), ==, new_id);
  old_items = kefu_attempt_items (f->store, attempt, &error);
  g_assert_cmpstr (((KefuAttemptItem *) old_items->pdata[0])->question->stem, ==, "旧题干：回访应在24小时内完成。");
  g_assert_true (((KefuAttemptItem *) old_items->pdata[0])->correct);

  /* the bank and the paper show the new version */
  bank_now = kefu_bank_questions (f->store, bank, &error);
  g_assert_cmpuint (bank_now->len, ==, 2);
  g_assert_cmpstr (((KefuQuestion *) bank_now->pdata[0])->stem, ==, "新题干：回访应在24小时内完成。");
  attempt2 = kefu_attempt_start (f->store, exam, f->trainee[0], 2, &error);
  g_assert_no_error (error);
  new_items = kefu_attempt_items (f->store, attempt2, &error);
  g_assert_cmpint (((KefuAttemptItem *) new_items->pdata[0])->question->id, ==, new_id);

  /* an unused question changes in place */
  q2 = kefu_question_load (f->store, unused, &error);
  q2->difficulty = 5;
  g_assert_cmpint (kefu_question_save (f->store, q2, &error), ==, unused);
  g_assert_cmpint (q2->version, ==, 1);
}

/* Scoring ----------------------------------------------------------------- */

static void
test_scoring_rules (void)
{
  g_autoptr(KefuQuestion) mc = gift_one ("// kefu: points=4\n多选{~%50%甲 ~%50%乙 ~%-100%丙 ~丁}");
  g_autoptr(KefuQuestion) sc = gift_one ("// kefu: points=2\n单选{=甲 ~%50%乙 ~丙}");
  g_autoptr(KefuQuestion) tf = gift_one ("判断{T}");
  g_autoptr(KefuQuestion) sa = gift_one ("// kefu: points=2\n填空{=ABC 119 =%50%火警}");
  g_autoptr(KefuQuestion) ca = gift_one ("案例{}");
  gboolean right;

  /* multiple choice, partial: the sum of the chosen weights, never below 0 */
  g_assert_cmpfloat (kefu_question_score (mc, "AB", KEFU_SCORING_PARTIAL, &right), ==, 4);
  g_assert_true (right);
  g_assert_cmpfloat (kefu_question_score (mc, "A", KEFU_SCORING_PARTIAL, &right), ==, 2);
  g_assert_false (right);
  g_assert_cmpfloat (kefu_question_score (mc, "ABD", KEFU_SCORING_PARTIAL, &right), ==, 4);
  g_assert_cmpfloat (kefu_question_score (mc, "AC", KEFU_SCORING_PARTIAL, &right), ==, 0);
  g_assert_cmpfloat (kefu_question_score (mc, "ABC", KEFU_SCORING_PARTIAL, &right), ==, 0);
  g_assert_cmpfloat (kefu_question_score (mc, "", KEFU_SCORING_PARTIAL, &right), ==, 0);
  /* all-or-nothing: exactly the right set */
  g_assert_cmpfloat (kefu_question_score (mc, "AB", KEFU_SCORING_ALL_OR_NOTHING, &right), ==, 4);
  g_assert_cmpfloat (kefu_question_score (mc, "A", KEFU_SCORING_ALL_OR_NOTHING, &right), ==, 0);
  g_assert_cmpfloat (kefu_question_score (mc, "ABD", KEFU_SCORING_ALL_OR_NOTHING, &right), ==, 0);
  /* single choice as Moodle scores it: the chosen choice's weight, so
   * ~%50% gives half the points (not counted right), a plain ~ nothing */
  g_assert_cmpfloat (kefu_question_score (sc, "A", KEFU_SCORING_PARTIAL, &right), ==, 2);
  g_assert_true (right);
  g_assert_cmpfloat (kefu_question_score (sc, "B", KEFU_SCORING_PARTIAL, &right), ==, 1);
  g_assert_false (right);
  g_assert_cmpfloat (kefu_question_score (sc, "B", KEFU_SCORING_ALL_OR_NOTHING, &right), ==, 1);
  g_assert_cmpfloat (kefu_question_score (sc, "C", KEFU_SCORING_PARTIAL, &right), ==, 0);
  g_assert_cmpfloat (kefu_question_score (sc, "", KEFU_SCORING_PARTIAL, &right), ==, 0);
  g_assert_cmpfloat (kefu_question_score (tf, "true", KEFU_SCORING_PARTIAL, &right), ==, 1);
  g_assert_cmpfloat (kefu_question_score (tf, "false", KEFU_SCORING_PARTIAL, &right), ==, 0);
  g_assert_cmpfloat (kefu_question_score (tf, NULL, KEFU_SCORING_PARTIAL, &right), ==, 0);
  /* short answer: trimmed, any case, full-width as half-width, spaces collapsed */
  g_assert_cmpfloat (kefu_question_score (sa, "  ａｂｃ　　１１９ ", KEFU_SCORING_PARTIAL, &right), ==, 2);
  g_assert_true (right);
  g_assert_cmpfloat (kefu_question_score (sa, "火警", KEFU_SCORING_PARTIAL, &right), ==, 1);
  g_assert_false (right);
  g_assert_cmpfloat (kefu_question_score (sa, "110", KEFU_SCORING_PARTIAL, &right), ==, 0);
  /* a case analysis waits for the trainer; nothing written scores 0 at once */
  g_assert_true (isnan (kefu_question_score (ca, "我的答案", KEFU_SCORING_PARTIAL, &right)));
  g_assert_cmpfloat (kefu_question_score (ca, "", KEFU_SCORING_PARTIAL, &right), ==, 0);
  g_assert_cmpfloat (kefu_question_score (ca, "  \n ", KEFU_SCORING_PARTIAL, &right), ==, 0);
  g_assert_cmpfloat (kefu_question_score (ca, NULL, KEFU_SCORING_PARTIAL, &right), ==, 0);
  g_assert_false (right);
}

/* Draw rules with a fixed seed ------------------------------------------- */

static void
test_draw_rules (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 bank = kefu_bank_ensure (f->store, "抽题", &error);
  gint64 exam = simple_exam (f, "随机卷", 80, 0, TRUE);
  KefuDrawRule rule = { bank, "emergency", NULL, -1, 3, 0, 5 };
  KefuDrawRule too_many = { bank, "law", NULL, -1, 0, 0, 4 };
  g_autoptr(GPtrArray) a = NULL, b = NULL, c = NULL;
  gint64 fixed = 0;
  gboolean differs = FALSE;

  for (int i = 0; i < 30; i++)
    {
      g_autofree char *stem = g_strdup_printf ("第%d题", i + 1);
      gint64 id = add_tf (f, bank, stem, TRUE, i % 3 == 0 ? "law" : "emergency", 1 + i % 5);
      if (i == 1)
        fixed = id;   /* emergency, difficulty 2: not drawable by the rule */
      if (i == 3)
        fixed = id;   /* law, difficulty 4 */
    }
  /* 30 questions: law are i = 0,3,…,27 (10); emergency the other 20, of
   * which difficulty ≥ 3 (i % 5 ≥ 2) are 12 */
  g_assert_cmpint (kefu_draw_rule_n_matching (f->store, &rule, &error), ==, 12);
  g_assert_true (kefu_exam_add_question (f->store, exam, fixed, &error));
  g_assert_true (kefu_exam_add_draw (f->store, exam, &rule, &error));
  g_assert_no_error (error);
  too_many.max_difficulty = 1;   /* law with difficulty 1: i = 0, 15 → 2 */
  g_assert_false (kefu_exam_add_draw (f->store, exam, &too_many, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  a = kefu_exam_layout (f->store, exam, 42, 42, &error);
  g_assert_no_error (error);
  b = kefu_exam_layout (f->store, exam, 42, 42, &error);
  c = kefu_exam_layout (f->store, exam, 43, 43, &error);
  g_assert_cmpuint (a->len, ==, 6);
  g_assert_cmpuint (c->len, ==, 6);
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
    gboolean has_fixed = FALSE;

    for (guint i = 0; i < a->len; i++)
      {
        KefuAttemptItem *x = a->pdata[i], *y = b->pdata[i], *z = c->pdata[i];
        /* the same seed, the same questions in the same order */
        g_assert_cmpint (x->question->id, ==, y->question->id);
        g_assert_cmpuint (x->position, ==, i + 1);
        differs |= x->question->id != z->question->id;
        g_assert_false (g_hash_table_contains (seen, GINT_TO_POINTER (x->question->id)));
        g_hash_table_add (seen, GINT_TO_POINTER (x->question->id));
        if (x->question->id == fixed)
          has_fixed = TRUE;
        else
          {
            g_assert_cmpstr (x->question->module, ==, "emergency");
            g_assert_cmpint (x->question->difficulty, >=, 3);
          }
      }
    g_assert_true (has_fixed);
  }
  g_assert_true (differs);
}

/* Attempts ---------------------------------------------------------------- */

static gint64
choice_bank (Fixture *f,
             gint64   exam)
{
  g_autoptr(GError) error = NULL;
  gint64 bank = kefu_bank_ensure (f->store, "选择题", &error);
  static const char *const gift =
    "// kefu: points=2\n单选一{=对的 ~错的一 ~错的二 ~错的三}\n\n"
    "// kefu: points=3\n多选一{~%50%对一 ~%50%对二 ~%-100%错一 ~错二}\n\n"
    "判断一{T}\n\n"
    "// kefu: points=4\n填空一{=119}\n";
  g_autoptr(GArray) skipped = kefu_question_skips_new ();
  g_autoptr(GPtrArray) list = kefu_gift_parse (gift, skipped);

  for (guint i = 0; i < list->len; i++)
    {
      KefuQuestion *q = list->pdata[i];
      q->bank_id = bank;
      g_assert_cmpint (kefu_question_insert (f->store, q, &error), >, 0);
      g_assert_true (kefu_exam_add_question (f->store, exam, q->id, &error));
    }
  open_paper (f, exam);
  return bank;
}

/* The answer the item needs to be right, in the letters shown. */
static char *
right_shown (const KefuAttemptItem *item)
{
  g_autofree char *own = NULL;

  switch (item->question->type)
    {
    case KEFU_QUESTION_TRUE_FALSE:
      return g_strdup (item->question->answer_true ? "对" : "错");
    case KEFU_QUESTION_SHORT_ANSWER:
      return g_strdup (item->question->options->pdata[0]);
    default:
      own = kefu_question_right_letters (item->question);
      return kefu_attempt_item_to_shown (item, own);
    }
}

/* Starts an attempt in a separate process which then dies without
 * closing anything (a power cut); this process resumes it. */
static void
test_attempt_resumes_after_crash (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 exam = simple_exam (f, "断电恢复", 80, 1, TRUE);
  g_auto(KefuAttemptInfo) info = { 0 };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(KefuStore) restarted = NULL;
  g_autofree char *shown0 = NULL;
  gint64 attempt;
  gboolean submitted;
  pid_t child;
  int status;

  choice_bank (f, exam);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      g_autoptr(KefuStore) s = kefu_store_open (kefu_store_get_path (f->store), KEFU_STORE_OPEN_DEFAULT, NULL);
      g_autoptr(GPtrArray) first = NULL;
      gint64 id;

      kefu_store_set_now (s, T0 + 60);
      id = kefu_attempt_start (s, exam, f->trainee[0], 2025, NULL);
      first = kefu_attempt_items (s, id, NULL);
      /* the first question shown answered right, the third wrong-ish, the second flagged */
      {
        g_autofree char *shown = right_shown (first->pdata[0]);
        g_autofree char *own = kefu_attempt_item_from_shown (first->pdata[0], shown);
        if (id <= 0 || !kefu_attempt_save_answer (s, id, 1, own, NULL) ||
            !kefu_attempt_set_flagged (s, id, 2, TRUE, NULL))
          _exit (3);
      }
      _exit (0);   /* no cleanup: the process is gone */
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  /* "restart": a new connection, ten minutes later */
  g_clear_object (&f->store);
  restarted = kefu_store_open (f->spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (restarted, T0 + 60 + 600);
  attempt = kefu_attempt_find_open (restarted, exam, f->trainee[0], &error);
  g_assert_cmpint (attempt, >, 0);
  g_assert_true (kefu_attempt_get_info (restarted, attempt, &info, &error));
  g_assert_cmpuint (info.seed, ==, 2025);
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_IN_PROGRESS);
  g_assert_cmpint (kefu_attempt_remaining_seconds (restarted, attempt, kefu_store_now (restarted), &error), ==, 20 * 60);

  items = kefu_attempt_items (restarted, attempt, &error);
  g_assert_cmpuint (items->len, ==, 4);
  {
    /* the same layout as the seed gives (on a server, which draws and
     * shuffles a paper itself, the paper's questions, each once, with a
     * permutation of its choices), the saved answer and the flag */
    g_autoptr(GPtrArray) again = kefu_exam_layout (restarted, exam, 2025, 2025, &error);
    KefuAttemptItem *first = items->pdata[0];

    g_assert_cmpuint (again->len, ==, items->len);
    for (guint i = 0; i < items->len; i++)
      {
        KefuAttemptItem *x = items->pdata[i], *y = again->pdata[i];

        if (kefu_test_engine_is_server (data))
          {
            guint found = 0, seen_options = 0;
            guint n = x->question->type == KEFU_QUESTION_SHORT_ANSWER ? 0 : x->question->options->len;

            for (guint k = 0; k < again->len; k++)
              found += ((KefuAttemptItem *) again->pdata[k])->question->id == x->question->id;
            g_assert_cmpuint (found, ==, 1);
            g_assert_cmpuint (x->option_order->len, ==, n);
            for (guint k = 0; k < x->option_order->len; k++)
              seen_options |= 1u << g_array_index (x->option_order, guint, k);
            g_assert_cmpuint (seen_options, ==, (1u << n) - 1);
            continue;
          }
        g_assert_cmpint (x->question->id, ==, y->question->id);
        g_assert_cmpmem (x->option_order->data, x->option_order->len * sizeof (guint),
                         y->option_order->data, y->option_order->len * sizeof (guint));
      }
    g_assert_nonnull (first->answer);
    shown0 = right_shown (first);
    g_assert_true (((KefuAttemptItem *) items->pdata[1])->flagged);
    g_assert_null (((KefuAttemptItem *) items->pdata[2])->answer);
  }

  /* a second attempt may not start while this one is open */
  g_assert_cmpint (kefu_attempt_start (restarted, exam, f->trainee[0], 0, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* answer the rest right except the last; time runs out */
  for (guint i = 1; i + 1 < items->len; i++)
    {
      g_autofree char *shown = right_shown (items->pdata[i]);
      g_autofree char *own = kefu_attempt_item_from_shown (items->pdata[i], shown);
      g_assert_true (kefu_attempt_save_answer (restarted, attempt, i + 1, own, &error));
      g_assert_no_error (error);
    }
  g_assert_true (kefu_attempt_check_time (restarted, attempt, T0 + 60 + 29 * 60, &submitted, &error));
  g_assert_false (submitted);
  kefu_store_set_now (restarted, T0 + 60 + 31 * 60);
  g_assert_false (kefu_attempt_save_answer (restarted, attempt, items->len, "119", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kefu_attempt_check_time (restarted, attempt, kefu_store_now (restarted), &submitted, &error));
  kefu_attempt_info_clear (&info);
  g_assert_true (kefu_attempt_get_info (restarted, attempt, &info, &error));
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_GRADED);
  /* 2 + 3 + 1 + 4 = 10 points; the last question, unanswered, lost its points */
  g_assert_cmpfloat (info.max_score, ==, 10);
  g_assert_cmpfloat (info.score, ==, 10 - ((KefuAttemptItem *) items->pdata[3])->max_score);
  g_assert_cmpint (info.passed, ==, info.percent >= 80);
  /* the one wrong answer is queued for re-practice */
  {
    g_autoptr(GArray) due = kefu_practice_due (restarted, f->trainee[0], kefu_store_now (restarted) + DAY, &error);
    g_assert_cmpuint (due->len, ==, 1);
    g_assert_cmpint (g_array_index (due, KefuPracticeCard, 0).question_id, ==,
                     ((KefuAttemptItem *) items->pdata[3])->question->id);
  }
  /* attempts allowed: 1 */
  g_assert_cmpint (kefu_attempt_start (restarted, exam, f->trainee[0], 0, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  f->store = g_steal_pointer (&restarted);
}

static void
test_case_analysis_graded_by_trainer (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 exam = simple_exam (f, "案例卷", 80, 1, FALSE);
  gint64 bank = kefu_bank_ensure (f->store, "案例", &error);
  gint64 tf = add_tf (f, bank, "判断", TRUE, NULL, 3);
  g_autoptr(KefuQuestion) ca = kefu_question_new (KEFU_QUESTION_CASE_ANALYSIS);
  g_auto(KefuAttemptInfo) info = { 0 };
  gint64 attempt;

  ca->bank_id = bank;
  ca->stem = g_strdup ("写出电梯困人的处理步骤。");
  ca->rubric = g_strdup ("安抚 3分；通知维保 3分；通报进展 4分");
  ca->points = 10;
  g_assert_cmpint (kefu_question_insert (f->store, ca, &error), >, 0);
  g_assert_true (kefu_exam_add_question (f->store, exam, tf, &error));
  g_assert_true (kefu_exam_add_question (f->store, exam, ca->id, &error));
  open_paper (f, exam);
  attempt = kefu_attempt_start (f->store, exam, f->trainee[1], 5, &error);
  g_assert_true (kefu_attempt_save_answer (f->store, attempt, 1, "对", &error));
  g_assert_true (kefu_attempt_save_answer (f->store, attempt, 2, "先安抚，再通知维保单位。", &error));
  g_assert_true (kefu_attempt_submit (f->store, attempt, &error));
  g_assert_true (kefu_attempt_get_info (f->store, attempt, &info, &error));
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_SUBMITTED);
  g_assert_cmpuint (info.n_ungraded, ==, 1);
  g_assert_cmpfloat (info.score, ==, 1);
  {
    g_autoptr(GArray) waiting = kefu_attempts_awaiting_grading (f->store, exam, &error);
    g_assert_cmpuint (waiting->len, ==, 1);
    g_assert_cmpint (g_array_index (waiting, gint64, 0), ==, attempt);
  }

  /* out of range, then nobody signed in: refused */
  g_assert_false (kefu_attempt_grade (f->store, attempt, 2, 11, NULL, &error));
  g_clear_error (&error);
  kefu_store_set_actor (f->store, 0);
  g_assert_false (kefu_attempt_grade (f->store, attempt, 2, 8, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, f->trainer);
  kefu_attempt_grade (f->store, attempt, 2, 8, "未提通报进展", &error);
  g_assert_no_error (error);
  kefu_attempt_info_clear (&info);
  g_assert_true (kefu_attempt_get_info (f->store, attempt, &info, &error));
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_GRADED);
  g_assert_cmpfloat (info.score, ==, 9);
  {
    g_autoptr(GArray) waiting = kefu_attempts_awaiting_grading (f->store, 0, &error);
    g_assert_cmpuint (waiting->len, ==, 0);
  }
  g_assert_cmpfloat (info.max_score, ==, 11);
  g_assert_cmpfloat (fabs (info.percent - 900.0 / 11), <, 1e-9);   /* 81.8 % ≥ 80 */
  g_assert_true (info.passed);
}

static void
test_paper_versions_keyed_in (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 exam = simple_exam (f, "纸质卷", 80, 2, TRUE);
  g_autoptr(GPtrArray) a = NULL, b = NULL;
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  g_auto(KefuAttemptInfo) info = { 0 };
  gboolean order_differs = FALSE;
  gint64 attempt;

  choice_bank (f, exam);
  a = kefu_exam_paper_version (f->store, exam, "A", &error);
  b = kefu_exam_paper_version (f->store, exam, "B", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      KefuAttemptItem *x = a->pdata[i], *y = b->pdata[i];
      order_differs |= x->question->id != y->question->id ||
                       (x->option_order->len > 0 &&
                        memcmp (x->option_order->data, y->option_order->data, x->option_order->len * sizeof (guint)) != 0);
    }
  g_assert_true (order_differs);

  /* the answer sheet of version B, all right, in B's letters */
  for (guint i = 0; i < b->len; i++)
    g_ptr_array_add (answers, right_shown (b->pdata[i]));
  g_ptr_array_add (answers, NULL);
  attempt = kefu_attempt_key_in (f->store, exam, f->trainee[2], "B", (const char * const *) answers->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_attempt_get_info (f->store, attempt, &info, &error));
  g_assert_cmpstr (info.paper_version, ==, "B");
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_GRADED);
  g_assert_cmpfloat (info.percent, ==, 100);
  g_assert_true (info.passed);

  /* a sheet with the wrong number of answers is refused whole */
  {
    const char *short_sheet[] = { "A", NULL };
    g_assert_cmpint (kefu_attempt_key_in (f->store, exam, f->trainee[3], "A", short_sheet, &error), <, 0);
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  }
}

/* Re-practice ------------------------------------------------------------- */

static guint
n_due (Fixture *f,
       gint64   now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) due = kefu_practice_due (f->store, f->trainee[0], now, &error);
  g_assert_no_error (error);
  return due->len;
}

static void
test_practice_intervals (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 bank = kefu_bank_ensure (f->store, "重练", &error);
  gint64 q = add_tf (f, bank, "回访应确认问题已解决。", TRUE, NULL, 3);
  gint64 user = f->trainee[0], now = T0;
  static const guint expected_box[] = { 2, 3, 4, 5 };
  static const guint expected_days[] = { 2, 4, 8, 16 };
  KefuPracticeCard card;
  gboolean correct;

  g_assert_cmpuint (kefu_practice_interval_days (1), ==, 1);
  g_assert_cmpuint (kefu_practice_interval_days (5), ==, 16);

  /* wrong: box 1, due a day later */
  g_assert_true (kefu_practice_record (f->store, user, q, FALSE, now, &error));
  g_assert_true (kefu_practice_get_card (f->store, user, q, &card, &error));
  g_assert_cmpuint (card.box, ==, 1);
  g_assert_cmpint (card.due_at, ==, now + DAY);
  g_assert_cmpuint (n_due (f, now + DAY - 1), ==, 0);
  g_assert_cmpuint (n_due (f, now + DAY), ==, 1);

  /* right each time it comes up: boxes 2…5 at 2, 4, 8, 16 days */
  now += DAY;
  for (guint i = 0; i < G_N_ELEMENTS (expected_box); i++)
    {
      g_assert_true (kefu_practice_answer (f->store, user, q, "对", now, &correct, &error));
      g_assert_true (correct);
      g_assert_true (kefu_practice_get_card (f->store, user, q, &card, &error));
      g_assert_cmpuint (card.box, ==, expected_box[i]);
      g_assert_cmpint (card.due_at, ==, now + expected_days[i] * DAY);
      now = card.due_at;
    }

  /* wrong in box 5: back to box 1 */
  g_assert_true (kefu_practice_answer (f->store, user, q, "错", now, &correct, &error));
  g_assert_false (correct);
  g_assert_true (kefu_practice_get_card (f->store, user, q, &card, &error));
  g_assert_cmpuint (card.box, ==, 1);
  g_assert_cmpint (card.due_at, ==, now + DAY);

  /* five right answers later it leaves the queue */
  for (guint i = 0; i < KEFU_PRACTICE_N_BOXES; i++)
    {
      now += 20 * DAY;
      g_assert_true (kefu_practice_record (f->store, user, q, TRUE, now, &error));
    }
  g_assert_false (kefu_practice_get_card (f->store, user, q, &card, &error));
  g_assert_cmpuint (n_due (f, now + 100 * DAY), ==, 0);
  /* a right answer to a question not queued adds nothing */
  g_assert_true (kefu_practice_record (f->store, user, q, TRUE, now, &error));
  g_assert_cmpuint (n_due (f, now + 100 * DAY), ==, 0);
}

/* Practical assessments -------------------------------------------------- */

static void
test_assessment_raters (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = kefu_assessment_create (f->store, "电梯困人应急演练", f->trainee[0], T0, 0, NULL, 0, &error);
  g_autoptr(GArray) criteria = kefu_assessment_criteria (f->store, a, &error);
  static const double trainer[] = { 90, 80, 85 };      /* .4·90 + .3·80 + .3·85 = 85.5 */
  static const double supervisor[] = { 95, 90, 90 };   /* 38 + 27 + 27 = 92 */
  static const double owner_rep[] = { 70, 70, 75 };    /* 28 + 21 + 22.5 = 71.5 */
  g_auto(KefuAssessmentResult) two = { 0 };
  g_auto(KefuAssessmentResult) three = { 0 };
  gint64 sup, manager;

  g_assert_no_error (error);
  g_assert_cmpuint (criteria->len, ==, 3);
  g_assert_cmpstr (g_array_index (criteria, KefuCriterion, 0).name, ==, "流程规范性");
  g_assert_cmpstr (g_array_index (criteria, KefuCriterion, 2).name, ==, "问题解决效率");

  g_assert_true (kefu_assessment_score (f->store, a, f->trainer, trainer, 3, NULL, &error));
  /* raters are trainers, supervisors or managers, at the desk (or confirmed
   * there with their PIN: test-auth); not a trainee, not someone absent */
  g_assert_false (kefu_assessment_score (f->store, a, f->trainee[4], supervisor, 3, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  sup = kefu_desk_add_user (f->store, "xuqiang", "许强", "supervisor", NULL, &error);
  manager = kefu_desk_add_user (f->store, "zhengjun", "郑军", "manager", NULL, &error);
  g_assert_false (kefu_assessment_score (f->store, a, sup, supervisor, 3, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, sup);
  g_assert_true (kefu_assessment_score (f->store, a, sup, supervisor, 3, NULL, &error));
  g_assert_true (kefu_assessment_result (f->store, a, &two, &error));
  /* (85.5 + 92) / 2 = 88.75: passes 85; spread 6.5: no warning */
  g_assert_cmpuint (two.n_raters, ==, 2);
  g_assert_cmpfloat (fabs (two.mean - 88.75), <, 1e-9);
  g_assert_cmpfloat (fabs (two.spread - 6.5), <, 1e-9);
  g_assert_true (two.passed);
  g_assert_false (two.raters_disagree);

  /* the owners' representative's sheet, keyed in by the manager who sat with them */
  kefu_store_set_actor (f->store, manager);
  g_assert_true (kefu_assessment_score (f->store, a, manager, owner_rep, 3, NULL, &error));
  kefu_store_set_actor (f->store, f->trainer);
  g_assert_true (kefu_assessment_result (f->store, a, &three, &error));
  /* (85.5 + 92 + 71.5) / 3 = 83: fails; spread 92 − 71.5 = 20.5 > 15: warning */
  g_assert_cmpfloat (fabs (three.mean - 83), <, 1e-9);
  g_assert_cmpfloat (fabs (three.spread - 20.5), <, 1e-9);
  g_assert_false (three.passed);
  g_assert_true (three.raters_disagree);

  /* a score out of range or a short sheet is refused */
  {
    static const double bad[] = { 101, 80, 80 };
    g_assert_false (kefu_assessment_score (f->store, a, f->trainer, bad, 3, NULL, &error));
    g_clear_error (&error);
    g_assert_false (kefu_assessment_score (f->store, a, f->trainer, bad + 1, 2, NULL, &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  }
}

/* Item statistics on a worked example ------------------------------------ */

/* Six trainees, five true/false questions of 1 point, pass mark 60 %.
 * 1 = answered right:
 *          Q1 Q2 Q3 Q4 Q5  total  %
 *   T1      1  1  0  1  0    3   60
 *   T2      1  1  0  1  0    3   60
 *   T3      1  1  0  0  0    2   40
 *   T4      1  0  1  0  0    2   40
 *   T5      1  0  1  0  0    2   40
 *   T6      1  0  0  0  0    1   20
 * Pass rate 2/6; mean 43.33 %; bins: [20,30) 1, [40,50) 3, [60,70) 2.
 * Facility = right / 6: Q1 1, Q2 .5, Q3 1/3, Q4 1/3, Q5 0.
 * Discrimination = r(question, total − question):
 *   Q1, Q5: no variance → undefined.
 *   Q2: x = 1 1 1 0 0 0, rest = 2 2 1 2 2 1; means .5, 5/3;
 *       Σdx·dr = .5(1/3 + 1/3 − 2/3) − .5(1/3 + 1/3 − 2/3) = 0 → r = 0.
 *   Q3: x = 0 0 0 1 1 0, rest = 3 3 2 1 1 1; means 1/3, 11/6;
 *       Σdx·dr = −1/3(7/6 + 7/6 + 1/6) + 2/3(−5/6 − 5/6) − 1/3(−5/6) = −5/3,
 *       Σdx² = 4/3, Σdr² = 29/6 → r = −(5/3)/√(58/9) = −0.6565.
 *   Q4: x = 1 1 0 0 0 0, rest = 2 2 2 2 2 1; means 1/3, 11/6;
 *       Σdx·dr = 1/3, Σdx² = 4/3, Σdr² = 5/6 → r = (1/3)/√(10/9) = 1/√10 = 0.3162.
 * Flags: Q1 too easy (>.9), Q5 too hard (<.2), Q2 and Q3 discriminate
 * poorly (<.2), Q4 none. */
static void
test_item_statistics (Fixture       *f,
                      gconstpointer  data)
{
  static const int right[6][5] = {
    { 1, 1, 0, 1, 0 }, { 1, 1, 0, 1, 0 }, { 1, 1, 0, 0, 0 },
    { 1, 0, 1, 0, 0 }, { 1, 0, 1, 0, 0 }, { 1, 0, 0, 0, 0 },
  };
  g_autoptr(GError) error = NULL;
  gint64 bank = kefu_bank_ensure (f->store, "统计", &error);
  gint64 exam = simple_exam (f, "统计示例", 60, 1, FALSE);
  g_autoptr(KefuExamStats) stats = NULL;
  KefuItemStat *q[5];

  for (int k = 0; k < 5; k++)
    {
      g_autofree char *stem = g_strdup_printf ("判断题%d", k + 1);
      g_assert_true (kefu_exam_add_question (f->store, exam, add_tf (f, bank, stem, TRUE, NULL, 3), &error));
    }
  open_paper (f, exam);
  for (int t = 0; t < 6; t++)
    {
      gint64 attempt = kefu_attempt_start (f->store, exam, f->trainee[t], t + 1, &error);
      g_assert_no_error (error);
      for (int k = 0; k < 5; k++)
        g_assert_true (kefu_attempt_save_answer (f->store, attempt, k + 1, right[t][k] ? "true" : "false", &error));
      g_assert_true (kefu_attempt_submit (f->store, attempt, &error));
    }
  /* an attempt still in progress does not count */
  kefu_attempt_start (f->store, exam, f->trainer, 9, &error);
  g_assert_no_error (error);

  stats = kefu_exam_stats (f->store, exam, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->n_attempts, ==, 6);
  g_assert_cmpuint (stats->n_passed, ==, 2);
  g_assert_cmpfloat (fabs (stats->pass_rate - 2.0 / 6), <, 1e-9);
  g_assert_cmpfloat (fabs (stats->mean_percent - 260.0 / 6), <, 1e-9);
  g_assert_cmpuint (stats->bins[2], ==, 1);
  g_assert_cmpuint (stats->bins[4], ==, 3);
  g_assert_cmpuint (stats->bins[6], ==, 2);
  g_assert_cmpuint (stats->bins[0] + stats->bins[1] + stats->bins[3] + stats->bins[5] + stats->bins[7] +
                    stats->bins[8] + stats->bins[9], ==, 0);
  g_assert_cmpuint (stats->items->len, ==, 5);
  for (int k = 0; k < 5; k++)
    {
      q[k] = stats->items->pdata[k];
      g_assert_cmpuint (q[k]->position, ==, k + 1);
      g_assert_cmpuint (q[k]->n, ==, 6);
    }
  g_assert_cmpfloat (q[0]->facility, ==, 1);
  g_assert_cmpfloat (q[1]->facility, ==, 0.5);
  g_assert_cmpfloat (fabs (q[2]->facility - 1.0 / 3), <, 1e-9);
  g_assert_cmpfloat (q[4]->facility, ==, 0);
  g_assert_true (isnan (q[0]->discrimination));
  g_assert_cmpfloat (fabs (q[1]->discrimination), <, 1e-9);
  g_assert_cmpfloat (fabs (q[2]->discrimination - (-(5.0 / 3) / sqrt (58.0 / 9))), <, 1e-9);
  g_assert_cmpfloat (fabs (q[3]->discrimination - 1 / sqrt (10)), <, 1e-9);
  g_assert_true (isnan (q[4]->discrimination));

  g_assert_true (q[0]->too_easy);
  g_assert_false (q[0]->poor_discrimination);
  g_assert_true (q[1]->poor_discrimination);
  g_assert_true (q[2]->poor_discrimination);
  g_assert_false (q[3]->too_easy || q[3]->too_hard || q[3]->poor_discrimination);
  g_assert_true (q[4]->too_hard);
}

/* What the training screens list: counts per type, a trainee's attempts
 * left and their attempt in progress, finished results, assessments. */
static void
test_lists (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 exam = simple_exam (f, "列表", 50, 2, FALSE);
  gint64 bank = choice_bank (f, exam);
  g_autoptr(GPtrArray) banks = NULL;
  g_autoptr(GPtrArray) exams = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GPtrArray) assessments = NULL;
  KefuBankSummary *b;
  KefuExamSummary *e;
  gint64 attempt, first;
  guint n;

  banks = kefu_training_banks (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (banks->len, ==, 1);
  b = banks->pdata[0];
  g_assert_cmpint (b->id, ==, bank);
  g_assert_cmpuint (b->total, ==, 4);
  g_assert_cmpuint (b->counts[KEFU_QUESTION_SINGLE_CHOICE], ==, 1);
  g_assert_cmpuint (b->counts[KEFU_QUESTION_MULTIPLE_CHOICE], ==, 1);
  g_assert_cmpuint (b->counts[KEFU_QUESTION_TRUE_FALSE], ==, 1);
  g_assert_cmpuint (b->counts[KEFU_QUESTION_SHORT_ANSWER], ==, 1);
  g_assert_cmpuint (b->counts[KEFU_QUESTION_CASE_ANALYSIS], ==, 0);

  first = attempt = kefu_attempt_start (f->store, exam, f->trainee[0], 5, &error);
  g_assert_no_error (error);
  kefu_store_set_now (f->store, T0 + 60);
  exams = kefu_training_exams (f->store, f->trainee[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exams->len, ==, 1);
  e = exams->pdata[0];
  g_assert_cmpuint (e->n_questions, ==, 4);
  g_assert_cmpint (e->open_attempt_id, ==, attempt);
  g_assert_cmpint (e->open_deadline_at, ==, T0 + 30 * 60);
  g_assert_cmpfloat (e->best_percent, <, 0);
  g_assert_false (kefu_exam_summary_can_start (e));
  g_clear_pointer (&exams, g_ptr_array_unref);

  /* everything wrong but the true/false question: 1 of 10 points */
  {
    g_autoptr(GPtrArray) items = kefu_attempt_items (f->store, attempt, &error);
    for (guint i = 0; i < items->len; i++)
      {
        KefuAttemptItem *item = items->pdata[i];
        const char *answer = item->question->type == KEFU_QUESTION_TRUE_FALSE ? "true"
                             : item->question->type == KEFU_QUESTION_SHORT_ANSWER ? "110" : "D";
        g_assert_true (kefu_attempt_save_answer (f->store, attempt, item->position, answer, &error));
      }
  }
  g_assert_true (kefu_attempt_submit (f->store, attempt, &error));
  exams = kefu_training_exams (f->store, f->trainee[0], &error);
  e = exams->pdata[0];
  g_assert_cmpint (e->open_attempt_id, ==, 0);
  g_assert_cmpuint (e->n_attempts, ==, 1);
  g_assert_cmpfloat_with_epsilon (e->best_percent, 10.0, 1e-6);
  g_assert_true (kefu_exam_summary_can_start (e));
  g_clear_pointer (&exams, g_ptr_array_unref);

  attempt = kefu_attempt_start (f->store, exam, f->trainee[0], 6, &error);
  g_assert_true (kefu_attempt_submit (f->store, attempt, &error));
  exams = kefu_training_exams (f->store, f->trainee[0], &error);
  g_assert_false (kefu_exam_summary_can_start (exams->pdata[0]));   /* both attempts used */
  g_clear_pointer (&exams, g_ptr_array_unref);
  /* everyone's: two finished attempts, none passed */
  exams = kefu_training_exams (f->store, 0, &error);
  e = exams->pdata[0];
  g_assert_cmpuint (e->n_attempts, ==, 2);
  g_assert_cmpuint (e->n_passed, ==, 0);

  attempts = kefu_training_attempts (f->store, f->trainee[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attempts->len, ==, 2);
  g_assert_cmpint (((KefuAttemptSummary *) attempts->pdata[1])->attempt_id, ==, first);
  g_assert_cmpfloat_with_epsilon (((KefuAttemptSummary *) attempts->pdata[1])->percent, 10.0, 1e-6);
  g_assert_false (((KefuAttemptSummary *) attempts->pdata[1])->passed);

  {
    const KefuCriterionSpec *specs = kefu_assessment_default_criteria (&n);
    const double scores[] = { 90, 80, 70 };
    gint64 a = kefu_assessment_create (f->store, "电梯困人演练", f->trainee[1], T0, 85, specs, n, &error);
    g_assert_no_error (error);
    g_assert_true (kefu_assessment_score (f->store, a, f->trainer, scores, n, NULL, &error));
    assessments = kefu_training_assessments (f->store, &error);
    g_assert_cmpuint (assessments->len, ==, 1);
    g_assert_cmpstr (((KefuAssessmentSummary *) assessments->pdata[0])->trainee, ==, "学员2");
    g_assert_cmpuint (((KefuAssessmentSummary *) assessments->pdata[0])->n_raters, ==, 1);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/training/gift/single-choice-with-title", test_gift_single_choice);
  g_test_add_func ("/core/training/gift/partial-and-negative-weights", test_gift_partial_and_negative_weights);
  g_test_add_func ("/core/training/gift/true-false", test_gift_true_false);
  g_test_add_func ("/core/training/gift/short-answer-several-accepted", test_gift_short_answer);
  g_test_add_func ("/core/training/gift/feedback-and-general-feedback", test_gift_feedback);
  g_test_add_func ("/core/training/gift/escapes", test_gift_escapes);
  g_test_add_func ("/core/training/gift/comments-ignored", test_gift_comments);
  g_test_add_func ("/core/training/gift/category", test_gift_category);
  g_test_add_func ("/core/training/gift/essay-is-case-analysis", test_gift_essay_is_case_analysis);
  g_test_add_func ("/core/training/gift/missing-word", test_gift_missing_word);
  g_test_add_func ("/core/training/gift/points-difficulty-tags-comments", test_gift_kefu_comments);
  g_test_add_func ("/core/training/gift/unsupported-and-malformed-skipped-with-lines", test_gift_skipped_with_lines);
  g_test_add_func ("/core/training/csv/not-a-template", test_csv_not_a_template);
  ADD ("/core/training/csv/utf8-with-and-without-bom", test_csv_utf8_with_and_without_bom);
  ADD ("/core/training/csv/gb18030", test_csv_gb18030);
  ADD ("/core/training/round-trip/gift", test_round_trip_gift);
  ADD ("/core/training/import/gift-cr-only-line-ends", test_gift_cr_only_line_ends);
  ADD ("/core/training/export/fails-half-way", test_export_fails_half_way);
  ADD ("/core/training/import/every-question-skipped", test_import_every_question_skipped);
  ADD ("/core/training/import/control-characters-and-lengths", test_import_control_characters_and_lengths);
  ADD ("/core/training/round-trip/csv-and-gift", test_round_trip_csv);
  ADD ("/core/training/questions/edit-of-used-question-is-new-version", test_question_versions);
  g_test_add_func ("/core/training/scoring/rules", test_scoring_rules);
  ADD ("/core/training/exam/draw-rules-fixed-seed", test_draw_rules);
  ADD ("/core/training/exam/attempt-resumes-after-crash", test_attempt_resumes_after_crash);
  ADD ("/core/training/exam/case-analysis-graded-by-trainer", test_case_analysis_graded_by_trainer);
  ADD ("/core/training/exam/paper-versions-keyed-in", test_paper_versions_keyed_in);
  ADD ("/core/training/practice/leitner-intervals", test_practice_intervals);
  ADD ("/core/training/assessment/three-raters", test_assessment_raters);
  ADD ("/core/training/stats/worked-example", test_item_statistics);
  ADD ("/core/training/lists/banks-papers-attempts", test_lists);

  return g_test_run ();
}
