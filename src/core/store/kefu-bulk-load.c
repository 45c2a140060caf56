/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bulk-load.c — writing many tickets at once: what each row would
 * check, checked once for all of them
 *
 * Row by row, two things cost most of an INSERT into tickets beyond the
 * row itself (callgrind, a 5,000-row import):
 *
 *  - the CHECK constraints with IN lists (channel, kind, sub-type,
 *    status; an event's kind): SQLite evaluates each with a temporary
 *    b-tree built for that row, about half of the INSERT;
 *  - the roll-up's insert triggers (schema v9), which mark the row's day
 *    and, for a complaint, the days of the complaints it repeats;
 *  - (cheaper, off with them) the order mark's trigger (schema v37),
 *    whose mark the end sets again over the new rows in one query.
 *
 * Between kefu_bulk_load_begin() and kefu_bulk_load_end(), inside the
 * caller's transaction, this connection skips both; the end checks every
 * new row against the same CHECKs in one query (kefu_schema_bulk_check_sql)
 * and marks the same days in two (kefu_kpi_mark_new_tickets). A row that
 * breaks a CHECK fails the load, as it failed the INSERT before, and the
 * caller rolls back. Foreign keys, NOT NULL and UNIQUE are still checked
 * row by row. Other connections are not affected: they cannot write
 * while the load holds the write lock.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-kpi-private.h"
#include "kefu-schema.h"
#include "kefu-store-private.h"

static gint64
next_id (KefuStore   *store,
         const char  *sql,
         GError     **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      kefu_store_set_error (store, rc, error);
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0) + 1;
}

static void
set_row_checks (KefuStore *store,
                gboolean   on)
{
  sqlite3 *db = kefu_store_get_db (store);

  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on ? 1 : 0, NULL);
  sqlite3_exec (db, on ? "PRAGMA ignore_check_constraints = OFF" : "PRAGMA ignore_check_constraints = ON",
                NULL, NULL, NULL);
}

/* Call inside the load's transaction, before its first ticket. */
gboolean
kefu_bulk_load_begin (KefuStore     *store,
                      KefuBulkLoad  *load,
                      GError       **error)
{
  load->store = store;
  load->active = FALSE;
  /* a server checks and marks each row as it goes in (its triggers,
   * server migration 27): nothing to skip, nothing SQLite's to touch */
  if (kefu_store_is_server (store))
    return TRUE;
  g_return_val_if_fail (sqlite3_get_autocommit (kefu_store_get_db (store)) == 0, FALSE);
  if (!kefu_store_get_bulk_load_enabled (store))
    return TRUE;
  /* no ticket written in the load has an id below these: new rows get
   * the next id after the largest */
  if ((load->first_ticket = next_id (store, "SELECT coalesce(max(id), 0) FROM tickets", error)) == 0 ||
      (load->first_event = next_id (store, "SELECT coalesce(max(id), 0) FROM ticket_events", error)) == 0)
    return FALSE;
  set_row_checks (store, FALSE);
  load->active = TRUE;
  return TRUE;
}

/* Checks and marks what the rows skipped; on failure the caller rolls
 * back. Either way the connection checks row by row again. */
gboolean
kefu_bulk_load_end (KefuBulkLoad  *load,
                    GError       **error)
{
  KefuStore *store = load->store;
  gint64 bad;

  if (!load->active)
    return TRUE;
  kefu_bulk_load_abort (load);

  {
    KEFU_AUTO_STMT *check = kefu_store_prepare (store, kefu_schema_bulk_check_sql (), error);
    int rc;

    if (check == NULL)
      return FALSE;
    sqlite3_bind_int64 (check, 1, load->first_ticket);
    sqlite3_bind_int64 (check, 2, load->first_event);
    rc = sqlite3_step (check);
    if (rc != SQLITE_ROW)
      {
        kefu_store_set_error (store, rc, error);
        return FALSE;
      }
    bad = sqlite3_column_int64 (check, 0);
  }
  if (bad > 0)
    {
      /* the message an INSERT that broke one gave */
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The change was refused by the database “%s”: %s."),
                   kefu_store_get_path (store), "CHECK constraint failed");
      return FALSE;
    }
  /* the order mark (schema v37), whose triggers were off too: raised
   * over the new rows that come in creation order after it */
  {
    KEFU_AUTO_STMT *mark = kefu_store_prepare (store, kefu_schema_order_mark_sql (FALSE), error);
    int rc;

    if (mark == NULL)
      return FALSE;
    sqlite3_bind_int64 (mark, 1, load->first_ticket - 1);
    rc = sqlite3_step (mark);
    if (rc != SQLITE_DONE)
      {
        kefu_store_set_error (store, rc, error);
        return FALSE;
      }
  }
  /* the tickets' topic, counted once for the load (the row triggers were off) */
  if (!kefu_store_exec (store, "UPDATE store_changes SET seq = seq + 1 WHERE topic = 'tickets'", error))
    return FALSE;
  return kefu_kpi_mark_new_tickets (store, load->first_ticket, error);
}

/* Back to row-by-row checks without checking the load (it is being
 * rolled back). */
void
kefu_bulk_load_abort (KefuBulkLoad *load)
{
  if (!load->active)
    return;
  set_row_checks (load->store, TRUE);
  load->active = FALSE;
}
