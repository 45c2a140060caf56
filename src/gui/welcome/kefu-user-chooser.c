/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-user-chooser.c — who is at the desk: pick, PIN, Enter
 *
 * Everyone with an active account, grouped by role order; the last one to
 * sign in on this computer is focused first. Picking someone asks their
 * PIN in place; the core checks it (kefu_auth_sign_in: a wrong one counts
 * towards the lock and is audited) and "user-chosen" says who signed in.
 * The same page is the locked desk: who holds it, the service-level
 * alerts that came meanwhile (without owners' details), and anyone may
 * sign in. The sample database says its documented PIN; an administrator
 * who forgot the password uses the recovery code.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-gui-util.h"

#include "kefu-auth.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-user-chooser.h"

struct _KefuUserChooser
{
  GtkWidget     parent_instance;

  KefuStore    *store;
  GListStore   *users;
  KefuUser     *picked;
  guint         n_alerts;

  AdwStatusPage *status_page;
  GtkListBox   *list;
  GtkStack     *stack;
  AdwAvatar    *avatar;
  GtkLabel     *name_label;
  GtkLabel     *role_label;
  GtkWidget    *pin_row;
  GtkLabel     *error_label;
  GtkWidget    *recover_button;
  GtkLabel     *sample_label;
  GtkLabel     *locked_label;
  GtkWidget    *alerts_group;
  GtkListBox   *alerts_list;

  guint         rows_tick;      /* adds the rows below the first screen's */
  guint         n_frames;
};

G_DEFINE_FINAL_TYPE (KefuUserChooser, kefu_user_chooser, GTK_TYPE_WIDGET)

enum { USER_CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
describe_role (KefuUser *user)
{
  return kefu_role_with_title (kefu_user_get_role (user), kefu_user_get_title (user));
}

#define AVATAR_SIZE 36

/* A row's avatar (its initials on a colour of the name's). */
static void
set_avatar (GtkListBoxRow *row,
            KefuUser      *user)
{
  AdwBin *bin = g_object_get_data (G_OBJECT (row), "kefu-avatar-bin");

  if (bin != NULL && adw_bin_get_child (bin) == NULL)
    adw_bin_set_child (bin, adw_avatar_new (AVATAR_SIZE, kefu_user_get_name (user), TRUE));
}

/* A user's row. Its avatar goes in a place of the avatar's size, filled
 * at once (@avatar) or a frame after the first screen is drawn: AdwAvatar
 * shapes its initials two or three times to fit them in the circle, for
 * each row, before the first frame could be drawn. */
static GtkWidget *
create_row (KefuUser *user,
            gboolean  avatar)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bin = adw_bin_new ();
  g_autofree char *subtitle = describe_role (user);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kefu_user_get_name (user));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_size_request (bin, AVATAR_SIZE, AVATAR_SIZE);
  gtk_widget_set_valign (bin, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (row), "kefu-avatar-bin", bin);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), bin);
  if (avatar)
    set_avatar (GTK_LIST_BOX_ROW (row), user);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
show_error (KefuUserChooser *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The rows: one a user, in the order of self->users (a row's index is its
 * user's). The first screen shows about ten of them in a window of the
 * default size: the others are added once it is drawn (each row, with its
 * avatar's initials, is laid out and shaped before the first frame), and
 * the first screen's avatars then too. */
#define FIRST_ROWS 10

static void
append_rows (KefuUserChooser *self,
             guint            up_to,
             gboolean         avatars)
{
  guint n = self->users != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->users)) : 0;

  for (guint i = kefu_user_chooser_get_n_rows (self); i < MIN (up_to, n); i++)
    {
      g_autoptr(KefuUser) user = g_list_model_get_item (G_LIST_MODEL (self->users), i);

      gtk_list_box_append (self->list, create_row (user, avatars));
    }
}

static void
fill_avatars (KefuUserChooser *self)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    {
      g_autoptr(KefuUser) user = g_list_model_get_item (G_LIST_MODEL (self->users), i);

      set_avatar (row, user);
    }
}

/* A tick after the one that drew the first screen's rows */
static gboolean
rest_of_rows_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  KefuUserChooser *self = KEFU_USER_CHOOSER (widget);

  if (self->n_frames++ == 0)
    return G_SOURCE_CONTINUE;
  self->rows_tick = 0;
  fill_avatars (self);
  append_rows (self, G_MAXUINT, TRUE);
  return G_SOURCE_REMOVE;
}

/* The rows made so far (all of them, with their avatars, a frame after
 * loading). */
guint
kefu_user_chooser_get_n_rows (KefuUserChooser *self)
{
  guint n = 0;

  g_return_val_if_fail (KEFU_IS_USER_CHOOSER (self), 0);
  while (gtk_list_box_get_row_at_index (self->list, n) != NULL)
    n++;
  return n;
}

/* Asks @user's PIN. */
void
kefu_user_chooser_pick (KefuUserChooser *self,
                        KefuUser        *user)
{
  g_autofree char *role = NULL;

  g_return_if_fail (KEFU_IS_USER_CHOOSER (self));
  g_return_if_fail (KEFU_IS_USER (user));

  g_set_object (&self->picked, user);
  role = describe_role (user);
  adw_avatar_set_text (self->avatar, kefu_user_get_name (user));
  gtk_label_set_text (self->name_label, kefu_user_get_name (user));
  gtk_label_set_text (self->role_label, role);
  gtk_widget_set_visible (self->recover_button, g_strcmp0 (kefu_user_get_role (user), "admin") == 0);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  show_error (self, NULL);
  /* a lock still running is said at once, before anyone types */
  if (self->store != NULL)
    {
      gint64 until = kefu_auth_locked_until (self->store, kefu_user_get_id (user));
      if (until > 0)
        {
          g_autoptr(GDateTime) end = g_date_time_new_from_unix_local (until);
          g_autofree char *clock = g_date_time_format (end, "%H:%M");
          g_autofree char *text = g_strdup_printf (_("Locked after too many wrong PINs until %s."), clock);
          show_error (self, text);
        }
    }
  gtk_stack_set_visible_child_name (self->stack, "pin");
  gtk_widget_grab_focus (self->pin_row);
}

KefuUser *
kefu_user_chooser_get_picked (KefuUserChooser *self)
{
  g_return_val_if_fail (KEFU_IS_USER_CHOOSER (self), NULL);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "pin") == 0 ? self->picked : NULL;
}

static void
row_activated_cb (KefuUserChooser *self,
                  GtkListBoxRow   *row,
                  GtkListBox      *list)
{
  /* the list is bound to self->users: a row's index is its user's */
  g_autoptr(KefuUser) user = self->users != NULL
    ? g_list_model_get_item (G_LIST_MODEL (self->users), gtk_list_box_row_get_index (row)) : NULL;

  if (user != NULL)
    kefu_user_chooser_pick (self, user);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KefuUserChooser *self = KEFU_USER_CHOOSER (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  show_error (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "list");
  {
    GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
    if (row != NULL)
      gtk_widget_grab_focus (GTK_WIDGET (row));
  }
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KefuUserChooser *self = KEFU_USER_CHOOSER (widget);
  g_autoptr(KefuUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;

  if (self->picked == NULL || self->store == NULL)
    return;
  pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  user = kefu_auth_sign_in (self->store, kefu_user_get_id (self->picked), pin, &error);
  if (user == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (self->pin_row);
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[USER_CHOSEN], 0, user);
}

static void
pin_activated_cb (KefuUserChooser *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "chooser.sign-in", NULL);
}

/* The recovery code ---------------------------------------------------------- */

typedef struct {
  KefuUserChooser *self;
  KefuUser        *admin;
  GtkWidget       *code, *password, *again;
} Recover;

static void
recover_free (gpointer  data,
              GClosure *closure)
{
  Recover *r = data;

  g_object_unref (r->self);
  g_object_unref (r->admin);
  g_free (r);
}

static void
show_new_code (KefuUserChooser *self,
               const char      *code)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  /* Translators: after the recovery code was used; %s is the next one */
  g_autofree char *body = g_strdup_printf (_("The password is changed. The recovery code you used no longer works; "
                                             "this is the next one. Write it down and keep it away from this "
                                             "computer: it is shown only now.\n\n%s"), code);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Your Next Recovery Code"), body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("I Have Written It Down"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
recover_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Recover          *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  const char *password;

  if (!g_str_equal (response, "recover"))
    return;
  password = gtk_editable_get_text (GTK_EDITABLE (r->password));
  if (g_strcmp0 (password, gtk_editable_get_text (GTK_EDITABLE (r->again))) != 0)
    {
      show_error (r->self, _("The two new passwords differ; nothing was changed."));
      return;
    }
  next = kefu_auth_recover (r->self->store, kefu_user_get_id (r->admin),
                            gtk_editable_get_text (GTK_EDITABLE (r->code)), password, &error);
  if (next == NULL)
    {
      show_error (r->self, error->message);
      return;
    }
  show_error (r->self, NULL);
  show_new_code (r->self, next);
}

static GtkWidget *
entry_row (GtkWidget  *list,
           gboolean    secret,
           const char *title)
{
  GtkWidget *row = secret ? adw_password_entry_row_new () : adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static void
recover_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KefuUserChooser *self = KEFU_USER_CHOOSER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog, *list;
  Recover *r;

  if (self->picked == NULL || self->store == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Set a New Password"),
                                   _("Type the recovery code you were given when the administrator was created "
                                     "(or last used it), and a new password. The code works once."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  r = g_new0 (Recover, 1);
  r->self = g_object_ref (self);
  r->admin = g_object_ref (self->picked);
  r->code = entry_row (list, FALSE, _("Recovery code"));
  r->password = entry_row (list, TRUE, _("New password"));
  r->again = entry_row (list, TRUE, _("The same password again"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "recover", _("_Set Password"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "recover", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_data (dialog, "response", G_CALLBACK (recover_response_cb), r, recover_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (r->code);
}

/* The page -------------------------------------------------------------------- */

static void
kefu_user_chooser_dispose (GObject *object)
{
  KefuUserChooser *self = (KefuUserChooser *)object;

  if (self->rows_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->rows_tick);
  self->rows_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_USER_CHOOSER);
  kefu_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->users);
  g_clear_object (&self->picked);
  g_clear_object (&self->store);
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
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, status_page);
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, list);
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, stack);
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, avatar);
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, name_label);
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, role_label);
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, pin_row);
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, error_label);
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, recover_button);
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, sample_label);
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, locked_label);
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, alerts_group);
  gtk_widget_class_bind_template_child (widget_class, KefuUserChooser, alerts_list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_activated_cb);
  gtk_widget_class_install_action (widget_class, "chooser.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "chooser.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "chooser.recover", NULL, recover_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "chooser.back", NULL);
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
  g_autofree char *sample_pin = NULL;
  guint n, last = 0;
  GtkListBoxRow *row;

  if (users == NULL)
    return FALSE;
  g_set_object (&self->store, store);
  g_set_object (&self->users, users);
  g_clear_object (&self->picked);
  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  show_error (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "list");
  kefu_user_chooser_set_locked (self, NULL);

  /* the sample database only: its users' documented PIN */
  sample_pin = kefu_store_get_setting (store, "sample_pin");
  if (sample_pin != NULL)
    {
      /* Translators: %s is the sample's PIN, 1234 */
      g_autofree char *text = g_strdup_printf (_("This is the sample service center: every user’s PIN is %s."), sample_pin);
      gtk_label_set_text (self->sample_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sample_label), sample_pin != NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (users));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KefuUser) user = g_list_model_get_item (G_LIST_MODEL (users), i);
      if (g_strcmp0 (kefu_user_get_login (user), last_login) == 0)
        {
          last = i + 1;
          break;
        }
    }
  /* the first screen's rows and the last login's (focused), the rest
   * and the avatars after the first frame */
  append_rows (self, MAX (FIRST_ROWS, last), FALSE);
  if (last > 0)
    {
      row = gtk_list_box_get_row_at_index (self->list, last - 1);
      gtk_list_box_select_row (self->list, row);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  if (n > 0 && self->rows_tick == 0)
    {
      self->n_frames = 0;
      self->rows_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), rest_of_rows_cb, NULL, NULL);
    }
  return TRUE;
}

GListModel *
kefu_user_chooser_get_users (KefuUserChooser *self)
{
  return G_LIST_MODEL (self->users);
}

/* The locked desk: @holder is still signed in (NULL: not locked). Their
 * PIN unlocks it; anyone else's signs them in instead. */
void
kefu_user_chooser_set_locked (KefuUserChooser *self,
                              KefuUser        *holder)
{
  g_return_if_fail (KEFU_IS_USER_CHOOSER (self));

  if (holder != NULL)
    {
      /* Translators: %s is the name of whoever locked the desk */
      g_autofree char *text = g_strdup_printf (_("%s is still signed in: their PIN unlocks the desk "
                                                 "as it was, or someone else signs in."), kefu_user_get_name (holder));
      gtk_label_set_text (self->locked_label, text);
      adw_status_page_set_icon_name (self->status_page, "system-lock-screen-symbolic");
      adw_status_page_set_title (self->status_page, _("The Desk Is Locked"));
      kefu_user_chooser_pick (self, holder);
    }
  else
    {
      adw_status_page_set_icon_name (self->status_page, "avatar-default-symbolic");
      adw_status_page_set_title (self->status_page, _("Who Is at the Desk?"));
      kefu_user_chooser_clear_alerts (self);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->locked_label), holder != NULL);
}

/* An alert for the locked desk: the caller leaves owners' details out. */
void
kefu_user_chooser_add_alert (KefuUserChooser *self,
                             const char      *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_list_box_prepend (self->alerts_list, row);
  self->n_alerts++;
  gtk_widget_set_visible (self->alerts_group, TRUE);
}

guint
kefu_user_chooser_get_n_alerts (KefuUserChooser *self)
{
  return self->n_alerts;
}

void
kefu_user_chooser_clear_alerts (KefuUserChooser *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->alerts_list))) != NULL)
    gtk_list_box_remove (self->alerts_list, row);
  self->n_alerts = 0;
  gtk_widget_set_visible (self->alerts_group, FALSE);
}
