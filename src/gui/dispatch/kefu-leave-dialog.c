/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-leave-dialog.c — Add Leave: leave or an extra shift of one
 * technician on one date, the whole day or between two times (template:
 * ui/dispatch/kefu-leave-dialog.ui) */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-dispatch-settings-private.h"
#include "kefu-leave-dialog.h"
#include "kefu-settings-rows.h"

struct _KefuLeaveDialog
{
  KefuSettingsDialog  parent_instance;

  gint64              technician_id;
  AdwEntryRow        *date, *from, *to, *note;
  AdwComboRow        *kind;
  GtkSwitch          *whole_day;
};

G_DEFINE_FINAL_TYPE (KefuLeaveDialog, kefu_leave_dialog, KEFU_TYPE_SETTINGS_DIALOG)

static void
kefu_leave_dialog_save (KefuSettingsDialog *dialog)
{
  KefuLeaveDialog *d = KEFU_LEAVE_DIALOG (dialog);
  KefuDispatchSettings *settings = kefu_settings_dialog_get_settings (dialog);
  gboolean whole = gtk_switch_get_active (d->whole_day);
  int from = whole ? -1 : kefu_settings_parse_time (gtk_editable_get_text (GTK_EDITABLE (d->from)));
  int to = whole ? -1 : kefu_settings_parse_time (gtk_editable_get_text (GTK_EDITABLE (d->to)));
  const char *kind = adw_combo_row_get_selected (d->kind) == 1 ? "extra" : "leave";
  SettingsWrite *w;

  if (!whole && (from < 0 || to < 0))
    {
      kefu_settings_dialog_show_error (dialog, _("Write the times like 08:00 and 12:00, or choose the whole day."));
      return;
    }
  w = kefu_dispatch_settings_write_new (settings, WRITE_ADD_EXCEPTION, dialog);
  w->reload = RELOAD_TECHNICIANS;
  w->id = w->expanded = d->technician_id;
  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->date)));
  w->text2 = g_strdup (kind);
  w->from = from;
  w->to = to;
  w->text3 = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->note)));
  kefu_dispatch_settings_write (settings, w);
}

/* The times only count when it is not the whole day. */
static void
whole_day_cb (KefuLeaveDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->from), !gtk_switch_get_active (self->whole_day));
  gtk_widget_set_sensitive (GTK_WIDGET (self->to), !gtk_switch_get_active (self->whole_day));
}

static void
kefu_leave_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KEFU_TYPE_LEAVE_DIALOG);
  G_OBJECT_CLASS (kefu_leave_dialog_parent_class)->dispose (object);
}

static void
kefu_leave_dialog_class_init (KefuLeaveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_leave_dialog_dispose;
  KEFU_SETTINGS_DIALOG_CLASS (klass)->save = kefu_leave_dialog_save;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-leave-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuLeaveDialog, date);
  gtk_widget_class_bind_template_child (widget_class, KefuLeaveDialog, kind);
  gtk_widget_class_bind_template_child (widget_class, KefuLeaveDialog, whole_day);
  gtk_widget_class_bind_template_child (widget_class, KefuLeaveDialog, from);
  gtk_widget_class_bind_template_child (widget_class, KefuLeaveDialog, to);
  gtk_widget_class_bind_template_child (widget_class, KefuLeaveDialog, note);
  gtk_widget_class_bind_template_callback (widget_class, whole_day_cb);
}

static void
kefu_leave_dialog_init (KefuLeaveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  whole_day_cb (self);
}

GtkWidget *
kefu_leave_dialog_open (KefuDispatchSettings *settings,
                        gint64                technician_id)
{
  KefuLeaveDialog *d = g_object_new (KEFU_TYPE_LEAVE_DIALOG, NULL);
  g_autofree char *tomorrow = kefu_dispatch_settings_date_ahead (settings, 1);

  d->technician_id = technician_id;
  kefu_settings_dialog_set_settings (KEFU_SETTINGS_DIALOG (d), settings, _("Add Leave"));
  gtk_editable_set_text (GTK_EDITABLE (d->date), tomorrow);
  gtk_window_present (GTK_WINDOW (d));
  return GTK_WIDGET (d);
}
