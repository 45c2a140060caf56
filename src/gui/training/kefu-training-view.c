/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-view.c — the Training view
 *
 * What the signed-in user may do, read on a worker thread with its own
 * connection each time the view is shown: everyone sees the papers open
 * to them (Start, or Resume with the time left), the questions due for
 * re-practice today (错题重练) and their past results (kefu-trainee-pane.c).
 * Whoever manages training (trainers, supervisors, managers,
 * administrators) also sees the question banks with their counts per type
 * (Import…, Export…), the papers with their statistics, the practical
 * assessments and the cohorts (kefu-trainer-pane.c). The panes' buttons
 * activate the training.* actions installed here, which open the windows
 * and dialogs and reload the view when something changed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-certificates-section.h"
#include "kefu-assessment.h"
#include "kefu-assessment-window.h"
#include "kefu-assign-dialog.h"
#include "kefu-bank-name-dialog.h"
#include "kefu-attempt-window.h"
#include "kefu-cohort.h"
#include "kefu-cohort-editor.h"
#include "kefu-cohort-window.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-exam-admin.h"
#include "kefu-exam-stats-window.h"
#include "kefu-exam-print.h"
#include "kefu-grading-window.h"
#include "kefu-key-in-dialog.h"
#include "kefu-exam-window.h"
#include "kefu-gui-util.h"
#include "kefu-loader.h"
#include "kefu-make-up-dialog.h"
#include "kefu-mapping-dialog.h"
#include "kefu-new-assessment.h"
#include "kefu-view.h"
#include "kefu-paper-dialog.h"
#include "kefu-practice.h"
#include "kefu-practice-window.h"
#include "kefu-question-list-window.h"
#include "kefu-survey-dialog.h"
#include "kefu-trainee-pane.h"
#include "kefu-trainer-pane.h"
#include "kefu-training-confirm.h"
#include "kefu-training-files.h"
#include "kefu-training-list.h"
#include "kefu-training-view.h"

struct _KefuTrainingView
{
  GtkWidget          parent_instance;

  KefuStore         *store;
  KefuUser          *user;
  KefuLoader        *loading;
  KefuTrainingFiles *files;     /* import, export, print */

  /* template */
  GtkStack          *stack;
  GtkSpinner        *spinner;
  KefuTraineePane   *trainee_pane;
  KefuTrainerPane   *trainer_pane;
};

static void kefu_training_view_view_init (KefuViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KefuTrainingView, kefu_training_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (KEFU_TYPE_VIEW, kefu_training_view_view_init))

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
kefu_training_view_can_manage (KefuTrainingView *self)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), FALSE);
  return self->user != NULL &&
         (kefu_user_can (self->user, KEFU_PERMISSION_TRAIN) ||
          g_strcmp0 (kefu_user_get_role (self->user), "manager") == 0);
}

static void
toast (KefuTrainingView *self,
       const char       *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

/* A dialog that acted ("done"): what it says, and the view read again if
 * something changed. */
static void
dialog_done_cb (KefuTrainingView *self,
                const char       *text,
                gboolean          changed)
{
  if (text != NULL)
    toast (self, text);
  if (changed)
    kefu_training_view_reload (self);
}

/* Loading ------------------------------------------------------------------ */

typedef struct {
  gint64      user_id;
  gboolean    manage;
  gint64      now;
  GPtrArray  *my_exams;
  GPtrArray  *results;
  guint       n_due;
  GPtrArray  *banks;
  GPtrArray  *exams;
  GPtrArray  *assessments;
  GPtrArray  *cohorts;
  GPtrArray  *my_cohorts;
} Loading;

static void
loading_free (Loading *l)
{
  g_clear_pointer (&l->my_exams, g_ptr_array_unref);
  g_clear_pointer (&l->results, g_ptr_array_unref);
  g_clear_pointer (&l->banks, g_ptr_array_unref);
  g_clear_pointer (&l->exams, g_ptr_array_unref);
  g_clear_pointer (&l->assessments, g_ptr_array_unref);
  g_clear_pointer (&l->cohorts, g_ptr_array_unref);
  g_clear_pointer (&l->my_cohorts, g_ptr_array_unref);
  g_free (l);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loading, loading_free)

static gboolean
load_thread (KefuStore     *reader,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Loading *l = data;
  g_autoptr(GArray) due = NULL;

  if ((l->my_exams = kefu_training_exams (reader, l->user_id, error)) == NULL ||
      (l->results = kefu_training_attempts (reader, l->user_id, error)) == NULL ||
      (due = kefu_practice_due (reader, l->user_id, l->now, error)) == NULL ||
      (l->my_cohorts = kefu_cohorts_of_member (reader, l->user_id, error)) == NULL)
    return FALSE;
  l->n_due = due->len;
  if (l->manage &&
      ((l->banks = kefu_training_banks (reader, error)) == NULL ||
       (l->exams = kefu_training_exams (reader, 0, error)) == NULL ||
       (l->assessments = kefu_training_assessments (reader, error)) == NULL ||
       (l->cohorts = kefu_cohorts (reader, error)) == NULL))
    return FALSE;
  return TRUE;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KefuTrainingView *self = KEFU_TRAINING_VIEW (object);
  g_autoptr(Loading) l = NULL;
  g_autoptr(GError) error = NULL;

  l = kefu_loader_load_finish (result, kefu_training_view_reload, &error);
  if (l == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  kefu_trainee_pane_fill (self->trainee_pane, self->store, self->user, l->now,
                          l->my_exams, l->my_cohorts, l->n_due, l->results);
  if (l->manage)
    kefu_trainer_pane_fill (self->trainer_pane, self->user, l->banks, l->exams, l->assessments, l->cohorts);
  else
    kefu_trainer_pane_clear (self->trainer_pane);
  gtk_widget_set_visible (GTK_WIDGET (self->trainer_pane), l->manage);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "content");
  kefu_view_emit_loaded (KEFU_VIEW (self));
}

void
kefu_training_view_reload (KefuTrainingView *self)
{
  Loading *l;

  g_return_if_fail (KEFU_IS_TRAINING_VIEW (self));
  if (self->store == NULL || self->user == NULL)
    return;
  l = g_new0 (Loading, 1);
  l->user_id = kefu_user_get_id (self->user);
  l->manage = kefu_training_view_can_manage (self);
  l->now = kefu_store_now (self->store);
  if (kefu_trainee_pane_is_empty (self->trainee_pane))
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  kefu_loader_load_async (self->loading, self, self->store, load_thread, l, (GDestroyNotify) loading_free,
                          kefu_training_view_reload, loaded_cb, NULL);
}

gboolean
kefu_training_view_is_loading (KefuTrainingView *self)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), FALSE);
  return kefu_loader_is_loading (self->loading);
}

void
kefu_training_view_set_store (KefuTrainingView *self,
                              KefuStore        *store,
                              KefuUser         *user)
{
  g_return_if_fail (KEFU_IS_TRAINING_VIEW (self));
  g_set_object (&self->store, store);
  kefu_training_files_set_store (self->files, store);
  if (self->user != user)
    {
      /* someone else's exams are not shown while theirs load */
      kefu_trainee_pane_clear (self->trainee_pane);
      kefu_trainer_pane_clear (self->trainer_pane);
    }
  g_set_object (&self->user, user);
  kefu_training_view_reload (self);
}

/* Certificates (kefu-certificates-section.c) -------------------------------- */

static void
certify_closed_cb (KefuTrainingView *self)
{
  kefu_training_view_reload (self);
}

static void
certificate_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KefuTrainingView *self = KEFU_TRAINING_VIEW (widget);

  if (g_str_equal (action_name, "training.print-certificate"))
    kefu_certificates_print (widget, self->store, g_variant_get_int64 (parameter));
  else
    {
      GtkWidget *dialog = kefu_certificates_certify (widget, self->store, g_variant_get_int64 (parameter));
      g_signal_connect_object (dialog, "response", G_CALLBACK (certify_closed_cb), self, G_CONNECT_SWAPPED);
    }
}

/* Exams -------------------------------------------------------------------- */

static GtkWindow *
parent_window (KefuTrainingView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
exam_window_closed_cb (KefuTrainingView *self)
{
  kefu_training_view_reload (self);
}

/* Starts the signed-in user's attempt at the paper, or resumes the one in
 * progress, in the exam window. NULL (with a toast) when refused. */
GtkWindow *
kefu_training_view_take_exam (KefuTrainingView *self,
                              gint64            exam_id)
{
  g_autoptr(GError) error = NULL;
  KefuExamWindow *window;
  gint64 attempt;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  g_return_val_if_fail (self->user != NULL, NULL);
  attempt = kefu_attempt_find_open (self->store, exam_id, kefu_user_get_id (self->user), &error);
  if (attempt == 0)
    attempt = kefu_attempt_start (self->store, exam_id, kefu_user_get_id (self->user), 0, &error);
  if (attempt <= 0 || (window = kefu_exam_window_new (parent_window (self), self->store, attempt, &error)) == NULL)
    {
      toast (self, error->message);
      kefu_training_view_reload (self);
      return NULL;
    }
  g_signal_connect_object (window, "destroy", G_CALLBACK (exam_window_closed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_maximize (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
confirm_start_response_cb (KefuTrainingConfirm *dialog,
                           const char          *response,
                           KefuTrainingView    *self)
{
  if (g_strcmp0 (response, "start") == 0)
    kefu_training_view_take_exam (self, kefu_training_confirm_get_item_id (dialog));
}

/* Starting uses an attempt and starts the clock: asked first. A paper
 * with an attempt in progress resumes without asking. */
GtkWindow *
kefu_training_view_confirm_start (KefuTrainingView *self,
                                  gint64            exam_id)
{
  g_autoptr(GError) error = NULL;
  g_auto(KefuExamSettings) settings = { 0 };
  GString *body;
  g_autofree char *text = NULL;
  KefuTrainingConfirm *dialog;
  gint64 open, used;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  open = kefu_attempt_find_open (self->store, exam_id, kefu_user_get_id (self->user), &error);
  if (open != 0)
    return kefu_training_view_take_exam (self, exam_id);
  if (!kefu_exam_load (self->store, exam_id, &settings, &error))
    {
      toast (self, error->message);
      return NULL;
    }
  used = kefu_attempts_count (self->store, exam_id, kefu_user_get_id (self->user));
  body = g_string_new (NULL);
  if (settings.attempts_allowed > 0)
    /* Translators: attempt number of allowed */
    g_string_append_printf (body, _("This is attempt %lld of %d."), (long long) used + 1, settings.attempts_allowed);
  else
    g_string_append (body, _("This starts a new attempt."));
  g_string_append_c (body, ' ');
  if (settings.time_limit_min > 0)
    g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                               "The clock starts now and runs for %d minute, even if you close the window.",
                                               "The clock starts now and runs for %d minutes, even if you close the window.",
                                               settings.time_limit_min),
                            settings.time_limit_min);
  else
    g_string_append (body, _("The paper has no time limit."));
  text = g_string_free (body, FALSE);
  dialog = kefu_training_confirm_new (parent_window (self), "confirm-start", _("Start the Exam?"), text, exam_id);
  kefu_training_confirm_add_choice (dialog, "start", _("_Start"), ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_start_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* Papers: publish and assign ------------------------------------------------ */

/* Asks before publishing a draft; the core checks the paper as a whole. */
GtkWindow *
kefu_training_view_publish_paper (KefuTrainingView *self,
                                  gint64            exam_id)
{
  KefuTrainingConfirm *dialog;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  dialog = kefu_training_confirm_new (parent_window (self), "publish-paper", _("Publish the Paper?"),
                                      _("Its questions and draw rules are checked as a whole and can no longer change. "
                                        "It then opens to the people you assign it to."),
                                      exam_id);
  kefu_training_confirm_add_choice (dialog, "publish", _("_Publish"), ADW_RESPONSE_SUGGESTED);
  kefu_training_confirm_set_op (dialog, "publish", self->store, kefu_exam_publish, _("The Paper Was Not Published"),
                                _("The paper was published. Assign it to people so it appears in their My Exams."));
  g_signal_connect_object (dialog, "done", G_CALLBACK (dialog_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* Assigns the paper to the people ticked, from an opening to a closing
 * moment (kefu-assign-dialog.c). */
GtkWindow *
kefu_training_view_assign_paper (KefuTrainingView *self,
                                 gint64            exam_id)
{
  g_autoptr(GError) error = NULL;
  KefuAssignDialog *dialog;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  if ((dialog = kefu_assign_dialog_new (parent_window (self), self->store, exam_id, &error)) == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  g_signal_connect_object (dialog, "done", G_CALLBACK (dialog_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
paper_created_cb (KefuTrainingView *self,
                  gint64            exam_id)
{
  toast (self, _("The paper was created."));
  kefu_training_view_reload (self);
}

GtkWindow *
kefu_training_view_new_paper (KefuTrainingView *self)
{
  KefuPaperDialog *dialog;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  dialog = kefu_paper_dialog_new (parent_window (self), self->store);
  g_signal_connect_object (dialog, "created", G_CALLBACK (paper_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
new_paper_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  if (kefu_training_view_can_manage (KEFU_TRAINING_VIEW (widget)))
    kefu_training_view_new_paper (KEFU_TRAINING_VIEW (widget));
}

/* The raters' scores of an assessment and its result. */
GtkWindow *
kefu_training_view_show_assessment (KefuTrainingView *self,
                                    gint64            assessment_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kefu_training_assessments (self->store, &error);
  g_autofree char *title = NULL;
  KefuAssessmentWindow *window;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      KefuAssessmentSummary *a = list->pdata[i];
      if (a->id == assessment_id)
        title = g_strdup_printf ("%s · %s", a->scenario, a->trainee);
    }
  window = kefu_assessment_window_new (parent_window (self), self->store, assessment_id, title, &error);
  if (window == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  g_signal_connect_object (window, "destroy", G_CALLBACK (exam_window_closed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/* A cohort's four-level evaluation. */
GtkWindow *
kefu_training_view_show_cohort (KefuTrainingView *self,
                                gint64            cohort_id)
{
  g_autoptr(GError) error = NULL;
  KefuCohortWindow *window;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  window = kefu_cohort_window_new (parent_window (self), self->store, cohort_id, &error);
  if (window == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/* A cohort's plan: members, sessions and attendance, surveys, follow-up. */
GtkWindow *
kefu_training_view_manage_cohort (KefuTrainingView *self,
                                  gint64            cohort_id)
{
  g_autoptr(GError) error = NULL;
  KefuCohortEditor *editor;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  editor = kefu_cohort_editor_new (parent_window (self), self->store, cohort_id, &error);
  if (editor == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  kefu_cohort_editor_set_refresh (editor, GTK_WIDGET (self));
  gtk_window_present (GTK_WINDOW (editor));
  return GTK_WINDOW (editor);
}

static void
cohort_plan_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KefuTrainingView *self = KEFU_TRAINING_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (action_name, "training.manage-cohort"))
    kefu_training_view_manage_cohort (self, g_variant_get_int64 (parameter));
  else if (g_str_equal (action_name, "training.delete-cohort"))
    kefu_cohort_delete_dialog (parent_window (self), self->store, g_variant_get_int64 (parameter), widget);
  else if (g_str_equal (action_name, "training.new-cohort"))
    kefu_cohort_new_dialog (parent_window (self), self->store, widget);
  else if (g_str_equal (action_name, "training.staff-groups"))
    {
      KefuStaffGroupsWindow *groups = kefu_staff_groups_window_new (parent_window (self), self->store, &error);
      if (groups == NULL)
        toast (self, error->message);
      else
        gtk_window_present (GTK_WINDOW (groups));
    }
}

/* The reaction survey (kefu-survey-dialog.c). */
GtkWindow *
kefu_training_view_rate_cohort (KefuTrainingView *self,
                                gint64            cohort_id)
{
  KefuSurveyDialog *dialog;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  dialog = kefu_survey_dialog_new (parent_window (self), self->store, cohort_id,
                                   self->user != NULL ? kefu_user_get_id (self->user) : 0);
  g_signal_connect_object (dialog, "done", G_CALLBACK (dialog_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
assessment_created_cb (gpointer      data,
                       gint64        id,
                       const GError *error)
{
  KefuTrainingView *self = data;

  if (id <= 0)
    {
      if (error != NULL)
        toast (self, error->message);
      return;
    }
  kefu_training_view_reload (self);
  kefu_training_view_show_assessment (self, id);
}

/* Asks for the scenario, the trainee and the scenario's criteria
 * (kefu-new-assessment.c); the panel is named in the assessment. */
GtkWindow *
kefu_training_view_new_assessment (KefuTrainingView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) users = NULL;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  users = kefu_desk_list_users (self->store, &error);
  if (users == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  return kefu_new_assessment_present (parent_window (self), self->store, G_LIST_MODEL (users),
                                      assessment_created_cb, g_object_ref (self), g_object_unref);
}

static void
new_assessment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  if (kefu_training_view_can_manage (KEFU_TRAINING_VIEW (widget)))
    kefu_training_view_new_assessment (KEFU_TRAINING_VIEW (widget));
}

static gboolean
grading_closed_cb (KefuTrainingView *self)
{
  kefu_training_view_reload (self);   /* pass rates change as attempts are graded */
  return FALSE;
}

/* Paper exams: versions A and B with their answer sheets, to a PDF. */
/* Paper exams: versions A and B with their answer sheets, to a PDF
 * (kefu-training-files.c asks where). */
gboolean
kefu_training_view_print_paper (KefuTrainingView    *self,
                                gint64               exam_id,
                                const char * const  *labels,
                                const char          *path,
                                GError             **error)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), FALSE);
  return kefu_exam_print_versions (self->store, exam_id, labels, path, error);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kefu_training_files_choose_print (KEFU_TRAINING_VIEW (widget)->files, g_variant_get_int64 (parameter));
}

/* Shows @window; the view reloads when it closes (results change). */
static GtkWindow *
present_then_reload (KefuTrainingView *self,
                     GtkWindow        *window)
{
  g_signal_connect_object (window, "close-request", G_CALLBACK (grading_closed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (window);
  return window;
}

/* A paper answer sheet keyed in. */
GtkWindow *
kefu_training_view_key_in (KefuTrainingView *self,
                           gint64            exam_id)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  return present_then_reload (self, GTK_WINDOW (kefu_key_in_dialog_new (parent_window (self), self->store, exam_id)));
}

/* The paper's written answers still to grade. */
GtkWindow *
kefu_training_view_grade (KefuTrainingView *self,
                          gint64            exam_id)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  return present_then_reload (self, GTK_WINDOW (kefu_grading_window_new (parent_window (self), self->store, exam_id)));
}

/* A paper's statistics, computed on a worker thread. */
GtkWindow *
kefu_training_view_show_stats (KefuTrainingView *self,
                               gint64            exam_id)
{
  KefuExamStatsWindow *window;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  window = kefu_exam_stats_window_new (parent_window (self), self->store, exam_id);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/* Today's re-practice of wrong answers. */
GtkWindow *
kefu_training_view_practise (KefuTrainingView *self)
{
  g_autoptr(GError) error = NULL;
  KefuPracticeWindow *window;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  g_return_val_if_fail (self->user != NULL, NULL);
  window = kefu_practice_window_new (parent_window (self), self->store, kefu_user_get_id (self->user), &error);
  if (window == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  g_signal_connect_object (window, "destroy", G_CALLBACK (exam_window_closed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/* Looking after banks, papers and results ------------------------------------ */

GtkWindow *
kefu_training_view_show_questions (KefuTrainingView *self,
                                   gint64            bank_id)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  return present_then_reload (self, GTK_WINDOW (kefu_question_list_window_new (parent_window (self), self->store,
                                                                               bank_id)));
}

GtkWindow *
kefu_training_view_show_result (KefuTrainingView *self,
                                gint64            attempt_id)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  return present_then_reload (self, GTK_WINDOW (kefu_attempt_window_new (parent_window (self), self->store, attempt_id,
                                                                         FALSE)));
}

GtkWindow *
kefu_training_view_show_attempts (KefuTrainingView *self,
                                  gint64            exam_id)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  return present_then_reload (self, kefu_exam_attempts_window_new (parent_window (self), self->store, exam_id));
}

gint64
kefu_training_view_copy_paper (KefuTrainingView *self,
                               gint64            exam_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), -1);
  id = kefu_exam_copy (self->store, exam_id, NULL, &error);
  if (id <= 0)
    kefu_training_show_error (parent_window (self), _("The Paper Was Not Copied"), error->message);
  else
    toast (self, _("The copy is a draft: change it, then publish it."));
  kefu_training_view_reload (self);
  return id;
}

GtkWindow *
kefu_training_view_withdraw_paper (KefuTrainingView *self,
                                   gint64            exam_id)
{
  KefuTrainingConfirm *dialog;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  dialog = kefu_training_confirm_new (parent_window (self), "withdraw-paper", _("Withdraw the Paper?"),
                                      _("It disappears from the My Exams of those it was assigned to. A paper that "
                                        "someone has sat cannot be withdrawn: its results stand."),
                                      exam_id);
  kefu_training_confirm_add_choice (dialog, "withdraw", _("_Withdraw"), ADW_RESPONSE_DESTRUCTIVE);
  kefu_training_confirm_set_op (dialog, "withdraw", self->store, kefu_exam_withdraw, _("The Paper Was Not Withdrawn"),
                                _("The paper was withdrawn."));
  g_signal_connect_object (dialog, "done", G_CALLBACK (dialog_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* A make-up exam (补考): a published copy for those who failed or missed
 * the paper (kefu-make-up-dialog.c). */
GtkWindow *
kefu_training_view_make_up (KefuTrainingView *self,
                            gint64            exam_id)
{
  KefuMakeUpDialog *dialog;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  dialog = kefu_make_up_dialog_new (parent_window (self), self->store, exam_id);
  g_signal_connect_object (dialog, "done", G_CALLBACK (dialog_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
copy_paper_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  kefu_training_view_copy_paper (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
practice_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kefu_training_view_practise (KEFU_TRAINING_VIEW (widget));
}

/* Banks: new, rename, delete ------------------------------------------------ */

/* Asks for a bank's name: a new bank (@bank_id 0) or a new name for one
 * (kefu-bank-name-dialog.c). */
GtkWindow *
kefu_training_view_name_bank (KefuTrainingView *self,
                              gint64            bank_id)
{
  g_autoptr(GError) error = NULL;
  KefuBankNameDialog *dialog;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  if ((dialog = kefu_bank_name_dialog_new (parent_window (self), self->store, bank_id, &error)) == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  g_signal_connect_object (dialog, "done", G_CALLBACK (dialog_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* Asks before deleting a bank and its questions. */
GtkWindow *
kefu_training_view_delete_bank (KefuTrainingView *self,
                                gint64            bank_id)
{
  g_autofree char *name = NULL, *body = NULL;
  g_autoptr(GError) error = NULL;
  KefuTrainingConfirm *dialog;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  if ((name = kefu_bank_name (self->store, bank_id, &error)) == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  body = g_strdup_printf (_("The bank “%s” and all its questions will be deleted. This cannot be undone. "
                            "A bank whose questions papers or attempts use cannot be deleted."), name);
  dialog = kefu_training_confirm_new (parent_window (self), "bank-delete", _("Delete Question Bank?"), body, bank_id);
  kefu_training_confirm_add_choice (dialog, "delete", _("_Delete"), ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  kefu_training_confirm_set_op (dialog, "delete", self->store, kefu_bank_delete, _("The Bank Was Not Deleted"), NULL);
  g_signal_connect_object (dialog, "done", G_CALLBACK (dialog_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
new_bank_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  if (kefu_training_view_can_manage (KEFU_TRAINING_VIEW (widget)))
    kefu_training_view_name_bank (KEFU_TRAINING_VIEW (widget), 0);
}

/* Categories → modules ------------------------------------------------------ */

/* The trainer's mapping of categories (分类) to course modules
 * (kefu-mapping-dialog.c). */
GtkWindow *
kefu_training_view_edit_mapping (KefuTrainingView *self)
{
  g_autoptr(GError) error = NULL;
  KefuMappingDialog *dialog;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  if ((dialog = kefu_mapping_dialog_new (parent_window (self), self->store, &error)) == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  g_signal_connect_object (dialog, "done", G_CALLBACK (dialog_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
mapping_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  if (kefu_training_view_can_manage (KEFU_TRAINING_VIEW (widget)))
    kefu_training_view_edit_mapping (KEFU_TRAINING_VIEW (widget));
}

/* Import and export: kefu-training-files.c ------------------------------- */

static void
imported_cb (KefuTrainingView *self)
{
  kefu_training_view_reload (self);
  g_signal_emit (self, signals[IMPORTED], 0);
}

/* Imports a GIFT or CSV file into @bank_name (NULL: a bank named after
 * the file) on a worker thread, then shows what was imported and skipped. */
void
kefu_training_view_import_file (KefuTrainingView *self,
                                const char       *path,
                                const char       *bank_name)
{
  g_return_if_fail (KEFU_IS_TRAINING_VIEW (self));
  g_return_if_fail (self->store != NULL);
  kefu_training_files_import_file (self->files, path, bank_name);
}

gboolean
kefu_training_view_is_importing (KefuTrainingView *self)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), FALSE);
  return kefu_training_files_is_importing (self->files);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuTrainingView *self = KEFU_TRAINING_VIEW (widget);

  if (kefu_training_view_can_manage (self))
    kefu_training_files_choose_import (self->files, parameter != NULL ? g_variant_get_int64 (parameter) : 0);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuTrainingView *self = KEFU_TRAINING_VIEW (widget);

  if (kefu_training_view_can_manage (self))
    kefu_training_files_choose_export (self->files, g_variant_get_int64 (parameter));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kefu_training_view_reload (KEFU_TRAINING_VIEW (widget));
}

/* The training.* actions on one item (int64: a paper, bank, cohort…):
 * which of the view's functions each calls. */
static const struct {
  const char *name;
  GtkWindow *(*open) (KefuTrainingView *self,
                      gint64            id);
} item_actions[] = {
  { "training.take-exam", kefu_training_view_take_exam },
  { "training.start-exam", kefu_training_view_confirm_start },
  { "training.publish", kefu_training_view_publish_paper },
  { "training.assign", kefu_training_view_assign_paper },
  { "training.stats", kefu_training_view_show_stats },
  { "training.grade", kefu_training_view_grade },
  { "training.key-in", kefu_training_view_key_in },
  { "training.assessment", kefu_training_view_show_assessment },
  { "training.cohort", kefu_training_view_show_cohort },
  { "training.survey", kefu_training_view_rate_cohort },
  { "training.questions", kefu_training_view_show_questions },
  { "training.result", kefu_training_view_show_result },
  { "training.attempts", kefu_training_view_show_attempts },
  { "training.withdraw", kefu_training_view_withdraw_paper },
  { "training.make-up", kefu_training_view_make_up },
  { "training.rename-bank", kefu_training_view_name_bank },
  { "training.delete-bank", kefu_training_view_delete_bank },
};

static void
item_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  for (guint i = 0; i < G_N_ELEMENTS (item_actions); i++)
    if (g_str_equal (action_name, item_actions[i].name))
      {
        item_actions[i].open (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
        return;
      }
}

/* GObject ------------------------------------------------------------------ */

static void
kefu_training_view_dispose (GObject *object)
{
  KefuTrainingView *self = KEFU_TRAINING_VIEW (object);

  if (self->loading != NULL)
    kefu_loader_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->files);
  g_clear_object (&self->store);
  g_clear_object (&self->user);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_TRAINING_VIEW);
  kefu_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (kefu_training_view_parent_class)->dispose (object);
}

static void
kefu_training_view_class_init (KefuTrainingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_training_view_dispose;

  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (KEFU_TYPE_TRAINEE_PANE);
  g_type_ensure (KEFU_TYPE_TRAINER_PANE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-training-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KefuTrainingView, stack);
  gtk_widget_class_bind_template_child (widget_class, KefuTrainingView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KefuTrainingView, trainee_pane);
  gtk_widget_class_bind_template_child (widget_class, KefuTrainingView, trainer_pane);

  for (guint i = 0; i < G_N_ELEMENTS (item_actions); i++)
    gtk_widget_class_install_action (widget_class, item_actions[i].name, "x", item_action);
  gtk_widget_class_install_action (widget_class, "training.print-certificate", "x", certificate_action);
  gtk_widget_class_install_action (widget_class, "training.certify", "x", certificate_action);
  gtk_widget_class_install_action (widget_class, "training.practice", NULL, practice_action);
  gtk_widget_class_install_action (widget_class, "training.print", "x", print_action);
  gtk_widget_class_install_action (widget_class, "training.new-paper", NULL, new_paper_action);
  gtk_widget_class_install_action (widget_class, "training.new-assessment", NULL, new_assessment_action);
  gtk_widget_class_install_action (widget_class, "training.manage-cohort", "x", cohort_plan_action);
  gtk_widget_class_install_action (widget_class, "training.delete-cohort", "x", cohort_plan_action);
  gtk_widget_class_install_action (widget_class, "training.new-cohort", NULL, cohort_plan_action);
  gtk_widget_class_install_action (widget_class, "training.staff-groups", NULL, cohort_plan_action);
  gtk_widget_class_install_action (widget_class, "training.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "training.import-into", "x", import_action);
  gtk_widget_class_install_action (widget_class, "training.new-bank", NULL, new_bank_action);
  gtk_widget_class_install_action (widget_class, "training.mapping", NULL, mapping_action);
  gtk_widget_class_install_action (widget_class, "training.export", "x", export_action);
  gtk_widget_class_install_action (widget_class, "training.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "training.copy-paper", "x", copy_paper_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "training.refresh", NULL);
}

static void
kefu_training_view_init (KefuTrainingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = kefu_loader_new ();
  self->files = kefu_training_files_new (GTK_WIDGET (self));
  g_signal_connect_object (self->files, "imported", G_CALLBACK (imported_cb), self, G_CONNECT_SWAPPED);
}

/* KefuView ---------------------------------------------------------------- */

static void
view_set_store (KefuView  *view,
                KefuStore *store,
                KefuUser  *user)
{
  kefu_training_view_set_store ((KefuTrainingView *) view, store, user);
}

static void
view_reload (KefuView *view)
{
  kefu_training_view_reload ((KefuTrainingView *) view);
}

static gboolean
view_is_loading (KefuView *view)
{
  return kefu_training_view_is_loading ((KefuTrainingView *) view);
}

static void
kefu_training_view_view_init (KefuViewInterface *iface)
{
  iface->set_store = view_set_store;
  iface->reload = view_reload;
  iface->is_loading = view_is_loading;
}
