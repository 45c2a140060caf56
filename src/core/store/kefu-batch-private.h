/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-batch-private.h — the core's side of kefu-batch.h */
#pragma once

#include "kefu-batch.h"

G_BEGIN_DECLS

typedef struct {
  KefuStore        *store;
  KefuBatchOptions  options;
  guint             rows;       /* in the open transaction */
  guint             done;       /* committed */
  guint             total;
  gint64            started;    /* monotonic, of the open transaction */
} KefuBatch;

/* Opens the first transaction (BEGIN IMMEDIATE). */
gboolean kefu_batch_begin (KefuBatch              *batch,
                           KefuStore              *store,
                           const KefuBatchOptions *options,
                           guint                   total,
                           GError                **error);
/* One row is written: when the batch is full, commits it, tells, pauses
 * and opens the next (kefu_batch_next). FALSE: the commit failed or the job was stopped
 * (no transaction is open then). */
gboolean kefu_batch_row   (KefuBatch              *batch,
                           GError                **error);
/* Whether the open batch has its rows or its time. */
gboolean kefu_batch_full  (KefuBatch              *batch);
/* Commits the open batch, tells, pauses and opens the next (for a job
 * that ends a batch where it must, e.g. at the end of a bulk load). */
gboolean kefu_batch_next  (KefuBatch              *batch,
                           GError                **error);
/* Commits the last batch and tells. */
gboolean kefu_batch_end   (KefuBatch              *batch,
                           GError                **error);
/* Rolls the open batch back (the ones before stay). */
void     kefu_batch_abort (KefuBatch              *batch);

G_END_DECLS
