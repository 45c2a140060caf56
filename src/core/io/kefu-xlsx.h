/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-xlsx.h — an XLSX workbook written whole or not at all
 *
 * What every workbook Kefu writes (the monthly report, item statistics,
 * a cohort's report, the tickets' export) shares: libxlsxwriter writes into a temporary file beside the target
 * (kefu-safe-file.h); closing it checks that every part is whole and
 * renames it over the target, or removes it and leaves the target as it
 * was. Errors are the caller's domain and code, with the file's name.
 */
#pragma once

#include <glib.h>
#include <xlsxwriter.h>

#include "kefu-safe-file.h"

G_BEGIN_DECLS

typedef struct {
  KefuSafeFile  file;
  lxw_workbook *book;
  char         *path;     /* as the caller named it, for the messages */
  GQuark        domain;   /* the caller's error domain and code */
  int           code;
} KefuXlsx;

typedef enum {
  KEFU_XLSX_DEFAULT = 0,
  KEFU_XLSX_LARGE   = 1 << 0,   /* constant memory: rows written in order, of any number */
  KEFU_XLSX_PRIVATE = 1 << 1,   /* the file readable by its owner only (0600): personal data */
} KefuXlsxFlags;

/* Starts a workbook for @path; NULL after setting @error. */
lxw_workbook *kefu_xlsx_begin      (KefuXlsx           *xlsx,
                                    const char         *path,
                                    GQuark              domain,
                                    int                 code,
                                    GError            **error);
lxw_workbook *kefu_xlsx_begin_with (KefuXlsx           *xlsx,
                                    const char         *path,
                                    KefuXlsxFlags       flags,
                                    GQuark              domain,
                                    int                 code,
                                    GError            **error);
/* Closes the workbook, checks it and puts it in place; on failure the
 * temporary file is removed. Either way @xlsx is done with. */
gboolean      kefu_xlsx_commit     (KefuXlsx           *xlsx,
                                    GError            **error);
/* Gives the workbook up (a failed read, a cancel): closed, the temporary
 * file removed, the target left as it was. */
void          kefu_xlsx_abort      (KefuXlsx           *xlsx);
/* One row of a table from column 0: @cells up to their NULL, as text,
 * except the columns whose bit is set in @numbers (KEFU_XLSX_NUMBER (c)
 * for column c < 64), written as numbers so the sheet can sort and chart
 * them. An empty cell is left blank (with @format) or unwritten. */
#define KEFU_XLSX_NUMBER(c) (G_GUINT64_CONSTANT (1) << (c))
void          kefu_xlsx_write_row  (lxw_worksheet      *sheet,
                                    lxw_row_t           row,
                                    char *const        *cells,
                                    guint64             numbers,
                                    lxw_format         *format);

G_END_DECLS
