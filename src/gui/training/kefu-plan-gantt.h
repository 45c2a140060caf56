/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-plan-gantt.h — a cohort's plan as a Gantt chart that moves */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_PLAN_GANTT (kefu_plan_gantt_get_type ())
G_DECLARE_FINAL_TYPE (KefuPlanGantt, kefu_plan_gantt, KEFU, PLAN_GANTT, GtkWidget)

/* Row 0 is the cohort (its dates), then one row per session. Drag a bar
 * to move it, its right end to stretch it; or select a bar (Up/Down, a
 * click) and press Left/Right to move it a day, Shift+Left/Right to
 * stretch it a day (a session: an hour). Moving the cohort moves its
 * sessions along. Each change is saved at once (kefu-cohort-schedule.h)
 * with an Undo toast; a refused one springs back and says why.
 * ::changed is emitted after each saved change. */
GtkWidget  *kefu_plan_gantt_new          (KefuStore     *store,
                                          gint64         cohort_id);
void        kefu_plan_gantt_reload       (KefuPlanGantt *self);
guint       kefu_plan_gantt_get_n_bars   (KefuPlanGantt *self);
/* For tests, the same paths as the pointer and the keys: */
gboolean    kefu_plan_gantt_bar_box      (KefuPlanGantt *self,
                                          guint          bar,
                                          graphene_rect_t *box);
gboolean    kefu_plan_gantt_drag         (KefuPlanGantt *self,
                                          double         x,
                                          double         y,
                                          double         dx);
void        kefu_plan_gantt_select       (KefuPlanGantt *self,
                                          guint          bar);
gboolean    kefu_plan_gantt_press        (KefuPlanGantt *self,
                                          guint          keyval,
                                          GdkModifierType state);
/* The last refusal's message, shown in an alert; NULL after a success. */
const char *kefu_plan_gantt_get_error    (KefuPlanGantt *self);

G_END_DECLS
