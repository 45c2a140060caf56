/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bench.h — kefu-cli bench: Kefu's speed at scale, with baselines
 *
 * Each measurement runs several times and reports the median and the
 * 95th percentile (nearest rank), beside a naive way of doing the same
 * (LIKE for search, OFFSET for paging, a full scan for the SLA pass)
 * measured in the same run: the ratio is what matters on a noisy machine.
 */
#pragma once

#include "kefu-progress.h"
#include "kefu-store.h"

G_BEGIN_DECLS

typedef struct {
  guint        n_tickets;    /* default 1,000,000 */
  guint32      seed;
  const char  *keep;         /* keep the database at this path; NULL: a temporary directory, removed */
  guint        runs;         /* repetitions per measurement; 0: automatic */
  gboolean     reuse;        /* --db: time again the sample that an earlier run left in @keep and on the server */
} KefuBenchOptions;

typedef struct {
  char    *key;              /* "search.two_chars" */
  char    *label;            /* translated */
  double   median;           /* in @unit */
  double   p95;
  double   baseline_median;  /* NAN: no baseline */
  double   baseline_p95;
  double   target;           /* NAN: none; a maximum, or a minimum when @higher_is_better */
  gboolean higher_is_better;
  double   floor_ratio;      /* 0: none; else also met within this factor of the baseline, a floor */
  const char *unit;          /* "ms", "rows/s", "MB" */
  guint    runs;
  char    *note;             /* what was measured (hits, rows…) */
} KefuBenchResult;

void        kefu_bench_result_free (KefuBenchResult *result);

/* Extra measurements that live outside the core (charts, board): called
 * with the built database; each appends KefuBenchResult to @results. */
typedef void (*KefuBenchExtraFunc) (KefuStore  *store,
                                    GPtrArray  *results,
                                    guint       runs,
                                    gpointer    user_data);

GPtrArray  *kefu_bench_run         (const KefuBenchOptions *options,
                                    KefuBenchExtraFunc      extra,
                                    gpointer                extra_data,
                                    KefuProgressFunc        progress,
                                    gpointer                progress_data,
                                    GError                **error);

/* kefu-cli bench --db URI (kefu-bench-server.c): the sample built on a
 * file, copied to the empty server @conninfo by `migrate` (timed), then
 * each path that runs on a server timed on both, the same run: each
 * result's median and p95 are the server's, its baseline the file's. A
 * path that does not run on a server yet has NAN figures and says so. */
GPtrArray  *kefu_bench_run_server  (const KefuBenchOptions *options,
                                    const char             *conninfo,
                                    KefuProgressFunc        progress,
                                    gpointer                progress_data,
                                    GError                **error);

/* Times @func @runs times (at least once); fills median and p95 in ms. */
void        kefu_bench_time        (guint                   runs,
                                    void                  (*func) (gpointer data),
                                    gpointer                data,
                                    double                 *median,
                                    double                 *p95);
KefuBenchResult *kefu_bench_result_new (const char *key,
                                        const char *label,
                                        const char *unit,
                                        double      target);

char       *kefu_bench_format_table (GPtrArray *results);
char       *kefu_bench_format_json  (GPtrArray *results);
char       *kefu_bench_machine      (void);

G_END_DECLS
