/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-backup-io.c — the file work of backup and restore
 *
 * Errors naming the file, durable writes, hidden temporary files,
 * compression with checksums, the check of a database file, and the copy
 * of one snapshot's pages.
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

/* Errors ------------------------------------------------------------------- */

void
kefu_backup_set_errno_error (GError     **error,
                             int          saved_errno,
                             const char  *path)
{
  switch (saved_errno)
    {
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
    case EFBIG:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_FULL,
                   _("“%s” could not be written: the disk is full or the file is larger than allowed (%s). "
                     "Nothing was changed; free some space and try again."),
                   path, g_strerror (saved_errno));
      break;
    case EACCES:
    case EPERM:
    case EROFS:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_READ_ONLY,
                   _("“%s” cannot be written (%s): choose a folder you may write to."),
                   path, g_strerror (saved_errno));
      break;
    case ENOENT:
    case ENOTDIR:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("“%s” cannot be reached (%s)."), path, g_strerror (saved_errno));
      break;
    default:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("“%s” could not be read or written (%s)."), path, g_strerror (saved_errno));
      break;
    }
}

/* An error of a connection to a file that is not the store's own */
void
kefu_backup_set_sqlite_error (GError     **error,
                              sqlite3     *db,
                              int          rc,
                              const char  *path)
{
  int sys = db != NULL ? sqlite3_system_errno (db) : 0;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      kefu_backup_set_errno_error (error, ENOSPC, path);
      break;
    case SQLITE_IOERR:
      if (sys == ENOSPC || sys == EFBIG
#ifdef EDQUOT
          || sys == EDQUOT
#endif
         )
        kefu_backup_set_errno_error (error, sys, path);
      else
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                     _("“%s” could not be read or written (%s)."), path,
                     sys != 0 ? g_strerror (sys) : sqlite3_errstr (rc));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      kefu_backup_set_errno_error (error, sys != 0 ? sys : EACCES, path);
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged (%s)."), path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED,
                   _("“%s” is in use by another program. Close it (or wait for it to finish) and try again."),
                   path);
      break;
    default:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL,
                   _("Database error in “%s”: %s."), path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    }
}

/* The one check of a call on such a connection: TRUE when @rc is what it
 * should give (@expected: SQLITE_OK, SQLITE_DONE), otherwise @error set
 * as kefu_backup_set_sqlite_error() sets it and FALSE. */
gboolean
kefu_backup_sqlite_ok (int          rc,
                       int          expected,
                       sqlite3     *db,
                       const char  *path,
                       GError     **error)
{
  if (rc == expected)
    return TRUE;
  kefu_backup_set_sqlite_error (error, db, rc, path);
  return FALSE;
}

static gboolean
write_all (int          fd,
           const void  *data,
           gsize        len,
           const char  *path,
           GError     **error)
{
  const char *p = data;

  while (len > 0)
    {
      gssize n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          kefu_backup_set_errno_error (error, n < 0 ? errno : ENOSPC, path);
          return FALSE;
        }
      p += n;
      len -= n;
    }
  return TRUE;
}

gboolean
kefu_backup_sync_fd (int          fd,
                     const char  *path,
                     GError     **error)
{
  if (fsync (fd) != 0)
    {
      kefu_backup_set_errno_error (error, errno, path);
      return FALSE;
    }
  return TRUE;
}

/* Makes a rename in @dir durable */
void
kefu_backup_sync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

gboolean
kefu_backup_make_folder (const char  *folder,
                         GError     **error)
{
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EEXIST || saved_errno == ENOTDIR)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                     _("The folder “%s” cannot be created: a file of that name is in the way."), folder);
      else
        kefu_backup_set_errno_error (error, saved_errno, folder);
      return FALSE;
    }
  return TRUE;
}

/* Temporary files ---------------------------------------------------------- */

/* A hidden temporary file "DIR/.BASE.KIND-PID-XXXXXX", 0600; its path in
 * @path_out. */
int
kefu_backup_make_temp (const char  *dir,
                       const char  *base,
                       const char  *kind,
                       char       **path_out,
                       GError     **error)
{
  g_autofree char *name = g_strdup_printf (".%s.%s-%d-XXXXXX", base, kind, (int) getpid ());
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int fd = g_mkstemp_full (path, O_RDWR, 0600);

  if (fd < 0)
    {
      kefu_backup_set_errno_error (error, errno, dir);
      return -1;
    }
  *path_out = g_steal_pointer (&path);
  return fd;
}

/* Removes the temporary files (and their SQLite side files) that a backup
 * or restore whose process is gone left in @dir. */
void
kefu_backup_remove_stale_temps (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      const char *mark = NULL;
      guint64 pid;
      char *end;

      if (name[0] != '.')
        continue;
      if ((mark = strstr (name, ".tmp-")) != NULL)
        mark += strlen (".tmp-");
      else if ((mark = strstr (name, ".restore-")) != NULL)
        mark += strlen (".restore-");
      else
        continue;
      pid = g_ascii_strtoull (mark, &end, 10);
      if (end == mark || *end != '-' || pid == 0 || pid > G_MAXINT)
        continue;
      if ((pid_t) pid == getpid () || kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    }
  g_dir_close (d);
}

void
kefu_backup_remove_sqlite_file (const char *path)
{
  static const char * const sides[] = { "", "-journal", "-wal", "-shm", NULL };

  if (path == NULL)
    return;
  for (guint i = 0; sides[i] != NULL; i++)
    {
      g_autofree char *side = g_strconcat (path, sides[i], NULL);
      g_unlink (side);
    }
}

/* Compression -------------------------------------------------------------- */

void
kefu_backup_report (Progress *p,
                    double    fraction)
{
  if (p->func != NULL)
    p->func (p->from + (p->to - p->from) * CLAMP (fraction, 0.0, 1.0), p->message, p->data);
}

/* Runs @in_fd through @converter (NULL: a plain copy) into @out_fd (-1:
 * nowhere); @sum (optional) gets the SHA-256 of the data that went in or
 * came out. Returns FALSE with @error set; a converter's error means the
 * input is damaged and is reported about @in_path. */
gboolean
kefu_backup_convert_file (int            in_fd,
                          const char    *in_path,
                          GConverter    *converter,
                          int            out_fd,
                          const char    *out_path,
                          GChecksum     *sum_in,
                          GChecksum     *sum_out,
                          Progress      *progress,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *in = g_malloc (IO_CHUNK);
  g_autofree char *out = g_malloc (IO_CHUNK);
  GStatBuf st;
  gint64 total = 0, done = 0;
  gboolean at_end = FALSE, finished = FALSE;

  if (fstat (in_fd, &st) == 0)
    total = st.st_size;
  while (!finished)
    {
      gssize n = 0;
      gsize off = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!at_end)
        {
          do
            n = read (in_fd, in, IO_CHUNK);
          while (n < 0 && errno == EINTR);
          if (n < 0)
            {
              kefu_backup_set_errno_error (error, errno, in_path);
              return FALSE;
            }
          at_end = n == 0;
          done += n;
          if (sum_in != NULL && n > 0)
            g_checksum_update (sum_in, (const guchar *) in, n);
        }
      if (converter == NULL)
        {
          if (n > 0 && out_fd >= 0 && !write_all (out_fd, in, n, out_path, error))
            return FALSE;
          if (sum_out != NULL && n > 0)
            g_checksum_update (sum_out, (const guchar *) in, n);
          finished = at_end;
        }
      /* feed all of this chunk; at the end, until the converter finishes */
      while (converter != NULL && (off < (gsize) n || at_end))
        {
          gsize bytes_read = 0, bytes_written = 0;
          g_autoptr(GError) conv_error = NULL;
          GConverterResult res = g_converter_convert (converter, in + off, n - off, out, IO_CHUNK,
                                                      at_end ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                                      &bytes_read, &bytes_written, &conv_error);

          if (res == G_CONVERTER_ERROR)
            {
              if (g_error_matches (conv_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
                g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                             _("“%s” is damaged: it ends too early (cut off while it was written or copied)."),
                             in_path);
              else
                g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                             _("“%s” is damaged (%s)."), in_path, conv_error->message);
              return FALSE;
            }
          off += bytes_read;
          if (bytes_written > 0)
            {
              if (out_fd >= 0 && !write_all (out_fd, out, bytes_written, out_path, error))
                return FALSE;
              if (sum_out != NULL)
                g_checksum_update (sum_out, (const guchar *) out, bytes_written);
            }
          if (res == G_CONVERTER_FINISHED)
            {
              finished = TRUE;
              break;
            }
        }
      if (finished && converter != NULL && !at_end && off == (gsize) n)
        {
          char extra;

          do
            n = read (in_fd, &extra, 1);
          while (n < 0 && errno == EINTR);
          at_end = n == 0;
        }
      if (finished && !at_end && converter != NULL)
        {
          /* a gzip member ended before the file did */
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                       _("“%s” is damaged: it has data after its end."), in_path);
          return FALSE;
        }
      if (total > 0)
        kefu_backup_report (progress, (double) done / total);
    }
  return TRUE;
}

/* Verifying a database file ------------------------------------------------ */

/* integrity_check, a Kefu database, and its schema version in @version */
gboolean
kefu_backup_check_database (const char  *path,
                            const char  *shown_as,
                            int         *version,
                            GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc, kefu_tables = 0;
  gboolean ok = FALSE;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (!kefu_backup_sqlite_ok (rc, SQLITE_OK, db, shown_as, error))
    goto out;
  sqlite3_extended_result_codes (db, 1);
  rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0 && problems->len < 400)
        g_string_append_printf (problems, "%s%s", problems->len > 0 ? "; " : "", line);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if ((rc & 0xff) == SQLITE_NOTADB)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Kefu backup: it holds no SQLite database."), shown_as);
      goto out;
    }
  if (!kefu_backup_sqlite_ok (rc, SQLITE_DONE, db, shown_as, error))
    goto out;
  if (problems->len > 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged: it failed SQLite’s integrity check (%s)."), shown_as, problems->str);
      goto out;
    }

  if (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                              "AND name IN ('users', 'tickets', 'settings')), "
                              "(SELECT user_version FROM pragma_user_version)", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      kefu_tables = sqlite3_column_int (stmt, 0);
      *version = sqlite3_column_int (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (kefu_tables != 3 || *version < 1)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is a SQLite database but not a Kefu one."), shown_as);
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_close_v2 (db);
  return ok;
}

/* Pages of one snapshot of @src into the empty file @path */
gboolean
kefu_backup_copy_pages (sqlite3       *src,
                        const char    *src_path,
                        const char    *path,
                        const char    *shown_as,
                        Progress      *progress,
                        GCancellable  *cancellable,
                        GError       **error)
{
  sqlite3 *dst = NULL;
  sqlite3_backup *b;
  gboolean began = FALSE, ok = FALSE;
  int rc;

  /* one read snapshot for the whole copy */
  if (sqlite3_get_autocommit (src))
    {
      rc = sqlite3_exec (src, "BEGIN; SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
      if (!kefu_backup_sqlite_ok (rc, SQLITE_OK, src, src_path, error))
        {
          sqlite3_exec (src, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      began = TRUE;
    }

  rc = sqlite3_open_v2 (path, &dst, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (dst, 1);
      /* a temporary file: synced once, at the end */
      rc = sqlite3_exec (dst, "PRAGMA synchronous = OFF; PRAGMA journal_mode = OFF", NULL, NULL, NULL);
    }
  if (!kefu_backup_sqlite_ok (rc, SQLITE_OK, dst, shown_as, error))
    goto out;
  b = sqlite3_backup_init (dst, "main", src, "main");
  if (b == NULL)
    {
      kefu_backup_set_sqlite_error (error, dst, sqlite3_errcode (dst), shown_as);
      goto out;
    }
  do
    {
      int total;

      rc = sqlite3_backup_step (b, BACKUP_PAGES_PER_STEP);
      total = sqlite3_backup_pagecount (b);
      if (total > 0)
        kefu_backup_report (progress, (double) (total - sqlite3_backup_remaining (b)) / total);
      if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        g_usleep (20000);
      if (g_cancellable_is_cancelled (cancellable))
        break;
    }
  while (rc == SQLITE_OK || (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED);
  sqlite3_backup_finish (b);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  /* a failed read is the source's problem, a failed write the copy's */
  if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                   _("The database “%s” is damaged (%s): it cannot be backed up. "
                     "Restore it from an earlier backup."), src_path, sqlite3_errstr (rc));
      goto out;
    }
  if (!kefu_backup_sqlite_ok (rc, SQLITE_DONE, dst, shown_as, error))
    goto out;
  /* a self-contained file: no WAL when it is opened */
  rc = sqlite3_exec (dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (!kefu_backup_sqlite_ok (rc, SQLITE_OK, dst, shown_as, error))
    goto out;
  ok = TRUE;

out:
  if (dst != NULL)
    {
      rc = sqlite3_close (dst);
      if (ok && !kefu_backup_sqlite_ok (rc, SQLITE_OK, NULL, shown_as, error))
        ok = FALSE;
    }
  if (began)
    sqlite3_exec (src, "COMMIT", NULL, NULL, NULL);
  return ok;
}
