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
#include <string.h>

#include "kefu-certificates-section.h"
#include "kefu-assessment.h"
#include "kefu-assessment-window.h"
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
#include "kefu-new-assessment.h"
#include "kefu-view.h"
#include "kefu-paper-dialog.h"
#include "kefu-practice.h"
#include "kefu-practice-window.h"
#include "kefu-question-io.h"
#include "kefu-question-list-window.h"
#include "kefu-trainee-pane.h"
#include "kefu-trainer-pane.h"
#include "kefu-training-list.h"
#include "kefu-training-view.h"

struct _KefuTrainingView
{
  GtkWidget      parent_instance;

  KefuStore     *store;
  KefuUser      *user;
  KefuLoader    *loading;
  guint          importing;

  /* template */
  GtkStack        *stack;
  GtkSpinner      *spinner;
  KefuTraineePane *trainee_pane;
  KefuTrainerPane *trainer_pane;
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

static void show_error (KefuTrainingView *self,
                        const char       *heading,
                        const char       *message);

static void
toast (KefuTrainingView *self,
       const char       *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
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
take_exam_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kefu_training_view_take_exam (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
confirm_start_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           KefuTrainingView *self)
{
  if (g_strcmp0 (response, "start") == 0)
    kefu_training_view_take_exam (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "exam-id")));
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
  GtkWidget *dialog;
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
  dialog = adw_message_dialog_new (parent_window (self), _("Start the Exam?"), text);
  gtk_widget_set_name (dialog, "confirm-start");
  g_object_set_data (G_OBJECT (dialog), "exam-id", GSIZE_TO_POINTER ((gsize) exam_id));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "start", _("_Start"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_start_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* Papers: publish and assign ------------------------------------------------ */

static void
publish_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KefuTrainingView *self)
{
  gint64 exam_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "exam-id"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "publish") != 0)
    return;
  if (!kefu_exam_publish (self->store, exam_id, &error))
    show_error (self, _("The Paper Was Not Published"), error->message);
  else
    toast (self, _("The paper was published. Assign it to people so it appears in their My Exams."));
  kefu_training_view_reload (self);
}

/* Asks before publishing a draft; the core checks the paper as a whole. */
GtkWindow *
kefu_training_view_publish_paper (KefuTrainingView *self,
                                  gint64            exam_id)
{
  GtkWidget *dialog;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  dialog = adw_message_dialog_new (parent_window (self), _("Publish the Paper?"),
                                   _("Its questions and draw rules are checked as a whole and can no longer change. "
                                     "It then opens to the people you assign it to."));
  gtk_widget_set_name (dialog, "publish-paper");
  g_object_set_data (G_OBJECT (dialog), "exam-id", GSIZE_TO_POINTER ((gsize) exam_id));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "publish", _("_Publish"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "publish", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (publish_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static gint64
parse_moment (const char *text)
{
  int y, mo, d, h = 0, mi = 0;
  g_autoptr(GDateTime) dt = NULL;

  if (sscanf (text, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) < 3)
    return -1;
  dt = g_date_time_new_local (y, mo, d, h, mi, 0);
  return dt != NULL ? g_date_time_to_unix (dt) : -1;
}

static void
assign_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    KefuTrainingView *self)
{
  gint64 exam_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "exam-id"));
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "checks");
  GPtrArray *group_checks = g_object_get_data (G_OBJECT (dialog), "group-checks");
  const char *opens_text = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "opens"));
  const char *closes_text = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "closes"));
  gint64 opens = parse_moment (opens_text), closes = parse_moment (closes_text);
  g_autoptr(GError) error = NULL;
  guint n = 0, n_groups = 0;

  if (g_strcmp0 (response, "assign") != 0)
    return;
  if (opens < 0 || closes < 0)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date and time such as 2026-12-07 09:00."),
                                                  opens < 0 ? opens_text : closes_text);
      show_error (self, _("The Paper Was Not Assigned"), message);
      return;
    }
  if (!kefu_store_begin (self->store, &error))
    {
      show_error (self, _("The Paper Was Not Assigned"), error->message);
      return;
    }
  for (guint i = 0; error == NULL && i < group_checks->len; i++)
    if (gtk_check_button_get_active (group_checks->pdata[i]))
      {
        gint64 group = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (group_checks->pdata[i]), "group-id"));
        if (!kefu_exam_assign_group (self->store, exam_id, group, opens, closes, &error))
          break;
        n_groups++;
      }
  for (guint i = 0; error == NULL && i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      {
        gint64 user = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (checks->pdata[i]), "user-id"));
        if (!kefu_exam_assign (self->store, exam_id, user, opens, closes, &error))
          break;
        n++;
      }
  if (error == NULL && n == 0 && n_groups == 0)
    g_set_error_literal (&error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Choose at least one staff group or person."));
  if (error != NULL)
    {
      kefu_store_rollback (self->store);
      show_error (self, _("The Paper Was Not Assigned"), error->message);
      return;
    }
  if (!kefu_store_commit (self->store, &error))
    show_error (self, _("The Paper Was Not Assigned"), error->message);
  else
    {
      g_autofree char *text = NULL;

      if (n_groups > 0 && n > 0)
        {
          g_autofree char *g = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u staff group", "%u staff groups",
                                                             n_groups), n_groups);
          g_autofree char *p = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more person", "%u more people", n), n);
          /* Translators: "… to 1 staff group and 2 more people." */
          text = g_strdup_printf (_("The paper was assigned to %s and %s."), g, p);
        }
      else if (n_groups > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The paper was assigned to %u staff group.",
                                             "The paper was assigned to %u staff groups.", n_groups), n_groups);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The paper was assigned to %u person.",
                                             "The paper was assigned to %u people.", n), n);
      toast (self, text);
    }
  kefu_training_view_reload (self);
}

/* Assigns the paper to the people ticked, from an opening to a closing
 * moment (by default now and a week from now, by the store's clock). */
GtkWindow *
kefu_training_view_assign_paper (KefuTrainingView *self,
                                 gint64            exam_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) users = NULL;
  GPtrArray *checks = g_ptr_array_new ();
  GPtrArray *group_checks = g_ptr_array_new ();
  g_autoptr(GPtrArray) groups = NULL;
  GtkWidget *dialog, *box, *list, *scrolled, *opens, *closes, *dates, *group_list;
  g_autoptr(GDateTime) now = NULL, week = NULL;
  g_autofree char *now_text = NULL, *week_text = NULL;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  users = kefu_desk_list_users (self->store, &error);
  if (users == NULL)
    {
      toast (self, error->message);
      g_ptr_array_unref (checks);
      g_ptr_array_unref (group_checks);
      return NULL;
    }
  groups = kefu_staff_groups (self->store, &error);
  if (groups == NULL)
    {
      toast (self, error->message);
      g_ptr_array_unref (checks);
      g_ptr_array_unref (group_checks);
      return NULL;
    }
  now = g_date_time_new_from_unix_local (kefu_store_now (self->store));
  week = g_date_time_add_days (now, 7);
  now_text = g_date_time_format (now, "%Y-%m-%d %H:%M");
  week_text = g_date_time_format (week, "%Y-%m-%d %H:%M");

  dialog = adw_message_dialog_new (parent_window (self), _("Assign the Paper"),
                                   _("It appears in the My Exams of these staff groups' members and people from the opening until the closing time."));
  gtk_widget_set_name (dialog, "assign-paper");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  dates = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  opens = gtk_entry_new ();
  closes = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (opens), now_text);
  gtk_editable_set_text (GTK_EDITABLE (closes), week_text);
  gtk_box_append (GTK_BOX (dates), gtk_label_new (_("Opens")));
  gtk_box_append (GTK_BOX (dates), opens);
  gtk_box_append (GTK_BOX (dates), gtk_label_new (_("Closes")));
  gtk_box_append (GTK_BOX (dates), closes);
  gtk_box_append (GTK_BOX (box), dates);
  /* staff groups (班组) first: their members at the time of assigning */
  group_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (group_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (group_list, "boxed-list");
  for (guint i = 0; i < groups->len; i++)
    {
      KefuStaffGroup *g = groups->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Staff group · %u member",
                                                               "Staff group · %u members", g->n_members), g->n_members);
      g_autofree char *name = g_strdup_printf ("group-%" G_GINT64_FORMAT, g->id);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), members);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data (G_OBJECT (check), "group-id", GSIZE_TO_POINTER ((gsize) g->id));
      gtk_widget_set_name (check, name);
      g_ptr_array_add (group_checks, check);
      gtk_list_box_append (GTK_LIST_BOX (group_list), row);
    }
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (users), i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kefu_user_get_name (u));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kefu_code_label (KEFU_CODES_ROLE, kefu_user_get_role (u)));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data (G_OBJECT (check), "user-id", GSIZE_TO_POINTER ((gsize) kefu_user_get_id (u)));
      gtk_widget_set_name (check, kefu_user_get_login (u));
      g_ptr_array_add (checks, check);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  {
    GtkWidget *both = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

    if (groups->len > 0)
      gtk_box_append (GTK_BOX (both), group_list);
    else
      {
        g_object_ref_sink (group_list);
        g_object_unref (group_list);
      }
    gtk_box_append (GTK_BOX (both), list);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), both);
  }
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data_full (G_OBJECT (dialog), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "group-checks", group_checks, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "opens", opens);
  g_object_set_data (G_OBJECT (dialog), "closes", closes);
  g_object_set_data (G_OBJECT (dialog), "exam-id", GSIZE_TO_POINTER ((gsize) exam_id));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "assign", _("_Assign"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "assign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (assign_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
confirm_start_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  kefu_training_view_confirm_start (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kefu_training_view_publish_paper (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kefu_training_view_assign_paper (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
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

static void
cohort_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kefu_training_view_show_cohort (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
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
  g_object_set_data_full (G_OBJECT (editor), "refresh", g_object_ref (self), g_object_unref);
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

static void
survey_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    KefuTrainingView *self)
{
  GPtrArray *spins = g_object_get_data (G_OBJECT (dialog), "spins");
  GtkEditable *comment = g_object_get_data (G_OBJECT (dialog), "comment");
  gint64 cohort_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "cohort-id"));
  g_autoptr(GError) error = NULL;
  int scores[KEFU_SURVEY_N_ITEMS];

  if (g_strcmp0 (response, "send") != 0 || self->user == NULL)
    return;
  for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
    scores[i] = gtk_spin_button_get_value_as_int (spins->pdata[i]);
  if (kefu_cohort_add_survey (self->store, cohort_id, kefu_user_get_id (self->user), scores,
                              gtk_editable_get_text (comment), &error) <= 0)
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("Thank you: your answers are saved."));
  kefu_training_view_reload (self);
}

/* The reaction survey: four answers from 1 (poor) to 5 (very good) and a comment. */
GtkWindow *
kefu_training_view_rate_cohort (KefuTrainingView *self,
                                gint64            cohort_id)
{
  GtkWidget *dialog, *grid, *comment;
  GPtrArray *spins = g_ptr_array_new ();

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  dialog = adw_message_dialog_new (parent_window (self), _("Rate the Course"),
                                   _("From 1 (poor) to 5 (very good). Your answers go to the trainer with your name."));
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
    {
      GtkWidget *label = gtk_label_new (kefu_survey_item_label (i));
      GtkWidget *spin = gtk_spin_button_new_with_range (1, 5, 1);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 5);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, kefu_survey_item_label (i), -1);
      gtk_grid_attach (GTK_GRID (grid), label, 0, i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), spin, 1, i, 1, 1);
      g_ptr_array_add (spins, spin);
    }
  comment = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (comment), _("Comment (optional)"));
  gtk_grid_attach (GTK_GRID (grid), comment, 0, KEFU_SURVEY_N_ITEMS, 2, 1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);
  g_object_set_data_full (G_OBJECT (dialog), "spins", spins, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "comment", comment);
  g_object_set_data (G_OBJECT (dialog), "cohort-id", GSIZE_TO_POINTER ((gsize) cohort_id));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "send", _("_Send"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_signal_connect_object (dialog, "response", G_CALLBACK (survey_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
survey_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kefu_training_view_rate_cohort (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
assessment_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  kefu_training_view_show_assessment (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
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
static void
print_response_cb (GtkNativeDialog *dialog,
                   int              response,
                   gpointer         data)
{
  KefuTrainingView *self = g_object_get_data (G_OBJECT (dialog), "kefu-view");
  gint64 exam_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "kefu-exam"));
  const char *labels[] = { "A", "B", NULL };
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (kefu_training_view_print_paper (self, exam_id, labels, path, &error))
    /* Translators: a toast after printing a paper exam to a file */
    text = g_strdup_printf (_("Versions A and B with their answer sheets are in “%s”"), path);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text != NULL ? text : error->message);
}

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
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Print the Paper to PDF"),
                                                              parent_window (KEFU_TRAINING_VIEW (widget)),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));

  /* Translators: the suggested file name of a printed paper exam */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("paper-versions-A-B.pdf"));
  g_object_set_data (G_OBJECT (dialog), "kefu-view", widget);
  g_object_set_data (G_OBJECT (dialog), "kefu-exam", GSIZE_TO_POINTER (g_variant_get_int64 (parameter)));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (print_response_cb), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
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

static void
key_in_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kefu_training_view_key_in (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

/* The paper's written answers still to grade. */
GtkWindow *
kefu_training_view_grade (KefuTrainingView *self,
                          gint64            exam_id)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  return present_then_reload (self, GTK_WINDOW (kefu_grading_window_new (parent_window (self), self->store, exam_id)));
}

static void
grade_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kefu_training_view_grade (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
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

static void
stats_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kefu_training_view_show_stats (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
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
    show_error (self, _("The Paper Was Not Copied"), error->message);
  else
    toast (self, _("The copy is a draft: change it, then publish it."));
  kefu_training_view_reload (self);
  return id;
}

static void
withdraw_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      KefuTrainingView *self)
{
  gint64 exam_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "exam-id"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "withdraw") != 0)
    return;
  if (!kefu_exam_withdraw (self->store, exam_id, &error))
    show_error (self, _("The Paper Was Not Withdrawn"), error->message);
  else
    toast (self, _("The paper was withdrawn."));
  kefu_training_view_reload (self);
}

GtkWindow *
kefu_training_view_withdraw_paper (KefuTrainingView *self,
                                   gint64            exam_id)
{
  GtkWidget *dialog;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  dialog = adw_message_dialog_new (parent_window (self), _("Withdraw the Paper?"),
                                   _("It disappears from the My Exams of those it was assigned to. A paper that "
                                     "someone has sat cannot be withdrawn: its results stand."));
  gtk_widget_set_name (dialog, "withdraw-paper");
  g_object_set_data (G_OBJECT (dialog), "exam-id", GSIZE_TO_POINTER ((gsize) exam_id));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "withdraw", _("_Withdraw"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "withdraw", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (withdraw_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
make_up_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KefuTrainingView *self)
{
  gint64 exam_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "exam-id"));
  const char *opens_text = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "opens"));
  const char *closes_text = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "closes"));
  gint64 opens = parse_moment (opens_text), closes = parse_moment (closes_text);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (g_strcmp0 (response, "make-up") != 0)
    return;
  if (opens < 0 || closes < 0)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date and time such as 2026-12-07 09:00."),
                                                  opens < 0 ? opens_text : closes_text);
      show_error (self, _("No Make-Up Exam Was Set"), message);
      return;
    }
  if (kefu_exam_make_up (self->store, exam_id, opens, closes, &n, &error) <= 0)
    show_error (self, _("No Make-Up Exam Was Set"), error->message);
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "The make-up exam was published for %u person.",
                                                            "The make-up exam was published for %u people.", n), n);
      toast (self, text);
    }
  kefu_training_view_reload (self);
}

/* A make-up exam (补考): a published copy for those who failed or missed
 * the paper, from an opening to a closing moment. */
GtkWindow *
kefu_training_view_make_up (KefuTrainingView *self,
                            gint64            exam_id)
{
  GtkWidget *dialog, *dates, *opens, *closes;
  g_autoptr(GDateTime) now = NULL, week = NULL;
  g_autofree char *now_text = NULL, *week_text = NULL;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  now = g_date_time_new_from_unix_local (kefu_store_now (self->store));
  week = g_date_time_add_days (now, 7);
  now_text = g_date_time_format (now, "%Y-%m-%d %H:%M");
  week_text = g_date_time_format (week, "%Y-%m-%d %H:%M");
  dialog = adw_message_dialog_new (parent_window (self), _("Make-Up Exam"),
                                   _("A copy of the paper is published for everyone it was set for who failed it or "
                                     "did not sit it; those who passed, or whose answers still wait for grading, "
                                     "are left out."));
  gtk_widget_set_name (dialog, "make-up");
  dates = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  opens = gtk_entry_new ();
  closes = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (opens), now_text);
  gtk_editable_set_text (GTK_EDITABLE (closes), week_text);
  gtk_box_append (GTK_BOX (dates), gtk_label_new (_("Opens")));
  gtk_box_append (GTK_BOX (dates), opens);
  gtk_box_append (GTK_BOX (dates), gtk_label_new (_("Closes")));
  gtk_box_append (GTK_BOX (dates), closes);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), dates);
  g_object_set_data (G_OBJECT (dialog), "opens", opens);
  g_object_set_data (G_OBJECT (dialog), "closes", closes);
  g_object_set_data (G_OBJECT (dialog), "exam-id", GSIZE_TO_POINTER ((gsize) exam_id));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "make-up", _("_Publish Make-Up"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "make-up", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (make_up_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
questions_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kefu_training_view_show_questions (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
result_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kefu_training_view_show_result (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
attempts_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kefu_training_view_show_attempts (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
copy_paper_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  kefu_training_view_copy_paper (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
withdraw_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kefu_training_view_withdraw_paper (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
make_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kefu_training_view_make_up (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
practice_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kefu_training_view_practise (KEFU_TRAINING_VIEW (widget));
}

/* Banks: new, rename, delete ------------------------------------------------ */

static void
show_error (KefuTrainingView *self,
            const char       *heading,
            const char       *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, message);

  gtk_widget_set_name (dialog, "training-error");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
bank_name_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       KefuTrainingView *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "name");
  gint64 bank_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "bank-id"));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_strcmp0 (response, "save") != 0)
    return;
  if (bank_id > 0)
    ok = kefu_bank_rename (self->store, bank_id, gtk_editable_get_text (entry), &error);
  else
    ok = kefu_bank_create (self->store, gtk_editable_get_text (entry), &error) > 0;
  if (!ok)
    show_error (self, bank_id > 0 ? _("The Bank Was Not Renamed") : _("The Bank Was Not Created"), error->message);
  kefu_training_view_reload (self);
}

/* Asks for a bank's name: a new bank (@bank_id 0) or a new name for one. */
GtkWindow *
kefu_training_view_name_bank (KefuTrainingView *self,
                              gint64            bank_id)
{
  g_autofree char *old = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog, *entry;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  if (bank_id > 0 && (old = kefu_bank_name (self->store, bank_id, &error)) == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  if (bank_id > 0)
    dialog = adw_message_dialog_new (parent_window (self), _("Rename Question Bank"), NULL);
  else
    dialog = adw_message_dialog_new (parent_window (self), _("New Question Bank"),
                                     _("An empty bank: import questions into it with its Import… button."));
  gtk_widget_set_name (dialog, "bank-name");
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("e.g. 新员工入职题库"));
  if (old != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), old);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "name", entry);
  g_object_set_data (G_OBJECT (dialog), "bank-id", GSIZE_TO_POINTER ((gsize) bank_id));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "save", bank_id > 0 ? _("_Rename") : _("C_reate"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  g_signal_connect_object (dialog, "response", G_CALLBACK (bank_name_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
bank_delete_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         KefuTrainingView *self)
{
  gint64 bank_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "bank-id"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (!kefu_bank_delete (self->store, bank_id, &error))
    show_error (self, _("The Bank Was Not Deleted"), error->message);
  kefu_training_view_reload (self);
}

/* Asks before deleting a bank and its questions. */
GtkWindow *
kefu_training_view_delete_bank (KefuTrainingView *self,
                                gint64            bank_id)
{
  g_autofree char *name = NULL, *body = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  if ((name = kefu_bank_name (self->store, bank_id, &error)) == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  body = g_strdup_printf (_("The bank “%s” and all its questions will be deleted. This cannot be undone. "
                            "A bank whose questions papers or attempts use cannot be deleted."), name);
  dialog = adw_message_dialog_new (parent_window (self), _("Delete Question Bank?"), body);
  gtk_widget_set_name (dialog, "bank-delete");
  g_object_set_data (G_OBJECT (dialog), "bank-id", GSIZE_TO_POINTER ((gsize) bank_id));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (bank_delete_response_cb), self, 0);
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

static void
rename_bank_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  kefu_training_view_name_bank (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
delete_bank_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  kefu_training_view_delete_bank (KEFU_TRAINING_VIEW (widget), g_variant_get_int64 (parameter));
}

/* Categories → modules ------------------------------------------------------ */

static void
mapping_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KefuTrainingView *self)
{
  GtkEditable *category = g_object_get_data (G_OBJECT (dialog), "category");
  GtkDropDown *module = g_object_get_data (G_OBJECT (dialog), "module");
  guint n_codes, selected = gtk_drop_down_get_selected (module);
  const KefuCode *codes = kefu_codes (KEFU_CODES_MODULE, &n_codes);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (category)));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  if (!kefu_module_alias_set (self->store, text, selected >= 1 && selected <= n_codes ? codes[selected - 1].code : NULL,
                              &error))
    show_error (self, _("The Mapping Was Not Saved"), error->message);
  else
    toast (self, _("Imports from now on use the mapping."));
}

/* The trainer's mapping of categories (分类) to course modules: what it
 * holds, and a category to map (or, with “no module”, to unmap). */
GtkWindow *
kefu_training_view_edit_mapping (KefuTrainingView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) aliases = NULL;
  g_autoptr(GtkStringList) modules = gtk_string_list_new (NULL);
  GString *body;
  g_autofree char *text = NULL;
  GtkWidget *dialog, *box, *category, *module;
  guint n_codes;
  const KefuCode *codes = kefu_codes (KEFU_CODES_MODULE, &n_codes);

  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), NULL);
  if ((aliases = kefu_module_aliases (self->store, &error)) == NULL)
    {
      toast (self, error->message);
      return NULL;
    }
  body = g_string_new (_("A question's category (分类) gives its course module: the module's own name, or this mapping."));
  g_string_append_c (body, '\n');
  for (guint i = 0; i < aliases->len; i++)
    {
      g_auto(GStrv) pair = g_strsplit (aliases->pdata[i], "=", 2);
      g_string_append_printf (body, "\n%s → %s", pair[0], kefu_code_label (KEFU_CODES_MODULE, pair[1]));
    }
  text = g_string_free (body, FALSE);
  dialog = adw_message_dialog_new (parent_window (self), _("Categories and Modules"), text);
  gtk_widget_set_name (dialog, "module-mapping");
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  category = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (category), _("Category, e.g. 物业费收缴"));
  gtk_string_list_append (modules, _("no module (remove the mapping)"));
  for (guint i = 0; i < n_codes; i++)
    gtk_string_list_append (modules, kefu_code_label (KEFU_CODES_MODULE, codes[i].code));
  module = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&modules)), NULL);
  gtk_widget_set_hexpand (category, TRUE);
  gtk_box_append (GTK_BOX (box), category);
  gtk_box_append (GTK_BOX (box), gtk_label_new ("→"));
  gtk_box_append (GTK_BOX (box), module);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "category", category);
  g_object_set_data (G_OBJECT (dialog), "module", module);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Close"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (mapping_response_cb), self, 0);
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

/* Import and export --------------------------------------------------------- */

typedef struct {
  char               *db_path;
  char               *path;
  char               *bank;
  gint64              actor;
  gint64              bank_id;
  KefuQuestionFormat  format;
  guint               n_written;
  KefuQuestionImport *import;
} Job;

static void
job_free (Job *j)
{
  g_free (j->db_path);
  g_free (j->path);
  g_free (j->bank);
  g_clear_pointer (&j->import, kefu_question_import_free);
  g_free (j);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* (no reader from the loader: the import opens its own connection) */
static gboolean
import_thread (KefuStore     *no_reader,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Job *j = data;
  g_autoptr(KefuStore) writer = kefu_store_open (j->db_path, KEFU_STORE_OPEN_READER, error);

  if (writer != NULL)
    {
      kefu_store_set_busy_timeout (writer, 5000);
      kefu_store_set_actor (writer, j->actor);
      j->import = kefu_questions_import_file (writer, j->path, KEFU_QUESTION_FORMAT_AUTO, j->bank, error);
    }
  return j->import != NULL;
}

/* What an import did: the counts per type, then every skipped question
 * with its line and reason. */
static void
show_import_result (KefuTrainingView *self,
                    Job              *j)
{
  KefuQuestionImport *import = j->import;
  g_autofree char *name = g_path_get_basename (j->path);
  GString *body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;
  GtkWidget *dialog;
  guint total = kefu_question_import_total (import);

  if (total == 0 && import->duplicates->len > 0)
    {
      /* the same file again: nothing doubles */
      heading = g_strdup (_("Nothing New"));
      g_string_append_printf (body, _("Every question of “%s” that could be taken is already in the bank “%s”: "
                                      "nothing was added."), name, j->bank);
    }
  else if (total == 0)
    {
      /* every question was skipped: nothing was written, no bank made */
      heading = g_strdup (_("Nothing Imported"));
      g_string_append_printf (body, _("No question of “%s” could be taken; the bank “%s” was not changed."),
                              name, j->bank);
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Question Imported", "%u Questions Imported", total), total);
      /* Translators: the import result: file name, bank name, encoding */
      g_string_append_printf (body, _("From “%s” into the bank “%s” (%s)."), name, j->bank, import->encoding);
    }
  for (KefuQuestionType t = 0; t < KEFU_QUESTION_N_TYPES; t++)
    if (import->imported[t] > 0)
      g_string_append_printf (body, "\n%s: %u", kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (t)),
                              import->imported[t]);
  if (import->skipped->len > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u question was skipped.", "%u questions were skipped.",
                                                 import->skipped->len), import->skipped->len);
    }
  if (import->duplicates->len > 0)
    {
      g_string_append (body, import->skipped->len > 0 ? " " : "\n\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u question is already in the bank and was not added again.",
                                                 "%u questions are already in the bank and were not added again.",
                                                 import->duplicates->len), import->duplicates->len);
    }
  if (import->notes->len > 0)
    {
      g_string_append (body, "\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u question to check.", "%u questions to check.",
                                                 import->notes->len), import->notes->len);
    }
  text = g_string_free (body, FALSE);
  dialog = adw_message_dialog_new (parent_window (self), heading, text);
  gtk_widget_set_name (dialog, "import-result");
  if (import->skipped->len + import->duplicates->len + import->notes->len > 0)
    {
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      for (guint k = 0; k < 3; k++)
        {
          GArray *what = k == 0 ? import->skipped : k == 1 ? import->duplicates : import->notes;
          const char *kind = k == 0 ? _("Skipped") : k == 1 ? _("Already in the bank") : _("To check");

          for (guint i = 0; i < what->len; i++)
            {
              KefuQuestionSkip *skip = &g_array_index (what, KefuQuestionSkip, i);
              /* Translators: a line of the import report: "Line 12 · Skipped" */
              g_autofree char *line = k == 0 ? g_strdup_printf (_("Line %u"), skip->line)
                                             : g_strdup_printf (_("Line %u · %s"), skip->line, kind);
              GtkWidget *row = adw_action_row_new ();

              adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line);
              adw_action_row_set_subtitle (ADW_ACTION_ROW (row), skip->reason);
              gtk_widget_set_name (row, k == 0 ? "skipped-row" : k == 1 ? "duplicate-row" : "note-row");
              gtk_list_box_append (GTK_LIST_BOX (list), row);
            }
        }
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 300);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KefuTrainingView *self = KEFU_TRAINING_VIEW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(Job) j = kefu_loader_load_finish (result, kefu_training_view_import_file, &error);

  self->importing--;
  if (j == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("The File Cannot Be Imported"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    show_import_result (self, j);
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
  Job *j;

  g_return_if_fail (KEFU_IS_TRAINING_VIEW (self));
  g_return_if_fail (self->store != NULL);
  j = g_new0 (Job, 1);
  j->db_path = g_strdup (kefu_store_get_path (self->store));
  j->path = g_strdup (path);
  if (bank_name != NULL)
    j->bank = g_strdup (bank_name);
  else
    {
      g_autofree char *base = g_path_get_basename (path);
      char *dot = strrchr (base, '.');
      if (dot != NULL && dot != base)
        *dot = '\0';
      j->bank = g_steal_pointer (&base);
    }
  j->actor = kefu_store_get_actor (self->store);
  self->importing++;
  kefu_loader_run_async (self, NULL, import_thread, j, (GDestroyNotify) job_free,
                         kefu_training_view_import_file, imported_cb, NULL);
}

gboolean
kefu_training_view_is_importing (KefuTrainingView *self)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_VIEW (self), FALSE);
  return self->importing > 0;
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  KefuTrainingView *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      const char *bank = g_object_get_data (G_OBJECT (chooser), "bank");

      if (path != NULL)
        kefu_training_view_import_file (self, path, bank);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuTrainingView *self = KEFU_TRAINING_VIEW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_autofree char *bank = NULL;

  if (!kefu_training_view_can_manage (self))
    return;
  if (parameter != NULL && (bank = kefu_bank_name (self->store, g_variant_get_int64 (parameter), NULL)) == NULL)
    return;
  chooser = gtk_file_chooser_native_new (bank != NULL ? _("Import Questions into the Bank") : _("Import Questions"),
                                         parent_window (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  g_object_set_data_full (G_OBJECT (chooser), "bank", g_steal_pointer (&bank), g_free);
  gtk_file_filter_set_name (filter, _("GIFT or CSV question files"));
  gtk_file_filter_add_pattern (filter, "*.gift");
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
export_thread (KefuStore     *no_reader,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Job *j = data;
  g_autoptr(KefuStore) reader = kefu_store_open (j->db_path, KEFU_STORE_OPEN_READER, error);

  /* the answer keys are checked against who asked */
  if (reader != NULL)
    kefu_store_set_actor (reader, j->actor);
  return reader != NULL && kefu_questions_export_file (reader, j->bank_id, j->format, j->path, &j->n_written, error);
}

static void export_response_cb (GtkNativeDialog *chooser,
                                int              response,
                                gpointer         user_data);

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KefuTrainingView *self = KEFU_TRAINING_VIEW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(Job) j = kefu_loader_load_finish (result, export_response_cb, &error);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (j == NULL)
    text = g_strdup (error->message);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u question to %s", "Exported %u questions to %s", j->n_written),
                            j->n_written, (name = g_path_get_basename (j->path)));
  toast (self, text);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  KefuTrainingView *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        {
          Job *j = g_new0 (Job, 1);

          j->db_path = g_strdup (kefu_store_get_path (self->store));
          j->actor = kefu_store_get_actor (self->store);
          j->path = g_strdup (path);
          j->bank_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (chooser), "bank-id"));
          j->format = g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV")
                      ? KEFU_QUESTION_FORMAT_CSV : KEFU_QUESTION_FORMAT_GIFT;
          kefu_loader_run_async (self, NULL, export_thread, j, (GDestroyNotify) job_free,
                                 export_response_cb, exported_cb, NULL);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuTrainingView *self = KEFU_TRAINING_VIEW (widget);
  GtkFileChooserNative *chooser;

  if (!kefu_training_view_can_manage (self))
    return;
  chooser = gtk_file_chooser_native_new (_("Export the Question Bank"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  /* Translators: the suggested file name of a question bank export; .gift is Moodle's format, .csv the spreadsheet */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("questions.gift"));
  g_object_set_data (G_OBJECT (chooser), "bank-id", GSIZE_TO_POINTER ((gsize) g_variant_get_int64 (parameter)));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kefu_training_view_reload (KEFU_TRAINING_VIEW (widget));
}

/* GObject ------------------------------------------------------------------ */

static void
kefu_training_view_dispose (GObject *object)
{
  KefuTrainingView *self = KEFU_TRAINING_VIEW (object);

  if (self->loading != NULL)
    kefu_loader_cancel (self->loading);
  g_clear_object (&self->loading);
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

  gtk_widget_class_install_action (widget_class, "training.take-exam", "x", take_exam_action);
  gtk_widget_class_install_action (widget_class, "training.print-certificate", "x", certificate_action);
  gtk_widget_class_install_action (widget_class, "training.certify", "x", certificate_action);
  gtk_widget_class_install_action (widget_class, "training.start-exam", "x", confirm_start_action);
  gtk_widget_class_install_action (widget_class, "training.publish", "x", publish_action);
  gtk_widget_class_install_action (widget_class, "training.assign", "x", assign_action);
  gtk_widget_class_install_action (widget_class, "training.practice", NULL, practice_action);
  gtk_widget_class_install_action (widget_class, "training.stats", "x", stats_action);
  gtk_widget_class_install_action (widget_class, "training.grade", "x", grade_action);
  gtk_widget_class_install_action (widget_class, "training.print", "x", print_action);
  gtk_widget_class_install_action (widget_class, "training.key-in", "x", key_in_action);
  gtk_widget_class_install_action (widget_class, "training.new-paper", NULL, new_paper_action);
  gtk_widget_class_install_action (widget_class, "training.assessment", "x", assessment_action);
  gtk_widget_class_install_action (widget_class, "training.new-assessment", NULL, new_assessment_action);
  gtk_widget_class_install_action (widget_class, "training.cohort", "x", cohort_action);
  gtk_widget_class_install_action (widget_class, "training.survey", "x", survey_action);
  gtk_widget_class_install_action (widget_class, "training.manage-cohort", "x", cohort_plan_action);
  gtk_widget_class_install_action (widget_class, "training.delete-cohort", "x", cohort_plan_action);
  gtk_widget_class_install_action (widget_class, "training.new-cohort", NULL, cohort_plan_action);
  gtk_widget_class_install_action (widget_class, "training.staff-groups", NULL, cohort_plan_action);
  gtk_widget_class_install_action (widget_class, "training.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "training.import-into", "x", import_action);
  gtk_widget_class_install_action (widget_class, "training.new-bank", NULL, new_bank_action);
  gtk_widget_class_install_action (widget_class, "training.mapping", NULL, mapping_action);
  gtk_widget_class_install_action (widget_class, "training.rename-bank", "x", rename_bank_action);
  gtk_widget_class_install_action (widget_class, "training.delete-bank", "x", delete_bank_action);
  gtk_widget_class_install_action (widget_class, "training.export", "x", export_action);
  gtk_widget_class_install_action (widget_class, "training.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "training.questions", "x", questions_action);
  gtk_widget_class_install_action (widget_class, "training.result", "x", result_action);
  gtk_widget_class_install_action (widget_class, "training.attempts", "x", attempts_action);
  gtk_widget_class_install_action (widget_class, "training.copy-paper", "x", copy_paper_action);
  gtk_widget_class_install_action (widget_class, "training.withdraw", "x", withdraw_action);
  gtk_widget_class_install_action (widget_class, "training.make-up", "x", make_up_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "training.refresh", NULL);
}

static void
kefu_training_view_init (KefuTrainingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = kefu_loader_new ();
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
