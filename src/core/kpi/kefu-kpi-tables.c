/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-kpi-tables.c — the tables behind the dashboard's charts
 *
 * Trend, monthly breakdown, share, response histogram and the two
 * heatmaps, each a KefuKpiTable; kefu_kpi_table_query() turns a cell back
 * into the ticket list's filter.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kefu-enums.h"
#include "kefu-kpi-private.h"
#include "kefu-query.h"

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
      "  AND t.kind = 'complaint' AND t.building_id IS NOT NULL GROUP BY 1, 2) x GROUP BY 1, 2", error);
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
