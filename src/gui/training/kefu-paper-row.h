/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-paper-row.h — a paper in the trainer's Papers */
#pragma once

#include <adwaita.h>

#include "kefu-training-list.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_PAPER_ROW (kefu_paper_row_get_type ())
G_DECLARE_FINAL_TYPE (KefuPaperRow, kefu_paper_row, KEFU, PAPER_ROW, AdwActionRow)

/* The buttons are those @user's role may use. */
KefuPaperRow *kefu_paper_row_new         (const KefuExamSummary *exam,
                                          KefuUser              *user);
gint64        kefu_paper_row_get_exam_id (KefuPaperRow          *self);

G_END_DECLS
