/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-loader.h — the one way the GUI reads or works off the main thread
 *
 * A view (or a long job) owns one KefuLoader per kind of work. Each
 * kefu_loader_load_async() opens its own read connection on the store
 * (when given one) in a worker thread (a server's connect may wait: never
 * on the main thread), runs the worker function there with it,
 * and hands the job back through kefu_loader_load_finish(): the job itself
 * (its inputs and the results the worker filled in) or an error, always
 * one of the two. A newer load on the same loader, or
 * kefu_loader_cancel(), makes the older one stale: its finish then
 * returns G_IO_ERROR_CANCELLED and the job is freed unseen, so a slow old
 * read never overwrites a newer one.
 *
 * A long job says how far it is with kefu_loader_progress_cb() (a
 * KefuProgressFunc) from its worker function: the loader emits
 * "progress" (fraction, message) on the main thread, unless the load is
 * stale by then.
 */
#pragma once

#include <gio/gio.h>

#include "kefu-store.h"

G_BEGIN_DECLS

/* Runs on a worker thread. reader: a read connection of its own (NULL
 * when the load was started without a store); job: the caller's data, to
 * fill in. Returns FALSE with error set on failure. */
typedef gboolean (*KefuLoaderFunc) (KefuStore     *reader,
                                    gpointer       job,
                                    GCancellable  *cancellable,
                                    GError       **error);

#define KEFU_TYPE_LOADER (kefu_loader_get_type ())
G_DECLARE_FINAL_TYPE (KefuLoader, kefu_loader, KEFU, LOADER, GObject)

KefuLoader *kefu_loader_new          (void);
void        kefu_loader_load_async   (KefuLoader          *self,
                                      gpointer             source_object,
                                      KefuStore           *store,
                                      KefuLoaderFunc       func,
                                      gpointer             job,
                                      GDestroyNotify       job_free,
                                      gpointer             source_tag,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gpointer    kefu_loader_load_finish  (GAsyncResult        *result,
                                      gpointer             source_tag,
                                      GError             **error);
/* A one-off job (an export): never superseded nor cancelled; finished
 * with kefu_loader_load_finish() all the same. */
void        kefu_loader_run_async    (gpointer             source_object,
                                      KefuStore           *store,
                                      KefuLoaderFunc       func,
                                      gpointer             job,
                                      GDestroyNotify       job_free,
                                      gpointer             source_tag,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
void        kefu_loader_cancel       (KefuLoader          *self);
gboolean    kefu_loader_is_loading   (KefuLoader          *self);
/* Only from inside a worker function, on its thread; user_data is unused
 * (the load is the one the calling thread runs). */
void        kefu_loader_progress_cb  (double               fraction,
                                      const char          *message,
                                      gpointer             user_data);

G_END_DECLS
