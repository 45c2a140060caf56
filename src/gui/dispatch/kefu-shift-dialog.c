/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-shift-dialog.c — Add Shift: a weekly shift of one technician, any
 * number a day (template: ui/dispatch/kefu-shift-dialog.ui) */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-dispatch-settings-private.h"
#include "kefu-settings-rows.h"
#include "kefu-shift-dialog.h"

struct _KefuShiftDialog
{
  KefuSettingsDialog  parent_instance;

  gint64              technician_id;
  AdwComboRow        *weekday;
  AdwEntryRow        *from, *to;
};

G_DEFINE_FINAL_TYPE (KefuShiftDialog, kefu_shift_dialog, KEFU_TYPE_SETTINGS_DIALOG)

static void
kefu_shift_dialog_save (KefuSettingsDialog *dialog)
{
  KefuShiftDialog *d = KEFU_SHIFT_DIALOG (dialog);
  KefuDispatchSettings *settings = kefu_settings_dialog_get_settings (dialog);
  int from = kefu_settings_parse_time (gtk_editable_get_text (GTK_EDITABLE (d->from)));
  int to = kefu_settings_parse_time (gtk_editable_get_text (GTK_EDITABLE (d->to)));
  SettingsWrite *w;

  if (from < 0 || to < 0)
    {
      kefu_settings_dialog_show_error (dialog, _("Write the times like 08:00 and 12:00."));
      return;
    }
  w = kefu_dispatch_settings_write_new (settings, WRITE_ADD_SHIFT, dialog);
  w->id = w->expanded = d->technician_id;
  w->number = adw_combo_row_get_selected (d->weekday) + 1;
  w->from = from;
  w->to = to;
  kefu_dispatch_settings_write (settings, w);
}

static void
kefu_shift_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KEFU_TYPE_SHIFT_DIALOG);
  G_OBJECT_CLASS (kefu_shift_dialog_parent_class)->dispose (object);
}

static void
kefu_shift_dialog_class_init (KefuShiftDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_shift_dialog_dispose;
  KEFU_SETTINGS_DIALOG_CLASS (klass)->save = kefu_shift_dialog_save;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-shift-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuShiftDialog, weekday);
  gtk_widget_class_bind_template_child (widget_class, KefuShiftDialog, from);
  gtk_widget_class_bind_template_child (widget_class, KefuShiftDialog, to);
}

static void
kefu_shift_dialog_init (KefuShiftDialog *self)
{
  g_autoptr(GtkStringList) days = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (int i = 0; i < 7; i++)
    gtk_string_list_append (days, kefu_settings_weekday_name (i));
  adw_combo_row_set_model (self->weekday, G_LIST_MODEL (days));
}

GtkWidget *
kefu_shift_dialog_open (KefuDispatchSettings *settings,
                        gint64                technician_id)
{
  g_autoptr(KefuTechnicianSchedule) s = NULL;
  g_autofree char *title = NULL;
  KefuShiftDialog *d;

  if ((s = kefu_dispatch_settings_find_schedule (settings, technician_id)) == NULL)
    return NULL;
  d = g_object_new (KEFU_TYPE_SHIFT_DIALOG, NULL);
  d->technician_id = technician_id;
  /* Translators: a dialog's title, e.g. "Add Shift — 李师傅" */
  title = g_strdup_printf (_("%s — %s"), _("Add Shift"), s->name);
  kefu_settings_dialog_set_settings (KEFU_SETTINGS_DIALOG (d), settings, title);
  gtk_window_present (GTK_WINDOW (d));
  return GTK_WIDGET (d);
}
