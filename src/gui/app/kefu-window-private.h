/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-window-private.h — what the window's two files share: its fields,
 * and the functions each calls in the other (kefu-window.c: the pages,
 * sign-in, lock, views and actions; kefu-window-database.c: the database
 * file's problems, its daily check, waiting for another program's lock,
 * and restoring a backup) */
#pragma once

#include <adwaita.h>

#include "kefu-certificate.h"
#include "kefu-auth.h"
#include "kefu-audit.h"
#include "kefu-audit-window.h"
#include "kefu-people-window.h"
#include "kefu-backup.h"
#include "kefu-backup-runner.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-exam-window.h"
#include "kefu-export.h"
#include "kefu-import-window.h"
#include "kefu-intake-dialog.h"
#include "kefu-preferences-window.h"
#include "kefu-sla-watcher.h"
#include "kefu-store-watch.h"
#include "kefu-dashboard-view.h"
#include "kefu-dispatch-board.h"
#include "kefu-tickets-view.h"
#include "kefu-training-view.h"
#include "kefu-user-chooser.h"
#include "kefu-server-sign-in.h"
#include "kefu-welcome-page.h"
#include "kefu-exam.h"
#include "kefu-window.h"
#include "kefu-view.h"
#include "kefu-loader.h"
#include "kefu-profile.h"

G_BEGIN_DECLS

#define HEALTH_SECONDS 10
#define QUICK_CHECK_EVERY (G_GINT64_CONSTANT (24) * 60 * 60 * G_USEC_PER_SEC)

struct _KefuWindow
{
  AdwApplicationWindow  parent_instance;

  KefuStore            *store;
  KefuUser             *user;
  KefuSlaWatcher       *watcher;
  KefuStoreWatch       *live;          /* other desks' changes (#20) */
  KefuBackupRunner     *backups;
  gboolean              auto_backup;
  GSettings            *settings;
  char                 *pending_view;
  guint                 health_timeout;
  gint64                last_quick_check;   /* monotonic */
  KefuLoader           *quick_check;
  guint                 quick_check_source;   /* waiting to start it */
  gboolean              drawn;                /* the window's first frame is out */

  gboolean              locked;
  guint                 idle_minutes;     /* 0: never locks itself */
  guint                 idle_source;
  GPtrArray            *hidden_windows;   /* hidden while locked */
  GPtrArray            *alert_toasts;     /* shown until dismissed; gone when locked */
  char                 *db_path;       /* the file opened last, for "Try Again" */
  KefuLoader           *open_wait;     /* loading while waiting for another program's lock */
  gboolean              offline;          /* the server is not answering (#20) */
  guint                 reconnect_source; /* the next try */
  guint                 reconnect_wait;   /* seconds: 1, 2, 4, 8 */
  GCancellable         *reconnecting;     /* a connect under way in a worker thread */
  KefuIntakeDialog     *intake;           /* the last intake opened (weak): kept when unsaved */

  /* template */
  GtkStack             *pages;
  AdwStatusPage        *error_page;
  GtkWidget            *open_wait_box;
  GtkSpinner           *open_wait_spinner;
  GtkWidget            *retry_button;
  AdwBin               *welcome_bin;      /* where the welcome page goes when first shown */
  AdwBin               *server_sign_in_bin;
  KefuUserChooser      *user_chooser;
  /* NULL until first shown (kefu_window_get_welcome_page, _get_server_sign_in) */
  KefuWelcomePage      *welcome_page;
  KefuServerSignIn     *server_sign_in;   /* a server's sign-in: login and password (#20) */
  AdwViewStack         *view_stack;
  AdwViewSwitcherTitle *switcher_title;
  GtkMenuButton        *user_button;
  GtkMenuButton        *primary_button;
  AdwViewSwitcherBar   *switcher_bar;
  GMenuModel           *primary_menu;   /* set on its button when first opened */
  GMenuModel           *user_menu;
  GtkWidget            *new_ticket_button;
  AdwToastOverlay      *toast_overlay;
  GtkBox               *problems_box;
  /* the views: NULL until first shown or asked for (kefu_window_get_view) */
  KefuTicketsView      *tickets_view;
  KefuDashboardView    *dashboard_view;
  KefuDispatchBoard    *dispatch_board;
  KefuTrainingView     *training_view;
};

gboolean kefu_window_health_tick_cb (gpointer data);
void kefu_window_remove_problem (KefuWindow *self, GtkWidget *row);
void kefu_window_retry_open_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void kefu_window_show_error (KefuWindow *self, const GError *error);
void kefu_window_show_page (KefuWindow *self, const char *name);
void kefu_window_show_waiting (KefuWindow *self, gboolean waiting);
void kefu_window_start_quick_check (KefuWindow *self);
void kefu_window_show_server_sign_in (KefuWindow *self, const char *spec);
void kefu_window_queue_quick_check (KefuWindow *self);
void kefu_window_refresh_views (KefuWindow *self);
void kefu_window_server_lost_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void kefu_window_watch_connected_cb (KefuWindow *self, GParamSpec *pspec, KefuStoreWatch *watch);
void kefu_window_forget_server_state (KefuWindow *self);

G_END_DECLS
