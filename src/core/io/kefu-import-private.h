/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import-private.h — the ticket file format, shared by import and export
 *
 * One table says which columns a ticket file has, how they are called in
 * English and in Chinese and what their values are; the importer reads
 * by it and the exporter writes by it, so the two cannot drift apart.
 */
#pragma once

#include "kefu-enums.h"
#include "kefu-import.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_COLUMN_TEXT,
  KEFU_COLUMN_TIME,      /* Unix seconds; local "YYYY-MM-DD HH:MM:SS" in files */
  KEFU_COLUMN_CODE,      /* one of a KefuCodeList */
  KEFU_COLUMN_LEVEL,     /* 1–3 */
  KEFU_COLUMN_COUNT,     /* a whole number ≥ 0 */
  KEFU_COLUMN_SCORE,     /* 1–5 */
} KefuColumnType;

typedef struct {
  const char     *name;      /* the English header, as exported */
  const char     *chinese;   /* the Chinese header, as exported */
  const char     *aliases;   /* other accepted headers, "|"-separated, or NULL */
  KefuColumnType  type;
  KefuCodeList    list;      /* for KEFU_COLUMN_CODE */
  double          width;     /* spreadsheet column width, in characters */
} KefuColumnSpec;

typedef enum {
  KEFU_TICKET_NUMBER,
  KEFU_TICKET_CREATED_AT,
  KEFU_TICKET_CHANNEL,
  KEFU_TICKET_KIND,
  KEFU_TICKET_SUBTYPE,
  KEFU_TICKET_LEVEL,
  KEFU_TICKET_ESTATE,
  KEFU_TICKET_BUILDING,
  KEFU_TICKET_UNIT,
  KEFU_TICKET_LOCATION,
  KEFU_TICKET_OWNER_NAME,
  KEFU_TICKET_OWNER_PHONE,
  KEFU_TICKET_DESCRIPTION,
  KEFU_TICKET_STATUS,
  KEFU_TICKET_AGENT,
  KEFU_TICKET_TEAM,
  KEFU_TICKET_TECHNICIAN,
  KEFU_TICKET_FIRST_RESPONSE_AT,
  KEFU_TICKET_DISPATCHED_AT,
  KEFU_TICKET_ACCEPTED_AT,
  KEFU_TICKET_ARRIVED_AT,
  KEFU_TICKET_RESOLVED_AT,
  KEFU_TICKET_CLOSED_AT,
  KEFU_TICKET_SATISFACTION,
  KEFU_TICKET_REOPEN_COUNT,
  /* Beyond the list, so an export keeps the whole history. */
  KEFU_TICKET_FOLLOWED_UP_AT,
  KEFU_TICKET_CANCELLED_AT,
  KEFU_TICKET_HOLD_REASON,
  KEFU_TICKET_CANCEL_REASON,
  KEFU_TICKET_FOLLOWUP_COMMENT,
  KEFU_TICKET_N_COLUMNS
} KefuTicketColumn;

extern const KefuColumnSpec kefu_ticket_columns[KEFU_TICKET_N_COLUMNS];

/* The Chinese name spreadsheets get for a code, whatever the locale
 * ("on_hold" → "挂起"); the code itself when it has none. */
const char *kefu_import_chinese_name  (KefuCodeList  list,
                                       const char   *code);

/* Unix seconds ↔ local wall-clock time, without allocating. */
gboolean    kefu_import_parse_time    (const char   *text,
                                       GTimeZone    *local,
                                       gint64       *unix_utc);
void        kefu_export_format_time   (gint64        unix_utc,
                                       GTimeZone    *local,
                                       char          out[20]);
gint64      kefu_export_local_seconds (gint64        unix_utc,
                                       GTimeZone    *local);

/* Reading CSV files, for every importer of the core (tickets, owners,
 * question banks). */

/* The file as UTF-8 without a BOM; *encoding_out says what it was
 * ("UTF-8" or "GB18030"). AUTO takes UTF-8 when the bytes are valid UTF-8. */
char       *kefu_import_load_text     (const char          *path,
                                       KefuImportEncoding   encoding,
                                       const char         **encoding_out,
                                       gsize               *length_out,
                                       GError             **error);
/* Strips ASCII space and the full-width and no-break spaces, in place. */
char       *kefu_import_strip         (char                *s);
/* The first control character of @text (C0, DEL, C1; with @multiline,
 * tab and line feed are allowed) and its position in characters from 1;
 * 0 when there is none. */
gunichar    kefu_import_find_control  (const char          *text,
                                       gboolean             multiline,
                                       glong               *position);

/* An RFC 4180 reader over the whole text: quotes, doubled quotes, commas
 * and newlines inside quotes, CRLF or LF. Lenient where Excel is: a quote
 * inside an unquoted field is kept as it is. */
typedef struct {
  const char *p;
  const char *end;
  guint       line;      /* physical line at p */
  GString    *buf;       /* the fields, each NUL-terminated */
  GArray     *offsets;   /* guint: where each field starts in buf */
} KefuCsvReader;

void        kefu_csv_init             (KefuCsvReader  *r,
                                       const char     *text,
                                       gsize           len);
void        kefu_csv_clear            (KefuCsvReader  *r);
/* One record; FALSE at the end of the text or on error (*error set);
 * *line is the physical line the record starts on. */
gboolean    kefu_csv_next             (KefuCsvReader  *r,
                                       const char     *path,
                                       guint          *line,
                                       GError        **error);

static inline guint
kefu_csv_n_fields (KefuCsvReader *r)
{
  return r->offsets->len;
}

static inline char *
kefu_csv_field (KefuCsvReader *r,
                guint          i)
{
  return r->buf->str + g_array_index (r->offsets, guint, i);
}

G_END_DECLS
