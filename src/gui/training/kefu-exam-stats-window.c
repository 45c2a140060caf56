/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam-stats-window.c — how a paper went
 *
 * Computed on a worker thread by kefu_exam_stats() (Moodle's definitions):
 * attempts, pass rate, mean and spread, the score distribution as a
 * histogram with the pass mark, and per question its facility and
 * discrimination indices; questions flagged for review (too easy, too
 * hard, discriminating poorly) are highlighted with the reason.
 *
 * Export… writes the item statistics with the per-choice (distractor)
 * analysis (kefu_exam_stats_export(), as `kefu-cli exam stats --out`)
 * to a .xlsx or .csv file, by the chosen name's extension, on a worker
 * thread; a toast names the file written or says why it was not.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kefu-chart-view.h"
#include "kefu-enums.h"
#include "kefu-exam-stats-window.h"
#include "kefu-item-stats.h"
#include "kefu-loader.h"

struct _KefuExamStatsWindow
{
  AdwWindow       parent_instance;

  KefuLoader     *loading;
  KefuStore      *store;
  gint64          exam_id;
  guint           n_exporting;
  char           *message;          /* the last export's toast */

  /* template */
  AdwWindowTitle *window_title;
  AdwToastOverlay *toast_overlay;
  GtkStack       *stack;
  GtkBox         *figures_box;
  KefuChartView  *histogram;
  GtkLabel       *legend_label;
  GtkGrid        *table;
};

G_DEFINE_FINAL_TYPE (KefuExamStatsWindow, kefu_exam_stats_window, ADW_TYPE_WINDOW)

static void
add_figure (KefuExamStatsWindow *self,
            const char          *value,
            const char          *caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *v = gtk_label_new (value);
  GtkWidget *c = gtk_label_new (caption);

  gtk_widget_add_css_class (v, "training-figure");
  gtk_widget_add_css_class (c, "dim-label");
  gtk_box_append (GTK_BOX (box), v);
  gtk_box_append (GTK_BOX (box), c);
  gtk_box_append (self->figures_box, box);
}

static GtkWidget *
cell (KefuExamStatsWindow *self,
      const char          *text,
      int                  column,
      int                  row,
      gboolean             flagged)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 1 ? 0 : 1);
  if (column == 1)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_tooltip_text (label, text);
    }
  if (column == 6)
    gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (row == 0)
    gtk_widget_add_css_class (label, "heading");
  if (flagged)
    gtk_widget_add_css_class (label, "item-flagged");
  gtk_grid_attach (self->table, label, column, row, 1, 1);
  return label;
}

static char *
flag_text (const KefuItemStat *item)
{
  GString *s = g_string_new (NULL);

  if (item->too_easy)
    g_string_append (s, _("Too easy"));
  if (item->too_hard)
    g_string_append_printf (s, "%s%s", s->len ? _(", ") : "", _("Too hard"));
  if (item->poor_discrimination)
    g_string_append_printf (s, "%s%s", s->len ? _(", ") : "",
                            item->discrimination < 0 ? _("Marks the wrong people right") : _("Discriminates poorly"));
  return g_string_free (s, FALSE);
}

static void
show_stats (KefuExamStatsWindow *self,
            KefuExamStats       *stats)
{
  g_autoptr(KefuChart) chart = NULL;
  g_autofree char *attempts = g_strdup_printf ("%u", stats->n_attempts);
  g_autofree char *rate = g_strdup_printf ("%.0f%%", 100 * stats->pass_rate);
  g_autofree char *mean = g_strdup_printf ("%.1f%%", stats->mean_percent);
  g_autofree char *sd = g_strdup_printf ("%.1f", stats->sd_percent);
  g_autofree char *target = NULL;
  const char *labels[KEFU_STATS_N_BINS + 1] = { NULL };
  char *owned[KEFU_STATS_N_BINS];
  double counts[KEFU_STATS_N_BINS], edges[KEFU_STATS_N_BINS + 1];
  guint n_flagged = 0;

  adw_window_title_set_subtitle (self->window_title, stats->name);
  if (stats->n_attempts == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  add_figure (self, attempts, _("Graded attempts"));
  add_figure (self, rate, _("Pass rate"));
  add_figure (self, mean, _("Mean score"));
  add_figure (self, sd, _("Standard deviation"));

  for (guint b = 0; b < KEFU_STATS_N_BINS; b++)
    {
      owned[b] = g_strdup_printf ("%u–%u", b * 10, b == KEFU_STATS_N_BINS - 1 ? 100 : b * 10 + 10);
      labels[b] = owned[b];
      counts[b] = stats->bins[b];
      edges[b] = b * 10;
    }
  edges[KEFU_STATS_N_BINS] = 100;
  chart = kefu_chart_new (KEFU_CHART_HISTOGRAM, _("Score distribution (percent of the maximum)"));
  kefu_chart_set_categories (chart, labels);
  kefu_chart_add_series (chart, _("Attempts"), counts, KEFU_STATS_N_BINS);
  kefu_chart_set_bin_edges (chart, edges, G_N_ELEMENTS (edges));
  /* Translators: the histogram's line at the pass mark */
  target = g_strdup_printf (_("Pass mark %.0f%%"), stats->pass_mark);
  kefu_chart_set_target (chart, stats->pass_mark, target);
  kefu_chart_view_set_chart (self->histogram, chart);
  for (guint b = 0; b < KEFU_STATS_N_BINS; b++)
    g_free (owned[b]);

  cell (self, _("No."), 0, 0, FALSE);
  cell (self, _("Question"), 1, 0, FALSE);
  cell (self, _("Type"), 2, 0, FALSE);
  cell (self, _("Attempts"), 3, 0, FALSE);
  cell (self, _("Facility"), 4, 0, FALSE);
  cell (self, _("Discrimination"), 5, 0, FALSE);
  cell (self, _("For review"), 6, 0, FALSE);
  for (guint i = 0; i < stats->items->len; i++)
    {
      KefuItemStat *item = stats->items->pdata[i];
      gboolean flagged = item->too_easy || item->too_hard || item->poor_discrimination;
      g_autofree char *no = g_strdup_printf ("%u", item->position);
      g_autofree char *n = g_strdup_printf ("%u", item->n);
      g_autofree char *facility = g_strdup_printf ("%.0f%%", 100 * item->facility);
      g_autofree char *discrimination = isnan (item->discrimination) ? g_strdup ("–")
                                        : g_strdup_printf ("%.0f%%", 100 * item->discrimination);
      g_autofree char *flags = flag_text (item);
      int row = i + 1;

      cell (self, no, 0, row, flagged);
      cell (self, item->stem, 1, row, flagged);
      cell (self, kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (item->type)), 2, row, flagged);
      cell (self, n, 3, row, flagged);
      cell (self, facility, 4, row, flagged);
      cell (self, discrimination, 5, row, flagged);
      gtk_widget_set_name (cell (self, flags, 6, row, flagged), flagged ? "flagged-item" : "item");
      n_flagged += flagged;
    }
  {
    g_autofree char *legend = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "%u question is flagged for review. Facility: the mean share of the points scored (too easy above 90%%, too hard below 20%%). Discrimination: how well the question separates strong from weak trainees (the correlation with the rest of the paper; poor below 20%%, from %u attempts).",
                   "%u questions are flagged for review. Facility: the mean share of the points scored (too easy above 90%%, too hard below 20%%). Discrimination: how well the question separates strong from weak trainees (the correlation with the rest of the paper; poor below 20%%, from %u attempts).",
                   n_flagged),
      n_flagged, KEFU_STATS_MIN_ATTEMPTS);
    gtk_label_set_text (self->legend_label, legend);
  }
  gtk_stack_set_visible_child_name (self->stack, "figures");
}

typedef struct {
  gint64         exam_id;
  KefuExamStats *stats;
} Loading;

static void
loading_free (Loading *l)
{
  g_clear_pointer (&l->stats, kefu_exam_stats_free);
  g_free (l);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loading, loading_free)

static gboolean
load_thread (KefuStore     *reader,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Loading *l = data;

  l->stats = kefu_exam_stats (reader, l->exam_id, error);
  return l->stats != NULL;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KefuExamStatsWindow *self = KEFU_EXAM_STATS_WINDOW (object);
  g_autoptr(Loading) l = NULL;
  g_autoptr(GError) error = NULL;

  l = kefu_loader_load_finish (result, kefu_exam_stats_window_new, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (l == NULL)
    {
      adw_status_page_set_title (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->stack, "empty")),
                                 _("The Statistics Cannot Be Computed"));
      adw_status_page_set_description (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->stack, "empty")), error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  show_stats (self, l->stats);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stats.export", l->stats->n_attempts > 0);
}

/* Export ------------------------------------------------------------------- */

typedef struct {
  gint64  exam_id;
  char   *path;
} ExportJob;

static void
export_job_free (ExportJob *j)
{
  g_free (j->path);
  g_free (j);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportJob, export_job_free)

static gboolean
export_thread (KefuStore     *reader,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  ExportJob *j = data;

  return kefu_exam_stats_export (reader, j->exam_id, j->path, error);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KefuExamStatsWindow *self = KEFU_EXAM_STATS_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(ExportJob) j = NULL;
  g_autofree char *path = user_data;
  g_autofree char *name = g_path_get_basename (path);

  j = kefu_loader_load_finish (result, kefu_exam_stats_window_export, &error);
  g_free (self->message);
  if (j != NULL)
    /* Translators: %s is the file's name */
    self->message = g_strdup_printf (_("Item statistics exported to %s"), name);
  else if (strstr (error->message, path) != NULL)
    self->message = g_strdup (error->message);   /* it names the file already */
  else
    /* Translators: the first %s is the file's name, the second why */
    self->message = g_strdup_printf (_("Could not export the item statistics to %s: %s"), name, error->message);
  if (self->toast_overlay != NULL)   /* (closed meanwhile: the file is written all the same) */
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (self->message));
  self->n_exporting--;
  g_object_unref (self);
}

/* Writes the paper's item statistics with the per-choice analysis to
 * @path (.xlsx or .csv) on a worker thread; a toast tells how it went. */
void
kefu_exam_stats_window_export (KefuExamStatsWindow *self,
                               const char          *path)
{
  ExportJob *j;

  g_return_if_fail (KEFU_IS_EXAM_STATS_WINDOW (self));
  g_return_if_fail (path != NULL);

  j = g_new0 (ExportJob, 1);
  j->exam_id = self->exam_id;
  j->path = g_strdup (path);
  self->n_exporting++;
  kefu_loader_run_async (g_object_ref (self), self->store, export_thread, j, (GDestroyNotify) export_job_free,
                         kefu_exam_stats_window_export, exported_cb, g_strdup (path));
}

gboolean
kefu_exam_stats_window_is_exporting (KefuExamStatsWindow *self)
{
  g_return_val_if_fail (KEFU_IS_EXAM_STATS_WINDOW (self), FALSE);
  return self->n_exporting > 0;
}

/* The last export's message (as the toast said it), or NULL. */
const char *
kefu_exam_stats_window_get_message (KefuExamStatsWindow *self)
{
  g_return_val_if_fail (KEFU_IS_EXAM_STATS_WINDOW (self), NULL);
  return self->message;
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  KefuExamStatsWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *base = path != NULL ? g_path_get_basename (path) : NULL;

      /* a name without an extension gets the spreadsheet's */
      if (base != NULL && strchr (base, '.') == NULL)
        {
          char *with = g_strconcat (path, ".xlsx", NULL);
          g_free (path);
          path = with;
        }
      if (path != NULL)
        kefu_exam_stats_window_export (self, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuExamStatsWindow *self = KEFU_EXAM_STATS_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) xlsx = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  /* Translators: the suggested file name of a paper's item statistics; %lld is the paper's number */
  g_autofree char *name = g_strdup_printf (_("paper-%lld-items.xlsx"), (long long) self->exam_id);

  chooser = gtk_file_chooser_native_new (_("Export the Item Statistics"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (xlsx, _("Spreadsheet (.xlsx)"));
  gtk_file_filter_add_suffix (xlsx, "xlsx");
  gtk_file_filter_set_name (csv, _("CSV (.csv)"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), xlsx);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
kefu_exam_stats_window_is_loading (KefuExamStatsWindow *self)
{
  g_return_val_if_fail (KEFU_IS_EXAM_STATS_WINDOW (self), FALSE);
  return kefu_loader_is_loading (self->loading);
}

static void
kefu_exam_stats_window_dispose (GObject *object)
{
  KefuExamStatsWindow *self = KEFU_EXAM_STATS_WINDOW (object);

  kefu_loader_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->store);
  g_clear_pointer (&self->message, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_EXAM_STATS_WINDOW);
  G_OBJECT_CLASS (kefu_exam_stats_window_parent_class)->dispose (object);
}

static void
kefu_exam_stats_window_class_init (KefuExamStatsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_exam_stats_window_dispose;
  g_type_ensure (KEFU_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-exam-stats-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuExamStatsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KefuExamStatsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KefuExamStatsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KefuExamStatsWindow, figures_box);
  gtk_widget_class_bind_template_child (widget_class, KefuExamStatsWindow, histogram);
  gtk_widget_class_bind_template_child (widget_class, KefuExamStatsWindow, legend_label);
  gtk_widget_class_bind_template_child (widget_class, KefuExamStatsWindow, table);
  gtk_widget_class_install_action (widget_class, "stats.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_exam_stats_window_init (KefuExamStatsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = kefu_loader_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stats.export", FALSE);
}

/* Opens the window and computes the paper's statistics on a worker
 * thread; owned by GTK. */
KefuExamStatsWindow *
kefu_exam_stats_window_new (GtkWindow *parent,
                            KefuStore *store,
                            gint64     exam_id)
{
  KefuExamStatsWindow *self = g_object_new (KEFU_TYPE_EXAM_STATS_WINDOW, NULL);
  Loading *l = g_new0 (Loading, 1);

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_title (GTK_WINDOW (self), _("Paper Statistics"));
  self->store = g_object_ref (store);
  self->exam_id = exam_id;
  l->exam_id = exam_id;
  kefu_loader_load_async (self->loading, self, store, load_thread, l, (GDestroyNotify) loading_free,
                          kefu_exam_stats_window_new, loaded_cb, NULL);
  return self;
}
