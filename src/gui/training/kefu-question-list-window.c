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
#include "kefu-correct-key-dialog.h"
#include "kefu-question-edit-dialog.h"
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

/* questions.retire / questions.restore (int64: the question) */
static void
retire_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuQuestionListWindow *self = KEFU_QUESTION_LIST_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  gboolean retired = g_str_equal (action_name, "questions.restore");
  g_autoptr(GError) error = NULL;

  if (!(retired ? kefu_question_unretire (self->store, id, &error) : kefu_question_retire (self->store, id, &error)))
    show_message (self, retired ? _("The Question Was Not Restored") : _("The Question Was Not Retired"),
                  error->message);
  reload (self);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kefu_question_list_window_edit (KEFU_QUESTION_LIST_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
key_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  kefu_question_list_window_correct_key (KEFU_QUESTION_LIST_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
add_button (GtkWidget  *row,
            const char *label,
            const char *action,
            gint64      id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
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

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), q->stem);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (row, "question-row");
      if (q->retired)
        gtk_widget_add_css_class (row, "dim-label");
      else
        {
          add_button (row, _("_Edit…"), "questions.edit", q->id);
          if (!kefu_question_type_is_written (q->type))
            add_button (row, _("Correct _Key…"), "questions.correct-key", q->id);
        }
      add_button (row, q->retired ? _("_Restore") : _("_Retire"), q->retired ? "questions.restore" : "questions.retire", q->id);
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
key_response_cb (KefuCorrectKeyDialog   *dialog,
                 const char             *response,
                 KefuQuestionListWindow *self)
{
  g_autofree char *key_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  KefuKeyCorrection result;

  if (g_strcmp0 (response, "correct") != 0)
    return;
  key_text = kefu_correct_key_dialog_get_key (dialog);
  if (!kefu_question_correct_key (self->store, kefu_correct_key_dialog_get_question_id (dialog), key_text,
                                  kefu_correct_key_dialog_get_reason (dialog), &result, &error))
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
  KefuCorrectKeyDialog *dialog;

  g_return_val_if_fail (KEFU_IS_QUESTION_LIST_WINDOW (self), NULL);
  q = kefu_question_load (self->store, question_id, &error);
  if (q == NULL)
    {
      show_message (self, _("The Key Was Not Corrected"), error->message);
      return NULL;
    }
  dialog = kefu_correct_key_dialog_new (GTK_WINDOW (self), question_id, q);
  g_signal_connect_object (dialog, "response", G_CALLBACK (key_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* Edit (kefu-question-edit-dialog.c) ----------------------------------------- */

static void
edit_response_cb (KefuQuestionEditDialog *dialog,
                  const char             *response,
                  KefuQuestionListWindow *self)
{
  g_autoptr(KefuQuestion) q = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  q = kefu_question_load (self->store, kefu_question_edit_dialog_get_question_id (dialog), &error);
  if (q != NULL && !kefu_question_edit_dialog_apply (dialog, q, &error))
    g_clear_pointer (&q, kefu_question_free);
  if (q == NULL || kefu_question_save (self->store, q, &error) <= 0)
    show_message (self, _("The Question Was Not Saved"), error->message);
  reload (self);
}

GtkWindow *
kefu_question_list_window_edit (KefuQuestionListWindow *self,
                                gint64                  question_id)
{
  g_autoptr(KefuQuestion) q = NULL;
  g_autoptr(GError) error = NULL;
  KefuQuestionEditDialog *dialog;

  g_return_val_if_fail (KEFU_IS_QUESTION_LIST_WINDOW (self), NULL);
  q = kefu_question_load (self->store, question_id, &error);
  if (q == NULL)
    {
      show_message (self, _("The Question Was Not Saved"), error->message);
      return NULL;
    }
  dialog = kefu_question_edit_dialog_new (GTK_WINDOW (self), question_id, q,
                                          kefu_question_is_used (self->store, question_id));
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
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "questions.edit", "x", edit_action);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "questions.correct-key", "x", key_action);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "questions.retire", "x", retire_action);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "questions.restore", "x", retire_action);
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
