/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-regrade-dialog.c — a written answer's grade corrected
 *
 * The new score (0 to the question's points, in halves) and a comment for
 * the trainee; the attempt window (kefu-attempt-window.c) saves it, and
 * the old and new scores stay on the record with the grader's name.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-regrade-dialog.h"

struct _KefuRegradeDialog
{
  AdwMessageDialog  parent_instance;

  guint             position;
  GtkSpinButton    *score;
  GtkEntry         *comment;
};

G_DEFINE_FINAL_TYPE (KefuRegradeDialog, kefu_regrade_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
kefu_regrade_dialog_class_init (KefuRegradeDialogClass *klass)
{
}

static void
kefu_regrade_dialog_init (KefuRegradeDialog *self)
{
}

KefuRegradeDialog *
kefu_regrade_dialog_new (GtkWindow             *parent,
                         const KefuAttemptItem *item)
{
  KefuRegradeDialog *self = g_object_new (KEFU_TYPE_REGRADE_DIALOG,
                                          "transient-for", parent,
                                          "name", "regrade",
                                          "heading", _("Correct the Grade"),
                                          "body", _("The old and the new score are kept on the record, with your name."),
                                          NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->position = item->position;
  self->score = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, MAX (item->max_score, 0.5), 0.5));
  gtk_spin_button_set_digits (self->score, 1);
  gtk_spin_button_set_value (self->score, item->graded ? item->score : 0);
  self->comment = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->comment), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->comment), item->comment != NULL ? item->comment : "");
  gtk_entry_set_placeholder_text (self->comment, _("Comment for the trainee (optional)"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->score));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->comment));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  return self;
}

guint
kefu_regrade_dialog_get_position (KefuRegradeDialog *self)
{
  g_return_val_if_fail (KEFU_IS_REGRADE_DIALOG (self), 0);
  return self->position;
}

double
kefu_regrade_dialog_get_score (KefuRegradeDialog *self)
{
  g_return_val_if_fail (KEFU_IS_REGRADE_DIALOG (self), 0);
  return gtk_spin_button_get_value (self->score);
}

const char *
kefu_regrade_dialog_get_comment (KefuRegradeDialog *self)
{
  g_return_val_if_fail (KEFU_IS_REGRADE_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->comment));
}
