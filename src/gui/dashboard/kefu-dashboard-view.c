/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dashboard-view.c — the supervisor's KPIs and charts for a period
 *
 * Every figure comes from kefu-kpi.c, computed on a worker thread with
 * its own read connection; the view only lays them out. A tile shows a
 * KPI against its target and the previous period of the same length; its
 * "?" says how the figure is computed, in the words of the core.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kefu-dashboard-view.h"
#include "kefu-gui-util.h"
#include "kefu-loader.h"
#include "kefu-view.h"
#include "kefu-chart-view.h"
#include "kefu-kpi.h"
#include "kefu-kpi-charts.h"
#include "kefu-report.h"

struct _KefuDashboardView
{
  GtkWidget      parent_instance;

  KefuStore     *store;
  KefuPeriod     period;
  gint64         anchor;       /* a moment inside the period */
  gint64         from, to;
  KefuLoader    *loading;

  /* template widgets */
  GtkDropDown   *period_dropdown;
  GtkLabel      *period_label;
  GtkFlowBox    *tiles_box;
  GtkStack      *stack;
  GtkSpinner    *spinner;
  GtkBox        *charts_box;

  GtkWidget     *charts[KEFU_N_REPORT_CHARTS];   /* KefuChartView */
  KefuKpiTable  *tables[KEFU_N_REPORT_CHARTS];
  GtkWidget     *tiles[KEFU_N_KPIS];
  GtkLabel      *values[KEFU_N_KPIS];
  GtkLabel      *targets[KEFU_N_KPIS];
  GtkLabel      *changes[KEFU_N_KPIS];
};

static void kefu_dashboard_view_view_init (KefuViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KefuDashboardView, kefu_dashboard_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (KEFU_TYPE_VIEW, kefu_dashboard_view_view_init))

enum {
  SHOW_TICKETS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Periods --------------------------------------------------------------- */

static int
period_months (KefuPeriod period)
{
  switch (period)
    {
    case KEFU_PERIOD_QUARTER: return 3;
    case KEFU_PERIOD_YEAR:
    case KEFU_PERIOD_LAST_12_MONTHS: return 12;
    case KEFU_PERIOD_MONTH:
    default: return 1;
    }
}

static void
compute_range (KefuPeriod  period,
               gint64      anchor,
               gint64     *from,
               gint64     *to)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (anchor);
  int y = g_date_time_get_year (at), m = g_date_time_get_month (at);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  switch (period)
    {
    case KEFU_PERIOD_QUARTER:
      start = g_date_time_new_local (y, (m - 1) / 3 * 3 + 1, 1, 0, 0, 0);
      break;
    case KEFU_PERIOD_YEAR:
      start = g_date_time_new_local (y, 1, 1, 0, 0, 0);
      break;
    case KEFU_PERIOD_LAST_12_MONTHS:
      {
        g_autoptr(GDateTime) month = g_date_time_new_local (y, m, 1, 0, 0, 0);
        start = g_date_time_add_months (month, -11);
      }
      break;
    case KEFU_PERIOD_MONTH:
    default:
      start = g_date_time_new_local (y, m, 1, 0, 0, 0);
      break;
    }
  end = g_date_time_add_months (start, period_months (period));
  *from = g_date_time_to_unix (start);
  *to = g_date_time_to_unix (end);
}

static char *
period_text (KefuPeriod period,
             gint64     from,
             gint64     to)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (from);
  g_autoptr(GDateTime) end = g_date_time_new_from_unix_local (to - 1);

  switch (period)
    {
    case KEFU_PERIOD_QUARTER:
      /* Translators: a quarter: year, quarter number */
      return g_strdup_printf (_("%d, quarter %d"), g_date_time_get_year (start), (g_date_time_get_month (start) + 2) / 3);
    case KEFU_PERIOD_YEAR:
      /* Translators: strftime format of a year on the dashboard */
      return g_date_time_format (start, C_("dashboard period", "%Y"));
    case KEFU_PERIOD_LAST_12_MONTHS:
      {
        /* Translators: strftime format of a month on the dashboard */
        g_autofree char *a = g_date_time_format (start, C_("dashboard period", "%B %Y"));
        g_autofree char *b = g_date_time_format (end, C_("dashboard period", "%B %Y"));
        return g_strdup_printf ("%s – %s", a, b);
      }
    case KEFU_PERIOD_MONTH:
    default:
      return g_date_time_format (start, C_("dashboard period", "%B %Y"));
    }
}

/* Tiles ----------------------------------------------------------------- */

static char *
target_text (KefuKpi kpi)
{
  const KefuKpiInfo *info = kefu_kpi_info (kpi);
  g_autofree char *value = NULL;

  if (isnan (info->target))
    return g_strdup ("");
  value = kefu_kpi_format (kpi, info->target);
  return info->higher_is_better ? g_strdup_printf (_("Target ≥ %s"), value)
                                : g_strdup_printf (_("Target ≤ %s"), value);
}

static char *
change_text (KefuKpi  kpi,
             double   now,
             double   before,
             int     *better)
{
  const KefuKpiInfo *info = kefu_kpi_info (kpi);
  double delta = now - before;
  const char *arrow = delta > 0 ? "▲" : delta < 0 ? "▼" : "＝";

  *better = 0;
  if (isnan (now) || isnan (before))
    return g_strdup (_("No figure for the previous period"));
  if (fabs (delta) > 1e-9 && kpi != KEFU_KPI_TICKETS)
    *better = (delta > 0) == info->higher_is_better ? 1 : -1;
  switch (info->format)
    {
    case KEFU_KPI_FORMAT_RATE:
      /* Translators: change of a rate against the previous period, in percentage points */
      return g_strdup_printf (_("%s %.1f points vs. previous period"), arrow, fabs (delta) * 100);
    case KEFU_KPI_FORMAT_MINUTES:
      return g_strdup_printf (_("%s %.1f min vs. previous period"), arrow, fabs (delta));
    case KEFU_KPI_FORMAT_SCORE:
      return g_strdup_printf (_("%s %.1f vs. previous period"), arrow, fabs (delta));
    case KEFU_KPI_FORMAT_COUNT:
    default:
      return g_strdup_printf (_("%s %.0f vs. previous period"), arrow, fabs (delta));
    }
}

static GtkWidget *
make_tile (KefuDashboardView *self,
           KefuKpi            kpi)
{
  const KefuKpiInfo *info = kefu_kpi_info (kpi);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (_(info->label));
  GtkWidget *how = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *how_label = gtk_label_new (_(info->how));
  GtkWidget *value = gtk_label_new ("—");
  g_autofree char *target = target_text (kpi);
  GtkWidget *target_label = gtk_label_new (target);
  GtkWidget *change = gtk_label_new (NULL);
  g_autofree char *tooltip = g_strdup_printf (_("How is “%s” computed?"), _(info->label));

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "kpi-tile");
  gtk_widget_set_size_request (box, 220, -1);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (how), "help-about-symbolic");
  gtk_widget_add_css_class (how, "flat");
  gtk_widget_add_css_class (how, "circular");
  gtk_widget_set_tooltip_text (how, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (how), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_label_set_wrap (GTK_LABEL (how_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (how_label), 40);
  gtk_label_set_xalign (GTK_LABEL (how_label), 0);
  gtk_widget_set_margin_start (how_label, 6);
  gtk_widget_set_margin_end (how_label, 6);
  gtk_widget_set_margin_top (how_label, 6);
  gtk_widget_set_margin_bottom (how_label, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), how_label);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (how), popover);
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), how);

  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_widget_add_css_class (value, "title-1");
  gtk_widget_add_css_class (value, "numeric");
  gtk_label_set_xalign (GTK_LABEL (target_label), 0);
  gtk_widget_add_css_class (target_label, "caption");
  gtk_label_set_xalign (GTK_LABEL (change), 0);
  gtk_label_set_wrap (GTK_LABEL (change), TRUE);
  gtk_widget_add_css_class (change, "caption");

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), target_label);
  gtk_box_append (GTK_BOX (box), change);

  self->values[kpi] = GTK_LABEL (value);
  self->targets[kpi] = GTK_LABEL (target_label);
  self->changes[kpi] = GTK_LABEL (change);
  return box;
}

static void
show_report (KefuDashboardView   *self,
             const KefuKpiReport *report,
             const KefuKpiReport *before)
{
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      const KefuKpiInfo *info = kefu_kpi_info (k);
      g_autofree char *value = kefu_kpi_format (k, report->value[k]);
      g_autofree char *change = NULL;
      g_autofree char *description = NULL;
      int better;

      change = change_text (k, report->value[k], before->value[k], &better);
      gtk_label_set_text (self->values[k], value);
      gtk_label_set_text (self->changes[k], change);
      gtk_widget_remove_css_class (GTK_WIDGET (self->changes[k]), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->changes[k]), "error");
      if (better != 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->changes[k]), better > 0 ? "success" : "error");

      gtk_widget_remove_css_class (GTK_WIDGET (self->targets[k]), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->targets[k]), "error");
      if (k == KEFU_KPI_BACKLOG)
        {
          g_autoptr(GString) ages = g_string_new (NULL);
          for (guint a = 0; a < KEFU_KPI_N_AGES; a++)
            if (report->backlog_by_age[a] > 0)
              {
                if (ages->len > 0)
                  g_string_append (ages, " · ");
                /* Translators: the backlog tile: an age and its count, e.g. "3–7 days: 27" */
                g_string_append_printf (ages, _("%s: %lld"), kefu_kpi_age_label (a),
                                        (long long) report->backlog_by_age[a]);
              }
          gtk_label_set_text (self->targets[k], ages->str);
        }
      else if (!isnan (info->target) && !isnan (report->value[k]))
        {
          gboolean met = info->higher_is_better ? report->value[k] >= info->target : report->value[k] <= info->target;
          gtk_widget_add_css_class (GTK_WIDGET (self->targets[k]), met ? "success" : "error");
        }
      /* what a screen reader says for the tile */
      description = g_strdup_printf ("%s: %s. %s. %s", _(info->label), value,
                                     gtk_label_get_text (self->targets[k]), change);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->tiles[k]), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description, -1);
    }
}

/* Charts ------------------------------------------------------------------ */

static void
mark_activated_cb (KefuChartView *view,
                   int            series,
                   int            category,
                   int            row,
                   gpointer       data)
{
  KefuDashboardView *self = KEFU_DASHBOARD_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (view), KEFU_TYPE_DASHBOARD_VIEW));
  KefuReportChart which = GPOINTER_TO_UINT (data);
  KefuKpiTable *table = self->tables[which];
  KefuChart *chart = kefu_chart_view_get_chart (view);
  KefuChartHit hit = { series, category, row };
  g_autofree char *what = NULL;
  g_autofree char *description = NULL;
  KefuTicketQuery query;

  if (table == NULL || chart == NULL)
    return;   /* the targets have no tickets of their own */
  kefu_kpi_table_query (table, series, category, self->from, self->to, &query);
  if (which == KEFU_REPORT_CHART_TREND && series == 1)
    {
      /* the line of a year earlier: that year's tickets */
      g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (query.from);
      g_autoptr(GDateTime) to = g_date_time_new_from_unix_local (query.to);
      g_autoptr(GDateTime) from_back = g_date_time_add_years (from, -1);
      g_autoptr(GDateTime) to_back = g_date_time_add_years (to, -1);
      query.from = g_date_time_to_unix (from_back);
      query.to = g_date_time_to_unix (to_back);
    }
  what = kefu_chart_describe_hit (chart, &hit);
  /* one line: "Tickets per month by kind: 2026-07, Repair: 123" */
  g_strdelimit (what, "\n", ' ');
  description = g_strdup_printf ("%s — %s", kefu_report_chart_title (which), what);
  g_signal_emit (self, signals[SHOW_TICKETS], 0, &query, description);
}

static GtkWidget *
make_chart_card (KefuDashboardView *self,
                 KefuReportChart    which)
{
  GtkWidget *view = kefu_chart_view_new (NULL);

  gtk_widget_add_css_class (view, "card");
  gtk_widget_add_css_class (view, "chart-card");
  gtk_widget_set_size_request (view, 420, which == KEFU_REPORT_CHART_AGENTS || which == KEFU_REPORT_CHART_HEATMAP
                                          || which == KEFU_REPORT_CHART_ARRIVALS ? 380 : 300);
  gtk_widget_set_hexpand (view, TRUE);
  g_signal_connect (view, "mark-activated", G_CALLBACK (mark_activated_cb), GUINT_TO_POINTER (which));
  self->charts[which] = view;
  return view;
}

static void
build_charts (KefuDashboardView *self)
{
  static const KefuReportChart layout[][2] = {
    { KEFU_REPORT_CHART_TREND, KEFU_N_REPORT_CHARTS },
    { KEFU_REPORT_CHART_BY_KIND, KEFU_REPORT_CHART_BY_SUBTYPE },
    { KEFU_REPORT_CHART_KIND_SHARE, KEFU_REPORT_CHART_BY_CHANNEL },
    { KEFU_REPORT_CHART_RESPONSE_HISTOGRAM, KEFU_REPORT_CHART_TARGETS },
    { KEFU_REPORT_CHART_HEATMAP, KEFU_REPORT_CHART_ARRIVALS },
    { KEFU_REPORT_CHART_AGENTS, KEFU_N_REPORT_CHARTS },
  };
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  for (guint r = 0; r < G_N_ELEMENTS (layout); r++)
    {
      if (layout[r][1] == KEFU_N_REPORT_CHARTS)
        gtk_grid_attach (GTK_GRID (grid), make_chart_card (self, layout[r][0]), 0, r, 2, 1);
      else
        for (guint c = 0; c < 2; c++)
          gtk_grid_attach (GTK_GRID (grid), make_chart_card (self, layout[r][c]), c, r, 1, 1);
    }
  gtk_box_append (self->charts_box, grid);
}

KefuChartView *
kefu_dashboard_view_get_chart (KefuDashboardView *self,
                               guint              which)
{
  g_return_val_if_fail (which < KEFU_N_REPORT_CHARTS, NULL);
  return KEFU_CHART_VIEW (self->charts[which]);
}

/* Loading --------------------------------------------------------------- */

typedef struct {
  gint64          from, to;
  KefuKpiReport  *report;
  KefuKpiReport  *before;
  KefuChart      *charts[KEFU_N_REPORT_CHARTS];
  KefuKpiTable   *tables[KEFU_N_REPORT_CHARTS];
} Loading;

static void
loading_free (Loading *l)
{
  for (guint c = 0; c < KEFU_N_REPORT_CHARTS; c++)
    {
      g_clear_object (&l->charts[c]);
      g_clear_pointer (&l->tables[c], kefu_kpi_table_free);
    }
  g_clear_pointer (&l->report, kefu_kpi_report_free);
  g_clear_pointer (&l->before, kefu_kpi_report_free);
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
  GError *local_error = NULL;

  l->report = kefu_kpi_compute (reader, l->from, l->to, &local_error);
  if (l->report != NULL)
    l->before = kefu_kpi_compute (reader, l->from - (l->to - l->from), l->from, &local_error);
  for (KefuReportChart c = 0; local_error == NULL && c < KEFU_N_REPORT_CHARTS; c++)
    {
      /* (a stale load: its figures are dropped anyway) */
      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        break;
      l->charts[c] = kefu_report_chart_build (reader, c, l->from, l->to, &l->tables[c], &local_error);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KefuDashboardView *self = KEFU_DASHBOARD_VIEW (object);
  g_autoptr(Loading) l = NULL;
  g_autoptr(GError) error = NULL;

  l = kefu_loader_load_finish (result, kefu_dashboard_view_reload, &error);
  if (l == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Dashboard: %s", error->message);
      return;
    }
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  show_report (self, l->report, l->before);
  for (KefuReportChart c = 0; c < KEFU_N_REPORT_CHARTS; c++)
    {
      kefu_chart_view_set_chart (KEFU_CHART_VIEW (self->charts[c]), l->charts[c]);
      g_clear_pointer (&self->tables[c], kefu_kpi_table_free);
      self->tables[c] = g_steal_pointer (&l->tables[c]);
    }
  gtk_stack_set_visible_child_name (self->stack, l->report->value[KEFU_KPI_TICKETS] > 0 ? "figures" : "empty");
  kefu_view_emit_loaded (KEFU_VIEW (self));
}

void
kefu_dashboard_view_reload (KefuDashboardView *self)
{
  g_autofree char *label = NULL;
  Loading *l;

  g_return_if_fail (KEFU_IS_DASHBOARD_VIEW (self));
  compute_range (self->period, self->anchor, &self->from, &self->to);
  label = period_text (self->period, self->from, self->to);
  gtk_label_set_text (self->period_label, label);
  if (self->store == NULL)
    return;
  l = g_new0 (Loading, 1);
  l->from = self->from;
  l->to = self->to;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  kefu_loader_load_async (self->loading, self, self->store, load_thread, l, (GDestroyNotify) loading_free,
                          kefu_dashboard_view_reload, loaded_cb, NULL);
}

gboolean
kefu_dashboard_view_is_loading (KefuDashboardView *self)
{
  g_return_val_if_fail (KEFU_IS_DASHBOARD_VIEW (self), FALSE);
  return kefu_loader_is_loading (self->loading);
}

void
kefu_dashboard_view_set_store (KefuDashboardView *self,
                               KefuStore         *store)
{
  g_return_if_fail (KEFU_IS_DASHBOARD_VIEW (self));
  /* anew each time: the tickets may have changed since */
  g_set_object (&self->store, store);
  if (self->anchor == 0 && store != NULL)
    self->anchor = kefu_store_now (store);
  kefu_dashboard_view_reload (self);
}

void
kefu_dashboard_view_set_period (KefuDashboardView *self,
                                KefuPeriod         period,
                                gint64             containing)
{
  g_return_if_fail (KEFU_IS_DASHBOARD_VIEW (self));
  self->anchor = containing;
  if (gtk_drop_down_get_selected (self->period_dropdown) != period)
    gtk_drop_down_set_selected (self->period_dropdown, period);   /* reloads */
  else
    kefu_dashboard_view_reload (self);
}

void
kefu_dashboard_view_get_range (KefuDashboardView *self,
                               gint64            *from,
                               gint64            *to)
{
  g_return_if_fail (KEFU_IS_DASHBOARD_VIEW (self));
  compute_range (self->period, self->anchor, from, to);
}

char *
kefu_dashboard_view_get_tile_text (KefuDashboardView *self,
                                   guint              kpi)
{
  g_return_val_if_fail (kpi < KEFU_N_KPIS, NULL);
  return g_strdup (gtk_label_get_text (self->values[kpi]));
}

static void
period_changed_cb (KefuDashboardView *self,
                   GParamSpec        *pspec,
                   GtkDropDown       *dropdown)
{
  self->period = gtk_drop_down_get_selected (dropdown);
  kefu_dashboard_view_reload (self);
}

static void
shift_period (KefuDashboardView *self,
              int                direction)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (self->anchor);
  g_autoptr(GDateTime) moved = g_date_time_add_months (at, direction * period_months (self->period));

  self->anchor = g_date_time_to_unix (moved);
  kefu_dashboard_view_reload (self);
}

static void
dashboard_previous_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  shift_period (KEFU_DASHBOARD_VIEW (widget), -1);
}

static void
dashboard_next_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  shift_period (KEFU_DASHBOARD_VIEW (widget), +1);
}

static void
dashboard_today_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KefuDashboardView *self = KEFU_DASHBOARD_VIEW (widget);

  if (self->store != NULL)
    self->anchor = kefu_store_now (self->store);
  kefu_dashboard_view_reload (self);
}

static void
dashboard_refresh_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  kefu_dashboard_view_reload (KEFU_DASHBOARD_VIEW (widget));
}

/* Reports and printing ---------------------------------------------------- */

/* The month of the report: the period's last month. */
static char *
report_month (KefuDashboardView *self)
{
  g_autoptr(GDateTime) last = g_date_time_new_from_unix_local (self->to - 1);
  return g_date_time_format (last, "%Y-%m");
}

typedef struct {
  char      *month;
  char      *path;
  gint64     from, to;
  char      *title;
  GPtrArray *pages;
} Job;

static void
job_free (Job *j)
{
  g_free (j->month);
  g_free (j->path);
  g_free (j->title);
  g_clear_pointer (&j->pages, g_ptr_array_unref);
  g_free (j);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
say (KefuDashboardView *self,
     const char        *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static gboolean
export_thread (KefuStore     *reader,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Job *j = data;

  return kefu_report_monthly (reader, j->month, j->path, error);
}

static void export_response_cb (GtkNativeDialog   *dialog,
                                int                response,
                                KefuDashboardView *self);

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KefuDashboardView *self = KEFU_DASHBOARD_VIEW (object);
  g_autoptr(Job) j = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  j = kefu_loader_load_finish (result, export_response_cb, &error);
  if (j == NULL)
    {
      say (self, error->message);
      return;
    }
  /* Translators: a toast after the monthly report was written */
  text = g_strdup_printf (_("The report for %s is in “%s”"), j->month, j->path);
  say (self, text);
}

static void
export_response_cb (GtkNativeDialog   *dialog,
                    int                response,
                    KefuDashboardView *self)
{
  g_autoptr(GFile) file = NULL;
  Job *j;

  g_autofree char *month = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  month = g_strdup (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "month"));
  g_object_unref (dialog);
  if (file == NULL || self->store == NULL)
    return;
  j = g_new0 (Job, 1);
  j->month = month != NULL ? g_steal_pointer (&month) : report_month (self);
  j->path = g_file_get_path (file);
  say (self, _("Writing the report…"));
  kefu_loader_run_async (self, self->store, export_thread, j, (GDestroyNotify) job_free,
                         export_response_cb, exported_cb, NULL);
}

static void
dashboard_export_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KefuDashboardView *self = KEFU_DASHBOARD_VIEW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  gint64 now = self->store != NULL ? kefu_store_now (self->store) : self->to;
  /* the last whole month by the store's clock, whatever period is shown */
  g_autofree char *month = kefu_report_default_month (now);
  /* Translators: the suggested file name of the monthly report; keep the %s */
  g_autofree char *name = g_strdup_printf (_("service-report-%s.%s"), month, format);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Save the Monthly Report"),
                                                              GTK_WINDOW (gtk_widget_get_root (widget)),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  /* The month picker: the last whole month first (the selected one: GTK
   * 4.8's fallback dialog shows the first whatever set_choice says), the
   * eleven before it, then this month so far. */
  {
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (now);
    g_autoptr(GDateTime) first = g_date_time_new_local (g_date_time_get_year (at), g_date_time_get_month (at), 1, 0, 0, 0);

    for (int k = 1; k <= 13; k++)
      {
        int i = k % 13;   /* 1, 2, … 12, then 0: this month */
        g_autoptr(GDateTime) start = g_date_time_add_months (first, -i);
        g_autofree char *title = g_date_time_format (start, C_("dashboard period", "%B %Y"));

        g_ptr_array_add (ids, g_date_time_format (start, "%Y-%m"));
        /* Translators: the month under way in the report's month picker */
        g_ptr_array_add (labels, i == 0 ? g_strdup_printf (_("%s (so far)"), title) : g_steal_pointer (&title));
      }
    g_ptr_array_add (ids, NULL);
    g_ptr_array_add (labels, NULL);
  }
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "month", C_("report", "Month"),
                               (const char **) ids->pdata, (const char **) labels->pdata);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "month", month);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                GPtrArray         *pages)
{
  gtk_print_operation_set_n_pages (operation, pages->len);
}

/* Each page of the report, scaled to the printable area. */
static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              GPtrArray         *pages)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double w, h, scale;

  kefu_report_page_size (&w, &h);
  scale = MIN (gtk_print_context_get_width (context) / w, gtk_print_context_get_height (context) / h);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, pages->pdata[page], 0, 0);
  cairo_paint (cr);
}

static gboolean
pages_thread (KefuStore     *reader,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Job *j = data;

  j->pages = kefu_report_render_pages (reader, j->from, j->to, j->title, error);
  return j->pages != NULL;
}

static void dashboard_print_cb (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter);

static void
pages_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  KefuDashboardView *self = KEFU_DASHBOARD_VIEW (object);
  g_autoptr(Job) j = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;

  j = kefu_loader_load_finish (result, dashboard_print_cb, &error);
  if (j == NULL)
    {
      say (self, error->message);
      return;
    }
  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, j->title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), j->pages);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), j->pages);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    say (self, error->message);
}

/* The print path, to a PDF file without the dialog (tests, "Print to File"). */
gboolean
kefu_dashboard_view_print_to_file (KefuDashboardView  *self,
                                   const char         *path,
                                   GError            **error)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (KEFU_IS_DASHBOARD_VIEW (self), FALSE);
  pages = kefu_report_render_pages (self->store, self->from, self->to, gtk_label_get_text (self->period_label), error);
  if (pages == NULL)
    return FALSE;
  operation = gtk_print_operation_new ();
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_export_filename (operation, path);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), pages);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), pages);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error)
         != GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
dashboard_print_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KefuDashboardView *self = KEFU_DASHBOARD_VIEW (widget);
  Job *j;

  if (self->store == NULL)
    return;
  j = g_new0 (Job, 1);
  j->from = self->from;
  j->to = self->to;
  j->title = g_strdup (gtk_label_get_text (self->period_label));
  kefu_loader_run_async (self, self->store, pages_thread, j, (GDestroyNotify) job_free,
                         dashboard_print_cb, pages_ready_cb, NULL);
}

/* GObject --------------------------------------------------------------- */

static void
kefu_dashboard_view_dispose (GObject *object)
{
  KefuDashboardView *self = (KefuDashboardView *)object;

  if (self->loading != NULL)
    kefu_loader_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->store);
  for (guint c = 0; c < KEFU_N_REPORT_CHARTS; c++)
    g_clear_pointer (&self->tables[c], kefu_kpi_table_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_DASHBOARD_VIEW);
  kefu_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (kefu_dashboard_view_parent_class)->dispose (object);
}

static void
kefu_dashboard_view_class_init (KefuDashboardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_dashboard_view_dispose;

  /* A chart's mark was activated: list its tickets (query, description). */
  signals[SHOW_TICKETS] = g_signal_new ("show-tickets", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-dashboard-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, KefuDashboardView, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KefuDashboardView, period_label);
  gtk_widget_class_bind_template_child (widget_class, KefuDashboardView, tiles_box);
  gtk_widget_class_bind_template_child (widget_class, KefuDashboardView, stack);
  gtk_widget_class_bind_template_child (widget_class, KefuDashboardView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KefuDashboardView, charts_box);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);

  gtk_widget_class_install_action (widget_class, "dashboard.previous", NULL, dashboard_previous_cb);
  gtk_widget_class_install_action (widget_class, "dashboard.next", NULL, dashboard_next_cb);
  gtk_widget_class_install_action (widget_class, "dashboard.today", NULL, dashboard_today_cb);
  gtk_widget_class_install_action (widget_class, "dashboard.refresh", NULL, dashboard_refresh_cb);
  gtk_widget_class_install_action (widget_class, "dashboard.export-report", "s", dashboard_export_cb);
  gtk_widget_class_install_action (widget_class, "dashboard.print", NULL, dashboard_print_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "dashboard.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "dashboard.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "dashboard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "dashboard.refresh", NULL);
}

static void
kefu_dashboard_view_init (KefuDashboardView *self)
{
  self->loading = kefu_loader_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->period = KEFU_PERIOD_LAST_12_MONTHS;
  /* the anchor is today by the store's clock: set with the store */
  gtk_drop_down_set_selected (self->period_dropdown, self->period);
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      self->tiles[k] = make_tile (self, k);
      gtk_flow_box_append (self->tiles_box, self->tiles[k]);
    }
  build_charts (self);
}

/* KefuView ---------------------------------------------------------------- */

static void
view_set_store (KefuView  *view,
                KefuStore *store,
                KefuUser  *user)
{
  kefu_dashboard_view_set_store ((KefuDashboardView *) view, store);
}

static void
view_reload (KefuView *view)
{
  kefu_dashboard_view_reload ((KefuDashboardView *) view);
}

static gboolean
view_is_loading (KefuView *view)
{
  return kefu_dashboard_view_is_loading ((KefuDashboardView *) view);
}

static void
kefu_dashboard_view_view_init (KefuViewInterface *iface)
{
  iface->set_store = view_set_store;
  iface->reload = view_reload;
  iface->is_loading = view_is_loading;
}
