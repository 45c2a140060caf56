/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-team-dialog.c — the dialog of one team: its name, whether it is an
 * outside contractor, the ticket sub-types it covers (template:
 * ui/dispatch/kefu-team-dialog.ui; the check list is built here) */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-dispatch-settings-private.h"
#include "kefu-settings-rows.h"
#include "kefu-team-dialog.h"

struct _KefuTeamDialog
{
  KefuSettingsDialog  parent_instance;

  gint64              team_id;
  AdwEntryRow        *name;
  GtkSwitch          *contractor;
  GPtrArray          *checks;
};

G_DEFINE_FINAL_TYPE (KefuTeamDialog, kefu_team_dialog, KEFU_TYPE_SETTINGS_DIALOG)

static void
kefu_team_dialog_save (KefuSettingsDialog *dialog)
{
  KefuTeamDialog *d = KEFU_TEAM_DIALOG (dialog);
  KefuDispatchSettings *settings = kefu_settings_dialog_get_settings (dialog);
  SettingsWrite *w = kefu_dispatch_settings_write_new (settings, d->team_id > 0 ? WRITE_UPDATE_TEAM : WRITE_ADD_TEAM,
                                                       dialog);

  w->id = d->team_id;
  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->name)));
  w->text2 = kefu_settings_checked_codes (d->checks);
  w->flag = gtk_switch_get_active (d->contractor);
  kefu_dispatch_settings_write (settings, w);
}

static void
kefu_team_dialog_finalize (GObject *object)
{
  KefuTeamDialog *self = KEFU_TEAM_DIALOG (object);

  g_ptr_array_unref (self->checks);
  G_OBJECT_CLASS (kefu_team_dialog_parent_class)->finalize (object);
}

static void
kefu_team_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KEFU_TYPE_TEAM_DIALOG);
  G_OBJECT_CLASS (kefu_team_dialog_parent_class)->dispose (object);
}

static void
kefu_team_dialog_class_init (KefuTeamDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_team_dialog_dispose;
  object_class->finalize = kefu_team_dialog_finalize;
  KEFU_SETTINGS_DIALOG_CLASS (klass)->save = kefu_team_dialog_save;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-team-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuTeamDialog, name);
  gtk_widget_class_bind_template_child (widget_class, KefuTeamDialog, contractor);
}

static void
kefu_team_dialog_init (KefuTeamDialog *self)
{
  self->checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kefu_team_dialog_open (KefuDispatchSettings *settings,
                       gint64                team_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) teams = kefu_dispatch_list_teams (kefu_dispatch_settings_get_store (settings), &error);
  const KefuTeam *team = NULL;
  KefuTeamDialog *d;
  GtkListBox *list, *covers;

  for (guint i = 0; teams != NULL && i < teams->len; i++)
    if (((KefuTeam *) teams->pdata[i])->id == team_id)
      team = teams->pdata[i];
  if (teams == NULL || (team_id > 0 && team == NULL))
    {
      if (error == NULL)
        g_set_error (&error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Team %lld no longer exists."), (long long) team_id);
      kefu_dispatch_settings_report (settings, FALSE, error);
      return NULL;
    }

  d = g_object_new (KEFU_TYPE_TEAM_DIALOG, NULL);
  d->team_id = team_id;
  kefu_settings_dialog_set_settings (KEFU_SETTINGS_DIALOG (d), settings, team != NULL ? _("Edit Team") : _("Add Team"));
  if (team != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (d->name), team->name != NULL ? team->name : "");
      gtk_switch_set_active (d->contractor, team->contractor);
    }
  list = kefu_settings_dialog_get_list (KEFU_SETTINGS_DIALOG (d));
  covers = kefu_settings_dialog_add_section (KEFU_SETTINGS_DIALOG (d), GTK_WIDGET (list), _("Ticket sub-types it covers"));
  kefu_settings_subtype_checks (covers, team != NULL ? team->subtypes : NULL, d->checks);
  gtk_window_present (GTK_WINDOW (d));
  gtk_widget_grab_focus (GTK_WIDGET (d->name));
  return GTK_WIDGET (d);
}
