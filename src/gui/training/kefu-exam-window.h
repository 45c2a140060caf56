/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam-window.h — a trainee's exam, full window */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_EXAM_WINDOW (kefu_exam_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuExamWindow, kefu_exam_window, KEFU, EXAM_WINDOW, AdwWindow)

KefuExamWindow *kefu_exam_window_new            (GtkWindow      *parent,
                                                 KefuStore      *store,
                                                 gint64          attempt_id,
                                                 GError        **error);
gint64          kefu_exam_window_get_attempt_id (KefuExamWindow *self);
guint           kefu_exam_window_get_position   (KefuExamWindow *self);
void            kefu_exam_window_go_to          (KefuExamWindow *self,
                                                 guint           position);
gboolean        kefu_exam_window_is_finished    (KefuExamWindow *self);
void            kefu_exam_window_check_time     (KefuExamWindow *self);

G_END_DECLS
