/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-correct-key-dialog.h — a question's wrong key corrected, with the reason */
#pragma once

#include <adwaita.h>

#include "kefu-questions.h"

G_BEGIN_DECLS

#define KEFU_TYPE_CORRECT_KEY_DIALOG (kefu_correct_key_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuCorrectKeyDialog, kefu_correct_key_dialog, KEFU, CORRECT_KEY_DIALOG, AdwMessageDialog)

/* @question: question @question_id as loaded. Responds "correct" or "cancel". */
KefuCorrectKeyDialog *kefu_correct_key_dialog_new             (GtkWindow            *parent,
                                                               gint64                question_id,
                                                               const KefuQuestion   *question);
gint64                kefu_correct_key_dialog_get_question_id (KefuCorrectKeyDialog *self);
/* The key as typed, a fill-in's accepted answers one a line. */
char                 *kefu_correct_key_dialog_get_key         (KefuCorrectKeyDialog *self);
const char           *kefu_correct_key_dialog_get_reason      (KefuCorrectKeyDialog *self);

G_END_DECLS
