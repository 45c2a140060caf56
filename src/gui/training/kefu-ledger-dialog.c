/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ledger-dialog.c — a cohort's cost or saving
 *
 * Cost or Saving, what it is, and the amount in yuan: what the training
 * cost (trainer's fee, room, hours away from the desk) or saved (rework,
 * compensation avoided), for the cohort's return (kefu-cohort-window.c).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-ledger-dialog.h"

struct _KefuLedgerDialog
{
  AdwMessageDialog  parent_instance;

  GtkDropDown      *kind;
  GtkEntry         *item;
  GtkSpinButton    *amount;
};

G_DEFINE_FINAL_TYPE (KefuLedgerDialog, kefu_ledger_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
kefu_ledger_dialog_class_init (KefuLedgerDialogClass *klass)
{
}

static void
kefu_ledger_dialog_init (KefuLedgerDialog *self)
{
  static const char *const kinds[] = { N_("Cost"), N_("Saving"), NULL };
  const char *labels[3] = { _(kinds[0]), _(kinds[1]), NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->kind = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (labels));
  self->item = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->item, _("What it is"));
  self->amount = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 1e9, 100));
  gtk_spin_button_set_digits (self->amount, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->amount), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Amount in yuan"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->kind));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->item));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->amount));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
}

KefuLedgerDialog *
kefu_ledger_dialog_new (GtkWindow *parent)
{
  KefuLedgerDialog *self = g_object_new (KEFU_TYPE_LEDGER_DIALOG,
                                         "transient-for", parent,
                                         "heading", _("Add a Cost or Saving"),
                                         "body", _("What the training cost (trainer’s fee, room, hours away from the desk) or saved "
                                                   "(rework, compensation avoided), in yuan."),
                                         NULL);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "add");
  return self;
}

gboolean
kefu_ledger_dialog_is_saving (KefuLedgerDialog *self)
{
  g_return_val_if_fail (KEFU_IS_LEDGER_DIALOG (self), FALSE);
  return gtk_drop_down_get_selected (self->kind) == 1;
}

const char *
kefu_ledger_dialog_get_item (KefuLedgerDialog *self)
{
  g_return_val_if_fail (KEFU_IS_LEDGER_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->item));
}

double
kefu_ledger_dialog_get_amount (KefuLedgerDialog *self)
{
  g_return_val_if_fail (KEFU_IS_LEDGER_DIALOG (self), 0);
  return gtk_spin_button_get_value (self->amount);
}
