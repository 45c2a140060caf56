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

#include <pango/pangocairo.h>

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

/* ---- inside charts/ --------------------------------------------------------
 *
 * What the files of this folder share: the chart object's fields, the
 * palette, the layout context and the helpers each chart family's file
 * (kefu-chart-<family>.c) lays out and draws with. Not for the rest of
 * Kefu: use kefu-chart.h. */

#define PAD          14.0
#define FONT_SIZE    12.0
#define TITLE_SIZE   15.0
#define SMALL_SIZE   11.0
#define FONT_FAMILY  "Sans"

typedef struct {
  char   *name;
  GArray *values;   /* double */
} Series;

typedef struct {
  char           *label;
  double          value, target, previous, max;
  gboolean        higher_is_better;
  KefuChartFormat format;
} Bullet;

typedef struct {
  guint  row;
  char  *label;
  gint64 start, end;
} Span;

struct _KefuChart
{
  GObject           parent_instance;

  KefuChartKind     kind;
  char             *title;
  GPtrArray        *categories;   /* char * */
  GPtrArray        *rows;         /* char * */
  GPtrArray        *series;       /* Series * */
  GPtrArray        *bullets;      /* Bullet * */
  GPtrArray        *spans;        /* Span * */
  GArray           *edges;        /* double: histogram bin boundaries */
  KefuChartFormat   format;
  gboolean          has_target;
  double            target;
  char             *target_label;
  gboolean          has_range;
  double            range_min, range_max;
  gboolean          dark;
  int               highlight;

  KefuChartGeometry geo;
};

typedef struct {
  double r, g, b;
} Rgb;

#define HEX(h) { ((h) >> 16 & 0xff) / 255.0, ((h) >> 8 & 0xff) / 255.0, ((h) & 0xff) / 255.0 }
#define N_SERIES_COLOURS 8

typedef struct {
  Rgb bg, fg, muted, grid, axis, track, band, focus, good, bad, ink_dark, ink_light;
  Rgb series[N_SERIES_COLOURS];
  Rgb heat[3];
} Palette;

typedef struct {
  KefuChart         *self;
  cairo_t           *cr;
  const Palette     *pal;
  KefuChartGeometry *geo;
  PangoContext      *pango;    /* for measuring */
  double            *cat_w;    /* category label sizes, measured once */
  double            *cat_h;
  double             top;      /* below the title and legend */
} Ctx;

/* kefu-chart.c: the data, read by every family; NaN past the end of a
 * series */
guint       kefu_chart_n_categories   (KefuChart *self);
const char *kefu_chart_category_name  (KefuChart *self,
                                       guint      i);
guint       kefu_chart_n_rows         (KefuChart *self);
const char *kefu_chart_row_name       (KefuChart *self,
                                       guint      i);
double      kefu_chart_value_at       (KefuChart *self,
                                       guint      series,
                                       guint      category);
const char *kefu_chart_series_name    (KefuChart *self,
                                       guint      i);
double      kefu_chart_category_total (KefuChart *self,
                                       guint      category);
gboolean    kefu_chart_has_data       (KefuChart *self);

/* kefu-chart-palette.c: colours; kefu_chart_series_rgb wraps after eight,
 * kefu_chart_fill_series and kefu_chart_series_dash add the pattern from
 * the ninth series on */
const Palette *kefu_chart_palette     (KefuChart     *self);
void           kefu_chart_set_rgb     (cairo_t       *cr,
                                       const Rgb     *c);
void           kefu_chart_set_rgba    (cairo_t       *cr,
                                       const Rgb     *c,
                                       double         alpha);
double         kefu_chart_luminance   (const Rgb     *c);
Rgb            kefu_chart_heat_colour (const Palette *pal,
                                       double         t);
const Rgb     *kefu_chart_series_rgb  (const Palette *pal,
                                       guint          index);
void           kefu_chart_fill_series (cairo_t       *cr,
                                       const Palette *pal,
                                       guint          index);
void           kefu_chart_series_dash (cairo_t       *cr,
                                       guint          index);

/* kefu-chart-canvas.c: text (measured with unhinted metrics, placed into
 * the geometry and drawn from it), marks in keyboard order, shapes */
PangoContext  *kefu_chart_pango_context  (cairo_t             *cr);
void           kefu_chart_measure        (Ctx                 *c,
                                          const char          *text,
                                          double               size,
                                          gboolean             bold,
                                          double              *width,
                                          double              *height);
KefuChartText *kefu_chart_add_text       (Ctx                 *c,
                                          KefuChartTextRole    role,
                                          const char          *text,
                                          double               x,
                                          double               y,
                                          int                  align,
                                          double               max_width,
                                          double               size,
                                          gboolean             bold);
double         kefu_chart_line_height    (Ctx                 *c,
                                          double               size);
KefuChartMark *kefu_chart_add_mark       (Ctx                 *c,
                                          KefuChartMarkShape   shape,
                                          int                  series,
                                          int                  category,
                                          int                  row,
                                          double               value);
KefuChartMark *kefu_chart_add_rect_mark  (Ctx                 *c,
                                          int                  series,
                                          int                  category,
                                          int                  row,
                                          double               value,
                                          double               x,
                                          double               y,
                                          double               w,
                                          double               h);
KefuChartMark *kefu_chart_add_point_mark (Ctx                 *c,
                                          int                  series,
                                          int                  category,
                                          int                  row,
                                          double               value,
                                          double               x,
                                          double               y,
                                          const KefuChartRect *area);
void           kefu_chart_draw_texts     (KefuChart           *self,
                                          cairo_t             *cr);
void           kefu_chart_rounded_rect   (cairo_t             *cr,
                                          double               x,
                                          double               y,
                                          double               w,
                                          double               h,
                                          double               r);
void           kefu_chart_slice_path     (cairo_t             *cr,
                                          const KefuChartMark *m,
                                          double               grow);
void           kefu_chart_draw_highlight (KefuChart           *self,
                                          cairo_t             *cr);

/* kefu-chart-legend.c: the title, then for kinds with series a legend that
 * wraps; sets c->top */
void kefu_chart_layout_header (Ctx       *c,
                               gboolean   legend);
void kefu_chart_draw_swatches (KefuChart *self,
                               cairo_t   *cr);

/* kefu-chart-axes.c: the value axis and category labels of the charts with
 * axes */
void   kefu_chart_value_extent           (KefuChart               *self,
                                          double                  *lo,
                                          double                  *hi);
double kefu_chart_scale_y                (const KefuChartGeometry *geo,
                                          double                   v);
double kefu_chart_layout_category_labels (Ctx                     *c,
                                          const double            *centres,
                                          guint                    n,
                                          double                   slot,
                                          double                   y,
                                          gboolean                 place);
void   kefu_chart_layout_value_ticks     (Ctx                     *c,
                                          double                   right);
void   kefu_chart_draw_value_grid        (KefuChart               *self,
                                          cairo_t                 *cr);

/* A chart family: how its kinds are laid out and drawn, one file each
 * (kefu-chart-cartesian.c has three kinds, the other files one).
 * kefu_chart_render() takes the family of the chart's kind from a table
 * in kefu-chart.c, lays out and draws: a new kind is a new file with its
 * KefuChartFamily and one line in that table. */
typedef struct {
  /* Fills c->geo: texts, marks, swatches, the plot area and the scale. */
  void     (*layout)   (Ctx       *c);
  /* Paints the marks (and the grid, ticks, rings…) from self->geo; the
   * texts, legend swatches and focus ring are drawn after it. */
  void     (*draw)     (KefuChart *self,
                        cairo_t   *cr);
  /* Whether there is anything to draw; NULL: at least one series over
   * at least one category. */
  gboolean (*has_data) (KefuChart *self);
  /* TRUE when draw paints the legend swatches itself (the heat map's
   * colour ramp). */
  gboolean   own_swatches;
} KefuChartFamily;

extern const KefuChartFamily kefu_chart_line_family;
extern const KefuChartFamily kefu_chart_stacked_bars_family;
extern const KefuChartFamily kefu_chart_histogram_family;
extern const KefuChartFamily kefu_chart_donut_family;
extern const KefuChartFamily kefu_chart_heatmap_family;
extern const KefuChartFamily kefu_chart_bullet_family;
extern const KefuChartFamily kefu_chart_sparklines_family;
extern const KefuChartFamily kefu_chart_radar_family;
extern const KefuChartFamily kefu_chart_gantt_family;

/* kefu-chart-bullet.c: also read by kefu-chart-a11y.c */
char     *kefu_chart_bullet_change      (const Bullet *b);
gboolean  kefu_chart_bullet_meets_target (const Bullet *b);

/* kefu-chart-gantt.c: also read by kefu-chart-a11y.c */
char *kefu_chart_format_local (gint64      t,
                               const char *format);

G_END_DECLS
