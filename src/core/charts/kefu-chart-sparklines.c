/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-sparklines.c — sparklines: one row per series with its
 * name, a small line and its last value (layout and drawing)
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-chart-private.h"

/* ---- sparklines ------------------------------------------------------------- */

static void
layout_sparklines (Ctx *c)
{
  KefuChart *self = c->self;
  KefuChartGeometry *geo = c->geo;
  guint rows = self->series->len, n = kefu_chart_n_categories (self);
  double lh = kefu_chart_line_height (c, FONT_SIZE), small_h = kefu_chart_line_height (c, SMALL_SIZE);
  double name_w = 0, value_w = 0, row_h, x0, x1, lo = 0, hi = -G_MAXDOUBLE;
  KefuChartRect area;

  kefu_chart_layout_header (c, FALSE);
  area = (KefuChartRect) { PAD, c->top, geo->width - 2 * PAD, geo->height - c->top - PAD - small_h - 4 };
  if (rows == 0)
    return;
  row_h = MIN (area.height / rows, 44);

  for (guint s = 0; s < rows; s++)
    {
      Series *series = self->series->pdata[s];
      double w;
      g_autofree char *last = NULL;

      kefu_chart_measure (c, series->name, FONT_SIZE, FALSE, &w, NULL);
      name_w = MAX (name_w, w);
      for (guint i = 0; i < series->values->len; i++)
        {
          double v = g_array_index (series->values, double, i);
          if (isfinite (v))
            lo = MIN (lo, v), hi = MAX (hi, v);
        }
      last = kefu_chart_format_value (self->format, series->values->len > 0
                                      ? g_array_index (series->values, double, series->values->len - 1) : NAN);
      kefu_chart_measure (c, last, FONT_SIZE, TRUE, &w, NULL);
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

      kefu_chart_add_text (c, KEFU_CHART_TEXT_ROW, series->name, area.x, cy - lh / 2, -1, name_w, FONT_SIZE, FALSE);
      kefu_chart_add_text (c, KEFU_CHART_TEXT_VALUE, last, area.x + area.width, cy - lh / 2, 1, value_w, FONT_SIZE, TRUE);
      for (guint i = 0; i < n; i++)
        {
          double v = kefu_chart_value_at (self, s, i);
          double x = n > 1 ? x0 + geo->slot * i : (x0 + x1) / 2;
          KefuChartRect column = { x - geo->slot / 2, y, geo->slot, row_h };

          if (isfinite (v))
            kefu_chart_add_point_mark (c, s, i, -1, v, x, bottom - (bottom - top) * (v - lo) / (hi - lo), &column);
        }
    }

  /* What the x axis spans: the first and last categories. */
  if (n > 0)
    {
      double y = area.y + rows * row_h + 4;
      KefuChartText *first = kefu_chart_add_text (c, KEFU_CHART_TEXT_CATEGORY, kefu_chart_category_name (self, 0), x0, y, -1,
                                                  (x1 - x0) / 2 - 4, SMALL_SIZE, FALSE);
      if (n > 1)
        kefu_chart_add_text (c, KEFU_CHART_TEXT_CATEGORY, kefu_chart_category_name (self, n - 1), x1, y, 1,
                             MAX (x1 - (first->x + first->width) - 8, 0), SMALL_SIZE, FALSE);
    }
}

static void
draw_sparklines (KefuChart *self,
                 cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = kefu_chart_palette (self);
  guint rows = self->series->len;
  double row_h = rows > 0 ? geo->plot.height / rows : 0;

  for (guint s = 0; s < rows; s++)
    {
      double bottom = geo->plot.y + (s + 1) * row_h;
      const KefuChartMark *first = NULL, *last = NULL;

      /* Row rules. */
      kefu_chart_set_rgb (cr, &pal->grid);
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
        kefu_chart_set_rgba (cr, &pal->series[0], 0.14);
        cairo_fill (cr);
        cairo_append_path (cr, line);
        cairo_path_destroy (line);
      }
      kefu_chart_set_rgb (cr, &pal->series[0]);
      cairo_set_line_width (cr, 1.5);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
      cairo_arc (cr, last->cx, last->cy, 3, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

const KefuChartFamily kefu_chart_sparklines_family = {
  .layout = layout_sparklines,
  .draw = draw_sparklines,
};
