/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-new-technician-dialog.h — Add Technician */
#pragma once

#include "kefu-settings-dialog.h"

G_BEGIN_DECLS

#define KEFU_TYPE_NEW_TECHNICIAN_DIALOG (kefu_new_technician_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuNewTechnicianDialog, kefu_new_technician_dialog, KEFU, NEW_TECHNICIAN_DIALOG, KefuSettingsDialog)

/* Opens Add Technician over @settings and returns it; NULL (and a toast)
 * when the teams cannot be read. */
GtkWidget *kefu_new_technician_dialog_open (KefuDispatchSettings *settings);

G_END_DECLS
