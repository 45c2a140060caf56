/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-importer-private.h — inside the importer (io/kefu-import*.c)
 *
 * kefu-import.c runs an import: it reads the header (kefu-import-row.c),
 * loads what the database already has (kefu-import-lookup.c), and hands
 * each row to kefu-import-tickets.c or kefu-import-owners.c, all in one
 * transaction. The file formats are in kefu-import-format.c, the CSV
 * reader in kefu-import-csv.c, the report in kefu-import-report.c. Not for
 * the rest of Kefu: the column table shared with the exporter is in
 * kefu-import-private.h, the API in kefu-import.h.
 */
#pragma once


#include "kefu-import-private.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

G_BEGIN_DECLS

#define DEFAULT_ESTATE "默认项目"
/* Days from 0001-01-01 (GDate's Julian day 1) to 1970-01-01. */
#define JULIAN_UNIX_EPOCH 719163
#define DAY_SECONDS (24 * 3600)

typedef enum {
  OWNER_NAME,
  OWNER_PHONE,
  OWNER_ESTATE,
  OWNER_BUILDING,
  OWNER_UNIT,
  OWNER_RELATION,
  OWNER_TAGS,
  OWNER_PREFERRED_CHANNEL,
  OWNER_N_COLUMNS
} OwnerColumn;

/* What a value of a column may hold beyond its type: how many characters,
 * and whether tabs and line breaks are allowed (free text). Any other
 * control character is refused everywhere. */
typedef struct {
  guint    max_chars;   /* 0: DEFAULT_MAX_CHARS */
  gboolean multiline;
} ColumnRule;

#define DEFAULT_MAX_CHARS 64   /* codes, times, numbers: far longer than any good value */

/* Dates before this are taken for typing errors (1900-01-01, Excel's 0). */
#define OLDEST_DATE "2000-01-01 00:00"

#define RELATION_LIST KEFU_N_CODE_LISTS   /* not a KefuCodeList: only files have it */

struct _KefuImportReport
{
  GObject            parent_instance;

  KefuImportOutcome  outcome;
  const char        *encoding;
  guint              n_rows, n_good, n_bad, n_imported, n_skipped, n_matched;
  guint              created[KEFU_IMPORT_N_CREATED];
  GArray            *problems;   /* KefuImportProblem, owning its strings */
};

/* A kind of file the importer reads (kefu-import-format.c): its columns,
 * what each may hold, the columns every file of the kind must have, and
 * its entry in the audit log. */
typedef struct {
  const KefuColumnSpec *columns;
  const ColumnRule     *rules;
  guint                 n_columns;
  const int            *required;       /* ends with -1 */
  const char           *audit_action;   /* "import_tickets" */
  const char           *audit_target;   /* "tickets" */
} KefuImportFormat;

typedef struct {
  const KefuColumnSpec *specs;
  const ColumnRule     *rules;
  guint                 n_specs;
  int                  *field_column;   /* per field of the file: a spec index or -1 */
  guint                 n_fields;
  char                **header;         /* per spec: the file's own spelling, or NULL */
} Header;

typedef struct {
  gint64  id;
  char   *name;
} Owner;

typedef struct {
  KefuStore        *store;
  KefuImportReport *report;
  const char       *path;
  GTimeZone        *tz;
  GString          *key;          /* scratch for cache keys */
  GString          *scratch;      /* scratch for code lookups */
  gint64            now;
  gint64            oldest;       /* no time before OLDEST_DATE… */
  gint64            latest;       /* …nor more than a day after now */
  gboolean          masked;       /* a person on a server: no full phones (#20) */

  GHashTable *estates;            /* name → gint64* */
  guint       n_estates;          /* in the database, with those this import made */
  gint64      last_estate;
  GHashTable *buildings;          /* "estate\x1fname" → gint64* */
  GHashTable *units;              /* "building\x1fname" → gint64* */
  GPtrArray  *owners;             /* Owner*, owns them */
  GHashTable *owners_by_phone;    /* phone → Owner* */
  GHashTable *owners_by_unit;     /* "unit\x1fname" → Owner* */
  GHashTable *users;              /* name → gint64* */
  GHashTable *logins;             /* set */
  guint       next_login;
  GHashTable *teams;              /* name → gint64* */
  GHashTable *technicians;        /* "team\x1fname" → gint64* */
  GHashTable *technician_names;   /* name → gint64* (the first of that name) */
} Importer;

typedef struct {
  Importer   *im;
  Header     *h;
  guint       line;
  gboolean    bad;
  const char *v[KEFU_TICKET_N_COLUMNS];   /* stripped; "" when absent (owners use the first few) */
} Row;

G_STATIC_ASSERT ((int) KEFU_TICKET_N_COLUMNS >= (int) OWNER_N_COLUMNS);

/* An error of @column (-1: of the whole row); the row is not imported
 * (kefu-import-row.c). */
void kefu_import_row_problem (Row        *row,
                              int         column,
                              const char *format,
                              ...) G_GNUC_PRINTF (3, 4);

typedef struct {
  Importer   *im;
  char       *event_body;      /* "Imported from FILE" */
  gboolean    has_numbers;     /* the file has a number column */
  gboolean    db_has_tickets;  /* else numbers need no look-up in the database */
  GHashTable *file_numbers;    /* every number the file gives, for generated ones to avoid */
  GHashTable *seen;            /* number → first line (GUINT) */
  GHashTable *day_seq;         /* "YYYYMMDD" → next sequence (GUINT) */
  GArray     *ids;             /* the new tickets */
  GString    *phone;
  GString    *location;
  const char *path;
  /* the two INSERTs of every row: written as sets during the bulk
   * load (kefu_bulk_rows_new_keyed(); the events after their tickets),
   * row by row outside one (a server) */
  KefuBulkRows *tickets;
  KefuBulkRows *events;
} TicketImport;

/* kefu-import-format.c: the two kinds of file (the ticket columns are
 * in kefu-import-private.h, shared with the exporter), code names */
extern const KefuImportFormat kefu_import_ticket_format;
extern const KefuImportFormat kefu_import_owner_format;
void        kefu_import_normalize_key  (const char *text,
                                        GString    *out);
const char *kefu_import_parse_code     (guint       list,
                                        const char *text,
                                        GString    *scratch);
char       *kefu_import_allowed_values (guint       list);

/* kefu-import-report.c: adds a problem to the report; takes @message */
void kefu_import_report_add (KefuImportReport   *self,
                             guint               line,
                             const char         *column,
                             KefuImportSeverity  severity,
                             char               *message);

/* kefu-import-csv.c: a record of empty fields only */
gboolean kefu_csv_record_is_blank (KefuCsvReader *r);

/* kefu-import-row.c: the header, then each row's cells; a check that fails
 * adds a problem and marks the row bad */
void        kefu_import_header_clear   (Header                  *h);
gboolean    kefu_import_read_header    (KefuCsvReader           *r,
                                        const char              *path,
                                        const KefuImportFormat  *format,
                                        Header                  *h,
                                        KefuImportReport        *report,
                                        GError                 **error);
gboolean    kefu_import_require_column (Header                  *h,
                                        const char              *path,
                                        guint                    column,
                                        GError                 **error);
const char *kefu_import_column_name    (Header                  *h,
                                        guint                    column);
void        kefu_import_row_fill       (Row                     *row,
                                        KefuCsvReader           *r);
const char *kefu_import_row_code       (Row                     *row,
                                        int                      column,
                                        guint                    list);
gint64      kefu_import_row_time       (Row                     *row,
                                        int                      column);
gboolean    kefu_import_parse_int      (const char              *text,
                                        guint64                  min,
                                        guint64                  max,
                                        int                     *out);
const char *kefu_import_row_phone      (Row                     *row,
                                        int                      column,
                                        GString                 *buf);
void        kefu_import_row_require    (Row                     *row,
                                        int                      column);

/* kefu-import-lookup.c: the importer's caches and statements; each
 * ensure_* returns the id, looked up or created (0 on error) */
void      kefu_importer_clear             (Importer      *im);
gboolean  kefu_import_normalize_phone     (const char    *text,
                                           GString       *buf);
gboolean  kefu_importer_load              (Importer      *im,
                                           GError       **error);
gboolean  kefu_importer_step              (Importer      *im,
                                           KefuQuery  *stmt,
                                           GError       **error);
gint64    kefu_importer_insert            (Importer      *im,
                                           KefuQuery  *stmt,
                                           GError       **error);
gint64    kefu_importer_ensure_estate     (Importer      *im,
                                           const char    *name,
                                           GError       **error);
gint64    kefu_importer_ensure_building   (Importer      *im,
                                           gint64         estate,
                                           const char    *name,
                                           GError       **error);
gint64    kefu_importer_ensure_unit       (Importer      *im,
                                           gint64         building,
                                           const char    *name,
                                           GError       **error);
gboolean  kefu_importer_link_owner_unit   (Importer      *im,
                                           Owner         *owner,
                                           gint64         unit,
                                           const char    *relation,
                                           GError       **error);
gboolean  kefu_importer_find_owner        (Importer      *im,
                                           const char    *name,
                                           const char    *phone,
                                           gint64         unit,
                                           Owner        **owner,
                                           GError       **error);
Owner    *kefu_importer_create_owner      (Importer      *im,
                                           const char    *name,
                                           const char    *phone,
                                           const char    *preferred_channel,
                                           GError       **error);
gint64    kefu_importer_ensure_user       (Importer      *im,
                                           const char    *name,
                                           GError       **error);
gint64    kefu_importer_ensure_team       (Importer      *im,
                                           const char    *name,
                                           GError       **error);
gint64    kefu_importer_ensure_technician (Importer      *im,
                                           gint64         team,
                                           const char    *name,
                                           GError       **error);

/* kefu-import-tickets.c: one ticket row, inserted; FALSE only when the
 * database fails */
gboolean kefu_import_ticket_row (TicketImport  *ti,
                                 Row           *row,
                                 const char    *text,
                                 gsize          len,
                                 GError       **error);

/* kefu-import-owners.c: one owner row, inserted or added to its owner;
 * FALSE only when the database fails */
gboolean kefu_import_owner_row (Importer  *im,
                                Row       *row,
                                GString   *phone_buf,
                                GError   **error);

G_END_DECLS
