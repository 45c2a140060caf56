/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dashboard-view.h — the supervisor's KPIs and charts for a period */
#pragma once

#include <adwaita.h>

#include "kefu-chart-view.h"
#include "kefu-desk.h"
#include "kefu-store.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_PERIOD_MONTH,
  KEFU_PERIOD_QUARTER,
  KEFU_PERIOD_YEAR,
  KEFU_PERIOD_LAST_12_MONTHS,
} KefuPeriod;

#define KEFU_TYPE_DASHBOARD_VIEW (kefu_dashboard_view_get_type ())
G_DECLARE_FINAL_TYPE (KefuDashboardView, kefu_dashboard_view, KEFU, DASHBOARD_VIEW, GtkWidget)

void      kefu_dashboard_view_set_store   (KefuDashboardView *self,
                                           KefuStore         *store);
/* Recomputes on a worker thread; "loaded" is emitted when the figures are shown. */
void      kefu_dashboard_view_reload      (KefuDashboardView *self);
void      kefu_dashboard_view_set_period  (KefuDashboardView *self,
                                           KefuPeriod         period,
                                           gint64             containing);
void      kefu_dashboard_view_get_range   (KefuDashboardView *self,
                                           gint64            *from,
                                           gint64            *to);
gboolean  kefu_dashboard_view_is_loading  (KefuDashboardView *self);
/* The figure shown on a KPI's tile (for tests and screen readers). */
gboolean  kefu_dashboard_view_print_to_file (KefuDashboardView  *self,
                                             const char         *path,
                                             GError            **error);
/* One of the charts (KefuReportChart). */
KefuChartView *kefu_dashboard_view_get_chart (KefuDashboardView *self,
                                              guint              which);
char     *kefu_dashboard_view_get_tile_text (KefuDashboardView *self,
                                             guint              kpi);

G_END_DECLS
