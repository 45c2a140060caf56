/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-a11y.c — a chart in words: the tooltip text of a mark and
 * the whole chart's description for screen readers
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-chart-private.h"

static char *
span_dates (const Span *s)
{
  g_autofree char *start = kefu_chart_format_local (s->start, "%Y-%m-%d");
  g_autofree char *end = kefu_chart_format_local (s->end, "%Y-%m-%d");
  int days = (int) ((s->end - s->start + 43200) / 86400);

  /* TRANSLATORS: a span of dates and its length, e.g. "2024-03-01 – 2024-04-30 (60 days)" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s – %s (%d day)", "%s – %s (%d days)", days),
                          start, end, days);
}

static char *
bullet_text (const Bullet *b)
{
  g_autofree char *value = kefu_chart_format_value (b->format, b->value);
  g_autofree char *target = kefu_chart_format_value (b->format, b->target);
  GString *text = g_string_new (NULL);

  /* TRANSLATORS: a KPI and its value, e.g. "Satisfaction: 92.5" */
  g_string_append_printf (text, _("%s: %s"), b->label, value);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, b->higher_is_better ? _("Target: at least %s") : _("Target: at most %s"), target);
  g_string_append_c (text, ' ');
  g_string_append (text, kefu_chart_bullet_meets_target (b) ? _("(met)") : _("(missed)"));
  if (isfinite (b->previous))
    {
      g_autofree char *previous = kefu_chart_format_value (b->format, b->previous);
      g_autofree char *change = kefu_chart_bullet_change (b);
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Previous period: %s (%s)"), previous, change);
    }
  return g_string_free (text, FALSE);
}

char *
kefu_chart_describe_hit (KefuChart          *self,
                         const KefuChartHit *hit)
{
  double v;
  g_autofree char *value = NULL;

  g_return_val_if_fail (KEFU_IS_CHART (self), NULL);
  g_return_val_if_fail (hit != NULL, NULL);

  switch (self->kind)
    {
    case KEFU_CHART_BULLET:
      if (hit->category < 0 || (guint) hit->category >= self->bullets->len)
        return NULL;
      return bullet_text (self->bullets->pdata[hit->category]);

    case KEFU_CHART_GANTT:
      {
        Span *s;
        g_autofree char *dates = NULL;

        if (hit->series < 0 || (guint) hit->series >= self->spans->len)
          return NULL;
        s = self->spans->pdata[hit->series];
        dates = span_dates (s);
        return g_strdup_printf ("%s\n%s\n%s", kefu_chart_row_name (self, s->row), s->label, dates);
      }

    default:
      break;
    }

  if (hit->series < 0 || (guint) hit->series >= self->series->len || hit->category < 0)
    return NULL;
  v = kefu_chart_value_at (self, hit->series, hit->category);
  value = kefu_chart_format_value (self->format, v);

  switch (self->kind)
    {
    case KEFU_CHART_DONUT:
      {
        double total = 0;
        g_autofree char *share = NULL;

        for (guint i = 0; i < kefu_chart_n_categories (self); i++)
          {
            double x = kefu_chart_value_at (self, 0, i);
            if (isfinite (x) && x > 0)
              total += x;
          }
        share = kefu_chart_format_value (KEFU_CHART_FORMAT_PERCENT, total > 0 ? v / total : NAN);
        /* TRANSLATORS: a slice: its name, value and share, e.g. "Repair: 1,204 (48.2% of the total)" */
        return g_strdup_printf (_("%s: %s (%s of the total)"), kefu_chart_category_name (self, hit->category), value, share);
      }

    case KEFU_CHART_HEATMAP:
      /* TRANSLATORS: a heat-map cell: row · column: value */
      return g_strdup_printf (_("%s · %s: %s"), kefu_chart_row_name (self, hit->series), kefu_chart_category_name (self, hit->category), value);

    case KEFU_CHART_SPARKLINES:
    case KEFU_CHART_RADAR:
      return g_strdup_printf (_("%s · %s: %s"), kefu_chart_series_name (self, hit->series), kefu_chart_category_name (self, hit->category), value);

    case KEFU_CHART_STACKED_BARS:
      {
        g_autofree char *total = kefu_chart_format_value (self->format, kefu_chart_category_total (self, hit->category));
        g_autofree char *line = g_strdup_printf (_("%s: %s"), kefu_chart_series_name (self, hit->series), value);
        g_autofree char *total_line = g_strdup_printf (_("Total: %s"), total);
        return g_strdup_printf ("%s\n%s\n%s", kefu_chart_category_name (self, hit->category), line, total_line);
      }

    case KEFU_CHART_LINE:
    case KEFU_CHART_HISTOGRAM:
    default:
      if (*kefu_chart_series_name (self, hit->series) == '\0')
        return g_strdup_printf (_("%s: %s"), kefu_chart_category_name (self, hit->category), value);
      else
        {
          g_autofree char *line = g_strdup_printf (_("%s: %s"), kefu_chart_series_name (self, hit->series), value);
          return g_strdup_printf ("%s\n%s", kefu_chart_category_name (self, hit->category), line);
        }
    }
}

static const char *
kind_name (KefuChartKind kind)
{
  switch (kind)
    {
    case KEFU_CHART_LINE: return _("Line chart");
    case KEFU_CHART_STACKED_BARS: return _("Stacked bar chart");
    case KEFU_CHART_DONUT: return _("Donut chart");
    case KEFU_CHART_HISTOGRAM: return _("Histogram");
    case KEFU_CHART_HEATMAP: return _("Heat map");
    case KEFU_CHART_BULLET: return _("Bullet chart");
    case KEFU_CHART_SPARKLINES: return _("Sparklines");
    case KEFU_CHART_RADAR: return _("Radar chart");
    case KEFU_CHART_GANTT: return _("Gantt chart");
    default: return "";
    }
}

/* "name: cat v, cat v, …" for one series (or one heat-map row). */
static void
append_values (KefuChart  *self,
               GString    *text,
               const char *name,
               guint       series)
{
  const char *separator = C_("list separator", ", ");
  guint n = kefu_chart_n_categories (self);

  g_string_append_c (text, ' ');
  if (name != NULL && *name != '\0')
    g_string_append_printf (text, _("%s: "), name);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = kefu_chart_format_value (self->format, kefu_chart_value_at (self, series, i));
      if (i > 0)
        g_string_append (text, separator);
      g_string_append_printf (text, "%s %s", kefu_chart_category_name (self, i), value);
    }
  g_string_append (text, C_("end of sentence", "."));
}

char *
kefu_chart_describe (KefuChart *self)
{
  GString *text;

  g_return_val_if_fail (KEFU_IS_CHART (self), NULL);

  text = g_string_new (NULL);
  if (self->title != NULL && *self->title != '\0')
    /* TRANSLATORS: the kind of chart and its title, e.g. "Line chart: Tickets per month." */
    g_string_append_printf (text, _("%s: %s."), kind_name (self->kind), self->title);
  else
    g_string_append_printf (text, "%s%s", kind_name (self->kind), C_("end of sentence", "."));

  if (!kefu_chart_has_data (self))
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("No data for this period"));
      g_string_append (text, C_("end of sentence", "."));
      return g_string_free (text, FALSE);
    }

  switch (self->kind)
    {
    case KEFU_CHART_BULLET:
      for (guint i = 0; i < self->bullets->len; i++)
        {
          g_autofree char *line = bullet_text (self->bullets->pdata[i]);
          g_strdelimit (line, "\n", ' ');
          g_string_append_printf (text, " %s%s", line, C_("end of sentence", "."));
        }
      break;

    case KEFU_CHART_GANTT:
      for (guint i = 0; i < self->spans->len; i++)
        {
          Span *s = self->spans->pdata[i];
          g_autofree char *dates = span_dates (s);
          g_string_append_printf (text, " %s · %s: %s%s", kefu_chart_row_name (self, s->row), s->label, dates,
                                  C_("end of sentence", "."));
        }
      break;

    case KEFU_CHART_DONUT:
      {
        double total = 0;
        const char *separator = C_("list separator", ", ");

        for (guint i = 0; i < kefu_chart_n_categories (self); i++)
          {
            double v = kefu_chart_value_at (self, 0, i);
            if (isfinite (v) && v > 0)
              total += v;
          }
        g_string_append_c (text, ' ');
        for (guint i = 0; i < kefu_chart_n_categories (self); i++)
          {
            double v = kefu_chart_value_at (self, 0, i);
            g_autofree char *value = kefu_chart_format_value (self->format, v);
            g_autofree char *share = kefu_chart_format_value (KEFU_CHART_FORMAT_PERCENT, total > 0 ? v / total : NAN);
            if (i > 0)
              g_string_append (text, separator);
            g_string_append_printf (text, "%s %s (%s)", kefu_chart_category_name (self, i), value, share);
          }
        {
          g_autofree char *value = kefu_chart_format_value (self->format, total);
          g_string_append (text, C_("end of sentence", "."));
          g_string_append_c (text, ' ');
          g_string_append_printf (text, _("Total: %s"), value);
          g_string_append (text, C_("end of sentence", "."));
        }
      }
      break;

    case KEFU_CHART_HEATMAP:
      for (guint r = 0; r < self->series->len; r++)
        append_values (self, text, kefu_chart_row_name (self, r), r);
      break;

    default:
      for (guint s = 0; s < self->series->len; s++)
        append_values (self, text, kefu_chart_series_name (self, s), s);
      if (self->has_target && (self->kind == KEFU_CHART_LINE || self->kind == KEFU_CHART_HISTOGRAM))
        {
          g_autofree char *value = kefu_chart_format_value (self->kind == KEFU_CHART_HISTOGRAM &&
                                                            self->format == KEFU_CHART_FORMAT_COUNT
                                                            ? KEFU_CHART_FORMAT_SCORE : self->format,
                                                            self->target);
          g_string_append_c (text, ' ');
          g_string_append_printf (text, _("Target %s"), value);
          g_string_append (text, C_("end of sentence", "."));
        }
      break;
    }
  return g_string_free (text, FALSE);
}
