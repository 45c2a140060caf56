/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-training4.c — training II, what a trainer must be able to trust:
 * a paper answer sheet keyed in twice is caught, the sitting's date is the
 * one entered and is checked against the clock and the paper's opening;
 * the printed paper's pass mark and per-version keys. */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "kefu-cohort.h"
#include "kefu-auth.h"
#include "kefu-desk.h"
#include "kefu-exam-admin.h"
#include "kefu-exam-print.h"
#include "kefu-item-stats.h"
#include "kefu-test-training.h"
#include "kefu-test-util.h"
#include "kefu-training-list.h"

#define HOUR ((gint64) 3600)
#define DAY ((gint64) 86400)
#define T0 ((gint64) 1764547200)   /* 2025-12-01 00:00 UTC */

typedef KefuTestTraining Fixture;

/* the trainer, 3 trainees and the bank 客服基础 (kefu-test-training.h) */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kefu_test_training_setup (f, data, T0, 3, "客服基础");
}

#define fixture_teardown kefu_test_training_teardown

/* every case on a SQLite file and on the server (#20); FILE_ONLY: one
 * that runs kefu-cli on the file */
#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)
#define FILE_ONLY(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

/* A new connection to the same database: what was committed */
static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  f->store = kefu_store_open (f->spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static gint64
add_single (Fixture    *f,
            const char *stem,
            const char *key,
            double      points)
{
  return kefu_test_training_add_single (f, stem, key, NULL, points);
}

/* A published paper of @n single-choice questions (keys A, B, C, D, A…),
 * choices shuffled per printed version, @attempts allowed, assigned to
 * every trainee from @opens for a week. */
static gint64
paper (Fixture *f,
       guint    n,
       int      attempts,
       double   points,
       gint64   opens)
{
  g_auto(KefuExamSettings) s = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  kefu_exam_settings_init (&s);
  s.name = g_strdup ("接听规范测验");
  s.attempts_allowed = attempts;
  s.shuffle_questions = TRUE;
  s.shuffle_options = TRUE;
  s.paper_seed = 20251201;
  id = kefu_exam_create (f->store, &s, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *stem = g_strdup_printf ("第%u题：电话应在几声内接起？", i + 1);
      char key[2] = { (char) ('A' + i % 4), 0 };
      g_assert_true (kefu_exam_add_question (f->store, id, add_single (f, stem, key, points), &error));
    }
  g_assert_true (kefu_exam_publish (f->store, id, &error));
  for (guint i = 0; i < f->n_trainees; i++)
    g_assert_true (kefu_exam_assign (f->store, id, f->trainee[i], opens, opens + 7 * DAY, &error));
  g_assert_no_error (error);
  return id;
}

/* The letters of version @label a trainee who knows every answer ticks;
 * @wrong: the first answer is wrong. */
static GStrv
right_sheet (Fixture    *f,
             gint64      exam,
             const char *label,
             gboolean    wrong)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = kefu_exam_paper_version (f->store, exam, label, &error);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      KefuAttemptItem *item = items->pdata[i];
      g_autofree char *right = kefu_question_right_letters (item->question);
      g_autofree char *shown = kefu_attempt_item_to_shown (item, right);

      if (wrong && i == 0)
        shown[0] = shown[0] == 'A' ? 'B' : 'A';
      g_strv_builder_add (b, shown);
    }
  return g_strv_builder_end (b);
}

static char *
moment (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

/* 1. Keying in ----------------------------------------------------------- */

/* The sitting's date is the one entered: the attempt is started and
 * submitted then, the keying is recorded apart (when, by whom). */
static void
test_key_in_sitting_date (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 exam = paper (f, 4, 1, 2, T0 + 9 * HOUR);
  g_auto(GStrv) sheet = right_sheet (f, exam, "A", FALSE);
  g_auto(KefuAttemptInfo) info = { 0 };
  gint64 sat = T0 + DAY + 14 * HOUR, attempt;
  g_autofree char *sql = NULL;

  kefu_store_set_now (f->store, T0 + 3 * DAY + 10 * HOUR);   /* keyed two days later */
  attempt = kefu_attempt_key_in_sheet (f->store, exam, f->trainee[0], "A", sat, FALSE,
                                       (const char * const *) sheet, &error);
  g_assert_no_error (error);
  g_assert_cmpint (attempt, >, 0);
  g_assert_true (kefu_attempt_get_info (f->store, attempt, &info, &error));
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_GRADED);
  g_assert_cmpfloat_with_epsilon (info.percent, 100, 1e-9);
  g_assert_cmpint (info.started_at, ==, sat);
  g_assert_cmpint (info.submitted_at, ==, sat);
  reopen (f);
  sql = g_strdup_printf ("SELECT keyed_at FROM attempts WHERE id = %" G_GINT64_FORMAT, attempt);
  g_assert_cmpint (kefu_test_store_scalar (f->store, sql), ==, T0 + 3 * DAY + 10 * HOUR);
  g_free (sql);
  sql = g_strdup_printf ("SELECT keyed_by FROM attempts WHERE id = %" G_GINT64_FORMAT, attempt);
  g_assert_cmpint (kefu_test_store_scalar (f->store, sql), ==, f->trainer);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM attempt_answers WHERE attempt_id = %" G_GINT64_FORMAT
                         " AND answered_at = %" G_GINT64_FORMAT, attempt, sat);
  g_assert_cmpint (kefu_test_store_scalar (f->store, sql), ==, 4);
}

/* A sitting in the future by the store's clock, or before the paper
 * opened to the trainee, is refused with both moments named; nothing is
 * written. A sitting at the opening itself and one at the clock itself
 * are accepted. */
static void
test_key_in_date_checked (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 opens = T0 + 9 * HOUR, now = T0 + 2 * DAY + 16 * HOUR;
  gint64 exam = paper (f, 3, 0, 1, opens);
  g_auto(GStrv) sheet = right_sheet (f, exam, "A", FALSE);
  g_autofree char *future = moment (now + 60);
  g_autofree char *clock = moment (now);
  g_autofree char *early = moment (opens - HOUR);
  g_autofree char *opening = moment (opens);

  kefu_store_set_now (f->store, now);
  g_assert_cmpint (kefu_attempt_key_in_sheet (f->store, exam, f->trainee[0], "A", now + 60, FALSE,
                                              (const char * const *) sheet, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, future));
  g_assert_nonnull (strstr (error->message, clock));
  g_clear_error (&error);

  g_assert_cmpint (kefu_attempt_key_in_sheet (f->store, exam, f->trainee[0], "A", opens - HOUR, FALSE,
                                              (const char * const *) sheet, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, early));
  g_assert_nonnull (strstr (error->message, opening));
  g_assert_nonnull (strstr (error->message, "接听规范测验"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_attempts_count (f->store, exam, f->trainee[0]), ==, 0);

  g_assert_cmpint (kefu_attempt_key_in_sheet (f->store, exam, f->trainee[0], "A", opens, FALSE,
                                              (const char * const *) sheet, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_attempt_key_in_sheet (f->store, exam, f->trainee[1], "A", now, FALSE,
                                              (const char * const *) sheet, &error), >, 0);
  g_assert_no_error (error);
}

/* The same sheet keyed twice (same trainee, paper and version) is refused,
 * naming the trainee, the earlier keying's moment and keyer and the
 * sitting; another version, or another trainee, is a different sheet.
 * Replacing voids the earlier attempt on the record, in one step, and
 * does not use up an attempt. */
static void
test_key_in_twice (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 exam = paper (f, 4, 2, 1, T0);
  g_auto(GStrv) wrong = right_sheet (f, exam, "A", TRUE);
  g_auto(GStrv) right = right_sheet (f, exam, "A", FALSE);
  g_auto(GStrv) right_b = right_sheet (f, exam, "B", FALSE);
  gint64 first, second, again, other;
  g_autofree char *keyed = moment (T0 + DAY + 8 * HOUR);
  g_autofree char *sat = moment (T0 + DAY + 7 * HOUR);
  g_autofree char *message = NULL;
  g_autofree char *first_text = NULL;
  g_auto(KefuAttemptInfo) info = { 0 };

  kefu_store_set_now (f->store, T0 + DAY + 8 * HOUR);
  first = kefu_attempt_key_in_sheet (f->store, exam, f->trainee[0], "A", T0 + DAY + 7 * HOUR, FALSE,
                                     (const char * const *) wrong, &error);
  g_assert_no_error (error);
  first_text = g_strdup_printf ("%" G_GINT64_FORMAT, first);

  kefu_store_set_now (f->store, T0 + 2 * DAY);
  g_assert_cmpint (kefu_attempt_key_in_sheet (f->store, exam, f->trainee[0], "A", T0 + DAY + 7 * HOUR, FALSE,
                                              (const char * const *) right, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "学员1"));
  g_assert_nonnull (strstr (error->message, "赵老师"));
  g_assert_nonnull (strstr (error->message, keyed));
  g_assert_nonnull (strstr (error->message, sat));
  g_assert_nonnull (strstr (error->message, first_text));
  g_clear_error (&error);
  g_assert_cmpint (kefu_attempts_count (f->store, exam, f->trainee[0]), ==, 1);
  /* asked before keying, the same */
  g_assert_cmpint (kefu_attempt_find_keyed (f->store, exam, f->trainee[0], "A", &message), ==, first);
  g_assert_nonnull (strstr (message, keyed));
  g_assert_cmpint (kefu_attempt_find_keyed (f->store, exam, f->trainee[0], "B", NULL), ==, 0);
  g_assert_cmpint (kefu_attempt_find_keyed (f->store, exam, f->trainee[1], "A", NULL), ==, 0);

  /* another trainee's sheet of version A is theirs */
  other = kefu_attempt_key_in_sheet (f->store, exam, f->trainee[1], "A", T0 + DAY + 7 * HOUR, FALSE,
                                     (const char * const *) right, &error);
  g_assert_no_error (error);
  g_assert_cmpint (other, >, 0);

  /* replaced: the earlier one is voided with the reason, the new one counts alone */
  second = kefu_attempt_key_in_sheet (f->store, exam, f->trainee[0], "A", T0 + DAY + 7 * HOUR, TRUE,
                                      (const char * const *) right, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);
  g_assert_true (kefu_attempt_get_info (f->store, first, &info, &error));
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_VOIDED);
  kefu_attempt_info_clear (&info);
  g_assert_true (kefu_attempt_get_info (f->store, second, &info, &error));
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_GRADED);
  g_assert_cmpfloat_with_epsilon (info.percent, 100, 1e-9);
  g_assert_cmpint (kefu_attempts_count (f->store, exam, f->trainee[0]), ==, 1);
  g_assert_cmpint (kefu_attempt_find_keyed (f->store, exam, f->trainee[0], "A", NULL), ==, second);

  /* version B of the same trainee is the second sheet allowed, then the
   * paper's two attempts are used */
  again = kefu_attempt_key_in_sheet (f->store, exam, f->trainee[0], "B", T0 + DAY + 9 * HOUR, FALSE,
                                     (const char * const *) right_b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, >, 0);
  g_assert_cmpint (kefu_attempts_count (f->store, exam, f->trainee[0]), ==, 2);

  reopen (f);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM attempts WHERE id = %" G_GINT64_FORMAT
                                            " AND void_reason LIKE '%%keyed in again%%' AND voided_by = %"
                                            G_GINT64_FORMAT, first, f->trainer);
    g_assert_cmpint (kefu_test_store_scalar (f->store, sql), ==, 1);
    g_free (sql);
    sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'attempt.void' AND subject_id = %"
                           G_GINT64_FORMAT, first);
    g_assert_cmpint (kefu_test_store_scalar (f->store, sql), ==, 1);
  }
}

/* 2. The printed paper ------------------------------------------------------ */

static char *
run_tool (const char *tool,
          const char *arg1,
          const char *arg2)
{
  g_autofree char *program = g_find_program_in_path (tool);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const char *argv[] = { program, arg1, arg2, NULL };

  /* build-aux/kefu installs poppler-utils */
  g_assert_nonnull (program);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* The page of @text (pages split at form feeds) holding @needle. */
static char *
page_with (const char *text,
           const char *needle)
{
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);

  for (guint i = 0; pages[i] != NULL; i++)
    if (strstr (pages[i], needle) != NULL)
      return g_strdup (pages[i]);
  g_error ("no page has “%s”:\n%s", needle, text);
  return NULL;
}

/* Versions A and B of a 3-question paper of 21 points each, pass mark
 * 80 %: the paper states the pass mark as applied (80 % of 63 points,
 * 50.4 points), and each version ends with its own answer key — the right
 * letter as that version shows it, which differs between the versions
 * since the choices are shuffled per version. Chinese is set in a
 * Simplified Chinese face under the C locale these tests run in. */
static void
test_print_pass_mark_and_keys (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 exam = paper (f, 3, 1, 21, T0);
  g_autofree char *pdf = kefu_test_path (&f->dir, "paper.pdf");
  const char *labels[] = { "A", "B", NULL };
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *keys[2] = { NULL, NULL };
  g_autofree char *pass = kefu_exam_pass_mark_text (80, 63);

  g_assert_cmpstr (pass, ==, "Pass mark: 80 % of 63 points (50.4 points)");
  g_assert_true (kefu_exam_print_versions (f->store, exam, labels, pdf, &error));
  g_assert_no_error (error);
  text = run_tool ("pdftotext", pdf, "-");
  g_assert_nonnull (strstr (text, "Pass mark: 80 % of 63 points (50.4 points)"));
  g_assert_null (strstr (text, "pass mark 80 ·"));

  for (guint v = 0; v < 2; v++)
    {
      g_autofree char *title = g_strdup_printf ("Answer key — 接听规范测验, version %s", labels[v]);
      g_autofree char *page = page_with (text, title);
      g_autoptr(GPtrArray) items = kefu_exam_paper_version (f->store, exam, labels[v], &error);
      GString *key = g_string_new (NULL);

      g_assert_no_error (error);
      g_assert_nonnull (strstr (page, "50.4"));
      for (guint i = 0; i < items->len; i++)
        {
          KefuAttemptItem *item = items->pdata[i];
          g_autofree char *right = kefu_question_right_letters (item->question);
          g_autofree char *shown = kefu_attempt_item_to_shown (item, right);
          g_autofree char *line = g_strdup_printf ("%u. %s", item->position, shown);
          g_autofree char *question = g_strdup_printf ("%u. (single choice, 21 points) %s", item->position,
                                                       item->question->stem);

          g_assert_nonnull (strstr (page, line));
          g_assert_nonnull (strstr (text, question));
          g_string_append (key, shown);
        }
      keys[v] = g_string_free (key, FALSE);
    }
  /* the versions really differ, so a single key would mark one wrong */
  g_assert_cmpstr (keys[0], !=, keys[1]);

  fonts = run_tool ("pdffonts", pdf, NULL);
  if (strstr (fonts, "NotoSansCJKsc") == NULL && strstr (fonts, "WenQuanYi") == NULL)
    g_error ("the paper has no Simplified Chinese face:\n%s", fonts);
  g_assert_null (strstr (fonts, "CJKjp"));
  g_assert_null (strstr (fonts, "CJKtc"));
  g_assert_null (strstr (fonts, "CJKkr"));
}

/* 3. Staff groups and notices ------------------------------------------------ */

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

/* A published paper of two questions assigned to nobody yet. */
static gint64
unassigned_paper (Fixture    *f,
                  const char *name)
{
  g_auto(KefuExamSettings) s = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  kefu_exam_settings_init (&s);
  s.name = g_strdup (name);
  s.shuffle_questions = FALSE;
  s.shuffle_options = FALSE;
  id = kefu_exam_create (f->store, &s, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_exam_add_question (f->store, id, add_single (f, "来电应在几声内接起？", "B", 1), &error));
  g_assert_true (kefu_exam_add_question (f->store, id, add_single (f, "投诉应在几声内接起？", "B", 1), &error));
  g_assert_true (kefu_exam_publish (f->store, id, &error));
  g_assert_no_error (error);
  return id;
}

static gboolean
assign_group (Fixture *f,
              gint64   exam,
              gint64   group,
              gint64   opens,
              gint64   closes,
              GError **error)
{
  g_assert_true (kefu_store_begin (f->store, NULL));
  if (!kefu_exam_assign_group (f->store, exam, group, opens, closes, error))
    {
      kefu_store_rollback (f->store);
      return FALSE;
    }
  return kefu_store_commit (f->store, error);
}

/* A paper assigned to a staff group (班组) for a week reaches its members
 * only: in their My Exams, startable between the opening and the closing;
 * the group's assignment is kept. An empty group is refused by name. */
static void
test_assign_group (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 exam = unassigned_paper (f, "一班周测");
  gint64 group = kefu_staff_group_create (f->store, "客服一班", 0, &error);
  gint64 empty = kefu_staff_group_create (f->store, "客服二班", 0, &error);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  g_assert_true (kefu_staff_group_add_member (f->store, group, f->trainee[0], &error));
  g_assert_true (kefu_staff_group_add_member (f->store, group, f->trainee[1], &error));
  g_assert_no_error (error);

  g_assert_false (assign_group (f, exam, empty, T0 + DAY, T0 + 8 * DAY, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "客服二班"));
  g_clear_error (&error);
  g_assert_false (assign_group (f, exam, group, T0 + 8 * DAY, T0 + DAY, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (assign_group (f, exam, group, T0 + DAY, T0 + 8 * DAY, &error));
  g_assert_no_error (error);
  g_assert_true (listed_for (f, f->trainee[0], exam));
  g_assert_true (listed_for (f, f->trainee[1], exam));
  g_assert_false (listed_for (f, f->trainee[2], exam));

  g_assert_false (kefu_exam_may_start (f->store, exam, f->trainee[0], &error));   /* not open yet */
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_now (f->store, T0 + 2 * DAY);
  g_assert_true (kefu_exam_may_start (f->store, exam, f->trainee[1], &error));
  g_assert_no_error (error);
  g_assert_false (kefu_exam_may_start (f->store, exam, f->trainee[2], &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_now (f->store, T0 + 8 * DAY);
  g_assert_false (kefu_exam_may_start (f->store, exam, f->trainee[0], &error));   /* closed */
  g_clear_error (&error);

  reopen (f);
  sql = g_strdup_printf ("SELECT count(*) FROM exam_group_assignments WHERE exam_id = %" G_GINT64_FORMAT
                         " AND group_id = %" G_GINT64_FORMAT " AND opens_at = %" G_GINT64_FORMAT, exam, group, T0 + DAY);
  g_assert_cmpint (kefu_test_store_scalar (f->store, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM exam_assignments WHERE exam_id = %" G_GINT64_FORMAT
                         " AND group_id = %" G_GINT64_FORMAT, exam, group);
  g_assert_cmpint (kefu_test_store_scalar (f->store, sql), ==, 2);
}

static guint
n_notices_with (GPtrArray  *notices,
                const char *a,
                const char *b)
{
  guint n = 0;

  for (guint i = 0; i < notices->len; i++)
    n += strstr (notices->pdata[i], a) != NULL && (b == NULL || strstr (notices->pdata[i], b) != NULL);
  return n;
}

/* At sign-in a trainee is told of a paper newly assigned, once, and again
 * when it closes within a day and they have not finished it; someone who
 * has finished it, or to whom it is not assigned, is not told. */
static void
test_notices (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 exam = unassigned_paper (f, "一班周测");
  gint64 group = kefu_staff_group_create (f->store, "客服一班", 0, &error);
  gint64 closes = T0 + 8 * DAY + 18 * HOUR;
  g_autofree char *closes_text = moment (closes);
  GPtrArray *notices;
  gint64 attempt;

  g_assert_true (kefu_staff_group_add_member (f->store, group, f->trainee[0], &error));
  g_assert_true (kefu_staff_group_add_member (f->store, group, f->trainee[1], &error));
  g_assert_true (assign_group (f, exam, group, T0 + DAY, closes, &error));
  g_assert_no_error (error);

  kefu_store_set_now (f->store, T0 + 2 * DAY);
  notices = kefu_exam_take_notices (f->store, f->trainee[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_cmpuint (n_notices_with (notices, "一班周测", closes_text), ==, 1);
  g_assert_cmpuint (n_notices_with (notices, "new paper", NULL), ==, 1);
  g_ptr_array_unref (notices);
  notices = kefu_exam_take_notices (f->store, f->trainee[0], &error);   /* told once */
  g_assert_cmpuint (notices->len, ==, 0);
  g_ptr_array_unref (notices);
  notices = kefu_exam_take_notices (f->store, f->trainee[2], &error);   /* not theirs */
  g_assert_cmpuint (notices->len, ==, 0);
  g_ptr_array_unref (notices);

  /* 学员2 sits it before the last day */
  kefu_store_set_actor (f->store, f->trainee[1]);
  attempt = kefu_attempt_start (f->store, exam, f->trainee[1], 1, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_attempt_submit (f->store, attempt, &error));
  kefu_store_set_actor (f->store, f->trainer);

  /* 25 hours before the closing: not yet */
  kefu_store_set_now (f->store, closes - 25 * HOUR);
  notices = kefu_exam_take_notices (f->store, f->trainee[0], &error);
  g_assert_cmpuint (notices->len, ==, 0);
  g_ptr_array_unref (notices);
  /* 23 hours before: told once, with the closing moment */
  kefu_store_set_now (f->store, closes - 23 * HOUR);
  notices = kefu_exam_take_notices (f->store, f->trainee[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_cmpuint (n_notices_with (notices, closes_text, "23 hours"), ==, 1);
  g_ptr_array_unref (notices);
  notices = kefu_exam_take_notices (f->store, f->trainee[0], &error);
  g_assert_cmpuint (notices->len, ==, 0);
  g_ptr_array_unref (notices);
  /* 学员2 finished it before being told anything: nothing to tell */
  notices = kefu_exam_take_notices (f->store, f->trainee[1], &error);
  g_assert_cmpuint (notices->len, ==, 0);
  g_ptr_array_unref (notices);
}

static gint64
n_assigned (Fixture *f,
            gint64   exam,
            gint64   user)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM exam_assignments WHERE exam_id = %" G_GINT64_FORMAT
                                          " AND user_id = %" G_GINT64_FORMAT, exam, user);
  return kefu_test_store_scalar (f->store, sql);
}

/* People who join a staff group after a paper was assigned to it get the
 * paper while it has not closed, with the group's dates, and are told at
 * sign-in like the others; a paper that has closed is not given. Someone
 * who leaves before sitting it loses it; someone who has started it keeps
 * it. */
static void
test_group_late_joiners (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 open = unassigned_paper (f, "一班周测");
  gint64 closed = unassigned_paper (f, "一班上周测");
  gint64 group = kefu_staff_group_create (f->store, "客服一班", 0, &error);
  gint64 closes = T0 + 8 * DAY;
  g_autofree char *closes_text = moment (closes);
  GPtrArray *notices;
  gint64 attempt;

  g_assert_no_error (error);
  g_assert_true (kefu_staff_group_add_member (f->store, group, f->trainee[0], &error));
  g_assert_true (assign_group (f, closed, group, T0 - 8 * DAY, T0 - DAY, &error));
  g_assert_true (assign_group (f, open, group, T0 + DAY, closes, &error));
  g_assert_no_error (error);
  g_assert_false (listed_for (f, f->trainee[1], open));

  /* 学员2 joins on the second day: the open paper, the group's dates */
  kefu_store_set_now (f->store, T0 + 2 * DAY);
  g_assert_true (kefu_staff_group_add_member (f->store, group, f->trainee[1], &error));
  g_assert_no_error (error);
  g_assert_true (listed_for (f, f->trainee[1], open));
  g_assert_cmpint (n_assigned (f, closed, f->trainee[1]), ==, 0);
  g_assert_true (kefu_exam_may_start (f->store, open, f->trainee[1], &error));
  g_assert_no_error (error);
  kefu_store_set_now (f->store, closes);
  g_assert_false (kefu_exam_may_start (f->store, open, f->trainee[1], &error));   /* closed, as for the others */
  g_clear_error (&error);
  kefu_store_set_now (f->store, T0 + 2 * DAY);
  notices = kefu_exam_take_notices (f->store, f->trainee[1], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_cmpuint (n_notices_with (notices, "一班周测", closes_text), ==, 1);
  g_assert_cmpuint (n_notices_with (notices, "new paper", NULL), ==, 1);
  g_ptr_array_unref (notices);

  /* 学员3 joins and leaves before sitting it: gone, and nothing to tell */
  g_assert_true (kefu_staff_group_add_member (f->store, group, f->trainee[2], &error));
  g_assert_true (listed_for (f, f->trainee[2], open));
  g_assert_true (kefu_staff_group_remove_member (f->store, group, f->trainee[2], &error));
  g_assert_no_error (error);
  g_assert_false (listed_for (f, f->trainee[2], open));
  g_assert_cmpint (n_assigned (f, open, f->trainee[2]), ==, 0);
  g_assert_false (kefu_exam_may_start (f->store, open, f->trainee[2], &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  notices = kefu_exam_take_notices (f->store, f->trainee[2], &error);
  g_assert_cmpuint (notices->len, ==, 0);
  g_ptr_array_unref (notices);

  /* 学员2 starts it, then leaves: it stays theirs; 学员1 leaves without
   * starting: gone; the closed paper stays on 学员1's record */
  kefu_store_set_actor (f->store, f->trainee[1]);
  attempt = kefu_attempt_start (f->store, open, f->trainee[1], 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (attempt, >, 0);
  kefu_store_set_actor (f->store, f->trainer);
  g_assert_true (kefu_staff_group_remove_member (f->store, group, f->trainee[1], &error));
  g_assert_true (kefu_staff_group_remove_member (f->store, group, f->trainee[0], &error));
  g_assert_no_error (error);
  g_assert_true (listed_for (f, f->trainee[1], open));
  g_assert_cmpint (n_assigned (f, open, f->trainee[1]), ==, 1);
  g_assert_false (listed_for (f, f->trainee[0], open));
  g_assert_cmpint (n_assigned (f, closed, f->trainee[0]), ==, 1);

  /* joining after the closing gives nothing */
  kefu_store_set_now (f->store, closes + HOUR);
  g_assert_true (kefu_staff_group_add_member (f->store, group, f->trainee[2], &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_assigned (f, open, f->trainee[2]), ==, 0);
}

/* 5. Item statistics with the choices --------------------------------------- */

/* Three graded attempts at a paper of a single choice (key B) and a
 * true/false question (对): 学员1 B 对 (100 %), 学员2 B 错 (50 %), 学员3 C 错
 * (0 %); a fourth, voided, picked D and never counts. Each choice's row
 * says whether it is right, how many picked it and the mean score of
 * those; the CSV and the XLSX carry them. */
static void
test_item_stats_choices (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(KefuExamSettings) s = { 0 };
  g_autoptr(KefuQuestion) tf = kefu_question_new (KEFU_QUESTION_TRUE_FALSE);
  const char *said[3][3] = { { "B", "true", NULL }, { "B", "false", NULL }, { "C", "false", NULL } };
  const char *voided[] = { "D", "true", NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *csv_path = kefu_test_path (&f->dir, "stats.csv");
  g_autofree char *xlsx_path = kefu_test_path (&f->dir, "stats.xlsx");
  g_autofree char *csv = NULL;
  gint64 exam, attempt;

  tf->bank_id = f->bank;
  tf->stem = g_strdup ("接听电话时应先自报单位和姓名。");
  tf->answer_true = TRUE;
  kefu_question_insert (f->store, tf, &error);
  g_assert_no_error (error);
  kefu_exam_settings_init (&s);
  s.name = g_strdup ("接听规范测验");
  s.attempts_allowed = 0;
  s.shuffle_questions = FALSE;
  s.shuffle_options = FALSE;
  exam = kefu_exam_create (f->store, &s, &error);
  g_assert_true (kefu_exam_add_question (f->store, exam, add_single (f, "电话应在几声内接起？", "B", 1), &error));
  g_assert_true (kefu_exam_add_question (f->store, exam, tf->id, &error));
  g_assert_true (kefu_exam_publish (f->store, exam, &error));
  for (guint i = 0; i < 3; i++)
    g_assert_true (kefu_exam_assign (f->store, exam, f->trainee[i], T0, T0 + 7 * DAY, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      const char * const *answers = i < 3 ? said[i] : voided;
      attempt = kefu_attempt_start (f->store, exam, f->trainee[i % 3], 1, &error);
      g_assert_no_error (error);
      for (guint k = 0; answers[k] != NULL; k++)
        g_assert_true (kefu_attempt_save_answer (f->store, attempt, k + 1, answers[k], &error));
      g_assert_true (kefu_attempt_submit (f->store, attempt, &error));
      g_assert_no_error (error);
    }
  g_assert_true (kefu_attempt_void (f->store, attempt, "坐错考位", &error));
  g_assert_no_error (error);

  rows = kefu_exam_choice_stats (f->store, exam, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4 + 2);
  {
    /* letter, right, picked, mean % of those who picked it (NAN: nobody) */
    const struct { char letter; gboolean right; guint n; double mean; } want[] = {
      { 'A', FALSE, 0, NAN }, { 'B', TRUE, 2, 75 }, { 'C', FALSE, 1, 0 }, { 'D', FALSE, 0, NAN },
      { 'T', TRUE, 1, 100 }, { 'F', FALSE, 2, 25 },
    };
    for (guint i = 0; i < rows->len; i++)
      {
        const KefuChoiceStat *c = rows->pdata[i];
        g_assert_cmpint (c->letter, ==, want[i].letter);
        g_assert_cmpint (c->right, ==, want[i].right);
        g_assert_cmpuint (c->n_chosen, ==, want[i].n);
        g_assert_cmpuint (c->n_attempts, ==, 3);
        if (isnan (want[i].mean))
          g_assert_true (isnan (c->mean_percent));
        else
          g_assert_cmpfloat_with_epsilon (c->mean_percent, want[i].mean, 1e-9);
      }
    g_assert_cmpfloat_with_epsilon (((KefuChoiceStat *) rows->pdata[0])->facility, 2.0 / 3, 1e-9);
  }

  g_assert_true (kefu_exam_stats_export (f->store, exam, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBFQuestion,Type,Stem,Attempts,Facility (%),Discrimination,Choice,"));
  g_assert_nonnull (strstr (csv, "1,单选题,电话应在几声内接起？,3,66.7,"));
  g_assert_nonnull (strstr (csv, ",B,3声内,yes,2,66.7,75.0\r\n"));
  g_assert_nonnull (strstr (csv, ",C,5声内,no,1,33.3,0.0\r\n"));
  g_assert_nonnull (strstr (csv, ",D,10声内,no,0,0.0,\r\n"));
  g_assert_nonnull (strstr (csv, ",F,错,no,2,66.7,25.0\r\n"));

  g_assert_true (kefu_exam_stats_export (f->store, exam, xlsx_path, &error));
  g_assert_no_error (error);
  {
    g_autofree char *sheet = run_tool ("unzip", "-p", xlsx_path);
    g_assert_nonnull (strstr (sheet, "3声内"));
    g_assert_nonnull (strstr (sheet, "Mean score of those who picked it (%)"));
  }
  g_assert_false (kefu_exam_stats_export (f->store, exam, "stats.txt", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* kefu-cli exam stats --out writes the same file, for the trainer */
  {
    gint64 admin = kefu_desk_add_user (f->store, "guanliyuan", "管理员", "admin", NULL, &error);
    g_assert_no_error (error);
    kefu_store_set_actor (f->store, admin);
    g_assert_true (kefu_auth_reset_pin (f->store, f->trainer, "2468", &error));
    g_assert_no_error (error);
  }
  g_clear_object (&f->store);
  {
    g_autofree char *faketime = g_find_program_in_path ("faketime");
    if (faketime == NULL || g_getenv ("KEFU_CLI") == NULL)
      {
        g_test_skip ("needs faketime and kefu-cli");
        return;
      }
  }
  {
    g_autofree char *cli_csv = kefu_test_path (&f->dir, "cli.csv");
    g_autofree char *out = NULL, *err = NULL, *text = NULL;
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, exam);
    const char *when = "2025-12-02 09:00";

    g_assert_cmpint (kefu_test_run_cli (when, "2468\n", &out, &err, "--db", f->path, "--as", "zhaolaoshi", "exam", "stats", id,
                                        "--out", cli_csv, NULL), ==, 0);
    g_assert_nonnull (strstr (out, cli_csv));
    g_assert_true (g_file_get_contents (cli_csv, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, ",B,3声内,yes,2,66.7,75.0\r\n"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/core/training4/key-in/sitting-date", test_key_in_sitting_date);
  ADD ("/core/training4/key-in/date-checked", test_key_in_date_checked);
  ADD ("/core/training4/key-in/twice", test_key_in_twice);
  ADD ("/core/training4/print/pass-mark-and-keys", test_print_pass_mark_and_keys);
  ADD ("/core/training4/assign/staff-group", test_assign_group);
  ADD ("/core/training4/assign/notices", test_notices);
  ADD ("/core/training4/assign/late-joiners", test_group_late_joiners);
  FILE_ONLY ("/core/training4/stats/choices", test_item_stats_choices);
  return g_test_run ();
}
