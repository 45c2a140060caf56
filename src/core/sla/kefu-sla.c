/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-sla.c — each ticket's service-level clocks
 *
 * A ticket takes the most specific active policy for its kind, level and
 * channel when it is logged, and keeps it: later edits of policies apply
 * to new tickets only. Each clock's due moment is its start plus the
 * target in the policy's calendar, moved on by the working time the
 * ticket spent on hold — credited exactly, across nights, weekends and
 * holidays. next_due_at (indexed) is the earliest due moment of a clock
 * still running; on hold it is empty, as the clocks stand still.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-audit.h"
#include "kefu-calendar-store.h"
#include "kefu-desk.h"
#include "kefu-sla.h"
#include "kefu-batch-private.h"
#include "kefu-sla-private.h"
#include "kefu-ticket.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

/* Most specific first: a channel match outweighs a kind match, which
 * outweighs a level match; a policy names only what it is for. */
gint64
kefu_sla_policy_for (KefuStore   *store,
                     const char  *kind,
                     int          level,
                     const char  *channel,
                     GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, KEFU_SLA_POLICY_MATCH ("?1", "?2", "?3"), error);
  int rc;

  if (stmt == NULL)
    return -1;
  kefu_query_bind_text (stmt, 1, kind);
  kefu_query_bind_int (stmt, 2, level);
  kefu_query_bind_text (stmt, 3, channel);
  rc = kefu_query_step (store, stmt, error);
  if (rc == KEFU_QUERY_ROW)
    return kefu_query_get_int (stmt, 0);
  if (rc == KEFU_QUERY_FAILED)
    return -1;
  return 0;   /* no policy: no clocks */
}

/* The calendar of the ticket's policy; around the clock without one. */
KefuCalendar *
kefu_sla_calendar_of (KefuStore  *store,
                      gint64      ticket_id,
                      GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT c.name FROM tickets t JOIN sla_policies p ON p.id = t.sla_policy_id "
      "JOIN calendars c ON c.id = p.calendar_id WHERE t.id = ?1", error);
  g_autofree char *name = NULL;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, ticket_id);
  if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    name = g_strdup (kefu_query_get_text (stmt, 0));
  kefu_query_reset (stmt);
  return name != NULL ? kefu_calendar_store_load (store, name, error) : kefu_calendar_new_always ();
}

const char *
kefu_clock_code (KefuClock clock)
{
  static const char *codes[KEFU_N_CLOCKS] = { "response", "onsite", "resolution", "followup", "update", "review" };
  g_return_val_if_fail (clock < KEFU_N_CLOCKS, NULL);
  return codes[clock];
}

const char *
kefu_clock_label (KefuClock clock)
{
  static const char *labels[KEFU_N_CLOCKS] = {
    N_("first response"), N_("arrival on site"), N_("resolution"), N_("follow-up call"),
    N_("progress update to the owner"), N_("incident review report"),
  };
  g_return_val_if_fail (clock < KEFU_N_CLOCKS, NULL);
  return _(labels[clock]);
}

const char *
kefu_threshold_code (KefuThreshold threshold)
{
  static const char *codes[KEFU_N_THRESHOLDS] = { "warning", "breach", "escalation" };
  g_return_val_if_fail (threshold < KEFU_N_THRESHOLDS, NULL);
  return codes[threshold];
}

/* Everything the clocks of one ticket need, computed once. */
typedef struct {
  KefuCalendar *cal;
  char         *number;
  char         *location;
  int           level;
  gint64        agent_id;
  gboolean      open;                        /* not on hold, closed or cancelled */
  gboolean      entrapment;                  /* level 2 elevator entrapment: its own targets */
  gint64        end[KEFU_N_CLOCKS];          /* when a stopped clock stopped; 0: running or no end */
  gboolean      running[KEFU_N_CLOCKS];
  gint64        start[KEFU_N_CLOCKS];
  gint64        at[KEFU_N_CLOCKS][KEFU_N_THRESHOLDS];   /* 0: no target */
  gboolean      notified[KEFU_N_CLOCKS][KEFU_N_THRESHOLDS];
} Clocks;

static void
clocks_clear (Clocks *c)
{
  g_clear_pointer (&c->cal, kefu_calendar_free);
  g_clear_pointer (&c->number, g_free);
  g_clear_pointer (&c->location, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Clocks, clocks_clear)

static int
clock_of (const char *code)
{
  for (KefuClock c = 0; c < KEFU_N_CLOCKS; c++)
    if (g_strcmp0 (kefu_clock_code (c), code) == 0)
      return c;
  return -1;
}

static int
threshold_of (const char *code)
{
  for (KefuThreshold t = 0; t < KEFU_N_THRESHOLDS; t++)
    if (g_strcmp0 (kefu_threshold_code (t), code) == 0)
      return t;
  return -1;
}

/* Reads the ticket and its policy; FALSE with no error when the ticket has
 * no policy (no clocks). */
static gboolean
read_clocks (KefuStore  *store,
             gint64      ticket_id,
             Clocks     *c,
             GError    **error)
{
  KEFU_AUTO_QUERY *read = NULL;
  KEFU_AUTO_QUERY *sent = NULL;
  gint64 created, dispatched, resolved, first_response, arrived, followed, paused;
  int warn, escalate;
  const char *status;
  int rc;

  c->cal = kefu_sla_calendar_of (store, ticket_id, error);
  if (c->cal == NULL)
    return FALSE;
  read = kefu_query_prepare (store,
      "SELECT t.created_at, t.dispatched_at, t.resolved_at, t.first_response_at, t.arrived_at, t.followed_up_at, "
      "t.paused_seconds, t.status, p.response_min, p.onsite_min, p.resolution_min, p.followup_min, "
      "p.warn_percent, p.escalate_percent, t.number, t.location, t.level, t.agent_id, p.update_interval_min, "
      "(SELECT max(e.at) FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'call'), t.description, "
      "(SELECT r.filed_at FROM incident_reviews r WHERE r.ticket_id = t.id) "
      "FROM tickets t JOIN sla_policies p ON p.id = t.sla_policy_id WHERE t.id = ?1", error);
  if (read == NULL)
    return FALSE;
  kefu_query_bind_int (read, 1, ticket_id);
  if (kefu_query_step (store, read, NULL) != KEFU_QUERY_ROW)
    return FALSE;
  created = kefu_query_get_int (read, 0);
  dispatched = kefu_query_get_int (read, 1);
  resolved = kefu_query_get_int (read, 2);
  first_response = kefu_query_get_int (read, 3);
  arrived = kefu_query_get_int (read, 4);
  followed = kefu_query_get_int (read, 5);
  paused = kefu_query_get_int (read, 6);
  status = kefu_query_get_text (read, 7);
  warn = kefu_query_get_int (read, 12);
  escalate = kefu_query_get_int (read, 13);
  c->number = g_strdup (kefu_query_get_text (read, 14));
  c->location = g_strdup (kefu_query_get_text (read, 15));
  c->level = kefu_query_get_int (read, 16);
  c->agent_id = kefu_query_get_int (read, 17);
  c->open = g_strcmp0 (status, "on_hold") != 0 && g_strcmp0 (status, "closed") != 0 &&
            g_strcmp0 (status, "cancelled") != 0;
  c->entrapment = kefu_sla_is_entrapment (c->level, kefu_query_get_text (read, 20));

  c->start[KEFU_CLOCK_RESPONSE] = created;
  c->start[KEFU_CLOCK_ONSITE] = dispatched;
  c->start[KEFU_CLOCK_RESOLUTION] = created;
  c->start[KEFU_CLOCK_FOLLOWUP] = resolved;
  c->running[KEFU_CLOCK_RESPONSE] = first_response <= 0;
  c->running[KEFU_CLOCK_ONSITE] = dispatched > 0 && arrived <= 0;
  c->running[KEFU_CLOCK_RESOLUTION] = resolved <= 0;
  c->running[KEFU_CLOCK_FOLLOWUP] = resolved > 0 && followed <= 0;
  /* the owner hears how it goes every interval until it is resolved: each
   * logged call starts a new round (time on hold is not credited: after a
   * hold the owner is due a call) */
  c->start[KEFU_CLOCK_UPDATE] = MAX (created, kefu_query_get_int (read, 19));
  c->running[KEFU_CLOCK_UPDATE] = resolved <= 0;
  /* a level 2 incident's review report: due a day after it, whatever
   * became of the ticket since (closed too), until it is filed */
  c->start[KEFU_CLOCK_REVIEW] = c->level == 2 ? created : 0;
  c->running[KEFU_CLOCK_REVIEW] = kefu_query_is_null (read, 21) && g_strcmp0 (status, "cancelled") != 0;
  c->end[KEFU_CLOCK_RESPONSE] = first_response;
  c->end[KEFU_CLOCK_ONSITE] = arrived;
  c->end[KEFU_CLOCK_RESOLUTION] = resolved;
  c->end[KEFU_CLOCK_FOLLOWUP] = followed;
  c->end[KEFU_CLOCK_REVIEW] = kefu_query_get_int (read, 21);
  /* the clocks stand still on hold and once the ticket is closed or
   * cancelled; the review report's runs on */
  for (KefuClock k = 0; k < KEFU_N_CLOCKS; k++)
    if (k != KEFU_CLOCK_REVIEW)
      c->running[k] &= c->open;

  for (KefuClock k = 0; k < KEFU_N_CLOCKS; k++)
    {
      int col = k == KEFU_CLOCK_UPDATE ? 18 : 8 + k;
      /* time on hold stops the clocks that ran then; the follow-up starts after */
      gint64 credit = k == KEFU_CLOCK_FOLLOWUP || k == KEFU_CLOCK_UPDATE || k == KEFU_CLOCK_REVIEW ? 0 : paused;
      gint64 minutes;
      gint64 target;

      if (k == KEFU_CLOCK_REVIEW)
        minutes = KEFU_REVIEW_REPORT_MIN;
      else if (kefu_query_is_null (read, col))
        continue;
      else
        minutes = kefu_query_get_int (read, col);
      /* an entrapment: talk to those trapped at once, update them every 5
       * minutes, be there within 15 (the domain's targets; a policy's
       * stricter response stands) */
      if (c->entrapment && k == KEFU_CLOCK_RESPONSE)
        minutes = MIN (minutes, KEFU_ENTRAPMENT_TALK_MIN);
      else if (c->entrapment && k == KEFU_CLOCK_UPDATE)
        minutes = KEFU_ENTRAPMENT_UPDATE_MIN;
      else if (c->entrapment && k == KEFU_CLOCK_ONSITE)
        minutes = KEFU_ENTRAPMENT_ONSITE_MIN;
      if (c->start[k] <= 0)
        continue;
      target = minutes * 60;
      c->at[k][KEFU_THRESHOLD_WARNING] = kefu_calendar_add_seconds (c->cal, c->start[k], target * warn / 100 + credit);
      c->at[k][KEFU_THRESHOLD_BREACH] = kefu_calendar_add_seconds (c->cal, c->start[k], target + credit);
      c->at[k][KEFU_THRESHOLD_ESCALATION] = kefu_calendar_add_seconds (c->cal, c->start[k], target * escalate / 100 + credit);
    }

  sent = kefu_query_prepare (store, "SELECT clock, threshold, notified_at FROM sla_notifications WHERE ticket_id = ?1", error);
  if (sent == NULL)
    return FALSE;
  kefu_query_bind_int (sent, 1, ticket_id);
  while ((rc = kefu_query_step (store, sent, error)) == KEFU_QUERY_ROW)
    {
      int k = clock_of (kefu_query_get_text (sent, 0)), t = threshold_of (kefu_query_get_text (sent, 1));
      /* a progress-update round is notified anew after each call */
      if (k >= 0 && t >= 0 && (k != KEFU_CLOCK_UPDATE || kefu_query_get_int (sent, 2) >= c->start[k]))
        c->notified[k][t] = TRUE;
    }
  return rc == KEFU_QUERY_DONE;
}

static gboolean
ensure_policy (KefuStore  *store,
               gint64      ticket_id,
               gboolean   *has_policy,
               GError    **error)
{
  KEFU_AUTO_QUERY *pick = kefu_query_prepare (store,
      "SELECT kind, level, channel, sla_policy_id FROM tickets WHERE id = ?1", error);
  KEFU_AUTO_QUERY *set = NULL;
  gint64 policy;

  *has_policy = FALSE;
  if (pick == NULL)
    return FALSE;
  kefu_query_bind_int (pick, 1, ticket_id);
  if (kefu_query_step (store, pick, NULL) != KEFU_QUERY_ROW)
    return TRUE;
  if (!kefu_query_is_null (pick, 3))
    {
      *has_policy = TRUE;
      return TRUE;
    }
  policy = kefu_sla_policy_for (store, kefu_query_get_text (pick, 0), (int) kefu_query_get_int (pick, 1),
                                kefu_query_get_text (pick, 2), error);
  if (policy <= 0)
    return policy == 0;
  set = kefu_query_prepare (store, "UPDATE tickets SET sla_policy_id = ?1 WHERE id = ?2", error);
  if (set == NULL)
    return FALSE;
  kefu_query_bind_int (set, 1, policy);
  kefu_query_bind_int (set, 2, ticket_id);
  if (!kefu_query_run (store, set, error))
    return FALSE;
  *has_policy = TRUE;
  return TRUE;
}

/* Recomputes the ticket's due moments, next_due_at (earliest due of a
 * running clock) and next_alert_at (earliest threshold not yet notified). */
gboolean
kefu_sla_update_ticket (KefuStore  *store,
                        gint64      ticket_id,
                        GError    **error)
{
  g_auto(Clocks) c = { 0 };
  KEFU_AUTO_QUERY *write = NULL;
  gint64 next_due = 0, next_alert = 0, next_warn = 0;
  gboolean has_policy;
  g_autoptr(GError) local = NULL;

  if (!ensure_policy (store, ticket_id, &has_policy, error))
    return FALSE;
  if (!has_policy)
    return TRUE;
  if (!read_clocks (store, ticket_id, &c, &local))
    {
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return TRUE;
    }

  for (KefuClock k = 0; k < KEFU_N_CLOCKS; k++)
    {
      if (!c.running[k])
        continue;
      if (c.at[k][KEFU_THRESHOLD_BREACH] > 0 && (next_due == 0 || c.at[k][KEFU_THRESHOLD_BREACH] < next_due))
        {
          next_due = c.at[k][KEFU_THRESHOLD_BREACH];
          next_warn = c.at[k][KEFU_THRESHOLD_WARNING];   /* the badge turns yellow then */
        }
      for (KefuThreshold t = 0; t < KEFU_N_THRESHOLDS; t++)
        if (c.at[k][t] > 0 && !c.notified[k][t] && (next_alert == 0 || c.at[k][t] < next_alert))
          next_alert = c.at[k][t];
    }

  write = kefu_query_prepare (store,
      "UPDATE tickets SET response_due_at = ?1, onsite_due_at = ?2, resolution_due_at = ?3, "
      "followup_due_at = ?4, update_due_at = ?9, review_due_at = ?10, next_due_at = ?5, next_alert_at = ?6, "
      "next_warn_at = ?8 WHERE id = ?7", error);
  if (write == NULL)
    return FALSE;
  for (KefuClock k = 0; k < KEFU_N_CLOCKS; k++)
    kefu_query_bind_id (write, k == KEFU_CLOCK_UPDATE ? 9 : k == KEFU_CLOCK_REVIEW ? 10 : k + 1,
                          c.at[k][KEFU_THRESHOLD_BREACH]);
  kefu_query_bind_id (write, 5, next_due);
  kefu_query_bind_id (write, 6, next_alert);
  kefu_query_bind_int (write, 7, ticket_id);
  kefu_query_bind_id (write, 8, next_warn);
  if (!kefu_query_run (store, write, error))
    return FALSE;
  return TRUE;
}

static KefuSlaAlert *alert_new (gint64 id, Clocks *c, KefuClock k, KefuThreshold t, gint64 now);

gboolean
kefu_sla_is_entrapment (int         level,
                        const char *description)
{
  static const char *words[] = { "困人", "被困", "困在电梯", "关在电梯", "卡在电梯", NULL };

  if (level != 2 || description == NULL)
    return FALSE;
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (description, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

gboolean
kefu_sla_record_missed (KefuStore  *store,
                        gint64      ticket_id,
                        GError    **error)
{
  g_auto(Clocks) c = { 0 };
  g_autoptr(GError) local = NULL;
  gint64 now = kefu_store_now (store);

  if (!read_clocks (store, ticket_id, &c, &local))
    {
      if (local == NULL)
        return TRUE;   /* no policy: no clocks */
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  for (KefuClock k = 0; k < KEFU_N_CLOCKS; k++)
    {
      gint64 due = c.at[k][KEFU_THRESHOLD_BREACH];
      KEFU_AUTO_QUERY *ins = NULL;
      KEFU_AUTO_QUERY *ev = NULL;
      g_autofree char *span = NULL;
      g_autofree char *body = NULL;

      /* the progress updates run in rounds: a late one is told while late */
      if (k == KEFU_CLOCK_UPDATE || c.running[k] || due <= 0 || c.end[k] <= due ||
          c.notified[k][KEFU_THRESHOLD_BREACH])
        continue;
      ins = kefu_query_prepare (store,
          "INSERT INTO sla_notifications (ticket_id, clock, threshold, notified_at) VALUES (?1, ?2, 'breach', ?3) "
          "ON CONFLICT DO NOTHING", error);
      ev = kefu_query_prepare (store, "INSERT INTO ticket_events (ticket_id, at, kind, body) VALUES (?1, ?2, 'sla', ?3)", error);
      if (ins == NULL || ev == NULL)
        return FALSE;
      kefu_query_bind_int (ins, 1, ticket_id);
      kefu_query_bind_text (ins, 2, kefu_clock_code (k));
      kefu_query_bind_int (ins, 3, now);
      if (!kefu_query_run (store, ins, error))
        return FALSE;
      span = kefu_format_duration (kefu_calendar_seconds_between (c.cal, due, c.end[k]));
      /* Translators: what was late, and by how much: "The first response was missed by 3 min" */
      body = g_strdup_printf (_("The %s was missed by %s"), kefu_clock_label (k), span);
      kefu_query_bind_int (ev, 1, ticket_id);
      kefu_query_bind_int (ev, 2, now);
      kefu_query_bind_text (ev, 3, body);
      if (!kefu_query_run (store, ev, error))
        return FALSE;
    }
  return TRUE;
}

static void
alert_free (gpointer data)
{
  KefuSlaAlert *a = data;

  g_free (a->number);
  g_free (a->location);
  g_free (a);
}

/* Records @a once: *@fresh (optional) FALSE, and nothing written, when
 * another desk or checker recorded it first (a progress update once per
 * round: a notification from before the last call is of the round
 * before). On a server two recorders can both find it new; the unique
 * key and the row count decide, so the timeline gets one event. */
static gboolean
record_alert (KefuStore          *store,
              const KefuSlaAlert *a,
              gint64              now,
              gboolean           *fresh,
              GError            **error)
{
  KEFU_AUTO_QUERY *ins = kefu_query_prepare (store,
      "INSERT INTO sla_notifications (ticket_id, clock, threshold, notified_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (ticket_id, clock, threshold) DO UPDATE SET notified_at = excluded.notified_at, acknowledged_by = NULL, acknowledged_at = NULL "
      "WHERE sla_notifications.clock = 'update' AND sla_notifications.notified_at < "
      "(SELECT coalesce(max(e.at), 0) FROM ticket_events e WHERE e.ticket_id = ?1 AND e.kind = 'call')", error);
  KEFU_AUTO_QUERY *ev = NULL;
  g_autofree char *body = NULL;

  if (fresh != NULL)
    *fresh = FALSE;
  if (ins == NULL)
    return FALSE;
  kefu_query_bind_int (ins, 1, a->ticket_id);
  kefu_query_bind_text (ins, 2, kefu_clock_code (a->clock));
  kefu_query_bind_text (ins, 3, kefu_threshold_code (a->threshold));
  kefu_query_bind_int (ins, 4, now);
  if (!kefu_query_run (store, ins, error))
    return FALSE;
  if (kefu_query_changes (store) == 0)
    return TRUE;   /* told already, elsewhere */
  if (fresh != NULL)
    *fresh = TRUE;
  switch (a->threshold)
    {
    case KEFU_THRESHOLD_WARNING:
      body = g_strdup_printf (_("The %s is due soon"), kefu_clock_label (a->clock));
      break;
    case KEFU_THRESHOLD_BREACH:
      body = g_strdup_printf (_("The %s is overdue"), kefu_clock_label (a->clock));
      break;
    case KEFU_THRESHOLD_ESCALATION:
    case KEFU_N_THRESHOLDS:
    default:
      body = g_strdup_printf (_("The %s is far overdue: escalated to the manager"), kefu_clock_label (a->clock));
      break;
    }
  ev = kefu_query_prepare (store, "INSERT INTO ticket_events (ticket_id, at, kind, body) VALUES (?1, ?2, ?3, ?4)", error);
  if (ev == NULL)
    return FALSE;
  kefu_query_bind_int (ev, 1, a->ticket_id);
  kefu_query_bind_int (ev, 2, now);
  kefu_query_bind_text (ev, 3, a->threshold == KEFU_THRESHOLD_ESCALATION ? "escalation" : "sla");
  kefu_query_bind_text (ev, 4, body);
  if (!kefu_query_run (store, ev, error))
    return FALSE;
  return TRUE;
}

/* The pass: the tickets whose next threshold has come, each read (and,
 * with @record, recorded and given its next alert) in the transaction of
 * its batch. A ticket is recorded whole in one batch: a pass stopped
 * between batches has left the ones before with their next_alert_at moved
 * on, so a pass run again reads only the rest, and records nothing twice. */
static GPtrArray *
check (KefuStore               *store,
       gint64                   now,
       gboolean                 record,
       const KefuBatchOptions  *options,
       GPtrArray              **recorded,
       GError                 **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func (alert_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ends = g_array_new (FALSE, TRUE, sizeof (guint));   /* alerts->len after each ticket */
  KEFU_AUTO_QUERY *due = NULL;
  KefuBatch batch;
  int rc;

  due = kefu_query_prepare (store,
      "SELECT id FROM tickets WHERE next_alert_at IS NOT NULL AND next_alert_at <= ?1 ORDER BY next_alert_at", error);
  if (due == NULL)
    return NULL;
  kefu_query_bind_int (due, 1, now);
  while ((rc = kefu_query_step (store, due, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (due, 0);
      g_array_append_val (ids, id);
    }
  kefu_query_reset (due);
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  if (record && ids->len == 0)
    return g_steal_pointer (&alerts);
  if (record && !kefu_batch_begin (&batch, store, options, ids->len, error))
    return NULL;
  g_array_set_size (ends, 1);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_auto(Clocks) c = { 0 };
      g_autoptr(GError) local = NULL;

      if (!read_clocks (store, id, &c, &local))
        {
          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              goto fail;
            }
          g_array_append_val (ends, alerts->len);
          if (record && !kefu_batch_row (&batch, error))
            goto stopped;
          continue;
        }
      for (KefuClock k = 0; k < KEFU_N_CLOCKS; k++)
        for (KefuThreshold t = 0; c.running[k] && t < KEFU_N_THRESHOLDS; t++)
          {
            KefuSlaAlert *a;

            if (c.at[k][t] <= 0 || c.at[k][t] > now || c.notified[k][t])
              continue;
            /* past the breach, the warning is not sent late: it is recorded as passed */
            if (t == KEFU_THRESHOLD_WARNING && c.at[k][KEFU_THRESHOLD_BREACH] <= now)
              {
                KefuSlaAlert skipped = { id, NULL, NULL, 0, 0, k, t, 0, 0 };
                if (record && !record_alert (store, &skipped, now, NULL, error))
                  goto fail;
                continue;
              }
            a = alert_new (id, &c, k, t, now);
            if (record)
              {
                gboolean fresh;

                if (!record_alert (store, a, now, &fresh, error))
                  {
                    alert_free (a);
                    goto fail;
                  }
                /* another desk recorded it meanwhile: it tells it */
                if (!fresh)
                  {
                    alert_free (a);
                    continue;
                  }
              }
            g_ptr_array_add (alerts, a);
          }
      if (record && !kefu_sla_update_ticket (store, id, error))
        goto fail;
      g_array_append_val (ends, alerts->len);
      if (record && !kefu_batch_row (&batch, error))
        goto stopped;
    }
  if (record && !kefu_batch_end (&batch, error))
    goto stopped;
  return g_steal_pointer (&alerts);

fail:
  if (record)
    kefu_batch_abort (&batch);
stopped:
  /* the alerts of the batches committed before the failure are recorded
   * as told and will not be found again: the caller tells them now */
  if (record && recorded != NULL && batch.done < ends->len)
    {
      g_ptr_array_set_size (alerts, g_array_index (ends, guint, batch.done));
      *recorded = g_steal_pointer (&alerts);
    }
  return NULL;
}

GPtrArray *
kefu_sla_check (KefuStore  *store,
                gint64      now,
                gboolean    record,
                GError    **error)
{
  return check (store, now, record, NULL, NULL, error);
}

GPtrArray *
kefu_sla_notify (KefuStore               *store,
                 gint64                   now,
                 const KefuBatchOptions  *options,
                 GPtrArray              **recorded,
                 GError                 **error)
{
  g_return_val_if_fail (recorded == NULL || *recorded == NULL, NULL);
  return check (store, now, TRUE, options, recorded, error);
}

/* Adds the working time of a hold, in the ticket's calendar, to its
 * paused time. */
gboolean
kefu_sla_credit_pause (KefuStore  *store,
                       gint64      ticket_id,
                       gint64      hold_start,
                       gint64      hold_end,
                       GError    **error)
{
  g_autoptr(KefuCalendar) cal = kefu_sla_calendar_of (store, ticket_id, error);
  KEFU_AUTO_QUERY *stmt = NULL;

  if (cal == NULL)
    return FALSE;
  stmt = kefu_query_prepare (store, "UPDATE tickets SET paused_seconds = paused_seconds + ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, kefu_calendar_seconds_between (cal, hold_start, hold_end));
  kefu_query_bind_int (stmt, 2, ticket_id);
  if (!kefu_query_run (store, stmt, error))
    return FALSE;
  return TRUE;
}

static KefuSlaAlert *
alert_new (gint64     id,
           Clocks    *c,
           KefuClock  k,
           KefuThreshold t,
           gint64     now)
{
  KefuSlaAlert *a = g_new0 (KefuSlaAlert, 1);

  a->ticket_id = id;
  a->number = g_strdup (c->number);
  a->location = g_strdup (c->location);
  a->level = c->level;
  a->agent_id = c->agent_id;
  a->clock = k;
  a->threshold = t;
  a->due_at = c->at[k][KEFU_THRESHOLD_BREACH];
  a->late_seconds = now >= a->due_at ? kefu_calendar_seconds_between (c->cal, a->due_at, now)
                                     : -kefu_calendar_seconds_between (c->cal, now, a->due_at);
  return a;
}

/* What the walks over tickets' clocks below collect into */
typedef struct
{
  KefuStore  *store;
  GPtrArray  *alerts;
  gint64      now;
  gint64      user_id;
  const char *role;
  KefuQuery  *seen;
  GHashTable *unseen;
} Walk;

/* Calls @func with the clocks of each ticket of @ids that still has
 * them (a ticket closed meanwhile is passed over); stops on an error */
typedef gboolean (*ClocksFunc) (gint64     id,
                                Clocks    *c,
                                Walk      *walk,
                                GError   **error);

static gboolean
each_ticket_clocks (KefuStore  *store,
                    GArray     *ids,
                    ClocksFunc  func,
                    Walk       *walk,
                    GError    **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      g_auto(Clocks) c = { 0 };
      g_autoptr(GError) local = NULL;
      gint64 id = g_array_index (ids, gint64, i);

      if (!read_clocks (store, id, &c, &local))
        {
          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          continue;
        }
      if (!func (id, &c, walk, error))
        return FALSE;
    }
  return TRUE;
}

/* each running clock's worst threshold passed */
static gboolean
add_worst_cb (gint64    id,
              Clocks   *c,
              Walk     *walk,
              GError  **error)
{
  for (KefuClock k = 0; k < KEFU_N_CLOCKS; k++)
    {
      int worst = -1;

      for (KefuThreshold t = 0; c->running[k] && t < KEFU_N_THRESHOLDS; t++)
        if (c->at[k][t] > 0 && c->at[k][t] <= walk->now)
          worst = t;
      if (worst >= 0)
        g_ptr_array_add (walk->alerts, alert_new (id, c, k, worst, walk->now));
    }
  return TRUE;
}

/* each running clock's told breach that this person was not shown */
static gboolean
add_breach_unshown_cb (gint64    id,
                       Clocks   *c,
                       Walk     *walk,
                       GError  **error)
{
  for (KefuClock k = 0; k < KEFU_N_CLOCKS; k++)
    {
      int rc;

      if (!c->running[k] || !c->notified[k][KEFU_THRESHOLD_BREACH] ||
          c->at[k][KEFU_THRESHOLD_BREACH] <= 0 || c->at[k][KEFU_THRESHOLD_BREACH] > walk->now)
        continue;
      kefu_query_bind_int (walk->seen, 1, id);
      kefu_query_bind_text (walk->seen, 2, kefu_clock_code (k));
      kefu_query_bind_int (walk->seen, 3, walk->user_id);
      rc = kefu_query_step (walk->store, walk->seen, error);
      kefu_query_reset (walk->seen);
      if (rc == KEFU_QUERY_FAILED)
        return FALSE;
      if (rc != KEFU_QUERY_ROW)
        g_ptr_array_add (walk->alerts, alert_new (id, c, k, KEFU_THRESHOLD_BREACH, walk->now));
    }
  return TRUE;
}

/* each running clock's most severe told threshold that is among the
 * unseen and concerns this person: one per clock. A late pass of the
 * checker records warning, breach and escalation at once; the agent is
 * then told the breach (the escalation is the manager's), never nothing
 * and never all three. */
static gboolean
add_told_unseen_cb (gint64    id,
                    Clocks   *c,
                    Walk     *walk,
                    GError  **error)
{
  for (KefuClock k = 0; k < KEFU_N_CLOCKS; k++)
    for (int t = KEFU_N_THRESHOLDS - 1; c->running[k] && t >= 0; t--)
      {
        g_autofree char *key = NULL;
        KefuSlaAlert *a;

        if (!c->notified[k][t] || c->at[k][t] <= 0 || c->at[k][t] > walk->now)
          continue;
        key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s:%s", id, kefu_clock_code (k), kefu_threshold_code (t));
        if (!g_hash_table_contains (walk->unseen, key))
          continue;
        a = alert_new (id, c, k, t, walk->now);
        if (kefu_sla_alert_concerns (a, walk->user_id, walk->role))
          {
            g_ptr_array_add (walk->alerts, a);
            break;
          }
        alert_free (a);
      }
  return TRUE;
}

GPtrArray *
kefu_sla_states (KefuStore  *store,
                 gint64      now,
                 GError    **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func (alert_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  KEFU_AUTO_QUERY *open = kefu_query_prepare (store,
      "SELECT id FROM tickets WHERE next_due_at IS NOT NULL ORDER BY next_due_at", error);
  Walk walk = { .store = store };
  int rc;

  if (open == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, open, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (open, 0);
      g_array_append_val (ids, id);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  kefu_query_reset (open);
  walk.alerts = alerts;
  walk.now = now;
  if (!each_ticket_clocks (store, ids, add_worst_cb, &walk, error))
    return NULL;
  return g_steal_pointer (&alerts);
}

GPtrArray *
kefu_sla_urgent_unseen (KefuStore  *store,
                        gint64      user_id,
                        gint64      now,
                        GError    **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func (alert_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  KEFU_AUTO_QUERY *find = kefu_query_prepare (store,
      "SELECT DISTINCT n.ticket_id FROM sla_notifications n JOIN tickets t ON t.id = n.ticket_id "
      "WHERE n.threshold = 'breach' AND t.level <= 2 AND t.next_due_at <= ?2 "
      "AND NOT EXISTS (SELECT 1 FROM sla_seen s WHERE s.ticket_id = n.ticket_id AND s.clock = n.clock "
      "                AND s.user_id = ?1 AND s.seen_at >= n.notified_at)", error);
  KEFU_AUTO_QUERY *seen = NULL;
  Walk walk;
  int rc;

  if (find == NULL)
    return NULL;
  kefu_query_bind_int (find, 1, user_id);
  kefu_query_bind_int (find, 2, now);
  while ((rc = kefu_query_step (store, find, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (find, 0);
      g_array_append_val (ids, id);
    }
  kefu_query_reset (find);
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  seen = kefu_query_prepare (store,
      "SELECT 1 FROM sla_seen s JOIN sla_notifications n ON n.ticket_id = s.ticket_id AND n.clock = s.clock "
      "AND n.threshold = 'breach' WHERE s.ticket_id = ?1 AND s.clock = ?2 AND s.user_id = ?3 AND s.seen_at >= n.notified_at",
      error);
  if (seen == NULL)
    return NULL;
  walk = (Walk) { .store = store, .alerts = alerts, .now = now, .user_id = user_id, .seen = seen };
  if (!each_ticket_clocks (store, ids, add_breach_unshown_cb, &walk, error))
    return NULL;
  return g_steal_pointer (&alerts);
}

GPtrArray *
kefu_sla_unseen (KefuStore   *store,
                 gint64       user_id,
                 const char  *role,
                 gint64       now,
                 GError     **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func (alert_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) unseen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  KEFU_AUTO_QUERY *find = NULL;
  Walk walk;
  int rc;

  if (!kefu_store_is_server (store))
    return kefu_sla_urgent_unseen (store, user_id, now, error);
  if (user_id <= 0)
    return g_steal_pointer (&alerts);
  /* the open tickets' notifications this person has not been shown since
   * they were recorded (RLS: only the tickets of their estates) */
  find = kefu_query_prepare (store,
      "SELECT n.ticket_id, n.clock, n.threshold FROM sla_notifications n JOIN tickets t ON t.id = n.ticket_id "
      "WHERE t.next_due_at IS NOT NULL AND n.acknowledged_at IS NULL AND n.notified_at <= ?2 "
      "AND NOT EXISTS (SELECT 1 FROM sla_seen s WHERE s.ticket_id = n.ticket_id AND s.clock = n.clock "
      "                AND s.user_id = ?1 AND s.seen_at >= n.notified_at) "
      "ORDER BY n.ticket_id", error);
  if (find == NULL)
    return NULL;
  kefu_query_bind_int (find, 1, user_id);
  kefu_query_bind_int (find, 2, now);
  while ((rc = kefu_query_step (store, find, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (find, 0);

      if (ids->len == 0 || g_array_index (ids, gint64, ids->len - 1) != id)
        g_array_append_val (ids, id);
      g_hash_table_add (unseen, g_strdup_printf ("%" G_GINT64_FORMAT ":%s:%s", id, kefu_query_get_text (find, 1),
                                                 kefu_query_get_text (find, 2)));
    }
  kefu_query_reset (find);
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  walk = (Walk) { .store = store, .alerts = alerts, .now = now, .user_id = user_id, .role = role, .unseen = unseen };
  if (!each_ticket_clocks (store, ids, add_told_unseen_cb, &walk, error))
    return NULL;
  return g_steal_pointer (&alerts);
}

gboolean
kefu_sla_checker_lock (KefuStore  *store,
                       gboolean   *taken,
                       GError    **error)
{
  return kefu_store_try_lock (store, "kefu sla checker", taken, error);
}

void
kefu_sla_checker_unlock (KefuStore *store)
{
  kefu_store_unlock (store, "kefu sla checker");
}

gboolean
kefu_sla_mark_seen (KefuStore  *store,
                    gint64      user_id,
                    GPtrArray  *alerts,
                    gint64      now,
                    GError    **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *ins = NULL;

  if (alerts->len == 0 || user_id <= 0)
    return TRUE;
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  ins = kefu_query_prepare (store,
      "INSERT INTO sla_seen (ticket_id, clock, user_id, seen_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (ticket_id, clock, user_id) DO UPDATE SET seen_at = excluded.seen_at", error);
  if (ins == NULL)
    return FALSE;   /* (rolled back with tx) */
  for (guint i = 0; i < alerts->len; i++)
    {
      KefuSlaAlert *a = alerts->pdata[i];

      /* on a file only the urgent breaches are looked up again */
      if ((a->level > 2 || a->threshold != KEFU_THRESHOLD_BREACH) && !kefu_store_is_server (store))
        continue;
      kefu_query_bind_int (ins, 1, a->ticket_id);
      kefu_query_bind_text (ins, 2, kefu_clock_code (a->clock));
      kefu_query_bind_int (ins, 3, user_id);
      kefu_query_bind_int (ins, 4, now);
      if (!kefu_query_run (store, ins, error))
        return FALSE;
      kefu_query_reset (ins);
    }
  return kefu_transaction_commit (tx, error);
}

/* The notification's title, and its body in @body: number, place, what is
 * late and by how much, in the user's language. */
char *
kefu_sla_alert_text (const KefuSlaAlert  *a,
                     char               **body)
{
  g_autofree char *span = kefu_format_duration (a->late_seconds);

  if (body != NULL)
    {
      if (a->threshold == KEFU_THRESHOLD_WARNING)
        /* Translators: location: what is due, and in how long */
        *body = g_strdup_printf (_("%s: the %s is due in %s."), a->location, kefu_clock_label (a->clock), span);
      else
        /* Translators: location: what is late, and by how much */
        *body = g_strdup_printf (_("%s: the %s is %s late."), a->location, kefu_clock_label (a->clock), span);
    }
  switch (a->threshold)
    {
    case KEFU_THRESHOLD_WARNING:
      return g_strdup_printf (_("Ticket %s is due soon"), a->number);
    case KEFU_THRESHOLD_BREACH:
      return g_strdup_printf (_("Ticket %s is overdue"), a->number);
    case KEFU_THRESHOLD_ESCALATION:
    case KEFU_N_THRESHOLDS:
    default:
      return g_strdup_printf (_("Ticket %s is escalated"), a->number);
    }
}

gboolean
kefu_sla_record (KefuStore  *store,
                 GPtrArray  *alerts,
                 gint64      now,
                 GError    **error)
{
  if (alerts->len == 0)
    return TRUE;
  if (!kefu_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < alerts->len; i++)
    {
      KefuSlaAlert *a = alerts->pdata[i];
      if (!record_alert (store, a, now, NULL, error) || !kefu_sla_update_ticket (store, a->ticket_id, error))
        {
          kefu_store_rollback (store);
          return FALSE;
        }
    }
  return kefu_store_commit (store, error);
}

gboolean
kefu_sla_acknowledge (KefuStore      *store,
                      gint64          ticket_id,
                      KefuClock       clock,
                      KefuThreshold   threshold,
                      GError        **error)
{
  KEFU_AUTO_QUERY *upd = NULL;
  KEFU_AUTO_QUERY *ev = NULL;
  g_autofree char *body = NULL;
  gint64 now = kefu_store_now (store);

  if (!kefu_store_require_actor (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  upd = kefu_query_prepare (store,
      "UPDATE sla_notifications SET acknowledged_by = ?1, acknowledged_at = ?2 "
      "WHERE ticket_id = ?3 AND clock = ?4 AND threshold = ?5 AND acknowledged_at IS NULL", error);
  if (upd == NULL)
    goto fail;
  kefu_query_bind_int (upd, 1, kefu_store_get_actor (store));
  kefu_query_bind_int (upd, 2, now);
  kefu_query_bind_int (upd, 3, ticket_id);
  kefu_query_bind_text (upd, 4, kefu_clock_code (clock));
  kefu_query_bind_text (upd, 5, kefu_threshold_code (threshold));
  if (!kefu_query_run (store, upd, error))
    goto fail;
  body = g_strdup_printf (_("Alert about the %s acknowledged"), kefu_clock_label (clock));
  ev = kefu_query_prepare (store, "INSERT INTO ticket_events (ticket_id, at, user_id, kind, body) VALUES (?1, ?2, ?3, 'ack', ?4)", error);
  if (ev == NULL)
    goto fail;
  kefu_query_bind_int (ev, 1, ticket_id);
  kefu_query_bind_int (ev, 2, now);
  kefu_query_bind_int (ev, 3, kefu_store_get_actor (store));
  kefu_query_bind_text (ev, 4, body);
  if (!kefu_query_run (store, ev, error))
    goto fail;
  return kefu_store_commit (store, error);

fail:
  kefu_store_rollback (store);
  return FALSE;
}

gboolean
kefu_sla_alert_concerns (const KefuSlaAlert *a,
                         gint64              user_id,
                         const char         *role)
{
  /* an emergency's breach is for every desk: whoever is there acts */
  if (a->level <= 2 && a->threshold == KEFU_THRESHOLD_BREACH && user_id > 0)
    return TRUE;
  if (a->threshold == KEFU_THRESHOLD_ESCALATION)
    return g_strcmp0 (role, "manager") == 0 || g_strcmp0 (role, "supervisor") == 0;
  return a->agent_id == user_id || g_strcmp0 (role, "supervisor") == 0 || g_strcmp0 (role, "manager") == 0;
}

static void
policy_free (gpointer data)
{
  KefuSlaPolicy *p = data;

  g_free (p->name);
  g_free (p->kind);
  g_free (p->channel);
  g_free (p->calendar);
  g_free (p);
}

GPtrArray *
kefu_sla_list_policies (KefuStore  *store,
                        GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (policy_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT p.id, p.name, p.kind, coalesce(p.level, 0), p.channel, coalesce(p.response_min, 0), "
      "coalesce(p.onsite_min, 0), coalesce(p.resolution_min, 0), coalesce(p.followup_min, 0), "
      "coalesce(p.update_interval_min, 0), c.name "
      "FROM sla_policies p LEFT JOIN calendars c ON c.id = p.calendar_id WHERE p.active <> 0 "
      "ORDER BY coalesce(p.level, 9), p.kind IS NOT NULL, p.channel IS NOT NULL, p.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuSlaPolicy *p = g_new0 (KefuSlaPolicy, 1);

      p->id = kefu_query_get_int (stmt, 0);
      p->name = g_strdup (kefu_query_get_text (stmt, 1));
      p->kind = g_strdup (kefu_query_get_text (stmt, 2));
      p->level = kefu_query_get_int (stmt, 3);
      p->channel = g_strdup (kefu_query_get_text (stmt, 4));
      for (KefuClock k = 0; k < KEFU_N_POLICY_CLOCKS; k++)
        p->minutes[k] = kefu_query_get_int (stmt, 5 + k);
      p->calendar = g_strdup (kefu_query_get_text (stmt, 5 + KEFU_N_POLICY_CLOCKS));
      g_ptr_array_add (list, p);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

gint64
kefu_sla_save_policy (KefuStore            *store,
                      const KefuSlaPolicy  *p,
                      GError              **error)
{
  g_autoptr(KefuUser) user = NULL;
  KEFU_AUTO_QUERY *retire = NULL;
  KEFU_AUTO_QUERY *insert = NULL;
  gint64 id;
  int rc;

  if (kefu_store_get_actor (store) > 0)
    user = kefu_desk_get_user (store, kefu_store_get_actor (store), NULL);
  if (!kefu_user_can (user, KEFU_PERMISSION_EDIT_SLA))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("Only supervisors, managers and administrators may change service-level policies."));
      return 0;
    }
  for (KefuClock k = 0; k < KEFU_N_POLICY_CLOCKS; k++)
    if (p->minutes[k] < 0 || p->minutes[k] > 60 * 24 * 60)
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("A target of %d minutes is not possible; use 0 (no target) to 86400."), p->minutes[k]);
        return 0;
      }
  if (!kefu_store_begin (store, error))
    return 0;
  retire = kefu_query_prepare (store, "UPDATE sla_policies SET active = 0 WHERE id = ?1", error);
  insert = kefu_query_prepare (store,
      "INSERT INTO sla_policies (name, estate_id, kind, level, channel, response_min, onsite_min, resolution_min, "
      "update_interval_min, followup_min, calendar_id, warn_percent, escalate_percent, created_at) "
      "SELECT ?1, estate_id, kind, level, channel, nullif(?2, 0), nullif(?3, 0), nullif(?4, 0), "
      "nullif(?6, 0), nullif(?5, 0), (SELECT id FROM calendars WHERE name = ?9), warn_percent, escalate_percent, ?7 "
      "FROM sla_policies WHERE id = ?8 AND active <> 0", error);
  if (retire == NULL || insert == NULL)
    goto fail;
  kefu_query_bind_text (insert, 1, p->name);
  for (KefuClock k = 0; k < KEFU_N_POLICY_CLOCKS; k++)
    kefu_query_bind_int (insert, 2 + k, p->minutes[k]);
  kefu_query_bind_text (insert, 9, p->calendar);
  kefu_query_bind_int (insert, 7, kefu_store_now (store));
  kefu_query_bind_int (insert, 8, p->id);
  rc = kefu_query_step (store, insert, error);
  if (rc == KEFU_QUERY_FAILED)
    goto fail;
  if (kefu_query_changes (store) != 1)
    {
      /* someone saved it meanwhile: never two active versions */
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("The policy “%s” was changed meanwhile; open it again to see the current targets."), p->name);
      goto fail;
    }
  id = kefu_query_last_id (store);
  kefu_query_bind_int (retire, 1, p->id);
  if (!kefu_query_run (store, retire, error))
    goto fail;
  {
    g_autofree char *detail = g_strdup_printf ("replaces=%" G_GINT64_FORMAT, p->id);

    if (!kefu_audit_append (store, kefu_store_get_actor (store), "save_sla_policy", "sla_policies", id, detail, error))
      goto fail;
  }
  if (!kefu_store_commit (store, error))
    return 0;
  return id;

fail:
  kefu_store_rollback (store);
  return 0;
}

GStrv
kefu_sla_list_calendars (KefuStore  *store,
                         GError    **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT name FROM calendars ORDER BY around_the_clock DESC, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    g_strv_builder_add (names, kefu_query_get_text (stmt, 0));
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_strv_builder_end (names);
}

/* < 0 when @a is worse than @b */
static int
compare_severity (const KefuSlaAlert *a,
                  const KefuSlaAlert *b)
{
  if (a->threshold != b->threshold)
    return a->threshold > b->threshold ? -1 : 1;
  if (a->level != b->level)
    return a->level < b->level ? -1 : 1;
  if (a->late_seconds != b->late_seconds)
    return a->late_seconds > b->late_seconds ? -1 : 1;
  return a->ticket_id < b->ticket_id ? -1 : a->ticket_id > b->ticket_id;
}

static int
compare_severity_cb (gconstpointer a,
                     gconstpointer b)
{
  return compare_severity (*(KefuSlaAlert *const *) a, *(KefuSlaAlert *const *) b);
}

GPtrArray *
kefu_sla_alerts_by_ticket (GPtrArray *alerts)
{
  g_autoptr(GHashTable) worst = g_hash_table_new (g_int64_hash, g_int64_equal);
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < alerts->len; i++)
    {
      KefuSlaAlert *a = alerts->pdata[i];
      KefuSlaAlert *seen = g_hash_table_lookup (worst, &a->ticket_id);

      if (seen == NULL || compare_severity (a, seen) < 0)
        g_hash_table_insert (worst, &a->ticket_id, a);
    }
  g_hash_table_iter_init (&iter, worst);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (out, value);
  g_ptr_array_sort (out, compare_severity_cb);
  return out;
}

GPtrArray *
kefu_sla_alerts_by_clock (GPtrArray *alerts)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < alerts->len; i++)
    {
      KefuSlaAlert *a = alerts->pdata[i];
      gboolean kept = TRUE;

      for (guint j = 0; j < out->len && kept; j++)
        {
          KefuSlaAlert *b = out->pdata[j];

          if (b->ticket_id != a->ticket_id || b->clock != a->clock)
            continue;
          /* the same clock: the more severe one stands in its place */
          if (a->threshold > b->threshold)
            out->pdata[j] = a;
          kept = FALSE;
        }
      if (kept)
        g_ptr_array_add (out, a);
    }
  return out;
}
