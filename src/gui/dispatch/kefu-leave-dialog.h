/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-leave-dialog.h — Add Leave: leave or an extra shift on one date */
#pragma once

#include "kefu-settings-dialog.h"

G_BEGIN_DECLS

#define KEFU_TYPE_LEAVE_DIALOG (kefu_leave_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuLeaveDialog, kefu_leave_dialog, KEFU, LEAVE_DIALOG, KefuSettingsDialog)

/* Opens Add Leave for @technician_id and returns it. */
GtkWidget *kefu_leave_dialog_open (KefuDispatchSettings *settings,
                                   gint64                technician_id);

G_END_DECLS
