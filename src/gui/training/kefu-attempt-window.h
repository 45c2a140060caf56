/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-attempt-window.h — one attempt's results, and a paper's attempts */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_ATTEMPT_WINDOW (kefu_attempt_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuAttemptWindow, kefu_attempt_window, KEFU, ATTEMPT_WINDOW, AdwWindow)

KefuAttemptWindow *kefu_attempt_window_new          (GtkWindow         *parent,
                                                     KefuStore         *store,
                                                     gint64             attempt_id,
                                                     gboolean           trainer);
/* For tests: the questions shown, and the dialogs of the trainer's buttons. */
guint              kefu_attempt_window_get_n_items  (KefuAttemptWindow *self);
GtkWindow         *kefu_attempt_window_void         (KefuAttemptWindow *self);
GtkWindow         *kefu_attempt_window_regrade      (KefuAttemptWindow *self,
                                                     guint              position);

/* A paper's attempts, each with Open (the window above, as a trainer). */
GtkWindow         *kefu_exam_attempts_window_new    (GtkWindow         *parent,
                                                     KefuStore         *store,
                                                     gint64             exam_id);

G_END_DECLS
