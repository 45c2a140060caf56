/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-server-sign-in.h — who is at the desk on a database server (#20):
 * a login and a PostgreSQL password, checked by the server */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_SERVER_SIGN_IN (kefu_server_sign_in_get_type ())
G_DECLARE_FINAL_TYPE (KefuServerSignIn, kefu_server_sign_in, KEFU, SERVER_SIGN_IN, GtkWidget)

void        kefu_server_sign_in_set_server   (KefuServerSignIn *self,
                                              const char       *spec,
                                              const char       *last_login);
const char *kefu_server_sign_in_get_server   (KefuServerSignIn *self);
/* Locked by @holder (NULL: not locked): the login is theirs, and a
 * message says whose desk it is. */
void        kefu_server_sign_in_set_locked   (KefuServerSignIn *self,
                                              KefuUser         *holder);
/* For tests: type and sign in as a person would. */
void        kefu_server_sign_in_submit       (KefuServerSignIn *self,
                                              const char       *login,
                                              const char       *password);
gboolean    kefu_server_sign_in_is_busy      (KefuServerSignIn *self);
const char *kefu_server_sign_in_get_message  (KefuServerSignIn *self);

G_END_DECLS
