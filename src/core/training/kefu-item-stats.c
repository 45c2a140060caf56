/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-item-stats.c — facility and discrimination per question (see the header) */
#include "config.h"

#include <math.h>

#include "kefu-auth.h"
#include "kefu-exam.h"
#include "kefu-item-stats.h"
#include "kefu-training-private.h"

static void
item_free (gpointer data)
{
  KefuItemStat *item = data;
  g_free (item->stem);
  g_free (item);
}

void
kefu_exam_stats_free (KefuExamStats *stats)
{
  if (stats == NULL)
    return;
  g_free (stats->name);
  g_clear_pointer (&stats->items, g_ptr_array_unref);
  g_free (stats);
}

/* Pearson's r of two series; NAN when either has no variance. */
double
kefu_stats_correlation (const double *x,
                        const double *y,
                        guint         n)
{
  double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;

  if (n < 2)
    return NAN;
  for (guint i = 0; i < n; i++)
    {
      mx += x[i];
      my += y[i];
    }
  mx /= n;
  my /= n;
  for (guint i = 0; i < n; i++)
    {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
  if (sxx < 1e-12 || syy < 1e-12)
    return NAN;
  return sxy / sqrt (sxx * syy);
}

static int
by_position (gconstpointer a,
             gconstpointer b)
{
  const KefuItemStat *x = *(KefuItemStat **) a, *y = *(KefuItemStat **) b;
  return (x->position > y->position) - (x->position < y->position);
}

typedef struct {
  gint64   family_id;
  gint64   question_id;
  guint    position;
  GArray  *attempt;    /* guint: index of the attempt */
  GArray  *raw;        /* double: points scored */
  GArray  *fraction;   /* double: points / maximum */
} Item;

static void
item_clear (gpointer data)
{
  Item *it = data;
  g_array_unref (it->attempt);
  g_array_unref (it->raw);
  g_array_unref (it->fraction);
}

KefuExamStats *
kefu_exam_stats (KefuStore  *store,
                 gint64      exam_id,
                 GError    **error)
{
  g_auto(KefuExamSettings) settings = { 0 };
  g_autoptr(KefuExamStats) stats = NULL;
  g_autoptr(GArray) totals = g_array_new (FALSE, TRUE, sizeof (double));
  g_autoptr(GArray) maxima = g_array_new (FALSE, TRUE, sizeof (double));
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_autoptr(GHashTable) by_family = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 last_attempt = 0;
  double sum = 0, sum2 = 0;
  int rc;

  g_array_set_clear_func (items, item_clear);
  if (!kefu_auth_require (store, KEFU_PERMISSION_SEE_TRAINING_RESULTS, error) ||
      !kefu_exam_load (store, exam_id, &settings, error))
    return NULL;
  stmt = kefu_query_prepare (store,
    "SELECT a.id, x.question_id, COALESCE(q.family_id, q.id), x.position, x.score, COALESCE(x.max_score, q.points) "
    "FROM attempts a JOIN attempt_answers x ON x.attempt_id = a.id JOIN questions q ON q.id = x.question_id "
    "WHERE a.exam_id = ?1 AND a.state = 'graded' ORDER BY a.id, x.position", error);
  if (stmt == NULL)
    return NULL;

  stats = g_new0 (KefuExamStats, 1);
  stats->exam_id = exam_id;
  stats->name = g_strdup (settings.name);
  stats->pass_mark = settings.pass_mark;
  stats->items = g_ptr_array_new_with_free_func (item_free);

  kefu_query_bind_int (stmt, 1, exam_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 attempt = kefu_query_get_int (stmt, 0);
      gint64 family = kefu_query_get_int (stmt, 2);
      double score = kefu_query_get_double (stmt, 4);
      double max = kefu_query_get_double (stmt, 5);
      double fraction = max > 0 ? score / max : 0;
      gpointer slot;
      guint index;
      Item *it;

      if (attempt != last_attempt)
        {
          double zero = 0;
          g_array_append_val (totals, zero);
          g_array_append_val (maxima, zero);
          last_attempt = attempt;
        }
      index = totals->len - 1;
      g_array_index (totals, double, index) += score;
      g_array_index (maxima, double, index) += max;

      slot = g_hash_table_lookup (by_family, &family);
      if (slot == NULL)
        {
          Item fresh = { family, 0, G_MAXUINT,
                         g_array_new (FALSE, FALSE, sizeof (guint)), g_array_new (FALSE, FALSE, sizeof (double)),
                         g_array_new (FALSE, FALSE, sizeof (double)) };
          g_array_append_val (items, fresh);
          g_hash_table_insert (by_family, g_memdup2 (&family, sizeof family), GUINT_TO_POINTER (items->len));
          it = &g_array_index (items, Item, items->len - 1);
        }
      else
        it = &g_array_index (items, Item, GPOINTER_TO_UINT (slot) - 1);
      it->question_id = MAX (it->question_id, kefu_query_get_int (stmt, 1));
      it->position = MIN (it->position, (guint) (int) kefu_query_get_int (stmt, 3));
      g_array_append_val (it->attempt, index);
      g_array_append_val (it->raw, score);
      g_array_append_val (it->fraction, fraction);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  kefu_query_reset (stmt);

  stats->n_attempts = totals->len;
  for (guint i = 0; i < totals->len; i++)
    {
      double max = g_array_index (maxima, double, i);
      double percent = max > 0 ? 100.0 * g_array_index (totals, double, i) / max : 0;
      guint bin = MIN ((guint) floor (percent / 10.0), KEFU_STATS_N_BINS - 1);

      stats->bins[bin]++;
      stats->n_passed += percent >= settings.pass_mark - 1e-9;
      sum += percent;
      sum2 += percent * percent;
    }
  if (stats->n_attempts > 0)
    {
      stats->pass_rate = (double) stats->n_passed / stats->n_attempts;
      stats->mean_percent = sum / stats->n_attempts;
      stats->sd_percent = sqrt (MAX (sum2 / stats->n_attempts - stats->mean_percent * stats->mean_percent, 0));
    }

  for (guint k = 0; k < items->len; k++)
    {
      Item *it = &g_array_index (items, Item, k);
      KefuItemStat *out = g_new0 (KefuItemStat, 1);
      g_autoptr(KefuQuestion) q = kefu_question_load (store, it->question_id, NULL);
      g_autofree double *rest = g_new (double, it->raw->len);
      double f = 0, f2 = 0;
      guint n = it->raw->len;

      for (guint i = 0; i < n; i++)
        {
          double x = g_array_index (it->fraction, double, i);
          f += x;
          f2 += x * x;
          rest[i] = g_array_index (totals, double, g_array_index (it->attempt, guint, i)) -
                    g_array_index (it->raw, double, i);
        }
      out->question_id = it->question_id;
      out->family_id = it->family_id;
      out->position = it->position;
      out->type = q != NULL ? q->type : KEFU_QUESTION_SINGLE_CHOICE;
      out->stem = g_strdup (q != NULL ? q->stem : "");
      out->n = n;
      out->facility = f / n;
      out->sd = sqrt (MAX (f2 / n - out->facility * out->facility, 0));
      out->discrimination = kefu_stats_correlation ((const double *) it->raw->data, rest, n);
      out->too_easy = out->facility > KEFU_STATS_TOO_EASY;
      out->too_hard = out->facility < KEFU_STATS_TOO_HARD;
      out->poor_discrimination = n >= KEFU_STATS_MIN_ATTEMPTS && !isnan (out->discrimination) &&
                                 out->discrimination < KEFU_STATS_POOR_DISCRIMINATION;
      g_ptr_array_add (stats->items, out);
    }
  g_ptr_array_sort (stats->items, by_position);
  return g_steal_pointer (&stats);
}
