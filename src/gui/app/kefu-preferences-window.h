/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-preferences-window.h — the service center's settings */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"
#include "kefu-store-watch.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_PREFERENCES_WINDOW (kefu_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuPreferencesWindow, kefu_preferences_window, KEFU, PREFERENCES_WINDOW, AdwPreferencesWindow)

KefuPreferencesWindow *kefu_preferences_window_new (GtkWindow *parent,
                                                    KefuStore *store,
                                                    KefuUser  *user);
/* Whether a change waits for another program's write lock. */
gboolean               kefu_preferences_window_is_waiting      (KefuPreferencesWindow *self);
/* Reads @path (holiday-cn JSON or iCalendar) off the GUI thread, then
 * saves its days into @calendar, waiting for the lock if need be. */
void                   kefu_preferences_window_import_holidays (KefuPreferencesWindow *self,
                                                                const char            *calendar,
                                                                const char            *path);
/* Follows @watch: the policies, calendars and intake settings another
 * desk changes are read anew (what is being edited here is kept). */
void                   kefu_preferences_window_follow          (KefuPreferencesWindow *self,
                                                                KefuStoreWatch        *watch);

G_END_DECLS
