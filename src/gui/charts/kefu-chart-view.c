/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-view.c — a KefuChart on screen (see kefu-chart-view.h)
 *
 * The chart itself knows its geometry from its last render; this widget
 * only turns pointer, keys and style into questions to it.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "kefu-chart-view.h"

struct _KefuChartView
{
  GtkWidget  parent_instance;

  KefuChart *chart;
  gulong     changed_id;
  int        focus_mark;   /* -1: none */
  int        hover_mark;   /* -1: none */
  GtkWidget *menu;         /* GtkPopoverMenu */
};

G_DEFINE_FINAL_TYPE (KefuChartView, kefu_chart_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CHART, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { MARK_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
update_accessible (KefuChartView *self)
{
  g_autofree char *description = self->chart != NULL ? kefu_chart_describe (self->chart) : NULL;
  const char *title = self->chart != NULL ? kefu_chart_get_title (self->chart) : NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title != NULL && *title != '\0' ? title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description != NULL ? description : "",
                                  -1);
}

static void
chart_changed_cb (KefuChart     *chart,
                  KefuChartView *self)
{
  /* Marks are numbered anew by the next render. */
  self->focus_mark = -1;
  self->hover_mark = -1;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
follow_style (KefuChartView *self)
{
  if (self->chart != NULL && adw_is_initialized ())
    {
      /* Blocked: a change of colours keeps the focused mark. */
      g_signal_handler_block (self->chart, self->changed_id);
      kefu_chart_set_dark (self->chart, adw_style_manager_get_dark (adw_style_manager_get_default ()));
      g_signal_handler_unblock (self->chart, self->changed_id);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
dark_changed_cb (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 KefuChartView   *self)
{
  follow_style (self);
}

GtkWidget *
kefu_chart_view_new (KefuChart *chart)
{
  return g_object_new (KEFU_TYPE_CHART_VIEW, "chart", chart, NULL);
}

KefuChart *
kefu_chart_view_get_chart (KefuChartView *self)
{
  g_return_val_if_fail (KEFU_IS_CHART_VIEW (self), NULL);
  return self->chart;
}

void
kefu_chart_view_set_chart (KefuChartView *self,
                           KefuChart     *chart)
{
  g_return_if_fail (KEFU_IS_CHART_VIEW (self));
  g_return_if_fail (chart == NULL || KEFU_IS_CHART (chart));

  if (self->chart == chart)
    return;
  if (self->chart != NULL)
    g_clear_signal_handler (&self->changed_id, self->chart);
  g_set_object (&self->chart, chart);
  if (chart != NULL)
    self->changed_id = g_signal_connect (chart, "changed", G_CALLBACK (chart_changed_cb), self);
  self->focus_mark = -1;
  self->hover_mark = -1;
  follow_style (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART]);
}

int
kefu_chart_view_get_focus_mark (KefuChartView *self)
{
  g_return_val_if_fail (KEFU_IS_CHART_VIEW (self), -1);
  return self->focus_mark;
}

void
kefu_chart_view_set_focus_mark (KefuChartView *self,
                                int            mark)
{
  g_return_if_fail (KEFU_IS_CHART_VIEW (self));

  if (self->chart == NULL || mark < 0 || (guint) mark >= kefu_chart_get_n_marks (self->chart))
    mark = -1;
  if (self->focus_mark == mark)
    return;
  self->focus_mark = mark;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

/* ---- drawing ----------------------------------------------------------------------- */

static void
kefu_chart_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  KefuChartView *self = KEFU_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->chart == NULL || width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  kefu_chart_set_highlight (self->chart, gtk_widget_has_focus (widget) && self->focus_mark >= 0
                                         ? self->focus_mark : self->hover_mark);
  kefu_chart_render (self->chart, cr, width, height);
  cairo_destroy (cr);
}

static void
kefu_chart_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 480;
    }
  else
    {
      *minimum = 160;
      *natural = 300;
    }
}

static void
kefu_chart_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  KefuChartView *self = KEFU_CHART_VIEW (widget);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

/* ---- pointer -------------------------------------------------------------------------- */

/* The tooltip's text and the mark it is about: under (@x, @y), or the
 * keyboard's mark. */
static char *
tooltip_for (KefuChartView *self,
             double         x,
             double         y,
             gboolean       keyboard_mode,
             GdkRectangle  *area)
{
  KefuChartHit hit;
  double mx, my, mw, mh;
  int index;

  if (self->chart == NULL)
    return NULL;
  if (keyboard_mode)
    index = self->focus_mark;
  else if (kefu_chart_hit (self->chart, x, y, &hit))
    index = kefu_chart_find_mark (self->chart, &hit);
  else
    return NULL;
  if (index < 0 || !kefu_chart_get_mark (self->chart, index, &hit, &mx, &my, &mw, &mh))
    return NULL;
  if (area != NULL)
    *area = (GdkRectangle) { (int) floor (mx), (int) floor (my), MAX ((int) ceil (mw), 1), MAX ((int) ceil (mh), 1) };
  return kefu_chart_describe_hit (self->chart, &hit);
}

char *
kefu_chart_view_get_tooltip_at (KefuChartView *self,
                                double         x,
                                double         y)
{
  g_return_val_if_fail (KEFU_IS_CHART_VIEW (self), NULL);
  return tooltip_for (self, x, y, FALSE, NULL);
}

static gboolean
kefu_chart_view_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard_mode,
                               GtkTooltip *tooltip)
{
  GdkRectangle area;
  g_autofree char *text = tooltip_for (KEFU_CHART_VIEW (widget), x, y, keyboard_mode, &area);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  /* A new query as soon as the pointer leaves this mark. */
  gtk_tooltip_set_tip_area (tooltip, &area);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           KefuChartView            *self)
{
  KefuChartHit hit;
  int mark = -1;

  if (self->chart != NULL && kefu_chart_hit (self->chart, x, y, &hit))
    mark = kefu_chart_find_mark (self->chart, &hit);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), mark >= 0 ? "pointer" : NULL);
  if (mark != self->hover_mark)
    {
      self->hover_mark = mark;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GtkEventControllerMotion *controller,
          KefuChartView            *self)
{
  if (self->hover_mark != -1)
    {
      self->hover_mark = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
activate_mark (KefuChartView *self,
               int            mark)
{
  KefuChartHit hit;

  if (self->chart == NULL || !kefu_chart_get_mark (self->chart, mark, &hit, NULL, NULL, NULL, NULL))
    return;
  g_signal_emit (self, signals[MARK_ACTIVATED], 0, hit.series, hit.category, hit.row);
}

static void
popup_menu (KefuChartView *self,
            double         x,
            double         y)
{
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            KefuChartView   *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  if (button == GDK_BUTTON_SECONDARY)
    {
      popup_menu (self, x, y);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             KefuChartView   *self)
{
  KefuChartHit hit;
  int mark;

  if (gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) != GDK_BUTTON_PRIMARY ||
      self->chart == NULL || n_press != 1)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!kefu_chart_hit (self->chart, x, y, &hit))
    return;
  mark = kefu_chart_find_mark (self->chart, &hit);
  kefu_chart_view_set_focus_mark (self, mark);
  activate_mark (self, mark);
}

static void
focus_enter_cb (GtkEventControllerFocus *controller,
                KefuChartView           *self)
{
  if (self->focus_mark < 0 && self->chart != NULL && kefu_chart_get_n_marks (self->chart) > 0)
    self->focus_mark = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                KefuChartView           *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- actions ------------------------------------------------------------------------------ */

static void
move_mark_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KefuChartView *self = KEFU_CHART_VIEW (widget);
  int n = self->chart != NULL ? (int) kefu_chart_get_n_marks (self->chart) : 0;
  int by = g_variant_get_int32 (parameter);
  int mark;

  if (n == 0)
    return;
  if (by == G_MININT32)
    mark = 0;
  else if (by == G_MAXINT32)
    mark = n - 1;
  else if (self->focus_mark < 0)
    mark = by > 0 ? 0 : n - 1;
  else
    mark = CLAMP (self->focus_mark + by, 0, n - 1);
  kefu_chart_view_set_focus_mark (self, mark);
}

/* Up and Down go to the nearest mark above or below: the next segment of
 * a stack, the next row of a heat map, the other line. */
static void
move_mark_vertically_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  KefuChartView *self = KEFU_CHART_VIEW (widget);
  int direction = g_variant_get_int32 (parameter);
  int n = self->chart != NULL ? (int) kefu_chart_get_n_marks (self->chart) : 0;
  double x, y, w, h, cx, cy;
  double best_score = G_MAXDOUBLE;
  int best = -1;

  if (n == 0)
    return;
  if (self->focus_mark < 0 || !kefu_chart_get_mark (self->chart, self->focus_mark, NULL, &x, &y, &w, &h))
    {
      kefu_chart_view_set_focus_mark (self, 0);
      return;
    }
  cx = x + w / 2;
  cy = y + h / 2;
  for (int i = 0; i < n; i++)
    {
      double dx, dy;

      if (i == self->focus_mark || !kefu_chart_get_mark (self->chart, i, NULL, &x, &y, &w, &h))
        continue;
      dx = x + w / 2 - cx;
      dy = (y + h / 2 - cy) * direction;
      if (dy <= 0.5)
        continue;
      /* Straight up or down first, then the nearest. */
      if (dy + 4 * fabs (dx) < best_score)
        {
          best_score = dy + 4 * fabs (dx);
          best = i;
        }
    }
  if (best >= 0)
    kefu_chart_view_set_focus_mark (self, best);
  else
    gtk_widget_error_bell (widget);
}

static void
activate_mark_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KefuChartView *self = KEFU_CHART_VIEW (widget);

  if (self->focus_mark >= 0)
    activate_mark (self, self->focus_mark);
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KefuChartView *self = KEFU_CHART_VIEW (widget);
  double x = gtk_widget_get_width (widget) / 2.0, y = gtk_widget_get_height (widget) / 2.0, w, h;

  if (self->chart != NULL && self->focus_mark >= 0 &&
      kefu_chart_get_mark (self->chart, self->focus_mark, NULL, &x, &y, &w, &h))
    {
      x += w / 2;
      y += h / 2;
    }
  popup_menu (self, x, y);
}

static void
report_error (KefuChartView *self,
              const GError  *error)
{
  /* The window's toast when there is one. */
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message))
    g_warning ("%s", error->message);
}

typedef struct {
  KefuChartView *view;
  char          *extension;
} ExportRequest;

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    ExportRequest   *request)
{
  KefuChartView *self = request->view;

  if (response == GTK_RESPONSE_ACCEPT && self->chart != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autofree char *lower = path != NULL ? g_ascii_strdown (path, -1) : NULL;
      g_autofree char *suffix = g_strconcat (".", request->extension, NULL);
      g_autoptr(GError) error = NULL;
      int width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 960);
      int height = MAX (gtk_widget_get_height (GTK_WIDGET (self)), 600);

      if (path != NULL)
        {
          if (!g_str_has_suffix (lower, suffix))
            {
              char *with_suffix = g_strconcat (path, suffix, NULL);
              g_free (path);
              path = with_suffix;
            }
          if (!kefu_chart_export (self->chart, path, width, height, &error))
            report_error (self, error);
        }
    }
  g_object_unref (request->view);
  g_free (request->extension);
  g_free (request);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuChartView *self = KEFU_CHART_VIEW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *title = self->chart != NULL ? kefu_chart_get_title (self->chart) : NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  ExportRequest *request;

  if (self->chart == NULL)
    return;
  if (g_strcmp0 (format, "svg") == 0)
    {
      gtk_file_filter_set_name (filter, _("SVG drawings"));
      gtk_file_filter_add_suffix (filter, "svg");
    }
  else if (g_strcmp0 (format, "pdf") == 0)
    {
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_suffix (filter, "pdf");
    }
  else
    {
      format = "png";
      gtk_file_filter_set_name (filter, _("PNG images"));
      gtk_file_filter_add_suffix (filter, "png");
    }

  chooser = gtk_file_chooser_native_new (_("Export Chart"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  name = g_strdup_printf ("%s.%s", title != NULL && *title != '\0' ? title : _("Chart"), format);
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  request = g_new0 (ExportRequest, 1);
  request->view = g_object_ref (self);
  request->extension = g_strdup (format);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- the class ------------------------------------------------------------------------------ */

static void
kefu_chart_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KefuChartView *self = KEFU_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHART:
      g_value_set_object (value, self->chart);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kefu_chart_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KefuChartView *self = KEFU_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHART:
      kefu_chart_view_set_chart (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kefu_chart_view_dispose (GObject *object)
{
  KefuChartView *self = KEFU_CHART_VIEW (object);

  if (adw_is_initialized ())
    g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (), dark_changed_cb, self);
  if (self->chart != NULL)
    g_clear_signal_handler (&self->changed_id, self->chart);
  g_clear_object (&self->chart);
  g_clear_pointer (&self->menu, gtk_widget_unparent);

  G_OBJECT_CLASS (kefu_chart_view_parent_class)->dispose (object);
}

static void
kefu_chart_view_class_init (KefuChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kefu_chart_view_get_property;
  object_class->set_property = kefu_chart_view_set_property;
  object_class->dispose = kefu_chart_view_dispose;
  widget_class->snapshot = kefu_chart_view_snapshot;
  widget_class->measure = kefu_chart_view_measure;
  widget_class->size_allocate = kefu_chart_view_size_allocate;
  widget_class->query_tooltip = kefu_chart_view_query_tooltip;

  properties[PROP_CHART] =
    g_param_spec_object ("chart", NULL, NULL, KEFU_TYPE_CHART,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KefuChartView::mark-activated:
   * @series, @category, @row: the KefuChartHit of the bar, slice, cell,
   *   point, bullet or span clicked or chosen with Enter (-1 where it
   *   does not apply)
   */
  signals[MARK_ACTIVATED] =
    g_signal_new ("mark-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "chart.move-mark", "i", move_mark_action);
  gtk_widget_class_install_action (widget_class, "chart.move-mark-vertically", "i", move_mark_vertically_action);
  gtk_widget_class_install_action (widget_class, "chart.activate-mark", NULL, activate_mark_action);
  gtk_widget_class_install_action (widget_class, "chart.menu", NULL, menu_action);
  gtk_widget_class_install_action (widget_class, "chart.export", "s", export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "chart.move-mark", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "chart.move-mark", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "chart.move-mark-vertically", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "chart.move-mark-vertically", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "chart.move-mark", "i", G_MININT32);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "chart.move-mark", "i", G_MAXINT32);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "chart.activate-mark", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "chart.activate-mark", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "chart.activate-mark", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "chart.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "chart.menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "kefuchartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kefu_chart_view_init (KefuChartView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  g_autoptr(GMenu) menu = g_menu_new ();

  self->focus_mark = -1;
  self->hover_mark = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (focus, "enter", G_CALLBACK (focus_enter_cb), self);
  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_menu_append (menu, _("Export as PNG Image…"), "chart.export::png");
  g_menu_append (menu, _("Export as SVG Drawing…"), "chart.export::svg");
  g_menu_append (menu, _("Export as PDF Document…"), "chart.export::pdf");
  self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));

  if (adw_is_initialized ())
    g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                             G_CALLBACK (dark_changed_cb), self, 0);
  update_accessible (self);
}
