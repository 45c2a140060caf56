/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-server-people-window.h — the people of a center on a database
 * server (#20): listed for everyone, managed by an administrator */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"
#include "kefu-store-watch.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_SERVER_PEOPLE_WINDOW (kefu_server_people_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuServerPeopleWindow, kefu_server_people_window, KEFU, SERVER_PEOPLE_WINDOW, AdwWindow)

KefuServerPeopleWindow *kefu_server_people_window_new (GtkWindow  *parent,
                                                       KefuStore  *store,
                                                       KefuUser   *user,
                                                       GError    **error);
/* What the Add Person dialog's Add does (for tests too): FALSE with the
 * refusal in words, also shown in the window */
gboolean  kefu_server_people_window_add      (KefuServerPeopleWindow  *self,
                                              const char              *login,
                                              const char              *name,
                                              const char              *role,
                                              const char              *password,
                                              GError                 **error);
/* The list read again whenever @watch hears that another desk changed
 * the people (its "people" topic), for as long as both live */
void      kefu_server_people_window_follow   (KefuServerPeopleWindow  *self,
                                              KefuStoreWatch          *watch);
guint     kefu_server_people_window_get_n_people (KefuServerPeopleWindow *self);
/* The row of @login's title and subtitle, "" when not listed */
char     *kefu_server_people_window_describe (KefuServerPeopleWindow  *self,
                                              const char              *login);

G_END_DECLS
