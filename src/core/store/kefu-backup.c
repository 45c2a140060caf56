/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-backup.c — online backups, retention and restore
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

void
kefu_backup_file_free (KefuBackupFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->name);
  g_free (file);
}

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

/* Names -------------------------------------------------------------------- */

/* "kefu" for kefu.db, "center.sqlite" for center.sqlite */
char *
kefu_backup_db_stem (const char *db_path)
{
  g_autofree char *base = g_path_get_basename (db_path);

  if (g_str_has_suffix (base, ".db") && strlen (base) > 3)
    base[strlen (base) - 3] = '\0';
  return g_steal_pointer (&base);
}

char *
kefu_backup_file_name (const char *db_path,
                       gint64      now,
                       GTimeZone  *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autofree char *stem = kefu_backup_db_stem (db_path);
  g_autofree char *when = g_date_time_format (local, "%Y-%m-%d-%H%M%S%z");

  return g_strdup_printf ("%s-%s%s", stem, when, GZ_SUFFIX);
}

static gboolean
take_digits (const char **p,
             int          n,
             int         *out)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

gint64
kefu_backup_parse_name (const char *db_path,
                        const char *name)
{
  g_autofree char *stem = kefu_backup_db_stem (db_path);
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) dt = NULL;
  const char *p = name;
  int y, mo, d, h, mi, s, oh, om, sign;

  if (!g_str_has_prefix (p, stem) || p[strlen (stem)] != '-')
    return -1;
  p += strlen (stem) + 1;
  if (!take_digits (&p, 4, &y) || *p++ != '-' || !take_digits (&p, 2, &mo) || *p++ != '-' ||
      !take_digits (&p, 2, &d) || *p++ != '-' || !take_digits (&p, 2, &h) ||
      !take_digits (&p, 2, &mi) || !take_digits (&p, 2, &s))
    return -1;
  if (*p != '+' && *p != '-')
    return -1;
  sign = *p++ == '+' ? 1 : -1;
  if (!take_digits (&p, 2, &oh) || !take_digits (&p, 2, &om) || oh > 14 || om > 59)
    return -1;
  if (*p == '-')   /* a second backup in the same second: "-2" */
    {
      const char *digits = ++p;

      while (g_ascii_isdigit (*p))
        p++;
      if (p == digits)
        return -1;
    }
  if (!g_str_equal (p, GZ_SUFFIX))
    return -1;
  tz = g_time_zone_new_offset (sign * (oh * 3600 + om * 60));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
    return -1;
  dt = g_date_time_new (tz, y, mo, d, h, mi, s);
  if (dt == NULL || g_date_time_get_day_of_month (dt) != d)
    return -1;
  return g_date_time_to_unix (dt);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const KefuBackupFile *fa = *(KefuBackupFile * const *) a;
  const KefuBackupFile *fb = *(KefuBackupFile * const *) b;

  if (fa->time != fb->time)
    return fa->time < fb->time ? 1 : -1;
  return -g_strcmp0 (fa->name, fb->name);
}

GPtrArray *
kefu_backup_list (const char  *folder,
                  const char  *db_path,
                  GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_backup_file_free);
  GDir *dir;
  const char *name;
  GError *local = NULL;

  dir = g_dir_open (folder, 0, &local);
  if (dir == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_error_free (local);
          return g_steal_pointer (&files);
        }
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("The backup folder “%s” cannot be read: %s"), folder, local->message);
      g_error_free (local);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gint64 time = kefu_backup_parse_name (db_path, name);
      g_autofree char *path = NULL;
      GStatBuf st;
      KefuBackupFile *file;

      if (time < 0)
        continue;
      path = g_build_filename (folder, name, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      file = g_new0 (KefuBackupFile, 1);
      file->path = g_steal_pointer (&path);
      file->name = g_strdup (name);
      file->time = time;
      file->size = st.st_size;
      g_ptr_array_add (files, file);
    }
  g_dir_close (dir);
  g_ptr_array_sort (files, compare_newest_first);
  return g_steal_pointer (&files);
}

/* Retention ---------------------------------------------------------------- */

typedef enum { PERIOD_DAY, PERIOD_WEEK, PERIOD_MONTH } Period;

static gint64
period_key (gint64     time,
            GTimeZone *tz,
            Period     period)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);
  g_autoptr(GDateTime) dt = g_date_time_to_timezone (utc, tz);

  switch (period)
    {
    case PERIOD_DAY:
      return (gint64) g_date_time_get_year (dt) * 10000 + g_date_time_get_month (dt) * 100 +
             g_date_time_get_day_of_month (dt);
    case PERIOD_WEEK:   /* ISO 8601: 2027-01-03 is in week 53 of 2026 */
      return (gint64) g_date_time_get_week_numbering_year (dt) * 100 + g_date_time_get_week_of_year (dt);
    case PERIOD_MONTH:
    default:
      return (gint64) g_date_time_get_year (dt) * 100 + g_date_time_get_month (dt);
    }
}

static int
compare_index_newest_first (gconstpointer a,
                            gconstpointer b,
                            gpointer      data)
{
  KefuBackupFile * const *files = data;
  KefuBackupFile *fa = files[*(const guint *) a];
  KefuBackupFile *fb = files[*(const guint *) b];

  if (fa->time != fb->time)
    return fa->time < fb->time ? 1 : -1;
  return -g_strcmp0 (fa->name, fb->name);
}

gboolean *
kefu_backup_retain (KefuBackupFile * const *files,
                    guint                   n,
                    GTimeZone              *tz,
                    gint64                  budget)
{
  static const struct { Period period; guint count; } rules[] = {
    { PERIOD_DAY, KEFU_BACKUP_KEEP_DAILY },
    { PERIOD_WEEK, KEFU_BACKUP_KEEP_WEEKLY },
    { PERIOD_MONTH, KEFU_BACKUP_KEEP_MONTHLY },
  };
  gboolean *keep = g_new0 (gboolean, MAX (n, 1));
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  gint64 total = 0;

  if (n == 0)
    return keep;
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_index_newest_first, (gpointer) files);

  /* the newest of each of the most recent periods that have a backup */
  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      gint64 last = G_MININT64;
      guint taken = 0;

      for (guint i = 0; i < n && taken < rules[r].count; i++)
        {
          gint64 key = period_key (files[order[i]]->time, tz, rules[r].period);

          if (key == last)
            continue;
          last = key;
          keep[order[i]] = TRUE;
          taken++;
        }
    }
  /* everything of the newest backup's last 24 hours: a backup made after a
   * mistake does not push out the one from before it */
  for (guint i = 0; i < n; i++)
    if (files[order[0]]->time - files[i]->time < KEFU_BACKUP_KEEP_ALL_SECONDS)
      keep[i] = TRUE;

  /* within the budget: the oldest go first, never the newest */
  if (budget > 0)
    {
      for (guint i = 0; i < n; i++)
        if (keep[i])
          total += files[i]->size;
      for (guint i = n - 1; i > 0 && total > budget; i--)
        if (keep[order[i]])
          {
            keep[order[i]] = FALSE;
            total -= files[order[i]]->size;
          }
    }
  return keep;
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
  if (rc != SQLITE_OK)
    {
      kefu_backup_set_sqlite_error (error, db, rc, shown_as);
      goto out;
    }
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
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_NOTADB)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_A_DATABASE,
                     _("“%s” is not a Kefu backup: it holds no SQLite database."), shown_as);
      else
        kefu_backup_set_sqlite_error (error, db, rc, shown_as);
      goto out;
    }
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

/* Backup ------------------------------------------------------------------- */

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
      if (rc != SQLITE_OK)
        {
          kefu_backup_set_sqlite_error (error, src, rc, src_path);
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
  if (rc != SQLITE_OK)
    {
      kefu_backup_set_sqlite_error (error, dst, rc, shown_as);
      goto out;
    }
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
  if (rc != SQLITE_DONE)
    {
      /* a failed read is the source's problem, a failed write the copy's */
      if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                     _("The database “%s” is damaged (%s): it cannot be backed up. "
                       "Restore it from an earlier backup."), src_path, sqlite3_errstr (rc));
      else
        kefu_backup_set_sqlite_error (error, dst, rc, shown_as);
      goto out;
    }
  /* a self-contained file: no WAL when it is opened */
  rc = sqlite3_exec (dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      kefu_backup_set_sqlite_error (error, dst, rc, shown_as);
      goto out;
    }
  ok = TRUE;

out:
  if (dst != NULL)
    {
      rc = sqlite3_close (dst);
      if (ok && rc != SQLITE_OK)
        {
          kefu_backup_set_sqlite_error (error, NULL, rc, shown_as);
          ok = FALSE;
        }
    }
  if (began)
    sqlite3_exec (src, "COMMIT", NULL, NULL, NULL);
  return ok;
}

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

  if (rc != SQLITE_OK)
    {
      kefu_backup_set_sqlite_error (error, src, rc, backup);
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
  if (rc != SQLITE_OK)
    {
      kefu_backup_set_sqlite_error (error, NULL, rc, db_path);
      return FALSE;
    }

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
