/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bench-private.h — what the files of kefu-cli bench share */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

/* kefu-bench-floor.c: seconds the sqlite3 shell takes to insert every
 * row of the database @source into an empty copy of its schema, working
 * in @dir; NAN when it could not be measured (@note says why; @error is
 * set when the shell failed). @cpu (may be NULL): the CPU seconds (user
 * and system) of that timed process. */
double kefu_bench_floor_seconds (const char  *source,
                                 const char  *dir,
                                 double      *cpu,
                                 char       **note,
                                 GError     **error);
/* kefu-bench-floor.c: CPU seconds (user and system) used so far by this
 * process (@children FALSE) or by its children waited for (TRUE) */
double kefu_bench_cpu_seconds   (gboolean     children);

/* kefu-bench.c: the median and 95th percentile (nearest rank) of
 * @times (double; sorted in place, at least one) */
void   kefu_bench_percentiles   (GArray      *times,
                                 double      *median,
                                 double      *p95);

/* kefu-bench-process.c: kefu-cli as whole processes beside their floors
 * (--version beside /bin/true; a search signed in as @login beside the
 * same in this process), appended to @results */
void   kefu_bench_processes     (KefuStore   *store,
                                 const char  *path,
                                 const char  *login,
                                 GPtrArray   *results,
                                 guint        runs);

/* kefu-bench.c: a busy day on the sample (a file): @n_technicians on
 * shift around the clock, the newest @n_open tickets reopened as work in
 * hand (the first @n_assigned on technicians' lanes) */
gboolean kefu_bench_prepare_open_work (KefuStore  *store,
                                       guint       n_technicians,
                                       guint       n_open,
                                       guint       n_assigned,
                                       GError    **error);

G_END_DECLS
