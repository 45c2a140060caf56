/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bank-name-dialog.h — a new question bank, or a bank's new name */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_BANK_NAME_DIALOG (kefu_bank_name_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuBankNameDialog, kefu_bank_name_dialog, KEFU, BANK_NAME_DIALOG, AdwMessageDialog)

/* @bank_id 0: a new bank. NULL (with @error) if the bank cannot be read.
 * "done" (NULL, TRUE) follows a Create or Rename, whether it worked or
 * not (then the dialog said why). */
KefuBankNameDialog *kefu_bank_name_dialog_new (GtkWindow  *parent,
                                               KefuStore  *store,
                                               gint64      bank_id,
                                               GError    **error);

G_END_DECLS
