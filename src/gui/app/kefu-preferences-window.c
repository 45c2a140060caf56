/* kefu-preferences-window.c — the service center's settings
 *
 * Kept in the database (table settings), so every desk shares them. Only
 * roles that may configure the center can change them; others see them.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-intake.h"
#include "kefu-preferences-window.h"

struct _KefuPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  KefuStore            *store;

  AdwEntryRow          *emotion_row;
  GtkSpinButton        *days_spin;
  AdwPreferencesGroup  *intake_group;
};

G_DEFINE_FINAL_TYPE (KefuPreferencesWindow, kefu_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
report (KefuPreferencesWindow *self,
        gboolean               ok,
        const GError          *error)
{
  if (!ok && error != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

static void
emotion_applied_cb (KefuPreferencesWindow *self,
                    AdwEntryRow           *row)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = kefu_intake_set_emotion_words (self->store, gtk_editable_get_text (GTK_EDITABLE (row)), &error);
  g_autofree char *words = kefu_intake_get_emotion_words (self->store);

  report (self, ok, error);
  gtk_editable_set_text (GTK_EDITABLE (row), words);
}

static void
days_changed_cb (KefuPreferencesWindow *self,
                 GtkSpinButton         *spin)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = kefu_intake_set_related_days (self->store, gtk_spin_button_get_value_as_int (spin), &error);

  report (self, ok, error);
}

static void
kefu_preferences_window_dispose (GObject *object)
{
  g_clear_object (&KEFU_PREFERENCES_WINDOW (object)->store);
  G_OBJECT_CLASS (kefu_preferences_window_parent_class)->dispose (object);
}

static void
kefu_preferences_window_class_init (KefuPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, emotion_row);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, days_spin);
  gtk_widget_class_bind_template_child (widget_class, KefuPreferencesWindow, intake_group);
  gtk_widget_class_bind_template_callback (widget_class, emotion_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, days_changed_cb);
}

static void
kefu_preferences_window_init (KefuPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KefuPreferencesWindow *
kefu_preferences_window_new (GtkWindow *parent,
                             KefuStore *store,
                             KefuUser  *user)
{
  KefuPreferencesWindow *self = g_object_new (KEFU_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  g_autofree char *words = kefu_intake_get_emotion_words (store);
  gboolean may = kefu_user_can (user, KEFU_PERMISSION_EDIT_SLA);

  self->store = g_object_ref (store);
  g_signal_handlers_block_by_func (self->days_spin, days_changed_cb, self);
  gtk_spin_button_set_value (self->days_spin, kefu_intake_get_related_days (store));
  g_signal_handlers_unblock_by_func (self->days_spin, days_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->emotion_row), words);
  gtk_widget_set_sensitive (GTK_WIDGET (self->emotion_row), may);
  gtk_widget_set_sensitive (GTK_WIDGET (self->days_spin), may);
  if (!may)
    adw_preferences_group_set_description (self->intake_group,
                                           _("Only supervisors, managers and administrators may change these."));
  return self;
}
