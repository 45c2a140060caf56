/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-window.c — the main window
 *
 * Pages: an error page when the database cannot be opened, the welcome
 * page for a new database, the sign-in page (pick, PIN, Enter), and the
 * four views. Above them, one row per background problem (the
 * service-level watcher, an automatic dispatch, the file's health): never
 * queued behind a toast. The file is checked in the background after
 * opening and daily (quick_check), and every few seconds for a damaged,
 * removed or replaced file, which the store no longer writes to.
 *
 * Ctrl+L locks the desk: the sign-in page covers the views (the signed-in
 * user's PIN unlocks it as it was, anyone else's switches user), the
 * windows opened from it are hidden, and service-level alerts keep coming,
 * masked. The desk locks itself after the idle time set in the
 * preferences (GSettings idle-lock-minutes), never while an exam is in
 * progress in its window.
 *
 * A database another program is writing to (kefu-cli importing, the SLA
 * timer) may not open at once: the error page then says the window waits,
 * a worker thread tries again until the file opens, and the window goes
 * on by itself. "Try Again" on the error page opens the same file anew,
 * whatever stopped it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-certificate.h"
#include "kefu-auth.h"
#include "kefu-audit.h"
#include "kefu-audit-window.h"
#include "kefu-people-window.h"
#include "kefu-server-people.h"
#include "kefu-server-people-window.h"
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
#include "kefu-dashboard-view.h"
#include "kefu-dispatch-board.h"
#include "kefu-tickets-view.h"
#include "kefu-training-view.h"
#include "kefu-user-chooser.h"
#include "kefu-server-sign-in.h"
#include "kefu-welcome-page.h"
#include "kefu-exam.h"
#include "kefu-window.h"
#include "kefu-window-private.h"
#include "kefu-view.h"
#include "kefu-loader.h"
#include "kefu-profile.h"


G_DEFINE_FINAL_TYPE (KefuWindow, kefu_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const view_names[] = { "tickets", "dispatch", "dashboard", "training", NULL };

/* The last key press, click, scroll or pointer move in any of the
 * process's windows (monotonic µs): what the idle lock measures. */
static gint64 last_activity;

static gboolean
activity_cb (GtkEventControllerLegacy *controller,
             GdkEvent                 *event,
             gpointer                  data)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
      last_activity = g_get_monotonic_time ();
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
watch_toplevels (GListModel *toplevels,
                 guint       position,
                 guint       removed,
                 guint       added,
                 gpointer    data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      /* a mark on any toplevel, a file chooser's or a dialog's as well as
       * ours: object data is the way to tag an object of a type not ours */
      if (g_object_get_data (G_OBJECT (window), "kefu-activity") != NULL)
        continue;
      {
        GtkEventController *controller = gtk_event_controller_legacy_new ();

        gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
        g_signal_connect (controller, "event", G_CALLBACK (activity_cb), NULL);
        gtk_widget_add_controller (window, controller);
        g_object_set_data (G_OBJECT (window), "kefu-activity", GINT_TO_POINTER (1));
      }
    }
}

/* Every window of the process, present and to come, counts as activity. */
static void
watch_activity (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      last_activity = g_get_monotonic_time ();
      g_signal_connect (toplevels, "items-changed", G_CALLBACK (watch_toplevels), NULL);
      watch_toplevels (toplevels, 0, 0, g_list_model_get_n_items (toplevels), NULL);
      g_once_init_leave (&done, 1);
    }
}

/* Someone is signed in and the desk is not locked. */
static gboolean
at_desk (KefuWindow *self)
{
  return self->user != NULL && !self->locked;
}

/* What can be done now, and by this role: actions that may not are off
 * (and their menu items hidden), so a shortcut cannot reach them either. */
static void
update_actions (KefuWindow *self)
{
  static const char * const desk_actions[] = {
    "win.view", "win.search", "win.new-ticket", "win.import", "win.preferences", "win.backup-preferences",
    "win.open-ticket", "win.lock", "win.switch-user", "win.change-pin", NULL
  };
  gboolean desk = at_desk (self);

  for (guint i = 0; desk_actions[i] != NULL; i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), desk_actions[i], desk);
  /* masked for everyone; in full only with the right (the export dialog) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", desk);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit",
                                 desk && kefu_user_can (self->user, KEFU_PERMISSION_VIEW_AUDIT));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.people", desk);
  /* on a server (#20): a person has a password of the server's instead of
   * a PIN (Preferences ▸ Backups says how the server is backed up, and
   * saves an offline copy) */
  if (self->store != NULL && kefu_store_is_server (self->store))
    {
      static const char * const file_only[] = { "win.change-pin", NULL };

      for (guint i = 0; file_only[i] != NULL; i++)
        gtk_widget_action_set_enabled (GTK_WIDGET (self), file_only[i], FALSE);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.change-password",
                                 desk && self->store != NULL && kefu_store_get_person (self->store) != NULL);
  /* a locked desk keeps its database */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-database", !self->locked);
}

gboolean
kefu_window_is_view_name (const char *name)
{
  return name != NULL && g_strv_contains (view_names, name);
}

void
kefu_window_show_page (KefuWindow *self,
                       const char *name)
{
  gboolean main = g_str_equal (name, "main");

  gtk_stack_set_visible_child_name (self->pages, name);
  /* the view switchers' buttons, when first shown */
  if (main && adw_view_switcher_title_get_stack (self->switcher_title) == NULL)
    {
      adw_view_switcher_title_set_stack (self->switcher_title, self->view_stack);
      adw_view_switcher_bar_set_stack (self->switcher_bar, self->view_stack);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_title), main);
  gtk_widget_set_visible (GTK_WIDGET (self->user_button), main);
  gtk_widget_set_visible (self->new_ticket_button, main);
  if (!main)
    gtk_window_set_title (GTK_WINDOW (self), _("Kefu"));
}

const char *
kefu_window_get_page (KefuWindow *self)
{
  return gtk_stack_get_visible_child_name (self->pages);
}

void
kefu_window_show_waiting (KefuWindow *self,
                          gboolean    waiting)
{
  gtk_widget_set_visible (self->open_wait_box, waiting);
  gtk_spinner_set_spinning (self->open_wait_spinner, waiting);
  adw_status_page_set_title (self->error_page, waiting ? _("Waiting for the Database")
                                                       : _("The Database Cannot Be Opened"));
  adw_status_page_set_icon_name (self->error_page, waiting ? "content-loading-symbolic" : "dialog-error-symbolic");
}

void
kefu_window_show_error (KefuWindow   *self,
                        const GError *error)
{
  kefu_window_show_waiting (self, FALSE);
  adw_status_page_set_description (self->error_page, error->message);
  kefu_window_show_page (self, "error");
}

static void welcome_finished_cb (KefuWindow      *self,
                                 KefuWelcomePage *page);
static void server_signed_in_cb (KefuWindow       *self,
                                 KefuStore        *store,
                                 KefuUser         *user,
                                 KefuServerSignIn *page);

/* The welcome page (a new database) and the server's sign-in page are
 * built when first shown or asked for: most starts show only the
 * sign-in page, which is drawn without them. */
static KefuWelcomePage *
welcome_page (KefuWindow *self)
{
  if (self->welcome_page == NULL)
    {
      self->welcome_page = KEFU_WELCOME_PAGE (g_object_new (KEFU_TYPE_WELCOME_PAGE, NULL));
      g_signal_connect_object (self->welcome_page, "finished", G_CALLBACK (welcome_finished_cb), self,
                               G_CONNECT_SWAPPED);
      adw_bin_set_child (self->welcome_bin, GTK_WIDGET (self->welcome_page));
    }
  return self->welcome_page;
}

GtkWidget *
kefu_window_get_welcome_page (KefuWindow *self)
{
  g_return_val_if_fail (KEFU_IS_WINDOW (self), NULL);
  return GTK_WIDGET (welcome_page (self));
}

static KefuServerSignIn *
server_sign_in (KefuWindow *self)
{
  if (self->server_sign_in == NULL)
    {
      self->server_sign_in = KEFU_SERVER_SIGN_IN (g_object_new (KEFU_TYPE_SERVER_SIGN_IN, NULL));
      g_signal_connect_object (self->server_sign_in, "signed-in", G_CALLBACK (server_signed_in_cb), self,
                               G_CONNECT_SWAPPED);
      adw_bin_set_child (self->server_sign_in_bin, GTK_WIDGET (self->server_sign_in));
    }
  return self->server_sign_in;
}

/* Unlocked: the server's sign-in page (if ever built) forgets who held the desk */
static void
unlock_server_sign_in (KefuWindow *self)
{
  if (self->server_sign_in != NULL)
    kefu_server_sign_in_set_locked (self->server_sign_in, NULL);
}

static void
show_sign_in (KefuWindow *self)
{
  g_autofree char *last = self->settings ? g_settings_get_string (self->settings, "last-user") : NULL;
  g_autoptr(GError) error = NULL;

  if (!kefu_user_chooser_load (self->user_chooser, self->store, last, &error))
    {
      kefu_window_show_error (self, error);
      return;
    }
  kefu_window_show_page (self, "sign-in");
  update_actions (self);
}

/* A window opened from this one (directly or through another). */
static gboolean
opened_from (GtkWindow  *window,
             KefuWindow *self)
{
  for (GtkWindow *w = gtk_window_get_transient_for (window); w != NULL; w = gtk_window_get_transient_for (w))
    if (w == GTK_WINDOW (self))
      return TRUE;
  return FALSE;
}

/* An exam window whose attempt is still being answered. */
static gboolean
is_exam_in_progress (GtkWidget *window)
{
  return KEFU_IS_EXAM_WINDOW (window) && !kefu_exam_window_is_finished (KEFU_EXAM_WINDOW (window));
}

gboolean
kefu_window_has_exam_in_progress (KefuWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);
      if (gtk_widget_get_visible (w) && is_exam_in_progress (w))
        return TRUE;
    }
  return FALSE;
}

/* The windows hidden by the lock: shown again to the same user, closed
 * when someone else signs in (@close). */
static void
forget_hidden_windows (KefuWindow *self,
                       gboolean    close)
{
  /* an intake kept unsaved (#20) is the signed-in person's */
  if (close && self->intake != NULL && kefu_intake_dialog_is_kept (self->intake))
    gtk_window_destroy (GTK_WINDOW (self->intake));
  if (self->hidden_windows == NULL)
    return;
  for (guint i = 0; i < self->hidden_windows->len; i++)
    {
      GtkWindow *w = self->hidden_windows->pdata[i];

      if (close)
        gtk_window_destroy (w);
      else
        gtk_window_present (w);
    }
  g_ptr_array_set_size (self->hidden_windows, 0);
}

static void
alert_toast_dismissed_cb (AdwToast   *toast,
                          KefuWindow *self)
{
  if (self->alert_toasts != NULL)
    g_ptr_array_remove (self->alert_toasts, toast);
}

static void
dismiss_alert_toasts (KefuWindow *self)
{
  g_autoptr(GPtrArray) toasts = self->alert_toasts != NULL ? g_ptr_array_copy (self->alert_toasts, NULL, NULL) : NULL;

  for (guint i = 0; toasts != NULL && i < toasts->len; i++)
    adw_toast_dismiss (toasts->pdata[i]);
}

/* Ctrl+L, the idle time or "Lock": the views are covered by the sign-in
 * page; the signed-in user stays (their PIN unlocks the desk as it was). */
void
kefu_window_lock (KefuWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) to_hide = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KEFU_IS_WINDOW (self));
  if (!at_desk (self))
    return;
  /* on a server the person's password unlocks it (the server checks it) */
  if (kefu_store_get_person (self->store) != NULL)
    kefu_server_sign_in_set_locked (server_sign_in (self), self->user);
  else if (!kefu_user_chooser_load (self->user_chooser, self->store, kefu_user_get_login (self->user), &error))
    {
      kefu_window_show_error (self, error);
      return;
    }
  self->locked = TRUE;
  /* the windows opened from the desk go too; an exam being answered stays */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWidget *w = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (w) && opened_from (GTK_WINDOW (w), self) && !is_exam_in_progress (w))
        g_ptr_array_add (to_hide, w);
      else
        g_object_unref (w);
    }
  if (self->hidden_windows == NULL)
    self->hidden_windows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < to_hide->len; i++)
    {
      gtk_widget_set_visible (to_hide->pdata[i], FALSE);
      g_ptr_array_add (self->hidden_windows, g_object_ref (to_hide->pdata[i]));
    }
  dismiss_alert_toasts (self);
  if (self->watcher != NULL)
    kefu_sla_watcher_set_masked (self->watcher, TRUE);
  kefu_user_chooser_set_locked (self->user_chooser, self->user);
  kefu_window_show_page (self, kefu_store_get_person (self->store) != NULL ? "server-sign-in" : "sign-in");
  update_actions (self);
}

gboolean
kefu_window_is_locked (KefuWindow *self)
{
  return self->locked;
}

/* Locks the desk if nobody has touched any of its windows for the idle
 * time, unless an exam is being answered. TRUE if it locked. */
gboolean
kefu_window_check_idle (KefuWindow *self)
{
  g_return_val_if_fail (KEFU_IS_WINDOW (self), FALSE);
  if (!at_desk (self) || self->idle_minutes == 0 ||
      g_get_monotonic_time () - last_activity < (gint64) self->idle_minutes * 60 * G_USEC_PER_SEC ||
      kefu_window_has_exam_in_progress (self))
    return FALSE;
  kefu_window_lock (self);
  return TRUE;
}

/* For tests: pretend the last activity was at @monotonic_us. */
void
kefu_window_set_last_activity (KefuWindow *self,
                               gint64      monotonic_us)
{
  last_activity = monotonic_us;
}

void
kefu_window_set_idle_minutes (KefuWindow *self,
                              guint       minutes)
{
  self->idle_minutes = minutes;
}

static gboolean
idle_tick_cb (gpointer data)
{
  kefu_window_check_idle (data);
  return G_SOURCE_CONTINUE;
}

static void
idle_minutes_changed_cb (KefuWindow *self,
                         const char *key,
                         GSettings  *settings)
{
  self->idle_minutes = g_settings_get_int (settings, "idle-lock-minutes");
}

static void
store_problem_cb (KefuWindow *self,
                  const char *source,
                  const char *message,
                  KefuStore  *store)
{
  kefu_window_show_problem (self, source, message, FALSE);
}

static void watcher_in_app_cb (KefuWindow *self,
                               const char *text,
                               gint64      ticket_id);

/* A ticket automatic dispatch left unassigned: a toast that stays until
 * dismissed, leading to the ticket (its timeline says why). */
static void
store_notice_cb (KefuWindow *self,
                 const char *source,
                 const char *message,
                 gint64      ticket_id,
                 KefuStore  *store)
{
  watcher_in_app_cb (self, message, ticket_id);
}

void
kefu_window_set_store (KefuWindow *self,
                       KefuStore  *store)
{
  g_return_if_fail (KEFU_IS_WINDOW (self));
  g_return_if_fail (KEFU_IS_STORE (store));

  /* a file still awaited is not wanted any more */
  kefu_loader_cancel (self->open_wait);
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->store, store_problem_cb, self);
      g_signal_handlers_disconnect_by_func (self->store, store_notice_cb, self);
      g_signal_handlers_disconnect_by_func (self->store, kefu_window_server_lost, self);
    }
  g_set_object (&self->store, store);
  g_clear_object (&self->user);
  g_signal_connect_object (store, "problem", G_CALLBACK (store_problem_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "notice", G_CALLBACK (store_notice_cb), self, G_CONNECT_SWAPPED);
  /* a lost server (#20): the window's thread never waits for a connect */
  g_signal_connect_object (store, "server-lost", G_CALLBACK (kefu_window_server_lost), self, G_CONNECT_SWAPPED);
  kefu_store_set_reconnect_in_background (store, TRUE);
  /* what was wrong with the last file is not this one's */
  for (GtkWidget *row; (row = gtk_widget_get_first_child (GTK_WIDGET (self->problems_box))) != NULL;)
    kefu_window_remove_problem (self, row);
  kefu_window_queue_quick_check (self);   /* (the last file's, if still running, is dropped) */
  if (self->health_timeout == 0)
    self->health_timeout = g_timeout_add_seconds (HEALTH_SECONDS, kefu_window_health_tick_cb, self);

  g_clear_object (&self->watcher);
  g_clear_object (&self->live);
  kefu_window_forget_server_state (self);
  self->locked = FALSE;
  forget_hidden_windows (self, TRUE);
  /* a server signed in to as a person (#20): who is at the desk is
   * known already (kefu_window_sign_in follows); the server is backed
   * up by its own tools, not by a desk */
  if (kefu_store_is_server (store))
    {
      kefu_backup_runner_set_store (self->backups, NULL);
      update_actions (self);
      return;
    }
  kefu_backup_runner_set_store (self->backups, store);
  if (self->auto_backup)
    kefu_backup_runner_schedule (self->backups, GTK_WIDGET (self));
  if (kefu_store_is_empty (store))
    {
      kefu_welcome_page_set_store (welcome_page (self), store);
      kefu_window_show_page (self, "welcome");
    }
  else
    show_sign_in (self);
}

KefuStore *
kefu_window_get_store (KefuWindow *self)
{
  return self->store;
}

KefuUser *
kefu_window_get_user (KefuWindow *self)
{
  return self->user;
}

static void board_open_ticket_cb (KefuWindow        *self,
                                  gint64             ticket_id,
                                  KefuDispatchBoard *board);
static void dashboard_show_tickets_cb (KefuWindow        *self,
                                       KefuTicketQuery   *query,
                                       const char        *description,
                                       KefuDashboardView *view);

/* the board's changes are a dispatcher's (the core refuses them anyway) */
static void
update_board_actions (KefuWindow *self)
{
  static const char * const board_actions[] = {
    "board.run-rules", "board.settings", "board.undo", "board.assign-to", "board.set-appointment",
    "board.restore-appointment", NULL
  };

  if (self->dispatch_board == NULL || self->user == NULL)
    return;
  for (guint i = 0; board_actions[i] != NULL; i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self->dispatch_board), board_actions[i],
                                   kefu_user_can (self->user, KEFU_PERMISSION_DISPATCH));
}

/* The view @name (one of view_names), built from its template the first
 * time it is shown or asked for: the window itself is built without them,
 * and the sign-in page is drawn before any of them exists. A view that
 * follows the store is given it here if someone is signed in already. */
/* On a server (#20) every view runs as on a file: the tickets, the
 * board, the dashboard (the KPIs read as the signed-in person's role) and
 * training (graded by the server, the keys kept from trainees' roles).
 * The bin a view goes in when first shown is its page of the view stack. */
static AdwBin *
view_bin (KefuWindow *self,
          const char *name)
{
  return ADW_BIN (adw_view_stack_get_child_by_name (self->view_stack, name));
}

GtkWidget *
kefu_window_get_view (KefuWindow *self,
                      const char *name)
{
  GtkWidget *bin, *view;

  g_return_val_if_fail (KEFU_IS_WINDOW (self), NULL);
  g_return_val_if_fail (kefu_window_is_view_name (name), NULL);

  bin = GTK_WIDGET (view_bin (self, name));
  if ((view = adw_bin_get_child (ADW_BIN (bin))) != NULL)
    return view;
  if (g_str_equal (name, "tickets"))
    self->tickets_view = KEFU_TICKETS_VIEW (view = g_object_new (KEFU_TYPE_TICKETS_VIEW, NULL));
  else if (g_str_equal (name, "dispatch"))
    {
      self->dispatch_board = KEFU_DISPATCH_BOARD (view = g_object_new (KEFU_TYPE_DISPATCH_BOARD, NULL));
      g_signal_connect_object (view, "open-ticket", G_CALLBACK (board_open_ticket_cb), self, G_CONNECT_SWAPPED);
    }
  else if (g_str_equal (name, "dashboard"))
    {
      self->dashboard_view = KEFU_DASHBOARD_VIEW (view = g_object_new (KEFU_TYPE_DASHBOARD_VIEW, NULL));
      g_signal_connect_object (view, "show-tickets", G_CALLBACK (dashboard_show_tickets_cb), self, G_CONNECT_SWAPPED);
    }
  else
    self->training_view = KEFU_TRAINING_VIEW (view = g_object_new (KEFU_TYPE_TRAINING_VIEW, NULL));
  adw_bin_set_child (ADW_BIN (bin), view);
  update_board_actions (self);
  if (self->store != NULL && self->user != NULL && KEFU_IS_VIEW (view) &&
      kefu_view_follows_store (KEFU_VIEW (view)))
    kefu_view_set_store (KEFU_VIEW (view), self->store, self->user);
  return view;
}

GtkWidget *
kefu_window_get_tickets_view (KefuWindow *self)
{
  return kefu_window_get_view (self, "tickets");
}

GtkWidget *
kefu_window_get_training_view (KefuWindow *self)
{
  return kefu_window_get_view (self, "training");
}

/* (built when first asked for) */
static KefuTicketsView *
tickets_view (KefuWindow *self)
{
  return KEFU_TICKETS_VIEW (kefu_window_get_view (self, "tickets"));
}

void
kefu_window_set_view (KefuWindow *self,
                      const char *name)
{
  g_return_if_fail (kefu_window_is_view_name (name));

  if (self->user == NULL)
    {
      /* Applied once someone has signed in. */
      g_free (self->pending_view);
      self->pending_view = g_strdup (name);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
watcher_open_ticket_cb (KefuWindow *self,
                        gint64      ticket_id)
{
  kefu_window_set_view (self, "tickets");
  kefu_tickets_view_show_ticket (tickets_view (self), ticket_id);
  gtk_window_present (GTK_WINDOW (self));
}

/* A toast of plain text: libadwaita 1.2 reads a toast's title as Pango
 * markup, and a message may name "Plumbing & electrical" or an owner's
 * address with a "<" in it (the text was dropped with a warning). */
static AdwToast *
plain_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

/* Without a notification server, the same alert appears in the window. */
static void
watcher_in_app_cb (KefuWindow *self,
                   const char *text,
                   gint64      ticket_id)
{
  AdwToast *toast;

  /* the watcher masks them while the desk is locked */
  if (self->locked)
    {
      kefu_user_chooser_add_alert (self->user_chooser, text);
      return;
    }
  toast = plain_toast_new (text);
  if (self->alert_toasts == NULL)
    self->alert_toasts = g_ptr_array_new ();
  g_ptr_array_add (self->alert_toasts, toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (alert_toast_dismissed_cb), self, 0);
  adw_toast_set_timeout (toast, 0);   /* stays until dismissed */
  adw_toast_set_button_label (toast, _("Open Ticket"));
  adw_toast_set_action_name (toast, "win.open-ticket");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (ticket_id));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
open_ticket_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  watcher_open_ticket_cb (KEFU_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
watcher_problem_cb (KefuWindow *self,
                    const char *message)
{
  kefu_window_show_problem (self, "sla", message, FALSE);
}

/* For tests and a manual refresh: check the clocks at once. */
void
kefu_window_check_clocks (KefuWindow *self)
{
  if (self->watcher != NULL)
    kefu_sla_watcher_check_now (self->watcher);
}

/* The main views are KefuViews: the dashboard, the board and the training
 * view are read when they are looked at, and anew each time; a view that
 * follows the store itself (the tickets view) is given it once, at sign-in
 * (set_views_store). */
static void
load_view (KefuWindow *self,
           const char *name)
{
  GtkWidget *view;

  if (self->store == NULL || self->user == NULL || !kefu_window_is_view_name (name))
    return;
  view = kefu_window_get_view (self, name);
  if (KEFU_IS_VIEW (view) && !kefu_view_follows_store (KEFU_VIEW (view)))
    kefu_view_set_store (KEFU_VIEW (view), self->store, self->user);
}

static void
set_views_store (KefuWindow *self)
{
  for (guint i = 0; view_names[i] != NULL; i++)
    {
      /* (only the views built so far: the others are given it when built) */
      GtkWidget *view = adw_bin_get_child (view_bin (self, view_names[i]));

      if (view != NULL && KEFU_IS_VIEW (view) && kefu_view_follows_store (KEFU_VIEW (view)))
        kefu_view_set_store (KEFU_VIEW (view), self->store, self->user);
    }
}

/* Another desk committed a change (#20; this desk's own commits are no
 * news to the watch): the tickets list and the sidebar's counts, and the
 * dispatch board when it is shown, are read anew in the background (their
 * loaders), keeping the ticket being worked on, the scroll and the focus.
 * The watch coalesces a burst into one call. */
static void
live_changed_cb (KefuWindow *self,
                 char      **topics)
{
  const char *visible;

  if (self->store == NULL || self->user == NULL)
    return;
  if (g_strv_contains ((const char * const *) topics, "tickets") ||
      g_strv_contains ((const char * const *) topics, "counts"))
    kefu_tickets_view_refresh (self->tickets_view);
  visible = adw_view_stack_get_visible_child_name (self->view_stack);
  if (g_strv_contains ((const char * const *) topics, "board") && g_strcmp0 (visible, "dispatch") == 0)
    kefu_dispatch_board_refresh (self->dispatch_board);
}

/* Everything read anew (the server came back: what changed meanwhile was
 * not heard) */
void
kefu_window_refresh_views (KefuWindow *self)
{
  const char *all[] = { "board", "counts", "people", "tickets", NULL };

  live_changed_cb (self, (char **) all);
}

/* A server's watch hears from its first LISTEN on, made in a worker
 * thread after signing in read the list, the counts and the board: what
 * another desk committed in between is in neither, so everything is read
 * once more then. (A file's watch hears from its creation; after a lost
 * connection the watch itself names every topic again.) */
static void
live_listening_cb (KefuWindow     *self,
                   GParamSpec     *pspec,
                   KefuStoreWatch *watch)
{
  if (!kefu_store_watch_is_listening (watch))
    return;
  g_signal_handlers_disconnect_by_func (watch, live_listening_cb, self);
  kefu_window_refresh_views (self);
}

static void
watch_live (KefuWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->live != NULL)
    return;
  self->live = kefu_store_watch_new (self->store, &error);
  if (self->live == NULL)
    {
      g_message ("%s", error->message);
      return;
    }
  g_signal_connect_object (self->live, "changed", G_CALLBACK (live_changed_cb), self, G_CONNECT_SWAPPED);
  if (!kefu_store_watch_is_listening (self->live))
    g_signal_connect_object (self->live, "notify::listening", G_CALLBACK (live_listening_cb), self,
                             G_CONNECT_SWAPPED);
  g_signal_connect_object (self->live, "notify::connected", G_CALLBACK (kefu_window_watch_connected_cb), self,
                           G_CONNECT_SWAPPED);
}

static void restore_intake_draft (KefuWindow *self);

/* The clocks' first check after signing in waits for the frame that
 * shows the list (or whatever view is chosen): it is a worker's query,
 * which on two cores would share the CPU with that frame. Tied to the
 * watcher: a later sign-in's watcher checks for itself. */
static void
first_check_after_paint_cb (GdkFrameClock  *clock,
                            KefuSlaWatcher *watcher)
{
  g_signal_handlers_disconnect_by_func (clock, first_check_after_paint_cb, watcher);
  kefu_sla_watcher_check_now (watcher);
}

static void
first_check_mapped_cb (KefuSlaWatcher *watcher,
                       KefuWindow     *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_signal_handlers_disconnect_by_func (self, first_check_mapped_cb, watcher);
  if (clock == NULL)
    {
      kefu_sla_watcher_check_now (watcher);
      return;
    }
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_check_after_paint_cb), watcher, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
check_clocks_after_next_frame (KefuWindow *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    first_check_mapped_cb (self->watcher, self);
  else
    g_signal_connect_object (self, "map", G_CALLBACK (first_check_mapped_cb), self->watcher, G_CONNECT_SWAPPED);
}

/* For tests: how many service-level alerts this desk has shown since its
 * user signed in (0 before). */
guint
kefu_window_get_sla_alerts_shown (KefuWindow *self)
{
  g_return_val_if_fail (KEFU_IS_WINDOW (self), 0);
  return self->watcher != NULL ? kefu_sla_watcher_get_shown (self->watcher) : 0;
}

/* For tests: the watch of other desks' changes (NULL before sign-in). */
KefuStoreWatch *
kefu_window_get_store_watch (KefuWindow *self)
{
  g_return_val_if_fail (KEFU_IS_WINDOW (self), NULL);
  return self->live;
}

/* @user, whose PIN was checked (kefu_auth_sign_in), is at the desk and
 * recorded as the author of every change. The same user unlocking finds
 * the desk as they left it; someone else starts afresh. */
void
kefu_window_sign_in (KefuWindow *self,
                     KefuUser   *user)
{
  g_autofree char *label = NULL;

  g_return_if_fail (KEFU_IS_WINDOW (self));
  g_return_if_fail (KEFU_IS_USER (user));
  g_return_if_fail (self->store != NULL);

  if (self->locked && self->user != NULL && kefu_user_get_id (self->user) == kefu_user_get_id (user))
    {
      guint n_alerts = kefu_user_chooser_get_n_alerts (self->user_chooser);

      self->locked = FALSE;
      kefu_store_set_actor (self->store, kefu_user_get_id (user));
      if (self->watcher != NULL)
        kefu_sla_watcher_set_masked (self->watcher, FALSE);
      kefu_user_chooser_set_locked (self->user_chooser, NULL);
      unlock_server_sign_in (self);
      kefu_window_show_page (self, "main");
      forget_hidden_windows (self, FALSE);
      update_actions (self);
      if (n_alerts > 0)
        {
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%u service-level alert came while the desk was locked.",
                                                                "%u service-level alerts came while the desk was locked.",
                                                                n_alerts), n_alerts);
          gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
        }
      return;
    }
  /* someone else: what the previous user left open goes */
  self->locked = FALSE;
  forget_hidden_windows (self, TRUE);
  dismiss_alert_toasts (self);
  kefu_user_chooser_set_locked (self->user_chooser, NULL);
  unlock_server_sign_in (self);
  g_set_object (&self->user, user);
  /* the sign-in's audit entry is kefu_auth_sign_in()'s; only the roles
   * that may read the audit log see it in the menu (update_actions) */
  kefu_store_set_actor (self->store, kefu_user_get_id (user));
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-user", kefu_user_get_login (user));

  /* Translators: the header bar's user button: name · role */
  label = g_strdup_printf (_("%s · %s"), kefu_user_get_name (user),
                           kefu_code_label (KEFU_CODES_ROLE, kefu_user_get_role (user)));
  gtk_menu_button_set_label (self->user_button, label);

  set_views_store (self);
  update_board_actions (self);
  kefu_window_show_page (self, "main");

  /* the clocks are watched for whoever is at the desk */
  g_clear_object (&self->watcher);
  self->watcher = kefu_sla_watcher_new (self->store, user);
  g_signal_connect_object (self->watcher, "open-ticket", G_CALLBACK (watcher_open_ticket_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watcher, "in-app-alert", G_CALLBACK (watcher_in_app_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watcher, "problem", G_CALLBACK (watcher_problem_cb), self, G_CONNECT_SWAPPED);
  check_clocks_after_next_frame (self);
  if (self->pending_view != NULL)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, self->pending_view);
      g_clear_pointer (&self->pending_view, g_free);
    }
  load_view (self, adw_view_stack_get_visible_child_name (self->view_stack));
  update_actions (self);
  /* a certificate due for renewal, or a new hire not certified yet */
  {
    g_autofree char *reminder = kefu_certificate_reminder (self->store, kefu_user_get_id (user));
    if (reminder != NULL)
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", reminder);
  }

  /* papers newly assigned to them, and deadlines within a day, each told
   * once (kefu_exam_take_notices); a store that cannot be written to now
   * tells them next time */
  {
    g_autoptr(GPtrArray) notices = kefu_exam_take_notices (self->store, kefu_user_get_id (user), NULL);

    for (guint i = 0; notices != NULL && i < notices->len; i++)
      {
        AdwToast *toast = plain_toast_new (notices->pdata[i]);

        adw_toast_set_timeout (toast, 10);
        /* in front of what the previous user was last told */
        if (i == 0)
          adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
        adw_toast_overlay_add_toast (self->toast_overlay, toast);
      }
  }
  /* other desks' changes from now on (what signing in wrote, the clocks'
   * first check and the notices told, is shown already) */
  watch_live (self);
  restore_intake_draft (self);
}

static void
welcome_finished_cb (KefuWindow      *self,
                     KefuWelcomePage *page)
{
  show_sign_in (self);
}

static void
user_chosen_cb (KefuWindow      *self,
                KefuUser        *user,
                KefuUserChooser *chooser)
{
  kefu_window_sign_in (self, user);
}

/* The server's sign-in page (#20): @store is signed in as @user's
 * PostgreSQL role. The same person unlocking goes on with the desk as
 * they left it (the new connection is let go); anyone else starts afresh
 * on their own connection. */
static void
server_signed_in_cb (KefuWindow       *self,
                     KefuStore        *store,
                     KefuUser         *user,
                     KefuServerSignIn *page)
{
  if (self->locked && self->user != NULL && self->store != NULL &&
      kefu_user_get_id (self->user) == kefu_user_get_id (user))
    {
      kefu_window_sign_in (self, user);
      return;
    }
  kefu_window_set_store (self, store);
  kefu_window_sign_in (self, user);
}

/* @spec names a server: its sign-in page, the last login filled in. */
void
kefu_window_show_server_sign_in (KefuWindow *self,
                                 const char *spec)
{
  g_autofree char *last = self->settings ? g_settings_get_string (self->settings, "last-user") : NULL;

  g_clear_object (&self->watcher);
  g_clear_object (&self->user);
  g_clear_object (&self->store);
  kefu_window_forget_server_state (self);
  self->locked = FALSE;
  forget_hidden_windows (self, TRUE);
  for (GtkWidget *row; (row = gtk_widget_get_first_child (GTK_WIDGET (self->problems_box))) != NULL;)
    kefu_window_remove_problem (self, row);
  kefu_server_sign_in_set_server (server_sign_in (self), spec, last);
  kefu_window_show_page (self, "server-sign-in");
  update_actions (self);
}

KefuServerSignIn *
kefu_window_get_server_sign_in (KefuWindow *self)
{
  g_return_val_if_fail (KEFU_IS_WINDOW (self), NULL);
  return server_sign_in (self);
}

static void
visible_view_changed_cb (KefuWindow   *self,
                         GParamSpec   *pspec,
                         AdwViewStack *stack)
{
  const char *name = adw_view_stack_get_visible_child_name (stack);
  AdwViewStackPage *page = adw_view_stack_get_page (stack, adw_view_stack_get_visible_child (stack));

  if (page != NULL)
    gtk_window_set_title (GTK_WINDOW (self), adw_view_stack_page_get_title (page));
  load_view (self, name);
  if (self->settings != NULL && name != NULL && self->user != NULL)
    g_settings_set_string (self->settings, "last-view", name);
}

/* A card's "Open Ticket" on the board. */
static void
board_open_ticket_cb (KefuWindow        *self,
                      gint64             ticket_id,
                      KefuDispatchBoard *board)
{
  kefu_window_set_view (self, "tickets");
  kefu_tickets_view_show_ticket (tickets_view (self), ticket_id);
}

/* A chart's mark on the dashboard: its tickets, on the Tickets view. */
static void
dashboard_show_tickets_cb (KefuWindow        *self,
                           KefuTicketQuery   *query,
                           const char        *description,
                           KefuDashboardView *view)
{
  kefu_window_set_view (self, "tickets");
  kefu_tickets_view_show_query (tickets_view (self), query, description);
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (kefu_window_is_view_name (name) && at_desk (self))
    kefu_window_set_view (self, name);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);

  if (!at_desk (self))
    return;
  kefu_window_set_view (self, "tickets");
  kefu_tickets_view_focus_search (tickets_view (self));
}

/* Any widget reports a problem or a result with win.toast. It shows at
 * once, in front of the alerts that wait to be dismissed (those come back
 * when it goes): an error is never queued behind another toast. */
static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);
  AdwToast *toast = plain_toast_new (g_variant_get_string (parameter, NULL));

  adw_toast_set_timeout (toast, 6);
  /* shown at once, not queued behind a lasting alert */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  /* a save refused because the file is damaged or gone says so above */
  kefu_window_check_file (self);
}

static void
intake_saved_cb (KefuWindow       *self,
                 gint64            ticket_id,
                 KefuIntakeDialog *dialog)
{
  kefu_window_set_view (self, "tickets");
  kefu_tickets_view_show_ticket (tickets_view (self), ticket_id);
}

/* A ticket this person typed while the server was away and left on this
 * computer by quitting (#20): back in the New Ticket form, and said. */
static void
restore_intake_draft (KefuWindow *self)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *at = NULL;
  g_autofree char *text = NULL;
  KefuIntakeDialog *dialog;
  gint64 kept = 0;

  if (self->intake != NULL || self->store == NULL || !kefu_store_is_server (self->store))
    return;
  dialog = kefu_intake_dialog_new_from_draft (GTK_WINDOW (self), self->store, self->user, &kept);
  if (dialog == NULL)
    return;
  g_signal_connect_object (dialog, "saved", G_CALLBACK (intake_saved_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->intake, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  when = g_date_time_new_from_unix_local (kept);
  at = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("?");
  text = g_strdup_printf (_("The ticket typed at %s while the server was away was kept on this computer: "
                            "it is back in the New Ticket form, to be saved."), at);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static void
new_ticket_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);
  KefuIntakeDialog *dialog;

  if (!at_desk (self))
    return;
  /* the ticket typed while the server was away, not saved yet (#20) */
  if (self->intake != NULL && kefu_intake_dialog_is_kept (self->intake))
    {
      gtk_window_present (GTK_WINDOW (self->intake));
      return;
    }
  dialog = kefu_intake_dialog_new (GTK_WINDOW (self), self->store, self->user);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (intake_saved_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->intake, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
imported_cb (KefuWindow       *self,
             guint             n_imported,
             KefuImportWindow *window)
{
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u row", "Imported %u rows", n_imported),
                                           n_imported);

  kefu_tickets_view_show_ticket (tickets_view (self), 0);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);
  KefuImportWindow *window;

  if (!at_desk (self))
    return;
  window = kefu_import_window_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (window, "imported", G_CALLBACK (imported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

/* (read on a connection of its own, with the window's store's user, whose
 * right to export the core checks, and clock) */
typedef struct {
  char              *path;
  KefuTicketQuery    query;      /* borrowed strings are copied below */
  char              *search, *status, *kind, *channel, *sort;
  KefuExportFormat   format;
  gboolean           full;       /* names and phones in full */
  gint64             n;          /* tickets written */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->path);
  g_free (job->search);
  g_free (job->status);
  g_free (job->kind);
  g_free (job->channel);
  g_free (job->sort);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportJob, export_job_free)

static gboolean
export_thread (KefuStore     *reader,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  ExportJob *job = data;
  KefuExportOptions options = { job->format, job->path, 0, 0, FALSE, &job->query, job->full };

  return (job->n = kefu_export_count_tickets (reader, &options, error)) >= 0 &&
         kefu_export_tickets (reader, &options, NULL, NULL, cancellable, error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  KefuWindow *self = KEFU_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(ExportJob) job = kefu_loader_load_finish (result, kefu_window_export, &error);
  g_autofree char *text = NULL;

  if (job == NULL)
    text = g_strdup (error->message);
  else
    {
      g_autofree char *name = g_path_get_basename (job->path);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u ticket to %s", "Exported %u tickets to %s", job->n),
                              (guint) job->n, name);
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

/* Writes the tickets the list shows now, in its order, to @path; names
 * and phones masked unless @full (the core checks the user's right). */
void
kefu_window_export (KefuWindow *self,
                    const char *path,
                    gboolean    full)
{
  KefuTicketList *list = self->tickets_view != NULL ? kefu_tickets_view_get_list (self->tickets_view) : NULL;
  const KefuTicketQuery *q = list != NULL ? kefu_ticket_list_get_query (list) : NULL;
  ExportJob *job;

  if (q == NULL)
    return;
  job = g_new0 (ExportJob, 1);
  job->path = g_strdup (path);
  job->format = g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV") ? KEFU_EXPORT_CSV : KEFU_EXPORT_XLSX;
  job->full = full;
  job->query = *q;
  job->query.search = job->search = g_strdup (q->search);
  job->query.status = job->status = g_strdup (q->status);
  job->query.kind = job->kind = g_strdup (q->kind);
  job->query.channel = job->channel = g_strdup (q->channel);
  job->query.sort = job->sort = g_strdup (q->sort);
  kefu_loader_run_async (self, self->store, export_thread, job, (GDestroyNotify) export_job_free,
                         kefu_window_export, export_done_cb, NULL);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  KefuWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      const char *personal = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "personal");

      if (path != NULL)
        kefu_window_export (self, path, g_strcmp0 (personal, "full") == 0);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *date = NULL;
  g_autofree char *name = NULL;

  /* hidden from roles that may not; the core refuses them anyway */
  if (!at_desk (self) || !kefu_user_can (self->user, KEFU_PERMISSION_EXPORT_PERSONAL))
    return;
  now = g_date_time_new_from_unix_local (kefu_store_now (self->store));
  date = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the suggested file name of an export; %s is today's date */
  name = g_strdup_printf (_("Tickets %s.xlsx"), date);
  chooser = gtk_file_chooser_native_new (_("Export the Tickets in the List"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  /* masked by default; in full only for the roles that may (audited) */
  if (kefu_user_can (self->user, KEFU_PERMISSION_EXPORT_PERSONAL))
    {
      const char *ids[] = { "masked", "full", NULL };
      const char *labels[] = { _("Masked (138****5678)"), _("In full (recorded in the audit log)"), NULL };

      gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "personal", _("Names and phone numbers"),
                                   ids, labels);
      gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "personal", "masked");
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
audit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  KefuAuditWindow *window;

  if (self->user == NULL)
    return;
  window = kefu_audit_window_new (GTK_WINDOW (self), self->store, &error);
  if (window == NULL)
    {
      gtk_widget_activate_action (widget, "win.toast", "s", error->message);
      return;
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* one's own capability profile; supervisors, trainers and managers pick anyone's */
static void
people_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  KefuPeopleWindow *window;

  if (self->user == NULL)
    return;
  /* on a server (#20): who works at the center, managed by an
   * administrator through the server's functions, following other desks'
   * changes; the profiles, appraisals and goals open from it */
  if (kefu_store_is_server (self->store))
    {
      KefuServerPeopleWindow *people = kefu_server_people_window_new (GTK_WINDOW (self), self->store, self->user, &error);

      if (people == NULL)
        {
          gtk_widget_activate_action (widget, "win.toast", "s", error->message);
          return;
        }
      if (self->live != NULL)
        kefu_server_people_window_follow (people, self->live);
      gtk_window_present (GTK_WINDOW (people));
      return;
    }
  window = kefu_people_window_new (GTK_WINDOW (self), self->store, kefu_user_get_id (self->user), &error);
  if (window == NULL)
    {
      gtk_widget_activate_action (widget, "win.toast", "s", error->message);
      return;
    }
  if (self->live != NULL)
    kefu_people_window_follow (window, self->live);
  gtk_window_present (GTK_WINDOW (window));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);

  KefuPreferencesWindow *prefs;

  if (!at_desk (self))
    return;
  prefs = kefu_preferences_window_new (GTK_WINDOW (self), self->store, self->user);
  /* what other desks change of the center's settings (#20) */
  if (self->live != NULL)
    kefu_preferences_window_follow (prefs, self->live);
  gtk_window_present (GTK_WINDOW (prefs));
}

/* Preferences ▸ Backups, from a failed backup's toast */
static void
backup_preferences_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);
  KefuPreferencesWindow *prefs;

  if (!at_desk (self))
    return;
  prefs = kefu_preferences_window_new (GTK_WINDOW (self), self->store, self->user);
  if (self->live != NULL)
    kefu_preferences_window_follow (prefs, self->live);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "backups");
  gtk_window_present (GTK_WINDOW (prefs));
}

/* Ctrl+L; "Switch User" is the same: the next person picks themselves
 * and types their PIN, and the desk is theirs. */
static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kefu_window_lock (KEFU_WINDOW (widget));
}

typedef struct {
  KefuWindow *self;
  GtkWidget  *current, *pin, *again;
  gboolean    server;   /* the server's password, not the desk's PIN */
} ChangePin;

static void
change_pin_free (gpointer  data,
                 GClosure *closure)
{
  ChangePin *c = data;

  g_object_unref (c->self);
  g_free (c);
}

static void
change_pin_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        ChangePin        *c)
{
  g_autoptr(GError) error = NULL;
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (c->pin));

  const char *current = gtk_editable_get_text (GTK_EDITABLE (c->current));

  if (!g_str_equal (response, "change") || !at_desk (c->self))
    return;
  if (g_strcmp0 (pin, gtk_editable_get_text (GTK_EDITABLE (c->again))) != 0)
    gtk_widget_activate_action (GTK_WIDGET (c->self), "win.toast", "s",
                                c->server ? _("The two new passwords differ; your password is unchanged.")
                                          : _("The two new PINs differ; your PIN is unchanged."));
  else if (c->server ? !kefu_server_change_own_password (c->self->store, current, pin, &error)
                     : !kefu_auth_change_pin (c->self->store, current, pin, &error))
    gtk_widget_activate_action (GTK_WIDGET (c->self), "win.toast", "s", error->message);
  else
    gtk_widget_activate_action (GTK_WIDGET (c->self), "win.toast", "s",
                                c->server ? _("Your password is changed.") : _("Your PIN is changed."));
}

static GtkWidget *
password_row (GtkWidget  *list,
              const char *title)
{
  GtkWidget *row = adw_password_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

/* Everyone changes their own PIN (on a server, their password): the
 * current one first. */
static void
change_pin_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);
  gboolean server = g_str_equal (action_name, "win.change-password");
  GtkWidget *dialog, *list;
  ChangePin *c;

  if (!at_desk (self))
    return;
  if (server)
    dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Change Your Password"),
                                     _("You sign in to the server with it, at every desk. It needs at least 8 "
                                       "characters."));
  else
    dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Change Your PIN"),
                                     g_strcmp0 (kefu_user_get_role (self->user), "admin") == 0
                                     ? _("An administrator’s password needs at least 8 characters.")
                                     : _("A PIN needs at least 4 characters; digits are easiest at the desk."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  c = g_new0 (ChangePin, 1);
  c->self = g_object_ref (self);
  c->server = server;
  c->current = password_row (list, server ? _("Current password") : _("Current PIN"));
  c->pin = password_row (list, server ? _("New password") : _("New PIN"));
  c->again = password_row (list, server ? _("The same new password again") : _("The same new PIN again"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "change",
                                    server ? _("C_hange Password") : _("C_hange PIN"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_data (dialog, "response", G_CALLBACK (change_pin_response_cb), c, change_pin_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (c->current);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  KefuWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        kefu_window_open_database (self, path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (self);
}

static void
open_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KefuWindow *self = KEFU_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open a Kefu Database"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Kefu databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_pattern (filter, "*.sqlite");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
kefu_window_close_request (GtkWindow *window)
{
  KefuWindow *self = KEFU_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  return GTK_WINDOW_CLASS (kefu_window_parent_class)->close_request (window);
}

static void
kefu_window_dispose (GObject *object)
{
  KefuWindow *self = (KefuWindow *)object;

  g_clear_handle_id (&self->health_timeout, g_source_remove);
  g_clear_handle_id (&self->quick_check_source, g_source_remove);
  kefu_window_forget_server_state (self);
  if (self->intake != NULL && kefu_intake_dialog_is_kept (self->intake))
    gtk_window_destroy (GTK_WINDOW (self->intake));
  g_clear_weak_pointer (&self->intake);
  if (self->quick_check != NULL)
    kefu_loader_cancel (self->quick_check);
  g_clear_object (&self->quick_check);
  if (self->open_wait != NULL)
    kefu_loader_cancel (self->open_wait);
  g_clear_object (&self->open_wait);
  g_clear_pointer (&self->db_path, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_WINDOW);
  self->tickets_view = NULL;
  self->dashboard_view = NULL;
  self->dispatch_board = NULL;
  self->training_view = NULL;
  self->welcome_page = NULL;
  self->server_sign_in = NULL;
  if (self->backups != NULL)
    kefu_backup_runner_cancel (self->backups);
  g_clear_object (&self->backups);
  g_clear_object (&self->live);
  g_clear_object (&self->watcher);
  g_clear_object (&self->user);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_view, g_free);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_pointer (&self->hidden_windows, g_ptr_array_unref);
  g_clear_pointer (&self->alert_toasts, g_ptr_array_unref);
  G_OBJECT_CLASS (kefu_window_parent_class)->dispose (object);
}

static void
kefu_window_class_init (KefuWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kefu_window_dispose;
  window_class->close_request = kefu_window_close_request;

  kefu_ensure_resources ();

  g_type_ensure (KEFU_TYPE_TICKETS_VIEW);
  g_type_ensure (KEFU_TYPE_DASHBOARD_VIEW);
  g_type_ensure (KEFU_TYPE_DISPATCH_BOARD);
  g_type_ensure (KEFU_TYPE_TRAINING_VIEW);
  g_type_ensure (KEFU_TYPE_USER_CHOOSER);
  g_type_ensure (KEFU_TYPE_SERVER_SIGN_IN);
  g_type_ensure (KEFU_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, open_wait_box);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, open_wait_spinner);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, welcome_bin);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, user_chooser);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, server_sign_in_bin);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, user_button);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, primary_button);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, user_menu);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, new_ticket_button);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KefuWindow, problems_box);
  gtk_widget_class_bind_template_callback (widget_class, user_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, visible_view_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.view", "s", view_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.switch-user", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.change-pin", NULL, change_pin_action);
  gtk_widget_class_install_action (widget_class, "win.change-password", NULL, change_pin_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.server-lost", NULL, kefu_window_server_lost_action);
  gtk_widget_class_install_action (widget_class, "win.new-ticket", NULL, new_ticket_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.audit", NULL, audit_action);
  gtk_widget_class_install_action (widget_class, "win.people", NULL, people_action);
  gtk_widget_class_install_action (widget_class, "win.backup-preferences", NULL, backup_preferences_action);
  gtk_widget_class_install_action (widget_class, "win.open-ticket", "x", open_ticket_action);
  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, open_database_action);
  gtk_widget_class_install_action (widget_class, "win.retry-open", NULL, kefu_window_retry_open_action);

  for (guint i = 0; view_names[i] != NULL; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.view", "s", view_names[i]);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-ticket", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-database", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
}

/* A failed automatic backup says so in the window, until dismissed. */
static void
backup_finished_cb (KefuWindow       *self,
                    const char       *path,
                    const GError     *error,
                    gboolean          automatic,
                    KefuBackupRunner *runner)
{
  AdwToast *toast;

  if (path != NULL || !automatic || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* a toast has one line: why, in full, is on the Backups page */
  toast = adw_toast_new (_("The automatic backup failed"));
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("Backups…"));
  adw_toast_set_action_name (toast, "win.backup-preferences");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Keyboard Shortcuts (Ctrl+?): the shortcuts window is built the first
 * time it is asked for. (GTK builds a window's help overlay with the
 * window when it is found at gtk/help-overlay.ui among the resources:
 * some 15 ms before the first frame for a window seldom opened.) The
 * action is the window's own "win.show-help-overlay", added before GTK
 * would add its own. */
static void
show_help_overlay_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       data)
{
  KefuWindow *self = data;
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/kefudesk/Kefu/kefu-help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self), overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

/* A menu button's popover, with a row for each item, is made when it is
 * first opened (F10 or a click): the first screen shows only the buttons. */
static void
menu_popup_cb (GtkMenuButton *button,
               gpointer       data)
{
  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, data);
}

static void
kefu_window_init (KefuWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->primary_button, menu_popup_cb, self->primary_menu, NULL);
  gtk_menu_button_set_create_popup_func (self->user_button, menu_popup_cb, self->user_menu, NULL);
  {
    g_autoptr(GSimpleAction) help = g_simple_action_new ("show-help-overlay", NULL);

    g_signal_connect_object (help, "activate", G_CALLBACK (show_help_overlay_cb), self, 0);
    g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (help));
  }
  self->quick_check = kefu_loader_new ();
  self->open_wait = kefu_loader_new ();
  watch_activity ();
  self->idle_source = g_timeout_add_seconds (15, idle_tick_cb, self);
  update_actions (self);
  self->backups = kefu_backup_runner_new ();
  g_signal_connect_object (self->backups, "finished", G_CALLBACK (backup_finished_cb), self, G_CONNECT_SWAPPED);
}

KefuBackupRunner *
kefu_window_get_backups (KefuWindow *self)
{
  g_return_val_if_fail (KEFU_IS_WINDOW (self), NULL);
  return self->backups;
}

/* Automatic backups (at start and daily): on in the application's window,
 * off in windows made without one (tests) unless set. Set before
 * opening the database. */
void
kefu_window_set_auto_backup (KefuWindow *self,
                             gboolean    automatic)
{
  g_return_if_fail (KEFU_IS_WINDOW (self));
  self->auto_backup = automatic;
}

KefuWindow *
kefu_window_new (KefuApplication *application)
{
  KefuWindow *self = g_object_new (KEFU_TYPE_WINDOW, "application", application, NULL);

  self->auto_backup = application != NULL;
  if (application != NULL)
    self->settings = kefu_application_get_settings (application);
  if (self->settings != NULL)
    {
      g_object_ref (self->settings);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      self->idle_minutes = g_settings_get_int (self->settings, "idle-lock-minutes");
      g_signal_connect_object (self->settings, "changed::idle-lock-minutes", G_CALLBACK (idle_minutes_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  return self;
}
