/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-grading-window.h — a trainer grades written (case-analysis) answers */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_GRADING_WINDOW (kefu_grading_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuGradingWindow, kefu_grading_window, KEFU, GRADING_WINDOW, AdwWindow)

KefuGradingWindow *kefu_grading_window_new      (GtkWindow         *parent,
                                                 KefuStore         *store,
                                                 gint64             exam_id);
/* Answers still to grade, as shown (for tests). */
guint              kefu_grading_window_get_n_pending (KefuGradingWindow *self);

/* Blind grading (names hidden, candidate numbers shown); on by default. */
void               kefu_grading_window_set_blind (KefuGradingWindow *self,
                                                 gboolean           blind);
const char        *kefu_grading_window_get_heading (KefuGradingWindow *self,
                                                   guint              index);

G_END_DECLS
