/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-day-timeline.c — one technician's day on the board's time axis
 *
 * A strip as wide as the part of the day the board shows: the technician's
 * shifts as a band, each appointment of the day as a block at its time and
 * as wide as its window (overlapping ones on rows of their own, marked in
 * the warning colour like those outside the shift), and the "now" line on
 * today. The same class draws the axis above the lanes: the hours. Drawn in
 * one cairo node with Pango text, like GNOME Calendar's week grid; the
 * board hands over what it has already loaded, so a frame reads nothing.
 *
 * Pointer and keyboard: a click (or Enter on the focused block, moved with
 * Left and Right) emits "block-activated" with the ticket id; a block can
 * be dragged onto another lane like a card.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kefu-day-timeline.h"
#include "kefu-gui-util.h"

#define RULER_HEIGHT 22
#define ROW_HEIGHT   24
#define PAD          3

typedef struct {
  gint64                   ticket_id;
  KefuMinuteSpan           span;
  int                      row;        /* overlapping blocks go on rows below */
  int                      level;
  KefuAppointmentConflict  conflicts;
  char                    *number;
  char                    *location;
  char                    *why;        /* translated, or NULL */
} Block;

struct _KefuDayTimeline
{
  GtkWidget   parent_instance;

  gboolean    ruler;
  gint64      day_start;
  int         from_min;
  int         to_min;
  gint64      now;
  char       *name;         /* the technician's */
  GArray     *shifts;       /* KefuMinuteSpan */
  GPtrArray  *blocks;       /* Block, by start */
  int         n_rows;
  int         focus;        /* the keyboard's block, -1: none */
};

G_DEFINE_FINAL_TYPE (KefuDayTimeline, kefu_day_timeline, GTK_TYPE_WIDGET)

enum {
  BLOCK_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
block_free (Block *b)
{
  g_free (b->number);
  g_free (b->location);
  g_free (b->why);
  g_free (b);
}

/* Geometry ------------------------------------------------------------------ */

double
kefu_day_timeline_x_for_minute (int    from_min,
                                int    to_min,
                                double width,
                                int    minute)
{
  if (to_min <= from_min)
    return 0;
  return width * (double) (CLAMP (minute, from_min, to_min) - from_min) / (double) (to_min - from_min);
}

void
kefu_day_timeline_range_for_board (const KefuBoard *board,
                                   int             *from_min,
                                   int             *to_min)
{
  int lo = 7 * 60, hi = 22 * 60;

  g_return_if_fail (board != NULL);
  for (guint i = 0; i < board->lanes->len; i++)
    {
      const KefuBoardLane *lane = board->lanes->pdata[i];

      /* a shift running on from the night before or into the next
       * night does not stretch the axis to midnight */
      for (guint j = 0; lane->shifts != NULL && j < lane->shifts->len; j++)
        {
          const KefuMinuteSpan *s = &g_array_index (lane->shifts, KefuMinuteSpan, j);
          int edges[] = { s->from_min, s->to_min };

          for (guint k = 0; k < G_N_ELEMENTS (edges); k++)
            if (edges[k] > 0 && edges[k] < 24 * 60)
              {
                lo = MIN (lo, edges[k] - 60);
                hi = MAX (hi, edges[k] + 60);
              }
        }
    }
  for (guint i = 0; i < board->cards->len; i++)
    {
      KefuMinuteSpan s;

      if (kefu_board_card_span (board, board->cards->pdata[i], &s))
        {
          lo = MIN (lo, s.from_min - 60);
          hi = MAX (hi, s.to_min + 60);
        }
    }
  lo = MAX (0, lo) / 60 * 60;
  hi = MIN (24 * 60, (hi + 59) / 60 * 60);
  *from_min = lo;
  *to_min = hi;
}

static char *
format_minute (int minute)
{
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

static char *
format_span (const KefuMinuteSpan *span)
{
  g_autofree char *from = format_minute (span->from_min);
  g_autofree char *to = format_minute (span->to_min);

  return g_strdup_printf ("%s–%s", from, to);
}

static double
x_for (KefuDayTimeline *self,
       int              minute)
{
  return kefu_day_timeline_x_for_minute (self->from_min, self->to_min, gtk_widget_get_width (GTK_WIDGET (self)), minute);
}

static void
block_rect (KefuDayTimeline *self,
            const Block     *b,
            graphene_rect_t *rect)
{
  double x0 = x_for (self, b->span.from_min), x1 = x_for (self, b->span.to_min);

  graphene_rect_init (rect, x0 + 1, PAD + b->row * ROW_HEIGHT, MAX (x1 - x0 - 2, 4), ROW_HEIGHT - 2);
}

static int
block_index_at (KefuDayTimeline *self,
                double           x,
                double           y)
{
  for (guint i = 0; i < self->blocks->len; i++)
    {
      graphene_rect_t r;

      block_rect (self, self->blocks->pdata[i], &r);
      if (graphene_rect_contains_point (&r, &GRAPHENE_POINT_INIT (x, y)))
        return i;
    }
  return -1;
}

/* Accessible label and tooltips --------------------------------------------- */

static char *
describe (const Block *b)
{
  g_autofree char *when = format_span (&b->span);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s · %s · %s", b->number, b->location != NULL ? b->location : "", when);
  if (b->why != NULL)
    g_string_append_printf (text, "\n%s", b->why);
  return g_string_free (text, FALSE);
}

static void
update_accessible (KefuDayTimeline *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->ruler)
    {
      g_autofree char *from = format_minute (self->from_min);
      g_autofree char *to = format_minute (self->to_min);
      /* Translators: the accessible name of the board's time axis: from, to */
      g_string_printf (text, _("Time axis %s–%s"), from, to);
    }
  else
    {
      g_autoptr(GString) shifts = g_string_new (NULL);

      for (guint i = 0; self->shifts != NULL && i < self->shifts->len; i++)
        {
          g_autofree char *span = format_span (&g_array_index (self->shifts, KefuMinuteSpan, i));
          g_string_append_printf (shifts, "%s%s", i > 0 ? ", " : "", span);
        }
      g_string_append_printf (text, "%s: ", self->name != NULL ? self->name : "");
      if (shifts->len > 0)
        /* Translators: in a lane's accessible name: the shift spans of the day */
        g_string_append_printf (text, _("on shift %s"), shifts->str);
      else
        g_string_append (text, _("off all day"));
      if (self->blocks->len > 0)
        {
          g_string_append (text, "; ");
          g_string_append_printf (text, ngettext ("%u appointment", "%u appointments", self->blocks->len), self->blocks->len);
        }
      for (guint i = 0; i < self->blocks->len; i++)
        {
          g_autofree char *block = describe (self->blocks->pdata[i]);
          g_strdelimit (block, "\n", ' ');
          g_string_append_printf (text, "; %s", block);
        }
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str, -1);
}

static gboolean
kefu_day_timeline_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_mode,
                                 GtkTooltip *tooltip)
{
  KefuDayTimeline *self = KEFU_DAY_TIMELINE (widget);
  int index = keyboard_mode ? self->focus : block_index_at (self, x, y);
  g_autofree char *text = NULL;
  graphene_rect_t r;

  if (index < 0 || (guint) index >= self->blocks->len)
    return FALSE;
  text = describe (self->blocks->pdata[index]);
  block_rect (self, self->blocks->pdata[index], &r);
  gtk_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) r.origin.x, (int) r.origin.y,
                                                       (int) ceil (r.size.width), (int) ceil (r.size.height) });
  return TRUE;
}

/* Drawing ------------------------------------------------------------------- */

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color,
              const char *fallback)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (style, name, color))
    gdk_rgba_parse (color, fallback);
}

static void
set_color (cairo_t       *cr,
           const GdkRGBA *c,
           double         alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

static void
rounded_rect (cairo_t               *cr,
              const graphene_rect_t *r,
              double                 radius)
{
  double x = r->origin.x, y = r->origin.y, w = r->size.width, h = r->size.height;

  radius = MIN (radius, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Every hour that leaves room for its label; else every two or three. */
static int
hour_step (KefuDayTimeline *self,
           double           width)
{
  double per_hour = width * 60.0 / MAX (self->to_min - self->from_min, 60);

  return per_hour >= 44 ? 1 : per_hour >= 22 ? 2 : 3;
}

static void
draw_ruler (KefuDayTimeline *self,
            cairo_t         *cr,
            double           width,
            double           height,
            const GdkRGBA   *fg)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  int step = hour_step (self, width);

  for (int m = (self->from_min + 59) / 60 * 60; m <= self->to_min; m += 60)
    {
      double x = round (x_for (self, m)) + 0.5;
      g_autofree char *label = format_minute (m % (24 * 60));
      int lw, lh;

      set_color (cr, fg, 0.3);
      cairo_move_to (cr, x, height - 5);
      cairo_line_to (cr, x, height);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      if ((m / 60) % step != 0)
        continue;
      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      set_color (cr, fg, 0.7);
      cairo_move_to (cr, CLAMP (x - lw / 2.0, 0, width - lw), MAX (0, height - 6 - lh));
      pango_cairo_show_layout (cr, layout);
    }
}

static void
draw_block (KefuDayTimeline *self,
            cairo_t         *cr,
            PangoLayout     *layout,
            const Block     *b,
            gboolean         focused,
            const GdkRGBA   *accent,
            const GdkRGBA   *accent_fg,
            const GdkRGBA   *warning,
            const GdkRGBA   *fg)
{
  graphene_rect_t r;
  g_autofree char *from = format_minute (b->span.from_min);
  g_autofree char *text = NULL;
  gboolean marked = b->conflicts != KEFU_APPOINTMENT_FINE;

  block_rect (self, b, &r);
  rounded_rect (cr, &r, 4);
  set_color (cr, marked ? warning : accent, 0.9);
  cairo_fill_preserve (cr);
  if (b->level < 3)
    {
      /* urgent: a thicker edge */
      set_color (cr, fg, 0.6);
      cairo_set_line_width (cr, 2);
      cairo_stroke_preserve (cr);
    }
  cairo_new_path (cr);
  if (focused)
    {
      graphene_rect_t ring;

      graphene_rect_inset_r (&r, -2, -2, &ring);
      rounded_rect (cr, &ring, 6);
      set_color (cr, fg, 0.9);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
  if (r.size.width < 20)
    return;
  /* "!" says it without the colour */
  /* where comes before the number: the dispatcher plans the route */
  text = g_strdup_printf ("%s%s %s %s", marked ? "! " : "", from, b->location != NULL ? b->location : "", b->number);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) ((r.size.width - 8) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  {
    int lw, lh;
    pango_layout_get_pixel_size (layout, &lw, &lh);
    cairo_save (cr);
    cairo_rectangle (cr, r.origin.x, r.origin.y, r.size.width, r.size.height);
    cairo_clip (cr);
    set_color (cr, marked ? fg : accent_fg, 1);
    cairo_move_to (cr, r.origin.x + 4, r.origin.y + (r.size.height - lh) / 2);
    pango_cairo_show_layout (cr, layout);
    cairo_restore (cr);
  }
}

static void
kefu_day_timeline_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  KefuDayTimeline *self = KEFU_DAY_TIMELINE (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GdkRGBA fg, accent, accent_fg, warning, success, now_color;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->to_min <= self->from_min)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  lookup_color (widget, "accent_bg_color", &accent, "#3584e4");
  lookup_color (widget, "accent_fg_color", &accent_fg, "#ffffff");
  lookup_color (widget, "warning_bg_color", &warning, "#e5a50a");
  lookup_color (widget, "success_color", &success, "#26a269");
  lookup_color (widget, "destructive_color", &now_color, "#c01c28");
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->ruler)
    draw_ruler (self, cr, width, height, &fg);
  else
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
      g_autoptr(PangoAttrList) small = pango_attr_list_new ();
      graphene_rect_t strip = GRAPHENE_RECT_INIT (0, 1, width, height - 2);

      pango_attr_list_insert (small, pango_attr_scale_new (PANGO_SCALE_SMALL));
      pango_layout_set_attributes (layout, small);
      /* the day's background and its hours */
      rounded_rect (cr, &strip, 4);
      set_color (cr, &fg, 0.04);
      cairo_fill (cr);
      cairo_set_line_width (cr, 1);
      for (int m = (self->from_min + 59) / 60 * 60; m < self->to_min; m += 60)
        {
          double x = round (x_for (self, m)) + 0.5;
          set_color (cr, &fg, (m / 60) % 6 == 0 ? 0.16 : 0.07);
          cairo_move_to (cr, x, 1);
          cairo_line_to (cr, x, height - 1);
          cairo_stroke (cr);
        }
      /* the shifts: a band */
      for (guint i = 0; self->shifts != NULL && i < self->shifts->len; i++)
        {
          const KefuMinuteSpan *s = &g_array_index (self->shifts, KefuMinuteSpan, i);
          double x0 = x_for (self, s->from_min), x1 = x_for (self, s->to_min);
          graphene_rect_t band = GRAPHENE_RECT_INIT (x0, 1, x1 - x0, height - 2);

          if (x1 - x0 < 1)
            continue;
          rounded_rect (cr, &band, 4);
          set_color (cr, &success, 0.16);
          cairo_fill (cr);
          cairo_rectangle (cr, x0, height - 4, x1 - x0, 3);
          set_color (cr, &success, 0.7);
          cairo_fill (cr);
        }
      for (guint i = 0; i < self->blocks->len; i++)
        draw_block (self, cr, layout, self->blocks->pdata[i], gtk_widget_has_focus (widget) && (int) i == self->focus,
                    &accent, &accent_fg, &warning, &fg);
    }

  /* now */
  if (self->now >= self->day_start && self->now < self->day_start + 24 * 3600)
    {
      int minute = (int) ((self->now - self->day_start) / 60);

      if (minute >= self->from_min && minute <= self->to_min)
        {
          double x = round (x_for (self, minute)) + 0.5;

          set_color (cr, &now_color, 1);
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, x, 0);
          cairo_line_to (cr, x, height);
          cairo_stroke (cr);
          if (self->ruler)
            {
              cairo_move_to (cr, x - 4, height - 6);
              cairo_line_to (cr, x + 4, height - 6);
              cairo_line_to (cr, x, height);
              cairo_close_path (cr);
              cairo_fill (cr);
            }
        }
    }
  cairo_destroy (cr);
}

static void
kefu_day_timeline_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  KefuDayTimeline *self = KEFU_DAY_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 720;
    }
  else
    *minimum = *natural = self->ruler ? RULER_HEIGHT : MAX (self->n_rows, 1) * ROW_HEIGHT + 2 * PAD;
}

/* Input --------------------------------------------------------------------- */

static void
activate_block (KefuDayTimeline *self,
                int              index)
{
  if (index < 0 || (guint) index >= self->blocks->len)
    return;
  g_signal_emit (self, signals[BLOCK_ACTIVATED], 0, ((Block *) self->blocks->pdata[index])->ticket_id);
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             KefuDayTimeline *self)
{
  int index = block_index_at (self, x, y);

  if (index < 0)
    return;
  self->focus = index;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  activate_block (self, index);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KefuDayTimeline       *self)
{
  int n = self->blocks->len;

  if (n == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      self->focus = self->focus <= 0 ? 0 : self->focus - 1;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      self->focus = MIN (self->focus + 1, n - 1);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
    case GDK_KEY_Menu:
      activate_block (self, MAX (self->focus, 0));
      return TRUE;
    default:
      return FALSE;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  return TRUE;
}

static void
focus_changed_cb (GtkEventControllerFocus *controller,
                  KefuDayTimeline         *self)
{
  if (self->focus < 0 && self->blocks->len > 0)
    self->focus = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource   *source,
                 double           x,
                 double           y,
                 KefuDayTimeline *self)
{
  int index = block_index_at (self, x, y);
  GValue value = G_VALUE_INIT;
  GdkContentProvider *provider;

  if (index < 0)
    return NULL;
  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, ((Block *) self->blocks->pdata[index])->ticket_id);
  provider = gdk_content_provider_new_for_value (&value);
  g_value_unset (&value);
  return provider;
}

/* API ----------------------------------------------------------------------- */

GtkWidget *
kefu_day_timeline_new (gboolean ruler)
{
  KefuDayTimeline *self = g_object_new (KEFU_TYPE_DAY_TIMELINE, NULL);

  self->ruler = ruler;
  if (ruler)
    gtk_widget_add_css_class (GTK_WIDGET (self), "board-axis");
  else
    {
      GtkDragSource *drag = gtk_drag_source_new ();

      gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
      g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
    }
  update_accessible (self);
  return GTK_WIDGET (self);
}

void
kefu_day_timeline_set_range (KefuDayTimeline *self,
                             gint64           day_start,
                             int              from_min,
                             int              to_min)
{
  g_return_if_fail (KEFU_IS_DAY_TIMELINE (self));
  self->day_start = day_start;
  self->from_min = CLAMP (from_min, 0, 24 * 60);
  self->to_min = CLAMP (to_min, self->from_min, 24 * 60);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
kefu_day_timeline_set_now (KefuDayTimeline *self,
                           gint64           now)
{
  g_return_if_fail (KEFU_IS_DAY_TIMELINE (self));
  if (self->now == now)
    return;
  self->now = now;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
kefu_day_timeline_set_lane (KefuDayTimeline     *self,
                            const KefuBoardLane *lane)
{
  g_return_if_fail (KEFU_IS_DAY_TIMELINE (self));
  g_free (self->name);
  self->name = g_strdup (lane != NULL ? lane->technician_name : NULL);
  g_array_set_size (self->shifts, 0);
  if (lane != NULL && lane->shifts != NULL)
    g_array_append_vals (self->shifts, lane->shifts->data, lane->shifts->len);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
kefu_day_timeline_add_block (KefuDayTimeline      *self,
                             const KefuBoardCard  *card,
                             const KefuMinuteSpan *span,
                             const char           *why)
{
  Block *b;
  guint at = 0;
  g_autofree int *row_end = NULL;

  g_return_if_fail (KEFU_IS_DAY_TIMELINE (self));
  g_return_if_fail (card != NULL && span != NULL);
  b = g_new0 (Block, 1);
  b->ticket_id = card->ticket_id;
  b->span = *span;
  b->level = card->level;
  b->conflicts = card->conflicts;
  b->number = g_strdup (card->number);
  b->location = g_strdup (card->location);
  b->why = g_strdup (why);
  while (at < self->blocks->len && ((Block *) self->blocks->pdata[at])->span.from_min <= span->from_min)
    at++;
  g_ptr_array_insert (self->blocks, at, b);

  /* rows: each block on the first row free at its start */
  row_end = g_new0 (int, self->blocks->len);
  self->n_rows = 0;
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *x = self->blocks->pdata[i];
      int r = 0;

      while (r < self->n_rows && row_end[r] > x->span.from_min)
        r++;
      x->row = r;
      row_end[r] = x->span.to_min;
      self->n_rows = MAX (self->n_rows, r + 1);
    }
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
kefu_day_timeline_get_n_blocks (KefuDayTimeline *self)
{
  g_return_val_if_fail (KEFU_IS_DAY_TIMELINE (self), 0);
  return self->blocks->len;
}

gint64
kefu_day_timeline_get_block_at (KefuDayTimeline *self,
                                int              minute)
{
  g_return_val_if_fail (KEFU_IS_DAY_TIMELINE (self), 0);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *b = self->blocks->pdata[i];
      if (b->span.from_min <= minute && minute < b->span.to_min)
        return b->ticket_id;
    }
  return 0;
}

static const Block *
find_block (KefuDayTimeline *self,
            gint64           ticket_id)
{
  for (guint i = 0; i < self->blocks->len; i++)
    if (((Block *) self->blocks->pdata[i])->ticket_id == ticket_id)
      return self->blocks->pdata[i];
  return NULL;
}

gboolean
kefu_day_timeline_get_block_area (KefuDayTimeline *self,
                                  gint64           ticket_id,
                                  GdkRectangle    *area)
{
  const Block *b;
  graphene_rect_t r;

  g_return_val_if_fail (KEFU_IS_DAY_TIMELINE (self), FALSE);
  b = find_block (self, ticket_id);
  if (b == NULL)
    return FALSE;
  block_rect (self, b, &r);
  *area = (GdkRectangle) { (int) r.origin.x, (int) r.origin.y, MAX ((int) r.size.width, 1), MAX ((int) r.size.height, 1) };
  return TRUE;
}

char *
kefu_day_timeline_describe_block (KefuDayTimeline *self,
                                  gint64           ticket_id)
{
  const Block *b;

  g_return_val_if_fail (KEFU_IS_DAY_TIMELINE (self), NULL);
  b = find_block (self, ticket_id);
  return b != NULL ? describe (b) : NULL;
}

/* GObject ------------------------------------------------------------------- */

/* A block's menu is a popover parented here by the board: placed with the
 * timeline, and gone with it (a board reloaded while the menu is still up,
 * or before the menu's idle unparent has run). */
static void
kefu_day_timeline_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
}

static void
kefu_day_timeline_dispose (GObject *object)
{
  kefu_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (kefu_day_timeline_parent_class)->dispose (object);
}

static void
kefu_day_timeline_finalize (GObject *object)
{
  KefuDayTimeline *self = KEFU_DAY_TIMELINE (object);

  g_free (self->name);
  g_array_unref (self->shifts);
  g_ptr_array_unref (self->blocks);
  G_OBJECT_CLASS (kefu_day_timeline_parent_class)->finalize (object);
}

static void
kefu_day_timeline_class_init (KefuDayTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_day_timeline_dispose;
  object_class->finalize = kefu_day_timeline_finalize;
  widget_class->size_allocate = kefu_day_timeline_size_allocate;
  widget_class->snapshot = kefu_day_timeline_snapshot;
  widget_class->measure = kefu_day_timeline_measure;
  widget_class->query_tooltip = kefu_day_timeline_query_tooltip;

  /**
   * KefuDayTimeline::block-activated:
   * @ticket_id: the block's ticket
   *
   * A block was clicked, or Enter pressed on it.
   */
  signals[BLOCK_ACTIVATED] = g_signal_new ("block-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_css_name (widget_class, "daytimeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kefu_day_timeline_init (KefuDayTimeline *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->from_min = 7 * 60;
  self->to_min = 22 * 60;
  self->focus = -1;
  self->shifts = g_array_new (FALSE, FALSE, sizeof (KefuMinuteSpan));
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (focus, "enter", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect (focus, "leave", G_CALLBACK (focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}
