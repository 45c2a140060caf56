/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import-row.c — a file's header and one row's cells, checked
 * against the column rules; a bad cell becomes a problem naming its line
 * and column
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-importer-private.h"

/* The header ------------------------------------------------------------- */

void
kefu_import_header_clear (Header *h)
{
  g_free (h->field_column);
  if (h->header != NULL)
    for (guint s = 0; s < h->n_specs; s++)
      g_free (h->header[s]);   /* NULL holes: not a GStrv */
  g_free (h->header);
}

/* Reads the first non-blank record as the header; unknown columns are
 * warnings; a column given twice is an error. */
gboolean
kefu_import_read_header (KefuCsvReader           *r,
                         const char              *path,
                         const KefuImportFormat  *format,
                         Header                  *h,
                         KefuImportReport        *report,
                         GError                 **error)
{
  const KefuColumnSpec *specs = format->columns;
  guint n_specs = format->n_columns;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) key = g_string_new (NULL);
  guint line;

  for (guint s = 0; s < n_specs; s++)
    {
      g_autofree char *all = g_strdup_printf ("%s|%s%s%s", specs[s].name, specs[s].chinese,
                                              specs[s].aliases ? "|" : "", specs[s].aliases ? specs[s].aliases : "");
      g_auto(GStrv) parts = g_strsplit (all, "|", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          kefu_import_normalize_key (parts[i], key);
          g_hash_table_insert (names, g_strdup (key->str), GUINT_TO_POINTER (s + 1));
        }
    }

  do
    {
      if (!kefu_csv_next (r, path, &line, error))
        {
          if (error == NULL || *error == NULL)
            g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER,
                         _("The file “%s” is empty: it has no header row."), path);
          return FALSE;
        }
    }
  while (kefu_csv_record_is_blank (r));

  h->specs = specs;
  h->rules = format->rules;
  h->n_specs = n_specs;
  h->n_fields = kefu_csv_n_fields (r);
  h->field_column = g_new (int, h->n_fields);
  h->header = g_new0 (char *, n_specs);

  for (guint i = 0; i < h->n_fields; i++)
    {
      const char *text = kefu_import_strip (kefu_csv_field (r, i));
      guint s;

      kefu_import_normalize_key (text, key);
      s = GPOINTER_TO_UINT (g_hash_table_lookup (names, key->str));
      h->field_column[i] = (int) s - 1;
      if (s == 0)
        {
          if (*text != '\0')
            kefu_import_report_add (report, line, text, KEFU_IMPORT_SEVERITY_WARNING,
                                    g_strdup (_("Kefu does not know this column; it was ignored.")));
          continue;
        }
      if (h->header[s - 1] != NULL)
        {
          g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER,
                       _("In “%s”, the columns “%s” and “%s” both give “%s”: keep one of them."),
                       path, h->header[s - 1], text, specs[s - 1].name);
          return FALSE;
        }
      h->header[s - 1] = g_strdup (text);
    }
  return TRUE;
}

gboolean
kefu_import_require_column (Header      *h,
                            const char  *path,
                            guint        column,
                            GError     **error)
{
  if (h->header[column] != NULL)
    return TRUE;
  g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER,
               _("The file “%s” has no column “%s” (or “%s”), which every row needs."),
               path, h->specs[column].name, h->specs[column].chinese);
  return FALSE;
}

/* The header's spelling of a column, for messages */
const char *
kefu_import_column_name (Header *h,
                         guint   column)
{
  return h->header[column] != NULL ? h->header[column] : h->specs[column].name;
}

/* One row ---------------------------------------------------------------- */

/* An error of @column (-1: of the whole row); the row is not imported. */
void
kefu_import_row_problem (Row        *row,
                         int         column,
                         const char *format,
                         ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  kefu_import_report_add (row->im->report, row->line, column >= 0 ? kefu_import_column_name (row->h, column) : NULL,
                          KEFU_IMPORT_SEVERITY_ERROR, message);
  row->bad = TRUE;
}

/* The first control character of @text (tab and line feed allowed when
 * @multiline), with its position in characters from 1; 0 when none. */
gunichar
kefu_import_find_control (const char *text,
                          gboolean    multiline,
                          glong      *position)
{
  glong i = 1;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p);

      if (multiline && (c == '\t' || c == '\n'))
        continue;
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        {
          *position = i;
          return c;
        }
    }
  return 0;
}

/* Splits a record into the row's columns; extra non-empty fields are an
 * error (most often a comma in a field that lost its quotes), and so are
 * control characters and values longer than their column takes. */
void
kefu_import_row_fill (Row       *row,
                      KefuCsvReader *r)
{
  Header *h = row->h;
  const ColumnRule *rules = h->rules;
  guint n = kefu_csv_n_fields (r);

  for (guint c = 0; c < h->n_specs; c++)
    row->v[c] = "";
  for (guint i = 0; i < n; i++)
    {
      char *text = kefu_import_strip (kefu_csv_field (r, i));

      if (i >= h->n_fields)
        {
          if (*text != '\0')
            {
              kefu_import_row_problem (row, -1,
                                       _("The row has %u fields but the header has %u: does a field with a comma lack its quotes?"),
                                       n, h->n_fields);
              return;
            }
        }
      else if (h->field_column[i] >= 0)
        {
          int c = h->field_column[i];
          guint max = rules[c].max_chars != 0 ? rules[c].max_chars : DEFAULT_MAX_CHARS;
          glong length = g_utf8_strlen (text, -1), at = 0;
          gunichar control = kefu_import_find_control (text, rules[c].multiline, &at);

          row->v[c] = text;
          /* (the value is not quoted back: it is what is wrong with it) */
          if (control != 0)
            kefu_import_row_problem (row, c, _("The value has a control character (U+%04X) at character %ld; remove it."),
                                     (guint) control, at);
          else if (length > (glong) max)
            kefu_import_row_problem (row, c, _("The value has %ld characters; this column takes at most %u."), length, max);
        }
    }
}

/* The code of a code column, NULL when empty or wrong (then reported). */
const char *
kefu_import_row_code (Row  *row,
                      int   column,
                      guint list)
{
  const char *text = row->v[column];
  const char *code;
  g_autofree char *allowed = NULL;

  if (*text == '\0')
    return NULL;
  code = kefu_import_parse_code (list, text, row->im->scratch);
  if (code != NULL)
    return code;
  allowed = kefu_import_allowed_values (list);
  switch (list)
    {
    case KEFU_CODES_CHANNEL:
      kefu_import_row_problem (row, column, _("“%s” is not a channel; use one of: %s"), text, allowed);
      break;
    case KEFU_CODES_KIND:
      kefu_import_row_problem (row, column, _("“%s” is not a kind of ticket; use one of: %s"), text, allowed);
      break;
    case KEFU_CODES_SUBTYPE:
      kefu_import_row_problem (row, column, _("“%s” is not a subtype; use one of: %s"), text, allowed);
      break;
    case KEFU_CODES_STATUS:
      kefu_import_row_problem (row, column, _("“%s” is not a status; use one of: %s"), text, allowed);
      break;
    case RELATION_LIST:
      kefu_import_row_problem (row, column, _("“%s” is not a relation to the unit; use one of: %s"), text, allowed);
      break;
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

gint64
kefu_import_row_time (Row *row,
                      int  column)
{
  const char *text = row->v[column];
  gint64 t;

  if (*text == '\0')
    return 0;
  if (!kefu_import_parse_time (text, row->im->tz, &t))
    {
      kefu_import_row_problem (row, column, _("“%s” is not a date and time (use YYYY-MM-DD HH:MM, e.g. 2026-11-25 09:30)"), text);
      return 0;
    }
  if (t < row->im->oldest)
    {
      kefu_import_row_problem (row, column, _("“%s” is before the year 2000: Kefu takes dates from 2000-01-01 on."), text);
      return 0;
    }
  if (t > row->im->latest)
    {
      char now[20];

      kefu_export_format_time (row->im->now, row->im->tz, now);
      kefu_import_row_problem (row, column, _("“%s” is in the future: more than a day after now (%s)."), text, now);
      return 0;
    }
  return t;
}

gboolean
kefu_import_parse_int (const char *text,
                       guint64     min,
                       guint64     max,
                       int        *out)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &v, NULL))
    return FALSE;
  *out = (int) v;
  return TRUE;
}

/* "1.38123E+10": what Excel makes of a long number in a General column */
static gboolean
looks_rounded_by_excel (const char *text)
{
  const char *p = text;

  if (!g_ascii_isdigit (*p++))
    return FALSE;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if ((*p != 'E' && *p != 'e') || p[1] != '+' || !g_ascii_isdigit (p[2]))
    return FALSE;
  for (p += 2; g_ascii_isdigit (*p); p++)
    ;
  return *p == '\0';
}

/* A phone number without spaces, dashes or brackets; "" when empty, NULL
 * when it is not a number (reported). @buf holds the result. */
const char *
kefu_import_row_phone (Row     *row,
                       int      column,
                       GString *buf)
{
  const char *text = row->v[column];

  g_string_truncate (buf, 0);
  if (*text == '\0')
    return "";
  if (looks_rounded_by_excel (text))
    {
      kefu_import_row_problem (row, column,
                               _("“%s” is a phone number that Excel turned into a rounded number; "
                     "format the column as text in Excel and save the file again."), text);
      return NULL;
    }
  if (!kefu_import_normalize_phone (text, buf))
    {
      kefu_import_row_problem (row, column, _("“%s” is not a phone number."), text);
      return NULL;
    }
  return buf->str;
}

void
kefu_import_row_require (Row *row,
                         int  column)
{
  if (*row->v[column] == '\0')
    kefu_import_row_problem (row, column, _("The value is missing; every row needs one."));
}
