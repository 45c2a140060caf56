/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-store-bench.h — what kefu-cli bench measures of SQLite itself
 *
 * The bench (src/core/demo/kefu-bench.c) times Kefu's paths beside a
 * baseline: the same question asked the naive way. That baseline is SQLite
 * on purpose (a statement parsed afresh every time, no cache, no index
 * chosen for it), so it lives here in the store, behind a name, rather
 * than as raw SQLite calls in the bench. On a file only.
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

/* Prepares @sql afresh, binds ?1 = @text (unless NULL) and :offset =
 * @offset (when the text has it), counts its rows into @rows and
 * finalizes it: what an application without a statement cache pays. */
gboolean    kefu_store_bench_naive_query (KefuStore    *store,
                                          const char   *sql,
                                          const char   *text,
                                          gint64        offset,
                                          guint        *rows,
                                          GError      **error);
/* The SQLite library's version ("3.40.1"), for the bench's machine line */
const char *kefu_store_bench_sqlite_version (void);

G_END_DECLS
