/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-shift-dialog.h — Add Shift: a weekly shift of one technician */
#pragma once

#include "kefu-settings-dialog.h"

G_BEGIN_DECLS

#define KEFU_TYPE_SHIFT_DIALOG (kefu_shift_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuShiftDialog, kefu_shift_dialog, KEFU, SHIFT_DIALOG, KefuSettingsDialog)

/* Opens Add Shift for @technician_id and returns it; NULL (and a toast)
 * when the technician is gone. */
GtkWidget *kefu_shift_dialog_open (KefuDispatchSettings *settings,
                                   gint64                technician_id);

G_END_DECLS
