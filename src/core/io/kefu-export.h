/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-export.h — tickets to CSV (for other tools, and back) and XLSX (for people)
 *
 * CSV: UTF-8 with a BOM, CRLF, RFC 4180 quoting, English headers and
 * codes, local "YYYY-MM-DD HH:MM:SS" times: kefu_import_tickets() reads
 * it back without loss. XLSX: Chinese headers and values, real dates, a
 * frozen header row and a filter. Both are written row by row from one
 * statement, so any number of tickets fits; the file appears complete or
 * not at all, readable by its owner only (0600).
 *
 * Personal data is masked unless @full is asked for: the owner's name
 * (王*) and phone (138****5678), and mobile numbers inside descriptions and
 * comments. A full export needs KEFU_PERMISSION_EXPORT_PERSONAL for the
 * store's acting user. Every export is one audit entry. CSV text cells
 * that a spreadsheet would run as a formula get an apostrophe in front
 * (kefu-privacy.h); XLSX cells are always strings.
 */
#pragma once

#include "kefu-progress.h"
#include "kefu-desk.h"
#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_EXPORT_ERROR (kefu_export_error_quark ())

typedef enum {
  KEFU_EXPORT_ERROR_WRITE,      /* the file cannot be written */
  KEFU_EXPORT_ERROR_TOO_MANY,   /* more rows than a spreadsheet holds */
} KefuExportError;

typedef enum {
  KEFU_EXPORT_CSV,
  KEFU_EXPORT_XLSX,
} KefuExportFormat;

typedef struct {
  KefuExportFormat format;
  const char      *path;
  gint64           from;              /* created at or after, Unix seconds; 0 = from the start */
  gint64           to;                /* created before; 0 = up to now */
  gboolean         chinese_headers;   /* CSV: 工单号, 创建时间… instead of number, created_at… */
  const KefuTicketQuery *query;       /* only these tickets, in the query's order (the GUI's current list); NULL = all */
  gboolean         full;              /* names and phones in full (a right of its own, audited) */
} KefuExportOptions;

GQuark   kefu_export_error_quark   (void);

gint64   kefu_export_count_tickets (KefuStore                *store,
                                    const KefuExportOptions  *options,
                                    GError                  **error);
gboolean kefu_export_tickets       (KefuStore                *store,
                                    const KefuExportOptions  *options,
                                    KefuProgressFunc          progress,
                                    gpointer                  user_data,
                                    GCancellable             *cancellable,
                                    GError                  **error);

gboolean kefu_export_parse_date    (const char               *text,
                                    gint64                   *unix_utc);

G_END_DECLS
