/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bank-name-dialog.c — a new question bank, or a bank's new name
 *
 * One entry (the dialog's extra child), filled with the bank's name when
 * renaming; an empty new bank gets its questions with its Import… button.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-bank-name-dialog.h"
#include "kefu-questions.h"
#include "kefu-training-confirm.h"

struct _KefuBankNameDialog
{
  AdwMessageDialog  parent_instance;

  KefuStore        *store;
  gint64            bank_id;
  GtkEntry         *entry;
};

G_DEFINE_FINAL_TYPE (KefuBankNameDialog, kefu_bank_name_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
response_cb (KefuBankNameDialog *self,
             const char         *response)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_strcmp0 (response, "save") != 0)
    return;
  if (self->bank_id > 0)
    ok = kefu_bank_rename (self->store, self->bank_id, name, &error);
  else
    ok = kefu_bank_create (self->store, name, &error) > 0;
  if (!ok)
    kefu_training_show_error (gtk_window_get_transient_for (GTK_WINDOW (self)),
                              self->bank_id > 0 ? _("The Bank Was Not Renamed") : _("The Bank Was Not Created"),
                              error->message);
  g_signal_emit (self, signals[DONE], 0, NULL, TRUE);
}

static void
kefu_bank_name_dialog_finalize (GObject *object)
{
  KefuBankNameDialog *self = KEFU_BANK_NAME_DIALOG (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_bank_name_dialog_parent_class)->finalize (object);
}

static void
kefu_bank_name_dialog_class_init (KefuBankNameDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kefu_bank_name_dialog_finalize;
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
kefu_bank_name_dialog_init (KefuBankNameDialog *self)
{
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (self->entry, TRUE);
  gtk_entry_set_placeholder_text (self->entry, _("e.g. 新员工入职题库"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), GTK_WIDGET (self->entry));
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

KefuBankNameDialog *
kefu_bank_name_dialog_new (GtkWindow  *parent,
                           KefuStore  *store,
                           gint64      bank_id,
                           GError    **error)
{
  g_autofree char *old = NULL;
  KefuBankNameDialog *self;

  if (bank_id > 0 && (old = kefu_bank_name (store, bank_id, error)) == NULL)
    return NULL;
  self = g_object_new (KEFU_TYPE_BANK_NAME_DIALOG,
                       "transient-for", parent,
                       "name", "bank-name",
                       "heading", bank_id > 0 ? _("Rename Question Bank") : _("New Question Bank"),
                       "body", bank_id > 0 ? "" : _("An empty bank: import questions into it with its Import… button."),
                       NULL);
  self->store = g_object_ref (store);
  self->bank_id = bank_id;
  if (old != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), old);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"),
                                    "save", bank_id > 0 ? _("_Rename") : _("C_reate"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "save");
  return self;
}
