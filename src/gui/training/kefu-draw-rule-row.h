/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-draw-rule-row.h — a new paper's draw rule: "N [type] from [module],
 * difficulty ≥ d" and how many questions match it now */
#pragma once

#include <adwaita.h>

#include "kefu-exam.h"

G_BEGIN_DECLS

#define KEFU_TYPE_DRAW_RULE_ROW (kefu_draw_rule_row_get_type ())
G_DECLARE_FINAL_TYPE (KefuDrawRuleRow, kefu_draw_rule_row, KEFU, DRAW_RULE_ROW, AdwActionRow)

/* "changed" follows every change; "remove" asks to be removed (its
 * trash button). */
KefuDrawRuleRow *kefu_draw_rule_row_new            (KefuStore       *store);
/* The rule as set; its module is a static string (or NULL: any). */
void             kefu_draw_rule_row_read           (KefuDrawRuleRow *self,
                                                    KefuDrawRule    *rule);
GtkSpinButton   *kefu_draw_rule_row_get_count      (KefuDrawRuleRow *self);
GtkSpinButton   *kefu_draw_rule_row_get_difficulty (KefuDrawRuleRow *self);
/* 0: any module, then the course modules (KEFU_CODES_MODULE) in order */
GtkDropDown     *kefu_draw_rule_row_get_module     (KefuDrawRuleRow *self);
/* 0: any type, then the question types in order */
GtkDropDown     *kefu_draw_rule_row_get_type_dropdown (KefuDrawRuleRow *self);

G_END_DECLS
