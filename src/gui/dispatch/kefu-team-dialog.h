/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-team-dialog.h — the dialog of one team */
#pragma once

#include "kefu-settings-dialog.h"

G_BEGIN_DECLS

#define KEFU_TYPE_TEAM_DIALOG (kefu_team_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuTeamDialog, kefu_team_dialog, KEFU, TEAM_DIALOG, KefuSettingsDialog)

/* Opens the team dialog over @settings (@team_id 0: a new team) and returns
 * it; NULL (and a toast) when the team is gone. */
GtkWidget *kefu_team_dialog_open (KefuDispatchSettings *settings,
                                  gint64                team_id);

G_END_DECLS
