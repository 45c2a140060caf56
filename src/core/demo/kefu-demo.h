/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-demo.h — a realistic sample service center */
#pragma once

#include "kefu-batch.h"
#include "kefu-progress.h"
#include "kefu-store.h"

G_BEGIN_DECLS

typedef struct {
  guint   n_tickets;   /* default 5000 */
  guint32 seed;        /* the same seed and now give the same data */
  gint64  now;         /* Unix seconds; 0 = the current time */
  const KefuBatchOptions *batch;   /* how it is written (kefu-batch.h); NULL: the defaults */
} KefuDemoOptions;

#define KEFU_DEMO_DEFAULT_TICKETS 5000
#define KEFU_DEMO_N_OWNERS        2000

gboolean kefu_demo_generate (KefuStore             *store,
                             const KefuDemoOptions *options,
                             KefuProgressFunc       progress,
                             gpointer               user_data,
                             GCancellable          *cancellable,
                             GError               **error);

G_END_DECLS
