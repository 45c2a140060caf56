/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-kpi.c — the supervisor's KPIs, defined once
 *
 * Every KPI is one SQL aggregate over the tickets created in [from, to),
 * read through the created_at index. What each figure means is written
 * once, in kefu_kpi_info(), and the dashboard's "How is this computed?"
 * popover shows exactly that text.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kefu-enums.h"
#include "kefu-kpi-private.h"
#include "kefu-query.h"

#define DAY ((gint64) 86400)

static const KefuKpiInfo infos[KEFU_N_KPIS] = {
  [KEFU_KPI_TICKETS] = { "tickets", N_("Tickets"),
    N_("Tickets created in the period, whatever became of them."),
    KEFU_KPI_FORMAT_COUNT, NAN, TRUE },
  [KEFU_KPI_MEAN_RESPONSE_MIN] = { "mean_response_min", N_("Mean response time"),
    N_("Wall-clock minutes from creation to the first response (a call or a dispatch), averaged over the tickets that have one."),
    KEFU_KPI_FORMAT_MINUTES, 15, FALSE },
  [KEFU_KPI_P90_RESPONSE_MIN] = { "p90_response_min", N_("Response time, P90"),
    N_("Nine in ten first responses came within this many minutes (nearest rank over the tickets that have one)."),
    KEFU_KPI_FORMAT_MINUTES, 30, FALSE },
  [KEFU_KPI_ON_TIME_RESPONSE_RATE] = { "on_time_response_rate", N_("On-time response"),
    N_("Share of tickets whose response clock met its target, over those with a target that were answered or are past due. "
       "Tickets imported without a policy are measured against today's policy for their kind, level and channel."),
    KEFU_KPI_FORMAT_RATE, 0.95, TRUE },
  [KEFU_KPI_ON_TIME_RESOLUTION_RATE] = { "on_time_resolution_rate", N_("On-time resolution"),
    N_("Share of tickets resolved by their resolution target, over those with a target that were resolved or are past due."),
    KEFU_KPI_FORMAT_RATE, 0.95, TRUE },
  [KEFU_KPI_COMPLAINT_CLOSURE_RATE] = { "complaint_closure_rate", N_("Complaint closure"),
    N_("Complaints closed (followed up and closed) divided by complaints created."),
    KEFU_KPI_FORMAT_RATE, 0.95, TRUE },
  [KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE] = { "first_contact_resolution_rate", N_("First-contact resolution"),
    N_("Resolved tickets that were never reopened divided by resolved tickets."),
    KEFU_KPI_FORMAT_RATE, 0.85, TRUE },
  [KEFU_KPI_REPEAT_COMPLAINT_RATE] = { "repeat_complaint_rate", N_("Repeat complaints"),
    N_("Complaints that were reopened, or followed within 30 days by another complaint of the same sub-type from the same unit, "
       "divided by complaints."),
    KEFU_KPI_FORMAT_RATE, 0.12, FALSE },
  [KEFU_KPI_SATISFACTION] = { "satisfaction", N_("Satisfaction"),
    N_("The mean of each ticket’s final follow-up rating (1–5) times 20, out of 100. Earlier ratings of a reopened "
       "ticket stay in its history but are not counted again; the reopened ticket counts once as a repeat."),
    KEFU_KPI_FORMAT_SCORE, 90, TRUE },
  [KEFU_KPI_SATISFIED_RATE] = { "satisfied_rate", N_("Satisfied owners"),
    N_("Ratings of 4 or 5 divided by all ratings."),
    KEFU_KPI_FORMAT_RATE, 0.90, TRUE },
  [KEFU_KPI_FOLLOW_UP_RATE] = { "follow_up_rate", N_("Follow-up calls"),
    N_("Resolved tickets whose owner was reached by a follow-up call divided by resolved tickets. Tickets closed as "
       "unreachable after three tries are counted apart: they are in neither number."),
    KEFU_KPI_FORMAT_RATE, 0.95, TRUE },
  [KEFU_KPI_BACKLOG] = { "backlog", N_("Backlog"),
    N_("Tickets still open (not resolved or cancelled) at the end of the period, or now if the period has not ended, by age."),
    KEFU_KPI_FORMAT_COUNT, NAN, FALSE },
};

const KefuKpiInfo *
kefu_kpi_info (KefuKpi kpi)
{
  g_return_val_if_fail (kpi < KEFU_N_KPIS, NULL);
  return &infos[kpi];
}

char *
kefu_kpi_format (KefuKpi kpi,
                 double  value)
{
  g_return_val_if_fail (kpi < KEFU_N_KPIS, NULL);
  if (isnan (value))
    return g_strdup ("—");
  switch (infos[kpi].format)
    {
    case KEFU_KPI_FORMAT_MINUTES:
      /* Translators: a duration in minutes, e.g. "42.5 min" */
      return g_strdup_printf (_("%.1f min"), value);
    case KEFU_KPI_FORMAT_RATE:
      return g_strdup_printf ("%.1f%%", value * 100);
    case KEFU_KPI_FORMAT_SCORE:
      return g_strdup_printf ("%.1f", value);
    case KEFU_KPI_FORMAT_COUNT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

static const char *dimension_keys[KEFU_KPI_N_DIMENSIONS] = { "kind", "channel", "level", "building", "subtype" };

const char *
kefu_kpi_dimension_key (KefuKpiDimension dim)
{
  g_return_val_if_fail (dim < KEFU_KPI_N_DIMENSIONS, NULL);
  return dimension_keys[dim];
}

const char *
kefu_kpi_age_label (guint age)
{
  static const char *labels[KEFU_KPI_N_AGES] = {
    N_("under 1 day"), N_("1–3 days"), N_("3–7 days"), N_("over 7 days"),
  };
  g_return_val_if_fail (age < KEFU_KPI_N_AGES, NULL);
  return _(labels[age]);
}

void
kefu_kpi_count_free (gpointer data)
{
  KefuKpiCount *c = data;

  g_free (c->key);
  g_free (c->label);
  g_free (c);
}

void
kefu_kpi_report_free (KefuKpiReport *report)
{
  if (report == NULL)
    return;
  for (guint d = 0; d < KEFU_KPI_N_DIMENSIONS; d++)
    g_clear_pointer (&report->by[d], g_ptr_array_unref);
  g_free (report);
}

static double
ratio (gint64 num,
       gint64 den)
{
  return den > 0 ? (double) num / (double) den : NAN;
}

/* The SQL of the dimension's column and the label source. */
const char *
kefu_kpi_dimension_column (KefuKpiDimension dim)
{
  switch (dim)
    {
    case KEFU_KPI_BY_KIND: return "t.kind";
    case KEFU_KPI_BY_CHANNEL: return "t.channel";
    case KEFU_KPI_BY_LEVEL: return "t.level";
    case KEFU_KPI_BY_BUILDING: return "t.building_id";
    case KEFU_KPI_BY_SUBTYPE: return "t.subtype";
    case KEFU_KPI_N_DIMENSIONS:
    default: g_return_val_if_reached (NULL);
    }
}

char *
kefu_kpi_dimension_label (KefuKpiDimension  dim,
                          const char       *key,
                          const char       *name)
{
  if (key == NULL)
    return g_strdup (_("Not recorded"));
  switch (dim)
    {
    case KEFU_KPI_BY_KIND: return g_strdup (kefu_code_label (KEFU_CODES_KIND, key));
    case KEFU_KPI_BY_CHANNEL: return g_strdup (kefu_code_label (KEFU_CODES_CHANNEL, key));
    case KEFU_KPI_BY_LEVEL: return g_strdup (kefu_code_label (KEFU_CODES_LEVEL, key));
    case KEFU_KPI_BY_SUBTYPE: return g_strdup (kefu_code_label (KEFU_CODES_SUBTYPE, key));
    case KEFU_KPI_BY_BUILDING: return g_strdup (name != NULL ? name : key);
    case KEFU_KPI_N_DIMENSIONS:
    default: g_return_val_if_reached (NULL);
    }
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
  g_autofree char *rollup = complaints
    ? g_strdup_printf ("SELECT %s AS k, tickets AS n FROM kpi_daily_complaints WHERE day >= ?2 AND day < ?3",
                       dim == KEFU_KPI_BY_BUILDING ? "building_id" : "subtype")
    : g_strdup_printf ("SELECT key AS k, tickets AS n FROM kpi_daily_by WHERE dim = '%s' AND day >= ?2 AND day < ?3",
                       kefu_kpi_dimension_key (dim));
  g_autofree char *sql = g_strdup_printf (
      "SELECT k, %s, sum(n) FROM (%s "
      "UNION ALL SELECT %s, count(*) FROM tickets t WHERE t.created_at >= ?1 AND t.created_at < ?2%s GROUP BY 1 "
      "UNION ALL SELECT %s, count(*) FROM tickets t WHERE t.created_at >= ?3 AND t.created_at < ?4%s GROUP BY 1) "
      "GROUP BY k ORDER BY 3 DESC, 1",
      dim == KEFU_KPI_BY_BUILDING ? "(SELECT name FROM buildings b WHERE b.id = k)" : "NULL",
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
  "coalesce(sum(p.rdue IS NOT NULL AND p.first_response_at IS NOT NULL AND p.first_response_at <= p.rdue), 0), " \
  "coalesce(sum(p.rdue IS NOT NULL AND (p.first_response_at IS NOT NULL OR (p.rdue <= ?5 AND p.status <> 'cancelled'))), 0), " \
  "coalesce(sum(p.sdue IS NOT NULL AND p.resolved_at IS NOT NULL AND p.resolved_at <= p.sdue), 0), " \
  "coalesce(sum(p.sdue IS NOT NULL AND (p.resolved_at IS NOT NULL OR (p.sdue <= ?5 AND p.status <> 'cancelled'))), 0), " \
  "coalesce(sum(p.kind = 'complaint'), 0), coalesce(sum(p.kind = 'complaint' AND p.status = 'closed'), 0), " \
  "coalesce(sum(" KEFU_KPI_REPEATED "), 0), " \
  "coalesce(sum(p.resolved_at IS NOT NULL), 0), coalesce(sum(p.resolved_at IS NOT NULL AND p.reopen_count = 0), 0), " \
  "coalesce(sum(p.resolved_at IS NOT NULL AND p.followed_up_at IS NOT NULL AND NOT p.unreachable), 0), " \
  "coalesce(sum(p.satisfaction BETWEEN 1 AND 5), 0), " \
  "coalesce(sum(CASE WHEN p.satisfaction BETWEEN 1 AND 5 THEN p.satisfaction END), 0), " \
  "coalesce(sum(p.satisfaction BETWEEN 4 AND 5), 0), " \
  "coalesce(sum(p.resolved_at IS NOT NULL AND p.unreachable), 0) "

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
      "UNION ALL SELECT " LIVE_SUMS "FROM " KEFU_KPI_PERIOD ("?3", "?4") ")", error);
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
      "  coalesce(d.response_waiting_first <= ?3 AND d.response_waiting_last > ?3, 0), "
      "  coalesce(d.resolution_waiting_first <= ?3 AND d.resolution_waiting_last > ?3, 0), "
      "  (SELECT coalesce(sum(p.rdue <= ?3 AND p.first_response_at IS NULL AND p.status <> 'cancelled'), 0) "
      "   FROM " KEFU_KPI_PERIOD ("d.day", "d.day_end") "), "
      "  (SELECT coalesce(sum(p.sdue <= ?3 AND p.resolved_at IS NULL AND p.status <> 'cancelled'), 0) "
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
  "SELECT coalesce(sum(age < 86400), 0), coalesce(sum(age >= 86400 AND age < 3 * 86400), 0), " \
  "  coalesce(sum(age >= 3 * 86400 AND age < 7 * 86400), 0), coalesce(sum(age >= 7 * 86400), 0) "

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
        "  AND (closed_at IS NULL OR closed_at >= ?1))", error);
  else
    stmt = kefu_query_prepare (store,
        AGE_SUMS "FROM (SELECT ?1 - created_at AS age FROM tickets WHERE created_at < ?1 "
        "  AND (resolved_at IS NULL OR resolved_at >= ?1) AND (cancelled_at IS NULL OR cancelled_at >= ?1) "
        "  AND (closed_at IS NULL OR closed_at >= ?1))", error);
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

/* JSON written by hand: JSON-GLib 1.6 prints doubles with 17 digits
 * (0.32529999999999998); a report shows four decimals. */

static void
json_member (GString    *out,
             int         indent,
             gboolean   *first,
             const char *key)
{
  g_string_append_printf (out, "%s\n%*s", *first ? "" : ",", indent, "");
  *first = FALSE;
  kefu_json_append_string (out, key);
  g_string_append (out, ": ");
}

static void
json_number (GString *out,
             double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    {
      g_string_append (out, "null");
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.4f", value);
  /* 0.3253, 1, 458: no trailing zeros */
  if (strchr (buf, '.') != NULL)
    {
      char *end = buf + strlen (buf) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  g_string_append (out, buf);
}

char *
kefu_kpi_report_to_json (const KefuKpiReport *r)
{
  static const char *age_keys[KEFU_KPI_N_AGES] = { "under_1d", "1d_3d", "3d_7d", "over_7d" };
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (r->from);
  g_autoptr(GDateTime) to = g_date_time_new_from_unix_local (r->to);
  g_autofree char *from_text = g_date_time_format (from, "%Y-%m-%d");
  g_autofree char *to_text = g_date_time_format (to, "%Y-%m-%d");
  GString *out = g_string_new ("{");
  gboolean first = TRUE, inner, innermost;

  json_member (out, 2, &first, "from");
  kefu_json_append_string (out, from_text);
  json_member (out, 2, &first, "to");
  kefu_json_append_string (out, to_text);
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    if (k != KEFU_KPI_BACKLOG)
      {
        json_member (out, 2, &first, infos[k].key);
        json_number (out, r->value[k]);
      }
  json_member (out, 2, &first, "backlog");
  g_string_append_c (out, '{');
  inner = TRUE;
  json_member (out, 4, &inner, "total");
  json_number (out, r->value[KEFU_KPI_BACKLOG]);
  for (guint a = 0; a < KEFU_KPI_N_AGES; a++)
    {
      json_member (out, 4, &inner, age_keys[a]);
      json_number (out, r->backlog_by_age[a]);
    }
  g_string_append (out, "\n  }");
  json_member (out, 2, &first, "by");
  g_string_append_c (out, '{');
  inner = TRUE;
  for (KefuKpiDimension d = 0; d < KEFU_KPI_N_DIMENSIONS; d++)
    {
      json_member (out, 4, &inner, dimension_keys[d]);
      g_string_append_c (out, '{');
      innermost = TRUE;
      for (guint i = 0; i < r->by[d]->len; i++)
        {
          KefuKpiCount *c = r->by[d]->pdata[i];
          json_member (out, 6, &innermost, d == KEFU_KPI_BY_BUILDING || c->key == NULL ? c->label : c->key);
          json_number (out, c->count);
        }
      g_string_append (out, innermost ? "}" : "\n    }");
    }
  g_string_append (out, "\n  }\n}");
  return g_string_free (out, FALSE);
}

/* Tables ------------------------------------------------------------------ */

void
kefu_kpi_table_free (KefuKpiTable *t)
{
  if (t == NULL)
    return;
  g_strfreev (t->categories);
  g_strfreev (t->series);
  /* keys may hold NULL ("not recorded") before their end: free by count */
  for (guint s = 0; t->series_keys != NULL && s < t->n_series; s++)
    g_free (t->series_keys[s]);
  g_free (t->series_keys);
  for (guint s = 0; t->values != NULL && s < t->n_series; s++)
    g_free (t->values[s]);
  g_free (t->values);
  g_free (t->starts);
  g_free (t->ends);
  for (guint c = 0; t->category_keys != NULL && c < t->n_categories; c++)
    g_free (t->category_keys[c]);
  g_free (t->category_keys);
  g_free (t);
}

KefuKpiTable *
kefu_kpi_table_new (KefuKpiTableKind  kind,
                    GPtrArray        *categories,
                    GPtrArray        *series)
{
  KefuKpiTable *t = g_new0 (KefuKpiTable, 1);

  t->kind = kind;
  t->n_categories = categories->len;
  t->n_series = series->len;
  g_ptr_array_add (categories, NULL);
  g_ptr_array_add (series, NULL);
  t->categories = (GStrv) g_ptr_array_free (categories, FALSE);
  t->series = (GStrv) g_ptr_array_free (series, FALSE);
  t->values = g_new0 (double *, MAX (t->n_series, 1));
  for (guint s = 0; s < t->n_series; s++)
    t->values[s] = g_new0 (double, MAX (t->n_categories, 1));
  return t;
}

static GDateTime *
bucket_start (GDateTime     *dt,
              KefuKpiBucket  bucket)
{
  int y = g_date_time_get_year (dt), m = g_date_time_get_month (dt), d = g_date_time_get_day_of_month (dt);
  g_autoptr(GDateTime) day = g_date_time_new_local (y, m, bucket == KEFU_KPI_BUCKET_MONTH ? 1 : d, 0, 0, 0);

  if (bucket == KEFU_KPI_BUCKET_WEEK)
    return g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
  return g_steal_pointer (&day);
}

static GDateTime *
bucket_next (GDateTime     *start,
             KefuKpiBucket  bucket)
{
  switch (bucket)
    {
    case KEFU_KPI_BUCKET_DAY: return g_date_time_add_days (start, 1);
    case KEFU_KPI_BUCKET_WEEK: return g_date_time_add_weeks (start, 1);
    case KEFU_KPI_BUCKET_MONTH:
    default: return g_date_time_add_months (start, 1);
    }
}

static char *
bucket_label (GDateTime     *start,
              KefuKpiBucket  bucket)
{
  switch (bucket)
    {
    case KEFU_KPI_BUCKET_MONTH:
      /* Translators: a month on a chart axis, strftime format ("2025-07" or "7月") */
      return g_date_time_format (start, C_("chart month", "%Y-%m"));
    case KEFU_KPI_BUCKET_DAY:
    case KEFU_KPI_BUCKET_WEEK:
    default:
      /* Translators: a day on a chart axis, strftime format */
      return g_date_time_format (start, C_("chart day", "%m-%d"));
    }
}

/* The buckets of [from, to): starts and ends, labels. */
static void
make_buckets (gint64          from,
              gint64          to,
              KefuKpiBucket   bucket,
              GPtrArray      *labels,
              GArray         *starts,
              GArray         *ends)
{
  g_autoptr(GDateTime) first = g_date_time_new_from_unix_local (from);
  g_autoptr(GDateTime) cur = bucket_start (first, bucket);

  while (g_date_time_to_unix (cur) < to && labels->len < 2000)
    {
      g_autoptr(GDateTime) next = bucket_next (cur, bucket);
      gint64 s = MAX (g_date_time_to_unix (cur), from), e = MIN (g_date_time_to_unix (next), to);

      g_ptr_array_add (labels, bucket_label (cur, bucket));
      g_array_append_val (starts, s);
      g_array_append_val (ends, e);
      g_date_time_unref (cur);
      cur = g_steal_pointer (&next);
    }
}

static guint
bucket_of (const GArray *starts,
           gint64        at)
{
  guint lo = 0, hi = starts->len;

  /* the last start <= at */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (starts, gint64, mid) <= at)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static gint64
years_later (gint64 at,
             int    years)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);
  g_autoptr(GDateTime) moved = g_date_time_add_years (dt, years);
  return g_date_time_to_unix (moved);
}

/* Counts the tickets created in [a, b) per bucket; with @last_year, each
 * falls into the bucket of the same date a year later, if that is in
 * [from, to). */
static gboolean
count_created (KefuStore     *store,
               KefuKpiTable  *t,
               guint          series,
               gint64         a,
               gint64         b,
               GArray        *starts,
               gboolean       last_year,
               gint64         from,
               gint64         to,
               GError       **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep rc;

  if (a >= b)
    return TRUE;
  stmt = kefu_query_prepare (store, "SELECT created_at FROM tickets WHERE created_at >= ?1 AND created_at < ?2", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, a);
  kefu_query_bind_int (stmt, 2, b);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 at = kefu_query_get_int (stmt, 0);

      if (last_year)
        {
          at = years_later (at, 1);
          if (at < from || at >= to)
            continue;
        }
      t->values[series][bucket_of (starts, at)] += 1;
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  return TRUE;
}

/* A year earlier: the roll-up's days whose date a year later is a whole
 * day of [from, to), the rest ticket by ticket. */
static gboolean
count_last_year (KefuStore          *store,
                 const KefuKpiSpan  *span,
                 KefuKpiTable       *t,
                 GArray             *starts,
                 GError            **error)
{
  gint64 back_from = years_later (span->from, -1), back_to = years_later (span->to, -1);
  gint64 b1 = span->rollup ? kefu_kpi_day_start (back_from) : back_to, b2 = back_to;
  g_autoptr(GArray) by_ticket = g_array_new (FALSE, FALSE, sizeof (gint64));
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep rc;

  if (span->rollup)
    {
      if (b1 < back_from)
        b1 = kefu_kpi_day_after (b1);
      b2 = kefu_kpi_day_start (back_to);
    }
  if (b1 >= b2)
    return count_created (store, t, 1, back_from, back_to, starts, TRUE, span->from, span->to, error);

  stmt = kefu_query_prepare (store, "SELECT day, day_end, tickets FROM kpi_daily WHERE day >= ?1 AND day < ?2", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, b1);
  kefu_query_bind_int (stmt, 2, b2);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 day = kefu_query_get_int (stmt, 0);
      gint64 start = years_later (day, 1), end = years_later (kefu_query_get_int (stmt, 1), 1);

      if (start >= span->from && end <= span->to && start < end)
        t->values[1][bucket_of (starts, start)] += kefu_query_get_int (stmt, 2);
      else
        g_array_append_val (by_ticket, day);
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  kefu_query_reset (stmt);
  if (!count_created (store, t, 1, back_from, b1, starts, TRUE, span->from, span->to, error) ||
      !count_created (store, t, 1, b2, back_to, starts, TRUE, span->from, span->to, error))
    return FALSE;
  for (guint i = 0; i < by_ticket->len; i++)
    {
      gint64 day = g_array_index (by_ticket, gint64, i);
      if (!count_created (store, t, 1, day, kefu_kpi_day_after (day), starts, TRUE, span->from, span->to, error))
        return FALSE;
    }
  return TRUE;
}

/* Buckets without data are gaps: NaN in series [@first_series, @end_series) of those that
 * start at or after the store's clock (days still to come). */
static void
blank_future (KefuStore    *store,
              KefuKpiTable *t,
              const GArray *starts,
              guint         first_series,
              guint         end_series)
{
  gint64 now = kefu_store_now (store);

  for (guint i = 0; i < starts->len && i < t->n_categories; i++)
    if (g_array_index (starts, gint64, i) >= now)
      for (guint s = first_series; s < end_series && s < t->n_series; s++)
        t->values[s][i] = NAN;
}

/* A year earlier, the buckets that ended before the first ticket Kefu
 * holds had no data at all: NaN, not 0. */
static gboolean
blank_before_records (KefuStore     *store,
                      KefuKpiTable  *t,
                      const GArray  *ends,
                      guint          series,
                      GError       **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT min(created_at) FROM tickets", error);
  gint64 first;

  if (stmt == NULL)
    return FALSE;
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    return FALSE;
  first = kefu_query_is_null (stmt, 0) ? G_MAXINT64 : kefu_query_get_int (stmt, 0);
  for (guint i = 0; i < ends->len && i < t->n_categories; i++)
    if (years_later (g_array_index (ends, gint64, i), -1) <= first)
      t->values[series][i] = NAN;
  return TRUE;
}

KefuKpiTable *
kefu_kpi_trend (KefuStore      *store,
                gint64          from,
                gint64          to,
                KefuKpiBucket   bucket,
                gboolean        with_last_year,
                GError        **error)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) series = g_ptr_array_new ();
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(KefuKpiTable) t = NULL;
  g_auto(KefuKpiSpan) span = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep rc;

  make_buckets (from, to, bucket, labels, starts, ends);
  g_ptr_array_add (series, g_strdup (_("This period")));
  if (with_last_year)
    g_ptr_array_add (series, g_strdup (_("A year earlier")));
  t = kefu_kpi_table_new (KEFU_KPI_TABLE_TREND, g_steal_pointer (&labels), g_steal_pointer (&series));
  if (t->n_categories == 0)
    return g_steal_pointer (&t);
  if (!kefu_kpi_span_begin (store, from, to, &span, error))
    return NULL;

  /* whole days from the roll-up (buckets are whole days), the ends ticket by ticket */
  stmt = kefu_query_prepare (store, "SELECT day, tickets FROM kpi_daily WHERE day >= ?1 AND day < ?2", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, span.m1);
  kefu_query_bind_int (stmt, 2, span.m2);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    t->values[0][bucket_of (starts, kefu_query_get_int (stmt, 0))] += kefu_query_get_int (stmt, 1);
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  kefu_query_reset (stmt);
  if (!count_created (store, t, 0, from, span.m1, starts, FALSE, from, to, error) ||
      !count_created (store, t, 0, span.m2, to, starts, FALSE, from, to, error))
    return NULL;
  if (with_last_year && !count_last_year (store, &span, t, starts, error))
    return NULL;
  blank_future (store, t, starts, 0, 1);
  if (with_last_year && !blank_before_records (store, t, ends, 1, error))
    return NULL;
  t->starts = g_memdup2 (starts->data, starts->len * sizeof (gint64));
  t->ends = g_memdup2 (ends->data, ends->len * sizeof (gint64));
  return g_steal_pointer (&t);
}

/* Adds the tickets created in [a, b) to the series of their @dim value. */
static gboolean
count_monthly (KefuStore         *store,
               KefuKpiTable      *t,
               KefuKpiDimension   dim,
               gint64             a,
               gint64             b,
               GArray            *starts,
               GError           **error)
{
  g_autofree char *sql = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep rc;

  if (a >= b)
    return TRUE;
  sql = g_strdup_printf ("SELECT t.created_at, %s FROM tickets t WHERE t.created_at >= ?1 AND t.created_at < ?2",
                         kefu_kpi_dimension_column (dim));
  stmt = kefu_query_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, a);
  kefu_query_bind_int (stmt, 2, b);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      const char *key = kefu_query_get_text (stmt, 1);
      for (guint s = 0; s < t->n_series; s++)
        if (g_strcmp0 (t->series_keys[s], key) == 0)
          {
            t->values[s][bucket_of (starts, kefu_query_get_int (stmt, 0))] += 1;
            break;
          }
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  return TRUE;
}

KefuKpiTable *
kefu_kpi_monthly_by (KefuStore         *store,
                     gint64             from,
                     gint64             to,
                     KefuKpiDimension   dim,
                     GError           **error)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) series = g_ptr_array_new ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(KefuKpiTable) t = NULL;
  g_auto(KefuKpiSpan) span = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep rc;

  g_return_val_if_fail (dim < KEFU_KPI_N_DIMENSIONS, NULL);
  if (!kefu_kpi_span_begin (store, from, to, &span, error))
    return NULL;
  counts = kefu_kpi_count_by (store, &span, dim, FALSE, error);
  if (counts == NULL)
    return NULL;
  make_buckets (from, to, KEFU_KPI_BUCKET_MONTH, labels, starts, ends);
  for (guint i = 0; i < counts->len; i++)
    {
      KefuKpiCount *c = counts->pdata[i];
      g_ptr_array_add (series, g_strdup (c->label));
      g_ptr_array_add (keys, g_strdup (c->key));
    }
  g_ptr_array_add (keys, NULL);
  t = kefu_kpi_table_new (KEFU_KPI_TABLE_MONTHLY_BY, g_steal_pointer (&labels), g_steal_pointer (&series));
  t->dim = dim;
  t->series_keys = (GStrv) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
  t->starts = g_memdup2 (starts->data, starts->len * sizeof (gint64));
  t->ends = g_memdup2 (ends->data, ends->len * sizeof (gint64));
  if (t->n_categories == 0)
    return g_steal_pointer (&t);

  stmt = kefu_query_prepare (store, "SELECT day, key, tickets FROM kpi_daily_by WHERE dim = ?3 AND day >= ?1 AND day < ?2",
                             error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, span.m1);
  kefu_query_bind_int (stmt, 2, span.m2);
  kefu_query_bind_text (stmt, 3, kefu_kpi_dimension_key (dim));
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      const char *key = kefu_query_get_text (stmt, 1);
      for (guint s = 0; s < t->n_series; s++)
        if (g_strcmp0 (t->series_keys[s], key) == 0)
          {
            t->values[s][bucket_of (starts, kefu_query_get_int (stmt, 0))] += kefu_query_get_int (stmt, 2);
            break;
          }
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  kefu_query_reset (stmt);
  if (!count_monthly (store, t, dim, from, span.m1, starts, error) ||
      !count_monthly (store, t, dim, span.m2, to, starts, error))
    return NULL;
  blank_future (store, t, starts, 0, t->n_series);
  return g_steal_pointer (&t);
}

KefuKpiTable *
kefu_kpi_share (KefuStore         *store,
                gint64             from,
                gint64             to,
                KefuKpiDimension   dim,
                GError           **error)
{
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) series = g_ptr_array_new ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_auto(KefuKpiSpan) span = { 0 };
  KefuKpiTable *t;

  g_return_val_if_fail (dim < KEFU_KPI_N_DIMENSIONS, NULL);
  if (!kefu_kpi_span_begin (store, from, to, &span, error))
    return NULL;
  counts = kefu_kpi_count_by (store, &span, dim, FALSE, error);
  if (counts == NULL)
    return NULL;
  for (guint i = 0; i < counts->len; i++)
    {
      KefuKpiCount *c = counts->pdata[i];
      g_ptr_array_add (labels, g_strdup (c->label));
      g_ptr_array_add (keys, g_strdup (c->key));
    }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (series, g_strdup (_("Tickets")));
  t = kefu_kpi_table_new (KEFU_KPI_TABLE_SHARE, g_steal_pointer (&labels), g_steal_pointer (&series));
  t->dim = dim;
  t->category_keys = (GStrv) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
  for (guint i = 0; i < counts->len; i++)
    t->values[0][i] = ((KefuKpiCount *) counts->pdata[i])->count;
  return t;
}

KefuKpiTable *
kefu_kpi_response_histogram (KefuStore  *store,
                             gint64      from,
                             gint64      to,
                             int         bin_min,
                             int         n_bins,
                             GError    **error)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) series = g_ptr_array_new ();
  g_autoptr(KefuKpiTable) t = NULL;
  g_auto(KefuKpiSpan) span = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep rc;

  g_return_val_if_fail (bin_min > 0 && n_bins > 1, NULL);
  for (int b = 0; b < n_bins; b++)
    g_ptr_array_add (labels, b + 1 < n_bins ? g_strdup_printf ("%d–%d", b * bin_min, (b + 1) * bin_min)
                                            : g_strdup_printf ("≥%d", b * bin_min));
  g_ptr_array_add (series, g_strdup (_("Tickets")));
  t = kefu_kpi_table_new (KEFU_KPI_TABLE_RESPONSE_HISTOGRAM, g_steal_pointer (&labels), g_steal_pointer (&series));
  t->bin_min = bin_min;
  if (!kefu_kpi_span_begin (store, from, to, &span, error))
    return NULL;

  /* the roll-up's buckets fit the bins when every bin edge is a bucket edge:
   * minutes up to three hours, then whole hours */
  if (span.rollup && ((gint64) (n_bins - 1) * bin_min <= 180 || bin_min % 60 == 0))
    {
      g_autoptr(GHashTable) counts = kefu_kpi_response_buckets (store, &span, error);
      GHashTableIter iter;
      gpointer key, value;

      if (counts == NULL)
        return NULL;
      g_hash_table_iter_init (&iter, counts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          int bucket = GPOINTER_TO_INT (key) - 2;
          gint64 lo, hi;

          if (bucket < 0)
            continue;   /* a response before creation is left out */
          kefu_kpi_bucket_range (bucket, &lo, &hi);
          t->values[0][MIN (lo / 60 / bin_min, n_bins - 1)] += (double) GPOINTER_TO_SIZE (value);
        }
      return g_steal_pointer (&t);
    }

  stmt = kefu_query_prepare (store,
      "SELECT min((first_response_at - created_at) / (60 * ?3), ?4 - 1), count(*) FROM tickets "
      "WHERE created_at >= ?1 AND created_at < ?2 AND first_response_at >= created_at GROUP BY 1", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, from);
  kefu_query_bind_int (stmt, 2, to);
  kefu_query_bind_int (stmt, 3, bin_min);
  kefu_query_bind_int (stmt, 4, n_bins);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    t->values[0][CLAMP (kefu_query_get_int (stmt, 0), 0, n_bins - 1)] += kefu_query_get_int (stmt, 1);
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&t);
}

static int
by_label_natural (gconstpointer a,
                  gconstpointer b)
{
  const KefuKpiCount *x = *(KefuKpiCount * const *) a, *y = *(KefuKpiCount * const *) b;
  g_autofree char *kx = g_utf8_collate_key_for_filename (x->label, -1);
  g_autofree char *ky = g_utf8_collate_key_for_filename (y->label, -1);

  return strcmp (kx, ky);
}

KefuKpiTable *
kefu_kpi_complaint_heatmap (KefuStore  *store,
                            gint64      from,
                            gint64      to,
                            GError    **error)
{
  g_autoptr(GPtrArray) buildings = NULL;
  g_autoptr(GPtrArray) subtypes = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) series = g_ptr_array_new ();
  g_autoptr(GPtrArray) skeys = g_ptr_array_new ();
  g_autoptr(GPtrArray) ckeys = g_ptr_array_new ();
  g_autoptr(KefuKpiTable) t = NULL;
  g_auto(KefuKpiSpan) span = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep rc;

  if (!kefu_kpi_span_begin (store, from, to, &span, error))
    return NULL;
  buildings = kefu_kpi_count_by (store, &span, KEFU_KPI_BY_BUILDING, TRUE, error);
  subtypes = buildings != NULL ? kefu_kpi_count_by (store, &span, KEFU_KPI_BY_SUBTYPE, TRUE, error) : NULL;
  if (subtypes == NULL)
    return NULL;
  for (guint i = 0; i < subtypes->len; i++)
    {
      KefuKpiCount *c = subtypes->pdata[i];
      g_ptr_array_add (labels, g_strdup (c->label));
      g_ptr_array_add (ckeys, g_strdup (c->key));
    }
  /* buildings in their own order (1栋, 2栋 …), not by count */
  g_ptr_array_sort (buildings, by_label_natural);
  for (guint i = 0; i < buildings->len; i++)
    {
      KefuKpiCount *c = buildings->pdata[i];
      g_ptr_array_add (series, g_strdup (c->label));
      g_ptr_array_add (skeys, g_strdup (c->key));
    }
  g_ptr_array_add (ckeys, NULL);
  g_ptr_array_add (skeys, NULL);
  t = kefu_kpi_table_new (KEFU_KPI_TABLE_COMPLAINT_HEATMAP, g_steal_pointer (&labels), g_steal_pointer (&series));
  t->category_keys = (GStrv) g_ptr_array_free (g_steal_pointer (&ckeys), FALSE);
  t->series_keys = (GStrv) g_ptr_array_free (g_steal_pointer (&skeys), FALSE);
  stmt = kefu_query_prepare (store,
      "SELECT b, s, sum(n) FROM ("
      "SELECT building_id AS b, subtype AS s, tickets AS n FROM kpi_daily_complaints WHERE day >= ?2 AND day < ?3 "
      "UNION ALL SELECT t.building_id, t.subtype, count(*) FROM tickets t WHERE t.created_at >= ?1 AND t.created_at < ?2 "
      "  AND t.kind = 'complaint' AND t.building_id IS NOT NULL GROUP BY 1, 2 "
      "UNION ALL SELECT t.building_id, t.subtype, count(*) FROM tickets t WHERE t.created_at >= ?3 AND t.created_at < ?4 "
      "  AND t.kind = 'complaint' AND t.building_id IS NOT NULL GROUP BY 1, 2) GROUP BY 1, 2", error);
  if (stmt == NULL)
    return NULL;
  kefu_kpi_bind_span (stmt, &span);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      const char *b = kefu_query_get_text (stmt, 0), *s = kefu_query_get_text (stmt, 1);
      for (guint i = 0; i < t->n_series; i++)
        for (guint j = 0; j < t->n_categories; j++)
          if (g_strcmp0 (t->series_keys[i], b) == 0 && g_strcmp0 (t->category_keys[j], s) == 0)
            t->values[i][j] = kefu_query_get_int (stmt, 2);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&t);
}

static gboolean
count_arrivals (KefuStore     *store,
                KefuKpiTable  *t,
                gint64         a,
                gint64         b,
                GError       **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep rc;

  if (a >= b)
    return TRUE;
  stmt = kefu_query_prepare (store,
      "SELECT (CAST(strftime('%w', created_at, 'unixepoch', 'localtime') AS INTEGER) + 6) % 7, "
      "CAST(strftime('%H', created_at, 'unixepoch', 'localtime') AS INTEGER), count(*) FROM tickets "
      "WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 1, 2", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, a);
  kefu_query_bind_int (stmt, 2, b);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    t->values[CLAMP (kefu_query_get_int (stmt, 0), 0, 6)][CLAMP (kefu_query_get_int (stmt, 1), 0, 23)] +=
      kefu_query_get_int (stmt, 2);
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  return TRUE;
}

KefuKpiTable *
kefu_kpi_arrival_heatmap (KefuStore  *store,
                          gint64      from,
                          gint64      to,
                          GError    **error)
{
  static const char *days[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun") };
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) series = g_ptr_array_new ();
  g_autoptr(KefuKpiTable) t = NULL;
  g_auto(KefuKpiSpan) span = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 day = G_MININT64;
  int weekday = 0, rc;

  for (int h = 0; h < 24; h++)
    g_ptr_array_add (labels, g_strdup_printf ("%02d", h));
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    g_ptr_array_add (series, g_strdup (_(days[d])));
  t = kefu_kpi_table_new (KEFU_KPI_TABLE_ARRIVAL_HEATMAP, g_steal_pointer (&labels), g_steal_pointer (&series));
  if (!kefu_kpi_span_begin (store, from, to, &span, error))
    return NULL;
  stmt = kefu_query_prepare (store,
      "SELECT day, key, tickets FROM kpi_daily_by WHERE dim = 'hour' AND day >= ?1 AND day < ?2", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, span.m1);
  kefu_query_bind_int (stmt, 2, span.m2);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      if (kefu_query_get_int (stmt, 0) != day)
        {
          g_autoptr(GDateTime) dt = NULL;

          day = kefu_query_get_int (stmt, 0);
          dt = g_date_time_new_from_unix_local (day);
          weekday = g_date_time_get_day_of_week (dt) - 1;   /* Monday first */
        }
      t->values[CLAMP (weekday, 0, 6)][CLAMP (kefu_query_get_int (stmt, 1), 0, 23)] += kefu_query_get_int (stmt, 2);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  kefu_query_reset (stmt);
  if (!count_arrivals (store, t, from, span.m1, error) || !count_arrivals (store, t, span.m2, to, error))
    return NULL;
  return g_steal_pointer (&t);
}

static void
agent_free (gpointer data)
{
  KefuKpiAgent *a = data;

  g_free (a->name);
  g_free (a);
}

/* The sparkline's weeks count back from @to: week k (0 = the last) holds
 * the tickets created in (to − 7(k+1) days, to − 7k days]. */
static gboolean
count_weeks (KefuStore   *store,
             GHashTable  *by_id,
             gint64       a,
             gint64       b,
             gint64       to,
             GError     **error)
{
  KEFU_AUTO_QUERY *weekly = NULL;
  KefuQueryStep rc;

  if (a >= b)
    return TRUE;
  weekly = kefu_query_prepare (store,
      "SELECT agent_id, (?3 - 1 - created_at) / (7 * 86400), count(*) FROM tickets "
      "WHERE created_at >= ?1 AND created_at < ?2 AND agent_id IS NOT NULL GROUP BY 1, 2", error);
  if (weekly == NULL)
    return FALSE;
  kefu_query_bind_int (weekly, 1, a);
  kefu_query_bind_int (weekly, 2, b);
  kefu_query_bind_int (weekly, 3, to);
  while ((rc = kefu_query_step (store, weekly, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (weekly, 0);
      int back = kefu_query_get_int (weekly, 1);
      KefuKpiAgent *agent = g_hash_table_lookup (by_id, &id);

      if (agent != NULL && back >= 0 && back < 8)
        agent->weekly[7 - back] += kefu_query_get_int (weekly, 2);
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  return TRUE;
}

GPtrArray *
kefu_kpi_agents (KefuStore  *store,
                 gint64      from,
                 gint64      to,
                 GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (agent_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) by_ticket = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(KefuKpiSpan) span = { 0 };
  gint64 weeks_from = MAX (from, to - 8 * 7 * DAY), w1, w2;
  KEFU_AUTO_QUERY *stmt = NULL;
  KEFU_AUTO_QUERY *weekly = NULL;
  KefuQueryStep rc;

  if (!kefu_kpi_span_begin (store, from, to, &span, error))
    return NULL;
  stmt = kefu_query_prepare (store,
      "SELECT u.id, u.name, sum(n), sum(secs), sum(answered), sum(score), sum(rated) FROM ("
      "SELECT agent_id AS a, tickets AS n, response_seconds AS secs, responded AS answered, rating_sum AS score, "
      "  ratings AS rated FROM kpi_daily_agents WHERE day >= ?2 AND day < ?3 "
      "UNION ALL SELECT agent_id, count(*), coalesce(sum(first_response_at - created_at), 0), count(first_response_at), "
      "  coalesce(sum(CASE WHEN satisfaction BETWEEN 1 AND 5 THEN satisfaction END), 0), "
      "  coalesce(sum(satisfaction BETWEEN 1 AND 5), 0) "
      "  FROM tickets WHERE created_at >= ?1 AND created_at < ?2 AND agent_id IS NOT NULL GROUP BY 1 "
      "UNION ALL SELECT agent_id, count(*), coalesce(sum(first_response_at - created_at), 0), count(first_response_at), "
      "  coalesce(sum(CASE WHEN satisfaction BETWEEN 1 AND 5 THEN satisfaction END), 0), "
      "  coalesce(sum(satisfaction BETWEEN 1 AND 5), 0) "
      "  FROM tickets WHERE created_at >= ?3 AND created_at < ?4 AND agent_id IS NOT NULL GROUP BY 1"
      ") x JOIN users u ON u.id = x.a GROUP BY u.id ORDER BY 3 DESC, u.id", error);
  if (stmt == NULL)
    return NULL;
  kefu_kpi_bind_span (stmt, &span);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuKpiAgent *a = g_new0 (KefuKpiAgent, 1);
      gint64 answered = kefu_query_get_int (stmt, 4), rated = kefu_query_get_int (stmt, 6);

      a->user_id = kefu_query_get_int (stmt, 0);
      a->name = g_strdup (kefu_query_get_text (stmt, 1));
      a->tickets = kefu_query_get_int (stmt, 2);
      a->mean_response_min = answered > 0 ? kefu_query_get_int (stmt, 3) / 60.0 / (double) answered : NAN;
      a->satisfaction = rated > 0 ? kefu_query_get_int (stmt, 5) * 20.0 / (double) rated : NAN;
      g_ptr_array_add (list, a);
      g_hash_table_insert (by_id, &a->user_id, a);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;

  /* the sparkline: tickets per week over the last 8 weeks of the period;
   * a day of the roll-up counts whole when no week starts inside it */
  w1 = span.m1 < span.m2 ? MAX (span.m1, kefu_kpi_day_start (weeks_from)) : to;
  if (w1 < weeks_from)
    w1 = kefu_kpi_day_after (w1);
  w2 = MAX (w1, span.m2);
  if (w1 >= span.m2)
    w1 = w2 = to;
  weekly = kefu_query_prepare (store,
      "SELECT d.day, d.day_end, a.agent_id, a.tickets FROM kpi_daily d JOIN kpi_daily_agents a ON a.day = d.day "
      "WHERE d.day >= ?1 AND d.day < ?2", error);
  if (weekly == NULL)
    return NULL;
  kefu_query_bind_int (weekly, 1, w1);
  kefu_query_bind_int (weekly, 2, w2);
  while ((rc = kefu_query_step (store, weekly, error)) == KEFU_QUERY_ROW)
    {
      gint64 day = kefu_query_get_int (weekly, 0), day_end = kefu_query_get_int (weekly, 1);
      gint64 id = kefu_query_get_int (weekly, 2);
      gint64 back = (to - 1 - day) / (7 * DAY);
      KefuKpiAgent *a = g_hash_table_lookup (by_id, &id);

      if (back != (to - day_end) / (7 * DAY))
        {
          if (by_ticket->len == 0 || g_array_index (by_ticket, gint64, by_ticket->len - 1) != day)
            g_array_append_val (by_ticket, day);
          continue;
        }
      if (a != NULL && back >= 0 && back < 8)
        a->weekly[7 - back] += kefu_query_get_int (weekly, 3);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  kefu_query_reset (weekly);
  if (!count_weeks (store, by_id, weeks_from, w1, to, error) || !count_weeks (store, by_id, w2, to, to, error))
    return NULL;
  for (guint i = 0; i < by_ticket->len; i++)
    {
      gint64 day = g_array_index (by_ticket, gint64, i);
      if (!count_weeks (store, by_id, day, kefu_kpi_day_after (day), to, error))
        return NULL;
    }
  return g_steal_pointer (&list);
}

KefuKpiTable *
kefu_kpi_agents_table (GPtrArray *agents)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) series = g_ptr_array_new ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  KefuKpiTable *t;

  for (int w = 0; w < 8; w++)
    g_ptr_array_add (labels, g_strdup_printf ("%d", w + 1));
  for (guint i = 0; i < agents->len; i++)
    {
      KefuKpiAgent *a = agents->pdata[i];
      g_ptr_array_add (series, g_strdup (a->name));
      g_ptr_array_add (keys, g_strdup_printf ("%" G_GINT64_FORMAT, a->user_id));
    }
  g_ptr_array_add (keys, NULL);
  t = kefu_kpi_table_new (KEFU_KPI_TABLE_AGENTS, g_steal_pointer (&labels), g_steal_pointer (&series));
  t->series_keys = (GStrv) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
  for (guint i = 0; i < agents->len; i++)
    memcpy (t->values[i], ((KefuKpiAgent *) agents->pdata[i])->weekly, 8 * sizeof (double));
  return t;
}

static void
query_dimension (KefuTicketQuery   *q,
                 KefuKpiDimension   dim,
                 const char        *key)
{
  if (key == NULL)
    return;
  switch (dim)
    {
    case KEFU_KPI_BY_KIND: q->kind = key; break;
    case KEFU_KPI_BY_CHANNEL: q->channel = key; break;
    case KEFU_KPI_BY_LEVEL: q->level = (int) g_ascii_strtoll (key, NULL, 10); break;
    case KEFU_KPI_BY_BUILDING: q->building_id = g_ascii_strtoll (key, NULL, 10); break;
    case KEFU_KPI_BY_SUBTYPE: q->subtype = key; break;
    case KEFU_KPI_N_DIMENSIONS:
    default: break;
    }
}

void
kefu_kpi_table_query (const KefuKpiTable *t,
                      int                 series,
                      int                 category,
                      gint64              from,
                      gint64              to,
                      KefuTicketQuery    *q)
{
  memset (q, 0, sizeof *q);
  q->from = from;
  q->to = to;
  if (t->starts != NULL && category >= 0 && (guint) category < t->n_categories)
    {
      q->from = t->starts[category];
      q->to = t->ends[category];
    }
  switch (t->kind)
    {
    case KEFU_KPI_TABLE_MONTHLY_BY:
      if (series >= 0 && (guint) series < t->n_series)
        query_dimension (q, t->dim, t->series_keys[series]);
      break;
    case KEFU_KPI_TABLE_SHARE:
      if (category >= 0 && (guint) category < t->n_categories)
        query_dimension (q, t->dim, t->category_keys[category]);
      break;
    case KEFU_KPI_TABLE_RESPONSE_HISTOGRAM:
      if (category >= 0 && (guint) category < t->n_categories)
        {
          q->response_from_min = category * t->bin_min;
          q->response_to_min = (guint) category + 1 < t->n_categories ? (category + 1) * t->bin_min : G_MAXINT;
        }
      break;
    case KEFU_KPI_TABLE_COMPLAINT_HEATMAP:
      q->kind = "complaint";
      if (series >= 0 && (guint) series < t->n_series)
        query_dimension (q, KEFU_KPI_BY_BUILDING, t->series_keys[series]);
      if (category >= 0 && (guint) category < t->n_categories)
        query_dimension (q, KEFU_KPI_BY_SUBTYPE, t->category_keys[category]);
      break;
    case KEFU_KPI_TABLE_ARRIVAL_HEATMAP:
      if (series >= 0)
        q->weekday = series + 1;
      if (category >= 0)
        q->hour = category + 1;
      break;
    case KEFU_KPI_TABLE_AGENTS:
      /* the agent's tickets of the whole period */
      if (series >= 0 && (guint) series < t->n_series)
        q->agent_id = g_ascii_strtoll (t->series_keys[series], NULL, 10);
      break;
    case KEFU_KPI_TABLE_TREND:
    default:
      break;
    }
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
  stmt = kefu_query_prepare (store,
      "SELECT " LIVE_SUMS "FROM (SELECT t.*, " KEFU_KPI_RESPONSE_DUE " AS rdue, " KEFU_KPI_RESOLUTION_DUE " AS sdue "
      "FROM tickets t WHERE t.agent_id = ?3 AND t.created_at >= ?1 AND t.created_at < ?2) p", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, from);
  kefu_query_bind_int (stmt, 2, to);
  kefu_query_bind_int (stmt, 3, agent_id);
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
      "  AND (closed_at IS NULL OR closed_at >= ?1))", error);
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

/* A KPI by its JSON key ("first_contact_resolution_rate"); -1 if none. */
int
kefu_kpi_from_key (const char *key)
{
  for (int k = 0; key != NULL && k < KEFU_N_KPIS; k++)
    if (g_str_equal (infos[k].key, key))
      return k;
  return -1;
}
