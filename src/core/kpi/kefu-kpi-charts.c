/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-kpi-charts.c — the dashboard's charts, built once for the window,
 * kefu-cli report chart and the monthly report
 *
 * The figures come from kefu-kpi.c; this file only decides how each is
 * drawn: which kind of chart, its labels, format and target line.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-kpi-charts.h"

static const struct {
  const char *key;
  const char *title;
} charts[KEFU_N_REPORT_CHARTS] = {
  [KEFU_REPORT_CHART_TREND] = { "trend", N_("Tickets over time, with a year earlier") },
  [KEFU_REPORT_CHART_BY_KIND] = { "by-kind", N_("Tickets per month by kind") },
  [KEFU_REPORT_CHART_BY_CHANNEL] = { "by-channel", N_("Tickets per month by channel") },
  [KEFU_REPORT_CHART_BY_SUBTYPE] = { "by-subtype", N_("Tickets per month by sub-type") },
  [KEFU_REPORT_CHART_KIND_SHARE] = { "kind-share", N_("Share by kind") },
  [KEFU_REPORT_CHART_RESPONSE_HISTOGRAM] = { "response-histogram", N_("First-response times") },
  [KEFU_REPORT_CHART_HEATMAP] = { "heatmap", N_("Complaints by building and sub-type") },
  [KEFU_REPORT_CHART_ARRIVALS] = { "arrivals", N_("When tickets arrive: weekday and hour") },
  [KEFU_REPORT_CHART_TARGETS] = { "targets", N_("KPIs against their targets") },
  [KEFU_REPORT_CHART_AGENTS] = { "agents", N_("Tickets per agent, week by week") },
};

const char *
kefu_report_chart_key (KefuReportChart chart)
{
  g_return_val_if_fail (chart < KEFU_N_REPORT_CHARTS, NULL);
  return charts[chart].key;
}

gboolean
kefu_report_chart_from_key (const char      *key,
                            KefuReportChart *chart)
{
  for (KefuReportChart c = 0; c < KEFU_N_REPORT_CHARTS; c++)
    if (g_strcmp0 (charts[c].key, key) == 0)
      {
        *chart = c;
        return TRUE;
      }
  return FALSE;
}

const char *
kefu_report_chart_title (KefuReportChart chart)
{
  g_return_val_if_fail (chart < KEFU_N_REPORT_CHARTS, NULL);
  return _(charts[chart].title);
}

static KefuChart *
from_table (KefuChartKind  kind,
            const char    *title,
            KefuKpiTable  *t)
{
  KefuChart *chart = kefu_chart_new (kind, title);

  kefu_chart_set_categories (chart, (const char * const *) t->categories);
  if (kind == KEFU_CHART_HEATMAP)
    kefu_chart_set_rows (chart, (const char * const *) t->series);
  for (guint s = 0; s < t->n_series; s++)
    kefu_chart_add_series (chart, t->series[s], t->values[s], t->n_categories);
  return chart;
}

/* Days for a month, weeks for a quarter, months beyond. */
static KefuKpiBucket
bucket_for (gint64 from,
            gint64 to)
{
  gint64 days = (to - from) / 86400;
  return days <= 62 ? KEFU_KPI_BUCKET_DAY : days <= 184 ? KEFU_KPI_BUCKET_WEEK : KEFU_KPI_BUCKET_MONTH;
}

static KefuChart *
targets_chart (KefuStore  *store,
               gint64      from,
               gint64      to,
               GError    **error)
{
  g_autoptr(KefuKpiReport) now = kefu_kpi_compute (store, from, to, error);
  g_autoptr(KefuKpiReport) before = now != NULL ? kefu_kpi_compute (store, from - (to - from), from, error) : NULL;
  KefuChart *chart;
  guint index = 0;

  if (before == NULL)
    return NULL;
  chart = kefu_chart_new (KEFU_CHART_BULLET, kefu_report_chart_title (KEFU_REPORT_CHART_TARGETS));
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      const KefuKpiInfo *info = kefu_kpi_info (k);
      double max;
      KefuChartFormat format;

      if (isnan (info->target))
        continue;
      switch (info->format)
        {
        case KEFU_KPI_FORMAT_RATE:
          max = 1;
          format = KEFU_CHART_FORMAT_PERCENT;
          break;
        case KEFU_KPI_FORMAT_SCORE:
          max = 100;
          format = KEFU_CHART_FORMAT_SCORE;
          break;
        case KEFU_KPI_FORMAT_MINUTES:
        case KEFU_KPI_FORMAT_COUNT:
        default:
          max = MAX (info->target * 2, isnan (now->value[k]) ? 0 : now->value[k] * 1.2);
          format = info->format == KEFU_KPI_FORMAT_MINUTES ? KEFU_CHART_FORMAT_MINUTES : KEFU_CHART_FORMAT_COUNT;
          break;
        }
      kefu_chart_add_bullet (chart, _(info->label), now->value[k], info->target, before->value[k], max,
                             info->higher_is_better);
      kefu_chart_set_bullet_format (chart, index++, format);
    }
  return chart;
}

static KefuChart *
agents_chart (KefuStore     *store,
              gint64         from,
              gint64         to,
              KefuKpiTable **table,
              GError       **error)
{
  g_autoptr(GPtrArray) agents = kefu_kpi_agents (store, from, to, error);
  g_autoptr(GPtrArray) weeks = g_ptr_array_new_with_free_func (g_free);
  KefuChart *chart;

  if (agents == NULL)
    return NULL;
  for (int w = 7; w >= 0; w--)
    {
      g_autoptr(GDateTime) end = g_date_time_new_from_unix_local (to - (gint64) w * 7 * 86400 - 1);
      /* Translators: a week on the agents' sparklines, by its last day (strftime) */
      g_ptr_array_add (weeks, g_date_time_format (end, C_("chart day", "%m-%d")));
    }
  g_ptr_array_add (weeks, NULL);
  chart = kefu_chart_new (KEFU_CHART_SPARKLINES, kefu_report_chart_title (KEFU_REPORT_CHART_AGENTS));
  kefu_chart_set_categories (chart, (const char * const *) weeks->pdata);
  for (guint i = 0; i < agents->len; i++)
    {
      KefuKpiAgent *a = agents->pdata[i];
      kefu_chart_add_series (chart, a->name, a->weekly, G_N_ELEMENTS (a->weekly));
    }
  if (table != NULL)
    *table = kefu_kpi_agents_table (agents);
  return chart;
}

KefuChart *
kefu_report_chart_build (KefuStore        *store,
                         KefuReportChart   which,
                         gint64            from,
                         gint64            to,
                         KefuKpiTable    **table,
                         GError          **error)
{
  g_autoptr(KefuKpiTable) t = NULL;
  KefuChart *chart = NULL;
  const char *title;

  g_return_val_if_fail (which < KEFU_N_REPORT_CHARTS, NULL);
  title = kefu_report_chart_title (which);
  if (table != NULL)
    *table = NULL;
  switch (which)
    {
    case KEFU_REPORT_CHART_TREND:
      t = kefu_kpi_trend (store, from, to, bucket_for (from, to), TRUE, error);
      if (t != NULL)
        chart = from_table (KEFU_CHART_LINE, title, t);
      break;
    case KEFU_REPORT_CHART_BY_KIND:
    case KEFU_REPORT_CHART_BY_CHANNEL:
    case KEFU_REPORT_CHART_BY_SUBTYPE:
      t = kefu_kpi_monthly_by (store, from, to,
                               which == KEFU_REPORT_CHART_BY_KIND ? KEFU_KPI_BY_KIND :
                               which == KEFU_REPORT_CHART_BY_CHANNEL ? KEFU_KPI_BY_CHANNEL : KEFU_KPI_BY_SUBTYPE, error);
      if (t != NULL)
        chart = from_table (KEFU_CHART_STACKED_BARS, title, t);
      break;
    case KEFU_REPORT_CHART_KIND_SHARE:
      t = kefu_kpi_share (store, from, to, KEFU_KPI_BY_KIND, error);
      if (t != NULL)
        chart = from_table (KEFU_CHART_DONUT, title, t);
      break;
    case KEFU_REPORT_CHART_RESPONSE_HISTOGRAM:
      t = kefu_kpi_response_histogram (store, from, to, 10, 13, error);
      if (t != NULL)
        {
          double edges[14];
          const KefuKpiInfo *mean = kefu_kpi_info (KEFU_KPI_MEAN_RESPONSE_MIN);
          g_autofree char *label = NULL;

          for (guint e = 0; e < G_N_ELEMENTS (edges); e++)
            edges[e] = e * 10;
          chart = from_table (KEFU_CHART_HISTOGRAM, title, t);
          kefu_chart_set_bin_edges (chart, edges, G_N_ELEMENTS (edges));
          /* Translators: the histogram's target line, in minutes */
          label = g_strdup_printf (_("Target %.0f min"), mean->target);
          kefu_chart_set_target (chart, mean->target, label);
        }
      break;
    case KEFU_REPORT_CHART_HEATMAP:
      t = kefu_kpi_complaint_heatmap (store, from, to, error);
      if (t != NULL)
        chart = from_table (KEFU_CHART_HEATMAP, title, t);
      break;
    case KEFU_REPORT_CHART_ARRIVALS:
      t = kefu_kpi_arrival_heatmap (store, from, to, error);
      if (t != NULL)
        chart = from_table (KEFU_CHART_HEATMAP, title, t);
      break;
    case KEFU_REPORT_CHART_TARGETS:
      chart = targets_chart (store, from, to, error);
      break;
    case KEFU_REPORT_CHART_AGENTS:
      chart = agents_chart (store, from, to, table, error);
      break;
    case KEFU_N_REPORT_CHARTS:
    default:
      g_return_val_if_reached (NULL);
    }
  if (chart != NULL && table != NULL && t != NULL)
    *table = g_steal_pointer (&t);
  return chart;
}
