/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bench-private.h — what the files of kefu-cli bench share */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* kefu-bench-floor.c: seconds the sqlite3 shell takes to insert every
 * row of the database @source into an empty copy of its schema, working
 * in @dir; NAN when it could not be measured (@note says why; @error is
 * set when the shell failed). */
double kefu_bench_floor_seconds (const char  *source,
                                 const char  *dir,
                                 char       **note,
                                 GError     **error);

G_END_DECLS
