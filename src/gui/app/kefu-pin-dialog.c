/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-pin-dialog.c — a second person's PIN, typed in place
 *
 * For the acts that need a second person or a higher role (the second
 * check of an urgent ticket, approving a cancellation, revealing a phone,
 * grading, rating a practical): pick the person among those whose role
 * may, type their PIN, Enter. The core checks the PIN and the role
 * (kefu_auth_confirm) and records the next such act under that person;
 * the desk's signed-in user does not change. A wrong PIN keeps the dialog
 * open with the core's message (tries left, or the lock).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-auth.h"
#include "kefu-pin-dialog.h"

struct _KefuPinDialog
{
  AdwWindow       parent_instance;

  KefuStore      *store;
  GListStore     *people;
  KefuPermission  right;
  KefuPinFunc     callback;
  gpointer        user_data;
  GDestroyNotify  destroy;
  gboolean        answered;

  AdwWindowTitle *window_title;
  GtkLabel       *body_label;
  AdwComboRow    *person_row;
  GtkWidget      *pin_row;
  GtkLabel       *error_label;
  GtkWidget      *confirm_button;
};

G_DEFINE_FINAL_TYPE (KefuPinDialog, kefu_pin_dialog, ADW_TYPE_WINDOW)

static void
answer (KefuPinDialog *self,
        KefuUser      *person)
{
  KefuPinFunc callback = self->callback;

  if (self->answered)
    return;
  self->answered = TRUE;
  self->callback = NULL;
  if (callback != NULL)
    callback (person, self->user_data);
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  self->destroy = NULL;
}

static void
show_error (KefuPinDialog *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KefuPinDialog *self = KEFU_PIN_DIALOG (widget);
  g_autoptr(KefuUser) chosen = adw_combo_row_get_selected_item (self->person_row) != NULL
                               ? g_object_ref (adw_combo_row_get_selected_item (self->person_row)) : NULL;
  g_autoptr(KefuUser) person = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;

  if (chosen == NULL || self->answered)
    return;
  pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  person = kefu_auth_confirm (self->store, kefu_user_get_id (chosen), pin, self->right, &error);
  if (person == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (self->pin_row);
      return;
    }
  show_error (self, NULL);
  answer (self, person);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
pin_activated_cb (KefuPinDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "pin.confirm", NULL);
}

static gboolean
kefu_pin_dialog_close_request (GtkWindow *window)
{
  answer (KEFU_PIN_DIALOG (window), NULL);
  return GTK_WINDOW_CLASS (kefu_pin_dialog_parent_class)->close_request (window);
}

static void
kefu_pin_dialog_dispose (GObject *object)
{
  KefuPinDialog *self = (KefuPinDialog *)object;

  answer (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_PIN_DIALOG);
  g_clear_object (&self->people);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_pin_dialog_parent_class)->dispose (object);
}

static void
kefu_pin_dialog_class_init (KefuPinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kefu_pin_dialog_dispose;
  window_class->close_request = kefu_pin_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-pin-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuPinDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KefuPinDialog, body_label);
  gtk_widget_class_bind_template_child (widget_class, KefuPinDialog, person_row);
  gtk_widget_class_bind_template_child (widget_class, KefuPinDialog, pin_row);
  gtk_widget_class_bind_template_child (widget_class, KefuPinDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KefuPinDialog, confirm_button);
  gtk_widget_class_bind_template_callback (widget_class, pin_activated_cb);
  gtk_widget_class_install_action (widget_class, "pin.confirm", NULL, confirm_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_pin_dialog_init (KefuPinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Asks the PIN of someone whose role has @right (not @except_id; @preselect_id
 * first if eligible). @callback gets the confirmed person, who is then the
 * author of the next act needing @right, or NULL if the dialog was closed. */
KefuPinDialog *
kefu_pin_dialog_ask (GtkWidget      *parent,
                     KefuStore      *store,
                     KefuPermission  right,
                     gint64          except_id,
                     gint64          preselect_id,
                     const char     *heading,
                     const char     *body,
                     KefuPinFunc     callback,
                     gpointer        user_data,
                     GDestroyNotify  destroy)
{
  KefuPinDialog *self = g_object_new (KEFU_TYPE_PIN_DIALOG, NULL);
  g_autoptr(GError) error = NULL;
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  GtkExpression *name = gtk_property_expression_new (KEFU_TYPE_USER, NULL, "name");

  self->store = g_object_ref (store);
  self->right = right;
  self->callback = callback;
  self->user_data = user_data;
  self->destroy = destroy;
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  gtk_window_set_title (GTK_WINDOW (self), heading);
  adw_window_title_set_title (self->window_title, heading);
  gtk_label_set_text (self->body_label, body);
  gtk_widget_set_visible (GTK_WIDGET (self->body_label), body != NULL);

  self->people = kefu_auth_eligible (store, right, except_id, &error);
  if (self->people == NULL)
    self->people = g_list_store_new (KEFU_TYPE_USER);
  adw_combo_row_set_expression (self->person_row, name);
  gtk_expression_unref (name);
  adw_combo_row_set_model (self->person_row, G_LIST_MODEL (self->people));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->people)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (self->people), i);
      if (kefu_user_get_id (u) == preselect_id)
        adw_combo_row_set_selected (self->person_row, i);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->people)) == 0)
    {
      show_error (self, error != NULL ? error->message
                                      : _("Nobody whose role may do this has a PIN yet: an administrator sets one."));
      gtk_widget_set_sensitive (self->confirm_button, FALSE);
    }
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (self->pin_row);
  return self;
}

guint
kefu_pin_dialog_get_n_people (KefuPinDialog *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->people));
}

/* Leaves only the people among @ids (gint64) to choose from, e.g. those
 * holding a valid certificate; with nobody left, @none says why and the
 * dialog cannot confirm. */
void
kefu_pin_dialog_keep_only (KefuPinDialog *self,
                           GArray        *ids,
                           const char    *none)
{
  guint i = 0;

  while (i < g_list_model_get_n_items (G_LIST_MODEL (self->people)))
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (self->people), i);
      gboolean keep = FALSE;

      for (guint k = 0; ids != NULL && k < ids->len && !keep; k++)
        keep = g_array_index (ids, gint64, k) == kefu_user_get_id (u);
      if (keep)
        i++;
      else
        g_list_store_remove (self->people, i);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->people)) == 0)
    {
      show_error (self, none);
      gtk_widget_set_sensitive (self->confirm_button, FALSE);
    }
}

/* For tests and callers that know who: picks @login if eligible. */
gboolean
kefu_pin_dialog_select (KefuPinDialog *self,
                        const char    *login)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->people)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (self->people), i);
      if (g_strcmp0 (kefu_user_get_login (u), login) == 0)
        {
          adw_combo_row_set_selected (self->person_row, i);
          return TRUE;
        }
    }
  return FALSE;
}
