/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-correct-key-dialog.c — a question's wrong key corrected
 *
 * The key as it is (choices as letters, true or false as 对 or 错, a
 * fill-in's accepted answers separated by /) to change, and why it was
 * wrong, kept on the record; the question list (kefu-question-list-window.c)
 * corrects it and marks again every attempt that answered the question.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-correct-key-dialog.h"
#include "kefu-exam-admin.h"

struct _KefuCorrectKeyDialog
{
  AdwMessageDialog  parent_instance;

  gint64            question_id;
  GtkEntry         *key;
  GtkEntry         *reason;
};

G_DEFINE_FINAL_TYPE (KefuCorrectKeyDialog, kefu_correct_key_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
kefu_correct_key_dialog_class_init (KefuCorrectKeyDialogClass *klass)
{
}

static void
kefu_correct_key_dialog_init (KefuCorrectKeyDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->key = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->key), "key");
  self->reason = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->reason, _("Why the key was wrong (kept on the record)"));
  gtk_widget_set_name (GTK_WIDGET (self->reason), "reason");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->key));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->reason));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
}

KefuCorrectKeyDialog *
kefu_correct_key_dialog_new (GtkWindow          *parent,
                             gint64              question_id,
                             const KefuQuestion *q)
{
  g_autofree char *key_text = kefu_question_key_text (q);
  g_autofree char *body = NULL;
  KefuCorrectKeyDialog *self;

  if (key_text != NULL)
    g_strdelimit (key_text, "\n", '/');
  if (key_text != NULL && q->type == KEFU_QUESTION_TRUE_FALSE)
    {
      g_free (key_text);
      key_text = g_strdup (q->answer_true ? "对" : "错");
    }
  body = g_strdup_printf (_("“%s”\n\nThe key is fixed on the versions attempts used, and every submitted attempt that "
                            "answered this question is marked again. Choices are letters (A、C), true or false is "
                            "对 or 错, accepted answers of a fill-in are separated by /."), q->stem);
  self = g_object_new (KEFU_TYPE_CORRECT_KEY_DIALOG,
                       "transient-for", parent,
                       "name", "correct-key",
                       "heading", _("Correct the Key"),
                       "body", body,
                       NULL);
  self->question_id = question_id;
  gtk_editable_set_text (GTK_EDITABLE (self->key), key_text != NULL ? key_text : "");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"),
                                    "correct", _("Correct and _Mark Again"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "correct", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  return self;
}

gint64
kefu_correct_key_dialog_get_question_id (KefuCorrectKeyDialog *self)
{
  g_return_val_if_fail (KEFU_IS_CORRECT_KEY_DIALOG (self), 0);
  return self->question_id;
}

char *
kefu_correct_key_dialog_get_key (KefuCorrectKeyDialog *self)
{
  g_return_val_if_fail (KEFU_IS_CORRECT_KEY_DIALOG (self), NULL);
  /* a fill-in's accepted answers are typed separated by “/” */
  return g_strdelimit (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key))), "/", '\n');
}

const char *
kefu_correct_key_dialog_get_reason (KefuCorrectKeyDialog *self)
{
  g_return_val_if_fail (KEFU_IS_CORRECT_KEY_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->reason));
}
