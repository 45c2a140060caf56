/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart.c — a chart's data, layout, drawing, questions and export
 * (see kefu-chart.h)
 *
 * Rendering is two passes: layout_*() computes every box into
 * self->geo (kefu-chart-private.h), then draw_*() paints from it. Text is
 * measured and drawn with PangoLayout in the "Sans" family, with the
 * language zh-cn (kefu-text.h), so Chinese is set in Noto Sans CJK SC (or
 * WenQuanYi) whatever the locale.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "kefu-chart-private.h"
#include "kefu-safe-file.h"
#include "kefu-text.h"

G_DEFINE_QUARK (kefu-chart-error-quark, kefu_chart_error)

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

G_DEFINE_FINAL_TYPE (KefuChart, kefu_chart, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- colours ---------------------------------------------------------- */

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

/* Okabe & Ito's colours, distinguishable with every common colour-vision
 * deficiency; in dark style the same hues, lighter. Their eighth, black,
 * is a dark grey here (white in dark style): a middle grey came too close
 * to the reddish purple for deuteranopes. Series beyond the eighth repeat
 * the colours with a hatching (fill_series) or a dash (series_dash), so no
 * two series of a chart look alike; test-chart checks the distances. */
static const Palette light_palette = {
  .bg = HEX (0xffffff), .fg = HEX (0x1f2328), .muted = HEX (0x5e6670),
  .grid = HEX (0xe3e6ea), .axis = HEX (0x9aa1a9), .track = HEX (0xe8ebee), .band = HEX (0xd0d5db),
  .focus = HEX (0x1c71d8), .good = HEX (0x0072b2), .bad = HEX (0xd55e00),
  .ink_dark = HEX (0x1a1a1a), .ink_light = HEX (0xffffff),
  .series = { HEX (0x0072b2), HEX (0xe69f00), HEX (0x009e73), HEX (0xcc79a7),
              HEX (0x56b4e9), HEX (0xd55e00), HEX (0xf0e442), HEX (0x333333) },
  .heat = { HEX (0xeef4fa), HEX (0x6baed6), HEX (0x08427f) },
};

static const Palette dark_palette = {
  .bg = HEX (0x242424), .fg = HEX (0xeeeeee), .muted = HEX (0xa9adb3),
  .grid = HEX (0x3a3c3f), .axis = HEX (0x6c7075), .track = HEX (0x3a3c3f), .band = HEX (0x55595e),
  .focus = HEX (0x78aeed), .good = HEX (0x4ea6e6), .bad = HEX (0xf0803c),
  .ink_dark = HEX (0x1a1a1a), .ink_light = HEX (0xffffff),
  .series = { HEX (0x4ea6e6), HEX (0xf0b030), HEX (0x22c08f), HEX (0xe08fc0),
              HEX (0x9fd8f7), HEX (0xf0803c), HEX (0xf0e442), HEX (0xdddddd) },
  .heat = { HEX (0x2b3540), HEX (0x3f86c0), HEX (0xa8dcff) },
};

static const Palette *
palette (KefuChart *self)
{
  return self->dark ? &dark_palette : &light_palette;
}

static void
set_rgb (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static void
set_rgba (cairo_t   *cr,
          const Rgb *c,
          double     alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, alpha);
}

static double
luminance (const Rgb *c)
{
  return 0.2126 * c->r + 0.7152 * c->g + 0.0722 * c->b;
}

static Rgb
heat_colour (const Palette *pal,
             double         t)
{
  const Rgb *a, *b;
  double u;

  t = CLAMP (t, 0, 1);
  if (t < 0.5)
    a = &pal->heat[0], b = &pal->heat[1], u = t * 2;
  else
    a = &pal->heat[1], b = &pal->heat[2], u = (t - 0.5) * 2;
  return (Rgb) { a->r + (b->r - a->r) * u, a->g + (b->g - a->g) * u, a->b + (b->b - a->b) * u };
}

/* The colour of series (or slice, row) @index: the palette wraps after
 * eight, the pattern says how often (0: plain, 1: "/", 2: "\\", 3: both…). */
static const Rgb *
series_colour (const Palette *pal,
               guint          index)
{
  return &pal->series[index % N_SERIES_COLOURS];
}

void
kefu_chart_series_colour (gboolean  dark,
                          guint     index,
                          double    rgb[3],
                          guint    *pattern)
{
  const Rgb *c = series_colour (dark ? &dark_palette : &light_palette, index);

  rgb[0] = c->r;
  rgb[1] = c->g;
  rgb[2] = c->b;
  if (pattern != NULL)
    *pattern = index / N_SERIES_COLOURS;
}

/* Fills the current path (and keeps it) in series @index's colour, with
 * its hatching from the ninth series on. */
static void
fill_series (cairo_t       *cr,
             const Palette *pal,
             guint          index)
{
  guint pattern = index / N_SERIES_COLOURS;
  double x1, y1, x2, y2, h;
  cairo_path_t *path;

  set_rgb (cr, series_colour (pal, index));
  cairo_fill_preserve (cr);
  if (pattern == 0)
    return;
  path = cairo_copy_path (cr);
  cairo_save (cr);
  cairo_clip (cr);
  cairo_clip_extents (cr, &x1, &y1, &x2, &y2);
  h = y2 - y1;
  set_rgba (cr, &pal->bg, 0.9);
  cairo_set_line_width (cr, 1.5);
  for (double t = -h; t < x2 - x1 + h; t += 5)
    {
      if (pattern % 3 != 2)   /* "/" */
        {
          cairo_move_to (cr, x1 + t, y2);
          cairo_line_to (cr, x1 + t + h, y1);
        }
      if (pattern % 3 != 1)   /* "\" */
        {
          cairo_move_to (cr, x1 + t, y1);
          cairo_line_to (cr, x1 + t + h, y2);
        }
    }
  cairo_stroke (cr);
  cairo_restore (cr);
  cairo_new_path (cr);
  cairo_append_path (cr, path);
  cairo_path_destroy (path);
}

/* A line's dash from the ninth series on (none before). */
static void
series_dash (cairo_t *cr,
             guint    index)
{
  static const double dashes[][2] = { { 6, 3 }, { 2, 3 }, { 10, 4 } };
  guint pattern = index / N_SERIES_COLOURS;

  if (pattern == 0)
    cairo_set_dash (cr, NULL, 0, 0);
  else
    cairo_set_dash (cr, dashes[(pattern - 1) % G_N_ELEMENTS (dashes)], 2, 0);
}

/* ---- data --------------------------------------------------------------- */

static void
series_free (gpointer data)
{
  Series *s = data;

  g_free (s->name);
  g_array_unref (s->values);
  g_free (s);
}

static void
bullet_free (gpointer data)
{
  Bullet *b = data;

  g_free (b->label);
  g_free (b);
}

static void
span_free (gpointer data)
{
  Span *s = data;

  g_free (s->label);
  g_free (s);
}

static void
text_clear (gpointer data)
{
  KefuChartText *t = data;

  g_free (t->text);
}

static void
changed (KefuChart *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static guint
n_categories (KefuChart *self)
{
  guint n = self->categories->len;

  for (guint i = 0; i < self->series->len; i++)
    n = MAX (n, ((Series *) self->series->pdata[i])->values->len);
  return n;
}

static const char *
category_name (KefuChart *self,
               guint      i)
{
  return i < self->categories->len ? self->categories->pdata[i] : "";
}

static guint
n_rows (KefuChart *self)
{
  guint n = self->rows->len;

  if (self->kind == KEFU_CHART_HEATMAP)
    n = MAX (n, self->series->len);
  for (guint i = 0; i < self->spans->len; i++)
    n = MAX (n, ((Span *) self->spans->pdata[i])->row + 1);
  return n;
}

static const char *
row_name (KefuChart *self,
          guint      i)
{
  if (i < self->rows->len)
    return self->rows->pdata[i];
  if (self->kind == KEFU_CHART_HEATMAP && i < self->series->len)
    return ((Series *) self->series->pdata[i])->name;
  return "";
}

static double
value_at (KefuChart *self,
          guint      series,
          guint      category)
{
  Series *s;

  if (series >= self->series->len)
    return NAN;
  s = self->series->pdata[series];
  if (category >= s->values->len)
    return NAN;
  return g_array_index (s->values, double, category);
}

static const char *
series_name (KefuChart *self,
             guint      i)
{
  return i < self->series->len ? ((Series *) self->series->pdata[i])->name : "";
}

static double
category_total (KefuChart *self,
                guint      category)
{
  double total = 0;

  for (guint s = 0; s < self->series->len; s++)
    {
      double v = value_at (self, s, category);
      if (isfinite (v) && v > 0)
        total += v;
    }
  return total;
}

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **ptr,
         const char  *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

/* ---- the object --------------------------------------------------------- */

static void
geometry_clear (KefuChartGeometry *geo)
{
  g_array_set_size (geo->marks, 0);
  g_array_set_size (geo->texts, 0);
  g_array_set_size (geo->swatches, 0);
  g_array_set_size (geo->time_ticks, 0);
  geo->plot = (KefuChartRect) { 0, 0, 0, 0 };
  geo->v_min = 0;
  geo->v_max = 1;
  geo->tick_step = 1;
  geo->n_ticks = 0;
  geo->slot = 0;
  geo->target_pos = NAN;
  geo->label_step = 1;
  geo->labels_rotated = FALSE;
}

static void
kefu_chart_finalize (GObject *object)
{
  KefuChart *self = KEFU_CHART (object);

  g_free (self->title);
  g_free (self->target_label);
  g_ptr_array_unref (self->categories);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->series);
  g_ptr_array_unref (self->bullets);
  g_ptr_array_unref (self->spans);
  g_array_unref (self->edges);
  g_array_unref (self->geo.marks);
  g_array_unref (self->geo.texts);
  g_array_unref (self->geo.swatches);
  g_array_unref (self->geo.time_ticks);

  G_OBJECT_CLASS (kefu_chart_parent_class)->finalize (object);
}

static void
kefu_chart_class_init (KefuChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kefu_chart_finalize;

  /* Emitted when the data or the look change: views redraw. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kefu_chart_init (KefuChart *self)
{
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_ptr_array_new_with_free_func (g_free);
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->bullets = g_ptr_array_new_with_free_func (bullet_free);
  self->spans = g_ptr_array_new_with_free_func (span_free);
  self->edges = g_array_new (FALSE, FALSE, sizeof (double));
  self->highlight = -1;
  self->geo.marks = g_array_new (FALSE, TRUE, sizeof (KefuChartMark));
  self->geo.texts = g_array_new (FALSE, TRUE, sizeof (KefuChartText));
  g_array_set_clear_func (self->geo.texts, text_clear);
  self->geo.swatches = g_array_new (FALSE, TRUE, sizeof (KefuChartRect));
  self->geo.time_ticks = g_array_new (FALSE, TRUE, sizeof (gint64));
  geometry_clear (&self->geo);
}

KefuChart *
kefu_chart_new (KefuChartKind  kind,
                const char    *title)
{
  KefuChart *self = g_object_new (KEFU_TYPE_CHART, NULL);

  self->kind = kind;
  self->title = g_strdup (title);
  return self;
}

KefuChartKind
kefu_chart_get_kind (KefuChart *self)
{
  g_return_val_if_fail (KEFU_IS_CHART (self), KEFU_CHART_LINE);
  return self->kind;
}

const char *
kefu_chart_get_title (KefuChart *self)
{
  g_return_val_if_fail (KEFU_IS_CHART (self), NULL);
  return self->title;
}

void
kefu_chart_set_title (KefuChart  *self,
                      const char *title)
{
  g_return_if_fail (KEFU_IS_CHART (self));
  if (set_str (&self->title, title))
    changed (self);
}

static void
set_strv (GPtrArray          *array,
          const char * const *labels)
{
  g_ptr_array_set_size (array, 0);
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    g_ptr_array_add (array, g_strdup (labels[i]));
}

void
kefu_chart_set_categories (KefuChart          *self,
                           const char * const *labels)
{
  g_return_if_fail (KEFU_IS_CHART (self));
  set_strv (self->categories, labels);
  changed (self);
}

guint
kefu_chart_add_series (KefuChart    *self,
                       const char   *name,
                       const double *values,
                       guint         n_values)
{
  Series *s;

  g_return_val_if_fail (KEFU_IS_CHART (self), 0);
  g_return_val_if_fail (values != NULL || n_values == 0, 0);

  s = g_new0 (Series, 1);
  s->name = g_strdup (name != NULL ? name : "");
  s->values = g_array_sized_new (FALSE, FALSE, sizeof (double), n_values);
  g_array_append_vals (s->values, values, n_values);
  g_ptr_array_add (self->series, s);
  changed (self);
  return self->series->len - 1;
}

void
kefu_chart_set_rows (KefuChart          *self,
                     const char * const *labels)
{
  g_return_if_fail (KEFU_IS_CHART (self));
  set_strv (self->rows, labels);
  changed (self);
}

void
kefu_chart_set_format (KefuChart       *self,
                       KefuChartFormat  format)
{
  g_return_if_fail (KEFU_IS_CHART (self));
  self->format = format;
  changed (self);
}

void
kefu_chart_set_target (KefuChart  *self,
                       double      value,
                       const char *label)
{
  g_return_if_fail (KEFU_IS_CHART (self));
  self->has_target = isfinite (value);
  self->target = value;
  set_str (&self->target_label, label);
  changed (self);
}

void
kefu_chart_set_bin_edges (KefuChart    *self,
                          const double *edges,
                          guint         n_edges)
{
  g_return_if_fail (KEFU_IS_CHART (self));
  g_array_set_size (self->edges, 0);
  g_array_append_vals (self->edges, edges, n_edges);
  changed (self);
}

void
kefu_chart_set_value_range (KefuChart *self,
                            double     min,
                            double     max)
{
  g_return_if_fail (KEFU_IS_CHART (self));
  self->has_range = isfinite (min) && isfinite (max) && max > min;
  self->range_min = min;
  self->range_max = max;
  changed (self);
}

void
kefu_chart_add_bullet (KefuChart  *self,
                       const char *label,
                       double      value,
                       double      target,
                       double      previous,
                       double      max,
                       gboolean    higher_is_better)
{
  Bullet *b;

  g_return_if_fail (KEFU_IS_CHART (self));
  b = g_new0 (Bullet, 1);
  b->label = g_strdup (label != NULL ? label : "");
  b->value = value;
  b->target = target;
  b->previous = previous;
  b->max = max;
  b->higher_is_better = higher_is_better;
  b->format = self->format;
  g_ptr_array_add (self->bullets, b);
  changed (self);
}

void
kefu_chart_set_bullet_format (KefuChart       *self,
                              guint            index,
                              KefuChartFormat  format)
{
  g_return_if_fail (KEFU_IS_CHART (self));
  g_return_if_fail (index < self->bullets->len);
  ((Bullet *) self->bullets->pdata[index])->format = format;
  changed (self);
}

void
kefu_chart_add_span (KefuChart  *self,
                     guint       row,
                     const char *label,
                     gint64      start,
                     gint64      end)
{
  Span *s;

  g_return_if_fail (KEFU_IS_CHART (self));
  s = g_new0 (Span, 1);
  s->row = row;
  s->label = g_strdup (label != NULL ? label : "");
  s->start = MIN (start, end);
  s->end = MAX (start, end);
  g_ptr_array_add (self->spans, s);
  changed (self);
}

void
kefu_chart_clear (KefuChart *self)
{
  g_return_if_fail (KEFU_IS_CHART (self));
  g_ptr_array_set_size (self->categories, 0);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->series, 0);
  g_ptr_array_set_size (self->bullets, 0);
  g_ptr_array_set_size (self->spans, 0);
  g_array_set_size (self->edges, 0);
  self->has_target = FALSE;
  self->has_range = FALSE;
  self->highlight = -1;
  geometry_clear (&self->geo);
  changed (self);
}

void
kefu_chart_set_dark (KefuChart *self,
                     gboolean   dark)
{
  g_return_if_fail (KEFU_IS_CHART (self));
  dark = !!dark;
  if (self->dark == dark)
    return;
  self->dark = dark;
  changed (self);
}

gboolean
kefu_chart_get_dark (KefuChart *self)
{
  g_return_val_if_fail (KEFU_IS_CHART (self), FALSE);
  return self->dark;
}

void
kefu_chart_set_highlight (KefuChart *self,
                          int        mark)
{
  g_return_if_fail (KEFU_IS_CHART (self));
  self->highlight = mark;
}

const KefuChartGeometry *
kefu_chart_get_geometry (KefuChart *self)
{
  g_return_val_if_fail (KEFU_IS_CHART (self), NULL);
  return &self->geo;
}

/* ---- layout helpers ------------------------------------------------------ */

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

/* A Pango context for @cr, with unhinted metrics: the same sizes on
 * screen, PNG, SVG and PDF. */
static PangoContext *
make_context (cairo_t *cr)
{
  PangoContext *context = kefu_text_context_new (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  return context;
}

static PangoLayout *
make_layout (PangoContext *context,
             const char   *text,
             double        size,
             gboolean      bold)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
measure (Ctx        *c,
         const char *text,
         double      size,
         gboolean    bold,
         double     *width,
         double     *height)
{
  g_autoptr(PangoLayout) layout = make_layout (c->pango, text, size, bold);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

/* Places @text with its box's left (align -1), centre (0) or right (1)
 * at @x and its top at @y, no wider than @max_width (ellipsized). */
static KefuChartText *
add_text (Ctx               *c,
          KefuChartTextRole  role,
          const char        *text,
          double             x,
          double             y,
          int                align,
          double             max_width,
          double             size,
          gboolean           bold)
{
  KefuChartText t = { 0 };
  double w, h;

  measure (c, text, size, bold, &w, &h);
  if (max_width > 0 && w > max_width)
    w = max_width;
  t.text = g_strdup (text);
  t.role = role;
  t.size = size;
  t.bold = bold;
  t.ink = -1;
  t.align = align;
  t.width = w;
  t.height = h;
  t.x = align < 0 ? x : align == 0 ? x - w / 2 : x - w;
  t.y = y;
  t.box = (KefuChartRect) { t.x, t.y, w, h };
  g_array_append_val (c->geo->texts, t);
  return &g_array_index (c->geo->texts, KefuChartText, c->geo->texts->len - 1);
}

static double
line_height (Ctx   *c,
             double size)
{
  double h;

  measure (c, "Ag国", size, FALSE, NULL, &h);
  return h;
}

static KefuChartMark *
add_mark (Ctx                *c,
          KefuChartMarkShape  shape,
          int                 series,
          int                 category,
          int                 row,
          double              value)
{
  KefuChartMark m = { 0 };

  m.shape = shape;
  m.hit = (KefuChartHit) { series, category, row };
  m.value = value;
  g_array_append_val (c->geo->marks, m);
  return &g_array_index (c->geo->marks, KefuChartMark, c->geo->marks->len - 1);
}

static KefuChartMark *
add_rect_mark (Ctx   *c,
               int    series,
               int    category,
               int    row,
               double value,
               double x,
               double y,
               double w,
               double h)
{
  KefuChartMark *m = add_mark (c, KEFU_CHART_MARK_RECT, series, category, row, value);

  m->box = m->area = (KefuChartRect) { x, y, w, h };
  m->cx = x + w / 2;
  m->cy = y + h / 2;
  return m;
}

static KefuChartMark *
add_point_mark (Ctx   *c,
                int    series,
                int    category,
                int    row,
                double value,
                double x,
                double y,
                const KefuChartRect *area)
{
  KefuChartMark *m = add_mark (c, KEFU_CHART_MARK_POINT, series, category, row, value);

  m->cx = x;
  m->cy = y;
  m->box = (KefuChartRect) { x - 4, y - 4, 8, 8 };
  m->area = area != NULL ? *area : (KefuChartRect) { x - 12, y - 12, 24, 24 };
  return m;
}

/* The title, then (for kinds with series) a legend that wraps. */
static void
layout_header (Ctx      *c,
               gboolean  legend)
{
  KefuChart *self = c->self;
  double width = c->geo->width;
  double y = PAD;

  if (self->title != NULL && *self->title != '\0')
    {
      KefuChartText *t = add_text (c, KEFU_CHART_TEXT_TITLE, self->title, PAD, y, -1,
                                   width - 2 * PAD, TITLE_SIZE, TRUE);
      y += t->height + 8;
    }

  if (legend)
    {
      double lh = line_height (c, FONT_SIZE);
      double x = PAD;
      guint n = self->series->len + (self->has_target && self->kind == KEFU_CHART_LINE ? 1 : 0);
      gboolean any = FALSE;

      for (guint i = 0; i < n; i++)
        {
          const char *name = i < self->series->len
            ? series_name (self, i)
            : (self->target_label != NULL ? self->target_label : _("Target"));
          double w;
          KefuChartRect swatch;

          if (*name == '\0')
            continue;
          measure (c, name, FONT_SIZE, FALSE, &w, NULL);
          w = MIN (w, width - 2 * PAD - 18);
          if (x > PAD && x + 18 + w > width - PAD)
            {
              x = PAD;
              y += lh + 4;
            }
          swatch = (KefuChartRect) { x, y + (lh - 10) / 2, 12, 10 };
          g_array_append_val (c->geo->swatches, swatch);
          add_text (c, KEFU_CHART_TEXT_LEGEND, name, x + 18, y, -1, w, FONT_SIZE, FALSE);
          x += 18 + w + 18;
          any = TRUE;
        }
      if (any)
        y += lh + 8;
    }
  c->top = y;
}

/* The value scale of the cartesian kinds. */
static void
value_extent (KefuChart *self,
              double    *lo,
              double    *hi)
{
  double min = G_MAXDOUBLE, max = -G_MAXDOUBLE;
  guint n = n_categories (self);

  for (guint i = 0; i < n; i++)
    {
      if (self->kind == KEFU_CHART_STACKED_BARS)
        {
          min = 0;
          max = MAX (max, category_total (self, i));
          continue;
        }
      for (guint s = 0; s < self->series->len; s++)
        {
          double v = value_at (self, s, i);
          if (!isfinite (v))
            continue;
          min = MIN (min, v);
          max = MAX (max, v);
        }
    }
  if (self->has_target && self->kind == KEFU_CHART_LINE)
    {
      min = MIN (min, self->target);
      max = MAX (max, self->target);
    }
  if (max < min)
    min = 0, max = 1;
  if (self->kind != KEFU_CHART_LINE || min > 0)
    min = MIN (min, 0);
  if (self->kind == KEFU_CHART_STACKED_BARS || self->kind == KEFU_CHART_HISTOGRAM)
    max *= 1.06;   /* room for the totals above the bars */
  if (self->format == KEFU_CHART_FORMAT_PERCENT && max <= 1 && max > 0.8)
    max = 1;
  if (self->has_range)
    {
      min = self->range_min;
      max = self->range_max;
    }
  *lo = min;
  *hi = max;
}

static double
scale_y (const KefuChartGeometry *geo,
         double                   v)
{
  return geo->plot.y + geo->plot.height * (geo->v_max - v) / (geo->v_max - geo->v_min);
}

/* A histogram's bin boundaries: explicit, else the first number of each
 * label (a leading "<" means from 0). FALSE if neither gives n + 1
 * increasing values. */
static gboolean
bin_edges (KefuChart *self,
           guint      n,
           double    *edges)
{
  if (self->edges->len == n + 1)
    {
      memcpy (edges, self->edges->data, (n + 1) * sizeof (double));
      return TRUE;
    }
  if (n == 0 || self->categories->len < n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const char *label = self->categories->pdata[i];
      const char *p = label;

      while (*p != '\0' && !g_ascii_isdigit (*p))
        p++;
      if (*p == '\0')
        return FALSE;
      edges[i] = g_ascii_strtod (p, NULL);
      if (i == 0 && (g_str_has_prefix (label, "<") || g_str_has_prefix (label, "≤") || g_str_has_prefix (label, "＜")))
        edges[i] = 0;
      if (i > 0 && edges[i] <= edges[i - 1])
        return FALSE;
    }
  edges[n] = n >= 2 ? edges[n - 1] + (edges[n - 1] - edges[n - 2]) : edges[0] + 1;
  return TRUE;
}

/* Category labels below the plot; returns the height they take. With
 * @place FALSE only measures. */
static double
layout_category_labels (Ctx          *c,
                        const double *centres,
                        guint         n,
                        double        slot,
                        double        y,
                        gboolean      place)
{
  KefuChart *self = c->self;
  g_autofree gboolean *shown = g_new0 (gboolean, MAX (n, 1));
  g_autofree KefuChartText *out = g_new0 (KefuChartText, MAX (n, 1));
  KefuChartRect bounds = { PAD / 2, y, c->geo->width - PAD, MAX (c->geo->height * 0.3, 20) };
  double used = 0;
  gboolean rotated = FALSE;
  int step;

  if (c->cat_w == NULL)
    {
      c->cat_w = g_new0 (double, MAX (n, 1));
      c->cat_h = g_new0 (double, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        measure (c, category_name (self, i), FONT_SIZE, FALSE, &c->cat_w[i], &c->cat_h[i]);
    }
  step = kefu_chart_layout_axis_labels (centres, c->cat_w, c->cat_h, n, slot, &bounds, out, shown, &rotated, &used);
  if (!place)
    return used;

  c->geo->label_step = step;
  c->geo->labels_rotated = rotated;
  for (guint i = 0; i < n; i++)
    {
      if (!shown[i] || *category_name (self, i) == '\0')
        continue;
      out[i].text = g_strdup (category_name (self, i));
      g_array_append_val (c->geo->texts, out[i]);
    }
  return used;
}

static void
layout_value_ticks (Ctx   *c,
                    double right)
{
  KefuChartGeometry *geo = c->geo;

  for (guint i = 0; i < geo->n_ticks; i++)
    {
      double v = geo->v_min + i * geo->tick_step;
      g_autofree char *label = kefu_chart_format_tick (c->self->format, v, geo->tick_step);
      double lh = line_height (c, SMALL_SIZE);
      double y = scale_y (geo, v) - lh / 2;

      /* The lowest tick ends where the category labels begin (6 px
       * below the axis), so a rotated first label never touches it. */
      if (i == 0)
        y = MIN (y, geo->plot.y + geo->plot.height + 6 - lh);
      add_text (c, KEFU_CHART_TEXT_TICK, label, right, y, 1, 0, SMALL_SIZE, FALSE);
    }
}

/* ---- line, stacked bars, histogram ------------------------------------------ */

static void
layout_cartesian (Ctx *c)
{
  KefuChart *self = c->self;
  KefuChartGeometry *geo = c->geo;
  guint n = n_categories (self);
  g_autofree double *centres = g_new0 (double, MAX (n, 1));
  double lo, hi, tick_w = 0, lh = line_height (c, FONT_SIZE), small_h = line_height (c, SMALL_SIZE);
  double plot_top, avail, used;
  guint max_ticks;

  layout_header (c, self->kind != KEFU_CHART_HISTOGRAM && self->series->len > 1);
  value_extent (self, &lo, &hi);

  plot_top = c->top + small_h / 2;
  avail = geo->height - PAD - plot_top - lh - 6;
  max_ticks = (guint) CLAMP (avail / 40, 2, 8);
  geo->n_ticks = kefu_chart_nice_ticks (lo, hi, max_ticks, &geo->v_min, &geo->v_max, &geo->tick_step);
  /* Counts are whole: no "0.5 tickets" between 0 and 1. */
  if (self->format == KEFU_CHART_FORMAT_COUNT && geo->tick_step < 1)
    {
      geo->tick_step = 1;
      geo->v_min = floor (geo->v_min);
      geo->v_max = MAX (ceil (geo->v_max), geo->v_min + 1);
      geo->n_ticks = (guint) llround (geo->v_max - geo->v_min) + 1;
    }
  if (self->has_range)
    {
      geo->v_min = self->range_min;
      geo->v_max = self->range_max;
      geo->n_ticks = (guint) floor ((geo->v_max - geo->v_min) / geo->tick_step + 1e-9) + 1;
    }
  for (guint i = 0; i < geo->n_ticks; i++)
    {
      g_autofree char *label = kefu_chart_format_tick (self->format, geo->v_min + i * geo->tick_step, geo->tick_step);
      double w;
      measure (c, label, SMALL_SIZE, FALSE, &w, NULL);
      tick_w = MAX (tick_w, w);
    }

  geo->plot.x = PAD + tick_w + 8;
  geo->plot.width = MAX (geo->width - PAD - geo->plot.x, 10);
  geo->slot = n > 0 ? geo->plot.width / n : geo->plot.width;
  for (guint i = 0; i < n; i++)
    centres[i] = geo->plot.x + (i + 0.5) * geo->slot;

  used = layout_category_labels (c, centres, n, geo->slot, 0, FALSE);
  geo->plot.y = plot_top;
  geo->plot.height = MAX (geo->height - PAD - used - 6 - plot_top, 20);
  layout_category_labels (c, centres, n, geo->slot, geo->plot.y + geo->plot.height + 6, TRUE);
  layout_value_ticks (c, geo->plot.x - 8);

  if (self->kind == KEFU_CHART_LINE)
    {
      for (guint s = 0; s < self->series->len; s++)
        for (guint i = 0; i < n; i++)
          {
            double v = value_at (self, s, i);
            KefuChartRect column = { geo->plot.x + i * geo->slot, geo->plot.y, geo->slot, geo->plot.height };

            if (isfinite (v))
              add_point_mark (c, s, i, -1, v, centres[i], scale_y (geo, v), &column);
          }
      if (self->has_target)
        {
          g_autofree char *value = kefu_chart_format_value (self->format, self->target);
          g_autofree char *label = self->target_label != NULL
            ? g_strdup (self->target_label)
            : g_strdup_printf (_("Target %s"), value);

          geo->target_pos = scale_y (geo, self->target);
          add_text (c, KEFU_CHART_TEXT_NOTE, label, geo->plot.x + geo->plot.width - 2,
                    geo->target_pos - small_h - 2, 1, geo->plot.width / 2, SMALL_SIZE, FALSE);
        }
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      double bar_w = self->kind == KEFU_CHART_HISTOGRAM ? MAX (geo->slot - 2, 1) : MIN (geo->slot * 0.64, 64);
      double x = centres[i] - bar_w / 2, base = 0, total = 0;

      for (guint s = 0; s < (self->kind == KEFU_CHART_HISTOGRAM ? MIN (self->series->len, 1) : self->series->len); s++)
        {
          double v = value_at (self, s, i);
          double y0, y1;
          KefuChartMark *m;

          if (!isfinite (v) || v <= 0)
            continue;
          y0 = scale_y (geo, base);
          y1 = scale_y (geo, base + v);
          m = add_rect_mark (c, s, i, -1, v, x, y1, bar_w, y0 - y1);
          base += v;
          total += v;

          /* The segment's value inside it, when it fits. */
          if (self->kind == KEFU_CHART_STACKED_BARS && self->series->len > 1)
            {
              g_autofree char *label = kefu_chart_format_value (self->format, v);
              double w, h;

              measure (c, label, SMALL_SIZE, FALSE, &w, &h);
              if (w + 6 <= m->box.width && h + 2 <= m->box.height)
                {
                  const Rgb *fill = &c->pal->series[s % N_SERIES_COLOURS];
                  KefuChartText *t = add_text (c, KEFU_CHART_TEXT_VALUE, label, m->cx, m->cy - h / 2, 0, 0,
                                               SMALL_SIZE, FALSE);
                  t->ink = luminance (fill) > 0.45 ? 0 : 1;
                }
            }
        }
      if (total > 0)
        {
          g_autofree char *label = kefu_chart_format_value (self->format, total);
          double w, h;

          measure (c, label, SMALL_SIZE, FALSE, &w, &h);
          if (w + 2 <= geo->slot && scale_y (geo, total) - h - 2 >= c->top)
            add_text (c, KEFU_CHART_TEXT_VALUE, label, centres[i], scale_y (geo, total) - h - 2, 0, 0,
                      SMALL_SIZE, FALSE);
        }
    }

  if (self->kind == KEFU_CHART_HISTOGRAM && self->has_target && n > 0)
    {
      g_autofree double *edges = g_new0 (double, n + 1);
      double pos = self->target;

      if (bin_edges (self, n, edges))
        {
          pos = NAN;
          for (guint k = 0; k < n; k++)
            if (self->target >= edges[k] && self->target <= edges[k + 1])
              {
                pos = k + (self->target - edges[k]) / (edges[k + 1] - edges[k]);
                break;
              }
        }
      if (isfinite (pos) && pos >= 0 && pos <= n)
        {
          g_autofree char *value = kefu_chart_format_value (self->format == KEFU_CHART_FORMAT_COUNT
                                                            ? KEFU_CHART_FORMAT_SCORE : self->format,
                                                            self->target);
          g_autofree char *label = self->target_label != NULL ? g_strdup (self->target_label)
                                                              : g_strdup_printf (_("Target %s"), value);
          double w;
          double x = geo->plot.x + pos * geo->slot;

          geo->target_pos = x;
          measure (c, label, SMALL_SIZE, FALSE, &w, NULL);
          if (x + 4 + w <= geo->plot.x + geo->plot.width)
            add_text (c, KEFU_CHART_TEXT_NOTE, label, x + 4, geo->plot.y, -1, 0, SMALL_SIZE, FALSE);
          else
            add_text (c, KEFU_CHART_TEXT_NOTE, label, x - 4, geo->plot.y, 1, x - 4 - geo->plot.x, SMALL_SIZE, FALSE);
        }
    }
}

/* ---- donut ------------------------------------------------------------------ */

static void
layout_donut (Ctx *c)
{
  KefuChart *self = c->self;
  KefuChartGeometry *geo = c->geo;
  guint n = n_categories (self);
  double total = 0, lh = line_height (c, FONT_SIZE), angle = -G_PI / 2;
  KefuChartRect area;
  double d, legend_x, legend_y, legend_w, row_h, right_w;
  gboolean with_values;
  guint n_rows_fit;
  g_autofree char *total_text = NULL;

  layout_header (c, FALSE);
  area = (KefuChartRect) { PAD, c->top, geo->width - 2 * PAD, geo->height - c->top - PAD };
  for (guint i = 0; i < n; i++)
    {
      double v = value_at (self, 0, i);
      if (isfinite (v) && v > 0)
        total += v;
    }

  if (area.width >= area.height * 1.2)
    {
      d = MIN (area.height, area.width * 0.5);
      geo->plot = (KefuChartRect) { area.x, area.y + (area.height - d) / 2, d, d };
      legend_x = area.x + d + 24;
      legend_y = area.y;
      legend_w = area.x + area.width - legend_x;
    }
  else
    {
      d = MIN (area.width, area.height * 0.6);
      geo->plot = (KefuChartRect) { area.x + (area.width - d) / 2, area.y, d, d };
      legend_x = area.x;
      legend_y = area.y + d + 12;
      legend_w = area.width;
    }

  /* Slices clockwise from twelve o'clock. */
  for (guint i = 0; i < n && total > 0; i++)
    {
      double v = value_at (self, 0, i);
      double span, mid, r0 = d / 2 * 0.6, r1 = d / 2;
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
      KefuChartMark *m;

      if (!isfinite (v) || v <= 0)
        continue;
      span = 2 * G_PI * v / total;
      m = add_mark (c, KEFU_CHART_MARK_SLICE, 0, i, -1, v);
      m->ox = geo->plot.x + d / 2;
      m->oy = geo->plot.y + d / 2;
      m->r0 = r0;
      m->r1 = r1;
      m->a0 = angle;
      m->a1 = angle + span;
      mid = angle + span / 2;
      m->cx = m->ox + cos (mid) * (r0 + r1) / 2;
      m->cy = m->oy + sin (mid) * (r0 + r1) / 2;
      for (int k = 0; k <= 16; k++)
        {
          double a = angle + span * k / 16;
          for (int e = 0; e < 2; e++)
            {
              double r = e ? r1 : r0;
              x0 = MIN (x0, m->ox + cos (a) * r);
              x1 = MAX (x1, m->ox + cos (a) * r);
              y0 = MIN (y0, m->oy + sin (a) * r);
              y1 = MAX (y1, m->oy + sin (a) * r);
            }
        }
      m->box = m->area = (KefuChartRect) { x0, y0, x1 - x0, y1 - y0 };
      angle += span;
    }

  /* The total in the hole. */
  total_text = kefu_chart_format_value (self->format, total);
  {
    double th;
    measure (c, total_text, 20, TRUE, NULL, &th);
    add_text (c, KEFU_CHART_TEXT_NOTE, total_text, geo->plot.x + d / 2, geo->plot.y + d / 2 - (th + lh) / 2, 0,
              d * 0.55, 20, TRUE);
    add_text (c, KEFU_CHART_TEXT_NOTE, _("Total"), geo->plot.x + d / 2, geo->plot.y + d / 2 - (th + lh) / 2 + th, 0,
              d * 0.55, FONT_SIZE, FALSE);
  }

  /* The legend: swatch, name, value and share, no wider than it needs;
   * where it is narrow, the names keep some room and the values go
   * before the shares. */
  {
    double name_w = 0, value_w = 0, share_w = 0;

    for (guint i = 0; i < n; i++)
      {
        double v = value_at (self, 0, i), w;
        g_autofree char *value = kefu_chart_format_value (self->format, v);
        g_autofree char *share = kefu_chart_format_value (KEFU_CHART_FORMAT_PERCENT, total > 0 && isfinite (v) ? v / total : NAN);
        g_autofree char *right = g_strdup_printf ("%s  %s", value, share);

        measure (c, category_name (self, i), FONT_SIZE, FALSE, &w, NULL);
        name_w = MAX (name_w, w);
        measure (c, right, FONT_SIZE, FALSE, &w, NULL);
        value_w = MAX (value_w, w);
        measure (c, share, FONT_SIZE, FALSE, &w, NULL);
        share_w = MAX (share_w, w);
      }
    legend_w = MIN (legend_w, 18 + name_w + 32 + value_w);
    with_values = 18 + MIN (name_w, 3 * FONT_SIZE) + 12 + value_w <= legend_w;
    right_w = MAX (legend_w - 18 - 12 - MIN (name_w, 3 * FONT_SIZE), MIN (share_w, legend_w - 18));
  }
  row_h = lh + 8;
  n_rows_fit = (guint) MAX (floor ((geo->height - PAD - legend_y) / row_h), 0);
  if (n_rows_fit < n)
    {
      row_h = lh + 2;
      n_rows_fit = (guint) MAX (floor ((geo->height - PAD - legend_y) / row_h), 0);
    }
  if (n * row_h < geo->height - PAD - legend_y && legend_y == area.y)
    legend_y = geo->plot.y + d / 2 - n * row_h / 2;   /* centred beside the donut */
  legend_y = MAX (legend_y, area.y);
  for (guint i = 0; i < n && i < n_rows_fit; i++)
    {
      double v = value_at (self, 0, i);
      g_autofree char *value = kefu_chart_format_value (self->format, v);
      g_autofree char *share = kefu_chart_format_value (KEFU_CHART_FORMAT_PERCENT, total > 0 && isfinite (v) ? v / total : NAN);
      g_autofree char *right = with_values ? g_strdup_printf ("%s  %s", value, share) : g_strdup (share);
      double y = legend_y + i * row_h;
      KefuChartRect swatch = { legend_x, y + (lh - 10) / 2, 12, 10 };
      KefuChartText *t;

      if (i + 1 == n_rows_fit && n_rows_fit < n)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", n - i), n - i);
          add_text (c, KEFU_CHART_TEXT_LEGEND, more, legend_x + 18, y, -1, legend_w - 18, FONT_SIZE, FALSE);
          break;
        }
      g_array_append_val (geo->swatches, swatch);
      t = add_text (c, KEFU_CHART_TEXT_VALUE, right, legend_x + legend_w, y, 1, right_w, FONT_SIZE, FALSE);
      add_text (c, KEFU_CHART_TEXT_LEGEND, category_name (self, i), legend_x + 18, y, -1,
                MAX (t->x - 12 - legend_x - 18, 0), FONT_SIZE, FALSE);
    }
}

/* ---- heat map --------------------------------------------------------------- */

static void
layout_heatmap (Ctx *c)
{
  KefuChart *self = c->self;
  KefuChartGeometry *geo = c->geo;
  guint n = n_categories (self), rows = n_rows (self);
  g_autofree double *centres = g_new0 (double, MAX (n, 1));
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, row_w = 0, lh = line_height (c, FONT_SIZE);
  double small_h = line_height (c, SMALL_SIZE), used, cell_h, scale_w = 0, row_step;
  gboolean show_values;
  g_autofree char *lo_text = NULL, *hi_text = NULL;

  layout_header (c, FALSE);
  for (guint r = 0; r < rows; r++)
    {
      double w;
      measure (c, row_name (self, r), FONT_SIZE, FALSE, &w, NULL);
      row_w = MAX (row_w, w);
      for (guint i = 0; i < n; i++)
        {
          double v = value_at (self, r, i);
          if (isfinite (v))
            lo = MIN (lo, v), hi = MAX (hi, v);
        }
    }
  if (hi < lo)
    lo = 0, hi = 1;
  lo = MIN (lo, 0);
  if (self->has_range)
    lo = self->range_min, hi = self->range_max;
  if (hi <= lo)
    hi = lo + 1;
  geo->v_min = lo;
  geo->v_max = hi;

  lo_text = kefu_chart_format_value (self->format, lo);
  hi_text = kefu_chart_format_value (self->format, hi);
  {
    double w1, w2;
    measure (c, lo_text, SMALL_SIZE, FALSE, &w1, NULL);
    measure (c, hi_text, SMALL_SIZE, FALSE, &w2, NULL);
    scale_w = 12 + 6 + MAX (w1, w2);
  }

  row_w = MIN (row_w, geo->width * 0.28);
  geo->plot.x = PAD + row_w + 8;
  geo->plot.y = c->top;
  geo->plot.width = MAX (geo->width - PAD - scale_w - 12 - geo->plot.x, 10);
  geo->slot = n > 0 ? geo->plot.width / n : geo->plot.width;
  for (guint i = 0; i < n; i++)
    centres[i] = geo->plot.x + (i + 0.5) * geo->slot;
  used = layout_category_labels (c, centres, n, geo->slot, 0, FALSE);
  geo->plot.height = MAX (geo->height - PAD - used - 6 - geo->plot.y, 10);
  layout_category_labels (c, centres, n, geo->slot, geo->plot.y + geo->plot.height + 6, TRUE);

  cell_h = rows > 0 ? geo->plot.height / rows : geo->plot.height;

  /* Numbers in the cells: in all of them or in none. */
  show_values = small_h + 2 <= cell_h;
  for (guint r = 0; r < rows && show_values; r++)
    for (guint i = 0; i < n && show_values; i++)
      {
        double v = value_at (self, r, i), w;
        g_autofree char *label = isfinite (v) ? kefu_chart_format_value (self->format, v) : NULL;

        if (label == NULL)
          continue;
        measure (c, label, SMALL_SIZE, FALSE, &w, NULL);
        show_values = w + 6 <= geo->slot;
      }
  row_step = ceil ((lh + 2) / MAX (cell_h, 1e-3));
  for (guint r = 0; r < rows; r += (guint) row_step)
    add_text (c, KEFU_CHART_TEXT_ROW, row_name (self, r), geo->plot.x - 8,
              geo->plot.y + (r + 0.5) * cell_h - lh / 2, 1, row_w, FONT_SIZE, FALSE);

  for (guint r = 0; r < rows; r++)
    for (guint i = 0; i < n; i++)
      {
        double v = value_at (self, r, i);
        KefuChartMark *m = add_rect_mark (c, r, i, r, v, geo->plot.x + i * geo->slot, geo->plot.y + r * cell_h,
                                          geo->slot, cell_h);
        g_autofree char *label = NULL;
        Rgb fill;
        KefuChartText *t;

        if (!isfinite (v) || !show_values)
          continue;
        label = kefu_chart_format_value (self->format, v);
        fill = heat_colour (c->pal, (v - lo) / (hi - lo));
        t = add_text (c, KEFU_CHART_TEXT_VALUE, label, m->cx, m->cy - small_h / 2, 0, 0, SMALL_SIZE, FALSE);
        t->ink = luminance (&fill) > 0.45 ? 0 : 1;
      }

  /* The colour scale: high at the top. */
  {
    double sx = geo->plot.x + geo->plot.width + 12;
    double sh = MIN (geo->plot.height, 160);
    KefuChartRect ramp = { sx, geo->plot.y, 12, sh };

    g_array_append_val (geo->swatches, ramp);
    add_text (c, KEFU_CHART_TEXT_TICK, hi_text, sx + 18, geo->plot.y, -1, 0, SMALL_SIZE, FALSE);
    add_text (c, KEFU_CHART_TEXT_TICK, lo_text, sx + 18, geo->plot.y + sh - small_h, -1, 0, SMALL_SIZE, FALSE);
  }
}

/* ---- bullets ---------------------------------------------------------------- */

static char *
bullet_change (const Bullet *b)
{
  double delta;
  g_autofree char *amount = NULL;

  if (!isfinite (b->previous) || !isfinite (b->value))
    return NULL;
  delta = b->value - b->previous;
  amount = kefu_chart_format_value (b->format, fabs (delta));
  if (fabs (delta) < 1e-12)
    return g_strdup_printf ("= %s", amount);
  return g_strdup_printf ("%s %s", delta > 0 ? "▲" : "▼", amount);
}

static gboolean
bullet_meets_target (const Bullet *b)
{
  return b->higher_is_better ? b->value >= b->target : b->value <= b->target;
}

static void
layout_bullets (Ctx *c)
{
  KefuChart *self = c->self;
  KefuChartGeometry *geo = c->geo;
  guint n = self->bullets->len;
  double lh = line_height (c, FONT_SIZE), small_h = line_height (c, SMALL_SIZE);
  double label_w = 0, value_w = 0, row_h, x0, x1;
  KefuChartRect area;
  gboolean two_lines;

  layout_header (c, FALSE);
  area = (KefuChartRect) { PAD, c->top, geo->width - 2 * PAD, geo->height - c->top - PAD };
  if (n == 0)
    return;
  row_h = MIN (area.height / n, 56);
  two_lines = row_h >= lh + small_h + 4;

  for (guint i = 0; i < n; i++)
    {
      Bullet *b = self->bullets->pdata[i];
      g_autofree char *value = kefu_chart_format_value (b->format, b->value);
      g_autofree char *change = bullet_change (b);
      double w;

      measure (c, b->label, FONT_SIZE, FALSE, &w, NULL);
      label_w = MAX (label_w, w);
      measure (c, value, FONT_SIZE, TRUE, &w, NULL);
      value_w = MAX (value_w, w);
      if (change != NULL && two_lines)
        {
          measure (c, change, SMALL_SIZE, FALSE, &w, NULL);
          value_w = MAX (value_w, w);
        }
    }
  label_w = MIN (label_w, area.width * 0.3);
  value_w = MIN (value_w, area.width * 0.25);

  /* A key under the bullets, when there is room for it. */
  if (area.height - n * row_h >= small_h + 8)
    {
      /* TRANSLATORS: the key of a bullet chart */
      add_text (c, KEFU_CHART_TEXT_NOTE, _("Bar: this period · Line: target · ▲: previous period"),
                area.x, area.y + n * row_h + 6, -1, area.width, SMALL_SIZE, FALSE);
    }
  x0 = area.x + label_w + 12;
  x1 = MAX (area.x + area.width - value_w - 12, x0 + 10);
  geo->plot = (KefuChartRect) { x0, area.y, x1 - x0, row_h * n };

  for (guint i = 0; i < n; i++)
    {
      Bullet *b = self->bullets->pdata[i];
      double y = area.y + i * row_h, cy = y + row_h / 2;
      double track_h = MIN (row_h * 0.5, 22), bar_h = track_h * 0.42;
      double max = b->max > 0 ? b->max : MAX (MAX (b->value, b->target), 1);
      double len = (x1 - x0) * CLAMP (isfinite (b->value) ? b->value : 0, 0, max) / max;
      g_autofree char *value = kefu_chart_format_value (b->format, b->value);
      g_autofree char *change = bullet_change (b);
      KefuChartMark *m;

      add_text (c, KEFU_CHART_TEXT_ROW, b->label, area.x, cy - lh / 2, -1, label_w, FONT_SIZE, FALSE);
      m = add_rect_mark (c, -1, i, -1, b->value, x0, cy - bar_h / 2, MAX (len, 1), bar_h);
      m->area = (KefuChartRect) { area.x, y, area.width, row_h };
      if (two_lines && change != NULL)
        {
          double top = cy - (lh + small_h) / 2;
          add_text (c, KEFU_CHART_TEXT_VALUE, value, area.x + area.width, top, 1, value_w, FONT_SIZE, TRUE);
          add_text (c, KEFU_CHART_TEXT_NOTE, change, area.x + area.width, top + lh, 1, value_w, SMALL_SIZE, FALSE);
        }
      else
        add_text (c, KEFU_CHART_TEXT_VALUE, value, area.x + area.width, cy - lh / 2, 1, value_w, FONT_SIZE, TRUE);
    }
}

/* ---- sparklines ------------------------------------------------------------- */

static void
layout_sparklines (Ctx *c)
{
  KefuChart *self = c->self;
  KefuChartGeometry *geo = c->geo;
  guint rows = self->series->len, n = n_categories (self);
  double lh = line_height (c, FONT_SIZE), small_h = line_height (c, SMALL_SIZE);
  double name_w = 0, value_w = 0, row_h, x0, x1, lo = 0, hi = -G_MAXDOUBLE;
  KefuChartRect area;

  layout_header (c, FALSE);
  area = (KefuChartRect) { PAD, c->top, geo->width - 2 * PAD, geo->height - c->top - PAD - small_h - 4 };
  if (rows == 0)
    return;
  row_h = MIN (area.height / rows, 44);

  for (guint s = 0; s < rows; s++)
    {
      Series *series = self->series->pdata[s];
      double w;
      g_autofree char *last = NULL;

      measure (c, series->name, FONT_SIZE, FALSE, &w, NULL);
      name_w = MAX (name_w, w);
      for (guint i = 0; i < series->values->len; i++)
        {
          double v = g_array_index (series->values, double, i);
          if (isfinite (v))
            lo = MIN (lo, v), hi = MAX (hi, v);
        }
      last = kefu_chart_format_value (self->format, series->values->len > 0
                                      ? g_array_index (series->values, double, series->values->len - 1) : NAN);
      measure (c, last, FONT_SIZE, TRUE, &w, NULL);
      value_w = MAX (value_w, w);
    }
  if (hi <= lo)
    hi = lo + 1;
  if (self->has_range)
    lo = self->range_min, hi = self->range_max;
  geo->v_min = lo;
  geo->v_max = hi;
  name_w = MIN (name_w, area.width * 0.28);
  value_w = MIN (value_w, area.width * 0.2);
  x0 = area.x + name_w + 12;
  x1 = MAX (area.x + area.width - value_w - 12, x0 + 10);
  geo->plot = (KefuChartRect) { x0, area.y, x1 - x0, row_h * rows };
  geo->slot = n > 1 ? (x1 - x0) / (n - 1) : (x1 - x0);

  for (guint s = 0; s < rows; s++)
    {
      Series *series = self->series->pdata[s];
      double y = area.y + s * row_h, cy = y + row_h / 2;
      double top = y + 5, bottom = y + row_h - 5;
      g_autofree char *last = kefu_chart_format_value (self->format, series->values->len > 0
                                                       ? g_array_index (series->values, double, series->values->len - 1) : NAN);

      add_text (c, KEFU_CHART_TEXT_ROW, series->name, area.x, cy - lh / 2, -1, name_w, FONT_SIZE, FALSE);
      add_text (c, KEFU_CHART_TEXT_VALUE, last, area.x + area.width, cy - lh / 2, 1, value_w, FONT_SIZE, TRUE);
      for (guint i = 0; i < n; i++)
        {
          double v = value_at (self, s, i);
          double x = n > 1 ? x0 + geo->slot * i : (x0 + x1) / 2;
          KefuChartRect column = { x - geo->slot / 2, y, geo->slot, row_h };

          if (isfinite (v))
            add_point_mark (c, s, i, -1, v, x, bottom - (bottom - top) * (v - lo) / (hi - lo), &column);
        }
    }

  /* What the x axis spans: the first and last categories. */
  if (n > 0)
    {
      double y = area.y + rows * row_h + 4;
      KefuChartText *first = add_text (c, KEFU_CHART_TEXT_CATEGORY, category_name (self, 0), x0, y, -1,
                                       (x1 - x0) / 2 - 4, SMALL_SIZE, FALSE);
      if (n > 1)
        add_text (c, KEFU_CHART_TEXT_CATEGORY, category_name (self, n - 1), x1, y, 1,
                  MAX (x1 - (first->x + first->width) - 8, 0), SMALL_SIZE, FALSE);
    }
}

/* ---- radar ------------------------------------------------------------------ */

static void
radar_point (const KefuChartGeometry *geo,
             guint                    i,
             guint                    n,
             double                   r,
             double                  *x,
             double                  *y)
{
  double a = -G_PI / 2 + 2 * G_PI * i / n;

  *x = geo->plot.x + geo->plot.width / 2 + cos (a) * r;
  *y = geo->plot.y + geo->plot.height / 2 + sin (a) * r;
}

static void
layout_radar (Ctx *c)
{
  KefuChart *self = c->self;
  KefuChartGeometry *geo = c->geo;
  guint n = n_categories (self);
  double lh = line_height (c, FONT_SIZE), label_w = 0, lo, hi, R, cx, cy;
  KefuChartRect area;

  layout_header (c, self->series->len > 1);
  area = (KefuChartRect) { PAD, c->top, geo->width - 2 * PAD, geo->height - c->top - PAD };
  value_extent (self, &lo, &hi);
  lo = self->has_range ? self->range_min : 0;
  geo->n_ticks = kefu_chart_nice_ticks (lo, hi, 6, &geo->v_min, &geo->v_max, &geo->tick_step);
  if (self->has_range)
    {
      geo->v_min = self->range_min;
      geo->v_max = self->range_max;
      geo->n_ticks = (guint) floor ((geo->v_max - geo->v_min) / geo->tick_step + 1e-9) + 1;
    }

  for (guint i = 0; i < n; i++)
    {
      double w;
      measure (c, category_name (self, i), FONT_SIZE, FALSE, &w, NULL);
      label_w = MAX (label_w, w);
    }
  R = MIN (area.width / 2 - label_w - 10, area.height / 2 - lh - 8);
  R = MAX (R, MIN (area.width, area.height) * 0.3);
  cx = area.x + area.width / 2;
  cy = area.y + area.height / 2;
  geo->plot = (KefuChartRect) { cx - R, cy - R, 2 * R, 2 * R };
  geo->slot = n > 0 ? 2 * G_PI / n : 0;

  for (guint i = 0; i < n; i++)
    {
      double a = -G_PI / 2 + 2 * G_PI * i / n, x, y, ca = cos (a), sa = sin (a), room;
      int align = ca > 0.25 ? -1 : ca < -0.25 ? 1 : 0;

      radar_point (geo, i, n, R + 8, &x, &y);
      y = sa < -0.25 ? y - lh : sa > 0.25 ? y : y - lh / 2;
      room = align < 0 ? area.x + area.width - x : align > 0 ? x - area.x : area.width;
      add_text (c, KEFU_CHART_TEXT_CATEGORY, category_name (self, i), x, y, align, room, FONT_SIZE, FALSE);
    }
  {
    double small_h = line_height (c, SMALL_SIZE);
    double ring_gap = R * geo->tick_step / (geo->v_max - geo->v_min);
    guint every = (guint) MAX (ceil ((small_h + 2) / MAX (ring_gap, 1e-3)), 1);

    for (guint k = every; k < geo->n_ticks; k += every)
      {
        double v = geo->v_min + k * geo->tick_step;
        g_autofree char *label = kefu_chart_format_tick (self->format, v, geo->tick_step);
        double r = R * (v - geo->v_min) / (geo->v_max - geo->v_min);

        if (k + 1 == geo->n_ticks && n > 0)
          continue;   /* the outer ring's value would sit on the first axis label */
        add_text (c, KEFU_CHART_TEXT_TICK, label, cx + 4, cy - r - small_h / 2, -1, 0, SMALL_SIZE, FALSE);
      }
  }

  for (guint s = 0; s < self->series->len; s++)
    for (guint i = 0; i < n; i++)
      {
        double v = value_at (self, s, i), x, y;

        if (!isfinite (v))
          continue;
        radar_point (geo, i, n, R * CLAMP ((v - geo->v_min) / (geo->v_max - geo->v_min), 0, 1), &x, &y);
        add_point_mark (c, s, i, -1, v, x, y, NULL);
      }
}

/* ---- Gantt ------------------------------------------------------------------ */

static gint64
local_midnight (gint64 t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) day = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                                              g_date_time_get_day_of_month (local), 0, 0, 0);
  return g_date_time_to_unix (day);
}

static char *
format_local (gint64      t,
              const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, format);
}

/* Ticks at month starts (every 1, 2, 3, 6 or 12 months) or at days
 * (every 1, 2, 7, 14 days), at most @max_ticks. */
static gboolean
time_ticks (gint64  t0,
            gint64  t1,
            guint   max_ticks,
            GArray *out)
{
  double days = (t1 - t0) / 86400.0;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  g_array_set_size (out, 0);
  if (days > 75)
    {
      static const int steps[] = { 1, 2, 3, 6, 12 };
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t0);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);

      for (guint k = 0; k < G_N_ELEMENTS (steps); k++)
        {
          g_autoptr(GDateTime) month = g_date_time_new (tz, g_date_time_get_year (local),
                                                        g_date_time_get_month (local), 1, 0, 0, 0);
          g_array_set_size (out, 0);
          if (g_date_time_to_unix (month) < t0)
            {
              GDateTime *next = g_date_time_add_months (month, 1);
              g_date_time_unref (month);
              month = next;
            }
          while (g_date_time_to_unix (month) <= t1)
            {
              gint64 t = g_date_time_to_unix (month);
              GDateTime *next;

              if ((g_date_time_get_month (month) - 1) % steps[k] == 0)
                g_array_append_val (out, t);
              next = g_date_time_add_months (month, 1);
              g_date_time_unref (month);
              month = next;
            }
          if (out->len <= max_ticks)
            break;
        }
      return TRUE;
    }
  else
    {
      static const int steps[] = { 1, 2, 7, 14, 28 };

      for (guint k = 0; k < G_N_ELEMENTS (steps); k++)
        {
          gint64 t = local_midnight (t0);

          if (t < t0)
            t = local_midnight (t + 36 * 3600);
          g_array_set_size (out, 0);
          if (steps[k] >= 7)
            {
              /* Weeks start on Monday. */
              g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
              g_autoptr(GDateTime) local = g_date_time_to_local (utc);
              int wd = g_date_time_get_day_of_week (local);
              if (wd != 1)
                t = local_midnight (t + (8 - wd) * 86400 + 3600 * 12);
            }
          for (; t <= t1; t = local_midnight (t + steps[k] * 86400 + 3600 * 12))
            g_array_append_val (out, t);
          if (out->len <= max_ticks)
            break;
        }
      return FALSE;
    }
}

static void
layout_gantt (Ctx *c)
{
  KefuChart *self = c->self;
  KefuChartGeometry *geo = c->geo;
  guint rows = n_rows (self);
  double lh = line_height (c, FONT_SIZE), small_h = line_height (c, SMALL_SIZE), row_w = 0, row_h;
  gint64 t0 = G_MAXINT64, t1 = G_MININT64;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean months;
  double last_right = -G_MAXDOUBLE;

  layout_header (c, FALSE);
  for (guint r = 0; r < rows; r++)
    {
      double w;
      measure (c, row_name (self, r), FONT_SIZE, FALSE, &w, NULL);
      row_w = MAX (row_w, w);
    }
  for (guint i = 0; i < self->spans->len; i++)
    {
      Span *s = self->spans->pdata[i];
      t0 = MIN (t0, s->start);
      t1 = MAX (t1, s->end);
      g_array_append_val (order, i);
    }
  if (t1 <= t0)
    {
      t0 = t1 == G_MININT64 ? 0 : t0;
      t1 = t0 + 86400;
    }

  row_w = MIN (row_w, geo->width * 0.28);
  geo->plot.x = PAD + row_w + 12;
  geo->plot.y = c->top + small_h + 6;
  geo->plot.width = MAX (geo->width - PAD - geo->plot.x, 10);
  row_h = rows > 0 ? MIN ((geo->height - PAD - geo->plot.y) / rows, 40) : 0;
  geo->plot.height = row_h * rows;
  geo->v_min = t0;
  geo->v_max = t1;

  months = time_ticks (t0, t1, (guint) MAX (geo->plot.width / 64, 2), geo->time_ticks);
  for (guint k = 0; k < geo->time_ticks->len; k++)
    {
      gint64 t = g_array_index (geo->time_ticks, gint64, k);
      double x = geo->plot.x + geo->plot.width * (t - t0) / (double) (t1 - t0);
      g_autofree char *label = format_local (t, months ? "%Y-%m" : "%m-%d");
      double w;

      measure (c, label, SMALL_SIZE, FALSE, &w, NULL);
      x = MIN (x, geo->width - PAD / 2 - w / 2);
      if (x - w / 2 < last_right + 6)
        continue;
      add_text (c, KEFU_CHART_TEXT_CATEGORY, label, x, c->top, 0, 0, SMALL_SIZE, FALSE);
      last_right = x + w / 2;
    }

  for (guint r = 0; r < rows; r++)
    add_text (c, KEFU_CHART_TEXT_ROW, row_name (self, r), PAD, geo->plot.y + (r + 0.5) * row_h - lh / 2, -1, row_w,
              FONT_SIZE, FALSE);

  /* Keyboard order: by row, then by start. */
  for (guint i = 1; i < order->len; i++)
    for (guint j = i; j > 0; j--)
      {
        Span *a = self->spans->pdata[g_array_index (order, guint, j - 1)];
        Span *b = self->spans->pdata[g_array_index (order, guint, j)];
        guint tmp;

        if (a->row < b->row || (a->row == b->row && a->start <= b->start))
          break;
        tmp = g_array_index (order, guint, j);
        g_array_index (order, guint, j) = g_array_index (order, guint, j - 1);
        g_array_index (order, guint, j - 1) = tmp;
      }

  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);
      Span *s = self->spans->pdata[i];
      double x0 = geo->plot.x + geo->plot.width * (s->start - t0) / (double) (t1 - t0);
      double x1 = geo->plot.x + geo->plot.width * (s->end - t0) / (double) (t1 - t0);
      double y = geo->plot.y + s->row * row_h + row_h * 0.18;
      KefuChartMark *m = add_rect_mark (c, i, -1, s->row, (s->end - s->start) / 86400.0, x0, y, MAX (x1 - x0, 2),
                                        row_h * 0.64);
      double w;

      measure (c, s->label, SMALL_SIZE, FALSE, &w, NULL);
      if (*s->label != '\0' && m->box.width >= MIN (w, 36) + 8 && m->box.height >= small_h)
        {
          const Rgb *fill = &c->pal->series[s->row % N_SERIES_COLOURS];
          KefuChartText *t = add_text (c, KEFU_CHART_TEXT_VALUE, s->label, x0 + 4, m->cy - small_h / 2, -1,
                                       m->box.width - 8, SMALL_SIZE, FALSE);
          t->ink = luminance (fill) > 0.45 ? 0 : 1;
        }
    }
}

/* ---- drawing ------------------------------------------------------------------ */

static void
draw_texts (KefuChart *self,
            cairo_t   *cr)
{
  const Palette *pal = palette (self);

  PangoContext *context = make_context (cr);

  for (guint i = 0; i < self->geo.texts->len; i++)
    {
      const KefuChartText *t = &g_array_index (self->geo.texts, KefuChartText, i);
      g_autoptr(PangoLayout) layout = make_layout (context, t->text, t->size, t->bold);
      PangoRectangle logical;
      double natural;

      pango_layout_get_extents (layout, NULL, &logical);
      natural = (double) logical.width / PANGO_SCALE;
      if (t->width <= 0)
        continue;
      if (natural > t->width + 0.5)
        {
          pango_layout_set_width (layout, (int) (t->width * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        }

      cairo_save (cr);
      switch (t->ink)
        {
        case 0: set_rgb (cr, &pal->ink_dark); break;
        case 1: set_rgb (cr, &pal->ink_light); break;
        default:
          set_rgb (cr, t->role == KEFU_CHART_TEXT_TICK || t->role == KEFU_CHART_TEXT_CATEGORY ||
                       t->role == KEFU_CHART_TEXT_NOTE ? &pal->muted : &pal->fg);
          break;
        }
      cairo_translate (cr, t->x, t->y);
      cairo_rotate (cr, t->angle);
      if (t->align > 0 && natural < t->width)
        cairo_translate (cr, t->width - natural, 0);
      cairo_move_to (cr, 0, 0);
      if (t->angle != 0)
        pango_cairo_update_layout (cr, layout);
      pango_cairo_show_layout (cr, layout);
      /* The path is not part of the saved state: leave no current point
       * behind, or the next arc (a highlight) starts with a line from here. */
      cairo_new_path (cr);
      cairo_restore (cr);
    }
  g_object_unref (context);
}

static void
draw_value_grid (KefuChart *self,
                 cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = palette (self);

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < geo->n_ticks; i++)
    {
      double v = geo->v_min + i * geo->tick_step;
      double y = round (scale_y (geo, v)) + 0.5;

      set_rgb (cr, fabs (v) < geo->tick_step * 1e-6 ? &pal->axis : &pal->grid);
      cairo_move_to (cr, geo->plot.x, y);
      cairo_line_to (cr, geo->plot.x + geo->plot.width, y);
      cairo_stroke (cr);
    }
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_swatches (KefuChart *self,
               cairo_t   *cr)
{
  const Palette *pal = palette (self);

  for (guint i = 0; i < self->geo.swatches->len; i++)
    {
      const KefuChartRect *r = &g_array_index (self->geo.swatches, KefuChartRect, i);

      if (self->kind == KEFU_CHART_LINE || self->kind == KEFU_CHART_RADAR)
        {
          double y = r->y + r->height / 2;
          cairo_set_line_width (cr, 2.5);
          if (i < self->series->len)
            {
              set_rgb (cr, series_colour (pal, i));
              series_dash (cr, i);
            }
          else
            {
              static const double dash[] = { 4, 3 };
              set_rgb (cr, &pal->muted);
              cairo_set_dash (cr, dash, 2, 0);
            }
          cairo_move_to (cr, r->x, y);
          cairo_line_to (cr, r->x + r->width, y);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      else
        {
          rounded_rect (cr, r->x, r->y, r->width, r->height, 2);
          fill_series (cr, pal, i);
          cairo_new_path (cr);
        }
    }
}

static void
draw_line (KefuChart *self,
           cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = palette (self);

  draw_value_grid (self, cr);
  if (isfinite (geo->target_pos))
    {
      static const double dash[] = { 5, 4 };
      set_rgb (cr, &pal->muted);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, geo->plot.x, geo->target_pos);
      cairo_line_to (cr, geo->plot.x + geo->plot.width, geo->target_pos);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* Later series (last year) under the first (this year). */
  for (int s = (int) self->series->len - 1; s >= 0; s--)
    {
      const Rgb *colour = &pal->series[s % N_SERIES_COLOURS];
      gboolean pen_down = FALSE;
      guint n_points = 0;
      double prev_cat = -2;

      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_width (cr, s == 0 ? 2.5 : 2);
      for (guint m = 0; m < geo->marks->len; m++)
        {
          const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
          if (mark->hit.series != s)
            continue;
          /* A missing value breaks the line. */
          if (pen_down && mark->hit.category != prev_cat + 1)
            pen_down = FALSE;
          if (pen_down)
            cairo_line_to (cr, mark->cx, mark->cy);
          else
            cairo_move_to (cr, mark->cx, mark->cy);
          pen_down = TRUE;
          prev_cat = mark->hit.category;
          n_points++;
        }
      set_rgb (cr, colour);
      series_dash (cr, s);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      if (geo->slot >= 14)
        for (guint m = 0; m < geo->marks->len; m++)
          {
            const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
            if (mark->hit.series != s)
              continue;
            cairo_arc (cr, mark->cx, mark->cy, geo->slot >= 28 ? 3.5 : 2.5, 0, 2 * G_PI);
            set_rgb (cr, colour);
            cairo_fill_preserve (cr);
            set_rgb (cr, &pal->bg);
            cairo_set_line_width (cr, 1.5);
            cairo_stroke (cr);
          }
      (void) n_points;
    }
}

static void
draw_bars (KefuChart *self,
           cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = palette (self);

  draw_value_grid (self, cr);
  for (guint m = 0; m < geo->marks->len; m++)
    {
      const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
      const KefuChartRect *r = &mark->box;

      cairo_rectangle (cr, r->x, r->y, r->width, r->height);
      fill_series (cr, pal, self->kind == KEFU_CHART_HISTOGRAM ? 0 : mark->hit.series);
      cairo_new_path (cr);
      /* A hairline of background between stacked segments. */
      if (self->kind == KEFU_CHART_STACKED_BARS && r->height > 2)
        {
          set_rgb (cr, &pal->bg);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, r->x, r->y + 0.5);
          cairo_line_to (cr, r->x + r->width, r->y + 0.5);
          cairo_stroke (cr);
        }
    }
  if (isfinite (geo->target_pos))
    {
      static const double dash[] = { 5, 4 };
      set_rgb (cr, &pal->fg);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, geo->target_pos, geo->plot.y);
      cairo_line_to (cr, geo->target_pos, geo->plot.y + geo->plot.height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

static void
slice_path (cairo_t             *cr,
            const KefuChartMark *m,
            double               grow)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, m->ox, m->oy, m->r1 + grow, m->a0, m->a1);
  cairo_arc_negative (cr, m->ox, m->oy, MAX (m->r0 - grow, 0), m->a1, m->a0);
  cairo_close_path (cr);
}

static void
draw_donut (KefuChart *self,
            cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = palette (self);

  if (geo->marks->len == 0 && geo->plot.width > 0)
    {
      double d = geo->plot.width;
      set_rgb (cr, &pal->track);
      cairo_arc (cr, geo->plot.x + d / 2, geo->plot.y + d / 2, d / 2, 0, 2 * G_PI);
      cairo_arc_negative (cr, geo->plot.x + d / 2, geo->plot.y + d / 2, d / 2 * 0.6, 2 * G_PI, 0);
      cairo_fill (cr);
    }
  for (guint m = 0; m < geo->marks->len; m++)
    {
      const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);

      slice_path (cr, mark, 0);
      fill_series (cr, pal, mark->hit.category);
      if (geo->marks->len > 1)
        {
          set_rgb (cr, &pal->bg);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
    }
}

static void
draw_heatmap (KefuChart *self,
              cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = palette (self);

  for (guint m = 0; m < geo->marks->len; m++)
    {
      const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
      const KefuChartRect *r = &mark->box;
      double gap = MIN (r->width, r->height) > 8 ? 1 : 0;

      if (isfinite (mark->value))
        {
          Rgb fill = heat_colour (pal, (mark->value - geo->v_min) / (geo->v_max - geo->v_min));
          set_rgb (cr, &fill);
        }
      else
        set_rgba (cr, &pal->track, 0.5);
      cairo_rectangle (cr, r->x + gap / 2, r->y + gap / 2, r->width - gap, r->height - gap);
      cairo_fill (cr);
    }
  if (geo->swatches->len > 0)
    {
      const KefuChartRect *r = &g_array_index (geo->swatches, KefuChartRect, 0);
      cairo_pattern_t *ramp = cairo_pattern_create_linear (0, r->y + r->height, 0, r->y);

      for (int k = 0; k <= 4; k++)
        {
          Rgb c = heat_colour (pal, k / 4.0);
          cairo_pattern_add_color_stop_rgb (ramp, k / 4.0, c.r, c.g, c.b);
        }
      cairo_set_source (cr, ramp);
      cairo_rectangle (cr, r->x, r->y, r->width, r->height);
      cairo_fill (cr);
      cairo_pattern_destroy (ramp);
    }
}

static void
draw_bullets (KefuChart *self,
              cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = palette (self);

  for (guint m = 0; m < geo->marks->len; m++)
    {
      const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
      const Bullet *b = self->bullets->pdata[mark->hit.category];
      double x0 = geo->plot.x, w = geo->plot.width;
      double max = b->max > 0 ? b->max : MAX (MAX (b->value, b->target), 1);
      double track_h = MIN (mark->area.height * 0.5, 22);
      double ty = mark->cy - track_h / 2;
      double tx = x0 + w * CLAMP (b->target, 0, max) / max;

      /* The track, its better side a shade darker. */
      set_rgb (cr, &pal->track);
      cairo_rectangle (cr, x0, ty, w, track_h);
      cairo_fill (cr);
      set_rgb (cr, &pal->band);
      if (b->higher_is_better)
        cairo_rectangle (cr, tx, ty, x0 + w - tx, track_h);
      else
        cairo_rectangle (cr, x0, ty, tx - x0, track_h);
      cairo_fill (cr);

      set_rgb (cr, bullet_meets_target (b) ? &pal->good : &pal->bad);
      cairo_rectangle (cr, mark->box.x, mark->box.y, mark->box.width, mark->box.height);
      cairo_fill (cr);

      if (isfinite (b->previous))
        {
          double px = x0 + w * CLAMP (b->previous, 0, max) / max;
          set_rgb (cr, &pal->muted);
          cairo_move_to (cr, px, ty + track_h - 1);
          cairo_line_to (cr, px - 4, ty + track_h + 5);
          cairo_line_to (cr, px + 4, ty + track_h + 5);
          cairo_close_path (cr);
          cairo_fill (cr);
        }

      set_rgb (cr, &pal->fg);
      cairo_rectangle (cr, tx - 1.5, ty - 3, 3, track_h + 6);
      cairo_fill (cr);
    }
}

static void
draw_sparklines (KefuChart *self,
                 cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = palette (self);
  guint rows = self->series->len;
  double row_h = rows > 0 ? geo->plot.height / rows : 0;

  for (guint s = 0; s < rows; s++)
    {
      double bottom = geo->plot.y + (s + 1) * row_h;
      const KefuChartMark *first = NULL, *last = NULL;

      /* Row rules. */
      set_rgb (cr, &pal->grid);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, PAD, round (bottom) + 0.5);
      cairo_line_to (cr, geo->width - PAD, round (bottom) + 0.5);
      cairo_stroke (cr);

      for (guint m = 0; m < geo->marks->len; m++)
        {
          const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
          if (mark->hit.series != (int) s)
            continue;
          if (first == NULL)
            {
              first = mark;
              cairo_move_to (cr, mark->cx, mark->cy);
            }
          else
            cairo_line_to (cr, mark->cx, mark->cy);
          last = mark;
        }
      if (first == NULL)
        continue;
      /* A light area under the line, then the line. */
      {
        cairo_path_t *line = cairo_copy_path (cr);
        cairo_line_to (cr, last->cx, bottom - 5);
        cairo_line_to (cr, first->cx, bottom - 5);
        cairo_close_path (cr);
        set_rgba (cr, &pal->series[0], 0.14);
        cairo_fill (cr);
        cairo_append_path (cr, line);
        cairo_path_destroy (line);
      }
      set_rgb (cr, &pal->series[0]);
      cairo_set_line_width (cr, 1.5);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
      cairo_arc (cr, last->cx, last->cy, 3, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
draw_radar (KefuChart *self,
            cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = palette (self);
  guint n = n_categories (self);
  double R = geo->plot.width / 2, x, y;

  if (n < 3)
    return;
  cairo_set_line_width (cr, 1);
  for (guint k = 1; k < geo->n_ticks; k++)
    {
      double r = R * (k * geo->tick_step) / (geo->v_max - geo->v_min);
      set_rgb (cr, k + 1 == geo->n_ticks ? &pal->axis : &pal->grid);
      for (guint i = 0; i <= n; i++)
        {
          radar_point (geo, i % n, n, r, &x, &y);
          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
    }
  set_rgb (cr, &pal->grid);
  for (guint i = 0; i < n; i++)
    {
      radar_point (geo, i, n, R, &x, &y);
      cairo_move_to (cr, geo->plot.x + R, geo->plot.y + R);
      cairo_line_to (cr, x, y);
      cairo_stroke (cr);
    }

  for (guint s = 0; s < self->series->len; s++)
    {
      const Rgb *colour = &pal->series[s % N_SERIES_COLOURS];
      gboolean any = FALSE;

      for (guint m = 0; m < geo->marks->len; m++)
        {
          const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
          if (mark->hit.series != (int) s)
            continue;
          if (!any)
            cairo_move_to (cr, mark->cx, mark->cy);
          else
            cairo_line_to (cr, mark->cx, mark->cy);
          any = TRUE;
        }
      if (!any)
        continue;
      cairo_close_path (cr);
      /* Only the first polygon filled: overlapping tints turn muddy. */
      if (s == 0)
        {
          set_rgba (cr, colour, 0.14);
          cairo_fill_preserve (cr);
        }
      set_rgb (cr, colour);
      cairo_set_line_width (cr, 2);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      series_dash (cr, s);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      for (guint m = 0; m < geo->marks->len; m++)
        {
          const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
          if (mark->hit.series != (int) s)
            continue;
          cairo_arc (cr, mark->cx, mark->cy, 3, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
}

static void
draw_gantt (KefuChart *self,
            cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = palette (self);
  guint rows = n_rows (self);
  double row_h = rows > 0 ? geo->plot.height / rows : 0;

  cairo_set_line_width (cr, 1);
  for (guint r = 0; r <= rows; r++)
    {
      double y = round (geo->plot.y + r * row_h) + 0.5;
      set_rgb (cr, &pal->grid);
      cairo_move_to (cr, PAD, y);
      cairo_line_to (cr, geo->plot.x + geo->plot.width, y);
      cairo_stroke (cr);
    }
  for (guint k = 0; k < geo->time_ticks->len; k++)
    {
      gint64 t = g_array_index (geo->time_ticks, gint64, k);
      double x = round (geo->plot.x + geo->plot.width * (t - geo->v_min) / (geo->v_max - geo->v_min)) + 0.5;
      set_rgb (cr, &pal->grid);
      cairo_move_to (cr, x, geo->plot.y - 4);
      cairo_line_to (cr, x, geo->plot.y + geo->plot.height);
      cairo_stroke (cr);
    }
  for (guint m = 0; m < geo->marks->len; m++)
    {
      const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
      rounded_rect (cr, mark->box.x, mark->box.y, mark->box.width, mark->box.height, 3);
      fill_series (cr, pal, mark->hit.row);
      cairo_new_path (cr);
    }
}

static void
draw_highlight (KefuChart *self,
                cairo_t   *cr)
{
  const Palette *pal = palette (self);
  const KefuChartMark *m;

  if (self->highlight < 0 || (guint) self->highlight >= self->geo.marks->len)
    return;
  m = &g_array_index (self->geo.marks, KefuChartMark, self->highlight);
  /* A fresh path: cairo_arc() joins a current point with a line. */
  cairo_new_path (cr);
  set_rgb (cr, &pal->focus);
  cairo_set_line_width (cr, 2);
  switch (m->shape)
    {
    case KEFU_CHART_MARK_SLICE:
      slice_path (cr, m, 2);
      break;
    case KEFU_CHART_MARK_POINT:
      cairo_arc (cr, m->cx, m->cy, 6, 0, 2 * G_PI);
      break;
    case KEFU_CHART_MARK_RECT:
    default:
      rounded_rect (cr, m->box.x - 2, m->box.y - 2, m->box.width + 4, m->box.height + 4, 3);
      break;
    }
  cairo_stroke (cr);
}

static gboolean
has_data (KefuChart *self)
{
  switch (self->kind)
    {
    case KEFU_CHART_BULLET:
      return self->bullets->len > 0;
    case KEFU_CHART_GANTT:
      return self->spans->len > 0;
    default:
      return self->series->len > 0 && n_categories (self) > 0;
    }
}

void
kefu_chart_render (KefuChart *self,
                   cairo_t   *cr,
                   double     width,
                   double     height)
{
  Ctx c = { 0 };

  g_return_if_fail (KEFU_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  geometry_clear (&self->geo);
  self->geo.width = width;
  self->geo.height = height;
  c.self = self;
  c.cr = cr;
  c.pal = palette (self);
  c.geo = &self->geo;
  c.pango = make_context (cr);

  cairo_save (cr);
  if (!has_data (self))
    {
      double h;
      layout_header (&c, FALSE);
      measure (&c, _("No data for this period"), FONT_SIZE, FALSE, NULL, &h);
      add_text (&c, KEFU_CHART_TEXT_NOTE, _("No data for this period"), width / 2,
                c.top + (height - c.top - h) / 2, 0, width - 2 * PAD, FONT_SIZE, FALSE);
      draw_texts (self, cr);
      cairo_restore (cr);
      g_object_unref (c.pango);
      g_free (c.cat_w);
      g_free (c.cat_h);
      return;
    }

  switch (self->kind)
    {
    case KEFU_CHART_LINE:
      layout_cartesian (&c);
      draw_line (self, cr);
      break;
    case KEFU_CHART_STACKED_BARS:
    case KEFU_CHART_HISTOGRAM:
      layout_cartesian (&c);
      draw_bars (self, cr);
      break;
    case KEFU_CHART_DONUT:
      layout_donut (&c);
      draw_donut (self, cr);
      break;
    case KEFU_CHART_HEATMAP:
      layout_heatmap (&c);
      draw_heatmap (self, cr);
      break;
    case KEFU_CHART_BULLET:
      layout_bullets (&c);
      draw_bullets (self, cr);
      break;
    case KEFU_CHART_SPARKLINES:
      layout_sparklines (&c);
      draw_sparklines (self, cr);
      break;
    case KEFU_CHART_RADAR:
      layout_radar (&c);
      draw_radar (self, cr);
      break;
    case KEFU_CHART_GANTT:
      layout_gantt (&c);
      draw_gantt (self, cr);
      break;
    default:
      g_assert_not_reached ();
    }
  if (self->kind != KEFU_CHART_HEATMAP)   /* its one swatch is the colour ramp */
    draw_swatches (self, cr);
  draw_texts (self, cr);
  draw_highlight (self, cr);
  cairo_restore (cr);
  g_object_unref (c.pango);
  g_free (c.cat_w);
  g_free (c.cat_h);
}

/* ---- questions ---------------------------------------------------------------- */

static gboolean
rect_contains (const KefuChartRect *r,
               double               x,
               double               y)
{
  return x >= r->x && x < r->x + r->width && y >= r->y && y < r->y + r->height;
}

static gboolean
slice_contains (const KefuChartMark *m,
                double               x,
                double               y)
{
  double dx = x - m->ox, dy = y - m->oy, r = sqrt (dx * dx + dy * dy), a = atan2 (dy, dx);

  if (r < m->r0 || r > m->r1)
    return FALSE;
  while (a < m->a0)
    a += 2 * G_PI;
  return a < m->a1;
}

gboolean
kefu_chart_hit (KefuChart    *self,
                double        x,
                double        y,
                KefuChartHit *hit)
{
  int best = -1;
  double best_d = G_MAXDOUBLE;

  g_return_val_if_fail (KEFU_IS_CHART (self), FALSE);

  for (guint i = 0; i < self->geo.marks->len; i++)
    {
      const KefuChartMark *m = &g_array_index (self->geo.marks, KefuChartMark, i);
      double d;

      if (m->shape == KEFU_CHART_MARK_SLICE)
        {
          if (!slice_contains (m, x, y))
            continue;
          d = 0;
        }
      else
        {
          if (!rect_contains (&m->area, x, y))
            continue;
          d = m->shape == KEFU_CHART_MARK_POINT ? hypot (x - m->cx, y - m->cy) : 0;
        }
      if (d < best_d)
        {
          best_d = d;
          best = i;
        }
    }
  if (best < 0)
    return FALSE;
  if (hit != NULL)
    *hit = g_array_index (self->geo.marks, KefuChartMark, best).hit;
  return TRUE;
}

int
kefu_chart_find_mark (KefuChart          *self,
                      const KefuChartHit *hit)
{
  g_return_val_if_fail (KEFU_IS_CHART (self), -1);
  g_return_val_if_fail (hit != NULL, -1);

  for (guint i = 0; i < self->geo.marks->len; i++)
    {
      const KefuChartHit *h = &g_array_index (self->geo.marks, KefuChartMark, i).hit;
      if (h->series == hit->series && h->category == hit->category && h->row == hit->row)
        return i;
    }
  return -1;
}

guint
kefu_chart_get_n_marks (KefuChart *self)
{
  g_return_val_if_fail (KEFU_IS_CHART (self), 0);
  return self->geo.marks->len;
}

gboolean
kefu_chart_get_mark (KefuChart    *self,
                     guint         index,
                     KefuChartHit *hit,
                     double       *x,
                     double       *y,
                     double       *w,
                     double       *h)
{
  const KefuChartMark *m;

  g_return_val_if_fail (KEFU_IS_CHART (self), FALSE);
  if (index >= self->geo.marks->len)
    return FALSE;
  m = &g_array_index (self->geo.marks, KefuChartMark, index);
  if (hit != NULL)
    *hit = m->hit;
  if (x != NULL)
    *x = m->box.x;
  if (y != NULL)
    *y = m->box.y;
  if (w != NULL)
    *w = m->box.width;
  if (h != NULL)
    *h = m->box.height;
  return TRUE;
}

static char *
span_dates (const Span *s)
{
  g_autofree char *start = format_local (s->start, "%Y-%m-%d");
  g_autofree char *end = format_local (s->end, "%Y-%m-%d");
  int days = (int) ((s->end - s->start + 43200) / 86400);

  /* TRANSLATORS: a span of dates and its length, e.g. "2024-03-01 – 2024-04-30 (60 days)" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s – %s (%d day)", "%s – %s (%d days)", days),
                          start, end, days);
}

static char *
bullet_text (const Bullet *b)
{
  g_autofree char *value = kefu_chart_format_value (b->format, b->value);
  g_autofree char *target = kefu_chart_format_value (b->format, b->target);
  GString *text = g_string_new (NULL);

  /* TRANSLATORS: a KPI and its value, e.g. "Satisfaction: 92.5" */
  g_string_append_printf (text, _("%s: %s"), b->label, value);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, b->higher_is_better ? _("Target: at least %s") : _("Target: at most %s"), target);
  g_string_append_c (text, ' ');
  g_string_append (text, bullet_meets_target (b) ? _("(met)") : _("(missed)"));
  if (isfinite (b->previous))
    {
      g_autofree char *previous = kefu_chart_format_value (b->format, b->previous);
      g_autofree char *change = bullet_change (b);
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Previous period: %s (%s)"), previous, change);
    }
  return g_string_free (text, FALSE);
}

char *
kefu_chart_describe_hit (KefuChart          *self,
                         const KefuChartHit *hit)
{
  double v;
  g_autofree char *value = NULL;

  g_return_val_if_fail (KEFU_IS_CHART (self), NULL);
  g_return_val_if_fail (hit != NULL, NULL);

  switch (self->kind)
    {
    case KEFU_CHART_BULLET:
      if (hit->category < 0 || (guint) hit->category >= self->bullets->len)
        return NULL;
      return bullet_text (self->bullets->pdata[hit->category]);

    case KEFU_CHART_GANTT:
      {
        Span *s;
        g_autofree char *dates = NULL;

        if (hit->series < 0 || (guint) hit->series >= self->spans->len)
          return NULL;
        s = self->spans->pdata[hit->series];
        dates = span_dates (s);
        return g_strdup_printf ("%s\n%s\n%s", row_name (self, s->row), s->label, dates);
      }

    default:
      break;
    }

  if (hit->series < 0 || (guint) hit->series >= self->series->len || hit->category < 0)
    return NULL;
  v = value_at (self, hit->series, hit->category);
  value = kefu_chart_format_value (self->format, v);

  switch (self->kind)
    {
    case KEFU_CHART_DONUT:
      {
        double total = 0;
        g_autofree char *share = NULL;

        for (guint i = 0; i < n_categories (self); i++)
          {
            double x = value_at (self, 0, i);
            if (isfinite (x) && x > 0)
              total += x;
          }
        share = kefu_chart_format_value (KEFU_CHART_FORMAT_PERCENT, total > 0 ? v / total : NAN);
        /* TRANSLATORS: a slice: its name, value and share, e.g. "Repair: 1,204 (48.2% of the total)" */
        return g_strdup_printf (_("%s: %s (%s of the total)"), category_name (self, hit->category), value, share);
      }

    case KEFU_CHART_HEATMAP:
      /* TRANSLATORS: a heat-map cell: row · column: value */
      return g_strdup_printf (_("%s · %s: %s"), row_name (self, hit->series), category_name (self, hit->category), value);

    case KEFU_CHART_SPARKLINES:
    case KEFU_CHART_RADAR:
      return g_strdup_printf (_("%s · %s: %s"), series_name (self, hit->series), category_name (self, hit->category), value);

    case KEFU_CHART_STACKED_BARS:
      {
        g_autofree char *total = kefu_chart_format_value (self->format, category_total (self, hit->category));
        g_autofree char *line = g_strdup_printf (_("%s: %s"), series_name (self, hit->series), value);
        g_autofree char *total_line = g_strdup_printf (_("Total: %s"), total);
        return g_strdup_printf ("%s\n%s\n%s", category_name (self, hit->category), line, total_line);
      }

    case KEFU_CHART_LINE:
    case KEFU_CHART_HISTOGRAM:
    default:
      if (*series_name (self, hit->series) == '\0')
        return g_strdup_printf (_("%s: %s"), category_name (self, hit->category), value);
      else
        {
          g_autofree char *line = g_strdup_printf (_("%s: %s"), series_name (self, hit->series), value);
          return g_strdup_printf ("%s\n%s", category_name (self, hit->category), line);
        }
    }
}

static const char *
kind_name (KefuChartKind kind)
{
  switch (kind)
    {
    case KEFU_CHART_LINE: return _("Line chart");
    case KEFU_CHART_STACKED_BARS: return _("Stacked bar chart");
    case KEFU_CHART_DONUT: return _("Donut chart");
    case KEFU_CHART_HISTOGRAM: return _("Histogram");
    case KEFU_CHART_HEATMAP: return _("Heat map");
    case KEFU_CHART_BULLET: return _("Bullet chart");
    case KEFU_CHART_SPARKLINES: return _("Sparklines");
    case KEFU_CHART_RADAR: return _("Radar chart");
    case KEFU_CHART_GANTT: return _("Gantt chart");
    default: return "";
    }
}

/* "name: cat v, cat v, …" for one series (or one heat-map row). */
static void
append_values (KefuChart  *self,
               GString    *text,
               const char *name,
               guint       series)
{
  const char *separator = C_("list separator", ", ");
  guint n = n_categories (self);

  g_string_append_c (text, ' ');
  if (name != NULL && *name != '\0')
    g_string_append_printf (text, _("%s: "), name);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = kefu_chart_format_value (self->format, value_at (self, series, i));
      if (i > 0)
        g_string_append (text, separator);
      g_string_append_printf (text, "%s %s", category_name (self, i), value);
    }
  g_string_append (text, C_("end of sentence", "."));
}

char *
kefu_chart_describe (KefuChart *self)
{
  GString *text;

  g_return_val_if_fail (KEFU_IS_CHART (self), NULL);

  text = g_string_new (NULL);
  if (self->title != NULL && *self->title != '\0')
    /* TRANSLATORS: the kind of chart and its title, e.g. "Line chart: Tickets per month." */
    g_string_append_printf (text, _("%s: %s."), kind_name (self->kind), self->title);
  else
    g_string_append_printf (text, "%s%s", kind_name (self->kind), C_("end of sentence", "."));

  if (!has_data (self))
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("No data for this period"));
      g_string_append (text, C_("end of sentence", "."));
      return g_string_free (text, FALSE);
    }

  switch (self->kind)
    {
    case KEFU_CHART_BULLET:
      for (guint i = 0; i < self->bullets->len; i++)
        {
          g_autofree char *line = bullet_text (self->bullets->pdata[i]);
          g_strdelimit (line, "\n", ' ');
          g_string_append_printf (text, " %s%s", line, C_("end of sentence", "."));
        }
      break;

    case KEFU_CHART_GANTT:
      for (guint i = 0; i < self->spans->len; i++)
        {
          Span *s = self->spans->pdata[i];
          g_autofree char *dates = span_dates (s);
          g_string_append_printf (text, " %s · %s: %s%s", row_name (self, s->row), s->label, dates,
                                  C_("end of sentence", "."));
        }
      break;

    case KEFU_CHART_DONUT:
      {
        double total = 0;
        const char *separator = C_("list separator", ", ");

        for (guint i = 0; i < n_categories (self); i++)
          {
            double v = value_at (self, 0, i);
            if (isfinite (v) && v > 0)
              total += v;
          }
        g_string_append_c (text, ' ');
        for (guint i = 0; i < n_categories (self); i++)
          {
            double v = value_at (self, 0, i);
            g_autofree char *value = kefu_chart_format_value (self->format, v);
            g_autofree char *share = kefu_chart_format_value (KEFU_CHART_FORMAT_PERCENT, total > 0 ? v / total : NAN);
            if (i > 0)
              g_string_append (text, separator);
            g_string_append_printf (text, "%s %s (%s)", category_name (self, i), value, share);
          }
        {
          g_autofree char *value = kefu_chart_format_value (self->format, total);
          g_string_append (text, C_("end of sentence", "."));
          g_string_append_c (text, ' ');
          g_string_append_printf (text, _("Total: %s"), value);
          g_string_append (text, C_("end of sentence", "."));
        }
      }
      break;

    case KEFU_CHART_HEATMAP:
      for (guint r = 0; r < self->series->len; r++)
        append_values (self, text, row_name (self, r), r);
      break;

    default:
      for (guint s = 0; s < self->series->len; s++)
        append_values (self, text, series_name (self, s), s);
      if (self->has_target && (self->kind == KEFU_CHART_LINE || self->kind == KEFU_CHART_HISTOGRAM))
        {
          g_autofree char *value = kefu_chart_format_value (self->kind == KEFU_CHART_HISTOGRAM &&
                                                            self->format == KEFU_CHART_FORMAT_COUNT
                                                            ? KEFU_CHART_FORMAT_SCORE : self->format,
                                                            self->target);
          g_string_append_c (text, ' ');
          g_string_append_printf (text, _("Target %s"), value);
          g_string_append (text, C_("end of sentence", "."));
        }
      break;
    }
  return g_string_free (text, FALSE);
}

/* ---- export ------------------------------------------------------------------- */

gboolean
kefu_chart_export (KefuChart   *self,
                   const char  *path,
                   int          width,
                   int          height,
                   GError     **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GError) local_error = NULL;
  KefuSafeFile file = { NULL, NULL };
  const char *tmp;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;
  gboolean png = FALSE;
  const Palette *pal;

  g_return_val_if_fail (KEFU_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  if (width <= 0 || height <= 0)
    {
      g_set_error (error, KEFU_CHART_ERROR, KEFU_CHART_ERROR_FORMAT,
                   _("Cannot export the chart to “%s”: the size %d × %d is empty"), display, width, height);
      return FALSE;
    }

  lower = g_ascii_strdown (path, -1);
  if (!g_str_has_suffix (lower, ".png") && !g_str_has_suffix (lower, ".svg") && !g_str_has_suffix (lower, ".pdf"))
    {
      g_set_error (error, KEFU_CHART_ERROR, KEFU_CHART_ERROR_FORMAT,
                   _("Cannot export the chart to “%s”: the file name must end in .png, .svg or .pdf"), display);
      return FALSE;
    }
  /* Written beside the file and renamed: it appears complete or not at all. */
  if (!kefu_safe_file_begin (&file, path, &local_error))
    {
      g_set_error (error, KEFU_CHART_ERROR, KEFU_CHART_ERROR_WRITE,
                   _("Cannot write the chart to “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  tmp = file.tmp;
  if (g_str_has_suffix (lower, ".png"))
    {
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      png = TRUE;
    }
  else if (g_str_has_suffix (lower, ".svg"))
    surface = cairo_svg_surface_create (tmp, width, height);
  else
    surface = cairo_pdf_surface_create (tmp, width, height);

  cr = cairo_create (surface);
  pal = palette (self);
  set_rgb (cr, &pal->bg);
  cairo_paint (cr);
  kefu_chart_render (self, cr, width, height);
  cairo_destroy (cr);

  if (png)
    status = cairo_surface_write_to_png (surface, tmp);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KEFU_CHART_ERROR, KEFU_CHART_ERROR_WRITE,
                   _("Cannot write the chart to “%s”: %s"), display, cairo_status_to_string (status));
      kefu_safe_file_abort (&file);
      return FALSE;
    }
  if (!kefu_safe_file_commit (&file, &local_error))
    {
      g_set_error (error, KEFU_CHART_ERROR, KEFU_CHART_ERROR_WRITE,
                   _("Cannot write the chart to “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}
