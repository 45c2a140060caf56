/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import-csv.c — reading a CSV file: the text as UTF-8 (UTF-8 or
 * GB18030) and an RFC 4180 reader that counts physical lines
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-importer-private.h"
#include "kefu-privacy.h"

/* Reading the file ------------------------------------------------------- */

static guint
line_at (const char *text,
         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      line++;
  return line;
}

/* The file as UTF-8 without a BOM; *encoding says what it was. */
char *
kefu_import_load_text (const char          *path,
                       KefuImportEncoding   encoding,
                       const char         **encoding_out,
                       gsize               *length_out,
                       GError             **error)
{
  g_autofree char *raw = NULL;
  g_autoptr(GError) local_error = NULL;
  char *text;
  gsize len, start = 0;
  const char *end = NULL;

  if (!g_file_get_contents (path, &raw, &len, &local_error))
    {
      g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_READ,
                   _("The file “%s” cannot be read: %s"), path, local_error->message);
      return NULL;
    }
  if (len >= 2 && (((guchar) raw[0] == 0xff && (guchar) raw[1] == 0xfe) ||
                   ((guchar) raw[0] == 0xfe && (guchar) raw[1] == 0xff)))
    {
      g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_ENCODING,
                   _("The file “%s” is UTF-16 text (Excel’s “Unicode text”). "
                     "Save it as “CSV UTF-8 (comma delimited)” and import that."), path);
      return NULL;
    }
  if (len >= 3 && memcmp (raw, "\xef\xbb\xbf", 3) == 0)
    {
      start = 3;
      if (encoding == KEFU_IMPORT_ENCODING_AUTO)
        encoding = KEFU_IMPORT_ENCODING_UTF8;
    }
  if (encoding == KEFU_IMPORT_ENCODING_AUTO)
    encoding = g_utf8_validate_len (raw, len, NULL) ? KEFU_IMPORT_ENCODING_UTF8
                                                    : KEFU_IMPORT_ENCODING_GB18030;

  if (encoding == KEFU_IMPORT_ENCODING_UTF8)
    {
      if (!g_utf8_validate_len (raw + start, len - start, &end))
        {
          g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_ENCODING,
                       _("The file “%s” is not UTF-8 text (line %u has bytes that are not). "
                         "If Chinese Excel saved it, import it as GB18030."),
                       path, line_at (raw, end - raw));
          return NULL;
        }
      *encoding_out = "UTF-8";
      memmove (raw, raw + start, len - start + 1);   /* with the NUL g_file_get_contents() adds */
      *length_out = len - start;
      return g_steal_pointer (&raw);
    }

  {
    gsize bytes_read = 0, bytes_written = 0;

    text = g_convert (raw, len, "UTF-8", "GB18030", &bytes_read, &bytes_written, &local_error);
    if (text == NULL)
      {
        g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_ENCODING,
                     _("The file “%s” is neither UTF-8 nor GB18030 text (line %u). "
                       "Save it from Excel as “CSV UTF-8 (comma delimited)”."),
                     path, line_at (raw, MIN (bytes_read, len)));
        return NULL;
      }
    if (memchr (text, '\0', bytes_written) != NULL)
      {
        g_free (text);
        g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_ENCODING,
                     _("The file “%s” is not a text file."), path);
        return NULL;
      }
    if (bytes_written >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
      {
        memmove (text, text + 3, bytes_written - 2);
        bytes_written -= 3;
      }
    *encoding_out = "GB18030";
    *length_out = bytes_written;
    return text;
  }
}

void
kefu_csv_init (KefuCsvReader *r,
               const char    *text,
               gsize          len)
{
  r->p = text;
  r->end = text + len;
  r->line = 1;
  r->buf = g_string_sized_new (4096);
  r->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
}

void
kefu_csv_clear (KefuCsvReader *r)
{
  g_string_free (r->buf, TRUE);
  g_array_unref (r->offsets);
}

/* Reads one record; FALSE at the end of the text or on error (*error set).
 * *line is the physical line the record starts on. */
gboolean
kefu_csv_next (KefuCsvReader  *r,
               const char     *path,
               guint          *line,
               GError        **error)
{
  const char *p = r->p, *end = r->end;

  g_string_truncate (r->buf, 0);
  g_array_set_size (r->offsets, 0);
  *line = r->line;
  if (p >= end)
    return FALSE;

  for (;;)
    {
      guint offset = r->buf->len;

      g_array_append_val (r->offsets, offset);
      if (*p == '"')
        {
          guint quote_line = r->line;

          p++;
          for (;;)
            {
              const char *q = memchr (p, '"', end - p);

              if (q == NULL)
                {
                  g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_MALFORMED,
                               _("The file “%s” is not valid CSV: the quoted field that starts on line %u is never closed."),
                               path, quote_line);
                  return FALSE;
                }
              for (const char *c = p; c < q; c++)
                {
                  if (*c == '\n')
                    r->line++;
                  else if (*c == '\r' && c + 1 < q && c[1] == '\n')
                    continue;   /* CRLF inside a field becomes LF */
                  else if (*c == '\r')
                    {
                      /* so does a lone CR (old Mac line ends) */
                      r->line++;
                      g_string_append_c (r->buf, '\n');
                      continue;
                    }
                  g_string_append_c (r->buf, *c);
                }
              p = q + 1;
              if (p < end && *p == '"')
                {
                  g_string_append_c (r->buf, '"');
                  p++;
                  continue;
                }
              break;
            }
          /* anything between the closing quote and the separator is kept */
          while (p < end && *p != ',' && *p != '\n' && *p != '\r')
            g_string_append_c (r->buf, *p++);
        }
      else
        {
          const char *s = p;
          while (p < end && *p != ',' && *p != '\n' && *p != '\r')
            p++;
          g_string_append_len (r->buf, s, p - s);
        }
      /* the apostrophe an export put before a formula-like text (kefu-privacy.h) */
      g_string_append_c (r->buf, '\0');
      if (kefu_csv_has_apostrophe (r->buf->str + offset))
        g_string_erase (r->buf, offset, 1);

      if (p < end && *p == ',')
        {
          p++;
          continue;
        }
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      r->line++;
      break;
    }
  r->p = p;
  return TRUE;
}

/* Strips ASCII space and the full-width and no-break spaces, in place. */
char *
kefu_import_strip (char *s)
{
  char *e;

  for (;;)
    {
      if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
      else if (g_str_has_prefix (s, "\u3000"))
        s += 3;
      else if (g_str_has_prefix (s, "\u00a0"))
        s += 2;
      else
        break;
    }
  e = s + strlen (s);
  for (;;)
    {
      if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        e--;
      else if (e - s >= 3 && memcmp (e - 3, "\u3000", 3) == 0)
        e -= 3;
      else if (e - s >= 2 && memcmp (e - 2, "\u00a0", 2) == 0)
        e -= 2;
      else
        break;
    }
  *e = '\0';
  return s;
}

gboolean
kefu_csv_record_is_blank (KefuCsvReader *r)
{
  for (guint i = 0; i < kefu_csv_n_fields (r); i++)
    if (*kefu_import_strip (kefu_csv_field (r, i)) != '\0')
      return FALSE;
  return TRUE;
}
