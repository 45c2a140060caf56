/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-loadtest.c — kefu-cli loadtest: many desks, one server (#20)
 *
 * The mix is a busy hour at a reception desk, from docs/domain.md's
 * standard (≥ 30 requests handled per agent per day) doubled for a busy
 * day: per desk and hour 8 new tickets, 24 lifecycle moves (dispatch,
 * accepted, on site, resolved: about three per ticket, some by the
 * dispatcher's screen), 16 searches, 8 follow-up calls, 36 refreshes of
 * the sidebar counts and the list (one a change seen, coalesced) and 4 of
 * the dashboard: 96 actions an hour, one every 37.5 s on average
 * (exponential think times), and 3.75 s at 10×. Looking at a ticket
 * before moving it takes 2 s (0.2 s at 10×): the window in which another
 * desk may move it first.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kefu-desk.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-kpi.h"
#include "kefu-loadtest.h"
#include "kefu-query.h"
#include "kefu-store-private.h"
#include "kefu-ticket.h"

static const double per_hour[KEFU_LOAD_N_ACTIONS] = { 8, 24, 16, 8, 36, 4 };
#define LOOK_SECONDS 2.0   /* reading a ticket before moving it (real time) */

static const char *
action_label (KefuLoadAction a)
{
  switch (a)
    {
    case KEFU_LOAD_INTAKE: return _("intake (a new ticket)");
    case KEFU_LOAD_MOVE: return _("a lifecycle move");
    case KEFU_LOAD_SEARCH: return _("search, first page");
    case KEFU_LOAD_FOLLOW_UP: return _("follow-up call");
    case KEFU_LOAD_REFRESH: return _("sidebar counts and list");
    case KEFU_LOAD_DASHBOARD: return _("dashboard KPIs (a month)");
    default: return "";
    }
}

/* The stages a ticket goes through on the desks; a move takes one on */
enum { STAGE_NEW, STAGE_DISPATCHED, STAGE_ACCEPTED, STAGE_ON_SITE, STAGE_RESOLVED, N_STAGES };
static const char * const stage_status[N_STAGES] = { "new", "dispatched", "accepted", "on_site", "resolved" };

typedef struct { gint64 unit, building, owner; } Place;
typedef struct { gint64 id, team; } Tech;

struct _KefuLoadtestReport {
  char     *where;
  guint     desks;
  double    seconds, speed;
  GArray   *times[KEFU_LOAD_N_ACTIONS];   /* ms */
  guint     failed[KEFU_LOAD_N_ACTIONS];
  guint     stale;            /* stale-version refusals shown to a user */
  guint     stale_retried;    /* …after which the user's retry went through */
  guint     saved_again;      /* busy or a ticket number taken: Save pressed again */
  GArray   *acks;             /* KefuLoadAck */
  char     *dashboard_error;  /* the dashboard does not run on the server yet */
  GPtrArray *errors;          /* a few messages of failed actions */
};

typedef struct {
  GMutex      lock;
  GArray     *pool[N_STAGES];     /* ticket ids at each stage */
  GArray     *open_ids;           /* any open ticket, for calls */
  GArray     *places;
  GArray     *techs;
  KefuLoadtestReport *report;
  gint64      end;                /* monotonic */
  gint        dashboard_off;
} Shared;

typedef struct {
  Shared     *shared;
  guint       number;
  KefuStore  *store;
  gint64      user_id;
  GRand      *rand;
  guint       serial;
  GArray     *times[KEFU_LOAD_N_ACTIONS];
  guint       failed[KEFU_LOAD_N_ACTIONS];
  guint       stale, stale_retried, saved_again;
  GArray     *acks;
  GPtrArray  *errors;
} Desk;

static void
report_error (Desk       *d,
              const char *what,
              GError     *error)
{
  if (d->errors->len < 5)
    g_ptr_array_add (d->errors, g_strdup_printf ("desk %u, %s: %s", d->number, what, error->message));
}

/* Pools ---------------------------------------------------------------- */

static void
pool_add (Shared *s,
          int     stage,
          gint64  id)
{
  g_mutex_lock (&s->lock);
  g_array_append_val (s->pool[stage], id);
  g_mutex_unlock (&s->lock);
}

/* A ticket at @stage, seen by this desk now (left in the pool: another
 * desk may pick it too, as two people see one list); 0 when none */
static gint64
pool_pick (Shared *s,
           GRand  *rand,
           int     stage)
{
  gint64 id = 0;
  guint back = (guint) g_rand_int_range (rand, 0, 20);
  GArray *pool;

  g_mutex_lock (&s->lock);
  pool = s->pool[stage];
  if (pool->len > 0)
    /* the newest first, mostly: a list sorted newest first */
    id = g_array_index (pool, gint64, pool->len - 1 - MIN (pool->len - 1, back));
  g_mutex_unlock (&s->lock);
  return id;
}

static void
pool_remove (Shared *s,
             int     stage,
             gint64  id)
{
  g_mutex_lock (&s->lock);
  for (guint i = 0; i < s->pool[stage]->len; i++)
    if (g_array_index (s->pool[stage], gint64, i) == id)
      {
        g_array_remove_index (s->pool[stage], i);
        break;
      }
  g_mutex_unlock (&s->lock);
}

/* Acknowledged writes --------------------------------------------------- */

static gint64
last_event (KefuStore *store,
            gint64     ticket_id)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT coalesce(max(id), 0) FROM ticket_events WHERE ticket_id = ?1", NULL);

  if (q == NULL)
    return 0;
  kefu_query_bind_int (q, 1, ticket_id);
  return kefu_query_step (store, q, NULL) == KEFU_QUERY_ROW ? kefu_query_get_int (q, 0) : 0;
}

/* After a write the desk was told succeeded: the event it wrote (the
 * first of this desk's user on that ticket after @before) */
static void
acknowledge (Desk           *d,
             KefuLoadAction  action,
             gint64          ticket_id,
             gint64          before)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (d->store,
      "SELECT coalesce(min(id), 0) FROM ticket_events WHERE ticket_id = ?1 AND id > ?2 AND user_id = ?3", NULL);
  KefuLoadAck ack = { action, d->number, ticket_id, 0 };

  if (q != NULL)
    {
      kefu_query_bind_int (q, 1, ticket_id);
      kefu_query_bind_int (q, 2, before);
      kefu_query_bind_int (q, 3, d->user_id);
      if (kefu_query_step (d->store, q, NULL) == KEFU_QUERY_ROW)
        ack.event_id = kefu_query_get_int (q, 0);
    }
  g_array_append_val (d->acks, ack);
}

/* The actions ------------------------------------------------------------ */

static gboolean
save_again (Desk   *d,
            GError *error)
{
  /* what a user does after "busy, try again" or a number taken */
  if (g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_RETRY)
      || g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT))
    {
      d->saved_again++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
do_intake (Desk *d)
{
  Shared *s = d->shared;
  Place place;
  g_autofree char *description = NULL;
  /* the intake's key, as a desk's form makes one: a save pressed again
   * after an answer that never came is the same ticket (#20) */
  g_autofree char *key = g_uuid_string_random ();
  gint64 id = 0;

  g_mutex_lock (&s->lock);
  place = g_array_index (s->places, Place, g_rand_int_range (d->rand, 0, (gint32) s->places->len));
  g_mutex_unlock (&s->lock);
  description = g_strdup_printf ("卫生间漏水，楼下天花板渗水（压测 %u-%u）", d->number, ++d->serial);
  for (int attempt = 0; attempt < 5 && id == 0; attempt++)
    {
      KefuTicketDraft draft = { "phone", "repair", "plumbing_electrical", 2, place.building, place.unit, NULL,
                                place.owner, NULL, NULL, description, 0 };
      g_autoptr(GError) error = NULL;

      id = kefu_desk_create_ticket_keyed (d->store, &draft, key, &error);
      if (id <= 0)
        {
          id = 0;
          if (!save_again (d, error))
            {
              report_error (d, "intake", error);
              return FALSE;
            }
        }
    }
  if (id == 0)
    return FALSE;
  acknowledge (d, KEFU_LOAD_INTAKE, id, 0);
  pool_add (s, STAGE_NEW, id);
  g_mutex_lock (&s->lock);
  g_array_append_val (s->open_ids, id);
  g_mutex_unlock (&s->lock);
  return TRUE;
}

/* One move of @id from what the desk reads now; 1 done, 0 refused as
 * stale, -1 failed */
static int
move_once (Desk   *d,
           gint64  id,
           int    *stage_out)
{
  Shared *s = d->shared;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTicket) t = kefu_desk_get_ticket (d->store, id, &error);
  const char *status;
  int stage = -1;
  gboolean ok = FALSE, verifying;
  gint64 before;

  if (t == NULL)
    {
      report_error (d, "move (reading the ticket)", error);
      return -1;
    }
  status = kefu_ticket_get_status (t);
  for (int i = 0; i < STAGE_RESOLVED; i++)
    if (g_str_equal (status, stage_status[i]))
      stage = i;
  *stage_out = stage;
  if (stage < 0)
    return 1;   /* moved on by someone else beyond the desks' part: nothing to do */
  /* an urgent ticket (level 1 or 2) is verified by a second person first */
  verifying = stage == STAGE_NEW && kefu_ticket_get_level (t) <= 2 && !kefu_ticket_get_verified (t);
  /* the user reads the ticket, then acts on the version shown */
  g_usleep ((gulong) (LOOK_SECONDS / s->report->speed * G_USEC_PER_SEC));
  before = last_event (d->store, id);
  kefu_store_expect_version (d->store, id, kefu_ticket_get_version (t));
  for (int attempt = 0; attempt < 3 && !ok; attempt++)
    {
      g_clear_error (&error);
      switch (stage)
        {
        case STAGE_NEW:
          if (verifying)
            {
              ok = kefu_desk_verify (d->store, id, &error);
              break;
            }
          {
            Tech tech;
            g_mutex_lock (&s->lock);
            tech = g_array_index (s->techs, Tech, g_rand_int_range (d->rand, 0, (gint32) s->techs->len));
            g_mutex_unlock (&s->lock);
            ok = kefu_desk_dispatch (d->store, id, tech.team, tech.id, NULL, &error);
          }
          break;
        case STAGE_DISPATCHED:
          ok = kefu_desk_move (d->store, id, "accepted", NULL, &error);
          break;
        case STAGE_ACCEPTED:
          ok = kefu_desk_move (d->store, id, "on_site", NULL, &error);
          break;
        case STAGE_ON_SITE:
        default:
          ok = kefu_desk_resolve (d->store, id, "更换角阀，试水无渗漏", "角阀 1 个", NULL, 0, &error);
          break;
        }
      if (!ok && !g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_RETRY))
        break;
      if (!ok)
        d->saved_again++;
    }
  kefu_store_expect_version (d->store, 0, 0);
  if (ok)
    {
      acknowledge (d, KEFU_LOAD_MOVE, id, before);
      if (!verifying)
        {
          pool_remove (s, stage, id);
          pool_add (s, stage + 1, id);
        }
      return 1;
    }
  /* the agent who logged it may not verify it: left for another desk */
  if (verifying && g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION))
    return 1;
  if (g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_STALE))
    {
      d->stale++;
      return 0;
    }
  report_error (d, "move", error);
  pool_remove (s, stage, id);
  return -1;
}

static gboolean
do_move (Desk *d)
{
  /* the stages weighted as the work in hand: mostly dispatching and
   * technicians' progress, reported at the desk */
  int stage = (int) g_rand_int_range (d->rand, 0, STAGE_RESOLVED);
  gint64 id = 0;
  int seen = -1, rc;

  for (int i = 0; i < STAGE_RESOLVED && id == 0; i++)
    id = pool_pick (d->shared, d->rand, (stage + i) % STAGE_RESOLVED);
  if (id == 0)
    return TRUE;
  rc = move_once (d, id, &seen);
  if (rc == 0)
    {
      /* "王芳 changed this ticket…": the user reads it again and acts on
       * what it is now */
      rc = move_once (d, id, &seen);
      if (rc == 1)
        d->stale_retried++;
    }
  return rc >= 0;
}

static gboolean
do_follow_up (Desk *d)
{
  Shared *s = d->shared;
  gint64 id = pool_pick (s, d->rand, STAGE_RESOLVED);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("业主表示已修好，满意（压测 %u-%u）", d->number, ++d->serial);
  gboolean ok = FALSE;
  gint64 before;

  if (id != 0)
    {
      pool_remove (s, STAGE_RESOLVED, id);
      before = last_event (d->store, id);
      for (int attempt = 0; attempt < 3 && !ok; attempt++)
        {
          g_clear_error (&error);
          ok = kefu_desk_follow_up (d->store, id, 5, TRUE, text, &error);
          if (!ok && !save_again (d, error))
            break;
        }
    }
  else
    {
      /* nothing resolved yet: a call about an open ticket */
      g_mutex_lock (&s->lock);
      if (s->open_ids->len > 0)
        id = g_array_index (s->open_ids, gint64, g_rand_int_range (d->rand, 0, (gint32) s->open_ids->len));
      g_mutex_unlock (&s->lock);
      if (id == 0)
        return TRUE;
      before = last_event (d->store, id);
      for (int attempt = 0; attempt < 3 && !ok; attempt++)
        {
          g_clear_error (&error);
          ok = kefu_desk_log_call (d->store, id, text, &error);
          if (!ok && !save_again (d, error))
            break;
        }
    }
  if (!ok)
    {
      /* a ticket moved on meanwhile is no failure of the server */
      if (g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID))
        return TRUE;
      report_error (d, "follow-up", error);
      return FALSE;
    }
  acknowledge (d, KEFU_LOAD_FOLLOW_UP, id, before);
  return TRUE;
}

static gboolean
do_search (Desk *d)
{
  static const char * const words[] = { "漏水", "电梯", "停车", "噪音", "门禁", "5678", "物业费", "天花板", "垃圾" };
  KefuTicketQuery q = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) page = NULL;

  q.search = words[g_rand_int_range (d->rand, 0, G_N_ELEMENTS (words))];
  ids = kefu_desk_query_first_ticket_ids (d->store, &q, 64, NULL, &error);
  if (ids != NULL)
    page = kefu_desk_load_tickets (d->store, (gint64 *) ids->data, MIN (ids->len, 50), &error);
  if (error != NULL)
    {
      report_error (d, "search", error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
do_refresh (Desk *d)
{
  KefuTicketQuery list = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) page = NULL;

  for (KefuSavedView v = 0; v < KEFU_N_VIEWS && error == NULL; v++)
    {
      KefuTicketQuery q = { 0 };

      kefu_saved_view_apply (v, d->user_id, &q);
      kefu_desk_count_tickets (d->store, &q, &error);
    }
  if (error == NULL)
    ids = kefu_desk_query_first_ticket_ids (d->store, &list, 64, NULL, &error);
  if (ids != NULL)
    page = kefu_desk_load_tickets (d->store, (gint64 *) ids->data, MIN (ids->len, 50), &error);
  if (error != NULL)
    {
      report_error (d, "refresh", error);
      return FALSE;
    }
  return TRUE;
}

/* -1: not on the server (not timed) */
static int
do_dashboard (Desk *d)
{
  Shared *s = d->shared;
  gint64 now = kefu_store_now (d->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiReport) kpis = NULL;

  if (g_atomic_int_get (&s->dashboard_off))
    return -1;
  kpis = kefu_kpi_compute (d->store, now - 30 * 86400, now, &error);
  if (kpis == NULL)
    {
      g_mutex_lock (&s->lock);
      if (s->report->dashboard_error == NULL)
        s->report->dashboard_error = g_strdup (error != NULL ? error->message : "");
      g_mutex_unlock (&s->lock);
      g_atomic_int_set (&s->dashboard_off, 1);
      return -1;
    }
  return 1;
}

static gpointer
desk_thread (gpointer data)
{
  Desk *d = data;
  Shared *s = d->shared;
  double total = 0, mean_gap;

  for (int a = 0; a < KEFU_LOAD_N_ACTIONS; a++)
    total += per_hour[a];
  mean_gap = 3600.0 / total / s->report->speed;
  /* desks do not start in step */
  g_usleep ((gulong) (g_rand_double (d->rand) * mean_gap * G_USEC_PER_SEC));
  while (g_get_monotonic_time () < s->end)
    {
      double pick = g_rand_double (d->rand) * total, gap;
      KefuLoadAction a = 0;
      gint64 start;
      int rc;

      while (a < KEFU_LOAD_N_ACTIONS - 1 && pick >= per_hour[a])
        pick -= per_hour[a++];
      start = g_get_monotonic_time ();
      switch (a)
        {
        case KEFU_LOAD_INTAKE: rc = do_intake (d); break;
        case KEFU_LOAD_MOVE: rc = do_move (d); break;
        case KEFU_LOAD_SEARCH: rc = do_search (d); break;
        case KEFU_LOAD_FOLLOW_UP: rc = do_follow_up (d); break;
        case KEFU_LOAD_REFRESH: rc = do_refresh (d); break;
        case KEFU_LOAD_DASHBOARD:
        default: rc = do_dashboard (d); break;
        }
      if (rc >= 0)
        {
          double ms = (g_get_monotonic_time () - start) / 1000.0;
          /* a move includes the user's reading of the ticket: not the server's time */
          if (a == KEFU_LOAD_MOVE)
            ms = MAX (0, ms - LOOK_SECONDS / s->report->speed * 1000.0);
          g_array_append_val (d->times[a], ms);
          if (rc == 0)
            d->failed[a]++;
        }
      /* exponential think time, bounded by the end */
      gap = -log (1.0 - g_rand_double (d->rand)) * mean_gap;
      gap = MIN (gap, (s->end - g_get_monotonic_time ()) / (double) G_USEC_PER_SEC);
      if (gap > 0)
        g_usleep ((gulong) (gap * G_USEC_PER_SEC));
    }
  return NULL;
}

/* Reading what the desks need ---------------------------------------------- */

static gboolean
load_ids (KefuStore   *store,
          const char  *sql,
          GArray      *out,
          int          n_cols,
          GError     **error)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, error);
  KefuQueryStep rc;

  if (q == NULL)
    return FALSE;
  while ((rc = kefu_query_step (store, q, error)) == KEFU_QUERY_ROW)
    {
      gint64 row[3] = { 0, 0, 0 };
      for (int i = 0; i < n_cols; i++)
        row[i] = kefu_query_get_int (q, i);
      g_array_append_vals (out, row, 1);
    }
  return rc == KEFU_QUERY_DONE;
}

static gboolean
load_shared (KefuStore  *store,
             Shared     *s,
             GArray     *users,
             GError    **error)
{
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);

  if (!load_ids (store, "SELECT u.id, u.building_id, ou.owner_id FROM units u JOIN owner_units ou ON ou.unit_id = u.id "
                        "ORDER BY u.id LIMIT 2000", s->places, 3, error)
      || !load_ids (store, "SELECT id, team_id FROM technicians WHERE active <> 0 ORDER BY id", s->techs, 2, error)
      || !load_ids (store, "SELECT id FROM users WHERE active <> 0 AND role IN ('agent', 'dispatcher', 'supervisor') "
                           "ORDER BY id", users, 1, error)
      || !load_ids (store, "SELECT id, CASE status WHEN 'new' THEN 0 WHEN 'dispatched' THEN 1 WHEN 'accepted' THEN 2 "
                           "WHEN 'on_site' THEN 3 ELSE 4 END FROM tickets "
                           "WHERE status IN ('new', 'dispatched', 'accepted', 'on_site', 'resolved') "
                           "ORDER BY created_at DESC LIMIT 3000", open, 2, error))
    return FALSE;
  for (guint i = open->len; i > 0; i--)
    {
      gint64 *row = &g_array_index (open, gint64, 2 * (i - 1));
      g_array_append_val (s->pool[row[1]], row[0]);
      g_array_append_val (s->open_ids, row[0]);
    }
  if (s->places->len == 0 || s->techs->len == 0 || users->len == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The server has no units with owners, technicians or desk staff to play a day with: "
                     "copy a center's file (or a sample: kefu-cli init --demo) to it with kefu-cli migrate first."));
      return FALSE;
    }
  return TRUE;
}

KefuLoadtestReport *
kefu_loadtest_run (const char                *conninfo,
                   const KefuLoadtestOptions *options,
                   GError                   **error)
{
  g_autoptr(KefuLoadtestReport) report = g_new0 (KefuLoadtestReport, 1);
  g_autoptr(GArray) users = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  Desk *desks = NULL;
  Shared s = { 0 };
  gboolean ok = FALSE;
  guint opened = 0;

  report->where = kefu_engine_describe_spec (conninfo);
  report->desks = options->desks;
  report->seconds = options->seconds;
  report->speed = options->speed > 0 ? options->speed : 10;
  report->acks = g_array_new (FALSE, FALSE, sizeof (KefuLoadAck));
  report->errors = g_ptr_array_new_with_free_func (g_free);
  for (int a = 0; a < KEFU_LOAD_N_ACTIONS; a++)
    report->times[a] = g_array_new (FALSE, FALSE, sizeof (double));

  g_mutex_init (&s.lock);
  for (int i = 0; i < N_STAGES; i++)
    s.pool[i] = g_array_new (FALSE, FALSE, sizeof (gint64));
  s.open_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  s.places = g_array_new (FALSE, FALSE, sizeof (Place));
  s.techs = g_array_new (FALSE, FALSE, sizeof (Tech));
  s.report = report;

  /* every desk's store opened first, one after the other (what a center
   * does in the morning), then the day */
  desks = g_new0 (Desk, MAX (options->desks, 1));
  for (guint i = 0; i < options->desks; i++)
    {
      Desk *d = &desks[i];

      d->shared = &s;
      d->number = i + 1;
      d->rand = g_rand_new_with_seed (options->seed * 7919 + i);
      d->acks = g_array_new (FALSE, FALSE, sizeof (KefuLoadAck));
      d->errors = g_ptr_array_new_with_free_func (g_free);
      for (int a = 0; a < KEFU_LOAD_N_ACTIONS; a++)
        d->times[a] = g_array_new (FALSE, FALSE, sizeof (double));
      d->store = kefu_store_open (conninfo, KEFU_STORE_OPEN_DEFAULT, error);
      if (d->store == NULL)
        goto out;
      opened++;
      if (i == 0 && !load_shared (d->store, &s, users, error))
        goto out;
      d->user_id = g_array_index (users, gint64, i % users->len);
      kefu_store_set_actor (d->store, d->user_id);
    }
  s.end = g_get_monotonic_time () + (gint64) (options->seconds * G_USEC_PER_SEC);
  for (guint i = 0; i < options->desks; i++)
    g_ptr_array_add (threads, g_thread_new ("kefu-desk", desk_thread, &desks[i]));
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);
  ok = TRUE;

out:
  for (guint i = 0; i < options->desks; i++)
    {
      Desk *d = &desks[i];

      if (d->rand == NULL)
        continue;
      for (int a = 0; a < KEFU_LOAD_N_ACTIONS; a++)
        {
          g_array_append_vals (report->times[a], d->times[a]->data, d->times[a]->len);
          report->failed[a] += d->failed[a];
          g_array_unref (d->times[a]);
        }
      report->stale += d->stale;
      report->stale_retried += d->stale_retried;
      report->saved_again += d->saved_again;
      g_array_append_vals (report->acks, d->acks->data, d->acks->len);
      for (guint e = 0; e < d->errors->len && report->errors->len < 10; e++)
        g_ptr_array_add (report->errors, g_strdup (d->errors->pdata[e]));
      g_array_unref (d->acks);
      g_ptr_array_unref (d->errors);
      g_rand_free (d->rand);
      g_clear_object (&d->store);
    }
  (void) opened;
  g_free (desks);
  for (int i = 0; i < N_STAGES; i++)
    g_array_unref (s.pool[i]);
  g_array_unref (s.open_ids);
  g_array_unref (s.places);
  g_array_unref (s.techs);
  g_mutex_clear (&s.lock);
  return ok ? g_steal_pointer (&report) : NULL;
}

void
kefu_loadtest_report_free (KefuLoadtestReport *report)
{
  if (report == NULL)
    return;
  for (int a = 0; a < KEFU_LOAD_N_ACTIONS; a++)
    g_clear_pointer (&report->times[a], g_array_unref);
  g_clear_pointer (&report->acks, g_array_unref);
  g_clear_pointer (&report->errors, g_ptr_array_unref);
  g_free (report->dashboard_error);
  g_free (report->where);
  g_free (report);
}

GArray *
kefu_loadtest_report_get_acks (KefuLoadtestReport *report)
{
  return report->acks;
}

guint
kefu_loadtest_report_count (KefuLoadtestReport *report,
                            KefuLoadAction      action,
                            guint              *failed)
{
  if (failed != NULL)
    *failed = report->failed[action];
  return report->times[action]->len;
}

gint64
kefu_loadtest_verify (const char          *conninfo,
                      KefuLoadtestReport  *report,
                      GPtrArray          **missing,
                      GError             **error)
{
  g_autoptr(KefuStore) store = kefu_store_open (conninfo, KEFU_STORE_OPEN_DEFAULT, error);
  KEFU_AUTO_QUERY *q = NULL;
  gint64 n_missing = 0;

  if (missing != NULL)
    *missing = g_ptr_array_new_with_free_func (g_free);
  if (store == NULL)
    return -1;
  /* the ticket, and the event the write made on it */
  q = kefu_query_prepare (store,
      "SELECT (SELECT count(*) FROM tickets WHERE id = ?1), "
      "       (SELECT count(*) FROM ticket_events WHERE id = ?2 AND ticket_id = ?1)", error);
  if (q == NULL)
    return -1;
  for (guint i = 0; i < report->acks->len; i++)
    {
      const KefuLoadAck *ack = &g_array_index (report->acks, KefuLoadAck, i);
      gboolean present;

      kefu_query_reset (q);
      kefu_query_bind_int (q, 1, ack->ticket_id);
      kefu_query_bind_int (q, 2, ack->event_id);
      if (kefu_query_step (store, q, error) != KEFU_QUERY_ROW)
        return -1;
      present = ack->event_id > 0 && kefu_query_get_int (q, 0) == 1 && kefu_query_get_int (q, 1) == 1;
      if (!present)
        {
          n_missing++;
          if (missing != NULL)
            g_ptr_array_add (*missing,
                             ack->event_id == 0
                             ? g_strdup_printf (_("desk %u, %s of ticket %lld: its event was not found after the commit"),
                                                ack->desk, action_label (ack->action), (long long) ack->ticket_id)
                             : g_strdup_printf (_("desk %u, %s of ticket %lld: event %lld is not on the server"),
                                                ack->desk, action_label (ack->action), (long long) ack->ticket_id,
                                                (long long) ack->event_id));
        }
    }
  return n_missing;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint k;

  if (sorted->len == 0)
    return NAN;
  k = (guint) ceil (p * sorted->len);
  return g_array_index (sorted, double, MAX (k, 1) - 1);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

char *
kefu_loadtest_format (KefuLoadtestReport *report,
                      gint64              missing)
{
  GString *out = g_string_new (NULL);
  guint writes = report->acks->len;

  g_string_append_printf (out, _("Load test: %u desks for %.1f minutes at %g× (%.0f minutes of a busy day) on “%s”\n\n"),
                          report->desks, report->seconds / 60, report->speed, report->seconds * report->speed / 60,
                          report->where);
  g_string_append_printf (out, "%-28s %8s %10s %10s %10s %8s\n", _("action"), _("count"), _("p50 ms"), _("p95 ms"),
                          _("p99 ms"), _("failed"));
  for (KefuLoadAction a = 0; a < KEFU_LOAD_N_ACTIONS; a++)
    {
      GArray *t = report->times[a];
      int width = 0;
      const char *label = action_label (a);

      for (const char *c = label; *c != '\0'; c = g_utf8_next_char (c))
        width += g_unichar_iswide (g_utf8_get_char (c)) ? 2 : 1;
      if (a == KEFU_LOAD_DASHBOARD && report->dashboard_error != NULL && t->len == 0)
        {
          g_string_append_printf (out, "%s%*s %s\n", label, MAX (28 - width, 0), "", _("not on the server yet"));
          continue;
        }
      g_array_sort (t, compare_double);
      if (t->len == 0)
        {
          g_string_append_printf (out, "%s%*s %8u %10s %10s %10s %8u\n", label, MAX (28 - width, 0), "", 0u,
                                  "—", "—", "—", report->failed[a]);
          continue;
        }
      g_string_append_printf (out, "%s%*s %8u %10.1f %10.1f %10.1f %8u\n", label, MAX (28 - width, 0), "", t->len,
                              percentile (t, 0.5), percentile (t, 0.95), percentile (t, 0.99), report->failed[a]);
    }
  g_string_append_printf (out, _("\nConflicts reported to users: %u stale-version refusals (%u went through when the user "
                                 "tried again on what the ticket was then); Save pressed again %u times (the server busy, "
                                 "or a ticket number taken by another desk at the same moment)\n"),
                          report->stale, report->stale_retried, report->saved_again);
  if (report->dashboard_error != NULL)
    g_string_append_printf (out, _("Dashboard: not on the server yet (%s)\n"), report->dashboard_error);
  for (guint i = 0; i < report->errors->len; i++)
    g_string_append_printf (out, _("Failed: %s\n"), (const char *) report->errors->pdata[i]);
  if (missing >= 0)
    g_string_append_printf (out, _("Acknowledged writes: %u; present on the server at the end (read from a new "
                                   "connection): %lld; missing: %lld\n"),
                            writes, (long long) (writes - missing), (long long) missing);
  return g_string_free (out, FALSE);
}
