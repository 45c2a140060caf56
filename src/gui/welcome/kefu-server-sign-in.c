/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-server-sign-in.c — who is at the desk on a database server (#20)
 *
 * On a server, signing in is connecting to PostgreSQL as that person:
 * their login and password (at least 8 characters, SCRAM), checked by the
 * server, never kept on the desk. The connection is made on a worker
 * thread (GTask): after a wrong password the server's auth_delay waits
 * before it answers, and the window must not freeze meanwhile. Emits
 * "signed-in" with the store signed in as the person and their Kefu user.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kefu-gui-util.h"

#include "kefu-auth.h"
#include "kefu-engine.h"
#include "kefu-server-sign-in.h"

struct _KefuServerSignIn
{
  GtkWidget       parent_instance;

  char           *spec;      /* the server, as given (no password) */
  char           *holder;    /* the login of who locked the desk, or NULL */
  gboolean        busy;
  GCancellable   *cancellable;

  /* template */
  AdwStatusPage  *status_page;
  AdwEntryRow    *login_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel       *error_label;
  GtkLabel       *locked_label;
  GtkLabel       *server_label;
  GtkSpinner     *spinner;
  GtkWidget      *sign_in_button;
};

G_DEFINE_FINAL_TYPE (KefuServerSignIn, kefu_server_sign_in, GTK_TYPE_WIDGET)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  char      *spec;
  char      *login;
  char      *password;
  KefuStore *store;
  KefuUser  *user;
} Attempt;

static void
attempt_free (Attempt *a)
{
  g_free (a->spec);
  g_free (a->login);
  if (a->password != NULL)
    explicit_bzero (a->password, strlen (a->password));
  g_free (a->password);
  g_clear_object (&a->store);
  g_clear_object (&a->user);
  g_free (a);
}

static void
show_message (KefuServerSignIn *self,
              const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (KefuServerSignIn *self,
          gboolean          busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* (the rows stay sensitive: a focused text made insensitive loses its
   * focus-out; a submit while busy is ignored) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "server.sign-in", !busy);
}

/* The worker: connect as the person, then find who they are in Kefu */
static void
sign_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Attempt *a = data;
  GError *error = NULL;

  a->store = kefu_store_open_as (a->spec, a->login, a->password, &error);
  explicit_bzero (a->password, strlen (a->password));
  if (a->store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  a->user = kefu_auth_sign_in_server (a->store, &error);
  if (a->user == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
sign_in_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  KefuServerSignIn *self = KEFU_SERVER_SIGN_IN (object);
  Attempt *a = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_message (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  set_busy (self, FALSE);
  show_message (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit (self, signals[SIGNED_IN], 0, a->store, a->user);
}

void
kefu_server_sign_in_submit (KefuServerSignIn *self,
                            const char       *login,
                            const char       *password)
{
  g_autoptr(GTask) task = NULL;
  Attempt *a;
  g_autofree char *trimmed = NULL;

  g_return_if_fail (KEFU_IS_SERVER_SIGN_IN (self));
  if (self->busy || self->spec == NULL)
    return;
  trimmed = g_strstrip (g_strdup (login != NULL ? login : ""));
  if (*trimmed == '\0')
    {
      show_message (self, _("Type your login."));
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      return;
    }
  if (password == NULL || *password == '\0')
    {
      show_message (self, _("Type your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  /* (what a test submits shows as typed) */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->login_row)), trimmed) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->login_row), trimmed);
  a = g_new0 (Attempt, 1);
  a->spec = g_strdup (self->spec);
  a->login = g_steal_pointer (&trimmed);
  a->password = g_strdup (password);
  show_message (self, NULL);
  set_busy (self, TRUE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, sign_in_done_cb, NULL);
  g_task_set_source_tag (task, kefu_server_sign_in_submit);
  g_task_set_task_data (task, a, (GDestroyNotify) attempt_free);
  g_task_run_in_thread (task, sign_in_thread);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KefuServerSignIn *self = KEFU_SERVER_SIGN_IN (widget);
  g_autofree char *password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));

  kefu_server_sign_in_submit (self, gtk_editable_get_text (GTK_EDITABLE (self->login_row)), password);
  explicit_bzero (password, strlen (password));
}

static void
login_activated_cb (KefuServerSignIn *self,
                    AdwEntryRow      *row)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
password_activated_cb (KefuServerSignIn *self,
                       AdwEntryRow      *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "server.sign-in", NULL);
}

void
kefu_server_sign_in_set_server (KefuServerSignIn *self,
                                const char       *spec,
                                const char       *last_login)
{
  g_autofree char *where = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (KEFU_IS_SERVER_SIGN_IN (self));
  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE);
  g_free (self->spec);
  self->spec = g_strdup (spec);
  where = kefu_engine_describe_spec (spec);
  /* which server and database: the person signing in is who types below */
  {
    g_auto(GStrv) parts = g_strsplit (where, " ", -1);
    g_autoptr(GString) kept = g_string_new (NULL);

    for (guint i = 0; parts[i] != NULL; i++)
      if (!g_str_has_prefix (parts[i], "user="))
        g_string_append_printf (kept, "%s%s", kept->len ? " " : "", parts[i]);
    g_free (where);
    where = g_string_free (g_steal_pointer (&kept), FALSE);
  }
  /* Translators: under the sign-in form: which database server */
  text = g_strdup_printf (_("Server: %s"), where);
  gtk_label_set_text (self->server_label, text);
  adw_status_page_set_description (self->status_page,
                                   _("This desk works on the service center’s database server. Sign in with your "
                                     "own login and password: everything you change is recorded under your name."));
  kefu_server_sign_in_set_locked (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), last_login != NULL ? last_login : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_message (self, NULL);
}

const char *
kefu_server_sign_in_get_server (KefuServerSignIn *self)
{
  g_return_val_if_fail (KEFU_IS_SERVER_SIGN_IN (self), NULL);
  return self->spec;
}

void
kefu_server_sign_in_set_locked (KefuServerSignIn *self,
                                KefuUser         *holder)
{
  g_return_if_fail (KEFU_IS_SERVER_SIGN_IN (self));
  g_clear_pointer (&self->holder, g_free);
  if (holder != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The desk is locked by %s. Type your password to go on, or sign in as yourself."),
                                               kefu_user_get_name (holder));

      self->holder = g_strdup (kefu_user_get_login (holder));
      gtk_editable_set_text (GTK_EDITABLE (self->login_row), self->holder);
      gtk_label_set_text (self->locked_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->locked_label), holder != NULL);
  set_busy (self, self->busy);
}

gboolean
kefu_server_sign_in_is_busy (KefuServerSignIn *self)
{
  g_return_val_if_fail (KEFU_IS_SERVER_SIGN_IN (self), FALSE);
  return self->busy;
}

/* The message shown under the form (a refusal), or NULL */
const char *
kefu_server_sign_in_get_message (KefuServerSignIn *self)
{
  g_return_val_if_fail (KEFU_IS_SERVER_SIGN_IN (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

static void
kefu_server_sign_in_map (GtkWidget *widget)
{
  KefuServerSignIn *self = KEFU_SERVER_SIGN_IN (widget);
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));

  GTK_WIDGET_CLASS (kefu_server_sign_in_parent_class)->map (widget);
  gtk_widget_grab_focus (*login != '\0' ? GTK_WIDGET (self->password_row) : GTK_WIDGET (self->login_row));
}

static void
kefu_server_sign_in_dispose (GObject *object)
{
  KefuServerSignIn *self = KEFU_SERVER_SIGN_IN (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_SERVER_SIGN_IN);
  kefu_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (kefu_server_sign_in_parent_class)->dispose (object);
}

static void
kefu_server_sign_in_finalize (GObject *object)
{
  KefuServerSignIn *self = KEFU_SERVER_SIGN_IN (object);

  g_clear_object (&self->cancellable);
  g_free (self->spec);
  g_free (self->holder);
  G_OBJECT_CLASS (kefu_server_sign_in_parent_class)->finalize (object);
}

static void
kefu_server_sign_in_class_init (KefuServerSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_server_sign_in_dispose;
  object_class->finalize = kefu_server_sign_in_finalize;
  widget_class->map = kefu_server_sign_in_map;

  /* (store, user): the store signed in as the person, their Kefu user */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2, KEFU_TYPE_STORE, KEFU_TYPE_USER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-server-sign-in.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuServerSignIn, status_page);
  gtk_widget_class_bind_template_child (widget_class, KefuServerSignIn, login_row);
  gtk_widget_class_bind_template_child (widget_class, KefuServerSignIn, password_row);
  gtk_widget_class_bind_template_child (widget_class, KefuServerSignIn, error_label);
  gtk_widget_class_bind_template_child (widget_class, KefuServerSignIn, locked_label);
  gtk_widget_class_bind_template_child (widget_class, KefuServerSignIn, server_label);
  gtk_widget_class_bind_template_child (widget_class, KefuServerSignIn, spinner);
  gtk_widget_class_bind_template_child (widget_class, KefuServerSignIn, sign_in_button);
  gtk_widget_class_bind_template_callback (widget_class, login_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
  gtk_widget_class_install_action (widget_class, "server.sign-in", NULL, sign_in_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kefu_server_sign_in_init (KefuServerSignIn *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
