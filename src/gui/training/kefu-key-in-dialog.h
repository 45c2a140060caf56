/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-key-in-dialog.h — a paper exam's answer sheet keyed in */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_KEY_IN_DIALOG (kefu_key_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuKeyInDialog, kefu_key_in_dialog, KEFU, KEY_IN_DIALOG, AdwWindow)

KefuKeyInDialog *kefu_key_in_dialog_new       (GtkWindow       *parent,
                                               KefuStore       *store,
                                               gint64           exam_id);
/* For tests: the answer entry of question @position (1…) of the version shown. */
GtkEditable     *kefu_key_in_dialog_get_entry (KefuKeyInDialog *self,
                                               guint            position);
/* For tests: the sitting's date and time entry ("2026-12-07 09:00"). */
GtkEditable     *kefu_key_in_dialog_get_sat_entry (KefuKeyInDialog *self);
/* For tests: the alert offering to replace a sheet keyed before, or NULL. */
GtkWindow       *kefu_key_in_dialog_get_alert (KefuKeyInDialog *self);
/* For tests: what the dialog says under the sheet. */
const char      *kefu_key_in_dialog_get_result (KefuKeyInDialog *self);
void             kefu_key_in_dialog_select    (KefuKeyInDialog *self,
                                               guint            trainee,
                                               guint            version);
/* Records the sheet; the attempt id, or 0 with the reason shown. */
gint64           kefu_key_in_dialog_save      (KefuKeyInDialog *self);

G_END_DECLS
