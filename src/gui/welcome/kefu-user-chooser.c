/* kefu-user-chooser.c — who is at the desk
 *
 * Everyone with an active account, grouped by role order; the last one to
 * sign in on this computer is focused first. (PIN sign-in comes later;
 * permission checks already live in the core.)
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-gui-util.h"

#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-user-chooser.h"

struct _KefuUserChooser
{
  GtkWidget   parent_instance;

  GListStore *users;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (KefuUserChooser, kefu_user_chooser, GTK_TYPE_WIDGET)

enum { USER_CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  KefuUser *user = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (36, kefu_user_get_name (user), TRUE);
  g_autofree char *subtitle = NULL;

  if (kefu_user_get_title (user) != NULL &&
      g_strcmp0 (kefu_user_get_title (user), kefu_code_label (KEFU_CODES_ROLE, kefu_user_get_role (user))) != 0)
    /* Translators: role · job title, e.g. "Service agent · Senior agent" */
    subtitle = g_strdup_printf (_("%s · %s"), kefu_code_label (KEFU_CODES_ROLE, kefu_user_get_role (user)),
                                kefu_user_get_title (user));
  else
    subtitle = g_strdup (kefu_code_label (KEFU_CODES_ROLE, kefu_user_get_role (user)));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kefu_user_get_name (user));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "kefu-user", g_object_ref (user), g_object_unref);
  return row;
}

static void
row_activated_cb (KefuUserChooser *self,
                  GtkListBoxRow   *row,
                  GtkListBox      *list)
{
  KefuUser *user = g_object_get_data (G_OBJECT (row), "kefu-user");

  if (user != NULL)
    g_signal_emit (self, signals[USER_CHOSEN], 0, user);
}

static void
kefu_user_chooser_dispose (GObject *object)
{
  KefuUserChooser *self = (KefuUserChooser *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_USER_CHOOSER);
  kefu_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->users);
  G_OBJECT_CLASS (kefu_user_chooser_parent_class)->dispose (object);
}

static void
kefu_user_chooser_class_init (KefuUserChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_user_chooser_dispose;

  signals[USER_CHOSEN] = g_signal_new ("user-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, KEFU_TYPE_USER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-user-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kefu_user_chooser_init (KefuUserChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

gboolean
kefu_user_chooser_load (KefuUserChooser  *self,
                        KefuStore        *store,
                        const char       *last_login,
                        GError          **error)
{
  g_autoptr(GListStore) users = kefu_desk_list_users (store, error);
  guint n;

  if (users == NULL)
    return FALSE;
  g_set_object (&self->users, users);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (users), create_row_cb, self, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (users));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KefuUser) user = g_list_model_get_item (G_LIST_MODEL (users), i);
      if (g_strcmp0 (kefu_user_get_login (user), last_login) == 0)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, i);
          gtk_list_box_select_row (self->list, row);
          gtk_widget_grab_focus (GTK_WIDGET (row));
          break;
        }
    }
  return TRUE;
}

GListModel *
kefu_user_chooser_get_users (KefuUserChooser *self)
{
  return G_LIST_MODEL (self->users);
}
