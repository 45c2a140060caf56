/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-rule-dialog.h — the dialog of one dispatch rule */
#pragma once

#include "kefu-settings-dialog.h"

G_BEGIN_DECLS

#define KEFU_TYPE_RULE_DIALOG (kefu_rule_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuRuleDialog, kefu_rule_dialog, KEFU, RULE_DIALOG, KefuSettingsDialog)

/* Opens the rule dialog over @settings (@rule_id 0: a new rule) and returns
 * it; NULL (and a toast) when the rule is gone. */
GtkWidget *kefu_rule_dialog_open (KefuDispatchSettings *settings,
                                  gint64                rule_id);

G_END_DECLS
