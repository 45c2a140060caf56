/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-trainee-pane.h — what everyone sees in the Training view: their
 * exams, courses, practice, results and certificates */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_TRAINEE_PANE (kefu_trainee_pane_get_type ())
G_DECLARE_FINAL_TYPE (KefuTraineePane, kefu_trainee_pane, KEFU, TRAINEE_PANE, GtkBox)

/* Replaces what the pane shows. @my_exams: KefuExamSummary open to
 * @user; @my_cohorts: KefuCohortSummary of the courses they took;
 * @n_due: questions due for re-practice; @results: KefuAttemptSummary,
 * newest first; @now: the store's clock. */
void     kefu_trainee_pane_fill     (KefuTraineePane *self,
                                     KefuStore       *store,
                                     KefuUser        *user,
                                     gint64           now,
                                     GPtrArray       *my_exams,
                                     GPtrArray       *my_cohorts,
                                     guint            n_due,
                                     GPtrArray       *results);
void     kefu_trainee_pane_clear    (KefuTraineePane *self);
gboolean kefu_trainee_pane_is_empty (KefuTraineePane *self);

G_END_DECLS
