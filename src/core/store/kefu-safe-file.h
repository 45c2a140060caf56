/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-safe-file.h — a file the user chose, written whole or not at all
 *
 * Exports, reports, charts, exam papers and question banks are written to
 * a temporary file in the target's own folder (so the rename is atomic),
 * flushed to disk, and renamed over the target only when complete. A
 * failure at any point (a full disk, a damaged database, a cancel) removes
 * the temporary file and leaves whatever was at the target as it was: no
 * truncated file, no temporary file behind. A process killed outright
 * cannot remove its own: temporary files are named
 * .kefu-write-HOST-PID-XXXXXX, and the next write to that folder removes
 * those of this machine whose process is gone.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char *path;   /* the target (a symbolic link is followed to its file) */
  char *tmp;    /* the temporary file beside it, NULL once committed or aborted */
} KefuSafeFile;

/* Creates the (empty) temporary file. Errors are G_IO_ERROR; their
 * message is the reason alone, for the caller's "cannot be written: %s". */
gboolean       kefu_safe_file_begin        (KefuSafeFile  *file,
                                            const char    *path,
                                            GError       **error);
/* Appends to the temporary file (the caller closes the stream). */
GOutputStream *kefu_safe_file_open_stream  (KefuSafeFile  *file,
                                            GError       **error);
/* Flushes the temporary file to disk and renames it over the target;
 * on failure removes it. Either way @file is cleared. */
gboolean       kefu_safe_file_commit       (KefuSafeFile  *file,
                                            GError       **error);
/* Removes the temporary file; the target is untouched. Safe to call
 * after a commit or twice. */
void           kefu_safe_file_abort        (KefuSafeFile  *file);

/* Reads back the XLSX (a zip of XML parts) written to the temporary file
 * and checks that every part is whole: libxlsxwriter builds each part in
 * a temporary file of its own without checking those writes, so a full
 * disk gives a workbook with cut parts and no error. */
gboolean       kefu_safe_file_check_xlsx   (KefuSafeFile  *file,
                                            GError       **error);

/* The three steps for bytes already in memory. */
gboolean       kefu_safe_file_write        (const char    *path,
                                            const void    *data,
                                            gsize          length,
                                            GError       **error);

G_END_DECLS
