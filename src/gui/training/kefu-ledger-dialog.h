/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ledger-dialog.h — a cohort's cost or saving, in yuan */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KEFU_TYPE_LEDGER_DIALOG (kefu_ledger_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuLedgerDialog, kefu_ledger_dialog, KEFU, LEDGER_DIALOG, AdwMessageDialog)

/* Responds "add" or "cancel". */
KefuLedgerDialog *kefu_ledger_dialog_new        (GtkWindow        *parent);
gboolean          kefu_ledger_dialog_is_saving  (KefuLedgerDialog *self);
const char       *kefu_ledger_dialog_get_item   (KefuLedgerDialog *self);
double            kefu_ledger_dialog_get_amount (KefuLedgerDialog *self);

G_END_DECLS
