/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-gantt.c — the Gantt chart: rows of spans over a time axis
 * (layout and drawing)
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-chart-private.h"

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

char *
kefu_chart_format_local (gint64      t,
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
  guint rows = kefu_chart_n_rows (self);
  double lh = kefu_chart_line_height (c, FONT_SIZE), small_h = kefu_chart_line_height (c, SMALL_SIZE), row_w = 0, row_h;
  gint64 t0 = G_MAXINT64, t1 = G_MININT64;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean months;
  double last_right = -G_MAXDOUBLE;

  kefu_chart_layout_header (c, FALSE);
  for (guint r = 0; r < rows; r++)
    {
      double w;
      kefu_chart_measure (c, kefu_chart_row_name (self, r), FONT_SIZE, FALSE, &w, NULL);
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
  /* a fixed axis (an editor's): the spans move over it */
  if (self->has_range)
    {
      t0 = (gint64) self->range_min;
      t1 = (gint64) self->range_max;
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
      g_autofree char *label = kefu_chart_format_local (t, months ? "%Y-%m" : "%m-%d");
      double w;

      kefu_chart_measure (c, label, SMALL_SIZE, FALSE, &w, NULL);
      x = MIN (x, geo->width - PAD / 2 - w / 2);
      if (x - w / 2 < last_right + 6)
        continue;
      kefu_chart_add_text (c, KEFU_CHART_TEXT_CATEGORY, label, x, c->top, 0, 0, SMALL_SIZE, FALSE);
      last_right = x + w / 2;
    }

  for (guint r = 0; r < rows; r++)
    kefu_chart_add_text (c, KEFU_CHART_TEXT_ROW, kefu_chart_row_name (self, r), PAD, geo->plot.y + (r + 0.5) * row_h - lh / 2, -1, row_w,
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
      KefuChartMark *m = kefu_chart_add_rect_mark (c, i, -1, s->row, (s->end - s->start) / 86400.0, x0, y, MAX (x1 - x0, 2),
                                                   row_h * 0.64);
      double w;

      kefu_chart_measure (c, s->label, SMALL_SIZE, FALSE, &w, NULL);
      if (*s->label != '\0' && m->box.width >= MIN (w, 36) + 8 && m->box.height >= small_h)
        {
          const Rgb *fill = &c->pal->series[s->row % N_SERIES_COLOURS];
          KefuChartText *t = kefu_chart_add_text (c, KEFU_CHART_TEXT_VALUE, s->label, x0 + 4, m->cy - small_h / 2, -1,
                                                  m->box.width - 8, SMALL_SIZE, FALSE);
          t->ink = kefu_chart_luminance (fill) > 0.45 ? 0 : 1;
        }
    }
}

static void
draw_gantt (KefuChart *self,
            cairo_t   *cr)
{
  const KefuChartGeometry *geo = &self->geo;
  const Palette *pal = kefu_chart_palette (self);
  guint rows = kefu_chart_n_rows (self);
  double row_h = rows > 0 ? geo->plot.height / rows : 0;

  cairo_set_line_width (cr, 1);
  for (guint r = 0; r <= rows; r++)
    {
      double y = round (geo->plot.y + r * row_h) + 0.5;
      kefu_chart_set_rgb (cr, &pal->grid);
      cairo_move_to (cr, PAD, y);
      cairo_line_to (cr, geo->plot.x + geo->plot.width, y);
      cairo_stroke (cr);
    }
  for (guint k = 0; k < geo->time_ticks->len; k++)
    {
      gint64 t = g_array_index (geo->time_ticks, gint64, k);
      double x = round (geo->plot.x + geo->plot.width * (t - geo->v_min) / (geo->v_max - geo->v_min)) + 0.5;
      kefu_chart_set_rgb (cr, &pal->grid);
      cairo_move_to (cr, x, geo->plot.y - 4);
      cairo_line_to (cr, x, geo->plot.y + geo->plot.height);
      cairo_stroke (cr);
    }
  for (guint m = 0; m < geo->marks->len; m++)
    {
      const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
      kefu_chart_rounded_rect (cr, mark->box.x, mark->box.y, mark->box.width, mark->box.height, 3);
      kefu_chart_fill_series (cr, pal, mark->hit.row);
      cairo_new_path (cr);
    }
}

static gboolean
gantt_has_data (KefuChart *self)
{
  return self->spans->len > 0;
}

/* Editing ------------------------------------------------------------------ */

#define END_GRIP 6.0   /* pixels at a bar's right end that stretch it */

gboolean
kefu_chart_get_span (KefuChart *self,
                     guint      index,
                     guint     *row,
                     gint64    *start,
                     gint64    *end)
{
  Span *s;

  g_return_val_if_fail (KEFU_IS_CHART (self), FALSE);
  if (index >= self->spans->len)
    return FALSE;
  s = self->spans->pdata[index];
  if (row != NULL)
    *row = s->row;
  if (start != NULL)
    *start = s->start;
  if (end != NULL)
    *end = s->end;
  return TRUE;
}

void
kefu_chart_set_span (KefuChart *self,
                     guint      index,
                     gint64     start,
                     gint64     end)
{
  Span *s;

  g_return_if_fail (KEFU_IS_CHART (self));
  g_return_if_fail (index < self->spans->len);
  s = self->spans->pdata[index];
  if (s->start == MIN (start, end) && s->end == MAX (start, end))
    return;
  s->start = MIN (start, end);
  s->end = MAX (start, end);
  g_signal_emit_by_name (self, "changed");
}

KefuChartSpanPart
kefu_chart_span_at (KefuChart *self,
                    double     x,
                    double     y,
                    guint     *index)
{
  const KefuChartGeometry *geo;

  g_return_val_if_fail (KEFU_IS_CHART (self), KEFU_CHART_SPAN_NONE);
  geo = &self->geo;
  if (self->kind != KEFU_CHART_GANTT || geo->marks == NULL)
    return KEFU_CHART_SPAN_NONE;
  /* the last drawn on top first; a thin bar's grip reaches past its end */
  for (guint m = geo->marks->len; m-- > 0;)
    {
      const KefuChartMark *mark = &g_array_index (geo->marks, KefuChartMark, m);
      double right = mark->box.x + mark->box.width;

      if (y < mark->box.y || y > mark->box.y + mark->box.height || x < mark->box.x - 2 || x > right + END_GRIP / 2)
        continue;
      if (index != NULL)
        *index = (guint) mark->hit.series;
      return x >= right - MIN (END_GRIP, mark->box.width / 2) ? KEFU_CHART_SPAN_END : KEFU_CHART_SPAN_BODY;
    }
  return KEFU_CHART_SPAN_NONE;
}

double
kefu_chart_seconds_per_pixel (KefuChart *self)
{
  const KefuChartGeometry *geo;

  g_return_val_if_fail (KEFU_IS_CHART (self), 0);
  geo = &self->geo;
  if (self->kind != KEFU_CHART_GANTT || geo->plot.width <= 0)
    return 0;
  return (geo->v_max - geo->v_min) / geo->plot.width;
}

const KefuChartFamily kefu_chart_gantt_family = {
  .layout = layout_gantt,
  .draw = draw_gantt,
  .has_data = gantt_has_data,
};
