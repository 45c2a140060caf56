/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart.c — a chart's data, the render pass and the questions about
 * the last render (see kefu-chart.h)
 *
 * Rendering is two passes: the chart family's layout computes every box
 * into self->geo (kefu-chart-private.h), then its draw paints from it.
 * Each family lives in its own file: kefu-chart-cartesian.c (line,
 * stacked bars, histogram), -donut, -heatmap, -bullet, -sparklines,
 * -radar and -gantt; what they share is in kefu-chart-canvas.c (text and
 * marks), -legend, -axes and -palette; the chart in words is in
 * kefu-chart-a11y.c, files in kefu-chart-export.c. Text is measured and
 * drawn with PangoLayout in the "Sans" family, with the language zh-cn
 * (kefu-text.h), so Chinese is set in Noto Sans CJK SC (or WenQuanYi)
 * whatever the locale.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kefu-chart-private.h"

G_DEFINE_QUARK (kefu-chart-error-quark, kefu_chart_error)

G_DEFINE_FINAL_TYPE (KefuChart, kefu_chart, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

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

guint
kefu_chart_n_categories (KefuChart *self)
{
  guint n = self->categories->len;

  for (guint i = 0; i < self->series->len; i++)
    n = MAX (n, ((Series *) self->series->pdata[i])->values->len);
  return n;
}

const char *
kefu_chart_category_name (KefuChart *self,
                          guint      i)
{
  return i < self->categories->len ? self->categories->pdata[i] : "";
}

guint
kefu_chart_n_rows (KefuChart *self)
{
  guint n = self->rows->len;

  if (self->kind == KEFU_CHART_HEATMAP)
    n = MAX (n, self->series->len);
  for (guint i = 0; i < self->spans->len; i++)
    n = MAX (n, ((Span *) self->spans->pdata[i])->row + 1);
  return n;
}

const char *
kefu_chart_row_name (KefuChart *self,
                     guint      i)
{
  if (i < self->rows->len)
    return self->rows->pdata[i];
  if (self->kind == KEFU_CHART_HEATMAP && i < self->series->len)
    return ((Series *) self->series->pdata[i])->name;
  return "";
}

double
kefu_chart_value_at (KefuChart *self,
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

const char *
kefu_chart_series_name (KefuChart *self,
                        guint      i)
{
  return i < self->series->len ? ((Series *) self->series->pdata[i])->name : "";
}

double
kefu_chart_category_total (KefuChart *self,
                           guint      category)
{
  double total = 0;

  for (guint s = 0; s < self->series->len; s++)
    {
      double v = kefu_chart_value_at (self, s, category);
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

/* The family of each kind: its layout and drawing are in its file. */
static const KefuChartFamily *const families[] = {
  [KEFU_CHART_LINE] = &kefu_chart_line_family,
  [KEFU_CHART_STACKED_BARS] = &kefu_chart_stacked_bars_family,
  [KEFU_CHART_DONUT] = &kefu_chart_donut_family,
  [KEFU_CHART_HISTOGRAM] = &kefu_chart_histogram_family,
  [KEFU_CHART_HEATMAP] = &kefu_chart_heatmap_family,
  [KEFU_CHART_BULLET] = &kefu_chart_bullet_family,
  [KEFU_CHART_SPARKLINES] = &kefu_chart_sparklines_family,
  [KEFU_CHART_RADAR] = &kefu_chart_radar_family,
  [KEFU_CHART_GANTT] = &kefu_chart_gantt_family,
};

static const KefuChartFamily *
family (KefuChart *self)
{
  g_assert ((guint) self->kind < G_N_ELEMENTS (families) && families[self->kind] != NULL);
  return families[self->kind];
}

gboolean
kefu_chart_has_data (KefuChart *self)
{
  const KefuChartFamily *f = family (self);

  if (f->has_data != NULL)
    return f->has_data (self);
  return self->series->len > 0 && kefu_chart_n_categories (self) > 0;
}

void
kefu_chart_render (KefuChart *self,
                   cairo_t   *cr,
                   double     width,
                   double     height)
{
  Ctx c = { 0 };
  const KefuChartFamily *f;

  g_return_if_fail (KEFU_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  geometry_clear (&self->geo);
  self->geo.width = width;
  self->geo.height = height;
  c.self = self;
  c.cr = cr;
  c.pal = kefu_chart_palette (self);
  c.geo = &self->geo;
  c.pango = kefu_chart_pango_context (cr);

  cairo_save (cr);
  if (!kefu_chart_has_data (self))
    {
      double h;
      kefu_chart_layout_header (&c, FALSE);
      kefu_chart_measure (&c, _("No data for this period"), FONT_SIZE, FALSE, NULL, &h);
      kefu_chart_add_text (&c, KEFU_CHART_TEXT_NOTE, _("No data for this period"), width / 2,
                           c.top + (height - c.top - h) / 2, 0, width - 2 * PAD, FONT_SIZE, FALSE);
      kefu_chart_draw_texts (self, cr);
      cairo_restore (cr);
      g_object_unref (c.pango);
      g_free (c.cat_w);
      g_free (c.cat_h);
      return;
    }

  f = family (self);
  f->layout (&c);
  f->draw (self, cr);
  if (!f->own_swatches)
    kefu_chart_draw_swatches (self, cr);
  kefu_chart_draw_texts (self, cr);
  kefu_chart_draw_highlight (self, cr);
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
