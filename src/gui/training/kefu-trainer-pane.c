/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-trainer-pane.c — the Training view's sections for those who manage
 * training (trainers, supervisors, managers, administrators)
 *
 * The question banks with their counts per type (Import…, Export…), the
 * papers with their statistics (kefu-paper-row.c), the practical
 * assessments and the cohorts; each button is only there when the role
 * may use it (kefu-user.c; the core checks it again) and activates the
 * view's training.* actions.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-assessment.h"
#include "kefu-cohort.h"
#include "kefu-enums.h"
#include "kefu-gui-util.h"
#include "kefu-paper-row.h"
#include "kefu-question-io.h"
#include "kefu-trainer-pane.h"
#include "kefu-training-group.h"
#include "kefu-training-list.h"

struct _KefuTrainerPane
{
  GtkBox parent_instance;
};

G_DEFINE_FINAL_TYPE (KefuTrainerPane, kefu_trainer_pane, GTK_TYPE_BOX)

static void
kefu_trainer_pane_class_init (KefuTrainerPaneClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-trainer-pane.ui");
}

static void
kefu_trainer_pane_init (KefuTrainerPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static char *
bank_counts (const KefuBankSummary *b)
{
  GString *s = g_string_new (NULL);

  for (KefuQuestionType t = 0; t < KEFU_QUESTION_N_TYPES; t++)
    {
      if (b->counts[t] == 0)
        continue;
      /* Translators: a count of questions of a type, "12 Single choice" */
      g_string_append_printf (s, _("%s%u %s"), s->len > 0 ? " · " : "", b->counts[t],
                              kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (t)));
    }
  if (s->len == 0)
    g_string_append (s, _("No questions"));
  return g_string_free (s, FALSE);
}

static void
build_banks (KefuTrainerPane *self,
             KefuUser        *user,
             GPtrArray       *banks)
{
  KefuTrainingGroup *group = kefu_training_group_add (GTK_BOX (self), _("Question Banks"),
                                                      _("Import Moodle GIFT files or the spreadsheet template (CSV: 题型, 题干, 选项A…, 答案, 解析, 分值, 难度, 分类)."));

  /* only what the role may do (kefu-user.c; the core checks it again) */
  if (kefu_user_can (user, KEFU_PERMISSION_TRAIN))
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *add = kefu_training_row_button (NULL, _("_New Bank…"), "training.new-bank", NULL, FALSE);
      GtkWidget *import = kefu_training_row_button (NULL, _("_Import…"), "training.import", NULL, FALSE);
      GtkWidget *mapping = kefu_training_row_button (NULL, _("_Categories…"), "training.mapping", NULL, FALSE);

      gtk_widget_add_css_class (add, "flat");
      gtk_widget_add_css_class (import, "flat");
      gtk_widget_set_tooltip_text (import, _("Import a file into a new bank named after it"));
      gtk_widget_add_css_class (mapping, "flat");
      gtk_widget_set_tooltip_text (mapping, _("Which course module each category (分类) of an import belongs to"));
      gtk_box_append (GTK_BOX (box), add);
      gtk_box_append (GTK_BOX (box), import);
      gtk_box_append (GTK_BOX (box), mapping);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), box);
    }
  for (guint i = 0; i < banks->len; i++)
    {
      KefuBankSummary *b = banks->pdata[i];
      g_autofree char *counts = bank_counts (b);
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u question)", "%s (%u questions)", b->total),
                                                b->name, b->total);
      GtkWidget *row = kefu_training_group_add_row (group, title, counts);

      gtk_widget_set_name (row, "bank-row");
      if (kefu_user_can (user, KEFU_PERMISSION_TRAIN))
        {
          GtkWidget *import = kefu_training_row_button (row, _("_Import…"), "training.import-into", g_variant_new_int64 (b->id), FALSE);
          gtk_widget_set_tooltip_text (import, _("Import a file into this bank; questions it already has are not added again"));
          kefu_training_row_button (row, _("_Questions…"), "training.questions", g_variant_new_int64 (b->id), FALSE);
          kefu_training_row_button (row, _("_Rename…"), "training.rename-bank", g_variant_new_int64 (b->id), FALSE);
          kefu_training_row_button (row, _("_Delete…"), "training.delete-bank", g_variant_new_int64 (b->id), FALSE);
        }
      if (kefu_user_can (user, KEFU_PERMISSION_READ_ANSWER_KEYS))
        kefu_training_row_button (row, _("_Export…"), "training.export", g_variant_new_int64 (b->id), FALSE);
    }
  if (banks->len == 0)
    kefu_training_group_add_empty (group, _("No question banks yet: create one with New Bank…, or import a GIFT or CSV file with Import…."));
}

static void
build_papers (KefuTrainerPane *self,
              KefuUser        *user,
              GPtrArray       *exams)
{
  KefuTrainingGroup *group = kefu_training_group_add (GTK_BOX (self), _("Papers"), NULL);

  if (kefu_user_can (user, KEFU_PERMISSION_TRAIN))
    kefu_training_group_add_header_buttons (group, _("_New Paper…"), "training.new-paper", NULL);
  for (guint i = 0; i < exams->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (kefu_paper_row_new (exams->pdata[i], user)));
  if (exams->len == 0)
    kefu_training_group_add_empty (group, _("No papers yet: create one with New Paper…."));
}

static void
build_assessments (KefuTrainerPane *self,
                   KefuUser        *user,
                   GPtrArray       *assessments)
{
  KefuTrainingGroup *group = kefu_training_group_add (GTK_BOX (self), _("Practical Assessments"),
                                                      _("Drills such as an elevator entrapment, scored by several raters on weighted criteria; pass 85."));

  if (kefu_user_can (user, KEFU_PERMISSION_TRAIN))
    kefu_training_group_add_header_buttons (group, _("New _Assessment…"), "training.new-assessment", NULL);
  for (guint i = 0; i < assessments->len && i < 20; i++)
    {
      KefuAssessmentSummary *a = assessments->pdata[i];
      g_autofree char *title = g_strdup_printf ("%s · %s", a->scenario, a->trainee);
      g_autofree char *date = kefu_format_time (a->held_at, "%Y-%m-%d");
      g_autofree char *subtitle = a->status != NULL ? g_strdup_printf ("%s · %s", date, a->status)
                                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u rater", "%s · %u raters", a->n_raters),
                                                     date, a->n_raters);
      GtkWidget *row = kefu_training_group_add_row (group, title, subtitle);

      gtk_widget_set_name (row, "assessment-row");
      kefu_training_row_button (row, _("S_cores…"), "training.assessment", g_variant_new_int64 (a->id), FALSE);
    }
  if (assessments->len == 0)
    kefu_training_group_add_empty (group, _("No practical assessments yet: start one with New Assessment…, then let each rater enter their scores."));
}

/* Cohorts: a course's runs; a report for those who may see others' results. */
static void
build_cohorts (KefuTrainerPane *self,
               KefuUser        *user,
               GPtrArray       *cohorts)
{
  KefuTrainingGroup *group = kefu_training_group_add (GTK_BOX (self), _("Cohorts"),
                                                      _("Each run of a course for a group, with its four-level evaluation: reaction, learning, "
                                                        "behaviour at the desk and the center’s results."));

  /* creating and running cohorts: kefu-cohort-editor.c */
  if (kefu_user_can (user, KEFU_PERMISSION_TRAIN))
    kefu_training_group_add_header_buttons (group, _("New _Cohort…"), "training.new-cohort",
                                            _("Staff _Groups…"), "training.staff-groups", NULL);
  for (guint i = 0; i < cohorts->len && i < 30; i++)
    {
      KefuCohortSummary *c = cohorts->pdata[i];
      g_autofree char *starts = kefu_format_time (c->starts_at, "%Y-%m-%d");
      g_autofree char *ends = kefu_format_time (c->ends_at - 1, "%Y-%m-%d");
      g_autofree char *members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", c->n_members),
                                                  c->n_members);
      /* Translators: a cohort's dates, state, members and staff group */
      g_autofree char *subtitle = g_strdup_printf (_("%s to %s · %s · %s%s%s"), starts, ends, kefu_cohort_state_label (c->state),
                                                   members, c->group != NULL ? " · " : "", c->group != NULL ? c->group : "");
      GtkWidget *row = kefu_training_group_add_row (group, c->name, subtitle);

      gtk_widget_set_name (row, "cohort-row");
      if (kefu_user_can (user, KEFU_PERMISSION_TRAIN))
        kefu_training_row_button (row, _("_Manage…"), "training.manage-cohort", g_variant_new_int64 (c->id), FALSE);
      if (kefu_user_can (user, KEFU_PERMISSION_SEE_TRAINING_RESULTS))
        kefu_training_row_button (row, _("_Report…"), "training.cohort", g_variant_new_int64 (c->id), FALSE);
      if (kefu_user_can (user, KEFU_PERMISSION_TRAIN))
        kefu_training_row_button (row, _("C_ertify…"), "training.certify", g_variant_new_int64 (c->id), FALSE);
      if (kefu_user_can (user, KEFU_PERMISSION_TRAIN))
        kefu_training_row_button (row, _("_Delete…"), "training.delete-cohort", g_variant_new_int64 (c->id), FALSE);
    }
  if (cohorts->len == 0)
    kefu_training_group_add_empty (group, kefu_user_can (user, KEFU_PERMISSION_TRAIN)
                                          ? _("No cohorts yet: run a course for a group with New Cohort…, then add members and sessions with Manage….")
                                          : _("No cohorts yet."));
}

void
kefu_trainer_pane_clear (KefuTrainerPane *self)
{
  GtkWidget *child;

  g_return_if_fail (KEFU_IS_TRAINER_PANE (self));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
}

void
kefu_trainer_pane_fill (KefuTrainerPane *self,
                        KefuUser        *user,
                        GPtrArray       *banks,
                        GPtrArray       *exams,
                        GPtrArray       *assessments,
                        GPtrArray       *cohorts)
{
  g_return_if_fail (KEFU_IS_TRAINER_PANE (self));
  kefu_trainer_pane_clear (self);
  build_banks (self, user, banks);
  build_papers (self, user, exams);
  build_assessments (self, user, assessments);
  build_cohorts (self, user, cohorts);
}
