/* kefu-welcome-page.c — what a new, empty database opens on
 *
 * "Load a sample service center" builds the demo on a worker thread with
 * its own connection and shows its progress; "Start empty" creates the
 * administrator who sets up the rest.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-gui-util.h"
#include "kefu-progress-bar.h"

#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-welcome-page.h"

struct _KefuWelcomePage
{
  GtkWidget       parent_instance;

  KefuStore      *store;
  GCancellable   *cancellable;

  GtkWidget      *status_page;
  GtkWidget      *buttons;
  GtkWidget      *progress_box;
  GtkProgressBar *progress_bar;
  GtkLabel       *error_label;
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

static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Generate *g = task_data;
  g_autoptr(KefuStore) store = NULL;
  GError *error = NULL;
  KefuDemoOptions options = { KEFU_DEMO_DEFAULT_TICKETS, 1, g->now };

  store = kefu_store_open (g->path, KEFU_STORE_OPEN_DEFAULT, &error);
  if (store == NULL ||
      !kefu_demo_generate (store, &options, kefu_bar_progress_cb, g->bar, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
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

static void
generate_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  KefuWelcomePage *self = KEFU_WELCOME_PAGE (object);
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
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
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  {
    Generate *g = g_new0 (Generate, 1);

    g->path = g_strdup (kefu_store_get_path (self->store));
    g->now = kefu_store_now (self->store);
    g->bar = kefu_bar_target_new (self->progress_bar);
    task = g_task_new (self, self->cancellable, generate_done_cb, NULL);
    g_task_set_task_data (task, g, (GDestroyNotify) generate_free);
  }
  g_task_run_in_thread (task, generate_thread);
}

static void
start_empty_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KefuWelcomePage *self = KEFU_WELCOME_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (kefu_desk_add_user (self->store, "admin", _("Administrator"), "admin", NULL, &error) == 0)
    {
      show_error (self, error);
      return;
    }
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
kefu_welcome_page_dispose (GObject *object)
{
  KefuWelcomePage *self = (KefuWelcomePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, buttons);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KefuWelcomePage, error_label);
  gtk_widget_class_install_action (widget_class, "welcome.load-sample", NULL, load_sample_action);
  gtk_widget_class_install_action (widget_class, "welcome.start-empty", NULL, start_empty_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kefu_welcome_page_init (KefuWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
kefu_welcome_page_set_store (KefuWelcomePage *self,
                             KefuStore       *store)
{
  g_return_if_fail (KEFU_IS_WELCOME_PAGE (self));

  g_set_object (&self->store, store);
  set_busy (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}
