/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-new-technician-dialog.c — Add Technician: name, phone and own team
 * (template: ui/dispatch/kefu-new-technician-dialog.ui) */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-desk.h"
#include "kefu-dispatch-settings-private.h"
#include "kefu-new-technician-dialog.h"
#include "kefu-settings-rows.h"

struct _KefuNewTechnicianDialog
{
  KefuSettingsDialog  parent_instance;

  AdwEntryRow        *name, *phone;
  AdwComboRow        *team;
  GPtrArray          *team_ids;
};

G_DEFINE_FINAL_TYPE (KefuNewTechnicianDialog, kefu_new_technician_dialog, KEFU_TYPE_SETTINGS_DIALOG)

static void
kefu_new_technician_dialog_save (KefuSettingsDialog *dialog)
{
  KefuNewTechnicianDialog *d = KEFU_NEW_TECHNICIAN_DIALOG (dialog);
  KefuDispatchSettings *settings = kefu_settings_dialog_get_settings (dialog);
  SettingsWrite *w = kefu_dispatch_settings_write_new (settings, WRITE_ADD_TECHNICIAN, dialog);

  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->name)));
  w->text2 = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->phone)));
  w->other = kefu_settings_id_at (d->team_ids, d->team);
  kefu_dispatch_settings_write (settings, w);
}

static void
kefu_new_technician_dialog_finalize (GObject *object)
{
  KefuNewTechnicianDialog *self = KEFU_NEW_TECHNICIAN_DIALOG (object);

  g_ptr_array_unref (self->team_ids);
  G_OBJECT_CLASS (kefu_new_technician_dialog_parent_class)->finalize (object);
}

static void
kefu_new_technician_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KEFU_TYPE_NEW_TECHNICIAN_DIALOG);
  G_OBJECT_CLASS (kefu_new_technician_dialog_parent_class)->dispose (object);
}

static void
kefu_new_technician_dialog_class_init (KefuNewTechnicianDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_new_technician_dialog_dispose;
  object_class->finalize = kefu_new_technician_dialog_finalize;
  KEFU_SETTINGS_DIALOG_CLASS (klass)->save = kefu_new_technician_dialog_save;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-new-technician-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuNewTechnicianDialog, name);
  gtk_widget_class_bind_template_child (widget_class, KefuNewTechnicianDialog, phone);
  gtk_widget_class_bind_template_child (widget_class, KefuNewTechnicianDialog, team);
}

static void
kefu_new_technician_dialog_init (KefuNewTechnicianDialog *self)
{
  self->team_ids = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kefu_new_technician_dialog_open (KefuDispatchSettings *settings)
{
  g_autoptr(GListStore) teams = NULL;
  g_autoptr(GError) error = NULL;
  KefuNewTechnicianDialog *d;

  teams = kefu_desk_list_teams (kefu_dispatch_settings_get_store (settings), &error);
  if (teams == NULL)
    {
      kefu_dispatch_settings_report (settings, FALSE, error);
      return NULL;
    }
  d = g_object_new (KEFU_TYPE_NEW_TECHNICIAN_DIALOG, NULL);
  kefu_settings_dialog_set_settings (KEFU_SETTINGS_DIALOG (d), settings, _("Add Technician"));
  kefu_settings_fill_choice_combo (d->team, teams, NULL, 0, d->team_ids);
  if (d->team_ids->len == 0)
    kefu_settings_dialog_show_error (KEFU_SETTINGS_DIALOG (d), _("There is no team yet: add one on the Teams page first."));
  gtk_window_present (GTK_WINDOW (d));
  gtk_widget_grab_focus (GTK_WIDGET (d->name));
  return GTK_WIDGET (d);
}
