/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-donut.c — the donut chart: slices, their labels and the
 * total in the middle (layout and drawing)
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-chart-private.h"

/* ---- donut ------------------------------------------------------------------ */

static void
layout_donut (Ctx *c)
{
  KefuChart *self = c->self;
  KefuChartGeometry *geo = c->geo;
  guint n = kefu_chart_n_categories (self);
  double total = 0, lh = kefu_chart_line_height (c, FONT_SIZE), angle = -G_PI / 2;
  KefuChartRect area;
  double d, legend_x, legend_y, legend_w, row_h, right_w;
  gboolean with_values;
  guint n_rows_fit;
  g_autofree char *total_text = NULL;

  kefu_chart_layout_header (c, FALSE);
  area = (KefuChartRect) { PAD, c->top, geo->width - 2 * PAD, geo->height - c->top - PAD };
  for (guint i = 0; i < n; i++)
    {
      double v = kefu_chart_value_at (self, 0, i);
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
      double v = kefu_chart_value_at (self, 0, i);
      double span, mid, r0 = d / 2 * 0.6, r1 = d / 2;
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
      KefuChartMark *m;

      if (!isfinite (v) || v <= 0)
        continue;
      span = 2 * G_PI * v / total;
      m = kefu_chart_add_mark (c, KEFU_CHART_MARK_SLICE, 0, i, -1, v);
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
    kefu_chart_measure (c, total_text, 20, TRUE, NULL, &th);
    kefu_chart_add_text (c, KEFU_CHART_TEXT_NOTE, total_text, geo->plot.x + d / 2, geo->plot.y + d / 2 - (th + lh) / 2, 0,
                         d * 0.55, 20, TRUE);
    kefu_chart_add_text (c, KEFU_CHART_TEXT_NOTE, _("Total"), geo->plot.x + d / 2, geo->plot.y + d / 2 - (th + lh) / 2 + th, 0,
                         d * 0.55, FONT_SIZE, FALSE);
  }

  /* The legend: swatch, name, value and share, no wider than it needs;
   * where it is narrow, the names keep some room and the values go
   * before the shares. */
  {
    double name_w = 0, value_w = 0, share_w = 0;

    for (guint i = 0; i < n; i++)
      {
        double v = kefu_chart_value_at (self, 0, i), w;
        g_autofree char *value = kefu_chart_format_value (self->format, v);
        g_autofree char *share = kefu_chart_format_value (KEFU_CHART_FORMAT_PERCENT, total > 0 && isfinite (v) ? v / total : NAN);
        g_autofree char *right = g_strdup_printf ("%s  %s", value, share);

        kefu_chart_measure (c, kefu_chart_category_name (self, i), FONT_SIZE, FALSE, &w, NULL);
        name_w = MAX (name_w, w);
        kefu_chart_measure (c, right, FONT_SIZE, FALSE, &w, NULL);
        value_w = MAX (value_w, w);
        kefu_chart_measure (c, share, FONT_SIZE, FALSE, &w, NULL);
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
      double v = kefu_chart_value_at (self, 0, i);
      g_autofree char *value = kefu_chart_format_value (self->format, v);
      g_autofree char *share = kefu_chart_format_value (KEFU_CHART_FORMAT_PERCENT, total > 0 && isfinite (v) ? v / total : NAN);
      g_autofree char *right = with_values ? g_strdup_printf ("%s  %s", value, share) : g_strdup (share);
      double y = legend_y + i * row_h;
      KefuChartRect swatch = { legend_x, y + (lh - 10) / 2, 12, 10 };
      KefuChartText *t;

      if (i + 1 == n_rows_fit && n_rows_fit < n)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", n - i), n - i);
          kefu_chart_add_text (c, KEFU_CHART_TEXT_LEGEND, more, legend_x + 18, y, -1, legend_w - 18, FONT_SIZE, FALSE);
          break;
        }
      g_array_append_val (geo->swatches, swatch);
      t = kefu_chart_add_text (c, KEFU_CHART_TEXT_VALUE, right, legend_x + legend_w, y, 1, right_w, FONT_SIZE, FALSE);
      kefu_chart_add_text (c, KEFU_CHART_TEXT_LEGEND, kefu_chart_category_name (self, i), legend_x + 18, y, -1,
                           MAX (t->x - 12 - legend_x - 18, 0), FONT_SIZE, FALSE);
    }
}

static void
draw_donut (KefuChart *self,
            cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = kefu_chart_palette (self);

  if (geo->marks->len == 0 && geo->plot.width > 0)
    {
      double d = geo->plot.width;
      kefu_chart_set_rgb (cr, &pal->track);
      cairo_arc (cr, geo->plot.x + d / 2, geo->plot.y + d / 2, d / 2, 0, 2 * G_PI);
      cairo_arc_negative (cr, geo->plot.x + d / 2, geo->plot.y + d / 2, d / 2 * 0.6, 2 * G_PI, 0);
      cairo_fill (cr);
    }
  for (guint m = 0; m < geo->marks->len; m++)
    {
      const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);

      kefu_chart_slice_path (cr, mark, 0);
      kefu_chart_fill_series (cr, pal, mark->hit.category);
      if (geo->marks->len > 1)
        {
          kefu_chart_set_rgb (cr, &pal->bg);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
    }
}

const KefuChartFamily kefu_chart_donut_family = {
  .layout = layout_donut,
  .draw = draw_donut,
};
