/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-locks.c — SQLite's file locks that no other descriptor can drop
 *
 * SQLite's unix VFS locks the database and its -shm with POSIX record
 * locks (fcntl F_SETLK). Those belong to the process, and closing *any*
 * descriptor of the file in the process drops all of them: a GTK file
 * chooser that peeks at kefu.db-shm in the database's folder silently
 * unlocks Kefu, and the next sqlite3 client deletes the WAL under it.
 *
 * Linux's open-file-description (OFD) locks belong to an open file
 * description instead: only closing the last descriptor of *that*
 * description releases them. But OFD locks taken through two different
 * descriptions conflict even inside one process, and SQLite counts its
 * locks per process (unixInodeInfo: a second connection's SHARED lock is
 * only a counter, its last unlock may come through another connection's
 * descriptor). Plain OFD locks therefore deadlock two connections of one
 * process in rollback-journal mode and keep the last connection from
 * cleaning up the WAL (tests/test-store.c proves both work here).
 *
 * So every lock call for one file goes through one description per
 * process: a private dup() of the first SQLite descriptor that locks the
 * file, kept until SQLite closes its last descriptor of that file. Inside
 * the process that is exactly the one-owner semantics SQLite's accounting
 * expects; outside it, nothing but SQLite's own close can release it. OFD
 * and POSIX locks conflict with each other, so other programs (the
 * sqlite3 shell, kefu-cli, backups) are excluded as before.
 *
 * The wrapper replaces the unix VFS's "fcntl" and "close" system calls
 * (sqlite3_vfs.xSetSystemCall), once per process, before the first
 * connection opens.
 */
#define _GNU_SOURCE   /* F_OFD_SETLK, O_TMPFILE */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kefu-locks.h"

#if defined(F_OFD_SETLK) && defined(F_OFD_SETLKW) && defined(F_OFD_GETLK)
#define HAVE_OFD_LOCKS 1
#endif

#ifdef HAVE_OFD_LOCKS

typedef int (*FcntlFunc) (int, int, ...);
typedef int (*CloseFunc) (int);

typedef struct {
  dev_t dev;
  ino_t ino;
  int   fd;      /* ours: a dup of the first SQLite descriptor that locked */
  guint users;   /* SQLite's descriptors of this file that have locked */
} LockFile;

static FcntlFunc   real_fcntl;
static CloseFunc   real_close;
static GMutex      files_mutex;
static GHashTable *by_fd;      /* SQLite's descriptor → LockFile */
static GPtrArray  *files;      /* every LockFile (a handful: the db and its -shm) */
static gboolean    installed;

/* The one descriptor of @fd's file that takes this process's locks; -1
 * with errno set when the file cannot be identified. */
static int
lock_fd_for (int fd)
{
  LockFile *lf;
  struct stat st;
  int lock_fd = -1;

  g_mutex_lock (&files_mutex);
  lf = g_hash_table_lookup (by_fd, GINT_TO_POINTER (fd));
  if (lf == NULL)
    {
      if (fstat (fd, &st) != 0)
        goto out;
      for (guint i = 0; i < files->len && lf == NULL; i++)
        {
          LockFile *candidate = files->pdata[i];
          if (candidate->dev == st.st_dev && candidate->ino == st.st_ino)
            lf = candidate;
        }
      if (lf == NULL)
        {
          /* Above 2, like SQLite's own: never stdin/stdout/stderr. */
          int dup_fd = real_fcntl (fd, F_DUPFD_CLOEXEC, 3);

          if (dup_fd < 0)
            goto out;
          lf = g_new0 (LockFile, 1);
          lf->dev = st.st_dev;
          lf->ino = st.st_ino;
          lf->fd = dup_fd;
          g_ptr_array_add (files, lf);
        }
      lf->users++;
      g_hash_table_insert (by_fd, GINT_TO_POINTER (fd), lf);
    }
  lock_fd = lf->fd;

out:
  g_mutex_unlock (&files_mutex);
  return lock_fd;
}

static int
kefu_locks_fcntl (int fd,
                  int cmd,
                  ...)
{
  va_list ap;
  void *arg;

  /* like glibc's fcntl(): the optional argument is read as a pointer */
  va_start (ap, cmd);
  arg = va_arg (ap, void *);
  va_end (ap);

  if (cmd == F_SETLK || cmd == F_SETLKW || cmd == F_GETLK)
    {
      struct flock *caller = arg;
      struct flock lock = *caller;
      int ofd_cmd = cmd == F_SETLK ? F_OFD_SETLK : cmd == F_SETLKW ? F_OFD_SETLKW : F_OFD_GETLK;
      int lock_fd = lock_fd_for (fd);
      int rc;

      if (lock_fd < 0)
        return -1;
      lock.l_pid = 0;   /* required by the OFD commands; SQLite leaves it unset */
      rc = real_fcntl (lock_fd, ofd_cmd, &lock);
      if (rc == 0 && cmd == F_GETLK)
        *caller = lock;
      return rc;
    }
  return real_fcntl (fd, cmd, arg);
}

static int
kefu_locks_close (int fd)
{
  LockFile *gone = NULL;

  g_mutex_lock (&files_mutex);
  {
    LockFile *lf = g_hash_table_lookup (by_fd, GINT_TO_POINTER (fd));

    if (lf != NULL)
      {
        g_hash_table_remove (by_fd, GINT_TO_POINTER (fd));
        /* SQLite keeps a descriptor open while it holds any lock on the
         * file (unixInodeInfo.pUnused), so its last one going means no
         * lock is left to keep. */
        if (--lf->users == 0)
          {
            g_ptr_array_remove_fast (files, lf);
            gone = lf;
          }
      }
  }
  g_mutex_unlock (&files_mutex);

  if (gone != NULL)
    {
      int saved_errno = errno;

      real_close (gone->fd);
      g_free (gone);
      errno = saved_errno;
    }
  return real_close (fd);
}

/* F_OFD_GETLK works here (Linux 3.15 and later, on this file system). */
static gboolean
ofd_supported (void)
{
  struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
  int fd = open (g_get_tmp_dir (), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  gboolean ok;

  if (fd < 0)
    fd = open ("/dev/null", O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return TRUE;   /* cannot tell: the first lock would say */
  ok = fcntl (fd, F_OFD_GETLK, &lock) == 0;
  close (fd);
  return ok;
}

void
kefu_locks_install (void)
{
  static gsize once = 0;

  if (!g_once_init_enter (&once))
    return;
  {
    sqlite3_vfs *vfs = sqlite3_vfs_find (NULL);

    if (vfs == NULL || vfs->iVersion < 3 || vfs->xSetSystemCall == NULL ||
        !g_str_equal (vfs->zName, "unix"))
      g_warning ("SQLite's default file system is not the unix one: the database's locks are POSIX locks");
    else if (!ofd_supported ())
      g_warning ("This system has no open-file-description locks: the database's locks are POSIX locks");
    else
      {
        real_fcntl = (FcntlFunc) vfs->xGetSystemCall (vfs, "fcntl");
        real_close = (CloseFunc) vfs->xGetSystemCall (vfs, "close");
        by_fd = g_hash_table_new (g_direct_hash, g_direct_equal);
        files = g_ptr_array_new ();
        if (real_fcntl != NULL && real_close != NULL &&
            vfs->xSetSystemCall (vfs, "close", (sqlite3_syscall_ptr) kefu_locks_close) == SQLITE_OK &&
            vfs->xSetSystemCall (vfs, "fcntl", (sqlite3_syscall_ptr) kefu_locks_fcntl) == SQLITE_OK)
          installed = TRUE;
        else
          {
            vfs->xSetSystemCall (vfs, "close", (sqlite3_syscall_ptr) real_close);
            g_warning ("Cannot replace SQLite's locking calls: the database's locks are POSIX locks");
          }
      }
  }
  g_once_init_leave (&once, 1);
}

gboolean
kefu_locks_installed (void)
{
  return installed;
}

#else  /* !HAVE_OFD_LOCKS */

void
kefu_locks_install (void)
{
}

gboolean
kefu_locks_installed (void)
{
  return FALSE;
}

#endif
