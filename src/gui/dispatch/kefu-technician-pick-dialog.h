/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-technician-pick-dialog.h — a technician's teams, skills or buildings, picked from check lists */
#pragma once

#include "kefu-settings-dialog.h"

G_BEGIN_DECLS

#define KEFU_TYPE_TECHNICIAN_PICK_DIALOG (kefu_technician_pick_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuTechnicianPickDialog, kefu_technician_pick_dialog, KEFU, TECHNICIAN_PICK_DIALOG, KefuSettingsDialog)

typedef enum { KEFU_PICK_TEAMS, KEFU_PICK_SKILLS, KEFU_PICK_BUILDINGS } KefuPickKind;

/* Opens the Teams, Skills or Buildings dialog of @technician_id and returns
 * it; NULL (and a toast) when the technician is gone. */
GtkWidget *kefu_technician_pick_dialog_open (KefuDispatchSettings *settings,
                                             gint64                technician_id,
                                             KefuPickKind          kind);

G_END_DECLS
