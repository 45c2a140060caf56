/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-xlsx.c — an XLSX workbook written whole or not at all */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kefu-xlsx.h"

lxw_workbook *
kefu_xlsx_begin (KefuXlsx    *xlsx,
                 const char  *path,
                 GQuark       domain,
                 int          code,
                 GError     **error)
{
  return kefu_xlsx_begin_with (xlsx, path, KEFU_XLSX_DEFAULT, domain, code, error);
}

lxw_workbook *
kefu_xlsx_begin_with (KefuXlsx       *xlsx,
                      const char     *path,
                      KefuXlsxFlags   flags,
                      GQuark          domain,
                      int             code,
                      GError        **error)
{
  lxw_workbook_options options = { .constant_memory = (flags & KEFU_XLSX_LARGE) ? LXW_TRUE : LXW_FALSE,
                                   .tmpdir = NULL, .use_zip64 = LXW_FALSE };
  g_autoptr(GError) local_error = NULL;

  xlsx->file = (KefuSafeFile) { NULL, NULL };
  xlsx->book = NULL;
  xlsx->path = NULL;
  xlsx->domain = domain;
  xlsx->code = code;
  /* Written beside the target and renamed over it when complete. */
  if (!kefu_safe_file_begin (&xlsx->file, path, &local_error))
    {
      g_set_error (error, domain, code, _("Could not write “%s”: %s"), path, local_error->message);
      return NULL;
    }
  if ((flags & KEFU_XLSX_PRIVATE) && g_chmod (xlsx->file.tmp, 0600) != 0)
    {
      int saved_errno = errno;

      kefu_safe_file_abort (&xlsx->file);
      g_set_error (error, domain, code, _("Could not write “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  xlsx->book = workbook_new_opt (xlsx->file.tmp, &options);
  if (xlsx->book == NULL)
    {
      kefu_safe_file_abort (&xlsx->file);
      g_set_error (error, domain, code, _("Could not write “%s”."), path);
      return NULL;
    }
  xlsx->path = g_strdup (path);
  return xlsx->book;
}

gboolean
kefu_xlsx_commit (KefuXlsx  *xlsx,
                  GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_steal_pointer (&xlsx->path);
  lxw_error rc = workbook_close (g_steal_pointer (&xlsx->book));

  if (rc != LXW_NO_ERROR)
    {
      kefu_safe_file_abort (&xlsx->file);
      g_set_error (error, xlsx->domain, xlsx->code, _("Could not write “%s”: %s"), path, lxw_strerror (rc));
      return FALSE;
    }
  if (!kefu_safe_file_check_xlsx (&xlsx->file, &local_error) || !kefu_safe_file_commit (&xlsx->file, &local_error))
    {
      kefu_safe_file_abort (&xlsx->file);
      g_set_error (error, xlsx->domain, xlsx->code, _("Could not write “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

void
kefu_xlsx_abort (KefuXlsx *xlsx)
{
  lxw_workbook *book = g_steal_pointer (&xlsx->book);

  if (book != NULL)
    workbook_close (book);
  kefu_safe_file_abort (&xlsx->file);
  g_clear_pointer (&xlsx->path, g_free);
}

void
kefu_xlsx_write_row (lxw_worksheet      *sheet,
                     lxw_row_t           row,
                     char *const        *cells,
                     guint64             numbers,
                     lxw_format         *format)
{
  for (lxw_col_t c = 0; cells[c] != NULL; c++)
    {
      gboolean number = c < 64 && (numbers & KEFU_XLSX_NUMBER (c)) != 0;

      if (number && *cells[c] != '\0')
        worksheet_write_number (sheet, row, c, g_ascii_strtod (cells[c], NULL), format);
      else
        worksheet_write_string (sheet, row, c, cells[c], format);   /* "" is blank, or nothing */
    }
}
