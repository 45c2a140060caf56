/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bulk-rows.h — many rows of one table in few statements
 *
 * A bulk load (the sample generator, the CSV import) collects the rows of
 * one table here, value by value in column order, and writes them with
 * one INSERT … VALUES (…), (…), … of up to a few dozen rows: SQLite then
 * opens the table, its indexes and the parents its foreign keys name once
 * per statement instead of once per row (what the sqlite3 shell's
 * INSERT … SELECT saves). The rows get consecutive ids in the order they
 * were added, as they would one INSERT at a time; nothing else changes
 * (every constraint, index and foreign key is still checked row by row).
 *
 * On a server (PostgreSQL) another connection may draw ids in between, so
 * there each row is its own INSERT, as before.
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

typedef struct _KefuBulkRows KefuBulkRows;

/* @columns: "a, b, c" of @table; @n_columns values make a row. A
 * statement that fails leaves the rows written before it: the caller
 * rolls the whole load back. */
KefuBulkRows *kefu_bulk_rows_new           (KefuStore    *store,
                                            const char   *table,
                                            const char   *columns,
                                            guint         n_columns);
void          kefu_bulk_rows_free          (KefuBulkRows *rows);

void          kefu_bulk_rows_add_int       (KefuBulkRows *rows,
                                            gint64        value);
/* 0 or less: NULL (as kefu_query_bind_id) */
void          kefu_bulk_rows_add_id        (KefuBulkRows *rows,
                                            gint64        id);
/* copied; NULL: NULL */
void          kefu_bulk_rows_add_text      (KefuBulkRows *rows,
                                            const char   *text);
/* the same text for as long as the load runs (a literal): not copied */
void          kefu_bulk_rows_add_static    (KefuBulkRows *rows,
                                            const char   *text);
/* NULL or empty: NULL (as kefu_query_bind_text_or_null) */
void          kefu_bulk_rows_add_text_or_null (KefuBulkRows *rows,
                                               const char   *text);
void          kefu_bulk_rows_add_null      (KefuBulkRows *rows);

/* Rows one statement writes (1 on a server) */
guint         kefu_bulk_rows_per_statement (KefuBulkRows *rows);
/* Complete rows waiting to be written */
guint         kefu_bulk_rows_pending       (KefuBulkRows *rows);
/* Writes every complete row; @first_id (may be NULL): the id of the first
 * one written (the others follow it one by one), 0 when none was. */
gboolean      kefu_bulk_rows_flush         (KefuBulkRows *rows,
                                            gint64       *first_id,
                                            GError      **error);
/* Writes whole statements' rows only: the rest waits for the next flush.
 * Texts given with _add_text() are kept until a flush writes every row. */
gboolean      kefu_bulk_rows_flush_whole   (KefuBulkRows *rows,
                                            GError      **error);
/* Forgets the rows not yet written (the load is rolled back) */
void          kefu_bulk_rows_clear         (KefuBulkRows *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuBulkRows, kefu_bulk_rows_free)

G_END_DECLS
