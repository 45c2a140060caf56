/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-engine.c — the rule engine that picks a technician, and the
 * dispatch runs over the queue and at intake
 *
 * It loads what it needs once (the active rules, the teams, the active
 * technicians with their open jobs, areas and whether they are on shift at
 * that moment) and then decides in memory, so running over the whole
 * unassigned queue costs a handful of queries. Writes go through the
 * lifecycle (kefu_desk_dispatch, kefu_desk_move) so each one is checked and
 * written into the ticket's timeline.
 */
#include "config.h"

#include "kefu-dispatch-private.h"

/* The engine ---------------------------------------------------------------- */

typedef struct {
  gint64    id;
  char     *name;
  gint64    team_id;
  GStrv     skills;
  GArray   *buildings;   /* gint64 */
  guint     open;
} Tech;

typedef struct {
  gint64     id;
  char      *name;
  gboolean   contractor;
  gboolean   suspended;
  char      *suspended_reason;
  GPtrArray *techs;      /* Tech, owned by Engine.techs */
} Team;

typedef struct {
  KefuStore  *store;
  gint64      at;
  GHashTable *on_shift;  /* moment → set of technician ids on shift then */
  GPtrArray  *rules;     /* active, in order */
  GHashTable *teams;     /* id → Team */
  GPtrArray  *techs;     /* Tech */
} Engine;

static void
tech_free (Tech *t)
{
  g_free (t->name);
  g_strfreev (t->skills);
  g_array_unref (t->buildings);
  g_free (t);
}

static void
team_free (Team *t)
{
  g_free (t->name);
  g_free (t->suspended_reason);
  g_ptr_array_unref (t->techs);
  g_free (t);
}

static void
engine_free (Engine *e)
{
  g_clear_pointer (&e->rules, g_ptr_array_unref);
  g_clear_pointer (&e->teams, g_hash_table_unref);
  g_clear_pointer (&e->techs, g_ptr_array_unref);
  g_clear_pointer (&e->on_shift, g_hash_table_unref);
  g_free (e);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Engine, engine_free)

static Engine *
engine_load (KefuStore  *store,
             gint64      at,
             GError    **error)
{
  g_autoptr(Engine) e = g_new0 (Engine, 1);
  GHashTable *on = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  KEFU_AUTO_QUERY *teams = NULL;
  KEFU_AUTO_QUERY *techs = NULL;
  KEFU_AUTO_QUERY *others = NULL;
  KEFU_AUTO_QUERY *areas = NULL;
  KefuQueryStep rc;

  e->store = store;
  e->at = at;
  e->on_shift = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  e->teams = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) team_free);
  e->techs = g_ptr_array_new_with_free_func ((GDestroyNotify) tech_free);
  e->rules = kefu_dispatch_read_rules (store, TRUE, error);
  if (e->rules == NULL || (on = kefu_dispatch_load_on_shift (store, at, 0, error)) == NULL)
    return NULL;
  g_hash_table_insert (e->on_shift, g_memdup2 (&at, sizeof at), on);

  teams = kefu_query_prepare (store, "SELECT id, name, is_contractor, suspended, suspended_reason FROM teams", error);
  if (teams == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, teams, error)) == KEFU_QUERY_ROW)
    {
      Team *t = g_new0 (Team, 1);
      t->id = kefu_query_get_int (teams, 0);
      t->name = g_strdup (kefu_query_get_text (teams, 1));
      t->contractor = kefu_query_get_int (teams, 2) != 0;
      t->suspended = kefu_query_get_int (teams, 3) != 0;
      t->suspended_reason = g_strdup (kefu_query_get_text (teams, 4));
      t->techs = g_ptr_array_new ();
      g_hash_table_insert (e->teams, &t->id, t);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;

  techs = kefu_query_prepare (store,
      "SELECT tc.id, tc.name, tc.team_id, tc.skills, coalesce(o.n, 0) FROM technicians tc "
      "LEFT JOIN (SELECT technician_id, count(*) AS n FROM tickets WHERE status IN (" ASSIGNED_STATES ") "
      "           AND technician_id IS NOT NULL GROUP BY technician_id) o ON o.technician_id = tc.id "
      "WHERE tc.active <> 0 ORDER BY tc.id", error);
  if (techs == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, techs, error)) == KEFU_QUERY_ROW)
    {
      Tech *t = g_new0 (Tech, 1);
      Team *team;

      t->id = kefu_query_get_int (techs, 0);
      t->name = g_strdup (kefu_query_get_text (techs, 1));
      t->team_id = kefu_query_get_int (techs, 2);
      t->skills = g_strsplit_set (kefu_query_get_text (techs, 3) ? kefu_query_get_text (techs, 3) : "", ", ", -1);
      t->open = kefu_query_get_int (techs, 4);
      t->buildings = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_ptr_array_add (e->techs, t);
      g_hash_table_insert (by_id, &t->id, t);
      team = g_hash_table_lookup (e->teams, &t->team_id);
      if (team != NULL)
        g_ptr_array_add (team->techs, t);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;

  /* members of other teams than their own are chosen there too */
  others = kefu_query_prepare (store, "SELECT technician_id, team_id FROM technician_teams", error);
  if (others == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, others, error)) == KEFU_QUERY_ROW)
    {
      gint64 tech_id = kefu_query_get_int (others, 0);
      gint64 team_id = kefu_query_get_int (others, 1);
      Tech *t = g_hash_table_lookup (by_id, &tech_id);
      Team *team = g_hash_table_lookup (e->teams, &team_id);

      if (t != NULL && team != NULL && t->team_id != team_id)
        g_ptr_array_add (team->techs, t);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;

  areas = kefu_query_prepare (store, "SELECT technician_id, building_id FROM technician_buildings", error);
  if (areas == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, areas, error)) == KEFU_QUERY_ROW)
    {
      gint64 tech_id = kefu_query_get_int (areas, 0);
      gint64 building = kefu_query_get_int (areas, 1);
      Tech *t = g_hash_table_lookup (by_id, &tech_id);
      if (t != NULL)
        g_array_append_val (t->buildings, building);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&e);
}

/* A ticket as the rules see it. */
typedef struct {
  gint64  id;
  char   *number;
  char   *kind;
  char   *subtype;
  int     level;
  gint64  building_id;
  char   *building;
  char   *channel;
  gboolean verified;
  gint64  appointment_at;
  gint64  version;        /* the row version the queue was read at (#20) */
} Job;

static void
job_clear (Job *j)
{
  g_free (j->number);
  g_free (j->kind);
  g_free (j->subtype);
  g_free (j->building);
  g_free (j->channel);
}

#define JOB_COLUMNS \
  "t.id, t.number, t.kind, t.subtype, t.level, coalesce(t.building_id, 0), b.name, t.channel, t.verified_by IS NOT NULL, " \
  "coalesce(t.appointment_at, 0), t.version "
#define JOB_JOINS "FROM tickets t LEFT JOIN buildings b ON b.id = t.building_id "

static void
job_from_row (KefuQuery *stmt,
              Job          *j)
{
  j->id = kefu_query_get_int (stmt, 0);
  j->number = g_strdup (kefu_query_get_text (stmt, 1));
  j->kind = g_strdup (kefu_query_get_text (stmt, 2));
  j->subtype = g_strdup (kefu_query_get_text (stmt, 3));
  j->level = kefu_query_get_int (stmt, 4);
  j->building_id = kefu_query_get_int (stmt, 5);
  j->building = g_strdup (kefu_query_get_text (stmt, 6));
  j->channel = g_strdup (kefu_query_get_text (stmt, 7));
  j->verified = kefu_query_get_int (stmt, 8) != 0;
  j->appointment_at = kefu_query_get_int (stmt, 9);
  j->version = kefu_query_get_int (stmt, 10);
}

static gboolean
tech_has_skill (const Tech *t,
                const Job  *j)
{
  return j->subtype != NULL && g_strv_contains ((const char * const *) t->skills, j->subtype);
}

static gboolean
tech_covers (const Tech *t,
             const Job  *j)
{
  for (guint i = 0; i < t->buildings->len; i++)
    if (g_array_index (t->buildings, gint64, i) == j->building_id)
      return TRUE;
  return FALSE;
}

/* On shift; then skill, area, fewest open jobs, lowest id. */
/* Who is on shift at @moment; loaded once per moment. */
static GHashTable *
engine_on_shift (Engine *e,
                 gint64  moment)
{
  GHashTable *on = g_hash_table_lookup (e->on_shift, &moment);

  if (on == NULL)
    {
      g_autoptr(GError) error = NULL;

      on = kefu_dispatch_load_on_shift (e->store, moment, 0, &error);
      if (on == NULL)
        {
          g_message ("Shifts at %" G_GINT64_FORMAT " could not be read: %s", moment, error->message);
          on = g_hash_table_new (g_int64_hash, g_int64_equal);
        }
      g_hash_table_insert (e->on_shift, g_memdup2 (&moment, sizeof moment), on);
    }
  return on;
}

static Tech *
choose_technician (Engine     *e,
                   const Team *team,
                   const Job  *j,
                   gint64      moment)
{
  GHashTable *on = engine_on_shift (e, moment);
  Tech *best = NULL;

  for (guint i = 0; i < team->techs->len; i++)
    {
      Tech *t = team->techs->pdata[i];
      int d;

      if (!g_hash_table_contains (on, &t->id))
        continue;
      if (best == NULL)
        {
          best = t;
          continue;
        }
      /* d > 0: t is the better choice */
      d = (int) tech_has_skill (t, j) - (int) tech_has_skill (best, j);
      if (d == 0)
        d = (int) tech_covers (t, j) - (int) tech_covers (best, j);
      if (d == 0)
        d = best->open < t->open ? -1 : best->open > t->open;
      if (d == 0)
        d = best->id < t->id ? -1 : 1;
      if (d > 0)
        best = t;
    }
  return best;
}

void
kefu_dispatch_decision_free (KefuDispatchDecision *d)
{
  if (d == NULL)
    return;
  g_free (d->number);
  g_free (d->team_name);
  g_free (d->technician_name);
  g_free (d->reason);
  g_free (d);
}

static char *
join_reason (const char *a,
             const char *b)
{
  if (a == NULL || *a == '\0')
    return g_strdup (b);
  /* Translators: joins two parts of an automatic-dispatch explanation,
   * e.g. "Rule 3: Elevator → 特种设备组; 李师傅: on shift, 2 open jobs" */
  return g_strdup_printf (_("%s; %s"), a, b);
}

static char *
explain_technician (const Tech *t,
                    const Job  *j)
{
  gboolean skill = tech_has_skill (t, j);
  gboolean area = tech_covers (t, j);
  const char *subtype = j->subtype != NULL ? kefu_code_label (KEFU_CODES_SUBTYPE, j->subtype) : "";
  const char *building = j->building != NULL ? j->building : "";

  if (skill && area)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: on shift, skilled in %s, covers %s, %u open job",
                                         "%s: on shift, skilled in %s, covers %s, %u open jobs", t->open),
                            t->name, subtype, building, t->open);
  if (skill)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: on shift, skilled in %s, %u open job",
                                         "%s: on shift, skilled in %s, %u open jobs", t->open),
                            t->name, subtype, t->open);
  if (area)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: on shift, covers %s, %u open job",
                                         "%s: on shift, covers %s, %u open jobs", t->open),
                            t->name, building, t->open);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: on shift, %u open job", "%s: on shift, %u open jobs", t->open),
                          t->name, t->open);
}

static KefuDispatchDecision *
engine_decide (Engine    *e,
               const Job *j)
{
  KefuDispatchDecision *d = g_new0 (KefuDispatchDecision, 1);
  g_autofree char *skipped = NULL;
  gboolean any_match = FALSE;
  /* a job booked for later goes to whoever works then (预约时段) */
  gint64 moment = j->appointment_at > e->at ? j->appointment_at : e->at;
  LocalMoment m;

  kefu_dispatch_local_moment (moment, &m);
  d->ticket_id = j->id;
  d->number = g_strdup (j->number);
  d->level = j->level;
  for (guint i = 0; i < e->rules->len; i++)
    {
      KefuDispatchRule *r = e->rules->pdata[i];
      Team *team;
      Tech *tech = NULL;
      g_autofree char *note = NULL;
      g_autofree char *rule_part = NULL;
      g_autofree char *tech_part = NULL;
      g_autofree char *head = NULL;
      char *joined;

      if (!kefu_dispatch_rule_matches (r, j->kind, j->subtype, j->level, j->building_id, j->channel, m.minute))
        continue;
      team = g_hash_table_lookup (e->teams, &r->team_id);
      if (team == NULL)
        continue;
      any_match = TRUE;
      if (team->suspended)
        note = g_strdup_printf (_("Rule %d: %s is suspended (%s)"), r->position, team->name,
                                team->suspended_reason != NULL ? team->suspended_reason : _("no reason given"));
      else if ((tech = choose_technician (e, team, j, moment)) == NULL)
        note = g_strdup_printf (_("Rule %d: nobody of %s is on shift"), r->position, team->name);
      if (note != NULL)
        {
          joined = join_reason (skipped, note);
          g_free (skipped);
          skipped = joined;
          continue;
        }

      d->rule_id = r->id;
      d->rule_position = r->position;
      d->team_id = team->id;
      d->team_name = g_strdup (team->name);
      d->technician_id = tech->id;
      d->technician_name = g_strdup (tech->name);
      d->open_jobs = tech->open;
      rule_part = g_strdup_printf (_("Rule %d: %s → %s"), r->position, r->name, team->name);
      tech_part = explain_technician (tech, j);
      head = join_reason (skipped, rule_part);
      d->reason = join_reason (head, tech_part);
      if (moment != e->at)
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (moment);
          g_autofree char *text = g_date_time_format (when, "%Y-%m-%d %H:%M");
          g_autofree char *booked = g_strdup_printf (_("for the appointment at %s"), text);
          char *with = join_reason (d->reason, booked);

          g_free (d->reason);
          d->reason = with;
        }
      d->outcome = KEFU_DISPATCH_ASSIGN;
      if (j->level < 3 && !j->verified)
        {
          char *waits = join_reason (d->reason, _("waits for the second person’s check of its five facts"));
          g_free (d->reason);
          d->reason = waits;
          d->outcome = KEFU_DISPATCH_AWAITING_CHECK;
        }
      return d;
    }
  if (any_match)
    {
      d->outcome = KEFU_DISPATCH_NO_TECHNICIAN;
      d->reason = join_reason (skipped, _("left unassigned"));
    }
  else
    {
      d->outcome = KEFU_DISPATCH_NO_RULE;
      d->reason = g_strdup_printf (_("No dispatch rule matches (%s, %s, level %d); left unassigned"),
                                   kefu_code_label (KEFU_CODES_KIND, j->kind),
                                   j->subtype != NULL ? kefu_code_label (KEFU_CODES_SUBTYPE, j->subtype) : "-",
                                   j->level);
    }
  return d;
}

/* Counts the job given so the next decision sees it. */
static void
engine_took (Engine                     *e,
             const KefuDispatchDecision *d)
{
  for (guint i = 0; i < e->techs->len; i++)
    {
      Tech *t = e->techs->pdata[i];
      if (t->id == d->technician_id)
        t->open++;
    }
}

KefuDispatchDecision *
kefu_dispatch_decide (KefuStore  *store,
                      gint64      ticket_id,
                      gint64      at,
                      GError    **error)
{
  g_autoptr(Engine) e = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  Job j = { 0 };
  KefuDispatchDecision *d;
  KefuQueryStep rc;

  e = engine_load (store, at > 0 ? at : kefu_store_now (store), error);
  if (e == NULL)
    return NULL;
  stmt = kefu_query_prepare (store, "SELECT " JOB_COLUMNS JOB_JOINS "WHERE t.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, ticket_id);
  rc = kefu_query_step (store, stmt, error);
  if (rc != KEFU_QUERY_ROW)
    {
      if (rc == KEFU_QUERY_DONE)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                     _("Ticket %lld no longer exists."), (long long) ticket_id);
      return NULL;
    }
  job_from_row (stmt, &j);
  d = engine_decide (e, &j);
  job_clear (&j);
  return d;
}

/* Why the rules left @d's ticket unassigned, as a note without a user in
 * its timeline; not again when its last such note says the same. Sets
 * @written when it wrote one. In the caller's transaction. */
static gboolean
note_unassigned (KefuStore                  *store,
                 const KefuDispatchDecision *d,
                 gboolean                   *written,
                 GError                    **error)
{
  /* Translators: a note in a ticket's timeline, with why the rules did not dispatch it */
  g_autofree char *body = g_strdup_printf (_("Automatic dispatch: %s"), d->reason);
  KEFU_AUTO_QUERY *last = kefu_query_prepare (store,
      "SELECT body FROM ticket_events WHERE ticket_id = ?1 AND kind = 'note' AND user_id IS NULL "
      "ORDER BY at DESC, id DESC LIMIT 1", error);
  KEFU_AUTO_QUERY *add = NULL;
  KefuQueryStep rc;

  *written = FALSE;
  if (last == NULL)
    return FALSE;
  kefu_query_bind_int (last, 1, d->ticket_id);
  rc = kefu_query_step (store, last, error);
  if (rc == KEFU_QUERY_ROW && g_strcmp0 (kefu_query_get_text (last, 0), body) == 0)
    return TRUE;
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  add = kefu_query_prepare (store, "INSERT INTO ticket_events (ticket_id, at, kind, body) VALUES (?1, ?2, 'note', ?3)", error);
  if (add == NULL)
    return FALSE;
  kefu_query_bind_int (add, 1, d->ticket_id);
  kefu_query_bind_int (add, 2, kefu_store_now (store));
  kefu_query_bind_text (add, 3, body);
  if (!kefu_query_run (store, add, error))
    return FALSE;
  *written = TRUE;
  return TRUE;
}

/* Whether @ticket_id still waits in the queue (another desk may have
 * dispatched or cancelled it since the run read the queue). */
static int
still_queued (KefuStore  *store,
              gint64      ticket_id,
              GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT 1 FROM tickets WHERE id = ?1 AND status IN (" QUEUE_STATES ")", error);
  KefuQueryStep rc;

  if (stmt == NULL)
    return -1;
  kefu_query_bind_int (stmt, 1, ticket_id);
  rc = kefu_query_step (store, stmt, error);
  if (rc == KEFU_QUERY_ROW)
    return 1;
  if (rc == KEFU_QUERY_DONE)
    return 0;
  return -1;
}

/* The queue's dispatches are written in batches (kefu-batch.h), each one
 * dispatch after another in the batch's transaction: other programs write
 * between two batches. A ticket taken meanwhile by someone else is left
 * alone; a run stopped between batches (a crash) has dispatched the
 * batches before, which have left the queue, so a run again goes on with
 * the rest. */
GPtrArray *
kefu_dispatch_run_batched (KefuStore               *store,
                           gint64                   at,
                           gboolean                 apply,
                           const KefuBatchOptions  *options,
                           GError                 **error)
{
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_dispatch_decision_free);
  g_autoptr(Engine) e = NULL;
  g_autoptr(GArray) jobs = g_array_new (FALSE, TRUE, sizeof (Job));
  KefuBatch batch;
  KefuQueryStep rc;

  g_array_set_clear_func (jobs, (GDestroyNotify) job_clear);
  if (apply && !kefu_dispatch_may_dispatch (store, error))
    return NULL;
  e = engine_load (store, at > 0 ? at : kefu_store_now (store), error);
  if (e == NULL)
    return NULL;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
        "SELECT " JOB_COLUMNS JOB_JOINS "WHERE t.status IN (" QUEUE_STATES ") ORDER BY t.level, t.created_at, t.id", error);
    if (stmt == NULL)
      return NULL;
    while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
      {
        Job j = { 0 };
        job_from_row (stmt, &j);
        g_array_append_val (jobs, j);
      }
    if (rc == KEFU_QUERY_FAILED)
      {
        return NULL;
      }
  }
  if (apply && jobs->len > 0 && !kefu_batch_begin (&batch, store, options, jobs->len, error))
    return NULL;
  for (guint i = 0; i < jobs->len; i++)
    {
      KefuDispatchDecision *d = engine_decide (e, &g_array_index (jobs, Job, i));
      g_autoptr(GError) local = NULL;
      gboolean ok;
      int queued;

      g_ptr_array_add (decisions, d);
      if (apply && (d->outcome == KEFU_DISPATCH_NO_RULE || d->outcome == KEFU_DISPATCH_NO_TECHNICIAN))
        {
          gboolean written;

          queued = still_queued (store, d->ticket_id, error);
          if (queued < 0)
            goto fail;
          if (queued == 0)
            continue;
          if (!note_unassigned (store, d, &written, error))
            goto fail;
          if (written && !kefu_batch_row (&batch, error))
            goto fail;
          continue;
        }
      if (d->outcome != KEFU_DISPATCH_ASSIGN)
        continue;
      if (apply)
        {
          queued = still_queued (store, d->ticket_id, error);
          if (queued < 0)
            goto fail;
          if (queued == 0)
            continue;   /* someone dispatched it meanwhile */
          {
            /* a savepoint of the batch's transaction: a refused dispatch
             * rolls back only its own writes */
            g_autoptr(KefuTransaction) one = kefu_transaction_begin (store, error);

            if (one == NULL)
              goto fail;
            /* as a card dragged on the board: the row as the run read it,
             * or nothing (on a server, the row is then locked until the
             * commit, so a desk's dispatch committed meanwhile is never
             * overwritten) */
            kefu_store_expect_version (store, d->ticket_id, g_array_index (jobs, Job, i).version);
            ok = kefu_intake_dispatch_locked (store, d->ticket_id, d->team_id, d->technician_id, d->reason, &local);
            kefu_store_expect_version (store, 0, 0);
            if (!ok)
              {
                /* it changed under the run (e.g. reopened unverified, or
                 * another desk took it): left to them */
                if (g_error_matches (local, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID) ||
                    g_error_matches (local, KEFU_STORE_ERROR, KEFU_STORE_ERROR_STALE))
                  continue;
                g_propagate_error (error, g_steal_pointer (&local));
                goto fail;
              }
            if (!kefu_transaction_commit (one, error))
              goto fail;
          }
          d->applied = TRUE;
          if (!kefu_batch_row (&batch, error))
            goto fail;
        }
      engine_took (e, d);
    }
  if (apply && jobs->len > 0 && !kefu_batch_end (&batch, error))
    return NULL;
  return g_steal_pointer (&decisions);

fail:
  kefu_batch_abort (&batch);
  return NULL;
}

GPtrArray *
kefu_dispatch_run (KefuStore  *store,
                   gint64      at,
                   gboolean    apply,
                   GError    **error)
{
  return kefu_dispatch_run_batched (store, at, apply, NULL, error);
}

gboolean
kefu_dispatch_on_intake (KefuStore *store,
                         gint64     ticket_id)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuDispatchDecision) d = NULL;
  g_autoptr(KefuTicket) t = NULL;

  if (!kefu_dispatch_get_auto (store))
    return FALSE;
  t = kefu_desk_get_ticket (store, ticket_id, &error);
  if (t == NULL || (g_strcmp0 (kefu_ticket_get_status (t), "new") != 0 &&
                    g_strcmp0 (kefu_ticket_get_status (t), "reopened") != 0))
    return FALSE;
  d = kefu_dispatch_decide (store, ticket_id, 0, &error);
  if (d != NULL && (d->outcome == KEFU_DISPATCH_NO_RULE || d->outcome == KEFU_DISPATCH_NO_TECHNICIAN))
    {
      gboolean written = FALSE;
      /* Translators: a toast: ticket number, why the rules did not dispatch it */
      g_autofree char *text = g_strdup_printf (_("%s is not dispatched: %s"), kefu_ticket_get_number (t), d->reason);

      /* the reason stays with the ticket; the desk is told at once */
      if ((tx = kefu_transaction_begin (store, &error)) == NULL || !kefu_transaction_end (tx, note_unassigned (store, d, &written, &error), &error))
        g_message ("The reason %s was left unassigned could not be written: %s", kefu_ticket_get_number (t),
                   error->message);
      /* an inquiry or a suggestion no rule sends out is the desk's own
       * work: told in its timeline, without a toast */
      if (d->outcome == KEFU_DISPATCH_NO_TECHNICIAN || d->level <= 2 ||
          g_strcmp0 (kefu_ticket_get_kind (t), "repair") == 0)
        kefu_store_report_notice (store, "dispatch", text, ticket_id);
      return FALSE;
    }
  if (d != NULL && d->outcome != KEFU_DISPATCH_ASSIGN)
    return FALSE;
  if (d == NULL || !kefu_desk_dispatch (store, ticket_id, d->team_id, d->technician_id, d->reason, &error))
    {
      /* the ticket stands; whoever is at the desk learns it waits */
      g_autofree char *text = g_strdup_printf (_("Ticket %s was saved, but its automatic dispatch failed: %s"),
                                               kefu_ticket_get_number (t), error->message);
      kefu_store_report_problem (store, "dispatch", text);
      return FALSE;
    }
  return TRUE;
}
