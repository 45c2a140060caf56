/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-radar.c — the radar chart: the categories as axes, one
 * polygon per series (layout and drawing)
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-chart-private.h"

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
  guint n = kefu_chart_n_categories (self);
  double lh = kefu_chart_line_height (c, FONT_SIZE), label_w = 0, lo, hi, R, cx, cy;
  KefuChartRect area;

  kefu_chart_layout_header (c, self->series->len > 1);
  area = (KefuChartRect) { PAD, c->top, geo->width - 2 * PAD, geo->height - c->top - PAD };
  kefu_chart_value_extent (self, &lo, &hi);
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
      kefu_chart_measure (c, kefu_chart_category_name (self, i), FONT_SIZE, FALSE, &w, NULL);
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
      kefu_chart_add_text (c, KEFU_CHART_TEXT_CATEGORY, kefu_chart_category_name (self, i), x, y, align, room, FONT_SIZE, FALSE);
    }
  {
    double small_h = kefu_chart_line_height (c, SMALL_SIZE);
    double ring_gap = R * geo->tick_step / (geo->v_max - geo->v_min);
    guint every = (guint) MAX (ceil ((small_h + 2) / MAX (ring_gap, 1e-3)), 1);

    for (guint k = every; k < geo->n_ticks; k += every)
      {
        double v = geo->v_min + k * geo->tick_step;
        g_autofree char *label = kefu_chart_format_tick (self->format, v, geo->tick_step);
        double r = R * (v - geo->v_min) / (geo->v_max - geo->v_min);

        if (k + 1 == geo->n_ticks && n > 0)
          continue;   /* the outer ring's value would sit on the first axis label */
        kefu_chart_add_text (c, KEFU_CHART_TEXT_TICK, label, cx + 4, cy - r - small_h / 2, -1, 0, SMALL_SIZE, FALSE);
      }
  }

  for (guint s = 0; s < self->series->len; s++)
    for (guint i = 0; i < n; i++)
      {
        double v = kefu_chart_value_at (self, s, i), x, y;

        if (!isfinite (v))
          continue;
        radar_point (geo, i, n, R * CLAMP ((v - geo->v_min) / (geo->v_max - geo->v_min), 0, 1), &x, &y);
        kefu_chart_add_point_mark (c, s, i, -1, v, x, y, NULL);
      }
}

static void
draw_radar (KefuChart *self,
            cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = kefu_chart_palette (self);
  guint n = kefu_chart_n_categories (self);
  double R = geo->plot.width / 2, x, y;

  if (n < 3)
    return;
  cairo_set_line_width (cr, 1);
  for (guint k = 1; k < geo->n_ticks; k++)
    {
      double r = R * (k * geo->tick_step) / (geo->v_max - geo->v_min);
      kefu_chart_set_rgb (cr, k + 1 == geo->n_ticks ? &pal->axis : &pal->grid);
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
  kefu_chart_set_rgb (cr, &pal->grid);
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
          kefu_chart_set_rgba (cr, colour, 0.14);
          cairo_fill_preserve (cr);
        }
      kefu_chart_set_rgb (cr, colour);
      cairo_set_line_width (cr, 2);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      kefu_chart_series_dash (cr, s);
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

const KefuChartFamily kefu_chart_radar_family = {
  .layout = layout_radar,
  .draw = draw_radar,
};
