/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import-window.c — moving in from a spreadsheet, with a preview
 *
 * Choosing a file runs a dry run on a worker thread: the preview says how
 * many rows are good, what would be created, and lists every problem with
 * its line and column. Importing is all-or-nothing unless the user picks
 * "Import the Good Rows"; either way it runs on a worker with progress.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-import.h"
#include "kefu-import-window.h"
#include "kefu-loader.h"
#include "kefu-progress-bar.h"

#define MAX_PROBLEMS_SHOWN 200

struct _KefuImportWindow
{
  AdwWindow       parent_instance;

  KefuStore      *store;
  GFile          *file;
  KefuLoader     *job;
  guint           n_bad;
  guint           n_good;

  AdwActionRow   *file_row;
  AdwComboRow    *what_row;
  AdwComboRow    *encoding_row;
  GtkProgressBar *progress_bar;
  AdwPreferencesGroup *preview_group;
  GtkLabel       *summary_label;
  GtkListBox     *problems_list;
  GtkWidget      *import_button;
  GtkWidget      *skip_button;
};

G_DEFINE_FINAL_TYPE (KefuImportWindow, kefu_import_window, ADW_TYPE_WINDOW)

enum { IMPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct {
  char              *db_path;
  char              *path;
  gboolean           owners;
  KefuImportOptions  options;
  KefuBarTarget     *bar;
  KefuImportReport  *report;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->report);
  g_free (job->db_path);
  g_free (job->path);
  kefu_bar_target_free (job->bar);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static gboolean
import_thread (KefuStore     *server,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Job *job = data;
  g_autoptr(KefuStore) store = NULL;

  /* Its own connection: this thread writes while the window stays live.
   * On a server, the loader's connection as the signed-in person (#20):
   * the server holds them to their rights. */
  store = server != NULL ? g_object_ref (server) : kefu_store_open (job->db_path, KEFU_STORE_OPEN_DEFAULT, error);
  if (store == NULL)
    return FALSE;
  job->report = job->owners
    ? kefu_import_owners (store, job->path, &job->options, kefu_bar_progress_cb, job->bar, cancellable, error)
    : kefu_import_tickets (store, job->path, &job->options, kefu_bar_progress_cb, job->bar, cancellable, error);
  return job->report != NULL;
}

static void
clear_problems (KefuImportWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
}

static char *
created_text (KefuImportCreated what,
              guint             n)
{
  switch (what)
    {
    case KEFU_IMPORT_CREATED_BUILDINGS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u building", "%u buildings", n), n);
    case KEFU_IMPORT_CREATED_UNITS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unit", "%u units", n), n);
    case KEFU_IMPORT_CREATED_OWNERS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u owner", "%u owners", n), n);
    case KEFU_IMPORT_CREATED_USERS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u agent", "%u agents", n), n);
    case KEFU_IMPORT_CREATED_TEAMS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u team", "%u teams", n), n);
    case KEFU_IMPORT_CREATED_TECHNICIANS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u technician", "%u technicians", n), n);
    case KEFU_IMPORT_CREATED_ESTATES:
    case KEFU_IMPORT_N_CREATED:
    default:
      return NULL;
    }
}

static void
show_report (KefuImportWindow *self,
             KefuImportReport *report)
{
  GString *s = g_string_new (NULL);
  KefuImportOutcome outcome = kefu_import_report_get_outcome (report);
  guint n_problems = kefu_import_report_get_n_problems (report);
  GString *made = g_string_new (NULL);

  self->n_bad = kefu_import_report_get_n_bad (report);
  self->n_good = kefu_import_report_get_n_good (report);

  if (outcome == KEFU_IMPORT_OUTCOME_IMPORTED)
    g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "Imported %u row.", "Imported %u rows.",
                                            kefu_import_report_get_n_imported (report)),
                            kefu_import_report_get_n_imported (report));
  else
    g_string_append_printf (s, _("%u rows read: %u good, %u with errors."),
                            kefu_import_report_get_n_rows (report), self->n_good, self->n_bad);
  g_string_append_c (s, ' ');
  /* Translators: the file's text encoding, e.g. "Read as GB18030." */
  g_string_append_printf (s, _("Read as %s."), kefu_import_report_get_encoding (report));

  for (KefuImportCreated what = KEFU_IMPORT_CREATED_BUILDINGS; what < KEFU_IMPORT_N_CREATED; what++)
    {
      guint n = kefu_import_report_get_n_created (report, what);
      g_autofree char *text = created_text (what, n);

      if (n == 0 || text == NULL)
        continue;
      if (made->len > 0)
        g_string_append (made, _(", "));
      g_string_append (made, text);
    }
  if (made->len > 0)
    g_string_append_printf (s, "\n%s %s", outcome == KEFU_IMPORT_OUTCOME_IMPORTED ? _("Created:") : _("Will create:"),
                            made->str);
  if (outcome != KEFU_IMPORT_OUTCOME_IMPORTED && self->n_bad > 0)
    g_string_append_printf (s, "\n%s", _("Nothing is imported while rows have errors, unless you import only the good rows."));
  gtk_label_set_text (self->summary_label, s->str);
  g_string_free (s, TRUE);
  g_string_free (made, TRUE);

  clear_problems (self);
  for (guint i = 0; i < MIN (n_problems, MAX_PROBLEMS_SHOWN); i++)
    {
      const KefuImportProblem *p = kefu_import_report_get_problem (report, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *where = p->column != NULL
        ? g_strdup_printf (_("Line %u, column “%s”"), p->line, p->column)
        : g_strdup_printf (_("Line %u"), p->line);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), where);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), p->message);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (p->severity == KEFU_IMPORT_SEVERITY_ERROR
                                                               ? "dialog-error-symbolic" : "dialog-warning-symbolic"));
      gtk_list_box_append (self->problems_list, row);
    }
  if (n_problems > MAX_PROBLEMS_SHOWN)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *more = g_strdup_printf (_("…and %u more; kefu-cli import lists them all."),
                                               n_problems - MAX_PROBLEMS_SHOWN);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (self->problems_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_list), n_problems > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_group), TRUE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run",
                                 outcome == KEFU_IMPORT_OUTCOME_DRY_RUN && self->n_good > 0);
  gtk_widget_set_sensitive (self->import_button, outcome == KEFU_IMPORT_OUTCOME_DRY_RUN && self->n_bad == 0 && self->n_good > 0);
  gtk_widget_set_visible (self->skip_button, outcome == KEFU_IMPORT_OUTCOME_DRY_RUN && self->n_bad > 0 && self->n_good > 0);
}

static void start_job (KefuImportWindow *self,
                       gboolean          dry_run,
                       gboolean          skip_bad);

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KefuImportWindow *self = KEFU_IMPORT_WINDOW (object);
  g_autoptr(KefuImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Job) job = NULL;

  job = kefu_loader_load_finish (result, start_job, &error);
  if (job != NULL)
    report = g_steal_pointer (&job->report);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->what_row), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->encoding_row), TRUE);
  if (report == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      clear_problems (self);
      gtk_widget_set_visible (GTK_WIDGET (self->preview_group), TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", FALSE);
      gtk_widget_set_visible (self->skip_button, FALSE);
      return;
    }
  show_report (self, report);
  if (kefu_import_report_get_outcome (report) == KEFU_IMPORT_OUTCOME_IMPORTED)
    {
      gtk_widget_set_visible (self->import_button, FALSE);
      gtk_widget_set_visible (self->skip_button, FALSE);
      g_signal_emit (self, signals[IMPORTED], 0, kefu_import_report_get_n_imported (report));
    }
}

static void
start_job (KefuImportWindow *self,
           gboolean          dry_run,
           gboolean          skip_bad)
{
  Job *job;

  if (self->file == NULL)
    return;
  job = g_new0 (Job, 1);
  job->db_path = g_strdup (kefu_store_get_path (self->store));
  job->path = g_file_get_path (self->file);
  job->owners = adw_combo_row_get_selected (self->what_row) == 1;
  job->options.encoding = (KefuImportEncoding) adw_combo_row_get_selected (self->encoding_row);
  job->options.dry_run = dry_run;
  job->options.skip_bad = skip_bad;
  job->bar = kefu_bar_target_new (self->progress_bar);

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, dry_run ? _("Checking the file…") : _("Importing…"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->what_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->encoding_row), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", FALSE);

  /* (a check under way is superseded) */
  kefu_loader_load_async (self->job, self, kefu_store_is_server (self->store) ? self->store : NULL,
                          import_thread, job, (GDestroyNotify) job_free,
                          start_job, job_done_cb, NULL);
}

static void
options_changed_cb (KefuImportWindow *self)
{
  start_job (self, TRUE, FALSE);
}

void
kefu_import_window_set_file (KefuImportWindow *self,
                             GFile            *file)
{
  g_autofree char *name = NULL;

  g_set_object (&self->file, file);
  name = g_file_get_basename (file);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->file_row), FALSE);   /* a file name is text */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
  start_job (self, TRUE, FALSE);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  KefuImportWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      kefu_import_window_set_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (self);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a CSV File"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  start_job (KEFU_IMPORT_WINDOW (widget), FALSE, g_variant_get_boolean (parameter));
}

static void
kefu_import_window_dispose (GObject *object)
{
  KefuImportWindow *self = (KefuImportWindow *)object;

  if (self->job != NULL)
    kefu_loader_cancel (self->job);
  g_clear_object (&self->job);
  g_clear_object (&self->file);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (object), KEFU_TYPE_IMPORT_WINDOW);
  G_OBJECT_CLASS (kefu_import_window_parent_class)->dispose (object);
}

static void
kefu_import_window_class_init (KefuImportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_import_window_dispose;
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-import-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, KefuImportWindow, name)
  CHILD (file_row); CHILD (what_row); CHILD (encoding_row); CHILD (progress_bar);
  CHILD (preview_group); CHILD (summary_label); CHILD (problems_list);
  CHILD (import_button); CHILD (skip_button);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.run", "b", run_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_import_window_init (KefuImportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->job = kefu_loader_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", FALSE);
}

KefuImportWindow *
kefu_import_window_new (GtkWindow *parent,
                        KefuStore *store)
{
  KefuImportWindow *self = g_object_new (KEFU_TYPE_IMPORT_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  return self;
}
