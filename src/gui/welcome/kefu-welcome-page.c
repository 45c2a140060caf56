/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-welcome-page.c — what a new, empty database opens on
 *
 * "Load a sample service center" builds the demo on a worker thread with
 * its own connection and shows its progress (its users' PIN is printed
 * here and on the sign-in page); "Start empty" creates the administrator,
 * with a password, who sets up the rest, and shows the one-time recovery
 * code (only its hash is kept).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-gui-util.h"
#include "kefu-loader.h"
#include "kefu-progress-bar.h"

#include "kefu-auth.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-welcome-page.h"

struct _KefuWelcomePage
{
  GtkWidget       parent_instance;

  KefuStore      *store;
  KefuLoader     *generating;

  GtkStack       *stack;
  GtkWidget      *status_page;
  GtkWidget      *buttons;
  GtkLabel       *sample_pin_label;
  GtkWidget      *progress_box;
  GtkProgressBar *progress_bar;
  GtkLabel       *error_label;
  GtkWidget      *login_row;
  GtkWidget      *name_row;
  GtkWidget      *password_row;
  GtkWidget      *again_row;
  GtkLabel       *admin_error_label;
  GtkLabel       *code_label;
  GtkWidget      *done_button;
};

G_DEFINE_FINAL_TYPE (KefuWelcomePage, kefu_welcome_page, GTK_TYPE_WIDGET)

enum { FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct {
  char          *path;
  gint64         now;    /* the desk's clock: the sample year ends then */
  KefuBarTarget *bar;
} Generate;

static void
generate_free (Generate *g)
{
  g_free (g->path);
  kefu_bar_target_free (g->bar);
  g_free (g);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Generate, generate_free)

/* (no read connection: the sample is written on a connection of its own) */
static gboolean
generate_thread (KefuStore     *no_reader,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Generate *g = data;
  g_autoptr(KefuStore) store = NULL;
  KefuDemoOptions options = { KEFU_DEMO_DEFAULT_TICKETS, 1, g->now };

  store = kefu_store_open (g->path, KEFU_STORE_OPEN_DEFAULT, error);
  return store != NULL &&
         kefu_demo_generate (store, &options, kefu_bar_progress_cb, g->bar, cancellable, error);
}

static void
set_busy (KefuWelcomePage *self,
          gboolean         busy)
{
  gtk_widget_set_sensitive (self->buttons, !busy);
  gtk_widget_set_visible (self->progress_box, busy);
}

static void
show_error (KefuWelcomePage *self,
            const GError    *error)
{
  gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void load_sample_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter);

static void
generate_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  KefuWelcomePage *self = KEFU_WELCOME_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(Generate) g = NULL;

  g = kefu_loader_load_finish (result, load_sample_action, &error);
  /* (cancelled: the page is going away) */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (g == NULL)
    {
      show_error (self, error);
      return;
    }
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
load_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KefuWelcomePage *self = KEFU_WELCOME_PAGE (widget);
  Generate *g;

  if (self->store == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  g = g_new0 (Generate, 1);
  g->path = g_strdup (kefu_store_get_path (self->store));
  g->now = kefu_store_now (self->store);
  g->bar = kefu_bar_target_new (self->progress_bar);
  kefu_loader_load_async (self->generating, self, NULL, generate_thread, g, (GDestroyNotify) generate_free,
                          load_sample_action, generate_done_cb, NULL);
}

/* "Start empty": the administrator's login, name and password first. */
static void
start_empty_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KefuWelcomePage *self = KEFU_WELCOME_PAGE (widget);

  if (self->store == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->admin_error_label), FALSE);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->name_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), _("Administrator"));
  gtk_stack_set_visible_child_name (self->stack, "admin");
  gtk_widget_grab_focus (self->password_row);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KefuWelcomePage *self = KEFU_WELCOME_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->again_row), "");
  gtk_stack_set_visible_child_name (self->stack, "start");
}

static void
admin_error (KefuWelcomePage *self,
             const char      *message)
{
  gtk_label_set_text (self->admin_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->admin_error_label), TRUE);
}

static void
create_admin_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KefuWelcomePage *self = KEFU_WELCOME_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *login = NULL;
  g_autofree char *name = NULL;
  const char *password;

  if (self->store == NULL)
    return;
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (g_strcmp0 (password, gtk_editable_get_text (GTK_EDITABLE (self->again_row))) != 0)
    {
      admin_error (self, _("The two passwords differ."));
      gtk_editable_set_text (GTK_EDITABLE (self->again_row), "");
      gtk_widget_grab_focus (self->again_row);
      return;
    }
  login = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row))));
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (kefu_auth_create_admin (self->store, login, name, password, &code, &error) <= 0)
    {
      admin_error (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->again_row), "");
  gtk_label_set_text (self->code_label, code);
  gtk_stack_set_visible_child_name (self->stack, "code");
  gtk_widget_grab_focus (self->done_button);
}

static void
again_activated_cb (KefuWelcomePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "welcome.create-admin", NULL);
}

/* The code was written down: it is not shown again. */
static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KefuWelcomePage *self = KEFU_WELCOME_PAGE (widget);

  gtk_label_set_text (self->code_label, "");
  gtk_stack_set_visible_child_name (self->stack, "start");
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
kefu_welcome_page_dispose (GObject *object)
{
  KefuWelcomePage *self = (KefuWelcomePage *)object;

  if (self->generating != NULL)
    kefu_loader_cancel (self->generating);
  g_clear_object (&self->generating);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_WELCOME_PAGE);
  kefu_widget_unparent_children (GTK_WIDGET (self));
  G_OBJECT_CLASS (kefu_welcome_page_parent_class)->dispose (object);
}

static void
kefu_welcome_page_class_init (KefuWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_welcome_page_dispose;

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, stack);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, buttons);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, sample_pin_label);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, login_row);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, again_row);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, admin_error_label);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, code_label);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, done_button);
  gtk_widget_class_bind_template_callback (widget_class, again_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, error_label);
  gtk_widget_class_install_action (widget_class, "welcome.load-sample", NULL, load_sample_action);
  gtk_widget_class_install_action (widget_class, "welcome.start-empty", NULL, start_empty_action);
  gtk_widget_class_install_action (widget_class, "welcome.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "welcome.create-admin", NULL, create_admin_action);
  gtk_widget_class_install_action (widget_class, "welcome.done", NULL, done_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kefu_welcome_page_init (KefuWelcomePage *self)
{
  /* Translators: %s is the sample's PIN, 1234 */
  g_autofree char *pin = g_strdup_printf (_("In the sample, everyone signs in with the PIN %s."), KEFU_DEMO_PIN);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->generating = kefu_loader_new ();
  gtk_label_set_text (self->sample_pin_label, pin);
}

void
kefu_welcome_page_set_store (KefuWelcomePage *self,
                             KefuStore       *store)
{
  g_return_if_fail (KEFU_IS_WELCOME_PAGE (self));

  g_set_object (&self->store, store);
  gtk_stack_set_visible_child_name (self->stack, "start");
  set_busy (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}
