/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-window.h — the main window */
#pragma once

#include <adwaita.h>

#include "kefu-application.h"
#include "kefu-backup.h"
#include "kefu-backup-runner.h"
#include "kefu-server-sign-in.h"
#include "kefu-store.h"
#include "kefu-store-watch.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_WINDOW (kefu_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuWindow, kefu_window, KEFU, WINDOW, AdwApplicationWindow)

KefuWindow *kefu_window_new               (KefuApplication *application);
void        kefu_window_open_database     (KefuWindow      *self,
                                           const char      *path);
void        kefu_window_set_store         (KefuWindow      *self,
                                           KefuStore       *store);
KefuStore  *kefu_window_get_store         (KefuWindow      *self);
void        kefu_window_sign_in           (KefuWindow      *self,
                                           KefuUser        *user);
KefuUser   *kefu_window_get_user          (KefuWindow      *self);
gboolean    kefu_window_is_view_name      (const char      *name);
void        kefu_window_set_view          (KefuWindow      *self,
                                           const char      *name);
const char *kefu_window_get_page          (KefuWindow      *self);
GtkWidget  *kefu_window_get_view          (KefuWindow      *self,
                                           const char      *name);
GtkWidget  *kefu_window_get_tickets_view  (KefuWindow      *self);
GtkWidget  *kefu_window_get_training_view (KefuWindow      *self);
/* A server's sign-in page (#20): login and password */
KefuServerSignIn *kefu_window_get_server_sign_in (KefuWindow  *self);
/* The welcome page of a new database (built when first asked for) */
GtkWidget  *kefu_window_get_welcome_page  (KefuWindow      *self);
void        kefu_window_export            (KefuWindow      *self,
                                           const char      *path,
                                           gboolean         full);
void        kefu_window_check_clocks      (KefuWindow      *self);
void        kefu_window_show_problem      (KefuWindow      *self,
                                           const char      *source,
                                           const char      *message,
                                           gboolean         lasting);
const char *kefu_window_get_problem       (KefuWindow      *self,
                                           const char      *source);
void        kefu_window_check_file        (KefuWindow      *self);

void        kefu_window_lock              (KefuWindow      *self);
gboolean    kefu_window_is_locked         (KefuWindow      *self);
gboolean    kefu_window_check_idle        (KefuWindow      *self);
gboolean    kefu_window_has_exam_in_progress (KefuWindow   *self);
void        kefu_window_set_idle_minutes  (KefuWindow      *self,
                                           guint            minutes);
void        kefu_window_set_last_activity (KefuWindow      *self,
                                           gint64           monotonic_us);
gboolean    kefu_window_is_waiting_for_database (KefuWindow *self);

KefuBackupRunner *kefu_window_get_backups (KefuWindow      *self);
void        kefu_window_set_auto_backup   (KefuWindow      *self,
                                           gboolean         automatic);
KefuWindow *kefu_window_restore           (KefuWindow      *self,
                                           KefuRestore     *restore);
/* A server that stopped answering (#20): the window says so and looks
 * for it again (kefu-window-database.c); win.server-lost does the same */
void        kefu_window_server_lost       (KefuWindow      *self);
gboolean    kefu_window_is_reconnecting   (KefuWindow      *self);
gboolean    kefu_window_is_offline        (KefuWindow      *self);
/* Other desks' changes (#20): the window's watch, NULL before sign-in */
KefuStoreWatch *kefu_window_get_store_watch (KefuWindow    *self);
/* For tests: the service-level alerts this desk showed since sign-in */
guint           kefu_window_get_sla_alerts_shown (KefuWindow *self);

G_END_DECLS
