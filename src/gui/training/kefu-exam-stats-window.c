/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam-stats-window.c — how a paper went
 *
 * Computed on a worker thread by kefu_exam_stats() (Moodle's definitions):
 * attempts, pass rate, mean and spread, the score distribution as a
 * histogram with the pass mark, and per question its facility and
 * discrimination indices; questions flagged for review (too easy, too
 * hard, discriminating poorly) are highlighted with the reason.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kefu-chart-view.h"
#include "kefu-enums.h"
#include "kefu-exam-stats-window.h"
#include "kefu-item-stats.h"
#include "kefu-loader.h"

struct _KefuExamStatsWindow
{
  AdwWindow       parent_instance;

  KefuLoader     *loading;

  /* template */
  AdwWindowTitle *window_title;
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
  gtk_widget_class_bind_template_child (widget_class, KefuExamStatsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KefuExamStatsWindow, figures_box);
  gtk_widget_class_bind_template_child (widget_class, KefuExamStatsWindow, histogram);
  gtk_widget_class_bind_template_child (widget_class, KefuExamStatsWindow, legend_label);
  gtk_widget_class_bind_template_child (widget_class, KefuExamStatsWindow, table);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_exam_stats_window_init (KefuExamStatsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = kefu_loader_new ();
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
  l->exam_id = exam_id;
  kefu_loader_load_async (self->loading, self, store, load_thread, l, (GDestroyNotify) loading_free,
                          kefu_exam_stats_window_new, loaded_cb, NULL);
  return self;
}
