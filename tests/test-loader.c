/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-loader.c — the GUI's one worker-thread loader (kefu-loader.c),
 * without a display: a store in a temporary folder and a main loop. */

#include <glib/gstdio.h>

#include "kefu-loader.h"
#include "kefu-store.h"
#include "kefu-test-util.h"

typedef struct {
  KefuTestDir  dir;
  char        *path;
  KefuStore   *store;
  KefuLoader  *loader;
  GThread     *main_thread;
} Fixture;

/* A job: what the worker is given and what it leaves. */
typedef struct {
  int       *freed;          /* counts the jobs freed */
  gboolean   fail;
  gboolean   report;         /* says it is halfway, then done */
  GMutex    *gate_mutex;     /* if set, the worker waits until *open */
  GCond     *gate_cond;
  gboolean  *open;
  GThread   *ran_on;
  int        schema_version;
  gint64     now;
} Job;

/* (the last reference to a finished task may go on the worker thread) */
static void
job_free (Job *j)
{
  g_atomic_int_inc (j->freed);
  g_free (j);
}

/* Runs the main loop until @n jobs are freed (at most 10 s). */
static void
wait_freed (int *freed,
            int  n)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_atomic_int_get (freed) < n && g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE));
      g_usleep (1000);
    }
  g_assert_cmpint (g_atomic_int_get (freed), ==, n);
}

static gboolean
work (KefuStore     *reader,
      gpointer       data,
      GCancellable  *cancellable,
      GError       **error)
{
  Job *j = data;

  if (j->gate_mutex != NULL)
    {
      g_mutex_lock (j->gate_mutex);
      while (!*j->open)
        g_cond_wait (j->gate_cond, j->gate_mutex);
      g_mutex_unlock (j->gate_mutex);
    }
  j->ran_on = g_thread_self ();
  if (j->report)
    kefu_loader_progress_cb (0.5, "halfway", NULL);
  if (j->fail)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, "no such ticket");
      return FALSE;
    }
  j->schema_version = kefu_store_get_schema_version (reader);
  j->now = kefu_store_now (reader);
  return TRUE;
}

/* One load's outcome, as its callback saw it. */
typedef struct {
  Fixture *f;
  int      calls;
  Job     *job;
  GError  *error;
} Outcome;

static void
load_tag (void)
{
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *o = user_data;

  o->calls++;
  o->job = kefu_loader_load_finish (result, load_tag, &o->error);
  g_assert_true ((o->job == NULL) != (o->error == NULL));
}

static void
start (Fixture *f,
       Job     *job,
       Outcome *o)
{
  o->f = f;
  kefu_loader_load_async (f->loader, NULL, f->store, work, job, (GDestroyNotify) job_free,
                          load_tag, done_cb, o);
}

static void
wait_for (Outcome *o)
{
  while (o->calls == 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kefu_test_dir_setup (&f->dir, data);
  f->path = g_build_filename (f->dir.dir, "kefu.db", NULL);
  f->store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (f->store, TEST_NOW);
  f->loader = kefu_loader_new ();
  f->main_thread = g_thread_self ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->loader);
  g_clear_object (&f->store);
  g_free (f->path);
  kefu_test_dir_teardown (&f->dir, data);
}

/* The worker reads on its own connection, off the main thread, with the
 * store's clock; the job comes back to the caller. */
static void
test_success (Fixture       *f,
              gconstpointer  data)
{
  int freed = 0;
  Job *j = g_new0 (Job, 1);
  Outcome o = { 0 };

  j->freed = &freed;
  start (f, j, &o);
  g_assert_true (kefu_loader_is_loading (f->loader));
  wait_for (&o);
  g_assert_cmpint (o.calls, ==, 1);
  g_assert_no_error (o.error);
  g_assert_true (o.job == j);
  g_assert_false (kefu_loader_is_loading (f->loader));
  g_assert_true (j->ran_on != NULL && j->ran_on != f->main_thread);
  g_assert_cmpint (j->schema_version, ==, KEFU_SCHEMA_VERSION);
  g_assert_cmpint (j->now, ==, TEST_NOW);
  g_assert_cmpint (freed, ==, 0);
  job_free (o.job);
  g_assert_cmpint (freed, ==, 1);
}

/* The worker's error reaches the callback as it was; the job is freed. */
static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  int freed = 0;
  Job *j = g_new0 (Job, 1);
  Outcome o = { 0 };

  j->freed = &freed;
  j->fail = TRUE;
  start (f, j, &o);
  wait_for (&o);
  g_assert_cmpint (o.calls, ==, 1);
  g_assert_error (o.error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (o.error->message, ==, "no such ticket");
  g_assert_false (kefu_loader_is_loading (f->loader));
  wait_freed (&freed, 1);
  g_clear_error (&o.error);
}

/* No read connection can be opened (the file was taken away): the
 * callback still runs, with the store's error, and the worker never does. */
static void
test_no_reader (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  int freed = 0;
  Job *j = g_new0 (Job, 1);
  Outcome o = { 0 };

  g_assert_cmpint (g_unlink (f->path), ==, 0);
  g_unlink (wal);
  g_unlink (shm);
  j->freed = &freed;
  start (f, j, &o);
  wait_for (&o);
  g_assert_cmpint (o.calls, ==, 1);
  g_assert_error (o.error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN);
  g_assert_false (kefu_loader_is_loading (f->loader));
  wait_freed (&freed, 1);
  g_clear_error (&o.error);
}

/* Cancelled while the worker runs: whatever it produced is dropped. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  GMutex mutex;
  GCond cond;
  gboolean open = FALSE;
  int freed = 0;
  Job *j = g_new0 (Job, 1);
  Outcome o = { 0 };

  g_mutex_init (&mutex);
  g_cond_init (&cond);
  j->freed = &freed;
  j->gate_mutex = &mutex;
  j->gate_cond = &cond;
  j->open = &open;
  start (f, j, &o);
  kefu_loader_cancel (f->loader);
  g_assert_false (kefu_loader_is_loading (f->loader));
  g_mutex_lock (&mutex);
  open = TRUE;
  g_cond_signal (&cond);
  g_mutex_unlock (&mutex);
  wait_for (&o);
  g_assert_cmpint (o.calls, ==, 1);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  wait_freed (&freed, 1);
  g_clear_error (&o.error);
  g_mutex_clear (&mutex);
  g_cond_clear (&cond);
}

/* The view goes away while its load runs (it cancels and drops its
 * loader): the callback still comes, once, with a cancellation. */
static void
test_dropped (Fixture       *f,
              gconstpointer  data)
{
  int freed = 0;
  Job *j = g_new0 (Job, 1);
  Outcome o = { 0 };

  j->freed = &freed;
  start (f, j, &o);
  kefu_loader_cancel (f->loader);
  g_clear_object (&f->loader);
  wait_for (&o);
  g_assert_cmpint (o.calls, ==, 1);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  wait_freed (&freed, 1);
  g_clear_error (&o.error);
}

/* A reload while the first load is still running: the first one finishes
 * last but is dropped; only the newer one is shown. */
static void
test_stale (Fixture       *f,
            gconstpointer  data)
{
  GMutex mutex;
  GCond cond;
  gboolean open = FALSE;
  int freed = 0;
  Job *old = g_new0 (Job, 1);
  Job *new = g_new0 (Job, 1);
  Outcome o_old = { 0 }, o_new = { 0 };

  g_mutex_init (&mutex);
  g_cond_init (&cond);
  old->freed = new->freed = &freed;
  old->gate_mutex = &mutex;
  old->gate_cond = &cond;
  old->open = &open;
  start (f, old, &o_old);
  start (f, new, &o_new);
  wait_for (&o_new);
  g_assert_no_error (o_new.error);
  g_assert_true (o_new.job == new);
  g_assert_false (kefu_loader_is_loading (f->loader));
  g_assert_cmpint (o_old.calls, ==, 0);
  g_mutex_lock (&mutex);
  open = TRUE;
  g_cond_signal (&cond);
  g_mutex_unlock (&mutex);
  wait_for (&o_old);
  g_assert_cmpint (o_old.calls, ==, 1);
  g_assert_error (o_old.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* the stale result did not mark the newer load unfinished or finished */
  g_assert_false (kefu_loader_is_loading (f->loader));
  wait_freed (&freed, 1);
  job_free (o_new.job);
  g_clear_error (&o_old.error);
  g_mutex_clear (&mutex);
  g_cond_clear (&cond);
}

/* What the progress handler saw. */
typedef struct {
  int     calls;
  double  fraction;
  char   *message;
  int     outcome_calls;   /* the load's callbacks before the report */
  Outcome *outcome;
} Seen;

static void
progress_cb (KefuLoader *loader,
             double      fraction,
             const char *message,
             gpointer    data)
{
  Seen *s = data;

  s->calls++;
  s->fraction = fraction;
  g_free (s->message);
  s->message = g_strdup (message);
  s->outcome_calls = s->outcome->calls;
}

/* A long job's report reaches the main thread before its result. */
static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  int freed = 0;
  Job *j = g_new0 (Job, 1);
  Outcome o = { 0 };
  Seen seen = { 0 };

  seen.outcome = &o;
  g_signal_connect (f->loader, "progress", G_CALLBACK (progress_cb), &seen);
  j->freed = &freed;
  j->report = TRUE;
  start (f, j, &o);
  wait_for (&o);
  g_assert_no_error (o.error);
  g_assert_cmpint (seen.calls, ==, 1);
  g_assert_cmpfloat (seen.fraction, ==, 0.5);
  g_assert_cmpstr (seen.message, ==, "halfway");
  g_assert_cmpint (seen.outcome_calls, ==, 0);
  job_free (o.job);
  g_free (seen.message);
}

/* A cancelled load's report is dropped: nobody waits for it any more. */
static void
test_progress_stale (Fixture       *f,
                     gconstpointer  data)
{
  GMutex mutex;
  GCond cond;
  gboolean open = FALSE;
  int freed = 0;
  Job *j = g_new0 (Job, 1);
  Outcome o = { 0 };
  Seen seen = { 0 };

  g_mutex_init (&mutex);
  g_cond_init (&cond);
  seen.outcome = &o;
  g_signal_connect (f->loader, "progress", G_CALLBACK (progress_cb), &seen);
  j->freed = &freed;
  j->report = TRUE;
  j->gate_mutex = &mutex;
  j->gate_cond = &cond;
  j->open = &open;
  start (f, j, &o);
  kefu_loader_cancel (f->loader);
  g_mutex_lock (&mutex);
  open = TRUE;
  g_cond_signal (&cond);
  g_mutex_unlock (&mutex);
  wait_for (&o);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  wait_freed (&freed, 1);
  g_assert_cmpint (seen.calls, ==, 0);
  g_clear_error (&o.error);
  g_mutex_clear (&mutex);
  g_cond_clear (&cond);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/loader/success", Fixture, NULL, fixture_setup, test_success, fixture_teardown);
  g_test_add ("/loader/error", Fixture, NULL, fixture_setup, test_error, fixture_teardown);
  g_test_add ("/loader/no-reader", Fixture, NULL, fixture_setup, test_no_reader, fixture_teardown);
  g_test_add ("/loader/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/loader/dropped", Fixture, NULL, fixture_setup, test_dropped, fixture_teardown);
  g_test_add ("/loader/stale", Fixture, NULL, fixture_setup, test_stale, fixture_teardown);
  g_test_add ("/loader/progress", Fixture, NULL, fixture_setup, test_progress, fixture_teardown);
  g_test_add ("/loader/progress-stale", Fixture, NULL, fixture_setup, test_progress_stale, fixture_teardown);
  return g_test_run ();
}
