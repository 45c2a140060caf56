/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-owner-window.h — one owner's history (the 360° owner view) */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_OWNER_WINDOW (kefu_owner_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuOwnerWindow, kefu_owner_window, KEFU, OWNER_WINDOW, AdwWindow)

KefuOwnerWindow *kefu_owner_window_new        (GtkWindow *parent,
                                               KefuStore *store,
                                               KefuUser  *user,
                                               gint64     owner_id);
guint            kefu_owner_window_get_n_tickets (KefuOwnerWindow *self);

G_END_DECLS
