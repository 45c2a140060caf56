/* kefu-dispatch-settings.c — the dispatch rules and the technicians' shifts
 *
 * Two pages. "Rules": the rules in the order they are tried, each with its
 * switch, Move Up / Move Down, Edit and Delete; Add Rule… and Edit open a
 * small dialog. "Technicians": one expander per technician, grouped by
 * team, with phone, skills, the weekly shifts and the leave or extra shifts
 * of the coming weeks. Every change goes through the core (one transaction,
 * permission-checked) and the page is read again; a refusal is a toast.
 * The buttons are the window's actions (settings.*), so tests and keys use
 * the same path.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-dispatch-settings.h"
#include "kefu-enums.h"

struct _KefuDispatchSettings
{
  AdwPreferencesWindow  parent_instance;

  KefuStore            *store;
  AdwPreferencesGroup  *rules_group;
  AdwPreferencesPage   *technicians_page;
  GPtrArray            *rule_rows;        /* GtkWidget, removed on reload */
  GPtrArray            *team_groups;      /* AdwPreferencesGroup, removed on reload */
  gint64                expanded;         /* the technician whose expander stays open */
};

G_DEFINE_FINAL_TYPE (KefuDispatchSettings, kefu_dispatch_settings, ADW_TYPE_PREFERENCES_WINDOW)

static void load_rules (KefuDispatchSettings *self);
static void load_technicians (KefuDispatchSettings *self);

static gboolean
reload_idle_cb (gpointer data)
{
  KefuDispatchSettings *self = data;

  if (self->store != NULL)
    {
      load_rules (self);
      load_technicians (self);
    }
  return G_SOURCE_REMOVE;
}

/* After the signal of the widget that asked has returned: the rows are rebuilt. */
static void
reload_later (KefuDispatchSettings *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, g_object_ref (self), g_object_unref);
}

static gboolean
report (KefuDispatchSettings *self,
        gboolean              ok,
        const GError         *error)
{
  if (!ok && error != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
  return ok;
}

/* "08:00" → 480; "24:00" → 1440; -1 when it is not a time of day. */
static int
parse_time (const char *text)
{
  int h, m;
  char rest;

  if (text == NULL || sscanf (text, "%d:%d%c", &h, &m, &rest) != 2 || h < 0 || m < 0 || m > 59 || h * 60 + m > 1440)
    return -1;
  return h * 60 + m;
}

static char *
format_time (int minute)
{
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

static char *
format_span (int from_min,
             int to_min)
{
  g_autofree char *a = format_time (from_min);
  g_autofree char *b = format_time (to_min);

  return g_strdup_printf ("%s–%s", a, b);
}

/* Rules ------------------------------------------------------------------- */

typedef struct {
  KefuDispatchSettings *self;
  GtkWindow            *dialog;
  gint64                rule_id;
  gboolean              active;
  AdwEntryRow          *name;
  AdwComboRow          *kind, *subtype, *level, *building, *channel, *team;
  AdwEntryRow          *from, *to;
  GPtrArray            *building_ids;   /* gint64 as pointers, index 0 = any */
  GPtrArray            *team_ids;
  GtkLabel             *message;
} RuleDialog;

static void
rule_dialog_free (RuleDialog *d)
{
  g_ptr_array_unref (d->building_ids);
  g_ptr_array_unref (d->team_ids);
  g_free (d);
}

static AdwComboRow *
code_combo (KefuCodeList  list,
            const char   *title,
            const char   *any,
            const char   *selected,
            const char   *name)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n = 0;
  const KefuCode *codes = kefu_codes (list, &n);

  gtk_string_list_append (labels, any);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (labels, _(codes[i].label));
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (codes[i].code, selected) == 0)
      adw_combo_row_set_selected (row, i + 1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (GTK_WIDGET (row), name);
  return row;
}

static const char *
code_at (KefuCodeList  list,
         AdwComboRow  *row)
{
  guint n = 0;
  const KefuCode *codes = kefu_codes (list, &n);
  guint i = adw_combo_row_get_selected (row);

  return i >= 1 && i <= n ? codes[i - 1].code : NULL;
}

static AdwComboRow *
choice_combo (GListStore  *choices,
              const char  *title,
              const char  *any,
              gint64       selected,
              GPtrArray   *ids,
              const char  *name)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint pick = 0;

  if (any != NULL)
    {
      gtk_string_list_append (labels, any);
      g_ptr_array_add (ids, NULL);
    }
  for (guint i = 0; choices != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (choices)); i++)
    {
      g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (choices), i);
      if (kefu_choice_get_id (c) == selected)
        pick = ids->len;
      gtk_string_list_append (labels, kefu_choice_get_name (c));
      g_ptr_array_add (ids, GSIZE_TO_POINTER ((gsize) kefu_choice_get_id (c)));
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (row, pick);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (GTK_WIDGET (row), name);
  return row;
}

static gint64
id_at (GPtrArray   *ids,
       AdwComboRow *row)
{
  guint i = adw_combo_row_get_selected (row);

  return i < ids->len ? (gint64) GPOINTER_TO_SIZE (ids->pdata[i]) : 0;
}

static AdwEntryRow *
entry_row (const char *title,
           const char *text,
           const char *name)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_widget_set_name (GTK_WIDGET (row), name);
  return row;
}

static void
dialog_error (GtkLabel   *label,
              const char *text)
{
  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

static void
rule_save_cb (GtkButton  *button,
              RuleDialog *d)
{
  g_autoptr(GError) error = NULL;
  const char *from_text = gtk_editable_get_text (GTK_EDITABLE (d->from));
  const char *to_text = gtk_editable_get_text (GTK_EDITABLE (d->to));
  KefuDispatchRule rule = { 0 };
  const char *level = code_at (KEFU_CODES_LEVEL, d->level);
  gboolean ok;

  rule.id = d->rule_id;
  rule.name = (char *) gtk_editable_get_text (GTK_EDITABLE (d->name));
  rule.kind = (char *) code_at (KEFU_CODES_KIND, d->kind);
  rule.subtype = (char *) code_at (KEFU_CODES_SUBTYPE, d->subtype);
  rule.level = level != NULL ? atoi (level) : 0;
  rule.building_id = id_at (d->building_ids, d->building);
  rule.channel = (char *) code_at (KEFU_CODES_CHANNEL, d->channel);
  rule.team_id = id_at (d->team_ids, d->team);
  rule.active = d->active;
  rule.from_min = rule.to_min = -1;
  if (*from_text != '\0' || *to_text != '\0')
    {
      rule.from_min = parse_time (from_text);
      rule.to_min = parse_time (to_text);
      if (rule.from_min < 0 || rule.to_min < 0)
        {
          dialog_error (d->message, _("Time window: write both times like 08:00 and 20:00, or leave both empty for any time."));
          return;
        }
    }
  if (d->rule_id > 0)
    ok = kefu_dispatch_update_rule (d->self->store, &rule, &error);
  else
    ok = kefu_dispatch_add_rule (d->self->store, &rule, &error) > 0;
  if (!ok)
    {
      dialog_error (d->message, error->message);
      return;
    }
  load_rules (d->self);
  gtk_window_destroy (d->dialog);
}

static void
cancel_cb (GtkButton *button,
           GtkWindow *dialog)
{
  gtk_window_destroy (dialog);
}

/* A small modal window: header bar with Cancel and Save, a boxed list. */
static GtkWindow *
small_dialog (KefuDispatchSettings *self,
              const char           *title,
              GtkWidget           **save,
              GtkListBox          **list,
              GtkLabel            **message)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_window_new ());
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_window_set_title (dialog, title);
  gtk_window_set_modal (dialog, TRUE);
  gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
  gtk_window_set_default_size (dialog, 460, -1);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  *save = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (*save, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), *save);
  g_signal_connect (cancel, "clicked", G_CALLBACK (cancel_cb), dialog);
  gtk_window_set_titlebar (dialog, header);
  gtk_window_set_default_widget (dialog, *save);

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  *list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (*list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (*list), "boxed-list");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*list));
  *message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (*message, TRUE);
  gtk_label_set_xalign (*message, 0);
  gtk_widget_add_css_class (GTK_WIDGET (*message), "error");
  gtk_widget_set_visible (GTK_WIDGET (*message), FALSE);
  gtk_widget_set_name (GTK_WIDGET (*message), "message");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*message));
  gtk_window_set_child (dialog, box);
  return dialog;
}

GtkWidget *
kefu_dispatch_settings_edit_rule (KefuDispatchSettings *self,
                                  gint64                rule_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = kefu_dispatch_list_rules (self->store, &error);
  g_autoptr(GListStore) buildings = kefu_desk_list_buildings (self->store, NULL);
  g_autoptr(GListStore) teams = kefu_desk_list_teams (self->store, NULL);
  const KefuDispatchRule *rule = NULL;
  RuleDialog *d;
  GtkWidget *save;
  GtkListBox *list;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  char level[2] = { 0 };

  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    if (((KefuDispatchRule *) rules->pdata[i])->id == rule_id)
      rule = rules->pdata[i];
  if (rule_id > 0 && rule == NULL)
    {
      report (self, FALSE, error);
      return NULL;
    }

  d = g_new0 (RuleDialog, 1);
  d->self = self;
  d->rule_id = rule_id;
  d->active = rule != NULL ? rule->active : TRUE;
  d->building_ids = g_ptr_array_new ();
  d->team_ids = g_ptr_array_new ();
  d->dialog = small_dialog (self, rule != NULL ? _("Edit Rule") : _("Add Rule"), &save, &list, &d->message);
  g_object_set_data_full (G_OBJECT (d->dialog), "kefu-rule-dialog", d, (GDestroyNotify) rule_dialog_free);

  if (rule != NULL && rule->level > 0)
    level[0] = (char) ('0' + rule->level);
  if (rule != NULL && rule->from_min >= 0)
    {
      from = format_time (rule->from_min);
      to = format_time (rule->to_min);
    }
  d->name = entry_row (_("Name"), rule != NULL ? rule->name : NULL, "rule-name");
  d->kind = code_combo (KEFU_CODES_KIND, _("Kind"), _("Any kind"), rule != NULL ? rule->kind : NULL, "rule-kind");
  d->subtype = code_combo (KEFU_CODES_SUBTYPE, _("Sub-type"), _("Any sub-type"), rule != NULL ? rule->subtype : NULL,
                           "rule-subtype");
  d->level = code_combo (KEFU_CODES_LEVEL, _("Level"), _("Any level"), level, "rule-level");
  d->building = choice_combo (buildings, _("Building"), _("Any building"), rule != NULL ? rule->building_id : 0,
                              d->building_ids, "rule-building");
  d->channel = code_combo (KEFU_CODES_CHANNEL, _("Channel"), _("Any channel"), rule != NULL ? rule->channel : NULL,
                           "rule-channel");
  d->from = entry_row (_("From (HH:MM, empty for any time)"), from, "rule-from");
  d->to = entry_row (_("To (HH:MM, may wrap past midnight)"), to, "rule-to");
  d->team = choice_combo (teams, _("Sends the job to team"), NULL, rule != NULL ? rule->team_id : 0, d->team_ids, "rule-team");

  gtk_list_box_append (list, GTK_WIDGET (d->name));
  gtk_list_box_append (list, GTK_WIDGET (d->kind));
  gtk_list_box_append (list, GTK_WIDGET (d->subtype));
  gtk_list_box_append (list, GTK_WIDGET (d->level));
  gtk_list_box_append (list, GTK_WIDGET (d->building));
  gtk_list_box_append (list, GTK_WIDGET (d->channel));
  gtk_list_box_append (list, GTK_WIDGET (d->from));
  gtk_list_box_append (list, GTK_WIDGET (d->to));
  gtk_list_box_append (list, GTK_WIDGET (d->team));
  g_signal_connect (save, "clicked", G_CALLBACK (rule_save_cb), d);
  gtk_window_present (d->dialog);
  return GTK_WIDGET (d->dialog);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action,
             GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

static void
rule_switched_cb (GtkSwitch  *sw,
                  GParamSpec *pspec,
                  gpointer    data)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (sw), "kefu-rule"));

  gtk_widget_activate_action (GTK_WIDGET (sw), "settings.rule-active", "(xb)", id, gtk_switch_get_active (sw));
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static void
load_rules (KefuDispatchSettings *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = kefu_dispatch_list_rules (self->store, &error);

  clear_rows (self->rules_group, self->rule_rows);
  if (rules == NULL)
    {
      report (self, FALSE, error);
      return;
    }
  for (guint i = 0; i < rules->len; i++)
    {
      KefuDispatchRule *r = rules->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *sw = gtk_switch_new ();
      GtkWidget *up = icon_button ("go-up-symbolic", _("Move Up"), "settings.rule-up", g_variant_new_int64 (r->id));
      GtkWidget *down = icon_button ("go-down-symbolic", _("Move Down"), "settings.rule-down", g_variant_new_int64 (r->id));
      GtkWidget *edit = icon_button ("document-edit-symbolic", _("Edit…"), "settings.rule-edit", g_variant_new_int64 (r->id));
      GtkWidget *del = icon_button ("user-trash-symbolic", _("Delete…"), "settings.rule-delete", g_variant_new_int64 (r->id));
      g_autofree char *title = g_strdup_printf ("%d. %s", r->position, r->name);
      g_autofree char *what = kefu_dispatch_rule_describe (r);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), what);
      gtk_widget_set_sensitive (up, i > 0);
      gtk_widget_set_sensitive (down, i + 1 < rules->len);
      gtk_switch_set_active (GTK_SWITCH (sw), r->active);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (sw, _("Active"));
      g_object_set_data (G_OBJECT (sw), "kefu-rule", GSIZE_TO_POINTER ((gsize) r->id));
      g_signal_connect (sw, "notify::active", G_CALLBACK (rule_switched_cb), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), up);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), down);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), del);
      adw_preferences_group_add (self->rules_group, row);
      g_ptr_array_add (self->rule_rows, row);
    }
  if (rules->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No rules yet: every job waits in the Unassigned column."));
      adw_preferences_group_add (self->rules_group, row);
      g_ptr_array_add (self->rule_rows, row);
    }
}

static void
rule_add_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_edit_rule (KEFU_DISPATCH_SETTINGS (widget), 0);
}

static void
rule_edit_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_edit_rule (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter));
}

static void
move_rule (KefuDispatchSettings *self,
           gint64                rule_id,
           int                   by)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rules = kefu_dispatch_list_rules (self->store, &error);

  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      KefuDispatchRule *r = rules->pdata[i];
      if (r->id == rule_id)
        report (self, kefu_dispatch_move_rule (self->store, rule_id, r->position + by, &error), error);
    }
  if (rules == NULL)
    report (self, FALSE, error);
  load_rules (self);
}

static void
rule_up_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  move_rule (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter), -1);
}

static void
rule_down_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  move_rule (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter), +1);
}

static void
rule_active_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;
  gboolean active;

  g_variant_get (parameter, "(xb)", &id, &active);
  report (self, kefu_dispatch_set_rule_active (self->store, id, active, &error), error);
  reload_later (self);
}

static void
rule_delete_response_cb (AdwMessageDialog     *dialog,
                         const char           *response,
                         KefuDispatchSettings *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "kefu-rule"));

  if (g_strcmp0 (response, "delete") != 0)
    return;
  report (self, kefu_dispatch_delete_rule (self->store, id, &error), error);
  load_rules (self);
}

static void
rule_delete_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete this rule?"),
                                              _("Jobs it would send to its team will be decided by the next matching rule."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "kefu-rule", GSIZE_TO_POINTER ((gsize) g_variant_get_int64 (parameter)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (rule_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Technicians ------------------------------------------------------------- */

static const char *
weekday_name (int day)
{
  static const char *names[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                                 N_("Saturday"), N_("Sunday") };
  return _(names[day]);
}

static char *
today_string (int days_ahead)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now ());
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days_ahead);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
details_applied_cb (AdwEntryRow *row,
                    gpointer     data)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (gtk_widget_get_root (GTK_WIDGET (row)));
  GtkWidget *expander = gtk_widget_get_ancestor (GTK_WIDGET (row), ADW_TYPE_EXPANDER_ROW);
  AdwEntryRow *phone = g_object_get_data (G_OBJECT (expander), "kefu-phone");
  AdwEntryRow *skills = g_object_get_data (G_OBJECT (expander), "kefu-skills");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (expander), "kefu-technician"));
  g_autoptr(GError) error = NULL;

  self->expanded = id;
  if (report (self, kefu_dispatch_update_technician (self->store, id, gtk_editable_get_text (GTK_EDITABLE (phone)),
                                                     gtk_editable_get_text (GTK_EDITABLE (skills)), &error), error))
    reload_later (self);
}

static void
shift_applied_cb (AdwEntryRow *row,
                  gpointer     data)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (gtk_widget_get_root (GTK_WIDGET (row)));
  GtkWidget *expander = gtk_widget_get_ancestor (GTK_WIDGET (row), ADW_TYPE_EXPANDER_ROW);
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (expander), "kefu-technician"));
  int weekday = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kefu-weekday"));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_auto(GStrv) parts = g_strsplit_set (text, "-–~", 2);
  g_autoptr(GError) error = NULL;
  int from = -1, to = -1;

  self->expanded = id;
  if (*text != '\0' && g_strcmp0 (text, _("off")) != 0)
    {
      if (g_strv_length (parts) == 2)
        {
          from = parse_time (g_strstrip (parts[0]));
          to = parse_time (g_strstrip (parts[1]));
        }
      if (from < 0 || to < 0)
        {
          adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                            adw_toast_new (_("Write a shift like 08:00–20:00, or “off”.")));
          return;
        }
    }
  if (report (self, kefu_dispatch_set_shift (self->store, id, weekday, from, to, &error), error))
    reload_later (self);
}

static GtkWidget *
technician_expander (KefuDispatchSettings         *self,
                     const KefuTechnicianSchedule *s)
{
  GtkWidget *expander = adw_expander_row_new ();
  AdwEntryRow *phone = entry_row (_("Phone"), s->phone, "technician-phone");
  AdwEntryRow *skills = entry_row (_("Skills (sub-type codes, comma separated)"), s->skills, "technician-skills");
  GtkWidget *add = gtk_button_new_with_mnemonic (_("Add _Leave…"));
  GtkWidget *add_row = adw_action_row_new ();
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", s->phone != NULL ? s->phone : _("no phone"),
                                               s->skills != NULL && *s->skills != '\0' ? s->skills : _("no skills"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), s->name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  g_object_set_data (G_OBJECT (expander), "kefu-technician", GSIZE_TO_POINTER ((gsize) s->id));
  g_object_set_data (G_OBJECT (expander), "kefu-phone", phone);
  g_object_set_data (G_OBJECT (expander), "kefu-skills", skills);
  adw_entry_row_set_show_apply_button (phone, TRUE);
  adw_entry_row_set_show_apply_button (skills, TRUE);
  g_signal_connect (phone, "apply", G_CALLBACK (details_applied_cb), NULL);
  g_signal_connect (skills, "apply", G_CALLBACK (details_applied_cb), NULL);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (phone));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (skills));

  for (int d = 0; d < 7; d++)
    {
      g_autofree char *span = s->shift_from[d] >= 0 ? format_span (s->shift_from[d], s->shift_to[d]) : g_strdup (_("off"));
      g_autofree char *name = g_strdup_printf ("shift-%d", d + 1);
      AdwEntryRow *row = entry_row (weekday_name (d), span, name);

      adw_entry_row_set_show_apply_button (row, TRUE);
      g_object_set_data (G_OBJECT (row), "kefu-weekday", GINT_TO_POINTER (d + 1));
      g_signal_connect (row, "apply", G_CALLBACK (shift_applied_cb), NULL);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (row));
    }

  for (guint i = 0; i < s->exceptions->len; i++)
    {
      KefuShiftException *x = s->exceptions->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = x->from_min >= 0 ? format_span (x->from_min, x->to_min) : g_strdup (_("whole day"));
      g_autofree char *title = g_strdup_printf ("%s %s", x->date, when);
      g_autofree char *what = g_strdup_printf ("%s%s%s", g_strcmp0 (x->kind, "leave") == 0 ? _("Leave") : _("Extra shift"),
                                               x->note != NULL ? " · " : "", x->note != NULL ? x->note : "");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), what);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon_button ("user-trash-symbolic", _("Remove"), "settings.remove-exception",
                                                                    g_variant_new ("(xx)", s->id, x->id)));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add_row), _("Leave or extra shift in the coming weeks"));
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "settings.add-leave");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (add), g_variant_new_int64 (s->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (add_row), add);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), add_row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), s->id == self->expanded);
  return expander;
}

static void
load_technicians (KefuDispatchSettings *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = today_string (0);
  g_autoptr(GPtrArray) list = kefu_dispatch_list_schedules (self->store, today, &error);
  AdwPreferencesGroup *group = NULL;
  gint64 team = -1;

  for (guint i = 0; i < self->team_groups->len; i++)
    adw_preferences_page_remove (self->technicians_page, self->team_groups->pdata[i]);
  g_ptr_array_set_size (self->team_groups, 0);
  if (list == NULL)
    {
      report (self, FALSE, error);
      return;
    }
  for (guint i = 0; i < list->len; i++)
    {
      KefuTechnicianSchedule *s = list->pdata[i];

      if (s->team_id != team)
        {
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, s->team_name);
          adw_preferences_page_add (self->technicians_page, group);
          g_ptr_array_add (self->team_groups, group);
          team = s->team_id;
        }
      adw_preferences_group_add (group, technician_expander (self, s));
    }
}

typedef struct {
  KefuDispatchSettings *self;
  GtkWindow            *dialog;
  gint64                technician_id;
  AdwEntryRow          *date, *from, *to, *note;
  AdwComboRow          *kind;
  GtkSwitch            *whole_day;
  GtkLabel             *message;
} LeaveDialog;

static void
leave_save_cb (GtkButton   *button,
               LeaveDialog *d)
{
  g_autoptr(GError) error = NULL;
  gboolean whole = gtk_switch_get_active (d->whole_day);
  int from = whole ? -1 : parse_time (gtk_editable_get_text (GTK_EDITABLE (d->from)));
  int to = whole ? -1 : parse_time (gtk_editable_get_text (GTK_EDITABLE (d->to)));
  const char *kind = adw_combo_row_get_selected (d->kind) == 1 ? "extra" : "leave";

  if (!whole && (from < 0 || to < 0))
    {
      dialog_error (d->message, _("Write the times like 08:00 and 12:00, or choose the whole day."));
      return;
    }
  if (kefu_dispatch_add_exception (d->self->store, d->technician_id, gtk_editable_get_text (GTK_EDITABLE (d->date)), kind,
                                   from, to, gtk_editable_get_text (GTK_EDITABLE (d->note)), &error) == 0)
    {
      dialog_error (d->message, error->message);
      return;
    }
  d->self->expanded = d->technician_id;
  load_technicians (d->self);
  gtk_window_destroy (d->dialog);
}

static void
whole_day_cb (GtkSwitch   *sw,
              GParamSpec  *pspec,
              LeaveDialog *d)
{
  gtk_widget_set_sensitive (GTK_WIDGET (d->from), !gtk_switch_get_active (sw));
  gtk_widget_set_sensitive (GTK_WIDGET (d->to), !gtk_switch_get_active (sw));
}

GtkWidget *
kefu_dispatch_settings_add_leave (KefuDispatchSettings *self,
                                  gint64                technician_id)
{
  LeaveDialog *d = g_new0 (LeaveDialog, 1);
  g_autofree char *tomorrow = today_string (1);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkWidget *whole_row = adw_action_row_new ();
  GtkWidget *save;
  GtkListBox *list;

  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  d->self = self;
  d->technician_id = technician_id;
  d->dialog = small_dialog (self, _("Add Leave"), &save, &list, &d->message);
  g_object_set_data_full (G_OBJECT (d->dialog), "kefu-leave-dialog", d, g_free);
  d->date = entry_row (_("Date (YYYY-MM-DD)"), tomorrow, "leave-date");
  d->kind = ADW_COMBO_ROW (adw_combo_row_new ());
  gtk_string_list_append (kinds, _("Leave"));
  gtk_string_list_append (kinds, _("Extra shift"));
  adw_combo_row_set_model (d->kind, G_LIST_MODEL (kinds));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->kind), _("Kind"));
  gtk_widget_set_name (GTK_WIDGET (d->kind), "leave-kind");
  d->whole_day = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (d->whole_day, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (d->whole_day), GTK_ALIGN_CENTER);
  gtk_widget_set_name (GTK_WIDGET (d->whole_day), "leave-whole-day");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (whole_row), _("Whole day"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (whole_row), GTK_WIDGET (d->whole_day));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (whole_row), GTK_WIDGET (d->whole_day));
  d->from = entry_row (_("From (HH:MM)"), "08:00", "leave-from");
  d->to = entry_row (_("To (HH:MM)"), "12:00", "leave-to");
  d->note = entry_row (_("Note"), NULL, "leave-note");
  g_signal_connect (d->whole_day, "notify::active", G_CALLBACK (whole_day_cb), d);
  whole_day_cb (d->whole_day, NULL, d);

  gtk_list_box_append (list, GTK_WIDGET (d->date));
  gtk_list_box_append (list, GTK_WIDGET (d->kind));
  gtk_list_box_append (list, whole_row);
  gtk_list_box_append (list, GTK_WIDGET (d->from));
  gtk_list_box_append (list, GTK_WIDGET (d->to));
  gtk_list_box_append (list, GTK_WIDGET (d->note));
  g_signal_connect (save, "clicked", G_CALLBACK (leave_save_cb), d);
  gtk_window_present (d->dialog);
  return GTK_WIDGET (d->dialog);
}

static void
add_leave_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_add_leave (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter));
}

static void
remove_exception_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  g_autoptr(GError) error = NULL;
  gint64 technician, exception;

  g_variant_get (parameter, "(xx)", &technician, &exception);
  self->expanded = technician;
  if (report (self, kefu_dispatch_remove_exception (self->store, exception, &error), error))
    reload_later (self);
}

/* GObject ----------------------------------------------------------------- */

static void
kefu_dispatch_settings_dispose (GObject *object)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (object);

  g_clear_pointer (&self->rule_rows, g_ptr_array_unref);
  g_clear_pointer (&self->team_groups, g_ptr_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_dispatch_settings_parent_class)->dispose (object);
}

static void
kefu_dispatch_settings_class_init (KefuDispatchSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_dispatch_settings_dispose;
  gtk_widget_class_install_action (widget_class, "settings.add-rule", NULL, rule_add_cb);
  gtk_widget_class_install_action (widget_class, "settings.rule-edit", "x", rule_edit_cb);
  gtk_widget_class_install_action (widget_class, "settings.rule-up", "x", rule_up_cb);
  gtk_widget_class_install_action (widget_class, "settings.rule-down", "x", rule_down_cb);
  gtk_widget_class_install_action (widget_class, "settings.rule-active", "(xb)", rule_active_cb);
  gtk_widget_class_install_action (widget_class, "settings.rule-delete", "x", rule_delete_cb);
  gtk_widget_class_install_action (widget_class, "settings.add-leave", "x", add_leave_cb);
  gtk_widget_class_install_action (widget_class, "settings.remove-exception", "(xx)", remove_exception_cb);
}

static void
kefu_dispatch_settings_init (KefuDispatchSettings *self)
{
  GtkWidget *rules_page = adw_preferences_page_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Rule…"));

  self->rule_rows = g_ptr_array_new ();
  self->team_groups = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Dispatch Settings"));
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 640);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (rules_page), _("Rules"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (rules_page), "view-list-symbolic");
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (rules_page), "rules");
  self->rules_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->rules_group, _("Automatic dispatch rules"));
  adw_preferences_group_set_description (self->rules_group,
                                         _("Tried from the top; the first active rule that matches and whose team has someone on shift wins."));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "settings.add-rule");
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (self->rules_group, add);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (rules_page), self->rules_group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (rules_page));

  self->technicians_page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (self->technicians_page, _("Technicians"));
  adw_preferences_page_set_icon_name (self->technicians_page, "system-users-symbolic");
  adw_preferences_page_set_name (self->technicians_page, "technicians");
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), self->technicians_page);
}

GtkWidget *
kefu_dispatch_settings_new (KefuStore *store)
{
  KefuDispatchSettings *self = g_object_new (KEFU_TYPE_DISPATCH_SETTINGS, NULL);

  self->store = g_object_ref (store);
  load_rules (self);
  load_technicians (self);
  return GTK_WIDGET (self);
}
