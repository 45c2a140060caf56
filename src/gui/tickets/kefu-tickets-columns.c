/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-tickets-columns.c — the tickets view's columns: their cells, the
 * time-limit clocks refreshed every 30 s, sorting by a header, and widths
 * fitted to the text */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "kefu-gui-util.h"

#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-tickets-view-private.h"

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

gboolean
kefu_tickets_view_refresh_clocks_cb (gpointer data)
{
  KefuTicketsView *self = data;

  for (guint i = 0; i < self->clock_items->len; i++)
    {
      GtkListItem *item = self->clock_items->pdata[i];
      KefuTicket *t = gtk_list_item_get_item (item);
      GtkWidget *label = gtk_list_item_get_child (item);

      if (t != NULL && label != NULL)
        show_clock (self, label, t);
    }
  return G_SOURCE_CONTINUE;
}

void
kefu_tickets_view_clock_item_gone_cb (gpointer  data,
                                      GObject  *item)
{
  g_ptr_array_remove_fast (((KefuTicketsView *) data)->clock_items, item);
}

/* The text of column @col's cell for @t, as the list shows it (@self,
 * whose clock the time limit is counted by, may be NULL for the others). */
char *
kefu_tickets_view_cell_text (KefuTicketsView *self,
                             KefuTicket      *t,
                             guint            col)
{
  switch ((Column) col)
    {
    case COL_NUMBER:
      return g_strconcat (kefu_ticket_get_flagged (t) ? "⚑ " : "", kefu_ticket_get_number (t), NULL);
    case COL_CREATED:
      /* the year is in the filters; the list keeps month, day and time */
      return kefu_format_time (kefu_ticket_get_milestone (t, KEFU_TICKET_CREATED), "%m-%d %H:%M");
    case COL_KIND:
      return g_strdup (kefu_code_label (KEFU_CODES_KIND, kefu_ticket_get_kind (t)));
    case COL_LEVEL:
      /* Translators: the level column: 1, 2 or 3 (三级响应) */
      return g_strdup_printf (_("L%d"), kefu_ticket_get_level (t));
    case COL_LOCATION:
      return g_strdup (kefu_ticket_get_location (t));
    case COL_OWNER:
      return g_strdup (kefu_ticket_get_owner_name (t));
    case COL_STATUS:
      return g_strdup (kefu_code_label (KEFU_CODES_STATUS, kefu_ticket_get_status (t)));
    case COL_DUE:
      {
        char *text = NULL;

        /* (no clock running: the badge is hidden) */
        if (self->store == NULL ||
            kefu_ticket_get_clock_state (t, kefu_store_now (self->store), &text) == KEFU_CLOCK_STATE_NONE)
          g_clear_pointer (&text, g_free);
        return text;
      }
    case COL_AGENT:
      return g_strdup (kefu_ticket_get_agent_name (t));
    case N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
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

  /* drawn by bind_clock_cb, which knows the view and so its clock */
  if (col == COL_DUE)
    return;
  text = kefu_tickets_view_cell_text (NULL, t, col);
  if (col == COL_LEVEL)
    {
      int level = kefu_ticket_get_level (t);

      if (level != 1)
        gtk_widget_remove_css_class (GTK_WIDGET (label), "level-1");
      if (level != 2)
        gtk_widget_remove_css_class (GTK_WIDGET (label), "level-2");
      if (level < 3)
        gtk_widget_add_css_class (GTK_WIDGET (label), level == 1 ? "level-1" : "level-2");
    }
  else if (col == COL_STATUS)
    kefu_show_status_class (GTK_WIDGET (label), kefu_ticket_get_status (t));
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

/* Setting a widget's tooltip, even to the one it has, makes GTK look
 * for the pointer again (under X11 a round trip to the server): the
 * location cell's is set only when it changes. */
static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
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
      set_tooltip (GTK_WIDGET (label), NULL);
      return;
    }
  set_tooltip (GTK_WIDGET (label), description);
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
  /* the item says which ticket its badge shows, bound or not */
  g_ptr_array_add (self->clock_items, item);
  g_object_weak_ref (G_OBJECT (item), kefu_tickets_view_clock_item_gone_cb, self);
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


void
kefu_tickets_view_header_sorter_changed_cb (GtkSorter       *sorter,
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
  kefu_tickets_view_apply_query (self);
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

void
kefu_tickets_view_add_columns (KefuTicketsView *self)
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
      g_signal_connect_object (column, "notify::fixed-width", G_CALLBACK (kefu_tickets_view_queue_fit_columns), self, G_CONNECT_SWAPPED);
      gtk_column_view_append_column (self->column_view, column);
    }
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view)), "notify::page-size",
                           G_CALLBACK (kefu_tickets_view_queue_fit_columns), self, G_CONNECT_SWAPPED);
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

/* The width @col takes when shown: its own (the user may have dragged
 * it), or for one left out (kept at 0, see fit_columns()) its text's. */
static int
width_needed (KefuTicketsView *self,
              Column           col)
{
  GtkColumnViewColumn *column = nth_column (self, col);

  return gtk_column_view_column_get_visible (column) ? gtk_column_view_column_get_fixed_width (column)
                                                     : column_width (self, col);
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
  /* (the rows add nothing to their cells' fixed widths) */
  for (guint c = 0; c < N_COLUMNS; c++)
    need += width_needed (self, c);
  while (need > available && drop < G_N_ELEMENTS (drop_order))
    need -= width_needed (self, drop_order[drop++]);
  for (guint i = 0; i < G_N_ELEMENTS (drop_order); i++)
    {
      GtkColumnViewColumn *column = nth_column (self, drop_order[i]);
      gboolean shown = i >= drop;

      if (gtk_column_view_column_get_visible (column) == shown)
        continue;
      /* GTK 4.8's column view counts a hidden column's width in the
       * columns' minimum, so the Location column would not take the room
       * left (a strip at the list's end, 6 px at 1200 px in Chinese): a
       * column left out is kept at width 0, and gets its own back */
      gtk_column_view_column_set_fixed_width (column, shown ? column_width (self, drop_order[i]) : 0);
      gtk_column_view_column_set_visible (column, shown);
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
void
kefu_tickets_view_queue_fit_columns (KefuTicketsView *self)
{
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  if (self->fit_idle == 0)
    self->fit_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, fit_columns_cb, self, NULL);
}

/* kefu --profile-scroll-floor ------------------------------------------------
 *
 * The floor the list's scrolling is compared with: a bare GtkColumnView
 * showing the same columns and the same strings for the same rows, read
 * into memory beforehand, so that nothing runs behind it (no SQLite, no
 * tickets, no badge or level classes changed per row). */

#define FIELD_SEPARATOR '\x1f'

/* Every row of the list, each a GtkStringObject holding its cells' texts
 * in column order, separated by U+001F. Reads the whole list (slow). */
GListModel *
kefu_tickets_view_read_rows (KefuTicketsView *self)
{
  GtkStringList *rows = gtk_string_list_new (NULL);
  guint n = self->list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  g_autoptr(GString) row = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (G_LIST_MODEL (self->list), i);

      g_string_truncate (row, 0);
      for (guint c = 0; c < N_COLUMNS; c++)
        {
          g_autofree char *text = t != NULL ? kefu_tickets_view_cell_text (self, t, c) : NULL;

          if (c > 0)
            g_string_append_c (row, FIELD_SEPARATOR);
          if (text != NULL)
            g_string_append (row, text);
        }
      gtk_string_list_append (rows, row->str);
    }
  return G_LIST_MODEL (rows);
}

static void
floor_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  guint col = GPOINTER_TO_UINT (user_data);
  const char *field = gtk_string_object_get_string (gtk_list_item_get_item (item));
  const char *end;
  g_autofree char *text = NULL;

  for (guint c = 0; c < col && field != NULL; c++)
    if ((field = strchr (field, FIELD_SEPARATOR)) != NULL)
      field++;
  if (field == NULL)
    field = "";
  end = strchr (field, FIELD_SEPARATOR);
  text = end != NULL ? g_strndup (field, end - field) : g_strdup (field);
  /* a ticket with no clock running has no badge, as in the list (an
   * empty badge would still be measured and drawn) */
  if (col == COL_DUE)
    gtk_widget_set_visible (gtk_list_item_get_child (item), *text != '\0');
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/* A column view with this list's shown columns (titles, widths, cells
 * set up as the list's), its look, over @rows (kefu_tickets_view_read_rows()). */
GtkWidget *
kefu_tickets_view_new_floor (KefuTicketsView *self,
                             GListModel      *rows)
{
  GtkSingleSelection *selection = gtk_single_selection_new (g_object_ref (rows));
  GtkWidget *view;
  g_auto(GStrv) classes = gtk_widget_get_css_classes (GTK_WIDGET (self->column_view));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  view = gtk_column_view_new (GTK_SELECTION_MODEL (selection));
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), gtk_column_view_get_show_row_separators (self->column_view));
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (view), gtk_column_view_get_show_column_separators (self->column_view));
  for (guint i = 0; classes[i] != NULL; i++)
    gtk_widget_add_css_class (view, classes[i]);
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkColumnViewColumn *shown = nth_column (self, c);
      GtkListItemFactory *factory;
      g_autoptr(GtkColumnViewColumn) column = NULL;

      if (!gtk_column_view_column_get_visible (shown))
        continue;
      factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (floor_bind_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (gtk_column_view_column_get_title (shown), factory);
      gtk_column_view_column_set_expand (column, gtk_column_view_column_get_expand (shown));
      gtk_column_view_column_set_fixed_width (column, gtk_column_view_column_get_fixed_width (shown));
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
    }
  return view;
}
