/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-question-edit-dialog.h — a question's stem, explanation, category,
 * points, difficulty, tags, choices and key, edited */
#pragma once

#include <adwaita.h>

#include "kefu-questions.h"

G_BEGIN_DECLS

#define KEFU_TYPE_QUESTION_EDIT_DIALOG (kefu_question_edit_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuQuestionEditDialog, kefu_question_edit_dialog, KEFU, QUESTION_EDIT_DIALOG, AdwMessageDialog)

/* @question: question @question_id as loaded; @used: attempts used it (a
 * new version is saved). Responds "save" or "cancel". */
KefuQuestionEditDialog *kefu_question_edit_dialog_new             (GtkWindow              *parent,
                                                                   gint64                  question_id,
                                                                   const KefuQuestion     *question,
                                                                   gboolean                used);
gint64                  kefu_question_edit_dialog_get_question_id (KefuQuestionEditDialog *self);
/* Writes what was edited into @question (loaded afresh); FALSE with the
 * reason when a choice is empty or the key names no choice. */
gboolean                kefu_question_edit_dialog_apply           (KefuQuestionEditDialog *self,
                                                                   KefuQuestion           *question,
                                                                   GError                **error);

G_END_DECLS
