/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-legend.c — the title and the legend above a chart (laid out
 * and drawn)
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-chart-private.h"

/* The title, then (for kinds with series) a legend that wraps. */
void
kefu_chart_layout_header (Ctx      *c,
                          gboolean  legend)
{
  KefuChart *self = c->self;
  double width = c->geo->width;
  double y = PAD;

  if (self->title != NULL && *self->title != '\0')
    {
      KefuChartText *t = kefu_chart_add_text (c, KEFU_CHART_TEXT_TITLE, self->title, PAD, y, -1,
                                              width - 2 * PAD, TITLE_SIZE, TRUE);
      y += t->height + 8;
    }

  if (legend)
    {
      double lh = kefu_chart_line_height (c, FONT_SIZE);
      double x = PAD;
      guint n = self->series->len + (self->has_target && self->kind == KEFU_CHART_LINE ? 1 : 0);
      gboolean any = FALSE;

      for (guint i = 0; i < n; i++)
        {
          const char *name = i < self->series->len
            ? kefu_chart_series_name (self, i)
            : (self->target_label != NULL ? self->target_label : _("Target"));
          double w;
          KefuChartRect swatch;

          if (*name == '\0')
            continue;
          kefu_chart_measure (c, name, FONT_SIZE, FALSE, &w, NULL);
          w = MIN (w, width - 2 * PAD - 18);
          if (x > PAD && x + 18 + w > width - PAD)
            {
              x = PAD;
              y += lh + 4;
            }
          swatch = (KefuChartRect) { x, y + (lh - 10) / 2, 12, 10 };
          g_array_append_val (c->geo->swatches, swatch);
          kefu_chart_add_text (c, KEFU_CHART_TEXT_LEGEND, name, x + 18, y, -1, w, FONT_SIZE, FALSE);
          x += 18 + w + 18;
          any = TRUE;
        }
      if (any)
        y += lh + 8;
    }
  c->top = y;
}

void
kefu_chart_draw_swatches (KefuChart *self,
                          cairo_t   *cr)
{
  const Palette *pal = kefu_chart_palette (self);

  for (guint i = 0; i < self->geo.swatches->len; i++)
    {
      const KefuChartRect *r = &g_array_index (self->geo.swatches, KefuChartRect, i);

      if (self->kind == KEFU_CHART_LINE || self->kind == KEFU_CHART_RADAR)
        {
          double y = r->y + r->height / 2;
          cairo_set_line_width (cr, 2.5);
          if (i < self->series->len)
            {
              kefu_chart_set_rgb (cr, kefu_chart_series_rgb (pal, i));
              kefu_chart_series_dash (cr, i);
            }
          else
            {
              static const double dash[] = { 4, 3 };
              kefu_chart_set_rgb (cr, &pal->muted);
              cairo_set_dash (cr, dash, 2, 0);
            }
          cairo_move_to (cr, r->x, y);
          cairo_line_to (cr, r->x + r->width, y);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      else
        {
          kefu_chart_rounded_rect (cr, r->x, r->y, r->width, r->height, 2);
          kefu_chart_fill_series (cr, pal, i);
          cairo_new_path (cr);
        }
    }
}
