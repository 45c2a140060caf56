/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-draw-rule-row.c — a new paper's draw rule
 *
 * "[10] [any type] from [module], difficulty ≥ [1]", with how many
 * questions match it now (kefu_draw_rule_n_matching) and the "error"
 * style while fewer match than it asks for; a trash button asks the
 * paper dialog (kefu-paper-dialog.c) to remove it.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kefu-draw-rule-row.h"
#include "kefu-enums.h"

struct _KefuDrawRuleRow
{
  AdwActionRow   parent_instance;

  KefuStore     *store;
  GtkSpinButton *count;
  GtkDropDown   *type;
  GtkDropDown   *module;
  GtkSpinButton *difficulty;
  GtkLabel      *matching;
};

G_DEFINE_FINAL_TYPE (KefuDrawRuleRow, kefu_draw_rule_row, ADW_TYPE_ACTION_ROW)

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
kefu_draw_rule_row_read (KefuDrawRuleRow *self,
                         KefuDrawRule    *rule)
{
  guint n_codes, selected, type;
  const KefuCode *codes = kefu_codes (KEFU_CODES_MODULE, &n_codes);

  g_return_if_fail (KEFU_IS_DRAW_RULE_ROW (self));
  selected = gtk_drop_down_get_selected (self->module);
  type = gtk_drop_down_get_selected (self->type);
  memset (rule, 0, sizeof *rule);
  rule->type = type >= 1 && type <= KEFU_QUESTION_N_TYPES ? (int) type - 1 : -1;
  rule->module = selected >= 1 && selected <= n_codes ? codes[selected - 1].code : NULL;
  rule->count = gtk_spin_button_get_value_as_int (self->count);
  rule->min_difficulty = gtk_spin_button_get_value_as_int (self->difficulty);
}

static void
changed_cb (KefuDrawRuleRow *self)
{
  KefuDrawRule rule;
  gint64 n;
  g_autofree char *text = NULL;

  kefu_draw_rule_row_read (self, &rule);
  n = kefu_draw_rule_n_matching (self->store, &rule, NULL);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld question matches", "%lld questions match", n), (long long) n);
  gtk_label_set_text (self->matching, text);
  if (n < rule.count)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_cb (KefuDrawRuleRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
kefu_draw_rule_row_dispose (GObject *object)
{
  KefuDrawRuleRow *self = KEFU_DRAW_RULE_ROW (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_draw_rule_row_parent_class)->dispose (object);
}

static void
kefu_draw_rule_row_class_init (KefuDrawRuleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kefu_draw_rule_row_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kefu_draw_rule_row_init (KefuDrawRuleRow *self)
{
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
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), box);
  matching = gtk_label_new (NULL);
  gtk_widget_add_css_class (matching, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), matching);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), remove);
  self->count = GTK_SPIN_BUTTON (count);
  self->type = GTK_DROP_DOWN (type);
  self->module = GTK_DROP_DOWN (module);
  self->difficulty = GTK_SPIN_BUTTON (difficulty);
  self->matching = GTK_LABEL (matching);
  g_signal_connect_swapped (count, "value-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (difficulty, "value-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (module, "notify::selected", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (type, "notify::selected", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (remove, "clicked", G_CALLBACK (remove_cb), self);
}

KefuDrawRuleRow *
kefu_draw_rule_row_new (KefuStore *store)
{
  KefuDrawRuleRow *self = g_object_new (KEFU_TYPE_DRAW_RULE_ROW, NULL);

  self->store = g_object_ref (store);
  changed_cb (self);
  return self;
}

GtkSpinButton *
kefu_draw_rule_row_get_count (KefuDrawRuleRow *self)
{
  g_return_val_if_fail (KEFU_IS_DRAW_RULE_ROW (self), NULL);
  return self->count;
}

GtkSpinButton *
kefu_draw_rule_row_get_difficulty (KefuDrawRuleRow *self)
{
  g_return_val_if_fail (KEFU_IS_DRAW_RULE_ROW (self), NULL);
  return self->difficulty;
}

GtkDropDown *
kefu_draw_rule_row_get_module (KefuDrawRuleRow *self)
{
  g_return_val_if_fail (KEFU_IS_DRAW_RULE_ROW (self), NULL);
  return self->module;
}

GtkDropDown *
kefu_draw_rule_row_get_type_dropdown (KefuDrawRuleRow *self)
{
  g_return_val_if_fail (KEFU_IS_DRAW_RULE_ROW (self), NULL);
  return self->type;
}
