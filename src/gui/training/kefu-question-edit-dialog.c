/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-question-edit-dialog.c — a question edited
 *
 * Its stem, explanation, category, points, difficulty and tags; the
 * choices and the key (letters) of a choice question, or a fill-in's
 * accepted answers. Whether a new version is saved is the core's to
 * decide (attempts used it); the body says which. The question list
 * (kefu-question-list-window.c) saves what kefu_question_edit_dialog_apply()
 * wrote into the question.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-question-edit-dialog.h"

struct _KefuQuestionEditDialog
{
  AdwMessageDialog  parent_instance;

  gint64            question_id;
  GtkEntry         *stem;
  GtkEntry         *explanation;
  GtkEntry         *category;
  GtkSpinButton    *points;
  GtkSpinButton    *difficulty;
  GtkEntry         *tags;
  GPtrArray        *choices;      /* GtkEntry: the choices, or a fill-in's accepted answers */
  GtkEntry         *key;          /* the right letters (NULL: not a choice question) */
  char             *old_key;
};

G_DEFINE_FINAL_TYPE (KefuQuestionEditDialog, kefu_question_edit_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
kefu_question_edit_dialog_finalize (GObject *object)
{
  KefuQuestionEditDialog *self = KEFU_QUESTION_EDIT_DIALOG (object);

  g_ptr_array_unref (self->choices);
  g_free (self->old_key);
  G_OBJECT_CLASS (kefu_question_edit_dialog_parent_class)->finalize (object);
}

static void
kefu_question_edit_dialog_class_init (KefuQuestionEditDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_question_edit_dialog_finalize;
}

static void
kefu_question_edit_dialog_init (KefuQuestionEditDialog *self)
{
  self->choices = g_ptr_array_new ();
}

/* "礼仪, 首问、投诉" → the tags, trimmed, without empty ones or repeats */
static GPtrArray *
parse_tags (const char *text)
{
  GPtrArray *tags = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *flat = g_strdup (text);
  g_auto(GStrv) parts = NULL;
  static const char *const separators[] = { "，", "、", "；", ";" };

  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    {
      g_auto(GStrv) split = g_strsplit (flat, separators[i], -1);
      g_free (flat);
      flat = g_strjoinv (",", split);
    }
  parts = g_strsplit (flat, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag = g_strstrip (parts[i]);
      gboolean seen = FALSE;

      for (guint k = 0; k < tags->len; k++)
        seen |= g_str_equal (tags->pdata[k], tag);
      if (*tag != '\0' && !seen)
        g_ptr_array_add (tags, g_strdup (tag));
    }
  return tags;
}

/* The choices (or accepted answers) and the key as edited; FALSE with the
 * reason when one is empty or the key names no choice. */
static gboolean
take_choices (KefuQuestionEditDialog  *self,
              KefuQuestion            *q,
              GError                 **error)
{
  GPtrArray *choices = self->choices;
  GtkEditable *key = self->key != NULL ? GTK_EDITABLE (self->key) : NULL;
  const char *old_key = self->old_key;

  for (guint i = 0; i < choices->len && i < q->options->len; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (choices->pdata[i])));

      if (*text == '\0')
        {
          if (q->type == KEFU_QUESTION_SHORT_ANSWER)
            g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                         _("Accepted answer %u is empty: write it, or keep the one it had."), i + 1);
          else
            g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                         _("Choice %c is empty: write it, or keep the one it had."), 'A' + i);
          return FALSE;
        }
      g_free (q->options->pdata[i]);
      q->options->pdata[i] = g_steal_pointer (&text);
    }
  if (key != NULL)
    {
      g_autofree char *letters = g_ascii_strup (g_strstrip (g_strdup (gtk_editable_get_text (key))), -1);

      /* an unchanged key keeps its weights (partial credit) */
      if (g_strcmp0 (letters, old_key) != 0 && !kefu_question_set_right_letters (q, letters))
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       q->type == KEFU_QUESTION_SINGLE_CHOICE
                       ? _("Right answer: “%s” is not one letter from A to %c.")
                       : _("Right answer: “%s” is not letters from A to %c, such as AC."),
                       letters, 'A' + q->options->len - 1);
          return FALSE;
        }
    }
  return TRUE;
}

static GtkWidget *
labelled (GtkWidget  *box,
          const char *label,
          GtkWidget  *widget)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *l = gtk_label_new_with_mnemonic (label);

  gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_widget_set_size_request (l, 96, -1);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_box_append (GTK_BOX (row), l);
  gtk_box_append (GTK_BOX (row), widget);
  gtk_box_append (GTK_BOX (box), row);
  return widget;
}

KefuQuestionEditDialog *
kefu_question_edit_dialog_new (GtkWindow          *parent,
                               gint64              question_id,
                               const KefuQuestion *q,
                               gboolean            used)
{
  KefuQuestionEditDialog *self;
  GtkWidget *box, *tags;

  self = g_object_new (KEFU_TYPE_QUESTION_EDIT_DIALOG,
                       "transient-for", parent,
                       "name", "edit-question",
                       "heading", _("Edit the Question"),
                       "body", used
                               ? _("Attempts have used this question: saving makes a new version, and those "
                                   "attempts keep the one they were given. To fix a wrong key and mark them "
                                   "again, use Correct Key… instead.")
                               : _("No attempt has used this question yet: it changes in place."),
                       NULL);
  self->question_id = question_id;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->stem = GTK_ENTRY (labelled (box, _("_Question"), gtk_entry_new ()));
  gtk_editable_set_text (GTK_EDITABLE (self->stem), q->stem);
  self->explanation = GTK_ENTRY (labelled (box, _("E_xplanation"), gtk_entry_new ()));
  gtk_editable_set_text (GTK_EDITABLE (self->explanation), q->explanation != NULL ? q->explanation : "");
  self->category = GTK_ENTRY (labelled (box, _("_Category"), gtk_entry_new ()));
  gtk_editable_set_text (GTK_EDITABLE (self->category), q->category != NULL ? q->category : "");
  self->points = GTK_SPIN_BUTTON (labelled (box, _("_Points"), gtk_spin_button_new_with_range (0.5, 100, 0.5)));
  gtk_spin_button_set_value (self->points, q->points);
  self->difficulty = GTK_SPIN_BUTTON (labelled (box, _("_Difficulty"), gtk_spin_button_new_with_range (1, 5, 1)));
  gtk_spin_button_set_value (self->difficulty, q->difficulty);
  tags = labelled (box, _("_Tags"), gtk_entry_new ());
  self->tags = GTK_ENTRY (tags);
  {
    g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
    g_auto(GStrv) list = NULL;
    g_autofree char *joined = NULL;

    for (guint i = 0; q->tags != NULL && i < q->tags->len; i++)
      g_strv_builder_add (b, q->tags->pdata[i]);
    list = g_strv_builder_end (b);
    /* Translators: between a question's tags in its editor */
    joined = g_strjoinv (_(", "), list);
    gtk_editable_set_text (GTK_EDITABLE (tags), joined);
    gtk_widget_set_tooltip_text (tags, _("Separated by commas or 、"));
    gtk_widget_set_name (tags, "tags");
  }
  /* the choices and the key, or the accepted answers of a fill-in */
  if (q->type == KEFU_QUESTION_SINGLE_CHOICE || q->type == KEFU_QUESTION_MULTIPLE_CHOICE ||
      q->type == KEFU_QUESTION_SHORT_ANSWER)
    {
      for (guint i = 0; i < q->options->len; i++)
        {
          g_autofree char *label = q->type == KEFU_QUESTION_SHORT_ANSWER
                                   /* Translators: the label of a fill-in question's accepted answer in its editor */
                                   ? g_strdup_printf (_("Accepted %u"), i + 1)
                                   : g_strdup_printf ("%c", 'A' + i);
          GtkWidget *entry = labelled (box, label, gtk_entry_new ());

          gtk_editable_set_text (GTK_EDITABLE (entry), q->options->pdata[i]);
          gtk_widget_set_name (entry, "choice");
          g_ptr_array_add (self->choices, entry);
        }
      if (q->type != KEFU_QUESTION_SHORT_ANSWER)
        {
          GtkWidget *key = labelled (box, _("_Right answer"), gtk_entry_new ());

          self->old_key = kefu_question_right_letters (q);
          gtk_editable_set_text (GTK_EDITABLE (key), self->old_key);
          gtk_widget_set_name (key, "key");
          self->key = GTK_ENTRY (key);
        }
    }
  gtk_widget_set_size_request (box, 460, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  return self;
}

gint64
kefu_question_edit_dialog_get_question_id (KefuQuestionEditDialog *self)
{
  g_return_val_if_fail (KEFU_IS_QUESTION_EDIT_DIALOG (self), 0);
  return self->question_id;
}

gboolean
kefu_question_edit_dialog_apply (KefuQuestionEditDialog  *self,
                                 KefuQuestion            *q,
                                 GError                 **error)
{
  const char *stem, *explanation, *category;

  g_return_val_if_fail (KEFU_IS_QUESTION_EDIT_DIALOG (self), FALSE);
  if (!take_choices (self, q, error))
    return FALSE;
  stem = gtk_editable_get_text (GTK_EDITABLE (self->stem));
  explanation = gtk_editable_get_text (GTK_EDITABLE (self->explanation));
  category = gtk_editable_get_text (GTK_EDITABLE (self->category));
  g_free (q->stem);
  q->stem = g_strstrip (g_strdup (stem));
  g_free (q->explanation);
  q->explanation = *explanation != '\0' ? g_strdup (explanation) : NULL;
  g_free (q->category);
  q->category = *category != '\0' ? g_strdup (category) : NULL;
  q->points = gtk_spin_button_get_value (self->points);
  q->difficulty = gtk_spin_button_get_value_as_int (self->difficulty);
  g_clear_pointer (&q->tags, g_ptr_array_unref);
  q->tags = parse_tags (gtk_editable_get_text (GTK_EDITABLE (self->tags)));
  return TRUE;
}
