/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-problem-row.h — one problem of the window's database file, above
 * the pages (kefu-window-database.c): a warning icon and what is wrong,
 * one row per source ("file", "sla", "dispatch"…) */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KEFU_TYPE_PROBLEM_ROW (kefu_problem_row_get_type ())
G_DECLARE_FINAL_TYPE (KefuProblemRow, kefu_problem_row, KEFU, PROBLEM_ROW, GtkBox)

GtkWidget  *kefu_problem_row_new         (const char     *source);
const char *kefu_problem_row_get_source  (KefuProblemRow *self);
const char *kefu_problem_row_get_message (KefuProblemRow *self);
void        kefu_problem_row_set_message (KefuProblemRow *self,
                                          const char     *message);

G_END_DECLS
