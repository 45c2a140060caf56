/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-kpi-charts.h — the dashboard's charts, built once for the window,
 * kefu-cli report chart and the monthly report */
#pragma once

#include "kefu-chart.h"
#include "kefu-kpi.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_REPORT_CHART_TREND,               /* tickets per day/week/month, with a year earlier */
  KEFU_REPORT_CHART_BY_KIND,             /* tickets per month, stacked by kind */
  KEFU_REPORT_CHART_BY_CHANNEL,          /* tickets per month, stacked by channel */
  KEFU_REPORT_CHART_BY_SUBTYPE,          /* tickets per month, stacked by sub-type */
  KEFU_REPORT_CHART_KIND_SHARE,          /* donut */
  KEFU_REPORT_CHART_RESPONSE_HISTOGRAM,  /* first-response times with the target line */
  KEFU_REPORT_CHART_HEATMAP,             /* complaints: buildings × sub-types */
  KEFU_REPORT_CHART_ARRIVALS,            /* weekday × hour */
  KEFU_REPORT_CHART_TARGETS,             /* bullets: each KPI against its target */
  KEFU_REPORT_CHART_AGENTS,              /* per agent: tickets per week */
  KEFU_N_REPORT_CHARTS
} KefuReportChart;

const char *kefu_report_chart_key      (KefuReportChart  chart);   /* "trend", "by-kind" … */
gboolean    kefu_report_chart_from_key (const char      *key,
                                        KefuReportChart *chart);
const char *kefu_report_chart_title    (KefuReportChart  chart);   /* translated */

/* Builds the chart for tickets created in [from, to); @table (optional)
 * receives what its marks mean, for kefu_kpi_table_query(). Safe on a
 * worker thread with its own store. */
KefuChart  *kefu_report_chart_build    (KefuStore        *store,
                                        KefuReportChart   chart,
                                        gint64            from,
                                        gint64            to,
                                        KefuKpiTable    **table,
                                        GError          **error);

G_END_DECLS
