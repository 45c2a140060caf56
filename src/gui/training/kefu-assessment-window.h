/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-assessment-window.h — a practical assessment's panel, raters' scores, result and history */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_ASSESSMENT_WINDOW (kefu_assessment_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuAssessmentWindow, kefu_assessment_window, KEFU, ASSESSMENT_WINDOW, AdwWindow)

KefuAssessmentWindow *kefu_assessment_window_new        (GtkWindow            *parent,
                                                         KefuStore            *store,
                                                         gint64                assessment_id,
                                                         const char           *title,
                                                         GError              **error);
GtkSpinButton        *kefu_assessment_window_get_score  (KefuAssessmentWindow *self,
                                                         guint                 criterion);
gboolean              kefu_assessment_window_set_rater  (KefuAssessmentWindow *self,
                                                         gint64                user_id,
                                                         gint64                external_id);

G_END_DECLS
