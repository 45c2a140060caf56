/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-window-database.c — the window and its database file
 *
 * One row per problem of the file above the pages; the file checked in
 * the background after opening and daily (quick_check), and every few
 * seconds for a damaged, removed or replaced one. A file another program
 * is writing to is waited for on a worker thread. Restoring a backup
 * closes the window with every connection its views hold, replaces the
 * file and opens it in a new window.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-engine.h"
#include "kefu-problem-row.h"
#include "kefu-window-private.h"

static GtkWidget *
find_problem (KefuWindow *self,
              const char *source)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->problems_box));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (KEFU_IS_PROBLEM_ROW (row) && g_strcmp0 (kefu_problem_row_get_source (KEFU_PROBLEM_ROW (row)), source) == 0)
      return row;
  return NULL;
}

void
kefu_window_remove_problem (KefuWindow *self,
                            GtkWidget  *row)
{
  gtk_box_remove (self->problems_box, row);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->problems_box)) != NULL);
}

static void
dismiss_problem_cb (GtkButton  *button,
                    KefuWindow *self)
{
  kefu_window_remove_problem (self, gtk_widget_get_parent (GTK_WIDGET (button)));
}

/* Shows @message in the row of @source (one row per source), or removes
 * that row when @message is NULL. A @lasting row has no Dismiss: the
 * file is not written to any more. */
void
kefu_window_show_problem (KefuWindow *self,
                          const char *source,
                          const char *message,
                          gboolean    lasting)
{
  GtkWidget *row;

  g_return_if_fail (KEFU_IS_WINDOW (self));
  g_return_if_fail (source != NULL);

  row = find_problem (self, source);
  if (message == NULL)
    {
      if (row != NULL)
        kefu_window_remove_problem (self, row);
      return;
    }
  if (row == NULL)
    {
      row = kefu_problem_row_new (source);
      if (!lasting)
        {
          GtkWidget *dismiss = gtk_button_new_with_mnemonic (_("_Dismiss"));

          gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
          g_signal_connect (dismiss, "clicked", G_CALLBACK (dismiss_problem_cb), self);
          gtk_box_append (GTK_BOX (row), dismiss);
        }
      gtk_box_append (self->problems_box, row);
    }
  kefu_problem_row_set_message (KEFU_PROBLEM_ROW (row), message);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_box), TRUE);
}

/* The text of @source's row, or NULL. */
const char *
kefu_window_get_problem (KefuWindow *self,
                         const char *source)
{
  GtkWidget *row = find_problem (self, source);

  return row != NULL ? kefu_problem_row_get_message (KEFU_PROBLEM_ROW (row)) : NULL;
}

/* A damaged file, or one removed or replaced under the window: the store
 * refuses every write from then on, and the window says why. */
void
kefu_window_check_file (KefuWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !kefu_store_can_write (self->store, &error))
    kefu_window_show_problem (self, "file", error->message, TRUE);
}

/* A quick check's job: which file, and what the check said (its failure
 * is the check's answer, kept apart from a failure to run it at all). */
typedef struct {
  char   *path;
  GError *problem;
} QuickCheck;

static void
quick_check_free (QuickCheck *q)
{
  g_free (q->path);
  g_clear_error (&q->problem);
  g_free (q);
}

static gboolean
quick_check_work (KefuStore     *reader,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  QuickCheck *q = data;

  kefu_store_quick_check (reader, &q->problem);
  return TRUE;
}

static void
quick_check_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  KefuWindow *self = KEFU_WINDOW (object);
  g_autoptr(GError) error = NULL;
  QuickCheck *q = kefu_loader_load_finish (result, quick_check_done_cb, &error);

  if (q == NULL)
    {
      /* no connection to check on */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The database’s integrity check could not run: %s"),
                                                   error->message);
          kefu_window_show_problem (self, "integrity", text, FALSE);
        }
      return;
    }
  error = g_steal_pointer (&q->problem);
  if (error == NULL || self->store == NULL || g_strcmp0 (q->path, kefu_store_get_path (self->store)) != 0)
    {
      /* sound, or another database since */
      quick_check_free (q);
      return;
    }
  quick_check_free (q);
  if (g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT))
    kefu_window_show_problem (self, "file", error->message, TRUE);
  else
    {
      g_autofree char *text = g_strdup_printf (_("The database’s integrity check could not run: %s"), error->message);
      kefu_window_show_problem (self, "integrity", text, FALSE);
    }
  kefu_window_check_file (self);
}

/* PRAGMA quick_check on a connection of its own in a worker thread. */
void
kefu_window_start_quick_check (KefuWindow *self)
{
  QuickCheck *q;

  self->last_quick_check = g_get_monotonic_time ();
  /* a file's check: a server looks after its own storage */
  if (self->store == NULL || kefu_store_is_server (self->store))
    return;
  q = g_new0 (QuickCheck, 1);
  q->path = g_strdup (kefu_store_get_path (self->store));
  kefu_loader_load_async (self->quick_check, self, self->store, quick_check_work, q,
                          (GDestroyNotify) quick_check_free, quick_check_done_cb, quick_check_done_cb, NULL);
}

/* The check of a file just opened waits for the window's first frame and
 * QUICK_CHECK_DELAY_SECONDS more: it reads the whole file, and on two
 * cores would take the CPU that the first screen, and the list's first
 * page after signing in, need. */
#define QUICK_CHECK_DELAY_SECONDS 2

static gboolean
quick_check_delay_cb (gpointer data)
{
  KefuWindow *self = data;

  self->quick_check_source = 0;
  if (self->store != NULL)
    kefu_window_start_quick_check (self);
  return G_SOURCE_REMOVE;
}

static void
quick_check_after_paint_cb (GdkFrameClock *clock,
                            KefuWindow    *self)
{
  g_signal_handlers_disconnect_by_func (clock, quick_check_after_paint_cb, self);
  self->drawn = TRUE;
  g_clear_handle_id (&self->quick_check_source, g_source_remove);
  self->quick_check_source = g_timeout_add_seconds (QUICK_CHECK_DELAY_SECONDS, quick_check_delay_cb, self);
}

static void
quick_check_mapped_cb (KefuWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_signal_handlers_disconnect_by_func (self, quick_check_mapped_cb, NULL);
  if (clock == NULL)
    {
      quick_check_after_paint_cb (NULL, self);
      return;
    }
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (quick_check_after_paint_cb), self, 0);
}

/* Checks the file just opened in the background, once the window has
 * drawn it (the last file's check, if still running, is dropped). */
void
kefu_window_queue_quick_check (KefuWindow *self)
{
  kefu_loader_cancel (self->quick_check);
  g_clear_handle_id (&self->quick_check_source, g_source_remove);
  self->last_quick_check = g_get_monotonic_time ();   /* (the health tick waits too) */
  if (self->drawn)
    self->quick_check_source = g_timeout_add_seconds (QUICK_CHECK_DELAY_SECONDS, quick_check_delay_cb, self);
  else if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    quick_check_mapped_cb (self);
  else if (g_signal_handler_find (self, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, quick_check_mapped_cb, NULL) == 0)
    g_signal_connect (self, "map", G_CALLBACK (quick_check_mapped_cb), NULL);
}

gboolean
kefu_window_health_tick_cb (gpointer data)
{
  KefuWindow *self = data;

  if (self->store == NULL)
    return G_SOURCE_CONTINUE;
  kefu_window_check_file (self);
  if (g_get_monotonic_time () - self->last_quick_check >= QUICK_CHECK_EVERY)
    kefu_window_start_quick_check (self);
  return G_SOURCE_CONTINUE;
}

/* Tries to open the file until it opens, fails for another reason than
 * another program's lock, or the window stops waiting. Each try waits the
 * store's busy timeout for the lock. */
typedef struct {
  char      *path;
  KefuStore *store;   /* opened at last */
} OpenWait;

static void
open_wait_free (OpenWait *w)
{
  g_free (w->path);
  g_clear_object (&w->store);
  g_free (w);
}

static gboolean
open_wait_work (KefuStore     *unused,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  OpenWait *w = data;

  while (!g_cancellable_is_cancelled (cancellable))
    {
      GError *local = NULL;

      w->store = kefu_store_open (w->path, KEFU_STORE_OPEN_DEFAULT, &local);
      if (w->store != NULL)
        return TRUE;
      if (!g_error_matches (local, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED))
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      g_error_free (local);
      g_usleep (200 * 1000);
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  return FALSE;
}

static void
open_waited_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  KefuWindow *self = KEFU_WINDOW (object);
  g_autoptr(GError) error = NULL;
  OpenWait *w = kefu_loader_load_finish (result, open_waited_cb, &error);
  g_autoptr(KefuStore) store = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* another file was opened meanwhile */
  if (w == NULL)
    {
      kefu_window_show_error (self, error);
      return;
    }
  store = g_steal_pointer (&w->store);
  open_wait_free (w);
  kefu_window_show_waiting (self, FALSE);
  kefu_window_set_store (self, store);
}

/* Opens @path; every failure (unwritable, not a database, newer schema)
 * shows its message on the error page and leaves the file alone. When
 * another program holds the write lock, the page says the window waits,
 * and the file opens as soon as it is let go. */
void
kefu_window_open_database (KefuWindow *self,
                           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;

  kefu_loader_cancel (self->open_wait);
  if (self->db_path != path)
    {
      g_free (self->db_path);
      self->db_path = g_strdup (path);
    }
  /* a server (#20): nothing is opened before someone signs in to it as
   * themselves (kefu-server-sign-in.c) */
  if (kefu_engine_is_server_spec (path))
    {
      kefu_window_show_server_sign_in (self, path);
      return;
    }
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  kefu_profile_mark ("store opened");
  if (store == NULL)
    {
      g_clear_object (&self->store);
      kefu_window_show_error (self, error);
      if (g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED))
        {
          OpenWait *w = g_new0 (OpenWait, 1);
          g_autofree char *text = g_strdup_printf ("%s\n\n%s",
                                                   _("Another program is writing to the database; waiting… (retrying)"),
                                                   error->message);

          adw_status_page_set_description (self->error_page, text);
          kefu_window_show_waiting (self, TRUE);
          w->path = g_strdup (path);
          kefu_loader_load_async (self->open_wait, self, NULL, open_wait_work, w, (GDestroyNotify) open_wait_free,
                                  open_waited_cb, open_waited_cb, NULL);
        }
      return;
    }
  kefu_window_set_store (self, store);
}

/* Whether the window waits for another program to let go of the file. */
gboolean
kefu_window_is_waiting_for_database (KefuWindow *self)
{
  g_return_val_if_fail (KEFU_IS_WINDOW (self), FALSE);
  return self->open_wait != NULL && kefu_loader_is_loading (self->open_wait);
}

void
kefu_window_retry_open_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);

  if (self->db_path != NULL)
    kefu_window_open_database (self, self->db_path);
}

/* Restore: the window goes, with every connection its views hold; once
 * they are closed the backup replaces the file, and a new window opens
 * it. */
typedef struct {
  KefuRestore *restore;
  char        *path;
  gint64       now;
  gint64       pinned;    /* the old store's fixed clock, kept; 0: the system's */
  char        *aside;
  GError      *failure;   /* why the backup was not restored (the file is reopened all the same) */
} Reopen;

static void
reopen_free (Reopen *r)
{
  kefu_restore_free (r->restore);
  g_free (r->path);
  g_free (r->aside);
  g_clear_error (&r->failure);
  g_free (r);
}

static gboolean
restore_work (KefuStore     *unused,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Reopen *r = data;

  /* a worker of the old window may still be finishing a query */
  for (int tries = 0; ; tries++)
    {
      if (kefu_restore_finish (r->restore, r->now, &r->aside, &r->failure))
        return TRUE;
      if (tries >= 5 || !g_error_matches (r->failure, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED))
        break;
      g_clear_error (&r->failure);
      g_usleep (G_USEC_PER_SEC / 2);
    }
  return TRUE;   /* (the job carries the failure: the file is reopened either way) */
}

static void
restore_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  KefuWindow *self = KEFU_WINDOW (object);
  g_autoptr(GError) error = NULL;
  Reopen *r = kefu_loader_load_finish (result, restore_done_cb, &error);
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (r == NULL)
    {
      /* (never cancelled: the worker always hands the job back) */
      g_warning ("The restore did not finish: %s", error->message);
      return;
    }
  if (self->toast_overlay == NULL)   /* closed meanwhile */
    {
      reopen_free (r);
      return;
    }
  if (r->failure == NULL)
    {
      if (r->aside != NULL)
        text = g_strdup_printf (_("The backup was restored. The data as it was before is kept as “%s”."), r->aside);
      else
        text = g_strdup (_("The backup was restored."));
    }
  else
    text = g_strdup_printf (_("The backup was not restored: %s"), r->failure->message);
  if (r->pinned > 0)
    {
      g_autoptr(KefuStore) store = kefu_store_open (r->path, KEFU_STORE_OPEN_DEFAULT, NULL);

      if (store != NULL)
        {
          kefu_store_set_now (store, r->pinned);
          kefu_window_set_store (self, store);
        }
      else
        kefu_window_open_database (self, r->path);   /* shows why */
    }
  else
    kefu_window_open_database (self, r->path);
  reopen_free (r);
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
is_toplevel (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (w == window)
        return TRUE;
    }
  return FALSE;
}

/* Every other window of the app goes: each may hold the database open. */
static void
destroy_other_windows (GtkWindow *keep)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    g_ptr_array_add (windows, g_list_model_get_item (toplevels, i));
  for (guint i = 0; i < windows->len; i++)
    {
      GtkWindow *w = windows->pdata[i];

      /* destroying one may have taken others with it */
      if (w == keep || !is_toplevel (w))
        continue;
      /* one a task still holds must not point to a window gone by then */
      gtk_window_set_transient_for (w, NULL);
      gtk_window_destroy (w);
    }
}

/* Takes @restore (prepared and verified); returns the new window. */
KefuWindow *
kefu_window_restore (KefuWindow  *self,
                     KefuRestore *restore)
{
  GtkApplication *app;
  KefuWindow *fresh;
  Reopen *r;
  int width, height;

  g_return_val_if_fail (KEFU_IS_WINDOW (self), NULL);
  g_return_val_if_fail (self->store != NULL, NULL);

  app = gtk_window_get_application (GTK_WINDOW (self));
  fresh = kefu_window_new (app != NULL ? KEFU_APPLICATION (app) : NULL);
  r = g_new0 (Reopen, 1);
  r->restore = restore;
  r->path = g_strdup (kefu_store_get_path (self->store));
  r->now = kefu_store_now (self->store);
  r->pinned = kefu_store_has_fixed_now (self->store) ? r->now : 0;
  fresh->auto_backup = self->auto_backup;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (fresh), width, height);
  kefu_window_show_page (fresh, "loading");
  gtk_window_present (GTK_WINDOW (fresh));
  destroy_other_windows (GTK_WINDOW (fresh));

  kefu_loader_run_async (fresh, NULL, restore_work, r, (GDestroyNotify) reopen_free,
                         restore_done_cb, restore_done_cb, NULL);
  return fresh;
}

/* Many desks (#20): the server lost and found again. The window learns
 * of a lost server from its watch (whose connection hears it go at once)
 * or from a save that met it (win.server-lost); it says so in a row above
 * the pages and asks the store every 1, 2, 4, then 8 seconds whether the
 * server answers again (kefu_store_reconnect), and at once when the watch
 * is back. The first answer takes the row away and reads the list, its
 * counts and the board anew: what changed meanwhile was not heard. A
 * dialog that met the lost server keeps what was typed (the intake's
 * form), to be saved again. */
#define RECONNECT_MAX_SECONDS 8

static void try_reconnect (KefuWindow *self);

static gboolean
reconnect_cb (gpointer data)
{
  KefuWindow *self = data;

  self->reconnect_source = 0;
  try_reconnect (self);
  return G_SOURCE_REMOVE;
}

static void
reconnect_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(KefuWindow) self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = kefu_store_reconnect_finish (KEFU_STORE (source), result, &error);

  /* another store, or the window gone, meanwhile */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->reconnecting);
  if (self->store == NULL || KEFU_STORE (source) != self->store || !self->offline)
    return;
  if (ok)
    {
      self->offline = FALSE;
      self->reconnect_wait = 0;
      kefu_window_show_problem (self, "server", NULL, FALSE);
      kefu_window_refresh_views (self);
      return;
    }
  g_debug ("still away: %s", error->message);
  self->reconnect_wait = self->reconnect_wait == 0 ? 1 : MIN (self->reconnect_wait * 2, RECONNECT_MAX_SECONDS);
  self->reconnect_source = g_timeout_add_seconds (self->reconnect_wait, reconnect_cb, self);
}

/* The connect runs in a worker thread (kefu_store_reconnect_async): a
 * server host that accepts nothing holds it until libpq's timeout, and
 * the window goes on meanwhile (the store's calls are refused at once
 * while it is away, kefu_store_set_reconnect_in_background). */
static void
try_reconnect (KefuWindow *self)
{
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (self->store == NULL || !self->offline || self->reconnecting != NULL)
    return;
  self->reconnecting = g_cancellable_new ();
  kefu_store_reconnect_async (self->store, self->reconnecting, reconnect_done_cb, g_object_ref (self));
}

/* For tests: whether a connect to the server is under way. */
gboolean
kefu_window_is_reconnecting (KefuWindow *self)
{
  g_return_val_if_fail (KEFU_IS_WINDOW (self), FALSE);
  return self->reconnecting != NULL;
}

/* The server does not answer: say so, and look for it again. */
void
kefu_window_server_lost (KefuWindow *self)
{
  g_return_if_fail (KEFU_IS_WINDOW (self));
  if (self->store == NULL || !kefu_store_is_server (self->store) || self->offline)
    return;
  self->offline = TRUE;
  self->reconnect_wait = 0;
  /* nothing waits on the server meanwhile: calls and reads are refused at once */
  kefu_store_set_offline (self->store);
  kefu_window_show_problem (self, "server", _("Not connected to the server — reconnecting…"), TRUE);
  self->reconnect_source = g_timeout_add_seconds (1, reconnect_cb, self);
}

void
kefu_window_server_lost_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  kefu_window_server_lost (KEFU_WINDOW (widget));
}

/* The watch's own connection went or came back */
void
kefu_window_watch_connected_cb (KefuWindow     *self,
                                GParamSpec     *pspec,
                                KefuStoreWatch *watch)
{
  gboolean connected = TRUE;

  g_object_get (watch, "connected", &connected, NULL);
  if (!connected)
    kefu_window_server_lost (self);
  else
    try_reconnect (self);
}

/* Another store, or none: its server's state is its own */
void
kefu_window_forget_server_state (KefuWindow *self)
{
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (self->reconnecting != NULL)
    g_cancellable_cancel (self->reconnecting);
  g_clear_object (&self->reconnecting);
  self->offline = FALSE;
  self->reconnect_wait = 0;
}

gboolean
kefu_window_is_offline (KefuWindow *self)
{
  g_return_val_if_fail (KEFU_IS_WINDOW (self), FALSE);
  return self->offline;
}
