/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-restore.c — restoring a backup
 *
 * Restore: the backup is decompressed beside the database and checked
 * before anything is touched. The swap needs the database to itself: the
 * current file's WAL is folded in (journal_mode=DELETE, which SQLite
 * refuses while any other connection has the file open), an exclusive
 * lock is held across the swap, the current file is kept under a second
 * name (a hard link) and the new one renamed over it: at no moment is
 * there no database, or a database with another file's -wal or -shm.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kefu-audit.h"
#include "kefu-backup.h"
#include "kefu-backup-private.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-query.h"
#include "kefu-store-private.h"
#include "kefu-user.h"

/* Restore ------------------------------------------------------------------ */

struct _KefuRestore {
  char *backup;
  char *db_path;
  char *tmp;        /* the verified copy, until it is moved in */
  int   version;
};

void
kefu_restore_free (KefuRestore *restore)
{
  if (restore == NULL)
    return;
  kefu_backup_remove_sqlite_file (restore->tmp);
  g_free (restore->tmp);
  g_free (restore->backup);
  g_free (restore->db_path);
  g_free (restore);
}

int
kefu_restore_get_schema_version (KefuRestore *restore)
{
  return restore->version;
}

/* A plain SQLite file (perhaps with its own -wal): through the backup API */
static gboolean
copy_plain_backup (const char    *backup,
                   const char    *tmp,
                   Progress      *progress,
                   GCancellable  *cancellable,
                   GError       **error)
{
  sqlite3 *src = NULL;
  int rc = sqlite3_open_v2 (backup, &src, SQLITE_OPEN_READONLY, NULL);
  gboolean ok;

  if (!kefu_backup_sqlite_ok (rc, SQLITE_OK, src, backup, error))
    {
      sqlite3_close_v2 (src);
      return FALSE;
    }
  sqlite3_extended_result_codes (src, 1);
  ok = kefu_backup_copy_pages (src, backup, tmp, tmp, progress, cancellable, error);
  sqlite3_close_v2 (src);
  if (!ok && error != NULL && *error != NULL &&
      ((*error)->code == KEFU_STORE_ERROR_CORRUPT || (*error)->code == KEFU_STORE_ERROR_SQL))
    {
      g_clear_error (error);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged and cannot be restored."), backup);
    }
  return ok;
}

KefuRestore *
kefu_restore_prepare (const char    *backup,
                      const char    *db_path,
                      KefuProgressFunc progress_func,
                      gpointer       progress_data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(KefuRestore) restore = g_new0 (KefuRestore, 1);
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *base = g_path_get_basename (db_path);
  Progress p = { progress_func, progress_data, 0.0, 0.7, _("Reading the backup") };
  guchar magic[16] = { 0 };
  gssize n;
  int in_fd, out_fd;

  restore->backup = g_strdup (backup);
  restore->db_path = g_strdup (db_path);

  in_fd = g_open (backup, O_RDONLY, 0);
  if (in_fd < 0 || g_file_test (backup, G_FILE_TEST_IS_DIR))
    {
      int saved_errno = in_fd < 0 ? errno : EISDIR;

      if (in_fd >= 0)
        close (in_fd);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("The backup “%s” cannot be read (%s). Nothing was changed."), backup, g_strerror (saved_errno));
      return NULL;
    }
  n = read (in_fd, magic, sizeof magic);
  if (n != (gssize) sizeof magic ||
      (!(magic[0] == 0x1f && magic[1] == 0x8b) && memcmp (magic, "SQLite format 3", 16) != 0))
    {
      close (in_fd);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Kefu backup (neither a compressed backup nor a SQLite database). "
                     "Nothing was changed."), backup);
      return NULL;
    }
  if (!kefu_backup_make_folder (dir, error))
    {
      close (in_fd);
      return NULL;
    }
  kefu_backup_remove_stale_temps (dir);
  out_fd = kefu_backup_make_temp (dir, base, "restore", &restore->tmp, error);
  if (out_fd < 0)
    {
      close (in_fd);
      return NULL;
    }

  kefu_backup_report (&p, 0);
  if (magic[0] == 0x1f)
    {
      g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      gboolean ok = lseek (in_fd, 0, SEEK_SET) == 0 &&
                    kefu_backup_convert_file (in_fd, backup, G_CONVERTER (decompressor), out_fd, db_path, NULL, NULL,
                                  &p, cancellable, error) &&
                    kefu_backup_sync_fd (out_fd, db_path, error);

      close (in_fd);
      close (out_fd);
      if (!ok)
        return NULL;
    }
  else
    {
      close (in_fd);
      close (out_fd);
      if (!copy_plain_backup (backup, restore->tmp, &p, cancellable, error))
        return NULL;
    }

  /* a backup of a file in WAL mode: self-contained, like ours */
  {
    sqlite3 *db = NULL;

    if (sqlite3_open_v2 (restore->tmp, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
      sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    sqlite3_close_v2 (db);
  }

  p.from = 0.7;
  p.to = 1.0;
  p.message = _("Checking the backup");
  kefu_backup_report (&p, 0);
  if (!kefu_backup_check_database (restore->tmp, backup, &restore->version, error))
    {
      g_prefix_error (error, _("Nothing was changed: "));
      return NULL;
    }
  if (restore->version > KEFU_SCHEMA_VERSION)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NEWER_SCHEMA,
                   _("The backup “%s” was made by a newer version of Kefu (schema %d; this version "
                     "understands up to %d). Nothing was changed; update Kefu to restore it."),
                   backup, restore->version, KEFU_SCHEMA_VERSION);
      return NULL;
    }
  kefu_backup_report (&p, 1);
  return g_steal_pointer (&restore);
}

static void
set_in_use_error (GError     **error,
                  const char  *db_path)
{
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED,
               _("The database “%s” is open in another program (Kefu, or kefu-cli run by hand or by a timer). "
                 "Close it and try again; nothing was changed."), db_path);
}

/* For a file SQLite cannot read: does another process hold a lock on
 * SQLite's lock bytes of @db_path, or on its -shm? */
static gboolean
locked_by_another_process (const char *db_path)
{
  static const struct { const char *suffix; off_t start, len; } regions[] = {
    { "", 0x40000000, 512 },     /* PENDING, RESERVED and SHARED bytes */
    { "-shm", 120, 9 },          /* the WAL index's locks and DMS byte */
  };

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      g_autofree char *path = g_strconcat (db_path, regions[i].suffix, NULL);
      struct flock fl = { 0 };
      int fd = g_open (path, O_RDWR, 0);
      gboolean held;

      if (fd < 0)
        continue;
      fl.l_type = F_WRLCK;
      fl.l_whence = SEEK_SET;
      fl.l_start = regions[i].start;
      fl.l_len = regions[i].len;
      held = fcntl (fd, F_GETLK, &fl) != 0 || fl.l_type != F_UNLCK;
      close (fd);
      if (held)
        return TRUE;
    }
  return FALSE;
}

/* Folds the WAL into @db_path and holds it exclusively in @out. FALSE
 * with @damaged set if SQLite cannot read the file at all. */
static gboolean
take_database (const char  *db_path,
               sqlite3    **out,
               gboolean    *damaged,
               GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  *damaged = FALSE;
  *out = NULL;

  /* SQLite refuses to leave WAL mode while any other connection, in this
   * process or another, has the file open; the WAL's pages go into the
   * file and the -wal goes. */
  rc = sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_stmt *stmt = NULL;

      sqlite3_extended_result_codes (db, 1);
      sqlite3_busy_timeout (db, 2000);
      rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = DELETE", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          rc = sqlite3_step (stmt);
          /* a mode that could not change is returned unchanged */
          if (rc == SQLITE_ROW)
            rc = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "delete") == 0
                 ? SQLITE_OK : SQLITE_BUSY;
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close_v2 (db);
  db = NULL;
  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
    {
      *damaged = TRUE;
      return FALSE;
    }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      set_in_use_error (error, db_path);
      return FALSE;
    }
  if (!kefu_backup_sqlite_ok (rc, SQLITE_OK, NULL, db_path, error))
    return FALSE;

  /* An exclusive lock, kept until this connection closes, without a
   * journal file of its own. */
  rc = sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, 1);
      sqlite3_busy_timeout (db, 2000);
      rc = sqlite3_exec (db, "PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = MEMORY; "
                             "BEGIN EXCLUSIVE; COMMIT", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        set_in_use_error (error, db_path);
      else
        kefu_backup_set_sqlite_error (error, db, rc, db_path);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  *out = db;
  return TRUE;
}

static char *
aside_path (const char *db_path,
            gint64      now)
{
  g_autofree char *when = kefu_format_time (now, "%Y-%m-%d-%H%M%S");
  char *path = g_strdup_printf ("%s.before-restore-%s", db_path, when);

  for (guint i = 2; g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      g_free (path);
      path = g_strdup_printf ("%s.before-restore-%s-%u", db_path, when, i);
    }
  return path;
}

gboolean
kefu_restore_finish (KefuRestore  *restore,
                     gint64        now,
                     char        **aside_out,
                     GError      **error)
{
  g_autofree char *dir = g_path_get_dirname (restore->db_path);
  g_autofree char *aside = NULL;
  sqlite3 *held = NULL;
  gboolean damaged = FALSE;

  g_return_val_if_fail (restore->tmp != NULL, FALSE);

  if (aside_out != NULL)
    *aside_out = NULL;
  if (g_file_test (restore->db_path, G_FILE_TEST_EXISTS))
    {
      if (g_file_test (restore->db_path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                       _("“%s” is a folder, not a database file."), restore->db_path);
          return FALSE;
        }
      if (!take_database (restore->db_path, &held, &damaged, error))
        {
          if (!damaged)
            return FALSE;
          /* SQLite cannot read it: ask the kernel who holds it */
          if (locked_by_another_process (restore->db_path))
            {
              set_in_use_error (error, restore->db_path);
              return FALSE;
            }
        }
      aside = aside_path (restore->db_path, now);

      if (damaged)
        {
          /* keep what a damaged file had, its WAL beside it */
          g_autofree char *wal = g_strconcat (restore->db_path, "-wal", NULL);
          g_autofree char *aside_wal = g_strconcat (aside, "-wal", NULL);

          if (g_file_test (wal, G_FILE_TEST_EXISTS) && g_rename (wal, aside_wal) != 0)
            {
              kefu_backup_set_errno_error (error, errno, aside_wal);
              return FALSE;
            }
        }
      else
        {
          /* nothing of the old file may stay for the new one to pick up */
          static const char * const sides[] = { "-wal", "-shm", "-journal", NULL };

          for (guint i = 0; sides[i] != NULL; i++)
            {
              g_autofree char *side = g_strconcat (restore->db_path, sides[i], NULL);

              if (g_unlink (side) != 0 && errno != ENOENT)
                {
                  kefu_backup_set_errno_error (error, errno, side);
                  sqlite3_close_v2 (held);
                  return FALSE;
                }
            }
        }
      {
        g_autofree char *shm = g_strconcat (restore->db_path, "-shm", NULL);
        g_unlink (shm);
      }

      /* the audit log's anchor belongs to the file going aside (kefu-audit.h):
       * it goes with it; the restored file's log is anchored anew */
      {
        g_autofree char *anchor = g_strconcat (restore->db_path, ".audit-anchor", NULL);
        g_autofree char *aside_anchor = g_strconcat (aside, ".audit-anchor", NULL);

        if (g_file_test (anchor, G_FILE_TEST_EXISTS) && g_rename (anchor, aside_anchor) != 0)
          {
            kefu_backup_set_errno_error (error, errno, aside_anchor);
            sqlite3_close_v2 (held);
            return FALSE;
          }
      }

      /* keep the current file under a second name, then swap */
      if (link (restore->db_path, aside) != 0)
        {
          if (g_rename (restore->db_path, aside) != 0)
            {
              kefu_backup_set_errno_error (error, errno, aside);
              sqlite3_close_v2 (held);
              return FALSE;
            }
        }
    }
  if (g_rename (restore->tmp, restore->db_path) != 0)
    {
      kefu_backup_set_errno_error (error, errno, restore->db_path);
      sqlite3_close_v2 (held);
      return FALSE;
    }
  g_clear_pointer (&restore->tmp, g_free);
  kefu_backup_sync_dir (dir);
  sqlite3_close_v2 (held);
  if (aside_out != NULL)
    *aside_out = g_steal_pointer (&aside);
  return TRUE;
}

gboolean
kefu_restore (const char    *backup,
              const char    *db_path,
              gint64         now,
              char         **aside,
              KefuProgressFunc progress,
              gpointer       progress_data,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(KefuRestore) restore = kefu_restore_prepare (backup, db_path, progress, progress_data,
                                                         cancellable, error);

  return restore != NULL && kefu_restore_finish (restore, now, aside, error);
}
