/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-backup-private.h — what the backup and restore files share
 *
 * kefu-backup.c: the settings and kefu_backup_write(); kefu-restore.c:
 * restore; kefu-backup-files.c: the backups' names, listing and
 * retention; kefu-backup-io.c: files, temporary files, compression and
 * the check of a database file, used by both directions.
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "kefu-backup.h"
#include "kefu-progress.h"

G_BEGIN_DECLS

#define BACKUP_PAGES_PER_STEP 1024      /* 4 MB at a time with 4 KB pages */
#define IO_CHUNK              (256 * 1024)
#define GZIP_LEVEL            1       /* about twice as fast as 6, 14% bigger */
#define GZ_SUFFIX             ".db.gz"

typedef struct {
  KefuProgressFunc  func;
  gpointer          data;
  double            from, to;    /* this step's part of the whole */
  const char       *message;
} Progress;

/* kefu-backup-io.c */
void      kefu_backup_set_errno_error    (GError       **error,
                                          int            saved_errno,
                                          const char    *path);
void      kefu_backup_set_sqlite_error   (GError       **error,
                                          sqlite3       *db,
                                          int            rc,
                                          const char    *path);
gboolean  kefu_backup_sqlite_ok          (int            rc,
                                          int            expected,
                                          sqlite3       *db,
                                          const char    *path,
                                          GError       **error);
gboolean  kefu_backup_sync_fd            (int            fd,
                                          const char    *path,
                                          GError       **error);
void      kefu_backup_sync_dir           (const char    *dir);
gboolean  kefu_backup_make_folder        (const char    *folder,
                                          GError       **error);
int       kefu_backup_make_temp          (const char    *dir,
                                          const char    *base,
                                          const char    *kind,
                                          char         **path_out,
                                          GError       **error);
void      kefu_backup_remove_stale_temps (const char    *dir);
void      kefu_backup_remove_sqlite_file (const char    *path);
void      kefu_backup_report             (Progress      *p,
                                          double         fraction);
gboolean  kefu_backup_convert_file       (int            in_fd,
                                          const char    *in_path,
                                          GConverter    *converter,
                                          int            out_fd,
                                          const char    *out_path,
                                          GChecksum     *sum_in,
                                          GChecksum     *sum_out,
                                          Progress      *progress,
                                          GCancellable  *cancellable,
                                          GError       **error);
gboolean  kefu_backup_check_database     (const char    *path,
                                          const char    *shown_as,
                                          int           *version,
                                          GError       **error);
gboolean  kefu_backup_copy_pages         (sqlite3       *src,
                                          const char    *src_path,
                                          const char    *path,
                                          const char    *shown_as,
                                          Progress      *progress,
                                          GCancellable  *cancellable,
                                          GError       **error);

/* kefu-backup-files.c */
char     *kefu_backup_db_stem            (const char    *db_path);

G_END_DECLS
