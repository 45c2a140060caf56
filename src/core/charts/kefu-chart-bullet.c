/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-bullet.c — the bullet chart: a KPI against its target and
 * the previous period (layout and drawing)
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-chart-private.h"

/* ---- bullets ---------------------------------------------------------------- */

char *
kefu_chart_bullet_change (const Bullet *b)
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

gboolean
kefu_chart_bullet_meets_target (const Bullet *b)
{
  return b->higher_is_better ? b->value >= b->target : b->value <= b->target;
}

static void
layout_bullets (Ctx *c)
{
  KefuChart *self = c->self;
  KefuChartGeometry *geo = c->geo;
  guint n = self->bullets->len;
  double lh = kefu_chart_line_height (c, FONT_SIZE), small_h = kefu_chart_line_height (c, SMALL_SIZE);
  double label_w = 0, value_w = 0, row_h, x0, x1;
  KefuChartRect area;
  gboolean two_lines;

  kefu_chart_layout_header (c, FALSE);
  area = (KefuChartRect) { PAD, c->top, geo->width - 2 * PAD, geo->height - c->top - PAD };
  if (n == 0)
    return;
  row_h = MIN (area.height / n, 56);
  two_lines = row_h >= lh + small_h + 4;

  for (guint i = 0; i < n; i++)
    {
      Bullet *b = self->bullets->pdata[i];
      g_autofree char *value = kefu_chart_format_value (b->format, b->value);
      g_autofree char *change = kefu_chart_bullet_change (b);
      double w;

      kefu_chart_measure (c, b->label, FONT_SIZE, FALSE, &w, NULL);
      label_w = MAX (label_w, w);
      kefu_chart_measure (c, value, FONT_SIZE, TRUE, &w, NULL);
      value_w = MAX (value_w, w);
      if (change != NULL && two_lines)
        {
          kefu_chart_measure (c, change, SMALL_SIZE, FALSE, &w, NULL);
          value_w = MAX (value_w, w);
        }
    }
  label_w = MIN (label_w, area.width * 0.3);
  value_w = MIN (value_w, area.width * 0.25);

  /* A key under the bullets, when there is room for it. */
  if (area.height - n * row_h >= small_h + 8)
    {
      /* TRANSLATORS: the key of a bullet chart */
      kefu_chart_add_text (c, KEFU_CHART_TEXT_NOTE, _("Bar: this period · Line: target · ▲: previous period"),
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
      g_autofree char *change = kefu_chart_bullet_change (b);
      KefuChartMark *m;

      kefu_chart_add_text (c, KEFU_CHART_TEXT_ROW, b->label, area.x, cy - lh / 2, -1, label_w, FONT_SIZE, FALSE);
      m = kefu_chart_add_rect_mark (c, -1, i, -1, b->value, x0, cy - bar_h / 2, MAX (len, 1), bar_h);
      m->area = (KefuChartRect) { area.x, y, area.width, row_h };
      if (two_lines && change != NULL)
        {
          double top = cy - (lh + small_h) / 2;
          kefu_chart_add_text (c, KEFU_CHART_TEXT_VALUE, value, area.x + area.width, top, 1, value_w, FONT_SIZE, TRUE);
          kefu_chart_add_text (c, KEFU_CHART_TEXT_NOTE, change, area.x + area.width, top + lh, 1, value_w, SMALL_SIZE, FALSE);
        }
      else
        kefu_chart_add_text (c, KEFU_CHART_TEXT_VALUE, value, area.x + area.width, cy - lh / 2, 1, value_w, FONT_SIZE, TRUE);
    }
}

static void
draw_bullets (KefuChart *self,
              cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = kefu_chart_palette (self);

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
      kefu_chart_set_rgb (cr, &pal->track);
      cairo_rectangle (cr, x0, ty, w, track_h);
      cairo_fill (cr);
      kefu_chart_set_rgb (cr, &pal->band);
      if (b->higher_is_better)
        cairo_rectangle (cr, tx, ty, x0 + w - tx, track_h);
      else
        cairo_rectangle (cr, x0, ty, tx - x0, track_h);
      cairo_fill (cr);

      kefu_chart_set_rgb (cr, kefu_chart_bullet_meets_target (b) ? &pal->good : &pal->bad);
      cairo_rectangle (cr, mark->box.x, mark->box.y, mark->box.width, mark->box.height);
      cairo_fill (cr);

      if (isfinite (b->previous))
        {
          double px = x0 + w * CLAMP (b->previous, 0, max) / max;
          kefu_chart_set_rgb (cr, &pal->muted);
          cairo_move_to (cr, px, ty + track_h - 1);
          cairo_line_to (cr, px - 4, ty + track_h + 5);
          cairo_line_to (cr, px + 4, ty + track_h + 5);
          cairo_close_path (cr);
          cairo_fill (cr);
        }

      kefu_chart_set_rgb (cr, &pal->fg);
      cairo_rectangle (cr, tx - 1.5, ty - 3, 3, track_h + 6);
      cairo_fill (cr);
    }
}

static gboolean
bullets_has_data (KefuChart *self)
{
  return self->bullets->len > 0;
}

const KefuChartFamily kefu_chart_bullet_family = {
  .layout = layout_bullets,
  .draw = draw_bullets,
  .has_data = bullets_has_data,
};
