/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-settings-dialog.c — the frame of the dispatch settings' small dialogs
 * (its template is ui/dispatch/kefu-settings-dialog.ui) */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-settings-dialog.h"

typedef struct
{
  KefuDispatchSettings *settings;   /* not a reference: the dialog is destroyed with it */
  GtkWidget            *save;
  GtkWidget            *scrolled;
  GtkWidget            *box;
  GtkListBox           *list;
  GtkLabel             *message;
  KefuWaitBar          *wait_bar;
} KefuSettingsDialogPrivate;

static void kefu_settings_dialog_buildable_init (GtkBuildableIface *iface);

G_DEFINE_TYPE_WITH_CODE (KefuSettingsDialog, kefu_settings_dialog, GTK_TYPE_WINDOW,
                         G_ADD_PRIVATE (KefuSettingsDialog)
                         G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, kefu_settings_dialog_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

/* <child type="row"> in a subclass's template goes into the boxed list. */
static void
kefu_settings_dialog_add_child (GtkBuildable *buildable,
                                GtkBuilder   *builder,
                                GObject      *child,
                                const char   *type)
{
  KefuSettingsDialog *self = KEFU_SETTINGS_DIALOG (buildable);
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);

  if (g_strcmp0 (type, "row") == 0 && GTK_IS_WIDGET (child) && priv->list != NULL)
    gtk_list_box_append (priv->list, GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
kefu_settings_dialog_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = kefu_settings_dialog_add_child;
}

static void
cancel_cb (KefuSettingsDialog *self)
{
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);

  /* while a save waits, Cancel stops the wait; what was typed stays */
  if (kefu_wait_bar_is_waiting (priv->wait_bar))
    kefu_wait_bar_stop (priv->wait_bar);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_cb (KefuSettingsDialog *self)
{
  KefuSettingsDialogClass *klass = KEFU_SETTINGS_DIALOG_GET_CLASS (self);

  if (klass->save != NULL)
    klass->save (self);
}

/* Escape or the window's close button, the same as Cancel */
static gboolean
kefu_settings_dialog_close_request (GtkWindow *window)
{
  KefuSettingsDialog *self = KEFU_SETTINGS_DIALOG (window);
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);

  if (!kefu_wait_bar_is_waiting (priv->wait_bar))
    return GTK_WINDOW_CLASS (kefu_settings_dialog_parent_class)->close_request (window);
  kefu_wait_bar_stop (priv->wait_bar);
  return TRUE;
}

/* The frame's template children are let go of by hand: GTK 4.8's
 * gtk_widget_dispose_template() reads the template of the instance's
 * class, so for a dialog with a template of its own (a subclass's, which
 * it clears itself) it would look for that template's children here. */
static void
kefu_settings_dialog_dispose (GObject *object)
{
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (KEFU_SETTINGS_DIALOG (object));

  if (G_OBJECT_TYPE (object) == KEFU_TYPE_SETTINGS_DIALOG)
    gtk_widget_dispose_template (GTK_WIDGET (object), KEFU_TYPE_SETTINGS_DIALOG);
  priv->save = priv->scrolled = priv->box = NULL;
  priv->list = NULL;
  priv->message = NULL;
  priv->wait_bar = NULL;
  G_OBJECT_CLASS (kefu_settings_dialog_parent_class)->dispose (object);
}

static void
kefu_settings_dialog_class_init (KefuSettingsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kefu_settings_dialog_dispose;
  window_class->close_request = kefu_settings_dialog_close_request;
  g_type_ensure (KEFU_TYPE_WAIT_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-settings-dialog.ui");
  gtk_widget_class_bind_template_child_private (widget_class, KefuSettingsDialog, save);
  gtk_widget_class_bind_template_child_private (widget_class, KefuSettingsDialog, scrolled);
  gtk_widget_class_bind_template_child_private (widget_class, KefuSettingsDialog, box);
  gtk_widget_class_bind_template_child_private (widget_class, KefuSettingsDialog, list);
  gtk_widget_class_bind_template_child_private (widget_class, KefuSettingsDialog, message);
  gtk_widget_class_bind_template_child_private (widget_class, KefuSettingsDialog, wait_bar);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);
}

static void
kefu_settings_dialog_init (KefuSettingsDialog *self)
{
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  kefu_wait_bar_set_form (priv->wait_bar, priv->scrolled);
}

void
kefu_settings_dialog_set_settings (KefuSettingsDialog   *self,
                                   KefuDispatchSettings *settings,
                                   const char           *title)
{
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);

  g_return_if_fail (KEFU_IS_SETTINGS_DIALOG (self));
  priv->settings = settings;
  gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (settings));
  gtk_window_set_title (GTK_WINDOW (self), title);
}

KefuDispatchSettings *
kefu_settings_dialog_get_settings (KefuSettingsDialog *self)
{
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);

  g_return_val_if_fail (KEFU_IS_SETTINGS_DIALOG (self), NULL);
  return priv->settings;
}

GtkListBox *
kefu_settings_dialog_get_list (KefuSettingsDialog *self)
{
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);

  g_return_val_if_fail (KEFU_IS_SETTINGS_DIALOG (self), NULL);
  return priv->list;
}

GtkWidget *
kefu_settings_dialog_get_save (KefuSettingsDialog *self)
{
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);

  g_return_val_if_fail (KEFU_IS_SETTINGS_DIALOG (self), NULL);
  return priv->save;
}

KefuWaitBar *
kefu_settings_dialog_get_wait_bar (KefuSettingsDialog *self)
{
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);

  g_return_val_if_fail (KEFU_IS_SETTINGS_DIALOG (self), NULL);
  return priv->wait_bar;
}

void
kefu_settings_dialog_show_error (KefuSettingsDialog *self,
                                 const char         *text)
{
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);

  g_return_if_fail (KEFU_IS_SETTINGS_DIALOG (self));
  /* the form above keeps its height up to the scroll limit: the window
   * grows to show the message instead of squeezing the form */
  if (!gtk_widget_get_visible (GTK_WIDGET (priv->message)))
    {
      int height = gtk_widget_get_height (priv->scrolled);

      if (height == 0)   /* not laid out yet: what it asks for */
        gtk_widget_measure (priv->scrolled, GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (priv->scrolled), height);
    }
  gtk_label_set_text (priv->message, text);
  gtk_widget_set_visible (GTK_WIDGET (priv->message), TRUE);
}

void
kefu_settings_dialog_hide_error (KefuSettingsDialog *self)
{
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);

  g_return_if_fail (KEFU_IS_SETTINGS_DIALOG (self));
  gtk_widget_set_visible (GTK_WIDGET (priv->message), FALSE);
}

GtkListBox *
kefu_settings_dialog_add_section (KefuSettingsDialog *self,
                                  GtkWidget          *after,
                                  const char         *heading)
{
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *list = gtk_list_box_new ();

  g_return_val_if_fail (KEFU_IS_SETTINGS_DIALOG (self), NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_insert_child_after (GTK_BOX (priv->box), label, after);
  gtk_box_insert_child_after (GTK_BOX (priv->box), list, label);
  return GTK_LIST_BOX (list);
}

void
kefu_settings_dialog_add_note (KefuSettingsDialog *self,
                               GtkWidget          *after,
                               const char         *text)
{
  KefuSettingsDialogPrivate *priv = kefu_settings_dialog_get_instance_private (self);
  GtkWidget *label = gtk_label_new (text);

  g_return_if_fail (KEFU_IS_SETTINGS_DIALOG (self));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_insert_child_after (GTK_BOX (priv->box), label, after);
}
