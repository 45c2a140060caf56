/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-ui.h — the pieces the cohort editor and the staff groups
 * window are built of: alerts and forms (KefuCohortForm), labelled
 * fields, drop-downs of KefuChoice (groups, people, tiers), preference
 * groups and rows, a window's frame */
#pragma once

#include <adwaita.h>

#include "kefu-cohort.h"
#include "kefu-store.h"

G_BEGIN_DECLS

void kefu_cohort_ui_alert (GtkWindow *parent, const char *heading, const char *message);
GtkWidget *kefu_cohort_ui_ask (GtkWindow *parent, const char *heading, const char *body, GtkWidget *extra, const char *response, const char *label, gboolean destructive, GCallback callback, gpointer self);
GtkWidget *kefu_cohort_ui_field (GtkWidget *grid, int row, const char *label, GtkWidget *widget);
GtkWidget *kefu_cohort_ui_grid_new (void);
GtkWidget *kefu_cohort_ui_entry_new (const char *text, const char *placeholder);
GtkWidget *kefu_cohort_ui_dropdown_new (GtkStringList *labels, GArray *ids, gint64 selected);
gint64 kefu_cohort_ui_dropdown_id (GtkWidget *dropdown);
GtkWidget *kefu_cohort_ui_groups_dropdown (KefuStore *store, gboolean none, gint64 selected, GError **error);
GtkWidget *kefu_cohort_ui_people_dropdown (KefuStore *store, GPtrArray *except, GError **error);
GtkWidget *kefu_cohort_ui_tier_dropdown (void);
const char *kefu_cohort_ui_tier_code (GtkWidget *dropdown);
GtkWidget *kefu_cohort_ui_group_new (GtkWidget *box, const char *name, const char *title, const char *description);
GtkWidget *kefu_cohort_ui_row_new (GtkWidget *group, const char *name, const char *title, const char *subtitle);
void kefu_cohort_ui_empty_new (GtkWidget *group, const char *text);
GtkWidget *kefu_cohort_ui_button_new (const char *label, const char *action, GVariant *target);
GtkWidget *kefu_cohort_ui_header_buttons (GtkWidget *group, const char *label1, const char *action1, const char *label2, const char *action2);
GtkWidget *kefu_cohort_ui_window_frame (AdwWindow *window, GtkWidget **title);
void kefu_cohort_ui_clear_box (GtkWidget *box);
char *kefu_cohort_ui_day_text (gint64 at);

G_END_DECLS
