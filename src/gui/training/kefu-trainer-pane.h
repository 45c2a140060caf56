/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-trainer-pane.h — what those who manage training also see in the
 * Training view: banks, papers, practical assessments and cohorts */
#pragma once

#include <adwaita.h>

#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_TRAINER_PANE (kefu_trainer_pane_get_type ())
G_DECLARE_FINAL_TYPE (KefuTrainerPane, kefu_trainer_pane, KEFU, TRAINER_PANE, GtkBox)

/* Replaces what the pane shows: @banks KefuBankSummary, @exams
 * KefuExamSummary (every paper), @assessments KefuAssessmentSummary,
 * @cohorts KefuCohortSummary; the buttons are those @user may use. */
void kefu_trainer_pane_fill  (KefuTrainerPane *self,
                              KefuUser        *user,
                              GPtrArray       *banks,
                              GPtrArray       *exams,
                              GPtrArray       *assessments,
                              GPtrArray       *cohorts);
void kefu_trainer_pane_clear (KefuTrainerPane *self);

G_END_DECLS
