struct _KefuWindow
{
  AdwApplicationWindow  parent_instance;

  KefuStore            *store;
  KefuUser             *user;
  KefuSlaWatcher       *watcher;
  KefuBackupRunner     *backups;
  gboolean              auto_backup;
  GSettings            *settings;
  char                 *pending_view;
  guint                 health_timeout;
  gint64                last_quick_check;   /* monotonic */
  KefuLoader           *quick_check;

  gboolean              locked;
  guint                 idle_minutes;     /* 0: never locks itself */
  guint                 idle_source;
  GPtrArray            *hidden_windows;   /* hidden while locked */
  GPtrArray            *alert_toasts;     /* shown until dismissed; gone when locked */
  char                 *db_path;       /* the file opened last, for "Try Again" */
  KefuLoader           *open_wait;     /* loading while waiting for another program's lock */

  /* template */
  GtkStack             *pages;
  AdwStatusPage        *error_page;
  GtkWidget            *open_wait_box;
  GtkSpinner           *open_wait_spinner;
  GtkWidget            *retry_button;
  KefuWelcomePage      *welcome_page;
  KefuUserChooser      *user_chooser;
  AdwViewStack         *view_stack;
  AdwViewSwitcherTitle *switcher_title;
  GtkMenuButton        *user_button;
  GtkWidget            *new_ticket_button;
  AdwToastOverlay      *toast_overlay;
  GtkBox               *problems_box;
  KefuTicketsView      *tickets_view;
  KefuDashboardView    *dashboard_view;
  KefuDispatchBoard    *dispatch_board;
  KefuTrainingView     *training_view;
};
