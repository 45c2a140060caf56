/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-sla-watcher.c — the desk's eye on the service-level clocks
 *
 * Every 30 seconds a worker thread asks the core which thresholds were
 * crossed. The desk shows those that concern its user (the ticket's agent
 * and supervisors see warnings and breaches, managers escalations; a
 * breach of level 1 or 2 is for every desk: one recorded elsewhere is
 * shown here too, once, kefu_sla_urgent_unseen) as
 * desktop notifications with "Open Ticket" and "Acknowledge", and records
 * only what it showed, so the concerned desk — or the systemd timer —
 * tells the rest. More than five at once become one summary. Without a
 * notification server the window shows a toast instead, and the problem
 * is logged once, not on every check. A check that fails, or alerts that
 * cannot be recorded, reach the window too ("problem"), and a later
 * check that works clears it. While the desk is locked the alerts
 * are masked: the ticket's number, level and what is late, without the
 * place (an owner's address) — on the desktop and in the window alike.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "kefu-enums.h"
#include "kefu-loader.h"
#include "kefu-sla.h"
#include "kefu-sla-watcher.h"
#include "kefu-write.h"

#define CHECK_SECONDS 30
#define BURST 5

struct _KefuSlaWatcher
{
  GObject       parent_instance;

  KefuStore    *store;
  KefuUser     *user;
  guint         timeout;
  KefuLoader   *checking;
  gboolean      running;
  gboolean      told_no_server;
  gboolean      masked;
  guint         shown;
  GList        *notifications;   /* kept until closed, so their actions work */
};

G_DEFINE_FINAL_TYPE (KefuSlaWatcher, kefu_sla_watcher, G_TYPE_OBJECT)

enum { OPEN_TICKET, IN_APP_ALERT, PROBLEM, N_SIGNALS };
static guint signals[N_SIGNALS];

/* libnotify 0.8 declares no autoptr cleanup of its own */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NotifyNotification, g_object_unref)

typedef struct {
  KefuSlaWatcher *self;
  gint64          ticket_id;
  KefuClock       clock;
  KefuThreshold   threshold;
} Target;

static void
closed_cb (NotifyNotification *n,
           KefuSlaWatcher     *self)
{
  self->notifications = g_list_remove (self->notifications, n);
  g_object_unref (n);
}

static void
open_cb (NotifyNotification *n,
         char               *action,
         gpointer            data)
{
  Target *t = data;
  g_signal_emit (t->self, signals[OPEN_TICKET], 0, t->ticket_id);
}

/* Tells the window (and the log) what went wrong in the background
 * (@text, taken); NULL once the clocks are watched again. */
static void
report (KefuSlaWatcher *self,
        char           *text)
{
  if (text != NULL)
    g_message ("%s", text);
  g_signal_emit (self, signals[PROBLEM], 0, text);
  g_free (text);
}

static const char *
message_of (const GError *error)
{
  return error != NULL ? error->message : "";
}

static gboolean
ack_write_cb (KefuStore  *store,
              gpointer    data,
              GError    **error)
{
  Target *t = data;

  return kefu_sla_acknowledge (store, t->ticket_id, t->clock, t->threshold, error);
}

static void
ack_done_cb (KefuWriteOutcome  outcome,
             const GError     *error,
             gpointer          data)
{
  Target *t = data;

  if (outcome == KEFU_WRITE_FAILED)
    report (t->self, g_strdup_printf (_("The acknowledgement could not be recorded: %s"), message_of (error)));
}

static void
ack_free (gpointer data)
{
  Target *t = data;

  g_object_unref (t->self);
  g_free (t);
}

/* (recorded once another program lets go of the database, if it holds it) */
static void
ack_cb (NotifyNotification *n,
        char               *action,
        gpointer            data)
{
  Target *t = data;

  if (t->ticket_id > 0 && t->self->store != NULL)
    {
      Target *copy = g_memdup2 (t, sizeof *t);

      g_object_ref (copy->self);   /* for ack_done_cb's report */
      kefu_write_run (t->self->store, NULL, ack_write_cb, ack_done_cb, copy, ack_free);
    }
}

static gboolean
show (KefuSlaWatcher *self,
      const char     *title,
      const char     *body,
      gboolean        urgent,
      Target         *target)
{
  g_autoptr(GError) error = NULL;
  NotifyNotification *n;

  if (!notify_is_initted () && !notify_init (_("Kefu")))
    {
      g_free (target);
      return FALSE;
    }
  n = notify_notification_new (title, body, APP_ID);
  notify_notification_set_urgency (n, urgent ? NOTIFY_URGENCY_CRITICAL : NOTIFY_URGENCY_NORMAL);
  notify_notification_set_hint_string (n, "desktop-entry", APP_ID);
  /* @target is the notification's: freed with its "open" action, which every one has */
  notify_notification_add_action (n, "open", _("Open Ticket"), open_cb, target, g_free);
  if (target->ticket_id > 0)
    notify_notification_add_action (n, "ack", _("Acknowledge"), ack_cb, target, NULL);
  g_signal_connect (n, "closed", G_CALLBACK (closed_cb), self);
  if (!notify_notification_show (n, &error))
    {
      if (!self->told_no_server)
        g_message ("No desktop notifications (%s): service-level alerts are shown in the window", error->message);
      self->told_no_server = TRUE;
      g_object_unref (n);
      return FALSE;
    }
  self->notifications = g_list_prepend (self->notifications, n);
  return TRUE;
}

static void
tell (KefuSlaWatcher *self,
      GPtrArray      *alerts)
{
  gboolean urgent = FALSE;

  for (guint i = 0; i < alerts->len; i++)
    urgent |= ((KefuSlaAlert *) alerts->pdata[i])->level < 3;
  if (alerts->len > BURST)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service-level alert",
                                                             "%u service-level alerts", alerts->len), alerts->len);
      GString *body = g_string_new (NULL);
      Target *target = g_new0 (Target, 1);

      for (guint i = 0; i < MIN (alerts->len, 3); i++)
        {
          KefuSlaAlert *a = alerts->pdata[i];
          g_string_append_printf (body, "%s%s %s", i ? "\n" : "", a->number,
                                  self->masked ? "" : a->location);
        }
      g_string_append (body, "\n…");
      target->self = self;
      target->ticket_id = ((KefuSlaAlert *) alerts->pdata[0])->ticket_id;
      /* show() owns the target and frees it when it fails */
      /* a locked desk lists them on its page too */
      if (!show (self, title, body->str, urgent, target) || self->masked)
        g_signal_emit (self, signals[IN_APP_ALERT], 0, title, ((KefuSlaAlert *) alerts->pdata[0])->ticket_id);
      g_string_free (body, TRUE);
      return;
    }
  for (guint i = 0; i < alerts->len; i++)
    {
      KefuSlaAlert *a = alerts->pdata[i];
      KefuSlaAlert shown = *a;
      g_autofree char *level = g_strdup_printf ("%d", a->level);
      g_autofree char *body = NULL;
      g_autofree char *title = NULL;
      Target *target = g_new0 (Target, 1);

      /* masked: the level stands where the place was */
      if (self->masked)
        shown.location = (char *) kefu_code_label (KEFU_CODES_LEVEL, level);
      title = kefu_sla_alert_text (&shown, &body);

      target->self = self;
      target->ticket_id = a->ticket_id;
      target->clock = a->clock;
      target->threshold = a->threshold;
      if (!show (self, title, body, a->level < 3, target) || self->masked)
        {
          g_autofree char *line = g_strdup_printf ("%s — %s", title, body);
          g_signal_emit (self, signals[IN_APP_ALERT], 0, line, a->ticket_id);
        }
    }
}

typedef struct {
  gint64     user_id;
  char      *role;
  guint      n_new;    /* the first n_new alerts are to record; the rest are recorded already */
  GPtrArray *alerts;
} Check;

static void
check_free (gpointer data)
{
  Check *c = data;

  g_clear_pointer (&c->alerts, g_ptr_array_unref);
  g_free (c->role);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_free)

/* What crossed a threshold and is not yet recorded; then the level 1 and 2
 * breaches another desk (or the timer) recorded that this desk's user has
 * not been shown, marked "seen" (their threshold is recorded already). */
static gboolean
check_thread (KefuStore     *reader,   /* opened with the desk's store, so on its clock */
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Check *c = data;
  GPtrArray *alerts;
  g_autoptr(GPtrArray) unseen = NULL;
  gint64 now = kefu_store_now (reader);

  alerts = kefu_sla_check (reader, now, FALSE, error);
  if (alerts != NULL)
    c->n_new = alerts->len;
  if (alerts != NULL && c->user_id > 0)
    {
      /* on a server also what its checker recorded for this person */
      unseen = kefu_sla_unseen (reader, c->user_id, c->role, now, error);
      if (unseen == NULL)
        g_clear_pointer (&alerts, g_ptr_array_unref);
      else
        for (guint i = 0; i < unseen->len; i++)
          {
            KefuSlaAlert *a = g_ptr_array_steal_index (unseen, i--);
            g_ptr_array_add (alerts, a);
          }
    }
  c->alerts = alerts;
  return alerts != NULL;
}

/* The alerts of this desk's user, recorded once another program lets go
 * of the database if it holds it (kefu-write.h), then shown. */
typedef struct {
  KefuSlaWatcher *self;
  GPtrArray      *alerts;   /* owns the alerts @mine points to */
  GPtrArray      *mine;
  GPtrArray      *fresh;    /* those of @mine not recorded yet */
} Record;

static void
record_free (gpointer data)
{
  Record *r = data;

  g_object_unref (r->self);
  g_ptr_array_unref (r->alerts);
  g_ptr_array_unref (r->mine);
  g_ptr_array_unref (r->fresh);
  g_free (r);
}

static gboolean
record_write_cb (KefuStore  *store,
                 gpointer    data,
                 GError    **error)
{
  Record *r = data;

  /* (kefu_sla_record commits before the marks: a mark lost on a failure
   * only tells this desk again) */
  return kefu_sla_record (store, r->fresh, kefu_store_now (store), error) &&
         kefu_sla_mark_seen (store, kefu_user_get_id (r->self->user), r->mine, kefu_store_now (store), error);
}

static void
record_done_cb (KefuWriteOutcome  outcome,
                const GError     *error,
                gpointer          data)
{
  Record *r = data;
  KefuSlaWatcher *self = r->self;

  self->running = FALSE;
  if (self->store == NULL)
    return;   /* the desk closed meanwhile */
  if (outcome != KEFU_WRITE_DONE)
    {
      if (outcome == KEFU_WRITE_FAILED)
        report (self, g_strdup_printf (_("The service-level alerts could not be recorded: %s"), message_of (error)));
      return;
    }
  report (self, NULL);
  /* one notification per clock: a check that found a clock past its
   * breach and its escalation at once (it ran late) tells the worst */
  {
    g_autoptr(GPtrArray) worst = kefu_sla_alerts_by_clock (r->mine);

    self->shown += worst->len;
    tell (self, worst);
  }
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  KefuSlaWatcher *self = KEFU_SLA_WATCHER (object);
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(Check) c = NULL;
  Record *r;

  self->running = FALSE;
  c = kefu_loader_load_finish (result, kefu_sla_watcher_check_now, &error);
  if (c != NULL)
    alerts = g_steal_pointer (&c->alerts);
  if (alerts == NULL)
    {
      report (self, g_strdup_printf (_("The service-level check failed: %s"), message_of (error)));
      return;
    }
  if (self->store == NULL)
    return;
  for (guint i = 0; i < alerts->len; i++)
    if (kefu_sla_alert_concerns (alerts->pdata[i], kefu_user_get_id (self->user), kefu_user_get_role (self->user)))
      {
        g_ptr_array_add (mine, alerts->pdata[i]);
        if (i < c->n_new)
          g_ptr_array_add (fresh, alerts->pdata[i]);
      }
  if (mine->len == 0)
    {
      report (self, NULL);
      return;
    }
  /* recorded first: a notification is never shown twice, even if showing
   * fails; no new check starts until they are */
  self->running = TRUE;
  r = g_new0 (Record, 1);
  r->self = g_object_ref (self);
  r->alerts = g_steal_pointer (&alerts);
  r->mine = g_steal_pointer (&mine);
  r->fresh = g_steal_pointer (&fresh);
  kefu_write_run (self->store, NULL, record_write_cb, record_done_cb, r, record_free);
}

void
kefu_sla_watcher_check_now (KefuSlaWatcher *self)
{
  Check *c;

  if (self->running)
    return;
  /* (a read connection that cannot be opened is reported by checked_cb) */
  self->running = TRUE;
  c = g_new0 (Check, 1);
  c->user_id = kefu_user_get_id (self->user);
  c->role = g_strdup (kefu_user_get_role (self->user));
  kefu_loader_load_async (self->checking, self, self->store, check_thread, c, check_free,
                          kefu_sla_watcher_check_now, checked_cb, NULL);
}

static gboolean
tick_cb (gpointer data)
{
  kefu_sla_watcher_check_now (data);
  return G_SOURCE_CONTINUE;
}

guint
kefu_sla_watcher_get_shown (KefuSlaWatcher *self)
{
  return self->shown;
}

/* The desk is locked: alerts leave out owners' details until it is not. */
void
kefu_sla_watcher_set_masked (KefuSlaWatcher *self,
                             gboolean        masked)
{
  g_return_if_fail (KEFU_IS_SLA_WATCHER (self));
  self->masked = !!masked;
}

static void
kefu_sla_watcher_dispose (GObject *object)
{
  KefuSlaWatcher *self = (KefuSlaWatcher *)object;

  g_clear_handle_id (&self->timeout, g_source_remove);
  for (GList *l = self->notifications; l != NULL; l = l->next)
    {
      g_signal_handlers_disconnect_by_data (l->data, self);
      g_object_unref (l->data);
    }
  g_clear_pointer (&self->notifications, g_list_free);
  /* (a check under way finishes; checked_cb finds the store gone) */
  g_clear_object (&self->checking);
  g_clear_object (&self->store);
  g_clear_object (&self->user);
  G_OBJECT_CLASS (kefu_sla_watcher_parent_class)->dispose (object);
}

static void
kefu_sla_watcher_class_init (KefuSlaWatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kefu_sla_watcher_dispose;

  signals[OPEN_TICKET] = g_signal_new ("open-ticket", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[IN_APP_ALERT] = g_signal_new ("in-app-alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  /* a translated message, or NULL once the clocks are watched again */
  signals[PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kefu_sla_watcher_init (KefuSlaWatcher *self)
{
}

KefuSlaWatcher *
kefu_sla_watcher_new (KefuStore *store,
                      KefuUser  *user)
{
  KefuSlaWatcher *self = g_object_new (KEFU_TYPE_SLA_WATCHER, NULL);

  self->store = g_object_ref (store);
  self->user = g_object_ref (user);
  self->checking = kefu_loader_new ();
  self->timeout = g_timeout_add_seconds (CHECK_SECONDS, tick_cb, self);
  return self;
}
