/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-plan-gantt.c — a cohort's plan as a Gantt chart that moves
 *
 * See kefu-plan-gantt.h. The chart (kefu-chart-gantt.c) keeps its time
 * axis fixed while a bar is dragged (a value range: the plan's days with
 * a day either side), snaps to whole days (a session's length to half
 * hours) and shows where the bar would go; the core decides on release.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kefu-chart-view.h"
#include "kefu-cohort.h"
#include "kefu-cohort-schedule.h"
#include "kefu-enums.h"
#include "kefu-plan-gantt.h"

#define DAY ((gint64) 86400)
#define HOUR ((gint64) 3600)

typedef struct {
  gint64    id;
  gboolean  session;
  gint64    start, end;
  char     *label;
} Bar;

typedef struct {
  gboolean  set;
  gboolean  session;
  gint64    id;
  gint64    start, end;      /* to go back to */
  gboolean  move_sessions;
  char     *label;
} Undo;

struct _KefuPlanGantt
{
  GtkWidget   parent_instance;

  KefuStore  *store;
  gint64      cohort_id;
  KefuChart  *chart;
  GtkWidget  *overlay;
  GtkWidget  *view;
  GArray     *bars;          /* Bar, in kefu_chart_add_span() order */
  char       *error;
  Undo        undo;
  AdwToast   *toast;         /* the last one shown (weak) */

  int         drag_bar;      /* -1: none */
  KefuChartSpanPart drag_part;
  gint64      drag_start, drag_end;
};

G_DEFINE_FINAL_TYPE (KefuPlanGantt, kefu_plan_gantt, GTK_TYPE_WIDGET)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
bar_clear (Bar *bar)
{
  g_free (bar->label);
}

static char *
moment (gint64 at)
{
  return kefu_format_time (at, "%Y-%m-%d %H:%M");
}

/* Loading ------------------------------------------------------------------ */

void
kefu_plan_gantt_reload (KefuPlanGantt *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuCohortSummary) cohort = kefu_cohort_get (self->store, self->cohort_id, &error);
  g_autoptr(GPtrArray) sessions = cohort != NULL ? kefu_cohort_sessions (self->store, self->cohort_id, &error) : NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  gint64 t0, t1;

  g_return_if_fail (KEFU_IS_PLAN_GANTT (self));
  g_array_set_size (self->bars, 0);
  kefu_chart_clear (self->chart);
  if (cohort == NULL || sessions == NULL)
    return;
  {
    Bar bar = { cohort->id, FALSE, cohort->starts_at, cohort->ends_at, g_strdup (cohort->name) };
    g_array_append_val (self->bars, bar);
    g_ptr_array_add (rows, g_strdup (_("Course")));
  }
  t0 = cohort->starts_at;
  t1 = cohort->ends_at;
  for (guint i = 0; i < sessions->len; i++)
    {
      KefuCohortSession *s = sessions->pdata[i];
      g_autofree char *day = kefu_format_time (s->starts_at, "%m-%d");
      Bar bar = { s->id, TRUE, s->starts_at, s->starts_at + (gint64) llround (s->hours * HOUR),
                  g_strdup (s->topic != NULL ? s->topic : _("Session")) };

      g_array_append_val (self->bars, bar);
      /* Translators: a session's row in the plan: its day and topic */
      g_ptr_array_add (rows, g_strdup_printf (_("%s %s"), day, bar.label));
      t0 = MIN (t0, bar.start);
      t1 = MAX (t1, bar.end);
    }
  g_ptr_array_add (rows, NULL);
  kefu_chart_set_rows (self->chart, (const char * const *) rows->pdata);
  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      kefu_chart_add_span (self->chart, i, bar->label, bar->start, bar->end);
    }
  kefu_chart_set_value_range (self->chart, (double) (t0 - DAY), (double) (t1 + DAY));
  gtk_widget_set_size_request (self->view, -1, 70 + 34 * (int) self->bars->len);
}

/* The chart laid out at the view's size, so that marks and the time axis
 * are there before (or without) a frame. */
static void
relayout (KefuPlanGantt *self)
{
  int w = gtk_widget_get_width (self->view), h = gtk_widget_get_height (self->view);
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);

  if (w <= 0 || h <= 0)
    {
      w = 800;
      h = 70 + 34 * (int) self->bars->len;
    }
  kefu_chart_render (self->chart, cr, w, h);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

void
kefu_plan_gantt_select (KefuPlanGantt *self,
                        guint          bar)
{
  KefuChartHit hit = { (int) bar, -1, (int) bar };
  int mark;

  g_return_if_fail (KEFU_IS_PLAN_GANTT (self));
  relayout (self);
  mark = kefu_chart_find_mark (self->chart, &hit);
  if (mark < 0)
    {
      /* by its series alone */
      for (guint m = 0; m < kefu_chart_get_n_marks (self->chart); m++)
        if (kefu_chart_get_mark (self->chart, m, &hit, NULL, NULL, NULL, NULL) && hit.series == (int) bar)
          mark = (int) m;
    }
  kefu_chart_view_set_focus_mark (KEFU_CHART_VIEW (self->view), mark);
}

/* Saving ------------------------------------------------------------------- */

static void
alert (KefuPlanGantt *self,
       const char    *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Plan Not Changed"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void undo_clicked_cb (KefuPlanGantt *self);

static void
toast (KefuPlanGantt *self,
       const char    *text,
       gboolean       undo)
{
  AdwToast *t = adw_toast_new (text);

  /* one at a time: the newest change is the one Undo takes back */
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_set_weak_pointer (&self->toast, t);
  adw_toast_set_timeout (t, 8);
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  if (undo)
    {
      /* (not an action name: the Gantt moves to a rebuilt page after each
       * change, and the toast's button would not find plan.undo again) */
      adw_toast_set_button_label (t, _("_Undo"));
      g_signal_connect_object (t, "button-clicked", G_CALLBACK (undo_clicked_cb), self, G_CONNECT_SWAPPED);
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->overlay), t);
}

/* Saves bar @i at @start–@end; @move: the whole bar moved (the cohort's
 * sessions go along). Returns whether it was saved. */
static gboolean
apply (KefuPlanGantt *self,
       guint          i,
       gint64         start,
       gint64         end,
       gboolean       move,
       gboolean       undoing)
{
  g_autoptr(GError) error = NULL;
  Bar bar = g_array_index (self->bars, Bar, i);
  g_autofree char *label = g_strdup (bar.label);
  gboolean ok;

  if (bar.session)
    ok = kefu_session_reschedule (self->store, bar.id, start, end, &error);
  else
    ok = kefu_cohort_reschedule (self->store, bar.id, start, end, move, &error);
  g_clear_pointer (&self->error, g_free);
  if (!ok)
    {
      self->error = g_strdup (error->message);
      kefu_plan_gantt_reload (self);
      kefu_plan_gantt_select (self, i);
      alert (self, error->message);
      return FALSE;
    }
  if (!undoing)
    {
      g_free (self->undo.label);
      self->undo = (Undo) { TRUE, bar.session, bar.id, bar.start, bar.end, move, g_strdup (label) };
    }
  else
    {
      g_clear_pointer (&self->undo.label, g_free);
      self->undo.set = FALSE;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.undo", self->undo.set);
  kefu_plan_gantt_reload (self);
  kefu_plan_gantt_select (self, i);
  {
    g_autofree char *from = bar.session ? moment (start) : kefu_format_time (start, "%Y-%m-%d");
    g_autofree char *to = bar.session ? kefu_format_time (end, "%H:%M") : kefu_format_time (end - 1, "%Y-%m-%d");
    /* Translators: a bar of the plan moved: its name, then its new start and end */
    g_autofree char *text = undoing ? g_strdup_printf (_("“%s” is back at %s – %s."), label, from, to)
                                    : g_strdup_printf (_("“%s” now %s – %s."), label, from, to);
    toast (self, text, !undoing);
  }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KefuPlanGantt *self = KEFU_PLAN_GANTT (widget);

  if (!self->undo.set)
    return;
  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      if (bar->id == self->undo.id && bar->session == self->undo.session)
        {
          apply (self, i, self->undo.start, self->undo.end, self->undo.move_sessions, TRUE);
          return;
        }
    }
}

static void
undo_clicked_cb (KefuPlanGantt *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "plan.undo", NULL);
}

/* Dragging ----------------------------------------------------------------- */

static gboolean
drag_begin (KefuPlanGantt *self,
            double         x,
            double         y)
{
  guint index;

  relayout (self);
  self->drag_bar = -1;
  self->drag_part = kefu_chart_span_at (self->chart, x, y, &index);
  if (self->drag_part == KEFU_CHART_SPAN_NONE || index >= self->bars->len)
    return FALSE;
  self->drag_bar = (int) index;
  kefu_chart_get_span (self->chart, index, NULL, &self->drag_start, &self->drag_end);
  kefu_plan_gantt_select (self, index);
  return TRUE;
}

static void
drag_target (KefuPlanGantt *self,
             double         dx,
             gint64        *start,
             gint64        *end)
{
  const Bar *bar = &g_array_index (self->bars, Bar, self->drag_bar);
  double seconds = dx * kefu_chart_seconds_per_pixel (self->chart);

  *start = self->drag_start;
  *end = self->drag_end;
  if (self->drag_part == KEFU_CHART_SPAN_BODY)
    {
      gint64 days = (gint64) llround (seconds / DAY) * DAY;
      *start += days;
      *end += days;
    }
  else
    {
      gint64 step = bar->session ? HOUR / 2 : DAY;
      *end += (gint64) llround (seconds / step) * step;
    }
}

static void
drag_update (KefuPlanGantt *self,
             double         dx)
{
  gint64 start, end;

  if (self->drag_bar < 0)
    return;
  drag_target (self, dx, &start, &end);
  /* shown as it would be; a bar stretched past its start shows as a sliver */
  kefu_chart_set_span (self->chart, self->drag_bar, start, MAX (end, start + 60));
}

static gboolean
drag_end (KefuPlanGantt *self,
          double         dx)
{
  gint64 start, end;
  guint bar = (guint) self->drag_bar;

  if (self->drag_bar < 0)
    return FALSE;
  drag_target (self, dx, &start, &end);
  self->drag_bar = -1;
  if (start == self->drag_start && end == self->drag_end)
    {
      kefu_chart_set_span (self->chart, bar, start, end);
      return FALSE;
    }
  return apply (self, bar, start, end, self->drag_part == KEFU_CHART_SPAN_BODY, FALSE);
}

gboolean
kefu_plan_gantt_drag (KefuPlanGantt *self,
                      double         x,
                      double         y,
                      double         dx)
{
  g_return_val_if_fail (KEFU_IS_PLAN_GANTT (self), FALSE);
  if (!drag_begin (self, x, y))
    return FALSE;
  drag_update (self, dx / 2);
  drag_update (self, dx);
  return drag_end (self, dx);
}

static void
gesture_begin_cb (GtkGestureDrag *gesture,
                  double          x,
                  double          y,
                  KefuPlanGantt  *self)
{
  if (!drag_begin (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
  else
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
gesture_update_cb (GtkGestureDrag *gesture,
                   double          dx,
                   double          dy,
                   KefuPlanGantt  *self)
{
  drag_update (self, dx);
}

static void
gesture_end_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                KefuPlanGantt  *self)
{
  drag_end (self, dx);
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           KefuPlanGantt            *self)
{
  KefuChartSpanPart part = self->drag_bar >= 0 ? self->drag_part : kefu_chart_span_at (self->chart, x, y, NULL);

  gtk_widget_set_cursor_from_name (self->view, part == KEFU_CHART_SPAN_END ? "ew-resize"
                                               : part == KEFU_CHART_SPAN_BODY ? "grab" : NULL);
}

/* Keys --------------------------------------------------------------------- */

gboolean
kefu_plan_gantt_press (KefuPlanGantt   *self,
                       guint            keyval,
                       GdkModifierType  state)
{
  int mark = kefu_chart_view_get_focus_mark (KEFU_CHART_VIEW (self->view));
  KefuChartHit hit;
  gint64 start, end;
  int direction;
  const Bar *bar;

  g_return_val_if_fail (KEFU_IS_PLAN_GANTT (self), FALSE);
  if (keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left)
    direction = -1;
  else if (keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right)
    direction = 1;
  else
    return FALSE;
  if (mark < 0 || !kefu_chart_get_mark (self->chart, mark, &hit, NULL, NULL, NULL, NULL) ||
      hit.series < 0 || (guint) hit.series >= self->bars->len)
    return FALSE;
  bar = &g_array_index (self->bars, Bar, hit.series);
  start = bar->start;
  end = bar->end;
  if (state & GDK_SHIFT_MASK)
    end += direction * (bar->session ? HOUR : DAY);
  else
    {
      start += direction * DAY;
      end += direction * DAY;
    }
  apply (self, (guint) hit.series, start, end, !(state & GDK_SHIFT_MASK), FALSE);
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KefuPlanGantt         *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  return kefu_plan_gantt_press (self, keyval, state);
}

/* The widget --------------------------------------------------------------- */

guint
kefu_plan_gantt_get_n_bars (KefuPlanGantt *self)
{
  g_return_val_if_fail (KEFU_IS_PLAN_GANTT (self), 0);
  return self->bars->len;
}

gboolean
kefu_plan_gantt_bar_box (KefuPlanGantt   *self,
                         guint            bar,
                         graphene_rect_t *box)
{
  double x, y, w, h;
  KefuChartHit hit;

  g_return_val_if_fail (KEFU_IS_PLAN_GANTT (self), FALSE);
  relayout (self);
  for (guint m = 0; m < kefu_chart_get_n_marks (self->chart); m++)
    if (kefu_chart_get_mark (self->chart, m, &hit, &x, &y, &w, &h) && hit.series == (int) bar)
      {
        graphene_rect_init (box, x, y, w, h);
        return TRUE;
      }
  return FALSE;
}

const char *
kefu_plan_gantt_get_error (KefuPlanGantt *self)
{
  g_return_val_if_fail (KEFU_IS_PLAN_GANTT (self), NULL);
  return self->error;
}

static void
kefu_plan_gantt_dispose (GObject *object)
{
  KefuPlanGantt *self = KEFU_PLAN_GANTT (object);

  g_clear_weak_pointer (&self->toast);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  g_clear_object (&self->chart);
  g_clear_object (&self->store);
  g_clear_pointer (&self->bars, g_array_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->undo.label, g_free);
  G_OBJECT_CLASS (kefu_plan_gantt_parent_class)->dispose (object);
}

static void
kefu_plan_gantt_class_init (KefuPlanGanttClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_plan_gantt_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  gtk_widget_class_install_action (widget_class, "plan.undo", NULL, undo_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kefu_plan_gantt_init (KefuPlanGantt *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, (GDestroyNotify) bar_clear);
  self->drag_bar = -1;
  /* Translators: the title of a cohort's plan chart */
  self->chart = kefu_chart_new (KEFU_CHART_GANTT, NULL);
  self->view = kefu_chart_view_new (self->chart);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Drag a bar to move it or its end to stretch it; or select it and press Left or Right "
                                    "to move it a day, Shift with Left or Right to stretch it."), -1);
  self->overlay = adw_toast_overlay_new ();
  /* room under the bars for the toast */
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    GtkWidget *room = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_widget_set_size_request (room, -1, 64);
    gtk_box_append (GTK_BOX (box), self->view);
    gtk_box_append (GTK_BOX (box), room);
    adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->overlay), box);
  }
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (gesture_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (gesture_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (gesture_end_cb), self);
  gtk_widget_add_controller (self->view, GTK_EVENT_CONTROLLER (drag));
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (self->view, key);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (self->view, motion);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.undo", FALSE);
}

GtkWidget *
kefu_plan_gantt_new (KefuStore *store,
                     gint64     cohort_id)
{
  KefuPlanGantt *self = g_object_new (KEFU_TYPE_PLAN_GANTT, NULL);

  self->store = g_object_ref (store);
  self->cohort_id = cohort_id;
  kefu_plan_gantt_reload (self);
  return GTK_WIDGET (self);
}
