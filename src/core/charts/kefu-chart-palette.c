/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-palette.c — the chart colours: light and dark palettes, series
 * colours with their hatching and dashes, the heat-map ramp
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-chart-private.h"

/* ---- colours ---------------------------------------------------------- */

/* Okabe & Ito's colours, distinguishable with every common colour-vision
 * deficiency; in dark style the same hues, lighter. Their eighth, black,
 * is a dark grey here (white in dark style): a middle grey came too close
 * to the reddish purple for deuteranopes. Series beyond the eighth repeat
 * the colours with a hatching (kefu_chart_fill_series) or a dash (kefu_chart_series_dash), so no
 * two series of a chart look alike; test-chart checks the distances. */
static const Palette light_palette = {
  .bg = HEX (0xffffff), .fg = HEX (0x1f2328), .muted = HEX (0x5e6670),
  .grid = HEX (0xe3e6ea), .axis = HEX (0x9aa1a9), .track = HEX (0xe8ebee), .band = HEX (0xd0d5db),
  .focus = HEX (0x1c71d8), .good = HEX (0x0072b2), .bad = HEX (0xd55e00),
  .ink_dark = HEX (0x1a1a1a), .ink_light = HEX (0xffffff),
  .series = { HEX (0x0072b2), HEX (0xe69f00), HEX (0x009e73), HEX (0xcc79a7),
              HEX (0x56b4e9), HEX (0xd55e00), HEX (0xf0e442), HEX (0x333333) },
  .heat = { HEX (0xeef4fa), HEX (0x6baed6), HEX (0x08427f) },
};

static const Palette dark_palette = {
  .bg = HEX (0x242424), .fg = HEX (0xeeeeee), .muted = HEX (0xa9adb3),
  .grid = HEX (0x3a3c3f), .axis = HEX (0x6c7075), .track = HEX (0x3a3c3f), .band = HEX (0x55595e),
  .focus = HEX (0x78aeed), .good = HEX (0x4ea6e6), .bad = HEX (0xf0803c),
  .ink_dark = HEX (0x1a1a1a), .ink_light = HEX (0xffffff),
  .series = { HEX (0x4ea6e6), HEX (0xf0b030), HEX (0x22c08f), HEX (0xe08fc0),
              HEX (0x9fd8f7), HEX (0xf0803c), HEX (0xf0e442), HEX (0xdddddd) },
  .heat = { HEX (0x2b3540), HEX (0x3f86c0), HEX (0xa8dcff) },
};

const Palette *
kefu_chart_palette (KefuChart *self)
{
  return self->dark ? &dark_palette : &light_palette;
}

void
kefu_chart_set_rgb (cairo_t   *cr,
                    const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

void
kefu_chart_set_rgba (cairo_t   *cr,
                     const Rgb *c,
                     double     alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, alpha);
}

double
kefu_chart_luminance (const Rgb *c)
{
  return 0.2126 * c->r + 0.7152 * c->g + 0.0722 * c->b;
}

Rgb
kefu_chart_heat_colour (const Palette *pal,
                        double         t)
{
  const Rgb *a, *b;
  double u;

  t = CLAMP (t, 0, 1);
  if (t < 0.5)
    a = &pal->heat[0], b = &pal->heat[1], u = t * 2;
  else
    a = &pal->heat[1], b = &pal->heat[2], u = (t - 0.5) * 2;
  return (Rgb) { a->r + (b->r - a->r) * u, a->g + (b->g - a->g) * u, a->b + (b->b - a->b) * u };
}

/* The colour of series (or slice, row) @index: the palette wraps after
 * eight, the pattern says how often (0: plain, 1: "/", 2: "\\", 3: both…). */
const Rgb *
kefu_chart_series_rgb (const Palette *pal,
                       guint          index)
{
  return &pal->series[index % N_SERIES_COLOURS];
}

void
kefu_chart_series_colour (gboolean  dark,
                          guint     index,
                          double    rgb[3],
                          guint    *pattern)
{
  const Rgb *c = kefu_chart_series_rgb (dark ? &dark_palette : &light_palette, index);

  rgb[0] = c->r;
  rgb[1] = c->g;
  rgb[2] = c->b;
  if (pattern != NULL)
    *pattern = index / N_SERIES_COLOURS;
}

/* Fills the current path (and keeps it) in series @index's colour, with
 * its hatching from the ninth series on. */
void
kefu_chart_fill_series (cairo_t       *cr,
                        const Palette *pal,
                        guint          index)
{
  guint pattern = index / N_SERIES_COLOURS;
  double x1, y1, x2, y2, h;
  cairo_path_t *path;

  kefu_chart_set_rgb (cr, kefu_chart_series_rgb (pal, index));
  cairo_fill_preserve (cr);
  if (pattern == 0)
    return;
  path = cairo_copy_path (cr);
  cairo_save (cr);
  cairo_clip (cr);
  cairo_clip_extents (cr, &x1, &y1, &x2, &y2);
  h = y2 - y1;
  kefu_chart_set_rgba (cr, &pal->bg, 0.9);
  cairo_set_line_width (cr, 1.5);
  for (double t = -h; t < x2 - x1 + h; t += 5)
    {
      if (pattern % 3 != 2)   /* "/" */
        {
          cairo_move_to (cr, x1 + t, y2);
          cairo_line_to (cr, x1 + t + h, y1);
        }
      if (pattern % 3 != 1)   /* "\" */
        {
          cairo_move_to (cr, x1 + t, y1);
          cairo_line_to (cr, x1 + t + h, y2);
        }
    }
  cairo_stroke (cr);
  cairo_restore (cr);
  cairo_new_path (cr);
  cairo_append_path (cr, path);
  cairo_path_destroy (path);
}

/* A line's dash from the ninth series on (none before). */
void
kefu_chart_series_dash (cairo_t *cr,
                        guint    index)
{
  static const double dashes[][2] = { { 6, 3 }, { 2, 3 }, { 10, 4 } };
  guint pattern = index / N_SERIES_COLOURS;

  if (pattern == 0)
    cairo_set_dash (cr, NULL, 0, 0);
  else
    cairo_set_dash (cr, dashes[(pattern - 1) % G_N_ELEMENTS (dashes)], 2, 0);
}
