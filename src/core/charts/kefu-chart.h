/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart.h — charts drawn with Cairo, text with PangoCairo, no GTK
 *
 * A KefuChart holds the data of one chart (categories, series, rows,
 * bullets, spans) and draws it into any cairo_t: a widget's snapshot, an
 * image, SVG or PDF surface. Each render keeps its geometry (plot area,
 * marks, label boxes), so what is under the pointer, the keyboard order
 * of the marks and the tooltip text all come from what was drawn.
 *
 * Values are plain doubles; the format says how to show them: counts,
 * rates (fractions 0–1 shown as percentages), durations in minutes,
 * scores. NaN is a missing value (drawn as a gap, skipped in sums).
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define KEFU_CHART_ERROR (kefu_chart_error_quark ())

typedef enum {
  KEFU_CHART_ERROR_FORMAT,   /* the file name does not end in .png, .svg or .pdf */
  KEFU_CHART_ERROR_WRITE,    /* the file cannot be written */
} KefuChartError;

typedef enum {
  KEFU_CHART_LINE,          /* trend: one line per series over the categories (e.g. this year and last year) */
  KEFU_CHART_STACKED_BARS,  /* one bar per category, stacked by series (by kind/channel per month) */
  KEFU_CHART_DONUT,         /* share: one slice per category, series 0 holds the values */
  KEFU_CHART_HISTOGRAM,     /* bins as categories, series 0 the counts, optional target line at a bin boundary value */
  KEFU_CHART_HEATMAP,       /* rows × categories; series i holds row i's values */
  KEFU_CHART_BULLET,        /* KPI vs target: one bullet per item added with kefu_chart_add_bullet */
  KEFU_CHART_SPARKLINES,    /* per-agent comparison: one row per series: name, a sparkline over the categories, last value */
  KEFU_CHART_RADAR,         /* categories are the axes, one polygon per series, values 0..max (set_value_range) */
  KEFU_CHART_GANTT,         /* rows with spans added by kefu_chart_add_span (start/end as unix seconds) */
} KefuChartKind;

typedef enum {
  KEFU_CHART_FORMAT_COUNT,
  KEFU_CHART_FORMAT_PERCENT,   /* values are fractions 0–1 */
  KEFU_CHART_FORMAT_MINUTES,
  KEFU_CHART_FORMAT_SCORE,
} KefuChartFormat;

/* What is under a point of the last render: a bar, slice, cell, point,
 * bullet or span. -1 where it does not apply (a donut slice has no row;
 * a bullet is category i of series -1; a span is series = its index in
 * the order added, row = its row). */
typedef struct {
  int series;
  int category;
  int row;
} KefuChartHit;

#define KEFU_TYPE_CHART (kefu_chart_get_type ())
G_DECLARE_FINAL_TYPE (KefuChart, kefu_chart, KEFU, CHART, GObject)

GQuark     kefu_chart_error_quark     (void);

KefuChart *kefu_chart_new             (KefuChartKind         kind,
                                       const char           *title);
KefuChartKind kefu_chart_get_kind     (KefuChart            *self);
const char *kefu_chart_get_title      (KefuChart            *self);
void       kefu_chart_set_title       (KefuChart            *self,
                                       const char           *title);

/* Data. Each setter emits "changed" (a widget redraws on it). */
void       kefu_chart_set_categories  (KefuChart            *self,
                                       const char * const   *labels);   /* NULL-terminated */
guint      kefu_chart_add_series      (KefuChart            *self,
                                       const char           *name,
                                       const double         *values,
                                       guint                 n_values);  /* returns the series index */
void       kefu_chart_set_rows        (KefuChart            *self,
                                       const char * const   *labels);   /* heatmap / gantt rows */
void       kefu_chart_set_format      (KefuChart            *self,
                                       KefuChartFormat       format);
/* A line chart's horizontal target line at @value; a histogram's
 * vertical line at the bin boundary value @value (see set_bin_edges).
 * @label is shown as given (write the value into it if it should show,
 * "目标 15 分钟"); NULL shows "Target <value>". NaN removes the line. */
void       kefu_chart_set_target      (KefuChart            *self,
                                       double                value,
                                       const char           *label);
/* A histogram's bin boundaries: n_categories + 1 increasing values, so
 * that a target such as 15 (minutes) falls at its place. Without them
 * the first number of each category label is taken as the bin's lower
 * boundary ("0–5", "5–10", "≥60"), and failing that @value counts bins. */
void       kefu_chart_set_bin_edges   (KefuChart            *self,
                                       const double         *edges,
                                       guint                 n_edges);
void       kefu_chart_set_value_range (KefuChart            *self,
                                       double                min,
                                       double                max);     /* radar; optional elsewhere */
void       kefu_chart_add_bullet      (KefuChart            *self,
                                       const char           *label,
                                       double                value,
                                       double                target,
                                       double                previous,  /* NaN: no previous period */
                                       double                max,
                                       gboolean              higher_is_better);
void       kefu_chart_set_bullet_format (KefuChart          *self,
                                       guint                 index,
                                       KefuChartFormat       format);  /* bullets mix rates and scores */
void       kefu_chart_add_span        (KefuChart            *self,
                                       guint                 row,
                                       const char           *label,
                                       gint64                start,
                                       gint64                end);
void       kefu_chart_clear           (KefuChart            *self);    /* drops all data, keeps kind, title, format */

/* Gantt editing (kefu-chart-gantt.c). A span's index is its order of
 * kefu_chart_add_span() (KefuChartHit.series of its mark). With a value
 * range set (kefu_chart_set_value_range, unix seconds) the time axis stays
 * put while spans move. */
typedef enum {
  KEFU_CHART_SPAN_NONE,
  KEFU_CHART_SPAN_BODY,     /* the bar: dragging it moves the span */
  KEFU_CHART_SPAN_END,      /* its right end (the last few pixels): dragging stretches it */
} KefuChartSpanPart;

gboolean   kefu_chart_get_span        (KefuChart            *self,
                                       guint                 index,
                                       guint                *row,
                                       gint64               *start,
                                       gint64               *end);
void       kefu_chart_set_span        (KefuChart            *self,
                                       guint                 index,
                                       gint64                start,
                                       gint64                end);
KefuChartSpanPart kefu_chart_span_at  (KefuChart            *self,
                                       double                x,
                                       double                y,
                                       guint                *index);   /* after a render */
double     kefu_chart_seconds_per_pixel (KefuChart          *self);    /* gantt's time axis, after a render; 0 before */

/* Look. */
void       kefu_chart_set_dark        (KefuChart            *self,
                                       gboolean              dark);     /* colours for dark style */
gboolean   kefu_chart_get_dark        (KefuChart            *self);
void       kefu_chart_set_highlight   (KefuChart            *self,
                                       int                   mark);     /* index in keyboard order, -1 none */

/* Draws into @cr at (0, 0)–(width, height), without a background. */
void       kefu_chart_render          (KefuChart            *self,
                                       cairo_t              *cr,
                                       double                width,
                                       double                height);

/* Questions about the last render. */
gboolean   kefu_chart_hit             (KefuChart            *self,
                                       double                x,
                                       double                y,
                                       KefuChartHit         *hit);
char      *kefu_chart_describe_hit    (KefuChart            *self,
                                       const KefuChartHit   *hit);     /* tooltip text with the exact value */
char      *kefu_chart_describe        (KefuChart            *self);    /* the whole chart's data, for screen readers */
guint      kefu_chart_get_n_marks     (KefuChart            *self);    /* marks in keyboard order */
gboolean   kefu_chart_get_mark        (KefuChart            *self,
                                       guint                 index,
                                       KefuChartHit         *hit,
                                       double               *x,
                                       double               *y,
                                       double               *w,
                                       double               *h);
int        kefu_chart_find_mark       (KefuChart            *self,
                                       const KefuChartHit   *hit);     /* its index, or -1 */

/* Writes the chart, with a background, by the file's extension: .png,
 * .svg or .pdf (one page). The file appears complete or not at all. */
gboolean   kefu_chart_export          (KefuChart            *self,
                                       const char           *path,
                                       int                   width,
                                       int                   height,
                                       GError              **error);

/* Formats @value as the chart shows it ("87.5%", "1 h 05 min", "1,234"). */
char      *kefu_chart_format_value    (KefuChartFormat       format,
                                       double                value);

/* Axis ticks on 1-2-5 steps: at most @max_ticks (≥ 2) ticks from
 * *nice_min to *nice_max by *step, covering [min, max]. Returns the
 * number of ticks. */
guint      kefu_chart_nice_ticks      (double                min,
                                       double                max,
                                       guint                 max_ticks,
                                       double               *nice_min,
                                       double               *nice_max,
                                       double               *step);

G_END_DECLS
