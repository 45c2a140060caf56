/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-kpi-rollup.c — the daily roll-up that makes a year's dashboard instant
 *
 * kpi_daily and its companions hold, per local day of creation, the sums
 * behind every KPI (schema v9). They are derived data: triggers on tickets
 * and sla_policies only mark the UTC days they touch in kpi_dirty (cheap
 * at insert time, bulk loads included), and before reading, the KPI
 * functions recompute the local days that overlap a marked one, on their
 * own connection, in one short write transaction. If the write lock is
 * held elsewhere they do not wait for the roll-up: they read the tickets.
 *
 * Days are the local days of the process that refreshed; the zone is kept
 * in settings ('kpi_rollup_zone'), and a roll-up built under another zone
 * is rebuilt as a whole.
 *
 * Nothing in the roll-up depends on the clock: what "now" decides (past
 * due and still unanswered counts as missed, the backlog) is stored as
 * bounds and settled when reading.
 */
#include "config.h"

#include <string.h>

#include "kefu-kpi-private.h"
#include "kefu-query.h"

static gboolean rollup_enabled = TRUE;

/* The latest moment GDateTime handles, with a day to spare. */
#define LAST_MOMENT ((gint64) 253402214400)

void
kefu_kpi_set_rollup_enabled (gboolean enabled)
{
  rollup_enabled = enabled;
}

gint64
kefu_kpi_day_start (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);
  g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                                    g_date_time_get_day_of_month (dt), 0, 0, 0);
  return g_date_time_to_unix (day);
}

gint64
kefu_kpi_day_after (gint64 day)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (day);
  g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                                     g_date_time_get_day_of_month (dt), 12, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (noon, 1);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (next), g_date_time_get_month (next),
                                                         g_date_time_get_day_of_month (next), 0, 0, 0);
  return MAX (g_date_time_to_unix (midnight), day + 1);
}

void
kefu_kpi_bucket_range (int     bucket,
                       gint64 *lo,
                       gint64 *hi)
{
  if (bucket < 0)
    {
      *lo = G_MININT64;
      *hi = 0;
    }
  else if (bucket < 180)
    {
      *lo = (gint64) bucket * 60;
      *hi = *lo + 60;
    }
  else
    {
      *lo = 10800 + (gint64) (bucket - 180) * 3600;
      *hi = *lo + 3600;
    }
}

/* The zone the days were cut in: its name and its offsets at a few
 * moments, so that two zones with one name (a changed rule) differ too. */
static char *
zone_key (void)
{
  static const gint64 samples[] = { 946684800, 962409600, 1577836800, 1593561600, 1893456000, 1909008000 };
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  GString *key = g_string_new (g_time_zone_get_identifier (tz));

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, samples[i]);
      g_string_append_printf (key, " %d", g_time_zone_get_offset (tz, interval));
    }
  return g_string_free (key, FALSE);
}

/* Whether the roll-up is complete and fresh (nothing marked, same zone). */
static int
is_fresh (KefuStore  *store,
          const char *zone,
          GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT NOT EXISTS (SELECT 1 FROM kpi_dirty) "
      "AND (SELECT value FROM settings WHERE key = 'kpi_rollup_zone') IS ?1", error);

  if (stmt == NULL)
    return -1;
  kefu_query_bind_text (stmt, 1, zone);
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    return -1;   /* the SELECT always gives a row */
  return kefu_query_get_int (stmt, 0);
}

/* The roll-up's rows of one local day [?1, ?2), from its tickets. */
static const char *const day_deletes[] = {
  "DELETE FROM kpi_daily WHERE day = ?1",
  "DELETE FROM kpi_daily_by WHERE dim IN ('kind','channel','level','building','subtype','hour') AND day = ?1",
  "DELETE FROM kpi_daily_complaints WHERE day = ?1",
  "DELETE FROM kpi_daily_agents WHERE day = ?1",
  "DELETE FROM kpi_carry WHERE day = ?1",
};

static const char *const day_inserts[] = {
  "INSERT INTO kpi_daily (day, day_end, tickets, responded, response_seconds, "
  "  response_met, response_judged, response_waiting, response_waiting_first, response_waiting_last, "
  "  resolution_met, resolution_judged, resolution_waiting, resolution_waiting_first, resolution_waiting_last, "
  "  complaints, complaints_closed, complaints_repeated, resolved, resolved_first_time, followed_up, "
  "  ratings, rating_sum, satisfied, policy_dependent, ended_last, response_minutes, unreachable) "
  "SELECT ?1, ?2, count(*), count(p.first_response_at), coalesce(sum(p.first_response_at - p.created_at), 0), "
  "  " KEFU_KPI_COUNT_IF ("p.rdue IS NOT NULL AND p.first_response_at IS NOT NULL AND p.first_response_at <= p.rdue") ", "
  "  " KEFU_KPI_COUNT_IF ("p.rdue IS NOT NULL AND p.first_response_at IS NOT NULL") ", "
  "  " KEFU_KPI_COUNT_IF ("p.rdue IS NOT NULL AND p.first_response_at IS NULL AND p.status <> 'cancelled'") ", "
  "  min(CASE WHEN p.first_response_at IS NULL AND p.status <> 'cancelled' THEN p.rdue END), "
  "  max(CASE WHEN p.first_response_at IS NULL AND p.status <> 'cancelled' THEN p.rdue END), "
  "  " KEFU_KPI_COUNT_IF ("p.sdue IS NOT NULL AND p.resolved_at IS NOT NULL AND p.resolved_at <= p.sdue") ", "
  "  " KEFU_KPI_COUNT_IF ("p.sdue IS NOT NULL AND p.resolved_at IS NOT NULL") ", "
  "  " KEFU_KPI_COUNT_IF ("p.sdue IS NOT NULL AND p.resolved_at IS NULL AND p.status <> 'cancelled'") ", "
  "  min(CASE WHEN p.resolved_at IS NULL AND p.status <> 'cancelled' THEN p.sdue END), "
  "  max(CASE WHEN p.resolved_at IS NULL AND p.status <> 'cancelled' THEN p.sdue END), "
  "  " KEFU_KPI_COUNT_IF ("p.kind = 'complaint'") ", " KEFU_KPI_COUNT_IF ("p.kind = 'complaint' AND p.status = 'closed'") ", "
  "  " KEFU_KPI_COUNT_IF (KEFU_KPI_REPEATED) ", "
  "  " KEFU_KPI_COUNT_IF ("p.resolved_at IS NOT NULL") ", " KEFU_KPI_COUNT_IF ("p.resolved_at IS NOT NULL AND p.reopen_count = 0") ", "
  "  " KEFU_KPI_COUNT_IF ("p.resolved_at IS NOT NULL AND p.followed_up_at IS NOT NULL AND p.unreachable = 0") ", "
  "  " KEFU_KPI_COUNT_IF ("p.satisfaction BETWEEN 1 AND 5") ", "
  "  coalesce(sum(CASE WHEN p.satisfaction BETWEEN 1 AND 5 THEN p.satisfaction END), 0), "
  "  " KEFU_KPI_COUNT_IF ("p.satisfaction BETWEEN 4 AND 5") ", "
  "  " KEFU_KPI_COUNT_IF ("p.response_due_at IS NULL OR p.resolution_due_at IS NULL") ", "
  "  max(nullif(" KEFU_KPI_ENDED ", " KEFU_KPI_NEVER ")), "
  "  (SELECT '{' || coalesce(group_concat('\"' || b || '\":' || n, ','), '') || '}' FROM (SELECT "
  KEFU_KPI_RESPONSE_BUCKET ("first_response_at - created_at") " AS b, "
  "     count(*) AS n FROM tickets WHERE created_at >= ?1 AND created_at < ?2 AND first_response_at IS NOT NULL "
  "     GROUP BY 1) x), "
  "  " KEFU_KPI_COUNT_IF ("p.resolved_at IS NOT NULL AND p.unreachable <> 0") " "
  "FROM " KEFU_KPI_PERIOD ("?1", "?2") " HAVING count(*) > 0",

  "INSERT INTO kpi_daily_by (dim, day, key, tickets) "
  "SELECT 'kind', ?1, kind, count(*) FROM tickets WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 3 "
  "UNION ALL SELECT 'channel', ?1, channel, count(*) FROM tickets WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 3 "
  "UNION ALL SELECT 'level', ?1, CAST(level AS TEXT), count(*) FROM tickets WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 3 "
  "UNION ALL SELECT 'building', ?1, CAST(building_id AS TEXT), count(*) FROM tickets WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 3 "
  "UNION ALL SELECT 'subtype', ?1, subtype, count(*) FROM tickets WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 3 "
  "UNION ALL SELECT 'hour', ?1, CAST(CAST(strftime('%H', created_at, 'unixepoch', 'localtime') AS INTEGER) AS TEXT), count(*) "
  "  FROM tickets WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 3",

  "INSERT INTO kpi_daily_complaints (day, building_id, subtype, tickets) "
  "SELECT ?1, building_id, subtype, count(*) FROM tickets WHERE created_at >= ?1 AND created_at < ?2 "
  "AND kind = 'complaint' AND building_id IS NOT NULL GROUP BY 2, 3",

  "INSERT INTO kpi_daily_agents (day, agent_id, tickets, responded, response_seconds, ratings, rating_sum) "
  "SELECT ?1, agent_id, count(*), count(first_response_at), coalesce(sum(first_response_at - created_at), 0), "
  "  " KEFU_KPI_COUNT_IF ("satisfaction BETWEEN 1 AND 5") ", coalesce(sum(CASE WHEN satisfaction BETWEEN 1 AND 5 THEN satisfaction END), 0) "
  "FROM tickets WHERE created_at >= ?1 AND created_at < ?2 AND agent_id IS NOT NULL GROUP BY 2",

  "INSERT INTO kpi_carry (day, created_at, ended_at) "
  "SELECT ?1, created_at, ended FROM (SELECT created_at, " KEFU_KPI_ENDED " AS ended FROM tickets "
  "  WHERE created_at >= ?1 AND created_at < ?2) x WHERE ended >= ?2 AND ended < " KEFU_KPI_NEVER,
};

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* Whether the roll-up may serve this store's figures: always on a file;
 * on a server only for a person who sees every estate (#20). The roll-up
 * tables are the center's, outside row-level security: a person bound to
 * some estates would read everyone's sums there, and a refresh by them
 * would recompute the days from the tickets the policies let them see,
 * leaving the others' tickets out for everyone. Their figures are read
 * from the tickets, which the policies bind. 1, 0, or -1 on error. */
static int
rollup_serves (KefuStore  *store,
               GError    **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!kefu_store_is_server (store))
    return 1;
  stmt = kefu_query_prepare (store, "SELECT CASE WHEN kefu_sees_all_estates() THEN 1 ELSE 0 END", error);
  if (stmt == NULL)
    return -1;
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    return -1;
  return kefu_query_get_int (stmt, 0) != 0;
}

/* Recomputes the marked days; the caller holds the write lock. */
static gboolean
refresh_locked (KefuStore  *store,
                const char *zone,
                GError    **error)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *stored = NULL;
  gboolean server = kefu_store_is_server (store);
  int rc;

  /* On a server the caller's write transaction does not keep other desks
   * out as SQLite's write lock does: the marks are locked against every
   * writer (a ticket's triggers add to kpi_dirty), so that two desks
   * refreshing at once take turns (the second finds nothing marked), and
   * no ticket written while the days are recomputed loses its mark. The
   * writers wait for the few milliseconds a day takes; a writer that
   * keeps its transaction open longer is not waited for past two seconds
   * (KEFU_STORE_ERROR_RETRY: the figures are read from the tickets). */
  if (server && !kefu_store_exec (store,
                                  "SELECT set_config('kefu.lock_timeout_was', current_setting('lock_timeout'), true);"
                                  "SELECT set_config('lock_timeout', '2s', true);"
                                  "LOCK TABLE kpi_dirty IN EXCLUSIVE MODE;"
                                  "SELECT set_config('lock_timeout', current_setting('kefu.lock_timeout_was'), true)",
                                  error))
    return FALSE;
  stored = kefu_store_get_setting (store, "kpi_rollup_zone");
  if (g_strcmp0 (stored, zone) != 0)
    {
      /* cut in another zone, or never built: all of it again */
      if (!kefu_store_exec (store,
                            "DELETE FROM kpi_daily; DELETE FROM kpi_daily_by; DELETE FROM kpi_daily_complaints; "
                            "DELETE FROM kpi_daily_agents; DELETE FROM kpi_carry; "
                            "INSERT OR IGNORE INTO kpi_dirty (utc_day) SELECT DISTINCT created_at / 86400 FROM tickets",
                            error) ||
          !kefu_store_set_setting (store, "kpi_rollup_zone", zone, error))
        return FALSE;
    }

  {
    KEFU_AUTO_QUERY *marked = kefu_query_prepare (store, "SELECT utc_day FROM kpi_dirty", error);

    if (marked == NULL)
      return FALSE;
    while ((rc = kefu_query_step (store, marked, error)) == KEFU_QUERY_ROW)
      {
        gint64 utc_day = kefu_query_get_int (marked, 0);
        /* the local days that overlap the UTC day (the day before too for
         * moments before 1970, which the division rounds up) */
        gint64 start = utc_day * 86400 - (utc_day <= 0 ? 86400 : 0), end = (utc_day + 1) * 86400;

        start = CLAMP (start, 0, LAST_MOMENT);
        end = CLAMP (end, 0, LAST_MOMENT);
        for (gint64 day = kefu_kpi_day_start (start); day < end; day = kefu_kpi_day_after (day))
          g_array_append_val (days, day);
      }
    if (rc == KEFU_QUERY_FAILED)
      return FALSE;
  }

  g_array_sort (days, compare_gint64);
  /* a day's tickets are read by five statements: keep their pages at hand */
  if (days->len > 1 && !server)
    kefu_store_exec (store, "PRAGMA cache_size = -32768", NULL);
  for (guint i = 0; i < days->len; i++)
    {
      gint64 day = g_array_index (days, gint64, i), day_end;

      if (i > 0 && day == g_array_index (days, gint64, i - 1))
        continue;   /* two marked UTC days overlap it */
      day_end = kefu_kpi_day_after (day);

      for (guint s = 0; s < G_N_ELEMENTS (day_deletes); s++)
        if (!kefu_query_exec (store, day_deletes[s], day, day_end, error))
          return FALSE;
      for (guint s = 0; s < G_N_ELEMENTS (day_inserts); s++)
        if (!kefu_query_exec (store, day_inserts[s], day, day_end, error))
          {
            if (!server)
              kefu_store_exec (store, "PRAGMA cache_size = -2000", NULL);
            return FALSE;
          }
    }
  if (!server)
    kefu_store_exec (store, "PRAGMA cache_size = -2000", NULL);
  return kefu_store_exec (store, "DELETE FROM kpi_dirty", error);
}

/**
 * kefu_kpi_mark_new_tickets:
 *
 * Marks what the insert triggers (schema v9) would have marked for the
 * tickets from @first_id on, which a bulk load wrote with triggers off:
 * the day of each, and the days of the complaints each new complaint
 * makes repeated (same unit and sub-type, the 30 days before it). The
 * triggers saw only the tickets written before the row; this sees the
 * later ones of the load too, whose days are marked anyway, so the
 * marked days are the same. Call in the load's transaction.
 */
gboolean
kefu_kpi_mark_new_tickets (KefuStore  *store,
                           gint64      first_id,
                           GError    **error)
{
  static const char *const sql[] = {
    "INSERT OR IGNORE INTO kpi_dirty (utc_day) SELECT DISTINCT created_at / 86400 FROM tickets WHERE id >= ?1",
    /* CROSS JOIN: the new complaints first (by id), each one's earlier
     * ones through tickets_complaints, not every complaint first */
    "INSERT OR IGNORE INTO kpi_dirty (utc_day) SELECT DISTINCT p.created_at / 86400 "
    "FROM tickets n CROSS JOIN tickets p "
    "WHERE n.id >= ?1 AND n.kind = 'complaint' AND n.unit_id IS NOT NULL "
    "  AND p.unit_id = n.unit_id AND p.kind = 'complaint' AND p.subtype IS NOT DISTINCT FROM n.subtype "
    "  AND p.created_at >= n.created_at - 30 * 86400 AND p.created_at <= n.created_at",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    if (!kefu_query_exec (store, sql[i], first_id, 0, error))
      return FALSE;
  return TRUE;
}

/**
 * kefu_kpi_refresh:
 *
 * Brings the roll-up up to date (a no-op when nothing changed). The KPI
 * functions call it themselves; bulk writers may call it after loading
 * to pay the cost up front. Inside a caller's transaction it works in a
 * savepoint of that transaction.
 */
gboolean
kefu_kpi_refresh (KefuStore  *store,
                  GError    **error)
{
  g_autofree char *zone = zone_key ();
  g_autoptr(KefuTransaction) tx = NULL;
  int fresh;

  g_return_val_if_fail (KEFU_IS_STORE (store), FALSE);
  fresh = is_fresh (store, zone, error);
  if (fresh != 0)
    return fresh > 0;
  /* (on a server, left to a person who sees every estate) */
  switch (rollup_serves (store, error))
    {
    case -1:
      return FALSE;
    case 0:
      return TRUE;
    default:
      break;
    }

  /* a savepoint inside the caller's transaction, else its own */
  tx = kefu_transaction_begin (store, error);
  if (tx == NULL || !refresh_locked (store, zone, error))
    return FALSE;
  return kefu_transaction_commit (tx, error);
}

gboolean
kefu_kpi_span_begin (KefuStore    *store,
                     gint64        from,
                     gint64        to,
                     KefuKpiSpan  *span,
                     GError      **error)
{
  g_autofree char *zone = NULL;
  gint64 m1, m2;
  int fresh;

  memset (span, 0, sizeof *span);
  span->store = store;
  span->from = from;
  span->to = to;
  span->m1 = span->m2 = to;
  if (!rollup_enabled || from < 0 || to > LAST_MOMENT || from >= to)
    return TRUE;

  switch (rollup_serves (store, error))
    {
    case -1:
      return FALSE;
    case 0:
      return TRUE;   /* the tickets, as the server's policies show them */
    default:
      break;
    }
  zone = zone_key ();
  if (!kefu_store_in_transaction (store))
    {
      g_autoptr(GError) local = NULL;

      if (!kefu_kpi_refresh (store, &local))
        {
          /* someone else is writing (on a server: holds marks past the
           * lock's timeout): read the tickets rather than wait; so too a
           * server role without the right to write the roll-up (the
           * figures are the same, read the slow way) */
          if (g_error_matches (local, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED) ||
              g_error_matches (local, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION))
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* one snapshot for every statement of the figure */
      if (!kefu_store_begin_read (store, error))
        return FALSE;
      span->in_transaction = TRUE;
    }
  fresh = is_fresh (store, zone, error);
  if (fresh < 0)
    {
      kefu_kpi_span_clear (span);
      return FALSE;
    }
  if (fresh == 0)
    return TRUE;

  span->rollup = TRUE;
  m1 = kefu_kpi_day_start (from);
  if (m1 < from)
    m1 = kefu_kpi_day_after (m1);
  m2 = kefu_kpi_day_start (to);
  if (m1 < m2)
    {
      span->m1 = m1;
      span->m2 = m2;
    }
  return TRUE;
}

void
kefu_kpi_span_clear (KefuKpiSpan *span)
{
  if (span->in_transaction)
    kefu_store_end_read (span->store);
  span->in_transaction = FALSE;
}
