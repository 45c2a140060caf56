/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-settings.h — the dispatch rules, the teams and the technicians */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_DISPATCH_SETTINGS (kefu_dispatch_settings_get_type ())
G_DECLARE_FINAL_TYPE (KefuDispatchSettings, kefu_dispatch_settings, KEFU, DISPATCH_SETTINGS, AdwPreferencesWindow)

GtkWidget *kefu_dispatch_settings_new        (KefuStore            *store);
/* Whether a change made on the window waits for another program's lock
 * (a dialog's save waits in the dialog, with its own bar). */
gboolean   kefu_dispatch_settings_is_waiting (KefuDispatchSettings *self);
/* Opens the rule dialog (@rule_id 0: a new rule) and returns it. */
GtkWidget *kefu_dispatch_settings_edit_rule  (KefuDispatchSettings *self,
                                              gint64                rule_id);
/* Opens the Add Leave dialog for @technician_id and returns it. */
GtkWidget *kefu_dispatch_settings_add_leave  (KefuDispatchSettings *self,
                                              gint64                technician_id);
/* Opens the team dialog (@team_id 0: a new team) and returns it. */
GtkWidget *kefu_dispatch_settings_edit_team  (KefuDispatchSettings *self,
                                              gint64                team_id);
GtkWidget *kefu_dispatch_settings_add_technician (KefuDispatchSettings *self);
GtkWidget *kefu_dispatch_settings_add_shift  (KefuDispatchSettings *self,
                                              gint64                technician_id);
GtkWidget *kefu_dispatch_settings_swap_shift (KefuDispatchSettings *self,
                                              gint64                technician_id);
GtkWidget *kefu_dispatch_settings_choose_skills (KefuDispatchSettings *self,
                                              gint64                technician_id);

G_END_DECLS
