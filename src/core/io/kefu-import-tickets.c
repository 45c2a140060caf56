/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import-tickets.c — one ticket row: its number, its milestones,
 * the ticket and its "created" event
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-desk.h"
#include "kefu-importer-private.h"

/* Tickets ---------------------------------------------------------------- */

static const int milestone_columns[] = {
  KEFU_TICKET_FIRST_RESPONSE_AT, KEFU_TICKET_DISPATCHED_AT, KEFU_TICKET_ACCEPTED_AT,
  KEFU_TICKET_ARRIVED_AT, KEFU_TICKET_RESOLVED_AT, KEFU_TICKET_CLOSED_AT,
  KEFU_TICKET_FOLLOWED_UP_AT, KEFU_TICKET_CANCELLED_AT,
};

/* Every number the file gives: read once, when a row without one needs a
 * number that no later row will claim. */
static gboolean
collect_numbers (TicketImport  *ti,
                 const char    *text,
                 gsize          len,
                 Header        *h,
                 GError       **error)
{
  KefuCsvReader r;
  guint line, field = 0;
  gboolean first = TRUE;

  ti->file_numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < h->n_fields; i++)
    if (h->field_column[i] == KEFU_TICKET_NUMBER)
      field = i;
  kefu_csv_init (&r, text, len);
  while (kefu_csv_next (&r, ti->path, &line, error))
    {
      if (first && !kefu_csv_record_is_blank (&r))
        first = FALSE;   /* the header */
      else if (field < kefu_csv_n_fields (&r))
        {
          const char *n = kefu_import_strip (kefu_csv_field (&r, field));
          if (*n != '\0')
            g_hash_table_add (ti->file_numbers, g_strdup (n));
        }
    }
  kefu_csv_clear (&r);
  return error == NULL || *error == NULL;
}

/* On a server, the day's next number from its counter (server migration
 * 30: kefu_next_ticket_number(), as a desk's intake takes one), past
 * those the file gives itself; the counter is raised in the import's
 * transaction, so a refused or rolled-back import gives none away. */
static char *
server_number (TicketImport  *ti,
               const char    *day,
               GError       **error)
{
  g_autofree char *prefix = g_strdup_printf ("GD%s", day);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (ti->im->store, "SELECT kefu_next_ticket_number(?1)", error);

  if (stmt == NULL)
    return NULL;
  for (;;)
    {
      KefuQueryStep rc;
      char *number;

      kefu_query_bind_text (stmt, 1, prefix);
      rc = kefu_query_step (ti->im->store, stmt, error);

      if (rc != KEFU_QUERY_ROW)
        {
          if (rc == KEFU_QUERY_DONE)
            g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL,
                         "kefu_next_ticket_number(%s) gave no number", prefix);
          return NULL;
        }
      number = g_strdup (kefu_query_get_text (stmt, 0));
      kefu_query_reset (stmt);
      if (!g_hash_table_contains (ti->file_numbers, number) && !g_hash_table_contains (ti->seen, number))
        return number;
      g_free (number);
    }
}

/* A number the file gives: on a server the day's counter is raised to it
 * (kefu_claim_ticket_number()), so no desk is given it later. */
static gboolean
claim_number (TicketImport  *ti,
              const char    *number,
              GError       **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!kefu_store_is_server (ti->im->store))
    return TRUE;
  stmt = kefu_query_prepare (ti->im->store, "SELECT kefu_claim_ticket_number(?1)", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, number);
  return kefu_query_run (ti->im->store, stmt, error);
}

/* GD + the local day + a sequence, like the desk's own numbers. */
static char *
generate_number (TicketImport  *ti,
                 gint64         created_at,
                 GError       **error)
{
  char when[20], day[9];
  guint seq;

  kefu_export_format_time (created_at, ti->im->tz, when);
  g_snprintf (day, sizeof day, "%.4s%.2s%.2s", when, when + 5, when + 8);
  if (kefu_store_is_server (ti->im->store))
    return server_number (ti, day, error);
  seq = GPOINTER_TO_UINT (g_hash_table_lookup (ti->day_seq, day));
  for (;;)
    {
      char *number = g_strdup_printf ("GD%s%04u", day, ++seq);

      if (!g_hash_table_contains (ti->file_numbers, number) &&
          !g_hash_table_contains (ti->seen, number) &&
          (!ti->db_has_tickets || kefu_desk_find_ticket (ti->im->store, number) == 0))
        {
          g_hash_table_insert (ti->day_seq, g_strdup (day), GUINT_TO_POINTER (seq));
          return number;
        }
      g_free (number);
    }
}

static gboolean
insert_created_event (TicketImport  *ti,
                      gint64         ticket_id,
                      gint64         at,
                      GError       **error)
{
  KefuBulkRows *rows = ti->events;

  kefu_bulk_rows_int (rows, ticket_id);
  kefu_bulk_rows_int (rows, at);
  kefu_bulk_rows_id (rows, kefu_store_get_actor (ti->im->store));
  kefu_bulk_rows_text (rows, "created");
  kefu_bulk_rows_text (rows, "new");
  kefu_bulk_rows_text (rows, ti->event_body);
  return kefu_bulk_rows_end_row (rows, error);
}

/* The index in milestone_columns (and a row's times) of @column */
static guint
milestone_index (int column)
{
  for (guint m = 0; m < G_N_ELEMENTS (milestone_columns); m++)
    if (milestone_columns[m] == column)
      return m;
  g_assert_not_reached ();
}

/* What the status says has happened must have its time, and a time must
 * not say more than the status: Kefu's own tickets hold these (a reopen
 * clears resolved_at and closed_at; a rating comes with the call-back). */
static void
ticket_milestones (Row          *row,
                   const char   *status,
                   const gint64 *times,
                   int           satisfaction)
{
  static const struct { const char *status; int column; } needs[] = {
    { "resolved", KEFU_TICKET_RESOLVED_AT },
    { "closed", KEFU_TICKET_CLOSED_AT },
    { "cancelled", KEFU_TICKET_CANCELLED_AT },
  };
  static const struct { int column; const char *statuses[3]; } allows[] = {
    { KEFU_TICKET_RESOLVED_AT, { "resolved", "closed", NULL } },
    { KEFU_TICKET_CLOSED_AT, { "closed", NULL } },
    { KEFU_TICKET_CANCELLED_AT, { "cancelled", NULL } },
  };
  const char *const *v = row->v;
  const char *label = kefu_code_label (KEFU_CODES_STATUS, status);
  gint64 resolved = times[milestone_index (KEFU_TICKET_RESOLVED_AT)];
  gint64 closed = times[milestone_index (KEFU_TICKET_CLOSED_AT)];
  gint64 followed = times[milestone_index (KEFU_TICKET_FOLLOWED_UP_AT)];

  for (guint i = 0; i < G_N_ELEMENTS (needs); i++)
    if (g_str_equal (status, needs[i].status) && times[milestone_index (needs[i].column)] == 0)
      kefu_import_row_problem (row, needs[i].column, _("The ticket’s status is “%s”, so it needs this time; it is empty."), label);
  for (guint i = 0; i < G_N_ELEMENTS (allows); i++)
    if (times[milestone_index (allows[i].column)] != 0 &&
        !g_strv_contains ((const char *const *) allows[i].statuses, status))
      kefu_import_row_problem (row, allows[i].column, _("“%s” says the ticket got this far, but its status is “%s”."),
                               v[allows[i].column], label);
  if (resolved != 0 && closed != 0 && closed < resolved)
    kefu_import_row_problem (row, KEFU_TICKET_CLOSED_AT, _("“%s” is before the ticket was resolved (%s)."),
                             v[KEFU_TICKET_CLOSED_AT], v[KEFU_TICKET_RESOLVED_AT]);
  if (satisfaction != 0 && followed == 0 && closed == 0)
    kefu_import_row_problem (row, KEFU_TICKET_SATISFACTION,
                             _("“%s” is a rating, but the ticket was never called back nor closed (no “%s” or “%s”)."),
                             v[KEFU_TICKET_SATISFACTION], kefu_import_column_name (row->h, KEFU_TICKET_FOLLOWED_UP_AT),
                             kefu_import_column_name (row->h, KEFU_TICKET_CLOSED_AT));
}

/* Checks one row and, when it is good, writes it. FALSE only for errors
 * that stop the whole import (the database failed). */
gboolean
kefu_import_ticket_row (TicketImport  *ti,
                        Row           *row,
                        const char    *text,
                        gsize          len,
                        GError       **error)
{
  Importer *im = ti->im;
  const char *const *v = row->v;
  const char *channel, *kind, *subtype, *status, *phone;
  g_autofree char *number = NULL;
  gint64 created_at, times[G_N_ELEMENTS (milestone_columns)], updated_at;
  int level = 3, satisfaction = 0, reopen_count = 0;
  gint64 estate, building = 0, unit = 0, agent = 0, team = 0, technician = 0, id;
  Owner *owner = NULL;
  const char *location, *contact_name;
  KefuBulkRows *t;
  guint n_problems;

  /* Check everything first: a bad row writes nothing. */
  kefu_import_row_require (row, KEFU_TICKET_CREATED_AT);
  kefu_import_row_require (row, KEFU_TICKET_KIND);
  kefu_import_row_require (row, KEFU_TICKET_CHANNEL);
  kefu_import_row_require (row, KEFU_TICKET_DESCRIPTION);
  created_at = kefu_import_row_time (row, KEFU_TICKET_CREATED_AT);
  channel = kefu_import_row_code (row, KEFU_TICKET_CHANNEL, KEFU_CODES_CHANNEL);
  kind = kefu_import_row_code (row, KEFU_TICKET_KIND, KEFU_CODES_KIND);
  subtype = kefu_import_row_code (row, KEFU_TICKET_SUBTYPE, KEFU_CODES_SUBTYPE);
  if (*v[KEFU_TICKET_LEVEL] != '\0')
    {
      const char *code = kefu_import_parse_code (KEFU_CODES_LEVEL, v[KEFU_TICKET_LEVEL], im->scratch);
      if (code != NULL)
        level = code[0] - '0';
      else
        kefu_import_row_problem (row, KEFU_TICKET_LEVEL, _("“%s” is not a level (use 1, 2 or 3)"), v[KEFU_TICKET_LEVEL]);
    }
  status = kefu_import_row_code (row, KEFU_TICKET_STATUS, KEFU_CODES_STATUS);
  n_problems = im->report->problems->len;
  if (status == NULL)
    status = *v[KEFU_TICKET_STATUS] == '\0' ? "new" : NULL;
  for (guint m = 0; m < G_N_ELEMENTS (milestone_columns); m++)
    {
      times[m] = kefu_import_row_time (row, milestone_columns[m]);
      if (times[m] != 0 && created_at != 0 && times[m] < created_at)
        kefu_import_row_problem (row, milestone_columns[m], _("“%s” is before the ticket was created (%s)."),
                                 v[milestone_columns[m]], v[KEFU_TICKET_CREATED_AT]);
    }
  if (*v[KEFU_TICKET_SATISFACTION] != '\0' && !kefu_import_parse_int (v[KEFU_TICKET_SATISFACTION], 1, 5, &satisfaction))
    kefu_import_row_problem (row, KEFU_TICKET_SATISFACTION, _("“%s” is not a satisfaction score (use 1 to 5)"),
                             v[KEFU_TICKET_SATISFACTION]);
  /* The milestones must tell the story the status ends: only when the
   * status and every time could be read. */
  if (status != NULL && created_at != 0 && im->report->problems->len == n_problems)
    ticket_milestones (row, status, times, satisfaction);
  if (*v[KEFU_TICKET_REOPEN_COUNT] != '\0' && !kefu_import_parse_int (v[KEFU_TICKET_REOPEN_COUNT], 0, 1000, &reopen_count))
    kefu_import_row_problem (row, KEFU_TICKET_REOPEN_COUNT, _("“%s” is not a count (use a whole number, 0 or more)"),
                             v[KEFU_TICKET_REOPEN_COUNT]);
  phone = kefu_import_row_phone (row, KEFU_TICKET_OWNER_PHONE, ti->phone);
  if (*v[KEFU_TICKET_UNIT] != '\0' && *v[KEFU_TICKET_BUILDING] == '\0')
    kefu_import_row_problem (row, KEFU_TICKET_UNIT, _("“%s” is a unit, but the row gives no building (column “%s”)."),
                             v[KEFU_TICKET_UNIT], kefu_import_column_name (row->h, KEFU_TICKET_BUILDING));
  else if (*v[KEFU_TICKET_LOCATION] == '\0' && (*v[KEFU_TICKET_BUILDING] == '\0' || *v[KEFU_TICKET_UNIT] == '\0'))
    kefu_import_row_problem (row, KEFU_TICKET_LOCATION, _("The ticket has no place: give “%s”, or both “%s” and “%s”."),
                             kefu_import_column_name (row->h, KEFU_TICKET_LOCATION), kefu_import_column_name (row->h, KEFU_TICKET_BUILDING),
                             kefu_import_column_name (row->h, KEFU_TICKET_UNIT));
  if (*v[KEFU_TICKET_TECHNICIAN] != '\0' && *v[KEFU_TICKET_TEAM] == '\0' &&
      !g_hash_table_contains (im->technician_names, v[KEFU_TICKET_TECHNICIAN]))
    kefu_import_row_problem (row, KEFU_TICKET_TECHNICIAN,
                             _("“%s” is not a technician Kefu knows, and the row names no team (column “%s”) to add them to."),
                             v[KEFU_TICKET_TECHNICIAN], kefu_import_column_name (row->h, KEFU_TICKET_TEAM));
  /* a person on a server: people are made by an administrator with a
   * password of their own (kefu_create_person()), never by an import */
  if (im->masked && *v[KEFU_TICKET_AGENT] != '\0' && !g_hash_table_contains (im->users, v[KEFU_TICKET_AGENT]))
    kefu_import_row_problem (row, KEFU_TICKET_AGENT,
                             _("“%s” is not a person on this server: an administrator adds them under People, "
                               "or leave the column empty."), v[KEFU_TICKET_AGENT]);
  if (row->bad)
    return TRUE;

  /* The number last: only good rows claim one. */
  if (*v[KEFU_TICKET_NUMBER] != '\0')
    {
      guint first = GPOINTER_TO_UINT (g_hash_table_lookup (ti->seen, v[KEFU_TICKET_NUMBER]));

      if (first != 0)
        kefu_import_row_problem (row, KEFU_TICKET_NUMBER, _("Ticket number “%s” is also on line %u."),
                                 v[KEFU_TICKET_NUMBER], first);
      else if (ti->db_has_tickets && kefu_desk_find_ticket (im->store, v[KEFU_TICKET_NUMBER]) != 0)
        kefu_import_row_problem (row, KEFU_TICKET_NUMBER, _("Ticket number “%s” is already in the database."),
                                 v[KEFU_TICKET_NUMBER]);
      if (row->bad)
        return TRUE;
      number = g_strdup (v[KEFU_TICKET_NUMBER]);
      if (!claim_number (ti, number, error))
        return FALSE;
    }
  else
    {
      if (ti->file_numbers == NULL && ti->has_numbers && !collect_numbers (ti, text, len, row->h, error))
        return FALSE;
      if (ti->file_numbers == NULL)
        ti->file_numbers = g_hash_table_new (g_str_hash, g_str_equal);
      number = generate_number (ti, created_at, error);
      if (number == NULL)
        return FALSE;
    }
  g_hash_table_insert (ti->seen, g_strdup (number), GUINT_TO_POINTER (row->line));

  /* Then find or create what it refers to. */
  estate = kefu_importer_ensure_estate (im, v[KEFU_TICKET_ESTATE], error);
  if (estate == 0)
    return FALSE;
  if (*v[KEFU_TICKET_BUILDING] != '\0' && (building = kefu_importer_ensure_building (im, estate, v[KEFU_TICKET_BUILDING], error)) == 0)
    return FALSE;
  if (*v[KEFU_TICKET_UNIT] != '\0' && (unit = kefu_importer_ensure_unit (im, building, v[KEFU_TICKET_UNIT], error)) == 0)
    return FALSE;
  location = v[KEFU_TICKET_LOCATION];
  if (*location == '\0')
    {
      g_string_printf (ti->location, "%s%s", v[KEFU_TICKET_BUILDING], v[KEFU_TICKET_UNIT]);
      location = ti->location->str;
    }

  /* A new owner belongs to the unit of the row that named them first; a
   * later ticket for another unit (the flat below) does not make them its
   * owner. */
  if (!kefu_importer_find_owner (im, v[KEFU_TICKET_OWNER_NAME], phone, unit, &owner, error))
    return FALSE;
  if (owner == NULL && *v[KEFU_TICKET_OWNER_NAME] != '\0' && (*phone != '\0' || unit != 0))
    {
      owner = kefu_importer_create_owner (im, v[KEFU_TICKET_OWNER_NAME], phone, NULL, error);
      if (owner == NULL || (unit != 0 && !kefu_importer_link_owner_unit (im, owner, unit, "owner", error)))
        return FALSE;
    }
  /* The contact is kept when it is not the owner (a tenant, a relative). */
  contact_name = owner != NULL && g_str_equal (owner->name, v[KEFU_TICKET_OWNER_NAME]) ? NULL
                 : v[KEFU_TICKET_OWNER_NAME];

  if (*v[KEFU_TICKET_AGENT] != '\0' && (agent = kefu_importer_ensure_user (im, v[KEFU_TICKET_AGENT], error)) == 0)
    return FALSE;
  if (*v[KEFU_TICKET_TEAM] != '\0' && (team = kefu_importer_ensure_team (im, v[KEFU_TICKET_TEAM], error)) == 0)
    return FALSE;
  if (*v[KEFU_TICKET_TECHNICIAN] != '\0' &&
      (technician = kefu_importer_ensure_technician (im, team, v[KEFU_TICKET_TECHNICIAN], error)) == 0)
    return FALSE;

  updated_at = created_at;
  for (guint m = 0; m < G_N_ELEMENTS (times); m++)
    updated_at = MAX (updated_at, times[m]);

  t = ti->tickets;
  kefu_bulk_rows_text (t, number);
  kefu_bulk_rows_text (t, channel);
  kefu_bulk_rows_text (t, kind);
  kefu_bulk_rows_text_or_null (t, subtype);
  kefu_bulk_rows_int (t, level);
  kefu_bulk_rows_int (t, estate);
  kefu_bulk_rows_id (t, building);
  kefu_bulk_rows_id (t, unit);
  kefu_bulk_rows_text (t, location);
  kefu_bulk_rows_id (t, owner != NULL ? owner->id : 0);
  kefu_bulk_rows_text_or_null (t, contact_name);
  kefu_bulk_rows_text_or_null (t, phone);
  kefu_bulk_rows_text (t, v[KEFU_TICKET_DESCRIPTION]);
  kefu_bulk_rows_text (t, status);
  kefu_bulk_rows_id (t, agent);
  kefu_bulk_rows_id (t, team);
  kefu_bulk_rows_id (t, technician);
  kefu_bulk_rows_id (t, kefu_store_get_actor (im->store));
  kefu_bulk_rows_int (t, created_at);
  for (guint m = 0; m < G_N_ELEMENTS (times); m++)
    kefu_bulk_rows_id (t, times[m]);
  kefu_bulk_rows_id (t, satisfaction);
  kefu_bulk_rows_int (t, reopen_count);
  kefu_bulk_rows_text_or_null (t, v[KEFU_TICKET_HOLD_REASON]);
  kefu_bulk_rows_text_or_null (t, v[KEFU_TICKET_CANCEL_REASON]);
  kefu_bulk_rows_text_or_null (t, v[KEFU_TICKET_FOLLOWUP_COMMENT]);
  kefu_bulk_rows_int (t, updated_at);
  if (!kefu_bulk_rows_end_keyed_row (t, &id, error))
    return FALSE;
  g_array_append_val (ti->ids, id);
  return insert_created_event (ti, id, created_at, error);
}
