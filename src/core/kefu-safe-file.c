/* kefu-safe-file.c — a file the user chose, written whole or not at all
 * (see kefu-safe-file.h)
 *
 * GIO's g_file_replace() is not enough on its own: when the target does
 * not exist yet it writes the target itself, so a failure half-way leaves
 * a truncated file there.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kefu-safe-file.h"

static gboolean
errno_error (GError **error,
             int      saved_errno)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
  return FALSE;
}

static void
clear (KefuSafeFile *file)
{
  g_clear_pointer (&file->path, g_free);
  g_clear_pointer (&file->tmp, g_free);
}

gboolean
kefu_safe_file_begin (KefuSafeFile  *file,
                      const char    *path,
                      GError       **error)
{
  g_autofree char *target = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *tmp = NULL;
  GStatBuf st;
  gboolean exists;
  int fd;

  g_return_val_if_fail (file != NULL && path != NULL, FALSE);
  file->path = file->tmp = NULL;

  exists = g_stat (path, &st) == 0;
  if (exists && !S_ISREG (st.st_mode))
    {
      /* never rename over a device, a pipe or a folder */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("it is not a regular file"));
      return FALSE;
    }
  if (exists && g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      char *real = realpath (path, NULL);
      if (real == NULL)
        return errno_error (error, errno);
      target = g_strdup (real);
      free (real);
    }
  else
    target = g_strdup (path);

  folder = g_path_get_dirname (target);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("the folder “%s” does not exist"), folder);
      return FALSE;
    }
  tmp = g_build_filename (folder, ".kefu-write-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);   /* the umask applies, as to any new file */
  if (fd < 0)
    return errno_error (error, errno);
  if (exists)
    (void) fchmod (fd, st.st_mode & 07777);   /* a replaced file keeps its permissions */
  close (fd);

  file->path = g_steal_pointer (&target);
  file->tmp = g_steal_pointer (&tmp);
  return TRUE;
}

GOutputStream *
kefu_safe_file_open_stream (KefuSafeFile  *file,
                            GError       **error)
{
  g_autoptr(GFile) tmp = NULL;

  g_return_val_if_fail (file != NULL && file->tmp != NULL, NULL);
  tmp = g_file_new_for_path (file->tmp);
  return G_OUTPUT_STREAM (g_file_append_to (tmp, G_FILE_CREATE_NONE, NULL, error));
}

gboolean
kefu_safe_file_commit (KefuSafeFile  *file,
                       GError       **error)
{
  g_autofree char *folder = NULL;
  int fd, saved_errno = 0;

  g_return_val_if_fail (file != NULL && file->tmp != NULL, FALSE);

  /* On disk before it takes the target's name: after a crash the target
   * is the old file or the whole new one. */
  fd = g_open (file->tmp, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fsync (fd) != 0)
    saved_errno = errno;
  if (fd >= 0)
    close (fd);
  if (saved_errno == 0 && g_rename (file->tmp, file->path) != 0)
    saved_errno = errno;
  if (saved_errno != 0)
    {
      kefu_safe_file_abort (file);
      return errno_error (error, saved_errno);
    }

  /* the rename itself, as far as the folder can be flushed */
  folder = g_path_get_dirname (file->path);
  fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      (void) fsync (fd);
      close (fd);
    }
  clear (file);
  return TRUE;
}

void
kefu_safe_file_abort (KefuSafeFile *file)
{
  g_return_if_fail (file != NULL);
  if (file->tmp != NULL)
    g_unlink (file->tmp);
  clear (file);
}

gboolean
kefu_safe_file_write (const char  *path,
                      const void  *data,
                      gsize        length,
                      GError     **error)
{
  KefuSafeFile file;
  int fd;
  gsize done = 0;

  if (!kefu_safe_file_begin (&file, path, error))
    return FALSE;
  fd = g_open (file.tmp, O_WRONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      kefu_safe_file_abort (&file);
      return errno_error (error, saved_errno);
    }
  while (done < length)
    {
      gssize n = write (fd, (const char *) data + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = n < 0 ? errno : ENOSPC;
          close (fd);
          kefu_safe_file_abort (&file);
          return errno_error (error, saved_errno);
        }
      done += n;
    }
  if (close (fd) != 0)
    {
      int saved_errno = errno;
      kefu_safe_file_abort (&file);
      return errno_error (error, saved_errno);
    }
  return kefu_safe_file_commit (&file, error);
}
