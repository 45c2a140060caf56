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
#include "kefu-tickets-view-private.h"
#include "kefu-user-views.h"
#include "kefu-view.h"


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

/* The status filter: index 0 is everything, 1 every open ticket. */
static void update_chips (KefuTicketsView *self);
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

static void ticket_changed_cb (KefuTicketsView  *self,
                               gint64            ticket_id,
                               KefuTicketDetail *detail);

/* The ticket's pane: built when a ticket is first shown (or a caller asks
 * for it), not with the view, whose first screen shows no ticket ("No
 * Ticket Selected" stands in its place until then). */
static KefuTicketDetail *
ensure_detail (KefuTicketsView *self)
{
  if (self->detail == NULL)
    {
      self->detail = KEFU_TICKET_DETAIL (g_object_new (KEFU_TYPE_TICKET_DETAIL, NULL));
      g_signal_connect_object (self->detail, "ticket-changed", G_CALLBACK (ticket_changed_cb), self, G_CONNECT_SWAPPED);
      if (self->store != NULL)
        kefu_ticket_detail_set_context (self->detail, self->store, self->user);
      adw_bin_set_child (self->detail_bin, GTK_WIDGET (self->detail));
    }
  return self->detail;
}

/* Shows @ticket (NULL: none) in the pane, building it for the first ticket. */
static void
show_in_detail (KefuTicketsView *self,
                KefuTicket      *ticket)
{
  if (ticket == NULL && self->detail == NULL)
    return;
  kefu_ticket_detail_set_ticket (ensure_detail (self), ticket);
}

static KefuTicket *
shown_ticket (KefuTicketsView *self)
{
  return self->detail != NULL ? kefu_ticket_detail_get_ticket (self->detail) : NULL;
}

/* After the selection model has seen the new list: select the ticket
 * that was being worked on again. Whichever asked last wins: a reload's
 * ticket (kefu_tickets_view_show_ticket), or the one the user selected
 * while it ran (selection_changed_cb); a reload started after this one was
 * scheduled makes it wait for that reload's end. */
static void
reselect (KefuTicketsView *self)
{
  gint64 id = self->reselect_id;
  guint pos;

  if (id <= 0 || self->list == NULL || kefu_ticket_list_get_loading (self->list))
    return;
  self->reselect_id = 0;
  pos = kefu_ticket_list_get_position (self->list, id);
  self->reselecting = TRUE;
  if (pos != G_MAXUINT)
    gtk_single_selection_set_selected (self->selection, pos);
  else
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->reselecting = FALSE;
  /* Shown even when the filter no longer lists it. */
  {
    g_autoptr(KefuTicket) t = kefu_desk_get_ticket (self->store, id, NULL);
    show_in_detail (self, t);
  }
}

static gboolean
reselect_cb (gpointer data)
{
  reselect (data);
  return G_SOURCE_REMOVE;
}

/* The selection model and the column view have seen the list's new rows
 * (the selection was dropped): the ticket is selected again at once, in
 * the same dispatch, so nothing the user does can come in between. */
static void
selection_items_changed_cb (KefuTicketsView *self)
{
  reselect (self);
}

static gboolean
restore_scroll_cb (gpointer data)
{
  KefuTicketsView *self = data;
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  if (adj != NULL)
    gtk_adjustment_set_value (adj, self->keep_scroll);
  return G_SOURCE_REMOVE;
}

/* The list's rows are replaced (this handler runs before the selection
 * model's and the column view's): during a refresh, the scroll where the
 * user is now, the moment before, is where they stay. */
static void
list_items_changed_cb (KefuTicketsView *self,
                       guint            position,
                       guint            removed,
                       guint            added)
{
  GtkAdjustment *adj;

  if (!self->keeping_scroll || removed == 0)
    return;
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  if (adj == NULL)
    return;
  self->keep_scroll = gtk_adjustment_get_value (adj);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, restore_scroll_cb, g_object_ref (self), g_object_unref);
}

/* The refresh's rows are in (its last swap came right after the end of
 * its loading, in the same call) */
static gboolean
end_keeping_scroll_cb (gpointer data)
{
  KefuTicketsView *self = data;

  if (self->list != NULL && !kefu_ticket_list_get_loading (self->list))
    self->keeping_scroll = FALSE;
  return G_SOURCE_REMOVE;
}

static void
list_changed_cb (KefuTicketsView *self)
{
  update_count (self);
  if (self->keeping_scroll && !kefu_ticket_list_get_loading (self->list))
    g_idle_add_full (G_PRIORITY_DEFAULT, end_keeping_scroll_cb, g_object_ref (self), g_object_unref);
  /* (a reload that failed swaps no rows) */
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

/* Another desk's change (KefuStoreWatch): the list and the counts read
 * anew. The refresh names no ticket of its own: the one to show when it
 * is done is whatever is being worked on then (a ticket a reload under
 * way is to select, or the user's newer choice, see selection_changed_cb),
 * else the one shown now; the pane then shows that ticket as it is now.
 * Nothing takes the focus, and the list stays scrolled where it is. */
void
kefu_tickets_view_refresh (KefuTicketsView *self)
{
  KefuTicket *shown;

  g_return_if_fail (KEFU_IS_TICKETS_VIEW (self));
  if (self->list == NULL)
    return;
  shown = shown_ticket (self);
  self->keeping_scroll = TRUE;
  if (self->reselect_id <= 0 && shown != NULL)
    self->reselect_id = kefu_ticket_get_id (shown);
  self->refreshes++;
  kefu_ticket_list_reload (self->list);
  kefu_tickets_view_update_view_counts (self);
}

guint
kefu_tickets_view_get_refreshes (KefuTicketsView *self)
{
  g_return_val_if_fail (KEFU_IS_TICKETS_VIEW (self), 0);
  return self->refreshes;
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
  kefu_tickets_view_update_view_counts (self);
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
  /* The user chose a ticket while a reload ran (the rows were the old
   * ones, nothing but a click selects one then): theirs is the one to
   * select when it is done, not the one the reload started with. */
  if (ticket != NULL && !self->reselecting && kefu_ticket_get_id (ticket) > 0 &&
      (self->reselect_id > 0 || kefu_ticket_list_get_loading (self->list)))
    self->reselect_id = kefu_ticket_get_id (ticket);
  show_in_detail (self, ticket);
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

/* @control: the filter the chip shows, one of the view's (it outlives the chip) */
static void
chip_clear_cb (GtkButton *button,
               GtkWidget *control)
{
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
  g_signal_connect (clear, "clicked", G_CALLBACK (chip_clear_cb), control);
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

static void build_query (KefuTicketsView *self,
                         KefuTicketQuery *q_out);

/* The list shows the saved view, narrowed by the search and the filters. */
void
kefu_tickets_view_apply_query (KefuTicketsView *self)
{
  KefuTicketQuery q = { 0 };

  if (self->list == NULL || self->restoring)
    return;
  build_query (self, &q);
  update_chips (self);
  update_user_view_changed (self);
  kefu_ticket_list_set_query (self->list, &q);
}

/* The list's query: the view, the search, the filters, the order
 * (@q borrows the widgets' strings) */
static void
build_query (KefuTicketsView *self,
             KefuTicketQuery *q_out)
{
  KefuTicketQuery q = { 0 };
  KefuChoice *building;
  guint sort;

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
  *q_out = q;
}

static void
search_changed_cb (KefuTicketsView *self,
                   GtkSearchEntry  *entry)
{
  kefu_tickets_view_apply_query (self);
}

static void
status_changed_cb (KefuTicketsView *self,
                   GParamSpec      *pspec,
                   GtkDropDown     *dropdown)
{
  kefu_tickets_view_apply_query (self);
}

static void drill_clear (KefuTicketsView *self);

static void fill_choices (GtkDropDown *dropdown,
                          GListStore  *found);
static void clear_filters_cb (KefuTicketsView *self);

/* User views ----------------------------------------------------------- */

KefuUserView *
kefu_tickets_view_find_user_view (KefuTicketsView *self,
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
KefuUserView *
kefu_tickets_view_user_view_from_controls (KefuTicketsView *self)
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

void
kefu_tickets_view_show_dropped (KefuTicketsView *self,
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
          g_autoptr(KefuUserView) now = kefu_tickets_view_user_view_from_controls (self);

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
  self->choices_filled = TRUE;
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
  kefu_tickets_view_show_dropped (self, dropped);
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
      kefu_tickets_view_show_dropped (self, NULL);
    }
  kefu_tickets_view_apply_query (self);
  /* counted again with the list: "Overdue" and "Due Soon" move with the
   * clock, and a count from before would not be the list's */
  kefu_tickets_view_update_view_counts (self);
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

  c = kefu_loader_load_finish (result, kefu_tickets_view_update_view_counts, &error);
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

      if (kefu_tickets_view_find_user_view (self, ((KefuUserView *) c->views->pdata[i])->id, &index) != NULL)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (c->view_counts, gint64, i));
          gtk_label_set_text (self->user_counts->pdata[index], text);
        }
    }
}

/* The saved views' counts wait until the list's first page has been
 * drawn: on a large file they take a worker a few hundred milliseconds,
 * which the first frame after signing in should not share (on two cores,
 * with the list's own worker). A tick after the one that drew it. */
static gboolean
count_when_drawn_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       data)
{
  KefuTicketsView *self = KEFU_TICKETS_VIEW (widget);

  if (self->list == NULL ||
      (kefu_ticket_list_get_loading (self->list) && g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0))
    {
      self->count_frames = 0;
      return G_SOURCE_CONTINUE;
    }
  if (self->count_frames++ == 0)
    return G_SOURCE_CONTINUE;   /* this frame draws it */
  self->count_tick = 0;
  self->drawn = TRUE;
  /* the rows below the first page's, made a frame after it (rest_held_cb) */
  kefu_ticket_list_hold_rest (self->list, FALSE);
  kefu_tickets_view_update_view_counts (self);
  return G_SOURCE_REMOVE;
}

/* The whole list is in before its first page has been drawn: the list
 * view would make its other rows (up to 200, seen or not, of nine cells
 * each) for the first frame. They wait for the frame after the one that
 * draws the first page (count_when_drawn_cb) — unless nothing draws it. */
static void
rest_held_cb (KefuTicketsView *self)
{
  if (self->drawn || self->count_tick == 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    kefu_ticket_list_hold_rest (self->list, FALSE);
}

static void
unmap_cb (KefuTicketsView *self)
{
  if (self->list != NULL)
    kefu_ticket_list_hold_rest (self->list, FALSE);
}

void
kefu_tickets_view_update_view_counts (KefuTicketsView *self)
{
  Counting *c;

  if (self->store == NULL)
    return;
  if (!self->drawn)
    {
      if (self->count_tick == 0)
        {
          self->count_frames = 0;
          self->count_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), count_when_drawn_cb, NULL, NULL);
        }
      return;
    }
  if (self->counting == NULL)
    self->counting = kefu_loader_new ();
  c = g_new0 (Counting, 1);
  c->user_id = self->user_id;
  c->views = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_user_view_free);
  c->view_counts = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; self->user_views != NULL && i < self->user_views->len; i++)
    g_ptr_array_add (c->views, kefu_user_view_copy (self->user_views->pdata[i]));
  kefu_loader_load_async (self->counting, self, self->store, count_thread, c, (GDestroyNotify) counting_free,
                          kefu_tickets_view_update_view_counts, counted_cb, NULL);
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
  g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (kefu_tickets_view_apply_query), self);
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
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (kefu_tickets_view_apply_query), self);
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

/* The buildings, teams and agents to filter by are read the first time
 * the filters are shown (three queries the list's first frame does not
 * wait for); a saved view of the user's fills them too (show_user_view). */
static void
filters_shown_cb (KefuTicketsView *self)
{
  if (self->choices_filled || self->store == NULL)
    return;
  fill_choices (self->building_filter, kefu_desk_list_buildings (self->store, NULL));
  fill_choices (self->team_filter, kefu_desk_list_teams (self->store, NULL));
  fill_choices (self->agent_filter, kefu_desk_list_agents (self->store, NULL));
  self->choices_filled = TRUE;
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
  g_signal_connect_swapped (popover, "show", G_CALLBACK (filters_shown_cb), self);
  gtk_menu_button_set_popover (self->filter_button, popover);
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
  kefu_tickets_view_apply_query (self);
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
  kefu_tickets_view_apply_query (self);
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
  self->detail = NULL;   /* (the pane's bin held it) */
  kefu_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  g_clear_object (&self->user);
  g_clear_pointer (&self->user_views, g_ptr_array_unref);
  g_clear_pointer (&self->user_counts, g_ptr_array_unref);
  if (self->clock_items != NULL)
    {
      for (guint i = 0; i < self->clock_items->len; i++)
        g_object_weak_unref (self->clock_items->pdata[i], kefu_tickets_view_clock_item_gone_cb, self);
      g_clear_pointer (&self->clock_items, g_ptr_array_unref);
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

  /* (no pane yet: no ticket is shown) */
  if (self->detail != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->detail), "detail.reveal-phone", NULL);
}

static void
kefu_tickets_view_class_init (KefuTicketsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_tickets_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-tickets-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KefuTicketsView, detail_bin);
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
  gtk_widget_class_install_action (widget_class, "tickets.reveal-phone", NULL, reveal_phone_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "tickets.reveal-phone", NULL);
  gtk_widget_class_install_action (widget_class, "tickets.save-view", NULL, kefu_tickets_view_save_view_action);
  gtk_widget_class_install_action (widget_class, "tickets.rename-view", "x", kefu_tickets_view_rename_view_action);
  gtk_widget_class_install_action (widget_class, "tickets.update-view", "x", kefu_tickets_view_update_view_action);
  gtk_widget_class_install_action (widget_class, "tickets.delete-view", "x", kefu_tickets_view_delete_view_action);
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
  self->clock_items = g_ptr_array_new ();
  self->clock_timeout = g_timeout_add_seconds (30, kefu_tickets_view_refresh_clocks_cb, self);

  gtk_string_list_append (statuses, _("All Tickets"));
  gtk_string_list_append (statuses, _("Open"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (statuses, _(codes[i].label));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  kefu_tickets_view_add_columns (self);
  g_signal_connect (gtk_column_view_get_sorter (self->column_view), "changed",
                    G_CALLBACK (kefu_tickets_view_header_sorter_changed_cb), self);
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
  gtk_list_box_set_header_func (self->views_list, kefu_tickets_view_views_header_cb, NULL, NULL);
  kefu_tickets_view_add_views_shortcuts (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.save-view", FALSE);
  kefu_tickets_view_build_views (self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
  g_signal_connect (self, "unmap", G_CALLBACK (unmap_cb), NULL);
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

/* The rows a window of its height can show at most (the shortest row is
 * above 24 pixels high): the list's first page, the rows built and laid out
 * for the first frame. The list view makes a row for each item it has (up
 * to 200), so a page of 64 built 64 rows of nine cells where about twenty
 * are seen; the rest of them come with the rest of the list. */
#define MIN_ROW_HEIGHT 24

static guint
rows_that_fit (KefuTicketsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int height = 0, default_width = 0, default_height = 0;

  /* (a maximized or full-screen window's height may not be known yet) */
  if (GTK_IS_WINDOW (root) && !gtk_window_is_maximized (GTK_WINDOW (root)) &&
      !gtk_window_is_fullscreen (GTK_WINDOW (root)))
    {
      gtk_window_get_default_size (GTK_WINDOW (root), &default_width, &default_height);
      height = MAX (gtk_widget_get_height (GTK_WIDGET (root)), default_height);
    }
  if (height <= 0)
    return 64;
  return CLAMP (height / MIN_ROW_HEIGHT + 1, 16, 64);
}

void
kefu_tickets_view_set_store (KefuTicketsView *self,
                             KefuStore       *store,
                             KefuUser        *user)
{
  g_return_if_fail (KEFU_IS_TICKETS_VIEW (self));
  g_return_if_fail (KEFU_IS_STORE (store));

  g_set_object (&self->user, user);
  if (self->detail != NULL)
    kefu_ticket_detail_set_context (self->detail, store, user);
  self->user_id = user != NULL ? kefu_user_get_id (user) : 0;
  if (self->store == store && self->list != NULL)
    {
      /* another user signed in: their views (the one chosen stays when it is theirs) */
      kefu_tickets_view_rebuild_user_views (self, self->user_view_id);
      kefu_tickets_view_apply_query (self);
      kefu_tickets_view_update_view_counts (self);
      return;
    }

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_set_object (&self->store, store);
  g_clear_object (&self->list);
  g_clear_object (&self->selection);

  /* another file's choices are read when the filters are next shown */
  fill_choices (self->building_filter, NULL);
  fill_choices (self->team_filter, NULL);
  fill_choices (self->agent_filter, NULL);
  self->choices_filled = FALSE;
  /* the list is read once, with the query of the view chosen (its views
   * first: choosing one finds no list to query yet) */
  kefu_tickets_view_rebuild_user_views (self, 0);
  {
    KefuTicketQuery q;

    build_query (self, &q);
    update_chips (self);
    update_user_view_changed (self);
    self->list = kefu_ticket_list_new_for_query (store, rows_that_fit (self), &q);
  }
  if (!self->drawn)
    {
      kefu_ticket_list_hold_rest (self->list, TRUE);
      g_signal_connect_swapped (self->list, "rest-held", G_CALLBACK (rest_held_cb), self);
    }
  kefu_tickets_view_update_view_counts (self);
  /* first, before the selection model's and the column view's */
  g_signal_connect_swapped (self->list, "items-changed", G_CALLBACK (list_items_changed_cb), self);
  g_signal_connect_swapped (self->list, "items-changed", G_CALLBACK (list_changed_cb), self);
  g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (list_changed_cb), self);
  g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (list_loading_cb), self);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self);
  /* after the column view's own handler: it has seen the new rows too */
  g_signal_connect_data (self->selection, "items-changed", G_CALLBACK (selection_items_changed_cb), self, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
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
  return GTK_WIDGET (ensure_detail (self));
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
  kefu_tickets_view_update_view_counts (self);
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
