/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-batch.c — long jobs in short transactions (kefu-batch.h) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-batch-private.h"
#include "kefu-store-private.h"

static const KefuBatchOptions defaults = { KEFU_BATCH_ROWS, KEFU_BATCH_MS, KEFU_BATCH_PAUSE_MS, NULL, NULL };

const KefuBatchOptions *
kefu_batch_default_options (void)
{
  return &defaults;
}

gboolean
kefu_batch_begin (KefuBatch               *batch,
                  KefuStore               *store,
                  const KefuBatchOptions  *options,
                  guint                    total,
                  GError                 **error)
{
  memset (batch, 0, sizeof *batch);
  batch->store = store;
  batch->options = options != NULL ? *options : defaults;
  batch->total = total;
  batch->started = g_get_monotonic_time ();
  return kefu_store_begin (store, error);
}

static gboolean
commit (KefuBatch  *batch,
        GError    **error)
{
  if (!kefu_store_commit (batch->store, error))
    return FALSE;
  batch->done += batch->rows;
  batch->rows = 0;
  if (batch->options.committed != NULL &&
      !batch->options.committed (batch->done, batch->total, batch->options.user_data))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("Stopped after %u of %u."), batch->done, batch->total);
      return FALSE;
    }
  return TRUE;
}

gboolean
kefu_batch_full (KefuBatch *batch)
{
  const KefuBatchOptions *o = &batch->options;

  return (o->max_rows > 0 && batch->rows >= o->max_rows) ||
         (o->max_ms > 0 && g_get_monotonic_time () - batch->started >= (gint64) o->max_ms * 1000);
}

gboolean
kefu_batch_next (KefuBatch  *batch,
                 GError    **error)
{
  gint64 took = g_get_monotonic_time () - batch->started;
  gint64 pause;

  if (!commit (batch, error))
    return FALSE;
  /* the lock is free: a program waiting for it takes it now (a quarter of
   * the batch's time at most, so short batches stay quick) */
  pause = MIN ((gint64) batch->options.pause_ms * 1000, took / 4);
  if (pause > 0)
    g_usleep ((gulong) pause);
  batch->started = g_get_monotonic_time ();
  return kefu_store_begin (batch->store, error);
}

gboolean
kefu_batch_row (KefuBatch  *batch,
                GError    **error)
{
  batch->rows++;
  if (!kefu_batch_full (batch) || batch->done + batch->rows >= batch->total)
    return TRUE;
  return kefu_batch_next (batch, error);
}

gboolean
kefu_batch_end (KefuBatch  *batch,
                GError    **error)
{
  return commit (batch, error);
}

void
kefu_batch_abort (KefuBatch *batch)
{
  kefu_store_rollback (batch->store);
  batch->rows = 0;
}
