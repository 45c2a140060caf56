/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-loader.c — worker-thread loads with one contract (see the header) */

#include "kefu-loader.h"

struct _KefuLoader
{
  GObject       parent_instance;
  GCancellable *cancellable;  /* the newest load's */
  guint         generation;   /* bumped by each load and by cancel */
  gboolean      loading;      /* the newest load is not finished yet */
};

G_DEFINE_FINAL_TYPE (KefuLoader, kefu_loader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The task's data: read by the worker (func, job, reader) and, once it is
 * done, by the main thread (loader, generation); never both at once. */
typedef struct {
  KefuLoader     *loader;
  guint           generation;
  KefuReaderSpec *spec;        /* the worker's connection, opened there (#20) */
  KefuStore      *reader;
  KefuLoaderFunc  func;
  gpointer        job;
  GDestroyNotify  job_free;
} Load;

static void
load_free (Load *l)
{
  g_clear_object (&l->loader);
  g_clear_object (&l->reader);
  g_clear_pointer (&l->spec, kefu_reader_spec_free);
  if (l->job != NULL && l->job_free != NULL)
    l->job_free (l->job);
  g_free (l);
}

static void
set_loading (KefuLoader *self,
             gboolean    loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The load the calling worker thread runs (for kefu_loader_progress_cb). */
static GPrivate current_load;

/* One progress report, on its way to the main thread. */
typedef struct {
  KefuLoader *loader;
  guint       generation;
  double      fraction;
  char       *message;
} Progress;

static gboolean
progress_idle_cb (gpointer data)
{
  Progress *p = data;

  if (p->generation == p->loader->generation && p->loader->loading)
    g_signal_emit (p->loader, signals[PROGRESS], 0, p->fraction, p->message);
  g_object_unref (p->loader);
  g_free (p->message);
  g_free (p);
  return G_SOURCE_REMOVE;
}

void
kefu_loader_progress_cb (double      fraction,
                         const char *message,
                         gpointer    user_data)
{
  Load *l = g_private_get (&current_load);
  Progress *p;

  g_return_if_fail (l != NULL);
  p = g_new0 (Progress, 1);
  p->loader = g_object_ref (l->loader);
  p->generation = l->generation;
  p->fraction = fraction;
  p->message = g_strdup (message);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, progress_idle_cb, p, NULL);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *l = task_data;
  GError *error = NULL;
  gboolean ok;

  /* the worker's own connection, opened here: on a server its connect
   * may wait for a host gone silent (until connect_timeout), never the
   * window's thread */
  if (l->spec != NULL && (l->reader = kefu_reader_spec_open (l->spec, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_private_set (&current_load, l);
  ok = l->func (l->reader, l->job, cancellable, &error);
  g_private_set (&current_load, NULL);
  /* the connection is closed here, on the thread that used it */
  g_clear_object (&l->reader);
  if (!ok && error == NULL)
    {
      g_critical ("A worker function failed without saying why");
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "failed");
    }
  if (!ok)
    g_task_return_error (task, error);
  else
    /* the job stays with the task until it is finished: freed with the
     * task if nobody takes it (a stale or dropped result) */
    g_task_return_pointer (task, l->job, NULL);
}

/* Starts a load: the one before (if any) becomes stale. The store's read
 * connection is opened here; if it cannot be, the error is returned
 * through the callback like any other. The job is owned by the loader
 * until finish hands it back. */
void
kefu_loader_load_async (KefuLoader          *self,
                        gpointer             source_object,
                        KefuStore           *store,
                        KefuLoaderFunc       func,
                        gpointer             job,
                        GDestroyNotify       job_free,
                        gpointer             source_tag,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Load *l;

  g_return_if_fail (KEFU_IS_LOADER (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (job != NULL);
  g_return_if_fail (source_tag != NULL);

  kefu_loader_cancel (self);
  self->cancellable = g_cancellable_new ();
  l = g_new0 (Load, 1);
  l->loader = g_object_ref (self);
  l->generation = self->generation;
  l->func = func;
  l->job = job;
  l->job_free = job_free;
  task = g_task_new (source_object, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, l, (GDestroyNotify) load_free);
  set_loading (self, TRUE);
  if (store != NULL && (l->spec = kefu_store_get_reader_spec (store, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_run_in_thread (task, load_thread);
}

void
kefu_loader_run_async (gpointer             source_object,
                       KefuStore           *store,
                       KefuLoaderFunc       func,
                       gpointer             job,
                       GDestroyNotify       job_free,
                       gpointer             source_tag,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  /* (the load keeps its own reference to the loader) */
  g_autoptr(KefuLoader) loader = kefu_loader_new ();

  kefu_loader_load_async (loader, source_object, store, func, job, job_free, source_tag, callback, user_data);
}

/* Returns the job (the caller frees it with its job_free) or NULL with
 * error set: the worker's error, the store's if no read connection could
 * be opened, or G_IO_ERROR_CANCELLED if this load was cancelled or
 * another one started after it. */
gpointer
kefu_loader_load_finish (GAsyncResult  *result,
                         gpointer       source_tag,
                         GError       **error)
{
  KefuLoader *self;
  Load *l;
  gpointer job;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  /* (the load holds its loader: the view may have dropped it meanwhile) */
  l = g_task_get_task_data (G_TASK (result));
  self = l->loader;
  if (l->generation != self->generation)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "A newer load replaced this one");
      return NULL;
    }
  set_loading (self, FALSE);
  /* (a cancelled task returns G_IO_ERROR_CANCELLED here whatever the worker did) */
  job = g_task_propagate_pointer (G_TASK (result), error);
  if (job != NULL)
    l->job = NULL;  /* the caller's now */
  return job;
}

/* The newest load (if any) becomes stale and its worker is told to stop. */
void
kefu_loader_cancel (KefuLoader *self)
{
  g_return_if_fail (KEFU_IS_LOADER (self));
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);
}

/* Whether the newest load has not been finished yet. */
gboolean
kefu_loader_is_loading (KefuLoader *self)
{
  g_return_val_if_fail (KEFU_IS_LOADER (self), FALSE);
  return self->loading;
}

static void
kefu_loader_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KefuLoader *self = KEFU_LOADER (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kefu_loader_finalize (GObject *object)
{
  KefuLoader *self = KEFU_LOADER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (kefu_loader_parent_class)->finalize (object);
}

static void
kefu_loader_class_init (KefuLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kefu_loader_get_property;
  object_class->finalize = kefu_loader_finalize;
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* from kefu_loader_progress_cb(): how far the newest load is */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);
}

static void
kefu_loader_init (KefuLoader *self)
{
}

KefuLoader *
kefu_loader_new (void)
{
  return g_object_new (KEFU_TYPE_LOADER, NULL);
}
