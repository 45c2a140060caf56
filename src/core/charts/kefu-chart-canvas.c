/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-canvas.c — what every chart family lays out and draws with:
 * text measured and placed with Pango, marks added to the geometry, the
 * texts drawn, rounded rectangles, donut slice paths and the focus ring
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-chart-private.h"
#include "kefu-text.h"

/* ---- layout helpers ------------------------------------------------------ */

/* A Pango context for @cr, with unhinted metrics: the same sizes on
 * screen, PNG, SVG and PDF. */
PangoContext *
kefu_chart_pango_context (cairo_t *cr)
{
  PangoContext *context = kefu_text_context_new (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  return context;
}

static PangoLayout *
make_layout (PangoContext *context,
             const char   *text,
             double        size,
             gboolean      bold)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

void
kefu_chart_measure (Ctx        *c,
                    const char *text,
                    double      size,
                    gboolean    bold,
                    double     *width,
                    double     *height)
{
  g_autoptr(PangoLayout) layout = make_layout (c->pango, text, size, bold);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

/* Places @text with its box's left (align -1), centre (0) or right (1)
 * at @x and its top at @y, no wider than @max_width (ellipsized). */
KefuChartText *
kefu_chart_add_text (Ctx               *c,
                     KefuChartTextRole  role,
                     const char        *text,
                     double             x,
                     double             y,
                     int                align,
                     double             max_width,
                     double             size,
                     gboolean           bold)
{
  KefuChartText t = { 0 };
  double w, h;

  kefu_chart_measure (c, text, size, bold, &w, &h);
  if (max_width > 0 && w > max_width)
    w = max_width;
  t.text = g_strdup (text);
  t.role = role;
  t.size = size;
  t.bold = bold;
  t.ink = -1;
  t.align = align;
  t.width = w;
  t.height = h;
  t.x = align < 0 ? x : align == 0 ? x - w / 2 : x - w;
  t.y = y;
  t.box = (KefuChartRect) { t.x, t.y, w, h };
  g_array_append_val (c->geo->texts, t);
  return &g_array_index (c->geo->texts, KefuChartText, c->geo->texts->len - 1);
}

double
kefu_chart_line_height (Ctx   *c,
                        double size)
{
  double h;

  kefu_chart_measure (c, "Ag国", size, FALSE, NULL, &h);
  return h;
}

KefuChartMark *
kefu_chart_add_mark (Ctx                *c,
                     KefuChartMarkShape  shape,
                     int                 series,
                     int                 category,
                     int                 row,
                     double              value)
{
  KefuChartMark m = { 0 };

  m.shape = shape;
  m.hit = (KefuChartHit) { series, category, row };
  m.value = value;
  g_array_append_val (c->geo->marks, m);
  return &g_array_index (c->geo->marks, KefuChartMark, c->geo->marks->len - 1);
}

KefuChartMark *
kefu_chart_add_rect_mark (Ctx   *c,
                          int    series,
                          int    category,
                          int    row,
                          double value,
                          double x,
                          double y,
                          double w,
                          double h)
{
  KefuChartMark *m = kefu_chart_add_mark (c, KEFU_CHART_MARK_RECT, series, category, row, value);

  m->box = m->area = (KefuChartRect) { x, y, w, h };
  m->cx = x + w / 2;
  m->cy = y + h / 2;
  return m;
}

KefuChartMark *
kefu_chart_add_point_mark (Ctx   *c,
                           int    series,
                           int    category,
                           int    row,
                           double value,
                           double x,
                           double y,
                           const KefuChartRect *area)
{
  KefuChartMark *m = kefu_chart_add_mark (c, KEFU_CHART_MARK_POINT, series, category, row, value);

  m->cx = x;
  m->cy = y;
  m->box = (KefuChartRect) { x - 4, y - 4, 8, 8 };
  m->area = area != NULL ? *area : (KefuChartRect) { x - 12, y - 12, 24, 24 };
  return m;
}

void
kefu_chart_draw_texts (KefuChart *self,
                       cairo_t   *cr)
{
  const Palette *pal = kefu_chart_palette (self);

  PangoContext *context = kefu_chart_pango_context (cr);

  for (guint i = 0; i < self->geo.texts->len; i++)
    {
      const KefuChartText *t = &g_array_index (self->geo.texts, KefuChartText, i);
      g_autoptr(PangoLayout) layout = make_layout (context, t->text, t->size, t->bold);
      PangoRectangle logical;
      double natural;

      pango_layout_get_extents (layout, NULL, &logical);
      natural = (double) logical.width / PANGO_SCALE;
      if (t->width <= 0)
        continue;
      if (natural > t->width + 0.5)
        {
          pango_layout_set_width (layout, (int) (t->width * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
        }

      cairo_save (cr);
      switch (t->ink)
        {
        case 0: kefu_chart_set_rgb (cr, &pal->ink_dark); break;
        case 1: kefu_chart_set_rgb (cr, &pal->ink_light); break;
        default:
          kefu_chart_set_rgb (cr, t->role == KEFU_CHART_TEXT_TICK || t->role == KEFU_CHART_TEXT_CATEGORY ||
                       t->role == KEFU_CHART_TEXT_NOTE ? &pal->muted : &pal->fg);
          break;
        }
      cairo_translate (cr, t->x, t->y);
      cairo_rotate (cr, t->angle);
      if (t->align > 0 && natural < t->width)
        cairo_translate (cr, t->width - natural, 0);
      cairo_move_to (cr, 0, 0);
      if (t->angle != 0)
        pango_cairo_update_layout (cr, layout);
      pango_cairo_show_layout (cr, layout);
      /* The path is not part of the saved state: leave no current point
       * behind, or the next arc (a highlight) starts with a line from here. */
      cairo_new_path (cr);
      cairo_restore (cr);
    }
  g_object_unref (context);
}

void
kefu_chart_rounded_rect (cairo_t *cr,
                         double   x,
                         double   y,
                         double   w,
                         double   h,
                         double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
kefu_chart_slice_path (cairo_t             *cr,
                       const KefuChartMark *m,
                       double               grow)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, m->ox, m->oy, m->r1 + grow, m->a0, m->a1);
  cairo_arc_negative (cr, m->ox, m->oy, MAX (m->r0 - grow, 0), m->a1, m->a0);
  cairo_close_path (cr);
}

void
kefu_chart_draw_highlight (KefuChart *self,
                           cairo_t   *cr)
{
  const Palette *pal = kefu_chart_palette (self);
  const KefuChartMark *m;

  if (self->highlight < 0 || (guint) self->highlight >= self->geo.marks->len)
    return;
  m = &g_array_index (self->geo.marks, KefuChartMark, self->highlight);
  /* A fresh path: cairo_arc() joins a current point with a line. */
  cairo_new_path (cr);
  kefu_chart_set_rgb (cr, &pal->focus);
  cairo_set_line_width (cr, 2);
  switch (m->shape)
    {
    case KEFU_CHART_MARK_SLICE:
      kefu_chart_slice_path (cr, m, 2);
      break;
    case KEFU_CHART_MARK_POINT:
      cairo_arc (cr, m->cx, m->cy, 6, 0, 2 * G_PI);
      break;
    case KEFU_CHART_MARK_RECT:
    default:
      kefu_chart_rounded_rect (cr, m->box.x - 2, m->box.y - 2, m->box.width + 4, m->box.height + 4, 3);
      break;
    }
  cairo_stroke (cr);
}
