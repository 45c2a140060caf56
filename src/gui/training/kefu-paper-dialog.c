/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-paper-dialog.c — a new paper
 *
 * Name, time limit, pass mark (theory: 80), attempts allowed, shuffling,
 * draw rules "N [type] from a module, difficulty ≥ d", each showing how
 * many questions match it now, and the points per question type (0: each
 * question's own), so the trainer controls the mix. Create writes the
 * draft paper and its rules in one transaction after the core has checked
 * the paper as a whole: a rule asking for more questions than match, or
 * rules that together need more different questions than there are, are
 * refused and the message says why. A draft is published from the list.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kefu-enums.h"
#include "kefu-exam.h"
#include "kefu-paper-dialog.h"

struct _KefuPaperDialog
{
  AdwWindow      parent_instance;

  KefuStore     *store;
  GPtrArray     *rules;          /* GtkWidget: a rule's row, with its widgets as data */
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

static const char *
rule_module (GtkWidget *row)
{
  guint n_codes, selected = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (row), "module"));
  const KefuCode *codes = kefu_codes (KEFU_CODES_MODULE, &n_codes);

  return selected >= 1 && selected <= n_codes ? codes[selected - 1].code : NULL;
}

static void
rule_read (GtkWidget    *row,
           KefuDrawRule *rule)
{
  guint type = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (row), "type"));

  memset (rule, 0, sizeof *rule);
  rule->type = type >= 1 && type <= KEFU_QUESTION_N_TYPES ? (int) type - 1 : -1;
  rule->module = rule_module (row);
  rule->count = gtk_spin_button_get_value_as_int (g_object_get_data (G_OBJECT (row), "count"));
  rule->min_difficulty = gtk_spin_button_get_value_as_int (g_object_get_data (G_OBJECT (row), "difficulty"));
}

static void
rule_changed_cb (GtkWidget *row)
{
  KefuPaperDialog *self = g_object_get_data (G_OBJECT (row), "dialog");
  KefuDrawRule rule;
  gint64 n;
  g_autofree char *text = NULL;

  rule_read (row, &rule);
  n = kefu_draw_rule_n_matching (self->store, &rule, NULL);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld question matches", "%lld questions match", n), (long long) n);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "matching"), text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (n < rule.count)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
remove_rule_cb (GtkButton *button,
                GtkWidget *row)
{
  KefuPaperDialog *self = g_object_get_data (G_OBJECT (row), "dialog");

  g_ptr_array_remove (self->rules, row);
  adw_preferences_group_remove (self->rules_group, row);
}

static void
add_rule (KefuPaperDialog *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *count = gtk_spin_button_new_with_range (1, 200, 1);
  GtkWidget *difficulty = gtk_spin_button_new_with_range (1, 5, 1);
  g_autoptr(GtkStringList) modules = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  GtkWidget *module, *from, *at_least, *remove, *box, *matching, *type;
  guint n_codes;
  const KefuCode *codes = kefu_codes (KEFU_CODES_MODULE, &n_codes);

  gtk_string_list_append (types, _("any type"));
  for (guint t = 0; t < KEFU_QUESTION_N_TYPES; t++)
    gtk_string_list_append (types, kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (t)));
  type = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&types)), NULL);

  gtk_string_list_append (modules, _("any module"));
  for (guint i = 0; i < n_codes; i++)
    gtk_string_list_append (modules, kefu_code_label (KEFU_CODES_MODULE, codes[i].code));
  module = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&modules)), NULL);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (count), 10);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (difficulty), 1);
  /* Translators: a draw rule reads "[10] from [module], difficulty ≥ [3]" */
  from = gtk_label_new (_("from"));
  at_least = gtk_label_new (_("difficulty ≥"));
  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_tooltip_text (remove, _("Remove the rule"));
  gtk_widget_add_css_class (remove, "flat");
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  for (GtkWidget *const *w = (GtkWidget *const[]) { count, type, from, module, at_least, difficulty, NULL }; *w; w++)
    {
      gtk_widget_set_valign (*w, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), *w);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), box);
  matching = gtk_label_new (NULL);
  gtk_widget_add_css_class (matching, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), matching);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  g_object_set_data (G_OBJECT (row), "matching", matching);
  g_object_set_data (G_OBJECT (row), "dialog", self);
  g_object_set_data (G_OBJECT (row), "count", count);
  g_object_set_data (G_OBJECT (row), "module", module);
  g_object_set_data (G_OBJECT (row), "type", type);
  g_object_set_data (G_OBJECT (row), "difficulty", difficulty);
  g_signal_connect_swapped (count, "value-changed", G_CALLBACK (rule_changed_cb), row);
  g_signal_connect_swapped (difficulty, "value-changed", G_CALLBACK (rule_changed_cb), row);
  g_signal_connect_swapped (module, "notify::selected", G_CALLBACK (rule_changed_cb), row);
  g_signal_connect_swapped (type, "notify::selected", G_CALLBACK (rule_changed_cb), row);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_rule_cb), row);
  adw_preferences_group_add (self->rules_group, row);
  g_ptr_array_add (self->rules, row);
  rule_changed_cb (row);
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

/* A rule's row: its widgets are its data "count", "module", "difficulty". */
GtkWidget *
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
          rule_read (self->rules->pdata[i], &rule);
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
