/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-files.c — the Training view's files: question banks in
 * and out, papers printed
 *
 * Import: a GIFT or CSV file into a bank (a new one named after the file,
 * or one that exists: questions it already has are not added again) on a
 * worker thread with its own connection, then what was imported and
 * skipped, line by line. Export: a bank to GIFT or CSV (by the name's
 * ending), the answer keys checked against who asked. Print: a paper's
 * versions A and B with their answer sheets, to a PDF. The Training view
 * owns one; it reloads on "imported".
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kefu-enums.h"
#include "kefu-exam-admin.h"
#include "kefu-exam-print.h"
#include "kefu-loader.h"
#include "kefu-question-io.h"
#include "kefu-training-files.h"

struct _KefuTrainingFiles
{
  GObject    parent_instance;

  GtkWidget *owner;       /* weak: the view, for the parent window and toasts */
  KefuStore *store;
  guint      importing;
};

G_DEFINE_FINAL_TYPE (KefuTrainingFiles, kefu_training_files, G_TYPE_OBJECT)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWindow *
parent_window (KefuTrainingFiles *self)
{
  GtkRoot *root = self->owner != NULL ? gtk_widget_get_root (self->owner) : NULL;
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (KefuTrainingFiles *self,
       const char           *text)
{
  if (self->owner != NULL)
    gtk_widget_activate_action (self->owner, "win.toast", "s", text);
}

/* What a file chooser is for (a bank or paper by id, a bank by name), and who asked. */
typedef struct {
  KefuTrainingFiles *self;
  gint64                id;
  char                 *bank;
} Chosen;

static Chosen *
chosen_new (KefuTrainingFiles *self,
            gint64                id)
{
  Chosen *c = g_new0 (Chosen, 1);

  c->self = g_object_ref (self);
  c->id = id;
  return c;
}

static void
chosen_free (Chosen *c)
{
  g_object_unref (c->self);
  g_free (c->bank);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Chosen, chosen_free)

typedef struct {
  char               *path;
  char               *bank;
  gint64              actor;
  gint64              bank_id;
  KefuQuestionFormat  format;
  guint               n_written;
  KefuQuestionImport *import;
} Job;

static void
job_free (Job *j)
{
  g_free (j->path);
  g_free (j->bank);
  g_clear_pointer (&j->import, kefu_question_import_free);
  g_free (j);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* On the loader's own connection (a file's second connection, or the
 * server signed in as the same person), as the person who asked */
static gboolean
import_thread (KefuStore     *writer,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Job *j = data;

  kefu_store_set_busy_timeout (writer, 5000);
  kefu_store_set_actor (writer, j->actor);
  j->import = kefu_questions_import_file (writer, j->path, KEFU_QUESTION_FORMAT_AUTO, j->bank, error);
  return j->import != NULL;
}

/* What an import did: the counts per type, then every skipped question
 * with its line and reason. */
static void
show_import_result (KefuTrainingFiles *self,
                    Job                  *j)
{
  KefuQuestionImport *import = j->import;
  g_autofree char *name = g_path_get_basename (j->path);
  GString *body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;
  GtkWidget *dialog;
  guint total = kefu_question_import_total (import);

  if (total == 0 && import->duplicates->len > 0)
    {
      /* the same file again: nothing doubles */
      heading = g_strdup (_("Nothing New"));
      g_string_append_printf (body, _("Every question of “%s” that could be taken is already in the bank “%s”: "
                                      "nothing was added."), name, j->bank);
    }
  else if (total == 0)
    {
      /* every question was skipped: nothing was written, no bank made */
      heading = g_strdup (_("Nothing Imported"));
      g_string_append_printf (body, _("No question of “%s” could be taken; the bank “%s” was not changed."),
                              name, j->bank);
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Question Imported", "%u Questions Imported", total), total);
      /* Translators: the import result: file name, bank name, encoding */
      g_string_append_printf (body, _("From “%s” into the bank “%s” (%s)."), name, j->bank, import->encoding);
    }
  for (KefuQuestionType t = 0; t < KEFU_QUESTION_N_TYPES; t++)
    if (import->imported[t] > 0)
      g_string_append_printf (body, "\n%s: %u", kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (t)),
                              import->imported[t]);
  if (import->skipped->len > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u question was skipped.", "%u questions were skipped.",
                                                 import->skipped->len), import->skipped->len);
    }
  if (import->duplicates->len > 0)
    {
      g_string_append (body, import->skipped->len > 0 ? " " : "\n\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u question is already in the bank and was not added again.",
                                                 "%u questions are already in the bank and were not added again.",
                                                 import->duplicates->len), import->duplicates->len);
    }
  if (import->notes->len > 0)
    {
      g_string_append (body, "\n");
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u question to check.", "%u questions to check.",
                                                 import->notes->len), import->notes->len);
    }
  text = g_string_free (body, FALSE);
  dialog = adw_message_dialog_new (parent_window (self), heading, text);
  gtk_widget_set_name (dialog, "import-result");
  if (import->skipped->len + import->duplicates->len + import->notes->len > 0)
    {
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      for (guint k = 0; k < 3; k++)
        {
          GArray *what = k == 0 ? import->skipped : k == 1 ? import->duplicates : import->notes;
          const char *kind = k == 0 ? _("Skipped") : k == 1 ? _("Already in the bank") : _("To check");

          for (guint i = 0; i < what->len; i++)
            {
              KefuQuestionSkip *skip = &g_array_index (what, KefuQuestionSkip, i);
              /* Translators: a line of the import report: "Line 12 · Skipped" */
              g_autofree char *line = k == 0 ? g_strdup_printf (_("Line %u"), skip->line)
                                             : g_strdup_printf (_("Line %u · %s"), skip->line, kind);
              GtkWidget *row = adw_action_row_new ();

              adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line);
              adw_action_row_set_subtitle (ADW_ACTION_ROW (row), skip->reason);
              gtk_widget_set_name (row, k == 0 ? "skipped-row" : k == 1 ? "duplicate-row" : "note-row");
              gtk_list_box_append (GTK_LIST_BOX (list), row);
            }
        }
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 300);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KefuTrainingFiles *self = KEFU_TRAINING_FILES (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(Job) j = kefu_loader_load_finish (result, kefu_training_files_import_file, &error);

  self->importing--;
  if (j == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("The File Cannot Be Imported"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    show_import_result (self, j);
  g_signal_emit (self, signals[IMPORTED], 0);
}

/* Imports a GIFT or CSV file into @bank_name (NULL: a bank named after
 * the file) on a worker thread, then shows what was imported and skipped. */
void
kefu_training_files_import_file (KefuTrainingFiles *self,
                                    const char           *path,
                                    const char           *bank_name)
{
  Job *j;

  g_return_if_fail (KEFU_IS_TRAINING_FILES (self));
  g_return_if_fail (self->store != NULL);
  j = g_new0 (Job, 1);
  j->path = g_strdup (path);
  if (bank_name != NULL)
    j->bank = g_strdup (bank_name);
  else
    {
      g_autofree char *base = g_path_get_basename (path);
      char *dot = strrchr (base, '.');
      if (dot != NULL && dot != base)
        *dot = '\0';
      j->bank = g_steal_pointer (&base);
    }
  j->actor = kefu_store_get_actor (self->store);
  self->importing++;
  kefu_loader_run_async (self, self->store, import_thread, j, (GDestroyNotify) job_free,
                         kefu_training_files_import_file, imported_cb, NULL);
}

gboolean
kefu_training_files_is_importing (KefuTrainingFiles *self)
{
  g_return_val_if_fail (KEFU_IS_TRAINING_FILES (self), FALSE);
  return self->importing > 0;
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    Chosen          *chosen)
{
  g_autoptr(Chosen) c = chosen;


  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        kefu_training_files_import_file (c->self, path, c->bank);
    }
  gtk_native_dialog_destroy (chooser);
}

void
kefu_training_files_choose_import (KefuTrainingFiles *self,
                                      gint64                bank_id)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *bank = NULL;
  Chosen *chosen;

  g_return_if_fail (KEFU_IS_TRAINING_FILES (self));
  if (bank_id > 0 && (bank = kefu_bank_name (self->store, bank_id, NULL)) == NULL)
    return;
  chooser = gtk_file_chooser_native_new (bank != NULL ? _("Import Questions into the Bank") : _("Import Questions"),
                                         parent_window (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  chosen = chosen_new (self, 0);
  chosen->bank = g_steal_pointer (&bank);
  gtk_file_filter_set_name (filter, _("GIFT or CSV question files"));
  gtk_file_filter_add_pattern (filter, "*.gift");
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), chosen);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
export_thread (KefuStore     *reader,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Job *j = data;

  /* the answer keys are checked against who asked */
  kefu_store_set_actor (reader, j->actor);
  return kefu_questions_export_file (reader, j->bank_id, j->format, j->path, &j->n_written, error);
}

static void export_response_cb (GtkNativeDialog *chooser,
                                int              response,
                                Chosen          *chosen);

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KefuTrainingFiles *self = KEFU_TRAINING_FILES (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(Job) j = kefu_loader_load_finish (result, export_response_cb, &error);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (j == NULL)
    text = g_strdup (error->message);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u question to %s", "Exported %u questions to %s", j->n_written),
                            j->n_written, (name = g_path_get_basename (j->path)));
  toast (self, text);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    Chosen          *chosen)
{
  g_autoptr(Chosen) c = chosen;
  KefuTrainingFiles *self = c->self;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        {
          Job *j = g_new0 (Job, 1);

          j->actor = kefu_store_get_actor (self->store);
          j->path = g_strdup (path);
          j->bank_id = c->id;
          j->format = g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV")
                      ? KEFU_QUESTION_FORMAT_CSV : KEFU_QUESTION_FORMAT_GIFT;
          kefu_loader_run_async (self, self->store, export_thread, j, (GDestroyNotify) job_free,
                                 export_response_cb, exported_cb, NULL);
        }
    }
  gtk_native_dialog_destroy (chooser);
}

void
kefu_training_files_choose_export (KefuTrainingFiles *self,
                                      gint64                bank_id)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (KEFU_IS_TRAINING_FILES (self));
  chooser = gtk_file_chooser_native_new (_("Export the Question Bank"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  /* Translators: the suggested file name of a question bank export; .gift is Moodle's format, .csv the spreadsheet */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("questions.gift"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), chosen_new (self, bank_id));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Paper exams: versions A and B with their answer sheets, to a PDF. */
static void
print_response_cb (GtkNativeDialog *dialog,
                   int              response,
                   Chosen          *chosen)
{
  g_autoptr(Chosen) c = chosen;
  const char *labels[] = { "A", "B", NULL };
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (kefu_exam_print_versions (c->self->store, c->id, labels, path, &error))
    /* Translators: a toast after printing a paper exam to a file */
    text = g_strdup_printf (_("Versions A and B with their answer sheets are in “%s”"), path);
  toast (c->self, text != NULL ? text : error->message);
}

void
kefu_training_files_choose_print (KefuTrainingFiles *self,
                                  gint64             exam_id)
{
  GtkFileChooserNative *dialog;

  g_return_if_fail (KEFU_IS_TRAINING_FILES (self));
  dialog = gtk_file_chooser_native_new (_("Print the Paper to PDF"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  /* Translators: the suggested file name of a printed paper exam */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("paper-versions-A-B.pdf"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (print_response_cb), chosen_new (self, exam_id));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
kefu_training_files_dispose (GObject *object)
{
  KefuTrainingFiles *self = KEFU_TRAINING_FILES (object);

  g_clear_weak_pointer (&self->owner);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_training_files_parent_class)->dispose (object);
}

static void
kefu_training_files_class_init (KefuTrainingFilesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kefu_training_files_dispose;
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kefu_training_files_init (KefuTrainingFiles *self)
{
}

/* @owner: the widget whose window the dialogs belong to and which shows
 * the toasts (win.toast); not kept alive by the transfer (a running import
 * keeps the transfer alive, and finishes without toasts if it has gone). */
KefuTrainingFiles *
kefu_training_files_new (GtkWidget *owner)
{
  KefuTrainingFiles *self = g_object_new (KEFU_TYPE_TRAINING_FILES, NULL);

  g_set_weak_pointer (&self->owner, owner);
  return self;
}

void
kefu_training_files_set_store (KefuTrainingFiles *self,
                                  KefuStore            *store)
{
  g_return_if_fail (KEFU_IS_TRAINING_FILES (self));
  g_set_object (&self->store, store);
}
