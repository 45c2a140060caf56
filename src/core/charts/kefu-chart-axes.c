/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-axes.c — the value axis and the category labels of the
 * charts with axes: the value range, the scale, the tick labels, the
 * grid (the placement rules themselves are in kefu-chart-layout.c)
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-chart-private.h"

/* The value scale of the cartesian kinds. */
void
kefu_chart_value_extent (KefuChart *self,
                         double    *lo,
                         double    *hi)
{
  double min = G_MAXDOUBLE, max = -G_MAXDOUBLE;
  guint n = kefu_chart_n_categories (self);

  for (guint i = 0; i < n; i++)
    {
      if (self->kind == KEFU_CHART_STACKED_BARS)
        {
          min = 0;
          max = MAX (max, kefu_chart_category_total (self, i));
          continue;
        }
      for (guint s = 0; s < self->series->len; s++)
        {
          double v = kefu_chart_value_at (self, s, i);
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

double
kefu_chart_scale_y (const KefuChartGeometry *geo,
                    double                   v)
{
  return geo->plot.y + geo->plot.height * (geo->v_max - v) / (geo->v_max - geo->v_min);
}

/* Category labels below the plot; returns the height they take. With
 * @place FALSE only measures. */
double
kefu_chart_layout_category_labels (Ctx          *c,
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
        kefu_chart_measure (c, kefu_chart_category_name (self, i), FONT_SIZE, FALSE, &c->cat_w[i], &c->cat_h[i]);
    }
  step = kefu_chart_layout_axis_labels (centres, c->cat_w, c->cat_h, n, slot, &bounds, out, shown, &rotated, &used);
  if (!place)
    return used;

  c->geo->label_step = step;
  c->geo->labels_rotated = rotated;
  for (guint i = 0; i < n; i++)
    {
      if (!shown[i] || *kefu_chart_category_name (self, i) == '\0')
        continue;
      out[i].text = g_strdup (kefu_chart_category_name (self, i));
      g_array_append_val (c->geo->texts, out[i]);
    }
  return used;
}

void
kefu_chart_layout_value_ticks (Ctx   *c,
                               double right)
{
  KefuChartGeometry *geo = c->geo;

  for (guint i = 0; i < geo->n_ticks; i++)
    {
      double v = geo->v_min + i * geo->tick_step;
      g_autofree char *label = kefu_chart_format_tick (c->self->format, v, geo->tick_step);
      double lh = kefu_chart_line_height (c, SMALL_SIZE);
      double y = kefu_chart_scale_y (geo, v) - lh / 2;

      /* The lowest tick ends where the category labels begin (6 px
       * below the axis), so a rotated first label never touches it. */
      if (i == 0)
        y = MIN (y, geo->plot.y + geo->plot.height + 6 - lh);
      kefu_chart_add_text (c, KEFU_CHART_TEXT_TICK, label, right, y, 1, 0, SMALL_SIZE, FALSE);
    }
}

void
kefu_chart_draw_value_grid (KefuChart *self,
                            cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = kefu_chart_palette (self);

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < geo->n_ticks; i++)
    {
      double v = geo->v_min + i * geo->tick_step;
      double y = round (kefu_chart_scale_y (geo, v)) + 0.5;

      kefu_chart_set_rgb (cr, fabs (v) < geo->tick_step * 1e-6 ? &pal->axis : &pal->grid);
      cairo_move_to (cr, geo->plot.x, y);
      cairo_line_to (cr, geo->plot.x + geo->plot.width, y);
      cairo_stroke (cr);
    }
}
