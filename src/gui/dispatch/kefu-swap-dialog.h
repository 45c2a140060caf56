/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-swap-dialog.h — Swap Shift: one day of one technician worked by another */
#pragma once

#include "kefu-settings-dialog.h"

G_BEGIN_DECLS

#define KEFU_TYPE_SWAP_DIALOG (kefu_swap_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuSwapDialog, kefu_swap_dialog, KEFU, SWAP_DIALOG, KefuSettingsDialog)

/* Opens Swap Shift for @technician_id and returns it; NULL (and a toast)
 * when the technicians cannot be read. */
GtkWidget *kefu_swap_dialog_open (KefuDispatchSettings *settings,
                                  gint64                technician_id);

G_END_DECLS
