/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-server-training.c — the training view on a database server
 * (#20), under Xvfb: a trainee signed in to the server with their password
 * finds the paper a trainer published for them, sits it in the exam
 * window and gets the grade the server gave (kefu_submit_attempt()), while
 * their role reads no answer key. Runs once in English and once in zh_CN
 * and leaves screenshots. Skipped without the test cluster
 * (tests/kefu-pg-cluster.sh, KEFU_TEST_PG). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "kefu-auth.h"
#include "kefu-exam.h"
#include "kefu-exam-window.h"
#include "kefu-questions.h"
#include "kefu-training-view.h"
#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-test-gui-window.h"
#include "kefu-test-engines.h"
#include "kefu-test-gui-server.h"

#define DAY ((gint64) 24 * 3600)

typedef struct {
  Fixture     gui;
  char       *spec;      /* the server's database, without credentials */
  KefuStore  *owner;     /* the tables' owner (the test harness) */
  char       *trainer;   /* logins: roles of the cluster, named per process */
  char       *trainee;
} ServerFixture;

static void
server_setup (ServerFixture *f,
              gconstpointer  data)
{
  g_autofree char *sql = NULL;

  if ((f->owner = kefu_test_server_owner (&f->gui.dir, data, NULL, &f->spec)) == NULL)
    return;
  f->trainer = g_strdup_printf ("gui_trainer_%d", (int) getpid ());
  f->trainee = g_strdup_printf ("gui_trainee_%d", (int) getpid ());
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '赵老师', 'trainer', 'trainer-password-1') + "
                         "kefu_create_person ('%s', '学员小周', 'agent', 'trainee-password-1')", f->trainer, f->trainee);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), >, 0);
}

static void
server_teardown (ServerFixture *f,
                 gconstpointer  data)
{
  if (f->owner == NULL)
    return;
  while (find_toplevel (KEFU_TYPE_EXAM_WINDOW) != NULL)
    gtk_window_destroy (GTK_WINDOW (find_toplevel (KEFU_TYPE_EXAM_WINDOW)));
  if (f->gui.window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->gui.window));
  f->gui.window = NULL;
  wait_ms (100);
  g_clear_object (&f->owner);
  kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  kefu_test_drop_roles (g_getenv ("KEFU_TEST_PG"), (const char *[]) { f->trainer, f->trainee, NULL });
  g_free (f->trainer);
  g_free (f->trainee);
  kefu_test_dir_teardown (&f->gui.dir, data);
}

static gboolean
training_loaded (gpointer data)
{
  return !kefu_training_view_is_loading (data);
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
exam_window_shown (gpointer data)
{
  return find_toplevel (KEFU_TYPE_EXAM_WINDOW) != NULL;
}

/* The trainer's paper, made at their own desk on the server: two single
 * choices (2 points each, the right ones B and C) and a true-or-false
 * (1 point, true), in that order, assigned to the trainee */
static gint64
publish_paper (ServerFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open_as (f->spec, f->trainer, "trainer-password-1", &error);
  g_autoptr(KefuUser) trainer = NULL;
  g_auto(KefuExamSettings) s = { 0 };
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", f->trainee);
  gint64 bank, exam, trainee = kefu_test_store_scalar (f->owner, sql);
  const char *keys[] = { "B", "C" };

  g_assert_no_error (error);
  trainer = kefu_auth_sign_in_server (store, &error);
  g_assert_no_error (error);
  bank = kefu_bank_create (store, "接听礼仪", &error);
  g_assert_no_error (error);
  kefu_exam_settings_init (&s);
  s.name = g_strdup ("接听礼仪测验");
  s.pass_mark = 60;
  s.shuffle_questions = FALSE;
  s.shuffle_options = FALSE;
  s.review = KEFU_REVIEW_FULL;
  exam = kefu_exam_create (store, &s, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KefuQuestion) q = kefu_question_new (i < 2 ? KEFU_QUESTION_SINGLE_CHOICE : KEFU_QUESTION_TRUE_FALSE);
      const char *options[] = { "1声内", "3声内", "5声内", "10声内" };

      q->bank_id = bank;
      q->stem = g_strdup_printf ("第%u题：来电应在几声内接听？", i + 1);
      if (i < 2)
        {
          for (guint k = 0; k < G_N_ELEMENTS (options); k++)
            kefu_question_add_option (q, options[k], 0, "");
          g_assert_true (kefu_question_set_right_letters (q, keys[i]));
          q->points = 2;
        }
      else
        {
          q->answer_true = TRUE;
          q->points = 1;
        }
      g_assert_cmpint (kefu_question_insert (store, q, &error), >, 0);
      g_assert_no_error (error);
      g_assert_true (kefu_exam_add_question (store, exam, q->id, &error));
      g_assert_no_error (error);
    }
  g_assert_true (kefu_exam_publish (store, exam, &error));
  g_assert_true (kefu_exam_assign (store, exam, trainee, kefu_store_now (store) - DAY, kefu_store_now (store) + 7 * DAY,
                                   &error));
  g_assert_no_error (error);
  return exam;
}

static void
test_trainee_sits_a_paper (ServerFixture *f,
                           gconstpointer  data)
{
  GtkWidget *view, *button;
  KefuExamWindow *exam_window;
  AdwMessageDialog *dialog;
  KefuStore *store;
  g_autofree char *sql = NULL;
  gint64 exam;

  if (f->owner == NULL)
    return;
  exam = publish_paper (f);
  f->gui.window = kefu_test_server_window (f->spec, f->trainee, "trainee-password-1");
  store = kefu_window_get_store (f->gui.window);
  g_assert_true (kefu_store_is_server (store));

  /* the training view runs on the server: the trainee's paper is there */
  kefu_window_set_view (f->gui.window, "training");
  view = kefu_window_get_training_view (f->gui.window);
  g_assert_nonnull (view);
  wait_ms (100);
  g_assert_true (wait_for (training_loaded, view, 30));
  wait_ms (200);
  save_screenshot (GTK_WIDGET (f->gui.window), "server-training-my-exams");

  /* its Start (the only paper), confirmed: the exam window, no key on the desk */
  button = find_descendant (view, GTK_TYPE_BUTTON, _("_Start"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (wait_for (message_dialog_shown, NULL, 10));
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "start");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_for (exam_window_shown, NULL, 10));
  exam_window = KEFU_EXAM_WINDOW (find_toplevel (KEFU_TYPE_EXAM_WINDOW));
  g_assert_cmpint (kefu_test_store_scalar (store, "SELECT count(*) FROM questions_open WHERE answer IS NOT NULL"), ==, 0);

  /* B (right), D (wrong), true (right): 2 + 0 + 1 = 3 of 5 */
  gtk_widget_activate_action (GTK_WIDGET (exam_window), "exam.choose", "i", 2);
  gtk_widget_activate_action (GTK_WIDGET (exam_window), "exam.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (exam_window), "exam.choose", "i", 4);
  gtk_widget_activate_action (GTK_WIDGET (exam_window), "exam.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (exam_window), "exam.choose", "i", 1);
  wait_ms (100);
  save_screenshot (GTK_WIDGET (exam_window), "server-exam");
  gtk_widget_activate_action (GTK_WIDGET (exam_window), "exam.submit", NULL);
  g_assert_true (wait_for (message_dialog_shown, NULL, 5));
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "submit");
  wait_ms (200);
  g_assert_true (kefu_exam_window_is_finished (exam_window));
  save_screenshot (GTK_WIDGET (exam_window), "server-exam-result");

  /* graded by the server: 3 of 5, passed (60 %), the wrong one queued */
  sql = g_strdup_printf ("SELECT score * 100 + passed * 10 + (state = 'graded')::int FROM attempts WHERE exam_id = %"
                         G_GINT64_FORMAT, exam);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 311);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM practice_queue p JOIN users u ON u.id = p.user_id WHERE u.login = '%s'",
                         f->trainee);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 1);
}

/* A trainer imports a GIFT file into a bank on the server and exports the
 * bank again, both on the desk's worker connection as the trainer */
static void
test_trainer_imports_and_exports (ServerFixture *f,
                                  gconstpointer  data)
{
  g_autofree char *gift = g_test_build_filename (G_TEST_DIST, "data", "questions.gift", NULL);
  g_autofree char *heading = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *view;
  gint64 bank;
  guint stems = 0;

  if (f->owner == NULL)
    return;
  f->gui.window = kefu_test_server_window (f->spec, f->trainer, "trainer-password-1");
  kefu_window_set_view (f->gui.window, "training");
  view = kefu_window_get_training_view (f->gui.window);
  wait_ms (100);
  g_assert_true (wait_for (training_loaded, view, 30));

  kefu_training_view_import_file (KEFU_TRAINING_VIEW (view), gift, "应急演练题库");
  g_assert_true (wait_for (message_dialog_shown, NULL, 30));
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Question Imported", "%u Questions Imported", 6), 6u);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  save_screenshot (GTK_WIDGET (dialog), "server-training-import");
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  bank = kefu_test_store_scalar (f->owner, "SELECT id FROM question_banks WHERE name = '应急演练题库'");
  g_assert_cmpint (bank, >, 0);
  sql = g_strdup_printf ("SELECT count(*) FROM questions WHERE bank_id = %" G_GINT64_FORMAT, bank);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 6);

  /* the bank back out as GIFT: its six titled questions */
  wait_ms (200);
  exported = kefu_test_save_through_chooser (f->gui.dir.dir, view, "training.export", g_variant_new_int64 (bank),
                                             "bank.gift");
  g_assert_true (g_file_get_contents (exported, &text, NULL, NULL));
  for (const char *title = text; (title = strstr (title, "\n::")) != NULL; title++)
    stems++;
  g_assert_cmpuint (stems, ==, 6);
  g_assert_nonnull (strstr (text, "电梯困人"));
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;
  g_test_add ("/gui/server/trainer-imports-and-exports", ServerFixture, NULL, server_setup,
              test_trainer_imports_and_exports, server_teardown);
  g_test_add ("/gui/server/trainee-sits-a-paper", ServerFixture, NULL, server_setup, test_trainee_sits_a_paper,
              server_teardown);
  return g_test_run ();
}
