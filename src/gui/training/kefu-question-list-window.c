/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-question-list-window.c — a bank's questions
 *
 * The questions in use (newest versions) with a search over the stem,
 * choices, category and tags, and filters by type, course module and
 * category; retired
 * ones on request. Each row: Edit… (a question an attempt used gets a new
 * version, the core decides), Correct Key… (fixes a wrong key on the
 * versions attempts used and re-marks them, with a reason on the record;
 * not for written answers), and Retire or Restore (a retired question
 * stays in the papers and results that used it).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-enums.h"
#include "kefu-exam-admin.h"
#include "kefu-gui-util.h"
#include "kefu-question-list-window.h"

#define MAX_SHOWN 300

struct _KefuQuestionListWindow
{
  AdwWindow       parent_instance;

  KefuStore      *store;
  gint64          bank_id;
  GtkSearchEntry *search;
  GtkDropDown    *type_filter;
  GtkDropDown    *category_filter;
  GtkDropDown    *module_filter;
  GtkCheckButton *retired_check;
  GPtrArray      *categories;
  GtkWidget      *page;
  GtkWidget      *group;
  GtkLabel       *status;
  guint           n_shown;
};

G_DEFINE_FINAL_TYPE (KefuQuestionListWindow, kefu_question_list_window, ADW_TYPE_WINDOW)

static void reload (KefuQuestionListWindow *self);

static char *
row_subtitle (const KefuQuestion *q)
{
  GString *s = g_string_new (kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (q->type)));
  g_autofree char *key = kefu_question_key_text (q);

  if (q->category != NULL && *q->category != '\0')
    g_string_append_printf (s, " · %s", q->category);
  /* Translators: a question's points in the question list */
  g_string_append_printf (s, _(" · %g points"), q->points);
  if (q->version > 1)
    /* Translators: a question's version */
    g_string_append_printf (s, _(" · version %d"), q->version);
  if (key != NULL)
    {
      g_autofree char *flat = g_strdelimit (g_strdup (key), "\n", '/');
      /* Translators: the answer key in the question list */
      g_string_append_printf (s, _(" · key: %s"), g_str_equal (flat, "true") ? _("True")
                                                  : g_str_equal (flat, "false") ? _("False") : flat);
    }
  if (q->retired)
    g_string_append (s, _(" · retired"));
  return g_string_free (s, FALSE);
}

static void
show_message (KefuQuestionListWindow *self,
              const char             *heading,
              const char             *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);

  gtk_widget_set_name (dialog, "question-message");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retire_clicked_cb (GtkButton              *button,
                   KefuQuestionListWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "question-id"));
  gboolean retired = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "retired"));
  g_autoptr(GError) error = NULL;

  if (!(retired ? kefu_question_unretire (self->store, id, &error) : kefu_question_retire (self->store, id, &error)))
    show_message (self, retired ? _("The Question Was Not Restored") : _("The Question Was Not Retired"),
                  error->message);
  reload (self);
}

static void
edit_clicked_cb (GtkButton              *button,
                 KefuQuestionListWindow *self)
{
  kefu_question_list_window_edit (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "question-id")));
}

static void
key_clicked_cb (GtkButton              *button,
                KefuQuestionListWindow *self)
{
  kefu_question_list_window_correct_key (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "question-id")));
}

static GtkWidget *
add_button (GtkWidget              *row,
            const char             *label,
            gint64                  id,
            GCallback               callback,
            KefuQuestionListWindow *self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "question-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect (button, "clicked", callback, self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

static void
reload (KefuQuestionListWindow *self)
{
  KefuQuestionFilter filter = { NULL, -1, NULL, NULL, FALSE };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  guint type = gtk_drop_down_get_selected (self->type_filter);
  guint category = gtk_drop_down_get_selected (self->category_filter);
  g_autofree char *status = NULL;

  filter.text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  filter.type = type > 0 && type != GTK_INVALID_LIST_POSITION ? (int) type - 1 : -1;
  filter.category = category > 0 && category != GTK_INVALID_LIST_POSITION && category - 1 < self->categories->len
                    ? self->categories->pdata[category - 1] : NULL;
  filter.include_retired = gtk_check_button_get_active (self->retired_check);
  {
    guint n_modules, module = gtk_drop_down_get_selected (self->module_filter);
    const KefuCode *modules = kefu_codes (KEFU_CODES_MODULE, &n_modules);

    if (module > 0 && module != GTK_INVALID_LIST_POSITION && module - 1 < n_modules)
      filter.module = modules[module - 1].code;
  }

  if (self->group != NULL)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (self->group));
  self->group = adw_preferences_group_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (self->group));
  self->n_shown = 0;

  list = kefu_bank_search (self->store, self->bank_id, &filter, &error);
  if (list == NULL)
    {
      gtk_label_set_text (self->status, error->message);
      return;
    }
  for (guint i = 0; i < list->len && i < MAX_SHOWN; i++)
    {
      KefuQuestion *q = list->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = row_subtitle (q);
      GtkWidget *retire;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), q->stem);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (row, "question-row");
      if (q->retired)
        gtk_widget_add_css_class (row, "dim-label");
      else
        {
          add_button (row, _("_Edit…"), q->id, G_CALLBACK (edit_clicked_cb), self);
          if (!kefu_question_type_is_written (q->type))
            add_button (row, _("Correct _Key…"), q->id, G_CALLBACK (key_clicked_cb), self);
        }
      retire = add_button (row, q->retired ? _("_Restore") : _("_Retire"), q->id, G_CALLBACK (retire_clicked_cb), self);
      g_object_set_data (G_OBJECT (retire), "retired", GINT_TO_POINTER (q->retired));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), row);
      self->n_shown++;
    }
  if (list->len == 0)
    status = g_strdup (_("No question matches. Change the search or the filters."));
  else if (list->len > MAX_SHOWN)
    status = g_strdup_printf (_("The first %u of %u questions: narrow the search to see the others."), MAX_SHOWN, list->len);
  else
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u question", "%u questions", list->len), list->len);
  gtk_label_set_text (self->status, status);
}

/* Correct Key ---------------------------------------------------------------- */

static void
key_response_cb (AdwMessageDialog       *dialog,
                 const char             *response,
                 KefuQuestionListWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "question-id"));
  GtkEditable *key = g_object_get_data (G_OBJECT (dialog), "key");
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autofree char *key_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  KefuKeyCorrection result;

  if (g_strcmp0 (response, "correct") != 0)
    return;
  /* a fill-in's accepted answers are typed separated by “/” */
  key_text = g_strdelimit (g_strdup (gtk_editable_get_text (key)), "/", '\n');
  if (!kefu_question_correct_key (self->store, id, key_text, gtk_editable_get_text (reason), &result, &error))
    {
      show_message (self, _("The Key Was Not Corrected"), error->message);
      return;
    }
  message = g_strdup_printf (_("%u answers were marked again: %u scores changed in %u attempts, and %u attempts "
                               "changed between passed and not passed. Every change is on the record."),
                             result.n_answers, result.n_changed, result.n_attempts, result.n_pass_changed);
  show_message (self, _("Key Corrected"), message);
  reload (self);
}

GtkWindow *
kefu_question_list_window_correct_key (KefuQuestionListWindow *self,
                                       gint64                  question_id)
{
  g_autoptr(KefuQuestion) q = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key_text = NULL, *body = NULL;
  GtkWidget *dialog, *box, *key, *reason;

  g_return_val_if_fail (KEFU_IS_QUESTION_LIST_WINDOW (self), NULL);
  q = kefu_question_load (self->store, question_id, &error);
  if (q == NULL)
    {
      show_message (self, _("The Key Was Not Corrected"), error->message);
      return NULL;
    }
  key_text = kefu_question_key_text (q);
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
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Correct the Key"), body);
  gtk_widget_set_name (dialog, "correct-key");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  key = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (key), key_text != NULL ? key_text : "");
  gtk_widget_set_name (key, "key");
  reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Why the key was wrong (kept on the record)"));
  gtk_widget_set_name (reason, "reason");
  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), reason);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "question-id", GSIZE_TO_POINTER ((gsize) question_id));
  g_object_set_data (G_OBJECT (dialog), "key", key);
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "correct", _("Correct and _Mark Again"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "correct", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (key_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* Edit ----------------------------------------------------------------------- */

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
take_choices (GtkWidget     *dialog,
              KefuQuestion  *q,
              GError       **error)
{
  GPtrArray *choices = g_object_get_data (G_OBJECT (dialog), "choices");
  GtkEditable *key = g_object_get_data (G_OBJECT (dialog), "key");
  const char *old_key = g_object_get_data (G_OBJECT (dialog), "old-key");

  for (guint i = 0; choices != NULL && i < choices->len && i < q->options->len; i++)
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

static void
edit_response_cb (AdwMessageDialog       *dialog,
                  const char             *response,
                  KefuQuestionListWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "question-id"));
  g_autoptr(KefuQuestion) q = NULL;
  g_autoptr(GError) error = NULL;
  const char *stem, *explanation, *category;

  if (g_strcmp0 (response, "save") != 0)
    return;
  q = kefu_question_load (self->store, id, &error);
  if (q != NULL && !take_choices (GTK_WIDGET (dialog), q, &error))
    g_clear_pointer (&q, kefu_question_free);
  if (q != NULL)
    {
      stem = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "stem"));
      explanation = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "explanation"));
      category = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "category"));
      g_free (q->stem);
      q->stem = g_strstrip (g_strdup (stem));
      g_free (q->explanation);
      q->explanation = *explanation != '\0' ? g_strdup (explanation) : NULL;
      g_free (q->category);
      q->category = *category != '\0' ? g_strdup (category) : NULL;
      q->points = gtk_spin_button_get_value (g_object_get_data (G_OBJECT (dialog), "points"));
      q->difficulty = gtk_spin_button_get_value_as_int (g_object_get_data (G_OBJECT (dialog), "difficulty"));
      g_clear_pointer (&q->tags, g_ptr_array_unref);
      q->tags = parse_tags (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "tags")));
    }
  if (q == NULL || kefu_question_save (self->store, q, &error) <= 0)
    show_message (self, _("The Question Was Not Saved"), error->message);
  reload (self);
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

GtkWindow *
kefu_question_list_window_edit (KefuQuestionListWindow *self,
                                gint64                  question_id)
{
  g_autoptr(KefuQuestion) q = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog, *box, *stem, *explanation, *category, *points, *difficulty, *tags;
  GPtrArray *choices = NULL;

  g_return_val_if_fail (KEFU_IS_QUESTION_LIST_WINDOW (self), NULL);
  q = kefu_question_load (self->store, question_id, &error);
  if (q == NULL)
    {
      show_message (self, _("The Question Was Not Saved"), error->message);
      return NULL;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Edit the Question"),
                                   kefu_question_is_used (self->store, question_id)
                                   ? _("Attempts have used this question: saving makes a new version, and those "
                                       "attempts keep the one they were given. To fix a wrong key and mark them "
                                       "again, use Correct Key… instead.")
                                   : _("No attempt has used this question yet: it changes in place."));
  gtk_widget_set_name (dialog, "edit-question");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  stem = labelled (box, _("_Question"), gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (stem), q->stem);
  explanation = labelled (box, _("E_xplanation"), gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (explanation), q->explanation != NULL ? q->explanation : "");
  category = labelled (box, _("_Category"), gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (category), q->category != NULL ? q->category : "");
  points = labelled (box, _("_Points"), gtk_spin_button_new_with_range (0.5, 100, 0.5));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (points), q->points);
  difficulty = labelled (box, _("_Difficulty"), gtk_spin_button_new_with_range (1, 5, 1));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (difficulty), q->difficulty);
  tags = labelled (box, _("_Tags"), gtk_entry_new ());
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
      choices = g_ptr_array_new ();
      for (guint i = 0; i < q->options->len; i++)
        {
          g_autofree char *label = q->type == KEFU_QUESTION_SHORT_ANSWER
                                   /* Translators: the label of a fill-in question's accepted answer in its editor */
                                   ? g_strdup_printf (_("Accepted %u"), i + 1)
                                   : g_strdup_printf ("%c", 'A' + i);
          GtkWidget *entry = labelled (box, label, gtk_entry_new ());

          gtk_editable_set_text (GTK_EDITABLE (entry), q->options->pdata[i]);
          gtk_widget_set_name (entry, "choice");
          g_ptr_array_add (choices, entry);
        }
      g_object_set_data_full (G_OBJECT (dialog), "choices", choices, (GDestroyNotify) g_ptr_array_unref);
      if (q->type != KEFU_QUESTION_SHORT_ANSWER)
        {
          GtkWidget *key = labelled (box, _("_Right answer"), gtk_entry_new ());
          char *letters = kefu_question_right_letters (q);

          gtk_editable_set_text (GTK_EDITABLE (key), letters);
          gtk_widget_set_name (key, "key");
          g_object_set_data (G_OBJECT (dialog), "key", key);
          g_object_set_data_full (G_OBJECT (dialog), "old-key", letters, g_free);
        }
    }
  gtk_widget_set_size_request (box, 460, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "question-id", GSIZE_TO_POINTER ((gsize) question_id));
  g_object_set_data (G_OBJECT (dialog), "stem", stem);
  g_object_set_data (G_OBJECT (dialog), "explanation", explanation);
  g_object_set_data (G_OBJECT (dialog), "category", category);
  g_object_set_data (G_OBJECT (dialog), "points", points);
  g_object_set_data (G_OBJECT (dialog), "difficulty", difficulty);
  g_object_set_data (G_OBJECT (dialog), "tags", tags);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* The window ------------------------------------------------------------------ */

void
kefu_question_list_window_set_search (KefuQuestionListWindow *self,
                                      const char             *text,
                                      int                     type,
                                      gboolean                include_retired)
{
  g_return_if_fail (KEFU_IS_QUESTION_LIST_WINDOW (self));
  g_signal_handlers_block_by_func (self->search, reload, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search), text != NULL ? text : "");
  g_signal_handlers_unblock_by_func (self->search, reload, self);
  gtk_check_button_set_active (self->retired_check, include_retired);
  gtk_drop_down_set_selected (self->type_filter, type < 0 ? 0 : (guint) type + 1);
  reload (self);
}

guint
kefu_question_list_window_get_n_shown (KefuQuestionListWindow *self)
{
  g_return_val_if_fail (KEFU_IS_QUESTION_LIST_WINDOW (self), 0);
  return self->n_shown;
}

static void
kefu_question_list_window_dispose (GObject *object)
{
  KefuQuestionListWindow *self = KEFU_QUESTION_LIST_WINDOW (object);

  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_question_list_window_parent_class)->dispose (object);
}

static void
kefu_question_list_window_class_init (KefuQuestionListWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kefu_question_list_window_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_question_list_window_init (KefuQuestionListWindow *self)
{
}

KefuQuestionListWindow *
kefu_question_list_window_new (GtkWindow *parent,
                               KefuStore *store,
                               gint64     bank_id)
{
  g_autofree char *name = kefu_bank_name (store, bank_id, NULL);
  g_autofree char *title = g_strdup_printf (_("Questions of “%s”"), name != NULL ? name : "?");
  KefuQuestionListWindow *self = g_object_new (KEFU_TYPE_QUESTION_LIST_WINDOW, "modal", TRUE, "transient-for", parent,
                                               "default-width", 860, "default-height", 680, "title", title, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkStringList *types = gtk_string_list_new (NULL);
  GtkStringList *categories = gtk_string_list_new (NULL);
  GtkStringList *modules = gtk_string_list_new (NULL);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *status = gtk_label_new (NULL);

  self->store = g_object_ref (store);
  self->bank_id = bank_id;
  self->categories = kefu_bank_categories (store, bank_id, NULL);
  if (self->categories == NULL)
    self->categories = g_ptr_array_new_with_free_func (g_free);

  gtk_string_list_append (types, _("All types"));
  for (guint t = 0; t < KEFU_QUESTION_N_TYPES; t++)
    gtk_string_list_append (types, kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (t)));
  gtk_string_list_append (modules, _("All modules"));
  {
    guint n_modules;
    const KefuCode *codes = kefu_codes (KEFU_CODES_MODULE, &n_modules);
    for (guint i = 0; i < n_modules; i++)
      gtk_string_list_append (modules, kefu_code_label (KEFU_CODES_MODULE, codes[i].code));
  }
  gtk_string_list_append (categories, _("All categories"));
  for (guint i = 0; i < self->categories->len; i++)
    gtk_string_list_append (categories, self->categories->pdata[i]);

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->search), TRUE);
  g_object_set (self->search, "placeholder-text", _("Search the questions, choices, categories and tags"), NULL);
  self->type_filter = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (types), NULL));
  self->category_filter = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (categories), NULL));
  self->module_filter = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (modules), NULL));
  self->retired_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Show re_tired")));
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->search));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->type_filter));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->module_filter));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->category_filter));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->retired_check));
  self->status = GTK_LABEL (status);
  gtk_label_set_xalign (self->status, 0);
  gtk_widget_add_css_class (status, "dim-label");
  gtk_widget_set_margin_start (status, 12);
  gtk_widget_set_margin_top (status, 6);
  self->page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (self->page, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), status);
  gtk_box_append (GTK_BOX (box), self->page);
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (reload), self);
  g_signal_connect_swapped (self->type_filter, "notify::selected", G_CALLBACK (reload), self);
  g_signal_connect_swapped (self->category_filter, "notify::selected", G_CALLBACK (reload), self);
  g_signal_connect_swapped (self->module_filter, "notify::selected", G_CALLBACK (reload), self);
  g_signal_connect_swapped (self->retired_check, "toggled", G_CALLBACK (reload), self);
  reload (self);
  return self;
}
