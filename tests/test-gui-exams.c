/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-exams.c — the training screens as a trainee drives them (exams,
 * practice, rating a course, a result), under Xvfb
 *
 * Runs once in English and once in zh_CN (see meson.build) and leaves
 * screenshots in $KEFU_SCREENSHOT_DIR (or _build/screenshots).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "kefu-application.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-exam.h"
#include "kefu-exam-window.h"
#include "kefu-grading-window.h"
#include "kefu-pin-dialog.h"
#include "kefu-user-chooser.h"
#include "kefu-auth.h"
#include "kefu-key-in-dialog.h"
#include "kefu-exam-stats-window.h"
#include "kefu-chart-view.h"
#include "kefu-item-stats.h"
#include "kefu-paper-dialog.h"
#include "kefu-assessment.h"
#include "kefu-assessment-window.h"
#include "kefu-attempt-window.h"
#include "kefu-exam-admin.h"
#include "kefu-question-list-window.h"
#include "kefu-cohort-window.h"
#include "kefu-practice.h"
#include "kefu-practice-window.h"
#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-test-gui-training.h"
#include "kefu-test-gui-trainer.h"
#include "kefu-training-list.h"
#include "kefu-training-view.h"
#include "kefu-window.h"
#include "kefu-write.h"

/* An agent who sat the demo paper once: one attempt of two is left. */
static char *
agent_with_one_attempt (Fixture *f,
                        guint    nth)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT u.id FROM users u WHERE u.role = 'agent' AND "
    "(SELECT count(*) FROM attempts a WHERE a.user_id = u.id) = 1 ORDER BY u.id LIMIT 1 OFFSET %u", nth);
  gint64 id = kefu_test_scalar (f->path, sql);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(KefuUser) user = NULL;

  g_assert_cmpint (id, >, 0);
  user = kefu_desk_get_user (store, id, &error);
  g_assert_no_error (error);
  return g_strdup (kefu_user_get_login (user));
}

static KefuExamWindow *
press_exam_button (GtkWidget  *view,
                   const char *label)
{
  GtkWidget *button = find_descendant (view, GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  wait_ms (100);
  /* Start asks first (it uses an attempt and starts the clock); Resume does not */
  if (find_toplevel (KEFU_TYPE_EXAM_WINDOW) == NULL)
    {
      AdwMessageDialog *confirm = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

      g_assert_nonnull (confirm);
      g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (confirm)), ==, "confirm-start");
      g_assert_cmpstr (label, ==, _("_Start"));
      save_screenshot (GTK_WIDGET (confirm), "exam-confirm-start");
      adw_message_dialog_response (confirm, "start");
      gtk_window_destroy (GTK_WINDOW (confirm));
      wait_ms (100);
    }
  g_assert_nonnull (find_toplevel (KEFU_TYPE_EXAM_WINDOW));
  return KEFU_EXAM_WINDOW (find_toplevel (KEFU_TYPE_EXAM_WINDOW));
}

/* The answer the test gives to @item: right or wrong, in the question's
 * own terms (what the core should have saved). */
static char *
chosen_answer (const KefuAttemptItem *item,
               gboolean               right)
{
  const KefuQuestion *q = item->question;
  g_autofree char *letters = NULL;

  switch (q->type)
    {
    case KEFU_QUESTION_TRUE_FALSE:
      return g_strdup (q->answer_true == right ? "true" : "false");
    case KEFU_QUESTION_SHORT_ANSWER:
      return g_strdup (right ? q->options->pdata[0] : "不知道");
    case KEFU_QUESTION_CASE_ANALYSIS:
      return g_strdup ("先安抚业主，再核实原因。");
    default:
      letters = kefu_question_right_letters (q);
      if (right)
        return g_steal_pointer (&letters);
      /* the first choice that is not right */
      for (guint i = 0; i < q->options->len; i++)
        if (strchr (letters, 'A' + i) == NULL)
          return g_strdup_printf ("%c", 'A' + i);
      g_assert_not_reached ();
    }
}

static const char *
chosen_answer_first (const KefuAttemptItem *item)
{
  return item->question->type == KEFU_QUESTION_TRUE_FALSE ? "true" : "A";
}

/* Gives @answer to the question on screen through its widgets: clicks the
 * choices shown (true/false by the number keys' action), types text. */
static void
answer_on_screen (KefuExamWindow        *window,
                  const KefuAttemptItem *item,
                  const char            *answer)
{
  GtkWidget *box = child (window, KEFU_TYPE_EXAM_WINDOW, "answer_box");
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  collect (box, GTK_TYPE_CHECK_BUTTON, NULL, checks);
  switch (item->question->type)
    {
    case KEFU_QUESTION_TRUE_FALSE:
      g_assert_cmpuint (checks->len, ==, 2);
      gtk_widget_activate_action (GTK_WIDGET (window), "exam.choose", "i", g_str_equal (answer, "true") ? 1 : 2);
      break;
    case KEFU_QUESTION_SINGLE_CHOICE:
    case KEFU_QUESTION_MULTIPLE_CHOICE:
      {
        g_autofree char *shown = kefu_attempt_item_to_shown (item, answer);
        g_assert_cmpuint (checks->len, ==, item->option_order->len);
        for (const char *p = shown; *p != '\0'; p++)
          gtk_widget_activate (checks->pdata[*p - 'A']);
      }
      break;
    default:
      {
        GtkWidget *entry = find_descendant (box, GTK_TYPE_ENTRY, NULL);
        if (entry != NULL)
          gtk_editable_set_text (GTK_EDITABLE (entry), answer);
        else
          gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_descendant (box, GTK_TYPE_TEXT_VIEW, NULL))),
                                    answer, -1);
      }
      break;
    }
  wait_ms (20);
}

/* What the screen shows as given for the question on screen, in the
 * question's own terms. */
static char *
answer_shown (KefuExamWindow        *window,
              const KefuAttemptItem *item)
{
  GtkWidget *box = child (window, KEFU_TYPE_EXAM_WINDOW, "answer_box");
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  GString *s = g_string_new (NULL);

  collect (box, GTK_TYPE_CHECK_BUTTON, NULL, checks);
  if (item->question->type == KEFU_QUESTION_TRUE_FALSE)
    {
      g_string_free (s, TRUE);
      return g_strdup (gtk_check_button_get_active (checks->pdata[0]) ? "true"
                       : gtk_check_button_get_active (checks->pdata[1]) ? "false" : "");
    }
  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      g_string_append_c (s, 'A' + i);
  {
    g_autofree char *shown = g_string_free (s, FALSE);
    g_autofree char *own = kefu_attempt_item_from_shown (item, shown);
    return kefu_answer_canonical (item->question, own, NULL);
  }
}

static guint
nav_with_class (KefuExamWindow *window,
                const char     *css_class)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  guint n = 0;

  collect (child (window, KEFU_TYPE_EXAM_WINDOW, "navigator"), GTK_TYPE_BUTTON, NULL, buttons);
  for (guint i = 0; i < buttons->len; i++)
    n += gtk_widget_has_css_class (buttons->pdata[i], css_class);
  return n;
}

/* A trainee sits the demo paper: answers through the widgets (right for
 * some, wrong for others), flags one, closes the window half way,
 * resumes with the answers still there, submits with one question left
 * unanswered, and sees the result the core computes. */
static void
test_exam_start_to_result (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *login = agent_with_one_attempt (f, 0);
  GtkWidget *view = open_training (f, login);
  KefuStore *store = kefu_window_get_store (f->window);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) given = g_ptr_array_new_with_free_func (g_free);
  g_auto(KefuExamSettings) settings = { 0 };
  g_auto(KefuAttemptInfo) info = { 0 };
  KefuExamWindow *window;
  AdwMessageDialog *dialog;
  g_autofree char *expected_body = NULL;
  g_autofree char *expected_result = NULL;
  double expected_score = 0, expected_max = 0;
  gint64 attempt;
  guint n, half, unanswered;

  save_screenshot (GTK_WIDGET (f->window), "training-trainee");
  window = press_exam_button (view, _("_Start"));
  attempt = kefu_exam_window_get_attempt_id (window);
  items = kefu_attempt_items (store, attempt, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_attempt_get_info (store, attempt, &info, &error));
  g_assert_true (kefu_exam_load (store, info.exam_id, &settings, &error));
  n = items->len;
  g_assert_cmpuint (n, ==, 20);
  half = n / 2;
  unanswered = n;   /* the last question is left unanswered */

  /* the first half: every third answer wrong; question 3 flagged */
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (given, i + 1 < unanswered ? chosen_answer (items->pdata[i], i % 3 != 1) : NULL);
  for (guint i = 0; i < half; i++)
    {
      g_assert_cmpuint (kefu_exam_window_get_position (window), ==, i + 1);
      answer_on_screen (window, items->pdata[i], given->pdata[i]);
      if (i == 2)
        g_signal_emit_by_name (child (window, KEFU_TYPE_EXAM_WINDOW, "flag_button"), "clicked");
      gtk_widget_activate_action (GTK_WIDGET (window), "exam.next", NULL);
    }
  g_assert_cmpuint (nav_with_class (window, "exam-answered"), ==, half);
  g_assert_cmpuint (nav_with_class (window, "exam-flagged"), ==, 1);
  save_screenshot (GTK_WIDGET (window), "exam");

  /* each answer was saved the moment it was given */
  {
    g_autoptr(GPtrArray) saved = kefu_attempt_items (store, attempt, &error);
    for (guint i = 0; i < half; i++)
      {
        KefuAttemptItem *item = saved->pdata[i];
        g_assert_cmpstr (item->answer, ==, given->pdata[i]);
        g_assert_true (item->flagged == (i == 2));
      }
    g_assert_null (((KefuAttemptItem *) saved->pdata[half])->answer);
  }

  /* closing mid-exam keeps the attempt; the view offers Resume */
  gtk_window_close (GTK_WINDOW (window));
  wait_ms (100);
  g_assert_null (find_toplevel (KEFU_TYPE_EXAM_WINDOW));
  g_assert_true (wait_for (view_idle, view, 30));
  g_assert_cmpint (kefu_attempt_find_open (store, info.exam_id, info.user_id, &error), ==, attempt);
  save_screenshot (GTK_WIDGET (f->window), "training-resume");
  window = press_exam_button (view, _("_Resume"));
  g_assert_cmpint (kefu_exam_window_get_attempt_id (window), ==, attempt);
  /* resumed at the first unanswered question, the answers still on screen */
  g_assert_cmpuint (kefu_exam_window_get_position (window), ==, half + 1);
  g_assert_cmpuint (nav_with_class (window, "exam-answered"), ==, half);
  for (guint i = 0; i < half; i++)
    {
      g_autofree char *shown = NULL;

      kefu_exam_window_go_to (window, i + 1);
      shown = answer_shown (window, items->pdata[i]);
      g_assert_cmpstr (shown, ==, given->pdata[i]);
      g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child (window, KEFU_TYPE_EXAM_WINDOW, "flag_button"))) == (i == 2));
    }

  /* the second half, by the navigator's buttons; the last one left out */
  for (guint i = half; i + 1 < unanswered; i++)
    {
      kefu_exam_window_go_to (window, i + 1);
      answer_on_screen (window, items->pdata[i], given->pdata[i]);
    }
  g_assert_cmpuint (nav_with_class (window, "exam-answered"), ==, n - 1);

  /* ten minutes reading a question: the idle lock never interrupts an exam */
  kefu_window_set_idle_minutes (f->window, 5);
  kefu_window_set_last_activity (f->window, g_get_monotonic_time () - 10 * 60 * G_USEC_PER_SEC);
  g_assert_true (kefu_window_has_exam_in_progress (f->window));
  g_assert_false (kefu_window_check_idle (f->window));
  g_assert_false (kefu_window_is_locked (f->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* the confirmation counts what is unanswered */
  gtk_widget_activate_action (GTK_WIDGET (window), "exam.submit", NULL);
  g_assert_true (wait_for (message_dialog_shown, NULL, 5));
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  expected_body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u of %u questions is not answered; it scores nothing. Answers cannot be changed after submitting.",
                                                "%u of %u questions are not answered; they score nothing. Answers cannot be changed after submitting.",
                                                1), 1u, n);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, expected_body);
  save_screenshot (GTK_WIDGET (dialog), "exam-submit");
  adw_message_dialog_response (dialog, "submit");
  wait_ms (100);
  g_assert_true (kefu_exam_window_is_finished (window));

  /* the result equals what the core computes from the answers given */
  for (guint i = 0; i < n; i++)
    {
      KefuAttemptItem *item = items->pdata[i];
      gboolean correct;
      double s = kefu_question_score (item->question, given->pdata[i], settings.scoring, &correct);
      expected_score += s * item->max_score / item->question->points;
      expected_max += item->max_score;
    }
  kefu_attempt_info_clear (&info);
  g_assert_true (kefu_attempt_get_info (store, attempt, &info, &error));
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_GRADED);
  g_assert_cmpfloat_with_epsilon (info.score, expected_score, 1e-9);
  g_assert_cmpfloat_with_epsilon (info.max_score, expected_max, 1e-9);
  g_assert_true (info.passed == (100 * expected_score / expected_max >= settings.pass_mark));
  expected_result = g_strdup_printf (_("Score %g of %g (%.0f%%). The pass mark is %.0f%%."),
                                     expected_score, expected_max, 100 * expected_score / expected_max, settings.pass_mark);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (window, KEFU_TYPE_EXAM_WINDOW, "result_description"))),
                   ==, expected_result);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (window, KEFU_TYPE_EXAM_WINDOW, "result_title"))),
                   ==, info.passed ? _("Passed") : _("Not Passed"));
  /* the demo paper allows the full review: a row per question */
  g_assert_cmpint (settings.review, ==, KEFU_REVIEW_FULL);
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    collect (child (window, KEFU_TYPE_EXAM_WINDOW, "review_list"), ADW_TYPE_ACTION_ROW, NULL, rows);
    g_assert_cmpuint (rows->len, ==, n);
  }
  save_screenshot (GTK_WIDGET (window), "exam-result");
  /* submitted: now the idle desk locks, the result window with it */
  kefu_window_set_last_activity (f->window, g_get_monotonic_time () - 10 * 60 * G_USEC_PER_SEC);
  g_assert_false (kefu_window_has_exam_in_progress (f->window));
  g_assert_true (kefu_window_check_idle (f->window));
  g_assert_true (kefu_window_is_locked (f->window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  {
    GtkWidget *chooser = child (f->window, KEFU_TYPE_WINDOW, "user_chooser");

    gtk_editable_set_text (GTK_EDITABLE (child (chooser, KEFU_TYPE_USER_CHOOSER, "pin_row")), KEFU_DEMO_PIN);
    g_assert_true (gtk_widget_activate_action (chooser, "chooser.sign-in", NULL));
  }
  g_assert_false (kefu_window_is_locked (f->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_for (view_idle, view, 30));
  /* both attempts used: no Start, no Resume */
  g_assert_null (find_descendant (view, GTK_TYPE_BUTTON, _("_Start")));
  g_assert_null (find_descendant (view, GTK_TYPE_BUTTON, _("_Resume")));
}

/* The timer warns in the last five minutes and submits at time-out. */
static void
test_exam_time_out (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *login = agent_with_one_attempt (f, 1);
  GtkWidget *view = open_training (f, login);
  KefuStore *store = kefu_window_get_store (f->window);
  g_auto(KefuAttemptInfo) info = { 0 };
  KefuExamWindow *window;
  GtkWidget *timer;
  g_autoptr(GPtrArray) items = NULL;
  gint64 attempt;

  window = press_exam_button (view, _("_Start"));
  attempt = kefu_exam_window_get_attempt_id (window);
  g_assert_true (kefu_attempt_get_info (store, attempt, &info, &error));
  g_assert_cmpint (info.deadline_at, ==, TEST_NOW + 60 * 60);
  timer = child (window, KEFU_TYPE_EXAM_WINDOW, "timer_label");
  g_assert_false (gtk_widget_has_css_class (timer, "exam-timer-warning"));
  items = kefu_attempt_items (store, attempt, &error);
  g_assert_no_error (error);
  answer_on_screen (window, items->pdata[0], chosen_answer_first (items->pdata[0]));

  kefu_store_set_now (store, info.deadline_at - 4 * 60);
  kefu_exam_window_check_time (window);
  g_assert_true (gtk_widget_has_css_class (timer, "exam-timer-warning"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (timer)), "04:00"));
  save_screenshot (GTK_WIDGET (window), "exam-last-minutes");

  kefu_store_set_now (store, info.deadline_at + 1);
  kefu_exam_window_check_time (window);
  g_assert_true (kefu_exam_window_is_finished (window));
  kefu_attempt_info_clear (&info);
  g_assert_true (kefu_attempt_get_info (store, attempt, &info, &error));
  g_assert_cmpint (info.state, !=, KEFU_ATTEMPT_IN_PROGRESS);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (window, KEFU_TYPE_EXAM_WINDOW, "result_description"))),
                            _("Time ran out: the answers saved were submitted.")));
  gtk_window_close (GTK_WINDOW (window));
}

/* Time runs out on a paper with a written answer: the message gives the
 * objective part's score of the objective part's maximum (not of the
 * paper's, which includes the written answer's points). */
static void
test_exam_time_out_objective_maximum (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view = open_training (f, "chenjing");
  KefuStore *store = kefu_window_get_store (f->window);
  g_auto(KefuExamSettings) settings = { 0 };
  g_auto(KefuAttemptInfo) info = { 0 };
  g_autoptr(GPtrArray) items = NULL;
  gint64 me = kefu_store_get_actor (store);
  gint64 trainer = kefu_test_scalar (f->path, "SELECT id FROM users WHERE login = 'guohong'");
  gint64 written = kefu_test_scalar (f->path, "SELECT min(id) FROM questions WHERE type = 'case_analysis' AND NOT retired");
  gint64 tf1 = kefu_test_scalar (f->path, "SELECT min(id) FROM questions WHERE type = 'true_false' AND NOT retired");
  gint64 tf2 = kefu_test_scalar (f->path, "SELECT max(id) FROM questions WHERE type = 'true_false' AND NOT retired");
  double objective_max = kefu_test_scalar (f->path, "SELECT sum(points) FROM questions WHERE id IN "
                                                    "((SELECT min(id) FROM questions WHERE type = 'true_false' AND NOT retired), "
                                                    " (SELECT max(id) FROM questions WHERE type = 'true_false' AND NOT retired))");
  double right_points = 0;
  g_autofree char *expected = NULL;
  KefuExamWindow *window;
  gint64 exam;

  kefu_store_set_actor (store, trainer);
  kefu_exam_settings_init (&settings);
  settings.name = g_strdup ("限时案例测验");
  settings.time_limit_min = 10;
  settings.shuffle_questions = FALSE;
  exam = kefu_exam_create (store, &settings, &error);
  g_assert_true (kefu_exam_add_question (store, exam, tf1, &error));
  g_assert_true (kefu_exam_add_question (store, exam, tf2, &error));
  g_assert_true (kefu_exam_add_question (store, exam, written, &error));
  g_assert_true (kefu_exam_publish (store, exam, &error));
  g_assert_true (kefu_exam_assign (store, exam, me, TEST_NOW - 3600, TEST_NOW + 86400, &error));
  g_assert_no_error (error);
  kefu_store_set_actor (store, me);

  window = KEFU_EXAM_WINDOW (kefu_training_view_take_exam (KEFU_TRAINING_VIEW (view), exam));
  g_assert_nonnull (window);
  items = kefu_attempt_items (store, kefu_exam_window_get_attempt_id (window), &error);
  g_assert_no_error (error);
  /* the first true/false right, the second left open, the written answer written */
  g_assert_true (kefu_attempt_save_answer (store, kefu_exam_window_get_attempt_id (window), 1,
                                           ((KefuAttemptItem *) items->pdata[0])->question->answer_true ? "true" : "false", &error));
  right_points = ((KefuAttemptItem *) items->pdata[0])->max_score;
  g_assert_true (kefu_attempt_save_answer (store, kefu_exam_window_get_attempt_id (window), 3, "先安抚业主，再核实原因。", &error));
  g_assert_true (kefu_attempt_get_info (store, kefu_exam_window_get_attempt_id (window), &info, &error));
  kefu_store_set_now (store, info.deadline_at + 1);
  kefu_exam_window_check_time (window);
  g_assert_true (kefu_exam_window_is_finished (window));
  expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Objective questions: %g of %g points. %u written answer waits for the trainer's grade against the rubric; the final result follows.",
                                           "Objective questions: %g of %g points. %u written answers wait for the trainer's grade against the rubric; the final result follows.",
                                           1),
                              right_points, objective_max, 1u);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (window, KEFU_TYPE_EXAM_WINDOW, "result_description"))),
                            expected));
  save_screenshot (GTK_WIDGET (window), "exam-time-out-objective");
  gtk_window_close (GTK_WINDOW (window));
}

/* Clicks the choices (or types the text) of @answer in the practice
 * window, where choices show in the question's own order. */
static void
practice_answer (GtkWidget          *window,
                 const KefuQuestion *q,
                 const char         *answer)
{
  GtkWidget *box = child (window, KEFU_TYPE_PRACTICE_WINDOW, "answer_box");
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  collect (box, GTK_TYPE_CHECK_BUTTON, NULL, checks);
  if (q->type == KEFU_QUESTION_SHORT_ANSWER)
    gtk_editable_set_text (GTK_EDITABLE (find_descendant (box, GTK_TYPE_ENTRY, NULL)), answer);
  else if (q->type == KEFU_QUESTION_TRUE_FALSE)
    gtk_widget_activate (checks->pdata[g_str_equal (answer, "true") ? 0 : 1]);
  else
    for (const char *p = answer; *p != '\0'; p++)
      gtk_widget_activate (checks->pdata[*p - 'A']);
}

/* A trainee with wrong answers due practises: a right answer moves the
 * question one Leitner box on, a wrong one keeps it in box 1 for
 * tomorrow; each shows the verdict and the explanation. */
static void
test_practice_right_and_wrong (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 user_id, due_before;
  g_autofree char *login = NULL;
  g_autoptr(KefuUser) user = NULL;
  GtkWidget *view, *window;
  KefuStore *store;
  g_autoptr(GArray) due = NULL;
  KefuPracticeCard card;

  user_id = kefu_test_scalar (f->path, "SELECT user_id FROM practice_queue q JOIN users u ON u.id = q.user_id "
                                       "WHERE u.role = 'agent' GROUP BY user_id HAVING count(*) >= 2 ORDER BY user_id LIMIT 1");
  g_assert_cmpint (user_id, >, 0);
  {
    g_autoptr(KefuStore) s = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
    user = kefu_desk_get_user (s, user_id, &error);
    login = g_strdup (kefu_user_get_login (user));
  }
  view = open_training (f, login);
  store = kefu_window_get_store (f->window);
  due = kefu_practice_due (store, user_id, TEST_NOW, &error);
  g_assert_no_error (error);
  due_before = due->len;
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u question you answered wrong is due today.",
                                                          "%u questions you answered wrong are due today.", due->len),
                                             due->len);
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    gboolean shown = FALSE;

    collect (view, ADW_TYPE_ACTION_ROW, NULL, rows);
    for (guint i = 0; i < rows->len; i++)
      shown |= g_strcmp0 (adw_action_row_get_subtitle (rows->pdata[i]), text) == 0;
    g_assert_true (shown);
  }
  g_signal_emit_by_name (find_descendant (view, GTK_TYPE_BUTTON, _("_Practise")), "clicked");
  wait_ms (50);
  window = find_toplevel (KEFU_TYPE_PRACTICE_WINDOW);
  g_assert_nonnull (window);

  for (guint i = 0; i < 2; i++)
    {
      gint64 qid = g_array_index (due, KefuPracticeCard, i).question_id;
      g_autoptr(KefuQuestion) q = kefu_question_load (store, qid, &error);
      gboolean right = i == 0;
      g_autofree char *letters = NULL;
      const char *answer;

      if (q->type == KEFU_QUESTION_TRUE_FALSE)
        answer = (q->answer_true == right) ? "true" : "false";
      else if (q->type == KEFU_QUESTION_SHORT_ANSWER)
        answer = right ? q->options->pdata[0] : "不知道";
      else
        {
          letters = kefu_question_right_letters (q);
          if (!right)
            {
              char wrong[2] = { strchr (letters, 'A') == NULL ? 'A' : strchr (letters, 'B') == NULL ? 'B' : 'C', 0 };
              g_free (letters);
              letters = g_strdup (wrong);
            }
          answer = letters;
        }
      practice_answer (window, q, answer);
      gtk_widget_activate_action (window, "practice.check", NULL);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (window, KEFU_TYPE_PRACTICE_WINDOW, "verdict_label"))), ==,
                       right ? _("Right") : _("Wrong"));
      g_assert_true (gtk_widget_get_visible (child (window, KEFU_TYPE_PRACTICE_WINDOW, "explanation_label")));
      /* the choices say which were right: ✓ on the right ones, ✗ on a wrong one ticked */
      if (q->type != KEFU_QUESTION_SHORT_ANSWER)
        {
          g_autoptr(GPtrArray) checks = g_ptr_array_new ();
          guint n_right = 0, n_wrong = 0;

          collect (window, GTK_TYPE_CHECK_BUTTON, NULL, checks);
          for (guint k = 0; k < checks->len; k++)
            {
              n_right += gtk_widget_has_css_class (checks->pdata[k], "success");
              n_wrong += gtk_widget_has_css_class (checks->pdata[k], "error");
            }
          g_assert_cmpuint (n_right, >=, 1);
          g_assert_cmpuint (n_wrong, ==, right ? 0 : 1);
        }
      g_assert_true (kefu_practice_get_card (store, user_id, qid, &card, &error));
      g_assert_cmpuint (card.box, ==, right ? 2 : 1);
      g_assert_cmpint (card.due_at, ==, TEST_NOW + kefu_practice_interval_days (card.box) * 86400);
      if (i == 0)
        save_screenshot (window, "practice");
      gtk_widget_activate_action (window, "practice.next", NULL);
    }
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_for (view_idle, view, 30));
  g_clear_pointer (&due, g_array_unref);
  due = kefu_practice_due (store, user_id, TEST_NOW, &error);
  g_assert_cmpint (due->len, ==, due_before - 2);
}

/* An agent rates a course they took: the four answers and the comment are
 * saved as theirs (not keyed in), and the row then says Answered. */
static void
test_trainee_rates_course (Fixture       *f,
                           gconstpointer  data)
{
  /* an agent of a finished cohort of the sample who has not answered its survey */
  g_autofree char *user_sql = g_strdup_printf (
      "SELECT m.user_id FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id "
      "WHERE c.ends_at <= %" G_GINT64_FORMAT " AND NOT EXISTS (SELECT 1 FROM cohort_surveys v WHERE v.cohort_id = m.cohort_id "
      "AND v.user_id = m.user_id) ORDER BY m.cohort_id, m.user_id LIMIT 1", TEST_NOW);
  gint64 user = kefu_test_scalar (f->path, user_sql);
  g_autofree char *cohort_sql = g_strdup_printf (
      "SELECT m.cohort_id FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id WHERE m.user_id = %" G_GINT64_FORMAT
      " AND c.ends_at <= %" G_GINT64_FORMAT " AND NOT EXISTS (SELECT 1 FROM cohort_surveys v WHERE v.cohort_id = m.cohort_id "
      "AND v.user_id = m.user_id) ORDER BY m.cohort_id LIMIT 1", user, TEST_NOW);
  gint64 cohort = kefu_test_scalar (f->path, cohort_sql);
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autofree char *saved_sql = NULL;
  const int answers[4] = { 4, 5, 3, 4 };
  GtkWidget *view, *dialog;
  char login[64];

  g_assert_cmpint (user, >, 0);
  {
    g_autofree char *found = kefu_test_other_row_text (f->path, "SELECT login FROM users WHERE id = ?1", KEFU_TEST_INT (user));

    g_strlcpy (login, found, sizeof login);
  }
  view = open_training (f, login);
  g_assert_cmpuint (count_named (view, "my-cohort-row"), >, 0);
  /* an agent sees no cohort reports */
  g_assert_cmpuint (count_named (view, "cohort-row"), ==, 0);
  g_assert_true (gtk_widget_activate_action (view, "training.survey", "x", cohort));
  g_assert_true (wait_for (message_dialog_shown, NULL, 5));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  collect (dialog, GTK_TYPE_SPIN_BUTTON, NULL, spins);
  g_assert_cmpuint (spins->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    gtk_spin_button_set_value (spins->pdata[i], answers[i]);
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (dialog, GTK_TYPE_ENTRY, NULL)), "案例再多一些");
  save_screenshot (dialog, "cohort-survey");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  wait_ms (50);
  saved_sql = g_strdup_printf ("SELECT usefulness * 1000 + trainer * 100 + format * 10 + organisation FROM cohort_surveys "
                               "WHERE cohort_id = %" G_GINT64_FORMAT " AND user_id = %" G_GINT64_FORMAT
                               " AND keyed_by IS NULL AND comment = '案例再多一些'", cohort, user);
  g_assert_cmpint (kefu_test_scalar (f->path, saved_sql), ==, 4534);
  g_assert_true (wait_for (view_idle, view, 30));
  wait_ms (100);
  /* the row now says so, and offers no second survey */
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    guint answered = 0;

    collect (view, GTK_TYPE_LABEL, NULL, labels);
    for (guint i = 0; i < labels->len; i++)
      answered += g_strcmp0 (gtk_label_get_text (labels->pdata[i]), _("Answered")) == 0;
    g_assert_cmpuint (answered, >=, 1);
  }
}


static gboolean
answers_saved (gpointer data)
{
  return !kefu_wait_bar_is_waiting (data);
}

/* Answers given while another program holds the database's write lock wait
 * in the window, which says so and does not close; once the lock is let go
 * they are saved, in order, each once. */
static void
test_exam_answers_wait_for_lock (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *login = agent_with_one_attempt (f, 0);
  GtkWidget *view = open_training (f, login);
  KefuStore *store = kefu_window_get_store (f->window);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) given = g_ptr_array_new_with_free_func (g_free);
  KefuExamWindow *window;
  GtkWidget *bar;
  g_autoptr(KefuStore) other = NULL;
  gint64 attempt;
  g_autofree char *count = NULL;

  window = press_exam_button (view, _("_Start"));
  attempt = kefu_exam_window_get_attempt_id (window);
  items = kefu_attempt_items (store, attempt, &error);
  g_assert_no_error (error);
  bar = child (window, KEFU_TYPE_EXAM_WINDOW, "wait_bar");
  count = g_strdup_printf ("SELECT count(*) FROM attempt_answers WHERE attempt_id = %" G_GINT64_FORMAT
                           " AND answer IS NOT NULL", attempt);

  /* another program writes; the trainee answers three questions */
  other = kefu_test_other_store_for (f->path);
  g_assert_true (kefu_store_begin (other, &error));   /* BEGIN IMMEDIATE: the write lock, held */
  kefu_test_exec (other, "INSERT INTO settings (key, value) VALUES ('other_program', 'x')");
  for (guint i = 0; i < 3; i++)
    {
      g_ptr_array_add (given, chosen_answer (items->pdata[i], TRUE));
      answer_on_screen (window, items->pdata[i], given->pdata[i]);
      gtk_widget_activate_action (GTK_WIDGET (window), "exam.next", NULL);
    }
  g_assert_true (kefu_wait_bar_is_waiting (KEFU_WAIT_BAR (bar)));
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_cmpint (kefu_test_scalar (f->path, count), ==, 0);
  /* closing does not lose them: the window stays */
  gtk_window_close (GTK_WINDOW (window));
  wait_ms (200);
  g_assert_true (find_toplevel (KEFU_TYPE_EXAM_WINDOW) == GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "exam-waiting");

  g_assert_true (kefu_store_commit (other, &error));
  g_clear_object (&other);
  g_assert_true (wait_for (answers_saved, bar, 10));
  g_assert_cmpint (kefu_test_scalar (f->path, count), ==, 3);
  {
    g_autoptr(GPtrArray) saved = kefu_attempt_items (store, attempt, &error);
    for (guint i = 0; i < 3; i++)
      g_assert_cmpstr (((KefuAttemptItem *) saved->pdata[i])->answer, ==, given->pdata[i]);
  }
  g_assert_cmpuint (nav_with_class (window, "exam-answered"), ==, 3);
  /* now it closes */
  gtk_window_close (GTK_WINDOW (window));
  wait_ms (100);
  g_assert_null (find_toplevel (KEFU_TYPE_EXAM_WINDOW));
}

/* A trainee opens a result: their answers, right or wrong, as the paper allows. */
static void
test_trainee_opens_result (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *login = agent_with_one_attempt (f, 0);
  GtkWidget *view = open_training (f, login);
  KefuStore *store = kefu_window_get_store (f->window);
  g_autofree char *sql = g_strdup_printf ("SELECT a.id FROM attempts a JOIN users u ON u.id = a.user_id "
                                          "WHERE u.login = '%s'", login);
  gint64 attempt = kefu_test_scalar (f->path, sql);
  KefuAttemptWindow *page;
  g_auto(KefuAttemptInfo) info = { 0 };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (count_named (view, "result-row"), ==, 1);
  g_assert_nonnull (find_descendant (row_named (view, "result-row"), GTK_TYPE_BUTTON, _("_Open")));
  page = KEFU_ATTEMPT_WINDOW (kefu_training_view_show_result (KEFU_TRAINING_VIEW (view), attempt));
  g_assert_true (kefu_attempt_get_info (store, attempt, &info, &error));
  items = kefu_attempt_items (store, attempt, &error);
  g_assert_cmpuint (kefu_attempt_window_get_n_items (page), ==, items->len);
  /* a trainee may not void or correct */
  g_assert_null (find_descendant (GTK_WIDGET (page), GTK_TYPE_BUTTON, _("_Void…")));
  g_assert_null (find_descendant (GTK_WIDGET (page), GTK_TYPE_BUTTON, _("Correct _Grade…")));
  wait_ms (100);
  save_screenshot (GTK_WIDGET (page), "attempt-trainee");
  gtk_window_destroy (GTK_WINDOW (page));
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;

#define GUI_ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  GUI_ADD ("/gui/training/exam-start-to-result", test_exam_start_to_result);
  GUI_ADD ("/gui/training/exam-time-out", test_exam_time_out);
  GUI_ADD ("/gui/training/exam-time-out-objective-maximum", test_exam_time_out_objective_maximum);
  GUI_ADD ("/gui/training/exam-answers-wait-for-lock", test_exam_answers_wait_for_lock);
  GUI_ADD ("/gui/training/practice-right-and-wrong", test_practice_right_and_wrong);
  GUI_ADD ("/gui/training/trainee-rates-course", test_trainee_rates_course);
  GUI_ADD ("/gui/training/trainee-opens-result", test_trainee_opens_result);
#undef GUI_ADD

  return g_test_run ();
}
