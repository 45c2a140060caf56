/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-heatmap.c — the heat map: rows × categories, its colour
 * ramp as the legend (layout and drawing)
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-chart-private.h"

/* ---- heat map --------------------------------------------------------------- */

static void
layout_heatmap (Ctx *c)
{
  KefuChart *self = c->self;
  KefuChartGeometry *geo = c->geo;
  guint n = kefu_chart_n_categories (self), rows = kefu_chart_n_rows (self);
  g_autofree double *centres = g_new0 (double, MAX (n, 1));
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, row_w = 0, lh = kefu_chart_line_height (c, FONT_SIZE);
  double small_h = kefu_chart_line_height (c, SMALL_SIZE), used, cell_h, scale_w = 0, row_step;
  gboolean show_values;
  g_autofree char *lo_text = NULL, *hi_text = NULL;

  kefu_chart_layout_header (c, FALSE);
  for (guint r = 0; r < rows; r++)
    {
      double w;
      kefu_chart_measure (c, kefu_chart_row_name (self, r), FONT_SIZE, FALSE, &w, NULL);
      row_w = MAX (row_w, w);
      for (guint i = 0; i < n; i++)
        {
          double v = kefu_chart_value_at (self, r, i);
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
    kefu_chart_measure (c, lo_text, SMALL_SIZE, FALSE, &w1, NULL);
    kefu_chart_measure (c, hi_text, SMALL_SIZE, FALSE, &w2, NULL);
    scale_w = 12 + 6 + MAX (w1, w2);
  }

  row_w = MIN (row_w, geo->width * 0.28);
  geo->plot.x = PAD + row_w + 8;
  geo->plot.y = c->top;
  geo->plot.width = MAX (geo->width - PAD - scale_w - 12 - geo->plot.x, 10);
  geo->slot = n > 0 ? geo->plot.width / n : geo->plot.width;
  for (guint i = 0; i < n; i++)
    centres[i] = geo->plot.x + (i + 0.5) * geo->slot;
  used = kefu_chart_layout_category_labels (c, centres, n, geo->slot, 0, FALSE);
  geo->plot.height = MAX (geo->height - PAD - used - 6 - geo->plot.y, 10);
  kefu_chart_layout_category_labels (c, centres, n, geo->slot, geo->plot.y + geo->plot.height + 6, TRUE);

  cell_h = rows > 0 ? geo->plot.height / rows : geo->plot.height;

  /* Numbers in the cells: in all of them or in none. */
  show_values = small_h + 2 <= cell_h;
  for (guint r = 0; r < rows && show_values; r++)
    for (guint i = 0; i < n && show_values; i++)
      {
        double v = kefu_chart_value_at (self, r, i), w;
        g_autofree char *label = isfinite (v) ? kefu_chart_format_value (self->format, v) : NULL;

        if (label == NULL)
          continue;
        kefu_chart_measure (c, label, SMALL_SIZE, FALSE, &w, NULL);
        show_values = w + 6 <= geo->slot;
      }
  row_step = ceil ((lh + 2) / MAX (cell_h, 1e-3));
  for (guint r = 0; r < rows; r += (guint) row_step)
    kefu_chart_add_text (c, KEFU_CHART_TEXT_ROW, kefu_chart_row_name (self, r), geo->plot.x - 8,
                         geo->plot.y + (r + 0.5) * cell_h - lh / 2, 1, row_w, FONT_SIZE, FALSE);

  for (guint r = 0; r < rows; r++)
    for (guint i = 0; i < n; i++)
      {
        double v = kefu_chart_value_at (self, r, i);
        KefuChartMark *m = kefu_chart_add_rect_mark (c, r, i, r, v, geo->plot.x + i * geo->slot, geo->plot.y + r * cell_h,
                                                     geo->slot, cell_h);
        g_autofree char *label = NULL;
        Rgb fill;
        KefuChartText *t;

        if (!isfinite (v) || !show_values)
          continue;
        label = kefu_chart_format_value (self->format, v);
        fill = kefu_chart_heat_colour (c->pal, (v - lo) / (hi - lo));
        t = kefu_chart_add_text (c, KEFU_CHART_TEXT_VALUE, label, m->cx, m->cy - small_h / 2, 0, 0, SMALL_SIZE, FALSE);
        t->ink = kefu_chart_luminance (&fill) > 0.45 ? 0 : 1;
      }

  /* The colour scale: high at the top. */
  {
    double sx = geo->plot.x + geo->plot.width + 12;
    double sh = MIN (geo->plot.height, 160);
    KefuChartRect ramp = { sx, geo->plot.y, 12, sh };

    g_array_append_val (geo->swatches, ramp);
    kefu_chart_add_text (c, KEFU_CHART_TEXT_TICK, hi_text, sx + 18, geo->plot.y, -1, 0, SMALL_SIZE, FALSE);
    kefu_chart_add_text (c, KEFU_CHART_TEXT_TICK, lo_text, sx + 18, geo->plot.y + sh - small_h, -1, 0, SMALL_SIZE, FALSE);
  }
}

static void
draw_heatmap (KefuChart *self,
              cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = kefu_chart_palette (self);

  for (guint m = 0; m < geo->marks->len; m++)
    {
      const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
      const KefuChartRect *r = &mark->box;
      double gap = MIN (r->width, r->height) > 8 ? 1 : 0;

      if (isfinite (mark->value))
        {
          Rgb fill = kefu_chart_heat_colour (pal, (mark->value - geo->v_min) / (geo->v_max - geo->v_min));
          kefu_chart_set_rgb (cr, &fill);
        }
      else
        kefu_chart_set_rgba (cr, &pal->track, 0.5);
      cairo_rectangle (cr, r->x + gap / 2, r->y + gap / 2, r->width - gap, r->height - gap);
      cairo_fill (cr);
    }
  if (geo->swatches->len > 0)
    {
      const KefuChartRect *r = &g_array_index (geo->swatches, KefuChartRect, 0);
      cairo_pattern_t *ramp = cairo_pattern_create_linear (0, r->y + r->height, 0, r->y);

      for (int k = 0; k <= 4; k++)
        {
          Rgb c = kefu_chart_heat_colour (pal, k / 4.0);
          cairo_pattern_add_color_stop_rgb (ramp, k / 4.0, c.r, c.g, c.b);
        }
      cairo_set_source (cr, ramp);
      cairo_rectangle (cr, r->x, r->y, r->width, r->height);
      cairo_fill (cr);
      cairo_pattern_destroy (ramp);
    }
}

const KefuChartFamily kefu_chart_heatmap_family = {
  .layout = layout_heatmap,
  .draw = draw_heatmap,
  .own_swatches = TRUE,   /* its one swatch is the colour ramp */
};
