/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-grade-card.h — one written answer to grade: the question, rubric,
 * answer, a score and a comment, saved at once */
#pragma once

#include <adwaita.h>

#include "kefu-exam.h"

G_BEGIN_DECLS

#define KEFU_TYPE_GRADE_CARD (kefu_grade_card_get_type ())
G_DECLARE_FINAL_TYPE (KefuGradeCard, kefu_grade_card, KEFU, GRADE_CARD, GtkBox)

/* @candidate: the attempt's number in the order of submission (blind
 * grading). "graded" follows a grade saved. */
KefuGradeCard *kefu_grade_card_new         (KefuStore             *store,
                                            gint64                 attempt_id,
                                            const char            *trainee,
                                            guint                  candidate,
                                            const KefuAttemptItem *item);
/* The heading: the trainee's name, or with @blind the candidate number. */
void           kefu_grade_card_set_blind   (KefuGradeCard         *self,
                                            gboolean               blind);
const char    *kefu_grade_card_get_heading (KefuGradeCard         *self);

G_END_DECLS
