/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam-print.h — paper exams: printed versions with an answer sheet */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

/* Writes one PDF with each version in @labels ("A", "B"…): the paper in
 * that version's order of questions and choices, then its answer sheet,
 * then its answer key (the right answers as that version shows them).
 * What a trainee ticks on the sheet is keyed in with kefu_attempt_key_in. */
gboolean kefu_exam_print_versions (KefuStore          *store,
                                   gint64              exam_id,
                                   const char * const *labels,
                                   const char         *path,
                                   GError            **error);

/* "Pass mark: 80 % of 63 points (50.4 points)": the pass mark as applied. */
char    *kefu_exam_pass_mark_text (double              pass_mark,
                                   double              max_points);

G_END_DECLS
