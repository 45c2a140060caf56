/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include <string.h>
#include <stdlib.h>
#include <signal.h>
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

/* ".kefu-write-HOST-": the temporary files of this machine's processes */
static char *
host_prefix (void)
{
  g_autofree char *host = g_strdup (g_get_host_name ());

  /* a host name is letters, digits, dots and dashes: make it one word */
  g_strcanon (host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.", '_');
  return g_strdup_printf (".kefu-write-%s-", host);
}

/* Removes the temporary files in @folder that a process of this machine
 * left when it was killed mid-write (kill -9, a power cut): their process
 * is gone. Another machine's (a shared folder) and a live process's are
 * left alone; a PID taken again since only keeps a file a while longer. */
static void
sweep_orphans (const char *folder)
{
  g_autofree char *prefix = host_prefix ();
  const char *name;
  GDir *dir;

  dir = g_dir_open (folder, 0, NULL);
  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      const char *rest;
      char *end = NULL;
      gint64 pid;

      if (!g_str_has_prefix (name, prefix))
        continue;
      rest = name + strlen (prefix);
      pid = g_ascii_strtoll (rest, &end, 10);
      if (end == rest || *end != '-' || strlen (end + 1) != 6 || pid <= 0 || pid > G_MAXINT)
        continue;
      if (kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);
        GStatBuf st;

        /* only a regular file of one's own */
        if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == getuid ())
          (void) g_unlink (path);
      }
    }
  g_dir_close (dir);
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
  sweep_orphans (folder);
  {
    g_autofree char *prefix = host_prefix ();
    g_autofree char *base = g_strdup_printf ("%s%ld-XXXXXX", prefix, (long) getpid ());

    tmp = g_build_filename (folder, base, NULL);
  }
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

/* Checking a workbook ---------------------------------------------------- */

static guint
le16 (const guchar *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
le32 (const guchar *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

#define HEAD_BYTES 512
#define TAIL_BYTES 64

/* Whether the XML text whose first bytes are @head and last ones @tail
 * closes the element it opens. */
static gboolean
xml_is_whole (const char *head,
              gsize       head_len,
              const char *tail,
              gsize       tail_len)
{
  const char *p = head, *end = head + head_len, *name;
  char closing[80];
  gsize n;

  for (;;)
    {
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (end - p >= 2 && p[0] == '<' && (p[1] == '?' || p[1] == '!'))
        {
          const char *close = memchr (p, '>', end - p);
          if (close == NULL)
            return FALSE;
          p = close + 1;
          continue;
        }
      break;
    }
  if (p >= end || *p != '<')
    return FALSE;
  name = ++p;
  while (p < end && !g_ascii_isspace (*p) && *p != '>' && *p != '/')
    p++;
  if (p == name || (gsize) (p - name) + 4 > sizeof closing)
    return FALSE;
  g_snprintf (closing, sizeof closing, "</%.*s>", (int) (p - name), name);
  while (tail_len > 0 && g_ascii_isspace (tail[tail_len - 1]))
    tail_len--;
  n = strlen (closing);
  return tail_len >= n && memcmp (tail + tail_len - n, closing, n) == 0;
}

/* Inflates one part, keeping its first and last bytes; FALSE when the
 * data is not what the directory says. */
static gboolean
check_part (const guchar *data,
            gsize         compressed,
            guint         method,
            gsize         expected,
            gboolean      xml)
{
  g_autoptr(GZlibDecompressor) inflater = NULL;
  char head[HEAD_BYTES], tail[TAIL_BYTES], out[16384];
  gsize head_len = 0, tail_len = 0, total = 0;

  if (method == 0)
    {
      if (compressed != expected)
        return FALSE;
      return !xml || xml_is_whole ((const char *) data, MIN (compressed, HEAD_BYTES),
                           (const char *) data + compressed - MIN (compressed, TAIL_BYTES), MIN (compressed, TAIL_BYTES));
    }
  if (method != 8)
    return FALSE;
  inflater = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW);
  for (;;)
    {
      gsize read = 0, written = 0;
      GConverterResult r = g_converter_convert (G_CONVERTER (inflater), data, compressed, out, sizeof out,
                                                G_CONVERTER_INPUT_AT_END, &read, &written, NULL);

      if (r == G_CONVERTER_ERROR)
        return FALSE;
      data += read;
      compressed -= read;
      if (head_len < HEAD_BYTES)
        {
          gsize take = MIN (HEAD_BYTES - head_len, written);
          memcpy (head + head_len, out, take);
          head_len += take;
        }
      if (written >= TAIL_BYTES)
        {
          memcpy (tail, out + written - TAIL_BYTES, TAIL_BYTES);
          tail_len = TAIL_BYTES;
        }
      else if (written > 0)
        {
          gsize keep = MIN (tail_len, TAIL_BYTES - written);
          memmove (tail, tail + tail_len - keep, keep);
          memcpy (tail + keep, out, written);
          tail_len = keep + written;
        }
      total += written;
      if (r == G_CONVERTER_FINISHED)
        break;
      if (read == 0 && written == 0)
        return FALSE;   /* the data ends before the stream does */
    }
  return total == expected && (!xml || xml_is_whole (head, head_len, tail, tail_len));
}

gboolean
kefu_safe_file_check_xlsx (KefuSafeFile  *file,
                           GError       **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  const guchar *zip, *eocd = NULL, *cd;
  gsize size;
  guint entries;

  g_return_val_if_fail (file != NULL && file->tmp != NULL, FALSE);
  mapped = g_mapped_file_new (file->tmp, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, local_error->message);
      return FALSE;
    }
  zip = (const guchar *) g_mapped_file_get_contents (mapped);
  size = g_mapped_file_get_length (mapped);
  /* the end-of-central-directory record, within its comment's reach of the end */
  for (gsize i = size >= 22 ? size - 22 : 0; size >= 22 && i + 65557 >= size; i--)
    {
      if (le32 (zip + i) == 0x06054b50)
        {
          eocd = zip + i;
          break;
        }
      if (i == 0)
        break;
    }
  if (eocd == NULL)
    goto broken;
  entries = le16 (eocd + 10);
  if (le32 (eocd + 16) == 0xffffffff || entries == 0xffff)
    return TRUE;   /* zip64: not what Kefu writes; nothing to check against */
  if ((gsize) le32 (eocd + 16) + le32 (eocd + 12) > (gsize) (eocd - zip))
    goto broken;
  cd = zip + le32 (eocd + 16);
  for (guint e = 0; e < entries; e++)
    {
      guint method, name_len;
      gsize compressed, expected, local;
      const guchar *data;
      gboolean xml;

      if (cd + 46 > eocd || le32 (cd) != 0x02014b50)
        goto broken;
      method = le16 (cd + 10);
      compressed = le32 (cd + 20);
      expected = le32 (cd + 24);
      name_len = le16 (cd + 28);
      local = le32 (cd + 42);
      if (cd + 46 + name_len > eocd || local + 30 > size || le32 (zip + local) != 0x04034b50)
        goto broken;
      data = zip + local + 30 + le16 (zip + local + 26) + le16 (zip + local + 28);
      if (data + compressed > zip + size)
        goto broken;
      /* the parts of a workbook are XML (.xml, .rels), pictures aside */
      xml = (name_len > 4 && memcmp (cd + 46 + name_len - 4, ".xml", 4) == 0) ||
            (name_len > 5 && memcmp (cd + 46 + name_len - 5, ".rels", 5) == 0);
      if (!check_part (data, compressed, method, expected, xml))
        goto broken;
      cd += 46 + name_len + le16 (cd + 30) + le16 (cd + 32);
    }
  return TRUE;

broken:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("the spreadsheet came out incomplete (is the disk or the temporary folder full?)"));
  return FALSE;
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
