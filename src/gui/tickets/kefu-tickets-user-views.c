/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-tickets-user-views.c — the tickets view's list of views: the
 * built-in ones and the signed-in user's saved views, with their counts,
 * the dialogs to save, rename, update and delete one (undone from a
 * toast), and their shortcuts */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-gui-util.h"

#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-tickets-view-private.h"

void
kefu_tickets_view_build_views (KefuTicketsView *self)
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

void
kefu_tickets_view_views_header_cb (GtkListBoxRow *row,
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
void
kefu_tickets_view_rebuild_user_views (KefuTicketsView *self,
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
  if (keep_id > 0 && kefu_tickets_view_find_user_view (self, keep_id, &index) != NULL)
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
  kefu_tickets_view_update_view_counts (self);
}

/* A view's id from an action's parameter: 0 is the view chosen. */
static KefuUserView *
action_view (KefuTicketsView *self,
             GVariant        *parameter)
{
  gint64 id = parameter != NULL ? g_variant_get_int64 (parameter) : 0;

  return kefu_tickets_view_find_user_view (self, id != 0 ? id : self->user_view_id, NULL);
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
      g_autoptr(KefuUserView) v = kefu_tickets_view_user_view_from_controls (self);

      v->name = g_strdup (name);
      if (kefu_user_view_save (self->store, v, &error))
        {
          kefu_tickets_view_rebuild_user_views (self, v->id);
          /* Translators: a toast; %s is the view's name */
          message = g_strdup_printf (_("View “%s” saved"), v->name);
        }
    }
  else if (kefu_user_view_rename (self->store, self->user_id, nd->view_id, name, &error))
    {
      kefu_tickets_view_rebuild_user_views (self, self->user_view_id);
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

void
kefu_tickets_view_save_view_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  KefuTicketsView *self = KEFU_TICKETS_VIEW (widget);

  if (self->store != NULL && self->user_id > 0)
    open_name_dialog (self, NULL);
}

void
kefu_tickets_view_rename_view_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  KefuTicketsView *self = KEFU_TICKETS_VIEW (widget);
  KefuUserView *v = action_view (self, parameter);

  if (v != NULL)
    open_name_dialog (self, v);
}

void
kefu_tickets_view_update_view_action (GtkWidget  *widget,
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
  now = kefu_tickets_view_user_view_from_controls (self);
  now->id = v->id;
  now->name = g_strdup (v->name);
  keep = self->user_view_id;
  if (kefu_user_view_save (self->store, now, &error))
    {
      if (keep == now->id)
        kefu_tickets_view_show_dropped (self, NULL);   /* what was gone is no longer asked for */
      kefu_tickets_view_rebuild_user_views (self, keep);
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
  kefu_tickets_view_rebuild_user_views (self, 0);
  if (kefu_tickets_view_find_user_view (self, again->id, &index) != NULL)
    gtk_list_box_select_row (self->views_list, gtk_list_box_get_row_at_index (self->views_list, KEFU_N_VIEWS + index));
}

void
kefu_tickets_view_delete_view_action (GtkWidget  *widget,
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
  kefu_tickets_view_rebuild_user_views (self, self->user_view_id == v->id ? 0 : self->user_view_id);
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

  if (kefu_tickets_view_find_user_view (self, self->user_view_id, &index) == NULL)
    return FALSE;
  row = gtk_list_box_get_row_at_index (self->views_list, KEFU_N_VIEWS + index);
  button = gtk_widget_get_last_child (gtk_list_box_row_get_child (row));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  return TRUE;
}

void
kefu_tickets_view_add_views_shortcuts (KefuTicketsView *self)
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
