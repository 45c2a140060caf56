/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-cartesian.c — the line chart, the stacked bar chart and the
 * histogram: one value axis over the categories (layout and drawing)
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kefu-chart-private.h"

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

/* ---- line, stacked bars, histogram ------------------------------------------ */

static void
layout_cartesian (Ctx *c)
{
  KefuChart *self = c->self;
  KefuChartGeometry *geo = c->geo;
  guint n = kefu_chart_n_categories (self);
  g_autofree double *centres = g_new0 (double, MAX (n, 1));
  double lo, hi, tick_w = 0, lh = kefu_chart_line_height (c, FONT_SIZE), small_h = kefu_chart_line_height (c, SMALL_SIZE);
  double plot_top, avail, used;
  guint max_ticks;

  kefu_chart_layout_header (c, self->kind != KEFU_CHART_HISTOGRAM && self->series->len > 1);
  kefu_chart_value_extent (self, &lo, &hi);

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
      kefu_chart_measure (c, label, SMALL_SIZE, FALSE, &w, NULL);
      tick_w = MAX (tick_w, w);
    }

  geo->plot.x = PAD + tick_w + 8;
  geo->plot.width = MAX (geo->width - PAD - geo->plot.x, 10);
  geo->slot = n > 0 ? geo->plot.width / n : geo->plot.width;
  for (guint i = 0; i < n; i++)
    centres[i] = geo->plot.x + (i + 0.5) * geo->slot;

  used = kefu_chart_layout_category_labels (c, centres, n, geo->slot, 0, FALSE);
  geo->plot.y = plot_top;
  geo->plot.height = MAX (geo->height - PAD - used - 6 - plot_top, 20);
  kefu_chart_layout_category_labels (c, centres, n, geo->slot, geo->plot.y + geo->plot.height + 6, TRUE);
  kefu_chart_layout_value_ticks (c, geo->plot.x - 8);

  if (self->kind == KEFU_CHART_LINE)
    {
      for (guint s = 0; s < self->series->len; s++)
        for (guint i = 0; i < n; i++)
          {
            double v = kefu_chart_value_at (self, s, i);
            KefuChartRect column = { geo->plot.x + i * geo->slot, geo->plot.y, geo->slot, geo->plot.height };

            if (isfinite (v))
              kefu_chart_add_point_mark (c, s, i, -1, v, centres[i], kefu_chart_scale_y (geo, v), &column);
          }
      if (self->has_target)
        {
          g_autofree char *value = kefu_chart_format_value (self->format, self->target);
          g_autofree char *label = self->target_label != NULL
            ? g_strdup (self->target_label)
            : g_strdup_printf (_("Target %s"), value);

          geo->target_pos = kefu_chart_scale_y (geo, self->target);
          kefu_chart_add_text (c, KEFU_CHART_TEXT_NOTE, label, geo->plot.x + geo->plot.width - 2,
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
          double v = kefu_chart_value_at (self, s, i);
          double y0, y1;
          KefuChartMark *m;

          if (!isfinite (v) || v <= 0)
            continue;
          y0 = kefu_chart_scale_y (geo, base);
          y1 = kefu_chart_scale_y (geo, base + v);
          m = kefu_chart_add_rect_mark (c, s, i, -1, v, x, y1, bar_w, y0 - y1);
          base += v;
          total += v;

          /* The segment's value inside it, when it fits. */
          if (self->kind == KEFU_CHART_STACKED_BARS && self->series->len > 1)
            {
              g_autofree char *label = kefu_chart_format_value (self->format, v);
              double w, h;

              kefu_chart_measure (c, label, SMALL_SIZE, FALSE, &w, &h);
              if (w + 6 <= m->box.width && h + 2 <= m->box.height)
                {
                  const Rgb *fill = &c->pal->series[s % N_SERIES_COLOURS];
                  KefuChartText *t = kefu_chart_add_text (c, KEFU_CHART_TEXT_VALUE, label, m->cx, m->cy - h / 2, 0, 0,
                                                          SMALL_SIZE, FALSE);
                  t->ink = kefu_chart_luminance (fill) > 0.45 ? 0 : 1;
                }
            }
        }
      if (total > 0)
        {
          g_autofree char *label = kefu_chart_format_value (self->format, total);
          double w, h;

          kefu_chart_measure (c, label, SMALL_SIZE, FALSE, &w, &h);
          if (w + 2 <= geo->slot && kefu_chart_scale_y (geo, total) - h - 2 >= c->top)
            kefu_chart_add_text (c, KEFU_CHART_TEXT_VALUE, label, centres[i], kefu_chart_scale_y (geo, total) - h - 2, 0, 0,
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
          kefu_chart_measure (c, label, SMALL_SIZE, FALSE, &w, NULL);
          if (x + 4 + w <= geo->plot.x + geo->plot.width)
            kefu_chart_add_text (c, KEFU_CHART_TEXT_NOTE, label, x + 4, geo->plot.y, -1, 0, SMALL_SIZE, FALSE);
          else
            kefu_chart_add_text (c, KEFU_CHART_TEXT_NOTE, label, x - 4, geo->plot.y, 1, x - 4 - geo->plot.x, SMALL_SIZE, FALSE);
        }
    }
}

static void
draw_line (KefuChart *self,
           cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = kefu_chart_palette (self);

  kefu_chart_draw_value_grid (self, cr);
  if (isfinite (geo->target_pos))
    {
      static const double dash[] = { 5, 4 };
      kefu_chart_set_rgb (cr, &pal->muted);
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
      kefu_chart_set_rgb (cr, colour);
      kefu_chart_series_dash (cr, s);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      if (geo->slot >= 14)
        for (guint m = 0; m < geo->marks->len; m++)
          {
            const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
            if (mark->hit.series != s)
              continue;
            cairo_arc (cr, mark->cx, mark->cy, geo->slot >= 28 ? 3.5 : 2.5, 0, 2 * G_PI);
            kefu_chart_set_rgb (cr, colour);
            cairo_fill_preserve (cr);
            kefu_chart_set_rgb (cr, &pal->bg);
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
  const Palette *pal = kefu_chart_palette (self);

  kefu_chart_draw_value_grid (self, cr);
  for (guint m = 0; m < geo->marks->len; m++)
    {
      const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
      const KefuChartRect *r = &mark->box;

      cairo_rectangle (cr, r->x, r->y, r->width, r->height);
      kefu_chart_fill_series (cr, pal, self->kind == KEFU_CHART_HISTOGRAM ? 0 : mark->hit.series);
      cairo_new_path (cr);
      /* A hairline of background between stacked segments. */
      if (self->kind == KEFU_CHART_STACKED_BARS && r->height > 2)
        {
          kefu_chart_set_rgb (cr, &pal->bg);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, r->x, r->y + 0.5);
          cairo_line_to (cr, r->x + r->width, r->y + 0.5);
          cairo_stroke (cr);
        }
    }
  if (isfinite (geo->target_pos))
    {
      static const double dash[] = { 5, 4 };
      kefu_chart_set_rgb (cr, &pal->fg);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, geo->target_pos, geo->plot.y);
      cairo_line_to (cr, geo->target_pos, geo->plot.y + geo->plot.height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

const KefuChartFamily kefu_chart_line_family = {
  .layout = layout_cartesian,
  .draw = draw_line,
};

const KefuChartFamily kefu_chart_stacked_bars_family = {
  .layout = layout_cartesian,
  .draw = draw_bars,
};

const KefuChartFamily kefu_chart_histogram_family = {
  .layout = layout_cartesian,
  .draw = draw_bars,
};
