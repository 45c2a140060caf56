/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-question-list-window.h — a bank's questions: search, filter, edit,
 * correct a key, retire */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_QUESTION_LIST_WINDOW (kefu_question_list_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuQuestionListWindow, kefu_question_list_window, KEFU, QUESTION_LIST_WINDOW, AdwWindow)

KefuQuestionListWindow *kefu_question_list_window_new      (GtkWindow              *parent,
                                                            KefuStore              *store,
                                                            gint64                  bank_id);
/* For tests: the search and filters as a user sets them, the rows shown,
 * and the dialogs a row's buttons open. */
void                    kefu_question_list_window_set_search (KefuQuestionListWindow *self,
                                                            const char             *text,
                                                            int                     type,
                                                            gboolean                include_retired);
guint                   kefu_question_list_window_get_n_shown (KefuQuestionListWindow *self);
GtkWindow              *kefu_question_list_window_correct_key (KefuQuestionListWindow *self,
                                                            gint64                  question_id);
GtkWindow              *kefu_question_list_window_edit      (KefuQuestionListWindow *self,
                                                            gint64                  question_id);

G_END_DECLS
