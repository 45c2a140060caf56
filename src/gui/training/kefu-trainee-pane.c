/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-trainee-pane.c — what everyone sees in the Training view
 *
 * The papers open to the signed-in user (Start, or Resume with the time
 * left: kefu-exam-row.c), the courses they took with their survey, the
 * questions due for re-practice today (错题重练), their past results and
 * their certificates (kefu-certificates-section.c). The buttons activate
 * the view's training.* actions.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-certificates-section.h"
#include "kefu-cohort.h"
#include "kefu-enums.h"
#include "kefu-exam-row.h"
#include "kefu-gui-util.h"
#include "kefu-trainee-pane.h"
#include "kefu-training-group.h"
#include "kefu-training-list.h"

struct _KefuTraineePane
{
  GtkBox parent_instance;
};

G_DEFINE_FINAL_TYPE (KefuTraineePane, kefu_trainee_pane, GTK_TYPE_BOX)

static void
kefu_trainee_pane_class_init (KefuTraineePaneClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-trainee-pane.ui");
}

static void
kefu_trainee_pane_init (KefuTraineePane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
build_my_exams (KefuTraineePane *self,
                GPtrArray       *my_exams,
                gint64           now)
{
  KefuTrainingGroup *group = kefu_training_group_add (GTK_BOX (self), _("My Exams"), NULL);
  guint shown = 0;

  for (guint i = 0; i < my_exams->len; i++)
    {
      KefuExamSummary *e = my_exams->pdata[i];

      if (e->n_questions == 0)
        continue;
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (kefu_exam_row_new (e, now)));
      shown++;
    }
  if (shown == 0)
    kefu_training_group_add_empty (group, _("No papers are open to you yet. When a trainer sets one up, it appears here with Start."));
}

static void
build_practice (KefuTraineePane *self,
                guint            n_due)
{
  KefuTrainingGroup *group = kefu_training_group_add (GTK_BOX (self), _("Practice"), NULL);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (n_due > 0)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u question you answered wrong is due today.",
                                             "%u questions you answered wrong are due today.", n_due),
                                n_due);
  else
    subtitle = g_strdup (_("Nothing is due today. Questions you answer wrong come back here at growing intervals until you know them."));
  row = kefu_training_group_add_row (group, _("Re-practice of wrong answers"), subtitle);
  gtk_widget_set_name (row, "practice-row");
  if (n_due > 0)
    kefu_training_row_button (row, _("_Practise"), "training.practice", NULL, FALSE);
}

static void
build_results (KefuTraineePane *self,
               GPtrArray       *results)
{
  KefuTrainingGroup *group = kefu_training_group_add (GTK_BOX (self), _("My Results"), NULL);

  for (guint i = 0; i < results->len && i < 10; i++)
    {
      KefuAttemptSummary *a = results->pdata[i];
      g_autofree char *date = kefu_format_time (a->submitted_at > 0 ? a->submitted_at : a->started_at, "%Y-%m-%d %H:%M");
      GtkWidget *row = kefu_training_group_add_row (group, a->exam_name, date);
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (a->state == KEFU_ATTEMPT_GRADED)
        /* Translators: a result: percent · passed or not */
        text = g_strdup_printf (_("%.0f%% · %s"), a->percent, a->passed ? _("Passed") : _("Not passed"));
      else
        text = g_strdup (_("Waiting for grading"));
      label = gtk_label_new (text);
      gtk_widget_add_css_class (label, a->state != KEFU_ATTEMPT_GRADED ? "dim-label" : a->passed ? "success" : "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_widget_set_name (row, "result-row");
      kefu_training_row_button (row, _("_Open"), "training.result", g_variant_new_int64 (a->attempt_id), FALSE);
    }
  if (results->len == 0)
    kefu_training_group_add_empty (group, _("No results yet: they appear here once you submit an exam."));
}

/* The courses the user took, each with its survey until it is answered. */
static void
build_my_cohorts (KefuTraineePane *self,
                  GPtrArray       *my_cohorts)
{
  KefuTrainingGroup *group;

  if (my_cohorts->len == 0)
    return;
  group = kefu_training_group_add (GTK_BOX (self), _("My Courses"), _("How was the course? Your answers help the trainer improve it."));
  for (guint i = 0; i < my_cohorts->len && i < 10; i++)
    {
      KefuCohortSummary *c = my_cohorts->pdata[i];
      g_autofree char *starts = kefu_format_time (c->starts_at, "%Y-%m-%d");
      g_autofree char *ends = kefu_format_time (c->ends_at - 1, "%Y-%m-%d");
      /* Translators: a course's dates and state */
      g_autofree char *subtitle = g_strdup_printf (_("%s to %s · %s"), starts, ends, kefu_cohort_state_label (c->state));
      GtkWidget *row = kefu_training_group_add_row (group, c->name, subtitle);

      gtk_widget_set_name (row, "my-cohort-row");
      if (c->answered)
        kefu_training_row_note (row, _("Answered"));
      else
        kefu_training_row_button (row, _("_Rate the Course…"), "training.survey", g_variant_new_int64 (c->id), TRUE);
    }
}

void
kefu_trainee_pane_clear (KefuTraineePane *self)
{
  GtkWidget *child;

  g_return_if_fail (KEFU_IS_TRAINEE_PANE (self));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
}

gboolean
kefu_trainee_pane_is_empty (KefuTraineePane *self)
{
  g_return_val_if_fail (KEFU_IS_TRAINEE_PANE (self), TRUE);
  return gtk_widget_get_first_child (GTK_WIDGET (self)) == NULL;
}

void
kefu_trainee_pane_fill (KefuTraineePane *self,
                        KefuStore       *store,
                        KefuUser        *user,
                        gint64           now,
                        GPtrArray       *my_exams,
                        GPtrArray       *my_cohorts,
                        guint            n_due,
                        GPtrArray       *results)
{
  g_return_if_fail (KEFU_IS_TRAINEE_PANE (self));
  kefu_trainee_pane_clear (self);
  build_my_exams (self, my_exams, now);
  build_my_cohorts (self, my_cohorts);
  build_practice (self, n_due);
  build_results (self, results);
  kefu_certificates_section_add (GTK_BOX (self), store, user);
}
