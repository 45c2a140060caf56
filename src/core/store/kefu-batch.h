/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-batch.h — long jobs in short transactions
 *
 * A job over many rows (the SLA pass, dispatching a queue, the sample
 * generator) commits every few hundred rows or half a second, whichever
 * comes first, and pauses a moment before taking the write lock again, so
 * another desk program waiting for the lock (kefu-cli, a desk's save)
 * gets it within a second or so. Each batch is its own BEGIN IMMEDIATE …
 * COMMIT: a crash between batches leaves the batches before it, and the
 * job run again goes on from there (each job says how it knows what is
 * done).
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

/* After each commit, outside any transaction: @done of @total rows are
 * committed. Returning FALSE stops the job there, as a crash would (it
 * fails with G_IO_ERROR_CANCELLED). */
typedef gboolean (*KefuBatchFunc) (guint     done,
                                   guint     total,
                                   gpointer  user_data);

typedef struct {
  guint          max_rows;    /* rows per transaction; 0: no limit */
  guint          max_ms;      /* milliseconds per transaction; 0: no limit */
  guint          pause_ms;    /* between transactions (at most a quarter of the batch's own time) */
  KefuBatchFunc  committed;
  gpointer       user_data;
} KefuBatchOptions;

/* What a job does without options: 500 rows or 500 ms, then 120 ms off
 * (longer than the 100 ms a waiting SQLite client sleeps between tries). */
#define KEFU_BATCH_ROWS     500
#define KEFU_BATCH_MS       500
#define KEFU_BATCH_PAUSE_MS 120

const KefuBatchOptions *kefu_batch_default_options (void);

G_END_DECLS
