/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-private.h — a chart's geometry and the plain layout functions
 *
 * kefu_chart_render() first lays the chart out (kefu-chart.c computes
 * every rectangle, slice and text box into a KefuChartGeometry) and then
 * draws what it laid out. The geometry stays until the next render, so
 * the pointer, the keyboard and the tests read the same boxes that were
 * drawn. The functions here take measured sizes, not a cairo_t, so tests
 * call them directly.
 */
#pragma once

#include "kefu-chart.h"

G_BEGIN_DECLS

typedef struct {
  double x, y, width, height;
} KefuChartRect;

typedef enum {
  KEFU_CHART_MARK_RECT,    /* bars, cells, bullets, spans */
  KEFU_CHART_MARK_SLICE,   /* donut slices */
  KEFU_CHART_MARK_POINT,   /* line, sparkline and radar points */
} KefuChartMarkShape;

typedef struct {
  KefuChartHit       hit;
  KefuChartMarkShape shape;
  KefuChartRect      box;      /* the mark itself (focus ring, get_mark) */
  KefuChartRect      area;     /* where the pointer finds it: a point's column, a bullet's row */
  double             cx, cy;   /* centre: a point, a slice's middle */
  double             r0, r1;   /* slices: inner and outer radius around (ox, oy) */
  double             a0, a1;   /* slices: angles, clockwise from 3 o'clock, a0 < a1 */
  double             ox, oy;   /* slices: the donut's centre */
  double             value;
} KefuChartMark;

typedef enum {
  KEFU_CHART_TEXT_TITLE,
  KEFU_CHART_TEXT_LEGEND,
  KEFU_CHART_TEXT_TICK,       /* value axis */
  KEFU_CHART_TEXT_CATEGORY,   /* category axis, radar axes, time axis */
  KEFU_CHART_TEXT_ROW,        /* heat map, bullet, sparkline and Gantt row names */
  KEFU_CHART_TEXT_VALUE,      /* numbers on or next to marks */
  KEFU_CHART_TEXT_NOTE,       /* target line label, totals, captions */
} KefuChartTextRole;

typedef struct {
  char             *text;
  KefuChartTextRole role;
  double            x, y;          /* the text's top-left corner before rotation */
  double            width, height; /* its box in its own frame (narrower than the text: ellipsized) */
  double            angle;         /* radians, 0 = level */
  KefuChartRect     box;           /* axis-aligned bounds on the page */
  double            size;          /* font size in px */
  gboolean          bold;
  int               ink;           /* -1 the role's colour; over a mark: 0 dark, 1 white */
  int               align;         /* -1 left, 0 centre, 1 right (within width) */
} KefuChartText;

typedef struct {
  double         width, height;
  KefuChartRect  plot;            /* the data area: axes' inner box, donut square, heat grid */
  double         v_min, v_max;    /* value scale */
  double         tick_step;
  guint          n_ticks;
  double         slot;            /* category spacing along x (or around the radar) */
  double         target_pos;      /* x or y of the target line, NaN if none */
  int            label_step;      /* 1 = every category label shown */
  gboolean       labels_rotated;
  GArray        *marks;           /* KefuChartMark, in keyboard order */
  GArray        *texts;           /* KefuChartText */
  GArray        *swatches;        /* KefuChartRect of legend swatches, in legend order */
  GArray        *time_ticks;      /* gint64: Gantt time axis */
} KefuChartGeometry;

const KefuChartGeometry *kefu_chart_get_geometry (KefuChart *self);

/* Category labels along a horizontal axis. @centres, @widths, @heights:
 * each label's centre on the axis and its one-line size. @slot: the
 * distance between neighbouring centres. @bounds: where labels may go
 * (x range of the chart, y from the axis down to the most height they
 * may take). Labels are placed level if they fit, else rotated 45° if
 * that shows more of them, thinned out (every step-th) until none
 * overlap, and ellipsized to stay inside @bounds. Fills @out (n entries;
 * text and style fields untouched, role CATEGORY) and returns the step.
 * *rotated says which; *used_height how far below bounds->y they reach. */
int  kefu_chart_layout_axis_labels (const double        *centres,
                                    const double        *widths,
                                    const double        *heights,
                                    guint                n,
                                    double               slot,
                                    const KefuChartRect *bounds,
                                    KefuChartText       *out,
                                    gboolean            *shown,
                                    gboolean            *rotated,
                                    double              *used_height);

/* Whether two placed texts overlap (same angle or level: exact; else by
 * their axis-aligned bounds). */
gboolean kefu_chart_texts_overlap (const KefuChartText *a,
                                   const KefuChartText *b);

/* Compact axis text: "20%", "2 h", "30 min", "1.5k"… */
char *kefu_chart_format_tick (KefuChartFormat format,
                              double          value,
                              double          step);

/* Series @index's colour (0–1 sRGB) in light or dark style, and its
 * pattern: 0 for the first eight, then 1, 2… (hatched fills, dashed lines). */
void kefu_chart_series_colour (gboolean  dark,
                               guint     index,
                               double    rgb[3],
                               guint    *pattern);

G_END_DECLS
