/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-locks.h — looking at the database's locks and files from
 * outside: another descriptor, another program, what a crash leaves */
#pragma once

#include <fcntl.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef F_OFD_GETLK
#define F_OFD_GETLK 36   /* Linux's, without _GNU_SOURCE */
#endif

/* SQLite's lock bytes (os_unix.c): the database file's SHARED range, the
 * -shm's WAL write lock and its "dead man switch" every connection reads */
#define KEFU_TEST_PENDING_BYTE   0x40000000
#define KEFU_TEST_SHARED_FIRST   (KEFU_TEST_PENDING_BYTE + 2)
#define KEFU_TEST_SHARED_SIZE    510
#define KEFU_TEST_SHM_WRITE_LOCK 120
#define KEFU_TEST_SHM_DMS        128

/* What a lock request of @type over the range would meet, asked from a
 * descriptor of its own (an open file description lock, F_OFD_GETLK):
 * F_UNLCK when nothing is in the way. */
static inline short
kefu_test_lock_in_the_way (const char *path,
                           off_t       start,
                           off_t       len,
                           short       type)
{
  struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
  int fd = open (path, O_RDWR | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fcntl (fd, F_OFD_GETLK, &fl), ==, 0);
  close (fd);
  return fl.l_type;
}

/* Whether /proc/locks lists a read lock on @path's inode covering
 * @offset: read without opening @path, so without disturbing any lock. */
static inline gboolean
kefu_test_proc_lock (const char *path,
                     guint64     offset)
{
  g_autofree char *table = NULL;
  g_auto(GStrv) lines = NULL;
  struct stat st;

  if (stat (path, &st) != 0)
    return FALSE;
  g_assert_true (g_file_get_contents ("/proc/locks", &table, NULL, NULL));
  lines = g_strsplit (table, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* "3: OFDLCK ADVISORY  READ -1 fe:00:10954283 128 128" */
      g_auto(GStrv) f = g_strsplit_set (lines[i], " ", -1);
      const char *field[8];
      guint n = 0;

      for (guint j = 0; f[j] != NULL && n < G_N_ELEMENTS (field); j++)
        if (*f[j] != '\0')
          field[n++] = f[j];
      if (n < 8 || g_strcmp0 (field[3], "READ") != 0)
        continue;
      {
        g_autofree char *file = g_strdup_printf ("%02x:%02x:%" G_GUINT64_FORMAT, major (st.st_dev),
                                                 minor (st.st_dev), (guint64) st.st_ino);
        guint64 start = g_ascii_strtoull (field[6], NULL, 10);
        guint64 end = g_str_equal (field[7], "EOF") ? G_MAXUINT64 : g_ascii_strtoull (field[7], NULL, 10);

        if (g_str_equal (field[5], file) && start <= offset && offset <= end)
          return TRUE;
      }
    }
  return FALSE;
}

/* Whether the process that has @db open still holds its locks (as
 * /proc/locks shows them): the database's SHARED lock and the -shm's
 * read lock that every connection keeps. */
static inline gboolean
kefu_test_locks_held (const char *db)
{
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  return kefu_test_proc_lock (db, KEFU_TEST_SHARED_FIRST) && kefu_test_proc_lock (shm, KEFU_TEST_SHM_DMS);
}

static inline ino_t
kefu_test_inode (const char *path)
{
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  return st.st_ino;
}

/* Runs another program to its end (searched in $PATH); its exit status. */
static inline int
kefu_test_run (char       **out,
               char       **err,
               const char  *first,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;
  va_list args;

  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* One number from the sqlite3 shell: another program's view of the file. */
static inline gint64
kefu_test_shell_scalar (const char *path,
                        const char *sql)
{
  g_autofree char *out = NULL, *err = NULL;

  if (kefu_test_run (&out, &err, "sqlite3", path, sql, NULL) != 0)
    g_error ("sqlite3 %s: %s", sql, err);
  return g_ascii_strtoll (out, NULL, 10);
}

/* What a kill -9 of the process that has @db open leaves: the database
 * and its WAL (the -shm is rebuilt), copied into @dir; the copy's path. */
static inline char *
kefu_test_crash_copy (const char *db,
                      const char *dir)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  char *copy = g_build_filename (dir, "kefu.db", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  g_autoptr(GFile) from_db = g_file_new_for_path (db);
  g_autoptr(GFile) from_wal = g_file_new_for_path (wal);
  g_autoptr(GFile) to_db = g_file_new_for_path (copy);
  g_autoptr(GFile) to_wal = g_file_new_for_path (copy_wal);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_copy (from_db, to_db, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_true (g_file_copy (from_wal, to_wal, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return copy;
}

/* "ok" from the sqlite3 shell's integrity_check of @path */
static inline gboolean
kefu_test_shell_integrity_ok (const char *path)
{
  g_autofree char *out = NULL, *err = NULL;

  return kefu_test_run (&out, &err, "sqlite3", path, "PRAGMA integrity_check", NULL) == 0 &&
         g_strcmp0 (out, "ok\n") == 0;
}
