/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-paper-dialog.h — a new paper: name, time limit, pass mark, draw rules */
#pragma once

#include <adwaita.h>

#include "kefu-draw-rule-row.h"
#include "kefu-questions.h"

G_BEGIN_DECLS

#define KEFU_TYPE_PAPER_DIALOG (kefu_paper_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuPaperDialog, kefu_paper_dialog, KEFU, PAPER_DIALOG, AdwWindow)

KefuPaperDialog *kefu_paper_dialog_new      (GtkWindow       *parent,
                                             KefuStore       *store);
guint            kefu_paper_dialog_n_rules  (KefuPaperDialog *self);
KefuDrawRuleRow *kefu_paper_dialog_get_rule (KefuPaperDialog *self,
                                             guint            index);
GtkSpinButton   *kefu_paper_dialog_get_type_points (KefuPaperDialog  *self,
                                                    KefuQuestionType  type);

G_END_DECLS
