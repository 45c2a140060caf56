/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-swap-dialog.c — Swap Shift: one day of one technician worked by
 * another, recorded as leave for one and extra shifts for the other
 * (template: ui/dispatch/kefu-swap-dialog.ui) */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-choice.h"
#include "kefu-dispatch-settings-private.h"
#include "kefu-settings-rows.h"
#include "kefu-swap-dialog.h"

struct _KefuSwapDialog
{
  KefuSettingsDialog  parent_instance;

  gint64              technician_id;
  AdwEntryRow        *date;
  AdwComboRow        *with;
  GPtrArray          *with_ids;
};

G_DEFINE_FINAL_TYPE (KefuSwapDialog, kefu_swap_dialog, KEFU_TYPE_SETTINGS_DIALOG)

static void
kefu_swap_dialog_save (KefuSettingsDialog *dialog)
{
  KefuSwapDialog *d = KEFU_SWAP_DIALOG (dialog);
  KefuDispatchSettings *settings = kefu_settings_dialog_get_settings (dialog);
  SettingsWrite *w = kefu_dispatch_settings_write_new (settings, WRITE_SWAP_SHIFT, dialog);

  w->id = w->expanded = d->technician_id;
  w->other = kefu_settings_id_at (d->with_ids, d->with);
  w->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->date)));
  kefu_dispatch_settings_write (settings, w);
}

static void
kefu_swap_dialog_finalize (GObject *object)
{
  KefuSwapDialog *self = KEFU_SWAP_DIALOG (object);

  g_ptr_array_unref (self->with_ids);
  G_OBJECT_CLASS (kefu_swap_dialog_parent_class)->finalize (object);
}

static void
kefu_swap_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KEFU_TYPE_SWAP_DIALOG);
  G_OBJECT_CLASS (kefu_swap_dialog_parent_class)->dispose (object);
}

static void
kefu_swap_dialog_class_init (KefuSwapDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_swap_dialog_dispose;
  object_class->finalize = kefu_swap_dialog_finalize;
  KEFU_SETTINGS_DIALOG_CLASS (klass)->save = kefu_swap_dialog_save;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-swap-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuSwapDialog, date);
  gtk_widget_class_bind_template_child (widget_class, KefuSwapDialog, with);
}

static void
kefu_swap_dialog_init (KefuSwapDialog *self)
{
  self->with_ids = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kefu_swap_dialog_open (KefuDispatchSettings *settings,
                       gint64                technician_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kefu_dispatch_list_schedules (kefu_dispatch_settings_get_store (settings), "9999", &error);
  g_autoptr(GListStore) others = g_list_store_new (KEFU_TYPE_CHOICE);
  g_autofree char *tomorrow = kefu_dispatch_settings_date_ahead (settings, 1);
  g_autofree char *title = NULL;
  const char *name = NULL;
  KefuSwapDialog *d;

  if (list == NULL)
    {
      kefu_dispatch_settings_report (settings, FALSE, error);
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    {
      KefuTechnicianSchedule *s = list->pdata[i];

      if (s->id == technician_id)
        name = s->name;
      else if (s->active)
        {
          g_autoptr(KefuChoice) c = kefu_choice_new (s->id, s->name, s->team_name);
          g_list_store_append (others, c);
        }
    }
  d = g_object_new (KEFU_TYPE_SWAP_DIALOG, NULL);
  d->technician_id = technician_id;
  /* Translators: a dialog's title, e.g. "Swap Shift — 李师傅" */
  title = g_strdup_printf (_("%s — %s"), _("Swap Shift"), name != NULL ? name : "?");
  kefu_settings_dialog_set_settings (KEFU_SETTINGS_DIALOG (d), settings, title);
  gtk_editable_set_text (GTK_EDITABLE (d->date), tomorrow);
  kefu_settings_fill_choice_combo (d->with, others, NULL, 0, d->with_ids);
  kefu_settings_dialog_add_note (KEFU_SETTINGS_DIALOG (d), GTK_WIDGET (kefu_settings_dialog_get_list (KEFU_SETTINGS_DIALOG (d))),
                                 _("Recorded as leave for one and extra shifts for the other over the same hours, removed together."));
  gtk_window_present (GTK_WINDOW (d));
  return GTK_WIDGET (d);
}
