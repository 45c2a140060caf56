/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-view.h — a KefuChart on screen: hover, keyboard, drill-down, export
 *
 * Draws its chart in snapshot (dark colours under a dark style), shows
 * the exact value under the pointer as a tooltip, moves a highlighted
 * mark with the keys (Left/Right: the previous/next mark in reading
 * order; Up/Down: the nearest mark above/below; Home, End), and emits
 * "mark-activated"
 * on a click or Enter/Space so the caller can open the tickets behind
 * that bar, slice or cell. The accessible description is the chart's
 * data. Right-click, Menu or Shift+F10 offers "chart.export" as PNG, SVG
 * or PDF.
 */
#pragma once

#include <gtk/gtk.h>

#include "kefu-chart.h"

G_BEGIN_DECLS

#define KEFU_TYPE_CHART_VIEW (kefu_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (KefuChartView, kefu_chart_view, KEFU, CHART_VIEW, GtkWidget)

GtkWidget *kefu_chart_view_new            (KefuChart     *chart);
KefuChart *kefu_chart_view_get_chart      (KefuChartView *self);
void       kefu_chart_view_set_chart      (KefuChartView *self,
                                           KefuChart     *chart);
/* The keyboard's mark (index in kefu_chart_get_mark order), -1 none. */
int        kefu_chart_view_get_focus_mark (KefuChartView *self);
void       kefu_chart_view_set_focus_mark (KefuChartView *self,
                                           int            mark);
/* What the tooltip says with the pointer at (@x, @y), NULL for nothing. */
char      *kefu_chart_view_get_tooltip_at (KefuChartView *self,
                                           double         x,
                                           double         y);

G_END_DECLS
