/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-paper-dialog.c — a new paper
 *
 * Name, time limit, pass mark (theory: 80), attempts allowed, shuffling,
 * draw rules "N [type] from a module, difficulty ≥ d", each showing how
 * many questions match it now (kefu-draw-rule-row.c), and the points per question type (0: each
 * question's own), so the trainer controls the mix. Create writes the
 * draft paper and its rules in one transaction after the core has checked
 * the paper as a whole: a rule asking for more questions than match, or
 * rules that together need more different questions than there are, are
 * refused and the message says why. A draft is published from the list.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kefu-draw-rule-row.h"
#include "kefu-enums.h"
#include "kefu-exam.h"
#include "kefu-paper-dialog.h"

struct _KefuPaperDialog
{
  AdwWindow      parent_instance;

  KefuStore     *store;
  GPtrArray     *rules;          /* KefuDrawRuleRow */
  GtkSpinButton *type_points[KEFU_QUESTION_N_TYPES];

  /* template */
  AdwEntryRow   *name_row;
  GtkSpinButton *time_spin;
  GtkSpinButton *pass_spin;
  GtkSpinButton *attempts_spin;
  GtkSwitch     *shuffle_switch;
  AdwPreferencesGroup *rules_group;
  GtkLabel      *error_label;
};

G_DEFINE_FINAL_TYPE (KefuPaperDialog, kefu_paper_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
rule_changed_cb (KefuPaperDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
remove_rule_cb (KefuPaperDialog *self,
                KefuDrawRuleRow *row)
{
  g_ptr_array_remove (self->rules, row);
  adw_preferences_group_remove (self->rules_group, GTK_WIDGET (row));
}

static void
add_rule (KefuPaperDialog *self)
{
  KefuDrawRuleRow *row = kefu_draw_rule_row_new (self->store);

  g_signal_connect_object (row, "changed", G_CALLBACK (rule_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (remove_rule_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->rules_group, GTK_WIDGET (row));
  g_ptr_array_add (self->rules, row);
  rule_changed_cb (self);
}

/* Points per question type, after the rules: 0 keeps each question's own. */
static void
add_type_points (KefuPaperDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Points per Type"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Every question of a type counts this much on the paper; 0 keeps each question's own points."));
  for (guint t = 0; t < KEFU_QUESTION_N_TYPES; t++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 100, 0.5);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (t)));
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      self->type_points[t] = GTK_SPIN_BUTTON (spin);
    }
  gtk_widget_insert_after (group, gtk_widget_get_parent (GTK_WIDGET (self->rules_group)), GTK_WIDGET (self->rules_group));
}

/* The spin button of a type's points (0: the questions' own). */
GtkSpinButton *
kefu_paper_dialog_get_type_points (KefuPaperDialog  *self,
                                   KefuQuestionType  type)
{
  g_return_val_if_fail (KEFU_IS_PAPER_DIALOG (self) && type < KEFU_QUESTION_N_TYPES, NULL);
  return self->type_points[type];
}

guint
kefu_paper_dialog_n_rules (KefuPaperDialog *self)
{
  g_return_val_if_fail (KEFU_IS_PAPER_DIALOG (self), 0);
  return self->rules->len;
}

KefuDrawRuleRow *
kefu_paper_dialog_get_rule (KefuPaperDialog *self,
                            guint            index)
{
  g_return_val_if_fail (KEFU_IS_PAPER_DIALOG (self), NULL);
  return index < self->rules->len ? self->rules->pdata[index] : NULL;
}

static void
add_rule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  add_rule (KEFU_PAPER_DIALOG (widget));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuPaperDialog *self = KEFU_PAPER_DIALOG (widget);
  g_auto(KefuExamSettings) settings = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id = -1;

  kefu_exam_settings_init (&settings);
  settings.name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  settings.time_limit_min = gtk_spin_button_get_value_as_int (self->time_spin);
  settings.pass_mark = gtk_spin_button_get_value (self->pass_spin);
  settings.attempts_allowed = gtk_spin_button_get_value_as_int (self->attempts_spin);
  settings.shuffle_questions = settings.shuffle_options = gtk_switch_get_active (self->shuffle_switch);
  for (guint t = 0; t < KEFU_QUESTION_N_TYPES; t++)
    settings.type_points[t] = gtk_spin_button_get_value (self->type_points[t]);
  if (self->rules->len == 0)
    g_set_error_literal (&error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Add at least one draw rule."));
  else if (kefu_store_begin (self->store, &error))
    {
      id = kefu_exam_create (self->store, &settings, &error);
      for (guint i = 0; id > 0 && i < self->rules->len; i++)
        {
          KefuDrawRule rule;
          kefu_draw_rule_row_read (self->rules->pdata[i], &rule);
          if (!kefu_exam_add_draw (self->store, id, &rule, &error))
            id = -1;
        }
      /* the paper as a whole: rules drawing from the same questions share them */
      if (id > 0 && !kefu_exam_check (self->store, id, &error))
        id = -1;
      if (id > 0 && !kefu_store_commit (self->store, &error))
        id = -1;
      else if (id <= 0)
        kefu_store_rollback (self->store);
    }
  if (id <= 0)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[CREATED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
kefu_paper_dialog_dispose (GObject *object)
{
  KefuPaperDialog *self = KEFU_PAPER_DIALOG (object);

  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_PAPER_DIALOG);
  G_OBJECT_CLASS (kefu_paper_dialog_parent_class)->dispose (object);
}

static void
kefu_paper_dialog_class_init (KefuPaperDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_paper_dialog_dispose;
  /* The paper was written: its id. */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-paper-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuPaperDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KefuPaperDialog, time_spin);
  gtk_widget_class_bind_template_child (widget_class, KefuPaperDialog, pass_spin);
  gtk_widget_class_bind_template_child (widget_class, KefuPaperDialog, attempts_spin);
  gtk_widget_class_bind_template_child (widget_class, KefuPaperDialog, shuffle_switch);
  gtk_widget_class_bind_template_child (widget_class, KefuPaperDialog, rules_group);
  gtk_widget_class_bind_template_child (widget_class, KefuPaperDialog, error_label);
  gtk_widget_class_install_action (widget_class, "paper.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "paper.add-rule", NULL, add_rule_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "paper.create", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_paper_dialog_init (KefuPaperDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rules = g_ptr_array_new ();
}

/* Owned by GTK, like any toplevel. */
KefuPaperDialog *
kefu_paper_dialog_new (GtkWindow *parent,
                       KefuStore *store)
{
  KefuPaperDialog *self = g_object_new (KEFU_TYPE_PAPER_DIALOG, NULL);

  self->store = g_object_ref (store);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  add_rule (self);
  add_type_points (self);
  return self;
}
