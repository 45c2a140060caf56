/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam-stats-window.h — how a paper went: distribution, pass rate, items */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_EXAM_STATS_WINDOW (kefu_exam_stats_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuExamStatsWindow, kefu_exam_stats_window, KEFU, EXAM_STATS_WINDOW, AdwWindow)

KefuExamStatsWindow *kefu_exam_stats_window_new        (GtkWindow           *parent,
                                                        KefuStore           *store,
                                                        gint64               exam_id);
gboolean             kefu_exam_stats_window_is_loading (KefuExamStatsWindow *self);
void                 kefu_exam_stats_window_export     (KefuExamStatsWindow *self,
                                                        const char          *path);
gboolean             kefu_exam_stats_window_is_exporting (KefuExamStatsWindow *self);
const char          *kefu_exam_stats_window_get_message (KefuExamStatsWindow *self);

G_END_DECLS
