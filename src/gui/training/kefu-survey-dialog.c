/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-survey-dialog.c — a course's reaction survey, answered by a member
 *
 * One answer per survey item (kefu_survey_item_label) from 1 (poor) to 5
 * (very good), 5 to start with, and an optional comment; the answers go
 * to the trainer with the member's name (kefu_cohort_add_survey).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-cohort.h"
#include "kefu-survey-dialog.h"

struct _KefuSurveyDialog
{
  AdwMessageDialog  parent_instance;

  KefuStore        *store;
  gint64            cohort_id;
  gint64            user_id;
  GtkSpinButton    *spins[KEFU_SURVEY_N_ITEMS];
  GtkEntry         *comment;
};

G_DEFINE_FINAL_TYPE (KefuSurveyDialog, kefu_survey_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
response_cb (KefuSurveyDialog *self,
             const char       *response)
{
  g_autoptr(GError) error = NULL;
  int scores[KEFU_SURVEY_N_ITEMS];

  if (g_strcmp0 (response, "send") != 0 || self->user_id <= 0)
    return;
  for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
    scores[i] = gtk_spin_button_get_value_as_int (self->spins[i]);
  if (kefu_cohort_add_survey (self->store, self->cohort_id, self->user_id, scores,
                              gtk_editable_get_text (GTK_EDITABLE (self->comment)), &error) <= 0)
    g_signal_emit (self, signals[DONE], 0, error->message, FALSE);
  else
    g_signal_emit (self, signals[DONE], 0, _("Thank you: your answers are saved."), TRUE);
}

static void
kefu_survey_dialog_finalize (GObject *object)
{
  KefuSurveyDialog *self = KEFU_SURVEY_DIALOG (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_survey_dialog_parent_class)->finalize (object);
}

static void
kefu_survey_dialog_class_init (KefuSurveyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kefu_survey_dialog_finalize;
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
kefu_survey_dialog_init (KefuSurveyDialog *self)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
    {
      GtkWidget *label = gtk_label_new (kefu_survey_item_label (i));
      GtkWidget *spin = gtk_spin_button_new_with_range (1, 5, 1);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 5);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, kefu_survey_item_label (i), -1);
      gtk_grid_attach (GTK_GRID (grid), label, 0, i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), spin, 1, i, 1, 1);
      self->spins[i] = GTK_SPIN_BUTTON (spin);
    }
  self->comment = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->comment, _("Comment (optional)"));
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->comment), 0, KEFU_SURVEY_N_ITEMS, 2, 1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), grid);
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

KefuSurveyDialog *
kefu_survey_dialog_new (GtkWindow *parent,
                        KefuStore *store,
                        gint64     cohort_id,
                        gint64     user_id)
{
  KefuSurveyDialog *self = g_object_new (KEFU_TYPE_SURVEY_DIALOG,
                                         "transient-for", parent,
                                         "heading", _("Rate the Course"),
                                         "body", _("From 1 (poor) to 5 (very good). Your answers go to the trainer with your name."),
                                         NULL);

  self->store = g_object_ref (store);
  self->cohort_id = cohort_id;
  self->user_id = user_id;
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"), "send", _("_Send"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "send");
  return self;
}
