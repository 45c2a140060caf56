/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-export.c — tickets to CSV and XLSX (see kefu-export.h)
 *
 * The columns are kefu_ticket_columns (kefu-import.c), the importer's own
 * table, so whatever is exported can be imported again.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kefu-auth.h"
#include "kefu-audit.h"
#include "kefu-export.h"
#include "kefu-import-private.h"
#include "kefu-privacy.h"
#include "kefu-query.h"
#include "kefu-safe-file.h"
#include "kefu-store-private.h"
#include "kefu-user.h"
#include "kefu-xlsx.h"

G_DEFINE_QUARK (kefu-export-error-quark, kefu_export_error)

#define FLUSH_BYTES (64 * 1024)

/* In the order of KefuTicketColumn; @phone the contact's phone. */
#define SELECT_COLUMNS_WITH(phone) \
  "SELECT t.number, t.created_at, t.channel, t.kind, t.subtype, t.level, e.name, b.name, u.name, " \
  "t.location, coalesce(t.contact_name, o.name), " phone ", t.description, " \
  "t.status, ag.name, tm.name, tc.name, t.first_response_at, t.dispatched_at, t.accepted_at, " \
  "t.arrived_at, t.resolved_at, t.closed_at, t.satisfaction, t.reopen_count, t.followed_up_at, " \
  "t.cancelled_at, t.hold_reason, t.cancel_reason, t.followup_comment "
#define SELECT_COLUMNS SELECT_COLUMNS_WITH ("coalesce(t.contact_phone, o.phone)")
/* A person signed in to a server reads no phone column: the server's
 * masked view gives them (kefu-server-rights.sql), as the desk shows them */
#define SELECT_COLUMNS_MASKED \
  SELECT_COLUMNS_WITH ("(SELECT coalesce(nullif(m.contact_phone, ''), nullif(m.owner_phone, '')) " \
                       "FROM tickets_masked m WHERE m.id = t.id)")
#define JOINS \
  "LEFT JOIN estates e ON e.id = t.estate_id " \
  "LEFT JOIN buildings b ON b.id = t.building_id " \
  "LEFT JOIN units u ON u.id = t.unit_id " \
  "LEFT JOIN owners o ON o.id = t.owner_id " \
  "LEFT JOIN users ag ON ag.id = t.agent_id " \
  "LEFT JOIN teams tm ON tm.id = t.team_id " \
  "LEFT JOIN technicians tc ON tc.id = t.technician_id "

static const char select_sql[] =
  SELECT_COLUMNS "FROM tickets t " JOINS
  "WHERE t.created_at >= ?1 AND t.created_at < ?2 "
  "ORDER BY t.created_at, t.id";

/* The same, for the tickets of a query, in the query's order. */
static const char select_query_sql[] =
  SELECT_COLUMNS "FROM temp.export_ids x JOIN tickets t ON t.id = x.id " JOINS
  "WHERE t.created_at >= ?1 AND t.created_at < ?2 "
  "ORDER BY x.pos";

static const char select_masked_sql[] =
  SELECT_COLUMNS_MASKED "FROM tickets t " JOINS
  "WHERE t.created_at >= ?1 AND t.created_at < ?2 "
  "ORDER BY t.created_at, t.id";

static const char select_query_masked_sql[] =
  SELECT_COLUMNS_MASKED "FROM temp.export_ids x JOIN tickets t ON t.id = x.id " JOINS
  "WHERE t.created_at >= ?1 AND t.created_at < ?2 "
  "ORDER BY x.pos";

/* The ids of @query, in order, into a temporary table of this connection
 * (nothing is written to the database file). */
static gboolean
fill_export_ids (KefuStore             *store,
                 const KefuTicketQuery *query,
                 GError               **error)
{
  g_autoptr(GArray) ids = kefu_desk_query_ticket_ids (store, query, NULL, error);
  KEFU_AUTO_QUERY *insert = NULL;
  g_autoptr(KefuTransaction) tx = NULL;

  if (ids == NULL ||
      !kefu_store_exec (store, "CREATE TEMP TABLE IF NOT EXISTS export_ids (pos INTEGER PRIMARY KEY, id INTEGER NOT NULL);"
                               "DELETE FROM temp.export_ids", error))
    return FALSE;
  insert = kefu_query_prepare (store, "INSERT INTO temp.export_ids (pos, id) VALUES (?1, ?2)", error);
  if (insert == NULL || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      kefu_query_bind_int (insert, 1, i);
      kefu_query_bind_int (insert, 2, g_array_index (ids, gint64, i));
      if (!kefu_query_run (store, insert, error))
        return FALSE;
    }
  return kefu_transaction_commit (tx, error);
}

static gint64
range_to (const KefuExportOptions *options)
{
  return options->to > 0 ? options->to : G_MAXINT64;
}

/* How many tickets the export will write. */
gint64
kefu_export_count_tickets (KefuStore                *store,
                           const KefuExportOptions  *options,
                           GError                  **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  if (options->query != NULL)
    {
      KefuTicketQuery q = *options->query;

      if (options->from > 0)
        q.from = MAX (q.from, options->from);
      if (options->to > 0)
        q.to = q.to > 0 ? MIN (q.to, options->to) : options->to;
      return kefu_desk_count_tickets (store, &q, error);
    }
  stmt = kefu_query_prepare (store, "SELECT count(*) FROM tickets WHERE created_at >= ?1 AND created_at < ?2", error);

  if (stmt == NULL)
    return -1;
  kefu_query_bind_int (stmt, 1, options->from);
  kefu_query_bind_int (stmt, 2, range_to (options));
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    return -1;   /* count(*) always gives a row */
  return kefu_query_get_int (stmt, 0);
}

/* CSV -------------------------------------------------------------------- */

static void
append_field (GString    *line,
              const char *text)
{
  gsize len = strlen (text);
  gboolean quote = len > 0 && (strpbrk (text, ",\"\r\n") != NULL ||
                               g_ascii_isspace (text[0]) || g_ascii_isspace (text[len - 1]));

  if (!quote)
    {
      g_string_append_len (line, text, len);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

/* Personal data: the export is its owner's only (0600), whatever the umask
 * or the mode of a file it replaces. */
static gboolean
private_file (KefuSafeFile  *file,
              GError       **error)
{
  if (g_chmod (file->tmp, 0600) == 0)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errno), g_strerror (errno));
  return FALSE;
}

/* A text cell: masked unless the export is full, and never a formula. */
static char *
cell_text (const KefuExportOptions *options,
           guint                    column,
           const char              *text)
{
  if (!options->full)
    switch (column)
      {
      case KEFU_TICKET_OWNER_NAME:
        return kefu_mask_name (text);
      case KEFU_TICKET_OWNER_PHONE:
        return kefu_mask_phone (text);
      case KEFU_TICKET_DESCRIPTION:
      case KEFU_TICKET_HOLD_REASON:
      case KEFU_TICKET_CANCEL_REASON:
      case KEFU_TICKET_FOLLOWUP_COMMENT:
        return kefu_mask_phones_in_text (text);
      default:
        break;
      }
  return g_strdup (text);
}

static void
append_text_cell (GString    *line,
                  const char *text)
{
  if (kefu_csv_needs_apostrophe (text))
    {
      g_autofree char *neutral = g_strconcat ("'", text, NULL);
      append_field (line, neutral);
    }
  else
    append_field (line, text);
}

static gboolean
write_csv (KefuStore                *store,
           KefuQuery             *stmt,
           const KefuExportOptions  *options,
           gint64                    total,
           KefuProgressFunc          progress,
           gpointer                  user_data,
           GCancellable             *cancellable,
           GError                  **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GString) buf = g_string_sized_new (FLUSH_BYTES + 4096);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GError) local_error = NULL;
  KefuSafeFile file = { NULL, NULL };
  gint64 n = 0;
  KefuQueryStep rc;

  /* Written to a temporary file that replaces the target when complete. */
  if (!kefu_safe_file_begin (&file, options->path, &local_error) ||
      !private_file (&file, &local_error) ||
      (out = kefu_safe_file_open_stream (&file, &local_error)) == NULL)
    goto write_failed;

  g_string_append (buf, "\xef\xbb\xbf");
  for (guint c = 0; c < KEFU_TICKET_N_COLUMNS; c++)
    {
      if (c > 0)
        g_string_append_c (buf, ',');
      append_field (buf, options->chinese_headers ? kefu_ticket_columns[c].chinese : kefu_ticket_columns[c].name);
    }
  g_string_append (buf, "\r\n");

  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      for (guint c = 0; c < KEFU_TICKET_N_COLUMNS; c++)
        {
          if (c > 0)
            g_string_append_c (buf, ',');
          if (kefu_query_is_null (stmt, c))
            continue;
          switch (kefu_ticket_columns[c].type)
            {
            case KEFU_COLUMN_TIME:
              {
                char when[20];
                kefu_export_format_time (kefu_query_get_int (stmt, c), local, when);
                g_string_append (buf, when);
              }
              break;
            case KEFU_COLUMN_LEVEL:
            case KEFU_COLUMN_COUNT:
            case KEFU_COLUMN_SCORE:
              /* numbers as they are */
              append_field (buf, kefu_query_get_text (stmt, c));
              break;
            case KEFU_COLUMN_TEXT:
            case KEFU_COLUMN_CODE:
            default:
              {
                g_autofree char *text = cell_text (options, c, kefu_query_get_text (stmt, c));
                append_text_cell (buf, text);
              }
              break;
            }
        }
      g_string_append (buf, "\r\n");

      if (buf->len >= FLUSH_BYTES)
        {
          if (!g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, &local_error))
            goto write_failed;
          g_string_truncate (buf, 0);
        }
      if ((++n & 0x3ff) == 0 && progress != NULL)
        progress ((double) n / MAX (total, 1), _("Exporting tickets…"), user_data);
    }
  if (rc == KEFU_QUERY_FAILED)
    {
      g_output_stream_close (out, NULL, NULL);
      kefu_safe_file_abort (&file);
      return FALSE;
    }
  if (!g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, &local_error) ||
      !g_output_stream_close (out, cancellable, &local_error) ||
      !kefu_safe_file_commit (&file, &local_error))
    goto write_failed;
  return TRUE;

write_failed:
  if (out != NULL)
    g_output_stream_close (out, NULL, NULL);
  kefu_safe_file_abort (&file);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, KEFU_EXPORT_ERROR, KEFU_EXPORT_ERROR_WRITE,
                 _("The file “%s” cannot be written: %s"), options->path, local_error->message);
  return FALSE;
}

/* XLSX ------------------------------------------------------------------- */

static gboolean
write_xlsx (KefuStore                *store,
            KefuQuery             *stmt,
            const KefuExportOptions  *options,
            gint64                    total,
            KefuProgressFunc          progress,
            gpointer                  user_data,
            GCancellable             *cancellable,
            GError                  **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  KefuXlsx xlsx;
  lxw_workbook *wb;
  lxw_worksheet *ws;
  lxw_format *header, *date;
  lxw_row_t row = 0;
  KefuQueryStep rc;

  if (total >= LXW_ROW_MAX)
    {
      g_set_error (error, KEFU_EXPORT_ERROR, KEFU_EXPORT_ERROR_TOO_MANY,
                   _("%lld tickets do not fit in one spreadsheet (at most %u rows): "
                     "export a shorter period, or to CSV."),
                   (long long) total, (guint) LXW_ROW_MAX - 1);
      return FALSE;
    }
  /* A temporary file beside the target (the owner's only), renamed over
   * it when complete; rows go out as they are read. */
  wb = kefu_xlsx_begin_with (&xlsx, options->path, KEFU_XLSX_LARGE | KEFU_XLSX_PRIVATE,
                             KEFU_EXPORT_ERROR, KEFU_EXPORT_ERROR_WRITE, error);
  if (wb == NULL)
    return FALSE;
  ws = workbook_add_worksheet (wb, "工单");
  header = workbook_add_format (wb);
  format_set_bold (header);
  format_set_bg_color (header, 0xE8EEF7);
  format_set_bottom (header, LXW_BORDER_THIN);
  date = workbook_add_format (wb);
  format_set_num_format (date, "yyyy-mm-dd hh:mm:ss");
  format_set_align (date, LXW_ALIGN_LEFT);

  for (guint c = 0; c < KEFU_TICKET_N_COLUMNS; c++)
    worksheet_set_column (ws, c, c, kefu_ticket_columns[c].width, NULL);
  worksheet_freeze_panes (ws, 1, 0);
  for (guint c = 0; c < KEFU_TICKET_N_COLUMNS; c++)
    worksheet_write_string (ws, 0, c, kefu_ticket_columns[c].chinese, header);

  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      row++;
      for (guint c = 0; c < KEFU_TICKET_N_COLUMNS; c++)
        {
          const KefuColumnSpec *spec = &kefu_ticket_columns[c];
          const char *text;

          if (kefu_query_is_null (stmt, c))
            continue;
          text = kefu_query_get_text (stmt, c);
          switch (spec->type)
            {
            case KEFU_COLUMN_TIME:
              /* Excel has no time zones: it gets the local wall-clock time. */
              worksheet_write_unixtime (ws, row, c,
                                        kefu_export_local_seconds (kefu_query_get_int (stmt, c), local), date);
              break;
            case KEFU_COLUMN_CODE:
              worksheet_write_string (ws, row, c, kefu_import_chinese_name (spec->list, text), NULL);
              break;
            case KEFU_COLUMN_LEVEL:
              worksheet_write_string (ws, row, c, kefu_import_chinese_name (KEFU_CODES_LEVEL, text), NULL);
              break;
            case KEFU_COLUMN_COUNT:
            case KEFU_COLUMN_SCORE:
              worksheet_write_number (ws, row, c, kefu_query_get_int (stmt, c), NULL);
              break;
            case KEFU_COLUMN_TEXT:
            default:
              /* always a string cell, never a formula, whatever it begins with */
              if (*text != '\0')
                {
                  g_autofree char *shown = cell_text (options, c, text);
                  worksheet_write_string (ws, row, c, shown, NULL);
                }
              break;
            }
        }
      if ((row & 0x3ff) == 0)
        {
          if (g_cancellable_is_cancelled (cancellable))
            break;
          if (progress != NULL)
            progress ((double) row / MAX (total, 1), _("Exporting tickets…"), user_data);
        }
    }
  if (rc == KEFU_QUERY_FAILED || g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      kefu_xlsx_abort (&xlsx);
      return FALSE;
    }
  worksheet_autofilter (ws, 0, 0, row, KEFU_TICKET_N_COLUMNS - 1);
  return kefu_xlsx_commit (&xlsx, error);
}

/**
 * kefu_export_tickets:
 *
 * Writes the tickets created in [from, to) to @options->path, oldest
 * first. On failure or cancellation an existing file at that path is
 * left as it was.
 */
gboolean
kefu_export_tickets (KefuStore                *store,
                     const KefuExportOptions  *options,
                     KefuProgressFunc          progress,
                     gpointer                  user_data,
                     GCancellable             *cancellable,
                     GError                  **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 total;
  gboolean ok;

  g_return_val_if_fail (KEFU_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL && options->path != NULL, FALSE);

  /* the rows carry owners' names, phone numbers and addresses: masked for
   * any signed-in user, in full only with the right to export them */
  if (!kefu_store_require_actor (store, error) ||
      (options->full && !kefu_auth_require (store, KEFU_PERMISSION_EXPORT_PERSONAL, error)))
    return FALSE;
  total = kefu_export_count_tickets (store, options, error);
  if (total < 0)
    return FALSE;
  {
    /* who takes what out, before a row is written: the format and the count */
    g_autofree char *detail = g_strdup_printf ("format=%s rows=%" G_GINT64_FORMAT,
                                               options->format == KEFU_EXPORT_XLSX ? "xlsx" : "csv", total);

    if (!kefu_audit_append (store, kefu_store_get_actor (store),
                            options->full ? "export_tickets_full" : "export_tickets", "tickets", 0, detail, error))
      return FALSE;
  }
  if (options->query != NULL && !fill_export_ids (store, options->query, error))
    return FALSE;
  if (kefu_store_masks_phones (store))
    stmt = kefu_query_prepare (store, options->query != NULL ? select_query_masked_sql : select_masked_sql, error);
  else
    stmt = kefu_query_prepare (store, options->query != NULL ? select_query_sql : select_sql, error);
  if (stmt == NULL)
    return FALSE;
  /* a server tells its statement's columns only once it ran */
  g_assert (kefu_store_is_server (store) || kefu_query_column_count (stmt) == KEFU_TICKET_N_COLUMNS);
  kefu_query_bind_int (stmt, 1, options->from);
  kefu_query_bind_int (stmt, 2, range_to (options));

  if (progress != NULL)
    progress (0.0, _("Exporting tickets…"), user_data);
  if (options->format == KEFU_EXPORT_XLSX)
    ok = write_xlsx (store, stmt, options, total, progress, user_data, cancellable, error);
  else
    ok = write_csv (store, stmt, options, total, progress, user_data, cancellable, error);
  if (ok && progress != NULL)
    progress (1.0, _("Done"), user_data);
  return ok;
}
