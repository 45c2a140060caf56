/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-regrade-dialog.h — a written answer's grade corrected */
#pragma once

#include <adwaita.h>

#include "kefu-exam.h"

G_BEGIN_DECLS

#define KEFU_TYPE_REGRADE_DIALOG (kefu_regrade_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuRegradeDialog, kefu_regrade_dialog, KEFU, REGRADE_DIALOG, AdwMessageDialog)

/* @item: the answer as graded. Responds "save" or "cancel". */
KefuRegradeDialog *kefu_regrade_dialog_new          (GtkWindow             *parent,
                                                     const KefuAttemptItem *item);
guint              kefu_regrade_dialog_get_position (KefuRegradeDialog     *self);
double             kefu_regrade_dialog_get_score    (KefuRegradeDialog     *self);
const char        *kefu_regrade_dialog_get_comment  (KefuRegradeDialog     *self);

G_END_DECLS
