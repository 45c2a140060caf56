/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam-row.h — a paper in the trainee's My Exams */
#pragma once

#include <adwaita.h>

#include "kefu-training-list.h"

G_BEGIN_DECLS

#define KEFU_TYPE_EXAM_ROW (kefu_exam_row_get_type ())
G_DECLARE_FINAL_TYPE (KefuExamRow, kefu_exam_row, KEFU, EXAM_ROW, AdwActionRow)

KefuExamRow *kefu_exam_row_new         (const KefuExamSummary *exam,
                                        gint64                 now);
gint64       kefu_exam_row_get_exam_id (KefuExamRow           *self);

G_END_DECLS
