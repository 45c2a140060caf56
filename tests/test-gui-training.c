/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-training.c — the training screens as a trainer drives them
 * (banks, papers, keys, grading, assessments), under Xvfb
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

static void   respond     (AdwMessageDialog *dialog,
                           const char       *response);
static GtkWidget *find_label_containing (GtkWidget *widget,
                                         const char *needle,
                                         gboolean   mapped);
static guint  rows_titled (GtkWidget        *view,
                           const char       *title);

/* A trainer imports a small GIFT file and sees the counts per type and
 * the skipped question with its line; the bank lists the same counts. */
static void
test_trainer_imports_gift (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *gift = g_test_build_filename (G_TEST_DIST, "data", "questions.gift", NULL);
  GtkWidget *view = open_training (f, "guohong");
  AdwMessageDialog *dialog;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) banks = NULL;
  g_autofree char *heading = NULL;
  const char *body;
  KefuBankSummary *bank = NULL;

  g_assert_true (kefu_training_view_can_manage (KEFU_TRAINING_VIEW (view)));
  save_screenshot (GTK_WIDGET (f->window), "training-trainer");
  kefu_training_view_import_file (KEFU_TRAINING_VIEW (view), gift, "应急演练题库");
  g_assert_true (wait_for (message_dialog_shown, NULL, 30));
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Question Imported", "%u Questions Imported", 6), 6u);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  body = adw_message_dialog_get_body (dialog);
  for (KefuQuestionType t = 0; t < KEFU_QUESTION_N_TYPES; t++)
    {
      static const guint counts[] = { 2, 1, 1, 1, 1, 0 };
      g_autofree char *line = g_strdup_printf ("%s: %u", kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (t)),
                                               counts[t]);
      if (counts[t] > 0)
        g_assert_nonnull (strstr (body, line));
      else   /* a type with none is not listed */
        g_assert_null (strstr (body, kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (t))));
    }
  collect (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, NULL, rows);
  g_assert_cmpuint (rows->len, ==, 1);
  {
    g_autofree char *line = g_strdup_printf (_("Line %u"), 14u);   /* the matching question */
    g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[0]), ==, line);
  }
  save_screenshot (GTK_WIDGET (dialog), "training-import");
  adw_message_dialog_response (dialog, "close");
  g_assert_true (wait_for (view_idle, view, 30));

  banks = kefu_training_banks (kefu_window_get_store (f->window), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < banks->len; i++)
    if (g_str_equal (((KefuBankSummary *) banks->pdata[i])->name, "应急演练题库"))
      bank = banks->pdata[i];
  g_assert_nonnull (bank);
  g_assert_cmpuint (bank->total, ==, 6);
  g_assert_cmpuint (bank->counts[KEFU_QUESTION_SINGLE_CHOICE], ==, 2);
  /* the view lists the new bank */
  {
    g_autoptr(GPtrArray) bank_rows = g_ptr_array_new ();
    gboolean listed = FALSE;

    collect (view, ADW_TYPE_ACTION_ROW, NULL, bank_rows);
    for (guint i = 0; i < bank_rows->len; i++)
      listed |= strstr (adw_preferences_row_get_title (bank_rows->pdata[i]), "应急演练题库") != NULL;
    g_assert_true (listed);
  }
  save_screenshot (GTK_WIDGET (f->window), "training-banks");
}

static gboolean
stats_loaded (gpointer data)
{
  return !kefu_exam_stats_window_is_loading (data);
}

static gboolean
stats_exported (gpointer data)
{
  return !kefu_exam_stats_window_is_exporting (data);
}

/* The records of an RFC 4180 text (quotes, doubled quotes, CRLF), each a
 * GStrv; a leading BOM is skipped. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;

  if (g_str_has_prefix (text, "\xEF\xBB\xBF"))
    text += 3;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',' || *p == '\n')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          if (*p == '\n')
            {
              g_ptr_array_add (fields, NULL);
              g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
              fields = g_ptr_array_new_with_free_func (g_free);
            }
        }
      else if (*p != '\r')
        g_string_append_c (field, *p);
    }
  return records;
}

/* A trainer opens the demo paper's statistics: the histogram holds every
 * graded attempt, and the questions the core flags are the ones
 * highlighted. */
static void
test_trainer_paper_statistics (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view = open_training (f, "guohong");
  KefuStore *store = kefu_window_get_store (f->window);
  gint64 exam = kefu_test_scalar (f->path, "SELECT id FROM exams ORDER BY id LIMIT 1");
  g_autoptr(KefuExamStats) stats = kefu_exam_stats (store, exam, &error);
  GtkWidget *button = find_descendant (view, GTK_TYPE_BUTTON, _("S_tatistics"));
  GtkWidget *window;
  KefuChart *chart;
  guint flagged = 0, in_bins = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (stats->n_attempts, >, 0);
  for (guint i = 0; i < stats->items->len; i++)
    {
      KefuItemStat *item = stats->items->pdata[i];
      flagged += item->too_easy || item->too_hard || item->poor_discrimination;
    }
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_ms (50);
  window = find_toplevel (KEFU_TYPE_EXAM_STATS_WINDOW);
  g_assert_nonnull (window);
  g_assert_true (wait_for (stats_loaded, window, 30));
  chart = kefu_chart_view_get_chart (KEFU_CHART_VIEW (child (window, KEFU_TYPE_EXAM_STATS_WINDOW, "histogram")));
  g_assert_nonnull (chart);
  g_assert_cmpint (kefu_chart_get_kind (chart), ==, KEFU_CHART_HISTOGRAM);
  for (guint b = 0; b < KEFU_STATS_N_BINS; b++)
    in_bins += stats->bins[b];
  g_assert_cmpuint (in_bins, ==, stats->n_attempts);
  g_assert_cmpuint (count_named (window, "flagged-item"), ==, flagged);
  g_assert_cmpuint (count_named (window, "item"), ==, stats->items->len - flagged);
  save_screenshot (window, "paper-statistics");

  /* Export… writes the item statistics, one row per choice, as the core
   * computes them; the toast names the file */
  {
    g_autofree char *csv_path = kefu_test_path (&f->dir, "paper-items.csv");
    g_autofree char *xlsx_path = kefu_test_path (&f->dir, "paper-items.xlsx");
    g_autofree char *txt_path = kefu_test_path (&f->dir, "paper-items.txt");
    g_autoptr(GPtrArray) choices = kefu_exam_choice_stats (store, exam, &error);
    g_autoptr(GPtrArray) records = NULL;
    g_autofree char *csv = NULL;
    g_autofree char *xlsx = NULL;
    g_autofree char *want = NULL;
    gsize xlsx_len = 0;
    guint n_choices = 0;

    g_assert_no_error (error);
    g_assert_nonnull (find_descendant (window, GTK_TYPE_BUTTON, _("_Export…")));
    g_assert_true (gtk_widget_is_sensitive (find_descendant (window, GTK_TYPE_BUTTON, _("_Export…"))));
    kefu_exam_stats_window_export (KEFU_EXAM_STATS_WINDOW (window), csv_path);
    g_assert_true (wait_for (stats_exported, window, 30));
    want = g_strdup_printf (_("Item statistics exported to %s"), "paper-items.csv");
    g_assert_cmpstr (kefu_exam_stats_window_get_message (KEFU_EXAM_STATS_WINDOW (window)), ==, want);
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
    records = parse_csv (csv);
    g_assert_cmpuint (records->len, ==, choices->len + 1);
    g_assert_cmpuint (g_strv_length (records->pdata[0]), ==, 12);
    for (guint i = 0; i < choices->len; i++)
      {
        const KefuChoiceStat *c = choices->pdata[i];
        char **row = records->pdata[i + 1];
        g_autofree char *position = g_strdup_printf ("%u", c->position);
        g_autofree char *n_chosen = g_strdup_printf ("%u", c->n_chosen);

        g_assert_cmpuint (g_strv_length (row), ==, 12);
        g_assert_cmpstr (row[0], ==, position);
        if (c->letter != '\0')
          {
            char letter[2] = { c->letter, '\0' };
            g_assert_cmpstr (row[6], ==, letter);
            g_assert_cmpstr (row[9], ==, n_chosen);
            n_choices++;
          }
        else
          g_assert_cmpstr (row[6], ==, "");
      }
    g_assert_cmpuint (n_choices, >, 0);

    kefu_exam_stats_window_export (KEFU_EXAM_STATS_WINDOW (window), xlsx_path);
    g_assert_true (wait_for (stats_exported, window, 30));
    g_assert_true (g_file_get_contents (xlsx_path, &xlsx, &xlsx_len, &error));
    g_assert_cmpuint (xlsx_len, >, 4);
    g_assert_true (memcmp (xlsx, "PK\3\4", 4) == 0);
    g_free (want);
    want = g_strdup_printf (_("Item statistics exported to %s"), "paper-items.xlsx");
    g_assert_cmpstr (kefu_exam_stats_window_get_message (KEFU_EXAM_STATS_WINDOW (window)), ==, want);

    /* neither .csv nor .xlsx: nothing written, the message names the file */
    kefu_exam_stats_window_export (KEFU_EXAM_STATS_WINDOW (window), txt_path);
    g_assert_true (wait_for (stats_exported, window, 30));
    g_assert_false (g_file_test (txt_path, G_FILE_TEST_EXISTS));
    g_assert_nonnull (strstr (kefu_exam_stats_window_get_message (KEFU_EXAM_STATS_WINDOW (window)), "paper-items.txt"));
    g_assert_cmpstr (kefu_exam_stats_window_get_message (KEFU_EXAM_STATS_WINDOW (window)), !=, want);
  }
  gtk_window_close (GTK_WINDOW (window));
}

/* A trainer builds a paper of draw rules: a rule asking for more than
 * the bank holds is refused with the reason; the good paper draws what
 * the rule says and is listed. */
static void
test_trainer_new_paper (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view = open_training (f, "guohong");
  KefuStore *store = kefu_window_get_store (f->window);
  GtkWidget *dialog, *rule;
  g_autoptr(GPtrArray) layout = NULL;
  guint n_codes, emergency = 0;
  const KefuCode *codes = kefu_codes (KEFU_CODES_MODULE, &n_codes);
  gint64 exam;

  for (guint i = 0; i < n_codes; i++)
    if (g_str_equal (codes[i].code, "emergency"))
      emergency = i + 1;   /* after "any module" */
  g_signal_emit_by_name (find_descendant (view, GTK_TYPE_BUTTON, _("_New Paper…")), "clicked");
  wait_ms (50);
  dialog = find_toplevel (KEFU_TYPE_PAPER_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, KEFU_TYPE_PAPER_DIALOG, "name_row")), "应急处理抽测");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (dialog, KEFU_TYPE_PAPER_DIALOG, "time_spin")), 20);
  rule = GTK_WIDGET (kefu_paper_dialog_get_rule (KEFU_PAPER_DIALOG (dialog), 0));
  gtk_drop_down_set_selected (kefu_draw_rule_row_get_module (KEFU_DRAW_RULE_ROW (rule)), emergency);
  gtk_spin_button_set_value (kefu_draw_rule_row_get_difficulty (KEFU_DRAW_RULE_ROW (rule)), 2);
  gtk_spin_button_set_value (kefu_draw_rule_row_get_count (KEFU_DRAW_RULE_ROW (rule)), 200);
  g_assert_true (gtk_widget_has_css_class (rule, "error"));
  gtk_widget_activate_action (dialog, "paper.create", NULL);
  g_assert_true (gtk_widget_get_visible (child (dialog, KEFU_TYPE_PAPER_DIALOG, "error_label")));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM exams WHERE name = '应急处理抽测'"), ==, 0);

  /* two rules that each find enough but share the same questions: the
   * paper as a whole is refused, with the reason */
  {
    KefuDrawRule alone = { 0, "emergency", NULL, -1, 2, 0, 1 };
    gint64 n = kefu_draw_rule_n_matching (store, &alone, &error);
    GtkWidget *second;
    const char *why;

    g_assert_cmpint (n, >=, 4);
    gtk_spin_button_set_value (kefu_draw_rule_row_get_count (KEFU_DRAW_RULE_ROW (rule)), n - 1);
    gtk_widget_activate_action (dialog, "paper.add-rule", NULL);
    second = GTK_WIDGET (kefu_paper_dialog_get_rule (KEFU_PAPER_DIALOG (dialog), 1));
    gtk_drop_down_set_selected (kefu_draw_rule_row_get_module (KEFU_DRAW_RULE_ROW (second)), emergency);
    gtk_spin_button_set_value (kefu_draw_rule_row_get_difficulty (KEFU_DRAW_RULE_ROW (second)), 2);
    gtk_spin_button_set_value (kefu_draw_rule_row_get_count (KEFU_DRAW_RULE_ROW (second)), n - 1);
    g_assert_false (gtk_widget_has_css_class (rule, "error"));
    g_assert_false (gtk_widget_has_css_class (second, "error"));
    gtk_widget_activate_action (dialog, "paper.create", NULL);
    g_assert_true (gtk_widget_get_visible (child (dialog, KEFU_TYPE_PAPER_DIALOG, "error_label")));
    why = gtk_label_get_text (GTK_LABEL (child (dialog, KEFU_TYPE_PAPER_DIALOG, "error_label")));
    {
      g_autofree char *asked = g_strdup_printf (_("The paper “%s” cannot be drawn: its %u draw rules ask for %u questions in all, but only %u "
                                                  "different questions match them (besides its fixed questions). Rules drawing from the same "
                                                  "questions share them: ask for fewer, or widen a rule."),
                                                "应急处理抽测", 2u, (guint) (2 * (n - 1)), (guint) n);
      g_assert_cmpstr (why, ==, asked);
    }
    save_screenshot (dialog, "new-paper-refused");
    g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM exams WHERE name = '应急处理抽测'"), ==, 0);
    gtk_spin_button_set_value (kefu_draw_rule_row_get_count (KEFU_DRAW_RULE_ROW (second)), 1);
  }

  gtk_spin_button_set_value (kefu_draw_rule_row_get_count (KEFU_DRAW_RULE_ROW (rule)), 2);
  gtk_spin_button_set_value (kefu_paper_dialog_get_type_points (KEFU_PAPER_DIALOG (dialog), KEFU_QUESTION_SINGLE_CHOICE), 4);
  g_assert_false (gtk_widget_has_css_class (rule, "error"));
  save_screenshot (dialog, "new-paper");
  gtk_widget_activate_action (dialog, "paper.create", NULL);
  wait_ms (50);
  g_assert_null (find_toplevel (KEFU_TYPE_PAPER_DIALOG));
  exam = kefu_exam_find (store, "应急处理抽测", &error);
  g_assert_no_error (error);
  g_assert_cmpint (exam, >, 0);
  layout = kefu_exam_layout (store, exam, 11, 11, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layout->len, ==, 3);
  for (guint i = 0; i < layout->len; i++)
    {
      KefuAttemptItem *item = layout->pdata[i];
      g_assert_cmpstr (item->question->module, ==, "emergency");
      g_assert_cmpint (item->question->difficulty, >=, 2);
      /* 4 points for each single choice on this paper, the others their own */
      if (item->question->type == KEFU_QUESTION_SINGLE_CHOICE)
        g_assert_cmpfloat (item->max_score, ==, 4);
      else
        g_assert_cmpfloat (item->max_score, ==, item->question->points);
    }
  g_assert_true (wait_for (view_idle, view, 30));
  /* a draft: among the papers only, nobody's My Exams */
  g_assert_cmpuint (rows_titled (view, "应急处理抽测"), ==, 1);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM exams WHERE name = '应急处理抽测' AND state = 'draft'"), ==, 1);

  /* published (asked first), then assigned to the trainer for a week */
  {
    AdwMessageDialog *ask = ADW_MESSAGE_DIALOG (kefu_training_view_publish_paper (KEFU_TRAINING_VIEW (view), exam));
    save_screenshot (GTK_WIDGET (ask), "paper-publish");
    respond (ask, "publish");
  }
  g_assert_true (wait_for (view_idle, view, 30));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM exams WHERE name = '应急处理抽测' AND state = 'published'"), ==, 1);
  g_assert_cmpuint (rows_titled (view, "应急处理抽测"), ==, 1);   /* published, but assigned to nobody yet */
  {
    AdwMessageDialog *assign = ADW_MESSAGE_DIALOG (kefu_training_view_assign_paper (KEFU_TRAINING_VIEW (view), exam));
    GtkWidget *me = find_descendant (GTK_WIDGET (assign), GTK_TYPE_CHECK_BUTTON, NULL);
    g_autoptr(GPtrArray) checks = g_ptr_array_new ();
    g_autofree char *group_name = g_strdup_printf ("group-%" G_GINT64_FORMAT,
                                                   kefu_test_scalar (f->path, "SELECT id FROM staff_groups WHERE name = '前台一班'"));
    GtkWidget *group = NULL;

    collect (GTK_WIDGET (assign), GTK_TYPE_CHECK_BUTTON, NULL, checks);
    me = NULL;

    for (guint i = 0; i < checks->len; i++)
      {
        if (g_strcmp0 (gtk_widget_get_name (checks->pdata[i]), "guohong") == 0)
          me = checks->pdata[i];
        if (g_strcmp0 (gtk_widget_get_name (checks->pdata[i]), group_name) == 0)
          group = checks->pdata[i];
      }
    g_assert_nonnull (me);
    g_assert_nonnull (group);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (me), TRUE);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (group), TRUE);
    save_screenshot (GTK_WIDGET (assign), "paper-assign");
    respond (assign, "assign");
  }
  g_assert_true (wait_for (view_idle, view, 30));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT min(closes_at - opens_at) FROM exam_assignments"), ==, 7 * 86400);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT max(closes_at - opens_at) FROM exam_assignments"), ==, 7 * 86400);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT opens_at FROM exam_assignments"), ==, TEST_NOW - TEST_NOW % 60);
  /* the trainer, and the four members of 前台一班 through their group */
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM exam_assignments"), ==, 5);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM exam_assignments a JOIN staff_groups g "
                                              "ON g.id = a.group_id WHERE g.name = '前台一班'"), ==, 4);
  g_assert_cmpuint (rows_titled (view, "应急处理抽测"), ==, 2);   /* among my exams, and among the papers */
  save_screenshot (GTK_WIDGET (f->window), "paper-assigned");

  /* a member of 前台一班 signing in is told of the new paper, once; a
   * member of 前台二班 is not */
  {
    g_autoptr(KefuUser) member = kefu_desk_find_user (store, "chenjing", &error);
    g_autoptr(KefuUser) other = kefu_desk_find_user (store, "zhaoli", &error);

    g_assert_no_error (error);
    kefu_window_set_view (f->window, "tickets");   /* no paper rows in sight: only a toast names it */
    kefu_window_sign_in (f->window, other);
    wait_ms (100);
    g_assert_null (find_label_containing (GTK_WIDGET (f->window), "应急处理抽测", TRUE));
    kefu_window_sign_in (f->window, member);
    wait_ms (300);
    g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM exam_notices n JOIN users u ON u.id = n.user_id "
                                                "WHERE u.login = 'chenjing' AND n.kind = 'new'"), ==, 1);
    save_screenshot (GTK_WIDGET (f->window), "paper-notice");
    g_assert_nonnull (find_label_containing (GTK_WIDGET (f->window), "应急处理抽测", TRUE));
    g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM exam_notices n JOIN users u ON u.id = n.user_id "
                                                "WHERE u.login = 'zhaoli'"), ==, 0);
  }
}

/* A label under @widget whose text holds @needle (a toast's among them);
 * @mapped: only one that is shown. */
static GtkWidget *
find_label_containing (GtkWidget  *widget,
                       const char *needle,
                       gboolean    mapped)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL &&
      (!mapped || gtk_widget_get_mapped (widget)))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label_containing (c, needle, mapped);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
rows_titled (GtkWidget  *view,
             const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint n = 0;

  collect (view, ADW_TYPE_ACTION_ROW, NULL, rows);
  for (guint i = 0; i < rows->len; i++)
    n += g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0;
  return n;
}

static const char *
row_value (GtkWidget *row)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (row, GTK_TYPE_LABEL, NULL, labels);
  return gtk_label_get_text (labels->pdata[labels->len - 1]);
}

/* A drill scored by its panel: the trainer names a supervisor and the
 * owners' representative 王某; the supervisor confirms her sheet with her
 * own PIN (a wrong one is refused) while the desk stays the trainer's; the
 * trainer enters 王某's sheet. The result reads provisional until every
 * rater is in and within 15 points, then final after a re-score. */
static const char *
status_now (KefuStore *store,
            gint64     assessment,
            gboolean  *provisional)
{
  static char *status;
  g_auto(KefuAssessmentResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (kefu_assessment_result (store, assessment, &result, &error));
  g_clear_pointer (&status, g_free);
  status = kefu_assessment_status (&result);
  *provisional = result.provisional;
  return status;
}

static void
set_scores (GtkWidget    *window,
            const double *scores)
{
  for (guint c = 0; c < 3; c++)
    gtk_spin_button_set_value (kefu_assessment_window_get_score (KEFU_ASSESSMENT_WINDOW (window), c), scores[c]);
}

static GtkWidget *listed_view;

static gboolean
assessment_listed (gpointer data)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (listed_view, ADW_TYPE_ACTION_ROW, NULL, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (rows->pdata[i]), "assessment-row") == 0 &&
        strstr (adw_action_row_get_subtitle (rows->pdata[i]), data) != NULL)
      return TRUE;
  return FALSE;
}

/* Scheduling a practical: the scenario's criteria are shown and may be
 * changed; Create waits for weights adding up to 100; changed criteria
 * are saved as the scenario's own and come back for its next assessment. */
static void
set_criterion (GtkWidget  *dialog,
               guint       i,
               const char *name,
               double      weight)
{
  GtkWidget *row = named (dialog, "criterion");

  for (guint k = 0; k < i; k++)
    {
      row = gtk_widget_get_next_sibling (row);
      g_assert_nonnull (row);
    }
  gtk_editable_set_text (GTK_EDITABLE (named (row, "criterion-name")), name);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (named (row, "criterion-weight")), weight);
}

static void
test_trainer_defines_scenario_criteria (Fixture       *f,
                                        gconstpointer  data)
{
  GtkWidget *view = open_training (f, "guohong");
  gint64 trainee = kefu_test_scalar (f->path, "SELECT id FROM users WHERE role = 'agent' ORDER BY id LIMIT 1");
  AdwMessageDialog *dialog;
  GtkDropDown *who;
  GtkWidget *window;
  gint64 assessment;

  g_signal_emit_by_name (find_descendant (view, GTK_TYPE_BUTTON, _("New _Assessment…")), "clicked");
  g_assert_true (wait_for (message_dialog_shown, NULL, 5));
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  /* a scenario of its own: the default three criteria to start from */
  gtk_editable_set_text (GTK_EDITABLE (named (GTK_WIDGET (dialog), "scenario")), "内训师试讲");
  g_assert_cmpuint (count_named (GTK_WIDGET (dialog), "criterion"), ==, 3);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "create"));
  set_criterion (GTK_WIDGET (dialog), 0, "内容", 40);
  set_criterion (GTK_WIDGET (dialog), 1, "清晰", 20);
  set_criterion (GTK_WIDGET (dialog), 2, "互动", 20);
  /* 80: Create is off, and the dialog says why */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "create"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (named (GTK_WIDGET (dialog), "weights-sum"))), "80"));
  g_signal_emit_by_name (named (GTK_WIDGET (dialog), "add-criterion"), "clicked");
  set_criterion (GTK_WIDGET (dialog), 3, "表达", 20);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "create"));
  who = GTK_DROP_DOWN (find_descendant (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, NULL));
  for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (who)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (gtk_drop_down_get_model (who), i);
      if (kefu_user_get_id (u) == trainee)
        gtk_drop_down_set_selected (who, i);
    }
  adw_message_dialog_response (dialog, "create");
  wait_ms (50);
  window = find_toplevel (KEFU_TYPE_ASSESSMENT_WINDOW);
  g_assert_nonnull (window);
  assessment = kefu_test_scalar (f->path, "SELECT max(id) FROM assessments WHERE scenario = '内训师试讲'");
  g_assert_cmpint (assessment, >, 0);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT trainee_id FROM assessments ORDER BY id DESC LIMIT 1"), ==, trainee);
  /* the assessment's criteria and the scenario's own are the four */
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM assessment_criteria WHERE assessment_id = "
                                              "(SELECT max(id) FROM assessments)"), ==, 4);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT sum(weight) FROM assessment_criteria WHERE assessment_id = "
                                              "(SELECT max(id) FROM assessments) AND name IN ('内容', '清晰', '互动', '表达')"), ==, 100);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM scenario_criteria WHERE scenario = '内训师试讲'"), ==, 4);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT weight FROM scenario_criteria WHERE scenario = '内训师试讲' AND name = '内容'"), ==, 40);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_ms (50);

  /* the next assessment of the scenario starts from its own four */
  g_signal_emit_by_name (find_descendant (view, GTK_TYPE_BUTTON, _("New _Assessment…")), "clicked");
  g_assert_true (wait_for (message_dialog_shown, NULL, 5));
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_editable_set_text (GTK_EDITABLE (named (GTK_WIDGET (dialog), "scenario")), "内训师试讲");
  g_assert_cmpuint (count_named (GTK_WIDGET (dialog), "criterion"), ==, 4);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (GTK_WIDGET (dialog), "criterion-name"))), ==, "内容");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "create"));
  wait_ms (100);
  save_screenshot (GTK_WIDGET (dialog), "training-new-assessment-criteria");
  adw_message_dialog_response (dialog, "cancel");
  wait_ms (50);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM assessments WHERE scenario = '内训师试讲'"), ==, 1);
}

static void
test_trainer_assessment_panel (Fixture       *f,
                               gconstpointer  data)
{
  GtkWidget *view = open_training (f, "guohong");
  KefuStore *store = kefu_window_get_store (f->window);
  gint64 trainer = kefu_test_scalar (f->path, "SELECT id FROM users WHERE login = 'guohong'");
  gint64 trainee = kefu_test_scalar (f->path, "SELECT id FROM users WHERE role = 'agent' ORDER BY id LIMIT 1");
  gint64 supervisor = kefu_test_scalar (f->path, "SELECT id FROM users WHERE role = 'supervisor' ORDER BY id LIMIT 1");
  static const double sheet[] = { 90, 80, 85 };        /* 36 + 24 + 25.5 = 85.5 */
  static const double first[] = { 60, 60, 60 };        /* 30 apart on 流程规范性 */
  static const double second[] = { 85, 75, 80 };       /* 34 + 22.5 + 24 = 80.5: within 5 */
  AdwMessageDialog *dialog;
  GtkDropDown *who;
  GtkWidget *window, *pin, *status_row;
  AdwComboRow *staff;
  gint64 assessment, wang;
  gboolean provisional = FALSE;
  const char *status;

  g_assert_cmpint (supervisor, >, 0);
  g_signal_emit_by_name (find_descendant (view, GTK_TYPE_BUTTON, _("New _Assessment…")), "clicked");
  g_assert_true (wait_for (message_dialog_shown, NULL, 5));
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, NULL)), "电梯困人应急演练");
  who = GTK_DROP_DOWN (find_descendant (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, NULL));
  for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (who)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (gtk_drop_down_get_model (who), i);
      if (kefu_user_get_id (u) == trainee)
        gtk_drop_down_set_selected (who, i);
    }
  adw_message_dialog_response (dialog, "create");
  wait_ms (50);
  window = find_toplevel (KEFU_TYPE_ASSESSMENT_WINDOW);
  g_assert_nonnull (window);
  assessment = kefu_test_scalar (f->path, "SELECT max(id) FROM assessments WHERE scenario = '电梯困人应急演练'");
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT trainee_id FROM assessments ORDER BY id DESC LIMIT 1"), ==, trainee);

  /* the panel: the supervisor, and the owners' representative by name */
  staff = ADW_COMBO_ROW (child (window, KEFU_TYPE_ASSESSMENT_WINDOW, "staff_row"));
  for (guint i = 0; i < g_list_model_get_n_items (adw_combo_row_get_model (staff)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (adw_combo_row_get_model (staff), i);
      if (kefu_user_get_id (u) == supervisor)
        adw_combo_row_set_selected (staff, i);
    }
  g_assert_true (gtk_widget_activate_action (window, "assessment.add-rater", NULL));
  gtk_editable_set_text (GTK_EDITABLE (child (window, KEFU_TYPE_ASSESSMENT_WINDOW, "external_name_row")), "王某");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, KEFU_TYPE_ASSESSMENT_WINDOW, "external_role_row"))), ==, "业主代表");
  g_assert_true (gtk_widget_activate_action (window, "assessment.add-external", NULL));
  wang = kefu_test_scalar (f->path, "SELECT id FROM assessment_external_raters WHERE name = '王某'");
  g_assert_cmpint (wang, >, 0);
  g_assert_cmpuint (count_named (window, "panel-member"), ==, 2);
  status_row = row_named (window, "result-status");
  status = status_now (store, assessment, &provisional);
  g_assert_true (provisional);
  g_assert_cmpstr (row_value (status_row), ==, status);
  g_assert_true (gtk_widget_has_css_class (status_row, "provisional"));

  /* the supervisor's sheet: her PIN, in place; a wrong one saves nothing */
  g_assert_true (kefu_assessment_window_set_rater (KEFU_ASSESSMENT_WINDOW (window), supervisor, 0));
  set_scores (window, sheet);
  gtk_widget_activate_action (window, "assessment.save", NULL);
  pin = find_toplevel (KEFU_TYPE_PIN_DIALOG);
  g_assert_nonnull (pin);
  gtk_editable_set_text (GTK_EDITABLE (child (pin, KEFU_TYPE_PIN_DIALOG, "pin_row")), "0000");
  gtk_widget_activate_action (pin, "pin.confirm", NULL);
  wait_ms (50);
  g_assert_nonnull (find_toplevel (KEFU_TYPE_PIN_DIALOG));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM assessment_scores WHERE assessment_id = "
                                              "(SELECT max(id) FROM assessments)"), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (child (pin, KEFU_TYPE_PIN_DIALOG, "pin_row")), KEFU_DEMO_PIN);
  g_assert_true (gtk_widget_activate_action (pin, "pin.confirm", NULL));
  wait_ms (50);
  g_assert_null (find_toplevel (KEFU_TYPE_PIN_DIALOG));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM assessment_scores WHERE assessment_id = "
                                              "(SELECT max(id) FROM assessments) AND rater_role = 'supervisor'"), ==, 3);
  /* the desk stayed the trainer's */
  g_assert_cmpint (kefu_store_get_actor (store), ==, trainer);
  status_row = row_named (window, "result-status");
  status = status_now (store, assessment, &provisional);
  g_assert_true (provisional);
  g_assert_cmpstr (row_value (status_row), ==, status);

  /* 王某's sheet, entered by the trainer: everyone in, but 30 apart */
  g_assert_true (kefu_assessment_window_set_rater (KEFU_ASSESSMENT_WINDOW (window), 0, wang));
  set_scores (window, first);
  gtk_widget_activate_action (window, "assessment.save", NULL);
  g_assert_null (find_toplevel (KEFU_TYPE_PIN_DIALOG));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM assessment_external_scores WHERE entered_by = "
                                              "(SELECT id FROM users WHERE login = 'guohong')"), ==, 3);
  status_row = row_named (window, "result-status");
  status = status_now (store, assessment, &provisional);
  g_assert_true (provisional);
  g_assert_cmpstr (row_value (status_row), ==, status);
  g_assert_nonnull (strstr (status, "流程规范性"));
  g_assert_true (gtk_widget_has_css_class (row_named (window, "result-spread"), "raters-disagree"));
  g_assert_nonnull (row_named (window, "decide-row"));
  save_screenshot (window, "assessment-provisional");

  /* a re-score, with why: within 15 points, final */
  set_scores (window, second);
  gtk_editable_set_text (GTK_EDITABLE (child (window, KEFU_TYPE_ASSESSMENT_WINDOW, "reason_row")), "复核录像后更正");
  gtk_widget_activate_action (window, "assessment.save", NULL);
  status_row = row_named (window, "result-status");
  status = status_now (store, assessment, &provisional);
  g_assert_false (provisional);
  g_assert_cmpstr (row_value (status_row), ==, status);
  g_assert_true (gtk_widget_has_css_class (status_row, "final"));
  g_assert_null (row_named (window, "decide-row"));
  /* 3 + 3 first scores, then the three changed */
  g_assert_cmpuint (count_named (window, "score-change"), ==, 9);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM assessment_score_history WHERE reason = '复核录像后更正'"), ==, 3);
  save_screenshot (window, "assessment");
  gtk_window_close (GTK_WINDOW (window));
  listed_view = view;

  /* the list says it too, once reloaded */
  g_assert_true (wait_for (assessment_listed, (gpointer) status, 10));
  g_assert_true (wait_for (view_idle, view, 10));
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    guint shown = 0;

    collect (view, ADW_TYPE_ACTION_ROW, NULL, rows);
    for (guint i = 0; i < rows->len; i++)
      if (g_strcmp0 (gtk_widget_get_name (rows->pdata[i]), "assessment-row") == 0 &&
          strstr (adw_action_row_get_subtitle (rows->pdata[i]), status) != NULL)
        {
          if (shown++ == 0)
            save_screenshot (gtk_widget_get_ancestor (rows->pdata[i], ADW_TYPE_PREFERENCES_GROUP), "training-practicals");
        }
    g_assert_cmpuint (shown, ==, 1);
  }
}

/* The trainer opens the cohort that ended more than six months ago: the
 * four levels on one page, the survey's mean and the return as the core
 * computes them, and a note for each thing the data cannot tell. */
static void
test_trainer_cohort_report (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *view = open_training (f, "guohong");
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM cohorts WHERE ends_at <= %" G_GINT64_FORMAT " ORDER BY id LIMIT 1",
                                          TEST_NOW - KEFU_COHORT_RESULTS_DAYS * 86400);
  gint64 old = kefu_test_scalar (f->path, sql);
  const KefuCohortReport *r;
  GtkWidget *window;
  g_autofree char *mean = NULL;
  g_autofree char *survey_sql = NULL;
  guint notes = 0;

  g_assert_cmpint (old, >, 0);
  g_assert_cmpuint (count_named (view, "cohort-row"), ==, kefu_test_scalar (f->path, "SELECT count(*) FROM cohorts"));
  g_assert_true (gtk_widget_activate_action (view, "training.cohort", "x", old));
  wait_ms (50);
  window = find_toplevel (KEFU_TYPE_COHORT_WINDOW);
  g_assert_nonnull (window);
  r = kefu_cohort_window_get_report (KEFU_COHORT_WINDOW (window));
  g_assert_cmpint (r->id, ==, old);
  survey_sql = g_strdup_printf ("SELECT count(*) FROM cohort_surveys WHERE cohort_id = %" G_GINT64_FORMAT, old);
  g_assert_cmpuint (r->responses, ==, kefu_test_scalar (f->path, survey_sql));
  g_assert_cmpuint (r->responses, >, 0);
  mean = g_strdup_printf ("%.2f", r->reaction_mean);
  g_assert_cmpstr (row_value (row_named (window, "cohort-reaction-mean")), ==, mean);
  for (guint level = 1; level <= 4; level++)
    {
      static const char *const names[] = { NULL, "cohort-reaction", "cohort-learning", "cohort-behaviour", "cohort-results" };
      g_assert_nonnull (row_named (window, names[level]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (r->notes); i++)
    notes += r->notes[i]->len;
  g_assert_cmpuint (count_named (window, "cohort-note"), ==, notes);
  g_assert_nonnull (row_named (window, "cohort-roi"));
  wait_ms (200);
  save_screenshot (window, "cohort-report");
  /* and its lower half: behaviour and results with their charts */
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
        GTK_SCROLLED_WINDOW (find_descendant (window, GTK_TYPE_SCROLLED_WINDOW, NULL)));
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    wait_ms (200);
    save_screenshot (window, "cohort-report-results");
  }

  /* the trainer adds a cost: the return is computed again on the spot */
  {
    double costs = r->costs, savings = r->savings;
    GtkWidget *dialog = GTK_WIDGET (kefu_cohort_window_add_ledger (KEFU_COHORT_WINDOW (window)));

    gtk_editable_set_text (GTK_EDITABLE (find_descendant (dialog, GTK_TYPE_ENTRY, NULL)), "教材印刷");
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_descendant (dialog, GTK_TYPE_SPIN_BUTTON, NULL)), 400);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
    wait_ms (50);
    r = kefu_cohort_window_get_report (KEFU_COHORT_WINDOW (window));
    g_assert_cmpfloat_with_epsilon (r->costs, costs + 400, 1e-6);
    g_assert_cmpfloat_with_epsilon (r->roi, savings / (costs + 400), 1e-9);
    g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM cohort_ledger WHERE item = '教材印刷' AND kind = 'cost' "
                                                "AND amount = 400"), ==, 1);
    g_assert_nonnull (row_named (window, "cohort-roi"));
  }
  gtk_window_close (GTK_WINDOW (window));
}

/* A written answer (case analysis) waits for the trainer: the grading
 * window shows it with the rubric; the grade completes the attempt. */
static void
test_trainer_grades_written_answers (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view = open_training (f, "guohong");
  KefuStore *store = kefu_window_get_store (f->window);
  g_auto(KefuExamSettings) settings = { 0 };
  g_auto(KefuAttemptInfo) info = { 0 };
  gint64 trainer = kefu_store_get_actor (store);
  gint64 trainee = kefu_test_scalar (f->path, "SELECT id FROM users WHERE login = 'chenjing'");
  gint64 question = kefu_test_scalar (f->path, "SELECT min(id) FROM questions WHERE type = 'case_analysis' AND NOT retired");
  gint64 exam, attempt;
  GtkWindow *grading;
  GtkWidget *score, *save;

  kefu_exam_settings_init (&settings);
  settings.name = g_strdup ("案例分析小测");
  settings.pass_mark = 60;
  exam = kefu_exam_create (store, &settings, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_exam_add_question (store, exam, question, &error));
  g_assert_true (kefu_exam_publish (store, exam, &error));
  g_assert_true (kefu_exam_assign (store, exam, trainee, TEST_NOW - 86400, TEST_NOW + 7 * 86400, &error));
  /* the trainee sits it and writes an answer */
  kefu_store_set_actor (store, trainee);
  attempt = kefu_attempt_start (store, exam, trainee, 3, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_attempt_save_answer (store, attempt, 1, "先安抚业主情绪，记录诉求，承诺时限并跟进回访。", &error));
  g_assert_true (kefu_attempt_submit (store, attempt, &error));
  g_assert_true (kefu_attempt_get_info (store, attempt, &info, &error));
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_SUBMITTED);
  kefu_attempt_info_clear (&info);
  kefu_store_set_actor (store, trainer);

  grading = kefu_training_view_grade (KEFU_TRAINING_VIEW (view), exam);
  g_assert_cmpuint (kefu_grading_window_get_n_pending (KEFU_GRADING_WINDOW (grading)), ==, 1);
  /* blind by default: a candidate number, not the name; the name on request */
  {
    g_autoptr(KefuUser) who = kefu_desk_get_user (store, trainee, &error);
    g_autofree char *candidate = g_strdup_printf (_("Candidate %u"), 1);
    const char *heading = kefu_grading_window_get_heading (KEFU_GRADING_WINDOW (grading), 0);

    g_assert_nonnull (strstr (heading, candidate));
    g_assert_null (strstr (heading, kefu_user_get_name (who)));
    kefu_grading_window_set_blind (KEFU_GRADING_WINDOW (grading), FALSE);
    heading = kefu_grading_window_get_heading (KEFU_GRADING_WINDOW (grading), 0);
    g_assert_nonnull (strstr (heading, kefu_user_get_name (who)));
    kefu_grading_window_set_blind (KEFU_GRADING_WINDOW (grading), TRUE);
  }
  score = find_descendant (GTK_WIDGET (grading), GTK_TYPE_SPIN_BUTTON, NULL);
  save = find_descendant (GTK_WIDGET (grading), GTK_TYPE_BUTTON, _("Save _Grade"));
  g_assert_nonnull (score);
  g_assert_nonnull (save);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (score), gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (score))) * 0.8);
  save_screenshot (GTK_WIDGET (grading), "grading");
  g_signal_emit_by_name (save, "clicked");
  g_assert_cmpuint (kefu_grading_window_get_n_pending (KEFU_GRADING_WINDOW (grading)), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (save));

  /* the attempt is complete: 80 % of the only question, passed */
  g_assert_true (kefu_attempt_get_info (store, attempt, &info, &error));
  g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_GRADED);
  g_assert_cmpfloat_with_epsilon (info.percent, 80, 0.01);
  g_assert_true (info.passed);
  kefu_attempt_info_clear (&info);
  gtk_window_destroy (grading);

  /* the grade corrected from the attempt's page: the change is on the record */
  {
    GtkWindow *list = kefu_training_view_show_attempts (KEFU_TRAINING_VIEW (view), exam);
    KefuAttemptWindow *page;
    AdwMessageDialog *dialog;
    g_autoptr(GPtrArray) history = NULL;
    double before;

    g_assert_cmpuint (count_named (GTK_WIDGET (list), "attempt-row"), ==, 1);
    save_screenshot (GTK_WIDGET (list), "paper-attempts");
    page = kefu_attempt_window_new (list, store, attempt, TRUE);
    gtk_window_present (GTK_WINDOW (page));
    g_assert_cmpuint (kefu_attempt_window_get_n_items (page), ==, 1);
    g_assert_true (kefu_attempt_get_info (store, attempt, &info, &error));
    before = info.score;
    kefu_attempt_info_clear (&info);
    dialog = ADW_MESSAGE_DIALOG (kefu_attempt_window_regrade (page, 1));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_descendant (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, NULL)),
                               before / 2);
    save_screenshot (GTK_WIDGET (dialog), "grade-correct");
    respond (dialog, "save");
    history = kefu_attempt_score_changes (store, attempt, &error);
    g_assert_cmpuint (history->len, ==, 1);
    g_assert_cmpfloat (((KefuScoreChange *) history->pdata[0])->old_score, ==, before);
    g_assert_cmpfloat (((KefuScoreChange *) history->pdata[0])->new_score, ==, before / 2);
    g_assert_cmpuint (count_named (GTK_WIDGET (page), "score-change"), ==, 1);
    wait_ms (100);
    save_screenshot (GTK_WIDGET (page), "attempt-trainer");

    /* voided, with the reason: it no longer counts */
    dialog = ADW_MESSAGE_DIALOG (kefu_attempt_window_void (page));
    gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "学员账号被他人使用");
    save_screenshot (GTK_WIDGET (dialog), "attempt-void");
    respond (dialog, "void");
    g_assert_true (kefu_attempt_get_info (store, attempt, &info, &error));
    g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_VOIDED);
    kefu_attempt_info_clear (&info);
    g_assert_cmpint (kefu_attempts_count (store, exam, trainee), ==, 0);
    g_assert_null (find_descendant (GTK_WIDGET (page), GTK_TYPE_BUTTON, _("_Void…")));
    gtk_window_destroy (GTK_WINDOW (page));
    gtk_window_destroy (list);
  }

  /* the paper on paper: versions A and B, through the Print… path */
  {
    g_autofree char *pdf = kefu_test_path (&f->dir, "paper.pdf");
    const char *labels[] = { "A", "B", NULL };

    g_assert_nonnull (find_descendant (view, GTK_TYPE_BUTTON, _("_Print…")));
    g_assert_true (kefu_training_view_print_paper (KEFU_TRAINING_VIEW (view), exam, labels, pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  }

  /* nothing left: the window says so */
  grading = kefu_training_view_grade (KEFU_TRAINING_VIEW (view), exam);
  g_assert_cmpuint (kefu_grading_window_get_n_pending (KEFU_GRADING_WINDOW (grading)), ==, 0);
  g_assert_nonnull (find_descendant (GTK_WIDGET (grading), ADW_TYPE_STATUS_PAGE, NULL));
  gtk_window_destroy (grading);
}

/* A paper answer sheet, version B, keyed in with the right answer to
 * every question as shown on that version: graded 100 % at once. */
static void
test_trainer_keys_in_paper (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view = open_training (f, "guohong");
  KefuStore *store = kefu_window_get_store (f->window);
  gint64 exam = kefu_test_scalar (f->path, "SELECT min(id) FROM exams");
  gint64 trainee = kefu_test_scalar (f->path, "SELECT min(id) FROM users WHERE id NOT IN (SELECT user_id FROM attempts)");
  g_autoptr(GPtrArray) items = kefu_exam_paper_version (store, exam, "B", &error);
  g_autoptr(GListStore) users = kefu_desk_list_users (store, &error);
  g_auto(KefuAttemptInfo) info = { 0 };
  gboolean written = FALSE;
  guint index = 0;
  GtkWindow *dialog, *alert;
  gint64 attempt, sat_at, n_before;
  g_autofree char *sat_text = NULL;
  g_autoptr(GPtrArray) shown_again = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (users), i);
      if (kefu_user_get_id (u) == trainee)
        index = i;
    }
  dialog = kefu_training_view_key_in (KEFU_TRAINING_VIEW (view), exam);
  kefu_key_in_dialog_select (KEFU_KEY_IN_DIALOG (dialog), index, 1);   /* version B */
  for (guint i = 0; i < items->len; i++)
    {
      KefuAttemptItem *item = items->pdata[i];
      KefuQuestion *q = item->question;
      g_autofree char *right = NULL;
      g_autofree char *shown = NULL;

      switch (q->type)
        {
        case KEFU_QUESTION_SINGLE_CHOICE:
        case KEFU_QUESTION_MULTIPLE_CHOICE:
          right = kefu_question_right_letters (q);
          shown = kefu_attempt_item_to_shown (item, right);
          break;
        case KEFU_QUESTION_TRUE_FALSE:
          shown = g_strdup (q->answer_true ? "对" : "错");
          break;
        case KEFU_QUESTION_SHORT_ANSWER:
          shown = g_strdup (q->options->pdata[0]);
          break;
        case KEFU_QUESTION_CASE_ANALYSIS:
        case KEFU_QUESTION_N_TYPES:
        default:
          shown = g_strdup ("按首问负责制受理并跟进。");
          written = TRUE;
          break;
        }
      gtk_editable_set_text (kefu_key_in_dialog_get_entry (KEFU_KEY_IN_DIALOG (dialog), item->position), shown);
      g_ptr_array_add (shown_again, g_strdup (shown));
    }
  /* the sitting was yesterday afternoon; a sitting in the future is refused first */
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (store));
    g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
    g_autoptr(GDateTime) day_before = g_date_time_add_days (now, -1);
    g_autofree char *tomorrow_text = g_date_time_format (tomorrow, "%Y-%m-%d %H:%M");
    g_autoptr(GDateTime) sitting = g_date_time_new_local (g_date_time_get_year (day_before),
                                                          g_date_time_get_month (day_before),
                                                          g_date_time_get_day_of_month (day_before), 14, 0, 0);

    sat_text = g_date_time_format (day_before, "%Y-%m-%d 14:00");
    sat_at = g_date_time_to_unix (sitting);
    gtk_editable_set_text (kefu_key_in_dialog_get_sat_entry (KEFU_KEY_IN_DIALOG (dialog)), tomorrow_text);
    g_assert_cmpint (kefu_key_in_dialog_save (KEFU_KEY_IN_DIALOG (dialog)), ==, 0);
    g_assert_nonnull (strstr (kefu_key_in_dialog_get_result (KEFU_KEY_IN_DIALOG (dialog)), tomorrow_text));
    g_assert_null (kefu_key_in_dialog_get_alert (KEFU_KEY_IN_DIALOG (dialog)));
    gtk_editable_set_text (kefu_key_in_dialog_get_sat_entry (KEFU_KEY_IN_DIALOG (dialog)), "昨天下午");
    g_assert_cmpint (kefu_key_in_dialog_save (KEFU_KEY_IN_DIALOG (dialog)), ==, 0);
    g_assert_nonnull (strstr (kefu_key_in_dialog_get_result (KEFU_KEY_IN_DIALOG (dialog)), "昨天下午"));
    gtk_editable_set_text (kefu_key_in_dialog_get_sat_entry (KEFU_KEY_IN_DIALOG (dialog)), sat_text);
  }
  save_screenshot (GTK_WIDGET (dialog), "key-in");
  attempt = kefu_key_in_dialog_save (KEFU_KEY_IN_DIALOG (dialog));
  g_assert_cmpint (attempt, >, 0);
  g_assert_true (kefu_attempt_get_info (store, attempt, &info, &error));
  g_assert_cmpint (info.user_id, ==, trainee);
  g_assert_cmpstr (info.paper_version, ==, "B");
  g_assert_cmpint (info.submitted_at, ==, sat_at);
  if (!written)
    {
      g_assert_cmpint (info.state, ==, KEFU_ATTEMPT_GRADED);
      g_assert_cmpfloat_with_epsilon (info.percent, 100, 0.01);
      g_assert_true (info.passed);
    }

  /* the same sheet keyed again: not recorded; an alert names the first
   * keying and offers to replace it */
  for (guint i = 0; i < items->len; i++)
    gtk_editable_set_text (kefu_key_in_dialog_get_entry (KEFU_KEY_IN_DIALOG (dialog), i + 1), shown_again->pdata[i]);
  gtk_editable_set_text (kefu_key_in_dialog_get_sat_entry (KEFU_KEY_IN_DIALOG (dialog)), sat_text);
  n_before = kefu_test_scalar (f->path, "SELECT count(*) FROM attempts");
  g_assert_cmpint (kefu_key_in_dialog_save (KEFU_KEY_IN_DIALOG (dialog)), ==, 0);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM attempts"), ==, n_before);
  alert = kefu_key_in_dialog_get_alert (KEFU_KEY_IN_DIALOG (dialog));
  g_assert_nonnull (alert);
  {
    g_autofree char *attempt_text = g_strdup_printf ("%" G_GINT64_FORMAT, attempt);
    const char *body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (alert));
    g_assert_nonnull (strstr (body, attempt_text));
    g_assert_nonnull (strstr (body, sat_text));
  }
  save_screenshot (GTK_WIDGET (alert), "key-in-twice");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (alert), "replace");
  g_assert_null (kefu_key_in_dialog_get_alert (KEFU_KEY_IN_DIALOG (dialog)));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT state = 'voided' FROM attempts WHERE id = %" G_GINT64_FORMAT, attempt);
    g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, 1);
    g_free (sql);
    sql = g_strdup_printf ("SELECT count(*) FROM attempts WHERE exam_id = %" G_GINT64_FORMAT " AND user_id = %"
                           G_GINT64_FORMAT " AND paper_version = 'B' AND state <> 'voided' AND submitted_at = %"
                           G_GINT64_FORMAT, exam, trainee, sat_at);
    g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, 1);
  }
  gtk_window_destroy (dialog);
}

static gboolean
is_toplevel (gpointer widget)
{
  GListModel *tops = gtk_window_get_toplevels ();
  for (guint k = 0; k < g_list_model_get_n_items (tops); k++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (tops, k);
      if (w == widget && gtk_widget_get_visible (w))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_gone (gpointer widget)
{
  return !is_toplevel (widget);
}

/* Answers a message dialog as its button does (the response, then it
 * closes) and waits until it has gone. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_for (is_gone, dialog, 30));
}

static AdwMessageDialog *
wait_dialog_named (const char *name)
{
  for (int i = 0; i < 300; i++)
    {
      GListModel *tops = gtk_window_get_toplevels ();
      for (guint k = 0; k < g_list_model_get_n_items (tops); k++)
        {
          g_autoptr(GtkWidget) w = g_list_model_get_item (tops, k);
          if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (w) && g_strcmp0 (gtk_widget_get_name (w), name) == 0)
            return ADW_MESSAGE_DIALOG (w);
        }
      wait_ms (100);
    }
  g_assert_not_reached ();
  return NULL;
}

static gint64
bank_id_named (Fixture    *f,
               const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COALESCE((SELECT id FROM question_banks WHERE name = '%s'), 0)", name);
  return kefu_test_scalar (f->path, sql);
}

/* A trainer makes a bank, renames it, imports a file into it twice (the
 * second time nothing doubles and the report says so) and deletes an
 * unused bank after confirming. */
static void
test_trainer_manages_banks (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *gift = g_test_build_filename (G_TEST_DIST, "data", "questions.gift", NULL);
  GtkWidget *view = open_training (f, "guohong");
  AdwMessageDialog *dialog;
  g_autoptr(GPtrArray) dup_rows = g_ptr_array_new ();
  gint64 bank;

  kefu_training_view_name_bank (KEFU_TRAINING_VIEW (view), 0);
  dialog = wait_dialog_named ("bank-name");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "应急题库");
  save_screenshot (GTK_WIDGET (dialog), "training-bank-new");
  respond (dialog, "save");
  g_assert_true (wait_for (view_idle, view, 30));
  bank = bank_id_named (f, "应急题库");
  g_assert_cmpint (bank, >, 0);

  kefu_training_view_name_bank (KEFU_TRAINING_VIEW (view), bank);
  dialog = wait_dialog_named ("bank-name");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog))), ==, "应急题库");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "应急处理题库");
  respond (dialog, "save");
  g_assert_true (wait_for (view_idle, view, 30));
  g_assert_cmpint (bank_id_named (f, "应急处理题库"), ==, bank);

  /* into the chosen bank, twice */
  kefu_training_view_import_file (KEFU_TRAINING_VIEW (view), gift, "应急处理题库");
  dialog = wait_dialog_named ("import-result");
  respond (dialog, "close");
  g_assert_true (wait_for (view_idle, view, 30));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM questions q JOIN question_banks b ON b.id = q.bank_id "
                                              "WHERE b.name = '应急处理题库'"), ==, 6);
  wait_ms (200);
  kefu_training_view_import_file (KEFU_TRAINING_VIEW (view), gift, "应急处理题库");
  dialog = wait_dialog_named ("import-result");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Nothing New"));
  collect (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, NULL, dup_rows);
  {
    guint n_dup = 0;
    for (guint i = 0; i < dup_rows->len; i++)
      n_dup += g_strcmp0 (gtk_widget_get_name (dup_rows->pdata[i]), "duplicate-row") == 0;
    g_assert_cmpuint (n_dup, ==, 6);
  }
  save_screenshot (GTK_WIDGET (dialog), "training-import-again");
  respond (dialog, "close");
  g_assert_true (wait_for (view_idle, view, 30));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM questions WHERE bank_id = (SELECT id FROM question_banks "
                                              "WHERE name = '应急处理题库')"), ==, 6);

  /* deleting asks first; cancel keeps it, delete removes it */
  wait_ms (200);
  kefu_training_view_delete_bank (KEFU_TRAINING_VIEW (view), bank);
  dialog = wait_dialog_named ("bank-delete");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "应急处理题库"));
  save_screenshot (GTK_WIDGET (dialog), "training-bank-delete");
  respond (dialog, "cancel");
  wait_ms (200);
  g_assert_cmpint (bank_id_named (f, "应急处理题库"), ==, bank);
  kefu_training_view_delete_bank (KEFU_TRAINING_VIEW (view), bank);
  dialog = wait_dialog_named ("bank-delete");
  respond (dialog, "delete");
  g_assert_true (wait_for (view_idle, view, 30));
  g_assert_cmpint (bank_id_named (f, "应急处理题库"), ==, 0);
  save_screenshot (GTK_WIDGET (f->window), "training-banks-managed");

  /* the trainer maps a category of their own to a module */
  {
    AdwMessageDialog *mapping = ADW_MESSAGE_DIALOG (kefu_training_view_edit_mapping (KEFU_TRAINING_VIEW (view)));
    GtkWidget *extra = adw_message_dialog_get_extra_child (mapping);
    guint n_codes, law = 0;
    const KefuCode *codes = kefu_codes (KEFU_CODES_MODULE, &n_codes);

    for (guint i = 0; i < n_codes; i++)
      if (g_str_equal (codes[i].code, "law"))
        law = i + 1;   /* after "no module" */
    /* the shipped mapping is listed */
    g_assert_nonnull (strstr (adw_message_dialog_get_body (mapping), "法律法规 → "));
    gtk_editable_set_text (GTK_EDITABLE (find_descendant (extra, GTK_TYPE_ENTRY, NULL)), "物业费收缴");
    gtk_drop_down_set_selected (GTK_DROP_DOWN (find_descendant (extra, GTK_TYPE_DROP_DOWN, NULL)), law);
    save_screenshot (GTK_WIDGET (mapping), "training-module-mapping");
    respond (mapping, "save");
    g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM training_module_aliases "
                                                "WHERE category = '物业费收缴' AND module = 'law'"), ==, 1);
  }
}


/* A trainer opens a bank's questions, searches them, and corrects the key
 * of a question the demo's attempts used: they are marked again. */
static void
test_trainer_corrects_key (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view = open_training (f, "guohong");
  KefuStore *store = kefu_window_get_store (f->window);
  gint64 question = kefu_test_scalar (f->path,
    "SELECT x.question_id FROM attempt_answers x JOIN questions q ON q.id = x.question_id "
    "JOIN attempts a ON a.id = x.attempt_id WHERE q.type = 'single_choice' AND NOT q.retired "
    "AND a.state IN ('submitted', 'graded') GROUP BY x.question_id ORDER BY count(*) DESC, x.question_id LIMIT 1");
  g_autoptr(KefuQuestion) q = kefu_question_load (store, question, &error);
  g_autofree char *key = kefu_question_right_letters (q);
  const char *fixed = key[0] == 'A' ? "B" : "A";
  KefuQuestionListWindow *list;
  AdwMessageDialog *dialog;
  guint all;

  g_assert_no_error (error);
  g_assert_nonnull (find_descendant (view, GTK_TYPE_BUTTON, _("_Questions…")));
  list = KEFU_QUESTION_LIST_WINDOW (kefu_training_view_show_questions (KEFU_TRAINING_VIEW (view), q->bank_id));
  all = kefu_question_list_window_get_n_shown (list);
  g_assert_cmpuint (all, >, 1);
  save_screenshot (GTK_WIDGET (list), "question-list");
  /* the search narrows the list to the question searched for */
  kefu_question_list_window_set_search (list, q->stem, -1, FALSE);
  g_assert_cmpuint (kefu_question_list_window_get_n_shown (list), >=, 1);
  g_assert_cmpuint (kefu_question_list_window_get_n_shown (list), <, all);
  kefu_question_list_window_set_search (list, NULL, KEFU_QUESTION_SINGLE_CHOICE, FALSE);
  g_assert_cmpuint (kefu_question_list_window_get_n_shown (list), >=, 1);
  g_assert_cmpuint (kefu_question_list_window_get_n_shown (list), <, all);

  dialog = ADW_MESSAGE_DIALOG (kefu_question_list_window_correct_key (list, question));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_descendant (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, NULL))),
                   ==, key);
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, NULL)), fixed);
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();
    collect (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, NULL, entries);
    g_assert_cmpuint (entries->len, ==, 2);
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[1]), "教材修订，答案以新版为准");
  }
  save_screenshot (GTK_WIDGET (dialog), "correct-key");
  respond (dialog, "correct");
  dialog = wait_dialog_named ("question-message");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Key Corrected"));
  save_screenshot (GTK_WIDGET (dialog), "correct-key-done");
  respond (dialog, "close");
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM key_corrections WHERE reason = '教材修订，答案以新版为准'"),
                   ==, 1);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM score_changes WHERE kind = 'key'"), >, 0);
  {
    g_autoptr(KefuQuestion) now = kefu_question_load (store, question, &error);
    g_autofree char *letters = kefu_question_right_letters (now);
    g_assert_cmpstr (letters, ==, fixed);
  }
  gtk_window_destroy (GTK_WINDOW (list));
}

/* The paper's menu: withdrawing a paper people sat is refused with the
 * reason; a copy is a draft; a make-up goes to those who failed. */
static void
test_trainer_paper_withdraw_copy_make_up (Fixture       *f,
                                          gconstpointer  data)
{
  GtkWidget *view = open_training (f, "guohong");
  gint64 exam = kefu_test_scalar (f->path, "SELECT exam_id FROM attempts WHERE state = 'graded' GROUP BY exam_id "
                                           "ORDER BY count(*) DESC LIMIT 1");
  gint64 n_exams = kefu_test_scalar (f->path, "SELECT count(*) FROM exams");
  g_autofree char *failed_sql = g_strdup_printf (
    "SELECT count(DISTINCT user_id) FROM attempts a WHERE exam_id = %" G_GINT64_FORMAT " AND state = 'graded' "
    "AND NOT EXISTS (SELECT 1 FROM attempts b WHERE b.exam_id = a.exam_id AND b.user_id = a.user_id "
    "AND (b.passed OR b.state IN ('in_progress', 'submitted')))", exam);
  g_autofree char *state_sql = g_strdup_printf ("SELECT state = 'published' FROM exams WHERE id = %" G_GINT64_FORMAT, exam);
  g_autofree char *makeup_sql = g_strdup_printf ("SELECT count(*) FROM exams WHERE makeup_of = %" G_GINT64_FORMAT
                                                 " AND state = 'published'", exam);
  g_autofree char *name = NULL;
  gint64 failed = kefu_test_scalar (f->path, failed_sql);
  AdwMessageDialog *dialog;

  g_assert_cmpint (exam, >, 0);
  g_assert_cmpint (failed, >, 0);
  {
    g_auto(KefuExamSettings) s = { 0 };
    g_assert_true (kefu_exam_load (kefu_window_get_store (f->window), exam, &s, NULL));
    name = g_strdup (s.name);
  }
  dialog = ADW_MESSAGE_DIALOG (kefu_training_view_withdraw_paper (KEFU_TRAINING_VIEW (view), exam));
  save_screenshot (GTK_WIDGET (dialog), "paper-withdraw");
  respond (dialog, "withdraw");
  dialog = wait_dialog_named ("training-error");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("The Paper Was Not Withdrawn"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), name));
  save_screenshot (GTK_WIDGET (dialog), "paper-withdraw-refused");
  respond (dialog, "close");
  g_assert_cmpint (kefu_test_scalar (f->path, state_sql), ==, 1);

  g_assert_true (wait_for (view_idle, view, 30));
  g_assert_cmpint (kefu_training_view_copy_paper (KEFU_TRAINING_VIEW (view), exam), >, 0);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM exams"), ==, n_exams + 1);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT state = 'draft' FROM exams ORDER BY id DESC LIMIT 1"), ==, 1);

  g_assert_true (wait_for (view_idle, view, 30));
  dialog = ADW_MESSAGE_DIALOG (kefu_training_view_make_up (KEFU_TRAINING_VIEW (view), exam));
  save_screenshot (GTK_WIDGET (dialog), "paper-make-up");
  respond (dialog, "make-up");
  g_assert_true (wait_for (view_idle, view, 30));
  g_assert_cmpint (kefu_test_scalar (f->path, makeup_sql), ==, 1);
  /* everyone who failed it, and those who missed it */
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM exam_assignments WHERE exam_id = "
                                              "(SELECT max(id) FROM exams)"), >=, failed);
  wait_ms (100);
  save_screenshot (GTK_WIDGET (f->window), "papers-make-up");
}

/* The widgets of @type under @widget named @name, in order. */
static void
collect_named (GtkWidget  *widget,
               GType       type,
               const char *name,
               GPtrArray  *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_named (c, type, name, out);
}

static GtkEditable *
entry_named (GtkWidget  *widget,
             const char *name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_named (widget, GTK_TYPE_ENTRY, name, found);
  g_assert_cmpuint (found->len, ==, 1);
  return GTK_EDITABLE (found->pdata[0]);
}

/* Whether a message dialog named @name is shown now. */
static gboolean
message_shown (const char *name)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint k = 0; k < g_list_model_get_n_items (tops); k++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (tops, k);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (w) && g_strcmp0 (gtk_widget_get_name (w), name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The question editor changes a used multiple-choice question's choices,
 * key and tags: a new version carries them, the attempts keep the old one.
 * An empty choice or a key naming no choice is refused, saving nothing. */
static void
test_trainer_edits_choices_and_tags (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view = open_training (f, "guohong");
  KefuStore *store = kefu_window_get_store (f->window);
  gint64 question = kefu_test_scalar (f->path,
    "SELECT x.question_id FROM attempt_answers x JOIN questions q ON q.id = x.question_id "
    "WHERE q.type = 'multiple_choice' AND NOT q.retired GROUP BY x.question_id ORDER BY x.question_id LIMIT 1");
  g_autoptr(KefuQuestion) before = kefu_question_load (store, question, &error);
  g_autofree char *old_key = kefu_question_right_letters (before);
  g_autofree char *sql = NULL;
  KefuQuestionListWindow *list;
  AdwMessageDialog *dialog;
  gint64 n_questions = kefu_test_scalar (f->path, "SELECT count(*) FROM questions");
  gint64 newest;

  g_assert_no_error (error);
  g_assert_cmpint (question, >, 0);
  list = KEFU_QUESTION_LIST_WINDOW (kefu_training_view_show_questions (KEFU_TRAINING_VIEW (view), before->bank_id));

  /* an empty choice B: refused, nothing saved */
  dialog = ADW_MESSAGE_DIALOG (kefu_question_list_window_edit (list, question));
  {
    g_autoptr(GPtrArray) choices = g_ptr_array_new ();
    collect_named (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, "choice", choices);
    g_assert_cmpuint (choices->len, ==, before->options->len);
    g_assert_cmpstr (gtk_editable_get_text (choices->pdata[1]), ==, before->options->pdata[1]);
    gtk_editable_set_text (choices->pdata[1], "  ");
  }
  respond (dialog, "save");
  dialog = wait_dialog_named ("question-message");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "B"));
  respond (dialog, "close");
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM questions"), ==, n_questions);

  /* a key naming no choice: refused */
  dialog = ADW_MESSAGE_DIALOG (kefu_question_list_window_edit (list, question));
  gtk_editable_set_text (entry_named (GTK_WIDGET (dialog), "key"), "AZ");
  respond (dialog, "save");
  dialog = wait_dialog_named ("question-message");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "AZ"));
  respond (dialog, "close");
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM questions"), ==, n_questions);

  /* choice B reworded, the key A and B, two tags */
  dialog = ADW_MESSAGE_DIALOG (kefu_question_list_window_edit (list, question));
  {
    g_autoptr(GPtrArray) choices = g_ptr_array_new ();
    collect_named (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, "choice", choices);
    gtk_editable_set_text (choices->pdata[1], "耐心倾听业主诉求");
    gtk_editable_set_text (entry_named (GTK_WIDGET (dialog), "key"),
                           g_str_equal (old_key, "AB") ? "ABC" : "ab");
    gtk_editable_set_text (entry_named (GTK_WIDGET (dialog), "tags"), "礼仪、首问, 礼仪");
  }
  save_screenshot (GTK_WIDGET (dialog), "question-edit-choices");
  respond (dialog, "save");
  wait_ms (100);
  g_assert_false (message_shown ("question-message"));
  sql = g_strdup_printf ("SELECT max(id) FROM questions WHERE supersedes = %" G_GINT64_FORMAT, question);
  newest = kefu_test_scalar (f->path, sql);
  g_assert_cmpint (newest, >, question);   /* used: a new version */
  {
    g_autoptr(KefuQuestion) after = kefu_question_load (store, newest, &error);
    g_autoptr(KefuQuestion) old = kefu_question_load (store, question, &error);
    g_autofree char *key = kefu_question_right_letters (after);
    g_autofree char *kept = kefu_question_right_letters (old);

    g_assert_no_error (error);
    g_assert_cmpstr (after->options->pdata[1], ==, "耐心倾听业主诉求");
    g_assert_cmpstr (key, ==, g_str_equal (old_key, "AB") ? "ABC" : "AB");
    g_assert_cmpuint (after->tags->len, ==, 2);
    g_assert_cmpstr (after->tags->pdata[0], ==, "礼仪");
    g_assert_cmpstr (after->tags->pdata[1], ==, "首问");
    /* the attempts' version is as it was */
    g_assert_cmpstr (old->options->pdata[1], ==, before->options->pdata[1]);
    g_assert_cmpstr (kept, ==, old_key);
  }
  gtk_window_destroy (GTK_WINDOW (list));
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;

#define GUI_ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  GUI_ADD ("/gui/training/trainer-imports-gift", test_trainer_imports_gift);
  GUI_ADD ("/gui/training/trainer-manages-banks", test_trainer_manages_banks);
  GUI_ADD ("/gui/training/trainer-paper-statistics", test_trainer_paper_statistics);
  GUI_ADD ("/gui/training/trainer-new-paper", test_trainer_new_paper);
  GUI_ADD ("/gui/training/trainer-assessment-panel", test_trainer_assessment_panel);
  GUI_ADD ("/gui/training/trainer-defines-scenario-criteria", test_trainer_defines_scenario_criteria);
  GUI_ADD ("/gui/training/trainer-cohort-report", test_trainer_cohort_report);
  GUI_ADD ("/gui/training/trainer-grades-written-answers", test_trainer_grades_written_answers);
  GUI_ADD ("/gui/training/trainer-keys-in-paper", test_trainer_keys_in_paper);
  GUI_ADD ("/gui/training/trainer-corrects-key", test_trainer_corrects_key);
  GUI_ADD ("/gui/training/trainer-edits-choices-and-tags", test_trainer_edits_choices_and_tags);
  GUI_ADD ("/gui/training/trainer-paper-withdraw-copy-make-up", test_trainer_paper_withdraw_copy_make_up);
#undef GUI_ADD

  return g_test_run ();
}
