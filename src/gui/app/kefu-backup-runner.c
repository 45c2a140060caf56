/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-backup-runner.c — the window's backups: at start, daily, on demand
 *
 * The backup reads its own connection in a worker thread (SQLite's backup
 * API on one read snapshot), so the desk keeps working meanwhile. The
 * folder, the space and the time that names the file are read from the
 * store on the main thread when a backup starts.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-backup.h"
#include "kefu-backup-runner.h"
#include "kefu-loader.h"

#define CHECK_EVERY_SECONDS 3600

struct _KefuBackupRunner
{
  GObject        parent_instance;

  KefuStore     *store;         /* weak */
  GtkWidget     *widget;        /* weak: whose first frame starts the first backup */
  KefuLoader    *loader;
  gboolean       running;       /* from the start until "finished" */
  GError        *last_error;    /* why the last backup failed */
  gboolean       automatic;
  double         fraction;
  gulong         map_handler;
  gulong         paint_handler;
  GdkFrameClock *clock;         /* weak */
  guint          timer_id;
  guint          start_id;
};

enum { PROGRESS, FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KefuBackupRunner, kefu_backup_runner, G_TYPE_OBJECT)

typedef struct {
  char             *db_path;
  char             *folder;
  gint64            budget;
  gint64            now;
  char             *path;      /* the backup made */
} Job;

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_free (job->folder);
  g_free (job->path);
  g_free (job);
}

/* From the loader, on the main thread: the running backup's progress */
static void
loader_progress_cb (KefuLoader       *loader,
                    double            fraction,
                    const char       *message,
                    KefuBackupRunner *self)
{
  self->fraction = fraction;
  g_signal_emit (self, signals[PROGRESS], 0, fraction, message);
}

/* (the reader is opened here, on the worker thread, from the file's path) */
static gboolean
backup_work (KefuStore     *unused,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Job *job = data;
  g_autoptr(KefuStore) reader = NULL;

  reader = kefu_store_open (job->db_path, KEFU_STORE_OPEN_READER, error);
  if (reader != NULL)
    job->path = kefu_backup_run (reader, job->folder, job->now, job->budget, NULL, kefu_loader_progress_cb, NULL,
                                 cancellable, error);
  return job->path != NULL;
}

static void
backup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  KefuBackupRunner *self = KEFU_BACKUP_RUNNER (object);
  g_autoptr(GError) error = NULL;
  Job *job = kefu_loader_load_finish (result, backup_done_cb, &error);
  g_autofree char *path = job != NULL ? g_steal_pointer (&job->path) : NULL;
  GApplication *app = g_application_get_default ();

  if (job != NULL)
    job_free (job);
  self->running = FALSE;
  if (app != NULL)
    g_application_release (app);
  g_clear_error (&self->last_error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->last_error = g_error_copy (error);
  self->fraction = path != NULL ? 1.0 : 0.0;
  g_signal_emit (self, signals[FINISHED], 0, path, error, self->automatic);
}

gboolean
kefu_backup_runner_run (KefuBackupRunner *self,
                        gboolean          automatic)
{
  GApplication *app = g_application_get_default ();
  Job *job;

  g_return_val_if_fail (KEFU_IS_BACKUP_RUNNER (self), FALSE);
  if (self->running || self->store == NULL)
    return FALSE;

  job = g_new0 (Job, 1);
  job->db_path = g_strdup (kefu_store_get_path (self->store));
  job->folder = kefu_backup_get_folder (self->store);
  job->budget = kefu_backup_get_budget (self->store);
  job->now = kefu_store_now (self->store);
  self->running = TRUE;
  self->automatic = automatic;
  self->fraction = 0.0;
  /* closing the window cancels the backup; quitting waits for that */
  if (app != NULL)
    g_application_hold (app);
  kefu_loader_load_async (self->loader, self, NULL, backup_work, job, (GDestroyNotify) job_free,
                          backup_done_cb, backup_done_cb, NULL);
  g_signal_emit (self, signals[PROGRESS], 0, 0.0, _("Starting the backup"));
  return TRUE;
}

gboolean
kefu_backup_runner_is_running (KefuBackupRunner *self)
{
  g_return_val_if_fail (KEFU_IS_BACKUP_RUNNER (self), FALSE);
  return self->running;
}

double
kefu_backup_runner_get_fraction (KefuBackupRunner *self)
{
  g_return_val_if_fail (KEFU_IS_BACKUP_RUNNER (self), 0.0);
  return self->fraction;
}

void
kefu_backup_runner_cancel (KefuBackupRunner *self)
{
  g_return_if_fail (KEFU_IS_BACKUP_RUNNER (self));
  if (self->running)
    kefu_loader_cancel (self->loader);
}

/* Why the last backup failed, or NULL if it did not */
const GError *
kefu_backup_runner_get_last_error (KefuBackupRunner *self)
{
  g_return_val_if_fail (KEFU_IS_BACKUP_RUNNER (self), NULL);
  return self->last_error;
}

gint64
kefu_backup_runner_newest (KefuBackupRunner *self)
{
  g_autofree char *folder = NULL;
  g_autoptr(GPtrArray) files = NULL;

  if (self->store == NULL)
    return 0;
  folder = kefu_backup_get_folder (self->store);
  files = kefu_backup_list (folder, kefu_store_get_path (self->store), NULL);
  if (files == NULL || files->len == 0)
    return 0;
  return ((KefuBackupFile *) files->pdata[0])->time;
}

/* A backup if the newest is @min_age old, or dated more than a day ahead
 * (a clock that was wrong must not stop the backups). */
static void
run_if_due (KefuBackupRunner *self,
            gint64            min_age)
{
  gint64 newest, now;

  if (self->store == NULL || self->running)
    return;
  newest = kefu_backup_runner_newest (self);
  now = kefu_store_now (self->store);
  if (newest == 0 || now - newest >= min_age || newest - now > KEFU_BACKUP_EVERY_SECONDS)
    kefu_backup_runner_run (self, TRUE);
}

static gboolean
check_daily_cb (gpointer data)
{
  run_if_due (KEFU_BACKUP_RUNNER (data), KEFU_BACKUP_EVERY_SECONDS);
  return G_SOURCE_CONTINUE;
}

static gboolean
start_cb (gpointer data)
{
  KefuBackupRunner *self = data;

  self->start_id = 0;
  run_if_due (self, KEFU_BACKUP_AT_START_AFTER_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
disconnect_clock (KefuBackupRunner *self)
{
  if (self->clock != NULL && self->paint_handler != 0)
    g_signal_handler_disconnect (self->clock, self->paint_handler);
  self->paint_handler = 0;
  g_clear_weak_pointer (&self->clock);
}

/* The first frame is on the screen: the backup goes after it, at a low priority. */
static void
after_paint_cb (GdkFrameClock    *clock,
                KefuBackupRunner *self)
{
  disconnect_clock (self);
  if (self->start_id == 0)
    self->start_id = g_idle_add_full (G_PRIORITY_LOW, start_cb, self, NULL);
}

static void
mapped_cb (GtkWidget        *widget,
           KefuBackupRunner *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (self->map_handler != 0)
    g_signal_handler_disconnect (widget, self->map_handler);
  self->map_handler = 0;
  disconnect_clock (self);
  if (clock == NULL)
    {
      after_paint_cb (NULL, self);
      return;
    }
  g_set_weak_pointer (&self->clock, clock);
  self->paint_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  gtk_widget_queue_draw (widget);
}

void
kefu_backup_runner_schedule (KefuBackupRunner *self,
                             GtkWidget        *widget)
{
  g_return_if_fail (KEFU_IS_BACKUP_RUNNER (self));

  if (self->widget != NULL && self->map_handler != 0)
    g_signal_handler_disconnect (self->widget, self->map_handler);
  self->map_handler = 0;
  g_set_weak_pointer (&self->widget, widget);
  if (gtk_widget_get_mapped (widget))
    mapped_cb (widget, self);
  else
    self->map_handler = g_signal_connect (widget, "map", G_CALLBACK (mapped_cb), self);
  if (self->timer_id == 0)
    self->timer_id = g_timeout_add_seconds (CHECK_EVERY_SECONDS, check_daily_cb, self);
}

void
kefu_backup_runner_set_store (KefuBackupRunner *self,
                              KefuStore        *store)
{
  g_return_if_fail (KEFU_IS_BACKUP_RUNNER (self));
  g_set_weak_pointer (&self->store, store);
}

static void
kefu_backup_runner_dispose (GObject *object)
{
  KefuBackupRunner *self = KEFU_BACKUP_RUNNER (object);

  kefu_backup_runner_cancel (self);
  disconnect_clock (self);
  if (self->widget != NULL && self->map_handler != 0)
    g_signal_handler_disconnect (self->widget, self->map_handler);
  self->map_handler = 0;
  g_clear_weak_pointer (&self->widget);
  g_clear_weak_pointer (&self->store);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->start_id, g_source_remove);
  g_clear_error (&self->last_error);
  g_clear_object (&self->loader);
  G_OBJECT_CLASS (kefu_backup_runner_parent_class)->dispose (object);
}

static void
kefu_backup_runner_class_init (KefuBackupRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kefu_backup_runner_dispose;

  /* (fraction, message): how far the backup under way has got */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);
  /* (path, error, automatic): the new file, or why there is none */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_ERROR,
                                    G_TYPE_BOOLEAN);
}

static void
kefu_backup_runner_init (KefuBackupRunner *self)
{
  self->loader = kefu_loader_new ();
  g_signal_connect_object (self->loader, "progress", G_CALLBACK (loader_progress_cb), self, 0);
}

KefuBackupRunner *
kefu_backup_runner_new (void)
{
  return g_object_new (KEFU_TYPE_BACKUP_RUNNER, NULL);
}
