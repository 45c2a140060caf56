/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-progress-bar.h — worker-thread progress shown in a GtkProgressBar */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _KefuBarTarget KefuBarTarget;

KefuBarTarget *kefu_bar_target_new  (GtkProgressBar *bar);
void           kefu_bar_target_free (KefuBarTarget  *target);
/* A KefuProgressFunc: call it from any thread with the target as user data. */
void           kefu_bar_progress_cb (double          fraction,
                                     const char     *message,
                                     gpointer        target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuBarTarget, kefu_bar_target_free)

G_END_DECLS
