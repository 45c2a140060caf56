/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-rule-dialog.c — the dialog of one dispatch rule: its name, what it
 * matches (kind, sub-type, level, building, channel, a time window) and the
 * team it sends the job to (template: ui/dispatch/kefu-rule-dialog.ui) */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "kefu-desk.h"
#include "kefu-dispatch-settings-private.h"
#include "kefu-rule-dialog.h"
#include "kefu-settings-rows.h"

struct _KefuRuleDialog
{
  KefuSettingsDialog  parent_instance;

  gint64              rule_id;
  gboolean            active;
  AdwEntryRow        *name;
  AdwComboRow        *kind, *subtype, *level, *building, *channel, *team;
  AdwEntryRow        *from, *to;
  GPtrArray          *building_ids;   /* gint64 as pointers, index 0 = any */
  GPtrArray          *team_ids;
};

G_DEFINE_FINAL_TYPE (KefuRuleDialog, kefu_rule_dialog, KEFU_TYPE_SETTINGS_DIALOG)

static void
kefu_rule_dialog_save (KefuSettingsDialog *dialog)
{
  KefuRuleDialog *d = KEFU_RULE_DIALOG (dialog);
  KefuDispatchSettings *settings = kefu_settings_dialog_get_settings (dialog);
  const char *from_text = gtk_editable_get_text (GTK_EDITABLE (d->from));
  const char *to_text = gtk_editable_get_text (GTK_EDITABLE (d->to));
  KefuDispatchRule rule = { 0 };
  const char *level = kefu_settings_code_at (KEFU_CODES_LEVEL, d->level);
  SettingsWrite *w;

  rule.id = d->rule_id;
  rule.name = (char *) gtk_editable_get_text (GTK_EDITABLE (d->name));
  rule.kind = (char *) kefu_settings_code_at (KEFU_CODES_KIND, d->kind);
  rule.subtype = (char *) kefu_settings_code_at (KEFU_CODES_SUBTYPE, d->subtype);
  rule.level = level != NULL ? atoi (level) : 0;
  rule.building_id = kefu_settings_id_at (d->building_ids, d->building);
  rule.channel = (char *) kefu_settings_code_at (KEFU_CODES_CHANNEL, d->channel);
  rule.team_id = kefu_settings_id_at (d->team_ids, d->team);
  rule.active = d->active;
  rule.from_min = rule.to_min = -1;
  if (*from_text != '\0' || *to_text != '\0')
    {
      rule.from_min = kefu_settings_parse_time (from_text);
      rule.to_min = kefu_settings_parse_time (to_text);
      if (rule.from_min < 0 || rule.to_min < 0)
        {
          kefu_settings_dialog_show_error (dialog, _("Time window: write both times like 08:00 and 20:00, or leave both empty for any time."));
          return;
        }
    }
  w = kefu_dispatch_settings_write_new (settings, d->rule_id > 0 ? WRITE_UPDATE_RULE : WRITE_ADD_RULE, dialog);
  w->reload = RELOAD_RULES;
  w->rule = rule;
  w->rule.name = g_strdup (rule.name);
  w->rule.kind = g_strdup (rule.kind);
  w->rule.subtype = g_strdup (rule.subtype);
  w->rule.channel = g_strdup (rule.channel);
  kefu_dispatch_settings_write (settings, w);
}

static void
kefu_rule_dialog_finalize (GObject *object)
{
  KefuRuleDialog *self = KEFU_RULE_DIALOG (object);

  g_ptr_array_unref (self->building_ids);
  g_ptr_array_unref (self->team_ids);
  G_OBJECT_CLASS (kefu_rule_dialog_parent_class)->finalize (object);
}

static void
kefu_rule_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KEFU_TYPE_RULE_DIALOG);
  G_OBJECT_CLASS (kefu_rule_dialog_parent_class)->dispose (object);
}

static void
kefu_rule_dialog_class_init (KefuRuleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_rule_dialog_dispose;
  object_class->finalize = kefu_rule_dialog_finalize;
  KEFU_SETTINGS_DIALOG_CLASS (klass)->save = kefu_rule_dialog_save;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-rule-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuRuleDialog, name);
  gtk_widget_class_bind_template_child (widget_class, KefuRuleDialog, kind);
  gtk_widget_class_bind_template_child (widget_class, KefuRuleDialog, subtype);
  gtk_widget_class_bind_template_child (widget_class, KefuRuleDialog, level);
  gtk_widget_class_bind_template_child (widget_class, KefuRuleDialog, building);
  gtk_widget_class_bind_template_child (widget_class, KefuRuleDialog, channel);
  gtk_widget_class_bind_template_child (widget_class, KefuRuleDialog, from);
  gtk_widget_class_bind_template_child (widget_class, KefuRuleDialog, to);
  gtk_widget_class_bind_template_child (widget_class, KefuRuleDialog, team);
}

static void
kefu_rule_dialog_init (KefuRuleDialog *self)
{
  self->building_ids = g_ptr_array_new ();
  self->team_ids = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kefu_rule_dialog_open (KefuDispatchSettings *settings,
                       gint64                rule_id)
{
  KefuStore *store = kefu_dispatch_settings_get_store (settings);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = kefu_dispatch_list_rules (store, &error);
  g_autoptr(GListStore) buildings = kefu_desk_list_buildings (store, NULL);
  g_autoptr(GListStore) teams = kefu_desk_list_teams (store, NULL);
  const KefuDispatchRule *rule = NULL;
  KefuRuleDialog *d;
  char level[2] = { 0 };

  for (guint i = 0; rules != NULL && i < rules->len; i++)
    if (((KefuDispatchRule *) rules->pdata[i])->id == rule_id)
      rule = rules->pdata[i];
  if (rule_id > 0 && rule == NULL)
    {
      kefu_dispatch_settings_report (settings, FALSE, error);
      return NULL;
    }

  d = g_object_new (KEFU_TYPE_RULE_DIALOG, NULL);
  d->rule_id = rule_id;
  d->active = rule != NULL ? rule->active : TRUE;
  kefu_settings_dialog_set_settings (KEFU_SETTINGS_DIALOG (d), settings, rule != NULL ? _("Edit Rule") : _("Add Rule"));

  if (rule != NULL && rule->level > 0)
    level[0] = (char) ('0' + rule->level);
  if (rule != NULL && rule->from_min >= 0)
    {
      g_autofree char *from = kefu_settings_format_time (rule->from_min);
      g_autofree char *to = kefu_settings_format_time (rule->to_min);

      gtk_editable_set_text (GTK_EDITABLE (d->from), from);
      gtk_editable_set_text (GTK_EDITABLE (d->to), to);
    }
  if (rule != NULL)
    gtk_editable_set_text (GTK_EDITABLE (d->name), rule->name != NULL ? rule->name : "");
  kefu_settings_fill_code_combo (d->kind, KEFU_CODES_KIND, _("Any kind"), rule != NULL ? rule->kind : NULL);
  kefu_settings_fill_code_combo (d->subtype, KEFU_CODES_SUBTYPE, _("Any sub-type"), rule != NULL ? rule->subtype : NULL);
  kefu_settings_fill_code_combo (d->level, KEFU_CODES_LEVEL, _("Any level"), level);
  kefu_settings_fill_choice_combo (d->building, buildings, _("Any building"), rule != NULL ? rule->building_id : 0,
                                   d->building_ids);
  kefu_settings_fill_code_combo (d->channel, KEFU_CODES_CHANNEL, _("Any channel"), rule != NULL ? rule->channel : NULL);
  kefu_settings_fill_choice_combo (d->team, teams, NULL, rule != NULL ? rule->team_id : 0, d->team_ids);
  gtk_window_present (GTK_WINDOW (d));
  return GTK_WIDGET (d);
}
