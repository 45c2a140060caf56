/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-owner-window.c — one owner's history (the 360° owner view)
 *
 * Who they are (units, tags), every ticket they filed, newest first, and
 * their follow-up ratings over time. Their phone number stays masked
 * unless the user's role may see it; each reveal is audited by the core.
 * The desk keeps a note on the owner here (what a colleague taking
 * their next call should know). A manager or an administrator carries
 * out the owner's erasure request here (信息删除), after a confirmation.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-owner-window.h"
#include "kefu-privacy.h"

struct _KefuOwnerWindow
{
  AdwWindow       parent_instance;

  KefuStore      *store;
  gint64          owner_id;
  GPtrArray      *tickets;     /* KefuTicket, newest first */
  GArray         *ratings;     /* double[2]: time, rating — oldest first */

  AdwWindowTitle *title;
  GtkLabel       *summary_label;
  GtkDrawingArea *ratings_area;
  GtkListBox     *tickets_list;
  GtkWidget      *erase_button;
  AdwEntryRow    *note_row;
};

G_DEFINE_FINAL_TYPE (KefuOwnerWindow, kefu_owner_window, ADW_TYPE_WINDOW)

enum { ERASED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct { double at; double rating; } Point;

/* Ratings over time as dots joined by a line, on a 1–5 scale, every
 * label through Pango (Chinese included), colours from the theme. */
static void
draw_ratings (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  KefuOwnerWindow *self = user_data;
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (area));
  GdkRGBA fg, accent;
  const double left = 28, right = 8, top = 8, bottom = 18;
  double plot_w = width - left - right, plot_h = height - top - bottom;
  double t0, t1;
  PangoLayout *layout;

  /* GTK 4.8: colours come from the style context (dark style included) */
  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
    accent = (GdkRGBA) { 0.21, 0.52, 0.89, 1.0 };
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);

  /* grid lines and their labels: 1 to 5 */
  for (int r = 1; r <= 5; r++)
    {
      double y = top + plot_h * (5 - r) / 4.0;
      char text[4];
      int tw, th;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, width - right, y);
      cairo_stroke (cr);
      g_snprintf (text, sizeof text, "%d", r);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      cairo_move_to (cr, left - tw - 6, y - th / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  if (self->ratings->len == 0)
    {
      int tw, th;

      pango_layout_set_text (layout, _("No follow-up ratings yet"), -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      cairo_move_to (cr, left + (plot_w - tw) / 2, top + (plot_h - th) / 2);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
      return;
    }

  t0 = g_array_index (self->ratings, Point, 0).at;
  t1 = g_array_index (self->ratings, Point, self->ratings->len - 1).at;
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 1);
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < self->ratings->len; i++)
    {
      Point *p = &g_array_index (self->ratings, Point, i);
      double x = left + (t1 > t0 ? plot_w * (p->at - t0) / (t1 - t0) : plot_w / 2);
      double y = top + plot_h * (5 - p->rating) / 4.0;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < self->ratings->len; i++)
    {
      Point *p = &g_array_index (self->ratings, Point, i);
      double x = left + (t1 > t0 ? plot_w * (p->at - t0) / (t1 - t0) : plot_w / 2);
      double y = top + plot_h * (5 - p->rating) / 4.0;

      cairo_arc (cr, x, y, 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }

  /* the first and last dates under the axis */
  {
    g_autofree char *first = kefu_format_time ((gint64) t0, "%Y-%m-%d");
    g_autofree char *last = kefu_format_time ((gint64) t1, "%Y-%m-%d");
    int tw, th;

    cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
    pango_layout_set_text (layout, first, -1);
    cairo_move_to (cr, left, height - bottom + 2);
    pango_cairo_show_layout (cr, layout);
    if (t1 > t0)
      {
        pango_layout_set_text (layout, last, -1);
        pango_layout_get_pixel_size (layout, &tw, &th);
        cairo_move_to (cr, width - right - tw, height - bottom + 2);
        pango_cairo_show_layout (cr, layout);
      }
  }
  g_object_unref (layout);
}

static GtkWidget *
ticket_row (KefuTicket *t)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = kefu_format_time (kefu_ticket_get_milestone (t, KEFU_TICKET_CREATED), "%Y-%m-%d");
  g_autofree char *title = g_strdup_printf ("%s · %s · %s", kefu_ticket_get_number (t),
                                           kefu_code_label (KEFU_CODES_KIND, kefu_ticket_get_kind (t)),
                                           kefu_code_label (KEFU_CODES_STATUS, kefu_ticket_get_status (t)));
  g_autofree char *description = kefu_mask_phones_in_text (kefu_ticket_get_description (t));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s", when, kefu_ticket_get_location (t), description);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (kefu_ticket_get_satisfaction (t) > 0)
    {
      GString *stars = g_string_new (NULL);
      GtkWidget *label;

      for (int i = 1; i <= 5; i++)
        g_string_append (stars, i <= kefu_ticket_get_satisfaction (t) ? "★" : "☆");
      label = gtk_label_new (stars->str);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      g_string_free (stars, TRUE);
    }
  return row;
}

/* Saves the note as typed; a refusal is said where the summary goes */
static void
note_apply_cb (KefuOwnerWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!kefu_desk_set_owner_note (self->store, self->owner_id, gtk_editable_get_text (GTK_EDITABLE (self->note_row)),
                                 &error))
    {
      gtk_label_set_text (self->summary_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->summary_label), TRUE);
      return;
    }
  /* (the text stays as typed: set again, trimmed, it would bring the
   * apply button back; the window shows the note as kept next time) */
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), FALSE);
}

static gboolean
close_idle (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
erase_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   KefuOwnerWindow  *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  KefuErasureReport report;

  if (!g_str_equal (response, "erase"))
    return;
  if (!kefu_owner_erase (self->store, self->owner_id, &report, &error))
    {
      gtk_label_set_text (self->summary_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->summary_label), TRUE);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The owner’s personal data was erased; %lld ticket stays, anonymised.",
                                       "The owner’s personal data was erased; %lld tickets stay, anonymised.",
                                       (gulong) report.tickets),
                          (long long) report.tickets);
  g_signal_emit (self, signals[ERASED], 0, text);
  /* closed once the dialog, transient for this window, is gone */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle, g_object_ref (self), g_object_unref);
}

static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KefuOwnerWindow *self = KEFU_OWNER_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Erase the Owner’s Personal Data?"),
                                   _("Their name, phone, note, tags and units, the names and phones their tickets "
                                     "copied, their name and number in descriptions and notes, and their tickets’ "
                                     "attachments are removed for good. The tickets stay, anonymised, for the "
                                     "statistics. Backups keep the old data until they age out. "
                                     "This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "erase", _("_Erase"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (erase_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
kefu_owner_window_dispose (GObject *object)
{
  KefuOwnerWindow *self = (KefuOwnerWindow *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_clear_pointer (&self->ratings, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), KEFU_TYPE_OWNER_WINDOW);
  G_OBJECT_CLASS (kefu_owner_window_parent_class)->dispose (object);
}

static void
kefu_owner_window_class_init (KefuOwnerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_owner_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-owner-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuOwnerWindow, title);
  gtk_widget_class_bind_template_child (widget_class, KefuOwnerWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KefuOwnerWindow, ratings_area);
  gtk_widget_class_bind_template_child (widget_class, KefuOwnerWindow, tickets_list);
  gtk_widget_class_bind_template_child (widget_class, KefuOwnerWindow, erase_button);
  gtk_widget_class_bind_template_child (widget_class, KefuOwnerWindow, note_row);
  gtk_widget_class_bind_template_callback (widget_class, note_apply_cb);
  gtk_widget_class_install_action (widget_class, "owner.erase", NULL, erase_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /* after an erasure, with what to tell the user */
  signals[ERASED] = g_signal_new ("erased", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kefu_owner_window_init (KefuOwnerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->ratings = g_array_new (FALSE, FALSE, sizeof (Point));
  gtk_drawing_area_set_draw_func (self->ratings_area, draw_ratings, self, NULL);
}

KefuOwnerWindow *
kefu_owner_window_new (GtkWindow *parent,
                       KefuStore *store,
                       KefuUser  *user,
                       gint64     owner_id)
{
  KefuOwnerWindow *self = g_object_new (KEFU_TYPE_OWNER_WINDOW, "transient-for", parent, NULL);
  KefuTicketQuery q = { .owner_id = owner_id };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *note = NULL;
  gboolean erased;
  double mean = 0;
  guint n = 0;

  self->store = g_object_ref (store);
  self->owner_id = owner_id;
  /* the button only for those who may, and only once; an erased owner
   * has no note */
  erased = kefu_owner_is_erased (store, owner_id);
  gtk_widget_set_visible (self->erase_button, kefu_user_can (user, KEFU_PERMISSION_ERASE_OWNER) && !erased);
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_row), !erased);
  summary = kefu_desk_owner_summary (store, owner_id, &mean, &n, &error);
  if (summary == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->summary_label), TRUE);
      return self;
    }
  adw_window_title_set_title (self->title, summary);
  note = kefu_desk_get_owner_note (store, owner_id, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), note != NULL ? note : "");
  /* (after the text: the note as kept is no change to apply) */
  adw_entry_row_set_show_apply_button (self->note_row, TRUE);
  {
    g_autofree char *text = mean > 0
      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket · mean rating %.1f of 5", "%u tickets · mean rating %.1f of 5", n), n, mean)
      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket", "%u tickets", n), n);
    adw_window_title_set_subtitle (self->title, text);
  }

  ids = kefu_desk_query_ticket_ids (store, &q, NULL, &error);
  if (ids != NULL && ids->len > 0)
    self->tickets = kefu_desk_load_tickets (store, (gint64 *) ids->data, ids->len, &error);
  if (self->tickets == NULL)
    self->tickets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->tickets->len; i++)
    gtk_list_box_append (self->tickets_list, ticket_row (self->tickets->pdata[i]));
  for (guint i = self->tickets->len; i > 0; i--)
    {
      KefuTicket *t = self->tickets->pdata[i - 1];
      gint64 at = kefu_ticket_get_milestone (t, KEFU_TICKET_FOLLOWED_UP);

      if (kefu_ticket_get_satisfaction (t) > 0 && at > 0)
        {
          Point p = { (double) at, kefu_ticket_get_satisfaction (t) };
          g_array_append_val (self->ratings, p);
        }
    }
  return self;
}

guint
kefu_owner_window_get_n_tickets (KefuOwnerWindow *self)
{
  return self->tickets != NULL ? self->tickets->len : 0;
}
