/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-user-chooser.h — who is at the desk: pick, PIN, Enter */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_USER_CHOOSER (kefu_user_chooser_get_type ())
G_DECLARE_FINAL_TYPE (KefuUserChooser, kefu_user_chooser, KEFU, USER_CHOOSER, GtkWidget)

gboolean    kefu_user_chooser_load          (KefuUserChooser  *self,
                                             KefuStore        *store,
                                             const char       *last_login,
                                             GError          **error);
GListModel *kefu_user_chooser_get_users     (KefuUserChooser  *self);
guint       kefu_user_chooser_get_n_rows    (KefuUserChooser  *self);
void        kefu_user_chooser_pick          (KefuUserChooser  *self,
                                             KefuUser         *user);
KefuUser   *kefu_user_chooser_get_picked    (KefuUserChooser  *self);
void        kefu_user_chooser_set_locked    (KefuUserChooser  *self,
                                             KefuUser         *holder);
void        kefu_user_chooser_add_alert     (KefuUserChooser  *self,
                                             const char       *text);
guint       kefu_user_chooser_get_n_alerts  (KefuUserChooser  *self);
void        kefu_user_chooser_clear_alerts  (KefuUserChooser  *self);

G_END_DECLS
