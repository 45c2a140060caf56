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

#include "kefu-assessment.h"
#include "kefu-assessment-window.h"
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
  char       *supervisor;
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
  f->supervisor = g_strdup_printf ("gui_supervisor_%d", (int) getpid ());
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '赵老师', 'trainer', 'trainer-password-1') + "
                         "kefu_create_person ('%s', '学员小周', 'agent', 'trainee-password-1') + "
                         "kefu_create_person ('%s', '主管老钱', 'supervisor', 'supervisor-password-1')",
                         f->trainer, f->trainee, f->supervisor);
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
  while (find_toplevel (KEFU_TYPE_ASSESSMENT_WINDOW) != NULL)
    gtk_window_destroy (GTK_WINDOW (find_toplevel (KEFU_TYPE_ASSESSMENT_WINDOW)));
  while (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL)
    gtk_window_destroy (GTK_WINDOW (find_toplevel (ADW_TYPE_MESSAGE_DIALOG)));
  if (f->gui.window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->gui.window));
  f->gui.window = NULL;
  wait_ms (100);
  g_clear_object (&f->owner);
  kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  kefu_test_drop_roles (g_getenv ("KEFU_TEST_PG"), (const char *[]) { f->trainer, f->trainee, f->supervisor, NULL });
  g_free (f->supervisor);
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

/* The widget named @name under @widget (itself included), or NULL */
static GtkWidget *
named (GtkWidget  *widget,
       const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = named (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_named (GtkWidget  *widget,
             const char *name)
{
  guint n = g_strcmp0 (gtk_widget_get_name (widget), name) == 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_named (c, name);
  return n;
}

/* The last label of @row: the value a result row shows */
static const char *
row_value (GtkWidget *row)
{
  GtkWidget *last = NULL;

  for (GtkWidget *w = row; w != NULL; )
    {
      GtkWidget *next = gtk_widget_get_first_child (w);

      if (GTK_IS_LABEL (w))
        last = w;
      /* depth first, in order */
      if (next == NULL)
        {
          while (w != row && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          next = w == row ? NULL : gtk_widget_get_next_sibling (w);
        }
      w = next;
    }
  g_assert_nonnull (last);
  return gtk_label_get_text (GTK_LABEL (last));
}

/* The result's status as the core words it, read on @store (a person's) */
static char *
status_on (KefuStore *store,
           gint64     assessment,
           gboolean  *provisional)
{
  g_auto(KefuAssessmentResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  kefu_assessment_result (store, assessment, &result, &error);
  g_assert_no_error (error);
  *provisional = result.provisional;
  return kefu_assessment_status (&result);
}

static void
set_scores (GtkWidget    *window,
            const double *scores)
{
  for (guint c = 0; c < 3; c++)
    gtk_spin_button_set_value (kefu_assessment_window_get_score (KEFU_ASSESSMENT_WINDOW (window), c), scores[c]);
}

static void
choose_staff (GtkWidget *window,
              gint64     user_id)
{
  AdwComboRow *staff = ADW_COMBO_ROW (child (window, KEFU_TYPE_ASSESSMENT_WINDOW, "staff_row"));
  GListModel *people = adw_combo_row_get_model (staff);

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (people, i);
      if (kefu_user_get_id (u) == user_id)
        {
          adw_combo_row_set_selected (staff, i);
          return;
        }
    }
  g_error ("user %" G_GINT64_FORMAT " is not offered as a staff rater", user_id);
}

static gboolean
assessment_window_shown (gpointer data)
{
  return find_toplevel (KEFU_TYPE_ASSESSMENT_WINDOW) != NULL;
}

/* A practical scored on the server: the trainer schedules it for the
 * trainee in the window (the default criteria 40/30/30), names the panel
 * (themself, a supervisor and the owners' representative 王某), enters
 * their own sheet and 王某's; the supervisor's sheet is not the trainer's
 * to enter there (no PIN on a server: said, nothing saved); the
 * supervisor enters it signed in at their own desk, and the result is
 * final. Every score read back as the tables' owner. */
static void
test_trainer_scores_a_practical (ServerFixture *f,
                                 gconstpointer  data)
{
  static const double mine[] = { 90, 80, 85 };       /* 36 + 24 + 25.5 = 85.5 */
  static const double wang_sheet[] = { 88, 82, 86 }; /* 35.2 + 24.6 + 25.8 = 85.6 */
  static const double theirs[] = { 85, 80, 84 };     /* 34 + 24 + 25.2 = 83.2 */
  g_autofree char *sql = NULL;
  g_autofree char *status = NULL;
  g_autofree char *message = NULL;
  AdwMessageDialog *dialog;
  GtkDropDown *who;
  GtkWidget *view, *window;
  KefuWindow *desk;
  gint64 trainer, trainee, supervisor, assessment, wang;
  gboolean provisional = FALSE;

  if (f->owner == NULL)
    return;
  sql = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", f->trainer);
  trainer = kefu_test_store_scalar (f->owner, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", f->trainee);
  trainee = kefu_test_store_scalar (f->owner, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", f->supervisor);
  supervisor = kefu_test_store_scalar (f->owner, sql);
  g_clear_pointer (&sql, g_free);

  f->gui.window = kefu_test_server_window (f->spec, f->trainer, "trainer-password-1");
  kefu_window_set_view (f->gui.window, "training");
  view = kefu_window_get_training_view (f->gui.window);
  wait_ms (100);
  g_assert_true (wait_for (training_loaded, view, 30));

  /* New Assessment…: the scenario, the trainee, the default criteria */
  g_signal_emit_by_name (find_descendant (view, GTK_TYPE_BUTTON, _("New _Assessment…")), "clicked");
  g_assert_true (wait_for (message_dialog_shown, NULL, 10));
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_editable_set_text (GTK_EDITABLE (named (GTK_WIDGET (dialog), "scenario")), "电梯困人应急演练");
  who = GTK_DROP_DOWN (find_descendant (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, NULL));
  for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (who)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (gtk_drop_down_get_model (who), i);
      if (kefu_user_get_id (u) == trainee)
        gtk_drop_down_set_selected (who, i);
    }
  adw_message_dialog_response (dialog, "create");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_for (assessment_window_shown, NULL, 10));
  window = find_toplevel (KEFU_TYPE_ASSESSMENT_WINDOW);
  assessment = kefu_test_store_scalar (f->owner, "SELECT max(id) FROM assessments WHERE scenario = '电梯困人应急演练'");
  g_assert_cmpint (assessment, >, 0);
  sql = g_strdup_printf ("SELECT trainee_id FROM assessments WHERE id = %" G_GINT64_FORMAT, assessment);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, trainee);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) * 1000 + sum(weight) FROM assessment_criteria WHERE assessment_id = %"
                         G_GINT64_FORMAT, assessment);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 3100);
  g_clear_pointer (&sql, g_free);

  /* the panel: the trainer, the supervisor, 王某 */
  choose_staff (window, trainer);
  g_assert_true (gtk_widget_activate_action (window, "assessment.add-rater", NULL));
  choose_staff (window, supervisor);
  g_assert_true (gtk_widget_activate_action (window, "assessment.add-rater", NULL));
  gtk_editable_set_text (GTK_EDITABLE (child (window, KEFU_TYPE_ASSESSMENT_WINDOW, "external_name_row")), "王某");
  g_assert_true (gtk_widget_activate_action (window, "assessment.add-external", NULL));
  g_assert_cmpuint (count_named (window, "panel-member"), ==, 3);
  /* (no PIN on a server: the panel says how its staff score) */
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (child (window, KEFU_TYPE_ASSESSMENT_WINDOW,
                                                                                     "panel_group"))), ==,
                   _("The raters of this assessment. Staff raters enter their own scores, each signed in at their own "
                     "desk; an external rater’s scores are entered by the trainer, who vouches for them."));
  sql = g_strdup_printf ("SELECT count(*) FROM assessment_panel WHERE assessment_id = %" G_GINT64_FORMAT, assessment);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 2);
  g_clear_pointer (&sql, g_free);
  wang = kefu_test_store_scalar (f->owner, "SELECT id FROM assessment_external_raters WHERE name = '王某'");
  g_assert_cmpint (wang, >, 0);

  /* the trainer's own sheet and 王某's, entered by the trainer */
  g_assert_true (kefu_assessment_window_set_rater (KEFU_ASSESSMENT_WINDOW (window), trainer, 0));
  set_scores (window, mine);
  g_assert_true (gtk_widget_activate_action (window, "assessment.save", NULL));
  g_assert_true (kefu_assessment_window_set_rater (KEFU_ASSESSMENT_WINDOW (window), 0, wang));
  set_scores (window, wang_sheet);
  g_assert_true (gtk_widget_activate_action (window, "assessment.save", NULL));
  sql = g_strdup_printf ("SELECT count(*) * 1000 + sum(score) FROM assessment_scores WHERE assessment_id = %" G_GINT64_FORMAT
                         " AND rater_id = %" G_GINT64_FORMAT " AND rater_role = 'trainer'", assessment, trainer);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 3000 + 90 + 80 + 85);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) * 1000 + sum(score) FROM assessment_external_scores WHERE external_id = %"
                         G_GINT64_FORMAT " AND entered_by = %" G_GINT64_FORMAT, wang, trainer);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 3000 + 88 + 82 + 86);
  g_clear_pointer (&sql, g_free);

  /* the supervisor's sheet: theirs to enter, at their own desk */
  g_assert_true (kefu_assessment_window_set_rater (KEFU_ASSESSMENT_WINDOW (window), supervisor, 0));
  set_scores (window, theirs);
  g_assert_true (gtk_widget_activate_action (window, "assessment.save", NULL));
  wait_ms (100);
  g_assert_null (find_toplevel (KEFU_TYPE_PIN_DIALOG));
  message = g_strdup_printf (_("On a server each rater enters their own sheet, signed in as themself: %s scores at "
                               "their own desk."), "主管老钱");
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (child (window, KEFU_TYPE_ASSESSMENT_WINDOW,
                                                                                          "result_group"))), ==, message);
  sql = g_strdup_printf ("SELECT count(*) FROM assessment_scores WHERE rater_id = %" G_GINT64_FORMAT, supervisor);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 0);
  g_clear_pointer (&sql, g_free);
  status = status_on (kefu_window_get_store (f->gui.window), assessment, &provisional);
  g_assert_true (provisional);
  g_assert_cmpstr (row_value (named (window, "result-status")), ==, status);
  wait_ms (100);
  save_screenshot (window, "server-assessment-provisional");
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (f->gui.window));
  f->gui.window = NULL;
  wait_ms (100);

  /* the supervisor at their desk: the same assessment, their own sheet */
  desk = kefu_test_server_window (f->spec, f->supervisor, "supervisor-password-1");
  f->gui.window = desk;
  kefu_window_set_view (desk, "training");
  view = kefu_window_get_training_view (desk);
  wait_ms (100);
  g_assert_true (wait_for (training_loaded, view, 30));
  window = GTK_WIDGET (kefu_training_view_show_assessment (KEFU_TRAINING_VIEW (view), assessment));
  g_assert_nonnull (window);
  g_assert_cmpuint (count_named (window, "panel-member"), ==, 3);
  g_assert_true (kefu_assessment_window_set_rater (KEFU_ASSESSMENT_WINDOW (window), supervisor, 0));
  set_scores (window, theirs);
  g_assert_true (gtk_widget_activate_action (window, "assessment.save", NULL));
  wait_ms (100);
  g_assert_null (find_toplevel (KEFU_TYPE_PIN_DIALOG));
  sql = g_strdup_printf ("SELECT count(*) * 1000 + sum(score) FROM assessment_scores WHERE assessment_id = %" G_GINT64_FORMAT
                         " AND rater_id = %" G_GINT64_FORMAT " AND rater_role = 'supervisor'", assessment, supervisor);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 3000 + 85 + 80 + 84);
  g_clear_pointer (&sql, g_free);
  /* every rater in and within 15 points: final, (85.5 + 85.6 + 83.2) / 3 = 84.77 */
  g_clear_pointer (&status, g_free);
  status = status_on (kefu_window_get_store (desk), assessment, &provisional);
  g_assert_false (provisional);
  g_assert_cmpstr (row_value (named (window, "result-status")), ==, status);
  g_assert_true (gtk_widget_has_css_class (named (window, "result-status"), "final"));
  /* each first score kept in the history: three sheets of three */
  sql = g_strdup_printf ("SELECT count(*) FROM assessment_score_history WHERE assessment_id = %" G_GINT64_FORMAT, assessment);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 9);
  wait_ms (100);
  save_screenshot (window, "server-assessment-final");
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;
  g_test_add ("/gui/server/trainer-imports-and-exports", ServerFixture, NULL, server_setup,
              test_trainer_imports_and_exports, server_teardown);
  g_test_add ("/gui/server/trainer-scores-a-practical", ServerFixture, NULL, server_setup,
              test_trainer_scores_a_practical, server_teardown);
  g_test_add ("/gui/server/trainee-sits-a-paper", ServerFixture, NULL, server_setup, test_trainee_sits_a_paper,
              server_teardown);
  return g_test_run ();
}
