/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-backup.c — online backups and their settings
 *
 * Backup: SQLite's backup API copies the pages of one read snapshot (the
 * source connection holds a read transaction, so in WAL mode writers go on
 * and the copy never restarts) in chunks into a temporary file beside the
 * destination; the copy passes integrity_check, is gzip-compressed into a
 * second temporary file, which is read back and must decompress to the
 * same SHA-256, and only then is renamed into place. Temporary files are
 * hidden (".NAME.tmp-PID-XXXXXX") and removed on failure; those left by a
 * process that died are removed by the next run.
 *
 * Restore is in kefu-restore.c; names and retention in kefu-backup-files.c;
 * the file work both share in kefu-backup-io.c.
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

void
kefu_backup_file_free (KefuBackupFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->name);
  g_free (file);
}

/* Settings ----------------------------------------------------------------- */

/* $XDG_DATA_HOME/kefu/backups for the usual database; another file's go in
 * a folder of their own below it, so that two databases of the same name
 * never share (and prune) each other's backups. */
char *
kefu_backup_default_folder (const char *db_path)
{
  g_autofree char *base = g_build_filename (g_get_user_data_dir (), "kefu", "backups", NULL);
  g_autofree char *usual = g_build_filename (g_get_user_data_dir (), "kefu", "kefu.db", NULL);
  g_autofree char *absolute = g_canonicalize_filename (db_path, NULL);
  g_autofree char *usual_absolute = g_canonicalize_filename (usual, NULL);
  g_autofree char *hash = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *sub = NULL;

  if (g_str_equal (absolute, usual_absolute))
    return g_steal_pointer (&base);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, absolute, -1);
  stem = kefu_backup_db_stem (absolute);
  sub = g_strdup_printf ("%s-%.8s", stem, hash);
  return g_build_filename (base, sub, NULL);
}

char *
kefu_backup_get_folder (KefuStore *store)
{
  g_autofree char *folder = kefu_store_get_setting (store, "backup_folder");

  if (folder != NULL && *folder != '\0')
    return g_steal_pointer (&folder);
  return kefu_backup_default_folder (kefu_store_get_path (store));
}

/* The signed-in user must be an administrator (kefu-cli: --as LOGIN and
 * the PIN); with nobody signed in, nothing is changed. */
static gboolean
may_manage (KefuStore  *store,
            GError    **error)
{
  g_autoptr(KefuUser) user = NULL;

  if (!kefu_store_require_actor (store, error))
    return FALSE;
  user = kefu_desk_get_user (store, kefu_store_get_actor (store), NULL);
  if (!kefu_user_can (user, KEFU_PERMISSION_MANAGE_BACKUPS))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("Only administrators may change where and how much is backed up."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
save_setting (KefuStore   *store,
              const char  *key,
              const char  *value,
              GError     **error)
{
  g_autoptr(KefuTransaction) tx = kefu_transaction_begin (store, error);

  /* the one audit-append function: the entry joins the hash chain (kefu-audit.h) */
  if (tx == NULL ||
      !kefu_store_set_setting (store, key, value, error) ||
      !kefu_audit_append (store, kefu_store_get_actor (store), key, "settings", 0, value, error))
    return FALSE;
  return kefu_transaction_commit (tx, error);
}

/* @folder NULL or empty goes back to the default folder. The folder is
 * created if need be and must take a file. */
gboolean
kefu_backup_set_folder (KefuStore   *store,
                        const char  *folder,
                        GError     **error)
{
  g_autofree char *probe = NULL;
  int fd;

  if (!may_manage (store, error))
    return FALSE;
  if (folder == NULL || *folder == '\0')
    return save_setting (store, "backup_folder", NULL, error);
  if (!g_path_is_absolute (folder))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The backup folder must be a full path (starting with /), not “%s”."), folder);
      return FALSE;
    }
  if (!kefu_backup_make_folder (folder, error))
    return FALSE;
  fd = kefu_backup_make_temp (folder, "kefu-probe", "tmp", &probe, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  g_unlink (probe);
  return save_setting (store, "backup_folder", folder, error);
}

gint64
kefu_backup_get_budget (KefuStore *store)
{
  g_autofree char *value = kefu_store_get_setting (store, "backup_budget_mb");
  guint64 mb;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT32, &mb, NULL))
    mb = KEFU_BACKUP_DEFAULT_BUDGET_MB;
  return (gint64) mb * 1000 * 1000;
}

gboolean
kefu_backup_set_budget (KefuStore  *store,
                        gint64      megabytes,
                        GError    **error)
{
  g_autofree char *value = NULL;

  if (!may_manage (store, error))
    return FALSE;
  if (megabytes < 100 || megabytes > G_MAXINT32)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The space for backups is from 100 MB up, not %lld MB."), (long long) megabytes);
      return FALSE;
    }
  value = g_strdup_printf ("%" G_GINT64_FORMAT, megabytes);
  return save_setting (store, "backup_budget_mb", value, error);
}

/* Backup ------------------------------------------------------------------- */

gboolean
kefu_backup_write (KefuStore     *store,
                   const char    *dest,
                   KefuProgressFunc progress_func,
                   gpointer       progress_data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (dest);
  g_autofree char *base = g_path_get_basename (dest);
  g_autofree char *tmp_db = NULL;
  g_autofree char *tmp_gz = NULL;
  g_autoptr(GChecksum) sum_db = NULL;
  g_autoptr(GChecksum) sum_check = NULL;
  gboolean gz = g_str_has_suffix (dest, ".gz");
  Progress p = { progress_func, progress_data, 0, 0, NULL };
  int fd = -1, gz_fd = -1, version = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (KEFU_IS_STORE (store), FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  if (g_file_test (dest, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("“%s” is a folder: give the backup a file name."), dest);
      return FALSE;
    }
  if (!kefu_backup_make_folder (dir, error))
    return FALSE;
  kefu_backup_remove_stale_temps (dir);

  fd = kefu_backup_make_temp (dir, base, "tmp", &tmp_db, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  fd = -1;

  p.from = 0.0;
  p.to = gz ? 0.55 : 0.8;
  p.message = _("Copying the database");
  kefu_backup_report (&p, 0);
  if (!kefu_backup_copy_pages (kefu_store_get_db (store), kefu_store_get_path (store), tmp_db, dest, &p, cancellable, error))
    goto out;

  p.from = p.to;
  p.to = gz ? 0.7 : 1.0;
  p.message = _("Checking the copy");
  kefu_backup_report (&p, 0);
  if (!kefu_backup_check_database (tmp_db, dest, &version, error))
    {
      g_prefix_error (error, _("The backup was not kept: "));
      goto out;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  fd = g_open (tmp_db, O_RDONLY, 0);
  if (fd < 0)
    {
      kefu_backup_set_errno_error (error, errno, tmp_db);
      goto out;
    }
  if (!gz)
    {
      if (!kefu_backup_sync_fd (fd, dest, error))
        goto out;
      close (fd);
      fd = -1;
      if (g_rename (tmp_db, dest) != 0)
        {
          kefu_backup_set_errno_error (error, errno, dest);
          goto out;
        }
      g_clear_pointer (&tmp_db, g_free);
      kefu_backup_sync_dir (dir);
      kefu_backup_report (&p, 1);
      ok = TRUE;
      goto out;
    }

  /* compress, then read the result back */
  gz_fd = kefu_backup_make_temp (dir, base, "tmp", &tmp_gz, error);
  if (gz_fd < 0)
    goto out;
  p.from = p.to;
  p.to = 0.93;
  p.message = _("Compressing");
  sum_db = g_checksum_new (G_CHECKSUM_SHA256);
  {
    g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, GZIP_LEVEL);

    if (!kefu_backup_convert_file (fd, tmp_db, G_CONVERTER (compressor), gz_fd, dest, sum_db, NULL, &p, cancellable, error) ||
        !kefu_backup_sync_fd (gz_fd, dest, error))
      goto out;
  }
  close (fd);
  fd = -1;
  if (lseek (gz_fd, 0, SEEK_SET) != 0)
    {
      kefu_backup_set_errno_error (error, errno, dest);
      goto out;
    }
  p.from = p.to;
  p.to = 1.0;
  p.message = _("Checking the compressed file");
  sum_check = g_checksum_new (G_CHECKSUM_SHA256);
  {
    g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

    if (!kefu_backup_convert_file (gz_fd, dest, G_CONVERTER (decompressor), -1, NULL, NULL, sum_check, &p, cancellable, error))
      goto out;
  }
  if (g_strcmp0 (g_checksum_get_string (sum_db), g_checksum_get_string (sum_check)) != 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                   _("The compressed backup “%s” did not read back as it was written: "
                     "the disk may be failing. The backup was not kept."), dest);
      goto out;
    }
  close (gz_fd);
  gz_fd = -1;
  if (g_rename (tmp_gz, dest) != 0)
    {
      kefu_backup_set_errno_error (error, errno, dest);
      goto out;
    }
  g_clear_pointer (&tmp_gz, g_free);
  kefu_backup_sync_dir (dir);
  ok = TRUE;

out:
  if (fd >= 0)
    close (fd);
  if (gz_fd >= 0)
    close (gz_fd);
  kefu_backup_remove_sqlite_file (tmp_db);
  if (tmp_gz != NULL)
    g_unlink (tmp_gz);
  return ok;
}

char *
kefu_backup_run (KefuStore     *store,
                 const char    *folder,
                 gint64         now,
                 gint64         budget,
                 guint         *pruned,
                 KefuProgressFunc progress,
                 gpointer       progress_data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autofree char *name = kefu_backup_file_name (kefu_store_get_path (store), now, tz);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GPtrArray) files = NULL;
  g_autofree gboolean *keep = NULL;
  guint removed = 0;

  /* two backups in one second: "…+0800-2.db.gz" */
  for (guint i = 2; g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      g_autofree char *stem = g_strndup (name, strlen (name) - strlen (GZ_SUFFIX));
      g_free (path);
      path = g_strdup_printf ("%s%s%s-%u%s", folder, G_DIR_SEPARATOR_S, stem, i, GZ_SUFFIX);
    }
  if (!kefu_backup_write (store, path, progress, progress_data, cancellable, error))
    return NULL;

  files = kefu_backup_list (folder, kefu_store_get_path (store), NULL);
  if (files != NULL)
    {
      keep = kefu_backup_retain ((KefuBackupFile * const *) files->pdata, files->len, tz, budget);
      for (guint i = 0; i < files->len; i++)
        {
          KefuBackupFile *f = files->pdata[i];

          /* the file just made stays, whatever the clock did */
          if (!keep[i] && !g_str_equal (f->path, path) && g_unlink (f->path) == 0)
            removed++;
        }
    }
  if (pruned != NULL)
    *pruned = removed;
  return g_steal_pointer (&path);
}
