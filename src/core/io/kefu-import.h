/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import.h — tickets and owners from CSV files (Excel, other systems)
 *
 * A file is UTF-8 (with or without the BOM Excel writes) or GB18030 (what
 * Chinese Excel saves as "CSV"); headers are English or Chinese, in any
 * order; values are the database's English codes or their Chinese names.
 * Every problem is reported with its line and column. By default a file
 * with any bad row imports nothing: it is one transaction. A dry run does
 * all the work and rolls it back, so its report is an exact preview.
 */
#pragma once

#include "kefu-progress.h"
#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_IMPORT_ERROR (kefu_import_error_quark ())

typedef enum {
  KEFU_IMPORT_ERROR_READ,       /* the file cannot be read */
  KEFU_IMPORT_ERROR_ENCODING,   /* the bytes are not text in the expected encoding */
  KEFU_IMPORT_ERROR_MALFORMED,  /* not CSV: e.g. a quoted field that never ends */
  KEFU_IMPORT_ERROR_HEADER,     /* empty file, a required column missing or given twice */
} KefuImportError;

typedef enum {
  KEFU_IMPORT_ENCODING_AUTO,    /* UTF-8 if the bytes are valid UTF-8, else GB18030 */
  KEFU_IMPORT_ENCODING_UTF8,
  KEFU_IMPORT_ENCODING_GB18030,
} KefuImportEncoding;

typedef struct {
  KefuImportEncoding encoding;
  gboolean           skip_bad;   /* import the good rows when some are bad */
  gboolean           dry_run;    /* check everything, write nothing */
} KefuImportOptions;

typedef enum {
  KEFU_IMPORT_OUTCOME_IMPORTED,  /* committed: every row, or the good ones with skip_bad */
  KEFU_IMPORT_OUTCOME_REFUSED,   /* bad rows and no skip_bad: nothing was written */
  KEFU_IMPORT_OUTCOME_DRY_RUN,   /* nothing was written; the counts say what would be */
} KefuImportOutcome;

typedef enum {
  KEFU_IMPORT_SEVERITY_ERROR,    /* the row cannot be imported */
  KEFU_IMPORT_SEVERITY_WARNING,  /* noted; the import goes on (e.g. an unknown column) */
} KefuImportSeverity;

typedef struct {
  guint              line;       /* physical line in the file; the header is line 1 */
  const char        *column;     /* the header as the file spells it, or NULL for the row */
  const char        *message;    /* translated, without the line and column */
  KefuImportSeverity severity;
} KefuImportProblem;

/* What an import created (or, in a dry run or a refused import, would create). */
typedef enum {
  KEFU_IMPORT_CREATED_ESTATES,
  KEFU_IMPORT_CREATED_BUILDINGS,
  KEFU_IMPORT_CREATED_UNITS,
  KEFU_IMPORT_CREATED_OWNERS,
  KEFU_IMPORT_CREATED_USERS,
  KEFU_IMPORT_CREATED_TEAMS,
  KEFU_IMPORT_CREATED_TECHNICIANS,
  KEFU_IMPORT_N_CREATED
} KefuImportCreated;

#define KEFU_TYPE_IMPORT_REPORT (kefu_import_report_get_type ())
G_DECLARE_FINAL_TYPE (KefuImportReport, kefu_import_report, KEFU, IMPORT_REPORT, GObject)

GQuark              kefu_import_error_quark          (void);

KefuImportReport   *kefu_import_tickets              (KefuStore                *store,
                                                      const char               *path,
                                                      const KefuImportOptions  *options,
                                                      KefuProgressFunc          progress,
                                                      gpointer                  user_data,
                                                      GCancellable             *cancellable,
                                                      GError                  **error);
KefuImportReport   *kefu_import_owners               (KefuStore                *store,
                                                      const char               *path,
                                                      const KefuImportOptions  *options,
                                                      KefuProgressFunc          progress,
                                                      gpointer                  user_data,
                                                      GCancellable             *cancellable,
                                                      GError                  **error);

KefuImportOutcome   kefu_import_report_get_outcome   (KefuImportReport  *self);
const char         *kefu_import_report_get_encoding  (KefuImportReport  *self);
guint               kefu_import_report_get_n_rows    (KefuImportReport  *self);
guint               kefu_import_report_get_n_good    (KefuImportReport  *self);
guint               kefu_import_report_get_n_bad     (KefuImportReport  *self);
guint               kefu_import_report_get_n_imported (KefuImportReport *self);
guint               kefu_import_report_get_n_skipped (KefuImportReport  *self);
guint               kefu_import_report_get_n_matched (KefuImportReport  *self);
guint               kefu_import_report_get_n_created (KefuImportReport  *self,
                                                      KefuImportCreated  what);
guint               kefu_import_report_get_n_problems (KefuImportReport *self);
const KefuImportProblem *
                    kefu_import_report_get_problem   (KefuImportReport  *self,
                                                      guint              index);
char               *kefu_import_problem_format       (const KefuImportProblem *problem);

G_END_DECLS
