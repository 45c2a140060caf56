/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-make-up-dialog.c — a make-up exam (补考) for a paper
 *
 * A published copy of the paper for everyone it was set for who failed it
 * or did not sit it, from an opening to a closing moment (by default now
 * and a week from now, by the store's clock); kefu_exam_make_up() decides
 * who, and the toast says how many.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-exam-admin.h"
#include "kefu-make-up-dialog.h"
#include "kefu-opening-range.h"
#include "kefu-training-confirm.h"

struct _KefuMakeUpDialog
{
  AdwMessageDialog  parent_instance;

  KefuStore        *store;
  gint64            exam_id;
  KefuOpeningRange *range;
};

G_DEFINE_FINAL_TYPE (KefuMakeUpDialog, kefu_make_up_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
response_cb (KefuMakeUpDialog *self,
             const char       *response)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *bad_text;
  gint64 opens, closes;
  guint n = 0;

  if (g_strcmp0 (response, "make-up") != 0)
    return;
  if (!kefu_opening_range_get (self->range, &opens, &closes, &bad_text))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date and time such as 2026-12-07 09:00."), bad_text);
      kefu_training_show_error (parent, _("No Make-Up Exam Was Set"), message);
      return;
    }
  if (kefu_exam_make_up (self->store, self->exam_id, opens, closes, &n, &error) <= 0)
    kefu_training_show_error (parent, _("No Make-Up Exam Was Set"), error->message);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The make-up exam was published for %u person.",
                                         "The make-up exam was published for %u people.", n), n);
  g_signal_emit (self, signals[DONE], 0, text, TRUE);
}

static void
kefu_make_up_dialog_finalize (GObject *object)
{
  KefuMakeUpDialog *self = KEFU_MAKE_UP_DIALOG (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_make_up_dialog_parent_class)->finalize (object);
}

static void
kefu_make_up_dialog_class_init (KefuMakeUpDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kefu_make_up_dialog_finalize;
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
kefu_make_up_dialog_init (KefuMakeUpDialog *self)
{
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

KefuMakeUpDialog *
kefu_make_up_dialog_new (GtkWindow *parent,
                         KefuStore *store,
                         gint64     exam_id)
{
  KefuMakeUpDialog *self = g_object_new (KEFU_TYPE_MAKE_UP_DIALOG,
                                         "transient-for", parent,
                                         "name", "make-up",
                                         "heading", _("Make-Up Exam"),
                                         "body", _("A copy of the paper is published for everyone it was set for who failed it or "
                                                   "did not sit it; those who passed, or whose answers still wait for grading, "
                                                   "are left out."),
                                         NULL);

  self->store = g_object_ref (store);
  self->exam_id = exam_id;
  self->range = kefu_opening_range_new (kefu_store_now (store));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), GTK_WIDGET (self->range));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"),
                                    "make-up", _("_Publish Make-Up"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "make-up", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  return self;
}
