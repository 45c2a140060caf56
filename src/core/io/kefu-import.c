/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import.c — tickets and owners from CSV files (see kefu-import.h)
 *
 * The whole file is read into memory and converted to UTF-8 once; a small
 * RFC 4180 reader walks it record by record, counting physical lines so
 * every problem can say where it is. All rows go into one transaction
 * with cached statements; places, owners, users, teams and technicians
 * are looked up in hash tables loaded once, and created when missing.
 *
 * This file runs an import; its parts are in kefu-import-csv.c (reading
 * the file), -format (the columns and codes), -row (the header and the
 * checks of each cell), -lookup (places and people), -tickets and
 * -owners (one row of each kind) and -report (kefu-importer-private.h).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-importer-private.h"
#include "kefu-search.h"

G_DEFINE_QUARK (kefu-import-error-quark, kefu_import_error)

/* The import ------------------------------------------------------------- */

typedef enum { IMPORT_TICKETS, IMPORT_OWNERS } ImportKind;

/* The search index for the new tickets: row by row for a few, rebuilt in
 * one pass when the import is most of the database. */
static gboolean
index_tickets (KefuStore  *store,
               GArray     *ids,
               GError    **error)
{
  gint64 total = kefu_store_count_rows (store, "tickets", error);

  if (total < 0)
    return FALSE;
  if (ids->len > 2000 && ids->len * 2 >= total)
    return kefu_search_rebuild (store, error);
  for (guint i = 0; i < ids->len; i++)
    if (!kefu_search_index_ticket (store, g_array_index (ids, gint64, i), error))
      return FALSE;
  return TRUE;
}

static KefuImportReport *
run_import (KefuStore                *store,
            const char               *path,
            const KefuImportOptions  *options,
            ImportKind                kind,
            KefuProgressFunc          progress,
            gpointer                  user_data,
            GCancellable             *cancellable,
            GError                  **error)
{
  static const KefuImportOptions defaults = { KEFU_IMPORT_ENCODING_AUTO, FALSE, FALSE };
  g_autoptr(KefuImportReport) report = g_object_new (KEFU_TYPE_IMPORT_REPORT, NULL);
  g_autofree char *text = NULL;
  g_autofree char *file_name = NULL;
  g_autoptr(GString) phone = g_string_new (NULL);
  const char *message = kind == IMPORT_TICKETS ? _("Importing tickets…") : _("Importing owners…");
  const KefuImportFormat *format = kind == IMPORT_TICKETS ? &kefu_import_ticket_format
                                                          : &kefu_import_owner_format;
  Importer im = { 0 };
  TicketImport ti = { 0 };
  KefuBulkLoad load = { 0 };
  KefuTransaction *tx = NULL;
  Header h = { 0 };
  KefuCsvReader r;
  gsize len;
  guint line, n = 0;
  gboolean ok = FALSE, commit;

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  if (options == NULL)
    options = &defaults;
  text = kefu_import_load_text (path, options->encoding, &report->encoding, &len, error);
  if (text == NULL)
    return NULL;
  kefu_csv_init (&r, text, len);

  if (!kefu_import_read_header (&r, path, format, &h, report, error))
    goto out;
  for (const int *column = format->required; *column >= 0; column++)
    if (!kefu_import_require_column (&h, path, (guint) *column, error))
      goto out;
  if (kind == IMPORT_TICKETS && h.header[KEFU_TICKET_LOCATION] == NULL &&
      (h.header[KEFU_TICKET_BUILDING] == NULL || h.header[KEFU_TICKET_UNIT] == NULL))
    {
      g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER,
                   _("The file “%s” has no column “location” (位置), nor both “building” (楼栋) "
                     "and “unit” (房号): every ticket needs a place."), path);
      goto out;
    }

  im.store = store;
  /* a person signed in to a server (#20): the server's rights hold, and
   * owners are found by phone through it (kefu-import-lookup.c) */
  im.masked = kefu_store_masks_phones (store);
  im.report = report;
  im.path = path;
  im.tz = g_time_zone_new_local ();
  im.key = g_string_new (NULL);
  im.scratch = g_string_new (NULL);
  im.now = kefu_store_now (store);
  if (!kefu_import_parse_time (OLDEST_DATE, im.tz, &im.oldest))
    g_assert_not_reached ();
  im.latest = im.now + DAY_SECONDS;
  file_name = g_path_get_basename (path);
  ti.im = &im;
  ti.path = path;
  ti.event_body = g_strdup_printf (_("Imported from %s"), file_name);
  ti.has_numbers = h.header[KEFU_TICKET_NUMBER] != NULL;
  ti.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ti.day_seq = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ti.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  ti.phone = g_string_new (NULL);
  ti.location = g_string_new (NULL);

  /* (with room in the page cache for the indexes a big import touches) */
  kefu_store_set_bulk_mode (store, TRUE);
  /* one audit entry for the import, not one per timeline event */
  kefu_audit_set_events (store, FALSE);
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    goto out;
  if (!kefu_importer_load (&im, error))
    goto rollback;
  ti.db_has_tickets = kefu_store_count_rows (store, "tickets", NULL) != 0;
  if (kind == IMPORT_TICKETS)
    {
      if (!kefu_bulk_load_begin (store, &load, error))
        goto rollback;
      ti.tickets = kefu_bulk_rows_new_keyed (&load, "tickets",
          "number, channel, kind, subtype, level, estate_id, building_id, unit_id, "
          "location, owner_id, contact_name, contact_phone, description, status, agent_id, team_id, "
          "technician_id, created_by, created_at, first_response_at, dispatched_at, accepted_at, "
          "arrived_at, resolved_at, closed_at, followed_up_at, cancelled_at, satisfaction, reopen_count, "
          "hold_reason, cancel_reason, followup_comment, updated_at", 33);
      ti.events = kefu_bulk_rows_new (&load, "ticket_events", "ticket_id, at, user_id, kind, to_status, body", 6);
      kefu_bulk_rows_set_parent (ti.events, ti.tickets);
    }

  while (kefu_csv_next (&r, path, &line, error))
    {
      Row row = { &im, &h, line, FALSE, { NULL } };

      if (kefu_csv_record_is_blank (&r))
        continue;
      report->n_rows++;
      kefu_import_row_fill (&row, &r);
      if (!row.bad &&
          !(kind == IMPORT_TICKETS ? kefu_import_ticket_row (&ti, &row, text, len, error)
                                   : kefu_import_owner_row (&im, &row, phone, error)))
        goto rollback;
      if (row.bad)
        report->n_bad++;
      else
        report->n_good++;

      if ((++n & 0x3ff) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto rollback;
          if (progress != NULL)
            progress (0.95 * (r.p - text) / MAX (len, 1), message, user_data);
        }
    }
  if (error != NULL && *error != NULL)
    goto rollback;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto rollback;
  if (report->n_rows == 0)
    {
      g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER,
                   _("The file “%s” has no rows below its header: there is nothing to import."), path);
      goto rollback;
    }

  commit = !options->dry_run && (report->n_bad == 0 || options->skip_bad);
  report->outcome = options->dry_run ? KEFU_IMPORT_OUTCOME_DRY_RUN
                    : commit ? KEFU_IMPORT_OUTCOME_IMPORTED : KEFU_IMPORT_OUTCOME_REFUSED;
  if (!commit)
    {
      kefu_bulk_load_abort (&load);
      g_clear_pointer (&tx, kefu_transaction_free);   /* rolled back */
      ok = TRUE;
      goto out;
    }
  if (kind == IMPORT_TICKETS)
    {
      if (progress != NULL)
        progress (0.96, _("Updating the search index…"), user_data);
      /* the last sets (the events' flushes their tickets' first) */
      if (!kefu_bulk_rows_flush (ti.events, error) ||
          !kefu_bulk_load_end (&load, error) ||
          !index_tickets (store, ti.ids, error))
        goto rollback;
    }
  {
    g_autofree char *detail = g_strdup_printf ("rows=%u skipped=%u", report->n_good, report->n_bad);

    if (!kefu_audit_append (store, kefu_store_get_actor (store),
                            format->audit_action, format->audit_target, 0, detail, error))
      goto rollback;
  }
  if (!kefu_transaction_commit (tx, error))
    goto out;
  report->n_imported = report->n_good;
  report->n_skipped = report->n_bad;
  ok = TRUE;
  if (progress != NULL)
    progress (1.0, _("Done"), user_data);
  goto out;

rollback:
  kefu_bulk_load_abort (&load);
  g_clear_pointer (&tx, kefu_transaction_free);   /* rolled back */
out:
  g_clear_pointer (&tx, kefu_transaction_free);
  kefu_bulk_load_abort (&load);
  kefu_audit_set_events (store, TRUE);
  kefu_store_set_bulk_mode (store, FALSE);
  kefu_csv_clear (&r);
  kefu_import_header_clear (&h);
  kefu_importer_clear (&im);
  g_free (ti.event_body);
  g_clear_pointer (&ti.file_numbers, g_hash_table_unref);
  g_clear_pointer (&ti.seen, g_hash_table_unref);
  g_clear_pointer (&ti.day_seq, g_hash_table_unref);
  g_clear_pointer (&ti.ids, g_array_unref);
  g_clear_pointer (&ti.events, kefu_bulk_rows_free);
  g_clear_pointer (&ti.tickets, kefu_bulk_rows_free);
  if (ti.phone != NULL)
    g_string_free (ti.phone, TRUE);
  if (ti.location != NULL)
    g_string_free (ti.location, TRUE);
  return ok ? g_steal_pointer (&report) : NULL;
}

/**
 * kefu_import_tickets:
 *
 * Imports the tickets of a CSV file as history: each keeps the status and
 * milestones the file gives, and gets one "created" event at its creation
 * time. Missing buildings, units, owners, agents, teams and technicians
 * are created. Returns a report (also when rows were bad and nothing was
 * imported: see its outcome), or NULL with @error set when the file cannot
 * be read as a ticket file or the database fails.
 */
KefuImportReport *
kefu_import_tickets (KefuStore                *store,
                     const char               *path,
                     const KefuImportOptions  *options,
                     KefuProgressFunc          progress,
                     gpointer                  user_data,
                     GCancellable             *cancellable,
                     GError                  **error)
{
  return run_import (store, path, options, IMPORT_TICKETS, progress, user_data, cancellable, error);
}

/**
 * kefu_import_owners:
 *
 * Imports owners, tenants and family members with their units, tags and
 * preferred channel. A row whose phone (else name in the same unit)
 * matches an owner adds to that owner instead of creating another.
 */
KefuImportReport *
kefu_import_owners (KefuStore                *store,
                    const char               *path,
                    const KefuImportOptions  *options,
                    KefuProgressFunc          progress,
                    gpointer                  user_data,
                    GCancellable             *cancellable,
                    GError                  **error)
{
  return run_import (store, path, options, IMPORT_OWNERS, progress, user_data, cancellable, error);
}
