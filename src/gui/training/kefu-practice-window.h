/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-practice-window.h — today's re-practice of wrong answers (错题重练) */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_PRACTICE_WINDOW (kefu_practice_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuPracticeWindow, kefu_practice_window, KEFU, PRACTICE_WINDOW, AdwWindow)

KefuPracticeWindow *kefu_practice_window_new (GtkWindow  *parent,
                                              KefuStore  *store,
                                              gint64      user_id,
                                              GError    **error);

G_END_DECLS
