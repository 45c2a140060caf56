/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-survey-dialog.h — a course's reaction survey, answered by a member */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_SURVEY_DIALOG (kefu_survey_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuSurveyDialog, kefu_survey_dialog, KEFU, SURVEY_DIALOG, AdwMessageDialog)

/* "done" (a toast's text, whether the answers were saved) follows Send. */
KefuSurveyDialog *kefu_survey_dialog_new (GtkWindow *parent,
                                          KefuStore *store,
                                          gint64     cohort_id,
                                          gint64     user_id);

G_END_DECLS
