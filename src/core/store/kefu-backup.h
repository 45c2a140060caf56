/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-backup.h — online backups of the database, their retention, restore
 *
 * A backup is a verified copy of the database taken with SQLite's online
 * backup API while Kefu keeps working, compressed with gzip and renamed
 * into place only once complete. Errors are KEFU_STORE_ERROR codes
 * (FULL, READ_ONLY, CORRUPT, NEWER_SCHEMA, LOCKED, NOT_A_DATABASE, …).
 *
 * No function here reads the clock: the time that names a backup or the
 * copy kept aside by a restore is a parameter (kefu_store_now (store)).
 */
#pragma once

#include <gio/gio.h>

#include "kefu-progress.h"
#include "kefu-store.h"

G_BEGIN_DECLS

/* What kefu_backup_run() keeps: every backup of the 24 hours before the
 * newest one, and the newest backup of each of the most recent 7 days,
 * 4 ISO weeks and 12 months that have one; then the oldest of those are
 * dropped until they fit the size budget. */
#define KEFU_BACKUP_KEEP_ALL_SECONDS (24 * 3600)
#define KEFU_BACKUP_KEEP_DAILY    7
#define KEFU_BACKUP_KEEP_WEEKLY   4
#define KEFU_BACKUP_KEEP_MONTHLY 12
/* The default size budget (MB of 1,000,000 bytes): about 23 compressed
 * copies of a 1M-ticket file and a day's extra ones */
#define KEFU_BACKUP_DEFAULT_BUDGET_MB 20000

typedef struct {
  char   *path;
  char   *name;    /* the file's name in the folder */
  gint64  time;    /* when it was made, Unix UTC (read from the name) */
  gint64  size;    /* bytes on disk */
} KefuBackupFile;

void        kefu_backup_file_free      (KefuBackupFile       *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuBackupFile, kefu_backup_file_free)

/* $XDG_DATA_HOME/kefu/backups for $XDG_DATA_HOME/kefu/kefu.db; for a
 * database elsewhere, a folder of its own below that: "center-1a2b3c4d" */
char       *kefu_backup_default_folder (const char           *db_path);
/* The folder the administrator chose (setting backup_folder) or the default */
char       *kefu_backup_get_folder     (KefuStore            *store);
gboolean    kefu_backup_set_folder     (KefuStore            *store,
                                        const char           *folder,
                                        GError              **error);
/* Setting backup_budget_mb (MB of 1,000,000 bytes), in bytes */
gint64      kefu_backup_get_budget     (KefuStore            *store);
gboolean    kefu_backup_set_budget     (KefuStore            *store,
                                        gint64                megabytes,
                                        GError              **error);

/* The backup file name for the database @db_path made at @now, in @tz:
 * "kefu-2026-12-06-153000+0800.db.gz" for kefu.db. */
char       *kefu_backup_file_name      (const char           *db_path,
                                        gint64                now,
                                        GTimeZone            *tz);
/* The time a backup file name of @db_path's carries, or -1 if it is not one */
gint64      kefu_backup_parse_name     (const char           *db_path,
                                        const char           *name);

/* @db_path's backups in @folder, newest first (a missing folder has none) */
GPtrArray  *kefu_backup_list           (const char           *folder,
                                        const char           *db_path,
                                        GError              **error);

/* Which of @files to keep (a pure function of their times and sizes):
 * returns n booleans. The newest file is always kept, even over the budget;
 * @budget <= 0 means no limit. Days, weeks and months are @tz's. */
gboolean   *kefu_backup_retain         (KefuBackupFile * const *files,
                                        guint                 n,
                                        GTimeZone            *tz,
                                        gint64                budget);

/* Copies the database of @store (use a connection of its own: the copy
 * reads one snapshot while others keep writing) to @dest: a gzip file if
 * @dest ends in ".gz", else a plain SQLite file. Written to a temporary
 * file beside @dest, checked with integrity_check, then renamed; 0600. */
gboolean    kefu_backup_write          (KefuStore            *store,
                                        const char           *dest,
                                        KefuProgressFunc      progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        GError              **error);

/* A backup into @folder named at @now, then the retention rules within
 * @budget bytes. Returns the new file's path; @pruned (optional) gets
 * how many old backups were removed. */
char       *kefu_backup_run            (KefuStore            *store,
                                        const char           *folder,
                                        gint64                now,
                                        gint64                budget,
                                        guint                *pruned,
                                        KefuProgressFunc      progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        GError              **error);

/* Restore, in two steps so a window can close its connections in between:
 * prepare decompresses @backup into a temporary file beside @db_path and
 * verifies it (integrity_check; a Kefu database; schema not newer than
 * this build); finish swaps it in. */
typedef struct _KefuRestore KefuRestore;

KefuRestore *kefu_restore_prepare      (const char           *backup,
                                        const char           *db_path,
                                        KefuProgressFunc      progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        GError              **error);
int          kefu_restore_get_schema_version (KefuRestore    *restore);
/* Refuses (KEFU_STORE_ERROR_LOCKED) while any connection, in this process
 * or another, has @db_path open. The current file, with its WAL folded
 * in, is kept as "DB.before-restore-YYYY-MM-DD-HHMMSS" (@now in local
 * time); @aside (optional) gets that path, or NULL if there was no file. */
gboolean     kefu_restore_finish       (KefuRestore          *restore,
                                        gint64                now,
                                        char                **aside,
                                        GError              **error);
/* Removes the temporary file if it was not used */
void         kefu_restore_free         (KefuRestore          *restore);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuRestore, kefu_restore_free)

/* Both steps */
gboolean     kefu_restore              (const char           *backup,
                                        const char           *db_path,
                                        gint64                now,
                                        char                **aside,
                                        KefuProgressFunc      progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        GError              **error);

G_END_DECLS
