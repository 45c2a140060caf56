/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-write.h — a save that waits out another program's write lock
 *
 * Desk saves run on the GUI thread, each one short transaction. Another
 * program holding the database's write lock (kefu-cli, the SLA timer,
 * another desk) would freeze the window for the whole busy timeout and
 * then fail; instead kefu_write_run() tries the save with a short busy
 * timeout and, while the lock is held, tries again every few tens of
 * milliseconds, with the window free in between. A KefuWaitBar shows the
 * wait with "Stop Waiting"; the caller keeps its dialog and what was typed
 * until the save is done.
 *
 * A save function must be one transaction, or begin with the one that
 * can meet the lock: a locked save has then written nothing, so trying
 * it again never saves twice.
 */
#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

#include "kefu-store.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_WRITE_DONE,      /* saved */
  KEFU_WRITE_FAILED,    /* refused or failed for another reason than the lock: error set */
  KEFU_WRITE_STOPPED,   /* the user stopped waiting: nothing was saved */
} KefuWriteOutcome;

/* Saves; FALSE with @error set when it did not. */
typedef gboolean (*KefuWriteFunc)     (KefuStore         *store,
                                       gpointer           data,
                                       GError           **error);
/* Called once, unless the wait bar went away first (then only the data's
 * destroy notify runs). */
typedef void     (*KefuWriteDoneFunc) (KefuWriteOutcome   outcome,
                                       const GError      *error,
                                       gpointer           data);

#define KEFU_TYPE_WAIT_BAR (kefu_wait_bar_get_type ())
G_DECLARE_FINAL_TYPE (KefuWaitBar, kefu_wait_bar, KEFU, WAIT_BAR, GtkWidget)

GtkWidget  *kefu_wait_bar_new        (void);
gboolean    kefu_wait_bar_is_waiting (KefuWaitBar *self);
/* Stops the waiting save (its done function gets KEFU_WRITE_STOPPED). */
void        kefu_wait_bar_stop       (KefuWaitBar *self);
/* How many times the waiting save has been tried so far (0 when none waits). */
guint       kefu_wait_bar_get_tries  (KefuWaitBar *self);
/* @form (the window's or dialog's fields) is read-only while a save waits:
 * what is shown is what is saved. */
void        kefu_wait_bar_set_form   (KefuWaitBar *self,
                                      GtkWidget   *form);
/* A wait bar at the foot of @window (an AdwPreferencesWindow, say), its
 * content as @form; the content stays what it was (toasts included). */
KefuWaitBar *kefu_wait_bar_add_to_window (AdwWindow *window);

/* Runs @func now; when another program holds the lock, shows @bar and
 * tries again until it is done, fails otherwise or the user stops it.
 * @bar may be NULL for a save nobody watches (it is then tried until it
 * is done or fails). A save already waiting on @bar is stopped first. */
void        kefu_write_run           (KefuStore          *store,
                                      KefuWaitBar        *bar,
                                      KefuWriteFunc       func,
                                      KefuWriteDoneFunc   done,
                                      gpointer            data,
                                      GDestroyNotify      destroy);

/* Whether @error is another program's write lock. */
gboolean    kefu_write_is_locked     (const GError       *error);

G_END_DECLS
