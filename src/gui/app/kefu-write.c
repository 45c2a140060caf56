/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-write.c — a save that waits out another program's write lock
 *
 * The first try may wait FIRST_BUSY_MS for the lock, so a neighbour's
 * quick save goes unnoticed; after that the save is tried every
 * RETRY_EVERY_MS, each try waiting at most RETRY_BUSY_MS, so the window
 * stays responsive while a long job of another program runs (those
 * commit in batches with a pause between them: kefu-batch.h).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-write.h"

#define FIRST_BUSY_MS   100
#define RETRY_BUSY_MS   25
#define RETRY_EVERY_MS  60

typedef struct {
  KefuStore         *store;
  KefuWaitBar       *bar;       /* not a reference: the bar owns the write */
  KefuWriteFunc      func;
  KefuWriteDoneFunc  done;
  gpointer           data;
  GDestroyNotify     destroy;
  guint              source;
  guint              tries;
} Write;

struct _KefuWaitBar
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *spinner;
  GtkWidget *label;
  GtkWidget *stop;
  GtkWidget *form;      /* read-only while waiting; a weak pointer */
  GtkWidget *refocus;   /* had the focus in @form before the wait; weak */
  Write     *write;
};

G_DEFINE_FINAL_TYPE (KefuWaitBar, kefu_wait_bar, GTK_TYPE_WIDGET)

gboolean
kefu_write_is_locked (const GError *error)
{
  return g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED);
}

static void
write_free (Write *w)
{
  g_clear_handle_id (&w->source, g_source_remove);
  if (w->destroy != NULL)
    w->destroy (w->data);
  g_clear_object (&w->store);
  g_free (w);
}

static void
bar_show (KefuWaitBar *self,
          gboolean     waiting)
{
  gtk_widget_set_visible (GTK_WIDGET (self), waiting);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), waiting);
  if (self->form != NULL)
    {
      GtkRoot *root = gtk_widget_get_root (self->form);
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      /* the focus leaves the form before it turns read-only (to Stop
       * Waiting), and comes back when the wait is over */
      if (waiting && focus != NULL && (focus == self->form || gtk_widget_is_ancestor (focus, self->form)))
        {
          g_set_weak_pointer (&self->refocus, focus);
          if (!gtk_widget_grab_focus (self->stop))
            gtk_root_set_focus (root, NULL);
        }
      gtk_widget_set_sensitive (self->form, !waiting);
      if (!waiting && self->refocus != NULL)
        {
          gtk_widget_grab_focus (self->refocus);
          g_clear_weak_pointer (&self->refocus);
        }
    }
}

/* Takes @w off its bar (if any), then tells and frees it. */
static void
write_finish (Write            *w,
              KefuWriteOutcome  outcome,
              const GError     *error)
{
  if (w->bar != NULL)
    {
      KefuWaitBar *bar = w->bar;

      bar->write = NULL;
      w->bar = NULL;
      bar_show (bar, FALSE);
    }
  g_clear_handle_id (&w->source, g_source_remove);
  if (w->done != NULL)
    w->done (outcome, error, w->data);
  write_free (w);
}

/* One try; TRUE when it is over (done or failed). */
static gboolean
write_try (Write *w,
           int    busy_ms)
{
  g_autoptr(GError) error = NULL;
  int saved = kefu_store_get_busy_timeout (w->store);
  gboolean ok;

  kefu_store_set_busy_timeout (w->store, busy_ms);
  ok = w->func (w->store, w->data, &error);
  kefu_store_set_busy_timeout (w->store, saved);
  w->tries++;
  if (!ok && kefu_write_is_locked (error))
    return FALSE;
  write_finish (w, ok ? KEFU_WRITE_DONE : KEFU_WRITE_FAILED, error);
  return TRUE;
}

static gboolean
retry_cb (gpointer data)
{
  Write *w = data;

  w->source = 0;
  if (!write_try (w, RETRY_BUSY_MS))
    w->source = g_timeout_add (RETRY_EVERY_MS, retry_cb, w);
  return G_SOURCE_REMOVE;
}

void
kefu_write_run (KefuStore          *store,
                KefuWaitBar        *bar,
                KefuWriteFunc       func,
                KefuWriteDoneFunc   done,
                gpointer            data,
                GDestroyNotify      destroy)
{
  Write *w;

  g_return_if_fail (KEFU_IS_STORE (store));
  g_return_if_fail (bar == NULL || KEFU_IS_WAIT_BAR (bar));
  g_return_if_fail (func != NULL);

  if (bar != NULL)
    kefu_wait_bar_stop (bar);
  w = g_new0 (Write, 1);
  w->store = g_object_ref (store);
  w->func = func;
  w->done = done;
  w->data = data;
  w->destroy = destroy;
  if (write_try (w, FIRST_BUSY_MS))
    return;

  /* another program is writing: say so, and try again */
  w->source = g_timeout_add (RETRY_EVERY_MS, retry_cb, w);
  if (bar != NULL)
    {
      w->bar = bar;
      bar->write = w;
      bar_show (bar, TRUE);
    }
}

gboolean
kefu_wait_bar_is_waiting (KefuWaitBar *self)
{
  g_return_val_if_fail (KEFU_IS_WAIT_BAR (self), FALSE);
  return self->write != NULL;
}

guint
kefu_wait_bar_get_tries (KefuWaitBar *self)
{
  g_return_val_if_fail (KEFU_IS_WAIT_BAR (self), 0);
  return self->write != NULL ? self->write->tries : 0;
}

void
kefu_wait_bar_stop (KefuWaitBar *self)
{
  g_return_if_fail (KEFU_IS_WAIT_BAR (self));
  if (self->write != NULL)
    write_finish (self->write, KEFU_WRITE_STOPPED, NULL);
}

static void
stop_clicked_cb (KefuWaitBar *self)
{
  kefu_wait_bar_stop (self);
}

static void
kefu_wait_bar_dispose (GObject *object)
{
  KefuWaitBar *self = (KefuWaitBar *)object;

  /* the dialog went: nothing is left to tell */
  if (self->write != NULL)
    {
      Write *w = self->write;

      self->write = NULL;
      w->bar = NULL;
      write_free (w);
    }
  g_clear_weak_pointer (&self->form);
  g_clear_weak_pointer (&self->refocus);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (kefu_wait_bar_parent_class)->dispose (object);
}

static void
kefu_wait_bar_class_init (KefuWaitBarClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kefu_wait_bar_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "kefu-wait-bar");
}

static void
kefu_wait_bar_init (KefuWaitBar *self)
{
  GtkWidget *stop;

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->spinner = gtk_spinner_new ();
  gtk_box_append (GTK_BOX (self->box), self->spinner);
  self->label = gtk_label_new (_("Another program is writing to the database; waiting… (retrying)"));
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_box_append (GTK_BOX (self->box), self->label);
  stop = gtk_button_new_with_mnemonic (_("_Stop Waiting"));
  gtk_widget_set_valign (stop, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (stop, _("Nothing is saved yet; what you typed stays here"));
  g_signal_connect_swapped (stop, "clicked", G_CALLBACK (stop_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), stop);
  self->stop = stop;
  gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
kefu_wait_bar_new (void)
{
  return g_object_new (KEFU_TYPE_WAIT_BAR, NULL);
}

void
kefu_wait_bar_set_form (KefuWaitBar *self,
                        GtkWidget   *form)
{
  g_return_if_fail (KEFU_IS_WAIT_BAR (self));
  g_return_if_fail (form == NULL || GTK_IS_WIDGET (form));
  g_set_weak_pointer (&self->form, form);
}

KefuWaitBar *
kefu_wait_bar_add_to_window (AdwWindow *window)
{
  GtkWidget *content;
  GtkWidget *box;
  GtkWidget *bar;

  g_return_val_if_fail (ADW_IS_WINDOW (window), NULL);
  content = adw_window_get_content (window);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  bar = kefu_wait_bar_new ();
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  if (content != NULL)
    {
      g_object_ref (content);
      adw_window_set_content (window, NULL);
      gtk_widget_set_vexpand (content, TRUE);
      gtk_box_append (GTK_BOX (box), content);
      g_object_unref (content);
      kefu_wait_bar_set_form (KEFU_WAIT_BAR (bar), content);
    }
  gtk_box_append (GTK_BOX (box), bar);
  adw_window_set_content (window, box);
  return KEFU_WAIT_BAR (bar);
}
