/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-layout.c — the plain parts of chart layout: ticks, numbers,
 * category labels (see kefu-chart-private.h) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kefu-chart-private.h"

#define LABEL_GAP 6.0

guint
kefu_chart_nice_ticks (double  min,
                       double  max,
                       guint   max_ticks,
                       double *nice_min,
                       double *nice_max,
                       double *step)
{
  static const double multipliers[] = { 1, 2, 5, 10 };
  double rough, magnitude, lo = 0, hi = 1, s = 1;
  guint n = 2;

  if (max_ticks < 2)
    max_ticks = 2;
  if (!isfinite (min) || !isfinite (max))
    min = 0, max = 1;
  if (min > max)
    {
      double t = min;
      min = max;
      max = t;
    }
  if (max == min)
    {
      /* One value: a scale from zero to it (or around zero). */
      if (max > 0)
        min = 0;
      else if (max < 0)
        max = 0;
      else
        max = 1;
    }

  rough = (max - min) / (max_ticks - 1);
  magnitude = pow (10, floor (log10 (rough)));
  for (int round = 0; round < 3; round++, magnitude *= 10)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (multipliers); i++)
        {
          s = multipliers[i] * magnitude;
          lo = floor (min / s + 1e-9) * s;
          hi = ceil (max / s - 1e-9) * s;
          n = (guint) llround ((hi - lo) / s) + 1;
          if (n <= max_ticks)
            {
              found = TRUE;
              break;
            }
        }
      if (found)
        break;
    }
  if (n < 2)
    {
      hi = lo + s;
      n = 2;
    }
  /* No "-0" on an axis. */
  if (fabs (lo) < s * 1e-9)
    lo = 0;
  if (fabs (hi) < s * 1e-9)
    hi = 0;
  if (nice_min != NULL)
    *nice_min = lo;
  if (nice_max != NULL)
    *nice_max = hi;
  if (step != NULL)
    *step = s;
  return n;
}

/* 1234567 → "1,234,567" (the grouping both languages of Kefu use). */
static char *
group_thousands (double value,
                 int    decimals)
{
  g_autofree char *plain = g_strdup_printf ("%.*f", decimals, fabs (value));
  const char *dot = strchr (plain, '.');
  gsize int_len = dot != NULL ? (gsize) (dot - plain) : strlen (plain);
  GString *out = g_string_new (NULL);

  if (value < 0 && llround (fabs (value) * pow (10, decimals)) != 0)
    g_string_append_c (out, '-');
  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && (int_len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, plain[i]);
    }
  if (dot != NULL)
    g_string_append (out, dot);
  return g_string_free (out, FALSE);
}

static gboolean
is_whole (double value)
{
  return fabs (value - round (value)) < 1e-9;
}

char *
kefu_chart_format_value (KefuChartFormat format,
                         double          value)
{
  if (isnan (value))
    return g_strdup ("–");

  switch (format)
    {
    case KEFU_CHART_FORMAT_PERCENT:
      {
        double pct = value * 100;
        if (is_whole (pct * 10) || fabs (pct) >= 0.05)
          pct = round (pct * 10) / 10;
        return is_whole (pct) ? g_strdup_printf ("%.0f%%", pct) : g_strdup_printf ("%.1f%%", pct);
      }

    case KEFU_CHART_FORMAT_MINUTES:
      {
        double minutes = fabs (value);
        const char *sign = value < 0 ? "-" : "";

        if (minutes < 60)
          {
            g_autofree char *number = (is_whole (minutes) || minutes >= 10)
              ? g_strdup_printf ("%s%.0f", sign, minutes)
              : g_strdup_printf ("%s%.1f", sign, minutes);
            /* TRANSLATORS: a duration in minutes, e.g. "12 min" */
            return g_strdup_printf (_("%s min"), number);
          }
        else
          {
            long total = lround (minutes);
            g_autofree char *hours = g_strdup_printf ("%s%ld", sign, total / 60);
            /* TRANSLATORS: a duration in hours and minutes, e.g. "2 h 05 min" */
            return g_strdup_printf (_("%s h %02d min"), hours, (int) (total % 60));
          }
      }

    case KEFU_CHART_FORMAT_SCORE:
      return is_whole (value) ? g_strdup_printf ("%.0f", value) : g_strdup_printf ("%.1f", value);

    case KEFU_CHART_FORMAT_COUNT:
    default:
      return group_thousands (value, is_whole (value) ? 0 : 1);
    }
}

/* Decimals that show @step exactly (0.25 → 2). */
static int
decimals_for (double step)
{
  int d = 0;

  while (d < 6 && !is_whole (step * pow (10, d)))
    d++;
  return d;
}

char *
kefu_chart_format_tick (KefuChartFormat format,
                        double          value,
                        double          step)
{
  switch (format)
    {
    case KEFU_CHART_FORMAT_PERCENT:
      return g_strdup_printf ("%.*f%%", decimals_for (step * 100), value * 100);

    case KEFU_CHART_FORMAT_MINUTES:
      if (value != 0 && is_whole (value / 60) && is_whole (step / 60))
        {
          g_autofree char *hours = g_strdup_printf ("%.0f", value / 60);
          /* TRANSLATORS: an axis tick in whole hours, e.g. "2 h" */
          return g_strdup_printf (_("%s h"), hours);
        }
      else
        {
          g_autofree char *number = g_strdup_printf ("%.*f", decimals_for (step), value);
          return g_strdup_printf (_("%s min"), number);
        }

    case KEFU_CHART_FORMAT_COUNT:
    case KEFU_CHART_FORMAT_SCORE:
    default:
      if (fabs (value) >= 10000 && is_whole (value / 1000) && is_whole (step / 1000))
        {
          g_autofree char *thousands = group_thousands (value / 1000, 0);
          return g_strdup_printf ("%sk", thousands);
        }
      return group_thousands (value, decimals_for (step));
    }
}

static void
text_bounds (KefuChartText *t)
{
  double c = cos (t->angle), s = sin (t->angle);
  double xs[4], ys[4];
  double corners[4][2] = { { 0, 0 }, { t->width, 0 }, { 0, t->height }, { t->width, t->height } };
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (int i = 0; i < 4; i++)
    {
      xs[i] = t->x + corners[i][0] * c - corners[i][1] * s;
      ys[i] = t->y + corners[i][0] * s + corners[i][1] * c;
      x0 = MIN (x0, xs[i]);
      y0 = MIN (y0, ys[i]);
      x1 = MAX (x1, xs[i]);
      y1 = MAX (y1, ys[i]);
    }
  t->box = (KefuChartRect) { x0, y0, x1 - x0, y1 - y0 };
}

int
kefu_chart_layout_axis_labels (const double        *centres,
                               const double        *widths,
                               const double        *heights,
                               guint                n,
                               double               slot,
                               const KefuChartRect *bounds,
                               KefuChartText       *out,
                               gboolean            *shown,
                               gboolean            *rotated,
                               double              *used_height)
{
  const double diag = G_SQRT2 / 2;   /* sin 45° = cos 45° */
  double max_w = 0, max_h = 0, used = 0;
  int level_step, rotated_step, step;
  gboolean rotate;

  for (guint i = 0; i < n; i++)
    {
      max_w = MAX (max_w, widths[i]);
      max_h = MAX (max_h, heights[i]);
    }
  if (slot <= 0)
    slot = 1;

  /* Level labels need their width between centres; rotated ones their
   * height across the 45° line. Every step-th label is shown. */
  level_step = (int) ceil ((max_w + LABEL_GAP) / slot - 1e-9);
  rotated_step = (int) ceil ((max_h + LABEL_GAP / 2) / (slot * diag) - 1e-9);
  level_step = MAX (level_step, 1);
  rotated_step = MAX (rotated_step, 1);
  rotate = level_step > 1 && rotated_step < level_step;
  step = rotate ? rotated_step : level_step;

  for (guint i = 0; i < n; i++)
    {
      KefuChartText *t = &out[i];
      double w = widths[i];

      t->role = KEFU_CHART_TEXT_CATEGORY;
      t->ink = -1;
      t->size = 12;
      t->height = heights[i];
      shown[i] = (i % step) == 0;

      if (!rotate)
        {
          w = MIN (w, bounds->width);
          t->angle = 0;
          t->width = w;
          t->x = centres[i] - w / 2;
          t->x = CLAMP (t->x, bounds->x, bounds->x + bounds->width - w);
          t->y = bounds->y;
          t->align = 0;
        }
      else
        {
          /* The text rises to the right and ends at its category: its
           * right edge's middle sits just below the axis at the centre.
           * In the text's frame, d = (cos, sin) of −45° runs along it and
           * n = (−sin, cos) across it. */
          double h = t->height;
          double ax = centres[i], ay = bounds->y + h * diag / 2 + 1;
          double max_by_left = (ax - h * diag / 2 - bounds->x) / diag;
          double max_by_height = (bounds->y + bounds->height - ay - h * diag / 2) / diag;

          w = MIN (w, MAX (0, MIN (max_by_left, max_by_height)));
          t->angle = -G_PI / 4;
          t->width = w;
          t->x = ax - w * diag - (h / 2) * diag;
          t->y = ay + w * diag - (h / 2) * diag;
          t->align = 1;
        }
      text_bounds (t);
      if (shown[i])
        used = MAX (used, t->box.y + t->box.height - bounds->y);
    }

  if (rotated != NULL)
    *rotated = rotate;
  if (used_height != NULL)
    *used_height = used;
  return step;
}

gboolean
kefu_chart_texts_overlap (const KefuChartText *a,
                          const KefuChartText *b)
{
  const double eps = 0.01;

  if (fabs (a->angle - b->angle) < 1e-9)
    {
      /* In the texts' own frame both are upright rectangles. */
      double c = cos (-a->angle), s = sin (-a->angle);
      double ax = a->x * c - a->y * s, ay = a->x * s + a->y * c;
      double bx = b->x * c - b->y * s, by = b->x * s + b->y * c;

      return ax + a->width > bx + eps && bx + b->width > ax + eps &&
             ay + a->height > by + eps && by + b->height > ay + eps;
    }
  return a->box.x + a->box.width > b->box.x + eps && b->box.x + b->box.width > a->box.x + eps &&
         a->box.y + a->box.height > b->box.y + eps && b->box.y + b->box.height > a->box.y + eps;
}
