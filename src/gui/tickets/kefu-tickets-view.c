/* kefu-tickets-view.c — the ticket list, its search and the detail pane
 *
 * A GtkColumnView over KefuTicketList, which pages rows in from SQLite as
 * they scroll into view; search and the status filter run as SQL on a
 * worker thread and swap the list in one go.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-gui-util.h"

#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-ticket-detail.h"
#include "kefu-tickets-view.h"

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
};

G_DEFINE_FINAL_TYPE (KefuTicketsView, kefu_tickets_view, GTK_TYPE_WIDGET)

typedef enum {
  COL_NUMBER, COL_CREATED, COL_KIND, COL_LEVEL, COL_LOCATION, COL_OWNER, COL_STATUS, COL_AGENT, N_COLUMNS
} Column;

static const struct { const char *title; gboolean expand; int min_chars; } columns[N_COLUMNS] = {
  [COL_NUMBER] = { NC_("column", "Number"), FALSE, 15 },
  [COL_CREATED] = { NC_("column", "Created"), FALSE, 16 },
  [COL_KIND] = { NC_("column", "Kind"), FALSE, 10 },
  [COL_LEVEL] = { NC_("column", "Level"), FALSE, 4 },
  [COL_LOCATION] = { NC_("column", "Location"), TRUE, 10 },
  [COL_OWNER] = { NC_("column", "Owner"), FALSE, 6 },
  [COL_STATUS] = { NC_("column", "Status"), FALSE, 8 },
  [COL_AGENT] = { NC_("column", "Agent"), FALSE, 5 },
};

/* The status filter: index 0 is everything, 1 every open ticket. */
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
  if (col == COL_STATUS)
    {
      gtk_widget_add_css_class (label, "status-badge");
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_label_set_width_chars (GTK_LABEL (label), -1);
    }
  gtk_list_item_set_child (item, label);
}

static void
set_status_class (GtkWidget  *label,
                  const char *status)
{
  const char *old = g_object_get_data (G_OBJECT (label), "kefu-status-class");
  g_autofree char *css = g_strconcat ("status-", status, NULL);

  if (old != NULL)
    gtk_widget_remove_css_class (label, old);
  gtk_widget_add_css_class (label, css);
  g_object_set_data_full (G_OBJECT (label), "kefu-status-class", g_steal_pointer (&css), g_free);
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
      text = kefu_format_time (kefu_ticket_get_milestone (t, KEFU_TICKET_CREATED), "%Y-%m-%d %H:%M");
      break;
    case COL_KIND:
      text = g_strdup (kefu_code_label (KEFU_CODES_KIND, kefu_ticket_get_kind (t)));
      break;
    case COL_LEVEL:
      {
        int level = kefu_ticket_get_level (t);
        /* Translators: the level column: 1, 2 or 3 (三级响应) */
        text = g_strdup_printf (_("L%d"), level);
        gtk_widget_remove_css_class (GTK_WIDGET (label), "level-1");
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
add_columns (KefuTicketsView *self)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (g_dpgettext2 (NULL, "column", columns[c].title), factory);
      gtk_column_view_column_set_expand (column, columns[c].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
}

static void
update_count (KefuTicketsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  gboolean loading = kefu_ticket_list_get_loading (self->list);
  const GError *error = kefu_ticket_list_get_error (self->list);
  g_autofree char *text = NULL;

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

static void
search_changed_cb (KefuTicketsView *self,
                   GtkSearchEntry  *entry)
{
  if (self->list != NULL)
    kefu_ticket_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
status_changed_cb (KefuTicketsView *self,
                   GParamSpec      *pspec,
                   GtkDropDown     *dropdown)
{
  if (self->list != NULL)
    kefu_ticket_list_set_status (self->list, status_for_index (gtk_drop_down_get_selected (dropdown)));
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
    g_signal_handlers_disconnect_by_data (self->list, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_TICKETS_VIEW);
  kefu_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_tickets_view_parent_class)->dispose (object);
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
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ticket_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kefu_tickets_view_init (KefuTicketsView *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  guint n;
  const KefuCode *codes = kefu_codes (KEFU_CODES_STATUS, &n);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (statuses, _("All Tickets"));
  gtk_string_list_append (statuses, _("Open"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (statuses, _(codes[i].label));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  add_columns (self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
}

void
kefu_tickets_view_set_store (KefuTicketsView *self,
                             KefuStore       *store,
                             KefuUser        *user)
{
  g_return_if_fail (KEFU_IS_TICKETS_VIEW (self));
  g_return_if_fail (KEFU_IS_STORE (store));

  kefu_ticket_detail_set_context (self->detail, store, user);
  if (self->store == store && self->list != NULL)
    return;

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_set_object (&self->store, store);
  g_clear_object (&self->list);
  g_clear_object (&self->selection);

  self->list = kefu_ticket_list_new (store);
  kefu_ticket_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  kefu_ticket_list_set_status (self->list, status_for_index (gtk_drop_down_get_selected (self->status_dropdown)));
  g_signal_connect_swapped (self->list, "items-changed", G_CALLBACK (list_changed_cb), self);
  g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (list_changed_cb), self);

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
