/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-kpi-agents.c — the agents' table and its eight-week sparklines */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kefu-enums.h"
#include "kefu-kpi-private.h"
#include "kefu-query.h"

#define DAY ((gint64) 86400)

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
      "  " KEFU_KPI_COUNT_IF ("satisfaction BETWEEN 1 AND 5") " "
      "  FROM tickets WHERE created_at >= ?1 AND created_at < ?2 AND agent_id IS NOT NULL GROUP BY 1 "
      "UNION ALL SELECT agent_id, count(*), coalesce(sum(first_response_at - created_at), 0), count(first_response_at), "
      "  coalesce(sum(CASE WHEN satisfaction BETWEEN 1 AND 5 THEN satisfaction END), 0), "
      "  " KEFU_KPI_COUNT_IF ("satisfaction BETWEEN 1 AND 5") " "
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
