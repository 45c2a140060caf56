/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-kpi-compute.c — the dashboard's figures over a period
 *
 * kefu_kpi_compute() sums the roll-up's whole days and the partial days at
 * either end (kefu-kpi-private.h); kefu_kpi_compute_agent() reads one
 * agent's tickets straight from the tickets table.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kefu-enums.h"
#include "kefu-kpi-private.h"
#include "kefu-query.h"

static double
ratio (gint64 num,
       gint64 den)
{
  return den > 0 ? (double) num / (double) den : NAN;
}

void
kefu_kpi_bind_span (KefuQuery      *stmt,
                    const KefuKpiSpan *span)
{
  kefu_query_bind_int (stmt, 1, span->from);
  kefu_query_bind_int (stmt, 2, span->m1);
  kefu_query_bind_int (stmt, 3, span->m2);
  kefu_query_bind_int (stmt, 4, span->to);
}

/* Tickets per value of @dim: the roll-up's whole days plus the partial
 * days at the ends. With @complaints, only complaints with a building. */
GPtrArray *
kefu_kpi_count_by (KefuStore          *store,
                   const KefuKpiSpan  *span,
                   KefuKpiDimension    dim,
                   gboolean            complaints,
                   GError            **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (kefu_kpi_count_free);
  const char *extra = complaints ? " AND t.kind = 'complaint' AND t.building_id IS NOT NULL" : "";
  /* every key as text: the roll-up's key column holds a building's id as
   * a number on a file and as text on a server */
  g_autofree char *rollup = complaints
    ? g_strdup_printf ("SELECT CAST(%s AS TEXT) AS k, tickets AS n FROM kpi_daily_complaints WHERE day >= ?2 AND day < ?3",
                       dim == KEFU_KPI_BY_BUILDING ? "building_id" : "subtype")
    : g_strdup_printf ("SELECT CAST(key AS TEXT) AS k, tickets AS n FROM kpi_daily_by WHERE dim = '%s' AND day >= ?2 AND day < ?3",
                       kefu_kpi_dimension_key (dim));
  g_autofree char *sql = g_strdup_printf (
      "SELECT k, %s, sum(n) FROM (%s "
      "UNION ALL SELECT CAST(%s AS TEXT), count(*) FROM tickets t WHERE t.created_at >= ?1 AND t.created_at < ?2%s GROUP BY 1 "
      "UNION ALL SELECT CAST(%s AS TEXT), count(*) FROM tickets t WHERE t.created_at >= ?3 AND t.created_at < ?4%s GROUP BY 1) x "
      "GROUP BY k ORDER BY 3 DESC, 1",
      dim == KEFU_KPI_BY_BUILDING ? "(SELECT name FROM buildings b WHERE b.id = CAST(k AS INTEGER))" : "NULL",
      rollup, kefu_kpi_dimension_column (dim), extra, kefu_kpi_dimension_column (dim), extra);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);
  KefuQueryStep rc;

  if (stmt == NULL)
    return NULL;
  kefu_kpi_bind_span (stmt, span);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuKpiCount *c = g_new0 (KefuKpiCount, 1);

      c->key = g_strdup (kefu_query_get_text (stmt, 0));
      c->label = kefu_kpi_dimension_label (dim, c->key, kefu_query_get_text (stmt, 1));
      c->count = kefu_query_get_int (stmt, 2);
      g_ptr_array_add (list, c);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

/* The sums behind the rates, over the tickets of p (created in a range),
 * with "now" as ?5: a ticket past its due moment and still unanswered
 * (unresolved) counts as missed, unless it was cancelled. */
#define LIVE_SUMS \
  "count(*), count(p.first_response_at), coalesce(sum(p.first_response_at - p.created_at), 0), " \
  "" KEFU_KPI_COUNT_IF ("p.rdue IS NOT NULL AND p.first_response_at IS NOT NULL AND p.first_response_at <= p.rdue") ", " \
  "" KEFU_KPI_COUNT_IF ("p.rdue IS NOT NULL AND (p.first_response_at IS NOT NULL OR (p.rdue <= ?5 AND p.status <> 'cancelled'))") ", " \
  "" KEFU_KPI_COUNT_IF ("p.sdue IS NOT NULL AND p.resolved_at IS NOT NULL AND p.resolved_at <= p.sdue") ", " \
  "" KEFU_KPI_COUNT_IF ("p.sdue IS NOT NULL AND (p.resolved_at IS NOT NULL OR (p.sdue <= ?5 AND p.status <> 'cancelled'))") ", " \
  "" KEFU_KPI_COUNT_IF ("p.kind = 'complaint'") ", " KEFU_KPI_COUNT_IF ("p.kind = 'complaint' AND p.status = 'closed'") ", " \
  "" KEFU_KPI_COUNT_IF (KEFU_KPI_REPEATED) ", " \
  "" KEFU_KPI_COUNT_IF ("p.resolved_at IS NOT NULL") ", " KEFU_KPI_COUNT_IF ("p.resolved_at IS NOT NULL AND p.reopen_count = 0") ", " \
  "" KEFU_KPI_COUNT_IF ("p.resolved_at IS NOT NULL AND p.followed_up_at IS NOT NULL AND p.unreachable = 0") ", " \
  "" KEFU_KPI_COUNT_IF ("p.satisfaction BETWEEN 1 AND 5") ", " \
  "coalesce(sum(CASE WHEN p.satisfaction BETWEEN 1 AND 5 THEN p.satisfaction END), 0), " \
  "" KEFU_KPI_COUNT_IF ("p.satisfaction BETWEEN 4 AND 5") ", " \
  "" KEFU_KPI_COUNT_IF ("p.resolved_at IS NOT NULL AND p.unreachable <> 0") " "

static void set_rates (KefuKpiReport *r,
                       gint64         response_seconds,
                       gint64         rating_sum);

static gboolean
compute_main (KefuStore          *store,
              const KefuKpiSpan  *span,
              KefuKpiReport      *r,
              gint64              now,
              GError            **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT sum(c0), sum(c1), sum(c2), sum(c3), sum(c4), sum(c5), sum(c6), sum(c7), sum(c8), sum(c9), "
      "  sum(c10), sum(c11), sum(c12), sum(c13), sum(c14), sum(c15), sum(c16) FROM ("
      "SELECT tickets AS c0, responded AS c1, response_seconds AS c2, response_met AS c3, "
      "  response_judged + CASE WHEN response_waiting_last <= ?5 THEN response_waiting ELSE 0 END AS c4, "
      "  resolution_met AS c5, "
      "  resolution_judged + CASE WHEN resolution_waiting_last <= ?5 THEN resolution_waiting ELSE 0 END AS c6, "
      "  complaints AS c7, complaints_closed AS c8, complaints_repeated AS c9, resolved AS c10, "
      "  resolved_first_time AS c11, followed_up AS c12, ratings AS c13, rating_sum AS c14, satisfied AS c15, unreachable AS c16 "
      "FROM kpi_daily WHERE day >= ?2 AND day < ?3 "
      "UNION ALL SELECT " LIVE_SUMS "FROM " KEFU_KPI_PERIOD ("?1", "?2") " "
      "UNION ALL SELECT " LIVE_SUMS "FROM " KEFU_KPI_PERIOD ("?3", "?4") ") x", error);
  KEFU_AUTO_QUERY *straddling = NULL;
  KefuQueryStep rc;
  gint64 response_seconds, rating_sum;

  if (stmt == NULL)
    return FALSE;
  kefu_kpi_bind_span (stmt, span);
  kefu_query_bind_int (stmt, 5, now);
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    return FALSE;
  r->value[KEFU_KPI_TICKETS] = kefu_query_get_int (stmt, 0);
  r->responded = kefu_query_get_int (stmt, 1);
  response_seconds = kefu_query_get_int (stmt, 2);
  r->response_met = kefu_query_get_int (stmt, 3);
  r->response_decided = kefu_query_get_int (stmt, 4);
  r->resolution_met = kefu_query_get_int (stmt, 5);
  r->resolution_decided = kefu_query_get_int (stmt, 6);
  r->complaints = kefu_query_get_int (stmt, 7);
  r->complaints_closed = kefu_query_get_int (stmt, 8);
  r->complaints_repeated = kefu_query_get_int (stmt, 9);
  r->resolved = kefu_query_get_int (stmt, 10);
  r->resolved_first_time = kefu_query_get_int (stmt, 11);
  r->followed_up = kefu_query_get_int (stmt, 12);
  r->ratings = kefu_query_get_int (stmt, 13);
  rating_sum = kefu_query_get_int (stmt, 14);
  r->satisfied = kefu_query_get_int (stmt, 15);
  r->unreachable = kefu_query_get_int (stmt, 16);

  /* Days of the roll-up whose waiting tickets fall due partly before and
   * partly after now: those are counted one by one. */
  straddling = kefu_query_prepare (store,
      "SELECT d.day, d.day_end, "
      "  CASE WHEN d.response_waiting_first <= ?3 AND d.response_waiting_last > ?3 THEN 1 ELSE 0 END, "
      "  CASE WHEN d.resolution_waiting_first <= ?3 AND d.resolution_waiting_last > ?3 THEN 1 ELSE 0 END, "
      "  (SELECT " KEFU_KPI_COUNT_IF ("p.rdue <= ?3 AND p.first_response_at IS NULL AND p.status <> 'cancelled'") " "
      "   FROM " KEFU_KPI_PERIOD ("d.day", "d.day_end") "), "
      "  (SELECT " KEFU_KPI_COUNT_IF ("p.sdue <= ?3 AND p.resolved_at IS NULL AND p.status <> 'cancelled'") " "
      "   FROM " KEFU_KPI_PERIOD ("d.day", "d.day_end") ") "
      "FROM kpi_daily d WHERE d.day >= ?1 AND d.day < ?2 "
      "AND ((d.response_waiting_first <= ?3 AND d.response_waiting_last > ?3) "
      "  OR (d.resolution_waiting_first <= ?3 AND d.resolution_waiting_last > ?3))", error);
  if (straddling == NULL)
    return FALSE;
  kefu_query_bind_int (straddling, 1, span->m1);
  kefu_query_bind_int (straddling, 2, span->m2);
  kefu_query_bind_int (straddling, 3, now);
  while ((rc = kefu_query_step (store, straddling, error)) == KEFU_QUERY_ROW)
    {
      if (kefu_query_get_int (straddling, 2))
        r->response_decided += kefu_query_get_int (straddling, 4);
      if (kefu_query_get_int (straddling, 3))
        r->resolution_decided += kefu_query_get_int (straddling, 5);
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;

  set_rates (r, response_seconds, rating_sum);
  return TRUE;
}

/* The figures from the sums: minutes averaged over the tickets that have a
 * response; ratings × 20. */
static void
set_rates (KefuKpiReport *r,
           gint64         response_seconds,
           gint64         rating_sum)
{
  r->value[KEFU_KPI_MEAN_RESPONSE_MIN] = r->responded > 0 ? response_seconds / 60.0 / (double) r->responded : NAN;
  r->value[KEFU_KPI_ON_TIME_RESPONSE_RATE] = ratio (r->response_met, r->response_decided);
  r->value[KEFU_KPI_ON_TIME_RESOLUTION_RATE] = ratio (r->resolution_met, r->resolution_decided);
  r->value[KEFU_KPI_COMPLAINT_CLOSURE_RATE] = ratio (r->complaints_closed, r->complaints);
  r->value[KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE] = ratio (r->resolved_first_time, r->resolved);
  r->value[KEFU_KPI_REPEAT_COMPLAINT_RATE] = ratio (r->complaints_repeated, r->complaints);
  r->value[KEFU_KPI_SATISFACTION] = r->ratings > 0 ? (double) rating_sum / (double) r->ratings * 20 : NAN;
  r->value[KEFU_KPI_SATISFIED_RATE] = ratio (r->satisfied, r->ratings);
  /* tickets closed as unreachable after their tries are counted apart */
  r->value[KEFU_KPI_FOLLOW_UP_RATE] = ratio (r->followed_up, r->resolved - r->unreachable);
}

/* Adds "{"bucket":count,...}" (json_group_object's output) to @counts. */
static void
add_buckets (GHashTable *counts,
             const char *json)
{
  const char *p = json;

  while (p != NULL && (p = strchr (p, '"')) != NULL)
    {
      char *end;
      gint64 bucket = g_ascii_strtoll (p + 1, &end, 10), n;
      gpointer old;

      if (*end != '"' || end[1] != ':')
        break;
      n = g_ascii_strtoll (end + 2, &end, 10);
      old = g_hash_table_lookup (counts, GINT_TO_POINTER ((int) bucket + 2));
      g_hash_table_insert (counts, GINT_TO_POINTER ((int) bucket + 2),
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (old) + (gsize) n));
      p = end;
    }
}

/* First-response times in the roll-up's buckets over the span, keyed by
 * bucket + 2 (so that bucket -1 is not NULL). */
GHashTable *
kefu_kpi_response_buckets (KefuStore          *store,
                           const KefuKpiSpan  *span,
                           GError            **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT response_minutes, NULL, 0 FROM kpi_daily WHERE day >= ?2 AND day < ?3 "
      "UNION ALL SELECT NULL, " KEFU_KPI_RESPONSE_BUCKET ("first_response_at - created_at") ", count(*) FROM tickets "
      "  WHERE created_at >= ?1 AND created_at < ?2 AND first_response_at IS NOT NULL GROUP BY 2 "
      "UNION ALL SELECT NULL, " KEFU_KPI_RESPONSE_BUCKET ("first_response_at - created_at") ", count(*) FROM tickets "
      "  WHERE created_at >= ?3 AND created_at < ?4 AND first_response_at IS NOT NULL GROUP BY 2", error);
  KefuQueryStep rc;

  if (stmt == NULL)
    return NULL;
  kefu_kpi_bind_span (stmt, span);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      if (!kefu_query_is_null (stmt, 0))
        add_buckets (counts, kefu_query_get_text (stmt, 0));
      else
        {
          gpointer key = GINT_TO_POINTER (kefu_query_get_int (stmt, 1) + 2);
          gsize old = GPOINTER_TO_SIZE (g_hash_table_lookup (counts, key));
          g_hash_table_insert (counts, key, GSIZE_TO_POINTER (old + (gsize) kefu_query_get_int (stmt, 2)));
        }
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&counts);
}

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  int x = GPOINTER_TO_INT (*(gconstpointer *) a), y = GPOINTER_TO_INT (*(gconstpointer *) b);
  return x < y ? -1 : x > y;
}

/* P90 by nearest rank: the ⌈0.9 n⌉-th smallest. The buckets say which
 * one holds it; the response-time index finds it inside the bucket. */
static gboolean
compute_p90 (KefuStore          *store,
             const KefuKpiSpan  *span,
             KefuKpiReport      *r,
             GError            **error)
{
  g_autoptr(GHashTable) counts = NULL;
  g_autofree gpointer *keys = NULL;
  guint n_keys = 0;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 rank = (gint64) ceil (0.9 * (double) r->responded), before = 0, lo = 0, hi = 0;
  gboolean found = FALSE;
  KefuQueryStep rc;

  r->value[KEFU_KPI_P90_RESPONSE_MIN] = NAN;
  if (r->responded == 0)
    return TRUE;
  counts = kefu_kpi_response_buckets (store, span, error);
  if (counts == NULL)
    return FALSE;
  keys = g_hash_table_get_keys_as_array (counts, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_int);
  for (guint i = 0; i < n_keys && !found; i++)
    {
      gint64 n = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (counts, keys[i]));

      if (before + n >= rank)
        {
          kefu_kpi_bucket_range (GPOINTER_TO_INT (keys[i]) - 2, &lo, &hi);
          found = TRUE;
        }
      else
        before += n;
    }
  if (!found)
    return TRUE;
  stmt = kefu_query_prepare (store,
      "SELECT first_response_at - created_at FROM tickets "
      "WHERE first_response_at IS NOT NULL AND first_response_at - created_at >= ?3 "
      "AND first_response_at - created_at < ?4 AND created_at >= ?1 AND created_at < ?2 "
      "ORDER BY first_response_at - created_at LIMIT 1 OFFSET ?5", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, r->from);
  kefu_query_bind_int (stmt, 2, r->to);
  kefu_query_bind_int (stmt, 3, lo);
  kefu_query_bind_int (stmt, 4, hi);
  kefu_query_bind_int (stmt, 5, rank - before - 1);
  rc = kefu_query_step (store, stmt, error);
  if (rc == KEFU_QUERY_ROW)
    r->value[KEFU_KPI_P90_RESPONSE_MIN] = kefu_query_get_int (stmt, 0) / 60.0;
  else if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  return TRUE;
}

#define AGE_SUMS \
  "SELECT " KEFU_KPI_COUNT_IF ("age < 86400") ", " KEFU_KPI_COUNT_IF ("age >= 86400 AND age < 3 * 86400") ", " \
  "  " KEFU_KPI_COUNT_IF ("age >= 3 * 86400 AND age < 7 * 86400") ", " KEFU_KPI_COUNT_IF ("age >= 7 * 86400") " "

/* Open at a moment: created before it, and not resolved, cancelled or
 * closed before it. With the roll-up: the tickets open now (an index of
 * its own), those of earlier days that the roll-up saw ending after the
 * moment, and the moment's own day read from the tickets. */
static gboolean
compute_backlog (KefuStore          *store,
                 const KefuKpiSpan  *span,
                 KefuKpiReport      *r,
                 gint64              now,
                 GError            **error)
{
  gint64 at = MIN (r->to, now);
  KEFU_AUTO_QUERY *stmt = NULL;

  if (span->rollup)
    stmt = kefu_query_prepare (store,
        AGE_SUMS "FROM ("
        "SELECT ?1 - created_at AS age FROM tickets WHERE resolved_at IS NULL AND cancelled_at IS NULL "
        "  AND closed_at IS NULL AND created_at < ?1 "
        "UNION ALL SELECT ?1 - c.created_at FROM kpi_daily d JOIN kpi_carry c ON c.day = d.day "
        "  WHERE d.day_end <= ?1 AND d.ended_last >= ?1 AND c.ended_at >= ?1 "
        "UNION ALL SELECT ?1 - created_at FROM tickets WHERE created_at >= ?2 AND created_at < ?1 "
        "  AND NOT (resolved_at IS NULL AND cancelled_at IS NULL AND closed_at IS NULL) "
        "  AND (resolved_at IS NULL OR resolved_at >= ?1) AND (cancelled_at IS NULL OR cancelled_at >= ?1) "
        "  AND (closed_at IS NULL OR closed_at >= ?1)) x", error);
  else
    stmt = kefu_query_prepare (store,
        AGE_SUMS "FROM (SELECT ?1 - created_at AS age FROM tickets WHERE created_at < ?1 "
        "  AND (resolved_at IS NULL OR resolved_at >= ?1) AND (cancelled_at IS NULL OR cancelled_at >= ?1) "
        "  AND (closed_at IS NULL OR closed_at >= ?1)) x", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, at);
  if (span->rollup)
    kefu_query_bind_int (stmt, 2, kefu_kpi_day_start (at));
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    return FALSE;
  r->value[KEFU_KPI_BACKLOG] = 0;
  for (guint a = 0; a < KEFU_KPI_N_AGES; a++)
    {
      r->backlog_by_age[a] = kefu_query_get_int (stmt, a);
      r->value[KEFU_KPI_BACKLOG] += r->backlog_by_age[a];
    }
  return TRUE;
}

KefuKpiReport *
kefu_kpi_compute (KefuStore  *store,
                  gint64      from,
                  gint64      to,
                  GError    **error)
{
  g_autoptr(KefuKpiReport) r = g_new0 (KefuKpiReport, 1);
  g_auto(KefuKpiSpan) span = { 0 };
  gint64 now = kefu_store_now (store);

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  r->from = from;
  r->to = to;
  if (!kefu_kpi_span_begin (store, from, to, &span, error))
    return NULL;
  if (!compute_main (store, &span, r, now, error) || !compute_p90 (store, &span, r, error) ||
      !compute_backlog (store, &span, r, now, error))
    return NULL;
  for (KefuKpiDimension d = 0; d < KEFU_KPI_N_DIMENSIONS; d++)
    if ((r->by[d] = kefu_kpi_count_by (store, &span, d, FALSE, error)) == NULL)
      return NULL;
  return g_steal_pointer (&r);
}

/* One agent's figures: the dashboard's definitions over the tickets created
 * in [from, to) that @agent_id owns (首问负责制: tickets.agent_id), read
 * straight from the tickets (an agent's quarter is a few hundred rows).
 * The breakdowns are empty; the backlog is the agent's tickets of the
 * period still open at its end (or now). */
KefuKpiReport *
kefu_kpi_compute_agent (KefuStore  *store,
                        gint64      agent_id,
                        gint64      from,
                        gint64      to,
                        GError    **error)
{
  g_autoptr(KefuKpiReport) r = g_new0 (KefuKpiReport, 1);
  gint64 now = kefu_store_now (store), at = MIN (to, now);
  KEFU_AUTO_QUERY *stmt = NULL;
  KEFU_AUTO_QUERY *p90 = NULL;
  KEFU_AUTO_QUERY *open = NULL;
  KefuQueryStep rc;

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  r->from = from;
  r->to = to;
  /* ?4 is the agent again: PostgreSQL types every parameter up to the
   * last (LIVE_SUMS's ?5) and cannot type one left unused (#20) */
  stmt = kefu_query_prepare (store,
      "SELECT " LIVE_SUMS "FROM (SELECT " KEFU_KPI_COLUMNS ", " KEFU_KPI_RESPONSE_DUE " AS rdue, " KEFU_KPI_RESOLUTION_DUE " AS sdue "
      "FROM tickets t WHERE t.agent_id = ?3 AND t.agent_id = ?4 AND t.created_at >= ?1 AND t.created_at < ?2) p", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, from);
  kefu_query_bind_int (stmt, 2, to);
  kefu_query_bind_int (stmt, 3, agent_id);
  kefu_query_bind_int (stmt, 4, agent_id);
  kefu_query_bind_int (stmt, 5, now);
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    return NULL;
  r->value[KEFU_KPI_TICKETS] = kefu_query_get_int (stmt, 0);
  r->responded = kefu_query_get_int (stmt, 1);
  r->response_met = kefu_query_get_int (stmt, 3);
  r->response_decided = kefu_query_get_int (stmt, 4);
  r->resolution_met = kefu_query_get_int (stmt, 5);
  r->resolution_decided = kefu_query_get_int (stmt, 6);
  r->complaints = kefu_query_get_int (stmt, 7);
  r->complaints_closed = kefu_query_get_int (stmt, 8);
  r->complaints_repeated = kefu_query_get_int (stmt, 9);
  r->resolved = kefu_query_get_int (stmt, 10);
  r->resolved_first_time = kefu_query_get_int (stmt, 11);
  r->followed_up = kefu_query_get_int (stmt, 12);
  r->ratings = kefu_query_get_int (stmt, 13);
  r->satisfied = kefu_query_get_int (stmt, 15);
  r->unreachable = kefu_query_get_int (stmt, 16);
  set_rates (r, kefu_query_get_int (stmt, 2), kefu_query_get_int (stmt, 14));

  /* P90 by nearest rank, as for the whole center */
  r->value[KEFU_KPI_P90_RESPONSE_MIN] = NAN;
  if (r->responded > 0)
    {
      p90 = kefu_query_prepare (store,
          "SELECT first_response_at - created_at FROM tickets WHERE agent_id = ?3 AND first_response_at IS NOT NULL "
          "AND created_at >= ?1 AND created_at < ?2 ORDER BY 1 LIMIT 1 OFFSET ?4", error);
      if (p90 == NULL)
        return NULL;
      kefu_query_bind_int (p90, 1, from);
      kefu_query_bind_int (p90, 2, to);
      kefu_query_bind_int (p90, 3, agent_id);
      kefu_query_bind_int (p90, 4, (gint64) ceil (0.9 * (double) r->responded) - 1);
      rc = kefu_query_step (store, p90, error);
      if (rc == KEFU_QUERY_ROW)
        r->value[KEFU_KPI_P90_RESPONSE_MIN] = kefu_query_get_int (p90, 0) / 60.0;
      else if (rc == KEFU_QUERY_FAILED)
        return NULL;
    }

  open = kefu_query_prepare (store,
      AGE_SUMS "FROM (SELECT ?1 - created_at AS age FROM tickets WHERE agent_id = ?4 AND created_at >= ?2 "
      "  AND created_at < ?3 AND created_at < ?1 "
      "  AND (resolved_at IS NULL OR resolved_at >= ?1) AND (cancelled_at IS NULL OR cancelled_at >= ?1) "
      "  AND (closed_at IS NULL OR closed_at >= ?1)) x", error);
  if (open == NULL)
    return NULL;
  kefu_query_bind_int (open, 1, at);
  kefu_query_bind_int (open, 2, from);
  kefu_query_bind_int (open, 3, to);
  kefu_query_bind_int (open, 4, agent_id);
  if (kefu_query_step (store, open, error) != KEFU_QUERY_ROW)
    return NULL;
  r->value[KEFU_KPI_BACKLOG] = 0;
  for (guint a = 0; a < KEFU_KPI_N_AGES; a++)
    {
      r->backlog_by_age[a] = kefu_query_get_int (open, a);
      r->value[KEFU_KPI_BACKLOG] += r->backlog_by_age[a];
    }
  for (KefuKpiDimension d = 0; d < KEFU_KPI_N_DIMENSIONS; d++)
    r->by[d] = g_ptr_array_new_with_free_func (kefu_kpi_count_free);
  return g_steal_pointer (&r);
}
