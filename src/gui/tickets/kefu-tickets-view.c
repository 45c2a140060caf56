/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-tickets-view.c — the ticket list, its search and the detail pane
 *
 * A GtkColumnView over KefuTicketList, which pages rows in from SQLite as
 * they scroll into view; search and the status filter run as SQL on a
 * worker thread and swap the list in one go.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-gui-util.h"
#include "kefu-loader.h"

#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-export.h"
#include "kefu-ticket-detail.h"
#include "kefu-tickets-view.h"
#include "kefu-user-views.h"
#include "kefu-view.h"

struct _KefuTicketsView
{
  GtkWidget           parent_instance;

  KefuStore          *store;
  KefuTicketList     *list;
  GtkSingleSelection *selection;

  /* template */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkLabel           *count_label;
  GtkSpinner         *spinner;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
  KefuTicketDetail   *detail;

  gint64              reselect_id;   /* after a reload, select this ticket again */
  GPtrArray          *clock_labels;  /* bound badge labels, refreshed every 30 s */
  guint               clock_timeout;
  gint64              user_id;
  KefuSavedView       view;
  KefuLoader         *counting;

  GtkListBox         *views_list;
  GtkWidget          *save_view_button;
  GPtrArray          *user_views;     /* KefuUserView: the signed-in user's, the rows after the built-in ones */
  GPtrArray          *user_counts;    /* GtkLabel: each one's count */
  gint64              user_view_id;   /* the user view chosen; 0: a built-in one */
  gboolean            restoring;      /* the controls are being set from a user view: one query after */
  gboolean            rebuilding;     /* the user views' rows are being made again */
  GtkWidget          *dropped_label;  /* what a user view left out (a building deleted…) */
  GtkMenuButton      *filter_button;
  GtkLabel           *view_counts[KEFU_N_VIEWS];
  GtkDropDown        *kind_filter;
  GtkDropDown        *level_filter;
  GtkDropDown        *channel_filter;
  GtkDropDown        *building_filter;
  GtkDropDown        *team_filter;
  GtkDropDown        *agent_filter;
  GtkDropDown        *sort_filter;
  GtkWidget          *filter_chips;   /* one chip per filter set, in every view it narrows */
  GtkCheckButton     *descriptions_toggle;
  GtkEntry           *from_filter;
  GtkEntry           *to_filter;

  /* a chart's mark on the dashboard: its tickets, until "Show All Tickets" */
  GtkRevealer        *drill_revealer;
  GtkLabel           *drill_label;
  KefuTicketQuery     drill;
  gboolean            drilling;

  const char         *header_sort;    /* the clicked column's sort key, or NULL */
  gboolean            header_ascending;
  int                 probed_column;  /* see header_sorter_changed_cb() */
  guint               fit_idle;       /* see fit_columns() */
};

/* The orders offered in the filter popover: key, ascending, label. */
static const struct { const char *key; gboolean ascending; const char *label; } sort_orders[] = {
  { "priority", FALSE, N_("Urgent and flagged first, then newest") },
  { "created", FALSE, N_("Newest first") },
  { "created", TRUE, N_("Oldest first") },
  { "level", TRUE, N_("Most urgent first") },
  { "status", TRUE, N_("By status") },
  { "location", TRUE, N_("By location") },
  { "number", FALSE, N_("By number") },
};

static void kefu_tickets_view_view_init (KefuViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KefuTicketsView, kefu_tickets_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (KEFU_TYPE_VIEW, kefu_tickets_view_view_init))

typedef enum {
  COL_NUMBER, COL_CREATED, COL_KIND, COL_LEVEL, COL_LOCATION, COL_OWNER, COL_STATUS, COL_DUE, COL_AGENT, N_COLUMNS
} Column;

static const struct { const char *title; gboolean expand; int min_chars; const char *sort; } columns[N_COLUMNS] = {
  [COL_NUMBER] = { NC_("column", "Number"), FALSE, 14, "number" },
  [COL_CREATED] = { NC_("column", "Created"), FALSE, 11, "created" },
  [COL_KIND] = { NC_("column", "Kind"), FALSE, 10, "kind" },
  [COL_LEVEL] = { NC_("column", "Level"), FALSE, 4, "level" },
  [COL_LOCATION] = { NC_("column", "Location"), TRUE, 8, "location" },
  [COL_OWNER] = { NC_("column", "Owner"), FALSE, 6, NULL },
  [COL_STATUS] = { NC_("column", "Status"), FALSE, 8, "status" },
  [COL_DUE] = { NC_("column", "Time Limit"), FALSE, 8, NULL },
  [COL_AGENT] = { NC_("column", "Agent"), FALSE, 5, "agent" },
};

/* The status filter: index 0 is everything, 1 every open ticket. */
static void update_view_counts (KefuTicketsView *self);
static void update_chips (KefuTicketsView *self);
static void queue_fit_columns (KefuTicketsView *self);
static void update_user_view_changed (KefuTicketsView *self);

static const char *
status_for_index (guint index)
{
  guint n;
  const KefuCode *codes = kefu_codes (KEFU_CODES_STATUS, &n);

  if (index == 0 || index == GTK_INVALID_LIST_POSITION)
    return NULL;
  if (index == 1)
    return "open";
  return index - 2 < n ? codes[index - 2].code : NULL;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column col = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), columns[col].min_chars);
  if (col == COL_NUMBER)
    gtk_widget_add_css_class (label, "ticket-number");
  if (col == COL_STATUS || col == COL_DUE)
    {
      gtk_widget_add_css_class (label, "status-badge");
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      /* a row two lines high (with descriptions) keeps its badges one line high */
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_label_set_width_chars (GTK_LABEL (label), -1);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
    }
  gtk_list_item_set_child (item, label);
}

static void
set_status_class (GtkWidget  *label,
                  const char *status)
{
  const char *old = g_object_get_data (G_OBJECT (label), "kefu-status-class");
  g_autofree char *css = g_strconcat ("status-", status, NULL);

  if (g_strcmp0 (old, css) == 0)
    return;
  if (old != NULL)
    gtk_widget_remove_css_class (label, old);
  gtk_widget_add_css_class (label, css);
  g_object_set_data_full (G_OBJECT (label), "kefu-status-class", g_steal_pointer (&css), g_free);
}

/* The badge of the nearest running clock: green, yellow, red. */
static void
show_clock (KefuTicketsView *self,
            GtkWidget       *label,
            KefuTicket      *t)
{
  g_autofree char *text = NULL;
  KefuClockState state;

  if (self->store == NULL)
    return;
  state = kefu_ticket_get_clock_state (t, kefu_store_now (self->store), &text);

  kefu_show_clock_state (label, state, text);
}

static gboolean
refresh_clocks_cb (gpointer data)
{
  KefuTicketsView *self = data;

  for (guint i = 0; i < self->clock_labels->len; i++)
    {
      GtkWidget *label = self->clock_labels->pdata[i];
      KefuTicket *t = g_object_get_data (G_OBJECT (label), "kefu-ticket");
      if (t != NULL)
        show_clock (self, label, t);
    }
  return G_SOURCE_CONTINUE;
}

static void
clock_label_gone_cb (gpointer  data,
                     GObject  *label)
{
  g_ptr_array_remove_fast (((KefuTicketsView *) data)->clock_labels, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  Column col = GPOINTER_TO_UINT (user_data);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  KefuTicket *t = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  switch (col)
    {
    case COL_NUMBER:
      text = g_strconcat (kefu_ticket_get_flagged (t) ? "⚑ " : "", kefu_ticket_get_number (t), NULL);
      break;
    case COL_CREATED:
      /* the year is in the filters; the list keeps month, day and time */
      text = kefu_format_time (kefu_ticket_get_milestone (t, KEFU_TICKET_CREATED), "%m-%d %H:%M");
      break;
    case COL_KIND:
      text = g_strdup (kefu_code_label (KEFU_CODES_KIND, kefu_ticket_get_kind (t)));
      break;
    case COL_LEVEL:
      {
        int level = kefu_ticket_get_level (t);
        /* Translators: the level column: 1, 2 or 3 (三级响应) */
        text = g_strdup_printf (_("L%d"), level);
        if (level != 1)
          gtk_widget_remove_css_class (GTK_WIDGET (label), "level-1");
        if (level != 2)
          gtk_widget_remove_css_class (GTK_WIDGET (label), "level-2");
        if (level < 3)
          gtk_widget_add_css_class (GTK_WIDGET (label), level == 1 ? "level-1" : "level-2");
      }
      break;
    case COL_LOCATION:
      text = g_strdup (kefu_ticket_get_location (t));
      break;
    case COL_OWNER:
      text = g_strdup (kefu_ticket_get_owner_name (t));
      break;
    case COL_STATUS:
      text = g_strdup (kefu_code_label (KEFU_CODES_STATUS, kefu_ticket_get_status (t)));
      set_status_class (GTK_WIDGET (label), kefu_ticket_get_status (t));
      break;
    case COL_DUE:
      /* drawn by bind_clock_cb, which knows the view and so its clock */
      g_object_set_data_full (G_OBJECT (label), "kefu-ticket", g_object_ref (t), g_object_unref);
      return;
    case COL_AGENT:
      text = g_strdup (kefu_ticket_get_agent_name (t));
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (label, text != NULL ? text : "");
}

static void
bind_clock_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KefuTicketsView          *self)
{
  show_clock (self, gtk_list_item_get_child (item), gtk_list_item_get_item (item));
}

/* Whether the location cells carry the description's first line: when
 * asked for, and while searching (it says why a row matched). */
static gboolean
shows_descriptions (KefuTicketsView *self)
{
  const char *search = self->list != NULL ? kefu_ticket_list_get_search (self->list) : NULL;

  return (self->descriptions_toggle != NULL && gtk_check_button_get_active (self->descriptions_toggle)) ||
         (search != NULL && *search != '\0');
}

static void
bind_description_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     KefuTicketsView          *self)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  KefuTicket *t = gtk_list_item_get_item (item);
  const char *description = kefu_ticket_get_description (t);
  g_autofree char *line = NULL;
  g_autofree char *markup = NULL;
  char *end;

  if (!shows_descriptions (self) || description == NULL || *description == '\0')
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), NULL);
      return;
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), description);
  line = g_strdup (description);
  if ((end = strchr (line, '\n')) != NULL)
    *end = '\0';
  /* one line each: the location, then the description dimmed (each
   * ellipsized on its own) */
  markup = g_markup_printf_escaped ("%s\n<span size=\"small\" alpha=\"65%%\">%s</span>",
                                    kefu_ticket_get_location (t) != NULL ? kefu_ticket_get_location (t) : "", line);
  gtk_label_set_markup (label, markup);
}

static void
setup_clock_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                KefuTicketsView          *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  g_ptr_array_add (self->clock_labels, label);
  g_object_weak_ref (G_OBJECT (label), clock_label_gone_cb, self);
}

/* Sorting happens in SQL; the column sorters only tell which header was
 * clicked. GTK 4.8 cannot say which column is the primary sort column
 * (gtk_column_view_sorter_get_primary_sort_column is 4.10), so the view's
 * sorter is asked to compare two items once: only the primary column's
 * sorter is consulted, and it notes itself; the sign gives the direction. */
typedef struct {
  KefuTicketsView *view;
  int              column;
} Probe;

static int
probe_compare_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  Probe *probe = user_data;

  probe->view->probed_column = probe->column;
  return GTK_ORDERING_SMALLER;
}

static void apply_query (KefuTicketsView *self);

static void
header_sorter_changed_cb (GtkSorter       *sorter,
                          GtkSorterChange  change,
                          KefuTicketsView *self)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, a, b);
  if (self->probed_column >= 0 && columns[self->probed_column].sort != NULL)
    {
      self->header_sort = columns[self->probed_column].sort;
      self->header_ascending = order == GTK_ORDERING_SMALLER;
    }
  else
    self->header_sort = NULL;
  apply_query (self);
}

/* The width of the widest of @texts in the view's font (made monospace,
 * or smaller and bold like a badge, as the cells are). */
static int
text_width (KefuTicketsView   *self,
            const char *const *texts,
            guint              n,
            Column             col)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (layout)));
  int widest = 0;

  if (col == COL_NUMBER)
    pango_font_description_set_family (font, "monospace");
  if (col == COL_STATUS || col == COL_DUE)
    {
      pango_font_description_set_size (font, pango_font_description_get_size (font) * 5 / 6);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
    }
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  for (guint i = 0; i < n; i++)
    {
      int width;

      pango_layout_set_text (layout, texts[i], -1);
      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }
  return widest;
}

/* Each column's width, fixed as its cells' smallest width: a column sized
 * by its cells measures every visible cell again each time rows are
 * rebound, which was most of a frame's work while scrolling a long list.
 * The user can still resize them; the location column takes the rest. */
static int
column_width (KefuTicketsView *self,
              Column           col)
{
  int width;

  if (col == COL_STATUS || col == COL_DUE)
    {
      /* badges: their widest text, not ellipsized */
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

      if (col == COL_STATUS)
        {
          guint n;
          const KefuCode *codes = kefu_codes (KEFU_CODES_STATUS, &n);

          for (guint i = 0; i < n; i++)
            g_ptr_array_add (texts, g_strdup (kefu_code_label (KEFU_CODES_STATUS, codes[i].code)));
        }
      else
        {
          /* the widest of each kind: "59 min", "47 h 59 min", "9 d 23 h" */
          static const gint64 spans[] = { 59 * 60, 47 * 3600 + 59 * 60, 9 * 86400 + 23 * 3600 };

          for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
            {
              g_autofree char *span = kefu_format_duration (spans[i]);
              g_ptr_array_add (texts, g_strdup_printf (_("%s late"), span));
              g_ptr_array_add (texts, g_strdup_printf (_("%s left"), span));
            }
        }
      width = text_width (self, (const char *const *) texts->pdata, texts->len, col) + 16;
    }
  else
    {
      /* what gtk_label_set_width_chars() asks for */
      PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
      int char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                            pango_font_metrics_get_approximate_digit_width (metrics));

      pango_font_metrics_unref (metrics);
      width = PANGO_PIXELS_CEIL (char_width * columns[col].min_chars);
      if (col == COL_NUMBER)
        {
          /* a flagged ticket's number, flag and all, is never cut */
          const char *flagged = "⚑ GD202612310099";
          width = MAX (width, text_width (self, &flagged, 1, col));
        }
    }
  {
    const char *title = g_dpgettext2 (NULL, "column", columns[col].title);
    width = MAX (width, text_width (self, &title, 1, N_COLUMNS));
  }
  return width + 12;   /* the cell's padding */
}

static void
add_columns (KefuTicketsView *self)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (c));
      if (c == COL_DUE)
        g_signal_connect (factory, "setup", G_CALLBACK (setup_clock_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (c));
      if (c == COL_LOCATION)
        g_signal_connect (factory, "bind", G_CALLBACK (bind_description_cb), self);
      if (c == COL_DUE)
        g_signal_connect (factory, "bind", G_CALLBACK (bind_clock_cb), self);
      column = gtk_column_view_column_new (g_dpgettext2 (NULL, "column", columns[c].title), factory);
      if (columns[c].sort != NULL)
        {
          Probe *probe = g_new0 (Probe, 1);
          g_autoptr(GtkCustomSorter) sorter = NULL;

          probe->view = self;
          probe->column = c;
          sorter = gtk_custom_sorter_new (probe_compare_cb, probe, g_free);
          gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
        }
      gtk_column_view_column_set_expand (column, columns[c].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_width (self, c));
      g_signal_connect_object (column, "notify::fixed-width", G_CALLBACK (queue_fit_columns), self, G_CONNECT_SWAPPED);
      gtk_column_view_append_column (self->column_view, column);
    }
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view)), "notify::page-size",
                           G_CALLBACK (queue_fit_columns), self, G_CONNECT_SWAPPED);
}

/* The columns a narrow list leaves out, the least needed first: the
 * time limit (SLA), the agent, the status, the location, the level and
 * the number always stay. The owner and the creation time are in the
 * detail pane, and the kind is in the detail's title. */
static const Column drop_order[] = { COL_CREATED, COL_OWNER, COL_KIND };

static GtkColumnViewColumn *
nth_column (KefuTicketsView *self,
            Column           col)
{
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), col);

  return column;   /* the view keeps its reference */
}

/* Shows as many columns as the list's width holds without scrolling
 * sideways, leaving out those of drop_order[] from the first; a wider
 * list (a larger window, the pane dragged) shows them again. Column
 * widths are fixed (see column_width()), so the width each needs is
 * known without laying out the list. */
static void
fit_columns (KefuTicketsView *self)
{
  GtkWidget *scrolled = gtk_widget_get_parent (GTK_WIDGET (self->column_view));
  int available = scrolled != NULL ? gtk_widget_get_width (scrolled) : 0;
  int need = 0;
  guint drop = 0;

  if (available <= 0)
    return;
  /* (the rows add nothing to their cells' fixed widths: a column view's
   * own measure still counts a column hidden a moment ago) */
  for (guint c = 0; c < N_COLUMNS; c++)
    need += gtk_column_view_column_get_fixed_width (nth_column (self, c));
  while (need > available && drop < G_N_ELEMENTS (drop_order))
    need -= gtk_column_view_column_get_fixed_width (nth_column (self, drop_order[drop++]));
  for (guint i = 0; i < G_N_ELEMENTS (drop_order); i++)
    {
      GtkColumnViewColumn *column = nth_column (self, drop_order[i]);

      if (gtk_column_view_column_get_visible (column) != (i >= drop))
        gtk_column_view_column_set_visible (column, i >= drop);
    }
}

static gboolean
fit_columns_cb (gpointer data)
{
  KefuTicketsView *self = data;

  self->fit_idle = 0;
  fit_columns (self);
  return G_SOURCE_REMOVE;
}

/* The list's width changed (or a column's): fit the columns once the
 * layout is done, not in the middle of it. */
static void
queue_fit_columns (KefuTicketsView *self)
{
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (self->fit_idle == 0)
    self->fit_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, fit_columns_cb, self, NULL);
}

static void
update_count (KefuTicketsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  gboolean loading = kefu_ticket_list_get_loading (self->list);
  const GError *error = kefu_ticket_list_get_error (self->list);
  g_autofree char *text = NULL;

  if (kefu_ticket_list_get_partial (self->list))
    /* the first page is shown; the rest are still being found */
    text = g_strdup (_("Counting tickets…"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket", "%u tickets", n), n);
  gtk_label_set_text (self->count_label, text);
  gtk_spinner_set_spinning (self->spinner, loading);

  if (error != NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_page, _("The Tickets Cannot Be Read"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else if (n == 0 && !loading)
    {
      gboolean filtered = kefu_ticket_list_get_search (self->list) != NULL &&
                          *kefu_ticket_list_get_search (self->list) != '\0';
      filtered |= gtk_drop_down_get_selected (self->status_dropdown) != 0;

      adw_status_page_set_icon_name (self->empty_page, filtered ? "edit-find-symbolic" : "view-list-symbolic");
      adw_status_page_set_title (self->empty_page, filtered ? _("No Matching Tickets") : _("No Tickets Yet"));
      adw_status_page_set_description (self->empty_page,
                                       filtered ? _("Try fewer characters, a phone number’s last digits, a unit such as “3栋502”, or another status.")
                                                : _("Tickets appear here as they are logged or imported."));
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

/* After the selection model has seen the new list: select the ticket
 * that was being worked on again. */
static gboolean
reselect_cb (gpointer data)
{
  KefuTicketsView *self = data;
  gint64 id = self->reselect_id;
  guint pos;

  self->reselect_id = 0;
  if (id <= 0 || self->list == NULL)
    return G_SOURCE_REMOVE;
  pos = kefu_ticket_list_get_position (self->list, id);
  if (pos != G_MAXUINT)
    gtk_single_selection_set_selected (self->selection, pos);
  else
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  /* Shown even when the filter no longer lists it. */
  {
    g_autoptr(KefuTicket) t = kefu_desk_get_ticket (self->store, id, NULL);
    kefu_ticket_detail_set_ticket (self->detail, t);
  }
  return G_SOURCE_REMOVE;
}

static void
list_changed_cb (KefuTicketsView *self)
{
  update_count (self);
  if (self->reselect_id > 0 && !kefu_ticket_list_get_loading (self->list))
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, reselect_cb, g_object_ref (self), g_object_unref);
}

/* The list is read and shown (a failed read says so on the page instead). */
static void
list_loading_cb (KefuTicketsView *self)
{
  if (!kefu_ticket_list_get_loading (self->list) && kefu_ticket_list_get_error (self->list) == NULL)
    kefu_view_emit_loaded (KEFU_VIEW (self));
}

static void
ticket_changed_cb (KefuTicketsView  *self,
                   gint64            ticket_id,
                   KefuTicketDetail *detail)
{
  kefu_tickets_view_show_ticket (self, ticket_id);
}

/* Reloads the list (a ticket changed or was added) and selects @ticket_id. */
void
kefu_tickets_view_show_ticket (KefuTicketsView *self,
                               gint64           ticket_id)
{
  if (self->list == NULL)
    return;
  self->reselect_id = ticket_id;
  kefu_ticket_list_reload (self->list);
  update_view_counts (self);
}

static void
selection_changed_cb (KefuTicketsView    *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  KefuTicket *ticket = gtk_single_selection_get_selected_item (selection);

  /* A reload drops the selection for a moment: keep the pane as it is. */
  if (ticket == NULL && self->reselect_id > 0)
    return;
  kefu_ticket_detail_set_ticket (self->detail, ticket);
}

static const char *
code_for_index (KefuCodeList list,
                guint        index)
{
  guint n;
  const KefuCode *codes = kefu_codes (list, &n);

  return index > 0 && index != GTK_INVALID_LIST_POSITION && index - 1 < n ? codes[index - 1].code : NULL;
}

/* A YYYY-MM-DD entry as local midnight (+ @plus seconds); 0 when empty,
 * and marked in error and ignored when it is not a date. */
static gint64
entry_date (GtkEntry *entry,
            gint64    plus)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  gint64 t = 0;

  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  if (text == NULL || *text == '\0')
    return 0;
  if (!kefu_export_parse_date (text, &t))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return 0;
    }
  return t + plus;
}

/* Filter chips ------------------------------------------------------------ */

static const char *
dropdown_text (GtkDropDown *dropdown)
{
  gpointer item = gtk_drop_down_get_selected_item (dropdown);

  if (GTK_IS_STRING_OBJECT (item))
    return gtk_string_object_get_string (item);
  if (KEFU_IS_CHOICE (item))
    return kefu_choice_get_name (item);
  return "";
}

static void
chip_clear_cb (GtkButton       *button,
               KefuTicketsView *self)
{
  GtkWidget *control = g_object_get_data (G_OBJECT (button), "kefu-filter");

  if (GTK_IS_DROP_DOWN (control))
    gtk_drop_down_set_selected (GTK_DROP_DOWN (control), 0);
  else if (GTK_IS_EDITABLE (control))
    gtk_editable_set_text (GTK_EDITABLE (control), "");
}

static void
add_chip (KefuTicketsView *self,
          GtkWidget       *control,
          const char      *title,
          const char      *value)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  /* Translators: a filter chip above the tickets: the filter, its value, e.g. "Kind: Repair" */
  g_autofree char *text = g_strdup_printf (_("%s: %s"), title, value);
  /* Translators: the accessible name of a filter chip's clear button, e.g. "Clear Kind: Repair" */
  g_autofree char *clear_text = g_strdup_printf (_("Clear %s"), text);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *clear = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_widget_add_css_class (chip, "filter-chip");
  gtk_widget_add_css_class (chip, "card");
  gtk_widget_set_margin_start (label, 8);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_widget_add_css_class (clear, "flat");
  gtk_widget_add_css_class (clear, "circular");
  gtk_widget_set_tooltip_text (clear, _("Clear this filter"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (clear), GTK_ACCESSIBLE_PROPERTY_LABEL, clear_text, -1);
  g_object_set_data (G_OBJECT (clear), "kefu-filter", control);
  g_signal_connect (clear, "clicked", G_CALLBACK (chip_clear_cb), self);
  gtk_box_append (GTK_BOX (chip), label);
  gtk_box_append (GTK_BOX (chip), clear);
  gtk_flow_box_append (GTK_FLOW_BOX (self->filter_chips), chip);
}

/* Every filter of the popover that narrows the list, as a chip with its
 * own clear button, in whichever view is chosen: a filter set in one view
 * never narrows another unseen. */
static void
update_chips (KefuTicketsView *self)
{
  struct { GtkWidget *control; const char *title; } dropdowns[] = {
    { GTK_WIDGET (self->kind_filter), _("Kind") },
    { GTK_WIDGET (self->level_filter), _("Urgency") },
    { GTK_WIDGET (self->channel_filter), _("Channel") },
    { GTK_WIDGET (self->building_filter), _("Building") },
    { GTK_WIDGET (self->team_filter), _("Team") },
    { GTK_WIDGET (self->agent_filter), _("First-contact agent") },
    { GTK_WIDGET (self->sort_filter), _("Order") },
  };
  struct { GtkWidget *control; const char *title; } dates[] = {
    { GTK_WIDGET (self->from_filter), _("Created from") },
    { GTK_WIDGET (self->to_filter), _("Created to") },
  };
  GtkWidget *child;
  guint n = 0;

  if (self->filter_chips == NULL)
    return;
  while ((child = gtk_widget_get_first_child (self->filter_chips)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->filter_chips), child);
  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    {
      guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdowns[i].control));

      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
        continue;
      add_chip (self, dropdowns[i].control, dropdowns[i].title, dropdown_text (GTK_DROP_DOWN (dropdowns[i].control)));
      n++;
    }
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (dates[i].control));

      if (text == NULL || *text == '\0')
        continue;
      add_chip (self, dates[i].control, dates[i].title, text);
      n++;
    }
  gtk_widget_set_visible (self->filter_chips, n > 0);
}

/* The list shows the saved view, narrowed by the search and the filters. */
static void
apply_query (KefuTicketsView *self)
{
  KefuTicketQuery q = { 0 };
  KefuChoice *building;
  guint sort;

  if (self->list == NULL || self->restoring)
    return;
  kefu_saved_view_apply (self->view, self->user_id, &q);
  q.search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (gtk_drop_down_get_selected (self->status_dropdown) > 0)
    q.status = status_for_index (gtk_drop_down_get_selected (self->status_dropdown));
  q.kind = code_for_index (KEFU_CODES_KIND, gtk_drop_down_get_selected (self->kind_filter));
  q.channel = code_for_index (KEFU_CODES_CHANNEL, gtk_drop_down_get_selected (self->channel_filter));
  q.level = gtk_drop_down_get_selected (self->level_filter);
  if (q.level == (int) GTK_INVALID_LIST_POSITION)
    q.level = 0;
  building = gtk_drop_down_get_selected_item (self->building_filter);
  q.building_id = building != NULL ? kefu_choice_get_id (building) : 0;
  {
    KefuChoice *team = gtk_drop_down_get_selected_item (self->team_filter);
    KefuChoice *agent = gtk_drop_down_get_selected_item (self->agent_filter);

    q.team_id = team != NULL ? kefu_choice_get_id (team) : 0;
    if (agent != NULL && kefu_choice_get_id (agent) > 0)
      q.agent_id = kefu_choice_get_id (agent);
  }
  q.from = entry_date (self->from_filter, 0);
  q.to = entry_date (self->to_filter, 24 * 3600);   /* "to" includes that whole day */
  if (self->drilling)
    {
      /* the dashboard's selection, narrowed further by what the user sets here */
#define TAKE(field, none) if (q.field == none) q.field = self->drill.field
      TAKE (kind, NULL); TAKE (subtype, NULL); TAKE (channel, NULL); TAKE (level, 0);
      TAKE (building_id, 0); TAKE (agent_id, 0); TAKE (team_id, 0); TAKE (weekday, 0); TAKE (hour, 0);
      TAKE (response_from_min, 0); TAKE (response_to_min, 0);
#undef TAKE
      q.from = MAX (q.from, self->drill.from);
      q.to = q.to > 0 && self->drill.to > 0 ? MIN (q.to, self->drill.to) : MAX (q.to, self->drill.to);
    }
  sort = gtk_drop_down_get_selected (self->sort_filter);
  if (self->header_sort != NULL)
    {
      q.sort = self->header_sort;
      q.ascending = self->header_ascending;
    }
  /* (a view with an order of its own, Awaiting Follow-up's longest waiting
   * first, keeps it until another order is chosen) */
  else if (sort < G_N_ELEMENTS (sort_orders) && (sort > 0 || q.sort == NULL))
    {
      q.sort = sort_orders[sort].key;
      q.ascending = sort_orders[sort].ascending;
    }
  update_chips (self);
  update_user_view_changed (self);
  kefu_ticket_list_set_query (self->list, &q);
}

static void
search_changed_cb (KefuTicketsView *self,
                   GtkSearchEntry  *entry)
{
  apply_query (self);
}

static void
status_changed_cb (KefuTicketsView *self,
                   GParamSpec      *pspec,
                   GtkDropDown     *dropdown)
{
  apply_query (self);
}

static void drill_clear (KefuTicketsView *self);

static void fill_choices (GtkDropDown *dropdown,
                          GListStore  *found);
static void clear_filters_cb (KefuTicketsView *self);

/* User views ----------------------------------------------------------- */

static KefuUserView *
find_user_view (KefuTicketsView *self,
                gint64           id,
                guint           *index)
{
  for (guint i = 0; self->user_views != NULL && i < self->user_views->len; i++)
    {
      KefuUserView *v = self->user_views->pdata[i];

      if (v->id == id)
        {
          if (index != NULL)
            *index = i;
          return v;
        }
    }
  return NULL;
}

static guint
choice_position (GtkDropDown *dropdown,
                 gint64       id)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 1; id > 0 && i < n; i++)
    {
      g_autoptr(KefuChoice) choice = g_list_model_get_item (model, i);

      if (kefu_choice_get_id (choice) == id)
        return i;
    }
  return 0;
}

static guint
code_position (KefuCodeList  list,
               const char   *code)
{
  guint n;
  const KefuCode *codes = kefu_codes (list, &n);

  for (guint i = 0; code != NULL && i < n; i++)
    if (g_str_equal (codes[i].code, code))
      return i + 1;
  return 0;
}

static void
choice_into (GtkDropDown  *dropdown,
             gint64       *id,
             char        **name)
{
  KefuChoice *choice = gtk_drop_down_get_selected_item (dropdown);

  if (choice != NULL && kefu_choice_get_id (choice) > 0)
    {
      *id = kefu_choice_get_id (choice);
      *name = g_strdup (kefu_choice_get_name (choice));
    }
}

/* What the list shows now (the built-in view under it, the search and the
 * filters), as a view of the signed-in user's own. The dashboard's
 * selection and a clicked column header are not part of it. */
static KefuUserView *
view_from_controls (KefuTicketsView *self)
{
  KefuUserView *v = kefu_user_view_new ();
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint level = gtk_drop_down_get_selected (self->level_filter);
  guint sort = gtk_drop_down_get_selected (self->sort_filter);

  v->user_id = self->user_id;
  v->base = self->view;
  v->search = search != NULL && *search != '\0' ? g_strdup (search) : NULL;
  v->status = g_strdup (status_for_index (gtk_drop_down_get_selected (self->status_dropdown)));
  v->kind = g_strdup (code_for_index (KEFU_CODES_KIND, gtk_drop_down_get_selected (self->kind_filter)));
  v->channel = g_strdup (code_for_index (KEFU_CODES_CHANNEL, gtk_drop_down_get_selected (self->channel_filter)));
  v->level = level <= 3 ? (int) level : 0;
  choice_into (self->building_filter, &v->building_id, &v->building_name);
  choice_into (self->team_filter, &v->team_id, &v->team_name);
  choice_into (self->agent_filter, &v->agent_id, &v->agent_name);
  v->from_day = entry_date (self->from_filter, 0);
  v->to_day = entry_date (self->to_filter, 0);
  if (sort > 0 && sort < G_N_ELEMENTS (sort_orders))
    {
      v->sort = g_strdup (sort_orders[sort].key);
      v->ascending = sort_orders[sort].ascending;
    }
  return v;
}

static void
show_dropped (KefuTicketsView *self,
              const char      *dropped)
{
  gtk_label_set_text (GTK_LABEL (self->dropped_label), dropped != NULL ? dropped : "");
  gtk_widget_set_visible (self->dropped_label, dropped != NULL);
}

/* Marks the chosen user view's row "changed" while the search or the
 * filters are not what it saved. */
static void
update_user_view_changed (KefuTicketsView *self)
{
  for (guint i = 0; self->user_views != NULL && i < self->user_views->len; i++)
    {
      KefuUserView *v = self->user_views->pdata[i];
      GtkWidget *count = self->user_counts->pdata[i];
      gboolean changed = FALSE;

      if (v->id == self->user_view_id)
        {
          g_autoptr(KefuUserView) now = view_from_controls (self);

          changed = now->base != v->base || g_strcmp0 (now->search, v->search) != 0 ||
                    g_strcmp0 (now->status, v->status) != 0 || g_strcmp0 (now->kind, v->kind) != 0 ||
                    g_strcmp0 (now->channel, v->channel) != 0 || now->level != v->level ||
                    now->building_id != v->building_id || now->team_id != v->team_id ||
                    now->agent_id != v->agent_id || now->from_day != v->from_day || now->to_day != v->to_day ||
                    g_strcmp0 (now->sort, v->sort) != 0 || (now->sort != NULL && now->ascending != v->ascending);
        }
      gtk_widget_set_visible (gtk_widget_get_prev_sibling (count), changed);
    }
}

/* Sets the search and the filters as @v saved them (the query runs once,
 * after); what is no longer there is left out and said. */
static void
show_user_view (KefuTicketsView    *self,
                const KefuUserView *v)
{
  KefuTicketQuery q;
  g_autofree char *dropped = NULL;
  GListModel *statuses = gtk_drop_down_get_model (self->status_dropdown);
  guint status = 0, sort = 0;

  kefu_user_view_apply (self->store, v, &q, &dropped);
  self->restoring = TRUE;
  /* the lists to pick from as they are now: an agent added or gone */
  fill_choices (self->building_filter, kefu_desk_list_buildings (self->store, NULL));
  fill_choices (self->team_filter, kefu_desk_list_teams (self->store, NULL));
  fill_choices (self->agent_filter, kefu_desk_list_agents (self->store, NULL));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), v->search != NULL ? v->search : "");
  for (guint i = 1; v->status != NULL && i < g_list_model_get_n_items (statuses); i++)
    if (g_strcmp0 (status_for_index (i), v->status) == 0)
      status = i;
  gtk_drop_down_set_selected (self->status_dropdown, status);
  gtk_drop_down_set_selected (self->kind_filter, code_position (KEFU_CODES_KIND, v->kind));
  gtk_drop_down_set_selected (self->channel_filter, code_position (KEFU_CODES_CHANNEL, v->channel));
  gtk_drop_down_set_selected (self->level_filter, v->level);
  gtk_drop_down_set_selected (self->building_filter, choice_position (self->building_filter, q.building_id));
  gtk_drop_down_set_selected (self->team_filter, choice_position (self->team_filter, q.team_id));
  gtk_drop_down_set_selected (self->agent_filter,
                              v->agent_id > 0 && q.agent_id == v->agent_id ? choice_position (self->agent_filter, q.agent_id) : 0);
  {
    g_autofree char *from = v->from_day > 0 ? kefu_format_time (v->from_day, "%Y-%m-%d") : NULL;
    g_autofree char *to = v->to_day > 0 ? kefu_format_time (v->to_day, "%Y-%m-%d") : NULL;

    gtk_editable_set_text (GTK_EDITABLE (self->from_filter), from != NULL ? from : "");
    gtk_editable_set_text (GTK_EDITABLE (self->to_filter), to != NULL ? to : "");
  }
  for (guint i = 1; v->sort != NULL && i < G_N_ELEMENTS (sort_orders); i++)
    if (g_str_equal (sort_orders[i].key, v->sort) && sort_orders[i].ascending == v->ascending)
      sort = i;
  gtk_drop_down_set_selected (self->sort_filter, sort);
  self->restoring = FALSE;
  show_dropped (self, dropped);
}

static void
view_selected_cb (KefuTicketsView *self,
                  GtkListBoxRow   *row,
                  GtkListBox      *list)
{
  guint index;

  if (row == NULL || self->rebuilding)
    return;
  index = gtk_list_box_row_get_index (row);
  /* another view leaves the dashboard's selection */
  if (self->drilling)
    {
      drill_clear (self);
      gtk_revealer_set_reveal_child (self->drill_revealer, FALSE);
    }
  if (index >= KEFU_N_VIEWS && self->user_views != NULL && index - KEFU_N_VIEWS < self->user_views->len)
    {
      KefuUserView *v = self->user_views->pdata[index - KEFU_N_VIEWS];

      self->view = v->base;
      self->user_view_id = v->id;
      show_user_view (self, v);
    }
  else
    {
      self->view = MIN (index, KEFU_N_VIEWS - 1);
      /* a user view's search and filters were its own: they go with it */
      if (self->user_view_id != 0)
        {
          self->restoring = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
          gtk_drop_down_set_selected (self->status_dropdown, 0);
          clear_filters_cb (self);
          self->restoring = FALSE;
        }
      self->user_view_id = 0;
      show_dropped (self, NULL);
    }
  apply_query (self);
  /* counted again with the list: "Overdue" and "Due Soon" move with the
   * clock, and a count from before would not be the list's */
  update_view_counts (self);
}

/* Live counts of the saved views, counted on a worker thread. */
typedef struct {
  gint64     user_id;
  gint64     counts[KEFU_N_VIEWS];
  GPtrArray *views;        /* copies of the user views */
  GArray    *view_counts;  /* gint64, one a view */
} Counting;

static void
counting_free (Counting *c)
{
  g_clear_pointer (&c->views, g_ptr_array_unref);
  g_clear_pointer (&c->view_counts, g_array_unref);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Counting, counting_free)

static gboolean
count_thread (KefuStore     *reader,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Counting *c = data;

  for (KefuSavedView v = 0; v < KEFU_N_VIEWS; v++)
    {
      KefuTicketQuery q = { 0 };

      kefu_saved_view_apply (v, c->user_id, &q);
      c->counts[v] = kefu_desk_count_tickets (reader, &q, error);
      if (c->counts[v] < 0)
        return FALSE;
    }
  /* each user view as its list shows it: its own search and filters on
   * its built-in view, without what is no longer there */
  for (guint i = 0; i < c->views->len; i++)
    {
      KefuTicketQuery q;
      gint64 n;

      kefu_user_view_apply (reader, c->views->pdata[i], &q, NULL);
      n = kefu_desk_count_tickets (reader, &q, error);
      if (n < 0)
        return FALSE;
      g_array_append_val (c->view_counts, n);
    }
  return TRUE;
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  KefuTicketsView *self = KEFU_TICKETS_VIEW (object);
  g_autoptr(Counting) c = NULL;
  g_autoptr(GError) error = NULL;

  c = kefu_loader_load_finish (result, update_view_counts, &error);
  if (c == NULL)
    {
      /* the counts stay as they were; the list says what went wrong */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Saved views not counted: %s", error->message);
      return;
    }
  for (KefuSavedView v = 0; v < KEFU_N_VIEWS; v++)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, c->counts[v]);
      gtk_label_set_text (self->view_counts[v], text);
    }
  for (guint i = 0; i < c->views->len; i++)
    {
      guint index;

      if (find_user_view (self, ((KefuUserView *) c->views->pdata[i])->id, &index) != NULL)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (c->view_counts, gint64, i));
          gtk_label_set_text (self->user_counts->pdata[index], text);
        }
    }
}

static void
update_view_counts (KefuTicketsView *self)
{
  Counting *c;

  if (self->store == NULL)
    return;
  if (self->counting == NULL)
    self->counting = kefu_loader_new ();
  c = g_new0 (Counting, 1);
  c->user_id = self->user_id;
  c->views = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_user_view_free);
  c->view_counts = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; self->user_views != NULL && i < self->user_views->len; i++)
    g_ptr_array_add (c->views, kefu_user_view_copy (self->user_views->pdata[i]));
  kefu_loader_load_async (self->counting, self, self->store, count_thread, c, (GDestroyNotify) counting_free,
                          update_view_counts, counted_cb, NULL);
}

static void
clear_header_sort (KefuTicketsView *self)
{
  if (self->header_sort != NULL)
    gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
}

static void
clear_filters_cb (KefuTicketsView *self)
{
  gtk_drop_down_set_selected (self->kind_filter, 0);
  gtk_drop_down_set_selected (self->level_filter, 0);
  gtk_drop_down_set_selected (self->channel_filter, 0);
  gtk_drop_down_set_selected (self->building_filter, 0);
  gtk_drop_down_set_selected (self->team_filter, 0);
  gtk_drop_down_set_selected (self->agent_filter, 0);
  gtk_drop_down_set_selected (self->sort_filter, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->from_filter), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_filter), "");
}

static GtkDropDown *
filter_dropdown (KefuTicketsView *self,
                 GtkGrid         *grid,
                 int              row,
                 const char      *name,
                 const char      *label,
                 GListModel      *model)
{
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *dropdown = gtk_drop_down_new (model, NULL);

  gtk_widget_set_name (dropdown, name);
  gtk_label_set_xalign (GTK_LABEL (title), 1);
  gtk_widget_add_css_class (title, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), dropdown);
  gtk_grid_attach (grid, title, 0, row, 1, 1);
  gtk_grid_attach (grid, dropdown, 1, row, 1, 1);
  g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (apply_query), self);
  return GTK_DROP_DOWN (dropdown);
}

static GtkEntry *
date_entry (KefuTicketsView *self,
            GtkGrid         *grid,
            int              row,
            const char      *name,
            const char      *label)
{
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  /* Translators: the format of a date typed into a filter */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("YYYY-MM-DD"));
  gtk_label_set_xalign (GTK_LABEL (title), 1);
  gtk_widget_add_css_class (title, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), entry);
  gtk_grid_attach (grid, title, 0, row, 1, 1);
  gtk_grid_attach (grid, entry, 1, row, 1, 1);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (apply_query), self);
  return GTK_ENTRY (entry);
}

static GListModel *
labels_with_any (KefuCodeList list)
{
  GtkStringList *labels = gtk_string_list_new (NULL);
  guint n;
  const KefuCode *codes = kefu_codes (list, &n);

  gtk_string_list_append (labels, _("Any"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (labels, _(codes[i].label));
  return G_LIST_MODEL (labels);
}

/* The rows are bound again with or without the description line. */
static void
descriptions_toggled_cb (KefuTicketsView *self)
{
  if (self->list != NULL)
    kefu_ticket_list_reload (self->list);
}

static void
build_filters (KefuTicketsView *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *clear = gtk_button_new_with_mnemonic (_("_Clear Filters"));
  GtkStringList *sorts = gtk_string_list_new (NULL);
  GtkStringList *levels = gtk_string_list_new (NULL);
  g_autoptr(GListStore) buildings = g_list_store_new (KEFU_TYPE_CHOICE);
  g_autoptr(KefuChoice) any = kefu_choice_new (0, _("Any"), NULL);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_string_list_append (levels, _("Any"));
  for (int l = 1; l <= 3; l++)
    {
      g_autofree char *code = g_strdup_printf ("%d", l);
      gtk_string_list_append (levels, kefu_code_label (KEFU_CODES_LEVEL, code));
    }
  for (guint i = 0; i < G_N_ELEMENTS (sort_orders); i++)
    gtk_string_list_append (sorts, _(sort_orders[i].label));
  g_list_store_append (buildings, any);

  self->kind_filter = filter_dropdown (self, GTK_GRID (grid), 0, "kind-filter", _("Kind"), labels_with_any (KEFU_CODES_KIND));
  self->level_filter = filter_dropdown (self, GTK_GRID (grid), 1, "level-filter", _("Urgency"), G_LIST_MODEL (levels));
  self->channel_filter = filter_dropdown (self, GTK_GRID (grid), 2, "channel-filter", _("Channel"), labels_with_any (KEFU_CODES_CHANNEL));
  self->building_filter = filter_dropdown (self, GTK_GRID (grid), 3, "building-filter", _("Building"), G_LIST_MODEL (g_object_ref (buildings)));
  gtk_drop_down_set_expression (self->building_filter, gtk_property_expression_new (KEFU_TYPE_CHOICE, NULL, "name"));
  {
    g_autoptr(GListStore) teams = g_list_store_new (KEFU_TYPE_CHOICE);
    g_list_store_append (teams, any);
    self->team_filter = filter_dropdown (self, GTK_GRID (grid), 4, "team-filter", _("Team"), G_LIST_MODEL (g_object_ref (teams)));
    gtk_drop_down_set_expression (self->team_filter, gtk_property_expression_new (KEFU_TYPE_CHOICE, NULL, "name"));
  }
  {
    g_autoptr(GListStore) agents = g_list_store_new (KEFU_TYPE_CHOICE);
    g_list_store_append (agents, any);
    self->agent_filter = filter_dropdown (self, GTK_GRID (grid), 5, "agent-filter", _("First-contact agent"), G_LIST_MODEL (g_object_ref (agents)));
    gtk_drop_down_set_expression (self->agent_filter, gtk_property_expression_new (KEFU_TYPE_CHOICE, NULL, "name"));
  }
  self->from_filter = date_entry (self, GTK_GRID (grid), 6, "from-filter", _("Created from"));
  self->to_filter = date_entry (self, GTK_GRID (grid), 7, "to-filter", _("Created to"));
  self->sort_filter = filter_dropdown (self, GTK_GRID (grid), 8, "sort-filter", _("Order"), G_LIST_MODEL (sorts));
  g_signal_connect_swapped (clear, "clicked", G_CALLBACK (clear_filters_cb), self);
  self->descriptions_toggle = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Show _descriptions in the list")));
  gtk_widget_set_name (GTK_WIDGET (self->descriptions_toggle), "descriptions-toggle");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->descriptions_toggle),
                               _("Each row shows its description’s first line under the location; a search shows it anyway"));
  g_signal_connect_swapped (self->descriptions_toggle, "toggled", G_CALLBACK (descriptions_toggled_cb), self);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->descriptions_toggle), 1, 9, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), clear, 1, 10, 1, 1);
  gtk_popover_set_child (GTK_POPOVER (popover), grid);
  gtk_menu_button_set_popover (self->filter_button, popover);
}

static void
build_views (KefuTicketsView *self)
{
  for (KefuSavedView v = 0; v < KEFU_N_VIEWS; v++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *name = gtk_label_new (kefu_saved_view_label (v));
      GtkWidget *count = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_widget_add_css_class (count, "dim-label");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), count);
      self->view_counts[v] = GTK_LABEL (count);
      gtk_list_box_append (self->views_list, box);
    }
  gtk_list_box_select_row (self->views_list, gtk_list_box_get_row_at_index (self->views_list, 0));
}

static void
views_header_cb (GtkListBoxRow *row,
                 GtkListBoxRow *before,
                 gpointer       user_data)
{
  if (gtk_list_box_row_get_index (row) == KEFU_N_VIEWS)
    {
      if (gtk_list_box_row_get_header (row) == NULL)
        {
          GtkWidget *title = gtk_label_new (_("My Views"));

          gtk_label_set_xalign (GTK_LABEL (title), 0);
          gtk_widget_add_css_class (title, "heading");
          gtk_widget_add_css_class (title, "dim-label");
          gtk_widget_set_margin_start (title, 12);
          gtk_widget_set_margin_top (title, 12);
          gtk_widget_set_margin_bottom (title, 3);
          gtk_list_box_row_set_header (row, title);
        }
    }
  else
    gtk_list_box_row_set_header (row, NULL);
}

/* A user view's row: its name, its count, and a menu (Rename…, Update
 * with Current Filters, Delete), also reachable with Tab from the row. */
static GtkWidget *
user_view_row (KefuTicketsView    *self,
               const KefuUserView *v,
               GtkWidget         **count_out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (v->name);
  GtkWidget *count = gtk_label_new (NULL);
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) rename = g_menu_item_new (_("_Rename…"), NULL);
  g_autoptr(GMenuItem) update = g_menu_item_new (_("_Update with Current Filters"), NULL);
  g_autoptr(GMenuItem) delete = g_menu_item_new (_("_Delete"), NULL);
  /* Translators: the accessible name of a saved view's menu button; %s is the view's name */
  g_autofree char *menu_label = g_strdup_printf (_("Menu of “%s”"), v->name);

  g_menu_item_set_action_and_target_value (rename, "tickets.rename-view", g_variant_new_int64 (v->id));
  g_menu_item_set_action_and_target_value (update, "tickets.update-view", g_variant_new_int64 (v->id));
  g_menu_item_set_action_and_target_value (delete, "tickets.delete-view", g_variant_new_int64 (v->id));
  g_menu_append_item (menu, rename);
  g_menu_append_item (menu, update);
  g_menu_append_item (menu, delete);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (name, v->name);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_set_name (count, "view-count");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (menu_button), FALSE);
  gtk_widget_set_name (menu_button, "view-menu");
  gtk_widget_set_tooltip_text (menu_button, _("Rename, update or delete this view (F2, Delete)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label, -1);
  {
    /* Translators: beside a saved view whose filters were changed since it was saved */
    GtkWidget *changed = gtk_label_new (_("changed"));

    gtk_widget_set_name (changed, "view-changed");
    gtk_widget_add_css_class (changed, "caption");
    gtk_widget_add_css_class (changed, "accent");
    gtk_widget_set_tooltip_text (changed, _("The search or the filters differ from the saved view: "
                                            "Update with Current Filters keeps them"));
    gtk_widget_set_visible (changed, FALSE);
    gtk_box_append (GTK_BOX (box), name);
    gtk_box_append (GTK_BOX (box), changed);
  }
  gtk_box_append (GTK_BOX (box), count);
  gtk_box_append (GTK_BOX (box), menu_button);
  *count_out = count;
  return box;
}

/* Reads the signed-in user's views again and makes their rows. With
 * @keep_id, that view's row is selected again as it was (its filters as
 * they are now); the view that was chosen gone, All Tickets is. */
static void
rebuild_user_views (KefuTicketsView *self,
                    gint64           keep_id)
{
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row;
  gboolean was_user_view = self->user_view_id != 0;
  guint index;

  self->rebuilding = TRUE;
  while ((row = gtk_list_box_get_row_at_index (self->views_list, KEFU_N_VIEWS)) != NULL)
    gtk_list_box_remove (self->views_list, GTK_WIDGET (row));
  g_clear_pointer (&self->user_views, g_ptr_array_unref);
  g_ptr_array_set_size (self->user_counts, 0);
  if (self->store != NULL && self->user_id > 0)
    self->user_views = kefu_user_view_list (self->store, self->user_id, &error);
  if (error != NULL)
    g_warning ("Cannot read the saved views: %s", error->message);
  if (self->user_views == NULL)
    self->user_views = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_user_view_free);
  for (guint i = 0; i < self->user_views->len; i++)
    {
      GtkWidget *count;

      gtk_list_box_append (self->views_list, user_view_row (self, self->user_views->pdata[i], &count));
      g_ptr_array_add (self->user_counts, count);
    }
  gtk_list_box_invalidate_headers (self->views_list);
  if (keep_id > 0 && find_user_view (self, keep_id, &index) != NULL)
    {
      gtk_list_box_select_row (self->views_list, gtk_list_box_get_row_at_index (self->views_list, KEFU_N_VIEWS + index));
      self->user_view_id = keep_id;
      self->rebuilding = FALSE;
    }
  else
    {
      self->rebuilding = FALSE;
      if (was_user_view || gtk_list_box_get_selected_row (self->views_list) == NULL)
        gtk_list_box_select_row (self->views_list, gtk_list_box_get_row_at_index (self->views_list, KEFU_VIEW_ALL));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.save-view", self->user_id > 0);
  update_view_counts (self);
}

/* A view's id from an action's parameter: 0 is the view chosen. */
static KefuUserView *
action_view (KefuTicketsView *self,
             GVariant        *parameter)
{
  gint64 id = parameter != NULL ? g_variant_get_int64 (parameter) : 0;

  return find_user_view (self, id != 0 ? id : self->user_view_id, NULL);
}

static void
toast (KefuTicketsView *self,
       AdwToast        *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
toast_text (KefuTicketsView *self,
            const char      *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 3);
  toast (self, t);
}

/* The name dialog of Save View… and Rename…: Save stays off, and the
 * reason is shown under the name, while the name would be refused. */
typedef struct {
  KefuTicketsView  *self;
  AdwMessageDialog *dialog;
  GtkEditable      *entry;
  GtkLabel         *problem;
  gint64            view_id;    /* 0: a new view */
  const char       *response;
} NameDialog;

static void
name_dialog_free (NameDialog *nd)
{
  g_object_unref (nd->self);
  g_free (nd);
}

static void
name_changed_cb (GtkEditable *entry,
                 NameDialog  *nd)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = kefu_user_view_check_name (nd->self->store, nd->self->user_id,
                                           gtk_editable_get_text (entry), nd->view_id, &error);

  gtk_label_set_text (nd->problem, ok ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (nd->problem), !ok);
  adw_message_dialog_set_response_enabled (nd->dialog, nd->response, ok);
}

static void
name_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  NameDialog       *nd)
{
  KefuTicketsView *self = nd->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (nd->entry)));
  g_autofree char *message = NULL;

  if (!g_str_equal (response, nd->response) || self->store == NULL)
    return;
  if (nd->view_id == 0)
    {
      g_autoptr(KefuUserView) v = view_from_controls (self);

      v->name = g_strdup (name);
      if (kefu_user_view_save (self->store, v, &error))
        {
          rebuild_user_views (self, v->id);
          /* Translators: a toast; %s is the view's name */
          message = g_strdup_printf (_("View “%s” saved"), v->name);
        }
    }
  else if (kefu_user_view_rename (self->store, self->user_id, nd->view_id, name, &error))
    {
      rebuild_user_views (self, self->user_view_id);
      /* Translators: a toast; %s is the view's new name */
      message = g_strdup_printf (_("View renamed to “%s”"), name);
    }
  toast_text (self, error != NULL ? error->message : message);
}

static void
open_name_dialog (KefuTicketsView    *self,
                  const KefuUserView *v)
{
  NameDialog *nd = g_new0 (NameDialog, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *problem = gtk_label_new (NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = v != NULL ? g_strdup_printf (_("Rename “%s”"), v->name) : NULL;

  nd->self = g_object_ref (self);
  nd->view_id = v != NULL ? v->id : 0;
  nd->response = v != NULL ? "rename" : "save";
  nd->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                           v != NULL ? heading : _("Save View"),
                                                           v != NULL ? NULL
                                                                     : _("The search and the filters shown now, under a name of your choosing, "
                                                                         "for you alone. It appears under “My Views” with its count.")));
  nd->entry = GTK_EDITABLE (entry);
  nd->problem = GTK_LABEL (problem);
  gtk_widget_set_name (entry, "view-name-entry");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (entry), KEFU_USER_VIEW_NAME_MAX + 10);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("View name"), -1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("View name, e.g. “1栋 repairs”"));
  if (v != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), v->name);
  gtk_widget_set_name (problem, "view-name-problem");
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_set_visible (problem, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), problem);
  adw_message_dialog_set_extra_child (nd->dialog, box);
  adw_message_dialog_add_responses (nd->dialog, "cancel", _("_Cancel"), nd->response,
                                    v != NULL ? _("_Rename") : _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (nd->dialog, nd->response, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (nd->dialog, nd->response);
  adw_message_dialog_set_close_response (nd->dialog, "cancel");
  /* nothing typed yet: Save is off, without a reproach */
  adw_message_dialog_set_response_enabled (nd->dialog, nd->response,
                                           kefu_user_view_check_name (self->store, self->user_id,
                                                                      gtk_editable_get_text (nd->entry), nd->view_id, NULL));
  g_signal_connect (entry, "changed", G_CALLBACK (name_changed_cb), nd);
  g_signal_connect_data (nd->dialog, "response", G_CALLBACK (name_response_cb), nd,
                         (GClosureNotify) (void (*) (void)) name_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (nd->dialog));
  gtk_widget_grab_focus (entry);
}

static void
save_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KefuTicketsView *self = KEFU_TICKETS_VIEW (widget);

  if (self->store != NULL && self->user_id > 0)
    open_name_dialog (self, NULL);
}

static void
rename_view_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KefuTicketsView *self = KEFU_TICKETS_VIEW (widget);
  KefuUserView *v = action_view (self, parameter);

  if (v != NULL)
    open_name_dialog (self, v);
}

static void
update_view_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KefuTicketsView *self = KEFU_TICKETS_VIEW (widget);
  KefuUserView *v = action_view (self, parameter);
  g_autoptr(KefuUserView) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 keep;

  if (v == NULL)
    return;
  now = view_from_controls (self);
  now->id = v->id;
  now->name = g_strdup (v->name);
  keep = self->user_view_id;
  if (kefu_user_view_save (self->store, now, &error))
    {
      if (keep == now->id)
        show_dropped (self, NULL);   /* what was gone is no longer asked for */
      rebuild_user_views (self, keep);
      /* Translators: a toast; %s is the view's name */
      message = g_strdup_printf (_("View “%s” now shows the current search and filters"), now->name);
    }
  toast_text (self, error != NULL ? error->message : message);
}

typedef struct {
  KefuTicketsView *self;
  KefuUserView    *view;
} Undo;

static void
undo_free (Undo *undo)
{
  g_object_unref (undo->self);
  kefu_user_view_free (undo->view);
  g_free (undo);
}

static void
undo_delete_cb (AdwToast *t,
                Undo     *undo)
{
  KefuTicketsView *self = undo->self;
  g_autoptr(KefuUserView) again = kefu_user_view_copy (undo->view);
  g_autoptr(GError) error = NULL;
  guint index;

  again->id = 0;
  if (self->store == NULL || !kefu_user_view_save (self->store, again, &error))
    {
      toast_text (self, error != NULL ? error->message : _("The view cannot be restored."));
      return;
    }
  rebuild_user_views (self, 0);
  if (find_user_view (self, again->id, &index) != NULL)
    gtk_list_box_select_row (self->views_list, gtk_list_box_get_row_at_index (self->views_list, KEFU_N_VIEWS + index));
}

static void
delete_view_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KefuTicketsView *self = KEFU_TICKETS_VIEW (widget);
  KefuUserView *v = action_view (self, parameter);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Undo *undo;
  AdwToast *t;

  if (v == NULL)
    return;
  if (!kefu_user_view_delete (self->store, self->user_id, v->id, &error))
    {
      toast_text (self, error->message);
      return;
    }
  undo = g_new0 (Undo, 1);
  undo->self = g_object_ref (self);
  undo->view = kefu_user_view_copy (v);   /* before the rows (and @v) go */
  rebuild_user_views (self, self->user_view_id == v->id ? 0 : self->user_view_id);
  /* Translators: a toast, with an Undo button; %s is the view's name */
  text = g_strdup_printf (_("View “%s” deleted"), undo->view->name);
  t = adw_toast_new (text);
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_timeout (t, 10);
  /* at once, not queued behind a confirmation: Undo is wanted now */
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (t, "button-clicked", G_CALLBACK (undo_delete_cb), undo,
                         (GClosureNotify) (void (*) (void)) undo_free, 0);
  toast (self, t);
}

/* Shift+F10 or the Menu key on a user view's row: its menu. */
static gboolean
views_menu_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  KefuTicketsView *self = user_data;
  guint index;
  GtkListBoxRow *row;
  GtkWidget *button;

  if (find_user_view (self, self->user_view_id, &index) == NULL)
    return FALSE;
  row = gtk_list_box_get_row_at_index (self->views_list, KEFU_N_VIEWS + index);
  button = gtk_widget_get_last_child (gtk_list_box_row_get_child (row));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  return TRUE;
}

static void
add_views_shortcuts (KefuTicketsView *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  struct { guint key; GdkModifierType mods; const char *action; } keys[] = {
    { GDK_KEY_F2, 0, "tickets.rename-view" },
    { GDK_KEY_Delete, 0, "tickets.delete-view" },
    { GDK_KEY_KP_Delete, 0, "tickets.delete-view" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, keys[i].mods),
                                                gtk_named_action_new (keys[i].action));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_int64 (0));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_Menu, 0)),
                                                          gtk_callback_action_new (views_menu_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->views_list), controller);
}

static void
drill_clear (KefuTicketsView *self)
{
  g_clear_pointer ((char **) &self->drill.kind, g_free);
  g_clear_pointer ((char **) &self->drill.subtype, g_free);
  g_clear_pointer ((char **) &self->drill.channel, g_free);
  memset (&self->drill, 0, sizeof self->drill);
  self->drilling = FALSE;
}

static void
clear_drill_cb (KefuTicketsView *self)
{
  drill_clear (self);
  gtk_revealer_set_reveal_child (self->drill_revealer, FALSE);
  apply_query (self);
}

/* Lists the tickets of @query (a chart's mark), said in @description,
 * from the All Tickets view with the filters cleared. */
void
kefu_tickets_view_show_query (KefuTicketsView       *self,
                              const KefuTicketQuery *query,
                              const char            *description)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KEFU_IS_TICKETS_VIEW (self));
  if (gtk_list_box_get_selected_row (self->views_list) != gtk_list_box_get_row_at_index (self->views_list, KEFU_VIEW_ALL))
    kefu_tickets_view_set_saved_view (self, KEFU_VIEW_ALL);
  drill_clear (self);
  self->drill = *query;
  self->drill.search = self->drill.status = self->drill.sort = NULL;
  self->drill.kind = g_strdup (query->kind);
  self->drill.subtype = g_strdup (query->subtype);
  self->drill.channel = g_strdup (query->channel);
  self->drilling = TRUE;
  /* Translators: above the ticket list, after a click on a dashboard chart */
  text = g_strdup_printf (_("From the dashboard: %s"), description);
  gtk_label_set_text (self->drill_label, text);
  gtk_revealer_set_reveal_child (self->drill_revealer, TRUE);
  clear_filters_cb (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  apply_query (self);
}

/* Selects a saved view, as clicking it in the sidebar does. */
void
kefu_tickets_view_set_saved_view (KefuTicketsView *self,
                                  KefuSavedView    view)
{
  g_return_if_fail (view < KEFU_N_VIEWS);
  gtk_list_box_select_row (self->views_list, gtk_list_box_get_row_at_index (self->views_list, view));
}

static void
stop_search_cb (KefuTicketsView *self,
                GtkSearchEntry  *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
kefu_tickets_view_dispose (GObject *object)
{
  KefuTicketsView *self = (KefuTicketsView *)object;

  if (self->list != NULL)
    {
      /* a query still running must not change the rows of a view going away */
      g_signal_handlers_disconnect_by_data (self->list, self);
      kefu_ticket_list_stop (self->list);
    }
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  if (self->counting != NULL)
    kefu_loader_cancel (self->counting);
  g_clear_object (&self->counting);
  g_clear_handle_id (&self->clock_timeout, g_source_remove);
  g_clear_handle_id (&self->fit_idle, g_source_remove);
  drill_clear (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_TICKETS_VIEW);
  kefu_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_pointer (&self->user_views, g_ptr_array_unref);
  g_clear_pointer (&self->user_counts, g_ptr_array_unref);
  if (self->clock_labels != NULL)
    {
      for (guint i = 0; i < self->clock_labels->len; i++)
        g_object_weak_unref (self->clock_labels->pdata[i], clock_label_gone_cb, self);
      g_clear_pointer (&self->clock_labels, g_ptr_array_unref);
    }
  G_OBJECT_CLASS (kefu_tickets_view_parent_class)->dispose (object);
}

/* Ctrl+Shift+P from the list or the detail pane: the selected ticket's
 * phone number, as the detail's reveal button does. */
static void
reveal_phone_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KefuTicketsView *self = KEFU_TICKETS_VIEW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->detail), "detail.reveal-phone", NULL);
}

static void
kefu_tickets_view_class_init (KefuTicketsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_tickets_view_dispose;

  g_type_ensure (KEFU_TYPE_TICKET_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-tickets-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, detail);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, views_list);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, filter_button);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, save_view_button);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, drill_revealer);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, drill_label);
  gtk_widget_class_bind_template_callback (widget_class, clear_drill_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ticket_changed_cb);
  gtk_widget_class_install_action (widget_class, "tickets.reveal-phone", NULL, reveal_phone_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "tickets.reveal-phone", NULL);
  gtk_widget_class_install_action (widget_class, "tickets.save-view", NULL, save_view_action);
  gtk_widget_class_install_action (widget_class, "tickets.rename-view", "x", rename_view_action);
  gtk_widget_class_install_action (widget_class, "tickets.update-view", "x", update_view_action);
  gtk_widget_class_install_action (widget_class, "tickets.delete-view", "x", delete_view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "tickets.save-view", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kefu_tickets_view_init (KefuTicketsView *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  guint n;
  const KefuCode *codes = kefu_codes (KEFU_CODES_STATUS, &n);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->clock_labels = g_ptr_array_new ();
  self->clock_timeout = g_timeout_add_seconds (30, refresh_clocks_cb, self);

  gtk_string_list_append (statuses, _("All Tickets"));
  gtk_string_list_append (statuses, _("Open"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (statuses, _(codes[i].label));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  add_columns (self);
  g_signal_connect (gtk_column_view_get_sorter (self->column_view), "changed",
                    G_CALLBACK (header_sorter_changed_cb), self);
  build_filters (self);
  /* the filters set, as chips under the view's header */
  self->filter_chips = gtk_flow_box_new ();
  gtk_widget_set_name (self->filter_chips, "filter-chips");
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->filter_chips), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->filter_chips), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->filter_chips), 6);
  gtk_widget_set_margin_start (self->filter_chips, 12);
  gtk_widget_set_margin_end (self->filter_chips, 12);
  gtk_widget_set_margin_bottom (self->filter_chips, 6);
  gtk_widget_set_visible (self->filter_chips, FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->drill_revealer))), self->filter_chips,
                              GTK_WIDGET (self->drill_revealer));
  /* Choosing an order in the popover replaces a clicked header's. */
  g_signal_connect_swapped (self->sort_filter, "notify::selected", G_CALLBACK (clear_header_sort), self);
  /* what a user view left out, under the chips */
  self->dropped_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->dropped_label, "view-dropped");
  gtk_label_set_wrap (GTK_LABEL (self->dropped_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->dropped_label), 0);
  gtk_widget_add_css_class (self->dropped_label, "warning");
  gtk_widget_set_margin_start (self->dropped_label, 12);
  gtk_widget_set_margin_end (self->dropped_label, 12);
  gtk_widget_set_margin_bottom (self->dropped_label, 6);
  gtk_widget_set_visible (self->dropped_label, FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->filter_chips)), self->dropped_label, self->filter_chips);
  self->user_counts = g_ptr_array_new ();
  gtk_list_box_set_header_func (self->views_list, views_header_cb, NULL, NULL);
  add_views_shortcuts (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.save-view", FALSE);
  build_views (self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
}

/* Replaces a filter's choices after its first one, "Any". Takes @found. */
static void
fill_choices (GtkDropDown *dropdown,
              GListStore  *found)
{
  GListStore *model = G_LIST_STORE (gtk_drop_down_get_model (dropdown));
  guint n = found != NULL ? g_list_model_get_n_items (G_LIST_MODEL (found)) : 0;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (found), i));
  g_list_store_splice (model, 1, g_list_model_get_n_items (G_LIST_MODEL (model)) - 1, items->pdata, items->len);
  g_clear_object (&found);
}

void
kefu_tickets_view_set_store (KefuTicketsView *self,
                             KefuStore       *store,
                             KefuUser        *user)
{
  g_return_if_fail (KEFU_IS_TICKETS_VIEW (self));
  g_return_if_fail (KEFU_IS_STORE (store));

  kefu_ticket_detail_set_context (self->detail, store, user);
  self->user_id = user != NULL ? kefu_user_get_id (user) : 0;
  if (self->store == store && self->list != NULL)
    {
      /* another user signed in: their views (the one chosen stays when it is theirs) */
      rebuild_user_views (self, self->user_view_id);
      apply_query (self);
      update_view_counts (self);
      return;
    }

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_set_object (&self->store, store);
  g_clear_object (&self->list);
  g_clear_object (&self->selection);

  fill_choices (self->building_filter, kefu_desk_list_buildings (store, NULL));
  fill_choices (self->team_filter, kefu_desk_list_teams (store, NULL));
  fill_choices (self->agent_filter, kefu_desk_list_agents (store, NULL));
  self->list = kefu_ticket_list_new (store);
  rebuild_user_views (self, 0);
  apply_query (self);
  update_view_counts (self);
  g_signal_connect_swapped (self->list, "items-changed", G_CALLBACK (list_changed_cb), self);
  g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (list_changed_cb), self);
  g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (list_loading_cb), self);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  update_count (self);
}

KefuTicketList *
kefu_tickets_view_get_list (KefuTicketsView *self)
{
  return self->list;
}

GtkWidget *
kefu_tickets_view_get_detail (KefuTicketsView *self)
{
  return GTK_WIDGET (self->detail);
}

void
kefu_tickets_view_focus_search (KefuTicketsView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
kefu_tickets_view_select (KefuTicketsView *self,
                          guint            position)
{
  g_return_if_fail (self->selection != NULL);
  gtk_single_selection_set_selected (self->selection, position);
}

/* KefuView ---------------------------------------------------------------- */

static void
view_set_store (KefuView  *view,
                KefuStore *store,
                KefuUser  *user)
{
  kefu_tickets_view_set_store ((KefuTicketsView *) view, store, user);
}

/* The list read anew, keeping the ticket being worked on */
static void
view_reload (KefuView *view)
{
  KefuTicketsView *self = (KefuTicketsView *) view;

  if (self->list == NULL)
    return;
  kefu_ticket_list_reload (self->list);
  update_view_counts (self);
}

static gboolean
view_is_loading (KefuView *view)
{
  KefuTicketsView *self = (KefuTicketsView *) view;

  return self->list != NULL && kefu_ticket_list_get_loading (self->list);
}

static void
kefu_tickets_view_view_init (KefuViewInterface *iface)
{
  iface->set_store = view_set_store;
  iface->reload = view_reload;
  iface->is_loading = view_is_loading;
  iface->follows_store = TRUE;
}
