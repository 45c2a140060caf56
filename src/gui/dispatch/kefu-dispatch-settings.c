/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-settings.c — the dispatch rules, the teams and the technicians
 *
 * Three pages. "Rules": the rules in the order they are tried, each with
 * its switch, Move Up / Move Down, Edit and Delete; Add Rule… and Edit open
 * a small dialog. "Teams": each team with the sub-types it covers, whether
 * it is a contractor (a suspended one with its reason and Re-enable), Edit
 * and Delete. "Technicians": one expander per technician, grouped by their
 * own team, with name, phone, teams, skills and buildings (picked from check
 * lists), the weekly shifts (any number a day) and the leave, extra or
 * swapped shifts of the coming weeks; the deactivated ones at the end. Every change goes through the core (one transaction,
 * permission-checked) and the page is read again; a refusal is a toast.
 * The buttons are the window's actions (settings.*), so tests and keys use
 * the same path.
 *
 * The dialogs are classes of their own on one frame (KefuSettingsDialog,
 * kefu-settings-dialog.c): kefu-rule-dialog.c, kefu-team-dialog.c,
 * kefu-new-technician-dialog.c, kefu-technician-pick-dialog.c (teams,
 * skills, buildings), kefu-shift-dialog.c, kefu-swap-dialog.c and
 * kefu-leave-dialog.c; what they share with this window is in
 * kefu-dispatch-settings-private.h, the rows they share in
 * kefu-settings-rows.c.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-dispatch-settings-private.h"
#include "kefu-enums.h"
#include "kefu-leave-dialog.h"
#include "kefu-new-technician-dialog.h"
#include "kefu-rule-dialog.h"
#include "kefu-settings-rows.h"
#include "kefu-shift-dialog.h"
#include "kefu-swap-dialog.h"
#include "kefu-team-dialog.h"
#include "kefu-technician-pick-dialog.h"
#include "kefu-write.h"

struct _KefuDispatchSettings
{
  AdwPreferencesWindow  parent_instance;

  KefuStore            *store;
  AdwPreferencesGroup  *rules_group;
  AdwPreferencesGroup  *teams_group;
  AdwPreferencesPage   *technicians_page;
  AdwPreferencesGroup  *technicians_group;
  GtkWidget            *technicians_empty;
  GPtrArray            *rule_rows;        /* GtkWidget, removed on reload */
  GPtrArray            *team_rows;
  GPtrArray            *team_groups;      /* AdwPreferencesGroup, removed on reload */
  gint64                expanded;         /* the technician whose expander stays open */
  KefuWaitBar          *wait_bar;         /* a change made on the window waiting for the lock */
};

G_DEFINE_FINAL_TYPE (KefuDispatchSettings, kefu_dispatch_settings, ADW_TYPE_PREFERENCES_WINDOW)

static void load_rules (KefuDispatchSettings *self);
static void load_teams (KefuDispatchSettings *self);
static void load_technicians (KefuDispatchSettings *self);

static gboolean
reload_idle_cb (gpointer data)
{
  KefuDispatchSettings *self = data;

  if (self->store != NULL)
    {
      load_rules (self);
      load_teams (self);
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

gboolean
kefu_dispatch_settings_report (KefuDispatchSettings *self,
                               gboolean              ok,
                               const GError         *error)
{
  if (!ok && error != NULL)
    {
      AdwToast *t = adw_toast_new (error->message);

      adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
    }
  return ok;
}

KefuStore *
kefu_dispatch_settings_get_store (KefuDispatchSettings *self)
{
  return self->store;
}

/* Saves (see kefu-dispatch-settings-private.h) ------------------------------ */

SettingsWrite *
kefu_dispatch_settings_write_new (KefuDispatchSettings *self,
                                  WriteKind             kind,
                                  KefuSettingsDialog   *dialog)
{
  SettingsWrite *w = g_new0 (SettingsWrite, 1);

  w->self = self;
  w->kind = kind;
  w->dialog = dialog;
  return w;
}

static void
settings_write_free (SettingsWrite *w)
{
  g_free (w->rule.name);
  g_free (w->rule.kind);
  g_free (w->rule.subtype);
  g_free (w->rule.channel);
  g_free (w->text);
  g_free (w->text2);
  g_free (w->text3);
  g_clear_pointer (&w->ids, g_array_unref);
  g_free (w);
}

static gboolean
settings_write_cb (KefuStore  *store,
                   gpointer    data,
                   GError    **error)
{
  SettingsWrite *w = data;
  const gint64 *ids = w->ids != NULL ? (const gint64 *) w->ids->data : NULL;
  guint n_ids = w->ids != NULL ? w->ids->len : 0;
  gint64 id;

  switch (w->kind)
    {
    case WRITE_ADD_RULE:          return kefu_dispatch_add_rule (store, &w->rule, error) > 0;
    case WRITE_UPDATE_RULE:       return kefu_dispatch_update_rule (store, &w->rule, error);
    case WRITE_MOVE_RULE:         return kefu_dispatch_move_rule (store, w->id, w->number, error);
    case WRITE_RULE_ACTIVE:       return kefu_dispatch_set_rule_active (store, w->id, w->flag, error);
    case WRITE_DELETE_RULE:       return kefu_dispatch_delete_rule (store, w->id, error);
    case WRITE_ADD_TEAM:          return kefu_dispatch_add_team (store, w->text, w->text2, w->flag, error) > 0;
    case WRITE_UPDATE_TEAM:       return kefu_dispatch_update_team (store, w->id, w->text, w->text2, w->flag, error);
    case WRITE_REINSTATE_TEAM:    return kefu_dispatch_reinstate_team (store, w->id, error);
    case WRITE_DELETE_TEAM:       return kefu_dispatch_delete_team (store, w->id, error);
    case WRITE_ADD_TECHNICIAN:
      id = kefu_dispatch_add_technician (store, w->text, w->text2, w->other, error);
      if (id > 0)
        w->expanded = id;
      return id > 0;
    case WRITE_RENAME_TECHNICIAN: return kefu_dispatch_rename_technician (store, w->id, w->text, error);
    case WRITE_UPDATE_TECHNICIAN: return kefu_dispatch_update_technician (store, w->id, w->text, w->text2, error);
    case WRITE_TECHNICIAN_TEAMS:  return kefu_dispatch_set_technician_teams (store, w->id, w->other, ids, n_ids, error);
    case WRITE_TECHNICIAN_BUILDINGS: return kefu_dispatch_set_technician_buildings (store, w->id, ids, n_ids, error);
    case WRITE_TECHNICIAN_ACTIVE: return kefu_dispatch_set_technician_active (store, w->id, w->flag, error);
    case WRITE_ADD_SHIFT:         return kefu_dispatch_add_shift (store, w->id, w->number, w->from, w->to, error) > 0;
    case WRITE_REMOVE_SHIFT:      return kefu_dispatch_remove_shift (store, w->id, error);
    case WRITE_SWAP_SHIFT:        return kefu_dispatch_swap_shift (store, w->id, w->other, w->text, error) > 0;
    case WRITE_ADD_EXCEPTION:
      return kefu_dispatch_add_exception (store, w->id, w->text, w->text2, w->from, w->to, w->text3, error) > 0;
    case WRITE_REMOVE_EXCEPTION:
    default:                      return kefu_dispatch_remove_exception (store, w->id, error);
    }
}

static void
settings_reload (KefuDispatchSettings *self,
                 Reload                reload)
{
  if (reload == RELOAD_RULES)
    load_rules (self);
  else if (reload == RELOAD_TECHNICIANS)
    load_technicians (self);
  else
    reload_later (self);
}

static void
settings_done_cb (KefuWriteOutcome  outcome,
                  const GError     *error,
                  gpointer          data)
{
  SettingsWrite *w = data;
  KefuDispatchSettings *self = w->self;

  if (w->dialog != NULL)
    gtk_widget_set_sensitive (kefu_settings_dialog_get_save (w->dialog), TRUE);
  if (self->store == NULL)
    return;
  if (outcome == KEFU_WRITE_STOPPED)
    {
      /* nothing saved: a dialog keeps what was typed; a switch shows the truth */
      if (w->reload_stopped)
        reload_later (self);
      return;
    }
  if (outcome == KEFU_WRITE_FAILED && w->dialog != NULL)
    {
      kefu_settings_dialog_show_error (w->dialog, error->message);
      return;
    }
  if (outcome == KEFU_WRITE_FAILED)
    {
      /* at once, in front of any other toast */
      kefu_dispatch_settings_report (self, FALSE, error);
      if (!w->reload_failed)
        return;   /* an entry keeps what was typed */
    }
  if (w->expanded > 0)
    self->expanded = w->expanded;
  settings_reload (self, w->reload);
  if (outcome == KEFU_WRITE_DONE && w->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (w->dialog));
}

void
kefu_dispatch_settings_write (KefuDispatchSettings *self,
                              SettingsWrite        *w)
{
  KefuWaitBar *bar = self->wait_bar;

  if (w->dialog != NULL)
    {
      bar = kefu_settings_dialog_get_wait_bar (w->dialog);
      kefu_settings_dialog_hide_error (w->dialog);
      /* sensitive again when it is done, failed or stopped */
      gtk_widget_set_sensitive (kefu_settings_dialog_get_save (w->dialog), FALSE);
    }
  kefu_write_run (self->store, bar, settings_write_cb, settings_done_cb, w, (GDestroyNotify) settings_write_free);
}

gboolean
kefu_dispatch_settings_is_waiting (KefuDispatchSettings *self)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), FALSE);
  return self->wait_bar != NULL && kefu_wait_bar_is_waiting (self->wait_bar);
}

/* Closing the window while a change waits stops the wait, as Stop Waiting
 * does; the window stays. */
static gboolean
settings_close_request_cb (KefuDispatchSettings *self)
{
  if (!kefu_dispatch_settings_is_waiting (self))
    return FALSE;
  kefu_wait_bar_stop (self->wait_bar);
  return TRUE;
}

/* Rules ------------------------------------------------------------------- */

GtkWidget *
kefu_dispatch_settings_edit_rule (KefuDispatchSettings *self,
                                  gint64                rule_id)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  return kefu_rule_dialog_open (self, rule_id);
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

/* @data: the rule's id */
static void
rule_switched_cb (GtkSwitch  *sw,
                  GParamSpec *pspec,
                  gpointer    data)
{
  gint64 id = GPOINTER_TO_SIZE (data);

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
      kefu_dispatch_settings_report (self, FALSE, error);
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

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), what);
      gtk_widget_set_sensitive (up, i > 0);
      gtk_widget_set_sensitive (down, i + 1 < rules->len);
      gtk_switch_set_active (GTK_SWITCH (sw), r->active);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (sw, _("Active"));
      {
        g_autofree char *name = g_strdup_printf ("rule-active-%" G_GINT64_FORMAT, r->id);
        gtk_widget_set_name (sw, name);   /* for tests and keys, as the check lists' */
      }
      g_signal_connect (sw, "notify::active", G_CALLBACK (rule_switched_cb), GSIZE_TO_POINTER ((gsize) r->id));
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
        {
          SettingsWrite *w = kefu_dispatch_settings_write_new (self, WRITE_MOVE_RULE, NULL);

          w->id = rule_id;
          w->number = r->position + by;
          w->reload = RELOAD_RULES;
          w->reload_failed = TRUE;
          kefu_dispatch_settings_write (self, w);
          return;
        }
    }
  if (rules == NULL)
    kefu_dispatch_settings_report (self, FALSE, error);
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
  gint64 id;
  gboolean active;

  SettingsWrite *w = kefu_dispatch_settings_write_new (self, WRITE_RULE_ACTIVE, NULL);

  g_variant_get (parameter, "(xb)", &id, &active);
  w->id = id;
  w->flag = active;
  w->reload_stopped = w->reload_failed = TRUE;
  kefu_dispatch_settings_write (self, w);
}

/* @data: the rule's id; the dialog is the window's */
static void
rule_delete_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         gpointer          data)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  KefuDispatchSettings *self;
  SettingsWrite *w;

  if (g_strcmp0 (response, "delete") != 0 || !KEFU_IS_DISPATCH_SETTINGS (parent))
    return;
  self = KEFU_DISPATCH_SETTINGS (parent);
  w = kefu_dispatch_settings_write_new (self, WRITE_DELETE_RULE, NULL);
  w->id = GPOINTER_TO_SIZE (data);
  w->reload = RELOAD_RULES;
  w->reload_failed = TRUE;
  kefu_dispatch_settings_write (self, w);
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
  g_signal_connect (dialog, "response", G_CALLBACK (rule_delete_response_cb),
                    GSIZE_TO_POINTER ((gsize) g_variant_get_int64 (parameter)));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Teams ------------------------------------------------------------------- */

/* Opens the team dialog (@team_id 0: a new team) and returns it. */
GtkWidget *
kefu_dispatch_settings_edit_team (KefuDispatchSettings *self,
                                  gint64                team_id)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  return kefu_team_dialog_open (self, team_id);
}

static void
load_teams (KefuDispatchSettings *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) teams = kefu_dispatch_list_teams (self->store, &error);

  clear_rows (self->teams_group, self->team_rows);
  if (teams == NULL)
    {
      kefu_dispatch_settings_report (self, FALSE, error);
      return;
    }
  for (guint i = 0; i < teams->len; i++)
    {
      KefuTeam *t = teams->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *covers = kefu_settings_subtype_labels (t->subtypes, _("no sub-types"));
      g_autofree char *people = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u technician", "%u technicians", t->technicians),
                                                 t->technicians);
      g_autofree char *open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open ticket", "%u open tickets", t->open_tickets),
                                               t->open_tickets);
      g_autoptr(GString) subtitle = g_string_new (NULL);

      if (t->contractor)
        g_string_append_printf (subtitle, "%s · ", _("Contractor"));
      g_string_append_printf (subtitle, "%s\n%s · %s", covers, people, open);
      if (t->suspended)
        {
          GtkWidget *enable = gtk_button_new_with_label (_("Re-enable"));

          g_string_append_c (subtitle, '\n');
          /* Translators: %s is why, e.g. "2026-10 评分 72：返工率 18%" */
          g_string_append_printf (subtitle, _("Suspended: %s"), t->suspended_reason != NULL ? t->suspended_reason : _("no reason given"));
          gtk_widget_set_valign (enable, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (enable, _("Let the rules send this team jobs again"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (enable), "settings.reinstate-team");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (enable), g_variant_new_int64 (t->id));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), enable);
          gtk_widget_add_css_class (row, "warning");
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon_button ("document-edit-symbolic", _("Edit…"), "settings.edit-team",
                                                                    g_variant_new_int64 (t->id)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon_button ("user-trash-symbolic", _("Delete…"), "settings.delete-team",
                                                                    g_variant_new_int64 (t->id)));
      adw_preferences_group_add (self->teams_group, row);
      g_ptr_array_add (self->team_rows, row);
    }
  if (teams->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No teams yet: add one with Add Team…, then its technicians on the Technicians page."));
      adw_preferences_group_add (self->teams_group, row);
      g_ptr_array_add (self->team_rows, row);
    }
}

static void
team_add_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_edit_team (KEFU_DISPATCH_SETTINGS (widget), 0);
}

static void
team_edit_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_edit_team (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter));
}

static void
team_reinstate_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  SettingsWrite *w = kefu_dispatch_settings_write_new (self, WRITE_REINSTATE_TEAM, NULL);

  w->id = g_variant_get_int64 (parameter);
  w->reload_failed = TRUE;
  kefu_dispatch_settings_write (self, w);
}

/* @data: the team's id; the dialog is the window's */
static void
team_delete_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         gpointer          data)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  KefuDispatchSettings *self;
  SettingsWrite *w;

  if (g_strcmp0 (response, "delete") != 0 || !KEFU_IS_DISPATCH_SETTINGS (parent))
    return;
  self = KEFU_DISPATCH_SETTINGS (parent);
  w = kefu_dispatch_settings_write_new (self, WRITE_DELETE_TEAM, NULL);
  w->id = GPOINTER_TO_SIZE (data);
  w->reload_failed = TRUE;
  kefu_dispatch_settings_write (self, w);
}

static void
team_delete_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) teams = kefu_dispatch_list_teams (self->store, &error);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  for (guint i = 0; teams != NULL && i < teams->len; i++)
    if (((KefuTeam *) teams->pdata[i])->id == id)
      heading = g_strdup_printf (_("Delete %s?"), ((KefuTeam *) teams->pdata[i])->name);
  if (heading == NULL)
    {
      kefu_dispatch_settings_report (self, FALSE, error);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Only a team without technicians, open tickets or rules can be deleted."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (team_delete_response_cb), GSIZE_TO_POINTER ((gsize) id));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Technicians ------------------------------------------------------------- */

char *
kefu_dispatch_settings_date_ahead (KefuDispatchSettings *self,
                                   int                   days_ahead)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (self->store));
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days_ahead);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* The technician's schedule as the core has it now; NULL (and a toast) when gone. */
KefuTechnicianSchedule *
kefu_dispatch_settings_find_schedule (KefuDispatchSettings *self,
                                      gint64                technician_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kefu_dispatch_list_schedules (self->store, "", &error);

  for (guint i = 0; list != NULL && i < list->len; i++)
    if (((KefuTechnicianSchedule *) list->pdata[i])->id == technician_id)
      return g_ptr_array_steal_index (list, i);
  if (error == NULL)
    g_set_error (&error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Technician %lld no longer exists."),
                 (long long) technician_id);
  kefu_dispatch_settings_report (self, FALSE, error);
  return NULL;
}

/* @data: the technician's id */
static void
phone_applied_cb (AdwEntryRow *row,
                  gpointer     data)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (gtk_widget_get_root (GTK_WIDGET (row)));
  gint64 id = GPOINTER_TO_SIZE (data);
  g_autoptr(KefuTechnicianSchedule) s = kefu_dispatch_settings_find_schedule (self, id);
  SettingsWrite *w;

  self->expanded = id;
  if (s == NULL)
    return;
  w = kefu_dispatch_settings_write_new (self, WRITE_UPDATE_TECHNICIAN, NULL);
  w->id = w->expanded = id;
  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  w->text2 = g_strdup (s->skills);
  kefu_dispatch_settings_write (self, w);
}

/* @data: the technician's id */
static void
name_applied_cb (AdwEntryRow *row,
                 gpointer     data)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (gtk_widget_get_root (GTK_WIDGET (row)));
  gint64 id = GPOINTER_TO_SIZE (data);
  SettingsWrite *w = kefu_dispatch_settings_write_new (self, WRITE_RENAME_TECHNICIAN, NULL);

  self->expanded = id;
  w->id = w->expanded = id;
  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  kefu_dispatch_settings_write (self, w);
}

/* A row with a subtitle saying what is set and a button changing it */
static GtkWidget *
choose_row (const char *title,
            const char *value,
            const char *button_label,
            const char *action,
            gint64      technician_id)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (button_label);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (technician_id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  return row;
}

static char *
names_of (GHashTable  *names,
          GArray      *ids,
          const char  *first,
          const char  *none)
{
  GString *s = g_string_new (first);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *name = g_hash_table_lookup (names, &g_array_index (ids, gint64, i));
      if (name != NULL)
        g_string_append_printf (s, "%s%s", s->len > 0 ? _(", ") : "", name);
    }
  if (s->len == 0)
    g_string_append (s, none);
  return g_string_free (s, FALSE);
}

static GtkWidget *
technician_expander (KefuDispatchSettings         *self,
                     const KefuTechnicianSchedule *s,
                     GHashTable                   *team_names,
                     GHashTable                   *building_names)
{
  GtkWidget *expander = adw_expander_row_new ();
  AdwEntryRow *name = kefu_settings_entry_row (_("Name"), s->name, "technician-name");
  AdwEntryRow *phone = kefu_settings_entry_row (_("Phone"), s->phone, "technician-phone");
  g_autofree char *skills = kefu_settings_subtype_labels (s->skills, _("no skills"));
  g_autofree char *primary = g_strdup_printf (_("%s (own team)"), s->team_name);
  g_autofree char *teams = names_of (team_names, s->other_teams, primary, NULL);
  g_autofree char *areas = names_of (building_names, s->buildings, NULL, _("No buildings: any of the team’s jobs"));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", s->phone != NULL ? s->phone : _("no phone"), skills);
  GtkWidget *add_shift = gtk_button_new_with_mnemonic (_("Add _Shift…"));
  GtkWidget *shifts_row = adw_action_row_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("Add _Leave…"));
  GtkWidget *swap = gtk_button_new_with_mnemonic (_("S_wap Shift…"));
  GtkWidget *add_row = adw_action_row_new ();
  GtkWidget *deactivate = gtk_button_new_with_mnemonic (_("_Deactivate"));
  GtkWidget *deactivate_row = adw_action_row_new ();
  gboolean off[7] = { TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE };

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), s->name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  adw_entry_row_set_show_apply_button (name, TRUE);
  adw_entry_row_set_show_apply_button (phone, TRUE);
  g_signal_connect (name, "apply", G_CALLBACK (name_applied_cb), GSIZE_TO_POINTER ((gsize) s->id));
  g_signal_connect (phone, "apply", G_CALLBACK (phone_applied_cb), GSIZE_TO_POINTER ((gsize) s->id));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (name));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (phone));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            choose_row (_("Teams"), teams, _("_Teams…"), "settings.technician-teams", s->id));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            choose_row (_("Skills"), skills, _("S_kills…"), "settings.technician-skills", s->id));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            choose_row (_("Usually covers"), areas, _("_Buildings…"), "settings.technician-buildings", s->id));

  /* the weekly shifts: the days off and Add Shift…, then each shift, removable */
  for (guint i = 0; i < s->shifts->len; i++)
    off[g_array_index (s->shifts, KefuShift, i).weekday - 1] = FALSE;
  {
    g_autoptr(GString) days = g_string_new (NULL);

    for (int d = 0; d < 7; d++)
      if (off[d])
        g_string_append_printf (days, "%s%s", days->len > 0 ? _(", ") : "", kefu_settings_weekday_name (d));
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (shifts_row), _("Weekly shifts"));
    if (s->shifts->len == 0)
      adw_action_row_set_subtitle (ADW_ACTION_ROW (shifts_row),
                                   _("None yet: add the shifts of the week, or the rules never choose this technician."));
    else if (days->len > 0)
      {
        g_autofree char *text = g_strdup_printf (_("Off: %s"), days->str);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (shifts_row), text);
      }
  }
  gtk_widget_set_valign (add_shift, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_shift), "settings.add-shift");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (add_shift), g_variant_new_int64 (s->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (shifts_row), add_shift);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), shifts_row);
  for (guint i = 0; i < s->shifts->len; i++)
    {
      const KefuShift *shift = &g_array_index (s->shifts, KefuShift, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *span = kefu_settings_format_span (shift->from_min, shift->to_min);
      g_autofree char *text = shift->to_min < shift->from_min ? g_strdup_printf (_("%s (past midnight)"), span) : g_strdup (span);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kefu_settings_weekday_name (shift->weekday - 1));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      gtk_widget_set_name (row, "shift-row");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon_button ("list-remove-symbolic", _("Remove Shift"), "settings.remove-shift",
                                                                    g_variant_new ("(xx)", s->id, shift->id)));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add_row), _("Leave, extra or swapped shifts"));
  if (s->exceptions->len == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (add_row), _("None in the coming weeks"));
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "settings.add-leave");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (add), g_variant_new_int64 (s->id));
  gtk_widget_set_valign (swap, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (swap, _("Another technician works this technician’s shift on a day (调班)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (swap), "settings.swap-shift");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (swap), g_variant_new_int64 (s->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (add_row), swap);
  adw_action_row_add_suffix (ADW_ACTION_ROW (add_row), add);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), add_row);

  for (guint i = 0; i < s->exceptions->len; i++)
    {
      KefuShiftException *x = s->exceptions->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      gboolean leave = g_strcmp0 (x->kind, "leave") == 0;
      g_autofree char *when = x->from_min >= 0 ? kefu_settings_format_span (x->from_min, x->to_min) : g_strdup (_("whole day"));
      g_autofree char *title = g_strdup_printf ("%s %s", x->date, when);
      const char *kind = x->swap_id > 0 ? (leave ? _("Swapped shift: off") : _("Swapped shift: works"))
                                        : (leave ? _("Leave") : _("Extra shift"));
      g_autofree char *what = g_strdup_printf ("%s%s%s", kind, x->note != NULL ? " · " : "", x->note != NULL ? x->note : "");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), what);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("user-trash-symbolic", x->swap_id > 0 ? _("Remove the Whole Swap") : _("Remove"),
                                              "settings.remove-exception", g_variant_new ("(xx)", s->id, x->id)));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (deactivate_row), _("No longer works here"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (deactivate_row), _("Kept in the history; the rules stop choosing them"));
  gtk_widget_set_valign (deactivate, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (deactivate), "settings.technician-active");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (deactivate), g_variant_new ("(xb)", s->id, FALSE));
  adw_action_row_add_suffix (ADW_ACTION_ROW (deactivate_row), deactivate);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), deactivate_row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), s->id == self->expanded);
  return expander;
}

static GtkWidget *
inactive_row (const KefuTechnicianSchedule *s)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Reactivate"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), s->team_name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "settings.technician-active");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new ("(xb)", s->id, TRUE));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
load_technicians (KefuDispatchSettings *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = kefu_dispatch_settings_date_ahead (self, 0);
  g_autoptr(GPtrArray) list = kefu_dispatch_list_schedules (self->store, today, &error);
  g_autoptr(GPtrArray) teams = NULL;
  g_autoptr(GListStore) buildings = NULL;
  g_autoptr(GHashTable) team_names = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) building_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  AdwPreferencesGroup *group = NULL;
  gint64 team = -1;

  for (guint i = 0; i < self->team_groups->len; i++)
    adw_preferences_page_remove (self->technicians_page, self->team_groups->pdata[i]);
  g_ptr_array_set_size (self->team_groups, 0);
  if (list == NULL || (teams = kefu_dispatch_list_teams (self->store, &error)) == NULL
      || (buildings = kefu_dispatch_list_buildings (self->store, &error)) == NULL)
    {
      kefu_dispatch_settings_report (self, FALSE, error);
      return;
    }
  for (guint i = 0; i < teams->len; i++)
    g_hash_table_insert (team_names, &((KefuTeam *) teams->pdata[i])->id, ((KefuTeam *) teams->pdata[i])->name);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (buildings)); i++)
    {
      g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (buildings), i);
      gint64 id = kefu_choice_get_id (c);

      g_hash_table_insert (building_names, g_memdup2 (&id, sizeof id), g_strdup (kefu_choice_get_name (c)));
    }
  /* an empty boxed list would show as a line: the row comes and goes */
  if (list->len == 0 && self->technicians_empty == NULL)
    {
      self->technicians_empty = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->technicians_empty),
                                     _("No technicians yet: add them with Add Technician…, each with a team, then their shifts."));
      adw_preferences_group_add (self->technicians_group, self->technicians_empty);
    }
  else if (list->len > 0 && self->technicians_empty != NULL)
    {
      adw_preferences_group_remove (self->technicians_group, self->technicians_empty);
      self->technicians_empty = NULL;
    }
  adw_preferences_group_set_description (self->technicians_group,
                                         teams->len == 0 ? _("Add a team on the Teams page first, then its technicians here.")
                                                         : _("Each technician’s teams, skills, buildings and shifts decide which jobs the rules give them."));
  for (guint i = 0; i < list->len; i++)
    {
      KefuTechnicianSchedule *s = list->pdata[i];

      if (!s->active)
        {
          if (team != 0)
            {
              group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
              adw_preferences_group_set_title (group, _("Deactivated"));
              adw_preferences_page_add (self->technicians_page, group);
              g_ptr_array_add (self->team_groups, group);
              team = 0;
            }
          adw_preferences_group_add (group, inactive_row (s));
          continue;
        }
      if (s->team_id != team)
        {
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, s->team_name);
          adw_preferences_page_add (self->technicians_page, group);
          g_ptr_array_add (self->team_groups, group);
          team = s->team_id;
        }
      adw_preferences_group_add (group, technician_expander (self, s, team_names, building_names));
    }
}

/* The dialogs */

GtkWidget *
kefu_dispatch_settings_add_technician (KefuDispatchSettings *self)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  return kefu_new_technician_dialog_open (self);
}

GtkWidget *
kefu_dispatch_settings_choose_skills (KefuDispatchSettings *self,
                                      gint64                technician_id)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  return kefu_technician_pick_dialog_open (self, technician_id, KEFU_PICK_SKILLS);
}

static void
pick_teams_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_technician_pick_dialog_open (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter), KEFU_PICK_TEAMS);
}

static void
pick_skills_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_technician_pick_dialog_open (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter), KEFU_PICK_SKILLS);
}

static void
pick_buildings_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_technician_pick_dialog_open (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter), KEFU_PICK_BUILDINGS);
}

static void
add_technician_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_add_technician (KEFU_DISPATCH_SETTINGS (widget));
}

static void
technician_active_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  SettingsWrite *w = kefu_dispatch_settings_write_new (self, WRITE_TECHNICIAN_ACTIVE, NULL);
  gint64 id;
  gboolean active;

  g_variant_get (parameter, "(xb)", &id, &active);
  self->expanded = id;
  w->id = w->expanded = id;
  w->flag = active;
  kefu_dispatch_settings_write (self, w);
}

/* Opens the Add Shift dialog for @technician_id and returns it. */
GtkWidget *
kefu_dispatch_settings_add_shift (KefuDispatchSettings *self,
                                  gint64                technician_id)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  return kefu_shift_dialog_open (self, technician_id);
}

static void
add_shift_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_add_shift (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter));
}

static void
remove_shift_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (widget);
  SettingsWrite *w = kefu_dispatch_settings_write_new (self, WRITE_REMOVE_SHIFT, NULL);
  gint64 technician, shift;

  g_variant_get (parameter, "(xx)", &technician, &shift);
  self->expanded = technician;
  w->id = shift;
  w->expanded = technician;
  kefu_dispatch_settings_write (self, w);
}

/* Opens the Swap Shift dialog for @technician_id and returns it. */
GtkWidget *
kefu_dispatch_settings_swap_shift (KefuDispatchSettings *self,
                                   gint64                technician_id)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  return kefu_swap_dialog_open (self, technician_id);
}

static void
swap_shift_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  kefu_dispatch_settings_swap_shift (KEFU_DISPATCH_SETTINGS (widget), g_variant_get_int64 (parameter));
}

GtkWidget *
kefu_dispatch_settings_add_leave (KefuDispatchSettings *self,
                                  gint64                technician_id)
{
  g_return_val_if_fail (KEFU_IS_DISPATCH_SETTINGS (self), NULL);
  return kefu_leave_dialog_open (self, technician_id);
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
  SettingsWrite *w = kefu_dispatch_settings_write_new (self, WRITE_REMOVE_EXCEPTION, NULL);
  gint64 technician, exception;

  g_variant_get (parameter, "(xx)", &technician, &exception);
  self->expanded = technician;
  w->id = exception;
  w->expanded = technician;
  kefu_dispatch_settings_write (self, w);
}

/* GObject ----------------------------------------------------------------- */

static void
kefu_dispatch_settings_dispose (GObject *object)
{
  KefuDispatchSettings *self = KEFU_DISPATCH_SETTINGS (object);

  g_clear_pointer (&self->rule_rows, g_ptr_array_unref);
  g_clear_pointer (&self->team_rows, g_ptr_array_unref);
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
  gtk_widget_class_install_action (widget_class, "settings.add-team", NULL, team_add_cb);
  gtk_widget_class_install_action (widget_class, "settings.edit-team", "x", team_edit_cb);
  gtk_widget_class_install_action (widget_class, "settings.delete-team", "x", team_delete_cb);
  gtk_widget_class_install_action (widget_class, "settings.reinstate-team", "x", team_reinstate_cb);
  gtk_widget_class_install_action (widget_class, "settings.add-technician", NULL, add_technician_cb);
  gtk_widget_class_install_action (widget_class, "settings.technician-active", "(xb)", technician_active_cb);
  gtk_widget_class_install_action (widget_class, "settings.technician-teams", "x", pick_teams_cb);
  gtk_widget_class_install_action (widget_class, "settings.technician-skills", "x", pick_skills_cb);
  gtk_widget_class_install_action (widget_class, "settings.technician-buildings", "x", pick_buildings_cb);
  gtk_widget_class_install_action (widget_class, "settings.add-shift", "x", add_shift_cb);
  gtk_widget_class_install_action (widget_class, "settings.remove-shift", "(xx)", remove_shift_cb);
  gtk_widget_class_install_action (widget_class, "settings.swap-shift", "x", swap_shift_cb);
  gtk_widget_class_install_action (widget_class, "settings.add-leave", "x", add_leave_cb);
  gtk_widget_class_install_action (widget_class, "settings.remove-exception", "(xx)", remove_exception_cb);
}

static void
kefu_dispatch_settings_init (KefuDispatchSettings *self)
{
  GtkWidget *rules_page = adw_preferences_page_new ();
  GtkWidget *teams_page = adw_preferences_page_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Rule…"));
  GtkWidget *add_team = gtk_button_new_with_mnemonic (_("_Add Team…"));
  GtkWidget *add_technician = gtk_button_new_with_mnemonic (_("_Add Technician…"));

  self->rule_rows = g_ptr_array_new ();
  self->team_rows = g_ptr_array_new ();
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

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (teams_page), _("Teams"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (teams_page), "system-users-symbolic");
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (teams_page), "teams");
  self->teams_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->teams_group, _("Teams"));
  adw_preferences_group_set_description (self->teams_group,
                                         _("The ticket sub-types each team covers. Outside contractors (外包服务商) are scored every month."));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_team), "settings.add-team");
  gtk_widget_set_valign (add_team, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (self->teams_group, add_team);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (teams_page), self->teams_group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (teams_page));

  self->technicians_page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (self->technicians_page, _("Technicians"));
  adw_preferences_page_set_icon_name (self->technicians_page, "avatar-default-symbolic");
  adw_preferences_page_set_name (self->technicians_page, "technicians");
  self->technicians_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->technicians_group, _("Technicians"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_technician), "settings.add-technician");
  gtk_widget_set_valign (add_technician, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (self->technicians_group, add_technician);
  adw_preferences_page_add (self->technicians_page, self->technicians_group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), self->technicians_page);

  /* a change made on the window that meets another program's lock waits here */
  self->wait_bar = kefu_wait_bar_add_to_window (ADW_WINDOW (self));
  g_signal_connect (self, "close-request", G_CALLBACK (settings_close_request_cb), NULL);
}

GtkWidget *
kefu_dispatch_settings_new (KefuStore *store)
{
  KefuDispatchSettings *self = g_object_new (KEFU_TYPE_DISPATCH_SETTINGS, NULL);

  self->store = g_object_ref (store);
  load_rules (self);
  load_teams (self);
  load_technicians (self);
  return GTK_WIDGET (self);
}
